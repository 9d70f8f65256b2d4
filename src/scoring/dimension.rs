//! The shape every model shares: an enum of dimensions, and a value for each of them.

use core::fmt::{Debug, Display};
use core::hash::Hash;
use core::str::FromStr;

use enum_map::{Enum, EnumMap};

use crate::scoring::{Error, Policy, Rating, Result, Scale, Score};

/// One dimension of a model: a PROUD principle, a V.E.D. area, a boss-versus-leader trait, or
/// one of your own.
///
/// A model is an enum that implements this trait; the scoring core ([`Ratings`], [`Weights`],
/// [`Policy`], [`Scorecard`](crate::Scorecard), [`Summary`](crate::Summary), the batch path) is
/// written once against it. It gives each model:
///
/// - every value in declaration order ([`ALL`](Self::ALL), [`iter`](Self::iter)), the order
///   ties are broken in, and each value's place in it ([`index`](Self::index));
/// - a canonical snake-case name ([`key`](Self::key), `Display`) that `FromStr` and serde read
///   back, with errors of the crate's [`Error`] type;
/// - a name to show people and a description;
/// - the policy the model is scored with unless the caller chooses another.
///
/// Declare a model with [`dimension_enum!`](crate::dimension_enum), as the crate declares its
/// own: the macro implements this trait, the same methods on the type itself (so code that only
/// lists or names dimensions imports nothing), and the fixed-size per-dimension storage the
/// scoring core keeps its values in. That storage is the hidden supertrait; it is not meant to
/// be implemented by hand.
///
/// # Your own model
///
/// ```
/// use service_quality::{Policy, Ratings, Scale};
///
/// service_quality::dimension_enum! {
///     /// What a hotel's front desk is judged on.
///     pub enum Hospitality as "hospitality moment" {
///         Welcome("Welcome", "How the guest was greeted on arrival."),
///         Farewell("Farewell", "How the guest was seen off."),
///     }
/// }
///
/// let ratings = Ratings::from_array(Scale::ONE_TO_FIVE, [5, 3])?;
/// let card = ratings.evaluate(&Policy::<Hospitality>::default())?;
/// assert_eq!(card.overall().map(|s| s.get()), Some(75.0));
/// assert_eq!(card.focus(), Some(Hospitality::Farewell));
/// assert_eq!(Hospitality::Farewell.description(), "How the guest was seen off.");
/// # Ok::<(), service_quality::Error>(())
/// ```
///
/// Code generic over models names the trait:
///
/// ```
/// use service_quality::Dimension;
/// use service_quality::proud::Principle;
///
/// fn keys<D: Dimension>() -> Vec<&'static str> {
///     D::iter().map(D::key).collect()
/// }
/// assert_eq!(keys::<Principle>(), ["polite_and_professional", "respect", "ownership", "understanding", "deliver"]);
/// ```
pub trait Dimension:
    Copy + Eq + Hash + Debug + Display + FromStr<Err = Error> + Send + Sync + 'static + Storage
{
    /// What one dimension of the model is called, for messages (`"PROUD principle"`).
    const KIND: &'static str;

    /// Every dimension, in declaration order.
    const ALL: &'static [Self];

    /// Every dimension, in declaration order.
    #[inline]
    fn iter() -> core::iter::Copied<core::slice::Iter<'static, Self>> {
        Self::ALL.iter().copied()
    }

    /// The dimension's place in [`ALL`](Self::ALL), from 0.
    fn index(self) -> usize;

    /// The canonical snake-case name, the same text as `Display` (`"respect"`).
    fn key(self) -> &'static str;

    /// The name to show people (`"Polite and professional"`).
    fn name(self) -> &'static str;

    /// What the dimension means, in a sentence or two.
    fn description(self) -> &'static str;

    /// The policy a model is scored with unless the caller chooses another.
    ///
    /// The default is [`Policy::new`] on the 1–5 scale: equal weights, the default bands, no
    /// critical item and no N/A. A model with a critical item (PROUD's first hurdle) sets its
    /// own in [`dimension_enum!`](crate::dimension_enum).
    fn default_policy() -> Policy<Self> {
        Policy::new(Scale::default())
    }
}

/// The fixed-size, allocation-free storage of one value per dimension that the scoring core
/// keeps ratings, weights and totals in. [`dimension_enum!`](crate::dimension_enum) implements
/// it for each model (the bounds are checked there); it is how the storage's implementation
/// (the `enum-map` crate today) stays out of every user's code.
#[doc(hidden)]
pub trait Storage:
    Enum<
        Array<i32>: Copy + Send + Sync,
        Array<Option<i32>>: Copy + Send + Sync,
        Array<f64>: Copy + Send + Sync,
        Array<bool>: Copy + Send + Sync,
        Array<Score>: Copy + Send + Sync,
        Array<Option<Score>>: Copy + Send + Sync,
        Array<usize>: Copy + Send + Sync,
        Array<crate::scoring::ItemSummary>: Copy + Send + Sync,
    >
{
}

/// An array of one value per dimension, in declaration order, as a per-dimension map; an array
/// of another length is an [`Error::Mismatch`]. (Arrays are sized by a const parameter, not by
/// the model, so that no public signature names the storage crate's array type.)
#[inline]
fn per_dimension<D: Dimension, T: Copy, const N: usize>(values: [T; N]) -> Result<EnumMap<D, T>> {
    let mismatch = || Error::Mismatch {
        field: "number of values",
        found: N.to_string(),
        expected: D::ALL.len().to_string(),
    };
    if N != D::ALL.len() {
        return Err(mismatch());
    }
    EnumMap::try_from_fn(|d: D| values.get(d.index()).copied().ok_or_else(mismatch))
}

/// Collects `(dimension, value)` pairs into a per-dimension map, rejecting a dimension named
/// twice or left out. `what` names the values in errors, with their preposition (`"rating for"`).
pub(crate) fn collect_pairs<D: Dimension, V>(
    what: &'static str,
    pairs: impl IntoIterator<Item = (D, V)>,
) -> Result<EnumMap<D, V>> {
    let mut slots = collect_sparse(what, pairs)?;
    EnumMap::try_from_fn(|d: D| {
        slots[d].take().ok_or_else(|| Error::Missing {
            what,
            key: d.key().to_owned(),
        })
    })
}

/// Collects `(dimension, value)` pairs into a per-dimension map of options, rejecting a
/// dimension named twice; dimensions left out are `None`.
pub(crate) fn collect_sparse<D: Dimension, V>(
    what: &'static str,
    pairs: impl IntoIterator<Item = (D, V)>,
) -> Result<EnumMap<D, Option<V>>> {
    let mut slots: EnumMap<D, Option<V>> = EnumMap::from_fn(|_| None);
    for (dimension, value) in pairs {
        let slot = &mut slots[dimension];
        if slot.is_some() {
            return Err(Error::Duplicate {
                what,
                key: dimension.key().to_owned(),
            });
        }
        *slot = Some(value);
    }
    Ok(slots)
}

/// One rating per dimension, all on the same [`Scale`], where a dimension may be answered "not
/// applicable" (N/A).
///
/// Every value is checked against the scale on construction, so a `Ratings` cannot hold an
/// out-of-range rating. Whether N/A is acceptable for a dimension is the [`Policy`]'s decision,
/// checked when the ratings are evaluated. It is a fixed-size value: no heap, `Copy`.
///
/// # Examples
///
/// ```
/// use service_quality::{Ratings, Scale};
/// use service_quality::proud::Principle;
///
/// // In declaration order: P, R, O, U, D.
/// let ratings = Ratings::<Principle>::from_array(Scale::ONE_TO_FIVE, [4, 5, 3, 4, 2])?;
/// assert_eq!(ratings.get(Principle::Ownership).map(|r| r.get()), Some(3));
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
///
/// // Nothing needed delivering: D is not applicable.
/// let no_delivery = ratings.with_not_applicable(Principle::Deliver);
/// assert_eq!(no_delivery.get(Principle::Deliver), None);
/// assert_eq!(no_delivery.answered(), 4);
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ratings<D: Dimension> {
    scale: Scale,
    /// Each answered dimension's value; 0 for N/A, so equal ratings compare and hash equal.
    values: EnumMap<D, i32>,
    /// Whether each dimension was answered. Kept apart from the values (not `Option<i32>`, which
    /// doubles each slot), so the ratings of a five-principle model fit in 36 bytes.
    answered: EnumMap<D, bool>,
}

impl<D: Dimension> Ratings<D> {
    /// Creates ratings from one value per dimension, in declaration order, every one answered.
    ///
    /// # Errors
    ///
    /// [`Error::Mismatch`] when the array does not have one value per dimension;
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
    /// assert_eq!(
    ///     Ratings::<Principle>::from_array(Scale::ONE_TO_FIVE, [1, 2, 3]).unwrap_err().to_string(),
    ///     "number of values differs: 3 here, 5 expected"
    /// );
    /// ```
    #[inline]
    pub fn from_array<const N: usize>(scale: Scale, values: [i64; N]) -> Result<Self> {
        let values = per_dimension::<D, _, N>(values)?;
        Self::from_fn(scale, |d| values[d])
    }

    /// Creates ratings from one value or N/A (`None`) per dimension, in declaration order.
    ///
    /// # Errors
    ///
    /// [`Error::Mismatch`] when the array does not have one value per dimension;
    /// [`Error::RatingOutOfRange`], naming the first dimension whose value is off `scale`.
    ///
    /// ```
    /// use service_quality::{Ratings, Scale};
    /// use service_quality::proud::Principle;
    ///
    /// let r = Ratings::<Principle>::from_options(
    ///     Scale::ONE_TO_FIVE,
    ///     [Some(4), Some(5), Some(3), Some(4), None],
    /// )?;
    /// assert_eq!(r.answered(), 4);
    /// assert!(Ratings::<Principle>::from_options(Scale::ONE_TO_FIVE, [Some(0), None, None, None, None])
    ///     .is_err());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    #[inline]
    pub fn from_options<const N: usize>(scale: Scale, values: [Option<i64>; N]) -> Result<Self> {
        let values = per_dimension::<D, _, N>(values)?;
        Self::from_optional_fn(scale, |d| values[d])
    }

    /// Creates ratings by asking `value` for each dimension's rating, every one answered.
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
    /// assert!(all_fives.iter().all(|(_, r)| r.map(|r| r.get()) == Some(5)));
    /// assert!(Ratings::<Principle>::from_fn(Scale::ONE_TO_FIVE, |_| 0).is_err());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    #[inline]
    pub fn from_fn(scale: Scale, mut value: impl FnMut(D) -> i64) -> Result<Self> {
        Self::from_optional_fn(scale, |d| Some(value(d)))
    }

    /// Creates ratings by asking `value` for each dimension's rating or N/A (`None`).
    ///
    /// # Errors
    ///
    /// [`Error::RatingOutOfRange`] for the first dimension whose value is off `scale`.
    ///
    /// ```
    /// use service_quality::{Ratings, Scale};
    /// use service_quality::proud::Principle;
    ///
    /// let r = Ratings::<Principle>::from_optional_fn(Scale::ONE_TO_FIVE, |p| {
    ///     (p != Principle::Deliver).then_some(4)
    /// })?;
    /// assert_eq!(r.get(Principle::Deliver), None);
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    #[inline]
    pub fn from_optional_fn(scale: Scale, mut value: impl FnMut(D) -> Option<i64>) -> Result<Self> {
        let raw = EnumMap::<D, Option<i64>>::from_fn(&mut value);
        // Checked first, so the happy path builds no error values.
        let off_scale = raw
            .iter()
            .find_map(|(d, v)| v.filter(|&v| !scale.contains(v)).map(|v| (d, v)));
        if let Some((d, v)) = off_scale {
            return Err(Error::RatingOutOfRange {
                field: Some(d.key().to_owned()),
                value: v,
                scale,
            });
        }
        // Every value lies between two `i32` bounds, so it fits an `i32`.
        let value = |d: D| raw[d].and_then(|v| i32::try_from(v).ok());
        Ok(Ratings {
            scale,
            values: EnumMap::from_fn(|d| value(d).unwrap_or(0)),
            answered: EnumMap::from_fn(|d| value(d).is_some()),
        })
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
        Self::from_optional_pairs(scale, pairs.into_iter().map(|(d, v)| (d, Some(v))))
    }

    /// Creates ratings from `(dimension, value or N/A)` pairs in any order; every dimension
    /// exactly once. This is how ratings are read from JSON, where N/A is `null`.
    ///
    /// # Errors
    ///
    /// As [`from_pairs`](Self::from_pairs).
    ///
    /// ```
    /// use service_quality::{Ratings, Scale};
    /// use service_quality::leadership::Area;
    ///
    /// let r = Ratings::from_optional_pairs(Scale::ONE_TO_FIVE, [
    ///     (Area::Vision, Some(4)), (Area::Engagement, None), (Area::Delivery, Some(3)),
    /// ])?;
    /// assert_eq!(r.answered(), 2);
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn from_optional_pairs(
        scale: Scale,
        pairs: impl IntoIterator<Item = (D, Option<i64>)>,
    ) -> Result<Self> {
        let values = collect_pairs("rating for", pairs)?;
        Self::from_optional_fn(scale, |d| values[d])
    }

    /// The scale every rating lies on.
    pub const fn scale(&self) -> Scale {
        self.scale
    }

    /// The rating of one dimension, or `None` when it was answered N/A.
    pub fn get(&self, dimension: D) -> Option<Rating> {
        self.value(dimension)
            .map(|v| Rating::on_scale(self.scale, v))
    }

    /// The rating of one dimension mapped onto 0–100, or `None` when it was answered N/A.
    #[inline]
    pub fn normalised(&self, dimension: D) -> Option<Score> {
        self.value(dimension)
            .map(|v| self.scale.normalise_checked(v))
    }

    /// Every dimension with its rating (`None` for N/A), in declaration order.
    pub fn iter(&self) -> impl Iterator<Item = (D, Option<Rating>)> + '_ {
        D::iter().map(|d| (d, self.get(d)))
    }

    /// How many dimensions were answered (not N/A).
    pub fn answered(&self) -> usize {
        self.answered.values().filter(|&&a| a).count()
    }

    /// Whether every dimension was answered.
    pub fn is_complete(&self) -> bool {
        self.answered.values().all(|&a| a)
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
    /// let after = before.try_with(Principle::Deliver, 4)?;
    /// assert_eq!(after.get(Principle::Deliver).map(|r| r.get()), Some(4));
    /// assert!(before.try_with(Principle::Deliver, 6).is_err());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn try_with(mut self, dimension: D, value: i64) -> Result<Self> {
        self.values[dimension] = self.scale.check(Some(dimension.key()), value)?;
        self.answered[dimension] = true;
        Ok(self)
    }

    /// A copy with one dimension answered N/A.
    pub fn with_not_applicable(mut self, dimension: D) -> Self {
        self.values[dimension] = 0;
        self.answered[dimension] = false;
        self
    }

    /// Ratings with every dimension answered, from values the caller has already checked
    /// against `scale`.
    pub(crate) fn from_checked(scale: Scale, values: EnumMap<D, i32>) -> Self {
        Ratings {
            scale,
            values,
            answered: EnumMap::from_fn(|_| true),
        }
    }

    /// The raw value of one dimension (`None` for N/A), for the crate's scoring paths.
    #[inline]
    pub(crate) fn value(&self, dimension: D) -> Option<i32> {
        self.answered[dimension].then_some(self.values[dimension])
    }

    /// The normalised score of one dimension in the kernel's form (NaN for N/A).
    #[inline]
    pub(crate) fn raw_score(&self, dimension: D) -> crate::scoring::score::MaybeScore {
        match self.value(dimension) {
            Some(v) => {
                crate::scoring::score::MaybeScore::from_raw(self.scale.normalise_checked(v).get())
            }
            None => crate::scoring::score::MaybeScore::NONE,
        }
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
    /// [`Error::Mismatch`] when the array does not have one value per dimension;
    /// [`Error::InvalidWeight`] for a negative, NaN or infinite weight, naming its dimension;
    /// [`Error::AllWeightsZero`] when no weight is positive.
    ///
    /// ```
    /// use service_quality::Weights;
    /// use service_quality::proud::Principle;
    ///
    /// assert!(Weights::<Principle>::from_array([0.0, 0.0, 0.0, 0.0, 1.0]).is_ok());
    /// assert!(Weights::<Principle>::from_array([0.0; 5]).is_err());
    /// assert!(Weights::<Principle>::from_array([1.0; 6]).is_err());
    /// ```
    pub fn from_array<const N: usize>(values: [f64; N]) -> Result<Self> {
        let values = per_dimension::<D, _, N>(values)?;
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
        let values = collect_pairs("weight for", pairs)?;
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
    use crate::scoring::Scale;

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
            serialize_named(
                serializer,
                self.0.iter().map(|(d, r)| (d, r.map(|r| r.get()))),
            )
        }
    }

    impl<D: Dimension> Serialize for Ratings<D> {
        /// `{"scale": {"min": 1, "max": 5}, "ratings": {"respect": 4, "deliver": null, ...}}`,
        /// where `null` is N/A.
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
                ratings: NamedPairs<D, Option<i64>>,
            }
            let form = Form::<D>::deserialize(deserializer)?;
            Ratings::from_optional_pairs(form.scale, form.ratings.0).map_err(De::Error::custom)
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
    fn ratings_with_the_same_answers_are_equal_however_they_were_built() {
        use std::hash::{BuildHasher, RandomState};
        let direct = Ratings::<Principle>::from_options(
            Scale::ONE_TO_FIVE,
            [Some(4), Some(5), Some(3), Some(4), None],
        )
        .unwrap();
        // Rated first, then made N/A: the value left behind must not tell them apart.
        let edited = Ratings::<Principle>::from_array(Scale::ONE_TO_FIVE, [4, 5, 3, 4, 2])
            .unwrap()
            .with_not_applicable(Principle::Deliver);
        assert_eq!(direct, edited);
        let hasher = RandomState::new();
        assert_eq!(hasher.hash_one(direct), hasher.hash_one(edited));
        assert_eq!(direct.value(Principle::Deliver), None);
        assert_eq!(direct.answered(), 4);
        let rerated = edited.try_with(Principle::Deliver, 2).unwrap();
        assert_eq!(rerated.value(Principle::Deliver), Some(2));
        assert!(rerated.is_complete());
    }

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
                what: "rating for",
                key: "respect".to_owned()
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
        let r2 = r.try_with(Principle::Respect, 5).unwrap();
        for (p, rating) in r2.iter() {
            let expected = if p == Principle::Respect {
                Some(5)
            } else {
                r.get(p).map(|r| r.get())
            };
            assert_eq!(rating.map(|r| r.get()), expected);
        }
    }

    #[test]
    fn not_applicable_is_kept_apart_from_every_rating() {
        let r = Ratings::<Principle>::from_array(Scale::ONE_TO_FIVE, [1, 2, 3, 4, 5]).unwrap();
        let na = r.with_not_applicable(Principle::Ownership);
        assert_eq!(na.get(Principle::Ownership), None);
        assert_eq!(na.normalised(Principle::Ownership), None);
        assert_eq!((na.answered(), na.is_complete()), (4, false));
        assert_eq!((r.answered(), r.is_complete()), (5, true));
        assert_ne!(na, r);
        // Re-rating an N/A dimension answers it again.
        assert_eq!(na.try_with(Principle::Ownership, 3).unwrap(), r);
    }
}
