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

    /// The source's first-hurdle story is about being served rudely and indifferently: both
    /// scenarios break P and fail the first hurdle; being taken for granted breaks R.
    #[test]
    fn indifference_and_rudeness_fail_the_first_hurdle() {
        use service_quality::proud::Scenario;
        for s in [Scenario::TreatedIndifferently, Scenario::TreatedRudely] {
            assert_eq!(s.principle(), Principle::PoliteAndProfessional, "{s}");
            assert!(s.fails_first_hurdle(), "{s}");
        }
        assert_eq!(Scenario::TakenForGranted.principle(), Principle::Respect);
        let first_hurdle: Vec<Scenario> = Scenario::iter()
            .filter(|s| s.fails_first_hurdle())
            .collect();
        assert_eq!(
            first_hurdle,
            [
                Scenario::NotAcknowledged,
                Scenario::TreatedRudely,
                Scenario::TreatedIndifferently
            ]
        );
    }

    /// An observer who saw indifference rates P low: the verdict fails the first hurdle, the
    /// coaching is on P, and the scenario travels with the verdict.
    #[test]
    fn recorded_indifference_is_coached_on_p() {
        use service_quality::proud::Scenario;
        let assessment = Assessment::from_array(Scale::ONE_TO_FIVE, [2, 4, 4, 4, 3])
            .unwrap()
            .with_scenario(Scenario::NeverGotBackTo)
            .with_scenario(Scenario::TreatedIndifferently)
            .with_scenario(Scenario::NeverGotBackTo);
        // Kept once each, in declaration order.
        assert_eq!(
            assessment.scenarios().collect::<Vec<_>>(),
            [Scenario::TreatedIndifferently, Scenario::NeverGotBackTo]
        );
        let verdict = assessment.evaluate(&ProudPolicy::default()).unwrap();
        assert!(matches!(verdict.first_hurdle(), FirstHurdle::Failed { .. }));
        assert_eq!(verdict.focus(), Some(Principle::PoliteAndProfessional));
        let principles: Vec<Principle> = verdict.scenarios().map(|s| s.principle()).collect();
        assert_eq!(
            principles,
            [Principle::PoliteAndProfessional, Principle::Deliver]
        );
        let plain = Assessment::from_array(Scale::ONE_TO_FIVE, [2, 4, 4, 4, 3]).unwrap();
        assert_eq!(plain.scenarios().count(), 0);
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
    fn scenarios_round_trip_and_unknown_ones_are_named() {
        use service_quality::proud::Scenario;
        let assessment = sample_assessment()
            .with_scenario(Scenario::TakenForGranted)
            .with_scenario(Scenario::TreatedRudely);
        let value = serde_json::to_value(assessment).unwrap();
        assert_eq!(
            value["scenarios"],
            json!(["treated_rudely", "taken_for_granted"])
        );
        assert_eq!(
            serde_json::from_value::<Assessment>(value).unwrap(),
            assessment
        );
        let verdict = assessment.evaluate(&ProudPolicy::default()).unwrap();
        assert_eq!(
            serde_json::to_value(verdict).unwrap()["scenarios"],
            json!(["treated_rudely", "taken_for_granted"])
        );
        let plain = sample_assessment()
            .evaluate(&ProudPolicy::default())
            .unwrap();
        assert!(
            serde_json::to_value(plain)
                .unwrap()
                .get("scenarios")
                .is_none()
        );
        let message = rejection::<Assessment>(json!({
            "ratings": {"p": 4, "r": 5, "o": 3, "u": 4, "d": 2}, "scenarios": ["rude"]
        }));
        assert!(message.contains("rude"), "{message}");
        assert!(message.contains("treated_rudely"), "{message}");
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

/// The customer's feeling and the fight/flight counts carried in a team's summary.
mod feelings {
    use crate::common::assert_close;
    use service_quality::Scale;
    use service_quality::metrics::Level;
    use service_quality::proud::{
        Assessment, CopingReaction, Feelings, ProudPolicy, ProudSummary, Verdict,
    };

    fn verdict(
        ratings: [i64; 5],
        feeling: Option<i64>,
        reaction: Option<CopingReaction>,
    ) -> Verdict {
        let mut a = Assessment::from_array(Scale::ONE_TO_FIVE, ratings).unwrap();
        if let Some(f) = feeling {
            a = a.try_with_feeling(f).unwrap();
        }
        if let Some(r) = reaction {
            a = a.with_reaction(r);
        }
        a.evaluate(&ProudPolicy::default()).unwrap()
    }

    /// Feelings 5, 2 and 1 on 1..=5 are 100, 25 and 0: mean 125 / 3. Two first-hurdle
    /// failures coped by fighting and one by flight; a reaction recorded where P passed is not a
    /// first-hurdle reaction and is not counted.
    #[test]
    fn a_summary_carries_the_mean_feeling_and_the_reactions() {
        let verdicts = [
            verdict([5, 5, 5, 5, 5], Some(5), Some(CopingReaction::Fight)),
            verdict([2, 4, 4, 4, 4], Some(2), Some(CopingReaction::Fight)),
            verdict([1, 4, 4, 4, 4], Some(1), Some(CopingReaction::Flight)),
            verdict([2, 3, 3, 3, 3], None, Some(CopingReaction::Fight)),
            verdict([4, 4, 4, 4, 4], None, None),
        ];
        let summary: ProudSummary = verdicts.iter().collect();
        assert_eq!(summary.count(), 5);
        assert_eq!(summary.first_hurdle_failures(), 3);
        let feelings = summary.feelings();
        assert_eq!(feelings.recorded(), 3);
        assert_close(summary.mean_feeling().unwrap().get(), 125.0 / 3.0);
        assert_close(feelings.sum(), 125.0);
        assert_close(feelings.sum_of_squares(), 100.0 * 100.0 + 25.0 * 25.0);
        assert_eq!(feelings.reactions(CopingReaction::Fight), 2);
        assert_eq!(feelings.reactions(CopingReaction::Flight), 1);
        // The scores are the generic summary's, untouched by the feelings.
        let mut scores = service_quality::Summary::new();
        for v in &verdicts {
            scores.add(v);
        }
        assert_eq!(summary.scores(), &scores);
        assert_eq!(summary.mean_overall(), scores.mean_overall());
    }

    /// The t interval of the feelings 100, 25 and 0: mean 41.67, sd 52.04, t(0.975, 2) = 4.3027,
    /// half-width 129.3, limited to 0..=100.
    #[test]
    fn the_mean_feeling_has_an_interval() {
        let summary: ProudSummary = [
            verdict([5, 5, 5, 5, 5], Some(5), None),
            verdict([3, 4, 4, 4, 4], Some(2), None),
            verdict([3, 4, 4, 4, 4], Some(1), None),
        ]
        .iter()
        .collect();
        let interval = summary
            .feelings()
            .mean_interval(Level::NINETY_FIVE)
            .unwrap();
        assert_close(interval.estimate(), 125.0 / 3.0);
        assert_close(interval.lower(), 0.0);
        assert_close(interval.upper(), 100.0);
        let moments = summary.feelings().moments().unwrap();
        assert_close(moments.standard_deviation(), (8125.0_f64 / 3.0).sqrt());
        assert!(
            ProudSummary::new()
                .feelings()
                .mean_interval(Level::default())
                .is_err()
        );
        assert_eq!(ProudSummary::new().mean_feeling(), None);
    }

    /// A first-hurdle scenario beside a passing P rating is reported as a conflict, not scored:
    /// the verdict passes, and a reaction recorded with it is not a first-hurdle reaction.
    #[test]
    fn a_first_hurdle_scenario_the_rating_does_not_show_is_a_conflict() {
        use service_quality::proud::{FirstHurdle, Scenario};
        use service_quality::render::Render;
        let assessment = Assessment::from_array(Scale::ONE_TO_FIVE, [5, 4, 4, 4, 4])
            .unwrap()
            .with_scenario(Scenario::TreatedRudely)
            .with_scenario(Scenario::NeverGotBackTo)
            .with_reaction(CopingReaction::Flight);
        let v = assessment.evaluate(&ProudPolicy::default()).unwrap();
        assert_eq!(v.first_hurdle(), FirstHurdle::Passed);
        assert_eq!(
            v.conflicting_scenarios().collect::<Vec<_>>(),
            [Scenario::TreatedRudely]
        );
        assert!(
            v.to_text().contains("the P rating does not show"),
            "{}",
            v.to_text()
        );
        let summary: ProudSummary = [v].iter().collect();
        assert_eq!(summary.feelings().reactions(CopingReaction::Flight), 0);
        // Rated as failing, the same notes are no conflict.
        let failed = Assessment::from_array(Scale::ONE_TO_FIVE, [1, 4, 4, 4, 4])
            .unwrap()
            .with_scenario(Scenario::TreatedRudely)
            .evaluate(&ProudPolicy::default())
            .unwrap();
        assert_eq!(failed.conflicting_scenarios().count(), 0);
        assert!(!failed.to_text().contains("does not show"));
    }

    /// Another critical principle fails verdicts too, but only P's failures are first-hurdle
    /// failures.
    #[test]
    fn first_hurdle_failures_are_p_failures_only() {
        use service_quality::proud::Principle;
        let policy = ProudPolicy::default().with_critical(
            Principle::Deliver,
            service_quality::Score::new(50.0).unwrap(),
        );
        let summary: ProudSummary = [[1, 4, 4, 4, 4], [4, 4, 4, 4, 1], [1, 4, 4, 4, 1]]
            .iter()
            .map(|r| {
                Assessment::from_array(Scale::ONE_TO_FIVE, *r)
                    .unwrap()
                    .evaluate(&policy)
                    .unwrap()
            })
            .collect::<Vec<_>>()
            .iter()
            .collect();
        assert_eq!(summary.scores().critical_failures(), 3);
        assert_eq!(summary.first_hurdle_failures(), 2);
    }

    /// The stored form keeps every number, exactly, and is checked when read back.
    #[test]
    fn feelings_are_stored_as_exact_plain_numbers() {
        use service_quality::proud::StoredFeelings;
        let summary: ProudSummary = [
            verdict([1, 4, 4, 4, 4], Some(2), Some(CopingReaction::Fight)),
            verdict([1, 4, 4, 4, 4], Some(5), Some(CopingReaction::Flight)),
            verdict([2, 4, 4, 4, 4], Some(3), Some(CopingReaction::Flight)),
        ]
        .iter()
        .collect();
        let stored = summary.feelings().stored();
        let one = 1u128 << 52;
        assert_eq!(
            stored,
            StoredFeelings {
                recorded: 3,
                sum_units: 175 * one, // 25 + 100 + 50
                sum_of_squares_units: (625 + 10_000 + 2_500) * one,
                fight: 1,
                flight: 2,
            }
        );
        assert_eq!(Feelings::from_stored(stored).unwrap(), *summary.feelings());
        let too_much = StoredFeelings {
            sum_units: 301 * one,
            ..stored
        };
        assert!(Feelings::from_stored(too_much).is_err());
    }

    /// Merging through the trait (as a `GroupBy` does) is merging; per-principle means come
    /// from the scores.
    #[test]
    fn merging_through_the_trait_keeps_the_feelings() {
        use service_quality::Merge;
        use service_quality::proud::Principle;
        let a: ProudSummary = [verdict(
            [1, 4, 4, 4, 4],
            Some(2),
            Some(CopingReaction::Fight),
        )]
        .iter()
        .collect();
        let b: ProudSummary = [verdict([4, 4, 4, 4, 2], Some(4), None)].iter().collect();
        let mut by_trait = a;
        Merge::merge(&mut by_trait, &b);
        let mut by_method = a;
        by_method.merge(&b);
        assert_eq!(by_trait, by_method);
        assert_eq!(by_trait.count(), 2);
        assert_eq!(by_trait.mean_feeling().map(|s| s.get()), Some(50.0)); // (25 + 75) / 2
        let mut feelings = *a.feelings();
        Merge::merge(&mut feelings, b.feelings());
        assert_eq!(&feelings, by_trait.feelings());
        assert_eq!(
            by_trait.mean(Principle::Deliver).map(|s| s.get()),
            Some(50.0)
        ); // (75 + 25) / 2
        assert_eq!(
            by_trait.mean(Principle::Deliver),
            by_trait.scores().mean(Principle::Deliver)
        );
    }

    #[test]
    fn parts_that_cannot_belong_together_are_refused() {
        let summary: ProudSummary = [verdict(
            [1, 4, 4, 4, 4],
            Some(2),
            Some(CopingReaction::Fight),
        )]
        .iter()
        .collect();
        assert_eq!(
            ProudSummary::from_parts(*summary.scores(), *summary.feelings()).unwrap(),
            summary
        );
        // Those feelings beside the scores of no verdicts at all.
        let err = ProudSummary::from_parts(service_quality::Summary::new(), *summary.feelings())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("recorded") && err.contains("at most 0"),
            "{err}"
        );
        // A reaction where nothing failed the first hurdle.
        let passed: ProudSummary = [verdict([4, 4, 4, 4, 4], Some(2), None)].iter().collect();
        let err = ProudSummary::from_parts(*passed.scores(), *summary.feelings())
            .unwrap_err()
            .to_string();
        assert!(err.contains("fight and flight"), "{err}");
        assert_eq!(Feelings::new(), Feelings::default());
    }

    #[cfg(feature = "serde")]
    mod json {
        use super::verdict;
        use crate::common::rejection;
        use serde_json::json;
        use service_quality::proud::{CopingReaction, ProudSummary};

        #[test]
        fn a_summary_round_trips_and_checks_its_feelings() {
            let summary: ProudSummary = [
                verdict([1, 4, 4, 4, 4], Some(2), Some(CopingReaction::Flight)),
                verdict([4, 4, 4, 4, 4], Some(4), None),
            ]
            .iter()
            .collect();
            let value = serde_json::to_value(summary).unwrap();
            assert_eq!(value["feelings"]["recorded"], json!(2));
            assert_eq!(value["feelings"]["sum"], json!(100.0));
            assert_eq!(value["feelings"]["flight"], json!(1));
            assert_eq!(value["scores"]["overall"]["count"], json!(2));
            assert_eq!(
                serde_json::from_value::<ProudSummary>(value.clone()).unwrap(),
                summary
            );

            let mut without = value.clone();
            without.as_object_mut().unwrap().remove("feelings");
            let read: ProudSummary = serde_json::from_value(without).unwrap();
            assert_eq!(read.scores(), summary.scores());
            assert_eq!(read.feelings().recorded(), 0);

            let mut too_many = value.clone();
            too_many["feelings"]["recorded"] = json!(3);
            let message = rejection::<ProudSummary>(too_many);
            assert!(message.contains("recorded"), "{message}");

            let mut too_high = value.clone();
            too_high["feelings"]["sum"] = json!(250.0);
            too_high["feelings"]
                .as_object_mut()
                .unwrap()
                .remove("sum_exact");
            let message = rejection::<ProudSummary>(too_high);
            assert!(message.contains("feeling"), "{message}");

            // A summary stored before the feelings existed reads as its scores alone.
            let old = serde_json::to_value(summary.scores()).unwrap();
            let read: ProudSummary = serde_json::from_value(old.clone()).unwrap();
            assert_eq!(read.scores(), summary.scores());
            assert_eq!(read.feelings(), &service_quality::proud::Feelings::new());
            let mut both = old.clone();
            both["scores"] = old.clone();
            let message = rejection::<ProudSummary>(both);
            assert!(message.contains("not both"), "{message}");
            let message = rejection::<ProudSummary>(json!({}));
            assert!(message.contains("missing field `scores`"), "{message}");
            let message = rejection::<ProudSummary>(json!({"overall": old["overall"].clone()}));
            assert!(message.contains("missing field `items`"), "{message}");

            let mut fighting = value;
            fighting["feelings"]["fight"] = json!(1);
            let message = rejection::<ProudSummary>(fighting);
            assert!(message.contains("fight and flight"), "{message}");
        }
    }
}

mod feeling_properties {
    use crate::common::cut_into;
    use proptest::prelude::*;
    use service_quality::Scale;
    use service_quality::proud::{Assessment, CopingReaction, ProudPolicy, ProudSummary, Verdict};

    fn verdicts() -> impl Strategy<Value = Vec<Verdict>> {
        let one = (
            proptest::array::uniform5(1i64..=5),
            proptest::option::of(1i64..=5),
            proptest::option::of(prop_oneof![
                Just(CopingReaction::Fight),
                Just(CopingReaction::Flight)
            ]),
        )
            .prop_map(|(ratings, feeling, reaction)| {
                let mut a = Assessment::from_array(Scale::ONE_TO_FIVE, ratings).unwrap();
                if let Some(f) = feeling {
                    a = a.try_with_feeling(f).unwrap();
                }
                if let Some(r) = reaction {
                    a = a.with_reaction(r);
                }
                a.evaluate(&ProudPolicy::default()).unwrap()
            });
        proptest::collection::vec(one, 0..40)
    }

    proptest! {
        /// However the verdicts are split and merged, the summary is the same, bit for bit.
        #[test]
        fn merging_parts_gives_the_whole(
            verdicts in verdicts(),
            cuts in proptest::collection::vec(any::<proptest::sample::Index>(), 0..4),
        ) {
            let whole: ProudSummary = verdicts.iter().collect();
            let mut merged = ProudSummary::new();
            for part in cut_into(&verdicts, &cuts).iter().rev() {
                merged.merge(&part.iter().collect());
            }
            prop_assert_eq!(merged, whole);
            prop_assert!(whole.feelings().recorded() <= whole.count());
            if let Some(mean) = whole.mean_feeling() {
                prop_assert!((0.0..=100.0).contains(&mean.get()));
            }
            let reactions = whole.feelings().reactions(CopingReaction::Fight)
                + whole.feelings().reactions(CopingReaction::Flight);
            prop_assert!(reactions <= whole.first_hurdle_failures());
            prop_assert_eq!(
                ProudSummary::from_parts(*whole.scores(), *whole.feelings()).unwrap(),
                whole
            );
        }

        /// A verdict taken out, feelings and reactions with it, leaves the summary of the
        /// others; a replacement equals the summary built with it all along.
        #[test]
        fn corrections_take_the_feelings_out_too(
            verdicts in verdicts(),
            pick in any::<proptest::sample::Index>(),
            with in any::<proptest::sample::Index>(),
        ) {
            prop_assume!(!verdicts.is_empty());
            let at = pick.index(verdicts.len());
            let new = &verdicts[with.index(verdicts.len())];
            let others = || verdicts.iter().enumerate().filter(move |&(i, _)| i != at).map(|(_, v)| v);
            let whole: ProudSummary = verdicts.iter().collect();

            let mut removed = whole;
            removed.remove(&verdicts[at]).unwrap();
            prop_assert_eq!(removed, others().collect::<ProudSummary>());

            let mut replaced = whole;
            replaced.replace(&verdicts[at], new).unwrap();
            prop_assert_eq!(replaced, others().chain([new]).collect::<ProudSummary>());

            let mut empty = ProudSummary::new();
            prop_assert!(empty.remove(new).is_err());
            prop_assert_eq!(empty, ProudSummary::new());
        }
    }

    /// A reaction the summary never recorded cannot come out, even when the scores could.
    #[test]
    fn a_reaction_never_recorded_is_refused() {
        let verdict = |reaction: Option<CopingReaction>| {
            let mut a = Assessment::from_array(Scale::ONE_TO_FIVE, [1, 4, 4, 4, 4]).unwrap();
            if let Some(r) = reaction {
                a = a.with_reaction(r);
            }
            a.evaluate(&ProudPolicy::default()).unwrap()
        };
        let mut summary = ProudSummary::new();
        summary.add(&verdict(Some(CopingReaction::Flight)));
        let before = summary;
        let err = summary
            .remove(&verdict(Some(CopingReaction::Fight)))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot take out of the summary: reactions of 'fight' is 0, less than the 1 taken out"
        );
        assert_eq!(summary, before);
        summary
            .remove(&verdict(Some(CopingReaction::Flight)))
            .unwrap();
        assert_eq!(summary, ProudSummary::new());
    }
}
