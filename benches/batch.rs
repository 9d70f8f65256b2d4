//! Large-volume benches: 10 million PROUD assessments grouped by 1,000 teams (serial and, with
//! the `rayon` feature, parallel; with and without N/A cells), 1 million breakdowns attributed,
//! and NPS over 10 million answers.
//!
//! Run with `cargo bench --bench batch --features rayon`.

use std::sync::OnceLock;

use divan::{Bencher, black_box};
use service_quality::batch::{BatchScorer, Column, RatingColumns};
use service_quality::breakdown::{Aggregate, Breakdown};
use service_quality::metrics::Nps;
use service_quality::proud::{Principle, ProudPolicy};

fn main() {
    divan::main();
}

const ROWS: usize = 10_000_000;
const TEAMS: u32 = 1_000;

/// A small deterministic generator (an LCG), so every run scores the same data.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as u32
    }
}

/// Ten million rows: five rating columns (1-5) and a team column, built once.
fn data() -> &'static (Vec<Vec<u8>>, Vec<u32>) {
    static DATA: OnceLock<(Vec<Vec<u8>>, Vec<u32>)> = OnceLock::new();
    DATA.get_or_init(|| {
        let mut rng = Lcg(2026);
        let mut columns: Vec<Vec<u8>> = (0..5).map(|_| Vec::with_capacity(ROWS)).collect();
        let mut teams = Vec::with_capacity(ROWS);
        for _ in 0..ROWS {
            for column in &mut columns {
                column.push(1 + (rng.next() % 5) as u8);
            }
            teams.push(rng.next() % TEAMS);
        }
        (columns, teams)
    })
}

fn columns(data: &(Vec<Vec<u8>>, Vec<u32>)) -> RatingColumns<'_, Principle> {
    RatingColumns::new(|p| {
        let j = Principle::iter().position(|x| x == p).unwrap_or(0);
        &data.0[j][..]
    })
    .expect("equal columns")
}

/// Which rows answered each principle: one cell in ten is N/A, in every column.
fn answered() -> &'static Vec<Vec<bool>> {
    static ANSWERED: OnceLock<Vec<Vec<bool>>> = OnceLock::new();
    ANSWERED.get_or_init(|| {
        let mut rng = Lcg(99);
        (0..5)
            .map(|_| (0..ROWS).map(|_| !rng.next().is_multiple_of(10)).collect())
            .collect()
    })
}

/// The columns with a mask of answered rows on every principle.
fn columns_with_na<'a>(
    data: &'a (Vec<Vec<u8>>, Vec<u32>),
    answered: &'a [Vec<bool>],
) -> RatingColumns<'a, Principle> {
    RatingColumns::new(|p| {
        let j = Principle::iter().position(|x| x == p).unwrap_or(0);
        Column::with_answered(&data.0[j][..], &answered[j][..])
    })
    .expect("equal columns")
}

/// The default PROUD policy with N/A allowed on every principle.
fn lenient() -> ProudPolicy {
    Principle::iter().fold(ProudPolicy::default(), |p, d| {
        p.with_not_applicable_allowed(d, true)
    })
}

#[divan::bench(sample_count = 10)]
fn proud_10m_by_1000_teams_serial(bencher: Bencher) {
    let data = data();
    let columns = columns(data);
    let scorer = BatchScorer::new(&ProudPolicy::default()).expect("valid policy");
    bencher.bench(|| scorer.summarise_by_index(black_box(&columns), &data.1, TEAMS as usize));
}

/// The same group-by with one cell in ten N/A (the target: at most 1.5x the run without N/A).
#[divan::bench(sample_count = 10)]
fn proud_10m_by_1000_teams_serial_with_na(bencher: Bencher) {
    let data = data();
    let columns = columns_with_na(data, answered());
    let scorer = BatchScorer::new(&lenient()).expect("valid policy");
    bencher.bench(|| scorer.summarise_by_index(black_box(&columns), &data.1, TEAMS as usize));
}

#[cfg(feature = "rayon")]
#[divan::bench(sample_count = 10)]
fn proud_10m_by_1000_teams_rayon(bencher: Bencher) {
    let data = data();
    let columns = columns(data);
    let scorer = BatchScorer::new(&ProudPolicy::default()).expect("valid policy");
    bencher.bench(|| scorer.par_summarise_by_index(black_box(&columns), &data.1, TEAMS as usize));
}

#[divan::bench(sample_count = 10)]
fn attribute_1m_breakdowns(bencher: Bencher) {
    let mut rng = Lcg(7);
    let breakdowns: Vec<Breakdown> = (0..1_000_000)
        .map(|_| {
            Breakdown::new(std::array::from_fn(|_| 1 + (rng.next() % 10) as i64)).expect("valid")
        })
        .collect();
    bencher.bench(|| black_box(&breakdowns).iter().collect::<Aggregate>());
}

#[divan::bench(sample_count = 10)]
fn nps_10m_answers(bencher: Bencher) {
    let mut rng = Lcg(11);
    let answers: Vec<i64> = (0..ROWS).map(|_| i64::from(rng.next() % 11)).collect();
    bencher.bench(|| {
        let mut nps = Nps::new();
        for &a in black_box(&answers) {
            // Every answer is in 0..=10, so `add` cannot fail here.
            let _ = nps.add(a);
        }
        nps.score()
    });
}
