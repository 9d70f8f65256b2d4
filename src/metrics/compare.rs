//! Do two teams, or this period and the last, really differ? Differences with an interval and a
//! p-value, and the Holm adjustment for many comparisons at once.
//!
//! | compare | function | interval of the difference | p-value |
//! |---|---|---|---|
//! | two NPS tallies | [`nps`] | Wald or adjusted Wald on the two scores' variances ([`NpsMethod`]) | z test of the same |
//! | two shares (CSAT, pass rates) | [`shares`], [`csat`] | Newcombe's hybrid score interval ([`ShareMethod`]) | pooled two-proportion z test (Pearson's χ², with Yates' correction for the corrected method) |
//! | two means (CES, quality scores) | [`means`], [`ces`] | Welch's t interval | Welch's t test |
//!
//! Every comparison returns a [`Difference`]: the first group minus the second, its interval,
//! and the two-sided p-value of "no difference". For a change over time, pass the later period
//! first, so a positive difference is an improvement.
//!
//! When many teams are compared at once, some differences look significant by chance alone.
//! [`holm`] adjusts a family of p-values so that the chance of even one false alarm stays at the
//! chosen level (Holm, 1979, "A simple sequentially rejective multiple test procedure").
//!
//! ```
//! use service_quality::metrics::compare;
//! use service_quality::metrics::{Level, Nps, NpsMethod};
//!
//! // Counts of the answers 0 to 10 in two months.
//! let october = Nps::from_counts([2, 1, 1, 2, 3, 4, 6, 10, 12, 14, 15]);
//! let november = Nps::from_counts([1, 0, 1, 1, 2, 2, 4, 8, 12, 20, 25]);
//! let change = compare::nps(&november, &october, NpsMethod::default(), Level::default())?;
//! assert_eq!(change.to_string(), "+30.5 [+4.6, +54.1] at 95%, p = 0.020");
//! assert!(change.is_significant(Level::default()));
//! # Ok::<(), service_quality::Error>(())
//! ```

use core::fmt;

use crate::metrics::{
    Ces, Csat, Interval, Level, Moments, Nps, NpsMethod, Share, ShareMethod, normal_p_value,
    t_p_value, wilson, wilson_corrected,
};
use crate::scoring::{Error, Result};

/// The difference between two groups (the first minus the second), its confidence interval and
/// the two-sided p-value of the hypothesis that there is no difference.
///
/// The interval's estimate is the observed difference, and the interval always contains it.
/// Whether the difference is significant is read from the p-value; the interval and the p-value
/// come from the same method and agree except, rarely, at the very edge (for shares the interval
/// is Newcombe's and the p-value the pooled z test's).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Difference {
    interval: Interval,
    p_value: f64,
}

impl Difference {
    fn new(interval: Interval, p_value: f64) -> Self {
        Difference {
            interval,
            p_value: p_value.clamp(0.0, 1.0),
        }
    }

    /// The observed difference, first minus second.
    pub const fn difference(&self) -> f64 {
        self.interval.estimate()
    }

    /// The confidence interval of the difference; its estimate is [`Difference::difference`].
    pub const fn interval(&self) -> Interval {
        self.interval
    }

    /// The two-sided p-value of "no difference", 0..=1.
    pub const fn p_value(&self) -> f64 {
        self.p_value
    }

    /// Whether the difference is significant at `level`: the p-value is below `1 − level`.
    ///
    /// For one comparison among many, adjust the family's p-values with [`holm`] and compare
    /// the adjusted value with [`Level::alpha`] instead.
    pub fn is_significant(&self, level: Level) -> bool {
        self.p_value < level.alpha()
    }
}

impl fmt::Display for Difference {
    /// `+12.0 [-3.1, +27.1] at 95%, p = 0.041`; honours precision for the difference and bounds.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = f.precision().unwrap_or(1);
        let i = self.interval;
        write!(
            f,
            "{:+.d$} [{:+.d$}, {:+.d$}] at {}%, {}",
            i.estimate(),
            i.lower(),
            i.upper(),
            i.level().get() * 100.0,
            PValue(self.p_value)
        )
    }
}

/// A p-value as text: `p = 0.041`, or `p < 0.001` for smaller ones.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PValue(pub(crate) f64);

impl fmt::Display for PValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 < 0.001 {
            f.write_str("p < 0.001")
        } else {
            write!(f, "p = {:.3}", self.0)
        }
    }
}

/// Compares two Net Promoter Scores: `first − second`, in score points (−200..=200).
///
/// The variance of a score is `(p + d − (p − d)²) / n` (promoter and detractor shares `p`, `d`),
/// and the two groups are independent, so the difference has variance `v₁ + v₂`. The interval is
/// `centre ± z √(v₁ + v₂)` and the p-value that of `z = centre / √(v₁ + v₂)`:
///
/// - [`NpsMethod::Wald`] takes the observed shares, and centres on the observed difference;
/// - [`NpsMethod::AdjustedWald`] (the default) first adds ¾ of an answer to the promoters and to
///   the detractors and 1½ to the passives of each group, and centres on the difference of the
///   adjusted scores, the comparison Lewis and Sauro (MeasuringU, 2021, "How to statistically
///   compare two Net Promoter Scores") built on Rocks (2016). Where that interval would end
///   short of the observed difference (tiny groups only), it is extended to reach it.
///
/// The adjustment pulls a small group's score towards 0 more than a large group's, so two
/// groups with the same observed score but different sizes get a centre away from 0 and a
/// p-value below 1: all promoters in 11 answers against all in 4 gives p = 0.46, and a single
/// promoter against 1,000 gives p = 0.046, "significant" for identical observed scores. The
/// interval still reaches the observed difference. Show the observed difference beside the
/// interval, and read a significant change between groups of a handful of answers with care
/// (Holm's adjustment over many teams, [`holm`], helps).
///
/// # Errors
///
/// [`Error::Empty`] when either tally has no answers, and, for the Wald method,
/// [`Error::Degenerate`] when both groups have every answer in one category (the difference
/// then has no standard error).
///
/// ```
/// use service_quality::metrics::compare;
/// use service_quality::metrics::{Level, Nps, NpsMethod};
///
/// let team = Nps::from_answers([10, 9, 9, 7, 3, 10])?;
/// let same = compare::nps(&team, &team, NpsMethod::default(), Level::default())?;
/// assert!(same.interval().contains(0.0));
/// assert_eq!(same.p_value(), 1.0);
///
/// let promoters = Nps::from_answers([9, 10])?;
/// assert_eq!(
///     compare::nps(&promoters, &promoters, NpsMethod::Wald, Level::default())
///         .unwrap_err()
///         .to_string(),
///     "NPS difference is undefined: every answer in both groups is in one category"
/// );
/// # Ok::<(), service_quality::Error>(())
/// ```
pub fn nps(first: &Nps, second: &Nps, method: NpsMethod, level: Level) -> Result<Difference> {
    let observed = first.score()? - second.score()?;
    let (a, b) = (
        first.with_pseudo_answers(method),
        second.with_pseudo_answers(method),
    );
    let se = (a.variance + b.variance).sqrt();
    if se <= 0.0 {
        return Err(Error::Degenerate {
            part: None,
            what: "NPS difference",
            reason: "every answer in both groups is in one category",
        });
    }
    let centre = a.centre - b.centre;
    let half = level.z() * se;
    let interval = Interval::new(
        observed,
        100.0 * (centre - half),
        100.0 * (centre + half),
        level,
    )
    .reaching(observed)
    .limited_to(-200.0, 200.0);
    Ok(Difference::new(interval, normal_p_value(centre / se)))
}

/// Compares two shares: `first − second`, in percentage points (−100..=100).
///
/// The interval is Newcombe's hybrid score interval (Newcombe, 1998, "Interval estimation for
/// the difference between independent proportions: comparison of eleven methods", *Statistics
/// in Medicine* 17, methods 10 and 11), built from each share's own score interval
/// `(l₁, u₁)`, `(l₂, u₂)`:
/// `δ − √((p₁ − l₁)² + (u₂ − p₂)²)` to `δ + √((u₁ − p₁)² + (p₂ − l₂)²)`, with
/// [`ShareMethod::Wilson`] for method 10 and [`ShareMethod::WilsonCorrected`] for method 11. It
/// stays within −100..=100 and behaves well for small groups and shares near 0% or 100%.
///
/// The p-value is the pooled two-proportion z test, `z = δ / √(p̄(1 − p̄)(1/n₁ + 1/n₂))`
/// (Pearson's χ² test of the 2 × 2 table), with Yates' continuity correction for the corrected
/// method. When both groups are all counted or all not (the pooled share is 0 or 1) the
/// difference is zero and the p-value is 1, as the exact test gives.
///
/// ```
/// use service_quality::metrics::compare;
/// use service_quality::metrics::{Level, Share, ShareMethod};
///
/// // Newcombe (1998), Table II, example (a): 56/70 against 48/80.
/// let d = compare::shares(
///     Share::new(56, 70)?,
///     Share::new(48, 80)?,
///     ShareMethod::Wilson,
///     Level::default(),
/// );
/// assert_eq!(format!("{:.2}", d.difference()), "20.00");
/// let i = d.interval();
/// assert_eq!(format!("{:.2} {:.2}", i.lower(), i.upper()), "5.24 33.39");
/// # Ok::<(), service_quality::Error>(())
/// ```
pub fn shares(first: Share, second: Share, method: ShareMethod, level: Level) -> Difference {
    let z = level.z();
    let score_interval = |share: Share| {
        let (p, n) = (share.fraction(), share.of() as f64);
        let (l, u) = match method {
            ShareMethod::Wilson => wilson(p, n, z),
            ShareMethod::WilsonCorrected => wilson_corrected(p, n, z),
        };
        (p, l, u)
    };
    let ((p1, l1, u1), (p2, l2, u2)) = (score_interval(first), score_interval(second));
    let delta = p1 - p2;
    let lower = delta - (p1 - l1).hypot(u2 - p2);
    let upper = delta + (u1 - p1).hypot(p2 - l2);
    let interval = Interval::new(100.0 * delta, 100.0 * lower, 100.0 * upper, level)
        .reaching(100.0 * delta)
        .limited_to(-100.0, 100.0);

    let (n1, n2) = (first.of() as f64, second.of() as f64);
    // The pooled share from the counts: (x₁ + x₂) / (n₁ + n₂), with counts added as floats so
    // that stored counts near u64::MAX cannot overflow.
    let pooled = (first.count() as f64 + second.count() as f64) / (n1 + n2);
    let spread = (pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2)).sqrt();
    let p_value = if spread > 0.0 {
        let correction = match method {
            ShareMethod::Wilson => 0.0,
            ShareMethod::WilsonCorrected => (1.0 / n1 + 1.0 / n2) / 2.0,
        };
        normal_p_value((delta.abs() - correction).max(0.0) / spread)
    } else {
        1.0
    };
    Difference::new(interval, p_value)
}

/// Compares the satisfied shares of two CSAT tallies with [`shares`], in percentage points.
///
/// # Errors
///
/// [`Error::Empty`] when either tally has no answers, and [`Error::Mismatch`] when their scales
/// or thresholds differ (the shares would not mean the same thing).
///
/// ```
/// use service_quality::Scale;
/// use service_quality::metrics::compare;
/// use service_quality::metrics::{Csat, Level, ShareMethod};
///
/// let mut a = Csat::default();
/// let mut b = Csat::default();
/// for answer in [5, 5, 4, 2] {
///     a.add(answer)?;
/// }
/// for answer in [3, 2, 4, 2] {
///     b.add(answer)?;
/// }
/// let d = compare::csat(&a, &b, ShareMethod::Wilson, Level::default())?;
/// assert_eq!(d.difference(), 50.0);
/// let strict = Csat::new(Scale::ONE_TO_FIVE, 5)?;
/// assert!(compare::csat(&a, &strict, ShareMethod::Wilson, Level::default()).is_err());
/// # Ok::<(), service_quality::Error>(())
/// ```
pub fn csat(first: &Csat, second: &Csat, method: ShareMethod, level: Level) -> Result<Difference> {
    // Merging checks that the two tallies count the same thing; the merged copy is discarded.
    let mut check = *first;
    check.merge(second)?;
    Ok(shares(first.share()?, second.share()?, method, level))
}

/// Compares two means with Welch's t test, which does not assume equal variances: `first −
/// second`.
///
/// With `sᵢ² / nᵢ` the squared standard error of each mean, the difference has standard error
/// `√(s₁²/n₁ + s₂²/n₂)` and the Welch–Satterthwaite degrees of freedom
/// `(s₁²/n₁ + s₂²/n₂)² / ((s₁²/n₁)²/(n₁ − 1) + (s₂²/n₂)²/(n₂ − 1))`; the interval is
/// `difference ± t(df) × SE` and the p-value that of `t = difference / SE` (Welch, 1947).
///
/// This is the building block for any two running tallies that keep a count, a mean and a
/// spread: CES tallies ([`ces`]), quality summaries, scores per agent.
///
/// # Errors
///
/// [`Error::Degenerate`] when either group has fewer than two values, or when every value in
/// both groups is the same.
///
/// ```
/// use service_quality::metrics::compare;
/// use service_quality::metrics::{Level, Moments};
///
/// let north = Moments::new(40, 82.5, 64.0)?;
/// let south = Moments::new(35, 76.0, 121.0)?;
/// let d = compare::means(&north, &south, Level::default())?;
/// assert_eq!(d.difference(), 6.5);
/// assert!(d.is_significant(Level::default()));
///
/// let flat = Moments::new(5, 80.0, 0.0)?;
/// assert_eq!(
///     compare::means(&flat, &flat, Level::default()).unwrap_err().to_string(),
///     "mean difference is undefined: every value in both groups is the same"
/// );
/// # Ok::<(), service_quality::Error>(())
/// ```
pub fn means(first: &Moments, second: &Moments, level: Level) -> Result<Difference> {
    if first.count() < 2 || second.count() < 2 {
        return Err(Error::Degenerate {
            part: None,
            what: "mean difference",
            reason: "it needs at least two values in each group",
        });
    }
    let a = first.variance() / first.count() as f64;
    let b = second.variance() / second.count() as f64;
    let squared_se = a + b;
    if squared_se <= 0.0 {
        return Err(Error::Degenerate {
            part: None,
            what: "mean difference",
            reason: "every value in both groups is the same",
        });
    }
    // The Welch–Satterthwaite df, written with shares of the squared standard error so that no
    // intermediate square can overflow.
    let (ra, rb) = (a / squared_se, b / squared_se);
    let df = 1.0 / (ra * ra / (first.count() - 1) as f64 + rb * rb / (second.count() - 1) as f64);
    let se = squared_se.sqrt();
    let difference = first.mean() - second.mean();
    let half = level.t(df)? * se;
    let interval = Interval::new(difference, difference - half, difference + half, level);
    Ok(Difference::new(interval, t_p_value(difference / se, df)?))
}

/// Compares the mean answers of two CES tallies with Welch's t test ([`means`]).
///
/// # Errors
///
/// [`Error::Empty`] when either tally has no answers; otherwise as [`means`].
///
/// ```
/// use service_quality::metrics::compare;
/// use service_quality::metrics::{Ces, Level};
///
/// let after = Ces::from_answers([6, 7, 6, 5, 7, 6])?;
/// let before = Ces::from_answers([4, 5, 3, 5, 4, 6])?;
/// let d = compare::ces(&after, &before, Level::default())?;
/// assert!(d.difference() > 1.5 && d.is_significant(Level::default()));
/// assert!(compare::ces(&after, &Ces::new(), Level::default()).is_err());
/// # Ok::<(), service_quality::Error>(())
/// ```
pub fn ces(first: &Ces, second: &Ces, level: Level) -> Result<Difference> {
    means(&first.moments()?, &second.moments()?, level)
}

/// Holm's step-down adjustment of a family of p-values (Holm, 1979), in the order given.
///
/// Sorted ascending, the `i`-th smallest of `m` p-values (from 0) becomes
/// `min(1, max over j ≤ i of (m − j) × p₍ⱼ₎)`. A comparison is significant for the family at
/// `level` when its adjusted p-value is below [`Level::alpha`]: the chance of any false alarm
/// among all of them is then at most `1 − level`, whatever their dependence. Holm's method is
/// uniformly more powerful than Bonferroni's.
///
/// # Errors
///
/// [`Error::ValueOutOfRange`] for a p-value outside 0..=1 (or NaN).
///
/// ```
/// use service_quality::metrics::compare::holm;
///
/// let adjusted = holm(&[0.01, 0.04, 0.03, 0.005])?;
/// let expected = [0.03, 0.06, 0.06, 0.02];
/// for (got, want) in adjusted.iter().zip(expected) {
///     assert!((got - want).abs() < 1e-12);
/// }
/// assert!(holm(&[0.5, 1.5]).is_err());
/// # Ok::<(), service_quality::Error>(())
/// ```
pub fn holm(p_values: &[f64]) -> Result<Vec<f64>> {
    for &p in p_values {
        if !(0.0..=1.0).contains(&p) {
            return Err(Error::ValueOutOfRange {
                field: "p-value",
                value: p,
                expected: "a value in 0..=1",
            });
        }
    }
    let m = p_values.len();
    let mut order: Vec<(usize, f64)> = p_values.iter().copied().enumerate().collect();
    // A stable sort keeps tied p-values in their given order; ties get the same adjusted value.
    order.sort_by(|a, b| a.1.total_cmp(&b.1));
    let mut adjusted = vec![0.0; m];
    let mut running = 0.0_f64;
    for (rank, (index, p)) in order.into_iter().enumerate() {
        running = running.max(((m - rank) as f64 * p).min(1.0));
        if let Some(slot) = adjusted.get_mut(index) {
            *slot = running;
        }
    }
    Ok(adjusted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_p_value_of_exactly_one_in_a_thousand_is_printed() {
        assert_eq!(PValue(0.001).to_string(), "p = 0.001");
        assert_eq!(PValue(0.000_999).to_string(), "p < 0.001");
    }
    use crate::testing::assert_close;

    #[test]
    fn ties_get_one_adjusted_value_and_nothing_passes_one() {
        let adjusted = holm(&[0.4, 0.4, 0.9]).unwrap();
        assert_close(adjusted[0], 1.0);
        assert_close(adjusted[1], 1.0);
        assert_close(adjusted[2], 1.0);
        assert!(holm(&[]).unwrap().is_empty());
        assert!(holm(&[f64::NAN]).is_err());
    }

    #[test]
    fn p_values_read_as_text() {
        assert_eq!(PValue(0.0412).to_string(), "p = 0.041");
        assert_eq!(PValue(0.0004).to_string(), "p < 0.001");
    }

    #[test]
    fn a_difference_prints_with_signs() {
        let level = Level::NINETY_FIVE;
        let d = Difference::new(Interval::new(12.0, -3.12, 27.1, level), 0.0412);
        assert_eq!(d.to_string(), "+12.0 [-3.1, +27.1] at 95%, p = 0.041");
        assert!(d.is_significant(level));
        assert!(!d.is_significant(Level::new(0.99).unwrap()));
    }
}
