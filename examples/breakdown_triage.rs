//! The breakdown exercise: rate recent service breakdowns 1-10 on five causes, see where to start
//! fixing, compare two generated months, then do the same over a team's own causes and over a
//! plain count of complaints.
//!
//! Run with `cargo run --example breakdown_triage`.

use service_quality::breakdown::{
    Aggregate, Attribution, AttributionMethod, Breakdown, Cause, CauseList, CauseSet, Comparison,
    Triage, TriagePolicy, VitalFewThreshold,
};

fn main() -> Result<(), service_quality::Error> {
    println!("Step 1: the most recent breakdowns, rated 1-10 per cause (1 = did not contribute)\n");
    let recent = [
        Breakdown::new([8, 6, 1, 3, 1])?
            .with_description("Refund for a faulty kettle needed three separate approvals"),
        Breakdown::new([1, 1, 1, 9, 3])?
            .with_description("New card reader declined cards all Saturday morning"),
        Breakdown::new([6, 1, 2, 1, 1])?
            .with_description("Two customers booked into the same delivery slot"),
        Breakdown::new([1, 1, 1, 1, 1])?
            .with_description("Customer left the queue; nobody could say why"),
    ];

    print!("{:<60}", "breakdown (rating, share above the floor)");
    for cause in Cause::iter() {
        print!("{:>14}", cause.name());
    }
    println!();
    for b in &recent {
        print!("{:<60}", b.description().unwrap_or("-"));
        match b.attribution() {
            Ok(shares) => {
                for cause in Cause::iter() {
                    let cell = format!(
                        "{} ({:>3.0}%)",
                        b.rating(cause),
                        100.0 * shares.share(cause)
                    );
                    print!("{cell:>14}");
                }
                println!();
            }
            Err(_) => println!("{:>14}", "unattributed: rated 1 on every cause"),
        }
    }

    let aggregate: Aggregate = recent.iter().collect();
    println!(
        "\nMean share over the {} attributed breakdowns ({} counted apart):",
        aggregate.attributed(),
        aggregate.unattributed()
    );
    for (cause, share) in aggregate.attribution()?.iter() {
        println!("  {:<13} {:>5.1}%", cause.name(), 100.0 * share);
    }
    report(&aggregate.evaluate(&TriagePolicy::default())?);
    let plain = TriagePolicy::default().with_method(AttributionMethod::PlainShare);
    println!(
        "(Read as plain shares of the ratings, every 1 would still take a slice, and the vital few \
         would be {}.)",
        names(
            aggregate
                .evaluate(&plain)?
                .vital_few()
                .map(|(c, s)| (c.name(), s))
        )
    );

    println!("\nStep 2: two months of logged breakdowns, weighted by severity (1-3)\n");
    let october = generate_month(&mut Lcg(202_610), 240, Month::October)?;
    let november = generate_month(&mut Lcg(202_611), 310, Month::November)?;
    for (name, month) in [("October", &october), ("November", &november)] {
        println!(
            "{name}: {} breakdowns, {} rated 1 on every cause",
            month.count(),
            month.unattributed()
        );
        pareto_table(&month.evaluate(&TriagePolicy::default())?);
        println!();
    }

    let change = Comparison::between(&october, &november)?;
    println!("What changed from October to November (share of the attributed breakdowns):");
    for (cause, before, after, delta) in change.iter() {
        println!(
            "  {:<13} {:>5.1}% -> {:>5.1}%  ({:+.2} points)",
            cause.name(),
            100.0 * before,
            100.0 * after,
            100.0 * delta
        );
    }
    println!("  grew:   {}", names(change.grew()));
    println!("  shrank: {}", names(change.shrank()));

    println!("\nStep 3: the online shop tracks its own causes\n");
    let causes = CauseSet::new(["payment page", "stock data", "courier", "agent"])?;
    let mut week = Aggregate::with_causes(&causes);
    for ratings in [
        vec![("courier", 8), ("stock data", 3)],
        vec![("stock data", 7), ("payment page", 2)],
        vec![("courier", 9)],
        vec![("payment page", 6), ("agent", 2)],
        vec![("courier", 6), ("agent", 4)],
    ] {
        week.add(&causes.breakdown(ratings)?)?;
    }
    pareto_table(&week.evaluate(&TriagePolicy::default())?);

    println!("\nStep 4: last month's complaints, counted by category\n");
    let complaints = Attribution::from_counts([
        ("late delivery", 46),
        ("wrong item sent", 22),
        ("rude staff", 4),
        ("charged twice", 28),
        ("website down", 9),
    ])?;
    pareto_table(&complaints.evaluate(&VitalFewThreshold::default()));
    Ok(())
}

/// Prints where to start, the vital few and any warnings.
fn report<L: CauseList>(triage: &Triage<L>) {
    let causes = triage.ranking().causes();
    let start = triage.where_to_start();
    match L::as_builtin(start) {
        Some(cause) => {
            println!("Where to start: {}. {}", cause.name(), cause.fix());
            println!("  Ask: {}", cause.question());
        }
        None => println!("Where to start: {}.", causes.name(start)),
    }
    println!(
        "Vital few (reach {:.0}% of the share): {}",
        100.0 * triage.threshold().get(),
        names(triage.vital_few().map(|(c, s)| (causes.name(c), s)))
    );
    for warning in triage.warnings() {
        println!("Warning: {}", warning.message());
        println!("  Ask: {}", warning.question());
    }
}

/// Joins the names of causes given with their shares.
fn names<N: std::fmt::Display>(causes: impl Iterator<Item = (N, f64)>) -> String {
    causes
        .map(|(c, _)| c.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Prints a Pareto table: causes by share, a bar, the cumulative share and the vital-few cut.
fn pareto_table<L: CauseList>(triage: &Triage<L>) {
    println!(
        "  {:<16} {:>6}  {:<25} {:>10}",
        "cause", "share", "", "cumulative"
    );
    let vital = triage.vital_few().len();
    let causes = triage.ranking().causes();
    for (i, (cause, share, cumulative)) in triage.ranking().cumulative().enumerate() {
        let bar = "#".repeat((share * 50.0).round() as usize);
        let mark = if i + 1 == vital { "  <- vital few" } else { "" };
        println!(
            "  {:<16} {:>5.1}%  {:<25} {:>9.1}%{mark}",
            causes.name(cause),
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

/// Generates a month of plausible breakdowns: most have one main cause and perhaps a lesser
/// second one, the other causes rated 1; now and then nobody can name a cause at all. October
/// is dominated by process trouble; in November a faulty batch of card readers pushes product
/// problems up.
fn generate_month(
    rng: &mut Lcg,
    n: usize,
    month: Month,
) -> Result<Aggregate, service_quality::Error> {
    // How often each cause is the main one (process, rules, presentation, product, people).
    let odds = match month {
        Month::October => [50, 22, 12, 10, 6],
        Month::November => [22, 12, 8, 52, 6],
    };
    let mut aggregate = Aggregate::new();
    for _ in 0..n {
        let mut ratings = [1i64; 5];
        if rng.below(100) >= 4 {
            let main = pick(rng, &odds);
            ratings[main] = 6 + rng.below(5) as i64;
            if rng.below(3) == 0 {
                let second = pick(rng, &odds);
                if second != main {
                    ratings[second] = 2 + rng.below(4) as i64;
                }
            }
        }
        let severity = 1.0 + rng.below(3) as f64;
        aggregate.add(&Breakdown::new(ratings)?.try_with_severity(severity)?);
    }
    Ok(aggregate)
}

/// An index drawn with the given odds (out of their total).
fn pick(rng: &mut Lcg, odds: &[u64; 5]) -> usize {
    let mut draw = rng.below(odds.iter().sum());
    for (i, &o) in odds.iter().enumerate() {
        if draw < o {
            return i;
        }
        draw -= o;
    }
    odds.len() - 1
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
