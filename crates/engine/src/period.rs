//! The checked period: a half-open UTC interval of whole days.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::EngineError;
use cadence_model::limits::{year_in_range, MAX_YEAR, MIN_YEAR};
use cadence_model::Horizon;

/// Longest period a check, an export or a query may cover: ten years and a few days, the
/// longest valid horizon.
pub const MAX_PERIOD_DAYS: i64 = 3_660;

/// A checked period `[start 00:00 UTC, end 00:00 UTC)`; touches outside it are ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Period {
    /// First day, inclusive.
    pub start: NaiveDate,
    /// Day after the last, exclusive.
    pub end: NaiveDate,
}

impl Period {
    /// A period from `start` to `end` (exclusive); an error unless `start < end`, both within
    /// the supported years, and at most [`MAX_PERIOD_DAYS`] long.
    pub fn new(start: NaiveDate, end: NaiveDate) -> Result<Self, EngineError> {
        for date in [start, end] {
            if !year_in_range(date) {
                return Err(EngineError::OutOfYears {
                    date: date.to_string(),
                    min: MIN_YEAR,
                    max: MAX_YEAR,
                });
            }
        }
        if start < end && (end - start).num_days() > MAX_PERIOD_DAYS {
            return Err(EngineError::RangeTooLong {
                what: "a checked period",
                limit: format!("{MAX_PERIOD_DAYS} days"),
            });
        }
        if start < end {
            Ok(Period { start, end })
        } else {
            Err(EngineError::EmptyRange {
                from: start.to_string(),
                to: end.to_string(),
            })
        }
    }

    /// The plan's horizon as a period.
    pub fn from_horizon(horizon: Horizon) -> Self {
        Period {
            start: horizon.start,
            end: horizon.end,
        }
    }

    /// The horizon, with `from`/`to` replacing its ends when given (the CLI's override).
    pub fn with_override(
        horizon: Horizon,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Self, EngineError> {
        Period::new(from.unwrap_or(horizon.start), to.unwrap_or(horizon.end))
    }

    /// Start instant in seconds since the Unix epoch.
    pub fn start_secs(&self) -> i64 {
        day_secs(self.start)
    }

    /// End instant (exclusive) in seconds since the Unix epoch.
    pub fn end_secs(&self) -> i64 {
        day_secs(self.end)
    }

    /// Whether an instant (seconds since the epoch) lies in the period.
    pub fn contains(&self, secs: i64) -> bool {
        secs >= self.start_secs() && secs < self.end_secs()
    }
}

/// Seconds since the epoch of a date's 00:00 UTC.
pub(crate) fn day_secs(day: NaiveDate) -> i64 {
    day.and_hms_opt(0, 0, 0)
        .expect("midnight exists")
        .and_utc()
        .timestamp()
}

/// An instant from seconds since the epoch.
pub(crate) fn instant(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).expect("instants stay within chrono's range")
}
