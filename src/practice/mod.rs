//! Coding practice: one workspace file per card (kept between attempts), the test runner child
//! process ([`runner`]) and the grade a result suggests. Never touches the terminal.

mod pipe;
pub mod runner;
pub mod sandbox;
pub mod trust;

use crate::cli::PracticeArgs;
use crate::content::Card;
use crate::schedule::Grade;
use crate::study::Study;
use anyhow::{Context, Result};
use chrono::{Duration, Utc};
pub use runner::{Report, Run, RunConfig, Status, TestResult};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where a card's workspace lives: `<data dir>/workspace/<card id>/solution.py`.
pub fn workspace_file(data_dir: &Path, card: &Card) -> PathBuf {
    let safe: String = card
        .id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    data_dir.join("workspace").join(safe).join("solution.py")
}

/// Writes the starter unless the user already has a file (so they continue where they left off).
pub fn ensure_workspace(data_dir: &Path, card: &Card) -> Result<PathBuf> {
    let file = workspace_file(data_dir, card);
    if !file.exists() {
        reset_workspace(data_dir, card)?;
    }
    Ok(file)
}

/// Replaces the workspace file with the card's starter.
pub fn reset_workspace(data_dir: &Path, card: &Card) -> Result<PathBuf> {
    let file = workspace_file(data_dir, card);
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("creating the workspace {}", dir.display()))?;
    }
    let starter = card.code(card.starter).unwrap_or("");
    let header = format!(
        "# mlprep practice: {}\n# Run the tests from mlprep (r) or `mlprep practice {} --run`.\n\n",
        card.prompt.replace('\n', " "),
        card.id
    );
    std::fs::write(&file, format!("{header}{starter}"))
        .with_context(|| format!("writing {}", file.display()))?;
    Ok(file)
}

/// What the user did during a practice attempt, for the grade and the attempt log.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Effort {
    pub elapsed: Duration,
    pub hints: usize,
    pub solution_shown: bool,
}

/// The grade a result suggests; the user confirms it.
/// All tests pass, no solution, at most one hint and within budget: Good (Easy when fast and
/// unaided). Passing late or with several hints: Hard. Otherwise: Again.
pub fn suggested_grade(report: &Report, effort: &Effort, budget_minutes: u32) -> (Grade, String) {
    let budget = Duration::minutes(budget_minutes as i64);
    let mins = effort.elapsed.num_minutes();
    if effort.solution_shown {
        return (Grade::Again, "the reference solution was shown".into());
    }
    if !report.all_passed() {
        return (
            Grade::Again,
            format!("{} of {} tests pass", report.passed(), report.total()),
        );
    }
    if effort.elapsed > budget {
        return (
            Grade::Hard,
            format!("all tests pass, but after {mins} min (budget {budget_minutes} min)"),
        );
    }
    if effort.hints > 1 {
        return (
            Grade::Hard,
            format!("all tests pass with {} hints", effort.hints),
        );
    }
    if effort.hints == 0 && effort.elapsed * 2 <= budget {
        return (
            Grade::Easy,
            format!("all tests pass in {mins} min, no hints"),
        );
    }
    (
        Grade::Good,
        format!("all tests pass in {mins} min with {} hint(s)", effort.hints),
    )
}

pub fn run_config(study: &Study) -> RunConfig {
    RunConfig {
        python: study.settings.python.clone(),
        timeout: study.settings.practice_timeout,
        memory_mb: study.settings.practice_memory_mb,
        untrusted: trust::untrusted(study),
    }
}

/// Prints a report as text.
pub fn print_report(out: &mut impl Write, report: &Report) -> std::io::Result<()> {
    if let Some(n) = &report.notice {
        writeln!(out, "note: {n}")?;
    }
    if let Some(f) = &report.fatal {
        writeln!(out, "cannot run the tests: {f}")?;
        return Ok(());
    }
    for r in &report.results {
        let mark = match r.status {
            Status::Pass => "PASS",
            Status::Fail => "FAIL",
            Status::Error => "ERROR",
            Status::Timeout => "TIMEOUT",
            Status::NotRun => "NOT RUN",
        };
        writeln!(out, "{mark:<8} {:<40} {:>7.3}s", r.name, r.seconds)?;
        if r.status != Status::Pass {
            for line in r.message.lines().take(6) {
                writeln!(out, "         {}", crate::content::inert(line))?;
            }
            if let Some((n, src)) = &r.line {
                writeln!(
                    out,
                    "         at line {n} of your file: {}",
                    crate::content::inert(src)
                )?;
            }
            if !r.output.is_empty() {
                let shown: String = r.output.chars().take(400).collect();
                writeln!(
                    out,
                    "         output: {}",
                    crate::content::inert(&shown.replace('\n', "⏎"))
                )?;
            }
        }
    }
    writeln!(
        out,
        "\n{} of {} tests pass ({:.1}s)",
        report.passed(),
        report.total(),
        report.seconds
    )?;
    Ok(())
}

/// `mlprep practice ID [--run | --history]`; without flags, the TUI practice screen.
pub fn cli(mut study: Study, id: &str, args: &PracticeArgs) -> Result<i32> {
    let stdout = std::io::stdout();
    if args.history {
        let attempts = study.store.attempts(id)?;
        let mut out = stdout.lock();
        if attempts.is_empty() {
            writeln!(out, "no attempts at `{id}` yet")?;
        }
        for a in attempts {
            writeln!(
                out,
                "{}  {:>3}/{:<3} tests  {:>6}  {:>3} min  hints {}{}",
                a.started_at
                    .with_timezone(&chrono::Local)
                    .format("%Y-%m-%d %H:%M"),
                a.passed,
                a.total,
                a.status,
                a.duration_ms / 60_000,
                a.hints_used,
                if a.solution_shown {
                    "  solution shown"
                } else {
                    ""
                }
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
                anyhow::bail!(
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

#[cfg(test)]
mod containment_tests;
#[cfg(test)]
mod tests;
