//! The interview-date form: `n` on the plan screen, and at once when `p` on home finds no
//! date. Three fields (the date, the loop to prepare, an optional name); Enter checks them and
//! hands the interview to the app, which saves it in config.toml. View state only.

use crate::content::inert;
use crate::plan::Interview;
use crate::tui::keys::{INTERVIEW_FORM, InterviewFormKey, footer, lookup};
use crate::tui::theme::Theme;
use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Date,
    Loop,
    Name,
}

const FIELDS: [Field; 3] = [Field::Date, Field::Loop, Field::Name];

pub struct InterviewForm {
    pub focus: Field,
    pub date: String,
    /// The loops to choose from: (key, name). The choice before the first is "none".
    pub loops: Vec<(String, String)>,
    /// 0 = no loop (every round type), i = loops[i - 1].
    pub loop_choice: usize,
    pub name: String,
    /// Why Enter did not save, or why saving failed.
    pub error: Option<String>,
    /// The current study day: the date must come after it.
    pub today: NaiveDate,
    /// The config file the date goes to.
    pub config: String,
}

pub enum FormOutcome {
    Stay,
    Close,
    Save(Interview),
}

impl InterviewForm {
    pub fn new(loops: Vec<(String, String)>, today: NaiveDate, config: String) -> InterviewForm {
        InterviewForm {
            focus: Field::Date,
            date: String::new(),
            loops,
            loop_choice: 0,
            name: String::new(),
            error: None,
            today,
            config,
        }
    }

    pub fn on_key(&mut self, key: KeyEvent) -> FormOutcome {
        match lookup(INTERVIEW_FORM, key) {
            Some(InterviewFormKey::Cancel) => return FormOutcome::Close,
            // The app shows the key list before the key gets here.
            Some(InterviewFormKey::Help) => return FormOutcome::Stay,
            Some(InterviewFormKey::Save) => {
                return match self.read() {
                    Ok(iv) => FormOutcome::Save(iv),
                    Err(e) => {
                        self.error = Some(e);
                        FormOutcome::Stay
                    }
                };
            }
            Some(InterviewFormKey::NextField) => self.move_focus(1),
            Some(InterviewFormKey::PreviousField) => self.move_focus(FIELDS.len() - 1),
            Some(InterviewFormKey::NextChoice) => self.cycle(true),
            Some(InterviewFormKey::PreviousChoice) => self.cycle(false),
            Some(InterviewFormKey::Clear) => {
                if let Some(t) = self.text_mut() {
                    t.clear();
                }
            }
            None => {
                let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
                match (key.code, self.text_mut()) {
                    (KeyCode::Char(c), Some(t)) if !ctrl && t.chars().count() < 60 => t.push(c),
                    (KeyCode::Backspace, Some(t)) => {
                        t.pop();
                    }
                    (KeyCode::Char(' '), None) => self.cycle(true),
                    (KeyCode::Char(c), None) if !ctrl => self.jump(c),
                    _ => return FormOutcome::Stay,
                }
            }
        }
        self.error = None;
        FormOutcome::Stay
    }

    fn move_focus(&mut self, by: usize) {
        let i = FIELDS.iter().position(|f| *f == self.focus).unwrap_or(0);
        self.focus = FIELDS[(i + by) % FIELDS.len()];
    }

    fn cycle(&mut self, forward: bool) {
        if self.focus != Field::Loop {
            return;
        }
        let n = self.loops.len() + 1;
        self.loop_choice = if forward {
            (self.loop_choice + 1) % n
        } else {
            (self.loop_choice + n - 1) % n
        };
    }

    /// A letter on the loop field: the next loop whose key starts with it (`m` for ms).
    fn jump(&mut self, c: char) {
        let n = self.loops.len();
        let c = c.to_ascii_lowercase();
        if let Some(i) = (1..=n)
            .map(|step| (self.loop_choice + step - 1) % n)
            .find(|&i| self.loops[i].0.starts_with(c))
        {
            self.loop_choice = i + 1;
        }
    }

    fn text_mut(&mut self) -> Option<&mut String> {
        match self.focus {
            Field::Date => Some(&mut self.date),
            Field::Name => Some(&mut self.name),
            Field::Loop => None,
        }
    }

    /// The interview the form describes, or what is wrong with it.
    pub fn read(&self) -> Result<Interview, String> {
        let text = self.date.trim();
        if text.is_empty() {
            return Err("type the interview date, like 2027-01-20".into());
        }
        let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
            format!(
                "“{}” is not a date: write it as YYYY-MM-DD, like 2027-01-20",
                inert(text)
            )
        })?;
        if date <= self.today {
            return Err(format!(
                "{date} is not after today ({}): a plan needs at least one day",
                self.today
            ));
        }
        let name = self.name.trim();
        Ok(Interview {
            date,
            loop_key: self
                .loop_choice
                .checked_sub(1)
                .map(|i| self.loops[i].0.clone()),
            name: (!name.is_empty()).then(|| name.to_string()),
            target: None,
        })
    }

    fn value(&self, f: Field) -> String {
        match f {
            Field::Date if self.date.is_empty() && self.focus != f => "YYYY-MM-DD".into(),
            Field::Date => inert(&self.date).into_owned(),
            Field::Loop => {
                let choice = match self.loop_choice.checked_sub(1) {
                    None => "none: every round type".to_string(),
                    Some(i) => {
                        let (key, name) = &self.loops[i];
                        let text = format!("{} ({})", inert(key), inert(name));
                        // One line in the form: a long name is cut, the key never.
                        if text.chars().count() > 52 {
                            let cut: String = text.chars().take(50).collect();
                            format!("{cut}…)")
                        } else {
                            text
                        }
                    }
                };
                format!("◀ {choice} ▶")
            }
            Field::Name if self.name.is_empty() && self.focus != f => {
                "optional, e.g. Acme research internship".into()
            }
            Field::Name => inert(&self.name).into_owned(),
        }
    }
}

/// Draws the form centred over the screen.
pub fn render(form: &InterviewForm, theme: &Theme, frame: &mut Frame<'_>, area: Rect) {
    let mut lines = vec![
        Line::styled(
            " When is the interview? The plan works toward it.",
            theme.dim(),
        ),
        Line::default(),
    ];
    for f in FIELDS {
        let label = match f {
            Field::Date => " Date       ",
            Field::Loop => " Loop       ",
            Field::Name => " Name       ",
        };
        let focused = form.focus == f;
        let mut value = form.value(f);
        if focused && f != Field::Loop {
            value.push('▏');
        }
        let style = if focused {
            theme.selected()
        } else if (f == Field::Date && form.date.is_empty())
            || (f == Field::Name && form.name.is_empty())
        {
            theme.dim()
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::from(vec![
            Span::styled(label, theme.dim()),
            Span::styled(value, style),
        ]));
    }
    lines.push(Line::default());
    match &form.error {
        Some(e) => lines.push(Line::styled(format!(" {}", inert(e)), theme.warn())),
        None => lines.push(Line::styled(
            format!(" Enter saves it to {}", inert(&form.config)),
            theme.good(),
        )),
    }
    let box_area = super::centered(area, 72, lines.len() as u16 + 2);
    frame.render_widget(Clear, box_area);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::bordered()
                .title(" Interview date ")
                .title_style(theme.title())
                .title_bottom(footer(theme, INTERVIEW_FORM, |_| None)),
        ),
        box_area,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> InterviewForm {
        let loops = ["applied", "ms", "nlp-mle", "phd", "phd-alt", "screen"]
            .map(|k| (k.to_string(), format!("{k} loop")))
            .to_vec();
        let today = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let mut f = InterviewForm::new(loops, today, "c.toml".into());
        f.on_key(KeyEvent::from(KeyCode::Down));
        f
    }

    fn chosen(f: &InterviewForm) -> Option<&str> {
        f.loop_choice.checked_sub(1).map(|i| f.loops[i].0.as_str())
    }

    #[test]
    fn a_letter_on_the_loop_field_jumps_to_the_next_loop_it_starts() {
        let mut f = form();
        f.on_key(KeyEvent::from(KeyCode::Char('p')));
        assert_eq!(chosen(&f), Some("phd"));
        f.on_key(KeyEvent::from(KeyCode::Char('p')));
        assert_eq!(chosen(&f), Some("phd-alt"));
        f.on_key(KeyEvent::from(KeyCode::Char('P')));
        assert_eq!(chosen(&f), Some("phd"), "wraps round, any case");
        f.on_key(KeyEvent::from(KeyCode::Char('x')));
        assert_eq!(chosen(&f), Some("phd"), "no loop starts with x");
        f.on_key(KeyEvent::from(KeyCode::Char('m')));
        f.on_key(KeyEvent::from(KeyCode::Enter));
        assert_eq!(chosen(&f), Some("ms"));
        // Enter without a date: the form says so and keeps the choice.
        assert!(
            f.error
                .as_deref()
                .is_some_and(|e| e.contains("type the interview date"))
        );
    }

    #[test]
    fn a_long_loop_name_is_cut_to_one_line_and_the_key_kept() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let long = "Applied scientist loop (Leadership Principles in every round, bar raiser)";
        let mut f = InterviewForm::new(
            vec![("applied-scientist-lp".into(), long.into())],
            today,
            "c.toml".into(),
        );
        f.on_key(KeyEvent::from(KeyCode::Down));
        f.on_key(KeyEvent::from(KeyCode::Right));
        let shown = f.value(Field::Loop);
        assert!(
            shown.starts_with("◀ applied-scientist-lp (Applied"),
            "{shown}"
        );
        assert!(
            shown.ends_with("…) ▶") && shown.chars().count() <= 56,
            "{shown}"
        );
    }
}
