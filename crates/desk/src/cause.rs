//! What caused a new violation: the desk's last change, and the violations its client had
//! just before it. A violation the client did not have before is "new since" that change,
//! whichever message it sits on (a move that makes a later message the third in a week).

use std::collections::HashSet;

use cadence_engine::{Engine, Violation, ViolationKey};

/// The identities of a client's violations now (none for a client the engine does not know).
pub(crate) fn client_keys(engine: &Engine, client: &str) -> HashSet<ViolationKey> {
    engine.client_violation_keys(client).unwrap_or_default()
}

/// The last change the desk made and what its client broke before it.
#[derive(Debug, Clone)]
pub(crate) struct LastChange {
    /// The changed client.
    pub client: String,
    /// For people: "New since you moved “Flash sale” to Tue 17 Nov 10:00".
    pub cause: String,
    /// The client's violations just before the change.
    pub before: HashSet<ViolationKey>,
}

impl LastChange {
    /// Whether `v` (a violation of the changed client) came with the change.
    pub fn is_new(&self, v: &Violation) -> bool {
        !self.before.contains(&v.key())
    }
}

/// The cause sentence for an undo label: "Move “X”" -> "New since you moved “X”", "Edit
/// message “X”" -> "New since you edited message “X”", "New segment “Y”" -> "New since you
/// added segment “Y”", "Delete “Z”" -> "New since you deleted “Z”"; anything else names the
/// step: "New since “Apply history cap to …”".
pub(crate) fn cause_of(label: &str) -> String {
    for (verb, past) in [
        ("Move ", "moved"),
        ("Edit ", "edited"),
        ("New ", "added"),
        ("Delete ", "deleted"),
    ] {
        if let Some(rest) = label.strip_prefix(verb) {
            return format!("New since you {past} {rest}");
        }
    }
    format!("New since “{label}”")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_become_causes() {
        assert_eq!(cause_of("Move “Flash”"), "New since you moved “Flash”");
        assert_eq!(
            cause_of("Edit message “Flash”"),
            "New since you edited message “Flash”"
        );
        assert_eq!(
            cause_of("New segment “Fans”"),
            "New since you added segment “Fans”"
        );
        assert_eq!(cause_of("Delete “Fans”"), "New since you deleted “Fans”");
        assert_eq!(
            cause_of("Apply history cap to segment “Fans”"),
            "New since “Apply history cap to segment “Fans””"
        );
    }
}
