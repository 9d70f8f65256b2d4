//! The breakdown exercise: score recent service breakdowns on five causes, see where to start
//! fixing, then run the same analysis over two generated months and compare them.
//!
//! Run with `cargo run --example breakdown_triage`.

use service_quality::Dimension;
use service_quality::breakdown::{Aggregate, Breakdown, Cause, Comparison, Triage};
use strum::IntoEnumIterator;

fn main() -> Result<(), service_quality::Error> {
    println!("Step 1: the three most recent breakdowns, scored 1-10 per cause\n");
    let recent = [
        Breakdown::new([8, 6, 2, 3, 1])?
            .with_description("Refund for a faulty kettle needed three separate approvals")
            .with_period("2026-11-18"),
        Breakdown::new([2, 2, 2, 9, 5])?
            .with_description("New card reader declined cards all Saturday morning")
            .with_period("2026-11-21"),
        Breakdown::new([5, 1, 1, 2, 1])?
            .with_description("Two customers booked into the same delivery slot")
            .with_period("2026-11-23"),
    ];

    print!("{:<62}", "breakdown");
    for cause in Cause::iter() {
        print!("{:>14}", cause.name());
    }
    println!();
    for b in &recent {
        print!("{:<62}", b.description().unwrap_or("-"));
        let shares = b.attribution();
        for cause in Cause::iter() {
            print!(
                "{:>14}",
                format!("{} ({:>3.0}%)", b.score(cause), 100.0 * shares.share(cause))
            );
        }
        println!();
    }

    let aggregate: Aggregate = recent.iter().collect();
    println!("\nMean share over {} breakdowns:", aggregate.count());
    for (cause, share) in aggregate.attribution()?.iter() {
        println!("  {:<13} {:>5.1}%", cause.name(), 100.0 * share);
    }
    report(&aggregate.triage()?);

    println!("\nStep 2: two months of logged breakdowns, weighted by severity (1-3)\n");
    let october = generate_month(&mut Lcg(202_610), 240, Month::October)?;
    let november = generate_month(&mut Lcg(202_611), 310, Month::November)?;
    for (name, month) in [("October", &october), ("November", &november)] {
        println!("{name}: {} breakdowns", month.count());
        pareto_table(&month.triage()?);
        println!();
    }

    let change = Comparison::between(&october, &november)?;
    println!("What changed from October to November (share of all breakdowns):");
    for (cause, before, after, delta) in change.iter() {
        println!(
            "  {:<13} {:>5.1}% -> {:>5.1}%  ({:+.2} points)",
            cause.name(),
            100.0 * before,
            100.0 * after,
            100.0 * delta
        );
    }
    let names = |it: &mut dyn Iterator<Item = (Cause, f64)>| {
        it.map(|(c, _)| c.name()).collect::<Vec<_>>().join(", ")
    };
    println!("  grew:   {}", names(&mut change.grew()));
    println!("  shrank: {}", names(&mut change.shrank()));
    Ok(())
}

/// Prints where to start, the vital few and any warnings.
fn report(triage: &Triage) {
    let start = triage.where_to_start();
    println!("Where to start: {}. {}", start.name(), start.fix());
    println!("  Ask: {}", start.question());
    let vital: Vec<&str> = triage.vital_few().iter().map(|(c, _)| c.name()).collect();
    println!(
        "Vital few (reach {:.0}% of the cause share): {}",
        100.0 * triage.threshold(),
        vital.join(", ")
    );
    for warning in triage.warnings() {
        println!("Warning: {}", warning.message());
    }
}

/// Prints a Pareto table: causes by share, a bar, the cumulative share and the vital-few cut.
fn pareto_table(triage: &Triage) {
    println!(
        "  {:<13} {:>6}  {:<25} {:>10}",
        "cause", "share", "", "cumulative"
    );
    let vital = triage.vital_few().len();
    for (i, (cause, share, cumulative)) in triage.ranking().cumulative().enumerate() {
        let bar = "#".repeat((share * 50.0).round() as usize);
        let mark = if i + 1 == vital { "  <- vital few" } else { "" };
        println!(
            "  {:<13} {:>5.1}%  {:<25} {:>9.1}%{mark}",
            cause.name(),
            100.0 * share,
            bar,
            100.0 * cumulative
        );
    }
    report(triage);
}

#[derive(Clone, Copy)]
enum Month {
    October,
    November,
}

/// Generates a month of plausible breakdowns. October is dominated by process trouble; in
/// November a faulty batch of card readers pushes product problems up.
fn generate_month(
    rng: &mut Lcg,
    n: usize,
    month: Month,
) -> Result<Aggregate, service_quality::Error> {
    let mut aggregate = Aggregate::new();
    for _ in 0..n {
        // Typical contribution of each cause (process, rules, presentation, product, people).
        let centre = match month {
            Month::October => [7, 4, 3, 3, 3],
            Month::November => [5, 3, 3, 7, 3],
        };
        let mut scores = [1i32; 5];
        for (score, c) in scores.iter_mut().zip(centre) {
            *score = (c + rng.below(5) as i32 - 2).clamp(1, 10);
        }
        let severity = 1.0 + rng.below(3) as f64;
        aggregate.add(&Breakdown::new(scores)?.with_severity(severity)?);
    }
    Ok(aggregate)
}

/// A tiny deterministic generator so the example prints the same figures on every run.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}
