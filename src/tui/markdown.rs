//! Markdown -> ratatui lines: headings, emphasis, inline code, fenced code blocks, nested
//! lists, tables with aligned columns, block quotes, rules and math spans. All text passes
//! through [`inert`] first, so content can never emit control sequences.

use super::theme::Theme;
use crate::content::inert;
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

/// Renders markdown into owned lines.
pub fn render(md: &str, theme: &Theme) -> Vec<Line<'static>> {
    let mut r = Renderer {
        theme: *theme,
        lines: Vec::new(),
        cur: Vec::new(),
        styles: vec![Style::new()],
        lists: Vec::new(),
        quote: 0,
        code: None,
        table: None,
        pending_prefix: None,
    };
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_MATH
        | Options::ENABLE_TASKLISTS;
    for ev in Parser::new_ext(md, opts) {
        r.event(ev);
    }
    r.flush();
    while r
        .lines
        .last()
        .is_some_and(|l| l.spans.iter().all(|s| s.content.trim().is_empty()))
    {
        r.lines.pop();
    }
    r.lines
}

struct Table {
    rows: Vec<Vec<String>>,
    cell: String,
    row: Vec<String>,
    header_rows: usize,
    in_head: bool,
}

struct Renderer {
    theme: Theme,
    lines: Vec<Line<'static>>,
    cur: Vec<Span<'static>>,
    styles: Vec<Style>,
    lists: Vec<Option<u64>>,
    quote: usize,
    code: Option<Vec<String>>,
    table: Option<Table>,
    pending_prefix: Option<String>,
}

impl Renderer {
    fn style(&self) -> Style {
        *self.styles.last().unwrap_or(&Style::new())
    }
    fn push_style(&mut self, s: Style) {
        let base = self.style();
        self.styles.push(base.patch(s));
    }
    fn pop_style(&mut self) {
        if self.styles.len() > 1 {
            self.styles.pop();
        }
    }
    fn text(&mut self, t: &str, style: Style) {
        if let Some(table) = self.table.as_mut() {
            table.cell.push_str(&inert(t));
            return;
        }
        if self.cur.is_empty() {
            let mut prefix = "│ ".repeat(self.quote);
            if let Some(p) = self.pending_prefix.take() {
                prefix.push_str(&p);
            } else if !self.lists.is_empty() {
                prefix.push_str(&"  ".repeat(self.lists.len()));
            }
            if !prefix.is_empty() {
                self.cur.push(Span::styled(prefix, self.theme.dim()));
            }
        }
        self.cur.push(Span::styled(inert(t).into_owned(), style));
    }
    fn flush(&mut self) {
        if !self.cur.is_empty() {
            self.lines.push(Line::from(std::mem::take(&mut self.cur)));
        }
    }
    fn blank(&mut self) {
        self.flush();
        if self.lines.last().is_some_and(|l| !l.spans.is_empty()) {
            self.lines.push(Line::default());
        }
    }

    fn event(&mut self, ev: Event<'_>) {
        match ev {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => {
                if let Some(code) = self.code.as_mut() {
                    let s = inert(&t).into_owned();
                    let mut parts = s.split('\n');
                    if let Some(first) = parts.next() {
                        if let Some(last) = code.last_mut() {
                            last.push_str(first);
                        } else {
                            code.push(first.to_string());
                        }
                    }
                    code.extend(parts.map(str::to_string));
                } else {
                    let st = self.style();
                    self.text(&t, st);
                }
            }
            Event::Code(t) => {
                let st = self.style().patch(self.theme.code());
                self.text(&t, st);
            }
            Event::InlineMath(t) => {
                let st = self
                    .style()
                    .patch(self.theme.code())
                    .add_modifier(Modifier::ITALIC);
                self.text(&t, st);
            }
            Event::DisplayMath(t) => {
                self.flush();
                let st = self.theme.code().add_modifier(Modifier::ITALIC);
                for l in t.trim().lines() {
                    self.text(&format!("    {l}"), st);
                    self.flush();
                }
            }
            Event::Html(t) | Event::InlineHtml(t) => {
                let st = self.theme.dim();
                self.text(t.trim_end_matches('\n'), st);
            }
            Event::SoftBreak => {
                if let Some(t) = self.table.as_mut() {
                    t.cell.push(' ');
                } else {
                    let st = self.style();
                    self.text(" ", st);
                }
            }
            Event::HardBreak => self.flush(),
            Event::Rule => {
                self.blank();
                self.lines
                    .push(Line::styled("─".repeat(40), self.theme.dim()));
            }
            Event::TaskListMarker(done) => {
                let st = self.theme.accent();
                self.text(if done { "[x] " } else { "[ ] " }, st);
            }
            Event::FootnoteReference(t) => {
                let st = self.theme.dim();
                self.text(&format!("[{t}]"), st);
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph if self.lists.is_empty() => self.blank(),
            Tag::Heading { level, .. } => {
                self.blank();
                let marker = match level {
                    HeadingLevel::H1 | HeadingLevel::H2 => "",
                    _ => "▸ ",
                };
                let st = self.theme.heading();
                self.push_style(st);
                if !marker.is_empty() {
                    self.text(marker, st);
                }
            }
            Tag::BlockQuote(_) => {
                self.blank();
                self.quote += 1;
            }
            Tag::CodeBlock(kind) => {
                self.blank();
                if let CodeBlockKind::Fenced(lang) = kind
                    && !lang.is_empty()
                {
                    self.lines.push(Line::styled(
                        format!("  {}", inert(&lang)),
                        self.theme.dim(),
                    ));
                }
                self.code = Some(Vec::new());
            }
            Tag::List(start) => {
                if self.lists.is_empty() {
                    self.blank();
                } else {
                    self.flush();
                }
                self.lists.push(start);
            }
            Tag::Item => {
                self.flush();
                let depth = self.lists.len().saturating_sub(1);
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        let m = format!("{n}. ");
                        *n += 1;
                        m
                    }
                    _ => ["• ", "◦ ", "▪ "][depth % 3].to_string(),
                };
                self.pending_prefix = Some(format!("{}{}", "  ".repeat(depth), marker));
            }
            Tag::Table(_) => {
                self.blank();
                self.table = Some(Table {
                    rows: Vec::new(),
                    cell: String::new(),
                    row: Vec::new(),
                    header_rows: 0,
                    in_head: false,
                });
            }
            Tag::TableHead => {
                if let Some(t) = self.table.as_mut() {
                    t.in_head = true;
                }
            }
            Tag::TableRow | Tag::TableCell => {}
            Tag::Emphasis => self.push_style(Style::new().add_modifier(Modifier::ITALIC)),
            Tag::Strong => self.push_style(Style::new().add_modifier(Modifier::BOLD)),
            Tag::Strikethrough => self.push_style(Style::new().add_modifier(Modifier::CROSSED_OUT)),
            Tag::Link { .. } => self.push_style(Style::new().add_modifier(Modifier::UNDERLINED)),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.flush(),
            TagEnd::Heading(_) => {
                self.pop_style();
                self.flush();
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.quote = self.quote.saturating_sub(1);
            }
            TagEnd::CodeBlock => {
                let code = self.code.take().unwrap_or_default();
                let n = code.len();
                for (i, l) in code.into_iter().enumerate() {
                    if i + 1 == n && l.is_empty() {
                        break;
                    }
                    let mut spans = Vec::new();
                    if self.quote > 0 {
                        spans.push(Span::styled("│ ".repeat(self.quote), self.theme.dim()));
                    }
                    spans.push(Span::styled("  │ ", self.theme.dim()));
                    spans.push(Span::styled(l, self.theme.code()));
                    self.lines.push(Line::from(spans));
                }
                self.lines.push(Line::default());
            }
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
                if self.lists.is_empty() {
                    self.lines.push(Line::default());
                }
            }
            TagEnd::Item => {
                if self.pending_prefix.is_some() {
                    // An empty item still shows its marker.
                    let st = self.style();
                    self.text("", st);
                }
                self.flush();
            }
            TagEnd::TableCell => {
                if let Some(t) = self.table.as_mut() {
                    let cell = std::mem::take(&mut t.cell);
                    t.row.push(cell.trim().to_string());
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(t) = self.table.as_mut() {
                    let row = std::mem::take(&mut t.row);
                    t.rows.push(row);
                    if t.in_head {
                        t.header_rows = t.rows.len();
                        t.in_head = false;
                    }
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    self.table_lines(t);
                }
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link => {
                self.pop_style()
            }
            _ => {}
        }
    }

    fn table_lines(&mut self, t: Table) {
        use unicode_width::UnicodeWidthStr;
        let cols = t.rows.iter().map(|r| r.len()).max().unwrap_or(0);
        let mut widths = vec![0usize; cols];
        for r in &t.rows {
            for (i, c) in r.iter().enumerate() {
                widths[i] = widths[i].max(c.width()).min(40);
            }
        }
        for (ri, r) in t.rows.iter().enumerate() {
            let mut spans = vec![Span::styled("  ", self.theme.dim())];
            for (i, w) in widths.iter().enumerate() {
                let c = r.get(i).map(String::as_str).unwrap_or("");
                let pad = w.saturating_sub(c.width());
                let style = if ri < t.header_rows {
                    Style::new().add_modifier(Modifier::BOLD)
                } else {
                    Style::new()
                };
                spans.push(Span::styled(format!("{c}{}", " ".repeat(pad)), style));
                if i + 1 < cols {
                    spans.push(Span::styled(" │ ", self.theme.dim()));
                }
            }
            self.lines.push(Line::from(spans));
            if ri + 1 == t.header_rows {
                let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
                self.lines.push(Line::styled(
                    format!("  {}", rule.join("─┼─")),
                    self.theme.dim(),
                ));
            }
        }
        self.lines.push(Line::default());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(md: &str) -> Vec<String> {
        render(md, &Theme { color: false })
            .iter()
            .map(|l| {
                l.spans
                    .iter()
                    .map(|s| s.content.as_ref())
                    .collect::<String>()
            })
            .collect()
    }

    #[test]
    fn lists_code_and_tables_render_legibly() {
        let out = plain(
            "Intro *text*.\n\n- one\n- two\n  1. nested\n\n```python\nx = 1\n```\n\n| a | bb |\n|---|---|\n| 1 | 2 |\n",
        );
        assert_eq!(out[0], "Intro text.");
        assert!(out.contains(&"• one".to_string()), "{out:?}");
        assert!(out.iter().any(|l| l.contains("1. nested")), "{out:?}");
        assert!(out.contains(&"  │ x = 1".to_string()), "{out:?}");
        assert!(out.contains(&"  a │ bb".to_string()), "{out:?}");
        assert!(out.contains(&"  1 │ 2 ".to_string()), "{out:?}");
    }

    #[test]
    fn escape_sequences_in_content_are_inert() {
        let out = plain("evil \x1b[2J\x1b[31mred\x07 and `\x1b]0;title\x07`");
        let joined = out.join("\n");
        assert!(!joined.contains('\x1b'));
        assert!(!joined.contains('\x07'));
        assert!(joined.contains("^[[2J"));
    }
}
