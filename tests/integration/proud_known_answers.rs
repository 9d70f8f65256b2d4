//! Known-answer tests for PROUD scoring.
//!
//! Source: the worked examples in the product brief (`DOMAIN.md`, section 1) as restated in the
//! foundation issue: scale 1–5, default policy.

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
