//! Shares (proportions) of a group, and the score intervals around them.

use core::fmt;

use crate::metrics::{Interval, Level};
use crate::scoring::macros::named_enum;
use crate::scoring::{Error, Result};

named_enum! {
    /// How the interval around a share (CSAT, a pass rate, a share of staff) is computed.
    ///
    /// Both methods are score intervals: they stay inside 0–100%, never have zero width, and
    /// give a sensible interval when every answer or none counts, where the textbook normal
    /// (Wald) interval collapses to a point.
    #[derive(Default)]
    #[non_exhaustive]
    pub enum ShareMethod as "share interval method",
        expecting "one of: wilson, wilson_corrected"
    {
        /// The Wilson score interval (Wilson, 1927), the default: its coverage is close to the
        /// nominal level on average for every sample size, which is what a dashboard of many
        /// groups wants. Newcombe (1998) and Agresti and Coull (1998) recommend it over the
        /// Wald interval.
        #[default]
        Wilson,
        /// The Wilson interval with a continuity correction (Newcombe, 1998, method 4): wider,
        /// and its coverage stays at or above the nominal level for nearly every true share.
        /// Prefer it when a missed target has a real cost (a contract's service level) and
        /// being conservative is the point.
        WilsonCorrected,
    }
}

/// A share: how many of a group's answers count (satisfied, passed, holding decision rights)
/// out of how many there are. At least one answer, and no more counting than there are.
///
/// Scores and intervals are in percent, as everywhere in the crate.
///
/// # Examples
///
/// ```
/// use service_quality::metrics::{Level, Share, ShareMethod};
///
/// // A team of six, all satisfied: 100%, and still an honest interval.
/// let share = Share::new(6, 6)?;
/// assert_eq!(share.percent(), 100.0);
/// let ci = share.interval(ShareMethod::Wilson, Level::default());
/// assert_eq!(ci.upper(), 100.0);
/// assert!(ci.lower() > 55.0 && ci.lower() < 65.0);
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Share {
    count: u64,
    of: u64,
}

impl Share {
    /// The share of `count` answers out of `of`.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] when `of` is zero and [`Error::Inconsistent`] when `count` exceeds it.
    ///
    /// ```
    /// use service_quality::metrics::Share;
    ///
    /// assert!(Share::new(0, 3).is_ok());
    /// assert_eq!(
    ///     Share::new(4, 3).unwrap_err().to_string(),
    ///     "share count is 4, expected at most the number of answers, 3"
    /// );
    /// ```
    pub fn new(count: u64, of: u64) -> Result<Self> {
        if of == 0 {
            return Err(Error::Empty {
                what: "share",
                item: "answer",
            });
        }
        if count > of {
            return Err(Error::Inconsistent {
                field: "share count",
                value: count.to_string(),
                expected: format!("at most the number of answers, {of}"),
            });
        }
        Ok(Share { count, of })
    }

    /// The answers that count.
    pub const fn count(&self) -> u64 {
        self.count
    }

    /// All answers.
    pub const fn of(&self) -> u64 {
        self.of
    }

    /// The share as a fraction, 0..=1.
    pub fn fraction(&self) -> f64 {
        self.count as f64 / self.of as f64
    }

    /// The share in percent, 0..=100: `100 × count / of`, multiplied before dividing so that
    /// a share with an exact percentage gets it (23 of 40 is 57.5, not 57.49999999999999).
    pub fn percent(&self) -> f64 {
        100.0 * self.count as f64 / self.of as f64
    }

    /// The interval around the share, in percent, by `method`.
    ///
    /// ```
    /// use service_quality::metrics::{Level, Share, ShareMethod};
    ///
    /// // Newcombe (1998), Table I: 81 of 263, 95%.
    /// let share = Share::new(81, 263)?;
    /// let plain = share.interval(ShareMethod::Wilson, Level::default());
    /// let corrected = share.interval(ShareMethod::WilsonCorrected, Level::default());
    /// assert_eq!(format!("{:.2} {:.2}", plain.lower(), plain.upper()), "25.53 36.62");
    /// assert_eq!(format!("{:.2} {:.2}", corrected.lower(), corrected.upper()), "25.35 36.82");
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn interval(&self, method: ShareMethod, level: Level) -> Interval {
        let (p, n, z) = (self.fraction(), self.of as f64, level.z());
        let (lower, upper) = match method {
            ShareMethod::Wilson => wilson(p, n, z),
            ShareMethod::WilsonCorrected => wilson_corrected(p, n, z),
        };
        Interval::new(100.0 * p, 100.0 * lower, 100.0 * upper, level)
    }
}

impl fmt::Display for Share {
    /// `5 of 6 (83.3%)`; honours precision for the percentage.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = f.precision().unwrap_or(1);
        write!(f, "{} of {} ({:.p$}%)", self.count, self.of, self.percent())
    }
}

/// The Wilson score interval for a proportion `p` of `n` trials at normal quantile `z`.
///
/// `(p + z²/2n ± z √(p(1−p)/n + z²/4n²)) / (1 + z²/n)`.
pub(crate) fn wilson(p: f64, n: f64, z: f64) -> (f64, f64) {
    let z2 = z * z;
    let denominator = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denominator;
    let half = z / denominator * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    // The bounds lie in 0..=1 on paper; `clamp` removes only last-bit rounding. At p = 0 the
    // lower bound is exactly 0 on paper (and at p = 1 the upper exactly 1), but the subtraction
    // lands a few ulps off, which would put a target of 0% outside an interval that reaches it.
    let lower = if p <= 0.0 { 0.0 } else { centre - half };
    let upper = if p >= 1.0 { 1.0 } else { centre + half };
    (lower.clamp(0.0, 1.0), upper.clamp(0.0, 1.0))
}

/// The Wilson score interval with continuity correction (Newcombe, 1998, method 4):
///
/// - `L = (2np + z² − 1 − z √(z² − 2 − 1/n + 4p(n(1 − p) + 1))) / (2(n + z²))`, and 0 when p = 0;
/// - `U = (2np + z² + 1 + z √(z² + 2 − 1/n + 4p(n(1 − p) − 1))) / (2(n + z²))`, and 1 when p = 1.
///
/// Both square roots are of positive numbers whenever their bound is used (for p ≥ 1/n the first
/// is at least `z² + 2 − 1/n`, and so is the second for p ≤ 1 − 1/n).
pub(crate) fn wilson_corrected(p: f64, n: f64, z: f64) -> (f64, f64) {
    let z2 = z * z;
    let denominator = 2.0 * (n + z2);
    let lower = if p <= 0.0 {
        0.0
    } else {
        let root = (z2 - 2.0 - 1.0 / n + 4.0 * p * (n * (1.0 - p) + 1.0)).max(0.0);
        (2.0 * n * p + z2 - 1.0 - z * root.sqrt()) / denominator
    };
    let upper = if p >= 1.0 {
        1.0
    } else {
        let root = (z2 + 2.0 - 1.0 / n + 4.0 * p * (n * (1.0 - p) - 1.0)).max(0.0);
        (2.0 * n * p + z2 + 1.0 + z * root.sqrt()) / denominator
    };
    // Newcombe limits the corrected bounds to 0..=1; for one or two trials they can pass them.
    (lower.clamp(0.0, 1.0), upper.clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corrected_bounds_never_pass_the_plain_ones() {
        let z = Level::NINETY_FIVE.z();
        for n in 1..=40u32 {
            for k in 0..=n {
                let (n, p) = (f64::from(n), f64::from(k) / f64::from(n));
                let (wl, wu) = wilson(p, n, z);
                let (cl, cu) = wilson_corrected(p, n, z);
                assert!(cl <= wl + 1e-15 && wu <= cu + 1e-15, "{k}/{n}");
                assert!(cl <= p && p <= cu, "{k}/{n}");
            }
        }
    }

    #[test]
    fn display_reads_as_a_count_and_a_percentage() {
        assert_eq!(Share::new(5, 6).unwrap().to_string(), "5 of 6 (83.3%)");
        assert_eq!(format!("{:.0}", Share::new(1, 3).unwrap()), "1 of 3 (33%)");
    }
}
