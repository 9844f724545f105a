//! A card drawn as lines (prompt, meta, body, hints shown, and once revealed the answer,
//! reference solution, key points and follow-ups): shared by review and search.

use crate::content::{Card, inert};
use crate::tui::markdown;
use crate::tui::theme::Theme;
use ratatui::text::{Line, Span};

/// The card as lines: prompt, meta, body, revealed hints, and (once revealed) the answer, key
/// points, follow-ups and, for coding cards, the reference solution.
pub fn card_lines(card: &Card, hints: usize, revealed: bool, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(
        inert(&card.prompt).into_owned(),
        theme.title(),
    )];
    let mut meta = vec![
        card.kind.title().to_string(),
        inert(&card.deck_title).into_owned(),
    ];
    if let Some(d) = card.difficulty {
        meta.push(d.slug().to_string());
    }
    meta.push(format!("{} min", card.budget_minutes()));
    if !card.tags.is_empty() {
        meta.push(
            card.tags
                .iter()
                .map(|t| format!("#{t}"))
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    if let Some(r) = &card.related {
        meta.push(format!("related: {r}"));
    }
    lines.push(Line::styled(
        inert(&meta.join(" · ")).into_owned(),
        theme.dim(),
    ));
    if !card.body.is_empty() {
        lines.push(Line::default());
        lines.extend(markdown::render(card.body(), theme));
    }
    for (i, hint) in card.hints().take(hints).enumerate() {
        lines.push(Line::default());
        lines.push(Line::styled(
            format!("Hint {}/{}", i + 1, card.hints.len()),
            theme.accent(),
        ));
        lines.extend(markdown::render(hint, theme));
    }
    if !revealed {
        return lines;
    }
    section(&mut lines, "Answer", theme);
    lines.extend(markdown::render(card.answer(), theme));
    if let Some(code) = card.code(card.solution) {
        section(&mut lines, "Reference solution", theme);
        lines.extend(markdown::render(&format!("```python\n{code}```\n"), theme));
    }
    if !card.key_points.is_empty() {
        section(&mut lines, "Key points", theme);
        for p in card.key_points() {
            let mut rendered = markdown::render(p, theme).into_iter();
            if let Some(first) = rendered.next() {
                let mut spans = vec![Span::styled("☐ ", theme.accent())];
                spans.extend(first.spans);
                lines.push(Line::from(spans));
            }
            lines.extend(rendered.map(|l| {
                let mut spans = vec![Span::raw("  ")];
                spans.extend(l.spans);
                Line::from(spans)
            }));
        }
    }
    if !card.follow_ups.is_empty() {
        section(&mut lines, "Follow-ups", theme);
        for f in card.follow_ups() {
            let mut rendered = markdown::render(f, theme).into_iter();
            if let Some(first) = rendered.next() {
                let mut spans = vec![Span::styled("→ ", theme.accent())];
                spans.extend(first.spans);
                lines.push(Line::from(spans));
            }
            lines.extend(rendered);
        }
    }
    lines
}

fn section(lines: &mut Vec<Line<'static>>, name: &str, theme: &Theme) {
    lines.push(Line::default());
    lines.push(Line::styled(format!("── {name} ──"), theme.heading()));
}
