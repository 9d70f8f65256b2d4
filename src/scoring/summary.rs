//! Running summaries: counts and sums that merge, so results can be aggregated anywhere
//! (threads, processes, the map side of a map-reduce job) and combined.

use core::fmt::Debug;
use core::hash::Hash;
use std::collections::{BTreeMap, HashMap};

use enum_map::EnumMap;

use crate::scoring::kernel::{ItemVerdict, Outcome};
use crate::scoring::numeric::ExactSum;
use crate::scoring::{Band, Dimension, Error, Result, Score, Scorecard};
use crate::scoring::{Interval, Level, Moments};

/// A value that absorbs another of its kind: the merge of the summaries of two disjoint sets is
/// the summary of their union.
///
/// Implemented by [`Summary`], [`breakdown::Aggregate`](crate::breakdown::Aggregate),
/// [`metrics::Nps`](crate::metrics::Nps), [`metrics::Ces`](crate::metrics::Ces),
/// [`metrics::servqual::Servqual`](crate::metrics::servqual::Servqual) and [`GroupBy`] of any of
/// them. Summaries that can only merge with their own kind
/// ([`form::FormSummary`](crate::form::FormSummary) of one form and version) implement
/// [`TryMerge`] instead.
///
/// Counts saturate at `u64::MAX` rather than overflow (see [the design notes](crate::design)).
pub trait Merge {
    /// Adds everything in `other` to `self`.
    fn merge(&mut self, other: &Self);
}

/// A value that absorbs another of its kind when the two are compatible, and refuses otherwise
/// (two summaries of different forms, say), leaving `self` unchanged.
pub trait TryMerge {
    /// Adds everything in `other` to `self`.
    ///
    /// # Errors
    ///
    /// When the two cannot be merged; `self` is then unchanged.
    fn try_merge(&mut self, other: &Self) -> Result<()>;
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

/// A summary's totals over whole evaluations as plain numbers, exact sums included: what a
/// database row or a query engine's partial state keeps when it stores a summary column by
/// column rather than as one document. [`Summary::stored_totals`] and
/// [`form::FormSummary::stored_totals`](crate::form::FormSummary::stored_totals) give them;
/// [`Summary::from_stored`] and
/// [`form::FormSummary::from_stored`](crate::form::FormSummary::from_stored) check them as
/// deserialising does.
///
/// A sum is kept as a whole number of 2^-52 units (see [`Summary`]): the exact total, so a
/// summary stored and read back merges to the same bits as one that never left memory.
///
/// ```
/// use service_quality::{Policy, Ratings, Scale, Summary};
/// use service_quality::leadership::Area;
///
/// let policy = Policy::<Area>::default();
/// let mut summary = Summary::new();
/// summary.add(&Ratings::from_array(Scale::ONE_TO_FIVE, [5, 4, 3])?.evaluate(&policy)?);
/// let totals = summary.stored_totals();
/// assert_eq!((totals.count, totals.scored), (1, 1));
/// assert_eq!(totals.sum_units, 75 << 52); // 75 exactly
/// let back = Summary::from_stored(totals, |area| summary.item(area).stored())?;
/// assert_eq!(back, summary);
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct StoredTotals {
    /// How many evaluations went in.
    pub count: u64,
    /// How many had an overall score.
    pub scored: u64,
    /// The sum of the overall scores, in units of 2^-52.
    pub sum_units: u128,
    /// The sum of the squared overall scores, in units of 2^-52.
    pub sum_of_squares_units: u128,
    /// The scored evaluations per band, from poor to excellent.
    pub bands: [u64; 4],
    /// How many failed at least one critical item.
    pub critical_failures: u64,
}

/// One item's totals as plain numbers, its exact sum included: the stored form of an
/// [`ItemSummary`] (see [`StoredTotals`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct StoredItem {
    /// How many evaluations answered the item.
    pub answered: u64,
    /// How many counted it towards their weighted mean.
    pub counted: u64,
    /// The sum of its scores, in units of 2^-52.
    pub sum_units: u128,
    /// How many failed it as a critical item.
    pub critical_failures: u64,
}

/// The running totals of one item (a dimension of a model, or an item of a form) over many
/// evaluations: how often it was answered and counted, the sum of its scores and its critical
/// failures.
///
/// Per-item means divide by the answers the item actually had, so an item answered N/A in half
/// the evaluations is averaged over the other half.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ItemSummary {
    answered: u64,
    counted: u64,
    sum: ExactSum,
    critical_failures: u64,
}

impl ItemSummary {
    /// How many evaluations answered the item (not N/A).
    pub const fn answered(&self) -> u64 {
        self.answered
    }

    /// How many evaluations counted it towards their weighted mean.
    pub const fn counted(&self) -> u64 {
        self.counted
    }

    /// The sum of its scores over the answered evaluations: the exact total (see
    /// [`Summary`]) rounded once to the nearest `f64`.
    pub fn sum(&self) -> f64 {
        self.sum.value()
    }

    /// Its mean score over the answered evaluations; `None` when it was never answered.
    pub fn mean(&self) -> Option<Score> {
        mean_of(self.sum(), self.answered)
    }

    /// How many evaluations it failed as a critical item.
    pub const fn critical_failures(&self) -> u64 {
        self.critical_failures
    }

    /// The item's totals as plain numbers, its sum exact.
    pub fn stored(&self) -> StoredItem {
        StoredItem {
            answered: self.answered,
            counted: self.counted,
            sum_units: self.sum.units(),
            critical_failures: self.critical_failures,
        }
    }

    /// Stored totals of an item of a summary of `count` evaluations, checked.
    pub(crate) fn from_stored(item: &str, stored: StoredItem, count: u64) -> Result<Self> {
        let summary = ItemSummary {
            answered: stored.answered,
            counted: stored.counted,
            sum: ExactSum::from_units(stored.sum_units),
            critical_failures: stored.critical_failures,
        };
        summary.check(item, count)?;
        Ok(summary)
    }

    /// Records `k` evaluations in which the item scored `score` (`None`: N/A) with `verdict`.
    #[inline]
    pub(crate) fn add(&mut self, score: Option<Score>, verdict: ItemVerdict, k: u64) {
        if let Some(score) = score {
            self.answered = self.answered.saturating_add(k);
            self.sum.add_times(score.get(), k);
        }
        if verdict.counted {
            self.counted = self.counted.saturating_add(k);
        }
        if verdict.critical_failed {
            self.critical_failures = self.critical_failures.saturating_add(k);
        }
    }

    pub(crate) fn merge(&mut self, other: &Self) {
        self.answered = self.answered.saturating_add(other.answered);
        self.counted = self.counted.saturating_add(other.counted);
        self.sum.merge(&other.sum);
        self.critical_failures = self
            .critical_failures
            .saturating_add(other.critical_failures);
    }

    /// `self − other`, checked as stored totals of a summary of `count` evaluations are:
    /// [`Error::NotInSummary`] naming the first total that would fall below zero, and
    /// [`Error::Inconsistent`] when what is left is totals no evaluations could have.
    pub(crate) fn checked_sub(&self, other: &Self, item: &str, count: u64) -> Result<Self> {
        let left = ItemSummary {
            answered: less("answered", item, self.answered, other.answered)?,
            counted: less("counted", item, self.counted, other.counted)?,
            sum: less_sum("sum", item, self.sum, other.sum)?,
            critical_failures: less(
                "critical_failures",
                item,
                self.critical_failures,
                other.critical_failures,
            )?,
        };
        left.check(item, count)?;
        Ok(left)
    }

    /// Checks stored totals against the evaluation count: no more answers, counts or failures
    /// than evaluations, failures only among answers, the sum within 0..=100 per answer.
    fn check(&self, item: &str, count: u64) -> Result<()> {
        at_most("answered", item, self.answered, count)?;
        at_most("counted", item, self.counted, count)?;
        at_most(
            "critical_failures",
            item,
            self.critical_failures,
            self.answered,
        )?;
        check_sum("sum", item, self.sum, self.answered)
    }
}

/// The count, exact sum and exact sum of squares of scores in 0..=100: the overall score's
/// spread in every summary, and any other 0–100 measure a summary keeps beside its items (a
/// PROUD summary's feelings). Sums are exact, so merges in any order give the same bits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct ScoreSums {
    n: u64,
    sum: ExactSum,
    squares: ExactSum,
}

impl ScoreSums {
    /// Records `k` scores of `x` (in 0..=100).
    #[inline]
    pub(crate) fn add_times(&mut self, x: f64, k: u64) {
        self.n = self.n.saturating_add(k);
        self.sum.add_times(x, k);
        self.squares.add_times(x * x, k);
    }

    pub(crate) fn merge(&mut self, other: &Self) {
        self.n = self.n.saturating_add(other.n);
        self.sum.merge(&other.sum);
        self.squares.merge(&other.squares);
    }

    /// `self − other`, or [`Error::NotInSummary`] naming the first total (of `item`) that
    /// would fall below zero.
    pub(crate) fn checked_sub(&self, other: &Self, item: &str) -> Result<Self> {
        Ok(ScoreSums {
            n: less("scored", item, self.n, other.n)?,
            sum: less_sum("sum", item, self.sum, other.sum)?,
            squares: less_sum("sum_of_squares", item, self.squares, other.squares)?,
        })
    }

    /// Sums from their stored units, unchecked (see [`check`](Self::check)).
    pub(crate) const fn from_units(n: u64, sum_units: u128, squares_units: u128) -> Self {
        ScoreSums {
            n,
            sum: ExactSum::from_units(sum_units),
            squares: ExactSum::from_units(squares_units),
        }
    }

    pub(crate) const fn count(&self) -> u64 {
        self.n
    }

    pub(crate) const fn sum_units(&self) -> u128 {
        self.sum.units()
    }

    pub(crate) const fn squares_units(&self) -> u128 {
        self.squares.units()
    }

    pub(crate) fn sum(&self) -> f64 {
        self.sum.value()
    }

    pub(crate) fn sum_of_squares(&self) -> f64 {
        self.squares.value()
    }

    pub(crate) fn mean(&self) -> Option<Score> {
        mean_of(self.sum(), self.n)
    }

    /// The sample variance (`n − 1` in the denominator); `None` below two scores.
    pub(crate) fn variance(&self) -> Option<f64> {
        (self.n >= 2).then(|| {
            let n = self.n as f64;
            let sum = self.sum();
            // Never below zero: rounding of two nearly equal terms must not invent a negative
            // spread.
            ((self.sum_of_squares() - sum * sum / n) / (n - 1.0)).max(0.0)
        })
    }

    /// The count, mean and spread, for intervals and comparisons.
    pub(crate) fn moments(&self) -> Result<Moments> {
        let (n, sum) = (self.n, self.sum());
        let Some(mean) = self.mean() else {
            return Err(Error::Empty {
                what: "sample",
                item: "value",
            });
        };
        // Σ(x − mean)² = Σx² − (Σx)²/n, never below zero after rounding.
        let deviations = (self.sum_of_squares() - sum * sum / n as f64).max(0.0);
        Moments::from_squared_deviations(n, mean.get(), deviations)
    }

    /// The Student t interval of the mean, limited to 0..=100.
    pub(crate) fn mean_interval(&self, level: Level) -> Result<Interval> {
        Ok(self.moments()?.interval(level)?.limited_to(0.0, 100.0))
    }

    /// Checks that `n` scores in 0..=100 could have these sums; `item` names them in errors.
    pub(crate) fn check(&self, item: &str) -> Result<()> {
        check_sum("sum", item, self.sum, self.n)?;
        if squares_fit_exactly(self.sum.units(), self.squares.units(), self.n) {
            return Ok(());
        }
        let (sum, squares, n) = (self.sum(), self.sum_of_squares(), self.n);
        // Each score x lies in 0..=100, so x² ≤ 100·x; and (Σx)² ≤ n·Σx² (Cauchy-Schwarz).
        let slack = 1.0 + 1e-9;
        let fits = squares.is_finite()
            && squares >= 0.0
            && squares <= 100.0 * sum * slack
            && sum * sum <= n as f64 * squares * slack;
        if fits {
            Ok(())
        } else {
            Err(Error::Inconsistent {
                field: "sum_of_squares",
                value: squares.to_string(),
                expected: format!("a sum of squares that scores summing to {sum} could have"),
            })
        }
    }
}

/// The totals over whole evaluations that every summary keeps: counts, the overall score's sum
/// and sum of squares, the count per band and the critical failures. Shared by [`Summary`] and
/// [`form::FormSummary`](crate::form::FormSummary).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Totals {
    count: u64,
    overall: ScoreSums,
    bands: EnumMap<Band, u64>,
    critical_failures: u64,
}

impl Totals {
    /// Records `k` evaluations with the same outcome.
    #[inline]
    pub(crate) fn add(&mut self, outcome: &Outcome, k: u64) {
        self.count = self.count.saturating_add(k);
        if let Some(overall) = outcome.overall() {
            self.overall.add_times(overall.get(), k);
        }
        if let Some(band) = outcome.band() {
            self.bands[band] = self.bands[band].saturating_add(k);
        }
        if outcome.critical_failed() {
            self.critical_failures = self.critical_failures.saturating_add(k);
        }
    }

    pub(crate) fn merge(&mut self, other: &Self) {
        self.count = self.count.saturating_add(other.count);
        self.overall.merge(&other.overall);
        for (band, n) in &mut self.bands {
            *n = n.saturating_add(other.bands[band]);
        }
        self.critical_failures = self
            .critical_failures
            .saturating_add(other.critical_failures);
    }

    /// `self − other`, checked as stored totals are: [`Error::NotInSummary`] naming the first
    /// total that would fall below zero, and [`Error::Inconsistent`] when what is left is
    /// totals no evaluations could have (the evaluation taken out was never added, though no
    /// count went below zero).
    pub(crate) fn checked_sub(&self, other: &Self) -> Result<Self> {
        let count = less("count", "overall", self.count, other.count)?;
        let overall = self.overall.checked_sub(&other.overall, "overall")?;
        let mut bands = self.bands;
        for (band, n) in &mut bands {
            *n = less("band count", band.name(), *n, other.bands[band])?;
        }
        let totals = Totals {
            count,
            overall,
            bands,
            critical_failures: less(
                "critical_failures",
                "overall",
                self.critical_failures,
                other.critical_failures,
            )?,
        };
        totals.check()?;
        Ok(totals)
    }

    pub(crate) fn stored(&self) -> StoredTotals {
        StoredTotals {
            count: self.count,
            scored: self.overall.count(),
            sum_units: self.overall.sum_units(),
            sum_of_squares_units: self.overall.squares_units(),
            bands: self.band_counts(),
            critical_failures: self.critical_failures,
        }
    }

    /// Stored totals, checked as deserialising checks them.
    pub(crate) fn from_stored(stored: StoredTotals) -> Result<Self> {
        let totals = Totals {
            count: stored.count,
            overall: ScoreSums::from_units(
                stored.scored,
                stored.sum_units,
                stored.sum_of_squares_units,
            ),
            bands: EnumMap::from_array(stored.bands),
            critical_failures: stored.critical_failures,
        };
        totals.check()?;
        Ok(totals)
    }

    pub(crate) const fn count(&self) -> u64 {
        self.count
    }

    pub(crate) const fn scored(&self) -> u64 {
        self.overall.count()
    }

    pub(crate) fn overall_sum(&self) -> f64 {
        self.overall.sum()
    }

    pub(crate) fn overall_sum_of_squares(&self) -> f64 {
        self.overall.sum_of_squares()
    }

    pub(crate) fn mean(&self) -> Option<Score> {
        self.overall.mean()
    }

    /// The sample variance of the overall scores (`n − 1` in the denominator); `None` below two
    /// scored evaluations.
    pub(crate) fn variance(&self) -> Option<f64> {
        self.overall.variance()
    }

    /// The count, mean and spread of the overall scores, for intervals and comparisons.
    pub(crate) fn moments(&self) -> Result<Moments> {
        self.overall.moments()
    }

    /// The Student t interval of the mean overall score, limited to 0..=100.
    pub(crate) fn mean_interval(&self, level: Level) -> Result<Interval> {
        self.overall.mean_interval(level)
    }

    pub(crate) fn band_count(&self, band: Band) -> u64 {
        self.bands[band]
    }

    pub(crate) fn band_counts(&self) -> [u64; 4] {
        self.bands.into_array()
    }

    pub(crate) const fn critical_failures(&self) -> u64 {
        self.critical_failures
    }

    /// Checks that valid evaluations could have produced these totals.
    fn check(&self) -> Result<()> {
        let scored = self.overall.count();
        at_most("scored", "overall", scored, self.count)?;
        at_most(
            "critical_failures",
            "overall",
            self.critical_failures,
            self.count,
        )?;
        // In u128, so stored counts near u64::MAX cannot overflow the sum.
        let banded: u128 = self.bands.values().map(|&n| u128::from(n)).sum();
        if banded != u128::from(scored) {
            return Err(Error::Inconsistent {
                field: "band counts",
                value: banded.to_string(),
                expected: format!("the scored count, {scored}"),
            });
        }
        self.overall.check("overall")
    }
}

/// `held − removing`, or [`Error::NotInSummary`] when it would fall below zero.
pub(crate) fn less(field: &'static str, item: &str, held: u64, removing: u64) -> Result<u64> {
    held.checked_sub(removing)
        .ok_or_else(|| Error::NotInSummary {
            field,
            item: item.to_owned(),
            held: held.to_string(),
            removing: removing.to_string(),
        })
}

/// [`less`] for exact sums.
pub(crate) fn less_sum(
    field: &'static str,
    item: &str,
    held: ExactSum,
    removing: ExactSum,
) -> Result<ExactSum> {
    held.checked_sub(removing)
        .ok_or_else(|| Error::NotInSummary {
            field,
            item: item.to_owned(),
            held: held.value().to_string(),
            removing: removing.value().to_string(),
        })
}

/// `sum / n` as a score; `None` when `n` is zero.
fn mean_of(sum: f64, n: u64) -> Option<Score> {
    // Each summand is in 0..=100, so the mean is too; `within` absorbs rounding only.
    (n > 0).then(|| Score::within(sum / n as f64, 0.0, 100.0))
}

#[inline]
fn at_most(field: &'static str, item: &str, value: u64, limit: u64) -> Result<()> {
    if value <= limit {
        Ok(())
    } else {
        Err(more_than(field, item, value, limit))
    }
}

/// The error of [`at_most`], apart so that the check itself stays small enough to inline.
#[cold]
fn more_than(field: &'static str, item: &str, value: u64, limit: u64) -> Error {
    Error::Inconsistent {
        field,
        value: value.to_string(),
        expected: format!("at most {limit} for '{item}'"),
    }
}

/// Whether a sum of `n` scores could have these totals, decided in whole units where that is
/// exact: each score `x` in 0..=100 gives `x²` at most `100·x`, and `(Σx)² ≤ n·Σx²`
/// (Cauchy-Schwarz). `true` proves the float check in [`ScoreSums::check`] passes too (the
/// integer inequalities hold before any rounding, and the float check allows a relative 1e-9);
/// `false` leaves the decision to that check, whose slack absorbs the truncation of squares
/// below one unit. Integer comparisons, so checking a stored state (the engine reads millions)
/// needs no 128-bit float conversion.
fn squares_fit_exactly(sum: u128, squares: u128, n: u64) -> bool {
    let Some(hundred_sums) = sum.checked_mul(100) else {
        return false;
    };
    if squares > hundred_sums {
        return false;
    }
    // (Σx·U)² ≤ n·(Σx²·U)·U, with U units per point: both sides scaled by U².
    let (Ok(sum), Some(right)) = (
        u64::try_from(sum),
        squares
            .checked_mul(u128::from(n))
            .and_then(|r| r.checked_mul(ExactSum::ONE)),
    ) else {
        return false;
    };
    u128::from(sum) * u128::from(sum) <= right
}

/// Whether `n` scores in 0..=100 could sum to `sum` units, decided exactly: at most `100·n`
/// points (`100·2^52·n` units, below 2^123, so the product cannot overflow). `true` proves the
/// float comparison in [`check_sum`] passes too.
fn sum_fits_exactly(sum: u128, n: u64) -> bool {
    sum <= u128::from(n) * (100 * ExactSum::ONE)
}

/// Checks that `n` scores in 0..=100 could sum to `sum`: exactly in units first (each score
/// is at most 100, so the sum is at most `100·n` points), and only when that fails with the
/// float comparison and its message.
fn check_sum(field: &'static str, item: &str, sum: ExactSum, n: u64) -> Result<()> {
    if sum_fits_exactly(sum.units(), n) {
        return Ok(());
    }
    let sum = sum.value();
    let limit = 100.0 * n as f64 * (1.0 + 1e-12);
    if sum.is_finite() && (0.0..=limit).contains(&sum) {
        Ok(())
    } else {
        Err(Error::Inconsistent {
            field,
            value: sum.to_string(),
            expected: format!(
                "a sum between 0 and {} for '{item}' ({n} scores)",
                100 * u128::from(n)
            ),
        })
    }
}

/// A group's weakest item: the one with the lowest mean among items that counted towards some
/// evaluation's score and were answered, ties to the earlier; `None` when there is none. Shared
/// by every summary. (Critical failures are reported per item beside it: one failure in forty
/// calls is a fact to show, not the whole group's coaching theme.)
pub(crate) fn weakest_item<'a>(
    items: impl Iterator<Item = (usize, &'a ItemSummary)>,
) -> Option<usize> {
    items
        .filter(|(_, item)| item.counted > 0)
        .filter_map(|(i, item)| item.mean().map(|mean| (mean, i)))
        .min()
        .map(|(_, i)| i)
}

/// A running summary of many evaluations of one compile-time model: the count, the overall
/// score's sum and spread, the count per band, the critical failures, and per dimension an
/// [`ItemSummary`]. It keeps no scorecards, so its size does not depend on how many went in.
///
/// Sums are exact: each score (and each squared overall score) is kept as a whole number of
/// 2^-52 units in a 128-bit integer, which holds every score of at least 1 exactly and any
/// smaller one to within 2^-52. Integer addition does not depend on order, so the same
/// evaluations give the same bits however they arrive, however the work is split (threads,
/// partitions, executors) and in whatever order partial summaries merge; a mean is the exact
/// total divided once by the count, as a hand calculation does it. Evaluations with nothing to
/// score are counted
/// ([`count`](Self::count)) but leave the overall mean and the bands.
///
/// # Examples
///
/// ```
/// use service_quality::{Policy, Ratings, Scale, Summary};
/// use service_quality::leadership::Area;
///
/// let policy = Policy::<Area>::default().with_not_applicable_allowed(Area::Vision, true);
/// let mut summary = Summary::new();
/// for r in [[Some(5), Some(4), Some(3)], [None, Some(3), Some(3)], [Some(4), Some(5), Some(2)]] {
///     summary.add(&Ratings::from_options(Scale::ONE_TO_FIVE, r)?.evaluate(&policy)?);
/// }
/// assert_eq!(summary.count(), 3);
/// // Vision was answered twice: (100 + 75) / 2.
/// assert_eq!(summary.item(Area::Vision).answered(), 2);
/// assert_eq!(summary.mean(Area::Vision).map(|s| s.get()), Some(87.5));
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Summary<D: Dimension> {
    totals: Totals,
    items: EnumMap<D, ItemSummary>,
}

impl<D: Dimension> Summary<D> {
    /// An empty summary.
    pub fn new() -> Self {
        Summary {
            totals: Totals::default(),
            items: EnumMap::from_fn(|_| ItemSummary::default()),
        }
    }

    /// Adds one evaluated result.
    #[inline]
    pub fn add(&mut self, scored: &impl Scored<D>) {
        let card = scored.scorecard();
        self.totals.add(&card.outcome(), 1);
        for (d, score) in card.scores() {
            let verdict = ItemVerdict {
                counted: card.is_counted(d),
                critical_failed: card.failed(d),
            };
            self.items[d].add(score, verdict, 1);
        }
    }

    /// The totals over whole evaluations as plain numbers, sums exact; each dimension's are
    /// [`item(d).stored()`](ItemSummary::stored).
    pub fn stored_totals(&self) -> StoredTotals {
        self.totals.stored()
    }

    /// A summary from stored totals (as [`stored_totals`](Self::stored_totals) and
    /// [`ItemSummary::stored`] give them), checked exactly as deserialising checks a summary.
    ///
    /// # Errors
    ///
    /// [`Error::Inconsistent`] naming the field (and dimension) of totals that no valid
    /// evaluations could produce: more answers or failures than evaluations, band counts that
    /// do not add up to the scored count, a sum beyond 100 per score, a sum of squares that the
    /// scores cannot have.
    pub fn from_stored(
        totals: StoredTotals,
        mut items: impl FnMut(D) -> StoredItem,
    ) -> Result<Self> {
        let totals = Totals::from_stored(totals)?;
        let items = EnumMap::try_from_fn(|d: D| {
            ItemSummary::from_stored(d.key(), items(d), totals.count())
        })?;
        Ok(Summary { totals, items })
    }

    /// The totals over whole evaluations, for the batch path.
    pub(crate) fn totals_mut(&mut self) -> &mut Totals {
        &mut self.totals
    }

    /// One dimension's totals, for the batch path.
    pub(crate) fn item_mut(&mut self, dimension: D) -> &mut ItemSummary {
        &mut self.items[dimension]
    }

    /// How many evaluations went in.
    pub const fn count(&self) -> u64 {
        self.totals.count()
    }

    /// How many had an overall score (the others had nothing to score).
    pub const fn scored(&self) -> u64 {
        self.totals.scored()
    }

    /// The sum of the overall scores.
    pub fn overall_sum(&self) -> f64 {
        self.totals.overall_sum()
    }

    /// The sum of the squared overall scores, kept so the spread merges exactly.
    pub fn overall_sum_of_squares(&self) -> f64 {
        self.totals.overall_sum_of_squares()
    }

    /// The mean overall score; `None` when nothing was scored.
    pub fn mean_overall(&self) -> Option<Score> {
        self.totals.mean()
    }

    /// The sample variance of the overall scores; `None` below two scored evaluations.
    pub fn overall_variance(&self) -> Option<f64> {
        self.totals.variance()
    }

    /// The count, mean and spread of the overall scores: what an interval or a comparison of
    /// two teams or periods needs ([`metrics::compare::means`](crate::metrics::compare::means)).
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] when nothing was scored.
    ///
    /// ```
    /// use service_quality::{Scale, Summary, metrics::{Level, compare}};
    /// use service_quality::proud::{Assessment, Principle, ProudPolicy};
    ///
    /// let policy = ProudPolicy::default();
    /// let summary = |calls: &[[i64; 5]]| -> Result<Summary<Principle>, service_quality::Error> {
    ///     let mut s = Summary::new();
    ///     for r in calls {
    ///         s.add(&Assessment::from_array(Scale::ONE_TO_FIVE, *r)?.evaluate(&policy)?);
    ///     }
    ///     Ok(s)
    /// };
    /// let october = summary(&[[4, 4, 3, 4, 3], [3, 4, 3, 3, 3], [4, 3, 4, 4, 2]])?;
    /// let november = summary(&[[5, 5, 4, 5, 4], [4, 5, 5, 5, 4], [5, 4, 5, 5, 5]])?;
    /// let change = compare::means(&november.moments()?, &october.moments()?, Level::default())?;
    /// assert!(change.difference() > 0.0);
    /// assert!(change.is_significant(Level::default()));
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn moments(&self) -> Result<Moments> {
        self.totals.moments()
    }

    /// The Student t interval of the mean overall score, limited to 0..=100: how far a team's
    /// average could be from its true level, however few evaluations it has.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] when nothing was scored and [`Error::Degenerate`] with fewer than two
    /// scores or when every score is the same.
    ///
    /// ```
    /// use service_quality::{Scale, Summary, metrics::Level};
    /// use service_quality::proud::{Assessment, Principle, ProudPolicy};
    ///
    /// let mut s = Summary::<Principle>::new();
    /// for r in [[4, 5, 3, 4, 2], [5, 5, 5, 5, 5], [3, 4, 4, 4, 4]] {
    ///     s.add(&Assessment::from_array(Scale::ONE_TO_FIVE, r)?.evaluate(&ProudPolicy::default())?);
    /// }
    /// let interval = s.mean_interval(Level::default())?;
    /// let mean = s.mean_overall().map(|m| m.get()).unwrap_or_default();
    /// assert!(interval.lower() < mean && mean < interval.upper());
    /// assert!(Summary::<Principle>::new().mean_interval(Level::default()).is_err());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn mean_interval(&self, level: Level) -> Result<Interval> {
        self.totals.mean_interval(level)
    }

    /// One dimension's totals: answers, counts, sum and critical failures.
    pub fn item(&self, dimension: D) -> ItemSummary {
        self.items[dimension]
    }

    /// Every dimension with its totals, in declaration order.
    pub fn items(&self) -> impl Iterator<Item = (D, ItemSummary)> + '_ {
        D::iter().map(|d| (d, self.items[d]))
    }

    /// One dimension's mean score over the evaluations that answered it; `None` when none did.
    pub fn mean(&self, dimension: D) -> Option<Score> {
        self.items[dimension].mean()
    }

    /// How many scored evaluations fell in `band`.
    pub fn band_count(&self, band: Band) -> u64 {
        self.totals.band_count(band)
    }

    /// The count per band, from poor to excellent.
    pub fn band_counts(&self) -> [u64; 4] {
        self.totals.band_counts()
    }

    /// How many evaluations failed at least one critical dimension (for PROUD: the first
    /// hurdle).
    pub const fn critical_failures(&self) -> u64 {
        self.totals.critical_failures()
    }

    /// The group's weakest dimension: the lowest mean among the answered dimensions that
    /// counted towards the score (ties to the one declared first). Critical failures per
    /// dimension are in [`item`](Self::item).
    pub fn weakest(&self) -> Option<D> {
        weakest_item(D::iter().map(|d| (d.into_usize(), &self.items[d]))).map(D::from_usize)
    }

    /// Adds everything in `other` (the same as [`Merge::merge`], callable without the trait).
    pub fn merge(&mut self, other: &Self) {
        Merge::merge(self, other);
    }

    /// Takes one evaluation back out, as if it had never been added: a review withdrawn, or
    /// the first half of a correction (see [`replace`](Self::replace)). Exact: counts and the
    /// exact sums come back to the same bits as a summary built without it.
    ///
    /// # Errors
    ///
    /// [`Error::NotInSummary`] when the summary does not hold it, found where a count or a sum
    /// would fall below zero (removing from an empty summary, a band with no members, a
    /// critical failure the summary never had), and [`Error::Inconsistent`] when what would be
    /// left is totals no evaluations could have; either way the summary is unchanged. An
    /// evaluation never added can only be found out this way: one whose every total the
    /// summary could still hold comes out without complaint, so remove what you added.
    ///
    /// ```
    /// use service_quality::{Scale, Summary};
    /// use service_quality::proud::{Assessment, Principle, ProudPolicy};
    ///
    /// let policy = ProudPolicy::default();
    /// let review = |r: [i64; 5]| Assessment::from_array(Scale::ONE_TO_FIVE, r)?.evaluate(&policy);
    /// let (kept, withdrawn) = (review([4, 4, 3, 4, 3])?, review([2, 3, 3, 2, 2])?);
    ///
    /// let mut team = Summary::<Principle>::new();
    /// team.add(&kept);
    /// team.add(&withdrawn);
    /// team.remove(&withdrawn)?;
    ///
    /// let mut without = Summary::new();
    /// without.add(&kept);
    /// assert_eq!(team, without); // the same counts and the same exact sums
    ///
    /// // Taking it out again finds the band it was in empty.
    /// let err = team.remove(&withdrawn).unwrap_err();
    /// assert_eq!(err.kind(), service_quality::ErrorKind::NotInSummary);
    /// assert_eq!(team, without);
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn remove(&mut self, scored: &impl Scored<D>) -> Result<()> {
        let mut one = Summary::new();
        one.add(scored);
        self.subtract(&one)
    }

    /// Corrects one evaluation: takes `old` out and puts `new` in, as after an appeal changed
    /// some of its answers. The result equals the summary built as if `new` had been there all
    /// along (counts and exact sums alike).
    ///
    /// # Errors
    ///
    /// As [`remove`](Self::remove) for `old`; the summary is then unchanged.
    pub fn replace(&mut self, old: &impl Scored<D>, new: &impl Scored<D>) -> Result<()> {
        let mut corrected = *self;
        corrected.remove(old)?;
        corrected.add(new);
        *self = corrected;
        Ok(())
    }

    /// Takes everything in `other` back out: the inverse of [`merge`](Self::merge), for a batch
    /// of evaluations withdrawn at once (a reviewer's whole day, say).
    ///
    /// # Errors
    ///
    /// As [`remove`](Self::remove); the summary is then unchanged.
    pub fn subtract(&mut self, other: &Self) -> Result<()> {
        let totals = self.totals.checked_sub(&other.totals)?;
        let items = EnumMap::try_from_fn(|d: D| {
            self.items[d].checked_sub(&other.items[d], d.key(), totals.count())
        })?;
        *self = Summary { totals, items };
        Ok(())
    }
}

impl<D: Dimension> Merge for Summary<D> {
    fn merge(&mut self, other: &Self) {
        self.totals.merge(&other.totals);
        for d in D::iter() {
            self.items[d].merge(&other.items[d]);
        }
    }
}

impl<D: Dimension> Default for Summary<D> {
    fn default() -> Self {
        Summary::new()
    }
}

impl<D: Dimension> PartialEq for Summary<D> {
    /// Summaries are equal when their counts and their exact sums are.
    fn eq(&self, other: &Self) -> bool {
        self.totals == other.totals && self.items == other.items
    }
}

impl<D: Dimension> Eq for Summary<D> {}

impl<'a, D: Dimension, S: Scored<D> + 'a> Extend<&'a S> for Summary<D> {
    fn extend<I: IntoIterator<Item = &'a S>>(&mut self, iter: I) {
        for s in iter {
            self.add(s);
        }
    }
}

/// Summaries keyed by any `Hash + Eq` key: a team, an agent, a month, or a tuple of them. Two
/// group-bys merge key by key.
///
/// It serialises as a list of `{"key": ..., "summary": ...}` entries in key order, so keys of
/// any serialisable type (a `(team, month)` tuple included) survive JSON, whose object keys must
/// be strings; [`nested`](GroupBy::nested) gives two- and three-part keys as nested maps
/// instead (`{"north": {"2026-11": ...}}`). [`sorted`](GroupBy::sorted) lists the groups in key
/// order, [`iter`](GroupBy::iter) in no order (the fastest).
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
pub struct GroupBy<K: Hash + Eq, S> {
    groups: HashMap<K, S>,
}

impl<K: Hash + Eq, S: Default> GroupBy<K, S> {
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

    /// The summary for `key` to change in place, if there is one: unlike
    /// [`entry`](Self::entry), a mistyped key finds nothing instead of starting an empty group
    /// (what a correction wants: take a review out of the group that holds it).
    ///
    /// ```
    /// use service_quality::{GroupBy, Scale, Summary};
    /// use service_quality::proud::{Assessment, Principle, ProudPolicy};
    ///
    /// let verdict = Assessment::from_array(Scale::ONE_TO_FIVE, [4, 4, 4, 4, 4])?
    ///     .evaluate(&ProudPolicy::default())?;
    /// let mut teams: GroupBy<&str, Summary<Principle>> = GroupBy::new();
    /// teams.entry("north").add(&verdict);
    /// assert!(teams.get_mut(&"nort").is_none());
    /// if let Some(north) = teams.get_mut(&"north") {
    ///     north.remove(&verdict)?;
    /// }
    /// assert_eq!(teams.get(&"north").map(Summary::count), Some(0));
    /// assert_eq!(teams.len(), 1);
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn get_mut(&mut self, key: &K) -> Option<&mut S> {
        self.groups.get_mut(key)
    }

    /// How many groups there are.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// Whether there are no groups.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Every group, in no particular order (the fastest way over a million groups); see
    /// [`sorted`](Self::sorted) for key order.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &S)> {
        self.groups.iter()
    }

    /// Every group in key order: what a report or a dashboard lists, and the order the groups
    /// serialise in.
    ///
    /// ```
    /// use service_quality::GroupBy;
    /// use service_quality::metrics::Nps;
    ///
    /// let mut teams: GroupBy<&str, Nps> = GroupBy::new();
    /// for team in ["south", "north", "east"] {
    ///     teams.entry(team).add(9)?;
    /// }
    /// let keys: Vec<&str> = teams.sorted().map(|(k, _)| *k).collect();
    /// assert_eq!(keys, ["east", "north", "south"]);
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn sorted(&self) -> impl Iterator<Item = (&K, &S)>
    where
        K: Ord,
    {
        in_key_order(&self.groups)
    }

    /// The groups as a map.
    pub fn into_map(self) -> HashMap<K, S> {
        self.groups
    }
}

/// A map's entries in key order.
fn in_key_order<K: Ord, S>(groups: &HashMap<K, S>) -> impl Iterator<Item = (&K, &S)> {
    let mut entries: Vec<(&K, &S)> = groups.iter().collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    entries.into_iter()
}

impl<A, B, S> GroupBy<(A, B), S>
where
    A: Hash + Eq + Ord + core::fmt::Display,
    B: Hash + Eq + Ord + core::fmt::Display,
{
    /// The groups of a two-part key as nested maps in key order, first part outside:
    /// `{"north": {"2026-11": summary, ...}, ...}` in JSON, where a tuple key cannot be an
    /// object's key.
    ///
    /// ```
    /// use service_quality::GroupBy;
    /// use service_quality::metrics::Nps;
    ///
    /// let mut by_team_month: GroupBy<(&str, &str), Nps> = GroupBy::new();
    /// by_team_month.entry(("north", "2026-11")).add(10)?;
    /// by_team_month.entry(("north", "2026-10")).add(3)?;
    /// by_team_month.entry(("east", "2026-11")).add(9)?;
    /// let nested = by_team_month.nested();
    /// let months: Vec<&str> = nested["north"].keys().map(String::as_str).collect();
    /// assert_eq!(months, ["2026-10", "2026-11"]);
    /// assert_eq!(nested["east"]["2026-11"].count(), 1);
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn nested(&self) -> BTreeMap<String, BTreeMap<String, &S>> {
        let mut nested: BTreeMap<String, BTreeMap<String, &S>> = BTreeMap::new();
        for ((a, b), summary) in &self.groups {
            nested
                .entry(a.to_string())
                .or_default()
                .insert(b.to_string(), summary);
        }
        nested
    }
}

impl<A, B, C, S> GroupBy<(A, B, C), S>
where
    A: Hash + Eq + Ord + core::fmt::Display,
    B: Hash + Eq + Ord + core::fmt::Display,
    C: Hash + Eq + Ord + core::fmt::Display,
{
    /// The groups of a three-part key as nested maps in key order (store, then week, then
    /// channel, say); see the two-part `nested`.
    pub fn nested(&self) -> BTreeMap<String, BTreeMap<String, BTreeMap<String, &S>>> {
        let mut nested: BTreeMap<String, BTreeMap<String, BTreeMap<String, &S>>> = BTreeMap::new();
        for ((a, b, c), summary) in &self.groups {
            nested
                .entry(a.to_string())
                .or_default()
                .entry(b.to_string())
                .or_default()
                .insert(c.to_string(), summary);
        }
        nested
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

impl<K: Hash + Eq + Clone, S: TryMerge + Default + Clone> TryMerge for GroupBy<K, S> {
    /// Merges key by key; if any pair of summaries refuses, nothing is merged.
    fn try_merge(&mut self, other: &Self) -> Result<()> {
        let mut merged = self.clone();
        for (key, summary) in &other.groups {
            merged.entry(key.clone()).try_merge(summary)?;
        }
        *self = merged;
        Ok(())
    }
}

impl<K: Hash + Eq, S: Default> Default for GroupBy<K, S> {
    fn default() -> Self {
        GroupBy::new()
    }
}

impl<K: Hash + Eq, S: Default> FromIterator<(K, S)> for GroupBy<K, S> {
    fn from_iter<I: IntoIterator<Item = (K, S)>>(iter: I) -> Self {
        GroupBy {
            groups: iter.into_iter().collect(),
        }
    }
}

#[cfg(feature = "serde")]
mod serde_impls {
    use core::fmt::Debug;
    use core::hash::Hash;

    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::{GroupBy, ItemSummary, Summary, Totals};
    use crate::scoring::Dimension;
    use crate::scoring::dimension::{NamedPairs, collect_pairs, serialize_named};
    use crate::scoring::numeric::{ExactSum, FixedSum};

    /// An exact sum as JSON carries it: its whole number of 2^-52 units as a decimal string
    /// (a JSON number keeps only 53 bits, and many readers parse every number as an `f64`).
    #[derive(Clone, Copy)]
    pub(crate) struct Units(pub(crate) u128);

    impl Serialize for Units {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_str(&self.0)
        }
    }

    impl<'de> Deserialize<'de> for Units {
        fn deserialize<De: Deserializer<'de>>(deserializer: De) -> Result<Self, De::Error> {
            let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
            text.parse().map(Units).map_err(|_| {
                De::Error::custom(format!(
                    "exact sum '{text}' is not a whole number of units, expected its decimal \
                     digits in a string"
                ))
            })
        }
    }

    /// A stored sum: exact when its units were written (the format since 0.2), and otherwise
    /// (0.1's plain `f64`) truncated to the 2^-52 grid. When both are given they must agree.
    pub(crate) fn stored_sum(
        field: &'static str,
        item: &str,
        value: f64,
        exact: Option<Units>,
    ) -> crate::scoring::Result<ExactSum> {
        stored_fixed(field, item, value, exact)
    }

    /// [`stored_sum`] on any grid.
    pub(crate) fn stored_fixed<const BITS: u32>(
        field: &'static str,
        item: &str,
        value: f64,
        exact: Option<Units>,
    ) -> crate::scoring::Result<FixedSum<BITS>> {
        let value = crate::scoring::numeric::non_negative(field, value)?;
        let Some(Units(units)) = exact else {
            return Ok(FixedSum::from_value(value));
        };
        let sum = FixedSum::from_units(units);
        // `+ 0.0` reads a stored -0 as 0, the value an exact sum of nothing has.
        if (value + 0.0).to_bits() == sum.value().to_bits() {
            Ok(sum)
        } else {
            Err(crate::scoring::Error::Inconsistent {
                field,
                value: value.to_string(),
                expected: format!("{} for '{item}', the value of its exact sum", sum.value()),
            })
        }
    }

    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Bands {
        poor: u64,
        needs_improvement: u64,
        good: u64,
        excellent: u64,
    }

    /// `{"count": 3, "scored": 3, "sum": 195.0, "sum_exact": "878201869218267136000",
    /// "sum_of_squares": 13225.0, "sum_of_squares_exact": "...", "bands": {"poor": 1, ...},
    /// "critical_failures": 1}`
    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct TotalsForm {
        count: u64,
        scored: u64,
        sum: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sum_exact: Option<Units>,
        sum_of_squares: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sum_of_squares_exact: Option<Units>,
        bands: Bands,
        critical_failures: u64,
    }

    impl Serialize for Totals {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let [poor, needs_improvement, good, excellent] = self.band_counts();
            TotalsForm {
                count: self.count,
                scored: self.scored(),
                sum: self.overall_sum(),
                sum_exact: Some(Units(self.overall.sum_units())),
                sum_of_squares: self.overall_sum_of_squares(),
                sum_of_squares_exact: Some(Units(self.overall.squares_units())),
                bands: Bands {
                    poor,
                    needs_improvement,
                    good,
                    excellent,
                },
                critical_failures: self.critical_failures,
            }
            .serialize(serializer)
        }
    }

    impl<'de> Deserialize<'de> for Totals {
        fn deserialize<De: Deserializer<'de>>(deserializer: De) -> Result<Self, De::Error> {
            let f = TotalsForm::deserialize(deserializer)?;
            let b = f.bands;
            let build = || {
                Totals::from_stored(super::StoredTotals {
                    count: f.count,
                    scored: f.scored,
                    sum_units: stored_sum("sum", "overall", f.sum, f.sum_exact)?.units(),
                    sum_of_squares_units: stored_sum(
                        "sum_of_squares",
                        "overall",
                        f.sum_of_squares,
                        f.sum_of_squares_exact,
                    )?
                    .units(),
                    bands: [b.poor, b.needs_improvement, b.good, b.excellent],
                    critical_failures: f.critical_failures,
                })
            };
            build().map_err(De::Error::custom)
        }
    }

    /// `{"answered": 2, "counted": 2, "sum": 175.0, "sum_exact": "788127774260373504000",
    /// "critical_failures": 0}`
    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(crate) struct ItemForm {
        pub(crate) answered: u64,
        pub(crate) counted: u64,
        pub(crate) sum: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub(crate) sum_exact: Option<Units>,
        pub(crate) critical_failures: u64,
    }

    impl From<&ItemSummary> for ItemForm {
        fn from(item: &ItemSummary) -> Self {
            ItemForm {
                answered: item.answered,
                counted: item.counted,
                sum: item.sum(),
                sum_exact: Some(Units(item.sum.units())),
                critical_failures: item.critical_failures,
            }
        }
    }

    impl ItemForm {
        /// The item's totals, checked against the evaluation count.
        pub(crate) fn checked(
            &self,
            item: &str,
            count: u64,
        ) -> crate::scoring::Result<ItemSummary> {
            let stored = super::StoredItem {
                answered: self.answered,
                counted: self.counted,
                sum_units: stored_sum("sum", item, self.sum, self.sum_exact)?.units(),
                critical_failures: self.critical_failures,
            };
            ItemSummary::from_stored(item, stored, count)
        }
    }

    impl Serialize for ItemSummary {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            ItemForm::from(self).serialize(serializer)
        }
    }

    /// `{"overall": {...}, "items": {"respect": {...}, ...}}`
    impl<D: Dimension> Serialize for Summary<D> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            struct Items<'a, D: Dimension>(&'a Summary<D>);
            impl<D: Dimension> Serialize for Items<'_, D> {
                fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    serialize_named(s, self.0.items())
                }
            }
            #[derive(Serialize)]
            #[serde(bound = "D: Dimension")]
            struct Form<'a, D: Dimension> {
                overall: &'a Totals,
                items: Items<'a, D>,
            }
            Form {
                overall: &self.totals,
                items: Items(self),
            }
            .serialize(serializer)
        }
    }

    impl<'de, D: Dimension> Deserialize<'de> for Summary<D> {
        fn deserialize<De: Deserializer<'de>>(deserializer: De) -> Result<Self, De::Error> {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields, bound = "D: Dimension")]
            struct Form<D: Dimension> {
                overall: Totals,
                items: NamedPairs<D, ItemForm>,
            }
            let f = Form::<D>::deserialize(deserializer)?;
            summary_from_form(f.overall, f.items).map_err(De::Error::custom)
        }
    }

    /// A summary from its JSON parts (`overall` and `items`), each item checked against the
    /// count: shared with the summaries that embed one in a wider form.
    pub(crate) fn summary_from_form<D: Dimension>(
        overall: Totals,
        items: NamedPairs<D, ItemForm>,
    ) -> crate::scoring::Result<Summary<D>> {
        let forms = collect_pairs("item totals for", items.0)?;
        let items =
            enum_map::EnumMap::try_from_fn(|d: D| forms[d].checked(d.key(), overall.count()))?;
        Ok(Summary {
            totals: overall,
            items,
        })
    }

    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Entry<K, S> {
        key: K,
        summary: S,
    }

    impl<K: Hash + Eq + Ord + Serialize, S: Serialize> Serialize for GroupBy<K, S> {
        /// A list of `{"key": ..., "summary": ...}` entries in key order, so the same groups
        /// always write the same text.
        fn serialize<Se: Serializer>(&self, serializer: Se) -> Result<Se::Ok, Se::Error> {
            let groups = super::in_key_order(&self.groups);
            serializer.collect_seq(groups.map(|(key, summary)| Entry { key, summary }))
        }
    }

    impl<'de, K, S> Deserialize<'de> for GroupBy<K, S>
    where
        K: Hash + Eq + Debug + Deserialize<'de>,
        S: Deserialize<'de>,
    {
        fn deserialize<De: Deserializer<'de>>(deserializer: De) -> Result<Self, De::Error> {
            let entries = Vec::<Entry<K, S>>::deserialize(deserializer)?;
            let mut groups = std::collections::HashMap::with_capacity(entries.len());
            for Entry { key, summary } in entries {
                if groups.contains_key(&key) {
                    return Err(De::Error::custom(format!(
                        "group key {key:?} appears twice, expected each key once"
                    )));
                }
                groups.insert(key, summary);
            }
            Ok(GroupBy { groups })
        }
    }
}

#[cfg(feature = "serde")]
pub(crate) use serde_impls::{ItemForm, Units, stored_fixed, stored_sum, summary_from_form};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proud::{Assessment, Principle};
    use crate::testing::assert_close;

    /// Units of one point, as the exact sums keep them.
    const U: u128 = ExactSum::ONE;

    #[test]
    fn squares_fit_exactly_decides_in_units_and_defers_what_it_cannot() {
        // One score of 100: both inequalities hold with equality.
        assert!(squares_fit_exactly(100 * U, 10_000 * U, 1));
        // Squares one unit beyond 100 times the sum: no scores in 0..=100 give that.
        assert!(!squares_fit_exactly(100 * U, 10_000 * U + 1, 1));
        // Two scores of 1 sum to 2 and their squares to 2; squares of 1 are impossible.
        assert!(squares_fit_exactly(2 * U, 2 * U, 2));
        assert!(!squares_fit_exactly(2 * U, U, 2));
        // Cauchy-Schwarz with one unit to spare either way: 3 and 5 (sum 8, squares 34).
        assert!(squares_fit_exactly(8 * U, 34 * U, 2));
        assert!(!squares_fit_exactly(8 * U + 1, 32 * U, 2));
        // Nothing scored: only zero totals fit.
        assert!(squares_fit_exactly(0, 0, 0));
        assert!(!squares_fit_exactly(0, 1, 0));
        // Sums too large to square in 128 bits, and products that overflow, are left to the
        // float check rather than decided wrongly.
        assert!(!squares_fit_exactly(1 << 64, 1 << 70, 1 << 20));
        assert!(!squares_fit_exactly(u128::MAX / 50, u128::MAX / 50, 1));
        assert!(!squares_fit_exactly(1 << 63, 100 << 63, u64::MAX));
    }

    #[test]
    fn sum_fits_exactly_at_a_hundred_points_a_score() {
        assert!(sum_fits_exactly(0, 0));
        assert!(!sum_fits_exactly(1, 0));
        assert!(sum_fits_exactly(300 * U, 3));
        assert!(!sum_fits_exactly(300 * U + 1, 3));
        assert!(sum_fits_exactly(100 * U * u128::from(u64::MAX), u64::MAX));
    }

    #[test]
    fn sums_beyond_the_exact_bound_are_judged_by_the_float_check() {
        // Nothing scored and a unit of sum: refused (the float check has no slack at zero).
        assert!(check_sum("sum", "overall", ExactSum::from_units(1), 0).is_err());
        // Exactly 100 a score passes in units; a unit above it is within the float check's
        // relative slack, so it passes there; far above it is refused with the field named.
        assert!(check_sum("sum", "overall", ExactSum::from_units(300 * U), 3).is_ok());
        assert!(check_sum("sum", "overall", ExactSum::from_units(300 * U + 1), 3).is_ok());
        let err = check_sum("sum", "overall", ExactSum::from_units(301 * U), 3).unwrap_err();
        assert!(
            err.to_string()
                .contains("between 0 and 300 for 'overall' (3 scores)")
        );
        // A stored total whose squares the integer check cannot settle (sum past 2^64 units)
        // still round-trips through the float check.
        let many = summary_of(&[[5, 5, 5, 5, 5]; 50]);
        let back = Summary::from_stored(many.stored_totals(), |d| {
            many.items()
                .find(|(x, _)| *x == d)
                .map(|(_, item)| item.stored())
                .unwrap_or_default()
        })
        .unwrap();
        assert_eq!(back, many);
    }

    fn summary_of(ratings: &[[i64; 5]]) -> Summary<Principle> {
        let policy = crate::proud::ProudPolicy::default();
        let mut s = Summary::new();
        for r in ratings {
            let a = Assessment::from_array(crate::scoring::Scale::ONE_TO_FIVE, *r).unwrap();
            s.add(&a.evaluate(&policy).unwrap());
        }
        s
    }

    #[test]
    fn spread_is_the_sample_variance_and_merges_exactly() {
        // Overall 65, 25 (capped) and 100.
        let all = summary_of(&[[4, 5, 3, 4, 2], [2, 5, 5, 5, 5], [5, 5, 5, 5, 5]]);
        let mean = (65.0 + 25.0 + 100.0) / 3.0;
        let variance = [65.0_f64, 25.0, 100.0]
            .iter()
            .map(|x| (x - mean) * (x - mean))
            .sum::<f64>()
            / 2.0;
        assert_close(all.overall_variance().unwrap(), variance);
        let mut parts = summary_of(&[[4, 5, 3, 4, 2]]);
        parts.merge(&summary_of(&[[2, 5, 5, 5, 5], [5, 5, 5, 5, 5]]));
        assert_eq!(parts, all);
        assert_eq!(summary_of(&[[4, 5, 3, 4, 2]]).overall_variance(), None);
    }

    #[test]
    fn weakest_is_the_lowest_mean_of_the_counted_items() {
        let passing = summary_of(&[[4, 5, 3, 4, 2], [5, 5, 4, 4, 3]]);
        assert_eq!(passing.weakest(), Some(Principle::Deliver));
        // P failed once (50 on average) but Deliver averages 62.5 and Ownership 75: P is weakest.
        let failing = summary_of(&[[4, 5, 3, 4, 2], [2, 5, 5, 5, 5]]);
        assert_eq!(failing.critical_failures(), 1);
        assert_eq!(
            failing
                .item(Principle::PoliteAndProfessional)
                .critical_failures(),
            1
        );
        assert_eq!(failing.weakest(), Some(Principle::PoliteAndProfessional));
        // One failure does not make P the weakest when others are weaker on average.
        let one_failure = summary_of(&[[2, 5, 5, 5, 5], [5, 5, 1, 5, 1], [5, 5, 1, 5, 1]]);
        assert_eq!(one_failure.weakest(), Some(Principle::Ownership));
        assert_eq!(Summary::<Principle>::new().weakest(), None);
    }

    #[test]
    fn summaries_differing_in_any_total_are_unequal() {
        let base = summary_of(&[[4, 5, 3, 4, 2], [2, 5, 5, 5, 5]]);
        for other in [
            summary_of(&[[4, 5, 3, 4, 2]]),
            summary_of(&[[4, 5, 3, 4, 2], [2, 5, 5, 5, 4]]),
            summary_of(&[[4, 5, 3, 4, 2], [3, 5, 5, 5, 5]]),
        ] {
            assert_ne!(other, base);
        }
        assert_eq!(summary_of(&[[2, 5, 5, 5, 5], [4, 5, 3, 4, 2]]), base);
    }

    #[test]
    fn stored_totals_must_be_consistent() {
        let sums = |n: u64, sum: f64, squares: f64| {
            ScoreSums::from_units(
                n,
                ExactSum::from_value(sum).units(),
                ExactSum::from_value(squares).units(),
            )
        };
        let ok = Totals {
            count: 2,
            overall: sums(2, 90.0, 65.0 * 65.0 + 25.0 * 25.0),
            bands: EnumMap::from_array([1, 1, 0, 0]),
            critical_failures: 1,
        };
        assert!(ok.check().is_ok());
        let broken = [
            Totals {
                overall: sums(3, 90.0, 65.0 * 65.0 + 25.0 * 25.0),
                ..ok
            },
            Totals {
                bands: EnumMap::from_array([2, 1, 0, 0]),
                ..ok
            },
            Totals {
                critical_failures: 3,
                ..ok
            },
            Totals {
                overall: sums(2, 201.0, 65.0 * 65.0 + 25.0 * 25.0),
                ..ok
            },
            // Two scores summing to 90 have squares of at least 90² / 2 = 4050.
            Totals {
                overall: sums(2, 90.0, 4000.0),
                ..ok
            },
            Totals {
                overall: sums(2, 90.0, f64::NAN),
                ..ok
            },
        ];
        for totals in broken {
            assert!(
                matches!(totals.check(), Err(Error::Inconsistent { .. })),
                "{totals:?}"
            );
        }
    }
}
