//! Property tests of the scoring invariants: bounds, monotonicity, the first-hurdle gate,
//! constructors that accept exactly their documented range, and serde round-trips.

use proptest::prelude::*;
use service_quality::proud::{Assessment, FirstHurdle, Principle, ProudPolicy};
use service_quality::{Band, BandThresholds, Gate, Rating, Ratings, Scale, Score, Weights};
use strum::IntoEnumIterator;

fn scale() -> impl Strategy<Value = Scale> {
    (-1000i32..1000, 1i32..1000).prop_map(|(min, width)| Scale::new(min, min + width).unwrap())
}

fn ratings_on(scale: Scale) -> impl Strategy<Value = Ratings<Principle>> {
    proptest::array::uniform5(scale.min()..=scale.max())
        .prop_map(move |values| Ratings::from_array(scale, values).unwrap())
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

fn policy_and_ratings() -> impl Strategy<Value = (ProudPolicy, Ratings<Principle>)> {
    (
        scale(),
        weights(),
        bands(),
        proptest::option::of(0.0f64..=100.0),
    )
        .prop_flat_map(|(scale, weights, bands, gate)| {
            let gate = gate.map(|t| Gate::new(Principle::PoliteAndProfessional, t).unwrap());
            let policy = ProudPolicy::default()
                .with_scale(scale)
                .with_weights(weights)
                .with_bands(bands)
                .with_gate(gate);
            (Just(policy), ratings_on(scale))
        })
}

fn in_bounds(s: Score) -> bool {
    s.get().is_finite() && (0.0..=100.0).contains(&s.get())
}

proptest! {
    #![proptest_config(crate::common::cases(2_000))]

    #[test]
    fn every_score_stays_in_bounds((policy, ratings) in policy_and_ratings()) {
        let card = policy.score(&ratings).unwrap();
        prop_assert!(in_bounds(card.overall()));
        prop_assert!(in_bounds(card.weighted_mean()));
        for (_, s) in card.scores() {
            prop_assert!(in_bounds(s));
        }
        prop_assert!(card.overall() <= card.weighted_mean());
    }

    #[test]
    fn raising_one_rating_never_lowers_the_overall_score(
        (policy, ratings) in policy_and_ratings(),
        which in 0usize..5,
        step in 1i64..1000,
    ) {
        let principle = Principle::iter().nth(which).unwrap();
        let current = i64::from(ratings.get(principle).get());
        let raised = (current + step).min(i64::from(ratings.scale().max()));
        let higher = ratings.with(principle, raised).unwrap();
        let before = policy.score(&ratings).unwrap();
        let after = policy.score(&higher).unwrap();
        prop_assert!(after.overall() >= before.overall(),
            "{principle}: {} -> {}", before.overall(), after.overall());
        prop_assert!(after.band() >= before.band());
    }

    #[test]
    fn failing_the_first_hurdle_caps_and_bands_lowest((policy, ratings) in policy_and_ratings()) {
        let verdict = Assessment::new(ratings).score(&policy).unwrap();
        let p = ratings.normalised(Principle::PoliteAndProfessional);
        match policy.gate() {
            Some(gate) if p < gate.threshold() => {
                prop_assert_eq!(verdict.band(), Band::LOWEST);
                prop_assert!(verdict.overall() <= p);
                prop_assert!(
                    matches!(verdict.first_hurdle(), FirstHurdle::Failed { .. }),
                    "hurdle not failed"
                );
            }
            Some(_) => {
                prop_assert_eq!(verdict.first_hurdle(), FirstHurdle::Passed);
                prop_assert_eq!(verdict.overall(), verdict.scorecard().weighted_mean());
                prop_assert_eq!(verdict.band(), policy.bands().classify(verdict.overall()));
            }
            None => prop_assert_eq!(verdict.first_hurdle(), FirstHurdle::NotApplied),
        }
    }

    #[test]
    fn weakest_is_a_counted_minimum_and_the_earliest_one((policy, ratings) in policy_and_ratings()) {
        let card = policy.score(&ratings).unwrap();
        let weakest = card.weakest();
        prop_assert!(policy.weights().get(weakest) > 0.0);
        for p in Principle::iter().filter(|&p| policy.weights().get(p) > 0.0) {
            prop_assert!(card.score(p) >= card.score(weakest));
            if card.score(p) == card.score(weakest) {
                // Nothing declared before the weakest may tie with it.
                prop_assert!(Principle::iter().position(|x| x == weakest)
                    <= Principle::iter().position(|x| x == p));
            }
        }
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
            Assessment::new(ratings).score(&policy)
        })();
        if let Ok(verdict) = result {
            prop_assert!(in_bounds(verdict.overall()));
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
            assessment = assessment.with_feeling(value).unwrap();
        }
        let text = serde_json::to_string(&assessment).unwrap();
        prop_assert_eq!(serde_json::from_str::<Assessment>(&text).unwrap(), assessment);
        let text = serde_json::to_string(&policy).unwrap();
        prop_assert_eq!(serde_json::from_str::<ProudPolicy>(&text).unwrap(), policy);
    }
}
