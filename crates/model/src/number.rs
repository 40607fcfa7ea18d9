//! Serde helper: write whole-valued floats as integers, so `16` stays `16` in plan files.

use serde::{Deserialize, Deserializer, Serializer};

/// Serialize `value`, as an integer when it has no fractional part.
pub fn serialize<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        serializer.serialize_i64(*value as i64)
    } else {
        serializer.serialize_f64(*value)
    }
}

/// Deserialize any JSON number as `f64`.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
    f64::deserialize(deserializer)
}
