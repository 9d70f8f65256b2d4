//! Cohen's kappa for two raters (from label vectors or a contingency table, with its asymptotic
//! standard error and interval) and Fleiss' kappa for many.

use std::collections::BTreeMap;

use super::common_width;
use crate::metrics::{Interval, Level};
use crate::scoring::macros::named_enum;
use crate::scoring::{Error, Result};

named_enum! {
    /// How Cohen's kappa weighs a disagreement.
    #[derive(Default)]
    #[non_exhaustive]
    pub enum Weighting as "kappa weighting",
        expecting "one of: unweighted, linear, quadratic, ordinal"
    {
        /// Any disagreement counts fully: for categories with no order. The default.
        #[default]
        Unweighted,
        /// A disagreement counts in proportion to how far apart the two categories are (see
        /// [`Distance`]).
        Linear,
        /// A disagreement counts with the square of how far apart the categories are: near
        /// misses count little.
        Quadratic,
        /// A disagreement `m` steps apart counts `m(m + 1)/2`, the number of pairs of
        /// categories it spans: between linear and quadratic, and the ordinal weights of Gwet's
        /// *Handbook of Inter-Rater Reliability* (R's irrCAC `ordinal.weights`).
        Ordinal,
    }
}

named_enum! {
    /// How far apart two categories are, for a weighted kappa.
    #[derive(Default)]
    #[non_exhaustive]
    pub enum Distance as "kappa distance", expecting "one of: position, value" {
        /// The number of steps between the two categories in their ordered list: adjacent
        /// categories are one apart, whatever their values. The categories are those either
        /// rater used, or an explicit list ([`KappaOptions::try_with_categories`]). This is the
        /// convention of scikit-learn's `cohen_kappa_score`, statsmodels' `cohens_kappa` and
        /// R's `irr::kappa2`, and the default, so results port between them.
        #[default]
        Position,
        /// The difference between the category values themselves: on a 1–5 scale where nobody
        /// used 3, a 2 and a 4 are still two apart. The crate's convention before version 0.1
        /// of this API; it agrees with [`Distance::Position`] whenever the categories are
        /// consecutive integers with none unused.
        Value,
    }
}

/// The options of [`Kappa`]: weighting, distance, an optional explicit list of categories, and
/// the level of the interval.
///
/// The default is unweighted, positions among the categories either rater used, and 95%.
///
/// # Examples
///
/// ```
/// use service_quality::metrics::Level;
/// use service_quality::reliability::{Distance, KappaOptions, Weighting};
///
/// let options = KappaOptions::default()
///     .with_weighting(Weighting::Quadratic)
///     .with_level(Level::new(0.9)?)
///     .try_with_categories([1, 2, 3, 4, 5])?;
/// assert_eq!(options.distance(), Distance::Position);
/// assert_eq!(options.categories(), Some(&[1, 2, 3, 4, 5][..]));
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct KappaOptions {
    weighting: Weighting,
    distance: Distance,
    categories: Option<Vec<i64>>,
    level: Level,
}

impl KappaOptions {
    /// The same options with another weighting.
    #[must_use]
    pub fn with_weighting(self, weighting: Weighting) -> Self {
        KappaOptions { weighting, ..self }
    }

    /// The same options with another distance between categories.
    #[must_use]
    pub fn with_distance(self, distance: Distance) -> Self {
        KappaOptions { distance, ..self }
    }

    /// The same options with another confidence level for the interval.
    #[must_use]
    pub fn with_level(self, level: Level) -> Self {
        KappaOptions { level, ..self }
    }

    /// The same options with an explicit, ordered list of categories. Labels are then checked
    /// against it, the rows and columns of a table are these categories in this order, and
    /// [`Distance::Position`] counts steps in this list, unused categories included (as
    /// scikit-learn's `labels` argument does).
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] for an empty list and [`Error::Duplicate`] for a category listed
    /// twice.
    ///
    /// ```
    /// use service_quality::reliability::KappaOptions;
    ///
    /// assert!(KappaOptions::default().try_with_categories([0, 1]).is_ok());
    /// assert_eq!(
    ///     KappaOptions::default().try_with_categories([1, 2, 1]).unwrap_err().to_string(),
    ///     "duplicate category '1'"
    /// );
    /// ```
    pub fn try_with_categories(self, categories: impl IntoIterator<Item = i64>) -> Result<Self> {
        Ok(KappaOptions {
            categories: Some(category_list(categories)?),
            ..self
        })
    }

    /// The weighting.
    pub const fn weighting(&self) -> Weighting {
        self.weighting
    }

    /// The distance between categories.
    pub const fn distance(&self) -> Distance {
        self.distance
    }

    /// The explicit list of categories, if one was given.
    pub fn categories(&self) -> Option<&[i64]> {
        self.categories.as_deref()
    }

    /// The confidence level of the interval.
    pub const fn level(&self) -> Level {
        self.level
    }
}

/// An explicit category list, checked: not empty, no category twice.
pub(super) fn category_list(categories: impl IntoIterator<Item = i64>) -> Result<Vec<i64>> {
    let categories: Vec<i64> = categories.into_iter().collect();
    if categories.is_empty() {
        return Err(Error::Empty {
            what: "category list",
            item: "category",
        });
    }
    for (i, c) in categories.iter().enumerate() {
        if categories.iter().take(i).any(|earlier| earlier == c) {
            return Err(Error::Duplicate {
                what: "category",
                key: c.to_string(),
            });
        }
    }
    Ok(categories)
}

/// Cohen's kappa between two raters, with its asymptotic standard error and interval.
///
/// With `pᵢⱼ` the share of subjects the first rater put in category `i` and the second in `j`,
/// `rᵢ` and `cⱼ` the two raters' marginal shares, and agreement weights
/// `aᵢⱼ = 1 − dᵢⱼ / max d` (`dᵢⱼ` is 1 for any disagreement unweighted, the [`Distance`]
/// between the categories for linear weights and its square for quadratic ones):
///
/// - observed agreement `pₒ = Σ pᵢⱼ aᵢⱼ`, chance agreement `pₑ = Σ rᵢ cⱼ aᵢⱼ`, and
///   `κ = (pₒ − pₑ) / (1 − pₑ)`;
/// - the asymptotic variance of Fleiss, Cohen and Everitt (1969, "Large sample standard errors
///   of kappa and weighted kappa", *Psychological Bulletin* 72(5)):
///   `[Σ pᵢⱼ (aᵢⱼ − (āᵢ + ā′ⱼ)(1 − κ))² − (κ − pₑ(1 − κ))²] / (n (1 − pₑ)²)` with
///   `āᵢ = Σⱼ cⱼ aᵢⱼ` and `ā′ⱼ = Σᵢ rᵢ aᵢⱼ`, as statsmodels' `cohens_kappa` reports it;
/// - the interval `κ ± z × SE`, limited to −1..=1.
///
/// # Examples
///
/// ```
/// use service_quality::reliability::{Kappa, KappaOptions};
///
/// // Two reviewers pass (1) or fail (0) ten calls.
/// let kappa = Kappa::from_labels(
///     &[1, 1, 1, 0, 1, 0, 1, 1, 0, 1],
///     &[1, 1, 0, 0, 1, 0, 1, 1, 1, 1],
///     &KappaOptions::default(),
/// )?;
/// assert!((kappa.observed_agreement() - 0.8).abs() < 1e-12);
/// assert!(kappa.interval().contains(kappa.value()));
///
/// // The same as a table: rows the first reviewer, columns the second.
/// let table = Kappa::from_table(&[[2, 1], [1, 6]], &KappaOptions::default())?;
/// assert!((table.value() - kappa.value()).abs() < 1e-12);
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Kappa {
    interval: Interval,
    standard_error: f64,
    observed: f64,
    chance: f64,
    subjects: u64,
}

impl Kappa {
    /// Kappa from the two raters' labels, one per subject, in the same order.
    ///
    /// The categories are the labels either rater used, in ascending order, or the options'
    /// explicit list.
    ///
    /// # Errors
    ///
    /// [`Error::Mismatch`] when the raters rated different numbers of subjects,
    /// [`Error::Empty`] with no subjects, [`Error::UnknownName`] for a label missing from
    /// an explicit category list, and [`Error::Degenerate`] when agreement by chance is already
    /// perfect (both raters used one and the same category throughout).
    ///
    /// ```
    /// use service_quality::reliability::{Kappa, KappaOptions};
    ///
    /// let options = KappaOptions::default().try_with_categories([1, 2, 3])?;
    /// assert_eq!(
    ///     Kappa::from_labels(&[1, 4], &[1, 2], &options).unwrap_err().to_string(),
    ///     "unknown label '4', expected one of the listed categories"
    /// );
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn from_labels(first: &[i64], second: &[i64], options: &KappaOptions) -> Result<Kappa> {
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
        let categories: Vec<i64> = match options.categories() {
            Some(list) => list.to_vec(),
            None => {
                let mut all: Vec<i64> = first.iter().chain(second).copied().collect();
                all.sort_unstable();
                all.dedup();
                all
            }
        };
        let index: BTreeMap<i64, usize> = categories
            .iter()
            .enumerate()
            .map(|(i, &c)| (c, i))
            .collect();
        let position = |label: i64| {
            index
                .get(&label)
                .copied()
                .ok_or_else(|| Error::UnknownName {
                    kind: "label",
                    value: label.to_string(),
                    expected: "one of the listed categories".to_owned(),
                    closest: None,
                })
        };
        let mut cells: BTreeMap<(usize, usize), f64> = BTreeMap::new();
        for (&a, &b) in first.iter().zip(second) {
            *cells.entry((position(a)?, position(b)?)).or_insert(0.0) += 1.0;
        }
        let cells: Vec<Cell> = cells
            .into_iter()
            .map(|((row, column), count)| Cell { row, column, count })
            .collect();
        kappa_of_cells(
            categories.len(),
            &cells,
            |i, j| category_distance(&categories, options.distance(), i, j),
            options,
        )
    }

    /// Kappa from a square contingency table: `table[i][j]` is the number of subjects the first
    /// rater put in category `i` and the second in category `j`.
    ///
    /// The categories are the rows in order; [`Distance::Value`] takes their values from the
    /// options' explicit category list, and without one the values are the positions.
    ///
    /// # Errors
    ///
    /// [`Error::Mismatch`] when the table is not square or differs in size from an explicit
    /// category list, [`Error::Empty`] when it counts no subject, and [`Error::Degenerate`]
    /// when agreement by chance is already perfect.
    ///
    /// ```
    /// use service_quality::reliability::{Kappa, KappaOptions};
    ///
    /// // Fleiss, Cohen and Everitt (1969): their table of three diagnoses, as counts of 100;
    /// // kappa 0.429 (rounded).
    /// let table = [[53, 5, 2], [11, 14, 5], [1, 6, 3]];
    /// let kappa = Kappa::from_table(&table, &KappaOptions::default())?;
    /// assert_eq!(format!("{:.3}", kappa.value()), "0.429");
    ///
    /// assert_eq!(
    ///     Kappa::from_table(&[[1, 2]], &KappaOptions::default()).unwrap_err().to_string(),
    ///     "number of columns differs: 2 here, 1 expected"
    /// );
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn from_table<R: AsRef<[u64]>>(table: &[R], options: &KappaOptions) -> Result<Kappa> {
        let k = table.len();
        if let Some(row) = table.iter().find(|r| r.as_ref().len() != k) {
            return Err(Error::Mismatch {
                field: "number of columns",
                found: row.as_ref().len().to_string(),
                expected: k.to_string(),
            });
        }
        if let Some(list) = options.categories()
            && list.len() != k
        {
            return Err(Error::Mismatch {
                field: "number of categories",
                found: k.to_string(),
                expected: list.len().to_string(),
            });
        }
        let cells: Vec<Cell> = table
            .iter()
            .enumerate()
            .flat_map(|(row, counts)| {
                counts
                    .as_ref()
                    .iter()
                    .enumerate()
                    .filter(|&(_, &count)| count > 0)
                    .map(move |(column, &count)| Cell {
                        row,
                        column,
                        count: count as f64,
                    })
            })
            .collect();
        if cells.is_empty() {
            return Err(Error::Empty {
                what: "kappa table",
                item: "subject",
            });
        }
        let distance = |i: usize, j: usize| match options.categories() {
            Some(list) => category_distance(list, options.distance(), i, j),
            None => i.abs_diff(j) as f64,
        };
        kappa_of_cells(k, &cells, distance, options)
    }

    /// Kappa.
    pub const fn value(&self) -> f64 {
        self.interval.estimate()
    }

    /// The asymptotic standard error (Fleiss, Cohen and Everitt, 1969).
    pub const fn standard_error(&self) -> f64 {
        self.standard_error
    }

    /// The interval `κ ± z × SE` at the options' level, limited to −1..=1.
    pub const fn interval(&self) -> Interval {
        self.interval
    }

    /// The observed (weighted) agreement `pₒ`, 0..=1: for unweighted kappa, the share of
    /// subjects both raters put in the same category.
    pub const fn observed_agreement(&self) -> f64 {
        self.observed
    }

    /// The (weighted) agreement expected by chance from the two raters' marginals, `pₑ`.
    pub const fn chance_agreement(&self) -> f64 {
        self.chance
    }

    /// The number of subjects both raters rated.
    pub const fn subjects(&self) -> u64 {
        self.subjects
    }
}

/// Cohen's kappa for two raters who each placed the same subjects in categories: the value of
/// [`Kappa::from_labels`] with the given weighting and otherwise default options (positions
/// among the categories either rater used).
///
/// # Errors
///
/// As [`Kappa::from_labels`].
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
    let options = KappaOptions::default().with_weighting(weighting);
    Kappa::from_labels(first, second, &options).map(|k| k.value())
}

impl Weighting {
    /// How much a disagreement between two categories `distance` apart counts, before scaling
    /// by the largest; `same` when they are one category.
    pub(super) fn disagreement(self, same: bool, distance: f64) -> f64 {
        match self {
            Weighting::Unweighted => f64::from(u8::from(!same)),
            Weighting::Linear => distance,
            Weighting::Quadratic => distance.powi(2),
            Weighting::Ordinal => distance * (distance + 1.0) / 2.0,
        }
    }
}

/// One non-empty cell of a contingency table.
#[derive(Debug, Clone, Copy)]
pub(super) struct Cell {
    pub(super) row: usize,
    pub(super) column: usize,
    pub(super) count: f64,
}

/// How far apart categories `i` and `j` of `categories` are.
#[allow(
    clippy::indexing_slicing,
    reason = "callers pass positions of categories in the list, below its length"
)]
pub(super) fn category_distance(categories: &[i64], distance: Distance, i: usize, j: usize) -> f64 {
    match distance {
        Distance::Position => i.abs_diff(j) as f64,
        // abs_diff cannot overflow, whatever the two labels.
        Distance::Value => categories[i].abs_diff(categories[j]) as f64,
    }
}

/// Kappa, its standard error and interval from the non-empty cells of a `k × k` table (row and
/// column below `k`), with `distance(i, j)` between categories.
#[allow(
    clippy::indexing_slicing,
    reason = "every cell's row and column are below k, the length of each per-category vector"
)]
pub(super) fn kappa_of_cells(
    k: usize,
    cells: &[Cell],
    distance: impl Fn(usize, usize) -> f64,
    options: &KappaOptions,
) -> Result<Kappa> {
    let n: f64 = cells.iter().map(|c| c.count).sum();
    if n <= 0.0 {
        return Err(Error::Empty {
            what: "rating pairs",
            item: "subject",
        });
    }
    let mut rows = vec![0.0; k];
    let mut columns = vec![0.0; k];
    for cell in cells {
        rows[cell.row] += cell.count / n;
        columns[cell.column] += cell.count / n;
    }
    let weighting = options.weighting();
    let disagreement = |i: usize, j: usize| weighting.disagreement(i == j, distance(i, j));
    // Normalising by the largest disagreement makes the agreement weights 1 − d / max d lie in
    // 0..=1 (kappa itself does not depend on the scale of the weights).
    let largest = (0..k)
        .flat_map(|i| (0..k).map(move |j| (i, j)))
        .map(|(i, j)| disagreement(i, j))
        .fold(0.0_f64, f64::max);
    let degenerate = Error::Degenerate {
        part: None,
        what: "Cohen's kappa",
        reason: "chance agreement is already perfect (one category only)",
    };
    if largest <= 0.0 {
        return Err(degenerate);
    }
    let weight = |i: usize, j: usize| disagreement(i, j) / largest;

    // Disagreement observed and expected by chance; kappa = 1 − observed / chance, computed
    // from disagreements so that no 1 − pₑ loses digits to cancellation.
    let observed: f64 = cells
        .iter()
        .map(|c| c.count / n * weight(c.row, c.column))
        .sum();
    let mut chance = 0.0;
    // āᵢ = Σⱼ cⱼ aᵢⱼ (row i against the second rater's marginal) and ā′ⱼ = Σᵢ rᵢ aᵢⱼ.
    let mut row_agreement = vec![0.0; k];
    let mut column_agreement = vec![0.0; k];
    for (i, (&r, row_mean)) in rows.iter().zip(row_agreement.iter_mut()).enumerate() {
        for (j, (&c, column_mean)) in columns.iter().zip(column_agreement.iter_mut()).enumerate() {
            let w = weight(i, j);
            chance += r * c * w;
            *row_mean += c * (1.0 - w);
            *column_mean += r * (1.0 - w);
        }
    }
    if chance <= 0.0 {
        return Err(degenerate);
    }
    let kappa = (1.0 - observed / chance).min(1.0);
    let expected_agreement = 1.0 - chance;
    let spread: f64 = cells
        .iter()
        .map(|c| {
            let a = 1.0 - weight(c.row, c.column);
            let margins = row_agreement[c.row] + column_agreement[c.column];
            c.count / n * (a - margins * (1.0 - kappa)).powi(2)
        })
        .sum();
    let variance = ((spread - (kappa - expected_agreement * (1.0 - kappa)).powi(2))
        / (n * chance * chance))
        .max(0.0);
    let standard_error = variance.sqrt();
    let level = options.level();
    let half = level.z() * standard_error;
    Ok(Kappa {
        interval: Interval::new(kappa, kappa - half, kappa + half, level).limited_to(-1.0, 1.0),
        standard_error,
        observed: 1.0 - observed,
        chance: expected_agreement,
        // Counts are whole numbers; the conversion saturates only past 1.8 × 10¹⁹ subjects.
        subjects: n as u64,
    })
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
            part: None,
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
            part: None,
            what: "Fleiss' kappa",
            reason: "every rating falls in one category",
        });
    }
    Ok((mean_agreement - chance) / (1.0 - chance))
}
