//! Content roots -> a [`Library`]: the shipped decks embedded in the binary plus the user's
//! directories, parsed, with ids made unique across every deck (the second copy is reported with
//! both places named and dropped).

use super::walk::{read_limited, walk};
use super::{Deck, Problem, Severity, parse_deck_owned};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

/// The repository's `content/`, compiled into the binary so an installed mlprep has its decks.
pub static BUILTIN: include_dir::Dir<'static> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/content");

/// Where decks come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContentRoot {
    Builtin,
    Dir(PathBuf),
}

/// Everything loaded from the content roots.
#[derive(Debug, Default)]
pub struct Library {
    pub decks: Vec<Deck>,
    pub problems: Vec<Problem>,
    /// Loop files (`loops/*.toml`), path and text, parsed by the mock module.
    pub loops: Vec<(String, String)>,
    /// Markdown files under `stories/` and `projects/` of the user's roots.
    pub own_material: Vec<(String, String)>,
    /// Deck files that could not be used at all.
    pub failed_files: usize,
    /// Decks under a folder marked with `.mlprep-foreign`: deck path -> where they came from.
    pub foreign: HashMap<String, String>,
}

impl Library {
    pub fn card_count(&self) -> usize {
        self.decks.iter().map(|d| d.cards.len()).sum()
    }
    pub fn errors(&self) -> usize {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .count()
    }
}

/// Where a deck's bytes come from: read in the parsing threads, so files are never all in
/// memory twice.
pub(super) enum Origin {
    Disk(PathBuf),
    Static(&'static [u8]),
}

pub(super) struct SourceFile {
    pub(super) rel: String,
    pub(super) display: String,
    pub(super) origin: Origin,
}

/// Loads and parses every deck under the roots, in a stable order (by path), keeping each
/// deck's text for display.
pub fn load_roots(roots: &[ContentRoot]) -> Library {
    load(roots, true)
}

/// As [`load_roots`] but drops the card text after parsing (ids, metadata and problems stay):
/// what `check` and `stats` need, in a fraction of the memory.
pub fn load_roots_metadata(roots: &[ContentRoot]) -> Library {
    load(roots, false)
}

/// A deck read again with its text, from its file or from the decks built into mlprep (a
/// library loaded without text reads a deck's text this way, one deck at a time).
pub fn reload_deck(path: &str) -> Option<Deck> {
    let bytes = match read_limited(std::path::Path::new(path)) {
        Ok(b) => b,
        Err(_) => BUILTIN
            .get_file(path.strip_prefix("content/")?)?
            .contents()
            .to_vec(),
    };
    parse_deck_owned(path, bytes).0
}

/// `deck` with its cards' text: itself when it was loaded with text, else read again.
pub fn with_text(deck: &Deck) -> Option<std::borrow::Cow<'_, Deck>> {
    if deck.cards.first().is_none_or(|c| !c.src.is_empty()) {
        Some(std::borrow::Cow::Borrowed(deck))
    } else {
        reload_deck(&deck.path).map(std::borrow::Cow::Owned)
    }
}

/// Every deck under the roots as (path, hash of its text), read one file at a time and not
/// parsed: what the search index needs to see which decks changed, in little memory. A file
/// that is not UTF-8 or is empty is left out (it is no deck); a file that fails to parse for
/// another reason is listed, and [`reload_deck`] then finds no deck in it.
pub fn deck_hashes(roots: &[ContentRoot]) -> Vec<(String, u64)> {
    let mut lib = Library::default();
    let (files, _) = sources(roots, &mut lib);
    files
        .iter()
        .filter_map(|f| {
            let bytes = match &f.origin {
                Origin::Static(b) => b.to_vec(),
                Origin::Disk(p) => read_limited(p).ok()?,
            };
            let text = std::str::from_utf8(&bytes).ok()?;
            let text = text.strip_prefix('\u{feff}').unwrap_or(text);
            (!text.trim().is_empty())
                .then(|| (f.display.clone(), super::parse::hash_bytes(text.as_bytes())))
        })
        .collect()
}

/// The deck files and loop files under the roots (shipped ones a user file of the same name
/// does not shadow), sorted by path; a missing directory is a problem in `lib`.
fn sources(
    roots: &[ContentRoot],
    lib: &mut Library,
) -> (Vec<SourceFile>, Vec<(String, String, String)>) {
    let mut files: Vec<SourceFile> = Vec::new();
    let mut loops = Vec::new();
    for root in roots {
        if let ContentRoot::Dir(dir) = root {
            if !dir.is_dir() {
                lib.problems.push(Problem {
                    file: dir.display().to_string(),
                    line: 0,
                    severity: Severity::Error,
                    message: "content directory not found".into(),
                });
                continue;
            }
            walk(dir, &mut files, &mut loops, lib);
        }
    }
    if roots.contains(&ContentRoot::Builtin) {
        let shadowed: HashSet<String> = files.iter().map(|f| f.rel.clone()).collect();
        let shadowed_loops: HashSet<String> = loops
            .iter()
            .map(|(r, _, _): &(String, String, String)| r.clone())
            .collect();
        let mut builtin = Vec::new();
        collect_builtin(&BUILTIN, &mut builtin);
        for (rel, bytes) in builtin {
            if rel.starts_with("loops/") && rel.ends_with(".toml") {
                if !shadowed_loops.contains(&rel) {
                    loops.push((
                        rel.clone(),
                        format!("content/{rel}"),
                        String::from_utf8_lossy(bytes).into_owned(),
                    ));
                }
            } else if is_deck_path(&rel) && !shadowed.contains(&rel) {
                files.push(SourceFile {
                    display: format!("content/{rel}"),
                    rel,
                    origin: Origin::Static(bytes),
                });
            }
        }
    }
    files.sort_by(|a, b| a.display.cmp(&b.display));
    loops.sort_by(|a, b| a.1.cmp(&b.1));
    (files, loops)
}

fn load(roots: &[ContentRoot], keep_text: bool) -> Library {
    let mut lib = Library::default();
    let (files, loops) = sources(roots, &mut lib);
    lib.loops = loops.into_iter().map(|(_, d, t)| (d, t)).collect();

    let parsed = parse_all(files, keep_text);
    for (deck, problems) in parsed {
        lib.problems.extend(problems);
        match deck {
            Some(d) => lib.decks.push(d),
            None => lib.failed_files += 1,
        }
    }
    dedupe_ids(&mut lib);
    super::aliases::check(&mut lib);
    lib
}

/// Reads and parses on all cores; without `keep_text` each deck's text is released as soon
/// as it is parsed.
fn parse_all(files: Vec<SourceFile>, keep_text: bool) -> Vec<(Option<Deck>, Vec<Problem>)> {
    let one = |f: &SourceFile| {
        let bytes = match &f.origin {
            Origin::Static(b) => b.to_vec(),
            Origin::Disk(p) => match read_limited(p) {
                Ok(b) => b,
                Err(message) => {
                    return (
                        None,
                        vec![Problem {
                            file: f.display.clone(),
                            line: 0,
                            severity: Severity::Error,
                            message,
                        }],
                    );
                }
            },
        };
        let (mut deck, problems) = parse_deck_owned(&f.display, bytes);
        if !keep_text && let Some(d) = deck.as_mut() {
            let empty = std::sync::Arc::new(String::new());
            for c in &mut d.cards {
                c.src = empty.clone();
            }
        }
        (deck, problems)
    };
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(8);
    if threads <= 1 || files.len() < 16 {
        return files.iter().map(one).collect();
    }
    in_chunks(&files, threads, &one, std::thread::Builder::new)
}

/// Runs `work` over `items` in up to `threads` scoped threads, keeping the order. A thread that
/// cannot be spawned (a process limit, no memory for a stack) leaves its share to the calling
/// thread: the load slows down instead of failing.
fn in_chunks<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    work: &(impl Fn(&T) -> R + Sync),
    builder: impl Fn() -> std::thread::Builder,
) -> Vec<R> {
    let chunk = items.len().div_ceil(threads.max(1)).max(1);
    std::thread::scope(|s| {
        let pending: Vec<_> = items
            .chunks(chunk)
            .map(|part| {
                builder()
                    .spawn_scoped(s, move || part.iter().map(work).collect::<Vec<_>>())
                    .map_err(|_| part)
            })
            .collect();
        pending
            .into_iter()
            .flat_map(|p| match p {
                Ok(h) => h.join().unwrap_or_default(),
                Err(part) => part.iter().map(work).collect(),
            })
            .collect()
    })
}

fn dedupe_ids(lib: &mut Library) {
    let mut seen: HashMap<String, (String, u32)> = HashMap::new();
    let mut dups = Vec::new();
    for deck in &mut lib.decks {
        deck.cards.retain(|c| match seen.get(&c.id) {
            Some((file, line)) => {
                dups.push(Problem {
                    file: deck.path.clone(),
                    line: c.line,
                    severity: Severity::Error,
                    message: format!("duplicate id `{}`: already used at {file}:{line}; ids must be unique across all decks", c.id),
                });
                false
            }
            None => {
                seen.insert(c.id.clone(), (deck.path.clone(), c.line));
                true
            }
        });
    }
    lib.problems.extend(dups);
}

pub(super) fn is_deck_path(rel: &str) -> bool {
    let skip_dir =
        rel.split('/').rev().skip(1).any(|d| {
            matches!(d, "templates" | "stories" | "projects" | "loops") || d.starts_with('.')
        });
    let name = rel.rsplit('/').next().unwrap_or(rel);
    rel.ends_with(".md")
        && !skip_dir
        && !name.eq_ignore_ascii_case("README.md")
        && !name.starts_with('.')
}

fn collect_builtin(
    dir: &'static include_dir::Dir<'static>,
    out: &mut Vec<(String, &'static [u8])>,
) {
    for f in dir.files() {
        out.push((f.path().to_string_lossy().replace('\\', "/"), f.contents()));
    }
    for d in dir.dirs() {
        collect_builtin(d, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn write(dir: &Path, name: &str, text: &str) {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    #[test]
    fn deck_hashes_agree_with_the_parsed_decks_without_parsing() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "a.md",
            "\u{feff}+++\ntitle = \"A\"\nkind = \"breadth\"\n+++\n## One {#one}\n### Answer\nx\n",
        );
        write(dir.path(), "sub/empty.md", "  \n");
        std::fs::write(dir.path().join("bad.md"), b"\xff\xfe not text").unwrap();
        let roots = [
            ContentRoot::Builtin,
            ContentRoot::Dir(dir.path().to_path_buf()),
        ];
        let lib = load_roots(&roots);
        let parsed: Vec<(String, u64)> =
            lib.decks.iter().map(|d| (d.path.clone(), d.hash)).collect();
        assert!(parsed.len() > 20 && parsed.iter().any(|(p, _)| p.ends_with("a.md")));
        assert_eq!(deck_hashes(&roots), parsed);
        // Read again one at a time, each deck is the one the library holds.
        let a = parsed.iter().find(|(p, _)| p.ends_with("a.md")).unwrap();
        assert_eq!(reload_deck(&a.0).unwrap().hash, a.1);
        let shipped = &parsed[0];
        assert_eq!(reload_deck(&shipped.0).unwrap().hash, shipped.1);
    }

    #[test]
    fn duplicate_ids_across_files_name_both_places() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "a.md",
            "+++\ntitle = \"A\"\nkind = \"breadth\"\n+++\n\n## One {#same}\n### Answer\nx\n",
        );
        write(
            dir.path(),
            "b.md",
            "+++\ntitle = \"B\"\nkind = \"breadth\"\n+++\n## Two {#same}\n### Answer\ny\n## Three {#same}\n### Answer\nz\n",
        );
        let lib = load_roots(&[ContentRoot::Dir(dir.path().to_path_buf())]);
        assert_eq!(lib.card_count(), 1);
        let msgs: Vec<String> = lib.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(msgs.len(), 2, "{msgs:?}");
        assert!(
            msgs[0].contains("b.md:5: error: duplicate id `same`: already used at"),
            "{msgs:?}"
        );
        assert!(msgs[0].contains("a.md:6"), "{msgs:?}");
        assert!(msgs[1].contains("b.md:8"), "{msgs:?}");
    }

    #[test]
    fn a_broken_deck_does_not_stop_the_others() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "good.md",
            "+++\ntitle = \"A\"\nkind = \"design\"\n+++\n## One {#one}\n### Answer\nx\n",
        );
        write(
            dir.path(),
            "bad.md",
            "+++\ntitle = \"A\"\nkind = \"nope\"\n+++\n",
        );
        write(dir.path(), "templates/story.md", "not a deck");
        let lib = load_roots(&[ContentRoot::Dir(dir.path().to_path_buf())]);
        assert_eq!(lib.card_count(), 1);
        assert_eq!(lib.failed_files, 1);
        assert_eq!(lib.errors(), 1);
    }

    #[test]
    fn parsing_continues_on_one_thread_when_threads_cannot_be_spawned() {
        let items: Vec<u32> = (0..40).collect();
        // A stack no machine can map: every spawn fails, as under `prlimit --nproc=1`.
        let out = in_chunks(&items, 4, &|n: &u32| n * 2, || {
            std::thread::Builder::new().stack_size(usize::MAX / 2)
        });
        assert_eq!(out, (0..40).map(|n| n * 2).collect::<Vec<_>>());
        let out = in_chunks(&items, 4, &|n: &u32| n + 1, std::thread::Builder::new);
        assert_eq!(out, (1..41).collect::<Vec<_>>());
    }

    #[test]
    fn shipped_content_loads_without_errors() {
        let lib = load_roots(&[ContentRoot::Builtin]);
        let errors: Vec<String> = lib
            .problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .map(|p| p.to_string())
            .collect();
        assert!(errors.is_empty(), "{}", errors.join("\n"));
        assert!(
            lib.card_count() >= 35,
            "only {} shipped cards",
            lib.card_count()
        );
        for kind in super::super::Kind::ALL {
            let n = lib
                .decks
                .iter()
                .filter(|d| d.kind == kind)
                .map(|d| d.cards.len())
                .sum::<usize>();
            assert!(n >= 5, "kind {kind} has only {n} cards");
        }
    }

    #[test]
    fn a_user_deck_with_the_same_path_shadows_the_shipped_one() {
        let dir = tempfile::tempdir().unwrap();
        let mut builtin = Vec::new();
        collect_builtin(&BUILTIN, &mut builtin);
        let (rel, bytes) = builtin.iter().find(|(r, _)| is_deck_path(r)).unwrap();
        write(dir.path(), rel, std::str::from_utf8(bytes).unwrap());
        let lib = load_roots(&[
            ContentRoot::Builtin,
            ContentRoot::Dir(dir.path().to_path_buf()),
        ]);
        assert_eq!(lib.errors(), 0, "{:?}", lib.problems);
    }
}
