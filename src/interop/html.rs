//! Anki field HTML -> markdown, and plain text -> Anki HTML. Total and linear on any input:
//! line breaks, emphasis, lists and code become markdown, entities are decoded, media become
//! a visible reference with a warning, scripts and styles vanish, every other tag is dropped
//! and control characters or escape sequences are stripped. Never interprets anything.

/// Tags whose content is dropped with them.
const DROP_CONTENT: [&str; 8] = [
    "script", "style", "head", "title", "object", "iframe", "svg", "math",
];
/// How far to look for the `>` closing a tag before the `<` is taken as text.
const MAX_TAG: usize = 2048;
/// Nested lists deeper than this are flattened.
const MAX_DEPTH: usize = 8;

/// Converts one Anki field to markdown; media and oddities are reported in `warnings`.
pub fn to_markdown(html: &str, warnings: &mut Vec<String>) -> String {
    let mut c = Converter::default();
    let mut rest = html;
    while let Some(i) = rest.find(['<', '&', '[']) {
        c.text(&rest[..i]);
        rest = &rest[i..];
        rest = if rest.starts_with('<') {
            c.tag(rest, warnings)
        } else if rest.starts_with('&') {
            let (decoded, used) = entity(rest);
            c.text_decoded(&decoded);
            &rest[used..]
        } else if let Some(file) = rest.strip_prefix("[sound:").and_then(|r| r.split_once(']')) {
            warnings.push(format!(
                "sound `{}` is not copied; it is kept as a reference",
                clean(file.0)
            ));
            c.text_decoded(&format!("[sound: {}]", file.0));
            file.1
        } else {
            c.text_decoded("[");
            &rest[1..]
        };
    }
    c.text(rest);
    c.finish()
}

/// Plain text with every control character, bidirectional override and zero-width character
/// removed (tabs become spaces; newlines stay).
pub fn clean(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\t' => Some(' '),
            c if c.is_control() => None,
            '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => None,
            '\u{feff}' => None,
            c => Some(c),
        })
        .collect()
}

/// Text as Anki HTML on one line: escaped, with `<br>` for newlines.
pub fn to_anki_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in clean(text.trim()).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

#[derive(Default)]
struct Converter {
    out: String,
    /// Open lists: ordered?, next number.
    lists: Vec<(bool, u32)>,
    /// Inside `<pre>`: the minimum fence length; the code starts at `pre_start`.
    pre: Option<usize>,
    pre_start: usize,
    /// The last character written was whitespace (collapsing runs, as HTML does).
    space: bool,
}

impl Converter {
    fn text(&mut self, s: &str) {
        if !s.is_empty() {
            self.text_decoded(s);
        }
    }

    fn text_decoded(&mut self, s: &str) {
        if self.pre.is_some() {
            self.out.push_str(s);
            return;
        }
        for ch in s.chars() {
            if ch.is_whitespace() && ch != '\u{a0}' {
                if !self.space && !self.out.is_empty() && !self.out.ends_with('\n') {
                    self.out.push(' ');
                }
                self.space = true;
            } else {
                self.out.push(if ch == '\u{a0}' { ' ' } else { ch });
                self.space = false;
            }
        }
    }

    fn newline(&mut self) {
        while self.out.ends_with(' ') {
            self.out.pop();
        }
        self.out.push('\n');
        self.space = true;
    }

    fn block(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.newline();
        }
    }

    /// Handles the tag at the start of `s`; returns what follows it.
    fn tag<'a>(&mut self, s: &'a str, warnings: &mut Vec<String>) -> &'a str {
        if let Some(body) = s.strip_prefix("<!--") {
            return body.find("-->").map_or("", |i| &body[i + 3..]);
        }
        let window = &s[..floor(s, MAX_TAG)];
        let Some(end) = window.find('>') else {
            self.text_decoded("<");
            return &s[1..];
        };
        let inner = &s[1..end];
        let after = &s[end + 1..];
        let closing = inner.starts_with('/');
        let name: String = inner
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() {
            self.text_decoded("<");
            return &s[1..];
        }
        if !closing && DROP_CONTENT.contains(&name.as_str()) {
            return closing_tag(after, &name).map_or("", |i| &after[i..]);
        }
        if let Some(open) = self.pre {
            if name == "pre" && closing {
                let code = self.out.split_off(self.pre_start);
                self.fenced(open, &code);
                self.pre = None;
            } else if name == "br" || (name == "div" && !closing) {
                self.out.push('\n');
            }
            return after;
        }
        match (name.as_str(), closing) {
            ("br", _) => self.newline(),
            ("div" | "p" | "tr" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote", _) => {
                let heading = name.starts_with('h');
                if heading && closing {
                    self.out.push_str("**");
                }
                self.block();
                if heading && !closing {
                    self.out.push_str("**");
                }
                if name == "p" && closing {
                    self.newline();
                }
            }
            ("b" | "strong", _) => self.out.push_str("**"),
            ("i" | "em", _) => self.out.push('*'),
            ("code" | "tt" | "kbd", _) => self.out.push('`'),
            ("ul" | "ol", false) => {
                self.block();
                if self.lists.len() < MAX_DEPTH {
                    self.lists.push((name == "ol", 1));
                }
            }
            ("ul" | "ol", true) => {
                self.lists.pop();
                self.block();
            }
            ("li", false) => {
                self.block();
                let depth = self.lists.len().saturating_sub(1);
                self.out.push_str(&"  ".repeat(depth));
                match self.lists.last_mut() {
                    Some((true, n)) => {
                        self.out.push_str(&format!("{n}. "));
                        *n += 1;
                    }
                    _ => self.out.push_str("- "),
                }
                self.space = true;
            }
            ("td" | "th", false) => self.text_decoded(" | "),
            ("pre", false) => {
                self.block();
                self.pre = Some(3);
                self.pre_start = self.out.len();
            }
            ("img", false) => {
                let src = attribute(inner, "src").unwrap_or_default();
                warnings.push(format!(
                    "image `{}` is not copied; it is kept as a reference",
                    clean(&src)
                ));
                self.text_decoded(&format!("[image: {src}]"));
            }
            _ => {}
        }
        after
    }

    /// Writes `code` as a fenced block, the fence longer than any backtick run inside.
    fn fenced(&mut self, min: usize, code: &str) {
        let fence = "`".repeat(min.max(longest_run(code, '`') + 1));
        let code = code.trim_matches('\n');
        self.out.push_str(&format!("{fence}\n{code}\n{fence}\n"));
        self.space = true;
    }

    fn finish(mut self) -> String {
        if let Some(open) = self.pre {
            let code = self.out.split_off(self.pre_start);
            self.fenced(open, &code);
        }
        let text = clean(&self.out);
        let mut lines: Vec<&str> = Vec::new();
        for line in text.lines().map(str::trim_end) {
            if line.is_empty() && lines.last().is_none_or(|l: &&str| l.is_empty()) {
                continue;
            }
            lines.push(line);
        }
        while lines.last().is_some_and(|l| l.is_empty()) {
            lines.pop();
        }
        lines.join("\n")
    }
}

/// Where `</name` (any case) starts in `s`, without copying `s`.
fn closing_tag(s: &str, name: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = s[from..].find("</") {
        let at = from + i;
        let tail = s.as_bytes().get(at + 2..at + 2 + name.len());
        if tail.is_some_and(|t| t.eq_ignore_ascii_case(name.as_bytes())) {
            return Some(at);
        }
        from = at + 2;
    }
    None
}

/// The longest run of `ch` in `s`.
fn longest_run(s: &str, ch: char) -> usize {
    let (mut best, mut cur) = (0, 0);
    for c in s.chars() {
        cur = if c == ch { cur + 1 } else { 0 };
        best = best.max(cur);
    }
    best
}

/// The largest char boundary at or below `n`.
fn floor(s: &str, n: usize) -> usize {
    let mut n = n.min(s.len());
    while !s.is_char_boundary(n) {
        n -= 1;
    }
    n
}

/// An attribute's value inside a tag (`src="a.png"`, `src='a.png'` or `src=a.png`).
fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let at = lower.find(&format!("{name}="))? + name.len() + 1;
    let rest = tag.get(at..)?;
    let value = match rest.chars().next()? {
        q @ ('"' | '\'') => rest[1..].split(q).next()?,
        _ => rest.split(|c: char| c.is_whitespace() || c == '/').next()?,
    };
    let mut ignored = Vec::new();
    Some(to_markdown(value, &mut ignored))
}

/// Decodes the entity at the start of `s`; returns the text and the bytes used. An unknown
/// or malformed entity is a literal `&`.
fn entity(s: &str) -> (String, usize) {
    let Some(end) = s[..floor(s, 12)].find(';') else {
        return ("&".into(), 1);
    };
    let name = &s[1..end];
    let named = match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" | "#39" => Some('\''),
        "nbsp" => Some('\u{a0}'),
        "ndash" => Some('–'),
        "mdash" => Some('—'),
        "hellip" => Some('…'),
        "laquo" => Some('«'),
        "raquo" => Some('»'),
        "times" => Some('×'),
        _ => None,
    };
    let numeric = || {
        let n = name.strip_prefix('#')?;
        let v = match n.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => n.parse().ok()?,
        };
        char::from_u32(v)
    };
    match named.or_else(numeric) {
        Some(c) => (c.to_string(), end + 1),
        None => ("&".into(), 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(html: &str) -> String {
        to_markdown(html, &mut Vec::new())
    }

    #[test]
    fn common_anki_markup_becomes_markdown() {
        assert_eq!(md("one<br>two<div>three</div>"), "one\ntwo\nthree");
        assert_eq!(md("<b>bold</b> and <i>it</i>"), "**bold** and *it*");
        assert_eq!(md("<ul><li>a</li><li>b</li></ul>"), "- a\n- b");
        assert_eq!(md("<ol><li>a</li><li>b</li></ol>"), "1. a\n2. b");
        assert_eq!(
            md("x &lt;y&gt; &amp;&#65;&#x42; &bogus; &"),
            "x <y> &AB &bogus; &"
        );
        assert_eq!(md("<pre>a ``` b\n  c</pre>"), "````\na ``` b\n  c\n````");
        assert_eq!(md("<code>x</code>"), "`x`");
    }

    #[test]
    fn hostile_markup_is_dropped_and_media_reported() {
        let mut w = Vec::new();
        let out = to_markdown(
            "<script>alert(1)</script>hi\x1b[31m<img src=\"a.png\" onerror=x>[sound:b.mp3]<style>p{}</style><!-- c",
            &mut w,
        );
        assert_eq!(out, "hi[31m[image: a.png][sound: b.mp3]");
        assert_eq!(w.len(), 2);
        assert_eq!(md("a < b <<<< c"), "a < b <<<< c");
        assert_eq!(md("<scr<script>ipt>x"), "ipt>x");
    }
}
