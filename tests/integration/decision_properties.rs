//! Properties of the statistics that support decisions: every interval contains its estimate
//! and stays in range, a group compared with itself differs by an interval containing 0,
//! Shapley shares add up to R², and the results do not depend on the order of the input.

use proptest::prelude::*;
use service_quality::metrics::compare::{self, holm};
use service_quality::metrics::drivers::key_drivers;
use service_quality::metrics::{Ces, Level, Moments, Nps, NpsMethod, Share, ShareMethod};
use service_quality::reliability::{
    Calibration, CalibrationOptions, Distance, IccForm, Kappa, KappaOptions, Missing, Reference,
    Weighting, cronbach_alpha, cronbach_alpha_with_missing, intraclass_correlation,
};
use strum::IntoEnumIterator;

fn level() -> impl Strategy<Value = Level> {
    (0.5f64..0.999).prop_map(|l| Level::new(l).unwrap())
}

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

/// Any float, the extremes and non-finite values included.
fn any_number() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => -10.0f64..10.0,
        2 => any::<f64>(),
        1 => prop::sample::select(vec![
            f64::NAN, f64::INFINITY, f64::NEG_INFINITY, f64::MAX, -f64::MAX, 0.0, -0.0,
            f64::MIN_POSITIVE,
        ]),
    ]
}

proptest! {
    #![proptest_config(crate::common::cases(500))]

    #[test]
    fn arbitrary_numbers_give_finite_answers_or_typed_errors(
        values in proptest::collection::vec(any_number(), 0..48),
        width in 1usize..5,
        level in level(),
    ) {
        let finite = |x: f64| x.is_finite();
        if let Ok(m) = Moments::from_values(&values) {
            prop_assert!(finite(m.mean()) && finite(m.variance()));
            if let Ok(ci) = m.interval(level) {
                prop_assert!(finite(ci.lower()) && finite(ci.upper()));
            }
        }
        let rows: Vec<Vec<f64>> = values.chunks_exact(width).map(<[f64]>::to_vec).collect();
        if let Ok(icc) = intraclass_correlation(&rows, level) {
            for e in icc.estimates() {
                prop_assert!(e.value() <= 1.0 + 1e-9 && finite(e.value()));
                prop_assert!(finite(e.interval().lower()) && finite(e.interval().upper()));
                prop_assert!(finite(e.f_statistic()) && (0.0..=1.0).contains(&e.p_value()));
            }
        }
        let optional: Vec<Vec<Option<f64>>> = rows
            .iter()
            .map(|r| r.iter().map(|&v| (v != 0.0).then_some(v)).collect())
            .collect();
        for missing in [Missing::Pairwise, Missing::Listwise] {
            if let Ok(a) = cronbach_alpha_with_missing(&optional, missing) {
                // Pairwise covariances need not form a proper covariance matrix, so pairwise
                // alpha may exceed 1; listwise alpha cannot.
                prop_assert!(finite(a.alpha()));
                prop_assert!(missing == Missing::Pairwise || a.alpha() <= 1.0 + 1e-9);
                let ci = a.interval(level);
                prop_assert!(finite(ci.upper()) && !ci.lower().is_nan());
                prop_assert!(ci.contains(a.alpha()));
            }
        }
        if width >= 2 {
            let outcome: Vec<f64> = rows.iter().map(|r| r[0]).collect();
            let items: Vec<(String, Vec<f64>)> = (1..width)
                .map(|j| (format!("item {j}"), rows.iter().map(|r| r[j]).collect()))
                .collect();
            if let Ok(analysis) = key_drivers(&outcome, &items, level) {
                prop_assert!(finite(analysis.r_squared()));
                for d in analysis.drivers() {
                    prop_assert!(finite(d.shapley()));
                    prop_assert!(d.pearson().estimate().abs() <= 1.0);
                    prop_assert!(finite(d.spearman().lower()) && finite(d.spearman().upper()));
                }
            }
        }
        let mut session = Calibration::new();
        for (i, &v) in values.iter().enumerate() {
            let reviewer = ["lead", "ana", "ben"][i % 3];
            let added = session.add(&format!("call {}", i / 6), &format!("item {}", i / 3 % 2), reviewer, Some(v));
            prop_assert_eq!(added.is_ok(), v.is_finite() && v.abs() <= f64::MAX / 2.0);
        }
        for reference in [Reference::Consensus, Reference::Calibrator("lead".into())] {
            if let Ok(report) = session.evaluate(&CalibrationOptions::default().with_reference(reference)) {
                for r in report.reviewers() {
                    prop_assert!(r.agreement().mean_signed_deviation().is_none_or(finite));
                    prop_assert!(r.agreement().mean_absolute_deviation().is_none_or(finite));
                }
                for item in report.items() {
                    if let Some(k) = item.kappa().kappa() {
                        prop_assert!(finite(k.value()) && finite(k.standard_error()));
                    }
                }
            }
        }
    }

    #[test]
    fn kappa_on_any_table_is_finite_and_at_most_one(
        cells in proptest::collection::vec(prop_oneof![0u64..5, any::<u64>()], 0..26),
        width in 1usize..6,
        weighting in prop::sample::select(vec![
            Weighting::Unweighted, Weighting::Linear, Weighting::Quadratic,
        ]),
    ) {
        let table: Vec<Vec<u64>> = cells.chunks(width).map(<[u64]>::to_vec).collect();
        let options = KappaOptions::default().with_weighting(weighting);
        if let Ok(k) = Kappa::from_table(&table, &options) {
            prop_assert!(k.value().is_finite() && k.value() <= 1.0);
            prop_assert!(k.standard_error().is_finite());
            prop_assert!(k.interval().contains(k.value()));
        }
    }
}
