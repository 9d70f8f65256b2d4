//! Serde: every deserialisable type round-trips exactly, and bad JSON is rejected with the same
//! message the constructors give.
#![cfg(feature = "serde")]

use crate::common::assert_close;

use serde::Deserialize;
use serde::de::value::{Error as ValueError, MapDeserializer};
use serde_json::json;
use service_quality::proud::{Assessment, CopingReaction, Principle, ProudPolicy, Scenario};
use service_quality::{
    Band, BandThresholds, CriticalRule, NotApplicableRule, Policy, Rating, Ratings, Scale, Score,
    Weights,
};
use strum::IntoEnumIterator;

fn round_trip<T>(value: &T) -> T
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let text = serde_json::to_string(value).unwrap();
    let back: T = serde_json::from_str(&text).unwrap();
    assert_eq!(&back, value, "{text}");
    back
}

/// The error text serde_json reports, without its " at line L column C" suffix.
fn rejection<T: serde::de::DeserializeOwned + std::fmt::Debug>(json: serde_json::Value) -> String {
    let err = serde_json::from_value::<T>(json).unwrap_err().to_string();
    match err.find(" at line ") {
        Some(i) => err[..i].to_owned(),
        None => err,
    }
}

fn sample_assessment() -> Assessment {
    Assessment::from_array(Scale::ONE_TO_FIVE, [4, 5, 3, 4, 2])
        .unwrap()
        .try_with_feeling(3)
        .unwrap()
        .with_reaction(CopingReaction::Flight)
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
fn assessment_json_is_readable_and_ordered() {
    let text = serde_json::to_string(&sample_assessment()).unwrap();
    assert_eq!(
        text,
        r#"{"scale":{"min":1,"max":5},"ratings":{"polite_and_professional":4,"respect":5,"ownership":3,"understanding":4,"deliver":2},"feeling":3,"reaction":"flight"}"#
    );
}

#[test]
fn assessment_scale_defaults_to_one_to_five_and_accepts_letters() {
    let a: Assessment = serde_json::from_value(json!({
        "ratings": {"P": 4, "r": 5, "Ownership": 3, "understanding": 4, "deliver": 2}
    }))
    .unwrap();
    assert_eq!(
        a,
        Assessment::from_array(Scale::ONE_TO_FIVE, [4, 5, 3, 4, 2]).unwrap()
    );
}

#[test]
fn rating_off_the_scale_gets_the_constructor_message() {
    let constructor = Assessment::from_array(Scale::ONE_TO_FIVE, [4, 9, 3, 4, 2])
        .unwrap_err()
        .to_string();
    let json = rejection::<Assessment>(json!({
        "scale": {"min": 1, "max": 5},
        "ratings": {"polite_and_professional": 4, "respect": 9, "ownership": 3,
                    "understanding": 4, "deliver": 2}
    }));
    assert_eq!(json, constructor);
    assert_eq!(json, "rating for 'respect' is 9, expected a value in 1..=5");
}

#[test]
fn huge_rating_is_reported_not_truncated() {
    let json = rejection::<Ratings<Principle>>(json!({
        "ratings": {"polite_and_professional": 4_000_000_000_i64, "respect": 1, "ownership": 3,
                    "understanding": 4, "deliver": 2}
    }));
    assert_eq!(
        json,
        "rating for 'polite_and_professional' is 4000000000, expected a value in 1..=5"
    );
}

#[test]
fn unknown_missing_and_duplicate_names_are_rejected() {
    let unknown = rejection::<Assessment>(json!({
        "ratings": {"politeness": 4, "respect": 5, "ownership": 3, "understanding": 4, "deliver": 2}
    }));
    assert_eq!(
        unknown,
        "politeness".parse::<Principle>().unwrap_err().to_string()
    );

    let missing = rejection::<Assessment>(json!({
        "ratings": {"polite_and_professional": 4, "respect": 5, "ownership": 3, "understanding": 4}
    }));
    assert_eq!(missing, "missing rating for 'deliver'");

    // serde_json::Value would merge duplicate keys, so this one goes through text.
    let dup = serde_json::from_str::<Assessment>(
        r#"{"ratings":{"p":4,"respect":5,"ownership":3,"understanding":4,"deliver":2,"R":1}}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(dup.starts_with("duplicate rating for 'respect'"), "{dup}");

    let typo = rejection::<Assessment>(json!({
        "ratings": {"p": 4, "r": 5, "o": 3, "u": 4, "d": 2}, "feelings": 3
    }));
    assert!(typo.starts_with("unknown field `feelings`"), "{typo}");
}

#[test]
fn bad_weights_get_the_constructor_message() {
    let negative = rejection::<Weights<Principle>>(json!({
        "polite_and_professional": 1.0, "respect": -1.0, "ownership": 1.0,
        "understanding": 1.0, "deliver": 1.0
    }));
    assert_eq!(
        negative,
        Weights::<Principle>::from_array([1.0, -1.0, 1.0, 1.0, 1.0])
            .unwrap_err()
            .to_string()
    );
    let zero = rejection::<ProudPolicy>(json!({
        "weights": {"p": 0, "r": 0, "o": 0, "u": 0, "d": 0}
    }));
    assert_eq!(
        zero,
        "weights are all zero, expected at least one positive weight"
    );
}

#[test]
fn nan_weight_is_rejected_through_serde() {
    // JSON cannot carry NaN, but other formats can; serde's value deserializer stands in.
    let entries = Principle::iter().map(|p| {
        let w = if p == Principle::Deliver {
            f64::NAN
        } else {
            1.0
        };
        (p.to_string(), w)
    });
    let err = Weights::<Principle>::deserialize(MapDeserializer::<_, ValueError>::new(entries))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "weight for 'deliver' is NaN, expected a finite value >= 0"
    );
}

#[test]
fn bad_scale_thresholds_and_pass_marks_are_rejected() {
    assert_eq!(
        rejection::<Scale>(json!({"min": 5, "max": 1})),
        "scale 5..=1 is empty, expected a minimum below the maximum"
    );
    assert_eq!(
        rejection::<Rating>(json!({"value": 11, "scale": {"min": 0, "max": 10}})),
        "rating is 11, expected a value in 0..=10"
    );
    assert_eq!(
        rejection::<Score>(json!(100.5)),
        "score is 100.5, expected a finite value in 0..=100"
    );
    assert_eq!(
        rejection::<BandThresholds>(json!({"needs_improvement": 50, "good": 90, "excellent": 85})),
        BandThresholds::new(50.0, 90.0, 85.0)
            .unwrap_err()
            .to_string()
    );
    assert_eq!(
        rejection::<ProudPolicy>(json!({"critical": {"p": -1}})),
        "score for 'polite_and_professional' is -1, expected a finite value in 0..=100"
    );
    assert_eq!(
        rejection::<ProudPolicy>(json!({"critical": {"manners": 50}})),
        "manners".parse::<Principle>().unwrap_err().to_string()
    );
    assert_eq!(
        rejection::<ProudPolicy>(json!({"critical": {"p": 50, "polite_and_professional": 60}})),
        "duplicate pass mark for 'polite_and_professional'"
    );
    assert_eq!(
        rejection::<ProudPolicy>(json!({"not_applicable": ["d", "deliver"]})),
        "duplicate not-applicable entry for 'deliver'"
    );
    assert_eq!(
        rejection::<ProudPolicy>(json!({"critical_rule": "zero"})),
        "unknown critical rule 'zero', expected one of: cap_at_failed_item, score_zero, flag_only"
    );
    assert_eq!(
        rejection::<Band>(json!("great")),
        "unknown band 'great', expected one of: poor, needs_improvement, good, excellent"
    );
}

#[test]
fn feeling_off_the_scale_is_rejected() {
    let json = rejection::<Assessment>(json!({
        "ratings": {"p": 4, "r": 5, "o": 3, "u": 4, "d": 2}, "feeling": 6
    }));
    assert_eq!(json, "rating for 'feeling' is 6, expected a value in 1..=5");
}

#[test]
fn partial_policy_fills_in_the_model_default() {
    let policy: ProudPolicy = serde_json::from_value(json!({"bands": {
        "needs_improvement": 60, "good": 75, "excellent": 90
    }}))
    .unwrap();
    let marks = |p: &ProudPolicy| p.critical().collect::<Vec<_>>();
    assert_eq!(marks(&policy), marks(&ProudPolicy::default()));
    assert_close(policy.bands().good().get(), 75.0);
    // An explicit empty map makes nothing critical; a list allows N/A where it names.
    let relaxed: Policy<Principle> =
        serde_json::from_value(json!({"critical": {}, "not_applicable": ["deliver"]})).unwrap();
    assert_eq!(relaxed.critical().count(), 0);
    assert!(relaxed.allows_not_applicable(Principle::Deliver));
    assert!(!relaxed.allows_not_applicable(Principle::Respect));
}

#[test]
fn verdict_serialises_for_reports() {
    let verdict = Assessment::from_array(Scale::ONE_TO_FIVE, [2, 5, 5, 5, 5])
        .unwrap()
        .evaluate(&ProudPolicy::default())
        .unwrap();
    let value = serde_json::to_value(verdict).unwrap();
    assert_eq!(value["scorecard"]["overall"], json!(25.0));
    assert_eq!(value["scorecard"]["weighted_mean"], json!(85.0));
    assert_eq!(value["scorecard"]["band"], json!("poor"));
    assert_eq!(
        value["scorecard"]["focus"],
        json!("polite_and_professional")
    );
    assert_eq!(value["scorecard"]["scores"]["respect"], json!(100.0));
    assert_eq!(value["scorecard"]["critical_failed"], json!(true));
    assert_eq!(
        value["scorecard"]["critical_failures"],
        json!(["polite_and_professional"])
    );
    assert_eq!(value["first_hurdle"]["result"], json!("failed"));
}

#[test]
fn a_list_where_a_map_belongs_says_what_was_expected() {
    let err = rejection::<Weights<Principle>>(json!([1.0, 2.0]));
    assert_eq!(
        err,
        "invalid type: sequence, expected a map from PROUD principle name to value"
    );
}
