//! Benchmarks of the hot paths: scoring one PROUD assessment, and adding one breakdown to an
//! aggregate.
//!
//! Run with `cargo bench --bench scoring`.

use divan::black_box;
use service_quality::Scale;
use service_quality::proud::{Assessment, ProudPolicy};

fn main() {
    divan::main();
}

/// Scoring one assessment that passes the first hurdle.
#[divan::bench]
fn score_one_proud_assessment(bencher: divan::Bencher) {
    let policy = ProudPolicy::default();
    let assessment = Assessment::from_array(Scale::ONE_TO_FIVE, [4, 5, 3, 4, 2]).expect("valid");
    bencher.bench(|| black_box(&assessment).score(black_box(&policy)));
}

/// Scoring one assessment that fails the first hurdle (the gate's extra branch).
#[divan::bench]
fn score_one_gated_proud_assessment(bencher: divan::Bencher) {
    let policy = ProudPolicy::default();
    let assessment = Assessment::from_array(Scale::ONE_TO_FIVE, [2, 5, 5, 5, 5]).expect("valid");
    bencher.bench(|| black_box(&assessment).score(black_box(&policy)));
}

/// Validating five raw ratings into an assessment (what a survey import does per row).
#[divan::bench]
fn build_one_proud_assessment() -> bool {
    Assessment::from_array(black_box(Scale::ONE_TO_FIVE), black_box([4, 5, 3, 4, 2])).is_ok()
}

/// Attributing one breakdown and adding it to a running aggregate.
#[divan::bench]
fn add_one_breakdown_to_an_aggregate(bencher: divan::Bencher) {
    use service_quality::breakdown::{Aggregate, Breakdown};
    let breakdown = Breakdown::new([8, 6, 2, 3, 1]).expect("valid");
    let mut aggregate = Aggregate::new();
    bencher.bench_local(|| aggregate.add(black_box(&breakdown)));
}

/// Scoring one assessment through the generic policy (the scorecard, without the PROUD verdict).
#[divan::bench]
fn score_one_proud_scorecard(bencher: divan::Bencher) {
    use service_quality::Ratings;
    use service_quality::proud::Principle;
    let policy = ProudPolicy::default();
    let ratings =
        Ratings::<Principle>::from_array(Scale::ONE_TO_FIVE, [4, 5, 3, 4, 2]).expect("valid");
    bencher.bench(|| black_box(&policy).score(black_box(&ratings)));
}

/// Scoring one row on the batch path (tables built once, as for a stream of assessments).
#[divan::bench]
fn score_one_proud_row_batch(bencher: divan::Bencher) {
    use service_quality::batch::{BatchScorer, RatingColumns};
    use service_quality::proud::Principle;
    let columns_data: [[u8; 1]; 5] = [[4], [5], [3], [4], [2]];
    let mut next = columns_data.iter();
    let columns = RatingColumns::<Principle>::new(|_| next.next().map_or(&[][..], |c| &c[..]))
        .expect("equal columns");
    let scorer = BatchScorer::new(&ProudPolicy::default()).expect("valid policy");
    bencher.bench(|| scorer.score_row(black_box(&columns), black_box(0)));
}
