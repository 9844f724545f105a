//! `mlprep card ID` (card info) and `mlprep add` (write a card into a user deck, or fork a
//! shipped deck first).

use crate::cli::{AddArgs, CardArgs};
use crate::config::Settings;
use crate::content::{Kind, inert};
use crate::study::Study;
use crate::study_tools::authoring::{NewCard, Target};
use anyhow::{Context, Result};
use chrono::Utc;
use std::io::Write;

/// `mlprep card ID [--json]`.
pub fn card(settings: Settings, args: &CardArgs) -> Result<i32> {
    let now = Utc::now();
    let mut study = Study::open_metadata(settings, now)?;
    if args.clear_leech {
        study.card_info(&args.id, now)?;
        if study.clear_leech(&args.id, now)? {
            println!(
                "took the leech tag off `{}`; it comes back if the card keeps lapsing",
                args.id
            );
        } else {
            println!("`{}` is not a leech: nothing to clear", args.id);
        }
        return Ok(0);
    }
    let info = study.card_info(&args.id, now)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &info)?;
        writeln!(out)?;
        return Ok(0);
    }
    let date = |t: chrono::DateTime<Utc>| {
        t.with_timezone(&chrono::Local)
            .format("%Y-%m-%d %H:%M")
            .to_string()
    };
    let opt = |v: Option<f32>, digits: usize| {
        v.map(|x| format!("{x:.digits$}"))
            .unwrap_or_else(|| "-".into())
    };
    writeln!(out, "{}  {}", info.id, inert(&info.prompt))?;
    writeln!(
        out,
        "deck      {} ({}:{})",
        inert(&info.deck_title),
        info.deck,
        info.line
    )?;
    writeln!(out, "kind      {}", info.kind)?;
    if !info.tags.is_empty() {
        writeln!(out, "tags      {}", info.tags.join(", "))?;
    }
    if !info.companies.is_empty() {
        writeln!(out, "companies {}", info.companies.join(", "))?;
    }
    let mut flags = Vec::new();
    if info.suspended {
        flags.push("suspended");
    }
    if info.leech {
        flags.push("leech");
    }
    writeln!(
        out,
        "state     {}{}  reps {}  lapses {}",
        info.phase.slug(),
        if flags.is_empty() {
            String::new()
        } else {
            format!(" ({})", flags.join(", "))
        },
        info.reps,
        info.lapses
    )?;
    writeln!(
        out,
        "next due  {}",
        info.due.map(date).unwrap_or_else(|| "- (new)".into())
    )?;
    writeln!(
        out,
        "memory    stability {} d  difficulty {}  recall now {}",
        opt(info.stability, 1),
        opt(info.difficulty, 2),
        info.retrievability
            .map(|r| format!("{:.0}%", r * 100.0))
            .unwrap_or_else(|| "-".into())
    )?;
    if !info.siblings.is_empty() {
        writeln!(out, "siblings  {}", info.siblings.join(", "))?;
    }
    writeln!(out, "\nreviews ({})", info.reviews.len())?;
    if info.reviews.is_empty() {
        writeln!(out, "  never reviewed")?;
    } else {
        writeln!(
            out,
            "  {:<16} {:<6} {:<15} {:>9} {:>9} {:>6} {:>7} {:>6}",
            "date", "grade", "source", "interval", "stability", "diff", "recall", "lapses"
        )?;
    }
    for r in &info.reviews {
        writeln!(
            out,
            "  {:<16} {:<6} {:<15} {:>9} {:>9} {:>6} {:>7} {:>6}",
            date(r.at),
            r.grade.label(),
            r.source,
            if r.interval_days > 0.0 {
                crate::schedule::interval_label(chrono::Duration::seconds(
                    (r.interval_days * 86_400.0) as i64,
                ))
            } else {
                "-".into()
            },
            opt(r.stability, 1),
            opt(r.difficulty, 2),
            r.retrievability
                .map(|x| format!("{:.0}%", x * 100.0))
                .unwrap_or_else(|| "-".into()),
            r.lapses
        )?;
    }
    writeln!(out, "\nmocks ({})", info.mocks.len())?;
    if info.mocks.is_empty() {
        writeln!(out, "  not asked in a mock yet")?;
    } else {
        for m in &info.mocks {
            writeln!(
                out,
                "  #{:<4} {}  {}  round {}  card grade {}  round score {}  hints {}",
                m.mock_id,
                date(m.at),
                inert(&m.loop_name),
                m.round + 1,
                m.grade.map_or("-".into(), |g| g.to_string()),
                m.round_score.map_or("-".into(), |g| format!("{g}/4")),
                m.hints
            )?;
        }
    }
    Ok(0)
}

/// `mlprep add --kind K --deck FILE --prompt ... --answer ...` (or `--fork`).
pub fn add(settings: Settings, args: &AddArgs) -> Result<i32> {
    let now = Utc::now();
    let mut study = Study::open(settings, now)?;
    let mut deck_name = args.deck.clone();
    if args.fork {
        let deck = args
            .deck
            .as_deref()
            .context("--fork needs --deck naming the shipped deck to copy")?;
        let forked = study.fork_deck(deck, now)?;
        eprintln!(
            "forked {} into {} ({} card(s), same ids: their history stays attached)",
            forked.from,
            forked.to.display(),
            forked.cards
        );
        if args.prompt.is_none() {
            return Ok(0);
        }
        // The card goes into the copy.
        deck_name = Some(forked.to.display().to_string());
    }
    let kind = match &args.kind {
        Some(k) => Some(Kind::from_slug(k).with_context(|| {
            format!(
                "unknown kind `{k}`: use one of {}",
                Kind::ALL.map(|k| k.slug()).join(", ")
            )
        })?),
        None => None,
    };
    let new = NewCard {
        id: args.id.clone(),
        kind,
        prompt: args.prompt.clone().context("--prompt is required")?,
        answer: args.answer.clone().context("--answer is required")?,
        key_points: args.key_point.clone(),
        tags: args.tag.clone(),
        companies: args.company.clone(),
        difficulty: args.difficulty.clone(),
    };
    let target = match &deck_name {
        Some(d) => Target::Deck(d.clone()),
        None => Target::NewDeck {
            title: args.title.clone(),
        },
    };
    let added = study.add_card(&new, &target, now)?;
    println!(
        "{}:{}: added card `{}`",
        added.file.display(),
        added.line,
        added.id
    );
    for w in &added.warnings {
        eprintln!("{w}");
    }
    Ok(0)
}
