//! Hostile folders: symlink cycles, special files, huge files and over-deep paths.

use super::*;
use crate::content::{ContentRoot, load_roots};
use std::os::unix::fs::symlink;

const DECK: &str = "+++\ntitle = \"A\"\nkind = \"breadth\"\n+++\n## One {#one}\n### Answer\nx\n";

fn root_with_deck() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), DECK).unwrap();
    dir
}

fn messages(lib: &Library) -> Vec<String> {
    lib.problems.iter().map(|p| p.to_string()).collect()
}

#[test]
fn symlink_cycles_are_reported_once_and_no_deck_is_read_twice() {
    let dir = root_with_deck();
    symlink(".", dir.path().join("self1")).unwrap();
    symlink(".", dir.path().join("self2")).unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    symlink("..", dir.path().join("sub/loop")).unwrap();
    let lib = load_roots(&[ContentRoot::Dir(dir.path().to_path_buf())]);
    let msgs = messages(&lib);
    assert_eq!(lib.card_count(), 1, "{msgs:?}");
    assert!(!msgs.iter().any(|m| m.contains("duplicate id")), "{msgs:?}");
    let cycles: Vec<&String> = msgs
        .iter()
        .filter(|m| m.contains("folder already read"))
        .collect();
    assert_eq!(cycles.len(), 3, "{msgs:?}");
    for link in ["self1", "self2", "sub/loop"] {
        assert!(
            cycles
                .iter()
                .any(|m| m.starts_with(&dir.path().join(link).display().to_string())),
            "{link} not named: {msgs:?}"
        );
    }
}

#[test]
fn a_fifo_named_like_a_deck_is_refused_without_blocking() {
    let dir = root_with_deck();
    let fifo = dir.path().join("p.md");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let lib = load_roots(&[ContentRoot::Dir(dir.path().to_path_buf())]);
    let msgs = messages(&lib);
    assert_eq!(lib.card_count(), 1);
    assert!(
        msgs.iter()
            .any(|m| m.contains("p.md:0: error: not a regular file")),
        "{msgs:?}"
    );
}

#[test]
fn a_symlink_to_a_device_is_refused() {
    let dir = root_with_deck();
    symlink("/dev/zero", dir.path().join("z.md")).unwrap();
    let lib = load_roots(&[ContentRoot::Dir(dir.path().to_path_buf())]);
    let msgs = messages(&lib);
    assert!(
        msgs.iter()
            .any(|m| m.contains("z.md:0: error: not a regular file")),
        "{msgs:?}"
    );
}

#[test]
fn a_huge_sparse_file_is_refused_by_size_before_reading() {
    let dir = root_with_deck();
    let f = std::fs::File::create(dir.path().join("huge.md")).unwrap();
    f.set_len(3 * 1024 * 1024 * 1024).unwrap();
    let lib = load_roots(&[ContentRoot::Dir(dir.path().to_path_buf())]);
    let msgs = messages(&lib);
    assert!(
        msgs.iter().any(|m| m
            .contains("huge.md:0: error: file too large: 3072 MB (the limit is 64 MB per file)")),
        "{msgs:?}"
    );
    assert_eq!(lib.card_count(), 1);
}

#[test]
fn a_file_that_grows_past_the_limit_while_read_is_cut_off() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.md");
    std::fs::write(&p, "x".repeat(100)).unwrap();
    assert_eq!(read_with_limit(&p, 100).unwrap().len(), 100);
    assert!(read_with_limit(&p, 99).unwrap_err().contains("too large"));
}

#[test]
fn folders_deeper_than_path_max_are_reported() {
    let dir = root_with_deck();
    let deep = vec!["d".repeat(200); 25].join("/");
    let ok = std::process::Command::new("mkdir")
        .args(["-p", &deep])
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(ok.success());
    let lib = load_roots(&[ContentRoot::Dir(dir.path().to_path_buf())]);
    let msgs = messages(&lib);
    assert_eq!(lib.card_count(), 1);
    assert!(
        msgs.iter()
            .any(|m| m.contains("path longer than the system limit")),
        "{msgs:?}"
    );
}

#[test]
fn the_watchers_walk_sees_each_file_once_through_symlink_loops() {
    let dir = root_with_deck();
    symlink(".", dir.path().join("self")).unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    symlink("..", dir.path().join("sub/up")).unwrap();
    let mut seen = Vec::new();
    for_each_file(dir.path(), &mut |p, _| seen.push(p.to_path_buf()));
    assert_eq!(seen, vec![dir.path().join("a.md")]);
    // The change watcher and the library size use the same walk.
    let roots = [ContentRoot::Dir(dir.path().to_path_buf())];
    assert_eq!(
        crate::study::content_stamp(&roots),
        crate::study::content_stamp(&roots)
    );
}
