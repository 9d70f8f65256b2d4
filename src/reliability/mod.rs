//! Can the instrument, and the people using it, be trusted? Reliability statistics for survey
//! instruments and panels of raters.
//!
//! | statistic | question it answers | input |
//! |---|---|---|
//! | [`cronbach_alpha`], [`cronbach_alpha_with_missing`] | do a survey's items measure one thing consistently? (with Feldt's interval) | respondents × items, `None` for missing (pairwise or listwise, [`Missing`]) |
//! | [`Kappa`], [`cohen_kappa`] | do two raters agree beyond chance? (with the asymptotic standard error and interval) | two raters' labels or their contingency table, optionally weighted ([`KappaOptions`]) |
//! | [`fleiss_kappa`] | do many raters agree beyond chance? | subjects × category counts |
//! | [`Ratings::coefficient`] with a [`Coefficient`] | the same question, with any number of raters, missing ratings and weights, by the coefficient that suits the data: Gwet's AC1/AC2 (robust when one answer dominates), Brennan–Prediger, Fleiss, Conger, Krippendorff, percent agreement; each with Gwet's standard error | subjects × raters labels, subjects × category counts, or a two-rater table ([`Ratings`]) |
//! | [`Bootstrap`] | how sure is any of these? (seeded percentile or BCa intervals over subjects, and paired differences: before and after a calibration, a scorer against people) | as the statistic |
//! | [`krippendorff_alpha`] | do raters agree, with any number of raters, missing ratings and any level of measurement? | raters × units, `None` for missing |
//! | [`intraclass_correlation`] | do several raters' continuous scores agree? (the six Shrout–Fleiss forms, [`IccForm`], with F-based intervals) | targets × raters, complete |
//! | [`Calibration`] | does each reviewer score like the calibrator, or like the consensus? (per item: kappa, AC1 and alpha weighed by the item's answer type, and which to read) | subject, item, reviewer, answer or N/A |
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
//! For a calibration session (reviewers scoring the same calls as their QA lead), a
//! [`Calibration`] gives per item the percent agreement, kappa with its interval and each
//! reviewer's drift, with N/A answers counted rather than removed by hand:
//!
//! ```
//! use service_quality::reliability::{Calibration, CalibrationOptions, Reference};
//!
//! let mut session = Calibration::new();
//! for (call, lead, reviewer) in [("c1", 4.0, 4.0), ("c2", 2.0, 3.0), ("c3", 5.0, 5.0), ("c4", 3.0, 4.0)] {
//!     session.add(call, "resolution", "lead", Some(lead))?;
//!     session.add(call, "resolution", "ana", Some(reviewer))?;
//! }
//! let options = CalibrationOptions::default().with_reference(Reference::Calibrator("lead".into()));
//! let report = session.evaluate(&options)?;
//! let ana = &report.reviewers()[0];
//! assert_eq!(ana.agreement().percent(), Some(50.0));
//! // Half a point more generous per call.
//! assert_eq!(ana.agreement().mean_signed_deviation(), Some(0.5));
//! # Ok::<(), service_quality::Error>(())
//! ```
//!
//! # When nearly every answer is "pass"
//!
//! Most QA items are passed almost every time. Kappa then expects nearly as much agreement by
//! chance as reviewers show, and collapses even when they almost always agree: the "kappa
//! paradox". Gwet's AC1 estimates chance agreement in a way that shrinks when one answer
//! dominates, so it stays close to what the team sees; [`ItemCalibration::coefficient_to_read`]
//! says which to read for each item.
//!
//! ```
//! use service_quality::reliability::{AgreementOptions, Coefficient, Ratings};
//!
//! // 40 calls: both reviewers say "compliant" on 37, they split on 3.
//! let mut calls = vec![[Some(1), Some(1)]; 37];
//! calls.extend([[Some(1), Some(0)], [Some(0), Some(1)], [Some(1), Some(0)]]);
//! let ratings = Ratings::by_subject(&calls)?;
//! let options = AgreementOptions::default();
//! let kappa = ratings.coefficient(Coefficient::Conger, &options)?.value().unwrap();
//! let ac1 = ratings.coefficient(Coefficient::Gwet, &options)?.value().unwrap();
//! assert!(kappa < 0.0); // "worse than chance", with 92.5% agreement
//! assert!(ac1 > 0.9);
//! # Ok::<(), service_quality::Error>(())
//! ```
//!
//! Every function returns [`Error::Degenerate`] rather than NaN when the statistic does not
//! exist for the data (one category only, zero variance, a single rater). A calibration session
//! in which everyone gave the same answer is not an error: it reports 100% agreement and says
//! kappa is undefined ([`KappaOutcome::OneCategory`]); the agreement coefficients likewise
//! report degenerate data as an [`AgreementOutcome`], and AC1 exists where kappa does not.

mod agreement;
mod alpha;
mod bootstrap;
mod calibration;
mod icc;
mod kappa;
mod krippendorff;

pub use agreement::{
    AgreementEstimate, AgreementOptions, AgreementOutcome, Coefficient, PairCounts, Ratings,
};
pub use alpha::{
    CronbachAlpha, Missing, cronbach_alpha, cronbach_alpha_of, cronbach_alpha_with_missing,
};
pub use bootstrap::{Bootstrap, BootstrapInterval, BootstrapMethod};
pub use calibration::{
    Agreement, Calibration, CalibrationOptions, CalibrationReport, ItemCalibration, ItemWeighting,
    KappaOutcome, Reference, ReviewerCalibration, SKEWED_PREVALENCE,
};
pub use icc::{Icc, IccEstimate, IccForm, intraclass_correlation};
pub use kappa::{Distance, Kappa, KappaOptions, Weighting, cohen_kappa, fleiss_kappa};
pub use krippendorff::{Measurement, krippendorff_alpha};

use crate::scoring::{Error, Result};

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
