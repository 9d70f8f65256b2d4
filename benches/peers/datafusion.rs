//! The DataFusion side of the peer comparison: `proud_summary` (the companion crate's UDAF) on
//! the same file as `ours.rs` and `peers.py`, timed the same way (data in memory first, as Arrow
//! record batches; median of the runs), beside DataFusion's own built-in averages over the same
//! group-by as the engine's floor.
//!
//! A bench of the `service-quality-datafusion` crate (its manifest names this file), run by
//! `benches/peers/run.sh`, which sets `PEERS_DATA`, `PEERS_ROWS` and `PEERS_RUNS`. Without them
//! (as under `cargo bench`) it prints how to run it and exits. With `PEERS_EXPLAIN=1` it also
//! prints, on standard error, DataFusion's `EXPLAIN ANALYZE` of each query once per partition
//! count: the time and rows of every operator, which is where a slow plan shows its cost. With
//! `PEERS_BREAKDOWN=1` it also times `breakdown_summary` over the same five columns. With
//! `PEERS_NO_SKIP=1` the sessions never skip partial aggregation (DataFusion skips it when the
//! first rows show nearly as many groups as rows, and sends every row on as a state).

use std::sync::Arc;
use std::time::Instant;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, RecordBatch, UInt8Array, UInt32Array};
use datafusion::arrow::datatypes::{DataType, Field, Float64Type, Schema};
use datafusion::datasource::MemTable;
use datafusion::prelude::{SessionConfig, SessionContext};
use service_quality_datafusion::Functions;

/// Arrow's default batch size, as DataFusion scans use.
const BATCH: usize = 8192;

/// The crate's aggregate over the group-by.
const UDAF_SQL: &str =
    "SELECT team, proud_summary(p, r, o, u, d)['mean_overall'] FROM reviews GROUP BY team";

/// DataFusion's own averages over the same group-by: the engine's floor.
const AVG_SQL: &str =
    "SELECT team, avg(p), avg(r), avg(o), avg(u), avg(d), count(*) FROM reviews GROUP BY team";

/// The same five columns read as one breakdown's cause ratings (1 to 5 lies within the causes'
/// 1 to 10): the breakdown aggregate, whose state holds exact weighted shares.
const BREAKDOWN_SQL: &str =
    "SELECT team, breakdown_summary(p, r, o, u, d)['process'] FROM reviews GROUP BY team";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (Ok(path), Ok(rows), Ok(runs)) = (
        std::env::var("PEERS_DATA"),
        std::env::var("PEERS_ROWS"),
        std::env::var("PEERS_RUNS"),
    ) else {
        eprintln!("run benches/peers/run.sh to compare with the batch path, pandas and polars");
        return Ok(());
    };
    let (rows, runs): (usize, usize) = (rows.parse()?, runs.parse()?);
    let bytes = std::fs::read(&path)?;
    let column = |i: usize| {
        bytes
            .get(i * rows..(i + 1) * rows)
            .ok_or("data file too short")
    };
    let mut columns: Vec<ArrayRef> = Vec::new();
    for i in 0..5 {
        columns.push(Arc::new(UInt8Array::from(column(i)?.to_vec())));
    }
    let teams: Vec<u32> = bytes
        .get(5 * rows..9 * rows)
        .ok_or("data file too short")?
        .chunks_exact(4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect();
    columns.push(Arc::new(UInt32Array::from(teams)));
    let mut fields: Vec<Field> = ["p", "r", "o", "u", "d"]
        .iter()
        .map(|n| Field::new(*n, DataType::UInt8, false))
        .collect();
    fields.push(Field::new("team", DataType::UInt32, false));
    let batch = RecordBatch::try_new(Arc::new(Schema::new(fields)), columns)?;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    for partitions in [1, cores] {
        // Contiguous slices of the rows, one per partition, in batches of 8,192.
        let per = rows.div_ceil(partitions);
        let parts: Vec<Vec<RecordBatch>> = (0..partitions)
            .map(|p| {
                let (start, end) = ((p * per).min(rows), ((p + 1) * per).min(rows));
                (start..end)
                    .step_by(BATCH)
                    .map(|s| batch.slice(s, (end - s).min(BATCH)))
                    .collect()
            })
            .collect();
        let table = MemTable::try_new(batch.schema(), parts)?;
        let mut config = SessionConfig::new().with_target_partitions(partitions);
        if std::env::var_os("PEERS_NO_SKIP").is_some() {
            // Partial aggregation always runs, however many groups the first rows show.
            config
                .options_mut()
                .execution
                .skip_partial_aggregation_probe_ratio_threshold = 1.0;
        }
        let ctx = SessionContext::new_with_config(config);
        Functions::new().register(&ctx);
        ctx.register_table("reviews", Arc::new(table))?;

        let time = |sql: &str| -> Result<(f64, f64), Box<dyn std::error::Error>> {
            let mut times = Vec::with_capacity(runs);
            let mut checksum = 0.0;
            for _ in 0..runs {
                let start = Instant::now();
                let batches = runtime.block_on(async { ctx.sql(sql).await?.collect().await })?;
                times.push(start.elapsed().as_secs_f64() * 1000.0);
                // The sum of the teams' mean overall scores (or of the first average).
                checksum = batches
                    .iter()
                    .map(|b| {
                        let means = b.column(1).as_primitive::<Float64Type>();
                        (0..means.len())
                            .filter(|&i| means.is_valid(i))
                            .map(|i| means.value(i))
                            .sum::<f64>()
                    })
                    .sum();
            }
            times.sort_by(f64::total_cmp);
            Ok((times.get(times.len() / 2).copied().unwrap_or(0.0), checksum))
        };
        if std::env::var_os("PEERS_EXPLAIN").is_some() {
            for sql in [UDAF_SQL, AVG_SQL, BREAKDOWN_SQL] {
                let plan = runtime.block_on(async {
                    ctx.sql(&format!("EXPLAIN ANALYZE {sql}"))
                        .await?
                        .collect()
                        .await
                })?;
                eprintln!("-- {partitions} partitions: {sql}");
                eprintln!(
                    "{}",
                    datafusion::arrow::util::pretty::pretty_format_batches(&plan)?
                );
            }
        }
        let (udaf, sum) = time(UDAF_SQL)?;
        println!(
            "{{\"tool\": \"datafusion proud_summary ({partitions} partitions)\", \"median_ms\": {udaf}, \"checksum\": {sum}}}"
        );
        let (builtin, _) = time(AVG_SQL)?;
        println!(
            "{{\"tool\": \"datafusion built-in avg ({partitions} partitions)\", \"median_ms\": {builtin}, \"checksum\": 0}}"
        );
        if std::env::var_os("PEERS_BREAKDOWN").is_some() {
            let (breakdown, sum) = time(BREAKDOWN_SQL)?;
            println!(
                "{{\"tool\": \"datafusion breakdown_summary ({partitions} partitions)\", \"median_ms\": {breakdown}, \"checksum\": {sum}}}"
            );
        }
    }
    Ok(())
}
