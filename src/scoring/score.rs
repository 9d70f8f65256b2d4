//! The normalised 0–100 score every model reports.

use core::cmp::Ordering;
use core::fmt;
use core::str::FromStr;

use crate::scoring::{Error, Result};

/// A score on the common 0–100 scale: finite, never NaN, never out of range.
///
/// Because NaN is excluded, scores are totally ordered and implement [`Ord`]. Negative zero is
/// stored as zero, so equal scores compare and hash equal.
///
/// # Examples
///
/// ```
/// use service_quality::Score;
///
/// let score = Score::new(72.5)?;
/// assert_eq!(score.get(), 72.5);
/// assert!(score > Score::new(70.0)?);
/// assert!(Score::new(f64::NAN).is_err());
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "f64", into = "f64")
)]
pub struct Score(f64);

impl Score {
    /// The lowest score, 0.
    pub const MIN: Score = Score(0.0);
    /// The highest score, 100.
    pub const MAX: Score = Score(100.0);

    /// Creates a score.
    ///
    /// # Errors
    ///
    /// [`Error::ScoreOutOfRange`] when `value` is NaN, infinite, below 0 or above 100.
    ///
    /// ```
    /// use service_quality::Score;
    ///
    /// assert!(Score::new(100.0).is_ok());
    /// assert_eq!(
    ///     Score::new(100.5).unwrap_err().to_string(),
    ///     "score is 100.5, expected a finite value in 0..=100"
    /// );
    /// ```
    pub const fn new(value: f64) -> Result<Self> {
        Self::named(None, value)
    }

    /// Like [`Score::new`], naming `field` in the error.
    pub(crate) const fn named(field: Option<&'static str>, value: f64) -> Result<Self> {
        // NaN fails both comparisons, infinities fail one.
        if value >= 0.0 && value <= 100.0 {
            // `+ 0.0` turns -0.0 into 0.0, keeping `Eq` and `Hash` consistent.
            Ok(Score(value + 0.0))
        } else {
            Err(Error::ScoreOutOfRange { field, value })
        }
    }

    /// Creates a score from a literal, for constants.
    ///
    /// # Panics
    ///
    /// When `value` is not a finite number in 0..=100. Use [`Score::new`] for values that are not
    /// literals.
    ///
    /// ```
    /// use service_quality::Score;
    ///
    /// const PASS_MARK: Score = Score::from_const(50.0);
    /// assert_eq!(PASS_MARK.get(), 50.0);
    /// ```
    #[allow(
        clippy::panic,
        reason = "const constructor for literals; the panic is documented and happens at compile time"
    )]
    pub const fn from_const(value: f64) -> Self {
        // Checked here rather than through `new`: its error owns a String, which const code
        // cannot drop.
        if value >= 0.0 && value <= 100.0 {
            Score(value + 0.0)
        } else {
            panic!("Score::from_const needs a finite value in 0..=100")
        }
    }

    /// Maps a fraction known to lie in 0..=1 onto 0–100, guarding against rounding drift.
    #[inline]
    pub(crate) fn from_fraction(fraction: f64) -> Self {
        Score((fraction * 100.0).clamp(0.0, 100.0) + 0.0)
    }

    /// Maps `offset / width` onto 0–100 for integers `0 <= offset <= width`, `width > 0`, both
    /// below 2^53 (a rating's offset on its scale). Both convert to `f64` exactly, the quotient
    /// is correctly rounded into 0..=1 and its product with 100 into 0..=100, so no clamp is
    /// needed; this is the hot path of every evaluation.
    #[inline]
    pub(crate) fn from_offset(offset: i64, width: i64) -> Self {
        Score(offset as f64 / width as f64 * 100.0)
    }

    /// Builds a score from an arithmetic result that is in range by construction (a weighted
    /// mean of scores, say). Rounding can push such a value a hair past `lo..=hi`, the range its
    /// inputs span; it is pulled back to that range, never further.
    /// `lo` and `hi` are values of scores (so within 0..=100, `lo <= hi`).
    #[inline]
    pub(crate) fn within(value: f64, lo: f64, hi: f64) -> Self {
        // `max` and `min` (unlike `clamp`) never return NaN, so no NaN can become a score.
        Score(value.max(lo).min(hi) + 0.0)
    }

    /// The score as a number in 0..=100.
    #[inline]
    pub const fn get(self) -> f64 {
        self.0
    }
}

impl Eq for Score {}

/// A score or nothing, stored in the eight bytes of an `f64` (NaN stands for nothing, which no
/// [`Score`] can be): `Option<Score>` takes sixteen. Results that carry several optional scores
/// (an outcome, a scorecard's per-item scores) keep them this way and hand out `Option<Score>`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MaybeScore(f64);

impl MaybeScore {
    /// No score.
    pub(crate) const NONE: MaybeScore = MaybeScore(f64::NAN);

    #[inline]
    pub(crate) const fn new(score: Option<Score>) -> Self {
        match score {
            Some(s) => MaybeScore(s.0),
            None => MaybeScore::NONE,
        }
    }

    /// The stored `f64`, NaN for nothing.
    #[inline]
    pub(crate) const fn raw(self) -> f64 {
        self.0
    }

    /// From a stored `f64` made by [`raw`](Self::raw).
    #[inline]
    pub(crate) const fn from_raw(value: f64) -> Self {
        MaybeScore(value)
    }

    #[inline]
    pub(crate) const fn get(self) -> Option<Score> {
        if self.0.is_nan() {
            None
        } else {
            Some(Score(self.0))
        }
    }
}

impl PartialEq for MaybeScore {
    /// Scores are equal by value (never NaN, never -0), and nothing equals nothing.
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

impl Eq for MaybeScore {}

/// Serialises a [`MaybeScore`] as an optional number.
#[cfg(feature = "serde")]
pub(crate) fn serialize_maybe<S: serde::Serializer>(
    value: &MaybeScore,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&value.get(), serializer)
}

impl From<Option<Score>> for MaybeScore {
    fn from(score: Option<Score>) -> Self {
        MaybeScore::new(score)
    }
}

impl core::hash::Hash for MaybeScore {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.get().hash(state);
    }
}

impl PartialOrd for Score {
    #[inline]
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }

    // The comparisons themselves are plain `f64` comparisons: a score is never NaN, so they
    // agree with `cmp`, and they compile to one instruction on the scoring hot path.
    #[inline]
    fn lt(&self, other: &Self) -> bool {
        self.0 < other.0
    }

    #[inline]
    fn le(&self, other: &Self) -> bool {
        self.0 <= other.0
    }

    #[inline]
    fn gt(&self, other: &Self) -> bool {
        self.0 > other.0
    }

    #[inline]
    fn ge(&self, other: &Self) -> bool {
        self.0 >= other.0
    }
}

impl Ord for Score {
    #[inline]
    fn cmp(&self, other: &Self) -> Ordering {
        // A score is never NaN and never -0 (both excluded on construction), so the plain
        // comparison is total; it is cheaper than `f64::total_cmp` on a hot path.
        if self.0 < other.0 {
            Ordering::Less
        } else if self.0 > other.0 {
            Ordering::Greater
        } else {
            Ordering::Equal
        }
    }

    #[inline]
    fn max(self, other: Self) -> Self {
        if other.0 >= self.0 { other } else { self }
    }

    #[inline]
    fn min(self, other: Self) -> Self {
        if other.0 < self.0 { other } else { self }
    }
}

impl core::hash::Hash for Score {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.0.to_bits().hash(state);
    }
}

impl Default for Score {
    /// Zero.
    fn default() -> Self {
        Score::MIN
    }
}

impl fmt::Display for Score {
    /// Prints the number; honours precision, so `{:.1}` gives `65.0`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl FromStr for Score {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let value: f64 = s.trim().parse().map_err(|_| Error::UnknownName {
            closest: None,
            kind: "score",
            value: s.to_owned(),
            expected: "a number in 0..=100".to_owned(),
        })?;
        Score::new(value)
    }
}

impl TryFrom<f64> for Score {
    type Error = Error;

    /// Same rule as [`Score::new`].
    fn try_from(value: f64) -> Result<Self> {
        Score::new(value)
    }
}

impl From<Score> for f64 {
    fn from(score: Score) -> f64 {
        score.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::assert_close;

    #[test]
    fn accepts_exactly_the_closed_range() {
        assert!(Score::new(0.0).is_ok());
        assert!(Score::new(100.0).is_ok());
        for bad in [-0.1, 100.1, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert!(Score::new(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn every_constructor_stores_negative_zero_as_zero() {
        // Ord and Hash work on the bits, so −0 must never be stored.
        let positive = |s: Score| s.get().to_bits() == 0.0f64.to_bits();
        assert!(positive(Score::from_const(-0.0)));
        assert!(positive(Score::from_fraction(-0.0)));
        assert!(positive(Score::within(-0.0, 0.0, 100.0)));
    }

    #[test]
    #[should_panic(expected = "Score::from_const needs a finite value in 0..=100")]
    fn const_constructor_rejects_values_above_the_range() {
        let _ = Score::from_const(150.0);
    }

    #[test]
    #[should_panic(expected = "Score::from_const needs a finite value in 0..=100")]
    fn const_constructor_rejects_values_below_the_range() {
        let _ = Score::from_const(-1.0);
    }

    #[test]
    fn hash_follows_the_value() {
        use core::hash::{Hash, Hasher};
        let hash = |s: Score| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            s.hash(&mut h);
            h.finish()
        };
        assert_eq!(
            hash(Score::from_const(40.0)),
            hash(Score::new(40.0).unwrap())
        );
        assert_ne!(hash(Score::from_const(40.0)), hash(Score::from_const(41.0)));
    }

    #[test]
    fn negative_zero_is_zero() {
        let z = Score::new(-0.0).unwrap();
        assert_eq!(z.get().to_bits(), 0.0f64.to_bits());
        assert_eq!(z.cmp(&Score::MIN), Ordering::Equal);
    }

    #[test]
    fn within_pulls_rounding_drift_back() {
        let (lo, hi) = (10.0, 100.0);
        assert_close(Score::within(100.000_000_000_01, lo, hi).get(), 100.0);
        assert_close(Score::within(50.0, lo, hi).get(), 50.0);
        assert_close(Score::within(f64::NAN, lo, hi).get(), 10.0);
    }

    #[test]
    fn display_honours_precision() {
        assert_eq!(format!("{:.1}", Score::new(65.0).unwrap()), "65.0");
    }

    #[test]
    fn parses_numbers_only() {
        assert_close("42".parse::<Score>().unwrap().get(), 42.0);
        assert!("lots".parse::<Score>().is_err());
        assert!("101".parse::<Score>().is_err());
    }
}
