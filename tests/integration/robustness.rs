//! Robustness: arbitrary input into every public parser, constructor, statistic and
//! deserialiser. Whatever arrives, the crate answers with a value or a typed error; it never
//! panics, never returns NaN, and whatever it accepts from JSON it writes back in a form it reads
//! again as an equal value.
//!
//! The JSON properties (in `json`, which needs the `serde` feature) start from a valid document of
//! each type and damage it (replace a part with arbitrary JSON, drop a key, add one), so most
//! cases reach the validation behind the syntax; arbitrary documents cover the rest. Text,
//! numbers, statistics and sizes need no feature.

use crate::common::strategies::level;

use proptest::prelude::*;
use service_quality::boss_leader::{Contrast, PoleThresholds};
use service_quality::breakdown::{Aggregate, Breakdown, Cause, Severity};
use service_quality::form::{Choice, FormSummary, Item};
use service_quality::leadership::{Briefing, StyleThresholds};
use service_quality::metrics::drivers::key_drivers;
use service_quality::metrics::servqual::{Importance, Servqual};
use service_quality::metrics::{Ces, Csat, Level, Moments, Nps};
use service_quality::practices::WorkloadCheck;
use service_quality::proud::Principle;
use service_quality::reliability::{
    Calibration, CalibrationOptions, Kappa, KappaOptions, Measurement, Missing, Reference,
    Weighting, cohen_kappa, cronbach_alpha, cronbach_alpha_with_missing, fleiss_kappa,
    intraclass_correlation, krippendorff_alpha,
};
use service_quality::review::{RaterId, Review};
use service_quality::team::{ClimatePolicy, EmpowermentSignals, Overturned, SpreadPolicy};
use service_quality::{BandThresholds, Error, Rating, Ratings, Scale, Score, Summary, Weights};
use std::fmt::Debug;

// ---- JSON ----

/// Arbitrary, damaged and extreme JSON into every deserialisable type, and the JSON fuzz target's
/// seeds.
#[cfg(feature = "serde")]
mod json {
    use super::*;

    use serde::Serialize;
    use serde::de::DeserializeOwned;
    use serde_json::{Map, Value, json};
    use service_quality::boss_leader::LeaderPolicy;
    use service_quality::breakdown::{AttributionMethod, CauseSet, Totals, TriagePolicy};
    use service_quality::conversation::{Action, ConductPolicy};
    use service_quality::form::{Answer, Answers, Form, Section};
    use service_quality::leadership::{
        Area, BriefingElement, Function, Position, Profile, ProfilePolicy,
    };
    use service_quality::metrics::servqual::Response;
    use service_quality::practices::{
        Actor, ChannelVisit, Handoff, Journey, VersusOnline, WorkPeriod, Workload,
    };
    use service_quality::proud::{Assessment, ProudPolicy};
    use service_quality::reply::PhraseRule;
    use service_quality::review::{Observer, RaterRole, ReviewPolicy};
    use service_quality::team::{Candidate, ClimateSurvey, DistributedLeadership, HiringScreen};
    use service_quality::{Band, CriticalRule, GroupBy, NotApplicableRule, Policy};

    /// Reads `value` as a `T`; if that succeeds, writes it back, reads that again and checks the two
    /// are equal and that writing is stable, and returns what it wrote. A rejection must carry a
    /// message.
    fn accepts_or_rejects<T>(value: &Value) -> Result<Option<Value>, String>
    where
        T: Serialize + DeserializeOwned + PartialEq + Debug,
    {
        let parsed = match serde_json::from_value::<T>(value.clone()) {
            Ok(parsed) => parsed,
            Err(e) if e.to_string().is_empty() => return Err(format!("empty error for {value}")),
            Err(_) => return Ok(None),
        };
        let written =
            serde_json::to_value(&parsed).map_err(|e| format!("cannot write back: {e}"))?;
        let again: T = serde_json::from_value(written.clone())
            .map_err(|e| format!("accepted {value} but rejects its own output {written}: {e}"))?;
        if again != parsed {
            return Err(format!("{parsed:?} came back as {again:?}"));
        }
        let rewritten = serde_json::to_value(&again).map_err(|e| e.to_string())?;
        if rewritten != written {
            return Err(format!(
                "output changed on a second trip: {written} then {rewritten}"
            ));
        }
        Ok(Some(written))
    }

    type Check = fn(&Value) -> Result<Option<Value>, String>;

    /// One valid value of every deserialisable type, as JSON, with the check for that type.
    fn samples() -> Vec<(&'static str, Value, Check)> {
        fn entry<T>(name: &'static str, value: T) -> (&'static str, Value, Check)
        where
            T: Serialize + DeserializeOwned + PartialEq + Debug,
        {
            let json = serde_json::to_value(&value).unwrap();
            (name, json, accepts_or_rejects::<T>)
        }
        let five = Scale::ONE_TO_FIVE;
        let proud = Ratings::<Principle>::from_array(five, [4, 5, 3, 4, 2]).unwrap();
        let profile = Profile::new(
            Position::Manager,
            Ratings::from_array(five, [4, 3, 5]).unwrap(),
            Ratings::from_array(five, [2, 3, 4, 5]).unwrap(),
        );
        let traits =
            Ratings::<Contrast>::from_array(Scale::ONE_TO_SEVEN, [1, 2, 3, 4, 5, 6, 7, 1, 2, 3])
                .unwrap();
        let observer = |id: &str, role| Observer::new(id, role, traits).unwrap();
        let review = Review::new(
            traits,
            vec![
                observer("a", RaterRole::Peer),
                observer("b", RaterRole::DirectReport),
                observer("c", RaterRole::Manager),
            ],
        )
        .unwrap();
        let mut aggregate = Aggregate::new();
        aggregate.add(&Breakdown::new([5, 3, 1, 1, 2]).unwrap());
        aggregate.add(
            &Breakdown::new([1, 1, 6, 6, 1])
                .unwrap()
                .try_with_severity(2.5)
                .unwrap(),
        );
        let causes = CauseSet::new(["billing", "bug", "courier"]).unwrap();
        let labelled = causes
            .breakdown([("bug", 7), ("courier", 2)])
            .unwrap()
            .try_with_severity(1.5)
            .unwrap();
        let mut labelled_aggregate = Aggregate::with_causes(&causes);
        labelled_aggregate.add(&labelled).unwrap();
        labelled_aggregate
            .add(&causes.breakdown([]).unwrap())
            .unwrap();
        // Values other than the defaults, so that a reader that dropped a field and filled in
        // the default would be caught.
        let bands = BandThresholds::new(40.0, 60.0, 80.0).unwrap();
        let weights = Weights::<Principle>::from_array([2.0, 1.0, 0.5, 1.0, 0.0]).unwrap();
        let policy_7 = Policy::<Principle>::new(Scale::ONE_TO_SEVEN)
            .with_weights(weights)
            .with_bands(bands);
        let style = StyleThresholds::new(55.0, 65.0).unwrap();
        let poles = PoleThresholds::new(30.0, 80.0).unwrap();
        let mut csat = Csat::new(Scale::ZERO_TO_TEN, 8).unwrap();
        for answer in [10, 9, 3] {
            csat.add(answer).unwrap();
        }
        let mut summary = Summary::<Principle>::new();
        let policy = ProudPolicy::default();
        summary.add(&proud.evaluate(&policy).unwrap());
        let mut by_team_month: GroupBy<(String, String), Summary<Principle>> = GroupBy::new();
        *by_team_month.entry(("north".to_owned(), "2026-11".to_owned())) = summary;
        let form = sample_form();
        let answers = Answers::from(vec![
            Answer::Rating(4),
            Answer::Yes,
            Answer::Choice(1),
            Answer::NotApplicable,
        ]);
        let mut form_summary = FormSummary::new(&form);
        form_summary.add(&answers.evaluate(&form).unwrap()).unwrap();
        let response = Response::new([5; 22], [4; 22]).unwrap();
        let mut servqual = Servqual::new();
        servqual.add(&response);
        servqual.add(&Response::perceptions_only([7; 22]).unwrap());
        vec![
            entry("Scale", Scale::new(-3, 3).unwrap()),
            entry("Rating", Rating::new(five, 4).unwrap()),
            entry("Score", Score::new(72.5).unwrap()),
            entry("Band", Band::Good),
            entry("BandThresholds", bands),
            entry("Weights", weights),
            entry("Ratings", proud),
            entry(
                "Policy",
                policy_7
                    .with_critical(Principle::Deliver, Score::new(40.0).unwrap())
                    .with_not_applicable_allowed(Principle::Understanding, true),
            ),
            entry("CriticalRule", CriticalRule::FlagOnly),
            entry("NotApplicableRule", NotApplicableRule::FullMarks),
            entry("Form", form),
            entry("Answers", answers),
            entry("FormSummary", form_summary),
            entry("GroupBy", by_team_month),
            entry("Assessment", Assessment::new(proud)),
            entry("Summary", summary),
            entry("Severity", Severity::new(3.0).unwrap()),
            entry("Breakdown", Breakdown::new([1, 2, 3, 4, 5]).unwrap()),
            entry("Aggregate", aggregate),
            entry("Cause", Cause::Rules),
            entry("CauseSet", causes.clone()),
            entry("CauseSetBreakdown", labelled.clone()),
            entry("CauseSetAggregate", labelled_aggregate),
            entry(
                "TriagePolicy",
                TriagePolicy::default()
                    .with_method(AttributionMethod::PlainShare)
                    .try_with_vital_few(0.6)
                    .unwrap(),
            ),
            entry("StyleThresholds", style),
            entry("ProfilePolicy", ProfilePolicy::default().with_style(style)),
            entry("Profile", profile),
            entry(
                "Briefing",
                Briefing::from_elements([BriefingElement::Reason, BriefingElement::Plan]).unwrap(),
            ),
            entry("Area", Area::Engagement),
            entry("Function", Function::Reviewing),
            entry("PoleThresholds", poles),
            entry(
                "LeaderPolicy",
                LeaderPolicy::default()
                    .with_poles(poles)
                    .with_plan_length(2),
            ),
            entry("RaterId", RaterId::new("rater-7").unwrap()),
            entry("Observer", observer("x", RaterRole::Peer)),
            entry("Review", review),
            entry(
                "ReviewPolicy",
                ReviewPolicy::<Contrast>::default()
                    .try_with_gap_threshold(12.5)
                    .unwrap()
                    .try_with_min_group_size(2)
                    .unwrap(),
            ),
            entry("Nps", Nps::from_answers([0, 6, 7, 9, 10, 10]).unwrap()),
            entry("Csat", csat),
            entry("Ces", Ces::from_answers([1, 5, 7]).unwrap()),
            entry("Level", Level::new(0.9).unwrap()),
            entry("Response", response),
            entry(
                "Importance",
                Importance::new([20.0, 30.0, 20.0, 15.0, 15.0]).unwrap(),
            ),
            entry("Servqual", servqual),
            entry(
                "ConductPolicy",
                ConductPolicy::new(Action::DeEscalate, Action::EndPolitely),
            ),
            entry(
                "EmpowermentSignals",
                EmpowermentSignals::new(
                    10,
                    Overturned {
                        in_good_faith: 1,
                        other: 2,
                    },
                    8,
                    5,
                    0.5,
                )
                .unwrap(),
            ),
            entry(
                "ClimatePolicy",
                ClimatePolicy::default()
                    .with_good_faith_overturns_tolerated(2)
                    .with_effort_bar(Score::new(60.0).unwrap())
                    .try_with_max_other_overturned(0.4)
                    .unwrap()
                    .try_with_min_acted_on(0.35)
                    .unwrap()
                    .try_with_min_manager_availability(0.15)
                    .unwrap(),
            ),
            entry(
                "DistributedLeadership",
                DistributedLeadership::new(12, 4, 3)
                    .unwrap()
                    .try_with_informal_leaders(2)
                    .unwrap()
                    .try_with_leadership_as_title(5)
                    .unwrap()
                    .try_with_seen_as_potential_leaders(7)
                    .unwrap(),
            ),
            entry(
                "SpreadPolicy",
                SpreadPolicy::default()
                    .with_level(Level::new(0.9).unwrap())
                    .try_with_leader_target(0.4)
                    .unwrap()
                    .try_with_min_decision_rights(0.3)
                    .unwrap()
                    .try_with_max_leadership_as_title(0.35)
                    .unwrap()
                    .try_with_min_seen_as_potential_leaders(0.45)
                    .unwrap(),
            ),
            entry(
                "ClimateSurvey",
                ClimateSurvey::new(
                    Ratings::from_array(five, [4, 3, 5]).unwrap(),
                    Ratings::from_array(five, [2, 5]).unwrap(),
                    EmpowermentSignals::new(10, Overturned::default(), 4, 2, 0.3).unwrap(),
                ),
            ),
            entry(
                "Candidate",
                Candidate::new(Score::new(40.0).unwrap(), Score::new(85.0).unwrap()),
            ),
            entry(
                "HiringScreen",
                HiringScreen::default()
                    .with_min_attitude(Score::new(55.0).unwrap())
                    .with_min_skill(Score::new(20.0).unwrap())
                    .with_ready_skill(Score::new(45.0).unwrap()),
            ),
            entry(
                "PhraseRule",
                PhraseRule::required_closing(
                    "sign-off",
                    ["kind regards", "best wishes"],
                    "sign off",
                )
                .unwrap(),
            ),
            entry(
                "Journey",
                Journey::new(vec![Handoff {
                    from: Actor::CustomerAssistant,
                    to: Actor::Agent,
                    context_kept: true,
                    agent_assisted: true,
                }]),
            ),
            entry(
                "ChannelVisit",
                ChannelVisit {
                    price: VersusOnline::Better,
                    service: VersusOnline::Worse,
                    convenience: VersusOnline::Same,
                    wait: VersusOnline::Worse,
                    wow: false,
                },
            ),
            entry("Workload", Workload::Sustainable),
            entry("WorkloadCheck", WorkloadCheck::new(12.0, 70.0).unwrap()),
            entry(
                "WorkPeriod",
                WorkPeriod::new(13.5, Score::new(64.0).unwrap()).unwrap(),
            ),
        ]
    }

    /// A form with every answer type, a section and a critical item.
    fn sample_form() -> Form {
        Form::builder("call_review", 3)
            .name("Call review")
            .section(
                Section::new("opening")
                    .unwrap()
                    .try_with_weight(1.0)
                    .unwrap(),
            )
            .section(
                Section::new("outcome")
                    .unwrap()
                    .try_with_weight(2.0)
                    .unwrap(),
            )
            .item(
                Item::scale("greeting", Scale::ONE_TO_FIVE)
                    .unwrap()
                    .with_section("opening"),
            )
            .item(
                Item::yes_no("verification")
                    .unwrap()
                    .with_section("opening")
                    .with_critical(Score::new(100.0).unwrap()),
            )
            .item(
                Item::choices(
                    "resolution",
                    vec![
                        Choice::new("first contact", 10.0).unwrap(),
                        Choice::new("follow-up", 5.0).unwrap(),
                        Choice::new("not resolved", 0.0).unwrap(),
                    ],
                )
                .unwrap()
                .with_section("outcome"),
            )
            .item(
                Item::scale("tone", Scale::ONE_TO_FIVE)
                    .unwrap()
                    .with_section("outcome")
                    .with_not_applicable(true),
            )
            .build()
            .unwrap()
    }

    /// Arbitrary JSON: every kind of number (including the extremes of each integer type and floats
    /// far outside any range), strings of arbitrary Unicode and of the names the crate uses, and
    /// nested arrays and objects.
    fn any_json() -> impl Strategy<Value = Value> {
        let number = prop_oneof![
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            (-20i64..120).prop_map(Value::from),
            any::<f64>().prop_map(Value::from), // NaN and infinities become null
            prop_oneof![
                Just(f64::MAX),
                Just(f64::MIN),
                Just(f64::MIN_POSITIVE),
                Just(-0.0),
                Just(1e300),
                Just(0.5),
            ]
            .prop_map(Value::from),
        ];
        let text = prop_oneof![
            any::<String>(),
            "[a-z_ -]{0,20}",
            proptest::sample::select(vocabulary()).prop_map(str::to_owned),
        ];
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            number,
            text.prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 64, 8, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..12).prop_map(Value::Array),
                proptest::collection::vec(
                    (
                        proptest::sample::select(vocabulary()).prop_map(str::to_owned),
                        inner
                    ),
                    0..8
                )
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
            ]
        })
    }

    /// Every object key and string that appears in the samples, so arbitrary JSON speaks the
    /// crate's language often enough to get past the first field.
    fn vocabulary() -> Vec<&'static str> {
        fn walk(value: &Value, words: &mut Vec<String>) {
            match value {
                Value::String(s) => words.push(s.clone()),
                Value::Array(items) => items.iter().for_each(|v| walk(v, words)),
                Value::Object(map) => {
                    for (k, v) in map {
                        words.push(k.clone());
                        walk(v, words);
                    }
                }
                _ => {}
            }
        }
        let mut words = Vec::new();
        for (_, value, _) in samples() {
            walk(&value, &mut words);
        }
        words.sort();
        words.dedup();
        // Leaked once per call: a few hundred bytes, and proptest's `select` wants 'static items.
        words.into_iter().map(|w| &*w.leak()).collect()
    }

    /// One edit to a JSON document at a path chosen by `steps`.
    #[derive(Debug, Clone)]
    enum Edit {
        Replace(Value),
        Remove,
        Insert(String, Value),
    }

    fn edit() -> impl Strategy<Value = Edit> {
        prop_oneof![
            3 => any_json().prop_map(Edit::Replace),
            1 => Just(Edit::Remove),
            1 => (proptest::sample::select(vocabulary()), any_json())
                .prop_map(|(k, v)| Edit::Insert(k.to_owned(), v)),
        ]
    }

    /// Applies `edit` at the node that `steps` lead to (each step picks a child by index modulo the
    /// number of children, stopping early at a leaf).
    fn apply(value: &mut Value, steps: &[usize], edit: &Edit) {
        let (step, rest) = match steps.split_first() {
            Some(split) => split,
            None => return apply_here(value, edit),
        };
        let child = match value {
            Value::Array(items) if !items.is_empty() => {
                let len = items.len();
                items.get_mut(step % len)
            }
            Value::Object(map) if !map.is_empty() => {
                let len = map.len();
                map.values_mut().nth(step % len)
            }
            _ => None,
        };
        match child {
            Some(child) if !rest.is_empty() || !matches!(edit, Edit::Remove) => {
                apply(child, rest, edit)
            }
            _ => apply_here(value, edit),
        }
    }

    fn apply_here(value: &mut Value, edit: &Edit) {
        match (edit, &mut *value) {
            (Edit::Replace(new), _) => *value = new.clone(),
            (Edit::Remove, Value::Object(map)) => {
                let first = map.keys().next().cloned();
                if let Some(k) = first {
                    map.remove(&k);
                }
            }
            (Edit::Remove, Value::Array(items)) => {
                items.pop();
            }
            (Edit::Insert(k, v), Value::Object(map)) => {
                map.insert(k.clone(), v.clone());
            }
            (Edit::Insert(_, v), Value::Array(items)) => items.push(v.clone()),
            _ => *value = Value::Object(Map::new()),
        }
    }

    proptest! {
        #![proptest_config(crate::common::cases(2_000))]

        #[test]
        fn damaged_documents_are_read_back_exactly_or_rejected(
            which in any::<usize>(),
            edits in proptest::collection::vec(
                (proptest::collection::vec(any::<usize>(), 0..4), edit()),
                1..4,
            ),
        ) {
            let samples = samples();
            let (name, mut document, check) = samples[which % samples.len()].clone();
            for (steps, edit) in &edits {
                apply(&mut document, steps, edit);
            }
            if let Err(problem) = check(&document) {
                return Err(TestCaseError::fail(format!("{name}: {problem}")));
            }
        }

        #[test]
        fn arbitrary_documents_are_read_back_exactly_or_rejected(document in any_json()) {
            for (name, _, check) in samples() {
                if let Err(problem) = check(&document) {
                    return Err(TestCaseError::fail(format!("{name}: {problem}")));
                }
            }
        }

        #[test]
        fn arbitrary_text_is_parsed_or_rejected_by_the_json_reader(text in any::<String>()) {
            // The text path (numbers beyond f64, duplicate keys, bad escapes) that `Value` cannot
            // express; only panics would fail this.
            let _ = serde_json::from_str::<Assessment>(&text);
            let _ = serde_json::from_str::<Aggregate>(&text);
            let _ = serde_json::from_str::<Review<Contrast>>(&text);
            let _ = serde_json::from_str::<Summary<Principle>>(&text);
        }
    }

    #[test]
    fn every_sample_reads_back_as_itself() {
        for (name, document, check) in samples() {
            assert_eq!(check(&document), Ok(Some(document.clone())), "{name}");
        }
    }

    #[test]
    fn numbers_beyond_every_range_are_rejected_not_wrapped() {
        let too_big = json!(u64::MAX);
        let huge_text = "1e400";
        assert!(serde_json::from_value::<Scale>(json!({"min": 1, "max": too_big})).is_err());
        assert!(serde_json::from_value::<Score>(json!(100.000_000_1)).is_err());
        assert!(serde_json::from_str::<Score>(huge_text).is_err());
        assert!(serde_json::from_value::<Severity>(json!(-0.0)).is_err());
    }

    // ---- Merging stored tallies never overflows ----

    #[test]
    fn merging_the_largest_stored_tallies_saturates_instead_of_overflowing() {
        let full: Nps = serde_json::from_value(json!({"counts": vec![u64::MAX; 11]})).unwrap();
        let mut merged = full;
        merged.merge(&full);
        assert_eq!(merged.count(), u64::MAX);
        assert!(merged.score().unwrap().is_finite());

        let ces: Ces = serde_json::from_value(json!({"counts": vec![u64::MAX; 7]})).unwrap();
        let mut merged = ces;
        merged.merge(&ces);
        assert!(merged.score().unwrap().is_finite());

        let csat: Csat = serde_json::from_value(json!({
            "scale": {"min": 1, "max": 5}, "satisfied_from": 4,
            "satisfied": u64::MAX, "total": u64::MAX
        }))
        .unwrap();
        let mut merged = csat;
        merged.merge(&csat).unwrap();
        assert_eq!(merged.count(), u64::MAX);
        assert!(merged.score().unwrap().is_finite());
    }

    // ---- The fuzz target's seeds ----

    /// The names in the JSON fuzz target's type list, in its order (a seed's first byte indexes it).
    fn fuzzed_types() -> Vec<&'static str> {
        include_str!("../../fuzz/fuzz_targets/json.rs")
            .lines()
            .filter_map(|line| line.trim().strip_prefix("(\""))
            .filter_map(|rest| rest.split('"').next())
            .collect()
    }

    #[test]
    fn the_fuzz_target_reads_the_same_types_as_this_suite() {
        let mut fuzzed = fuzzed_types();
        fuzzed.sort_unstable();
        let mut sampled: Vec<&str> = samples().iter().map(|(name, _, _)| *name).collect();
        sampled.sort_unstable();
        assert_eq!(fuzzed, sampled);
    }

    /// Writes one seed per type for the JSON fuzz target into `$FUZZ_SEEDS`: the type's index in the
    /// target's list, then a valid document. `scripts/fuzz` runs it before fuzzing.
    #[test]
    #[ignore = "writes files; run by scripts/fuzz"]
    fn write_fuzz_seeds() {
        let dir = std::path::PathBuf::from(std::env::var("FUZZ_SEEDS").unwrap());
        std::fs::create_dir_all(&dir).unwrap();
        let order = fuzzed_types();
        for (name, document, _) in samples() {
            let index = order.iter().position(|n| *n == name).unwrap();
            let mut seed = vec![u8::try_from(index).unwrap()];
            seed.extend(serde_json::to_vec(&document).unwrap());
            std::fs::write(dir.join(name), seed).unwrap();
        }
    }

    proptest! {
        #![proptest_config(crate::common::cases(2_000))]

        #[test]
        fn stored_totals_and_counts_accept_or_reject_any_numbers(
            count in prop_oneof![any::<u64>(), 0u64..4, Just(u64::MAX)],
            counts in proptest::array::uniform4(prop_oneof![any::<u64>(), 0u64..4, Just(u64::MAX)]),
            sums in proptest::array::uniform5(extreme_f64()),
            overall in extreme_f64(),
            small in proptest::array::uniform5(any::<u32>()),
        ) {
            let item = |sum: f64| json!({
                "answered": count, "counted": count, "sum": sum, "critical_failures": count / 2
            });
            let stored = json!({
                "overall": {
                    "count": count, "scored": count, "sum": overall, "sum_of_squares": sums[0],
                    "bands": {
                        "poor": counts[0], "needs_improvement": counts[1],
                        "good": counts[2], "excellent": counts[3]
                    },
                    "critical_failures": count / 2
                },
                "items": {
                    "polite_and_professional": item(sums[0]), "respect": item(sums[1]),
                    "ownership": item(sums[2]), "understanding": item(sums[3]),
                    "deliver": item(sums[4])
                }
            });
            if let Ok(s) = serde_json::from_value::<Summary<Principle>>(stored) {
                for p in Principle::iter() {
                    let mean = s.mean(p).map_or(0.0, Score::get);
                    prop_assert!((0.0..=100.0).contains(&mean), "{mean}");
                }
                if let Some(variance) = s.overall_variance() {
                    prop_assert!(variance.is_finite() && variance >= 0.0, "{variance}");
                }
                let mut merged = s;
                merged.merge(&s);
                prop_assert!(merged.count() >= s.count());
            }
            // Stored exact totals are units of 2^-64; any u128 is a possible (tampered) value.
            let units = |x: f64| (x * 18_446_744_073_709_551_616.0) as u128;
            let stored = Totals {
                count,
                unattributed: count / 2,
                total_weight_units: units(overall),
                attributed_weight_units: units(sums[0]),
                above_floor: sums.map(units),
                plain: [units(overall) / 5; 5],
            };
            if let Ok(a) = Aggregate::from_totals(stored) {
                for method in AttributionMethod::iter() {
                    let Ok(shares) = a.attribution_by(method) else { continue };
                    for (_, share) in shares.iter() {
                        prop_assert!(share.is_finite() && (0.0..=1.0).contains(&share), "{share}");
                    }
                }
            }
            let nps = Nps::from_counts([counts[0], counts[1], 0, 0, 0, 0, 0, counts[2], 0, 0, counts[3]]);
            if let Ok(score) = nps.score() {
                prop_assert!((-100.0..=100.0).contains(&score), "{score}");
            }
            let ces = Ces::from_counts([counts[0], 0, counts[1], 0, counts[2], 0, counts[3]]);
            if let Ok(mean) = ces.score() {
                prop_assert!((1.0..=7.0).contains(&mean), "{mean}");
            }
            if let Ok(d) = DistributedLeadership::new(small[0], small[1], small[2]) {
                prop_assert!((0.0..=1.0).contains(&d.leader_share()));
                prop_assert!((0.0..=1.0).contains(&d.decision_rights_share()));
            }
            let overturned = Overturned { in_good_faith: small[1], other: small[4] };
            if let Ok(e) = EmpowermentSignals::new(small[0], overturned, small[2], small[3], 0.5) {
                let shares = [e.overturned_share(), e.other_overturned_share(), e.acted_on_share()];
                for share in shares.into_iter().flatten() {
                    prop_assert!((0.0..=1.0).contains(&share));
                }
            }
        }
    }
}

// ---- Text parsers ----

proptest! {
    #![proptest_config(crate::common::cases(2_000))]

    #[test]
    fn names_parse_exactly_or_say_what_they_expected(text in any::<String>()) {
        // Every named enum: a panic here is reported by proptest with the shrunk input.
        fn one<T>(_variants: impl Iterator<Item = T>, text: &str)
        where
            T: std::str::FromStr<Err = Error> + std::fmt::Display + PartialEq + Debug,
        {
            match text.parse::<T>() {
                Ok(value) => assert_eq!(value.to_string().parse::<T>().ok(), Some(value)),
                Err(Error::UnknownName { value, expected, .. }) => {
                    assert_eq!(value, text);
                    assert!(expected.starts_with("one of"), "{expected}");
                }
                Err(other) => panic!("untyped rejection: {other:?}"),
            }
        }
        for_every_named_enum!(one, &text);
    }

    #[test]
    fn score_text_parses_to_the_number_or_names_the_field(text in prop_oneof![
        any::<String>(),
        any::<f64>().prop_map(|x| x.to_string()),
        "-?[0-9]{0,4}(\\.[0-9]{0,4})?(e-?[0-9]{1,3})?",
    ]) {
        match text.parse::<Score>() {
            Ok(score) => {
                prop_assert!((0.0..=100.0).contains(&score.get()));
                prop_assert_eq!(Some(score.get()), text.trim().parse::<f64>().ok());
            }
            Err(e) => prop_assert!(e.to_string().contains("score"), "{e}"),
        }
    }

    #[test]
    fn rater_ids_are_kept_or_rejected_as_text(text in any::<String>()) {
        match RaterId::new(text.clone()) {
            Ok(id) => prop_assert_eq!(id.as_str(), text.trim()),
            Err(Error::EmptyText { .. } | Error::InvalidText { .. }) => {}
            Err(other) => prop_assert!(false, "untyped rejection: {other:?}"),
        }
    }
}

// ---- Constructors and statistics on extreme numbers ----

/// Any f64, with the values that break arithmetic over-represented.
fn extreme_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>(),
        proptest::sample::select(vec![
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            f64::EPSILON,
            -0.0,
            0.0,
            1e300,
            -1e300,
            100.0,
            1.0,
        ]),
        -200.0..200.0,
    ]
}

/// Asserts a constructor's rejection names the value it was given.
fn names_value(result: &Error, value: f64) -> bool {
    let text = result.to_string();
    text.contains(&value.to_string()) || text.contains(&format!("{value:?}"))
}

proptest! {
    #![proptest_config(crate::common::cases(2_000))]

    #[test]
    fn numeric_constructors_accept_their_range_or_name_the_value(x in extreme_f64(), y in extreme_f64()) {
        match Score::new(x) {
            Ok(s) => prop_assert!(s.get().to_bits() == x.to_bits() || (x == 0.0 && s.get() == 0.0)),
            Err(e) => prop_assert!(names_value(&e, x), "{e}"),
        }
        if let Err(e) = Severity::new(x) {
            prop_assert!(names_value(&e, x), "{e}");
        }
        if let Err(e) = Level::new(x) {
            prop_assert!(names_value(&e, x), "{e}");
        }
        if let Err(e) = Item::yes_no("x").and_then(|i| i.try_with_weight(x)) {
            prop_assert!(names_value(&e, x), "{e}");
        }
        if let Err(e) = Choice::new("c", x) {
            prop_assert!(names_value(&e, x), "{e}");
        }
        if let Err(e) = BandThresholds::new(x, y, 90.0) {
            prop_assert!(names_value(&e, x) || names_value(&e, y), "{e}");
        }
        if let Err(e) = Weights::<Principle>::from_array([1.0, x, 1.0, y, 1.0]) {
            prop_assert!(names_value(&e, x) || names_value(&e, y), "{e}");
        }
        if let Err(e) = StyleThresholds::new(x, y) {
            prop_assert!(names_value(&e, x) || names_value(&e, y), "{e}");
        }
        if let Err(e) = PoleThresholds::new(x, y) {
            prop_assert!(names_value(&e, x) || names_value(&e, y), "{e}");
        }
        let climate = ClimatePolicy::default();
        for result in [
            climate.try_with_max_other_overturned(x),
            climate.try_with_min_acted_on(x),
            climate.try_with_min_manager_availability(x),
        ] {
            if let Err(e) = result {
                prop_assert!(names_value(&e, x), "{e}");
            }
        }
        let spread = SpreadPolicy::default();
        for result in [
            spread.try_with_leader_target(y),
            spread.try_with_min_decision_rights(y),
            spread.try_with_max_leadership_as_title(y),
            spread.try_with_min_seen_as_potential_leaders(y),
        ] {
            if let Err(e) = result {
                prop_assert!(names_value(&e, y), "{e}");
            }
        }
        if let Err(e) = WorkloadCheck::new(x, y) {
            prop_assert!(names_value(&e, x) || names_value(&e, y), "{e}");
        }
        if let Err(e) = Importance::new([x, y, 0.0, 0.0, 100.0]) {
            prop_assert!(!e.to_string().is_empty());
        }
        if let Err(e) = EmpowermentSignals::new(3, Overturned { in_good_faith: 1, other: 0 }, 3, 1, x) {
            prop_assert!(names_value(&e, x), "{e}");
        }
        if let Ok(b) = Breakdown::new([2, 1, 1, 1, 1]).unwrap().try_with_severity(x) {
            prop_assert!(b.weight().is_finite() && b.weight() > 0.0);
        }
    }

    #[test]
    fn integer_constructors_accept_their_range_or_name_the_value(
        a in any::<i64>(), b in any::<i32>(), c in any::<i32>(),
    ) {
        let scale = Scale::new(b, c);
        prop_assert_eq!(scale.is_ok(), b < c);
        if let Ok(scale) = scale {
            match Rating::new(scale, a) {
                Ok(r) => prop_assert_eq!(i64::from(r.get()), a),
                Err(e) => prop_assert!(e.to_string().contains(&a.to_string()), "{e}"),
            }
            if let Ok(csat) = Csat::new(scale, a) {
                prop_assert!(csat.score().is_err());
            }
        }
        for result in [Nps::from_answers([a]).err(), Ces::from_answers([a]).err()].into_iter().flatten() {
            prop_assert!(result.to_string().contains(&a.to_string()), "{result}");
        }
        if let Err(e) = Breakdown::new([b.into(), c.into(), 1, 1, 1]) {
            prop_assert!(e.to_string().contains(&b.to_string()) || e.to_string().contains(&c.to_string()), "{e}");
        }
    }

    #[test]
    fn kappa_on_any_labels_is_finite_and_at_most_one(
        pairs in proptest::collection::vec(
            (prop_oneof![any::<i64>(), -3i64..3], prop_oneof![any::<i64>(), -3i64..3]),
            0..40,
        ),
        extra in proptest::collection::vec(any::<i64>(), 0..3),
    ) {
        let (a, mut b): (Vec<i64>, Vec<i64>) = pairs.into_iter().unzip();
        for w in [Weighting::Unweighted, Weighting::Linear, Weighting::Quadratic] {
            if let Ok(k) = cohen_kappa(&a, &b, w) {
                prop_assert!(k.is_finite() && k <= 1.0 + 1e-9, "{w:?} {k}");
            }
        }
        b.extend(extra);
        if a.len() != b.len() {
            let mismatch = matches!(cohen_kappa(&a, &b, Weighting::Linear), Err(Error::Mismatch { .. }));
            prop_assert!(mismatch);
        }
    }

    #[test]
    fn fleiss_kappa_on_any_counts_is_finite_and_at_most_one(
        rows in proptest::collection::vec(
            proptest::collection::vec(prop_oneof![any::<u64>(), 0u64..4, Just(u64::MAX)], 0..4),
            0..8,
        ),
    ) {
        if let Ok(k) = fleiss_kappa(&rows) {
            prop_assert!(k.is_finite() && k <= 1.0 + 1e-9, "{k}");
        }
    }

    #[test]
    fn alphas_on_any_numbers_are_finite_and_at_most_one(
        rows in proptest::collection::vec(proptest::collection::vec(extreme_f64(), 0..5), 0..8),
        holes in proptest::collection::vec(any::<bool>(), 40),
    ) {
        match cronbach_alpha(&rows) {
            Ok(a) => {
                prop_assert!(a.alpha().is_finite() && a.alpha() <= 1.0 + 1e-9, "{}", a.alpha());
                for d in a.if_deleted().iter().flatten() {
                    prop_assert!(d.is_finite() && *d <= 1.0 + 1e-9, "{d}");
                }
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
        let mut hole = holes.iter().cycle();
        let with_gaps: Vec<Vec<Option<f64>>> = rows
            .iter()
            .map(|r| r.iter().map(|&v| (!hole.next().copied().unwrap_or(false)).then_some(v)).collect())
            .collect();
        for m in Measurement::iter() {
            if let Ok(alpha) = krippendorff_alpha(&with_gaps, m) {
                prop_assert!(alpha.is_finite() && alpha <= 1.0 + 1e-9, "{m:?} {alpha}");
            }
        }
    }

    #[test]
    fn large_finite_values_give_the_same_alpha_as_small_ones(
        rows in proptest::collection::vec(proptest::collection::vec(1u8..=5, 3), 3..12),
        exponent in 0i32..=1021,
    ) {
        // Both alphas are unchanged, to the last bit, when every value is multiplied by the same
        // power of two: the scaling inside them is exact.
        let factor = 2f64.powi(exponent);
        let small: Vec<Vec<f64>> = rows.iter().map(|r| r.iter().map(|&v| f64::from(v)).collect()).collect();
        let large: Vec<Vec<f64>> = small.iter().map(|r| r.iter().map(|v| v * factor).collect()).collect();
        match (cronbach_alpha(&small), cronbach_alpha(&large)) {
            (Ok(s), Ok(l)) => {
                prop_assert_eq!(s.alpha().to_bits(), l.alpha().to_bits());
                let bits = |a: &service_quality::reliability::CronbachAlpha| -> Vec<Option<u64>> {
                    a.if_deleted().iter().map(|d| d.map(f64::to_bits)).collect()
                };
                prop_assert_eq!(bits(&s), bits(&l));
            }
            (s, l) => prop_assert_eq!(s.is_err(), l.is_err()),
        }
        let wrap = |t: &Vec<Vec<f64>>| -> Vec<Vec<Option<f64>>> {
            t.iter().map(|r| r.iter().map(|&v| Some(v)).collect()).collect()
        };
        for m in [Measurement::Interval, Measurement::Ratio] {
            match (krippendorff_alpha(&wrap(&small), m), krippendorff_alpha(&wrap(&large), m)) {
                (Ok(s), Ok(l)) => prop_assert_eq!(s.to_bits(), l.to_bits(), "{:?} {} {}", m, s, l),
                (s, l) => prop_assert_eq!(s.is_err(), l.is_err()),
            }
        }
    }
}

#[test]
fn values_above_half_of_f64_max_give_the_same_statistics_as_small_ones() {
    // 2^1021 × 5 lies above 2^1023, where a scale computed as 1 / 2^1024 would be zero and every
    // value would collapse to one; the property above reaches that region only rarely.
    let factor = 2f64.powi(1021);
    let small = [
        [1.0, 2.0, 2.0],
        [3.0, 3.0, 4.0],
        [5.0, 4.0, 5.0],
        [2.0, 1.0, 1.0],
    ];
    let large = small.map(|row| row.map(|v| v * factor));
    let (s, l) = (
        cronbach_alpha(&small).unwrap(),
        cronbach_alpha(&large).unwrap(),
    );
    assert_eq!(s.alpha().to_bits(), l.alpha().to_bits());
    let wrap = |rows: [[f64; 3]; 4]| rows.map(|row| row.map(Some));
    for m in [Measurement::Interval, Measurement::Ratio] {
        let s = krippendorff_alpha(&wrap(small), m).unwrap();
        let l = krippendorff_alpha(&wrap(large), m).unwrap();
        assert_eq!(s.to_bits(), l.to_bits(), "{m:?}");
    }
    let teams = crate::common::four_teams;
    let (s, l) = (
        service_quality::team::reflection(&teams(1.0)).unwrap(),
        service_quality::team::reflection(&teams(factor)).unwrap(),
    );
    assert_eq!(s.to_bits(), l.to_bits());
}

// ---- Huge and empty collections ----

#[test]
fn empty_input_is_an_error_or_an_empty_answer_everywhere() {
    let none: [[f64; 0]; 0] = [];
    assert!(matches!(
        cronbach_alpha(&none),
        Err(Error::Degenerate { .. })
    ));
    let none: [[u64; 0]; 0] = [];
    assert!(matches!(fleiss_kappa(&none), Err(Error::Empty { .. })));
    assert!(matches!(
        cohen_kappa(&[], &[], Weighting::Linear),
        Err(Error::Empty { .. })
    ));
    let none: [[Option<f64>; 0]; 0] = [];
    assert!(krippendorff_alpha(&none, Measurement::Interval).is_err());
    assert!(Nps::new().score().is_err());
    assert!(Aggregate::new().ranking().is_err());
    assert_eq!(Summary::<Principle>::new().mean_overall(), None);
    assert_eq!(FormSummary::default().mean_overall(), None);
    assert!(
        Review::new(
            Ratings::<Contrast>::from_array(Scale::ONE_TO_FIVE, [3; 10]).unwrap(),
            vec![]
        )
        .is_err()
    );
    assert!(Briefing::from_elements([]).is_ok());
    let checker = crate::common::reply_checker();
    assert!(checker.check("").findings().is_empty());
}

#[test]
fn huge_collections_are_summarised_without_overflow_or_loss() {
    // 200,000 answers of each kind and one long reply: counts stay exact, results finite.
    let n = 200_000;
    let nps = Nps::from_answers((0..n).map(|i| i % 11)).unwrap();
    assert_eq!(nps.count(), n as u64);
    assert!(nps.score().unwrap().is_finite());
    let rows: Vec<[f64; 4]> = (0..n)
        .map(|i| {
            let v = (i % 5) as f64;
            [v, v, (i % 3) as f64, v]
        })
        .collect();
    assert!(cronbach_alpha(&rows).unwrap().alpha().is_finite());
    let mut aggregate = Aggregate::new();
    let b = Breakdown::new([9, 2, 1, 1, 2]).unwrap();
    for _ in 0..n {
        aggregate.add(&b);
    }
    assert_eq!(aggregate.count(), n as u64);
    let top = aggregate.ranking().unwrap().top();
    assert_eq!(top, Cause::Process);
    let reply = "Thanks for waiting, I'll sort it out myself. ".repeat(50_000);
    let findings = crate::common::reply_checker().check(&reply);
    assert!(findings.findings().len() <= reply.len());
}

proptest! {
    #![proptest_config(crate::common::cases(2_000))]

    #[test]
    fn climate_reflection_is_a_correlation_for_any_customer_scores(
        teams in proptest::collection::vec((0.0f64..=100.0, extreme_f64()), 0..8),
    ) {
        let teams: Vec<(Score, f64)> =
            teams.into_iter().map(|(s, y)| (Score::new(s).unwrap(), y)).collect();
        if let Ok(r) = service_quality::team::reflection(&teams) {
            prop_assert!(r.is_finite() && (-1.0 - 1e-9..=1.0 + 1e-9).contains(&r), "{r}");
        }
    }
}

// ---- Degenerate and arbitrary input to the statistics ----

#[test]
fn degenerate_input_is_an_error() {
    assert!(matches!(Nps::new().score(), Err(Error::Empty { .. })));
    assert!(matches!(
        Csat::default().interval(Level::default()),
        Err(Error::Empty { .. })
    ));
    assert!(matches!(
        Ces::from_answers([4]).unwrap().interval(Level::default()),
        Err(Error::Degenerate { .. })
    ));
    assert!(matches!(
        cohen_kappa(&[1, 1], &[1, 1], Weighting::Linear),
        Err(Error::Degenerate { .. })
    ));
    assert!(matches!(
        cohen_kappa(&[1, 2], &[1], Weighting::Linear),
        Err(Error::Mismatch { .. })
    ));
    assert!(
        matches!(fleiss_kappa(&[[1u64, 0]]), Err(Error::Degenerate { .. })),
        "single rater"
    );
    assert!(matches!(
        fleiss_kappa(&[[3u64, 0], [2, 0]]),
        Err(Error::Mismatch { .. })
    ));
    assert!(matches!(
        cronbach_alpha(&[[1.0, 2.0]]),
        Err(Error::Degenerate { .. })
    ));
    assert!(matches!(
        cronbach_alpha(&[[1.0, f64::NAN], [2.0, 3.0]]),
        Err(Error::ValueOutOfRange { .. })
    ));
    let one_rater = [[Some(1.0), Some(2.0), Some(3.0)]];
    assert!(matches!(
        krippendorff_alpha(&one_rater, Measurement::Nominal),
        Err(Error::Degenerate { .. })
    ));
    assert!(matches!(
        Level::new(f64::NAN),
        Err(Error::ValueOutOfRange { .. })
    ));
    assert!(matches!(
        Level::new(0.0),
        Err(Error::ValueOutOfRange { .. })
    ));
    assert!(matches!(
        Importance::new([20.0, 20.0, 20.0, 20.0, 21.0]),
        Err(Error::Inconsistent { .. })
    ));
    assert!(matches!(
        Importance::new([-20.0, 40.0, 40.0, 20.0, 20.0]),
        Err(Error::InvalidWeight { .. })
    ));
    assert!(matches!(
        Servqual::new().unweighted_score(),
        Err(Error::Empty { .. })
    ));
}

/// Any float, the extremes and non-finite values included.
fn any_number() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => -10.0f64..10.0,
        2 => any::<f64>(),
        1 => prop::sample::select(vec![
            f64::NAN, f64::INFINITY, f64::NEG_INFINITY, f64::MAX, -f64::MAX, 0.0, -0.0,
            f64::MIN_POSITIVE,
        ]),
    ]
}

proptest! {
    #![proptest_config(crate::common::cases(500))]

    #[test]
    fn arbitrary_numbers_give_finite_answers_or_typed_errors(
        values in proptest::collection::vec(any_number(), 0..48),
        width in 1usize..5,
        level in level(),
    ) {
        let finite = |x: f64| x.is_finite();
        if let Ok(m) = Moments::from_values(&values) {
            prop_assert!(finite(m.mean()) && finite(m.variance()));
            if let Ok(ci) = m.interval(level) {
                prop_assert!(finite(ci.lower()) && finite(ci.upper()));
            }
        }
        let rows: Vec<Vec<f64>> = values.chunks_exact(width).map(<[f64]>::to_vec).collect();
        if let Ok(icc) = intraclass_correlation(&rows, level) {
            for e in icc.estimates() {
                prop_assert!(e.value() <= 1.0 + 1e-9 && finite(e.value()));
                prop_assert!(finite(e.interval().lower()) && finite(e.interval().upper()));
                prop_assert!(finite(e.f_statistic()) && (0.0..=1.0).contains(&e.p_value()));
            }
        }
        let optional: Vec<Vec<Option<f64>>> = rows
            .iter()
            .map(|r| r.iter().map(|&v| (v != 0.0).then_some(v)).collect())
            .collect();
        for missing in [Missing::Pairwise, Missing::Listwise] {
            if let Ok(a) = cronbach_alpha_with_missing(&optional, missing) {
                // Pairwise covariances need not form a proper covariance matrix, so pairwise
                // alpha may exceed 1; listwise alpha cannot.
                prop_assert!(finite(a.alpha()));
                prop_assert!(missing == Missing::Pairwise || a.alpha() <= 1.0 + 1e-9);
                let ci = a.interval(level);
                prop_assert!(finite(ci.upper()) && !ci.lower().is_nan());
                prop_assert!(ci.contains(a.alpha()));
            }
        }
        if width >= 2 {
            let outcome: Vec<f64> = rows.iter().map(|r| r[0]).collect();
            let items: Vec<(String, Vec<f64>)> = (1..width)
                .map(|j| (format!("item {j}"), rows.iter().map(|r| r[j]).collect()))
                .collect();
            if let Ok(analysis) = key_drivers(&outcome, &items, level) {
                prop_assert!(finite(analysis.r_squared()));
                for d in analysis.drivers() {
                    prop_assert!(finite(d.shapley()));
                    prop_assert!(d.pearson().estimate().abs() <= 1.0);
                    prop_assert!(finite(d.spearman().lower()) && finite(d.spearman().upper()));
                }
            }
        }
        let mut session = Calibration::new();
        for (i, &v) in values.iter().enumerate() {
            let reviewer = ["lead", "ana", "ben"][i % 3];
            let added = session.add(&format!("call {}", i / 6), &format!("item {}", i / 3 % 2), reviewer, Some(v));
            prop_assert_eq!(added.is_ok(), v.is_finite() && v.abs() <= 1e15);
        }
        for reference in [Reference::Consensus, Reference::Calibrator("lead".into())] {
            if let Ok(report) = session.evaluate(&CalibrationOptions::default().with_reference(reference)) {
                for r in report.reviewers() {
                    prop_assert!(r.agreement().mean_signed_deviation().is_none_or(finite));
                    prop_assert!(r.agreement().mean_absolute_deviation().is_none_or(finite));
                }
                for item in report.items() {
                    if let Some(k) = item.kappa().kappa() {
                        prop_assert!(finite(k.value()) && finite(k.standard_error()));
                    }
                    for outcome in [item.ac1(), item.alpha()] {
                        if let Some(e) = outcome.estimate() {
                            prop_assert!(finite(e.value()));
                            prop_assert!(e.standard_error().is_none_or(finite));
                        }
                    }
                    prop_assert!(item.value_to_read().is_none_or(finite));
                }
            }
        }
    }

    #[test]
    fn kappa_on_any_table_is_finite_and_at_most_one(
        cells in proptest::collection::vec(prop_oneof![0u64..5, any::<u64>()], 0..26),
        width in 1usize..6,
        weighting in prop::sample::select(vec![
            Weighting::Unweighted, Weighting::Linear, Weighting::Quadratic,
        ]),
    ) {
        let table: Vec<Vec<u64>> = cells.chunks(width).map(<[u64]>::to_vec).collect();
        let options = KappaOptions::default().with_weighting(weighting);
        if let Ok(k) = Kappa::from_table(&table, &options) {
            prop_assert!(k.value().is_finite() && k.value() <= 1.0);
            prop_assert!(k.standard_error().is_finite());
            prop_assert!(k.interval().contains(k.value()));
        }
    }
}
