//! Mock interviews: loop formats (TOML), planning, the timed session state machine, scoring and
//! reports. Pure domain code: the clock is passed in; persistence goes through the store.

pub mod loops;
pub mod plan;
pub mod report;
pub mod score;
pub mod session;

use crate::content::{Library, Problem};

/// Problems in the loop files of a library (validated with the cards it holds).
pub fn loop_problems(lib: &Library) -> Vec<Problem> {
    loops::load_loops(lib).1
}
