//! Net Promoter Score from 0–10 "how likely are you to recommend us" answers.

use crate::metrics::counts::Counts;
use crate::metrics::{Interval, Level};
use crate::{Error, Result, Scale};

/// A running Net Promoter Score: the count of each answer from 0 to 10.
///
/// - **promoters** answered 9 or 10, **passives** 7 or 8, **detractors** 0 to 6;
/// - the **score** is `100 × (promoters − detractors) / n`, in −100..=100;
/// - its **standard error** treats each answer as +100 (promoter), 0 (passive) or −100
///   (detractor): `100 × √((p + d − (p − d)²) / n)` with `p` and `d` the promoter and detractor
///   shares;
/// - the **interval** is the normal (Wald) interval `score ± z × SE`, with bounds limited to
///   −100..=100, the range of the score.
///
/// Only counts are kept, so an `Nps` can be built incrementally, merged with another (per team,
/// per month) and stored.
///
/// # Examples
///
/// ```
/// use service_quality::metrics::{Level, Nps};
///
/// // 5 promoters, 3 passives, 2 detractors.
/// let nps = Nps::from_answers([10, 9, 9, 10, 9, 8, 7, 8, 3, 6])?;
/// assert_eq!(nps.score()?, 30.0);
/// assert_eq!(nps.promoters(), 5);
/// let ci = nps.interval(Level::NINETY_FIVE)?;
/// assert!(ci.lower() < 30.0 && 30.0 < ci.upper());
///
/// assert_eq!(
///     Nps::from_answers([11]).unwrap_err().to_string(),
///     "rating for 'likelihood to recommend' is 11, expected a value in 0..=10"
/// );
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(from = "RawNps", into = "RawNps")
)]
pub struct Nps {
    counts: Counts<11>,
}

impl Nps {
    /// An empty tally.
    pub const fn new() -> Self {
        Nps {
            counts: Counts::new([0; 11]),
        }
    }

    /// A tally of the given answers.
    ///
    /// # Errors
    ///
    /// [`Error::RatingOutOfRange`] for the first answer outside 0..=10.
    ///
    /// ```
    /// use service_quality::metrics::Nps;
    ///
    /// assert_eq!(Nps::from_answers([0, 10])?.count(), 2);
    /// assert!(Nps::from_answers([-1]).is_err());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn from_answers(answers: impl IntoIterator<Item = i64>) -> Result<Self> {
        let mut nps = Nps::new();
        for answer in answers {
            nps.add(answer)?;
        }
        Ok(nps)
    }

    /// A tally from the count of each answer 0 to 10, for data that arrives already counted.
    pub const fn from_counts(counts: [u64; 11]) -> Self {
        Nps {
            counts: Counts::new(counts),
        }
    }

    /// Adds one answer.
    ///
    /// # Errors
    ///
    /// [`Error::RatingOutOfRange`] unless `answer` is in 0..=10; the tally is unchanged.
    ///
    /// ```
    /// use service_quality::metrics::Nps;
    ///
    /// let mut nps = Nps::new();
    /// nps.add(9)?;
    /// assert!(nps.add(12).is_err());
    /// assert_eq!(nps.count(), 1);
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn add(&mut self, answer: i64) -> Result<()> {
        self.counts
            .add(Scale::ZERO_TO_TEN, "likelihood to recommend", answer)
    }

    /// Adds everything in `other`.
    pub fn merge(&mut self, other: &Nps) {
        self.counts.merge(&other.counts);
    }

    /// The count of each answer, 0 to 10.
    pub const fn counts(&self) -> [u64; 11] {
        self.counts.get()
    }

    /// The number of answers.
    pub fn count(&self) -> u64 {
        self.counts.total()
    }

    /// Answers of 9 or 10.
    pub fn promoters(&self) -> u64 {
        self.counts.sum(9..11)
    }

    /// Answers of 7 or 8.
    pub fn passives(&self) -> u64 {
        self.counts.sum(7..9)
    }

    /// Answers of 0 to 6.
    pub fn detractors(&self) -> u64 {
        self.counts.sum(0..7)
    }

    /// The promoter, passive and detractor shares, each in 0..=1.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] with no answers.
    pub fn shares(&self) -> Result<(f64, f64, f64)> {
        let n = self.non_empty()?;
        Ok((
            self.promoters() as f64 / n,
            self.passives() as f64 / n,
            self.detractors() as f64 / n,
        ))
    }

    /// The Net Promoter Score, −100..=100.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] with no answers.
    ///
    /// ```
    /// use service_quality::metrics::Nps;
    ///
    /// assert_eq!(Nps::from_answers([10, 0])?.score()?, 0.0);
    /// assert!(Nps::new().score().is_err());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn score(&self) -> Result<f64> {
        let (p, _, d) = self.shares()?;
        Ok(100.0 * (p - d))
    }

    /// The standard error of the score, in score points.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] with no answers.
    pub fn standard_error(&self) -> Result<f64> {
        let n = self.non_empty()?;
        let (p, _, d) = self.shares()?;
        // Clamped at zero only against rounding: the variance is never negative on paper.
        let variance = (p + d - (p - d) * (p - d)).max(0.0);
        Ok(100.0 * (variance / n).sqrt())
    }

    /// The Wald interval around the score (see the type's documentation).
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] with no answers, and [`Error::Degenerate`] when every answer is in one
    /// category (promoter, passive or detractor): the standard error is then zero and the
    /// interval carries no information.
    ///
    /// ```
    /// use service_quality::metrics::{Level, Nps};
    ///
    /// assert!(Nps::from_answers([9, 10, 3])?.interval(Level::default()).is_ok());
    /// assert_eq!(
    ///     Nps::from_answers([9, 10])?.interval(Level::default()).unwrap_err().to_string(),
    ///     "NPS interval is undefined: every answer is in one category"
    /// );
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn interval(&self, level: Level) -> Result<Interval> {
        let score = self.score()?;
        let categories = [self.promoters(), self.passives(), self.detractors()];
        if categories.iter().filter(|&&c| c > 0).count() < 2 {
            return Err(Error::Degenerate {
                what: "NPS interval",
                reason: "every answer is in one category",
            });
        }
        let half = level.z() * self.standard_error()?;
        Ok(Interval::new(
            score,
            (score - half).max(-100.0),
            (score + half).min(100.0),
            level,
        ))
    }

    fn non_empty(&self) -> Result<f64> {
        match self.count() {
            0 => Err(Error::Empty {
                what: "NPS tally",
                item: "answer",
            }),
            n => Ok(n as f64),
        }
    }
}

impl<'a> Extend<&'a Nps> for Nps {
    fn extend<I: IntoIterator<Item = &'a Nps>>(&mut self, iter: I) {
        for other in iter {
            self.merge(other);
        }
    }
}

/// The serde form: `{"counts": [c0, c1, ..., c10]}`.
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNps {
    counts: [u64; 11],
}

#[cfg(feature = "serde")]
impl From<RawNps> for Nps {
    fn from(raw: RawNps) -> Self {
        Nps::from_counts(raw.counts)
    }
}

#[cfg(feature = "serde")]
impl From<Nps> for RawNps {
    fn from(nps: Nps) -> Self {
        RawNps {
            counts: nps.counts(),
        }
    }
}

impl crate::Merge for Nps {
    fn merge(&mut self, other: &Self) {
        Nps::merge(self, other);
    }
}
