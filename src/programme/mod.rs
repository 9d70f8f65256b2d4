//! The QA programme around the scorecard.

pub mod automatic;
mod calendar;
pub mod disputes;

pub use automatic::{
    AutomaticEvaluation, AutomaticReport, ItemAgreement, ItemDrift, ItemPairs, PairedByPeriod,
    PairedSummary, PeriodChange, Scorer, ScorerBias, TrustFailure, TrustMeasure, TrustRule,
    TrustVerdict,
};
pub use calendar::{Day, Period};
pub use disputes::{
    AppealWindow, Correction, Decision, Dispute, DisputeState, DisputeTally, DisputedItem,
    ItemDisputes, ReviewerDisputes,
};
