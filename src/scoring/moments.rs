//! The count, mean and variance of a sample, and the Student t interval of its mean.

use crate::scoring::numeric::finite;
use crate::scoring::{Error, Result};
use crate::scoring::{Interval, Level};

/// The count, mean and sample variance of a set of values: everything the t interval of the mean
/// and Welch's comparison of two means need.
///
/// A running tally that keeps these three (the CES tally, a quality summary with its spread)
/// hands them over as `Moments` rather than its raw values, so the interval and the comparison
/// are written once.
///
/// - the **variance** is the sample variance, with `n − 1` in the denominator;
/// - the **interval** of the mean is the Student t interval `mean ± t(n − 1) × s / √n`: exact when
///   the values are normal, and close for means of bounded rating scales from about ten answers.
///
/// # Examples
///
/// ```
/// use service_quality::metrics::{Level, Moments};
///
/// let scores = Moments::from_values(&[72.0, 85.0, 64.0, 90.0, 78.0])?;
/// assert_eq!(scores.count(), 5);
/// assert!((scores.mean() - 77.8).abs() < 1e-12);
/// let ci = scores.interval(Level::NINETY_FIVE)?;
/// assert!(ci.lower() < 77.8 && 77.8 < ci.upper());
///
/// // The same from totals a summary keeps: count, mean and sum of squared deviations.
/// let stored = Moments::from_squared_deviations(5, 77.8, 424.8)?;
/// assert!((stored.variance() - scores.variance()).abs() < 1e-9);
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Moments {
    count: u64,
    mean: f64,
    variance: f64,
}

impl Moments {
    /// The moments of a sample of `count` values with the given mean and sample variance.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] when `count` is zero, [`Error::ValueOutOfRange`] when `mean` is not
    /// finite or `variance` is not a finite value of at least zero, and
    /// [`Error::Inconsistent`] when one value has a variance other than zero.
    ///
    /// ```
    /// use service_quality::metrics::Moments;
    ///
    /// assert!(Moments::new(12, 5.3, 2.6).is_ok());
    /// assert_eq!(
    ///     Moments::new(12, 5.3, -1.0).unwrap_err().to_string(),
    ///     "variance is -1, expected a finite value >= 0"
    /// );
    /// ```
    pub fn new(count: u64, mean: f64, variance: f64) -> Result<Self> {
        if count == 0 {
            return Err(Error::Empty {
                what: "sample",
                item: "value",
            });
        }
        finite("mean", mean)?;
        crate::scoring::numeric::non_negative("variance", variance)?;
        if count == 1 && variance != 0.0 {
            return Err(Error::Inconsistent {
                field: "variance",
                value: variance.to_string(),
                expected: "0 for a single value".to_owned(),
            });
        }
        Ok(Moments {
            count,
            mean,
            variance,
        })
    }

    /// The moments from the count, the mean and the sum of squared deviations from the mean
    /// (`Σ (x − mean)²`), the form a mergeable summary keeps.
    ///
    /// # Errors
    ///
    /// As [`Moments::new`], naming `sum of squared deviations` when that is negative or not
    /// finite.
    ///
    /// ```
    /// use service_quality::metrics::Moments;
    ///
    /// // Values 2, 4, 6: mean 4, squared deviations 4 + 0 + 4.
    /// assert_eq!(Moments::from_squared_deviations(3, 4.0, 8.0)?.variance(), 4.0);
    /// assert!(Moments::from_squared_deviations(0, 4.0, 8.0).is_err());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn from_squared_deviations(count: u64, mean: f64, squared_deviations: f64) -> Result<Self> {
        crate::scoring::numeric::non_negative("sum of squared deviations", squared_deviations)?;
        let variance = match count {
            0 | 1 => 0.0,
            n => squared_deviations / (n - 1) as f64,
        };
        if count == 1 && squared_deviations != 0.0 {
            return Err(Error::Inconsistent {
                field: "sum of squared deviations",
                value: squared_deviations.to_string(),
                expected: "0 for a single value".to_owned(),
            });
        }
        Moments::new(count, mean, variance)
    }

    /// The moments of `values`, computed in two passes (the mean first), which avoids the
    /// cancellation of the sum-of-squares shortcut.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] with no values, [`Error::ValueOutOfRange`] for a value that is not
    /// finite or a variance that overflows.
    ///
    /// ```
    /// use service_quality::metrics::Moments;
    ///
    /// assert_eq!(Moments::from_values(&[1.0, 3.0])?.variance(), 2.0);
    /// assert!(Moments::from_values(&[1.0, f64::NAN]).is_err());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn from_values(values: &[f64]) -> Result<Self> {
        for &v in values {
            finite("value", v)?;
        }
        let n = values.len();
        if n == 0 {
            return Err(Error::Empty {
                what: "sample",
                item: "value",
            });
        }
        let nf = n as f64;
        // Halves first, so that the sum of values near f64::MAX cannot overflow.
        let mean = values.iter().map(|v| v / 2.0).sum::<f64>() / nf * 2.0;
        let squares: f64 = values.iter().map(|v| (v - mean) * (v - mean)).sum();
        Moments::from_squared_deviations(n as u64, mean, squares)
    }

    /// The number of values.
    pub const fn count(&self) -> u64 {
        self.count
    }

    /// The mean.
    pub const fn mean(&self) -> f64 {
        self.mean
    }

    /// The sample variance (`n − 1` in the denominator; 0 for a single value).
    pub const fn variance(&self) -> f64 {
        self.variance
    }

    /// The sample standard deviation.
    pub fn standard_deviation(&self) -> f64 {
        self.variance.sqrt()
    }

    /// The standard error of the mean, `s / √n`.
    pub fn standard_error(&self) -> f64 {
        (self.variance / self.count as f64).sqrt()
    }

    /// The Student t interval of the mean, `mean ± t(n − 1) × s / √n`.
    ///
    /// The bounds are not limited to any range; a caller whose values live on a bounded scale
    /// limits them to it (the CES tally limits them to 1..=7).
    ///
    /// # Errors
    ///
    /// [`Error::Degenerate`] with fewer than two values, or when every value is the same (the
    /// interval would have no width and carry no information).
    ///
    /// ```
    /// use service_quality::metrics::{Level, Moments};
    ///
    /// let ci = Moments::new(10, 80.0, 25.0)?.interval(Level::default())?;
    /// assert!((ci.upper() - 80.0 - 2.262157 * 5.0 / 10f64.sqrt()).abs() < 1e-5);
    /// assert_eq!(
    ///     Moments::new(4, 80.0, 0.0)?.interval(Level::default()).unwrap_err().to_string(),
    ///     "mean interval is undefined: every value is the same"
    /// );
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn interval(&self, level: Level) -> Result<Interval> {
        if self.count < 2 {
            return Err(Error::Degenerate {
                part: None,
                what: "mean interval",
                reason: "it needs at least two values",
            });
        }
        if self.variance == 0.0 {
            return Err(Error::Degenerate {
                part: None,
                what: "mean interval",
                reason: "every value is the same",
            });
        }
        let half = level.t((self.count - 1) as f64)? * self.standard_error();
        Ok(Interval::new(
            self.mean,
            self.mean - half,
            self.mean + half,
            level,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::assert_close;

    #[test]
    fn one_value_has_no_spread_and_no_interval() {
        let one = Moments::new(1, 4.0, 0.0).unwrap();
        assert_close(one.standard_error(), 0.0);
        assert!(one.interval(Level::default()).is_err());
        assert!(Moments::new(1, 4.0, 1.0).is_err());
        assert!(Moments::from_squared_deviations(1, 4.0, 1.0).is_err());
        assert!(Moments::new(3, f64::INFINITY, 1.0).is_err());
    }

    #[test]
    fn values_near_the_largest_float_keep_a_finite_mean() {
        let m = Moments::from_values(&[f64::MAX, f64::MAX]).unwrap();
        assert_close(m.mean() / f64::MAX, 1.0);
        assert_close(m.variance(), 0.0);
    }
}
