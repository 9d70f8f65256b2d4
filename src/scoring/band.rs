//! Bands: the verdict words a 0–100 score is reported with.

use crate::scoring::macros::named_enum;
use crate::scoring::thresholds::{Grade, Thresholds};
use crate::scoring::{Result, Score};

named_enum! {
    /// A named band of the 0–100 scale, from [`Poor`](Band::Poor) to [`Excellent`](Band::Excellent).
    ///
    /// Bands are ordered worst to best, so `Band::Good > Band::Poor`: the order is the meaning.
    /// `Display` prints the snake-case name (`needs_improvement`); [`name`](Band::name) gives the
    /// words to show people.
    ///
    /// # Examples
    ///
    /// ```
    /// use service_quality::Band;
    ///
    /// assert!(Band::Excellent > Band::NeedsImprovement);
    /// assert_eq!("Needs_Improvement".parse::<Band>()?, Band::NeedsImprovement);
    /// assert_eq!(Band::NeedsImprovement.name(), "needs improvement");
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    #[derive(PartialOrd, Ord, enum_map::Enum)]
    #[non_exhaustive]
    pub enum Band as "band" {
        /// Below the "needs improvement" threshold, or failed a gate.
        Poor,
        /// At least the "needs improvement" threshold (50 by default) but below "good".
        NeedsImprovement,
        /// At least the "good" threshold (70 by default) but below "excellent".
        Good,
        /// At least the "excellent" threshold (85 by default).
        Excellent,
    }
}

impl Band {
    /// The lowest band, given to anything that fails a gate.
    pub const LOWEST: Band = Band::Poor;

    /// The band's name in plain words, for people.
    pub const fn name(self) -> &'static str {
        match self {
            Band::Poor => "poor",
            Band::NeedsImprovement => "needs improvement",
            Band::Good => "good",
            Band::Excellent => "excellent",
        }
    }

    /// What the band means for the person or team being scored.
    pub const fn description(self) -> &'static str {
        match self {
            Band::Poor => "Service is falling short; act on it before anything else.",
            Band::NeedsImprovement => "Service works, but with gaps a customer will notice.",
            Band::Good => "Solid service with room to polish.",
            Band::Excellent => "Service a customer will remember for the right reasons.",
        }
    }
}

impl Grade for Band {
    fn threshold_name(self) -> Option<&'static str> {
        match self {
            Band::Poor => None,
            Band::NeedsImprovement => Some("needs_improvement"),
            Band::Good => Some("good"),
            Band::Excellent => Some("excellent"),
        }
    }
}

/// The lowest score of each band above [`Band::Poor`]: a [`Thresholds`] over [`Band`].
///
/// The thresholds rise strictly: `needs_improvement < good < excellent`. A score at a threshold
/// belongs to the band it opens (70.0 is good with the defaults 50, 70 and 85). With serde:
/// `{"needs_improvement": 50.0, "good": 70.0, "excellent": 85.0}`.
///
/// # Examples
///
/// ```
/// use service_quality::{Band, BandThresholds, Score};
///
/// let bands = BandThresholds::default();
/// assert_eq!(bands.classify(Score::new(70.0)?), Band::Good);
/// assert_eq!(bands.classify(Score::new(69.9)?), Band::NeedsImprovement);
///
/// let strict = BandThresholds::new(60.0, 80.0, 95.0)?;
/// assert_eq!(strict.classify(Score::new(90.0)?), Band::Good);
/// # Ok::<(), service_quality::Error>(())
/// ```
pub type BandThresholds = Thresholds<Band>;

impl Thresholds<Band> {
    /// The crate's default thresholds: 50, 70 and 85.
    pub const DEFAULT: BandThresholds = Thresholds::from_opens([
        Score::MIN,
        Score::from_const(50.0),
        Score::from_const(70.0),
        Score::from_const(85.0),
    ]);

    /// Creates thresholds from the lowest score of "needs improvement", "good" and "excellent".
    ///
    /// # Errors
    ///
    /// [`Error::ScoreOutOfRange`](crate::Error::ScoreOutOfRange) when a threshold is not a finite
    /// value in 0..=100, and
    /// [`Error::ThresholdsNotIncreasing`](crate::Error::ThresholdsNotIncreasing) naming the first
    /// pair that does not rise.
    ///
    /// ```
    /// use service_quality::BandThresholds;
    ///
    /// assert!(BandThresholds::new(40.0, 60.0, 80.0).is_ok());
    /// assert_eq!(
    ///     BandThresholds::new(50.0, 50.0, 85.0).unwrap_err().to_string(),
    ///     "thresholds are needs_improvement 50, good 50, expected needs_improvement < good"
    /// );
    /// ```
    pub fn new(needs_improvement: f64, good: f64, excellent: f64) -> Result<Self> {
        Thresholds::try_from_fn(|band| match band {
            Band::Poor => 0.0,
            Band::NeedsImprovement => needs_improvement,
            Band::Good => good,
            Band::Excellent => excellent,
        })
    }

    /// The lowest score that is [`Band::NeedsImprovement`].
    pub fn needs_improvement(self) -> Score {
        self.opens(Band::NeedsImprovement)
    }

    /// The lowest score that is [`Band::Good`].
    pub fn good(self) -> Score {
        self.opens(Band::Good)
    }

    /// The lowest score that is [`Band::Excellent`].
    pub fn excellent(self) -> Score {
        self.opens(Band::Excellent)
    }
}

impl Default for Thresholds<Band> {
    /// 50, 70 and 85: see [`BandThresholds::DEFAULT`].
    fn default() -> Self {
        BandThresholds::DEFAULT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: f64) -> Score {
        Score::new(v).unwrap()
    }

    #[test]
    fn default_thresholds_are_85_70_50() {
        let b = BandThresholds::default();
        assert_eq!(b.classify(s(100.0)), Band::Excellent);
        assert_eq!(b.classify(s(85.0)), Band::Excellent);
        assert_eq!(b.classify(s(84.99)), Band::Good);
        assert_eq!(b.classify(s(70.0)), Band::Good);
        assert_eq!(b.classify(s(50.0)), Band::NeedsImprovement);
        assert_eq!(b.classify(s(49.99)), Band::Poor);
        assert_eq!(b.classify(s(0.0)), Band::Poor);
    }

    #[test]
    fn rejects_out_of_range_threshold_by_name() {
        let err = BandThresholds::new(50.0, 70.0, 120.0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "score for 'excellent' is 120, expected a finite value in 0..=100"
        );
    }

    #[test]
    fn rejects_unknown_band_names() {
        assert_eq!(
            "great".parse::<Band>().unwrap_err().to_string(),
            "unknown band 'great', expected one of: poor, needs_improvement, good, excellent"
        );
    }
}
