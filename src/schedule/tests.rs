//! Tests of the scheduler against py-fsrs known-answer values, steps, presets and limits.

use super::*;
use chrono::TimeZone;

/// The py-fsrs 6 known-answer vector (FSRS.md): default parameters and steps, fuzz off,
/// each review exactly when due.
#[test]
fn reproduces_the_py_fsrs_known_answer_vector() {
    let s = Scheduler::new(SchedulerConfig::default()).unwrap();
    let grades = [3, 3, 3, 3, 3, 3, 1, 1, 3, 3, 3, 3, 3];
    let mut now = Utc.with_ymd_and_hms(2022, 11, 29, 12, 30, 0).unwrap();
    let mut state = CardState::new(now);
    let mut intervals = Vec::new();
    for g in grades {
        state = s
            .apply(&state, Grade::from_number(g).unwrap(), Kind::Breadth, now)
            .unwrap();
        intervals.push((state.due - now).num_days());
        now = state.due;
    }
    assert_eq!(
        intervals,
        vec![0, 2, 11, 46, 163, 498, 0, 0, 2, 4, 7, 12, 21]
    );
}

#[test]
fn coding_cards_never_get_sub_day_steps() {
    let s = Scheduler::new(SchedulerConfig::default()).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0).unwrap();
    for g in Grade::ALL {
        let st = s
            .apply(&CardState::new(now), g, Kind::Leetcode, now)
            .unwrap();
        assert!(st.due - now >= Duration::days(1), "{g:?}");
        assert_eq!(st.phase, Phase::Review);
        let lapse = s.apply(&st, Grade::Again, Kind::MlCoding, st.due).unwrap();
        assert!(lapse.due - st.due >= Duration::days(1));
        assert_eq!(lapse.lapses, 1);
    }
}

#[test]
fn learning_steps_follow_anki() {
    let s = Scheduler::new(SchedulerConfig::default()).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0).unwrap();
    let o = s.preview(&CardState::new(now), Kind::Breadth, now).unwrap();
    let labels: Vec<String> = o.iter().map(|o| o.interval_label(now)).collect();
    assert_eq!(labels[0], "1m");
    assert_eq!(labels[1], "5m");
    assert_eq!(labels[2], "10m");
    assert!(labels[3].ends_with('d'));
    assert_eq!(o[0].state.phase, Phase::Learning);
    assert_eq!(o[3].state.phase, Phase::Review);
}

#[test]
fn replay_matches_step_by_step() {
    let s = Scheduler::new(SchedulerConfig::default()).unwrap();
    let t0 = Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0).unwrap();
    let log = [
        (t0, Grade::Good),
        (t0 + Duration::minutes(10), Grade::Good),
        (t0 + Duration::days(3), Grade::Hard),
    ];
    let a = s.replay(Kind::Breadth, &log).unwrap().unwrap();
    let mut st = CardState::new(t0);
    for (t, g) in log {
        st = s.apply(&st, g, Kind::Breadth, t).unwrap();
    }
    assert_eq!(a, st);
}

#[test]
fn higher_retention_gives_shorter_intervals() {
    let now = Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0).unwrap();
    let due = |r: f32| {
        let s = Scheduler::new(SchedulerConfig {
            desired_retention: r,
            ..Default::default()
        })
        .unwrap();
        s.apply(&CardState::new(now), Grade::Easy, Kind::Breadth, now)
            .unwrap()
            .due
    };
    assert!(due(0.95) < due(0.80));
}

/// py-fsrs 6.3.x with `random-500-custom`-style settings (one 10-minute learning step, no
/// relearning steps, a 3,650-day maximum interval, retention 0.85, fuzz off), computed with
/// `fsrs==6.3.*` and committed: (grade, hours after due, interval seconds, stability, difficulty).
#[allow(clippy::excessive_precision)]
const CUSTOM_A: [(u8, i64, i64, f32, f32); 16] = [
    (3, 0, 345600, 2.306500, 2.118104),
    (3, 0, 2678400, 16.177263, 2.111214),
    (3, 0, 14947200, 90.988939, 2.104331),
    (1, 0, 691200, 4.141531, 7.389976),
    (3, 0, 2332800, 13.949271, 7.377814),
    (3, 30, 6825600, 41.652763, 7.365665),
    (2, 0, 13478400, 81.861796, 8.236434),
    (4, -48, 40867200, 248.250822, 7.632361),
    (1, 0, 864000, 5.476741, 9.207001),
    (1, 0, 172800, 1.044893, 9.724575),
    (3, 0, 345600, 2.138532, 9.710079),
    (3, 5, 691200, 4.119813, 9.695597),
    (4, 0, 1728000, 10.748917, 9.579108),
    (3, 0, 3110400, 19.104561, 9.564758),
    (2, 0, 4492800, 27.365066, 9.696294),
    (3, 0, 7257600, 44.283539, 9.681826),
];
#[allow(clippy::excessive_precision)]
const CUSTOM_B: [(u8, i64, i64, f32, f32); 13] = [
    (1, 0, 600, 0.212000, 6.413300),
    (2, 0, 900, 0.212000, 7.604210),
    (1, 0, 600, 0.083357, 9.197748),
    (3, 0, 86400, 0.103141, 9.183779),
    (4, 0, 172800, 1.015640, 8.896264),
    (4, 0, 691200, 4.371901, 8.512676),
    (4, 0, 2851200, 17.184716, 8.000910),
    (4, 0, 11059200, 66.964017, 7.318135),
    (4, 0, 42249600, 256.288948, 6.407209),
    (4, 0, 161136000, 978.259151, 5.191894),
    (4, 0, 315360000, 3764.843195, 3.570478),
    (1, 0, 2073600, 12.432595, 7.871888),
    (3, 0, 5529600, 33.666933, 7.859245),
];

fn replay_known(s: &Scheduler, kind: Kind, deck: Option<&str>, rows: &[(u8, i64, i64, f32, f32)]) {
    let mut now = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap();
    let mut state = CardState::new(now);
    for (i, &(g, late_h, secs, stability, difficulty)) in rows.iter().enumerate() {
        if i > 0 {
            now = state.due + Duration::hours(late_h);
        }
        state = s
            .apply_in(
                &state,
                Grade::from_number(g as i64).unwrap(),
                kind,
                deck,
                now,
            )
            .unwrap();
        assert_eq!(
            (state.due - now).num_seconds(),
            secs,
            "review {i}: interval"
        );
        let m = state.memory.unwrap();
        assert!(
            (m.stability - stability).abs() <= 1e-4 * stability.max(1.0),
            "review {i}: S {} vs {stability}",
            m.stability
        );
        assert!(
            (m.difficulty - difficulty).abs() <= 1e-4 * difficulty,
            "review {i}: D {} vs {difficulty}",
            m.difficulty
        );
    }
}

#[test]
fn custom_settings_reproduce_py_fsrs_6_3() {
    let s = Scheduler::new(SchedulerConfig {
        desired_retention: 0.85,
        learning_steps: vec![Duration::minutes(10)],
        relearning_steps: vec![],
        maximum_interval_days: 3650,
        ..SchedulerConfig::default()
    })
    .unwrap();
    replay_known(&s, Kind::Breadth, None, &CUSTOM_A);
    replay_known(&s, Kind::Breadth, None, &CUSTOM_B);
}

#[test]
fn the_same_settings_as_a_kind_preset_or_a_deck_preset_give_the_same_schedule() {
    let p: Preset = toml::from_str(
        "learning_steps = [\"10m\"]\nrelearning_steps = []\nmaximum_interval = 3650\ndesired_retention = 0.85",
    )
    .unwrap();
    let mut cfg = SchedulerConfig::default();
    cfg.kind_presets.insert(Kind::Depth, p.clone());
    cfg.deck_presets.insert("mine/cram.md".into(), p);
    let s = Scheduler::new(cfg).unwrap();
    replay_known(&s, Kind::Depth, None, &CUSTOM_A);
    replay_known(&s, Kind::Breadth, Some("mine/cram.md"), &CUSTOM_B);
    // Other kinds and decks keep the defaults: a first Good is a 10-minute step, not a graduation.
    let now = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap();
    let st = s
        .apply(&CardState::new(now), Grade::Good, Kind::Breadth, now)
        .unwrap();
    assert_eq!(st.due - now, Duration::minutes(10));
}

#[test]
fn a_preset_can_give_coding_cards_steps() {
    let mut cfg = SchedulerConfig::default();
    cfg.kind_presets.insert(
        Kind::Leetcode,
        toml::from_str("learning_steps = [\"30m\"]").unwrap(),
    );
    let s = Scheduler::new(cfg).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap();
    let st = s
        .apply(&CardState::new(now), Grade::Again, Kind::Leetcode, now)
        .unwrap();
    assert_eq!(st.due - now, Duration::minutes(30));
    let st = s
        .apply(&CardState::new(now), Grade::Again, Kind::MlCoding, now)
        .unwrap();
    assert!(
        st.due - now >= Duration::days(1),
        "ml-coding keeps no steps"
    );
}

#[test]
fn due_labels_agree_on_days() {
    let now = Utc.with_ymd_and_hms(2026, 3, 10, 9, 0, 0).unwrap();
    let end = Utc.with_ymd_and_hms(2026, 3, 11, 4, 0, 0).unwrap();
    assert_eq!(due_label(now, now, end), "now");
    assert_eq!(due_label(now + Duration::minutes(10), now, end), "10m");
    assert_eq!(due_label(now + Duration::hours(5), now, end), "5h");
    // Tomorrow at any hour is one day away, whether 20 or 27 hours from now.
    assert_eq!(due_label(end + Duration::hours(1), now, end), "1d");
    assert_eq!(due_label(now + Duration::hours(24), now, end), "1d");
    assert_eq!(
        due_label(now + Duration::minutes(23 * 60 + 50), now, end),
        "1d"
    );
    assert_eq!(due_label(end + Duration::hours(30), now, end), "2d");
    assert_eq!(interval_label(Duration::minutes(23 * 60 + 40)), "1d");
    assert_eq!(interval_label(Duration::minutes(23 * 60 + 20)), "23h");
}
