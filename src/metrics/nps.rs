//! Net Promoter Score from 0–10 "how likely are you to recommend us" answers.

use crate::metrics::counts::Counts;
use crate::metrics::{Interval, Level};
use crate::scoring::macros::named_enum;
use crate::scoring::{Error, Result, Scale};

named_enum! {
    /// How the interval around a Net Promoter Score, and around the difference of two, is
    /// computed.
    #[derive(Default)]
    #[non_exhaustive]
    pub enum NpsMethod as "NPS interval method", expecting "one of: wald, adjusted_wald" {
        /// The normal (Wald) interval `score ± z × SE` on the observed shares. The form most
        /// reports use, and fine for large groups; it does not exist when every answer is in
        /// one category (its standard error is then zero) and covers too little for small
        /// groups.
        Wald,
        /// The adjusted Wald interval (Rocks, 2016, "Interval estimation for the Net Promoter
        /// Score", *The American Statistician* 70(4)): add ¾ of an answer to the promoters and
        /// to the detractors and 1½ to the passives (3 in all), then take the Wald interval of
        /// the adjusted shares. Rocks found its coverage close to the nominal level from small
        /// groups up; Lewis and Sauro (MeasuringU, 2021) confirmed it on real data and use it
        /// for comparing two scores too. The default: it gives every group, however small or
        /// lopsided, an interval.
        ///
        /// The interval is centred on the adjusted score. For a group of one, or at levels
        /// below about 85% for a group whose answers are all promoters (or all detractors), it
        /// would end short of the observed score; the bound is then extended to reach it, so
        /// the interval always contains its estimate.
        #[default]
        AdjustedWald,
    }
}

impl NpsMethod {
    /// The answers added to the promoters, passives and detractors before the shares are taken.
    const fn pseudo_answers(self) -> (f64, f64, f64) {
        match self {
            NpsMethod::Wald => (0.0, 0.0, 0.0),
            NpsMethod::AdjustedWald => (0.75, 1.5, 0.75),
        }
    }
}

/// The centre and the sampling variance of a score, as fractions (−1..=1), by one method.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NpsEstimate {
    /// The score the method centres its interval on: the observed score for Wald, the adjusted
    /// score for the adjusted Wald method.
    pub(crate) centre: f64,
    /// The variance of that score, `(p + d − (p − d)²) / n` on the (adjusted) shares.
    pub(crate) variance: f64,
}

/// A running Net Promoter Score: the count of each answer from 0 to 10.
///
/// - **promoters** answered 9 or 10, **passives** 7 or 8, **detractors** 0 to 6;
/// - the **score** is `100 × (promoters − detractors) / n`, in −100..=100;
/// - its **standard error** treats each answer as +100 (promoter), 0 (passive) or −100
///   (detractor): `100 × √((p + d − (p − d)²) / n)` with `p` and `d` the promoter and detractor
///   shares;
/// - the **interval** is by default the adjusted Wald interval (Rocks, 2016), which exists for
///   every group however small or lopsided; the plain normal (Wald) interval `score ± z × SE` is
///   available through [`Nps::interval_with`] (see [`NpsMethod`]). Bounds are limited to
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
        self.non_empty()?;
        Ok(100.0 * self.with_pseudo_answers(NpsMethod::Wald).variance.sqrt())
    }

    /// The interval around the score by the default method, the adjusted Wald interval (see
    /// [`NpsMethod`]).
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] with no answers.
    ///
    /// ```
    /// use service_quality::metrics::{Level, Nps};
    ///
    /// // Two promoters: a score of 100, and an interval that says how little two answers show.
    /// let ci = Nps::from_answers([9, 10])?.interval(Level::default())?;
    /// assert_eq!((ci.estimate(), ci.upper()), (100.0, 100.0));
    /// assert!(ci.lower() < 0.0);
    /// assert!(Nps::new().interval(Level::default()).is_err());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn interval(&self, level: Level) -> Result<Interval> {
        self.interval_with(NpsMethod::default(), level)
    }

    /// The interval around the score by `method`.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] with no answers, and, for [`NpsMethod::Wald`] only,
    /// [`Error::Degenerate`] when every answer is in one category (promoter, passive or
    /// detractor): the standard error is then zero and the Wald interval carries no
    /// information.
    ///
    /// ```
    /// use service_quality::metrics::{Level, Nps, NpsMethod};
    ///
    /// let nps = Nps::from_answers([9, 10, 3])?;
    /// assert!(nps.interval_with(NpsMethod::Wald, Level::default()).is_ok());
    /// assert_eq!(
    ///     Nps::from_answers([9, 10])?
    ///         .interval_with(NpsMethod::Wald, Level::default())
    ///         .unwrap_err()
    ///         .to_string(),
    ///     "NPS interval is undefined: every answer is in one category"
    /// );
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn interval_with(&self, method: NpsMethod, level: Level) -> Result<Interval> {
        let score = self.score()?;
        let estimate = self.estimate(method)?;
        let half = level.z() * estimate.variance.sqrt();
        let centre = 100.0 * estimate.centre;
        Ok(
            Interval::new(score, centre - 100.0 * half, centre + 100.0 * half, level)
                .reaching(score)
                .limited_to(-100.0, 100.0),
        )
    }

    /// The centre and variance of the score by `method`, as fractions.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] with no answers; [`Error::Degenerate`] for the Wald method when every
    /// answer is in one category.
    pub(crate) fn estimate(&self, method: NpsMethod) -> Result<NpsEstimate> {
        self.non_empty()?;
        if method == NpsMethod::Wald {
            let categories = [self.promoters(), self.passives(), self.detractors()];
            if categories.iter().filter(|&&c| c > 0).count() < 2 {
                return Err(Error::Degenerate {
                    part: None,
                    what: "NPS interval",
                    reason: "every answer is in one category",
                });
            }
        }
        Ok(self.with_pseudo_answers(method))
    }

    /// The centre and variance after adding the method's pseudo-answers; the tally must not be
    /// empty.
    pub(crate) fn with_pseudo_answers(&self, method: NpsMethod) -> NpsEstimate {
        let (add_p, add_q, add_d) = method.pseudo_answers();
        let promoters = self.promoters() as f64 + add_p;
        let detractors = self.detractors() as f64 + add_d;
        let n = self.count() as f64 + add_p + add_q + add_d;
        let (p, d) = (promoters / n, detractors / n);
        // Clamped at zero only against rounding: the variance is never negative on paper.
        let variance = (p + d - (p - d) * (p - d)).max(0.0) / n;
        NpsEstimate {
            centre: p - d,
            variance,
        }
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

impl crate::scoring::Merge for Nps {
    fn merge(&mut self, other: &Self) {
        Nps::merge(self, other);
    }
}
