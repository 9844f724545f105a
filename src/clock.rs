//! The clock: the instant and the user's time zone, read once per turn of the event loop (or
//! once per command) and passed down. Study days are computed in the user's zone with the UTC
//! offset in force on that day, so a week that crosses a daylight-saving change still counts
//! each review on the day the user did it. Nothing below the front ends reads the system clock
//! or the machine's zone itself.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
pub use chrono_tz::Tz;

/// An instant and the zone to show it in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    pub now: DateTime<Utc>,
    pub tz: Tz,
}

impl Clock {
    /// The system clock in the user's zone ([`user_zone`]).
    pub fn system() -> Clock {
        Clock {
            now: Utc::now(),
            tz: user_zone(),
        }
    }

    /// A fixed instant in a fixed zone (tests).
    pub fn fixed(now: DateTime<Utc>, tz: Tz) -> Clock {
        Clock { now, tz }
    }

    /// `t` in the user's zone.
    pub fn local(&self, t: DateTime<Utc>) -> DateTime<Tz> {
        t.with_timezone(&self.tz)
    }
}

/// The study day `t` falls on: its local date, after moving the day boundary to
/// `rollover_hour` (a review at 01:30 with rollover 4 counts for the day before).
pub fn study_date(t: DateTime<Utc>, tz: &Tz, rollover_hour: u32) -> NaiveDate {
    (t.with_timezone(tz) - Duration::hours(rollover_hour as i64)).date_naive()
}

/// The user's time zone: `TZ` when it names a zone, else the system's, else UTC.
pub fn user_zone() -> Tz {
    let from_env = std::env::var("TZ")
        .ok()
        .and_then(|v| v.trim_start_matches(':').parse::<Tz>().ok());
    from_env
        .or_else(|| {
            iana_time_zone::get_timezone()
                .ok()
                .and_then(|n| n.parse::<Tz>().ok())
        })
        .unwrap_or(Tz::UTC)
}

/// The UTC instant a local wall-clock time on `date` falls at (the earlier one when the clocks
/// go back; the first instant after the gap when they go forward).
pub fn local_instant(tz: &Tz, date: NaiveDate, hour: u32) -> DateTime<Utc> {
    let naive = date.and_hms_opt(hour.min(23), 0, 0).unwrap_or_default();
    tz.from_local_datetime(&naive)
        .earliest()
        .or_else(|| {
            tz.from_local_datetime(&(naive + Duration::hours(1)))
                .earliest()
        })
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| naive.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn a_dst_week_counts_each_review_on_its_local_day() {
        // New York moved its clocks forward on Sunday 8 March 2026 (EST -5 -> EDT -4).
        let ny: Tz = "America/New_York".parse().unwrap();
        // 23:30 local on Saturday 7 March (EST) and 23:30 local on Monday 9 March (EDT).
        assert_eq!(
            study_date(utc("2026-03-08T04:30:00Z"), &ny, 0),
            NaiveDate::from_ymd_opt(2026, 3, 7).unwrap()
        );
        assert_eq!(
            study_date(utc("2026-03-10T03:30:00Z"), &ny, 0),
            NaiveDate::from_ymd_opt(2026, 3, 9).unwrap(),
            "today's offset (EDT) must not be applied to the day before the change"
        );
        // With today's offset applied to the whole week, Saturday 23:30 EST would be read as
        // Sunday 00:30: the bug this rule fixes.
        let fixed_edt = utc("2026-03-08T04:30:00Z") - Duration::hours(4);
        assert_eq!(
            fixed_edt.date_naive(),
            NaiveDate::from_ymd_opt(2026, 3, 8).unwrap()
        );
        // A rollover at 4: the day starts at 04:00 local on both sides of the change.
        let sun = NaiveDate::from_ymd_opt(2026, 3, 8).unwrap();
        let mon = NaiveDate::from_ymd_opt(2026, 3, 9).unwrap();
        assert_eq!(local_instant(&ny, sun, 4), utc("2026-03-08T08:00:00Z"));
        assert_eq!(local_instant(&ny, mon, 4), utc("2026-03-09T08:00:00Z"));
        assert_eq!(
            local_instant(&ny, sun, 2),
            utc("2026-03-08T07:00:00Z"),
            "02:00 does not exist"
        );
    }

    #[test]
    fn zones_far_from_utc_change_the_date() {
        let t = utc("2026-03-10T12:00:00Z");
        let kiritimati: Tz = "Pacific/Kiritimati".parse().unwrap();
        let st_johns: Tz = "America/St_Johns".parse().unwrap();
        assert_eq!(study_date(t, &kiritimati, 0).to_string(), "2026-03-11");
        assert_eq!(study_date(t, &st_johns, 0).to_string(), "2026-03-10");
        assert_eq!(
            Clock::fixed(t, Tz::UTC).local(t).to_string(),
            "2026-03-10 12:00:00 UTC"
        );
    }
}
