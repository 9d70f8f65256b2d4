//! Breakdown attribution through the public API: the brief's worked example, a hand-computed
//! severity-weighted example, bad input, period comparison, and the invariants as properties.

use crate::common::assert_close;

use proptest::prelude::*;
use service_quality::Error;
use service_quality::breakdown::{Aggregate, Breakdown, Cause, Comparison, Warning};
use strum::IntoEnumIterator;

const EPS: f64 = 1e-12;

fn brief_example() -> [Breakdown; 3] {
    // Source: the foundation brief's breakdown exercise as restated in the breakdown issue.
    [
        Breakdown::new([8, 6, 2, 3, 1]).unwrap(),
        Breakdown::new([2, 2, 2, 9, 5]).unwrap(),
        Breakdown::new([5, 1, 1, 2, 1]).unwrap(),
    ]
}

/// A: 8 6 2 3 1, B: 2 2 2 9 5, C: 5 1 1 2 1 → mean shares 1/3, 1/6, 0.1, 4/15, 2/15; ranking
/// process, product, rules, people, presentation; start with process; vital few = first four
/// (cumulative 0.9).
#[test]
fn brief_worked_example() {
    let aggregate: Aggregate = brief_example().iter().collect();
    let expected = [
        (Cause::Process, 1.0 / 3.0),
        (Cause::Rules, 1.0 / 6.0),
        (Cause::Presentation, 0.1),
        (Cause::Product, 4.0 / 15.0),
        (Cause::People, 2.0 / 15.0),
    ];
    for (cause, share) in expected {
        let got = aggregate.share(cause).unwrap();
        assert!((got - share).abs() < EPS, "{cause}: {got} vs {share}");
    }

    let triage = aggregate.triage().unwrap();
    let order: Vec<Cause> = triage.ranking().iter().map(|(c, _)| c).collect();
    assert_eq!(
        order,
        [
            Cause::Process,
            Cause::Product,
            Cause::Rules,
            Cause::People,
            Cause::Presentation
        ]
    );
    assert_eq!(triage.where_to_start(), Cause::Process);
    let vital: Vec<Cause> = triage.vital_few().iter().map(|&(c, _)| c).collect();
    assert_eq!(vital, order[..4]);
    let cumulative = triage.ranking().cumulative().nth(3).unwrap().2;
    assert!((cumulative - 0.9).abs() < EPS);
    assert_eq!(triage.warnings().count(), 0);
}

/// The same breakdowns with severities 2, 1 and none (1): total weight 4, so process is
/// (2·0.4 + 0.1 + 0.5)/4 = 0.35, rules 0.2, presentation 0.1, product 0.2375, people 0.1125.
#[test]
fn severity_weighted_example() {
    let [a, b, c] = brief_example();
    let a = a.with_severity(2.0).unwrap();
    let b = b.with_severity(1.0).unwrap();
    let aggregate: Aggregate = [a, b, c].iter().collect();
    assert_close(aggregate.total_weight(), 4.0);
    for (cause, share) in [
        (Cause::Process, 0.35),
        (Cause::Rules, 0.2),
        (Cause::Presentation, 0.1),
        (Cause::Product, 0.2375),
        (Cause::People, 0.1125),
    ] {
        assert!(
            (aggregate.share(cause).unwrap() - share).abs() < EPS,
            "{cause}"
        );
    }
}

#[test]
fn per_breakdown_shares_are_score_over_sum() {
    let b = Breakdown::new([2, 2, 2, 9, 5]).unwrap();
    let a = b.attribution();
    assert_close(a.share(Cause::Product), 0.45);
    assert_close(a.share(Cause::People), 0.25);
}

#[test]
fn warnings_for_people_and_product_on_top() {
    let people: Aggregate = [Breakdown::new([2, 1, 1, 1, 8]).unwrap()].iter().collect();
    let t = people.triage().unwrap();
    assert_eq!(t.warnings().collect::<Vec<_>>(), [Warning::PeopleOnTop]);
    assert!(Warning::PeopleOnTop.message().contains("process"));

    let product: Aggregate = [Breakdown::new([1, 1, 1, 8, 2]).unwrap()].iter().collect();
    let t = product.triage().unwrap();
    assert_eq!(
        t.warnings().collect::<Vec<_>>(),
        [Warning::ProductDominates]
    );
}

#[test]
fn period_comparison_reports_growth_and_fall() {
    let october: Aggregate = brief_example().iter().collect();
    let november: Aggregate = [
        Breakdown::new([2, 1, 1, 9, 2]).unwrap(),
        Breakdown::new([3, 1, 1, 8, 1]).unwrap(),
    ]
    .iter()
    .collect();
    let cmp = Comparison::between(&october, &november).unwrap();
    let grew: Vec<Cause> = cmp.grew().map(|(c, _)| c).collect();
    let shrank: Vec<Cause> = cmp.shrank().map(|(c, _)| c).collect();
    assert_eq!(grew.first(), Some(&Cause::Product));
    assert!(shrank.contains(&Cause::Process));
    // Every cause is in exactly one of grew, shrank or unchanged, and changes sum to zero.
    let total: f64 = Cause::iter().map(|c| cmp.change(c)).sum();
    assert!(total.abs() < EPS);
    for c in Cause::iter() {
        assert!(!(grew.contains(&c) && shrank.contains(&c)));
    }
    // Grew is sorted by size of growth.
    let sizes: Vec<f64> = cmp.grew().map(|(_, d)| d).collect();
    assert!(sizes.windows(2).all(|w| w[0] >= w[1]));
}

#[test]
fn identical_periods_show_no_change() {
    let a: Aggregate = brief_example().iter().collect();
    let cmp = Comparison::between(&a, &a.clone()).unwrap();
    assert_eq!(cmp.grew().count() + cmp.shrank().count(), 0);
}

#[test]
fn bad_input_is_a_typed_error() {
    assert!(matches!(
        Breakdown::new([0, 1, 1, 1, 1]),
        Err(Error::RatingOutOfRange {
            field: Some("process"),
            value: 0,
            ..
        })
    ));
    assert_eq!(
        Breakdown::new([1, 1, 1, 1, 11]).unwrap_err().to_string(),
        "rating for 'people' is 11, expected a value in 1..=10"
    );
    for bad in [0.0, -2.0, f64::NAN, f64::INFINITY] {
        let err = Breakdown::new([1; 5])
            .unwrap()
            .with_severity(bad)
            .unwrap_err();
        assert!(
            matches!(
                err,
                Error::ValueOutOfRange {
                    field: "severity",
                    ..
                }
            ),
            "{bad}"
        );
    }
    assert!(matches!(
        Aggregate::new().ranking(),
        Err(Error::Empty { .. })
    ));
    assert_eq!(
        Aggregate::new().triage().unwrap_err(),
        Error::Empty {
            what: "breakdown aggregate",
            item: "breakdown"
        }
    );
}

#[cfg(feature = "serde")]
mod json {
    use super::*;
    use serde_json::json;

    fn message<T: ::serde::de::DeserializeOwned + std::fmt::Debug>(v: serde_json::Value) -> String {
        let e = serde_json::from_value::<T>(v).unwrap_err().to_string();
        e.split(" at line ").next().unwrap_or_default().to_owned()
    }

    #[test]
    fn breakdown_and_aggregate_round_trip() {
        let b = Breakdown::new([8, 6, 2, 3, 1])
            .unwrap()
            .with_description("refund needed three approvals")
            .with_period("2026-11")
            .with_severity(2.5)
            .unwrap();
        let text = serde_json::to_string(&b).unwrap();
        assert_eq!(
            text,
            r#"{"scores":{"process":8,"rules":6,"presentation":2,"product":3,"people":1},"description":"refund needed three approvals","period":"2026-11","severity":2.5}"#
        );
        assert_eq!(serde_json::from_str::<Breakdown>(&text).unwrap(), b);

        let aggregate: Aggregate = brief_example().iter().collect();
        let text = serde_json::to_string(&aggregate).unwrap();
        assert_eq!(serde_json::from_str::<Aggregate>(&text).unwrap(), aggregate);
        let empty = serde_json::to_string(&Aggregate::new()).unwrap();
        assert_eq!(
            serde_json::from_str::<Aggregate>(&empty).unwrap(),
            Aggregate::new()
        );
        for c in Cause::iter() {
            let t = serde_json::to_string(&c).unwrap();
            assert_eq!(serde_json::from_str::<Cause>(&t).unwrap(), c);
        }
    }

    #[test]
    fn bad_json_gets_the_constructor_message() {
        let scores = |people: i64| {
            json!({"scores": {"process": 1, "rules": 1,
            "presentation": 1, "product": 1, "people": people}})
        };
        assert_eq!(
            message::<Breakdown>(scores(0)),
            Breakdown::new([1, 1, 1, 1, 0]).unwrap_err().to_string()
        );
        assert_eq!(
            message::<Breakdown>(scores(11)),
            "rating for 'people' is 11, expected a value in 1..=10"
        );
        assert_eq!(
            message::<Breakdown>(json!({"scores": {"process": 1, "rules": 1,
                "presentation": 1, "product": 1}})),
            "missing rating for 'people'"
        );
        let mut with_severity = scores(3);
        with_severity["severity"] = json!(0.0);
        assert_eq!(
            message::<Breakdown>(with_severity.clone()),
            "severity is 0, expected a finite value > 0"
        );
        with_severity["severity"] = json!(-1.5);
        assert_eq!(
            message::<Breakdown>(with_severity),
            "severity is -1.5, expected a finite value > 0"
        );
    }

    #[test]
    fn tampered_aggregates_are_rejected() {
        let good = serde_json::to_value(brief_example().iter().collect::<Aggregate>()).unwrap();
        let mut bad = good.clone();
        bad["total_weight"] = json!(5.0);
        assert!(message::<Aggregate>(bad).starts_with("sum of weighted shares is 3"));
        let mut bad = good.clone();
        bad["weighted_shares"]["people"] = json!(-0.1);
        assert_eq!(
            message::<Aggregate>(bad),
            "weighted share is -0.1, expected a finite value >= 0"
        );
        let mut bad = good;
        bad["count"] = json!(0);
        assert!(message::<Aggregate>(bad).starts_with("total_weight is 3, expected 0"));
    }
}

fn breakdown() -> impl Strategy<Value = Breakdown> {
    (
        proptest::array::uniform5(1i32..=10),
        proptest::option::of(0.01f64..100.0),
    )
        .prop_map(|(scores, severity)| {
            let b = Breakdown::new(scores).unwrap();
            match severity {
                Some(s) => b.with_severity(s).unwrap(),
                None => b,
            }
        })
}

fn close(a: &Aggregate, b: &Aggregate, tol: f64) -> bool {
    a.count() == b.count()
        && (a.total_weight() - b.total_weight()).abs() <= tol * a.total_weight().max(1.0)
        && Cause::iter()
            .all(|c| (a.share(c).unwrap_or(0.0) - b.share(c).unwrap_or(0.0)).abs() <= tol)
}

proptest! {
    #![proptest_config(crate::common::cases(1_000))]

    #[test]
    fn shares_of_each_breakdown_sum_to_one(b in breakdown()) {
        let sum: f64 = b.attribution().iter().map(|(_, s)| s).sum();
        prop_assert!((sum - 1.0).abs() <= EPS, "{sum}");
        for (_, s) in b.attribution().iter() {
            prop_assert!((0.0..=1.0).contains(&s));
        }
    }

    #[test]
    fn aggregation_ignores_order_and_split(
        items in proptest::collection::vec(breakdown(), 1..60),
        cut in any::<prop::sample::Index>(),
        seed in any::<u64>(),
    ) {
        let whole: Aggregate = items.iter().collect();

        let mut shuffled = items.clone();
        // A deterministic shuffle from the seed (Fisher–Yates with a tiny LCG).
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            shuffled.swap(i, (state >> 33) as usize % (i + 1));
        }
        let reordered: Aggregate = shuffled.iter().collect();
        prop_assert!(close(&whole, &reordered, 1e-9));

        let at = cut.index(items.len() + 1);
        let mut left: Aggregate = items[..at].iter().collect();
        let right: Aggregate = items[at..].iter().collect();
        left.merge(&right);
        prop_assert!(close(&whole, &left, 1e-9));

        let sum: f64 = whole.attribution().unwrap().iter().map(|(_, s)| s).sum();
        prop_assert!((sum - 1.0).abs() < 1e-9);
    }

    #[test]
    fn raising_a_cause_never_lowers_its_aggregated_share(
        items in proptest::collection::vec(breakdown(), 1..30),
        which in any::<prop::sample::Index>(),
        cause in 0usize..5,
        step in 1i64..10,
    ) {
        let cause = Cause::iter().nth(cause).unwrap();
        let i = which.index(items.len());
        let before: Aggregate = items.iter().collect();
        let mut raised = items.clone();
        let b = &raised[i];
        let new_score = (i64::from(b.score(cause)) + step).min(10);
        let pairs: Vec<(Cause, i64)> = Cause::iter()
            .map(|c| (c, if c == cause { new_score } else { i64::from(b.score(c)) }))
            .collect();
        let mut replacement = Breakdown::from_pairs(pairs).unwrap();
        if let Some(s) = b.severity() {
            replacement = replacement.with_severity(s.get()).unwrap();
        }
        raised[i] = replacement;
        let after: Aggregate = raised.iter().collect();
        prop_assert!(after.share(cause).unwrap() >= before.share(cause).unwrap());
    }

    #[test]
    fn vital_few_is_the_shortest_prefix_reaching_the_threshold(
        items in proptest::collection::vec(breakdown(), 1..20),
        threshold in 0.01f64..=1.0,
    ) {
        let aggregate: Aggregate = items.iter().collect();
        let triage = aggregate.triage_with(threshold).unwrap();
        let n = triage.vital_few().len();
        prop_assert!((1..=5).contains(&n));
        let cumulative: Vec<f64> = triage.ranking().cumulative().map(|(_, _, c)| c).collect();
        prop_assert!(cumulative[n - 1] + 1e-12 >= threshold);
        if n > 1 {
            prop_assert!(cumulative[n - 2] + 1e-12 < threshold);
        }
        let shares: Vec<f64> = triage.ranking().iter().map(|(_, s)| s).collect();
        prop_assert!(shares.windows(2).all(|w| w[0] >= w[1]));
    }
}

#[cfg(feature = "serde")]
proptest! {
    #[test]
    fn serde_round_trips_exactly(items in proptest::collection::vec(breakdown(), 0..20)) {
        for b in &items {
            let text = serde_json::to_string(b).unwrap();
            prop_assert_eq!(&serde_json::from_str::<Breakdown>(&text).unwrap(), b);
        }
        let aggregate: Aggregate = items.iter().collect();
        let text = serde_json::to_string(&aggregate).unwrap();
        prop_assert_eq!(serde_json::from_str::<Aggregate>(&text).unwrap(), aggregate);
    }
}

#[test]
fn stored_totals_for_no_breakdowns_must_all_be_zero() {
    assert!(Aggregate::from_totals(0, 0.0, [0.0; 5]).is_ok());
    for (weight, shares) in [(1.0, [0.0; 5]), (0.0, [1.0, 0.0, 0.0, 0.0, 0.0])] {
        assert!(
            matches!(
                Aggregate::from_totals(0, weight, shares),
                Err(Error::Inconsistent {
                    field: "total_weight",
                    ..
                })
            ),
            "{weight} {shares:?}"
        );
    }
}

#[test]
fn stored_shares_may_miss_the_total_weight_by_rounding_relative_to_it() {
    // One part in 10^10 of a total weight of 1000 is rounding; one part in 10^8 is not.
    let nudged = |by: f64| Aggregate::from_totals(3, 1000.0, [400.0 + by, 600.0, 0.0, 0.0, 0.0]);
    assert!(nudged(1e-7).is_ok());
    assert!(nudged(1e-5).is_err());
}

#[test]
fn period_comparison_orders_growth_and_falls_by_size() {
    let earlier = Aggregate::from_totals(1, 1.0, [0.4, 0.3, 0.2, 0.1, 0.0]).unwrap();
    let later = Aggregate::from_totals(1, 1.0, [0.1, 0.2, 0.2, 0.2, 0.3]).unwrap();
    let c = Comparison::between(&earlier, &later).unwrap();
    let grew: Vec<Cause> = c.grew().map(|(cause, _)| cause).collect();
    assert_eq!(grew, [Cause::People, Cause::Product]);
    let shrank: Vec<Cause> = c.shrank().map(|(cause, _)| cause).collect();
    assert_eq!(shrank, [Cause::Process, Cause::Rules]);
    assert_close(c.change(Cause::Process), -0.3);
}

#[test]
fn merging_through_the_trait_is_merging() {
    use service_quality::Merge;
    let one = |scores| {
        let mut a = Aggregate::new();
        a.add(&Breakdown::new(scores).unwrap());
        a
    };
    let mut a = one([9, 1, 1, 1, 1]);
    Merge::merge(&mut a, &one([1, 1, 1, 1, 9]));
    let mut b = one([9, 1, 1, 1, 1]);
    b.merge(&one([1, 1, 1, 1, 9]));
    assert_eq!(a, b);
    assert_eq!(a.count(), 2);
}
