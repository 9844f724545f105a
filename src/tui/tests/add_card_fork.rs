//! Adding a card where the library has shipped decks: a shipped deck is forked (same ids,
//! history attached) only after a yes, and with no content directory configured a new deck
//! goes to `<data dir>/content`.

use super::add_card::{save, tab};
use crate::content::{ContentRoot, Kind};
use crate::tui::screens::add_card::Ask;
use crate::tui::test_support::*;

/// The shipped decks and an empty user content directory.
fn with_shipped() -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let settings = Settings::with_roots(
        vec![
            ContentRoot::Builtin,
            ContentRoot::Dir(dir.path().to_path_buf()),
        ],
        dir.path().join("unused.db"),
    );
    let study = Study::in_memory(settings, now());
    (
        App::new(study, Start::Home, Theme { color: false }, now()).unwrap(),
        dir,
    )
}

/// In the browser on the first shipped breadth card.
fn browse_shipped_breadth(app: &mut App) -> (String, String) {
    // The kind filter: leetcode, ML coding, then breadth.
    press(app, "bKKK", now());
    let Screen::Browse(b) = &app.screen else {
        panic!("not browsing")
    };
    let id = b.selected().unwrap().to_string();
    let deck = app.study.card(&id).unwrap().deck.to_string();
    assert!(app.study.is_shipped(&deck), "{deck}");
    (id, deck)
}

/// The form over a shipped breadth card's deck, filled and saved: asking to fork.
pub(super) fn asking_to_fork() -> (App, tempfile::TempDir) {
    let (mut app, d) = with_shipped();
    browse_shipped_breadth(&mut app);
    press(&mut app, "aQ", now());
    tab(&mut app);
    press(&mut app, "A.", now());
    save(&mut app);
    assert!(matches!(app.adding().map(|f| &f.ask), Some(Ask::Fork(_))));
    (app, d)
}

#[test]
fn a_shipped_deck_is_forked_after_a_yes_and_keeps_its_ids() {
    let (mut app, d) = with_shipped();
    let (first, shipped) = browse_shipped_breadth(&mut app);
    let ids: Vec<String> = app
        .study
        .cards()
        .filter(|c| c.deck.as_ref() == shipped)
        .map(|c| c.id.clone())
        .collect();
    app.study
        .grade(
            &first,
            crate::schedule::Grade::Good,
            now(),
            Duration::seconds(5),
            crate::study::ReviewSource::Review,
        )
        .unwrap();
    press(&mut app, "a", now());
    let form = app.adding().unwrap();
    assert_eq!(form.deck.as_deref(), Some(shipped.as_str()));
    assert_eq!(form.kind, Kind::Breadth);
    press(&mut app, "My own question", now());
    tab(&mut app);
    press(&mut app, "My own answer.", now());
    save(&mut app);
    assert!(matches!(app.adding().map(|f| &f.ask), Some(Ask::Fork(p)) if *p == shipped));
    let shown = screen_text(&mut app, 120, 40);
    assert!(
        shown.contains("ships with mlprep and is never written") && shown.contains("copy? y/n"),
        "{shown}"
    );
    // n: nothing is written, the form says why and stays.
    press(&mut app, "n", now());
    assert!(
        app.adding()
            .unwrap()
            .error
            .as_deref()
            .unwrap_or("")
            .contains("never written")
    );
    let fork = d.path().join(shipped.trim_start_matches("content/"));
    assert!(!fork.exists(), "nothing forked without a yes");
    // Saving again asks again; y forks and adds to the copy.
    save(&mut app);
    press(&mut app, "y", now());
    assert!(
        app.adding().is_none(),
        "{:?}",
        app.adding().map(|f| f.error.clone())
    );
    let text = std::fs::read_to_string(&fork).unwrap();
    for id in &ids {
        assert!(text.contains(&format!("{{#{id}}}")), "{id} kept");
        let c = app.study.card(id).unwrap();
        assert_eq!(c.deck.as_ref(), fork.display().to_string(), "{id}");
    }
    assert!(text.contains("## My own question {#my-own-question}"));
    assert_eq!(
        app.study.store.answers(&first).unwrap().len(),
        1,
        "history kept"
    );
    let status = app.status.clone().unwrap_or_default();
    assert!(
        status.starts_with("added card `my-own-question`") && status.contains("your fork of"),
        "{status}"
    );
    // A review of the forked deck has the new card.
    let filter = crate::study::Filter {
        deck: Some(fork.display().to_string()),
        ..Default::default()
    };
    let mut session = app.study.session(&filter, now()).unwrap();
    let ids: Vec<String> = std::iter::from_fn(|| session.next(now())).collect();
    assert!(ids.contains(&"my-own-question".to_string()), "{ids:?}");
}

#[test]
fn without_a_content_directory_a_new_deck_goes_to_the_data_directory() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let settings = Settings::with_roots(vec![ContentRoot::Builtin], data.join("unused.db"));
    let study = Study::in_memory(settings, now());
    let mut app = App::new(study, Start::Home, Theme { color: false }, now()).unwrap();
    press(&mut app, "a", now());
    // No deck of the user's: a new deck with the default title, in <data dir>/content.
    let form = app.adding().unwrap();
    assert_eq!(form.deck, None);
    let file = data.join("content").join("my-ml-breadth-cards.md");
    assert_eq!(form.new_file(), file);
    assert!(screen_text(&mut app, 120, 40).contains("my-ml-breadth-cards.md (new)"));
    press(&mut app, "Mine?", now());
    tab(&mut app);
    press(&mut app, "Yes.", now());
    save(&mut app);
    assert!(
        app.adding().is_none(),
        "{:?}",
        app.adding().map(|f| f.error.clone())
    );
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("## Mine? {#mine}")
    );
    assert_eq!(
        app.study.card("mine").unwrap().deck.as_ref(),
        file.display().to_string()
    );
}
