//! What a run produced: each test's outcome and the whole run's report, with the counts and
//! the one-word status the attempt log keeps.

/// One test's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Pass,
    Fail,
    Error,
    Timeout,
    NotRun,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Error => "error",
            Status::Timeout => "timeout",
            Status::NotRun => "not run",
        }
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TestResult {
    pub name: String,
    pub status: Status,
    pub message: String,
    /// Line in the user's file and its source, when the failure points there.
    pub line: Option<(u32, String)>,
    pub seconds: f64,
    pub output: String,
    /// The last call from the test into the user's code, e.g. `two_sum([2, 7], 9)`.
    pub input: Option<String>,
    /// The test's line that failed, when no call into the user's code was seen.
    pub test_line: Option<String>,
}

/// The whole run.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Report {
    pub results: Vec<TestResult>,
    /// A problem that stopped every test (no python3, a missing module, broken tests).
    pub fatal: Option<String>,
    pub stderr: String,
    pub seconds: f64,
    /// Said once per session when no sandbox contains deck code, with how to get one.
    pub notice: Option<String>,
}

impl Report {
    pub fn passed(&self) -> usize {
        self.results
            .iter()
            .filter(|r| r.status == Status::Pass)
            .count()
    }
    pub fn total(&self) -> usize {
        self.results.len()
    }
    pub fn all_passed(&self) -> bool {
        self.fatal.is_none() && self.total() > 0 && self.passed() == self.total()
    }
    /// One word for the attempt log.
    pub fn status(&self) -> &'static str {
        if let Some(f) = &self.fatal {
            if f.contains("python3") && f.contains("not found") {
                "no-python"
            } else {
                "error"
            }
        } else if self.all_passed() {
            "passed"
        } else if self.results.iter().any(|r| r.status == Status::Timeout) {
            "timeout"
        } else {
            "failed"
        }
    }
}
