//! Coding practice: the workspace file per card, the Python test-runner child process and its
//! structured results. Never touches the terminal.

use crate::cli::PracticeArgs;
use crate::study::Study;
use anyhow::Result;

pub fn cli(_study: Study, _id: &str, _args: &PracticeArgs) -> Result<i32> {
    anyhow::bail!("practice is not available yet")
}
