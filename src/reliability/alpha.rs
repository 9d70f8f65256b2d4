//! Cronbach's alpha, with Feldt's interval and a choice of how missing answers are handled.

use super::common_width;
use crate::metrics::{Interval, Level, f_quantile};
use crate::scoring::macros::named_enum;
use crate::scoring::numeric::finite;
use crate::scoring::numeric::unit_scale;
use crate::scoring::{Dimension, Error, Ratings, Result};

named_enum! {
    /// How [`cronbach_alpha_with_missing`] treats respondents who skipped an item.
    #[non_exhaustive]
    pub enum Missing as "missing-answer policy", expecting "one of: pairwise, listwise" {
        /// Each variance and covariance from the respondents who answered both items of the
        /// pair, so every answer is used. The default of pingouin's `cronbach_alpha`
        /// (`nan_policy="pairwise"`) and of R's `psych::alpha`. Prefer it when answers are
        /// missing at random and few. Covariances taken from different respondents need not
        /// fit together, so on small or patchy data alpha can come out above 1 (pingouin gives
        /// the same number); treat that as a sign there is too little data.
        Pairwise,
        /// Only respondents who answered every item (pingouin's `nan_policy="listwise"`, R's
        /// `use="complete.obs"`). Prefer it when skipping an item may mean something, or when
        /// a later analysis uses the same complete respondents.
        Listwise,
    }
}

/// Cronbach's alpha for a set of items, with alpha if each item is deleted.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CronbachAlpha {
    alpha: f64,
    respondents: usize,
    if_deleted: Vec<Option<f64>>,
}

impl CronbachAlpha {
    /// Alpha for all items.
    pub const fn alpha(&self) -> f64 {
        self.alpha
    }

    /// The number of items.
    pub fn items(&self) -> usize {
        self.if_deleted.len()
    }

    /// The number of respondents.
    pub const fn respondents(&self) -> usize {
        self.respondents
    }

    /// Alpha of the remaining items when each item in turn is left out; `None` where it does not
    /// exist (one item left, or the remaining items' total has no variance). An item whose
    /// removal raises alpha is measuring something else.
    pub fn if_deleted(&self) -> &[Option<f64>] {
        &self.if_deleted
    }

    /// Feldt's interval for alpha (Feldt, 1965, "The approximate sampling distribution of
    /// Kuder-Richardson reliability coefficient twenty", *Psychometrika* 30(3)): with `n`
    /// respondents and `k` items, `(1 − α) / (1 − α̂)` follows an F distribution on `n − 1` and
    /// `(n − 1)(k − 1)` degrees of freedom, so the bounds are
    /// `1 − (1 − α̂) F(1 − γ/2)` and `1 − (1 − α̂) F(γ/2)` with `γ = 1 − level`; this is the
    /// interval pingouin reports.
    ///
    /// `n` is [`CronbachAlpha::respondents`]: with pairwise handling of missing answers that is
    /// every respondent, as pingouin counts them.
    ///
    /// ```
    /// use service_quality::metrics::Level;
    /// use service_quality::reliability::cronbach_alpha;
    ///
    /// let answers = [[4.0, 5.0, 4.0], [2.0, 3.0, 3.0], [5.0, 5.0, 4.0], [1.0, 2.0, 2.0], [3.0, 3.0, 4.0]];
    /// let a = cronbach_alpha(&answers)?;
    /// let ci = a.interval(Level::default());
    /// assert!(ci.lower() < a.alpha() && a.alpha() < ci.upper() && ci.upper() <= 1.0);
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn interval(&self, level: Level) -> Interval {
        // At least two respondents and two items, so both degrees of freedom are at least one.
        let d1 = self.respondents as f64 - 1.0;
        let d2 = d1 * (self.items() as f64 - 1.0);
        let gap = 1.0 - self.alpha;
        let tail = level.alpha() / 2.0;
        let (a, b) = (
            1.0 - gap * f_quantile(d1, d2, 1.0 - tail),
            1.0 - gap * f_quantile(d1, d2, tail),
        );
        // For a pairwise alpha above 1 the gap is negative and the two bounds swap places.
        Interval::new(self.alpha, a.min(b), a.max(b), level).reaching(self.alpha)
    }
}

/// Cronbach's alpha of a respondents × items table.
///
/// `α = k / (k − 1) × (1 − Σ var(itemᵢ) / var(total))`, with `k` items and sample variances.
///
/// # Errors
///
/// [`Error::Mismatch`] when rows differ in length, [`Error::ValueOutOfRange`] for a non-finite
/// answer, and [`Error::Degenerate`] with fewer than two items or two respondents, or when the
/// respondents' totals do not vary.
///
/// ```
/// use service_quality::reliability::cronbach_alpha;
///
/// // Four respondents, three items on 1-5.
/// let answers = [[4.0, 5.0, 4.0], [2.0, 3.0, 3.0], [5.0, 5.0, 4.0], [1.0, 2.0, 2.0]];
/// let a = cronbach_alpha(&answers)?;
/// assert!(a.alpha() > 0.9);
/// assert_eq!(a.if_deleted().len(), 3);
///
/// assert_eq!(
///     cronbach_alpha(&[[3.0, 3.0], [3.0, 3.0]]).unwrap_err().to_string(),
///     "Cronbach's alpha is undefined: the respondents' totals do not vary"
/// );
/// # Ok::<(), service_quality::Error>(())
/// ```
pub fn cronbach_alpha<R: AsRef<[f64]>>(rows: &[R]) -> Result<CronbachAlpha> {
    let k = common_width(rows, "number of items")?;
    let n = rows.len();
    if k < 2 || n < 2 {
        return Err(Error::Degenerate {
            part: None,
            what: "Cronbach's alpha",
            reason: "it needs at least two items and two respondents",
        });
    }
    for row in rows {
        for &v in row.as_ref() {
            finite("answer", v)?;
        }
    }

    // Sample variances and covariances by two passes (means first), which avoids the
    // cancellation of the sum-of-squares shortcut. Rows are zipped with the per-item sums rather
    // than indexed, so no index can fall outside a row.
    let nf = n as f64;
    // Alpha is a ratio of variances, so scaling every answer alike leaves it unchanged.
    let scale = unit_scale(rows.iter().flat_map(|r| r.as_ref().iter().copied()));
    let mut means = vec![0.0; k];
    for row in rows {
        for (mean, &v) in means.iter_mut().zip(row.as_ref()) {
            *mean += v * scale;
        }
    }
    means.iter_mut().for_each(|mean| *mean /= nf);
    let mut item_var = vec![0.0; k];
    let mut cov_with_total = vec![0.0; k];
    let mut total_var = 0.0;
    let mut centred = vec![0.0; k];
    for row in rows {
        for ((c, &v), mean) in centred.iter_mut().zip(row.as_ref()).zip(&means) {
            *c = v * scale - mean;
        }
        let total: f64 = centred.iter().sum();
        total_var += total * total / (nf - 1.0);
        for ((var, cov), &c) in item_var.iter_mut().zip(&mut cov_with_total).zip(&centred) {
            *var += c * c / (nf - 1.0);
            // cov(total, itemᵢ), for the variance of the total without item i.
            *cov += total * c / (nf - 1.0);
        }
    }

    // A total variance that rounding left a hair above zero, relative to the items' own, is zero
    // (every respondent's total is the same).
    let alpha_of = |items: usize, sum_item_var: f64, var_total: f64| -> Option<f64> {
        (items >= 2 && var_total > 1e-12 * sum_item_var).then(|| {
            let items = items as f64;
            items / (items - 1.0) * (1.0 - sum_item_var / var_total)
        })
    };
    let sum_var: f64 = item_var.iter().sum();
    let alpha = alpha_of(k, sum_var, total_var).ok_or(Error::Degenerate {
        part: None,
        what: "Cronbach's alpha",
        reason: "the respondents' totals do not vary",
    })?;
    let if_deleted = item_var
        .iter()
        .zip(&cov_with_total)
        .map(|(&var, &cov)| {
            // var(T − Xᵢ) = var(T) − 2 cov(T, Xᵢ) + var(Xᵢ)
            let rest_var = total_var - 2.0 * cov + var;
            // A variance that rounding left a hair from zero, relative to the total's, is zero.
            alpha_of(
                k - 1,
                sum_var - var,
                if rest_var > 1e-12 * total_var {
                    rest_var
                } else {
                    0.0
                },
            )
        })
        .collect();
    Ok(CronbachAlpha {
        alpha,
        respondents: n,
        if_deleted,
    })
}

/// Cronbach's alpha of a respondents × items table with missing answers (`None`), handled as
/// `missing` says.
///
/// With [`Missing::Pairwise`], alpha is computed from the covariance matrix `C` of the items,
/// each entry from the respondents who answered both items: `α = k / (k − 1) × (1 − tr C / ΣC)`
/// (for complete data this is the same alpha as [`cronbach_alpha`]). With
/// [`Missing::Listwise`], respondents with any missing answer are dropped and the rest go to
/// [`cronbach_alpha`].
///
/// # Errors
///
/// [`Error::Mismatch`] when rows differ in length, [`Error::ValueOutOfRange`] for a non-finite
/// answer, and [`Error::Degenerate`] with fewer than two items or two respondents (listwise:
/// two complete respondents), when some pair of items has fewer than two respondents in common
/// (pairwise), or when the total does not vary.
///
/// ```
/// use service_quality::reliability::{cronbach_alpha_with_missing, Missing};
///
/// let answers = [
///     [Some(4.0), Some(5.0), Some(4.0)],
///     [Some(2.0), None, Some(3.0)],
///     [Some(5.0), Some(5.0), Some(4.0)],
///     [Some(1.0), Some(2.0), Some(2.0)],
///     [Some(3.0), Some(3.0), None],
/// ];
/// let pairwise = cronbach_alpha_with_missing(&answers, Missing::Pairwise)?;
/// let listwise = cronbach_alpha_with_missing(&answers, Missing::Listwise)?;
/// assert_eq!((pairwise.respondents(), listwise.respondents()), (5, 3));
///
/// let sparse = [[Some(1.0), None], [None, Some(2.0)], [Some(3.0), None]];
/// assert_eq!(
///     cronbach_alpha_with_missing(&sparse, Missing::Pairwise).unwrap_err().to_string(),
///     "Cronbach's alpha is undefined: some pair of items has fewer than two respondents in common"
/// );
/// # Ok::<(), service_quality::Error>(())
/// ```
pub fn cronbach_alpha_with_missing<R: AsRef<[Option<f64>]>>(
    rows: &[R],
    missing: Missing,
) -> Result<CronbachAlpha> {
    let k = common_width(rows, "number of items")?;
    for row in rows {
        for &v in row.as_ref().iter().flatten() {
            finite("answer", v)?;
        }
    }
    let degenerate = |reason| Error::Degenerate {
        part: None,
        what: "Cronbach's alpha",
        reason,
    };
    match missing {
        Missing::Listwise => {
            let complete: Vec<Vec<f64>> = rows
                .iter()
                .filter_map(|row| row.as_ref().iter().copied().collect::<Option<Vec<f64>>>())
                .collect();
            if k >= 2 && rows.len() >= 2 && complete.len() < 2 {
                return Err(degenerate("fewer than two respondents answered every item"));
            }
            cronbach_alpha(&complete)
        }
        Missing::Pairwise => {
            if k < 2 || rows.len() < 2 {
                return Err(degenerate(
                    "it needs at least two items and two respondents",
                ));
            }
            let (variances, row_sums) = pairwise_covariance(rows, k).ok_or(degenerate(
                "some pair of items has fewer than two respondents in common",
            ))?;
            let trace: f64 = variances.iter().sum();
            let total: f64 = row_sums.iter().sum();
            // As for complete answers, a total variance a hair above zero is zero.
            let alpha_of = |items: usize, trace: f64, total: f64| -> Option<f64> {
                (items >= 2 && total > 1e-12 * trace).then(|| {
                    let items = items as f64;
                    items / (items - 1.0) * (1.0 - trace / total)
                })
            };
            let alpha = alpha_of(k, trace, total)
                .ok_or(degenerate("the respondents' totals do not vary"))?;
            let if_deleted = variances
                .iter()
                .zip(&row_sums)
                .map(|(variance, row_sum)| {
                    // The total without item i loses its row and column, which share C_ii.
                    let rest = total - 2.0 * row_sum + variance;
                    // A total variance that rounding left a hair from zero is zero.
                    alpha_of(
                        k - 1,
                        trace - variance,
                        if rest > 1e-12 * total { rest } else { 0.0 },
                    )
                })
                .collect();
            Ok(CronbachAlpha {
                alpha,
                respondents: rows.len(),
                if_deleted,
            })
        }
    }
}

/// The items' variances and the row sums of their covariance matrix, each covariance from the
/// respondents who answered both items (with means over those respondents, as pandas computes
/// it), all scaled alike by a power of two; `None` when some pair of items has fewer than two
/// respondents in common.
#[allow(
    clippy::indexing_slicing,
    reason = "i and j run below k, the width of every row (checked by the caller) and of the matrix"
)]
fn pairwise_covariance<R: AsRef<[Option<f64>]>>(
    rows: &[R],
    k: usize,
) -> Option<(Vec<f64>, Vec<f64>)> {
    // Alpha is a ratio of variances, so scaling every answer alike leaves it unchanged.
    let scale = unit_scale(
        rows.iter()
            .flat_map(|r| r.as_ref().iter().flatten().copied()),
    );
    let mut covariance = vec![vec![0.0; k]; k];
    for i in 0..k {
        for j in i..k {
            let pairs: Vec<(f64, f64)> = rows
                .iter()
                .filter_map(|row| {
                    let row = row.as_ref();
                    Some((row[i]? * scale, row[j]? * scale))
                })
                .collect();
            if pairs.len() < 2 {
                return None;
            }
            let count = pairs.len() as f64;
            let (mean_i, mean_j) = pairs
                .iter()
                .fold((0.0, 0.0), |(a, b), (x, y)| (a + x / count, b + y / count));
            let value = pairs
                .iter()
                .map(|(x, y)| (x - mean_i) * (y - mean_j))
                .sum::<f64>()
                / (count - 1.0);
            covariance[i][j] = value;
            covariance[j][i] = value;
        }
    }
    let variances = (0..k).map(|i| covariance[i][i]).collect();
    let row_sums = covariance.iter().map(|row| row.iter().sum()).collect();
    Some((variances, row_sums))
}

/// Cronbach's alpha of a model's dimensions, from many people's ratings: does the model hang
/// together as one scale?
///
/// # Errors
///
/// As [`cronbach_alpha`].
///
/// ```
/// use service_quality::{Ratings, Scale};
/// use service_quality::leadership::Area;
/// use service_quality::reliability::cronbach_alpha_of;
///
/// let r = |v| Ratings::<Area>::from_array(Scale::ONE_TO_FIVE, v);
/// let people = [r([4, 5, 4])?, r([2, 2, 3])?, r([5, 4, 5])?, r([1, 2, 1])?];
/// assert!(cronbach_alpha_of(&people)?.alpha() > 0.9);
/// # Ok::<(), service_quality::Error>(())
/// ```
pub fn cronbach_alpha_of<D: Dimension>(ratings: &[Ratings<D>]) -> Result<CronbachAlpha> {
    // Listwise: a person with any dimension answered N/A leaves the calculation.
    let rows: Vec<Vec<f64>> = ratings
        .iter()
        .filter_map(|r| {
            r.iter()
                .map(|(_, rating)| rating.map(|rating| f64::from(rating.get())))
                .collect()
        })
        .collect();
    cronbach_alpha(&rows)
}
