//! Bootstrap intervals: reproducible from a seed, independent of the order of subjects and
//! raters, narrowing with more subjects, always containing the estimate.

use super::agreement::RAW_4_RATERS;

use service_quality::Error;
use service_quality::metrics::Level;
use service_quality::reliability::{
    AgreementOptions, Bootstrap, BootstrapMethod, Coefficient, IccForm, KappaOptions, Measurement,
    Ratings, intraclass_correlation, krippendorff_alpha,
};

/// Two reviewers' 1-5 ratings of 24 calls, mostly close.
fn calls() -> Vec<[Option<i64>; 2]> {
    let first = [
        4, 3, 5, 2, 4, 4, 3, 5, 1, 2, 4, 3, 5, 4, 2, 3, 4, 5, 3, 4, 2, 1, 5, 4,
    ];
    let second = [
        4, 3, 4, 2, 5, 4, 3, 5, 2, 2, 4, 2, 5, 4, 3, 3, 4, 5, 3, 3, 2, 1, 5, 4,
    ];
    first
        .iter()
        .zip(second)
        .map(|(&a, b)| [Some(a), Some(b)])
        .collect()
}

fn width(i: &service_quality::reliability::BootstrapInterval) -> f64 {
    i.interval().upper() - i.interval().lower()
}

#[test]
fn the_same_seed_gives_the_same_interval_and_another_seed_another() {
    let ratings = Ratings::by_subject(&calls()).unwrap();
    let options = AgreementOptions::default();
    let a = Bootstrap::new(500, 42).unwrap();
    let first = a
        .coefficient(&ratings, Coefficient::Gwet, &options)
        .unwrap();
    assert_eq!(
        a.coefficient(&ratings, Coefficient::Gwet, &options)
            .unwrap(),
        first
    );
    let other = Bootstrap::new(500, 43)
        .unwrap()
        .coefficient(&ratings, Coefficient::Gwet, &options)
        .unwrap();
    assert_ne!(other.interval(), first.interval());
    assert_eq!(
        other.interval().estimate().to_bits(),
        first.interval().estimate().to_bits()
    );
    assert_eq!(first.resamples() + first.undefined(), 500);
    assert!(first.standard_error() > 0.0);
    assert!(first.interval().lower() < first.interval().estimate());
}

#[test]
fn pinned_interval_guards_reproducibility_across_platforms_and_versions() {
    // The first resamples of seed 2026: if this changes, every user's published bootstrap
    // interval changes with it. Only a deliberate, announced change may update these bits.
    let ratings = Ratings::by_subject(&calls()).unwrap();
    let interval = Bootstrap::new(200, 2026)
        .unwrap()
        .coefficient(&ratings, Coefficient::Gwet, &AgreementOptions::default())
        .unwrap()
        .interval();
    let bits = [interval.lower().to_bits(), interval.upper().to_bits()];
    assert_eq!(bits, PINNED, "{:?}", [interval.lower(), interval.upper()]);
}

const PINNED: [u64; 2] = [4_601_919_168_418_941_100, 4_606_255_961_678_628_617];

#[test]
fn the_order_of_subjects_and_raters_does_not_change_the_interval() {
    let rows = calls();
    let bootstrap = Bootstrap::new(300, 9).unwrap();
    let options = AgreementOptions::default();
    let original = Ratings::by_subject(&rows).unwrap();
    let mut reversed = rows.clone();
    reversed.reverse();
    reversed.rotate_left(5);
    let swapped: Vec<[Option<i64>; 2]> = rows.iter().map(|&[a, b]| [b, a]).collect();
    for which in [
        Coefficient::Gwet,
        Coefficient::Fleiss,
        Coefficient::Krippendorff,
    ] {
        let want = bootstrap.coefficient(&original, which, &options).unwrap();
        for other in [&reversed, &swapped] {
            let got = bootstrap
                .coefficient(&Ratings::by_subject(other).unwrap(), which, &options)
                .unwrap();
            assert_eq!(got, want, "{which}");
        }
    }
    // Conger's kappa follows each rater, so only the order of subjects is free.
    let want = bootstrap
        .coefficient(&original, Coefficient::Conger, &options)
        .unwrap();
    let got = bootstrap
        .coefficient(
            &Ratings::by_subject(&reversed).unwrap(),
            Coefficient::Conger,
            &options,
        )
        .unwrap();
    assert_eq!(got, want);
}

#[test]
fn more_subjects_narrow_the_interval() {
    let bootstrap = Bootstrap::new(1_000, 5).unwrap();
    let options = AgreementOptions::default();
    let mut previous = f64::INFINITY;
    for copies in [1, 4, 16] {
        let rows: Vec<[Option<i64>; 2]> = (0..copies).flat_map(|_| calls()).collect();
        let ratings = Ratings::by_subject(&rows).unwrap();
        let interval = bootstrap
            .coefficient(&ratings, Coefficient::Gwet, &options)
            .unwrap();
        let w = width(&interval);
        assert!(
            w < previous,
            "{copies} copies: width {w}, before {previous}"
        );
        previous = w;
    }
}

#[test]
fn every_statistic_has_a_bootstrap_and_bias_correction_applies_or_says_it_did_not() {
    let percentile = Bootstrap::new(400, 1).unwrap();
    let corrected = percentile.with_method(BootstrapMethod::BiasCorrected);
    let by_rater: Vec<Vec<Option<f64>>> = (0..4)
        .map(|g| {
            RAW_4_RATERS
                .iter()
                .map(|r| r[g].map(|v| v as f64))
                .collect()
        })
        .collect();
    let alpha = krippendorff_alpha(&by_rater, Measurement::Nominal).unwrap();
    for bootstrap in [percentile, corrected] {
        let interval = bootstrap
            .krippendorff_alpha(&by_rater, Measurement::Nominal)
            .unwrap();
        assert_eq!(interval.interval().estimate().to_bits(), alpha.to_bits());
        assert!(interval.interval().contains(alpha));
        assert!(interval.interval().upper() <= 1.0);
    }
    let rows = calls();
    let (a, b): (Vec<i64>, Vec<i64>) = rows.iter().map(|r| (r[0].unwrap(), r[1].unwrap())).unzip();
    let kappa = corrected.kappa(&a, &b, &KappaOptions::default()).unwrap();
    assert_eq!(kappa.method(), BootstrapMethod::BiasCorrected);
    assert!(kappa.interval().contains(kappa.interval().estimate()));

    let table: Vec<Vec<f64>> = rows
        .iter()
        .map(|r| vec![r[0].unwrap() as f64, r[1].unwrap() as f64])
        .collect();
    let icc = percentile.icc(&table, IccForm::AgreementSingle).unwrap();
    let direct = intraclass_correlation(&table, Level::default()).unwrap();
    assert_eq!(
        icc.interval().estimate().to_bits(),
        direct.get(IccForm::AgreementSingle).value().to_bits()
    );
    assert!(icc.interval().lower() > 0.5);

    // Everyone agrees on every call: every resample gives AC1 = 1, half of the ties count as
    // below the estimate, so there is no bias to correct and the interval is [1, 1].
    let perfect =
        Ratings::by_subject(&[[Some(1), Some(1)], [Some(2), Some(2)], [Some(3), Some(3)]]).unwrap();
    let ac1 = corrected
        .coefficient(&perfect, Coefficient::Gwet, &AgreementOptions::default())
        .unwrap();
    assert_eq!((ac1.interval().lower(), ac1.interval().upper()), (1.0, 1.0));
    assert_eq!(ac1.standard_error().to_bits(), 0.0_f64.to_bits());
}

#[test]
fn a_paired_difference_cancels_what_two_sets_of_ratings_share() {
    let ratings = Ratings::by_subject(&calls()).unwrap();
    let bootstrap = Bootstrap::new(300, 3).unwrap();
    let options = AgreementOptions::default();
    let same = bootstrap
        .difference(&ratings, &ratings, Coefficient::Gwet, &options)
        .unwrap();
    let i = same.interval();
    assert_eq!((i.lower(), i.estimate(), i.upper()), (0.0, 0.0, 0.0));

    let perfect: Vec<[Option<i64>; 2]> = calls().iter().map(|r| [r[0], r[0]]).collect();
    let perfect = Ratings::by_subject(&perfect).unwrap();
    let gain = bootstrap
        .difference(&perfect, &ratings, Coefficient::Gwet, &options)
        .unwrap();
    assert!(gain.interval().lower() > 0.0, "{:?}", gain.interval());

    let fewer = Ratings::by_subject(&calls()[..5]).unwrap();
    assert!(matches!(
        bootstrap.difference(&ratings, &fewer, Coefficient::Gwet, &options),
        Err(Error::Mismatch { .. })
    ));
}

#[test]
fn thin_data_and_bad_settings_get_typed_errors() {
    assert_eq!(
        Bootstrap::new(99, 0).unwrap_err().to_string(),
        "resamples is 99, expected between 100 and 1000000"
    );
    assert_eq!(
        Bootstrap::default().resamples(),
        Bootstrap::DEFAULT_RESAMPLES
    );
    // Kappa is undefined on all the data (one category).
    let one = Ratings::by_subject(&[[Some(1), Some(1)], [Some(1), Some(1)]]).unwrap();
    assert!(matches!(
        Bootstrap::default().coefficient(&one, Coefficient::Fleiss, &AgreementOptions::default()),
        Err(Error::Degenerate { .. })
    ));
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(crate::common::cases(24))]

        #[test]
        fn intervals_contain_the_estimate_and_ignore_the_order_of_subjects(
            rows in proptest::collection::vec(
                proptest::collection::vec(proptest::option::weighted(0.9, 0i64..3), 3),
                4..20,
            ),
            rotate in 0usize..20,
        ) {
            let bootstrap = Bootstrap::new(100, 11).unwrap();
            let options = AgreementOptions::default();
            let ratings = Ratings::by_subject(&rows).unwrap();
            let mut moved = rows.clone();
            moved.rotate_left(rotate % rows.len());
            let moved = Ratings::by_subject(&moved).unwrap();
            for which in [Coefficient::Gwet, Coefficient::Krippendorff] {
                match bootstrap.coefficient(&ratings, which, &options) {
                    Ok(interval) => {
                        let i = interval.interval();
                        prop_assert!(i.contains(i.estimate()));
                        prop_assert!(i.lower().is_finite() && i.upper() <= 1.0);
                        prop_assert_eq!(bootstrap.coefficient(&moved, which, &options).unwrap(), interval);
                    }
                    Err(e) => prop_assert!(matches!(e, Error::Degenerate { .. }), "{e}"),
                }
            }
        }
    }
}

#[test]
fn the_level_sets_the_interval() {
    let ratings = Ratings::by_subject(&calls()).unwrap();
    let options = AgreementOptions::default();
    let at = |level: f64| {
        let bootstrap = Bootstrap::new(1_000, 8)
            .unwrap()
            .with_level(Level::new(level).unwrap());
        assert_eq!(bootstrap.level().get().to_bits(), level.to_bits());
        let i = bootstrap
            .coefficient(&ratings, Coefficient::Gwet, &options)
            .unwrap()
            .interval();
        assert_eq!(i.level().get().to_bits(), level.to_bits());
        i
    };
    let (eighty, ninety_nine) = (at(0.8), at(0.99));
    assert!(eighty.lower() > ninety_nine.lower() && eighty.upper() < ninety_nine.upper());
}

#[test]
fn a_paired_difference_does_not_depend_on_the_order_of_subjects() {
    let before = calls();
    let after: Vec<[Option<i64>; 2]> = before.iter().map(|r| [r[0], r[0]]).collect();
    let bootstrap = Bootstrap::new(300, 4).unwrap();
    let options = AgreementOptions::default();
    let difference = |a: &[[Option<i64>; 2]], b: &[[Option<i64>; 2]]| {
        bootstrap
            .difference(
                &Ratings::by_subject(a).unwrap(),
                &Ratings::by_subject(b).unwrap(),
                Coefficient::Gwet,
                &options,
            )
            .unwrap()
    };
    let want = difference(&after, &before);
    // The same subjects in another order, kept paired.
    let (mut a, mut b) = (after.clone(), before.clone());
    a.reverse();
    b.reverse();
    a.rotate_left(7);
    b.rotate_left(7);
    assert_eq!(difference(&a, &b), want);
    assert!(want.interval().lower() < want.interval().upper());
}
