//! Drawing a mock's round review: each card's answer beside the reference with its key-point
//! checklist, then the rubric with the caps the evidence puts on it.

use super::mock::{MockState, ReviewStep};
use super::mock_view::{header, mmss};
use crate::content::inert;
use crate::mock::score::RowScore;
use crate::study::Study;
use crate::tui::keys::{MOCK_CARDS, MOCK_RUBRIC, MockRubricKey, footer};
use crate::tui::markdown;
use crate::tui::theme::Theme;
use chrono::Duration;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

pub(super) fn review(
    state: &MockState,
    study: &Study,
    theme: &Theme,
    frame: &mut Frame<'_>,
    area: Rect,
    round: usize,
) -> Line<'static> {
    let r = &state.run.plan.lp.rounds[round];
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).areas(area);
    match state.step {
        ReviewStep::Cards { card, point } => {
            let cards = state.round_cards(round);
            let Some(&item) = cards.get(card) else {
                return Line::default();
            };
            let rec = &state.run.items[item];
            let c = state.run.plan.items[item]
                .card_id
                .as_ref()
                .and_then(|id| study.card(id));
            header(
                frame,
                head,
                theme,
                format!(" Review · {} · card {}/{}", r.title, card + 1, cards.len()),
                format!("time {} ", mmss(Duration::milliseconds(rec.elapsed_ms))),
            );
            let [left, right] =
                Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)])
                    .areas(body);
            let mut answer: Vec<Line> = if rec.answer.trim().is_empty() {
                vec![Line::styled("(nothing written)", theme.dim())]
            } else {
                rec.answer
                    .lines()
                    .map(|l| Line::raw(inert(l).into_owned()))
                    .collect()
            };
            for f in &rec.follow_ups {
                answer.push(Line::default());
                answer.push(Line::styled(
                    format!("Follow-up: {}", inert(&f.question)),
                    theme.heading(),
                ));
                if f.passed || f.answer.trim().is_empty() {
                    answer.push(Line::styled("(passed)", theme.dim()));
                } else {
                    answer.extend(f.answer.lines().map(|l| Line::raw(inert(l).into_owned())));
                }
            }
            frame.render_widget(
                Paragraph::new(answer)
                    .wrap(Wrap { trim: false })
                    .block(Block::bordered().title(" what you wrote ")),
                left,
            );
            let points: Vec<String> = c
                .map(|c| c.key_points().map(str::to_string).collect())
                .unwrap_or_default();
            // The model's proposal adds quotes and a study-next line: room for them.
            let extra = if rec.ai.is_some() {
                points.len() as u16 + 1
            } else {
                0
            };
            let check_h = (points.len() as u16 + 5 + extra)
                .min(right.height * 2 / 3)
                .max(6);
            let [reference, checklist] =
                Layout::vertical([Constraint::Min(3), Constraint::Length(check_h)]).areas(right);
            let mut refl = Vec::new();
            if let Some(c) = c {
                refl.push(Line::styled(inert(&c.prompt).into_owned(), theme.title()));
                refl.extend(markdown::render(c.answer(), theme));
            }
            let refp = Paragraph::new(refl).wrap(Wrap { trim: false });
            let rows = refp.line_count(reference.width.saturating_sub(2));
            let page = reference.height.saturating_sub(2) as usize;
            // The reference scrolls on its own (PgDn/PgUp), up to its last line.
            let max = rows.saturating_sub(1).min(u16::MAX as usize) as u16;
            state.reference_max.set(max);
            let scroll = state.reference_scroll.min(max);
            let mut block = Block::bordered().title(" reference answer ");
            if rows > page || scroll > 0 {
                let below = rows.saturating_sub(scroll as usize + page);
                let note = if below > 0 {
                    format!(" ↓ {below} more (PgDn) ")
                } else {
                    format!(" end · ↑ {scroll} above (PgUp) ")
                };
                block = block.title_bottom(Line::styled(note, theme.accent()).right_aligned());
            }
            frame.render_widget(refp.scroll((scroll, 0)).block(block), reference);
            let ai = rec.ai.as_ref();
            let mut cl: Vec<Line> = points
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let hit = rec.checklist.get(i).copied().unwrap_or(false);
                    let style = if i == point {
                        theme.selected()
                    } else {
                        Style::new()
                    };
                    let mut spans = vec![Span::styled(
                        format!(
                            "[{}] {}",
                            if hit { "x" } else { " " },
                            inert(&p.replace('\n', " "))
                        ),
                        style,
                    )];
                    if let Some(a) = ai {
                        spans.extend(point_evidence(a, i, hit, theme));
                    }
                    Line::from(spans)
                })
                .collect();
            cl.push(Line::styled(
                format!(
                    "[{}] handled a follow-up (f)",
                    if rec.follow_up { "x" } else { " " }
                ),
                theme.dim(),
            ));
            if let Some(g) = state
                .run
                .card_grades(round)
                .into_iter()
                .find(|g| g.item == item)
            {
                let how = if g.chosen.is_some() {
                    format!("your choice; proposed {}", g.proposed.label())
                } else {
                    format!("proposed: {}", g.why.join(", "))
                };
                cl.insert(
                    0,
                    Line::styled(
                        format!("grade {} ({how}) · g: change", g.grade().label()),
                        theme.heading(),
                    ),
                );
            }
            // Every point shows: the list scrolls to keep the selected one in view.
            let width = checklist.width.saturating_sub(2);
            let heights: Vec<usize> = cl
                .iter()
                .map(|l| {
                    Paragraph::new(l.clone())
                        .wrap(Wrap { trim: false })
                        .line_count(width)
                })
                .collect();
            if let Some(a) = ai
                && !a.grading.next.is_empty()
            {
                cl.push(Line::styled(
                    format!("AI · study next: {}", inert(&a.grading.next)),
                    theme.dim(),
                ));
            }
            let head_rows = usize::from(cl.first().is_some_and(|l| {
                l.spans
                    .first()
                    .is_some_and(|s| s.content.starts_with("grade "))
            }));
            let sel = head_rows + point.min(points.len().saturating_sub(1));
            let sel_end: usize = heights.iter().take(sel + 1).sum();
            let page = checklist.height.saturating_sub(2) as usize;
            let rows: usize = heights.iter().sum();
            let scroll = sel_end.saturating_sub(page);
            let mut block = Block::bordered().title(" key points you covered ");
            if let Some(note) = super::scroll_note(rows, scroll, page) {
                block = block.title_bottom(Line::styled(note, theme.accent()).right_aligned());
            }
            frame.render_widget(
                Paragraph::new(cl)
                    .wrap(Wrap { trim: false })
                    .scroll((scroll as u16, 0))
                    .block(block),
                checklist,
            );
            footer(theme, MOCK_CARDS, |k| {
                (k.needs_ai() && !state.ai_on).then(String::new)
            })
        }
        ReviewStep::Rubric { row } => rubric(state, theme, frame, head, body, round, row),
    }
}

/// After a key point: what the model said of it (proposed), its quotes, and whether the user
/// changed the tick.
fn point_evidence(
    a: &crate::mock::ai::ItemProposal,
    i: usize,
    hit: bool,
    theme: &Theme,
) -> Vec<Span<'static>> {
    let Some(v) = a.grading.points.get(i) else {
        return Vec::new();
    };
    let proposed = v.verdict == crate::ai::Verdict::Covered;
    let word = match v.verdict {
        crate::ai::Verdict::Covered => "covered",
        crate::ai::Verdict::Partly => "partly",
        crate::ai::Verdict::Missing => "missing",
    };
    let mut out = vec![Span::styled(format!("  · AI: {word}"), theme.accent())];
    if hit != proposed {
        out.push(Span::styled(" (you changed it)", theme.warn()));
    }
    for q in &v.quotes {
        out.push(Span::styled(format!(" “{}”", inert(q)), theme.dim()));
    }
    if let Some(n) = &v.note {
        out.push(Span::styled(format!(" ({})", inert(n)), theme.dim()));
    }
    out
}

/// The score a row shows: blank while unscored.
fn score_cell(score: RowScore) -> String {
    match score {
        RowScore::Unscored => "[ ]".into(),
        RowScore::Scored(n) => format!("[{n}]"),
        RowScore::NotObserved => "[not observed = 1]".into(),
    }
}

fn rubric(
    state: &MockState,
    theme: &Theme,
    frame: &mut Frame<'_>,
    head: Rect,
    body: Rect,
    round: usize,
    row: usize,
) -> Line<'static> {
    let run = &state.run;
    let r = &run.plan.lp.rounds[round];
    let rows = run.rubric_view(round);
    let left = run.unscored(round).len();
    header(
        frame,
        head,
        theme,
        format!(" Score · {}", r.title),
        if left > 0 {
            format!("{left} row(s) to score ")
        } else {
            "all rows scored ".into()
        },
    );
    let desc_h = (body.height * 2 / 5).clamp(6, 10);
    let [list_area, desc_area] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(desc_h)]).areas(body);
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut selected_line = 0;
    let mut sheet = usize::MAX;
    for (i, v) in rows.iter().enumerate() {
        if v.sheet != sheet {
            sheet = v.sheet;
            lines.push(Line::styled(
                format!("{} · {} rubric", inert(&v.segment), v.kind.title()),
                theme.heading(),
            ));
        }
        if i == row {
            selected_line = lines.len();
        }
        let style = if i == row {
            theme.selected()
        } else if v.score == RowScore::Unscored {
            Style::new()
        } else {
            theme.dim()
        };
        let mut spans = vec![Span::styled(
            format!(
                "{} {} {}",
                if i == row { ">" } else { " " },
                v.name,
                score_cell(v.score)
            ),
            style,
        )];
        if v.cap < 4 {
            spans.push(Span::styled(format!("  capped at {}", v.cap), theme.warn()));
        }
        if let Some(p) = run.proposed_row(round, v.sheet, v.row) {
            let note = match v.score {
                RowScore::Unscored => format!("  proposed {} · y takes it", p.score),
                RowScore::Scored(n) if n == p.score => "  (as proposed)".to_string(),
                _ => format!("  (proposed {}; yours stands)", p.score),
            };
            spans.push(Span::styled(note, theme.accent()));
        }
        lines.push(Line::from(spans));
        for reason in &v.reasons {
            // "Row capped at N: why" -> "why" (the row and its cap are on the line above).
            let why = reason.split_once(": ").map_or(reason.as_str(), |x| x.1);
            lines.push(Line::styled(format!("      ↳ {why}"), theme.warn()));
        }
    }
    let grades = run.card_grades(round);
    if !grades.is_empty() {
        lines.push(Line::default());
        lines.push(Line::styled(
            "Cards go into the schedule as (b: back to change):",
            theme.heading(),
        ));
        for g in &grades {
            lines.push(Line::raw(format!(
                "  {} · {}{}",
                g.card_id,
                g.grade().label(),
                if g.chosen.is_some() {
                    " (your choice)".to_string()
                } else {
                    format!(" ({})", g.why.join(", "))
                }
            )));
        }
    }
    let inner = list_area.height.saturating_sub(2) as usize;
    let scroll = (selected_line + 2).saturating_sub(inner);
    frame.render_widget(
        Paragraph::new(lines)
            .scroll((scroll as u16, 0))
            .block(Block::bordered().title(" rubric · 4 strong hire · 3 hire · 2 lean no · 1 no ")),
        list_area,
    );
    let mut desc: Vec<Line<'static>> = Vec::new();
    let mut title = " descriptions ".to_string();
    if let Some(v) = rows.get(row) {
        title = format!(" {} ", v.name);
        for (k, d) in v.descriptions.iter().enumerate() {
            let on = v.score.value() == Some(k as u8 + 1) && v.score != RowScore::NotObserved;
            let beyond = (k as u8 + 1) > v.cap;
            let style = if on {
                theme.selected()
            } else if beyond {
                theme.dim()
            } else {
                Style::new()
            };
            desc.push(Line::styled(inert(d).into_owned(), style));
        }
    } else {
        desc.push(Line::raw(
            "This round has no rubric rows: enter confirms it.",
        ));
    }
    if let Some(p) = rows
        .get(row)
        .and_then(|v| run.proposed_row(round, v.sheet, v.row))
    {
        let asked = if p.asked != p.score {
            format!(" (it asked {}; the evidence caps it)", p.asked)
        } else {
            String::new()
        };
        desc.push(Line::styled(
            format!("AI proposes {}{asked}:", p.score),
            theme.accent(),
        ));
        for r in &p.reasons {
            desc.push(Line::raw(format!("  · {}", inert(r))));
        }
    }
    frame.render_widget(
        Paragraph::new(desc)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(title)),
        desc_area,
    );
    footer(theme, MOCK_RUBRIC, |k| match k {
        MockRubricKey::Confirm if left > 0 => Some(format!("confirm ({left} left)")),
        k if k.needs_ai() && !state.ai_on => Some(String::new()),
        _ => None,
    })
}
