//! Settings: command-line flags over environment variables over the TOML config file over
//! defaults, resolved once at startup into paths and scheduler / limit settings.

use crate::content::{ContentRoot, Kind};
use crate::schedule::SchedulerConfig;
use crate::schedule::queue::{KindLimits, Limits};
use anyhow::{Context, Result, bail};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

mod interviews;
mod rewrite;
pub use interviews::{add_interview, interviews_line, read_interviews};
pub use rewrite::{RewriteError, rewrite};

/// The config file's shape. Every key is optional.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    pub desired_retention: Option<f32>,
    pub new_per_day: Option<u32>,
    pub reviews_per_day: Option<u32>,
    pub rollover_hour: Option<u32>,
    #[serde(default)]
    pub content: Vec<PathBuf>,
    pub db: Option<PathBuf>,
    #[serde(default)]
    pub limits: HashMap<String, KindLimits>,
    pub editor: Option<String>,
    pub practice: Option<PracticeConfig>,
    /// Automatic daily backups kept (0 turns them off).
    pub backups_keep: Option<u32>,
    /// Folder shared between machines (Syncthing, Dropbox, a git clone) for study-history sync.
    pub sync_dir: Option<PathBuf>,
    /// FSRS parameters fitted by `mlprep optimize` (21 numbers); empty = defaults.
    #[serde(default)]
    pub fsrs_parameters: Vec<f32>,
    /// The optional AI interviewer (`[ai]`); absent = off, and no connection is ever made.
    pub ai: Option<crate::ai::AiConfig>,
    /// `[[interviews]]`: dates to study toward (`date`, `loop`, `name`, `target`).
    #[serde(default)]
    pub interviews: Vec<crate::plan::Interview>,
    /// Minutes a day the interview planner may fill (default 60).
    pub daily_minutes: Option<u32>,
    /// `[presets.<kind>]`: learning steps, relearning steps, maximum interval, retention and
    /// limits for one kind of card.
    #[serde(default)]
    pub presets: HashMap<String, crate::schedule::Preset>,
    /// Lapses that make a card a leech (default 8; 0 = off).
    pub leech_lapses: Option<u32>,
    /// `tag` (default) or `suspend` when a card becomes a leech.
    pub leech_action: Option<String>,
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PracticeConfig {
    pub timeout_seconds: Option<f32>,
    pub memory_mb: Option<u32>,
    pub python: Option<String>,
}

/// The command-line flags that choose files and content (the CLI fills this in; config does
/// not know the CLI).
#[derive(Debug, Clone, Default)]
pub struct Flags {
    /// Extra content directories.
    pub content: Vec<PathBuf>,
    pub db: Option<PathBuf>,
    pub config: Option<PathBuf>,
    /// Leave out the decks shipped inside mlprep.
    pub no_builtin: bool,
    /// Where everything mlprep writes goes (`--data-dir`).
    pub data_dir: Option<PathBuf>,
}

/// How often a mock answer being typed is saved, unless configured.
pub const MOCK_AUTOSAVE: chrono::Duration = chrono::Duration::seconds(5);

/// Everything resolved.
#[derive(Debug, Clone)]
pub struct Settings {
    pub roots: Vec<ContentRoot>,
    pub db_path: PathBuf,
    pub data_dir: PathBuf,
    pub config_path: Option<PathBuf>,
    /// The config file was named by `--config` or `MLPREP_CONFIG` (so `optimize` may write it).
    pub config_explicit: bool,
    pub scheduler: SchedulerConfig,
    pub limits: Limits,
    pub rollover_hour: u32,
    pub editor: Option<String>,
    pub practice_timeout: f32,
    pub practice_memory_mb: u32,
    pub python: String,
    pub backups_keep: u32,
    /// The sync folder; `None` (the default) means no sync at all.
    pub sync_dir: Option<PathBuf>,
    /// Above this many bytes of user decks, the TUI keeps card text on disk and reads a deck
    /// when one of its cards is shown (100,000 cards stay small in memory).
    pub lazy_text_bytes: u64,
    /// Where backups go: `<data dir>/backups`.
    pub backup_dir: PathBuf,
    /// The user's time zone (study days, dates on screen, backup names). UTC by default;
    /// [`resolve`] takes `TZ` or the system's zone.
    pub tz: crate::clock::Tz,
    /// How often a mock answer being typed is saved (5 s; `MLPREP_AUTOSAVE_MS` sets it for
    /// tests that wait for a save).
    pub mock_autosave: chrono::Duration,
    /// Advice to show (e.g. a retention above 0.97).
    pub warnings: Vec<String>,
    /// `[ai]` as written; use [`crate::ai::AiConfig::active`] to know whether it is on.
    pub ai: Option<crate::ai::AiConfig>,
    /// Interviews to study toward, and the minutes a day the planner may use.
    pub interviews: Vec<crate::plan::Interview>,
    pub daily_minutes: u32,
    /// When a card becomes a leech, and whether it is then suspended.
    pub leech: crate::study_tools::leech::LeechRule,
}

impl Settings {
    /// Defaults over the given roots and database (tests, benchmarks, tools).
    pub fn with_roots(roots: Vec<ContentRoot>, db_path: PathBuf) -> Settings {
        let data_dir = db_path.parent().map(Path::to_path_buf).unwrap_or_default();
        Settings {
            roots,
            backup_dir: data_dir.join("backups"),
            data_dir,
            db_path,
            config_path: None,
            config_explicit: false,
            scheduler: SchedulerConfig::default(),
            limits: Limits::default(),
            rollover_hour: 4,
            editor: None,
            practice_timeout: 10.0,
            practice_memory_mb: 1024,
            python: "python3".into(),
            backups_keep: 7,
            sync_dir: None,
            lazy_text_bytes: 32 * 1024 * 1024,
            tz: crate::clock::Tz::UTC,
            mock_autosave: MOCK_AUTOSAVE,
            warnings: Vec::new(),
            ai: None,
            interviews: Vec::new(),
            daily_minutes: 60,
            leech: Default::default(),
        }
    }
}

fn dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "mlprep")
}

/// Resolves settings from flags, environment and the config file.
pub fn resolve(global: &Flags) -> Result<Settings> {
    let env_path = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    // A data directory chosen by flag or environment holds everything, the default config too.
    let chosen_data = global.data_dir.clone().or_else(|| env_path("MLPREP_DATA"));
    let named_config = global.config.clone().or_else(|| env_path("MLPREP_CONFIG"));
    let config_explicit = named_config.is_some();
    let config_path = named_config.or_else(|| match &chosen_data {
        Some(d) => Some(d.join("config.toml")),
        None => dirs().map(|d| d.config_dir().join("config.toml")),
    });
    let file = match &config_path {
        Some(p) if p.exists() => read_config(p)?,
        Some(p) if global.config.is_some() => bail!("config file {} does not exist", p.display()),
        _ => ConfigFile::default(),
    };
    let data_dir = chosen_data
        .or_else(|| dirs().map(|d| d.data_dir().to_path_buf()))
        .unwrap_or_else(|| PathBuf::from(".mlprep"));
    let db_path = global
        .db
        .clone()
        .or_else(|| env_path("MLPREP_DB"))
        .or(file.db.clone())
        .unwrap_or_else(|| data_dir.join("mlprep.db"));

    let mut roots = Vec::new();
    if !global.no_builtin {
        roots.push(ContentRoot::Builtin);
    }
    // Decks forked from the shipped ones (`e` on a shipped card) live here when no content
    // directory is configured.
    let forks = data_dir.join("content");
    if !global.no_builtin && forks.is_dir() {
        roots.push(ContentRoot::Dir(forks));
    }
    roots.extend(file.content.iter().cloned().map(ContentRoot::Dir));
    if let Some(v) = std::env::var_os("MLPREP_CONTENT").filter(|v| !v.is_empty()) {
        roots.extend(std::env::split_paths(&v).map(ContentRoot::Dir));
    }
    roots.extend(global.content.iter().cloned().map(ContentRoot::Dir));
    roots.dedup();

    let mut warnings = Vec::new();
    let retention = file.desired_retention.unwrap_or(0.9);
    if !(0.7..=0.99).contains(&retention) {
        bail!("desired_retention {retention} is outside 0.70..0.99 (the default is 0.90)");
    }
    if retention > 0.97 {
        warnings.push(format!(
            "desired_retention {retention} is above 0.97: the review workload grows steeply"
        ));
    }
    let defaults = Settings::with_roots(Vec::new(), PathBuf::new());
    let rollover_hour = file.rollover_hour.unwrap_or(defaults.rollover_hour);
    if rollover_hour > 23 {
        bail!("rollover_hour {rollover_hour} must be between 0 and 23");
    }
    let mut per_kind = HashMap::new();
    for (k, v) in &file.limits {
        let kind = Kind::from_slug(k)
            .with_context(|| format!("[limits.{k}] in the config file: unknown kind"))?;
        per_kind.insert(kind, *v);
    }
    let mut kind_presets = HashMap::new();
    for (k, p) in &file.presets {
        let kind = Kind::from_slug(k)
            .with_context(|| format!("[presets.{k}] in the config file: unknown kind"))?;
        p.validate()
            .map_err(|e| anyhow::anyhow!("[presets.{k}] in the config file: {e}"))?;
        if p.new_per_day.is_some() || p.reviews_per_day.is_some() {
            let l = per_kind.entry(kind).or_insert_with(KindLimits::default);
            l.new_per_day = p.new_per_day.or(l.new_per_day);
            l.reviews_per_day = p.reviews_per_day.or(l.reviews_per_day);
        }
        kind_presets.insert(kind, p.clone());
    }
    let practice = file.practice.clone().unwrap_or_default();
    // Every default is written once, in `Settings::with_roots`.
    let leech = crate::study_tools::leech::LeechRule {
        lapses: file.leech_lapses.unwrap_or(defaults.leech.lapses),
        suspend: match file.leech_action.as_deref() {
            None => defaults.leech.suspend,
            Some("tag") => false,
            Some("suspend") => true,
            Some(other) => bail!("leech_action `{other}` must be \"tag\" or \"suspend\""),
        },
    };
    Ok(Settings {
        backup_dir: data_dir.join("backups"),
        roots,
        db_path,
        data_dir,
        config_path,
        config_explicit,
        scheduler: SchedulerConfig {
            desired_retention: retention,
            parameters: file.fsrs_parameters.clone(),
            kind_presets,
            ..defaults.scheduler
        },
        limits: Limits {
            new_per_day: file.new_per_day.unwrap_or(defaults.limits.new_per_day),
            reviews_per_day: file
                .reviews_per_day
                .unwrap_or(defaults.limits.reviews_per_day),
            per_kind,
        },
        rollover_hour,
        editor: file.editor,
        practice_timeout: practice
            .timeout_seconds
            .unwrap_or(defaults.practice_timeout),
        practice_memory_mb: practice.memory_mb.unwrap_or(defaults.practice_memory_mb),
        python: practice.python.unwrap_or(defaults.python),
        backups_keep: file.backups_keep.unwrap_or(defaults.backups_keep),
        sync_dir: file.sync_dir.as_deref().map(expand_home),
        lazy_text_bytes: defaults.lazy_text_bytes,
        tz: crate::clock::user_zone(),
        mock_autosave: std::env::var("MLPREP_AUTOSAVE_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .map(chrono::Duration::milliseconds)
            .unwrap_or(defaults.mock_autosave),
        warnings,
        ai: file.ai,
        interviews: file.interviews,
        daily_minutes: file.daily_minutes.unwrap_or(defaults.daily_minutes),
        leech,
    })
}

/// `~/x` -> `$HOME/x` (a config file written by hand often says `~`).
fn expand_home(p: &Path) -> PathBuf {
    match (p.strip_prefix("~"), std::env::var_os("HOME")) {
        (Ok(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => p.to_path_buf(),
    }
}

fn read_config(path: &Path) -> Result<ConfigFile> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading config file {}", path.display()))?;
    toml::from_str(&text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
            .unwrap_or(1);
        anyhow::anyhow!("{}:{}: {}", path.display(), line, e.message())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_file_errors_name_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.toml");
        std::fs::write(&p, "new_per_day = 5\nretention = 0.9\n").unwrap();
        let err = read_config(&p).unwrap_err().to_string();
        assert!(err.contains("c.toml:2:"), "{err}");
    }

    #[test]
    fn sync_dir_is_off_by_default_and_expands_the_home_directory() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.toml");
        std::fs::write(&p, "").unwrap();
        let g = Flags {
            config: Some(p.clone()),
            ..Default::default()
        };
        assert_eq!(resolve(&g).unwrap().sync_dir, None);
        std::fs::write(&p, "sync_dir = \"~/Sync/mlprep\"\n").unwrap();
        let home = PathBuf::from(std::env::var_os("HOME").unwrap());
        assert_eq!(
            resolve(&g).unwrap().sync_dir,
            Some(home.join("Sync/mlprep"))
        );
    }

    #[test]
    fn flags_beat_the_config_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.toml");
        std::fs::write(&p, "new_per_day = 5\ndesired_retention = 0.85\nrollover_hour = 3\ndb = \"/tmp/from-config.db\"\n[limits.leetcode]\nnew_per_day = 2\n").unwrap();
        let g = Flags {
            config: Some(p),
            db: Some("/tmp/flag.db".into()),
            ..Default::default()
        };
        let s = resolve(&g).unwrap();
        assert_eq!(s.db_path, PathBuf::from("/tmp/flag.db"));
        assert_eq!(s.limits.new_per_day, 5);
        assert_eq!(s.rollover_hour, 3);
        assert!((s.scheduler.desired_retention - 0.85).abs() < 1e-6);
        assert_eq!(s.limits.per_kind[&Kind::Leetcode].new_per_day, Some(2));
    }
}
