//! `mlprep mock`: start a loop in the TUI, print a plan (`--plan`), list past mocks, print a
//! report as markdown.

use crate::cli::{MockAction, MockArgs};
use crate::config::Settings;
use crate::mock::loops::{Loop, load_loops};
use crate::mock::report::{CardInfo, markdown};
use crate::study::Study;
use crate::tui::Start;
use anyhow::{Result, bail};
use chrono::Utc;
use std::io::Write;

pub fn run(settings: Settings, args: &MockArgs) -> Result<i32> {
    let now = Utc::now();
    let mut study = Study::open(settings, now)?;
    let (loops, problems) = load_loops(&study.library);
    for p in &problems {
        eprintln!("mlprep: {p}");
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match &args.action {
        Some(MockAction::Loops) => {
            for lp in &loops {
                let (rounds, minutes) = lp.summary(false);
                let (all, all_minutes) = lp.summary(true);
                let optional = if all > rounds {
                    format!("; with optional: {all} round(s), {all_minutes} min")
                } else {
                    String::new()
                };
                writeln!(
                    out,
                    "{:<12} {:<28} {rounds} round(s), {minutes} min{optional}  ({})",
                    lp.key, lp.name, lp.path
                )?;
            }
            return Ok(0);
        }
        Some(MockAction::History) => {
            let history = study.store.mock_history()?;
            if history.is_empty() {
                writeln!(out, "no mocks yet: try `mlprep mock --loop screen`")?;
            }
            for m in history {
                writeln!(
                    out,
                    "#{:<4} {}  {:<28} {:<10} {:<8} {}",
                    m.id,
                    m.started_at
                        .with_timezone(&study.settings.tz)
                        .format("%Y-%m-%d %H:%M"),
                    m.loop_name,
                    m.status,
                    m.verdict.as_deref().unwrap_or("-"),
                    m.mean_score
                        .map(|s| format!("mean {s:.1} over {} round(s)", m.rounds_scored))
                        .unwrap_or_default()
                )?;
            }
            return Ok(0);
        }
        Some(MockAction::Report { id }) => {
            let Some((summary, run)) = study.store.mock(*id)? else {
                bail!("no mock #{id}: see `mlprep mock history`")
            };
            for cid in run.plan.items.iter().filter_map(|i| i.card_id.as_deref()) {
                study.ensure_text(cid);
            }
            let title = format!(
                "Mock #{} · {} ({})",
                summary.id, summary.loop_name, summary.status
            );
            let md = markdown(&run, &title, &study.settings.tz, &|cid| {
                study.card(cid).map(|c| CardInfo {
                    prompt: c.prompt.clone(),
                    key_points: c.key_points().map(str::to_string).collect(),
                })
            });
            write!(out, "{md}")?;
            return Ok(0);
        }
        None => {}
    }
    let Some(name) = &args.loop_name else {
        bail!(
            "choose a loop with --loop NAME ({})",
            loops
                .iter()
                .map(|l| l.key.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    };
    let Some(lp) = find(&loops, name) else {
        let broken = problems
            .iter()
            .any(|p| p.file.contains(&format!("{name}.toml")));
        if broken {
            bail!(
                "loop `{name}` has errors (listed above); the other loops still work: {}",
                loops
                    .iter()
                    .map(|l| l.key.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        bail!(
            "no loop `{name}`; available: {}",
            loops
                .iter()
                .map(|l| l.key.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    };
    let seed = args.seed.unwrap_or_else(|| now.timestamp_micros() as u64);
    let mut lp = lp.clone();
    if let Some(co) = &args.company {
        lp.company = Some(co.trim().to_lowercase());
    }
    let plan = study.plan_mock(&lp, seed, args.with_optional, now)?;
    if args.plan {
        writeln!(
            out,
            "{} (seed {seed}, {} round(s), {} min)",
            plan.lp.name,
            plan.lp.rounds.len(),
            plan.total_minutes()
        )?;
        for note in &plan.notes {
            writeln!(out, "note: {note}")?;
        }
        for (ri, r) in plan.lp.rounds.iter().enumerate() {
            writeln!(
                out,
                "round {}: {} ({} min, rubric {})",
                ri + 1,
                r.title,
                r.minutes(),
                r.rubric.slug()
            )?;
            for (si, s) in r.segments.iter().enumerate() {
                let cards: Vec<String> = plan
                    .items
                    .iter()
                    .filter(|i| i.round == ri && i.segment == si)
                    .filter_map(|i| i.card_id.clone())
                    .collect();
                writeln!(
                    out,
                    "  {} ({} min): {}",
                    s.title,
                    s.minutes,
                    if cards.is_empty() {
                        "-".to_string()
                    } else {
                        cards.join(", ")
                    }
                )?;
            }
        }
        for s in &plan.shortfalls {
            writeln!(
                out,
                "short: {} wants {} card(s), found {}",
                s.title, s.wanted, s.found
            )?;
        }
        return Ok(0);
    }
    drop(out);
    crate::tui::run_with(study, Start::Mock(Box::new(plan)))
}

fn find<'a>(loops: &'a [Loop], name: &str) -> Option<&'a Loop> {
    loops
        .iter()
        .find(|l| l.key == name || l.name.eq_ignore_ascii_case(name))
}
