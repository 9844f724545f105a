//! The command line (clap derive): global flags and subcommands. Parsing only; `lib::run`
//! dispatches.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "mlprep",
    version,
    about = "Prepare ML interviews in the terminal: spaced repetition over markdown decks, timed mock interviews, local coding tests."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args, Clone, Default)]
pub struct Global {
    /// Extra content directory with decks (repeatable); also MLPREP_CONTENT (path list).
    #[arg(long = "content", value_name = "DIR", global = true)]
    pub content: Vec<PathBuf>,
    /// Database file; also MLPREP_DB. Default: the platform data directory.
    #[arg(long, value_name = "PATH", global = true)]
    pub db: Option<PathBuf>,
    /// Config file; also MLPREP_CONFIG. Default: config.toml in the data directory when one is
    /// chosen, else in the platform config directory.
    #[arg(long, value_name = "PATH", global = true)]
    pub config: Option<PathBuf>,
    /// One directory for everything mlprep writes: the default database, workspaces, backups,
    /// fitted parameters (in the database) and the default config; also MLPREP_DATA.
    #[arg(long, value_name = "DIR", global = true)]
    pub data_dir: Option<PathBuf>,
    /// Do not load the decks shipped inside mlprep.
    #[arg(long, global = true)]
    pub no_builtin: bool,
}

impl From<&Global> for crate::config::Flags {
    fn from(g: &Global) -> Self {
        crate::config::Flags {
            content: g.content.clone(),
            db: g.db.clone(),
            config: g.config.clone(),
            no_builtin: g.no_builtin,
            data_dir: g.data_dir.clone(),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Review due cards in the terminal UI (optionally one kind, deck or tag).
    Review(ReviewArgs),
    /// Validate decks and loop files; prints `file:line: message`, exit status 1 on errors.
    Check(CheckArgs),
    /// Per kind: new / learning / review / due counts, today's reviews, 30-day retention.
    Stats(StatsArgs),
    /// Practise a coding card: edit the workspace in $EDITOR, run the card's tests locally.
    Practice(PracticeArgs),
    /// Timed mock interviews: `mock --loop ms`, `mock history`, `mock report ID`.
    Mock(MockArgs),
    /// Find cards by name, prompt, tag, id or answer (typos fine; `lc121`, `"phrase"`, `-word`,
    /// `kind:`, `deck:`, `tag:`, `company:`, `difficulty:`, `is:due`, `lapses>3`, `prop:due<7`).
    Search(SearchArgs),
    /// Your story bank: which Leadership Principles have no story yet.
    Stories,
    /// Print a template to copy: `story` (stories/) or `dossier` (projects/).
    Template {
        /// story or dossier
        which: String,
    },
    /// Export the review log (CSV) or the decks (Anki package / TSV).
    Export(ExportArgs),
    /// Import a review log (CSV) or Anki notes (.apkg or plain-text export).
    Import(ImportArgs),
    /// Back up the database now (SQLite online backup).
    Backup,
    /// Replace the database with a backup (the current one is backed up first).
    Restore(RestoreArgs),
    /// Check the database and content for problems and offer safe fixes.
    Doctor(DoctorArgs),
    /// The optional AI interviewer: `ai check` (is the model reachable?), `ai eval` (agreement
    /// with hand labels).
    Ai(AiArgs),
    /// Study toward an interview date: readiness on the day per round type, a daily load that
    /// fits your minutes, mock days. `plan --date 2027-01-20 --loop ms`.
    Plan(PlanArgs),
    /// Merge study history with your other machines through a shared folder or git repository.
    Sync(SyncArgs),
    /// Fit personal FSRS parameters to your review log; adopt them only if they predict better.
    Optimize(OptimizeArgs),
    /// Card info: deck and line, every review with its memory state, mocks it was asked in.
    Card(CardArgs),
    /// Write a new card into one of your decks (or a new deck); `--fork` copies a shipped deck.
    Add(AddArgs),
}

#[derive(Debug, Args)]
pub struct CardArgs {
    /// The card id.
    pub id: String,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
    /// Take the card's `leech` tag off (after you rewrote it); it comes back if it keeps lapsing.
    #[arg(long)]
    pub clear_leech: bool,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Kind of the card: leetcode, ml-coding, breadth, depth, design, behavioural, talk
    /// (default: the deck's kind).
    #[arg(long)]
    pub kind: Option<String>,
    /// The deck file to add to (a path, or a deck's path or title as mlprep shows it). Without
    /// it, a new deck is written in your first content directory.
    #[arg(long)]
    pub deck: Option<String>,
    /// Title of the new deck (when --deck is not given).
    #[arg(long)]
    pub title: Option<String>,
    /// The question.
    #[arg(long)]
    pub prompt: Option<String>,
    /// The reference answer (markdown).
    #[arg(long)]
    pub answer: Option<String>,
    /// A key point the interviewer listens for (repeatable).
    #[arg(long = "key-point")]
    pub key_point: Vec<String>,
    /// A tag (repeatable).
    #[arg(long)]
    pub tag: Vec<String>,
    /// A company that asks it (repeatable).
    #[arg(long)]
    pub company: Vec<String>,
    /// easy, medium or hard.
    #[arg(long)]
    pub difficulty: Option<String>,
    /// The card id (default: derived from the prompt, made unique).
    #[arg(long)]
    pub id: Option<String>,
    /// Copy the shipped deck named by --deck into your first content directory, same ids.
    #[arg(long)]
    pub fork: bool,
}

// ---- interop and data safety : the argument shapes; `commands::data` implements them.

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(subcommand)]
    pub what: ExportWhat,
}

#[derive(Debug, Subcommand)]
pub enum ExportWhat {
    /// The whole review log as CSV in the FSRS tools' column layout.
    Reviews {
        /// Output file (`-` for stdout).
        file: PathBuf,
    },
    /// The decks as an Anki-importable package (.apkg) or TSV (by the file's extension).
    Anki {
        /// Output file: `.apkg` (an Anki package) or `.tsv`/`.txt` (Anki's "Notes in Plain Text"; `-` for stdout).
        file: PathBuf,
        /// Only this kind: leetcode, ml-coding, breadth, depth, design, behavioural, talk.
        #[arg(long)]
        kind: Option<String>,
        /// Only decks whose path or title contains this text.
        #[arg(long)]
        deck: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(subcommand)]
    pub what: ImportWhat,
}

#[derive(Debug, Subcommand)]
pub enum ImportWhat {
    /// A review log CSV (as written by `export reviews`).
    Reviews {
        /// CSV with `card_id`, `review_time` (ms since the epoch), `review_rating` (1-4) and
        /// optionally `review_duration` (ms) columns.
        file: PathBuf,
    },
    /// An Anki package (.apkg) or Anki's plain-text notes export.
    Anki {
        /// An `.apkg` / `.colpkg` package (any Anki version) or a notes text export.
        file: PathBuf,
        /// Directory to write the new deck into (default: the first configured content directory).
        #[arg(long)]
        into: Option<PathBuf>,
        /// Kind of the new deck: leetcode, ml-coding, breadth, depth, design, behavioural, talk.
        #[arg(long, default_value = "breadth")]
        kind: String,
    },
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup file to restore.
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Apply the safe fixes it proposes.
    #[arg(long)]
    pub fix: bool,
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// The sync folder (default: `sync_dir` in config.toml).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Also commit the folder and pull/push it with your git (the folder must be a git repository).
    #[arg(long, conflicts_with = "status")]
    pub git: bool,
    /// Show devices, last sync times and pending events; change nothing.
    #[arg(long)]
    pub status: bool,
}

#[derive(Debug, Args)]
pub struct OptimizeArgs {
    /// Only report; do not adopt the fitted parameters.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct MockArgs {
    #[command(subcommand)]
    pub action: Option<MockAction>,
    /// The loop: screen, ms, phd, nlp-mle, bank-vp-ai, or any loops/NAME.toml in your content.
    #[arg(long = "loop", value_name = "NAME")]
    pub loop_name: Option<String>,
    /// Seed for the question choice (same seed, same questions).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Print the plan with the chosen cards and exit.
    #[arg(long)]
    pub plan: bool,
    /// Include optional rounds (the PhD tech talk).
    #[arg(long)]
    pub with_optional: bool,
    /// Prefer cards asked at this company (overrides the loop file's `company`).
    #[arg(long)]
    pub company: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum MockAction {
    /// List past mocks.
    History,
    /// Print one mock's report as markdown.
    Report {
        /// The mock's number from `mlprep mock history`.
        id: i64,
    },
    /// List the loops you can run.
    Loops,
}

#[derive(Debug, Args, Clone, Default)]
pub struct ReviewArgs {
    /// Only this kind: leetcode, ml-coding, breadth, depth, design, behavioural, talk.
    #[arg(long)]
    pub kind: Option<String>,
    /// Only decks whose path or title contains this text.
    #[arg(long)]
    pub deck: Option<String>,
    /// Only cards with this tag.
    #[arg(long)]
    pub tag: Option<String>,
    /// Only cards asked at this company (their `companies:` metadata).
    #[arg(long)]
    pub company: Option<String>,
    /// Only cards of this difficulty: easy, medium, hard.
    #[arg(long)]
    pub difficulty: Option<String>,
    /// Only cards in this state (repeatable): new, learning, review, due, suspended, leech.
    #[arg(long = "is", value_name = "STATE")]
    pub status: Vec<String>,
    /// Only cards with at least N lapses.
    #[arg(long, value_name = "N")]
    pub lapses: Option<u32>,
    /// Only cards graded Again in the last N days.
    #[arg(long, value_name = "N")]
    pub failed_days: Option<u32>,
    /// Only the cards a loop draws from (ms, screen, phd, ...).
    #[arg(long = "loop", value_name = "NAME")]
    pub loop_name: Option<String>,
    /// Study N more new cards today (today only).
    #[arg(long, value_name = "N", group = "custom")]
    pub extra_new: Option<u32>,
    /// Allow N more reviews today (today only).
    #[arg(long, value_name = "N", group = "custom")]
    pub extra_reviews: Option<u32>,
    /// Review cards due in the next N days now (they are rescheduled).
    #[arg(long, value_name = "N", group = "custom")]
    pub ahead: Option<u32>,
    /// Cram the selected cards, due or not, without changing their schedule.
    #[arg(long, group = "custom")]
    pub cram: bool,
    /// With --cram: let the answers reschedule the cards.
    #[arg(long, requires = "cram")]
    pub reschedule: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Directories (or files) to check; default: every configured content root.
    pub paths: Vec<PathBuf>,
    /// Write derived ids into cards that have none, so their history stays attached.
    #[arg(long)]
    pub fix: bool,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to look for (see `mlprep search --help` for the syntax).
    #[arg(required = true, allow_hyphen_values = true)]
    pub query: Vec<String>,
    /// At most this many results.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
}

#[derive(Debug, Args)]
pub struct PracticeArgs {
    /// The card id (e.g. lc-two-sum).
    pub id: String,
    /// Run the tests on the current workspace file without opening an editor.
    #[arg(long)]
    pub run: bool,
    /// List past attempts at this card.
    #[arg(long)]
    pub history: bool,
}

#[derive(Debug, Args)]
pub struct AiArgs {
    #[command(subcommand)]
    pub what: AiWhat,
}

#[derive(Debug, Subcommand)]
pub enum AiWhat {
    /// Whether the endpoint answers, its models, one tiny grading round trip and its latency.
    Check,
    /// Grade the shipped evaluation set and print per-key-point agreement (accuracy, Cohen's
    /// kappa) and latency.
    Eval {
        /// Another evaluation set (TOML, same layout as tests/ai_eval/set.toml).
        #[arg(long, value_name = "FILE")]
        set: Option<PathBuf>,
        /// Only the first N cards.
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        /// No model: score the keyword baseline (a point counts as covered when half its
        /// content words occur in the answer), the figure a model has to beat.
        #[arg(long)]
        baseline: bool,
    },
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The interview date (YYYY-MM-DD). Default: the next `[[interviews]]` date in config.toml.
    #[arg(long, value_name = "DATE")]
    pub date: Option<chrono::NaiveDate>,
    /// The loop it follows (`ms`, `screen`, `phd`, ...): its round types are the ones prepared.
    #[arg(long = "loop", value_name = "KEY")]
    pub loop_key: Option<String>,
    /// Minutes a day you can study (default: daily_minutes in config.toml, else 60).
    #[arg(long, value_name = "N")]
    pub minutes: Option<u32>,
    /// Predicted recall to reach on the day (default 0.9).
    #[arg(long, value_name = "R")]
    pub target: Option<f32>,
    /// Print the plan as JSON.
    #[arg(long)]
    pub json: bool,
}
