//! The time a mock is told: the wall clock (for records) and a monotonic reading in
//! milliseconds from the caller's clock (for elapsed time), so that a wall-clock jump is never
//! charged to a segment. Nothing here reads a clock; callers pass `Now` in.

use chrono::{DateTime, Utc};

/// One reading of the caller's clocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Now {
    pub wall: DateTime<Utc>,
    /// Milliseconds from any fixed origin, never going back (e.g. `Instant` since app start).
    pub mono_ms: i64,
}

impl Now {
    pub fn new(wall: DateTime<Utc>, mono_ms: i64) -> Now {
        Now { wall, mono_ms }
    }
}

/// A wall time alone: elapsed time follows the wall clock (what callers without a monotonic
/// clock get; a backwards jump is still never charged, a forward one is capped per tick).
impl From<DateTime<Utc>> for Now {
    fn from(wall: DateTime<Utc>) -> Now {
        Now {
            wall,
            mono_ms: wall.timestamp_millis(),
        }
    }
}
