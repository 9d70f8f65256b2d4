//! The running, mergeable summary of many breakdowns, written once over any [`CauseList`].

use super::attribution::{Attribution, AttributionMethod, Ranking, Triage, TriagePolicy};
use super::causes::{CauseList, CauseSet, FiveCauses};
use super::{Breakdown, Cause};
use crate::scoring::numeric;
use crate::scoring::{Error, Result};

/// An exact sum of weights or weighted shares, in units of 2^-64: the shares are mostly below 1,
/// where the scores' 2^-52 grid would keep fewer bits than an `f64` (one breakdown's share of
/// 0.2 would read back as 0.19999999999999996), and 2^64 (1.8e19) of weight still fits.
pub(super) type WeightSum = numeric::FixedSum<WEIGHT_BITS>;

/// The fraction bits of a [`WeightSum`].
pub(super) const WEIGHT_BITS: u32 = 64;

/// A running, mergeable summary of many breakdowns.
///
/// It holds the number of breakdowns, how many of them were rated 1 on every cause
/// (*unattributed*), the total severity weight, the weight of the attributed ones, and per
/// cause the sums of weight × share under both [attribution methods](AttributionMethod). Its
/// size does not depend on how many breakdowns went in, and the method is chosen when it is
/// read, not when it is filled.
///
/// The sums are exact: for each breakdown the weight per rating point (per point above the
/// floor, for that method) is computed once in `f64` and truncated to a whole number of 2^-64
/// units, each cause's weighted share is that number times the cause's points, and the sums are
/// integers, so adding the same breakdowns in any order, or merging partial aggregates in any
/// grouping (threads, partitions, executors), gives the same bits. A weighted share loses less
/// than one unit per point to the truncation (under 10 × 2^-64, about 5e-19), which the
/// [`Severity`](super::Severity) bounds keep below a relative 10^-12 of the smallest weight.
///
/// Over the built-in causes it is built with [`Aggregate::new`] (or collected from
/// breakdowns) and implements [`Merge`](crate::Merge), so [`GroupBy`](crate::GroupBy) can keep
/// one per team or month. Over a [`CauseSet`] it is built with [`Aggregate::with_causes`], and
/// adding and merging check that the cause sets match ([`Aggregate::try_merge`]), so it does
/// not implement the infallible `Merge`.
///
/// # Examples
///
/// ```
/// use service_quality::breakdown::{Aggregate, Breakdown, Cause, TriagePolicy};
///
/// let mut north = Aggregate::new();
/// north.add(&Breakdown::new([8, 6, 2, 3, 1])?);
/// let mut south = Aggregate::new();
/// south.add(&Breakdown::new([2, 2, 2, 9, 5])?);
/// south.add(&Breakdown::new([1, 1, 1, 1, 1])?); // nothing above the floor: counted apart
///
/// let mut both = north.clone();
/// both.merge(&south);
/// assert_eq!((both.count(), both.attributed(), both.unattributed()), (3, 2, 1));
/// assert_eq!(both.evaluate(&TriagePolicy::default())?.where_to_start(), Cause::Product);
///
/// assert_eq!(
///     Aggregate::new().evaluate(&TriagePolicy::default()).unwrap_err().to_string(),
///     "breakdown aggregate is empty, expected at least one breakdown"
/// );
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Aggregate<L: CauseList = FiveCauses> {
    causes: L,
    count: u64,
    unattributed: u64,
    total_weight: WeightSum,
    attributed_weight: WeightSum,
    above_floor: L::Slots<WeightSum>,
    plain: L::Slots<WeightSum>,
}

/// An aggregate's stored totals, as [`Aggregate::totals`] gives them and
/// [`Aggregate::from_totals`] checks them; `S` holds one sum per cause, in list order.
///
/// Every sum is the exact whole number of 2^-64 units the aggregate keeps (see
/// [`Aggregate`]), so totals written to a database or sent between machines and read back merge
/// to the same bits as an aggregate that never left memory. [`Totals::value`] turns a sum into
/// its `f64`.
///
/// ```
/// use service_quality::breakdown::{Aggregate, Breakdown, Totals};
///
/// let a: Aggregate = [Breakdown::new([7, 3, 1, 1, 1])?.try_with_severity(2.0)?].iter().collect();
/// let totals = a.totals();
/// assert_eq!(totals.total_weight_units, 2 << 64);
/// assert_eq!(Totals::<()>::value(totals.above_floor[0]), 1.5); // 2 × 6/8
/// assert_eq!(Aggregate::from_totals(totals)?, a);
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Totals<S> {
    /// How many breakdowns went in.
    pub count: u64,
    /// How many of them were rated 1 on every cause.
    pub unattributed: u64,
    /// The sum of all their weights, in units of 2^-64.
    pub total_weight_units: u128,
    /// The sum of the weights of the attributed ones, in units of 2^-64.
    pub attributed_weight_units: u128,
    /// Per cause, the sum of weight × share above the floor over the attributed breakdowns, in
    /// units of 2^-64.
    pub above_floor: S,
    /// Per cause, the sum of weight × plain share over all breakdowns, in units of 2^-64.
    pub plain: S,
}

impl<S> Totals<S> {
    /// The same totals with each list of per-cause sums converted (to a `Vec`, say).
    pub fn map<T>(self, mut convert: impl FnMut(S) -> T) -> Totals<T> {
        Totals {
            count: self.count,
            unattributed: self.unattributed,
            total_weight_units: self.total_weight_units,
            attributed_weight_units: self.attributed_weight_units,
            above_floor: convert(self.above_floor),
            plain: convert(self.plain),
        }
    }

    /// A sum of 2^-64 units as the nearest `f64`.
    pub fn value(units: u128) -> f64 {
        WeightSum::from_units(units).value()
    }
}

impl<L: CauseList> Aggregate<L> {
    /// The stored totals, with the per-cause sums as this list keeps them.
    fn stored(&self) -> Totals<L::Slots<u128>> {
        let units = |sums: &L::Slots<WeightSum>| {
            let mut out = self.causes.slots(0_u128);
            for (o, s) in out.as_mut().iter_mut().zip(sums.as_ref()) {
                *o = s.units();
            }
            out
        };
        Totals {
            count: self.count,
            unattributed: self.unattributed,
            total_weight_units: self.total_weight.units(),
            attributed_weight_units: self.attributed_weight.units(),
            above_floor: units(&self.above_floor),
            plain: units(&self.plain),
        }
    }

    /// An aggregate of no breakdowns over `causes`.
    fn empty(causes: L) -> Self {
        Aggregate {
            count: 0,
            unattributed: 0,
            total_weight: WeightSum::default(),
            attributed_weight: WeightSum::default(),
            above_floor: causes.slots(WeightSum::default()),
            plain: causes.slots(WeightSum::default()),
            causes,
        }
    }

    /// Adds a breakdown known to be over this aggregate's causes.
    fn add_unchecked(&mut self, breakdown: &Breakdown<L>) {
        let weight = breakdown.weight();
        // The default severity's units are a constant; most breakdowns carry it.
        let weight_units = match breakdown.severity() {
            None => WeightSum::ONE,
            Some(_) => WeightSum::units_in(weight),
        };
        let roomy = self.total_weight.units() < ROOM_TO_ADD;
        self.count = self.count.saturating_add(1);
        self.total_weight.add_units(weight_units);
        let ratings = || L::values(breakdown.ratings_in_order());
        let (sum, n) = ratings().fold((0, 0), |(s, n), r| (s + i64::from(r), n + 1));
        // Every rating is at least 1, so `sum` is at least `n`, and above `n` exactly when some
        // cause is rated above the floor. A cause's share is its points times the breakdown's
        // weight per point, and the weight per point is truncated to the grid once: one float
        // conversion per method instead of one per cause, and whole multiples after that.
        let per_point = weight_per_point(breakdown.severity().is_none(), weight, sum);
        // Ratings are at least 1 (the scale's floor), so neither cast wraps.
        add_shares(
            self.plain.as_mut(),
            per_point,
            ratings().map(|r| r as u64),
            roomy,
        );
        let excess = sum - n;
        if excess > 0 {
            self.attributed_weight.add_units(weight_units);
            let per_point = weight_per_point(breakdown.severity().is_none(), weight, excess);
            add_shares(
                self.above_floor.as_mut(),
                per_point,
                ratings().map(|r| (r - 1) as u64),
                roomy,
            );
        } else {
            self.unattributed = self.unattributed.saturating_add(1);
        }
    }

    /// Adds the totals of an aggregate known to be over the same causes.
    fn merge_unchecked(&mut self, other: &Self) {
        self.count = self.count.saturating_add(other.count);
        self.unattributed = self.unattributed.saturating_add(other.unattributed);
        self.total_weight.merge(&other.total_weight);
        self.attributed_weight.merge(&other.attributed_weight);
        for (mine, theirs) in [
            (self.above_floor.as_mut(), other.above_floor.as_ref()),
            (self.plain.as_mut(), other.plain.as_ref()),
        ] {
            for (m, t) in mine.iter_mut().zip(theirs) {
                m.merge(t);
            }
        }
    }

    /// The cause list.
    pub fn causes(&self) -> &L {
        &self.causes
    }

    /// How many breakdowns went in.
    pub const fn count(&self) -> u64 {
        self.count
    }

    /// How many of them had something above the floor (a rating above 1 on some cause).
    pub const fn attributed(&self) -> u64 {
        // Never negative: `add`, `merge` and `from_totals` keep `unattributed <= count`.
        self.count - self.unattributed
    }

    /// How many were rated 1 on every cause: counted, but left out of the shares above the
    /// floor.
    pub const fn unattributed(&self) -> u64 {
        self.unattributed
    }

    /// The sum of all their weights (the count, when no severities were given).
    pub const fn total_weight(&self) -> f64 {
        self.total_weight.value()
    }

    /// The sum of the weights of the attributed breakdowns.
    pub const fn attributed_weight(&self) -> f64 {
        self.attributed_weight.value()
    }

    /// Whether no breakdown went in.
    pub const fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Each cause's aggregated share above the floor: the severity-weighted mean of its shares
    /// over the attributed breakdowns.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] when no breakdown went in, [`Error::Degenerate`] when every breakdown
    /// was rated 1 on every cause.
    ///
    /// ```
    /// use service_quality::breakdown::{Aggregate, Breakdown, Cause};
    ///
    /// let a: Aggregate = [Breakdown::new([7, 3, 1, 1, 1])?, Breakdown::new([1; 5])?]
    ///     .iter()
    ///     .collect();
    /// assert_eq!(a.attribution()?.share(Cause::Process), 0.75);
    /// assert_eq!(a.attribution()?.unattributed(), 1);
    ///
    /// let nothing: Aggregate = [Breakdown::new([1; 5])?].iter().collect();
    /// assert_eq!(
    ///     nothing.attribution().unwrap_err().to_string(),
    ///     "attribution above the floor is undefined: every breakdown is rated 1 on every cause"
    /// );
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn attribution(&self) -> Result<Attribution<L>> {
        self.attribution_by(AttributionMethod::default())
    }

    /// Each cause's aggregated share under `method`.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] when no breakdown went in; [`Error::Degenerate`] when the method is
    /// [`AttributionMethod::AboveFloor`] and every breakdown was rated 1 on every cause.
    pub fn attribution_by(&self, method: AttributionMethod) -> Result<Attribution<L>> {
        if self.is_empty() {
            return Err(Error::Empty {
                what: "breakdown aggregate",
                item: "breakdown",
            });
        }
        let (sums, total, attributed, unattributed) = match method {
            AttributionMethod::AboveFloor => {
                if self.attributed() == 0 {
                    return Err(Error::Degenerate {
                        part: None,
                        what: "attribution above the floor",
                        reason: "every breakdown is rated 1 on every cause",
                    });
                }
                (
                    &self.above_floor,
                    self.attributed_weight,
                    self.attributed(),
                    self.unattributed,
                )
            }
            AttributionMethod::PlainShare => (&self.plain, self.total_weight, self.count, 0),
        };
        let mut shares = self.causes.slots(0.0);
        let total = total.value();
        // Each sum is at most its total weight on paper, so each share is in 0..=1; the clamp
        // only absorbs the rounding of a weighted share that is the whole weight (one cause
        // above the floor), which may land a unit above it.
        for (share, sum) in shares.as_mut().iter_mut().zip(sums.as_ref()) {
            *share = (sum.value() / total).clamp(0.0, 1.0);
        }
        Ok(Attribution::from_parts(
            self.causes.clone(),
            shares,
            attributed,
            unattributed,
        ))
    }

    /// The causes ordered by aggregated share above the floor, largest first, ties in list
    /// order.
    ///
    /// # Errors
    ///
    /// As for [`attribution`](Self::attribution).
    ///
    /// ```
    /// use service_quality::breakdown::{Aggregate, Breakdown, Cause};
    ///
    /// let a: Aggregate = [Breakdown::new([2, 2, 2, 9, 5])?].iter().collect();
    /// assert_eq!(a.ranking()?.top(), Cause::Product);
    /// assert!(Aggregate::new().ranking().is_err());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn ranking(&self) -> Result<Ranking<L>> {
        self.attribution().map(|a| a.ranking())
    }

    /// Triages the aggregate under `policy`: attributes it with the policy's method, ranks the
    /// causes, picks the vital few at the policy's threshold and raises any warnings. The
    /// default policy attributes shares above the floor and takes the vital few at 80%.
    ///
    /// # Errors
    ///
    /// As for [`attribution_by`](Self::attribution_by) with the policy's method.
    ///
    /// ```
    /// use service_quality::breakdown::{Aggregate, Breakdown, Cause, TriagePolicy, Warning};
    ///
    /// let a: Aggregate = [Breakdown::new([1, 1, 1, 2, 9])?].iter().collect();
    /// let t = a.evaluate(&TriagePolicy::default())?;
    /// assert_eq!(t.where_to_start(), Cause::People);
    /// assert_eq!(t.warnings().collect::<Vec<_>>(), [Warning::PeopleOnTop]);
    /// assert!(Aggregate::new().evaluate(&TriagePolicy::default()).is_err());
    ///
    /// let a: Aggregate = [Breakdown::new([8, 6, 2, 3, 1])?].iter().collect();
    /// let half = TriagePolicy::default().try_with_vital_few(0.5)?;
    /// // Above the floor: process 7/15, then rules 5/15 to pass one half.
    /// assert_eq!(a.evaluate(&half)?.vital_few().len(), 2);
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn evaluate(&self, policy: &TriagePolicy) -> Result<Triage<L>> {
        self.attribution_by(policy.method())
            .map(|a| a.evaluate(&policy.vital_few()))
    }

    /// Rebuilds an aggregate from stored totals over `causes`, checking that valid breakdowns
    /// could have produced them.
    fn from_totals_over(causes: L, totals: Totals<L::Slots<u128>>) -> Result<Self> {
        let Totals {
            count,
            unattributed,
            total_weight_units,
            attributed_weight_units,
            above_floor,
            plain,
        } = totals;
        for sums in [above_floor.as_ref(), plain.as_ref()] {
            if sums.len() != causes.len() {
                return Err(Error::Mismatch {
                    field: "number of share sums",
                    found: sums.len().to_string(),
                    expected: causes.len().to_string(),
                });
            }
        }
        let exact = |sums: &L::Slots<u128>| {
            let mut out = causes.slots(WeightSum::default());
            for (o, &units) in out.as_mut().iter_mut().zip(sums.as_ref()) {
                *o = WeightSum::from_units(units);
            }
            out
        };
        let (above_floor, plain) = (exact(&above_floor), exact(&plain));
        let sum_of = |sums: &L::Slots<WeightSum>| {
            sums.as_ref()
                .iter()
                .fold(WeightSum::default(), |mut total, s| {
                    total.merge(s);
                    total
                })
        };
        let (above_sum, plain_sum) = (sum_of(&above_floor).value(), sum_of(&plain).value());
        let total_weight = WeightSum::from_units(total_weight_units);
        let attributed_weight = WeightSum::from_units(attributed_weight_units);
        let (total, attributed_total) = (total_weight.value(), attributed_weight.value());
        // Each rule: whether it is broken, the total that does not fit, its value, and what
        // the other totals imply. The first broken rule is reported.
        let attributed = count.saturating_sub(unattributed);
        let rules: Vec<(bool, &'static str, f64, String)> = if count == 0 {
            let none = || "0 with no breakdowns".to_owned();
            vec![
                (total != 0.0, "total_weight", total, none()),
                (
                    attributed_total != 0.0,
                    "attributed_weight",
                    attributed_total,
                    none(),
                ),
                (plain_sum != 0.0, "sum of plain shares", plain_sum, none()),
                (
                    above_sum != 0.0,
                    "sum of above-floor shares",
                    above_sum,
                    none(),
                ),
                (
                    unattributed != 0,
                    "unattributed",
                    unattributed as f64,
                    none(),
                ),
            ]
        } else {
            // Each weight is at least the smallest severity, truncated to the grid as it was
            // added. A breakdown's weight per point loses under a unit to truncation, so its
            // shares fall short of its weight by under one unit per point and one for the
            // weight: at most 10 units a cause, about 5e-19, far inside the relative 1e-9 of a
            // weight of at least 1e-6 that the comparison allows.
            let lightest = |n: u64| {
                WeightSum::from_value(super::Severity::MIN)
                    .units()
                    .saturating_mul(u128::from(n))
            };
            let close = |sum: f64, total: f64| (sum - total).abs() <= 1e-9 * total;
            vec![
                (
                    unattributed > count,
                    "unattributed",
                    unattributed as f64,
                    format!("at most the count, {count}"),
                ),
                (
                    total_weight_units < lightest(count),
                    "total_weight",
                    total,
                    format!("at least {count} times the smallest severity, 1e-6"),
                ),
                (
                    !close(plain_sum, total),
                    "sum of plain shares",
                    plain_sum,
                    format!("the total weight, {total}"),
                ),
                (
                    attributed_weight_units > total_weight_units,
                    "attributed_weight",
                    attributed_total,
                    format!("at most the total weight, {total}"),
                ),
                (
                    attributed == 0 && (attributed_total != 0.0 || above_sum != 0.0),
                    "attributed_weight",
                    attributed_total,
                    "0 with no attributed breakdowns".to_owned(),
                ),
                (
                    attributed_weight_units < lightest(attributed),
                    "attributed_weight",
                    attributed_total,
                    format!("at least {attributed} times the smallest severity, 1e-6"),
                ),
                (
                    unattributed == 0 && attributed_weight_units != total_weight_units,
                    "attributed_weight",
                    attributed_total,
                    format!("the total weight, {total}, with no unattributed breakdowns"),
                ),
                (
                    attributed > 0 && !close(above_sum, attributed_total),
                    "sum of above-floor shares",
                    above_sum,
                    format!("the attributed weight, {attributed_total}"),
                ),
            ]
        };
        if let Some((_, field, value, expected)) = rules.into_iter().find(|rule| rule.0) {
            return Err(Error::Inconsistent {
                field,
                value: value.to_string(),
                expected,
            });
        }
        Ok(Aggregate {
            causes,
            count,
            unattributed,
            total_weight,
            attributed_weight,
            above_floor,
            plain,
        })
    }
}

/// The default severity's weight per point for `points` rating points, `units_in(1 / points)`,
/// worked out once, for every count of points that five causes can give (index 0 is unused).
const PER_POINT_OF_ONE: [u128; 51] = {
    let mut table = [0; 51];
    let mut points = 1;
    while points < table.len() {
        #[allow(
            clippy::indexing_slicing,
            reason = "evaluated at compile time, where an index out of range fails the build"
        )]
        {
            table[points] = WeightSum::units_in(1.0 / points as f64);
        }
        points += 1;
    }
    table
};

/// A breakdown's weight per rating point in units, truncated to the grid: `weight / points`.
/// A breakdown of the default severity (`default`, weight 1) reads it from
/// [`PER_POINT_OF_ONE`], the same units without the division, the slowest step of adding one.
#[inline]
fn weight_per_point(default: bool, weight: f64, points: i64) -> u128 {
    match usize::try_from(points).map(|i| PER_POINT_OF_ONE.get(i)) {
        Ok(Some(&units)) if default => units,
        _ => WeightSum::units_in(weight / points as f64),
    }
}

/// A total weight below which no cause's sum can overflow when one more breakdown is added:
/// 2^125 units, about 2.3e18 of weight.
///
/// Every cause's sum is at most about the total weight: a breakdown adds at most its weight
/// (and a rounding of one unit per point) across all its causes, merging adds both sides, and
/// [`Aggregate::from_totals`] refuses per-cause sums that do not add up to the total weight
/// within a relative 1e-9. So below this limit each sum is under 2^126, and one breakdown,
/// whose weight is at most 1e9 (under 2^94 units), cannot carry it past 2^128.
const ROOM_TO_ADD: u128 = 1 << 125;

/// Adds `per_point × points` units to each cause's sum, in list order.
///
/// When `roomy` (the total weight is below [`ROOM_TO_ADD`]) and the weight per point is below
/// 2^64 units (every breakdown of the default severity), each cause takes one 64 × 64-bit product
/// and a plain 128-bit addition, neither of which can overflow; otherwise each goes through the
/// saturating product and addition. The sums are the same either way.
#[inline]
fn add_shares(
    slots: &mut [WeightSum],
    per_point: u128,
    points: impl Iterator<Item = u64>,
    roomy: bool,
) {
    match u64::try_from(per_point) {
        Ok(narrow) if roomy => {
            for (slot, p) in slots.iter_mut().zip(points) {
                slot.add_units_in_range(u128::from(narrow) * u128::from(p));
            }
        }
        _ => {
            for (slot, p) in slots.iter_mut().zip(points) {
                slot.add_units(numeric::times(per_point, p));
            }
        }
    }
}

impl Aggregate<FiveCauses> {
    /// An aggregate of no breakdowns over the five built-in causes.
    pub fn new() -> Self {
        Self::empty(FiveCauses)
    }

    /// Adds one breakdown.
    pub fn add(&mut self, breakdown: &Breakdown) {
        self.add_unchecked(breakdown);
    }

    /// Adds everything in `other`, as if its breakdowns had been added here.
    pub fn merge(&mut self, other: &Aggregate) {
        self.merge_unchecked(other);
    }

    /// One cause's aggregated share above the floor.
    ///
    /// # Errors
    ///
    /// As for [`attribution`](Self::attribution).
    ///
    /// ```
    /// use service_quality::breakdown::{Aggregate, Breakdown, Cause};
    ///
    /// let a: Aggregate = [Breakdown::new([2, 2, 2, 2, 2])?].iter().collect();
    /// assert_eq!(a.share(Cause::Rules)?, 0.2);
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn share(&self, cause: Cause) -> Result<f64> {
        self.attribution().map(|a| a.share(cause))
    }

    /// The stored totals, for a database or a distributed job; [`from_totals`](Self::from_totals)
    /// reads them back.
    pub fn totals(&self) -> Totals<[u128; 5]> {
        self.stored()
    }

    /// Rebuilds an aggregate from stored totals, checking that valid breakdowns could have
    /// produced them.
    ///
    /// The rules: the unattributed count is at most the count; no breakdowns means every total
    /// is zero; otherwise the total weight is at least the count times the smallest
    /// [`Severity`](super::Severity), the plain share sums add up to it, the attributed weight is
    /// at most it (equal to it when nothing is unattributed, zero when everything is, and at
    /// least the attributed count times the smallest severity otherwise) and the above-floor
    /// share sums add up to the attributed weight. "Add up" allows a relative 1e-9 and a unit
    /// per breakdown and cause, for the rounding of each weighted share.
    ///
    /// # Errors
    ///
    /// [`Error::Inconsistent`] for totals that do not fit together.
    ///
    /// ```
    /// use service_quality::breakdown::{Aggregate, Breakdown, Totals};
    ///
    /// let a: Aggregate = [Breakdown::new([7, 3, 1, 1, 1])?].iter().collect();
    /// assert_eq!(Aggregate::from_totals(a.totals())?, a);
    /// let tampered = Totals { total_weight_units: 2 << 64, ..a.totals() };
    /// assert_eq!(
    ///     Aggregate::from_totals(tampered).unwrap_err().to_string(),
    ///     "sum of plain shares is 1, expected the total weight, 2"
    /// );
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn from_totals(totals: Totals<[u128; 5]>) -> Result<Self> {
        Self::from_totals_over(FiveCauses, totals)
    }
}

impl Default for Aggregate<FiveCauses> {
    /// An aggregate of no breakdowns.
    fn default() -> Self {
        Self::new()
    }
}

impl Aggregate<CauseSet> {
    /// An aggregate of no breakdowns over a cause set.
    pub fn with_causes(causes: &CauseSet) -> Self {
        Self::empty(causes.clone())
    }

    /// Adds one breakdown.
    ///
    /// # Errors
    ///
    /// [`Error::Mismatch`] when the breakdown is over another cause set.
    pub fn add(&mut self, breakdown: &Breakdown<CauseSet>) -> Result<()> {
        use super::causes::sealed::Internals as _;
        self.causes.same_as(breakdown.causes())?;
        self.add_unchecked(breakdown);
        Ok(())
    }

    /// Adds everything in `other`, as if its breakdowns had been added here.
    ///
    /// # Errors
    ///
    /// [`Error::Mismatch`] when `other` is over another cause set; `self` is then unchanged.
    pub fn try_merge(&mut self, other: &Self) -> Result<()> {
        use super::causes::sealed::Internals as _;
        self.causes.same_as(&other.causes)?;
        self.merge_unchecked(other);
        Ok(())
    }

    /// One cause's aggregated share above the floor.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownName`] for a label not in the set, and as for
    /// [`attribution`](Self::attribution).
    pub fn share(&self, label: &str) -> Result<f64> {
        let index = self.causes.position(label)?;
        self.attribution().map(|a| a.share_at(index))
    }

    /// The stored totals, in the cause set's order.
    pub fn totals(&self) -> Totals<Vec<u128>> {
        self.stored().map(Vec::from)
    }

    /// Rebuilds an aggregate over `causes` from stored totals, by the rules of
    /// [`Aggregate::from_totals`].
    ///
    /// # Errors
    ///
    /// As for [`Aggregate::from_totals`], and [`Error::Mismatch`] when a list of sums does not
    /// have one sum per cause.
    pub fn from_totals_with_causes(causes: &CauseSet, totals: Totals<Vec<u128>>) -> Result<Self> {
        Self::from_totals_over(causes.clone(), totals.map(Vec::into_boxed_slice))
    }
}

impl<'a> Extend<&'a Breakdown> for Aggregate {
    fn extend<I: IntoIterator<Item = &'a Breakdown>>(&mut self, iter: I) {
        for breakdown in iter {
            self.add(breakdown);
        }
    }
}

impl<'a> FromIterator<&'a Breakdown> for Aggregate {
    fn from_iter<I: IntoIterator<Item = &'a Breakdown>>(iter: I) -> Self {
        let mut aggregate = Aggregate::new();
        aggregate.extend(iter);
        aggregate
    }
}

impl crate::scoring::Merge for Aggregate {
    fn merge(&mut self, other: &Self) {
        Aggregate::merge(self, other);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::assert_close;

    /// Whole weights in units of 2^-64.
    fn units(weight: u128) -> u128 {
        weight << 64
    }

    fn totals(count: u64, unattributed: u64, total: u128, attributed: u128) -> Totals<[u128; 5]> {
        Totals {
            count,
            unattributed,
            total_weight_units: units(total),
            attributed_weight_units: units(attributed),
            above_floor: [units(attributed), 0, 0, 0, 0],
            plain: [units(total) / 5; 5],
        }
    }

    #[test]
    fn from_totals_rejects_impossible_totals() {
        assert!(Aggregate::from_totals(totals(0, 0, 0, 0)).is_ok());
        assert!(Aggregate::from_totals(totals(2, 1, 2, 1)).is_ok());
        let bad = [
            totals(0, 0, 1, 1),
            totals(2, 0, 0, 0),
            totals(1, 2, 1, 0),
            totals(2, 0, 2, 1),
            totals(2, 2, 2, 1),
            totals(2, 1, 2, 0),
            totals(2, 1, 2, 3),
        ];
        for t in bad {
            assert!(Aggregate::from_totals(t.clone()).is_err(), "{t:?}");
        }
        // Lighter than any two severities could be.
        let mut light = totals(2, 0, 0, 0);
        light.total_weight_units = 1000;
        light.attributed_weight_units = 1000;
        light.plain = [200; 5];
        light.above_floor = [1000, 0, 0, 0, 0];
        assert_eq!(
            Aggregate::from_totals(light).unwrap_err().to_string(),
            "total_weight is 0.00000000000000005421010862427522, expected at least 2 times the \
             smallest severity, 1e-6"
        );
    }

    #[test]
    fn from_totals_messages_name_the_total_that_does_not_fit() {
        let mut t = totals(1, 0, 1, 1);
        t.above_floor[0] = units(1) / 2;
        assert_eq!(
            Aggregate::from_totals(t).unwrap_err().to_string(),
            "sum of above-floor shares is 0.5, expected the attributed weight, 1"
        );
        assert_eq!(
            Aggregate::from_totals(totals(3, 4, 3, 0))
                .unwrap_err()
                .to_string(),
            "unattributed is 4, expected at most the count, 3"
        );
    }

    #[test]
    fn an_unattributed_breakdown_counts_only_in_the_plain_shares() {
        let mut a = Aggregate::new();
        a.add(
            &Breakdown::new([1; 5])
                .unwrap()
                .try_with_severity(3.0)
                .unwrap(),
        );
        assert_eq!((a.count(), a.attributed(), a.unattributed()), (1, 0, 1));
        assert_close(a.total_weight(), 3.0);
        assert_close(a.attributed_weight(), 0.0);
        let plain = a.attribution_by(AttributionMethod::PlainShare).unwrap();
        assert_close(plain.share(Cause::People), 0.2);
        assert!(matches!(a.attribution(), Err(Error::Degenerate { .. })));
    }

    #[test]
    fn the_default_weight_per_point_is_the_division_it_replaces() {
        for (points, &units) in PER_POINT_OF_ONE.iter().enumerate().skip(1) {
            let divided = WeightSum::units_in(1.0 / points as f64);
            assert_eq!(units, divided, "{points} points");
            assert_eq!(weight_per_point(true, 1.0, points as i64), divided);
            assert_eq!(weight_per_point(false, 1.0, points as i64), divided);
        }
        // Outside the table, and for any other weight, it divides.
        assert_eq!(
            weight_per_point(true, 1.0, 51),
            WeightSum::units_in(1.0 / 51.0)
        );
        assert_eq!(
            weight_per_point(false, 3.0, 7),
            WeightSum::units_in(3.0 / 7.0)
        );
    }

    #[test]
    fn no_severity_and_a_severity_of_one_add_the_same_units() {
        let ratings = [
            [8, 6, 2, 3, 1],
            [1; 5],
            [10; 5],
            [2, 1, 1, 1, 1],
            [10, 1, 1, 1, 1],
        ];
        let (mut default, mut explicit) = (Aggregate::new(), Aggregate::new());
        for r in ratings {
            default.add(&Breakdown::new(r).unwrap());
            explicit.add(&Breakdown::new(r).unwrap().try_with_severity(1.0).unwrap());
        }
        assert_eq!(default.totals(), explicit.totals());
    }

    #[test]
    fn sums_near_the_top_of_the_range_saturate_instead_of_wrapping() {
        // Every weight on one cause, at the top of what 128 bits hold: the next breakdown's
        // share must stop at the maximum, not wrap round to a small number.
        // One breakdown's totals, with all of its `units` of weight on the first cause.
        let on_one_cause = |units: u128| {
            Aggregate::from_totals(Totals {
                count: 1,
                unattributed: 0,
                total_weight_units: units,
                attributed_weight_units: units,
                above_floor: [units, 0, 0, 0, 0],
                plain: [units, 0, 0, 0, 0],
            })
            .unwrap()
        };
        let mut a = on_one_cause(u128::MAX - 1);
        a.add(&Breakdown::new([10, 1, 1, 1, 1]).unwrap());
        let t = a.totals();
        assert_eq!(
            (t.total_weight_units, t.plain[0], t.above_floor[0]),
            (u128::MAX, u128::MAX, u128::MAX)
        );
        // The causes that were empty take their share as usual.
        assert_eq!(t.plain[1], PER_POINT_OF_ONE[14]);
        // Just below the limit where adding needs no saturation, the sums are plain sums.
        let below = ROOM_TO_ADD - (1 << 64);
        let mut b = on_one_cause(below);
        b.add(&Breakdown::new([10, 1, 1, 1, 1]).unwrap());
        let t = b.totals();
        assert_eq!(t.plain[0], below + 10 * PER_POINT_OF_ONE[14]);
        assert_eq!(t.above_floor[0], below + 9 * PER_POINT_OF_ONE[9]);
        assert_eq!(t.total_weight_units, ROOM_TO_ADD);
    }
}
