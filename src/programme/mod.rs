//! The QA programme around the scorecard: which conversations to review, how many reviews an
//! agent needs, how far each reviewer can be trusted, what changes after a dispute, and when an
//! automatic scorer may stand in for a person.
//!
//! The scorecard ([`form`](crate::form), or a built-in model) scores one review; this module
//! runs the month around it, as QA products do:
//!
//! | part | question | start with |
//! |---|---|---|
//! | [`sampling`] | which conversations does each evaluator review this month? | [`Plan::builder`], [`Plan::draw`] |
//! | [`sample_size`] | how many reviews does an agent need, and what do four buy? | [`PassRatePrecision`], [`PassRateDifference`] |
//! | [`graders`] | does each reviewer score like the lead? | [`Alignment::of`], [`GraderTally`] |
//! | [`disputes`] | an agent appealed: what changes, and in which totals? | [`Dispute`], [`FormSummary::replace`](crate::form::FormSummary::replace) |
//! | [`automatic`] | may the automatic scorer take this item over? | [`PairedSummary`], [`TrustRule`] |
//!
//! Days are [`Day`]s and periods [`Period`]s (civil dates as ISO text, no time zone). Every
//! tally merges ([`Merge`](crate::Merge) or [`TryMerge`](crate::TryMerge)) in any order to the
//! same result, and deserialises through the same checks as its constructors.
//!
//! # A month in brief
//!
//! ```
//! use service_quality::programme::{
//!     Conversation, Day, PassRateDifference, Period, Plan, Quota,
//! };
//!
//! let november = Period::month(2026, 11)?;
//! let population: Vec<Conversation> = (0..120)
//!     .map(|n| {
//!         let day = Day::from_ymd(2026, 11, 1 + (n % 30) as u8)?;
//!         Conversation::new(&format!("c{n}"), ["ana", "ben", "cho"][n % 3], day, "phone")
//!     })
//!     .collect::<Result<_, _>>()?;
//! let plan = Plan::builder(november)
//!     .quota(Quota::count(4))
//!     .evaluator("lead", 50.0)
//!     .evaluator("peer", 50.0)
//!     .build()?;
//! let draw = plan.draw(&population, 2026)?;
//! assert_eq!(draw.len(), 12); // four for each of three agents
//! assert!(draw.shortfalls().is_empty());
//!
//! // But four reviews cannot tell a 90% agent from a 70% one: the crate's own comparison
//! // finds that difference in well under half of such months.
//! let gap = PassRateDifference::new(90.0, 70.0)?;
//! assert!(gap.power(4, 4)? < 0.5);
//! # Ok::<(), service_quality::Error>(())
//! ```

pub mod automatic;
mod calendar;
pub mod disputes;
pub mod graders;
pub mod sample_size;
pub mod sampling;

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
pub use graders::{
    Alignment, AlignmentFigures, AlignmentOptions, GraderReport, GraderTally, ItemAlignment,
    ItemReport, ItemTally, ReviewerReport, ReviewerTally,
};
pub use sample_size::{
    MeanDifference, MeanPrecision, MeanTarget, PassRateDifference, PassRatePrecision,
    PassRateTarget,
};
pub use sampling::{
    Conversation, Draw, Plan, PlanBuilder, Quota, Reason, RiskOrder, Selection, Shortfall,
    random_key,
};
