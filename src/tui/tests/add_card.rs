//! Adding a card from the app (`a` on home and in the browser): the form drawn empty and with
//! an error; a filled form writes the card into the deck file with an explicit id and the next
//! review has it; a shipped deck is forked (same ids) only after a yes; Esc asks before
//! dropping typed text.

use crate::content::{ContentRoot, Kind, load_roots};
use crate::tui::screens::add_card::Ask;
use crate::tui::test_support::*;

fn decks() -> [(&'static str, &'static str); 2] {
    [("breadth.md", FIXTURE), ("code.md", FIXTURE_CODE)]
}

fn key(app: &mut App, code: KeyCode, mods: KeyModifiers) {
    app.on_key(KeyEvent::new(code, mods), now()).unwrap();
}

fn tab(app: &mut App) {
    key(app, KeyCode::Tab, KeyModifiers::NONE);
}

fn save(app: &mut App) {
    key(app, KeyCode::Char('s'), KeyModifiers::CONTROL);
}

fn snap(name: &str, app: &mut App, dir: &tempfile::TempDir) {
    let path = dir.path().display().to_string();
    for (w, h) in [(80, 24), (120, 40)] {
        let text = screen_text(app, w, h).replace(&path, "<dir>");
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), text);
    }
}

/// Every card id a review session over everything shows, grading each Easy.
fn reviewed(app: &mut App) -> Vec<String> {
    app.study.settings.limits.new_per_day = 100;
    press(app, "r", now());
    let mut seen = Vec::new();
    while let Some(id) = current(app) {
        seen.push(id);
        press(app, " 4", now());
    }
    seen
}

#[test]
fn the_empty_form_and_a_form_with_an_error() {
    let (mut app, d) = app_with(&decks(), Start::Home);
    press(&mut app, "a", now());
    snap("add_card_empty", &mut app, &d);
    // Saved without a prompt: the form stays, says why, and keeps what was typed.
    tab(&mut app);
    press(&mut app, "Only an answer", now());
    save(&mut app);
    snap("add_card_error", &mut app, &d);
    let form = app.adding().unwrap();
    assert_eq!(
        form.text(crate::tui::screens::add_card::Field::Answer),
        "Only an answer"
    );
}

#[test]
fn a_filled_form_writes_the_card_and_the_next_review_has_it() {
    let (mut app, d) = app_with(&decks(), Start::Home);
    press(&mut app, "a", now());
    press(&mut app, "What does dropout do?", now());
    tab(&mut app);
    press(
        &mut app,
        "It zeroes random units while training.\nAn implicit ensemble.",
        now(),
    );
    tab(&mut app);
    press(&mut app, "regularises\nscale at test time", now());
    tab(&mut app);
    press(&mut app, "regularisation, nets", now());
    save(&mut app);
    assert!(
        app.adding().is_none(),
        "the form closes once the card is written"
    );
    let status = app.status.clone().unwrap_or_default();
    let file = d.path().join("breadth.md");
    assert!(
        status.contains("added card `what-does-dropout-do`")
            && status.contains(&file.display().to_string()),
        "{status}"
    );
    assert!(status.ends_with("r reviews it now"), "{status}");
    // Back where the user was, the status line naming the id and the file.
    assert!(matches!(app.screen, Screen::Home(_)));
    assert!(screen_text(&mut app, 120, 30).contains("added card `what-does-dropout-do`"));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains(
            "## What does dropout do? {#what-does-dropout-do}\ntags: regularisation, nets\n"
        ),
        "{text}"
    );
    assert!(text.contains("It zeroes random units while training.\nAn implicit ensemble."));
    assert!(text.contains("### Key points\n\n- regularises\n- scale at test time\n"));
    // The deck file still holds the fixture's cards, and the library has the new one.
    assert!(text.starts_with(FIXTURE));
    let card = app.study.card("what-does-dropout-do").unwrap();
    assert_eq!((card.kind, card.key_points.len()), (Kind::Breadth, 2));
    assert!(reviewed(&mut app).contains(&"what-does-dropout-do".to_string()));
}

#[test]
fn a_card_from_the_browser_goes_to_the_selected_cards_deck_and_is_selected_after() {
    let (mut app, d) = app_with(&decks(), Start::Home);
    press(&mut app, "b", now());
    press(&mut app, "tbreadth\n", now());
    press(&mut app, "a", now());
    let form = app.adding().unwrap();
    assert_eq!(form.kind, Kind::Breadth);
    assert_eq!(
        form.deck.as_deref(),
        Some(d.path().join("breadth.md").display().to_string().as_str())
    );
    press(&mut app, "Why batch norm?", now());
    tab(&mut app);
    press(&mut app, "It steadies activations.", now());
    save(&mut app);
    let Screen::Browse(b) = &app.screen else {
        panic!("back in the browser")
    };
    assert_eq!(b.selected(), Some("why-batch-norm"));
    assert!(screen_text(&mut app, 100, 30).contains("Why batch norm?"));
    assert!(
        app.status
            .as_deref()
            .unwrap_or("")
            .ends_with("enter reviews it now")
    );
    press(&mut app, "\n", now());
    assert_eq!(current(&app).as_deref(), Some("why-batch-norm"));
}

#[test]
fn past_the_new_card_limit_the_status_line_says_where_to_review_it() {
    let (mut app, _d) = app_with(&decks(), Start::Home);
    app.study.settings.limits.new_per_day = 0;
    press(&mut app, "aBeyond the limit?", now());
    tab(&mut app);
    press(&mut app, "Yes.", now());
    save(&mut app);
    let status = app.status.clone().unwrap_or_default();
    assert!(
        status.contains("new-card limit is used up: b, then enter"),
        "{status}"
    );
}

#[test]
fn a_card_the_deck_parser_refuses_is_reported_in_the_form_with_file_and_line() {
    let (mut app, d) = app_with(&decks(), Start::Home);
    let before = std::fs::read_to_string(d.path().join("breadth.md")).unwrap();
    press(&mut app, "a", now());
    press(&mut app, "Broken card", now());
    tab(&mut app);
    press(&mut app, "fine\n## Oops a heading {#oops}", now());
    save(&mut app);
    let form = app.adding().expect("the form stays open");
    let error = form.error.clone().unwrap_or_default();
    assert!(error.contains("breadth.md:"), "{error}");
    assert_eq!(
        form.text(crate::tui::screens::add_card::Field::Prompt),
        "Broken card"
    );
    let shown = screen_text(&mut app, 120, 40);
    assert!(shown.contains("would not parse"), "{shown}");
    assert_eq!(
        std::fs::read_to_string(d.path().join("breadth.md")).unwrap(),
        before
    );
}

#[test]
fn a_new_deck_is_written_in_the_first_content_directory() {
    let (mut app, d) = app_with(&decks(), Start::Home);
    press(&mut app, "a", now());
    // Kind, then the deck: the fixture's breadth deck, then "a new deck".
    key(&mut app, KeyCode::BackTab, KeyModifiers::NONE);
    press(&mut app, " ", now());
    tab(&mut app);
    // The title field holds the default title; replace it.
    for _ in 0.."My ML breadth cards".len() {
        key(&mut app, KeyCode::Backspace, KeyModifiers::NONE);
    }
    press(&mut app, "Interview notes\nQ?", now());
    tab(&mut app);
    press(&mut app, "A.", now());
    save(&mut app);
    assert!(
        app.adding().is_none(),
        "{:?}",
        app.adding().map(|f| f.error.clone())
    );
    let text = std::fs::read_to_string(d.path().join("interview-notes.md")).unwrap();
    assert!(text.starts_with("+++\ntitle = \"Interview notes\"\nkind = \"breadth\"\n+++\n"));
    assert!(text.contains("## Q? {#q}"), "{text}");
    assert_eq!(
        app.study.card("q").unwrap().deck_title.as_ref(),
        "Interview notes"
    );
}

#[test]
fn esc_with_typed_text_asks_before_dropping_it() {
    let (mut app, _d) = app_with(&decks(), Start::Home);
    press(&mut app, "a\x1b", now());
    assert!(app.adding().is_none(), "nothing typed: esc just closes");
    press(&mut app, "aA prompt\x1b", now());
    assert_eq!(app.adding().map(|f| f.ask.clone()), Some(Ask::Discard));
    assert!(screen_text(&mut app, 80, 24).contains("Discard the card you typed? y"));
    press(&mut app, "n", now());
    let form = app.adding().expect("n keeps the form");
    assert_eq!(form.ask, Ask::Nothing);
    assert_eq!(
        form.text(crate::tui::screens::add_card::Field::Prompt),
        "A prompt"
    );
    press(&mut app, "\x1by", now());
    assert!(app.adding().is_none());
    assert!(
        app.status
            .as_deref()
            .unwrap_or("")
            .contains("nothing was added")
    );
    assert!(
        !std::fs::read_to_string(_d.path().join("breadth.md"))
            .unwrap()
            .contains("A prompt")
    );
}

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
    let lib = load_roots(&settings.roots);
    let mut store = Store::open_in_memory().unwrap();
    let sync = store.sync(&lib.decks, now()).unwrap();
    let study = Study::with(settings, lib, store, sync).unwrap();
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
    let lib = load_roots(&settings.roots);
    let mut store = Store::open_in_memory().unwrap();
    let sync = store.sync(&lib.decks, now()).unwrap();
    let study = Study::with(settings, lib, store, sync).unwrap();
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

#[test]
fn f1_lists_the_forms_keys_and_closes_again_keeping_the_text() {
    let (mut app, _d) = app_with(&decks(), Start::Home);
    press(&mut app, "aTyped", now());
    key(&mut app, KeyCode::F(1), KeyModifiers::NONE);
    assert!(app.help);
    let shown = screen_text(&mut app, 80, 24);
    assert!(
        shown.contains("save the card (checked by the deck parser first)"),
        "{shown}"
    );
    key(&mut app, KeyCode::F(1), KeyModifiers::NONE);
    assert!(!app.help);
    let form = app.adding().expect("the form is still open");
    assert_eq!(
        form.text(crate::tui::screens::add_card::Field::Prompt),
        "Typed"
    );
}
