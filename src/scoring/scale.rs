//! Rating scales and the ratings that lie on them.

use core::fmt;
use core::str::FromStr;

use crate::scoring::{Error, Result, Score};

/// A bounded integer rating scale, such as 1 to 5 or 1 to 7.
///
/// A scale always has `min < max`, so normalising a rating onto 0–100 never divides by zero.
/// It prints as `1..=5` and parses from the same text.
///
/// # Examples
///
/// ```
/// use service_quality::Scale;
///
/// let scale = Scale::new(1, 7)?;
/// assert_eq!(scale.to_string(), "1..=7");
/// assert_eq!(scale.normalise(4)?.get(), 50.0);
/// assert_eq!("1..=7".parse::<Scale>()?, scale);
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "RawScale", into = "RawScale")
)]
pub struct Scale {
    min: i32,
    max: i32,
}

impl Scale {
    /// The 1 to 5 scale, the crate's default.
    pub const ONE_TO_FIVE: Scale = Scale { min: 1, max: 5 };
    /// The 1 to 7 scale, used for bipolar traits and Customer Effort Score.
    pub const ONE_TO_SEVEN: Scale = Scale { min: 1, max: 7 };
    /// The 1 to 10 scale, used to score how much each cause contributed to a breakdown.
    pub const ONE_TO_TEN: Scale = Scale { min: 1, max: 10 };
    /// The 0 to 10 scale of "how likely are you to recommend us".
    pub const ZERO_TO_TEN: Scale = Scale { min: 0, max: 10 };

    /// Creates a scale from `min` to `max`, both inclusive.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidScale`] unless `min < max`.
    ///
    /// ```
    /// use service_quality::Scale;
    ///
    /// assert!(Scale::new(0, 10).is_ok());
    /// assert_eq!(
    ///     Scale::new(3, 3).unwrap_err().to_string(),
    ///     "scale 3..=3 is empty, expected a minimum below the maximum"
    /// );
    /// ```
    pub const fn new(min: i32, max: i32) -> Result<Self> {
        if min < max {
            Ok(Scale { min, max })
        } else {
            Err(Error::InvalidScale {
                min: min as i64,
                max: max as i64,
            })
        }
    }

    /// The lowest rating on the scale.
    pub const fn min(self) -> i32 {
        self.min
    }

    /// The highest rating on the scale.
    pub const fn max(self) -> i32 {
        self.max
    }

    /// Whether `value` lies on the scale.
    pub const fn contains(self, value: i64) -> bool {
        self.min as i64 <= value && value <= self.max as i64
    }

    /// Checks `value` against the scale, naming `field` in the error.
    #[inline]
    pub(crate) fn check(self, field: Option<&'static str>, value: i64) -> Result<i32> {
        if self.contains(value) {
            // In range of two i32 bounds, so the conversion cannot fail.
            i32::try_from(value).map_err(|_| self.out_of_range(field, value))
        } else {
            Err(self.out_of_range(field, value))
        }
    }

    // Out of line and cold: the error allocates its field name, and keeping that off the path
    // of every valid rating keeps `check` small enough to inline into tallies.
    #[cold]
    #[inline(never)]
    fn out_of_range(self, field: Option<&'static str>, value: i64) -> Error {
        Error::RatingOutOfRange {
            field: field.map(str::to_owned),
            value,
            scale: self,
        }
    }

    /// Validates `value` as a rating on this scale.
    ///
    /// # Errors
    ///
    /// [`Error::RatingOutOfRange`] when `value` is below [`min`](Self::min) or above
    /// [`max`](Self::max).
    ///
    /// ```
    /// use service_quality::Scale;
    ///
    /// assert_eq!(Scale::ONE_TO_FIVE.rating(4)?.get(), 4);
    /// assert_eq!(
    ///     Scale::ONE_TO_FIVE.rating(9).unwrap_err().to_string(),
    ///     "rating is 9, expected a value in 1..=5"
    /// );
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn rating(self, value: i64) -> Result<Rating> {
        self.check(None, value)
            .map(|value| Rating { value, scale: self })
    }

    /// Maps `value` onto 0–100: `100 * (value - min) / (max - min)`.
    ///
    /// # Errors
    ///
    /// [`Error::RatingOutOfRange`] when `value` is off the scale.
    ///
    /// ```
    /// use service_quality::Scale;
    ///
    /// assert_eq!(Scale::ONE_TO_FIVE.normalise(4)?.get(), 75.0);
    /// assert!(Scale::ONE_TO_FIVE.normalise(6).is_err());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn normalise(self, value: i64) -> Result<Score> {
        self.rating(value).map(Rating::normalised)
    }

    /// Normalises a value already known to be on the scale.
    #[inline]
    pub(crate) fn normalise_checked(self, value: i32) -> Score {
        // Widen first: `max - min` can exceed i32 (for example i32::MIN..=i32::MAX).
        let offset = i64::from(value) - i64::from(self.min);
        let width = i64::from(self.max) - i64::from(self.min);
        Score::from_offset(offset, width)
    }
}

impl Default for Scale {
    /// The 1 to 5 scale.
    fn default() -> Self {
        Scale::ONE_TO_FIVE
    }
}

impl fmt::Display for Scale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..={}", self.min, self.max)
    }
}

impl FromStr for Scale {
    type Err = Error;

    /// Parses the `Display` form, `MIN..=MAX`.
    fn from_str(s: &str) -> Result<Self> {
        let unknown = || Error::UnknownName {
            closest: None,
            kind: "scale",
            value: s.to_owned(),
            expected: "MIN..=MAX with integer bounds, such as 1..=5".to_owned(),
        };
        let (min, max) = s.trim().split_once("..=").ok_or_else(unknown)?;
        let min = min.trim().parse().map_err(|_| unknown())?;
        let max = max.trim().parse().map_err(|_| unknown())?;
        Scale::new(min, max)
    }
}

impl TryFrom<(i32, i32)> for Scale {
    type Error = Error;

    /// Same rule as [`Scale::new`].
    fn try_from((min, max): (i32, i32)) -> Result<Self> {
        Scale::new(min, max)
    }
}

/// The serde form of a scale: `{"min": 1, "max": 5}`.
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScale {
    min: i64,
    max: i64,
}

#[cfg(feature = "serde")]
impl TryFrom<RawScale> for Scale {
    type Error = Error;

    fn try_from(raw: RawScale) -> Result<Self> {
        let invalid = Error::InvalidScale {
            min: raw.min,
            max: raw.max,
        };
        match (i32::try_from(raw.min), i32::try_from(raw.max)) {
            (Ok(min), Ok(max)) => Scale::new(min, max),
            _ => Err(invalid),
        }
    }
}

#[cfg(feature = "serde")]
impl From<Scale> for RawScale {
    fn from(scale: Scale) -> Self {
        RawScale {
            min: scale.min.into(),
            max: scale.max.into(),
        }
    }
}

/// One rating, guaranteed to lie on its scale.
///
/// # Examples
///
/// ```
/// use service_quality::{Rating, Scale};
///
/// let rating = Rating::new(Scale::ONE_TO_SEVEN, 7)?;
/// assert_eq!(rating.get(), 7);
/// assert_eq!(rating.normalised().get(), 100.0);
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "RawRating", into = "RawRating")
)]
pub struct Rating {
    value: i32,
    scale: Scale,
}

impl Rating {
    /// Creates a rating of `value` on `scale`; the same as [`Scale::rating`].
    ///
    /// # Errors
    ///
    /// [`Error::RatingOutOfRange`] when `value` is off the scale.
    ///
    /// ```
    /// use service_quality::{Rating, Scale};
    ///
    /// assert!(Rating::new(Scale::ZERO_TO_TEN, 0).is_ok());
    /// assert!(Rating::new(Scale::ZERO_TO_TEN, 11).is_err());
    /// ```
    pub fn new(scale: Scale, value: i64) -> Result<Self> {
        scale.rating(value)
    }

    /// Pairs a value already checked against `scale` with it.
    #[inline]
    pub(crate) const fn on_scale(scale: Scale, value: i32) -> Self {
        Rating { value, scale }
    }

    /// The rated value.
    pub const fn get(self) -> i32 {
        self.value
    }

    /// The scale the rating lies on.
    pub const fn scale(self) -> Scale {
        self.scale
    }

    /// The rating mapped onto 0–100 (see [`Scale::normalise`]).
    pub fn normalised(self) -> Score {
        self.scale.normalise_checked(self.value)
    }
}

impl fmt::Display for Rating {
    /// Prints as `4 on 1..=5`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} on {}", self.value, self.scale)
    }
}

/// The serde form of a rating: `{"value": 4, "scale": {"min": 1, "max": 5}}`.
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRating {
    value: i64,
    scale: Scale,
}

#[cfg(feature = "serde")]
impl TryFrom<RawRating> for Rating {
    type Error = Error;

    fn try_from(raw: RawRating) -> Result<Self> {
        raw.scale.rating(raw.value)
    }
}

#[cfg(feature = "serde")]
impl From<Rating> for RawRating {
    fn from(rating: Rating) -> Self {
        RawRating {
            value: rating.value.into(),
            scale: rating.scale,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::assert_close;

    #[test]
    fn normalises_endpoints_and_midpoint() {
        let s = Scale::ONE_TO_FIVE;
        assert_close(s.normalise(1).unwrap().get(), 0.0);
        assert_close(s.normalise(3).unwrap().get(), 50.0);
        assert_close(s.normalise(5).unwrap().get(), 100.0);
    }

    #[test]
    fn widest_scale_does_not_overflow() {
        let s = Scale::new(i32::MIN, i32::MAX).unwrap();
        assert_close(s.normalise(i64::from(i32::MIN)).unwrap().get(), 0.0);
        assert_close(s.normalise(i64::from(i32::MAX)).unwrap().get(), 100.0);
    }

    #[test]
    fn rejects_values_off_the_scale_with_the_scale_in_the_message() {
        let err = Scale::new(-3, 3).unwrap().rating(4).unwrap_err();
        assert_eq!(err.to_string(), "rating is 4, expected a value in -3..=3");
    }

    #[test]
    fn parse_accepts_display_and_rejects_garbage() {
        assert_eq!(" 0..=10 ".parse::<Scale>().unwrap(), Scale::ZERO_TO_TEN);
        assert_eq!(
            "1-5".parse::<Scale>().unwrap_err().to_string(),
            "unknown scale '1-5', expected MIN..=MAX with integer bounds, such as 1..=5"
        );
        assert_eq!(
            "5..=1".parse::<Scale>().unwrap_err(),
            Error::InvalidScale { min: 5, max: 1 }
        );
    }
}
