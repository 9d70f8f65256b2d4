//! Boss versus leader: a hand-computed index and development plan with the source's actions,
//! the pole thresholds' boundaries, and monotonicity of the index.

use crate::common::strategies::contrast_ratings;

use proptest::prelude::*;
use service_quality::boss_leader::{Classification, Contrast, LeaderPolicy};
use service_quality::{Ratings, Scale, Score};

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
    let plan: Vec<(Contrast, f64)> = report
        .development_plan()
        .map(|step| (step.contrast(), step.score().get()))
        .collect();
    assert_eq!(
        plan.iter().map(|&(c, _)| c).collect::<Vec<_>>(),
        [
            Contrast::Credit,
            Contrast::Approachability,
            Contrast::Language
        ]
    );
    crate::common::assert_close(plan[0].1, 0.0);
    crate::common::assert_close(plan[1].1, 100.0 / 6.0);
}

/// Issue 27: the plan carries the source's concrete action for each contrast (in this crate's
/// words), so a boss at the credit pole is told to notice and praise contributions, not only
/// that credit is low.
#[test]
fn the_plan_carries_the_source_s_actions() {
    let r = Ratings::<Contrast>::from_fn(Scale::ONE_TO_SEVEN, |_| 1).unwrap();
    let policy = LeaderPolicy::default().with_plan_length(10);
    let report = r.evaluate(&policy).unwrap();
    let steps: Vec<_> = report.development_plan().collect();
    assert_eq!(steps.len(), 10);
    for step in &steps {
        assert_eq!(step.action(), step.contrast().action());
        assert_eq!(step.score(), Score::MIN);
    }
    // The source's seven actions, each on its contrast, in this crate's words.
    let source_actions = [
        (Contrast::Approachability, "Make time"),
        (Contrast::Development, "Invest in each person"),
        (Contrast::Credit, "praise it"),
        (Contrast::Delegation, "real work"),
        (Contrast::Effort, "Pitch in"),
        (Contrast::Horizon, "long-term plans"),
        (Contrast::Collaboration, "new ideas"),
    ];
    for (contrast, words) in source_actions {
        assert!(contrast.action().contains(words), "{contrast}");
        assert!(contrast.has_source_action(), "{contrast}");
    }
    assert!(
        Contrast::Credit.action().contains("one to one")
            && Contrast::Credit.action().contains("in front of the team")
    );
    assert!(Contrast::Collaboration.action().contains("playbook"));
    // The other three are this crate's.
    let own: Vec<Contrast> = Contrast::iter()
        .filter(|c| !c.has_source_action())
        .collect();
    assert_eq!(
        own,
        [Contrast::Language, Contrast::Respect, Contrast::Priorities]
    );
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

proptest! {
    #![proptest_config(crate::common::cases(500))]

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
}

/// A development step serialises as its contrast and score; the action follows from the
/// contrast.
#[cfg(feature = "serde")]
#[test]
fn a_development_step_serialises_as_contrast_and_score() {
    let r = Ratings::<Contrast>::from_fn(Scale::ONE_TO_SEVEN, |c| {
        if c == Contrast::Credit { 1 } else { 7 }
    })
    .unwrap();
    let report = r.evaluate(&LeaderPolicy::default()).unwrap();
    let steps: Vec<_> = report.development_plan().collect();
    assert_eq!(
        serde_json::to_value(&steps).unwrap(),
        serde_json::json!([{"contrast": "credit", "score": 0.0}])
    );
}
