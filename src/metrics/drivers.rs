//! Key-driver analysis: which items (PROUD principles, QA form items, SERVQUAL dimensions) move
//! an outcome (the NPS answer, CSAT, an overall quality score)?
//!
//! For each item, [`key_drivers`] reports
//!
//! - its **Pearson** correlation with the outcome, with the Fisher z interval
//!   `tanh(atanh r ± z / √(n − 3))`;
//! - its **Spearman** rank correlation (Pearson's r of the ranks, ties given their average
//!   rank), with the Fisher z interval using Bonett and Wright's (2000) variance
//!   `(1 + r²/2) / (n − 3)`, which keeps the coverage of rank correlations near the nominal
//!   level;
//! - its **Shapley share** of the explained variance: the R² of the linear regression of the
//!   outcome on all items, divided fairly among them. An item's share is the average, over
//!   every order in which the items could enter the regression, of the R² it adds when it
//!   enters (Lindeman, Merenda and Gold, 1980; Grömping, 2006, "Relative importance for linear
//!   regression in R: the package relaimpo"). The shares are never negative and add up to R²,
//!   and unlike correlations they do not count twice what two related items share.
//!
//! Items are ranked by their Shapley share. The decomposition is exact: it fits the regression
//! on every subset of items, `2^k` of them, so it is limited to [`MAX_ITEMS`] items.
//!
//! ```
//! use service_quality::metrics::Level;
//! use service_quality::metrics::drivers::key_drivers;
//!
//! // Likelihood to recommend, and three QA items on 1-5, for eight customers.
//! let nps = [9.0, 6.0, 10.0, 7.0, 3.0, 8.0, 9.0, 5.0];
//! let items = [
//!     ("resolution", [5.0, 3.0, 5.0, 4.0, 1.0, 4.0, 5.0, 2.0]),
//!     ("tone", [4.0, 4.0, 5.0, 3.0, 2.0, 4.0, 4.0, 3.0]),
//!     ("speed", [3.0, 2.0, 4.0, 4.0, 3.0, 3.0, 5.0, 3.0]),
//! ];
//! let analysis = key_drivers(&nps, &items, Level::default())?;
//! let top = &analysis.drivers()[0];
//! assert_eq!(top.name(), "resolution");
//! let total: f64 = analysis.drivers().iter().map(|d| d.shapley()).sum();
//! assert!((total - analysis.r_squared()).abs() < 1e-12);
//! # Ok::<(), service_quality::Error>(())
//! ```

use crate::metrics::{Interval, Level};
use crate::scoring::numeric::finite;
use crate::scoring::numeric::magnitude_scale;
use crate::scoring::{Error, Result};

/// The most items [`key_drivers`] decomposes: the exact Shapley decomposition fits `2^k`
/// regressions, 32,768 for 15 items (a few milliseconds); beyond that the count doubles with
/// every item.
pub const MAX_ITEMS: usize = 15;

/// One item's part in driving the outcome.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Driver {
    name: String,
    pearson: Interval,
    spearman: Interval,
    shapley: f64,
    share: Option<f64>,
}

impl Driver {
    /// The item's name, as given.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Pearson's r with the outcome, with its Fisher z interval.
    pub const fn pearson(&self) -> Interval {
        self.pearson
    }

    /// Spearman's rank correlation with the outcome, with its Fisher z interval (Bonett and
    /// Wright's variance).
    pub const fn spearman(&self) -> Interval {
        self.spearman
    }

    /// The item's Shapley share of R², in R² units (0..=1): the shares of all items add up to
    /// [`KeyDrivers::r_squared`].
    pub const fn shapley(&self) -> f64 {
        self.shapley
    }

    /// The item's share of the explained variance in percent (the Shapley share divided by
    /// R²); `None` when the items explain nothing at all (R² is zero), so there is nothing to
    /// share.
    pub const fn share(&self) -> Option<f64> {
        self.share
    }
}

/// The result of a key-driver analysis: R² of the outcome on all items, and the items ranked
/// by their Shapley share, largest first (ties in the order given).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct KeyDrivers {
    respondents: usize,
    r_squared: f64,
    drivers: Vec<Driver>,
}

impl KeyDrivers {
    /// The number of respondents.
    pub const fn respondents(&self) -> usize {
        self.respondents
    }

    /// R² of the linear regression of the outcome on every item, 0..=1.
    pub const fn r_squared(&self) -> f64 {
        self.r_squared
    }

    /// The items, ranked by Shapley share, largest first.
    pub fn drivers(&self) -> &[Driver] {
        &self.drivers
    }
}

/// Pearson's correlation of `x` and `y`, with the Fisher z interval
/// `tanh(atanh r ± z / √(n − 3))`.
///
/// # Errors
///
/// [`Error::Mismatch`] when the slices differ in length, [`Error::ValueOutOfRange`] for a
/// value that is not finite, and [`Error::Degenerate`] with fewer than four pairs or when
/// either variable does not vary.
///
/// ```
/// use service_quality::metrics::Level;
/// use service_quality::metrics::drivers::pearson;
///
/// let r = pearson(&[1.0, 2.0, 3.0, 4.0, 5.0], &[2.0, 1.0, 4.0, 3.0, 5.0], Level::default())?;
/// assert!((r.estimate() - 0.8).abs() < 1e-12);
/// assert!(r.lower() < 0.8 && 0.8 < r.upper());
/// assert!(pearson(&[1.0, 1.0, 1.0, 1.0], &[1.0, 2.0, 3.0, 4.0], Level::default()).is_err());
/// # Ok::<(), service_quality::Error>(())
/// ```
pub fn pearson(x: &[f64], y: &[f64], level: Level) -> Result<Interval> {
    let r = correlation(x, y)?;
    Ok(fisher_interval(r, x.len(), 1.0, level))
}

/// Spearman's rank correlation of `x` and `y` (Pearson's r of their ranks, ties given their
/// average rank), with the Fisher z interval using Bonett and Wright's (2000) variance
/// `(1 + r²/2) / (n − 3)`.
///
/// # Errors
///
/// As [`pearson`].
///
/// ```
/// use service_quality::metrics::Level;
/// use service_quality::metrics::drivers::spearman;
///
/// // Monotone but not linear: the rank correlation is 1.
/// let rho = spearman(&[1.0, 2.0, 3.0, 4.0, 5.0], &[1.0, 4.0, 9.0, 16.0, 25.0], Level::default())?;
/// assert!((rho.estimate() - 1.0).abs() < 1e-12);
/// # Ok::<(), service_quality::Error>(())
/// ```
pub fn spearman(x: &[f64], y: &[f64], level: Level) -> Result<Interval> {
    check_pairs(x, y)?;
    let r = correlation(&ranks(x), &ranks(y))?;
    Ok(fisher_interval(r, x.len(), 1.0 + r * r / 2.0, level))
}

/// The key drivers of `outcome` among the named `items`: each item's Pearson and Spearman
/// correlation with the outcome, with intervals at `level`, and its Shapley share of R², ranked
/// (see the [module documentation](self)).
///
/// Every item holds one score per respondent, in the same order as `outcome`; respondents with
/// a missing answer are left out by the caller beforehand.
///
/// # Errors
///
/// - [`Error::Empty`] with no items;
/// - [`Error::ValueOutOfRange`] with more than [`MAX_ITEMS`] items, or for a value that is not
///   finite;
/// - [`Error::EmptyText`] for an empty name and [`Error::Duplicate`] for a name given twice;
/// - [`Error::Mismatch`] when an item's scores are not one per respondent;
/// - [`Error::Degenerate`] with fewer than four respondents or fewer than two more respondents
///   than items (the regression would fit perfectly and say nothing);
/// - [`Error::Degenerate`] naming the outcome or an item whose scores do not vary.
///
/// ```
/// use service_quality::metrics::Level;
/// use service_quality::metrics::drivers::key_drivers;
///
/// let outcome = [3.0, 5.0, 4.0, 2.0, 5.0];
/// let flat = [("tone", [4.0; 5])];
/// assert_eq!(
///     key_drivers(&outcome, &flat, Level::default()).unwrap_err().to_string(),
///     "key driver analysis is undefined for 'tone': its scores do not vary"
/// );
/// ```
pub fn key_drivers<N: AsRef<str>, C: AsRef<[f64]>>(
    outcome: &[f64],
    items: &[(N, C)],
    level: Level,
) -> Result<KeyDrivers> {
    let k = items.len();
    if k == 0 {
        return Err(Error::Empty {
            what: "key driver analysis",
            item: "item",
        });
    }
    if k > MAX_ITEMS {
        return Err(Error::IntegerOutOfRange {
            field: "number of driver items",
            value: k.to_string(),
            expected: "at most 15 (the exact Shapley decomposition fits every subset of items)",
        });
    }
    let mut names: Vec<&str> = Vec::with_capacity(k);
    for (name, scores) in items {
        let name = name.as_ref().trim();
        if name.is_empty() {
            return Err(Error::EmptyText { field: "item name" });
        }
        if names.contains(&name) {
            return Err(Error::Duplicate {
                what: "item name",
                key: name.to_owned(),
            });
        }
        names.push(name);
        check_pairs(outcome, scores.as_ref())?;
    }
    let n = outcome.len();
    if n < 4 || n < k + 2 {
        return Err(Error::Degenerate {
            part: None,
            what: "key driver analysis",
            reason: "it needs at least four respondents and two more respondents than items",
        });
    }

    let varies = |column: &[f64], name: &str| {
        standardised(column).ok_or_else(|| Error::Degenerate {
            what: "key driver analysis",
            part: Some(name.to_owned()),
            reason: "its scores do not vary",
        })
    };
    let outcome_column = varies(outcome, "outcome")?;
    let item_columns: Vec<Vec<f64>> = items
        .iter()
        .zip(&names)
        .map(|((_, scores), name)| varies(scores.as_ref(), name))
        .collect::<Result<_>>()?;
    // Index 0 is the outcome, indices 1..=k the items.
    let columns: Vec<&[f64]> = core::iter::once(outcome_column.as_slice())
        .chain(item_columns.iter().map(Vec::as_slice))
        .collect();
    let correlations = correlation_matrix(&columns);
    let r_squared_of = subset_r_squared(&correlations, k);
    let shapley = shapley_values(&r_squared_of, k);
    let r_squared = r_squared(&correlations, &(1..=k).collect::<Vec<_>>());
    let outcome_ranks = ranks(outcome);

    let mut drivers = Vec::with_capacity(k);
    for (((name, (_, scores)), column), value) in
        names.iter().zip(items).zip(&item_columns).zip(shapley)
    {
        let r = dot(&outcome_column, column).clamp(-1.0, 1.0);
        let rho = correlation(&ranks(scores.as_ref()), &outcome_ranks)?;
        drivers.push(Driver {
            name: (*name).to_owned(),
            pearson: fisher_interval(r, n, 1.0, level),
            spearman: fisher_interval(rho, n, 1.0 + rho * rho / 2.0, level),
            shapley: value,
            share: (r_squared > 0.0).then(|| 100.0 * value / r_squared),
        });
    }
    // Stable: equal shares keep the order the items were given in.
    drivers.sort_by(|a, b| b.shapley.total_cmp(&a.shapley));
    Ok(KeyDrivers {
        respondents: n,
        r_squared,
        drivers,
    })
}

/// Checks that two variables pair up and hold finite values.
fn check_pairs(x: &[f64], y: &[f64]) -> Result<()> {
    if x.len() != y.len() {
        return Err(Error::Mismatch {
            field: "number of scores",
            found: y.len().to_string(),
            expected: x.len().to_string(),
        });
    }
    for &v in x.iter().chain(y) {
        finite("score", v)?;
    }
    Ok(())
}

/// Pearson's r of two validated variables.
fn correlation(x: &[f64], y: &[f64]) -> Result<f64> {
    check_pairs(x, y)?;
    if x.len() < 4 {
        return Err(Error::Degenerate {
            part: None,
            what: "correlation interval",
            reason: "it needs at least four pairs",
        });
    }
    pearson_r(x, y).ok_or(Error::Degenerate {
        part: None,
        what: "correlation",
        reason: "one of the variables does not vary",
    })
}

/// Pearson's r of two equally long variables of finite values, or `None` when either does not
/// vary. The one correlation of the crate: the intervals here and the team
/// [`reflection`](crate::team::reflection) both rest on it.
pub(crate) fn pearson_r(x: &[f64], y: &[f64]) -> Option<f64> {
    let (sx, sy) = (standardised(x)?, standardised(y)?);
    Some(dot(&sx, &sy).clamp(-1.0, 1.0))
}

/// The variable centred on its mean and scaled to unit length (so that the dot product of two
/// such vectors is their correlation), or `None` when it does not vary.
fn standardised(values: &[f64]) -> Option<Vec<f64>> {
    // A correlation does not change when a variable is scaled; scaling by a power of two keeps
    // squares of values near f64::MAX finite, and those of values near 1e-200 above zero.
    let scale = magnitude_scale(values.iter().copied());
    let n = values.len() as f64;
    let mean = values.iter().map(|v| v * scale).sum::<f64>() / n;
    let centred: Vec<f64> = values.iter().map(|v| v * scale - mean).collect();
    let length = dot(&centred, &centred).sqrt();
    // Rounding can leave a constant column a hair from zero; relative to its values that is
    // zero variance.
    let largest = centred.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    (length > 0.0 && largest > 1e-12 * mean.abs())
        .then(|| centred.iter().map(|v| v / length).collect())
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Ranks from 1, ties given the average of the ranks they span. The values are finite.
fn ranks(values: &[f64]) -> Vec<f64> {
    // Adding zero turns −0 into +0, so the two zeros tie.
    let mut order: Vec<(usize, f64)> = values.iter().map(|v| v + 0.0).enumerate().collect();
    order.sort_by(|a, b| a.1.total_cmp(&b.1));
    let mut ranks = vec![0.0; values.len()];
    let mut start = 0;
    for run in order.chunk_by(|a, b| a.1.total_cmp(&b.1).is_eq()) {
        // Positions start..start + len share the average rank (start + 1 + start + len) / 2.
        let average = start as f64 + (run.len() as f64 + 1.0) / 2.0;
        for &(index, _) in run {
            if let Some(slot) = ranks.get_mut(index) {
                *slot = average;
            }
        }
        start += run.len();
    }
    ranks
}

/// The Fisher z interval of a correlation from `n` pairs, with variance `factor / (n − 3)` on
/// the z scale; `n` is at least 4.
fn fisher_interval(r: f64, n: usize, factor: f64, level: Level) -> Interval {
    let half = level.z() * (factor / (n as f64 - 3.0)).sqrt();
    // atanh(±1) is infinite and tanh of an infinite value ±1, so a perfect correlation gets the
    // interval [r, r] without a NaN.
    let z = r.atanh();
    Interval::new(r, (z - half).tanh(), (z + half).tanh(), level)
        .reaching(r)
        .limited_to(-1.0, 1.0)
}

/// The correlation matrix of standardised columns.
fn correlation_matrix(columns: &[&[f64]]) -> Vec<Vec<f64>> {
    columns
        .iter()
        .map(|a| columns.iter().map(|b| dot(a, b).clamp(-1.0, 1.0)).collect())
        .collect()
}

/// R² of the outcome (index 0 of `correlations`) on every subset of the `k` items (indices
/// 1..=k), indexed by the subset's bit mask (bit `j` for item `j + 1`).
fn subset_r_squared(correlations: &[Vec<f64>], k: usize) -> Vec<f64> {
    (0..1usize << k)
        .map(|mask| {
            let members: Vec<usize> = (0..k)
                .filter(|j| mask >> j & 1 == 1)
                .map(|j| j + 1)
                .collect();
            r_squared(correlations, &members)
        })
        .collect()
}

/// R² of the outcome on the items `members`, `r′ R⁻¹ r` from the correlation matrix, by a
/// Cholesky factorisation that skips an item the earlier ones already explain (perfectly
/// collinear), which adds nothing to R².
#[allow(
    clippy::indexing_slicing,
    reason = "every index is below members.len() (the factor's size) or is a member, and members \
              are valid indices of the square correlation matrix"
)]
fn r_squared(correlations: &[Vec<f64>], members: &[usize]) -> f64 {
    let m = members.len();
    let mut factor = vec![vec![0.0; m]; m];
    let mut solved = vec![0.0; m];
    let mut explained = 0.0;
    for j in 0..m {
        let cj = members[j];
        let diagonal =
            correlations[cj][cj] - (0..j).map(|l| factor[j][l] * factor[j][l]).sum::<f64>();
        if diagonal <= 1e-10 {
            continue; // collinear with the items before it: its column of the factor stays zero
        }
        let pivot = diagonal.sqrt();
        factor[j][j] = pivot;
        for i in j + 1..m {
            let ci = members[i];
            let sum: f64 = (0..j).map(|l| factor[i][l] * factor[j][l]).sum();
            factor[i][j] = (correlations[ci][cj] - sum) / pivot;
        }
        let sum: f64 = (0..j).map(|l| factor[j][l] * solved[l]).sum();
        solved[j] = (correlations[cj][0] - sum) / pivot;
        explained += solved[j] * solved[j];
    }
    explained.clamp(0.0, 1.0)
}

/// The exact Shapley value of each of the `k` items in the game `r_squared_of` (by subset mask).
#[allow(
    clippy::indexing_slicing,
    reason = "masks are below 2^k, the length of r_squared_of, and subset sizes below k index the \
              k weights"
)]
fn shapley_values(r_squared_of: &[f64], k: usize) -> Vec<f64> {
    // The weight of a subset of size s not containing the item: s! (k − s − 1)! / k!, built as
    // 1 / (k × C(k − 1, s)).
    let mut weights = vec![0.0; k];
    let mut binomial = 1.0; // C(k − 1, s)
    for (s, weight) in weights.iter_mut().enumerate() {
        *weight = 1.0 / (k as f64 * binomial);
        binomial = binomial * (k - 1 - s) as f64 / (s + 1) as f64;
    }
    (0..k)
        .map(|item| {
            let bit = 1usize << item;
            (0..1usize << k)
                .filter(|mask| mask & bit == 0)
                .map(|mask| {
                    let size = mask.count_ones() as usize;
                    weights[size] * (r_squared_of[mask | bit] - r_squared_of[mask])
                })
                .sum()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::assert_close;

    #[test]
    fn ties_share_their_average_rank() {
        assert_eq!(ranks(&[3.0, 1.0, 3.0, 2.0]), vec![3.5, 1.0, 3.5, 2.0]);
    }

    #[test]
    fn two_copies_of_an_item_split_its_share() {
        let outcome = [1.0, 2.0, 4.0, 3.0, 6.0, 5.0];
        let item = [1.0, 3.0, 3.0, 4.0, 5.0, 6.0];
        let one = key_drivers(&outcome, &[("a", item)], Level::default()).unwrap();
        let two = key_drivers(&outcome, &[("a", item), ("b", item)], Level::default()).unwrap();
        assert_close(two.r_squared(), one.r_squared());
        for d in two.drivers() {
            assert_close(d.shapley(), one.r_squared() / 2.0);
            assert_close(d.share().unwrap(), 50.0);
        }
    }

    #[test]
    fn too_many_items_is_an_error() {
        let column = vec![1.0; 20];
        let items: Vec<(String, Vec<f64>)> = (0..=MAX_ITEMS)
            .map(|i| (format!("item {i}"), column.clone()))
            .collect();
        assert_eq!(
            key_drivers(&column, &items, Level::default())
                .unwrap_err()
                .to_string(),
            "number of driver items is 16, expected at most 15 (the exact Shapley decomposition \
             fits every subset of items)"
        );
    }
}
