//! The lists of causes a breakdown can be attributed over: the five built-in causes, or a list
//! a team defines at run time.
//!
//! Every type of the breakdown model ([`Breakdown`], [`Aggregate`](super::Aggregate),
//! [`Attribution`](super::Attribution), [`Ranking`](super::Ranking), [`Triage`](super::Triage),
//! [`Comparison`](super::Comparison)) is generic over a [`CauseList`]. The arithmetic is written
//! once, over the positions of the causes in their list; the list only says how a cause is named
//! and how the per-cause values are stored: in a fixed array for [`FiveCauses`] (so the
//! built-in model allocates nothing and its results are `Copy`), in a boxed slice for a
//! [`CauseSet`].

use core::fmt::{self, Debug, Display};
use std::collections::HashSet;
use std::sync::Arc;

use enum_map::{Enum, EnumMap};

use super::{Breakdown, Cause};
use crate::scoring::{Error, Result, Scale};

pub(crate) mod sealed {
    use core::fmt::Debug;

    use super::super::Cause;
    use crate::scoring::Result;

    /// A value kept once per cause: a share, a position, a rating.
    pub trait Slot: Copy + PartialEq + Debug + Send + Sync + 'static {}
    impl Slot for f64 {}
    impl Slot for usize {}
    impl Slot for u128 {}
    impl<const BITS: u32> Slot for crate::scoring::numeric::FixedSum<BITS> {}

    /// What a cause list does for the breakdown module and for no one else.
    pub trait Internals {
        /// One value per cause, in list order.
        type Slots<T: Slot>: AsRef<[T]>
            + AsMut<[T]>
            + IntoIterator<Item = T>
            + Clone
            + PartialEq
            + Debug
            + Send
            + Sync;

        /// A breakdown's ratings.
        type Ratings: Clone + PartialEq + Debug + Send + Sync;

        /// `fill` once per cause.
        fn slots<T: Slot>(&self, fill: T) -> Self::Slots<T>;

        /// The ratings in list order.
        fn values(ratings: &Self::Ratings) -> impl Iterator<Item = i32> + Clone + '_;

        /// The built-in cause at `index`, for lists that are the built-in causes.
        fn builtin(&self, index: usize) -> Option<Cause>;

        /// Whether `other` is the same list, or the error that says how it differs.
        fn same_as(&self, other: &Self) -> Result<()>;

        /// The cause at `index`. Every index the breakdown module passes comes from `0..len()`,
        /// or from a lookup in the same list, so it is in range.
        fn key_at(&self, index: usize) -> <Self as super::CauseList>::Key<'_>
        where
            Self: super::CauseList;
    }
}

use sealed::{Internals, Slot};

/// A list of causes breakdowns are attributed over: [`FiveCauses`] (process, rules,
/// presentation, product, people) or a [`CauseSet`] defined at run time.
///
/// The trait is sealed: the breakdown model is written once against it, and these two are its
/// front ends.
pub trait CauseList: Internals + Clone + PartialEq + Debug + Send + Sync + 'static {
    /// How a cause is named to callers: a [`Cause`] for the built-in list, the label (`&str`)
    /// for a [`CauseSet`].
    type Key<'a>: Copy + PartialEq + Debug + Display
    where
        Self: 'a;

    /// How many causes the list has (at least one).
    fn len(&self) -> usize;

    /// Always `false`: a cause list has at least one cause.
    fn is_empty(&self) -> bool {
        false
    }

    /// The causes in list order, which is also the order ties are broken in.
    fn causes(&self) -> impl Iterator<Item = Self::Key<'_>> + '_;

    /// The name to show people: [`Dimension::name`](crate::Dimension::name) for a built-in
    /// cause ("Process"), the label itself for a cause set.
    fn name<'a>(&'a self, cause: Self::Key<'a>) -> &'a str;

    /// The built-in cause this is, if any (always for [`FiveCauses`], never for a
    /// [`CauseSet`]): what the cause questions, fixes and warnings are written for.
    fn as_builtin(cause: Self::Key<'_>) -> Option<Cause>;
}

/// The element at `index` of a per-cause slice. The breakdown module only passes indices below
/// its list's length (see [`Internals::key_at`]), which every slice of that list has.
#[allow(
    clippy::indexing_slicing,
    reason = "indices come from 0..len of the same cause list; see the doc comment"
)]
pub(crate) fn at<T: Copy>(slots: &[T], index: usize) -> T {
    slots[index]
}

/// The five built-in causes, [`Cause::Process`] to [`Cause::People`], as a [`CauseList`].
///
/// `Breakdown`, `Aggregate` and the other breakdown types use this list when no other is named,
/// so `Aggregate` is `Aggregate<FiveCauses>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct FiveCauses;

impl Internals for FiveCauses {
    type Slots<T: Slot> = [T; 5];
    type Ratings = EnumMap<Cause, i32>;

    fn slots<T: Slot>(&self, fill: T) -> [T; 5] {
        [fill; 5]
    }

    fn values(ratings: &EnumMap<Cause, i32>) -> impl Iterator<Item = i32> + Clone + '_ {
        ratings.values().copied()
    }

    fn builtin(&self, index: usize) -> Option<Cause> {
        Cause::iter().nth(index)
    }

    fn same_as(&self, _: &Self) -> Result<()> {
        Ok(())
    }

    fn key_at(&self, index: usize) -> Cause {
        Cause::from_usize(index)
    }
}

impl CauseList for FiveCauses {
    type Key<'a> = Cause;

    fn len(&self) -> usize {
        Cause::ALL.len()
    }

    fn causes(&self) -> impl Iterator<Item = Cause> + '_ {
        Cause::iter()
    }

    fn name(&self, cause: Cause) -> &str {
        crate::scoring::Dimension::name(cause)
    }

    fn as_builtin(cause: Cause) -> Option<Cause> {
        Some(cause)
    }
}

/// A list of causes defined at run time: the tags a team tracks (billing, a bug, a courier), or
/// the categories of a complaints log.
///
/// Labels are kept exactly as given, must not be empty or only white space, and must differ
/// from each other. Their order is the order ties are broken in, so list the causes you would
/// look at first first (and, as with the built-in causes, the people involved last). Cloning
/// is cheap: the labels are shared.
///
/// # Examples
///
/// ```
/// use service_quality::breakdown::{Aggregate, CauseSet, TriagePolicy};
///
/// let causes = CauseSet::new(["billing", "bug", "courier"])?;
/// let mut month = Aggregate::with_causes(&causes);
/// month.add(&causes.breakdown([("billing", 7), ("bug", 3)])?)?; // courier: 1, did not contribute
/// month.add(&causes.breakdown([("courier", 9)])?)?;
/// let triage = month.evaluate(&TriagePolicy::default())?;
/// assert_eq!(triage.where_to_start(), "courier");
///
/// assert_eq!(
///     causes.breakdown([("couriers", 9)]).unwrap_err().to_string(),
///     "unknown cause 'couriers', expected one of: billing, bug, courier"
/// );
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct CauseSet {
    labels: Arc<[Box<str>]>,
}

impl CauseSet {
    /// A cause list from its labels, in the order ties are broken in.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] with no labels, [`Error::EmptyText`] for an empty label and
    /// [`Error::Duplicate`] for a label given twice.
    ///
    /// ```
    /// use service_quality::breakdown::CauseSet;
    ///
    /// assert_eq!(CauseSet::new(["billing", "bug"])?.len(), 2);
    /// assert_eq!(
    ///     CauseSet::new(["billing", "bug", "billing"]).unwrap_err().to_string(),
    ///     "duplicate cause 'billing'"
    /// );
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn new(labels: impl IntoIterator<Item = impl Into<String>>) -> Result<Self> {
        let mut seen = HashSet::new();
        let mut list = Vec::new();
        for label in labels {
            let label: String = label.into();
            if label.trim().is_empty() {
                return Err(Error::EmptyText {
                    field: "cause label",
                });
            }
            if !seen.insert(label.clone()) {
                return Err(Error::Duplicate {
                    what: "cause",
                    key: label,
                });
            }
            list.push(label.into_boxed_str());
        }
        if list.is_empty() {
            return Err(Error::Empty {
                what: "cause set",
                item: "cause",
            });
        }
        Ok(CauseSet {
            labels: list.into(),
        })
    }

    /// How many causes the set has (at least one).
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Always `false`: a cause set has at least one cause.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The labels, in order.
    pub fn labels(&self) -> impl Iterator<Item = &str> + '_ {
        self.labels.iter().map(|l| &**l)
    }

    /// The position of `label` in the set.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownName`] when the set has no such label.
    pub(crate) fn position(&self, label: &str) -> Result<usize> {
        self.labels
            .iter()
            .position(|l| &**l == label)
            .ok_or_else(|| Error::UnknownName {
                kind: "cause",
                value: label.to_owned(),
                expected: format!("one of: {}", self.listed()),
                closest: None,
            })
    }

    /// The labels as one comma-separated string, for messages.
    fn listed(&self) -> String {
        self.labels().collect::<Vec<_>>().join(", ")
    }

    /// A breakdown rated 1 to 10 on the causes named; a cause left out did not contribute and
    /// is rated 1, the floor.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownName`] for a label not in the set, [`Error::Duplicate`] for a
    /// cause named twice and [`Error::RatingOutOfRange`] for a rating outside 1..=10.
    ///
    /// ```
    /// use service_quality::breakdown::CauseSet;
    ///
    /// let causes = CauseSet::new(["billing", "bug", "courier"])?;
    /// let b = causes.breakdown([("bug", 8)])?;
    /// assert_eq!(b.rating("bug")?, 8);
    /// assert_eq!(b.rating("billing")?, 1);
    /// assert_eq!(
    ///     causes.breakdown([("bug", 11)]).unwrap_err().to_string(),
    ///     "rating for 'bug' is 11, expected a value in 1..=10"
    /// );
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn breakdown<'a>(
        &self,
        ratings: impl IntoIterator<Item = (&'a str, i64)>,
    ) -> Result<Breakdown<CauseSet>> {
        let scale = Scale::ONE_TO_TEN;
        let floor = scale.min();
        let mut values: Box<[i32]> = vec![floor; self.len()].into_boxed_slice();
        let mut named = vec![false; self.len()];
        for (label, value) in ratings {
            let index = self.position(label)?;
            let duplicate = Error::Duplicate {
                what: "cause",
                key: label.to_owned(),
            };
            match named.get_mut(index) {
                Some(seen) if !*seen => *seen = true,
                _ => return Err(duplicate),
            }
            let rating = i32::try_from(value)
                .ok()
                .filter(|&v| scale.contains(i64::from(v)))
                .ok_or_else(|| Error::RatingOutOfRange {
                    field: Some(label.to_owned()),
                    value,
                    scale,
                })?;
            if let Some(slot) = values.get_mut(index) {
                *slot = rating;
            }
        }
        Ok(Breakdown::from_parts(self.clone(), values))
    }
}

impl Debug for CauseSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.labels()).finish()
    }
}

impl Internals for CauseSet {
    type Slots<T: Slot> = Box<[T]>;
    type Ratings = Box<[i32]>;

    fn slots<T: Slot>(&self, fill: T) -> Box<[T]> {
        vec![fill; self.len()].into_boxed_slice()
    }

    fn values(ratings: &Box<[i32]>) -> impl Iterator<Item = i32> + Clone + '_ {
        ratings.iter().copied()
    }

    fn builtin(&self, _: usize) -> Option<Cause> {
        None
    }

    fn same_as(&self, other: &Self) -> Result<()> {
        if self == other {
            Ok(())
        } else {
            Err(Error::Mismatch {
                field: "cause set",
                found: other.listed(),
                expected: self.listed(),
            })
        }
    }

    #[allow(
        clippy::indexing_slicing,
        reason = "indices come from 0..len of this set; see Internals::key_at"
    )]
    fn key_at(&self, index: usize) -> &str {
        &self.labels[index]
    }
}

impl CauseList for CauseSet {
    type Key<'a> = &'a str;

    fn len(&self) -> usize {
        self.labels.len()
    }

    fn causes(&self) -> impl Iterator<Item = &str> + '_ {
        self.labels()
    }

    fn name<'a>(&'a self, cause: &'a str) -> &'a str {
        cause
    }

    fn as_builtin(_: &str) -> Option<Cause> {
        None
    }
}

#[cfg(feature = "serde")]
mod serde_impls {
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::CauseSet;

    /// A cause set serialises as its list of labels: `["billing", "bug", "courier"]`.
    impl Serialize for CauseSet {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_seq(self.labels())
        }
    }

    impl<'de> Deserialize<'de> for CauseSet {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let labels = Vec::<String>::deserialize(deserializer)?;
            CauseSet::new(labels).map_err(D::Error::custom)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_checked() {
        assert!(matches!(
            CauseSet::new(Vec::<String>::new()),
            Err(Error::Empty { .. })
        ));
        assert_eq!(
            CauseSet::new(["billing", "  "]).unwrap_err().to_string(),
            "cause label is empty, expected some text"
        );
        let set = CauseSet::new(["billing", "Billing"]).unwrap();
        assert_eq!(set.labels().collect::<Vec<_>>(), ["billing", "Billing"]);
        assert_eq!(format!("{set:?}"), r#"["billing", "Billing"]"#);
    }

    #[test]
    fn the_five_causes_are_a_list_in_declaration_order() {
        let keys: Vec<Cause> = FiveCauses.causes().collect();
        assert_eq!(keys, Cause::iter().collect::<Vec<_>>());
        assert_eq!(FiveCauses.len(), 5);
        assert!(!FiveCauses.is_empty());
        for (i, c) in Cause::iter().enumerate() {
            assert_eq!(FiveCauses.key_at(i), c);
            assert_eq!(FiveCauses.builtin(i), Some(c));
        }
    }

    #[test]
    fn different_sets_do_not_mix() {
        let a = CauseSet::new(["billing", "bug"]).unwrap();
        let b = CauseSet::new(["bug", "billing"]).unwrap();
        assert!(a.same_as(&a.clone()).is_ok());
        assert_eq!(
            a.same_as(&b).unwrap_err().to_string(),
            "cause set differs: bug, billing here, billing, bug expected"
        );
    }

    #[test]
    fn a_breakdown_names_each_cause_once() {
        let set = CauseSet::new(["billing", "bug"]).unwrap();
        assert_eq!(
            set.breakdown([("bug", 2), ("bug", 3)])
                .unwrap_err()
                .to_string(),
            "duplicate cause 'bug'"
        );
        assert_eq!(
            set.breakdown([("bug", i64::MAX)]).unwrap_err().to_string(),
            format!(
                "rating for 'bug' is {}, expected a value in 1..=10",
                i64::MAX
            )
        );
    }
}
