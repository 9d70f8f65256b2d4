//! How the mergeable summaries serve a distributed job: the rows are split into partitions,
//! each "mapper" (a thread here; a process or a cluster task in real life) summarises its
//! partition by team and serialises the partial summaries, and a "reducer" deserialises and
//! merges them. The result equals the single-machine summary, and each partial is a few
//! kilobytes however many rows it covered.
//!
//! This is the shape with no engine. With a query engine, the companion crate
//! `service-quality-datafusion` does the same inside it: `proud_summary(p, r, o, u, d)` and the
//! other aggregates keep these summaries per group, send them between partitions (or Ballista
//! executors) as their serde form and merge them with `Merge`; its `ballista_cluster` example
//! runs the GROUP BY on a scheduler and two executors (see the README, "Beyond one machine").
//!
//! Run with `cargo run --example distributed`.

use std::error::Error as StdError;
use std::thread;

use service_quality::batch::{BatchScorer, RatingColumns};
use service_quality::proud::{Principle, ProudPolicy};
use service_quality::{GroupBy, Merge, Summary};

const ROWS: usize = 600_000;
const PARTITIONS: usize = 6;
const TEAMS: [&str; 4] = ["north", "south", "east", "west"];

/// Deterministic synthetic reviews: five rating columns and a team per row.
fn data() -> (Vec<Vec<u8>>, Vec<&'static str>) {
    let mut state = 42u64;
    let mut next = || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize
    };
    let mut columns: Vec<Vec<u8>> = (0..5).map(|_| Vec::with_capacity(ROWS)).collect();
    let mut teams = Vec::with_capacity(ROWS);
    for _ in 0..ROWS {
        let team = next() % TEAMS.len();
        for column in &mut columns {
            // Each team leans a little differently.
            column.push((1 + (next() % 5) + team % 2).min(5) as u8);
        }
        teams.push(TEAMS[team]);
    }
    (columns, teams)
}

/// The map side: summarise one partition by team and serialise the partial result.
fn map(
    columns: &[Vec<u8>],
    teams: &[&'static str],
    range: std::ops::Range<usize>,
) -> Result<String, String> {
    let slices: Vec<&[u8]> = columns.iter().map(|c| &c[range.clone()]).collect();
    let part = RatingColumns::<Principle>::new(|p| {
        slices[Principle::iter().position(|x| x == p).unwrap_or(0)]
    })
    .map_err(|e| e.to_string())?;
    let scorer = BatchScorer::new(&ProudPolicy::default()).map_err(|e| e.to_string())?;
    let summaries = scorer
        .summarise_by(&part, &teams[range])
        .map_err(|e| e.to_string())?;
    serde_json::to_string(&summaries).map_err(|e| e.to_string())
}

fn main() -> Result<(), Box<dyn StdError>> {
    let (columns, teams) = data();

    // Map: one partial summary per partition, computed in parallel and serialised.
    let size = ROWS.div_ceil(PARTITIONS);
    let partials: Vec<String> = thread::scope(|s| {
        let handles: Vec<_> = (0..PARTITIONS)
            .map(|p| {
                let (columns, teams) = (&columns, &teams);
                s.spawn(move || map(columns, teams, p * size..((p + 1) * size).min(ROWS)))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().map_err(|_| "a mapper panicked".to_owned())?)
            .collect::<Result<Vec<String>, String>>()
    })?;
    for (p, json) in partials.iter().enumerate() {
        println!(
            "partition {p}: {} rows -> {} bytes of JSON",
            size.min(ROWS - p * size),
            json.len()
        );
    }

    // Reduce: deserialise (validating every total) and merge key by key.
    let mut total: GroupBy<String, Summary<Principle>> = GroupBy::new();
    for json in &partials {
        let partial: GroupBy<String, Summary<Principle>> = serde_json::from_str(json)?;
        Merge::merge(&mut total, &partial);
    }

    // Check against one machine doing it all at once.
    let whole = serde_json::from_str::<GroupBy<String, Summary<Principle>>>(&map(
        &columns,
        &teams,
        0..ROWS,
    )?)?;
    println!(
        "\n{:<6} {:>8} {:>8} {:>10}  (reduced = single machine?)",
        "team", "reviews", "overall", "P failed"
    );
    let mut names: Vec<&String> = total.iter().map(|(k, _)| k).collect();
    names.sort();
    for team in names {
        let (Some(reduced), Some(single)) = (total.get(team), whole.get(team)) else {
            continue;
        };
        let same = reduced.count() == single.count()
            && reduced.band_counts() == single.band_counts()
            && (reduced.overall_sum() - single.overall_sum()).abs() <= 1e-9 * single.overall_sum();
        println!(
            "{team:<6} {:>8} {:>8.2} {:>10}  {}",
            reduced.count(),
            reduced.mean_overall().map_or(f64::NAN, |s| s.get()),
            reduced.critical_failures(),
            if same { "yes" } else { "NO" }
        );
        if !same {
            return Err("the reduced summary differs from the single-machine one".into());
        }
    }
    Ok(())
}
