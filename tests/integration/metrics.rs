//! The standard measures and the statistics for decisions: NPS, CSAT, CES and SERVQUAL tallies,
//! intervals for every group size, differences between groups with p-values, Holm's adjustment
//! and key drivers.
//!
//! Known answers come from published worked examples where they exist, and otherwise from the
//! peers (scipy, statsmodels, pingouin, scikit-learn) run by `tests/reference/peers.py` on the
//! data in the tests, with its output recorded in `tests/reference/peers.out` (CI does not need
//! Python); each test names the peer call. Peer values are matched to 1e-9 unless a comment says
//! otherwise; published ones to their printed digits.

use crate::common::assert_close;

use proptest::prelude::*;
use service_quality::metrics::servqual::{Item, Response, Servqual};
use service_quality::metrics::{Ces, Csat, Level, Nps, NpsMethod};
use service_quality::{Error, Scale};

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

mod known_answers {
    use crate::common::{assert_close, bounds, close, level};

    use service_quality::metrics::compare::{self, holm};
    use service_quality::metrics::drivers::{key_drivers, pearson, spearman};
    use service_quality::metrics::servqual::{
        Importance, Item, QualityDimension, Response, Servqual,
    };
    use service_quality::metrics::{Ces, Csat, Level, Moments, Nps, NpsMethod, Share, ShareMethod};

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
        // The default is still the plain Wilson interval (statsmodels, in
        // `csat_wilson_interval_matches_statsmodels` above).
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
        let b =
            Moments::from_values(&[70.0, 62.0, 74.0, 58.0, 66.0, 71.0, 60.0, 68.0, 73.0]).unwrap();
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

    /// The caveat in `compare::nps`'s docs: equal observed scores in groups of unequal size get
    /// an adjusted centre away from 0. Hand computation with the adjusted-Wald formulas (n + 3,
    /// ¾ added to promoters and detractors): 11 against 4 promoters, p = 0.463071015; 1 against
    /// 1,000, p = 0.0463719016.
    #[test]
    fn equal_nps_of_unequal_groups_keep_the_adjusted_centre() {
        let all_promoters = |n: usize| Nps::from_answers(vec![10; n]).unwrap();
        for (n1, n2, p) in [(11, 4, 0.463_071_015), (1, 1_000, 0.046_371_901_6)] {
            let d = compare::nps(
                &all_promoters(n1),
                &all_promoters(n2),
                NpsMethod::AdjustedWald,
                Level::NINETY_FIVE,
            )
            .unwrap();
            close(d.difference(), 0.0, 1e-12);
            assert!(d.interval().contains(0.0));
            close(d.p_value(), p, 1e-8);
        }
    }

    /// Newcombe (1998), "Interval estimation for the difference between independent proportions:
    /// comparison of eleven methods", Statistics in Medicine 17, Table II, methods 10 and 11
    /// (printed to 4 decimals); statsmodels `confint_proportions_2indep(method="newcomb")` for
    /// method 10 to 1e-9; scipy `chi2_contingency` (without and with Yates' correction) for the
    /// p-values.
    #[test]
    fn a_share_with_an_exact_percentage_gets_it() {
        // 23 of 40 is 57.5% exactly; dividing first would give 57.49999999999999 and print 57.
        let share = service_quality::metrics::Share::new(23, 40).unwrap();
        assert_eq!(share.percent().to_bits(), 57.5_f64.to_bits());
        assert_eq!(format!("{:.0}", share.percent()), "58");
        assert_eq!(
            service_quality::metrics::Share::new(1, 3)
                .unwrap()
                .percent()
                .to_bits(),
            (100.0_f64 / 3.0).to_bits()
        );
    }

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
}

/// Edges of the comparisons that the known answers leave open.
mod comparison_edges {
    use service_quality::metrics::compare;
    use service_quality::metrics::{Level, Moments, Share, ShareMethod};

    #[test]
    fn shares_that_cannot_differ_have_a_p_value_of_one() {
        // Nobody satisfied in either group (or everybody): the pooled share has no spread.
        for (a, b) in [((0, 10), (0, 12)), ((10, 10), (12, 12))] {
            let d = compare::shares(
                Share::new(a.0, a.1).unwrap(),
                Share::new(b.0, b.1).unwrap(),
                ShareMethod::Wilson,
                Level::default(),
            );
            assert_eq!(d.p_value().to_bits(), 1.0_f64.to_bits());
            assert!(!d.is_significant(Level::default()));
        }
    }

    #[test]
    fn means_need_two_values_in_each_group() {
        let two = Moments::new(2, 80.0, 4.0).unwrap();
        let one = Moments::new(1, 80.0, 0.0).unwrap();
        assert!(compare::means(&two, &two, Level::default()).is_ok());
        for (a, b) in [(&one, &two), (&two, &one)] {
            assert_eq!(
                compare::means(a, b, Level::default())
                    .unwrap_err()
                    .to_string(),
                "mean difference is undefined: it needs at least two values in each group"
            );
        }
    }
}

/// The size limits of key-driver analysis, at their boundaries.
mod driver_limits {
    use service_quality::metrics::Level;
    use service_quality::metrics::drivers::key_drivers;

    /// `n` respondents' outcome and `k` items, varied and not collinear (a fixed LCG).
    fn data(n: usize, k: usize) -> (Vec<f64>, Vec<(String, Vec<f64>)>) {
        let mut state = 7u64;
        let mut next = move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            1.0 + ((state >> 33) % 5) as f64
        };
        let items: Vec<(String, Vec<f64>)> = (0..k)
            .map(|j| (format!("item {j}"), (0..n).map(|_| next()).collect()))
            .collect();
        let outcome = (0..n)
            .map(|i| items.iter().map(|(_, v)| v[i]).sum::<f64>() + next())
            .collect();
        (outcome, items)
    }

    #[test]
    fn fifteen_items_are_allowed_and_sixteen_are_not() {
        let (outcome, items) = data(40, 15);
        assert!(key_drivers(&outcome, &items, Level::default()).is_ok());
        let (outcome, items) = data(40, 16);
        assert_eq!(
            key_drivers(&outcome, &items, Level::default())
                .unwrap_err()
                .to_string(),
            "number of driver items is 16, expected at most 15 (the exact Shapley decomposition fits every subset of items)"
        );
    }

    #[test]
    fn respondents_must_be_four_and_two_more_than_the_items() {
        let degenerate = "key driver analysis is undefined: it needs at least four respondents and two more respondents than items";
        // One item: four respondents suffice, three do not.
        let (outcome, items) = data(4, 1);
        assert!(key_drivers(&outcome, &items, Level::default()).is_ok());
        let (outcome, items) = data(3, 1);
        assert_eq!(
            key_drivers(&outcome, &items, Level::default())
                .unwrap_err()
                .to_string(),
            degenerate
        );
        // Three items: five respondents suffice, four do not.
        let (outcome, items) = data(5, 3);
        assert!(key_drivers(&outcome, &items, Level::default()).is_ok());
        let (outcome, items) = data(4, 3);
        assert_eq!(
            key_drivers(&outcome, &items, Level::default())
                .unwrap_err()
                .to_string(),
            degenerate
        );
    }
}

/// The edges of the correlations under key-driver analysis: what counts as varying, how many
/// pairs an interval needs, and what a share is when nothing is explained.
mod correlation_edges {
    use crate::common::assert_close;
    use service_quality::metrics::Level;
    use service_quality::metrics::drivers::{key_drivers, pearson, spearman};

    const RISING: [f64; 6] = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];

    #[test]
    fn unequal_lengths_and_non_finite_scores_are_refused() {
        for result in [
            pearson(&RISING, &RISING[..5], Level::default()),
            spearman(&RISING, &RISING[..5], Level::default()),
        ] {
            assert_eq!(
                result.unwrap_err().to_string(),
                "number of scores differs: 5 here, 6 expected"
            );
        }
        let mut broken = RISING;
        broken[2] = f64::NAN;
        assert!(pearson(&RISING, &broken, Level::default()).is_err());
        assert!(spearman(&broken, &RISING, Level::default()).is_err());
        assert_eq!(
            key_drivers(&RISING, &[("tone", &RISING[..5])], Level::default())
                .unwrap_err()
                .to_string(),
            "number of scores differs: 5 here, 6 expected"
        );
    }

    #[test]
    fn an_interval_needs_four_pairs() {
        assert!(pearson(&RISING[..4], &RISING[..4], Level::default()).is_ok());
        assert_eq!(
            pearson(&RISING[..3], &RISING[..3], Level::default())
                .unwrap_err()
                .to_string(),
            "correlation interval is undefined: it needs at least four pairs"
        );
    }

    #[test]
    fn scores_centred_on_zero_vary() {
        // A mean of exactly zero must not make the test for variation divide by it.
        let centred = [-1.0, 1.0, -1.0, 1.0, -2.0, 2.0];
        let r = pearson(&centred, &RISING, Level::default()).unwrap();
        assert!(r.estimate() > 0.0 && r.estimate() < 1.0, "{r:?}");
    }

    #[test]
    fn a_constant_whose_mean_rounds_off_does_not_vary() {
        // Six copies of 0.1 average to 0.09999999999999999, leaving deviations of about 1e-17.
        let constant = [0.1; 6];
        assert!((constant.iter().sum::<f64>() / 6.0).to_bits() != 0.1_f64.to_bits());
        assert_eq!(
            pearson(&constant, &RISING, Level::default())
                .unwrap_err()
                .to_string(),
            "correlation is undefined: one of the variables does not vary"
        );
    }

    #[test]
    fn tiny_scores_correlate_like_their_scaled_copies() {
        // Squares of 1e-200 underflow to zero; the correlation must still see the variation.
        let tiny: Vec<f64> = RISING.iter().map(|v| v * 1e-200).collect();
        let scrambled = [2.0, 1.0, 4.0, 3.0, 6.0, 5.0];
        let small = pearson(&tiny, &scrambled, Level::default()).unwrap();
        let plain = pearson(&RISING, &scrambled, Level::default()).unwrap();
        assert_close(small.estimate(), plain.estimate());
        assert_close(small.lower(), plain.lower());
    }

    #[test]
    fn items_that_explain_nothing_have_no_share() {
        // The item is orthogonal to the outcome once both are centred: R² is exactly zero.
        let outcome = [1.0, 2.0, 1.0, 2.0];
        let item = [1.0, 1.0, 2.0, 2.0];
        let analysis = key_drivers(&outcome, &[("tone", item)], Level::default()).unwrap();
        assert!(analysis.r_squared().to_bits() == 0.0_f64.to_bits());
        assert_eq!(analysis.drivers()[0].share(), None);
    }
}

mod properties {
    use crate::common::strategies::level;

    use proptest::prelude::*;
    use service_quality::metrics::compare::{self, holm};
    use service_quality::metrics::drivers::key_drivers;
    use service_quality::metrics::servqual::{QualityDimension, Servqual};
    use service_quality::metrics::{Ces, Csat, Level, Moments, Nps, NpsMethod, Share, ShareMethod};

    use super::response;

    fn nps() -> impl Strategy<Value = Nps> {
        proptest::array::uniform11(0u64..6)
            .prop_filter("at least one answer", |c| c.iter().sum::<u64>() > 0)
            .prop_map(Nps::from_counts)
    }

    fn share() -> impl Strategy<Value = Share> {
        (1u64..300)
            .prop_flat_map(|n| (0..=n, Just(n)))
            .prop_map(|(k, n)| Share::new(k, n).unwrap())
    }

    fn ces() -> impl Strategy<Value = Ces> {
        proptest::array::uniform7(0u64..6)
            .prop_filter("at least one answer", |c| c.iter().sum::<u64>() > 0)
            .prop_map(Ces::from_counts)
    }

    const NPS_METHODS: [NpsMethod; 2] = [NpsMethod::Wald, NpsMethod::AdjustedWald];

    const SHARE_METHODS: [ShareMethod; 2] = [ShareMethod::Wilson, ShareMethod::WilsonCorrected];

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
    }

    proptest! {
        #![proptest_config(crate::common::cases(300))]

        #[test]
        fn nps_intervals_contain_the_score_and_the_adjusted_one_always_exists(
            nps in nps(),
            level in level(),
        ) {
            let score = nps.score().unwrap();
            prop_assert!(nps.interval(level).is_ok());
            for method in NPS_METHODS {
                if let Ok(ci) = nps.interval_with(method, level) {
                    prop_assert!(ci.contains(score), "{method} {ci}");
                    prop_assert!(-100.0 <= ci.lower() && ci.upper() <= 100.0);
                    prop_assert!(ci.lower() < ci.upper());
                }
            }
        }

        #[test]
        fn share_intervals_contain_the_share_and_the_correction_only_widens(
            share in share(),
            level in level(),
        ) {
            let plain = share.interval(ShareMethod::Wilson, level);
            let corrected = share.interval(ShareMethod::WilsonCorrected, level);
            for ci in [plain, corrected] {
                prop_assert!(ci.contains(share.percent()), "{ci}");
                prop_assert!(0.0 <= ci.lower() && ci.upper() <= 100.0);
                prop_assert!(ci.lower() < ci.upper());
            }
            prop_assert!(corrected.lower() <= plain.lower() + 1e-9);
            prop_assert!(plain.upper() <= corrected.upper() + 1e-9);
        }

        #[test]
        fn a_group_compared_with_itself_differs_by_nothing(
            nps in nps(),
            share in share(),
            ces in ces(),
            level in level(),
        ) {
            for method in NPS_METHODS {
                if let Ok(d) = compare::nps(&nps, &nps, method, level) {
                    prop_assert!(d.interval().contains(0.0), "{d}");
                    prop_assert!(d.difference().abs() < 1e-12);
                    prop_assert!(!d.is_significant(level));
                }
            }
            for method in SHARE_METHODS {
                let d = compare::shares(share, share, method, level);
                prop_assert!(d.interval().contains(0.0), "{d}");
                prop_assert!((d.p_value() - 1.0).abs() < 1e-12);
            }
            if let Ok(d) = compare::ces(&ces, &ces, level) {
                prop_assert!(d.interval().contains(0.0), "{d}");
                prop_assert!((d.p_value() - 1.0).abs() < 1e-12);
            }
        }

        #[test]
        fn differences_contain_the_observed_difference_and_swap_with_their_groups(
            (a, b) in (nps(), nps()),
            (x, y) in (share(), share()),
            (c, d) in (ces(), ces()),
            level in level(),
        ) {
            for method in NPS_METHODS {
                if let (Ok(ab), Ok(ba)) = (
                    compare::nps(&a, &b, method, level),
                    compare::nps(&b, &a, method, level),
                ) {
                    let observed = a.score().unwrap() - b.score().unwrap();
                    prop_assert!((ab.difference() - observed).abs() < 1e-9);
                    prop_assert!(ab.interval().contains(ab.difference()), "{ab}");
                    prop_assert!(-200.0 <= ab.interval().lower() && ab.interval().upper() <= 200.0);
                    prop_assert!((ab.difference() + ba.difference()).abs() < 1e-9);
                    prop_assert!((ab.p_value() - ba.p_value()).abs() < 1e-12);
                    prop_assert!((0.0..=1.0).contains(&ab.p_value()));
                }
            }
            for method in SHARE_METHODS {
                let xy = compare::shares(x, y, method, level);
                let yx = compare::shares(y, x, method, level);
                prop_assert!(xy.interval().contains(xy.difference()), "{xy}");
                prop_assert!(-100.0 <= xy.interval().lower() && xy.interval().upper() <= 100.0);
                prop_assert!((xy.interval().lower() + yx.interval().upper()).abs() < 1e-9);
                prop_assert!((xy.p_value() - yx.p_value()).abs() < 1e-12);
            }
            if let (Ok(cd), Ok(dc)) = (compare::ces(&c, &d, level), compare::ces(&d, &c, level)) {
                prop_assert!(cd.interval().contains(cd.difference()), "{cd}");
                prop_assert!((cd.interval().lower() + dc.interval().upper()).abs() < 1e-9);
                prop_assert!((cd.p_value() - dc.p_value()).abs() < 1e-12);
            }
        }

        #[test]
        fn holm_never_lowers_a_p_value_keeps_their_order_and_ignores_input_order(
            p in proptest::collection::vec(0.0f64..=1.0, 0..20),
            rotate in any::<prop::sample::Index>(),
        ) {
            let adjusted = holm(&p).unwrap();
            prop_assert_eq!(adjusted.len(), p.len());
            for (raw, adj) in p.iter().zip(&adjusted) {
                prop_assert!(raw <= adj && *adj <= 1.0);
            }
            for (i, j) in (0..p.len()).flat_map(|i| (0..p.len()).map(move |j| (i, j))) {
                if p[i] < p[j] {
                    prop_assert!(adjusted[i] <= adjusted[j]);
                }
            }
            if !p.is_empty() {
                let k = rotate.index(p.len());
                let mut rotated = p.clone();
                rotated.rotate_left(k);
                let mut expected = adjusted.clone();
                expected.rotate_left(k);
                prop_assert_eq!(holm(&rotated).unwrap(), expected);
            }
        }

        #[test]
        fn the_t_interval_contains_the_mean_whatever_the_source(
            values in proptest::collection::vec(-1e6f64..1e6, 2..60),
            level in level(),
        ) {
            let m = Moments::from_values(&values).unwrap();
            let squares: f64 = values.iter().map(|v| (v - m.mean()).powi(2)).sum();
            let stored = Moments::from_squared_deviations(m.count(), m.mean(), squares).unwrap();
            prop_assert!((stored.variance() - m.variance()).abs() <= 1e-9 * m.variance().max(1.0));
            if let Ok(ci) = m.interval(level) {
                prop_assert!(ci.contains(m.mean()) && ci.lower() < ci.upper());
            }
        }

        #[test]
        fn shapley_shares_add_up_to_r_squared_and_follow_the_items(
            rows in proptest::collection::vec(proptest::array::uniform5(1i32..=5), 12..40),
            k in 1usize..=4,
            rotate in any::<prop::sample::Index>(),
        ) {
            let outcome: Vec<f64> = rows.iter().map(|r| f64::from(r[0])).collect();
            let items: Vec<(String, Vec<f64>)> = (1..=k)
                .map(|j| (format!("item {j}"), rows.iter().map(|r| f64::from(r[j])).collect()))
                .collect();
            if let Ok(analysis) = key_drivers(&outcome, &items, Level::default()) {
                let r2 = analysis.r_squared();
                prop_assert!((0.0..=1.0).contains(&r2));
                let total: f64 = analysis.drivers().iter().map(|d| d.shapley()).sum();
                prop_assert!((total - r2).abs() < 1e-9, "{total} against {r2}");
                for d in analysis.drivers() {
                    prop_assert!(d.shapley() >= -1e-12);
                    prop_assert!(d.pearson().contains(d.pearson().estimate()));
                    prop_assert!(d.spearman().contains(d.spearman().estimate()));
                }
                for pair in analysis.drivers().windows(2) {
                    prop_assert!(pair[0].shapley() >= pair[1].shapley());
                }
                // The same items in another order get the same shares.
                let mut rotated = items.clone();
                rotated.rotate_left(rotate.index(k));
                let again = key_drivers(&outcome, &rotated, Level::default()).unwrap();
                for d in analysis.drivers() {
                    let same = again.drivers().iter().find(|e| e.name() == d.name()).unwrap();
                    prop_assert!((same.shapley() - d.shapley()).abs() < 1e-9);
                }
            }
        }
    }
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

/// Tallies in JSON: read back exactly, and impossible stored tallies rejected.
#[cfg(feature = "serde")]
mod json {
    use proptest::prelude::*;
    use service_quality::metrics::servqual::{Response, Servqual};
    use service_quality::metrics::{Ces, Csat, Level, Nps};

    use super::response;

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
        let err =
            serde_json::from_value::<service_quality::metrics::servqual::Importance>(importance)
                .unwrap_err()
                .to_string();
        assert!(
            err.starts_with("importance points total is 101, expected 100"),
            "{err}"
        );
    }
}
