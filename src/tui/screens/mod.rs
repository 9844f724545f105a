//! One module per screen: its state, how it reacts to actions and how it draws.

pub mod browse;
pub mod drill;
pub mod help;
pub mod home;
pub mod loops;
pub mod mock;
pub mod mock_view;
pub mod practice;
pub mod review;
pub mod search;
pub mod stats;
pub mod stories;

use ratatui::layout::Rect;

/// A rectangle of at most `w` x `h` centred in `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}
