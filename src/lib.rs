//! mlprep: ML interview preparation in the terminal.
//!
//! Module map (read `main -> lib::run -> tui::app -> tui::screens::*`; a screen turns a key
//! into effects, `tui::app` applies them through [`study::Study`]):
//! - [`clock`]: the instant and the user's zone, read once per turn and passed down.
//! - [`cli`]: clap definitions; [`config`]: flags + environment + config file -> [`config::Settings`].
//! - [`content`]: markdown decks -> cards, with every authoring problem as `file:line`.
//! - [`schedule`]: FSRS-6 with learning steps, and the day's queue; pure functions of the clock.
//! - [`store`]: SQLite (the only SQL): migrations, content sync, review log, card states, stats.
//! - [`stats`]: heatmap, forecast, retention windows, mock scores, readiness (for the stats screen and `stats --json`).
//! - [`study`]: the operations a user performs, shared by all front ends: grade, undo, sessions,
//!   the mock plan pipeline and the one-transaction round commit, drills, practice attempts.
//! - [`study_tools`]: custom study and cram, leeches, siblings, card info, adding cards.
//! - [`mock`]: loop files, planning, the timed session state machine, scoring, reports.
//! - [`drill`]: depth drills on the user's dossiers and the depth card a section grades.
//! - [`editor`]: running `$EDITOR` on a file at a line.
//! - [`own`]: the user's stories and project dossiers; the principle gap report.
//! - [`plan`]: study toward an interview date: readiness on the day, daily load, the due cap.
//! - [`practice`]: coding workspace and the local test runner (a child Python process).
//! - [`commands`]: the subcommands (`check`, `stats`, `mock`, `practice`, data commands, ...).
//! - [`interop`]: review-log CSV, Anki import/export, backups, doctor, FSRS optimisation.
//! - [`ai`]: the optional AI interviewer (a model the user runs): grading proposals, follow-ups.
//! - [`journal`]: sync between devices through journal files in a shared folder or git repository.
//! - [`search`]: fuzzy and typo-tolerant search over cards.
//! - [`fork`]: copies a shipped deck into the user's content directory to edit it.
//! - [`words`]: counted nouns and other small text helpers shared by the CLI and the screens.
//! - [`tui`]: the only code that knows ratatui / crossterm.
//!
//! Domain modules never touch the terminal and import neither `cli` nor `tui`; the TUI never
//! runs SQL.

pub mod ai;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod config;
pub mod content;
pub mod drill;
pub mod editor;
pub mod fork;
pub mod interop;
pub mod journal;
pub mod mock;
pub mod own;
pub mod plan;
pub mod practice;
pub mod schedule;
pub mod search;
pub mod stats;
pub mod store;
pub mod study;
pub mod study_tools;
#[doc(hidden)]
pub mod synth;
pub mod tui;
pub mod words;

use anyhow::Result;

/// Runs mlprep with parsed arguments; returns the process exit status.
pub fn run(cli: cli::Cli) -> Result<i32> {
    use cli::Command;
    let settings = config::resolve(&(&cli.global).into())?;
    for w in &settings.warnings {
        eprintln!("mlprep: warning: {w}");
    }
    match cli.command {
        // With `sync_dir` set, the terminal UI runs between two syncs (a no-op otherwise).
        None => {
            commands::sync::quiet(&settings);
            let status = tui::run(settings.clone(), tui::Start::Home);
            commands::sync::quiet(&settings);
            status
        }
        Some(Command::Review(args)) => {
            let filter = commands::filter_from(&args)?;
            commands::sync::quiet(&settings);
            let status = match commands::custom_from(&args) {
                Some(custom) => tui::run(settings.clone(), tui::Start::Custom(filter, custom)),
                None => tui::run(settings.clone(), tui::Start::Review(filter)),
            };
            commands::sync::quiet(&settings);
            status
        }
        Some(Command::Check(args)) => commands::check(&settings, &args),
        Some(Command::Stats(args)) => commands::stats(settings, &args),
        Some(Command::Practice(args)) => commands::practice(settings, &args),
        Some(Command::Mock(args)) => commands::mock::run(settings, &args),
        Some(Command::Search(args)) => commands::search(&settings, &args),
        Some(Command::Stories) => commands::stories(&settings),
        Some(Command::Template { which }) => commands::template(&which),
        Some(Command::Export(args)) => commands::data::export(settings, &args),
        Some(Command::Import(args)) => commands::data::import(settings, &args),
        Some(Command::Backup) => commands::data::backup(settings),
        Some(Command::Restore(args)) => commands::data::restore(settings, &args),
        Some(Command::Doctor(args)) => commands::data::doctor(settings, &args),
        Some(Command::Ai(args)) => commands::ai::run(&settings, &args),
        Some(Command::Plan(args)) => commands::plan::run(settings, &args),
        Some(Command::Optimize(args)) => commands::data::optimize(settings, &args),
        Some(Command::Sync(args)) => commands::sync::run(settings, &args),
        Some(Command::Card(args)) => commands::cards::card(settings, &args),
        Some(Command::Add(args)) => commands::cards::add(settings, &args),
    }
}
