//! `mlprep search QUERY`: parse the query (a bad term exits 2 and is named), then answer from the
//! persistent index when it matches the content on disk, or read the decks, bring the index up to
//! date (only decks whose hash changed are re-indexed) and answer from it. State terms
//! (`is:due`) open the review data.

use crate::cli::SearchArgs;
use crate::config::Settings;
use crate::content::{BUILTIN, Card, ContentRoot, load_roots};
use crate::search::{Query, SearchIndex, lookup_terms, others_could_rank, parse};
use crate::store::Store;
use crate::study::{Study, content_stamp};
use anyhow::{Context, Result};
use chrono::Utc;
use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::io::Write;

/// Candidates read from the index per result asked for (the ranker re-orders them).
const CANDIDATES_PER_RESULT: usize = 20;

pub fn search(settings: &Settings, args: &SearchArgs) -> Result<i32> {
    let query = args.query.join(" ");
    let parsed = match parse(&query) {
        Ok(q) => q,
        Err(e) => {
            eprintln!("mlprep: cannot read the query {e}");
            return Ok(2);
        }
    };
    let now = Utc::now();
    if parsed.needs_state() {
        let study = Study::open(settings.clone(), now)?;
        let mut index = SearchIndex::empty();
        let mut shown = Vec::new();
        study.for_each_card_with_text(|c| {
            index.add(c);
            shown.push(Shown::of(c));
        });
        let index = index.finish();
        let states = study.search_states(now);
        let hits = index.search(&parsed, Some(&states), args.limit);
        return print(&query, hits.iter().map(|h| &shown[h.card]));
    }
    let stamp = fingerprint(&settings.roots);
    // Without a usable database, search still works: it reads the decks.
    let mut store = Store::open(&settings.db_path).ok();
    let fresh = store
        .as_ref()
        .is_some_and(|s| s.search_stamp().ok().flatten() == Some(stamp));
    if let Some(store) = store.as_ref().filter(|_| fresh)
        && let Some(cards) = from_index(store, &parsed, args.limit)?
    {
        let shown: Vec<Shown> = cards.iter().map(Shown::of).collect();
        return print(&query, shown.iter());
    }
    if let Some(store) = store.as_mut() {
        // Only the decks the index lacks are parsed, one at a time: a first build holds one
        // deck's text, not the library's.
        let listed = crate::content::deck_hashes(&settings.roots);
        store
            .sync_search_from(
                &listed,
                |path| crate::content::reload_deck(path).map(std::borrow::Cow::Owned),
                stamp,
            )
            .context("updating the search index")?;
        if let Some(cards) = from_index(store, &parsed, args.limit)? {
            let shown: Vec<Shown> = cards.iter().map(Shown::of).collect();
            return print(&query, shown.iter());
        }
    }
    let lib = load_roots(&settings.roots);
    let cards: Vec<&Card> = lib.decks.iter().flat_map(|d| d.cards.iter()).collect();
    let index = SearchIndex::new(cards.iter().copied());
    let hits = index.search(&parsed, None, args.limit);
    let shown: Vec<Shown> = hits.iter().map(|h| Shown::of(cards[h.card])).collect();
    drop(index);
    print(&query, shown.iter())
}

/// The answer to `q` from the persistent index, best first (`None` when the query has no
/// word to look up). Cards named or titled by the query's words are read first; cards found
/// only in prompts, tags or answers are read too when one of them could still rank.
pub fn from_index(store: &Store, q: &Query, limit: usize) -> Result<Option<Vec<Card>>> {
    let mut vocab = |lo: usize, hi: usize| store.search_terms(lo, hi).unwrap_or_default();
    let terms = lookup_terms(q, &mut vocab);
    if terms.is_empty() {
        return Ok(None);
    }
    let wanted = (limit * CANDIDATES_PER_RESULT).max(400);
    // A word in the names of most cards (an id prefix they all share), as typed or as a
    // prefix, only slows BM25 down.
    let common = store.search_common_terms(&terms)?;
    let rare: Vec<String> = terms
        .iter()
        .filter(|t| !common.iter().any(|c| c == t.trim_end_matches('*')))
        .cloned()
        .collect();
    let named = if rare.is_empty() { &terms } else { &rare };
    let mut cards = store.search_candidates_in(named, wanted, true)?;
    let mut hits = SearchIndex::new(&cards).search(q, None, limit);
    if others_could_rank(q, &hits, limit) {
        let ids: HashSet<String> = cards.iter().map(|c| c.id.clone()).collect();
        let more = store.search_candidates(&terms, wanted)?;
        cards.extend(more.into_iter().filter(|c| !ids.contains(&c.id)));
        hits = SearchIndex::new(&cards).search(q, None, limit);
    }
    let mut slots: Vec<Option<Card>> = cards.into_iter().map(Some).collect();
    Ok(Some(
        hits.iter()
            .filter_map(|h| slots.get_mut(h.card).and_then(Option::take))
            .collect(),
    ))
}

/// What one result line shows.
struct Shown {
    id: String,
    kind: &'static str,
    prompt: String,
    deck: String,
    line: u32,
}

impl Shown {
    fn of(c: &Card) -> Shown {
        Shown {
            id: c.id.clone(),
            kind: c.kind.slug(),
            prompt: c.prompt.clone(),
            deck: c.deck.to_string(),
            line: c.line,
        }
    }
}

fn print<'a>(query: &str, rows: impl Iterator<Item = &'a Shown>) -> Result<i32> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut any = false;
    for s in rows {
        any = true;
        writeln!(
            out,
            "{:<34} {:<11} {}  ({}:{})",
            s.id,
            s.kind,
            crate::content::inert(&s.prompt),
            s.deck,
            s.line
        )?;
    }
    if !any {
        eprintln!("no card matches `{}`", crate::content::inert(query));
        return Ok(1);
    }
    Ok(0)
}

/// A fingerprint of everything the index is built from: the roots, the user's files (paths,
/// sizes, times) and the shipped decks' bytes.
fn fingerprint(roots: &[ContentRoot]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for r in roots {
        format!("{r:?}").hash(&mut h);
    }
    content_stamp(roots).hash(&mut h);
    if roots.contains(&ContentRoot::Builtin) {
        fn walk(dir: &include_dir::Dir<'_>, h: &mut impl Hasher) {
            for f in dir.files() {
                f.path().hash(h);
                f.contents().hash(h);
            }
            for d in dir.dirs() {
                walk(d, h);
            }
        }
        walk(&BUILTIN, &mut h);
    }
    h.finish()
}
