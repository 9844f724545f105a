//! One journal line: a history event with a globally unique id, the device that made it, what
//! it is about and when it happened. Pure data and (de)serialisation; no files, no SQL.

use serde::{Deserialize, Serialize};
use std::hash::{BuildHasher, Hasher};

/// The journal format this mlprep writes and fully understands. A line with a higher `v` was
/// written by a newer mlprep: it is reported and skipped, never guessed at.
pub const FORMAT_VERSION: u32 = 1;

/// What an event records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// A grade: `object` is the event's own id.
    Review,
    /// A review taken back: `object` is the review event's id.
    Undo,
    /// Suspended or unsuspended: `object` is the card id; the latest event wins.
    Suspend,
    /// A finished (or abandoned) mock's record; `object` is the mock's id, the latest wins.
    Mock,
    /// A practice attempt: `object` is its own id.
    Attempt,
    /// A depth drill started: `object` is its own id.
    Drill,
    /// A section walked in a drill: `data.drill` is the drill event's id.
    DrillStep,
}

impl EventKind {
    pub fn slug(self) -> &'static str {
        match self {
            EventKind::Review => "review",
            EventKind::Undo => "undo",
            EventKind::Suspend => "suspend",
            EventKind::Mock => "mock",
            EventKind::Attempt => "attempt",
            EventKind::Drill => "drill",
            EventKind::DrillStep => "drill_step",
        }
    }

    pub fn from_slug(s: &str) -> Option<EventKind> {
        serde_json::from_value(serde_json::Value::String(s.to_string())).ok()
    }
}

/// One event as a journal line holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub v: u32,
    pub id: String,
    pub device: String,
    pub kind: EventKind,
    pub object: String,
    /// Milliseconds since the Unix epoch, UTC.
    pub at: i64,
    #[serde(default)]
    pub data: serde_json::Value,
}

impl Event {
    /// The line written to the journal (no newline).
    pub fn line(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Why a line could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineProblem {
    /// Not an event (garbled, cut short or not JSON).
    Garbled(String),
    /// Written by a newer mlprep.
    Newer(u32),
}

/// Parses one line.
pub fn parse_line(line: &str) -> Result<Event, LineProblem> {
    let value: serde_json::Value =
        serde_json::from_str(line).map_err(|e| LineProblem::Garbled(e.to_string()))?;
    let v = value.get("v").and_then(serde_json::Value::as_u64);
    match v {
        Some(v) if v > FORMAT_VERSION as u64 => {
            return Err(LineProblem::Newer(u32::try_from(v).unwrap_or(u32::MAX)));
        }
        None => return Err(LineProblem::Garbled("no format version `v`".into())),
        _ => {}
    }
    let event: Event =
        serde_json::from_value(value).map_err(|e| LineProblem::Garbled(e.to_string()))?;
    if event.id.is_empty() || event.device.is_empty() {
        return Err(LineProblem::Garbled("empty id or device".into()));
    }
    Ok(event)
}

/// A random 64-bit value as 16 hex digits (std's per-process random keys, mixed with the
/// clock and a counter; no extra dependency).
pub fn random_hex() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    h.write_u128(nanos);
    h.write_u32(std::process::id());
    format!("{:016x}", h.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_round_trips_and_a_newer_version_is_named() {
        let e = Event {
            v: 1,
            id: "d.1".into(),
            device: "d".into(),
            kind: EventKind::DrillStep,
            object: "x".into(),
            at: 5,
            data: serde_json::json!({"a": 1}),
        };
        assert!(e.line().contains("\"kind\":\"drill_step\""));
        assert_eq!(parse_line(&e.line()), Ok(e.clone()));
        let newer = e.line().replacen("\"v\":1", "\"v\":3", 1);
        assert_eq!(parse_line(&newer), Err(LineProblem::Newer(3)));
        assert!(matches!(
            parse_line("{\"v\":1,\"id\""),
            Err(LineProblem::Garbled(_))
        ));
        assert_ne!(random_hex(), random_hex());
        assert_eq!(
            EventKind::from_slug("drill_step"),
            Some(EventKind::DrillStep)
        );
    }
}
