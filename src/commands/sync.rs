//! `mlprep sync`: the command-line face of [`crate::journal`], plus the quiet sync run when the
//! terminal UI starts and quits with `sync_dir` set. Prints what happened; no logic of its own.

use crate::cli::SyncArgs;
use crate::config::Settings;
use crate::journal::{self, SyncOutcome, git};
use crate::schedule::Scheduler;
use crate::store::Store;
use anyhow::{Context, Result, bail};
use chrono::{DateTime, Utc};
use std::path::Path;

/// Problems listed one by one before the rest are only counted.
const SHOWN: usize = 10;

pub fn run(settings: Settings, args: &SyncArgs) -> Result<i32> {
    let Some(dir) = args.dir.clone().or(settings.sync_dir.clone()) else {
        bail!(
            "no sync folder: pass `mlprep sync --dir DIR` or set `sync_dir = \"DIR\"` in {}",
            settings
                .config_path
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "config.toml".into())
        );
    };
    let now = Utc::now();
    let mut store = Store::open(&settings.db_path)?;
    if args.status {
        return status(&mut store, &dir, now);
    }
    let scheduler = Scheduler::new(settings.scheduler.clone())?;
    if args.git {
        return with_git(&mut store, &scheduler, &dir, now);
    }
    let outcome = journal::sync(&mut store, &scheduler, &dir, now)
        .with_context(|| format!("syncing through {}", dir.display()))?;
    report(&outcome, &dir);
    Ok(0)
}

fn with_git(
    store: &mut Store,
    scheduler: &Scheduler,
    dir: &Path,
    now: DateTime<Utc>,
) -> Result<i32> {
    git::check(dir)?;
    let first = journal::sync(store, scheduler, dir, now)?;
    git::commit(dir, &first.device)?;
    let remote = git::pull(dir)?;
    let second = journal::sync(store, scheduler, dir, now)?;
    git::commit(dir, &second.device)?;
    let mut outcome = first;
    for (kind, n) in &second.merged.added.0 {
        *outcome.merged.added.0.entry(*kind).or_default() += n;
    }
    for (kind, n) in &second.recorded.0 {
        *outcome.recorded.0.entry(*kind).or_default() += n;
    }
    outcome.merged.cards_replayed += second.merged.cards_replayed;
    outcome.written += second.written;
    outcome.issues = second.issues;
    report(&outcome, dir);
    match &remote.remote {
        Some(r) => {
            git::push(dir, r)?;
            println!(
                "git: {} {r}, pushed",
                if remote.pulled {
                    "pulled from"
                } else {
                    "nothing to pull from"
                }
            );
        }
        None => println!(
            "git: committed locally; the repository has no remote (add one with `git remote add origin URL`)"
        ),
    }
    Ok(0)
}

fn report(o: &SyncOutcome, dir: &Path) {
    println!(
        "synced through {} (this device: {})",
        dir.display(),
        o.device
    );
    println!("  recorded here: {}", o.recorded);
    println!(
        "  merged from {} journal file(s): {}; {} card(s) rescheduled from their reviews",
        o.files_read, o.merged.added, o.merged.cards_replayed
    );
    println!("  written to this device's journal: {} event(s)", o.written);
    print_issues(&o.issues);
}

fn print_issues(issues: &[journal::files::Issue]) {
    if issues.is_empty() {
        return;
    }
    println!(
        "{} thing(s) in the sync folder mlprep could not read (nothing else is held up; no file was changed):",
        issues.len()
    );
    for i in issues.iter().take(SHOWN) {
        println!("  {i}");
    }
    if issues.len() > SHOWN {
        println!("  ... and {} more", issues.len() - SHOWN);
    }
}

fn status(store: &mut Store, dir: &Path, now: DateTime<Utc>) -> Result<i32> {
    let s = journal::status(store, dir, now)?;
    let when = |ms: Option<i64>| {
        ms.and_then(DateTime::from_timestamp_millis)
            .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
            .unwrap_or_else(|| "never".into())
    };
    println!("sync folder: {}", dir.display());
    println!(
        "this device: {} (last sync {})",
        s.device,
        when(s.last_sync)
    );
    println!("devices:");
    if s.devices.is_empty() {
        println!("  none yet");
    }
    for d in &s.devices {
        println!(
            "  {}{} {}: {} event(s) in the folder, last sync {}",
            d.device,
            if d.this_device { " (this one)" } else { "" },
            d.name.as_deref().unwrap_or("?"),
            d.events,
            when(d.last_sync)
        );
    }
    println!(
        "pending: {} event(s) to write from here, {} to merge from the folder",
        s.to_write, s.to_merge
    );
    print_issues(&s.issues);
    Ok(0)
}

/// The sync run when the terminal UI starts or quits: one line on stderr, never fatal.
pub fn quiet(settings: &Settings) {
    let Some(dir) = &settings.sync_dir else {
        return;
    };
    let result = Store::open(&settings.db_path)
        .map_err(anyhow::Error::from)
        .and_then(|mut store| {
            let scheduler = Scheduler::new(settings.scheduler.clone())?;
            Ok(journal::sync(&mut store, &scheduler, dir, Utc::now())?)
        });
    match result {
        Ok(o) if o.recorded.total() + o.merged.added.total() + o.issues.len() > 0 => {
            eprintln!("mlprep: {}", o.summary());
            for i in o.issues.iter().take(3) {
                eprintln!("mlprep:   {i}");
            }
        }
        Ok(_) => {}
        Err(e) => eprintln!(
            "mlprep: warning: sync through {} failed: {e:#}",
            dir.display()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ui_sync_does_nothing_without_sync_dir_and_syncs_with_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut settings = Settings::with_roots(vec![], dir.path().join("db/mlprep.db"));
        quiet(&settings);
        assert!(
            !dir.path().join("db").exists(),
            "no database opened, no sync attempted"
        );
        settings.sync_dir = Some(dir.path().join("shared"));
        quiet(&settings);
        assert!(dir.path().join("db/mlprep.db").exists());
        let names: Vec<String> = std::fs::read_dir(dir.path().join("shared"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            names.iter().any(|n| n.ends_with(".device.json")),
            "{names:?}"
        );
    }
}
