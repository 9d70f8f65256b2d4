//! One PROUD scorecard against validating its ratings, in a plain loop: for instruction counts
//! under callgrind and for wall time without a harness between the calls.
//!
//! ```text
//! cargo bench --bench single_score --no-run
//! BIN=target/release/deps/single_score-*
//! valgrind --tool=callgrind $BIN validate 0 1      # start-up only
//! valgrind --tool=callgrind $BIN validate 10000 1  # (total - start-up) / 10000 per call
//! $BIN scorecard 10000000 5                        # best of 5 rounds, ns per call
//! ```
//!
//! `cargo bench --bench single_score` alone runs both for a second each.

use std::hint::black_box;

use service_quality::proud::{Assessment, Principle, ProudPolicy};
use service_quality::{Ratings, Scale};

fn run(what: &str, calls: usize, policy: &ProudPolicy, ratings: &Ratings<Principle>) {
    match what {
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
        None => vec!["validate", "scorecard"],
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
