//! Chance-corrected agreement among any number of raters, with missing ratings, in the unified
//! framework of Gwet's *Handbook of Inter-Rater Reliability* (4th edition, 2014): percent
//! agreement, Gwet's AC1 and AC2, Brennan and Prediger's coefficient, Fleiss' kappa (Scott's pi
//! for two raters), Conger's kappa (Cohen's for two raters) and Krippendorff's alpha, each with
//! Gwet's standard error and a Student t interval.

use super::common_width;
use super::kappa::{category_distance, category_list};
use super::{Distance, Weighting};
use crate::metrics::{Interval, Level};
use crate::scoring::macros::named_enum;
use crate::scoring::{Error, Result};

named_enum! {
    /// A chance-corrected agreement coefficient: `(pₐ − pₑ) / (1 − pₑ)`, where `pₐ` is the
    /// (weighted) share of pairs of ratings of one subject that agree and `pₑ` what each
    /// coefficient takes agreement by chance to be.
    ///
    /// | coefficient | agreement by chance `pₑ` | reads well when |
    /// |---|---|---|
    /// | [`PercentAgreement`](Self::PercentAgreement) | none (0) | you want the plain share that agree |
    /// | [`Gwet`](Self::Gwet) (AC1 unweighted, AC2 weighted) | `T_w / (q(q − 1)) × Σ πₖ(1 − πₖ)` | one answer dominates (most QA items: "pass") |
    /// | [`BrennanPrediger`](Self::BrennanPrediger) | `T_w / q²`: every category equally likely | categories are meant to be used equally |
    /// | [`Fleiss`](Self::Fleiss) (Scott's pi for two raters) | `Σ wₖₗ πₖ πₗ` from the pooled shares | answers are balanced |
    /// | [`Conger`](Self::Conger) (Cohen's kappa for two raters) | from each rater's own shares | raters are fixed people whose habits matter |
    /// | [`Krippendorff`](Self::Krippendorff) | as Fleiss, with a small-sample correction | comparing with content-analysis studies |
    ///
    /// `q` is the number of categories, `πₖ` the share of ratings in category `k` (averaged over
    /// subjects), `wₖₗ` the agreement weights of the [`Weighting`] and `T_w` their sum.
    ///
    /// Why more than kappa: when nearly every answer is the same ("pass" on a compliance item),
    /// `πₖ` is near 1 for that answer, Fleiss' and Cohen's chance agreement approaches 1, and
    /// their kappa collapses even though reviewers almost always agree (the "kappa paradox" of
    /// Feinstein and Cicchetti, 1990). Gwet's chance agreement shrinks instead (`Σ πₖ(1 − πₖ)`
    /// is small when one category dominates), so AC1 stays close to the observed agreement, and
    /// is defined even when every rating falls in one category.
    #[non_exhaustive]
    pub enum Coefficient as "agreement coefficient",
        expecting "one of: percent_agreement, gwet, brennan_prediger, fleiss, conger, krippendorff"
    {
        /// The share of agreeing pairs, not corrected for chance.
        PercentAgreement,
        /// Gwet's AC1 (unweighted) or AC2 (weighted).
        Gwet,
        /// Brennan and Prediger's coefficient (Randolph's free-marginal kappa).
        BrennanPrediger,
        /// Fleiss' kappa; for two raters, Scott's pi.
        Fleiss,
        /// Conger's kappa; for two raters, Cohen's kappa. Needs to know which rater gave which
        /// rating, so not from a count table.
        Conger,
        /// Krippendorff's alpha, in Gwet's formulation (equal to
        /// [`krippendorff_alpha`](super::krippendorff_alpha) for nominal data).
        Krippendorff,
    }
}

impl Coefficient {
    /// Whether the coefficient estimates chance agreement from the ratings themselves, which
    /// takes more than one subject.
    const fn estimates_chance(self) -> bool {
        matches!(
            self,
            Coefficient::Gwet
                | Coefficient::Fleiss
                | Coefficient::Conger
                | Coefficient::Krippendorff
        )
    }
}

/// The options of [`Ratings::coefficient`]: weighting, distance, an optional explicit list of
/// categories, the level of the interval and an optional finite population.
///
/// - **Weighting and distance** work as for [`Kappa`](super::Kappa): agreement weights
///   `wₖₗ = 1 − dₖₗ / max d`, with `d` the [`Weighting`] of the [`Distance`] between the
///   categories (positions by default; R's irrCAC uses the values, which is
///   [`Distance::Value`]).
/// - **Categories**: the labels observed, sorted, unless a list is given. The list matters
///   beyond checking labels: Brennan–Prediger's and Gwet's chance agreement depend on the
///   number of categories `q`, so declaring a 1–5 scale where raters used only 3 to 5 changes
///   them (it is the honest choice when all five were available to the raters).
/// - **Population**: with `N` subjects in the population the ratings were drawn from (the month's
///   calls, of which these were calibrated), the variance is multiplied by `1 − n/N`; without,
///   the population is taken as infinite.
///
/// # Examples
///
/// ```
/// use service_quality::reliability::{AgreementOptions, Weighting};
///
/// let options = AgreementOptions::default()
///     .with_weighting(Weighting::Quadratic)
///     .try_with_categories([1, 2, 3, 4, 5])?
///     .try_with_population(400)?;
/// assert_eq!(options.population(), Some(400));
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AgreementOptions {
    weighting: Weighting,
    distance: Distance,
    categories: Option<Vec<i64>>,
    level: Level,
    population: Option<u64>,
}

impl AgreementOptions {
    /// The same options with another weighting.
    #[must_use]
    pub fn with_weighting(self, weighting: Weighting) -> Self {
        AgreementOptions { weighting, ..self }
    }

    /// The same options with another distance between categories.
    #[must_use]
    pub fn with_distance(self, distance: Distance) -> Self {
        AgreementOptions { distance, ..self }
    }

    /// The same options with another confidence level.
    #[must_use]
    pub fn with_level(self, level: Level) -> Self {
        AgreementOptions { level, ..self }
    }

    /// The same options with an explicit, ordered list of categories (labels are checked
    /// against it; a count or contingency table's columns are these categories in order).
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] for an empty list and [`Error::Duplicate`] for a category listed
    /// twice.
    pub fn try_with_categories(self, categories: impl IntoIterator<Item = i64>) -> Result<Self> {
        Ok(AgreementOptions {
            categories: Some(category_list(categories)?),
            ..self
        })
    }

    /// The same options for subjects drawn from a population of `size` subjects: the
    /// variance gets the finite-population factor `1 − n/size`.
    ///
    /// # Errors
    ///
    /// [`Error::IntegerOutOfRange`] for a population of 0.
    pub fn try_with_population(self, size: u64) -> Result<Self> {
        if size == 0 {
            return Err(Error::IntegerOutOfRange {
                field: "population",
                value: size.to_string(),
                expected: "at least 1",
            });
        }
        Ok(AgreementOptions {
            population: Some(size),
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

    /// The population size, if finite.
    pub const fn population(&self) -> Option<u64> {
        self.population
    }
}

/// Ratings of subjects (calls, tickets, essays) by two or more raters, in one of the three
/// layouts agreement data comes in, ready for any [`Coefficient`].
///
/// - [`by_subject`](Self::by_subject): one row per subject, one column per rater, `None` where
///   a rater did not rate the subject (a calibration export; R's irrCAC "raw ratings");
/// - [`by_rater`](Self::by_rater): one row per rater, one column per subject (the layout of
///   [`krippendorff_alpha`](super::krippendorff_alpha));
/// - [`from_counts`](Self::from_counts): one row per subject, one column per category, each cell
///   the number of raters who chose it (who rated what is not known, so no Conger's kappa);
/// - [`from_table`](Self::from_table): two raters' contingency table.
///
/// Labels are whole numbers (a 1–5 rating, 1/0 for yes/no, a choice's position). Subjects that
/// nobody rated are left out; subjects rated once count towards the shares of categories but
/// not towards observed agreement, as in Gwet's framework.
///
/// # Examples
///
/// ```
/// use service_quality::reliability::{AgreementOptions, Coefficient, Ratings};
///
/// // Krippendorff's four raters and twelve subjects (irrCAC's `cac.raw4raters`).
/// let ratings = Ratings::by_subject(&[
///     [Some(1), Some(1), None, Some(1)],
///     [Some(2), Some(2), Some(3), Some(2)],
///     [Some(3), Some(3), Some(3), Some(3)],
///     [Some(3), Some(3), Some(3), Some(3)],
///     [Some(2), Some(2), Some(2), Some(2)],
///     [Some(1), Some(2), Some(3), Some(4)],
///     [Some(4), Some(4), Some(4), Some(4)],
///     [Some(1), Some(1), Some(2), Some(1)],
///     [Some(2), Some(2), Some(2), Some(2)],
///     [None, Some(5), Some(5), Some(5)],
///     [None, None, Some(1), Some(1)],
///     [None, None, Some(3), None],
/// ])?;
/// let ac1 = ratings.coefficient(Coefficient::Gwet, &AgreementOptions::default())?;
/// let ac1 = ac1.estimate().expect("defined for these ratings");
/// assert_eq!(format!("{:.5}", ac1.value()), "0.77544"); // as irrCAC prints it
/// assert_eq!(format!("{:.5}", ac1.standard_error().unwrap()), "0.14295");
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Ratings {
    source: Source,
}

#[derive(Debug, Clone, PartialEq)]
enum Source {
    /// Subjects × raters.
    Labels(Vec<Vec<Option<i64>>>),
    /// Subjects × categories.
    Counts(Vec<Vec<u64>>),
    /// Two raters' square contingency table.
    Table(Vec<Vec<u64>>),
}

impl Ratings {
    /// Ratings with one row per subject and one column per rater, `None` for a missing rating.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] without subjects and [`Error::Mismatch`] when rows differ in length.
    pub fn by_subject<R: AsRef<[Option<i64>]>>(rows: &[R]) -> Result<Ratings> {
        if rows.is_empty() {
            return Err(Error::Empty {
                what: "ratings",
                item: "subject",
            });
        }
        common_width(rows, "number of raters")?;
        Ok(Ratings {
            source: Source::Labels(rows.iter().map(|r| r.as_ref().to_vec()).collect()),
        })
    }

    /// Ratings with one row per rater and one column per subject, `None` for a missing rating.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] without raters or subjects and [`Error::Mismatch`] when rows differ in
    /// length.
    pub fn by_rater<R: AsRef<[Option<i64>]>>(rows: &[R]) -> Result<Ratings> {
        let subjects = common_width(rows, "number of subjects")?;
        let columns: Vec<Vec<Option<i64>>> = (0..subjects)
            .map(|s| {
                rows.iter()
                    .map(|r| r.as_ref().get(s).copied().flatten())
                    .collect()
            })
            .collect();
        Ratings::by_subject(&columns)
    }

    /// Ratings as counts: one row per subject, one column per category, each cell the number
    /// of raters who put the subject in that category. Subjects may have different numbers of
    /// raters.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] without subjects or categories and [`Error::Mismatch`] when rows differ
    /// in length.
    pub fn from_counts<R: AsRef<[u64]>>(rows: &[R]) -> Result<Ratings> {
        let categories = common_width(rows, "number of categories")?;
        if rows.is_empty() || categories == 0 {
            return Err(Error::Empty {
                what: "count table",
                item: "subject and category",
            });
        }
        Ok(Ratings {
            source: Source::Counts(rows.iter().map(|r| r.as_ref().to_vec()).collect()),
        })
    }

    /// Two raters' contingency table: `table[k][l]` is the number of subjects the first rater
    /// put in category `k` and the second in `l`. Standard errors are then Gwet's two-rater
    /// formulas (as irrCAC's `*.table` functions), which differ slightly from the many-rater
    /// ones used for the same subjects given by label.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] for an empty table and [`Error::Mismatch`] when it is not square.
    pub fn from_table<R: AsRef<[u64]>>(table: &[R]) -> Result<Ratings> {
        let k = table.len();
        if k == 0 {
            return Err(Error::Empty {
                what: "contingency table",
                item: "category",
            });
        }
        if let Some(row) = table.iter().find(|r| r.as_ref().len() != k) {
            return Err(Error::Mismatch {
                field: "number of columns",
                found: row.as_ref().len().to_string(),
                expected: k.to_string(),
            });
        }
        Ok(Ratings {
            source: Source::Table(table.iter().map(|r| r.as_ref().to_vec()).collect()),
        })
    }

    /// The number of subjects (rows of a table of labels or counts; the total count of a
    /// contingency table, saturating).
    pub fn subjects(&self) -> usize {
        match &self.source {
            Source::Labels(rows) => rows.len(),
            Source::Counts(rows) => rows.len(),
            Source::Table(cells) => {
                let total = cells
                    .iter()
                    .flatten()
                    .fold(0u64, |a, &c| a.saturating_add(c));
                usize::try_from(total).unwrap_or(usize::MAX)
            }
        }
    }

    /// The same ratings with a contingency table spread into one row of two labels per subject,
    /// so that subjects can be picked one by one; labels and counts as they are.
    pub(crate) fn spread(&self) -> Ratings {
        match &self.source {
            Source::Table(cells) => Ratings {
                source: Source::Labels(table_as_labels(cells)),
            },
            _ => self.clone(),
        }
    }

    /// The ratings of the subjects at `picks` (with repeats), in that order: a bootstrap
    /// resample. Call it on [`spread`](Self::spread) ratings: a contingency table is spread
    /// here on every call.
    pub(crate) fn resampled(&self, picks: &[usize]) -> Ratings {
        let source = match &self.source {
            Source::Labels(rows) => Source::Labels(pick(rows, picks)),
            Source::Counts(rows) => Source::Counts(pick(rows, picks)),
            Source::Table(_) => return self.spread().resampled(picks),
        };
        Ratings { source }
    }

    /// One sortable row per subject: labels as given, counts as given, or a table's pairs as
    /// two labels (positions of the categories).
    pub(crate) fn subject_rows(&self) -> Vec<Vec<Option<i64>>> {
        match &self.source {
            Source::Labels(rows) => rows.clone(),
            Source::Counts(rows) => rows
                .iter()
                .map(|r| r.iter().map(|&c| i64::try_from(c).ok()).collect())
                .collect(),
            Source::Table(cells) => table_as_labels(cells),
        }
    }

    /// The same ratings with their subjects in a canonical order (by the sorted ratings of
    /// each subject, then the ratings as given), so that anything computed from the order of
    /// subjects, such as a bootstrap's resamples, does not depend on the order they came in.
    pub(crate) fn canonical(&self) -> Ratings {
        let source = match &self.source {
            Source::Labels(rows) => Source::Labels(canonical_rows(rows.clone())),
            Source::Counts(rows) => {
                let mut rows = rows.clone();
                rows.sort_unstable();
                Source::Counts(rows)
            }
            Source::Table(cells) => Source::Labels(canonical_rows(table_as_labels(cells))),
        };
        Ratings { source }
    }

    /// One coefficient of agreement for these ratings, or why it does not exist for them.
    ///
    /// Observed agreement `pₐ` is the mean over subjects rated at least twice of
    /// `Σₖ rᵢₖ (r*ᵢₖ − 1) / (rᵢ (rᵢ − 1))`, with `rᵢₖ` the raters who put subject `i` in category
    /// `k`, `rᵢ` its raters and `r*ᵢₖ = Σₗ wₖₗ rᵢₗ`; chance agreement is each [`Coefficient`]'s
    /// own. The standard error is Gwet's linearisation (the variance over subjects of each
    /// subject's contribution to the coefficient, corrected for the estimated chance
    /// agreement; Gwet 2008, "Computing inter-rater reliability and its variance in the
    /// presence of high agreement", *British Journal of Mathematical and Statistical
    /// Psychology* 61) times the finite-population factor, and the interval is
    /// `value ± t × SE` with `n − 1` degrees of freedom, limited to −1..=1 (and always
    /// containing the value), as R's irrCAC computes them.
    ///
    /// Degenerate data is an outcome, not an error: see [`AgreementOutcome`].
    ///
    /// # Errors
    ///
    /// [`Error::UnknownName`] for a label missing from an explicit category list,
    /// [`Error::Mismatch`] when an explicit list's length differs from a table's categories,
    /// [`Error::IntegerOutOfRange`] for a population smaller than the subjects rated, and
    /// [`Error::Degenerate`] for Conger's kappa from a count table.
    ///
    /// ```
    /// use service_quality::reliability::{AgreementOptions, AgreementOutcome, Coefficient, Ratings};
    ///
    /// // Two reviewers passed (1) every one of five calls: kappa does not exist, AC1 is 1.
    /// let ratings = Ratings::by_subject(&[[Some(1), Some(1)]; 5])?;
    /// let options = AgreementOptions::default().try_with_categories([0, 1])?;
    /// assert_eq!(ratings.coefficient(Coefficient::Conger, &options)?, AgreementOutcome::OneCategory);
    /// assert_eq!(ratings.coefficient(Coefficient::Gwet, &options)?.value(), Some(1.0));
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn coefficient(
        &self,
        which: Coefficient,
        options: &AgreementOptions,
    ) -> Result<AgreementOutcome> {
        match &self.source {
            Source::Labels(rows) => {
                let prepared = Prepared::from_labels(rows, options)?;
                prepared.coefficient(which, options)
            }
            Source::Counts(rows) => {
                if which == Coefficient::Conger {
                    return Err(Error::Degenerate {
                        part: None,
                        what: "Conger's kappa",
                        reason: "a count table does not say which rater gave which rating",
                    });
                }
                let prepared = Prepared::from_counts(rows, options)?;
                prepared.coefficient(which, options)
            }
            Source::Table(cells) => {
                if which == Coefficient::Krippendorff {
                    let prepared = Prepared::from_positions(&table_as_labels(cells), options)?;
                    return prepared.coefficient(which, options);
                }
                two_raters(cells, which, options)
            }
        }
    }
}

fn pick<T: Clone>(rows: &[T], picks: &[usize]) -> Vec<T> {
    picks.iter().filter_map(|&i| rows.get(i).cloned()).collect()
}

/// A contingency table spread into one row of two labels (category positions) per subject.
fn table_as_labels(cells: &[Vec<u64>]) -> Vec<Vec<Option<i64>>> {
    let mut rows = Vec::new();
    for (k, row) in cells.iter().enumerate() {
        for (l, &count) in row.iter().enumerate() {
            let pair = vec![i64::try_from(k).ok(), i64::try_from(l).ok()];
            for _ in 0..count {
                rows.push(pair.clone());
            }
        }
    }
    rows
}

/// Rows sorted by their sorted ratings (missing last), then by the ratings as given.
fn canonical_rows(mut rows: Vec<Vec<Option<i64>>>) -> Vec<Vec<Option<i64>>> {
    let key = |row: &Vec<Option<i64>>| {
        let mut sorted: Vec<(bool, i64)> =
            row.iter().map(|r| (r.is_none(), r.unwrap_or(0))).collect();
        sorted.sort_unstable();
        sorted
    };
    rows.sort_by_cached_key(|row| (key(row), row.clone()));
    rows
}

/// What a coefficient is for a set of ratings: its estimate, or why there is none.
///
/// Not an error: a calibration in which everybody agreed on everything is good news, reported
/// as such.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum AgreementOutcome {
    /// The coefficient, its standard error and interval.
    Estimated(AgreementEstimate),
    /// Every rating falls in one category: raters agree fully, but so would chance by this
    /// coefficient's account (0/0). Gwet's AC1 and percent agreement are defined here (1);
    /// Fleiss', Conger's, Krippendorff's and, with one category declared, Brennan–Prediger's
    /// are not.
    OneCategory,
    /// Only one subject was rated: a coefficient that estimates chance agreement from the
    /// ratings would estimate it from that one subject, and its value (−0.5 for three raters
    /// splitting 2–1) would mean nothing. Percent agreement and Brennan–Prediger's coefficient,
    /// which do not, are reported without a standard error.
    SingleSubject,
    /// No subject was rated by two raters: there is no pair of ratings to compare.
    NoPairs,
}

impl AgreementOutcome {
    /// The estimate, when the coefficient exists.
    pub const fn estimate(&self) -> Option<&AgreementEstimate> {
        match self {
            AgreementOutcome::Estimated(estimate) => Some(estimate),
            _ => None,
        }
    }

    /// The coefficient's value, when it exists.
    pub const fn value(&self) -> Option<f64> {
        match self {
            AgreementOutcome::Estimated(estimate) => Some(estimate.value),
            _ => None,
        }
    }
}

/// One agreement coefficient with its parts, standard error and interval.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct AgreementEstimate {
    coefficient: Coefficient,
    weighted: bool,
    value: f64,
    observed: f64,
    chance: f64,
    standard_error: Option<f64>,
    interval: Option<Interval>,
    subjects: u64,
}

impl AgreementEstimate {
    /// Which coefficient this is.
    pub const fn coefficient(&self) -> Coefficient {
        self.coefficient
    }

    /// Whether agreement weights other than the identity were used (Gwet's AC2 rather than
    /// AC1).
    pub const fn weighted(&self) -> bool {
        self.weighted
    }

    /// The coefficient: 1 for perfect agreement, 0 for agreement at the level of chance.
    pub const fn value(&self) -> f64 {
        self.value
    }

    /// The observed (weighted) agreement `pₐ`, 0..=1.
    pub const fn observed_agreement(&self) -> f64 {
        self.observed
    }

    /// The agreement expected by chance `pₑ` by this coefficient's account.
    pub const fn chance_agreement(&self) -> f64 {
        self.chance
    }

    /// Gwet's standard error; `None` with a single subject.
    pub const fn standard_error(&self) -> Option<f64> {
        self.standard_error
    }

    /// The interval `value ± t(n − 1) × SE` at the options' level, limited to −1..=1; `None`
    /// with a single subject.
    pub const fn interval(&self) -> Option<Interval> {
        self.interval
    }

    /// The number of subjects rated at least once (for a contingency table, its total).
    pub const fn subjects(&self) -> u64 {
        self.subjects
    }

    /// A display name: "Gwet's AC1", "Gwet's AC2", "Fleiss' kappa"...
    pub const fn name(&self) -> &'static str {
        match (self.coefficient, self.weighted) {
            (Coefficient::PercentAgreement, _) => "percent agreement",
            (Coefficient::Gwet, false) => "Gwet's AC1",
            (Coefficient::Gwet, true) => "Gwet's AC2",
            (Coefficient::BrennanPrediger, _) => "Brennan-Prediger",
            (Coefficient::Fleiss, _) => "Fleiss' kappa",
            (Coefficient::Conger, _) => "Conger's kappa",
            (Coefficient::Krippendorff, _) => "Krippendorff's alpha",
        }
    }
}

/// The agreement weights `wₖₗ = 1 − dₖₗ / max d` of `q` categories with `values` (positions when
/// `None`); all 1 when no two categories differ (one category).
fn agreement_weights(
    q: usize,
    values: Option<&[i64]>,
    options: &AgreementOptions,
) -> Vec<Vec<f64>> {
    weights_of(q, options.weighting(), |k, l| match values {
        Some(values) => category_distance(values, options.distance(), k, l),
        None => k.abs_diff(l) as f64,
    })
}

/// The agreement weights of `q` categories `distance(k, l)` apart.
fn weights_of(
    q: usize,
    weighting: Weighting,
    distance: impl Fn(usize, usize) -> f64,
) -> Vec<Vec<f64>> {
    let disagreement: Vec<Vec<f64>> = (0..q)
        .map(|k| {
            (0..q)
                .map(|l| weighting.disagreement(k == l, distance(k, l)))
                .collect()
        })
        .collect();
    let largest = disagreement
        .iter()
        .flatten()
        .fold(0.0_f64, |a, &d| a.max(d));
    disagreement
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|d| {
                    if largest > 0.0 {
                        1.0 - d / largest
                    } else {
                        1.0
                    }
                })
                .collect()
        })
        .collect()
}

/// A coefficient of two raters' answers given as category positions (`[first, second]` per
/// subject) among categories with `values`, for a calibration item.
pub(super) fn coefficient_of_positions(
    positions: &[[usize; 2]],
    values: &[f64],
    which: Coefficient,
    weighting: Weighting,
    distance: Distance,
    level: Level,
) -> AgreementOutcome {
    let weights = weights_of(values.len(), weighting, |k, l| match distance {
        Distance::Value => match (values.get(k), values.get(l)) {
            (Some(a), Some(b)) => (a - b).abs(),
            _ => 0.0,
        },
        _ => k.abs_diff(l) as f64,
    });
    let rows = positions
        .iter()
        .map(|&[a, b]| vec![Some(a), Some(b)])
        .collect();
    let options = AgreementOptions::default().with_level(level);
    Prepared::from_category_rows(rows, weights)
        .coefficient(which, &options)
        // Only a population smaller than the subjects can fail, and none is set.
        .unwrap_or(AgreementOutcome::NoPairs)
}

/// The options' category list, or the distinct `labels`, ascending.
fn categories_of(options: &AgreementOptions, labels: impl Iterator<Item = i64>) -> Vec<i64> {
    match options.categories() {
        Some(list) => list.to_vec(),
        None => {
            let mut all: Vec<i64> = labels.collect();
            all.sort_unstable();
            all.dedup();
            all
        }
    }
}

/// Checks that an explicit category list names the `q` categories of a table.
fn listed_categories_match(q: usize, options: &AgreementOptions) -> Result<()> {
    match options.categories() {
        Some(list) if list.len() != q => Err(Error::Mismatch {
            field: "number of categories",
            found: q.to_string(),
            expected: list.len().to_string(),
        }),
        _ => Ok(()),
    }
}

/// Where `label` is among `categories`.
fn position_of(categories: &[i64], label: i64) -> Result<usize> {
    categories
        .iter()
        .position(|&c| c == label)
        .ok_or_else(|| Error::UnknownName {
            kind: "label",
            value: label.to_string(),
            expected: "one of the listed categories".to_owned(),
            closest: None,
        })
}

/// Subjects as counts per category, with the agreement weights and, for ratings given by label,
/// who rated what.
struct Prepared {
    /// Agreement weights, `q × q`.
    weights: Vec<Vec<f64>>,
    /// For each subject rated at least once, how many raters chose each category.
    counts: Vec<Vec<f64>>,
    /// For each of those subjects, each rater's category (raters who rated nothing left out);
    /// `None` for count tables.
    raters: Option<Vec<Vec<Option<usize>>>>,
}

impl Prepared {
    fn from_labels(rows: &[Vec<Option<i64>>], options: &AgreementOptions) -> Result<Prepared> {
        let categories = categories_of(options, rows.iter().flatten().flatten().copied());
        let position = |label: i64| position_of(&categories, label);
        let mut positions = Vec::with_capacity(rows.len());
        for row in rows {
            let row: Vec<Option<usize>> = row
                .iter()
                .map(|label| label.map(position).transpose())
                .collect::<Result<_>>()?;
            positions.push(row);
        }
        let weights = agreement_weights(categories.len(), Some(&categories), options);
        Ok(Prepared::from_category_rows(positions, weights))
    }

    /// Labels that are already category positions (a contingency table spread out).
    fn from_positions(rows: &[Vec<Option<i64>>], options: &AgreementOptions) -> Result<Prepared> {
        let q = rows
            .iter()
            .flatten()
            .flatten()
            .max()
            .map_or(0, |&m| usize::try_from(m).unwrap_or(0) + 1);
        let q = options.categories().map_or(q, <[i64]>::len);
        let weights = agreement_weights(q, options.categories(), options);
        let positions = rows
            .iter()
            .map(|row| {
                row.iter()
                    .map(|label| label.and_then(|p| usize::try_from(p).ok()))
                    .collect()
            })
            .collect();
        Ok(Prepared::from_category_rows(positions, weights))
    }

    fn from_category_rows(rows: Vec<Vec<Option<usize>>>, weights: Vec<Vec<f64>>) -> Prepared {
        let q = weights.len();
        let raters = rows.first().map_or(0, Vec::len);
        let active: Vec<usize> = (0..raters)
            .filter(|&g| {
                rows.iter()
                    .any(|row| row.get(g).copied().flatten().is_some())
            })
            .collect();
        let rows: Vec<Vec<Option<usize>>> = rows
            .into_iter()
            .filter(|row| row.iter().any(Option::is_some))
            .map(|row| {
                active
                    .iter()
                    .map(|&g| row.get(g).copied().flatten())
                    .collect()
            })
            .collect();
        let counts = rows
            .iter()
            .map(|row| {
                let mut counts = vec![0.0; q];
                for &k in row.iter().flatten() {
                    if let Some(c) = counts.get_mut(k) {
                        *c += 1.0;
                    }
                }
                counts
            })
            .collect();
        Prepared {
            weights,
            counts,
            raters: Some(rows),
        }
    }

    fn from_counts(rows: &[Vec<u64>], options: &AgreementOptions) -> Result<Prepared> {
        let q = rows.first().map_or(0, Vec::len);
        listed_categories_match(q, options)?;
        Ok(Prepared {
            weights: agreement_weights(q, options.categories(), options),
            counts: rows
                .iter()
                .filter(|row| row.iter().any(|&c| c > 0))
                .map(|row| row.iter().map(|&c| c as f64).collect())
                .collect(),
            raters: None,
        })
    }

    #[allow(
        clippy::indexing_slicing,
        reason = "every per-category vector has q entries and k, l run below q"
    )]
    fn coefficient(
        &self,
        which: Coefficient,
        options: &AgreementOptions,
    ) -> Result<AgreementOutcome> {
        let q = self.weights.len();
        let w = &self.weights;
        let n = self.counts.len();
        let finite = finite_population(n, options)?;
        let totals: Vec<f64> = self.counts.iter().map(|r| r.iter().sum()).collect();
        let paired = totals.iter().filter(|&&t| t >= 2.0).count();
        if paired == 0 {
            return Ok(AgreementOutcome::NoPairs);
        }
        let enough_subjects = if which == Coefficient::Krippendorff {
            paired >= 2
        } else {
            n >= 2
        };
        if which.estimates_chance() && !enough_subjects {
            return Ok(AgreementOutcome::SingleSubject);
        }
        // Σₖ rᵢₖ (r*ᵢₖ − 1) per subject: the weighted agreeing pairs (ordered).
        let agreeing: Vec<f64> = self
            .counts
            .iter()
            .map(|r| {
                (0..q)
                    .map(|k| r[k] * ((0..q).map(|l| w[k][l] * r[l]).sum::<f64>() - 1.0))
                    .sum()
            })
            .collect();
        let weight_total: f64 = w.iter().flatten().sum();
        if which == Coefficient::Krippendorff {
            return Ok(self.krippendorff(&agreeing, &totals, finite, options));
        }
        let nf = n as f64;
        let shares: Vec<f64> = (0..q)
            .map(|k| {
                self.counts
                    .iter()
                    .zip(&totals)
                    .map(|(r, t)| r[k] / t)
                    .sum::<f64>()
                    / nf
            })
            .collect();
        let subject_agreement: Vec<f64> = agreeing
            .iter()
            .zip(&totals)
            .map(|(&a, &t)| if t >= 2.0 { a / (t * (t - 1.0)) } else { 0.0 })
            .collect();
        let observed = subject_agreement.iter().sum::<f64>() / paired as f64;
        let gwet_factor = if q >= 2 {
            weight_total / (q * (q - 1)) as f64
        } else {
            0.0
        };
        // Shares weighted by the symmetrised agreement weights, for Fleiss' variance.
        let weighted_shares: Vec<f64> = (0..q)
            .map(|k| (0..q).map(|l| (w[k][l] + w[l][k]) / 2.0 * shares[l]).sum())
            .collect();
        let conger = match (which, &self.raters) {
            (Coefficient::Conger, Some(raters)) => Some(CongerParts::new(raters, q)),
            _ => None,
        };
        let chance = match which {
            Coefficient::PercentAgreement => 0.0,
            Coefficient::BrennanPrediger => weight_total / (q * q) as f64,
            Coefficient::Gwet => gwet_factor * shares.iter().map(|p| p * (1.0 - p)).sum::<f64>(),
            Coefficient::Conger => match &conger {
                Some(parts) => parts.chance(w),
                None => 0.0,
            },
            _ => (0..q)
                .map(|k| (0..q).map(|l| w[k][l] * shares[k] * shares[l]).sum::<f64>())
                .sum(),
        };
        if chance >= 1.0 {
            return Ok(AgreementOutcome::OneCategory);
        }
        let value = ((observed - chance) / (1.0 - chance)).min(1.0);
        let mut standard_error = None;
        if n >= 2 {
            let subject_chance = |i: usize| -> f64 {
                let r = &self.counts[i];
                let t = totals[i];
                match which {
                    Coefficient::Gwet => {
                        gwet_factor * (0..q).map(|k| r[k] * (1.0 - shares[k])).sum::<f64>() / t
                    }
                    Coefficient::Fleiss => {
                        (0..q).map(|k| r[k] * weighted_shares[k]).sum::<f64>() / t
                    }
                    Coefficient::Conger => conger
                        .as_ref()
                        .map_or(chance, |parts| parts.subject_chance(i, w)),
                    _ => chance,
                }
            };
            let spread: f64 = (0..n)
                .map(|i| {
                    let pairs = if totals[i] >= 2.0 { 1.0 } else { 0.0 };
                    let own = nf / paired as f64 * (subject_agreement[i] - chance * pairs)
                        / (1.0 - chance);
                    let corrected =
                        own - 2.0 * (1.0 - value) * (subject_chance(i) - chance) / (1.0 - chance);
                    (corrected - value).powi(2)
                })
                .sum();
            standard_error = Some((finite * spread / (nf * (nf - 1.0))).max(0.0).sqrt());
        }
        estimate(
            which,
            w,
            [value, observed, chance],
            standard_error,
            n as u64,
            options,
        )
        .map(AgreementOutcome::Estimated)
    }

    /// Krippendorff's alpha in Gwet's formulation (irrCAC's `krippen.alpha.raw`): over the
    /// subjects rated at least twice, with `r̄` their mean number of raters.
    #[allow(
        clippy::indexing_slicing,
        reason = "every per-category vector has q entries and k, l run below q"
    )]
    fn krippendorff(
        &self,
        agreeing: &[f64],
        totals: &[f64],
        finite: f64,
        options: &AgreementOptions,
    ) -> AgreementOutcome {
        let q = self.weights.len();
        let w = &self.weights;
        let kept: Vec<usize> = (0..totals.len()).filter(|&i| totals[i] >= 2.0).collect();
        let m = kept.len() as f64;
        let mean_raters = kept.iter().map(|&i| totals[i]).sum::<f64>() / m;
        let epsilon = 1.0 / kept.iter().map(|&i| totals[i]).sum::<f64>();
        let agreement = |i: usize| agreeing[i] / (mean_raters * (totals[i] - 1.0));
        let observed_prime = kept.iter().map(|&i| agreement(i)).sum::<f64>() / m;
        let observed = (1.0 - epsilon) * observed_prime + epsilon;
        let shares: Vec<f64> = (0..q)
            .map(|k| {
                kept.iter()
                    .map(|&i| self.counts[i][k] / mean_raters)
                    .sum::<f64>()
                    / m
            })
            .collect();
        let chance: f64 = (0..q)
            .map(|k| (0..q).map(|l| w[k][l] * shares[k] * shares[l]).sum::<f64>())
            .sum();
        if chance >= 1.0 {
            return AgreementOutcome::OneCategory;
        }
        let value = ((observed - chance) / (1.0 - chance)).min(1.0);
        let value_prime = (observed_prime - chance) / (1.0 - chance);
        let weighted_shares: Vec<f64> = (0..q)
            .map(|k| (0..q).map(|l| (w[k][l] + w[l][k]) / 2.0 * shares[l]).sum())
            .collect();
        let spread: f64 = kept
            .iter()
            .map(|&i| {
                let extra = (totals[i] - mean_raters) / mean_raters;
                let own = (agreement(i) - observed_prime * extra - chance) / (1.0 - chance);
                let subject_chance = (0..q)
                    .map(|k| self.counts[i][k] * weighted_shares[k])
                    .sum::<f64>()
                    / mean_raters
                    - chance * extra;
                let corrected =
                    own - 2.0 * (1.0 - value_prime) * (subject_chance - chance) / (1.0 - chance);
                (corrected - value_prime).powi(2)
            })
            .sum();
        let standard_error = (finite * spread / (m * (m - 1.0))).max(0.0).sqrt();
        // The interval's degrees of freedom count every rated subject, as irrCAC's do.
        match estimate(
            Coefficient::Krippendorff,
            w,
            [value, observed, chance],
            Some(standard_error),
            self.counts.len() as u64,
            options,
        ) {
            Ok(estimate) => AgreementOutcome::Estimated(estimate),
            Err(_) => AgreementOutcome::SingleSubject,
        }
    }
}

/// Conger's chance agreement from each rater's own shares, and the parts of its variance.
struct CongerParts {
    /// For each subject, each rater's category.
    rows: Vec<Vec<Option<usize>>>,
    /// Each rater's number of subjects rated.
    rated: Vec<f64>,
    /// Each rater's share of ratings in each category, `p_gk`.
    shares: Vec<Vec<f64>>,
    /// The mean over raters of `p_gk`.
    mean: Vec<f64>,
}

impl CongerParts {
    #[allow(
        clippy::indexing_slicing,
        reason = "categories are below q and raters below the row length"
    )]
    fn new(rows: &[Vec<Option<usize>>], q: usize) -> CongerParts {
        let raters = rows.first().map_or(0, Vec::len);
        let mut counts = vec![vec![0.0; q]; raters];
        for row in rows {
            for (g, k) in row.iter().enumerate() {
                if let Some(k) = *k {
                    counts[g][k] += 1.0;
                }
            }
        }
        let rated: Vec<f64> = counts.iter().map(|c| c.iter().sum()).collect();
        let shares: Vec<Vec<f64>> = counts
            .iter()
            .zip(&rated)
            .map(|(c, &n)| c.iter().map(|&x| x / n).collect())
            .collect();
        let mean = (0..q)
            .map(|k| shares.iter().map(|s| s[k]).sum::<f64>() / raters as f64)
            .collect();
        CongerParts {
            rows: rows.to_vec(),
            rated,
            shares,
            mean,
        }
    }

    /// `pₑ = Σ wₖₗ (p̄ₖ p̄ₗ − s²ₖₗ / r)`, with `s²ₖₗ` the covariance over raters of their shares.
    #[allow(clippy::indexing_slicing, reason = "k and l run below q")]
    fn chance(&self, w: &[Vec<f64>]) -> f64 {
        let r = self.shares.len() as f64;
        let q = self.mean.len();
        let mut chance = 0.0;
        for k in 0..q {
            for l in 0..q {
                let products: f64 = self.shares.iter().map(|s| s[k] * s[l]).sum();
                let covariance = (products - r * self.mean[k] * self.mean[l]) / (r - 1.0);
                chance += w[k][l] * (self.mean[k] * self.mean[l] - covariance / r);
            }
        }
        chance
    }

    /// Subject `i`'s contribution to the chance agreement, for the variance (Gwet 2014,
    /// section 5.4; irrCAC's `conger.kappa.raw`).
    #[allow(
        clippy::indexing_slicing,
        reason = "subjects, raters and categories index their own vectors"
    )]
    fn subject_chance(&self, i: usize, w: &[Vec<f64>]) -> f64 {
        let r = self.shares.len() as f64;
        let n = self.rows.len() as f64;
        let q = self.mean.len();
        let row = &self.rows[i];
        let mut total = 0.0;
        for (g, rating) in row.iter().enumerate() {
            let rated = if rating.is_some() { 1.0 } else { 0.0 };
            let scale = n / self.rated[g];
            for (k, weights) in w.iter().enumerate().take(q) {
                let lambda: f64 = (0..q)
                    .map(|l| {
                        let chose = if *rating == Some(l) { 1.0 } else { 0.0 };
                        weights[l] * (chose - (rated - self.rated[g] / n) * self.shares[g][l])
                    })
                    .sum();
                total += scale * lambda * (r * self.mean[k] - self.shares[g][k]);
            }
        }
        total / (r * (r - 1.0))
    }
}

/// `1 − n/N`, or 1 for an infinite population.
fn finite_population(n: usize, options: &AgreementOptions) -> Result<f64> {
    match options.population() {
        None => Ok(1.0),
        Some(size) if (n as u64) <= size => Ok(1.0 - n as f64 / size as f64),
        Some(size) => Err(Error::IntegerOutOfRange {
            field: "population",
            value: size.to_string(),
            expected: "at least the number of subjects rated",
        }),
    }
}

/// The estimate with its t interval on `subjects − 1` degrees of freedom.
fn estimate(
    coefficient: Coefficient,
    weights: &[Vec<f64>],
    [value, observed, chance]: [f64; 3],
    standard_error: Option<f64>,
    subjects: u64,
    options: &AgreementOptions,
) -> Result<AgreementEstimate> {
    let weighted = weights
        .iter()
        .enumerate()
        .any(|(k, row)| row.iter().enumerate().any(|(l, &w)| (k != l) && w > 0.0));
    let interval = match standard_error {
        Some(se) if subjects >= 2 => {
            let t = options.level().t(subjects as f64 - 1.0)?;
            Some(
                Interval::new(value, value - t * se, value + t * se, options.level())
                    .limited_to(-1.0, 1.0)
                    .reaching(value),
            )
        }
        _ => None,
    };
    Ok(AgreementEstimate {
        coefficient,
        weighted,
        value,
        observed,
        chance,
        standard_error: interval.and(standard_error),
        interval,
        subjects,
    })
}

/// A coefficient from two raters' contingency table, with Gwet's two-rater variance:
/// `(1 − f) / (n (1 − pₑ)²) × [Σ pₖₗ (wₖₗ − 2(1 − κ) gₖₗ)² − (pₐ − 2(1 − κ) ḡ)²]`, where `gₖₗ` is
/// each coefficient's share of chance agreement for the cell and `ḡ = Σ pₖₗ gₖₗ` (which is `pₑ`
/// for every coefficient but Brennan–Prediger's and percent agreement, whose `g` is 0).
#[allow(
    clippy::indexing_slicing,
    reason = "the table is square (checked when built) and k, l run below its size"
)]
fn two_raters(
    cells: &[Vec<u64>],
    which: Coefficient,
    options: &AgreementOptions,
) -> Result<AgreementOutcome> {
    let q = cells.len();
    listed_categories_match(q, options)?;
    let n: f64 = cells.iter().flatten().map(|&c| c as f64).sum();
    if n <= 0.0 {
        return Ok(AgreementOutcome::NoPairs);
    }
    let finite = finite_population(usize::try_from(n as u64).unwrap_or(usize::MAX), options)?;
    if which.estimates_chance() && n < 2.0 {
        return Ok(AgreementOutcome::SingleSubject);
    }
    let w = agreement_weights(q, options.categories(), options);
    let p: Vec<Vec<f64>> = cells
        .iter()
        .map(|row| row.iter().map(|&c| c as f64 / n).collect())
        .collect();
    let rows: Vec<f64> = p.iter().map(|row| row.iter().sum()).collect();
    let columns: Vec<f64> = (0..q).map(|l| p.iter().map(|row| row[l]).sum()).collect();
    let shares: Vec<f64> = (0..q).map(|k| (rows[k] + columns[k]) / 2.0).collect();
    let observed: f64 = (0..q)
        .map(|k| (0..q).map(|l| w[k][l] * p[k][l]).sum::<f64>())
        .sum();
    let weight_total: f64 = w.iter().flatten().sum();
    let gwet_factor = if q >= 2 {
        weight_total / (q * (q - 1)) as f64
    } else {
        0.0
    };
    // Σₗ wₖₗ p₊ₗ (row k against the second rater) and Σₖ wₖₗ pₖ₊ (column l against the first).
    let row_weighted: Vec<f64> = (0..q)
        .map(|k| (0..q).map(|l| w[k][l] * columns[l]).sum())
        .collect();
    let column_weighted: Vec<f64> = (0..q)
        .map(|l| (0..q).map(|k| w[k][l] * rows[k]).sum())
        .collect();
    let pooled: Vec<f64> = (0..q)
        .map(|k| (row_weighted[k] + column_weighted[k]) / 2.0)
        .collect();
    let pairs = |f: &dyn Fn(usize, usize) -> f64| -> f64 {
        (0..q).map(|k| (0..q).map(|l| f(k, l)).sum::<f64>()).sum()
    };
    let chance = match which {
        Coefficient::PercentAgreement => 0.0,
        Coefficient::BrennanPrediger => weight_total / (q * q) as f64,
        Coefficient::Gwet => gwet_factor * shares.iter().map(|s| s * (1.0 - s)).sum::<f64>(),
        Coefficient::Conger => pairs(&|k, l| w[k][l] * rows[k] * columns[l]),
        _ => pairs(&|k, l| w[k][l] * shares[k] * shares[l]),
    };
    if chance >= 1.0 {
        return Ok(AgreementOutcome::OneCategory);
    }
    let value = ((observed - chance) / (1.0 - chance)).min(1.0);
    let g = |k: usize, l: usize| -> f64 {
        match which {
            Coefficient::Gwet => gwet_factor * (1.0 - (shares[k] + shares[l]) / 2.0),
            Coefficient::Conger => (row_weighted[k] + column_weighted[l]) / 2.0,
            Coefficient::Fleiss => (pooled[k] + pooled[l]) / 2.0,
            _ => 0.0,
        }
    };
    let g_mean = pairs(&|k, l| p[k][l] * g(k, l));
    let factor = 2.0 * (1.0 - value);
    let spread = pairs(&|k, l| p[k][l] * (w[k][l] - factor * g(k, l)).powi(2));
    let variance =
        finite / (n * (1.0 - chance).powi(2)) * (spread - (observed - factor * g_mean).powi(2));
    estimate(
        which,
        &w,
        [value, observed, chance],
        Some(variance.max(0.0).sqrt()),
        n as u64,
        options,
    )
    .map(AgreementOutcome::Estimated)
}

/// Two raters' paired labels tallied as a contingency table: the mergeable state of an
/// agreement computed over data that arrives in parts (a query engine's partitions, a month of
/// calibrations a day at a time).
///
/// Adding pairs and merging tallies commute, so the coefficients of a merged tally are those of
/// all its pairs at once, in whatever parts and order they came. The categories are the labels
/// observed (in ascending order) or the options' explicit list, as for [`Ratings`].
///
/// ```
/// use service_quality::Merge;
/// use service_quality::reliability::{AgreementOptions, Coefficient, PairCounts};
///
/// let (mut monday, mut tuesday) = (PairCounts::new(), PairCounts::new());
/// for (reviewer, lead) in [(1, 1), (1, 1), (0, 1)] {
///     monday.add(reviewer, lead);
/// }
/// for (reviewer, lead) in [(0, 0), (1, 1)] {
///     tuesday.add(reviewer, lead);
/// }
/// monday.merge(&tuesday);
/// assert_eq!(monday.pairs(), 5);
/// let ac1 = monday.coefficient(Coefficient::Gwet, &AgreementOptions::default())?;
/// assert!(ac1.value().unwrap() > 0.5);
/// # Ok::<(), service_quality::Error>(())
/// ```
///
/// Serialised as a list of `[first, second, count]` cells.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(into = "Vec<(i64, i64, u64)>", from = "Vec<(i64, i64, u64)>")
)]
pub struct PairCounts {
    /// (first rater's label, second rater's label) → how many subjects.
    cells: std::collections::BTreeMap<(i64, i64), u64>,
}

impl PairCounts {
    /// An empty tally.
    pub fn new() -> PairCounts {
        PairCounts::default()
    }

    /// Counts one subject the first rater labelled `first` and the second `second`.
    pub fn add(&mut self, first: i64, second: i64) {
        self.add_times(first, second, 1);
    }

    /// Counts `times` subjects labelled `first` and `second` (saturating at `u64::MAX`).
    pub fn add_times(&mut self, first: i64, second: i64, times: u64) {
        if times > 0 {
            let cell = self.cells.entry((first, second)).or_insert(0);
            *cell = cell.saturating_add(times);
        }
    }

    /// The number of pairs counted (saturating).
    pub fn pairs(&self) -> u64 {
        self.cells.values().fold(0, |a, &c| a.saturating_add(c))
    }

    /// Every label of every non-empty cell, both raters'.
    fn labels(&self) -> impl Iterator<Item = i64> + '_ {
        self.cells.keys().flat_map(|&(a, b)| [a, b])
    }

    /// The non-empty cells: `((first, second), count)`, in ascending order of the labels.
    pub fn cells(&self) -> impl Iterator<Item = ((i64, i64), u64)> + '_ {
        self.cells.iter().map(|(&k, &c)| (k, c))
    }

    /// The pairs as a two-rater contingency table over the options' categories (or the labels
    /// observed), ready for [`Ratings::coefficient`].
    ///
    /// # Errors
    ///
    /// [`Error::UnknownName`] for a label missing from an explicit category list.
    pub fn ratings(&self, options: &AgreementOptions) -> Result<Ratings> {
        let categories = categories_of(options, self.labels());
        let position = |label: i64| position_of(&categories, label);
        let q = categories.len().max(1);
        let mut table = vec![vec![0u64; q]; q];
        for (&(a, b), &count) in &self.cells {
            let (k, l) = (position(a)?, position(b)?);
            if let Some(cell) = table.get_mut(k).and_then(|row| row.get_mut(l)) {
                *cell = cell.saturating_add(count);
            }
        }
        Ok(Ratings {
            source: Source::Table(table),
        })
    }

    /// A coefficient of the pairs, as [`Ratings::coefficient`] of [`ratings`](Self::ratings)
    /// (distances by value use the labels themselves when no category list is given).
    ///
    /// # Errors
    ///
    /// As [`ratings`](Self::ratings) and [`Ratings::coefficient`].
    pub fn coefficient(
        &self,
        which: Coefficient,
        options: &AgreementOptions,
    ) -> Result<AgreementOutcome> {
        if self.cells.is_empty() {
            return Ok(AgreementOutcome::NoPairs);
        }
        let table = self.ratings(options)?;
        match options.categories() {
            Some(_) => table.coefficient(which, options),
            None => {
                // Give the table the observed labels, so value distances are the labels'.
                let observed = categories_of(&AgreementOptions::default(), self.labels());
                let options = options.clone().try_with_categories(observed)?;
                table.coefficient(which, &options)
            }
        }
    }
}

impl From<PairCounts> for Vec<(i64, i64, u64)> {
    fn from(counts: PairCounts) -> Self {
        counts.cells().map(|((a, b), c)| (a, b, c)).collect()
    }
}

impl From<Vec<(i64, i64, u64)>> for PairCounts {
    /// Cells as listed; a cell listed twice counts twice, an empty one not at all.
    fn from(cells: Vec<(i64, i64, u64)>) -> Self {
        let mut counts = PairCounts::new();
        for (a, b, c) in cells {
            counts.add_times(a, b, c);
        }
        counts
    }
}

impl crate::Merge for PairCounts {
    fn merge(&mut self, other: &PairCounts) {
        for (&(a, b), &count) in &other.cells {
            self.add_times(a, b, count);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agreement_weights_scale_each_weighting_by_its_largest_disagreement() {
        let weights = |weighting| weights_of(3, weighting, |k, l| k.abs_diff(l) as f64);
        // Steps 0, 1, 2: linear 1, 1/2, 0; quadratic 1, 3/4, 0; ordinal (1, 3 pairs spanned)
        // 1, 2/3, 0; unweighted the identity.
        for (weighting, near) in [
            (Weighting::Linear, 0.5),
            (Weighting::Quadratic, 0.75),
            (Weighting::Ordinal, 2.0 / 3.0),
            (Weighting::Unweighted, 0.0),
        ] {
            let w = weights(weighting);
            assert_eq!(w[0][0].to_bits(), 1.0_f64.to_bits(), "{weighting}");
            assert!((w[0][1] - near).abs() < 1e-15 && (w[1][2] - near).abs() < 1e-15);
            assert_eq!(w[0][2].to_bits(), 0.0_f64.to_bits(), "{weighting}");
        }
        // One category: nothing to disagree on, so full agreement.
        let one = weights_of(1, Weighting::Linear, |_, _| 0.0);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0][0].to_bits(), 1.0_f64.to_bits());
    }
}
