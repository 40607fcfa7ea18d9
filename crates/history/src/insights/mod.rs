//! Insights (spec §5).
