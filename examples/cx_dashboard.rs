//! A customer-experience dashboard: reads survey answers from a CSV export, rejects bad rows
//! with a reason, and prints
//!
//! - each team's NPS, CSAT and CES with 95% intervals, however small the team (the NPS interval
//!   is the adjusted Wald one, which still answers when every answer is a promoter);
//! - what changed from October to November, with the changes that survive Holm's adjustment for
//!   the number of comparisons marked;
//! - the SERVQUAL gap per dimension and whether the perception items hang together (Cronbach's
//!   alpha with Feldt's interval);
//! - which SERVQUAL dimension drives the likelihood to recommend (correlations and Shapley
//!   shares of R²);
//! - how well the QA reviewers agree with their lead (a calibration table).
//!
//! Run with `cargo run --example cx_dashboard`. The survey data are synthetic, made by
//! `examples/data/make_survey.py`; the calibration answers are `examples/data/calibration.csv`
//! (see also `cargo run --example calibration`).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::error::Error as StdError;

use service_quality::metrics::compare::{self, Difference, holm};
use service_quality::metrics::drivers::key_drivers;
use service_quality::metrics::servqual::{ITEMS, Importance, QualityDimension, Response, Servqual};
use service_quality::metrics::{Ces, Csat, Interval, Level, Nps, NpsMethod, ShareMethod};
use service_quality::reliability::{CalibrationOptions, KappaOutcome, Reference, cronbach_alpha};

#[path = "shared/calibration_data.rs"]
mod calibration_data;

/// Everything one group's answers add up to. Only counts are kept, so the same structure could
/// be stored per month and merged.
#[derive(Default)]
struct Tally {
    nps: Nps,
    csat: Csat,
    ces: Ces,
    servqual: Servqual,
}

impl Tally {
    fn add(&mut self, row: &Row) -> Result<(), service_quality::Error> {
        self.nps.add(row.nps)?;
        self.csat.add(row.csat)?;
        self.ces.add(row.ces)?;
        self.servqual.add(&row.response);
        Ok(())
    }

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
    month: String,
    nps: i64,
    csat: i64,
    ces: i64,
    response: Response,
}

const BEFORE: &str = "2026-10";
const AFTER: &str = "2026-11";

fn main() -> Result<(), Box<dyn StdError>> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/survey.csv");
    let mut reader = csv::Reader::from_path(path)?;
    let columns: HashMap<String, usize> = reader
        .headers()?
        .iter()
        .enumerate()
        .map(|(i, name)| (name.trim().to_ascii_lowercase(), i))
        .collect();

    // Per team and month; the team totals are merged from these.
    let mut months: BTreeMap<(String, String), Tally> = BTreeMap::new();
    let mut channels: BTreeMap<String, Nps> = BTreeMap::new();
    let mut perceptions: Vec<[f64; ITEMS]> = Vec::new();
    let mut recommend: Vec<f64> = Vec::new();
    let mut rejected = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2; // 1-based, after the header
        match record
            .map_err(|e| e.to_string())
            .and_then(|r| parse(&r, &columns))
        {
            Ok(row) => {
                months
                    .entry((row.team.clone(), row.month.clone()))
                    .or_default()
                    .add(&row)?;
                channels
                    .entry(row.channel.clone())
                    .or_default()
                    .add(row.nps)?;
                perceptions.push(core::array::from_fn(|item| {
                    row.response.perception(item + 1).map_or(0.0, f64::from)
                }));
                recommend.push(row.nps as f64);
            }
            Err(reason) => rejected.push((line, reason)),
        }
    }

    let mut teams: BTreeMap<String, Tally> = BTreeMap::new();
    let mut all = Tally::default();
    for ((team, _), tally) in &months {
        teams.entry(team.clone()).or_default().merge(tally)?;
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
    if let Some(night) = teams.get("night") {
        println!(
            "\nNPS intervals are adjusted Wald (Rocks, 2016), so even the night shift's {} answers \
             get one; the plain Wald interval would say: {}",
            night.nps.count(),
            show(night.nps.interval_with(NpsMethod::Wald, level), 1)
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

    period_comparison(&months, level)?;

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
    let ci = alpha.interval(level);
    println!(
        "\nCronbach's alpha of the 22 perception items: {:.3} [{:.3}, {:.3}] ({} respondents){}",
        alpha.alpha(),
        ci.lower(),
        ci.upper(),
        alpha.respondents(),
        if ci.lower() >= 0.8 {
            ", consistent enough to sum"
        } else {
            ""
        }
    );

    drivers(&perceptions, &recommend, level)?;
    calibration_table()?;

    println!("\n{} rows rejected:", rejected.len());
    for (line, reason) in rejected {
        println!("  line {line}: {reason}");
    }
    Ok(())
}

/// October against November for every team and measure, with Holm's adjustment over the whole
/// family of comparisons.
fn period_comparison(
    months: &BTreeMap<(String, String), Tally>,
    level: Level,
) -> Result<(), Box<dyn StdError>> {
    let mut rows: Vec<(String, &str, Difference)> = Vec::new();
    let teams: BTreeSet<&String> = months.keys().map(|(team, _)| team).collect();
    for team in teams {
        let (Some(before), Some(after)) = (
            months.get(&(team.clone(), BEFORE.to_owned())),
            months.get(&(team.clone(), AFTER.to_owned())),
        ) else {
            continue;
        };
        // Later period first: a positive change is an improvement.
        rows.push((
            team.clone(),
            "NPS",
            compare::nps(&after.nps, &before.nps, NpsMethod::default(), level)?,
        ));
        rows.push((
            team.clone(),
            "CSAT %",
            compare::csat(&after.csat, &before.csat, ShareMethod::default(), level)?,
        ));
        match compare::ces(&after.ces, &before.ces, level) {
            Ok(d) => rows.push((team.clone(), "CES", d)),
            Err(e) => println!("  {team} CES: {e}"),
        }
    }
    let p_values: Vec<f64> = rows.iter().map(|(_, _, d)| d.p_value()).collect();
    let adjusted = holm(&p_values)?;
    println!(
        "\nChange from {BEFORE} to {AFTER} (95% intervals; Holm's adjustment over {} comparisons)\n",
        rows.len()
    );
    println!(
        "{:<8} {:<7} {:<24} {:>8} {:>8}",
        "team", "measure", "change", "p", "Holm p"
    );
    for ((team, measure, d), holm_p) in rows.iter().zip(&adjusted) {
        let i = d.interval();
        let verdict = if *holm_p < level.alpha() {
            if d.difference() > 0.0 {
                "significant: better"
            } else {
                "significant: worse"
            }
        } else if d.is_significant(level) {
            "not after adjustment"
        } else {
            ""
        };
        println!(
            "{:<8} {:<7} {:<24} {:>8} {:>8}  {verdict}",
            team,
            measure,
            format!(
                "{:+.1} [{:+.1}, {:+.1}]",
                d.difference(),
                i.lower(),
                i.upper()
            ),
            p_text(d.p_value()),
            p_text(*holm_p)
        );
    }
    Ok(())
}

/// Which SERVQUAL dimension drives the likelihood to recommend: each respondent's mean
/// perception per dimension against their NPS answer.
fn drivers(
    perceptions: &[[f64; ITEMS]],
    recommend: &[f64],
    level: Level,
) -> Result<(), Box<dyn StdError>> {
    let items: Vec<(String, Vec<f64>)> = QualityDimension::iter()
        .map(|d| {
            let numbers: Vec<usize> = d.items().map(|item| usize::from(item.number())).collect();
            let scores = perceptions
                .iter()
                .map(|p| numbers.iter().map(|&n| p[n - 1]).sum::<f64>() / numbers.len() as f64)
                .collect();
            (d.name().to_owned(), scores)
        })
        .collect();
    let analysis = key_drivers(recommend, &items, level)?;
    println!(
        "\nWhat drives the likelihood to recommend: the five dimensions explain {:.0}% of its \
         variance (R², {} respondents)\n",
        100.0 * analysis.r_squared(),
        analysis.respondents()
    );
    println!(
        "{:<16} {:>8}  {:<22} {:<22}",
        "dimension", "share", "Pearson r", "Spearman rho"
    );
    for d in analysis.drivers() {
        println!(
            "{:<16} {:>8}  {:<22} {:<22}",
            d.name(),
            d.share().map_or("-".to_owned(), |s| format!("{s:.1}%")),
            range(d.pearson()),
            range(d.spearman())
        );
    }
    println!("(share: the dimension's Shapley share of R²; the shares add up to 100%)");
    Ok(())
}

/// The QA reviewers against their lead, item by item.
fn calibration_table() -> Result<(), Box<dyn StdError>> {
    let session = calibration_data::session(&calibration_data::answers()?)?;
    let options =
        CalibrationOptions::default().with_reference(Reference::Calibrator("lead".into()));
    let report = session.evaluate(&options)?;
    println!(
        "\nQA calibration against the lead ({} reviewers, {} calls)\n",
        report.reviewers().len(),
        session.subjects().len()
    );
    println!(
        "{:<13} {:>9} {:<20} {:<5} largest drift",
        "item", "agreement", "kappa", "AC1"
    );
    for item in report.items() {
        let kappa = match item.kappa() {
            KappaOutcome::Estimated(k) => format!(
                "{:.2} [{:.2}, {:.2}]",
                k.value(),
                k.interval().lower(),
                k.interval().upper()
            ),
            KappaOutcome::OneCategory => "all agreed".to_owned(),
            _ => "-".to_owned(),
        };
        let drift = item
            .reviewers()
            .iter()
            .filter_map(|r| {
                let d = r.agreement().mean_signed_deviation()?;
                Some((r.reviewer(), d))
            })
            .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()))
            .filter(|(_, d)| *d != 0.0)
            .map_or(String::new(), |(name, d)| format!("{name} {d:+.2}"));
        // AC1 stays readable where one answer dominates and kappa collapses.
        let ac1 = item
            .ac1()
            .value()
            .map_or("-".to_owned(), |v| format!("{v:.2}"));
        println!(
            "{:<13} {:>9} {:<20} {:<5} {drift}",
            item.item(),
            item.agreement()
                .percent()
                .map_or("-".to_owned(), |a| format!("{a:.0}%")),
            kappa,
            ac1
        );
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
        month: text("month")?.to_owned(),
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

/// A p-value to three decimals, or "<0.001".
fn p_text(p: f64) -> String {
    if p < 0.001 {
        "<0.001".to_owned()
    } else {
        format!("{p:.3}")
    }
}

/// A correlation and its interval.
fn range(i: Interval) -> String {
    format!("{:.2} [{:.2}, {:.2}]", i.estimate(), i.lower(), i.upper())
}
