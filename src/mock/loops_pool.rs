//! Loops against the card pool: every loop in a library with its problems, and "more cards than
//! the decks hold" / "names a card no deck holds" errors at the segment's line.

use super::loops::{Loop, line_of, parse_loop};
use crate::content::{Library, Problem, Severity};

/// Every loop in the library, with problems; `check_pool` adds "more cards than exist" errors.
pub fn load_loops(lib: &Library) -> (Vec<Loop>, Vec<Problem>) {
    let mut loops = Vec::new();
    let mut problems = Vec::new();
    for (path, text) in &lib.loops {
        let (lp, mut p) = parse_loop(path, text);
        if let Some(lp) = lp {
            p.extend(check_pool(&lp, text, lib));
            loops.push(lp);
        }
        problems.extend(p);
    }
    (loops, problems)
}

/// A segment that asks for more cards than the content holds is an error at its line.
pub(super) fn check_pool(lp: &Loop, text: &str, lib: &Library) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut search_from = 0;
    for round in &lp.rounds {
        for s in &round.segments {
            // The segment's line: the next occurrence of its title in the file.
            let needle = format!("\"{}\"", s.title);
            let at = text[search_from..]
                .find(&needle)
                .map(|i| i + search_from)
                .unwrap_or(search_from);
            search_from = at + 1;
            if s.cards == 0 {
                continue;
            }
            let known: std::collections::HashSet<&str> = lib
                .decks
                .iter()
                .flat_map(|d| d.cards.iter().map(|c| c.id.as_str()))
                .collect();
            for id in s.ids.iter().filter(|id| !known.contains(id.as_str())) {
                out.push(Problem {
                    file: lp.path.clone(),
                    line: line_of(text, at),
                    severity: Severity::Error,
                    message: format!(
                        "segment `{}` names card `{id}`, which no deck holds",
                        s.title
                    ),
                });
            }
            let available = lib
                .decks
                .iter()
                .flat_map(|d| d.cards.iter())
                .filter(|c| s.accepts(&c.id, c.kind, c.difficulty, &c.tags))
                .count();
            if available < s.cards {
                out.push(Problem {
                    file: lp.path.clone(),
                    line: line_of(text, at),
                    severity: Severity::Error,
                    message: format!(
                        "segment `{}` asks for {} card(s) of {} but the decks hold {available}",
                        s.title,
                        s.cards,
                        s.kinds
                            .iter()
                            .map(|k| k.slug())
                            .collect::<Vec<_>>()
                            .join("/")
                    ),
                });
            }
        }
    }
    out
}
