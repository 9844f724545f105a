//! `mlprep plan` as a user runs it: from flags, from `[[interviews]]` in config.toml, as JSON,
//! and the messages for a missing or past date.

use std::process::Command;

fn mlprep(dir: &std::path::Path, config: &str) -> Command {
    let cfg = dir.join("config.toml");
    std::fs::write(&cfg, config).unwrap();
    let mut c = Command::new(env!("CARGO_BIN_EXE_mlprep"));
    c.arg("--config").arg(&cfg).arg("--db").arg(dir.join("db"));
    c
}

fn in_days(n: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::days(n))
        .date_naive()
        .to_string()
}

#[test]
fn plan_from_flags_prints_readiness_for_the_loop_kinds_and_a_bar_per_day() {
    let dir = tempfile::tempdir().unwrap();
    let out = mlprep(dir.path(), "")
        .args([
            "plan",
            "--date",
            &in_days(20),
            "--loop",
            "screen",
            "--minutes",
            "45",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("loop screen"), "{text}");
    assert!(text.contains("  leetcode "), "{text}");
    assert!(
        !text.contains("  design "),
        "the screen has no design round: {text}"
    );
    let bars = text
        .lines()
        .filter(|l| l.contains(" min ") && l.contains(" new "))
        .count();
    assert!((19..=21).contains(&bars), "one bar per day: {bars}\n{text}");
    assert!(text.contains("M mock"), "{text}");
}

#[test]
fn plan_reads_the_interview_from_config_and_prints_json() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = format!(
        "daily_minutes = 30\n[[interviews]]\ndate = \"{}\"\nloop = \"ms\"\nname = \"MS loop\"\n",
        in_days(15)
    );
    let out = mlprep(dir.path(), &cfg)
        .args(["plan", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let days = v["days"].as_array().unwrap();
    assert!((14..=16).contains(&days.len()), "{}", days.len());
    assert!(days.iter().all(|d| d["minutes"].as_u64().unwrap() <= 30));
    assert!(v["new_waiting"].as_u64().unwrap() > 100);
    let kinds: Vec<&str> = v["readiness"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"behavioural") && !kinds.contains(&"talk"),
        "{kinds:?}"
    );
}

#[test]
fn a_missing_or_past_date_gets_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let out = mlprep(dir.path(), "").arg("plan").output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("no interview date") && err.contains("[[interviews]]"),
        "{err}"
    );
    let out = mlprep(dir.path(), "")
        .args(["plan", "--date", &in_days(-3)])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is not after today"), "{err}");
    let out = mlprep(dir.path(), "")
        .args(["plan", "--date", &in_days(9), "--loop", "nope"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no loop `nope`"), "{err}");
}
