//! `export`, `import`, `backup`, `restore`, `doctor`, `optimize`: the command-line face of
//! [`crate::interop`]. Reads arguments, calls the domain code, prints what happened and picks
//! the exit status; no logic of its own beyond that.

use crate::cli::RestoreArgs;
use crate::cli::{DoctorArgs, ExportArgs, ExportWhat, ImportArgs, ImportWhat, OptimizeArgs};
use crate::config::Settings;
use crate::content::inert;
use crate::interop::backup::{self, BackupKind};
use crate::interop::doctor::{self, Level};
use crate::interop::optimize;
use crate::interop::reviews_csv;
use crate::interop::{anki, anki_export};
use crate::store::Store;
use crate::study::Study;
use anyhow::{Context, Result};
use chrono::Utc;
use std::io::Write;
use std::path::Path;

/// Rejected rows listed one by one before the rest are only counted.
const SHOWN_REJECTIONS: usize = 20;

pub fn export(settings: Settings, args: &ExportArgs) -> Result<i32> {
    match &args.what {
        ExportWhat::Reviews { file } => {
            let store = Store::open(&settings.db_path)?;
            let reviews = store.live_reviews()?;
            write_output(file, |out| reviews_csv::write_csv(out, &reviews))?;
            eprintln!("exported {} review(s) to {}", reviews.len(), file.display());
            Ok(0)
        }
        ExportWhat::Anki { file, kind, deck } => export_anki(&settings, file, kind, deck),
    }
}

pub fn import(settings: Settings, args: &ImportArgs) -> Result<i32> {
    match &args.what {
        ImportWhat::Reviews { file } => import_reviews(settings, file),
        ImportWhat::Anki { file, into, kind } => import_anki(settings, file, into.as_deref(), kind),
    }
}

fn import_reviews(settings: Settings, file: &Path) -> Result<i32> {
    let now = Utc::now();
    let text = read_limited(file)?;
    let parsed = reviews_csv::parse_csv(&text, now);
    let mut study = Study::open(settings, now)?;
    let counts = study
        .store
        .import_reviews(&parsed.reviews, "import", &study.scheduler)
        .context("importing the review log (nothing was written)")?;
    println!(
        "{}: {} added, {} skipped as duplicates, {} rejected",
        file.display(),
        counts.added,
        counts.duplicates,
        parsed.rejected.len()
    );
    for r in parsed.rejected.iter().take(SHOWN_REJECTIONS) {
        println!("  line {}: {}", r.line, inert(&r.reason));
    }
    if parsed.rejected.len() > SHOWN_REJECTIONS {
        println!(
            "  ... and {} more rejected row(s)",
            parsed.rejected.len() - SHOWN_REJECTIONS
        );
    }
    if counts.unknown_rows > 0 {
        println!(
            "{} added review(s) are for {} card(s) your content does not have: {}. They are kept and re-attach when a card with that id appears.",
            counts.unknown_rows,
            counts.unknown_cards.len(),
            list(&counts.unknown_cards, 10)
        );
    }
    println!(
        "recomputed the schedule of {} card(s) from their reviews",
        counts.cards_replayed
    );
    Ok(if parsed.rejected.is_empty() { 0 } else { 1 })
}

fn export_anki(
    settings: &Settings,
    file: &Path,
    kind: &Option<String>,
    deck: &Option<String>,
) -> Result<i32> {
    let filter = crate::commands::filter_from(&crate::cli::ReviewArgs {
        kind: kind.clone(),
        deck: deck.clone(),
        ..Default::default()
    })?;
    let library = crate::content::load_roots(&settings.roots);
    let cards: Vec<_> = library
        .decks
        .iter()
        .flat_map(|d| d.cards.iter())
        .filter(|c| filter.matches(c))
        .collect();
    let apkg = file
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("apkg"));
    if apkg {
        let name = match (kind, deck) {
            (None, None) => "mlprep".to_string(),
            _ => format!("mlprep: {}", filter.describe()),
        };
        anki_export::export_apkg(&cards, &name, file, Utc::now())?;
    } else {
        let text = anki_export::export_tsv(&cards);
        write_output(file, |out| out.write_all(text.as_bytes()))?;
    }
    eprintln!(
        "exported {} card(s) to {} (in Anki: File > Import)",
        cards.len(),
        file.display()
    );
    Ok(0)
}

fn import_anki(settings: Settings, file: &Path, into: Option<&Path>, kind: &str) -> Result<i32> {
    let kind = crate::content::Kind::from_slug(kind)
        .with_context(|| format!("unknown kind `{}`", inert(kind)))?;
    let now = Utc::now();
    let imp = anki::read_in(file, now, &settings.data_dir.join("tmp"))
        .with_context(|| format!("cannot import {} (nothing was written)", file.display()))?;
    for w in imp.warnings.iter().take(SHOWN_REJECTIONS) {
        eprintln!("mlprep: warning: {}", inert(w));
    }
    if imp.warnings.len() > SHOWN_REJECTIONS {
        eprintln!(
            "mlprep: warning: ... and {} more",
            imp.warnings.len() - SHOWN_REJECTIONS
        );
    }
    let outside = into.filter(|d| {
        !settings
            .roots
            .contains(&crate::content::ContentRoot::Dir(d.to_path_buf()))
    });
    let done = anki::install(settings, &imp, kind, into, now)?;
    if done.cards > 0 {
        println!("wrote {} card(s) to {}", done.cards, done.deck.display());
    }
    if done.already_present > 0 {
        println!(
            "{} note(s) were imported before and are already in your decks (left as they are)",
            done.already_present
        );
    }
    if let Some(d) = outside {
        println!(
            "note: {} is not one of your content directories; add it (--content {} or `content = [...]` in the config file) so mlprep keeps loading the deck",
            d.display(),
            d.display()
        );
    }
    let h = &done.history;
    println!(
        "review history: {} added, {} skipped as duplicates, {} left out (other card types of a note, manual reschedules)",
        h.added, h.duplicates, imp.reviews_skipped
    );
    println!(
        "recomputed the schedule of {} card(s) from their reviews",
        h.cards_replayed
    );
    Ok(0)
}

pub fn backup(settings: Settings) -> Result<i32> {
    let path = backup::backup_now(&settings, Utc::now(), BackupKind::Manual)?;
    println!(
        "backed up {} to {}",
        settings.db_path.display(),
        path.display()
    );
    Ok(0)
}

pub fn restore(settings: Settings, args: &RestoreArgs) -> Result<i32> {
    let r = backup::restore(&settings, &args.file, Utc::now())
        .with_context(|| format!("cannot restore {}", args.file.display()))?;
    if let Some(p) = &r.previous {
        let how = if r.previous_damaged {
            " (it could not be read as a database, so its bytes were copied as they were)"
        } else {
            ""
        };
        println!("kept the previous database as {}{how}", p.display());
    }
    println!(
        "restored {} from {}: {} review(s)",
        settings.db_path.display(),
        args.file.display(),
        r.reviews
    );
    Ok(0)
}

pub fn doctor(settings: Settings, args: &DoctorArgs) -> Result<i32> {
    let up = doctor::examine(&settings, Utc::now(), args.fix);
    println!(
        "checked {} ({} review(s), {} reviewed card(s)) and the content",
        settings.db_path.display(),
        up.reviews,
        up.cards_checked
    );
    for f in &up.findings {
        let tag = match (f.level, f.fixed) {
            (_, true) => "fixed",
            (Level::Problem, false) => "problem",
            (Level::Note, false) => "note",
        };
        println!("\n{tag}: {}", f.summary);
        for d in &f.details {
            println!("  - {d}");
        }
        if !f.fixed {
            println!("  fix: {}", f.remedy);
        }
    }
    let open = up.open_problems();
    let fixable = up
        .findings
        .iter()
        .any(|f| !f.fixed && f.remedy.contains("--fix"));
    match open {
        0 if up.findings.iter().any(|f| f.fixed) => println!("\nall problems fixed"),
        0 => println!("\nno problems found"),
        n if fixable && !args.fix => {
            println!("\n{n} problem(s); `mlprep doctor --fix` applies the safe fixes")
        }
        n => println!("\n{n} problem(s) left"),
    }
    Ok(if open > 0 { 1 } else { 0 })
}

pub fn optimize(mut settings: Settings, args: &OptimizeArgs) -> Result<i32> {
    let mut store = Store::open(&settings.db_path)?;
    crate::study::adopt_fitted_parameters(&mut settings, &store)?;
    let logs = store.live_logs()?;
    let sc = &settings.scheduler;
    let fit = match optimize::fit(&logs, &sc.parameters, sc.relearning_steps.len())? {
        optimize::Outcome::TooFew { reviews, items } => {
            println!(
                "not enough history to fit personal parameters yet: {reviews} review(s), {items} of them a day or more after the previous one. \
                 Fitting needs at least {} reviews and {} such reviews; until then the default FSRS-6 parameters are used.",
                optimize::MIN_REVIEWS,
                optimize::MIN_ITEMS
            );
            return Ok(0);
        }
        optimize::Outcome::Fitted(fit) => fit,
    };
    println!(
        "fitted FSRS parameters to {} review(s): trained on the earliest {} long-term review(s), tested on the latest {}",
        fit.reviews, fit.train_items, fit.test_items
    );
    println!("  log loss, default parameters: {:.4}", fit.default_loss);
    if let Some(l) = fit.current_loss {
        println!("  log loss, current parameters: {l:.4}");
    }
    println!("  log loss, fitted parameters:  {:.4}", fit.fitted_loss);
    let shown: Vec<String> = fit.fitted.iter().map(|p| format!("{p:.4}")).collect();
    println!("  fitted: [{}]", shown.join(", "));
    if !fit.is_better() {
        println!("kept the current parameters: the fitted ones do not predict your reviews better");
        return Ok(0);
    }
    if args.dry_run {
        println!("the fitted parameters predict better; --dry-run, so nothing was changed");
        return Ok(0);
    }
    let note = format!(
        "{} (log loss {:.4}, defaults {:.4})",
        Utc::now().format("%Y-%m-%d"),
        fit.fitted_loss,
        fit.default_loss
    );
    // Beside the database that was fitted: in it, or in a config file the user named.
    let written = match settings.config_path.as_deref() {
        Some(config) if settings.config_explicit => {
            optimize::write_parameters(config, &fit.fitted, &note)?;
            store.clear_fitted_parameters()?;
            config.display().to_string()
        }
        _ => {
            store.set_fitted_parameters(&fit.fitted, &note, Utc::now().timestamp_millis())?;
            format!("the database {}", settings.db_path.display())
        }
    };
    let mut config = crate::schedule::SchedulerConfig {
        parameters: fit.fitted.clone(),
        ..sc.clone()
    };
    // Recompute with the same per-deck presets grading uses.
    for d in crate::content::load_roots_metadata(&settings.roots).decks {
        if let Some(p) = d.schedule {
            config.deck_presets.insert(d.path, p);
        }
    }
    let scheduler = crate::schedule::Scheduler::new(config)?;
    let n = store.recompute_states(&scheduler, None)?;
    println!(
        "adopted: wrote fsrs_parameters to {written} and recomputed the schedule of {n} card(s)"
    );
    Ok(0)
}

/// Writes to `file` atomically (temporary file + rename), or to stdout for `-`.
fn write_output(
    file: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    if file.as_os_str() == "-" {
        let mut out = std::io::stdout().lock();
        write(&mut out)?;
        return Ok(out.flush()?);
    }
    let tmp = file.with_extension("mlprep-partial");
    let result = (|| -> std::io::Result<()> {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
        write(&mut out)?;
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&tmp, file)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("writing {}", file.display()));
    }
    Ok(())
}

/// Reads an input file as text, refusing files too large to be a review log or notes export.
fn read_limited(file: &Path) -> Result<String> {
    const LIMIT: u64 = 256 * 1024 * 1024;
    let meta = std::fs::metadata(file).with_context(|| format!("reading {}", file.display()))?;
    anyhow::ensure!(
        meta.len() <= LIMIT,
        "{} is {} MB; files over {} MB are refused",
        file.display(),
        meta.len() / 1_000_000,
        LIMIT / 1_000_000
    );
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    String::from_utf8(bytes).with_context(|| format!("{} is not UTF-8 text", file.display()))
}

/// The first `n` items, comma-separated, with a count of the rest.
fn list(items: &[String], n: usize) -> String {
    let mut s: Vec<String> = items
        .iter()
        .take(n)
        .map(|i| inert(i).into_owned())
        .collect();
    if items.len() > n {
        s.push(format!("and {} more", items.len() - n));
    }
    s.join(", ")
}
