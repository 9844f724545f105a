//! `mlprep ai eval`: how far the configured model agrees with hand labels. The set (shipped in
//! `tests/ai_eval/set.toml`) holds cards with a strong, a partial and a wrong answer each, labelled
//! with the key points each truly covers. Reports per-key-point accuracy and Cohen's kappa
//! (covered vs not; `partly` counts as not covered) and the latency of each grading.

use super::AiError;
use super::client::ChatClient;
use super::grade::{GradeRequest, Grading, Outcome, PointVerdict, Verdict, grade};
use super::validate::stems;
use crate::content::Card;
use std::collections::HashMap;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

/// The shipped evaluation set.
pub const SHIPPED_SET: &str = include_str!("../../tests/ai_eval/set.toml");

#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvalSet {
    #[serde(rename = "case")]
    pub cases: Vec<EvalCase>,
}

#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvalCase {
    /// A shipped card id.
    pub card: String,
    #[serde(rename = "answer")]
    pub answers: Vec<EvalAnswer>,
}

#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvalAnswer {
    /// `strong`, `partial` or `wrong`.
    pub label: String,
    pub text: String,
    /// 1-based key points this answer truly covers.
    #[serde(default)]
    pub covers: Vec<usize>,
}

/// The cards an evaluation set names, by id.
pub fn cards_by_id(lib: &crate::content::Library) -> HashMap<&str, &Card> {
    lib.decks
        .iter()
        .flat_map(|d| d.cards.iter())
        .map(|c| (c.id.as_str(), c))
        .collect()
}

/// Parses a set and checks it against the cards: ids exist, labels are known, `covers` indexes
/// real key points. Every problem is listed.
pub fn load(text: &str, cards: &HashMap<&str, &Card>) -> Result<EvalSet, Vec<String>> {
    let set: EvalSet = toml::from_str(text).map_err(|e| vec![e.to_string()])?;
    let mut problems = Vec::new();
    for c in &set.cases {
        let Some(card) = cards.get(c.card.as_str()) else {
            problems.push(format!("{}: no such card", c.card));
            continue;
        };
        let n = card.key_points.len();
        if n == 0 {
            problems.push(format!("{}: the card has no key points", c.card));
        }
        for a in &c.answers {
            if !matches!(a.label.as_str(), "strong" | "partial" | "wrong") {
                problems.push(format!(
                    "{}: label `{}` is not strong/partial/wrong",
                    c.card, a.label
                ));
            }
            if let Some(bad) = a.covers.iter().find(|&&k| k == 0 || k > n) {
                problems.push(format!(
                    "{}: covers {bad} but the card has {n} key points",
                    c.card
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(set)
    } else {
        Err(problems)
    }
}

/// Agreement counts: (model says covered, label says covered).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Agreement {
    pub both: u32,
    pub model_only: u32,
    pub label_only: u32,
    pub neither: u32,
}

impl Agreement {
    pub fn add(&mut self, model: bool, label: bool) {
        match (model, label) {
            (true, true) => self.both += 1,
            (true, false) => self.model_only += 1,
            (false, true) => self.label_only += 1,
            (false, false) => self.neither += 1,
        }
    }
    pub fn total(&self) -> u32 {
        self.both + self.model_only + self.label_only + self.neither
    }
    pub fn accuracy(&self) -> f64 {
        if self.total() == 0 {
            return 0.0;
        }
        f64::from(self.both + self.neither) / f64::from(self.total())
    }
    /// Cohen's kappa for two raters on a yes/no label.
    pub fn kappa(&self) -> f64 {
        let n = f64::from(self.total());
        if n == 0.0 {
            return 0.0;
        }
        let po = self.accuracy();
        let model_yes = f64::from(self.both + self.model_only) / n;
        let label_yes = f64::from(self.both + self.label_only) / n;
        let pe = model_yes * label_yes + (1.0 - model_yes) * (1.0 - label_yes);
        if (1.0 - pe).abs() < 1e-12 {
            return if po >= 1.0 { 1.0 } else { 0.0 };
        }
        (po - pe) / (1.0 - pe)
    }
}

/// The result of a run.
#[derive(Debug, Default)]
pub struct EvalReport {
    pub points: Agreement,
    pub by_label: HashMap<String, Agreement>,
    pub latencies: Vec<Duration>,
    /// Gradings that fell back (invalid twice, timeout, server error), with the reason.
    pub failures: Vec<String>,
}

impl EvalReport {
    pub fn median_latency(&self) -> Option<Duration> {
        let mut l = self.latencies.clone();
        l.sort();
        l.get(l.len() / 2).copied().filter(|_| !l.is_empty())
    }
}

/// Grades every answer of the set with the model; `limit` caps the number of cases.
pub fn run(
    client: &ChatClient,
    set: &EvalSet,
    cards: &HashMap<&str, &Card>,
    limit: Option<usize>,
    on_case: impl FnMut(&str, &str, Result<f64, &AiError>),
) -> EvalReport {
    let cancel = AtomicBool::new(false);
    run_with(
        set,
        cards,
        limit,
        |req| grade(client, req, &cancel, &mut |_| {}),
        on_case,
    )
}

/// The keyword baseline, no model: a key point counts as covered when at least half of its
/// content words (their first five letters) occur in the answer. What a model has to beat for
/// its judgement to be worth more than word matching.
pub fn keyword_grading(req: &GradeRequest) -> Grading {
    let said = stems(&req.answer);
    let points = req
        .key_points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let want = stems(p);
            let hits = want.iter().filter(|w| said.contains(w)).count();
            let covered = hits > 0 && hits * 2 >= want.len();
            PointVerdict {
                id: GradeRequest::point_id(i),
                verdict: if covered {
                    Verdict::Covered
                } else {
                    Verdict::Missing
                },
                quotes: Vec::new(),
                note: None,
            }
        })
        .collect();
    Grading {
        points,
        rubric: Vec::new(),
        errors: Vec::new(),
        next: String::new(),
    }
}

/// As [`run`], with any grader (the model, or [`keyword_grading`]).
pub fn run_with(
    set: &EvalSet,
    cards: &HashMap<&str, &Card>,
    limit: Option<usize>,
    mut grader: impl FnMut(&GradeRequest) -> Result<Outcome, AiError>,
    mut on_case: impl FnMut(&str, &str, Result<f64, &AiError>),
) -> EvalReport {
    let mut report = EvalReport::default();
    for case in set.cases.iter().take(limit.unwrap_or(usize::MAX)) {
        let Some(card) = cards.get(case.card.as_str()) else {
            continue;
        };
        for a in &case.answers {
            let req = GradeRequest::for_card(card, &a.text);
            match grader(&req) {
                Ok(out) => {
                    report.latencies.push(out.latency);
                    let mut local = Agreement::default();
                    for (i, p) in out.grading.points.iter().enumerate() {
                        let model = p.verdict == Verdict::Covered;
                        let label = a.covers.contains(&(i + 1));
                        local.add(model, label);
                        report.points.add(model, label);
                        report
                            .by_label
                            .entry(a.label.clone())
                            .or_default()
                            .add(model, label);
                    }
                    on_case(&case.card, &a.label, Ok(local.accuracy()));
                }
                Err(e) => {
                    on_case(&case.card, &a.label, Err(&e));
                    report
                        .failures
                        .push(format!("{} ({}): {e}", case.card, a.label));
                }
            }
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_keyword_baseline_ticks_a_point_when_half_its_words_occur() {
        let req = GradeRequest {
            key_points: vec![
                "gradient descent converges".into(),
                "momentum dampens oscillation".into(),
            ],
            answer: "Gradient steps converge slowly; nothing about velocity.".into(),
            ..GradeRequest::default()
        };
        let g = keyword_grading(&req);
        assert_eq!(g.points[0].verdict, Verdict::Covered, "gradi + conve");
        assert_eq!(g.points[1].verdict, Verdict::Missing);
        assert_eq!(g.points[1].id, "k2");
    }

    #[test]
    fn kappa_matches_a_hand_computed_table() {
        // 20 items: both 8, model-only 2, label-only 3, neither 7.
        let a = Agreement {
            both: 8,
            model_only: 2,
            label_only: 3,
            neither: 7,
        };
        assert!((a.accuracy() - 0.75).abs() < 1e-12);
        // pe = 0.5*0.55 + 0.5*0.45 = 0.5; kappa = (0.75-0.5)/0.5 = 0.5
        assert!((a.kappa() - 0.5).abs() < 1e-12);
        let perfect = Agreement {
            both: 3,
            neither: 2,
            ..Agreement::default()
        };
        assert!((perfect.kappa() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn the_shipped_set_is_valid_and_big_enough() {
        let lib = crate::content::load_roots(&[crate::content::ContentRoot::Builtin]);
        let cards = cards_by_id(&lib);
        let set = load(SHIPPED_SET, &cards).unwrap_or_else(|p| panic!("{}", p.join("\n")));
        let mut kinds = HashMap::new();
        for c in &set.cases {
            *kinds.entry(cards[c.card.as_str()].kind).or_insert(0) += 1;
            let labels: Vec<&str> = c.answers.iter().map(|a| a.label.as_str()).collect();
            assert_eq!(labels, ["strong", "partial", "wrong"], "{}", c.card);
            let n = cards[c.card.as_str()].key_points.len();
            assert!(
                c.answers[0].covers.len() > c.answers[1].covers.len(),
                "{}",
                c.card
            );
            assert!(
                c.answers[1].covers.len() < n,
                "{}: partial covers all",
                c.card
            );
        }
        assert!(set.cases.len() >= 40, "{} cases", set.cases.len());
        use crate::content::Kind::*;
        for k in [Breadth, Depth, Design, Behavioural] {
            assert!(kinds.get(&k).copied().unwrap_or(0) >= 5, "{k:?}: {kinds:?}");
        }
    }
}
