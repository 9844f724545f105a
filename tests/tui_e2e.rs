//! The real binary in a real terminal (tmux): a review session with hints, answer, grades and
//! undo; quitting and relaunching keeps everything; SIGKILL loses no committed grade; a panic
//! restores the terminal.

mod common;
use common::*;

fn json_stats(dir: &std::path::Path, extra: &[&str]) -> serde_json::Value {
    let mut args = extra.to_vec();
    args.extend(["stats", "--json"]);
    let out = mlprep(dir, &args);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn review_with_hints_grades_and_undo_then_relaunch() {
    if !need(
        Tool::Tmux,
        "tui_e2e::review_with_hints_grades_and_undo_then_relaunch",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let decks = dir.path().join("decks");
    let mut deck = String::from("+++\ntitle = \"E2E\"\nkind = \"breadth\"\n+++\n");
    for i in 1..=4 {
        deck.push_str(&format!("## Question {i} {{#e2e-{i}}}\n### Hints\n1. First hint {i}\n2. Second hint {i}\n### Answer\nAnswer {i} with a **bold** word.\n### Key points\n- point {i}\n"));
    }
    write(&decks, "e2e.md", deck.as_bytes());
    let t = Tmux::start(
        dir.path(),
        &format!(
            "{} --no-builtin --content {} review --kind breadth; echo exited-$?; sleep 30",
            bin(),
            decks.display()
        ),
    );
    t.wait_for("show answer");
    t.send(&["h"]);
    t.wait_for("First hint 1");
    t.send(&["h"]);
    t.wait_for("Second hint 1");
    t.send(&["Space"]);
    let s = t.wait_for("1 Again");
    assert!(s.contains("── Answer ──"), "{s}");
    assert!(s.contains("3 Good 10m"), "{s}");
    t.send(&["3"]);
    t.wait_for("1 done");
    t.send(&["Space"]);
    t.wait_for("4 Easy");
    t.send(&["4"]);
    t.wait_for("2 done");
    t.send(&["u"]);
    t.wait_for("undid Easy");
    t.send(&["Space"]);
    t.wait_for("2 Hard");
    t.send(&["2"]);
    t.wait_for("4 left · 2 done");
    // Undoing a grade that put the card in a learning step gives back the count from before.
    t.send(&["u"]);
    t.wait_for("4 left · 1 done");
    t.send(&["Space"]);
    t.wait_for("2 Hard");
    t.send(&["2"]);
    t.wait_for("4 left · 2 done");
    // Started as `mlprep review`: q returns to the shell, saying what was saved.
    t.send(&["q"]);
    let s = t.wait_for("exited-0");
    assert!(s.contains("2 cards reviewed; every grade is saved"), "{s}");

    let v = json_stats(
        dir.path(),
        &["--no-builtin", "--content", decks.to_str().unwrap()],
    );
    assert_eq!(v["kinds"]["breadth"]["reviews_today"], 2, "{v}");
    assert_eq!(v["kinds"]["breadth"]["learning"], 2, "{v}");

    let t2 = Tmux::start(
        dir.path(),
        &format!("{} --no-builtin --content {}", bin(), decks.display()),
    );
    let s = t2.wait_for("today 2 studied");
    assert!(s.contains("ML breadth"));
}

#[test]
fn card_info_opens_over_a_cram_review_and_closes_back_to_it() {
    if !need(
        Tool::Tmux,
        "tui_e2e::card_info_opens_over_a_cram_review_and_closes_back_to_it",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let decks = dir.path().join("decks");
    let deck = "+++\ntitle = \"Info\"\nkind = \"breadth\"\n+++\n## What is a leech? {#info-1}\n### Answer\nA card forgotten again and again.\n";
    write(&decks, "info.md", deck.as_bytes());
    let t = Tmux::start(
        dir.path(),
        &format!(
            "{} --no-builtin --content {} review --cram; echo exited-$?; sleep 30",
            bin(),
            decks.display()
        ),
    );
    let s = t.wait_for("show answer");
    assert!(s.contains("Review · cram · all decks"), "{s}");
    // Again in a cram: logged as cram, the card comes back in the same session.
    t.send(&["Space"]);
    t.wait_for("1 Again");
    t.send(&["1"]);
    t.wait_for("1 done");
    t.send(&["i"]);
    let s = t.wait_for("Card info · info-1");
    assert!(s.contains("Reviews (1)"), "{s}");
    assert!(s.contains("Again cram"), "{s}");
    assert!(s.contains("info.md:5"), "{s}");
    t.send(&["Escape"]);
    // The review's own card box is back (its footer stays visible under card info).
    let s = t.wait_for("┌ info-1 ");
    assert!(!s.contains("Card info"), "{s}");
    assert!(s.contains("What is a leech?"), "{s}");
}

#[test]
fn sigkill_mid_review_keeps_every_committed_grade() {
    if !need(
        Tool::Tmux,
        "tui_e2e::sigkill_mid_review_keeps_every_committed_grade",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let t = Tmux::start(dir.path(), &format!("{} review --kind design", bin()));
    for n in 1..=3 {
        t.wait_for("show answer");
        t.send(&["Space"]);
        t.wait_for("3 Good");
        t.send(&["3"]);
        t.wait_for(&format!("{n} done"));
    }
    t.send(&["Space"]); // the fourth card is open when the process dies
    t.wait_for("3 Good");
    let pid = t.pane_pid();
    let status = std::process::Command::new("kill")
        .args(["-9", &pid])
        .status()
        .unwrap();
    assert!(status.success());
    std::thread::sleep(std::time::Duration::from_millis(200));
    let v = json_stats(dir.path(), &[]);
    assert_eq!(v["kinds"]["design"]["reviews_today"], 3, "{v}");
}

#[test]
fn a_panic_restores_the_terminal() {
    if !need(Tool::Tmux, "tui_e2e::a_panic_restores_the_terminal") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let stty = dir.path().join("stty.txt");
    let cmd = format!(
        "printf 'BEFORE-MARK\\n'; MLPREP_DEBUG_PANIC=1 {} ; stty -a > {} ; printf 'AFTER-MARK\\n'; sleep 30",
        bin(),
        stty.display()
    );
    let t = Tmux::start(dir.path(), &format!("sh -c \"{cmd}\""));
    t.wait_for("enter review");
    t.send(&["F12"]);
    let s = t.wait_for("AFTER-MARK");
    assert!(s.contains("BEFORE-MARK"), "main screen is back:\n{s}");
    assert!(
        s.contains("deliberate panic"),
        "the panic message is readable:\n{s}"
    );
    let modes = std::fs::read_to_string(&stty).unwrap();
    assert!(
        modes.split_whitespace().any(|w| w == "icanon")
            && modes.split_whitespace().any(|w| w == "echo"),
        "raw mode is off: {modes}"
    );
    assert_eq!(t.display("#{cursor_flag}"), "1", "cursor is visible");
    assert_eq!(t.display("#{alternate_on}"), "0", "alternate screen is off");
}

#[test]
fn a_card_added_from_home_is_written_and_listed_in_the_browser() {
    if !need(
        Tool::Tmux,
        "tui_e2e::a_card_added_from_home_is_written_and_listed_in_the_browser",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let decks = dir.path().join("decks");
    let deck = "+++\ntitle = \"Mine\"\nkind = \"breadth\"\n+++\n## Old question {#old}\n### Answer\nOld answer.\n";
    write(&decks, "mine.md", deck.as_bytes());
    let t = Tmux::start(
        dir.path(),
        &format!(
            "{} --no-builtin --content {}; sleep 30",
            bin(),
            decks.display()
        ),
    );
    t.wait_for("Mine");
    t.send(&["a"]);
    t.wait_for("Add a card");
    t.send(&["-l", "What does dropout do?"]);
    t.send(&["Tab"]);
    t.send(&["-l", "It zeroes random units while training."]);
    t.send(&["Enter"]);
    t.send(&["-l", "An implicit ensemble."]);
    t.send(&["Tab"]);
    t.send(&["-l", "regularises"]);
    t.send(&["C-s"]);
    t.wait_for("added card `what-does-dropout-do`");
    let text = std::fs::read_to_string(decks.join("mine.md")).unwrap();
    assert!(
        text.contains("## What does dropout do? {#what-does-dropout-do}")
            && text.contains("- regularises"),
        "{text}"
    );
    t.send(&["b"]);
    let s = t.wait_for("What does dropout do?");
    assert!(s.contains("2 card(s)"), "{s}");
}
