//! The start of a QA application on SQLite: PROUD reviews and service breakdowns are stored as
//! JSON rows, running summaries per team and month are kept up to date by merging each new
//! result into the stored summary, and a query shows each principle's trend. Rows that no longer
//! parse (edited by hand, written by an older tool) are reported and skipped, never lost
//! silently.
//!
//! Run with `cargo run --example qa_store`. It writes `qa_store.sqlite` in the system's
//! temporary directory and says where.

use std::error::Error as StdError;

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::de::DeserializeOwned;
use service_quality::Merge;
use service_quality::breakdown::{Aggregate, Breakdown, TriagePolicy};
use service_quality::import::Columns;
use service_quality::proud::{Assessment, Principle, ProudPolicy, ProudSummary};

const SCHEMA: &str = "
    CREATE TABLE reviews (
        id         INTEGER PRIMARY KEY,
        team       TEXT NOT NULL,
        month      TEXT NOT NULL,
        assessment TEXT NOT NULL          -- service_quality::proud::Assessment as JSON
    );
    CREATE TABLE review_summaries (
        team    TEXT NOT NULL,
        month   TEXT NOT NULL,
        summary TEXT NOT NULL,            -- service_quality::proud::ProudSummary as JSON
        PRIMARY KEY (team, month)
    );
    CREATE TABLE breakdowns (
        id        INTEGER PRIMARY KEY,
        team      TEXT NOT NULL,
        month     TEXT NOT NULL,
        breakdown TEXT NOT NULL           -- service_quality::breakdown::Breakdown as JSON
    );
    CREATE TABLE breakdown_totals (
        team      TEXT NOT NULL,
        month     TEXT NOT NULL,
        aggregate TEXT NOT NULL,          -- service_quality::breakdown::Aggregate as JSON
        PRIMARY KEY (team, month)
    );
";

fn main() -> Result<(), Box<dyn StdError>> {
    let path = std::env::temp_dir().join("qa_store.sqlite");
    // Start afresh each run so the output is the same every time.
    if path.exists() {
        std::fs::remove_file(&path)?;
    }
    let mut db = Connection::open(&path)?;
    db.execute_batch(SCHEMA)?;
    println!("Database: {}", path.display());

    // 1. Store reviews from the CSV export, updating the running summaries as we go.
    let policy = ProudPolicy::default();
    let csv_path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/proud_reviews.csv"
    );
    let mut reader = csv::Reader::from_path(csv_path)?;
    let headers: Vec<String> = reader.headers()?.iter().map(str::to_owned).collect();
    let columns = Columns::<Principle>::from_headers(
        headers.iter().map(String::as_str),
        &["agent", "team", "month"],
    )?;
    let col = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    let (team_col, month_col) = (col("team"), col("month"));
    let tx = db.transaction()?;
    let (mut stored, mut refused) = (0, 0);
    for record in reader.records() {
        let record = record?;
        let fields: Vec<&str> = record.iter().collect();
        let (Some(team), Some(month)) = (
            team_col.and_then(|c| record.get(c)),
            month_col.and_then(|c| record.get(c)),
        ) else {
            refused += 1;
            continue;
        };
        match columns.read(&policy, &fields) {
            Ok(ratings) => {
                store_review(&tx, team, month, &Assessment::new(ratings), &policy)?;
                stored += 1;
            }
            Err(_) => refused += 1, // the import example shows the reasons
        }
    }
    tx.commit()?;
    println!("Stored {stored} reviews ({refused} rows of the export refused at import).");

    // 2. Breakdowns, with their running totals.
    let tx = db.transaction()?;
    for (team, month, ratings, what) in [
        (
            "south",
            "2026-10",
            [8, 6, 2, 3, 1],
            "refund needed three approvals",
        ),
        (
            "south",
            "2026-10",
            [2, 2, 2, 9, 5],
            "card reader declined cards",
        ),
        (
            "south",
            "2026-11",
            [5, 1, 1, 2, 1],
            "delivery slot booked twice",
        ),
        (
            "north",
            "2026-11",
            [3, 7, 2, 2, 1],
            "policy forbade a goodwill voucher",
        ),
    ] {
        let breakdown = Breakdown::new(ratings)?
            .with_description(what)
            .with_period(month);
        store_breakdown(&tx, team, month, &breakdown)?;
    }
    tx.commit()?;

    // 3. Somebody edits the database by hand: one row is no longer valid JSON, another has a
    //    rating off the scale. The summaries were built before, so we re-check every row.
    db.execute(
        "INSERT INTO reviews (team, month, assessment) VALUES ('north', '2026-11', '{not json')",
        [],
    )?;
    db.execute(
        "INSERT INTO reviews (team, month, assessment) VALUES ('north', '2026-11', ?1)",
        [r#"{"ratings":{"p":9,"r":5,"o":5,"u":5,"d":5}}"#],
    )?;
    let mut bad_rows = Vec::new();
    let mut statement = db.prepare("SELECT id, assessment FROM reviews ORDER BY id")?;
    let rows = statement.query_map([], |row| {
        Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
    })?;
    let mut valid = 0;
    for row in rows {
        let (id, json) = row?;
        match serde_json::from_str::<Assessment>(&json) {
            Ok(_) => valid += 1,
            Err(e) => bad_rows.push((id, e.to_string())),
        }
    }
    println!(
        "\nRe-checked the reviews table: {valid} valid, {} malformed (skipped):",
        bad_rows.len()
    );
    for (id, reason) in &bad_rows {
        println!("  review {id}: {reason}");
    }

    // 4. The trend of each principle across months, all teams merged.
    println!("\nTrend of each principle, mean score by month (all teams)");
    let months: Vec<(String, ProudSummary)> = merged_by_key(
        &db,
        "SELECT month, summary FROM review_summaries ORDER BY month",
    )?;
    print!("{:<26}", "principle");
    for (month, _) in &months {
        print!("{month:>9}");
    }
    println!();
    for p in Principle::iter() {
        print!("{:<26}", p.to_string());
        for (_, summary) in &months {
            print!("{:>9.1}", summary.mean(p).map_or(f64::NAN, |m| m.get()));
        }
        println!();
    }
    print!("{:<26}", "overall");
    for (_, summary) in &months {
        print!(
            "{:>9.1}",
            summary.mean_overall().map_or(f64::NAN, |m| m.get())
        );
    }
    println!();

    // 5. Where to start on breakdowns, per team, from the stored running totals.
    println!("\nBreakdowns: where to start, from the stored totals");
    let per_team: Vec<(String, Aggregate)> = merged_by_key(
        &db,
        "SELECT team, aggregate FROM breakdown_totals ORDER BY team, month",
    )?;
    for (team, aggregate) in &per_team {
        let triage = aggregate.evaluate(&TriagePolicy::default())?;
        println!(
            "  {team}: {} breakdowns, start with {}",
            aggregate.count(),
            triage.where_to_start()
        );
    }
    Ok(())
}

/// Runs a query returning `(key, JSON)` rows ordered by key, and merges the values of each key.
/// Each JSON value is validated as it is read.
fn merged_by_key<T: DeserializeOwned + Merge>(
    db: &Connection,
    sql: &str,
) -> Result<Vec<(String, T)>, Box<dyn StdError>> {
    let mut statement = db.prepare(sql)?;
    let rows = statement.query_map([], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
    })?;
    let mut merged: Vec<(String, T)> = Vec::new();
    for row in rows {
        let (key, json) = row?;
        let value: T = serde_json::from_str(&json)?;
        match merged.last_mut() {
            Some((k, total)) if *k == key => total.merge(&value),
            _ => merged.push((key, value)),
        }
    }
    Ok(merged)
}

/// Stores a review and merges its verdict into the (team, month) summary.
fn store_review(
    tx: &Transaction<'_>,
    team: &str,
    month: &str,
    assessment: &Assessment,
    policy: &ProudPolicy,
) -> Result<(), Box<dyn StdError>> {
    tx.execute(
        "INSERT INTO reviews (team, month, assessment) VALUES (?1, ?2, ?3)",
        params![team, month, serde_json::to_string(assessment)?],
    )?;
    let mut summary: ProudSummary = load(tx, "review_summaries", "summary", team, month)?;
    summary.add(&assessment.evaluate(policy)?);
    tx.execute(
        "INSERT INTO review_summaries (team, month, summary) VALUES (?1, ?2, ?3)
         ON CONFLICT (team, month) DO UPDATE SET summary = excluded.summary",
        params![team, month, serde_json::to_string(&summary)?],
    )?;
    Ok(())
}

/// Stores a breakdown and adds it to the (team, month) running totals.
fn store_breakdown(
    tx: &Transaction<'_>,
    team: &str,
    month: &str,
    breakdown: &Breakdown,
) -> Result<(), Box<dyn StdError>> {
    tx.execute(
        "INSERT INTO breakdowns (team, month, breakdown) VALUES (?1, ?2, ?3)",
        params![team, month, serde_json::to_string(breakdown)?],
    )?;
    let mut totals: Aggregate = load(tx, "breakdown_totals", "aggregate", team, month)?;
    totals.add(breakdown);
    tx.execute(
        "INSERT INTO breakdown_totals (team, month, aggregate) VALUES (?1, ?2, ?3)
         ON CONFLICT (team, month) DO UPDATE SET aggregate = excluded.aggregate",
        params![team, month, serde_json::to_string(&totals)?],
    )?;
    Ok(())
}

/// Loads a stored running total, or an empty one. The stored JSON is validated on the way in.
fn load<T: serde::de::DeserializeOwned + Default>(
    tx: &Transaction<'_>,
    table: &str,
    column: &str,
    team: &str,
    month: &str,
) -> Result<T, Box<dyn StdError>> {
    let sql = format!("SELECT {column} FROM {table} WHERE team = ?1 AND month = ?2");
    let json: Option<String> = tx
        .query_row(&sql, params![team, month], |row| row.get(0))
        .optional()?;
    Ok(match json {
        Some(json) => serde_json::from_str(&json)?,
        None => T::default(),
    })
}
