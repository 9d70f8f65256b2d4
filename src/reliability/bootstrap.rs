//! Bootstrap intervals over subjects, seeded and reproducible on every platform: for any
//! agreement coefficient, Krippendorff's alpha, Cohen's kappa and intraclass correlation, and a
//! paired bootstrap for the difference of two coefficients on the same subjects.

use statrs::distribution::{ContinuousCDF, Normal};

use super::{
    AgreementOptions, Coefficient, IccForm, Kappa, KappaOptions, Measurement, Ratings,
    intraclass_correlation, krippendorff_alpha,
};
use crate::metrics::{Interval, Level};
use crate::scoring::macros::named_enum;
use crate::scoring::random::SplitMix64;
use crate::scoring::{Error, Result};

named_enum! {
    /// How a bootstrap turns its resampled values into an interval.
    #[derive(Default)]
    #[non_exhaustive]
    pub enum BootstrapMethod as "bootstrap method", expecting "one of: percentile, bias_corrected" {
        /// The `α/2` and `1 − α/2` quantiles of the resampled values (linear interpolation
        /// between order statistics, R's type 7). The default.
        #[default]
        Percentile,
        /// Efron's bias-corrected and accelerated (BCa) interval: the quantiles are moved by
        /// the share of resampled values below the estimate (bias) and by the jackknife's
        /// skewness (acceleration), which corrects percentile intervals of bounded, skewed
        /// statistics such as a coefficient near 1. Falls back to percentile when every
        /// resampled value lies on one side of the estimate ([`BootstrapInterval::method`]
        /// says which was used).
        BiasCorrected,
    }
}

/// A bootstrap over subjects: how many resamples, the seed, the level and the method.
///
/// Each resample draws as many subjects as there are, with replacement, and recomputes the
/// statistic; the interval is read from the resampled values. Subjects are first put in a
/// canonical order (by their ratings), and resample `b` draws from its own random stream
/// (SplitMix64 seeded from the seed and `b`), so the same ratings and seed give the same interval
/// on every platform and in every version, whatever order the subjects came in.
///
/// The default is 2,000 resamples, seed 0, 95%, percentile: enough for the 2.5% and 97.5%
/// quantiles to be read from about 50 values each. Each resample costs one computation of the
/// statistic (BENCHMARKS.md has the measured cost per resample).
///
/// Resamples on which the statistic is undefined (every drawn subject in one category, for a
/// kappa) are left out and counted ([`BootstrapInterval::undefined`]); when more than half are,
/// the data is too thin for a bootstrap and the result is [`Error::Degenerate`].
///
/// # Examples
///
/// ```
/// use service_quality::reliability::{AgreementOptions, Bootstrap, Coefficient, Ratings};
///
/// let mut calls = vec![[Some(1), Some(1)]; 30];
/// calls.extend([[Some(0), Some(0)], [Some(1), Some(0)], [Some(0), Some(1)], [Some(0), Some(0)]]);
/// let ratings = Ratings::by_subject(&calls)?;
/// let bootstrap = Bootstrap::new(1_000, 7)?;
/// let ac1 = bootstrap.coefficient(&ratings, Coefficient::Gwet, &AgreementOptions::default())?;
/// assert!(ac1.interval().contains(ac1.interval().estimate()));
/// assert!(ac1.interval().upper() <= 1.0);
/// // The same seed, the same interval.
/// assert_eq!(bootstrap.coefficient(&ratings, Coefficient::Gwet, &AgreementOptions::default())?, ac1);
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Bootstrap {
    resamples: u32,
    seed: u64,
    level: Level,
    method: BootstrapMethod,
}

impl Default for Bootstrap {
    fn default() -> Self {
        Bootstrap {
            resamples: Bootstrap::DEFAULT_RESAMPLES,
            seed: 0,
            level: Level::default(),
            method: BootstrapMethod::default(),
        }
    }
}

/// A bootstrap interval: the estimate on all the data, the interval, and how many resamples it
/// rests on.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct BootstrapInterval {
    interval: Interval,
    standard_error: f64,
    resamples: u32,
    undefined: u32,
    method: BootstrapMethod,
}

impl BootstrapInterval {
    /// The estimate (on all the data) and the interval, which always contains it.
    pub const fn interval(&self) -> Interval {
        self.interval
    }

    /// The standard deviation of the resampled values: the bootstrap's standard error.
    pub const fn standard_error(&self) -> f64 {
        self.standard_error
    }

    /// The resamples the interval rests on (those on which the statistic was defined).
    pub const fn resamples(&self) -> u32 {
        self.resamples
    }

    /// The resamples left out because the statistic was undefined on them.
    pub const fn undefined(&self) -> u32 {
        self.undefined
    }

    /// The method used (bias-corrected falls back to percentile when it cannot apply).
    pub const fn method(&self) -> BootstrapMethod {
        self.method
    }
}

impl Bootstrap {
    /// The default number of resamples, 2,000.
    pub const DEFAULT_RESAMPLES: u32 = 2_000;

    /// A percentile bootstrap at 95% with `resamples` resamples from `seed`.
    ///
    /// # Errors
    ///
    /// [`Error::IntegerOutOfRange`] for fewer than 100 or more than 1,000,000 resamples.
    pub fn new(resamples: u32, seed: u64) -> Result<Bootstrap> {
        if !(100..=1_000_000).contains(&resamples) {
            return Err(Error::IntegerOutOfRange {
                field: "resamples",
                value: resamples.to_string(),
                expected: "between 100 and 1000000",
            });
        }
        Ok(Bootstrap {
            resamples,
            seed,
            ..Bootstrap::default()
        })
    }

    /// The same bootstrap at another confidence level.
    #[must_use]
    pub fn with_level(self, level: Level) -> Self {
        Bootstrap { level, ..self }
    }

    /// The same bootstrap with another method.
    #[must_use]
    pub fn with_method(self, method: BootstrapMethod) -> Self {
        Bootstrap { method, ..self }
    }

    /// The number of resamples.
    pub const fn resamples(&self) -> u32 {
        self.resamples
    }

    /// The seed.
    pub const fn seed(&self) -> u64 {
        self.seed
    }

    /// The confidence level.
    pub const fn level(&self) -> Level {
        self.level
    }

    /// The method.
    pub const fn method(&self) -> BootstrapMethod {
        self.method
    }

    /// An interval for an agreement [`Coefficient`] of `ratings`, resampling subjects (a
    /// contingency table is spread into one subject per count).
    ///
    /// # Errors
    ///
    /// As [`Ratings::coefficient`], and [`Error::Degenerate`] when the coefficient is undefined
    /// on all the data or on more than half of the resamples.
    pub fn coefficient(
        &self,
        ratings: &Ratings,
        which: Coefficient,
        options: &AgreementOptions,
    ) -> Result<BootstrapInterval> {
        let ratings = ratings.canonical();
        // Errors (an unknown label) surface here, on all the data.
        ratings.coefficient(which, options)?;
        let statistic = |picks: &[usize]| {
            ratings
                .resampled(picks)
                .coefficient(which, options)
                .ok()
                .and_then(|outcome| outcome.value())
        };
        self.run(
            ratings.subjects(),
            "bootstrap of an agreement coefficient",
            statistic,
        )
    }

    /// A paired interval for `first − second`: the same coefficient on two sets of ratings of
    /// the same subjects, in the same order (reviewers before and after a calibration; an
    /// automatic scorer's and the reviewers' agreement with a lead). Each resample draws the
    /// same subjects from both, so what the two share cancels out; an interval that excludes 0
    /// says the difference is more than resampling noise.
    ///
    /// # Errors
    ///
    /// [`Error::Mismatch`] when the two have different numbers of subjects, otherwise as
    /// [`coefficient`](Self::coefficient).
    ///
    /// ```
    /// use service_quality::reliability::{AgreementOptions, Bootstrap, Coefficient, Ratings};
    ///
    /// // Ten calls rated by two reviewers before and after a calibration session.
    /// let before = Ratings::by_subject(&[
    ///     [Some(1), Some(2)], [Some(3), Some(3)], [Some(2), Some(4)], [Some(5), Some(4)], [Some(4), Some(2)],
    ///     [Some(1), Some(1)], [Some(3), Some(5)], [Some(2), Some(2)], [Some(5), Some(3)], [Some(4), Some(4)],
    /// ])?;
    /// let after = Ratings::by_subject(&[
    ///     [Some(1), Some(1)], [Some(3), Some(3)], [Some(2), Some(2)], [Some(5), Some(5)], [Some(4), Some(4)],
    ///     [Some(1), Some(1)], [Some(3), Some(4)], [Some(2), Some(2)], [Some(5), Some(5)], [Some(4), Some(4)],
    /// ])?;
    /// let gain = Bootstrap::default().difference(&after, &before, Coefficient::Gwet, &AgreementOptions::default())?;
    /// assert!(gain.interval().estimate() > 0.0);
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn difference(
        &self,
        first: &Ratings,
        second: &Ratings,
        which: Coefficient,
        options: &AgreementOptions,
    ) -> Result<BootstrapInterval> {
        if first.subjects() != second.subjects() {
            return Err(Error::Mismatch {
                field: "number of subjects",
                found: second.subjects().to_string(),
                expected: first.subjects().to_string(),
            });
        }
        first.coefficient(which, options)?;
        second.coefficient(which, options)?;
        // Tables spread once here, not once per resample.
        let (first, second) = (&first.spread(), &second.spread());
        let (a, b) = (first.subject_rows(), second.subject_rows());
        let mut order: Vec<usize> = (0..a.len()).collect();
        order.sort_by_cached_key(|&i| (canonical_key(a.get(i)), canonical_key(b.get(i))));
        let value = |ratings: &Ratings, picks: &[usize]| {
            let picks: Vec<usize> = picks
                .iter()
                .filter_map(|&p| order.get(p).copied())
                .collect();
            ratings
                .resampled(&picks)
                .coefficient(which, options)
                .ok()
                .and_then(|outcome| outcome.value())
        };
        let statistic = |picks: &[usize]| Some(value(first, picks)? - value(second, picks)?);
        self.run(
            order.len(),
            "paired bootstrap of two coefficients",
            statistic,
        )
    }

    /// An interval for Krippendorff's alpha of a raters × units table (the layout of
    /// [`krippendorff_alpha`]), resampling units.
    ///
    /// # Errors
    ///
    /// As [`krippendorff_alpha`], and [`Error::Degenerate`] when alpha is undefined on more than
    /// half of the resamples.
    pub fn krippendorff_alpha<R: AsRef<[Option<f64>]>>(
        &self,
        ratings: &[R],
        measurement: Measurement,
    ) -> Result<BootstrapInterval> {
        krippendorff_alpha(ratings, measurement)?;
        let units = ratings.first().map_or(0, |r| r.as_ref().len());
        let mut columns: Vec<Vec<Option<f64>>> = (0..units)
            .map(|u| {
                ratings
                    .iter()
                    .map(|r| r.as_ref().get(u).copied().flatten())
                    .collect()
            })
            .collect();
        columns.sort_by(|x, y| compare_float_rows(x, y));
        let statistic = |picks: &[usize]| {
            let table: Vec<Vec<Option<f64>>> = (0..ratings.len())
                .map(|g| {
                    picks
                        .iter()
                        .map(|&u| columns.get(u).and_then(|c| c.get(g).copied().flatten()))
                        .collect()
                })
                .collect();
            krippendorff_alpha(&table, measurement).ok()
        };
        self.run(units, "bootstrap of Krippendorff's alpha", statistic)
    }

    /// An interval for Cohen's kappa of two raters' labels, resampling subjects.
    ///
    /// # Errors
    ///
    /// As [`Kappa::from_labels`], and [`Error::Degenerate`] when kappa is undefined on more than
    /// half of the resamples.
    pub fn kappa(
        &self,
        first: &[i64],
        second: &[i64],
        options: &KappaOptions,
    ) -> Result<BootstrapInterval> {
        Kappa::from_labels(first, second, options)?;
        let mut pairs: Vec<(i64, i64)> =
            first.iter().copied().zip(second.iter().copied()).collect();
        pairs.sort_unstable_by_key(|&(a, b)| (a.min(b), a.max(b), a, b));
        let statistic = |picks: &[usize]| {
            let (a, b): (Vec<i64>, Vec<i64>) =
                picks.iter().filter_map(|&p| pairs.get(p).copied()).unzip();
            Kappa::from_labels(&a, &b, options).ok().map(|k| k.value())
        };
        self.run(pairs.len(), "bootstrap of Cohen's kappa", statistic)
    }

    /// An interval for one form of intraclass correlation of a targets × raters table,
    /// resampling targets.
    ///
    /// # Errors
    ///
    /// As [`intraclass_correlation`], and [`Error::Degenerate`] when it is undefined on more
    /// than half of the resamples.
    pub fn icc<R: AsRef<[f64]>>(&self, ratings: &[R], form: IccForm) -> Result<BootstrapInterval> {
        intraclass_correlation(ratings, self.level)?;
        let mut rows: Vec<Vec<Option<f64>>> = ratings
            .iter()
            .map(|r| r.as_ref().iter().copied().map(Some).collect())
            .collect();
        rows.sort_by(|x, y| compare_float_rows(x, y));
        let statistic = |picks: &[usize]| {
            let table: Vec<Vec<f64>> = picks
                .iter()
                .filter_map(|&p| rows.get(p))
                .map(|row| row.iter().flatten().copied().collect())
                .collect();
            intraclass_correlation(&table, self.level)
                .ok()
                .map(|icc| icc.get(form).value())
        };
        self.run(
            rows.len(),
            "bootstrap of the intraclass correlation",
            statistic,
        )
    }

    /// Runs the bootstrap of `statistic`, which takes the positions of the drawn units (out of
    /// `units`, in the caller's canonical order).
    fn run(
        &self,
        units: usize,
        what: &'static str,
        statistic: impl Fn(&[usize]) -> Option<f64>,
    ) -> Result<BootstrapInterval> {
        let all: Vec<usize> = (0..units).collect();
        let estimate = statistic(&all).ok_or(Error::Degenerate {
            part: None,
            what,
            reason: "the statistic is undefined on all the data",
        })?;
        let mut values = Vec::with_capacity(self.resamples as usize);
        let mut picks = vec![0; units];
        for b in 0..self.resamples {
            let mut stream = stream_for_resample(self.seed, b);
            for pick in &mut picks {
                *pick = stream.below(units);
            }
            if let Some(value) = statistic(&picks).filter(|v| v.is_finite()) {
                values.push(value);
            }
        }
        let defined = values.len();
        let undefined = self.resamples as usize - defined;
        if defined == 0 || undefined * 2 > self.resamples as usize {
            return Err(Error::Degenerate {
                part: None,
                what,
                reason: "the statistic is undefined on more than half of the resamples",
            });
        }
        values.sort_by(f64::total_cmp);
        let alpha = self.level.alpha();
        let mut method = self.method;
        let (mut low, mut high) = (alpha / 2.0, 1.0 - alpha / 2.0);
        if method == BootstrapMethod::BiasCorrected {
            match bias_corrected_levels(&values, estimate, &all, &statistic, [low, high]) {
                Some([l, h]) => (low, high) = (l, h),
                None => method = BootstrapMethod::Percentile,
            }
        }
        let mean = values.iter().sum::<f64>() / defined as f64;
        let spread = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>();
        // At least half of 100 or more resamples are defined (checked above), so defined > 1.
        let standard_error = (spread / (defined - 1) as f64).sqrt();
        let interval = Interval::new(
            estimate,
            quantile(&values, low),
            quantile(&values, high),
            self.level,
        )
        .reaching(estimate);
        Ok(BootstrapInterval {
            interval,
            standard_error,
            resamples: u32::try_from(defined).unwrap_or(u32::MAX),
            undefined: u32::try_from(undefined).unwrap_or(u32::MAX),
            method,
        })
    }
}

/// The BCa levels for the nominal `[low, high]`, or `None` when the bias correction is infinite
/// (every resampled value on one side of the estimate) or the acceleration would carry a level
/// past the end of the distribution.
fn bias_corrected_levels(
    sorted: &[f64],
    estimate: f64,
    all: &[usize],
    statistic: &impl Fn(&[usize]) -> Option<f64>,
    [low, high]: [f64; 2],
) -> Option<[f64; 2]> {
    let normal = Normal::standard();
    let below = sorted.iter().filter(|&&v| v < estimate).count() as f64;
    let equal = sorted
        .iter()
        .filter(|&&v| v.total_cmp(&estimate).is_eq())
        .count() as f64;
    let share = (below + equal / 2.0) / sorted.len() as f64;
    if share <= 0.0 || share >= 1.0 {
        return None;
    }
    let bias = normal.inverse_cdf(share);
    // The jackknife: the statistic without each unit in turn.
    let mut without = Vec::with_capacity(all.len().saturating_sub(1));
    let mut leave_one_out = Vec::with_capacity(all.len());
    for &left_out in all {
        without.clear();
        without.extend(all.iter().copied().filter(|&u| u != left_out));
        if let Some(v) = statistic(&without).filter(|v| v.is_finite()) {
            leave_one_out.push(v);
        }
    }
    let acceleration = if leave_one_out.is_empty() {
        0.0
    } else {
        let mean = leave_one_out.iter().sum::<f64>() / leave_one_out.len() as f64;
        let squares: f64 = leave_one_out.iter().map(|v| (mean - v).powi(2)).sum();
        let cubes: f64 = leave_one_out.iter().map(|v| (mean - v).powi(3)).sum();
        if squares > 0.0 {
            cubes / (6.0 * squares.powf(1.5))
        } else {
            0.0
        }
    };
    let adjust = |level: f64| -> Option<f64> {
        let z = bias + normal.inverse_cdf(level);
        let denominator = 1.0 - acceleration * z;
        (denominator > 0.0).then(|| normal.cdf(bias + z / denominator))
    };
    // z ↦ z / (1 − a z) rises wherever 1 − a z > 0, and both levels' z lie on that side, so
    // the adjusted levels keep their order.
    Some([adjust(low)?, adjust(high)?])
}

/// The `p` quantile of sorted values, interpolating linearly between order statistics (R's
/// type 7).
fn quantile(sorted: &[f64], p: f64) -> f64 {
    let last = sorted.len().saturating_sub(1);
    let position = p.clamp(0.0, 1.0) * last as f64;
    // In 0..=last, so the conversion is exact.
    let below = position.floor() as usize;
    let fraction = position - below as f64;
    match (sorted.get(below), sorted.get(below + 1)) {
        (Some(&a), Some(&b)) => a + (b - a) * fraction,
        (Some(&a), None) => a,
        _ => f64::NAN,
    }
}

/// Sorts rows of ratings by their sorted values, then as given.
fn compare_float_rows(x: &[Option<f64>], y: &[Option<f64>]) -> std::cmp::Ordering {
    let sorted = |row: &[Option<f64>]| {
        let mut values: Vec<f64> = row.iter().flatten().copied().collect();
        values.sort_by(f64::total_cmp);
        (row.iter().filter(|v| v.is_none()).count(), values)
    };
    let (a, b) = (sorted(x), sorted(y));
    a.0.cmp(&b.0)
        .then_with(|| compare_floats(&a.1, &b.1))
        .then_with(|| {
            let key = |row: &[Option<f64>]| -> Vec<f64> {
                row.iter().map(|v| v.unwrap_or(f64::INFINITY)).collect()
            };
            compare_floats(&key(x), &key(y))
        })
}

fn compare_floats(a: &[f64], b: &[f64]) -> std::cmp::Ordering {
    a.iter()
        .zip(b)
        .map(|(x, y)| x.total_cmp(y))
        .find(|o| o.is_ne())
        .unwrap_or_else(|| a.len().cmp(&b.len()))
}

/// Ratings as sortable pairs: (missing, value).
type SortableRatings = Vec<(bool, i64)>;

/// A subject's ratings as a sort key: sorted (missing last), then as given.
fn canonical_key(row: Option<&Vec<Option<i64>>>) -> (SortableRatings, SortableRatings) {
    let given: Vec<(bool, i64)> = row
        .map(|r| r.iter().map(|v| (v.is_none(), v.unwrap_or(0))).collect())
        .unwrap_or_default();
    let mut sorted = given.clone();
    sorted.sort_unstable();
    (sorted, given)
}

/// The random stream of resample `b`: its own starting point, so each resample is the same
/// whichever order they are computed in.
fn stream_for_resample(seed: u64, b: u32) -> SplitMix64 {
    let mut start = SplitMix64::new(seed ^ u64::from(b).wrapping_mul(SplitMix64::GOLDEN));
    SplitMix64::new(start.next())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_statistic_undefined_on_most_resamples_is_degenerate() {
        let bootstrap = Bootstrap::new(200, 1).unwrap();
        // Defined when the first unit drawn is 0, 3, 6 or 9 of ten: about 40% of resamples.
        let err = bootstrap
            .run(10, "test", |picks| {
                (picks.first().copied().unwrap_or(0) % 3 == 0).then_some(1.0)
            })
            .unwrap_err();
        assert!(matches!(err, Error::Degenerate { .. }));
        // Defined on all but unit 9 first: about 90%, counted.
        let fine = bootstrap
            .run(10, "test", |picks| {
                (picks.first() != Some(&9)).then_some(1.0)
            })
            .unwrap();
        assert_eq!(fine.resamples() + fine.undefined(), 200);
        assert!(fine.undefined() > 0);
    }

    #[test]
    fn bias_correction_needs_values_on_both_sides_of_the_estimate() {
        let all = [0, 1, 2];
        let statistic = |_: &[usize]| Some(0.5);
        assert_eq!(
            bias_corrected_levels(&[0.6, 0.7, 0.8], 0.5, &all, &statistic, [0.025, 0.975]),
            None
        );
        // Symmetric about the estimate with a constant jackknife: the nominal levels.
        let [low, high] =
            bias_corrected_levels(&[0.4, 0.5, 0.6], 0.5, &all, &statistic, [0.025, 0.975]).unwrap();
        assert!(
            (low - 0.025).abs() < 1e-9 && (high - 0.975).abs() < 1e-9,
            "{low} {high}"
        );
    }

    /// The mean of the picked units of [1, 2, 3, 7]: a statistic whose jackknife is known.
    fn mean_of_units(picks: &[usize]) -> Option<f64> {
        let units = [1.0, 2.0, 3.0, 7.0];
        let values: Vec<f64> = picks
            .iter()
            .filter_map(|&p| units.get(p).copied())
            .collect();
        Some(values.iter().sum::<f64>() / values.len() as f64)
    }

    #[test]
    fn bias_corrected_levels_match_an_independent_computation() {
        // Resampled values 0.1..=1.0, estimate 0.45 (4 of 10 below: z0 = Φ⁻¹(0.4)), and a
        // jackknife of the mean of [1, 2, 3, 7]. The expected levels were computed with scipy
        // (norm.ppf, norm.cdf) from the BCa formulas: 0.014933656778338356 and
        // 0.9537801299872309, with acceleration 0.06942920059588849.
        let sorted: Vec<f64> = (1..=10).map(|i| f64::from(i) / 10.0).collect();
        let mean = mean_of_units;
        let [low, high] =
            bias_corrected_levels(&sorted, 0.45, &[0, 1, 2, 3], &mean, [0.025, 0.975]).unwrap();
        assert!((low - 0.014_933_656_778_338_356).abs() < 1e-9, "{low}");
        assert!((high - 0.953_780_129_987_230_9).abs() < 1e-9, "{high}");
        // An estimate equal to a resampled value counts half below: 0.5 among 0.1..=1.0 has
        // 4 below and 1 equal, share 0.45.
        let [low_tie, _] =
            bias_corrected_levels(&sorted, 0.5, &[0, 1, 2, 3], &mean, [0.025, 0.975]).unwrap();
        let [low_between, _] =
            bias_corrected_levels(&sorted, 0.55, &[0, 1, 2, 3], &mean, [0.025, 0.975]).unwrap();
        assert!(low < low_tie && low_tie < low_between);
    }

    #[test]
    fn the_standard_error_is_the_spread_of_the_resampled_values() {
        // Two units, the statistic is the first unit drawn: values 0 and 1 about equally often,
        // so the standard deviation is close to 0.5.
        let bootstrap = Bootstrap::new(2_000, 5).unwrap();
        let first = bootstrap
            .run(2, "test", |picks| picks.first().map(|&p| p as f64))
            .unwrap();
        assert!(
            (first.standard_error() - 0.5).abs() < 0.02,
            "{}",
            first.standard_error()
        );
        // A constant statistic has no spread.
        let constant = bootstrap.run(2, "test", |_| Some(3.0)).unwrap();
        assert_eq!(constant.standard_error().to_bits(), 0.0_f64.to_bits());
        assert_eq!(bootstrap.seed(), 5);
        assert_eq!(Bootstrap::new(100, 42).unwrap().seed(), 42);
    }

    #[test]
    fn the_standard_error_is_the_sample_deviation_of_exactly_the_resampled_values() {
        let seen = std::cell::RefCell::new(Vec::new());
        let bootstrap = Bootstrap::new(300, 9).unwrap();
        let result = bootstrap
            .run(5, "test", |picks| {
                let value = picks.iter().map(|&p| p as f64).sum::<f64>();
                seen.borrow_mut().push(value);
                Some(value)
            })
            .unwrap();
        // The first call is the estimate on all the data; the rest are the resamples.
        let values = seen.borrow()[1..].to_vec();
        assert_eq!(values.len(), 300);
        let mean = values.iter().sum::<f64>() / 300.0;
        let sd = (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / 299.0).sqrt();
        assert!(
            (result.standard_error() - sd).abs() < 1e-12,
            "{}",
            result.standard_error()
        );
    }

    #[test]
    fn bias_correction_with_all_values_on_one_side_is_refused_whatever_the_acceleration() {
        let mean = mean_of_units;
        for estimate in [0.05, 1.5] {
            assert_eq!(
                bias_corrected_levels(
                    &[0.1, 0.5, 1.0],
                    estimate,
                    &[0, 1, 2, 3],
                    &mean,
                    [0.025, 0.975]
                ),
                None
            );
        }
    }

    #[test]
    fn quantiles_interpolate_between_order_statistics() {
        let v = [1.0, 2.0, 4.0, 8.0];
        let at = |p: f64| quantile(&v, p).to_bits();
        assert_eq!(at(0.0), 1.0_f64.to_bits());
        assert_eq!(at(1.0), 8.0_f64.to_bits());
        assert_eq!(at(0.5), 3.0_f64.to_bits());
        assert_eq!(at(0.25), 1.75_f64.to_bits());
    }
}
