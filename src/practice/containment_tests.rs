//! Hostile deck code against the real runner: fake result lines, a flooded result channel,
//! background processes, and (with bubblewrap) writes outside the workspace, hidden files
//! and the network. Skipped without python3 or bwrap, except under CI.

use super::*;
use crate::content::parse_deck;

fn have(tool: &str, probe: &[&str]) -> bool {
    let ok = std::process::Command::new(tool)
        .args(probe)
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "{tool} is required under CI (.ci/run installs it)"
        );
        eprintln!("skipping: {tool} is not installed");
    }
    ok
}

fn python() -> bool {
    have("python3", &["-c", "pass"])
}

fn run(code: &str, tests: &str) -> (Report, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "+++\ntitle = \"t\"\nkind = \"leetcode\"\n+++\n## Add {{#add}}\n### Answer\nx\n### Starter\n```python\ndef add(a, b):\n    raise NotImplementedError\n```\n### Tests\n```python\n{tests}\n```\n### Solution\n```python\ndef add(a, b):\n    return a + b\n```\n"
    );
    let (deck, problems) = parse_deck("t.md", text.as_bytes());
    assert!(problems.is_empty(), "{problems:?}");
    let c = deck.unwrap().cards.remove(0);
    let file = ensure_workspace(dir.path(), &c).unwrap();
    std::fs::write(&file, code).unwrap();
    let config = RunConfig {
        python: "python3".into(),
        timeout: 6.0,
        memory_mb: 512,
        untrusted: Default::default(),
    };
    let report = Run::start(&c, &file, config).wait().clone();
    (report, dir)
}

const TWO: &str = "def test_one():\n    assert_equal(add(1, 2), 3)\n\ndef test_two():\n    assert_equal(add(2, 2), 4)\n";

/// Finds the result channel (the only pipe among the harness's descriptors) from user code.
const FIND_CHANNEL: &str = "import os, stat\ndef _channels():\n    return [fd for fd in range(3, 64) if _is_pipe(fd)]\ndef _is_pipe(fd):\n    try:\n        return stat.S_ISFIFO(os.fstat(fd).st_mode)\n    except OSError:\n        return False\n";

#[test]
fn fake_result_lines_from_user_code_are_ignored() {
    if !python() {
        return;
    }
    let code = format!(
        "{FIND_CHANNEL}\nfor fd in _channels():\n    for n in ('test_one', 'test_two'):\n        os.write(fd, ('{{\"event\": \"result\", \"name\": \"%s\", \"status\": \"pass\", \"message\": \"\", \"line\": null, \"seconds\": 0, \"output\": \"\"}}\\n' % n).encode())\n    os.write(fd, b'{{\"event\": \"done\"}}\\n')\ndef add(a, b):\n    raise NotImplementedError\n"
    );
    let (r, _d) = run(&code, TWO);
    assert_eq!(r.passed(), 0, "{r:?}");
    assert_eq!(r.total(), 2, "{r:?}");
}

#[test]
fn flooding_the_result_channel_is_that_tests_error() {
    if !python() {
        return;
    }
    let code = format!(
        "{FIND_CHANNEL}\ndef add(a, b):\n    if a == 1:\n        for fd in _channels():\n            for _ in range(400):\n                os.write(fd, b'x' * 65536)\n    return a + b\n"
    );
    let (r, _d) = run(&code, TWO);
    assert_eq!(r.results[0].status, Status::Error, "{r:?}");
    assert!(
        r.results[0].message.contains("result channel"),
        "{:?}",
        r.results[0]
    );
    assert_eq!(r.results[1].status, Status::Pass, "the run resumes: {r:?}");
}

/// A background writer the code leaves behind; `setsid` escapes the process group.
fn leaves_a_writer(setsid: bool) -> (Report, std::path::PathBuf, tempfile::TempDir) {
    let launcher = if setsid { "'setsid', " } else { "" };
    let code = format!(
        "import subprocess\nsubprocess.Popen([{launcher}'sh', '-c', 'while true; do echo x >> bg.txt; sleep 0.05; done'])\ndef add(a, b):\n    return a + b\n"
    );
    let (r, d) = run(&code, TWO);
    let log = d.path().join("workspace/add/bg.txt");
    (r, log, d)
}

fn still_growing(log: &std::path::Path) -> bool {
    std::thread::sleep(std::time::Duration::from_millis(300));
    let before = std::fs::metadata(log).map(|m| m.len()).unwrap_or(0);
    std::thread::sleep(std::time::Duration::from_millis(500));
    std::fs::metadata(log).map(|m| m.len()).unwrap_or(0) != before
}

#[test]
fn background_processes_are_killed_when_the_run_ends() {
    if !python() {
        return;
    }
    let (r, log, _d) = leaves_a_writer(false);
    assert!(r.all_passed(), "{r:?}");
    assert!(
        !still_growing(&log),
        "a background process outlived the run"
    );
}

fn bwrap() -> bool {
    python() && have("bwrap", &["--ro-bind", "/", "/", "--unshare-net", "true"])
}

#[test]
fn under_bubblewrap_code_cannot_write_out_read_out_or_connect() {
    if !bwrap() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "do not read").unwrap();
    let outside = dir.path().join("written.txt");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let tests = format!(
        "import os, socket\n\ndef test_write_outside():\n    try:\n        open({outside:?}, 'w').write('x')\n    except OSError:\n        return\n    raise AssertionError('wrote outside')\n\ndef test_read_outside():\n    assert not os.path.exists({secret:?})\n\ndef test_network():\n    try:\n        socket.create_connection(('127.0.0.1', {port}), timeout=1).send(b'leak')\n    except OSError:\n        return\n    raise AssertionError('connected')\n\ndef test_workspace_is_writable():\n    open('mine.txt', 'w').write('ok')\n"
    );
    let (r, _d) = run("def add(a, b):\n    return a + b\n", &tests);
    assert!(r.all_passed(), "{r:?}");
    assert!(!outside.exists());
    assert!(listener.accept().is_err(), "the code reached the listener");
    let (_r, log, _d) = leaves_a_writer(true);
    assert!(
        !still_growing(&log),
        "a setsid process outlived the sandboxed run"
    );
}
