//! `App::apply`: the one place where actions take effect, screen by screen.

use super::*;

impl App {
    /// The one place where actions take effect.
    pub fn apply(&mut self, action: Action, now: DateTime<Utc>) -> Result<()> {
        if action != Action::None && action != Action::Help {
            self.status = None;
        }
        match action {
            Action::None => {}
            Action::Quit => self.quit = true,
            Action::Help => self.help = !self.help,
            Action::Undo => self.undo(now)?,
            Action::Back if matches!(self.screen, Screen::Mock(_)) => {
                if let Screen::Mock(m) = &mut self.screen
                    && m.apply(Action::Back, &mut self.study, now)? == MockRequest::Quit
                {
                    self.leave(now);
                }
            }
            Action::Back if matches!(self.screen, Screen::Resume { .. }) => {
                self.screen = Screen::Home(HomeState::new(&self.study, now))
            }
            Action::Back => self.back(now),
            Action::ReviewAll => self.start_review(Filter::default(), now)?,
            Action::OpenStats => {
                let dash = crate::stats::dashboard(&self.study, now)?;
                self.push(Screen::Stats(Box::new(StatsState { dash, tab: 0 })));
            }
            Action::OpenStories => {
                let own = crate::own::load(&self.study.library);
                self.push(Screen::Stories(Box::new(StoriesState::new(own))));
            }
            Action::OpenBrowse => {
                let b = BrowseState::new(&self.study, now);
                self.push(Screen::Browse(Box::new(b)));
            }
            Action::OpenDrill => {
                let own = crate::own::load(&self.study.library);
                self.push(Screen::Drill(Box::new(DrillState::new(own.dossiers))));
            }
            Action::OpenLoops => {
                let (loops, problems) = crate::mock::loops::load_loops(&self.study.library);
                self.push(Screen::Loops(Box::new(LoopsState::new(
                    loops,
                    problems.len(),
                ))));
            }
            Action::Stories => {
                let behavioural = self
                    .current_card_id()
                    .and_then(|id| self.study.card(id))
                    .is_some_and(|c| c.kind == crate::content::Kind::Behavioural);
                if behavioural {
                    let lps = self
                        .current_card_id()
                        .and_then(|id| self.study.card(id))
                        .map(|c| c.lps.clone())
                        .unwrap_or_default();
                    let stories = crate::own::load(&self.study.library)
                        .stories
                        .into_iter()
                        .filter(|s| s.lps.iter().any(|l| lps.contains(l)))
                        .collect();
                    self.story_overlay = Some(StoryOverlay {
                        scroll: 0,
                        lps,
                        stories,
                    });
                } else {
                    self.status = Some("your stories are shown on behavioural cards".into());
                }
            }
            Action::Search => {
                let index = match &self.search_index {
                    Some(i) => i.clone(),
                    None => {
                        let i = screens::search::build_index(&self.study);
                        self.search_index = Some(i.clone());
                        i
                    }
                };
                let previous = std::mem::replace(
                    &mut self.screen,
                    Screen::Search(Box::new(SearchState::new(index))),
                );
                self.stack.push(previous);
            }
            _ => match &mut self.screen {
                Screen::Search(_) => {}
                Screen::Drill(d) => match action {
                    Action::Down => d.move_by(1),
                    Action::Up => d.move_by(-1),
                    Action::Open if d.drill.is_none() => d.start(&mut self.study, now)?,
                    Action::Open => d.step(true, &mut self.study, now)?,
                    Action::Stalled => d.step(false, &mut self.study, now)?,
                    _ => {}
                },
                Screen::Stats(st) => match action {
                    Action::Tab(n) => st.tab = n.min(screens::stats::TABS.len() - 1),
                    Action::Down | Action::Next => {
                        st.tab = (st.tab + 1) % screens::stats::TABS.len()
                    }
                    Action::Up | Action::Previous => {
                        st.tab =
                            (st.tab + screens::stats::TABS.len() - 1) % screens::stats::TABS.len()
                    }
                    _ => {}
                },
                Screen::Stories(st) => match action {
                    Action::Down if st.open.is_some() => st.scroll = st.scroll.saturating_add(1),
                    Action::Up if st.open.is_some() => st.scroll = st.scroll.saturating_sub(1),
                    Action::Down => st
                        .table
                        .select(Some((st.table.selected().unwrap_or(0) + 1).min(15))),
                    Action::Up => st
                        .table
                        .select(Some(st.table.selected().unwrap_or(0).saturating_sub(1))),
                    Action::Open => {
                        st.open = if st.open.is_some() {
                            None
                        } else {
                            st.selected_lp().map(str::to_string)
                        };
                        st.scroll = 0;
                    }
                    _ => {}
                },
                Screen::Loops(l) => match action {
                    Action::Down => l.move_by(1),
                    Action::Up => l.move_by(-1),
                    Action::Open => {
                        if let Some(lp) = l.selected().cloned() {
                            let recent = self.study.store.recent_mock_cards(5)?;
                            let pool = mock_pool(&self.study, now);
                            let plan = crate::mock::plan::plan(
                                &lp,
                                &pool,
                                &recent,
                                now.timestamp_micros() as u64,
                                false,
                            );
                            self.screen = Screen::Mock(Box::new(MockState::new(plan, now)));
                        }
                    }
                    _ => {}
                },
                Screen::Browse(b) => {
                    let selected = b.selected().map(String::from);
                    match action {
                        Action::Down => b.move_by(1),
                        Action::Up => b.move_by(-1),
                        Action::PageDown => b.move_by(15),
                        Action::PageUp => b.move_by(-15),
                        Action::Top => b.move_by(-1_000_000),
                        Action::Bottom => b.move_by(1_000_000),
                        Action::CycleKind => b.cycle_kind(),
                        Action::CycleDifficulty => b.cycle_difficulty(),
                        Action::CycleState => b.cycle_state(),
                        Action::CycleSort => b.cycle_sort(),
                        Action::Type => b.typing = true,
                        Action::Suspend => {
                            if let Some(id) = &selected {
                                let on = !self.study.suspended.contains(id);
                                self.study.set_suspended(id, on, now)?;
                                self.status = Some(format!(
                                    "{} {id}",
                                    if on { "suspended" } else { "unsuspended" }
                                ));
                            }
                        }
                        Action::Open => {
                            if let Some(id) = selected {
                                self.open_card(&id, now)?;
                                return Ok(());
                            }
                        }
                        Action::Edit => {
                            if let Some(id) = selected {
                                self.edit_card(&id);
                            }
                            return Ok(());
                        }
                        _ => {}
                    }
                    if let Screen::Browse(b) = &mut self.screen {
                        b.refresh(&self.study, now);
                    }
                }
                Screen::Resume { id, run, then } => match action {
                    Action::Resume => {
                        let state = MockState::resume(Some(*id), (**run).clone(), now);
                        self.screen = Screen::Mock(Box::new(state));
                    }
                    Action::Abandon => {
                        self.study.store.abandon_mock(*id, now)?;
                        self.status = Some("the interrupted mock was abandoned (it stays in `mlprep mock history`)".into());
                        self.screen = match then.take() {
                            Some(plan) => Screen::Mock(Box::new(MockState::new(*plan, now))),
                            None => Screen::Home(HomeState::new(&self.study, now)),
                        };
                    }
                    _ => {}
                },
                Screen::Mock(m) => match m.apply(action, &mut self.study, now)? {
                    MockRequest::None => {}
                    MockRequest::Edit { path, practice } => {
                        self.external = Some(External::EditMock {
                            path,
                            practice,
                            editor: self.study.settings.editor.clone(),
                        });
                    }
                    MockRequest::Quit => self.leave(now),
                },
                Screen::Practice(p) => match action {
                    Action::Grade(g) => self.practice_graded(g, now)?,
                    Action::Confirm if p.confirm.is_some() => {
                        let g = p.confirm.as_ref().map(|c| c.0).unwrap_or(Grade::Good);
                        self.practice_graded(g, now)?;
                    }
                    Action::Cancel if p.confirm.is_some() => p.confirm = None,
                    other => {
                        if p.running() && matches!(other, Action::Edit | Action::Reset) {
                            self.status = Some("tests are running; wait a moment".into());
                        } else if p.apply(other, &self.study, now)? {
                            self.external = Some(External::EditWorkspace {
                                path: p.file.clone(),
                                editor: self.study.settings.editor.clone(),
                            });
                        }
                    }
                },
                Screen::Home(h) => {
                    if let Some(filter) = h.apply(action) {
                        self.start_review(filter, now)?;
                    }
                }
                Screen::Review(r) => match action {
                    Action::Grade(g) => {
                        // A full disk or a read-only database must not lose the grade
                        // silently: the card stays on screen and the user can retry.
                        match r.grade(&mut self.study, g, now) {
                            Ok(msg) => {
                                r.advance(&self.study, &self.theme, now);
                                self.status = msg;
                            }
                            Err(e) => {
                                self.status = Some(format!(
                                    "the grade was NOT saved ({e:#}); fix the problem and press {} again",
                                    g as u8
                                ))
                            }
                        }
                    }
                    Action::Edit => {
                        // One path for every edit: a shipped card is offered as a fork.
                        if let Some(id) = r.current.clone() {
                            self.edit_card(&id);
                        }
                    }
                    other => r.apply(other, &self.study, &self.theme, now),
                },
            },
        }
        Ok(())
    }
}
