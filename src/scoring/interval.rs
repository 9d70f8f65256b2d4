//! Confidence levels, intervals and the quantiles behind them.

use core::fmt;

use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

use crate::scoring::{Error, Result};

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

    /// The two-sided Student t quantile with `df` degrees of freedom, which may be fractional
    /// (Welch's test): `t` with `P(|T| < t) = level`.
    ///
    /// # Errors
    ///
    /// [`Error::Degenerate`] unless `df` is finite and above zero.
    pub(crate) fn t(self, df: f64) -> Result<f64> {
        let t = student_t(df)?;
        Ok(t.inverse_cdf(self.upper_tail()))
    }

    /// The chance of a false alarm a test at this level accepts: `1 - level`.
    pub fn alpha(self) -> f64 {
        1.0 - self.0
    }

    /// `1 - (1 - level) / 2`, the cumulative probability of the upper bound.
    fn upper_tail(self) -> f64 {
        1.0 - (1.0 - self.0) / 2.0
    }
}

/// The standard Student t distribution with `df` degrees of freedom.
fn student_t(df: f64) -> Result<StudentsT> {
    // statrs accepts an infinite df (the normal limit); a sample never gives one.
    if !(df.is_finite() && df > 0.0) {
        return Err(Error::Degenerate {
            part: None,
            what: "t interval",
            reason: "it needs at least two answers",
        });
    }
    StudentsT::new(0.0, 1.0, df).map_err(|_| Error::Degenerate {
        part: None,
        what: "t interval",
        reason: "it needs at least two answers",
    })
}

/// The `p` quantile of the F distribution with `d1` and `d2` degrees of freedom.
///
/// The degrees of freedom must be finite and above zero and `p` strictly between 0 and 1 (the
/// callers' invariants); a quantile beyond the largest float (for `p` within a few ulps of 1)
/// is given as the largest float.
pub(crate) fn f_quantile(d1: f64, d2: f64, p: f64) -> f64 {
    use statrs::function::beta::inv_beta_reg;
    // If Z ~ Beta(d1/2, d2/2), then d2 Z / (d1 (1 − Z)) ~ F(d1, d2). In the upper half Z can lie
    // within an ulp of 1 (few degrees of freedom), so 1 − Z, which follows Beta(d2/2, d1/2), is
    // found directly from the upper tail instead.
    let quantile = if p > 0.5 {
        let w = inv_beta_reg(d2 / 2.0, d1 / 2.0, 1.0 - p);
        d2 * (1.0 - w) / (d1 * w)
    } else {
        let z = inv_beta_reg(d1 / 2.0, d2 / 2.0, p);
        d2 * z / (d1 * (1.0 - z))
    };
    quantile.min(f64::MAX)
}

/// `P(F > f)` for the F distribution with `d1` and `d2` degrees of freedom (finite and above
/// zero), `f >= 0`.
pub(crate) fn f_upper_tail(f: f64, d1: f64, d2: f64) -> f64 {
    // P(F > f) = I_{d2 / (d2 + d1 f)}(d2/2, d1/2), which keeps its precision far in the tail.
    statrs::function::beta::beta_reg(d2 / 2.0, d1 / 2.0, d2 / (d2 + d1 * f)).clamp(0.0, 1.0)
}

/// The two-sided p-value of a standard normal statistic `z`: `P(|Z| >= |z|)`.
pub(crate) fn normal_p_value(z: f64) -> f64 {
    // Twice the lower tail of −|z| keeps its precision far out, where 1 − cdf would round to 0.
    (2.0 * Normal::standard().cdf(-z.abs())).min(1.0)
}

/// The two-sided p-value of a Student t statistic with `df` degrees of freedom.
pub(crate) fn t_p_value(t: f64, df: f64) -> Result<f64> {
    Ok((2.0 * student_t(df)?.cdf(-t.abs())).min(1.0))
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

    /// The same interval with its bounds limited to `min..=max`, the range of the statistic.
    pub(crate) fn limited_to(self, min: f64, max: f64) -> Self {
        Interval {
            lower: self.lower.max(min),
            upper: self.upper.min(max),
            ..self
        }
    }

    /// The same interval widened, where needed, to reach `value`.
    pub(crate) fn reaching(self, value: f64) -> Self {
        Interval {
            lower: self.lower.min(value),
            upper: self.upper.max(value),
            ..self
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
        assert!((Level::NINETY_FIVE.t(10.0).unwrap() - 2.228_138_851_986_273_5).abs() < 1e-9);
    }

    #[test]
    fn f_quantiles_and_tails_match_tables() {
        // F(0.975; 5, 15) = 3.576, F(0.95; 3, 12) = 3.490 (standard tables, rounded).
        assert!((f_quantile(5.0, 15.0, 0.975) - 3.576).abs() < 5e-4);
        assert!((f_quantile(3.0, 12.0, 0.95) - 3.490).abs() < 5e-4);
        assert!((f_upper_tail(f_quantile(3.0, 12.0, 0.95), 3.0, 12.0) - 0.05).abs() < 1e-12);
    }

    #[test]
    fn t_needs_a_degree_of_freedom() {
        assert!(Level::NINETY_FIVE.t(0.0).is_err());
        assert!(Level::NINETY_FIVE.t(f64::INFINITY).is_err());
        assert!(t_p_value(1.0, f64::NAN).is_err());
    }

    #[test]
    fn display_is_readable() {
        let i = Interval::new(65.0, 58.25, 71.75, Level::NINETY_FIVE);
        assert_eq!(i.to_string(), "65.0 [58.2, 71.8] at 95%");
        assert_eq!(format!("{i:.2}"), "65.00 [58.25, 71.75] at 95%");
    }
}
