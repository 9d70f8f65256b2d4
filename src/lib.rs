//! Typed, validated models of customer service and service leadership, and the scorecards your
//! own QA team defines, all scored by one documented kernel.
//!
//! ```
//! use service_quality::{Band, Scale};
//! use service_quality::proud::{Assessment, FirstHurdle, Principle, ProudPolicy};
//!
//! // An observer rated one interaction on 1 to 5: P, R, O, U, D.
//! let assessment = Assessment::from_array(Scale::ONE_TO_FIVE, [4, 5, 3, 4, 2])?;
//! let verdict = assessment.evaluate(&ProudPolicy::default())?;
//!
//! assert_eq!(verdict.overall().map(|s| s.get()), Some(65.0));
//! assert_eq!(verdict.band(), Some(Band::NeedsImprovement));
//! assert_eq!(verdict.focus(), Some(Principle::Deliver)); // coach on following through
//! assert_eq!(verdict.first_hurdle(), FirstHurdle::Passed);
//! # Ok::<(), service_quality::Error>(())
//! ```
//!
//! # Your own scorecard
//!
//! Every QA team scores its own form. A [`form::Form`] is one, defined at run time (in code or,
//! as here, from JSON): items with their own answer types, weights, "not applicable" answers and
//! critical items, scored by the same kernel as the built-in models.
//!
//! ```
//! # #[cfg(feature = "serde")] {
//! use service_quality::form::{Answers, Form, Tokens};
//!
//! let form: Form = serde_json::from_str(r#"{
//!     "key": "call_review", "version": 1,
//!     "items": [
//!         {"key": "greeting", "answer": {"scale": {"min": 1, "max": 5}}},
//!         {"key": "verification", "answer": "yes_no", "critical": true},
//!         {"key": "resolution", "answer": {"scale": {"min": 1, "max": 5}}, "weight": 2},
//!         {"key": "tone", "answer": {"scale": {"min": 1, "max": 5}}, "not_applicable": true}
//!     ]
//! }"#)?;
//! let answers = Answers::from_text(
//!     &form,
//!     [("greeting", "4"), ("verification", "yes"), ("resolution", "3"), ("tone", "n/a")],
//!     &Tokens::default(),
//! )?;
//! let evaluation = answers.evaluate(&form)?;
//! assert_eq!(evaluation.overall().map(|s| s.get()), Some(68.75)); // (75 + 100 + 2 × 50) / 4
//! assert_eq!(evaluation.focus().map(|item| item.key()), Some("resolution"));
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # What it covers
//!
//! - [`proud`]: the five principles of excellent service (polite and professional, and, in this
//!   crate's reading, respect, ownership, understanding and deliver), with the first hurdle on P,
//!   failure scenarios, how the customer was made to feel and their fight-or-flight reaction.
//! - [`leadership`]: V.E.D. (vision, engagement, delivery) against the management functions
//!   (planning, organising, monitoring, reviewing), a leadership profile and style for any role,
//!   and team briefings judged as leading or managing (leading ranked first, as the sources
//!   rank it).
//! - [`boss_leader`]: ten boss-versus-leader contrasts on a bipolar scale, a leader index, a
//!   classification and a development plan with a concrete action per contrast.
//! - [`review`]: 360 reviews for any model: self against observers by role, gaps, blind spots
//!   and hidden strengths, with rater anonymity that holds even against subtraction.
//! - [`breakdown`]: attribute service breakdowns to process, rules, presentation, product and
//!   people by what each rating adds above the floor (breakdowns with nothing above it counted
//!   apart); aggregate them (mergeable running totals), rank the causes, find the vital few and
//!   compare periods, blaming the system before the person (and, when people still come out on
//!   top, pointing at the team's PROUD results for the behaviour to coach); the same over a
//!   team's own cause list or plain labelled counts.
//! - [`team`]: the team behind the service: believe, belong and supported, empowerment signals
//!   (by this crate's rule, a single good-faith decision overturned warns), discretionary
//!   effort drawn out by purpose from day one and real empowerment, the climate-customer
//!   reflection, distributed leadership (informal leaders; elitism: power kept at the top,
//!   leadership taken for a title), leading by example, and a hiring screen on attitude and skill in which,
//!   by this crate's rule, a poor attitude always rejects.
//! - [`practices`]: the seven practices of exceptional service as a self-audit, response-time
//!   review, the service triangle of customer, agent and technology (the AI keeps helping the
//!   agent after a hand-off), channel value (better service can justify a higher price) and
//!   word of mouth.
//! - [`conversation`]: responding to customer conduct (abuse is never continued), the do's and
//!   don'ts of a difficult conversation, opinion against feedback in both directions, what a
//!   winning resolution does, and a fast checker for written replies to which a team adds its
//!   own phrase rules.
//! - [`metrics`]: the industry's standard measures, NPS, CSAT, CES and SERVQUAL (with SERVPERF),
//!   as mergeable tallies with confidence intervals for every group size, comparisons of groups
//!   and periods (with Holm's adjustment) and key-driver analysis.
//! - [`reliability`]: whether instruments and raters can be trusted: Cronbach's alpha (with
//!   Feldt's interval and missing answers), Cohen's kappa (with its standard error), Fleiss'
//!   kappa, Krippendorff's alpha, intraclass correlations, agreement that survives skewed QA
//!   data (Gwet's AC1/AC2 and the rest of Gwet's framework, with standard errors), seeded
//!   bootstrap intervals, and reviewer calibration item by item.
//! - [`form`]: your own scorecards, defined at run time: items with their own answer types
//!   (scales, yes/no, labelled choices with points), weights, sections, "not applicable" and any
//!   number of critical items; summaries per form and version.
//! - [`programme`]: the QA programme around the scorecard: which conversations to review
//!   (sampling plans with quotas, strata, a share chosen by risk and evaluators' shares, drawn
//!   reproducibly, never reshuffled by newer conversations), how many reviews an agent needs,
//!   grading the graders against a benchmark review, disputes and appeals that correct the
//!   team's totals exactly ([`Summary::replace`], [`form::FormSummary::replace`]), and
//!   automatic scoring beside people with a rule for when to trust it.
//! - [`batch`]: scoring many assessments from column slices (with masks of "not applicable"
//!   cells) without a heap allocation per record, grouped summaries by any key, and (feature
//!   `rayon`) in parallel.
//! - Embedding: [`import`] maps survey-export headers to a model's dimensions or a form's items
//!   and reports every rejected row with all its reasons; [`render`] turns results into
//!   Markdown or plain text; `charts` (feature
//!   `charts`) draws them as SVG; [`Summary`], [`GroupBy`] and the other tallies keep mergeable
//!   running totals for a database or a distributed job ([`Merge`]).
//! - The shared scoring core every model is built on, re-exported here: a [`Scale`] and the
//!   [`Rating`]s on it, per-dimension [`Ratings`] (with "not applicable") and [`Weights`], the
//!   0–100 [`Score`], [`Band`]s with [`BandThresholds`], a [`Policy`] with its
//!   [`CriticalRule`] and [`NotApplicableRule`], and the resulting [`Scorecard`] and
//!   [`Outcome`]. A compile-time model is an enum implementing [`Dimension`] (declare your own
//!   with [`dimension_enum!`]); it and a run-time [`form::Form`] are scored by the same kernel.
//! - One [`Error`] type whose messages name the field, the value and what was allowed.
//!
//! # Sources and defaults
//!
//! The models come from practitioner writing on customer service and leadership (the PROUD and
//! V.E.D. articles, a boss-versus-leader list, short service-excellence lessons and essays on
//! empowered service teams). Each module's docs say which rules are the source's, marked
//! "(the source)", and which are this crate's defaults or readings, which you can change
//! through the model's policy. Scores, bands, weights and thresholds are always the crate's.
//!
//! Every input type validates on construction and again, identically, when deserialised; every
//! score is finite and within 0..=100; an evaluation with everything "not applicable" is an
//! outcome with nothing to score, never a NaN; scoring one assessment, or one form's answers,
//! allocates nothing. The reasoning
//! behind these choices is in [`design`].
//!
//! # Crate features
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `serde` | yes | Serialise every data type with serde; deserialising validates exactly as the constructors do. |
//! | `rayon` | no | Parallel batch aggregation (`batch::BatchScorer::par_summarise_by_index`) on rayon's thread pool. |
//! | `charts` | no | SVG charts (module `charts`): profiles, 360s, Pareto charts, a form's items, trends with significant changes marked, NPS and shares per group, calibration agreement; each readable on its own, hand-written with no extra dependency. |
//!
//! # Errors
//!
//! ```
//! use service_quality::Scale;
//! use service_quality::proud::Assessment;
//!
//! let err = Assessment::from_array(Scale::ONE_TO_FIVE, [4, 7, 3, 4, 2]).unwrap_err();
//! assert_eq!(err.to_string(), "rating for 'respect' is 7, expected a value in 1..=5");
//!
//! let no_delivery = Assessment::from_options(Scale::ONE_TO_FIVE, [Some(4), Some(5), Some(3), Some(4), None])?;
//! let err = no_delivery.evaluate(&service_quality::proud::ProudPolicy::default()).unwrap_err();
//! assert_eq!(
//!     err.to_string(),
//!     "answer for 'deliver' is n/a, expected a rating (n/a is not allowed here)"
//! );
//! # Ok::<(), service_quality::Error>(())
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

// Lets the exported macros name this crate as `::service_quality` inside string-valued
// attributes (where `$crate` cannot appear), here as in a user's crate.
extern crate self as service_quality;

#[cfg(test)]
mod testing;

// The scoring core, then the models built on it, then the embedding modules built on both.
mod scoring;

pub mod boss_leader;
pub mod breakdown;
pub mod conversation;
pub mod form;
pub mod leadership;
pub mod metrics;
pub mod practices;
pub mod programme;
pub mod proud;
pub mod reliability;
pub mod review;
pub mod team;

mod embedding;
#[cfg(feature = "charts")]
#[cfg_attr(docsrs, doc(cfg(feature = "charts")))]
pub use embedding::charts;
pub use embedding::{batch, import, render, reply};

#[doc = include_str!("DESIGN.md")]
pub mod design {}

pub use scoring::{
    Band, BandThresholds, CriticalRule, Dimension, Error, ErrorKind, Grade, GroupBy, ItemSummary,
    Merge, NotApplicableRule, Outcome, Policy, Rating, Ratings, RatingsPolicy, Result, Scale,
    Score, Scorecard, Scored, StoredItem, StoredTotals, Summary, Thresholds, TryMerge, Weights,
};

/// What the exported macros need, re-exported so a user's crate depends on this crate alone.
/// Not part of the public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::scoring::dimension::Storage;
    pub use enum_map;
    #[cfg(feature = "serde")]
    pub use serde;
    pub use strum;

    /// The unknown-name error of an enum: every accepted name (or `expected`, when the enum
    /// lists them itself) and the closest one when it is a likely typo.
    pub fn unknown_name(
        kind: &'static str,
        value: &str,
        names: impl Iterator<Item = &'static str> + Clone,
        expected: Option<&'static str>,
    ) -> crate::Error {
        let mut error = crate::scoring::names::unknown_name(kind, value, names);
        if let (Some(text), crate::Error::UnknownName { expected, .. }) = (expected, &mut error) {
            *expected = text.to_owned();
        }
        error
    }
}

// Compiles and runs the README's Rust examples as doctests, so the quick start cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
