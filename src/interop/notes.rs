//! Anki notes as mlprep sees them: reading Anki's plain-text notes export (`#separator:`,
//! `#html:`, `#tags column:` headers, quoted multi-line fields), turning fields into markdown
//! (cloze deletions included), and rendering notes as a deck that always passes `check`.
//! Pure functions of text; the file system and the database are elsewhere.

use super::html::{clean, to_markdown};
use crate::content::{Kind, fence};

/// Field text kept per side; longer fields are cut with a note (a card is at most 256 KB).
pub const MAX_FIELD: usize = 64 * 1024;
/// Notes in one plain-text file.
pub const MAX_TEXT_NOTES: usize = 200_000;

/// A note ready to become a card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// `anki-<note id>` (or a hash of the guid / front for plain text).
    pub id: String,
    /// Markdown.
    pub front: String,
    pub back: String,
    pub tags: Vec<String>,
}

/// Builds a note from Anki fields (HTML unless `html` is false).
pub fn note(
    id: String,
    fields: &[&str],
    tags: &str,
    html: bool,
    cloze: bool,
    warnings: &mut Vec<String>,
) -> Note {
    let convert = |s: &str, w: &mut Vec<String>| {
        let s = cut(s, w, &id);
        if html {
            to_markdown(&s, w)
        } else {
            clean(&s).trim().to_string()
        }
    };
    let first = fields.first().copied().unwrap_or("");
    let id_for_cut = id.clone();
    let fit = |s: String, w: &mut Vec<String>| cut(&s, w, &id_for_cut);
    let (front, mut back) = if cloze {
        (
            convert(&close_clozes(first, false), warnings),
            convert(&close_clozes(first, true), warnings),
        )
    } else {
        (convert(first, warnings), String::new())
    };
    for extra in fields.iter().skip(1) {
        let md = convert(extra, warnings);
        if !md.is_empty() {
            if !back.is_empty() {
                back.push_str("\n\n");
            }
            back.push_str(&md);
        }
    }
    Note {
        front: fit(front, warnings),
        back: fit(back, warnings),
        id,
        tags: tag_list(tags),
    }
}

fn cut(s: &str, warnings: &mut Vec<String>, id: &str) -> String {
    if s.len() <= MAX_FIELD {
        return s.to_string();
    }
    let mut n = MAX_FIELD;
    while !s.is_char_boundary(n) {
        n -= 1;
    }
    warnings.push(format!(
        "{id}: a field over {} KB was cut",
        MAX_FIELD / 1024
    ));
    format!("{} (cut on import)", &s[..n])
}

/// Anki tags (space-separated) as deck tags: lowercase, only safe characters, no duplicates.
pub fn tag_list(tags: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in tags.split_whitespace() {
        let t: String = t
            .to_lowercase()
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || "-_:./".contains(c) {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        if !t.is_empty() && !out.contains(&t) && out.len() < 50 {
            out.push(t);
        }
    }
    out
}

/// Replaces `{{c1::text::hint}}` with `[...]` / `[hint]` (question) or `text` (answer).
fn close_clozes(s: &str, reveal: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    let last_close = s.rfind("}}");
    while let Some(i) = rest.find("{{c") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 3..];
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        let body = after[digits..].strip_prefix("::").filter(|_| digits > 0);
        match body.and_then(|b| b.find("}}").map(|j| (&b[..j], &b[j + 2..]))) {
            Some((inner, tail)) => {
                let (text, hint) = inner.split_once("::").unwrap_or((inner, ""));
                if reveal {
                    out.push_str(text);
                } else if hint.is_empty() {
                    out.push_str("[...]");
                } else {
                    out.push_str(&format!("[{hint}]"));
                }
                rest = tail;
            }
            None if last_close.is_none_or(|l| l < s.len() - after.len()) => {
                // Nothing closes from here on: the rest is plain text (and this stays linear).
                out.push_str("{{c");
                rest = after;
                break;
            }
            None => {
                out.push_str("{{c");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Reads Anki's "Notes in Plain Text" export. Header lines set the separator, whether fields
/// are HTML and which columns hold tags, guid, note type and deck.
pub fn parse_notes_text(text: &str, warnings: &mut Vec<String>) -> Result<Vec<Note>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (mut sep, mut html) = ('\t', true);
    let (mut tags_col, mut guid_col) = (None, None);
    let mut meta_cols: Vec<usize> = Vec::new();
    let mut body = text;
    while let Some(line) = body.strip_prefix('#') {
        let (line, rest) = line.split_once('\n').unwrap_or((line, ""));
        body = rest;
        let (key, value) = line
            .trim_end_matches('\r')
            .split_once(':')
            .unwrap_or((line, ""));
        let column = || {
            value
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|n| *n >= 1)
                .map(|n| n - 1)
        };
        match key.trim().to_ascii_lowercase().as_str() {
            "separator" => {
                sep = match value.trim().to_ascii_lowercase().as_str() {
                    "tab" => '\t',
                    "comma" => ',',
                    "semicolon" => ';',
                    "space" => ' ',
                    "pipe" => '|',
                    "colon" => ':',
                    v if v.chars().count() == 1 => v.chars().next().unwrap_or('\t'),
                    other => return Err(format!("unknown separator `{}`", clean(other))),
                }
            }
            "html" => html = value.trim().eq_ignore_ascii_case("true"),
            "tags column" => tags_col = column(),
            "guid column" => guid_col = column(),
            "notetype column" | "deck column" => meta_cols.extend(column()),
            _ => {}
        }
    }
    meta_cols.extend(tags_col);
    meta_cols.extend(guid_col);
    let mut notes = Vec::new();
    for (n, record) in records(body, sep).enumerate() {
        let record = record.map_err(|e| format!("note {}: {e}", n + 1))?;
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if notes.len() >= MAX_TEXT_NOTES {
            return Err(format!("more than {MAX_TEXT_NOTES} notes"));
        }
        let fields: Vec<&str> = record
            .iter()
            .enumerate()
            .filter(|(i, _)| !meta_cols.contains(i))
            .map(|(_, f)| f.as_str())
            .collect();
        let pick = |c: Option<usize>| c.and_then(|c| record.get(c)).map(String::as_str);
        let key = pick(guid_col).unwrap_or(fields.first().copied().unwrap_or(""));
        let id = format!("anki-{:012x}", fnv(key) & 0xffff_ffff_ffff);
        let cloze = fields.first().is_some_and(|f| f.contains("{{c"));
        notes.push(note(
            id,
            &fields,
            pick(tags_col).unwrap_or(""),
            html,
            cloze,
            warnings,
        ));
    }
    Ok(notes)
}

/// Splits text into records of fields; a field in double quotes may hold the separator,
/// newlines and `""` for a quote.
fn records(text: &str, sep: char) -> impl Iterator<Item = Result<Vec<String>, String>> + '_ {
    let mut chars = text.chars().peekable();
    std::iter::from_fn(move || {
        chars.peek()?;
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        let mut at_start = true;
        loop {
            let Some(c) = chars.next() else {
                if quoted {
                    return Some(Err("a quoted field is never closed".into()));
                }
                fields.push(field);
                return Some(Ok(fields));
            };
            match c {
                '"' if at_start && !quoted => quoted = true,
                '"' if quoted && chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' if quoted => quoted = false,
                '\n' if !quoted => {
                    if field.ends_with('\r') {
                        field.pop();
                    }
                    fields.push(field);
                    return Some(Ok(fields));
                }
                c if c == sep && !quoted => {
                    fields.push(std::mem::take(&mut field));
                    at_start = true;
                    continue;
                }
                c => field.push(c),
            }
            at_start = false;
        }
    })
}

fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    })
}

/// Renders notes as one deck file. Whatever the notes hold, the result parses with no error:
/// the prompt is one line, lines that would start a card or section are escaped, code fences
/// are closed, and ids are unique.
pub fn render_deck(title: &str, kind: Kind, notes: &[Note]) -> String {
    let title = clean(title).replace('\n', " ");
    let mut out = format!(
        "+++\ntitle = {}\nkind = \"{}\"\ntags = [\"anki\"]\n+++\n",
        toml::Value::String(title.trim().to_string()),
        kind.slug()
    );
    let mut used = std::collections::HashSet::new();
    for n in notes {
        let mut id = n.id.clone();
        let mut k = 2;
        while !used.insert(id.clone()) {
            id = format!("{}-{k}", n.id);
            k += 1;
        }
        let front = clean(&n.front);
        let front = front.trim();
        let (first, rest) = front.split_once('\n').unwrap_or((front, ""));
        let first = first.trim();
        let cut = first
            .char_indices()
            .nth(300)
            .map_or(first.len(), |(i, _)| i);
        let prompt = if first.is_empty() {
            format!("Anki note {id}")
        } else {
            first[..cut].replace("{#", "{ #")
        };
        let rest = format!("{}\n{rest}", &first[cut..]);
        let rest = rest.trim();
        out.push_str(&format!("\n## {prompt} {{#{id}}}\n"));
        if !n.tags.is_empty() {
            out.push_str(&format!("tags: {}\n", n.tags.join(", ")));
        }
        out.push('\n');
        if !rest.is_empty() {
            out.push_str(&safe_block(rest));
            out.push('\n');
        }
        let back = clean(&n.back);
        let back = if back.trim().is_empty() {
            "(empty in Anki)"
        } else {
            back.trim()
        };
        out.push_str("### Answer\n");
        out.push_str(&safe_block(back));
    }
    out
}

/// Markdown text made safe inside a card: outside code fences, a line that would start a
/// card or a section is escaped; a fence left open is closed. Ends with a newline.
fn safe_block(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut open: Option<(char, usize)> = None;
    for line in text.lines() {
        let t = line.trim_start();
        match open {
            Some((ch, n)) => {
                if fence(t).is_some_and(|(c2, n2)| c2 == ch && n2 >= n)
                    && t.trim_end().chars().all(|c| c == ch)
                {
                    open = None;
                }
            }
            None => {
                if let Some(f) = fence(t) {
                    open = Some(f);
                } else if line.starts_with('#') || line.trim_end() == "+++" {
                    out.push('\\');
                }
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    if let Some((ch, n)) = open {
        out.push_str(&ch.to_string().repeat(n));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Severity, parse_deck};

    #[test]
    fn plain_text_export_headers_and_quoted_fields_are_read() {
        let text = "#separator:tab\n#html:true\n#tags column:3\nWhat is <b>L2</b>?\t\"sum of\nsquares\"\tmath ml::reg\n{{c1::Adam::optimizer}} uses moments\t\t\n";
        let mut w = Vec::new();
        let notes = parse_notes_text(text, &mut w).unwrap();
        assert_eq!(notes.len(), 2);
        assert_eq!(notes[0].front, "What is **L2**?");
        assert_eq!(notes[0].back, "sum of squares");
        assert_eq!(notes[0].tags, vec!["math", "ml::reg"]);
        assert_eq!(notes[1].front, "[optimizer] uses moments");
        assert_eq!(notes[1].back, "Adam uses moments");
    }

    #[test]
    fn rendered_decks_parse_cleanly_whatever_the_notes_hold() {
        let hostile = Note {
            id: "anki-1".into(),
            front: "\n\n## not a card {#x}\nline two\n```\nopen fence".into(),
            back: "### Answer\n+++\n\x1b[2Jcleared".into(),
            tags: vec!["a".into()],
        };
        let empty = Note {
            id: "anki-1".into(),
            front: String::new(),
            back: String::new(),
            tags: vec![],
        };
        let deck = render_deck("My \"deck\"\x07", Kind::Breadth, &[hostile, empty]);
        let (d, problems) = parse_deck("anki.md", deck.as_bytes());
        let errors: Vec<_> = problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{errors:?}\n{deck}");
        let d = d.unwrap();
        assert_eq!(d.title, "My \"deck\"");
        assert_eq!(d.cards.len(), 2);
        assert_eq!(d.cards[0].prompt, "## not a card { #x}");
        assert_eq!(d.cards[1].id, "anki-1-2");
        assert!(!deck.contains('\x1b'));
    }
}
