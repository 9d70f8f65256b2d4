//! Practices of exceptional service: an organisational self-audit, a review of response-time
//! targets, the service triangle of customer, human agent and technology, the value of an
//! in-person visit against buying online, what customers pass on to others, and productivity
//! measured beside quality.
//!
//! From the source: the seven practices and their examples, that targets go stale, that a
//! customer moving from an assistant to a person keeps the context, that wow moments are what
//! in-person service offers, the one visit that gave no reason to come back, that customers pass
//! on poor and wow experiences, and that productivity past capacity costs quality. The crate's
//! own: the next actions, the percentile method, the rule for whether a visit brings a customer
//! back ([`ChannelVisit`]), which experience a visit leaves, and the workload verdicts.
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
