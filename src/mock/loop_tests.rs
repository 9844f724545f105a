//! Whole shipped loops driven through the session state machine with a fake clock, as a user
//! would: a blank mock, a strong one, one with a weak behavioural segment; and the planner and
//! `mock loops` agreeing on rounds and minutes.

use super::clock::Now;
use super::loops::{Loop, parse_loop};
use super::plan::{PlanInput, PoolCard, ProjectBrief};
use super::score::Verdict;
use super::session::{MockRun, Phase};
use crate::content::{Difficulty, Kind};
use crate::schedule::Grade;
use chrono::{TimeZone, Utc};
use std::collections::HashSet;

const LOOPS: [(&str, &str); 5] = [
    ("screen", include_str!("../../content/loops/screen.toml")),
    ("ms", include_str!("../../content/loops/ms.toml")),
    ("phd", include_str!("../../content/loops/phd.toml")),
    ("nlp-mle", include_str!("../../content/loops/nlp-mle.toml")),
    (
        "bank-vp-ai",
        include_str!("../../content/loops/bank-vp-ai.toml"),
    ),
];

fn shipped(key: &str) -> Loop {
    let (_, text) = LOOPS.iter().find(|l| l.0 == key).unwrap();
    let (lp, problems) = parse_loop(&format!("content/loops/{key}.toml"), text);
    assert!(problems.is_empty(), "{problems:?}");
    lp.unwrap()
}

/// 30 cards of every kind, each with 4 key points and two follow-ups; design cases and blocks;
/// depth cards in two families.
fn pool() -> Vec<PoolCard> {
    let mut v = Vec::new();
    for kind in Kind::ALL {
        for i in 0..30 {
            let mut tags = vec![];
            if kind == Kind::Design {
                tags.push(["classic", "llm-app", "block"][i % 3].to_string());
            }
            if kind == Kind::Depth {
                tags.push(["data", "evaluation"][i % 2].to_string());
            }
            v.push(PoolCard {
                id: format!("{}-{i}", kind.slug()),
                kind,
                difficulty: None,
                tags,
                key_points: 4,
                follow_ups: vec!["Why?".into(), "What else?".into()],
                ..PoolCard::default()
            });
        }
    }
    // The cards company loops name.
    for (key, _) in LOOPS {
        for seg in shipped(key).rounds.iter().flat_map(|r| r.segments.iter()) {
            for id in &seg.ids {
                v.push(PoolCard {
                    id: id.clone(),
                    kind: seg.kinds[0],
                    difficulty: Some(Difficulty::Medium),
                    tags: if seg.kinds[0] == Kind::Design {
                        vec!["llm-app".into()]
                    } else {
                        vec![]
                    },
                    key_points: 4,
                    follow_ups: vec!["Why?".into()],
                    ..PoolCard::default()
                });
            }
        }
    }
    v
}

fn now(min: i64) -> Now {
    Now::new(
        Utc.with_ymd_and_hms(2026, 4, 1, 10, 0, 0).unwrap() + chrono::Duration::minutes(min),
        min * 60_000,
    )
}

/// How the simulated candidate behaves.
#[derive(Clone, Copy)]
struct Candidate {
    answers: bool,
    /// The score they give themselves on every row.
    self_score: u8,
    /// The score they give a behavioural segment's rows.
    behavioural: u8,
}

/// Runs the whole loop; returns the verdict and every card's committed grade.
fn drive(lp: &Loop, with_optional: bool, c: Candidate) -> (Verdict, Vec<(String, Grade)>) {
    let plan = PlanInput::new(lp, pool(), HashSet::new(), 11)
        .with_optional(with_optional)
        .plan();
    assert!(plan.shortfalls.is_empty(), "{:?}", plan.shortfalls);
    let mut run = MockRun::new(plan, now(0));
    let mut t = 0;
    run.start(now(t));
    let mut grades = Vec::new();
    for _ in 0..1000 {
        t += 1; // one minute per step: every segment stays inside its budget
        run.tick(now(t));
        match run.phase {
            Phase::Answering => {
                if c.answers {
                    run.set_answer("A full answer.".into());
                    if run
                        .item()
                        .and_then(|i| i.kind)
                        .is_some_and(|k| k.is_coding())
                    {
                        run.record().unwrap().tests = Some((8, 8));
                    }
                }
                run.next(now(t));
            }
            Phase::FollowUp { .. } => {
                assert!(c.answers, "a blank answer gets no follow-up");
                run.set_answer("One level deeper.".into());
                run.next(now(t));
            }
            Phase::Review { round } => {
                assert!(
                    run.close_round(round, now(t)).is_err(),
                    "rows start unscored"
                );
                let items: Vec<usize> = run.round_items(round).map(|(i, _)| i).collect();
                for i in items {
                    let n = run.plan.items[i].key_points;
                    run.items[i].checklist = vec![c.answers; n];
                }
                for s in 0..run.sheets[round].len() {
                    let v = if run.sheets[round][s].kind == Kind::Behavioural {
                        c.behavioural
                    } else {
                        c.self_score
                    };
                    for row in 0..run.sheets[round][s].rows.len() {
                        run.score_row(round, s, row, v);
                    }
                }
                let closed = run.close_round(round, now(t)).unwrap();
                grades.extend(closed.grades.into_iter().map(|(id, g, _)| (id, g)));
            }
            Phase::Break { .. } => run.end_break(now(t + 5)),
            Phase::Report => return (run.verdict(), grades),
            Phase::Plan => unreachable!(),
        }
    }
    panic!("the loop never reached the report");
}

const BLANK: Candidate = Candidate {
    answers: false,
    self_score: 4,
    behavioural: 4,
};
const STRONG: Candidate = Candidate {
    answers: true,
    self_score: 4,
    behavioural: 4,
};

#[test]
fn a_blank_mock_is_no_hire_and_every_card_is_again() {
    for (key, _) in LOOPS {
        let (verdict, grades) = drive(&shipped(key), true, BLANK);
        assert_eq!(verdict, Verdict::NoHire, "{key}: even scoring yourself 4");
        assert!(!grades.is_empty());
        assert!(
            grades.iter().all(|g| g.1 == Grade::Again),
            "{key}: {grades:?}"
        );
    }
}

#[test]
fn a_strong_on_time_mock_is_hire() {
    for (key, _) in LOOPS {
        let (verdict, grades) = drive(&shipped(key), true, STRONG);
        assert_eq!(verdict, Verdict::Hire, "{key}");
        assert!(
            grades.iter().all(|g| g.1 == Grade::Easy),
            "{key}: {grades:?}"
        );
    }
}

#[test]
fn one_weak_behavioural_segment_makes_a_strong_loop_mixed() {
    // The screen has one behavioural segment; the others all 4.
    let weak = Candidate {
        behavioural: 2,
        ..STRONG
    };
    let (verdict, _) = drive(&shipped("screen"), false, weak);
    assert_eq!(verdict, Verdict::Mixed);
    // In the MS loop both rounds hold a behavioural segment: two weak rounds are No hire.
    let (verdict, _) = drive(&shipped("ms"), false, weak);
    assert_eq!(verdict, Verdict::NoHire);
}

#[test]
fn mock_loops_and_the_planner_agree_on_rounds_and_minutes() {
    for (key, _) in LOOPS {
        let lp = shipped(key);
        for with in [false, true] {
            let plan = PlanInput::new(&lp, pool(), HashSet::new(), 3)
                .with_optional(with)
                .plan();
            let (rounds, minutes) = lp.summary(with);
            assert_eq!(plan.lp.rounds.len(), rounds, "{key} optional={with}");
            assert_eq!(plan.total_minutes(), minutes, "{key} optional={with}");
        }
    }
    let phd = shipped("phd");
    assert_eq!(phd.summary(false), (2, 120.0));
    assert_eq!(phd.summary(true), (5, 300.0));
}

#[test]
fn ms_round_two_draws_a_full_case_or_breadth_and_toggles_keep_other_rounds() {
    let lp = shipped("ms");
    let mut kinds = HashSet::new();
    let mut design_tags = HashSet::new();
    for seed in 0..30 {
        let plan = PlanInput::new(&lp, pool(), HashSet::new(), seed).plan();
        let r2 = &plan.lp.rounds[1];
        assert_eq!(r2.segments.len(), 2, "one alternative kept");
        assert_eq!(r2.minutes(), 60.0);
        for item in plan.items.iter().filter(|i| i.round == 1 && i.segment == 0) {
            let k = item.kind.unwrap();
            kinds.insert(k);
            if k == Kind::Design {
                let id = item.card_id.as_deref().unwrap();
                let card = pool().into_iter().find(|c| c.id == id).unwrap();
                assert!(
                    !card.tags.contains(&"block".to_string()),
                    "never a building block in a 45-minute slot"
                );
                design_tags.extend(card.tags);
            }
        }
    }
    assert_eq!(kinds.len(), 2, "both design and breadth come up: {kinds:?}");
    assert!(design_tags.contains("llm-app") && design_tags.contains("classic"));

    let phd = shipped("phd");
    let mut input = PlanInput::new(&phd, pool(), HashSet::new(), 5);
    let base = input.plan();
    assert_eq!(input.optional_rounds(), vec![2, 3, 4]);
    assert!(input.toggle_round(3));
    assert!(!input.toggle_round(0), "round 1 is not optional");
    let with_depth = input.plan();
    assert_eq!(with_depth.lp.rounds.len(), 3);
    assert_eq!(
        base.items
            .iter()
            .filter(|i| i.round < 2)
            .collect::<Vec<_>>(),
        with_depth
            .items
            .iter()
            .filter(|i| i.round < 2)
            .collect::<Vec<_>>(),
        "toggling a later round keeps the cards of the others"
    );
}

#[test]
fn the_deep_dive_reads_the_dossier_or_says_why_it_is_general() {
    let phd = shipped("phd");
    let mut input = PlanInput::new(&phd, pool(), HashSet::new(), 2);
    input.toggle_round(3);
    let general = input.plan();
    assert!(
        general.notes[0].contains("no project dossier"),
        "{:?}",
        general.notes
    );
    assert!(general.items.iter().all(|i| i.project.is_none()));
    let personal = input
        .clone()
        .with_projects(vec![ProjectBrief {
            title: "Churn model".into(),
            file: "me/projects/churn.md".into(),
            families: vec!["evaluation".into()],
        }])
        .plan();
    assert!(personal.notes.is_empty());
    let deep: Vec<_> = personal.items.iter().filter(|i| i.round == 2).collect();
    assert_eq!(deep[0].project.as_deref(), Some("Churn model"));
    for item in &deep[1..4] {
        let n: usize = item.card_id.as_ref().unwrap()[6..].parse().unwrap();
        assert_eq!(n % 2, 1, "depth cards of the dossier's family (evaluation)");
    }
}
