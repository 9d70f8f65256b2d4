//! Service practices: the practices audit, response times, customer journeys and their
//! handoffs, channel visits against online and what customers pass on, and workload.

use crate::common::assert_close;

use std::time::Duration;

use proptest::prelude::*;
use service_quality::practices::{
    Actor, ChannelVisit, Experience, Factor, Handoff, Journey, Practice, ResponseTimes,
    VersusOnline, WorkPeriod,
};
use service_quality::proud::{Principle, Scenario};
use service_quality::{Ratings, Scale, Score};

#[test]
fn practices_audit_and_next_actions() {
    let r = Ratings::<Practice>::from_array(Scale::ONE_TO_FIVE, [5, 5, 5, 5, 5, 5, 1]).unwrap();
    let card = r.evaluate(&service_quality::Policy::default()).unwrap();
    assert_eq!(card.focus(), Some(Practice::ServiceTriangle));
    assert!((crate::common::value(card.overall()) - 600.0 / 7.0).abs() < 1e-12);
    for p in Practice::iter() {
        assert!(p.next_actions().len() >= 2, "{p}");
    }
}

#[test]
fn response_time_percentiles_by_nearest_rank() {
    let ms = Duration::from_millis;
    let times: Vec<Duration> = (1..=200).map(|i| ms(i * 10)).collect();
    let r = ResponseTimes::new(times, ms(1500)).unwrap();
    assert_eq!(r.summary(), [ms(1000), ms(1800), ms(1980)]);
    assert_close(r.within_target(), 0.75);
    assert!(ResponseTimes::new(Vec::new(), ms(1)).is_err());
    assert!(r.percentile(0.0).is_err());
    let year = Duration::from_secs(365 * 86_400);
    assert!(!r.target_is_stale(year / 2, year));
}

#[test]
fn response_times_keep_their_target_count_and_staleness() {
    let ms = Duration::from_millis;
    let r = ResponseTimes::new([ms(30), ms(10), ms(20)], ms(25)).unwrap();
    assert_eq!((r.target(), r.count()), (ms(25), 3));
    let year = Duration::from_secs(365 * 86_400);
    assert!(r.target_is_stale(year * 2, year));
    assert!(!r.target_is_stale(year, year));
}

#[test]
fn a_dropped_handoff_is_an_ownership_failure() {
    let j = Journey::new(vec![
        Handoff {
            from: Actor::Customer,
            to: Actor::Technology,
            context_kept: true,
            agent_assisted: false,
        },
        Handoff {
            from: Actor::Technology,
            to: Actor::Agent,
            context_kept: false,
            agent_assisted: true,
        },
    ]);
    let f: Vec<(usize, Scenario)> = j.ownership_failures().collect();
    assert_eq!(f, [(1, Scenario::PassedOnAndRestarted)]);
    assert_eq!(f[0].1.principle(), Principle::Ownership);
    assert!(j.reached_a_person());
}

#[test]
fn a_journey_is_seamless_only_when_every_handoff_keeps_context() {
    let handoff = |to, context_kept| Handoff {
        from: Actor::Customer,
        to,
        context_kept,
        agent_assisted: true,
    };
    let kept = Journey::new(vec![
        handoff(Actor::Technology, true),
        handoff(Actor::Agent, true),
    ]);
    assert!(kept.is_seamless() && kept.reached_a_person());
    assert_eq!(kept.handoffs().len(), 2);
    let bot_only = Journey::new(vec![handoff(Actor::Technology, true)]);
    assert!(bot_only.is_seamless() && !bot_only.reached_a_person());
    let dropped = Journey::new(vec![handoff(Actor::Technology, false)]);
    assert!(!dropped.is_seamless());
}

/// Regression: the crate used to say a wow moment alone brings the customer back, which the
/// source does not claim. A wow moment now counts as one reason among the others.
#[test]
fn a_wow_moment_is_one_reason_to_return_not_a_trump_card() {
    let v = ChannelVisit {
        price: VersusOnline::Worse,
        service: VersusOnline::Same,
        convenience: VersusOnline::Same,
        wait: VersusOnline::Worse,
        wow: true,
    }
    .evaluate();
    assert!(!v.comes_back());
    assert_eq!(v.reasons_for(), [Factor::Wow]);
    assert_eq!(v.experience(), Experience::Wow);
    assert!(v.experience().is_passed_on());
    let balanced = ChannelVisit {
        price: VersusOnline::Worse,
        service: VersusOnline::Same,
        convenience: VersusOnline::Same,
        wait: VersusOnline::Same,
        wow: true,
    }
    .evaluate();
    assert!(!balanced.comes_back());
    let ahead = ChannelVisit {
        price: VersusOnline::Worse,
        service: VersusOnline::Same,
        convenience: VersusOnline::Better,
        wait: VersusOnline::Same,
        wow: true,
    }
    .evaluate();
    assert!(ahead.comes_back());
    let plain = ChannelVisit {
        price: VersusOnline::Better,
        service: VersusOnline::Same,
        convenience: VersusOnline::Worse,
        wait: VersusOnline::Better,
        wow: false,
    }
    .evaluate();
    assert!(plain.comes_back());
}

#[test]
fn channel_verdicts_explain_themselves() {
    let visit = |price, convenience, wait, wow| ChannelVisit {
        price,
        service: VersusOnline::Same,
        convenience,
        wait,
        wow,
    };
    use VersusOnline::{Better, Same, Worse};
    let back = visit(Better, Better, Worse, false).evaluate();
    assert_eq!(back.reasons_for(), [Factor::Price, Factor::Convenience]);
    assert_eq!(back.against(), [Factor::Wait]);
    for (visit, comes_back, explanation) in [
        (
            visit(Better, Better, Worse, false),
            true,
            "Likely to come back: better than online on price, convenience.",
        ),
        (
            visit(Same, Same, Same, false),
            false,
            "Unlikely to come back: no reason to come back, and worse than online on nothing \
             either.",
        ),
        (
            visit(Worse, Same, Worse, false),
            false,
            "Unlikely to come back: no reason to come back, and worse than online on price, wait.",
        ),
        (
            visit(Better, Worse, Worse, false),
            false,
            "Unlikely to come back: better than online on price, but worse than online on \
             convenience, wait.",
        ),
        (
            visit(Worse, Same, Same, true),
            false,
            "Unlikely to come back: a wow moment, but worse than online on price.",
        ),
        (
            visit(Better, Same, Worse, true),
            true,
            "Likely to come back: better than online on price, and a wow moment.",
        ),
    ] {
        let verdict = visit.evaluate();
        assert_eq!(verdict.comes_back(), comes_back, "{explanation}");
        assert_eq!(verdict.explanation(), explanation);
    }
}

/// Regression: a wow moment and better service weighed no more than the price difference, so
/// a visit that cost more than online for real advice and service, with a moment to remember,
/// came out even and the customer was not expected back. The source's customer paid more than
/// online precisely for the advice and service: when the service beats online, the higher price
/// is the premium for it and is not held against the visit.
#[test]
fn better_service_outweighs_a_higher_price() {
    use VersusOnline::{Better, Same, Worse};
    let worth_it = ChannelVisit {
        price: Worse,
        service: Better,
        convenience: Same,
        wait: Same,
        wow: true,
    }
    .evaluate();
    assert!(worth_it.comes_back() && worth_it.premium_justified());
    assert_eq!(worth_it.reasons_for(), [Factor::Service, Factor::Wow]);
    assert!(worth_it.against().is_empty());
    assert_eq!(worth_it.experience(), Experience::Wow);
    assert_eq!(
        worth_it.explanation(),
        "Likely to come back: better than online on service, and a wow moment; dearer than \
         online, but the service was worth the difference."
    );
    // Advice alone is worth the premium: one reason for, nothing against.
    let advice = ChannelVisit {
        price: Worse,
        service: Better,
        convenience: Same,
        wait: Same,
        wow: false,
    }
    .evaluate();
    assert!(advice.comes_back());
    assert_eq!(advice.experience(), Experience::Ordinary);
    // A premium for service does not excuse everything else.
    let slow = ChannelVisit {
        price: Worse,
        service: Better,
        convenience: Worse,
        wait: Worse,
        wow: false,
    }
    .evaluate();
    assert!(!slow.comes_back() && slow.premium_justified());
    assert_eq!(slow.against(), [Factor::Convenience, Factor::Wait]);
    assert_eq!(
        slow.explanation(),
        "Unlikely to come back: better than online on service, but worse than online on \
         convenience, wait; dearer than online, but the service was worth the difference."
    );
    // Paying more without better service is still a reason against, wow moment or not.
    let no_advice = ChannelVisit {
        price: Worse,
        service: Same,
        convenience: Same,
        wait: Same,
        wow: true,
    }
    .evaluate();
    assert!(!no_advice.comes_back() && !no_advice.premium_justified());
    assert_eq!(no_advice.against(), [Factor::Price]);
    // A cheaper visit with better service has no premium to justify.
    let bargain = ChannelVisit {
        price: Better,
        service: Better,
        convenience: Same,
        wait: Same,
        wow: false,
    }
    .evaluate();
    assert!(bargain.comes_back() && !bargain.premium_justified());
    assert_eq!(bargain.reasons_for(), [Factor::Price, Factor::Service]);
}

/// Improving a visit never costs it the customer: over every visit, moving one factor from
/// worse to same or same to better, or adding a wow moment, never turns "comes back" into
/// "does not", and never makes the experience worse.
#[test]
fn a_better_visit_never_loses_a_returning_customer() {
    use VersusOnline::{Better, Same, Worse};
    let levels = [Worse, Same, Better];
    let mut visits = Vec::new();
    for price in levels {
        for service in levels {
            for convenience in levels {
                for wait in levels {
                    for wow in [false, true] {
                        visits.push(ChannelVisit {
                            price,
                            service,
                            convenience,
                            wait,
                            wow,
                        });
                    }
                }
            }
        }
    }
    assert_eq!(visits.len(), 162);
    let up = |v: VersusOnline| match v {
        Worse => Some(Same),
        Same => Some(Better),
        Better => None,
    };
    for v in &visits {
        let before = v.evaluate();
        let mut better: Vec<ChannelVisit> = Vec::new();
        if let Some(p) = up(v.price) {
            better.push(ChannelVisit { price: p, ..*v });
        }
        if let Some(s) = up(v.service) {
            better.push(ChannelVisit { service: s, ..*v });
        }
        if let Some(c) = up(v.convenience) {
            better.push(ChannelVisit {
                convenience: c,
                ..*v
            });
        }
        if let Some(w) = up(v.wait) {
            better.push(ChannelVisit { wait: w, ..*v });
        }
        if !v.wow {
            better.push(ChannelVisit { wow: true, ..*v });
        }
        for b in better {
            let after = b.evaluate();
            assert!(
                !before.comes_back() || after.comes_back(),
                "{v:?} comes back but {b:?} does not"
            );
            assert!(after.experience() >= before.experience(), "{v:?} -> {b:?}");
        }
    }
}

/// The source's shop visit: paid more than online for advice and service it did not get,
/// pressed to buy insurance, and still waiting for a working product.
#[test]
fn the_sources_shop_visit_gives_no_reason_to_come_back() {
    use VersusOnline::Worse;
    let visit = ChannelVisit {
        price: Worse,
        service: Worse,
        convenience: Worse,
        wait: Worse,
        wow: false,
    }
    .evaluate();
    assert!(!visit.comes_back() && !visit.premium_justified());
    assert!(visit.reasons_for().is_empty());
    assert_eq!(
        visit.explanation(),
        "Unlikely to come back: no reason to come back, and worse than online on price, \
         service, convenience, wait."
    );
    assert_eq!(visit.experience(), Experience::Poor);
}

/// The service triangle as the source has it: after the hand-off the AI keeps helping the
/// agent, and customers may bring their own AI. A hand-off that leaves the agent without that
/// help is reported, whether or not it kept the context.
#[test]
fn the_ai_keeps_helping_the_agent_after_the_handoff() {
    let step = |from, to, context_kept, agent_assisted| Handoff {
        from,
        to,
        context_kept,
        agent_assisted,
    };
    let together = Journey::new(vec![
        step(Actor::CustomerAssistant, Actor::Technology, true, false),
        step(Actor::Technology, Actor::Agent, true, true),
    ]);
    assert!(together.works_together() && together.is_seamless());
    assert!(together.customer_brought_assistant() && together.reached_a_person());
    assert_eq!(together.agents_left_alone().count(), 0);
    // Context kept, but the bot walked away once a person took over: alternatives, not a
    // triangle.
    let alone = Journey::new(vec![
        step(Actor::Customer, Actor::Technology, true, false),
        step(Actor::Technology, Actor::Agent, true, false),
        step(Actor::Agent, Actor::Agent, true, true),
    ]);
    assert!(alone.is_seamless() && !alone.works_together());
    assert_eq!(alone.agents_left_alone().collect::<Vec<_>>(), [1]);
    assert!(!alone.customer_brought_assistant());
    // "agent_assisted" is read only for a hand-off to a person.
    let bot_only = Journey::new(vec![step(Actor::Customer, Actor::Technology, true, false)]);
    assert!(bot_only.works_together() && !bot_only.reached_a_person());
    assert!(Journey::default().works_together());
    // A line staffed by people alone has no technology to walk away: nobody is left alone.
    let people = Journey::new(vec![
        step(Actor::Customer, Actor::Agent, true, false),
        step(Actor::Agent, Actor::Agent, true, false),
    ]);
    assert!(people.works_together() && people.reached_a_person());
}

/// Word of mouth: a poor visit and a wow moment are both passed on; an ordinary one is not.
#[test]
fn experiences_that_customers_pass_on() {
    use VersusOnline::{Better, Same, Worse};
    let visit = |price, convenience, wait, wow| ChannelVisit {
        price,
        service: VersusOnline::Same,
        convenience,
        wait,
        wow,
    };
    assert_eq!(
        visit(Worse, Worse, Worse, false).evaluate().experience(),
        Experience::Poor
    );
    assert_eq!(
        visit(Same, Same, Same, false).evaluate().experience(),
        Experience::Ordinary
    );
    assert_eq!(
        visit(Better, Worse, Same, false).evaluate().experience(),
        Experience::Ordinary
    );
    assert_eq!(
        visit(Worse, Worse, Same, true).evaluate().experience(),
        Experience::Wow
    );
    for e in Experience::iter() {
        assert_eq!(e.is_passed_on(), e != Experience::Ordinary);
        assert!(!e.word_of_mouth().is_empty());
    }
}

#[test]
fn workload_covers_all_four_quadrants() {
    use service_quality::practices::{Workload, WorkloadCheck};
    let check = WorkloadCheck::new(10.0, 70.0).unwrap();
    let q = |v| Score::new(v).unwrap();
    assert_eq!(
        WorkPeriod::new(10.0, q(70.0)).unwrap().evaluate(&check),
        Workload::Sustainable
    );
    assert_eq!(
        WorkPeriod::new(10.5, q(70.0)).unwrap().evaluate(&check),
        Workload::OverCapacity
    );
    assert_eq!(
        WorkPeriod::new(9.0, q(69.0)).unwrap().evaluate(&check),
        Workload::QualitySlipping
    );
    assert_eq!(
        WorkPeriod::new(12.0, q(50.0)).unwrap().evaluate(&check),
        Workload::CostingQuality
    );
    assert!(WorkPeriod::new(f64::NAN, q(50.0)).is_err());
    assert!(WorkloadCheck::new(0.0, 70.0).is_err());
    assert!(WorkloadCheck::new(5.0, 170.0).is_err());
}

proptest! {
    #![proptest_config(crate::common::cases(1_000))]

    #[test]
    fn response_percentiles_are_monotone_and_observed(
        millis in proptest::collection::vec(0u64..100_000, 1..300),
        p in 1.0f64..=100.0,
    ) {
        let times: Vec<Duration> = millis.iter().map(|&m| Duration::from_millis(m)).collect();
        let r = ResponseTimes::new(times.clone(), Duration::from_millis(500)).unwrap();
        let v = r.percentile(p).unwrap();
        prop_assert!(times.contains(&v));
        prop_assert!(r.percentile((p / 2.0).max(0.5)).unwrap() <= v);
        prop_assert!((0.0..=1.0).contains(&r.within_target()));
    }
}
