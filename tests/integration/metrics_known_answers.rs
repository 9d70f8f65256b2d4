//! Known-answer tests for the standard measures and the reliability statistics.
//!
//! Reference values come from published worked examples where they exist, and otherwise from
//! the peers (scikit-learn, statsmodels, pingouin, the krippendorff package, scipy) run by
//! `tests/reference/peers.py` on the data below; its output is recorded in
//! `tests/reference/peers.out`. CI does not need Python.

use crate::common::assert_close;

use service_quality::metrics::servqual::{Importance, Item, QualityDimension, Response, Servqual};
use service_quality::metrics::{Ces, Csat, Level, Nps, NpsMethod};
use service_quality::reliability::{
    Measurement, Weighting, cohen_kappa, cronbach_alpha, fleiss_kappa, krippendorff_alpha,
};
use service_quality::{Error, Scale};

fn close(got: f64, want: f64, tol: f64) {
    assert!((got - want).abs() <= tol, "got {got}, want {want}");
}

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

// ---- Fleiss' kappa ----

/// Fleiss (1971): 10 subjects, 14 raters, 5 categories; published κ = 0.210. statsmodels
/// `fleiss_kappa` gives 0.20993070442195522.
#[test]
fn fleiss_kappa_textbook_table() {
    let table = [
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
    let kappa = fleiss_kappa(&table).unwrap();
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

// ---- NPS, CSAT, CES ----

/// 5 promoters, 3 passives, 2 detractors: NPS 30; SE = 100 √((0.5 + 0.2 − 0.09) / 10);
/// Wald interval with scipy's z(0.975).
#[test]
fn nps_interval() {
    let nps = Nps::from_answers([10, 9, 9, 10, 9, 8, 7, 8, 3, 6]).unwrap();
    assert_close(nps.score().unwrap(), 30.0);
    close(nps.standard_error().unwrap(), 24.69817807045694, 1e-12);
    let ci = nps
        .interval_with(NpsMethod::Wald, Level::NINETY_FIVE)
        .unwrap();
    close(ci.lower(), -18.40753950185257, 1e-9);
    close(ci.upper(), 78.40753950185257, 1e-9);
}

/// statsmodels `proportion_confint(41, 50, alpha=0.05, method="wilson")` and
/// `proportion_confint(3, 10, alpha=0.10, method="wilson")`, in percent.
#[test]
fn csat_wilson_interval_matches_statsmodels() {
    let mut csat = Csat::default();
    for _ in 0..41 {
        csat.add(5).unwrap();
    }
    for _ in 0..9 {
        csat.add(2).unwrap();
    }
    assert_close(csat.score().unwrap(), 82.0);
    let ci = csat.interval(Level::NINETY_FIVE).unwrap();
    assert_close(ci.estimate(), 82.0);
    close(ci.lower(), 69.2039463256992, 1e-9);
    close(ci.upper(), 90.2298073297658, 1e-9);

    let mut small = Csat::default();
    for answer in [4, 5, 4, 1, 2, 3, 3, 2, 1, 2] {
        small.add(answer).unwrap();
    }
    let ci = small.interval(Level::new(0.9).unwrap()).unwrap();
    close(ci.lower(), 12.687658390319784, 1e-9);
    close(ci.upper(), 55.8300204130165, 1e-9);

    // All satisfied or none: the interval ends exactly at 100% or 0%, as the formula gives on
    // paper, with the other end where the Wilson formula puts it (72.2467…% and 27.7532…% for
    // ten, computed independently in Python).
    let mut all = Csat::default();
    let mut none = Csat::default();
    for _ in 0..10 {
        all.add(5).unwrap();
        none.add(1).unwrap();
    }
    let (all, none) = (
        all.interval(Level::NINETY_FIVE).unwrap(),
        none.interval(Level::NINETY_FIVE).unwrap(),
    );
    assert_eq!((all.upper(), none.lower()), (100.0, 0.0));
    close(all.lower(), 72.24672001371107, 1e-9);
    close(none.upper(), 27.75327998628892, 1e-9);
}

/// scipy `t.interval(0.95, 11, mean, sem)` for 12 CES answers.
#[test]
fn ces_t_interval_matches_scipy() {
    let ces = Ces::from_answers([7, 6, 5, 6, 2, 7, 6, 4, 5, 6, 7, 3]).unwrap();
    close(ces.score().unwrap(), 5.333333333333333, 1e-12);
    close(ces.standard_deviation().unwrap(), 1.6143297699232972, 1e-12);
    let ci = ces.interval(Level::NINETY_FIVE).unwrap();
    close(ci.lower(), 4.307637132168624, 1e-9);
    close(ci.upper(), 6.359029534498042, 1e-9);
}

// ---- SERVQUAL ----

/// Hand-computed: two respondents. Respondent 1 expects 7 on every item and perceives 5 on
/// items 1-9 and 6 on 10-22; respondent 2 expects 6 everywhere and perceives 6 everywhere.
/// Item gaps: items 1-9 (−2 + 0)/2 = −1; items 10-22 (−1 + 0)/2 = −0.5.
/// Dimension gaps: tangibles −1, reliability −1, responsiveness −0.5, assurance −0.5,
/// empathy −0.5; unweighted mean −0.7. Weighted 20/30/20/15/15: −0.2 − 0.3 − 0.1 − 0.075 −
/// 0.075 = −0.75. SERVPERF: items 1-9 mean 5.5, items 10-22 mean 6 → (9·5.5 + 13·6)/22.
#[test]
fn servqual_hand_computed() {
    let first_perceived: [i64; 22] = core::array::from_fn(|i| if i < 9 { 5 } else { 6 });
    let mut s = Servqual::new();
    s.add(&Response::new([7; 22], first_perceived).unwrap());
    s.add(&Response::new([6; 22], [6; 22]).unwrap());

    assert_close(s.item_gap(Item::new(1).unwrap()).unwrap(), -1.0);
    assert_close(s.item_gap(Item::new(22).unwrap()).unwrap(), -0.5);
    let gaps: Vec<f64> = [
        QualityDimension::Tangibles,
        QualityDimension::Reliability,
        QualityDimension::Responsiveness,
        QualityDimension::Assurance,
        QualityDimension::Empathy,
    ]
    .into_iter()
    .map(|d| s.dimension_gap(d).unwrap())
    .collect();
    assert_eq!(gaps, [-1.0, -1.0, -0.5, -0.5, -0.5]);
    close(s.unweighted_score().unwrap(), -0.7, 1e-12);
    let importance = Importance::new([20.0, 30.0, 20.0, 15.0, 15.0]).unwrap();
    close(s.weighted_score(&importance).unwrap(), -0.75, 1e-12);
    close(
        s.servperf().unwrap(),
        (9.0 * 5.5 + 13.0 * 6.0) / 22.0,
        1e-12,
    );
    close(
        s.dimension_perception(QualityDimension::Tangibles).unwrap(),
        5.5,
        1e-12,
    );
}

// ---- degenerate input is an error, never NaN ----

#[test]
fn degenerate_input_is_an_error() {
    assert!(matches!(Nps::new().score(), Err(Error::Empty { .. })));
    assert!(matches!(
        Csat::default().interval(Level::default()),
        Err(Error::Empty { .. })
    ));
    assert!(matches!(
        Ces::from_answers([4]).unwrap().interval(Level::default()),
        Err(Error::Degenerate { .. })
    ));
    assert!(matches!(
        cohen_kappa(&[1, 1], &[1, 1], Weighting::Linear),
        Err(Error::Degenerate { .. })
    ));
    assert!(matches!(
        cohen_kappa(&[1, 2], &[1], Weighting::Linear),
        Err(Error::Mismatch { .. })
    ));
    assert!(
        matches!(fleiss_kappa(&[[1u64, 0]]), Err(Error::Degenerate { .. })),
        "single rater"
    );
    assert!(matches!(
        fleiss_kappa(&[[3u64, 0], [2, 0]]),
        Err(Error::Mismatch { .. })
    ));
    assert!(matches!(
        cronbach_alpha(&[[1.0, 2.0]]),
        Err(Error::Degenerate { .. })
    ));
    assert!(matches!(
        cronbach_alpha(&[[1.0, f64::NAN], [2.0, 3.0]]),
        Err(Error::ValueOutOfRange { .. })
    ));
    let one_rater = [[Some(1.0), Some(2.0), Some(3.0)]];
    assert!(matches!(
        krippendorff_alpha(&one_rater, Measurement::Nominal),
        Err(Error::Degenerate { .. })
    ));
    assert!(matches!(
        Level::new(f64::NAN),
        Err(Error::ValueOutOfRange { .. })
    ));
    assert!(matches!(
        Level::new(0.0),
        Err(Error::ValueOutOfRange { .. })
    ));
    assert!(matches!(
        Importance::new([20.0, 20.0, 20.0, 20.0, 21.0]),
        Err(Error::Inconsistent { .. })
    ));
    assert!(matches!(
        Importance::new([-20.0, 40.0, 40.0, 20.0, 20.0]),
        Err(Error::InvalidWeight { .. })
    ));
    assert!(matches!(
        Servqual::new().unweighted_score(),
        Err(Error::Empty { .. })
    ));
}

#[test]
fn merged_effort_tallies_count_both_halves() {
    let mut first = Ces::from_answers([1, 2, 3]).unwrap();
    let second = Ces::from_answers([7, 7]).unwrap();
    first.merge(&second);
    assert_eq!(first.counts(), [1, 1, 1, 0, 0, 0, 2]);
    // (1 + 2 + 3 + 7 + 7) / 5
    assert_close(first.score().unwrap(), 4.0);
}

#[test]
fn effort_standard_deviation_is_the_sample_one() {
    // [1, 3, 5]: mean 3, squared deviations 4 + 0 + 4, over n − 1 = 2: variance 4.
    assert_close(
        Ces::from_answers([1, 3, 5])
            .unwrap()
            .standard_deviation()
            .unwrap(),
        2.0,
    );
    assert_close(
        Ces::from_answers([1, 3])
            .unwrap()
            .standard_deviation()
            .unwrap(),
        2f64.sqrt(),
    );
    assert!(matches!(
        Ces::from_answers([4]).unwrap().standard_deviation(),
        Err(Error::Degenerate { .. })
    ));
    assert!(matches!(
        Ces::new().standard_deviation(),
        Err(Error::Empty { .. })
    ));
}

#[test]
fn effort_easy_share_counts_answers_five_to_seven() {
    // Three of the four answers are 5 or more.
    assert_close(
        Ces::from_answers([1, 5, 6, 7])
            .unwrap()
            .easy_share()
            .unwrap(),
        75.0,
    );
    assert_close(
        Ces::from_answers([4, 4]).unwrap().easy_share().unwrap(),
        0.0,
    );
    assert!(Ces::new().easy_share().is_err());
    let mut through_trait = Ces::from_answers([1]).unwrap();
    service_quality::Merge::merge(&mut through_trait, &Ces::from_answers([7]).unwrap());
    assert_eq!(through_trait.counts(), [1, 0, 0, 0, 0, 0, 1]);
}

#[test]
fn csat_tallies_keep_their_threshold_and_merge_counts() {
    let mut a = Csat::new(Scale::ZERO_TO_TEN, 9).unwrap();
    for answer in [10, 9, 3] {
        a.add(answer).unwrap();
    }
    assert_eq!((a.satisfied_from(), a.satisfied(), a.count()), (9, 2, 3));
    let mut b = Csat::new(Scale::ZERO_TO_TEN, 9).unwrap();
    b.add(8).unwrap();
    a.merge(&b).unwrap();
    assert_eq!((a.satisfied(), a.count()), (2, 4));
    assert_close(a.score().unwrap(), 50.0);
    let other_scale = Csat::new(Scale::ONE_TO_FIVE, 4).unwrap();
    assert_eq!(
        a.merge(&other_scale).unwrap_err().to_string(),
        "CSAT scale differs: 1..=5 here, 0..=10 expected"
    );
    assert_eq!(a.count(), 4);
}

#[test]
fn wald_nps_intervals_need_two_categories_and_adjusted_ones_do_not() {
    let two = Nps::from_answers([9, 10, 3]).unwrap();
    assert!(two.interval_with(NpsMethod::Wald, Level::default()).is_ok());
    let promoters = Nps::from_answers([9, 10]).unwrap();
    assert!(matches!(
        promoters.interval_with(NpsMethod::Wald, Level::default()),
        Err(Error::Degenerate { .. })
    ));
    let adjusted = promoters.interval(Level::default()).unwrap();
    assert!(adjusted.lower() < 100.0 && adjusted.contains(100.0));
}

#[test]
fn levels_and_intervals_report_what_they_hold() {
    let level = Level::new(0.9).unwrap();
    assert_close(level.get(), 0.9);
    assert_close(f64::from(level), 0.9);
    let mut csat = Csat::default();
    for answer in [5, 5, 1] {
        csat.add(answer).unwrap();
    }
    let ci = csat.interval(level).unwrap();
    assert_eq!(ci.level(), level);
    assert!(ci.contains(ci.estimate()));
    assert!(ci.contains(ci.lower()) && ci.contains(ci.upper()));
    assert!(!ci.contains(ci.lower() - 1.0) && !ci.contains(ci.upper() + 1.0));
}

#[test]
fn servqual_items_and_responses_report_what_they_hold() {
    let item = Item::new(7).unwrap();
    assert_eq!((item.number(), item.to_string()), (7, "item 7".to_owned()));
    let numbers: Vec<u8> = Item::all().map(Item::number).collect();
    assert_eq!(numbers, (1..=22).collect::<Vec<u8>>());
    // Expectation of item i is 1 + i % 7, perception 7 − i % 7.
    let expectations: [i64; 22] = std::array::from_fn(|i| 1 + (i as i64 + 1) % 7);
    let perceptions: [i64; 22] = std::array::from_fn(|i| 7 - (i as i64 + 1) % 7);
    let response = Response::new(expectations, perceptions).unwrap();
    assert_eq!(response.expectation(3), Some(4));
    assert_eq!(response.perception(3), Some(4));
    assert_eq!(response.expectation(9), Some(3));
    assert_eq!(response.perception(9), Some(5));
    for outside in [0, 23] {
        assert_eq!(
            (response.expectation(outside), response.perception(outside)),
            (None, None)
        );
    }
    let only = Response::perceptions_only(perceptions).unwrap();
    assert_eq!((only.expectation(3), only.perception(3)), (None, Some(4)));

    let mut tally = Servqual::new();
    tally.add(&response);
    tally.add(&only);
    assert_eq!((tally.gap_responses(), tally.responses()), (1, 2));
    tally.add(&response);
    assert_eq!((tally.gap_responses(), tally.responses()), (2, 3));
    let mut through_trait = Servqual::new();
    service_quality::Merge::merge(&mut through_trait, &tally);
    assert_eq!(through_trait, tally);
}

#[test]
fn nps_tallies_merge_and_extend_through_the_traits() {
    let parts = [
        Nps::from_answers([10, 9]).unwrap(),
        Nps::from_answers([0]).unwrap(),
    ];
    let mut extended = Nps::new();
    extended.extend(&parts);
    let mut merged = Nps::new();
    for part in &parts {
        service_quality::Merge::merge(&mut merged, part);
    }
    assert_eq!(extended, Nps::from_answers([10, 9, 0]).unwrap());
    assert_eq!(merged, extended);
}

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
