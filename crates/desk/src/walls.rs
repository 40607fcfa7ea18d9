//! Wall times of the zone on screen: the one place the desk turns a zone name into a zone for
//! the screens, and instants into the wall times a view draws.

use cadence_model::time::parse_timezone;
use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;

use crate::ipc::{AppError, ErrorCode};

/// Most instants one [`wall_times`] call converts.
pub const MAX_WALL_TIMES: usize = 1_000;

/// The IANA zone `name`, or an error that names it.
pub(crate) fn zone(name: &str) -> Result<Tz, AppError> {
    parse_timezone(name).ok_or_else(|| {
        AppError::new(
            ErrorCode::InvalidInput,
            format!("unknown time zone \"{name}\""),
        )
    })
}

/// The wall time of `at` in `tz`.
pub(crate) fn wall_of(at: DateTime<Utc>, tz: Tz) -> NaiveDateTime {
    at.with_timezone(&tz).naive_local()
}

/// The wall times of `instants` in the zone `zone`, in the same order (at most
/// [`MAX_WALL_TIMES`] at a time).
pub fn wall_times(
    zone_name: &str,
    instants: &[DateTime<Utc>],
) -> Result<Vec<NaiveDateTime>, AppError> {
    if instants.len() > MAX_WALL_TIMES {
        return Err(AppError::new(
            ErrorCode::InvalidInput,
            format!(
                "{} instants asked for; at most {MAX_WALL_TIMES} at a time",
                instants.len()
            ),
        ));
    }
    let tz = zone(zone_name)?;
    Ok(instants.iter().map(|at| wall_of(*at, tz)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn instants_become_wall_times_of_far_zones() {
        let walls = wall_times(
            "Pacific/Kiritimati",
            &[at("2026-11-23T10:30:00Z"), at("2026-11-23T09:59:00Z")],
        )
        .unwrap();
        // UTC+14: half past ten in the morning UTC is half past midnight the next day.
        assert_eq!(walls[0].to_string(), "2026-11-24 00:30:00");
        assert_eq!(walls[1].to_string(), "2026-11-23 23:59:00");
        let st_johns = wall_times("America/St_Johns", &[at("2026-11-23T12:00:00Z")]).unwrap();
        assert_eq!(st_johns[0].to_string(), "2026-11-23 08:30:00", "UTC-3:30");
    }

    #[test]
    fn an_unknown_zone_and_too_many_instants_are_refused() {
        let err = wall_times("Mars/Olympus", &[at("2026-11-23T12:00:00Z")]).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput);
        assert!(err.message.contains("Mars/Olympus"), "{}", err.message);
        let many = vec![at("2026-11-23T12:00:00Z"); MAX_WALL_TIMES + 1];
        assert_eq!(
            wall_times("UTC", &many).unwrap_err().code,
            ErrorCode::InvalidInput
        );
    }
}
