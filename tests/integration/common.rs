//! Helpers shared by the integration tests.
#![allow(dead_code, reason = "each test crate uses only some of the helpers")]

/// Asserts that `got` is `want` to within a relative 1e-12 (absolute near zero): close enough
/// for any value a test computes by hand, far tighter than any scoring mistake.
#[track_caller]
pub fn assert_close(got: f64, want: f64) {
    let tolerance = 1e-12 * want.abs().max(1.0);
    assert!(
        (got - want).abs() <= tolerance,
        "{got} is not within {tolerance:e} of {want}"
    );
}

/// The number inside an optional score, or NaN for `None`, so `assert_close(value(x), 65.0)`
/// fails when there is no score.
pub fn value(score: Option<service_quality::Score>) -> f64 {
    score.map_or(f64::NAN, service_quality::Score::get)
}

/// The proptest configuration for a property: `default` cases, unless the `PROPTEST_CASES`
/// environment variable asks for another number (fewer for mutation testing, many more for a
/// long soak; see TESTING.md).
pub fn cases(default: u32) -> proptest::test_runner::Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    proptest::test_runner::Config::with_cases(cases)
}

/// Runs `$check::<T>()` for every named enum in the crate.
macro_rules! for_every_named_enum {
    ($check:ident $(, $arg:expr)*) => {{
        use service_quality::proud::{CopingReaction, Principle, Scenario};
        use service_quality::{Band, CriticalRule, NotApplicableRule};
        use service_quality::boss_leader::{Classification, Contrast};
        use service_quality::breakdown::{AttributionMethod, Cause, Warning};
        use service_quality::conversation::{Action, Conduct, Habit, OpinionStep, ResolutionPractice};
        use service_quality::reply::{Audience, PhraseRuleKind, Rule};
        use service_quality::leadership::{
            Area, BriefingElement, BriefingVerdict, Function, Position, Style,
        };
        use service_quality::metrics::servqual::QualityDimension;
        use service_quality::metrics::{NpsMethod, ShareMethod};
        use service_quality::practices::{
            Actor, VersusOnline, Experience, Factor, Practice, Workload,
        };
        use service_quality::reliability::{Distance, IccForm, Measurement, Missing, Weighting};
        use service_quality::review::RaterRole;
        use service_quality::team::{
            Climate, ClimateWarning, DiscretionaryEffort, HiringDecision, SpreadFinding,
            TargetStatus, VisibleHabit,
        };
        $check::<Principle>($($arg),*);
        $check::<Scenario>($($arg),*);
        $check::<CopingReaction>($($arg),*);
        $check::<Band>($($arg),*);
        $check::<Cause>($($arg),*);
        $check::<Warning>($($arg),*);
        $check::<AttributionMethod>($($arg),*);
        $check::<Area>($($arg),*);
        $check::<Function>($($arg),*);
        $check::<Position>($($arg),*);
        $check::<Style>($($arg),*);
        $check::<BriefingElement>($($arg),*);
        $check::<BriefingVerdict>($($arg),*);
        $check::<Contrast>($($arg),*);
        $check::<Classification>($($arg),*);
        $check::<RaterRole>($($arg),*);
        $check::<Climate>($($arg),*);
        $check::<ClimateWarning>($($arg),*);
        $check::<TargetStatus>($($arg),*);
        $check::<HiringDecision>($($arg),*);
        $check::<DiscretionaryEffort>($($arg),*);
        $check::<SpreadFinding>($($arg),*);
        $check::<VisibleHabit>($($arg),*);
        $check::<Practice>($($arg),*);
        $check::<Actor>($($arg),*);
        $check::<VersusOnline>($($arg),*);
        $check::<Factor>($($arg),*);
        $check::<Workload>($($arg),*);
        $check::<Experience>($($arg),*);
        $check::<Conduct>($($arg),*);
        $check::<Action>($($arg),*);
        $check::<Habit>($($arg),*);
        $check::<Rule>($($arg),*);
        $check::<Audience>($($arg),*);
        $check::<PhraseRuleKind>($($arg),*);
        $check::<OpinionStep>($($arg),*);
        $check::<ResolutionPractice>($($arg),*);
        $check::<Weighting>($($arg),*);
        $check::<Measurement>($($arg),*);
        $check::<QualityDimension>($($arg),*);
        $check::<CriticalRule>($($arg),*);
        $check::<NotApplicableRule>($($arg),*);
        $check::<NpsMethod>($($arg),*);
        $check::<ShareMethod>($($arg),*);
        $check::<Distance>($($arg),*);
        $check::<IccForm>($($arg),*);
        $check::<Missing>($($arg),*);
    }};
}

/// Four teams' climate scores with their customer scores times `customer_scale`: Pearson's r of
/// the unscaled pairs is 0.7775419143502352 (computed with Python's `statistics.correlation`).
pub fn four_teams(customer_scale: f64) -> Vec<(service_quality::Score, f64)> {
    [(20.0, 1.0), (50.0, 3.0), (90.0, 4.0), (60.0, 5.0)]
        .into_iter()
        .map(|(climate, customer)| {
            let climate = service_quality::Score::new(climate).unwrap();
            (climate, customer * customer_scale)
        })
        .collect()
}

/// Ten respondents' answers to four items on 1-5, the table of `tests/reference/peers.py`'s
/// Cronbach's alpha (pingouin gives 0.871031746031746).
pub fn ten_respondents_four_items() -> [[f64; 4]; 10] {
    [
        [4.0, 5.0, 4.0, 3.0],
        [3.0, 4.0, 3.0, 3.0],
        [5.0, 5.0, 4.0, 4.0],
        [2.0, 3.0, 2.0, 3.0],
        [4.0, 4.0, 5.0, 2.0],
        [3.0, 3.0, 3.0, 4.0],
        [5.0, 4.0, 5.0, 5.0],
        [1.0, 2.0, 2.0, 1.0],
        [4.0, 4.0, 3.0, 2.0],
        [2.0, 3.0, 3.0, 3.0],
    ]
}

/// One reply checker for every test: building its automaton takes milliseconds (tens of them in
/// a debug build), which a property test would otherwise pay on every case.
pub fn reply_checker() -> &'static service_quality::reply::ReplyChecker {
    static CHECKER: std::sync::LazyLock<service_quality::reply::ReplyChecker> =
        std::sync::LazyLock::new(|| service_quality::reply::ReplyChecker::new().unwrap());
    &CHECKER
}
