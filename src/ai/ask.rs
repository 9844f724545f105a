//! Free-text asks: a follow-up question generated from the answer (mocks and the depth drill,
//! with the user's dossier as data), and a short explanation of a miss grounded in the reference.

use super::AiError;
use super::client::{ChatClient, Message};
use super::prompts;
use serde_json::{Value, json};
use std::sync::atomic::AtomicBool;

/// What a follow-up or an explanation is about.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AskContext {
    pub prompt: String,
    pub reference: String,
    pub key_points: Vec<String>,
    pub answer: String,
    /// The user's project dossier (depth drill), if any.
    pub dossier: Option<String>,
}

fn user_blocks(ctx: &AskContext, nonce: &str) -> String {
    let mut u = String::new();
    prompts::block(&mut u, "QUESTION", nonce, &ctx.prompt);
    prompts::block(&mut u, "REFERENCE ANSWER", nonce, &ctx.reference);
    prompts::block(&mut u, "KEY POINTS", nonce, &ctx.key_points.join("\n"));
    if let Some(d) = &ctx.dossier {
        prompts::block(&mut u, "PROJECT DOSSIER", nonce, d);
    }
    prompts::block(&mut u, "CANDIDATE ANSWER", nonce, &ctx.answer);
    u
}

fn one_field(
    client: &ChatClient,
    ctx: &AskContext,
    task: &str,
    field: &str,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(usize),
) -> Result<String, AiError> {
    let n = prompts::nonce(&ctx.answer);
    let schema = json!({
        "type": "object", "additionalProperties": false, "required": [field],
        "properties": {field: {"type": "string"}}
    });
    let msgs = vec![
        Message::system(prompts::system(&n, task)),
        Message::user(user_blocks(ctx, &n)),
    ];
    let reply = client.chat(&msgs, Some((field, &schema)), cancel, progress)?;
    let t = reply.text.trim();
    let t = t
        .strip_prefix("```json")
        .or_else(|| t.strip_prefix("```"))
        .unwrap_or(t);
    let t = t.strip_suffix("```").unwrap_or(t);
    let v: Value = serde_json::from_str(t.trim())
        .map_err(|e| AiError::Invalid(format!("not valid JSON: {e}")))?;
    let s = v[field]
        .as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| AiError::Invalid(format!("no `{field}` in the reply")))?;
    Ok(s.to_string())
}

/// One follow-up question, at most two sentences and 400 characters.
pub fn follow_up(
    client: &ChatClient,
    ctx: &AskContext,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(usize),
) -> Result<String, AiError> {
    let q = one_field(
        client,
        ctx,
        prompts::FOLLOW_UP_TASK,
        "question",
        cancel,
        progress,
    )?;
    Ok(clip_sentences(&q, 2, 400))
}

/// Why the answer missed, in at most three sentences.
pub fn explain_miss(
    client: &ChatClient,
    ctx: &AskContext,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(usize),
) -> Result<String, AiError> {
    let e = one_field(
        client,
        ctx,
        prompts::EXPLAIN_TASK,
        "explanation",
        cancel,
        progress,
    )?;
    Ok(clip_sentences(&e, 3, 700))
}

/// Keeps the first `n` sentences and at most `max` characters.
pub fn clip_sentences(s: &str, n: usize, max: usize) -> String {
    let mut end = s.len();
    let mut seen = 0;
    for (i, c) in s.char_indices() {
        // A sentence ends at . ? ! followed by the end, or by a space and a capital letter
        // ("e.g. 3.5" does not end one).
        let mut after = s[i + c.len_utf8()..].chars();
        let ends = match after.next() {
            None => true,
            Some(w) if w.is_whitespace() => after
                .find(|x| !x.is_whitespace())
                .is_none_or(|x| x.is_uppercase()),
            _ => false,
        };
        if matches!(c, '.' | '?' | '!') && ends {
            seen += 1;
            if seen == n {
                end = i + 1;
                break;
            }
        }
    }
    let mut out = s[..end].trim().to_string();
    if out.chars().count() > max {
        out = out.chars().take(max).collect::<String>() + "…";
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_replies_are_clipped_to_sentences() {
        assert_eq!(
            clip_sentences("Why X? Because Y. And Z.", 2, 100),
            "Why X? Because Y."
        );
        assert_eq!(
            clip_sentences("e.g. 3.5 is fine. Next.", 1, 100),
            "e.g. 3.5 is fine."
        );
        assert_eq!(clip_sentences("abcdef", 1, 3), "abc…");
    }

    #[test]
    fn the_dossier_goes_in_as_data() {
        let ctx = AskContext {
            dossier: Some("We picked LightGBM over a DNN.".into()),
            ..AskContext::default()
        };
        let u = user_blocks(&ctx, "n1");
        assert!(u.contains("<<<PROJECT DOSSIER n1>>>\nWe picked LightGBM over a DNN."));
    }
}
