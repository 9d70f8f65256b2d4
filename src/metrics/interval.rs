//! Confidence levels, intervals and the quantiles behind them.

use core::fmt;

use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

use crate::{Error, Result};

/// A confidence level strictly between 0 and 1, such as 0.95.
///
/// # Examples
///
/// ```
/// use service_quality::metrics::Level;
///
/// assert_eq!(Level::new(0.9)?.get(), 0.9);
/// assert_eq!(Level::default().get(), 0.95);
/// assert_eq!(
///     Level::new(1.0).unwrap_err().to_string(),
///     "level is 1, expected a finite value in (0, 1)"
/// );
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "f64", into = "f64")
)]
pub struct Level(f64);

impl Level {
    /// 95%, the conventional default.
    pub const NINETY_FIVE: Level = Level(0.95);

    /// Creates a level.
    ///
    /// # Errors
    ///
    /// [`Error::ValueOutOfRange`] unless `0 < level < 1`.
    ///
    /// ```
    /// use service_quality::metrics::Level;
    ///
    /// assert!(Level::new(0.99).is_ok());
    /// assert!(Level::new(0.0).is_err());
    /// ```
    pub fn new(level: f64) -> Result<Self> {
        if level > 0.0 && level < 1.0 {
            Ok(Level(level))
        } else {
            Err(Error::ValueOutOfRange {
                field: "level",
                value: level,
                expected: "a finite value in (0, 1)",
            })
        }
    }

    /// The level as a fraction.
    pub const fn get(self) -> f64 {
        self.0
    }

    /// The two-sided standard normal quantile: `z` with `P(|Z| < z) = level`.
    pub fn z(self) -> f64 {
        Normal::standard().inverse_cdf(self.upper_tail())
    }

    /// The two-sided Student t quantile with `df` degrees of freedom (`df >= 1`).
    pub(crate) fn t(self, df: u64) -> Result<f64> {
        let t = StudentsT::new(0.0, 1.0, df as f64).map_err(|_| Error::Degenerate {
            what: "t interval",
            reason: "it needs at least two answers",
        })?;
        Ok(t.inverse_cdf(self.upper_tail()))
    }

    /// `1 - (1 - level) / 2`, the cumulative probability of the upper bound.
    fn upper_tail(self) -> f64 {
        1.0 - (1.0 - self.0) / 2.0
    }
}

impl Default for Level {
    /// 95%.
    fn default() -> Self {
        Level::NINETY_FIVE
    }
}

impl TryFrom<f64> for Level {
    type Error = Error;

    /// Same rule as [`Level::new`].
    fn try_from(level: f64) -> Result<Self> {
        Level::new(level)
    }
}

impl From<Level> for f64 {
    fn from(level: Level) -> f64 {
        level.0
    }
}

/// A point estimate with a confidence interval around it.
///
/// Bounds never leave the range the statistic lives in (−100..=100 for NPS, 0..=100 for CSAT,
/// the answer scale for CES); where a method's raw bounds would, the method's documentation says
/// how they are limited.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Interval {
    estimate: f64,
    lower: f64,
    upper: f64,
    level: Level,
}

impl Interval {
    pub(crate) fn new(estimate: f64, lower: f64, upper: f64, level: Level) -> Self {
        Interval {
            estimate,
            lower,
            upper,
            level,
        }
    }

    /// The point estimate.
    pub const fn estimate(&self) -> f64 {
        self.estimate
    }

    /// The lower bound.
    pub const fn lower(&self) -> f64 {
        self.lower
    }

    /// The upper bound.
    pub const fn upper(&self) -> f64 {
        self.upper
    }

    /// The confidence level.
    pub const fn level(&self) -> Level {
        self.level
    }

    /// Whether `value` lies within the bounds.
    pub fn contains(&self, value: f64) -> bool {
        self.lower <= value && value <= self.upper
    }
}

impl fmt::Display for Interval {
    /// `65.0 [58.2, 71.8] at 95%`; honours precision.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = f.precision().unwrap_or(1);
        write!(
            f,
            "{:.p$} [{:.p$}, {:.p$}] at {}%",
            self.estimate,
            self.lower,
            self.upper,
            self.level.0 * 100.0
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_match_tables() {
        // Standard tables: z(0.95) = 1.959964, z(0.90) = 1.644854; t(0.95, 10) = 2.228139.
        assert!((Level::NINETY_FIVE.z() - 1.959_963_984_540_054).abs() < 1e-9);
        assert!((Level::new(0.9).unwrap().z() - 1.644_853_626_951_472_2).abs() < 1e-9);
        assert!((Level::NINETY_FIVE.t(10).unwrap() - 2.228_138_851_986_273_5).abs() < 1e-9);
    }

    #[test]
    fn t_needs_a_degree_of_freedom() {
        assert!(Level::NINETY_FIVE.t(0).is_err());
    }

    #[test]
    fn display_is_readable() {
        let i = Interval::new(65.0, 58.25, 71.75, Level::NINETY_FIVE);
        assert_eq!(i.to_string(), "65.0 [58.2, 71.8] at 95%");
        assert_eq!(format!("{i:.2}"), "65.00 [58.25, 71.75] at 95%");
    }
}
