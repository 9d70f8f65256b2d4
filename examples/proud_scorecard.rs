//! Scores a handful of observed service interactions with PROUD and prints a scorecard table
//! with the coaching focus for each.
//!
//! Run with `cargo run --example proud_scorecard`.

use service_quality::proud::{
    Assessment, CopingReaction, FirstHurdle, Principle, ProudPolicy, Scenario,
};
use service_quality::{Dimension, Scale};
use strum::IntoEnumIterator;

/// One interaction as an observer wrote it down.
struct Observation {
    what: &'static str,
    /// P, R, O, U, D on 1 to 5.
    ratings: [i32; 5],
    /// How the customer seemed to feel afterwards, on 1 to 5.
    feeling: i64,
    reaction: Option<CopingReaction>,
}

const OBSERVATIONS: [Observation; 5] = [
    Observation {
        what: "Phone: broadband fault",
        ratings: [4, 4, 5, 4, 4],
        feeling: 4,
        reaction: None,
    },
    Observation {
        what: "Store: refund, no receipt",
        ratings: [5, 5, 3, 4, 2],
        feeling: 3,
        reaction: None,
    },
    Observation {
        what: "Chat: billing query",
        ratings: [2, 4, 4, 5, 5],
        feeling: 2,
        reaction: Some(CopingReaction::Fight),
    },
    Observation {
        what: "Hotel: late check-in",
        ratings: [5, 5, 5, 5, 4],
        feeling: 5,
        reaction: None,
    },
    Observation {
        what: "Clinic: reception desk",
        ratings: [1, 2, 3, 3, 3],
        feeling: 1,
        reaction: Some(CopingReaction::Flight),
    },
];

fn main() -> Result<(), service_quality::Error> {
    let policy = ProudPolicy::default();
    let hurdle = policy.gate().map_or(0.0, |g| g.threshold().get());
    println!(
        "PROUD scorecard: ratings on {}, scores 0-100, first hurdle at P >= {hurdle}\n",
        policy.scale()
    );

    print!("{:<26}", "interaction");
    for p in Principle::iter() {
        print!("{:>5}", p.letter());
    }
    println!(
        "  {:>7}  {:<17}  {:<15}  {:>7}",
        "overall", "band", "first hurdle", "feeling"
    );

    let mut verdicts = Vec::new();
    for obs in &OBSERVATIONS {
        let mut assessment =
            Assessment::from_array(Scale::ONE_TO_FIVE, obs.ratings)?.with_feeling(obs.feeling)?;
        if let Some(reaction) = obs.reaction {
            assessment = assessment.with_reaction(reaction);
        }
        let verdict = assessment.score(&policy)?;

        print!("{:<26}", obs.what);
        for (_, score) in verdict.scorecard().scores() {
            print!("{:>5.0}", score.get());
        }
        let hurdle = match verdict.first_hurdle() {
            FirstHurdle::Passed => "passed".to_owned(),
            FirstHurdle::Failed { reaction: Some(r) } => format!("FAILED ({r})"),
            FirstHurdle::Failed { reaction: None } => "FAILED".to_owned(),
            FirstHurdle::NotApplied => "-".to_owned(),
        };
        let feeling = verdict
            .feeling()
            .map_or("-".to_owned(), |f| format!("{:.0}", f.get()));
        println!(
            "  {:>7.1}  {:<17}  {:<15}  {:>7}",
            verdict.overall().get(),
            verdict.band().label(),
            hurdle,
            feeling
        );
        verdicts.push((obs, verdict));
    }

    println!("\nCoaching focus");
    for (obs, verdict) in &verdicts {
        let focus = verdict.focus();
        println!(
            "\n- {}: {} ({:.0})",
            obs.what,
            focus.name(),
            verdict.scorecard().score(focus).get()
        );
        if let FirstHurdle::Failed { reaction } = verdict.first_hurdle() {
            let mean = verdict.scorecard().weighted_mean().get();
            println!(
                "  Failed at the first hurdle: the five principles average {mean:.0}, but the \
                 score is capped at P's {:.0}.",
                verdict.overall().get()
            );
            if let Some(reaction) = reaction {
                println!(
                    "  The customer reacted with {reaction}: {}",
                    reaction.description()
                );
            }
        }
        println!("  What good looks like: {}", focus.looks_like());
        if let Some(scenario) = Scenario::iter().find(|s| s.principle() == focus) {
            println!(
                "  What customers say when it fails: \"{}\"",
                scenario.description()
            );
        }
    }
    Ok(())
}
