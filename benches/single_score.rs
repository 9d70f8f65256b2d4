//! One PROUD scorecard against validating its ratings, and one 8-item run-time form evaluated
//! from a reused answer buffer, in a plain loop: for instruction counts under callgrind and for
//! wall time without a harness between the calls.
//!
//! ```text
//! cargo bench --bench single_score --no-run
//! BIN=target/release/deps/single_score-*
//! valgrind --tool=callgrind $BIN validate 0 1      # start-up only
//! valgrind --tool=callgrind $BIN validate 10000 1  # (total - start-up) / 10000 per call
//! $BIN scorecard 10000000 5                        # best of 5 rounds, ns per call
//! ```
//!
//! The third mode is `form`. `cargo bench --bench single_score` alone runs all three.

use std::hint::black_box;

use service_quality::form::{Answer, Answers, Form, Item};
use service_quality::proud::{Assessment, Principle, ProudPolicy};
use service_quality::{CriticalRule, Ratings, Scale, Score};

/// The 8-item form of `benches/scoring.rs`: ratings 1–5, one critical item, one counting double.
fn form() -> Option<Form> {
    let item = |key: &str| Item::scale(key, Scale::ONE_TO_FIVE).ok();
    let keys = ["greeting", "verification", "listening", "accuracy"];
    let more = ["resolution", "tone", "ownership", "closing"];
    let mut builder = Form::builder("call_review", 1).critical_rule(CriticalRule::ScoreZero);
    for key in keys.into_iter().chain(more) {
        let mut next = item(key)?;
        if key == "verification" {
            next = next.with_critical(Score::new(50.0).ok()?);
        }
        if key == "resolution" {
            next = next.try_with_weight(2.0).ok()?;
        }
        builder = builder.item(next);
    }
    builder.build().ok()
}

fn run(what: &str, calls: usize, policy: &ProudPolicy, ratings: &Ratings<Principle>) {
    match what {
        "form" => {
            let Some(form) = form() else { return };
            let mut answers = Answers::new();
            for _ in 0..calls {
                answers.clear();
                answers.extend(black_box([4, 5, 3, 4, 2, 5, 4, 3]).map(Answer::Rating));
                let _ = black_box(answers.evaluate(black_box(&form)).map(|e| e.overall()));
            }
        }
        "validate" => {
            for _ in 0..calls {
                let _ = black_box(Assessment::from_array(
                    black_box(Scale::ONE_TO_FIVE),
                    black_box([4, 5, 3, 4, 2]),
                ));
            }
        }
        _ => {
            for _ in 0..calls {
                let _ = black_box(black_box(ratings).evaluate(black_box(policy)));
            }
        }
    }
}

fn main() {
    // `cargo bench` passes `--bench`; anything else is ours.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let policy = ProudPolicy::default();
    let Ok(ratings) = Ratings::<Principle>::from_array(Scale::ONE_TO_FIVE, [4, 5, 3, 4, 2]) else {
        return;
    };
    let whats: Vec<&str> = match args.first() {
        Some(what) => vec![what.as_str()],
        None => vec!["validate", "scorecard", "form"],
    };
    let calls = args
        .get(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000_000);
    let rounds: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(5);
    for what in whats {
        let mut best = f64::INFINITY;
        for _ in 0..rounds {
            let start = std::time::Instant::now();
            run(what, calls, &policy, &ratings);
            best = best.min(start.elapsed().as_nanos() as f64 / calls.max(1) as f64);
        }
        if calls > 0 && rounds > 0 {
            println!("{what}: {best:.2} ns per call (best of {rounds} rounds of {calls})");
        }
    }
}
