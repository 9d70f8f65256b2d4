//! Property tests of the scoring invariants: bounds, monotonicity, critical items (PROUD's first
//! hurdle among them), N/A, the coaching focus, constructors that accept exactly their
//! documented range, and serde round-trips.

use proptest::prelude::*;
use service_quality::proud::{Assessment, FirstHurdle, Principle, ProudPolicy};
use service_quality::{
    Band, BandThresholds, CriticalRule, NotApplicableRule, Rating, Ratings, Scale, Score, Weights,
};
use strum::IntoEnumIterator;

fn scale() -> impl Strategy<Value = Scale> {
    (-1000i32..1000, 1i32..1000).prop_map(|(min, width)| Scale::new(min, min + width).unwrap())
}

/// Ratings on `scale`, each dimension N/A with some chance where `na` allows it.
fn ratings_on(scale: Scale, na: [bool; 5]) -> impl Strategy<Value = Ratings<Principle>> {
    proptest::array::uniform5((scale.min()..=scale.max(), any::<bool>())).prop_map(move |values| {
        let mut options = [None; 5];
        for (i, ((value, blank), allowed)) in values.into_iter().zip(na).enumerate() {
            options[i] = (!(blank && allowed)).then_some(value);
        }
        Ratings::from_options(scale, options).unwrap()
    })
}

fn weights() -> impl Strategy<Value = Weights<Principle>> {
    proptest::array::uniform5(prop_oneof![Just(0.0), 0.0f64..10.0, 1e-9f64..1e-6])
        .prop_filter("at least one positive weight", |w| {
            w.iter().any(|&x| x > 0.0)
        })
        .prop_map(|w| Weights::from_array(w).unwrap())
}

fn bands() -> impl Strategy<Value = BandThresholds> {
    proptest::array::uniform3(0.0f64..=100.0).prop_filter_map("distinct thresholds", |mut t| {
        t.sort_by(f64::total_cmp);
        BandThresholds::new(t[0], t[1], t[2]).ok()
    })
}

fn critical_rule() -> impl Strategy<Value = CriticalRule> {
    prop_oneof![
        Just(CriticalRule::CapAtFailedItem),
        Just(CriticalRule::ScoreZero),
        Just(CriticalRule::FlagOnly),
    ]
}

fn not_applicable_rule() -> impl Strategy<Value = NotApplicableRule> {
    prop_oneof![
        Just(NotApplicableRule::LeaveOut),
        Just(NotApplicableRule::FullMarks)
    ]
}

/// A policy with any scale, weights, bands, pass marks on any principles, rules and N/A
/// permissions, and ratings that use N/A where it is allowed.
fn policy_and_ratings() -> impl Strategy<Value = (ProudPolicy, Ratings<Principle>)> {
    (
        scale(),
        weights(),
        bands(),
        proptest::array::uniform5(proptest::option::of(0.0f64..=100.0)),
        critical_rule(),
        not_applicable_rule(),
        proptest::array::uniform5(proptest::bool::weighted(0.3)),
    )
        .prop_flat_map(|(scale, weights, bands, marks, critical, na_rule, na)| {
            let mut policy = ProudPolicy::default()
                .with_scale(scale)
                .with_weights(weights)
                .with_bands(bands)
                .with_critical_rule(critical)
                .with_not_applicable_rule(na_rule);
            for ((p, mark), allowed) in Principle::iter().zip(marks).zip(na) {
                policy = match mark {
                    Some(m) => policy.with_critical(p, Score::new(m).unwrap()),
                    None => policy.without_critical(p),
                }
                .with_not_applicable_allowed(p, allowed);
            }
            (Just(policy), ratings_on(scale, na))
        })
}

fn in_bounds(s: Score) -> bool {
    s.get().is_finite() && (0.0..=100.0).contains(&s.get())
}

proptest! {
    #![proptest_config(crate::common::cases(2_000))]

    #[test]
    fn every_score_stays_in_bounds((policy, ratings) in policy_and_ratings()) {
        let card = ratings.evaluate(&policy).unwrap();
        for s in [card.overall(), card.weighted_mean()].into_iter().flatten() {
            prop_assert!(in_bounds(s));
        }
        for (_, s) in card.scores() {
            prop_assert!(s.is_none_or(in_bounds));
        }
        if let (Some(overall), Some(mean)) = (card.overall(), card.weighted_mean())
            && policy.critical_rule() != CriticalRule::ScoreZero
        {
            prop_assert!(overall <= mean);
        }
        // Nothing to score only when no answered dimension carries weight.
        let scorable = Principle::iter().any(|p| card.is_counted(p));
        prop_assert_eq!(card.weighted_mean().is_some(), scorable);
    }

    #[test]
    fn raising_one_rating_never_lowers_the_overall_score(
        (policy, ratings) in policy_and_ratings(),
        which in 0usize..5,
        step in 1i64..1000,
    ) {
        let principle = Principle::iter().nth(which).unwrap();
        let Some(current) = ratings.get(principle) else { return Ok(()) };
        let raised = (i64::from(current.get()) + step).min(i64::from(ratings.scale().max()));
        let higher = ratings.try_with(principle, raised).unwrap();
        let before = ratings.evaluate(&policy).unwrap();
        let after = higher.evaluate(&policy).unwrap();
        prop_assert!(after.overall() >= before.overall(),
            "{principle}: {:?} -> {:?}", before.overall(), after.overall());
        prop_assert!(after.band() >= before.band());
        prop_assert!(after.critical_failures().count() <= before.critical_failures().count());
    }

    #[test]
    fn a_failed_critical_item_applies_its_rule_and_is_the_focus(
        (policy, ratings) in policy_and_ratings(),
    ) {
        let card = ratings.evaluate(&policy).unwrap();
        let failed: Vec<(Principle, Score)> = policy
            .critical()
            .filter_map(|(p, mark)| ratings.normalised(p).filter(|&s| s < mark).map(|s| (p, s)))
            .collect();
        prop_assert_eq!(card.critical_failures().collect::<Vec<_>>(),
            failed.iter().map(|&(p, _)| p).collect::<Vec<_>>());
        prop_assert_eq!(card.critical_failed(), !failed.is_empty());
        let Some(&(first, _)) = failed.first() else { return Ok(()) };
        prop_assert_eq!(card.focus(), Some(first));
        let lowest = failed.iter().map(|&(_, s)| s).min().unwrap();
        if card.weighted_mean().is_none() {
            // Nothing counted: nothing to score, failed or not.
            prop_assert_eq!((card.overall(), card.band()), (None, None));
            return Ok(());
        }
        match policy.critical_rule() {
            CriticalRule::CapAtFailedItem => {
                prop_assert_eq!(card.band(), Some(Band::LOWEST));
                prop_assert!(card.overall().unwrap() <= lowest);
            }
            CriticalRule::ScoreZero => {
                prop_assert_eq!(card.band(), Some(Band::LOWEST));
                prop_assert_eq!(card.overall(), Some(Score::MIN));
            }
            CriticalRule::FlagOnly => prop_assert_eq!(card.overall(), card.weighted_mean()),
            _ => prop_assert!(false, "a rule this test does not know"),
        }
    }

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

    #[test]
    fn without_a_failure_the_focus_is_the_earliest_weakest_answered_and_counted(
        (policy, ratings) in policy_and_ratings(),
    ) {
        let card = ratings.evaluate(&policy).unwrap();
        if card.critical_failed() {
            return Ok(());
        }
        let candidates: Vec<(Principle, Score)> = Principle::iter()
            .filter(|&p| policy.weights().get(p) > 0.0)
            .filter_map(|p| card.score(p).map(|s| (p, s)))
            .collect();
        let expected = candidates
            .iter()
            .min_by_key(|&&(p, s)| (s, Principle::iter().position(|x| x == p)))
            .map(|&(p, _)| p);
        prop_assert_eq!(card.focus(), expected);
        prop_assert_eq!(card.band(), card.overall().map(|o| policy.bands().classify(o)));
    }

    #[test]
    fn scale_accepts_exactly_min_below_max(min in any::<i32>(), max in any::<i32>()) {
        prop_assert_eq!(Scale::new(min, max).is_ok(), min < max);
    }

    #[test]
    fn rating_accepts_exactly_the_scale(scale in scale(), value in -3000i64..3000) {
        let ok = Rating::new(scale, value).is_ok();
        prop_assert_eq!(ok, i64::from(scale.min()) <= value && value <= i64::from(scale.max()));
    }

    #[test]
    fn score_accepts_exactly_finite_zero_to_hundred(bits in any::<u64>()) {
        let value = f64::from_bits(bits);
        let expected = value.is_finite() && (0.0..=100.0).contains(&value);
        prop_assert_eq!(Score::new(value).is_ok(), expected);
    }

    #[test]
    fn any_raw_input_scores_or_errors_without_panicking(
        bounds in (any::<i32>(), any::<i32>()),
        values in proptest::array::uniform5(any::<i64>()),
        raw_weights in proptest::array::uniform5(any::<f64>()),
        thresholds in proptest::array::uniform3(any::<f64>()),
    ) {
        let result = (|| {
            let scale = Scale::new(bounds.0, bounds.1)?;
            let ratings = Ratings::<Principle>::from_fn(scale, |p| {
                values[Principle::iter().position(|x| x == p).unwrap_or(0)]
            })?;
            let policy = ProudPolicy::default()
                .with_scale(scale)
                .with_weights(Weights::from_array(raw_weights)?)
                .with_bands(BandThresholds::new(thresholds[0], thresholds[1], thresholds[2])?);
            Assessment::new(ratings).evaluate(&policy)
        })();
        if let Ok(verdict) = result {
            prop_assert!(verdict.overall().is_some_and(in_bounds));
        }
    }
}

#[cfg(feature = "serde")]
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
