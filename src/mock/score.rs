//! Rubrics per round type (each round type has its own signals, each scored 1–4, plus an
//! overall score), the caps objective evidence puts on a self-score, the loop verdict, and the
//! FSRS grade a score feeds.

use crate::content::Kind;
use crate::schedule::Grade;

/// One signal of a rubric and what a 3 looks like.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Signal {
    pub name: &'static str,
    pub three: &'static str,
    pub role: Role,
}

/// Signals some evidence caps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Plain,
    /// Capped at 3 when more than one hint was used.
    ProblemSolving,
    /// Capped at 3 when not every local test passed.
    Implementation,
}

const fn s(name: &'static str, three: &'static str, role: Role) -> Signal {
    Signal { name, three, role }
}

const LEETCODE: &[Signal] = &[
    s(
        "Problem understanding & communication",
        "clarifies inputs, outputs and constraints; thinks aloud; explains the approach and trade-offs",
        Role::Plain,
    ),
    s(
        "Problem solving",
        "reaches an optimal or near-optimal approach with little help; states time and space complexity",
        Role::ProblemSolving,
    ),
    s(
        "Coding",
        "working, readable code, idiomatic, no major bugs",
        Role::Implementation,
    ),
    s(
        "Verification / testing",
        "traces examples, finds edge cases, fixes own bugs; local tests pass",
        Role::Plain,
    ),
];

const ML_CODING: &[Signal] = &[
    s(
        "Problem understanding",
        "pins down shapes, the input/output contract and assumptions (batching, dtype)",
        Role::ProblemSolving,
    ),
    s(
        "Implementation",
        "correct and vectorised; numerically stable; sensible initialisation",
        Role::Implementation,
    ),
    s(
        "Rationale",
        "justifies loss, update rule, complexity, vectorisation; knows what breaks at scale",
        Role::Plain,
    ),
    s(
        "Verification",
        "shape checks, a known-answer toy case, a gradient check; tests pass",
        Role::Plain,
    ),
    s(
        "Communication",
        "narrates design choices; responds to follow-ups",
        Role::Plain,
    ),
];

const BREADTH: &[Signal] = &[
    s(
        "Correctness",
        "no factual errors on the core definition or mechanism",
        Role::Plain,
    ),
    s(
        "Depth and motivation",
        "starts from the problem the technique solves; goes one level deeper",
        Role::ProblemSolving,
    ),
    s(
        "Trade-offs and applicability",
        "knows when not to use it; links to data, evaluation or production",
        Role::Plain,
    ),
    s(
        "Clarity",
        "structured, concise, inside the per-card time budget",
        Role::Plain,
    ),
];

const DEPTH: &[Signal] = &[
    s(
        "Ownership clarity",
        "separates own contributions from the team's; explains own decisions",
        Role::Plain,
    ),
    s(
        "Technical depth under drill-down",
        "holds up for about three levels of why",
        Role::ProblemSolving,
    ),
    s(
        "Alternatives and trade-offs",
        "names rejected options and the evidence behind the choice",
        Role::Plain,
    ),
    s(
        "Evaluation rigour",
        "sound baselines, splits and metrics; knows the limits",
        Role::Plain,
    ),
    s(
        "Impact and reflection",
        "quantified outcome; what they would change",
        Role::Plain,
    ),
    s(
        "Execution (non-technical)",
        "prioritisation, timelines, setbacks",
        Role::Plain,
    ),
];

const DESIGN: &[Signal] = &[
    s(
        "Problem understanding & framing",
        "clarifies goals, scale, latency; business goal to ML task and label",
        Role::Plain,
    ),
    s(
        "Metrics",
        "offline and online metrics matching the goal; guardrails; the offline-online gap",
        Role::Plain,
    ),
    s(
        "Data & features",
        "sources, labelling, leakage and bias; features available at serving time",
        Role::Plain,
    ),
    s(
        "Modelling",
        "baseline first, justified complexity; multi-stage where it fits",
        Role::ProblemSolving,
    ),
    s(
        "Deployment & operations",
        "serving path, A/B and rollout, monitoring, drift, retraining",
        Role::Plain,
    ),
    s(
        "LLM-app extension (LLM cases)",
        "knowledge strategy, eval set and judge, guardrails, cost and latency",
        Role::Plain,
    ),
    s(
        "Collaboration & communication",
        "drives the discussion, manages time, adapts to hints",
        Role::Plain,
    ),
];

const BEHAVIOURAL: &[Signal] = &[
    s(
        "Structure",
        "clear STAR(R): brief context, most time on actions, explicit result, reflection",
        Role::Plain,
    ),
    s(
        "Personal ownership",
        "first person, specific actions and decisions",
        Role::Plain,
    ),
    s(
        "Impact",
        "concrete, preferably quantified outcome; honest about partial failures",
        Role::Plain,
    ),
    s(
        "Principle alignment",
        "the story shows the principle asked about",
        Role::Plain,
    ),
    s(
        "Follow-up resilience",
        "handles two follow-ups with consistent detail",
        Role::ProblemSolving,
    ),
    s(
        "Scope for level",
        "scope fits the target level",
        Role::Plain,
    ),
];

const TALK: &[Signal] = &[
    s(
        "Narrative & motivation",
        "problem and stakes clear early; contributions explicit",
        Role::Plain,
    ),
    s(
        "Technical depth & correctness",
        "method and evidence stand up; limitations admitted",
        Role::Plain,
    ),
    s(
        "Clarity for a mixed audience",
        "accessible framing plus one deep dive",
        Role::Plain,
    ),
    s(
        "Time management",
        "fits about 45 minutes with checkpoints",
        Role::Plain,
    ),
    s(
        "Q&A handling",
        "direct, honest answers; reasons aloud",
        Role::ProblemSolving,
    ),
    s(
        "Relevance",
        "connects the work to the team's problems",
        Role::Plain,
    ),
];

/// The rubric a round of this type is scored with.
pub fn rubric(kind: Kind) -> &'static [Signal] {
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

/// Objective evidence for a round.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Evidence {
    pub hints: u32,
    /// Coding items: tests passed / total over the round (None without a coding item).
    pub tests: Option<(u32, u32)>,
    pub overtime: bool,
}

/// Per-signal caps (4 = no cap) and the cap on the overall score, with reasons.
pub fn caps(kind: Kind, e: &Evidence) -> (Vec<u8>, u8, Vec<String>) {
    let mut reasons = Vec::new();
    let tests_short = e.tests.is_some_and(|(p, t)| t == 0 || p < t);
    let caps = rubric(kind)
        .iter()
        .map(|s| match s.role {
            Role::Implementation if tests_short => 3,
            Role::ProblemSolving if e.hints > 1 => 3,
            _ => 4,
        })
        .collect();
    if tests_short {
        match e.tests.unwrap_or((0, 0)) {
            (_, 0) => reasons.push("local tests not run: implementation capped at 3".into()),
            (p, t) => reasons.push(format!(
                "{p}/{t} local tests pass: implementation capped at 3"
            )),
        }
    }
    if e.hints > 1 {
        reasons.push(format!(
            "{} hints used: problem solving capped at 3",
            e.hints
        ));
    }
    let overall = if e.overtime {
        reasons.push("past the time budget: overall capped at 3".into());
        3
    } else {
        4
    };
    (caps, overall, reasons)
}

/// Applies caps to self-scores; the overall may not exceed the minimum signal + 2.
pub fn apply_caps(kind: Kind, e: &Evidence, signals: &[u8], overall: u8) -> (Vec<u8>, u8) {
    let (sig_caps, overall_cap, _) = caps(kind, e);
    let signals: Vec<u8> = signals
        .iter()
        .zip(sig_caps.iter().chain(std::iter::repeat(&4)))
        .map(|(s, c)| (*s).clamp(1, 4).min(*c))
        .collect();
    let min = signals.iter().copied().min().unwrap_or(4);
    (signals, overall.clamp(1, 4).min(overall_cap).min(min + 2))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Verdict {
    Hire,
    Mixed,
    NoHire,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Hire => "Hire",
            Verdict::Mixed => "Mixed",
            Verdict::NoHire => "No hire",
        }
    }
}

/// Hire: no round scores 1 and the mean is at least 3. Mixed: exactly one round scores 2 (and
/// none 1): offer an extra round of that type. Otherwise No hire.
pub fn verdict(overall: &[u8]) -> Verdict {
    if overall.is_empty() {
        return Verdict::NoHire;
    }
    let mean = overall.iter().map(|&x| x as f64).sum::<f64>() / overall.len() as f64;
    let ones = overall.iter().filter(|&&x| x <= 1).count();
    let twos = overall.iter().filter(|&&x| x == 2).count();
    if ones == 0 && mean >= 3.0 {
        Verdict::Hire
    } else if ones == 0 && twos == 1 {
        Verdict::Mixed
    } else {
        Verdict::NoHire
    }
}

/// Score 1–4 -> Again / Hard / Good / Easy.
pub fn grade_for(score: u8) -> Grade {
    match score {
        0 | 1 => Grade::Again,
        2 => Grade::Hard,
        3 => Grade::Good,
        _ => Grade::Easy,
    }
}

/// A breadth card from its checklist: all points and a follow-up = 4, most = 3, some = 2,
/// few = 1.
pub fn checklist_score(covered: usize, total: usize, follow_up: bool) -> u8 {
    if total == 0 {
        return if follow_up { 4 } else { 3 };
    }
    let share = covered as f64 / total as f64;
    if covered == total && follow_up {
        4
    } else if share >= 0.6 {
        3
    } else if share >= 0.3 {
        2
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_follow_the_evidence() {
        let e = Evidence {
            hints: 2,
            tests: Some((7, 8)),
            overtime: true,
        };
        let (signals, overall) = apply_caps(Kind::Leetcode, &e, &[4, 4, 4, 4], 4);
        assert_eq!(signals, vec![4, 3, 3, 4]);
        assert_eq!(overall, 3);
        let (_, overall) = apply_caps(Kind::Leetcode, &Evidence::default(), &[1, 4, 4, 4], 4);
        assert_eq!(overall, 3, "overall may not exceed min signal + 2");
        let (signals, overall) = apply_caps(
            Kind::Leetcode,
            &Evidence {
                hints: 1,
                tests: Some((8, 8)),
                overtime: false,
            },
            &[4, 4, 4, 4],
            4,
        );
        assert_eq!((signals, overall), (vec![4, 4, 4, 4], 4));
    }

    #[test]
    fn verdict_rules() {
        assert_eq!(verdict(&[3, 4]), Verdict::Hire);
        assert_eq!(verdict(&[3, 2]), Verdict::Mixed);
        assert_eq!(verdict(&[4, 2]), Verdict::Hire, "mean 3 and no 1");
        assert_eq!(verdict(&[2, 2]), Verdict::NoHire);
        assert_eq!(verdict(&[4, 1]), Verdict::NoHire);
        assert_eq!(verdict(&[2]), Verdict::Mixed);
    }

    #[test]
    fn checklist_maps_to_scores() {
        assert_eq!(checklist_score(4, 4, true), 4);
        assert_eq!(checklist_score(4, 4, false), 3);
        assert_eq!(checklist_score(3, 5, false), 3);
        assert_eq!(checklist_score(2, 5, false), 2);
        assert_eq!(checklist_score(1, 5, false), 1);
        assert_eq!(grade_for(3), Grade::Good);
    }

    #[test]
    fn every_kind_has_a_rubric_with_its_caps() {
        for k in Kind::ALL {
            assert!(rubric(k).len() >= 4);
            assert!(
                rubric(k).iter().any(|s| s.role == Role::ProblemSolving),
                "{k}"
            );
        }
        assert!(
            rubric(Kind::Leetcode)
                .iter()
                .any(|s| s.role == Role::Implementation)
        );
        assert!(
            rubric(Kind::MlCoding)
                .iter()
                .any(|s| s.role == Role::Implementation)
        );
    }
}
