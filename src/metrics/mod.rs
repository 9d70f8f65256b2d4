//! The industry's standard service measures: NPS, CSAT, CES and SERVQUAL, with confidence
//! intervals.
//!
//! Each measure is a running tally that keeps counts, never the answers themselves, so it can be
//! built one answer at a time, merged with another tally (per team, per channel, per month) and
//! stored. Every statistic that would divide by zero (no answers, one category only, zero
//! variance) returns [`Error::Degenerate`](crate::Error::Degenerate) or
//! [`Error::Empty`](crate::Error::Empty) instead of NaN.
//!
//! | measure | answers | score | interval |
//! |---|---|---|---|
//! | [`Nps`] | 0–10 | `100 × (promoters − detractors) / n`, −100..=100 | normal (Wald) |
//! | [`Csat`] | any stated scale, "satisfied" from a threshold | satisfied share, % | Wilson |
//! | [`Ces`] | 1–7 agreement | mean answer | Student t |
//! | [`servqual`] | expectation and perception, 1–7, 22 items | perception − expectation gaps | — |
//!
//! Whether the instruments and the people rating with them can be trusted is the subject of
//! [`reliability`](crate::reliability).

mod ces;
pub mod compare;
mod counts;
mod csat;
pub mod drivers;
mod interval;
mod mean;
mod nps;
pub mod servqual;
mod share;

pub use ces::Ces;
pub use csat::Csat;
pub use interval::{Interval, Level};
pub(crate) use interval::{f_quantile, f_upper_tail, normal_p_value, t_p_value};
pub use mean::Moments;
pub use nps::{Nps, NpsMethod};
pub use share::{Share, ShareMethod};
pub(crate) use share::{wilson, wilson_corrected};
