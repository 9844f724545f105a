//! Segment scoring: unscored rows, caps naming their rows, min + 2, round weighting, verdict.

use super::*;

fn all(kind: Kind, n: u8) -> Sheet {
    let mut s = Sheet::new(0, kind, false, 10.0);
    s.rows = vec![RowScore::Scored(n); s.rows.len()];
    s
}

#[test]
fn rows_start_unscored_and_block_the_score() {
    let mut s = Sheet::new(0, Kind::Breadth, false, 12.0);
    assert_eq!(s.unscored(), vec![0, 1, 2, 3]);
    assert_eq!(s.score(&SegmentEvidence::default()), None);
    s.rows = vec![RowScore::Scored(4); 4];
    s.rows[2] = RowScore::NotObserved;
    let sc = s.score(&SegmentEvidence::default()).unwrap();
    assert_eq!(sc.rows[2].2, 1, "not observed counts as 1");
    assert_eq!(sc.overall, 3, "mean 3.25 rounds to 3; min + 2 = 3");
}

#[test]
fn each_cap_names_a_row_of_the_rubric_it_limits() {
    let e = SegmentEvidence {
        hints: 2,
        tests: Some((0, 0)),
        overtime: true,
        follow_ups_asked: 2,
        follow_ups_handled: 1,
        ..SegmentEvidence::default()
    };
    for kind in Kind::ALL {
        for llm in [false, true] {
            let names: Vec<&str> = rubric::rows(kind, llm).iter().map(|r| r.name).collect();
            for c in segment_caps(kind, llm, &e) {
                match c.row {
                    Some(i) => assert_eq!(names[i], c.row_name, "{kind}"),
                    None => assert_eq!(c.row_name, "Overall"),
                }
            }
        }
    }
    let lc = segment_caps(Kind::Leetcode, false, &e);
    let text: Vec<String> = lc.iter().map(Cap::to_string).collect();
    assert!(text.contains(&"Coding capped at 3: local tests not run (counts as failed)".into()));
    assert!(text.contains(&"Problem solving capped at 3: 2 hints used".into()));
    assert!(text.contains(&"Overall capped at 3: past the segment's time budget".into()));
    let br = segment_caps(Kind::Breadth, false, &e);
    assert!(br.iter().any(|c| c.row_name == "Clarity" && c.limit == 2));
    assert!(
        br.iter()
            .any(|c| c.row_name == "Depth and motivation" && c.limit == 2),
        "{br:?}"
    );
    assert!(!br.iter().any(|c| c.row_name.contains("Coding")));
}

#[test]
fn an_empty_answer_caps_every_row_at_one() {
    let e = SegmentEvidence {
        empty: true,
        ..Default::default()
    };
    let mut s = all(Kind::Behavioural, 4);
    s.overall = Some(4);
    let sc = s.score(&e).unwrap();
    assert!(sc.rows.iter().all(|r| r.2 == 1));
    assert_eq!(sc.overall, 1);
}

#[test]
fn the_overall_stays_within_min_plus_two() {
    let mut s = all(Kind::Leetcode, 4);
    s.rows[0] = RowScore::Scored(1);
    s.overall = Some(4);
    assert_eq!(s.score(&SegmentEvidence::default()).unwrap().overall, 3);
}

#[test]
fn rounds_weigh_segments_by_minutes_and_behavioural_holds_them() {
    let seg = |kind, minutes, overall| SegmentScore {
        segment: 0,
        kind,
        minutes,
        rows: vec![],
        overall,
        caps: vec![],
        evidence: SegmentEvidence::default(),
    };
    let r = round_overall(&[seg(Kind::Leetcode, 45.0, 4), seg(Kind::Breadth, 15.0, 2)]);
    assert_eq!(r, Some((3.5, 3, false)));
    let r = round_overall(&[
        seg(Kind::Leetcode, 45.0, 4),
        seg(Kind::Behavioural, 15.0, 2),
    ]);
    assert_eq!(r, Some((3.5, 2, true)));
    assert_eq!(round_overall(&[]), None);
}

#[test]
fn verdict_rules() {
    assert_eq!(verdict(&[3, 4]), Verdict::Hire);
    assert_eq!(verdict(&[3, 2]), Verdict::Mixed);
    assert_eq!(
        verdict(&[4, 2]),
        Verdict::Mixed,
        "a round at 2 is a mixed signal"
    );
    assert_eq!(verdict(&[2, 2]), Verdict::NoHire);
    assert_eq!(verdict(&[4, 1]), Verdict::NoHire);
    assert_eq!(verdict(&[]), Verdict::NoHire);
    assert_eq!(grade_for(3), Grade::Good);
}
