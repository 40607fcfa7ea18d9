//! The compiled engine: touches per segment, sorted, and their violations, with a full check
//! and an incremental re-check after one message changes.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use cadence_model::{validate, Campaign, Client, Message, Plan, PlanIssue};

use crate::cascade::EffectiveRule;
use crate::error::EngineError;
use crate::evaluate::{evaluate, Raw, Scratch};
use crate::expand::{expand, wall_times, Walls};
use crate::index::Index;
use crate::messages::MessageInfo;
use crate::parallel::{collect, parts, split, split_mut};
use crate::period::Period;
use crate::touch::{touch_order, Touch};

/// One segment's sorted touches and their violations.
#[derive(Debug, Clone, Default)]
pub(crate) struct SegmentState {
    pub touches: Vec<Touch>,
    pub raws: Vec<Raw>,
}

/// A change to one message, for [`Engine::apply`].
#[derive(Debug, Clone, PartialEq)]
pub enum MessageChange {
    /// Add the message, or replace the message with the same id (moving it to another
    /// campaign or client when those differ).
    Upsert {
        /// Client id.
        client: String,
        /// Campaign id within the client.
        campaign: String,
        /// The message as it is now (boxed: the variant would otherwise dwarf `Remove`).
        message: Box<Message>,
    },
    /// Remove the message with this id.
    Remove {
        /// Message id.
        message: String,
    },
}

/// What an incremental re-check did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Recheck {
    /// Ids of the segments re-evaluated (those the message touched before or after).
    pub segments: Vec<String>,
    /// Violations in those segments before the change.
    pub before: usize,
    /// Violations in those segments after it.
    pub after: usize,
    /// Violations in the whole plan after it.
    pub total: usize,
}

/// The compiled state of a checked plan. Build it with [`Engine::new`] (which runs a full
/// check), then keep it up to date with [`Engine::apply`]; anything else that changes
/// (rules, segments, channels, clients) needs a new engine.
#[derive(Debug, Clone)]
pub struct Engine {
    pub(crate) plan: Plan,
    pub(crate) period: Period,
    pub(crate) index: Index,
    pub(crate) messages: Vec<MessageInfo>,
    pub(crate) free: Vec<u32>,
    pub(crate) by_id: HashMap<String, u32>,
    pub(crate) segments: Vec<SegmentState>,
    violations: usize,
}

impl Engine {
    /// Validate `plan` (rejecting it with JSON paths before anything is checked), expand
    /// every touch in `period` and run a full check.
    pub fn new(plan: &Plan, period: Period) -> Result<Self, EngineError> {
        Engine::validated(plan, plan, period)
    }

    /// Validate `whole` while the RRULEs of `plan` (all or part of it) are expanded on other
    /// threads (expansion never fails; its result is dropped when `whole` is invalid), then
    /// build the engine of `plan`.
    pub(crate) fn validated(
        whole: &Plan,
        plan: &Plan,
        period: Period,
    ) -> Result<Self, EngineError> {
        let (valid, walls) = std::thread::scope(|s| {
            let valid = s.spawn(|| validate(whole));
            let weights: Vec<usize> = plan.clients.iter().map(|c| client_weight(c)).collect();
            let walls: Vec<Walls> = collect(&weights, |range| {
                plan.clients[range]
                    .iter()
                    .flat_map(|c| c.messages())
                    .map(|m| wall_times(m, &period))
                    .collect()
            });
            (valid.join().expect("validation thread"), walls)
        });
        valid.map_err(EngineError::Invalid)?;
        Ok(Engine::build(plan, period, walls))
    }

    /// Build the engine of a valid plan whose messages' occurrences are `walls` (in plan
    /// order). Clients are expanded, and segments sorted and checked, on up to four threads
    /// for large plans.
    fn build(plan: &Plan, period: Period, mut walls: Vec<Walls>) -> Self {
        let index = Index::new(plan);
        // Segments and message slots are contiguous per client.
        let mut first_segment = vec![0; plan.clients.len() + 1];
        let mut first_slot = vec![0; plan.clients.len() + 1];
        for (ci, client) in plan.clients.iter().enumerate() {
            first_segment[ci + 1] = first_segment[ci] + client.segments.len();
            first_slot[ci + 1] = first_slot[ci] + client.messages().count();
        }
        let weights: Vec<usize> = plan.clients.iter().map(|c| client_weight(c)).collect();
        let ranges = split(&weights, parts(weights.iter().sum()));
        let slot_ranges: Vec<std::ops::Range<usize>> = ranges
            .iter()
            .map(|r| first_slot[r.start]..first_slot[r.end])
            .collect();
        let wall_parts = split_mut(&mut walls, &slot_ranges);
        let expanded: Vec<(Vec<MessageInfo>, Vec<SegmentState>)> = std::thread::scope(|s| {
            let handles: Vec<_> = ranges
                .iter()
                .zip(wall_parts)
                .map(|(r, walls)| {
                    let (index, first_segment, first_slot) = (&index, &first_segment, &first_slot);
                    let r = r.clone();
                    s.spawn(move || {
                        expand_clients(plan, r, walls, index, first_segment, first_slot, &period)
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("expansion thread"))
                .collect()
        });
        let mut engine = Engine {
            plan: plan.clone(),
            period,
            index,
            messages: Vec::with_capacity(first_slot[plan.clients.len()]),
            segments: Vec::with_capacity(first_segment[plan.clients.len()]),
            free: Vec::new(),
            by_id: HashMap::with_capacity(first_slot[plan.clients.len()]),
            violations: 0,
        };
        for (messages, segments) in expanded {
            engine.messages.extend(messages);
            engine.segments.extend(segments);
        }
        for (slot, info) in engine.messages.iter().enumerate() {
            engine.by_id.insert(info.id.clone(), slot as u32);
        }
        engine.evaluate_all(true);
        engine
    }

    /// An engine over the plan's own horizon.
    pub fn from_plan(plan: &Plan) -> Result<Self, EngineError> {
        Engine::new(plan, Period::from_horizon(plan.horizon))
    }

    /// Fill a slot with a message and append its touches (unsorted) to its segments.
    fn load(&mut self, slot: u32, ci: usize, client: &Client, campaign: &str, message: &Message) {
        let info = load_message(
            slot,
            ci,
            client,
            campaign,
            message,
            None,
            &self.index,
            &self.period,
            &mut self.segments,
            0,
        );
        self.messages[slot as usize] = info;
    }

    /// Re-run every rule on every segment (the touches are already sorted). Returns the
    /// number of violations.
    pub fn check(&mut self) -> usize {
        self.evaluate_all(false);
        self.violations
    }

    /// Evaluate every segment (sorting its touches first when `sort`), in parallel for large
    /// plans: segments are independent.
    fn evaluate_all(&mut self, sort: bool) {
        let weights: Vec<usize> = self.segments.iter().map(|s| s.touches.len()).collect();
        let ranges = split(&weights, parts(weights.iter().sum()));
        let (index, messages) = (&self.index, &self.messages);
        let chunks = split_mut(&mut self.segments, &ranges);
        self.violations = std::thread::scope(|s| {
            let handles: Vec<_> = chunks
                .into_iter()
                .zip(&ranges)
                .map(|(chunk, range)| {
                    let first = range.start;
                    s.spawn(move || {
                        let mut scratch = Scratch::default();
                        let mut total = 0;
                        for (k, state) in chunk.iter_mut().enumerate() {
                            if sort {
                                state.touches.sort_unstable_by(|a, b| {
                                    touch_order(a, b, |m| &messages[m as usize].id)
                                });
                            }
                            state.raws.clear();
                            evaluate(
                                &index.segments[first + k],
                                &state.touches,
                                messages,
                                &index.channels,
                                &mut scratch,
                                &mut state.raws,
                            );
                            total += state.raws.len();
                        }
                        total
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("check thread"))
                .sum()
        });
    }

    fn recheck_segment(&mut self, si: usize, scratch: &mut Scratch) {
        let state = &mut self.segments[si];
        self.violations -= state.raws.len();
        state.raws.clear();
        evaluate(
            &self.index.segments[si],
            &state.touches,
            &self.messages,
            &self.index.channels,
            scratch,
            &mut state.raws,
        );
        self.violations += state.raws.len();
    }

    /// Apply one message change and re-check only the segments it touched before or
    /// touches now. The result equals a full check of the changed plan.
    pub fn apply(&mut self, change: MessageChange) -> Result<Recheck, EngineError> {
        let (old_touched, new_touched) = match change {
            MessageChange::Remove { message } => {
                let slot = *self
                    .by_id
                    .get(&message)
                    .ok_or(EngineError::UnknownMessage(message.clone()))?;
                self.remove_from_plan(slot);
                let old = self.unload(slot);
                self.by_id.remove(&message);
                self.messages[slot as usize] = MessageInfo::default();
                self.free.push(slot);
                (old, Vec::new())
            }
            MessageChange::Upsert {
                client,
                campaign,
                message,
            } => self.upsert(&client, &campaign, *message)?,
        };
        let mut segments: Vec<usize> = old_touched.into_iter().chain(new_touched).collect();
        segments.sort_unstable();
        segments.dedup();
        let before: usize = segments.iter().map(|&s| self.segments[s].raws.len()).sum();
        let mut scratch = Scratch::default();
        for &si in &segments {
            self.recheck_segment(si, &mut scratch);
        }
        let after = segments.iter().map(|&s| self.segments[s].raws.len()).sum();
        Ok(Recheck {
            segments: segments
                .iter()
                .map(|&s| self.index.segments[s].id.clone())
                .collect(),
            before,
            after,
            total: self.violations,
        })
    }

    /// Whether `message` passes the checks [`Engine::apply`] makes before taking it into
    /// `campaign_id` of `client_id` (the same issues, at the message's place in the plan),
    /// without taking it: what the editor's draft check asks.
    pub fn check_message(
        &self,
        client_id: &str,
        campaign_id: &str,
        message: &Message,
    ) -> Result<(), EngineError> {
        self.checked_upsert(client_id, campaign_id, message)
            .map(|_| ())
    }

    /// Whether [`Engine::apply`] would take `change`, without applying it: the same errors
    /// (an unknown message, client or campaign; a message the plan rules refuse), nothing
    /// changed. Lets a caller check a change before writing it elsewhere.
    pub fn check_change(&self, change: &MessageChange) -> Result<(), EngineError> {
        match change {
            MessageChange::Remove { message } => match self.by_id.contains_key(message) {
                true => Ok(()),
                false => Err(EngineError::UnknownMessage(message.clone())),
            },
            MessageChange::Upsert {
                client,
                campaign,
                message,
            } => self.checked_upsert(client, campaign, message).map(|_| ()),
        }
    }

    /// The client's and campaign's indexes of an upsert of `message`, once it is valid there.
    fn checked_upsert(
        &self,
        client_id: &str,
        campaign_id: &str,
        message: &Message,
    ) -> Result<(usize, usize), EngineError> {
        let ci = self.client_slot(client_id)?;
        let campaign = self.plan.clients[ci]
            .campaigns
            .iter()
            .position(|c| c.id == campaign_id)
            .ok_or_else(|| EngineError::UnknownCampaign {
                client: client_id.to_string(),
                campaign: campaign_id.to_string(),
            })?;
        self.validate_message(ci, campaign, message)?;
        Ok((ci, campaign))
    }

    fn upsert(
        &mut self,
        client_id: &str,
        campaign_id: &str,
        message: Message,
    ) -> Result<(Vec<usize>, Vec<usize>), EngineError> {
        let (ci, campaign) = self.checked_upsert(client_id, campaign_id, &message)?;
        let existing = self.by_id.get(&message.id).copied();
        // Replaced in place when it stays in its campaign, so the plan keeps its order.
        let mut in_place = None;
        let old_touched = match existing {
            Some(slot) => {
                let info = &self.messages[slot as usize];
                if info.client == ci && info.campaign == campaign_id {
                    in_place = self.plan.clients[ci].campaigns[campaign]
                        .messages
                        .iter()
                        .position(|m| m.id == message.id);
                } else {
                    self.remove_from_plan(slot);
                }
                self.unload(slot)
            }
            None => Vec::new(),
        };
        let slot = existing.unwrap_or_else(|| match self.free.pop() {
            Some(slot) => slot,
            None => {
                self.messages.push(MessageInfo::default());
                (self.messages.len() - 1) as u32
            }
        });
        self.by_id.insert(message.id.clone(), slot);
        let client = self.plan.clients[ci].clone_shallow();
        self.load(slot, ci, &client, campaign_id, &message);
        let new_touched = self.messages[slot as usize].touched.clone();
        let messages = &self.messages;
        for &si in &new_touched {
            self.segments[si]
                .touches
                .sort_by(|a, b| touch_order(a, b, |m| &messages[m as usize].id));
        }
        let messages = &mut self.plan.client_at_mut(ci).campaigns[campaign].messages;
        match in_place {
            Some(i) => messages[i] = message,
            None => messages.push(message),
        }
        Ok((old_touched, new_touched))
    }

    /// Validate one message in its client's context (the client's checklist, segments and
    /// channels), with paths rewritten to the message's real place.
    fn validate_message(
        &self,
        ci: usize,
        campaign: usize,
        message: &Message,
    ) -> Result<(), EngineError> {
        let client = &self.plan.clients[ci];
        let mut alone = Plan::empty(self.plan.horizon);
        alone.channels = self.plan.channels.clone();
        let mut shell = client.clone_shallow();
        shell.campaigns = vec![Campaign {
            messages: vec![message.clone()],
            ..client.campaigns[campaign].clone_shallow()
        }];
        alone.clients = vec![shell.into()];
        let real = self.plan.clients[ci].campaigns[campaign]
            .messages
            .iter()
            .position(|m| m.id == message.id)
            .unwrap_or(self.plan.clients[ci].campaigns[campaign].messages.len());
        let prefix = "clients[0].campaigns[0].messages[0]";
        let issues: Vec<PlanIssue> = match validate(&alone) {
            Ok(()) => Vec::new(),
            Err(issues) => issues
                .into_iter()
                .filter(|i| i.path.starts_with(prefix))
                .map(|i| {
                    let path = i.path.replacen(
                        prefix,
                        &format!("clients[{ci}].campaigns[{campaign}].messages[{real}]"),
                        1,
                    );
                    PlanIssue::new(path, i.message)
                })
                .collect(),
        };
        if issues.is_empty() {
            Ok(())
        } else {
            Err(EngineError::Invalid(issues))
        }
    }

    /// Remove a message's touches from its segments; returns the segments it touched.
    fn unload(&mut self, slot: u32) -> Vec<usize> {
        let touched = std::mem::take(&mut self.messages[slot as usize].touched);
        for &si in &touched {
            self.segments[si].touches.retain(|t| t.msg != slot);
        }
        touched
    }

    fn remove_from_plan(&mut self, slot: u32) {
        let info = &self.messages[slot as usize];
        let client = self.plan.client_at_mut(info.client);
        if let Some(campaign) = client.campaigns.iter_mut().find(|c| c.id == info.campaign) {
            campaign.messages.retain(|m| m.id != info.id);
        }
    }

    /// The plan as the engine currently sees it (with every applied change).
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The checked period.
    pub fn period(&self) -> Period {
        self.period
    }

    /// Number of violations found by the last check.
    pub fn violation_count(&self) -> usize {
        self.violations
    }

    /// Number of touches in the period.
    pub fn touch_count(&self) -> usize {
        self.segments.iter().map(|s| s.touches.len()).sum()
    }

    /// The effective rules of a segment, after the cascade, each with its source.
    pub fn effective_rules(&self, segment: &str) -> Option<&[EffectiveRule]> {
        let si = *self.index.segment_index.get(segment)?;
        Some(&self.index.segments[si].rules)
    }

    /// The tightest 7-day frequency cap in effect on `segment` that counts `channel` (a cap
    /// without channels counts every channel; ids compare case-insensitively), with its rule
    /// and source: what a history's recommended weekly cap is compared with, in the Insights
    /// view and the PDF alike. Caps over other windows are not converted.
    pub fn weekly_cap(&self, segment: &str, channel: &str) -> Option<(u32, &EffectiveRule)> {
        self.effective_rules(segment)?
            .iter()
            .filter_map(|r| match &r.rule {
                cadence_model::Rule::Cap {
                    max,
                    window_days: 7,
                    channels,
                } if channels
                    .as_ref()
                    .is_none_or(|list| list.iter().any(|c| c.eq_ignore_ascii_case(channel))) =>
                {
                    Some((*max, r))
                }
                _ => None,
            })
            .min_by_key(|(max, _)| *max)
    }

    /// Ids of messages with more occurrences than the engine expands.
    pub fn truncated_messages(&self) -> Vec<String> {
        self.messages
            .iter()
            .filter(|m| m.live && m.truncated)
            .map(|m| m.id.clone())
            .collect()
    }
}

/// Expand one message (with its occurrences `walls`, computed here when `None`) into
/// `segments` (which start at segment index `first_segment`) and return what the engine
/// keeps about it.
#[allow(clippy::too_many_arguments)]
fn load_message(
    slot: u32,
    ci: usize,
    client: &Client,
    campaign: &str,
    message: &Message,
    walls: Option<Walls>,
    index: &Index,
    period: &Period,
    segments: &mut [SegmentState],
    first_segment: usize,
) -> MessageInfo {
    let channel = index.channel_index[&message.channel];
    let mut info = MessageInfo::new(ci, client, campaign, message, channel);
    let (walls, truncated) = walls.unwrap_or_else(|| wall_times(message, period));
    info.truncated = truncated;
    for (seg, touch) in expand(message, &walls, slot, ci, channel, index, period) {
        segments[seg - first_segment].touches.push(touch);
        info.touched.push(seg);
    }
    info.touched.sort_unstable();
    info.touched.dedup();
    info
}

/// Expand the messages of clients `range` (segments and slots are contiguous per client;
/// `walls` holds their occurrences): their message infos in slot order and their segments'
/// unsorted touches.
fn expand_clients(
    plan: &Plan,
    range: std::ops::Range<usize>,
    walls: &mut [Walls],
    index: &Index,
    first_segment: &[usize],
    first_slot: &[usize],
    period: &Period,
) -> (Vec<MessageInfo>, Vec<SegmentState>) {
    let base = first_segment[range.start];
    let first = first_slot[range.start];
    let mut segments = vec![SegmentState::default(); first_segment[range.end] - base];
    let mut messages = Vec::with_capacity(first_slot[range.end] - first);
    for ci in range {
        let client = &plan.clients[ci];
        for campaign in &client.campaigns {
            for message in &campaign.messages {
                let k = messages.len();
                messages.push(load_message(
                    (first + k) as u32,
                    ci,
                    client,
                    &campaign.id,
                    message,
                    Some(std::mem::take(&mut walls[k])),
                    index,
                    period,
                    &mut segments,
                    base,
                ));
            }
        }
    }
    (messages, segments)
}

/// How much expansion work a client is: recurring messages count for more.
fn client_weight(client: &Client) -> usize {
    client
        .messages()
        .map(|m| 1 + m.rrule.is_some() as usize * 20)
        .sum()
}

/// Copies of plan parts without their (large) children.
trait CloneShallow {
    fn clone_shallow(&self) -> Self;
}

impl CloneShallow for Client {
    fn clone_shallow(&self) -> Self {
        Client {
            id: self.id.clone(),
            name: self.name.clone(),
            timezone: self.timezone.clone(),
            checklist: self.checklist.clone(),
            rules: self.rules.clone(),
            segments: self.segments.clone(),
            campaigns: Vec::new(),
        }
    }
}

impl CloneShallow for Campaign {
    fn clone_shallow(&self) -> Self {
        Campaign {
            id: self.id.clone(),
            name: self.name.clone(),
            objective: self.objective.clone(),
            start: self.start,
            end: self.end,
            messages: Vec::new(),
        }
    }
}
