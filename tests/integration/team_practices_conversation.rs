//! The team, practices and conversation models through the public API: hand-computed
//! examples, the brief's scenarios, and properties (the reply checker on arbitrary Unicode, the
//! conduct and hiring rules for every configuration).

use crate::common::assert_close;

use std::time::Duration;

use proptest::prelude::*;
use service_quality::conversation::{
    Action, Checklist, Conduct, ConductPolicy, Habit, ReplyChecker, Rule,
};
use service_quality::metrics::Level;
use service_quality::practices::{
    Actor, ChannelVisit, Comparison, Factor, Handoff, Journey, Practice, ResponseTimes, audit,
};
use service_quality::proud::{Principle, Scenario};
use service_quality::team::{
    Climate, ClimatePolicy, ClimateWarning, DistributedLeadership, EmpowermentSignals,
    HiringDecision, HiringScreen, TargetStatus, reflection,
};
use service_quality::{Error, Ratings, Scale, Score};
use strum::IntoEnumIterator;

#[test]
fn climate_with_every_warning() {
    let ratings = Ratings::<Climate>::from_array(Scale::ONE_TO_FIVE, [5, 4, 1]).unwrap();
    // 5 of 20 decisions overturned (25%), 1 of 10 suggestions acted on, manager there 5%.
    let signals = EmpowermentSignals::new(20, 5, 10, 1, 0.05).unwrap();
    let report = ClimatePolicy::default().assess(&ratings, &signals).unwrap();
    // 100, 75, 0 → 58.33…
    assert!((crate::common::value(report.scorecard().overall()) - 175.0 / 3.0).abs() < 1e-12);
    assert_eq!(report.scorecard().focus(), Some(Climate::Supported));
    let warnings: Vec<ClimateWarning> = report.warnings().collect();
    assert_eq!(
        warnings,
        [
            ClimateWarning::DecisionsOverturned,
            ClimateWarning::SuggestionsIgnored,
            ClimateWarning::ManagerUnavailable
        ]
    );
}

#[test]
fn reflection_is_perfect_for_a_linear_relation_and_negative_when_reversed() {
    let s = |v| Score::new(v).unwrap();
    let up = [(s(20.0), 1.0), (s(40.0), 2.0), (s(60.0), 3.0)];
    assert!((reflection(&up).unwrap() - 1.0).abs() < 1e-12);
    let down = [(s(20.0), 3.0), (s(40.0), 2.0), (s(60.0), 1.0)];
    assert!((reflection(&down).unwrap() + 1.0).abs() < 1e-12);
    let flat = [(s(20.0), 3.0), (s(40.0), 3.0), (s(60.0), 3.0)];
    assert!(matches!(reflection(&flat), Err(Error::Degenerate { .. })));
}

/// 100 of 200 staff see themselves as leaders: the target of one half is inside the interval.
#[test]
fn distributed_leadership_against_the_half_target() {
    let d = DistributedLeadership::new(200, 100, 160).unwrap();
    let (ci, status) = d
        .leaders_against(DistributedLeadership::TARGET, Level::default())
        .unwrap();
    assert_eq!(status, TargetStatus::Inconclusive);
    assert!(ci.contains(50.0));
    let (_, rights) = d.decision_rights_against(0.5, Level::default()).unwrap();
    assert_eq!(rights, TargetStatus::Above);
    assert!(DistributedLeadership::new(0, 0, 0).is_err());
    assert!(DistributedLeadership::new(10, 11, 0).is_err());
    assert!(d.leaders_against(1.5, Level::default()).is_err());
}

#[test]
fn practices_audit_and_next_actions() {
    let r = Ratings::<Practice>::from_array(Scale::ONE_TO_FIVE, [5, 5, 5, 5, 5, 5, 1]).unwrap();
    let card = audit(&r).unwrap();
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
    assert_eq!(r.summary().unwrap(), [ms(1000), ms(1800), ms(1980)]);
    assert_close(r.within_target(), 0.75);
    assert!(ResponseTimes::new(Vec::new(), ms(1)).is_err());
    assert!(r.percentile(0.0).is_err());
    let year = Duration::from_secs(365 * 86_400);
    assert!(!r.target_is_stale(year / 2, year));
}

#[test]
fn a_dropped_handoff_is_an_ownership_failure() {
    let j = Journey::new(vec![
        Handoff {
            from: Actor::Customer,
            to: Actor::Technology,
            context_kept: true,
        },
        Handoff {
            from: Actor::Technology,
            to: Actor::Agent,
            context_kept: false,
        },
    ]);
    let f: Vec<(usize, Scenario)> = j.ownership_failures().collect();
    assert_eq!(f, [(1, Scenario::PassedOnAndRestarted)]);
    assert_eq!(f[0].1.principle(), Principle::Ownership);
    assert!(j.reached_a_person());
}

#[test]
fn a_wow_moment_is_a_reason_to_return_on_its_own() {
    let v = ChannelVisit {
        price: Comparison::Worse,
        convenience: Comparison::Same,
        wait: Comparison::Worse,
        wow: true,
    }
    .verdict();
    assert!(v.comes_back());
    assert_eq!(v.reasons_for(), [Factor::Wow]);
    let plain = ChannelVisit {
        price: Comparison::Better,
        convenience: Comparison::Worse,
        wait: Comparison::Better,
        wow: false,
    }
    .verdict();
    assert!(plain.comes_back());
}

#[test]
fn workload_covers_all_four_quadrants() {
    use service_quality::practices::{Workload, WorkloadCheck};
    let check = WorkloadCheck::new(10.0, 70.0).unwrap();
    let q = |v| Score::new(v).unwrap();
    assert_eq!(check.assess(10.0, q(70.0)).unwrap(), Workload::Sustainable);
    assert_eq!(check.assess(10.5, q(70.0)).unwrap(), Workload::OverCapacity);
    assert_eq!(
        check.assess(9.0, q(69.0)).unwrap(),
        Workload::QualitySlipping
    );
    assert_eq!(
        check.assess(12.0, q(50.0)).unwrap(),
        Workload::CostingQuality
    );
    assert!(check.assess(f64::NAN, q(50.0)).is_err());
    assert!(WorkloadCheck::new(0.0, 70.0).is_err());
    assert!(WorkloadCheck::new(5.0, 170.0).is_err());
}

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

#[test]
fn reply_checker_finds_each_rule_with_its_text() {
    let c = ReplyChecker::new().unwrap();
    let reply = "No problem! In my view, you should have called. Go and read the manual.";
    let report = c.check_in_reply_to(reply, "Thanks!");
    let found: Vec<(Rule, &str)> = report
        .findings()
        .iter()
        .map(|f| (f.rule(), f.text(reply).unwrap()))
        .collect();
    assert_eq!(
        found,
        [
            (Rule::NoProblem, "No problem"),
            (Rule::Opinion, "In my view"),
            (Rule::AccusatoryYou, "you should have"),
            (Rule::GoNotLetsGo, "Go"),
        ]
    );
    assert_eq!(report.team_language_ratio(), Some(0.0));
    // "you should have" is the one accusatory phrase; the "my" of "In my view" belongs to the
    // opinion finding, so no self word is counted.
    let words = (
        report.accusatory(),
        report.self_words(),
        report.team_words(),
    );
    assert_eq!(words, (1, 0, 0));
    let twice = c.check("You should have called. You should have written.");
    assert_eq!((twice.accusatory(), twice.findings().len()), (2, 2));
    assert_eq!(c.check("We have fixed it for you.").accusatory(), 0);
    // A belittled role is found past any white space, and the finding spans up to the role.
    let reply = "Sorry, I am just a  \t cashier here.";
    let report = c.check(reply);
    let belittling: Vec<&str> = report
        .findings()
        .iter()
        .filter(|f| f.rule() == Rule::BelittlingRole)
        .filter_map(|f| f.text(reply))
        .collect();
    assert_eq!(belittling, ["just a  \t cashier"]);
    for f in report.findings() {
        assert_eq!(
            (f.message(), f.suggestion()),
            (f.rule().message(), f.rule().suggestion())
        );
        assert!(!f.message().is_empty() && !f.suggestion().is_empty());
    }
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
    fn the_checker_never_panics_and_spans_lie_on_char_boundaries(text in any::<String>(), prev in any::<String>()) {
        let c = ReplyChecker::new().unwrap();
        for report in [c.check(&text), c.check_in_reply_to(&text, &prev)] {
            for f in report.findings() {
                let span = f.span();
                prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
                prop_assert!(f.text(&text).is_some());
            }
            if let Some(r) = report.team_language_ratio() {
                prop_assert!((0.0..=1.0).contains(&r));
            }
        }
    }

    #[test]
    fn phrases_are_found_in_any_case_inside_arbitrary_text(
        prefix in "[^a-zA-Z0-9]{0,3}\\PC{0,20}[ .]",
        upper in any::<bool>(),
    ) {
        let c = ReplyChecker::new().unwrap();
        let phrase = if upper { "IN MY OPINION" } else { "in my opinion" };
        let text = format!("{prefix}{phrase} it works");
        let report = c.check(&text);
        prop_assert!(report.findings().iter().any(|f| f.rule() == Rule::Opinion
            && f.text(&text).map(str::to_lowercase).as_deref() == Some("in my opinion")));
    }

    #[test]
    fn abuse_never_gets_continue(upset in action(), rude in action()) {
        let p = ConductPolicy::new(upset, rude);
        prop_assert_eq!(p.respond(Conduct::Abusive), Action::EndPolitely);
        prop_assert_eq!(p.respond(Conduct::Calm), Action::Continue);
    }

    #[test]
    fn skill_never_carries_a_poor_attitude(
        bars in (0.0f64..=100.0, 0.0f64..=100.0),
        skill in 0.0f64..=100.0,
        attitude in 0.0f64..=100.0,
    ) {
        let screen = HiringScreen::new(bars.0, bars.1).unwrap();
        let decision = screen.decide(Score::new(skill).unwrap(), Score::new(attitude).unwrap());
        if attitude < bars.0 {
            prop_assert_eq!(decision, HiringDecision::Reject);
            // Perfect skill changes nothing.
            prop_assert_eq!(screen.decide(Score::MAX, Score::new(attitude).unwrap()), HiringDecision::Reject);
        } else {
            prop_assert_ne!(decision, HiringDecision::Reject);
        }
    }

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

#[cfg(feature = "serde")]
#[test]
fn team_types_round_trip_and_validate() {
    use serde_json::json;
    let s = EmpowermentSignals::new(10, 1, 4, 2, 0.3).unwrap();
    let back: EmpowermentSignals =
        serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
    assert_eq!(back, s);
    let bad = json!({"decisions": 1, "overturned": 2, "suggestions": 0, "acted_on": 0,
                     "manager_availability": 0.5});
    let err = serde_json::from_value::<EmpowermentSignals>(bad)
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("decisions overturned is 2"), "{err}");
    let d = DistributedLeadership::new(50, 20, 10).unwrap();
    let back: DistributedLeadership =
        serde_json::from_str(&serde_json::to_string(&d).unwrap()).unwrap();
    assert_eq!(back, d);
    let p = ConductPolicy::default();
    let back: ConductPolicy = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
    assert_eq!(back, p);
    // A policy in JSON has no way to say anything about abuse.
    let err = serde_json::from_value::<ConductPolicy>(
        json!({"upset": "continue", "rude": "continue", "abusive": "continue"}),
    )
    .unwrap_err()
    .to_string();
    assert!(err.starts_with("unknown field `abusive`"), "{err}");
    let screen = HiringScreen::default();
    let back: HiringScreen =
        serde_json::from_str(&serde_json::to_string(&screen).unwrap()).unwrap();
    assert_eq!(back, screen);
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
fn a_journey_is_seamless_only_when_every_handoff_keeps_context() {
    let handoff = |to, context_kept| Handoff {
        from: Actor::Customer,
        to,
        context_kept,
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

#[test]
fn channel_verdicts_explain_themselves() {
    let visit = |price, convenience, wait, wow| ChannelVisit {
        price,
        convenience,
        wait,
        wow,
    };
    use Comparison::{Better, Same, Worse};
    let back = visit(Better, Better, Worse, false).verdict();
    assert_eq!(back.reasons_for(), [Factor::Price, Factor::Convenience]);
    assert_eq!(back.against(), [Factor::Wait]);
    assert_eq!(
        back.explanation(),
        "Likely to come back: better than online on price, convenience."
    );
    let nothing = visit(Same, Same, Same, false).verdict();
    assert!(!nothing.comes_back());
    assert_eq!(
        nothing.explanation(),
        "Unlikely to come back: no reason to come back, and worse than online on nothing either."
    );
    let worse = visit(Worse, Same, Worse, false).verdict();
    assert_eq!(
        worse.explanation(),
        "Unlikely to come back: no reason to come back, and worse than online on price, wait."
    );
    let mixed = visit(Better, Worse, Worse, false).verdict();
    assert!(!mixed.comes_back());
    assert_eq!(
        mixed.explanation(),
        "Unlikely to come back: better on price but worse on convenience, wait."
    );
}

#[test]
fn empowerment_shares_are_fractions_of_what_happened_or_none() {
    let signals = EmpowermentSignals::new(8, 2, 5, 4, 0.5).unwrap();
    assert_close(signals.overturned_share().unwrap(), 0.25);
    assert_close(signals.acted_on_share().unwrap(), 0.8);
    assert_close(signals.manager_availability(), 0.5);
    assert_close(
        EmpowermentSignals::new(1, 0, 1, 0, 0.05)
            .unwrap()
            .manager_availability(),
        0.05,
    );
    // No decisions or no suggestions: no share (never 0/0).
    let idle = EmpowermentSignals::new(0, 0, 0, 0, 0.5).unwrap();
    assert_eq!(
        (idle.overturned_share(), idle.acted_on_share()),
        (None, None)
    );
}

/// Shares, the Wilson interval in percent (8 of 10 at 95%: 49.02% to 94.33%), and where the
/// share stands against targets at the interval's ends and at the very ends of the range.
#[test]
fn distributed_leadership_intervals_and_boundaries() {
    let d = DistributedLeadership::new(10, 8, 1).unwrap();
    assert_close(d.leader_share(), 0.8);
    assert_close(d.decision_rights_share(), 0.1);
    let (ci, status) = d.leaders_against(0.5, Level::default()).unwrap();
    assert_eq!(status, TargetStatus::Inconclusive);
    assert!((ci.estimate() - 80.0).abs() < 1e-9);
    assert!((ci.lower() - 49.016_247).abs() < 1e-5, "{}", ci.lower());
    assert!((ci.upper() - 94.331_785).abs() < 1e-5, "{}", ci.upper());
    assert_eq!(
        d.leaders_against(0.45, Level::default()).unwrap().1,
        TargetStatus::Above
    );
    assert_eq!(
        d.leaders_against(0.95, Level::default()).unwrap().1,
        TargetStatus::Below
    );
    assert_eq!(
        d.decision_rights_against(0.9, Level::default()).unwrap().1,
        TargetStatus::Below
    );
    // None or all of the staff: the interval reaches exactly 0% or 100%, so a target there is
    // not missed.
    let none = DistributedLeadership::new(10, 0, 10).unwrap();
    let (ci, status) = none.leaders_against(0.0, Level::default()).unwrap();
    assert_eq!((status, ci.lower()), (TargetStatus::Inconclusive, 0.0));
    let (ci, status) = none.decision_rights_against(1.0, Level::default()).unwrap();
    assert_eq!((status, ci.upper()), (TargetStatus::Inconclusive, 100.0));
}

/// A signal exactly at its threshold raises no warning; one step past it does.
#[test]
fn climate_warnings_start_just_past_their_thresholds() {
    let ratings = Ratings::<Climate>::from_array(Scale::ONE_TO_FIVE, [4, 4, 4]).unwrap();
    let policy = ClimatePolicy::default();
    let warnings = |signals: EmpowermentSignals| -> Vec<ClimateWarning> {
        policy
            .assess(&ratings, &signals)
            .unwrap()
            .warnings()
            .collect()
    };
    // 1 of 10 overturned (the 10% limit), 3 of 10 acted on (the 30% floor), 20% available.
    assert_eq!(
        warnings(EmpowermentSignals::new(10, 1, 10, 3, 0.20).unwrap()),
        []
    );
    assert_eq!(
        warnings(EmpowermentSignals::new(100, 11, 100, 29, 0.19).unwrap()),
        [
            ClimateWarning::DecisionsOverturned,
            ClimateWarning::SuggestionsIgnored,
            ClimateWarning::ManagerUnavailable
        ]
    );
}

/// Pearson's r of four teams' climate and customer scores, computed independently (Python's
/// `statistics.correlation`): 0.7775419143502352. Two teams are too few.
#[test]
fn reflection_is_pearsons_r() {
    let teams = crate::common::four_teams(1.0);
    assert_close(reflection(&teams).unwrap(), 0.777_541_914_350_235_2);
    assert!(reflection(&teams[..3]).is_ok());
    assert!(matches!(
        reflection(&teams[..2]),
        Err(Error::Degenerate { .. })
    ));
}

/// The bars are inclusive: a candidate exactly at the attitude bar is not rejected, and one
/// exactly at the skill bar is hired without training.
#[test]
fn hiring_bars_are_inclusive() {
    let screen = HiringScreen::new(60.0, 70.0).unwrap();
    let s = |v| Score::new(v).unwrap();
    assert_eq!(screen.decide(s(70.0), s(60.0)), HiringDecision::Hire);
    assert_eq!(
        screen.decide(s(69.9), s(60.0)),
        HiringDecision::HireAndTrain
    );
    assert_eq!(screen.decide(s(100.0), s(59.9)), HiringDecision::Reject);
}
