//! A QA calibration session: three reviewers and the QA lead (the calibrator) score the same
//! six recorded calls on a five-item form. The report says, item by item, how often the
//! reviewers agree with the lead, Cohen's kappa, Gwet's AC1 and Krippendorff's alpha (each item
//! weighed by its answer type: yes/no items nominal, ratings ordinal), which of them to read,
//! who drifts which way, and where they disagree on whether an item applies at all; then how
//! well the reviewers' overall call scores agree (intraclass correlation, with a bootstrap
//! interval), and what to do next.
//!
//! The compliance item shows the kappa paradox: nearly every answer is "yes", the reviewers
//! agree with the lead on 15 of 18 calls, and yet kappa is low, because with answers this
//! lopsided kappa expects almost as much agreement by chance. Gwet's AC1 takes chance agreement
//! to be small when one answer dominates, and stays close to what the team sees.
//!
//! Run with `cargo run --example calibration`. The answers are in
//! `examples/data/calibration.csv` (one row per call, item, reviewer; `NA` for not applicable).

use std::collections::BTreeMap;
use std::error::Error as StdError;

use service_quality::metrics::Level;
use service_quality::reliability::{
    AgreementOutcome, Bootstrap, CalibrationOptions, Coefficient, IccForm, ItemWeighting,
    KappaOutcome, Reference, ReviewerCalibration, intraclass_correlation,
};

#[path = "shared/calibration_data.rs"]
mod calibration_data;

/// The form: each item with its lowest and highest answer (0 and 1 for yes/no items).
const FORM: [(&str, f64, f64); 5] = [
    ("greeting", 0.0, 1.0),
    ("verification", 0.0, 1.0),
    ("compliance", 0.0, 1.0),
    ("resolution", 1.0, 5.0),
    ("tone", 1.0, 5.0),
];
const CALIBRATOR: &str = "lead";

fn main() -> Result<(), Box<dyn StdError>> {
    let answers = calibration_data::answers()?;
    let session = calibration_data::session(&answers)?;

    // One call for the whole form: yes/no items agree or not, ratings are ordered. (Sessions
    // filled with `add_evaluation` take this from the form's answer types by themselves.)
    let options = FORM.iter().fold(
        CalibrationOptions::default().with_reference(Reference::Calibrator(CALIBRATOR.into())),
        |options, &(item, low, high)| {
            let weighting = if high - low > 1.0 {
                ItemWeighting::ORDINAL
            } else {
                ItemWeighting::NOMINAL
            };
            options.with_item_weighting(item, weighting)
        },
    );
    let report = session.evaluate(&options)?;
    let reviewers: Vec<&str> = report.reviewers().iter().map(|r| r.reviewer()).collect();
    println!(
        "Calibration against {CALIBRATOR}: {} reviewers ({}), {} calls, {} items\n",
        reviewers.len(),
        reviewers.join(", "),
        session.subjects().len(),
        session.items().len()
    );

    println!(
        "{:<13} {:>5} {:>4} {:>9} {:>6}  {:<19} {:<6} {:<6} read",
        "item", "pairs", "N/A", "agreement", "top", "kappa (95%)", "AC1", "alpha"
    );
    for item in report.items() {
        let kappa = match item.kappa() {
            KappaOutcome::Estimated(k) => format!(
                "{:.2} [{:.2}, {:.2}]",
                k.value(),
                k.interval().lower(),
                k.interval().upper(),
            ),
            KappaOutcome::OneCategory => "undefined".to_owned(),
            _ => "-".to_owned(),
        };
        let read = match (item.coefficient_to_read(), item.value_to_read()) {
            (Coefficient::Gwet, Some(v)) => format!("AC1 {v:.2}"),
            (_, Some(v)) => format!("kappa, {}", strength(v)),
            _ => "-".to_owned(),
        };
        println!(
            "{:<13} {:>5} {:>4} {:>9} {:>6}  {:<19} {:<6} {:<6} {read}",
            item.item(),
            item.agreement().pairs(),
            item.agreement().not_applicable(),
            percent(item.agreement().percent()),
            percent(item.prevalence().map(|p| 100.0 * p)),
            kappa,
            coefficient(item.ac1()),
            coefficient(item.alpha()),
        );
    }
    println!("(top: the share of the most common answer; kappa bands after Landis and Koch, 1977)");
    for item in report.items().iter().filter(|i| i.skewed()) {
        if let (Some(kappa), Some(ac1)) = (item.kappa().kappa(), item.ac1().value()) {
            println!(
                "'{}' is skewed ({} of answers are one answer): kappa {:.2} says {}, although \
                 {} of answers agree; kappa expects {:.0}% agreement by chance from answers \
                 this lopsided, so read AC1 ({ac1:.2}), which does not.",
                item.item(),
                percent(item.prevalence().map(|p| 100.0 * p)),
                kappa.value(),
                strength(kappa.value()),
                percent(item.agreement().percent()),
                100.0 * kappa.chance_agreement(),
            );
        }
    }

    println!("\nDrift from {CALIBRATOR}, mean difference per call (+ more generous, - stricter)\n");
    print!("{:<13}", "item");
    for name in &reviewers {
        print!(" {name:>8}");
    }
    println!();
    for item in report.items() {
        print!("{:<13}", item.item());
        for reviewer in item.reviewers() {
            print!(" {:>8}", signed(reviewer));
        }
        println!();
    }

    println!("\nEach reviewer over the whole form\n");
    println!(
        "{:<8} {:>5} {:>9} {:>8} {:>8}  N/A where {CALIBRATOR} answered, or the reverse",
        "reviewer", "pairs", "agreement", "signed", "absolute"
    );
    for r in report.reviewers() {
        let a = r.agreement();
        println!(
            "{:<8} {:>5} {:>9} {:>8} {:>8}  {}",
            r.reviewer(),
            a.pairs(),
            percent(a.percent()),
            signed(r),
            a.mean_absolute_deviation()
                .map_or("-".to_owned(), |d| format!("{d:.2}")),
            a.applicability_disagreements()
        );
    }

    // Overall call scores: each applicable item scaled to 0-100 and averaged.
    let mut scores: BTreeMap<&str, BTreeMap<&str, (f64, f64)>> = BTreeMap::new();
    for a in &answers {
        let Some(value) = a.value else {
            continue; // N/A: the item does not count for this call
        };
        if let Some(&(_, low, high)) = FORM.iter().find(|(name, _, _)| *name == a.item) {
            let slot = scores
                .entry(&a.call)
                .or_default()
                .entry(&a.reviewer)
                .or_default();
            slot.0 += 100.0 * (value - low) / (high - low);
            slot.1 += 1.0;
        }
    }
    let everyone: Vec<&str> = std::iter::once(CALIBRATOR)
        .chain(reviewers.iter().copied())
        .collect();
    // The ICC needs complete data: calls that everyone scored.
    let (calls, table): (Vec<&str>, Vec<Vec<f64>>) = scores
        .iter()
        .filter_map(|(call, by_reviewer)| {
            let row: Option<Vec<f64>> = everyone
                .iter()
                .map(|name| by_reviewer.get(name).map(|(sum, n)| sum / n))
                .collect();
            row.map(|row| (*call, row))
        })
        .unzip();
    println!("\nOverall call scores (0-100)\n");
    print!("{:<8}", "call");
    for name in &everyone {
        print!(" {name:>6}");
    }
    println!();
    for (call, row) in calls.iter().zip(&table) {
        print!("{call:<8}");
        for score in row {
            print!(" {score:>6.1}");
        }
        println!();
    }
    let icc = intraclass_correlation(&table, Level::NINETY_FIVE)?;
    let k = everyone.len();
    for (form, name, meaning) in [
        (
            IccForm::AgreementSingle,
            "ICC(2,1)".to_owned(),
            "one reviewer's score",
        ),
        (
            IccForm::AgreementAverage,
            format!("ICC(2,{k})"),
            "the mean of all of them",
        ),
    ] {
        let e = icc.get(form);
        println!(
            "{name}, absolute agreement of {meaning}: {:.2} [{:.2}, {:.2}]  {}",
            e.value(),
            e.interval().lower(),
            e.interval().upper(),
            reliability(e.value())
        );
    }
    println!("(95% intervals; ICC bands after Koo and Li, 2016)");
    // Six calls are few: a bootstrap over calls shows how far the ICC could move.
    let bootstrap = Bootstrap::new(2_000, 2026)?.icc(&table, IccForm::AgreementSingle)?;
    println!(
        "ICC(2,1) bootstrap over the calls: [{:.2}, {:.2}] ({} resamples, seed 2026)",
        bootstrap.interval().lower(),
        bootstrap.interval().upper(),
        bootstrap.resamples()
    );

    println!("\nNext steps");
    for item in report.items() {
        // Judge each item by the coefficient that suits it.
        let weak = item.value_to_read().is_some_and(|v| v < 0.6);
        if weak {
            let furthest = item.reviewers().iter().max_by(|a, b| {
                let d = |r: &ReviewerCalibration| {
                    r.agreement().mean_absolute_deviation().unwrap_or(0.0)
                };
                d(a).total_cmp(&d(b))
            });
            if let Some(r) = furthest {
                println!(
                    "- recalibrate '{}': agreement {}; {} is furthest from {CALIBRATOR} ({} per call)",
                    item.item(),
                    percent(item.agreement().percent()),
                    r.reviewer(),
                    signed(r)
                );
            }
        }
        if item.agreement().applicability_disagreements() > 0 {
            println!(
                "- agree when '{}' applies: {} answers where only one side marked it N/A",
                item.item(),
                item.agreement().applicability_disagreements()
            );
        }
    }
    Ok(())
}

/// A reviewer's mean signed difference, or a dash without pairs.
fn signed(r: &ReviewerCalibration) -> String {
    r.agreement()
        .mean_signed_deviation()
        .map_or("-".to_owned(), |d| format!("{d:+.2}"))
}

/// A coefficient to two decimals, or why it does not exist.
fn coefficient(outcome: &AgreementOutcome) -> String {
    match outcome {
        AgreementOutcome::Estimated(e) => format!("{:.2}", e.value()),
        AgreementOutcome::OneCategory => "undef.".to_owned(),
        _ => "-".to_owned(),
    }
}

/// A percentage without decimals, or a dash when there is none.
fn percent(p: Option<f64>) -> String {
    p.map_or("-".to_owned(), |p| format!("{p:.0}%"))
}

/// Landis and Koch's (1977) words for a kappa.
fn strength(kappa: f64) -> &'static str {
    match kappa {
        k if k > 0.8 => "almost perfect",
        k if k > 0.6 => "substantial",
        k if k > 0.4 => "moderate",
        k if k > 0.2 => "fair",
        k if k > 0.0 => "slight",
        _ => "no better than chance",
    }
}

/// Koo and Li's (2016) words for an ICC.
fn reliability(icc: f64) -> &'static str {
    match icc {
        i if i > 0.9 => "excellent",
        i if i > 0.75 => "good",
        i if i >= 0.5 => "moderate",
        _ => "poor",
    }
}
