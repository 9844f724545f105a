//! Practice: edit the workspace file in $EDITOR, run the card's tests (the screen stays live
//! while they run), read each test's result, reveal hints, show the reference solution (recorded),
//! reset to the starter, and confirm the grade the result suggests.

use crate::content::Card;
use crate::practice::{self, Effort, Report, Run};
use crate::schedule::Grade;
use crate::study::{AttemptRecord, ReviewSource, Study};
use crate::tui::effect::Effect;
use crate::tui::keys::{
    PRACTICE, PRACTICE_CONFIRM, PRACTICE_RESET, PracticeConfirmKey, PracticeKey, PracticeResetKey,
    help, lookup,
};
use anyhow::Result;
use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;
use std::path::PathBuf;

pub struct PracticeState {
    pub card_id: String,
    pub file: PathBuf,
    pub(super) started: DateTime<Utc>,
    pub(super) run: Option<Run>,
    pub(super) run_started: DateTime<Utc>,
    pub report: Option<Report>,
    pub hints: usize,
    pub solution_shown: bool,
    pub(super) show_solution: bool,
    pub scroll: u16,
    /// Grade prompt: the suggestion and why.
    pub confirm: Option<(Grade, String)>,
    pub confirm_reset: bool,
    pub graded: Option<Grade>,
    pub(super) now: DateTime<Utc>,
    pub(super) message: Option<String>,
    /// The explanation the AI interviewer grades (inert when `[ai]` is off).
    pub ai: super::review_ai::ReviewAi,
}

impl PracticeState {
    pub fn new(study: &Study, card: &Card, now: DateTime<Utc>) -> Result<PracticeState> {
        let file = practice::ensure_workspace(&study.settings.data_dir, card)?;
        Ok(PracticeState {
            card_id: card.id.clone(),
            file,
            started: now,
            run: None,
            run_started: now,
            report: None,
            hints: 0,
            solution_shown: false,
            show_solution: false,
            scroll: 0,
            confirm: None,
            confirm_reset: false,
            graded: None,
            now,
            message: None,
            ai: super::practice_ai::practice_ai(study.ai().is_some()),
        })
    }

    pub fn effort(&self, now: DateTime<Utc>) -> Effort {
        Effort {
            elapsed: now - self.started,
            hints: self.hints,
            solution_shown: self.solution_shown,
        }
    }

    pub fn running(&self) -> bool {
        self.run.is_some()
    }

    /// Starts the tests on the current workspace file.
    pub fn start_run(&mut self, study: &Study, now: DateTime<Utc>) {
        let Some(card) = study.card(&self.card_id) else {
            return;
        };
        self.run = Some(Run::start(card, &self.file, practice::run_config(study)));
        self.run_started = now;
        self.message = None;
    }

    /// Polls a running test process; asks to record the attempt when it ends.
    pub fn tick(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        self.now = now;
        let Some(run) = self.run.as_mut() else {
            return Vec::new();
        };
        run.poll();
        if !run.is_done() {
            return Vec::new();
        }
        let report = run.report().clone();
        self.run = None;
        self.message = Some(if report.all_passed() {
            format!("all {} tests pass: press g to grade", report.total())
        } else if let Some(f) = &report.fatal {
            f.clone()
        } else {
            format!("{} of {} tests pass", report.passed(), report.total())
        });
        // Once per session: no sandbox contains deck code, and how to get one.
        if let (Some(m), Some(n)) = (self.message.as_mut(), &report.notice) {
            m.push_str(&format!(" · note: {n}"));
        }
        self.report = Some(report.clone());
        self.scroll = 0;
        vec![Effect::RecordAttempt(AttemptRecord {
            card_id: self.card_id.clone(),
            started_at: self.started,
            report,
            effort: self.effort(now),
        })]
    }

    fn grade(&self, grade: Grade, now: DateTime<Utc>) -> Vec<Effect> {
        vec![Effect::Grade {
            card: self.card_id.clone(),
            grade,
            spent: self.effort(now).elapsed,
            source: ReviewSource::Practice,
        }]
    }

    /// The app reset the workspace to the starter.
    pub fn workspace_reset(&mut self) {
        self.report = None;
        self.message = Some("workspace reset to the starter".into());
    }

    /// Handles a key: the grade prompt and the reset question take it first.
    pub fn on_key(&mut self, key: KeyEvent, study: &Study, now: DateTime<Utc>) -> Vec<Effect> {
        self.now = now;
        if let Some((suggested, _)) = &self.confirm {
            let suggested = *suggested;
            return match lookup(PRACTICE_CONFIRM, key) {
                Some(PracticeConfirmKey::Accept) => self.grade(suggested, now),
                Some(PracticeConfirmKey::Grade(g)) => self.grade(g, now),
                Some(PracticeConfirmKey::Cancel) => {
                    self.confirm = None;
                    Vec::new()
                }
                None => Vec::new(),
            };
        }
        if self.confirm_reset {
            self.confirm_reset = false;
            return match lookup(PRACTICE_RESET, key) {
                Some(PracticeResetKey::Reset) => {
                    vec![Effect::ResetWorkspace(self.card_id.clone())]
                }
                None => {
                    self.message = Some("reset cancelled".into());
                    Vec::new()
                }
            };
        }
        let Some(key) = lookup(PRACTICE, key) else {
            return Vec::new();
        };
        let hints = study.card(&self.card_id).map_or(0, |c| c.hints.len());
        let budget = study.card(&self.card_id).map_or(0, |c| c.budget_minutes());
        match key {
            PracticeKey::Edit | PracticeKey::Reset if self.running() => {
                return vec![Effect::Status("tests are running; wait a moment".into())];
            }
            PracticeKey::Edit => return vec![Effect::EditWorkspace(self.file.clone())],
            PracticeKey::Run if self.run.is_none() => return vec![Effect::RunTests],
            PracticeKey::Run => {}
            PracticeKey::Hint if self.hints < hints => self.hints += 1,
            PracticeKey::Hint => self.message = Some("no more hints".into()),
            PracticeKey::Solution => {
                self.show_solution = !self.show_solution;
                if self.show_solution && !self.solution_shown {
                    self.solution_shown = true;
                    self.message = Some("solution shown: recorded with this attempt".into());
                }
            }
            PracticeKey::Reset => {
                self.confirm_reset = true;
                self.message = Some("reset the workspace to the starter? your code will be replaced: press y to confirm".into());
            }
            PracticeKey::GradePrompt => {
                let empty = Report::default();
                let report = self.report.as_ref().unwrap_or(&empty);
                self.confirm = Some(practice::suggested_grade(report, &self.effort(now), budget));
            }
            PracticeKey::Down => self.scroll = self.scroll.saturating_add(1),
            PracticeKey::Up => self.scroll = self.scroll.saturating_sub(1),
            PracticeKey::PageDown => self.scroll = self.scroll.saturating_add(10),
            PracticeKey::PageUp => self.scroll = self.scroll.saturating_sub(10),
            PracticeKey::Search => return vec![Effect::Search],
            PracticeKey::Help => return vec![Effect::Help],
            PracticeKey::Back => return vec![Effect::Back],
            PracticeKey::Type => return self.ai_type(),
            PracticeKey::Ask => return self.ai_ask(),
        }
        Vec::new()
    }

    /// The help of the keys that act now.
    pub fn help(&self) -> Vec<(&'static str, &'static str)> {
        if self.confirm.is_some() {
            help(PRACTICE_CONFIRM)
        } else if self.confirm_reset {
            help(PRACTICE_RESET)
        } else if self.ai.typing {
            let mut h = vec![("typing", "keys go to your explanation")];
            h.extend(help(crate::tui::keys::REVIEW_TYPING));
            h
        } else {
            crate::tui::keys::help_where(PRACTICE, |k| self.ai.on || !k.needs_ai())
        }
    }
}
