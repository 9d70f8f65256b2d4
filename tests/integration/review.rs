//! 360 reviews: a hand-computed review, gap thresholds, bad reviews, what a review and its report
//! expose, and the anonymity rules and gaps as properties.

use crate::common::strategies::contrast_ratings;
use crate::common::{assert_close, observer, ved};

use proptest::prelude::*;
use service_quality::boss_leader::Contrast;
use service_quality::leadership::Area;
use service_quality::review::{Observer, RaterRole, Review, ReviewPolicy, Visibility};
use service_quality::{Ratings, Scale};

/// Hand-computed 360 on V.E.D. with three peers and three reports; self 5, 3, 4 → 100, 50, 75.
/// Each expected figure is worked out in the comment above its assertion.
#[test]
fn hand_computed_360() {
    let review = Review::new(
        ved([5, 3, 4]),
        vec![
            observer("p1", RaterRole::Peer, [4, 4, 4]),
            observer("p2", RaterRole::Peer, [3, 4, 4]),
            observer("p3", RaterRole::Peer, [2, 4, 4]),
            observer("d1", RaterRole::DirectReport, [3, 5, 4]),
            observer("d2", RaterRole::DirectReport, [3, 5, 4]),
            observer("d3", RaterRole::DirectReport, [3, 5, 4]),
        ],
    )
    .unwrap();
    let report = review.evaluate(&ReviewPolicy::default());

    // Peers' vision: (75 + 50 + 25) / 3 = 50; reports' vision 50; all 50. Self 100: gap +50.
    let peers = report.role(RaterRole::Peer).shown().unwrap();
    assert_eq!(peers.raters(), 3);
    assert_close(peers.mean(Area::Vision).get(), 50.0);
    assert_eq!(report.gap(Area::Vision), Some(50.0));
    // Engagement: peers 75, reports 100 → all 87.5; self 50: gap −37.5, a hidden strength.
    assert_eq!(report.gap(Area::Engagement), Some(-37.5));
    // Delivery: everyone 75: no gap.
    assert_eq!(report.gap(Area::Delivery), Some(0.0));

    assert_eq!(
        report.blind_spots().collect::<Vec<_>>(),
        [(Area::Vision, 50.0)]
    );
    assert_eq!(
        report.hidden_strengths().collect::<Vec<_>>(),
        [(Area::Engagement, -37.5)]
    );
    // Overall: self (100 + 50 + 75) / 3 = 75; observers (50 + 87.5 + 75) / 3 = 70.8333…
    assert_close(report.self_overall().get(), 75.0);
    assert!((report.overall_gap().unwrap() - (75.0 - 212.5 / 3.0)).abs() < 1e-12);
    assert!(report.role(RaterRole::Manager).is_withheld());
    assert!(!report.role(RaterRole::Peer).is_withheld());
    assert!(!report.observers().is_withheld());
}

#[test]
fn a_higher_gap_threshold_finds_fewer_blind_spots() {
    let review = Review::new(
        ved([5, 5, 5]),
        (0..3)
            .map(|i| observer(&format!("o{i}"), RaterRole::Peer, [4, 3, 1]))
            .collect(),
    )
    .unwrap();
    let lenient = review.evaluate(&ReviewPolicy::default());
    assert_eq!(lenient.blind_spots().count(), 3);
    let strict = review.evaluate(
        &ReviewPolicy::default()
            .try_with_gap_threshold(50.0)
            .unwrap(),
    );
    let spots: Vec<Area> = strict.blind_spots().map(|(a, _)| a).collect();
    assert_eq!(spots, [Area::Delivery, Area::Engagement]);
}

#[test]
fn bad_reviews_are_typed_errors() {
    let me = ved([3, 3, 3]);
    assert_eq!(
        Review::new(me, vec![]).unwrap_err().to_string(),
        "review is empty, expected at least one observer"
    );
    let dup = vec![
        observer("same", RaterRole::Peer, [1, 2, 3]),
        observer(" same ", RaterRole::Manager, [1, 2, 3]),
    ];
    assert_eq!(
        Review::new(me, dup).unwrap_err().to_string(),
        "duplicate rater id 'same'"
    );
    let seven = Observer::new(
        "x",
        RaterRole::Peer,
        Ratings::from_array(Scale::ONE_TO_SEVEN, [7, 7, 7]).unwrap(),
    )
    .unwrap();
    assert_eq!(
        Review::new(me, vec![seven]).unwrap_err().to_string(),
        "scale of observer ratings is 1..=7, expected 1..=5"
    );
    assert_eq!(
        Ratings::<Area>::from_array(Scale::ONE_TO_FIVE, [3, 6, 3])
            .unwrap_err()
            .to_string(),
        "rating for 'engagement' is 6, expected a value in 1..=5"
    );
}

mod review_details {
    use crate::common::assert_close;
    use service_quality::boss_leader::Contrast;
    use service_quality::review::{Observer, RaterId, RaterRole, Review, ReviewPolicy};
    use service_quality::{Error, Ratings, Scale, Weights};

    fn review() -> Review<Contrast> {
        let seven = Scale::ONE_TO_SEVEN;
        let me = Ratings::<Contrast>::from_array(seven, [7, 7, 7, 7, 7, 4, 4, 4, 4, 1]).unwrap();
        let them = Ratings::<Contrast>::from_array(seven, [4; 10]).unwrap();
        let observers = ["a", "b", "c"]
            .into_iter()
            .map(|id| Observer::new(id, RaterRole::DirectReport, them).unwrap())
            .collect();
        Review::new(me, observers).unwrap()
    }

    #[test]
    fn a_review_exposes_its_raters_and_the_report_its_parts() {
        let review = review();
        assert_eq!(review.observer_count(), 3);
        let raters: Vec<(&str, RaterRole)> = review
            .raters()
            .map(|(id, role)| (id.as_str(), role))
            .collect();
        assert_eq!(
            raters,
            [
                ("a", RaterRole::DirectReport),
                ("b", RaterRole::DirectReport),
                ("c", RaterRole::DirectReport)
            ]
        );
        let policy = ReviewPolicy::default().try_with_min_group_size(3).unwrap();
        let report = review.evaluate(&policy);
        // Self: five contrasts at 100, four at 50, one at 0; observers 50 everywhere.
        assert_close(report.self_score(Contrast::Approachability).get(), 100.0);
        assert_close(report.self_overall().get(), 70.0);
        let observers = report.observers().shown().unwrap();
        assert_eq!(observers.raters(), 3);
        assert_close(observers.overall().get(), 50.0);
        assert!(
            observers
                .means()
                .all(|(_, m)| (m.get() - 50.0).abs() < 1e-12)
        );
        assert_close(report.overall_gap().unwrap(), 20.0);
        assert_close(report.gap_threshold().get(), policy.gap_threshold().get());
        assert!(report.role(RaterRole::DirectReport).shown().is_some());
        assert!(report.role(RaterRole::Peer).is_withheld());
        let blind: Vec<Contrast> = report.blind_spots().map(|(c, _)| c).collect();
        assert_eq!(blind, Contrast::iter().take(5).collect::<Vec<_>>());
        let hidden: Vec<Contrast> = report.hidden_strengths().map(|(c, _)| c).collect();
        assert_eq!(hidden, [Contrast::Priorities]);
        let weakest = report.self_weakest_first().next().unwrap();
        assert_eq!(weakest.0, Contrast::Priorities);
        // Every observer gave 4, so the observers' weakest is the first in declaration order.
        assert_eq!(
            observers.weakest_first().next().unwrap().0,
            Contrast::Approachability
        );
    }

    #[cfg(feature = "serde")]
    #[test]
    fn a_report_serialises_every_part_by_name() {
        let report =
            review().evaluate(&ReviewPolicy::default().try_with_min_group_size(3).unwrap());
        let json = serde_json::to_value(report).unwrap();
        for key in [
            "self_scores",
            "self_overall",
            "observers",
            "roles",
            "gaps",
            "gap_threshold",
        ] {
            assert!(json.get(key).is_some(), "{key}: {json}");
        }
        assert_eq!(json["self_scores"]["approachability"], 100.0);
        assert_eq!(json["gaps"]["priorities"], -50.0);
        assert_eq!(json["observers"]["raters"], 3);
        assert_eq!(json["observers"]["means"]["language"], 50.0);
        assert_eq!(json["observers"]["visibility"], "shown");
        assert_eq!(
            json["roles"]["peer"],
            serde_json::json!({"visibility": "withheld"})
        );
    }

    #[test]
    fn review_policy_builders_check_and_keep_their_values() {
        let weights =
            Weights::<Contrast>::from_fn(|c| if c == Contrast::Respect { 3.0 } else { 1.0 })
                .unwrap();
        let policy = ReviewPolicy::<Contrast>::default()
            .with_weights(weights)
            .try_with_gap_threshold(12.5)
            .unwrap()
            .try_with_min_group_size(4)
            .unwrap();
        assert_eq!(policy.weights(), &weights);
        assert_close(policy.gap_threshold().get(), 12.5);
        assert_eq!(policy.min_group_size(), 4);
        assert!(matches!(
            ReviewPolicy::<Contrast>::default().try_with_min_group_size(0),
            Err(Error::IntegerOutOfRange {
                field: "min_group_size",
                ..
            })
        ));
        assert!(matches!(
            ReviewPolicy::<Contrast>::default().try_with_gap_threshold(101.0),
            Err(Error::ScoreOutOfRange {
                field: Some("gap_threshold"),
                ..
            })
        ));
    }

    #[test]
    fn rater_ids_parse_like_new_and_roles_have_labels() {
        assert_eq!("  r-1 ".parse::<RaterId>().unwrap().as_str(), "r-1");
        assert!("   ".parse::<RaterId>().is_err());
        let observer = Observer::new(
            "x",
            RaterRole::Customer,
            Ratings::<Contrast>::from_array(Scale::ONE_TO_FIVE, [3; 10]).unwrap(),
        )
        .unwrap();
        assert_eq!(
            (observer.id().as_str(), observer.role()),
            ("x", RaterRole::Customer)
        );
        let labels: Vec<&str> = RaterRole::iter().map(RaterRole::name).collect();
        assert_eq!(
            labels,
            ["manager", "peer", "direct report", "customer", "other"]
        );
    }
}

// ---- properties ----

const ROLES: [RaterRole; 5] = [
    RaterRole::Manager,
    RaterRole::Peer,
    RaterRole::DirectReport,
    RaterRole::Customer,
    RaterRole::Other,
];

type Parts = (Ratings<Contrast>, Vec<(usize, Ratings<Contrast>)>);

fn review_parts(max_observers: usize) -> impl Strategy<Value = Parts> {
    let scale = Scale::ONE_TO_SEVEN;
    (
        contrast_ratings(scale),
        proptest::collection::vec((0usize..5, contrast_ratings(scale)), 1..=max_observers),
    )
}

fn build((me, observers): Parts) -> Review<Contrast> {
    let observers = observers
        .into_iter()
        .enumerate()
        .map(|(i, (role, r))| Observer::new(format!("rater-{i}"), ROLES[role], r).unwrap())
        .collect();
    Review::new(me, observers).unwrap()
}

fn review(max_observers: usize) -> impl Strategy<Value = Review<Contrast>> {
    review_parts(max_observers).prop_map(build)
}

proptest! {
    #![proptest_config(crate::common::cases(500))]

    #[test]
    fn raising_an_observer_rating_never_lowers_the_observer_index(
        parts in review_parts(12),
        which in 0usize..10,
    ) {
        let c = Contrast::iter().nth(which).unwrap();
        let policy = ReviewPolicy::default().try_with_min_group_size(1).unwrap();
        let before = build(parts.clone()).evaluate(&policy);
        let (me, mut observers) = parts;
        let first = &mut observers[0].1;
        let up = (i64::from(first.get(c).unwrap().get()) + 1).min(7);
        *first = first.try_with(c, up).unwrap();
        let after = build((me, observers)).evaluate(&policy);
        let (b, a) = (before.observers().shown().unwrap(), after.observers().shown().unwrap());
        prop_assert!(a.mean(c) >= b.mean(c));
        prop_assert!(a.overall() >= b.overall());
    }

    #[test]
    fn gaps_are_antisymmetric(me in contrast_ratings(Scale::ONE_TO_SEVEN),
                              other in contrast_ratings(Scale::ONE_TO_SEVEN)) {
        let policy = ReviewPolicy::default().try_with_min_group_size(1).unwrap();
        let one = |s: Ratings<Contrast>, o: Ratings<Contrast>| {
            Review::new(s, vec![Observer::new("o", RaterRole::Peer, o).unwrap()])
                .unwrap()
                .evaluate(&policy)
        };
        let forward = one(me, other);
        let swapped = one(other, me);
        for c in Contrast::iter() {
            prop_assert_eq!(forward.gap(c), swapped.gap(c).map(|g| -g));
        }
        prop_assert_eq!(forward.overall_gap(), swapped.overall_gap().map(|g| -g));
        let spots: Vec<Contrast> = forward.blind_spots().map(|(c, _)| c).collect();
        let strengths: Vec<Contrast> = swapped.hidden_strengths().map(|(c, _)| c).collect();
        prop_assert_eq!(spots, strengths);
    }

    #[test]
    fn anonymity_holds_for_every_review(review in review(15), min in 1usize..6) {
        let policy = ReviewPolicy::default().try_with_min_group_size(min).unwrap();
        let report = review.evaluate(&policy);
        let total = review.observer_count();
        let mut shown_raters = 0;
        for role in ROLES {
            let actual = review.raters().filter(|&(_, r)| r == role).count();
            if let Visibility::Shown(g) = report.role(role) {
                prop_assert!(g.raters() >= min);
                prop_assert_eq!(g.raters(), actual);
                shown_raters += g.raters();
            }
        }
        match report.observers() {
            Visibility::Shown(all) => {
                prop_assert!(total >= min);
                prop_assert_eq!(all.raters(), total);
                // What could be worked out by subtraction also rests on enough raters.
                let hidden = total - shown_raters;
                prop_assert!(hidden == 0 || hidden >= min, "hidden {} < {}", hidden, min);
            }
            Visibility::Withheld => {
                prop_assert!(total < min);
                prop_assert_eq!(shown_raters, 0);
                for c in Contrast::iter() {
                    prop_assert_eq!(report.gap(c), None);
                }
            }
        }
    }
}
