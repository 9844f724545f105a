//! Presets: per-kind (`[presets.<kind>]` in config.toml) and per-deck (`[schedule]` in a deck's
//! front matter) overrides of desired retention, learning steps, relearning steps, maximum
//! interval and daily limits, with py-fsrs semantics. A deck's preset wins over its kind's, which
//! wins over the global settings. Coding kinds default to no sub-day steps.

use chrono::Duration;

/// What a preset may set. Every key is optional.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Preset {
    pub desired_retention: Option<f32>,
    /// `["1m", "10m"]`; units s, m, h, d. An empty list means no steps.
    pub learning_steps: Option<Vec<String>>,
    pub relearning_steps: Option<Vec<String>>,
    /// Days.
    pub maximum_interval: Option<u32>,
    pub new_per_day: Option<u32>,
    pub reviews_per_day: Option<u32>,
}

/// The scheduler settings a card is graded with, after presets are applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Steps {
    pub desired_retention: f32,
    pub learning: Vec<Duration>,
    pub relearning: Vec<Duration>,
    pub maximum_interval_days: u32,
}

/// `"90s"`, `"10m"`, `"1h"`, `"2d"` (a bare number is minutes).
pub fn parse_step(s: &str) -> Result<Duration, String> {
    let t = s.trim();
    let (num, unit) = match t.find(|c: char| !c.is_ascii_digit() && c != '.') {
        Some(i) => (&t[..i], t[i..].trim()),
        None => (t, "m"),
    };
    let n: f64 = num
        .parse()
        .map_err(|_| format!("step `{s}` is not a number with a unit (s, m, h, d)"))?;
    let secs = match unit {
        "s" => n,
        "m" | "min" => n * 60.0,
        "h" => n * 3600.0,
        "d" => n * 86400.0,
        _ => {
            return Err(format!(
                "step `{s}`: unknown unit `{unit}` (use s, m, h or d)"
            ));
        }
    };
    if !(1.0..=86400.0 * 30.0).contains(&secs) {
        return Err(format!("step `{s}` must be between 1 second and 30 days"));
    }
    Ok(Duration::seconds(secs.round() as i64))
}

impl Preset {
    /// Checks every value; the error names the key.
    pub fn validate(&self) -> Result<(), String> {
        if let Some(r) = self.desired_retention
            && !(0.7..=0.99).contains(&r)
        {
            return Err(format!("desired_retention {r} is outside 0.70..0.99"));
        }
        for list in [&self.learning_steps, &self.relearning_steps]
            .into_iter()
            .flatten()
        {
            for s in list {
                parse_step(s)?;
            }
        }
        if let Some(m) = self.maximum_interval
            && !(1..=36500).contains(&m)
        {
            return Err(format!("maximum_interval {m} must be 1..=36500 days"));
        }
        Ok(())
    }

    /// `base` with this preset's keys applied.
    pub fn over(&self, base: &Steps) -> Steps {
        let steps = |v: &Option<Vec<String>>, b: &Vec<Duration>| match v {
            Some(list) => list.iter().filter_map(|s| parse_step(s).ok()).collect(),
            None => b.clone(),
        };
        Steps {
            desired_retention: self.desired_retention.unwrap_or(base.desired_retention),
            learning: steps(&self.learning_steps, &base.learning),
            relearning: steps(&self.relearning_steps, &base.relearning),
            maximum_interval_days: self.maximum_interval.unwrap_or(base.maximum_interval_days),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_parse_with_units_and_refuse_nonsense() {
        assert_eq!(parse_step("10m"), Ok(Duration::minutes(10)));
        assert_eq!(parse_step("90s"), Ok(Duration::seconds(90)));
        assert_eq!(parse_step("1.5h"), Ok(Duration::minutes(90)));
        assert_eq!(parse_step("1d"), Ok(Duration::days(1)));
        assert_eq!(parse_step("5"), Ok(Duration::minutes(5)));
        assert!(
            parse_step("10 parsecs")
                .unwrap_err()
                .contains("unknown unit")
        );
        assert!(parse_step("0s").is_err());
    }

    #[test]
    fn a_preset_overrides_only_what_it_names() {
        let base = Steps {
            desired_retention: 0.9,
            learning: vec![Duration::minutes(1), Duration::minutes(10)],
            relearning: vec![Duration::minutes(10)],
            maximum_interval_days: 36500,
        };
        let p: Preset = toml::from_str("relearning_steps = []\nmaximum_interval = 3650").unwrap();
        let s = p.over(&base);
        assert_eq!(s.learning, base.learning);
        assert!(s.relearning.is_empty());
        assert_eq!(s.maximum_interval_days, 3650);
        assert!(
            toml::from_str::<Preset>("learning = []").is_err(),
            "unknown keys refused"
        );
        let bad: Preset = toml::from_str("desired_retention = 0.5").unwrap();
        assert!(bad.validate().unwrap_err().contains("desired_retention"));
    }
}
