//! The review log as CSV in the FSRS tools' layout (`card_id, review_time, review_rating,
//! review_state, review_duration`, times in ms since the epoch), plus the state after each
//! review (`stability, difficulty, due`). Parsing is strict and total: every row is either a
//! review or a rejection with its line number; nothing here panics on any input.

use crate::schedule::{Grade, Phase};
use crate::store::{ImportedReview, LoggedReview};
use chrono::{DateTime, NaiveDateTime, Utc};
use std::io::Write;

/// The header `export reviews` writes and `import reviews` understands.
pub const HEADER: &str =
    "card_id,review_time,review_rating,review_state,review_duration,stability,difficulty,due";

/// Longest card id accepted (mlprep ids are short slugs).
const MAX_ID: usize = 200;

/// Writes the log as CSV, one review per line, oldest first.
pub fn write_csv<W: Write + ?Sized>(out: &mut W, reviews: &[LoggedReview]) -> std::io::Result<()> {
    writeln!(out, "{HEADER}")?;
    for r in reviews {
        let state = match r.phase_before {
            Phase::New => 0,
            Phase::Learning => 1,
            Phase::Review => 2,
            Phase::Relearning => 3,
        };
        let f = |v: Option<f32>| v.map(|x| x.to_string()).unwrap_or_default();
        writeln!(
            out,
            "{},{},{},{},{},{},{},{}",
            r.card_id,
            r.at.timestamp_millis(),
            r.grade as i64,
            state,
            r.duration_ms,
            f(r.stability),
            f(r.difficulty),
            r.due.timestamp_millis()
        )?;
    }
    Ok(())
}

/// A row that was not imported, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    pub line: usize,
    pub reason: String,
}

/// A parsed file: the usable reviews (with their lines) and the rejected rows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedCsv {
    pub reviews: Vec<ImportedReview>,
    pub rejected: Vec<Rejected>,
}

#[derive(Debug, Clone, Copy)]
struct Columns {
    card: usize,
    time: usize,
    rating: usize,
    duration: Option<usize>,
}

/// Parses a review-log CSV. With a header, columns are found by name (others are ignored);
/// without one, the FSRS tools' order is assumed. Reviews later than `now` are rejected.
pub fn parse_csv(text: &str, now: DateTime<Utc>) -> ParsedCsv {
    let mut out = ParsedCsv::default();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut cols: Option<Columns> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let fields = match split(raw) {
            Ok(f) => f,
            Err(reason) => {
                out.rejected.push(Rejected { line, reason });
                continue;
            }
        };
        let c = match cols {
            Some(c) => c,
            None => {
                if fields.iter().any(|f| f.eq_ignore_ascii_case("card_id")) {
                    match header(&fields) {
                        Ok(c) => cols = Some(c),
                        Err(reason) => {
                            out.rejected.push(Rejected { line, reason });
                            return out;
                        }
                    }
                    continue;
                }
                let c = Columns {
                    card: 0,
                    time: 1,
                    rating: 2,
                    duration: Some(4),
                };
                cols = Some(c);
                c
            }
        };
        match row(&fields, c, now) {
            Ok(r) => out.reviews.push(r),
            Err(reason) => out.rejected.push(Rejected { line, reason }),
        }
    }
    out
}

/// Other names tools use for the same columns (py-fsrs review logs, plain exports).
const ALIASES: [(&str, &[&str]); 3] = [
    (
        "review_time",
        &["review_datetime", "reviewed_at", "review_date"],
    ),
    ("review_rating", &["rating", "grade"]),
    ("review_duration", &["duration", "duration_ms"]),
];

fn header(fields: &[String]) -> Result<Columns, String> {
    let find = |name: &str| {
        let names = ALIASES
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(&[][..], |(_, a)| a);
        fields
            .iter()
            .position(|f| f.eq_ignore_ascii_case(name))
            .or_else(|| {
                fields
                    .iter()
                    .position(|f| names.iter().any(|a| f.eq_ignore_ascii_case(a)))
            })
    };
    let need = |name: &str| {
        find(name).ok_or_else(|| format!("the header has no `{name}` column (expected {HEADER})"))
    };
    Ok(Columns {
        card: need("card_id")?,
        time: need("review_time")?,
        rating: need("review_rating")?,
        duration: find("review_duration"),
    })
}

fn row(fields: &[String], c: Columns, now: DateTime<Utc>) -> Result<ImportedReview, String> {
    let get = |i: usize, name: &str| {
        fields
            .get(i)
            .map(String::as_str)
            .ok_or_else(|| format!("missing `{name}` (the row has {} fields)", fields.len()))
    };
    let card_id = get(c.card, "card_id")?;
    if card_id.is_empty() {
        return Err("empty card_id".into());
    }
    if card_id.len() > MAX_ID
        || !card_id
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '-' | '_' | '.' | ':'))
    {
        return Err(format!(
            "card_id `{}` is not a valid id (letters, digits, `-`, `_`, `.`, `:`; at most {MAX_ID})",
            shown(card_id)
        ));
    }
    let at = time(get(c.time, "review_time")?)?;
    // One range for both forms (milliseconds and ISO), so whatever `export` writes, `import`
    // accepts: from EARLIEST_MS (below it a number looks like seconds, and an ISO date that
    // early would wreck the schedule) to a day of clock skew past now.
    if at.timestamp_millis() < EARLIEST_MS {
        return Err(format!(
            "review_time {} is before 1973-03-03, earlier than any real review",
            at.format("%Y-%m-%d %H:%M:%S UTC")
        ));
    }
    if at > now + chrono::Duration::days(1) {
        return Err(format!(
            "review_time {} is in the future",
            at.format("%Y-%m-%d %H:%M:%S UTC")
        ));
    }
    let rating = get(c.rating, "review_rating")?;
    let grade = number(rating)
        .filter(|n| n.fract() == 0.0)
        .and_then(|n| Grade::from_number(n as i64))
        .ok_or_else(|| format!("review_rating `{}` is not 1, 2, 3 or 4", shown(rating)))?;
    let duration_ms = match c.duration.and_then(|i| fields.get(i)) {
        None => 0,
        Some(d) if d.is_empty() || ["none", "null"].iter().any(|n| d.eq_ignore_ascii_case(n)) => 0,
        Some(d) => number(d)
            .map(|n| n.clamp(0.0, 1e12) as i64)
            .ok_or_else(|| format!("review_duration `{}` is not a number", shown(d)))?,
    };
    Ok(ImportedReview {
        card_id: card_id.to_string(),
        at,
        grade,
        duration_ms,
    })
}

fn number(s: &str) -> Option<f64> {
    s.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// The earliest review time accepted, in ms (1973-03-03): smaller numbers are seconds or days.
const EARLIEST_MS: i64 = 100_000_000_000;

/// Milliseconds since the epoch, or an ISO 8601 / RFC 3339 time (UTC when no offset).
fn time(s: &str) -> Result<DateTime<Utc>, String> {
    if let Some(n) = number(s) {
        if n.fract() != 0.0 || n < 0.0 {
            return Err(format!(
                "review_time `{}` is not whole milliseconds",
                shown(s)
            ));
        }
        if n < EARLIEST_MS as f64 {
            return Err(format!(
                "review_time {s} looks like seconds or days; it must be milliseconds since 1970-01-01"
            ));
        }
        return DateTime::from_timestamp_millis(n as i64)
            .ok_or_else(|| format!("review_time {s} is out of range"));
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    if let Ok(t) = DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f%:z") {
        return Ok(t.with_timezone(&Utc));
    }
    for fmt in ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, fmt) {
            return Ok(t.and_utc());
        }
    }
    Err(format!(
        "review_time `{}` is neither milliseconds since the epoch nor an ISO 8601 time",
        shown(s)
    ))
}

/// A field as it may be shown in a message: short, and with no control characters.
fn shown(s: &str) -> String {
    let mut t: String = s.chars().take(40).collect();
    if t.len() < s.len() {
        t.push('…');
    }
    crate::content::inert(&t).into_owned()
}

/// Splits one CSV line; fields may be double-quoted with `""` for a quote.
fn split(line: &str) -> Result<Vec<String>, String> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let mut fields = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        let mut field = String::new();
        while chars.peek() == Some(&' ') {
            chars.next();
        }
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next() {
                    None => return Err("a quoted field is not closed".into()),
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    Some('"') => break,
                    Some(c) => field.push(c),
                }
            }
            while chars.peek().is_some_and(|c| *c != ',') {
                if chars.next().is_some_and(|c| !c.is_whitespace()) {
                    return Err("text after a closing quote".into());
                }
            }
        } else {
            while let Some(c) = chars.next_if(|c| *c != ',') {
                field.push(c);
            }
        }
        fields.push(field.trim().to_string());
        if chars.next().is_none() {
            return Ok(fields);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 5, 1, 0, 0, 0).unwrap()
    }

    #[test]
    fn header_columns_are_found_by_name_and_bad_rows_named_by_line() {
        let text = "review_rating,card_id,review_time,extra\n3,a,1700000000000,x\n\n5,a,1700000000001,x\n3,b c,1700000000002,\n3,a,1700000000,\n3,a,9999999999999,\n\"4\",\"q\"\"\",1700000000003\n";
        let p = parse_csv(text, now());
        assert_eq!(p.reviews.len(), 1);
        assert_eq!(p.reviews[0].card_id, "a");
        assert_eq!(p.reviews[0].grade, Grade::Good);
        let lines: Vec<usize> = p.rejected.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![4, 5, 6, 7, 8], "{:?}", p.rejected);
        assert!(p.rejected[0].reason.contains("not 1, 2, 3 or 4"));
        assert!(p.rejected[2].reason.contains("looks like seconds"));
        assert!(p.rejected[3].reason.contains("in the future"));
    }

    #[test]
    fn both_time_forms_share_one_range() {
        let day = 86_400_000i64;
        let now_ms = now().timestamp_millis();
        let text = format!(
            "card_id,review_time,review_rating\na,0000-01-01T00:00:00Z,3\na,-5,3\na,1970-01-02T00:00:00Z,3\na,{},3\na,{},3\na,1973-03-03T09:46:40Z,3\na,{},3\n",
            now_ms + day / 2,
            now_ms + 2 * day,
            EARLIEST_MS
        );
        let p = parse_csv(&text, now());
        let lines: Vec<usize> = p.rejected.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![2, 3, 4, 6], "{:?}", p.rejected);
        assert_eq!(
            p.reviews.len(),
            3,
            "half a day of skew, and the earliest in both forms"
        );
    }

    #[test]
    fn py_fsrs_style_logs_are_understood() {
        let text = "card_id,rating,review_datetime,review_duration\n7,4,2024-01-02 03:04:05.250000+00:00,None\n";
        let p = parse_csv(text, now());
        assert_eq!(p.rejected, vec![]);
        let r = &p.reviews[0];
        assert_eq!(
            (r.card_id.as_str(), r.grade, r.duration_ms),
            ("7", Grade::Easy, 0)
        );
        assert_eq!(r.at.timestamp_millis() % 1000, 250);
    }

    #[test]
    fn headerless_files_use_the_fsrs_order_and_iso_times_work() {
        let p = parse_csv("x,2024-01-02T03:04:05Z,1,0,1500\n", now());
        assert_eq!(p.rejected, vec![]);
        assert_eq!(p.reviews[0].duration_ms, 1500);
        assert_eq!(p.reviews[0].grade, Grade::Again);
    }
}
