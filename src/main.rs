//! The `mlprep` binary: parse the command line, run, map errors to an exit status.

use clap::Parser;

fn main() {
    let cli = mlprep::cli::Cli::parse();
    match mlprep::run(cli) {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("mlprep: error: {e}");
            for cause in e.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            std::process::exit(2);
        }
    }
}
