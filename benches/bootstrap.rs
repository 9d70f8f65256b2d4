//! The cost of a bootstrap resample: Gwet's AC1 of three raters and Krippendorff's alpha of
//! three raters, at 50, 200 and 800 subjects, each run of 100 resamples (divan's time divided
//! by 100 is the cost of one). How it grows with subjects is the point: a resample recomputes the
//! statistic on as many subjects as there are.
//!
//! Run with `cargo bench --bench bootstrap`.

use divan::{Bencher, black_box};
use service_quality::reliability::{
    AgreementOptions, Bootstrap, Coefficient, Measurement, Ratings,
};

fn main() {
    divan::main();
}

/// `subjects` rows of three raters' 1-5 ratings, mostly close, a few missing (fixed LCG).
fn rows(subjects: usize) -> Vec<[Option<i64>; 3]> {
    let mut state = 12_345u64;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as i64
    };
    (0..subjects)
        .map(|_| {
            let truth = 1 + next() % 5;
            let mut rating = || {
                let r = next() % 10;
                match r {
                    0 => None,
                    1 => Some((truth % 5) + 1),
                    _ => Some(truth),
                }
            };
            [rating(), rating(), rating()]
        })
        .collect()
}

fn bootstrap() -> Bootstrap {
    Bootstrap::new(100, 1).expect("100 resamples are allowed")
}

#[divan::bench(args = [50, 200, 800])]
fn ac1_100_resamples(bencher: Bencher, subjects: usize) {
    let ratings = Ratings::by_subject(&rows(subjects)).expect("rectangular");
    let options = AgreementOptions::default();
    bencher.bench(|| {
        bootstrap()
            .coefficient(black_box(&ratings), Coefficient::Gwet, &options)
            .expect("defined")
    });
}

#[divan::bench(args = [50, 200, 800])]
fn krippendorff_100_resamples(bencher: Bencher, subjects: usize) {
    let by_rater: Vec<Vec<Option<f64>>> = {
        let rows = rows(subjects);
        (0..3)
            .map(|g| rows.iter().map(|r| r[g].map(|v| v as f64)).collect())
            .collect()
    };
    bencher.bench(|| {
        bootstrap()
            .krippendorff_alpha(black_box(&by_rater), Measurement::Ordinal)
            .expect("defined")
    });
}
