//! The QA programme around the scorecard.

mod calendar;
pub mod disputes;

pub use calendar::{Day, Period};
pub use disputes::{
    AppealWindow, Correction, Decision, Dispute, DisputeState, DisputeTally, DisputedItem,
    ItemDisputes, ReviewerDisputes,
};
