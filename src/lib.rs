//! Typed, validated models of customer service and service leadership, scored by documented
//! pure functions.
//!
//! ```
//! use service_quality::{Band, Scale};
//! use service_quality::proud::{Assessment, FirstHurdle, Principle, ProudPolicy};
//!
//! // An observer rated one interaction on 1 to 5: P, R, O, U, D.
//! let assessment = Assessment::from_array(Scale::ONE_TO_FIVE, [4, 5, 3, 4, 2])?;
//! let verdict = assessment.score(&ProudPolicy::default())?;
//!
//! assert_eq!(verdict.overall().get(), 65.0);
//! assert_eq!(verdict.band(), Band::NeedsImprovement);
//! assert_eq!(verdict.focus(), Principle::Deliver); // coach on following through
//! assert_eq!(verdict.first_hurdle(), FirstHurdle::Passed);
//! # Ok::<(), service_quality::Error>(())
//! ```
//!
//! # What it covers
//!
//! - [`proud`]: the five principles of excellent service (polite and professional, respect,
//!   ownership, understanding, deliver), with the first-hurdle gate on P, failure scenarios and
//!   the customer's fight-or-flight reaction.
//! - [`leadership`]: V.E.D. (vision, engagement, delivery) against the management functions
//!   (planning, organising, monitoring, reviewing), a leadership profile and style for any role,
//!   and team briefings judged as leading or managing.
//! - [`boss_leader`]: ten boss-versus-leader contrasts on a bipolar scale, a leader index, a
//!   classification and a development plan.
//! - [`review`]: 360 reviews for any model: self against observers by role, gaps, blind spots
//!   and hidden strengths, with rater anonymity that holds even against subtraction.
//! - [`breakdown`]: attribute service breakdowns to process, rules, presentation, product and
//!   people by what each rating adds above the floor (breakdowns with nothing above it counted
//!   apart); aggregate them (mergeable running totals), rank the causes, find the vital few and
//!   compare periods, blaming the system before the person; the same over a team's own cause
//!   list or plain labelled counts.
//! - [`team`]: the team behind the service: believe, belong and supported, empowerment signals
//!   (a good-faith decision overturned always warns), discretionary effort, the
//!   climate-customer reflection, distributed leadership (informal leaders, power kept at the
//!   top), leading by example, and a hiring screen on attitude and skill in which a poor
//!   attitude always rejects.
//! - [`practices`]: the seven practices of exceptional service as a self-audit, response-time
//!   review, the service triangle of customer, agent and technology, channel value and word of
//!   mouth.
//! - [`conversation`]: responding to customer conduct (abuse is never continued), the do's and
//!   don'ts of a difficult conversation, opinion against feedback in both directions, what a
//!   winning resolution does, and a fast checker for written replies to which a team adds its
//!   own phrase rules.
//! - [`metrics`]: the industry's standard measures, NPS, CSAT, CES and SERVQUAL (with SERVPERF),
//!   as mergeable tallies with confidence intervals.
//! - [`reliability`]: whether instruments and raters can be trusted: Cronbach's alpha, Cohen's
//!   and Fleiss' kappa, Krippendorff's alpha.
//! - [`batch`]: scoring many assessments from column slices without a heap allocation per
//!   record, grouped summaries by any key, and (feature `rayon`) in parallel.
//! - Embedding: [`import`] maps survey-export headers to a model's dimensions and reports
//!   rejected rows; [`render`] turns results into Markdown or plain text; `charts` (feature
//!   `charts`) draws them as SVG; [`Summary`], [`GroupBy`] and the other tallies keep mergeable
//!   running totals for a database or a distributed job ([`Merge`]).
//! - The shared scoring core every model is built on, re-exported here: a [`Scale`] and the
//!   [`Rating`]s on it, per-dimension [`Ratings`] and [`Weights`], the 0–100 [`Score`], [`Band`]s
//!   with [`BandThresholds`], a [`Gate`], a [`Policy`] and the resulting [`Scorecard`]. A model
//!   is an enum implementing [`Dimension`]; the scoring code is written once.
//! - One [`Error`] type whose messages name the field, the value and what was allowed.
//!
//! Every input type validates on construction and again, identically, when deserialised; every
//! score is finite and within 0..=100; scoring one assessment allocates nothing. The reasoning
//! behind these choices is in [`design`].
//!
//! # Crate features
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `serde` | yes | Serialise every data type with serde; deserialising validates exactly as the constructors do. |
//! | `rayon` | no | Parallel batch aggregation (`batch::BatchScorer::par_summarise_by_index`) on rayon's thread pool. |
//! | `charts` | no | SVG charts of scorecards, breakdown Pareto tables and 360 reports (module `charts`), hand-written with no extra dependency. |
//!
//! # Errors
//!
//! ```
//! use service_quality::Scale;
//! use service_quality::proud::Assessment;
//!
//! let err = Assessment::from_array(Scale::ONE_TO_FIVE, [4, 7, 3, 4, 2]).unwrap_err();
//! assert_eq!(err.to_string(), "rating for 'respect' is 7, expected a value in 1..=5");
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(missing_debug_implementations)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

mod macros;
#[cfg(test)]
mod testing;

mod band;
mod dimension;
mod error;
mod flags;
mod numeric;
mod policy;
mod scale;
mod score;
mod scorecard;
mod summary;

pub mod batch;
pub mod boss_leader;
pub mod breakdown;
#[cfg(feature = "charts")]
#[cfg_attr(docsrs, doc(cfg(feature = "charts")))]
pub mod charts;
pub mod conversation;
pub mod import;
pub mod leadership;
pub mod metrics;
pub mod practices;
pub mod proud;
pub mod reliability;
pub mod render;
pub mod review;
pub mod team;

#[doc = include_str!("DESIGN.md")]
pub mod design {}

pub use band::{Band, BandThresholds};
pub use dimension::{Dimension, Ratings, Weights};
pub use error::{Error, Result};
pub use policy::{Gate, Policy};
pub use scale::{Rating, Scale};
pub use score::Score;
pub use scorecard::{GateOutcome, Scorecard};
pub use summary::{GroupBy, Merge, Scored, Summary};

// Compiles and runs the README's Rust examples as doctests, so the quick start cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
