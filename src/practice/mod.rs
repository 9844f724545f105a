//! Coding practice: one workspace file per card (kept between attempts), the test runner child
//! process ([`runner`]), the grade a result suggests and the printed report. Never touches the
//! terminal; the `practice` command lives in `commands::practice`, the screen in `tui`.

pub mod detail;
mod pipe;
pub mod runner;
pub mod sandbox;
pub mod trust;

use crate::content::Card;
use crate::schedule::Grade;
use crate::study::Study;
use anyhow::{Context, Result};
use chrono::Duration;
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
        for (_, line) in detail::details(r) {
            writeln!(out, "         {line}")?;
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

/// The modules in `requires` that `python` cannot import. Empty when python itself cannot
/// start (the test run reports that, with what to install).
pub fn missing_modules(python: &str, requires: &[String]) -> Vec<String> {
    requires
        .iter()
        .filter(|m| {
            std::process::Command::new(python)
                .args([
                    "-c",
                    "import importlib, sys; importlib.import_module(sys.argv[1])",
                ])
                .arg(m)
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status()
                .is_ok_and(|s| !s.success())
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod containment_tests;
#[cfg(test)]
mod tests;
