//! The shape every model shares: an enum of dimensions, and a value for each of them.

use core::fmt::{Debug, Display};
use core::hash::Hash;
use core::str::FromStr;

use enum_map::{Enum, EnumMap};
use strum::IntoEnumIterator;

use crate::{Error, Policy, Rating, Result, Scale, Score};

/// One dimension of a model: a PROUD principle, a V.E.D. area, a boss-versus-leader trait.
///
/// A model is an enum that implements this trait; the scoring core ([`Ratings`], [`Weights`],
/// [`Policy`], [`Scorecard`](crate::Scorecard)) is written once against it. The supertraits give
/// each model, for free:
///
/// - iteration in declaration order ([`strum::IntoEnumIterator`]), the order ties are broken in;
/// - a canonical snake-case name (`Display`, `Into<&'static str>`) that `FromStr` and serde read
///   back, with errors of the crate's [`Error`] type;
/// - a fixed-size, allocation-free map keyed by the enum ([`enum_map::Enum`]).
///
/// # Implementing a model
///
/// ```
/// use service_quality::{Dimension, Error, Ratings, Policy, Scale};
///
/// #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, enum_map::Enum)]
/// #[derive(strum::Display, strum::EnumString, strum::IntoStaticStr, strum::EnumIter)]
/// #[strum(serialize_all = "snake_case", ascii_case_insensitive)]
/// #[strum(parse_err_ty = Error, parse_err_fn = unknown)]
/// enum Hospitality { Welcome, Farewell }
///
/// fn unknown(value: &str) -> Error {
///     Error::UnknownName {
///         kind: "hospitality moment",
///         value: value.to_owned(),
///         expected: "one of: welcome, farewell",
///     }
/// }
///
/// impl Dimension for Hospitality {
///     const KIND: &'static str = "hospitality moment";
///     fn name(self) -> &'static str {
///         match self { Self::Welcome => "Welcome", Self::Farewell => "Farewell" }
///     }
///     fn description(self) -> &'static str {
///         match self {
///             Self::Welcome => "How the guest was greeted.",
///             Self::Farewell => "How the guest was seen off.",
///         }
///     }
/// }
///
/// let ratings = Ratings::from_array(Scale::ONE_TO_FIVE, [5, 3])?;
/// let card = Policy::<Hospitality>::default().score(&ratings)?;
/// assert_eq!(card.overall().get(), 75.0);
/// assert_eq!(card.weakest(), Hospitality::Farewell);
/// # Ok::<(), service_quality::Error>(())
/// ```
pub trait Dimension:
    Copy
    + Eq
    + Hash
    + Debug
    + Display
    + FromStr<Err = Error>
    + Into<&'static str>
    + IntoEnumIterator
    + Enum<
        Array<i32>: Copy + Send + Sync,
        Array<f64>: Copy + Send + Sync,
        Array<Score>: Copy + Send + Sync,
        Array<usize>: Copy + Send + Sync,
    > + Send
    + Sync
    + 'static
{
    /// What one dimension of the model is called, for messages (`"PROUD principle"`).
    const KIND: &'static str;

    /// The canonical snake-case name, the same text as `Display` (`"respect"`).
    fn key(self) -> &'static str {
        self.into()
    }

    /// The name to show people (`"Polite and professional"`).
    fn name(self) -> &'static str;

    /// What the dimension means, in a sentence or two.
    fn description(self) -> &'static str;

    /// The policy a model is scored with unless the caller chooses another.
    ///
    /// The default is [`Policy::new`] on the 1–5 scale: equal weights, the default bands and no
    /// gate. A model with a gate (PROUD's first hurdle) overrides this.
    fn default_policy() -> Policy<Self> {
        Policy::new(Scale::default())
    }
}

/// Collects `(dimension, value)` pairs into a per-dimension map, rejecting a dimension named
/// twice or left out. `what` names the values in errors (`"rating"`).
pub(crate) fn collect_pairs<D: Dimension, V>(
    what: &'static str,
    pairs: impl IntoIterator<Item = (D, V)>,
) -> Result<EnumMap<D, V>> {
    let mut slots: EnumMap<D, Option<V>> = EnumMap::from_fn(|_| None);
    for (dimension, value) in pairs {
        let slot = &mut slots[dimension];
        if slot.is_some() {
            return Err(Error::Duplicate {
                what,
                field: dimension.key(),
            });
        }
        *slot = Some(value);
    }
    EnumMap::try_from_fn(|d: D| {
        slots[d].take().ok_or(Error::Missing {
            what,
            field: d.key(),
        })
    })
}

/// One rating per dimension, all on the same [`Scale`].
///
/// Every value is checked against the scale on construction, so a `Ratings` cannot hold an
/// out-of-range rating. It is a fixed-size value: no heap, `Copy`.
///
/// # Examples
///
/// ```
/// use service_quality::{Ratings, Scale};
/// use service_quality::proud::Principle;
///
/// // In declaration order: P, R, O, U, D.
/// let ratings = Ratings::<Principle>::from_array(Scale::ONE_TO_FIVE, [4, 5, 3, 4, 2])?;
/// assert_eq!(ratings.get(Principle::Ownership).get(), 3);
///
/// // Or by name, in any order.
/// let same = Ratings::from_pairs(Scale::ONE_TO_FIVE, [
///     (Principle::Deliver, 2),
///     (Principle::Understanding, 4),
///     (Principle::Ownership, 3),
///     (Principle::Respect, 5),
///     (Principle::PoliteAndProfessional, 4),
/// ])?;
/// assert_eq!(ratings, same);
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ratings<D: Dimension> {
    scale: Scale,
    values: EnumMap<D, i32>,
}

impl<D: Dimension> Ratings<D> {
    /// Creates ratings from one value per dimension, in declaration order.
    ///
    /// # Errors
    ///
    /// [`Error::RatingOutOfRange`], naming the first dimension whose value is off `scale`.
    ///
    /// ```
    /// use service_quality::{Ratings, Scale};
    /// use service_quality::proud::Principle;
    ///
    /// assert!(Ratings::<Principle>::from_array(Scale::ONE_TO_FIVE, [1, 2, 3, 4, 5]).is_ok());
    /// assert_eq!(
    ///     Ratings::<Principle>::from_array(Scale::ONE_TO_FIVE, [1, 7, 3, 4, 5])
    ///         .unwrap_err()
    ///         .to_string(),
    ///     "rating for 'respect' is 7, expected a value in 1..=5"
    /// );
    /// ```
    pub fn from_array(scale: Scale, values: D::Array<i32>) -> Result<Self> {
        let values = EnumMap::<D, i32>::from_array(values);
        Self::from_fn(scale, |d| i64::from(values[d]))
    }

    /// Creates ratings by asking `value` for each dimension's rating.
    ///
    /// # Errors
    ///
    /// [`Error::RatingOutOfRange`] for the first dimension whose value is off `scale`.
    ///
    /// ```
    /// use service_quality::{Ratings, Scale};
    /// use service_quality::proud::Principle;
    ///
    /// let all_fives = Ratings::<Principle>::from_fn(Scale::ONE_TO_FIVE, |_| 5)?;
    /// assert!(all_fives.iter().all(|(_, r)| r.get() == 5));
    /// assert!(Ratings::<Principle>::from_fn(Scale::ONE_TO_FIVE, |_| 0).is_err());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn from_fn(scale: Scale, mut value: impl FnMut(D) -> i64) -> Result<Self> {
        let values = EnumMap::try_from_fn(|d: D| scale.check(Some(d.key()), value(d)))?;
        Ok(Ratings { scale, values })
    }

    /// Creates ratings from `(dimension, value)` pairs in any order; every dimension exactly once.
    ///
    /// # Errors
    ///
    /// [`Error::Duplicate`] when a dimension appears twice, [`Error::Missing`] when one is left
    /// out, and [`Error::RatingOutOfRange`] when a value is off `scale`.
    ///
    /// ```
    /// use service_quality::{Ratings, Scale};
    /// use service_quality::proud::Principle;
    ///
    /// let err = Ratings::from_pairs(Scale::ONE_TO_FIVE, [(Principle::Respect, 4)]).unwrap_err();
    /// assert_eq!(err.to_string(), "missing rating for 'polite_and_professional'");
    /// ```
    pub fn from_pairs(scale: Scale, pairs: impl IntoIterator<Item = (D, i64)>) -> Result<Self> {
        let values = collect_pairs("rating", pairs)?;
        Self::from_fn(scale, |d| values[d])
    }

    /// The scale every rating lies on.
    pub const fn scale(&self) -> Scale {
        self.scale
    }

    /// The rating of one dimension.
    pub fn get(&self, dimension: D) -> Rating {
        Rating::on_scale(self.scale, self.values[dimension])
    }

    /// The rating of one dimension mapped onto 0–100.
    pub fn normalised(&self, dimension: D) -> Score {
        self.scale.normalise_checked(self.values[dimension])
    }

    /// Every dimension with its rating, in declaration order.
    pub fn iter(&self) -> impl Iterator<Item = (D, Rating)> + '_ {
        D::iter().map(|d| (d, self.get(d)))
    }

    /// A copy with one dimension re-rated.
    ///
    /// # Errors
    ///
    /// [`Error::RatingOutOfRange`] when `value` is off the scale.
    ///
    /// ```
    /// use service_quality::{Ratings, Scale};
    /// use service_quality::proud::Principle;
    ///
    /// let before = Ratings::<Principle>::from_array(Scale::ONE_TO_FIVE, [4, 5, 3, 4, 2])?;
    /// let after = before.with(Principle::Deliver, 4)?;
    /// assert_eq!(after.get(Principle::Deliver).get(), 4);
    /// assert!(before.with(Principle::Deliver, 6).is_err());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn with(mut self, dimension: D, value: i64) -> Result<Self> {
        self.values[dimension] = self.scale.check(Some(dimension.key()), value)?;
        Ok(self)
    }
}

/// How much each dimension counts towards an overall score.
///
/// Weights are finite and non-negative, and at least one is positive, so a weighted mean always
/// exists. They need not sum to anything in particular: only their proportions matter.
///
/// # Examples
///
/// ```
/// use service_quality::Weights;
/// use service_quality::proud::Principle;
///
/// // Count Polite-and-professional double.
/// let weights = Weights::<Principle>::from_array([2.0, 1.0, 1.0, 1.0, 1.0])?;
/// assert_eq!(weights.get(Principle::PoliteAndProfessional), 2.0);
/// assert_eq!(weights.total(), 6.0);
///
/// assert_eq!(
///     Weights::<Principle>::from_array([1.0, -1.0, 1.0, 1.0, 1.0]).unwrap_err().to_string(),
///     "weight for 'respect' is -1, expected a finite value >= 0"
/// );
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights<D: Dimension> {
    values: EnumMap<D, f64>,
}

impl<D: Dimension> Weights<D> {
    /// Every dimension weighted 1.
    pub fn equal() -> Self {
        Weights {
            values: EnumMap::from_fn(|_| 1.0),
        }
    }

    /// Creates weights from one value per dimension, in declaration order.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidWeight`] for a negative, NaN or infinite weight, naming its dimension;
    /// [`Error::AllWeightsZero`] when no weight is positive.
    ///
    /// ```
    /// use service_quality::Weights;
    /// use service_quality::proud::Principle;
    ///
    /// assert!(Weights::<Principle>::from_array([0.0, 0.0, 0.0, 0.0, 1.0]).is_ok());
    /// assert!(Weights::<Principle>::from_array([0.0; 5]).is_err());
    /// ```
    pub fn from_array(values: D::Array<f64>) -> Result<Self> {
        let values = EnumMap::<D, f64>::from_array(values);
        Self::from_fn(|d| values[d])
    }

    /// Creates weights by asking `weight` for each dimension's weight.
    ///
    /// # Errors
    ///
    /// As [`from_array`](Self::from_array).
    ///
    /// ```
    /// use service_quality::Weights;
    /// use service_quality::proud::Principle;
    ///
    /// let w = Weights::<Principle>::from_fn(|p| if p == Principle::Deliver { 3.0 } else { 1.0 })?;
    /// assert_eq!(w.total(), 7.0);
    /// assert!(Weights::<Principle>::from_fn(|_| f64::NAN).is_err());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn from_fn(mut weight: impl FnMut(D) -> f64) -> Result<Self> {
        let values = EnumMap::try_from_fn(|d: D| {
            let value = weight(d);
            if value.is_finite() && value >= 0.0 {
                Ok(value + 0.0)
            } else {
                Err(Error::InvalidWeight {
                    field: d.key(),
                    value,
                })
            }
        })?;
        if values.values().all(|&w| w == 0.0) {
            return Err(Error::AllWeightsZero);
        }
        Ok(Weights { values })
    }

    /// Creates weights from `(dimension, weight)` pairs in any order; every dimension exactly once.
    ///
    /// # Errors
    ///
    /// [`Error::Duplicate`] and [`Error::Missing`] as for [`Ratings::from_pairs`], then as
    /// [`from_array`](Self::from_array).
    ///
    /// ```
    /// use service_quality::Weights;
    /// use service_quality::proud::Principle::*;
    ///
    /// let w = Weights::from_pairs([
    ///     (PoliteAndProfessional, 1.0), (Respect, 1.0), (Ownership, 2.0),
    ///     (Understanding, 1.0), (Deliver, 2.0),
    /// ])?;
    /// assert_eq!(w.get(Ownership), 2.0);
    /// assert!(Weights::from_pairs([(Respect, 1.0), (Respect, 2.0)]).is_err());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn from_pairs(pairs: impl IntoIterator<Item = (D, f64)>) -> Result<Self> {
        let values = collect_pairs("weight", pairs)?;
        Self::from_fn(|d| values[d])
    }

    /// The weight of one dimension.
    pub fn get(&self, dimension: D) -> f64 {
        self.values[dimension]
    }

    /// The sum of all weights; always positive.
    pub fn total(&self) -> f64 {
        self.values.values().sum()
    }

    /// Every dimension with its weight, in declaration order.
    pub fn iter(&self) -> impl Iterator<Item = (D, f64)> + '_ {
        D::iter().map(|d| (d, self.values[d]))
    }

    /// The counted dimensions of `scores` from lowest to highest, ties in declaration order.
    pub(crate) fn weakest_first(
        &self,
        scores: &EnumMap<D, Score>,
    ) -> impl Iterator<Item = (D, Score)> + use<D> {
        let mut order = EnumMap::<D, (D, Score)>::from_fn(|d| (d, scores[d]));
        // Stable: equal scores keep declaration order.
        order.as_mut_slice().sort_by_key(|&(_, score)| score);
        let weights = *self;
        order
            .into_iter()
            .map(|(_, entry)| entry)
            .filter(move |&(d, _)| weights.get(d) > 0.0)
    }

    /// The weighted mean of `scores`, `Σ wᵢ·sᵢ / Σ wᵢ`, and the weakest counted dimension.
    ///
    /// Only dimensions with a positive weight count, for the mean and for the weakest (ties go
    /// to the one declared first). The mean is kept within the range of the scores it averages,
    /// which removes the last-bit rounding that could otherwise give 100.00000000000001.
    pub(crate) fn summarise(&self, scores: &EnumMap<D, Score>) -> Result<(Score, D)> {
        let mut sum = 0.0;
        let mut weakest: Option<D> = None;
        let mut highest = Score::MIN;
        for d in D::iter() {
            let weight = self.values[d];
            if weight > 0.0 {
                let score = scores[d];
                sum += weight * score.get();
                highest = highest.max(score);
                // Strictly lower only, so ties stay with the earlier dimension.
                if weakest.is_none_or(|w| score < scores[w]) {
                    weakest = Some(d);
                }
            }
        }
        // `Weights` guarantees a positive weight; the error is for the impossible case only.
        let weakest = weakest.ok_or(Error::AllWeightsZero)?;
        let mean = Score::within(sum / self.total(), scores[weakest], highest);
        Ok((mean, weakest))
    }
}

impl<D: Dimension> Default for Weights<D> {
    /// Equal weights.
    fn default() -> Self {
        Weights::equal()
    }
}

#[cfg(feature = "serde")]
mod serde_impls {
    //! Ratings and weights serialise as maps from dimension name to value, in declaration order.
    //! Reading one back goes through the same constructors, so it fails the same way.

    use core::fmt;
    use core::marker::PhantomData;

    use serde::de::{Error as _, MapAccess, Visitor};
    use serde::ser::SerializeMap;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::{Dimension, Ratings, Weights};
    use crate::Scale;

    /// Serialises `(name, value)` pairs as a map.
    pub(crate) fn serialize_named<S, D, V>(
        serializer: S,
        entries: impl Iterator<Item = (D, V)>,
    ) -> Result<S::Ok, S::Error>
    where
        S: Serializer,
        D: Dimension,
        V: Serialize,
    {
        let mut map = serializer.serialize_map(Some(D::iter().len()))?;
        for (d, v) in entries {
            map.serialize_entry(d.key(), &v)?;
        }
        map.end()
    }

    /// A dimension serialised as its canonical name and read back through `FromStr`, so models
    /// need no serde impls of their own.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub(crate) struct DimensionName<D>(pub(crate) D);

    impl<D: Dimension> Serialize for DimensionName<D> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.serialize_str(self.0.key())
        }
    }

    impl<'de, D: Dimension> Deserialize<'de> for DimensionName<D> {
        fn deserialize<De: Deserializer<'de>>(deserializer: De) -> Result<Self, De::Error> {
            let name = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
            name.parse().map(DimensionName).map_err(De::Error::custom)
        }
    }

    /// A map read as `(dimension, value)` pairs, duplicates kept so the constructor can reject
    /// them (a plain map type would silently keep the last).
    pub(crate) struct NamedPairs<D, V>(pub(crate) Vec<(D, V)>);

    impl<'de, D: Dimension, V: Deserialize<'de>> Deserialize<'de> for NamedPairs<D, V> {
        fn deserialize<De: Deserializer<'de>>(deserializer: De) -> Result<Self, De::Error> {
            struct PairsVisitor<D, V>(PhantomData<(D, V)>);

            impl<'de, D: Dimension, V: Deserialize<'de>> Visitor<'de> for PairsVisitor<D, V> {
                type Value = NamedPairs<D, V>;

                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    write!(f, "a map from {} name to value", D::KIND)
                }

                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                    let mut pairs = Vec::with_capacity(D::iter().len());
                    while let Some(DimensionName(dimension)) = map.next_key()? {
                        pairs.push((dimension, map.next_value()?));
                    }
                    Ok(NamedPairs(pairs))
                }
            }

            deserializer.deserialize_map(PairsVisitor(PhantomData))
        }
    }

    impl<D: Dimension> Serialize for Weights<D> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serialize_named(serializer, self.iter())
        }
    }

    impl<'de, D: Dimension> Deserialize<'de> for Weights<D> {
        fn deserialize<De: Deserializer<'de>>(deserializer: De) -> Result<Self, De::Error> {
            let NamedPairs(pairs) = NamedPairs::<D, f64>::deserialize(deserializer)?;
            Weights::from_pairs(pairs).map_err(De::Error::custom)
        }
    }

    /// Ratings as a map from dimension name to value (the scale is stored beside it).
    pub(crate) struct RatingValues<'a, D: Dimension>(pub(crate) &'a Ratings<D>);

    impl<D: Dimension> Serialize for RatingValues<'_, D> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serialize_named(serializer, self.0.iter().map(|(d, r)| (d, r.get())))
        }
    }

    impl<D: Dimension> Serialize for Ratings<D> {
        /// `{"scale": {"min": 1, "max": 5}, "ratings": {"respect": 4, ...}}`
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            #[derive(Serialize)]
            #[serde(bound = "D: Dimension")]
            struct Form<'a, D: Dimension> {
                scale: Scale,
                ratings: RatingValues<'a, D>,
            }
            Form {
                scale: self.scale,
                ratings: RatingValues(self),
            }
            .serialize(serializer)
        }
    }

    impl<'de, D: Dimension> Deserialize<'de> for Ratings<D> {
        fn deserialize<De: Deserializer<'de>>(deserializer: De) -> Result<Self, De::Error> {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields, bound = "D: Dimension")]
            struct Form<D: Dimension> {
                #[serde(default)]
                scale: Scale,
                ratings: NamedPairs<D, i64>,
            }
            let form = Form::<D>::deserialize(deserializer)?;
            Ratings::from_pairs(form.scale, form.ratings.0).map_err(De::Error::custom)
        }
    }
}

#[cfg(feature = "serde")]
pub(crate) use serde_impls::{DimensionName, NamedPairs, RatingValues, serialize_named};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proud::Principle;

    #[test]
    fn pairs_reject_duplicates_and_gaps() {
        use Principle::*;
        let dup = Ratings::from_pairs(
            Scale::ONE_TO_FIVE,
            [(Respect, 1), (Respect, 2), (Deliver, 3)],
        );
        assert_eq!(
            dup.unwrap_err(),
            Error::Duplicate {
                what: "rating",
                field: "respect"
            }
        );
        let gap = Weights::from_pairs([(Respect, 1.0)]);
        assert_eq!(
            gap.unwrap_err().to_string(),
            "missing weight for 'polite_and_professional'"
        );
    }

    #[test]
    fn weights_reject_each_kind_of_bad_value() {
        for bad in [-0.5, f64::NAN, f64::INFINITY] {
            let err = Weights::<Principle>::from_fn(|p| {
                if p == Principle::Understanding {
                    bad
                } else {
                    1.0
                }
            })
            .unwrap_err();
            assert!(
                matches!(
                    err,
                    Error::InvalidWeight {
                        field: "understanding",
                        ..
                    }
                ),
                "{err:?}"
            );
        }
        assert_eq!(
            Weights::<Principle>::from_fn(|_| 0.0).unwrap_err(),
            Error::AllWeightsZero
        );
    }

    #[test]
    fn with_changes_only_the_named_dimension() {
        let r = Ratings::<Principle>::from_array(Scale::ONE_TO_FIVE, [1, 2, 3, 4, 5]).unwrap();
        let r2 = r.with(Principle::Respect, 5).unwrap();
        for (p, rating) in r2.iter() {
            let expected = if p == Principle::Respect {
                5
            } else {
                r.get(p).get()
            };
            assert_eq!(rating.get(), expected);
        }
    }
}
