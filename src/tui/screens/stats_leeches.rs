//! The stats screen's leech tab: how many cards are tagged `leech`, and the ones with the most
//! lapses (title, deck, lapses, suspended or not), with what to do about them.

use crate::content::inert;
use crate::study::Study;
use crate::tui::theme::Theme;
use anyhow::Result;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Row, Table, Wrap};

/// Leeches listed on the tab (the count covers them all).
pub const TOP: usize = 50;

/// One leech as the tab shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct LeechRow {
    pub id: String,
    pub title: String,
    pub deck: String,
    pub lapses: u32,
    pub suspended: bool,
}

/// Every leech (count) and the first [`TOP`] by lapses now, read when the stats open.
pub fn leech_rows(study: &Study) -> Result<(usize, Vec<LeechRow>)> {
    let mut rows: Vec<LeechRow> = study
        .leeches()?
        .into_iter()
        .map(|l| {
            let card = study.card(&l.card_id);
            LeechRow {
                title: card.map_or_else(|| l.card_id.clone(), |c| c.prompt.clone()),
                deck: card.map_or_else(String::new, |c| c.deck_title.to_string()),
                // Lapses now (they may have grown since the tag).
                lapses: study
                    .states
                    .get(&l.card_id)
                    .map_or(l.lapses, |s| s.lapses.max(l.lapses)),
                suspended: study.suspended.contains(&l.card_id),
                id: l.card_id,
            }
        })
        .collect();
    rows.sort_by(|a, b| b.lapses.cmp(&a.lapses).then(a.id.cmp(&b.id)));
    let count = rows.len();
    rows.truncate(TOP);
    Ok((count, rows))
}

pub fn render(
    count: usize,
    rows: &[LeechRow],
    threshold: u32,
    theme: &Theme,
    frame: &mut Frame<'_>,
    area: Rect,
) {
    let [table_area, note] =
        Layout::vertical([Constraint::Min(4), Constraint::Length(3)]).areas(area);
    let title = if count > rows.len() {
        format!(" leeches: {count} (the {} with most lapses) ", rows.len())
    } else {
        format!(" leeches: {count} ")
    };
    let block = Block::bordered().title(title);
    if rows.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::raw(format!(
                " No leeches. A card forgotten {threshold} times is tagged one."
            )))
            .block(block),
            table_area,
        );
    } else {
        let header = Row::new(["lapses", "card", "deck"]).style(theme.dim());
        let body: Vec<Row> = rows
            .iter()
            .map(|r| {
                let lapses = if r.suspended {
                    format!("{} (s)", r.lapses)
                } else {
                    r.lapses.to_string()
                };
                Row::new(vec![
                    lapses,
                    inert(&r.title).into_owned(),
                    inert(&r.deck).into_owned(),
                ])
            })
            .collect();
        let widths = [
            Constraint::Length(7),
            Constraint::Percentage(65),
            Constraint::Percentage(35),
        ];
        frame.render_widget(
            Table::new(body, widths).header(header).block(block),
            table_area,
        );
    }
    frame.render_widget(
        Paragraph::new(
            "(s) suspended. Rewrite a leech: the browser (b, then F to leeches) edits it with e; \
             search finds them with is:leech; custom study (c, state leech) crams them.",
        )
        .style(theme.dim())
        .wrap(Wrap { trim: true }),
        note,
    );
}
