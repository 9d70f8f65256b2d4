//! What the core crate alone gives for the synthetic reviews, and assertions that a query's
//! struct results are exactly that, bit for bit.

use std::collections::BTreeMap;

use datafusion::arrow::array::StructArray;
use service_quality::Summary;
use service_quality::batch::{BatchScorer, Column, RatingColumns};
use service_quality::breakdown::{Aggregate, Breakdown, Cause, TriagePolicy};
use service_quality::proud::{Principle, ProudPolicy};

use super::{Reviews, assert_close, counts, numbers, texts};

/// A grouped result: the team of each row and the struct column.
pub struct Found {
    pub teams: Vec<String>,
    pub array: StructArray,
}

/// The policy of [`super::POLICY`].
pub fn policy() -> ProudPolicy {
    serde_json::from_str(super::POLICY).unwrap()
}

/// The crate's own batch result per team.
pub fn expected_proud(
    data: &Reviews,
    policy: &ProudPolicy,
) -> BTreeMap<String, Summary<Principle>> {
    let values: Vec<Vec<u8>> = data
        .proud
        .iter()
        .map(|c| c.iter().map(|v| v.unwrap_or(1)).collect())
        .collect();
    let masks: Vec<Vec<bool>> = data
        .proud
        .iter()
        .map(|c| c.iter().map(Option::is_some).collect())
        .collect();
    let columns = RatingColumns::<Principle>::new(|p| {
        let j = Principle::iter().position(|x| x == p).unwrap();
        Column::with_answered(&values[j], &masks[j])
    })
    .unwrap();
    let scorer = BatchScorer::new(policy).unwrap();
    scorer
        .summarise_by(&columns, &data.team)
        .unwrap()
        .into_map()
        .into_iter()
        .collect()
}

/// Asserts each team's PROUD summary is the expected one: counts, bands, means and the weakest
/// principle.
pub fn assert_proud_equal(found: &Found, expected: &BTreeMap<String, Summary<Principle>>) {
    assert_eq!(found.teams, expected.keys().cloned().collect::<Vec<_>>());
    let s = &found.array;
    let each =
        |f: &dyn Fn(&Summary<Principle>) -> u64| expected.values().map(f).collect::<Vec<_>>();
    assert_eq!(counts(s, &["count"]), each(&|e| e.count()));
    assert_eq!(counts(s, &["scored"]), each(&|e| e.scored()));
    for (i, band) in ["poor", "needs_improvement", "good", "excellent"]
        .iter()
        .enumerate()
    {
        assert_eq!(counts(s, &[band]), each(&|e| e.band_counts()[i]), "{band}");
    }
    assert_eq!(
        counts(s, &["first_hurdle_failures"]),
        each(&|e| e.critical_failures())
    );
    // Each column is read once: a result may have hundreds of thousands of groups.
    let overall = numbers(s, &["mean_overall"]);
    let means: Vec<_> = Principle::iter().map(|p| numbers(s, &[p.key()])).collect();
    let weakest = texts(s, &["weakest"]);
    for (row, e) in expected.values().enumerate() {
        assert_close(
            overall[row],
            e.mean_overall().map(|m| m.get()),
            "mean_overall",
        );
        for (p, column) in Principle::iter().zip(&means) {
            assert_close(column[row], e.mean(p).map(|m| m.get()), p.key());
        }
        assert_eq!(weakest[row].as_deref(), e.weakest().map(|p| p.key()));
    }
}

/// The core crate's breakdown aggregate per team, adding the rows one by one in order.
pub fn expected_breakdowns(data: &Reviews) -> BTreeMap<String, Aggregate> {
    let mut expected: BTreeMap<String, Aggregate> = BTreeMap::new();
    for i in 0..data.len() {
        let entry = expected.entry(data.team[i].clone()).or_default();
        let ratings: Vec<Option<i64>> = data.causes.iter().map(|c| c[i]).collect();
        if ratings.iter().all(Option::is_none) {
            continue;
        }
        let pairs = Cause::iter().zip(ratings.iter().map(|r| r.unwrap()));
        let mut b = Breakdown::from_pairs(pairs).unwrap();
        if let Some(s) = data.severity[i] {
            b = b.try_with_severity(s).unwrap();
        }
        entry.add(&b);
    }
    expected
}

/// Asserts each team's breakdown counts, shares and starting cause are the core aggregate's.
pub fn assert_breakdowns_equal(s: &StructArray, expected: &BTreeMap<String, Aggregate>) {
    let each = |f: &dyn Fn(&Aggregate) -> u64| expected.values().map(f).collect::<Vec<_>>();
    assert_eq!(counts(s, &["count"]), each(&|e| e.count()));
    assert_eq!(counts(s, &["unattributed"]), each(&|e| e.unattributed()));
    let shares: Vec<_> = Cause::iter().map(|c| numbers(s, &[c.key()])).collect();
    let start = texts(s, &["where_to_start"]);
    for (row, e) in expected.values().enumerate() {
        for (cause, column) in Cause::iter().zip(&shares) {
            assert_close(column[row], e.share(cause).ok(), cause.key());
        }
        let triage = e.evaluate(&TriagePolicy::default()).ok();
        assert_eq!(
            start[row].as_deref(),
            triage.map(|t| t.where_to_start().key())
        );
    }
}
