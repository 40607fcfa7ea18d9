//! Finding the header row and what each column is: by preset or by mapping.

use chrono_tz::Tz;
use csv::StringRecord;

use crate::error::ReadError;
use crate::mapping::Mapping;
use crate::model::{Event, Field, Kind, Metric};
use crate::preset::{normalize, Preset, PRESETS};

/// How the rows under one header are read.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    pub preset: Option<&'static str>,
    pub kind: Kind,
    pub header_line: u64,
    pub header: Vec<String>,
    pub columns: Vec<(Field, usize)>,
    pub constants: Vec<(Field, String)>,
    pub metric: Option<Metric>,
    pub decimal_comma: bool,
    pub date_format: Option<String>,
    pub zone: Tz,
    pub mapping: Option<Mapping>,
}

impl Layout {
    /// The column of `field`, if the file has one.
    pub fn column(&self, field: Field) -> Option<usize> {
        self.columns
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, i)| *i)
    }

    /// The constant for `field`, if any.
    pub fn constant(&self, field: Field) -> Option<&str> {
        self.constants
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, v)| v.as_str())
    }

    /// The event of a word under this layout.
    pub fn event(&self, word: &str) -> Option<Event> {
        match &self.mapping {
            Some(m) => m.event(word),
            None => Event::from_word(word),
        }
    }
}

/// What a header must match.
pub(crate) struct Wanted<'a> {
    pub kind: Option<Kind>,
    pub preset: Option<&'a str>,
    pub mapping: Option<&'a Mapping>,
    pub zone: Tz,
}

impl Wanted<'_> {
    /// A description for "no header matches …".
    pub fn describe(&self) -> String {
        if self.mapping.is_some() {
            "the mapping's columns".into()
        } else if let Some(p) = self.preset {
            format!("the preset \"{p}\"")
        } else if let Some(k) = self.kind {
            format!("any {k} preset")
        } else {
            "any preset".into()
        }
    }

    fn presets(&self) -> impl Iterator<Item = &'static Preset> + '_ {
        PRESETS.iter().filter(move |p| {
            self.preset.is_none_or(|name| p.name == name) && self.kind.is_none_or(|k| p.kind == k)
        })
    }

    /// Try `record` as the header.
    pub fn try_header(&self, line: u64, record: &StringRecord) -> Option<Layout> {
        let header: Vec<String> = record
            .iter()
            .map(|c| c.trim_start_matches('\u{feff}').trim().to_string())
            .collect();
        let norm: Vec<String> = header.iter().map(|c| normalize(c)).collect();
        if let Some(mapping) = self.mapping {
            let mut columns = Vec::new();
            for (name, column) in &mapping.columns {
                let field = Field::parse(name)?;
                let wanted = normalize(column);
                let i = norm.iter().position(|c| *c == wanted)?;
                columns.push((field, i));
            }
            let mut constants = Vec::new();
            if let Some(c) = &mapping.channel {
                constants.push((Field::Channel, c.clone()));
            }
            if let Some(a) = &mapping.audience {
                constants.push((Field::Audience, a.clone()));
            }
            let zone = mapping
                .timezone
                .as_deref()
                .and_then(|z| z.parse().ok())
                .unwrap_or(self.zone);
            return Some(Layout {
                preset: None,
                kind: mapping.kind,
                header_line: line,
                header,
                columns,
                constants,
                metric: None,
                decimal_comma: mapping.decimal.as_deref() == Some(","),
                date_format: mapping.date_format.clone(),
                zone,
                mapping: Some(mapping.clone()),
            });
        }
        for preset in self.presets() {
            if let Some(columns) = preset.resolve(&norm) {
                return Some(Layout {
                    preset: Some(preset.name),
                    kind: preset.kind,
                    header_line: line,
                    header,
                    columns,
                    constants: preset
                        .constants
                        .iter()
                        .map(|(f, v)| (*f, v.to_string()))
                        .collect(),
                    metric: None,
                    decimal_comma: false,
                    date_format: None,
                    zone: self.zone,
                    mapping: None,
                });
            }
        }
        None
    }
}

/// Check `--preset`.
pub(crate) fn check_preset(name: Option<&str>) -> Result<(), ReadError> {
    match name {
        Some(n) if !PRESETS.iter().any(|p| p.name == n) => Err(ReadError::UnknownPreset {
            name: n.into(),
            known: crate::preset::preset_names().join(", "),
        }),
        _ => Ok(()),
    }
}

/// A one-metric daily file (meta-daily): the metric and channel from its title lines and
/// file name.
pub(crate) fn one_metric(layout: &mut Layout, preamble: &str, file: &str) -> Result<(), ReadError> {
    if layout.column(Field::Value).is_none() {
        return Ok(());
    }
    let text = format!("{preamble} {file}").to_lowercase();
    let metric = if text.contains("unfollow") {
        Metric::Unfollows
    } else if text.contains("follow") || text.contains("like") {
        Metric::Follows
    } else if text.contains("impression") || text.contains("reach") || text.contains("view") {
        Metric::Impressions
    } else if text.contains("reaction") {
        Metric::Reactions
    } else if text.contains("comment") {
        Metric::Comments
    } else if text.contains("share") {
        Metric::Shares
    } else if text.contains("click") {
        Metric::Clicks
    } else {
        return Err(ReadError::UnknownMetric {
            file: file.into(),
            title: preamble.trim().chars().take(60).collect(),
        });
    };
    layout.metric = Some(metric);
    let channel = if text.contains("instagram") {
        "instagram"
    } else {
        "facebook"
    };
    if layout.column(Field::Channel).is_none() && layout.constant(Field::Channel).is_none() {
        layout.constants.push((Field::Channel, channel.into()));
    }
    Ok(())
}
