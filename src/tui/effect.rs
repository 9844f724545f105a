//! What a screen asks the app to do. Screens own their view state and return effects; only
//! `App::apply_effect` runs them, through [`crate::study::Study`], and a failed effect becomes
//! a status line the user can retry (the screen stays as it was).

use crate::mock::loops::Loop;
use crate::mock::plan::MockPlan;
use crate::schedule::Grade;
use crate::study::{AttemptRecord, Filter, ReviewSource};
use chrono::Duration;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Leave mlprep.
    Quit,
    /// Back to the screen below (or home).
    Back,
    /// Show a message on the status line.
    Status(String),
    /// Show or hide the `?` overlay.
    Help,
    /// Open search over every card.
    Search,
    /// Open the stats, story bank, browser, mock loops or depth drill.
    OpenStats,
    OpenStories,
    OpenBrowse,
    OpenLoops,
    OpenDrill,
    /// The plan toward the next interview (or how to set one).
    OpenPlan,
    /// The interview-date form over the plan screen.
    OpenInterviewForm,
    /// config.toml in the editor, at its interview dates; they are read again afterwards.
    EditConfig,
    /// Save an interview date in config.toml and plan toward it.
    SaveInterview(Box<crate::plan::Interview>),
    /// The user's stories over the behavioural card on screen.
    StoryOverlay,
    /// Review the cards a filter selects.
    StartReview(Filter),
    /// Open the custom study dialog, its filter set from this one.
    OpenCustom(Filter),
    /// Start custom study (more new, more reviews, ahead, cram) over a filter.
    StartCustom(Filter, crate::study_tools::custom::CustomStudy),
    /// Show card info over the screen.
    CardInfo(String),
    /// Commit a grade of the card on screen (review or practice).
    Grade {
        card: String,
        grade: Grade,
        spent: Duration,
        source: ReviewSource,
    },
    /// Take back the last grade.
    Undo,
    /// Suspend or unsuspend a card.
    Suspend {
        card: String,
        on: bool,
    },
    /// Open the deck file of a card in the editor at its line.
    EditCard(String),
    /// Open a card chosen in search or the browser (practice for coding cards).
    OpenCard(String),
    /// Open practice for a card (from review).
    OpenPractice(String),
    /// Open the practice workspace in the editor; the tests run afterwards.
    EditWorkspace(PathBuf),
    /// Replace the practice workspace with the starter.
    ResetWorkspace(String),
    /// Start the local tests of the card on screen (practice or mock).
    RunTests,
    /// Record a finished practice test run.
    RecordAttempt(AttemptRecord),
    /// Start a depth drill on the selected dossier.
    StartDrill {
        file: String,
        title: String,
    },
    /// Finish the drill's current section (answered at the last level, or stalled) and record it.
    DrillStep {
        answered: bool,
    },
    /// Plan a mock on this loop and show the plan.
    PlanMock(Box<Loop>),
    /// Show this mock plan.
    StartMock(Box<MockPlan>),
    /// Save the mock session (creating it on first save).
    SaveMock,
    /// Record a revealed mock hint (item, hint number), then save.
    RecordMockHint {
        item: usize,
        hint: u32,
    },
    /// Score the round under review and commit its grades with the session.
    ConfirmMockRound(usize),
    /// Add an extra round like the weakest one.
    ExtraMockRound,
    /// Save, then open the mock answer in the editor.
    EditMockAnswer,
    /// Save, then open the coding workspace of the mock card in the editor.
    EditMockWorkspace,
    /// Leave the mock (home when opened from there, otherwise quit).
    LeaveMock,
    /// Resume the interrupted mock.
    ResumeMock,
    /// Abandon the interrupted mock.
    AbandonMock,
    /// Ask the AI interviewer to grade this typed answer (asks consent first for a remote host).
    AskAi {
        card: String,
        answer: String,
    },
    /// Ask the model what this typed answer got wrong (after its grading, in review).
    ExplainAi {
        card: String,
        answer: String,
    },
    /// Ask the model to propose ticks and rubric scores for a mock item on the round review.
    AskAiMock {
        item: usize,
    },
    /// Ask the model for one more follow-up from the answer to the mock card on screen.
    /// `auto`: asked by the interviewer's flow, not by a key (it never asks for consent, never
    /// shows a spinner and never takes Esc, which belongs to the answer box).
    AiFollowUp {
        card: String,
        answer: String,
        auto: bool,
    },
    /// Ask the model for a question about the dossier section on screen (depth drill).
    AiDrillFollowUp(Box<crate::ai::ask::AskContext>),
    /// The user agreed to send answers to this host.
    AgreeAi(String),
    /// Stop waiting for the model.
    CancelAi,
    /// Open the add-card form with this deck (or kind) chosen.
    AddCard {
        deck: Option<String>,
        kind: Option<crate::content::Kind>,
    },
    /// Write the card the form holds (after forking a shipped deck, if the user agreed).
    SaveCard(Box<CardDraft>),
    /// Close the add-card form without writing anything.
    CloseAddCard,
}

/// A card the add form asks to write: into `target`, after forking the shipped deck `fork`
/// into the user's content directory (the card then goes into the copy).
#[derive(Debug, Clone, PartialEq)]
pub struct CardDraft {
    pub card: crate::study_tools::authoring::NewCard,
    pub target: crate::study_tools::authoring::Target,
    pub fork: Option<String>,
}

/// How a typing mode answered a key.
#[derive(Debug, Clone, PartialEq)]
pub enum Typed {
    /// The key was text (or an edit) for the box.
    Consumed,
    /// The key left typing mode or asked for work: these effects follow.
    Effects(Vec<Effect>),
    /// Not a typing key: handle it as a command.
    Ignored,
}
