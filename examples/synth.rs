//! Writes synthetic decks for benchmarks: `cargo run --release --example synth -- DIR CARDS [PER_DECK]`.

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: synth DIR CARDS [PER_DECK]");
        std::process::exit(2);
    }
    let total: usize = args[2].parse().expect("CARDS must be a number");
    let per_deck: usize = args
        .get(3)
        .map(|s| s.parse().expect("PER_DECK must be a number"))
        .unwrap_or(100);
    mlprep::synth::write_decks(std::path::Path::new(&args[1]), total, per_deck)
        .expect("write decks");
    eprintln!("wrote {total} cards in decks of {per_deck} to {}", args[1]);
}
