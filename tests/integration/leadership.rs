//! Leadership models through the public API: hand-computed profiles, the brief's two
//! briefings, boss versus leader, 360 reviews with their anonymity rules, bad input, serde and
//! the invariants as properties.

use crate::common::assert_close;

use proptest::prelude::*;
use service_quality::boss_leader::{Classification, Contrast, LeaderPolicy};
use service_quality::leadership::{
    Area, Briefing, BriefingElement, BriefingVerdict, Function, Position, Profile, ProfilePolicy,
    Style,
};
use service_quality::review::{Observer, RaterRole, Review, ReviewPolicy, Visibility};
use service_quality::{Ratings, Scale, Score};
use strum::IntoEnumIterator;

fn ved(values: [i32; 3]) -> Ratings<Area> {
    Ratings::from_array(Scale::ONE_TO_FIVE, values).unwrap()
}

fn mgmt(values: [i32; 4]) -> Ratings<Function> {
    Ratings::from_array(Scale::ONE_TO_FIVE, values).unwrap()
}

/// Hand-computed: V.E.D. 5, 4, 3 → 100, 75, 50 → leadership 75; functions 2, 3, 3, 2 →
/// 25, 50, 50, 25 → management 37.5; leading.
#[test]
fn hand_computed_profile_leads() {
    let report = Profile::new(Position::Agent, ved([5, 4, 3]), mgmt([2, 3, 3, 2]))
        .evaluate(&ProfilePolicy::default())
        .unwrap();
    assert_close(crate::common::value(report.leadership_index()), 75.0);
    assert_close(crate::common::value(report.management_index()), 37.5);
    assert_eq!(report.style(), Some(Style::Leading));
    assert_eq!(report.leadership().focus(), Some(Area::Delivery));
    assert_eq!(report.position(), Position::Agent);
}

/// Leadership at every level: the same ratings give the same verdict for any role.
#[test]
fn the_role_does_not_change_the_scoring() {
    let verdicts: Vec<(f64, f64, Option<Style>)> = Position::iter()
        .map(|role| {
            let r = Profile::new(role, ved([4, 4, 2]), mgmt([4, 5, 4, 5]))
                .evaluate(&ProfilePolicy::default())
                .unwrap();
            (
                crate::common::value(r.leadership_index()),
                crate::common::value(r.management_index()),
                r.style(),
            )
        })
        .collect();
    assert!(verdicts.windows(2).all(|w| w[0] == w[1]));
    // V.E.D. 4, 4, 2 → 75, 75, 25 → 58.33 (below 60); functions 4, 5, 4, 5 → 87.5: managing.
    let (leadership, management, style) = verdicts[0];
    assert!((leadership - 175.0 / 3.0).abs() < 1e-12);
    assert_eq!((management, style), (87.5, Some(Style::Managing)));
}

/// The brief's manager briefing, in this crate's words: the target and the measures, with "we".
const MANAGER_BRIEFING: &str = "We need 100% customer satisfaction this quarter. We'll get \
    there by cutting our response times and dealing with top priorities first.";

/// The brief's leader briefing, in this crate's words: the same target, the why, the effort
/// acknowledged, belief in the team, and a question for the team's ideas.
const LEADER_BRIEFING: &str = "We're going for 100% customer satisfaction this quarter. The \
    national service award is decided next month, and this is our chance to show we're the \
    best team in the country. I know it's a lot to ask on top of a busy quarter, and I know we \
    can do it. What would help you get there?";

/// DOMAIN.md section 2 and issue 16: both briefings name the deliverable and say "we", so team
/// language cannot tell them apart; the why, the acknowledged effort and the request for ideas
/// (with the leader's belief in the team) do.
#[test]
fn the_brief_s_two_briefings() {
    use BriefingElement::*;
    use service_quality::reply::{Audience, ReplyContext};
    let checker = crate::common::reply_checker();
    let to_team = ReplyContext::new().to(Audience::Team);
    for text in [MANAGER_BRIEFING, LEADER_BRIEFING] {
        let report = checker.check_with(text, &to_team);
        assert!(report.team_words() >= 3, "{text}");
        assert!(report.team_language_ratio().unwrap() > 0.6, "{text}");
        assert!(report.findings().is_empty(), "{text}");
    }

    let manager = Briefing::from_elements([Deliverable, TeamLanguage, Plan]).unwrap();
    let leader = Briefing::from_elements([
        Deliverable,
        Reason,
        TeamLanguage,
        Belief,
        AcknowledgeEffort,
        AskForIdeas,
    ])
    .unwrap();
    assert_eq!(manager.evaluate(), BriefingVerdict::Manages);
    assert_eq!(leader.evaluate(), BriefingVerdict::Leads);
    assert_eq!(leader.missing_to_lead().count(), 0);
    assert_eq!(
        manager.missing_to_lead().collect::<Vec<_>>(),
        [Reason, Belief, AcknowledgeEffort, AskForIdeas]
    );
    // Regression: the manager's briefing used to be encoded without its "we"; with it, the
    // verdict does not change.
    assert!(manager.contains(TeamLanguage));
}

/// Hand-computed boss-versus-leader: ratings 2,2,3,2,1,2,3,2,2,3 on 1–7 sum to 22, minus ten
/// for the scale minimum is 12 of 60 → index 20, a boss; plan = the three 1s and 2s furthest
/// from the leader pole: credit (0), then approachability, language (16.7).
#[test]
fn hand_computed_boss() {
    let r = Ratings::<Contrast>::from_array(Scale::ONE_TO_SEVEN, [2, 2, 3, 2, 1, 2, 3, 2, 2, 3])
        .unwrap();
    let report = r.evaluate(&LeaderPolicy::default()).unwrap();
    assert!((crate::common::value(report.leader_index()) - 20.0).abs() < 1e-12);
    assert_eq!(report.classification(), Some(Classification::Boss));
    let plan: Vec<Contrast> = report.development_plan().map(|(c, _)| c).collect();
    assert_eq!(
        plan,
        [
            Contrast::Credit,
            Contrast::Approachability,
            Contrast::Language
        ]
    );
}

fn observer(id: &str, role: RaterRole, values: [i32; 3]) -> Observer<Area> {
    Observer::new(id, role, ved(values)).unwrap()
}

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

#[cfg(feature = "serde")]
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

// ---- properties ----

const ROLES: [RaterRole; 5] = [
    RaterRole::Manager,
    RaterRole::Peer,
    RaterRole::DirectReport,
    RaterRole::Customer,
    RaterRole::Other,
];

fn contrast_ratings(scale: Scale) -> impl Strategy<Value = Ratings<Contrast>> {
    proptest::collection::vec(scale.min()..=scale.max(), 10).prop_map(move |v| {
        Ratings::from_fn(scale, |c: Contrast| {
            i64::from(v[Contrast::iter().position(|x| x == c).unwrap_or(0)])
        })
        .unwrap()
    })
}

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

fn in_bounds(s: Score) -> bool {
    (0.0..=100.0).contains(&s.get())
}

proptest! {
    #![proptest_config(crate::common::cases(500))]

    #[test]
    fn indices_stay_in_bounds(r in contrast_ratings(Scale::ONE_TO_SEVEN),
                              v in proptest::array::uniform3(1i32..=5),
                              m in proptest::array::uniform4(1i32..=5)) {
        let report = r.evaluate(&LeaderPolicy::default()).unwrap();
        prop_assert!(report.leader_index().is_some_and(in_bounds));
        let p = Profile::new(Position::Manager, ved(v), mgmt(m)).evaluate(&ProfilePolicy::default()).unwrap();
        prop_assert!(p.leadership_index().is_some_and(in_bounds) && p.management_index().is_some_and(in_bounds));
    }

    #[test]
    fn raising_a_rating_never_lowers_its_index(
        r in contrast_ratings(Scale::ONE_TO_SEVEN),
        which in 0usize..10,
    ) {
        let c = Contrast::iter().nth(which).unwrap();
        let up = (i64::from(r.get(c).unwrap().get()) + 1).min(7);
        let before = r.evaluate(&LeaderPolicy::default()).unwrap();
        let after = r.try_with(c, up).unwrap().evaluate(&LeaderPolicy::default()).unwrap();
        prop_assert!(after.leader_index() >= before.leader_index());
        prop_assert!(after.classification() >= before.classification());
    }

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

#[test]
fn pole_thresholds_classify_their_boundaries_as_documented() {
    use service_quality::boss_leader::PoleThresholds;
    let poles = PoleThresholds::new(40.0, 60.0).unwrap();
    let at = |x: f64| poles.classify(Score::new(x).unwrap());
    assert_eq!(at(39.999), Classification::Boss);
    // "Below" is strict: exactly on boss_below is already mixed.
    assert_eq!(at(40.0), Classification::Mixed);
    assert_eq!(at(59.999), Classification::Mixed);
    // "From" is inclusive.
    assert_eq!(at(60.0), Classification::Leader);
    assert_eq!(
        (poles.boss_below().get(), poles.leader_from().get()),
        (40.0, 60.0)
    );
}

mod review_details {
    use crate::common::assert_close;
    use service_quality::boss_leader::Contrast;
    use service_quality::review::{Observer, RaterId, RaterRole, Review, ReviewPolicy};
    use service_quality::{Error, Ratings, Scale, Weights};
    use strum::IntoEnumIterator;

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

#[test]
fn briefing_elements_map_to_areas_and_functions() {
    use service_quality::leadership::{Area, Briefing, BriefingElement, Function};
    let areas: Vec<Option<Area>> = BriefingElement::iter().map(BriefingElement::area).collect();
    let functions: Vec<Option<Function>> = BriefingElement::iter()
        .map(BriefingElement::function)
        .collect();
    // Declaration order: deliverable, reason, team language, belief, acknowledge effort, ask
    // for ideas, plan.
    assert_eq!(
        areas,
        [
            Some(Area::Delivery),
            Some(Area::Vision),
            Some(Area::Engagement),
            Some(Area::Engagement),
            Some(Area::Engagement),
            Some(Area::Engagement),
            None
        ]
    );
    assert_eq!(
        functions,
        [None, None, None, None, None, None, Some(Function::Planning)]
    );
    let engaging: Vec<BriefingElement> = BriefingElement::iter().filter(|e| e.engages()).collect();
    assert_eq!(
        engaging,
        [
            BriefingElement::Belief,
            BriefingElement::AcknowledgeEffort,
            BriefingElement::AskForIdeas
        ]
    );
    let briefing =
        Briefing::from_elements([BriefingElement::Reason, BriefingElement::Plan]).unwrap();
    let contained: Vec<BriefingElement> = BriefingElement::iter()
        .filter(|&e| briefing.contains(e))
        .collect();
    assert_eq!(contained, [BriefingElement::Reason, BriefingElement::Plan]);
}

#[test]
fn a_briefing_lists_the_leadership_elements_it_lacks_in_order() {
    use service_quality::leadership::{Briefing, BriefingElement};
    let briefing =
        Briefing::from_elements([BriefingElement::Reason, BriefingElement::Plan]).unwrap();
    let missing: Vec<BriefingElement> = briefing.missing_to_lead().collect();
    assert_eq!(
        missing,
        [
            BriefingElement::Deliverable,
            BriefingElement::Belief,
            BriefingElement::AcknowledgeEffort,
            BriefingElement::AskForIdeas
        ]
    );
    let full = Briefing::from_elements(BriefingElement::iter()).unwrap();
    assert_eq!(full.missing_to_lead().count(), 0);
}
