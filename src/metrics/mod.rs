//! The industry's standard service measures: NPS, CSAT, CES and SERVQUAL, with confidence
//! intervals for every group size, comparisons between groups and periods, and key drivers.
//!
//! Each measure is a running tally that keeps counts, never the answers themselves, so it can be
//! built one answer at a time, merged with another tally (per team, per channel, per month) and
//! stored. Every statistic that would divide by zero (no answers, zero variance) returns
//! [`Error::Degenerate`](crate::Error::Degenerate) or [`Error::Empty`](crate::Error::Empty)
//! instead of NaN.
//!
//! | measure | answers | score | interval (default first) |
//! |---|---|---|---|
//! | [`Nps`] | 0–10 | `100 × (promoters − detractors) / n`, −100..=100 | adjusted Wald, Wald ([`NpsMethod`]) |
//! | [`Csat`], any [`Share`] | any stated scale, "satisfied" from a threshold | satisfied share, % | Wilson, Wilson with continuity correction ([`ShareMethod`]) |
//! | [`Ces`], any [`Moments`] | 1–7 agreement | mean answer | Student t |
//! | [`servqual`] | expectation and perception, 1–7, 22 items | perception − expectation gaps | — |
//!
//! Small and lopsided groups get an interval too: the adjusted Wald NPS interval exists when
//! every answer is a promoter, and the score intervals for shares when every answer or none
//! counts. Only a mean of identical answers has none (its spread is zero).
//!
//! Decisions need more than one group:
//!
//! - [`compare`] says whether two teams or two periods differ, with an interval for the
//!   difference and a p-value (NPS, shares, means), and adjusts many comparisons at once with
//!   Holm's method;
//! - [`drivers`] says which items move an outcome, with correlations and each item's Shapley
//!   share of the explained variance.
//!
//! ```
//! use service_quality::metrics::{compare, Level, Nps};
//!
//! let small_team = Nps::from_answers([9, 10, 10, 9])?;
//! let ci = small_team.interval(Level::default())?;
//! assert!(ci.lower() < 50.0 && ci.upper() == 100.0);
//!
//! let other = Nps::from_answers([3, 7, 9, 6, 10, 8])?;
//! let d = compare::nps(&small_team, &other, Default::default(), Level::default())?;
//! assert!(d.interval().contains(d.difference()));
//! # Ok::<(), service_quality::Error>(())
//! ```
//!
//! Whether the instruments and the people rating with them can be trusted is the subject of
//! [`reliability`](crate::reliability).

mod ces;
pub mod compare;
mod counts;
mod csat;
pub mod drivers;
mod nps;
pub mod servqual;
mod share;

pub use crate::scoring::Moments;
pub(crate) use crate::scoring::interval::{f_quantile, f_upper_tail, normal_p_value, t_p_value};
pub use crate::scoring::{Interval, Level};
pub use ces::Ces;
pub use csat::Csat;
pub use nps::{Nps, NpsMethod};
pub use share::{Share, ShareMethod};
pub(crate) use share::{wilson, wilson_corrected};
