//! The mock screens' state and behaviour: plan, timed segments with an answer box, the round
//! review (answer beside reference, key-point checklist, rubric with caps), the final report.
//! The screen owns the view state and the in-memory session; it asks the app to save, grade and
//! open the editor through [`Effect`]s. Drawing lives in `mock_view`.

use crate::mock::plan::MockPlan;
use crate::mock::score::Verdict;
use crate::mock::session::{MockRun, Notice, Phase};
use crate::practice::Run;
use crate::study::{MockId, Study};
use crate::tui::effect::{Effect, Typed};
use crate::tui::keys::{
    MOCK_ANSWER, MOCK_BREAK, MOCK_CARDS, MOCK_FOLLOW_UP, MOCK_PLAN, MOCK_REPORT, MOCK_RUBRIC,
    MOCK_TYPING, MockAnswerKey, MockPlanKey, MockReportKey, MockTypingKey, lookup,
};
use chrono::{DateTime, Duration, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;
use std::cell::Cell;

mod ai;
mod coding;
mod flow;
mod review;

/// Where the round review is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewStep {
    /// Going through the round's cards: (index into the round's card items, selected point).
    Cards { card: usize, point: usize },
    /// Scoring the rubric: the selected row of `MockRun::rubric_view` (every sheet's rows).
    Rubric { row: usize },
}

pub struct MockState {
    /// Database id (None only while the plan is shown).
    pub id: Option<MockId>,
    pub run: MockRun,
    pub answer: TextArea<'static>,
    pub typing: bool,
    pub step: ReviewStep,
    pub notice: Option<String>,
    pub now: DateTime<Utc>,
    last_save: DateTime<Utc>,
    /// Changes not yet saved (a failed save is retried on the next tick).
    dirty: bool,
    /// How often the answer is saved while typing.
    pub autosave: Duration,
    pub tests: Option<Run>,
    /// The extra round was already offered and taken.
    pub extra_taken: bool,
    /// Scroll of the question pane.
    pub scroll: u16,
    /// Scroll of the report, and the largest the last drawing allowed.
    pub report_scroll: u16,
    pub report_max: Cell<u16>,
    /// Scroll of the round review's reference answer (the checklist follows its selection).
    pub reference_scroll: u16,
    pub reference_max: Cell<u16>,
    /// `[ai]` is on: the AI keys exist (hidden and inert otherwise).
    pub ai_on: bool,
}

/// The answer box: long lines wrap (at words, long words at characters), so the cursor stays
/// in view.
fn answer_box(text: &str) -> TextArea<'static> {
    let mut ta = TextArea::new(text.lines().map(str::to_string).collect());
    ta.set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
    ta
}

impl MockState {
    pub fn new(plan: MockPlan, now: DateTime<Utc>) -> MockState {
        MockState::resume(None, MockRun::new(plan, now), now)
    }

    pub fn resume(id: Option<MockId>, mut run: MockRun, now: DateTime<Utc>) -> MockState {
        run.resume(now);
        let mut s = MockState {
            id,
            run,
            answer: answer_box(""),
            typing: true,
            step: ReviewStep::Cards { card: 0, point: 0 },
            notice: None,
            now,
            last_save: now,
            dirty: false,
            autosave: crate::config::MOCK_AUTOSAVE,
            tests: None,
            extra_taken: false,
            scroll: 0,
            report_scroll: 0,
            report_max: Cell::new(0),
            reference_scroll: 0,
            reference_max: Cell::new(0),
            ai_on: false,
        };
        s.load_answer();
        s.enter_phase();
        s
    }

    /// The answer box shows the item's answer, or the follow-up's during a follow-up.
    pub(super) fn load_answer(&mut self) {
        let text = self.run.answer().to_string();
        self.answer = answer_box(&text);
        self.answer.set_placeholder_text(match self.run.phase {
            Phase::FollowUp { .. } => "Answer the follow-up, or Esc then p to pass.",
            _ => "Type your answer or notes here. Esc for commands.",
        });
    }

    pub(super) fn store_answer(&mut self) {
        if matches!(self.run.phase, Phase::Answering | Phase::FollowUp { .. }) {
            self.run.set_answer(self.answer.lines().join("\n"));
        }
    }

    /// The phase takes answers in the box.
    fn answering_phase(&self) -> bool {
        matches!(self.run.phase, Phase::Answering | Phase::FollowUp { .. })
    }

    fn enter_phase(&mut self) {
        if let Phase::Review { round } = self.run.phase {
            self.step = if self.round_cards(round).is_empty() {
                ReviewStep::Rubric { row: 0 }
            } else {
                ReviewStep::Cards { card: 0, point: 0 }
            };
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

    /// Marks the session as needing a save and asks for one.
    pub(super) fn save(&mut self) -> Effect {
        self.dirty = true;
        Effect::SaveMock
    }

    /// The session as it should be saved (the answer box copied into the run).
    pub fn to_save(&mut self) -> (Option<MockId>, &MockRun) {
        self.store_answer();
        (self.id, &self.run)
    }

    /// The app saved the session.
    pub fn saved(&mut self, id: MockId, now: DateTime<Utc>) {
        self.id = Some(id);
        self.last_save = now;
        self.dirty = false;
    }

    /// Clocks advance; a finished test run is recorded; the answer is autosaved every
    /// `autosave`, and a save that failed is retried.
    pub fn tick(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        self.now = now;
        match self.run.tick(now) {
            Some(Notice::Overtime { segment }) => {
                self.notice = Some(format!(
                    "Time is up for “{segment}”: the segment is marked overtime; the clock keeps going. Move on with Esc then n."
                ))
            }
            Some(Notice::FollowUpOvertime) => {
                self.notice = Some(
                    "Time is up for the follow-up: wrap up, then Ctrl-N (or Esc then p to pass)."
                        .into(),
                )
            }
            None => {}
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
                return vec![self.save()];
            }
        }
        let due =
            self.id.is_some() && self.answering_phase() && now - self.last_save >= self.autosave;
        if self.dirty || due {
            return vec![Effect::SaveMock];
        }
        Vec::new()
    }

    /// Keys while typing go to the answer box; Esc leaves it, Ctrl-N moves on.
    pub fn on_typing_key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> Typed {
        if !self.typing || !self.answering_phase() {
            return Typed::Ignored;
        }
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            return Typed::Ignored;
        }
        match lookup(MOCK_TYPING, key) {
            Some(MockTypingKey::Commands) => {
                self.typing = false;
                Typed::Effects(vec![self.save()])
            }
            Some(MockTypingKey::Next) => {
                self.typing = false;
                Typed::Effects(self.next(now))
            }
            None => {
                self.answer.input(key);
                Typed::Consumed
            }
        }
    }

    /// Command keys, read from the current phase's table.
    pub fn on_key(&mut self, key: KeyEvent, study: &Study, now: DateTime<Utc>) -> Vec<Effect> {
        self.now = now;
        match self.run.phase {
            Phase::Plan => match lookup(MOCK_PLAN, key) {
                Some(MockPlanKey::Start) => {
                    self.run.start(now);
                    self.load_answer();
                    self.typing = true;
                    vec![self.save()]
                }
                Some(MockPlanKey::Quit) => vec![Effect::LeaveMock],
                Some(MockPlanKey::Help) => vec![Effect::Help],
                None => Vec::new(),
            },
            Phase::Break { .. } => match lookup(MOCK_BREAK, key) {
                Some(k) => self.break_key(k, now),
                None => Vec::new(),
            },
            Phase::FollowUp { .. } => match lookup(MOCK_FOLLOW_UP, key) {
                Some(k) => self.follow_up_key(k, now),
                None => Vec::new(),
            },
            Phase::Answering => match lookup(MOCK_ANSWER, key) {
                Some(k) => self.answering(k, study, now),
                None => Vec::new(),
            },
            Phase::Review { round } => match self.step {
                ReviewStep::Cards { card, point } => match lookup(MOCK_CARDS, key) {
                    Some(k) => self.review_card(k, round, card, point, study),
                    None => Vec::new(),
                },
                ReviewStep::Rubric { row } => match lookup(MOCK_RUBRIC, key) {
                    Some(k) => self.rubric(k, round, row),
                    None => Vec::new(),
                },
            },
            Phase::Report => match lookup(MOCK_REPORT, key) {
                Some(MockReportKey::Extra) if self.extra_offered() => vec![Effect::ExtraMockRound],
                Some(MockReportKey::Extra) => Vec::new(),
                Some(MockReportKey::Done) => vec![Effect::LeaveMock],
                Some(MockReportKey::Down) => self.scroll_report(1),
                Some(MockReportKey::Up) => self.scroll_report(-1),
                Some(MockReportKey::PageDown) => self.scroll_report(10),
                Some(MockReportKey::PageUp) => self.scroll_report(-10),
                Some(MockReportKey::Top) => self.scroll_report(-i32::from(u16::MAX)),
                Some(MockReportKey::Bottom) => self.scroll_report(i32::from(u16::MAX)),
                Some(MockReportKey::Help) => vec![Effect::Help],
                None => Vec::new(),
            },
        }
    }

    /// An extra round is offered after a Mixed verdict, once.
    pub fn extra_offered(&self) -> bool {
        !self.extra_taken && self.run.verdict() == Verdict::Mixed
    }

    fn answering(&mut self, key: MockAnswerKey, study: &Study, now: DateTime<Utc>) -> Vec<Effect> {
        match key {
            MockAnswerKey::Next => self.next(now),
            MockAnswerKey::Hint => self.hint(study),
            MockAnswerKey::Type => {
                self.typing = true;
                Vec::new()
            }
            MockAnswerKey::Down => self.scroll_by(1),
            MockAnswerKey::Up => self.scroll_by(-1),
            MockAnswerKey::PageDown => self.scroll_by(8),
            MockAnswerKey::PageUp => self.scroll_by(-8),
            MockAnswerKey::Edit => vec![Effect::EditMockAnswer],
            MockAnswerKey::Practice => self.practice(study),
            MockAnswerKey::Run => vec![Effect::RunTests],
            MockAnswerKey::Stories => vec![Effect::StoryOverlay],
            MockAnswerKey::Help => vec![Effect::Help],
            MockAnswerKey::Pause => vec![self.save(), Effect::LeaveMock],
            MockAnswerKey::Ask => self.ask_ai_follow_up(),
        }
    }

    fn scroll_report(&mut self, d: i32) -> Vec<Effect> {
        let max = i32::from(self.report_max.get());
        self.report_scroll = (i32::from(self.report_scroll) + d).clamp(0, max) as u16;
        Vec::new()
    }

    fn scroll_by(&mut self, d: i32) -> Vec<Effect> {
        self.scroll = (self.scroll as i32 + d).clamp(0, u16::MAX as i32) as u16;
        Vec::new()
    }

    /// The answer as the editor should open it.
    pub fn answer_text(&mut self) -> String {
        self.store_answer();
        self.answer.lines().join("\n")
    }

    /// After $EDITOR: read the answer back, or run the tests on the workspace.
    pub fn edited(&mut self, text: Option<String>, practice: bool) -> Vec<Effect> {
        if practice {
            return vec![Effect::RunTests];
        }
        if let Some(text) = text {
            self.answer = answer_box(&text);
            return vec![self.save()];
        }
        Vec::new()
    }

    fn next(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        self.store_answer();
        let was = (self.run.phase, self.run.pos);
        self.run.next(now);
        let mut effects = self.moved_on();
        // With the AI interviewer on, a card answered and now on its written follow-up gets one
        // more, made from the answer, while the user answers the written one.
        if self.ai_on
            && was.0 == Phase::Answering
            && matches!(self.run.phase, Phase::FollowUp { item, index: 0 } if item == was.1)
            && let Some(card) = self.run.plan.items[was.1].card_id.clone()
        {
            effects.push(Effect::AiFollowUp {
                card,
                answer: self.run.ai_answer(was.1),
                auto: true,
            });
        }
        effects
    }

    /// After the session moved on (next item, a follow-up, the review): fresh view state.
    pub(super) fn moved_on(&mut self) -> Vec<Effect> {
        self.tests = None;
        self.scroll = 0;
        self.notice = None;
        self.load_answer();
        self.typing = self.answering_phase();
        self.enter_phase();
        vec![self.save()]
    }

    fn hint(&mut self, study: &Study) -> Vec<Effect> {
        let Some(hints) = self
            .run
            .item()
            .and_then(|i| i.card_id.as_deref())
            .and_then(|id| study.card(id))
            .map(|c| c.hints.len())
        else {
            return Vec::new();
        };
        let item = self.run.pos;
        let Some(r) = self.run.record() else {
            return Vec::new();
        };
        if (r.hints as usize) < hints {
            r.hints += 1;
            let hint = r.hints;
            self.notice = Some(format!(
                "hint {hint} revealed (recorded; more than one caps problem solving at 3)"
            ));
            self.dirty = true;
            vec![Effect::RecordMockHint { item, hint }]
        } else {
            self.notice = Some("no more hints for this card".into());
            Vec::new()
        }
    }

    /// The app committed the round: show the next phase.
    pub fn round_confirmed(&mut self, now: DateTime<Utc>) {
        self.load_answer();
        self.typing = self.answering_phase();
        self.enter_phase();
        self.last_save = now;
        self.dirty = false;
    }

    /// The app added an extra round.
    pub fn extended(&mut self) {
        self.extra_taken = true;
        self.load_answer();
        self.typing = true;
    }
}
