//! Grading a typed answer: the request, the JSON schema the model must follow, the round trip
//! with one re-prompt when the reply fails validation (`validate`), and the empty-answer case.
//! The result is a proposal; the user confirms every value.

use super::AiError;
use super::client::{ChatClient, ChatReply, Message};
use super::prompts;
pub use super::validate::{apply_caps, normalise, quote_occurs, validate};
use serde_json::{Value, json};
use std::sync::atomic::AtomicBool;
use std::time::Duration;

/// A rubric row the model scores (`id` is what the reply must name).
#[derive(Debug, Clone, PartialEq)]
pub struct RowSpec {
    pub id: String,
    pub name: String,
}

/// Everything the model sees for one grading.
#[derive(Debug, Clone, Default)]
pub struct GradeRequest {
    pub card_id: String,
    pub prompt: String,
    pub reference: String,
    pub key_points: Vec<String>,
    pub rows: Vec<RowSpec>,
    pub answer: String,
}

impl GradeRequest {
    /// Key-point ids as the model sees them: `k1`, `k2`, …
    pub fn point_id(i: usize) -> String {
        format!("k{}", i + 1)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Covered,
    Partly,
    Missing,
}

/// The judgement of one key point after validation and caps.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PointVerdict {
    pub id: String,
    pub verdict: Verdict,
    pub quotes: Vec<String>,
    /// Why mlprep changed the model's verdict, if it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RowProposal {
    pub row: String,
    /// After caps.
    pub score: u8,
    /// What the model asked for.
    pub proposed: u8,
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<String>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FactError {
    pub quote: String,
    pub why: String,
}

/// A validated, capped proposal.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Grading {
    pub points: Vec<PointVerdict>,
    pub rubric: Vec<RowProposal>,
    pub errors: Vec<FactError>,
    pub next: String,
}

impl Grading {
    /// Covered counts 1, partly 1/2.
    pub fn coverage(&self) -> f32 {
        if self.points.is_empty() {
            return 0.0;
        }
        let s: f32 = self
            .points
            .iter()
            .map(|p| match p.verdict {
                Verdict::Covered => 1.0,
                Verdict::Partly => 0.5,
                Verdict::Missing => 0.0,
            })
            .sum();
        s / self.points.len() as f32
    }

    /// The FSRS grade this proposal suggests for a review: nothing covered = Again (1), under
    /// half = Hard (2), otherwise Good (3); Easy (4) only when every point is covered and no
    /// factual error was found.
    pub fn suggested_grade(&self) -> u8 {
        let c = self.coverage();
        if c <= 0.0 {
            1
        } else if c < 0.5 {
            2
        } else if c >= 1.0 && self.errors.is_empty() {
            4
        } else {
            3
        }
    }

    /// Which points to pre-tick in a checklist (covered only; partly stays for the user).
    pub fn ticks(&self) -> Vec<bool> {
        self.points
            .iter()
            .map(|p| p.verdict == Verdict::Covered)
            .collect()
    }
}

/// A grading with what it cost.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub grading: Grading,
    pub latency: Duration,
    /// 1, or 2 when the first reply was rejected and the retry passed.
    pub attempts: u32,
}

/// The JSON schema the reply must follow (ids and rows as enums).
pub fn schema(req: &GradeRequest) -> Value {
    let ids: Vec<String> = (0..req.key_points.len())
        .map(GradeRequest::point_id)
        .collect();
    let rows: Vec<&str> = req.rows.iter().map(|r| r.id.as_str()).collect();
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["points", "rubric", "errors", "next"],
        "properties": {
            "points": {"type": "array", "items": {
                "type": "object", "additionalProperties": false,
                "required": ["id", "verdict", "quotes"],
                "properties": {
                    "id": {"type": "string", "enum": ids},
                    "verdict": {"type": "string", "enum": ["covered", "partly", "missing"]},
                    "quotes": {"type": "array", "items": {"type": "string"}}
                }}},
            "rubric": {"type": "array", "items": {
                "type": "object", "additionalProperties": false,
                "required": ["row", "score", "reason"],
                "properties": {
                    "row": {"type": "string", "enum": rows},
                    "score": {"type": "integer", "minimum": 1, "maximum": 4},
                    "reason": {"type": "string"}
                }}},
            "errors": {"type": "array", "items": {
                "type": "object", "additionalProperties": false,
                "required": ["quote", "why"],
                "properties": {"quote": {"type": "string"}, "why": {"type": "string"}}}},
            "next": {"type": "string"}
        }
    })
}

/// The messages for a grading.
pub fn messages(req: &GradeRequest) -> Vec<Message> {
    let n = prompts::nonce(&req.answer);
    let mut user = String::new();
    prompts::block(&mut user, "QUESTION", &n, &req.prompt);
    prompts::block(&mut user, "REFERENCE ANSWER", &n, &req.reference);
    let points: String = req
        .key_points
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{}: {}\n", GradeRequest::point_id(i), p))
        .collect();
    prompts::block(&mut user, "KEY POINTS", &n, &points);
    let rows: String = req
        .rows
        .iter()
        .map(|r| format!("{}: {}\n", r.id, r.name))
        .collect();
    prompts::block(&mut user, "RUBRIC ROWS", &n, &rows);
    prompts::block(&mut user, "CANDIDATE ANSWER", &n, &req.answer);
    user.push_str(
        "Judge every key point once, score every rubric row, reply with the JSON object.",
    );
    vec![
        Message::system(prompts::system(&n, prompts::GRADE_TASK)),
        Message::user(user),
    ]
}

/// The grading of an empty answer, made without asking anyone.
pub fn empty_answer(req: &GradeRequest) -> Grading {
    Grading {
        points: (0..req.key_points.len())
            .map(|i| PointVerdict {
                id: GradeRequest::point_id(i),
                verdict: Verdict::Missing,
                quotes: Vec::new(),
                note: Some("the answer is empty".into()),
            })
            .collect(),
        rubric: req
            .rows
            .iter()
            .map(|r| RowProposal {
                row: r.id.clone(),
                score: 1,
                proposed: 1,
                reason: "no answer".into(),
                cap: Some("capped at 1: the answer is empty".into()),
            })
            .collect(),
        errors: Vec::new(),
        next: String::new(),
    }
}

/// Asks the model, validates, re-prompts once with the validation error, then gives up with
/// [`AiError::Invalid`] (the caller falls back to self-scoring).
pub fn grade(
    client: &ChatClient,
    req: &GradeRequest,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(usize),
) -> Result<Outcome, AiError> {
    if req.answer.trim().is_empty() {
        return Ok(Outcome {
            grading: empty_answer(req),
            latency: Duration::ZERO,
            attempts: 0,
        });
    }
    let schema = schema(req);
    let mut msgs = messages(req);
    let mut latency = Duration::ZERO;
    for attempt in 1..=2 {
        let ChatReply {
            text, latency: l, ..
        } = client.chat(&msgs, Some(("grading", &schema)), cancel, progress)?;
        latency += l;
        match validate(&text, req) {
            Ok(grading) => {
                return Ok(Outcome {
                    grading,
                    latency,
                    attempts: attempt,
                });
            }
            Err(why) if attempt == 1 => {
                msgs.push(Message::assistant(text));
                msgs.push(Message::user(format!(
                    "That reply was rejected: {why}. Reply again with only the JSON object. Quote \
                     the candidate's words exactly as written."
                )));
            }
            Err(why) => return Err(AiError::Invalid(why)),
        }
    }
    Err(AiError::Invalid("no valid reply".into()))
}

/// The rubric rows of a card's kind, as the model sees them (`r1`, `r2`, … with the row's name).
pub fn rows_for(kind: crate::content::Kind) -> Vec<RowSpec> {
    crate::mock::score::rubric(kind)
        .iter()
        .enumerate()
        .map(|(i, s)| RowSpec {
            id: format!("r{}", i + 1),
            name: s.name.to_string(),
        })
        .collect()
}

impl GradeRequest {
    /// A request for `answer` to `card`, scored on its kind's rubric.
    pub fn for_card(card: &crate::content::Card, answer: &str) -> GradeRequest {
        GradeRequest {
            card_id: card.id.clone(),
            prompt: card.body().to_string(),
            reference: card.answer().to_string(),
            key_points: card.key_points().map(str::to_string).collect(),
            rows: rows_for(card.kind),
            answer: answer.to_string(),
        }
    }
}

#[cfg(test)]
#[path = "grade_tests.rs"]
mod tests;
