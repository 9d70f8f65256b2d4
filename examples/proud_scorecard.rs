//! Scores a handful of observed service interactions with PROUD and prints a scorecard table
//! with the coaching focus for each. One interaction had nothing to deliver, so its observer
//! marked D "not applicable", which the policy here allows.
//!
//! Run with `cargo run --example proud_scorecard`.

use service_quality::Scale;
use service_quality::proud::{
    Assessment, CopingReaction, FirstHurdle, Principle, ProudPolicy, Scenario,
};

/// One interaction as an observer wrote it down.
struct Observation {
    what: &'static str,
    /// P, R, O, U, D on 1 to 5; `None` is "not applicable".
    ratings: [Option<i64>; 5],
    /// How the customer seemed to feel afterwards, on 1 to 5.
    feeling: i64,
    reaction: Option<CopingReaction>,
}

const fn all(ratings: [i64; 5]) -> [Option<i64>; 5] {
    let [p, r, o, u, d] = ratings;
    [Some(p), Some(r), Some(o), Some(u), Some(d)]
}

const OBSERVATIONS: [Observation; 6] = [
    Observation {
        what: "Phone: broadband fault",
        ratings: all([4, 4, 5, 4, 4]),
        feeling: 4,
        reaction: None,
    },
    Observation {
        what: "Store: refund, no receipt",
        ratings: all([5, 5, 3, 4, 2]),
        feeling: 3,
        reaction: None,
    },
    Observation {
        what: "Chat: billing query",
        ratings: all([2, 4, 4, 5, 5]),
        feeling: 2,
        reaction: Some(CopingReaction::Fight),
    },
    Observation {
        what: "Hotel: late check-in",
        ratings: all([5, 5, 5, 5, 4]),
        feeling: 5,
        reaction: None,
    },
    Observation {
        what: "Clinic: reception desk",
        ratings: all([1, 2, 3, 3, 3]),
        feeling: 1,
        reaction: Some(CopingReaction::Flight),
    },
    Observation {
        what: "Bank: opening hours query",
        ratings: [Some(5), Some(4), Some(4), Some(3), None],
        feeling: 4,
        reaction: None,
    },
];

fn main() -> Result<(), service_quality::Error> {
    // The default policy, with D allowed to be "not applicable" (nothing needed delivering).
    let policy = ProudPolicy::default().with_not_applicable_allowed(Principle::Deliver, true);
    let hurdle = policy
        .pass_mark(Principle::PoliteAndProfessional)
        .map_or(0.0, |s| s.get());
    println!(
        "PROUD scorecard: ratings on {}, scores 0-100, first hurdle at P >= {hurdle}, \
         n/a = not applicable\n",
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
        let mut assessment = Assessment::from_options(Scale::ONE_TO_FIVE, obs.ratings)?
            .try_with_feeling(obs.feeling)?;
        if let Some(reaction) = obs.reaction {
            assessment = assessment.with_reaction(reaction);
        }
        let verdict = assessment.evaluate(&policy)?;

        print!("{:<26}", obs.what);
        for (_, score) in verdict.scorecard().scores() {
            match score {
                Some(score) => print!("{:>5.0}", score.get()),
                None => print!("{:>5}", "n/a"),
            }
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
        let (Some(overall), Some(band)) = (verdict.overall(), verdict.band()) else {
            println!("  nothing to score");
            continue;
        };
        println!(
            "  {:>7.1}  {:<17}  {:<15}  {:>7}",
            overall.get(),
            band.name(),
            hurdle,
            feeling
        );
        verdicts.push((obs, verdict));
    }

    println!("\nCoaching focus");
    for (obs, verdict) in &verdicts {
        let Some(focus) = verdict.focus() else {
            continue;
        };
        let score = verdict
            .scorecard()
            .score(focus)
            .map_or(f64::NAN, |s| s.get());
        println!("\n- {}: {} ({score:.0})", obs.what, focus.name());
        if let FirstHurdle::Failed { reaction } = verdict.first_hurdle() {
            let mean = verdict
                .scorecard()
                .weighted_mean()
                .map_or(f64::NAN, |s| s.get());
            let overall = verdict.overall().map_or(f64::NAN, |s| s.get());
            println!(
                "  Failed at the first hurdle: the five principles average {mean:.0}, but the \
                 score is capped at P's {overall:.0}, and coaching starts with P."
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
