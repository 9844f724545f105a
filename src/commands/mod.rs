//! The subcommands other than the TUI itself: `check`, `stats`, `search`, `stories`,
//! `template` here; `mock` (plans, history, reports; starts the TUI for a mock), `practice`
//! (`--run`, `--history`; starts the TUI otherwise) and the data commands (`export`, `import`,
//! `backup`, `restore`, `doctor`, `optimize`) and `sync` in their own files. They print to
//! stdout and return an exit status; only the TUI touches the terminal's modes.

pub mod ai;
pub mod cards;
pub mod data;
pub mod mock;
pub mod plan;
mod practice;
pub use practice::practice;
mod search;
pub use search::{from_index as search_from_index, search};
pub mod suggest;
pub mod sync;

use crate::cli::{CheckArgs, ReviewArgs, StatsArgs};
use crate::config::Settings;
use crate::content::{
    ContentRoot, Kind, Library, Severity, load_roots, load_roots_metadata, parse_deck,
};
use crate::study::{Filter, Study};
use crate::study_tools::custom::{CustomStudy, Status};
use anyhow::{Context, Result, bail};
use chrono::Utc;
use std::io::Write;

pub fn filter_from(args: &ReviewArgs) -> Result<Filter> {
    let kind = match &args.kind {
        None => None,
        Some(k) => Some(Kind::from_slug(k).with_context(|| {
            format!(
                "unknown kind `{k}`: use one of {}",
                Kind::ALL.map(|k| k.slug()).join(", ")
            )
        })?),
    };
    let difficulty = match &args.difficulty {
        None => None,
        Some(d) => Some(
            crate::content::Difficulty::from_slug(d)
                .with_context(|| format!("difficulty `{d}` is not easy, medium or hard"))?,
        ),
    };
    let status = args
        .status
        .iter()
        .map(|s| {
            Status::from_slug(s).with_context(|| {
                format!(
                    "unknown state `{s}`: use one of {}",
                    Status::ALL.map(|s| s.slug()).join(", ")
                )
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Filter {
        kind,
        deck: args.deck.clone(),
        tag: args.tag.clone(),
        company: args.company.clone(),
        difficulty,
        status,
        min_lapses: args.lapses,
        failed_within_days: args.failed_days,
        loop_key: args.loop_name.clone(),
    })
}

/// The custom study `mlprep review` flags ask for, if any.
pub fn custom_from(args: &ReviewArgs) -> Option<CustomStudy> {
    if args.cram {
        Some(CustomStudy::Cram {
            reschedule: args.reschedule,
        })
    } else if let Some(n) = args.ahead {
        Some(CustomStudy::Ahead(n))
    } else if let Some(n) = args.extra_new {
        Some(CustomStudy::ExtraNew(n))
    } else {
        args.extra_reviews.map(CustomStudy::ExtraReviews)
    }
}

/// `mlprep check`: every problem as `file:line: severity: message`; exit 1 on errors.
pub fn check(settings: &Settings, args: &CheckArgs) -> Result<i32> {
    let lib = if args.paths.is_empty() {
        load_roots_metadata(&settings.roots)
    } else {
        load_paths(&args.paths)
    };
    if args.fix {
        let fixed = crate::content::fix_ids(&lib)?;
        if fixed > 0 {
            eprintln!("mlprep: wrote {fixed} derived id(s) into deck files");
            return check(
                settings,
                &CheckArgs {
                    paths: args.paths.clone(),
                    fix: false,
                },
            );
        }
    }
    let loop_problems = if !args.paths.is_empty() && settings.roots.contains(&ContentRoot::Builtin)
    {
        // A user's loop may name shipped cards: resolve ids against the shipped decks too
        // (their own problems are not reported here; `--no-builtin` turns this off).
        let mut with_shipped = load_roots_metadata(&[ContentRoot::Builtin]);
        with_shipped.decks.extend(lib.decks.iter().cloned());
        with_shipped.loops = lib.loops.clone();
        crate::mock::loop_problems(&with_shipped)
    } else {
        crate::mock::loop_problems(&lib)
    };
    let own_problems = crate::own::load(&lib).problems;
    let mut problems: Vec<_> = lib
        .problems
        .iter()
        .chain(loop_problems.iter())
        .chain(own_problems.iter())
        .collect();
    problems.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for p in &problems {
        writeln!(out, "{p}")?;
    }
    let errors = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let warnings = problems.len() - errors;
    eprintln!(
        "checked {} deck(s), {} card(s), {} loop file(s): {} error(s), {} warning(s){}",
        lib.decks.len() + lib.failed_files,
        lib.card_count(),
        lib.loops.len(),
        errors,
        warnings,
        if lib.failed_files > 0 {
            format!("; {} file(s) could not be loaded", lib.failed_files)
        } else {
            String::new()
        }
    );
    Ok(if errors > 0 { 1 } else { 0 })
}

/// Loads explicit paths: directories as content roots, single files as decks.
fn load_paths(paths: &[std::path::PathBuf]) -> Library {
    let dirs: Vec<ContentRoot> = paths
        .iter()
        .filter(|p| !p.is_file())
        .cloned()
        .map(ContentRoot::Dir)
        .collect();
    let mut lib = load_roots_metadata(&dirs);
    for p in paths.iter().filter(|p| p.is_file()) {
        let shown = p.display().to_string();
        match crate::content::read_limited(p) {
            Ok(bytes) if shown.ends_with(".toml") => lib
                .loops
                .push((shown, String::from_utf8_lossy(&bytes).into_owned())),
            Ok(bytes) => {
                let (deck, problems) = parse_deck(&shown, &bytes);
                lib.problems.extend(problems);
                match deck {
                    Some(d) => lib.decks.push(d),
                    None => lib.failed_files += 1,
                }
            }
            Err(message) => lib.problems.push(crate::content::Problem {
                file: shown,
                line: 0,
                severity: Severity::Error,
                message,
            }),
        }
    }
    lib
}

/// `mlprep stats`: per-kind counts as a table, or JSON.
pub fn stats(settings: Settings, args: &StatsArgs) -> Result<i32> {
    let now = Utc::now();
    let study = Study::open_metadata(settings, now)?;
    let dash = crate::stats::dashboard(&study, now)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let leeches = study.leeches()?;
    if args.json {
        let mut v = serde_json::to_value(&dash)?;
        if let Some(map) = v.as_object_mut() {
            map.insert("leeches".into(), serde_json::to_value(&leeches)?);
        }
        serde_json::to_writer_pretty(&mut out, &v)?;
        writeln!(out)?;
        return Ok(0);
    }
    let stats = &dash.counts;
    writeln!(
        out,
        "{:<13} {:>6} {:>6} {:>8} {:>7} {:>6} {:>7} {:>10}",
        "kind", "cards", "new", "learning", "review", "due", "today", "retention"
    )?;
    let row = |name: &str, k: &crate::store::KindStats| {
        format!(
            "{:<13} {:>6} {:>6} {:>8} {:>7} {:>6} {:>7} {:>10}",
            name,
            k.cards,
            k.new,
            k.learning,
            k.review,
            k.due_today,
            k.reviews_today,
            k.retention_30d
                .map(|r| format!("{:.0}%", r * 100.0))
                .unwrap_or_else(|| "-".into())
        )
    };
    for kind in Kind::ALL {
        if let Some(k) = stats.kinds.get(kind.slug()) {
            writeln!(out, "{}", row(kind.slug(), k))?;
        }
    }
    writeln!(out, "{}", row("total", &stats.total))?;
    writeln!(
        out,
        "\ntoday: {} review(s), {} min; retention = share of review-phase recalls passed in the last 30 days",
        stats.total.reviews_today,
        stats.total.time_today_seconds / 60
    )?;
    writeln!(out, "\nreadiness:")?;
    for r in &dash.readiness {
        writeln!(out, "  {:<12} {}", r.kind.title(), r.advice)?;
    }
    if !leeches.is_empty() {
        let ids: Vec<&str> = leeches.iter().map(|l| l.card_id.as_str()).collect();
        writeln!(
            out,
            "\nleeches ({}): {}  (see `mlprep card ID`; `mlprep review --is leech --cram`)",
            ids.len(),
            ids.join(", ")
        )?;
    }
    if study.library.errors() > 0 {
        writeln!(
            out,
            "note: {} content problem(s); run `mlprep check`",
            study.library.errors()
        )?;
    }
    Ok(0)
}

/// `mlprep stories`: the Leadership-Principle gap report over the user's story bank.
pub fn stories(settings: &Settings) -> Result<i32> {
    let lib = load_roots(&settings.roots);
    let own = crate::own::load(&lib);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for p in &own.problems {
        writeln!(out, "{p}")?;
    }
    writeln!(
        out,
        "{}, {}, mapped to {}{}",
        crate::words::counted(own.stories.len(), "story", "stories"),
        crate::words::counted(own.dossiers.len(), "dossier", "dossiers"),
        own.principles.name,
        match &own.principles.file {
            Some(f) => format!(" (from {f})"),
            None => " (another set: a principles.toml in your content directory)".into(),
        }
    )?;
    if own.stories.is_empty() {
        writeln!(
            out,
            "no stories yet: write them as markdown under `stories/` in a content directory (`mlprep --content DIR`); start from `mlprep template story`"
        )?;
    }
    for (lp, stories) in crate::own::coverage(&own.stories, &own.principles) {
        let mark = match stories.len() {
            0 => "GAP ",
            1 => "thin",
            _ => "ok  ",
        };
        let titles: Vec<&str> = stories.iter().map(|s| s.title.as_str()).collect();
        writeln!(
            out,
            "{mark} {lp:<32} {}",
            crate::content::inert(&titles.join("; "))
        )?;
    }
    Ok(0)
}

/// `mlprep template story|dossier`: prints a template to copy.
pub fn template(which: &str) -> Result<i32> {
    let text = match which {
        "story" => crate::own::STORY_TEMPLATE,
        "dossier" | "project" => crate::own::DOSSIER_TEMPLATE,
        other => bail!("no template `{other}`: use story or dossier"),
    };
    print!("{text}");
    Ok(0)
}
