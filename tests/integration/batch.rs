//! The batch path agrees with one-at-a-time evaluation (N/A included), never allocates per
//! record, and its parallel group-by agrees with the serial one.

use crate::common::strategies::{critical_rule, not_applicable_rule, with_marks_and_na};
use crate::common::{assert_close, value};

use proptest::prelude::*;
use service_quality::batch::{BatchScorer, Column, ColumnsFromRows, RatingColumns};
use service_quality::proud::{Assessment, Principle, ProudPolicy};
use service_quality::{Error, Ratings, Scale, Summary, Weights};

/// Columns of ratings and masks of answered rows (`None` is N/A; its stored byte is 0).
struct Cols {
    values: Vec<Vec<u8>>,
    answered: Vec<Vec<bool>>,
}

fn columns(rows: &[[u8; 5]]) -> Cols {
    let rows: Vec<[Option<u8>; 5]> = rows.iter().map(|r| r.map(Some)).collect();
    columns_with_na(&rows)
}

fn columns_with_na(rows: &[[Option<u8>; 5]]) -> Cols {
    Cols {
        values: (0..5)
            .map(|j| rows.iter().map(|r| r[j].unwrap_or(0)).collect())
            .collect(),
        answered: (0..5)
            .map(|j| rows.iter().map(|r| r[j].is_some()).collect())
            .collect(),
    }
}

fn position(p: Principle) -> usize {
    Principle::iter().position(|x| x == p).unwrap()
}

/// The columns, with a mask only on columns that hold an N/A (the others read as plain slices).
fn rating_columns(cols: &Cols) -> RatingColumns<'_, Principle> {
    RatingColumns::new(|p| {
        let j = position(p);
        if cols.answered[j].iter().all(|&a| a) {
            Column::new(&cols.values[j])
        } else {
            Column::with_answered(&cols.values[j], &cols.answered[j])
        }
    })
    .unwrap()
}

fn ratings(row: [Option<u8>; 5], scale: Scale) -> Ratings<Principle> {
    Ratings::from_options(scale, row.map(|v| v.map(i64::from))).unwrap()
}

/// The same summary, bit for bit: every count, and every sum to its last unit (summaries
/// compare their exact totals), and so every mean.
#[track_caller]
fn assert_agree(fast: &Summary<Principle>, slow: &Summary<Principle>) {
    assert_eq!(fast, slow);
    assert_eq!(
        fast.overall_sum().to_bits(),
        slow.overall_sum().to_bits(),
        "overall sums"
    );
    assert_eq!(
        fast.mean_overall().map(|m| m.get().to_bits()),
        slow.mean_overall().map(|m| m.get().to_bits())
    );
    for p in Principle::iter() {
        assert_eq!(fast.item(p), slow.item(p), "{p}");
    }
}

/// `groups` summaries built one row at a time, in row order, as a user would by hand.
fn one_at_a_time(
    rows: &[[Option<u8>; 5]],
    keys: &[u32],
    groups: usize,
    policy: &ProudPolicy,
    scale: Scale,
) -> Vec<Summary<Principle>> {
    let mut slow = vec![Summary::<Principle>::new(); groups];
    for (r, k) in rows.iter().zip(keys) {
        slow[*k as usize].add(&ratings(*r, scale).evaluate(policy).unwrap());
    }
    slow
}

/// Keys below `groups` for `n` rows: dense (every group in turn) or sparse (scattered, most
/// groups empty), from a seed.
fn keys_for(n: usize, groups: usize, dense: bool, seed: u64) -> Vec<u32> {
    let mut state = seed | 1;
    (0..n)
        .map(|i| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let k = if dense {
                i % groups
            } else {
                (state >> 33) as usize % groups
            };
            k as u32
        })
        .collect()
}

/// Policies with any weights, any principle critical, N/A allowed anywhere, and either rule.
fn policies() -> impl Strategy<Value = ProudPolicy> {
    (
        proptest::array::uniform5(prop_oneof![Just(0.0), 0.1f64..5.0]),
        proptest::array::uniform5(proptest::option::of(0.0f64..=100.0)),
        proptest::array::uniform5(any::<bool>()),
        critical_rule(),
        not_applicable_rule(),
    )
        .prop_filter_map("a positive weight", |(w, marks, na, critical, na_rule)| {
            let policy = ProudPolicy::default()
                .with_weights(Weights::from_array(w).ok()?)
                .with_critical_rule(critical)
                .with_not_applicable_rule(na_rule);
            Some(with_marks_and_na(policy, marks, na))
        })
}

/// Rows for `policy`: N/A only where it is allowed.
fn rows_for(policy: &ProudPolicy, rows: Vec<[(u8, bool); 5]>) -> Vec<[Option<u8>; 5]> {
    rows.into_iter()
        .map(|row| {
            let mut out = [None; 5];
            for (p, (slot, (v, blank))) in Principle::iter().zip(out.iter_mut().zip(row)) {
                *slot = (!(blank && policy.allows_not_applicable(p))).then_some(v);
            }
            out
        })
        .collect()
}

fn raw_rows(max: usize) -> impl Strategy<Value = Vec<[(u8, bool); 5]>> {
    proptest::collection::vec(proptest::array::uniform5((1u8..=5, any::<bool>())), 0..max)
}

proptest! {
    #![proptest_config(crate::common::cases(300))]

    /// Every row evaluates exactly (bit for bit) as `Ratings::evaluate` does, N/A included.
    #[test]
    fn rows_score_exactly_as_one_at_a_time(raw in raw_rows(50), policy in policies()) {
        let rows = rows_for(&policy, raw);
        let cols = columns_with_na(&rows);
        let columns = rating_columns(&cols);
        let scorer = BatchScorer::new(&policy).unwrap();
        for (i, row) in rows.iter().enumerate() {
            let card = ratings(*row, Scale::ONE_TO_FIVE).evaluate(&policy).unwrap();
            let fast = scorer.score_row(&columns, i).unwrap();
            prop_assert_eq!(fast.overall().map(|s| s.get().to_bits()), card.overall().map(|s| s.get().to_bits()));
            prop_assert_eq!(fast, card);
        }
    }

    /// Grouped summaries equal those built from one-at-a-time evaluations, with N/A present,
    /// on the tabulated path.
    #[test]
    fn grouped_summaries_match_the_slow_path(
        raw in raw_rows(200),
        keys in proptest::collection::vec(0u32..7, 200),
        policy in policies(),
    ) {
        let rows = rows_for(&policy, raw);
        let keys = &keys[..rows.len()];
        let cols = columns_with_na(&rows);
        let fast = BatchScorer::new(&policy).unwrap()
            .summarise_by_index(&rating_columns(&cols), keys, 7).unwrap();
        let mut slow = vec![Summary::<Principle>::new(); 7];
        for (r, k) in rows.iter().zip(keys) {
            slow[*k as usize].add(&ratings(*r, Scale::ONE_TO_FIVE).evaluate(&policy).unwrap());
        }
        prop_assert_eq!(fast.len(), slow.len());
        for (f, s) in fast.iter().zip(&slow) {
            assert_agree(f, s);
        }
    }

    /// Rows transposed into columns summarise exactly as the columns themselves do.
    #[test]
    fn rows_and_columns_give_the_same_summary(
        rows in proptest::collection::vec(proptest::array::uniform5(1u8..=5), 0..100),
    ) {
        let flat: Vec<u8> = rows.iter().flatten().copied().collect();
        let owned = ColumnsFromRows::<Principle>::new(&flat).unwrap();
        let scorer = BatchScorer::new(&ProudPolicy::default()).unwrap();
        let from_rows = scorer.summarise(&owned.columns()).unwrap();
        let cols = columns(&rows);
        let from_columns = scorer.summarise(&rating_columns(&cols)).unwrap();
        prop_assert_eq!(&from_rows, &from_columns);
        let mut slow = Summary::<Principle>::new();
        for r in &rows {
            slow.add(&Assessment::from_array(Scale::ONE_TO_FIVE, r.map(i64::from)).unwrap()
                .evaluate(&ProudPolicy::default()).unwrap());
        }
        prop_assert_eq!(from_rows.count(), rows.len() as u64);
        assert_agree(&from_rows, &slow);
    }

    /// Every strategy (one table of every group, groups partitioned into buckets, rows one by
    /// one; serial and parallel) gives exactly the summaries of scoring the records one at a
    /// time, for few and many groups, dense and sparse keys, N/A and critical items.
    #[test]
    fn every_strategy_gives_the_summaries_of_one_at_a_time_scoring(
        raw in raw_rows(300),
        groups in prop_oneof![1usize..10, 4_000usize..40_000],
        dense in any::<bool>(),
        seed in any::<u64>(),
        policy in policies(),
        large_scale in any::<bool>(),
    ) {
        let (policy, scale, raw) = if large_scale {
            // 1 to 10: too many combinations to tabulate, so the row path runs.
            let scale = Scale::new(1, 10).unwrap();
            let raw = raw.into_iter().map(|r| r.map(|(v, b)| (v * 2, b))).collect();
            (policy.with_scale(scale), scale, raw)
        } else {
            (policy, Scale::ONE_TO_FIVE, raw)
        };
        let rows = rows_for(&policy, raw);
        let keys = keys_for(rows.len(), groups, dense, seed);
        let cols = columns_with_na(&rows);
        let scorer = BatchScorer::new(&policy).unwrap();
        let slow = one_at_a_time(&rows, &keys, groups, &policy, scale);
        let serial = scorer.summarise_by_index(&rating_columns(&cols), &keys, groups).unwrap();
        prop_assert_eq!(serial.len(), groups);
        for (f, s) in serial.iter().zip(&slow) {
            assert_agree(f, s);
        }
        #[cfg(feature = "rayon")]
        {
            let parallel = scorer.par_summarise_by_index(&rating_columns(&cols), &keys, groups).unwrap();
            prop_assert_eq!(&parallel, &serial);
        }
    }
}

#[cfg(feature = "rayon")]
#[test]
fn parallel_and_serial_group_bys_agree() {
    // 200,000 deterministic rows over 100 teams, enough for several chunks on either path; every
    // seventh deliver cell N/A.
    let mut state = 12345u64;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as u32
    };
    let n = 200_000;
    let rows: Vec<[Option<u8>; 5]> = (0..n)
        .map(|i| std::array::from_fn(|j| (j != 4 || i % 7 != 0).then(|| 1 + (next() % 5) as u8)))
        .collect();
    let keys: Vec<u32> = (0..n).map(|_| next() % 100).collect();
    let cols = columns_with_na(&rows);
    let columns = rating_columns(&cols);
    let allowing = |p: ProudPolicy| p.with_not_applicable_allowed(Principle::Deliver, true);
    for policy in [
        allowing(ProudPolicy::default()), // tabulated path
        allowing(ProudPolicy::default().with_scale(Scale::new(1, 10).unwrap())), // row path
    ] {
        let scorer = BatchScorer::new(&policy).unwrap();
        // 100 groups take one table per thread; 20,000 take partitions (or, on the row path,
        // ranges of groups per thread). Keys spread over 20,000 from the same stream.
        for groups in [100, 20_000] {
            let keys: Vec<u32> = keys.iter().map(|&k| k * 7919 % groups).collect();
            let mut results = serial_and_parallel(&scorer, &columns, &keys, groups as usize)
                .into_iter()
                .map(Result::unwrap);
            let serial = results.next().unwrap();
            assert_eq!(serial.len(), groups as usize);
            for parallel in results {
                assert_eq!(parallel.iter().map(Summary::count).sum::<u64>(), n as u64);
                assert!(parallel == serial, "{groups} groups: parallel differs");
            }
        }
    }
}

/// Many groups, on the partitioned path: a million groups with a few rows or none (a year of
/// agents by day: rows are added to their summaries one by one), and 8,000 groups with a dozen
/// rows each, some with hundreds (counted per bucket first). Serial and parallel give exactly
/// the summaries of one-at-a-time scoring.
#[test]
fn many_groups_sparse_or_dense_match_one_at_a_time_scoring() {
    let policy = ProudPolicy::default()
        .with_not_applicable_allowed(Principle::Deliver, true)
        .with_not_applicable_allowed(Principle::Respect, true);
    let scorer = BatchScorer::new(&policy).unwrap();
    for (groups, n) in [(1_000_000, 300_000), (8_000, 100_000)] {
        let mut keys = keys_for(n, groups, false, 7);
        // A few heavy groups beside the rest.
        for (i, k) in keys.iter_mut().enumerate().filter(|(i, _)| i % 5 == 0) {
            *k = (i % 7) as u32;
        }
        let rows: Vec<[Option<u8>; 5]> = (0..n)
            .map(|i| {
                std::array::from_fn(|j| {
                    let v = 1 + ((i * 31 + j * 17 + i / 7) % 5) as u8;
                    ((j != 4 && j != 1) || (i + j) % 9 != 0).then_some(v)
                })
            })
            .collect();
        let cols = columns_with_na(&rows);
        let columns = rating_columns(&cols);
        let slow = one_at_a_time(&rows, &keys, groups, &policy, Scale::ONE_TO_FIVE);
        for result in serial_and_parallel(&scorer, &columns, &keys, groups) {
            let fast = result.unwrap();
            assert!(
                fast == slow,
                "{groups} groups: the summaries differ from one-at-a-time scoring"
            );
        }
        assert_eq!(slow.iter().map(Summary::count).sum::<u64>(), n as u64);
    }
}

/// The serial group-by's result and, with the `rayon` feature, the parallel one's on the
/// global pool and on pools of 1, 3 and 8 threads, so the work is split the same ways on any
/// machine (the split into ranges of groups depends on the number of threads).
fn serial_and_parallel(
    scorer: &BatchScorer<Principle>,
    columns: &RatingColumns<'_, Principle>,
    keys: &[u32],
    groups: usize,
) -> Vec<Result<Vec<Summary<Principle>>, Error>> {
    let serial = scorer.summarise_by_index(columns, keys, groups);
    #[cfg(feature = "rayon")]
    {
        let mut all = vec![serial, scorer.par_summarise_by_index(columns, keys, groups)];
        for threads in [1, 3, 8] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            all.push(pool.install(|| scorer.par_summarise_by_index(columns, keys, groups)));
        }
        all
    }
    #[cfg(not(feature = "rayon"))]
    vec![serial]
}

/// With many groups the first problem in row order is still the one reported, on the
/// partitioned path and the row path, serial and parallel.
#[test]
fn the_first_problem_is_named_with_many_groups_too() {
    let groups = 50_000usize;
    for (policy, top) in [
        (ProudPolicy::default(), 5u8),
        (
            ProudPolicy::default().with_scale(Scale::new(1, 10).unwrap()),
            10,
        ),
    ] {
        let scorer = BatchScorer::new(&policy).unwrap();
        // 10,000 good rows, then a bad rating at row 6,000 and another at 9,000.
        let mut rows = vec![[3u8; 5]; 10_000];
        rows[6_000][2] = top + 1;
        rows[9_000][0] = 0;
        let cols = columns(&rows);
        let keys = keys_for(rows.len(), groups, false, 3);
        for outcome in serial_and_parallel(&scorer, &rating_columns(&cols), &keys, groups) {
            assert_eq!(
                outcome.unwrap_err().to_string(),
                format!(
                    "rating for 'ownership' is {}, expected a value in 1..={top}",
                    top + 1
                )
            );
        }
        // A key past the groups before the first bad rating is named instead.
        let mut keys = keys;
        keys[5_000] = groups as u32 + 3;
        for outcome in serial_and_parallel(&scorer, &rating_columns(&cols), &keys, groups) {
            assert_eq!(
                outcome.unwrap_err().to_string(),
                format!(
                    "group key {} is out of range, expected an index below {groups}",
                    groups + 3
                )
            );
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
    assert_eq!(
        scorer.score_row(&columns, 1).unwrap_err().to_string(),
        "row 1 is out of range, expected an index below 1"
    );
    assert!(matches!(
        scorer.summarise_by_index(&columns, &[0, 0], 1),
        Err(Error::Mismatch { .. })
    ));
    let ok = self::columns(&[[3, 3, 3, 3, 3]]);
    assert_eq!(
        scorer
            .summarise_by_index(&rating_columns(&ok), &[3], 2)
            .unwrap_err()
            .to_string(),
        "group key 3 is out of range, expected an index below 2"
    );
    let short: [&[u8]; 5] = [&[1, 2], &[1, 2], &[1], &[1, 2], &[1, 2]];
    let err = RatingColumns::<Principle>::new(|p| short[position(p)]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "ownership differs: 1 rows here, 2 rows expected"
    );
    let wide = ProudPolicy::default().with_scale(Scale::new(0, 300).unwrap());
    assert_eq!(
        BatchScorer::new(&wide).unwrap_err().to_string(),
        "scale maximum is 300, expected a bound within 0..=255 for batch scoring"
    );
    let below = ProudPolicy::default().with_scale(Scale::new(-2, 2).unwrap());
    assert_eq!(
        BatchScorer::new(&below).unwrap_err().to_string(),
        "scale minimum is -2, expected a bound within 0..=255 for batch scoring"
    );
}

/// N/A where the policy does not allow it is refused by name on both paths, and an N/A cell's
/// stored byte is ignored (here 0, below the scale).
#[test]
fn not_applicable_is_refused_where_not_allowed_and_its_byte_ignored() {
    let rows = [[Some(3), Some(3), Some(3), Some(3), None]];
    let cols = columns_with_na(&rows);
    for scale in [Scale::ONE_TO_FIVE, Scale::new(1, 10).unwrap()] {
        let strict = ProudPolicy::default().with_scale(scale);
        let scorer = BatchScorer::new(&strict).unwrap();
        let message = "answer for 'deliver' is n/a, expected a rating (n/a is not allowed here)";
        let columns = rating_columns(&cols);
        assert_eq!(scorer.summarise(&columns).unwrap_err().to_string(), message);
        assert_eq!(
            scorer.score_row(&columns, 0).unwrap_err().to_string(),
            message
        );
        let lenient = strict.with_not_applicable_allowed(Principle::Deliver, true);
        let summary = BatchScorer::new(&lenient)
            .unwrap()
            .summarise(&columns)
            .unwrap();
        assert_eq!(summary.item(Principle::Deliver).answered(), 0);
        assert_eq!(summary.mean(Principle::Deliver), None);
    }
}

#[test]
fn keys_of_any_type_group_like_dense_indices() {
    let cols = columns(&[[5, 5, 5, 5, 5], [1, 1, 1, 1, 1], [3, 3, 3, 3, 3]]);
    let scorer = BatchScorer::new(&ProudPolicy::default()).unwrap();
    let g = scorer
        .summarise_by(&rating_columns(&cols), &["north", "south", "north"])
        .unwrap();
    assert_eq!(g.get(&"north").map(|s| s.count()), Some(2));
    assert_close(value(g.get(&"north").unwrap().mean_overall()), 75.0);
    assert_eq!(g.get(&"south").unwrap().critical_failures(), 1);
}

/// Large scales take the row-by-row path (10^5 combinations is too many to tabulate); it must
/// agree with the one-at-a-time path too, N/A included.
#[test]
fn the_row_path_for_large_scales_matches_the_slow_path() {
    let scale = Scale::new(1, 10).unwrap();
    let policy = ProudPolicy::default()
        .with_scale(scale)
        .with_not_applicable_allowed(Principle::Understanding, true);
    let rows: Vec<[Option<u8>; 5]> = (0..500u32)
        .map(|i| {
            std::array::from_fn(|j| {
                (j != 3 || i % 5 != 0).then(|| 1 + ((i * 7 + j as u32 * 3) % 10) as u8)
            })
        })
        .collect();
    let keys: Vec<u32> = (0..500).map(|i| i % 3).collect();
    let cols = columns_with_na(&rows);
    let fast = BatchScorer::new(&policy)
        .unwrap()
        .summarise_by_index(&rating_columns(&cols), &keys, 3)
        .unwrap();
    let mut slow = vec![Summary::<Principle>::new(); 3];
    for (r, k) in rows.iter().zip(&keys) {
        slow[*k as usize].add(&ratings(*r, scale).evaluate(&policy).unwrap());
    }
    assert_eq!(fast.len(), slow.len());
    for (f, s) in fast.iter().zip(&slow) {
        assert_agree(f, s);
    }
    assert!(fast[0].item(Principle::Understanding).answered() < fast[0].count());
}

#[test]
fn folds_lengths_and_row_major_input_behave_as_documented() {
    let cols = columns(&[[5, 5, 5, 5, 5], [1, 5, 5, 5, 5], [3, 3, 3, 3, 3]]);
    let columns = rating_columns(&cols);
    assert_eq!((columns.len(), columns.is_empty()), (3, false));
    let scorer = BatchScorer::new(&ProudPolicy::default()).unwrap();
    let failures = scorer
        .fold(&columns, 0, |n, _, row| {
            n + usize::from(row.critical_failed())
        })
        .unwrap();
    assert_eq!(failures, 1);
    let rows: Vec<usize> = scorer
        .fold(&columns, Vec::new(), |mut seen, i, _| {
            seen.push(i);
            seen
        })
        .unwrap();
    assert_eq!(rows, [0, 1, 2]);

    let empty = columns_with_na(&[]);
    assert!(rating_columns(&empty).is_empty());

    let err = ColumnsFromRows::<Principle>::new(&[1, 2, 3, 4, 5, 1]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "row-major ratings length differs: 6 here, a multiple of 5, the number of PROUD principles expected"
    );
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
                format!("group key {bad} is out of range, expected an index below 2")
            );
        }
    }
}

/// In a column with N/A cells a rating above the scale is still refused: off the scale and
/// past the column's base at once, whether N/A is allowed there (base one wider) or not.
#[test]
fn a_rating_above_the_scale_beside_na_cells_is_refused() {
    let rows = [
        [Some(3), Some(3), Some(3), Some(3), None],
        [Some(3), Some(3), Some(3), Some(3), Some(6)],
        [Some(3), Some(3), Some(3), Some(3), Some(9)],
    ];
    let strict = ProudPolicy::default();
    let lenient = strict.with_not_applicable_allowed(Principle::Deliver, true);
    for (policy, rows, bad) in [
        // The N/A after the bad rating, which is reported first, in row order.
        (&strict, &[rows[1], rows[0]][..], 6),
        (&lenient, &rows[..], 6),
        (&lenient, &[rows[0], rows[2]][..], 9),
    ] {
        let cols = columns_with_na(rows);
        let columns = rating_columns(&cols);
        let scorer = BatchScorer::new(policy).unwrap();
        let keys = vec![0; rows.len()];
        for err in [
            scorer.summarise(&columns).unwrap_err(),
            scorer.summarise_by_index(&columns, &keys, 1).unwrap_err(),
        ] {
            assert_eq!(
                err.to_string(),
                format!("rating for 'deliver' is {bad}, expected a value in 1..=5")
            );
        }
    }
    // A bad rating and a bad key in one block: the rating, the earlier row, is reported.
    let cols = columns(&[[3, 3, 3, 3, 6], [3, 3, 3, 3, 3]]);
    let err = BatchScorer::new(&strict)
        .unwrap()
        .summarise_by_index(&rating_columns(&cols), &[0, 7], 2)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "rating for 'deliver' is 6, expected a value in 1..=5"
    );
}

/// Scoring batch after batch into running summaries gives what merging each batch's group-by
/// gives, on every path, and a batch with a bad row leaves the summaries as they were.
#[test]
fn summarising_into_running_totals_equals_merging_and_a_bad_batch_adds_nothing() {
    for (policy, groups, top) in [
        (ProudPolicy::default(), 7, 5u8),    // one table
        (ProudPolicy::default(), 20_000, 5), // partitioned
        (
            ProudPolicy::default().with_scale(Scale::new(1, 10).unwrap()),
            7,
            10,
        ), // rows
    ] {
        let scorer = BatchScorer::new(&policy).unwrap();
        let mut running = vec![Summary::<Principle>::new(); groups];
        let mut merged = vec![Summary::<Principle>::new(); groups];
        for batch in 0..3u64 {
            let n = 5_000;
            let keys = keys_for(n, groups, batch == 1, batch + 11);
            let rows: Vec<[u8; 5]> = (0..n)
                .map(|i| {
                    std::array::from_fn(|j| {
                        1 + ((i * 7 + j * 3 + batch as usize) % top as usize) as u8
                    })
                })
                .collect();
            let cols = columns(&rows);
            let columns = rating_columns(&cols);
            scorer
                .summarise_into(&columns, &keys, &mut running)
                .unwrap();
            let part = scorer.summarise_by_index(&columns, &keys, groups).unwrap();
            for (m, p) in merged.iter_mut().zip(&part) {
                m.merge(p);
            }
        }
        assert!(running == merged, "{groups} groups on 1..={top}");
        // The last row is bad: nothing of the batch is added.
        let mut rows = vec![[3u8; 5]; 1_000];
        rows[999][0] = top + 1;
        let cols = columns(&rows);
        let keys = keys_for(rows.len(), groups, true, 5);
        let before = running.clone();
        let err = scorer
            .summarise_into(&rating_columns(&cols), &keys, &mut running)
            .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("rating for 'polite_and_professional'"),
            "{err}"
        );
        assert!(running == before, "a refused batch changed the summaries");
        // A key past the summaries is refused the same way.
        let mut keys = keys;
        keys[10] = groups as u32;
        let good = columns(&vec![[3u8; 5]; 1_000]);
        assert!(
            scorer
                .summarise_into(&rating_columns(&good), &keys, &mut running)
                .is_err()
        );
        assert!(running == before);
    }
}

/// PROUD summaries with the feelings and reactions beside the scores, from columns.
mod feelings {
    use proptest::prelude::*;
    use service_quality::Scale;
    use service_quality::batch::{BatchScorer, Column, FeelingColumns, RatingColumns};
    use service_quality::proud::{
        Assessment, CopingReaction, Principle, ProudPolicy, ProudSummary,
    };

    type Row = ([u8; 5], Option<u8>, Option<CopingReaction>, u32);

    fn rows() -> impl Strategy<Value = Vec<Row>> {
        let reaction = proptest::option::of(prop_oneof![
            Just(CopingReaction::Fight),
            Just(CopingReaction::Flight)
        ]);
        proptest::collection::vec(
            (
                proptest::array::uniform5(1u8..=5),
                proptest::option::of(1u8..=5),
                reaction,
                0u32..4,
            ),
            0..60,
        )
    }

    proptest! {
        /// The columns give, group by group and bit for bit, what adding each row's verdict to a
        /// ProudSummary gives.
        #[test]
        fn columns_give_what_verdicts_give(rows in rows()) {
            let policy = ProudPolicy::default();
            let by_principle: Vec<Vec<u8>> =
                (0..5).map(|j| rows.iter().map(|r| r.0[j]).collect()).collect();
            let columns = RatingColumns::<Principle>::new(|p| {
                by_principle[Principle::iter().position(|q| q == p).unwrap_or(0)].as_slice()
            })
            .unwrap();
            let feeling: Vec<u8> = rows.iter().map(|r| r.1.unwrap_or(0)).collect();
            let noted: Vec<bool> = rows.iter().map(|r| r.1.is_some()).collect();
            let reactions: Vec<Option<CopingReaction>> = rows.iter().map(|r| r.2).collect();
            let keys: Vec<u32> = rows.iter().map(|r| r.3).collect();
            let notes = FeelingColumns::new(Column::with_answered(&feeling, &noted))
                .with_reactions(&reactions);
            let scorer = BatchScorer::new(&policy).unwrap();
            let found = scorer.summarise_proud_by_index(&columns, &notes, &keys, 4).unwrap();

            let mut expected = vec![ProudSummary::new(); 4];
            for (ratings, feeling, reaction, key) in &rows {
                let mut a = Assessment::from_array(Scale::ONE_TO_FIVE, ratings.map(i64::from)).unwrap();
                if let Some(f) = feeling {
                    a = a.try_with_feeling(i64::from(*f)).unwrap();
                }
                if let Some(r) = reaction {
                    a = a.with_reaction(*r);
                }
                expected[*key as usize].add(&a.evaluate(&policy).unwrap());
            }
            prop_assert_eq!(found, expected);
        }
    }

    #[test]
    fn bad_feeling_columns_are_typed_errors() {
        let ratings = [4u8, 4];
        let columns = RatingColumns::<Principle>::new(|_| &ratings).unwrap();
        let scorer = BatchScorer::new(&ProudPolicy::default()).unwrap();
        let error = |notes: FeelingColumns<'_>| {
            scorer
                .summarise_proud_by_index(&columns, &notes, &[0, 0], 1)
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            error(FeelingColumns::new(&[4u8])),
            "feeling differs: 1 here, 2 rows expected"
        );
        assert_eq!(
            error(FeelingColumns::new(Column::with_answered(&[4, 4], &[true]))),
            "feeling answered flags differs: 1 here, 2 rows expected"
        );
        assert_eq!(
            error(FeelingColumns::new(&[4u8, 4]).with_reactions(&[None])),
            "reactions differs: 1 here, 2 rows expected"
        );
        assert_eq!(
            error(FeelingColumns::new(&[4u8, 6])),
            "rating for 'feeling' is 6, expected a value in 1..=5"
        );
        // An off-scale value where nothing was recorded is ignored, as for N/A ratings.
        let summaries = scorer
            .summarise_proud_by_index(
                &columns,
                &FeelingColumns::new(Column::with_answered(&[4, 9], &[true, false])),
                &[0, 0],
                1,
            )
            .unwrap();
        assert_eq!(summaries[0].feelings().recorded(), 1);
    }
}
