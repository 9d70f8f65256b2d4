//! SVG charts of the crate's results (feature `charts`).
//!
//! Each function returns a standalone SVG document as a string: write it to a file, embed it in
//! HTML, or serve it. The charts are hand-written rather than drawn with a plotting crate,
//! which keeps the feature free of dependencies, and each is meant to be read on its own, off a
//! wall or out of a slide deck:
//!
//! - every bar, point and line has its value written beside it or a scale with ticks, and
//!   every axis that carries a quantity is named;
//! - intervals are drawn wherever the crate computes one, so the uncertainty of a small group
//!   is seen, not footnoted;
//! - long names wrap onto a second line and are shortened beyond it, with the full name in a
//!   tooltip (an SVG `<title>`);
//! - colours come from Okabe and Ito's colour-blind-safe palette, and series also differ by
//!   marker and dash;
//! - bad input (an empty summary, a group with nothing scored, an interval that does not
//!   exist) draws a chart that says so in words; no chart ever contains `NaN`, and nothing
//!   is drawn outside its view box.
//!
//! | chart | draws | from |
//! |---|---|---|
//! | [`profile_bars`] | a scorecard's dimensions as bars on 0–100 | a [`Scorecard`](crate::Scorecard): PROUD, V.E.D., boss versus leader |
//! | [`self_vs_observers`] | self against observers per dimension, with the gaps | a 360 [`Report`](crate::review::Report) |
//! | [`pareto`] | breakdown causes by share, the cumulative line on its own axis, the vital-few threshold | a breakdown [`Triage`](crate::breakdown::Triage) |
//! | [`root_cause_pareto`] | the same in rows, for a team's own and often many or long labels, with counts | a triage of a [`CauseSet`](crate::breakdown::CauseSet) or of [`Attribution::from_counts`](crate::breakdown::Attribution::from_counts) |
//! | [`form_summary`] | a form's items: mean or pass rate with intervals, N/A counts, critical items | a [`Form`](crate::form::Form) and its [`FormSummary`](crate::form::FormSummary) |
//! | [`trend`] | means per period with interval bands, significant changes marked (Holm) | [`Moments`](crate::metrics::Moments) per period, in [`TrendSeries`] |
//! | [`shares_by_group`] | CSAT or any share per group, sorted, with intervals and the overall line | a [`Share`](crate::metrics::Share) per group |
//! | [`nps_by_group`] | NPS per group, the same way | an [`Nps`](crate::metrics::Nps) tally per group |
//! | [`agreement_by_item`] | kappa and AC1 per item against the acceptance threshold | a [`CalibrationReport`](crate::reliability::CalibrationReport) |
//!
//! The charts compute no statistics of their own: every value, interval and test is the one
//! the crate's result types and [`metrics::compare`](crate::metrics::compare) give.
//!
//! # Examples
//!
//! ```
//! use service_quality::Scale;
//! use service_quality::charts::profile_bars;
//! use service_quality::proud::{Assessment, ProudPolicy};
//!
//! let verdict = Assessment::from_array(Scale::ONE_TO_FIVE, [4, 5, 3, 4, 2])?
//!     .evaluate(&ProudPolicy::default())?;
//! let svg = profile_bars("PROUD", verdict.scorecard());
//! assert!(svg.starts_with("<svg"));
//! assert!(svg.contains(">Deliver</text>"));
//! # Ok::<(), service_quality::Error>(())
//! ```
//!
//! To look at a chart outside a browser, render it with any SVG renderer; the crate's own
//! tests and `charts` example render every chart to PNG with the pure-Rust `resvg`.

mod calibration;
mod form;
mod groups;
mod kit;
mod pareto;
mod profile;
mod trend;

pub use calibration::{CalibrationChartOptions, agreement_by_item};
pub use form::{FormSummaryOptions, form_summary};
pub use groups::{GroupOptions, nps_by_group, shares_by_group};
pub use pareto::{RootCauseOptions, pareto, root_cause_pareto};
pub use profile::{profile_bars, self_vs_observers};
pub use trend::{TrendOptions, TrendSeries, trend};
