//! Custom study, leeches and siblings through the study context, with a fake clock and an
//! in-memory database.

use crate::config::Settings;
use crate::content::ContentRoot;
use crate::schedule::queue::Session;
use crate::schedule::{Grade, Phase};
use crate::study::{Filter, ReviewSource, Study};
use crate::study_tools::custom::{CustomStudy, Status};
use chrono::{DateTime, Duration, TimeZone, Utc};

pub(crate) fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 10, 12, 0, 0).unwrap()
}

/// A breadth deck of `n` plain cards `c0..`, plus `amz` (Amazon) and the siblings `s1`, `s2`
/// (sharing a `related:` target).
pub(crate) fn deck(n: usize) -> String {
    let mut d = String::from("+++\ntitle = \"Breadth\"\nkind = \"breadth\"\n+++\n");
    d.push_str("## Amazon card {#amz}\ncompanies: amazon\n### Answer\nA.\n");
    d.push_str("## Sibling one {#s1}\nrelated: topic-x\n### Answer\nA.\n");
    d.push_str("## Sibling two {#s2}\nrelated: topic-x\n### Answer\nA.\n");
    for i in 0..n {
        d.push_str(&format!("## Card {i} {{#c{i}}}\n### Answer\nA.\n"));
    }
    d
}

pub(crate) fn study(n: usize) -> (Study, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("b.md"), deck(n)).unwrap();
    let settings = Settings::with_roots(
        vec![ContentRoot::Dir(dir.path().to_path_buf())],
        dir.path().join("unused.db"),
    );
    (Study::in_memory(settings, t0()), dir)
}

fn drain(s: &mut Session, now: DateTime<Utc>) -> Vec<String> {
    std::iter::from_fn(|| s.next(now)).collect()
}

fn sec() -> Duration {
    Duration::seconds(5)
}

#[test]
fn extra_new_cards_are_allowed_today_only() {
    let (mut st, _d) = study(30);
    let f = Filter::default();
    assert_eq!(st.session(&f, t0()).unwrap().remaining(), 20);
    let s = st
        .custom_session(&f, &CustomStudy::ExtraNew(5), t0())
        .unwrap();
    assert_eq!(s.remaining(), 25);
    // The grant is recorded: a session rebuilt later today keeps it; tomorrow it is gone.
    assert_eq!(
        st.session(&f, t0() + Duration::hours(2))
            .unwrap()
            .remaining(),
        25
    );
    assert_eq!(
        st.session(&f, t0() + Duration::days(1))
            .unwrap()
            .remaining(),
        20
    );
}

#[test]
fn review_ahead_shows_cards_due_soon_and_reschedules_them_without_using_the_limits() {
    let (mut st, _d) = study(3);
    st.grade(
        "c0",
        Grade::Easy,
        t0() - Duration::days(1),
        sec(),
        ReviewSource::Review,
    )
    .unwrap();
    let due = st.states["c0"].due;
    assert!(due > t0() + Duration::days(1), "{due}");
    let days = (due - t0()).num_days() as u32 + 1;
    let mut s = st
        .custom_session(&Filter::default(), &CustomStudy::Ahead(days), t0())
        .unwrap();
    assert_eq!(s.next(t0()).as_deref(), Some("c0"));
    let a = st.answer(&mut s, "c0", Grade::Good, t0(), sec()).unwrap();
    assert!(a.state.due > due, "reviewing early moves the schedule on");
    assert_eq!(st.store.answers("c0").unwrap()[1].source, "ahead");
    assert_eq!(st.done_today(t0()).unwrap().total_reviews(), 0);
}

#[test]
fn cram_leaves_schedules_alone_and_brings_again_back() {
    let (mut st, _d) = study(5);
    st.grade(
        "amz",
        Grade::Good,
        t0() - Duration::days(3),
        sec(),
        ReviewSource::Review,
    )
    .unwrap();
    let before = st.states["amz"];
    let f = Filter {
        company: Some("Amazon".into()),
        ..Filter::default()
    };
    let mut s = st
        .custom_session(&f, &CustomStudy::Cram { reschedule: false }, t0())
        .unwrap();
    assert_eq!(s.remaining(), 1);
    let id = s.next(t0()).unwrap();
    let a = st.answer(&mut s, &id, Grade::Again, t0(), sec()).unwrap();
    assert_eq!(a.state, before);
    assert_eq!(st.states["amz"], before);
    assert_eq!(st.store.states().unwrap()["amz"], before);
    // Again in a cram: the card comes back in the same session.
    assert_eq!(drain(&mut s, t0()), vec!["amz"]);
    // The cram answer is in the card's log, marked, and counts as a recent failure.
    let log = st.store.answers("amz").unwrap();
    assert_eq!(log.last().unwrap().source, "cram");
    let failed = Filter {
        failed_within_days: Some(1),
        ..Filter::default()
    };
    let ids: Vec<&str> = st
        .select(&failed, t0())
        .unwrap()
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(ids, vec!["amz"]);
}

#[test]
fn cram_with_reschedule_moves_the_schedule() {
    let (mut st, _d) = study(2);
    let f = Filter {
        status: vec![Status::New],
        ..Filter::default()
    };
    let mut s = st
        .custom_session(&f, &CustomStudy::Cram { reschedule: true }, t0())
        .unwrap();
    let id = s.next(t0()).unwrap();
    let a = st.answer(&mut s, &id, Grade::Easy, t0(), sec()).unwrap();
    assert_eq!(a.state.phase, Phase::Review);
    assert_eq!(st.store.answers(&id).unwrap()[0].source, "cram-reschedule");
}

/// Takes a card through `n` lapses (Easy first, then Again + Good once a month).
fn lapse(st: &mut Study, id: &str, n: u32) -> Vec<Option<crate::store::Leech>> {
    let mut t = t0() - Duration::days(400);
    st.grade(id, Grade::Easy, t, sec(), ReviewSource::Review)
        .unwrap();
    let mut reports = Vec::new();
    for _ in 0..n {
        t += Duration::days(40);
        let a = st
            .grade_reporting(id, Grade::Again, t, sec(), ReviewSource::Review)
            .unwrap();
        reports.push(a.leech);
        st.grade(
            id,
            Grade::Good,
            t + Duration::minutes(11),
            sec(),
            ReviewSource::Review,
        )
        .unwrap();
    }
    reports
}

#[test]
fn the_eighth_lapse_tags_a_leech_once() {
    let (mut st, _d) = study(1);
    let reports = lapse(&mut st, "c0", 9);
    let tagged: Vec<usize> = reports
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.as_ref().map(|_| i + 1))
        .collect();
    assert_eq!(tagged, vec![8]);
    assert_eq!(st.leeches().unwrap()[0].card_id, "c0");
    assert!(!st.suspended.contains("c0"), "the default action only tags");
    let f = Filter {
        status: vec![Status::Leech],
        ..Filter::default()
    };
    assert_eq!(st.select(&f, t0()).unwrap().len(), 1);
}

#[test]
fn leech_suspend_action_suspends_and_undo_takes_it_back() {
    let (mut st, _d) = study(1);
    st.settings.leech.suspend = true;
    lapse(&mut st, "c0", 7);
    let t = t0() + Duration::days(30);
    let a = st
        .grade_reporting("c0", Grade::Again, t, sec(), ReviewSource::Review)
        .unwrap();
    assert!(a.leech.is_some_and(|l| l.suspended && l.lapses == 8));
    assert!(st.suspended.contains("c0"));
    // `is:leech` (search, the browser) reads the tag as it stands after each change.
    let is_leech = |st: &crate::study::Study| st.search_states(t).leeches.contains("c0");
    assert!(is_leech(&st));
    st.undo().unwrap();
    assert!(!st.suspended.contains("c0"));
    assert!(st.leeches().unwrap().is_empty());
    assert!(!is_leech(&st), "undo takes the tag back");
    st.grade_reporting("c0", Grade::Again, t, sec(), ReviewSource::Review)
        .unwrap();
    assert!(is_leech(&st));
    assert!(st.clear_leech("c0", t).unwrap());
    assert!(!is_leech(&st), "a cleared tag is not a leech");
}

#[test]
fn answering_a_card_buries_its_siblings_for_the_rest_of_the_day() {
    let (mut st, _d) = study(0);
    let f = Filter::default();
    let mut s = st.session(&f, t0()).unwrap();
    assert_eq!(s.remaining(), 3);
    let first = s.next(t0()).unwrap();
    assert_eq!(first, "amz");
    st.answer(&mut s, "amz", Grade::Good, t0(), sec()).unwrap();
    let id = s.next(t0()).unwrap();
    assert_eq!(id, "s1");
    let a = st.answer(&mut s, "s1", Grade::Easy, t0(), sec()).unwrap();
    assert_eq!(a.buried, 1);
    assert!(!drain(&mut s, t0()).contains(&"s2".to_string()));
    // Rebuilt later today: still buried. Tomorrow: back.
    let later = st.session(&f, t0() + Duration::hours(3)).unwrap();
    let mut later = later;
    assert!(!drain(&mut later, t0() + Duration::hours(3)).contains(&"s2".to_string()));
    let mut tomorrow = st.session(&f, t0() + Duration::days(1)).unwrap();
    assert!(drain(&mut tomorrow, t0() + Duration::days(1)).contains(&"s2".to_string()));
}

#[test]
fn lapse_and_status_filters_read_the_history() {
    let (mut st, _d) = study(2);
    lapse(&mut st, "c1", 3);
    let f = Filter {
        min_lapses: Some(3),
        ..Filter::default()
    };
    let ids: Vec<&str> = st
        .select(&f, t0())
        .unwrap()
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(ids, vec!["c1"]);
    assert!(f.describe().contains("lapses ≥ 3"));
}

mod authoring {
    use super::*;
    use crate::study_tools::authoring::{AuthoringError, NewCard, Target};

    fn card(prompt: &str) -> NewCard {
        NewCard {
            prompt: prompt.into(),
            answer: "Because the loss surface has one basin.".into(),
            key_points: vec![
                "one global minimum".into(),
                "gradient descent converges".into(),
            ],
            tags: vec!["optimisation".into()],
            companies: vec!["amazon".into()],
            ..NewCard::default()
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_card_added_to_a_linked_deck_goes_to_its_target_and_the_link_stays() {
        let (_, dir) = study(0);
        // The deck lives in a dotfiles folder; the content folder links to it.
        let real = dir.path().join("dotfiles/b.md");
        std::fs::create_dir_all(real.parent().unwrap()).unwrap();
        std::fs::rename(dir.path().join("b.md"), &real).unwrap();
        let content = dir.path().join("decks");
        std::fs::create_dir_all(&content).unwrap();
        std::os::unix::fs::symlink(&real, content.join("b.md")).unwrap();
        let settings = Settings::with_roots(
            vec![ContentRoot::Dir(content.clone())],
            dir.path().join("x.db"),
        );
        let mut st = Study::in_memory(settings, t0());
        let added = st
            .add_card(&card("Why link decks?"), &Target::Deck("b.md".into()), t0())
            .unwrap();
        assert!(
            std::fs::symlink_metadata(content.join("b.md"))
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(
            std::fs::read_to_string(&real)
                .unwrap()
                .contains(&format!("{{#{}}}", added.id))
        );
        assert!(st.card(&added.id).is_some());
    }

    #[test]
    fn a_card_added_to_a_user_deck_parses_and_is_due_at_once() {
        let (mut st, dir) = study(0);
        let added = st
            .add_card(
                &card("Why does convexity matter?"),
                &Target::Deck("Breadth".into()),
                t0(),
            )
            .unwrap();
        assert_eq!(added.id, "why-does-convexity-matter");
        assert_eq!(added.file, dir.path().join("b.md"));
        let c = st.card(&added.id).unwrap();
        assert_eq!((c.line, c.key_points.len()), (added.line, 2));
        assert_eq!(c.companies, vec!["amazon"]);
        let text = std::fs::read_to_string(dir.path().join("b.md")).unwrap();
        assert!(text.contains("## Why does convexity matter? {#why-does-convexity-matter}"));
        let mut s = st.session(&Filter::default(), t0()).unwrap();
        assert!(drain(&mut s, t0()).contains(&added.id));
        // The same prompt again gets a fresh id; an explicit id already used is refused.
        let again = st
            .add_card(
                &card("Why does convexity matter?"),
                &Target::Deck("b.md".into()),
                t0(),
            )
            .unwrap();
        assert_eq!(again.id, "why-does-convexity-matter-2");
        let taken = NewCard {
            id: Some("amz".into()),
            ..card("Another")
        };
        assert!(matches!(
            st.add_card(&taken, &Target::Deck("b.md".into()), t0()),
            Err(AuthoringError::IdTaken(_))
        ));
    }

    #[test]
    fn a_card_that_would_break_the_deck_is_not_written() {
        let (mut st, dir) = study(0);
        let before = std::fs::read_to_string(dir.path().join("b.md")).unwrap();
        let bad = NewCard {
            answer: "fine\n## Oops a heading {#oops}\n".into(),
            ..card("Broken")
        };
        let err = st
            .add_card(&bad, &Target::Deck("b.md".into()), t0())
            .unwrap_err();
        assert!(err.to_string().contains("b.md:"), "{err}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("b.md")).unwrap(),
            before
        );
        let wrong_kind = NewCard {
            kind: Some(crate::content::Kind::Design),
            ..card("Design me")
        };
        assert!(matches!(
            st.add_card(&wrong_kind, &Target::Deck("b.md".into()), t0()),
            Err(AuthoringError::KindMismatch { .. })
        ));
    }

    #[test]
    fn a_new_deck_goes_into_the_first_content_directory() {
        let (mut st, dir) = study(0);
        let added = st
            .add_card(
                &card("Q one"),
                &Target::NewDeck {
                    title: Some("My notes".into()),
                },
                t0(),
            )
            .unwrap();
        assert_eq!(added.file, dir.path().join("my-notes.md"));
        assert!(
            st.card("q-one")
                .is_some_and(|c| c.deck_title.as_ref() == "My notes")
        );
        // A second card with the same title appends to that deck.
        st.add_card(
            &card("Q two"),
            &Target::NewDeck {
                title: Some("My notes".into()),
            },
            t0(),
        )
        .unwrap();
        assert_eq!(
            st.card("q-two").unwrap().deck,
            st.card("q-one").unwrap().deck
        );
    }

    #[test]
    fn shipped_decks_are_refused_and_forked_with_the_same_ids() {
        let dir = tempfile::tempdir().unwrap();
        let settings = Settings::with_roots(
            vec![
                ContentRoot::Builtin,
                ContentRoot::Dir(dir.path().to_path_buf()),
            ],
            dir.path().join("unused.db"),
        );
        let mut st = Study::in_memory(settings, t0());
        let shipped = st
            .library
            .decks
            .iter()
            .find(|d| d.kind == crate::content::Kind::Breadth)
            .unwrap();
        let (path, first_id) = (shipped.path.clone(), shipped.cards[0].id.clone());
        let err = st
            .add_card(&card("Mine"), &Target::Deck(path.clone()), t0())
            .unwrap_err();
        assert!(matches!(err, AuthoringError::ShippedDeck { .. }));
        assert!(err.to_string().contains("--fork"), "{err}");
        st.grade(&first_id, Grade::Good, t0(), sec(), ReviewSource::Review)
            .unwrap();
        let forked = st.fork_deck(&path, t0()).unwrap();
        assert!(forked.to.starts_with(dir.path()));
        // The copy replaced the shipped deck: same id, history attached, and writable.
        let c = st.card(&first_id).unwrap();
        assert_eq!(c.deck.as_ref(), forked.to.display().to_string());
        assert_eq!(st.store.answers(&first_id).unwrap().len(), 1);
        st.add_card(
            &card("Mine"),
            &Target::Deck(forked.to.display().to_string()),
            t0(),
        )
        .unwrap();
        assert!(
            st.library
                .problems
                .iter()
                .all(|p| p.severity != crate::content::Severity::Error
                    || !p.file.starts_with(&dir.path().display().to_string()))
        );
    }
}
