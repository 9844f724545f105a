//! Adding a card from the app (`a` on home and in the browser): the form drawn empty and with
//! an error; a filled form writes the card into the deck file with an explicit id and the next
//! review has it; Esc asks before dropping typed text; F1 lists the keys. Shipped decks and
//! forks: `add_card_fork`.

use crate::content::Kind;
use crate::tui::screens::add_card::Ask;
use crate::tui::test_support::*;

fn decks() -> [(&'static str, &'static str); 2] {
    [("breadth.md", FIXTURE), ("code.md", FIXTURE_CODE)]
}

pub(super) fn key(app: &mut App, code: KeyCode, mods: KeyModifiers) {
    app.on_key(KeyEvent::new(code, mods), now()).unwrap();
}

pub(super) fn tab(app: &mut App) {
    key(app, KeyCode::Tab, KeyModifiers::NONE);
}

pub(super) fn save(app: &mut App) {
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
pub(super) fn reviewed(app: &mut App) -> Vec<String> {
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

#[test]
fn companies_and_difficulty_are_written_and_the_home_screen_gets_a_company_row() {
    let (mut app, d) = app_with(&decks(), Start::Home);
    press(&mut app, "a", now());
    press(&mut app, "Why normalise features?", now());
    tab(&mut app);
    press(&mut app, "Gradient steps work on one scale.", now());
    // Past the key points and tags to the companies.
    tab(&mut app);
    tab(&mut app);
    tab(&mut app);
    press(&mut app, "Acme, globex", now());
    // Tab wraps to the kind, then the level: medium is two steps right.
    tab(&mut app);
    tab(&mut app);
    key(&mut app, KeyCode::Right, KeyModifiers::NONE);
    key(&mut app, KeyCode::Right, KeyModifiers::NONE);
    assert!(screen_text(&mut app, 100, 30).contains("‹ medium ›"));
    save(&mut app);
    assert!(app.adding().is_none(), "{:?}", app.status);
    let text = std::fs::read_to_string(d.path().join("breadth.md")).unwrap();
    assert!(text.contains("difficulty: medium\n"), "{text}");
    assert!(text.contains("companies: Acme, globex\n"), "{text}");
    let card = app.study.card("why-normalise-features").unwrap();
    assert_eq!(card.companies, vec!["acme", "globex"]);
    let home = screen_text(&mut app, 100, 30);
    assert!(
        home.contains("Asked at Acme") && home.contains("Asked at Globex"),
        "{home}"
    );
}
