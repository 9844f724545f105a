//! Stats: the dashboard with the clock moved.

use crate::tui::test_support::*;

#[test]
fn stats_screen_shows_days_of_reviews_with_the_clock_moved() {
    let (mut app, _d) = app();
    // Three study days of reviews.
    for day in 0..3 {
        let at = now() + Duration::days(day);
        for id in ["fx-convexity", "fx-escape", "fx-sum"] {
            app.study
                .grade(
                    id,
                    crate::schedule::Grade::Good,
                    at,
                    Duration::seconds(30),
                    crate::study::ReviewSource::Review,
                )
                .unwrap();
        }
    }
    let later = now() + Duration::days(2) + Duration::hours(1);
    let dash = crate::stats::dashboard(&app.study, later).unwrap();
    assert_eq!(
        dash.reviews_per_day
            .iter()
            .rev()
            .take(3)
            .copied()
            .collect::<Vec<_>>(),
        vec![3, 3, 3]
    );
    assert_eq!(dash.heatmap.iter().map(|x| x.1).sum::<u32>(), 9);
    assert!(dash.forecast.iter().sum::<u32>() >= 3);
    press(&mut app, "s", later);
    let screen = screen_text(&mut app, 80, 24);
    assert!(screen.contains("reviews, 16 weeks: 9"), "{screen}");
    press(&mut app, "4", later);
    let screen = screen_text(&mut app, 80, 24);
    assert!(screen.contains("what to study next"), "{screen}");
    press(&mut app, "q", later);
    assert!(matches!(app.screen, Screen::Home(_)));
}
