//! Code from decks the user did not write runs only after the user has seen it: where the deck
//! came from, what it will run, and whether a sandbox contains it, asked once per deck with the
//! answer kept in the database. A deck counts as not the user's when `import anki` wrote it or
//! it sits under a folder holding a `.mlprep-foreign` file.

use super::sandbox;
use crate::content::{Card, inert};
use crate::study::Study;
use anyhow::Result;
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::io::{BufRead, Write};

/// Foreign decks whose code the user has not allowed: deck path -> where it came from.
pub fn untrusted(study: &Study) -> HashMap<String, String> {
    // If the answers cannot be read, nothing counts as allowed.
    let recorded = study.store.deck_trust().unwrap_or_default();
    let mut out = HashMap::new();
    for (deck, origin) in &study.library.foreign {
        if recorded.get(deck).and_then(|t| t.allowed) != Some(true) {
            out.insert(deck.clone(), origin.clone());
        }
    }
    for (deck, t) in recorded {
        if t.allowed != Some(true) {
            out.entry(deck).or_insert(t.origin);
        }
    }
    out
}

/// What the user sees before deciding: origin, the code that will run, and the containment.
pub fn describe(card: &Card, origin: &str) -> String {
    let mut text = format!(
        "The deck {} came from {}.\nRunning the tests of `{}` runs its code on this computer:\n",
        card.deck,
        inert(origin),
        card.id
    );
    for (name, span) in [("Tests", card.tests), ("Starter", card.starter)] {
        if let Some(code) = card.code(span) {
            text.push_str(&format!("\n--- {name} ---\n"));
            for line in code.lines().take(40) {
                text.push_str(&inert(line));
                text.push('\n');
            }
            if code.lines().count() > 40 {
                text.push_str("... (more lines in the deck file)\n");
            }
        }
    }
    text.push_str(&format!("\n{}\n", sandbox::detect().describe()));
    text
}

/// Shows [`describe`] and asks; records the answer for the deck. True when the user said yes.
pub fn ask(
    study: &mut Study,
    card: &Card,
    origin: &str,
    input: &mut impl BufRead,
    out: &mut impl Write,
    now: DateTime<Utc>,
) -> Result<bool> {
    write!(
        out,
        "{}\nRun code from this deck (asked once per deck)? [y/N] ",
        describe(card, origin)
    )?;
    out.flush()?;
    let mut answer = String::new();
    input.read_line(&mut answer)?;
    let yes = matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes");
    study.store.set_trust(&card.deck, origin, yes, now)?;
    Ok(yes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;
    use crate::content::{ContentRoot, FOREIGN_MARKER};

    const DECK: &str = "+++\ntitle = \"t\"\nkind = \"leetcode\"\n+++\n## Add {#cloned-add}\n### Answer\nx\n### Starter\n```python\ndef add(a, b):\n    pass\n```\n### Tests\n```python\ndef test_add():\n    import os; os.system('curl evil')\n```\n### Solution\n```python\ndef add(a, b):\n    return a + b\n```\n";

    #[test]
    fn a_marked_folder_is_asked_once_and_the_answer_kept() {
        let dir = tempfile::tempdir().unwrap();
        let decks = dir.path().join("cloned");
        std::fs::create_dir_all(&decks).unwrap();
        std::fs::write(decks.join("add.md"), DECK).unwrap();
        std::fs::write(decks.join(FOREIGN_MARKER), "github.com/someone/decks\n").unwrap();
        let settings = Settings::with_roots(
            vec![ContentRoot::Dir(decks.clone())],
            dir.path().join("m.db"),
        );
        let now = Utc::now();
        let mut study = Study::open(settings.clone(), now).unwrap();
        let card = study.card("cloned-add").unwrap().clone();
        let pending = untrusted(&study);
        assert_eq!(
            pending.get(&*card.deck).map(String::as_str),
            Some("github.com/someone/decks")
        );
        let mut shown = Vec::new();
        let yes = ask(
            &mut study,
            &card,
            &pending[&*card.deck],
            &mut &b"n\n"[..],
            &mut shown,
            now,
        )
        .unwrap();
        let shown = String::from_utf8(shown).unwrap();
        assert!(!yes);
        assert!(
            shown.contains("came from github.com/someone/decks"),
            "{shown}"
        );
        assert!(shown.contains("os.system('curl evil')"), "{shown}");
        assert!(shown.contains("sandbox"), "{shown}");
        assert!(untrusted(&study).contains_key(&*card.deck), "no is not yes");
        ask(
            &mut study,
            &card,
            "x",
            &mut &b"y\n"[..],
            &mut Vec::new(),
            now,
        )
        .unwrap();
        drop(study);
        let study = Study::open(settings, now).unwrap();
        assert!(untrusted(&study).is_empty(), "the yes was kept");
    }

    #[test]
    fn an_untrusted_decks_tests_are_not_run() {
        let dir = tempfile::tempdir().unwrap();
        let (deck, _) = crate::content::parse_deck("d.md", DECK.as_bytes());
        let card = deck.unwrap().cards.remove(0);
        let file = super::super::ensure_workspace(dir.path(), &card).unwrap();
        let config = super::super::RunConfig {
            python: "python3".into(),
            timeout: 3.0,
            memory_mb: 256,
            untrusted: [("d.md".to_string(), "an Anki package".to_string())].into(),
        };
        let mut run = super::super::Run::start(&card, &file, config);
        let report = run.wait();
        let fatal = report.fatal.clone().unwrap_or_default();
        assert!(fatal.contains("came from an Anki package"), "{fatal}");
        assert!(!file.parent().unwrap().join(".mlprep/tests.py").exists());
    }
}
