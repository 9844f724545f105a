//! The `mlprep` binary: parse the command line, run, map errors to an exit status.

use clap::Parser;

fn main() {
    quiet_on_closed_stdout();
    let cli = mlprep::cli::Cli::parse();
    match mlprep::run(cli) {
        Ok(code) => std::process::exit(code),
        Err(e) if e.chain().any(is_broken_pipe) => {
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

/// An EPIPE on stdout, however it was wrapped (plain I/O or JSON serialisation).
fn is_broken_pipe(e: &(dyn std::error::Error + 'static)) -> bool {
    e.downcast_ref::<std::io::Error>()
        .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
        || e.downcast_ref::<serde_json::Error>()
            .is_some_and(|j| j.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
}

/// `println!` panics when the reader of a pipe has gone (`mlprep mock history | head`); exit
/// quietly with status 0 instead, like other Unix tools. Every other panic is reported as usual.
fn quiet_on_closed_stdout() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.starts_with("failed printing to stdout") && message.contains("Broken pipe") {
            std::process::exit(0);
        }
        default(info);
    }));
}
