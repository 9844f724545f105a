//! The doctor: SQLite's integrity check, history whose card left the content, cached card
//! states that disagree with replaying their review log, and loop files that no longer
//! validate. Each finding says what it means and what the safe fix is; `fix` applies only
//! fixes that cannot lose history (recomputing cached states), never deletes a review.

use crate::config::Settings;
use crate::content::{Severity, inert, load_roots};
use crate::interop::backup::own_backups;
use crate::schedule::{CardState, Scheduler};
use crate::store::Store;
use chrono::{DateTime, Utc};

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Something is wrong; the exit status is 1 unless it was fixed.
    Problem,
    /// Worth knowing; nothing is wrong.
    Note,
}

/// One thing the doctor found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub level: Level,
    pub summary: String,
    /// Examples, one per line (at most [`SHOWN`]).
    pub details: Vec<String>,
    /// What would make it right, in words.
    pub remedy: String,
    pub fixed: bool,
}

/// Examples listed per finding.
pub const SHOWN: usize = 10;

/// Everything the doctor looked at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Checkup {
    pub findings: Vec<Finding>,
    pub cards_checked: usize,
    pub reviews: usize,
}

impl Checkup {
    /// Problems that are still there.
    pub fn open_problems(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.level == Level::Problem && !f.fixed)
            .count()
    }
}

/// Examines the database and content; with `fix`, recomputes mismatching states.
pub fn examine(settings: &Settings, now: DateTime<Utc>, fix: bool) -> Checkup {
    let mut up = Checkup::default();
    // Only this database's own backups are recommended (each has its own folder).
    let restore_hint = match own_backups(settings) {
        Some(own) => match own.last() {
            Some(b) => format!("restore the newest backup: mlprep restore {}", b.display()),
            None => format!(
                "restore a backup with `mlprep restore FILE` (this database has none in {})",
                settings.backup_dir.display()
            ),
        },
        None => format!(
            "restore a backup of this database with `mlprep restore FILE`: each database's backups are in their own folder under {}",
            settings.backup_dir.display()
        ),
    };
    let mut store = match Store::open(&settings.db_path) {
        Ok(s) => s,
        Err(e) => {
            let remedy = open_remedy(&e, settings).unwrap_or(restore_hint);
            up.findings.push(problem(
                format!("the database cannot be opened: {e}"),
                vec![],
                remedy,
            ));
            return up;
        }
    };
    match store.integrity_problems() {
        Ok(p) if p.is_empty() => {}
        Ok(p) => {
            up.findings.push(problem(
                format!(
                    "SQLite's integrity check found {} problem(s) in the database file",
                    p.len()
                ),
                p.into_iter().take(SHOWN).collect(),
                restore_hint,
            ));
            return up;
        }
        Err(e) => {
            up.findings.push(problem(
                format!("SQLite's integrity check could not run: {e}"),
                vec![],
                restore_hint,
            ));
            return up;
        }
    }
    let library = load_roots(&settings.roots);
    let loops = crate::mock::loop_problems(&library);
    let result = (|| -> crate::store::Result<()> {
        store.sync(&library.decks, now)?;
        up.reviews = store.live_reviews()?.len();
        orphans(&store, &mut up)?;
        let mut config = settings.scheduler.clone();
        if let Some(p) = store.fitted_parameters()? {
            config.parameters = p;
        }
        // The same per-deck presets grading uses, so preset decks never look out of step.
        for d in &library.decks {
            if let Some(p) = &d.schedule {
                config.deck_presets.insert(d.path.clone(), p.clone());
            }
        }
        let scheduler = Scheduler::new(config)?;
        states(&mut store, &scheduler, fix, &mut up)
    })();
    if let Err(e) = result {
        up.findings.push(problem(
            format!("reading the database failed: {e}"),
            vec![],
            restore_hint,
        ));
    }
    let bad_loops: Vec<String> = loops
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .map(|p| p.to_string())
        .collect();
    if !bad_loops.is_empty() {
        up.findings.push(problem(
            format!(
                "{} problem(s) in loop files: those mocks cannot run",
                bad_loops.len()
            ),
            bad_loops.into_iter().take(SHOWN).collect(),
            "edit the loop file at the line shown (`mlprep check` lists them too)".into(),
        ));
    }
    let deck_errors = library.errors();
    if deck_errors > 0 {
        up.findings.push(Finding {
            level: Level::Note,
            summary: format!("{deck_errors} authoring error(s) in the decks"),
            details: vec![],
            remedy: "run `mlprep check` to see them with file and line".into(),
            fixed: false,
        });
    }
    if let Some(dir) = &settings.sync_dir {
        sync_folder(dir, &mut up);
    }
    up
}

/// The sync journals: unreadable lines and conflicted copies (a note; nothing is lost).
fn sync_folder(dir: &std::path::Path, up: &mut Checkup) {
    let issues = crate::journal::check_folder(dir);
    if issues.is_empty() {
        return;
    }
    up.findings.push(Finding {
        level: Level::Note,
        summary: format!("{} thing(s) to know about the sync folder {}", issues.len(), dir.display()),
        details: issues.iter().take(SHOWN).map(|i| inert(&i.to_string()).into_owned()).collect(),
        remedy: "nothing readable is held up: `mlprep sync` merges everything else; a line cut short completes when the file finishes syncing, and a newer mlprep's events merge after upgrading".into(),
        fixed: false,
    });
}

/// The fix when restoring a backup would not help: a newer schema needs a newer mlprep, and a
/// read-only file or folder needs its permissions changed (a restore would fail the same way).
fn open_remedy(e: &crate::store::StoreError, settings: &Settings) -> Option<String> {
    use crate::store::StoreError;
    let dir = settings
        .db_path
        .parent()
        .map(|d| d.display().to_string())
        .unwrap_or_default();
    match e {
        StoreError::TooNew { .. } => Some(
            "upgrade mlprep to the version that wrote this database (or newer); do not restore an older backup over it".into(),
        ),
        StoreError::CreateDir { .. } | StoreError::Open { .. } if read_only(&settings.db_path) => {
            Some(format!(
                "make the database and its folder writable (e.g. `chmod u+w {} {dir}`); restoring would not help",
                settings.db_path.display()
            ))
        }
        _ => None,
    }
}

/// True when the database file or its folder cannot be written.
fn read_only(db: &std::path::Path) -> bool {
    let writable = |p: &std::path::Path| {
        let Ok(c) = std::ffi::CString::new(p.as_os_str().as_encoded_bytes()) else {
            return true;
        };
        unsafe { libc::access(c.as_ptr(), libc::W_OK) == 0 }
    };
    let dir = db
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    (db.exists() && !writable(db)) || (dir.exists() && !writable(dir))
}

fn orphans(store: &Store, up: &mut Checkup) -> crate::store::Result<()> {
    let orphans = store.orphan_reviews()?;
    if orphans.is_empty() {
        return Ok(());
    }
    let reviews: i64 = orphans.iter().map(|(_, n)| n).sum();
    up.findings.push(Finding {
        level: Level::Note,
        summary: format!(
            "{reviews} review(s) of {} card(s) whose id is no longer in your content",
            orphans.len()
        ),
        details: orphans
            .iter()
            .take(SHOWN)
            .map(|(id, n)| format!("{}: {n} review(s)", inert(id)))
            .collect(),
        remedy: "nothing to do: the history is kept and re-attaches when a card with that id \
                 appears again (if you renamed a card, put its old `{#id}` back)"
            .into(),
        fixed: false,
    });
    Ok(())
}

fn states(
    store: &mut Store,
    scheduler: &Scheduler,
    fix: bool,
    up: &mut Checkup,
) -> crate::store::Result<()> {
    let mismatches = store.state_mismatches(scheduler)?;
    up.cards_checked = store.live_logs()?.len();
    if mismatches.is_empty() {
        return Ok(());
    }
    let show = |s: &Option<CardState>| match s {
        None => "never reviewed".to_string(),
        Some(s) => format!(
            "{} due {}, {} review(s)",
            s.phase.slug(),
            s.due.format("%Y-%m-%d %H:%M"),
            s.reps
        ),
    };
    let details = mismatches
        .iter()
        .take(SHOWN)
        .map(|m| {
            format!(
                "{}: stored {}; its log says {}",
                inert(&m.card_id),
                show(&m.stored),
                show(&m.replayed)
            )
        })
        .collect();
    let mut f = problem(
        format!(
            "{} card(s) have a stored schedule that disagrees with their review log \
             (expected after changing desired_retention or the FSRS parameters)",
            mismatches.len()
        ),
        details,
        "recompute each schedule from its review log (`mlprep doctor --fix`; no review is changed)"
            .into(),
    );
    if fix {
        let ids: Vec<String> = mismatches.into_iter().map(|m| m.card_id).collect();
        store.recompute_states(scheduler, Some(&ids))?;
        // Fixed only when a fresh check agrees: the exit status promises nothing is left.
        let left = store.state_mismatches(scheduler)?.len();
        if left == 0 {
            f.fixed = true;
        } else {
            f.summary
                .push_str(&format!("; {left} still disagree after recomputing"));
        }
    }
    up.findings.push(f);
    Ok(())
}

fn problem(summary: String, details: Vec<String>, remedy: String) -> Finding {
    Finding {
        level: Level::Problem,
        summary,
        details,
        remedy,
        fixed: false,
    }
}
