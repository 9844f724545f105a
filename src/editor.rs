//! Launching the user's editor: `$EDITOR`, then `$VISUAL`, then the config file's `editor`,
//! then the first of nano / vim / vi found on PATH; opens at a line (`+LINE`, or `--goto` for
//! VS Code).

use anyhow::{Context, Result, bail};
use std::path::Path;
use std::process::Command;

/// The editor command line to use, split into program and arguments.
pub fn editor_command(configured: Option<&str>) -> Option<Vec<String>> {
    let from = |v: Option<String>| {
        v.filter(|s| !s.trim().is_empty())
            .map(|s| s.split_whitespace().map(str::to_string).collect::<Vec<_>>())
    };
    from(std::env::var("EDITOR").ok())
        .or_else(|| from(std::env::var("VISUAL").ok()))
        .or_else(|| from(configured.map(str::to_string)))
        .or_else(|| {
            ["nano", "vim", "vi"]
                .iter()
                .find(|p| on_path(p))
                .map(|p| vec![p.to_string()])
        })
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join(program).is_file()))
}

/// Opens `path` (at `line` when given) and waits for the editor to exit.
pub fn open(path: &Path, line: Option<u32>, configured: Option<&str>) -> Result<()> {
    let Some(cmd) = editor_command(configured) else {
        bail!("no editor found: set EDITOR (for example `export EDITOR=nano`)");
    };
    let program = &cmd[0];
    let name = Path::new(program)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("");
    let mut c = Command::new(program);
    c.args(&cmd[1..]);
    match (line, name) {
        (Some(l), "code" | "code-insiders" | "codium") => {
            c.arg("--goto").arg(format!("{}:{l}", path.display()));
        }
        // `+LINE FILE` is the convention of vi, vim, nano, emacs, micro, kak, joe and most
        // terminal editors; it is the default for editors we do not know.
        (Some(l), _) => {
            c.arg(format!("+{l}")).arg(path);
        }
        _ => {
            c.arg(path);
        }
    }
    let status = c
        .status()
        .with_context(|| format!("cannot start editor `{program}`"))?;
    if !status.success() {
        bail!("editor `{program}` exited with {status}");
    }
    Ok(())
}
