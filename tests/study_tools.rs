//! The study tools through the real binary: `mlprep add` (user decks, new decks, shipped decks
//! refused and forked), `mlprep card`, and a cram session in a real terminal that leaves the
//! schedule alone; the interview date set from the plan screen.

mod common;
use common::*;

const DECK: &str = "+++\ntitle = \"Mine\"\nkind = \"breadth\"\n+++\n## Plain {#plain}\n### Answer\nx\n## Asked at Amazon {#amz}\ncompanies: amazon\n### Answer\nBecause.\n";

fn json(out: &std::process::Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", stderr(out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn add_writes_a_checked_card_and_card_shows_where_it_lives() {
    let dir = tempfile::tempdir().unwrap();
    let decks = dir.path().join("decks");
    write(&decks, "mine.md", DECK.as_bytes());
    let c = decks.to_str().unwrap();
    let out = mlprep(
        dir.path(),
        &[
            "--no-builtin",
            "--content",
            c,
            "add",
            "--deck",
            "Mine",
            "--prompt",
            "What is dropout?",
            "--answer",
            "Randomly zeroing units in training.",
            "--key-point",
            "regularises",
            "--tag",
            "nn",
            "--id",
            "my-dropout",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("mine.md:13: added card `my-dropout`"),
        "{}",
        stdout(&out)
    );
    let check = mlprep(dir.path(), &["--no-builtin", "--content", c, "check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    let v = json(&mlprep(
        dir.path(),
        &[
            "--no-builtin",
            "--content",
            c,
            "card",
            "my-dropout",
            "--json",
        ],
    ));
    assert_eq!(v["line"], 13);
    assert_eq!(v["phase"], "new");
    assert_eq!(v["tags"][0], "nn");
    let text = mlprep(
        dir.path(),
        &["--no-builtin", "--content", c, "card", "my-dropout"],
    );
    assert!(stdout(&text).contains("mine.md:13)"), "{}", stdout(&text));
    // A new card says so in both sections rather than leaving them out.
    assert!(
        stdout(&text)
            .contains("reviews (0)\n  never reviewed\n\nmocks (0)\n  not asked in a mock yet"),
        "{}",
        stdout(&text)
    );
    // The same id again is refused, and the file is left as it was.
    let before = std::fs::read(decks.join("mine.md")).unwrap();
    let again = mlprep(
        dir.path(),
        &[
            "--no-builtin",
            "--content",
            c,
            "add",
            "--deck",
            "Mine",
            "--prompt",
            "X",
            "--answer",
            "Y",
            "--id",
            "my-dropout",
        ],
    );
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("already used"),
        "{}",
        stderr(&again)
    );
    assert_eq!(std::fs::read(decks.join("mine.md")).unwrap(), before);
}

#[test]
fn shipped_decks_are_refused_with_an_offer_to_fork_and_forking_keeps_ids() {
    let dir = tempfile::tempdir().unwrap();
    let decks = dir.path().join("decks");
    std::fs::create_dir_all(&decks).unwrap();
    let c = decks.to_str().unwrap();
    let shipped = "content/breadth/a-classification-metrics.md";
    let out = mlprep(
        dir.path(),
        &[
            "--content",
            c,
            "add",
            "--deck",
            shipped,
            "--prompt",
            "Q",
            "--answer",
            "A",
        ],
    );
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--fork"), "{}", stderr(&out));
    let out = mlprep(
        dir.path(),
        &[
            "--content",
            c,
            "add",
            "--fork",
            "--deck",
            shipped,
            "--prompt",
            "My own metric?",
            "--answer",
            "Mine.",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let copy = decks.join("breadth/a-classification-metrics.md");
    let text = std::fs::read_to_string(&copy).unwrap();
    assert!(text.contains("{#my-own-metric}"));
    let check = mlprep(dir.path(), &["--content", c, "check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
}

#[test]
fn reschedule_needs_cram() {
    let dir = tempfile::tempdir().unwrap();
    let out = mlprep(dir.path(), &["review", "--reschedule"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--cram"), "{}", stderr(&out));
}

#[test]
fn a_cram_session_in_the_terminal_leaves_the_schedule_alone() {
    if !need(Tool::Tmux, "a cram session in a real terminal") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let decks = dir.path().join("decks");
    write(&decks, "mine.md", DECK.as_bytes());
    let c = decks.display().to_string();
    let t = Tmux::start(
        dir.path(),
        &format!(
            "{} --no-builtin --content {c} review --cram --company amazon",
            bin()
        ),
    );
    t.wait_for("Asked at Amazon");
    t.send(&["Space"]);
    t.wait_for("1 Again");
    t.send(&["1"]);
    // Again in a cram: the card comes straight back.
    t.wait_for("1 done");
    t.send(&["Space"]);
    t.wait_for("3 Good");
    t.send(&["3"]);
    t.wait_for("2 done");
    t.send(&["q"]);
    std::thread::sleep(std::time::Duration::from_millis(300));
    let v = json(&mlprep(
        dir.path(),
        &["--no-builtin", "--content", &c, "card", "amz", "--json"],
    ));
    assert_eq!(v["phase"], "new", "{v}");
    assert_eq!(v["reviews"].as_array().unwrap().len(), 2, "{v}");
    assert_eq!(v["reviews"][0]["source"], "cram", "{v}");
    let s = json(&mlprep(
        dir.path(),
        &["--no-builtin", "--content", &c, "stats", "--json"],
    ));
    assert_eq!(s["kinds"]["breadth"]["new"], 2, "{s}");
}

#[test]
fn card_clear_leech_takes_the_tag_off_once() {
    use mlprep::config::Settings;
    use mlprep::content::ContentRoot;
    use mlprep::schedule::Grade;
    use mlprep::study::{ReviewSource, Study};
    let dir = tempfile::tempdir().unwrap();
    let decks = dir.path().join("decks");
    write(&decks, "mine.md", DECK.as_bytes());
    let c = decks.to_str().unwrap();
    // A leech at one lapse, made through the library on the database the binary uses.
    {
        let mut settings = Settings::with_roots(
            vec![ContentRoot::Dir(decks.clone())],
            dir.path().join("mlprep.db"),
        );
        settings.leech.lapses = 1;
        let t0 = chrono::Utc::now() - chrono::Duration::days(20);
        let mut study = Study::open(settings, t0).unwrap();
        let five = chrono::Duration::seconds(5);
        study
            .grade("plain", Grade::Easy, t0, five, ReviewSource::Review)
            .unwrap();
        let later = t0 + chrono::Duration::days(15);
        study
            .grade("plain", Grade::Again, later, five, ReviewSource::Review)
            .unwrap();
        assert_eq!(study.leeches().unwrap().len(), 1);
    }
    let run = || {
        mlprep(
            dir.path(),
            &[
                "--no-builtin",
                "--content",
                c,
                "card",
                "plain",
                "--clear-leech",
            ],
        )
    };
    let out = run();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out).trim(),
        "took the leech tag off `plain`; it comes back if the card keeps lapsing"
    );
    let out = run();
    assert_eq!(
        stdout(&out).trim(),
        "`plain` is not a leech: nothing to clear"
    );
    let unknown = mlprep(
        dir.path(),
        &[
            "--no-builtin",
            "--content",
            c,
            "card",
            "nope",
            "--clear-leech",
        ],
    );
    assert!(!unknown.status.success());
    assert!(stderr(&unknown).contains("nope"), "{}", stderr(&unknown));
}

#[test]
fn p_on_home_asks_for_the_interview_date_and_mlprep_plan_reads_it_back() {
    if !need(Tool::Tmux, "the interview date form in a real terminal") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "# my settings\nnew_per_day = 12\n").unwrap();
    let date = (chrono::Utc::now() + chrono::Duration::days(30))
        .date_naive()
        .to_string();
    let t = Tmux::start(dir.path(), bin());
    t.wait_for("All decks");
    t.send(&["p"]);
    t.wait_for("Interview date");
    t.send(&["-l", &date]);
    t.send(&["Down", "Right"]);
    t.send(&["Enter"]);
    t.wait_for(&format!("saved the interview on {date}"));
    t.wait_for("Predicted recall on the day");
    t.send(&["q"]);
    t.wait_for("Interview in");
    t.send(&["q"]);
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(
        text.starts_with("# my settings\nnew_per_day = 12\n"),
        "{text}"
    );
    assert!(
        text.contains(&format!("[[interviews]]\ndate = \"{date}\"\nloop = ")),
        "{text}"
    );
    let out = mlprep(dir.path(), &["plan"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(&format!("Interview {date}")),
        "{}",
        stdout(&out)
    );
}
