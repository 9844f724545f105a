//! What a failing test shows under its name, shared by `practice --run` and the practice screen:
//! the message, the input of the failing call, the user's line, and the captured output with
//! its line breaks. Plain text (already made inert); the caller picks styles by [`Detail`].

use super::{Status, TestResult};
use crate::content::inert;

/// What a detail line is, so a screen can style it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    Message,
    /// The call that failed (`input: two_sum([2, 7], 9)`) or the test's line.
    Input,
    /// The line of the user's file the failure points at.
    YourLine,
    /// Output the code printed, one line per line.
    Output,
}

/// At most this many lines of captured output are shown per test.
const OUTPUT_LINES: usize = 12;

/// The lines under a test's name; none for a pass.
pub fn details(r: &TestResult) -> Vec<(Detail, String)> {
    let mut out = Vec::new();
    if r.status == Status::Pass {
        return out;
    }
    for l in r.message.lines().take(8) {
        out.push((Detail::Message, inert(l).into_owned()));
    }
    match (&r.input, &r.test_line) {
        (Some(call), _) => out.push((Detail::Input, format!("input: {}", inert(call)))),
        (None, Some(line)) => out.push((Detail::Input, format!("in the test: {}", inert(line)))),
        (None, None) => {}
    }
    if let Some((n, src)) = &r.line {
        out.push((Detail::YourLine, format!("your line {n}: {}", inert(src))));
    }
    if !r.output.trim().is_empty() {
        out.push((Detail::Output, "output:".into()));
        let lines: Vec<&str> = r.output.trim_end_matches('\n').lines().collect();
        for l in lines.iter().take(OUTPUT_LINES) {
            let shown: String = l.chars().take(200).collect();
            out.push((Detail::Output, format!("| {}", inert(&shown))));
        }
        if lines.len() > OUTPUT_LINES {
            out.push((
                Detail::Output,
                format!("| ... ({} more lines)", lines.len() - OUTPUT_LINES),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failed() -> TestResult {
        TestResult {
            name: "test_some".into(),
            status: Status::Fail,
            message: "expected 6, got 3".into(),
            line: Some((2, "return len(xs)".into())),
            seconds: 0.0,
            output: "first\nsecond\n".into(),
            input: Some("total([1, 2, 3])".into()),
            test_line: Some("assert_equal(total([1, 2, 3]), 6)".into()),
        }
    }

    #[test]
    fn a_failure_shows_its_input_and_output_line_by_line() {
        let text: Vec<String> = details(&failed()).into_iter().map(|(_, l)| l).collect();
        assert_eq!(
            text,
            [
                "expected 6, got 3",
                "input: total([1, 2, 3])",
                "your line 2: return len(xs)",
                "output:",
                "| first",
                "| second",
            ]
        );
    }

    #[test]
    fn without_a_recorded_call_the_test_line_is_the_input() {
        let r = TestResult {
            input: None,
            output: String::new(),
            line: None,
            ..failed()
        };
        let text: Vec<String> = details(&r).into_iter().map(|(_, l)| l).collect();
        assert_eq!(
            text,
            [
                "expected 6, got 3",
                "in the test: assert_equal(total([1, 2, 3]), 6)"
            ]
        );
        let pass = TestResult {
            status: Status::Pass,
            ..failed()
        };
        assert!(details(&pass).is_empty());
    }
}
