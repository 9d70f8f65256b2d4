//! Imports PROUD reviews from a CSV export whose headers name the principles in their own order
//! and case, reports every rejected row with its reason, and summarises each team by month.
//!
//! Run with `cargo run --example survey_import`. The data are synthetic, made by
//! `examples/data/make_reviews.py`.

use std::collections::BTreeMap;
use std::error::Error as StdError;

use service_quality::import::Columns;
use service_quality::proud::{Assessment, Principle, ProudPolicy, ProudSummary};

fn main() -> Result<(), Box<dyn StdError>> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/proud_reviews.csv"
    );
    let mut reader = csv::Reader::from_path(path)?;
    let headers: Vec<String> = reader.headers()?.iter().map(str::to_owned).collect();
    // The principles are found by name in any order and case; the other columns are declared
    // (so a misspelt header is reported) and read by hand.
    let columns = Columns::<Principle>::from_headers(
        headers.iter().map(String::as_str),
        &["agent", "team", "month"],
    )?;
    let column = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    let (team_col, month_col) = (column("team"), column("month"));
    println!("Columns found:");
    for p in Principle::iter() {
        println!(
            "  {:<24} <- '{}'",
            p.to_string(),
            headers[columns.column(p)]
        );
    }

    let records: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>()?;
    // Row numbers as a spreadsheet shows them: the header is row 1.
    let policy = ProudPolicy::default();
    let import = columns.import(
        &policy,
        records
            .iter()
            .enumerate()
            .map(|(i, r)| (i + 2, r.iter().collect::<Vec<_>>())),
    );

    let mut by_team_month: BTreeMap<(String, String), ProudSummary> = BTreeMap::new();
    for (row, ratings) in import.accepted() {
        let record = &records[row - 2];
        let field = |col: Option<usize>| col.and_then(|c| record.get(c)).unwrap_or("?").to_owned();
        let verdict = Assessment::new(*ratings).evaluate(&policy)?;
        by_team_month
            .entry((field(team_col), field(month_col)))
            .or_default()
            .add(&verdict);
    }

    println!(
        "\n{} rows imported, {} rejected:",
        import.accepted().len(),
        import.rejected().len()
    );
    for rejection in import.rejected() {
        println!("  {rejection}");
    }

    println!(
        "\n{:<7} {:<8} {:>5} {:>8} {:>10}  weakest principle",
        "team", "month", "calls", "overall", "P failed"
    );
    for ((team, month), summary) in &by_team_month {
        let weakest = summary.weakest().map_or("-".to_owned(), |p| {
            let mean = summary.mean(p).map_or(f64::NAN, |m| m.get());
            format!("{p} ({mean:.0})")
        });
        let overall = summary.mean_overall().map_or(f64::NAN, |s| s.get());
        println!(
            "{team:<7} {month:<8} {:>5} {overall:>8.1} {:>10}  {weakest}",
            summary.count(),
            summary.first_hurdle_failures(),
        );
    }
    Ok(())
}
