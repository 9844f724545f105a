//! Every practice card shipped in `content/`: its tests pass on its reference solution and fail
//! on its starter (a suite that passes on the empty starter checks nothing), with at least 8
//! tests each.

mod common;
use common::Tool;

use mlprep::content::{Card, ContentRoot, load_roots};
use mlprep::practice::{Report, Run, RunConfig};
use std::sync::Mutex;

fn run_code(card: &Card, code: &str, dir: &std::path::Path) -> Report {
    let file = dir.join(format!("{}.py", card.id)).join("solution.py");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, code).unwrap();
    let mut run = Run::start(
        card,
        &file,
        RunConfig {
            python: common::PYTHON.into(),
            // Generous: several cards run at once on a loaded CI machine; a blow-up to O(n²)
            // on a 10^5 input still takes far longer than this.
            timeout: 40.0,
            memory_mb: 2048,
            untrusted: Default::default(),
        },
    );
    run.wait().clone()
}

#[test]
fn every_practice_card_passes_on_its_solution_and_fails_on_its_starter() {
    if !common::need(Tool::Python, "practice_cards (every shipped coding card)") {
        return;
    }
    let lib = load_roots(&[ContentRoot::Builtin]);
    let all: Vec<&Card> = lib
        .decks
        .iter()
        .flat_map(|d| d.cards.iter())
        .filter(|c| c.is_practicable())
        .collect();
    assert!(all.len() >= 6, "only {} practice cards", all.len());
    let needs_numpy = |c: &&&Card| c.requires.iter().any(|m| m == "numpy");
    let numpy_cards = all.iter().filter(needs_numpy).count();
    let with_numpy = numpy_cards == 0
        || common::need(
            Tool::Numpy,
            &format!("practice_cards: the {numpy_cards} ML-coding cards that use numpy"),
        );
    let cards: Vec<&Card> = all
        .iter()
        .filter(|c| with_numpy || !needs_numpy(c))
        .copied()
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let failures = Mutex::new(Vec::new());
    let next = Mutex::new(0usize);
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .clamp(2, 4);
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let i = {
                        let mut n = next.lock().unwrap();
                        *n += 1;
                        *n - 1
                    };
                    let Some(card) = cards.get(i) else { break };
                    let sol = run_code(
                        card,
                        card.code(card.solution).unwrap(),
                        &dir.path().join("sol"),
                    );
                    let mut problems = Vec::new();
                    if let Some(f) = &sol.fatal {
                        problems.push(format!("solution run failed: {f}"));
                    } else {
                        if sol.total() < 8 {
                            problems.push(format!("only {} tests (need 8)", sol.total()));
                        }
                        for r in sol
                            .results
                            .iter()
                            .filter(|r| r.status != mlprep::practice::Status::Pass)
                        {
                            problems.push(format!(
                                "solution {} {}: {}",
                                r.name,
                                r.status.label(),
                                r.message
                            ));
                        }
                    }
                    let starter = run_code(
                        card,
                        card.code(card.starter).unwrap(),
                        &dir.path().join("starter"),
                    );
                    if starter.fatal.is_none() && starter.all_passed() {
                        problems.push("the starter passes every test".into());
                    }
                    if !problems.is_empty() {
                        failures.lock().unwrap().push(format!(
                            "{}:{} {}: {}",
                            card.deck,
                            card.line,
                            card.id,
                            problems.join("; ")
                        ));
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} card(s) fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!("checked {} practice cards", cards.len());
}
