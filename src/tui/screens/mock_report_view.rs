//! Drawing the end of a mock and the offer to resume one: the report (the same markdown
//! `mlprep mock report` prints) and the resume dialog.

use super::mock::MockState;
use super::mock_view::{header, mmss};
use crate::mock::report::{CardInfo, markdown as report_markdown};
use crate::study::Study;
use crate::tui::keys::{MOCK_REPORT, MockReportKey, RESUME, footer, footer_pairs, key_line};
use crate::tui::markdown;
use crate::tui::theme::Theme;
use chrono::Duration;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

pub(super) fn report(
    state: &MockState,
    study: &Study,
    theme: &Theme,
    frame: &mut Frame<'_>,
    area: Rect,
) -> Line<'static> {
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).areas(area);
    let verdict = state.run.verdict();
    header(
        frame,
        head,
        theme,
        format!(" Report · {}", state.run.plan.lp.name),
        format!("verdict: {} ", verdict.label()),
    );
    let title = format!("Mock #{}", state.id.map_or(0, |id| id.0));
    let md = report_markdown(&state.run, &title, &study.settings.tz, &|id| {
        study.card(id).map(|c| CardInfo {
            prompt: c.prompt.clone(),
            key_points: c.key_points().map(str::to_string).collect(),
        })
    });
    let text = Paragraph::new(markdown::render(&md, theme)).wrap(Wrap { trim: false });
    let rows = text.line_count(body.width.saturating_sub(2));
    let page = body.height.saturating_sub(2) as usize;
    let max = rows.saturating_sub(page).min(u16::MAX as usize) as u16;
    state.report_max.set(max);
    let scroll = state.report_scroll.min(max);
    let mut block = Block::bordered();
    if let Some(note) = super::scroll_note(rows, scroll as usize, page) {
        block = block.title_bottom(Line::styled(note, theme.accent()).right_aligned());
    }
    frame.render_widget(text.scroll((scroll, 0)).block(block), body);
    if state.extra_offered() {
        footer(theme, MOCK_REPORT, |_| None)
    } else {
        let mut pairs = footer_pairs(MOCK_REPORT, |k| match k {
            MockReportKey::Extra => Some(String::new()),
            _ => None,
        });
        pairs.push((String::new(), "`mlprep mock report ID`: markdown".into()));
        key_line(theme, &pairs)
    }
}

/// The offer to resume an interrupted mock.
pub fn render_resume(
    run: &crate::mock::session::MockRun,
    tz: &crate::clock::Tz,
    theme: &Theme,
    frame: &mut Frame<'_>,
    area: Rect,
) {
    let item = run.item();
    let where_ = item
        .map(|i| {
            format!(
                "round {} of {}, “{}”",
                i.round + 1,
                run.plan.lp.rounds.len(),
                run.plan.lp.rounds[i.round].segments[i.segment].title
            )
        })
        .unwrap_or_else(|| "the round review".into());
    let spent: i64 = run.clocks.iter().flatten().map(|c| c.elapsed_ms).sum();
    let lines = vec![
        Line::styled(
            format!("An interrupted mock: {}", run.plan.lp.name),
            theme.title(),
        ),
        Line::default(),
        Line::raw(format!(
            "Started {}; stopped at {where_}.",
            run.started_at.with_timezone(tz).format("%Y-%m-%d %H:%M")
        )),
        Line::raw(format!(
            "Time already spent: {} (kept if you resume).",
            mmss(Duration::milliseconds(spent))
        )),
        Line::default(),
        footer(theme, RESUME, |_| None),
    ];
    let rect = super::centered(area, 70, 10);
    frame.render_widget(ratatui::widgets::Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(" resume? ")),
        rect,
    );
}
