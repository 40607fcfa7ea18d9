//! Serde for values shared between states (`Arc<T>`, as the plan's clients are): written and
//! read as the plain values, so the plan file and the TypeScript types stay the same.

use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Write a shared value as the value itself.
pub fn serialize<T: Serialize, S: Serializer>(value: &Arc<T>, s: S) -> Result<S::Ok, S::Error> {
    (**value).serialize(s)
}

/// A list of shared values, written and read as a list of the values.
pub mod list {
    use super::*;

    /// Write the list as a list of the values.
    pub fn serialize<T: Serialize, S: Serializer>(
        values: &[Arc<T>],
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.collect_seq(values.iter().map(|v| &**v))
    }

    /// Read a list of values, each then shared.
    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Vec<Arc<T>>, D::Error> {
        Ok(Vec::<T>::deserialize(d)?
            .into_iter()
            .map(Arc::new)
            .collect())
    }
}
