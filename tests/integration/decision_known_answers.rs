//! Known-answer tests for the statistics that support decisions: small-sample intervals,
//! differences between groups with p-values, Holm's adjustment, kappa with its standard error,
//! calibration, intraclass correlation, Feldt's interval for alpha, and key drivers.
//!
//! Peer values come from `tests/reference/peers.py` (scipy, statsmodels, pingouin,
//! scikit-learn; versions in its docstring), recorded in `tests/reference/peers.out`; each test
//! names the peer call. Published worked examples are cited where they exist. Peer values are
//! matched to 1e-9 unless a comment says otherwise; published ones to their printed digits.

use service_quality::metrics::compare::{self, holm};
use service_quality::metrics::drivers::{key_drivers, pearson, spearman};
use service_quality::metrics::{
    Ces, Csat, Interval, Level, Moments, Nps, NpsMethod, Share, ShareMethod,
};
use service_quality::reliability::{
    Calibration, CalibrationOptions, Distance, IccForm, Kappa, KappaOptions, KappaOutcome, Missing,
    Reference, Weighting, cronbach_alpha, cronbach_alpha_with_missing, intraclass_correlation,
};

#[track_caller]
fn close(got: f64, want: f64, tol: f64) {
    assert!(
        (got - want).abs() <= tol,
        "got {got}, want {want} (tolerance {tol:e})"
    );
}

/// Both bounds of an interval to `tol`.
#[track_caller]
fn bounds(interval: Interval, lower: f64, upper: f64, tol: f64) {
    close(interval.lower(), lower, tol);
    close(interval.upper(), upper, tol);
}

fn level(l: f64) -> Level {
    Level::new(l).unwrap()
}

// ---- intervals for every group size ----

/// Newcombe (1998), "Two-sided confidence intervals for the single proportion: comparison of
/// seven methods", Statistics in Medicine 17, Table I, methods 3 (Wilson) and 4 (Wilson with
/// continuity correction), printed to 4 decimals; and scipy `binomtest(k, n).proportion_ci(
/// method="wilsoncc")` for the corrected bounds to 1e-9.
#[test]
fn wilson_intervals_match_newcombe_table_one_and_scipy() {
    let ninety_five = Level::NINETY_FIVE;
    let published = [
        (81, 263, (0.2553, 0.3662), (0.2535, 0.3682)),
        (15, 148, (0.0624, 0.1605), (0.0598, 0.1644)),
        (0, 20, (0.0, 0.1611), (0.0, 0.2005)),
        (1, 29, (0.0061, 0.1718), (0.0018, 0.1963)),
    ];
    for (k, n, plain, corrected) in published {
        let share = Share::new(k, n).unwrap();
        let w = share.interval(ShareMethod::Wilson, ninety_five);
        bounds(w, 100.0 * plain.0, 100.0 * plain.1, 0.005);
        let c = share.interval(ShareMethod::WilsonCorrected, ninety_five);
        bounds(c, 100.0 * corrected.0, 100.0 * corrected.1, 0.005);
    }
    let scipy = [
        (81, 263, 0.95, 0.25350868229518514, 0.3681762010430035),
        (15, 148, 0.95, 0.059778208428498125, 0.16444977936483698),
        (0, 20, 0.95, 0.0, 0.20045334501348705),
        (1, 29, 0.95, 0.001802640213279666, 0.19628175100975953),
        (41, 50, 0.95, 0.6807860696160822, 0.9095159516039631),
        (3, 10, 0.90, 0.09644903973785035, 0.6043475556604498),
        (6, 6, 0.95, 0.516817051213657, 1.0),
    ];
    for (k, n, l, lower, upper) in scipy {
        let c = Share::new(k, n)
            .unwrap()
            .interval(ShareMethod::WilsonCorrected, level(l));
        bounds(c, 100.0 * lower, 100.0 * upper, 1e-9);
    }
}

/// The corrected interval is offered for CSAT too: 41 satisfied of 50, as above.
#[test]
fn csat_offers_the_corrected_interval() {
    let mut csat = Csat::default();
    for answer in [5; 41].into_iter().chain([2; 9]) {
        csat.add(answer).unwrap();
    }
    let ci = csat
        .interval_with(ShareMethod::WilsonCorrected, Level::NINETY_FIVE)
        .unwrap();
    bounds(ci, 68.07860696160822, 90.95159516039631, 1e-9);
    // The default is still the plain Wilson interval (statsmodels, in metrics_known_answers).
    assert_eq!(
        csat.interval(Level::NINETY_FIVE).unwrap(),
        csat.interval_with(ShareMethod::Wilson, Level::NINETY_FIVE)
            .unwrap()
    );
}

/// The adjusted Wald interval (Rocks, 2016): ¾, 1½ and ¾ pseudo-answers added to promoters,
/// passives and detractors (the defaults of Rocks' own R package, `NPS::nps_test`), then the
/// Wald interval; computed independently in `peers.py` with numpy and scipy's normal quantile.
/// Bounds beyond ±100 are limited to the score's range.
#[test]
fn adjusted_wald_nps_matches_the_formula() {
    let from = |promoters: u64, passives: u64, detractors: u64| {
        let mut counts = [0; 11];
        counts[10] = promoters;
        counts[8] = passives;
        counts[3] = detractors;
        Nps::from_counts(counts)
    };
    let cases = [
        (from(5, 3, 2), 0.95, -19.05061537636367, 65.20446153020983),
        (from(6, 0, 0), 0.95, 25.924923774637882, 100.0),
        (
            from(40, 25, 15),
            0.90,
            16.252486743436144,
            43.98847711198554,
        ),
        (from(2, 0, 0), 0.95, -24.410989173817654, 100.0),
    ];
    for (nps, l, lower, upper) in cases {
        let ci = nps
            .interval_with(NpsMethod::AdjustedWald, level(l))
            .unwrap();
        bounds(ci, lower, upper, 1e-9);
        close(ci.estimate(), nps.score().unwrap(), 1e-12);
        // The default method is the adjusted one.
        assert_eq!(nps.interval(level(l)).unwrap(), ci);
    }
}

/// scipy `t.interval(0.95, n - 1, mean, sqrt(var / n))` for ten quality scores, from the
/// values and from (count, mean, variance).
#[test]
fn the_t_interval_of_a_mean_matches_scipy() {
    let scores = [72.0, 85.0, 64.0, 90.0, 78.0, 81.0, 69.0, 88.0, 75.0, 83.0];
    let m = Moments::from_values(&scores).unwrap();
    close(m.mean(), 78.5, 1e-12);
    close(m.variance(), 71.83333333333333, 1e-12);
    let ci = m.interval(Level::NINETY_FIVE).unwrap();
    bounds(ci, 72.43702490853312, 84.56297509146688, 1e-9);
    let stored = Moments::new(10, 78.5, 71.83333333333333).unwrap();
    assert_eq!(stored.interval(Level::NINETY_FIVE).unwrap(), ci);
}

// ---- differences ----

/// scipy `ttest_ind(a, b, equal_var=False)`: statistic, Welch df, p-value and
/// `confidence_interval(0.95)`.
#[test]
fn welch_matches_scipy() {
    let a = Moments::from_values(&[72.0, 85.0, 64.0, 90.0, 78.0, 81.0, 69.0, 88.0, 75.0, 83.0])
        .unwrap();
    let b = Moments::from_values(&[70.0, 62.0, 74.0, 58.0, 66.0, 71.0, 60.0, 68.0, 73.0]).unwrap();
    let d = compare::means(&a, &b, Level::NINETY_FIVE).unwrap();
    close(d.p_value(), 0.0028694262723021366, 1e-9);
    bounds(d.interval(), 4.612412219878705, 18.609810002343522, 1e-9);
    assert!(d.is_significant(Level::NINETY_FIVE));

    // CES tallies at 90%.
    let after = Ces::from_answers([6, 7, 6, 5, 7, 6, 4, 7]).unwrap();
    let before = Ces::from_answers([4, 5, 3, 5, 4, 6, 5]).unwrap();
    let d = compare::ces(&after, &before, level(0.9)).unwrap();
    close(d.p_value(), 0.01805761752648897, 1e-9);
    bounds(d.interval(), 0.49310609924141935, 2.364036757901438, 1e-9);
}

/// Two months of NPS answers (counts of 0..10), June minus May; the difference of two scores
/// with their variances, Wald and adjusted Wald, computed independently in `peers.py`.
#[test]
fn nps_differences_match_the_formula() {
    let may = Nps::from_counts([2, 1, 1, 2, 3, 4, 6, 10, 12, 14, 15]);
    let june = Nps::from_counts([1, 0, 1, 1, 2, 2, 4, 8, 12, 20, 25]);
    let observed = june.score().unwrap() - may.score().unwrap();
    for (method, lower, upper, p) in [
        (
            NpsMethod::Wald,
            5.2244324662828525,
            55.67782317281487,
            0.017987697576610846,
        ),
        (
            NpsMethod::AdjustedWald,
            4.624856199633473,
            54.05383289348252,
            0.01997938761429877,
        ),
    ] {
        let d = compare::nps(&june, &may, method, Level::NINETY_FIVE).unwrap();
        close(d.difference(), observed, 1e-12);
        bounds(d.interval(), lower, upper, 1e-9);
        close(d.p_value(), p, 1e-9);
    }
}

/// Newcombe (1998), "Interval estimation for the difference between independent proportions:
/// comparison of eleven methods", Statistics in Medicine 17, Table II, methods 10 and 11
/// (printed to 4 decimals); statsmodels `confint_proportions_2indep(method="newcomb")` for
/// method 10 to 1e-9; scipy `chi2_contingency` (without and with Yates' correction) for the
/// p-values.
#[test]
fn share_differences_match_newcombe_and_the_peers() {
    let ninety_five = Level::NINETY_FIVE;
    let diff = |x1, n1, x2, n2, method| {
        compare::shares(
            Share::new(x1, n1).unwrap(),
            Share::new(x2, n2).unwrap(),
            method,
            ninety_five,
        )
    };
    let table_two = [
        ((56, 70, 48, 80), (0.0524, 0.3339)),
        ((9, 10, 3, 10), (0.1705, 0.8090)),
        ((6, 7, 2, 7), (0.0582, 0.8062)),
        ((5, 56, 0, 29), (-0.0381, 0.1926)),
        ((0, 10, 0, 20), (-0.1611, 0.2775)),
        ((0, 10, 0, 10), (-0.2775, 0.2775)),
        ((10, 10, 0, 20), (0.6791, 1.0)),
        ((10, 10, 0, 10), (0.6075, 1.0)),
    ];
    for ((x1, n1, x2, n2), (lower, upper)) in table_two {
        let d = diff(x1, n1, x2, n2, ShareMethod::Wilson);
        bounds(d.interval(), 100.0 * lower, 100.0 * upper, 0.005);
    }
    let method_eleven = [
        ((56, 70, 48, 80), (0.0428, 0.3422)),
        ((9, 10, 3, 10), (0.1013, 0.8387)),
        ((10, 10, 0, 20), (0.6014, 1.0)),
    ];
    for ((x1, n1, x2, n2), (lower, upper)) in method_eleven {
        let d = diff(x1, n1, x2, n2, ShareMethod::WilsonCorrected);
        bounds(d.interval(), 100.0 * lower, 100.0 * upper, 0.005);
    }
    let peers = [
        (
            (56, 70, 48, 80),
            (0.05243147240236498, 0.33387265403690614),
            (0.008045081368196585, 0.013409475178668966),
        ),
        (
            (9, 10, 3, 10),
            (0.1705227239345029, 0.809017973535488),
            (0.0061698993205441645, 0.022478873366125265),
        ),
        (
            (10, 10, 0, 20),
            (0.6790860371419145, 1.0),
            (4.320463057827503e-08, 4.053379281757047e-07),
        ),
        (
            (41, 50, 30, 48),
            (0.017615203472164304, 0.3585821457246168),
            (0.03077711200354074, 0.05313836489635456),
        ),
    ];
    for ((x1, n1, x2, n2), (lower, upper), (p, p_yates)) in peers {
        let d = diff(x1, n1, x2, n2, ShareMethod::Wilson);
        bounds(d.interval(), 100.0 * lower, 100.0 * upper, 1e-9);
        close(d.p_value(), p, 1e-9);
        let corrected = diff(x1, n1, x2, n2, ShareMethod::WilsonCorrected);
        close(corrected.p_value(), p_yates, 1e-9);
    }
    // 41/50 against 30/48 is significant uncorrected and not with Yates' correction.
    assert!(diff(41, 50, 30, 48, ShareMethod::Wilson).is_significant(ninety_five));
    assert!(!diff(41, 50, 30, 48, ShareMethod::WilsonCorrected).is_significant(ninety_five));
}

/// statsmodels `multipletests(p, method="holm")`.
#[test]
fn holm_matches_statsmodels() {
    let adjusted = holm(&[0.01, 0.04, 0.03, 0.005, 0.20, 0.012]).unwrap();
    let expected = [0.05, 0.09, 0.09, 0.03, 0.2, 0.05];
    assert_eq!(adjusted.len(), expected.len());
    for (got, want) in adjusted.iter().zip(expected) {
        close(*got, want, 1e-12);
    }
}

// ---- kappa ----

const A: [i64; 20] = [1, 2, 3, 4, 5, 3, 4, 2, 5, 4, 3, 3, 2, 1, 4, 5, 3, 2, 4, 3];
const B: [i64; 20] = [1, 2, 4, 4, 5, 3, 3, 2, 4, 4, 3, 2, 2, 2, 4, 5, 4, 2, 5, 3];

/// statsmodels `cohens_kappa(table, wt=...)`: kappa, `std_kappa` (Fleiss, Cohen and Everitt's
/// asymptotic standard error) and the 95% bounds, from labels and from the same table.
#[test]
fn kappa_standard_errors_match_statsmodels() {
    let table = {
        let mut t = [[0u64; 5]; 5];
        for (&a, &b) in A.iter().zip(&B) {
            t[(a - 1) as usize][(b - 1) as usize] += 1;
        }
        t
    };
    let cases = [
        (
            Weighting::Unweighted,
            0.54983922829582,
            0.13637418093921155,
            0.28255074523381657,
            0.8171277113578235,
        ),
        (
            Weighting::Linear,
            0.7358490566037736,
            0.08747843417657845,
            0.5643944761937221,
            0.9073036370138252,
        ),
        (
            Weighting::Quadratic,
            0.8745519713261649,
            0.04769530192276325,
            0.7810708973257849,
            0.9680330453265449,
        ),
    ];
    for (weighting, kappa, se, lower, upper) in cases {
        let options = KappaOptions::default().with_weighting(weighting);
        for k in [
            Kappa::from_labels(&A, &B, &options).unwrap(),
            Kappa::from_table(&table, &options).unwrap(),
        ] {
            close(k.value(), kappa, 1e-12);
            close(k.standard_error(), se, 1e-12);
            bounds(k.interval(), lower, upper, 1e-9);
            assert_eq!(k.subjects(), 20);
        }
    }
}

/// Fleiss, Cohen and Everitt (1969), "Large sample standard errors of kappa and weighted
/// kappa", Psychological Bulletin 72(5): the diagnoses table (proportions as counts of 100),
/// unweighted kappa 0.429; statsmodels `cohens_kappa` for the standard error.
#[test]
fn kappa_of_the_fleiss_cohen_everitt_table() {
    let table = [[53, 5, 2], [11, 14, 5], [1, 6, 3]];
    let k = Kappa::from_table(&table, &KappaOptions::default()).unwrap();
    assert_eq!(format!("{:.3}", k.value()), "0.429");
    close(k.value(), 0.4285714285714285, 1e-12);
    close(k.standard_error(), 0.0759588315346638, 1e-12);
    close(k.observed_agreement(), 0.70, 1e-12);
    close(k.chance_agreement(), 0.475, 1e-12);
}

/// Labels 1, 2, 4 and 5 (3 unused): scikit-learn `cohen_kappa_score(weights=...)` counts
/// positions among the labels used (the default), and with `labels=[1, 2, 3, 4, 5]` positions
/// over that list; statsmodels `cohens_kappa(table, weights=[1, 2, 4, 5], wt=...)` uses the values
/// themselves, which here equals positions over 1..5.
#[test]
fn weighted_kappa_offers_the_peers_convention_and_the_value_distance() {
    let c = [1, 2, 4, 5, 4, 2, 1, 5, 4, 2, 1, 4, 5, 2, 4];
    let d = [1, 2, 5, 5, 4, 1, 2, 4, 4, 2, 1, 5, 5, 2, 4];
    let cases = [
        (
            Weighting::Linear,
            0.7169811320754718,
            0.8010610079575597,
            0.0728053625886152,
        ),
        (
            Weighting::Quadratic,
            0.8502994011976048,
            0.92725509214355,
            0.027540017500069056,
        ),
    ];
    for (weighting, positions, values, values_se) in cases {
        let options = KappaOptions::default().with_weighting(weighting);
        let default = Kappa::from_labels(&c, &d, &options).unwrap();
        close(default.value(), positions, 1e-12);
        let listed =
            Kappa::from_labels(&c, &d, &options.clone().try_with_categories(1..=5).unwrap())
                .unwrap();
        close(listed.value(), values, 1e-12);
        let by_value =
            Kappa::from_labels(&c, &d, &options.clone().with_distance(Distance::Value)).unwrap();
        close(by_value.value(), values, 1e-12);
        close(by_value.standard_error(), values_se, 1e-12);
    }
}

// ---- calibration ----

/// A calibration session of a calibrator ("lead") and three reviewers on four calls; per item
/// the reviewers' answers pooled against the lead's, N/A pairs left out. Agreement and
/// deviations by numpy, kappa by scikit-learn `cohen_kappa_score`, its standard error by
/// statsmodels `cohens_kappa`.
#[test]
fn calibration_matches_the_peers() {
    let n = None;
    let s = Some;
    let session: [(&str, &str, [Option<f64>; 4]); 12] = [
        ("greeting", "lead", [s(1.0), s(1.0), s(0.0), s(1.0)]),
        ("greeting", "ana", [s(1.0), s(1.0), s(0.0), s(1.0)]),
        ("greeting", "ben", [s(1.0), s(0.0), s(0.0), s(1.0)]),
        ("greeting", "cy", [s(1.0), s(1.0), s(1.0), s(1.0)]),
        ("verification", "lead", [s(2.0), n, s(1.0), s(2.0)]),
        ("verification", "ana", [s(2.0), s(1.0), s(1.0), s(2.0)]),
        ("verification", "ben", [s(2.0), n, s(2.0), s(2.0)]),
        ("verification", "cy", [s(1.0), n, s(1.0), n]),
        ("resolution", "lead", [s(4.0), s(3.0), s(5.0), s(2.0)]),
        ("resolution", "ana", [s(4.0), s(3.0), s(4.0), s(2.0)]),
        ("resolution", "ben", [s(5.0), s(4.0), s(5.0), s(3.0)]),
        ("resolution", "cy", [s(3.0), s(3.0), s(4.0), s(2.0)]),
    ];
    let mut calibration = Calibration::new();
    for (item, reviewer, answers) in session {
        for (call, answer) in ["call-1", "call-2", "call-3", "call-4"]
            .into_iter()
            .zip(answers)
        {
            calibration.add(call, item, reviewer, answer).unwrap();
        }
    }
    let options =
        CalibrationOptions::default().with_reference(Reference::Calibrator("lead".into()));
    let report = calibration.evaluate(&options).unwrap();
    let expected = [
        (
            "greeting",
            12,
            0,
            83.33333333333334,
            0.5555555555555556,
            0.2782574733230776,
        ),
        (
            "verification",
            8,
            4,
            75.0,
            0.4666666666666667,
            0.3227046197452684,
        ),
        (
            "resolution",
            12,
            0,
            50.0,
            0.33333333333333337,
            0.19363440915256938,
        ),
    ];
    assert_eq!(report.items().len(), expected.len());
    for (item, (name, pairs, not_applicable, agreement, kappa, se)) in
        report.items().iter().zip(expected)
    {
        assert_eq!(item.item(), name);
        assert_eq!(
            (item.agreement().pairs(), item.agreement().not_applicable()),
            (pairs, not_applicable)
        );
        close(item.agreement().percent().unwrap(), agreement, 1e-12);
        let k = item.kappa().kappa().unwrap();
        close(k.value(), kappa, 1e-12);
        close(k.standard_error(), se, 1e-12);
    }
    // Verification: ana answered call 2, which the lead marked N/A; cy left two N/A, one of
    // which the lead answered (call 4).
    let verification = &report.items()[1];
    assert_eq!(verification.agreement().applicability_disagreements(), 2);

    let drift = [
        ("ana", -0.09090909090909091, 0.09090909090909091),
        ("ben", 0.2727272727272727, 0.45454545454545453),
        ("cy", -0.2, 0.4),
    ];
    assert_eq!(report.reviewers().len(), drift.len());
    for (reviewer, (name, signed, absolute)) in report.reviewers().iter().zip(drift) {
        assert_eq!(reviewer.reviewer(), name);
        let drift = reviewer.agreement();
        close(drift.mean_signed_deviation().unwrap(), signed, 1e-12);
        close(drift.mean_absolute_deviation().unwrap(), absolute, 1e-12);
    }
    assert!(matches!(
        report.items()[0].kappa(),
        KappaOutcome::Estimated(_)
    ));
}

// ---- intraclass correlation ----

/// Shrout and Fleiss (1979), "Intraclass correlations: uses in assessing rater reliability",
/// Psychological Bulletin 86(2), Table 2 and the values printed in the text (two decimals), and
/// pingouin `intraclass_corr` for every form's value, F, degrees of freedom, p-value and 95%
/// interval.
#[test]
fn icc_matches_shrout_fleiss_and_pingouin() {
    let ratings = [
        [9.0, 2.0, 5.0, 8.0],
        [6.0, 1.0, 3.0, 2.0],
        [8.0, 4.0, 6.0, 8.0],
        [7.0, 1.0, 2.0, 6.0],
        [10.0, 5.0, 6.0, 9.0],
        [6.0, 2.0, 4.0, 7.0],
    ];
    let icc = intraclass_correlation(&ratings, Level::NINETY_FIVE).unwrap();
    assert_eq!((icc.targets(), icc.raters()), (6, 4));
    let published = [
        (IccForm::OneWaySingle, "0.17"),
        (IccForm::AgreementSingle, "0.29"),
        (IccForm::ConsistencySingle, "0.71"),
        (IccForm::OneWayAverage, "0.44"),
        (IccForm::AgreementAverage, "0.62"),
        (IccForm::ConsistencyAverage, "0.91"),
    ];
    for (form, text) in published {
        assert_eq!(format!("{:.2}", icc.get(form).value()), text, "{form}");
    }
    let pingouin = [
        (
            IccForm::OneWaySingle,
            0.1657417684054755,
            1.7946784922394683,
            18.0,
            0.16476880834463953,
            -0.13293232487475096,
            0.722560062328121,
        ),
        (
            IccForm::AgreementSingle,
            0.28976377952755916,
            11.027247956403299,
            15.0,
            0.000134566516484335,
            0.018786513374712058,
            0.7610843696489527,
        ),
        (
            IccForm::ConsistencySingle,
            0.7148407148407154,
            11.027247956403299,
            15.0,
            0.000134566516484335,
            0.34246476503392614,
            0.9458582599553597,
        ),
        (
            IccForm::OneWayAverage,
            0.44279713367926876,
            1.7946784922394683,
            18.0,
            0.16476880834463953,
            -0.8844421552381196,
            0.9124154203407755,
        ),
        (
            IccForm::AgreementAverage,
            0.6200505475989893,
            11.027247956403299,
            15.0,
            0.000134566516484335,
            0.07113681530250353,
            0.9272320401677219,
        ),
        (
            IccForm::ConsistencyAverage,
            0.9093155423770697,
            11.027247956403299,
            15.0,
            0.000134566516484335,
            0.6756747138163055,
            0.9858916781690623,
        ),
    ];
    check_icc(&icc, &pingouin);
}

/// pingouin `intraclass_corr` on eight calls scored 0-100 by three reviewers.
#[test]
fn icc_of_a_qa_panel_matches_pingouin() {
    let ratings = [
        [78.0, 82.0, 75.0],
        [64.0, 70.0, 61.0],
        [90.0, 88.0, 93.0],
        [55.0, 63.0, 58.0],
        [82.0, 80.0, 86.0],
        [71.0, 79.0, 70.0],
        [68.0, 66.0, 72.0],
        [85.0, 91.0, 84.0],
    ];
    let icc = intraclass_correlation(&ratings, Level::NINETY_FIVE).unwrap();
    let pingouin = [
        (
            IccForm::OneWaySingle,
            0.8916458001365812,
            25.686974789916054,
            16.0,
            1.4619159044190141e-07,
            0.699360554350035,
            0.9747243363334077,
        ),
        (
            IccForm::AgreementSingle,
            0.8919998184870902,
            28.250924214417868,
            14.0,
            3.2189842468599244e-07,
            0.6982229711429792,
            0.9748408113515931,
        ),
        (
            IccForm::ConsistencySingle,
            0.9008294761926589,
            28.250924214417868,
            14.0,
            3.2189842468599244e-07,
            0.7103807528556944,
            0.9772458213898656,
        ),
        (
            IccForm::OneWayAverage,
            0.9610697636378508,
            25.686974789916054,
            16.0,
            1.4619159044190141e-07,
            0.8746667778260853,
            0.9914303768359058,
        ),
        (
            IccForm::AgreementAverage,
            0.9612068262946001,
            28.250924214417868,
            14.0,
            3.2189842468599244e-07,
            0.8740730915177009,
            0.9914705409374487,
        ),
        (
            IccForm::ConsistencyAverage,
            0.9646029279463484,
            28.250924214417868,
            14.0,
            3.2189842468599244e-07,
            0.8803602723932132,
            0.9922984454311313,
        ),
    ];
    check_icc(&icc, &pingouin);
}

#[track_caller]
fn check_icc(
    icc: &service_quality::reliability::Icc,
    expected: &[(IccForm, f64, f64, f64, f64, f64, f64)],
) {
    for &(form, value, f, df2, p, lower, upper) in expected {
        let e = icc.get(form);
        assert_eq!(e.form(), form);
        close(e.value(), value, 1e-12);
        close(e.f_statistic(), f, 1e-9);
        close(e.degrees_of_freedom().1, df2, 1e-12);
        close(e.p_value(), p, 1e-9);
        bounds(e.interval(), lower, upper, 1e-9);
    }
}

// ---- Cronbach's alpha ----

/// Feldt's interval as pingouin `cronbach_alpha` computes it (its output is rounded to 3
/// decimals, so `peers.py` evaluates the same formula with scipy's F quantiles).
#[test]
fn feldt_interval_matches_pingouin_formula() {
    let a = cronbach_alpha(&crate::common::ten_respondents_four_items()).unwrap();
    bounds(
        a.interval(Level::NINETY_FIVE),
        0.6607031483829713,
        0.964020094581104,
        1e-9,
    );
    bounds(
        a.interval(level(0.9)),
        0.709804472186164,
        0.95522129475876,
        1e-9,
    );
    // pingouin's rounded output for this table: [0.661, 0.964].
    let ci = a.interval(Level::NINETY_FIVE);
    assert_eq!(
        format!("{:.3} {:.3}", ci.lower(), ci.upper()),
        "0.661 0.964"
    );
}

/// pingouin `cronbach_alpha(nan_policy="pairwise")` and `(nan_policy="listwise")` with four
/// answers missing; Feldt's interval with every respondent (pairwise, as pingouin counts) or the
/// complete ones (listwise).
#[test]
fn alpha_with_missing_answers_matches_pingouin() {
    let mut rows: Vec<Vec<Option<f64>>> = crate::common::ten_respondents_four_items()
        .iter()
        .map(|row| row.iter().copied().map(Some).collect())
        .collect();
    for (row, col) in [(1, 1), (4, 3), (6, 0), (8, 2)] {
        rows[row][col] = None;
    }
    let pairwise = cronbach_alpha_with_missing(&rows, Missing::Pairwise).unwrap();
    close(pairwise.alpha(), 0.9118279569892472, 1e-12);
    assert_eq!(pairwise.respondents(), 10);
    bounds(
        pairwise.interval(Level::NINETY_FIVE),
        0.768032087946591,
        0.9754015296749027,
        1e-9,
    );
    let without = [
        0.8655442804428046,
        0.8509090909090908,
        0.8613356018715439,
        0.9553538347536124,
    ];
    for (got, want) in pairwise.if_deleted().iter().zip(without) {
        close(got.unwrap(), want, 1e-12);
    }
    // Covariances from different respondents need not fit together: pingouin's pairwise alpha
    // of this table is above 1, and so is ours.
    let patchy = [
        [Some(0.0), None],
        [Some(1.0), Some(1.0)],
        [Some(0.0), Some(0.0)],
    ];
    let above = cronbach_alpha_with_missing(&patchy, Missing::Pairwise).unwrap();
    close(above.alpha(), 1.0909090909090908, 1e-12);
    assert!(above.interval(Level::NINETY_FIVE).contains(above.alpha()));

    let listwise = cronbach_alpha_with_missing(&rows, Missing::Listwise).unwrap();
    close(listwise.alpha(), 0.9285714285714285, 1e-12);
    assert_eq!(listwise.respondents(), 6);
    bounds(
        listwise.interval(Level::NINETY_FIVE),
        0.7445417607657812,
        0.9888874312086795,
        1e-9,
    );
}

// ---- key drivers ----

const OUTCOME: [f64; 16] = [
    9.0, 7.0, 10.0, 4.0, 8.0, 6.0, 9.0, 3.0, 10.0, 7.0, 5.0, 8.0, 9.0, 6.0, 2.0, 8.0,
];

fn driver_items() -> [(&'static str, [f64; 16]); 4] {
    [
        (
            "resolution",
            [
                5.0, 4.0, 5.0, 2.0, 4.0, 3.0, 5.0, 1.0, 5.0, 4.0, 3.0, 4.0, 4.0, 3.0, 1.0, 4.0,
            ],
        ),
        (
            "tone",
            [
                4.0, 4.0, 5.0, 3.0, 4.0, 4.0, 4.0, 2.0, 5.0, 3.0, 3.0, 5.0, 4.0, 4.0, 2.0, 3.0,
            ],
        ),
        (
            "speed",
            [
                3.0, 4.0, 4.0, 3.0, 5.0, 2.0, 3.0, 2.0, 4.0, 4.0, 2.0, 3.0, 5.0, 3.0, 3.0, 4.0,
            ],
        ),
        (
            "ownership",
            [
                5.0, 3.0, 4.0, 2.0, 4.0, 3.0, 5.0, 2.0, 5.0, 3.0, 2.0, 4.0, 4.0, 2.0, 1.0, 4.0,
            ],
        ),
    ]
}

/// scipy `pearsonr(...).confidence_interval(0.95)` (Fisher z) and `spearmanr` with Bonett and
/// Wright's variance; the Shapley shares of R² by fitting every subset with numpy's `lstsq` in
/// `peers.py` (an independent method: least squares on the data, not the correlation matrix).
#[test]
fn key_drivers_match_the_peers() {
    let items = driver_items();
    let analysis = key_drivers(&OUTCOME, &items, Level::NINETY_FIVE).unwrap();
    close(analysis.r_squared(), 0.9789815012696225, 1e-12);
    assert_eq!(analysis.respondents(), 16);
    let expected = [
        (
            "resolution",
            0.3485590230075054,
            (0.9694597312177113, 0.9120595223216836, 0.9895977004257955),
            (0.9550109603912719, 0.8425594584019573, 0.9876812475469894),
        ),
        (
            "ownership",
            0.30199261726393717,
            (0.9267670503489835, 0.7973814369231879, 0.9746944627910864),
            (0.9315476945632651, 0.7694750818841266, 0.9809034388901615),
        ),
        (
            "tone",
            0.2245217673573853,
            (0.8298335810550482, 0.567620680862908, 0.9391973358655039),
            (0.7794197025123203, 0.3996250645583608, 0.9308312197945914),
        ),
        (
            "speed",
            0.10390809364079454,
            (0.582644712538439, 0.1222466796642262, 0.836695556836792),
            (0.5939125956498292, 0.09382583552053275, 0.8546830615072614),
        ),
    ];
    // Ranked by Shapley share.
    assert_eq!(analysis.drivers().len(), expected.len());
    for (driver, (name, shapley, (r, r_lo, r_hi), (rho, rho_lo, rho_hi))) in
        analysis.drivers().iter().zip(expected)
    {
        assert_eq!(driver.name(), name);
        close(driver.shapley(), shapley, 1e-12);
        close(
            driver.share().unwrap(),
            100.0 * shapley / 0.9789815012696225,
            1e-9,
        );
        close(driver.pearson().estimate(), r, 1e-12);
        bounds(driver.pearson(), r_lo, r_hi, 1e-9);
        close(driver.spearman().estimate(), rho, 1e-12);
        bounds(driver.spearman(), rho_lo, rho_hi, 1e-9);
    }
    // The building blocks give the same numbers.
    let (name, resolution) = items[0];
    assert_eq!(name, "resolution");
    close(
        pearson(&resolution, &OUTCOME, Level::NINETY_FIVE)
            .unwrap()
            .lower(),
        0.9120595223216836,
        1e-9,
    );
    close(
        spearman(&resolution, &OUTCOME, Level::NINETY_FIVE)
            .unwrap()
            .upper(),
        0.9876812475469894,
        1e-9,
    );
}

// ---- results serialise for reports and stores ----

/// Results serialise (they are derived, so they do not deserialise: store the inputs).
#[cfg(feature = "serde")]
#[test]
fn decision_results_serialise() {
    let d = compare::shares(
        Share::new(56, 70).unwrap(),
        Share::new(48, 80).unwrap(),
        ShareMethod::Wilson,
        Level::NINETY_FIVE,
    );
    let json: serde_json::Value = serde_json::to_value(d).unwrap();
    assert_eq!(
        json["interval"]["estimate"],
        serde_json::json!(d.difference())
    );
    assert_eq!(json["interval"]["level"], serde_json::json!(0.95));
    assert_eq!(json["p_value"], serde_json::json!(d.p_value()));

    let mut session = Calibration::new();
    for (reviewer, answer) in [("lead", Some(1.0)), ("ana", Some(1.0)), ("ben", None)] {
        session.add("call-1", "greeting", reviewer, answer).unwrap();
    }
    let report = session
        .evaluate(
            &CalibrationOptions::default().with_reference(Reference::Calibrator("lead".into())),
        )
        .unwrap();
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["reference"], serde_json::json!({"Calibrator": "lead"}));
    assert_eq!(json["items"][0]["kappa"], serde_json::json!("OneCategory"));
    assert_eq!(json["items"][0]["agreement"]["pairs"], serde_json::json!(1));
    assert_eq!(
        json["reviewers"][1]["agreement"]["mean_signed_deviation"],
        serde_json::Value::Null
    );
}
