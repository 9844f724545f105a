//! The terminal UI: the only code that knows ratatui or crossterm. A synchronous loop: draw,
//! poll for a key (250 ms), handle it, then `tick(now)` so timers move without input. The
//! terminal is restored on quit, on error and on panic (ratatui's init installs the hook).

pub mod app;
pub mod keys;
pub mod markdown;
pub mod screens;
pub mod theme;

pub use app::{App, Start};

use crate::config::Settings;
use crate::study::Study;
use anyhow::{Context, Result};
use chrono::Utc;
use crossterm::event::{self, Event, KeyEventKind};
use std::time::Duration;

/// Opens the study context, then runs the UI until the user quits.
pub fn run(settings: Settings, start: Start) -> Result<i32> {
    run_with(Study::open(settings, Utc::now())?, start)
}

/// Runs the UI over an open study context.
pub fn run_with(study: Study, start: Start) -> Result<i32> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        anyhow::bail!(
            "the interactive screen needs a terminal, but standard output is redirected; for text output use a subcommand such as `mlprep stats` or `mlprep plan`"
        );
    }
    let mut app = App::new(study, start, theme::Theme::from_env(), Utc::now())?;
    let mut terminal = ratatui::try_init()
        .context("cannot initialise the terminal (is this an interactive terminal?)")?;
    let result = event_loop(&mut terminal, &mut app);
    ratatui::restore();
    result?;
    if let Some(msg) = app.exit_message() {
        println!("{msg}");
    }
    Ok(0)
}

fn event_loop(terminal: &mut ratatui::DefaultTerminal, app: &mut App) -> Result<()> {
    while !app.should_quit() {
        terminal.draw(|f| app.render(f))?;
        if event::poll(Duration::from_millis(250))? {
            match event::read()? {
                Event::Key(key) if key.kind != KeyEventKind::Release => {
                    app.on_key(key, Utc::now())?
                }
                Event::Resize(..) => {}
                _ => {}
            }
        }
        if let Some(req) = app.take_external() {
            // Hand the terminal to an editor (or another program), then take it back.
            ratatui::restore();
            let outcome = req.run();
            *terminal = ratatui::try_init()?;
            terminal.clear()?;
            app.external_done(outcome, Utc::now())?;
        }
        app.tick(Utc::now())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod mock_tests;
