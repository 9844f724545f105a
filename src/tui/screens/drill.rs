//! The depth drill: pick a project dossier, then for each section you wrote, answer "why?" and
//! "what else?" aloud, one level deeper each time; say where you stalled. Each finished
//! section is recorded and grades a depth card of the matching family.

use super::home::key_line;
use crate::content::inert;
use crate::drill::{self, Drill};
use crate::own::Dossier;
use crate::study::Study;
use crate::tui::markdown;
use crate::tui::theme::Theme;
use anyhow::Result;
use chrono::{DateTime, Duration, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph, Wrap};

pub struct DrillState {
    pub dossiers: Vec<Dossier>,
    pub list: ListState,
    pub drill: Option<(i64, Drill)>,
    pub log: Vec<String>,
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

    /// Starts the drill on the selected dossier.
    pub fn start(&mut self, study: &mut Study, now: DateTime<Utc>) -> Result<()> {
        let Some(d) = self.list.selected().and_then(|i| self.dossiers.get(i)) else {
            return Ok(());
        };
        let drill = Drill::new(d);
        let id = study.store.start_drill(&drill.file, &drill.title, now)?;
        self.drill = Some((id, drill));
        Ok(())
    }

    /// `answered` goes one level deeper; otherwise the user stalled here.
    pub fn step(&mut self, answered: bool, study: &mut Study, now: DateTime<Utc>) -> Result<()> {
        let Some((id, d)) = self.drill.as_mut() else {
            return Ok(());
        };
        let finished = if answered { d.answered() } else { d.stalled() };
        let Some(i) = finished else { return Ok(()) };
        let step = d.steps[i].clone();
        let reached = step.reached.unwrap_or(0);
        // Feed the schedule: the due-soonest (or a new) depth card of the section's family.
        let card = drill::family(&step.section).and_then(|fam| {
            study
                .cards()
                .filter(|c| {
                    c.kind == crate::content::Kind::Depth && c.tags.iter().any(|t| t == fam)
                })
                .min_by_key(|c| {
                    study
                        .states
                        .get(&c.id)
                        .map(|s| s.due.timestamp())
                        .unwrap_or(i64::MIN)
                })
                .map(|c| c.id.clone())
        });
        if let Some(cid) = &card {
            study.grade(
                cid,
                drill::grade_for(reached),
                now,
                Duration::minutes(3),
                "drill",
            )?;
        }
        study.store.record_drill_step(
            *id,
            &step.section,
            reached,
            drill::PROBES.len(),
            card.as_deref(),
            now,
        )?;
        self.log.push(format!(
            "{}: {reached}/{} levels{}",
            step.section,
            drill::PROBES.len(),
            card.map(|c| format!(" · graded {c} {}", drill::grade_for(reached).label()))
                .unwrap_or_default()
        ));
        Ok(())
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
            Paragraph::new(key_line(
                theme,
                &[("j/k", "choose"), ("enter", "start"), ("q", "back")],
            )),
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
    let finished = d.probe().is_none();
    frame.render_widget(Paragraph::new(key_line(theme, drill_keys(finished))), keys);
}

/// The keys that work during a drill; once it is finished only leaving does.
pub fn drill_keys(finished: bool) -> &'static [(&'static str, &'static str)] {
    if finished {
        &[("q", "back")]
    } else {
        &[
            ("enter", "I answered: go deeper"),
            ("s", "stalled here"),
            ("q", "stop"),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::own::Section;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    #[test]
    fn a_finished_drill_offers_only_the_way_out() {
        let dossier = Dossier {
            file: "me/projects/p.md".into(),
            title: "Ranker".into(),
            sections: vec![Section {
                name: "Data".into(),
                text: "40k tickets.\n".into(),
                line: 5,
            }],
        };
        let mut state = DrillState::new(vec![dossier.clone()]);
        let mut drill = Drill::new(&dossier);
        while drill.probe().is_some() {
            drill.stalled();
        }
        state.drill = Some((1, drill));
        let mut t = Terminal::new(TestBackend::new(80, 12)).unwrap();
        t.draw(|f| render(&mut state, &Theme { color: false }, f, f.area()))
            .unwrap();
        let last: String = (0..80)
            .map(|x| t.backend().buffer()[(x, 11)].symbol().to_string())
            .collect();
        assert_eq!(last.trim_end(), " q back");
        let all: String = t
            .backend()
            .buffer()
            .content()
            .iter()
            .map(|c| c.symbol())
            .collect();
        assert!(all.contains("Drill finished."), "{all}");
        assert!(!all.contains("stalled here"), "{all}");
    }
}
