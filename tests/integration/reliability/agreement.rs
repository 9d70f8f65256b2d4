//! Chance-corrected agreement in Gwet's framework: percent agreement, AC1/AC2, Brennan–Prediger,
//! Fleiss (Scott), Conger (Cohen) and Krippendorff, from labels, counts and contingency tables.
//!
//! Known answers: the worked examples printed in the README of R's irrCAC, Gwet's own package
//! (github.com/kgwet/irrCAC, README.md: `cac.raw4raters`, `distrib.6raters`,
//! `cont3x3abstractors`), matched to every digit printed; the weighted AC2 values of the same
//! raw data from the test suite of the Python port (github.com/afergadis/irrCAC,
//! `test/unit/irrCAC/raw/test_gwet.py`, three decimals); and the crate's own kappa, Fleiss' kappa
//! and Krippendorff's alpha, which are checked against statsmodels and the krippendorff package
//! elsewhere.

use crate::common::assert_close;

use service_quality::Error;
use service_quality::reliability::{
    AgreementOptions, AgreementOutcome, Coefficient, Kappa, KappaOptions, Measurement, Ratings,
    Weighting, fleiss_kappa, krippendorff_alpha,
};

/// Krippendorff's four raters and twelve subjects, as irrCAC's `cac.raw4raters` (rows subjects).
pub(crate) const RAW_4_RATERS: [[Option<i64>; 4]; 12] = [
    [Some(1), Some(1), None, Some(1)],
    [Some(2), Some(2), Some(3), Some(2)],
    [Some(3), Some(3), Some(3), Some(3)],
    [Some(3), Some(3), Some(3), Some(3)],
    [Some(2), Some(2), Some(2), Some(2)],
    [Some(1), Some(2), Some(3), Some(4)],
    [Some(4), Some(4), Some(4), Some(4)],
    [Some(1), Some(1), Some(2), Some(1)],
    [Some(2), Some(2), Some(2), Some(2)],
    [None, Some(5), Some(5), Some(5)],
    [None, None, Some(1), Some(1)],
    [None, None, Some(3), None],
];

/// irrCAC's `distrib.6raters`: 15 patients, 6 psychiatrists, 5 diagnoses (counts).
const DISTRIB_6_RATERS: [[u64; 5]; 15] = [
    [0, 0, 0, 6, 0],
    [0, 3, 0, 0, 3],
    [0, 1, 4, 0, 1],
    [0, 0, 0, 0, 6],
    [0, 3, 0, 3, 0],
    [2, 0, 4, 0, 0],
    [0, 0, 4, 0, 2],
    [2, 0, 3, 1, 0],
    [2, 0, 0, 4, 0],
    [0, 0, 0, 0, 6],
    [1, 0, 0, 5, 0],
    [1, 1, 0, 4, 0],
    [0, 3, 3, 0, 0],
    [1, 0, 0, 5, 0],
    [0, 2, 0, 3, 1],
];

/// irrCAC's `cont3x3abstractors`: two abstractors classify 100 pregnancies.
const ABSTRACTORS: [[u64; 3]; 3] = [[13, 0, 0], [0, 20, 7], [0, 4, 56]];

fn estimate(ratings: &Ratings, which: Coefficient, options: &AgreementOptions) -> f64 {
    ratings
        .coefficient(which, options)
        .unwrap()
        .value()
        .unwrap_or_else(|| panic!("{which} is defined here"))
}

/// Value, standard error and interval bounds, rounded as irrCAC prints them.
fn printed(
    ratings: &Ratings,
    which: Coefficient,
    options: &AgreementOptions,
    digits: usize,
) -> [String; 4] {
    let outcome = ratings.coefficient(which, options).unwrap();
    let e = outcome.estimate().unwrap();
    let interval = e.interval().unwrap();
    [
        format!("{:.digits$}", e.value()),
        format!("{:.digits$}", e.standard_error().unwrap()),
        format!("{:.3}", interval.lower()),
        format!("{:.3}", interval.upper()),
    ]
}

mod known_answers {
    use super::*;

    #[test]
    fn the_raw_example_matches_irrcac_for_every_coefficient() {
        let ratings = Ratings::by_subject(&RAW_4_RATERS).unwrap();
        let options = AgreementOptions::default();
        // irrCAC README: coeff.val, coeff.se (5 decimals), conf.int (3 decimals, R drops a
        // trailing ",1" as "1"), pa and pe.
        for (which, value, se, lower, pa, pe) in [
            (
                Coefficient::PercentAgreement,
                "0.81818",
                "0.12561",
                "0.542",
                "0.8181818",
                "0.0000000",
            ),
            (
                Coefficient::Gwet,
                "0.77544",
                "0.14295",
                "0.461",
                "0.8181818",
                "0.1903212",
            ),
            (
                Coefficient::Fleiss,
                "0.76117",
                "0.15302",
                "0.424",
                "0.8181818",
                "0.2387153",
            ),
            (
                Coefficient::Krippendorff,
                "0.74342",
                "0.14548",
                "0.423",
                "0.8050000",
                "0.2400000",
            ),
            (
                Coefficient::Conger,
                "0.76282",
                "0.14917",
                "0.435",
                "0.8181818",
                "0.2334252",
            ),
            (
                Coefficient::BrennanPrediger,
                "0.77273",
                "0.14472",
                "0.454",
                "0.8181818",
                "0.2000000",
            ),
        ] {
            let got = printed(&ratings, which, &options, 5);
            assert_eq!(
                got,
                [value, se, lower, "1.000"].map(str::to_owned),
                "{which}"
            );
            let outcome = ratings.coefficient(which, &options).unwrap();
            let e = outcome.estimate().unwrap();
            assert_eq!(format!("{:.7}", e.observed_agreement()), pa, "{which}");
            assert_eq!(format!("{:.7}", e.chance_agreement()), pe, "{which}");
            assert_eq!(e.subjects(), 12);
            assert_eq!(e.coefficient(), which);
        }
    }

    #[test]
    fn weighted_ac2_of_the_raw_example_matches_the_python_port() {
        let ratings = Ratings::by_subject(&RAW_4_RATERS).unwrap();
        // afergadis/irrCAC test_gwet.py: pa, pe, coefficient, se, lower bound (3 decimals).
        for (weighting, pa, pe, value, se, lower) in [
            (
                Weighting::Linear,
                "0.939",
                "0.571",
                "0.859",
                "0.117",
                "0.600",
            ),
            (
                Weighting::Ordinal,
                "0.968",
                "0.685",
                "0.899",
                "0.107",
                "0.664",
            ),
            (
                Weighting::Quadratic,
                "0.975",
                "0.714",
                "0.914",
                "0.104",
                "0.685",
            ),
        ] {
            let options = AgreementOptions::default().with_weighting(weighting);
            let outcome = ratings.coefficient(Coefficient::Gwet, &options).unwrap();
            let e = outcome.estimate().unwrap();
            assert!(e.weighted());
            assert_eq!(e.name(), "Gwet's AC2");
            let got = [
                e.observed_agreement(),
                e.chance_agreement(),
                e.value(),
                e.standard_error().unwrap(),
                e.interval().unwrap().lower(),
            ]
            .map(|x| format!("{x:.3}"));
            assert_eq!(
                got,
                [pa, pe, value, se, lower].map(str::to_owned),
                "{weighting}"
            );
        }
    }

    #[test]
    fn the_count_example_matches_irrcac() {
        let ratings = Ratings::from_counts(&DISTRIB_6_RATERS).unwrap();
        let options = AgreementOptions::default();
        // irrCAC README, the `*.dist` functions: coeff, stderr (7 and 8 decimals), conf.int.
        matches_printed(
            &ratings,
            &[
                (
                    Coefficient::Gwet,
                    "0.4448007",
                    "0.08418757",
                    "0.264",
                    "0.625",
                ),
                (
                    Coefficient::Fleiss,
                    "0.4139265",
                    "0.08119291",
                    "0.240",
                    "0.588",
                ),
                (
                    Coefficient::BrennanPrediger,
                    "0.4388889",
                    "0.08312142",
                    "0.261",
                    "0.617",
                ),
            ],
        );
        // Krippendorff's alpha to every digit printed. Its standard error here is the raw-data
        // linearisation (irrCAC's krippen.alpha.raw), which gives 0.0812 for these ratings;
        // irrCAC's krippen.alpha.dist uses an older one (0.0824), so labels and counts of the
        // same ratings would disagree there. Equal numbers of raters make it Fleiss' here.
        assert_eq!(
            format!(
                "{:.7}",
                estimate(&ratings, Coefficient::Krippendorff, &options)
            ),
            "0.4204384"
        );
        assert_close(
            estimate_se(&ratings, Coefficient::Krippendorff),
            estimate_se(&ratings, Coefficient::Fleiss),
        );
    }

    /// Checks each coefficient's value (7 decimals), standard error (8) and interval bounds (3)
    /// against irrCAC's printed ones.
    fn matches_printed(ratings: &Ratings, rows: &[(Coefficient, &str, &str, &str, &str)]) {
        let options = AgreementOptions::default();
        for &(which, value, se, lower, upper) in rows {
            let got = printed(ratings, which, &options, 7);
            assert_eq!(got[0], value, "{which}");
            assert_eq!(format!("{:.8}", estimate_se(ratings, which)), se, "{which}");
            assert_eq!(
                [got[2].as_str(), got[3].as_str()],
                [lower, upper],
                "{which}"
            );
        }
    }

    fn estimate_se(ratings: &Ratings, which: Coefficient) -> f64 {
        let outcome = ratings
            .coefficient(which, &AgreementOptions::default())
            .unwrap();
        outcome.estimate().unwrap().standard_error().unwrap()
    }

    #[test]
    fn the_contingency_table_example_matches_irrcac() {
        let ratings = Ratings::from_table(&ABSTRACTORS).unwrap();
        let options = AgreementOptions::default();
        // irrCAC README, the `*.table` functions: coeff.val, coeff.se, coeff.ci.
        matches_printed(
            &ratings,
            &[
                (
                    Coefficient::Conger,
                    "0.7964094",
                    "0.05891072",
                    "0.680",
                    "0.913",
                ),
                (
                    Coefficient::Fleiss,
                    "0.7962397",
                    "0.05905473",
                    "0.679",
                    "0.913",
                ),
                (
                    Coefficient::Gwet,
                    "0.8493305",
                    "0.04321747",
                    "0.764",
                    "0.935",
                ),
                (
                    Coefficient::BrennanPrediger,
                    "0.8350000",
                    "0.04693346",
                    "0.742",
                    "0.928",
                ),
                (
                    Coefficient::PercentAgreement,
                    "0.8900000",
                    "0.03128898",
                    "0.828",
                    "0.952",
                ),
            ],
        );
        assert_eq!(
            format!(
                "{:.7}",
                estimate(&ratings, Coefficient::Krippendorff, &options)
            ),
            "0.7972585"
        );
    }

    /// statsmodels' `fleiss_kappa(table, method="randolph")` (Brennan–Prediger for many raters)
    /// and `method="fleiss"` on `distrib.6raters`, recorded by `tests/reference/peers.py`.
    #[test]
    fn many_raters_match_statsmodels() {
        let ratings = Ratings::from_counts(&DISTRIB_6_RATERS).unwrap();
        let options = AgreementOptions::default();
        let close = |got: f64, want: f64| assert!((got - want).abs() < 1e-9, "{got} {want}");
        close(
            estimate(&ratings, Coefficient::BrennanPrediger, &options),
            0.4388888888888891,
        );
        close(
            estimate(&ratings, Coefficient::Fleiss, &options),
            0.41392649903288237,
        );
    }

    #[test]
    fn two_raters_give_cohen_and_scott_and_the_crates_other_statistics_agree() {
        // Conger's kappa of two raters is Cohen's kappa; Fleiss' from counts is the crate's
        // fleiss_kappa; Krippendorff's nominal alpha equals krippendorff_alpha.
        let first = [1, 2, 3, 4, 5, 3, 4, 2, 5, 4, 3, 3, 2, 1, 4, 5, 3, 2, 4, 3];
        let second = [1, 2, 4, 4, 5, 3, 3, 2, 4, 4, 3, 2, 2, 2, 4, 5, 4, 2, 5, 3];
        let rows: Vec<[Option<i64>; 2]> = first
            .iter()
            .zip(&second)
            .map(|(&a, &b)| [Some(a), Some(b)])
            .collect();
        let ratings = Ratings::by_subject(&rows).unwrap();
        for weighting in [
            Weighting::Unweighted,
            Weighting::Linear,
            Weighting::Quadratic,
        ] {
            let cohen = Kappa::from_labels(
                &first,
                &second,
                &KappaOptions::default().with_weighting(weighting),
            )
            .unwrap();
            let options = AgreementOptions::default().with_weighting(weighting);
            assert_close(
                estimate(&ratings, Coefficient::Conger, &options),
                cohen.value(),
            );
        }

        let textbook = crate::reliability::FLEISS_TEXTBOOK;
        let counts = Ratings::from_counts(&textbook).unwrap();
        assert_close(
            estimate(&counts, Coefficient::Fleiss, &AgreementOptions::default()),
            fleiss_kappa(&textbook).unwrap(),
        );

        let by_rater: Vec<Vec<Option<f64>>> = (0..4)
            .map(|g| {
                RAW_4_RATERS
                    .iter()
                    .map(|row| row[g].map(|v| v as f64))
                    .collect()
            })
            .collect();
        assert_close(
            estimate(
                &Ratings::by_subject(&RAW_4_RATERS).unwrap(),
                Coefficient::Krippendorff,
                &AgreementOptions::default(),
            ),
            krippendorff_alpha(&by_rater, Measurement::Nominal).unwrap(),
        );
    }

    #[test]
    fn labels_and_counts_of_the_same_ratings_agree_and_by_rater_is_the_transpose() {
        let labels = Ratings::by_subject(&RAW_4_RATERS).unwrap();
        let counts: Vec<[u64; 5]> = RAW_4_RATERS
            .iter()
            .map(|row| {
                let mut c = [0; 5];
                for v in row.iter().flatten() {
                    c[(v - 1) as usize] += 1;
                }
                c
            })
            .collect();
        let counts = Ratings::from_counts(&counts).unwrap();
        let transposed: Vec<Vec<Option<i64>>> = (0..4)
            .map(|g| RAW_4_RATERS.iter().map(|row| row[g]).collect())
            .collect();
        let by_rater = Ratings::by_rater(&transposed).unwrap();
        assert_eq!(by_rater, labels);
        let options = AgreementOptions::default()
            .with_weighting(Weighting::Quadratic)
            .try_with_categories([1, 2, 3, 4, 5])
            .unwrap();
        for which in [
            Coefficient::PercentAgreement,
            Coefficient::Gwet,
            Coefficient::BrennanPrediger,
            Coefficient::Fleiss,
            Coefficient::Krippendorff,
        ] {
            let a = labels.coefficient(which, &options).unwrap();
            let b = counts.coefficient(which, &options).unwrap();
            let (a, b) = (a.estimate().unwrap(), b.estimate().unwrap());
            assert_close(a.value(), b.value());
            assert_close(a.standard_error().unwrap(), b.standard_error().unwrap());
        }
    }

    #[test]
    fn a_finite_population_shrinks_the_variance_by_its_share() {
        let ratings = Ratings::by_subject(&RAW_4_RATERS).unwrap();
        let infinite = AgreementOptions::default();
        let finite = AgreementOptions::default().try_with_population(48).unwrap();
        for which in Coefficient::iter() {
            let a = ratings.coefficient(which, &infinite).unwrap();
            let b = ratings.coefficient(which, &finite).unwrap();
            let (a, b) = (a.estimate().unwrap(), b.estimate().unwrap());
            assert_close(a.value(), b.value());
            // 12 of 48 subjects: the variance is multiplied by 1 - 12/48 = 0.75.
            assert_close(
                b.standard_error().unwrap().powi(2),
                0.75 * a.standard_error().unwrap().powi(2),
            );
        }
        let everyone = AgreementOptions::default().try_with_population(12).unwrap();
        let census = ratings.coefficient(Coefficient::Gwet, &everyone).unwrap();
        assert_eq!(census.estimate().unwrap().standard_error(), Some(0.0));
    }
}

#[test]
fn degenerate_ratings_are_outcomes_and_each_coefficient_says_what_it_can() {
    // Every review passed (1) by both reviewers: the kappa family is 0/0, AC1 is 1.
    let all_pass = Ratings::by_subject(&[[Some(1), Some(1)]; 6]).unwrap();
    let declared = AgreementOptions::default()
        .try_with_categories([0, 1])
        .unwrap();
    let observed = AgreementOptions::default();
    for which in [
        Coefficient::Fleiss,
        Coefficient::Conger,
        Coefficient::Krippendorff,
    ] {
        assert_eq!(
            all_pass.coefficient(which, &declared).unwrap(),
            AgreementOutcome::OneCategory,
            "{which}"
        );
    }
    for options in [&declared, &observed] {
        let ac1 = all_pass.coefficient(Coefficient::Gwet, options).unwrap();
        let ac1 = ac1.estimate().unwrap();
        assert_eq!((ac1.value(), ac1.chance_agreement()), (1.0, 0.0));
        assert_eq!(ac1.standard_error(), Some(0.0));
        let pa = all_pass
            .coefficient(Coefficient::PercentAgreement, options)
            .unwrap();
        assert_eq!(pa.value(), Some(1.0));
    }
    // Brennan–Prediger needs two categories to exist: with "pass" and "fail" declared, 1.
    assert_eq!(
        all_pass
            .coefficient(Coefficient::BrennanPrediger, &declared)
            .unwrap()
            .value(),
        Some(1.0)
    );
    assert_eq!(
        all_pass
            .coefficient(Coefficient::BrennanPrediger, &observed)
            .unwrap(),
        AgreementOutcome::OneCategory
    );

    // One subject, three raters splitting 2-1: Fleiss would say -0.5.
    let single = Ratings::by_subject(&[[Some(0), Some(0), Some(1)]]).unwrap();
    for which in [
        Coefficient::Gwet,
        Coefficient::Fleiss,
        Coefficient::Conger,
        Coefficient::Krippendorff,
    ] {
        assert_eq!(
            single.coefficient(which, &observed).unwrap(),
            AgreementOutcome::SingleSubject,
            "{which}"
        );
    }
    let pa = single
        .coefficient(Coefficient::PercentAgreement, &observed)
        .unwrap();
    let pa = pa.estimate().unwrap();
    assert_close(pa.value(), 1.0 / 3.0);
    assert_eq!((pa.standard_error(), pa.interval()), (None, None));

    // Nobody rated a subject twice.
    let lonely = Ratings::by_subject(&[[Some(1), None], [None, Some(2)]]).unwrap();
    for which in Coefficient::iter() {
        assert_eq!(
            lonely.coefficient(which, &observed).unwrap(),
            AgreementOutcome::NoPairs,
            "{which}"
        );
    }
    let nobody = Ratings::by_subject(&[[None::<i64>, None]]).unwrap();
    assert_eq!(
        nobody.coefficient(Coefficient::Gwet, &observed).unwrap(),
        AgreementOutcome::NoPairs
    );
    let empty_table = Ratings::from_table(&[[0u64, 0], [0, 0]]).unwrap();
    assert_eq!(
        empty_table
            .coefficient(Coefficient::Gwet, &observed)
            .unwrap(),
        AgreementOutcome::NoPairs
    );

    // Perfect agreement over two categories: every coefficient is 1, with a finite error.
    let perfect =
        Ratings::by_subject(&[[Some(0), Some(0)], [Some(1), Some(1)], [Some(1), Some(1)]]).unwrap();
    for which in Coefficient::iter() {
        let e = perfect.coefficient(which, &observed).unwrap();
        let e = e.estimate().unwrap();
        assert_close(e.value(), 1.0);
        assert!(e.standard_error().unwrap().is_finite(), "{which}");
    }
}

#[test]
fn skewed_data_shows_the_kappa_paradox() {
    // 40 calls, a compliance item: both reviewers say yes on 37, they split on 3.
    let mut rows = vec![[Some(1), Some(1)]; 37];
    rows.extend([[Some(1), Some(0)], [Some(0), Some(1)], [Some(1), Some(0)]]);
    let ratings = Ratings::by_subject(&rows).unwrap();
    let options = AgreementOptions::default();
    let kappa = estimate(&ratings, Coefficient::Conger, &options);
    let ac1 = estimate(&ratings, Coefficient::Gwet, &options);
    let pa = estimate(&ratings, Coefficient::PercentAgreement, &options);
    assert_close(pa, 37.0 / 40.0);
    assert!(
        kappa < 0.0,
        "kappa {kappa}: below chance although 92.5% agree"
    );
    assert!(ac1 > 0.9, "AC1 {ac1}");
}

#[test]
fn bad_input_gets_a_typed_error_naming_what_was_wrong() {
    assert!(matches!(
        Ratings::by_subject::<[Option<i64>; 2]>(&[]),
        Err(Error::Empty { .. })
    ));
    assert_eq!(
        Ratings::by_subject(&[vec![Some(1), Some(2)], vec![Some(1)]])
            .unwrap_err()
            .to_string(),
        "number of raters differs: 1 here, 2 expected"
    );
    assert_eq!(
        Ratings::from_table(&[vec![1u64, 2], vec![3]])
            .unwrap_err()
            .to_string(),
        "number of columns differs: 1 here, 2 expected"
    );
    assert!(matches!(
        Ratings::from_counts::<[u64; 0]>(&[[]]),
        Err(Error::Empty { .. })
    ));
    let ratings = Ratings::by_subject(&[[Some(1), Some(4)]]).unwrap();
    let listed = AgreementOptions::default()
        .try_with_categories([1, 2, 3])
        .unwrap();
    assert_eq!(
        ratings
            .coefficient(Coefficient::Gwet, &listed)
            .unwrap_err()
            .to_string(),
        "unknown label '4', expected one of the listed categories"
    );
    let counts = Ratings::from_counts(&[[2u64, 0], [1, 1]]).unwrap();
    assert_eq!(
        counts
            .coefficient(Coefficient::Conger, &AgreementOptions::default())
            .unwrap_err()
            .to_string(),
        "Conger's kappa is undefined: a count table does not say which rater gave which rating"
    );
    assert_eq!(
        counts
            .coefficient(Coefficient::Gwet, &listed)
            .unwrap_err()
            .to_string(),
        "number of categories differs: 2 here, 3 expected"
    );
    let table = Ratings::from_table(&[[2u64, 0], [1, 1]]).unwrap();
    assert!(matches!(
        table.coefficient(Coefficient::Gwet, &listed),
        Err(Error::Mismatch { .. })
    ));
    let small = AgreementOptions::default().try_with_population(1).unwrap();
    assert_eq!(
        counts
            .coefficient(Coefficient::Gwet, &small)
            .unwrap_err()
            .to_string(),
        "population is 1, expected at least the number of subjects rated"
    );
    assert_eq!(
        AgreementOptions::default()
            .try_with_population(0)
            .unwrap_err()
            .to_string(),
        "population is 0, expected at least 1"
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Subjects × raters with missing ratings, labels 0..4.
    fn ratings() -> impl Strategy<Value = Vec<Vec<Option<i64>>>> {
        (2usize..5).prop_flat_map(|raters| {
            proptest::collection::vec(
                proptest::collection::vec(proptest::option::weighted(0.85, 0i64..4), raters),
                1..25,
            )
        })
    }

    fn weightings() -> [Weighting; 4] {
        [
            Weighting::Unweighted,
            Weighting::Linear,
            Weighting::Quadratic,
            Weighting::Ordinal,
        ]
    }

    proptest! {
        #![proptest_config(crate::common::cases(300))]

        #[test]
        fn coefficients_are_finite_at_most_one_and_inside_their_interval(rows in ratings()) {
            let ratings = Ratings::by_subject(&rows).unwrap();
            for weighting in weightings() {
                let options = AgreementOptions::default().with_weighting(weighting);
                for which in Coefficient::iter() {
                    let outcome = ratings.coefficient(which, &options).unwrap();
                    if let Some(e) = outcome.estimate() {
                        prop_assert!(e.value().is_finite() && e.value() <= 1.0, "{which} {}", e.value());
                        prop_assert!((0.0..=1.0).contains(&e.observed_agreement()));
                        if let Some(interval) = e.interval() {
                            prop_assert!(interval.contains(e.value()));
                            prop_assert!(interval.upper() <= 1.0);
                            prop_assert!(e.standard_error().unwrap().is_finite());
                        }
                    }
                }
            }
        }

        #[test]
        fn the_order_of_subjects_and_raters_does_not_matter(
            rows in ratings(),
            rotate_subjects in 0usize..25,
            rotate_raters in 0usize..5,
        ) {
            let ratings = Ratings::by_subject(&rows).unwrap();
            let mut shuffled = rows.clone();
            shuffled.rotate_left(rotate_subjects % rows.len());
            shuffled.reverse();
            for row in &mut shuffled {
                let k = rotate_raters % row.len();
                row.rotate_left(k);
            }
            let shuffled = Ratings::by_subject(&shuffled).unwrap();
            for weighting in weightings() {
                let options = AgreementOptions::default().with_weighting(weighting);
                for which in Coefficient::iter() {
                    let a = ratings.coefficient(which, &options).unwrap();
                    let b = shuffled.coefficient(which, &options).unwrap();
                    match (a.estimate(), b.estimate()) {
                        (Some(a), Some(b)) => {
                            prop_assert!((a.value() - b.value()).abs() < 1e-9, "{which}");
                            let (x, y) = (a.standard_error(), b.standard_error());
                            prop_assert_eq!(x.is_some(), y.is_some());
                            if let (Some(x), Some(y)) = (x, y) {
                                prop_assert!((x - y).abs() < 1e-9, "{which} {x} {y}");
                            }
                        }
                        _ => prop_assert_eq!(a, b),
                    }
                }
            }
        }

        #[test]
        fn relabelling_nominal_categories_changes_nothing(rows in ratings()) {
            // Any one-to-one renaming of the labels, here 0..4 to 7, 3, 11, -2.
            let rename = |v: i64| [7, 3, 11, -2][v as usize];
            let renamed: Vec<Vec<Option<i64>>> = rows
                .iter()
                .map(|row| row.iter().map(|v| v.map(rename)).collect())
                .collect();
            let (a, b) = (Ratings::by_subject(&rows).unwrap(), Ratings::by_subject(&renamed).unwrap());
            let options = AgreementOptions::default();
            for which in Coefficient::iter() {
                let (x, y) = (a.coefficient(which, &options).unwrap(), b.coefficient(which, &options).unwrap());
                match (x.value(), y.value()) {
                    (Some(x), Some(y)) => prop_assert!((x - y).abs() < 1e-9, "{which}"),
                    _ => prop_assert_eq!(x, y),
                }
            }
        }

        #[test]
        fn ac1_is_defined_on_one_category(
            raters in 2usize..6,
            subjects in 2usize..30,
            label in -3i64..3,
        ) {
            let rows = vec![vec![Some(label); raters]; subjects];
            let ratings = Ratings::by_subject(&rows).unwrap();
            let ac1 = ratings.coefficient(Coefficient::Gwet, &AgreementOptions::default()).unwrap();
            prop_assert_eq!(ac1.value(), Some(1.0));
            prop_assert_eq!(
                ratings.coefficient(Coefficient::Fleiss, &AgreementOptions::default()).unwrap(),
                AgreementOutcome::OneCategory
            );
        }
    }
}

/// Calibration weighs each item by its answer type and reports AC1 and alpha beside kappa.
mod calibration {
    use super::*;
    use service_quality::Scale;
    use service_quality::form::{Answer, Answers, Form, Item};
    use service_quality::reliability::{
        Calibration, CalibrationOptions, Distance, ItemWeighting, KappaOutcome, Reference,
        SKEWED_PREVALENCE,
    };

    fn form() -> Form {
        Form::builder("call_review", 1)
            .item(Item::yes_no("disclosure").unwrap())
            .item(Item::scale("tone", Scale::ONE_TO_FIVE).unwrap())
            .build()
            .unwrap()
    }

    /// The lead and two reviewers on eight calls: disclosure is nearly always given, tone
    /// spreads over the scale.
    fn session() -> Calibration {
        let form = form();
        let disclosure = [
            [true, true, true],
            [true, true, true],
            [true, true, false],
            [true, true, true],
            [false, true, false],
            [true, true, true],
            [true, true, true],
            [true, true, true],
        ];
        let tone = [
            [4, 4, 3],
            [2, 3, 2],
            [5, 5, 4],
            [3, 3, 3],
            [1, 2, 1],
            [4, 5, 4],
            [2, 2, 3],
            [5, 4, 5],
        ];
        let mut session = Calibration::new();
        for (call, (said, rated)) in disclosure.iter().zip(&tone).enumerate() {
            for (r, reviewer) in ["lead", "ana", "ben"].iter().enumerate() {
                let answer = if said[r] { Answer::Yes } else { Answer::No };
                let answers = Answers::from(vec![answer, Answer::Rating(rated[r])]);
                session
                    .add_evaluation(
                        &format!("call-{call}"),
                        reviewer,
                        &answers.evaluate(&form).unwrap(),
                    )
                    .unwrap();
            }
        }
        session
    }

    fn lead() -> CalibrationOptions {
        CalibrationOptions::default().with_reference(Reference::Calibrator("lead".into()))
    }

    #[test]
    fn one_call_weighs_yes_no_items_as_nominal_and_ratings_as_ordinal() {
        let report = session().evaluate(&lead()).unwrap();
        let [disclosure, tone] = report.items() else {
            panic!("two items")
        };
        assert_eq!(disclosure.weighting(), ItemWeighting::NOMINAL);
        assert_eq!(tone.weighting(), ItemWeighting::ORDINAL);
        // Tone's kappa is the ordinal-weighted kappa of the pooled (reviewer, lead) pairs, in
        // scores (a 4 on 1-5 is 75).
        let lead = [4, 2, 5, 3, 1, 4, 2, 5];
        let ana = [4, 3, 5, 3, 2, 5, 2, 4];
        let ben = [3, 2, 4, 3, 1, 4, 3, 5];
        let reviewers: Vec<i64> = ana.iter().chain(&ben).copied().collect();
        let reference: Vec<i64> = lead.iter().chain(&lead).copied().collect();
        let want = Kappa::from_labels(
            &reviewers,
            &reference,
            &KappaOptions::default().with_weighting(Weighting::Ordinal),
        )
        .unwrap();
        assert_close(tone.kappa().kappa().unwrap().value(), want.value());
        // AC2 and alpha of the same pairs with the same weights.
        let rows: Vec<[Option<i64>; 2]> = reviewers
            .iter()
            .zip(&reference)
            .map(|(&a, &b)| [Some(a), Some(b)])
            .collect();
        let pairs = Ratings::by_subject(&rows).unwrap();
        let ordinal = AgreementOptions::default().with_weighting(Weighting::Ordinal);
        assert_close(
            tone.ac1().value().unwrap(),
            estimate(&pairs, Coefficient::Gwet, &ordinal),
        );
        assert_close(
            tone.alpha().value().unwrap(),
            estimate(&pairs, Coefficient::Krippendorff, &ordinal),
        );
        assert!(!tone.skewed());
        assert_eq!(tone.coefficient_to_read(), Coefficient::Conger);
    }

    #[test]
    fn a_skewed_item_says_to_read_ac1() {
        let report = session().evaluate(&lead()).unwrap();
        let disclosure = &report.items()[0];
        // 28 of the 32 answers are yes (the lead's count once per reviewer compared).
        assert_close(disclosure.prevalence().unwrap(), 28.0 / 32.0);
        assert!(disclosure.prevalence().unwrap() >= SKEWED_PREVALENCE && disclosure.skewed());
        assert_eq!(disclosure.coefficient_to_read(), Coefficient::Gwet);
        let kappa = disclosure.kappa().kappa().unwrap().value();
        let ac1 = disclosure.ac1().value().unwrap();
        assert!(ac1 > kappa + 0.3, "AC1 {ac1}, kappa {kappa}");
        assert_eq!(disclosure.agreement().percent(), Some(87.5));
    }

    #[test]
    fn an_item_weighting_overrides_the_answer_type() {
        let options = lead().with_item_weighting(
            " tone ",
            ItemWeighting::new(Weighting::Quadratic, Distance::Value),
        );
        assert_eq!(
            options.item_weighting("tone"),
            Some(ItemWeighting::new(Weighting::Quadratic, Distance::Value))
        );
        assert_eq!(options.item_weighting("disclosure"), None);
        let report = session().evaluate(&options).unwrap();
        assert_eq!(
            report.items()[1].weighting().weighting(),
            Weighting::Quadratic
        );
        // Items recorded with `add` take the options' weighting.
        let mut plain = Calibration::new();
        for (call, lead, ana) in [("a", 1.0, 2.0), ("b", 3.0, 3.0), ("c", 2.0, 2.0)] {
            plain.add(call, "x", "lead", Some(lead)).unwrap();
            plain.add(call, "x", "ana", Some(ana)).unwrap();
        }
        let linear = plain
            .evaluate(&lead().with_weighting(Weighting::Linear))
            .unwrap();
        assert_eq!(
            linear.items()[0].weighting(),
            ItemWeighting::new(Weighting::Linear, Distance::Position)
        );
        // ... and its distance: answers 1, 2 and 5 are one position apart but three in value,
        // so the weighted kappa differs.
        let mut spread = Calibration::new();
        for (call, lead, ana) in [
            ("a", 1.0, 2.0),
            ("b", 5.0, 2.0),
            ("c", 2.0, 2.0),
            ("d", 5.0, 5.0),
        ] {
            spread.add(call, "x", "lead", Some(lead)).unwrap();
            spread.add(call, "x", "ana", Some(ana)).unwrap();
        }
        let kappa = |distance| {
            let options = lead()
                .with_weighting(Weighting::Linear)
                .with_distance(distance);
            assert_eq!(options.distance(), distance);
            let report = spread.evaluate(&options).unwrap();
            assert_eq!(
                report.items()[0].weighting(),
                ItemWeighting::new(Weighting::Linear, distance)
            );
            report.items()[0].kappa().kappa().unwrap().value()
        };
        assert!((kappa(Distance::Position) - kappa(Distance::Value)).abs() > 1e-3);
        // The level sets every interval of the report: 80% is narrower than the default 95%.
        let width = |options: CalibrationOptions| {
            let report = spread.evaluate(&options).unwrap();
            let interval = report.items()[0].kappa().kappa().unwrap().interval();
            interval.upper() - interval.lower()
        };
        let eighty = service_quality::metrics::Level::new(0.8).unwrap();
        assert_eq!(lead().with_level(eighty).level(), eighty);
        assert!(width(lead().with_level(eighty)) < width(lead()));
    }

    #[test]
    fn an_item_everyone_answered_alike_has_ac1_but_no_kappa() {
        let mut session = Calibration::new();
        for call in ["a", "b", "c"] {
            for reviewer in ["lead", "ana"] {
                session.add(call, "greeting", reviewer, Some(1.0)).unwrap();
            }
        }
        let report = session.evaluate(&lead()).unwrap();
        let item = &report.items()[0];
        assert_eq!(item.kappa(), &KappaOutcome::OneCategory);
        assert_eq!(item.alpha(), &AgreementOutcome::OneCategory);
        assert_eq!(item.ac1().value(), Some(1.0));
        assert_eq!(item.coefficient_to_read(), Coefficient::Gwet);
        assert_eq!(item.prevalence(), Some(1.0));
    }
}

/// Paired labels tallied in parts give the coefficients of all the pairs at once.
mod pair_counts {
    use super::*;
    use proptest::prelude::*;
    use service_quality::Merge;
    use service_quality::reliability::PairCounts;

    #[test]
    fn a_tally_is_its_contingency_table() {
        let mut counts = PairCounts::new();
        for (k, row) in ABSTRACTORS.iter().enumerate() {
            for (l, &n) in row.iter().enumerate() {
                counts.add_times(k as i64 + 1, l as i64 + 1, n);
            }
        }
        assert_eq!(counts.pairs(), 100);
        let table = Ratings::from_table(&ABSTRACTORS).unwrap();
        let options = AgreementOptions::default();
        for which in Coefficient::iter() {
            assert_eq!(
                counts.coefficient(which, &options).unwrap(),
                table.coefficient(which, &options).unwrap(),
                "{which}"
            );
        }
        assert_eq!(
            PairCounts::new()
                .coefficient(Coefficient::Gwet, &options)
                .unwrap(),
            AgreementOutcome::NoPairs
        );
        let listed = AgreementOptions::default()
            .try_with_categories([1, 2])
            .unwrap();
        assert!(matches!(
            counts.coefficient(Coefficient::Gwet, &listed),
            Err(Error::UnknownName { .. })
        ));
        // By value, the labels are the distances: 1 and 3 are two apart.
        let mut spread = PairCounts::new();
        for (a, b) in [(1, 1), (3, 3), (1, 3), (10, 10), (3, 10)] {
            spread.add(a, b);
        }
        let by_value = AgreementOptions::default()
            .with_weighting(Weighting::Linear)
            .with_distance(service_quality::reliability::Distance::Value);
        let rows: Vec<[Option<i64>; 2]> = spread
            .cells()
            .flat_map(|((a, b), n)| std::iter::repeat_n([Some(a), Some(b)], n as usize))
            .collect();
        let labels = Ratings::by_subject(&rows).unwrap();
        assert_close(
            spread
                .coefficient(Coefficient::Gwet, &by_value)
                .unwrap()
                .value()
                .unwrap(),
            estimate(&labels, Coefficient::Gwet, &by_value),
        );
    }

    #[cfg(feature = "serde")]
    #[test]
    fn a_tally_round_trips_through_json_as_cells() {
        let mut counts = PairCounts::new();
        counts.add(1, 2);
        counts.add_times(-3, 4, 5);
        let json = serde_json::to_string(&counts).unwrap();
        assert_eq!(json, "[[-3,4,5],[1,2,1]]");
        assert_eq!(serde_json::from_str::<PairCounts>(&json).unwrap(), counts);
        // A cell listed twice counts twice; an empty one not at all.
        let read: PairCounts = serde_json::from_str("[[1,2,1],[1,2,2],[7,7,0]]").unwrap();
        assert_eq!(read.cells().collect::<Vec<_>>(), vec![((1, 2), 3)]);
    }

    proptest! {
        #![proptest_config(crate::common::cases(200))]

        #[test]
        fn merging_parts_in_any_order_equals_tallying_all(
            pairs in proptest::collection::vec((0i64..4, 0i64..4), 0..60),
            cut in 0usize..60,
        ) {
            let cut = cut.min(pairs.len());
            let tally = |part: &[(i64, i64)]| {
                let mut t = PairCounts::new();
                for &(a, b) in part {
                    t.add(a, b);
                }
                t
            };
            let all = tally(&pairs);
            let (mut left, right) = (tally(&pairs[..cut]), tally(&pairs[cut..]));
            let mut other = right.clone();
            left.merge(&right);
            other.merge(&tally(&pairs[..cut]));
            prop_assert_eq!(&left, &all);
            prop_assert_eq!(&other, &all);
            prop_assert_eq!(all.pairs(), pairs.len() as u64);
        }
    }
}

/// Settings and edges that the known answers leave open.
mod settings {
    use super::*;
    use service_quality::reliability::{
        Calibration, CalibrationOptions, Distance, ItemWeighting, Reference,
    };

    #[test]
    fn distances_by_value_differ_from_positions_where_categories_are_uneven() {
        // Labels 1, 2 and 5: by position 2 and 5 are one step apart, by value three.
        let first = [1, 2, 5, 5, 2, 1, 5, 2];
        let second = [2, 2, 5, 2, 1, 1, 5, 1];
        let rows: Vec<[Option<i64>; 2]> = first
            .iter()
            .zip(&second)
            .map(|(&a, &b)| [Some(a), Some(b)])
            .collect();
        let ratings = Ratings::by_subject(&rows).unwrap();
        for distance in [Distance::Position, Distance::Value] {
            let options = AgreementOptions::default()
                .with_weighting(Weighting::Linear)
                .with_distance(distance);
            assert_eq!(options.distance(), distance);
            let cohen = Kappa::from_labels(
                &first,
                &second,
                &KappaOptions::default()
                    .with_weighting(Weighting::Linear)
                    .with_distance(distance),
            )
            .unwrap();
            assert_close(
                estimate(&ratings, Coefficient::Conger, &options),
                cohen.value(),
            );
        }
        let by = |distance| {
            estimate(
                &ratings,
                Coefficient::Gwet,
                &AgreementOptions::default()
                    .with_weighting(Weighting::Linear)
                    .with_distance(distance),
            )
        };
        assert!((by(Distance::Position) - by(Distance::Value)).abs() > 1e-3);
    }

    #[test]
    fn the_level_sets_the_interval_and_unweighted_is_ac1() {
        let ratings = Ratings::by_subject(&RAW_4_RATERS).unwrap();
        let at = |level: f64| {
            let options = AgreementOptions::default()
                .with_level(service_quality::metrics::Level::new(level).unwrap());
            let outcome = ratings.coefficient(Coefficient::Fleiss, &options).unwrap();
            let e = *outcome.estimate().unwrap();
            assert_close(e.interval().unwrap().level().get(), level);
            e
        };
        let (ninety, ninety_five) = (at(0.9), at(0.95));
        // Below 1 neither bound is limited: the half-widths are in the ratio of the t
        // quantiles with 11 degrees of freedom, 1.795885 / 2.200985.
        let half = |e: &service_quality::reliability::AgreementEstimate| {
            e.value() - e.interval().unwrap().lower()
        };
        assert!((half(&ninety) / half(&ninety_five) - 1.795885 / 2.200985).abs() < 1e-5);
        assert!(!ninety.weighted());
        let ac1 = ratings
            .coefficient(Coefficient::Gwet, &AgreementOptions::default())
            .unwrap();
        assert_eq!(ac1.estimate().unwrap().name(), "Gwet's AC1");
        assert!(!ac1.estimate().unwrap().weighted());
    }

    #[test]
    fn a_count_row_nobody_rated_changes_nothing() {
        let with_empty = Ratings::from_counts(&[[2u64, 1], [0, 0], [3, 0], [1, 2]]).unwrap();
        let without = Ratings::from_counts(&[[2u64, 1], [3, 0], [1, 2]]).unwrap();
        for which in [
            Coefficient::Gwet,
            Coefficient::Fleiss,
            Coefficient::Krippendorff,
        ] {
            let options = AgreementOptions::default();
            assert_eq!(
                with_empty.coefficient(which, &options).unwrap(),
                without.coefficient(which, &options).unwrap(),
                "{which}"
            );
        }
    }

    #[test]
    fn one_subject_rated_twice_among_others_rated_once() {
        // Two subjects, only the first rated twice: chance agreement comes from both subjects'
        // shares (AC1 exists), but Krippendorff's alpha counts only subjects rated twice.
        let ratings = Ratings::by_subject(&[[Some(1), Some(2)], [Some(2), None]]).unwrap();
        let options = AgreementOptions::default();
        assert!(
            ratings
                .coefficient(Coefficient::Gwet, &options)
                .unwrap()
                .estimate()
                .is_some()
        );
        assert_eq!(
            ratings
                .coefficient(Coefficient::Krippendorff, &options)
                .unwrap(),
            AgreementOutcome::SingleSubject
        );
    }

    #[test]
    fn a_choice_item_is_weighed_by_the_points_of_its_answers() {
        // Scores 0, 25 and 100 (a choice's points as shares of the best): by points, 25 is
        // far closer to 0 than to 100.
        let pairs = [
            (0, 0),
            (25, 0),
            (100, 100),
            (25, 25),
            (100, 25),
            (0, 25),
            (100, 100),
        ];
        let mut session = Calibration::new();
        for (call, &(ana, lead)) in pairs.iter().enumerate() {
            let call = format!("c{call}");
            session
                .add(&call, "outcome", "lead", Some(lead as f64))
                .unwrap();
            session
                .add(&call, "outcome", "ana", Some(ana as f64))
                .unwrap();
        }
        let options = CalibrationOptions::default()
            .with_reference(Reference::Calibrator("lead".into()))
            .with_item_weighting("outcome", ItemWeighting::BY_POINTS);
        let report = session.evaluate(&options).unwrap();
        let item = &report.items()[0];
        let rows: Vec<[Option<i64>; 2]> = pairs.iter().map(|&(a, b)| [Some(a), Some(b)]).collect();
        let by_value = AgreementOptions::default()
            .with_weighting(Weighting::Linear)
            .with_distance(Distance::Value);
        let ratings = Ratings::by_subject(&rows).unwrap();
        assert_close(
            item.ac1().value().unwrap(),
            estimate(&ratings, Coefficient::Gwet, &by_value),
        );
        assert_close(
            item.alpha().value().unwrap(),
            estimate(&ratings, Coefficient::Krippendorff, &by_value),
        );
        assert_close(
            item.kappa().kappa().unwrap().value(),
            estimate(&ratings, Coefficient::Conger, &by_value),
        );
    }
}

/// What a new user's trial of calibration found.
mod calibration_trial {
    use super::*;
    use service_quality::Scale;
    use service_quality::form::{Answer, Answers, Form, Item};
    use service_quality::reliability::{Calibration, CalibrationOptions, Reference};

    fn lead() -> CalibrationOptions {
        CalibrationOptions::default().with_reference(Reference::Calibrator("lead".into()))
    }

    #[test]
    fn deviations_that_cancel_have_a_mean_of_exactly_zero() {
        let mut session = Calibration::new();
        for (i, (reviewer, lead)) in [(0., 1.), (1., 1.), (1., 1.), (1., 1.), (1., 1.), (1., 0.)]
            .into_iter()
            .enumerate()
        {
            let call = format!("c{i}");
            session.add(&call, "v", "lead", Some(lead)).unwrap();
            session.add(&call, "v", "ana", Some(reviewer)).unwrap();
        }
        let report = session.evaluate(&lead()).unwrap();
        let mean = report.items()[0]
            .agreement()
            .mean_signed_deviation()
            .unwrap();
        assert_eq!(mean.to_bits(), 0.0_f64.to_bits());
        let ana = report.reviewers()[0].agreement();
        assert_eq!(
            ana.mean_signed_deviation().unwrap().to_bits(),
            0.0_f64.to_bits()
        );
        assert_close(ana.mean_absolute_deviation().unwrap(), 2.0 / 6.0);
    }

    #[test]
    fn answers_are_limited_to_ten_to_the_fifteen() {
        let mut session = Calibration::new();
        assert!(session.add("c", "x", "a", Some(1e15)).is_ok());
        assert!(session.add("c", "x", "b", Some(-1e15)).is_ok());
        assert_eq!(
            session
                .add("c", "x", "c", Some(1.5e15))
                .unwrap_err()
                .to_string(),
            "answer is 1500000000000000, expected a finite number of magnitude at most 1e15"
        );
    }

    #[test]
    fn a_scale_counts_every_step_as_a_category_even_unused() {
        // Everybody used 3 to 5 on a 1-5 item: AC2 counts five categories, as the form does.
        let form = Form::builder("f", 1)
            .item(Item::scale("tone", Scale::ONE_TO_FIVE).unwrap())
            .build()
            .unwrap();
        let lead_answers = [3, 4, 5, 4, 5, 3, 4, 4];
        let ana_answers = [3, 5, 5, 4, 4, 3, 4, 5];
        let mut session = Calibration::new();
        for (call, (&l, &a)) in lead_answers.iter().zip(&ana_answers).enumerate() {
            for (who, r) in [("lead", l), ("ana", a)] {
                let answers = Answers::from(vec![Answer::Rating(r)]);
                session
                    .add_evaluation(&format!("c{call}"), who, &answers.evaluate(&form).unwrap())
                    .unwrap();
            }
        }
        let report = session.evaluate(&lead()).unwrap();
        let item = &report.items()[0];
        let rows: Vec<[Option<i64>; 2]> = ana_answers
            .iter()
            .zip(&lead_answers)
            .map(|(&a, &l)| [Some(i64::from(a)), Some(i64::from(l))])
            .collect();
        let ratings = Ratings::by_subject(&rows).unwrap();
        let declared = AgreementOptions::default()
            .with_weighting(Weighting::Ordinal)
            .try_with_categories(1..=5)
            .unwrap();
        let observed = AgreementOptions::default().with_weighting(Weighting::Ordinal);
        let ac2 = item.ac1().value().unwrap();
        assert_close(ac2, estimate(&ratings, Coefficient::Gwet, &declared));
        assert!((ac2 - estimate(&ratings, Coefficient::Gwet, &observed)).abs() > 1e-3);
        assert_close(
            item.kappa().kappa().unwrap().value(),
            estimate(&ratings, Coefficient::Conger, &declared),
        );
    }

    #[test]
    fn the_value_to_read_follows_the_coefficient_to_read() {
        let mut session = Calibration::new();
        // Skewed: nine yes, one split.
        for call in 0..10 {
            let ana = if call == 0 { 0.0 } else { 1.0 };
            session
                .add(&call.to_string(), "disclosure", "lead", Some(1.0))
                .unwrap();
            session
                .add(&call.to_string(), "disclosure", "ana", Some(ana))
                .unwrap();
            let tone = f64::from(call % 5);
            session
                .add(&call.to_string(), "tone", "lead", Some(tone))
                .unwrap();
            session
                .add(&call.to_string(), "tone", "ana", Some(tone))
                .unwrap();
        }
        let report = session.evaluate(&lead()).unwrap();
        let [disclosure, tone] = report.items() else {
            panic!("two items")
        };
        assert_eq!(disclosure.coefficient_to_read(), Coefficient::Gwet);
        assert_eq!(disclosure.value_to_read(), disclosure.ac1().value());
        assert_eq!(tone.coefficient_to_read(), Coefficient::Conger);
        assert_eq!(
            tone.value_to_read(),
            tone.kappa().kappa().map(|k| k.value())
        );
    }

    #[cfg(feature = "serde")]
    #[test]
    fn the_report_serialises_which_coefficient_to_read() {
        let mut session = Calibration::new();
        for call in 0..10 {
            let ana = if call == 0 { 0.0 } else { 1.0 };
            session
                .add(&call.to_string(), "disclosure", "lead", Some(1.0))
                .unwrap();
            session
                .add(&call.to_string(), "disclosure", "ana", Some(ana))
                .unwrap();
        }
        let report = session.evaluate(&lead()).unwrap();
        let json = serde_json::to_value(&report.items()[0]).unwrap();
        assert_eq!(json["coefficient_to_read"], "gwet");
        assert_eq!(json["skewed"], true);
        assert_eq!(json["prevalence"], 0.95);
        assert!(json["ac1"]["estimated"]["value"].as_f64().unwrap() > 0.8);
    }
}

#[test]
fn a_calibrator_id_with_the_wrong_case_is_named() {
    use service_quality::reliability::{Calibration, CalibrationOptions, Reference};
    let mut session = Calibration::new();
    session.add("c1", "x", "lead", Some(1.0)).unwrap();
    session.add("c1", "x", "ana", Some(1.0)).unwrap();
    let typo = CalibrationOptions::default().with_reference(Reference::Calibrator("Lead".into()));
    assert_eq!(
        session.evaluate(&typo).unwrap_err().to_string(),
        "unknown calibrator 'Lead', expected one of: lead, ana (closest: 'lead')"
    );
    let absent = CalibrationOptions::default().with_reference(Reference::Calibrator("zed".into()));
    assert!(matches!(
        session.evaluate(&absent),
        Err(Error::Degenerate { .. })
    ));
}

#[test]
fn a_contingency_table_of_one_or_two_subjects() {
    let options = AgreementOptions::default();
    let one = Ratings::from_table(&[[1u64, 0], [0, 0]]).unwrap();
    assert_eq!(
        one.coefficient(Coefficient::Gwet, &options).unwrap(),
        AgreementOutcome::SingleSubject
    );
    // Percent agreement of one subject: 1, with no spread to estimate.
    let pa = one
        .coefficient(Coefficient::PercentAgreement, &options)
        .unwrap();
    let pa = pa.estimate().unwrap();
    assert_eq!(pa.value().to_bits(), 1.0_f64.to_bits());
    assert_eq!((pa.standard_error(), pa.interval()), (None, None));
    // Two subjects, one in each category, both agreeing: every coefficient exists.
    let two = Ratings::from_table(&[[1u64, 0], [0, 1]]).unwrap();
    for which in Coefficient::iter() {
        let e = two.coefficient(which, &options).unwrap();
        let e = e.estimate().unwrap_or_else(|| panic!("{which}"));
        assert_close(e.value(), 1.0);
        assert!(e.interval().is_some(), "{which}");
    }
}

#[test]
fn item_weightings_follow_the_answer_type_and_the_last_setting_wins() {
    use service_quality::form::{AnswerType, Choice};
    use service_quality::reliability::{CalibrationOptions, Distance, ItemWeighting};
    let choices = AnswerType::Choices(vec![
        Choice::new("resolved", 10.0).unwrap(),
        Choice::new("partly", 4.0).unwrap(),
    ]);
    assert_eq!(
        ItemWeighting::for_answer(&choices),
        ItemWeighting::BY_POINTS
    );
    let quadratic = ItemWeighting::new(Weighting::Quadratic, Distance::Position);
    let options = CalibrationOptions::default()
        .with_item_weighting("a", ItemWeighting::ORDINAL)
        .with_item_weighting("b", ItemWeighting::NOMINAL)
        .with_item_weighting("a", quadratic);
    assert_eq!(options.item_weighting("a"), Some(quadratic));
    assert_eq!(options.item_weighting("b"), Some(ItemWeighting::NOMINAL));
}

/// Which answers of a form item count as categories in a calibration.
mod declared_categories {
    use super::*;
    use service_quality::Scale;
    use service_quality::form::{Answer, Answers, Choice, Form, Item};
    use service_quality::reliability::{Calibration, CalibrationOptions, Reference};

    /// AC1 of a one-item form's calibration: the lead and a reviewer answering as given.
    fn ac1(item: Item, answers: &[(Answer, Answer)]) -> f64 {
        let form = Form::builder("f", 1).item(item).build().unwrap();
        let mut session = Calibration::new();
        for (call, &(lead, ana)) in answers.iter().enumerate() {
            for (who, answer) in [("lead", lead), ("ana", ana)] {
                let given = Answers::from(vec![answer]);
                let evaluation = given.evaluate(&form).unwrap();
                session
                    .add_evaluation(&format!("c{call}"), who, &evaluation)
                    .unwrap();
            }
        }
        let options =
            CalibrationOptions::default().with_reference(Reference::Calibrator("lead".into()));
        let report = session.evaluate(&options).unwrap();
        report.items()[0].ac1().value().unwrap()
    }

    /// AC1 of the same pairs given as labels, over `categories` or the labels observed.
    fn by_labels(pairs: &[(i64, i64)], weighting: Weighting, categories: Option<Vec<i64>>) -> f64 {
        let rows: Vec<[Option<i64>; 2]> = pairs.iter().map(|&(l, a)| [Some(a), Some(l)]).collect();
        let mut options = AgreementOptions::default().with_weighting(weighting);
        if let Some(list) = categories {
            options = options.try_with_categories(list).unwrap();
        }
        estimate(
            &Ratings::by_subject(&rows).unwrap(),
            Coefficient::Gwet,
            &options,
        )
    }

    #[test]
    fn an_unused_choice_still_counts() {
        let choices = vec![
            Choice::new("resolved", 10.0).unwrap(),
            Choice::new("partly", 5.0).unwrap(),
            Choice::new("not", 0.0).unwrap(),
        ];
        let item = Item::choices("outcome", choices).unwrap();
        // Nobody chose "not"; by points the choices are 0, 50 and 100 apart.
        let pairs = [(0, 0), (0, 1), (1, 1), (0, 0), (1, 0), (0, 0)];
        let answers: Vec<(Answer, Answer)> = pairs
            .iter()
            .map(|&(l, a)| (Answer::Choice(l), Answer::Choice(a)))
            .collect();
        let got = ac1(item, &answers);
        // Scores: choice 0 is 100, choice 1 is 50, choice 2 (unused) is 0; as labels 2, 1, 0.
        let labels: Vec<(i64, i64)> = pairs
            .iter()
            .map(|&(l, a)| (2 - i64::from(l), 2 - i64::from(a)))
            .collect();
        let declared = by_labels(&labels, Weighting::Linear, Some(vec![0, 1, 2]));
        assert_close(got, declared);
        assert!((got - by_labels(&labels, Weighting::Linear, None)).abs() > 1e-3);
    }

    #[test]
    fn a_narrow_scale_away_from_zero_declares_every_step_and_a_wide_one_does_not() {
        // 50..=60: eleven steps, of which the answers use three.
        let narrow = Item::scale("tone", Scale::new(50, 60).unwrap()).unwrap();
        let pairs = [(55, 55), (56, 55), (57, 57), (55, 55), (57, 56), (56, 56)];
        let answers: Vec<(Answer, Answer)> = pairs
            .iter()
            .map(|&(l, a)| (Answer::Rating(l), Answer::Rating(a)))
            .collect();
        let labels: Vec<(i64, i64)> = pairs
            .iter()
            .map(|&(l, a)| (i64::from(l), i64::from(a)))
            .collect();
        assert_close(
            ac1(narrow, &answers),
            by_labels(&labels, Weighting::Ordinal, Some((50..=60).collect())),
        );
        // 0..=1000: too many steps to declare; the answers given are the categories.
        let wide = Item::scale("minutes", Scale::new(0, 1000).unwrap()).unwrap();
        let pairs = [(10, 10), (20, 10), (30, 30), (10, 10), (30, 20), (20, 20)];
        let answers: Vec<(Answer, Answer)> = pairs
            .iter()
            .map(|&(l, a)| (Answer::Rating(l), Answer::Rating(a)))
            .collect();
        let labels: Vec<(i64, i64)> = pairs
            .iter()
            .map(|&(l, a)| (i64::from(l), i64::from(a)))
            .collect();
        assert_close(
            ac1(wide, &answers),
            by_labels(&labels, Weighting::Ordinal, None),
        );
    }
}
