//! The depth drill: pick a project dossier, then for each section you wrote, answer "why?" and
//! "what else?" aloud, one level deeper each time; say where you stalled. Each finished
//! section is recorded (by the app, through `Study`) and grades a depth card of the matching
//! family.

use crate::ai::ask::AskContext;
use crate::content::inert;
use crate::drill::{self, Drill};
use crate::own::Dossier;
use crate::tui::effect::Effect;
use crate::tui::keys::{DRILL, DrillKey, footer};
use crate::tui::markdown;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph, Wrap};

pub struct DrillState {
    pub dossiers: Vec<Dossier>,
    pub list: ListState,
    pub drill: Option<(i64, Drill)>,
    pub log: Vec<String>,
    /// `[ai]` is on: `a` asks the model about this section (hidden and inert otherwise).
    pub ai_on: bool,
    /// The model's question for the level on screen.
    pub ai_asked: Option<String>,
}

impl DrillState {
    pub fn new(dossiers: Vec<Dossier>) -> DrillState {
        let mut list = ListState::default();
        list.select(if dossiers.is_empty() { None } else { Some(0) });
        DrillState {
            dossiers,
            list,
            drill: None,
            log: Vec::new(),
            ai_on: false,
            ai_asked: None,
        }
    }

    pub fn move_by(&mut self, d: isize) {
        if self.dossiers.is_empty() || self.drill.is_some() {
            return;
        }
        let i = self.list.selected().unwrap_or(0) as isize + d;
        self.list
            .select(Some(i.clamp(0, self.dossiers.len() as isize - 1) as usize));
    }

    /// Handles a drill key.
    pub fn on_key(&mut self, key: DrillKey) -> Vec<Effect> {
        match key {
            DrillKey::Down => self.move_by(1),
            DrillKey::Up => self.move_by(-1),
            DrillKey::Open if self.drill.is_none() => return self.start(),
            DrillKey::Open => return self.step(true),
            DrillKey::Stalled => return self.step(false),
            DrillKey::Back => return vec![Effect::Back],
            DrillKey::Help => return vec![Effect::Help],
            DrillKey::Undo => return vec![Effect::Undo],
            DrillKey::Search => return vec![Effect::Search],
            DrillKey::Ask => return self.ask_ai(),
        }
        Vec::new()
    }

    /// `a`: the model reads the dossier and asks about the user's own decisions in the section
    /// on screen (the section is the answer; the whole dossier is context).
    pub fn ask_ai(&self) -> Vec<Effect> {
        let Some((_, d)) = self.drill.as_ref().filter(|_| self.ai_on) else {
            return Vec::new();
        };
        let (Some(step), Some(probe)) = (d.steps.get(d.current), d.probe()) else {
            return Vec::new();
        };
        let dossier: String = d
            .steps
            .iter()
            .map(|s| format!("## {}\n{}\n\n", s.section, s.text))
            .collect();
        vec![Effect::AiDrillFollowUp(Box::new(AskContext {
            prompt: format!("{} (project: {}). {probe}", step.section, d.title),
            reference: String::new(),
            key_points: Vec::new(),
            answer: step.text.clone(),
            dossier: Some(dossier),
        }))]
    }

    /// The model's question arrived for the level on screen.
    pub fn ai_question(&mut self, q: String) {
        if self.drill.is_some() {
            self.ai_asked = Some(q);
        }
    }

    /// Asks to start the drill on the selected dossier.
    pub fn start(&self) -> Vec<Effect> {
        match self.list.selected().and_then(|i| self.dossiers.get(i)) {
            Some(d) if self.drill.is_none() => vec![Effect::StartDrill {
                file: d.file.clone(),
                title: d.title.clone(),
            }],
            _ => Vec::new(),
        }
    }

    /// The app recorded the start of the drill.
    pub fn started(&mut self, id: i64) {
        if let Some(d) = self.list.selected().and_then(|i| self.dossiers.get(i)) {
            self.drill = Some((id, Drill::new(d)));
        }
    }

    /// `answered` goes one level deeper; otherwise the user stalled here. A finished section
    /// is recorded by the app ([`DrillState::finishing`], then [`DrillState::finished`]) before the drill moves on.
    pub fn step(&mut self, answered: bool) -> Vec<Effect> {
        let Some((_, d)) = self.drill.as_mut() else {
            return Vec::new();
        };
        let mut next = d.clone();
        let finished = if answered {
            next.answered()
        } else {
            next.stalled()
        };
        self.ai_asked = None;
        if finished.is_some() {
            return vec![Effect::DrillStep { answered }];
        }
        *d = next;
        Vec::new()
    }

    /// The section the step finishes, as it will be recorded: (drill id, step, next drill).
    pub fn finishing(&self, answered: bool) -> Option<(i64, drill::Step, Drill)> {
        let (id, d) = self.drill.as_ref()?;
        let mut next = d.clone();
        let i = if answered {
            next.answered()
        } else {
            next.stalled()
        }?;
        Some((*id, next.steps[i].clone(), next))
    }

    /// The app recorded the section (and graded `card`): move on.
    pub fn finished(&mut self, step: &drill::Step, next: Drill, card: Option<String>) {
        let reached = step.reached.unwrap_or(0);
        self.log.push(format!(
            "{}: {reached}/{} levels{}",
            step.section,
            drill::PROBES.len(),
            card.map(|c| format!(" · graded {c} {}", drill::grade_for(reached).label()))
                .unwrap_or_default()
        ));
        if let Some((_, d)) = self.drill.as_mut() {
            *d = next;
        }
    }
}

pub fn render(state: &mut DrillState, theme: &Theme, frame: &mut Frame<'_>, area: Rect) {
    let [head, body, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(4),
        Constraint::Length(1),
    ])
    .areas(area);
    let Some((_, d)) = &state.drill else {
        frame.render_widget(
            Paragraph::new(Line::styled(
                " Depth drill · choose a project dossier",
                theme.title(),
            )),
            head,
        );
        if state.dossiers.is_empty() {
            frame.render_widget(
                Paragraph::new("No project dossiers yet. Write one under projects/ in a content directory: `mlprep template dossier > DIR/projects/my-project.md`, then run mlprep with --content DIR.")
                    .wrap(Wrap { trim: true })
                    .block(Block::bordered()),
                body,
            );
        } else {
            let items: Vec<ListItem> = state
                .dossiers
                .iter()
                .map(|d| ListItem::new(format!("{} ({})", inert(&d.title), inert(&d.file))))
                .collect();
            frame.render_stateful_widget(
                List::new(items)
                    .block(Block::bordered())
                    .highlight_style(theme.selected())
                    .highlight_symbol("▶ "),
                body,
                &mut state.list,
            );
        }
        frame.render_widget(
            Paragraph::new(footer(theme, DRILL, |k| match k {
                DrillKey::Stalled | DrillKey::Ask => Some(String::new()),
                _ => None,
            })),
            keys,
        );
        return;
    };
    let mut lines = Vec::new();
    if let (Some(step), Some(probe)) = (d.steps.get(d.current), d.probe()) {
        frame.render_widget(
            Paragraph::new(Line::styled(
                format!(
                    " Depth drill · {} · section {}/{}",
                    inert(&d.title),
                    d.current + 1,
                    d.steps.len()
                ),
                theme.title(),
            )),
            head,
        );
        lines.push(Line::styled(
            format!("▸ {}", inert(&step.section)),
            theme.heading(),
        ));
        lines.extend(markdown::render(&step.text, theme));
        lines.push(Line::default());
        lines.push(Line::styled(
            format!("Level {} of {}: {probe}", d.level + 1, drill::PROBES.len()),
            theme.accent(),
        ));
        if let Some(q) = &state.ai_asked {
            lines.push(Line::from(vec![
                Span::styled("Interviewer (AI): ", theme.accent()),
                Span::raw(inert(q).into_owned()),
            ]));
        }
        lines.push(Line::styled(
            "Answer out loud, as in the interview; then say whether you could.",
            theme.dim(),
        ));
    } else {
        frame.render_widget(
            Paragraph::new(Line::styled(
                format!(" Depth drill · {} · done", inert(&d.title)),
                theme.title(),
            )),
            head,
        );
        lines.push(Line::styled("Drill finished.", theme.good()));
        let weak: Vec<String> = d.weakest().iter().map(|s| s.section.clone()).collect();
        if !weak.is_empty() {
            lines.push(Line::raw(format!(
                "Weakest: {}. Add the missing reasoning to your dossier.",
                weak.join(", ")
            )));
        }
    }
    lines.push(Line::default());
    for l in &state.log {
        lines.push(Line::styled(format!("✓ {}", inert(l)), theme.dim()));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered()),
        body,
    );
    frame.render_widget(
        Paragraph::new(footer(theme, DRILL, |k| match k {
            DrillKey::Down => Some(String::new()),
            DrillKey::Open => Some("I answered: go deeper".into()),
            DrillKey::Back => Some("stop".into()),
            DrillKey::Ask if !state.ai_on => Some(String::new()),
            _ => None,
        })),
        keys,
    );
}
