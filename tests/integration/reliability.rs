//! Reliability statistics: Cohen's and Fleiss' kappa (with standard errors and weightings),
//! Cronbach's alpha (with Feldt's interval and missing answers), Krippendorff's alpha, intraclass
//! correlation and calibration sessions.
//!
//! Known answers come from published worked examples where they exist, and otherwise from the
//! peers (scikit-learn, statsmodels, pingouin, the krippendorff package, scipy) run by
//! `tests/reference/peers.py` on the data in the tests, with its output recorded in
//! `tests/reference/peers.out` (CI does not need Python); each test names the peer call. Peer
//! values are matched to 1e-9 unless a comment says otherwise; published ones to their printed
//! digits.

use crate::common::assert_close;

use service_quality::Error;
use service_quality::reliability::{Measurement, cronbach_alpha, fleiss_kappa, krippendorff_alpha};

#[test]
fn cronbach_alpha_needs_two_items_and_two_respondents() {
    let needs = "Cronbach's alpha is undefined: it needs at least two items and two respondents";
    let one_item = [[1.0], [2.0], [3.0], [5.0]];
    assert_eq!(cronbach_alpha(&one_item).unwrap_err().to_string(), needs);
    let one_respondent = [[1.0, 2.0, 3.0]];
    assert_eq!(
        cronbach_alpha(&one_respondent).unwrap_err().to_string(),
        needs
    );
}

/// The smallest tables alpha is defined on, and the messages just below them, for complete
/// answers and for both ways of handling missing ones.
#[test]
fn alpha_is_defined_from_two_items_and_two_respondents_however_answers_are_missing() {
    use service_quality::reliability::{Missing, cronbach_alpha_with_missing};
    let needs = "Cronbach's alpha is undefined: it needs at least two items and two respondents";
    // Two items, two respondents: (2 / 1) × (1 − (0.5 + 0.5) / 2) = 1.
    assert_close(
        cronbach_alpha(&[[1.0, 2.0], [2.0, 3.0]]).unwrap().alpha(),
        1.0,
    );
    let two = [[Some(1.0), Some(2.0)], [Some(2.0), Some(3.0)]];
    for missing in [Missing::Pairwise, Missing::Listwise] {
        assert_close(
            cronbach_alpha_with_missing(&two, missing).unwrap().alpha(),
            1.0,
        );
        let one_item = [[Some(1.0)], [Some(2.0)], [Some(4.0)]];
        let one_respondent = [[Some(1.0), Some(2.0), Some(3.0)]];
        for rows in [&one_item[..], &[[Some(1.0)]][..]] {
            assert_eq!(
                cronbach_alpha_with_missing(rows, missing)
                    .unwrap_err()
                    .to_string(),
                needs,
                "{missing:?}"
            );
        }
        assert_eq!(
            cronbach_alpha_with_missing(&one_respondent, missing)
                .unwrap_err()
                .to_string(),
            needs,
            "{missing:?}"
        );
    }
    // Listwise: enough rows and items, but only one respondent answered them all.
    let patchy = [[Some(1.0), Some(2.0)], [None, Some(3.0)], [Some(4.0), None]];
    assert_eq!(
        cronbach_alpha_with_missing(&patchy, Missing::Listwise)
            .unwrap_err()
            .to_string(),
        "Cronbach's alpha is undefined: fewer than two respondents answered every item"
    );
}

/// The ICC is defined from two targets and two raters, and says what it needs below that.
#[test]
fn icc_needs_two_targets_and_two_raters() {
    use service_quality::metrics::Level;
    use service_quality::reliability::intraclass_correlation;
    let needs = "intraclass correlation is undefined: it needs at least two targets and two raters";
    let error = |ratings: &[Vec<f64>]| {
        intraclass_correlation(ratings, Level::default())
            .unwrap_err()
            .to_string()
    };
    assert!(intraclass_correlation(&[[1.0, 2.0], [3.0, 5.0]], Level::default()).is_ok());
    // One target with two or three raters; three targets with one rater; one of one.
    assert_eq!(error(&[vec![1.0, 2.0]]), needs);
    assert_eq!(error(&[vec![1.0, 2.0, 3.0]]), needs);
    assert_eq!(error(&[vec![1.0], vec![2.0], vec![4.0]]), needs);
    assert_eq!(error(&[vec![1.0]]), needs);
}

/// Raters who agree exactly up to a constant offset leave no residual variation, however large
/// the offset: here the raters' means differ far more than the targets' (column sum of squares
/// 150 against 4), and the ICC is still refused rather than computed from a zero error term.
#[test]
fn icc_refuses_raters_who_differ_only_by_an_offset_larger_than_the_targets_spread() {
    use service_quality::metrics::Level;
    use service_quality::reliability::intraclass_correlation;
    let offset = [[1.0, 11.0], [2.0, 12.0], [3.0, 13.0]];
    let err = intraclass_correlation(&offset, Level::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "intraclass correlation is undefined: the ratings have no residual variation (the raters \
         agree exactly, up to a constant offset)"
    );
}

#[test]
fn krippendorff_edges_follow_the_definition() {
    let alpha = |data: &[[Option<f64>; 2]], m| krippendorff_alpha(data, m);
    // −0 and +0 are one value: two coders agreeing on both units.
    let zeros = [[Some(0.0), Some(1.0)], [Some(-0.0), Some(1.0)]];
    assert_close(alpha(&zeros, Measurement::Nominal).unwrap(), 1.0);
    // Ratio data must not be negative; zero is allowed, and interval data may be negative.
    let negative = [[Some(-1.0), Some(2.0)], [Some(-1.0), Some(3.0)]];
    assert!(matches!(
        alpha(&negative, Measurement::Ratio),
        Err(Error::ValueOutOfRange { .. })
    ));
    assert!(alpha(&negative, Measurement::Interval).is_ok());
    let with_zero = [[Some(0.0), Some(2.0)], [Some(0.0), Some(3.0)]];
    assert!(alpha(&with_zero, Measurement::Ratio).is_ok());
    // Two pairable values are enough; none is not.
    let two = [[Some(1.0), None], [Some(2.0), None]];
    assert!(alpha(&two, Measurement::Interval).is_ok());
    let lonely = [[Some(1.0), None], [None, Some(2.0)]];
    assert_eq!(
        alpha(&lonely, Measurement::Interval)
            .unwrap_err()
            .to_string(),
        "Krippendorff's alpha is undefined: fewer than two values are pairable"
    );
}

#[test]
fn fleiss_kappa_works_from_two_raters() {
    // Two raters, three subjects, agreeing on the first two: P̄ = (1 + 1 + 0) / 3, both
    // categories hold half the ratings so P̄ₑ = 1/2, and κ = (2/3 − 1/2) / (1/2) = 1/3.
    assert_close(fleiss_kappa(&[[2, 0], [0, 2], [1, 1]]).unwrap(), 1.0 / 3.0);
    assert!(matches!(
        fleiss_kappa(&[[1, 0], [0, 1]]),
        Err(Error::Degenerate { .. })
    ));
}

#[test]
fn a_tiny_but_real_rest_variance_is_kept_when_an_item_is_dropped() {
    // Items 2 and 3 nearly cancel: without item 1 the total varies by about 1e-5 only. That is
    // real variation, not rounding, so alpha without item 1 exists (and is hugely negative).
    let rows: Vec<[f64; 3]> = [1.0, 2.0, 3.0, 4.0, 5.0, 2.0, 4.0]
        .iter()
        .enumerate()
        .map(|(i, &x)| {
            let a = f64::from(u8::try_from(i % 3).unwrap()) + 1.0;
            let wobble = if i % 2 == 0 { 1e-5 } else { -1e-5 };
            [x, a, 5.0 - a + wobble]
        })
        .collect();
    let a = cronbach_alpha(&rows).unwrap();
    let without_first = a.if_deleted()[0].expect("the rest still varies");
    assert!(
        without_first.is_finite() && without_first < -1e6,
        "{without_first}"
    );
}

/// Fleiss (1971): 10 subjects, 14 raters, 5 categories (as tabulated in many textbooks).
pub(crate) const FLEISS_TEXTBOOK: [[u64; 5]; 10] = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
];

mod known_answers {
    use crate::common::{bounds, close, level};

    use service_quality::metrics::Level;
    use service_quality::reliability::{
        Calibration, CalibrationOptions, Distance, IccForm, Kappa, KappaOptions, KappaOutcome,
        Measurement, Missing, Reference, Weighting, cohen_kappa, cronbach_alpha,
        cronbach_alpha_with_missing, fleiss_kappa, intraclass_correlation, krippendorff_alpha,
    };

    // ---- Cohen's kappa ----

    const A: [i64; 20] = [1, 2, 3, 4, 5, 3, 4, 2, 5, 4, 3, 3, 2, 1, 4, 5, 3, 2, 4, 3];

    const B: [i64; 20] = [1, 2, 4, 4, 5, 3, 3, 2, 4, 4, 3, 2, 2, 2, 4, 5, 4, 2, 5, 3];

    /// scikit-learn 1.x `cohen_kappa_score(A, B)` with weights None, "linear" and "quadratic".
    #[test]
    fn cohen_kappa_matches_scikit_learn() {
        close(
            cohen_kappa(&A, &B, Weighting::Unweighted).unwrap(),
            0.54983922829582,
            1e-12,
        );
        close(
            cohen_kappa(&A, &B, Weighting::Linear).unwrap(),
            0.7358490566037736,
            1e-12,
        );
        close(
            cohen_kappa(&A, &B, Weighting::Quadratic).unwrap(),
            0.8745519713261649,
            1e-12,
        );
    }

    /// The textbook two-reader example: 50 grant proposals, 20 yes/yes, 5 yes/no, 10 no/yes,
    /// 15 no/no; pₒ = 0.7, pₑ = 0.5, κ = 0.4.
    #[test]
    fn cohen_kappa_textbook_example() {
        let a: Vec<i64> = [vec![1; 25], vec![0; 25]].concat();
        let b: Vec<i64> = [vec![1; 20], vec![0; 5], vec![1; 10], vec![0; 15]].concat();
        close(
            cohen_kappa(&a, &b, Weighting::Unweighted).unwrap(),
            0.4,
            1e-12,
        );
    }

    #[test]
    fn cohen_kappa_is_symmetric_and_perfect_agreement_is_one() {
        for w in [
            Weighting::Unweighted,
            Weighting::Linear,
            Weighting::Quadratic,
        ] {
            close(
                cohen_kappa(&A, &B, w).unwrap(),
                cohen_kappa(&B, &A, w).unwrap(),
                1e-12,
            );
            close(cohen_kappa(&A, &A, w).unwrap(), 1.0, 1e-12);
        }
    }

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
                Kappa::from_labels(&c, &d, &options.clone().with_distance(Distance::Value))
                    .unwrap();
            close(by_value.value(), values, 1e-12);
            close(by_value.standard_error(), values_se, 1e-12);
        }
    }

    // ---- Fleiss' kappa ----

    /// Fleiss (1971): 10 subjects, 14 raters, 5 categories; published κ = 0.210. statsmodels
    /// `fleiss_kappa` gives 0.20993070442195522.
    #[test]
    fn fleiss_kappa_textbook_table() {
        let kappa = fleiss_kappa(&super::FLEISS_TEXTBOOK).unwrap();
        close(kappa, 0.20993070442195522, 1e-12);
        assert_eq!(format!("{kappa:.3}"), "0.210");
    }

    /// statsmodels `fleiss_kappa` on 6 calls banded by 4 assessors.
    #[test]
    fn fleiss_kappa_matches_statsmodels() {
        let table = [
            [0, 1, 3, 0],
            [0, 0, 1, 3],
            [2, 2, 0, 0],
            [0, 0, 4, 0],
            [1, 2, 1, 0],
            [0, 0, 0, 4],
        ];
        close(fleiss_kappa(&table).unwrap(), 0.4174757281553397, 1e-12);
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
        // All six, in the order of the forms, each under Shrout and Fleiss's name.
        let names: Vec<(IccForm, &str)> = icc
            .estimates()
            .iter()
            .map(|e| (e.form(), e.form().shrout_fleiss()))
            .collect();
        assert_eq!(
            names,
            [
                (IccForm::OneWaySingle, "ICC(1,1)"),
                (IccForm::AgreementSingle, "ICC(2,1)"),
                (IccForm::ConsistencySingle, "ICC(3,1)"),
                (IccForm::OneWayAverage, "ICC(1,k)"),
                (IccForm::AgreementAverage, "ICC(2,k)"),
                (IccForm::ConsistencyAverage, "ICC(3,k)"),
            ]
        );
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

    /// pingouin `cronbach_alpha` on 10 respondents × 4 items, and on each item left out.
    #[test]
    fn cronbach_alpha_matches_pingouin() {
        let a = cronbach_alpha(&crate::common::ten_respondents_four_items()).unwrap();
        close(a.alpha(), 0.871031746031746, 1e-12);
        let expected = [
            0.748768472906404,
            0.8292682926829269,
            0.8212499999999998,
            0.9128959276018098,
        ];
        assert_eq!(a.if_deleted().len(), expected.len());
        for (got, want) in a.if_deleted().iter().zip(expected) {
            close(got.unwrap(), want, 1e-12);
        }
        assert_eq!((a.items(), a.respondents()), (4, 10));
    }

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

    // ---- Krippendorff's alpha ----

    /// Krippendorff (2011), "Computing Krippendorff's alpha-reliability": 4 coders, 12 units,
    /// missing values; published nominal 0.743, ordinal 0.815, interval 0.849. The krippendorff
    /// package gives the exact values below (and ratio 0.7974…).
    #[test]
    fn krippendorff_alpha_published_example() {
        let n = None;
        let s = Some;
        let data = [
            [
                s(1.0),
                s(2.0),
                s(3.0),
                s(3.0),
                s(2.0),
                s(1.0),
                s(4.0),
                s(1.0),
                s(2.0),
                n,
                n,
                n,
            ],
            [
                s(1.0),
                s(2.0),
                s(3.0),
                s(3.0),
                s(2.0),
                s(2.0),
                s(4.0),
                s(1.0),
                s(2.0),
                s(5.0),
                n,
                s(3.0),
            ],
            [
                n,
                s(3.0),
                s(3.0),
                s(3.0),
                s(2.0),
                s(3.0),
                s(4.0),
                s(2.0),
                s(2.0),
                s(5.0),
                s(1.0),
                n,
            ],
            [
                s(1.0),
                s(2.0),
                s(3.0),
                s(3.0),
                s(2.0),
                s(4.0),
                s(4.0),
                s(1.0),
                s(2.0),
                s(5.0),
                s(1.0),
                n,
            ],
        ];
        let alpha = |m| krippendorff_alpha(&data, m).unwrap();
        close(alpha(Measurement::Nominal), 0.743421052631579, 1e-12);
        close(alpha(Measurement::Ordinal), 0.8153875037548814, 1e-12);
        close(alpha(Measurement::Interval), 0.8491071428571428, 1e-12);
        close(alpha(Measurement::Ratio), 0.7974027747116121, 1e-12);
        assert_eq!(format!("{:.3}", alpha(Measurement::Nominal)), "0.743");
    }
}

mod properties {
    use crate::common::strategies::level;

    use proptest::prelude::*;
    use service_quality::reliability::{
        Calibration, CalibrationOptions, Distance, IccForm, Kappa, KappaOptions, Measurement,
        Missing, Reference, Weighting, cohen_kappa, cronbach_alpha, cronbach_alpha_with_missing,
        fleiss_kappa, intraclass_correlation, krippendorff_alpha,
    };

    proptest! {
        #![proptest_config(crate::common::cases(500))]

        #[test]
        fn cohen_kappa_is_bounded_symmetric_and_never_nan(
            pairs in proptest::collection::vec((0i64..6, 0i64..6), 1..80),
        ) {
            let (a, b): (Vec<i64>, Vec<i64>) = pairs.into_iter().unzip();
            for w in [Weighting::Unweighted, Weighting::Linear, Weighting::Quadratic] {
                if let Ok(k) = cohen_kappa(&a, &b, w) {
                    prop_assert!(k.is_finite() && (-1.0 - 1e-9..=1.0 + 1e-9).contains(&k), "{}", k);
                    prop_assert!((k - cohen_kappa(&b, &a, w).unwrap()).abs() < 1e-12);
                }
            }
        }

        #[test]
        fn fleiss_kappa_is_at_most_one_and_never_nan(
            rows in proptest::collection::vec(proptest::collection::vec(0u64..4, 3), 1..20),
        ) {
            // Make every subject's row sum to the same number of raters by topping up the last cell.
            let raters = rows.iter().map(|r| r.iter().sum::<u64>()).max().unwrap_or(0).max(2);
            let table: Vec<Vec<u64>> = rows
                .into_iter()
                .map(|mut r| {
                    let short = raters - r.iter().sum::<u64>();
                    r[2] += short;
                    r
                })
                .collect();
            if let Ok(k) = fleiss_kappa(&table) {
                prop_assert!(k.is_finite() && k <= 1.0 + 1e-12);
            }
        }

        #[test]
        fn cronbach_alpha_is_at_most_one_and_never_nan(
            rows in proptest::collection::vec(proptest::collection::vec(1u8..=5, 4), 2..30),
        ) {
            let rows: Vec<Vec<f64>> =
                rows.into_iter().map(|r| r.into_iter().map(f64::from).collect()).collect();
            if let Ok(a) = cronbach_alpha(&rows) {
                prop_assert!(a.alpha().is_finite() && a.alpha() <= 1.0 + 1e-12);
                for d in a.if_deleted().iter().flatten() {
                    prop_assert!(d.is_finite() && *d <= 1.0 + 1e-12);
                }
            }
        }

        #[test]
        fn krippendorff_alpha_is_at_most_one_and_never_nan(
            data in proptest::collection::vec(
                proptest::collection::vec(proptest::option::of(1u8..=5), 8),
                1..6,
            ),
        ) {
            let data: Vec<Vec<Option<f64>>> = data
                .into_iter()
                .map(|r| r.into_iter().map(|v| v.map(f64::from)).collect())
                .collect();
            for m in Measurement::iter() {
                if let Ok(alpha) = krippendorff_alpha(&data, m) {
                    prop_assert!(alpha.is_finite() && alpha <= 1.0 + 1e-12, "{:?} {}", m, alpha);
                }
            }
        }
    }

    proptest! {
        #![proptest_config(crate::common::cases(300))]

        #[test]
        fn kappa_from_labels_and_from_their_table_agree_and_contain_themselves(
            pairs in proptest::collection::vec((0usize..4, 0usize..4), 1..60),
            weighting in prop::sample::select(vec![
                Weighting::Unweighted, Weighting::Linear, Weighting::Quadratic,
            ]),
            level in level(),
        ) {
            let first: Vec<i64> = pairs.iter().map(|p| p.0 as i64).collect();
            let second: Vec<i64> = pairs.iter().map(|p| p.1 as i64).collect();
            let mut table = [[0u64; 4]; 4];
            for &(a, b) in &pairs {
                table[a][b] += 1;
            }
            let options = KappaOptions::default()
                .with_weighting(weighting)
                .with_level(level)
                .try_with_categories(0..4)
                .unwrap();
            match (
                Kappa::from_labels(&first, &second, &options),
                Kappa::from_table(&table, &options),
            ) {
                (Ok(l), Ok(t)) => {
                    prop_assert!((l.value() - t.value()).abs() < 1e-12);
                    prop_assert!((l.standard_error() - t.standard_error()).abs() < 1e-12);
                    prop_assert!(l.interval().contains(l.value()));
                    prop_assert!(-1.0 <= l.interval().lower() && l.interval().upper() <= 1.0);
                    prop_assert!(l.standard_error().is_finite() && l.standard_error() >= 0.0);
                    // The value distance over 0..4 is the position distance.
                    let by_value = Kappa::from_labels(
                        &first, &second, &options.clone().with_distance(Distance::Value),
                    ).unwrap();
                    prop_assert!((by_value.value() - l.value()).abs() < 1e-12);
                }
                (Err(l), Err(t)) => prop_assert_eq!(l, t),
                (l, t) => prop_assert!(false, "labels {l:?}, table {t:?}"),
            }
        }

        #[test]
        fn calibration_counts_every_pair_and_copies_agree_perfectly(
            answers in proptest::collection::vec(
                proptest::option::weighted(0.85, 1i32..=4), 12),
            reviewer_answers in proptest::collection::vec(
                proptest::option::weighted(0.85, 1i32..=4), 24),
        ) {
            // Three calls, four items: the lead answers, two reviewers answer, and a third copies
            // the lead.
            let mut session = Calibration::new();
            let mut lead = answers.iter();
            let mut others = reviewer_answers.iter();
            for call in ["c1", "c2", "c3"] {
                for item in ["greeting", "verification", "resolution", "tone"] {
                    let reference = lead.next().unwrap().map(f64::from);
                    session.add(call, item, "lead", reference).unwrap();
                    session.add(call, item, "copy", reference).unwrap();
                    for reviewer in ["ana", "ben"] {
                        let answer = others.next().unwrap().map(f64::from);
                        session.add(call, item, reviewer, answer).unwrap();
                    }
                }
            }
            let report = session
                .evaluate(&CalibrationOptions::default().with_reference(Reference::Calibrator("lead".into())))
                .unwrap();
            prop_assert_eq!(report.reviewers().len(), 3);
            for reviewer in report.reviewers() {
                // Every answer of a reviewer meets a lead's answer: 12 pairs or N/A pairs each.
                let a = reviewer.agreement();
                prop_assert_eq!(a.pairs() + a.not_applicable(), 12);
                if let Some(a) = a.percent() {
                    prop_assert!((0.0..=100.0).contains(&a));
                }
            }
            let copy = &report.reviewers()[0];
            prop_assert_eq!(copy.reviewer(), "copy");
            let copied = copy.agreement();
            prop_assert_eq!(copied.applicability_disagreements(), 0);
            if copied.pairs() > 0 {
                prop_assert_eq!(copied.percent(), Some(100.0));
                prop_assert_eq!(copied.mean_absolute_deviation(), Some(0.0));
            }
            for item in report.items() {
                let per_reviewer: u64 = item.reviewers().iter().map(|r| r.agreement().pairs()).sum();
                prop_assert_eq!(item.agreement().pairs(), per_reviewer);
                if let Some(k) = item.kappa().kappa() {
                    prop_assert!(k.interval().contains(k.value()) && k.value() <= 1.0);
                }
            }
        }

        #[test]
        fn icc_is_unchanged_by_shifting_scaling_and_reordering_raters(
            rows in proptest::collection::vec(proptest::array::uniform3(0i32..=10), 3..15),
            shift in -50.0f64..50.0,
            scale in 0.5f64..8.0,
            level in level(),
        ) {
            let table: Vec<Vec<f64>> = rows
                .iter()
                .map(|r| r.iter().map(|&v| f64::from(v)).collect())
                .collect();
            if let Ok(icc) = intraclass_correlation(&table, level) {
                let moved: Vec<Vec<f64>> = table
                    .iter()
                    .map(|r| r.iter().rev().map(|v| v * scale + shift).collect())
                    .collect();
                let again = intraclass_correlation(&moved, level).unwrap();
                for form in IccForm::iter() {
                    let (e, f) = (icc.get(form), again.get(form));
                    prop_assert!(e.value() <= 1.0 + 1e-12);
                    prop_assert!(e.interval().contains(e.value()), "{form} {}", e.interval());
                    prop_assert!((0.0..=1.0).contains(&e.p_value()));
                    prop_assert!((e.value() - f.value()).abs() < 1e-9, "{form}");
                }
            }
        }

        #[test]
        fn pairwise_alpha_on_complete_answers_is_alpha_and_contains_itself(
            rows in proptest::collection::vec(proptest::array::uniform4(1i32..=5), 3..30),
            level in level(),
        ) {
            let complete: Vec<Vec<f64>> = rows
                .iter()
                .map(|r| r.iter().map(|&v| f64::from(v)).collect())
                .collect();
            let optional: Vec<Vec<Option<f64>>> = complete
                .iter()
                .map(|r| r.iter().copied().map(Some).collect())
                .collect();
            match (
                cronbach_alpha(&complete),
                cronbach_alpha_with_missing(&optional, Missing::Pairwise),
                cronbach_alpha_with_missing(&optional, Missing::Listwise),
            ) {
                (Ok(a), Ok(p), Ok(l)) => {
                    prop_assert!((a.alpha() - p.alpha()).abs() < 1e-9);
                    prop_assert_eq!(&a, &l);
                    let ci = a.interval(level);
                    prop_assert!(ci.contains(a.alpha()) && ci.upper() <= 1.0);
                }
                (Err(_), Err(_), Err(_)) => {}
                other => prop_assert!(false, "{other:?}"),
            }
        }
    }
}

/// Calibration sessions as the mutation run over `calibration.rs` asked to pin them (TESTING.md):
/// what a session records, the consensus (the lower middle answer; N/A when more than half the
/// answers are N/A), the two zeros as one answer, and the answers a yes/no item could have.
mod calibration_sessions {
    use service_quality::form::{Answer, Answers, Form, Item};
    use service_quality::reliability::{Calibration, CalibrationOptions, KappaOutcome, Reference};

    fn consensus_session(answers: &[(&str, Option<f64>)]) -> Calibration {
        let mut session = Calibration::new();
        for &(reviewer, answer) in answers {
            session.add("call-1", "tone", reviewer, answer).unwrap();
        }
        session
    }

    /// Per reviewer: (pairs, agreeing, not applicable) against the consensus.
    fn against_consensus(session: &Calibration) -> Vec<(String, u64, u64, u64)> {
        let options = CalibrationOptions::default().with_reference(Reference::Consensus);
        let report = session.evaluate(&options).unwrap();
        report
            .reviewers()
            .iter()
            .map(|r| {
                let a = r.agreement();
                (
                    r.reviewer().to_owned(),
                    a.pairs(),
                    a.agreeing(),
                    a.not_applicable(),
                )
            })
            .collect()
    }

    #[test]
    fn a_session_lists_what_it_recorded_in_order_of_first_appearance() {
        let mut session = Calibration::new();
        session.add("call-2", "tone", "lead", Some(4.0)).unwrap();
        session.add("call-1", "pace", "ana", None).unwrap();
        session.add("call-2", "pace", "ana", Some(3.0)).unwrap();
        assert_eq!(session.items(), ["tone", "pace"]);
        assert_eq!(session.subjects(), ["call-2", "call-1"]);
        assert_eq!(session.reviewers(), ["lead", "ana"]);
        assert_eq!(session.answers(), 3);
        assert_eq!(Calibration::new().answers(), 0);
    }

    #[test]
    fn the_consensus_is_the_lower_middle_answer() {
        // 1, 3 and 5: the consensus is 3, so only ben agrees.
        let session =
            consensus_session(&[("ana", Some(1.0)), ("ben", Some(3.0)), ("cho", Some(5.0))]);
        let got = against_consensus(&session);
        assert_eq!(got[0], ("ana".to_owned(), 1, 0, 0));
        assert_eq!(got[1], ("ben".to_owned(), 1, 1, 0));
        assert_eq!(got[2], ("cho".to_owned(), 1, 0, 0));
    }

    #[test]
    fn the_consensus_is_not_applicable_only_when_most_answers_are() {
        // Two of four N/A: not more than half, so the consensus is the lower of 1 and 2.
        let half = consensus_session(&[
            ("ana", Some(1.0)),
            ("ben", Some(2.0)),
            ("cho", None),
            ("dan", None),
        ]);
        assert_eq!(against_consensus(&half)[0], ("ana".to_owned(), 1, 1, 0));
        // Three of five N/A: the consensus is N/A and no pair is compared.
        let most = consensus_session(&[
            ("ana", Some(1.0)),
            ("ben", Some(2.0)),
            ("cho", None),
            ("dan", None),
            ("eve", None),
        ]);
        assert_eq!(against_consensus(&most)[0], ("ana".to_owned(), 0, 0, 1));
    }

    #[test]
    fn a_consensus_needs_two_reviewers_and_takes_any_number_above() {
        let one = consensus_session(&[("ana", Some(1.0))]);
        let options = CalibrationOptions::default().with_reference(Reference::Consensus);
        assert_eq!(
            one.evaluate(&options).unwrap_err().to_string(),
            "consensus calibration is undefined: it needs at least two reviewers"
        );
        let two = consensus_session(&[("ana", Some(2.0)), ("ben", Some(2.0))]);
        assert_eq!(against_consensus(&two).len(), 2);
        let three =
            consensus_session(&[("ana", Some(2.0)), ("ben", Some(2.0)), ("cho", Some(2.0))]);
        assert!(against_consensus(&three).iter().all(|r| r.2 == 1));
    }

    #[test]
    fn minus_zero_and_zero_are_one_answer() {
        let mut session = Calibration::new();
        for call in ["c1", "c2", "c3"] {
            session.add(call, "tone", "lead", Some(-0.0)).unwrap();
            session.add(call, "tone", "ana", Some(0.0)).unwrap();
        }
        let options =
            CalibrationOptions::default().with_reference(Reference::Calibrator("lead".into()));
        let report = session.evaluate(&options).unwrap();
        assert_eq!(report.reviewers()[0].agreement().agreeing(), 3);
        assert_eq!(report.reviewers()[0].agreement().percent(), Some(100.0));
    }

    /// Every reviewer said "yes" on every call: kappa is undefined (one category), AC1 is
    /// defined and perfect.
    #[test]
    fn a_yes_no_item_always_answered_yes_has_ac1_and_no_kappa() {
        let form = Form::builder("calls", 1)
            .item(Item::yes_no("verified").unwrap())
            .build()
            .unwrap();
        let mut session = Calibration::new();
        let yes = Answers::from(vec![Answer::Yes]);
        for call in ["c1", "c2", "c3", "c4"] {
            for reviewer in ["lead", "ana"] {
                session
                    .add_evaluation(call, reviewer, &yes.evaluate(&form).unwrap())
                    .unwrap();
            }
        }
        let options =
            CalibrationOptions::default().with_reference(Reference::Calibrator("lead".into()));
        let report = session.evaluate(&options).unwrap();
        let item = &report.items()[0];
        let ac1 = item.ac1().estimate().map(|e| e.value());
        assert_eq!(
            ac1.map(f64::to_bits),
            Some(1.0_f64.to_bits()),
            "{:?}",
            item.ac1()
        );
        assert_eq!(*item.kappa(), KappaOutcome::OneCategory);
    }
}

mod agreement;
mod bootstrap;
