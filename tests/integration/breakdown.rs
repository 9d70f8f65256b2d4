//! Breakdown attribution through the public API: the issue's worked example, hand-computed
//! examples (severity-weighted, and the plain share kept as an option), the misfires of the
//! plain share as regression cases, cause sets defined at run time, labelled counts, bad input,
//! period comparison, and the invariants as properties.

use crate::common::assert_close;

use proptest::prelude::*;
use service_quality::Error;
use service_quality::breakdown::{
    Aggregate, Attribution, AttributionMethod, Breakdown, Cause, CauseSet, Comparison, Severity,
    Totals, TriagePolicy, VitalFewThreshold, Warning,
};

const EPS: f64 = 1e-12;

fn three_breakdowns() -> [Breakdown; 3] {
    [
        Breakdown::new([8, 6, 2, 3, 1]).unwrap(),
        Breakdown::new([2, 2, 2, 9, 5]).unwrap(),
        Breakdown::new([5, 1, 1, 2, 1]).unwrap(),
    ]
}

fn order<'a>(pairs: impl Iterator<Item = (Cause, f64)> + 'a) -> Vec<Cause> {
    pairs.map(|(c, _)| c).collect()
}

/// The worked example of issue 16: A is process 7, rules 3, the rest 1 (6 and 2 above the
/// floor: 0.75 and 0.25); B is 1 everywhere (unattributed). Together: one attributed breakdown,
/// one unattributed; process 0.75, rules 0.25; vital few process and rules.
#[test]
fn worked_example_of_attribution_above_the_floor() {
    let a = Breakdown::new([7, 3, 1, 1, 1]).unwrap();
    let b = Breakdown::new([1, 1, 1, 1, 1]).unwrap();
    let shares = a.attribution().unwrap();
    for (cause, want) in [
        (Cause::Process, 0.75),
        (Cause::Rules, 0.25),
        (Cause::Presentation, 0.0),
        (Cause::Product, 0.0),
        (Cause::People, 0.0),
    ] {
        assert_close(shares.share(cause), want);
    }
    assert!(b.attribution().is_err());

    let aggregate: Aggregate = [a, b].iter().collect();
    assert_eq!(
        (
            aggregate.count(),
            aggregate.attributed(),
            aggregate.unattributed()
        ),
        (2, 1, 1)
    );
    assert_close(aggregate.share(Cause::Process).unwrap(), 0.75);
    assert_close(aggregate.share(Cause::Rules).unwrap(), 0.25);
    let triage = aggregate.evaluate(&TriagePolicy::default()).unwrap();
    assert_eq!(order(triage.vital_few()), [Cause::Process, Cause::Rules]);
    assert_eq!((triage.attributed(), triage.unattributed()), (1, 1));
}

/// Above the floor: A 7 5 1 2 0 (of 15), B 1 1 1 8 4 (of 15), C 4 0 0 1 0 (of 5); the means are
/// 20/45, 6/45, 2/45, 13/45 and 4/45. Ranking process, product, rules, people, presentation;
/// cumulative 20/45, 33/45, 39/45, so the vital few are the first three, without people.
#[test]
fn three_breakdowns_by_hand() {
    let aggregate: Aggregate = three_breakdowns().iter().collect();
    for (cause, want) in [
        (Cause::Process, 20.0 / 45.0),
        (Cause::Rules, 6.0 / 45.0),
        (Cause::Presentation, 2.0 / 45.0),
        (Cause::Product, 13.0 / 45.0),
        (Cause::People, 4.0 / 45.0),
    ] {
        let got = aggregate.share(cause).unwrap();
        assert!((got - want).abs() < EPS, "{cause}: {got} vs {want}");
    }
    let triage = aggregate.evaluate(&TriagePolicy::default()).unwrap();
    assert_eq!(
        order(triage.ranking().iter()),
        [
            Cause::Process,
            Cause::Product,
            Cause::Rules,
            Cause::People,
            Cause::Presentation
        ]
    );
    assert_eq!(triage.where_to_start(), Cause::Process);
    assert_eq!(
        order(triage.vital_few()),
        [Cause::Process, Cause::Product, Cause::Rules]
    );
    let cumulative = triage.ranking().cumulative().nth(2).unwrap().2;
    assert!((cumulative - 39.0 / 45.0).abs() < EPS);
    assert_eq!(triage.warnings().count(), 0);
}

/// Regression for the plain share: the same three breakdowns called four of the five causes the
/// vital few, people among them (1/3, 4/15, 1/6, 2/15: cumulative 0.9 at the fourth).
#[test]
fn the_plain_share_stays_available_and_gives_its_old_answers() {
    let aggregate: Aggregate = three_breakdowns().iter().collect();
    let plain = aggregate
        .attribution_by(AttributionMethod::PlainShare)
        .unwrap();
    for (cause, want) in [
        (Cause::Process, 1.0 / 3.0),
        (Cause::Rules, 1.0 / 6.0),
        (Cause::Presentation, 0.1),
        (Cause::Product, 4.0 / 15.0),
        (Cause::People, 2.0 / 15.0),
    ] {
        assert!((plain.share(cause) - want).abs() < EPS, "{cause}");
    }
    let policy = TriagePolicy::default().with_method(AttributionMethod::PlainShare);
    let old = aggregate.evaluate(&policy).unwrap();
    let vital = order(old.vital_few());
    assert_eq!(vital.len(), 4);
    assert!(vital.contains(&Cause::People));
    let new = aggregate.evaluate(&TriagePolicy::default()).unwrap();
    assert!(!order(new.vital_few()).contains(&Cause::People));
}

/// Regression: a pure process failure gave each other cause 7% of the blame, and breakdowns rated
/// 1 everywhere and 10 everywhere had identical shares.
#[test]
fn a_cause_that_did_not_contribute_gets_no_share() {
    let pure = Breakdown::new([10, 1, 1, 1, 1]).unwrap();
    let plain = pure.attribution_by(AttributionMethod::PlainShare).unwrap();
    assert!((plain.share(Cause::Rules) - 1.0 / 14.0).abs() < EPS);
    let above = pure.attribution().unwrap();
    assert_close(above.share(Cause::Process), 1.0);
    assert_close(above.share(Cause::Rules), 0.0);
    let low = Breakdown::new([1; 5]).unwrap();
    let high = Breakdown::new([10; 5]).unwrap();
    assert_eq!(
        low.attribution_by(AttributionMethod::PlainShare),
        high.attribution_by(AttributionMethod::PlainShare)
    );
    assert!(low.attribution().is_err() && high.attribution().is_ok());
}

/// The three breakdowns with severities 2, 1 and none (1): attributed weight 4, so process is
/// (2·7/15 + 1/15 + 4/5)/4 = 0.45, rules 11/60, presentation 0.05, product 0.25, people 1/15.
#[test]
fn severity_weighted_example() {
    let [a, b, c] = three_breakdowns();
    let a = a.try_with_severity(2.0).unwrap();
    let b = b.try_with_severity(1.0).unwrap();
    let aggregate: Aggregate = [a, b, c].iter().collect();
    assert_close(aggregate.total_weight(), 4.0);
    assert_close(aggregate.attributed_weight(), 4.0);
    for (cause, share) in [
        (Cause::Process, 0.45),
        (Cause::Rules, 11.0 / 60.0),
        (Cause::Presentation, 0.05),
        (Cause::Product, 0.25),
        (Cause::People, 1.0 / 15.0),
    ] {
        assert!(
            (aggregate.share(cause).unwrap() - share).abs() < EPS,
            "{cause}"
        );
    }
}

/// An unattributed breakdown's severity counts in the total weight but not in the shares.
#[test]
fn unattributed_weight_is_counted_apart() {
    let heavy_nothing = Breakdown::new([1; 5])
        .unwrap()
        .try_with_severity(5.0)
        .unwrap();
    let aggregate: Aggregate = [heavy_nothing, Breakdown::new([1, 1, 1, 1, 3]).unwrap()]
        .iter()
        .collect();
    assert_close(aggregate.total_weight(), 6.0);
    assert_close(aggregate.attributed_weight(), 1.0);
    assert_close(aggregate.share(Cause::People).unwrap(), 1.0);
    let only_nothing: Aggregate = [Breakdown::new([1; 5]).unwrap()].iter().collect();
    assert_eq!(
        only_nothing
            .evaluate(&TriagePolicy::default())
            .unwrap_err()
            .to_string(),
        "attribution above the floor is undefined: every breakdown is rated 1 on every cause"
    );
    // Under the plain method it is attributed, a fifth to each cause.
    let plain = only_nothing
        .attribution_by(AttributionMethod::PlainShare)
        .unwrap();
    assert_close(plain.share(Cause::Process), 0.2);
    assert_eq!((plain.attributed(), plain.unattributed()), (1, 0));
}

#[test]
fn warnings_for_people_and_product_on_top() {
    let people: Aggregate = [Breakdown::new([2, 1, 1, 1, 8]).unwrap()].iter().collect();
    let t = people.evaluate(&TriagePolicy::default()).unwrap();
    assert_eq!(t.warnings().collect::<Vec<_>>(), [Warning::PeopleOnTop]);
    assert!(Warning::PeopleOnTop.message().contains("process"));

    let product: Aggregate = [Breakdown::new([1, 1, 1, 8, 2]).unwrap()].iter().collect();
    let t = product.evaluate(&TriagePolicy::default()).unwrap();
    assert_eq!(
        t.warnings().collect::<Vec<_>>(),
        [Warning::ProductDominates]
    );
    // The source's counter-question keeps its edge: what makes even a broken product matter
    // less, and what would people be trained to say?
    assert_eq!(
        Warning::ProductDominates.question(),
        "What could service do that makes even a broken product matter less to the customer, \
         and what would you train people to say while it is being fixed?"
    );
    // A tie between product and people goes to product (people last): no people warning.
    let tied: Aggregate = [Breakdown::new([1, 1, 1, 5, 5]).unwrap()].iter().collect();
    assert_eq!(
        tied.evaluate(&TriagePolicy::default())
            .unwrap()
            .warnings()
            .collect::<Vec<_>>(),
        [Warning::ProductDominates]
    );
}

#[test]
fn period_comparison_reports_growth_and_fall() {
    let october: Aggregate = three_breakdowns().iter().collect();
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
    // Every cause is in at most one of grew and shrank, and changes sum to zero.
    let total: f64 = Cause::iter().map(|c| cmp.change(c)).sum();
    assert!(total.abs() < EPS);
    for c in Cause::iter() {
        assert!(!(grew.contains(&c) && shrank.contains(&c)));
    }
    let sizes: Vec<f64> = cmp.grew().map(|(_, d)| d).collect();
    assert!(sizes.windows(2).all(|w| w[0] >= w[1]));
    // November above the floor: 1 0 0 8 1 (of 10) and 2 0 0 7 0 (of 9), so product has
    // (0.8 + 7/9) / 2.
    let (_, _, after, _) = cmp.iter().nth(3).unwrap();
    assert!((after - (0.8 + 7.0 / 9.0) / 2.0).abs() < EPS);
}

#[test]
fn identical_periods_show_no_change() {
    let a: Aggregate = three_breakdowns().iter().collect();
    let cmp = Comparison::between(&a, &a.clone()).unwrap();
    assert_eq!(cmp.grew().count() + cmp.shrank().count(), 0);
    let plain = Comparison::between_by(&a, &a, AttributionMethod::PlainShare).unwrap();
    assert_eq!(plain.iter().count(), 5);
}

/// A cause list of a team's own: attribution, ranking, vital few and comparison by label.
#[test]
fn a_cause_set_defined_at_run_time() {
    let causes = CauseSet::new(["billing", "bug", "courier", "agent"]).unwrap();
    let mut week = Aggregate::with_causes(&causes);
    week.add(&causes.breakdown([("billing", 7), ("bug", 3)]).unwrap())
        .unwrap();
    week.add(&causes.breakdown([("courier", 9)]).unwrap())
        .unwrap();
    week.add(&causes.breakdown([]).unwrap()).unwrap();
    assert_eq!((week.attributed(), week.unattributed()), (2, 1));
    // Billing (0.75 + 0)/2, bug (0.25 + 0)/2, courier (0 + 1)/2.
    assert_close(week.share("billing").unwrap(), 0.375);
    assert_close(week.share("bug").unwrap(), 0.125);
    assert_close(week.share("courier").unwrap(), 0.5);
    assert_close(week.share("agent").unwrap(), 0.0);
    let triage = week.evaluate(&TriagePolicy::default()).unwrap();
    assert_eq!(triage.where_to_start(), "courier");
    let vital: Vec<&str> = triage.vital_few().map(|(label, _)| label).collect();
    assert_eq!(vital, ["courier", "billing"]);
    // The people and product warnings are about the built-in causes.
    assert_eq!(triage.warnings().count(), 0);

    let mut next = Aggregate::with_causes(&causes);
    next.add(&causes.breakdown([("bug", 10)]).unwrap()).unwrap();
    let change = Comparison::between(&week, &next).unwrap();
    assert_close(change.change("bug").unwrap(), 0.875);
    assert_eq!(change.grew().map(|(l, _)| l).collect::<Vec<_>>(), ["bug"]);
    assert_eq!(
        change.shrank().map(|(l, _)| l).collect::<Vec<_>>(),
        ["courier", "billing"]
    );

    // Merging: the merge of two weeks is the aggregate of both.
    let mut both = week.clone();
    both.try_merge(&next).unwrap();
    assert_eq!(both.count(), 4);
    assert_close(both.share("bug").unwrap(), (0.25 + 1.0) / 3.0);
}

#[test]
fn cause_sets_do_not_mix() {
    let ours = CauseSet::new(["billing", "bug"]).unwrap();
    let theirs = CauseSet::new(["billing", "courier"]).unwrap();
    let mut a = Aggregate::with_causes(&ours);
    let err = a
        .add(&theirs.breakdown([("courier", 4)]).unwrap())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "cause set differs: billing, courier here, billing, bug expected"
    );
    assert!(a.is_empty());
    let mut other = Aggregate::with_causes(&theirs);
    other
        .add(&theirs.breakdown([("courier", 4)]).unwrap())
        .unwrap();
    assert!(matches!(a.try_merge(&other), Err(Error::Mismatch { .. })));
    assert!(a.is_empty());
    a.add(&ours.breakdown([("bug", 2)]).unwrap()).unwrap();
    assert!(matches!(
        Comparison::between(&a, &other),
        Err(Error::Mismatch { .. })
    ));
    assert_eq!(
        a.share("courier").unwrap_err().to_string(),
        "unknown cause 'courier', expected one of: billing, bug"
    );
}

/// A Pareto of plain labelled counts, and two months of counts compared.
#[test]
fn labelled_counts_give_a_pareto() {
    let complaints = Attribution::from_counts([
        ("late delivery", 46),
        ("wrong item", 22),
        ("rude staff", 4),
        ("billing", 28),
    ])
    .unwrap();
    assert_close(complaints.share("billing").unwrap(), 0.28);
    assert_eq!(complaints.attributed(), 100);
    let triage = complaints.evaluate(&VitalFewThreshold::default());
    let ranked: Vec<(&str, f64)> = triage.ranking().iter().collect();
    assert_eq!(ranked[0], ("late delivery", 0.46));
    assert_eq!(
        triage.vital_few().map(|(l, _)| l).collect::<Vec<_>>(),
        ["late delivery", "billing", "wrong item"]
    );
    // Ties keep the order given.
    let tied = Attribution::from_counts([("b", 5), ("a", 5)]).unwrap();
    assert_eq!(tied.ranking().top(), "b");

    let categories = CauseSet::new(["late delivery", "wrong item", "billing"]).unwrap();
    let october = categories
        .count_shares([("late delivery", 30), ("billing", 10)])
        .unwrap();
    let november = categories
        .count_shares([("late delivery", 12), ("wrong item", 28)])
        .unwrap();
    let change = Comparison::of(october, november).unwrap();
    assert_close(change.change("wrong item").unwrap(), 0.7);
    assert_close(change.change("billing").unwrap(), -0.25);
    let elsewhere = Attribution::from_counts([("late delivery", 1)]).unwrap();
    let billing_only = categories.count_shares([("billing", 1)]).unwrap();
    assert!(matches!(
        Comparison::of(elsewhere, billing_only),
        Err(Error::Mismatch { .. })
    ));
}

#[test]
fn bad_input_is_a_typed_error() {
    assert!(matches!(
        Breakdown::new([0, 1, 1, 1, 1]),
        Err(Error::RatingOutOfRange {
            field: Some(ref f),
            value: 0,
            ..
        }) if f == "process"
    ));
    assert_eq!(
        Breakdown::new([1, 1, 1, 1, 11]).unwrap_err().to_string(),
        "rating for 'people' is 11, expected a value in 1..=10"
    );
    for bad in [0.0, -2.0, f64::NAN, f64::INFINITY] {
        let err = Breakdown::new([1; 5])
            .unwrap()
            .try_with_severity(bad)
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
        Aggregate::new()
            .evaluate(&TriagePolicy::default())
            .unwrap_err()
            .to_string(),
        "breakdown aggregate is empty, expected at least one breakdown"
    );
    let causes = CauseSet::new(["billing"]).unwrap();
    assert_eq!(
        causes.breakdown([("billing", 0)]).unwrap_err().to_string(),
        "rating for 'billing' is 0, expected a value in 1..=10"
    );
    assert_eq!(
        Attribution::from_counts([]).unwrap_err().to_string(),
        "cause set is empty, expected at least one cause"
    );
}

#[cfg(feature = "serde")]
mod json {
    use super::*;
    use crate::common::rejection as message;
    use serde_json::json;

    #[test]
    fn breakdown_and_aggregate_round_trip() {
        let b = Breakdown::new([8, 6, 2, 3, 1])
            .unwrap()
            .with_description("refund needed three approvals")
            .with_period("2026-11")
            .try_with_severity(2.5)
            .unwrap();
        let text = serde_json::to_string(&b).unwrap();
        assert_eq!(
            text,
            r#"{"ratings":{"process":8,"rules":6,"presentation":2,"product":3,"people":1},"description":"refund needed three approvals","period":"2026-11","severity":2.5}"#
        );
        assert_eq!(serde_json::from_str::<Breakdown>(&text).unwrap(), b);
        // The older key is still read.
        let old = text.replace("\"ratings\"", "\"scores\"");
        assert_eq!(serde_json::from_str::<Breakdown>(&old).unwrap(), b);

        let aggregate: Aggregate = three_breakdowns().iter().collect();
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
        for m in AttributionMethod::iter() {
            let t = serde_json::to_string(&m).unwrap();
            assert_eq!(serde_json::from_str::<AttributionMethod>(&t).unwrap(), m);
        }
    }

    #[test]
    fn the_worked_example_stores_as_documented() {
        let aggregate: Aggregate = [
            Breakdown::new([7, 3, 1, 1, 1]).unwrap(),
            Breakdown::new([1; 5]).unwrap(),
        ]
        .iter()
        .collect();
        // Each breakdown's weight per rating point is truncated to whole 2^-64 units, a cause's
        // share is that times its points, and the units are added: the plain sums are 7, 3 and
        // 1 thirteenths (of the first breakdown) each plus one fifth (the second).
        let units = |share: f64| (share * 18_446_744_073_709_551_616.0) as u128;
        let plain = [7, 3, 1, 1, 1].map(|r: u128| r * units(1.0 / 13.0) + units(1.0 / 5.0));
        let value = |units: u128| units as f64 / 18_446_744_073_709_551_616.0;
        let text = |units: u128| units.to_string();
        assert_eq!(
            serde_json::to_value(&aggregate).unwrap(),
            json!({"count": 2, "unattributed": 1,
                   "total_weight": 2.0, "total_weight_exact": text(2 << 64),
                   "attributed_weight": 1.0, "attributed_weight_exact": text(1 << 64),
                   "above_floor": {"process": 0.75, "rules": 0.25, "presentation": 0.0,
                                   "product": 0.0, "people": 0.0},
                   "above_floor_exact": {"process": text(3 << 62), "rules": text(1 << 62),
                                         "presentation": "0", "product": "0", "people": "0"},
                   "plain": {"process": value(plain[0]), "rules": value(plain[1]),
                             "presentation": value(plain[2]), "product": value(plain[3]),
                             "people": value(plain[4])},
                   "plain_exact": {"process": text(plain[0]), "rules": text(plain[1]),
                                   "presentation": text(plain[2]), "product": text(plain[3]),
                                   "people": text(plain[4])}})
        );
        // The format before exact sums (numbers only) is still read, truncated to the grid.
        let mut older = serde_json::to_value(&aggregate).unwrap();
        for field in ["total_weight", "attributed_weight", "above_floor", "plain"] {
            older
                .as_object_mut()
                .unwrap()
                .remove(&format!("{field}_exact"));
        }
        let older: Aggregate = serde_json::from_value(older).unwrap();
        assert_eq!(older.totals().above_floor, aggregate.totals().above_floor);
        assert_eq!(older.count(), 2);
    }

    #[test]
    fn a_shares_units_are_its_points_times_the_weight_per_point() {
        // The heaviest weight puts the weight per point above 2^64 units, where the conversion
        // and the products take their 128-bit paths.
        let heavy = Breakdown::new([7, 3, 1, 1, 1])
            .unwrap()
            .try_with_severity(Severity::MAX)
            .unwrap();
        let totals = [heavy].iter().collect::<Aggregate>().totals();
        let units = |x: f64| (x * 18_446_744_073_709_551_616.0) as u128;
        assert_eq!(totals.total_weight_units, units(1e9));
        assert_eq!(totals.attributed_weight_units, units(1e9));
        let per_point = units(1e9 / 13.0);
        assert!(per_point > u128::from(u64::MAX));
        assert_eq!(
            totals.plain,
            [7, 3, 1, 1, 1].map(|points: u128| points * per_point)
        );
        let per_point = units(1e9 / 8.0);
        assert_eq!(
            totals.above_floor,
            [6, 2, 0, 0, 0].map(|points: u128| points * per_point)
        );
    }

    #[test]
    fn cause_set_types_round_trip() {
        let causes = CauseSet::new(["billing", "bug", "courier"]).unwrap();
        let b = causes
            .breakdown([("bug", 6), ("billing", 2)])
            .unwrap()
            .with_period("2026-W48");
        let text = serde_json::to_string(&b).unwrap();
        assert_eq!(
            text,
            r#"{"causes":["billing","bug","courier"],"ratings":{"billing":2,"bug":6,"courier":1},"period":"2026-W48"}"#
        );
        assert_eq!(
            serde_json::from_str::<Breakdown<CauseSet>>(&text).unwrap(),
            b
        );
        let mut aggregate = Aggregate::with_causes(&causes);
        aggregate.add(&b).unwrap();
        aggregate.add(&causes.breakdown([]).unwrap()).unwrap();
        let text = serde_json::to_string(&aggregate).unwrap();
        let back: Aggregate<CauseSet> = serde_json::from_str(&text).unwrap();
        assert_eq!(back, aggregate);
        assert_eq!(
            serde_json::from_str::<CauseSet>(&serde_json::to_string(&causes).unwrap()).unwrap(),
            causes
        );
        assert_eq!(
            message::<CauseSet>(json!(["bug", "bug"])),
            "duplicate cause 'bug'"
        );
        let mut wrong = serde_json::to_value(&aggregate).unwrap();
        wrong["plain"] = json!([1.0, 1.0]);
        assert_eq!(
            message::<Aggregate<CauseSet>>(wrong),
            "number of share sums differs: 2 here, 3 expected"
        );
        assert_eq!(
            message::<Breakdown<CauseSet>>(json!({"causes": ["bug"], "ratings": {"bugs": 3}})),
            "unknown cause 'bugs', expected one of: bug"
        );
    }

    #[test]
    fn bad_json_gets_the_constructor_message() {
        let ratings = |people: i64| {
            json!({"ratings": {"process": 1, "rules": 1,
            "presentation": 1, "product": 1, "people": people}})
        };
        assert_eq!(
            message::<Breakdown>(ratings(0)),
            Breakdown::new([1, 1, 1, 1, 0]).unwrap_err().to_string()
        );
        assert_eq!(
            message::<Breakdown>(ratings(11)),
            "rating for 'people' is 11, expected a value in 1..=10"
        );
        assert_eq!(
            message::<Breakdown>(json!({"ratings": {"process": 1, "rules": 1,
                "presentation": 1, "product": 1}})),
            "missing rating for 'people'"
        );
        let mut with_severity = ratings(3);
        with_severity["severity"] = json!(0.0);
        assert_eq!(
            message::<Breakdown>(with_severity.clone()),
            "severity is 0, expected a value in 1e-6..=1e9"
        );
        with_severity["severity"] = json!(-1.5);
        assert_eq!(
            message::<Breakdown>(with_severity.clone()),
            "severity is -1.5, expected a value in 1e-6..=1e9"
        );
        with_severity["severity"] = json!(2e9);
        assert_eq!(
            message::<Breakdown>(with_severity),
            "severity is 2000000000, expected a value in 1e-6..=1e9"
        );
        assert_eq!(
            message::<TriagePolicy>(json!({"vital_few": 0.0})),
            "vital_few_threshold is 0, expected a finite value in (0, 1]"
        );
        let policy: TriagePolicy =
            serde_json::from_value(json!({"method": "plain_share"})).unwrap();
        assert_eq!(policy.method(), AttributionMethod::PlainShare);
        assert_close(policy.vital_few().get(), 0.8);
    }

    #[test]
    fn tampered_aggregates_are_rejected() {
        let written =
            serde_json::to_value(three_breakdowns().iter().collect::<Aggregate>()).unwrap();
        // A number that disagrees with its exact sum is caught at once.
        let mut bad = written.clone();
        bad["above_floor"]["rules"] = json!(0.5);
        assert!(message::<Aggregate>(bad).starts_with("above-floor share sum is 0.5, expected "),);
        let mut bad = written.clone();
        bad["total_weight_exact"] = json!("3.5");
        assert_eq!(
            message::<Aggregate>(bad),
            "exact sum '3.5' is not a whole number of units, expected its decimal digits in a \
             string"
        );
        // Totals that agree with themselves but not with each other, in the older numbers-only
        // form, are caught by the rules of `from_totals`.
        let mut good = written;
        for field in ["total_weight", "attributed_weight", "above_floor", "plain"] {
            good.as_object_mut()
                .unwrap()
                .remove(&format!("{field}_exact"));
        }
        let mut bad = good.clone();
        bad["total_weight"] = json!(5.0);
        assert_eq!(
            message::<Aggregate>(bad),
            "sum of plain shares is 3, expected the total weight, 5"
        );
        let mut bad = good.clone();
        bad["above_floor"]["people"] = json!(-0.1);
        assert_eq!(
            message::<Aggregate>(bad),
            "above-floor share sum is -0.1, expected a finite value >= 0"
        );
        let mut bad = good.clone();
        bad["unattributed"] = json!(3);
        assert_eq!(
            message::<Aggregate>(bad),
            "attributed_weight is 3, expected 0 with no attributed breakdowns"
        );
        let mut bad = good;
        bad["count"] = json!(0);
        assert!(message::<Aggregate>(bad).starts_with("total_weight is 3, expected 0"));
    }

    #[test]
    fn a_cause_set_aggregate_is_not_read_as_one_over_the_built_in_causes() {
        let causes = CauseSet::new(["process", "rules", "presentation", "product", "people"]);
        let mut over_a_set = Aggregate::with_causes(&causes.unwrap());
        over_a_set
            .add(&over_a_set.causes().breakdown([("rules", 4)]).unwrap())
            .unwrap();
        let text = serde_json::to_value(&over_a_set).unwrap();
        assert_eq!(
            message::<Aggregate>(text.clone()),
            "invalid type: sequence, expected a map from breakdown cause name to value"
        );
        let mut five = serde_json::to_value(Aggregate::new()).unwrap();
        five["causes"] = text["causes"].clone();
        assert_eq!(
            message::<Aggregate>(five),
            "causes is a cause set, expected none over the built-in causes (read it as \
             Aggregate<CauseSet>)"
        );
        let mut no_causes = text;
        no_causes.as_object_mut().unwrap().remove("causes");
        assert_eq!(
            message::<Aggregate<CauseSet>>(no_causes),
            "missing field `causes`"
        );
    }
}

fn ratings() -> impl Strategy<Value = [i64; 5]> {
    prop_oneof![
        proptest::array::uniform5(1i64..=10),
        // Mostly 1s, as real breakdowns are: most causes did not contribute.
        proptest::array::uniform5(prop_oneof![4 => Just(1i64), 1 => 1i64..=10]),
    ]
}

fn breakdown() -> impl Strategy<Value = Breakdown> {
    let severity = prop_oneof![
        4 => 0.01f64..100.0,
        1 => Just(Severity::MIN),
        1 => Just(Severity::MAX),
        1 => Severity::MIN..=Severity::MAX,
    ];
    (ratings(), proptest::option::of(severity)).prop_map(|(ratings, severity)| {
        let b = Breakdown::new(ratings).unwrap();
        match severity {
            Some(s) => b.try_with_severity(s).unwrap(),
            None => b,
        }
    })
}

/// The five causes as a cause set defined at run time.
fn five_as_a_set() -> CauseSet {
    CauseSet::new(Cause::iter().map(|c| c.to_string())).unwrap()
}

/// The same breakdown over the run-time copy of the five causes.
fn over_the_set(set: &CauseSet, b: &Breakdown) -> Breakdown<CauseSet> {
    let names: Vec<String> = Cause::iter().map(|c| c.to_string()).collect();
    let pairs = names
        .iter()
        .zip(Cause::iter())
        .map(|(name, c)| (name.as_str(), i64::from(b.rating(c))));
    let copy = set.breakdown(pairs).unwrap();
    match b.severity() {
        Some(s) => copy.try_with_severity(s.get()).unwrap(),
        None => copy,
    }
}

proptest! {
    #![proptest_config(crate::common::cases(1_000))]

    #[test]
    fn shares_of_an_attributed_breakdown_sum_to_one(b in breakdown()) {
        for method in AttributionMethod::iter() {
            match b.attribution_by(method) {
                Ok(a) => {
                    let sum: f64 = a.iter().map(|(_, s)| s).sum();
                    prop_assert!((sum - 1.0).abs() <= EPS, "{method}: {sum}");
                    for (_, s) in a.iter() {
                        prop_assert!((0.0..=1.0).contains(&s));
                    }
                }
                Err(_) => {
                    prop_assert_eq!(method, AttributionMethod::AboveFloor);
                    prop_assert!(Cause::iter().all(|c| b.rating(c) == 1));
                }
            }
        }
        prop_assert_eq!(b.is_attributed(), b.attribution().is_ok());
    }

    #[test]
    fn one_breakdown_triages_as_an_aggregate_of_it_alone(b in breakdown(), plain in any::<bool>()) {
        let method = if plain { AttributionMethod::PlainShare } else { AttributionMethod::AboveFloor };
        let policy = TriagePolicy::default().with_method(method);
        let alone: Aggregate = [b.clone()].iter().collect();
        match (b.evaluate(&policy), alone.evaluate(&policy)) {
            (Ok(one), Ok(all)) => {
                prop_assert_eq!(one.where_to_start(), all.where_to_start());
                for ((c1, s1), (c2, s2)) in one.ranking().iter().zip(all.ranking().iter()) {
                    prop_assert_eq!(c1, c2);
                    prop_assert!((s1 - s2).abs() <= EPS, "{c1}: {s1} against {s2}");
                }
            }
            (Err(one), Err(all)) => {
                prop_assert!(matches!(one, Error::Degenerate { .. }), "{one}");
                prop_assert!(matches!(all, Error::Degenerate { .. }), "{all}");
            }
            (one, all) => prop_assert!(false, "{one:?} against {all:?}"),
        }
    }

    #[test]
    fn raising_one_rating_never_lowers_that_causes_share(
        b in breakdown(),
        cause in 0usize..5,
        step in 1i64..10,
    ) {
        let cause = Cause::iter().nth(cause).unwrap();
        let raised = (i64::from(b.rating(cause)) + step).min(10);
        let pairs = Cause::iter()
            .map(|c| (c, if c == cause { raised } else { i64::from(b.rating(c)) }));
        let after = Breakdown::from_pairs(pairs).unwrap();
        for method in AttributionMethod::iter() {
            let before = b.attribution_by(method).map_or(0.0, |a| a.share(cause));
            let now = after.attribution_by(method).unwrap().share(cause);
            prop_assert!(now >= before, "{method}: {before} -> {now}");
        }
    }

    #[test]
    fn a_run_time_list_of_the_five_causes_gives_the_built_in_results(
        items in proptest::collection::vec(breakdown(), 1..40),
        later in proptest::collection::vec(breakdown(), 1..10),
        threshold in 0.05f64..=1.0,
    ) {
        let set = five_as_a_set();
        let builtin: Aggregate = items.iter().collect();
        let mut runtime = Aggregate::with_causes(&set);
        for b in &items {
            prop_assert_eq!(
                b.attribution().map(|a| a.iter().map(|(_, s)| s).collect::<Vec<_>>()),
                over_the_set(&set, b).attribution().map(|a| a.iter().map(|(_, s)| s).collect())
            );
            runtime.add(&over_the_set(&set, b)).unwrap();
        }
        prop_assert_eq!(builtin.totals().above_floor.to_vec(), runtime.totals().above_floor);
        prop_assert_eq!(builtin.totals().plain.to_vec(), runtime.totals().plain);
        prop_assert_eq!(builtin.unattributed(), runtime.unattributed());
        for method in AttributionMethod::iter() {
            let policy = TriagePolicy::default()
                .with_method(method)
                .try_with_vital_few(threshold)
                .unwrap();
            match (builtin.evaluate(&policy), runtime.evaluate(&policy)) {
                (Ok(x), Ok(y)) => {
                    let xs: Vec<(String, f64)> =
                        x.ranking().iter().map(|(c, s)| (c.to_string(), s)).collect();
                    let ys: Vec<(String, f64)> =
                        y.ranking().iter().map(|(l, s)| (l.to_owned(), s)).collect();
                    prop_assert_eq!(xs, ys);
                    prop_assert_eq!(x.vital_few().len(), y.vital_few().len());
                    prop_assert_eq!(x.where_to_start().to_string(), y.where_to_start());
                }
                (Err(x), Err(y)) => prop_assert_eq!(x, y),
                (x, y) => prop_assert!(false, "{x:?} against {y:?}"),
            }
        }
        let builtin_later: Aggregate = later.iter().collect();
        let mut runtime_later = Aggregate::with_causes(&set);
        for b in &later {
            runtime_later.add(&over_the_set(&set, b)).unwrap();
        }
        if let (Ok(x), Ok(y)) = (
            Comparison::between(&builtin, &builtin_later),
            Comparison::between(&runtime, &runtime_later),
        ) {
            let grew_x: Vec<String> = x.grew().map(|(c, _)| c.to_string()).collect();
            let grew_y: Vec<String> = y.grew().map(|(l, _)| l.to_owned()).collect();
            prop_assert_eq!(grew_x, grew_y);
            let shrank_x: Vec<String> = x.shrank().map(|(c, _)| c.to_string()).collect();
            let shrank_y: Vec<String> = y.shrank().map(|(l, _)| l.to_owned()).collect();
            prop_assert_eq!(shrank_x, shrank_y);
        }
    }

    /// The same breakdowns give the same aggregate, bit for bit, in any order, however they
    /// are split and in whatever tree the parts merge, with a JSON round trip of some parts on
    /// the way (issue 29).
    #[test]
    fn aggregation_ignores_order_split_merge_tree_and_storage(
        items in proptest::collection::vec(breakdown(), 1..60),
        cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..8),
        steps in proptest::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>(), any::<bool>()), 0..8),
        seed in any::<u64>(),
    ) {
        let whole: Aggregate = items.iter().collect();
        let unattributed = items.iter().filter(|b| !b.is_attributed()).count() as u64;
        prop_assert_eq!(whole.unattributed(), unattributed);

        let shuffled = crate::common::shuffled(&items, seed);
        let reordered: Aggregate = shuffled.iter().collect();
        prop_assert_eq!(&reordered, &whole);

        let parts: Vec<Aggregate> = crate::common::cut_into(&shuffled, &cuts)
            .iter()
            .map(|part| part.iter().collect())
            .collect();
        let store = |a: &Aggregate| -> Aggregate {
            #[cfg(feature = "serde")]
            return serde_json::from_str(&serde_json::to_string(a).unwrap()).unwrap();
            #[cfg(not(feature = "serde"))]
            a.clone()
        };
        let merged = crate::common::merge_tree(parts, &steps, |a, b| a.merge(b), store).unwrap();
        prop_assert_eq!(&merged, &whole);
        prop_assert_eq!(merged.totals(), whole.totals());
        prop_assert_eq!(merged.total_weight().to_bits(), whole.total_weight().to_bits());
        for method in AttributionMethod::iter() {
            let bits = |a: &Aggregate| {
                a.attribution_by(method).map(|s| s.iter().map(|(_, x)| x.to_bits()).collect::<Vec<_>>())
            };
            prop_assert_eq!(bits(&merged), bits(&whole));
        }

        for method in AttributionMethod::iter() {
            if let Ok(a) = whole.attribution_by(method) {
                let sum: f64 = a.iter().map(|(_, s)| s).sum();
                prop_assert!((sum - 1.0).abs() < 1e-9);
            }
        }
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
        let new_rating = (i64::from(b.rating(cause)) + step).min(10);
        let pairs: Vec<(Cause, i64)> = Cause::iter()
            .map(|c| (c, if c == cause { new_rating } else { i64::from(b.rating(c)) }))
            .collect();
        let mut replacement = Breakdown::from_pairs(pairs).unwrap();
        if let Some(s) = b.severity() {
            replacement = replacement.try_with_severity(s.get()).unwrap();
        }
        raised[i] = replacement;
        let after: Aggregate = raised.iter().collect();
        // Before, the whole set may have been unattributed: then the cause had no share.
        let was = before.share(cause).unwrap_or(0.0);
        prop_assert!(after.share(cause).unwrap() + 1e-12 >= was);
    }

    #[test]
    fn vital_few_is_the_shortest_prefix_reaching_the_threshold(
        items in proptest::collection::vec(breakdown(), 1..20),
        threshold in 0.01f64..=1.0,
    ) {
        let aggregate: Aggregate = items.iter().collect();
        let policy = TriagePolicy::default().try_with_vital_few(threshold).unwrap();
        let Ok(triage) = aggregate.evaluate(&policy) else {
            prop_assert!(items.iter().all(|b| !b.is_attributed()));
            return Ok(());
        };
        let n = triage.vital_few().len();
        prop_assert!((1..=5).contains(&n));
        let cumulative: Vec<f64> = triage.ranking().cumulative().map(|(_, _, c)| c).collect();
        prop_assert!(cumulative[n - 1] + 1e-12 >= threshold);
        if n > 1 {
            prop_assert!(cumulative[n - 2] + 1e-12 < threshold);
        }
        let shares: Vec<f64> = triage.ranking().iter().map(|(_, s)| s).collect();
        prop_assert!(shares.windows(2).all(|w| w[0] >= w[1]));
        // A cause with no share is never among the vital few.
        prop_assert!(triage.vital_few().all(|(_, s)| s > 0.0));
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
        let set = five_as_a_set();
        let mut runtime = Aggregate::with_causes(&set);
        for b in &items {
            runtime.add(&over_the_set(&set, b)).unwrap();
        }
        let text = serde_json::to_string(&runtime).unwrap();
        prop_assert_eq!(serde_json::from_str::<Aggregate<CauseSet>>(&text).unwrap(), runtime);
    }
}

/// `x` in units of 2^-64, as stored totals keep it.
fn units(x: f64) -> u128 {
    (x * 18_446_744_073_709_551_616.0) as u128
}

fn totals(count: u64, total_weight: f64, plain: [f64; 5]) -> Totals<[u128; 5]> {
    Totals {
        count,
        unattributed: 0,
        total_weight_units: units(total_weight),
        attributed_weight_units: units(total_weight),
        above_floor: plain.map(units),
        plain: plain.map(units),
    }
}

#[test]
fn stored_totals_for_no_breakdowns_must_all_be_zero() {
    assert!(Aggregate::from_totals(totals(0, 0.0, [0.0; 5])).is_ok());
    for (weight, shares) in [(1.0, [0.0; 5]), (0.0, [1.0, 0.0, 0.0, 0.0, 0.0])] {
        assert!(
            matches!(
                Aggregate::from_totals(totals(0, weight, shares)),
                Err(Error::Inconsistent { .. })
            ),
            "{weight} {shares:?}"
        );
    }
}

#[test]
fn stored_shares_may_miss_the_total_weight_by_rounding_relative_to_it() {
    // One part in 10^10 of a total weight of 1000 is rounding; one part in 10^8 is not.
    let nudged =
        |by: f64| Aggregate::from_totals(totals(3, 1000.0, [400.0 + by, 600.0, 0.0, 0.0, 0.0]));
    assert!(nudged(1e-7).is_ok());
    assert!(nudged(1e-5).is_err());
}

#[test]
fn period_comparison_orders_growth_and_falls_by_size() {
    let earlier = Aggregate::from_totals(totals(1, 1.0, [0.4, 0.3, 0.2, 0.1, 0.0])).unwrap();
    let later = Aggregate::from_totals(totals(1, 1.0, [0.1, 0.2, 0.2, 0.2, 0.3])).unwrap();
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
    let one = |ratings| {
        let mut a = Aggregate::new();
        a.add(&Breakdown::new(ratings).unwrap());
        a
    };
    let mut a = one([9, 1, 1, 1, 1]);
    Merge::merge(&mut a, &one([1, 1, 1, 1, 1]));
    let mut b = one([9, 1, 1, 1, 1]);
    b.merge(&one([1, 1, 1, 1, 1]));
    assert_eq!(a, b);
    assert_eq!((a.count(), a.unattributed()), (2, 1));
}

/// People on top sends the team to its PROUD results for the behaviour to coach; any other top
/// cause, or PROUD results with nothing to show, point nowhere.
#[test]
fn people_on_top_points_at_the_weakest_proud_principle() {
    use service_quality::Scale;
    use service_quality::proud::{Assessment, Principle, ProudPolicy, ProudSummary};

    let mut reviews = ProudSummary::new();
    for ratings in [[4, 5, 2, 4, 4], [5, 4, 3, 4, 5]] {
        let verdict = Assessment::from_array(Scale::ONE_TO_FIVE, ratings)
            .unwrap()
            .evaluate(&ProudPolicy::default())
            .unwrap();
        reviews.add(&verdict);
    }
    let policy = TriagePolicy::default();
    let people: Aggregate = [Breakdown::new([2, 1, 1, 1, 8]).unwrap()].iter().collect();
    let people = people.evaluate(&policy).unwrap();
    assert!(people.warnings().any(|w| w == Warning::PeopleOnTop));
    assert_eq!(
        people.behaviour_to_coach(&reviews),
        Some(Principle::Ownership)
    );
    assert_eq!(people.behaviour_to_coach(&ProudSummary::new()), None);

    let process: Aggregate = [Breakdown::new([8, 1, 1, 1, 2]).unwrap()].iter().collect();
    let process = process.evaluate(&policy).unwrap();
    assert_eq!(process.behaviour_to_coach(&reviews), None);
}
