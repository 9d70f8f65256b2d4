//! PROUD: the brief's worked examples, the model's default policy and texts, the first hurdle for
//! any policy, and the JSON form of assessments and verdicts.

use crate::common::assert_close;

use service_quality::proud::{Principle, ProudPolicy};
use service_quality::{BandThresholds, Scale};

#[test]
fn principles_have_names_descriptions_and_a_key_equal_to_display() {
    for p in Principle::iter() {
        assert_eq!(p.key(), p.to_string());
        assert!(!p.name().is_empty() && !p.description().is_empty());
        assert_eq!(p.name().chars().next(), Some(p.letter()));
    }
    assert_eq!(
        "polite and professional".parse::<Principle>().unwrap(),
        Principle::PoliteAndProfessional
    );
}

#[test]
fn default_policy_is_the_brief() {
    let policy = ProudPolicy::default();
    assert_eq!(policy.scale(), Scale::ONE_TO_FIVE);
    for p in Principle::iter() {
        assert_close(policy.weights().get(p), 1.0);
    }
    assert_eq!(
        policy.bands(),
        BandThresholds::new(50.0, 70.0, 85.0).unwrap()
    );
    let critical: Vec<(Principle, f64)> = policy.critical().map(|(p, s)| (p, s.get())).collect();
    assert_eq!(critical.len(), 1);
    assert_eq!(critical[0].0, Principle::PoliteAndProfessional);
    assert_close(critical[0].1, 50.0);
    assert_eq!(
        policy.critical_rule(),
        service_quality::CriticalRule::CapAtFailedItem
    );
    assert!(Principle::iter().all(|p| !policy.allows_not_applicable(p)));
}

/// Known-answer tests for PROUD scoring.
///
/// Source: the worked examples in the product brief (`DOMAIN.md`, section 1) as restated in the
/// foundation issue: scale 1–5, default policy.
mod known_answers {
    use crate::common::{assert_close, value};

    use service_quality::proud::{Assessment, CopingReaction, FirstHurdle, Principle, ProudPolicy};
    use service_quality::{Band, Scale};

    fn normalised(verdict: &service_quality::proud::Verdict) -> Vec<f64> {
        verdict
            .scorecard()
            .scores()
            .map(|(_, s)| value(s))
            .collect()
    }

    /// P4 R5 O3 U4 D2: normalised 75, 100, 50, 75, 25; overall 65.0; needs improvement; focus
    /// Deliver; first hurdle passed.
    #[test]
    fn mixed_interaction_needs_improvement_and_focus_on_deliver() {
        let verdict = Assessment::from_array(Scale::ONE_TO_FIVE, [4, 5, 3, 4, 2])
            .unwrap()
            .evaluate(&ProudPolicy::default())
            .unwrap();
        assert_eq!(normalised(&verdict), [75.0, 100.0, 50.0, 75.0, 25.0]);
        assert_close(value(verdict.overall()), 65.0);
        assert_close(value(verdict.scorecard().weighted_mean()), 65.0);
        assert_eq!(verdict.band(), Some(Band::NeedsImprovement));
        assert_eq!(verdict.band().map(Band::name), Some("needs improvement"));
        assert_eq!(verdict.focus(), Some(Principle::Deliver));
        assert_eq!(verdict.first_hurdle(), FirstHurdle::Passed);
    }

    /// P2 R5 O5 U5 D5: P is 25; the mean would be 85 but the failed first hurdle caps it at 25; band
    /// poor; first hurdle failed; focus Polite-and-professional.
    #[test]
    fn rude_opening_fails_the_first_hurdle_however_good_the_rest() {
        let verdict = Assessment::from_array(Scale::ONE_TO_FIVE, [2, 5, 5, 5, 5])
            .unwrap()
            .with_reaction(CopingReaction::Fight)
            .evaluate(&ProudPolicy::default())
            .unwrap();
        assert_eq!(normalised(&verdict), [25.0, 100.0, 100.0, 100.0, 100.0]);
        assert_close(value(verdict.scorecard().weighted_mean()), 85.0);
        assert_close(value(verdict.overall()), 25.0);
        assert_eq!(verdict.band(), Some(Band::Poor));
        assert_eq!(
            verdict.first_hurdle(),
            FirstHurdle::Failed {
                reaction: Some(CopingReaction::Fight)
            }
        );
        assert_eq!(verdict.focus(), Some(Principle::PoliteAndProfessional));
    }

    /// The pass mark: P exactly at 50 (a 3 on 1–5) passes, as only "below the pass mark" fails.
    #[test]
    fn p_at_the_gate_passes() {
        let verdict = Assessment::from_array(Scale::ONE_TO_FIVE, [3, 5, 5, 5, 5])
            .unwrap()
            .evaluate(&ProudPolicy::default())
            .unwrap();
        assert_eq!(verdict.first_hurdle(), FirstHurdle::Passed);
        assert_close(value(verdict.overall()), 90.0);
        assert_eq!(verdict.band(), Some(Band::Excellent));
    }

    /// The same arithmetic on a seven-point scale: 100 * (r - 1) / 6.
    #[test]
    fn seven_point_scale_normalises_by_six() {
        let policy = ProudPolicy::default().with_scale(Scale::ONE_TO_SEVEN);
        let verdict = Assessment::from_array(Scale::ONE_TO_SEVEN, [7, 4, 4, 1, 7])
            .unwrap()
            .evaluate(&policy)
            .unwrap();
        assert_eq!(normalised(&verdict), [100.0, 50.0, 50.0, 0.0, 100.0]);
        assert_close(value(verdict.overall()), 60.0);
        assert_eq!(verdict.focus(), Some(Principle::Understanding));
    }

    /// The customer's feeling (4 on 1–5, so 75 on 0–100) and reaction are carried into the verdict.
    #[test]
    fn feeling_and_reaction_are_kept_and_normalised() {
        let assessment = Assessment::from_array(Scale::ONE_TO_FIVE, [4, 4, 4, 4, 4])
            .unwrap()
            .try_with_feeling(4)
            .unwrap()
            .with_reaction(CopingReaction::Flight);
        assert_eq!(assessment.feeling().map(|r| r.get()), Some(4));
        assert_eq!(assessment.reaction(), Some(CopingReaction::Flight));
        let verdict = assessment.evaluate(&ProudPolicy::default()).unwrap();
        assert_close(verdict.feeling().unwrap().get(), 75.0);
        let plain = Assessment::from_array(Scale::ONE_TO_FIVE, [4, 4, 4, 4, 4]).unwrap();
        assert_eq!((plain.feeling(), plain.reaction()), (None, None));
    }

    /// P2 R5 O5 U5 D1: D (0) is weaker than P (25), but the first hurdle failed, so the coaching
    /// focus is P: the coaching says what the verdict says. (Before the one kernel, the focus was D.)
    #[test]
    fn a_failed_first_hurdle_is_coached_on_p_even_when_another_principle_is_weaker() {
        let verdict = Assessment::from_array(Scale::ONE_TO_FIVE, [2, 5, 5, 5, 1])
            .unwrap()
            .evaluate(&ProudPolicy::default())
            .unwrap();
        assert!(matches!(verdict.first_hurdle(), FirstHurdle::Failed { .. }));
        assert_eq!(verdict.focus(), Some(Principle::PoliteAndProfessional));
        assert_eq!(
            verdict.scorecard().weakest_first().next().map(|(p, _)| p),
            Some(Principle::Deliver)
        );
    }

    /// D not applicable where the policy allows it: P4 R5 O3 U4 D n/a averages the other four,
    /// (75 + 100 + 50 + 75) / 4 = 75, good; focus Ownership.
    #[test]
    fn a_principle_marked_not_applicable_leaves_the_mean() {
        let policy = ProudPolicy::default().with_not_applicable_allowed(Principle::Deliver, true);
        let verdict = Assessment::from_options(
            Scale::ONE_TO_FIVE,
            [Some(4), Some(5), Some(3), Some(4), None],
        )
        .unwrap()
        .evaluate(&policy)
        .unwrap();
        assert_close(value(verdict.overall()), 75.0);
        assert_eq!(verdict.band(), Some(Band::Good));
        assert_eq!(verdict.focus(), Some(Principle::Ownership));
        assert_eq!(verdict.scorecard().score(Principle::Deliver), None);
    }
}

mod properties {
    use crate::common::strategies::policy_and_ratings;

    use proptest::prelude::*;
    use service_quality::proud::{Assessment, FirstHurdle, Principle};

    proptest! {
        #![proptest_config(crate::common::cases(2_000))]

        #[test]
        fn the_first_hurdle_follows_p_and_its_pass_mark((policy, ratings) in policy_and_ratings()) {
            let verdict = Assessment::new(ratings).evaluate(&policy).unwrap();
            let p = Principle::PoliteAndProfessional;
            match (policy.pass_mark(p), ratings.normalised(p)) {
                (Some(mark), Some(score)) if score < mark => prop_assert!(
                    matches!(verdict.first_hurdle(), FirstHurdle::Failed { .. }),
                    "hurdle not failed"
                ),
                (Some(_), Some(_)) => prop_assert_eq!(verdict.first_hurdle(), FirstHurdle::Passed),
                _ => prop_assert_eq!(verdict.first_hurdle(), FirstHurdle::NotApplied),
            }
        }
    }
}

/// Assessments, policies and verdicts in JSON: readable, ordered, validated as the constructors
/// validate, and read back exactly.
#[cfg(feature = "serde")]
mod json {
    use crate::common::strategies::policy_and_ratings;
    use crate::common::{rejection, sample_assessment};

    use proptest::prelude::*;
    use serde_json::json;
    use service_quality::Scale;
    use service_quality::proud::{Assessment, Principle, ProudPolicy};

    proptest! {
        #[test]
        fn assessments_and_policies_round_trip_exactly(
            (policy, ratings) in policy_and_ratings(),
            feeling in proptest::option::of(0.0f64..=1.0),
        ) {
            let mut assessment = Assessment::new(ratings);
            if let Some(f) = feeling {
                let scale = ratings.scale();
                let value = i64::from(scale.min())
                    + ((f64::from(scale.max() - scale.min())) * f).floor() as i64;
                assessment = assessment.try_with_feeling(value).unwrap();
            }
            let text = serde_json::to_string(&assessment).unwrap();
            prop_assert_eq!(serde_json::from_str::<Assessment>(&text).unwrap(), assessment);
            let text = serde_json::to_string(&policy).unwrap();
            prop_assert_eq!(serde_json::from_str::<ProudPolicy>(&text).unwrap(), policy);
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
    fn feeling_off_the_scale_is_rejected() {
        let json = rejection::<Assessment>(json!({
            "ratings": {"p": 4, "r": 5, "o": 3, "u": 4, "d": 2}, "feeling": 6
        }));
        assert_eq!(json, "rating for 'feeling' is 6, expected a value in 1..=5");
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
}
