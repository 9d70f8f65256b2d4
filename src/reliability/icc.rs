//! Intraclass correlation: how well several raters' continuous scores of the same targets agree.

use super::common_width;
use crate::metrics::{Interval, Level, f_quantile, f_upper_tail};
use crate::scoring::macros::named_enum;
use crate::scoring::numeric::finite;
use crate::scoring::numeric::unit_scale;
use crate::scoring::{Error, Result};

named_enum! {
    /// The six forms of the intraclass correlation of Shrout and Fleiss (1979, "Intraclass
    /// correlations: uses in assessing rater reliability", *Psychological Bulletin* 86(2)),
    /// named by McGraw and Wong's (1996) terms: the model (one-way, or two-way for absolute
    /// agreement or consistency) and the unit (one rater's score, or the average of `k`).
    ///
    /// Choose by design and question:
    ///
    /// - each target rated by a different random set of raters: the one-way forms;
    /// - every rater rates every target, and the raters stand for a larger pool (the usual QA
    ///   calibration): the agreement forms, where a reviewer who scores everything 5 points high
    ///   counts against it;
    /// - every rater rates every target, and these are the only raters of interest, or a
    ///   constant offset between raters does not matter: the consistency forms;
    /// - the average forms give the reliability of the mean of the `k` raters' scores, for when
    ///   the average is what gets used; the single forms, that of one rater's score.
    #[non_exhaustive]
    pub enum IccForm as "ICC form",
        expecting "one of: one_way_single, agreement_single, consistency_single, \
                   one_way_average, agreement_average, consistency_average"
    {
        /// ICC(1,1) (McGraw and Wong's ICC(1)): one-way random effects, a single rater,
        /// `(MSR − MSW) / (MSR + (k − 1) MSW)`.
        OneWaySingle,
        /// ICC(2,1) (McGraw and Wong's ICC(A,1)): two-way random effects, absolute agreement, a
        /// single rater, `(MSR − MSE) / (MSR + (k − 1) MSE + k (MSC − MSE) / n)`.
        AgreementSingle,
        /// ICC(3,1) (McGraw and Wong's ICC(C,1)): two-way mixed effects, consistency, a single
        /// rater, `(MSR − MSE) / (MSR + (k − 1) MSE)`.
        ConsistencySingle,
        /// ICC(1,k) (McGraw and Wong's ICC(k)): one-way random effects, the mean of `k` raters,
        /// `(MSR − MSW) / MSR`.
        OneWayAverage,
        /// ICC(2,k) (McGraw and Wong's ICC(A,k)): two-way random effects, absolute agreement,
        /// the mean of `k` raters, `(MSR − MSE) / (MSR + (MSC − MSE) / n)`.
        AgreementAverage,
        /// ICC(3,k) (McGraw and Wong's ICC(C,k)): two-way mixed effects, consistency, the mean
        /// of `k` raters, `(MSR − MSE) / MSR`.
        ConsistencyAverage,
    }
}

impl IccForm {
    /// Shrout and Fleiss's notation: `ICC(1,1)`, `ICC(2,1)`, `ICC(3,1)`, `ICC(1,k)`,
    /// `ICC(2,k)` or `ICC(3,k)`.
    ///
    /// ```
    /// use service_quality::reliability::IccForm;
    ///
    /// assert_eq!(IccForm::AgreementSingle.shrout_fleiss(), "ICC(2,1)");
    /// assert_eq!(IccForm::AgreementSingle.to_string(), "agreement_single");
    /// ```
    pub const fn shrout_fleiss(self) -> &'static str {
        match self {
            IccForm::OneWaySingle => "ICC(1,1)",
            IccForm::AgreementSingle => "ICC(2,1)",
            IccForm::ConsistencySingle => "ICC(3,1)",
            IccForm::OneWayAverage => "ICC(1,k)",
            IccForm::AgreementAverage => "ICC(2,k)",
            IccForm::ConsistencyAverage => "ICC(3,k)",
        }
    }
}

/// One form of the intraclass correlation: its value, F-based interval and F test.
///
/// The F test is the one of Shrout and Fleiss and McGraw and Wong for "the ICC is zero":
/// `F = MSR / MSW` on `(n − 1, n(k − 1))` degrees of freedom for the one-way forms, and
/// `F = MSR / MSE` on `(n − 1, (n − 1)(k − 1))` for the two-way forms (as pingouin reports).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct IccEstimate {
    form: IccForm,
    interval: Interval,
    f: f64,
    df: (f64, f64),
    p_value: f64,
}

impl IccEstimate {
    /// The form.
    pub const fn form(&self) -> IccForm {
        self.form
    }

    /// The intraclass correlation.
    pub const fn value(&self) -> f64 {
        self.interval.estimate()
    }

    /// The F-based confidence interval of McGraw and Wong (1996), with Satterthwaite's degrees
    /// of freedom for the absolute-agreement forms. The single-rater forms cannot fall below
    /// `−1 / (k − 1)` and the average forms have no lower limit; at levels below about 50% a
    /// bound that would end short of the estimate is extended to reach it.
    pub const fn interval(&self) -> Interval {
        self.interval
    }

    /// The F statistic of the test that the ICC is zero.
    pub const fn f_statistic(&self) -> f64 {
        self.f
    }

    /// The F test's numerator and denominator degrees of freedom.
    pub const fn degrees_of_freedom(&self) -> (f64, f64) {
        self.df
    }

    /// The one-sided p-value of the F test (the upper tail).
    pub const fn p_value(&self) -> f64 {
        self.p_value
    }
}

/// The intraclass correlations of a targets × raters table, all six forms.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Icc {
    targets: usize,
    raters: usize,
    estimates: [IccEstimate; 6],
}

impl Icc {
    /// The estimate of one form.
    pub fn get(&self, form: IccForm) -> &IccEstimate {
        let [icc1, icc2, icc3, icc1k, icc2k, icc3k] = &self.estimates;
        match form {
            IccForm::OneWaySingle => icc1,
            IccForm::AgreementSingle => icc2,
            IccForm::ConsistencySingle => icc3,
            IccForm::OneWayAverage => icc1k,
            IccForm::AgreementAverage => icc2k,
            IccForm::ConsistencyAverage => icc3k,
        }
    }

    /// All six forms, in the order of [`IccForm`].
    pub fn estimates(&self) -> &[IccEstimate] {
        &self.estimates
    }

    /// The number of targets (rows).
    pub const fn targets(&self) -> usize {
        self.targets
    }

    /// The number of raters (columns).
    pub const fn raters(&self) -> usize {
        self.raters
    }
}

/// The intraclass correlations (all six Shrout–Fleiss forms, see [`IccForm`]) of a complete
/// targets × raters table: `ratings[i][j]` is rater `j`'s score of target `i` (a call, an
/// agent), with intervals at `level`.
///
/// From the two-way analysis of variance without replication, with `n` targets and `k` raters:
/// the mean squares between targets `MSR`, between raters `MSC`, residual `MSE`, and within
/// targets `MSW = (SSC + SSE) / (n(k − 1))`.
///
/// # Errors
///
/// [`Error::Mismatch`] when rows differ in length, [`Error::ValueOutOfRange`] for a score that
/// is not finite, and [`Error::Degenerate`] for a design that cannot support the ICC: fewer than
/// two targets or two raters, targets whose mean scores do not differ, or no residual variation
/// at all (every rater agrees exactly, up to a constant offset, so the F tests divide by zero).
///
/// ```
/// use service_quality::metrics::Level;
/// use service_quality::reliability::{IccForm, intraclass_correlation};
///
/// // Shrout and Fleiss (1979), Table 2: six targets, four judges.
/// let ratings = [
///     [9.0, 2.0, 5.0, 8.0],
///     [6.0, 1.0, 3.0, 2.0],
///     [8.0, 4.0, 6.0, 8.0],
///     [7.0, 1.0, 2.0, 6.0],
///     [10.0, 5.0, 6.0, 9.0],
///     [6.0, 2.0, 4.0, 7.0],
/// ];
/// let icc = intraclass_correlation(&ratings, Level::default())?;
/// // Published: ICC(1,1) .17, ICC(2,1) .29, ICC(3,1) .71, ICC(1,4) .44, ICC(2,4) .62, ICC(3,4) .91.
/// let two_decimals = |form| format!("{:.2}", icc.get(form).value());
/// assert_eq!(two_decimals(IccForm::OneWaySingle), "0.17");
/// assert_eq!(two_decimals(IccForm::AgreementSingle), "0.29");
/// assert_eq!(two_decimals(IccForm::ConsistencyAverage), "0.91");
///
/// let identical = [[3.0, 3.0], [5.0, 5.0], [4.0, 4.0]];
/// assert!(intraclass_correlation(&identical, Level::default()).is_err());
/// # Ok::<(), service_quality::Error>(())
/// ```
pub fn intraclass_correlation<R: AsRef<[f64]>>(ratings: &[R], level: Level) -> Result<Icc> {
    let k = common_width(ratings, "number of raters")?;
    let n = ratings.len();
    let degenerate = |reason| Error::Degenerate {
        part: None,
        what: "intraclass correlation",
        reason,
    };
    if n < 2 || k < 2 {
        return Err(degenerate("it needs at least two targets and two raters"));
    }
    for row in ratings {
        for &v in row.as_ref() {
            finite("rating", v)?;
        }
    }

    // The ICC is a ratio of mean squares, unchanged when every score is scaled alike; a power
    // of two keeps the squares of scores near f64::MAX finite.
    let scale = unit_scale(ratings.iter().flat_map(|r| r.as_ref().iter().copied()));
    let (nf, kf) = (n as f64, k as f64);
    let mut column_means = vec![0.0; k];
    let mut row_means = Vec::with_capacity(n);
    for row in ratings {
        let mut sum = 0.0;
        for (mean, &v) in column_means.iter_mut().zip(row.as_ref()) {
            *mean += v * scale / nf;
            sum += v * scale;
        }
        row_means.push(sum / kf);
    }
    let grand = row_means.iter().sum::<f64>() / nf;
    let ss_rows = kf * row_means.iter().map(|m| (m - grand).powi(2)).sum::<f64>();
    let ss_columns = nf
        * column_means
            .iter()
            .map(|m| (m - grand).powi(2))
            .sum::<f64>();
    let mut ss_error = 0.0;
    for (row, row_mean) in ratings.iter().zip(&row_means) {
        for (&v, column_mean) in row.as_ref().iter().zip(&column_means) {
            ss_error += (v * scale - row_mean - column_mean + grand).powi(2);
        }
    }
    let total = ss_rows + ss_columns + ss_error;
    // Rounding leaves a sum of squares that is zero on paper a hair above it; relative to the
    // total that is zero.
    let negligible = |ss: f64| ss <= 1e-12 * total;
    if negligible(ss_error) {
        return Err(degenerate(
            "the ratings have no residual variation (the raters agree exactly, up to a constant offset)",
        ));
    }
    if negligible(ss_rows) {
        return Err(degenerate("the targets' mean ratings do not differ"));
    }
    let (df_rows, df_columns) = (nf - 1.0, kf - 1.0);
    let df_error = df_rows * df_columns;
    let df_within = nf * df_columns;
    let msr = ss_rows / df_rows;
    let msc = ss_columns / df_columns;
    let mse = ss_error / df_error;
    let msw = (ss_columns + ss_error) / df_within;

    let icc1 = (msr - msw) / (msr + (kf - 1.0) * msw);
    let icc2 = (msr - mse) / (msr + (kf - 1.0) * mse + kf * (msc - mse) / nf);
    let icc3 = (msr - mse) / (msr + (kf - 1.0) * mse);
    let average2 = msr + (msc - mse) / nf;
    // Zero on paper within rounding, relative to the mean squares, is zero.
    if average2 <= 1e-12 * (msr + msc + mse) {
        return Err(degenerate(
            "the raters' means differ so much more than the targets' that ICC(2,k) is undefined",
        ));
    }
    let (icc1k, icc2k, icc3k) = ((msr - msw) / msr, (msr - mse) / average2, (msr - mse) / msr);

    let upper = |d1: f64, d2: f64| f_quantile(d1, d2, 1.0 - level.alpha() / 2.0);
    // One-way and consistency forms: F bounds F / F(1 − α/2; df1, df2) and F × F(1 − α/2; df2, df1).
    let f1 = msr / msw;
    let (f1_low, f1_high) = (
        f1 / upper(df_rows, df_within),
        f1 * upper(df_within, df_rows),
    );
    let f3 = msr / mse;
    let (f3_low, f3_high) = (f3 / upper(df_rows, df_error), f3 * upper(df_error, df_rows));
    let single = |f: f64| (f - 1.0) / (f + kf - 1.0);
    let average = |f: f64| 1.0 - 1.0 / f;
    // Absolute agreement: Satterthwaite's degrees of freedom v (McGraw and Wong, 1996, Table 7),
    // written with the ICC and MSC / MSE so that no mean square is squared.
    let fj = msc / mse;
    let base = nf * (1.0 + (kf - 1.0) * icc2) - kf * icc2;
    let v = df_error * (kf * icc2 * fj + base).powi(2)
        / (df_rows * (kf * icc2 * fj).powi(2) + base.powi(2));
    if !(v.is_finite() && v > 0.0) {
        return Err(degenerate(
            "the degrees of freedom of the ICC(2,1) interval are not positive",
        ));
    }
    let (f_star, f_star2) = (upper(df_rows, v), upper(v, df_rows));
    let spread = kf * msc + (kf * nf - kf - nf) * mse;
    let icc2_low = nf * (msr - f_star * mse) / (f_star * spread + nf * msr);
    let icc2_high = nf * (f_star2 * msr - mse) / (spread + nf * f_star2 * msr);
    let spearman_brown = |r: f64| kf * r / (1.0 + (kf - 1.0) * r);

    let p1 = f_upper_tail(f1, df_rows, df_within);
    let p3 = f_upper_tail(f3, df_rows, df_error);
    let one_way = (f1, (df_rows, df_within), p1);
    let two_way = (f3, (df_rows, df_error), p3);
    let rows = [
        (
            IccForm::OneWaySingle,
            icc1,
            single(f1_low),
            single(f1_high),
            one_way,
        ),
        (IccForm::AgreementSingle, icc2, icc2_low, icc2_high, two_way),
        (
            IccForm::ConsistencySingle,
            icc3,
            single(f3_low),
            single(f3_high),
            two_way,
        ),
        (
            IccForm::OneWayAverage,
            icc1k,
            average(f1_low),
            average(f1_high),
            one_way,
        ),
        (
            IccForm::AgreementAverage,
            icc2k,
            spearman_brown(icc2_low),
            spearman_brown(icc2_high),
            two_way,
        ),
        (
            IccForm::ConsistencyAverage,
            icc3k,
            average(f3_low),
            average(f3_high),
            two_way,
        ),
    ];
    if !rows
        .iter()
        .all(|&(_, value, low, high, _)| [value, low, high].iter().all(|x| x.is_finite()))
    {
        return Err(degenerate(
            "a bound of its interval does not exist for these ratings",
        ));
    }
    let estimates = rows.map(|(form, value, low, high, (f, df, p_value))| IccEstimate {
        form,
        interval: Interval::new(value, low, high, level)
            .reaching(value)
            .limited_to(f64::NEG_INFINITY, 1.0),
        f,
        df,
        p_value,
    });
    Ok(Icc {
        targets: n,
        raters: k,
        estimates,
    })
}
