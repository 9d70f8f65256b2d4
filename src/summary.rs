//! Running summaries: counts and sums that merge, so results can be aggregated anywhere
//! (threads, processes, the map side of a map-reduce job) and combined.

use core::hash::Hash;
use std::collections::HashMap;

use enum_map::EnumMap;

use crate::{Band, Dimension, Error, Result, Score, Scorecard};

/// A value that absorbs another of its kind: the merge of the summaries of two disjoint sets is
/// the summary of their union.
///
/// Implemented by [`Summary`], [`breakdown::Aggregate`](crate::breakdown::Aggregate),
/// [`metrics::Nps`](crate::metrics::Nps), [`metrics::Ces`](crate::metrics::Ces) and
/// [`metrics::servqual::Servqual`](crate::metrics::servqual::Servqual).
/// ([`metrics::Csat`](crate::metrics::Csat) is not: two CSAT tallies on different scales cannot
/// merge, so its `merge` returns a `Result`.)
///
/// Counts saturate at `u64::MAX` rather than overflow (see [the design notes](crate::design)).
pub trait Merge {
    /// Adds everything in `other` to `self`.
    fn merge(&mut self, other: &Self);
}

/// Anything that carries a [`Scorecard`]: a scorecard itself, a PROUD verdict, a boss-versus-
/// leader report.
pub trait Scored<D: Dimension> {
    /// The scorecard.
    fn scorecard(&self) -> &Scorecard<D>;
}

impl<D: Dimension> Scored<D> for Scorecard<D> {
    fn scorecard(&self) -> &Scorecard<D> {
        self
    }
}

/// A running summary of many scorecards of one model: the count, the sum of each dimension's
/// score and of the overall score, the count per band and the gate failures. It keeps no
/// scorecards, so its size does not depend on how many went in.
///
/// Sums use Neumaier's compensated summation, so means stay accurate over millions of records
/// and do not depend, beyond the last bits, on the order records arrive in or how the work was
/// split before merging.
///
/// # Examples
///
/// ```
/// use service_quality::{Policy, Ratings, Scale, Summary};
/// use service_quality::leadership::Area;
///
/// let policy = Policy::<Area>::default();
/// let mut summary = Summary::new();
/// for r in [[5, 4, 3], [3, 3, 3], [4, 5, 2]] {
///     summary.add(&policy.score(&Ratings::from_array(Scale::ONE_TO_FIVE, r)?)?);
/// }
/// assert_eq!(summary.count(), 3);
/// assert_eq!(summary.mean(Area::Vision)?.get(), 75.0);
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Summary<D: Dimension> {
    count: u64,
    sums: EnumMap<D, f64>,
    compensations: EnumMap<D, f64>,
    overall: (f64, f64),
    bands: [u64; 4],
    gate_failures: u64,
}

/// Adds `x` to the compensated sum `(sum, compensation)` (Neumaier's variant of Kahan's
/// algorithm, which also handles a term larger than the running sum).
pub(crate) fn add_compensated(sum: &mut f64, compensation: &mut f64, x: f64) {
    let t = *sum + x;
    if sum.abs() >= x.abs() {
        *compensation += (*sum - t) + x;
    } else {
        *compensation += (x - t) + *sum;
    }
    *sum = t;
}

impl<D: Dimension> Summary<D> {
    /// An empty summary.
    pub fn new() -> Self {
        Summary {
            count: 0,
            sums: EnumMap::from_fn(|_| 0.0),
            compensations: EnumMap::from_fn(|_| 0.0),
            overall: (0.0, 0.0),
            bands: [0; 4],
            gate_failures: 0,
        }
    }

    /// Adds one scored result.
    pub fn add(&mut self, scored: &impl Scored<D>) {
        let card = scored.scorecard();
        self.count = self.count.saturating_add(1);
        for (d, score) in card.scores() {
            add_compensated(&mut self.sums[d], &mut self.compensations[d], score.get());
        }
        add_compensated(
            &mut self.overall.0,
            &mut self.overall.1,
            card.overall().get(),
        );
        if let Some(n) = self.bands.get_mut(band_index(card.band())) {
            *n = n.saturating_add(1);
        }
        if card.gate_failed() {
            self.gate_failures = self.gate_failures.saturating_add(1);
        }
    }

    /// How many results went in.
    pub const fn count(&self) -> u64 {
        self.count
    }

    /// The sum of one dimension's scores.
    pub fn sum(&self, dimension: D) -> f64 {
        self.sums[dimension] + self.compensations[dimension]
    }

    /// The sum of the overall scores.
    pub fn overall_sum(&self) -> f64 {
        self.overall.0 + self.overall.1
    }

    /// The mean score of one dimension.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] with no results.
    pub fn mean(&self, dimension: D) -> Result<Score> {
        self.mean_of(self.sum(dimension))
    }

    /// The mean overall score.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] with no results.
    pub fn mean_overall(&self) -> Result<Score> {
        self.mean_of(self.overall_sum())
    }

    /// How many results fell in `band`.
    pub fn band_count(&self, band: Band) -> u64 {
        self.bands.get(band_index(band)).copied().unwrap_or(0)
    }

    /// The count per band, from poor to excellent.
    pub const fn band_counts(&self) -> [u64; 4] {
        self.bands
    }

    /// How many results failed their policy's gate (for PROUD: the first hurdle).
    pub const fn gate_failures(&self) -> u64 {
        self.gate_failures
    }

    fn mean_of(&self, sum: f64) -> Result<Score> {
        if self.count == 0 {
            return Err(Error::Empty {
                what: "summary",
                item: "result",
            });
        }
        // Each summand is in 0..=100, so the mean is too; `within` absorbs rounding only.
        Ok(Score::within(
            sum / self.count as f64,
            Score::MIN,
            Score::MAX,
        ))
    }

    /// A summary from totals computed elsewhere in the crate (the batch path), trusted as is.
    pub(crate) fn from_parts(
        count: u64,
        sums: impl Fn(D) -> f64,
        overall: (f64, f64),
        bands: [u64; 4],
        gate_failures: u64,
    ) -> Self {
        Summary {
            count,
            sums: EnumMap::from_fn(sums),
            compensations: EnumMap::from_fn(|_| 0.0),
            overall,
            bands,
            gate_failures,
        }
    }

    /// Rebuilds a summary from stored totals (for a database that keeps them as columns),
    /// checking that results could have produced them: every sum finite and between 0 and
    /// 100 × count, band counts adding up to the count, and no more gate failures than results.
    ///
    /// # Errors
    ///
    /// [`Error::Inconsistent`] naming the first total that does not fit.
    ///
    /// ```
    /// use service_quality::proud::Summary;
    ///
    /// let s = Summary::from_totals(2, [125.0, 200.0, 150.0, 175.0, 125.0], 90.0, [1, 1, 0, 0], 1)?;
    /// assert_eq!(s.mean_overall()?.get(), 45.0);
    /// assert!(Summary::from_totals(2, [125.0; 5], 90.0, [1, 0, 0, 0], 1).is_err());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn from_totals(
        count: u64,
        sums: D::Array<f64>,
        overall_sum: f64,
        bands: [u64; 4],
        gate_failures: u64,
    ) -> Result<Self> {
        let sums = EnumMap::<D, f64>::from_array(sums);
        let limit = 100.0 * count as f64 * (1.0 + 1e-12);
        let check = |field: &'static str, sum: f64| {
            if sum.is_finite() && (0.0..=limit).contains(&sum) {
                Ok(())
            } else {
                Err(Error::Inconsistent {
                    field,
                    value: sum,
                    expected: format!(
                        "a sum between 0 and {} for {count} results",
                        100 * u128::from(count)
                    ),
                })
            }
        };
        for (d, &sum) in sums.iter() {
            check(d.key(), sum)?;
        }
        check("overall_sum", overall_sum)?;
        // In u128, so stored counts near u64::MAX cannot overflow the sum.
        let banded: u128 = bands.iter().map(|&n| u128::from(n)).sum();
        if banded != u128::from(count) {
            return Err(Error::Inconsistent {
                field: "band counts",
                value: banded as f64,
                expected: format!("the count, {count}"),
            });
        }
        if gate_failures > count {
            return Err(Error::Inconsistent {
                field: "gate_failures",
                value: gate_failures as f64,
                expected: format!("at most the count, {count}"),
            });
        }
        Ok(Summary {
            count,
            sums,
            compensations: EnumMap::from_fn(|_| 0.0),
            overall: (overall_sum, 0.0),
            bands,
            gate_failures,
        })
    }
}

impl<D: Dimension> Merge for Summary<D> {
    fn merge(&mut self, other: &Self) {
        self.count = self.count.saturating_add(other.count);
        for d in D::iter() {
            add_compensated(&mut self.sums[d], &mut self.compensations[d], other.sums[d]);
            self.compensations[d] += other.compensations[d];
        }
        add_compensated(&mut self.overall.0, &mut self.overall.1, other.overall.0);
        self.overall.1 += other.overall.1;
        for (mine, theirs) in self.bands.iter_mut().zip(other.bands) {
            *mine = mine.saturating_add(theirs);
        }
        self.gate_failures = self.gate_failures.saturating_add(other.gate_failures);
    }
}

impl<D: Dimension> Summary<D> {
    /// Adds everything in `other` (the same as [`Merge::merge`], callable without the trait).
    pub fn merge(&mut self, other: &Self) {
        Merge::merge(self, other);
    }
}

impl<D: Dimension> Default for Summary<D> {
    fn default() -> Self {
        Summary::new()
    }
}

impl<D: Dimension> PartialEq for Summary<D> {
    /// Summaries are equal when their counts and their compensated sums are.
    fn eq(&self, other: &Self) -> bool {
        self.count == other.count
            && self.bands == other.bands
            && self.gate_failures == other.gate_failures
            && self.overall_sum() == other.overall_sum()
            && D::iter().all(|d| self.sum(d) == other.sum(d))
    }
}

impl<'a, D: Dimension, S: Scored<D> + 'a> Extend<&'a S> for Summary<D> {
    fn extend<I: IntoIterator<Item = &'a S>>(&mut self, iter: I) {
        for s in iter {
            self.add(s);
        }
    }
}

/// A band's position from poor (0) to excellent (3).
pub(crate) fn band_index(band: Band) -> usize {
    match band {
        Band::Poor => 0,
        Band::NeedsImprovement => 1,
        Band::Good => 2,
        Band::Excellent => 3,
    }
}

/// Summaries keyed by any `Hash + Eq` key: a team, an agent, a month, or a tuple of them. Two
/// group-bys merge key by key.
///
/// # Examples
///
/// ```
/// use service_quality::GroupBy;
/// use service_quality::metrics::Nps;
///
/// let mut north: GroupBy<&str, Nps> = GroupBy::new();
/// north.entry("2026-10").add(9)?;
/// let mut south: GroupBy<&str, Nps> = GroupBy::new();
/// south.entry("2026-10").add(3)?;
/// south.entry("2026-11").add(10)?;
///
/// north.merge(&south);
/// assert_eq!(north.get(&"2026-10").map(Nps::count), Some(2));
/// assert_eq!(north.len(), 2);
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(transparent)
)]
pub struct GroupBy<K: Hash + Eq, S> {
    groups: HashMap<K, S>,
}

impl<K: Hash + Eq, S: Merge + Default> GroupBy<K, S> {
    /// No groups yet.
    pub fn new() -> Self {
        GroupBy {
            groups: HashMap::new(),
        }
    }

    /// The summary for `key`, created empty on first use.
    pub fn entry(&mut self, key: K) -> &mut S {
        self.groups.entry(key).or_default()
    }

    /// The summary for `key`, if any.
    pub fn get(&self, key: &K) -> Option<&S> {
        self.groups.get(key)
    }

    /// How many groups there are.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// Whether there are no groups.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Every group, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &S)> {
        self.groups.iter()
    }

    /// The groups as a map.
    pub fn into_map(self) -> HashMap<K, S> {
        self.groups
    }
}

impl<K: Hash + Eq + Clone, S: Merge + Default> Merge for GroupBy<K, S> {
    fn merge(&mut self, other: &Self) {
        for (key, summary) in &other.groups {
            self.entry(key.clone()).merge(summary);
        }
    }
}

impl<K: Hash + Eq + Clone, S: Merge + Default> GroupBy<K, S> {
    /// Merges `other` key by key (the same as [`Merge::merge`]).
    pub fn merge(&mut self, other: &Self) {
        Merge::merge(self, other);
    }
}

impl<K: Hash + Eq, S: Merge + Default> Default for GroupBy<K, S> {
    fn default() -> Self {
        GroupBy::new()
    }
}

#[cfg(feature = "serde")]
mod serde_impls {
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::Summary;
    use crate::Dimension;
    use crate::dimension::{NamedPairs, collect_pairs, serialize_named};

    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Bands {
        poor: u64,
        needs_improvement: u64,
        good: u64,
        excellent: u64,
    }

    /// `{"count": 2, "sums": {"respect": 175.0, ...}, "overall_sum": 90.0,
    /// "bands": {"poor": 1, ...}, "gate_failures": 1}`
    impl<D: Dimension> Serialize for Summary<D> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            struct Sums<'a, D: Dimension>(&'a Summary<D>);
            impl<D: Dimension> Serialize for Sums<'_, D> {
                fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    serialize_named(s, D::iter().map(|d| (d, self.0.sum(d))))
                }
            }
            #[derive(Serialize)]
            #[serde(bound = "D: Dimension")]
            struct Form<'a, D: Dimension> {
                count: u64,
                sums: Sums<'a, D>,
                overall_sum: f64,
                bands: Bands,
                gate_failures: u64,
            }
            let [poor, needs_improvement, good, excellent] = self.bands;
            Form {
                count: self.count,
                sums: Sums(self),
                overall_sum: self.overall_sum(),
                bands: Bands {
                    poor,
                    needs_improvement,
                    good,
                    excellent,
                },
                gate_failures: self.gate_failures,
            }
            .serialize(serializer)
        }
    }

    impl<'de, D: Dimension> Deserialize<'de> for Summary<D> {
        fn deserialize<De: Deserializer<'de>>(deserializer: De) -> Result<Self, De::Error> {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields, bound = "D: Dimension")]
            struct Form<D: Dimension> {
                count: u64,
                sums: NamedPairs<D, f64>,
                overall_sum: f64,
                bands: Bands,
                gate_failures: u64,
            }
            let f = Form::<D>::deserialize(deserializer)?;
            let build = || {
                let sums = collect_pairs("sum", f.sums.0)?;
                let b = f.bands;
                Summary::from_totals(
                    f.count,
                    sums.into_array(),
                    f.overall_sum,
                    [b.poor, b.needs_improvement, b.good, b.excellent],
                    f.gate_failures,
                )
            };
            build().map_err(De::Error::custom)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(
        clippy::float_cmp,
        reason = "the point is that the compensated sum is exact"
    )]
    fn compensation_keeps_small_terms_that_plain_addition_loses() {
        let (mut sum, mut c) = (0.0, 0.0);
        let mut plain = 0.0;
        for x in [1e16, 1.0, -1e16, 1.0] {
            add_compensated(&mut sum, &mut c, x);
            plain += x;
        }
        assert_eq!(sum + c, 2.0);
        assert_ne!(plain, 2.0);
    }

    #[test]
    #[allow(
        clippy::float_cmp,
        reason = "compensation terms here are small exact integers"
    )]
    fn a_term_larger_than_the_sum_keeps_the_sums_low_bits() {
        // 1 + 1e16 rounds to 1e16 (the spacing there is 2); the lost 1 goes to the compensation.
        let (mut sum, mut c) = (1.0, 0.0);
        add_compensated(&mut sum, &mut c, 1e16);
        assert_eq!((sum, c), (1e16, 1.0));
    }

    #[test]
    #[allow(
        clippy::float_cmp,
        reason = "compensation terms here are small exact integers"
    )]
    fn merging_adds_both_compensations() {
        use crate::proud::Principle;
        use strum::IntoEnumIterator;
        let mut a = Summary::<Principle>::new();
        a.count = 1;
        a.sums = EnumMap::from_fn(|_| 1e16);
        a.compensations = EnumMap::from_fn(|_| 1.0);
        a.overall = (1e16, 1.0);
        let mut b = a;
        b.compensations = EnumMap::from_fn(|_| 3.0);
        b.overall = (1e16, 3.0);
        a.merge(&b);
        // 1e16 + 1e16 is exact, so only the stored compensations remain: 1 + 3.
        for p in Principle::iter() {
            assert_eq!((a.sums[p], a.compensations[p]), (2e16, 4.0));
        }
        assert_eq!(a.overall, (2e16, 4.0));
    }

    #[test]
    fn sums_include_their_compensation() {
        use crate::proud::Principle;
        use crate::testing::assert_close;
        let mut s = Summary::<Principle>::new();
        s.count = 1;
        s.sums = EnumMap::from_fn(|_| 10.0);
        s.compensations = EnumMap::from_fn(|_| 0.5);
        s.overall = (20.0, 0.25);
        assert_close(s.sum(Principle::Respect), 10.5);
        assert_close(s.overall_sum(), 20.25);
    }

    #[test]
    fn summaries_differing_in_any_total_are_unequal() {
        use crate::proud::Principle;
        let base = Summary::<Principle>::from_totals(2, [100.0; 5], 100.0, [1, 1, 0, 0], 1);
        let Ok(base) = base else {
            unreachable!("valid totals")
        };
        let variants = [
            Summary::from_totals(3, [100.0; 5], 100.0, [1, 1, 1, 0], 1),
            Summary::from_totals(2, [100.0; 5], 100.0, [2, 0, 0, 0], 1),
            Summary::from_totals(2, [100.0; 5], 100.0, [1, 1, 0, 0], 0),
            Summary::from_totals(2, [100.0; 5], 90.0, [1, 1, 0, 0], 1),
            Summary::from_totals(
                2,
                [100.0, 100.0, 100.0, 100.0, 90.0],
                100.0,
                [1, 1, 0, 0],
                1,
            ),
        ];
        for variant in variants {
            assert_ne!(variant.ok().as_ref(), Some(&base));
        }
        let same = Summary::from_totals(2, [100.0; 5], 100.0, [1, 1, 0, 0], 1);
        assert_eq!(same.ok(), Some(base));
    }

    #[test]
    fn gate_failures_may_equal_the_count_but_not_exceed_it() {
        use crate::proud::Principle;
        let totals =
            |failures| Summary::<Principle>::from_totals(2, [0.0; 5], 0.0, [2, 0, 0, 0], failures);
        assert!(totals(2).is_ok());
        assert!(totals(1).is_ok());
        assert!(matches!(
            totals(3),
            Err(Error::Inconsistent {
                field: "gate_failures",
                ..
            })
        ));
    }
}
