//! A customer-experience dashboard: reads survey answers from a CSV export, rejects bad rows
//! with a reason, and prints each team's NPS, CSAT and CES with 95% intervals, the SERVQUAL gap
//! per dimension, and whether the SERVQUAL perception items hang together (Cronbach's alpha).
//!
//! Run with `cargo run --example cx_dashboard`. The data are synthetic, made by
//! `examples/data/make_survey.py`.

use std::collections::{BTreeMap, HashMap};
use std::error::Error as StdError;

use service_quality::Dimension;
use service_quality::metrics::servqual::{ITEMS, Importance, QualityDimension, Response, Servqual};
use service_quality::metrics::{Ces, Csat, Interval, Level, Nps};
use service_quality::reliability::cronbach_alpha;
use strum::IntoEnumIterator;

/// Everything one team's answers add up to. Only counts are kept, so the same structure could
/// be stored per month and merged.
#[derive(Default)]
struct Tally {
    nps: Nps,
    csat: Csat,
    ces: Ces,
    servqual: Servqual,
}

impl Tally {
    fn merge(&mut self, other: &Tally) -> Result<(), service_quality::Error> {
        self.nps.merge(&other.nps);
        self.csat.merge(&other.csat)?;
        self.ces.merge(&other.ces);
        self.servqual.merge(&other.servqual);
        Ok(())
    }
}

/// One parsed row.
struct Row {
    team: String,
    channel: String,
    nps: i64,
    csat: i64,
    ces: i64,
    response: Response,
}

fn main() -> Result<(), Box<dyn StdError>> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/survey.csv");
    let mut reader = csv::Reader::from_path(path)?;
    let columns: HashMap<String, usize> = reader
        .headers()?
        .iter()
        .enumerate()
        .map(|(i, name)| (name.trim().to_ascii_lowercase(), i))
        .collect();

    let mut teams: BTreeMap<String, Tally> = BTreeMap::new();
    let mut channels: BTreeMap<String, Nps> = BTreeMap::new();
    let mut perceptions: Vec<[f64; ITEMS]> = Vec::new();
    let mut rejected = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2; // 1-based, after the header
        match record
            .map_err(|e| e.to_string())
            .and_then(|r| parse(&r, &columns))
        {
            Ok(row) => {
                let tally = teams.entry(row.team.clone()).or_default();
                tally.nps.add(row.nps)?;
                tally.csat.add(row.csat)?;
                tally.ces.add(row.ces)?;
                tally.servqual.add(&row.response);
                channels.entry(row.channel).or_default().add(row.nps)?;
                perceptions.push(core::array::from_fn(|item| {
                    row.response.perception(item + 1).map_or(0.0, f64::from)
                }));
            }
            Err(reason) => rejected.push((line, reason)),
        }
    }

    let mut all = Tally::default();
    for tally in teams.values() {
        all.merge(tally)?;
    }

    let level = Level::NINETY_FIVE;
    println!("Customer experience by team (95% intervals)\n");
    println!(
        "{:<8} {:>4}  {:<24} {:<24} {:<22}",
        "team", "n", "NPS", "CSAT %", "CES (1-7)"
    );
    for (name, tally) in teams.iter().chain([(&"all".to_owned(), &all)]) {
        println!(
            "{:<8} {:>4}  {:<24} {:<24} {:<22}",
            name,
            tally.nps.count(),
            show(tally.nps.interval(level), 1),
            show(tally.csat.interval(level), 1),
            show(tally.ces.interval(level), 2),
        );
    }

    println!("\nNPS by channel");
    for (channel, nps) in &channels {
        println!(
            "  {channel:<6} {:>4} answers  {}",
            nps.count(),
            show(nps.interval(level), 1)
        );
    }

    // Customers of this business said reliability matters most.
    let importance = Importance::new([10.0, 35.0, 25.0, 15.0, 15.0])?;
    println!("\nSERVQUAL gap, perception minus expectation (negative: below expectations)\n");
    print!("{:<8}", "team");
    for d in QualityDimension::iter() {
        print!(" {:>14}", d.name());
    }
    println!(" {:>10} {:>10} {:>9}", "unweighted", "weighted", "SERVPERF");
    for (name, tally) in teams.iter().chain([(&"all".to_owned(), &all)]) {
        print!("{name:<8}");
        for d in QualityDimension::iter() {
            print!(" {:>14.2}", tally.servqual.dimension_gap(d)?);
        }
        println!(
            " {:>10.2} {:>10.2} {:>9.2}",
            tally.servqual.unweighted_score()?,
            tally.servqual.weighted_score(&importance)?,
            tally.servqual.servperf()?
        );
    }

    let alpha = cronbach_alpha(&perceptions)?;
    println!(
        "\nCronbach's alpha of the 22 perception items: {:.3} ({} respondents){}",
        alpha.alpha(),
        alpha.respondents(),
        if alpha.alpha() >= 0.8 {
            ", consistent enough to sum"
        } else {
            ""
        }
    );

    println!("\n{} rows rejected:", rejected.len());
    for (line, reason) in rejected {
        println!("  line {line}: {reason}");
    }
    Ok(())
}

/// Parses one CSV record; any problem becomes a message naming the column.
fn parse(record: &csv::StringRecord, columns: &HashMap<String, usize>) -> Result<Row, String> {
    let text = |name: &str| -> Result<&str, String> {
        let i = columns.get(name).ok_or(format!("no '{name}' column"))?;
        Ok(record.get(*i).unwrap_or("").trim())
    };
    let number = |name: &str| -> Result<i64, String> {
        let t = text(name)?;
        t.parse()
            .map_err(|_| format!("column '{name}' is '{t}', expected a whole number"))
    };
    let items = |prefix: &str| -> Result<[i64; ITEMS], String> {
        let mut out = [0; ITEMS];
        for (i, slot) in out.iter_mut().enumerate() {
            *slot = number(&format!("{prefix}{}", i + 1))?;
        }
        Ok(out)
    };
    let (nps, csat, ces) = (number("nps")?, number("csat")?, number("ces")?);
    // Validate the single answers now, so a bad row is rejected whole rather than half-added.
    Nps::new().add(nps).map_err(|e| e.to_string())?;
    Csat::default().add(csat).map_err(|e| e.to_string())?;
    Ces::new().add(ces).map_err(|e| e.to_string())?;
    let response = Response::new(items("e")?, items("p")?).map_err(|e| e.to_string())?;
    Ok(Row {
        team: text("team")?.to_owned(),
        channel: text("channel")?.to_owned(),
        nps,
        csat,
        ces,
        response,
    })
}

/// An interval as text, or the reason it does not exist.
fn show(interval: Result<Interval, service_quality::Error>, precision: usize) -> String {
    match interval {
        Ok(i) => format!("{i:.precision$}").replace(" at 95%", ""),
        Err(e) => e.to_string(),
    }
}
