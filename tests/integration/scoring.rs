//! The scoring core at the crate's root: scales, ratings, scores, weights, policies, scorecards,
//! summaries and group-bys, and models declared with `dimension_enum!`. The tests here use PROUD
//! as the model at hand; what is particular to PROUD is in `proud.rs`.

use service_quality::proud::{Assessment, Principle, ProudPolicy, Verdict};
use service_quality::{
    BandThresholds, Error, GroupBy, Policy, Rating, Ratings, Scale, Score, Summary, Weights,
};

#[test]
fn scales_convert_from_pairs_by_the_same_rule_as_new() {
    assert_eq!(Scale::try_from((0, 10)).unwrap(), Scale::ZERO_TO_TEN);
    assert_eq!(
        Scale::try_from((-2, 2)).unwrap(),
        Scale::new(-2, 2).unwrap()
    );
    assert!(matches!(
        Scale::try_from((5, 5)),
        Err(Error::InvalidScale { min: 5, max: 5, .. })
    ));
}

#[test]
fn policy_builders_replace_exactly_their_part() {
    let bands = BandThresholds::new(10.0, 20.0, 30.0).unwrap();
    let policy = Policy::<Principle>::new(Scale::ONE_TO_SEVEN).with_bands(bands);
    assert_eq!(policy.bands(), bands);
    assert_eq!(policy.scale(), Scale::ONE_TO_SEVEN);
    let weights = Weights::from_array([2.0, 1.0, 1.0, 1.0, 1.0]).unwrap();
    let policy = policy.with_weights(weights);
    assert_eq!(policy.weights(), &weights);
    assert_eq!(policy.bands(), bands);
}

#[test]
fn negative_zero_weights_are_stored_as_zero() {
    let w = Weights::<Principle>::from_array([-0.0, 1.0, 1.0, 1.0, 1.0]).unwrap();
    assert!(w.get(Principle::PoliteAndProfessional).is_sign_positive());
    let w = Weights::<Principle>::from_fn(|p| if p == Principle::Deliver { -0.0 } else { 1.0 })
        .unwrap();
    assert!(w.get(Principle::Deliver).is_sign_positive());
}

#[test]
fn zero_weighted_dimensions_are_left_out_of_the_weakest_first_list() {
    let weights = Weights::from_array([1.0, 1.0, 1.0, 1.0, 0.0]).unwrap();
    let policy = Policy::<Principle>::new(Scale::ONE_TO_FIVE).with_weights(weights);
    let ratings = Ratings::from_array(Scale::ONE_TO_FIVE, [4, 3, 5, 3, 1]).unwrap();
    let card = ratings.evaluate(&policy).unwrap();
    let order: Vec<Principle> = card.weakest_first().map(|(p, _)| p).collect();
    // Deliver scored lowest but weighs nothing; the tie between R and U keeps declaration order.
    assert_eq!(
        order,
        [
            Principle::Respect,
            Principle::Understanding,
            Principle::PoliteAndProfessional,
            Principle::Ownership
        ]
    );
    assert_eq!(card.focus(), Some(Principle::Respect));
}

#[test]
fn ratings_print_with_their_scale() {
    assert_eq!(
        Rating::new(Scale::ONE_TO_FIVE, 4).unwrap().to_string(),
        "4 on 1..=5"
    );
    assert_eq!(
        Rating::new(Scale::new(-3, 3).unwrap(), -2)
            .unwrap()
            .to_string(),
        "-2 on -3..=3"
    );
}

/// The Student t interval of a summary's mean, by hand: scores 50, 50, 75 and 75 have mean
/// 62.5 and standard deviation sqrt(625/3); with 3 degrees of freedom t(0.975) is
/// 3.182446305284263, so the 95% interval is 62.5 ± 3.182446305284263 · sqrt(625/3) / 2.
#[test]
fn a_summarys_mean_interval_is_the_t_interval_by_hand() {
    use crate::common::assert_close;
    use service_quality::metrics::Level;
    let policy = ProudPolicy::default();
    let mut s = Summary::<Principle>::new();
    for r in [3, 3, 4, 4] {
        s.add(
            &Assessment::from_array(Scale::ONE_TO_FIVE, [r; 5])
                .unwrap()
                .evaluate(&policy)
                .unwrap(),
        );
    }
    let half = 3.182446305284263 * (625.0_f64 / 3.0).sqrt() / 2.0;
    let interval = s.mean_interval(Level::default()).unwrap();
    assert_close(interval.lower(), 62.5 - half);
    assert_close(interval.upper(), 62.5 + half);
}

/// An item weighted 0 is answered but never counted towards a score, so it cannot be the
/// weakest item however low it is rated; the weakest is among the counted items.
#[test]
fn an_item_weighted_zero_is_never_the_weakest() {
    let policy = ProudPolicy::default()
        .with_weights(Weights::from_array([1.0, 1.0, 1.0, 1.0, 0.0]).unwrap());
    let mut s = Summary::<Principle>::new();
    s.add(
        &Assessment::from_array(Scale::ONE_TO_FIVE, [4, 5, 3, 4, 1])
            .unwrap()
            .evaluate(&policy)
            .unwrap(),
    );
    let deliver = s.item(Principle::Deliver);
    assert_eq!((deliver.answered(), deliver.counted()), (1, 0));
    assert_eq!(s.weakest(), Some(Principle::Ownership));
}

/// Three PROUD assessments scored by hand: all 5s (every score 100, excellent), all 4s (every
/// score 75, good) and all 1s (every score 0, first hurdle failed, poor).
#[test]
fn summary_totals_and_means_match_a_hand_count() {
    use crate::common::assert_close;
    use service_quality::Band;
    let policy = ProudPolicy::default();
    let verdicts: Vec<Verdict> = [5, 4, 1]
        .into_iter()
        .map(|r| {
            Assessment::from_array(Scale::ONE_TO_FIVE, [r; 5])
                .unwrap()
                .evaluate(&policy)
                .unwrap()
        })
        .collect();
    let mut s = Summary::<Principle>::new();
    s.extend(&verdicts);
    let mut one_by_one = Summary::<Principle>::new();
    for v in &verdicts {
        one_by_one.add(v);
    }
    assert_eq!(s, one_by_one);
    assert_eq!(s.count(), 3);
    for p in Principle::iter() {
        assert_close(s.item(p).sum(), 175.0);
        assert_close(s.mean(p).unwrap().get(), 175.0 / 3.0);
        assert_eq!((s.item(p).answered(), s.item(p).counted()), (3, 3));
        // All 1s fail the first hurdle: a critical failure of the first principle only.
        let first = p == Principle::iter().next().unwrap();
        assert_eq!(s.item(p).critical_failures(), u64::from(first));
        let stored = s.item(p).stored();
        assert_eq!(
            (stored.answered, stored.counted, stored.sum_units),
            (3, 3, 175u128 << 52)
        );
        assert_eq!(stored.critical_failures, u64::from(first));
    }
    assert_eq!(s.scored(), 3);
    // Stored totals rebuild the same summary, and totals no evaluations could give are refused.
    let again =
        Summary::<Principle>::from_stored(s.stored_totals(), |p| s.item(p).stored()).unwrap();
    assert_eq!(again, s);
    let mut bad = s.stored_totals();
    bad.scored = 4;
    assert!(Summary::<Principle>::from_stored(bad, |p| s.item(p).stored()).is_err());
    assert_close(s.overall_sum(), 175.0);
    assert_close(s.overall_sum_of_squares(), 100.0 * 100.0 + 75.0 * 75.0);
    assert_close(s.mean_overall().unwrap().get(), 175.0 / 3.0);
    assert_eq!(s.band_counts(), [1, 0, 1, 1]);
    assert_eq!(s.band_count(Band::Good), 1);
    assert_eq!(s.band_count(Band::NeedsImprovement), 0);
    assert_eq!(s.critical_failures(), 1);
    s.extend(&verdicts[2..]);
    assert_eq!((s.critical_failures(), s.band_count(Band::Poor)), (2, 2));
}

#[test]
fn a_group_by_counts_lists_and_merges_its_groups() {
    use service_quality::metrics::Nps;
    let mut g: GroupBy<&str, Nps> = GroupBy::new();
    assert!(g.is_empty());
    g.entry("north").add(9).unwrap();
    g.entry("north").add(10).unwrap();
    g.entry("south").add(2).unwrap();
    assert_eq!((g.len(), g.is_empty()), (2, false));
    // Changing a group in place finds only groups that exist.
    assert!(g.get_mut(&"west").is_none());
    assert_eq!(g.len(), 2);
    g.get_mut(&"north").unwrap().add(3).unwrap();
    assert_eq!(g.get(&"north").map(Nps::count), Some(3));
    let mut listed: Vec<(&str, u64)> = g.iter().map(|(k, s)| (*k, s.count())).collect();
    listed.sort_unstable();
    assert_eq!(listed, [("north", 3), ("south", 1)]);

    let mut other: GroupBy<&str, Nps> = GroupBy::new();
    other.entry("south").add(0).unwrap();
    other.entry("west").add(7).unwrap();
    g.merge(&other);
    let map = g.into_map();
    let mut counts: Vec<(&str, u64)> = map.iter().map(|(k, s)| (*k, s.count())).collect();
    counts.sort_unstable();
    assert_eq!(counts, [("north", 3), ("south", 2), ("west", 1)]);
}

const FIVE: Scale = Scale::ONE_TO_FIVE;

service_quality::dimension_enum! {
    /// A model of the test's own: a hotel front desk.
    pub enum FrontDesk as "front desk moment" {
        Welcome("Welcome", "How the guest was greeted on arrival."),
        RoomReady("Room ready", "Whether the room was ready at the promised time."),
        Farewell("Farewell", "How the guest was seen off."),
    }
}

/// A user's own compile-time model, declared with the public macro, behaves like the built-in
/// ones: names, parsing, serde, scoring and summaries.
#[test]
fn a_model_declared_with_the_macro_behaves_like_a_built_in_one() {
    use service_quality::{Dimension, Policy, Summary};
    assert_eq!(FrontDesk::RoomReady.to_string(), "room_ready");
    assert_eq!(
        "ROOM_READY".parse::<FrontDesk>().unwrap(),
        FrontDesk::RoomReady
    );
    assert_eq!(
        "lobby".parse::<FrontDesk>().unwrap_err().to_string(),
        "unknown front desk moment 'lobby', expected one of: welcome, room_ready, farewell"
    );
    assert_eq!(FrontDesk::Farewell.name(), "Farewell");
    assert_eq!(FrontDesk::KIND, "front desk moment");
    #[cfg(feature = "serde")]
    assert_eq!(
        serde_json::to_string(&FrontDesk::Welcome).unwrap(),
        "\"welcome\""
    );
    let policy = Policy::<FrontDesk>::default()
        .with_critical(FrontDesk::RoomReady, Score::new(50.0).unwrap());
    let card = Ratings::from_array(FIVE, [5, 2, 5])
        .unwrap()
        .evaluate(&policy)
        .unwrap();
    assert!(card.critical_failed());
    assert_eq!(card.focus(), Some(FrontDesk::RoomReady));
    let mut summary = Summary::new();
    summary.add(&card);
    assert_eq!(summary.item(FrontDesk::RoomReady).critical_failures(), 1);
}

/// Invariants of scoring, summaries and the constructors, for any policy and ratings.
/// Group-bys list and write their groups in key order, and give two- and three-part keys as
/// nested maps.
#[test]
fn group_bys_list_in_key_order_and_nest_tuple_keys() {
    use service_quality::GroupBy;
    use service_quality::metrics::Nps;
    let mut groups: GroupBy<(&str, u32), Nps> = GroupBy::new();
    for (team, month, score) in [
        ("south", 11, 9),
        ("north", 11, 10),
        ("north", 9, 2),
        ("east", 10, 7),
    ] {
        groups.entry((team, month)).add(score).unwrap();
    }
    let keys: Vec<(&str, u32)> = groups.sorted().map(|(k, _)| *k).collect();
    assert_eq!(
        keys,
        [("east", 10), ("north", 9), ("north", 11), ("south", 11)]
    );
    let nested = groups.nested();
    let teams: Vec<&String> = nested.keys().collect();
    assert_eq!(teams, ["east", "north", "south"]);
    assert_eq!(nested["north"]["9"].count(), 1);
    let mut three: GroupBy<(&str, &str, &str), Nps> = GroupBy::new();
    three.entry(("s1", "w48", "chat")).add(10).unwrap();
    three.entry(("s1", "w48", "phone")).add(0).unwrap();
    let nested = three.nested();
    assert_eq!(nested["s1"]["w48"].len(), 2);
    #[cfg(feature = "serde")]
    {
        let text = serde_json::to_string(&groups).unwrap();
        let at = |needle: &str| text.find(needle).unwrap();
        assert!(
            at("east") < at("north") && at("north") < at("south"),
            "{text}"
        );
        let nested = serde_json::to_value(groups.nested()).unwrap();
        assert_eq!(nested["north"]["11"]["counts"][10], serde_json::json!(1));
    }
}

mod properties {
    use crate::common::strategies::{policy_and_ratings, scale};

    use proptest::prelude::*;
    use service_quality::boss_leader::{Contrast, LeaderPolicy};
    use service_quality::proud::{Assessment, Principle, ProudPolicy, Verdict};
    use service_quality::{
        Band, BandThresholds, CriticalRule, GroupBy, Merge, Rating, Ratings, Scale, Score, Summary,
        Weights,
    };

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
            // Nothing to score only when no answered dimension carries weight, whatever the
            // N/A rule (N/A counted as full marks never makes a score on its own).
            let scorable = Principle::iter().any(|p| card.is_counted(p) && ratings.get(p).is_some());
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
        fn without_a_failure_the_focus_is_the_earliest_weakest_answered_and_counted_below_full_marks(
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
                // Full marks on every candidate leave nothing to coach.
                .filter(|&&(_, s)| s < Score::MAX)
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

    fn verdict() -> impl Strategy<Value = Verdict> {
        proptest::array::uniform5(1i64..=5).prop_map(|r| {
            Assessment::from_array(Scale::ONE_TO_FIVE, r)
                .unwrap()
                .evaluate(&ProudPolicy::default())
                .unwrap()
        })
    }

    fn close(a: &Summary<Principle>, b: &Summary<Principle>) -> bool {
        a.count() == b.count()
            && a.band_counts() == b.band_counts()
            && a.critical_failures() == b.critical_failures()
            && (a.overall_sum() - b.overall_sum()).abs() < 1e-9
            && Principle::iter().all(|p| (a.item(p).sum() - b.item(p).sum()).abs() < 1e-9)
    }

    proptest! {
        #![proptest_config(crate::common::cases(300))]

        #[test]
        fn summaries_merge_to_the_whole(vs in proptest::collection::vec(verdict(), 0..60), cut in any::<prop::sample::Index>()) {
            let mut whole = Summary::<Principle>::new();
            whole.extend(&vs);
            let at = cut.index(vs.len() + 1);
            let mut left = Summary::<Principle>::new();
            left.extend(&vs[..at]);
            let mut right = Summary::<Principle>::new();
            right.extend(&vs[at..]);
            left.merge(&right);
            prop_assert!(close(&left, &whole));
            prop_assert_eq!(whole.band_counts().iter().sum::<u64>(), whole.count());
            // The spread merges exactly too: same variance, same interval for the mean.
            match (left.overall_variance(), whole.overall_variance()) {
                (Some(a), Some(b)) => prop_assert!((a - b).abs() <= 1e-9 * b.max(1.0), "{} {}", a, b),
                (a, b) => prop_assert_eq!(a, b),
            }
            let level = service_quality::metrics::Level::default();
            match (left.mean_interval(level), whole.mean_interval(level)) {
                (Ok(a), Ok(b)) => {
                    prop_assert!((a.lower() - b.lower()).abs() < 1e-9 && (a.upper() - b.upper()).abs() < 1e-9);
                    let mean = whole.mean_overall().unwrap().get();
                    prop_assert!(a.lower() <= mean + 1e-12 && mean <= a.upper() + 1e-12);
                }
                (a, b) => prop_assert_eq!(a.is_err(), b.is_err()),
            }
            if let Some(mean) = whole.mean_overall() {
                prop_assert!((0.0..=100.0).contains(&mean.get()));
            }
        }
    }

    /// Verdicts under a policy whose weights make most overall scores inexact in binary, with
    /// N/A allowed on two principles, so plain float sums would depend on their order.
    fn uneven_verdicts() -> impl Strategy<Value = Vec<Verdict>> {
        (
            proptest::array::uniform5(0.1f64..5.0),
            proptest::collection::vec(proptest::array::uniform5((1i64..=5, any::<bool>())), 0..80),
        )
            .prop_map(|(w, rows)| {
                let policy = ProudPolicy::default()
                    .with_weights(Weights::from_array(w).unwrap())
                    .with_not_applicable_allowed(Principle::Ownership, true)
                    .with_not_applicable_allowed(Principle::Deliver, true);
                rows.into_iter()
                    .map(|row| {
                        let options: [Option<i64>; 5] = std::array::from_fn(|i| {
                            let (v, blank) = row[i];
                            (!(blank && (i == 2 || i == 4))).then_some(v)
                        });
                        Assessment::new(Ratings::from_options(Scale::ONE_TO_FIVE, options).unwrap())
                            .evaluate(&policy)
                            .unwrap()
                    })
                    .collect()
            })
    }

    proptest! {
        #![proptest_config(crate::common::cases(300))]

        /// The same records give the same summary, bit for bit, whatever order they arrive in,
        /// however they are split and in whatever tree the partial summaries merge, with a
        /// JSON round trip of some partials on the way (issue 29).
        #[test]
        fn exact_totals_do_not_depend_on_order_split_merge_tree_or_storage(
            verdicts in uneven_verdicts(),
            order in any::<u64>(),
            cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..8),
            steps in proptest::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>(), any::<bool>()), 0..8),
        ) {
            let mut sequential = Summary::<Principle>::new();
            sequential.extend(&verdicts);
            let shuffled = crate::common::shuffled(&verdicts, order);
            let parts: Vec<Summary<Principle>> = crate::common::cut_into(&shuffled, &cuts)
                .iter()
                .map(|part| {
                    let mut s = Summary::<Principle>::new();
                    s.extend(part);
                    s
                })
                .collect();
            let store = |s: &Summary<Principle>| -> Summary<Principle> {
                #[cfg(feature = "serde")]
                return serde_json::from_str(&serde_json::to_string(s).unwrap()).unwrap();
                #[cfg(not(feature = "serde"))]
                *s
            };
            let merged = crate::common::merge_tree(parts, &steps, |a, b| a.merge(b), store).unwrap();
            prop_assert_eq!(&merged, &sequential);
            prop_assert_eq!(merged.overall_sum().to_bits(), sequential.overall_sum().to_bits());
            prop_assert_eq!(
                merged.overall_sum_of_squares().to_bits(),
                sequential.overall_sum_of_squares().to_bits()
            );
            prop_assert_eq!(
                merged.overall_variance().map(f64::to_bits),
                sequential.overall_variance().map(f64::to_bits)
            );
            for p in Principle::iter() {
                prop_assert_eq!(merged.item(p).sum().to_bits(), sequential.item(p).sum().to_bits());
                prop_assert_eq!(
                    merged.mean(p).map(|m| m.get().to_bits()),
                    sequential.mean(p).map(|m| m.get().to_bits())
                );
            }
        }
    }

    proptest! {
        #![proptest_config(crate::common::cases(300))]

        /// Corrections are exact even where the scores are not binary fractions: a verdict
        /// taken out leaves the summary of the others bit for bit, a replacement equals the
        /// summary built with it all along and equals remove-then-add, and subtracting a part
        /// leaves the rest.
        #[test]
        fn corrections_give_the_summary_of_the_corrected_verdicts(
            verdicts in uneven_verdicts(),
            pick in any::<prop::sample::Index>(),
            with in any::<prop::sample::Index>(),
            cut in any::<prop::sample::Index>(),
        ) {
            prop_assume!(!verdicts.is_empty());
            let (at, new) = (pick.index(verdicts.len()), &verdicts[with.index(verdicts.len())]);
            let summary_of = |vs: &mut dyn Iterator<Item = &Verdict>| {
                let mut s = Summary::<Principle>::new();
                s.extend(vs);
                s
            };
            let others = || verdicts.iter().enumerate().filter(move |&(i, _)| i != at).map(|(_, v)| v);
            let whole = summary_of(&mut verdicts.iter());

            let mut removed = whole;
            removed.remove(&verdicts[at]).unwrap();
            prop_assert_eq!(&removed, &summary_of(&mut others()));
            prop_assert_eq!(removed.overall_sum().to_bits(), summary_of(&mut others()).overall_sum().to_bits());

            let mut replaced = whole;
            replaced.replace(&verdicts[at], new).unwrap();
            prop_assert_eq!(&replaced, &summary_of(&mut others().chain([new])));
            let mut by_hand = removed;
            by_hand.add(new);
            prop_assert_eq!(&replaced, &by_hand);

            let c = cut.index(verdicts.len() + 1);
            let mut rest = whole;
            rest.subtract(&summary_of(&mut verdicts[..c].iter())).unwrap();
            prop_assert_eq!(rest, summary_of(&mut verdicts[c..].iter()));

            // From an empty summary nothing comes out, and the failure changes nothing.
            let mut empty = Summary::<Principle>::new();
            prop_assert_eq!(
                empty.remove(&verdicts[at]).unwrap_err().kind(),
                service_quality::ErrorKind::NotInSummary
            );
            prop_assert_eq!(empty, Summary::new());
        }
    }

    /// A verdict never added is found where a total would go below zero, and the summary keeps
    /// what it had.
    #[test]
    fn taking_out_a_verdict_never_added_is_refused_by_name() {
        let policy = ProudPolicy::default();
        let verdict = |r| {
            Assessment::from_array(Scale::ONE_TO_FIVE, r)
                .unwrap()
                .evaluate(&policy)
                .unwrap()
        };
        let mut summary = Summary::<Principle>::new();
        summary.add(&verdict([5, 5, 5, 5, 5]));
        let before = summary;
        // What was added comes back out.
        summary.add(&verdict([5, 5, 5, 5, 5]));
        summary.remove(&verdict([5, 5, 5, 5, 5])).unwrap();
        assert_eq!(summary, before);
        let err = summary.remove(&verdict([1, 5, 5, 5, 5])).unwrap_err();
        // 1 on P fails the first hurdle: the verdict is capped into the poor band, empty here.
        assert_eq!(
            err.to_string(),
            "cannot take out of the summary: band count of 'poor' is 0, less than the 1 taken out"
        );
        assert_eq!(summary, before);
        // An excellent verdict whose P is lower than the one held: P's sum would go below zero.
        let mut high = Summary::<Principle>::new();
        high.add(&verdict([4, 5, 5, 5, 5]));
        let err = high.remove(&verdict([5, 4, 5, 5, 5])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot take out of the summary: sum of 'polite_and_professional' is 75, less than the 100 taken out"
        );
        assert_eq!(high.count(), 1);
    }

    fn report() -> impl Strategy<Value = service_quality::boss_leader::LeaderReport> {
        proptest::collection::vec(1i64..=7, 10).prop_map(|v| {
            let r = Ratings::<Contrast>::from_fn(Scale::ONE_TO_SEVEN, |c| {
                v[Contrast::iter().position(|x| x == c).unwrap_or(0)]
            })
            .unwrap();
            r.evaluate(&LeaderPolicy::default()).unwrap()
        })
    }

    proptest! {
        #![proptest_config(crate::common::cases(200))]

        /// Any model's reports summarise, and the group-by of two halves merges to the whole.
        #[test]
        fn grouped_summaries_merge_to_the_whole(
            rows in proptest::collection::vec((0u8..4, report()), 0..80),
            cut in any::<prop::sample::Index>(),
        ) {
            let group = |rows: &[(u8, service_quality::boss_leader::LeaderReport)]| {
                let mut g: GroupBy<u8, Summary<Contrast>> = GroupBy::new();
                for (team, r) in rows {
                    g.entry(*team).add(r);
                }
                g
            };
            let whole = group(&rows);
            let at = cut.index(rows.len() + 1);
            let mut left = group(&rows[..at]);
            Merge::merge(&mut left, &group(&rows[at..]));
            prop_assert_eq!(left.len(), whole.len());
            for (team, s) in whole.iter() {
                let other = left.get(team).unwrap();
                prop_assert_eq!(other.count(), s.count());
                prop_assert_eq!(other.band_counts(), s.band_counts());
                for c in Contrast::iter() {
                    prop_assert!((other.item(c).sum() - s.item(c).sum()).abs() < 1e-9);
                }
                prop_assert!((other.overall_sum() - s.overall_sum()).abs() < 1e-9);
            }
        }
    }
}

/// JSON: what the constructors reject is rejected with their message, stored summaries are
/// checked, and partial policies take the model's defaults.
#[cfg(feature = "serde")]
mod json {
    use crate::common::{assert_close, rejection};

    use serde::Deserialize;
    use serde::de::value::{Error as ValueError, MapDeserializer};
    use serde_json::json;
    use service_quality::proud::{Assessment, Principle, ProudPolicy};
    use service_quality::{
        Band, BandThresholds, GroupBy, Policy, Rating, Ratings, Scale, Score, Summary, Weights,
    };

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
            rejection::<BandThresholds>(
                json!({"needs_improvement": 50, "good": 90, "excellent": 85})
            ),
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
    fn a_list_where_a_map_belongs_says_what_was_expected() {
        let err = rejection::<Weights<Principle>>(json!([1.0, 2.0]));
        assert_eq!(
            err,
            "invalid type: sequence, expected a map from PROUD principle name to value"
        );
    }

    #[test]
    fn summaries_round_trip_and_tampering_is_caught() {
        use serde_json::json;
        use service_quality::Band;
        let policy = ProudPolicy::default();
        let mut s = Summary::<Principle>::new();
        for r in [[4, 5, 3, 4, 2], [2, 5, 5, 5, 5], [5, 5, 5, 5, 5]] {
            s.add(
                &Assessment::from_array(Scale::ONE_TO_FIVE, r)
                    .unwrap()
                    .evaluate(&policy)
                    .unwrap(),
            );
        }
        let text = serde_json::to_string(&s).unwrap();
        assert_eq!(
            serde_json::from_str::<Summary<Principle>>(&text).unwrap(),
            s
        );
        assert_eq!(s.band_count(Band::Excellent), 1);

        let mut bad = serde_json::to_value(s).unwrap();
        bad["overall"]["bands"]["poor"] = json!(5);
        let err = serde_json::from_value::<Summary<Principle>>(bad)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("band counts is 7, expected the scored count, 3"),
            "{err}"
        );
        // A sum edited without its exact form disagrees with it.
        let mut bad = serde_json::to_value(s).unwrap();
        bad["items"]["respect"]["sum"] = json!(301.0);
        let err = serde_json::from_value::<Summary<Principle>>(bad.clone())
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("sum is 301, expected 300 for 'respect', the value of its exact sum"),
            "{err}"
        );
        // Without the exact form (as 0.1 wrote it), the range is still checked.
        bad["items"]["respect"]
            .as_object_mut()
            .unwrap()
            .remove("sum_exact");
        let err = serde_json::from_value::<Summary<Principle>>(bad)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(
                "sum is 301, expected a sum between 0 and 300 for 'respect' (3 scores)"
            ),
            "{err}"
        );
        let mut bad = serde_json::to_value(s).unwrap();
        bad["items"]["deliver"]["answered"] = json!(4);
        let err = serde_json::from_value::<Summary<Principle>>(bad)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("answered is 4, expected at most 3 for 'deliver'"),
            "{err}"
        );
    }

    /// Totals written by 0.1 (floats only) are read, truncated to the exact grid; totals
    /// written now carry their exact units, which must be a decimal integer and agree with the
    /// float beside them.
    #[test]
    fn older_float_only_totals_are_read_and_exact_ones_are_checked() {
        use serde_json::json;
        let item =
            |sum: f64| json!({"answered": 2, "counted": 2, "sum": sum, "critical_failures": 0});
        let old = json!({
            "overall": {
                "count": 2, "scored": 2, "sum": 90.0, "sum_of_squares": 4850.0,
                "bands": {"poor": 1, "needs_improvement": 1, "good": 0, "excellent": 0},
                "critical_failures": 1
            },
            "items": {
                "polite_and_professional": item(75.0), "respect": item(200.0),
                "ownership": item(150.0), "understanding": item(150.0), "deliver": item(125.0)
            }
        });
        let read: Summary<Principle> = serde_json::from_value(old.clone()).unwrap();
        assert_eq!(read.overall_sum().to_bits(), 90.0_f64.to_bits());
        assert_eq!(read.stored_totals().sum_units, 90u128 << 52);
        // Written again, it carries the exact form, and reads back equal.
        let text = serde_json::to_string(&read).unwrap();
        assert!(
            text.contains(&format!("\"sum_exact\":\"{}\"", 90u128 << 52)),
            "{text}"
        );
        assert_eq!(
            serde_json::from_str::<Summary<Principle>>(&text).unwrap(),
            read
        );

        let mut bad = old.clone();
        bad["overall"]["sum_exact"] = json!("ninety");
        let err = serde_json::from_value::<Summary<Principle>>(bad)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("exact sum 'ninety' is not a whole number of units"),
            "{err}"
        );
        let mut bad = old;
        bad["overall"]["sum_exact"] = json!((91u128 << 52).to_string());
        let err = serde_json::from_value::<Summary<Principle>>(bad)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("sum is 90, expected 91 for 'overall', the value of its exact sum"),
            "{err}"
        );
    }

    /// Each score lies in 0..=100, so its square is at most 100 times it, and the squared sum
    /// is at most n times the sum of squares: stored totals that break either are refused, by
    /// a relative tolerance of 1e-9, not by one unit.
    #[test]
    fn a_sum_of_squares_that_its_sum_cannot_give_is_refused() {
        use serde_json::json;
        let item = json!({"answered": 0, "counted": 0, "sum": 0.0, "critical_failures": 0});
        let stored = |scored: u64, sum: f64, squares: f64, poor: u64| {
            json!({
                "overall": {
                    "count": scored, "scored": scored, "sum": sum, "sum_of_squares": squares,
                    "bands": {"poor": poor, "needs_improvement": scored - poor, "good": 0,
                              "excellent": 0},
                    "critical_failures": 0
                },
                "items": {
                    "polite_and_professional": item, "respect": item, "ownership": item,
                    "understanding": item, "deliver": item
                }
            })
        };
        let read = |json| serde_json::from_value::<Summary<Principle>>(json).map(|_| ());
        // One score of 1: its square is 1, at most 100.
        assert!(read(stored(1, 1.0, 1.0, 1)).is_ok());
        assert!(read(stored(1, 1.0, 100.0, 1)).is_ok());
        let err = read(stored(1, 1.0, 100.5, 1)).unwrap_err().to_string();
        assert!(err.starts_with("sum_of_squares is 100.5"), "{err}");
        // Two scores summing to 10 have squares of at least 50.
        assert!(read(stored(2, 10.0, 50.0, 2)).is_ok());
        let err = read(stored(2, 10.0, 49.9, 2)).unwrap_err().to_string();
        assert!(err.starts_with("sum_of_squares is 49.9"), "{err}");
    }

    /// A stored -0 (what some writers make of an empty sum) reads as the exact sum of nothing.
    #[test]
    fn a_stored_negative_zero_sum_is_the_empty_sum() {
        use serde_json::json;
        let mut empty = serde_json::to_value(Summary::<Principle>::new()).unwrap();
        empty["items"]["respect"]["sum"] = json!(-0.0);
        empty["items"]["respect"]["sum_exact"] = json!("0");
        assert_eq!(
            serde_json::from_value::<Summary<Principle>>(empty).unwrap(),
            Summary::<Principle>::new()
        );
    }

    #[test]
    fn stored_totals_near_the_integer_limit_are_rejected_not_overflowed() {
        use serde_json::json;
        let item = json!({"answered": 0, "counted": 0, "sum": 0.0, "critical_failures": 0});
        let stored = |bands: [u64; 4], sum: f64| {
            json!({
                "overall": {
                    "count": u64::MAX, "scored": u64::MAX, "sum": sum, "sum_of_squares": 0.0,
                    "bands": {
                        "poor": bands[0], "needs_improvement": bands[1],
                        "good": bands[2], "excellent": bands[3]
                    },
                    "critical_failures": 0
                },
                "items": {
                    "polite_and_professional": item, "respect": item, "ownership": item,
                    "understanding": item, "deliver": item
                }
            })
        };
        let err = serde_json::from_value::<Summary<Principle>>(stored([u64::MAX, 1, 0, 0], 0.0))
            .unwrap_err();
        assert!(
            err.to_string().starts_with(
                "band counts is 18446744073709551616, expected the scored count, 18446744073709551615"
            ),
            "{err}"
        );
        let err =
            serde_json::from_value::<Summary<Principle>>(stored([u64::MAX, 0, 0, 0], f64::MAX))
                .unwrap_err();
        assert!(
            err.to_string().contains(
                "a sum between 0 and 1844674407370955161500 for 'overall' (18446744073709551615 scores)"
            ),
            "{err}"
        );
    }

    #[test]
    fn group_bys_round_trip_through_json() {
        use service_quality::metrics::Nps;
        let mut g: GroupBy<String, Nps> = GroupBy::new();
        g.entry("north".to_owned()).add(9).unwrap();
        g.entry("south".to_owned()).add(2).unwrap();
        let text = serde_json::to_string(&g).unwrap();
        assert_eq!(
            serde_json::from_str::<GroupBy<String, Nps>>(&text).unwrap(),
            g
        );
    }
}
