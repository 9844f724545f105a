//! Whole-app tests, one file per screen: fixture decks, an in-memory database, a fixed clock,
//! synthetic keys, insta snapshots.

mod add_card;
mod add_card_fork;
mod ai;
/// The stub OpenAI-compatible server the integration tests use, shared as is.
#[allow(dead_code)]
#[path = "../../../tests/support/ai_stub.rs"]
mod ai_stub;
mod browse;
mod custom;
mod home;
mod keymap;
mod mock;
mod mock_ai;
mod own;
mod practice_ai;
mod review;
mod search;
mod snapshots;
mod stats;
mod study_plan;
mod study_tools;
