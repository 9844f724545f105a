//! Checks on `aliases:` across the library: an alias listed twice on one card, and an alias that
//! spells another card's id (search would have two cards answering to one name).

use super::{Library, Problem, Severity};
use std::collections::HashMap;

/// Lower-cased words joined by single spaces: `KV-Cache` and `kv cache` compare equal.
fn spelling(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Adds a problem for each duplicate alias and each alias naming another card's id.
pub(super) fn check(lib: &mut Library) {
    let ids: HashMap<String, &str> = lib
        .decks
        .iter()
        .flat_map(|d| &d.cards)
        .map(|c| (spelling(&c.id), c.id.as_str()))
        .collect();
    let mut found = Vec::new();
    for deck in &lib.decks {
        for card in &deck.cards {
            let mut seen: Vec<String> = Vec::new();
            for alias in &card.aliases {
                let s = spelling(alias);
                let problem = |severity, message| Problem {
                    file: deck.path.clone(),
                    line: card.line,
                    severity,
                    message,
                };
                if seen.contains(&s) {
                    found.push(problem(
                        Severity::Warning,
                        format!("card `{}` lists the alias `{alias}` twice", card.id),
                    ));
                    continue;
                }
                if let Some(other) = ids.get(&s).filter(|&&other| other != card.id) {
                    found.push(problem(
                        Severity::Error,
                        format!(
                            "alias `{alias}` of card `{}` is the id of card `{other}`: searching it would find the wrong card",
                            card.id
                        ),
                    ));
                }
                seen.push(s);
            }
        }
    }
    lib.problems.extend(found);
}

#[cfg(test)]
mod tests {
    use crate::content::{ContentRoot, load_roots};

    #[test]
    fn duplicate_aliases_and_aliases_naming_other_ids_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.md"),
            "+++\ntitle = \"A\"\nkind = \"breadth\"\n+++\n\
## One {#kv-cache}\naliases: key value cache, KV cache\n### Answer\nx\n\
## Two {#two}\naliases: paged attention, Paged Attention, kv-cache\n### Answer\ny\n",
        )
        .unwrap();
        let lib = load_roots(&[ContentRoot::Dir(dir.path().to_path_buf())]);
        let msgs: Vec<String> = lib.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(msgs.len(), 2, "{msgs:?}");
        assert!(
            msgs[0].contains("a.md:9: warning: card `two` lists the alias `paged attention` twice"),
            "{msgs:?}"
        );
        assert!(
            msgs[1].contains(
                "a.md:9: error: alias `kv-cache` of card `two` is the id of card `kv-cache`"
            ),
            "{msgs:?}"
        );
        assert_eq!(lib.card_count(), 2, "problems do not drop cards");
    }
}
