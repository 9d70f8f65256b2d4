//! Team climate and leadership spread: climate warnings and discretionary effort (the source's
//! drivers and this crate's climate synthesis), the climate-customer reflection, distributed
//! leadership against its targets and the faces of elitism, the hiring screen, leading by
//! example, and the team types' JSON.

use crate::common::assert_close;

use proptest::prelude::*;
use service_quality::metrics::Level;
use service_quality::team::{
    Candidate, Climate, ClimatePolicy, ClimateSurvey, ClimateWarning, DiscretionaryEffort,
    DistributedLeadership, EffortDriver, EffortFactor, EmpowermentSignals, HiringDecision,
    HiringScreen, LeadingByExample, Overturned, SpreadFinding, SpreadPolicy, TargetStatus,
    VisibleHabit, reflection,
};
use service_quality::{Error, Ratings, Scale, Score};

#[test]
fn climate_with_every_warning() {
    let ratings = Ratings::<Climate>::from_array(Scale::ONE_TO_FIVE, [5, 4, 1]).unwrap();
    // 5 of 20 decisions overturned (1 made in good faith, 4 others: 20%), 1 of 10 suggestions
    // acted on, manager there 5%.
    let signals = EmpowermentSignals::new(20, overturned(1, 4), 10, 1, 0.05).unwrap();
    let report = ClimateSurvey::new(ratings, drivers([5, 5]), signals)
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
        [EffortFactor::Supported]
    );
}

/// Effort-driver ratings (purpose from day one, empowerment) on 1-5.
fn drivers(values: [i64; 2]) -> Ratings<EffortDriver> {
    Ratings::from_array(Scale::ONE_TO_FIVE, values).unwrap()
}

/// The report for climate ratings and driver ratings on 1-5, with quiet signals.
fn effort_report(
    climate: [i64; 3],
    driver_values: [i64; 2],
) -> service_quality::team::ClimateReport {
    let signals = EmpowermentSignals::new(0, Overturned::default(), 0, 0, 0.5).unwrap();
    let ratings = Ratings::<Climate>::from_array(Scale::ONE_TO_FIVE, climate).unwrap();
    ClimateSurvey::new(ratings, drivers(driver_values), signals)
        .evaluate(&ClimatePolicy::default())
        .unwrap()
}

/// Issue 27: in the source, discretionary effort is drawn out by a pro-customer purpose stressed
/// from the first day and by real empowerment. A team that believes, belongs and feels
/// supported (all 5 of 5) used to be told it gives effort whatever else was true; without a
/// purpose from day one, or without real empowerment, it is now told what holds effort back.
#[test]
fn a_good_climate_without_purpose_or_empowerment_holds_effort_back() {
    let good_climate = [5, 5, 5];
    let cases = [
        ([1, 5], vec![EffortFactor::PurposeFromDayOne]),
        ([5, 2], vec![EffortFactor::Empowerment]),
        // Both missing: the weaker first (empowerment 0 before purpose 25).
        (
            [2, 1],
            vec![EffortFactor::Empowerment, EffortFactor::PurposeFromDayOne],
        ),
        ([4, 4], vec![]),
    ];
    for (driver_values, want) in cases {
        let report = effort_report(good_climate, driver_values);
        let held: Vec<EffortFactor> = report.holding_back().collect();
        assert_eq!(held, want, "{driver_values:?}");
        let effort = if want.is_empty() {
            DiscretionaryEffort::Given
        } else {
            DiscretionaryEffort::HeldBack
        };
        assert_eq!(report.discretionary_effort(), effort, "{driver_values:?}");
        assert!(
            held.iter()
                .all(|f| f.is_from_source() && f.driver().is_some())
        );
    }
    let report = effort_report(good_climate, [1, 2]);
    assert_eq!(
        report
            .drivers()
            .scores()
            .map(|(_, s)| s.map(Score::get))
            .collect::<Vec<_>>(),
        [Some(0.0), Some(25.0)]
    );
    // The source's drivers come before this crate's climate synthesis, whatever the scores.
    let both = effort_report([1, 5, 5], [3, 5]);
    assert_eq!(
        both.holding_back().collect::<Vec<_>>(),
        [EffortFactor::PurposeFromDayOne, EffortFactor::Believe]
    );
    assert!(!EffortFactor::Believe.is_from_source());
    assert_eq!(EffortFactor::Believe.climate(), Some(Climate::Believe));
    assert!(
        EffortFactor::PurposeFromDayOne
            .message()
            .contains("first day")
    );
}

/// The drivers are validated like the climate ratings: on the policy's scale, and rated.
#[test]
fn effort_drivers_must_be_on_the_climate_scale_and_rated() {
    let signals = EmpowermentSignals::new(0, Overturned::default(), 0, 0, 0.5).unwrap();
    let climate = Ratings::<Climate>::from_array(Scale::ONE_TO_FIVE, [4, 4, 4]).unwrap();
    let on_seven = Ratings::<EffortDriver>::from_array(Scale::ONE_TO_SEVEN, [6, 6]).unwrap();
    let err = ClimateSurvey::new(climate, on_seven, signals)
        .evaluate(&ClimatePolicy::default())
        .unwrap_err();
    assert!(matches!(
        err,
        Error::ScaleMismatch {
            field: "effort drivers",
            ..
        }
    ));
    assert_eq!(
        err.to_string(),
        "scale of effort drivers is 1..=7, expected 1..=5"
    );
    // On a 1-7 policy the same drivers are fine, once the climate is on 1-7 too.
    let seven =
        ClimatePolicy::default().with_scoring(service_quality::Policy::new(Scale::ONE_TO_SEVEN));
    let climate_7 = Ratings::<Climate>::from_array(Scale::ONE_TO_SEVEN, [6, 6, 6]).unwrap();
    let report = ClimateSurvey::new(climate_7, on_seven, signals)
        .evaluate(&seven)
        .unwrap();
    assert_eq!(report.discretionary_effort(), DiscretionaryEffort::Given);
    // A driver left N/A is refused: the policy allows no N/A for the drivers.
    let unrated =
        Ratings::<EffortDriver>::from_options(Scale::ONE_TO_FIVE, [Some(5), None]).unwrap();
    assert!(matches!(
        ClimateSurvey::new(climate, unrated, signals).evaluate(&ClimatePolicy::default()),
        Err(Error::InvalidAnswer { .. })
    ));
}

/// The warnings a policy raises for one set of climate ratings (1–5) and the signals.
fn climate_warnings(
    policy: &ClimatePolicy,
    ratings: [i64; 3],
    signals: EmpowermentSignals,
) -> Vec<ClimateWarning> {
    let ratings = Ratings::<Climate>::from_array(Scale::ONE_TO_FIVE, ratings).unwrap();
    ClimateSurvey::new(ratings, drivers([5, 5]), signals)
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

/// With both drivers in place, discretionary effort is given when believe, belong and
/// supported all reach the bar (70) as well (this crate's synthesis).
#[test]
fn discretionary_effort_needs_all_three_conditions() {
    let effort = |r: [i64; 3]| effort_report(r, [4, 4]).discretionary_effort();
    // 4 on 1-5 is 75: all three at or above 70.
    assert_eq!(effort([4, 4, 4]), DiscretionaryEffort::Given);
    assert_eq!(effort([5, 5, 3]), DiscretionaryEffort::HeldBack);
    assert_eq!(effort([3, 5, 5]), DiscretionaryEffort::HeldBack);
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

/// Issue 27: elitism also shows as leadership taken for a job title and as only some staff
/// being treated as potential leaders. Each is a warning when the survey's share is clear of
/// the policy's limit (a quarter taking leadership for a title at most, half treated as
/// potential leaders at least), and says nothing when the survey cannot tell.
#[test]
fn elitism_covers_titles_and_potential_leaders() {
    let survey = |title: u32, potential: u32| {
        DistributedLeadership::new(200, 100, 100)
            .unwrap()
            .try_with_leadership_as_title(title)
            .unwrap()
            .try_with_seen_as_potential_leaders(potential)
            .unwrap()
    };
    let findings = |d: DistributedLeadership, policy: &SpreadPolicy| {
        d.evaluate(policy).findings().collect::<Vec<_>>()
    };
    let policy = SpreadPolicy::default();
    assert_eq!(
        findings(survey(90, 60), &policy),
        [
            SpreadFinding::LeadershipTakenForATitle,
            SpreadFinding::NotEveryoneAPotentialLeader
        ]
    );
    assert!(SpreadFinding::LeadershipTakenForATitle.is_warning());
    assert!(SpreadFinding::NotEveryoneAPotentialLeader.is_warning());
    // 20 of 200 (10%) take leadership for a title and 160 are seen as potential leaders.
    assert_eq!(findings(survey(20, 160), &policy), []);
    // 50 of 200 is exactly the quarter: the interval straddles it, so no finding.
    let report = survey(50, 100).evaluate(&policy);
    assert_eq!(report.findings().count(), 0);
    let (interval, status) = report.leadership_as_title().unwrap();
    assert_eq!(status, TargetStatus::Inconclusive);
    assert!(interval.contains(25.0));
    assert_eq!(
        report.seen_as_potential_leaders().unwrap().1,
        TargetStatus::Inconclusive
    );
    // Not asked: no interval and no finding.
    let unasked = DistributedLeadership::new(200, 100, 100).unwrap();
    let report = unasked.evaluate(&policy);
    assert_eq!(
        (
            report.leadership_as_title(),
            report.seen_as_potential_leaders(),
            unasked.leadership_as_title(),
            unasked.seen_as_potential_leaders()
        ),
        (None, None, None, None)
    );
    // The limits are the policy's.
    let lenient = policy
        .try_with_max_leadership_as_title(0.6)
        .unwrap()
        .try_with_min_seen_as_potential_leaders(0.1)
        .unwrap();
    assert_close(lenient.max_leadership_as_title(), 0.6);
    assert_close(lenient.min_seen_as_potential_leaders(), 0.1);
    assert_eq!(findings(survey(90, 60), &lenient), []);
    assert!(matches!(
        policy.try_with_min_seen_as_potential_leaders(1.5),
        Err(Error::ValueOutOfRange {
            field: "min_seen_as_potential_leaders",
            ..
        })
    ));
    // Counts above the staff surveyed are refused.
    let err = DistributedLeadership::new(10, 2, 5)
        .unwrap()
        .try_with_seen_as_potential_leaders(11)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "staff seen as potential leaders is 11, expected at most the staff surveyed, 10"
    );
    assert!(
        DistributedLeadership::new(10, 2, 5)
            .unwrap()
            .try_with_leadership_as_title(10)
            .is_ok()
    );
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

proptest! {
    #![proptest_config(crate::common::cases(1_000))]

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
}

/// The team types in JSON: exact round trips, and the builders' checks on reading.
#[cfg(feature = "serde")]
mod json {
    use super::*;

    use service_quality::conversation::ConductPolicy;

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
            err.starts_with(
                "informal leaders is 21, expected at most the self-described leaders, 20"
            ),
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
        let back: ConductPolicy =
            serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
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

    /// A climate survey carries its effort drivers in JSON; a survey without them is refused,
    /// and the elitism counts and limits go through the builders' checks.
    #[test]
    fn effort_drivers_and_elitism_in_json() {
        use serde_json::json;
        let survey = ClimateSurvey::new(
            Ratings::from_array(Scale::ONE_TO_FIVE, [5, 4, 4]).unwrap(),
            drivers([2, 5]),
            EmpowermentSignals::new(10, overturned(0, 1), 4, 2, 0.3).unwrap(),
        );
        let text = serde_json::to_string(&survey).unwrap();
        let back: ClimateSurvey = serde_json::from_str(&text).unwrap();
        assert_eq!(back, survey);
        assert_eq!(back.drivers(), &drivers([2, 5]));
        let mut value = serde_json::to_value(survey).unwrap();
        value.as_object_mut().unwrap().remove("drivers");
        let err = serde_json::from_value::<ClimateSurvey>(value)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("missing field `drivers`"), "{err}");

        let d = DistributedLeadership::new(50, 20, 10)
            .unwrap()
            .try_with_leadership_as_title(30)
            .unwrap()
            .try_with_seen_as_potential_leaders(12)
            .unwrap();
        let back: DistributedLeadership =
            serde_json::from_str(&serde_json::to_string(&d).unwrap()).unwrap();
        assert_eq!(back, d);
        let bad = json!({"surveyed": 50, "see_themselves_as_leaders": 20,
                         "hold_decision_rights": 10, "leadership_as_title": 51});
        let err = serde_json::from_value::<DistributedLeadership>(bad)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(
                "staff who take leadership for a title is 51, expected at most the staff surveyed, 50"
            ),
            "{err}"
        );
        let policy = SpreadPolicy::default()
            .try_with_max_leadership_as_title(0.4)
            .unwrap()
            .try_with_min_seen_as_potential_leaders(0.3)
            .unwrap();
        let back: SpreadPolicy =
            serde_json::from_str(&serde_json::to_string(&policy).unwrap()).unwrap();
        assert_eq!(back, policy);
        let err = serde_json::from_value::<SpreadPolicy>(json!({"max_leadership_as_title": 2}))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("max_leadership_as_title is 2, expected a fraction in 0..=1"),
            "{err}"
        );
    }
}

/// A driver or a climate condition exactly at the effort bar does not hold effort back; one
/// step below it does.
#[test]
fn the_effort_bar_is_reached_at_the_bar() {
    use service_quality::team::{
        Climate, ClimatePolicy, ClimateSurvey, DiscretionaryEffort, EffortDriver, EffortFactor,
        EmpowermentSignals, Overturned,
    };
    use service_quality::{Ratings, Scale, Score};
    // On 1-5, a 4 scores 75: the bar.
    let policy = ClimatePolicy::default().with_effort_bar(Score::new(75.0).unwrap());
    let report = |climate: [i64; 3], drivers: [i64; 2]| {
        ClimateSurvey::new(
            Ratings::<Climate>::from_array(Scale::ONE_TO_FIVE, climate).unwrap(),
            Ratings::<EffortDriver>::from_array(Scale::ONE_TO_FIVE, drivers).unwrap(),
            EmpowermentSignals::new(0, Overturned::default(), 0, 0, 0.5).unwrap(),
        )
        .evaluate(&policy)
        .unwrap()
    };
    let at_the_bar = report([4, 4, 4], [4, 4]);
    assert_eq!(at_the_bar.holding_back().count(), 0);
    assert_eq!(
        at_the_bar.discretionary_effort(),
        DiscretionaryEffort::Given
    );
    let below = report([4, 3, 4], [4, 3]);
    assert_eq!(
        below.holding_back().collect::<Vec<_>>(),
        [
            EffortFactor::from(EffortDriver::Empowerment),
            EffortFactor::from(Climate::Belong)
        ]
    );
}

/// The elitism counts are kept as recorded, informal leaders need at least one, and every
/// finding says something of its own.
#[test]
fn spread_counts_are_kept_and_findings_have_their_own_messages() {
    use service_quality::team::{DistributedLeadership, SpreadFinding, SpreadPolicy};
    let survey = DistributedLeadership::new(200, 100, 120)
        .unwrap()
        .try_with_leadership_as_title(30)
        .unwrap()
        .try_with_seen_as_potential_leaders(150)
        .unwrap();
    assert_eq!(survey.leadership_as_title(), Some(30));
    assert_eq!(survey.seen_as_potential_leaders(), Some(150));
    let none = DistributedLeadership::new(200, 100, 120)
        .unwrap()
        .try_with_informal_leaders(0)
        .unwrap();
    assert!(
        !none
            .evaluate(&SpreadPolicy::default())
            .findings()
            .any(|f| f == SpreadFinding::InformalLeaders)
    );
    let one = DistributedLeadership::new(200, 100, 120)
        .unwrap()
        .try_with_informal_leaders(1)
        .unwrap();
    assert!(
        one.evaluate(&SpreadPolicy::default())
            .findings()
            .any(|f| f == SpreadFinding::InformalLeaders)
    );
    let messages: std::collections::HashSet<&str> =
        SpreadFinding::iter().map(SpreadFinding::message).collect();
    assert_eq!(messages.len(), SpreadFinding::iter().count());
    assert!(messages.iter().all(|m| m.len() > 40 && m.ends_with('.')));
}
