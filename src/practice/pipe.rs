//! The harness's result channel, read with bounds: each line at most [`LINE_MAX`] bytes, the
//! whole run at most [`TOTAL_MAX`], and only lines that start with the run's token count (user
//! code that writes fake result lines, or floods the pipe without a newline, is ignored or
//! stopped, never allocated without limit).

use std::io::{BufRead, BufReader, Read};

/// The longest result line accepted. A result's output is capped at 4,000 characters by the
/// harness, so real lines are far shorter.
pub const LINE_MAX: usize = 256 * 1024;
/// Everything one harness process may write to the channel.
pub const TOTAL_MAX: usize = 16 * 1024 * 1024;

/// What the reader thread passes to the run.
#[derive(Debug, PartialEq)]
pub enum Message {
    Event(serde_json::Value),
    /// The channel broke its bounds; the reader stopped. The text says how.
    Overflow(String),
}

/// A random token for one harness process: the harness reads it from stdin before any user
/// code runs and prefixes each result line with it.
pub fn new_token() -> String {
    let mut bytes = [0u8; 16];
    let filled = std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .is_ok();
    if !filled {
        // No /dev/urandom: time and address entropy, still unknown to the child in advance.
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let a = &bytes as *const _ as usize as u128;
        bytes.copy_from_slice(&(t ^ (a << 64) ^ u128::from(std::process::id())).to_le_bytes());
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads `input` until it ends, the receiver goes away, or a bound is broken; calls `send` for
/// every authenticated event (returning false stops reading).
pub fn read_events(input: impl Read, token: &str, mut send: impl FnMut(Message) -> bool) {
    read_bounded(input, token, LINE_MAX, TOTAL_MAX, &mut send)
}

fn read_bounded(
    input: impl Read,
    token: &str,
    line_max: usize,
    total_max: usize,
    send: &mut impl FnMut(Message) -> bool,
) {
    let mut reader = BufReader::new(input);
    let mut line = Vec::new();
    let mut total = 0usize;
    loop {
        line.clear();
        let n = match (&mut reader)
            .take(line_max as u64 + 1)
            .read_until(b'\n', &mut line)
        {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        total += n;
        if line.len() > line_max && line.last() != Some(&b'\n') {
            send(Message::Overflow(format!(
                "the test wrote a line of more than {} KB to mlprep's result channel; stopped",
                line_max / 1024
            )));
            return;
        }
        if total > total_max {
            send(Message::Overflow(format!(
                "the test wrote more than {} MB to mlprep's result channel; stopped",
                total_max / (1024 * 1024)
            )));
            return;
        }
        let Some(body) = line.strip_prefix(token.as_bytes()) else {
            continue; // not from the harness: user code writing to the channel
        };
        if let Ok(v) = serde_json::from_slice::<serde_json::Value>(body)
            && !send(Message::Event(v))
        {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(input: &[u8], line_max: usize, total_max: usize) -> Vec<Message> {
        let mut got = Vec::new();
        read_bounded(input, "TOK", line_max, total_max, &mut |m| {
            got.push(m);
            true
        });
        got
    }

    #[test]
    fn only_lines_with_the_token_are_events() {
        let input = b"TOK{\"event\":\"start\",\"name\":\"t\"}\n{\"event\":\"result\",\"name\":\"t\",\"status\":\"pass\"}\nTOX{\"event\":\"done\"}\nTOK{\"event\":\"done\"}\n";
        let got = read(input, 1024, 1 << 20);
        assert_eq!(
            got,
            vec![
                Message::Event(serde_json::json!({"event": "start", "name": "t"})),
                Message::Event(serde_json::json!({"event": "done"})),
            ]
        );
    }

    #[test]
    fn a_flood_without_newline_stops_at_the_line_limit() {
        // An endless reader: memory stays bounded and the overflow is reported.
        let endless = std::io::repeat(b'x');
        let mut got = Vec::new();
        read_bounded(endless, "TOK", 4096, 1 << 20, &mut |m| {
            got.push(m);
            true
        });
        assert_eq!(got.len(), 1);
        assert!(
            matches!(&got[0], Message::Overflow(m) if m.contains("a line of more than 4 KB")),
            "{got:?}"
        );
    }

    #[test]
    fn many_short_lines_stop_at_the_total_limit() {
        let endless = std::io::repeat(b'\n');
        let mut got = Vec::new();
        read_bounded(endless, "TOK", 4096, 1 << 20, &mut |m| {
            got.push(m);
            true
        });
        assert!(
            matches!(&got[..], [Message::Overflow(m)] if m.contains("more than 1 MB")),
            "{got:?}"
        );
    }

    #[test]
    fn tokens_differ_per_run() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
    }
}
