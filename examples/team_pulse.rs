//! A service organisation's pulse: each team's climate survey set beside its PROUD results
//! (with overturned decisions, and whether purpose, empowerment and the climate draw out
//! discretionary effort), then leadership spread and elitism, a hiring screen, the practices audit, response times, a journey through
//! the service triangle and one in-store visit judged against buying online.
//!
//! Run with `cargo run --example team_pulse`.

use std::time::Duration;

use service_quality::metrics::Level;
use service_quality::practices::{
    Actor, ChannelVisit, Handoff, Journey, Practice, ResponseTimes, VersusOnline, WorkPeriod,
    WorkloadCheck,
};
use service_quality::proud::{Assessment, ProudPolicy};
use service_quality::team::{
    Candidate, Climate, ClimatePolicy, ClimateSurvey, DiscretionaryEffort, DistributedLeadership,
    EffortDriver, EffortFactor, EmpowermentSignals, HiringScreen, Overturned, SpreadPolicy,
    reflection,
};
use service_quality::{Policy, Ratings, Scale, Score, Summary};

/// One team: each member's answers (believe, belong, supported, then the two effort drivers:
/// purpose stressed from day one, and real empowerment), empowerment signals (decisions made;
/// overturned although made in good faith; overturned for other reasons; suggestions made;
/// acted on; the manager's availability), and the PROUD ratings its customers' interactions
/// received.
struct Team {
    name: &'static str,
    climate: &'static [[i64; 5]],
    signals: (u32, u32, u32, u32, u32, f64),
    proud: &'static [[i64; 5]],
}

const TEAMS: [Team; 4] = [
    Team {
        name: "Returns desk",
        climate: &[
            [5, 4, 5, 5, 4],
            [4, 4, 4, 5, 5],
            [5, 5, 4, 4, 4],
            [4, 5, 5, 5, 4],
        ],
        signals: (30, 0, 1, 12, 8, 0.35),
        proud: &[[5, 5, 4, 5, 4], [4, 5, 5, 4, 5], [5, 4, 5, 5, 5]],
    },
    Team {
        name: "Phone support",
        climate: &[
            [4, 3, 3, 3, 2],
            [3, 3, 4, 2, 3],
            [4, 4, 3, 4, 2],
            [3, 2, 3, 3, 3],
        ],
        signals: (45, 1, 2, 9, 3, 0.20),
        proud: &[[4, 4, 4, 4, 4], [4, 5, 4, 4, 3], [4, 4, 4, 5, 4]],
    },
    Team {
        name: "Deliveries",
        climate: &[
            [3, 2, 2, 2, 1],
            [2, 2, 1, 3, 1],
            [3, 3, 2, 2, 2],
            [2, 1, 2, 2, 1],
        ],
        signals: (25, 3, 6, 14, 2, 0.05),
        proud: &[[3, 3, 2, 3, 2], [2, 3, 3, 2, 2], [3, 2, 2, 3, 3]],
    },
    Team {
        name: "Web chat",
        // A friendly team that was never told what it is for: a good climate, little purpose.
        climate: &[
            [4, 4, 4, 2, 4],
            [5, 4, 4, 3, 4],
            [4, 4, 5, 2, 5],
            [4, 4, 4, 3, 4],
        ],
        signals: (60, 0, 3, 20, 11, 0.30),
        proud: &[[4, 5, 4, 4, 4], [5, 4, 4, 5, 3], [4, 4, 5, 4, 4]],
    },
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let climate_policy = ClimatePolicy::default();
    let proud_policy = ProudPolicy::default();

    println!("Team climate beside customer-facing PROUD scores (0-100)\n");
    print!("{:<14}", "team");
    for c in Climate::iter() {
        print!(" {:>9}", c.name());
    }
    println!(" {:>8} {:>6}  {:<8} warnings", "climate", "PROUD", "effort");

    let mut pairs = Vec::new();
    let mut warned = Vec::new();
    for team in &TEAMS {
        // The team's climate: the mean of each member's ratings, per dimension and overall.
        let (d, in_good_faith, other, s, a, m) = team.signals;
        let overturned = Overturned {
            in_good_faith,
            other,
        };
        let signals = EmpowermentSignals::new(d, overturned, s, a, m)?;
        // Each member's climate, scored on its own: discretionary effort is something each
        // person gives or holds back. The team's means come from a summary of those scorecards.
        let mut climate = Summary::<Climate>::new();
        let mut giving = 0;
        let mut held_back_by = [0_usize; EffortFactor::ALL.len()];
        let mut last = None;
        for &[believe, belong, supported, purpose, empowerment] in team.climate {
            let five = Scale::ONE_TO_FIVE;
            let ratings = Ratings::<Climate>::from_array(five, [believe, belong, supported])?;
            let drivers = Ratings::<EffortDriver>::from_array(five, [purpose, empowerment])?;
            let report = ClimateSurvey::new(ratings, drivers, signals).evaluate(&climate_policy)?;
            climate.add(report.scorecard());
            if report.discretionary_effort() == DiscretionaryEffort::Given {
                giving += 1;
            }
            for held_back in report.holding_back() {
                if let Some(i) = EffortFactor::iter().position(|f| f == held_back) {
                    held_back_by[i] += 1;
                }
            }
            last = Some(report);
        }
        let mut customers = service_quality::proud::ProudSummary::new();
        for r in team.proud {
            customers
                .add(&Assessment::from_array(Scale::ONE_TO_FIVE, *r)?.evaluate(&proud_policy)?);
        }
        let mean = |score: Option<Score>| score.ok_or("a team with no scored answers");
        let (climate_overall, proud) = (
            mean(climate.mean_overall())?,
            mean(customers.mean_overall())?,
        );

        // The warnings come from the team's signals, the same for every member.
        let warnings: Vec<String> = last
            .iter()
            .flat_map(|r| r.warnings())
            .map(|w| w.to_string())
            .collect();
        print!("{:<14}", team.name);
        for (d, _) in climate.items() {
            print!(" {:>9.0}", mean(climate.mean(d))?.get());
        }
        println!(
            " {:>8.0} {:>6.0}  {:>2} of {:<3} {}",
            climate_overall.get(),
            proud.get(),
            giving,
            team.climate.len(),
            warnings.join(", ")
        );
        if let Some(report) =
            last.filter(|r| r.warnings().next().is_some() || held_back_by.iter().any(|&n| n > 0))
        {
            warned.push((team.name, report, held_back_by));
        }
        pairs.push((climate_overall, proud.get()));
    }
    let r = reflection(&pairs)?;
    println!(
        "\nClimate and customer scores move together (Pearson r = {r:.2}): how a team is treated \
         is how it treats customers."
    );
    println!(
        "Effort: how many staff give discretionary effort: purpose from day one and real \
         empowerment (the source's drivers), and believe, belong and supported (this crate's \
         synthesis), all at {:.0} or more.",
        climate_policy.effort_bar().get()
    );
    for (name, report, held_back_by) in &warned {
        let o = report.signals().overturned();
        println!(
            "\n{name}: {} of {} decisions overturned ({} made in good faith)",
            o.total(),
            report.signals().decisions(),
            o.in_good_faith
        );
        for warning in report.warnings() {
            println!("  - {}", warning.message());
        }
        let holding_back: Vec<(EffortFactor, usize)> = EffortFactor::iter()
            .zip(*held_back_by)
            .filter(|&(_, count)| count > 0)
            .collect();
        if !holding_back.is_empty() {
            let listed: Vec<String> = holding_back
                .iter()
                .map(|(f, count)| format!("{f} ({count} staff)"))
                .collect();
            println!("  Effort held back by: {}", listed.join(", "));
        }
        // The source's drivers first: they are what draws the effort out.
        if let Some((factor, _)) = holding_back.first() {
            println!("  First: {}", factor.message());
        }
    }

    let spread_policy = SpreadPolicy::default().with_level(Level::default());
    println!(
        "\nDistributed leadership (staff survey, 95% Wilson intervals; leader target {:.0}%, \
         decision rights at least {:.0}%)",
        100.0 * spread_policy.leader_target(),
        100.0 * spread_policy.min_decision_rights()
    );
    let spread = DistributedLeadership::new(180, 61, 26)?
        .try_with_informal_leaders(38)?
        .try_with_leadership_as_title(84)?
        .try_with_seen_as_potential_leaders(47)?;
    let judged = spread.evaluate(&spread_policy);
    let (leaders, status) = judged.leaders();
    println!("  see themselves as leaders: {leaders:.1}  -> {status} target");
    let (rights, status) = judged.decision_rights();
    println!("  hold decision rights:      {rights:.1}  -> {status} minimum");
    if let Some(informal) = spread.informal_leaders() {
        println!("  lead without formal authority: {informal} of 180");
    }
    if let Some((title, status)) = judged.leadership_as_title() {
        println!(
            "  take leadership for a title: {title:.1}  -> {status} the {:.0}% limit",
            100.0 * spread_policy.max_leadership_as_title()
        );
    }
    if let Some((potential, status)) = judged.seen_as_potential_leaders() {
        println!(
            "  treated as potential leaders: {potential:.1}  -> {status} the {:.0}% minimum",
            100.0 * spread_policy.min_seen_as_potential_leaders()
        );
    }
    for finding in judged.findings() {
        let label = if finding.is_warning() {
            "Warning"
        } else {
            "Note"
        };
        println!("  {label}: {}", finding.message());
    }

    let screen = HiringScreen::default();
    println!(
        "\nHiring screen (attitude at least {:.0}; skill at least {:.0}, {:.0} to start without \
         training)",
        screen.min_attitude().get(),
        screen.min_skill().get(),
        screen.ready_skill().get()
    );
    for (who, skill, attitude) in [
        (
            "Sam, ten years in retail, curt in the role play",
            95.0,
            45.0,
        ),
        ("Alex, first job, warm with every customer", 35.0, 90.0),
        (
            "Kim, charming, cannot yet use the till or email",
            12.0,
            88.0,
        ),
        ("Jo, experienced and customer-minded", 80.0, 85.0),
    ] {
        let decision = Candidate::new(Score::new(skill)?, Score::new(attitude)?).evaluate(&screen);
        println!("  {who:<50} skill {skill:>3.0} attitude {attitude:>3.0} -> {decision}");
    }

    println!("\nPractices audit (self-rated 1-5)");
    let card = Ratings::<Practice>::from_array(Scale::ONE_TO_FIVE, [4, 2, 3, 2, 1, 3, 2])?
        .evaluate(&Policy::default())?;
    if let (Some(overall), Some(band)) = (card.overall(), card.band()) {
        println!("  overall {:.0} ({})", overall.get(), band.name());
    }
    for (practice, score) in card.weakest_first().take(2) {
        println!(
            "  {} ({:.0}): {}",
            practice.name(),
            score.get(),
            practice.next_actions().join("; ")
        );
    }

    println!("\nResponse times on web chat (target 2 minutes, set 26 months ago)");
    let seconds: Vec<Duration> = [
        35, 50, 62, 70, 75, 90, 95, 110, 118, 125, 140, 170, 190, 260, 400,
    ]
    .iter()
    .map(|&s| Duration::from_secs(s))
    .collect();
    let times = ResponseTimes::new(seconds, Duration::from_secs(120))?;
    let [p50, p90, p99] = times.summary();
    println!(
        "  p50 {}s, p90 {}s, p99 {}s; {:.0}% within target",
        p50.as_secs(),
        p90.as_secs(),
        p99.as_secs(),
        100.0 * times.within_target()
    );
    let month = Duration::from_secs(30 * 86_400);
    if times.target_is_stale(month * 26, month * 12) {
        println!("  The target itself is overdue for review: expectations have moved on.");
    }

    println!("\nProductivity beside quality (capacity 12 contacts an hour, quality floor 70)");
    let check = WorkloadCheck::new(12.0, 70.0)?;
    for (week, handled, quality) in [
        ("week 1", 10.5, 82.0),
        ("week 2", 13.0, 76.0),
        ("week 3", 15.5, 64.0),
    ] {
        println!(
            "  {week}: {handled} an hour, quality {quality:.0} -> {}",
            WorkPeriod::new(handled, Score::new(quality)?)?.evaluate(&check)
        );
    }

    println!("\nA journey through the service triangle");
    let journey = Journey::new(vec![
        // The customer's own AI assistant opens the conversation with the chat bot.
        Handoff {
            from: Actor::CustomerAssistant,
            to: Actor::Technology,
            context_kept: true,
            agent_assisted: false,
        },
        // The bot passes the customer to a person, without the history, and stops helping.
        Handoff {
            from: Actor::Technology,
            to: Actor::Agent,
            context_kept: false,
            agent_assisted: false,
        },
        // A transfer to a specialist, with the notes, and the assistant still suggesting.
        Handoff {
            from: Actor::Agent,
            to: Actor::Agent,
            context_kept: true,
            agent_assisted: true,
        },
    ]);
    if journey.customer_brought_assistant() {
        println!("  The customer came through an AI assistant of their own.");
    }
    for (i, scenario) in journey.ownership_failures() {
        println!(
            "  hand-off {} dropped the context: {} ({} failure)",
            i + 1,
            scenario.description(),
            scenario.principle().name()
        );
    }
    for i in journey.agents_left_alone() {
        println!(
            "  hand-off {}: the assistant stopped helping the agent once a person took over",
            i + 1
        );
    }

    println!("\nIn-store purchases judged against buying online");
    for (what, visit) in [
        (
            "the shop visit: dearer, pushy, and still no working product",
            ChannelVisit {
                price: VersusOnline::Worse,
                service: VersusOnline::Worse,
                convenience: VersusOnline::Worse,
                wait: VersusOnline::Worse,
                wow: false,
            },
        ),
        (
            "dearer, but with real advice and a moment to remember",
            ChannelVisit {
                price: VersusOnline::Worse,
                service: VersusOnline::Better,
                convenience: VersusOnline::Same,
                wait: VersusOnline::Same,
                wow: true,
            },
        ),
    ] {
        let verdict = visit.evaluate();
        println!("  {what}\n    {}", verdict.explanation());
        let experience = verdict.experience();
        println!(
            "    The customer {} (a {experience} experience).",
            experience.word_of_mouth()
        );
    }
    Ok(())
}
