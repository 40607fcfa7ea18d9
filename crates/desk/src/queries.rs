//! What the screens read from the desk: the workspace view, violation totals, findings, plan
//! warnings, suggested times, cadence summaries and what a delete would take with it.

use cadence_engine::{
    Bucket, CadenceSummary, Finding, Period, SuggestRequest, Suggestion, SummaryRequest,
};
use cadence_model::time::{local_to_utc, parse_timezone};
use chrono::{DateTime, NaiveDate, Utc};

use crate::desk::{engine_error, not_found, Current, Desk};
use crate::impact::delete_impact;
use crate::ipc::*;

/// Most findings of one segment a page may carry.
pub const MAX_FINDINGS_PER_SEGMENT: u32 = 5_000;
/// Problems a findings page lists (it counts them all).
pub const PROBLEMS_LISTED: usize = 50;

impl Desk {
    /// What the UI shows.
    pub fn view(&self) -> WorkspaceView {
        WorkspaceView {
            plan: self.plan.clone(),
            db_path: self.store.path().display().to_string(),
            checks: self.checks(),
            history: self.history.state(),
            today: self.today,
            limits: cadence_model::limits::TEXT_LIMITS,
            sample: self.sample_ids(),
        }
    }
}

impl Current {
    /// Violation totals, in all and per client.
    pub fn checks(&self) -> CheckTotals {
        let problems_by_client = self.problems.clone();
        CheckTotals {
            total: self.engine.violation_count(),
            by_client: self.engine.client_violation_counts(),
            problems: problems_by_client.values().sum(),
            problems_by_client,
        }
    }

    /// Every violation of one client with its explanation, in the spec's order.
    pub fn client_findings(&self, client_id: &str) -> Result<Vec<Finding>, AppError> {
        self.client_index(client_id)?;
        Ok(self.engine.report(Some(client_id)).findings)
    }

    /// The plan warnings of one client (docs/DECISIONS.md): a message with
    /// occurrences outside its campaign's dates, a segment bigger than its parent, consent a
    /// parent lacks. Things that are probably mistakes but break no guideline; occurrences
    /// are counted over the engine's period (the horizon).
    pub fn plan_warnings(
        &self,
        client_id: &str,
    ) -> Result<Vec<cadence_engine::PlanWarning>, AppError> {
        self.client_index(client_id)?;
        Ok(cadence_engine::plan_warnings(
            &self.plan,
            Some(client_id),
            self.engine.period(),
        ))
    }

    /// The first findings of each of `client_id`'s segments with violations (more for the
    /// segments `query.more` names), with each segment's total, and the client's problems
    /// (violations grouped by message occurrence, see [`Desk::problems`]): what the
    /// violations panel shows. The findings cost the same however many violations there are;
    /// the grouping is one pass over the client's records.
    pub fn findings_page(
        &self,
        client_id: &str,
        query: &FindingsQuery,
    ) -> Result<FindingsPage, AppError> {
        let ci = self.client_index(client_id)?;
        let too_many = query
            .more
            .values()
            .chain(std::iter::once(&query.per_segment))
            .any(|n| *n > MAX_FINDINGS_PER_SEGMENT);
        if too_many {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                format!("at most {MAX_FINDINGS_PER_SEGMENT} findings per segment at a time"),
            ));
        }
        let (problem_total, problems) = self.problems(client_id, PROBLEMS_LISTED)?;
        let last = self
            .last_change
            .as_ref()
            .filter(|last| last.client == client_id);
        let mut page = FindingsPage {
            total: 0,
            problem_total,
            cause: None,
            problems,
            segments: Vec::new(),
        };
        for segment in &self.plan.clients[ci].segments {
            let limit = query
                .more
                .get(&segment.id)
                .copied()
                .unwrap_or(query.per_segment);
            let (total, findings) = self
                .engine
                .segment_findings(&segment.id, limit as usize)
                .ok_or_else(|| not_found("segment", &segment.id))?;
            if total > 0 {
                page.total += total as u32;
                let new: Vec<bool> = findings
                    .iter()
                    .map(|f| last.is_some_and(|last| last.is_new(&f.violation)))
                    .collect();
                page.segments.push(SegmentFindings {
                    segment: segment.id.clone(),
                    total: total as u32,
                    findings,
                    new,
                });
            }
        }
        let any_new = page.problems.iter().any(|p| p.new)
            || page.segments.iter().any(|s| s.new.contains(&true));
        page.cause = last.filter(|_| any_new).map(|last| last.cause.clone());
        Ok(page)
    }

    /// Times for `message_id` flagged at `after` (for `fix`, the flagged rules; empty: all
    /// it breaks there) in the segments it reaches (or only `segment` and its
    /// sub-segments): the earliest clean slots and the engine's offers (nearest earlier and
    /// later, earliest clean, other days). Earlier offers never go before the start of the
    /// desk's today (UTC): a planner is not offered the past.
    pub fn suggest(
        &self,
        message_id: &str,
        segment: Option<String>,
        after: DateTime<Utc>,
        fix: Vec<cadence_model::RuleKind>,
    ) -> Result<Suggestion, AppError> {
        let mut request = SuggestRequest::new(message_id, after);
        request.segment = segment;
        request.fix = fix;
        request.not_before = Some(self.today.and_time(chrono::NaiveTime::MIN).and_utc());
        self.engine.suggest(&request).map_err(engine_error)
    }

    /// Per segment of `client_id` and day (or week) in `[from, to)`: touches and cap loads.
    pub fn summary(
        &self,
        client_id: &str,
        from: NaiveDate,
        to: NaiveDate,
        bucket: Bucket,
    ) -> Result<CadenceSummary, AppError> {
        self.client_index(client_id)?;
        self.engine
            .summarize(&SummaryRequest {
                from,
                to,
                bucket,
                client: Some(client_id.to_string()),
            })
            .map_err(engine_error)
    }

    /// The messages that touch `segment_id` (directly or through an ancestor) on its local
    /// dates `[from, to)`: what a click on a cadence cell opens.
    pub fn bucket_messages(
        &self,
        client_id: &str,
        segment_id: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<String>, AppError> {
        Period::new(from, to).map_err(engine_error)?;
        let client = &self.plan.clients[self.client_index(client_id)?];
        let segment = client
            .segments
            .iter()
            .find(|s| s.id == segment_id)
            .ok_or_else(|| not_found("segment", segment_id))?;
        let zone = segment.timezone.as_deref().unwrap_or(&client.timezone);
        let tz = parse_timezone(zone).ok_or_else(|| {
            AppError::new(
                ErrorCode::InvalidInput,
                format!("unknown time zone \"{zone}\""),
            )
        })?;
        let at = |d: NaiveDate| local_to_utc(d.and_hms_opt(0, 0, 0).expect("midnight"), tz);
        self.engine
            .segment_messages(segment_id, at(from), at(to))
            .ok_or_else(|| not_found("segment", segment_id))
    }

    /// What deleting `target` would take with it.
    pub fn delete_impact(&self, target: &EntityRef) -> Result<DeleteImpact, AppError> {
        delete_impact(&self.plan, target)
    }
}
