//! The mock screens' state and behaviour: plan, timed segments with an answer box, the round
//! review (answer beside reference, key-point checklist, rubric with caps), the final report.
//! Every answer, hint and score is saved through the store as it happens. Drawing lives in
//! `mock_view`.

use crate::mock::plan::{MockPlan, add_extra_round};
use crate::mock::score::{self, Verdict};
use crate::mock::session::{MockRun, Notice, Phase};
use crate::practice::{self, Run};
use crate::study::Study;
use crate::tui::app::Action;
use anyhow::Result;
use chrono::{DateTime, Duration, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;

/// Where the round review is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewStep {
    /// Going through the round's cards: (index into the round's card items, selected point).
    Cards { card: usize, point: usize },
    /// Scoring the rubric: the selected row (signals, then overall).
    Rubric { row: usize },
}

pub struct MockState {
    /// Database id (None only while the plan is shown).
    pub id: Option<i64>,
    pub run: MockRun,
    pub answer: TextArea<'static>,
    pub typing: bool,
    pub step: ReviewStep,
    pub signals: Vec<u8>,
    pub overall: u8,
    pub notice: Option<String>,
    pub now: DateTime<Utc>,
    last_save: DateTime<Utc>,
    pub tests: Option<Run>,
    /// The extra round was already offered and taken.
    pub extra_taken: bool,
    /// Scroll of the question pane.
    pub scroll: u16,
}

/// What the mock screen asks the app to do.
#[derive(Debug, Clone, PartialEq)]
pub enum MockRequest {
    None,
    /// Open $EDITOR on this file (the answer, or the practice workspace), then come back.
    Edit {
        path: std::path::PathBuf,
        practice: bool,
    },
    Quit,
}

impl MockState {
    pub fn new(plan: MockPlan, now: DateTime<Utc>) -> MockState {
        let mut run = MockRun::new(plan, now);
        // This screen does not ask follow-ups or show breaks yet (issue 13's screens).
        run.flow = crate::mock::session::Flow::default();
        MockState::resume(None, run, now)
    }

    pub fn resume(id: Option<i64>, mut run: MockRun, now: DateTime<Utc>) -> MockState {
        run.resume(now);
        let mut s = MockState {
            id,
            run,
            answer: TextArea::default(),
            typing: true,
            step: ReviewStep::Cards { card: 0, point: 0 },
            signals: Vec::new(),
            overall: 3,
            notice: None,
            now,
            last_save: now,
            tests: None,
            extra_taken: false,
            scroll: 0,
        };
        s.load_answer();
        s.enter_phase();
        s
    }

    fn load_answer(&mut self) {
        let text = self
            .run
            .items
            .get(self.run.pos)
            .map(|r| r.answer.clone())
            .unwrap_or_default();
        self.answer = TextArea::new(text.lines().map(str::to_string).collect());
        self.answer
            .set_placeholder_text("Type your answer or notes here. Esc for commands.");
    }

    fn store_answer(&mut self) {
        let text = self.answer.lines().join("\n");
        if let Some(r) = self.run.record() {
            r.answer = text;
        }
    }

    fn enter_phase(&mut self) {
        if let Phase::Review { round } = self.run.phase {
            let n = score::rubric(self.run.plan.lp.rounds[round].rubric).len();
            self.signals = vec![3; n];
            self.overall = 3;
            self.step = if self.round_cards(round).is_empty() {
                ReviewStep::Rubric { row: 0 }
            } else {
                ReviewStep::Cards { card: 0, point: 0 }
            };
            for (i, item) in self
                .run
                .plan
                .items
                .clone()
                .iter()
                .enumerate()
                .filter(|(_, it)| it.round == round)
            {
                let _ = item;
                if self.run.items[i].checklist.is_empty() {
                    self.run.items[i].checklist = Vec::new();
                }
            }
        }
    }

    /// Item indices of a round that have a card.
    pub fn round_cards(&self, round: usize) -> Vec<usize> {
        self.run
            .round_items(round)
            .filter(|(_, it)| it.card_id.is_some())
            .map(|(i, _)| i)
            .collect()
    }

    /// Saves the session (throttled to every 5 s unless forced).
    pub fn save(&mut self, study: &mut Study, now: DateTime<Utc>, force: bool) -> Result<()> {
        if !force && now - self.last_save < Duration::seconds(5) {
            return Ok(());
        }
        self.store_answer();
        match self.id {
            Some(id) => study.store.save_mock(id, &self.run, now)?,
            None => self.id = Some(study.store.create_mock(&self.run, now)?),
        }
        self.last_save = now;
        Ok(())
    }

    pub fn tick(&mut self, study: &mut Study, now: DateTime<Utc>) -> Result<()> {
        self.now = now;
        if let Some(Notice::Overtime { segment }) = self.run.tick(now) {
            self.notice = Some(format!(
                "Time is up for “{segment}”: the segment is marked overtime; the clock keeps going. Move on with Esc then n."
            ));
        }
        if let Some(run) = self.tests.as_mut() {
            run.poll();
            if run.is_done() {
                let report = run.report().clone();
                self.tests = None;
                if let Some(r) = self.run.record() {
                    r.tests = Some((report.passed() as u32, report.total() as u32));
                }
                self.notice = Some(match &report.fatal {
                    Some(f) => f.clone(),
                    None => format!("{} of {} local tests pass", report.passed(), report.total()),
                });
                self.save(study, now, true)?;
            }
        }
        if self.id.is_some() && self.run.phase == Phase::Answering {
            self.save(study, now, false)?;
        }
        Ok(())
    }

    /// Keys while typing go to the answer box; Esc leaves it.
    pub fn on_typing_key(
        &mut self,
        key: KeyEvent,
        study: &mut Study,
        now: DateTime<Utc>,
    ) -> Result<()> {
        if key.code == KeyCode::Esc
            || (key.code == KeyCode::Char('n') && key.modifiers.contains(KeyModifiers::CONTROL))
        {
            self.typing = false;
            self.save(study, now, true)?;
            if key.code != KeyCode::Esc {
                self.next(study, now)?;
            }
            return Ok(());
        }
        self.answer.input(key);
        Ok(())
    }

    /// Command keys.
    pub fn apply(
        &mut self,
        action: Action,
        study: &mut Study,
        now: DateTime<Utc>,
    ) -> Result<MockRequest> {
        self.now = now;
        match self.run.phase {
            Phase::Plan => match action {
                Action::Open | Action::Confirm => {
                    self.run.start(now);
                    self.save(study, now, true)?;
                    self.load_answer();
                    self.typing = true;
                }
                Action::Back | Action::Quit => return Ok(MockRequest::Quit),
                _ => {}
            },
            Phase::Break { .. } => self.run.end_break(now),
            Phase::Answering | Phase::FollowUp { .. } => match action {
                Action::Next => self.next(study, now)?,
                Action::Hint => self.hint(study, now)?,
                Action::Open | Action::Type => self.typing = true,
                Action::Down => self.scroll = self.scroll.saturating_add(1),
                Action::Up => self.scroll = self.scroll.saturating_sub(1),
                Action::PageDown => self.scroll = self.scroll.saturating_add(8),
                Action::PageUp => self.scroll = self.scroll.saturating_sub(8),
                Action::Edit => {
                    self.save(study, now, true)?;
                    let path = study.settings.data_dir.join("mock-answer.md");
                    std::fs::create_dir_all(&study.settings.data_dir)?;
                    std::fs::write(&path, self.answer.lines().join("\n"))?;
                    return Ok(MockRequest::Edit {
                        path,
                        practice: false,
                    });
                }
                Action::Practice => return self.practice(study, now),
                Action::Run => self.run_tests(study, now),
                Action::Back | Action::Quit => {
                    self.save(study, now, true)?;
                    return Ok(MockRequest::Quit);
                }
                _ => {}
            },
            Phase::Review { round } => self.review(action, round, study, now)?,
            Phase::Report => match action {
                Action::Extra if !self.extra_taken && self.run.verdict() == Verdict::Mixed => {
                    self.extra_round(study, now)?
                }
                Action::Back | Action::Quit | Action::Open => return Ok(MockRequest::Quit),
                _ => {}
            },
        }
        Ok(MockRequest::None)
    }

    /// After $EDITOR: read the answer back, or run the tests on the workspace.
    pub fn edited(
        &mut self,
        path: &std::path::Path,
        practice: bool,
        study: &Study,
        now: DateTime<Utc>,
    ) {
        if practice {
            self.run_tests(study, now);
        } else if let Ok(text) = std::fs::read_to_string(path) {
            self.answer = TextArea::new(text.lines().map(str::to_string).collect());
        }
    }

    fn next(&mut self, study: &mut Study, now: DateTime<Utc>) -> Result<()> {
        self.store_answer();
        self.tests = None;
        self.scroll = 0;
        self.run.next(now);
        self.notice = None;
        self.load_answer();
        self.typing = self.run.phase == Phase::Answering;
        self.enter_phase();
        self.save(study, now, true)
    }

    fn hint(&mut self, study: &mut Study, now: DateTime<Utc>) -> Result<()> {
        let Some(card) = self
            .run
            .item()
            .and_then(|i| i.card_id.clone())
            .and_then(|id| study.card(&id).cloned())
        else {
            return Ok(());
        };
        let pos = self.run.pos;
        let Some(r) = self.run.record() else {
            return Ok(());
        };
        if (r.hints as usize) < card.hints.len() {
            r.hints += 1;
            let n = r.hints;
            if let Some(id) = self.id {
                study.store.record_mock_hint(id, pos, n, now)?;
            }
            self.notice = Some(format!(
                "hint {n} revealed (recorded; more than one caps problem solving at 3)"
            ));
            self.save(study, now, true)?;
        } else {
            self.notice = Some("no more hints for this card".into());
        }
        Ok(())
    }

    fn practice(&mut self, study: &mut Study, now: DateTime<Utc>) -> Result<MockRequest> {
        let Some(card) = self
            .run
            .item()
            .and_then(|i| i.card_id.clone())
            .and_then(|id| study.card(&id).cloned())
        else {
            return Ok(MockRequest::None);
        };
        if !card.is_practicable() {
            self.notice = Some("this card has no local tests; write your answer in the box".into());
            return Ok(MockRequest::None);
        }
        self.save(study, now, true)?;
        let path = practice::ensure_workspace(&study.settings.data_dir, &card)?;
        Ok(MockRequest::Edit {
            path,
            practice: true,
        })
    }

    fn run_tests(&mut self, study: &Study, _now: DateTime<Utc>) {
        let Some(card) = self
            .run
            .item()
            .and_then(|i| i.card_id.clone())
            .and_then(|id| study.card(&id).cloned())
        else {
            return;
        };
        if !card.is_practicable() || self.tests.is_some() {
            return;
        }
        let path = practice::workspace_file(&study.settings.data_dir, &card);
        if !path.exists() {
            self.notice = Some("no workspace yet: press p to write your solution".into());
            return;
        }
        self.tests = Some(Run::start(&card, &path, practice::run_config(study)));
        self.notice = Some("running the local tests…".into());
    }

    fn review(
        &mut self,
        action: Action,
        round: usize,
        study: &mut Study,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let cards = self.round_cards(round);
        match self.step {
            ReviewStep::Cards { card, point } => {
                let Some(&item) = cards.get(card) else {
                    self.step = ReviewStep::Rubric { row: 0 };
                    return Ok(());
                };
                let points = self.run.plan.items[item]
                    .card_id
                    .as_ref()
                    .and_then(|id| study.card(id))
                    .map(|c| c.key_points.len())
                    .unwrap_or(0);
                if self.run.items[item].checklist.len() != points {
                    self.run.items[item].checklist = vec![false; points];
                }
                match action {
                    Action::Down => {
                        self.step = ReviewStep::Cards {
                            card,
                            point: (point + 1).min(points.saturating_sub(1)),
                        }
                    }
                    Action::Up => {
                        self.step = ReviewStep::Cards {
                            card,
                            point: point.saturating_sub(1),
                        }
                    }
                    Action::Toggle if points > 0 => {
                        let c = &mut self.run.items[item].checklist[point];
                        *c = !*c;
                    }
                    Action::FollowUp => {
                        self.run.items[item].follow_up = !self.run.items[item].follow_up
                    }
                    Action::Next | Action::Open => {
                        self.save(study, now, true)?;
                        self.step = if card + 1 < cards.len() {
                            ReviewStep::Cards {
                                card: card + 1,
                                point: 0,
                            }
                        } else {
                            ReviewStep::Rubric { row: 0 }
                        };
                    }
                    Action::Previous if card > 0 => {
                        self.step = ReviewStep::Cards {
                            card: card - 1,
                            point: 0,
                        }
                    }
                    _ => {}
                }
            }
            ReviewStep::Rubric { row } => {
                let rows = self.signals.len() + 1;
                match action {
                    Action::Down => {
                        self.step = ReviewStep::Rubric {
                            row: (row + 1).min(rows - 1),
                        }
                    }
                    Action::Up => {
                        self.step = ReviewStep::Rubric {
                            row: row.saturating_sub(1),
                        }
                    }
                    Action::Score(n) => {
                        if row < self.signals.len() {
                            self.signals[row] = n;
                            self.step = ReviewStep::Rubric {
                                row: (row + 1).min(rows - 1),
                            };
                        } else {
                            self.overall = n;
                        }
                    }
                    Action::Previous if !cards.is_empty() => {
                        self.step = ReviewStep::Cards {
                            card: cards.len() - 1,
                            point: 0,
                        }
                    }
                    Action::Open | Action::Confirm => self.confirm_round(round, study, now)?,
                    _ => {}
                }
            }
        }
        Ok(())
    }

    /// The overall score as it will be recorded (caps applied).
    pub fn capped(&self, round: usize) -> (Vec<u8>, u8) {
        let kind = self.run.plan.lp.rounds[round].rubric;
        score::apply_caps(kind, &self.run.evidence(round), &self.signals, self.overall)
    }

    fn confirm_round(&mut self, round: usize, study: &mut Study, now: DateTime<Utc>) -> Result<()> {
        let grades = self
            .run
            .score_round(round, &self.signals.clone(), self.overall);
        for (id, grade) in grades {
            if study.card(&id).is_some() {
                let spent = self
                    .run
                    .plan
                    .items
                    .iter()
                    .position(|i| i.card_id.as_deref() == Some(id.as_str()))
                    .map(|i| self.run.items[i].elapsed_ms)
                    .unwrap_or(0);
                study.grade(&id, grade, now, Duration::milliseconds(spent), "mock")?;
            }
        }
        self.load_answer();
        self.typing = true;
        self.enter_phase();
        self.run.resume(now);
        if self.run.phase == Phase::Report {
            self.finish(study, now)?;
        } else {
            self.save(study, now, true)?;
        }
        Ok(())
    }

    fn finish(&mut self, study: &mut Study, now: DateTime<Utc>) -> Result<()> {
        self.store_answer();
        let verdict = self.run.verdict();
        if let Some(id) = self.id {
            study
                .store
                .finish_mock(id, &self.run, verdict.label(), now)?;
        }
        Ok(())
    }

    fn extra_round(&mut self, study: &mut Study, now: DateTime<Utc>) -> Result<()> {
        let Some(weak) = self.run.weak_round() else {
            return Ok(());
        };
        let pool = super::super::app::mock_pool(study, now);
        let recent = study.store.recent_mock_cards(5)?;
        add_extra_round(&mut self.run.plan, weak, &pool, &recent);
        self.run.extend_with_round(now);
        self.extra_taken = true;
        self.load_answer();
        self.typing = true;
        if let Some(id) = self.id {
            // The mock is active again until the extra round is scored.
            study.store.save_mock(id, &self.run, now)?;
            study.store.reopen_mock(id)?;
        }
        Ok(())
    }
}
