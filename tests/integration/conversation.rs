//! Conversations: the habits checklist, the conduct policy, and resolution records.

use crate::common::assert_close;

use proptest::prelude::*;
use service_quality::conversation::{
    Action, Checklist, Conduct, ConductPolicy, Habit, ResolutionPractice, ResolutionRecord,
};

#[test]
fn checklist_scores_every_combination_correctly() {
    assert_close(Checklist::default().score().get(), 50.0);
    let ideal = Checklist::from_observed(Habit::iter().filter(|h| h.is_do()));
    assert_close(ideal.score().get(), 100.0);
    let worst = Checklist::from_observed(Habit::iter().filter(|h| !h.is_do()));
    assert_close(worst.score().get(), 0.0);
    assert_eq!(worst.missed().count(), 4);
}

proptest! {
    /// For any set of observed habits: `observed` reports exactly that set, the slips are the
    /// don'ts in it, the misses are the do's outside it, and the score counts the rest.
    #[test]
    fn checklist_reports_what_was_observed(seen in proptest::collection::vec(any::<bool>(), 8)) {
        let habits: Vec<Habit> = Habit::iter().collect();
        prop_assert_eq!(habits.len(), seen.len());
        let chosen: Vec<Habit> =
            habits.iter().zip(&seen).filter(|(_, s)| **s).map(|(h, _)| *h).collect();
        let list = Checklist::from_observed(chosen.iter().copied());
        for (&h, &s) in habits.iter().zip(&seen) {
            prop_assert_eq!(list.observed(h), s, "{}", h);
        }
        let slips: Vec<Habit> = list.slips().collect();
        let missed: Vec<Habit> = list.missed().collect();
        let want_slips: Vec<Habit> = chosen.iter().copied().filter(|h| !h.is_do()).collect();
        let want_missed: Vec<Habit> =
            habits.iter().copied().filter(|h| h.is_do() && !chosen.contains(h)).collect();
        prop_assert_eq!(&slips, &want_slips);
        prop_assert_eq!(&missed, &want_missed);
        let good = 8 - slips.len() - missed.len();
        assert_close(list.score().get(), 100.0 * good as f64 / 8.0);
    }
}

/// The good side: a resolution without argument, the replacement before the return, the
/// customer's loyalty acknowledged.
#[test]
fn a_resolution_record_scores_the_good_side() {
    let none = ResolutionRecord::default();
    assert_close(none.score().get(), 0.0);
    assert_eq!(none.missing().count(), 3);
    let kettle = ResolutionRecord::from_practices([
        ResolutionPractice::ResolvedWithoutArgument,
        ResolutionPractice::ReplacementBeforeReturn,
        ResolutionPractice::LoyaltyAcknowledged,
    ]);
    assert_close(kettle.score().get(), 100.0);
    assert!(kettle.wins_the_customer());
    let one = ResolutionRecord::from_practices([ResolutionPractice::LoyaltyAcknowledged]);
    assert_close(one.score().get(), 100.0 / 3.0);
    assert!(!one.wins_the_customer());
    assert!(one.done(ResolutionPractice::LoyaltyAcknowledged));
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        Just(Action::Continue),
        Just(Action::DeEscalate),
        Just(Action::EndPolitely)
    ]
}

proptest! {
    #![proptest_config(crate::common::cases(1_000))]

    #[test]
    fn abuse_never_gets_continue(upset in action(), rude in action()) {
        let p = ConductPolicy::new(upset, rude);
        prop_assert_eq!(p.respond(Conduct::Abusive), Action::EndPolitely);
        prop_assert_eq!(p.respond(Conduct::Calm), Action::Continue);
    }
}
