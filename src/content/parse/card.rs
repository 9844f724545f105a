//! Building one card: its heading and id, metadata lines, sections, list items, and the checks
//! made when the card ends.

use super::*;

pub(super) fn start_card(
    b: &mut Builder<'_>,
    rest: &str,
    lineno: usize,
    off: usize,
    body_start: usize,
) -> Pending {
    let rest = rest.trim();
    let (prompt, id, derived) = match rest.rfind("{#") {
        Some(i) if rest.ends_with('}') => {
            let id = rest[i + 2..rest.len() - 1].trim().to_string();
            (rest[..i].trim().to_string(), id, false)
        }
        _ => {
            let id = slugify(rest);
            b.report(lineno, Severity::Warning, format!("card has no `{{#id}}`; using `{id}` derived from the prompt (run `mlprep check --fix` to write it into the file)"));
            (rest.to_string(), id, true)
        }
    };
    let mut bad = false;
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
    {
        b.report(
            lineno,
            Severity::Error,
            format!("card id `{id}` is not valid: use letters, digits, `-`, `_`, `.` or `:`"),
        );
        bad = true;
    }
    if prompt.is_empty() {
        b.report(lineno, Severity::Error, "card heading has no prompt text");
        bad = true;
    }
    Pending {
        line: lineno,
        start: off,
        id,
        prompt,
        derived_id: derived,
        meta_open: true,
        meta: Meta::default(),
        sections: Vec::new(),
        current: Section::Body,
        current_start: body_start,
        current_line: lineno,
        bad,
    }
}

pub(super) fn meta_line(line: &str) -> Option<(&str, &str)> {
    let (key, value) = line.split_once(':')?;
    let key = key.trim_end();
    (!key.is_empty()
        && key.len() <= 20
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '-' || c == '_'))
    .then_some((key, value.trim()))
}

pub(super) fn list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(|s| s.trim().trim_matches(['[', ']', '"']).to_lowercase())
        .filter(|s| !s.is_empty())
        .collect()
}

pub(super) fn apply_meta(
    b: &mut Builder<'_>,
    p: &mut Pending,
    key: &str,
    value: &str,
    lineno: usize,
) {
    match key {
        "difficulty" => match Difficulty::from_slug(value) {
            Some(d) => p.meta.difficulty = Some(d),
            None => b.report(
                lineno,
                Severity::Error,
                format!("difficulty `{value}` is not easy, medium or hard"),
            ),
        },
        "tags" => p.meta.tags = list(value),
        "companies" => p.meta.companies = list(value),
        "requires" => p.meta.requires = list(value),
        "siblings" => p.meta.siblings = list(value),
        "related" => p.meta.related = Some(value.to_string()),
        "aliases" => p.meta.aliases = list(value),
        "minutes" => match value.parse::<u32>() {
            Ok(m) if (1..=600).contains(&m) => p.meta.minutes = Some(m),
            _ => b.report(
                lineno,
                Severity::Error,
                format!("minutes `{value}` is not a whole number between 1 and 600"),
            ),
        },
        "timeout" => match value.trim_end_matches('s').parse::<f32>() {
            Ok(t) if t > 0.0 && t <= 600.0 => p.meta.timeout = Some(t),
            _ => b.report(
                lineno,
                Severity::Error,
                format!("timeout `{value}` is not a number of seconds between 0 and 600"),
            ),
        },
        "lp" => {
            let lps = list(value);
            for lp in &lps {
                if !LP_SLUGS.contains(&lp.as_str()) {
                    b.report(
                        lineno,
                        Severity::Warning,
                        format!(
                            "unknown Leadership Principle `{lp}` (known: {})",
                            LP_SLUGS.join(", ")
                        ),
                    );
                }
            }
            p.meta.lps = lps;
        }
        _ => {}
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) fn finish(
    b: &mut Builder<'_>,
    mut p: Pending,
    end: usize,
    kind: Kind,
    defaults: &Defaults,
    deck_path: &Arc<str>,
    deck_title: &Arc<str>,
    src: &Arc<String>,
    cards: &mut Vec<Card>,
) {
    p.sections
        .push((p.current, p.current_line, p.current_start, end));
    let size = end - p.start;
    if size > MAX_CARD_BYTES {
        b.report(
            p.line,
            Severity::Error,
            format!(
                "card `{}` is {:.1} MB; the limit is {} KB per card, so it is not loaded",
                p.id,
                size as f64 / 1e6,
                MAX_CARD_BYTES / 1024
            ),
        );
        return;
    }
    let text = b.src;
    let mut card = Card {
        id: p.id.clone(),
        kind,
        deck: deck_path.clone(),
        deck_title: deck_title.clone(),
        line: p.line as u32,
        prompt: p.prompt,
        difficulty: p.meta.difficulty.or(defaults.difficulty),
        tags: merge(&defaults.tags, p.meta.tags),
        minutes: p.meta.minutes.or(defaults.minutes),
        companies: if p.meta.companies.is_empty() {
            defaults.companies.clone()
        } else {
            p.meta.companies
        },
        lps: p.meta.lps,
        related: p.meta.related,
        aliases: p.meta.aliases,
        timeout: p.meta.timeout,
        requires: p.meta.requires,
        siblings: merge(&defaults.siblings, p.meta.siblings),
        hash: hash_bytes(&text.as_bytes()[p.start..end]),
        src: src.clone(),
        body: Span::default(),
        hints: Vec::new(),
        answer: Span::default(),
        key_points: Vec::new(),
        follow_ups: Vec::new(),
        starter: None,
        tests: None,
        solution: None,
    };
    for &(sec, line, start, stop) in &p.sections {
        let span = trim_span(text, start, stop);
        match sec {
            Section::Body => card.body = span,
            Section::Answer => card.answer = span,
            Section::Hints => card.hints = list_items(text, span),
            Section::KeyPoints => card.key_points = list_items(text, span),
            Section::FollowUps => card.follow_ups = list_items(text, span),
            Section::Starter | Section::Tests | Section::Solution => {
                let body = &text[span.start as usize..span.end as usize];
                match crate::content::first_fenced_block(body) {
                    None => b.report(
                        line,
                        Severity::Error,
                        format!(
                            "`{}` of card `{}` needs a fenced code block (```python ... ```)",
                            sec.name(),
                            card.id
                        ),
                    ),
                    Some(code)
                        if sec == Section::Tests
                            && !code
                                .lines()
                                .any(|l| l.trim_start().starts_with("def test_")) =>
                    {
                        b.report(
                            line,
                            Severity::Error,
                            format!(
                                "`Tests` of card `{}` defines no `def test_...()` function",
                                card.id
                            ),
                        );
                    }
                    Some(_) => {}
                }
                match sec {
                    Section::Starter => card.starter = Some(span),
                    Section::Tests => card.tests = Some(span),
                    _ => card.solution = Some(span),
                }
            }
            Section::Unknown => {}
        }
    }
    if card.answer.is_empty() {
        b.report(
            p.line,
            Severity::Error,
            format!(
                "card `{}` has no answer: add a `### Answer` section",
                card.id
            ),
        );
        return;
    }
    if kind.is_coding() {
        let present = [
            card.starter.is_some(),
            card.tests.is_some(),
            card.solution.is_some(),
        ];
        if present.iter().any(|x| *x) && !present.iter().all(|x| *x) {
            b.report(
                p.line,
                Severity::Error,
                format!(
                    "coding card `{}` has some but not all of Starter, Tests and Solution",
                    card.id
                ),
            );
        } else if !present[0] {
            b.report(
                p.line,
                Severity::Warning,
                format!(
                    "coding card `{}` has no Starter / Tests / Solution, so it cannot be practised",
                    card.id
                ),
            );
        }
    }
    let _ = p.derived_id;
    if !p.bad {
        cards.push(card);
    }
}

pub(super) fn merge(defaults: &[String], own: Vec<String>) -> Vec<String> {
    if defaults.is_empty() {
        return own;
    }
    let mut out = defaults.to_vec();
    for t in own {
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

pub(super) fn trim_span(text: &str, start: usize, end: usize) -> Span {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    let (a, z) = (start + lead, end - trail);
    if a >= z {
        Span {
            start: a as u32,
            end: a as u32,
        }
    } else {
        Span {
            start: a as u32,
            end: z as u32,
        }
    }
}

/// Top-level list items of a section; a section without a list is one item.
pub(super) fn list_items(text: &str, span: Span) -> Vec<Span> {
    if span.is_empty() {
        return Vec::new();
    }
    let (base, body) = (
        span.start as usize,
        &text[span.start as usize..span.end as usize],
    );
    let mut items: Vec<(usize, usize)> = Vec::new();
    let mut off = 0;
    let mut in_fence = false;
    for line in body.split_inclusive('\n') {
        let t = line.trim_start();
        let indent = line.len() - t.len();
        if fence(t).is_some() {
            in_fence = !in_fence;
        }
        if !in_fence
            && indent <= 1
            && let Some(marker) = list_marker(t)
        {
            if let Some(last) = items.last_mut() {
                last.1 = off;
            }
            items.push((off + indent + marker, body.len()));
        }
        off += line.len();
    }
    if items.is_empty() {
        return vec![span];
    }
    items
        .into_iter()
        .map(|(a, z)| trim_span(text, base + a, base + z))
        .filter(|s| !s.is_empty())
        .collect()
}

pub(super) fn list_marker(t: &str) -> Option<usize> {
    let bytes = t.as_bytes();
    if bytes.len() >= 2 && matches!(bytes[0], b'-' | b'*' | b'+') && bytes[1] == b' ' {
        return Some(2);
    }
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    if (1..=3).contains(&digits)
        && bytes.len() > digits + 1
        && matches!(bytes[digits], b'.' | b')')
        && bytes[digits + 1] == b' '
    {
        return Some(digits + 2);
    }
    None
}
