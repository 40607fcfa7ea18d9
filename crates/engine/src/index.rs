//! The plan's structure compiled for checking: channels, clients and segments by index, each
//! segment with its time zone, parent, children, consent and effective rules.

use std::collections::HashMap;

use chrono_tz::Tz;

use cadence_model::time::parse_timezone;
use cadence_model::{Client, Plan};

use crate::cascade::{effective_rules, EffectiveRule, RuleSource};

/// A channel by index.
#[derive(Debug, Clone)]
pub(crate) struct ChannelInfo {
    pub id: String,
    /// The channel's name, for rules in words.
    pub name: String,
    pub requires_consent: bool,
}

/// A client by index.
#[derive(Debug, Clone)]
pub(crate) struct ClientInfo {
    pub id: String,
    pub tz: Tz,
}

/// A segment by index.
#[derive(Debug, Clone)]
pub(crate) struct SegmentInfo {
    pub id: String,
    pub name: String,
    pub client: usize,
    pub tz: Tz,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    /// Consent per channel index.
    pub opt_in: Vec<bool>,
    pub rules: Vec<EffectiveRule>,
    /// Whether any effective rule needs local wall times.
    pub local_rules: bool,
}

/// The compiled structure of a validated plan.
#[derive(Debug, Clone)]
pub(crate) struct Index {
    pub channels: Vec<ChannelInfo>,
    pub channel_index: HashMap<String, u16>,
    pub clients: Vec<ClientInfo>,
    pub client_index: HashMap<String, usize>,
    pub segments: Vec<SegmentInfo>,
    pub segment_index: HashMap<String, usize>,
}

impl Index {
    /// Compile a plan that passed `cadence_model::validate`.
    pub(crate) fn new(plan: &Plan) -> Self {
        let channel_ids: Vec<String> = plan.channels.iter().map(|c| c.id.clone()).collect();
        let channels = plan
            .channels
            .iter()
            .map(|c| ChannelInfo {
                id: c.id.clone(),
                name: c.name.clone(),
                requires_consent: c.requires_consent,
            })
            .collect();
        let channel_index = channel_ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.clone(), i as u16))
            .collect();
        let mut index = Index {
            channels,
            channel_index,
            clients: Vec::new(),
            client_index: HashMap::new(),
            segments: Vec::new(),
            segment_index: HashMap::new(),
        };
        for client in &plan.clients {
            index.add_client(client, &channel_ids);
        }
        index
    }

    fn add_client(&mut self, client: &Client, channel_ids: &[String]) {
        let ci = self.clients.len();
        let tz = parse_timezone(&client.timezone).unwrap_or(Tz::UTC);
        self.clients.push(ClientInfo {
            id: client.id.clone(),
            tz,
        });
        self.client_index.insert(client.id.clone(), ci);
        let first = self.segments.len();
        for segment in &client.segments {
            self.segment_index
                .insert(segment.id.clone(), self.segments.len());
            self.segments.push(SegmentInfo {
                id: segment.id.clone(),
                name: segment.name.clone(),
                client: ci,
                tz: segment
                    .timezone
                    .as_deref()
                    .and_then(parse_timezone)
                    .unwrap_or(tz),
                parent: None,
                children: Vec::new(),
                opt_in: channel_ids
                    .iter()
                    .map(|id| segment.opt_in.iter().any(|o| o == id))
                    .collect(),
                rules: Vec::new(),
                local_rules: false,
            });
        }
        for (offset, segment) in client.segments.iter().enumerate() {
            let si = first + offset;
            if let Some(parent) = segment.parent.as_deref() {
                let pi = self.segment_index[parent];
                self.segments[si].parent = Some(pi);
                self.segments[pi].children.push(si);
            }
        }
        for offset in 0..client.segments.len() {
            let si = first + offset;
            // The chain from the root down to the segment itself.
            let mut chain = vec![si];
            while let Some(p) = self.segments[*chain.last().expect("non-empty")].parent {
                chain.push(p);
            }
            chain.reverse();
            let mut levels: Vec<(&[cadence_model::Rule], RuleSource)> = vec![(
                &client.rules,
                RuleSource::Client {
                    client: client.id.clone(),
                    name: client.name.clone(),
                },
            )];
            for &level in &chain {
                let seg = &client.segments[level - first];
                let source = if level == si {
                    RuleSource::Segment {
                        segment: seg.id.clone(),
                    }
                } else {
                    RuleSource::Ancestor {
                        segment: seg.id.clone(),
                        name: seg.name.clone(),
                    }
                };
                levels.push((&seg.rules, source));
            }
            let rules = effective_rules(levels, channel_ids);
            self.segments[si].local_rules = rules.iter().any(|r| r.compiled.is_local());
            self.segments[si].rules = rules;
        }
    }
}
