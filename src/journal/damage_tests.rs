//! Half-synced and damaged folders: a line cut short, conflicted copies, a newer mlprep's
//! journal, garbage, an event that cannot be applied, a file put back to an older version.
//! Each is reported with file and line, and nothing is lost.

use super::tests::{Device, assert_converged, t};
use super::*;
use crate::schedule::Grade;

#[test]
fn damaged_files_are_reported_with_file_and_line_and_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = (Device::new(), Device::new());
    for i in 0..4 {
        a.review(&format!("c{i}"), Grade::Good, t(i));
    }
    a.sync(dir.path(), t(100));
    let journal = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .unwrap();
    let text = std::fs::read_to_string(&journal).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let name = journal.file_stem().unwrap().to_str().unwrap().to_string();
    // The main file lost its last two events and was cut mid-line (a sync in progress)...
    std::fs::write(
        &journal,
        format!("{}\n{}\n{}", lines[0], lines[1], &lines[2][..20]),
    )
    .unwrap();
    // ...but Dropbox and Syncthing kept conflicted copies holding them.
    std::fs::write(
        dir.path().join(format!(
            "{name} (laptop's conflicted copy 2026-11-20).jsonl"
        )),
        format!("{}\n", lines[2]),
    )
    .unwrap();
    std::fs::write(
        dir.path()
            .join(format!("{name}.sync-conflict-20261120-101010-ABC.jsonl")),
        format!("{}\nthis line is not an event\n", lines[3]),
    )
    .unwrap();
    // A newer mlprep's journal and a file of garbage.
    let future = lines[0]
        .replacen("\"v\":1", "\"v\":9", 1)
        .replace(".", "-future.");
    std::fs::write(
        dir.path().join("mlprep-feedbeef0000-2026-11.jsonl"),
        format!("{future}\n"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("mlprep-garbage-2026-11.jsonl"),
        [0xffu8, 0xfe, 0, 1, 2, b'\n', b'x'],
    )
    .unwrap();

    let out = b.sync(dir.path(), t(200));
    assert_eq!(b.store.card_log("c3").unwrap().len(), 1, "nothing lost");
    assert_eq!(out.merged.added.total(), 4);
    let shown: Vec<String> = out.issues.iter().map(ToString::to_string).collect();
    let has = |file: &str, line: usize, text: &str| {
        shown
            .iter()
            .any(|s| s.contains(file) && s.contains(&format!(".jsonl:{line}:")) && s.contains(text))
    };
    assert!(has(&name, 3, "incomplete"), "{shown:#?}");
    assert!(has("sync-conflict", 2, "not a journal event"), "{shown:#?}");
    assert!(
        has("feedbeef", 1, "newer mlprep (journal format 9"),
        "{shown:#?}"
    );
    assert!(has("garbage", 1, "not UTF-8"), "{shown:#?}");
    // The device whose file was cut writes the missing events again, after a newline.
    let again = a.sync(dir.path(), t(300));
    assert_eq!(again.written, 0, "the copies hold them; nothing to rewrite");
    std::fs::remove_file(dir.path().join(format!(
        "{name} (laptop's conflicted copy 2026-11-20).jsonl"
    )))
    .unwrap();
    let again = a.sync(dir.path(), t(301));
    assert_eq!(again.written, 1);
    let fresh = Device::new().sync(dir.path(), t(400));
    assert_eq!(fresh.merged.added.total(), 4);
    assert!(
        check_folder(dir.path())
            .iter()
            .any(|i| i.message.contains("conflicted copy"))
    );
}

#[test]
fn an_event_that_cannot_be_applied_is_reported_and_the_rest_merge() {
    let dir = tempfile::tempdir().unwrap();
    let good = |id: &str, grade: i64| {
        event::Event {
            v: 1,
            id: id.into(),
            device: "other".into(),
            kind: event::EventKind::Review,
            object: id.into(),
            at: t(0).timestamp_millis(),
            data: serde_json::json!({"card": "c", "card_kind": "breadth", "grade": grade}),
        }
        .line()
    };
    std::fs::write(
        dir.path().join("mlprep-other-2026-11.jsonl"),
        format!("{}\n{}\n", good("other.1", 9), good("other.2", 3)),
    )
    .unwrap();
    let mut b = Device::new();
    let out = b.sync(dir.path(), t(10));
    assert_eq!(out.merged.added.total(), 1);
    assert_eq!(b.store.card_log("c").unwrap().len(), 1);
    assert!(
        out.issues
            .iter()
            .any(|i| i.message.contains("other.1 was not merged")),
        "{:?}",
        out.issues
    );
}

#[test]
fn a_journal_put_back_to_an_older_version_is_completed_again() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = (Device::new(), Device::new());
    a.review("c", Grade::Good, t(0));
    let device = a.sync(dir.path(), t(1)).device;
    let file = files::journal_path(dir.path(), &device, t(0));
    let old = std::fs::read(&file).unwrap();
    a.review("d", Grade::Good, t(2));
    assert_eq!(a.sync(dir.path(), t(3)).written, 1);
    assert_eq!(b.sync(dir.path(), t(4)).merged.added.total(), 2);
    // The file-sync tool restores the older version: the next sync writes the review again.
    std::fs::write(&file, old).unwrap();
    assert_eq!(a.sync(dir.path(), t(5)).written, 1);
    a.review("e", Grade::Good, t(6));
    a.sync(dir.path(), t(7));
    assert_eq!(b.sync(dir.path(), t(8)).merged.added.total(), 1);
    assert_converged(&[a, b]);
}
