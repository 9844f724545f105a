//! The session state machine with a fake clock: time counting, overtime, follow-ups on their own
//! timer, breaks that count toward nothing, a wall-clock jump, and saves that load back.

use super::*;
use crate::content::Kind;
use crate::mock::loops::parse_loop;
use crate::mock::plan::{PoolCard, plan};
use chrono::TimeZone;
use std::collections::HashSet;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 4, 1, 10, 0, 0).unwrap()
}

/// A fake clock: wall time and a monotonic reading `m` minutes after the start.
fn at(wall_min: i64, mono_min: i64) -> Now {
    Now::new(t0() + Duration::minutes(wall_min), mono_min * 60_000)
}

fn mins(m: i64) -> Now {
    at(m, m)
}

pub(super) fn run() -> MockRun {
    let text = "name = \"MS\"\n[[rounds]]\ntitle = \"R1\"\nrubric = \"leetcode\"\n[[rounds.segments]]\ntitle = \"Coding\"\nminutes = 45\nkinds = [\"leetcode\"]\n[[rounds.segments]]\ntitle = \"Behavioural\"\nminutes = 15\nkinds = [\"behavioural\"]\n[[rounds]]\ntitle = \"R2\"\n[[rounds.segments]]\ntitle = \"Breadth\"\nminutes = 10\nkinds = [\"breadth\"]\ncards = 2\n";
    let lp = parse_loop("ms.toml", text).0.unwrap();
    let pool: Vec<PoolCard> = [
        (Kind::Leetcode, "lc"),
        (Kind::Behavioural, "bh"),
        (Kind::Breadth, "br1"),
        (Kind::Breadth, "br2"),
    ]
    .into_iter()
    .map(|(kind, id)| PoolCard {
        id: id.into(),
        kind,
        key_points: 4,
        follow_ups: vec![format!("{id}: what would you do differently?")],
        ..PoolCard::default()
    })
    .collect();
    MockRun::new(plan(&lp, &pool, &HashSet::new(), 7, false), mins(0))
}

#[test]
fn the_clock_counts_only_while_answering_and_marks_overtime() {
    let mut r = run();
    assert_eq!(r.tick(mins(5)), None, "the plan screen does not count");
    r.start(mins(5));
    assert_eq!(r.segment_left(), Duration::minutes(45));
    r.tick(mins(30));
    assert_eq!(r.segment_left(), Duration::minutes(20));
    let n = r.tick(mins(51));
    assert_eq!(
        n,
        Some(Notice::Overtime {
            segment: "Coding".into()
        })
    );
    assert_eq!(r.segment_left(), Duration::minutes(-1));
    assert_eq!(r.tick(mins(52)), None, "told once; the clock keeps going");
    assert_eq!(r.round_time(0).0, Duration::minutes(47));
    assert!(r.items[0].overtime, "the card answered past the budget");
}

#[test]
fn a_wall_clock_jump_is_not_charged() {
    let mut r = run();
    r.start(at(0, 0));
    // The wall clock jumps 3 hours ahead (NTP, time zone fix); 2 real minutes pass.
    r.tick(at(180, 2));
    assert_eq!(r.segment_left(), Duration::minutes(43));
    // And back: nothing negative is charged.
    r.tick(at(-60, 3));
    assert_eq!(r.segment_left(), Duration::minutes(42));
}

#[test]
fn an_answered_card_gets_its_follow_up_on_its_own_timer() {
    let mut r = run();
    r.start(mins(0));
    r.set_answer("Two pointers.".into());
    r.next(mins(20));
    assert_eq!(r.phase, Phase::Answering, "coding cards get no follow-up");
    r.set_answer("Situation: the pipeline broke.".into());
    r.next(mins(30));
    assert_eq!(r.phase, Phase::FollowUp { item: 1, index: 0 });
    let (q, left) = r.follow_up().unwrap();
    assert_eq!(q, "bh: what would you do differently?");
    assert_eq!(left, Duration::minutes(3));
    r.set_answer("Add a canary.".into());
    assert_eq!(r.tick(mins(32)), None);
    assert_eq!(r.tick(mins(34)), Some(Notice::FollowUpOvertime));
    assert_eq!(
        r.round_time(0).0,
        Duration::minutes(30),
        "follow-up time is its own"
    );
    r.next(mins(34));
    assert_eq!(r.phase, Phase::Review { round: 0 });
    let f = &r.items[1].follow_ups[0];
    assert!(f.handled() && f.overtime && f.answer == "Add a canary.");
    assert_eq!(r.segment_evidence(0, 1).follow_ups_handled, 1);
}

#[test]
fn a_blank_card_gets_no_follow_up_and_a_pass_is_recorded() {
    let mut r = run();
    r.start(mins(0));
    r.next(mins(1));
    r.next(mins(2));
    assert_eq!(r.phase, Phase::Review { round: 0 }, "blank: no follow-up");
    assert!(r.items[1].follow_ups.is_empty());
    let mut r = run();
    r.start(mins(0));
    r.next(mins(1));
    r.set_answer("An answer.".into());
    r.next(mins(2));
    r.pass(mins(3));
    assert!(r.items[1].follow_ups[0].passed);
    assert!(!r.items[1].follow_ups[0].handled());
}

#[test]
fn the_break_counts_toward_nothing() {
    let mut r = run();
    r.start(mins(0));
    r.next(mins(10));
    r.next(mins(20));
    let review = r.sheets[0].len();
    assert_eq!(review, 2, "coding and behavioural each get a sheet");
    for s in 0..review {
        for row in 0..r.sheets[0][s].rows.len() {
            r.mark_not_observed(0, s, row);
        }
    }
    r.close_round(0, mins(25)).unwrap();
    assert_eq!(r.phase, Phase::Break { after: 0 });
    r.tick(mins(28));
    assert_eq!(r.break_left(), Duration::minutes(2));
    r.tick(mins(40));
    r.end_break(mins(40));
    assert_eq!(r.phase, Phase::Answering);
    r.tick(mins(41));
    assert_eq!(r.round_time(1).0, Duration::minutes(1));
    assert_eq!(r.round_time(0).0, Duration::minutes(20));
}

#[test]
fn a_saved_run_resumes_with_its_time() {
    let mut r = run();
    r.start(mins(0));
    r.tick(mins(10));
    let json = serde_json::to_string(&r).unwrap();
    let mut back: MockRun = serde_json::from_str(&json).unwrap();
    assert_eq!(back.items, r.items);
    // Closed for an hour: that hour is not counted.
    back.resume(mins(70));
    back.tick(mins(75));
    assert_eq!(back.segment_left(), Duration::minutes(30));
}

#[test]
fn the_rubric_view_lists_every_row_with_its_descriptions_and_caps() {
    let mut r = run();
    r.start(mins(0));
    r.record().unwrap().hints = 2;
    r.set_answer("Sort, then two pointers.".into());
    r.next(mins(50));
    r.next(mins(51));
    let view = r.rubric_view(0);
    assert_eq!(view.len(), 4 + 6, "LeetCode rows, then behavioural rows");
    assert_eq!(view[1].name, "Problem solving");
    assert_eq!(view[1].cap, 3);
    assert_eq!(view[2].reasons.len(), 1, "tests not run cap Coding");
    assert_eq!(
        view[1].reasons,
        vec!["Problem solving capped at 3: 2 hints used"]
    );
    assert_eq!(view[4].segment, "Behavioural");
    assert_eq!(view[4].cap, 1, "the behavioural answer is empty");
    assert!(
        view.iter()
            .all(|v| v.score == crate::mock::score::RowScore::Unscored)
    );
    assert!(view[0].descriptions[0].starts_with("1 = "));
    let err = r.close_round(0, mins(52)).unwrap_err().to_string();
    assert!(
        err.contains("10 left") && err.contains("Coding: Problem solving"),
        "{err}"
    );
}

#[test]
fn a_mock_saved_before_follow_ups_still_loads() {
    // The JSON the previous version wrote, with a round scored on its one round rubric: no
    // follow-ups, sheets, flow, break or per-segment score fields.
    let mut r = run();
    r.start(mins(0));
    r.next(mins(1));
    r.next(mins(2));
    r.score_round(0, &[3, 3, 3, 3], 3);
    let mut v: serde_json::Value = serde_json::to_value(&r).unwrap();
    let score = v["scores"][0].as_object_mut().unwrap();
    for k in ["segments", "mean", "behavioural_held", "notes"] {
        score.remove(k);
    }
    let o = v.as_object_mut().unwrap();
    for k in ["sheets", "flow", "break_ms"] {
        o.remove(k);
    }
    let lp = o["plan"]["lp"].as_object_mut().unwrap();
    lp.remove("break_minutes");
    for round in lp["rounds"].as_array_mut().unwrap() {
        for seg in round["segments"].as_array_mut().unwrap() {
            let seg = seg.as_object_mut().unwrap();
            for k in [
                "follow_ups",
                "follow_up_minutes",
                "rubric",
                "deep_dive",
                "choice",
            ] {
                seg.remove(k);
            }
        }
    }
    for item in o["plan"]["items"].as_array_mut().unwrap() {
        let item = item.as_object_mut().unwrap();
        for k in ["llm", "key_points", "follow_ups", "project"] {
            item.remove(k);
        }
    }
    o.get_mut("plan")
        .unwrap()
        .as_object_mut()
        .unwrap()
        .remove("notes");
    for rec in o["items"].as_array_mut().unwrap() {
        let rec = rec.as_object_mut().unwrap();
        for k in ["follow_ups", "overtime", "grade_choice"] {
            rec.remove(k);
        }
    }
    let old: MockRun = serde_json::from_value(v).unwrap();
    assert_eq!(old.flow, Flow::default(), "an old mock asks no follow-ups");
    assert_eq!(old.scores[0].as_ref().unwrap().signals, vec![3, 3, 3, 3]);
    let md = crate::mock::report::markdown(&old, "Old", &crate::clock::Tz::UTC, &|_| None);
    assert!(
        md.contains("| Coding | 3 |"),
        "the old round table still shows:\n{md}"
    );
    assert_eq!(old.plan.lp.break_minutes, 5.0);
    assert_eq!(old.plan.items.len(), 4);
}
