//! The FSRS grade a card answered in a mock proposes, from that card's own evidence: share of key
//! points ticked, hints, local tests (coding), an empty answer, overtime and its follow-up. The
//! round score never lifts a card: it is used only for a card with no key points and no tests.

use crate::schedule::Grade;

/// How the card's follow-up went.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FollowUpOutcome {
    /// None asked (the card has none, or the segment asks none).
    #[default]
    NotAsked,
    Handled,
    /// Passed, or left blank.
    Passed,
}

/// One card's evidence.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CardEvidence {
    pub coding: bool,
    pub key_points: usize,
    pub ticked: usize,
    pub hints: u32,
    /// Coding cards: tests passed / total; `None` or total 0 = not run.
    pub tests: Option<(u32, u32)>,
    pub empty: bool,
    pub overtime: bool,
    pub follow_up: FollowUpOutcome,
    /// The score of the card's segment, used only when the card has neither key points nor
    /// tests to judge it by.
    pub segment_score: Option<u8>,
}

/// The proposed grade and the evidence that set it, in words.
pub fn proposed_grade(e: &CardEvidence) -> (Grade, Vec<String>) {
    let mut why = Vec::new();
    if e.empty {
        return (Grade::Again, vec!["the answer is empty".into()]);
    }
    if e.key_points > 0 && e.ticked == 0 {
        return (
            Grade::Again,
            vec![format!("0 of {} key points covered", e.key_points)],
        );
    }
    let mut grade = Grade::Easy;
    let mut limit = |g: Grade, reason: String, why: &mut Vec<String>| {
        why.push(reason);
        if (g as u8) < (grade as u8) {
            grade = g;
        }
    };
    if e.key_points > 0 {
        let share = e.ticked as f64 / e.key_points as f64;
        let g = if share >= 1.0 {
            Grade::Easy
        } else if share >= 0.6 {
            Grade::Good
        } else if share >= 0.3 {
            Grade::Hard
        } else {
            Grade::Again
        };
        limit(
            g,
            format!("{} of {} key points", e.ticked, e.key_points),
            &mut why,
        );
    }
    if e.coding {
        let (g, reason) = match e.tests {
            None | Some((_, 0)) => (Grade::Again, "local tests not run".to_string()),
            Some((p, t)) if p >= t => (Grade::Easy, format!("{p}/{t} tests pass")),
            Some((p, t)) if 2 * p >= t => (Grade::Hard, format!("{p}/{t} tests pass")),
            Some((p, t)) => (Grade::Again, format!("{p}/{t} tests pass")),
        };
        limit(g, reason, &mut why);
    } else if e.key_points == 0 {
        let g = e.segment_score.map_or(Grade::Good, super::score::grade_for);
        limit(
            g,
            match e.segment_score {
                Some(s) => format!("no key points: the segment's score {s}"),
                None => "no key points to check".into(),
            },
            &mut why,
        );
    }
    match e.hints {
        0 => {}
        1 => limit(Grade::Good, "1 hint".into(), &mut why),
        n => limit(Grade::Hard, format!("{n} hints"), &mut why),
    }
    if e.overtime {
        limit(
            Grade::Hard,
            "answered past the time budget".into(),
            &mut why,
        );
    }
    match e.follow_up {
        FollowUpOutcome::Passed => limit(Grade::Good, "follow-up passed".into(), &mut why),
        FollowUpOutcome::Handled => why.push("follow-up handled".into()),
        FollowUpOutcome::NotAsked => {}
    }
    (grade, why)
}

#[cfg(test)]
mod tests {
    use super::*;
    use FollowUpOutcome::*;
    use Grade::*;

    fn card(key_points: usize, ticked: usize) -> CardEvidence {
        CardEvidence {
            key_points,
            ticked,
            ..CardEvidence::default()
        }
    }

    #[test]
    fn the_mapping_table() {
        let coding = |tests, hints| CardEvidence {
            coding: true,
            tests,
            hints,
            ..CardEvidence::default()
        };
        let with = |mut e: CardEvidence, f: &dyn Fn(&mut CardEvidence)| {
            f(&mut e);
            e
        };
        #[rustfmt::skip]
        let table: Vec<(&str, CardEvidence, Grade)> = vec![
            ("empty answer, even with every point ticked", with(card(4, 4), &|e| e.empty = true), Again),
            ("0 of 4 key points, strong segment", with(card(4, 0), &|e| e.segment_score = Some(4)), Again),
            ("0 of 5 points and two hints", with(card(5, 0), &|e| e.hints = 2), Again),
            ("all points, follow-up handled", with(card(4, 4), &|e| e.follow_up = Handled), Easy),
            ("all points, no follow-up asked", card(4, 4), Easy),
            ("all points, follow-up passed", with(card(4, 4), &|e| e.follow_up = Passed), Good),
            ("3 of 4 points", card(4, 3), Good),
            ("2 of 5 points", card(5, 2), Hard),
            ("1 of 5 points", card(5, 1), Again),
            ("all points, 1 hint", with(card(4, 4), &|e| e.hints = 1), Good),
            ("all points, 2 hints", with(card(4, 4), &|e| e.hints = 2), Hard),
            ("all points, overtime", with(card(4, 4), &|e| e.overtime = true), Hard),
            ("coding, all tests pass, no hints", coding(Some((8, 8)), 0), Easy),
            ("coding, all tests pass, 2 hints", coding(Some((8, 8)), 2), Hard),
            ("coding, 5/8 tests", coding(Some((5, 8)), 0), Hard),
            ("coding, 3/8 tests", coding(Some((3, 8)), 0), Again),
            ("coding, tests not run", coding(None, 0), Again),
            ("coding, tests not run (0 total)", coding(Some((0, 0)), 0), Again),
            ("no key points: the segment's score", with(card(0, 0), &|e| e.segment_score = Some(2)), Hard),
            ("no key points, no segment score", card(0, 0), Good),
        ];
        for (what, evidence, want) in table {
            let (got, why) = proposed_grade(&evidence);
            assert_eq!(got, want, "{what}: {why:?}");
            assert!(!why.is_empty(), "{what}: every grade says why");
        }
    }
}
