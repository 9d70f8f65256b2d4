//! Cronbach's alpha.

use super::common_width;
use crate::error::finite;
use crate::numeric::unit_scale;
use crate::{Dimension, Error, Ratings, Result};

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

    let alpha_of = |items: usize, sum_item_var: f64, var_total: f64| -> Option<f64> {
        (items >= 2 && var_total > 0.0).then(|| {
            let items = items as f64;
            items / (items - 1.0) * (1.0 - sum_item_var / var_total)
        })
    };
    let sum_var: f64 = item_var.iter().sum();
    let alpha = alpha_of(k, sum_var, total_var).ok_or(Error::Degenerate {
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
