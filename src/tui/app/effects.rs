//! Running [`Effect`]s: the only code under `tui` that changes the study context (through
//! [`Study`]'s methods). Effects run in order; the first failure stops the rest and becomes a
//! status line, and the screen stays where it was so the user can retry.

use super::*;
use crate::tui::effect::Effect;

impl App {
    /// Runs effects in order; a failure is reported on the status line, never an exit.
    pub(super) fn run_effects(&mut self, effects: Vec<Effect>, now: DateTime<Utc>) {
        for effect in effects {
            let what = effect_name(&effect);
            if let Err(e) = self.apply_effect(effect, now) {
                self.status = Some(format!(
                    "{what} failed ({e:#}); fix the problem and try again"
                ));
                return;
            }
        }
    }

    fn apply_effect(&mut self, effect: Effect, now: DateTime<Utc>) -> Result<()> {
        match effect {
            Effect::Quit => self.quit = true,
            Effect::Back => match &self.screen {
                Screen::Resume { .. } => {
                    self.screen = Screen::Home(HomeState::new(&self.study, now))
                }
                _ => self.back(now),
            },
            Effect::Status(s) => self.status = Some(s),
            Effect::Help => self.help = !self.help,
            Effect::Search => self.open_search(),
            Effect::OpenStats => {
                let dash = crate::stats::dashboard(&self.study, now)?;
                let leeches = crate::tui::screens::stats_leeches::leech_rows(&self.study)?;
                self.push(Screen::Stats(Box::new(StatsState {
                    dash,
                    tab: 0,
                    leeches,
                    leech_lapses: self.study.settings.leech.lapses,
                })));
            }
            Effect::OpenStories => {
                let own = crate::own::load(&self.study.library);
                self.push(Screen::Stories(Box::new(StoriesState::new(own))));
            }
            Effect::OpenBrowse => {
                let b = BrowseState::new(&self.study, now);
                self.push(Screen::Browse(Box::new(b)));
            }
            Effect::OpenDrill => {
                let own = crate::own::load(&self.study.library);
                let mut drill = DrillState::new(own.dossiers);
                drill.ai_on = self.study.ai().is_some();
                self.push(Screen::Drill(Box::new(drill)));
            }
            Effect::OpenLoops => {
                let (loops, problems) = crate::mock::loops::load_loops(&self.study.library);
                let mut state = LoopsState::new(loops, problems.len());
                // The loop the next interview follows is the one to rehearse.
                let key = self
                    .study
                    .next_interview(now)
                    .and_then(|i| i.loop_key.clone());
                state.select_key(key.as_deref());
                self.push(Screen::Loops(Box::new(state)));
            }
            Effect::OpenPlan => {
                let plan = PlanState::new(&self.study, now);
                let unset = matches!(plan.view, crate::tui::screens::plan::PlanView::Unset { .. });
                self.push(Screen::Plan(Box::new(plan)));
                // `p` with no date asks for one at once; Esc shows how to set it by hand.
                if unset {
                    self.open_interview_form(now);
                }
            }
            Effect::OpenInterviewForm => self.open_interview_form(now),
            Effect::EditConfig => self.edit_config(),
            Effect::SaveInterview(iv) => self.save_interview(*iv, now),
            Effect::StoryOverlay => self.open_story_overlay(),
            Effect::StartReview(filter) => self.start_review(filter, now)?,
            Effect::OpenCustom(filter) => self.open_custom(filter, now),
            Effect::StartCustom(filter, custom) => {
                self.start_custom(filter, &custom, now)?;
                // Only once the session exists: on a failure the dialog stays for a retry.
                self.modal = None;
            }
            Effect::CardInfo(id) => self.open_card_info(&id, now)?,
            Effect::Grade {
                card,
                grade,
                spent,
                source,
            } => return self.grade(&card, grade, spent, source, now),
            Effect::Undo => self.undo(now)?,
            Effect::Suspend { card, on } => {
                self.study.set_suspended(&card, on, now)?;
                self.status = Some(format!(
                    "{} {card}",
                    if on { "suspended" } else { "unsuspended" }
                ));
                if let Screen::Browse(b) = &mut self.screen {
                    b.refresh(&self.study, now);
                }
            }
            Effect::EditCard(id) => self.edit_card(&id),
            Effect::OpenCard(id) => self.open_card(&id, now)?,
            Effect::OpenPractice(id) => self.open_practice(&id, now)?,
            Effect::EditWorkspace(path) => {
                self.external = Some(External::EditWorkspace {
                    path,
                    editor: self.study.settings.editor.clone(),
                })
            }
            Effect::ResetWorkspace(id) => {
                let card = self
                    .study
                    .card(&id)
                    .context("the card is no longer in the decks")?;
                crate::practice::reset_workspace(&self.study.settings.data_dir, card)?;
                if let Screen::Practice(p) = &mut self.screen {
                    p.workspace_reset();
                }
            }
            Effect::RunTests => match &mut self.screen {
                Screen::Practice(p) => p.start_run(&self.study, now),
                Screen::Mock(m) => m.start_tests(&self.study),
                Screen::Home(_)
                | Screen::Review(_)
                | Screen::Search(_)
                | Screen::Stats(_)
                | Screen::Stories(_)
                | Screen::Browse(_)
                | Screen::Loops(_)
                | Screen::Drill(_)
                | Screen::Plan(_)
                | Screen::Resume { .. } => {}
            },
            Effect::RecordAttempt(a) => self.study.record_attempt(&a, now)?,
            Effect::StartDrill { file, title } => {
                let id = self.study.start_drill(&file, &title, now)?;
                if let Screen::Drill(d) = &mut self.screen {
                    d.started(id);
                }
            }
            Effect::DrillStep { answered } => {
                let Screen::Drill(d) = &mut self.screen else {
                    return Ok(());
                };
                if let Some((id, step, next)) = d.finishing(answered) {
                    let card = self.study.record_drill_step(id, &step, now)?;
                    d.finished(&step, next, card);
                }
            }
            Effect::PlanMock(lp) => {
                let plan = self
                    .study
                    .plan_mock(&lp, now.timestamp_micros() as u64, false, now)?;
                self.screen = self.mock_screen(MockState::new(plan, now));
            }
            Effect::StartMock(plan) => self.screen = self.mock_screen(MockState::new(*plan, now)),
            Effect::SaveMock => self.save_mock(now)?,
            Effect::RecordMockHint { item, hint } => {
                if let Screen::Mock(m) = &self.screen
                    && let Some(id) = m.id
                {
                    self.study.record_mock_hint(id, item, hint, now)?;
                }
                self.save_mock(now)?;
            }
            Effect::ConfirmMockRound(round) => {
                self.save_mock(now)?;
                let Screen::Mock(m) = &mut self.screen else {
                    return Ok(());
                };
                let id = m.id.context("the mock was never saved")?;
                self.study.confirm_mock_round(id, &mut m.run, round, now)?;
                m.round_confirmed(now);
                // The round is committed; what the user chose against the model is a record
                // beside it, and a failure to write it loses no grade.
                if let Err(e) = self.study.record_mock_ai_choices(&m.run, round) {
                    self.status = Some(format!(
                        "round saved; your choices against the model were not recorded ({e:#})"
                    ));
                }
            }
            Effect::ExtraMockRound => {
                let Screen::Mock(m) = &mut self.screen else {
                    return Ok(());
                };
                if self.study.extend_mock(m.id, &mut m.run, now)? {
                    m.extended();
                }
            }
            Effect::EditMockAnswer => {
                self.save_mock(now)?;
                let Screen::Mock(m) = &mut self.screen else {
                    return Ok(());
                };
                let dir = &self.study.settings.data_dir;
                let path = dir.join("mock-answer.md");
                std::fs::create_dir_all(dir)
                    .and_then(|()| std::fs::write(&path, m.answer_text()))
                    .with_context(|| format!("writing {}", path.display()))?;
                self.external = Some(External::EditMock {
                    path,
                    practice: false,
                    editor: self.study.settings.editor.clone(),
                });
            }
            Effect::EditMockWorkspace => {
                self.save_mock(now)?;
                let Screen::Mock(m) = &self.screen else {
                    return Ok(());
                };
                let card = m
                    .run
                    .item()
                    .and_then(|i| i.card_id.as_deref())
                    .and_then(|id| self.study.card(id))
                    .context("no card on screen")?;
                let path = crate::practice::ensure_workspace(&self.study.settings.data_dir, card)?;
                self.external = Some(External::EditMock {
                    path,
                    practice: true,
                    editor: self.study.settings.editor.clone(),
                });
            }
            Effect::LeaveMock => self.leave(now),
            Effect::ResumeMock => {
                if let Screen::Resume { id, run, .. } = &self.screen {
                    let state = MockState::resume(Some(*id), (**run).clone(), now);
                    self.screen = self.mock_screen(state);
                }
            }
            e @ (Effect::AskAi { .. }
            | Effect::ExplainAi { .. }
            | Effect::AskAiMock { .. }
            | Effect::AiFollowUp { .. }
            | Effect::AiDrillFollowUp(_)
            | Effect::AgreeAi(_)
            | Effect::CancelAi) => {
                return self.apply_ai(e, now);
            }
            e @ (Effect::AddCard { .. } | Effect::SaveCard(_) | Effect::CloseAddCard) => {
                return self.apply_add(e, now);
            }
            Effect::AbandonMock => {
                let Screen::Resume { id, then, .. } = &mut self.screen else {
                    return Ok(());
                };
                self.study.abandon_mock(*id, now)?;
                self.status = Some(
                    "the interrupted mock was abandoned (it stays in `mlprep mock history`)".into(),
                );
                self.screen = match then.take() {
                    Some(plan) => self.mock_screen(MockState::new(*plan, now)),
                    None => Screen::Home(HomeState::new(&self.study, now)),
                };
            }
        }
        Ok(())
    }

    /// A mock screen that autosaves at the configured interval.
    pub(super) fn mock_screen(&self, mut state: MockState) -> Screen {
        state.autosave = self.study.settings.mock_autosave;
        state.ai_on = self.study.ai().is_some();
        Screen::Mock(Box::new(state))
    }

    /// Saves the mock on screen (creating its row the first time).
    fn save_mock(&mut self, now: DateTime<Utc>) -> Result<()> {
        let Screen::Mock(m) = &mut self.screen else {
            return Ok(());
        };
        let (id, run) = m.to_save();
        let id = self.study.save_mock(id, run, now)?;
        m.saved(id, now);
        Ok(())
    }

    /// Commits a grade; the screen that asked moves on only once it is saved.
    fn grade(
        &mut self,
        card: &str,
        grade: Grade,
        spent: chrono::Duration,
        source: ReviewSource,
        now: DateTime<Utc>,
    ) -> Result<()> {
        // A grade on the review screen is an answer in its session: the session's source
        // (review, ahead, cram), siblings buried, a new leech reported.
        if source == ReviewSource::Review
            && let Screen::Review(r) = &mut self.screen
            && r.current.as_deref() == Some(card)
        {
            match self.study.answer(r.session_mut(), card, grade, now, spent) {
                Ok(answered) => {
                    // The AI proposal (if any) is decided only once the grade is saved.
                    let decision = r.ai.decision();
                    r.answered((grade, spent), &self.study, &self.theme, now);
                    if let Some((judgement, proposed)) = decision {
                        self.decide_ai(judgement, grade, proposed);
                    }
                    if let Some(l) = &answered.leech {
                        self.status = Some(crate::tui::screens::review::leech_line(l));
                    }
                }
                Err(e) => {
                    self.status = Some(not_saved(&e, grade));
                }
            }
            return Ok(());
        }
        let state = match self.study.grade(card, grade, now, spent, source) {
            Ok(state) => state,
            Err(e) => {
                // A full disk or a read-only database must not lose the grade silently: the
                // card stays on screen and the user can retry.
                self.status = Some(not_saved(&e, grade));
                return Ok(());
            }
        };
        if let Screen::Practice(p) = &self.screen {
            let decision = p.ai.decision();
            self.status = Some(format!(
                "graded {} · next review in {}",
                grade.label(),
                crate::schedule::interval_label(state.due - now)
            ));
            if let Some((judgement, proposed)) = decision {
                self.decide_ai(judgement, grade, proposed);
            }
            self.back(now);
        }
        let decision = match &self.screen {
            Screen::Review(r) if r.current.as_deref() == Some(card) => r.ai.decision(),
            _ => None,
        };
        if let Some((judgement, proposed)) = decision {
            self.decide_ai(judgement, grade, proposed);
        }
        if let Screen::Review(r) = &mut self.screen
            && r.current.as_deref() == Some(card)
        {
            r.graded(card, &state, (grade, spent), &self.study, &self.theme, now);
        }
        Ok(())
    }
}

/// A grade that could not be saved: the card stays on screen and the user can retry.
fn not_saved(e: &anyhow::Error, grade: Grade) -> String {
    format!(
        "the grade was NOT saved ({e:#}); fix the problem and press {} again",
        grade as u8
    )
}

/// What the user was doing, for the failure message.
fn effect_name(e: &Effect) -> &'static str {
    match e {
        Effect::Quit | Effect::Back | Effect::Status(_) | Effect::LeaveMock | Effect::Help => {
            "leaving"
        }
        Effect::Search => "opening search",
        Effect::OpenStats => "reading the stats",
        Effect::OpenPlan | Effect::OpenInterviewForm => "planning toward the interview",
        Effect::SaveInterview(_) => "saving the interview date",
        Effect::EditConfig => "opening the editor",
        Effect::OpenStories
        | Effect::OpenBrowse
        | Effect::OpenLoops
        | Effect::OpenDrill
        | Effect::StoryOverlay => "opening the screen",
        Effect::StartReview(_) => "starting the review",
        Effect::OpenCustom(_) | Effect::StartCustom(..) => "starting custom study",
        Effect::CardInfo(_) => "reading the card info",
        Effect::Grade { .. } => "saving the grade",
        Effect::Undo => "undo",
        Effect::Suspend { .. } => "suspending the card",
        Effect::EditCard(_) | Effect::EditWorkspace(_) => "opening the editor",
        Effect::OpenCard(_) | Effect::OpenPractice(_) => "opening the card",
        Effect::ResetWorkspace(_) => "resetting the workspace",
        Effect::RunTests => "starting the tests",
        Effect::RecordAttempt(_) => "recording the test run",
        Effect::StartDrill { .. } | Effect::DrillStep { .. } => "recording the drill",
        Effect::PlanMock(_) | Effect::StartMock(_) => "planning the mock",
        Effect::SaveMock | Effect::RecordMockHint { .. } => "saving the mock",
        Effect::ConfirmMockRound(_) => "saving the round's scores",
        Effect::ExtraMockRound => "adding the extra round",
        Effect::EditMockAnswer | Effect::EditMockWorkspace => "opening the editor",
        Effect::ResumeMock | Effect::AbandonMock => "changing the interrupted mock",
        Effect::AskAi { .. }
        | Effect::ExplainAi { .. }
        | Effect::AskAiMock { .. }
        | Effect::AiFollowUp { .. }
        | Effect::AiDrillFollowUp(_)
        | Effect::CancelAi => "asking the model",
        Effect::AgreeAi(_) => "recording your agreement",
        Effect::AddCard { .. } | Effect::CloseAddCard => "opening the form",
        Effect::SaveCard(_) => "adding the card",
    }
}
