//! Helpers shared by the integration tests: assertions, fixtures used by more than one file,
//! and (in [`strategies`]) proptest strategies used by more than one file.
#![allow(dead_code, reason = "each test crate uses only some of the helpers")]

use service_quality::form::{Form, Item};
use service_quality::leadership::{Area, Function};
use service_quality::metrics::{Interval, Level};
use service_quality::proud::{Assessment, CopingReaction};
use service_quality::review::{Observer, RaterRole};
use service_quality::{CriticalRule, Ratings, Scale};

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

/// Asserts that `got` is `want` to within the absolute tolerance `tol`: for values matched to a
/// peer's or a publication's digits.
#[track_caller]
pub fn close(got: f64, want: f64, tol: f64) {
    assert!(
        (got - want).abs() <= tol,
        "got {got}, want {want} (tolerance {tol:e})"
    );
}

/// Both bounds of an interval to `tol`.
#[track_caller]
pub fn bounds(interval: Interval, lower: f64, upper: f64, tol: f64) {
    close(interval.lower(), lower, tol);
    close(interval.upper(), upper, tol);
}

/// The confidence level `l`, which must be valid.
pub fn level(l: f64) -> Level {
    Level::new(l).unwrap()
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

/// The error text serde_json reports for reading `json` as a `T`, without its
/// " at line L column C" suffix.
#[cfg(feature = "serde")]
pub fn rejection<T: serde::de::DeserializeOwned + std::fmt::Debug>(
    json: serde_json::Value,
) -> String {
    let err = serde_json::from_value::<T>(json).unwrap_err().to_string();
    match err.find(" at line ") {
        Some(i) => err[..i].to_owned(),
        None => err,
    }
}

/// Runs `$check::<T>(T::iter(), ...)` for every named enum in the crate (every enum declared with
/// `named_enum!` or `dimension_enum!`). `api::for_every_named_enum_lists_every_declared_one`
/// fails when an enum declared under `src/` is missing here.
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
        use service_quality::reliability::{
            BootstrapMethod, Coefficient, Distance, IccForm, Measurement, Missing, Weighting,
        };
        use service_quality::review::RaterRole;
        use service_quality::form::{CriticalScope, ItemRole, Scoring};
        use service_quality::team::{
            Climate, ClimateWarning, DiscretionaryEffort, HiringDecision, SpreadFinding,
            TargetStatus, VisibleHabit,
        };
        $check::<Principle>(Principle::iter() $(, $arg)*);
        $check::<Scenario>(Scenario::iter() $(, $arg)*);
        $check::<CopingReaction>(CopingReaction::iter() $(, $arg)*);
        $check::<Band>(Band::iter() $(, $arg)*);
        $check::<ItemRole>(ItemRole::iter() $(, $arg)*);
        $check::<CriticalScope>(CriticalScope::iter() $(, $arg)*);
        $check::<Scoring>(Scoring::iter() $(, $arg)*);
        $check::<Cause>(Cause::iter() $(, $arg)*);
        $check::<Warning>(Warning::iter() $(, $arg)*);
        $check::<AttributionMethod>(AttributionMethod::iter() $(, $arg)*);
        $check::<Area>(Area::iter() $(, $arg)*);
        $check::<Function>(Function::iter() $(, $arg)*);
        $check::<Position>(Position::iter() $(, $arg)*);
        $check::<Style>(Style::iter() $(, $arg)*);
        $check::<BriefingElement>(BriefingElement::iter() $(, $arg)*);
        $check::<BriefingVerdict>(BriefingVerdict::iter() $(, $arg)*);
        $check::<Contrast>(Contrast::iter() $(, $arg)*);
        $check::<Classification>(Classification::iter() $(, $arg)*);
        $check::<RaterRole>(RaterRole::iter() $(, $arg)*);
        $check::<Coefficient>(Coefficient::iter() $(, $arg)*);
        $check::<BootstrapMethod>(BootstrapMethod::iter() $(, $arg)*);
        $check::<Climate>(Climate::iter() $(, $arg)*);
        $check::<ClimateWarning>(ClimateWarning::iter() $(, $arg)*);
        $check::<TargetStatus>(TargetStatus::iter() $(, $arg)*);
        $check::<HiringDecision>(HiringDecision::iter() $(, $arg)*);
        $check::<DiscretionaryEffort>(DiscretionaryEffort::iter() $(, $arg)*);
        $check::<service_quality::programme::DisputeState>(service_quality::programme::DisputeState::iter() $(, $arg)*);
        $check::<service_quality::team::EffortDriver>(service_quality::team::EffortDriver::iter() $(, $arg)*);
        $check::<service_quality::team::EffortFactor>(service_quality::team::EffortFactor::iter() $(, $arg)*);
        $check::<SpreadFinding>(SpreadFinding::iter() $(, $arg)*);
        $check::<VisibleHabit>(VisibleHabit::iter() $(, $arg)*);
        $check::<Practice>(Practice::iter() $(, $arg)*);
        $check::<Actor>(Actor::iter() $(, $arg)*);
        $check::<VersusOnline>(VersusOnline::iter() $(, $arg)*);
        $check::<Factor>(Factor::iter() $(, $arg)*);
        $check::<Workload>(Workload::iter() $(, $arg)*);
        $check::<Experience>(Experience::iter() $(, $arg)*);
        $check::<Conduct>(Conduct::iter() $(, $arg)*);
        $check::<Action>(Action::iter() $(, $arg)*);
        $check::<Habit>(Habit::iter() $(, $arg)*);
        $check::<Rule>(Rule::iter() $(, $arg)*);
        $check::<Audience>(Audience::iter() $(, $arg)*);
        $check::<PhraseRuleKind>(PhraseRuleKind::iter() $(, $arg)*);
        $check::<OpinionStep>(OpinionStep::iter() $(, $arg)*);
        $check::<ResolutionPractice>(ResolutionPractice::iter() $(, $arg)*);
        $check::<service_quality::conversation::Tenure>(
            service_quality::conversation::Tenure::iter() $(, $arg)*
        );
        $check::<Weighting>(Weighting::iter() $(, $arg)*);
        $check::<Measurement>(Measurement::iter() $(, $arg)*);
        $check::<QualityDimension>(QualityDimension::iter() $(, $arg)*);
        $check::<CriticalRule>(CriticalRule::iter() $(, $arg)*);
        $check::<NotApplicableRule>(NotApplicableRule::iter() $(, $arg)*);
        $check::<NpsMethod>(NpsMethod::iter() $(, $arg)*);
        $check::<ShareMethod>(ShareMethod::iter() $(, $arg)*);
        $check::<Distance>(Distance::iter() $(, $arg)*);
        $check::<IccForm>(IccForm::iter() $(, $arg)*);
        $check::<Missing>(Missing::iter() $(, $arg)*);
        $check::<service_quality::programme::Scorer>(
            service_quality::programme::Scorer::iter() $(, $arg)*
        );
        $check::<service_quality::programme::TrustMeasure>(
            service_quality::programme::TrustMeasure::iter() $(, $arg)*
        );
        $check::<service_quality::programme::RiskOrder>(
            service_quality::programme::RiskOrder::iter() $(, $arg)*
        );
        $check::<service_quality::programme::Reason>(
            service_quality::programme::Reason::iter() $(, $arg)*
        );
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

/// A PROUD assessment with a feeling and a reaction: P4 R5 O3 U4 D2, feeling 3, flight.
pub fn sample_assessment() -> Assessment {
    Assessment::from_array(Scale::ONE_TO_FIVE, [4, 5, 3, 4, 2])
        .unwrap()
        .try_with_feeling(3)
        .unwrap()
        .with_reaction(CopingReaction::Flight)
}

/// V.E.D. ratings on 1-5.
pub fn ved(values: [i64; 3]) -> Ratings<Area> {
    Ratings::from_array(Scale::ONE_TO_FIVE, values).unwrap()
}

/// Management-function ratings on 1-5.
pub fn mgmt(values: [i64; 4]) -> Ratings<Function> {
    Ratings::from_array(Scale::ONE_TO_FIVE, values).unwrap()
}

/// A 360 observer rating V.E.D. on 1-5.
pub fn observer(id: &str, role: RaterRole, values: [i64; 3]) -> Observer<Area> {
    Observer::new(id, role, ved(values)).unwrap()
}

/// The run-time form of the forms issue's worked example: greeting 1–5; verification yes/no,
/// critical; resolution 1–5, weight 2; tone 1–5, N/A allowed.
pub fn worked_form(rule: CriticalRule) -> Form {
    const FIVE: Scale = Scale::ONE_TO_FIVE;
    Form::builder("call_review", 1)
        .item(Item::scale("greeting", FIVE).unwrap())
        .item(
            Item::yes_no("verification")
                .unwrap()
                .with_critical(service_quality::form::DEFAULT_PASS_MARK),
        )
        .item(
            Item::scale("resolution", FIVE)
                .unwrap()
                .try_with_weight(2.0)
                .unwrap(),
        )
        .item(Item::scale("tone", FIVE).unwrap().with_not_applicable(true))
        .critical_rule(rule)
        .build()
        .unwrap()
}

/// One merge step of a random merge tree: which partial to take, which to merge it into, and
/// whether the result goes through storage (a serde round trip, say) before the next step.
pub type MergeStep = (proptest::sample::Index, proptest::sample::Index, bool);

/// Merges `parts` into one, in the order `steps` picks (any partial into any other, as a
/// distributed job's reducers might), sending the named intermediate results through `store`.
/// Steps past the end of `steps` merge the last partial into the first. `None` for no parts.
pub fn merge_tree<S>(
    mut parts: Vec<S>,
    steps: &[MergeStep],
    mut merge: impl FnMut(&mut S, &S),
    mut store: impl FnMut(&S) -> S,
) -> Option<S> {
    let mut step = 0;
    while parts.len() > 1 {
        let (from, into, stored) = match steps.get(step) {
            Some((a, b, stored)) => (a.index(parts.len()), b.index(parts.len() - 1), *stored),
            None => (parts.len() - 1, 0, false),
        };
        let taken = parts.remove(from);
        merge(&mut parts[into], &taken);
        if stored {
            parts[into] = store(&parts[into]);
        }
        step += 1;
    }
    parts.pop()
}

/// `items` in an order drawn from `seed` (Fisher–Yates with a small linear congruential
/// generator), the same on every platform.
pub fn shuffled<T: Clone>(items: &[T], seed: u64) -> Vec<T> {
    let mut out = items.to_vec();
    let mut state = seed | 1;
    for i in (1..out.len()).rev() {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        out.swap(i, (state >> 33) as usize % (i + 1));
    }
    out
}

/// `items` cut into consecutive parts at the (sorted, deduplicated) cut points.
pub fn cut_into<T: Clone>(items: &[T], cuts: &[proptest::sample::Index]) -> Vec<Vec<T>> {
    let mut at: Vec<usize> = cuts.iter().map(|c| c.index(items.len() + 1)).collect();
    at.sort_unstable();
    at.dedup();
    let mut parts = Vec::new();
    let mut start = 0;
    for end in at.into_iter().chain([items.len()]) {
        parts.push(items[start..end].to_vec());
        start = end;
    }
    parts
}

/// Proptest strategies used by more than one file.
pub mod strategies {
    use proptest::prelude::*;
    use service_quality::boss_leader::Contrast;
    use service_quality::metrics::Level;
    use service_quality::proud::{Principle, ProudPolicy};
    use service_quality::{
        BandThresholds, CriticalRule, NotApplicableRule, Ratings, Scale, Score, Weights,
    };

    /// A confidence level between 50% and 99.9%.
    pub fn level() -> impl Strategy<Value = Level> {
        (0.5f64..0.999).prop_map(|l| Level::new(l).unwrap())
    }

    pub fn scale() -> impl Strategy<Value = Scale> {
        (-1000i32..1000, 1i32..1000).prop_map(|(min, width)| Scale::new(min, min + width).unwrap())
    }

    /// Ratings on `scale`, each dimension N/A with some chance where `na` allows it.
    pub fn ratings_on(scale: Scale, na: [bool; 5]) -> impl Strategy<Value = Ratings<Principle>> {
        proptest::array::uniform5((scale.min()..=scale.max(), any::<bool>())).prop_map(
            move |values| {
                let mut options = [None; 5];
                for (i, ((value, blank), allowed)) in values.into_iter().zip(na).enumerate() {
                    options[i] = (!(blank && allowed)).then_some(i64::from(value));
                }
                Ratings::from_options(scale, options).unwrap()
            },
        )
    }

    pub fn weights() -> impl Strategy<Value = Weights<Principle>> {
        proptest::array::uniform5(prop_oneof![Just(0.0), 0.0f64..10.0, 1e-9f64..1e-6])
            .prop_filter("at least one positive weight", |w| {
                w.iter().any(|&x| x > 0.0)
            })
            .prop_map(|w| Weights::from_array(w).unwrap())
    }

    pub fn bands() -> impl Strategy<Value = BandThresholds> {
        proptest::array::uniform3(0.0f64..=100.0).prop_filter_map("distinct thresholds", |mut t| {
            t.sort_by(f64::total_cmp);
            BandThresholds::new(t[0], t[1], t[2]).ok()
        })
    }

    pub fn critical_rule() -> impl Strategy<Value = CriticalRule> {
        prop_oneof![
            Just(CriticalRule::CapAtFailedItem),
            Just(CriticalRule::ScoreZero),
            Just(CriticalRule::FlagOnly),
        ]
    }

    pub fn not_applicable_rule() -> impl Strategy<Value = NotApplicableRule> {
        prop_oneof![
            Just(NotApplicableRule::LeaveOut),
            Just(NotApplicableRule::FullMarks)
        ]
    }

    /// `policy` with a pass mark on each principle where `marks` has one (none elsewhere), and
    /// N/A allowed where `na` says so.
    pub fn with_marks_and_na(
        mut policy: ProudPolicy,
        marks: [Option<f64>; 5],
        na: [bool; 5],
    ) -> ProudPolicy {
        for ((p, mark), allowed) in Principle::iter().zip(marks).zip(na) {
            policy = match mark {
                Some(m) => policy.with_critical(p, Score::new(m).unwrap()),
                None => policy.without_critical(p),
            }
            .with_not_applicable_allowed(p, allowed);
        }
        policy
    }

    /// A policy with any scale, weights, bands, pass marks on any principles, rules and N/A
    /// permissions, and ratings that use N/A where it is allowed.
    pub fn policy_and_ratings() -> impl Strategy<Value = (ProudPolicy, Ratings<Principle>)> {
        (
            scale(),
            weights(),
            bands(),
            proptest::array::uniform5(proptest::option::of(0.0f64..=100.0)),
            critical_rule(),
            not_applicable_rule(),
            proptest::array::uniform5(proptest::bool::weighted(0.3)),
        )
            .prop_flat_map(|(scale, weights, bands, marks, critical, na_rule, na)| {
                let policy = ProudPolicy::default()
                    .with_scale(scale)
                    .with_weights(weights)
                    .with_bands(bands)
                    .with_critical_rule(critical)
                    .with_not_applicable_rule(na_rule);
                let policy = with_marks_and_na(policy, marks, na);
                (Just(policy), ratings_on(scale, na))
            })
    }

    /// Boss-versus-leader ratings on `scale`.
    pub fn contrast_ratings(scale: Scale) -> impl Strategy<Value = Ratings<Contrast>> {
        proptest::collection::vec(scale.min()..=scale.max(), 10).prop_map(move |v| {
            Ratings::from_fn(scale, |c: Contrast| {
                i64::from(v[Contrast::iter().position(|x| x == c).unwrap_or(0)])
            })
            .unwrap()
        })
    }
}
