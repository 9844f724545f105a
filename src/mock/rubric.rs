//! The rubric rows per round type (CONTENT-TARGET.md §2): each row's name, its 1–4 descriptions,
//! which evidence can cap it, and whether it applies to a given card (the LLM-extension row only
//! on cases tagged llm). Static data plus lookups; no scoring here.

use crate::content::Kind;

/// Evidence that can cap a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Capped at 3 when more than one hint was used.
    ProblemSolving,
    /// Capped at 3 when not every local test passed (or none ran).
    Implementation,
    /// Capped at 2 when the segment ran past its time budget.
    Time,
    /// Capped by the follow-ups: none handled = 1, some passed = 2.
    FollowUp,
}

/// One rubric row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Row {
    pub name: &'static str,
    /// What a 3 ("hire") looks like.
    pub three: &'static str,
    /// Row-specific wording for 4 and 2 where the rubric gives one; else the common scale.
    pub four: Option<&'static str>,
    pub roles: &'static [Role],
    /// Shown only on cards tagged `llm` / `llm-app`.
    pub llm_only: bool,
}

impl Row {
    /// The four descriptions, index 0 = score 1 … index 3 = score 4.
    pub fn descriptions(&self) -> [String; 4] {
        [
            "1 = not shown (strong no hire)".to_string(),
            format!(
                "2 = only some of it, or only after prompting: {}",
                self.three
            ),
            format!("3 = {}", self.three),
            format!(
                "4 = {}",
                self.four
                    .unwrap_or("all of 3, unprompted, with depth to spare")
            ),
        ]
    }

    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

const fn r(name: &'static str, three: &'static str, roles: &'static [Role]) -> Row {
    Row {
        name,
        three,
        four: None,
        roles,
        llm_only: false,
    }
}

const fn r4(
    name: &'static str,
    three: &'static str,
    four: &'static str,
    roles: &'static [Role],
) -> Row {
    Row {
        name,
        three,
        four: Some(four),
        roles,
        llm_only: false,
    }
}

use Role::*;

const LEETCODE: &[Row] = &[
    r(
        "Problem understanding & communication",
        "clarifies inputs, outputs and constraints; thinks aloud; explains the approach and trade-offs",
        &[],
    ),
    r4(
        "Problem solving",
        "reaches an optimal or near-optimal approach with little help; states time and space complexity",
        "compares alternatives and handles a follow-up",
        &[ProblemSolving],
    ),
    r4(
        "Coding",
        "working, readable code, idiomatic, no major bugs",
        "clean abstractions, right the first time",
        &[Implementation],
    ),
    r(
        "Verification / testing",
        "traces examples, finds edge cases, fixes own bugs; local tests pass",
        &[Implementation],
    ),
];

const ML_CODING: &[Row] = &[
    r(
        "Problem understanding",
        "pins down shapes, the input/output contract and assumptions (batching, dtype)",
        &[ProblemSolving],
    ),
    r(
        "Implementation",
        "correct and vectorised; numerically stable; sensible initialisation",
        &[Implementation],
    ),
    r(
        "Rationale",
        "justifies loss, update rule, complexity, vectorisation; knows what breaks at scale",
        &[],
    ),
    r(
        "Verification",
        "shape checks, a known-answer toy case, a gradient check; tests pass",
        &[Implementation],
    ),
    r(
        "Communication",
        "narrates design choices; responds to follow-ups",
        &[FollowUp],
    ),
];

const BREADTH: &[Row] = &[
    r(
        "Correctness",
        "no factual errors on the core definition or mechanism",
        &[],
    ),
    r(
        "Depth and motivation",
        "starts from the problem the technique solves; goes one level deeper",
        &[ProblemSolving, FollowUp],
    ),
    r(
        "Trade-offs and applicability",
        "knows when not to use it; links to data, evaluation or production",
        &[],
    ),
    r(
        "Clarity",
        "structured, concise, inside the per-card time budget",
        &[Time],
    ),
];

const DEPTH: &[Row] = &[
    r(
        "Ownership clarity",
        "separates own contributions from the team's; explains own decisions",
        &[],
    ),
    r(
        "Technical depth under drill-down",
        "holds up for about three levels of why",
        &[ProblemSolving, FollowUp],
    ),
    r(
        "Alternatives and trade-offs",
        "names rejected options and the evidence behind the choice",
        &[],
    ),
    r(
        "Evaluation rigour",
        "sound baselines, splits and metrics; knows the limits",
        &[],
    ),
    r(
        "Impact and reflection",
        "quantified outcome; what they would change",
        &[],
    ),
    r(
        "Execution (non-technical)",
        "prioritisation, timelines, setbacks",
        &[Time],
    ),
];

const DESIGN: &[Row] = &[
    r(
        "Problem understanding & framing",
        "clarifies goals, scale, latency; business goal to ML task and label",
        &[],
    ),
    r(
        "Metrics",
        "offline and online metrics matching the goal; guardrails; the offline-online gap",
        &[],
    ),
    r(
        "Data & features",
        "sources, labelling, leakage and bias; features available at serving time",
        &[],
    ),
    r(
        "Modelling",
        "baseline first, justified complexity; multi-stage where it fits",
        &[ProblemSolving],
    ),
    r(
        "Deployment & operations",
        "serving path, A/B and rollout, monitoring, drift, retraining",
        &[],
    ),
    Row {
        name: "LLM-app extension",
        three: "knowledge strategy (RAG / fine-tune / context), eval set and judge, guardrails, cost and latency",
        four: None,
        roles: &[],
        llm_only: true,
    },
    r(
        "Collaboration & communication",
        "drives the discussion, manages time across steps, adapts to hints and follow-ups",
        &[Time, FollowUp],
    ),
];

const BEHAVIOURAL: &[Row] = &[
    r(
        "Structure",
        "clear STAR(R): brief context, most time on actions, explicit result, reflection",
        &[Time],
    ),
    r(
        "Personal ownership",
        "first person, specific actions and decisions",
        &[],
    ),
    r(
        "Impact",
        "concrete, preferably quantified outcome; honest about partial failures",
        &[],
    ),
    r(
        "Principle alignment",
        "the story shows the principle asked about",
        &[],
    ),
    r(
        "Follow-up resilience",
        "handles follow-ups (what data, what you would do differently) with consistent detail",
        &[ProblemSolving, FollowUp],
    ),
    r("Scope for level", "scope fits the target level", &[]),
];

const TALK: &[Row] = &[
    r(
        "Narrative & motivation",
        "problem and stakes clear early; contributions explicit",
        &[],
    ),
    r(
        "Technical depth & correctness",
        "method and evidence stand up; limitations admitted",
        &[],
    ),
    r(
        "Clarity for a mixed audience",
        "accessible framing plus one deep dive",
        &[],
    ),
    r(
        "Time management",
        "fits about 45 minutes with checkpoints; leaves time for questions",
        &[Time],
    ),
    r(
        "Q&A handling",
        "direct, honest answers; says \"I don't know\" and reasons aloud",
        &[ProblemSolving, FollowUp],
    ),
    r("Relevance", "connects the work to the team's problems", &[]),
];

/// Every row of the rubric for this kind (including rows that may not apply to a card).
pub fn all_rows(kind: Kind) -> &'static [Row] {
    match kind {
        Kind::Leetcode => LEETCODE,
        Kind::MlCoding => ML_CODING,
        Kind::Breadth => BREADTH,
        Kind::Depth => DEPTH,
        Kind::Design => DESIGN,
        Kind::Behavioural => BEHAVIOURAL,
        Kind::Talk => TALK,
    }
}

/// The rows that apply: the LLM-extension row only when `llm` (a case tagged llm).
pub fn rows(kind: Kind, llm: bool) -> Vec<&'static Row> {
    all_rows(kind)
        .iter()
        .filter(|r| llm || !r.llm_only)
        .collect()
}

/// Whether a card's tags mark it as an LLM application.
pub fn is_llm(tags: &[String]) -> bool {
    tags.iter()
        .any(|t| t == "llm" || t == "llm-app" || t.starts_with("llm-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_llm_row_shows_only_on_llm_cases() {
        let classic: Vec<_> = rows(Kind::Design, false).iter().map(|r| r.name).collect();
        assert!(!classic.contains(&"LLM-app extension"), "{classic:?}");
        assert_eq!(rows(Kind::Design, true).len(), classic.len() + 1);
        assert!(is_llm(&["llm-app".into()]));
        assert!(!is_llm(&["classic".into()]));
    }

    #[test]
    fn every_row_has_four_distinct_descriptions() {
        for k in Kind::ALL {
            assert!(all_rows(k).len() >= 4, "{k}");
            for row in all_rows(k) {
                let d = row.descriptions();
                for (i, text) in d.iter().enumerate() {
                    assert!(text.starts_with(&format!("{} = ", i + 1)), "{text}");
                }
                assert_ne!(d[2], d[3]);
            }
            assert!(
                all_rows(k).iter().any(|r| r.has(Role::ProblemSolving)),
                "{k}: hints cap some row"
            );
        }
        assert_eq!(
            rows(Kind::Leetcode, false)[1].descriptions()[3],
            "4 = compares alternatives and handles a follow-up"
        );
    }
}
