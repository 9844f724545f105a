//! Synthetic decks of realistic card sizes for benchmarks and load tests (prompt 1–3 lines,
//! answer 5–30 lines, some code blocks and tables, hints and key points). Deterministic: the
//! same arguments give the same bytes.

use crate::content::Kind;
use std::fmt::Write as _;
use std::path::Path;

const WORDS: [&str; 48] = [
    "gradient",
    "loss",
    "model",
    "batch",
    "token",
    "attention",
    "layer",
    "weight",
    "bias",
    "variance",
    "feature",
    "label",
    "metric",
    "recall",
    "precision",
    "embedding",
    "vector",
    "matrix",
    "softmax",
    "entropy",
    "sample",
    "prior",
    "posterior",
    "kernel",
    "margin",
    "tree",
    "ensemble",
    "boosting",
    "cache",
    "latency",
    "throughput",
    "shard",
    "replica",
    "index",
    "query",
    "ranking",
    "calibration",
    "threshold",
    "drift",
    "window",
    "queue",
    "heap",
    "graph",
    "node",
    "edge",
    "path",
    "interval",
    "pointer",
];

/// A small deterministic generator (xorshift).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }
    fn sentence(&mut self, words: usize) -> String {
        let mut s = String::new();
        for i in 0..words {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(WORDS[self.range(0, WORDS.len() - 1)]);
        }
        s
    }
}

/// One deck's markdown with `cards` cards; ids are `syn-{deck}-{i}`.
pub fn deck_text(deck: usize, cards: usize) -> String {
    let mut r = Rng(0x9E37_79B9_7F4A_7C15 ^ (deck as u64 + 1).wrapping_mul(0x2545_F491_4F6C_DD1D));
    // Recall kinds only: coding cards without tests would each draw a `check` warning.
    let kinds = [
        Kind::Breadth,
        Kind::Depth,
        Kind::Design,
        Kind::Behavioural,
        Kind::Talk,
    ];
    let kind = kinds[deck % kinds.len()];
    let mut out = format!(
        "+++\ntitle = \"Synthetic deck {deck}\"\nkind = \"{}\"\ntags = [\"synthetic\"]\n+++\n\n",
        kind.slug()
    );
    for i in 0..cards {
        let _ = writeln!(
            out,
            "## Why does the {} matter here, case {i}? {{#syn-{deck}-{i}}}",
            r.sentence(4)
        );
        let _ = writeln!(
            out,
            "difficulty: {}\ntags: {}, {}\nminutes: {}\n",
            ["easy", "medium", "hard"][r.range(0, 2)],
            WORDS[r.range(0, 47)],
            WORDS[r.range(0, 47)],
            r.range(3, 30)
        );
        for _ in 0..r.range(0, 2) {
            let _ = writeln!(out, "{}.", r.sentence(12));
        }
        let hints = r.range(0, 3);
        if hints > 0 {
            out.push_str("\n### Hints\n");
            for h in 1..=hints {
                let _ = writeln!(out, "{h}. {}.", r.sentence(10));
            }
        }
        out.push_str("\n### Answer\n");
        let lines = r.range(5, 30);
        let mut written = 0;
        while written < lines {
            match r.range(0, 9) {
                0 => {
                    out.push_str("```python\n");
                    for _ in 0..4 {
                        let _ = writeln!(
                            out,
                            "x = {}({})",
                            WORDS[r.range(0, 47)],
                            WORDS[r.range(0, 47)]
                        );
                    }
                    out.push_str("```\n");
                    written += 6;
                }
                1 => {
                    out.push_str("| method | cost | note |\n|---|---|---|\n");
                    for _ in 0..3 {
                        let _ = writeln!(
                            out,
                            "| {} | O(n) | {} |",
                            WORDS[r.range(0, 47)],
                            r.sentence(3)
                        );
                    }
                    written += 5;
                }
                2 => {
                    let _ = writeln!(out, "- {}", r.sentence(9));
                    written += 1;
                }
                _ => {
                    let n = r.range(8, 16);
                    let _ = writeln!(out, "{}.", r.sentence(n));
                    written += 1;
                }
            }
        }
        out.push_str("\n### Key points\n");
        for _ in 0..r.range(3, 5) {
            let _ = writeln!(out, "- {}", r.sentence(6));
        }
        out.push_str("\n### Follow-ups\n");
        let _ = writeln!(out, "- {}? {}.\n", r.sentence(6), r.sentence(8));
    }
    out
}

/// Writes `total` cards into `dir` as decks of `per_deck` cards each.
pub fn write_decks(dir: &Path, total: usize, per_deck: usize) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let decks = total.div_ceil(per_deck.max(1));
    for d in 0..decks {
        let n = per_deck.min(total - d * per_deck);
        std::fs::write(dir.join(format!("synthetic-{d:04}.md")), deck_text(d, n))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn synthetic_decks_parse_cleanly() {
        let text = super::deck_text(3, 50);
        let (deck, problems) = crate::content::parse_deck("s.md", text.as_bytes());
        assert!(problems.is_empty(), "{problems:?}");
        let deck = deck.unwrap();
        assert_eq!(deck.cards.len(), 50);
        assert_eq!(super::deck_text(3, 50), text, "deterministic");
        let avg = text.len() / 50;
        assert!((400..3000).contains(&avg), "average card size {avg} bytes");
    }
}
