//! Proposals on a mock round review with a fake clock: ticks pre-set, row scores proposed as the
//! segment's mean under the evidence caps, nothing scored until the user accepts, and the record
//! of what the user changed.

use super::*;
use crate::ai::grade::{PointVerdict, RowProposal, Verdict};
use crate::content::Kind;
use crate::mock::clock::Now;
use crate::mock::loops::parse_loop;
use crate::mock::plan::{PoolCard, plan};
use crate::mock::session::Phase;
use chrono::{TimeZone, Utc};
use std::collections::HashSet;

fn mins(m: i64) -> Now {
    let t0 = Utc.with_ymd_and_hms(2026, 4, 1, 10, 0, 0).unwrap();
    Now::new(t0 + chrono::Duration::minutes(m), m * 60_000)
}

/// One round: a breadth segment of two cards, reviewed.
fn reviewed() -> MockRun {
    let text = "name = \"B\"\n[[rounds]]\ntitle = \"R1\"\n[[rounds.segments]]\ntitle = \"Breadth\"\nminutes = 10\nkinds = [\"breadth\"]\ncards = 2\n";
    let lp = parse_loop("b.toml", text).0.unwrap();
    let pool: Vec<PoolCard> = ["br1", "br2"]
        .into_iter()
        .map(|id| PoolCard {
            id: id.into(),
            kind: Kind::Breadth,
            key_points: 2,
            ..PoolCard::default()
        })
        .collect();
    let mut r = MockRun::new(plan(&lp, &pool, &HashSet::new(), 7, false), mins(0));
    r.start(mins(0));
    r.set_answer("Bias is error from wrong assumptions.".into());
    r.next(mins(3));
    r.set_answer("Dropout zeroes units at random.".into());
    r.next(mins(6));
    assert_eq!(r.phase, Phase::Review { round: 0 });
    r.ensure_sheets(0);
    r
}

fn grading(covered: [Verdict; 2], score: u8) -> Grading {
    Grading {
        points: covered
            .iter()
            .enumerate()
            .map(|(i, v)| PointVerdict {
                id: format!("k{}", i + 1),
                verdict: *v,
                quotes: vec!["units".into()],
                note: None,
            })
            .collect(),
        rubric: vec![RowProposal {
            row: "r1".into(),
            score,
            proposed: score,
            reason: format!("reason {score}"),
            cap: None,
        }],
        errors: vec![],
        next: String::new(),
    }
}

#[test]
fn the_rows_sent_are_the_segments_sheet_and_the_answer_includes_follow_ups() {
    let mut r = reviewed();
    let rows = r.ai_rows(0);
    let sheet = r.sheets[0][0].rubric();
    assert_eq!(rows.len(), sheet.len());
    assert_eq!(rows[0].id, "r1");
    assert_eq!(rows[0].name, sheet[0].name);
    assert_eq!(r.ai_answer(1), "Dropout zeroes units at random.");
}

#[test]
fn proposals_pre_tick_and_wait_for_the_user_on_the_rubric() {
    let mut r = reviewed();
    r.apply_ai(0, grading([Verdict::Covered, Verdict::Missing], 3), Some(7));
    assert_eq!(r.items[0].checklist, vec![true, false]);
    let p = r.proposed_row(0, 0, 0).unwrap();
    assert_eq!((p.score, p.reasons.clone()), (3, vec!["reason 3".into()]));
    assert_eq!(r.proposed_row(0, 0, 1), None, "no proposal for row 2");
    assert_eq!(
        r.sheets[0][0].rows[0],
        RowScore::Unscored,
        "a proposal is not a score"
    );
    // The second card's proposal joins the first: the mean of 3 and 2 rounds half down.
    r.apply_ai(1, grading([Verdict::Covered, Verdict::Covered], 2), Some(8));
    assert_eq!(r.proposed_row(0, 0, 0).unwrap().score, 2);
    assert!(r.accept_proposal(0, 0, 0));
    assert_eq!(r.sheets[0][0].rows[0], RowScore::Scored(2));
    assert!(!r.accept_proposal(0, 0, 1));
    assert_eq!(r.accept_all_proposals(0), 0, "the only proposal is taken");
}

#[test]
fn the_choice_records_both_and_flags_an_override() {
    let mut r = reviewed();
    r.apply_ai(0, grading([Verdict::Covered, Verdict::Missing], 3), Some(7));
    r.apply_ai(1, grading([Verdict::Covered, Verdict::Covered], 3), None);
    r.accept_all_proposals(0);
    let c = r.ai_choices(0);
    assert_eq!(
        c.len(),
        1,
        "a judgement that was not saved has nothing to record"
    );
    assert_eq!(c[0].judgement, 7);
    assert!(!c[0].overridden);
    assert_eq!(c[0].chosen["rubric"]["r1"], 3);
    assert_eq!(c[0].chosen["ticks"], serde_json::json!([true, false]));
    // The user unticks a point and scores the row lower.
    r.items[0].checklist[0] = false;
    r.score_row(0, 0, 0, 2);
    let c = r.ai_choices(0);
    assert!(c[0].overridden);
    assert_eq!(c[0].chosen["rubric"]["r1"], 2);
    assert_eq!(c[0].chosen["ticks"], serde_json::json!([false, false]));
}

#[test]
fn an_empty_answer_caps_the_proposal_like_a_typed_score() {
    let mut r = reviewed();
    r.items[0].answer.clear();
    r.items[1].answer.clear();
    r.apply_ai(0, grading([Verdict::Covered, Verdict::Covered], 4), Some(1));
    let p = r.proposed_row(0, 0, 0).unwrap();
    let cap = r.rubric_view(0)[0].cap;
    assert!(cap < 4, "an empty segment caps its rows");
    assert_eq!((p.asked, p.score), (4, cap));
}

#[test]
fn a_proposal_survives_a_save_and_a_resume() {
    let mut r = reviewed();
    r.apply_ai(0, grading([Verdict::Covered, Verdict::Missing], 3), Some(7));
    let json = serde_json::to_string(&r).unwrap();
    let back: MockRun = serde_json::from_str(&json).unwrap();
    assert_eq!(back.items[0].ai, r.items[0].ai);
    assert_eq!(back.proposed_row(0, 0, 0).unwrap().score, 3);
}

#[test]
fn a_generated_follow_up_is_asked_next_and_recorded() {
    let text = "name = \"B\"\n[[rounds]]\ntitle = \"R1\"\n[[rounds.segments]]\ntitle = \"Breadth\"\nminutes = 10\nkinds = [\"breadth\"]\ncards = 1\n";
    let lp = parse_loop("b.toml", text).0.unwrap();
    let pool = vec![PoolCard {
        id: "br1".into(),
        kind: Kind::Breadth,
        key_points: 2,
        follow_ups: vec!["Written one?".into()],
        ..PoolCard::default()
    }];
    let mut r = MockRun::new(plan(&lp, &pool, &HashSet::new(), 7, false), mins(0));
    r.start(mins(0));
    assert_eq!(
        r.add_follow_up(0, "Why?".into(), mins(1)),
        None,
        "nothing written: nothing to follow up"
    );
    r.set_answer("Bias is error from wrong assumptions.".into());
    assert_eq!(
        r.add_follow_up(0, "Why that assumption?".into(), mins(2)),
        Some(Added::Now)
    );
    assert_eq!(r.phase, Phase::FollowUp { item: 0, index: 0 });
    assert_eq!(r.follow_up().unwrap().0, "Why that assumption?");
    r.set_answer("Because of the data.".into());
    assert_eq!(
        r.add_follow_up(0, "And then?".into(), mins(3)),
        Some(Added::Next)
    );
    r.next(mins(4));
    assert_eq!(
        r.follow_up().unwrap().0,
        "And then?",
        "the new one comes next"
    );
    r.next(mins(5));
    assert_eq!(
        r.follow_up().unwrap().0,
        "Written one?",
        "the written one still comes"
    );
    r.next(mins(6));
    assert_eq!(r.phase, Phase::Review { round: 0 });
    assert_eq!(r.items[0].follow_ups.len(), 3);
    assert!(r.ai_answer(0).contains("Because of the data."));
}
