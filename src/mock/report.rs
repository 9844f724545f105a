//! A mock as markdown: per round the rubric scores, caps and evidence, per card the answer and
//! its checklist, and the verdict. Printed by `mlprep mock report ID` and shown in the TUI.

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
pub fn markdown(run: &MockRun, title: &str, card: &dyn Fn(&str) -> Option<CardInfo>) -> String {
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
        run.started_at
            .with_timezone(&chrono::Local)
            .format("%Y-%m-%d %H:%M")
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
                        facts.push(format!("graded {} ({})", g, score::grade_for(g).label()));
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
                    let _ = writeln!(
                        out,
                        "\n### {}\n\ntime {}{over}\n",
                        seg.title,
                        clock(r.elapsed_ms)
                    );
                }
            }
            if r.answer.trim().is_empty() {
                let _ = writeln!(out, "_(no notes written)_");
            } else {
                for line in r.answer.lines() {
                    let _ = writeln!(out, "> {line}");
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Kind;
    use crate::mock::loops::parse_loop;
    use crate::mock::plan::{PoolCard, plan};
    use chrono::{Duration, TimeZone, Utc};

    #[test]
    fn the_report_has_scores_checklist_and_answers() {
        let lp = parse_loop("s.toml", "name = \"S\"\n[[rounds]]\ntitle = \"R\"\nrubric = \"breadth\"\n[[rounds.segments]]\ntitle = \"B\"\nminutes = 5\nkinds = [\"breadth\"]\n").0.unwrap();
        let pool = vec![PoolCard {
            id: "br-x".into(),
            kind: Kind::Breadth,
            difficulty: None,
            tags: vec![],
            companies: vec![],
            weakness: 0.0,
        }];
        let t0 = Utc.with_ymd_and_hms(2026, 4, 1, 10, 0, 0).unwrap();
        let mut run = MockRun::new(plan(&lp, &pool, &Default::default(), 3, false), t0);
        run.start(t0);
        run.record().unwrap().answer = "Bias is error from assumptions.".into();
        run.record().unwrap().checklist = vec![true, false];
        run.next(t0 + Duration::minutes(7));
        run.score_round(0, &[3, 3, 3, 3], 3);
        let md = markdown(&run, "Mock #1", &|_| {
            Some(CardInfo {
                prompt: "What is bias?".into(),
                key_points: vec!["assumptions".into(), "variance trade-off".into()],
            })
        });
        assert!(md.contains("**Verdict: Hire**"), "{md}");
        assert!(md.contains("### B: What is bias?"));
        assert!(md.contains("- [x] assumptions\n- [ ] variance trade-off"));
        assert!(md.contains("> Bias is error from assumptions."));
        assert!(
            md.contains("Caps applied: past the time budget: overall capped at 3."),
            "{md}"
        );
        assert!(md.contains("overtime"));
    }
}
