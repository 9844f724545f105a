//! Mocks through the real binary: `--plan --seed` reproducible, a round answered and scored in
//! tmux with the clock visibly counting, SIGKILL and resume, history and the markdown report,
//! and broken loop files reported while the other loops keep working.

mod common;
use common::*;
use std::time::Duration;

/// Checks `done` every 100 ms for up to 20 s.
fn poll(done: impl Fn() -> bool) -> bool {
    for _ in 0..200 {
        if done() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

/// Waits for `text`, passing any follow-up the interviewer asks on the way (Esc, then p).
fn pass_follow_ups(t: &Tmux, text: &str) {
    for _ in 0..5 {
        assert!(
            poll(|| {
                let s = t.screen();
                s.contains(text) || s.contains("left for this follow-up")
            }),
            "waiting for {text:?}:\n{}",
            t.screen()
        );
        if t.screen().contains(text) {
            return;
        }
        t.send(&["Escape"]);
        t.wait_for("p pass");
        t.send(&["p"]);
        assert!(poll(|| !t.screen().contains("p pass")), "{}", t.screen());
    }
    panic!("still on follow-ups:\n{}", t.screen());
}

const TINY: &[u8] = b"name = \"Tiny\"\ndescription = \"One breadth card.\"\n\n[[rounds]]\ntitle = \"Breadth\"\nrubric = \"breadth\"\n\n[[rounds.segments]]\ntitle = \"Quick\"\nminutes = 5\nkinds = [\"breadth\"]\ncards = 1\n";

#[test]
fn a_short_mock_end_to_end_at_80x24_scrolls_its_report_to_the_last_line() {
    if !need(
        Tool::Tmux,
        "mock_e2e::a_short_mock_end_to_end_at_80x24_scrolls_its_report_to_the_last_line",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("mine");
    write(&c, "loops/tiny.toml", TINY);
    let t = Tmux::start(
        dir.path(),
        &format!(
            "{} --content {} mock --loop tiny --seed 2",
            bin(),
            c.display()
        ),
    );
    t.resize(80, 24);
    t.wait_for("start the clock");
    t.send(&["Enter"]);
    t.wait_for("left in this segment");
    t.send(&["-l", "A breadth answer, written in a hurry."]);
    t.wait_for("in a hurry.");
    t.send(&["C-n"]);
    // The card's follow-up (when it has one) is answered, not passed.
    assert!(
        poll(|| {
            let s = t.screen();
            s.contains("what you wrote") || s.contains("left for this follow-up")
        }),
        "{}",
        t.screen()
    );
    let followed = t.screen().contains("left for this follow-up");
    if followed {
        t.send(&["-l", "The follow-up answer, last in the report."]);
        t.wait_for("last in the report.");
        t.send(&["C-n"]);
    }
    t.wait_for("what you wrote");
    t.send(&["Space"]);
    t.send(&["n"]);
    t.wait_for("row(s) to score");
    // Enter with rows unscored only says so.
    t.send(&["Enter"]);
    t.wait_for("still unscored");
    t.send(&["o"]);
    for _ in 0..8 {
        t.send(&["3"]);
    }
    t.wait_for("all rows scored");
    t.send(&["Enter"]);
    let top = t.wait_for("Report · Tiny");
    assert!(
        top.contains("more line"),
        "the report is longer than the screen:\n{top}"
    );
    t.send(&["End"]);
    t.wait_for("end · ↑");
    let md = stdout(&mlprep(dir.path(), &["mock", "report", "1"]));
    let last = md
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap()
        .trim_start_matches(['>', '-', '*', ' '])
        .trim();
    let shown: String = last.chars().take(40).collect();
    // A capture can catch a frame half written: wait for the whole of it.
    poll(|| {
        let s = t.screen();
        s.contains(&shown) && (!followed || s.contains("last in the report."))
    });
    let end = t.screen();
    assert!(
        end.contains(&shown),
        "the report's last line {last:?} shows after End:\n{end}"
    );
    if followed {
        assert!(end.contains("last in the report."), "{end}");
    }
    t.send(&["Home"]);
    t.wait_for("│Mock #1");
    t.send(&["q"]);
}

#[test]
fn plan_with_a_seed_is_reproducible() {
    let dir = tempfile::tempdir().unwrap();
    let a = mlprep(
        dir.path(),
        &["mock", "--loop", "ms", "--plan", "--seed", "42"],
    );
    let b = mlprep(
        dir.path(),
        &["mock", "--loop", "ms", "--plan", "--seed", "42"],
    );
    assert!(a.status.success(), "{}", stderr(&a));
    assert_eq!(stdout(&a), stdout(&b));
    assert!(stdout(&a).contains("seed 42"));
    let c = mlprep(
        dir.path(),
        &["mock", "--loop", "screen", "--plan", "--seed", "42"],
    );
    assert!(
        stdout(&c).contains("LeetCode medium (30 min): lc-"),
        "{}",
        stdout(&c)
    );
    let phd = mlprep(
        dir.path(),
        &[
            "mock",
            "--loop",
            "phd",
            "--plan",
            "--seed",
            "1",
            "--with-optional",
        ],
    );
    assert!(stdout(&phd).contains("Tech talk"), "{}", stdout(&phd));
}

#[test]
fn mock_loops_and_the_plan_agree_with_and_without_optional_rounds() {
    let dir = tempfile::tempdir().unwrap();
    let out = mlprep(dir.path(), &["mock", "loops"]);
    let loops = stdout(&out);
    let phd = loops.lines().find(|l| l.starts_with("phd ")).unwrap();
    assert!(
        phd.contains("2 round(s), 120 min; with optional: 5 round(s), 300 min"),
        "{loops}"
    );
    let plan = |extra: &[&str]| {
        let mut args = vec!["mock", "--loop", "phd", "--plan", "--seed", "4"];
        args.extend_from_slice(extra);
        stdout(&mlprep(dir.path(), &args))
    };
    assert!(plan(&[]).starts_with("PhD mini-loop (seed 4, 2 round(s), 120 min)"));
    let all = plan(&["--with-optional"]);
    assert!(
        all.starts_with("PhD mini-loop (seed 4, 5 round(s), 300 min)"),
        "{all}"
    );
    assert!(
        all.contains("note: “Project deep-dive”: no project dossier found under projects/"),
        "{all}"
    );
}

#[test]
fn broken_loop_files_are_reported_and_the_others_still_run() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("mine");
    write(&c, "loops/typo.toml", b"name = \"Typo\"\n[[rounds]]\ntitle = \"R\"\n[[rounds.segments]]\ntitle = \"S\"\nminutes = 0\nkinds = [\"leetcod\"]\n");
    write(&c, "loops/greedy.toml", b"name = \"Greedy\"\n[[rounds]]\ntitle = \"R\"\n[[rounds.segments]]\ntitle = \"All of it\"\nminutes = 10\nkinds = [\"talk\"]\ncards = 50\n");
    write(&c, "loops/syntax.toml", b"name = \"Broken\n");
    let out = mlprep(dir.path(), &["--content", c.to_str().unwrap(), "check"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    let typo = c.join("loops/typo.toml").display().to_string();
    assert!(
        text.contains(&format!(
            "{typo}:6: error: segment `S`: minutes must be above 0"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "{typo}:7: error: segment `S`: unknown kind `leetcod`"
        )),
        "{text}"
    );
    assert!(
        text.contains("greedy.toml:5: error: segment `All of it` asks for 50 card(s) of talk"),
        "{text}"
    );
    assert!(
        text.contains("syntax.toml:1: error: loop file is not valid"),
        "{text}"
    );
    let out = mlprep(
        dir.path(),
        &[
            "--content",
            c.to_str().unwrap(),
            "mock",
            "--loop",
            "typo",
            "--plan",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("the other loops still work"),
        "{}",
        stderr(&out)
    );
    let out = mlprep(
        dir.path(),
        &[
            "--content",
            c.to_str().unwrap(),
            "mock",
            "--loop",
            "ms",
            "--plan",
            "--seed",
            "3",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_mock_round_in_tmux_then_kill_resume_history_and_report() {
    if !need(
        Tool::Tmux,
        "mock_e2e::a_mock_round_in_tmux_then_kill_resume_history_and_report",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // A short autosave interval, so the test waits for the save instead of sleeping past it.
    let t = Tmux::start(
        dir.path(),
        &format!("MLPREP_AUTOSAVE_MS=200 {} mock --loop ms --seed 5", bin()),
    );
    t.wait_for("start the clock");
    t.send(&["Enter"]);
    let first = t.wait_for("left in this segment");
    let clock = |s: &str| {
        s.lines()
            .find(|l| l.contains("left in this segment"))
            .unwrap_or("")
            .to_string()
    };
    assert!(
        poll(|| clock(&t.screen()) != clock(&first)),
        "the clock counts down"
    );
    t.send(&["-l", "Two pointers after sorting; O(n log n)."]);
    t.wait_for("O(n log n).");
    t.send(&["C-n"]);
    pass_follow_ups(&t, "Behavioural (1/1)");
    t.send(&[
        "-l",
        "Situation: my lab's pipeline broke before a deadline.",
    ]);
    t.wait_for("before a deadline.");
    // Wait for the autosave to reach the database, then kill the process mid-segment.
    assert!(
        poll(
            || stdout(&mlprep(dir.path(), &["mock", "report", "1"])).contains("before a deadline.")
        ),
        "the answer was autosaved"
    );
    t.send(&["-l", "x"]);
    t.wait_for("before a deadline.x");
    let pid = t.pane_pid();
    assert!(
        std::process::Command::new("kill")
            .args(["-9", &pid])
            .status()
            .unwrap()
            .success()
    );
    drop(t);

    let t = Tmux::start(dir.path(), bin());
    t.wait_for("An interrupted mock: MS mini-loop");
    t.send(&["r"]);
    t.wait_for("Behavioural (1/1)");
    // Wait for the whole redraw (a capture can land mid-frame on a busy machine).
    let s = t.wait_for("before a deadline.");
    assert!(
        s.contains("before a deadline."),
        "the answer typed before the kill is back:\n{s}"
    );
    t.send(&["Escape"]);
    t.wait_for("i type");
    t.send(&["n"]);
    pass_follow_ups(&t, "what you wrote");
    t.send(&["Space"]);
    t.send(&["n"]);
    t.wait_for("Review · Round 1");
    t.send(&["n"]);
    t.wait_for("row(s) to score");
    // Number keys score a row and move on; extra presses re-score the last row.
    for _ in 0..12 {
        t.send(&["3"]);
    }
    t.wait_for("all rows scored");
    t.send(&["Enter"]);
    t.wait_for("Enter when ready");
    t.send(&["Enter"]);
    t.wait_for("round 2/2");
    t.send(&["Escape"]);
    t.send(&["q"]);
    let history = || stdout(&mlprep(dir.path(), &["mock", "history"]));
    assert!(poll(|| history().contains("mean 3.0")), "{}", history());
    let h = history();
    assert!(
        h.contains("MS mini-loop")
            && h.contains("active")
            && h.contains("mean 3.0 over 1 round(s)"),
        "{h}"
    );
    let out = mlprep(dir.path(), &["mock", "report", "1"]);
    let md = stdout(&out);
    assert!(md.contains("# Mock #1 · MS mini-loop"), "{md}");
    assert!(
        md.contains("> Two pointers after sorting; O(n log n)."),
        "{md}"
    );
    assert!(
        md.contains("> Situation: my lab's pipeline broke before a deadline."),
        "{md}"
    );
    assert!(
        md.contains("Overall **3**/4") || md.contains("Overall **2**/4"),
        "{md}"
    );
    assert!(
        // LeetCode's rubric names the row Coding, ML coding's Implementation.
        md.contains("| Coding | 3 | 3 | 3: local tests not run (counts as failed) |")
            || md
                .contains("| Implementation | 3 | 3 | 3: local tests not run (counts as failed) |"),
        "the cap sits beside the row it limits:\n{md}"
    );
    assert!(
        md.lines()
            .any(|l| l.contains("graded 1 (Again: 0 of ") && l.contains(" key points covered)")),
        "a card with no key point ticked is Again whatever the round score:\n{md}"
    );
}
