//! Checking a model's grading reply: the JSON shape, known key-point ids judged once each,
//! quotes that occur word for word in the answer, scores 1-4 on known rows; then the evidence
//! caps mlprep puts on top (a quote must mention its point; rows no higher than the coverage
//! supports). The error text is what the re-prompt quotes.

use super::grade::{FactError, GradeRequest, Grading, PointVerdict, RowProposal, Verdict};

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReply {
    points: Vec<RawPoint>,
    rubric: Vec<RawRow>,
    #[serde(default)]
    errors: Vec<FactError>,
    #[serde(default)]
    next: String,
}
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPoint {
    id: String,
    verdict: Verdict,
    #[serde(default)]
    quotes: Vec<String>,
}
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRow {
    row: String,
    score: i64,
    #[serde(default)]
    reason: String,
}

/// Lower-case, one space between words, typographic quotes folded: how quotes are matched.
pub fn normalise(s: &str) -> String {
    let folded: String = s
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            c => c,
        })
        .collect::<String>()
        .to_lowercase();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `quote` occurs in `answer` (after [`normalise`]); `...`/`…` may join fragments that
/// occur in order.
pub fn quote_occurs(quote: &str, answer_norm: &str) -> bool {
    let q = normalise(quote);
    let q = q.trim_matches(|c: char| c == '"' || c == '\'' || c.is_whitespace());
    let mut from = 0;
    let mut any = false;
    for frag in q.split("...").flat_map(|f| f.split('…')) {
        let frag = frag.trim().trim_matches(|c: char| c == '"' || c == '\'');
        if frag.is_empty() {
            continue;
        }
        match answer_norm[from..].find(frag) {
            Some(i) => {
                from += i + frag.len();
                any = true;
            }
            None => return false,
        }
    }
    any
}

/// Strips a ```json fence a model may wrap its reply in.
fn unfence(text: &str) -> &str {
    let t = text.trim();
    let t = t
        .strip_prefix("```json")
        .or_else(|| t.strip_prefix("```"))
        .unwrap_or(t);
    t.strip_suffix("```").unwrap_or(t).trim()
}

/// Checks a raw reply against the request; the error text is what the re-prompt quotes.
pub fn validate(text: &str, req: &GradeRequest) -> Result<Grading, String> {
    let raw: RawReply = serde_json::from_str(unfence(text))
        .map_err(|e| format!("not valid JSON for the schema: {e}"))?;
    let answer = normalise(&req.answer);
    let mut problems = Vec::new();
    let mut points: Vec<Option<PointVerdict>> = vec![None; req.key_points.len()];
    for p in raw.points {
        let idx =
            p.id.strip_prefix('k')
                .and_then(|n| n.parse::<usize>().ok())
                .filter(|n| (1..=req.key_points.len()).contains(n));
        let Some(i) = idx else {
            problems.push(format!("unknown key-point id `{}`", p.id));
            continue;
        };
        if points[i - 1].is_some() {
            problems.push(format!("key point {} judged twice", p.id));
            continue;
        }
        if p.verdict != Verdict::Missing && p.quotes.iter().all(|q| q.trim().is_empty()) {
            problems.push(format!("{} is {:?} but quotes nothing", p.id, p.verdict));
        }
        for q in &p.quotes {
            if !q.trim().is_empty() && !quote_occurs(q, &answer) {
                problems.push(format!("the quote {q:?} for {} is not in the answer", p.id));
            }
        }
        points[i - 1] = Some(PointVerdict {
            id: p.id,
            verdict: p.verdict,
            quotes: p
                .quotes
                .into_iter()
                .filter(|q| !q.trim().is_empty())
                .collect(),
            note: None,
        });
    }
    for (i, p) in points.iter().enumerate() {
        if p.is_none() {
            problems.push(format!(
                "key point {} was not judged",
                GradeRequest::point_id(i)
            ));
        }
    }
    let mut rubric = Vec::new();
    for r in raw.rubric {
        if !req.rows.iter().any(|s| s.id == r.row) {
            problems.push(format!("unknown rubric row `{}`", r.row));
        } else if !(1..=4).contains(&r.score) {
            problems.push(format!("score {} for `{}` is not 1-4", r.score, r.row));
        } else if rubric.iter().any(|x: &RowProposal| x.row == r.row) {
            problems.push(format!("row `{}` scored twice", r.row));
        } else {
            rubric.push(RowProposal {
                row: r.row,
                score: r.score as u8,
                proposed: r.score as u8,
                reason: r.reason.trim().to_string(),
                cap: None,
            });
        }
    }
    for e in &raw.errors {
        if !quote_occurs(&e.quote, &answer) {
            problems.push(format!(
                "the error quote {:?} is not in the answer",
                e.quote
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems.join("; "));
    }
    let mut g = Grading {
        points: points.into_iter().flatten().collect(),
        rubric,
        errors: raw.errors,
        next: raw.next.trim().to_string(),
    };
    apply_caps(&mut g, req);
    Ok(g)
}

const STOP: [&str; 40] = [
    "that", "this", "with", "from", "have", "when", "what", "which", "your", "into", "than",
    "then", "they", "them", "each", "only", "also", "does", "more", "most", "some", "such", "will",
    "would", "should", "could", "about", "because", "there", "their", "these", "those", "where",
    "while", "being", "been", "were", "other", "answer", "states",
];

/// The content words of `s` (four letters or more, not a stop word) cut to five letters: how a
/// quote is tied to its key point, and what the keyword baseline of `ai eval` matches.
pub fn stems(s: &str) -> Vec<String> {
    normalise(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4 && !STOP.contains(w))
        .map(|w| w.chars().take(5).collect())
        .collect()
}

/// The evidence rules on top of the model: a quote must share a content word with the point it
/// is offered for (else the point is missing, with a note), and no rubric row may exceed what the
/// coverage supports: nothing covered caps at 1, under half at 2, under 80% at 3.
pub fn apply_caps(g: &mut Grading, req: &GradeRequest) {
    for (i, p) in g.points.iter_mut().enumerate() {
        if p.verdict == Verdict::Missing {
            continue;
        }
        let want = stems(&req.key_points[i]);
        let grounded = p
            .quotes
            .iter()
            .any(|q| stems(q).iter().any(|w| want.contains(w)));
        if !grounded {
            p.verdict = Verdict::Missing;
            p.note = Some("the quoted words do not mention this point".into());
        }
    }
    let c = g.coverage();
    let (cap, why) = if c <= 0.0 {
        (1, "no key point covered")
    } else if c < 0.5 {
        (2, "under half the key points covered")
    } else if c < 0.8 {
        (3, "under 80% of the key points covered")
    } else {
        (4, "")
    };
    for r in &mut g.rubric {
        if r.score > cap {
            r.score = cap;
            r.cap = Some(format!("capped at {cap}: {why}"));
        }
    }
}
