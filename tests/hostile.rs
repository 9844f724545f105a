//! Hostile folders against the real binary: symlinked decks, symlink loops and special files
//! never hang `check`, never read a deck twice, and `--fix` keeps links as links.

mod common;
use common::*;

const HEAD: &str = "+++\ntitle = \"T\"\nkind = \"breadth\"\n+++\n";

#[test]
fn check_fix_on_a_symlinked_deck_writes_through_to_the_target() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("decks");
    let elsewhere = dir.path().join("elsewhere");
    let target = write(
        &elsewhere,
        "real.md",
        format!("{HEAD}## What is a KV cache?\n### Answer\nkeys and values\n").as_bytes(),
    );
    std::fs::create_dir_all(&c).unwrap();
    std::os::unix::fs::symlink(&target, c.join("a.md")).unwrap();
    let out = mlprep(dir.path(), &["check", "--fix", c.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(c.join("a.md").is_symlink(), "the link was replaced");
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .contains("## What is a KV cache? {#what-is-a-kv-cache}\n")
    );
}

#[test]
fn check_on_a_folder_with_symlink_loops_ends_and_names_each_loop() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("decks");
    write(
        &c,
        "a.md",
        format!("{HEAD}## One {{#one}}\n### Answer\nx\n").as_bytes(),
    );
    std::os::unix::fs::symlink(".", c.join("again")).unwrap();
    std::os::unix::fs::symlink(".", c.join("and-again")).unwrap();
    std::fs::create_dir_all(c.join("sub")).unwrap();
    std::os::unix::fs::symlink("..", c.join("sub/up")).unwrap();
    let out = mlprep(dir.path(), &["check", c.to_str().unwrap()]);
    let text = stdout(&out);
    assert_eq!(text.matches("folder already read").count(), 3, "{text}");
    assert!(!text.contains("duplicate id"), "{text}");
}
