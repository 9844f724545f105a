//! Deck authors' check for coding cards in a folder: every practicable card's tests pass on its
//! reference solution, fail on its starter, and number at least 8.
//! `cargo run --release --example verify_cards -- DIR [CARD_ID...]` (needs python3 with numpy).

use mlprep::content::{Card, ContentRoot, load_roots};
use mlprep::practice::{Report, Run, RunConfig, Status};

fn run_code(card: &Card, code: &str, dir: &std::path::Path) -> Report {
    let file = dir.join(&card.id).join("solution.py");
    std::fs::create_dir_all(file.parent().expect("file has a parent")).expect("create workspace");
    std::fs::write(&file, code).expect("write solution");
    let cfg = RunConfig {
        python: "python3".into(),
        timeout: 30.0,
        memory_mb: 2048,
        untrusted: Default::default(),
    };
    let mut run = Run::start(card, &file, cfg);
    run.wait().clone()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: verify_cards DIR [CARD_ID...]");
        std::process::exit(2);
    };
    let only: Vec<&String> = args[1..].iter().collect();
    let lib = load_roots(&[ContentRoot::Dir(dir.into())]);
    let tmp = std::env::temp_dir().join(format!("mlprep-verify-{}", std::process::id()));
    let (mut checked, mut bad) = (0, 0);
    for card in lib.decks.iter().flat_map(|d| d.cards.iter()) {
        if !card.is_practicable() || (!only.is_empty() && !only.contains(&&card.id)) {
            continue;
        }
        checked += 1;
        let mut problems = Vec::new();
        let sol = run_code(
            card,
            card.code(card.solution).unwrap_or(""),
            &tmp.join("sol"),
        );
        if let Some(f) = &sol.fatal {
            problems.push(format!("solution run failed: {f}"));
        } else {
            if sol.total() < 8 {
                problems.push(format!("only {} tests (need 8)", sol.total()));
            }
            for r in sol.results.iter().filter(|r| r.status != Status::Pass) {
                problems.push(format!(
                    "solution {} {}: {}",
                    r.name,
                    r.status.label(),
                    r.message
                ));
            }
        }
        let starter = run_code(card, card.code(card.starter).unwrap_or(""), &tmp.join("st"));
        if starter.fatal.is_none() {
            for r in starter.results.iter().filter(|r| r.status == Status::Pass) {
                problems.push(format!("starter passes {}", r.name));
            }
        }
        if problems.is_empty() {
            println!("ok   {} ({} tests)", card.id, sol.total());
        } else {
            bad += 1;
            println!(
                "FAIL {}:{} {}: {}",
                card.deck,
                card.line,
                card.id,
                problems.join("; ")
            );
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
    println!("{checked} card(s) checked, {bad} failing");
    std::process::exit(i32::from(bad > 0));
}
