//! A card drawn as lines (prompt, meta, body, hints shown, and once revealed the answer,
//! reference solution, key points and follow-ups): shared by review and search.

use crate::ai::{Grading, Verdict};
use crate::content::{Card, inert};
use crate::tui::markdown;
use crate::tui::theme::Theme;
use ratatui::text::{Line, Span};

/// The heading of the key points, ticked or not (review scrolls to it when a proposal arrives).
pub const KEY_POINTS: &str = "── Key points ──";

/// What the AI interviewer adds to a review card: the typed answer and the model's proposal.
#[derive(Debug, Clone, Copy, Default)]
pub struct AiLines<'a> {
    pub answer: &'a str,
    pub grading: Option<&'a Grading>,
    /// The grade the proposal suggests.
    pub grade: Option<crate::schedule::Grade>,
    /// What the answer missed, in the model's words (asked with a second `a`).
    pub explanation: Option<&'a str>,
}

/// The card as lines: prompt, meta, body, revealed hints, and (once revealed) the answer, key
/// points, follow-ups and, for coding cards, the reference solution.
pub fn card_lines(card: &Card, hints: usize, revealed: bool, theme: &Theme) -> Vec<Line<'static>> {
    review_lines(card, hints, revealed, AiLines::default(), theme)
}

/// As [`card_lines`], with the user's typed answer and the model's proposal: key points ticked
/// as proposed with the quoted words, factual errors, what to study next, the proposed grade.
pub fn review_lines(
    card: &Card,
    hints: usize,
    revealed: bool,
    ai: AiLines<'_>,
    theme: &Theme,
) -> Vec<Line<'static>> {
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
    if !ai.answer.is_empty() {
        section(&mut lines, "Your answer", theme);
        lines.extend(ai.answer.lines().map(|l| Line::raw(inert(l).into_owned())));
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
        lines.push(Line::default());
        lines.push(Line::styled(KEY_POINTS, theme.heading()));
        for (i, p) in card.key_points().enumerate() {
            let verdict = ai.grading.and_then(|g| g.points.get(i));
            let mut rendered = markdown::render(p, theme).into_iter();
            if let Some(first) = rendered.next() {
                let (mark, style) = match verdict.map(|v| v.verdict) {
                    Some(Verdict::Covered) => ("☑ ", theme.good()),
                    Some(Verdict::Partly) => ("◐ ", theme.warn()),
                    Some(Verdict::Missing) => ("☒ ", theme.bad()),
                    None => ("☐ ", theme.accent()),
                };
                let mut spans = vec![Span::styled(mark, style)];
                spans.extend(first.spans);
                if let Some(v) = verdict {
                    let word = match v.verdict {
                        Verdict::Covered => "covered",
                        Verdict::Partly => "partly",
                        Verdict::Missing => "missing",
                    };
                    spans.push(Span::styled(format!("  {word} (proposed)"), style));
                }
                lines.push(Line::from(spans));
            }
            lines.extend(rendered.map(|l| {
                let mut spans = vec![Span::raw("  ")];
                spans.extend(l.spans);
                Line::from(spans)
            }));
            if let Some(v) = verdict {
                for q in &v.quotes {
                    lines.push(Line::styled(format!("    “{}”", inert(q)), theme.dim()));
                }
                if let Some(n) = &v.note {
                    lines.push(Line::styled(format!("    ({})", inert(n)), theme.dim()));
                }
            }
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
    if let Some(g) = ai.grading {
        proposal_lines(&mut lines, g, ai.grade, theme);
        if let Some(e) = ai.explanation {
            lines.push(Line::from(vec![
                Span::styled("What you missed: ", theme.accent()),
                Span::raw(inert(e).into_owned()),
            ]));
        }
    }
    lines
}

/// The model's proposal below the card: errors it found, what to study, the proposed grade.
fn proposal_lines(
    lines: &mut Vec<Line<'static>>,
    g: &Grading,
    grade: Option<crate::schedule::Grade>,
    theme: &Theme,
) {
    section(lines, "AI interviewer (proposed; you decide)", theme);
    if g.errors.is_empty() {
        lines.push(Line::styled("No factual errors found.", theme.dim()));
    } else {
        lines.push(Line::raw("Factual errors:"));
        lines.extend(error_lines(g, theme));
    }
    if !g.next.is_empty() {
        lines.push(Line::from(vec![
            Span::styled("Study next: ", theme.accent()),
            Span::raw(inert(&g.next).into_owned()),
        ]));
    }
    if let Some(grade) = grade {
        lines.push(Line::from(vec![
            Span::styled("Proposed grade: ", theme.accent()),
            Span::styled(
                format!("{} {}", grade as u8, grade.label()),
                theme.grade(grade as usize),
            ),
            Span::styled(" (proposed) · press 1-4: your grade decides", theme.dim()),
        ]));
    }
}

/// The factual errors the model found, each with its quote and why it is wrong.
pub fn error_lines(g: &Grading, theme: &Theme) -> Vec<Line<'static>> {
    g.errors
        .iter()
        .map(|e| {
            Line::from(vec![
                Span::styled("✗ ", theme.bad()),
                Span::raw(format!("“{}” ", inert(&e.quote))),
                Span::styled(format!("— {}", inert(&e.why)), theme.dim()),
            ])
        })
        .collect()
}

fn section(lines: &mut Vec<Line<'static>>, name: &str, theme: &Theme) {
    lines.push(Line::default());
    lines.push(Line::styled(format!("── {name} ──"), theme.heading()));
}
