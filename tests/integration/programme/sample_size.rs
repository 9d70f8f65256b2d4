//! Sample sizes and power: the textbook formulas worked by hand, and the peers (statsmodels
//! 0.15.0 and scipy 1.17.1; each test names the exact call) where they compute the same
//! quantity. `tests/reference/programme_peers.py` makes every call and records the values in
//! `tests/reference/programme_peers.out`. Peer values are matched to 1e-9 unless a comment says
//! otherwise.

use crate::common::{assert_close, close};

use proptest::prelude::*;
use service_quality::Error;
use service_quality::metrics::{Level, Moments, ShareMethod};
use service_quality::programme::sample_size::{
    DEFAULT_POWER, MeanDifference, MeanPrecision, MeanTarget, PassRateDifference,
    PassRatePrecision, PassRateTarget,
};

fn level(l: f64) -> Level {
    Level::new(l).unwrap()
}

#[test]
fn precision_plans_read_back_what_they_were_given() {
    let plan = PassRatePrecision::new();
    assert_close(plan.pass_rate(), 50.0);
    assert_eq!((plan.level(), plan.population()), (Level::default(), None));
    let agent = plan
        .try_with_pass_rate(85.0)
        .unwrap()
        .with_level(level(0.9))
        .try_with_population(272)
        .unwrap();
    assert_close(agent.pass_rate(), 85.0);
    assert_eq!((agent.level(), agent.population()), (level(0.9), Some(272)));
    let mean = MeanPrecision::new(12.5).unwrap();
    assert_eq!((mean.level(), mean.population()), (Level::default(), None));
    let mean = mean
        .with_level(level(0.99))
        .try_with_population(40)
        .unwrap();
    assert_close(mean.standard_deviation(), 12.5);
    assert_eq!((mean.level(), mean.population()), (level(0.99), Some(40)));
    // A pass rate of −0 reads back as 0.
    let zero = PassRatePrecision::new().try_with_pass_rate(-0.0).unwrap();
    assert_eq!(zero.pass_rate().to_bits(), 0.0f64.to_bits());
}

/// The finite-population correction is `n₀ / (1 + (n₀ − 1) / N)`: at ±15 points, p = ½ and
/// N = 7, n₀ = 1.959964² × 0.25 / 0.0225 = 42.683 and n = 42.683 / (1 + 41.683 / 7) = 6.137, so
/// 7 reviews (with `n₀ + 1` it would be 5.895, so 6); with N = 13, 42.683 / (1 + 41.683 / 13)
/// = 10.147, so 11 (with `n₀` alone 9.965, so 10).
#[test]
fn the_correction_for_a_small_population_subtracts_one() {
    let plan = PassRatePrecision::new().try_with_population(7).unwrap();
    assert_eq!(plan.reviews_for(15.0).unwrap(), 7);
    let plan = PassRatePrecision::new().try_with_population(13).unwrap();
    assert_eq!(plan.reviews_for(15.0).unwrap(), 11);
}

/// The search for a mean's reviews starts at the normal formula and climbs to the smallest `n`
/// whose t margin `t(n − 1) × s / √n × √((N − n) / (N − 1))` is at most `d`; scipy's
/// `t.ppf(0.975, n − 1)` in the same search gives 27 for s = 0.5, d = 0.2 (a spread below one
/// point, where `z / s` would start above the answer), and 434 for s = 15, d = 1, N = 863
/// (where `(n₀ − 1) % N` in place of `/` would start at the whole population).
#[test]
fn the_search_for_a_mean_starts_below_its_answer() {
    let narrow = MeanPrecision::new(0.5).unwrap();
    assert_eq!(narrow.reviews_for(0.2).unwrap(), 27);
    let agent = MeanPrecision::new(15.0)
        .unwrap()
        .try_with_population(863)
        .unwrap();
    assert_eq!(agent.reviews_for(1.0).unwrap(), 434);
}

/// An agent at 95% against a target of 85% with Newcombe's continuity correction `c = 1/(2n)`:
/// `Φ((0.1 − c − z σ₀) / σ₁) + Φ((−0.1 − c − z σ₀) / σ₁)` with `σ₀ = √(0.85 × 0.15 / n)` and
/// `σ₁ = √(0.95 × 0.05 / n)`; scipy's `norm.cdf` and `norm.ppf(0.975)` give 0.7287217344038753 at
/// 79 reviews (0.8070 without the correction), and the power first reaches 0.8 at 88 (79
/// without).
#[test]
fn a_target_with_the_continuity_correction_needs_more_reviews() {
    let plain = PassRateTarget::new(95.0, 85.0).unwrap();
    let corrected = plain.with_method(ShareMethod::WilsonCorrected);
    close(corrected.power(79).unwrap(), 0.7287217344038753, 1e-10);
    close(plain.power(79).unwrap(), 0.8070466512969995, 1e-10);
    assert_eq!(
        (plain.reviews().unwrap(), corrected.reviews().unwrap()),
        (79, 88)
    );
}

mod known_answers {
    use super::*;

    /// Cochran (1977), *Sampling Techniques*, ch. 4: `n₀ = z² p q / d²` at 95%, p = ½, d = 5%:
    /// 1.959964² × 0.25 / 0.0025 = 384.146 → 385 (statsmodels
    /// `samplesize_confint_proportion(0.5, 0.05, alpha=0.05)` = 384.14588206941266); with
    /// N = 1,000, `n₀ / (1 + (n₀ − 1)/N)` = 384.146 / 1.383146 = 277.73 → 278.
    #[test]
    fn cochran_textbook_values() {
        let plan = PassRatePrecision::new();
        assert_eq!(plan.reviews_for(5.0).unwrap(), 385);
        assert_eq!(
            plan.try_with_population(1_000)
                .unwrap()
                .reviews_for(5.0)
                .unwrap(),
            278
        );
        // The same n₀ read back: 384 reviews fall just short of ±5, 385 reach it.
        assert!(plan.margin_with(384).unwrap() > 5.0);
        assert!(plan.margin_with(385).unwrap() <= 5.0);
        // statsmodels `samplesize_confint_proportion(0.5, 0.10)` = 96.03647051735317 → 97, and
        // `samplesize_confint_proportion(0.9, 0.10, alpha=0.10)` = 24.34989108685873 → 25.
        assert_eq!(plan.reviews_for(10.0).unwrap(), 97);
        let ninety = plan
            .try_with_pass_rate(90.0)
            .unwrap()
            .with_level(level(0.9));
        assert_eq!(ninety.reviews_for(10.0).unwrap(), 25);
        // N = 40: 384.146 / (1 + 383.146 / 40) = 36.31 → 37.
        assert_eq!(
            plan.try_with_population(40)
                .unwrap()
                .reviews_for(5.0)
                .unwrap(),
            37
        );
    }

    /// The margin `z √(p q / n)`: `100 * scipy.stats.norm.ppf(0.975) * math.sqrt(p*(1-p)/n)`.
    #[test]
    fn margins_match_the_normal_formula() {
        let plan = PassRatePrecision::new();
        close(plan.margin_with(4).unwrap(), 48.99909961350135, 1e-9);
        close(plan.margin_with(385).unwrap(), 4.994450700198681, 1e-9);
        let ninety = plan.try_with_pass_rate(90.0).unwrap();
        close(ninety.margin_with(4).unwrap(), 29.39945976810081, 1e-9);
        // With N = 10 and 4 reviews, × √(6/9).
        let small = plan.try_with_population(10).unwrap();
        close(
            small.margin_with(4).unwrap(),
            48.99909961350135 * (6.0f64 / 9.0).sqrt(),
            1e-9,
        );
        // A pass rate of 0% or 100% has no spread in this approximation: any review will do.
        let certain = plan.try_with_pass_rate(100.0).unwrap();
        assert_close(certain.margin_with(3).unwrap(), 0.0);
        assert_eq!(certain.reviews_for(1.0).unwrap(), 1);
    }

    /// The smallest n with `t(n − 1) s / √n ≤ d`, found by stepping n with
    /// `scipy.stats.t.ppf(0.975, n - 1) * s / math.sqrt(n) * math.sqrt((N - n)/(N - 1))`:
    /// s = 10, d = 5 → 18 (the normal formula's n₀ = 15.37 → 16); s = 15, d = 5 → 38
    /// (n₀ = 34.57); s = 15, d = 5, N = 50 → 23. The margins at 16 reviews of s = 10 and 4 of
    /// s = 12: 5.328623863899439 and 19.094677831702246.
    #[test]
    fn mean_precision_steps_the_t_interval() {
        let ten = MeanPrecision::new(10.0).unwrap();
        assert_eq!(ten.reviews_for(5.0).unwrap(), 18);
        close(ten.margin_with(16).unwrap(), 5.328623863899439, 1e-9);
        let fifteen = MeanPrecision::new(15.0).unwrap();
        assert_eq!(fifteen.reviews_for(5.0).unwrap(), 38);
        assert_eq!(
            fifteen
                .try_with_population(50)
                .unwrap()
                .reviews_for(5.0)
                .unwrap(),
            23
        );
        close(
            MeanPrecision::new(12.0).unwrap().margin_with(4).unwrap(),
            19.094677831702246,
            1e-9,
        );
        // numpy `std([72, 85, 64, 90, 78, 81], ddof=1)` = 9.309493362512628 → 16 reviews.
        let moments = Moments::from_values(&[72.0, 85.0, 64.0, 90.0, 78.0, 81.0]).unwrap();
        let plan = MeanPrecision::from_moments(&moments);
        close(plan.standard_deviation(), 9.309493362512628, 1e-12);
        assert_eq!(plan.reviews_for(5.0).unwrap(), 16);
        // No spread: two reviews (a t interval's fewest); a census of one: that one.
        assert_eq!(
            MeanPrecision::new(0.0).unwrap().reviews_for(1.0).unwrap(),
            2
        );
        let one = MeanPrecision::new(10.0)
            .unwrap()
            .try_with_population(1)
            .unwrap();
        assert_eq!(one.reviews_for(1.0).unwrap(), 1);
        assert_close(one.margin_with(1).unwrap(), 0.0);
    }

    /// statsmodels `power_proportions_2indep(p1 - p2, p2, n1, ratio=n2/n1, alpha=0.05,
    /// alternative='two-sided').power`: the pooled z test with the pooled spread under the null
    /// and the unpooled one under the alternative, as `compare::shares` tests.
    #[test]
    fn pass_rate_power_matches_statsmodels() {
        let gap = PassRateDifference::new(90.0, 70.0).unwrap();
        for (n1, n2, want) in [
            (4, 4, 0.10078089386610714),
            (30, 30, 0.4903583284629373),
            (61, 61, 0.7960683935182843),
            (62, 62, 0.8025988762913128),
            (10, 25, 0.19280553473832918),
        ] {
            close(gap.power(n1, n2).unwrap(), want, 1e-9);
        }
        assert_eq!(gap.reviews_per_agent().unwrap(), 62);
        let other = PassRateDifference::new(80.0, 60.0).unwrap();
        close(other.power(81, 81).unwrap(), 0.7988966288810103, 1e-9);
        close(other.power(82, 82).unwrap(), 0.803779993328192, 1e-9);
        assert_eq!(other.reviews_per_agent().unwrap(), 82);
        // The order of the agents does not matter.
        let swapped = PassRateDifference::new(70.0, 90.0).unwrap();
        close(
            swapped.power(10, 25).unwrap(),
            gap.power(25, 10).unwrap(),
            1e-15,
        );
    }

    /// Fleiss, Levin and Paik (2003), ch. 4: `n = (z √(2 p̄ q̄) + z_β √(p₁q₁ + p₂q₂))² / Δ²` and,
    /// with the continuity correction, `n′ = n/4 (1 + √(1 + 4/(n Δ)))²`. For 90% against 70%:
    /// n = 61.60 (80% power) and 81.96 (90%); n′ = 71.25 and 91.69. Rounded up, the
    /// search over the power of the test the crate runs finds the same.
    #[test]
    fn reviews_per_agent_match_fleiss_with_and_without_the_correction() {
        let gap = PassRateDifference::new(90.0, 70.0).unwrap();
        assert_eq!(gap.reviews_per_agent().unwrap(), 62);
        let corrected = gap.with_method(ShareMethod::WilsonCorrected);
        assert_eq!(corrected.reviews_per_agent().unwrap(), 72);
        let ninety = gap.try_with_power(0.9).unwrap();
        assert_eq!(ninety.reviews_per_agent().unwrap(), 82);
        assert_eq!(
            ninety
                .with_method(ShareMethod::WilsonCorrected)
                .reviews_per_agent()
                .unwrap(),
            92
        );
        // The corrected test is the harder one to pass.
        assert!(corrected.power(40, 40).unwrap() < gap.power(40, 40).unwrap());
    }

    /// Cohen's h (statsmodels `proportion_effectsize(0.9, 0.7)` = 0.5157783719341242) with
    /// `NormalIndPower().solve_power(effect_size=h, alpha=0.05, power=0.8, ratio=1)` =
    /// 59.00792629248446 → 60 per group: the power of a test on arcsine-transformed rates,
    /// which the crate does not run. The crate's own test needs 62; the two differ, as they
    /// should.
    #[test]
    fn cohens_h_answers_another_question() {
        let gap = PassRateDifference::new(90.0, 70.0).unwrap();
        assert_ne!(gap.reviews_per_agent().unwrap(), 60);
    }

    /// The score test of one rate against a target:
    /// `norm.cdf((d - z*s0)/s1) + norm.cdf((-d - z*s0)/s1)` with `s0 = sqrt(p0*(1-p0)/n)`,
    /// `s1 = sqrt(p*(1-p)/n)`, `d = abs(p - p0)` and `z = norm.ppf(0.975)` (scipy): 95% against
    /// 85% with 4 reviews, 0.010929120149895508; 78 reviews 0.7998739170251923, 79
    /// 0.8070466512969995.
    #[test]
    fn power_against_a_target_matches_the_score_test() {
        let above = PassRateTarget::new(95.0, 85.0).unwrap();
        close(above.power(4).unwrap(), 0.010929120149895508, 1e-9);
        close(above.power(78).unwrap(), 0.7998739170251923, 1e-9);
        close(above.power(79).unwrap(), 0.8070466512969995, 1e-9);
        assert_eq!(above.reviews().unwrap(), 79);
    }

    /// The power against a target is the chance that `Share::interval` excludes the target:
    /// with the normal approximation of the share, the Wilson interval of the observed share
    /// excludes the target exactly when the score test rejects it. Checked by brute force over
    /// a fine grid of observed shares.
    #[test]
    fn the_wilson_interval_excludes_the_target_exactly_where_the_score_test_rejects() {
        use service_quality::metrics::Share;
        let z = Level::default().z();
        for (n, target) in [(20u64, 0.85), (50, 0.6), (7, 0.3)] {
            for k in 0..=n {
                let share = Share::new(k, n).unwrap();
                for method in [ShareMethod::Wilson, ShareMethod::WilsonCorrected] {
                    let interval = share.interval(method, Level::default());
                    let excluded = !interval.contains(100.0 * target);
                    let correction = match method {
                        ShareMethod::WilsonCorrected => 1.0 / (2.0 * n as f64),
                        _ => 0.0,
                    };
                    let statistic = (share.fraction() - target).abs() - correction;
                    let rejects = statistic > z * (target * (1.0 - target) / n as f64).sqrt();
                    // Rejection within 1e-9 of the boundary can round either way.
                    let boundary =
                        (statistic - z * (target * (1.0 - target) / n as f64).sqrt()).abs() < 1e-9;
                    assert!(boundary || excluded == rejects, "{k}/{n} {target} {method}");
                }
            }
        }
    }

    /// statsmodels `TTestIndPower().power(effect_size=10/15, nobs1=n, alpha=0.05, ratio=1)`:
    /// 4 → 0.12592343246434942, 36 → 0.7965793006911309, 37 → 0.8075867665754685
    /// (`solve_power(effect_size=10/15, alpha=0.05, power=0.8)` = 36.31 → 37). With equal
    /// spreads and numbers, Welch's test is Student's and the noncentral t power is exact.
    #[test]
    fn mean_power_matches_statsmodels() {
        let gap = MeanDifference::new(10.0, 15.0).unwrap();
        close(gap.power(4, 4).unwrap(), 0.12592343246434942, 1e-9);
        close(gap.power(36, 36).unwrap(), 0.7965793006911309, 1e-9);
        close(gap.power(37, 37).unwrap(), 0.8075867665754685, 1e-9);
        assert_eq!(gap.reviews_per_agent().unwrap(), 37);
        // `TTestIndPower().power(effect_size=0.5, nobs1=20, alpha=0.01)` = 0.14395508348613542,
        // and `solve_power(effect_size=0.5, alpha=0.01, power=0.9)` = 120.71 → 121.
        let half = MeanDifference::new(-5.0, 10.0)
            .unwrap()
            .with_level(level(0.99));
        close(half.power(20, 20).unwrap(), 0.14395508348613542, 1e-9);
        assert_eq!(
            half.try_with_power(0.9)
                .unwrap()
                .reviews_per_agent()
                .unwrap(),
            121
        );
    }

    /// Unequal spreads and numbers: Welch–Satterthwaite df = 12.099929491699253, noncentrality
    /// 1.657736891986613, and `nct.sf(c, df, nc) + nct.cdf(-c, df, nc)` with
    /// `c = t.ppf(0.975, df)` (scipy) = 0.3327732391855379.
    #[test]
    fn welch_power_with_unequal_spreads_matches_scipy() {
        let ana = Moments::new(12, 84.0, 90.0).unwrap();
        let ben = Moments::new(9, 71.0, 260.0).unwrap();
        let gap = MeanDifference::from_moments(10.0, &ana, &ben).unwrap();
        close(gap.power(12, 9).unwrap(), 0.3327732391855379, 1e-9);
    }

    /// statsmodels `TTestPower().power(effect_size=5/12, nobs=n, alpha=0.05)`: 4 →
    /// 0.09254584139631387, 47 → 0.7985531673158948, 48 → 0.8071236860732155
    /// (`solve_power` = 47.17 → 48).
    #[test]
    fn power_of_a_mean_against_a_target_matches_statsmodels() {
        let below = MeanTarget::new(-5.0, 12.0).unwrap();
        close(below.power(4).unwrap(), 0.09254584139631387, 1e-9);
        close(below.power(47).unwrap(), 0.7985531673158948, 1e-9);
        close(below.power(48).unwrap(), 0.8071236860732155, 1e-9);
        assert_eq!(below.reviews().unwrap(), 48);
        assert_eq!(below.target_power().to_bits(), DEFAULT_POWER.to_bits());
    }
}

#[test]
fn bad_input_names_the_field_value_and_range() {
    let text = |e: Error| e.to_string();
    let plan = PassRatePrecision::new();
    for bad in [0.0, -1.0, 100.5, f64::NAN, f64::INFINITY] {
        assert!(matches!(
            plan.reviews_for(bad),
            Err(Error::ValueOutOfRange {
                field: "margin",
                ..
            })
        ));
    }
    assert_eq!(
        text(plan.reviews_for(-2.0).unwrap_err()),
        "margin is -2, expected a finite value in (0, 100], in percentage points"
    );
    assert_eq!(
        text(plan.try_with_pass_rate(-0.5).unwrap_err()),
        "assumed pass rate is -0.5, expected a percentage in 0..=100"
    );
    assert!(plan.try_with_pass_rate(f64::NAN).is_err());
    assert_eq!(
        text(plan.margin_with(0).unwrap_err()),
        "reviews is 0, expected at least 1"
    );
    assert_eq!(
        text(
            plan.try_with_population(5)
                .unwrap()
                .margin_with(6)
                .unwrap_err()
        ),
        "reviews is 6, expected at most the population, 5"
    );
    assert_eq!(
        text(MeanPrecision::new(f64::NAN).unwrap_err()),
        "standard deviation is NaN, expected a finite value >= 0"
    );
    assert!(MeanPrecision::new(f64::INFINITY).is_err());
    assert_eq!(
        text(
            MeanPrecision::new(5.0)
                .unwrap()
                .reviews_for(0.0)
                .unwrap_err()
        ),
        "margin is 0, expected a finite value in (0, 100], in score points"
    );
    assert!(
        MeanPrecision::new(5.0)
            .unwrap()
            .try_with_population(0)
            .is_err()
    );
    assert_eq!(
        text(PassRateDifference::new(90.0, 101.0).unwrap_err()),
        "second pass rate is 101, expected a percentage in 0..=100"
    );
    assert_eq!(
        text(PassRateTarget::new(-1.0, 80.0).unwrap_err()),
        "agent's pass rate is -1, expected a percentage in 0..=100"
    );
    for power in [0.0, 1.0, -0.2, f64::NAN] {
        assert!(
            PassRateDifference::new(90.0, 70.0)
                .unwrap()
                .try_with_power(power)
                .is_err()
        );
    }
    assert_eq!(
        text(
            MeanTarget::new(5.0, 10.0)
                .unwrap()
                .try_with_power(1.0)
                .unwrap_err()
        ),
        "power is 1, expected a fraction in (0, 1)"
    );
    assert_eq!(
        text(
            PassRateDifference::new(90.0, 70.0)
                .unwrap()
                .power(0, 3)
                .unwrap_err()
        ),
        "first reviews is 0, expected at least 1"
    );
    assert_eq!(
        text(
            MeanDifference::new(5.0, 10.0)
                .unwrap()
                .power(3, 1)
                .unwrap_err()
        ),
        "second reviews is 1, expected at least 2 (a t test needs two reviews)"
    );
    assert_eq!(
        text(MeanDifference::new(5.0, 0.0).unwrap_err()),
        "standard deviation is 0, expected a finite value > 0"
    );
    assert_eq!(
        text(MeanTarget::new(101.0, 10.0).unwrap_err()),
        "difference is 101, expected a finite value in -100..=100, in score points"
    );
    let flat = Moments::new(5, 80.0, 0.0).unwrap();
    assert!(MeanDifference::from_moments(5.0, &flat, &flat).is_err());
    for equal in [
        PassRateTarget::new(80.0, 80.0).unwrap().reviews(),
        MeanTarget::new(0.0, 10.0).unwrap().reviews(),
        MeanDifference::new(0.0, 10.0).unwrap().reviews_per_agent(),
    ] {
        assert!(matches!(equal, Err(Error::Degenerate { .. })));
    }
    // A difference too small for any realistic programme.
    let tiny = PassRateDifference::new(50.0, 50.000_000_001)
        .unwrap()
        .reviews_per_agent()
        .unwrap_err();
    assert!(matches!(
        tiny,
        Error::ValueOutOfRange {
            field: "difference",
            ..
        }
    ));
    assert!(
        text(tiny).ends_with(", expected a value that fewer than 10^15 reviews can reach"),
        "too small a difference"
    );
    assert!(
        PassRatePrecision::new()
            .reviews_for(1e-9)
            .is_err_and(|e| matches!(
                e,
                Error::ValueOutOfRange {
                    field: "margin",
                    ..
                }
            ))
    );
}

#[test]
fn equal_rates_give_the_false_alarm_rate_and_extremes_stay_in_bounds() {
    // At equal rates the test rejects about as often as its level allows.
    let same = PassRateDifference::new(80.0, 80.0).unwrap();
    close(same.power(500, 500).unwrap(), 0.05, 1e-3);
    let same_mean = MeanDifference::new(0.0, 10.0).unwrap();
    close(same_mean.power(30, 30).unwrap(), 0.05, 1e-12);
    // 100% against 0%: the test cannot miss once there are a few reviews.
    let apart = PassRateDifference::new(100.0, 0.0).unwrap();
    assert_close(apart.power(5, 5).unwrap(), 1.0);
    // Pooled rate ½. One review each: the critical value z σ₀ = 1.96 × √(¼ × (1 + 1)) = 1.39
    // is beyond the difference of 1; two each: 1.96 × √(¼ × (½ + ½)) = 0.98 is within it.
    assert_eq!(apart.reviews_per_agent().unwrap(), 2);
    // All at 100% against a target of 100%: the interval always reaches it.
    assert_close(
        PassRateTarget::new(100.0, 100.0)
            .unwrap()
            .power(10)
            .unwrap(),
        0.0,
    );
}

#[test]
fn plan_types_are_send_sync_and_copy() {
    fn check<T: Send + Sync + Copy>() {}
    check::<PassRatePrecision>();
    check::<MeanPrecision>();
    check::<PassRateDifference>();
    check::<PassRateTarget>();
    check::<MeanDifference>();
    check::<MeanTarget>();
}

mod properties {
    use super::*;
    use crate::common::strategies::level;

    proptest! {
        #![proptest_config(crate::common::cases(200))]

        /// The reviews a margin takes buy that margin, and one review fewer does not.
        #[test]
        fn reviews_for_a_margin_and_the_margin_they_buy_are_inverse(
            rate in 0.0f64..=100.0,
            margin in 0.5f64..60.0,
            level in level(),
            population in proptest::option::of(1u64..5_000),
        ) {
            let mut plan = PassRatePrecision::new().try_with_pass_rate(rate).unwrap().with_level(level);
            if let Some(n) = population {
                plan = plan.try_with_population(n).unwrap();
            }
            let n = plan.reviews_for(margin).unwrap();
            prop_assert!(n >= 1 && population.is_none_or(|p| n <= p));
            prop_assert!(plan.margin_with(n).unwrap() <= margin * (1.0 + 1e-8));
            if n > 1 {
                prop_assert!(plan.margin_with(n - 1).unwrap() > margin * (1.0 - 1e-8));
            }
        }

        #[test]
        fn reviews_for_a_mean_and_the_margin_they_buy_are_inverse(
            sd in 0.5f64..40.0,
            margin in 0.5f64..40.0,
            level in level(),
            population in proptest::option::of(1u64..3_000),
        ) {
            let mut plan = MeanPrecision::new(sd).unwrap().with_level(level);
            if let Some(n) = population {
                plan = plan.try_with_population(n).unwrap();
            }
            let n = plan.reviews_for(margin).unwrap();
            prop_assert!(population.is_none_or(|p| n <= p));
            prop_assert!(plan.margin_with(n).unwrap() <= margin * (1.0 + 1e-8));
            if n > 2 {
                prop_assert!(plan.margin_with(n - 1).unwrap() > margin * (1.0 - 1e-8));
            }
        }

        /// The margin `n` reviews buy takes exactly `n` reviews: the allowance of 10⁻⁹ of the
        /// margin for rounding decides nothing more.
        #[test]
        fn the_margin_n_reviews_buy_takes_exactly_n(
            sd in 0.5f64..40.0,
            rate in 1.0f64..99.0,
            n in 2u64..3_000,
            level in level(),
            population in proptest::option::of(3u64..5_000),
        ) {
            let mut mean = MeanPrecision::new(sd).unwrap().with_level(level);
            let mut share = PassRatePrecision::new().try_with_pass_rate(rate).unwrap().with_level(level);
            if let Some(p) = population {
                prop_assume!(n < p);
                mean = mean.try_with_population(p).unwrap();
                share = share.try_with_population(p).unwrap();
            }
            let margin = mean.margin_with(n).unwrap();
            if margin <= 100.0 {
                prop_assert_eq!(mean.reviews_for(margin).unwrap(), n);
            }
            let margin = share.margin_with(n).unwrap();
            if margin <= 100.0 {
                prop_assert_eq!(share.reviews_for(margin).unwrap(), n);
            }
        }

        /// Power is a probability, rises with the reviews, and the reviews per agent are the
        /// first to reach the target.
        #[test]
        fn pass_rate_power_rises_and_the_plan_is_the_first_to_reach_it(
            first in 0.0f64..=100.0,
            second in 0.0f64..=100.0,
            target in 0.5f64..0.95,
            corrected in any::<bool>(),
            level in level(),
        ) {
            prop_assume!((first - second).abs() > 3.0);
            let method = if corrected { ShareMethod::WilsonCorrected } else { ShareMethod::Wilson };
            let gap = PassRateDifference::new(first, second).unwrap()
                .with_method(method).with_level(level).try_with_power(target).unwrap();
            let mut last = 0.0;
            for n in [1u64, 2, 5, 20, 100, 1000] {
                let p = gap.power(n, n).unwrap();
                prop_assert!((0.0..=1.0).contains(&p));
                prop_assert!(p >= last - 1e-12, "{} reviews: {} after {}", n, p, last);
                last = p;
            }
            let n = gap.reviews_per_agent().unwrap();
            prop_assert!(gap.power(n, n).unwrap() >= target);
            if n > 1 {
                prop_assert!(gap.power(n - 1, n - 1).unwrap() < target);
            }
        }

        #[test]
        fn mean_power_rises_and_the_plan_is_the_first_to_reach_it(
            difference in -60.0f64..60.0,
            sd in 2.0f64..40.0,
            second_sd in 2.0f64..40.0,
            target in 0.5f64..0.95,
            level in level(),
        ) {
            prop_assume!(difference.abs() > 1.0);
            let gap = MeanDifference::new(difference, sd).unwrap()
                .try_with_deviations(sd, second_sd).unwrap()
                .with_level(level).try_with_power(target).unwrap();
            let mut last = 0.0;
            for n in [2u64, 3, 5, 20, 100] {
                let p = gap.power(n, n).unwrap();
                prop_assert!((0.0..=1.0).contains(&p));
                prop_assert!(p >= last - 1e-12);
                last = p;
            }
            let n = gap.reviews_per_agent().unwrap();
            prop_assert!(gap.power(n, n).unwrap() >= target);
            if n > 2 {
                prop_assert!(gap.power(n - 1, n - 1).unwrap() < target);
            }
            let one = MeanTarget::new(difference, sd).unwrap().with_level(level).try_with_power(target).unwrap();
            let n = one.reviews().unwrap();
            prop_assert!(one.power(n).unwrap() >= target);
            if n > 2 {
                prop_assert!(one.power(n - 1).unwrap() < target);
            }
        }
    }
}
