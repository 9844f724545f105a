//! Personal FSRS parameters: the review log becomes FSRS items (whole days between reviews,
//! one item per long-term review), the earliest 80% by time train the `fsrs` crate's
//! optimizer and the latest 20% test it; the fitted parameters are adopted only if their log
//! loss there beats the current ones. Adopting writes `fsrs_parameters` into the config file,
//! keeping the rest of it, and recomputes every card's schedule from its log.

use super::{InteropError, Result, io_err};
use crate::config::{ConfigFile, RewriteError};
use crate::store::CardLog;
use fsrs::{ComputeParametersInput, FSRS, FSRSItem, FSRSReview};
use std::collections::BTreeMap;
use std::path::Path;

/// Live reviews needed before fitting is worth it.
pub const MIN_REVIEWS: usize = 300;
/// Long-term reviews (a day or more after the previous one) needed as well.
pub const MIN_ITEMS: usize = 100;

/// A fit and how it compares, on reviews it was not trained on.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    pub reviews: usize,
    pub train_items: usize,
    pub test_items: usize,
    pub default_loss: f32,
    /// The loss of the parameters in use, when they are not the defaults.
    pub current_loss: Option<f32>,
    pub fitted_loss: f32,
    pub fitted: Vec<f32>,
}

impl Fit {
    /// The fitted parameters predict the held-out reviews better than the ones in use.
    pub fn is_better(&self) -> bool {
        self.fitted_loss < self.current_loss.unwrap_or(self.default_loss)
    }
}

/// The outcome of `optimize`.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    TooFew { reviews: usize, items: usize },
    Fitted(Fit),
}

fn err(what: &str, e: fsrs::FSRSError) -> InteropError {
    InteropError::Message(format!("{what}: {e:?}"))
}

/// Fits parameters to the logs and compares them with the defaults and `current`.
pub fn fit(
    logs: &BTreeMap<String, CardLog>,
    current: &[f32],
    relearning_steps: usize,
) -> Result<Outcome> {
    let reviews: usize = logs.values().map(Vec::len).sum();
    let mut items: Vec<(i64, i64, FSRSItem)> = Vec::new(); // time, card, item
    for (card, (_, log)) in logs.iter().enumerate() {
        let mut seq: Vec<FSRSReview> = Vec::with_capacity(log.len());
        for (i, &(at, grade)) in log.iter().enumerate() {
            let delta_t = match i {
                0 => 0,
                _ => (at - log[i - 1].0).num_days().clamp(0, u32::MAX as i64) as u32,
            };
            seq.push(FSRSReview {
                rating: grade as u32,
                delta_t,
            });
            if i > 0 && delta_t > 0 {
                items.push((
                    at.timestamp_millis(),
                    card as i64,
                    FSRSItem {
                        reviews: seq.clone(),
                    },
                ));
            }
        }
    }
    if reviews < MIN_REVIEWS || items.len() < MIN_ITEMS {
        return Ok(Outcome::TooFew {
            reviews,
            items: items.len(),
        });
    }
    items.sort_by_key(|(t, card, _)| (*t, *card));
    let cut = items.len() * 4 / 5;
    let test: Vec<FSRSItem> = items[cut..].iter().map(|(_, _, i)| i.clone()).collect();
    let (train, card_ids): (Vec<FSRSItem>, Vec<i64>) =
        items[..cut].iter().map(|(_, c, i)| (i.clone(), *c)).unzip();
    let fitted = fsrs::compute_parameters(ComputeParametersInput {
        train_set: train,
        card_ids: Some(card_ids),
        num_relearning_steps: Some(relearning_steps),
        ..ComputeParametersInput::default()
    })
    .map_err(|e| err("the optimizer failed", e))?;
    let loss = |params: &[f32]| -> Result<f32> {
        let model = FSRS::new(params).map_err(|e| err("invalid parameters", e))?;
        Ok(model
            .evaluate(test.clone(), |_| true)
            .map_err(|e| err("evaluating the parameters failed", e))?
            .log_loss)
    };
    let current_loss = match current {
        [] => None,
        p if p == fsrs::DEFAULT_PARAMETERS.as_slice() => None,
        p => Some(loss(p)?),
    };
    Ok(Outcome::Fitted(Fit {
        reviews,
        train_items: cut,
        test_items: items.len() - cut,
        default_loss: loss(&fsrs::DEFAULT_PARAMETERS)?,
        current_loss,
        fitted_loss: loss(&fitted)?,
        fitted,
    }))
}

/// Writes `fsrs_parameters = [...]` into the config file at `path`, replacing any earlier
/// value and keeping every other line; the result is checked to parse before it replaces the
/// file (atomically).
pub fn write_parameters(path: &Path, params: &[f32], note: &str) -> Result<()> {
    let same = |c: &ConfigFile| {
        c.fsrs_parameters.len() == params.len()
            && c.fsrs_parameters
                .iter()
                .zip(params)
                .all(|(a, b)| (a - b).abs() <= 1e-6 * b.abs().max(1.0))
    };
    crate::config::rewrite(path, |old| with_parameters(old, params, note), same).map_err(
        |e| match e {
            RewriteError::Io(p, e) => io_err(&p, e),
            RewriteError::Unreadable(why) => InteropError::Message(format!(
                "{} could not be updated safely ({why}); add `fsrs_parameters = [{}]` yourself",
                path.display(),
                list(params)
            )),
            RewriteError::Lost => {
                InteropError::Message(format!("{} could not be updated safely", path.display()))
            }
        },
    )
}

const MARK: &str = "# fitted by `mlprep optimize`";

fn list(params: &[f32]) -> String {
    params
        .iter()
        .map(|p| p.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The config text with the parameters first (top-level keys must precede any table) and
/// any earlier `fsrs_parameters` (and its comment) removed.
fn with_parameters(old: &str, params: &[f32], note: &str) -> String {
    let mut out = format!("{MARK}: {note}\nfsrs_parameters = [{}]\n", list(params));
    let mut depth = 0i32;
    let mut in_table = false;
    for line in old.lines() {
        let t = line.trim_start();
        if depth > 0 {
            depth += t.matches('[').count() as i32 - t.matches(']').count() as i32;
            continue;
        }
        in_table |= t.starts_with('[');
        if !in_table && t.starts_with(MARK) {
            continue;
        }
        let key = t.split('=').next().unwrap_or("").trim().trim_matches('"');
        if !in_table && key == "fsrs_parameters" && t.contains('=') {
            let value = t.split_once('=').map_or("", |(_, v)| v);
            depth = value.matches('[').count() as i32 - value.matches(']').count() as i32;
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_replace_the_old_ones_and_keep_everything_else() {
        let old = "# mine\nnew_per_day = 5\nfsrs_parameters = [\n  1.0,\n  2.0,\n]\n\n[limits.leetcode]\nnew_per_day = 2\n";
        let p = [0.5f32; 21];
        let text = with_parameters(old, &p, "today");
        let again = with_parameters(&text, &p, "later");
        assert_eq!(again.matches("fsrs_parameters").count(), 1, "{again}");
        assert_eq!(again.matches(MARK).count(), 1, "{again}");
        let parsed: ConfigFile = toml::from_str(&again).unwrap();
        assert_eq!(parsed.fsrs_parameters, p.to_vec());
        assert_eq!(parsed.new_per_day, Some(5));
        assert!(
            again.contains("# mine\nnew_per_day = 5\n")
                && again.ends_with("[limits.leetcode]\nnew_per_day = 2\n")
        );
    }
}
