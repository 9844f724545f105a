//! Card info over any screen (`i` in review and the browser, ctrl-o / F2 in search): where the
//! card lives, its state and memory now, every answer with the memory state it left, and the
//! mocks it was asked in. The same facts `mlprep card ID` prints. The lines are built once when
//! it opens; the screen underneath keeps its state and gets it back on close.

use crate::clock::Tz;
use crate::content::inert;
use crate::study_tools::info::CardInfo;
use crate::tui::keys::{CARD_INFO, CardInfoKey, footer};
use crate::tui::theme::Theme;
use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

pub struct CardInfoState {
    pub id: String,
    pub lines: Vec<Line<'static>>,
    pub scroll: u16,
    /// Rows shown at the last frame, for PgUp / PgDn.
    page: u16,
    /// The card carries the `leech` tag (`L` clears it).
    pub leech: bool,
}

/// Whether the overlay stays open after a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InfoOutcome {
    Open,
    Closed,
    /// `L`: the user asks to take this card's leech tag off.
    ClearLeech,
}

impl CardInfoState {
    pub fn new(info: &CardInfo, tz: &Tz, theme: &Theme) -> CardInfoState {
        CardInfoState {
            id: info.id.clone(),
            lines: info_lines(info, tz, theme),
            scroll: 0,
            page: 10,
            leech: info.leech,
        }
    }

    pub fn on_key(&mut self, key: CardInfoKey) -> InfoOutcome {
        let last = self.lines.len().saturating_sub(1) as u16;
        let page = self.page.saturating_sub(1).max(1);
        self.scroll = match key {
            CardInfoKey::Close => return InfoOutcome::Closed,
            CardInfoKey::ClearLeech => return InfoOutcome::ClearLeech,
            // The app shows the key list before the key gets here.
            CardInfoKey::Help => return InfoOutcome::Open,
            CardInfoKey::Down => self.scroll.saturating_add(1),
            CardInfoKey::Up => self.scroll.saturating_sub(1),
            CardInfoKey::PageDown => self.scroll.saturating_add(page),
            CardInfoKey::PageUp => self.scroll.saturating_sub(page),
            CardInfoKey::Top => 0,
            CardInfoKey::Bottom => last.saturating_sub(self.page.saturating_sub(1)),
        }
        .min(last);
        InfoOutcome::Open
    }
}

fn date(t: DateTime<Utc>, tz: &Tz) -> String {
    t.with_timezone(tz).format("%Y-%m-%d %H:%M").to_string()
}

fn opt(v: Option<f32>, digits: usize) -> String {
    v.map(|x| format!("{x:.digits$}"))
        .unwrap_or_else(|| "-".into())
}

fn pct(v: Option<f32>) -> String {
    v.map(|x| format!("{:.0}%", x * 100.0))
        .unwrap_or_else(|| "-".into())
}

/// The card's facts, then its reviews as a table, then its mocks.
pub fn info_lines(info: &CardInfo, tz: &Tz, theme: &Theme) -> Vec<Line<'static>> {
    let field = |name: &str, value: String| {
        Line::from(vec![
            Span::styled(format!(" {name:<10}"), theme.dim()),
            Span::raw(value),
        ])
    };
    let mut lines = vec![
        Line::styled(format!(" {}", inert(&info.prompt)), theme.heading()),
        Line::default(),
        field(
            "deck",
            format!(
                "{} ({}:{})",
                inert(&info.deck_title),
                inert(&info.deck),
                info.line
            ),
        ),
        field("kind", info.kind.clone()),
    ];
    if !info.tags.is_empty() {
        lines.push(field("tags", inert(&info.tags.join(", ")).into_owned()));
    }
    if !info.companies.is_empty() {
        lines.push(field(
            "companies",
            inert(&info.companies.join(", ")).into_owned(),
        ));
    }
    let mut flags = Vec::new();
    if info.suspended {
        flags.push("suspended");
    }
    if info.leech {
        flags.push("leech");
    }
    let flags = if flags.is_empty() {
        String::new()
    } else {
        format!(" ({})", flags.join(", "))
    };
    lines.push(field(
        "state",
        format!(
            "{}{flags} · reps {} · lapses {}",
            info.phase.slug(),
            info.reps,
            info.lapses
        ),
    ));
    lines.push(field(
        "next due",
        info.due
            .map(|d| date(d, tz))
            .unwrap_or_else(|| "- (new)".into()),
    ));
    lines.push(field(
        "memory",
        format!(
            "stability {} d · difficulty {} · recall now {}",
            opt(info.stability, 1),
            opt(info.difficulty, 2),
            pct(info.retrievability)
        ),
    ));
    if !info.siblings.is_empty() {
        lines.push(field(
            "siblings",
            inert(&info.siblings.join(", ")).into_owned(),
        ));
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        format!(" Reviews ({})", info.reviews.len()),
        theme.heading(),
    ));
    if info.reviews.is_empty() {
        lines.push(Line::styled(" never reviewed", theme.dim()));
    } else {
        lines.push(Line::styled(
            format!(
                " {:<16} {:<5} {:<10} {:>6} {:>6} {:>5} {:>6} {:>3}",
                "date", "grade", "source", "ivl", "stab", "diff", "recall", "lap"
            ),
            theme.dim(),
        ));
    }
    for r in &info.reviews {
        let interval = if r.interval_days > 0.0 {
            crate::schedule::interval_label(chrono::Duration::seconds(
                (r.interval_days * 86_400.0) as i64,
            ))
        } else {
            "-".into()
        };
        let source: String = inert(&r.source).chars().take(10).collect();
        lines.push(Line::from(vec![
            Span::raw(format!(" {:<16} ", date(r.at, tz))),
            Span::styled(
                format!("{:<5}", r.grade.label()),
                theme.grade(r.grade as usize),
            ),
            Span::raw(format!(
                " {source:<10} {interval:>6} {:>6} {:>5} {:>6} {:>3}",
                opt(r.stability, 1),
                opt(r.difficulty, 2),
                pct(r.retrievability),
                r.lapses
            )),
        ]));
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        format!(" Mocks ({})", info.mocks.len()),
        theme.heading(),
    ));
    if info.mocks.is_empty() {
        lines.push(Line::styled(" not asked in a mock yet", theme.dim()));
    }
    for m in &info.mocks {
        lines.push(Line::raw(format!(
            " #{:<4} {}  {}  round {} · card {} · round score {} · hints {}",
            m.mock_id,
            date(m.at, tz),
            inert(&m.loop_name),
            m.round + 1,
            m.grade.map_or("-".into(), |g| g.to_string()),
            m.round_score.map_or("-".into(), |g| format!("{g}/4")),
            m.hints
        )));
    }
    lines
}

/// Draws card info over the screen's body: its title bar, status and key lines stay visible.
pub fn render(state: &mut CardInfoState, theme: &Theme, frame: &mut Frame<'_>, area: Rect) {
    let area = Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(3),
        ..area
    };
    frame.render_widget(Clear, area);
    state.page = area.height.saturating_sub(2);
    let mut block = Block::bordered()
        .title(format!(" Card info · {} ", inert(&state.id)))
        .title_style(theme.title())
        .title_bottom(footer(theme, CARD_INFO, |k| {
            (*k == CardInfoKey::ClearLeech && !state.leech).then(String::new)
        }));
    if let Some(note) = super::scroll_note(
        state.lines.len(),
        state.scroll as usize,
        state.page as usize,
    ) {
        block = block.title_bottom(Line::styled(note, theme.accent()).right_aligned());
    }
    frame.render_widget(
        Paragraph::new(state.lines.clone())
            .scroll((state.scroll, 0))
            .block(block),
        area,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::{Grade, Phase};
    use crate::store::MockAppearance;
    use crate::study_tools::info::ReviewRow;
    use chrono::TimeZone;

    #[test]
    fn mock_appearances_show_with_their_scores_and_a_cram_answer_has_no_interval() {
        let at = Utc.with_ymd_and_hms(2026, 3, 1, 9, 30, 0).unwrap();
        let info = CardInfo {
            id: "x".into(),
            prompt: "Explain dropout".into(),
            kind: "breadth".into(),
            deck: "content/breadth/reg.md".into(),
            deck_title: "Regularisation".into(),
            line: 12,
            tags: vec!["reg".into()],
            companies: vec!["amazon".into()],
            phase: Phase::Review,
            due: Some(at + chrono::Duration::days(4)),
            reps: 1,
            lapses: 0,
            stability: Some(4.2),
            difficulty: Some(5.5),
            retrievability: Some(0.93),
            suspended: false,
            leech: true,
            siblings: vec![],
            reviews: vec![ReviewRow {
                at,
                grade: Grade::Hard,
                source: "cram".into(),
                seconds: 12.0,
                interval_days: 0.0,
                stability: None,
                difficulty: None,
                retrievability: Some(0.8),
                lapses: 0,
                phase_after: "review".into(),
            }],
            mocks: vec![MockAppearance {
                mock_id: 7,
                at,
                loop_name: "Amazon MLE".into(),
                round: 1,
                grade: Some(3),
                round_score: Some(2),
                hints: 1,
            }],
        };
        let text: Vec<String> = info_lines(&info, &Tz::UTC, &Theme { color: false })
            .iter()
            .map(|l| l.to_string())
            .collect();
        let all = text.join("\n");
        assert!(
            all.contains("Regularisation (content/breadth/reg.md:12)"),
            "{all}"
        );
        assert!(all.contains("review (leech) · reps 1 · lapses 0"), "{all}");
        assert!(all.contains("recall now 93%"), "{all}");
        assert!(
            text.iter()
                .any(|l| l.contains("Hard  cram") && l.contains("      -      -     -    80%")),
            "{all}"
        );
        assert!(
            all.contains(
                "#7    2026-03-01 09:30  Amazon MLE  round 2 · card 3 · round score 2/4 · hints 1"
            ),
            "{all}"
        );
    }
}
