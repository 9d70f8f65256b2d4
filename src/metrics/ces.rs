//! Customer Effort Score on its 7-point scale.

use crate::metrics::counts::Counts;
use crate::metrics::{Interval, Level, Moments};
use crate::scoring::{Error, Result, Scale};

/// A running Customer Effort Score: counts of each answer on the 7-point agreement scale
/// ("the company made it easy for me to handle my issue": 1 = strongly disagree, 7 = strongly
/// agree). Higher is better.
///
/// - the **score** is the mean answer, 1..=7;
/// - the **interval** is the Student t interval `mean ± t(n−1) × s / √n`, with `s` the sample
///   standard deviation; bounds are limited to 1..=7, the range of the mean;
/// - the **easy share** is the percentage answering 5, 6 or 7.
///
/// # Examples
///
/// ```
/// use service_quality::metrics::{Ces, Level};
///
/// let ces = Ces::from_answers([7, 6, 5, 6, 2, 7, 6])?;
/// assert!((ces.score()? - 39.0 / 7.0).abs() < 1e-12);
/// assert!((ces.easy_share()? - 600.0 / 7.0).abs() < 1e-12);
/// assert!(ces.interval(Level::default())?.contains(ces.score()?));
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(from = "RawCes", into = "RawCes")
)]
pub struct Ces {
    counts: Counts<7>,
}

impl Ces {
    /// The CES answer scale, 1 to 7.
    pub const SCALE: Scale = Scale::ONE_TO_SEVEN;

    /// An empty tally.
    pub const fn new() -> Self {
        Ces {
            counts: Counts::new([0; 7]),
        }
    }

    /// A tally of the given answers.
    ///
    /// # Errors
    ///
    /// [`Error::RatingOutOfRange`] for the first answer outside 1..=7.
    ///
    /// ```
    /// use service_quality::metrics::Ces;
    ///
    /// assert!(Ces::from_answers([1, 7]).is_ok());
    /// assert_eq!(
    ///     Ces::from_answers([0]).unwrap_err().to_string(),
    ///     "rating for 'effort' is 0, expected a value in 1..=7"
    /// );
    /// ```
    pub fn from_answers(answers: impl IntoIterator<Item = i64>) -> Result<Self> {
        let mut ces = Ces::new();
        for answer in answers {
            ces.add(answer)?;
        }
        Ok(ces)
    }

    /// A tally from the count of each answer 1 to 7.
    pub const fn from_counts(counts: [u64; 7]) -> Self {
        Ces {
            counts: Counts::new(counts),
        }
    }

    /// Adds one answer.
    ///
    /// # Errors
    ///
    /// [`Error::RatingOutOfRange`] unless `answer` is in 1..=7; the tally is unchanged.
    pub fn add(&mut self, answer: i64) -> Result<()> {
        self.counts.add(Self::SCALE, "effort", answer)
    }

    /// Adds everything in `other`.
    pub fn merge(&mut self, other: &Ces) {
        self.counts.merge(&other.counts);
    }

    /// The count of each answer, 1 to 7.
    pub const fn counts(&self) -> [u64; 7] {
        self.counts.get()
    }

    /// The number of answers.
    pub fn count(&self) -> u64 {
        self.counts.total()
    }

    /// Each answer value with its count.
    fn values(&self) -> impl Iterator<Item = (f64, u64)> + '_ {
        (1u32..)
            .zip(self.counts.get())
            .map(|(v, c)| (f64::from(v), c))
    }

    /// The mean answer, 1..=7.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] with no answers.
    pub fn score(&self) -> Result<f64> {
        let n = self.count();
        if n == 0 {
            return Err(Error::Empty {
                what: "CES tally",
                item: "answer",
            });
        }
        let sum: f64 = self.values().map(|(v, c)| v * c as f64).sum();
        Ok((sum / n as f64).clamp(1.0, 7.0))
    }

    /// The count, mean and sample variance of the answers, for the t interval and for
    /// [`compare::means`](crate::metrics::compare::means).
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] with no answers.
    ///
    /// ```
    /// use service_quality::metrics::Ces;
    ///
    /// let m = Ces::from_answers([5, 6, 7])?.moments()?;
    /// assert_eq!((m.count(), m.mean(), m.variance()), (3, 6.0, 1.0));
    /// assert!(Ces::new().moments().is_err());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn moments(&self) -> Result<Moments> {
        let mean = self.score()?;
        // Two passes over seven counts: exact enough, and no cancellation from sums of squares.
        let squares: f64 = self
            .values()
            .map(|(v, c)| c as f64 * (v - mean) * (v - mean))
            .sum();
        Moments::from_squared_deviations(self.count(), mean, squares)
    }

    /// The sample standard deviation of the answers.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] with no answers, [`Error::Degenerate`] with only one.
    pub fn standard_deviation(&self) -> Result<f64> {
        let moments = self.moments()?;
        if moments.count() < 2 {
            return Err(Error::Degenerate {
                part: None,
                what: "CES standard deviation",
                reason: "it needs at least two answers",
            });
        }
        Ok(moments.standard_deviation())
    }

    /// The t interval around the mean answer ([`Moments::interval`]), with bounds limited to
    /// 1..=7.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] with no answers, [`Error::Degenerate`] with fewer than two answers or
    /// when every answer is the same (zero variance).
    ///
    /// ```
    /// use service_quality::metrics::{Ces, Level};
    ///
    /// assert!(Ces::from_answers([5, 6])?.interval(Level::default()).is_ok());
    /// assert_eq!(
    ///     Ces::from_answers([6, 6, 6])?.interval(Level::default()).unwrap_err().to_string(),
    ///     "CES interval is undefined: every answer is the same"
    /// );
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn interval(&self, level: Level) -> Result<Interval> {
        let sd = self.standard_deviation()?;
        if sd == 0.0 {
            return Err(Error::Degenerate {
                part: None,
                what: "CES interval",
                reason: "every answer is the same",
            });
        }
        Ok(self.moments()?.interval(level)?.limited_to(1.0, 7.0))
    }

    /// The percentage of answers that agree it was easy (5, 6 or 7).
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] with no answers.
    pub fn easy_share(&self) -> Result<f64> {
        self.score()?;
        let easy = self.counts.sum(4..7);
        Ok(100.0 * easy as f64 / self.count() as f64)
    }
}

/// The serde form: `{"counts": [c1, c2, ..., c7]}`.
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCes {
    counts: [u64; 7],
}

#[cfg(feature = "serde")]
impl From<RawCes> for Ces {
    fn from(raw: RawCes) -> Self {
        Ces::from_counts(raw.counts)
    }
}

#[cfg(feature = "serde")]
impl From<Ces> for RawCes {
    fn from(ces: Ces) -> Self {
        RawCes {
            counts: ces.counts(),
        }
    }
}

impl crate::scoring::Merge for Ces {
    fn merge(&mut self, other: &Self) {
        Ces::merge(self, other);
    }
}
