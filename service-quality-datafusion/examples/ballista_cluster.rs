//! A Ballista cluster on this machine: a scheduler and two executors on 127.0.0.1, each a child
//! process of this example with the service-quality functions registered, run a GROUP BY over
//! Parquet files the example writes; local DataFusion runs the same SQL, the two results are
//! printed side by side, and they are compared bit for bit: the same schema and the same values,
//! every float to its last bit (the crate's sums are exact, so no rounding is needed).
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
use service_quality_datafusion::Functions;
use service_quality_datafusion::cluster::{LocalCluster, Node, local_config, remote_context};

const ROWS: usize = 200_000;
const TEAMS: [&str; 4] = ["north", "south", "east", "west"];

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

/// Deterministic synthetic reviews: a team, five PROUD ratings and a 0–10 recommendation.
fn reviews() -> Result<RecordBatch, Box<dyn std::error::Error>> {
    let mut state = 42u64;
    let mut next = |n: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % n
    };
    let mut team = Vec::with_capacity(ROWS);
    let mut ratings: Vec<Vec<u8>> = (0..6).map(|_| Vec::with_capacity(ROWS)).collect();
    for _ in 0..ROWS {
        let t = next(TEAMS.len() as u64);
        team.push(TEAMS.get(t as usize).copied().unwrap_or("north"));
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

/// Writes the reviews as four Parquet files under `dir`.
async fn write_parquet(dir: &std::path::Path) -> Result<String, Box<dyn std::error::Error>> {
    let batch = reviews()?;
    let quarter = batch.num_rows().div_ceil(4);
    let parts = (0..4)
        .map(|i| vec![batch.slice(i * quarter, quarter.min(batch.num_rows() - i * quarter))])
        .collect();
    let table = MemTable::try_new(batch.schema(), parts)?;
    let ctx = SessionContext::new();
    let path = format!("{}/", dir.join("reviews").display());
    ctx.read_table(Arc::new(table))?
        .write_parquet(&path, DataFrameWriteOptions::new(), None)
        .await?;
    Ok(path)
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
    let files = write_parquet(&dir).await?;
    println!("wrote {ROWS} reviews as Parquet files under {files}");

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
    // Bit for bit: one batch each, compared as Arrow data (floats by their bits), not as text.
    let one = |batches: &[RecordBatch]| -> Result<RecordBatch, Box<dyn std::error::Error>> {
        let schema = batches.first().ok_or("no result")?.schema();
        Ok(concat_batches(&schema, batches)?)
    };
    // A batch's equality compares its schema and every column's data.
    let same = one(&on_local)? == one(&on_cluster)?;
    println!(
        "\nthe two results are {}",
        if same {
            "identical, bit for bit (schema and every value)"
        } else {
            "DIFFERENT"
        }
    );

    drop(cluster);
    let _ = std::fs::remove_dir_all(&dir);
    if same {
        Ok(())
    } else {
        Err("the cluster's result differs from local DataFusion's".into())
    }
}
