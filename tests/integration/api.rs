//! The public API's promises across modules: thread safety, `Copy` where promised, every named
//! enum's text behaviour (`Display`/`FromStr` round trips, unknown names, serde text, names
//! and descriptions) with a check that the list of named enums is complete, the exact error
//! texts, and each model's default policy.

use service_quality::proud::{
    Assessment, CopingReaction, FirstHurdle, Principle, ProudPolicy, Scenario, Verdict,
};
use service_quality::{
    Band, BandThresholds, Dimension, Error, Policy, Rating, Ratings, Scale, Score, Scorecard,
    Weights,
};

fn assert_send_sync<T: Send + Sync>() {}
fn assert_copy<T: Copy>() {}

#[test]
fn public_types_are_send_sync_and_copy() {
    assert_send_sync::<Error>();
    macro_rules! all {
        ($($t:ty),* $(,)?) => {$( assert_send_sync::<$t>(); assert_copy::<$t>(); )*};
    }
    all!(
        Scale,
        Rating,
        Score,
        Band,
        BandThresholds,
        Ratings<Principle>,
        Weights<Principle>,
        Policy<Principle>,
        Scorecard<Principle>,
        service_quality::Outcome,
        service_quality::ItemSummary,
        service_quality::CriticalRule,
        service_quality::NotApplicableRule,
        Principle,
        Scenario,
        CopingReaction,
        FirstHurdle,
        Assessment,
        Verdict,
        service_quality::Summary<Principle>,
        service_quality::leadership::Profile,
        service_quality::leadership::ProfileReport,
        service_quality::leadership::Briefing,
        service_quality::boss_leader::LeaderReport,
        service_quality::boss_leader::DevelopmentStep,
        service_quality::breakdown::Attribution,
        service_quality::breakdown::Ranking,
        service_quality::breakdown::Triage,
        service_quality::breakdown::Comparison,
        service_quality::breakdown::Severity,
        service_quality::breakdown::FiveCauses,
        service_quality::breakdown::TriagePolicy,
        service_quality::breakdown::VitalFewThreshold,
        service_quality::review::Report<Principle>,
        service_quality::review::ReviewPolicy<Principle>,
        service_quality::team::EmpowermentSignals,
        service_quality::team::DistributedLeadership,
        service_quality::team::HiringScreen,
        service_quality::team::ClimatePolicy,
        service_quality::team::ClimateReport,
        service_quality::team::Overturned,
        service_quality::team::SpreadPolicy,
        service_quality::team::SpreadReport,
        service_quality::team::LeadingByExample,
        service_quality::practices::ChannelVisit,
        service_quality::practices::WorkloadCheck,
        service_quality::conversation::ConductPolicy,
        service_quality::conversation::Checklist,
        service_quality::conversation::ResolutionRecord,
        service_quality::reply::ReplyContext<'static>,
        service_quality::metrics::Nps,
        service_quality::metrics::Csat,
        service_quality::metrics::Ces,
        service_quality::metrics::Level,
        service_quality::metrics::Interval,
        service_quality::metrics::servqual::Response,
        service_quality::metrics::servqual::Servqual,
        service_quality::form::Answer,
        service_quality::batch::Column<'static>,
    );
    // Not Copy (they own heap data), but shareable across threads.
    assert_send_sync::<service_quality::breakdown::Breakdown>();
    assert_send_sync::<service_quality::breakdown::Aggregate>();
    assert_send_sync::<service_quality::breakdown::CauseSet>();
    assert_send_sync::<service_quality::breakdown::Breakdown<service_quality::breakdown::CauseSet>>(
    );
    assert_send_sync::<service_quality::breakdown::Aggregate<service_quality::breakdown::CauseSet>>(
    );
    assert_send_sync::<service_quality::breakdown::Triage<service_quality::breakdown::CauseSet>>();
    assert_send_sync::<service_quality::breakdown::Totals<Vec<f64>>>();
    assert_send_sync::<service_quality::review::Review<Principle>>();
    assert_send_sync::<service_quality::reply::ReplyChecker>();
    assert_send_sync::<service_quality::reply::ReplyReport>();
    assert_send_sync::<service_quality::reply::PhraseRule>();
    assert_send_sync::<service_quality::reply::Incoming>();
    assert_send_sync::<service_quality::conversation::OpinionResponse>();
    assert_send_sync::<service_quality::practices::ResponseTimes>();
    assert_send_sync::<service_quality::batch::BatchScorer<Principle>>();
    assert_send_sync::<service_quality::GroupBy<String, service_quality::Summary<Principle>>>();
    assert_send_sync::<service_quality::reliability::CronbachAlpha>();
    assert_send_sync::<service_quality::metrics::Moments>();
    assert_send_sync::<service_quality::metrics::Share>();
    assert_send_sync::<service_quality::metrics::compare::Difference>();
    assert_send_sync::<service_quality::metrics::drivers::KeyDrivers>();
    assert_send_sync::<service_quality::metrics::drivers::Driver>();
    assert_send_sync::<service_quality::reliability::Kappa>();
    assert_send_sync::<service_quality::reliability::KappaOptions>();
    assert_send_sync::<service_quality::reliability::Calibration>();
    assert_send_sync::<service_quality::reliability::CalibrationOptions>();
    assert_send_sync::<service_quality::reliability::CalibrationReport>();
    assert_send_sync::<service_quality::reliability::ItemCalibration>();
    assert_send_sync::<service_quality::reliability::ReviewerCalibration>();
    assert_send_sync::<service_quality::reliability::Agreement>();
    assert_send_sync::<service_quality::reliability::KappaOutcome>();
    assert_send_sync::<service_quality::reliability::Reference>();
    assert_send_sync::<service_quality::reliability::Icc>();
    assert_send_sync::<service_quality::reliability::IccEstimate>();
}

fn round_trips<T>(variants: impl Iterator<Item = T>)
where
    T: std::fmt::Display + std::str::FromStr<Err = Error> + PartialEq + std::fmt::Debug,
{
    for variant in variants {
        let text = variant.to_string();
        assert_eq!(text.parse::<T>().unwrap(), variant, "{text}");
        assert_eq!(text.to_uppercase().parse::<T>().unwrap(), variant, "{text}");
        assert!(
            text.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
            "not snake case: {text}"
        );
    }
}

/// The "expected one of" list in an unknown-name error must name every variant, so it cannot
/// drift from the enum.
fn unknown_name_lists_every_variant<T>(variants: impl Iterator<Item = T>)
where
    T: std::fmt::Display + std::str::FromStr<Err = Error>,
{
    let message = match "no such name".parse::<T>() {
        Err(Error::UnknownName { expected, .. }) => expected,
        Err(other) => panic!("wrong error: {other}"),
        Ok(_) => panic!("parsed nonsense"),
    };
    for variant in variants {
        assert!(
            message.contains(&variant.to_string()),
            "{message} lacks {variant}"
        );
    }
}

#[test]
fn unknown_names_list_every_accepted_name() {
    for_every_named_enum!(unknown_name_lists_every_variant);
}

#[test]
fn every_enum_variant_round_trips_through_display() {
    for_every_named_enum!(round_trips);
}

#[cfg(feature = "serde")]
fn serde_round_trips<T>(variants: impl Iterator<Item = T>)
where
    T: std::fmt::Display
        + serde::Serialize
        + serde::de::DeserializeOwned
        + PartialEq
        + std::fmt::Debug,
{
    for variant in variants {
        let json = serde_json::to_string(&variant).unwrap();
        assert_eq!(json, format!("\"{variant}\""));
        assert_eq!(serde_json::from_str::<T>(&json).unwrap(), variant);
    }
}

#[cfg(feature = "serde")]
#[test]
fn every_enum_serialises_as_its_display_text() {
    for_every_named_enum!(serde_round_trips);
}

/// Adds the last segment of `T`'s path (`Principle` for `service_quality::proud::Principle`).
fn record_name<T>(_variants: impl Iterator<Item = T>, names: &mut Vec<&'static str>) {
    let path = std::any::type_name::<T>();
    names.push(path.rsplit("::").next().unwrap_or(path));
}

/// Every enum declared under `src/` with `named_enum!` or `dimension_enum!`: the name in each
/// `pub enum NAME as "…"` outside comments (so the macros' doc examples do not count), with the
/// file that declares it.
fn declared_named_enums() -> Vec<(String, String)> {
    fn walk(dir: &std::path::Path, found: &mut Vec<(String, String)>) {
        let mut entries: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for line in text.lines().map(str::trim_start) {
                    if line.starts_with("//") {
                        continue;
                    }
                    let Some((_, rest)) = line.split_once("pub enum ") else {
                        continue;
                    };
                    let Some((name, after)) = rest.split_once(' ') else {
                        continue;
                    };
                    if after.starts_with("as \"") {
                        found.push((name.to_owned(), path.display().to_string()));
                    }
                }
            }
        }
    }
    let mut found = Vec::new();
    walk(
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")),
        &mut found,
    );
    found
}

/// `for_every_named_enum!` is a hand-kept list, so this test keeps it complete: every named enum
/// declared under `src/` must be on it (once), or the text checks above skip it unnoticed.
#[test]
fn for_every_named_enum_lists_every_declared_one() {
    let mut listed = Vec::new();
    for_every_named_enum!(record_name, &mut listed);
    let declared = declared_named_enums();
    // The scan must see the enums at all, or the check below would pass on nothing.
    assert!(
        declared.iter().any(|(name, _)| name == "Principle"),
        "the scan of src/ found no PROUD principles: {declared:?}"
    );
    let missing: Vec<String> = declared
        .iter()
        .filter(|(name, _)| !listed.contains(&name.as_str()))
        .map(|(name, file)| format!("{name} ({file})"))
        .collect();
    assert!(
        missing.is_empty(),
        "named enums missing from for_every_named_enum! in tests/integration/common.rs: {}",
        missing.join(", ")
    );
    let mut unique = listed.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), listed.len(), "listed twice: {listed:?}");
}

/// Names and descriptions are there to be shown: none may be empty, and no two dimensions of a
/// model (or two variants of a described enum) may share one.
fn texts_tell_variants_apart(
    kind: &str,
    texts: impl IntoIterator<Item = (&'static str, &'static str)>,
) {
    let texts: Vec<_> = texts.into_iter().collect();
    let mut names: Vec<_> = texts.iter().map(|t| t.0).collect();
    let mut descriptions: Vec<_> = texts.iter().map(|t| t.1).collect();
    assert!(
        names
            .iter()
            .chain(&descriptions)
            .all(|t| !t.trim().is_empty()),
        "{kind}: {texts:?}"
    );
    names.sort_unstable();
    names.dedup();
    descriptions.sort_unstable();
    descriptions.dedup();
    assert_eq!(names.len(), texts.len(), "{kind}: repeated name");
    assert_eq!(
        descriptions.len(),
        texts.len(),
        "{kind}: repeated description"
    );
}

fn dimension_texts<D: Dimension>() {
    texts_tell_variants_apart(D::KIND, D::iter().map(|d| (d.name(), d.description())));
}

#[test]
fn every_name_and_description_is_present_and_distinct() {
    use service_quality::boss_leader::Contrast;
    use service_quality::breakdown::{Cause, Warning};
    use service_quality::conversation::Action;
    use service_quality::leadership::{Area, Function, Position, Style};
    use service_quality::metrics::servqual::QualityDimension;
    use service_quality::practices::Practice;
    use service_quality::reply::Rule;
    use service_quality::team::Climate;
    use service_quality::team::ClimateWarning;
    dimension_texts::<Principle>();
    dimension_texts::<Cause>();
    dimension_texts::<Area>();
    dimension_texts::<Function>();
    dimension_texts::<Contrast>();
    dimension_texts::<Practice>();
    dimension_texts::<Climate>();
    dimension_texts::<service_quality::team::EffortDriver>();
    texts_tell_variants_apart(
        "effort factor",
        service_quality::team::EffortFactor::iter().map(|f| (f.into(), f.message())),
    );
    dimension_texts::<QualityDimension>();
    texts_tell_variants_apart("band", Band::iter().map(|b| (b.into(), b.description())));
    texts_tell_variants_apart(
        "cause question",
        Cause::iter().map(|c| (c.into(), c.question())),
    );
    texts_tell_variants_apart("cause fix", Cause::iter().map(|c| (c.into(), c.fix())));
    texts_tell_variants_apart(
        "breakdown warning",
        Warning::iter().map(|w| (w.into(), w.message())),
    );
    texts_tell_variants_apart(
        "breakdown warning question",
        Warning::iter().map(|w| (w.into(), w.question())),
    );
    texts_tell_variants_apart(
        "spread finding",
        service_quality::team::SpreadFinding::iter().map(|f| (f.into(), f.message())),
    );
    texts_tell_variants_apart(
        "opinion step",
        service_quality::conversation::OpinionStep::iter().map(|s| (s.into(), s.description())),
    );
    texts_tell_variants_apart(
        "word of mouth",
        service_quality::practices::Experience::iter().map(|e| (e.into(), e.word_of_mouth())),
    );
    for (what, text) in [
        (
            "leader pole",
            Contrast::leader_pole as fn(Contrast) -> &'static str,
        ),
        ("boss pole", Contrast::boss_pole),
        ("why it matters", Contrast::why_it_matters),
        ("action", Contrast::action),
    ] {
        texts_tell_variants_apart(what, Contrast::iter().map(|c| (c.into(), text(c))));
    }
    for (what, text) in [
        (
            "looks like",
            Principle::looks_like as fn(Principle) -> &'static str,
        ),
        ("failure looks like", Principle::failure_looks_like),
        ("why service fails", Principle::why_service_fails),
    ] {
        texts_tell_variants_apart(what, Principle::iter().map(|p| (p.into(), text(p))));
    }
    texts_tell_variants_apart("role label", Position::iter().map(|r| (r.into(), r.name())));
    texts_tell_variants_apart(
        "vision scope",
        Position::iter().map(|r| (r.into(), r.vision_scope())),
    );
    for area in Area::iter() {
        let behaviours = area.behaviours();
        assert!(!behaviours.is_empty() && behaviours.iter().all(|b| !b.is_empty()));
    }
    texts_tell_variants_apart(
        "action script",
        Action::iter().map(|a| (a.into(), a.script())),
    );
    texts_tell_variants_apart(
        "rule message",
        Rule::iter().map(|r| (r.into(), r.message())),
    );
    texts_tell_variants_apart(
        "rule suggestion",
        Rule::iter().map(|r| (r.into(), r.suggestion())),
    );
    texts_tell_variants_apart(
        "climate warning",
        ClimateWarning::iter().map(|w| (w.into(), w.message())),
    );
    texts_tell_variants_apart("style", Style::iter().map(|s| (s.into(), s.description())));
    texts_tell_variants_apart(
        "scenario",
        Scenario::iter().map(|s| (s.into(), s.description())),
    );
    texts_tell_variants_apart(
        "coping reaction",
        CopingReaction::iter().map(|r| (r.into(), r.description())),
    );
}

#[test]
fn error_texts_are_pinned() {
    let cases: Vec<(Error, &str)> = vec![
        (
            Scale::new(5, 5).unwrap_err(),
            "scale 5..=5 is empty, expected a minimum below the maximum",
        ),
        (
            Ratings::<Principle>::from_array(Scale::ONE_TO_FIVE, [4, 7, 3, 4, 2]).unwrap_err(),
            "rating for 'respect' is 7, expected a value in 1..=5",
        ),
        (
            Rating::new(Scale::ZERO_TO_TEN, -1).unwrap_err(),
            "rating is -1, expected a value in 0..=10",
        ),
        (
            Score::new(f64::INFINITY).unwrap_err(),
            "score is inf, expected a finite value in 0..=100",
        ),
        (
            Weights::<Principle>::from_array([1.0, 1.0, f64::NAN, 1.0, 1.0]).unwrap_err(),
            "weight for 'ownership' is NaN, expected a finite value >= 0",
        ),
        (
            Weights::<Principle>::from_array([0.0; 5]).unwrap_err(),
            "weights are all zero, expected at least one positive weight",
        ),
        (
            BandThresholds::new(70.0, 60.0, 85.0).unwrap_err(),
            "thresholds are needs_improvement 70, good 60, expected needs_improvement < good",
        ),
        (
            Score::new(101.0).unwrap_err(),
            "score is 101, expected a finite value in 0..=100",
        ),
        (
            "fight!".parse::<CopingReaction>().unwrap_err(),
            "unknown coping reaction 'fight!', expected one of: fight, flight (closest: 'fight')",
        ),
        (
            Ratings::from_pairs(
                Scale::ONE_TO_FIVE,
                [(Principle::Deliver, 3), (Principle::Deliver, 3)],
            )
            .unwrap_err(),
            "duplicate rating for 'deliver'",
        ),
        (
            Assessment::from_array(Scale::ONE_TO_SEVEN, [1, 2, 3, 4, 5])
                .unwrap()
                .evaluate(&ProudPolicy::default())
                .unwrap_err(),
            "scale of ratings is 1..=7, expected 1..=5",
        ),
    ];
    let causes = service_quality::breakdown::CauseSet::new(["billing", "bug"]).unwrap();
    let labelled: Vec<(Error, &str)> = vec![
        (
            causes.breakdown([("courier", 3)]).unwrap_err(),
            "unknown cause 'courier', expected one of: billing, bug",
        ),
        (
            service_quality::breakdown::CauseSet::new(["bug", "bug"]).unwrap_err(),
            "duplicate cause 'bug'",
        ),
        (
            causes.breakdown([("bug", 0)]).unwrap_err(),
            "rating for 'bug' is 0, expected a value in 1..=10",
        ),
    ];
    for (err, text) in cases.into_iter().chain(labelled) {
        assert_eq!(err.to_string(), text);
    }
}

#[test]
fn models_without_a_critical_item_default_to_none_and_proud_to_its_first_hurdle() {
    use service_quality::breakdown::Cause;
    use service_quality::leadership::Area;
    assert_eq!(Area::default_policy(), Policy::new(Scale::default()));
    // Breakdown scores run 1 to 10, SERVQUAL answers 1 to 7.
    assert_eq!(Cause::default_policy(), Policy::new(Scale::ONE_TO_TEN));
    assert_eq!(
        service_quality::metrics::servqual::QualityDimension::default_policy(),
        Policy::new(Scale::ONE_TO_SEVEN)
    );
    let proud = Principle::default_policy();
    assert_ne!(proud, Policy::new(Scale::default()));
    assert_eq!(
        proud.critical().map(|(p, _)| p).collect::<Vec<_>>(),
        [Principle::PoliteAndProfessional]
    );
}

/// What one group costs, as the docs and BENCHMARKS.md state it: a summary's size is fixed,
/// whatever went in (a form summary adds one item's totals per item, and shares its form's
/// identity between clones). Sizes of a 64-bit target.
#[cfg(target_pointer_width = "64")]
#[test]
fn one_group_costs_a_fixed_and_documented_number_of_bytes() {
    use service_quality::form::FormSummary;
    use service_quality::metrics::{Ces, Nps};
    use service_quality::proud::{Principle, ProudSummary};
    use service_quality::{ItemSummary, Summary, breakdown::Aggregate};
    assert_eq!(size_of::<Summary<Principle>>(), 288);
    // The scores and, beside them, the feelings' count and exact sums and two reaction counts.
    assert_eq!(size_of::<ProudSummary>(), 288 + 56);
    assert_eq!(size_of::<ItemSummary>(), 40);
    // An 8-item form: 176 bytes inline (the bonuses' exact sum, the count at the baseline, the
    // answer counts of items kept for reporting and the items' sums of squares included) and
    // 8 × (40 + 16) on the heap.
    assert_eq!(size_of::<FormSummary>(), 176);
    assert_eq!(size_of::<Nps>(), 88);
    assert_eq!(size_of::<Ces>(), 56);
    assert_eq!(size_of::<Aggregate>(), 208);
}
