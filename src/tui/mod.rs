//! The terminal UI: the only code that knows ratatui or crossterm. A synchronous loop: draw,
//! poll for a key (250 ms), handle it, then `tick(now)` so timers move without input. The
//! terminal is restored on quit, on error and on panic (ratatui's init installs the hook).

pub mod app;
pub mod chart;
pub mod effect;
pub mod keys;
pub mod markdown;
pub mod screens;
pub mod theme;

pub use app::{App, Start};

use crate::clock::Clock;
use crate::config::Settings;
use crate::study::Study;
use anyhow::{Context, Result};
use chrono::Utc;
use crossterm::event::{self, Event, KeyEventKind};
use std::time::Duration;

/// Opens the study context, then runs the UI until the user quits.
pub fn run(settings: Settings, start: Start) -> Result<i32> {
    let clock = Clock::system();
    run_with(Study::open(settings, clock.now)?, start)
}

/// Runs the UI over an open study context.
pub fn run_with(study: Study, start: Start) -> Result<i32> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        anyhow::bail!(
            "the interactive screen needs a terminal, but standard output is redirected; for text output use a subcommand such as `mlprep stats` or `mlprep plan`"
        );
    }
    let mut app = App::new(study, start, theme::Theme::from_env(), Clock::system().now)?;
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

/// One turn: draw, wait up to 250 ms for a key, read the clock once, handle the key, hand the
/// terminal to the editor if asked (the clock is read again when it returns), tick.
fn event_loop(terminal: &mut ratatui::DefaultTerminal, app: &mut App) -> Result<()> {
    while !app.should_quit() {
        terminal.draw(|f| app.render(f))?;
        let key = if event::poll(Duration::from_millis(250))? {
            match event::read()? {
                Event::Key(key) if key.kind != KeyEventKind::Release => Some(key),
                _ => None,
            }
        } else {
            None
        };
        let mut now = Utc::now();
        if let Some(key) = key {
            app.on_key(key, now)?;
        }
        if let Some(req) = app.take_external() {
            // Hand the terminal to an editor (or another program), then take it back.
            ratatui::restore();
            let outcome = req.run();
            *terminal = ratatui::try_init()?;
            terminal.clear()?;
            now = Utc::now();
            app.external_done(outcome, now)?;
        }
        app.tick(now)?;
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod test_support;

#[cfg(test)]
mod tests;
