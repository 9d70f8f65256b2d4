//! Practices of exceptional service: an organisational self-audit, a review of response-time
//! targets, the service triangle of customer, human agent and technology, the value of an
//! in-person visit against buying online, what customers pass on to others, and productivity
//! measured beside quality.
//!
//! # What comes from the source and what is this crate's
//!
//! The source is the collection of service articles this crate's models are written from.
//!
//! - The source: the seven [practices](Practice) and their examples; that response-time
//!   targets go stale as expectations rise; the service triangle, in which customer, agent and
//!   technology work together rather than as alternatives, a customer can move from an AI
//!   assistant to a person, the AI keeps helping the agent after the hand-off, and customers may
//!   bring AI of their own ([`Journey`]); that wow moments are what in-person service offers and
//!   online cannot; the one shop visit, dearer than online for advice and service it did not
//!   give, that gave no reason to come back; that customers pass on poor and wow experiences;
//!   and that productivity pushed past capacity costs quality.
//! - This crate's defaults: the [next actions](Practice::next_actions); the nearest-rank
//!   percentile method of [`ResponseTimes`]; that a hand-off should carry the context, and that
//!   one which drops it is an ownership failure; the rule for whether a visit brings a customer
//!   back, including that better service justifies a higher price ([`ChannelVisit`]); which
//!   experience a visit leaves, and that an ordinary one is not passed on ([`Experience`]); and
//!   the workload verdicts ([`Workload`]).
//!
//! # Examples
//!
//! ```
//! use service_quality::{Policy, Ratings, Scale};
//! use service_quality::practices::Practice;
//!
//! // Self-ratings 1-5 for the seven practices, in declaration order: a scorecard like any
//! // other model's.
//! let ratings = Ratings::<Practice>::from_array(Scale::ONE_TO_FIVE, [4, 2, 5, 3, 1, 3, 4])?;
//! let report = ratings.evaluate(&Policy::default())?;
//! assert_eq!(report.weakest_first().next().map(|(p, _)| p), Some(Practice::ResponseTargets));
//! assert!(!Practice::ResponseTargets.next_actions().is_empty());
//! # Ok::<(), service_quality::Error>(())
//! ```

mod audit;
mod channel;
mod experience;
mod response_times;
mod triangle;
mod workload;

pub use audit::Practice;
pub use channel::{ChannelVerdict, ChannelVisit, Factor, VersusOnline};
pub use experience::Experience;
pub use response_times::ResponseTimes;
pub use triangle::{Actor, Handoff, Journey};
pub use workload::{WorkPeriod, Workload, WorkloadCheck};
