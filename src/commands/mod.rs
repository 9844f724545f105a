//! The non-interactive subcommands: `check`, `stats`, `practice --run / --history`. They print
//! to stdout and return an exit status; nothing here touches the terminal's modes.

pub mod ai;
pub mod data;
pub mod mock;
pub mod plan;

use crate::cli::{CheckArgs, PracticeArgs, ReviewArgs, SearchArgs, StatsArgs};
use crate::config::Settings;
use crate::content::{
    ContentRoot, Kind, Library, Severity, fence, load_roots, load_roots_metadata, parse_deck,
    slugify,
};
use crate::study::{Filter, Study};
use anyhow::{Context, Result, bail};
use chrono::Utc;
use std::io::Write;
use std::path::Path;

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
    Ok(Filter {
        kind,
        deck: args.deck.clone(),
        tag: args.tag.clone(),
    })
}

/// `mlprep check`: every problem as `file:line: severity: message`; exit 1 on errors.
pub fn check(settings: &Settings, args: &CheckArgs) -> Result<i32> {
    let lib = if args.paths.is_empty() {
        load_roots_metadata(&settings.roots)
    } else {
        load_paths(&args.paths)
    };
    if args.fix {
        let fixed = fix_ids(&lib, settings, &args.paths)?;
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
    let loop_problems = crate::mock::loop_problems(&lib);
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

/// Appends ` {#derived-id}` to card headings without an id, in the user's deck files.
fn fix_ids(lib: &Library, settings: &Settings, paths: &[std::path::PathBuf]) -> Result<usize> {
    let mut used: std::collections::HashSet<String> = lib
        .decks
        .iter()
        .flat_map(|d| d.cards.iter().map(|c| c.id.clone()))
        .collect();
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    for p in lib
        .problems
        .iter()
        .filter(|p| p.message.starts_with("card has no `{#id}`"))
    {
        let path = std::path::PathBuf::from(&p.file);
        if path.is_file() && !files.contains(&path) {
            files.push(path);
        }
    }
    let _ = (settings, paths);
    let mut fixed = 0;
    for path in files {
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        let mut out = String::with_capacity(text.len() + 256);
        let mut in_fence = false;
        for line in text.split_inclusive('\n') {
            let body = line.trim_end_matches(['\n', '\r']);
            let eol = &line[body.len()..];
            if fence(body.trim_start()).is_some() {
                in_fence = !in_fence;
            }
            if !in_fence && body.starts_with("## ") && !body.trim_end().ends_with('}') {
                let base = slugify(&body[3..]);
                // The parser derived this id already; only rename on a clash.
                let mut id = base.clone();
                let mut n = 2;
                while used.contains(&id)
                    && !lib.decks.iter().any(|d| {
                        d.cards
                            .iter()
                            .any(|c| c.id == id && c.prompt == body[3..].trim())
                    })
                {
                    id = format!("{base}-{n}");
                    n += 1;
                }
                used.insert(id.clone());
                out.push_str(&format!("{} {{#{id}}}{eol}", body.trim_end()));
                fixed += 1;
            } else {
                out.push_str(line);
            }
        }
        write_atomic(&path, out.as_bytes())?;
    }
    Ok(fixed)
}

/// Writes a file through a temporary sibling and a rename, so a crash never leaves half a deck.
/// A symlinked deck is written through to its target: the link stays a link.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let resolved;
    let path = if path.is_symlink() {
        resolved = std::fs::canonicalize(path)
            .with_context(|| format!("following the link {}", path.display()))?;
        resolved.as_path()
    } else {
        path
    };
    let tmp = path.with_extension("mlprep-tmp");
    std::fs::write(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("replacing {}", path.display()))?;
    Ok(())
}

/// `mlprep stats`: per-kind counts as a table, or JSON.
pub fn stats(settings: Settings, args: &StatsArgs) -> Result<i32> {
    let now = Utc::now();
    let study = Study::open_metadata(settings, now)?;
    let dash = crate::stats::dashboard(&study, now)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &dash)?;
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
    if study.library.errors() > 0 {
        writeln!(
            out,
            "note: {} content problem(s); run `mlprep check`",
            study.library.errors()
        )?;
    }
    Ok(0)
}

/// `mlprep practice ID [--run | --history]`.
pub fn practice(settings: Settings, args: &PracticeArgs) -> Result<i32> {
    let now = Utc::now();
    let study = Study::open(settings, now)?;
    let Some(card) = study.card(&args.id) else {
        bail!(
            "no card with id `{}` (try `mlprep check` or search the decks)",
            args.id
        );
    };
    if !card.is_practicable() {
        bail!(
            "card `{}` has no Starter / Tests / Solution to practise",
            card.id
        );
    }
    crate::practice::cli(study, &args.id, args)
}

/// `mlprep search QUERY`: the best matches, one per line.
pub fn search(settings: &Settings, args: &SearchArgs) -> Result<i32> {
    let lib = load_roots(&settings.roots);
    let cards: Vec<&crate::content::Card> = lib.decks.iter().flat_map(|d| d.cards.iter()).collect();
    let index = crate::search::SearchIndex::new(cards.iter().copied());
    let query = args.query.join(" ");
    let hits = index.query(&query, args.limit);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for h in &hits {
        let c = cards[h.card];
        writeln!(
            out,
            "{:<34} {:<11} {}  ({}:{})",
            c.id,
            c.kind.slug(),
            crate::content::inert(&c.prompt),
            c.deck,
            c.line
        )?;
    }
    if hits.is_empty() {
        eprintln!("no card matches `{query}`");
        return Ok(1);
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
        "{} stor(ies), {} dossier(s)",
        own.stories.len(),
        own.dossiers.len()
    )?;
    if own.stories.is_empty() {
        writeln!(
            out,
            "no stories yet: write them as markdown under `stories/` in a content directory (`mlprep --content DIR`); start from `mlprep template story`"
        )?;
    }
    for (lp, stories) in crate::own::coverage(&own.stories) {
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
