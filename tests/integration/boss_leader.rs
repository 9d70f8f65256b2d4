//! Boss versus leader: a hand-computed index and development plan, the pole thresholds'
//! boundaries, and monotonicity of the index.

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
