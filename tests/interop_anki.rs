//! Anki packages made by a real Anki library (the `genanki` Python package) imported by the
//! real binary: the deck passes `check`, the history keeps the schedule, the cards can be
//! reviewed; hostile packages are refused with nothing written; TSV export and re-import.

mod common;
use chrono::{TimeZone, Utc};
use common::*;
use mlprep::config::Settings;
use mlprep::content::{ContentRoot, Kind};
use mlprep::schedule::{Grade, Scheduler, SchedulerConfig};
use mlprep::store::Store;
use mlprep::study::Study;
use std::path::{Path, PathBuf};

/// Makes `ml.apkg` with genanki, then adds Anki revlog rows for the first note's card.
/// Prints `<first note id> <first card id>`.
const MAKE_APKG: &str = r#"
import genanki, sqlite3, sys, zipfile, os, shutil
out, media = sys.argv[1], sys.argv[2]
basic = genanki.Model(1607392319, 'Basic', fields=[{'name': 'Front'}, {'name': 'Back'}],
    templates=[{'name': 'Card 1', 'qfmt': '{{Front}}', 'afmt': '{{FrontSide}}<hr id=answer>{{Back}}'}])
deck = genanki.Deck(2059400110, 'ML Basics')
for front, back, tags in [
    ('What is <b>overfitting</b>?', 'Fitting noise:<ul><li>high variance</li><li>low bias</li></ul>', ['ml', 'basics']),
    ('Write softmax<br>in numpy', '<pre>def softmax(x):\n    e = np.exp(x - x.max())\n    return e / e.sum()</pre>', ['code']),
    ('<script>alert(1)</script>Hostile \x1b[31mred\x1b[0m<div>## not a heading</div>',
     'x &lt; y &amp;&amp; <img src="plot.png"> [sound:a.mp3]<div>### Answer</div>', []),
]:
    deck.add_note(genanki.Note(model=basic, fields=[front, back], tags=tags))
deck.add_note(genanki.Note(model=genanki.CLOZE_MODEL, fields=['{{c1::Adam::optimizer}} keeps moment estimates', '']))
pkg = genanki.Package(deck)
pkg.media_files = [media]
pkg.write_to_file(out)
tmp = out + '.dir'
with zipfile.ZipFile(out) as z:
    z.extractall(tmp)
db = sqlite3.connect(os.path.join(tmp, 'collection.anki2'))
nid, cid = db.execute("SELECT n.id, c.id FROM notes n JOIN cards c ON c.nid = n.id WHERE n.flds LIKE 'What is%'").fetchone()
day = 86400000
t0 = 1735722000000  # 2025-01-01 09:00 UTC
for i, (at, ease, kind) in enumerate([(t0, 3, 0), (t0 + 600000, 3, 0), (t0 + 3 * day, 3, 1), (t0 + 15 * day, 1, 1), (t0 + 15 * day + 600000, 3, 2), (t0 + 20 * day, 0, 4)]):
    db.execute("INSERT INTO revlog VALUES (?, ?, -1, ?, 1, 0, 2500, 8000, ?)", (at, cid, ease, kind))
db.commit()
db.close()
os.remove(out)
with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
    for name in os.listdir(tmp):
        z.write(os.path.join(tmp, name), name)
shutil.rmtree(tmp)
print(nid, cid)
"#;

fn run_python(script: &str, args: &[&str]) -> String {
    let out = python().arg("-c").arg(script).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn run(dir: &Path, content: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["--no-builtin", "--content", content.to_str().unwrap()];
    all.extend_from_slice(args);
    mlprep(dir, &all)
}

fn files(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|rd| rd.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default()
}

#[test]
fn an_apkg_from_genanki_becomes_a_valid_deck_that_keeps_its_schedule() {
    if !need(
        Tool::Genanki,
        "interop_anki::an_apkg_from_genanki_becomes_a_valid_deck_that_keeps_its_schedule",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("decks");
    std::fs::create_dir_all(&content).unwrap();
    let media = write(dir.path(), "plot.png", b"\x89PNG not really");
    let apkg = dir.path().join("ml.apkg");
    let ids = run_python(
        MAKE_APKG,
        &[apkg.to_str().unwrap(), media.to_str().unwrap()],
    );
    let nid = ids.split_whitespace().next().unwrap();
    let card = format!("anki-{nid}");

    let out = run(
        dir.path(),
        &content,
        &["import", "anki", apkg.to_str().unwrap()],
    );
    let (said, warned) = (stdout(&out), stderr(&out));
    assert!(out.status.success(), "{said}{warned}");
    let deck = content.join("anki-ml-basics.md");
    assert!(
        said.contains(&format!("wrote 4 card(s) to {}", deck.display())),
        "{said}"
    );
    assert!(said.contains("review history: 5 added"), "{said}");
    assert!(
        warned.contains("image `plot.png` is not copied"),
        "{warned}"
    );
    assert!(warned.contains("sound `a.mp3` is not copied"), "{warned}");
    assert!(
        warned.contains("1 media file(s) in the package are not copied"),
        "{warned}"
    );

    let text = std::fs::read_to_string(&deck).unwrap();
    assert!(
        text.contains("title = \"Anki: ML Basics\"\nkind = \"breadth\""),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "## What is **overfitting**? {{#{card}}}\ntags: ml, basics\n"
        )),
        "{text}"
    );
    assert!(
        text.contains("Fitting noise:\n- high variance\n- low bias"),
        "{text}"
    );
    assert!(
        text.contains(
            "```\ndef softmax(x):\n    e = np.exp(x - x.max())\n    return e / e.sum()\n```"
        ),
        "{text}"
    );
    assert!(text.contains("## Write softmax {#"), "{text}");
    assert!(text.contains("\nin numpy\n"), "{text}");
    assert!(
        text.contains("\\## not a heading") && text.contains("\\### Answer"),
        "{text}"
    );
    assert!(
        text.contains("x < y && [image: plot.png] [sound: a.mp3]"),
        "{text}"
    );
    assert!(
        text.contains("## [optimizer] keeps moment estimates {#"),
        "{text}"
    );
    assert!(
        text.contains("### Answer\nAdam keeps moment estimates"),
        "{text}"
    );
    assert!(!text.contains('\x1b') && !text.contains("alert"), "{text}");

    let out = mlprep(dir.path(), &["check", deck.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("0 error(s), 0 warning(s)"),
        "{}",
        stderr(&out)
    );

    // The schedule is the replay of the Anki history (the manual reschedule left out).
    let db = dir.path().join("mlprep.db");
    let t0 = Utc.with_ymd_and_hms(2025, 1, 1, 9, 0, 0).unwrap();
    let day = chrono::Duration::days(1);
    let ten = chrono::Duration::minutes(10);
    let log = [
        (t0, Grade::Good),
        (t0 + ten, Grade::Good),
        (t0 + day * 3, Grade::Good),
        (t0 + day * 15, Grade::Again),
        (t0 + day * 15 + ten, Grade::Good),
    ];
    let expected = Scheduler::new(SchedulerConfig::default())
        .unwrap()
        .replay(Kind::Breadth, &log)
        .unwrap()
        .unwrap();
    assert_eq!(Store::open(&db).unwrap().states().unwrap()[&card], expected);
    assert_eq!(expected.lapses, 1);

    // Reviewed in mlprep like any card.
    let settings = Settings::with_roots(vec![ContentRoot::Dir(content.clone())], db.clone());
    let mut study = Study::open(settings, Utc::now()).unwrap();
    let after = study
        .grade(
            &card,
            Grade::Good,
            Utc::now(),
            chrono::Duration::seconds(5),
            mlprep::study::ReviewSource::Review,
        )
        .unwrap();
    assert_eq!(after.reps, 6);
    drop(study);

    // Importing again writes nothing new.
    let out = run(
        dir.path(),
        &content,
        &["import", "anki", apkg.to_str().unwrap()],
    );
    let said = stdout(&out);
    assert!(out.status.success(), "{said}{}", stderr(&out));
    assert!(said.contains("4 note(s) were imported before"), "{said}");
    assert!(said.contains("0 added, 5 skipped as duplicates"), "{said}");
    assert_eq!(files(&content).len(), 1);
}

/// Hostile packages: each refused with a clear message, and nothing written anywhere.
const MAKE_HOSTILE: &str = r#"
import sys, zipfile
d = sys.argv[1]
with zipfile.ZipFile(d + '/bomb.apkg', 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('collection.anki2', b'\0' * (210 * 1024 * 1024))
with zipfile.ZipFile(d + '/empty.apkg', 'w') as z:
    z.writestr('media', '{}')
with zipfile.ZipFile(d + '/new.apkg', 'w') as z:
    z.writestr('collection.anki21b', b'zstd')
    z.writestr('media', '{}')
with zipfile.ZipFile(d + '/garbage.apkg', 'w') as z:
    z.writestr('collection.anki2', b'SQLite format 3\0' + b'\xff' * 5000)
"#;

#[test]
fn hostile_packages_are_refused_and_nothing_is_written() {
    if !need(
        Tool::Python,
        "interop_anki::hostile_packages_are_refused_and_nothing_is_written",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("decks");
    std::fs::create_dir_all(&content).unwrap();
    run_python(MAKE_HOSTILE, &[dir.path().to_str().unwrap()]);
    write(
        dir.path(),
        "notzip.apkg",
        b"this is a text file, not a zip at all",
    );
    for (file, why) in [
        ("notzip.apkg", "not an Anki package: not a zip file"),
        ("bomb.apkg", "more than 209 MB is refused (a zip bomb?)"),
        (
            "empty.apkg",
            "holds no collection.anki2, .anki21 or .anki21b",
        ),
        ("new.apkg", "collection.anki21b is not zstd data"),
        ("garbage.apkg", "not an Anki collection"),
    ] {
        let path = dir.path().join(file);
        let out = run(
            dir.path(),
            &content,
            &["import", "anki", path.to_str().unwrap()],
        );
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{file}: {err}");
        assert!(err.contains("nothing was written"), "{file}: {err}");
        assert!(err.contains(why), "{file}: {err}");
    }
    assert!(files(&content).is_empty());
    assert!(
        !dir.path().join("mlprep.db").exists(),
        "not even a database was created"
    );
}

#[test]
fn exported_tsv_imports_back_into_a_deck_that_passes_check() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("decks");
    write(
        &content,
        "facts.md",
        b"+++\ntitle = \"Facts\"\nkind = \"depth\"\n+++\n## Why <b>&? {#why}\ntags: deep dive, x\n\nSome prompt text\twith a tab.\n\n### Answer\nBecause \"quotes\" and\nlines.\n\n### Key points\n- one\n- two\n",
    );
    let tsv = dir.path().join("out.tsv");
    let out = run(
        dir.path(),
        &content,
        &["export", "anki", tsv.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&tsv).unwrap();
    assert_eq!(
        text,
        "#separator:tab\n#html:true\n#tags column:3\nWhy &lt;b&gt;&amp;?<br><br>Some prompt text with a tab.\tBecause &quot;quotes&quot; and<br>lines.<br><br>Key points:<br>- one<br>- two\tdeep_dive x mlprep::depth\n"
    );
    let into = dir.path().join("imported");
    let out = run(
        dir.path(),
        &content,
        &[
            "import",
            "anki",
            tsv.to_str().unwrap(),
            "--into",
            into.to_str().unwrap(),
            "--kind",
            "depth",
        ],
    );
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let deck = into.join("anki-out.md");
    let md = std::fs::read_to_string(&deck).unwrap();
    assert!(md.contains("## Why <b>&? {#anki-"), "{md}");
    assert!(md.contains("tags: deep_dive, x, mlprep::depth\n\nSome prompt text with a tab.\n\n### Answer\nBecause \"quotes\" and\nlines.\n\nKey points:\n- one\n- two\n"), "{md}");
    let out = mlprep(dir.path(), &["check", deck.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

/// Imports a package into a fresh collection with Anki itself; prints notes, cards and the
/// first note's fields.
const ANKI_IMPORT: &str = r#"
import sys, os, tempfile
from anki.collection import Collection, ImportAnkiPackageRequest, ImportAnkiPackageOptions
col = Collection(os.path.join(tempfile.mkdtemp(), "c.anki2"))
col.import_anki_package(ImportAnkiPackageRequest(package_path=sys.argv[1], options=ImportAnkiPackageOptions()))
note = col.get_note(col.find_notes("")[0])
print(col.note_count(), col.card_count(), note.note_type()["name"], "|".join(note.fields), " ".join(note.tags))
col.close()
"#;

/// Makes a package with Anki itself, in its newest format (zstd `collection.anki21b`).
const ANKI_EXPORT: &str = r#"
import sys, os, tempfile
from anki.collection import Collection, ExportAnkiPackageOptions
col = Collection(os.path.join(tempfile.mkdtemp(), "c.anki2"))
did = col.decks.id("Real Anki")
for i in range(3):
    n = col.new_note(col.models.by_name("Basic"))
    n["Front"], n["Back"], n.tags = f"Q{i} <b>bold</b>", f"A{i}<br>line", ["t1"]
    col.add_note(n, did)
col.decks.select(did)
for _ in range(2):
    c = col.sched.getCard()
    c.start_timer()
    col.sched.answerCard(c, 3)
col.export_anki_package(out_path=sys.argv[1], options=ExportAnkiPackageOptions(with_scheduling=True, with_media=True, legacy=False), limit=None)
col.close()
"#;

#[test]
fn exported_apkg_round_trips_and_anki_itself_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("decks");
    write(
        &content,
        "facts.md",
        b"+++\ntitle = \"Facts\"\nkind = \"breadth\"\n+++\n## One <&> {#one}\ntags: a\n### Answer\nFirst\nanswer.\n## Two {#two}\n### Answer\nSecond.\n",
    );
    let apkg = dir.path().join("out.apkg");
    let out = run(
        dir.path(),
        &content,
        &["export", "anki", apkg.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let into = dir.path().join("back");
    let out = run(
        dir.path(),
        &content,
        &[
            "import",
            "anki",
            apkg.to_str().unwrap(),
            "--into",
            into.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let md = std::fs::read_to_string(into.join("anki-mlprep.md")).unwrap();
    assert!(md.contains("## One <&> {#anki-"), "{md}");
    assert!(
        md.contains("tags: a, mlprep::breadth\n\n### Answer\nFirst\nanswer.\n"),
        "{md}"
    );
    if !need(
        Tool::Anki,
        "interop_anki::exported_apkg_round_trips_and_anki_itself_reads_it (the real-Anki part)",
    ) {
        return;
    }
    let said = run_python(ANKI_IMPORT, &[apkg.to_str().unwrap()]);
    assert!(
        said.starts_with("2 2 mlprep Basic One &lt;&amp;&gt;|First<br>answer. a mlprep::breadth"),
        "{said}"
    );

    // And the other way: Anki's newest package format, with its review history.
    let real = dir.path().join("real.apkg");
    run_python(ANKI_EXPORT, &[real.to_str().unwrap()]);
    let fresh = dir.path().join("fresh");
    std::fs::create_dir_all(&fresh).unwrap();
    let out = run(
        dir.path(),
        &fresh,
        &["import", "anki", real.to_str().unwrap()],
    );
    let said = stdout(&out);
    assert!(
        said.contains("wrote 3 card(s)") && said.contains("review history: 2 added"),
        "{said}{}",
        stderr(&out)
    );
    let md = std::fs::read_to_string(fresh.join("anki-real-anki.md")).unwrap();
    assert!(
        md.contains("## Q0 **bold** {#anki-") && md.contains("### Answer\nA0\nline\n"),
        "{md}"
    );
}
