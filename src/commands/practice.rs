//! `mlprep practice ID`: without flags, the TUI practice screen; `--run` runs the card's tests
//! once without an editor (exit 0 when all pass); `--history` lists past attempts.

use crate::cli::PracticeArgs;
use crate::config::Settings;
use crate::practice::{Effort, Run, ensure_workspace, print_report, run_config, trust};
use crate::study::Study;
use anyhow::{Context, Result, bail};
use chrono::Utc;
use std::io::Write;

/// `mlprep practice ID [--run | --history]`.
pub fn practice(settings: Settings, args: &PracticeArgs) -> Result<i32> {
    let now = Utc::now();
    let study = Study::open(settings, now)?;
    let Some(card) = study.card(&args.id) else {
        let coding = study
            .library
            .decks
            .iter()
            .flat_map(|d| d.cards.iter())
            .filter(|c| c.is_practicable())
            .map(|c| c.id.as_str());
        let near = super::suggest::closest_ids(&args.id, coding);
        if near.is_empty() {
            bail!(
                "no coding card with id `{}` (find one with `mlprep search WORDS`)",
                args.id
            );
        }
        bail!(
            "no card with id `{}`; did you mean {}?",
            args.id,
            near.iter()
                .map(|id| format!("`{id}`"))
                .collect::<Vec<_>>()
                .join(" or ")
        );
    };
    if !card.is_practicable() {
        bail!(
            "card `{}` has no Starter / Tests / Solution to practise",
            card.id
        );
    }
    run(study, &args.id, args)
}

/// History, a run without the editor, or the TUI practice screen.
fn run(mut study: Study, id: &str, args: &PracticeArgs) -> Result<i32> {
    let stdout = std::io::stdout();
    if args.history {
        let attempts = study.store.attempts(id)?;
        let mut out = stdout.lock();
        if attempts.is_empty() {
            writeln!(out, "no attempts at `{id}` yet")?;
            return Ok(0);
        }
        writeln!(
            out,
            "{:<16}  {:>7}  {:<7}  {:>6}  {:>5}  solution",
            "started", "tests", "result", "time", "hints"
        )?;
        for a in attempts {
            writeln!(
                out,
                "{:<16}  {:>7}  {:<7}  {:>6}  {:>5}  {}",
                a.started_at
                    .with_timezone(&study.settings.tz)
                    .format("%Y-%m-%d %H:%M"),
                format!("{}/{}", a.passed, a.total),
                a.status,
                format!("{} min", a.duration_ms / 60_000),
                a.hints_used,
                if a.solution_shown { "SHOWN" } else { "-" }
            )?;
        }
        return Ok(0);
    }
    study.ensure_text(id);
    let card = study.card(id).context("card vanished")?.clone();
    if args.run {
        let file = ensure_workspace(&study.settings.data_dir, &card)?;
        let mut config = run_config(&study);
        if let Some(origin) = config.untrusted.get(&*card.deck).cloned() {
            use std::io::IsTerminal;
            if !std::io::stdin().is_terminal() {
                print!("{}", trust::describe(&card, &origin));
                bail!(
                    "not run: code from a deck you did not write needs your yes, asked on a terminal (`mlprep practice {} --run`)",
                    card.id
                );
            }
            let yes = trust::ask(
                &mut study,
                &card,
                &origin,
                &mut std::io::stdin().lock(),
                &mut stdout.lock(),
                Utc::now(),
            )?;
            if !yes {
                println!("not run");
                return Ok(1);
            }
            config.untrusted.remove(&*card.deck);
        }
        let started = Utc::now();
        let mut run = Run::start(&card, &file, config);
        let report = run.wait().clone();
        let mut out = stdout.lock();
        writeln!(out, "{}  ({})", card.id, file.display())?;
        print_report(&mut out, &report)?;
        study.store.record_attempt(&crate::store::AttemptInput {
            card_id: &card.id,
            started_at: started,
            finished_at: Utc::now(),
            report: &report,
            effort: Effort {
                elapsed: Utc::now() - started,
                ..Effort::default()
            },
            source: "practice-run",
        })?;
        return Ok(if report.all_passed() { 0 } else { 1 });
    }
    crate::tui::run_with(study, crate::tui::Start::Practice(card.id.clone()))
}
