//! Properties of the measures and reliability statistics: bounds, merge equals whole, order
//! independence, no panic and no NaN on arbitrary input, and serde round-trips.

use proptest::prelude::*;
use service_quality::metrics::servqual::{QualityDimension, Response, Servqual};
use service_quality::metrics::{Ces, Csat, Level, Nps};
use service_quality::reliability::{
    Measurement, Weighting, cohen_kappa, cronbach_alpha, fleiss_kappa, krippendorff_alpha,
};
use strum::IntoEnumIterator;

fn level() -> impl Strategy<Value = Level> {
    (0.5f64..0.999).prop_map(|l| Level::new(l).unwrap())
}

fn response() -> impl Strategy<Value = Response> {
    (
        proptest::option::of(proptest::array::uniform22(1i64..=7)),
        proptest::array::uniform22(1i64..=7),
    )
        .prop_map(|(e, p)| match e {
            Some(e) => Response::new(e, p).unwrap(),
            None => Response::perceptions_only(p).unwrap(),
        })
}

proptest! {
    #![proptest_config(crate::common::cases(500))]

    #[test]
    fn nps_is_bounded_and_merges_exactly(
        answers in proptest::collection::vec(0i64..=10, 1..200),
        cut in any::<prop::sample::Index>(),
        level in level(),
    ) {
        let whole = Nps::from_answers(answers.iter().copied()).unwrap();
        let at = cut.index(answers.len() + 1);
        let mut left = Nps::from_answers(answers[..at].iter().copied()).unwrap();
        left.merge(&Nps::from_answers(answers[at..].iter().copied()).unwrap());
        prop_assert_eq!(left, whole);

        let score = whole.score().unwrap();
        prop_assert!((-100.0..=100.0).contains(&score));
        // The default (adjusted Wald) interval exists for every group with an answer.
        let ci = whole.interval(level).unwrap();
        prop_assert!(ci.lower() >= -100.0 && ci.upper() <= 100.0);
        prop_assert!(ci.contains(score));
        let (p, q, d) = whole.shares().unwrap();
        prop_assert!((p + q + d - 1.0).abs() < 1e-12);
    }

    #[test]
    fn csat_wilson_contains_the_share(
        answers in proptest::collection::vec(1i64..=5, 1..300),
        level in level(),
    ) {
        let mut csat = Csat::default();
        for a in &answers {
            csat.add(*a).unwrap();
        }
        let score = csat.score().unwrap();
        let ci = csat.interval(level).unwrap();
        prop_assert!(0.0 <= ci.lower() && ci.upper() <= 100.0);
        prop_assert!(ci.lower() <= score + 1e-9 && score <= ci.upper() + 1e-9);
    }

    #[test]
    fn ces_mean_and_interval_stay_on_the_scale(
        answers in proptest::collection::vec(1i64..=7, 1..200),
        level in level(),
    ) {
        let ces = Ces::from_answers(answers.iter().copied()).unwrap();
        let mean = ces.score().unwrap();
        prop_assert!((1.0..=7.0).contains(&mean));
        if let Ok(ci) = ces.interval(level) {
            prop_assert!(ci.lower() >= 1.0 && ci.upper() <= 7.0 && ci.contains(mean));
        }
        prop_assert!((0.0..=100.0).contains(&ces.easy_share().unwrap()));
    }

    #[test]
    fn servqual_ignores_order_and_split(
        responses in proptest::collection::vec(response(), 1..40),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut whole = Servqual::new();
        responses.iter().for_each(|r| whole.add(r));
        let mut reversed = Servqual::new();
        responses.iter().rev().for_each(|r| reversed.add(r));
        prop_assert_eq!(whole, reversed);

        let at = cut.index(responses.len() + 1);
        let (mut left, mut right) = (Servqual::new(), Servqual::new());
        responses[..at].iter().for_each(|r| left.add(r));
        responses[at..].iter().for_each(|r| right.add(r));
        left.merge(&right);
        prop_assert_eq!(left, whole);

        if let Ok(score) = whole.unweighted_score() {
            prop_assert!((-6.0..=6.0).contains(&score));
            for d in QualityDimension::iter() {
                prop_assert!((-6.0..=6.0).contains(&whole.dimension_gap(d).unwrap()));
            }
        }
        let perf = whole.servperf().unwrap();
        prop_assert!((1.0..=7.0).contains(&perf));
    }

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

#[cfg(feature = "serde")]
proptest! {
    #[test]
    fn tallies_round_trip_through_json(
        nps in proptest::collection::vec(0i64..=10, 0..50),
        ces in proptest::collection::vec(1i64..=7, 0..50),
        responses in proptest::collection::vec(response(), 0..10),
    ) {
        let nps = Nps::from_answers(nps).unwrap();
        let back: Nps = serde_json::from_str(&serde_json::to_string(&nps).unwrap()).unwrap();
        prop_assert_eq!(back, nps);
        let ces = Ces::from_answers(ces).unwrap();
        let back: Ces = serde_json::from_str(&serde_json::to_string(&ces).unwrap()).unwrap();
        prop_assert_eq!(back, ces);
        let mut s = Servqual::new();
        for r in &responses {
            s.add(r);
            let back: Response = serde_json::from_str(&serde_json::to_string(r).unwrap()).unwrap();
            prop_assert_eq!(&back, r);
        }
        let back: Servqual = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
        prop_assert_eq!(back, s);
    }
}

#[cfg(feature = "serde")]
#[test]
fn impossible_stored_tallies_are_rejected() {
    use serde_json::json;
    let csat =
        json!({"scale": {"min": 1, "max": 5}, "satisfied_from": 4, "satisfied": 9, "total": 3});
    let err = serde_json::from_value::<Csat>(csat)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("satisfied is 9, expected at most the total, 3"),
        "{err}"
    );
    let level = serde_json::from_value::<Level>(json!(1.5))
        .unwrap_err()
        .to_string();
    assert!(
        level.starts_with("level is 1.5, expected a finite value in (0, 1)"),
        "{level}"
    );
    let mut good = serde_json::to_value(Servqual::new()).unwrap();
    good["responses"] = json!(1);
    let err = serde_json::from_value::<Servqual>(good)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("perception sum is 0, expected between 1 and 7"),
        "{err}"
    );
    let importance = json!({"tangibles": 50, "reliability": 50, "responsiveness": 0,
                            "assurance": 0, "empathy": 1});
    let err = serde_json::from_value::<service_quality::metrics::servqual::Importance>(importance)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("importance points total is 101, expected 100"),
        "{err}"
    );
}
