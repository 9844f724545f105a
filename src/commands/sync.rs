//! `mlprep sync`: the command-line face of [`crate::journal`], plus the quiet sync run when the
//! terminal UI starts and quits with `sync_dir` set. Prints what happened; no logic of its own.

use crate::cli::SyncArgs;
use crate::config::Settings;
use crate::journal::{self, SyncOutcome, git};
use crate::schedule::Scheduler;
use crate::store::Store;
use crate::study::Study;
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
    if args.status {
        let mut store = Store::open(&settings.db_path)?;
        return status(&mut store, &dir, now);
    }
    let mut study = prepared(settings, now)?;
    if args.git {
        return with_git(&mut study.store, &study.scheduler, &dir, now);
    }
    let outcome = journal::sync(&mut study.store, &study.scheduler, &dir, now)
        .with_context(|| format!("syncing through {}", dir.display()))?;
    report(&outcome, &dir);
    Ok(0)
}

/// The database with the decks synced into it and the scheduler every other command uses
/// (fitted parameters, per-kind and per-deck presets), so merged reviews replay the same way
/// grading them here would have.
fn prepared(settings: Settings, now: DateTime<Utc>) -> Result<Study> {
    Study::open_metadata(settings, now)
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
    let now = Utc::now();
    let result = prepared(settings.clone(), now)
        .and_then(|mut study| Ok(journal::sync(&mut study.store, &study.scheduler, dir, now)?));
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
    use crate::content::ContentRoot;
    use crate::schedule::{Grade, Phase};
    use chrono::Duration;

    /// A deck whose `[schedule]` graduates a card on its first Good (4 days at retention 0.85).
    const CRAM_DECK: &str = "+++\ntitle = \"Cram\"\nkind = \"breadth\"\n\n[schedule]\nlearning_steps = [\"10m\"]\nrelearning_steps = []\ndesired_retention = 0.85\n+++\n\n## What is a KV cache? {#sy-kv}\n\n### Answer\nStored keys and values.\n";

    #[test]
    fn a_merged_review_is_scheduled_with_its_decks_preset_on_the_other_machine() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(&content).unwrap();
        std::fs::write(content.join("cram.md"), CRAM_DECK).unwrap();
        let folder = dir.path().join("shared");
        let device = |name: &str| {
            let mut s = Settings::with_roots(
                vec![ContentRoot::Dir(content.clone())],
                dir.path().join(name).join("mlprep.db"),
            );
            s.sync_dir = Some(folder.clone());
            s
        };
        let args = SyncArgs {
            dir: None,
            git: false,
            status: false,
        };
        let now = DateTime::from_timestamp_millis(Utc::now().timestamp_millis()).unwrap();
        let mut a = Study::open(device("a"), now).unwrap();
        let graded = a
            .grade(
                "sy-kv",
                Grade::Good,
                now,
                Duration::seconds(20),
                crate::study::ReviewSource::Review,
            )
            .unwrap();
        assert_eq!(
            graded.phase,
            Phase::Review,
            "the deck's preset graduates it"
        );
        drop(a);
        assert_eq!(run(device("a"), &args).unwrap(), 0);
        // A machine that has never opened the decks: the merge still knows the card's deck.
        assert_eq!(run(device("b"), &args).unwrap(), 0);
        let b = Store::open(&device("b").db_path).unwrap();
        let state = b.states().unwrap()["sy-kv"];
        assert_eq!((state.phase, state.due), (graded.phase, graded.due));
    }

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
