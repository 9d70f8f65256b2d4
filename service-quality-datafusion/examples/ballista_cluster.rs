//! A Ballista cluster on this machine: a scheduler and two executors on 127.0.0.1, each a child
//! process of this example with the service-quality functions registered, run a GROUP BY over
//! Parquet files the example writes; local DataFusion runs the same SQL, the two results are
//! printed side by side, and they are compared bit for bit: the same schema and the same values,
//! every float to its last bit (the crate's sums are exact, so no rounding is needed). Then the
//! same query over two million reviews in 200,000 agent-day groups, compared the same way, and
//! a bad rating met on an executor, which comes back as the crate's typed error.
//!
//! Run with `cargo run -p service-quality-datafusion --features ballista --example ballista_cluster`.
//!
//! Started as `ballista_cluster scheduler ...` or `ballista_cluster executor ...`, the program is
//! one of the cluster's nodes (that is how the example starts them).

use std::path::PathBuf;
use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, RecordBatch, StringArray, UInt8Array};
use datafusion::arrow::compute::concat_batches;
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::dataframe::DataFrameWriteOptions;
use datafusion::datasource::MemTable;
use datafusion::prelude::{ParquetReadOptions, SessionContext};
use service_quality_datafusion::cluster::{LocalCluster, Node, local_config, remote_context};
use service_quality_datafusion::{Functions, find_error};

const ROWS: usize = 200_000;
const TEAMS: [&str; 4] = ["north", "south", "east", "west"];

/// The larger query's size: an agent-by-day grouping, about ten reviews a group.
const FINE_ROWS: usize = 2_000_000;
const FINE_GROUPS: u64 = 200_000;

/// The query both engines run.
const SQL: &str = "
    SELECT team,
           proud_summary(p, r, o, u, d)['count'] AS reviews,
           proud_summary(p, r, o, u, d)['mean_overall'] AS proud,
           proud_summary(p, r, o, u, d)['first_hurdle_failures'] AS hurdle,
           proud_summary(p, r, o, u, d)['weakest'] AS coach_on,
           nps(recommend)['score'] AS nps
    FROM reviews
    GROUP BY team
    ORDER BY team";

/// Deterministic synthetic reviews: a team, five PROUD ratings and a 0–10 recommendation. With
/// more groups than the four teams, the "team" is an agent and day (`agent-000042`).
fn reviews(rows: usize, groups: u64) -> Result<RecordBatch, Box<dyn std::error::Error>> {
    let mut state = 42u64;
    let mut next = |n: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % n
    };
    let mut team = Vec::with_capacity(rows);
    let mut ratings: Vec<Vec<u8>> = (0..6).map(|_| Vec::with_capacity(rows)).collect();
    for _ in 0..rows {
        let t = next(groups);
        team.push(match TEAMS.get(t as usize) {
            Some(name) if groups == TEAMS.len() as u64 => (*name).to_owned(),
            _ => format!("agent-{t:06}"),
        });
        for column in ratings.iter_mut().take(5) {
            // Each team leans a little differently.
            column.push((1 + next(5) + t % 2).min(5) as u8);
        }
        if let Some(recommend) = ratings.get_mut(5) {
            recommend.push((3 + next(8) + 2 * (t % 2)).min(10) as u8);
        }
    }
    let mut fields = vec![Field::new("team", DataType::Utf8, false)];
    let mut columns: Vec<ArrayRef> = vec![Arc::new(StringArray::from(team))];
    for (name, values) in ["p", "r", "o", "u", "d", "recommend"].iter().zip(ratings) {
        fields.push(Field::new(*name, DataType::UInt8, false));
        columns.push(Arc::new(UInt8Array::from(values)));
    }
    Ok(RecordBatch::try_new(
        Arc::new(Schema::new(fields)),
        columns,
    )?)
}

/// Writes the reviews as four Parquet files under `dir/name`.
async fn write_parquet(
    dir: &std::path::Path,
    name: &str,
    batch: RecordBatch,
) -> Result<String, Box<dyn std::error::Error>> {
    let quarter = batch.num_rows().div_ceil(4);
    let parts = (0..4)
        .map(|i| vec![batch.slice(i * quarter, quarter.min(batch.num_rows() - i * quarter))])
        .collect();
    let table = MemTable::try_new(batch.schema(), parts)?;
    let ctx = SessionContext::new();
    let path = format!("{}/", dir.join(name).display());
    ctx.read_table(Arc::new(table))?
        .write_parquet(&path, DataFrameWriteOptions::new(), None)
        .await?;
    Ok(path)
}

/// Whether two results are the same bits: one batch each, compared as Arrow data (a batch's
/// equality compares its schema and every column's data, floats by their bits), not as text.
fn identical(a: &[RecordBatch], b: &[RecordBatch]) -> Result<bool, Box<dyn std::error::Error>> {
    let one = |batches: &[RecordBatch]| -> Result<RecordBatch, Box<dyn std::error::Error>> {
        let schema = batches.first().ok_or("no result")?.schema();
        Ok(concat_batches(&schema, batches)?)
    };
    Ok(one(a)? == one(b)?)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args
        .first()
        .is_some_and(|a| a == "scheduler" || a == "executor")
    {
        // One of the cluster's nodes.
        return Ok(Node::from_args(&args)?.run().await?);
    }

    let dir = std::env::temp_dir().join(format!("service-quality-ballista-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let files = write_parquet(&dir, "reviews", reviews(ROWS, TEAMS.len() as u64)?).await?;
    println!("wrote {ROWS} reviews as Parquet files under {files}");
    let fine = write_parquet(&dir, "fine", reviews(FINE_ROWS, FINE_GROUPS)?).await?;

    let functions = Functions::new();
    let program: PathBuf = std::env::current_exe()?;
    let cluster = LocalCluster::start(&program, &[], &functions, 2, &dir)?;
    println!(
        "scheduler and 2 executors running at {}",
        cluster.scheduler_url()
    );

    let remote = remote_context(&functions, &cluster.scheduler_url()).await?;
    // Strings read as Ballista reads them, so the two schemas are the same too.
    let local = SessionContext::new_with_config(local_config().with_target_partitions(4));
    functions.register(&local);
    for ctx in [&remote, &local] {
        ctx.register_parquet("reviews", &files, ParquetReadOptions::default())
            .await?;
        ctx.register_parquet("fine", &fine, ParquetReadOptions::default())
            .await?;
    }

    let on_local = local.sql(SQL).await?.collect().await?;
    let on_cluster = remote.sql(SQL).await?.collect().await?;
    let local_text = datafusion::arrow::util::pretty::pretty_format_batches(&on_local)?.to_string();
    let cluster_text =
        datafusion::arrow::util::pretty::pretty_format_batches(&on_cluster)?.to_string();

    let width = local_text.lines().map(str::len).max().unwrap_or(0);
    let (left, right) = ("local DataFusion", "Ballista: scheduler + 2 executors");
    println!("\n{left:<width$}   {right}");
    for (l, c) in local_text.lines().zip(cluster_text.lines()) {
        println!("{l:<width$}   {c}");
    }
    let same = identical(&on_local, &on_cluster)?;
    println!(
        "\nthe two results are {}",
        if same {
            "identical, bit for bit (schema and every value)"
        } else {
            "DIFFERENT"
        }
    );

    // Fine groups: an agent-by-day grouping of two million reviews, the shape that sends many
    // partial states between the executors.
    let fine_sql = SQL.replace("FROM reviews", "FROM fine");
    let fine_local = local.sql(&fine_sql).await?.collect().await?;
    let fine_cluster = remote.sql(&fine_sql).await?.collect().await?;
    let fine_same = identical(&fine_local, &fine_cluster)?;
    let groups: usize = fine_cluster.iter().map(RecordBatch::num_rows).sum();
    println!(
        "{FINE_ROWS} reviews in {groups} agent-day groups: local and cluster {}",
        if fine_same {
            "identical, bit for bit"
        } else {
            "DIFFERENT"
        }
    );

    // A rating off its scale, met on an executor, comes back as the crate's typed error.
    let bad =
        "SELECT proud_summary(p, r, o, u, d) FROM (VALUES (4, 9, 3, 4, 2)) AS t(p, r, o, u, d)";
    let failure = match remote.sql(bad).await {
        Err(e) => e,
        Ok(df) => df
            .collect()
            .await
            .err()
            .ok_or("the bad rating was accepted")?,
    };
    let typed = find_error(&failure).ok_or("no typed error in the cluster's failure")?;
    println!(
        "a bad rating on the cluster: {:?} error, \"{typed}\"",
        typed.model_kind().ok_or("not a model error")?
    );

    drop(cluster);
    let _ = std::fs::remove_dir_all(&dir);
    if same && fine_same {
        Ok(())
    } else {
        Err("the cluster's result differs from local DataFusion's".into())
    }
}
