//! The team, practices and conversation models through the public API: hand-computed
//! examples, the brief's scenarios, and properties (the reply checker on arbitrary Unicode, the
//! conduct and hiring rules for every configuration).

use crate::common::assert_close;

use std::time::Duration;

use proptest::prelude::*;
use service_quality::conversation::{
    Action, Checklist, Conduct, ConductPolicy, Habit, OpinionStep, ResolutionPractice,
    ResolutionRecord,
};
use service_quality::metrics::Level;
use service_quality::practices::{
    Actor, ChannelVisit, Experience, Factor, Handoff, Journey, Practice, ResponseTimes,
    VersusOnline, WorkPeriod,
};
use service_quality::proud::{Principle, Scenario};
use service_quality::reply::{
    Audience, PhraseRule, PhraseRuleKind, ReplyChecker, ReplyContext, Rule,
};
use service_quality::team::{
    Candidate, Climate, ClimatePolicy, ClimateSurvey, ClimateWarning, DiscretionaryEffort,
    DistributedLeadership, EmpowermentSignals, HiringDecision, HiringScreen, LeadingByExample,
    Overturned, SpreadFinding, SpreadPolicy, TargetStatus, VisibleHabit, reflection,
};
use service_quality::{Error, Ratings, Scale, Score};
use strum::IntoEnumIterator;

#[test]
fn climate_with_every_warning() {
    let ratings = Ratings::<Climate>::from_array(Scale::ONE_TO_FIVE, [5, 4, 1]).unwrap();
    // 5 of 20 decisions overturned (1 made in good faith, 4 others: 20%), 1 of 10 suggestions
    // acted on, manager there 5%.
    let signals = EmpowermentSignals::new(20, overturned(1, 4), 10, 1, 0.05).unwrap();
    let report = ClimateSurvey::new(ratings, signals)
        .evaluate(&ClimatePolicy::default())
        .unwrap();
    // 100, 75, 0 → 58.33…
    assert!((crate::common::value(report.scorecard().overall()) - 175.0 / 3.0).abs() < 1e-12);
    assert_eq!(report.scorecard().focus(), Some(Climate::Supported));
    let warnings: Vec<ClimateWarning> = report.warnings().collect();
    assert_eq!(
        warnings,
        [
            ClimateWarning::GoodFaithDecisionOverturned,
            ClimateWarning::DecisionsOverturned,
            ClimateWarning::SuggestionsIgnored,
            ClimateWarning::ManagerUnavailable
        ]
    );
    // Believe 100, belong 75, supported 0: supported holds effort back.
    assert_eq!(report.discretionary_effort(), DiscretionaryEffort::HeldBack);
    assert_eq!(
        report.holding_back().collect::<Vec<_>>(),
        [Climate::Supported]
    );
}

/// The warnings a policy raises for one set of climate ratings (1–5) and the signals.
fn climate_warnings(
    policy: &ClimatePolicy,
    ratings: [i32; 3],
    signals: EmpowermentSignals,
) -> Vec<ClimateWarning> {
    let ratings = Ratings::<Climate>::from_array(Scale::ONE_TO_FIVE, ratings).unwrap();
    ClimateSurvey::new(ratings, signals)
        .evaluate(policy)
        .unwrap()
        .warnings()
        .collect()
}

fn overturned(in_good_faith: u32, other: u32) -> Overturned {
    Overturned {
        in_good_faith,
        other,
    }
}

/// Regression: every override counted alike, and up to 10% passed without a warning, where a
/// single good-faith overturn is among the worst things a manager can do.
#[test]
fn one_good_faith_overturn_warns_and_other_overturns_keep_a_share() {
    let policy = ClimatePolicy::default();
    let warnings = |policy: &ClimatePolicy, o: Overturned| {
        let signals = EmpowermentSignals::new(100, o, 10, 5, 0.5).unwrap();
        climate_warnings(policy, [5, 5, 5], signals)
    };
    assert_eq!(
        warnings(&policy, overturned(1, 0)),
        [ClimateWarning::GoodFaithDecisionOverturned]
    );
    // 10 other overturns of 100 is the limit; 11 is past it.
    assert_eq!(warnings(&policy, overturned(0, 10)), []);
    assert_eq!(
        warnings(&policy, overturned(0, 11)),
        [ClimateWarning::DecisionsOverturned]
    );
    // The good-faith tolerance is configurable.
    let tolerant = policy.with_good_faith_overturns_tolerated(2);
    assert_eq!(warnings(&tolerant, overturned(2, 0)), []);
    assert_eq!(
        warnings(&tolerant, overturned(3, 0)),
        [ClimateWarning::GoodFaithDecisionOverturned]
    );
    assert!(
        ClimateWarning::GoodFaithDecisionOverturned
            .message()
            .contains("good faith")
    );
}

#[test]
fn climate_policy_limits_are_validated_and_kept() {
    let p = ClimatePolicy::default()
        .try_with_max_other_overturned(0.2)
        .unwrap()
        .try_with_min_acted_on(0.5)
        .unwrap()
        .try_with_min_manager_availability(0.25)
        .unwrap()
        .with_effort_bar(Score::new(80.0).unwrap())
        .with_good_faith_overturns_tolerated(1);
    assert_close(p.max_other_overturned(), 0.2);
    assert_close(p.min_acted_on(), 0.5);
    assert_close(p.min_manager_availability(), 0.25);
    assert_close(p.effort_bar().get(), 80.0);
    assert_eq!(p.good_faith_overturns_tolerated(), 1);
    for bad in [-0.1, 1.1, f64::NAN, f64::INFINITY] {
        assert!(matches!(
            ClimatePolicy::default().try_with_max_other_overturned(bad),
            Err(Error::ValueOutOfRange {
                field: "max_other_overturned",
                ..
            })
        ));
    }
    assert_eq!(
        ClimatePolicy::default()
            .try_with_min_manager_availability(2.0)
            .unwrap_err()
            .to_string(),
        "min_manager_availability is 2, expected a fraction in 0..=1"
    );
}

/// Discretionary effort is given when believe, belong and supported all reach the bar (70).
#[test]
fn discretionary_effort_needs_all_three_conditions() {
    let signals = EmpowermentSignals::new(0, Overturned::default(), 0, 0, 0.5).unwrap();
    let effort = |r: [i32; 3]| {
        let ratings = Ratings::<Climate>::from_array(Scale::ONE_TO_FIVE, r).unwrap();
        ClimateSurvey::new(ratings, signals)
            .evaluate(&ClimatePolicy::default())
            .unwrap()
            .discretionary_effort()
    };
    // 4 on 1-5 is 75: all three at or above 70.
    assert_eq!(effort([4, 4, 4]), DiscretionaryEffort::Given);
    assert_eq!(effort([5, 5, 3]), DiscretionaryEffort::HeldBack);
    assert_eq!(effort([3, 5, 5]), DiscretionaryEffort::HeldBack);
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

/// Regression: the crate used to say a wow moment alone brings the customer back, which the
/// source does not claim. A wow moment now counts as one reason among the others.
#[test]
fn a_wow_moment_is_one_reason_to_return_not_a_trump_card() {
    let v = ChannelVisit {
        price: VersusOnline::Worse,
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
        convenience: VersusOnline::Same,
        wait: VersusOnline::Same,
        wow: true,
    }
    .evaluate();
    assert!(!balanced.comes_back());
    let ahead = ChannelVisit {
        price: VersusOnline::Worse,
        convenience: VersusOnline::Better,
        wait: VersusOnline::Same,
        wow: true,
    }
    .evaluate();
    assert!(ahead.comes_back());
    let plain = ChannelVisit {
        price: VersusOnline::Better,
        convenience: VersusOnline::Worse,
        wait: VersusOnline::Better,
        wow: false,
    }
    .evaluate();
    assert!(plain.comes_back());
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
    let c = crate::common::reply_checker();
    let reply = "No problem! In my view, you should have called. Go and read the manual.";
    // Written to a colleague who thanked: the bare "go" is an order to the team.
    let context = ReplyContext::new()
        .in_reply_to("Thanks!")
        .to(Audience::Team);
    let report = c.check_with(reply, &context);
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

/// A checker with a team's greeting, closing and forbidden phrases, built once.
fn with_team_rules() -> &'static ReplyChecker {
    static CHECKER: std::sync::LazyLock<ReplyChecker> = std::sync::LazyLock::new(|| {
        let rules = [
            PhraseRule::required_greeting("greeting", ["hi", "hello"], "greet"),
            PhraseRule::required_closing("closing", ["kind regards", "thanks"], "close"),
            PhraseRule::forbidden("forbidden", ["no problem", "as per", "it's"], "rephrase"),
        ];
        ReplyChecker::with_rules(rules.map(Result::unwrap)).unwrap()
    });
    &CHECKER
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
        let to_team = ReplyContext::new().in_reply_to(&prev).to(Audience::Team);
        let reports = [crate::common::reply_checker(), with_team_rules()]
            .into_iter()
            .flat_map(|c| [c.check(&text), c.check_in_reply_to(&text, &prev), c.check_with(&text, &to_team)]);
        for report in reports {
            let mut last = 0;
            for f in report.findings() {
                let span = f.span();
                prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
                prop_assert!(f.text(&text).is_some());
                prop_assert!(span.start >= last, "findings out of order");
                last = span.start;
                let missing = matches!(f.rule(), Rule::MissingGreeting | Rule::MissingClosing);
                prop_assert_eq!(span.is_empty(), missing);
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
        let c = crate::common::reply_checker();
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
    fn skill_never_carries_a_poor_attitude_and_low_skill_can_reject(
        bars in (0.0f64..=100.0, 0.0f64..=100.0, 0.0f64..=100.0),
        skill in 0.0f64..=100.0,
        attitude in 0.0f64..=100.0,
    ) {
        let s = |v| Score::new(v).unwrap();
        let screen = HiringScreen::default()
            .with_min_attitude(s(bars.0))
            .with_min_skill(s(bars.1))
            .with_ready_skill(s(bars.2));
        let decision = Candidate::new(s(skill), s(attitude)).evaluate(&screen);
        if attitude < bars.0 {
            prop_assert_eq!(decision, HiringDecision::RejectOnAttitude);
            // Perfect skill changes nothing.
            prop_assert_eq!(Candidate::new(Score::MAX, s(attitude)).evaluate(&screen), HiringDecision::RejectOnAttitude);
        } else if skill < bars.1 {
            prop_assert_eq!(decision, HiringDecision::RejectOnSkill);
        } else {
            prop_assert!(!decision.is_reject());
            prop_assert_eq!(decision == HiringDecision::Hire, skill >= bars.2);
        }
        prop_assert_eq!(decision.is_reject(), attitude < bars.0 || skill < bars.1);
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
    let s = EmpowermentSignals::new(10, overturned(1, 2), 4, 2, 0.3).unwrap();
    assert_eq!(
        serde_json::to_value(s).unwrap(),
        json!({"decisions": 10, "overturned_in_good_faith": 1, "overturned_other": 2,
               "suggestions": 4, "acted_on": 2, "manager_availability": 0.3})
    );
    let back: EmpowermentSignals =
        serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
    assert_eq!(back, s);
    let bad = json!({"decisions": 1, "overturned_in_good_faith": 1, "overturned_other": 1,
                     "suggestions": 0, "acted_on": 0, "manager_availability": 0.5});
    let err = serde_json::from_value::<EmpowermentSignals>(bad)
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("decisions overturned is 2"), "{err}");
    let d = DistributedLeadership::new(50, 20, 10)
        .unwrap()
        .try_with_informal_leaders(5)
        .unwrap();
    let back: DistributedLeadership =
        serde_json::from_str(&serde_json::to_string(&d).unwrap()).unwrap();
    assert_eq!(back, d);
    let bad = json!({"surveyed": 50, "see_themselves_as_leaders": 20,
                     "hold_decision_rights": 10, "lead_without_authority": 21});
    let err = serde_json::from_value::<DistributedLeadership>(bad)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("informal leaders is 21, expected at most the self-described leaders, 20"),
        "{err}"
    );
    let policy = ClimatePolicy::default()
        .try_with_max_other_overturned(0.3)
        .unwrap();
    let back: ClimatePolicy =
        serde_json::from_str(&serde_json::to_string(&policy).unwrap()).unwrap();
    assert_eq!(back, policy);
    // Through the same checks as the builders, and missing fields take the defaults.
    let err = serde_json::from_value::<ClimatePolicy>(json!({"min_acted_on": -0.5}))
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("min_acted_on is -0.5, expected a fraction in 0..=1"),
        "{err}"
    );
    let partial: ClimatePolicy =
        serde_json::from_value(json!({"good_faith_overturns_tolerated": 1})).unwrap();
    assert_eq!(
        partial,
        ClimatePolicy::default().with_good_faith_overturns_tolerated(1)
    );
    let err = serde_json::from_value::<SpreadPolicy>(json!({"min_decision_rights": 3}))
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("min_decision_rights is 3"), "{err}");
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

#[test]
fn empowerment_shares_are_fractions_of_what_happened_or_none() {
    let signals = EmpowermentSignals::new(8, overturned(1, 1), 5, 4, 0.5).unwrap();
    assert_close(signals.overturned_share().unwrap(), 0.25);
    assert_close(signals.other_overturned_share().unwrap(), 0.125);
    assert_eq!(signals.overturned().total(), 2);
    assert_eq!(signals.decisions(), 8);
    assert_close(signals.acted_on_share().unwrap(), 0.8);
    assert_close(signals.manager_availability(), 0.5);
    assert_close(
        EmpowermentSignals::new(1, Overturned::default(), 1, 0, 0.05)
            .unwrap()
            .manager_availability(),
        0.05,
    );
    // No decisions or no suggestions: no share (never 0/0).
    let idle = EmpowermentSignals::new(0, Overturned::default(), 0, 0, 0.5).unwrap();
    assert_eq!(
        (
            idle.overturned_share(),
            idle.other_overturned_share(),
            idle.acted_on_share()
        ),
        (None, None, None)
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
    let warnings = |signals: EmpowermentSignals| {
        climate_warnings(&ClimatePolicy::default(), [4, 4, 4], signals)
    };
    // 1 of 10 overturned other than in good faith (the 10% limit), 3 of 10 acted on (the 30%
    // floor), 20% available.
    assert_eq!(
        warnings(EmpowermentSignals::new(10, overturned(0, 1), 10, 3, 0.20).unwrap()),
        []
    );
    assert_eq!(
        warnings(EmpowermentSignals::new(100, overturned(0, 11), 100, 29, 0.19).unwrap()),
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

/// Checks a screen's decision for each `(skill, attitude, decision)`.
#[track_caller]
fn decides(screen: &HiringScreen, cases: &[(f64, f64, HiringDecision)]) {
    for &(skill, attitude, want) in cases {
        let got = Candidate::new(Score::new(skill).unwrap(), Score::new(attitude).unwrap())
            .evaluate(screen);
        assert_eq!(got, want, "skill {skill}, attitude {attitude}");
    }
}

/// The bars are inclusive: a candidate exactly at the attitude minimum is not rejected, one
/// exactly at the skill minimum is trainable, and one exactly at the ready level is hired
/// without training.
#[test]
fn hiring_bars_are_inclusive() {
    let s = |v| Score::new(v).unwrap();
    let screen = HiringScreen::default()
        .with_min_attitude(s(60.0))
        .with_min_skill(s(20.0))
        .with_ready_skill(s(70.0));
    use HiringDecision::*;
    decides(
        &screen,
        &[
            (70.0, 60.0, Hire),
            (69.9, 60.0, HireAndTrain),
            (20.0, 60.0, HireAndTrain),
            (19.9, 60.0, RejectOnSkill),
            (100.0, 59.9, RejectOnAttitude),
        ],
    );
}

/// Regression: skill 0 with a good attitude was "hire and train"; the default screen now has a
/// skill minimum (30), and attitude is judged first.
#[test]
fn the_default_screen_rejects_on_skill_too() {
    let screen = HiringScreen::default();
    assert_eq!(
        (
            screen.min_attitude().get(),
            screen.min_skill().get(),
            screen.ready_skill().get()
        ),
        (70.0, 30.0, 60.0)
    );
    use HiringDecision::*;
    decides(
        &screen,
        &[
            (0.0, 95.0, RejectOnSkill),
            (0.0, 10.0, RejectOnAttitude),
            (30.0, 70.0, HireAndTrain),
        ],
    );
    let ordered: Vec<HiringDecision> = HiringDecision::iter().collect();
    assert!(ordered.windows(2).all(|w| w[0] < w[1]));
}

fn found<'a>(reply: &'a str, report: &service_quality::reply::ReplyReport) -> Vec<(Rule, &'a str)> {
    report
        .findings()
        .iter()
        .map(|f| (f.rule(), f.text(reply).unwrap()))
        .collect()
}

/// Regression: "can I give you my opinion" and a bare "my opinion" were missed.
#[test]
fn every_opinion_marker_is_caught_in_a_reply() {
    let c = crate::common::reply_checker();
    for (reply, marker) in [
        (
            "Can I give you my opinion? The courier did nothing wrong.",
            "Can I give you my opinion",
        ),
        ("My opinion: the courier did nothing wrong.", "My opinion"),
        (
            "The courier did nothing wrong, if you ask me.",
            "if you ask me",
        ),
        ("In my view the courier did nothing wrong.", "In my view"),
    ] {
        assert_eq!(
            found(reply, &c.check(reply)),
            [(Rule::Opinion, marker)],
            "{reply}"
        );
    }
}

/// Regression: a view the customer asked for was flagged as an unwanted opinion.
#[test]
fn an_opinion_the_customer_asked_for_is_not_flagged() {
    let c = crate::common::reply_checker();
    let reply = "In my opinion the annual plan is better value for you.";
    for asked in [
        "Which plan would you choose? What would you do?",
        "What do you think, monthly or annual?",
        "In your opinion, is the annual plan worth it?",
    ] {
        assert!(
            c.check_in_reply_to(reply, asked).findings().is_empty(),
            "{asked}"
        );
        assert!(c.read(asked).asks_for_view());
    }
    assert_eq!(
        found(reply, &c.check_in_reply_to(reply, "Which plan is cheaper?")),
        [(Rule::Opinion, "In my opinion")]
    );
}

/// A customer's opinion is met by listening, asking for detail and listening again.
#[test]
fn a_customer_opinion_gets_the_three_steps_and_a_question() {
    let c = crate::common::reply_checker();
    let message = "Frankly, my opinion is that your returns policy is a joke.";
    let incoming = c.read(message);
    let opinion = incoming.opinion().unwrap();
    assert_eq!(opinion.text(message), Some("my opinion is"));
    assert_eq!(
        opinion.steps(),
        [
            OpinionStep::Listen,
            OpinionStep::AskForDetail,
            OpinionStep::ListenAgain
        ]
    );
    assert!(opinion.clarifying_question().contains("what went wrong"));
    assert!(!incoming.thanks() && !incoming.reports_problem());
    assert!(c.read("The parcel came on Tuesday.").opinion().is_none());
}

/// Regression: a polite "anything else?" after the problem was resolved was flagged. Offers are
/// flagged only before the reply resolves or owns the problem; a bare apology does not count.
#[test]
fn upselling_is_flagged_only_before_the_problem_is_resolved_or_owned() {
    let c = crate::common::reply_checker();
    let broken = "My new kettle stopped working after two days.";
    let feigned = "Sorry to hear that. Would you like to add an extended warranty? Is there \
                   anything else I can help with?";
    assert_eq!(
        found(feigned, &c.check_in_reply_to(feigned, broken)),
        [
            (Rule::UpsellOnProblem, "Would you like to add"),
            (Rule::UpsellOnProblem, "extended warranty"),
            (Rule::UpsellOnProblem, "Is there anything else"),
        ]
    );
    let resolved = "I'm sorry, that shouldn't have happened. I've sent a replacement today, \
                    and there's no need to send the old one back first. Is there anything else \
                    I can help with?";
    assert!(c.check_in_reply_to(resolved, broken).findings().is_empty());
    let owned = "I understand, that's frustrating; I'll sort it today. Anything else I can do?";
    assert!(c.check_in_reply_to(owned, broken).findings().is_empty());
    // The customer says it is resolved: nothing is open, so a closing offer is fine.
    let done = "My pleasure. Is there anything else I can help with?";
    assert!(
        c.check_in_reply_to(done, "It works now, thank you!")
            .findings()
            .is_empty()
    );
    // An offer first, then the fix, is still an offer before the fix.
    let late = "Have you seen our upgrade? I've sent a replacement.";
    assert_eq!(
        found(late, &c.check_in_reply_to(late, broken)),
        [(Rule::UpsellOnProblem, "upgrade")]
    );
    // Offers to the team are not up-selling.
    let context = ReplyContext::new().in_reply_to(broken).to(Audience::Team);
    assert!(c.check_with(feigned, &context).findings().is_empty());
}

/// Regression: any sentence-initial "Go" was flagged, including instructions to a customer.
#[test]
fn go_is_flagged_only_when_a_leader_addresses_the_team() {
    let c = crate::common::reply_checker();
    let instructions = "Go to Settings, then Privacy. Go back and tap Save.";
    assert!(c.check(instructions).findings().is_empty());
    let team = ReplyContext::new().to(Audience::Team);
    let order = "Go and clear the backlog. I need the numbers by two.";
    assert_eq!(
        found(order, &c.check_with(order, &team)),
        [(Rule::GoNotLetsGo, "Go")]
    );
    assert!(
        c.check_with("Let's go: we'll split the backlog.", &team)
            .findings()
            .is_empty()
    );
    assert_eq!(ReplyContext::new().audience(), Audience::Customer);
    assert_eq!(team.previous(), None);
}

/// A team's own rules, in the same pass as the built-in ones.
#[test]
fn a_team_adds_its_own_phrase_rules() {
    let rules = [
        PhraseRule::required_greeting(
            "greeting",
            ["hi", "hello", "good morning"],
            "open with \"Hi\"",
        )
        .unwrap(),
        PhraseRule::required_closing(
            "sign-off",
            ["kind regards", "best wishes"],
            "sign off warmly",
        )
        .unwrap(),
        PhraseRule::forbidden(
            "no jargon",
            ["as per", "per my last email"],
            "say it plainly",
        )
        .unwrap(),
    ];
    let c = ReplyChecker::with_rules(rules.clone()).unwrap();
    assert_eq!(c.rules().cloned().collect::<Vec<_>>(), rules);
    let good = "Hi Sam! Your refund is on its way.\nKind regards,\nPriya";
    assert!(c.check(good).findings().is_empty());
    let bad = "As per my last email, the refund is on its way. Thanks, Priya";
    let report = c.check(bad);
    let got: Vec<(Rule, std::ops::Range<usize>, &str)> = report
        .findings()
        .iter()
        .map(|f| (f.rule(), f.span(), f.suggestion()))
        .collect();
    assert_eq!(
        got,
        [
            (Rule::MissingGreeting, 0..0, "open with \"Hi\""),
            (Rule::ForbiddenPhrase, 0..6, "say it plainly"),
            (
                Rule::MissingClosing,
                bad.len()..bad.len(),
                "sign off warmly"
            ),
        ]
    );
    assert_eq!(
        report.findings()[1].phrase_rule().unwrap().name(),
        "no jargon"
    );
    // A greeting later than the first sentence does not count; case and curly quotes do not
    // matter.
    let late = "Your refund is on its way. Hello again! Best wishes";
    assert_eq!(
        c.check(late)
            .findings()
            .iter()
            .map(|f| f.rule())
            .collect::<Vec<_>>(),
        [Rule::MissingGreeting]
    );
    let forbid = PhraseRule::forbidden("can't", ["we can't"], "say what we can do").unwrap();
    let c = ReplyChecker::with_rules([forbid]).unwrap();
    assert_eq!(c.check("Sorry, WE CAN\u{2019}T.").findings().len(), 1);
    // The built-in rules still run beside the team's.
    assert_eq!(
        c.check_in_reply_to("No problem, we can't.", "Thanks")
            .findings()[0]
            .rule(),
        Rule::NoProblem
    );
}

#[test]
fn phrase_rules_are_validated() {
    assert_eq!(
        PhraseRule::forbidden(" ", ["x"], "y")
            .unwrap_err()
            .to_string(),
        "phrase rule name is empty, expected some text"
    );
    assert_eq!(
        PhraseRule::forbidden("n", ["x", "  "], "y")
            .unwrap_err()
            .to_string(),
        "phrase is empty, expected some text"
    );
    assert_eq!(
        PhraseRule::forbidden("n", ["x"], "")
            .unwrap_err()
            .to_string(),
        "suggestion is empty, expected some text"
    );
    let rule = PhraseRule::new(
        PhraseRuleKind::RequiredClosing,
        " sign-off ",
        [" thanks "],
        "s",
    )
    .unwrap();
    assert_eq!(
        (rule.kind(), rule.name(), rule.phrases().collect::<Vec<_>>()),
        (PhraseRuleKind::RequiredClosing, "sign-off", vec!["thanks"])
    );
}

#[cfg(feature = "serde")]
#[test]
fn phrase_rules_and_findings_serialise() {
    use serde_json::json;
    let rule = PhraseRule::forbidden("no jargon", ["as per"], "say it plainly").unwrap();
    let text = serde_json::to_string(&rule).unwrap();
    assert_eq!(serde_json::from_str::<PhraseRule>(&text).unwrap(), rule);
    let err = serde_json::from_value::<PhraseRule>(
        json!({"kind": "forbidden", "name": "x", "phrases": [], "suggestion": "y"}),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.starts_with("phrase rule is empty, expected at least one phrase"),
        "{err}"
    );
    let c = ReplyChecker::with_rules([rule]).unwrap();
    let report = c.check("As per the policy.");
    assert_eq!(
        serde_json::to_value(&report.findings()[0]).unwrap(),
        json!({"rule": "forbidden_phrase", "span": {"start": 0, "end": 6},
               "name": "no jargon", "suggestion": "say it plainly"})
    );
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

/// Power kept at the top is a warning; people leading without authority are a finding to build
/// on.
#[test]
fn leadership_spread_findings() {
    let top_heavy = DistributedLeadership::new(200, 70, 20)
        .unwrap()
        .try_with_informal_leaders(30)
        .unwrap();
    let report = top_heavy.evaluate(&SpreadPolicy::default());
    let findings: Vec<SpreadFinding> = report.findings().collect();
    assert_eq!(
        findings,
        [SpreadFinding::PowerAtTheTop, SpreadFinding::InformalLeaders]
    );
    assert!(SpreadFinding::PowerAtTheTop.is_warning());
    assert!(!SpreadFinding::InformalLeaders.is_warning());
    assert_eq!(report.decision_rights().1, TargetStatus::Below);
    assert_eq!(report.leaders().1, TargetStatus::Below);
    // 60 of 200 with decision rights is above a quarter: no elitism warning; the informal
    // leaders are only counted when the survey asked.
    let spread = DistributedLeadership::new(200, 100, 60).unwrap();
    assert_eq!(
        spread.evaluate(&SpreadPolicy::default()).findings().count(),
        0
    );
    assert_eq!(spread.informal_leaders(), None);
    // A small survey cannot tell: 1 of 6 is not surely below a quarter.
    let small = DistributedLeadership::new(6, 3, 1).unwrap();
    assert_eq!(
        small.evaluate(&SpreadPolicy::default()).findings().count(),
        0
    );
    assert!(matches!(
        DistributedLeadership::new(10, 2, 5)
            .unwrap()
            .try_with_informal_leaders(3),
        Err(Error::Inconsistent { .. })
    ));
    let strict = SpreadPolicy::default()
        .try_with_min_decision_rights(0.5)
        .unwrap()
        .try_with_leader_target(0.6)
        .unwrap()
        .with_level(Level::new(0.9).unwrap());
    assert_close(strict.min_decision_rights(), 0.5);
    assert_close(strict.leader_target(), 0.6);
    assert_close(strict.level().get(), 0.9);
    assert_eq!(
        spread.evaluate(&strict).findings().collect::<Vec<_>>(),
        [SpreadFinding::PowerAtTheTop]
    );
}

#[test]
fn leading_by_example_needs_all_three_habits() {
    let all = LeadingByExample::from_seen(VisibleHabit::iter());
    assert!(all.sets_the_tone() && all.missing().next().is_none());
    let office = LeadingByExample::from_seen([VisibleHabit::Greets]);
    assert!(!office.sets_the_tone());
    assert!(office.seen(VisibleHabit::Greets) && !office.seen(VisibleHabit::Available));
    assert_eq!(
        office.missing().collect::<Vec<_>>(),
        [VisibleHabit::Smiles, VisibleHabit::Available]
    );
}

/// Word of mouth: a poor visit and a wow moment are both passed on; an ordinary one is not.
#[test]
fn experiences_that_customers_pass_on() {
    use VersusOnline::{Better, Same, Worse};
    let visit = |price, convenience, wait, wow| ChannelVisit {
        price,
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
