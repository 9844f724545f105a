//! A mock as markdown: the verdict; per round its score and what limited it; per segment its
//! rubric rows (what the user said, what counted, each cap beside its row); per card the answer,
//! its checklist, the interviewer's follow-ups with the answers, and the grade with its evidence.
//! Printed by `mlprep mock report ID` and shown in the TUI.

use super::score::{self, Verdict};
use super::session::MockRun;
use std::fmt::Write;

/// What the report needs to know about a card.
pub struct CardInfo {
    pub prompt: String,
    pub key_points: Vec<String>,
}

fn clock(ms: i64) -> String {
    let s = ms.max(0) / 1000;
    format!("{}:{:02}", s / 60, s % 60)
}

/// The report; `card` looks up prompts and key points by id.
pub fn markdown(
    run: &MockRun,
    title: &str,
    tz: &crate::clock::Tz,
    card: &dyn Fn(&str) -> Option<CardInfo>,
) -> String {
    let mut out = String::new();
    let lp = &run.plan.lp;
    let _ = writeln!(out, "# {title}\n");
    let _ = writeln!(
        out,
        "- Loop: {} (`{}`), seed {}",
        lp.name, lp.key, run.plan.seed
    );
    let _ = writeln!(
        out,
        "- Started: {}",
        run.started_at.with_timezone(tz).format("%Y-%m-%d %H:%M")
    );
    let scored: Vec<u8> = run.scores.iter().flatten().map(|s| s.overall).collect();
    if scored.is_empty() {
        let _ = writeln!(out, "- Verdict: not scored yet");
    } else {
        let mean = scored.iter().map(|&x| x as f64).sum::<f64>() / scored.len() as f64;
        let _ = writeln!(
            out,
            "- **Verdict: {}** (mean round score {mean:.1} over {} round(s))",
            run.verdict().label(),
            scored.len()
        );
        if run.verdict() == Verdict::Mixed
            && let Some(w) = run.weak_round()
        {
            let _ = writeln!(
                out,
                "- Mixed signal: an extra round like “{}” is the usual next step.",
                lp.rounds[w].title
            );
        }
    }
    for note in &run.plan.notes {
        let _ = writeln!(out, "- {note}");
    }
    for (ri, round) in lp.rounds.iter().enumerate() {
        let (spent, budget) = run.round_time(ri);
        let _ = writeln!(
            out,
            "\n## {} ({} / {} min)\n",
            round.title,
            clock(spent.num_milliseconds()),
            budget.num_minutes()
        );
        match &run.scores[ri] {
            Some(sc) if !sc.segments.is_empty() => {
                let _ = writeln!(
                    out,
                    "Overall **{}**/4 (segments weighted by minutes: {:.2}).",
                    sc.overall, sc.mean
                );
                if !sc.notes.is_empty() {
                    out.push('\n');
                }
                for note in &sc.notes {
                    let _ = writeln!(out, "- {note}");
                }
                for seg in &sc.segments {
                    let title = &round.segments[seg.segment].title;
                    let _ = writeln!(
                        out,
                        "\n#### {title}: rubric {}, overall {}/4\n",
                        seg.kind.title(),
                        seg.overall
                    );
                    let _ = writeln!(out, "| row | you | counted | cap |\n|---|---|---|---|");
                    for (k, (name, raw, v)) in seg.rows.iter().enumerate() {
                        let said = match raw {
                            score::RowScore::Scored(n) => n.to_string(),
                            score::RowScore::NotObserved => "not observed".into(),
                            score::RowScore::Unscored => "-".into(),
                        };
                        let cap: Vec<String> = seg
                            .caps
                            .iter()
                            .filter(|c| c.row == Some(k))
                            .map(|c| format!("{}: {}", c.limit, c.reason))
                            .collect();
                        let _ = writeln!(out, "| {name} | {said} | {v} | {} |", cap.join("; "));
                    }
                    for c in seg.caps.iter().filter(|c| c.row.is_none()) {
                        let _ = writeln!(out, "\n{c}.");
                    }
                }
            }
            Some(s) => {
                let _ = writeln!(
                    out,
                    "Rubric: {}. Overall **{}**/4.\n",
                    round.rubric.title(),
                    s.overall
                );
                let _ = writeln!(out, "| signal | score |\n|---|---|");
                for (sig, v) in score::rubric(round.rubric).iter().zip(&s.signals) {
                    let _ = writeln!(out, "| {} | {} |", sig.name, v);
                }
                let (_, _, reasons) = score::caps(round.rubric, &s.evidence);
                if !reasons.is_empty() {
                    let _ = writeln!(out, "\nCaps applied: {}.", reasons.join("; "));
                }
            }
            None => {
                let _ = writeln!(out, "Not scored.");
            }
        }
        let why: Vec<(usize, Vec<String>)> = run
            .card_grades(ri)
            .into_iter()
            .map(|g| (g.item, g.why))
            .collect();
        for (i, item) in run.round_items(ri) {
            let seg = &round.segments[item.segment];
            let r = &run.items[i];
            let clock_seg = &run.clocks[ri][item.segment];
            let over = if clock_seg.overtime {
                " · overtime"
            } else {
                ""
            };
            match &item.card_id {
                Some(id) => {
                    let info = card(id);
                    let prompt = info
                        .as_ref()
                        .map(|c| c.prompt.clone())
                        .unwrap_or_else(|| id.clone());
                    let _ = writeln!(out, "\n### {}: {prompt}\n", seg.title);
                    let mut facts = vec![
                        format!("card `{id}`"),
                        format!("time {}", clock(r.elapsed_ms)),
                        format!("hints {}", r.hints),
                    ];
                    if let Some((p, t)) = r.tests {
                        facts.push(format!("tests {p}/{t}"));
                    }
                    if let Some(g) = r.grade {
                        let because = why
                            .iter()
                            .find(|(k, _)| *k == i)
                            .map(|(_, w)| format!(": {}", w.join(", ")))
                            .unwrap_or_default();
                        facts.push(format!(
                            "graded {} ({}{because})",
                            g,
                            score::grade_for(g).label()
                        ));
                    }
                    let _ = writeln!(out, "{}{over}\n", facts.join(" · "));
                    if let Some(info) = info
                        && !info.key_points.is_empty()
                    {
                        for (k, point) in info.key_points.iter().enumerate() {
                            let hit = r.checklist.get(k).copied().unwrap_or(false);
                            let _ = writeln!(
                                out,
                                "- [{}] {}",
                                if hit { "x" } else { " " },
                                point.replace('\n', " ")
                            );
                        }
                        out.push('\n');
                    }
                }
                None => {
                    let what = match &item.project {
                        Some(p) => format!(": walk me through “{p}”"),
                        None => String::new(),
                    };
                    let _ = writeln!(
                        out,
                        "\n### {}{what}\n\ntime {}{over}\n",
                        seg.title,
                        clock(r.elapsed_ms)
                    );
                }
            }
            quote(&mut out, &r.answer, "_(no notes written)_");
            for f in &r.follow_ups {
                let _ = writeln!(
                    out,
                    "\n**Follow-up:** {} ({}{})\n",
                    f.question.replace('\n', " "),
                    clock(f.elapsed_ms),
                    if f.overtime { " · overtime" } else { "" }
                );
                if f.passed {
                    let _ = writeln!(out, "_(passed)_");
                } else {
                    quote(&mut out, &f.answer, "_(no answer)_");
                }
            }
        }
    }
    out
}

fn quote(out: &mut String, text: &str, blank: &str) {
    if text.trim().is_empty() {
        let _ = writeln!(out, "{blank}");
    } else {
        for line in text.lines() {
            let _ = writeln!(out, "> {line}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Kind;
    use crate::mock::loops::parse_loop;
    use crate::mock::plan::{PoolCard, plan};
    use chrono::{Duration, TimeZone, Utc};

    #[test]
    fn the_report_has_rows_caps_follow_ups_and_grades() {
        let lp = parse_loop("s.toml", "name = \"S\"\n[[rounds]]\ntitle = \"R\"\nrubric = \"breadth\"\n[[rounds.segments]]\ntitle = \"B\"\nminutes = 5\nkinds = [\"breadth\"]\n").0.unwrap();
        let pool = vec![PoolCard {
            id: "br-x".into(),
            kind: Kind::Breadth,
            key_points: 2,
            follow_ups: vec!["And for a deep net?".into()],
            ..PoolCard::default()
        }];
        let t0 = Utc.with_ymd_and_hms(2026, 4, 1, 10, 0, 0).unwrap();
        let mut run = MockRun::new(plan(&lp, &pool, &Default::default(), 3, false), t0);
        run.start(t0);
        run.set_answer("Bias is error from assumptions.".into());
        run.next(t0 + Duration::minutes(7));
        run.set_answer("Low bias, so variance dominates.".into());
        run.next(t0 + Duration::minutes(8));
        run.items[0].checklist = vec![true, false];
        for row in 0..4 {
            run.score_row(0, 0, row, 3);
        }
        run.mark_not_observed(0, 0, 2);
        run.close_round(0, t0 + Duration::minutes(9)).unwrap();
        let md = markdown(&run, "Mock #1", &crate::clock::Tz::UTC, &|_| {
            Some(CardInfo {
                prompt: "What is bias?".into(),
                key_points: vec!["assumptions".into(), "variance trade-off".into()],
            })
        });
        assert!(md.contains("**Verdict: Mixed**"), "{md}");
        assert!(md.contains("### B: What is bias?"));
        assert!(md.contains("- [x] assumptions\n- [ ] variance trade-off"));
        assert!(md.contains("> Bias is error from assumptions."));
        assert!(
            md.contains("| Clarity | 3 | 2 | 2: past the segment's time budget |"),
            "{md}"
        );
        assert!(md.contains("| Trade-offs and applicability | not observed | 1 |  |"));
        assert!(
            md.contains("**Follow-up:** And for a deep net? (1:00)"),
            "{md}"
        );
        assert!(md.contains("> Low bias, so variance dominates."));
        assert!(
            md.contains("graded 2 (Hard: 1 of 2 key points, answered past the time budget, follow-up handled)"),
            "{md}"
        );
    }
}
