//! The crate's side of the peer comparison: the same PROUD group-by as `peers.py`, on the same
//! file, timed the same way (data in memory first, median of the runs).
//!
//! Run by `benches/peers/run.sh`, which sets `PEERS_DATA`, `PEERS_ROWS` and `PEERS_RUNS`.
//! Without them (as under `cargo bench`) it prints how to run it and exits.

use std::time::Instant;

use service_quality::batch::{BatchScorer, RatingColumns};
use service_quality::proud::{Principle, ProudPolicy};

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
    // The median time, the checksum, and the peak memory above what the process held before
    // (in MB; JSON's null where /proc is not available).
    let time = |f: &dyn Fn() -> f64| -> (f64, f64, String) {
        let mut checksum = 0.0;
        let base = reset_peak();
        let times = (0..runs)
            .map(|_| {
                let start = Instant::now();
                checksum = std::hint::black_box(f());
                start.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        let extra = match (base, status_bytes("VmHWM")) {
            (Some(base), Some(peak)) => format!("{}", peak.saturating_sub(base) as f64 / 1e6),
            _ => "null".to_owned(),
        };
        (median(times), checksum, extra)
    };
    let checksum =
        |summaries: &[service_quality::Summary<service_quality::proud::Principle>]| -> f64 {
            summaries
                .iter()
                .filter_map(|s| s.mean_overall())
                .map(|m| m.get())
                .sum()
        };

    let summaries_mb =
        (groups * size_of::<service_quality::Summary<service_quality::proud::Principle>>()) as f64
            / 1e6;
    let (serial, sum, extra) = time(&|| {
        checksum(
            &scorer
                .summarise_by_index(&data, &teams, groups)
                .unwrap_or_default(),
        )
    });
    println!(
        "{{\"tool\": \"service-quality (serial)\", \"median_ms\": {serial}, \"checksum\": {sum}, \"peak_extra_mb\": {extra}, \"summaries_mb\": {summaries_mb}}}"
    );
    #[cfg(feature = "rayon")]
    {
        let (parallel, sum, extra) = time(&|| {
            checksum(
                &scorer
                    .par_summarise_by_index(&data, &teams, groups)
                    .unwrap_or_default(),
            )
        });
        println!(
            "{{\"tool\": \"service-quality (rayon)\", \"median_ms\": {parallel}, \"checksum\": {sum}, \"threads\": {}, \"peak_extra_mb\": {extra}, \"summaries_mb\": {summaries_mb}}}",
            rayon::current_num_threads()
        );
    }
    // The memory-bandwidth floor: read every input byte once and do almost nothing with it.
    let (floor, _, _) = time(&|| {
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

/// A size from `/proc/self/status` (Linux), in bytes.
fn status_bytes(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Resets the peak resident set to the current one (Linux's `clear_refs`), and returns it.
fn reset_peak() -> Option<u64> {
    std::fs::write("/proc/self/clear_refs", "5").ok()?;
    status_bytes("VmRSS")
}
