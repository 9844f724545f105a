//! Keys in: the story overlay and the `?` overlay take a key first, typing modes (search, the
//! browser's filter, a mock answer) next, then the screen's key table. The screen changes its
//! view state and returns [`Effect`]s, which `effects` runs.

use super::*;
use crate::tui::keys::{
    BROWSE, DRILL, HOME, LOOPS, PLAN, RESUME, REVIEW, ResumeKey, STATS, STORIES, lookup,
};

impl App {
    pub fn on_key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> Result<()> {
        // A deliberate crash, for the end-to-end test that the terminal is restored on panic.
        if key.code == KeyCode::F(12) && std::env::var_os("MLPREP_DEBUG_PANIC").is_some() {
            panic!("MLPREP_DEBUG_PANIC: deliberate panic on F12");
        }
        if let Some(overlay) = self.story_overlay.as_mut() {
            let scroll = &mut overlay.scroll;
            match key.code {
                KeyCode::Char('j') | KeyCode::Down => *scroll = scroll.saturating_add(1),
                KeyCode::Char('k') | KeyCode::Up => *scroll = scroll.saturating_sub(1),
                KeyCode::PageDown => *scroll = scroll.saturating_add(10),
                KeyCode::PageUp => *scroll = scroll.saturating_sub(10),
                _ => self.story_overlay = None,
            }
            return Ok(());
        }
        // A terminal sends Esc and the key after it in one burst as Alt+key (a fast "Esc, a"
        // out of an answer box). No key is bound with Alt: it is read as the two keys.
        if key.modifiers == KeyModifiers::ALT
            && let KeyCode::Char(c) = key.code
        {
            self.on_key(KeyEvent::from(KeyCode::Esc), now)?;
            return self.on_key(KeyEvent::from(KeyCode::Char(c)), now);
        }
        if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
            self.quit = true;
            return Ok(());
        }
        if self.modal_key(key, now) {
            return Ok(());
        }
        if self.help {
            if matches!(
                key.code,
                KeyCode::Char('?' | 'q') | KeyCode::Esc | KeyCode::F(1)
            ) {
                self.help = false;
            }
            return Ok(());
        }
        if self.answer_ai_consent(key, now) || self.cancel_ai_key(key, now) {
            self.hydrate(now);
            return Ok(());
        }
        let effects = self.effects_for(key, now);
        self.run_effects(effects, now);
        self.hydrate(now);
        Ok(())
    }

    /// What a key means on the current screen.
    fn effects_for(&mut self, key: KeyEvent, now: DateTime<Utc>) -> Vec<Effect> {
        if let Some(form) = self.add_form.as_mut() {
            return form.on_key(key);
        }
        let study = &self.study;
        let typed = match &mut self.screen {
            Screen::Search(s) => s.on_typing_key(key, study, now),
            Screen::Browse(b) => b.on_typing_key(key, study, now),
            Screen::Mock(m) => m.on_typing_key(key, now),
            Screen::Practice(p) => p.on_typing_key(key),
            Screen::Review(r) => r.on_modal_key(key, study, &self.theme),
            _ => Typed::Ignored,
        };
        match typed {
            Typed::Consumed => return Vec::new(),
            Typed::Effects(effects) => {
                self.status = None;
                return effects;
            }
            Typed::Ignored => {}
        }
        if key.code != KeyCode::Char('?') {
            self.status = None;
        }
        let theme = &self.theme;
        match &mut self.screen {
            Screen::Home(h) => lookup(HOME, key).map(|k| h.on_key(k)),
            Screen::Review(r) => lookup(REVIEW, key).map(|k| r.on_key(k, study, theme, now)),
            Screen::Practice(p) => Some(p.on_key(key, study, now)),
            Screen::Mock(m) => Some(m.on_key(key, study, now)),
            Screen::Search(_) => None,
            Screen::Stats(s) => lookup(STATS, key).map(|k| s.on_key(k)),
            Screen::Stories(s) => lookup(STORIES, key).map(|k| s.on_key(k)),
            Screen::Browse(b) => lookup(BROWSE, key).map(|k| b.on_key(k, study, now)),
            Screen::Loops(l) => lookup(LOOPS, key).map(|k| l.on_key(k)),
            Screen::Drill(d) => lookup(DRILL, key).map(|k| d.on_key(k)),
            Screen::Plan(p) => lookup(PLAN, key).map(|k| p.on_key(k)),
            Screen::Resume { .. } => lookup(RESUME, key).map(|k| {
                vec![match k {
                    ResumeKey::Resume => Effect::ResumeMock,
                    ResumeKey::Abandon => Effect::AbandonMock,
                    ResumeKey::Later => Effect::Back,
                    ResumeKey::Help => Effect::Help,
                }]
            }),
        }
        .unwrap_or_default()
    }

    /// The `?` overlay's lines for the current screen (the same tables the keys are read from).
    pub(super) fn help_lines(&self) -> Vec<(&'static str, &'static str)> {
        use crate::tui::keys::{SEARCH, help};
        if let Some(form) = &self.add_form {
            return form.help();
        }
        if let Some(lines) = self.modal_help() {
            return lines;
        }
        match &self.screen {
            Screen::Home(_) => help(HOME),
            Screen::Review(r) => r.help(),
            Screen::Practice(p) => p.help(),
            Screen::Mock(m) => m.help(),
            Screen::Resume { .. } => help(RESUME),
            Screen::Search(_) => {
                let mut h = vec![(
                    "type",
                    "the query: names, prompts, tags, ids, answers; typos are fine",
                )];
                h.extend(help(SEARCH));
                h.push(("?", "this help (on an empty query)"));
                h.extend(crate::search::SYNTAX_HELP.iter().copied());
                h
            }
            Screen::Stats(_) => help(STATS),
            Screen::Stories(_) => help(STORIES),
            Screen::Browse(_) => help(BROWSE),
            Screen::Loops(_) => help(LOOPS),
            Screen::Drill(d) => crate::tui::keys::help_where(DRILL, |k| d.ai_on || !k.needs_ai()),
            Screen::Plan(_) => help(PLAN),
        }
    }
}
