//! Drawing the add-card form over the whole screen: the kind and deck choices with the file the
//! card goes to, the error of the last save (or the pending y/n question), and the text boxes.
//! Only drawing; keys live in `add_card`.

use super::add_card::{AddCardState, Ask, Field};
use crate::content::inert;
use crate::tui::keys::{
    ADD_CARD, ADD_CARD_CHOICE, ADD_CARD_DISCARD, ADD_CARD_FORK, footer_pairs, key_line,
};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};
use ratatui_textarea::TextArea;

const LABEL: usize = 10;

pub fn render(state: &AddCardState, theme: &Theme, frame: &mut Frame<'_>, area: Rect) {
    frame.render_widget(Clear, area);
    let [head, body, status_area, keys] = super::frame_areas(area);
    super::title_bar(
        frame,
        head,
        theme,
        " Add a card",
        "ctrl-s saves · esc cancels ",
        theme.dim(),
    );
    let notice = notice(state, theme);
    let notice = notice.map(|(text, style)| {
        Paragraph::new(inert(&text).into_owned())
            .style(style)
            .wrap(Wrap { trim: false })
    });
    let notice_rows = notice.as_ref().map_or(0, |p| {
        p.line_count(body.width.saturating_sub(2)).min(5) as u16
    });
    let [choices, notice_area, prompt, answer, points, last] = Layout::vertical([
        Constraint::Length(4),
        Constraint::Length(notice_rows),
        Constraint::Length(3),
        Constraint::Min(3),
        Constraint::Length(5),
        Constraint::Length(3),
    ])
    .areas(body);
    let [tags, companies] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(last);
    render_choices(state, theme, frame, choices);
    if let Some(p) = notice {
        frame.render_widget(p, notice_area.inner(ratatui::layout::Margin::new(1, 0)));
    }
    let boxes = [
        (Field::Prompt, &state.prompt, "Prompt", prompt),
        (Field::Answer, &state.answer, "Answer", answer),
        (
            Field::KeyPoints,
            &state.key_points,
            "Key points, one per line",
            points,
        ),
        (Field::Tags, &state.tags, "Tags, comma-separated", tags),
        (Field::Companies, &state.companies, "Asked at", companies),
    ];
    for (field, ta, title, area) in boxes {
        let focused = state.field == field && state.ask == Ask::Nothing;
        let block = Block::bordered()
            .title(format!(" {title} "))
            .border_type(if focused {
                BorderType::Double
            } else {
                BorderType::Plain
            })
            .border_style(if focused { theme.accent() } else { theme.dim() });
        text_area(ta, focused, Some(block), frame, area);
    }
    let pairs = match state.ask {
        Ask::Discard => footer_pairs(ADD_CARD_DISCARD, |_| None),
        Ask::Fork(_) => footer_pairs(ADD_CARD_FORK, |_| None),
        Ask::Nothing => {
            let mut p = footer_pairs(ADD_CARD, |_| None);
            if state.field.choice() {
                p.extend(footer_pairs(ADD_CARD_CHOICE, |_| None));
            }
            p
        }
    };
    frame.render_widget(Paragraph::new(Line::default()), status_area);
    frame.render_widget(Paragraph::new(key_line(theme, &pairs)), keys);
}

/// A text box drawn with the cursor only where the keys go.
fn text_area(
    ta: &TextArea<'static>,
    focused: bool,
    block: Option<Block<'static>>,
    frame: &mut Frame<'_>,
    area: Rect,
) {
    let mut ta = ta.clone();
    ta.set_cursor_line_style(Style::default());
    if !focused {
        ta.set_cursor_style(Style::default());
    }
    if let Some(b) = block {
        ta.set_block(b);
    }
    frame.render_widget(&ta, area);
}

/// The pending question (as a warning) or the last save's error.
fn notice(state: &AddCardState, theme: &Theme) -> Option<(String, Style)> {
    match &state.ask {
        Ask::Discard => Some((
            "Discard the card you typed? y: discard · n: keep editing".into(),
            theme.warn(),
        )),
        Ask::Fork(deck) => Some((
            format!(
                "{deck} ships with mlprep and is never written. Fork it into {} (same ids: your history stays attached) and add the card to your copy? y/n",
                state.new_dir.display()
            ),
            theme.warn(),
        )),
        Ask::Nothing => state.error.clone().map(|e| (e, theme.bad())),
    }
}

/// Kind, deck, and the new deck's title or the deck's file.
fn render_choices(state: &AddCardState, theme: &Theme, frame: &mut Frame<'_>, area: Rect) {
    let rows: [Rect; 4] = Layout::vertical([Constraint::Length(1); 4]).areas(area);
    let label = |field: Field, name: &str| {
        let on = state.field == field && state.ask == Ask::Nothing;
        Span::styled(
            format!(
                "{}{:<w$}",
                if on { "▶ " } else { "  " },
                name,
                w = LABEL - 2
            ),
            if on { theme.accent() } else { theme.dim() },
        )
    };
    let choice = |field: Field, text: String| {
        let on = state.field == field && state.ask == Ask::Nothing;
        Span::styled(
            format!("‹ {text} ›"),
            if on {
                theme.selected()
            } else {
                Style::default()
            },
        )
    };
    let options = state.options();
    let at = options.iter().position(|o| *o == state.deck).unwrap_or(0) + 1;
    let deck = match state.chosen() {
        Some(d) => format!(
            "{}{}",
            inert(&d.title),
            if d.shipped { " (shipped)" } else { "" }
        ),
        None => "a new deck".into(),
    };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            label(Field::Kind, "Kind"),
            choice(Field::Kind, state.kind.title().into()),
            Span::raw("   "),
            label(Field::Difficulty, "Level"),
            choice(
                Field::Difficulty,
                state.difficulty.map_or("none", |d| d.slug()).into(),
            ),
        ])),
        rows[0],
    );
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            label(Field::Deck, "Deck"),
            choice(Field::Deck, deck),
            Span::styled(format!("  {at} of {}", options.len()), theme.dim()),
        ])),
        rows[1],
    );
    let file = |path: String, note: &str| {
        Line::from(vec![
            Span::styled(format!("  {:<w$}", "File", w = LABEL - 2), theme.dim()),
            Span::raw(inert(&path).into_owned()),
            Span::styled(note.to_string(), theme.dim()),
        ])
    };
    match state.chosen() {
        None => {
            let [l, boxed] =
                Layout::horizontal([Constraint::Length(LABEL as u16), Constraint::Min(1)])
                    .areas(rows[2]);
            frame.render_widget(Paragraph::new(label(Field::Title, "Title")), l);
            let focused = state.field == Field::Title && state.ask == Ask::Nothing;
            text_area(&state.title, focused, None, frame, boxed);
            let note = if state.new_file_exists() {
                " (exists: the card is added to it)"
            } else {
                " (new)"
            };
            frame.render_widget(
                Paragraph::new(file(state.new_file().display().to_string(), note)),
                rows[3],
            );
        }
        Some(d) => {
            let note = if d.shipped {
                " · ships with mlprep: saving offers a fork"
            } else {
                ""
            };
            frame.render_widget(Paragraph::new(file(d.path.clone(), note)), rows[2]);
        }
    }
}
