//! Mock interviews: loop formats (TOML), planning, the timed session state machine, scoring and
//! reports. Pure domain code: the clock is passed in; persistence goes through the store.

pub mod ai;
pub mod clock;
pub mod grade;
#[cfg(test)]
mod loop_tests;
pub mod loops;
mod loops_pool;
pub mod plan;
pub mod pool;
pub mod record;
pub mod report;
pub mod review;
pub mod rubric;
pub mod score;
pub mod session;

use crate::content::{Library, Problem};

/// Problems in the loop files of a library (validated with the cards it holds).
pub fn loop_problems(lib: &Library) -> Vec<Problem> {
    loops::load_loops(lib).1
}
