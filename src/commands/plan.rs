//! `mlprep plan`: the interview planner in the terminal: readiness per round type, a per-day bar
//! chart of the proposed load, the cards to start now, mock days.

use crate::cli::PlanArgs;
use crate::config::Settings;
use crate::plan::{Interview, Plan};
use crate::study::Study;
use anyhow::{Result, bail};
use chrono::Utc;
use std::io::Write;

pub fn run(settings: Settings, args: &PlanArgs) -> Result<i32> {
    let now = Utc::now();
    if let Some(t) = args.target
        && !(0.5..=0.99).contains(&t)
    {
        bail!("--target {t} must be between 0.5 and 0.99");
    }
    let minutes = args.minutes.unwrap_or(settings.daily_minutes).max(1);
    let study = Study::open_metadata(settings, now)?;
    let configured = study.next_interview(now).cloned();
    let interview = match (args.date, configured) {
        (Some(date), c) => Interview {
            date,
            loop_key: args.loop_key.clone().or_else(|| {
                c.as_ref()
                    .filter(|c| c.date == date)
                    .and_then(|c| c.loop_key.clone())
            }),
            name: c.filter(|c| c.date == date).and_then(|c| c.name),
            target: args.target,
        },
        (None, Some(mut c)) => {
            if args.loop_key.is_some() {
                c.loop_key = args.loop_key.clone();
            }
            c.target = args.target.or(c.target);
            c
        }
        (None, None) => bail!(
            "no interview date: pass --date YYYY-MM-DD, or add to config.toml:\n\n[[interviews]]\ndate = \"2027-01-20\"\nloop = \"ms\""
        ),
    };
    let plan = study.plan(&interview, minutes, now)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &plan)?;
        writeln!(out)?;
        return Ok(0);
    }
    print(&mut out, &interview, &plan, minutes)?;
    Ok(0)
}

fn pct(r: Option<f32>) -> String {
    r.map(|r| format!("{:.0}%", r * 100.0))
        .unwrap_or_else(|| "-".into())
}

pub fn print(
    out: &mut impl Write,
    iv: &Interview,
    plan: &Plan,
    minutes: u32,
) -> std::io::Result<()> {
    writeln!(
        out,
        "Interview {}{}{}: {} day(s) from today, target recall {:.0}%, {} min a day",
        iv.date,
        iv.name
            .as_deref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default(),
        iv.loop_key
            .as_deref()
            .map(|l| format!(", loop {l}"))
            .unwrap_or_default(),
        plan.days.len(),
        plan.target * 100.0,
        minutes
    )?;
    writeln!(
        out,
        "\nReadiness on the day (recall = mean over studied cards)"
    )?;
    writeln!(
        out,
        "  {:<12} {:>6} {:>9} {:>12} {:>12} {:>12}",
        "round type", "cards", "studied", "if you stop", "with plan", "studied then"
    )?;
    for r in &plan.readiness {
        writeln!(
            out,
            "  {:<12} {:>6} {:>9} {:>12} {:>12} {:>12}",
            r.kind.slug(),
            r.cards,
            r.studied_now,
            pct(r.recall_if_idle),
            pct(r.recall_on_day),
            r.studied_on_day
        )?;
    }
    writeln!(
        out,
        "\nNew cards: {} waiting; start {} a day on average, {} today ({} by the day){}",
        plan.new_waiting,
        plan.new_per_day,
        plan.start_now.len(),
        plan.new_started,
        if plan.new_started < plan.new_waiting {
            format!("; {} will not fit", plan.new_waiting - plan.new_started)
        } else {
            String::new()
        }
    )?;
    if let Some(advice) = plan.limit_advice() {
        writeln!(out, "{advice}")?;
    }
    if !plan.start_now.is_empty() {
        let shown: Vec<&str> = plan.start_now.iter().take(8).map(String::as_str).collect();
        writeln!(
            out,
            "  start today: {}{}",
            shown.join(", "),
            if plan.start_now.len() > 8 {
                ", …"
            } else {
                ""
            }
        )?;
    }
    writeln!(
        out,
        "Not due again before the date: {} card(s){}",
        plan.not_seen_before.len(),
        if plan.not_seen_before.is_empty() {
            String::new()
        } else {
            let weakest: Vec<String> = plan
                .not_seen_before
                .iter()
                .take(5)
                .map(|n| format!("{} {:.0}%", n.id, n.recall * 100.0))
                .collect();
            format!("; weakest on the day: {}", weakest.join(", "))
        }
    )?;
    if !plan.fits {
        writeln!(
            out,
            "Warning: the reviews alone need more than {minutes} min on some days; some stay undone. Raise --minutes."
        )?;
    }
    writeln!(
        out,
        "\nPer day (minutes; # = new and review time, M = a full mock loop)"
    )?;
    let width = 40usize;
    for d in &plan.days {
        let bar = (d.minutes as usize * width)
            .div_ceil(minutes.max(1) as usize)
            .min(width);
        writeln!(
            out,
            "  {} {:<width$} {:>4} min  {:>3} new {:>4} rev{}",
            d.date.format("%a %d %b"),
            "#".repeat(bar),
            d.minutes,
            d.new,
            d.reviews,
            if d.mock { "  M mock" } else { "" }
        )?;
    }
    Ok(())
}
