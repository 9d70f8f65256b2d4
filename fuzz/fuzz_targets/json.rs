//! Every JSON entry point: the first byte picks a type, the rest is read as JSON. Whatever the
//! crate accepts it must write back and read again as an equal value, and writing must be
//! stable; anything else it must reject with an error (a panic anywhere is a finding).
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde::Serialize;
use serde::de::DeserializeOwned;
use service_quality::boss_leader::{Contrast, LeaderPolicy, PoleThresholds};
use service_quality::breakdown::{Aggregate, Breakdown, Cause, CauseSet, Severity, TriagePolicy};
use service_quality::conversation::ConductPolicy;
use service_quality::form::{Answers, Form, FormSummary};
use service_quality::leadership::{
    Area, Briefing, Function, Profile, ProfilePolicy, StyleThresholds,
};
use service_quality::metrics::servqual::{Importance, Response, Servqual};
use service_quality::metrics::{Ces, Csat, Level, Nps};
use service_quality::practices::{ChannelVisit, Journey, WorkPeriod, Workload, WorkloadCheck};
use service_quality::proud::{Assessment, Principle};
use service_quality::reply::PhraseRule;
use service_quality::review::{Observer, RaterId, Review, ReviewPolicy};
use service_quality::team::{
    Candidate, ClimatePolicy, ClimateSurvey, DistributedLeadership, EmpowermentSignals,
    HiringScreen, SpreadPolicy,
};
use service_quality::{
    Band, BandThresholds, CriticalRule, GroupBy, NotApplicableRule, Policy, Rating, Ratings, Scale,
    Score, Summary, Weights,
};
use std::fmt::Debug;

fn round_trip<T>(json: &[u8])
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let Ok(value) = serde_json::from_slice::<T>(json) else {
        return;
    };
    let written = serde_json::to_vec(&value).expect("an accepted value serialises");
    let again: T = serde_json::from_slice(&written).unwrap_or_else(|e| {
        panic!(
            "accepted {value:?} but rejects its own output {}: {e}",
            String::from_utf8_lossy(&written)
        )
    });
    assert_eq!(again, value);
    let rewritten = serde_json::to_vec(&again).expect("an accepted value serialises");
    assert_eq!(rewritten, written, "writing is not stable");
}

/// Summaries keyed by (team, month): a tuple key, which JSON object keys could not hold.
type TeamMonth = GroupBy<(String, String), Summary<Principle>>;

/// The deserialisable types, in a fixed order: a seed's first byte is its index here.
const TYPES: &[(&str, fn(&[u8]))] = &[
    ("Scale", round_trip::<Scale>),
    ("Rating", round_trip::<Rating>),
    ("Score", round_trip::<Score>),
    ("Band", round_trip::<Band>),
    ("BandThresholds", round_trip::<BandThresholds>),
    ("Weights", round_trip::<Weights<Principle>>),
    ("Ratings", round_trip::<Ratings<Principle>>),
    ("Policy", round_trip::<Policy<Principle>>),
    ("CriticalRule", round_trip::<CriticalRule>),
    ("NotApplicableRule", round_trip::<NotApplicableRule>),
    ("Form", round_trip::<Form>),
    ("Answers", round_trip::<Answers>),
    ("FormSummary", round_trip::<FormSummary>),
    ("GroupBy", round_trip::<TeamMonth>),
    ("Assessment", round_trip::<Assessment>),
    ("Summary", round_trip::<Summary<Principle>>),
    ("Severity", round_trip::<Severity>),
    ("Breakdown", round_trip::<Breakdown>),
    ("Aggregate", round_trip::<Aggregate>),
    ("Cause", round_trip::<Cause>),
    ("CauseSet", round_trip::<CauseSet>),
    ("CauseSetBreakdown", round_trip::<Breakdown<CauseSet>>),
    ("CauseSetAggregate", round_trip::<Aggregate<CauseSet>>),
    ("TriagePolicy", round_trip::<TriagePolicy>),
    ("StyleThresholds", round_trip::<StyleThresholds>),
    ("ProfilePolicy", round_trip::<ProfilePolicy>),
    ("Profile", round_trip::<Profile>),
    ("Briefing", round_trip::<Briefing>),
    ("Area", round_trip::<Area>),
    ("Function", round_trip::<Function>),
    ("PoleThresholds", round_trip::<PoleThresholds>),
    ("LeaderPolicy", round_trip::<LeaderPolicy>),
    ("RaterId", round_trip::<RaterId>),
    ("Observer", round_trip::<Observer<Contrast>>),
    ("Review", round_trip::<Review<Contrast>>),
    ("ReviewPolicy", round_trip::<ReviewPolicy<Contrast>>),
    ("Nps", round_trip::<Nps>),
    ("Csat", round_trip::<Csat>),
    ("Ces", round_trip::<Ces>),
    ("Level", round_trip::<Level>),
    ("Response", round_trip::<Response>),
    ("Importance", round_trip::<Importance>),
    ("Servqual", round_trip::<Servqual>),
    ("ConductPolicy", round_trip::<ConductPolicy>),
    ("EmpowermentSignals", round_trip::<EmpowermentSignals>),
    ("ClimatePolicy", round_trip::<ClimatePolicy>),
    ("DistributedLeadership", round_trip::<DistributedLeadership>),
    ("SpreadPolicy", round_trip::<SpreadPolicy>),
    ("ClimateSurvey", round_trip::<ClimateSurvey>),
    ("Candidate", round_trip::<Candidate>),
    ("HiringScreen", round_trip::<HiringScreen>),
    ("PhraseRule", round_trip::<PhraseRule>),
    ("Journey", round_trip::<Journey>),
    ("ChannelVisit", round_trip::<ChannelVisit>),
    ("Workload", round_trip::<Workload>),
    ("WorkloadCheck", round_trip::<WorkloadCheck>),
    ("WorkPeriod", round_trip::<WorkPeriod>),
];

fuzz_target!(|data: &[u8]| {
    if let Some((&which, json)) = data.split_first() {
        if let Some((_, check)) = TYPES.get(usize::from(which) % TYPES.len()) {
            check(json);
        }
    }
});
