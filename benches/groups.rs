//! One serial group-by of generated PROUD rows, for instruction counts under callgrind: the
//! numbers in BENCHMARKS.md's table of instructions against the number of groups.
//!
//! ```sh
//! cargo bench --bench groups --no-run
//! valgrind --tool=callgrind target/release/deps/groups-* 1000000 1000000
//! ```
//!
//! The arguments are the rows and the groups (defaults: 1,000,000 and 1,000). Without
//! `--bench` in its arguments it does one call; `cargo bench` passes `--bench`, and then it
//! prints how to run it and exits, so the suite stays quick.

use service_quality::batch::{BatchScorer, RatingColumns};
use service_quality::proud::{Principle, ProudPolicy};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--bench") {
        eprintln!("run under callgrind: see the comment at the top of benches/groups.rs");
        return Ok(());
    }
    let rows: usize = args.first().map_or(Ok(1_000_000), |a| a.parse())?;
    let groups: usize = args.get(1).map_or(Ok(1_000), |a| a.parse())?;
    // The same LCG as the other benches, so the data is the same on every run.
    let mut state = 12_345u64;
    let mut next = || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as u32
    };
    let columns: Vec<Vec<u8>> = (0..5)
        .map(|_| (0..rows).map(|_| 1 + (next() % 5) as u8).collect())
        .collect();
    let keys: Vec<u32> = (0..rows)
        .map(|_| next() % u32::try_from(groups.max(1)).unwrap_or(u32::MAX))
        .collect();
    let data = RatingColumns::<Principle>::new(|p| {
        &columns[Principle::iter().position(|x| x == p).unwrap_or(0)][..]
    })?;
    let scorer = BatchScorer::new(&ProudPolicy::default())?;
    let summaries = scorer.summarise_by_index(&data, &keys, groups)?;
    println!("{}", summaries.iter().map(|s| s.count()).sum::<u64>());
    Ok(())
}
