//! The batch path agrees with one-at-a-time scoring, never allocates per record, and its
//! parallel group-by agrees with the serial one.

use crate::common::assert_close;

use proptest::prelude::*;
use service_quality::batch::{BatchScorer, ColumnsFromRows, RatingColumns};
use service_quality::proud::{Assessment, Principle, ProudPolicy};
use service_quality::{Error, Gate, Ratings, Scale, Summary, Weights};
use strum::IntoEnumIterator;

/// Rows of PROUD ratings to columns, by principle position.
fn columns(rows: &[[u8; 5]]) -> Vec<Vec<u8>> {
    (0..5)
        .map(|j| rows.iter().map(|r| r[j]).collect())
        .collect()
}

fn rating_columns(cols: &[Vec<u8>]) -> RatingColumns<'_, Principle> {
    RatingColumns::new(|p| {
        let j = Principle::iter().position(|x| x == p).unwrap_or(0);
        &cols[j][..]
    })
    .unwrap()
}

fn policies() -> impl Strategy<Value = ProudPolicy> {
    (
        proptest::array::uniform5(prop_oneof![Just(0.0), 0.1f64..5.0]),
        proptest::option::of(0.0f64..=100.0),
    )
        .prop_filter_map("a positive weight", |(w, gate)| {
            let weights = Weights::from_array(w).ok()?;
            let gate = gate.map(|t| Gate::new(Principle::PoliteAndProfessional, t).unwrap());
            Some(ProudPolicy::default().with_weights(weights).with_gate(gate))
        })
}

proptest! {
    #![proptest_config(crate::common::cases(300))]

    /// Every row scores exactly (bit for bit) as `Policy::score` does.
    #[test]
    fn rows_score_exactly_as_one_at_a_time(
        rows in proptest::collection::vec(proptest::array::uniform5(1u8..=5), 1..50),
        policy in policies(),
    ) {
        let cols = columns(&rows);
        let columns = rating_columns(&cols);
        let scorer = BatchScorer::new(&policy).unwrap();
        for (i, row) in rows.iter().enumerate() {
            let ratings = Ratings::<Principle>::from_array(Scale::ONE_TO_FIVE, row.map(i32::from)).unwrap();
            let card = policy.score(&ratings).unwrap();
            let fast = scorer.score_row(&columns, i).unwrap();
            prop_assert_eq!(fast.overall().get().to_bits(), card.overall().get().to_bits());
            prop_assert_eq!(fast.band(), card.band());
            prop_assert_eq!(fast.gate_failed(), card.gate_failed());
        }
    }

    /// Grouped summaries equal those built from one-at-a-time verdicts.
    #[test]
    fn grouped_summaries_match_the_slow_path(
        rows in proptest::collection::vec((proptest::array::uniform5(1u8..=5), 0u32..7), 0..200),
    ) {
        let policy = ProudPolicy::default();
        let (ratings, keys): (Vec<[u8; 5]>, Vec<u32>) = rows.iter().copied().unzip();
        let cols = columns(&ratings);
        let fast = BatchScorer::new(&policy).unwrap()
            .summarise_by_index(&rating_columns(&cols), &keys, 7).unwrap();
        let mut slow = vec![Summary::<Principle>::new(); 7];
        for (r, k) in &rows {
            let v = Assessment::from_array(Scale::ONE_TO_FIVE, r.map(i32::from)).unwrap().score(&policy).unwrap();
            slow[*k as usize].add(&v);
        }
        prop_assert_eq!(fast.len(), slow.len());
        for (f, s) in fast.iter().zip(&slow) {
            prop_assert_eq!(f.count(), s.count());
            prop_assert_eq!(f.band_counts(), s.band_counts());
            prop_assert_eq!(f.gate_failures(), s.gate_failures());
            prop_assert!((f.overall_sum() - s.overall_sum()).abs() < 1e-9);
            for p in Principle::iter() {
                prop_assert!((f.sum(p) - s.sum(p)).abs() < 1e-9);
            }
        }
    }
}

#[cfg(feature = "rayon")]
#[test]
fn parallel_and_serial_group_bys_agree() {
    // 200,000 deterministic rows over 100 teams, enough for several chunks on either path.
    let mut state = 12345u64;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as u32
    };
    let n = 200_000;
    let rows: Vec<[u8; 5]> = (0..n)
        .map(|_| std::array::from_fn(|_| 1 + (next() % 5) as u8))
        .collect();
    let keys: Vec<u32> = (0..n).map(|_| next() % 100).collect();
    let cols = columns(&rows);
    let columns = rating_columns(&cols);
    for policy in [
        ProudPolicy::default(), // tabulated path
        ProudPolicy::default().with_scale(Scale::new(1, 10).unwrap()), // row path
    ] {
        let scorer = BatchScorer::new(&policy).unwrap();
        let serial = scorer.summarise_by_index(&columns, &keys, 100).unwrap();
        let parallel = scorer.par_summarise_by_index(&columns, &keys, 100).unwrap();
        assert_eq!((serial.len(), parallel.len()), (100, 100));
        assert_eq!(parallel.iter().map(Summary::count).sum::<u64>(), n as u64);
        for (s, p) in serial.iter().zip(&parallel) {
            assert_eq!(
                (s.count(), s.band_counts(), s.gate_failures()),
                (p.count(), p.band_counts(), p.gate_failures())
            );
            assert!((s.overall_sum() - p.overall_sum()).abs() <= 1e-9 * s.overall_sum().max(1.0));
            for pr in Principle::iter() {
                assert!((s.sum(pr) - p.sum(pr)).abs() <= 1e-9 * s.sum(pr).max(1.0));
            }
        }
    }
}

#[test]
fn bad_batches_are_typed_errors() {
    let cols = columns(&[[1, 2, 3, 4, 6]]);
    let scorer = BatchScorer::new(&ProudPolicy::default()).unwrap();
    let columns = rating_columns(&cols);
    assert_eq!(
        scorer.score_row(&columns, 0).unwrap_err().to_string(),
        "rating for 'deliver' is 6, expected a value in 1..=5"
    );
    assert!(matches!(
        scorer.score_row(&columns, 1),
        Err(Error::Empty { .. })
    ));
    assert!(matches!(
        scorer.summarise_by_index(&columns, &[0, 0], 1),
        Err(Error::Mismatch { .. })
    ));
    let ok = columns_ok();
    assert!(matches!(
        scorer.summarise_by_index(&rating_columns(&ok), &[3], 2),
        Err(Error::ValueOutOfRange { .. })
    ));
    let short: [&[u8]; 5] = [&[1, 2], &[1, 2], &[1], &[1, 2], &[1, 2]];
    let err = RatingColumns::<Principle>::new(|p| {
        short[Principle::iter().position(|x| x == p).unwrap_or(0)]
    })
    .unwrap_err();
    assert_eq!(err.to_string(), "ownership differs: 1 here, 2 expected");
    let wide = ProudPolicy::default().with_scale(Scale::new(0, 300).unwrap());
    assert!(BatchScorer::new(&wide).is_err());
}

fn columns_ok() -> Vec<Vec<u8>> {
    columns(&[[3, 3, 3, 3, 3]])
}

#[test]
fn keys_of_any_type_group_like_dense_indices() {
    let cols = columns(&[[5, 5, 5, 5, 5], [1, 1, 1, 1, 1], [3, 3, 3, 3, 3]]);
    let scorer = BatchScorer::new(&ProudPolicy::default()).unwrap();
    let g = scorer
        .summarise_by(&rating_columns(&cols), &["north", "south", "north"])
        .unwrap();
    assert_eq!(g.get(&"north").map(|s| s.count()), Some(2));
    assert_close(g.get(&"north").unwrap().mean_overall().unwrap().get(), 75.0);
    assert_eq!(g.get(&"south").unwrap().gate_failures(), 1);
}

/// Large scales take the row-by-row path (10^5 combinations is too many to tabulate); it must
/// agree with the one-at-a-time path too.
#[test]
fn the_row_path_for_large_scales_matches_the_slow_path() {
    let scale = Scale::new(1, 10).unwrap();
    let policy = ProudPolicy::default().with_scale(scale);
    let rows: Vec<[u8; 5]> = (0..500u32)
        .map(|i| std::array::from_fn(|j| 1 + ((i * 7 + j as u32 * 3) % 10) as u8))
        .collect();
    let keys: Vec<u32> = (0..500).map(|i| i % 3).collect();
    let cols = columns(&rows);
    let fast = BatchScorer::new(&policy)
        .unwrap()
        .summarise_by_index(&rating_columns(&cols), &keys, 3)
        .unwrap();
    let mut slow = vec![Summary::<Principle>::new(); 3];
    for (r, k) in rows.iter().zip(&keys) {
        let ratings = Ratings::from_array(scale, r.map(i32::from)).unwrap();
        slow[*k as usize].add(&policy.score(&ratings).unwrap());
    }
    assert_eq!(fast.len(), slow.len());
    for (f, s) in fast.iter().zip(&slow) {
        assert_eq!(
            (f.count(), f.band_counts(), f.gate_failures()),
            (s.count(), s.band_counts(), s.gate_failures())
        );
        assert!((f.overall_sum() - s.overall_sum()).abs() < 1e-9);
        for p in Principle::iter() {
            assert!((f.sum(p) - s.sum(p)).abs() < 1e-9);
        }
    }
}

proptest! {
    /// Rows transposed into columns summarise exactly as the columns themselves do.
    #[test]
    fn rows_and_columns_give_the_same_summary(
        rows in proptest::collection::vec(proptest::array::uniform5(1u8..=5), 0..100),
    ) {
        use service_quality::batch::ColumnsFromRows;
        let flat: Vec<u8> = rows.iter().flatten().copied().collect();
        let owned = ColumnsFromRows::<Principle>::new(&flat).unwrap();
        let scorer = BatchScorer::new(&ProudPolicy::default()).unwrap();
        let from_rows = scorer.summarise(&owned.columns().unwrap()).unwrap();
        let cols = columns(&rows);
        let from_columns = scorer.summarise(&rating_columns(&cols)).unwrap();
        prop_assert_eq!(&from_rows, &from_columns);
        let mut slow = Summary::<Principle>::new();
        for r in &rows {
            slow.add(&Assessment::from_array(Scale::ONE_TO_FIVE, r.map(i32::from)).unwrap()
                .score(&ProudPolicy::default()).unwrap());
        }
        prop_assert_eq!(from_rows.count(), rows.len() as u64);
        prop_assert_eq!(from_rows.band_counts(), slow.band_counts());
        prop_assert_eq!(from_rows.gate_failures(), slow.gate_failures());
        prop_assert!((from_rows.overall_sum() - slow.overall_sum()).abs() < 1e-9);
    }
}

/// A key outside the groups is reported with the key itself, on both paths.
#[test]
fn bad_keys_are_named_on_both_paths() {
    let rows = [[3u8, 3, 3, 3, 3], [3, 3, 3, 3, 3]];
    let cols = columns(&rows);
    let message = "group index is 7, expected a group index below the number of groups";
    for policy in [
        ProudPolicy::default(), // tabulated path
        ProudPolicy::default().with_scale(Scale::new(1, 10).unwrap()), // row path
    ] {
        let scorer = BatchScorer::new(&policy).unwrap();
        let err = scorer
            .summarise_by_index(&rating_columns(&cols), &[0, 7], 3)
            .unwrap_err();
        assert_eq!(err.to_string(), message);
    }
}

#[test]
fn folds_lengths_and_row_major_input_behave_as_documented() {
    let cols = columns(&[[5, 5, 5, 5, 5], [1, 5, 5, 5, 5], [3, 3, 3, 3, 3]]);
    let columns = rating_columns(&cols);
    assert_eq!((columns.len(), columns.is_empty()), (3, false));
    let scorer = BatchScorer::new(&ProudPolicy::default()).unwrap();
    let failures = scorer
        .fold(&columns, 0, |n, _, row| n + usize::from(row.gate_failed()))
        .unwrap();
    assert_eq!(failures, 1);
    let rows: Vec<usize> = scorer
        .fold(&columns, Vec::new(), |mut seen, i, _| {
            seen.push(i);
            seen
        })
        .unwrap();
    assert_eq!(rows, [0, 1, 2]);

    let empty: Vec<Vec<u8>> = vec![Vec::new(); 5];
    assert!(rating_columns(&empty).is_empty());

    let err = ColumnsFromRows::<Principle>::new(&[1, 2, 3, 4, 5, 1]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "row-major ratings length differs: 6 here, a multiple of 5, the number of PROUD principles expected"
    );
    let below_zero = ProudPolicy::default().with_scale(Scale::new(-2, 2).unwrap());
    assert!(matches!(
        BatchScorer::new(&below_zero),
        Err(Error::ValueOutOfRange { .. })
    ));
}

/// The first problem in row order is reported, whichever path runs: a top rating is on the
/// scale, one above it is not, and a bad key after good ratings is named as a key.
#[test]
fn the_first_bad_rating_or_key_is_named_on_both_paths() {
    for (policy, top) in [
        (ProudPolicy::default(), 5u8), // tabulated path
        (
            ProudPolicy::default().with_scale(Scale::new(1, 10).unwrap()),
            10,
        ), // row path
    ] {
        let scorer = BatchScorer::new(&policy).unwrap();
        let cols = columns(&[[top; 5], [1, 2, 3, 4, top + 1], [3, 3, top + 1, 3, 3]]);
        let err = scorer
            .summarise_by_index(&rating_columns(&cols), &[0, 0, 0], 1)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "rating for 'deliver' is {}, expected a value in 1..={top}",
                top + 1
            )
        );
        assert!(scorer.summarise(&rating_columns(&cols)).is_err());
        // A bad rating in any column is caught, not only in the last one.
        let cols = columns(&[[1, top + 1, 1, 1, 1]]);
        let err = scorer
            .summarise_by_index(&rating_columns(&cols), &[0], 1)
            .unwrap_err();
        assert!(
            err.to_string()
                .starts_with(&format!("rating for 'respect' is {}", top + 1)),
            "{err}"
        );
        let cols = columns(&[[top; 5], [top; 5]]);
        // Key 2 is the first one past two groups.
        for bad in [2, 9] {
            let err = scorer
                .summarise_by_index(&rating_columns(&cols), &[0, bad], 2)
                .unwrap_err();
            assert_eq!(
                err.to_string(),
                format!("group index is {bad}, expected a group index below the number of groups")
            );
        }
    }
}
