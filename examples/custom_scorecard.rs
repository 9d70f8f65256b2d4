//! A contact centre's own QA forms, loaded from JSON.
//!
//! First its weighted form scores a CSV export of call reviews: a report per agent and per team
//! (quality score, answered counts per item, critical failures, coaching focus) and every
//! rejected row with all of its reasons. Then the same team's points form: points earned over
//! points possible, an item that deducts points, a bonus section reported beside the score, a
//! compliance section that a failed item zeroes, items that apply only on the phone or only
//! after an escalation, a contact reason kept for reporting, and the pass rate against the
//! form's baseline beside both averages.
//!
//! Run with `cargo run --example custom_scorecard`. The forms are
//! `examples/data/contact_centre_form.json` and `contact_centre_points_form.json` (both valid
//! against the crate's `schema/form.schema.json`); the reviews, with blanks, N/A, yes/no
//! answers and malformed rows as real exports have them, are `examples/data/call_reviews.csv`.

use std::collections::BTreeMap;
use std::error::Error as StdError;

use service_quality::form::{Answer, Form, FormSummary, Item};
use service_quality::import::FormColumns;
use service_quality::metrics::{Level, ShareMethod};

fn main() -> Result<(), Box<dyn StdError>> {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data");
    // Loading the form validates every item and rule, with errors naming the item and field.
    let form: Form = serde_json::from_str(&std::fs::read_to_string(format!(
        "{data}/contact_centre_form.json"
    ))?)?;
    describe(&form);

    // Flexible: a short row reaches the import, which reports it, instead of stopping the read.
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(format!("{data}/call_reviews.csv"))?;
    let headers: Vec<String> = reader.headers()?.iter().map(str::to_owned).collect();
    // Items are found by key or name in any case; the other columns are declared, so a misspelt
    // header would be reported with the closest name instead of silently ignored. Each accepted
    // row's answers carry the declared columns as fields.
    let extra = ["review", "agent", "team"];
    let columns = FormColumns::new(&form, headers.iter().map(String::as_str), &extra)?;

    let records: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>()?;
    // Row numbers as a spreadsheet shows them: the header is row 1.
    let import = columns.import(
        records
            .iter()
            .enumerate()
            .map(|(i, r)| (i + 2, r.iter().collect::<Vec<_>>())),
    );

    let mut by_agent: BTreeMap<(String, String), FormSummary> = BTreeMap::new();
    let mut by_team: BTreeMap<String, FormSummary> = BTreeMap::new();
    let mut example = None;
    for (row, answers) in import.accepted() {
        let field = |name: &str| answers.field(name).unwrap_or("?").to_owned();
        let evaluation = answers.evaluate(&form)?;
        by_agent
            .entry((field("agent"), field("team")))
            .or_insert_with(|| FormSummary::new(&form))
            .add(&evaluation)?;
        by_team
            .entry(field("team"))
            .or_insert_with(|| FormSummary::new(&form))
            .add(&evaluation)?;
        if example.is_none() && evaluation.critical_failed() {
            example = Some((*row, answers.clone()));
        }
    }

    println!(
        "{} rows read: {} evaluated, {} rejected\n",
        records.len(),
        import.accepted().len(),
        import.rejected().len()
    );
    println!("Rejected rows, with every reason:");
    for rejection in import.rejected() {
        println!("  {rejection}");
    }

    println!("\nBy agent");
    table(
        &form,
        by_agent
            .iter()
            .map(|((agent, team), s)| (format!("{agent} ({team})"), s)),
    );
    println!("\nBy team");
    table(&form, by_team.iter().map(|(team, s)| (team.clone(), s)));

    if let Some((row, answers)) = example {
        let evaluation = answers.evaluate(&form)?;
        println!("\nOne failed call in detail (row {row})");
        for result in evaluation.items() {
            let score = result
                .score()
                .map_or("n/a".to_owned(), |s| format!("{:.0}", s.get()));
            let note = if result.critical_failed() {
                "  CRITICAL: failed"
            } else if !result.counted() {
                "  (not counted)"
            } else {
                ""
            };
            println!(
                "  {:<24} {:<34} {score:>4}{note}",
                result.item().name(),
                answer_text(result.item(), result.answer())
            );
        }
        for (section, score) in evaluation.sections() {
            let score = score.map_or("n/a".to_owned(), |s| format!("{:.0}", s.get()));
            println!("  section {:<16} {score:>4}", section.name());
        }
        println!(
            "  weighted mean {:.1}, scored {:.0} ({}) because a critical item failed; coach on {}",
            evaluation.weighted_mean().map_or(f64::NAN, |s| s.get()),
            evaluation.overall().map_or(f64::NAN, |s| s.get()),
            evaluation.band().map_or("-", |b| b.name()),
            evaluation.focus().map_or("-", Item::name)
        );
    }
    points_form(data)
}

/// The same team's points form, on a few reviews from a web form's export (the channel is a
/// context field the form declares; the agent is kept with each review).
fn points_form(data: &str) -> Result<(), Box<dyn StdError>> {
    let form: Form = serde_json::from_str(&std::fs::read_to_string(format!(
        "{data}/contact_centre_points_form.json"
    ))?)?;
    println!("\n{}", form.name());
    let headers = [
        "agent",
        "channel",
        "verification",
        "disclosure",
        "resolution",
        "escalation_explained",
        "tone",
        "interrupted",
        "contact_reason",
        "used_name",
    ];
    let rows = [
        [
            "amara",
            "phone",
            "yes",
            "yes",
            "Resolved first time",
            "",
            "5",
            "no",
            "Billing",
            "yes",
        ],
        [
            "amara",
            "chat",
            "",
            "yes",
            "Escalated",
            "yes",
            "4",
            "yes",
            "Fault",
            "no",
        ],
        [
            "ben",
            "phone",
            "yes",
            "no",
            "Resolved after follow-up",
            "",
            "n/a",
            "no",
            "Other",
            "no",
        ],
        [
            "ben",
            "chat",
            "",
            "yes",
            "Resolved first time",
            "",
            "4",
            "no",
            "Billing",
            "yes",
        ],
    ];
    let columns = FormColumns::new(&form, headers, &["agent"])?;
    let import = columns.import(rows.iter().enumerate().map(|(i, r)| (i + 2, r)));
    for rejection in import.rejected() {
        println!("  rejected {rejection}");
    }
    let mut summary = FormSummary::new(&form);
    println!(
        "  {:<6} {:<6} {:>6} {:>8} {:>6}  failed sections",
        "agent", "on", "score", "points", "bonus"
    );
    for (_, answers) in import.accepted() {
        let evaluation = answers.evaluate(&form)?;
        summary.add(&evaluation)?;
        let points = evaluation.points().map_or("-".to_owned(), |p| {
            format!("{}/{}", p.earned(), p.possible())
        });
        let failed: Vec<&str> = evaluation.failed_sections().map(|s| s.name()).collect();
        println!(
            "  {:<6} {:<6} {:>6.1} {points:>8} {:>6.1}  {}",
            answers.field("agent").unwrap_or("?"),
            answers.field("channel").unwrap_or("?"),
            evaluation.overall().map_or(f64::NAN, |s| s.get()),
            evaluation.bonus().unwrap_or(0.0),
            failed.join(", ")
        );
    }
    let rate = summary.pass_rate()?;
    let interval = rate.interval(ShareMethod::Wilson, Level::default());
    println!(
        "  mean score (the reviews' average) {:.1}; mean of item means {:.1}; mean bonus {:.1}",
        summary.mean_overall().map_or(f64::NAN, |s| s.get()),
        summary.mean_of_item_means().map_or(f64::NAN, |s| s.get()),
        summary.mean_bonus().unwrap_or(0.0)
    );
    println!(
        "  at or above the baseline of {}: {} of {} ({:.0}%, 95% interval {:.0} to {:.0})",
        form.baseline().map_or(f64::NAN, |b| b.get()),
        rate.count(),
        rate.of(),
        rate.percent(),
        interval.lower(),
        interval.upper()
    );
    Ok(())
}

/// What the form asks, and its rules.
fn describe(form: &Form) {
    println!(
        "{} (form '{}', version {})",
        form.name(),
        form.key(),
        form.version()
    );
    for item in form.items() {
        let mut notes = Vec::new();
        if (item.weight() - 1.0).abs() > f64::EPSILON {
            notes.push(format!("weight {}", item.weight()));
        }
        if let Some(mark) = item.pass_mark() {
            notes.push(format!("critical, pass mark {}", mark.get()));
        }
        if item.allows_not_applicable() {
            notes.push("N/A allowed".to_owned());
        }
        println!("  {:<24} {}", item.name(), notes.join(", "));
    }
    println!(
        "  A failed critical item: {}; N/A answers: {}.\n",
        form.critical_rule().to_string().replace('_', " "),
        form.not_applicable_rule().to_string().replace('_', " ")
    );
}

/// One line per group: calls, mean score, failed calls, answered count per item, coaching focus.
fn table<'a>(form: &Form, rows: impl Iterator<Item = (String, &'a FormSummary)>) {
    print!(
        "  {:<14} {:>5} {:>6} {:>13} {:>7}",
        "", "calls", "score", "95% interval", "failed"
    );
    for item in form.items() {
        print!(" {:>5}", abbreviate(item.key()));
    }
    println!("   coach on");
    for (name, summary) in rows {
        let score = summary
            .mean_overall()
            .map_or("-".to_owned(), |s| format!("{:.1}", s.get()));
        // A small team's average is uncertain; the t interval says how much.
        let interval = summary
            .mean_interval(Level::default())
            .map_or("-".to_owned(), |i| {
                format!("{:.0} to {:.0}", i.lower(), i.upper())
            });
        print!(
            "  {name:<14} {:>5} {score:>6} {interval:>13} {:>7}",
            summary.count(),
            summary.critical_failures()
        );
        // Each item's answered count: N/A is not an answer, so per-item means divide by it.
        for (_, totals) in summary.items() {
            print!(" {:>5}", totals.answered());
        }
        let focus = summary.weakest().and_then(|key| {
            let item = form.item(key)?;
            let mean = summary.item(key)?.mean()?;
            Some(format!("{} ({:.0})", item.name(), mean.get()))
        });
        let failures: Vec<String> = summary
            .items()
            .filter(|(_, totals)| totals.critical_failures() > 0)
            .map(|(key, totals)| format!("{key} failed x{}", totals.critical_failures()))
            .collect();
        let failures = if failures.is_empty() {
            String::new()
        } else {
            format!("; {}", failures.join(", "))
        };
        println!("   {}{failures}", focus.unwrap_or_else(|| "-".to_owned()));
    }
}

/// The first five letters of a key, for narrow column headers.
fn abbreviate(key: &str) -> String {
    key.chars().take(5).collect()
}

/// An answer as a reviewer would read it.
fn answer_text(item: &Item, answer: Answer) -> String {
    match (item.answer_type(), answer) {
        (service_quality::form::AnswerType::Choices(choices), Answer::Choice(i)) => choices
            .get(usize::from(i))
            .map_or_else(|| answer.to_string(), |c| c.label().to_owned()),
        _ => answer.to_string(),
    }
}
