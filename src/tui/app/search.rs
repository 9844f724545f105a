//! The search screen's index: built at once for a library held in memory; for a large library
//! (text left on disk) built on a worker thread that reads the decks again one at a time, so
//! the first `/` never freezes the screen. What is typed meanwhile is answered when it lands.

use super::*;
use crate::search::{SearchIndex, build_index, build_index_from_decks};
use std::rc::Rc;
use std::sync::mpsc::{Receiver, TryRecvError};

/// The index and the card ids it answers with.
pub(super) type Built = (SearchIndex, Vec<String>);

/// A build running on a worker thread.
pub(super) type Building = Receiver<Built>;

impl App {
    /// Opens the search screen with the index, or while it is being built.
    pub(super) fn open_search(&mut self) {
        let index = match &self.search_index {
            Some(i) => Some(i.clone()),
            None if self.study.lazy_text => {
                self.start_search_build();
                None
            }
            None => {
                let i = Rc::new(build_index(&self.study));
                self.search_index = Some(i.clone());
                Some(i)
            }
        };
        self.push(Screen::Search(Box::new(SearchState::new(index))));
    }

    fn start_search_build(&mut self) {
        if self.search_build.is_some() {
            return;
        }
        let paths: Vec<String> = self
            .study
            .library
            .decks
            .iter()
            .map(|d| d.path.clone())
            .collect();
        let (tx, rx) = std::sync::mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("search-index".into())
            .spawn(move || {
                let _ = tx.send(build_index_from_decks(&paths));
            });
        match spawned {
            Ok(_) => self.search_build = Some(rx),
            // No thread to be had: build here, as a small library does.
            Err(_) => self.search_index = Some(Rc::new(build_index(&self.study))),
        }
    }

    /// The decks changed: the next `/` builds the index again (a build in flight is dropped).
    pub(super) fn forget_search_index(&mut self) {
        self.search_index = None;
        self.search_build = None;
    }

    /// A finished build goes to every search screen waiting for it, which then answers what
    /// was typed.
    pub(super) fn poll_search_build(&mut self, now: DateTime<Utc>) {
        let Some(rx) = &self.search_build else {
            return;
        };
        let built = match rx.try_recv() {
            Ok(built) => Rc::new(built),
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => {
                self.search_build = None;
                self.status = Some("the search index could not be built; press / again".into());
                return;
            }
        };
        self.search_build = None;
        self.search_index = Some(built.clone());
        for screen in self
            .stack
            .iter_mut()
            .chain(std::iter::once(&mut self.screen))
        {
            if let Screen::Search(s) = screen
                && s.index.is_none()
            {
                s.index = Some(built.clone());
                let query = s.query.clone();
                s.set_query(query, &self.study, now);
            }
        }
    }

    /// A search index is being built on a worker (a large library's first `/`).
    pub fn search_building(&self) -> bool {
        self.search_build.is_some()
    }
}
