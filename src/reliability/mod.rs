//! Can the instrument, and the people using it, be trusted? Reliability statistics for survey
//! instruments and panels of raters.
//!
//! | statistic | question it answers | input |
//! |---|---|---|
//! | [`cronbach_alpha`] | do a survey's items measure one thing consistently? | respondents × items |
//! | [`cohen_kappa`] | do two raters agree beyond chance? | two raters' categories, optionally weighted |
//! | [`fleiss_kappa`] | do many raters agree beyond chance? | subjects × category counts |
//! | [`krippendorff_alpha`] | do raters agree, with any number of raters, missing ratings and any level of measurement? | raters × units, `None` for missing |
//!
//! # Calibrating assessors
//!
//! A QA team that scores agents' conversations with PROUD, or a 360 programme, should check its
//! assessors agree before trusting their scores. Have every assessor rate the same recorded
//! interactions, then compute agreement on each principle:
//!
//! ```
//! use service_quality::reliability::{krippendorff_alpha, Measurement};
//!
//! // Ratings of Ownership (1-5) by three assessors on six recorded calls; assessor C missed
//! // call 4.
//! let ownership = [
//!     [Some(4.0), Some(2.0), Some(5.0), Some(3.0), Some(1.0), Some(4.0)],
//!     [Some(4.0), Some(2.0), Some(4.0), Some(3.0), Some(1.0), Some(4.0)],
//!     [Some(5.0), Some(2.0), Some(5.0), None, Some(2.0), Some(4.0)],
//! ];
//! let alpha = krippendorff_alpha(&ownership, Measurement::Ordinal)?;
//! // Values of 0.8 and above are commonly taken as reliable, 0.667 as the floor for tentative
//! // conclusions.
//! assert!(alpha > 0.8);
//! # Ok::<(), service_quality::Error>(())
//! ```
//!
//! Every function returns [`Error::Degenerate`] rather than NaN when
//! the statistic does not exist for the data (one category only, zero variance, a single rater).

mod alpha;
mod calibration;
mod icc;
mod kappa;
mod krippendorff;

pub use alpha::{
    CronbachAlpha, Missing, cronbach_alpha, cronbach_alpha_of, cronbach_alpha_with_missing,
};
pub use calibration::{
    Calibration, CalibrationOptions, CalibrationReport, ItemCalibration, KappaOutcome, Reference,
    ReviewerCalibration,
};
pub use icc::{Icc, IccEstimate, IccForm, intraclass_correlation};
pub use kappa::{Distance, Kappa, KappaOptions, Weighting, cohen_kappa, fleiss_kappa};
pub use krippendorff::{Measurement, krippendorff_alpha};

use crate::{Error, Result};

/// Checks that every row has the same length and returns it.
fn common_width<R: AsRef<[T]>, T>(rows: &[R], field: &'static str) -> Result<usize> {
    let width = rows.first().map_or(0, |r| r.as_ref().len());
    match rows.iter().find(|r| r.as_ref().len() != width) {
        Some(row) => Err(Error::Mismatch {
            field,
            found: row.as_ref().len().to_string(),
            expected: width.to_string(),
        }),
        None => Ok(width),
    }
}
