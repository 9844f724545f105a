//! Editing a card in place from the TUI with EDITOR set to a script: the change shows up, the
//! history stays; a missing editor is a clear message; deleting the open card moves on.

mod common;
use common::*;

const DECK: &str = "+++\ntitle = \"Edit me\"\nkind = \"breadth\"\n+++\n\n## First question {#ed-1}\n### Answer\nOriginal answer one.\n\n## Second question {#ed-2}\n### Answer\nOriginal answer two.\n";

#[test]
fn edit_in_place_keeps_history_and_missing_editors_are_reported() {
    if !need(
        Tool::Tmux,
        "edit_e2e::edit_in_place_keeps_history_and_missing_editors_are_reported",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let decks = dir.path().join("decks");
    let deck = write(&decks, "edit.md", DECK.as_bytes());
    // The "editor": rewrites the first answer, checks it was opened at the card's line.
    let editor = script(
        dir.path(),
        "ed.sh",
        &format!(
            "echo \"$@\" > {d}/args\nsed -i 's/Original answer one./Edited answer one./' \"$2\"\n",
            d = dir.path().display()
        ),
    );
    let flags = format!("--no-builtin --content {}", decks.display());
    let t = Tmux::start(
        dir.path(),
        &format!("EDITOR=/definitely/not/an/editor {} {flags} review", bin()),
    );
    t.wait_for("First question");
    t.send(&["e"]);
    let s = t.wait_for("cannot start editor");
    assert!(s.contains("/definitely/not/an/editor"), "{s}");
    // `q` ends a `mlprep review` session (and with it the tmux session): one is enough.
    t.send(&["q"]);
    drop(t);

    let t = Tmux::start(
        dir.path(),
        &format!(
            "EDITOR={} VISUAL= {} {flags} review",
            editor.display(),
            bin()
        ),
    );
    t.wait_for("First question");
    t.send(&["Space"]);
    t.wait_for("Original answer one.");
    t.send(&["1"]);
    t.wait_for("Second question");
    t.send(&["u"]);
    t.wait_for("undid Again");
    t.send(&["3"]);
    t.send(&["Space"]);
    t.wait_for("1 Again");
    t.send(&["1"]);
    t.wait_for("Second question");
    // Back to the first card through search, then edit it.
    t.send(&["/"]);
    t.send(&["-l", "first"]);
    t.wait_for("match(es)");
    t.send(&["Enter"]);
    t.wait_for("First question");
    t.send(&["e"]);
    t.send(&["Space"]);
    let s = t.wait_for("Edited answer one.");
    assert!(s.contains("deck reloaded") || s.contains("Edited"), "{s}");
    let args = std::fs::read_to_string(dir.path().join("args")).unwrap();
    assert_eq!(
        args.trim(),
        format!("+6 {}", deck.display()),
        "opened at the card's line"
    );
    t.send(&["3"]);
    std::thread::sleep(std::time::Duration::from_millis(300));
    drop(t);
    assert!(
        std::fs::read_to_string(&deck)
            .unwrap()
            .contains("Edited answer one.")
    );
    let out = mlprep(
        dir.path(),
        &[
            "--no-builtin",
            "--content",
            decks.to_str().unwrap(),
            "stats",
            "--json",
        ],
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["kinds"]["breadth"]["reviews_today"], 2,
        "the history of the edited card is kept: {v}"
    );
}

#[test]
fn deleting_the_open_card_on_disk_moves_on() {
    if !need(
        Tool::Tmux,
        "edit_e2e::deleting_the_open_card_on_disk_moves_on",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let decks = dir.path().join("decks");
    let deck = write(&decks, "edit.md", DECK.as_bytes());
    let flags = format!("--no-builtin --content {}", decks.display());
    let t = Tmux::start(dir.path(), &format!("{} {flags} review", bin()));
    t.wait_for("First question");
    // Another program rewrites the deck without the open card: it is picked up without a restart.
    std::fs::write(
        &deck,
        DECK.replace(
            "## First question {#ed-1}\n### Answer\nOriginal answer one.\n",
            "",
        ),
    )
    .unwrap();
    let s = t.wait_for("Second question");
    assert!(!s.contains("First question"), "{s}");
}
