//! Serde across modules: the core and PROUD types round-trip exactly, the leadership, review and
//! boss-versus-leader types round-trip and validate, and the decision statistics' results
//! serialise. Each module's own JSON tests are in its file; arbitrary and damaged documents for
//! every type are in `robustness.rs`.
#![cfg(feature = "serde")]

use crate::common::{mgmt, observer, sample_assessment, ved};

use service_quality::boss_leader::LeaderPolicy;
use service_quality::leadership::{
    Area, Briefing, BriefingElement, Position, Profile, ProfilePolicy,
};
use service_quality::metrics::compare;
use service_quality::metrics::{Level, Share, ShareMethod};
use service_quality::proud::{Assessment, CopingReaction, Principle, ProudPolicy, Scenario};
use service_quality::reliability::{Calibration, CalibrationOptions, Reference};
use service_quality::review::{RaterRole, Review, ReviewPolicy};
use service_quality::{
    Band, BandThresholds, CriticalRule, NotApplicableRule, Rating, Ratings, Scale, Score, Weights,
};

fn round_trip<T>(value: &T) -> T
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let text = serde_json::to_string(value).unwrap();
    let back: T = serde_json::from_str(&text).unwrap();
    assert_eq!(&back, value, "{text}");
    back
}

#[test]
fn every_type_round_trips() {
    round_trip(&Scale::new(-3, 3).unwrap());
    round_trip(&Rating::new(Scale::ZERO_TO_TEN, 9).unwrap());
    round_trip(&Score::new(72.125).unwrap());
    round_trip(&Score::new(1.0 / 3.0).unwrap());
    round_trip(&BandThresholds::new(40.5, 60.0, 99.9).unwrap());
    round_trip(&Weights::<Principle>::from_array([0.1, 0.2, 0.3, 0.0, 7.5]).unwrap());
    round_trip(&Ratings::<Principle>::from_array(Scale::ONE_TO_SEVEN, [1, 2, 3, 4, 7]).unwrap());
    round_trip(
        &Ratings::<Principle>::from_options(
            Scale::ONE_TO_FIVE,
            [Some(1), None, Some(3), None, Some(5)],
        )
        .unwrap(),
    );
    round_trip(&ProudPolicy::default());
    round_trip(&ProudPolicy::default().without_critical(Principle::PoliteAndProfessional));
    round_trip(
        &ProudPolicy::default()
            .with_critical(Principle::Respect, Score::new(12.5).unwrap())
            .with_critical_rule(CriticalRule::FlagOnly)
            .with_not_applicable_allowed(Principle::Deliver, true)
            .with_not_applicable_rule(NotApplicableRule::FullMarks),
    );
    round_trip(&CriticalRule::ScoreZero);
    round_trip(&NotApplicableRule::FullMarks);
    round_trip(&sample_assessment());
    round_trip(&Assessment::from_array(Scale::ONE_TO_FIVE, [1, 1, 1, 1, 1]).unwrap());
    for p in Principle::iter() {
        round_trip(&p);
    }
    for s in Scenario::iter() {
        round_trip(&s);
    }
    for r in CopingReaction::iter() {
        round_trip(&r);
    }
    for b in Band::iter() {
        round_trip(&b);
    }
}

#[test]
fn leadership_types_round_trip_and_validate() {
    use serde_json::json;

    let review = Review::new(
        ved([5, 3, 4]),
        vec![
            observer("p1", RaterRole::Peer, [4, 4, 4]),
            observer("m", RaterRole::Manager, [3, 4, 4]),
        ],
    )
    .unwrap();
    let text = serde_json::to_string(&review).unwrap();
    assert_eq!(serde_json::from_str::<Review<Area>>(&text).unwrap(), review);

    let profile = Profile::new(Position::Supervisor, ved([1, 2, 3]), mgmt([4, 5, 4, 5]));
    let text = serde_json::to_string(&profile).unwrap();
    assert_eq!(serde_json::from_str::<Profile>(&text).unwrap(), profile);

    let briefing = Briefing::from_elements([BriefingElement::Deliverable]).unwrap();
    assert_eq!(
        serde_json::to_value(briefing).unwrap(),
        json!(["deliverable"])
    );
    let err = serde_json::from_value::<Briefing>(json!(["plan", "plan"])).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("duplicate briefing element 'plan'")
    );

    for policy in [
        ReviewPolicy::<Area>::default(),
        ReviewPolicy::default().try_with_min_group_size(5).unwrap(),
    ] {
        let text = serde_json::to_string(&policy).unwrap();
        assert_eq!(
            serde_json::from_str::<ReviewPolicy<Area>>(&text).unwrap(),
            policy
        );
    }
    let bad = json!({"weights": {"vision": 1, "engagement": 1, "delivery": 1},
                     "gap_threshold": 15, "min_group_size": 0});
    assert_eq!(
        serde_json::from_value::<ReviewPolicy<Area>>(bad)
            .unwrap_err()
            .to_string(),
        "min_group_size is 0, expected at least 1"
    );
    let no_observers = json!({"self_rating": {"ratings": {"v": 3, "e": 3, "d": 3}},
                              "observers": []});
    assert_eq!(
        serde_json::from_value::<Review<Area>>(no_observers)
            .unwrap_err()
            .to_string(),
        "review is empty, expected at least one observer"
    );

    let lp = LeaderPolicy::default();
    let text = serde_json::to_string(&lp).unwrap();
    assert_eq!(serde_json::from_str::<LeaderPolicy>(&text).unwrap(), lp);
    let pp = ProfilePolicy::default();
    let text = serde_json::to_string(&pp).unwrap();
    assert_eq!(serde_json::from_str::<ProfilePolicy>(&text).unwrap(), pp);

    // Reports serialise for display, and a withheld group carries nothing.
    let report = review.evaluate(&ReviewPolicy::default());
    let value = serde_json::to_value(report).unwrap();
    assert_eq!(value["roles"]["manager"], json!({"visibility": "withheld"}));
    assert_eq!(value["observers"], json!({"visibility": "withheld"}));
    assert_eq!(value["gaps"]["vision"], json!(null));
}

/// Results serialise (they are derived, so they do not deserialise: store the inputs).
#[test]
fn decision_results_serialise() {
    let d = compare::shares(
        Share::new(56, 70).unwrap(),
        Share::new(48, 80).unwrap(),
        ShareMethod::Wilson,
        Level::NINETY_FIVE,
    );
    let json: serde_json::Value = serde_json::to_value(d).unwrap();
    assert_eq!(
        json["interval"]["estimate"],
        serde_json::json!(d.difference())
    );
    assert_eq!(json["interval"]["level"], serde_json::json!(0.95));
    assert_eq!(json["p_value"], serde_json::json!(d.p_value()));

    let mut session = Calibration::new();
    for (reviewer, answer) in [("lead", Some(1.0)), ("ana", Some(1.0)), ("ben", None)] {
        session.add("call-1", "greeting", reviewer, answer).unwrap();
    }
    let report = session
        .evaluate(
            &CalibrationOptions::default().with_reference(Reference::Calibrator("lead".into())),
        )
        .unwrap();
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["reference"], serde_json::json!({"calibrator": "lead"}));
    assert_eq!(json["items"][0]["kappa"], serde_json::json!("one_category"));
    assert_eq!(json["items"][0]["agreement"]["pairs"], serde_json::json!(1));
    assert_eq!(
        json["reviewers"][1]["agreement"]["mean_signed_deviation"],
        serde_json::Value::Null
    );
}
