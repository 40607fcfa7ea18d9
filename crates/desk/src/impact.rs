//! Deleting entities: what goes with them, and the plan without them.

use std::collections::HashSet;

use cadence_model::{Client, Plan};

use crate::ipc::{AppError, DeleteImpact, EntityKind, EntityRef, ErrorCode};

fn not_found(target: &EntityRef) -> AppError {
    AppError::new(
        ErrorCode::NotFound,
        format!("no {:?} with id \"{}\"", target.kind, target.id).to_lowercase(),
    )
}

/// A segment and all its descendants, by id.
pub(crate) fn subtree(client: &Client, root: &str) -> HashSet<String> {
    let mut ids: HashSet<String> = HashSet::from([root.to_string()]);
    loop {
        let before = ids.len();
        for segment in &client.segments {
            if segment.parent.as_ref().is_some_and(|p| ids.contains(p)) {
                ids.insert(segment.id.clone());
            }
        }
        if ids.len() == before {
            return ids;
        }
    }
}

/// What deleting `target` from `plan` takes with it.
pub fn delete_impact(plan: &Plan, target: &EntityRef) -> Result<DeleteImpact, AppError> {
    let mut impact = DeleteImpact::default();
    for client in &plan.clients {
        match target.kind {
            EntityKind::Client if client.id == target.id => {
                impact.name = client.name.clone();
                impact.segments = client.segments.iter().map(|s| s.name.clone()).collect();
                impact.campaigns = client.campaigns.iter().map(|c| c.name.clone()).collect();
                impact.messages = client.messages().map(|m| m.title.clone()).collect();
                return Ok(impact);
            }
            EntityKind::Segment => {
                let Some(segment) = client.segment(&target.id) else {
                    continue;
                };
                impact.name = segment.name.clone();
                let gone = subtree(client, &target.id);
                impact.segments = client
                    .segments
                    .iter()
                    .filter(|s| s.id != target.id && gone.contains(&s.id))
                    .map(|s| s.name.clone())
                    .collect();
                for message in client.messages() {
                    let lost = message
                        .segments
                        .iter()
                        .filter(|s| gone.contains(*s))
                        .count();
                    if lost == message.segments.len() {
                        impact.messages.push(message.title.clone());
                    } else if lost > 0 {
                        impact.retargeted.push(message.title.clone());
                    }
                }
                return Ok(impact);
            }
            EntityKind::Campaign => {
                if let Some(campaign) = client.campaigns.iter().find(|c| c.id == target.id) {
                    impact.name = campaign.name.clone();
                    impact.messages = campaign.messages.iter().map(|m| m.title.clone()).collect();
                    return Ok(impact);
                }
            }
            EntityKind::Message => {
                if let Some(message) = client.messages().find(|m| m.id == target.id) {
                    impact.name = message.title.clone();
                    return Ok(impact);
                }
            }
            EntityKind::Client => {}
        }
    }
    Err(not_found(target))
}

/// `plan` without `target` and what goes with it, and the id of the client it belonged to.
pub fn without_entity(plan: &Plan, target: &EntityRef) -> Result<(Plan, String), AppError> {
    let mut next = plan.clone();
    for (ci, client) in plan.clients.iter().enumerate() {
        let owner = client.id.clone();
        match target.kind {
            EntityKind::Client if client.id == target.id => {
                next.clients.remove(ci);
                return Ok((next, owner));
            }
            EntityKind::Segment if client.segment(&target.id).is_some() => {
                let gone = subtree(client, &target.id);
                let edited = next.client_at_mut(ci);
                edited.segments.retain(|s| !gone.contains(&s.id));
                for campaign in &mut edited.campaigns {
                    for message in &mut campaign.messages {
                        message.segments.retain(|s| !gone.contains(s));
                    }
                    campaign.messages.retain(|m| !m.segments.is_empty());
                }
                return Ok((next, owner));
            }
            EntityKind::Campaign if client.campaigns.iter().any(|c| c.id == target.id) => {
                next.client_at_mut(ci)
                    .campaigns
                    .retain(|c| c.id != target.id);
                return Ok((next, owner));
            }
            EntityKind::Message if client.messages().any(|m| m.id == target.id) => {
                for campaign in &mut next.client_at_mut(ci).campaigns {
                    campaign.messages.retain(|m| m.id != target.id);
                }
                return Ok((next, owner));
            }
            _ => {}
        }
    }
    Err(not_found(target))
}
