//! Customer satisfaction (CSAT): the share of satisfied answers, with a score interval.

use crate::metrics::{Interval, Level, Share, ShareMethod};
use crate::scoring::{Error, Result, Scale};

/// A running CSAT tally: answers on a stated scale, of which those at or above a threshold count
/// as satisfied (4 and 5 on a 1–5 scale by default).
///
/// - the **score** is the satisfied share in percent, `100 × satisfied / n`;
/// - the **interval** is a score interval for a proportion ([`ShareMethod`]: Wilson by default,
///   or Wilson with continuity correction), which stays within 0..=100 and behaves well near 0%
///   and 100%, unlike the normal approximation: for Wilson,
///   `(p + z²/2n ± z √(p(1−p)/n + z²/4n²)) / (1 + z²/n)`, in percent.
///
/// # Examples
///
/// ```
/// use service_quality::metrics::{Csat, Level};
///
/// let mut csat = Csat::default();
/// for answer in [5, 4, 4, 3, 5, 2, 5, 4] {
///     csat.add(answer)?;
/// }
/// assert_eq!(csat.score()?, 75.0);
/// let ci = csat.interval(Level::NINETY_FIVE)?;
/// assert!(ci.lower() > 0.0 && ci.upper() < 100.0);
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "RawCsat", into = "RawCsat")
)]
pub struct Csat {
    scale: Scale,
    satisfied_from: i32,
    satisfied: u64,
    total: u64,
}

impl Csat {
    /// An empty tally on `scale` where answers of `satisfied_from` and above are satisfied.
    ///
    /// # Errors
    ///
    /// [`Error::RatingOutOfRange`] when `satisfied_from` is not on the scale.
    ///
    /// ```
    /// use service_quality::Scale;
    /// use service_quality::metrics::Csat;
    ///
    /// assert!(Csat::new(Scale::ONE_TO_SEVEN, 6).is_ok());
    /// assert_eq!(
    ///     Csat::new(Scale::ONE_TO_FIVE, 6).unwrap_err().to_string(),
    ///     "rating for 'satisfied_from' is 6, expected a value in 1..=5"
    /// );
    /// ```
    pub fn new(scale: Scale, satisfied_from: i64) -> Result<Self> {
        Ok(Csat {
            scale,
            satisfied_from: scale.check(Some("satisfied_from"), satisfied_from)?,
            satisfied: 0,
            total: 0,
        })
    }

    /// Adds one answer.
    ///
    /// # Errors
    ///
    /// [`Error::RatingOutOfRange`] when `answer` is off the scale; the tally is unchanged.
    pub fn add(&mut self, answer: i64) -> Result<()> {
        let value = self.scale.check(Some("satisfaction"), answer)?;
        self.total = self.total.saturating_add(1);
        if value >= self.satisfied_from {
            self.satisfied = self.satisfied.saturating_add(1);
        }
        Ok(())
    }

    /// Adds everything in `other`.
    ///
    /// # Errors
    ///
    /// [`Error::Mismatch`] when the scales or thresholds differ: the counts would not mean the
    /// same thing. Nothing is added then. An empty default tally (what a
    /// [`GroupBy`](crate::GroupBy) creates for a key it has not seen) takes the other's scale
    /// and threshold instead, so group-bys of tallies on any scale merge.
    ///
    /// ```
    /// use service_quality::{GroupBy, Scale, TryMerge};
    /// use service_quality::metrics::Csat;
    ///
    /// let mut a = Csat::default();
    /// a.add(5)?;
    /// assert!(a.merge(&Csat::default()).is_ok());
    /// assert_eq!(
    ///     a.merge(&Csat::new(Scale::ONE_TO_FIVE, 5)?).unwrap_err().to_string(),
    ///     "CSAT threshold differs: 5 here, 4 expected"
    /// );
    ///
    /// // Two stores' tallies on a 1–10 scale, merged by store.
    /// let ten = || Csat::new(Scale::ONE_TO_TEN, 8);
    /// let mut north: GroupBy<&str, Csat> = [("store 1", ten()?)].into_iter().collect();
    /// north.entry("store 1").add(9)?;
    /// let mut south: GroupBy<&str, Csat> = [("store 2", ten()?)].into_iter().collect();
    /// south.entry("store 2").add(3)?;
    /// north.try_merge(&south)?;
    /// assert_eq!(north.get(&"store 2").map(|c| c.scale()), Some(Scale::ONE_TO_TEN));
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn merge(&mut self, other: &Csat) -> Result<()> {
        // An empty default tally is what a `GroupBy` creates for a key it has not seen: it holds
        // no answers and no choice of scale yet, so it takes the other's.
        if *self == Csat::default() {
            *self = *other;
            return Ok(());
        }
        if other.scale != self.scale {
            return Err(Error::Mismatch {
                field: "CSAT scale",
                found: other.scale.to_string(),
                expected: self.scale.to_string(),
            });
        }
        if other.satisfied_from != self.satisfied_from {
            return Err(Error::Mismatch {
                field: "CSAT threshold",
                found: other.satisfied_from.to_string(),
                expected: self.satisfied_from.to_string(),
            });
        }
        self.satisfied = self.satisfied.saturating_add(other.satisfied);
        self.total = self.total.saturating_add(other.total);
        Ok(())
    }

    /// A tally of `satisfied` satisfied answers among `total` on `scale` (satisfied from
    /// `satisfied_from`): stored counts, read back with the checks deserialising applies.
    ///
    /// # Errors
    ///
    /// As [`new`](Self::new) for the threshold, and [`Error::Inconsistent`] when `satisfied`
    /// exceeds `total`.
    ///
    /// ```
    /// use service_quality::Scale;
    /// use service_quality::metrics::Csat;
    ///
    /// let csat = Csat::from_counts(Scale::ONE_TO_FIVE, 4, 8, 10)?;
    /// assert_eq!(csat.score()?, 80.0);
    /// assert!(Csat::from_counts(Scale::ONE_TO_FIVE, 4, 11, 10).is_err());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn from_counts(
        scale: Scale,
        satisfied_from: i64,
        satisfied: u64,
        total: u64,
    ) -> Result<Self> {
        if satisfied > total {
            return Err(Error::Inconsistent {
                field: "satisfied",
                value: satisfied.to_string(),
                expected: format!("at most the total, {total}"),
            });
        }
        Ok(Csat {
            satisfied,
            total,
            ..Csat::new(scale, satisfied_from)?
        })
    }

    /// The answer scale.
    pub const fn scale(&self) -> Scale {
        self.scale
    }

    /// The lowest satisfied answer.
    pub const fn satisfied_from(&self) -> i32 {
        self.satisfied_from
    }

    /// Satisfied answers.
    pub const fn satisfied(&self) -> u64 {
        self.satisfied
    }

    /// All answers.
    pub const fn count(&self) -> u64 {
        self.total
    }

    /// The satisfied share in percent.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] with no answers.
    pub fn score(&self) -> Result<f64> {
        let n = self.non_empty()?;
        Ok(100.0 * self.satisfied as f64 / n)
    }

    /// The satisfied answers as a [`Share`] of all answers, for
    /// [`compare::shares`](crate::metrics::compare::shares).
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] with no answers.
    pub fn share(&self) -> Result<Share> {
        self.non_empty()?;
        Share::new(self.satisfied, self.total)
    }

    /// The interval around the satisfied share by the default method (Wilson), in percent.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] with no answers.
    ///
    /// ```
    /// use service_quality::metrics::{Csat, Level};
    ///
    /// let mut all_happy = Csat::default();
    /// all_happy.add(5)?;
    /// let ci = all_happy.interval(Level::default())?;
    /// assert_eq!(ci.upper(), 100.0);
    /// assert!(ci.lower() > 0.0 && ci.lower() < 100.0);
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn interval(&self, level: Level) -> Result<Interval> {
        self.interval_with(ShareMethod::default(), level)
    }

    /// The interval around the satisfied share by `method`, in percent.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] with no answers.
    ///
    /// ```
    /// use service_quality::metrics::{Csat, Level, ShareMethod};
    ///
    /// let mut csat = Csat::default();
    /// for answer in [5, 4, 2, 5] {
    ///     csat.add(answer)?;
    /// }
    /// let plain = csat.interval_with(ShareMethod::Wilson, Level::default())?;
    /// let corrected = csat.interval_with(ShareMethod::WilsonCorrected, Level::default())?;
    /// assert!(corrected.lower() < plain.lower() && plain.upper() < corrected.upper());
    /// assert!(Csat::default().interval_with(ShareMethod::Wilson, Level::default()).is_err());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn interval_with(&self, method: ShareMethod, level: Level) -> Result<Interval> {
        Ok(self.share()?.interval(method, level))
    }

    fn non_empty(&self) -> Result<f64> {
        match self.total {
            0 => Err(Error::Empty {
                what: "CSAT tally",
                item: "answer",
            }),
            n => Ok(n as f64),
        }
    }
}

impl Default for Csat {
    /// The 1–5 scale with 4 and 5 counted as satisfied.
    fn default() -> Self {
        Csat {
            scale: Scale::ONE_TO_FIVE,
            satisfied_from: 4,
            satisfied: 0,
            total: 0,
        }
    }
}

#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCsat {
    scale: Scale,
    satisfied_from: i64,
    satisfied: u64,
    total: u64,
}

#[cfg(feature = "serde")]
impl TryFrom<RawCsat> for Csat {
    type Error = Error;

    fn try_from(raw: RawCsat) -> Result<Self> {
        Csat::from_counts(raw.scale, raw.satisfied_from, raw.satisfied, raw.total)
    }
}

#[cfg(feature = "serde")]
impl From<Csat> for RawCsat {
    fn from(c: Csat) -> Self {
        RawCsat {
            scale: c.scale,
            satisfied_from: c.satisfied_from.into(),
            satisfied: c.satisfied,
            total: c.total,
        }
    }
}

impl crate::scoring::TryMerge for Csat {
    /// As [`Csat::merge`]: tallies on other scales or thresholds are refused.
    fn try_merge(&mut self, other: &Self) -> Result<()> {
        Csat::merge(self, other)
    }
}
