//! Mappings (spec §3): the JSON that says which column is which field, for files no preset
//! knows. Unknown keys, fields and event names are rejected with their JSON path.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{Event, Field, Kind};

/// A column mapping, as saved per client and passed with `--mapping`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// Kind of the rows.
    pub kind: Kind,
    /// Canonical field name → header name as written in the file.
    pub columns: BTreeMap<String, String>,
    /// A chrono format for the date cells (`%d.%m.%Y %H:%M`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_format: Option<String>,
    /// Decimal separator: `"."` (default) or `","`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimal: Option<String>,
    /// IANA zone of times without an offset (default: the client's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// The channel of every row, for files without a channel column.
    #[serde(default)]
    pub channel: Option<String>,
    /// The audience of every row, for files without an audience column (extension).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<String>,
    /// Extra event words → canonical event names.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub events: BTreeMap<String, String>,
}

/// A mapping that cannot be used, with the JSON path of the problem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("mapping: {path}: {message}")]
pub struct MappingError {
    /// JSON path (`columns.Datum`, `events.Abgemeldet`, `timezone`).
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl Mapping {
    /// Parse and check a mapping from JSON bytes.
    pub fn from_json(bytes: &[u8]) -> Result<Mapping, MappingError> {
        let mut de = serde_json::Deserializer::from_slice(bytes);
        let mapping: Mapping = serde_path_to_error::deserialize(&mut de).map_err(|err| {
            let path = err.path().to_string();
            MappingError {
                path: if path == "." { "(root)".into() } else { path },
                message: err.into_inner().to_string(),
            }
        })?;
        mapping.check()?;
        Ok(mapping)
    }

    /// Check field names, events, decimal and zone.
    pub fn check(&self) -> Result<(), MappingError> {
        let err = |path: String, message: String| Err(MappingError { path, message });
        let fields = Field::of_kind(self.kind);
        for (name, column) in &self.columns {
            match Field::parse(name) {
                Some(f) if fields.contains(&f) => {}
                _ => {
                    return err(
                        format!("columns.{name}"),
                        format!(
                            "\"{name}\" is not a field of {} (fields: {})",
                            self.kind,
                            fields
                                .iter()
                                .map(|f| f.name())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )
                }
            }
            if column.trim().is_empty() {
                return err(format!("columns.{name}"), "the column name is empty".into());
            }
        }
        for (word, event) in &self.events {
            if Event::ALL.iter().all(|e| e.as_str() != event) {
                return err(
                    format!("events.{word}"),
                    format!("\"{event}\" is not an event (delivered, open, click, unsubscribe, complaint, bounce, reply, conversion)"),
                );
            }
        }
        if let Some(d) = &self.decimal {
            if d != "." && d != "," {
                return err("decimal".into(), format!("\"{d}\" must be \".\" or \",\""));
            }
        }
        if let Some(zone) = &self.timezone {
            if zone.parse::<chrono_tz::Tz>().is_err() {
                return err(
                    "timezone".into(),
                    format!("\"{zone}\" is not an IANA time zone"),
                );
            }
        }
        if let Some(format) = &self.date_format {
            if format.trim().is_empty() {
                return err("date_format".into(), "the format is empty".into());
            }
        }
        for field in fields.iter().filter(|f| f.required_in(self.kind)) {
            let constant = match field {
                Field::Channel => self.channel.is_some(),
                Field::Audience => self.audience.is_some(),
                _ => false,
            };
            if !constant && !self.columns.contains_key(field.name()) {
                return err(
                    "columns".into(),
                    format!("{} needs a column for \"{}\"", self.kind, field.name()),
                );
            }
        }
        Ok(())
    }

    /// The event for `word`: the mapping's own words first, then the built-in ones.
    pub fn event(&self, word: &str) -> Option<Event> {
        let trimmed = word.trim();
        self.events
            .iter()
            .find(|(w, _)| w.trim().eq_ignore_ascii_case(trimmed))
            .and_then(|(_, e)| Event::ALL.iter().copied().find(|x| x.as_str() == e))
            .or_else(|| Event::from_word(word))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_example_parses() {
        let json = r#"{ "kind": "sends",
          "columns": { "at": "Datum", "channel": "Kanal", "audience": "Segment", "title": "Kampagne",
                       "recipients": "Empfänger", "delivered": "Zugestellt", "opens": "Öffnungen",
                       "clicks": "Klicks", "unsubscribes": "Abmeldungen" },
          "date_format": "%d.%m.%Y %H:%M", "decimal": ",", "timezone": "Europe/Berlin",
          "channel": null, "events": { "Abgemeldet": "unsubscribe" } }"#;
        let m = Mapping::from_json(json.as_bytes()).unwrap();
        assert_eq!(m.columns["delivered"], "Zugestellt");
        assert_eq!(m.event("abgemeldet"), Some(Event::Unsubscribe));
    }

    #[test]
    fn unknown_keys_have_paths() {
        let e = Mapping::from_json(br#"{"kind":"sends","columns":{},"colour":1}"#).unwrap_err();
        assert_eq!(e.path, "colour");
        let e = Mapping::from_json(
            br#"{"kind":"sends","columns":{"at":"a","channel":"c","audience":"x","delivered":"d","flavour":"f"}}"#,
        )
        .unwrap_err();
        assert_eq!(e.path, "columns.flavour");
        let e = Mapping::from_json(
            br#"{"kind":"inbox","columns":{"received_at":"a","from":"f"},"channel":"sms","events":{"X":"nope"}}"#,
        )
        .unwrap_err();
        assert_eq!(e.path, "events.X");
        let e = Mapping::from_json(br#"{"kind":"daily","columns":{"date":"d"}}"#).unwrap_err();
        assert!(e.message.contains("channel"));
        let e = Mapping::from_json(br#"{"kind":"weekly","columns":{}}"#).unwrap_err();
        assert_eq!(e.path, "kind");
    }
}
