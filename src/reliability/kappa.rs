//! Cohen's kappa for two raters and Fleiss' kappa for many.

use super::common_width;
use crate::macros::named_enum;
use crate::{Error, Result};

named_enum! {
    /// How Cohen's kappa weighs a disagreement.
    pub enum Weighting as "kappa weighting",
        expecting "one of: unweighted, linear, quadratic"
    {
        /// Any disagreement counts fully: for categories with no order.
        Unweighted,
        /// A disagreement counts in proportion to the distance between the two values.
        Linear,
        /// A disagreement counts with the square of the distance: near misses count little.
        Quadratic,
    }
}

impl Weighting {
    /// The disagreement weight of values `a` and `b`.
    fn weight(self, a: i64, b: i64) -> f64 {
        // abs_diff cannot overflow, whatever the two labels.
        let d = a.abs_diff(b) as f64;
        match self {
            Weighting::Unweighted => f64::from(u8::from(a != b)),
            Weighting::Linear => d,
            Weighting::Quadratic => d * d,
        }
    }
}

/// Cohen's kappa for two raters who each placed the same subjects in categories.
///
/// `κ = 1 − Σ wᵢⱼ oᵢⱼ / Σ wᵢⱼ eᵢⱼ`, where `o` is the observed joint distribution, `e` the one
/// expected by chance from the two raters' marginals, and `w` the [`Weighting`]. Unweighted, this
/// is the familiar `(pₒ − pₑ) / (1 − pₑ)`.
///
/// Categories are integers. The categories are the values either rater used; weights use the
/// distance between the values themselves, so on an ordinal scale a category nobody used still
/// counts in the distance. (scikit-learn's `cohen_kappa_score` uses positions among the observed
/// labels; the two agree whenever no value between the smallest and largest is unused.)
///
/// # Errors
///
/// [`Error::Mismatch`] when the raters rated different numbers of subjects, [`Error::Empty`]
/// with no subjects, and [`Error::Degenerate`] when agreement by chance is already perfect
/// (both raters used one and the same category throughout).
///
/// ```
/// use service_quality::reliability::{cohen_kappa, Weighting};
///
/// // 50 proposals judged yes (1) or no (0): 20 both yes, 15 both no, 5 and 10 split.
/// let mut a = vec![1; 25];
/// a.extend([0; 25]);
/// let mut b = vec![1; 20];
/// b.extend([0; 5]);
/// b.extend([1; 10]);
/// b.extend([0; 15]);
/// assert!((cohen_kappa(&a, &b, Weighting::Unweighted)? - 0.4).abs() < 1e-12);
///
/// assert_eq!(
///     cohen_kappa(&[3, 3], &[3, 3], Weighting::Unweighted).unwrap_err().to_string(),
///     "Cohen's kappa is undefined: chance agreement is already perfect (one category only)"
/// );
/// # Ok::<(), service_quality::Error>(())
/// ```
pub fn cohen_kappa(first: &[i64], second: &[i64], weighting: Weighting) -> Result<f64> {
    if first.len() != second.len() {
        return Err(Error::Mismatch {
            field: "number of subjects rated",
            found: second.len().to_string(),
            expected: first.len().to_string(),
        });
    }
    if first.is_empty() {
        return Err(Error::Empty {
            what: "rating pairs",
            item: "subject",
        });
    }
    // Observed disagreement pair by pair; chance disagreement from each rater's tally of
    // categories, so no category × category table is needed.
    let disagreement: f64 = first
        .iter()
        .zip(second)
        .map(|(&a, &b)| weighting.weight(a, b))
        .sum();
    let n = first.len() as f64;
    let (first_tally, second_tally) = (tally(first), tally(second));
    let mut chance = 0.0;
    for &(a, count_a) in &first_tally {
        for &(b, count_b) in &second_tally {
            chance += weighting.weight(a, b) * count_a * count_b / n;
        }
    }
    if chance <= 0.0 {
        return Err(Error::Degenerate {
            what: "Cohen's kappa",
            reason: "chance agreement is already perfect (one category only)",
        });
    }
    Ok(1.0 - disagreement / chance)
}

/// Each distinct value of `values` with how many times it occurs, in ascending order.
fn tally(values: &[i64]) -> Vec<(i64, f64)> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    sorted
        .chunk_by(|a, b| a == b)
        .filter_map(|run| run.first().map(|&v| (v, run.len() as f64)))
        .collect()
}

/// Fleiss' kappa for many raters: each row is one subject, each column one category, and each
/// cell the number of raters who put that subject in that category. Every subject must have the
/// same number of raters, at least two.
///
/// With `N` subjects, `n` raters each and `nᵢⱼ` the counts:
/// `Pᵢ = (Σⱼ nᵢⱼ² − n) / (n(n − 1))`, `P̄ = mean Pᵢ`, `pⱼ = Σᵢ nᵢⱼ / (N n)`, `P̄ₑ = Σⱼ pⱼ²`, and
/// `κ = (P̄ − P̄ₑ) / (1 − P̄ₑ)`.
///
/// # Errors
///
/// [`Error::Empty`] with no subjects, [`Error::Mismatch`] when rows differ in length or in their
/// number of raters, and [`Error::Degenerate`] with fewer than two raters or when every rating
/// falls in one category.
///
/// ```
/// use service_quality::reliability::fleiss_kappa;
///
/// // Three subjects, four raters, two categories.
/// let kappa = fleiss_kappa(&[[4, 0], [0, 4], [2, 2]])?;
/// assert!((kappa - 5.0 / 9.0).abs() < 1e-12);
/// assert!(fleiss_kappa(&[[4, 0], [4, 0]]).is_err());
/// # Ok::<(), service_quality::Error>(())
/// ```
pub fn fleiss_kappa<R: AsRef<[u64]>>(counts: &[R]) -> Result<f64> {
    let categories = common_width(counts, "number of categories")?;
    // Row totals in u128: no table of u64 counts can overflow them.
    let raters_of = |row: &R| row.as_ref().iter().map(|&c| u128::from(c)).sum::<u128>();
    let raters = counts.first().map(raters_of).ok_or(Error::Empty {
        what: "Fleiss' kappa table",
        item: "subject",
    })?;
    if let Some(row) = counts.iter().find(|r| raters_of(r) != raters) {
        return Err(Error::Mismatch {
            field: "raters per subject",
            found: raters_of(row).to_string(),
            expected: raters.to_string(),
        });
    }
    if raters < 2 {
        return Err(Error::Degenerate {
            what: "Fleiss' kappa",
            reason: "it needs at least two raters per subject",
        });
    }
    let (n, subjects) = (raters as f64, counts.len() as f64);
    let mut mean_agreement = 0.0;
    let mut totals = vec![0.0; categories];
    for row in counts {
        let squares: f64 = row.as_ref().iter().map(|&c| (c as f64).powi(2)).sum();
        mean_agreement += (squares - n) / (n * (n - 1.0));
        for (t, &c) in totals.iter_mut().zip(row.as_ref()) {
            *t += c as f64;
        }
    }
    mean_agreement /= subjects;
    let chance: f64 = totals.iter().map(|t| (t / (subjects * n)).powi(2)).sum();
    if chance >= 1.0 {
        return Err(Error::Degenerate {
            what: "Fleiss' kappa",
            reason: "every rating falls in one category",
        });
    }
    Ok((mean_agreement - chance) / (1.0 - chance))
}
