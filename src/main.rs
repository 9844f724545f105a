//! The `mlprep` binary: parse the command line, run, map errors to an exit status.

use clap::Parser;

fn main() {
    let cli = mlprep::cli::Cli::parse();
    match mlprep::run(cli) {
        Ok(code) => std::process::exit(code),
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            // Output piped into `head` and closed: not an error for the user.
            std::process::exit(0);
        }
        Err(e) => {
            eprintln!("mlprep: error: {e}");
            for cause in e.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            std::process::exit(2);
        }
    }
}
