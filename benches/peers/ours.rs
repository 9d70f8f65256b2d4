//! The crate's side of the peer comparison: the same PROUD group-by as `peers.py`, on the same
//! file, timed the same way (data in memory first, median of the runs).
//!
//! Run by `benches/peers/run.sh`, which sets `PEERS_DATA`, `PEERS_ROWS` and `PEERS_RUNS`.
//! Without them (as under `cargo bench`) it prints how to run it and exits.

use std::time::Instant;

use service_quality::batch::{BatchScorer, RatingColumns};
use service_quality::proud::{Principle, ProudPolicy};
use strum::IntoEnumIterator;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (Ok(path), Ok(rows), Ok(runs)) = (
        std::env::var("PEERS_DATA"),
        std::env::var("PEERS_ROWS"),
        std::env::var("PEERS_RUNS"),
    ) else {
        eprintln!("run benches/peers/run.sh to compare with pandas and polars");
        return Ok(());
    };
    let (rows, runs): (usize, usize) = (rows.parse()?, runs.parse()?);
    let bytes = std::fs::read(&path)?;
    let columns: Vec<&[u8]> = (0..5).map(|i| &bytes[i * rows..(i + 1) * rows]).collect();
    let teams: Vec<u32> = bytes[5 * rows..5 * rows + 4 * rows]
        .chunks_exact(4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect();
    let groups = teams.iter().max().map_or(0, |&m| m as usize + 1);
    let data = RatingColumns::<Principle>::new(|p| {
        columns[Principle::iter().position(|x| x == p).unwrap_or(0)]
    })?;
    let scorer = BatchScorer::new(&ProudPolicy::default())?;

    let median = |mut times: Vec<f64>| {
        times.sort_by(f64::total_cmp);
        times[times.len() / 2]
    };
    let time = |f: &dyn Fn() -> f64| -> (f64, f64) {
        let mut checksum = 0.0;
        let times = (0..runs)
            .map(|_| {
                let start = Instant::now();
                checksum = std::hint::black_box(f());
                start.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        (median(times), checksum)
    };
    let checksum = |summaries: &[service_quality::proud::ProudSummary]| -> f64 {
        summaries
            .iter()
            .filter_map(|s| s.mean_overall())
            .map(|m| m.get())
            .sum()
    };

    let (serial, sum) = time(&|| {
        checksum(
            &scorer
                .summarise_by_index(&data, &teams, groups)
                .unwrap_or_default(),
        )
    });
    println!(
        "{{\"tool\": \"service-quality (serial)\", \"median_ms\": {serial}, \"checksum\": {sum}}}"
    );
    #[cfg(feature = "rayon")]
    {
        let (parallel, sum) = time(&|| {
            checksum(
                &scorer
                    .par_summarise_by_index(&data, &teams, groups)
                    .unwrap_or_default(),
            )
        });
        println!(
            "{{\"tool\": \"service-quality (rayon)\", \"median_ms\": {parallel}, \"checksum\": {sum}, \"threads\": {}}}",
            rayon::current_num_threads()
        );
    }
    // The memory-bandwidth floor: read every input byte once and do almost nothing with it.
    let (floor, _) = time(&|| {
        let ratings: u64 = columns
            .iter()
            .flat_map(|c| c.iter())
            .map(|&b| u64::from(b))
            .sum();
        let keys: u64 = teams.iter().map(|&t| u64::from(t)).sum();
        (ratings + keys) as f64
    });
    println!("{{\"tool\": \"read input once (floor)\", \"median_ms\": {floor}, \"checksum\": 0}}");
    Ok(())
}
