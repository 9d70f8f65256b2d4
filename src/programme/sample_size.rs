//! How many reviews an agent needs: for a pass rate or a mean quality score within a margin,
//! the margin a number of reviews buys, and whether two agents (or an agent and a target) can
//! be told apart with the reviews they have.
//!
//! | question | type | answer |
//! |---|---|---|
//! | reviews for a pass rate within ± a margin | [`PassRatePrecision`] | Cochran's `n₀ = z² p (1 − p) / d²`, with the finite-population correction |
//! | reviews for a mean score within ± a margin | [`MeanPrecision`] | the smallest `n` with `t(n − 1) s / √n ≤ d` (the crate's t interval), corrected likewise |
//! | can two agents' pass rates be told apart | [`PassRateDifference`] | the power of [`compare::shares`](crate::metrics::compare::shares)'s z test, and the reviews per agent for a chosen power |
//! | can an agent's pass rate be told from a target | [`PassRateTarget`] | the power of the score test behind [`Share::interval`](crate::metrics::Share::interval) (the interval excludes the target) |
//! | can two agents' mean scores be told apart | [`MeanDifference`] | the power of [`compare::means`](crate::metrics::compare::means)'s Welch t test |
//! | can an agent's mean score be told from a target | [`MeanTarget`] | the power of the one-sample t test behind [`Moments::interval`] |
//!
//! Pass rates, margins and differences of pass rates are in percent and percentage points, as
//! everywhere in the crate; mean scores, their margins and standard deviations in score points.
//! Powers are fractions (0.8 for 80%), like [`Level`]. Sample sizes are rounded up, as the
//! textbooks do (a result within 10⁻⁹ of a whole number is taken as that number, so rounding in
//! the last digits never adds a review).
//!
//! # Why four reviews a month are not enough
//!
//! A QA team reviewing four conversations per agent per month learns little about any one agent:
//!
//! ```
//! use service_quality::metrics::{Level, Share, ShareMethod};
//! use service_quality::programme::sample_size::{PassRateDifference, PassRatePrecision};
//!
//! // A 90% agent's month: 3 of 4 reviews passed. Their pass rate lies anywhere from 30% to 95%.
//! let month = Share::new(3, 4)?.interval(ShareMethod::Wilson, Level::default());
//! assert_eq!(format!("{:.0} {:.0}", month.lower(), month.upper()), "30 95");
//!
//! // Four reviews buy a margin of ±49 points at the conservative 50% (±29 at 90%) ...
//! let plan = PassRatePrecision::new();
//! assert_eq!(format!("{:.1}", plan.margin_with(4)?), "49.0");
//! assert_eq!(format!("{:.1}", plan.try_with_pass_rate(90.0)?.margin_with(4)?), "29.4");
//! // ... where ±5 points takes 385 reviews, or 278 of an agent's 1,000 conversations.
//! assert_eq!(plan.reviews_for(5.0)?, 385);
//! assert_eq!(plan.try_with_population(1_000)?.reviews_for(5.0)?, 278);
//!
//! // Telling a 90% agent from a 70% one: with 4 reviews each the test finds the difference
//! // about one month in ten; finding it four months in five takes 62 reviews each.
//! let gap = PassRateDifference::new(90.0, 70.0)?;
//! assert_eq!(format!("{:.2}", gap.power(4, 4)?), "0.10");
//! assert_eq!(gap.reviews_per_agent()?, 62);
//! # Ok::<(), service_quality::Error>(())
//! ```
//!
//! # Which approximation
//!
//! Sample sizes for pass rates use the normal approximation, as the textbooks and the peers do
//! (Cochran, 1977, *Sampling Techniques*, 3rd ed., ch. 4, for margins; Fleiss, Levin and Paik,
//! 2003, *Statistical Methods for Rates and Proportions*, 3rd ed., ch. 4, for comparisons;
//! statsmodels' `samplesize_confint_proportion` and `power_proportions_2indep` compute the same
//! quantities). With a handful of reviews the approximation is rough, but the conclusion, that a
//! handful cannot separate agents, stands whichever way the power is computed. The crate's own
//! interval of a pass rate is Wilson's, whose half-width at 50% is a little narrower than the
//! normal margin planned for here, so a plan at 50% is never optimistic.
//!
//! Means use Student's t throughout, since the crate's mean interval ([`Moments::interval`]) and
//! mean comparison ([`compare::means`](crate::metrics::compare::means)) are t based: with few
//! reviews `t(n − 1)` is far above the normal `z` (3.18 against 1.96 with four reviews), and a
//! plan made with `z` would promise a margin the reported interval does not have. Power is that
//! of the noncentral t distribution: exact for Student's test with equal spreads and equal
//! numbers of reviews, the usual approximation for Welch's test otherwise.

use statrs::distribution::{ContinuousCDF, Normal};
use statrs::function::beta::beta_reg;
use statrs::function::gamma::ln_gamma;

use crate::metrics::{Level, Moments, ShareMethod};
use crate::scoring::{Error, Result};

/// The power a comparison plans for unless another is given: 80%, the convention since Cohen
/// (1988, *Statistical Power Analysis for the Behavioral Sciences*, 2nd ed., ch. 2).
pub const DEFAULT_POWER: f64 = 0.8;

/// The most reviews a plan may call for, 10¹⁵: far beyond any QA programme, and small enough to
/// count exactly in an `f64`.
const MOST_REVIEWS: u64 = 1_000_000_000_000_000;

/// A sample size within this relative distance of a whole number is that whole number.
const WHOLE: f64 = 1e-9;

/// How many reviews estimate an agent's pass rate within a margin, and the margin a number of
/// reviews buys: Cochran's sample size for a proportion, with the finite-population correction
/// when the agent had few conversations.
///
/// With `z` the normal quantile of the level, `p` the pass rate assumed and `d` the margin (a
/// fraction), the reviews needed from an unlimited population are `n₀ = z² p (1 − p) / d²`, and
/// from `N` conversations `n = n₀ / (1 + (n₀ − 1) / N)` (Cochran, 1977, *Sampling Techniques*,
/// 3rd ed., ch. 4), rounded up. The margin `n` reviews buy is the inverse,
/// `d = z √(p (1 − p) / n) × √((N − n) / (N − 1))` (the last factor 1 without a population, and
/// the margin 0 when every conversation is reviewed).
///
/// With no idea of the pass rate, plan for 50%, the default: `p (1 − p)` is largest there, so the
/// plan holds whatever the agent's rate turns out to be. A rate assumed near 0% or 100% gives a
/// small plan that holds only if the assumption does.
///
/// # Examples
///
/// ```
/// use service_quality::metrics::Level;
/// use service_quality::programme::sample_size::PassRatePrecision;
///
/// // The textbook case: 95%, ±5 points, p = 50%.
/// let plan = PassRatePrecision::new();
/// assert_eq!(plan.reviews_for(5.0)?, 385);
/// // An agent with 1,000 conversations in the period.
/// assert_eq!(plan.try_with_population(1_000)?.reviews_for(5.0)?, 278);
/// // An agent passing about 90% of reviews, at 90% confidence, ±10 points.
/// let agent = plan.try_with_pass_rate(90.0)?.with_level(Level::new(0.9)?);
/// assert_eq!(agent.reviews_for(10.0)?, 25);
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PassRatePrecision {
    /// The pass rate assumed, as a fraction.
    pass_rate: f64,
    level: Level,
    population: Option<u64>,
}

impl Default for PassRatePrecision {
    /// A pass rate of 50%, 95% confidence, no finite population.
    fn default() -> Self {
        PassRatePrecision {
            pass_rate: 0.5,
            level: Level::default(),
            population: None,
        }
    }
}

impl PassRatePrecision {
    /// The conservative plan: a pass rate of 50%, 95% confidence, no finite population.
    pub fn new() -> Self {
        PassRatePrecision::default()
    }

    /// The same plan assuming a pass rate of `percent`.
    ///
    /// # Errors
    ///
    /// [`Error::ValueOutOfRange`] unless `percent` is a finite value in 0..=100.
    ///
    /// ```
    /// use service_quality::programme::sample_size::PassRatePrecision;
    ///
    /// assert!(PassRatePrecision::new().try_with_pass_rate(85.0).is_ok());
    /// assert_eq!(
    ///     PassRatePrecision::new().try_with_pass_rate(0.85 * 200.0).unwrap_err().to_string(),
    ///     "assumed pass rate is 170, expected a percentage in 0..=100"
    /// );
    /// ```
    pub fn try_with_pass_rate(self, percent: f64) -> Result<Self> {
        Ok(PassRatePrecision {
            pass_rate: percentage("assumed pass rate", percent)? / 100.0,
            ..self
        })
    }

    /// The same plan at another confidence level.
    #[must_use]
    pub fn with_level(self, level: Level) -> Self {
        PassRatePrecision { level, ..self }
    }

    /// The same plan for an agent who had `conversations` in the period: the
    /// finite-population correction applies.
    ///
    /// # Errors
    ///
    /// [`Error::IntegerOutOfRange`] when `conversations` is 0.
    ///
    /// ```
    /// use service_quality::programme::sample_size::PassRatePrecision;
    ///
    /// assert_eq!(PassRatePrecision::new().try_with_population(40)?.reviews_for(5.0)?, 37);
    /// assert_eq!(
    ///     PassRatePrecision::new().try_with_population(0).unwrap_err().to_string(),
    ///     "population is 0, expected at least 1 conversation"
    /// );
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn try_with_population(self, conversations: u64) -> Result<Self> {
        Ok(PassRatePrecision {
            population: Some(population(conversations)?),
            ..self
        })
    }

    /// The pass rate assumed, in percent.
    pub fn pass_rate(&self) -> f64 {
        100.0 * self.pass_rate
    }

    /// The confidence level.
    pub const fn level(&self) -> Level {
        self.level
    }

    /// The agent's conversations in the period, when set.
    pub const fn population(&self) -> Option<u64> {
        self.population
    }

    /// The reviews that estimate the pass rate within ±`margin` percentage points, rounded up;
    /// at least 1, and never more than the population.
    ///
    /// # Errors
    ///
    /// [`Error::ValueOutOfRange`] unless `margin` is a finite value in (0, 100], or when the
    /// margin is so narrow that it would take more than 10¹⁵ reviews.
    ///
    /// ```
    /// use service_quality::programme::sample_size::PassRatePrecision;
    ///
    /// assert_eq!(PassRatePrecision::new().reviews_for(10.0)?, 97);
    /// assert_eq!(
    ///     PassRatePrecision::new().reviews_for(0.0).unwrap_err().to_string(),
    ///     "margin is 0, expected a finite value in (0, 100], in percentage points"
    /// );
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn reviews_for(&self, margin: f64) -> Result<u64> {
        let d = margin_points(margin, "a finite value in (0, 100], in percentage points")? / 100.0;
        let z = self.level.z();
        let n0 = z * z * self.pass_rate * (1.0 - self.pass_rate) / (d * d);
        let n = match self.population {
            Some(population) => n0 / (1.0 + (n0 - 1.0) / population as f64),
            None => n0,
        };
        let reviews = whole_reviews(n, margin)?.max(1);
        Ok(self.population.map_or(reviews, |p| reviews.min(p)))
    }

    /// The margin, in percentage points, that `reviews` reviews buy: the half-width of the
    /// normal interval at the level and pass rate assumed; 0 when every conversation of the
    /// population is reviewed.
    ///
    /// # Errors
    ///
    /// [`Error::IntegerOutOfRange`] when `reviews` is 0, and [`Error::Inconsistent`] when it is
    /// above the population.
    ///
    /// ```
    /// use service_quality::programme::sample_size::PassRatePrecision;
    ///
    /// let plan = PassRatePrecision::new();
    /// assert_eq!(format!("{:.2}", plan.margin_with(385)?), "4.99");
    /// assert_eq!(plan.try_with_population(20)?.margin_with(20)?, 0.0);
    /// assert!(plan.try_with_population(20)?.margin_with(21).is_err());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn margin_with(&self, reviews: u64) -> Result<f64> {
        let correction = finite_population(reviews, self.population)?;
        let n = reviews as f64;
        let spread = (self.pass_rate * (1.0 - self.pass_rate) / n).sqrt();
        Ok(100.0 * self.level.z() * spread * correction)
    }
}

/// How many reviews estimate an agent's mean quality score within a margin, and the margin a
/// number of reviews buys, for the Student t interval the crate reports
/// ([`Moments::interval`]), with the finite-population correction when the agent had few
/// conversations.
///
/// With `s` the standard deviation of the scores, `d` the margin and `N` the agent's
/// conversations, the margin `n` reviews buy is `t(n − 1) × s / √n × √((N − n) / (N − 1))` (the
/// last factor 1 without a population, and the margin 0 when every conversation is reviewed),
/// and the reviews needed are the smallest `n` whose margin is at most `d`. The textbook formula
/// `n₀ = (z s / d)²`, corrected as `n₀ / (1 + (n₀ − 1) / N)` (Cochran, 1977, *Sampling
/// Techniques*, 3rd ed., ch. 4), uses the normal `z` in place of `t`: it is the large-sample
/// limit, and with few reviews it promises a margin the t interval does not give (the search
/// starts from it, since `t(n − 1) > z`).
///
/// The standard deviation comes from experience: a past period's scores ([`from_moments`]
/// takes it from a summary's [`Moments`]), or a cautious guess (a larger one plans more
/// reviews).
///
/// [`from_moments`]: Self::from_moments
///
/// # Examples
///
/// ```
/// use service_quality::metrics::Moments;
/// use service_quality::programme::sample_size::MeanPrecision;
///
/// // Scores spread by 10 points; the mean within ±5 takes 18 reviews (the normal formula's 16
/// // would give ±5.3 with the t interval).
/// let plan = MeanPrecision::new(10.0)?;
/// assert_eq!(plan.reviews_for(5.0)?, 18);
/// assert_eq!(format!("{:.2}", plan.margin_with(16)?), "5.33");
///
/// // The spread of last month's scores.
/// let last_month = Moments::from_values(&[72.0, 85.0, 64.0, 90.0, 78.0, 81.0])?;
/// let plan = MeanPrecision::from_moments(&last_month);
/// assert_eq!(plan.reviews_for(5.0)?, 16);
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeanPrecision {
    standard_deviation: f64,
    level: Level,
    population: Option<u64>,
}

impl MeanPrecision {
    /// A plan for scores with this standard deviation, in score points, at 95% confidence and
    /// with no finite population.
    ///
    /// # Errors
    ///
    /// [`Error::ValueOutOfRange`] unless `standard_deviation` is a finite value >= 0.
    ///
    /// ```
    /// use service_quality::programme::sample_size::MeanPrecision;
    ///
    /// assert_eq!(
    ///     MeanPrecision::new(-2.0).unwrap_err().to_string(),
    ///     "standard deviation is -2, expected a finite value >= 0"
    /// );
    /// ```
    pub fn new(standard_deviation: f64) -> Result<Self> {
        Ok(MeanPrecision {
            standard_deviation: crate::scoring::numeric::non_negative(
                "standard deviation",
                standard_deviation,
            )?,
            level: Level::default(),
            population: None,
        })
    }

    /// A plan for scores spread as `moments` are (their sample standard deviation), at 95%
    /// confidence and with no finite population.
    pub fn from_moments(moments: &Moments) -> Self {
        MeanPrecision {
            standard_deviation: moments.standard_deviation(),
            level: Level::default(),
            population: None,
        }
    }

    /// The same plan at another confidence level.
    #[must_use]
    pub fn with_level(self, level: Level) -> Self {
        MeanPrecision { level, ..self }
    }

    /// The same plan for an agent who had `conversations` in the period: the
    /// finite-population correction applies.
    ///
    /// # Errors
    ///
    /// [`Error::IntegerOutOfRange`] when `conversations` is 0.
    pub fn try_with_population(self, conversations: u64) -> Result<Self> {
        Ok(MeanPrecision {
            population: Some(population(conversations)?),
            ..self
        })
    }

    /// The standard deviation of the scores, in score points.
    pub const fn standard_deviation(&self) -> f64 {
        self.standard_deviation
    }

    /// The confidence level.
    pub const fn level(&self) -> Level {
        self.level
    }

    /// The agent's conversations in the period, when set.
    pub const fn population(&self) -> Option<u64> {
        self.population
    }

    /// The reviews that estimate the mean score within ±`margin` score points: the fewest
    /// whose t interval is that narrow, at least 2 (a t interval needs two scores) unless the
    /// whole population is smaller, and never more than the population.
    ///
    /// # Errors
    ///
    /// [`Error::ValueOutOfRange`] unless `margin` is a finite value in (0, 100], or when the
    /// margin is so narrow that it would take more than 10¹⁵ reviews.
    ///
    /// ```
    /// use service_quality::programme::sample_size::MeanPrecision;
    ///
    /// let plan = MeanPrecision::new(15.0)?;
    /// assert_eq!(plan.reviews_for(5.0)?, 38);
    /// assert_eq!(plan.try_with_population(50)?.reviews_for(5.0)?, 23);
    /// assert!(plan.reviews_for(150.0).is_err());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn reviews_for(&self, margin: f64) -> Result<u64> {
        let d = margin_points(margin, "a finite value in (0, 100], in score points")?;
        let most = self.population.unwrap_or(MOST_REVIEWS);
        if most <= 2 {
            return Ok(most);
        }
        // The normal formula's n is a lower bound (t(n − 1) > z), so the search starts there.
        let z = self.level.z();
        let s = self.standard_deviation;
        let n0 = (z * s / d) * (z * s / d);
        let n = match self.population {
            Some(population) => n0 / (1.0 + (n0 - 1.0) / population as f64),
            None => n0,
        };
        let mut reviews = whole_reviews(n, margin)?.clamp(2, most);
        while reviews < most && self.margin_with(reviews)? > d * (1.0 + WHOLE) {
            reviews += 1;
        }
        if reviews >= MOST_REVIEWS {
            return Err(too_many("margin", margin));
        }
        Ok(reviews)
    }

    /// The margin, in score points, that `reviews` reviews buy: the half-width of the t
    /// interval of their mean, `t(n − 1) s / √n`, corrected for a finite population; 0 when
    /// every conversation of the population is reviewed.
    ///
    /// # Errors
    ///
    /// [`Error::IntegerOutOfRange`] when `reviews` is 0, [`Error::Inconsistent`] when it is
    /// above the population, and [`Error::Degenerate`] for a single review of a larger
    /// population (a t interval needs two).
    ///
    /// ```
    /// use service_quality::programme::sample_size::MeanPrecision;
    ///
    /// // Four reviews of scores spread by 12 points: ±19.1, where z would claim ±11.8.
    /// let plan = MeanPrecision::new(12.0)?;
    /// assert_eq!(format!("{:.1}", plan.margin_with(4)?), "19.1");
    /// assert_eq!(
    ///     plan.margin_with(1).unwrap_err().to_string(),
    ///     "margin of a mean is undefined: a t interval needs at least two reviews"
    /// );
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn margin_with(&self, reviews: u64) -> Result<f64> {
        let correction = finite_population(reviews, self.population)?;
        if correction == 0.0 {
            return Ok(0.0);
        }
        if reviews < 2 {
            return Err(Error::Degenerate {
                what: "margin of a mean",
                part: None,
                reason: "a t interval needs at least two reviews",
            });
        }
        let n = reviews as f64;
        let t = self.level.t(n - 1.0)?;
        Ok(t * self.standard_deviation / n.sqrt() * correction)
    }
}

/// The options every comparison planned for a power shares: the confidence level of its test
/// and the power it is planned for, each set the same way.
macro_rules! planned_for_power {
    ($($comparison:ident),+) => {$(
        impl $comparison {
            /// The same comparison at another confidence level (the test's false-alarm rate is
            /// `1 − level`).
            #[must_use]
            pub fn with_level(self, level: Level) -> Self {
                $comparison { level, ..self }
            }

            /// The same comparison planned for another power, a fraction.
            ///
            /// # Errors
            ///
            /// [`Error::ValueOutOfRange`] unless `power` is in (0, 1).
            pub fn try_with_power(self, power: f64) -> Result<Self> {
                Ok($comparison {
                    power: target_power(power)?,
                    ..self
                })
            }

            /// The power planned for.
            pub const fn target_power(&self) -> f64 {
                self.power
            }
        }
    )+};
}

planned_for_power!(
    PassRateDifference,
    PassRateTarget,
    MeanDifference,
    MeanTarget
);

/// Whether two agents' pass rates can be told apart: the power of the test
/// [`compare::shares`](crate::metrics::compare::shares) runs, for two true pass rates and the
/// reviews each agent has, and the reviews per agent a chosen power takes.
///
/// The test is the pooled two-proportion z test, which finds a difference when
/// `|p̂₁ − p̂₂| − c > z σ₀`, with `σ₀ = √(p̄ (1 − p̄) (1/n₁ + 1/n₂))` the spread under "no
/// difference" (`p̄` the pooled rate), and `c = (1/n₁ + 1/n₂) / 2` (Yates' correction, for
/// [`ShareMethod::WilsonCorrected`]) or 0 (for [`ShareMethod::Wilson`], the default). With the
/// observed difference normal around the true `Δ` with spread
/// `σ₁ = √(p₁ (1 − p₁)/n₁ + p₂ (1 − p₂)/n₂)`, the power is
/// `Φ((|Δ| − c − z σ₀) / σ₁) + Φ((−|Δ| − c − z σ₀) / σ₁)`, with `p̄ = (n₁ p₁ + n₂ p₂) / (n₁ + n₂)`
/// (Fleiss, Levin and Paik, 2003, *Statistical Methods for Rates and Proportions*, 3rd ed.,
/// ch. 4; statsmodels' `power_proportions_2indep` computes the same without the correction). The
/// reviews per agent are the fewest equal numbers whose power reaches the target; without the
/// correction they are, to within the second tail's share, Fleiss' `n = (z √(2 p̄ q̄) + z_β
/// √(p₁ q₁ + p₂ q₂))² / Δ²`, and with it Fleiss' corrected `n′ = n/4 (1 + √(1 + 4/(n |Δ|)))²`.
///
/// Power analyses often use Cohen's `h`, the difference of the rates' arcsines (statsmodels'
/// `proportion_effectsize` with `NormalIndPower`): that is the power of another test, on
/// transformed rates, and gives somewhat different numbers; this type answers for the test the
/// crate runs.
///
/// # Examples
///
/// ```
/// use service_quality::metrics::{Level, ShareMethod};
/// use service_quality::programme::sample_size::PassRateDifference;
///
/// let gap = PassRateDifference::new(90.0, 70.0)?;
/// assert_eq!(format!("{:.3}", gap.power(30, 30)?), "0.490");
/// assert_eq!(gap.reviews_per_agent()?, 62);
/// // 90% power, and the continuity-corrected test.
/// let strict = gap.try_with_power(0.9)?.with_method(ShareMethod::WilsonCorrected);
/// assert_eq!(strict.reviews_per_agent()?, 92);
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PassRateDifference {
    first: f64,
    second: f64,
    method: ShareMethod,
    level: Level,
    power: f64,
}

impl PassRateDifference {
    /// Two agents whose true pass rates are `first` and `second`, in percent, compared at 95%
    /// with the [`ShareMethod::Wilson`] test and planned for 80% power.
    ///
    /// # Errors
    ///
    /// [`Error::ValueOutOfRange`] unless both are finite values in 0..=100.
    pub fn new(first: f64, second: f64) -> Result<Self> {
        Ok(PassRateDifference {
            first: percentage("first pass rate", first)? / 100.0,
            second: percentage("second pass rate", second)? / 100.0,
            method: ShareMethod::default(),
            level: Level::default(),
            power: DEFAULT_POWER,
        })
    }

    /// The same comparison by another method (the corrected one adds Yates' correction to the
    /// test, as [`compare::shares`](crate::metrics::compare::shares) does).
    #[must_use]
    pub fn with_method(self, method: ShareMethod) -> Self {
        PassRateDifference { method, ..self }
    }

    /// The chance that the comparison finds the difference when the first agent has `first`
    /// reviews and the second `second`: 0..=1 (at equal pass rates, the false-alarm rate).
    ///
    /// # Errors
    ///
    /// [`Error::IntegerOutOfRange`] when either has no reviews.
    pub fn power(&self, first: u64, second: u64) -> Result<f64> {
        let (n1, n2) = (
            reviews_at_least("first reviews", first, 1)?,
            reviews_at_least("second reviews", second, 1)?,
        );
        let (p1, p2) = (self.first, self.second);
        let pooled = (n1 * p1 + n2 * p2) / (n1 + n2);
        let inverse = 1.0 / n1 + 1.0 / n2;
        let null = (pooled * (1.0 - pooled) * inverse).sqrt();
        let alternative = (p1 * (1.0 - p1) / n1 + p2 * (1.0 - p2) / n2).sqrt();
        let correction = correction(self.method, inverse / 2.0);
        Ok(normal_power(
            (p1 - p2).abs(),
            correction,
            null,
            alternative,
            self.level.z(),
        ))
    }

    /// The fewest reviews per agent (the same number each) whose power reaches the target.
    ///
    /// # Errors
    ///
    /// [`Error::Degenerate`] when the two pass rates are equal (no number of reviews tells
    /// them apart), and [`Error::ValueOutOfRange`] when the difference is so small that it
    /// would take more than 10¹⁵ reviews.
    ///
    /// ```
    /// use service_quality::programme::sample_size::PassRateDifference;
    ///
    /// assert_eq!(PassRateDifference::new(80.0, 60.0)?.reviews_per_agent()?, 82);
    /// assert_eq!(
    ///     PassRateDifference::new(80.0, 80.0)?.reviews_per_agent().unwrap_err().to_string(),
    ///     "sample size for a power is undefined: the two values are equal, so no number of \
    ///      reviews tells them apart"
    /// );
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn reviews_per_agent(&self) -> Result<u64> {
        let delta = (self.first - self.second).abs();
        let pooled = (self.first + self.second) / 2.0;
        let spread = |p: f64| p * (1.0 - p);
        let start = (self.level.z() * (2.0 * spread(pooled)).sqrt()
            + beta_quantile(self.power) * (spread(self.first) + spread(self.second)).sqrt())
            / delta;
        smallest_reviews(
            1,
            start * start,
            delta,
            self.power,
            |n| self.power(n, n),
            "difference",
            100.0 * (self.first - self.second),
        )
    }
}

/// Whether an agent's pass rate can be told from a target (a contract's 85%, say): the power of
/// the test "the agent's interval excludes the target", for the agent's true pass rate and the
/// reviews they have, and the reviews a chosen power takes.
///
/// The Wilson interval of [`Share::interval`](crate::metrics::Share::interval) holds exactly the
/// rates `p₀` the score test does not reject, `|p̂ − p₀| − c ≤ z √(p₀ (1 − p₀) / n)` with `c = 0`
/// ([`ShareMethod::Wilson`]) or `c = 1/(2n)` (Newcombe's continuity-corrected interval,
/// [`ShareMethod::WilsonCorrected`]). With `p̂` normal around the agent's true rate `p` with
/// spread `√(p (1 − p) / n)`, the power is
/// `Φ((|p − p₀| − c − z σ₀) / σ₁) + Φ((−|p − p₀| − c − z σ₀) / σ₁)`, `σ₀ = √(p₀ (1 − p₀) / n)`
/// and `σ₁ = √(p (1 − p) / n)`: the spread under the target in the critical value, the agent's
/// own around the estimate (Lachin, 1981, "Introduction to sample size determination and power
/// analysis for clinical trials", *Controlled Clinical Trials* 2, gives the general form
/// `z σ₀ + z_β σ₁`).
///
/// # Examples
///
/// ```
/// use service_quality::programme::sample_size::PassRateTarget;
///
/// // An agent at 95% against a target of 85%.
/// let above = PassRateTarget::new(95.0, 85.0)?;
/// assert_eq!(format!("{:.3}", above.power(4)?), "0.011");
/// assert_eq!(above.reviews()?, 79);
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PassRateTarget {
    agent: f64,
    target: f64,
    method: ShareMethod,
    level: Level,
    power: f64,
}

impl PassRateTarget {
    /// An agent whose true pass rate is `agent` against a target of `target`, both in percent,
    /// tested at 95% with the [`ShareMethod::Wilson`] interval and planned for 80% power.
    ///
    /// # Errors
    ///
    /// [`Error::ValueOutOfRange`] unless both are finite values in 0..=100.
    pub fn new(agent: f64, target: f64) -> Result<Self> {
        Ok(PassRateTarget {
            agent: percentage("agent's pass rate", agent)? / 100.0,
            target: percentage("target pass rate", target)? / 100.0,
            method: ShareMethod::default(),
            level: Level::default(),
            power: DEFAULT_POWER,
        })
    }

    /// The same comparison with another interval method.
    #[must_use]
    pub fn with_method(self, method: ShareMethod) -> Self {
        PassRateTarget { method, ..self }
    }

    /// The chance that the agent's interval from `reviews` reviews excludes the target: 0..=1.
    ///
    /// # Errors
    ///
    /// [`Error::IntegerOutOfRange`] when `reviews` is 0.
    pub fn power(&self, reviews: u64) -> Result<f64> {
        let n = reviews_at_least("reviews", reviews, 1)?;
        let (p, p0) = (self.agent, self.target);
        let null = (p0 * (1.0 - p0) / n).sqrt();
        let alternative = (p * (1.0 - p) / n).sqrt();
        let correction = correction(self.method, 1.0 / (2.0 * n));
        Ok(normal_power(
            (p - p0).abs(),
            correction,
            null,
            alternative,
            self.level.z(),
        ))
    }

    /// The fewest reviews whose power reaches the target.
    ///
    /// # Errors
    ///
    /// [`Error::Degenerate`] when the agent's rate equals the target, and
    /// [`Error::ValueOutOfRange`] when the difference would take more than 10¹⁵ reviews.
    pub fn reviews(&self) -> Result<u64> {
        let delta = (self.agent - self.target).abs();
        let spread = |p: f64| (p * (1.0 - p)).sqrt();
        let start = (self.level.z() * spread(self.target)
            + beta_quantile(self.power) * spread(self.agent))
            / delta;
        smallest_reviews(
            1,
            start * start,
            delta,
            self.power,
            |n| self.power(n),
            "difference",
            100.0 * (self.agent - self.target),
        )
    }
}

/// Whether two agents' mean scores can be told apart: the power of Welch's t test, which
/// [`compare::means`](crate::metrics::compare::means) runs, for a true difference of means, the
/// scores' standard deviations and the reviews each agent has; and the reviews per agent a
/// chosen power takes.
///
/// With `a = s₁²/n₁` and `b = s₂²/n₂`, the test's statistic is the difference over
/// `√(a + b)`, with `(a + b)² / (a²/(n₁ − 1) + b²/(n₂ − 1))` degrees of freedom (Welch–
/// Satterthwaite). Its power is that of the noncentral t distribution with those degrees of
/// freedom and noncentrality `Δ / √(a + b)`: `P(T > t) + P(T < −t)`, `t` the test's two-sided
/// quantile. With equal spreads and equal numbers of reviews the degrees of freedom are
/// `n₁ + n₂ − 2`, the test is Student's and the power exact (statsmodels' `TTestIndPower`
/// computes the same, with the effect size `Δ / s`); otherwise it is the usual approximation.
/// The noncentral t distribution is computed by the series of Lenth (1989, "Cumulative
/// distribution function of the non-central t distribution", *Applied Statistics* 38, algorithm
/// AS 243), summed outward from its largest term (Benton and Krishnamoorthy, 2003, *Computational
/// Statistics & Data Analysis* 43), so large noncentralities keep their precision.
///
/// # Examples
///
/// ```
/// use service_quality::metrics::Moments;
/// use service_quality::programme::sample_size::MeanDifference;
///
/// // Telling an 85-point agent from a 75-point one, scores spread by 15 points.
/// let gap = MeanDifference::new(10.0, 15.0)?;
/// assert_eq!(format!("{:.3}", gap.power(4, 4)?), "0.126");
/// assert_eq!(gap.reviews_per_agent()?, 37);
///
/// // Spreads from two agents' summaries.
/// let ana = Moments::new(12, 84.0, 90.0)?;
/// let ben = Moments::new(9, 71.0, 260.0)?;
/// let gap = MeanDifference::from_moments(10.0, &ana, &ben)?;
/// assert!(gap.power(ana.count(), ben.count())? < 0.8);
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeanDifference {
    difference: f64,
    first: f64,
    second: f64,
    level: Level,
    power: f64,
}

impl MeanDifference {
    /// Two agents whose true mean scores differ by `difference` score points, each agent's
    /// scores spread with standard deviation `standard_deviation`; tested at 95% and planned
    /// for 80% power.
    ///
    /// # Errors
    ///
    /// [`Error::ValueOutOfRange`] unless `difference` is a finite value in −100..=100 and the
    /// standard deviation a finite value > 0.
    pub fn new(difference: f64, standard_deviation: f64) -> Result<Self> {
        let s = spread("standard deviation", standard_deviation)?;
        Ok(MeanDifference {
            difference: score_difference(difference)?,
            first: s,
            second: s,
            level: Level::default(),
            power: DEFAULT_POWER,
        })
    }

    /// Two agents whose true mean scores differ by `difference`, with the spreads of their
    /// summaries' scores.
    ///
    /// # Errors
    ///
    /// As [`new`](Self::new), and [`Error::ValueOutOfRange`] when either summary's scores do not
    /// vary (their standard deviation is 0).
    pub fn from_moments(difference: f64, first: &Moments, second: &Moments) -> Result<Self> {
        MeanDifference::new(difference, 1.0)?
            .try_with_deviations(first.standard_deviation(), second.standard_deviation())
    }

    /// The same comparison with the agents' scores spread by `first` and `second`.
    ///
    /// # Errors
    ///
    /// [`Error::ValueOutOfRange`] unless both are finite values > 0.
    pub fn try_with_deviations(self, first: f64, second: f64) -> Result<Self> {
        Ok(MeanDifference {
            first: spread("first standard deviation", first)?,
            second: spread("second standard deviation", second)?,
            ..self
        })
    }

    /// The chance that Welch's test finds the difference when the first agent has `first`
    /// reviews and the second `second`: 0..=1.
    ///
    /// # Errors
    ///
    /// [`Error::IntegerOutOfRange`] when either has fewer than two reviews (the test needs
    /// two each).
    pub fn power(&self, first: u64, second: u64) -> Result<f64> {
        let n1 = reviews_at_least("first reviews", first, 2)?;
        let n2 = reviews_at_least("second reviews", second, 2)?;
        let a = self.first * self.first / n1;
        let b = self.second * self.second / n2;
        let squared_se = a + b;
        let (ra, rb) = (a / squared_se, b / squared_se);
        let df = 1.0 / (ra * ra / (n1 - 1.0) + rb * rb / (n2 - 1.0));
        t_power(self.difference / squared_se.sqrt(), df, self.level)
    }

    /// The fewest reviews per agent (the same number each, at least 2) whose power reaches
    /// the target.
    ///
    /// # Errors
    ///
    /// [`Error::Degenerate`] when the difference is 0, and [`Error::ValueOutOfRange`] when it
    /// would take more than 10¹⁵ reviews.
    pub fn reviews_per_agent(&self) -> Result<u64> {
        let delta = self.difference.abs();
        let spread = (self.first * self.first + self.second * self.second).sqrt();
        let start = (self.level.z() + beta_quantile(self.power)) * spread / delta;
        smallest_reviews(
            2,
            start * start,
            delta,
            self.power,
            |n| self.power(n, n),
            "difference",
            self.difference,
        )
    }
}

/// Whether an agent's mean score can be told from a target: the power of the one-sample t test
/// behind [`Moments::interval`] (the interval excludes the target), for the true distance of the
/// agent's mean from the target, the scores' standard deviation and the reviews the agent has;
/// and the reviews a chosen power takes.
///
/// The power is that of the noncentral t distribution with `n − 1` degrees of freedom and
/// noncentrality `Δ √n / s` (exact; statsmodels' `TTestPower` computes the same with the effect
/// size `Δ / s`), computed as for [`MeanDifference`].
///
/// # Examples
///
/// ```
/// use service_quality::programme::sample_size::MeanTarget;
///
/// // An agent 5 points below an 80-point target, scores spread by 12 points.
/// let below = MeanTarget::new(-5.0, 12.0)?;
/// assert_eq!(format!("{:.3}", below.power(4)?), "0.093");
/// assert_eq!(below.reviews()?, 48);
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeanTarget {
    difference: f64,
    standard_deviation: f64,
    level: Level,
    power: f64,
}

impl MeanTarget {
    /// An agent whose true mean score lies `difference` score points from the target (above it
    /// when positive), their scores spread with `standard_deviation`; tested at 95% and planned
    /// for 80% power.
    ///
    /// # Errors
    ///
    /// [`Error::ValueOutOfRange`] unless `difference` is a finite value in −100..=100 and the
    /// standard deviation a finite value > 0.
    pub fn new(difference: f64, standard_deviation: f64) -> Result<Self> {
        Ok(MeanTarget {
            difference: score_difference(difference)?,
            standard_deviation: spread("standard deviation", standard_deviation)?,
            level: Level::default(),
            power: DEFAULT_POWER,
        })
    }

    /// The chance that the t interval of `reviews` reviews excludes the target: 0..=1.
    ///
    /// # Errors
    ///
    /// [`Error::IntegerOutOfRange`] when `reviews` is below 2 (a t interval needs two).
    pub fn power(&self, reviews: u64) -> Result<f64> {
        let n = reviews_at_least("reviews", reviews, 2)?;
        let noncentrality = self.difference * n.sqrt() / self.standard_deviation;
        t_power(noncentrality, n - 1.0, self.level)
    }

    /// The fewest reviews (at least 2) whose power reaches the target.
    ///
    /// # Errors
    ///
    /// [`Error::Degenerate`] when the difference is 0, and [`Error::ValueOutOfRange`] when it
    /// would take more than 10¹⁵ reviews.
    pub fn reviews(&self) -> Result<u64> {
        let delta = self.difference.abs();
        let start = (self.level.z() + beta_quantile(self.power)) * self.standard_deviation / delta;
        smallest_reviews(
            2,
            start * start,
            delta,
            self.power,
            |n| self.power(n),
            "difference",
            self.difference,
        )
    }
}

/// A percentage in 0..=100, or the error naming `field`.
fn percentage(field: &'static str, value: f64) -> Result<f64> {
    if (0.0..=100.0).contains(&value) {
        Ok(value + 0.0)
    } else {
        Err(Error::ValueOutOfRange {
            field,
            value,
            expected: "a percentage in 0..=100",
        })
    }
}

/// A margin in (0, 100].
fn margin_points(margin: f64, expected: &'static str) -> Result<f64> {
    if margin > 0.0 && margin <= 100.0 {
        Ok(margin)
    } else {
        Err(Error::ValueOutOfRange {
            field: "margin",
            value: margin,
            expected,
        })
    }
}

/// A difference of mean scores in −100..=100.
fn score_difference(difference: f64) -> Result<f64> {
    if (-100.0..=100.0).contains(&difference) {
        Ok(difference + 0.0)
    } else {
        Err(Error::ValueOutOfRange {
            field: "difference",
            value: difference,
            expected: "a finite value in -100..=100, in score points",
        })
    }
}

/// A standard deviation a t test can work with: finite and above 0.
fn spread(field: &'static str, value: f64) -> Result<f64> {
    crate::scoring::numeric::positive(field, value)
}

/// A power to plan for, in (0, 1).
fn target_power(power: f64) -> Result<f64> {
    if power > 0.0 && power < 1.0 {
        Ok(power)
    } else {
        Err(Error::ValueOutOfRange {
            field: "power",
            value: power,
            expected: "a fraction in (0, 1)",
        })
    }
}

/// An agent's conversations in a period: at least one.
fn population(conversations: u64) -> Result<u64> {
    if conversations == 0 {
        Err(Error::IntegerOutOfRange {
            field: "population",
            value: "0".to_owned(),
            expected: "at least 1 conversation",
        })
    } else {
        Ok(conversations)
    }
}

/// A number of reviews of at least `least`, as a float.
fn reviews_at_least(field: &'static str, reviews: u64, least: u64) -> Result<f64> {
    if reviews >= least {
        Ok(reviews as f64)
    } else {
        Err(Error::IntegerOutOfRange {
            field,
            value: reviews.to_string(),
            expected: if least == 1 {
                "at least 1"
            } else {
                "at least 2 (a t test needs two reviews)"
            },
        })
    }
}

/// The finite-population factor `√((N − n) / (N − 1))` for `reviews` of `population` (1
/// without a population, 0 for a census).
///
/// # Errors
///
/// [`Error::IntegerOutOfRange`] for no reviews, [`Error::Inconsistent`] for more reviews than
/// conversations.
fn finite_population(reviews: u64, population: Option<u64>) -> Result<f64> {
    if reviews == 0 {
        return Err(Error::IntegerOutOfRange {
            field: "reviews",
            value: "0".to_owned(),
            expected: "at least 1",
        });
    }
    match population {
        None => Ok(1.0),
        Some(population) if reviews > population => Err(Error::Inconsistent {
            field: "reviews",
            value: reviews.to_string(),
            expected: format!("at most the population, {population}"),
        }),
        Some(population) if reviews == population => Ok(0.0),
        Some(population) => Ok(((population - reviews) as f64 / (population - 1) as f64).sqrt()),
    }
}

/// `n` rounded up to a whole number of reviews (within [`WHOLE`] of a whole number, that
/// number), or the error for a margin that would take too many.
fn whole_reviews(n: f64, margin: f64) -> Result<u64> {
    let rounded = (n * (1.0 - WHOLE)).ceil().max(0.0);
    if rounded.is_finite() && rounded < MOST_REVIEWS as f64 {
        Ok(rounded as u64)
    } else {
        Err(too_many("margin", margin))
    }
}

/// The error for a plan that would take more than 10¹⁵ reviews.
fn too_many(field: &'static str, value: f64) -> Error {
    Error::ValueOutOfRange {
        field,
        value,
        expected: "a value that fewer than 10^15 reviews can reach",
    }
}

/// Yates' correction for the corrected method, 0 otherwise.
fn correction(method: ShareMethod, correction: f64) -> f64 {
    match method {
        ShareMethod::WilsonCorrected => correction,
        _ => 0.0,
    }
}

/// The standard normal quantile of `power`: `z_β` in the textbooks' sample-size formulas.
fn beta_quantile(power: f64) -> f64 {
    Normal::standard().inverse_cdf(power)
}

/// The power of a two-sided z test that finds a difference when `|estimate| − correction >
/// z × null`, the estimate normal around `delta` (>= 0) with spread `alternative`:
/// `Φ((Δ − c − z σ₀) / σ₁) + Φ((−Δ − c − z σ₀) / σ₁)`; with no spread, 1 when the difference
/// itself is past the critical value and 0 otherwise.
fn normal_power(delta: f64, correction: f64, null: f64, alternative: f64, z: f64) -> f64 {
    let critical = z * null + correction;
    if alternative > 0.0 {
        let normal = Normal::standard();
        let upper = normal.cdf((delta - critical) / alternative);
        let lower = normal.cdf((-delta - critical) / alternative);
        // The two tails never add up past 1 on paper (the lower lies beyond the upper's
        // mirror); `min` removes last-bit rounding.
        (upper + lower).min(1.0)
    } else if delta > critical {
        1.0
    } else {
        0.0
    }
}

/// The power of a two-sided t test with `df` degrees of freedom at `level`, for a statistic
/// following the noncentral t distribution with noncentrality `noncentrality`:
/// `P(T > t) + P(T < −t) = (1 − F(t; δ)) + (1 − F(t; −δ))`.
fn t_power(noncentrality: f64, df: f64, level: Level) -> Result<f64> {
    let t = level.t(df)?;
    let upper = 1.0 - noncentral_t_cdf(t, df, noncentrality);
    let lower = 1.0 - noncentral_t_cdf(t, df, -noncentrality);
    Ok((upper + lower).clamp(0.0, 1.0))
}

/// The smallest number of reviews from `least` whose power (by `power_at`, rising with the
/// number of reviews) reaches `target`; `start` is the textbook's estimate, where the search
/// begins. `delta` is the difference sought (0: no number of reviews finds it); `field` and
/// `value` name it in the error for more than 10¹⁵ reviews.
fn smallest_reviews(
    least: u64,
    start: f64,
    delta: f64,
    target: f64,
    power_at: impl Fn(u64) -> Result<f64>,
    field: &'static str,
    value: f64,
) -> Result<u64> {
    if delta <= 0.0 {
        return Err(Error::Degenerate {
            what: "sample size for a power",
            part: None,
            reason: "the two values are equal, so no number of reviews tells them apart",
        });
    }
    if power_at(least)? >= target {
        return Ok(least);
    }
    // `low` fails the target and `high` reaches it; the search halves the gap between them.
    let mut low = least;
    let mut high = if start.is_finite() && start < MOST_REVIEWS as f64 {
        (start.ceil() as u64).max(least + 1)
    } else {
        MOST_REVIEWS
    };
    while power_at(high)? < target {
        if high >= MOST_REVIEWS {
            return Err(too_many(field, value));
        }
        low = high;
        high = high.saturating_mul(2).min(MOST_REVIEWS);
    }
    while high - low > 1 {
        let middle = low + (high - low) / 2;
        if power_at(middle)? >= target {
            high = middle;
        } else {
            low = middle;
        }
    }
    Ok(high)
}

/// The smallest term of the noncentral t series that still counts: far below the last bit of
/// any probability near 1.
const NEGLIGIBLE: f64 = 1e-18;

/// The cumulative distribution function of the noncentral t distribution with `df` degrees of
/// freedom (finite, above 0) and noncentrality `delta` (finite), at `t` (finite).
///
/// For `t >= 0`, with `x = t² / (t² + df)` and `λ = δ²/2`,
/// `F(t) = Φ(−δ) + ½ Σᵢ [Pᵢ I_x(i + ½, df/2) + (δ/√2) Qᵢ I_x(i + 1, df/2)]`, where
/// `Pᵢ = e^(−λ) λⁱ / i!` and `Qᵢ = e^(−λ) λⁱ / Γ(i + 3/2)` (Lenth, 1989, AS 243). The sum starts at
/// the largest Poisson weight, `i = ⌊λ⌋`, and runs outward both ways until the terms no longer
/// count (Benton and Krishnamoorthy, 2003), so a large noncentrality, whose first terms
/// underflow, is summed where its weight lies. For `t < 0`, `F(t; δ) = 1 − F(−t; −δ)`.
fn noncentral_t_cdf(t: f64, df: f64, delta: f64) -> f64 {
    if t < 0.0 {
        return 1.0 - noncentral_t_cdf(-t, df, -delta);
    }
    let normal = Normal::standard().cdf(-delta);
    let x = t * t / (t * t + df);
    if x <= 0.0 {
        return normal;
    }
    let b = df / 2.0;
    let lambda = delta * delta / 2.0;
    let scale = delta / core::f64::consts::SQRT_2;
    let term = |i: f64, p: f64, q: f64| {
        let beta = |a: f64| if x >= 1.0 { 1.0 } else { beta_reg(a, b, x) };
        p * beta(i + 0.5) + scale * q * beta(i + 1.0)
    };
    // The weights at the largest Poisson term, from logarithms so that neither underflows.
    let mode = lambda.floor();
    let (p_mode, q_mode) = if lambda > 0.0 {
        let log_power = -lambda + mode * lambda.ln();
        (
            (log_power - ln_gamma(mode + 1.0)).exp(),
            (log_power - ln_gamma(mode + 1.5)).exp(),
        )
    } else {
        (1.0, (-ln_gamma(1.5)).exp())
    };
    let mut sum = term(mode, p_mode, q_mode);
    // Outward above the mode: P and Q fall once past it.
    let (mut i, mut p, mut q) = (mode, p_mode, q_mode);
    loop {
        p *= lambda / (i + 1.0);
        q *= lambda / (i + 1.5);
        i += 1.0;
        let next = term(i, p, q);
        sum += next;
        if p + scale.abs() * q < NEGLIGIBLE || i > mode + 1e6 {
            break;
        }
    }
    // Inward below the mode, down to 0.
    let (mut i, mut p, mut q) = (mode, p_mode, q_mode);
    while i >= 1.0 {
        p *= i / lambda;
        q *= (i + 0.5) / lambda;
        i -= 1.0;
        sum += term(i, p, q);
        if p + scale.abs() * q < NEGLIGIBLE {
            break;
        }
    }
    (normal + sum / 2.0).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::assert_close;

    /// scipy 1.17.1 `scipy.stats.nct.cdf(t, df, nc)` at each point (recorded by
    /// `tests/reference/programme_peers.py`).
    #[test]
    fn noncentral_t_matches_scipy() {
        let cases = [
            (2.0, 10.0, 1.0, 0.8076115625303752),
            (-1.5, 5.0, 0.5, 0.03926767466196869),
            (0.0, 7.0, 2.0, 0.02275013194817922),
            (3.0, 30.0, 3.0, 0.49032743823233965),
            (1.96, 58.0, 0.0, 0.9725969178236966),
            (45.0, 12.0, 40.0, 0.6605691875038379),
            (2.2, 3.5, -1.0, 0.9933683189493993),
            // Far in a tail, and a noncentrality whose first series terms underflow.
            (2.0, 20.0, 45.0, 0.0),
            (60.0, 50.0, 55.0, 0.7785390276949955),
        ];
        for (t, df, nc, want) in cases {
            let got = noncentral_t_cdf(t, df, nc);
            assert!(
                (got - want).abs() < 1e-10,
                "F({t}; {df}, {nc}) = {got}, want {want}"
            );
        }
    }

    #[test]
    fn the_central_case_is_students_t() {
        use statrs::distribution::StudentsT;
        let student = StudentsT::new(0.0, 1.0, 9.0).unwrap();
        for t in [-3.0, -0.5, 0.0, 0.7, 2.5] {
            assert!((noncentral_t_cdf(t, 9.0, 0.0) - student.cdf(t)).abs() < 1e-12);
        }
    }

    #[test]
    fn a_census_has_no_margin_and_more_than_a_census_is_refused() {
        assert_close(finite_population(5, Some(5)).unwrap(), 0.0);
        assert_close(finite_population(1, Some(1)).unwrap(), 0.0);
        assert_close(finite_population(3, None).unwrap(), 1.0);
        // √((10 − 4) / 9)
        assert_close(
            finite_population(4, Some(10)).unwrap(),
            (6.0f64 / 9.0).sqrt(),
        );
        assert!(finite_population(6, Some(5)).is_err());
        assert!(finite_population(0, None).is_err());
    }

    #[test]
    fn the_search_finds_the_first_reviews_past_the_target() {
        // A power rising in steps of 0.1 per review reaches 0.8 at 8 reviews, from any start.
        let power = |n: u64| Ok((n as f64 / 10.0).min(1.0));
        for start in [0.0, 1.0, 7.5, 8.0, 30.0, f64::INFINITY] {
            assert_eq!(
                smallest_reviews(1, start, 1.0, 0.8, power, "difference", 1.0).unwrap(),
                8,
                "{start}"
            );
        }
        assert_eq!(
            smallest_reviews(3, 5.0, 1.0, 0.2, power, "difference", 1.0).unwrap(),
            3
        );
        let never = |_: u64| Ok(0.0);
        assert!(matches!(
            smallest_reviews(1, 5.0, 1.0, 0.8, never, "difference", 1.0),
            Err(Error::ValueOutOfRange { .. })
        ));
    }

    #[test]
    fn normal_power_without_spread_is_all_or_nothing() {
        assert_close(normal_power(1.0, 0.0, 0.1, 0.0, 1.96), 1.0);
        assert_close(normal_power(0.1, 0.0, 0.1, 0.0, 1.96), 0.0);
        assert_close(normal_power(0.0, 0.0, 0.0, 0.0, 1.96), 0.0);
    }
}
