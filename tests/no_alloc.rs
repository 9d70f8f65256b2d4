//! Scoring one assessment allocates nothing: a counting global allocator watches it.
//!
//! This file holds the crate's only `unsafe` code: implementing `GlobalAlloc` requires it. The
//! implementation forwards every call to the system allocator unchanged and only counts.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use service_quality::proud::{Assessment, Principle, ProudPolicy};
use service_quality::{Policy, Ratings, Scale};

thread_local! {
    // Counted per thread, so the test harness's other threads cannot disturb the count.
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

struct Counting;

// SAFETY: every method forwards to `System` with the caller's arguments; counting touches only a
// thread-local integer and never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|c| c.set(c.get() + 1));
        // SAFETY: forwarded unchanged; the caller upholds `GlobalAlloc::alloc`'s contract.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged; `ptr` came from `System` through `alloc` above.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|c| c.set(c.get() + 1));
        // SAFETY: forwarded unchanged; the caller upholds `GlobalAlloc::realloc`'s contract.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_during(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    f();
    ALLOCATIONS.with(Cell::get) - before
}

#[test]
fn the_counter_sees_allocations() {
    // Without this, a broken counter would make the real test pass vacuously.
    let n = allocations_during(|| {
        std::hint::black_box(vec![1u8; 64]);
    });
    assert!(n >= 1);
}

#[test]
fn building_and_scoring_a_proud_assessment_allocates_nothing() {
    let policy = ProudPolicy::default();
    let n = allocations_during(|| {
        for ratings in [[4, 5, 3, 4, 2], [2, 5, 5, 5, 5], [5, 5, 5, 5, 5]] {
            let assessment = Assessment::from_array(Scale::ONE_TO_FIVE, ratings)
                .and_then(|a| a.with_feeling(3))
                .and_then(|a| a.score(&policy));
            assert!(std::hint::black_box(assessment).is_ok());
        }
    });
    assert_eq!(n, 0);
}

#[test]
fn generic_scoring_allocates_nothing() {
    let policy = Policy::<Principle>::default().with_gate(None);
    let n = allocations_during(|| {
        let ratings = Ratings::from_array(Scale::ONE_TO_FIVE, [1, 2, 3, 4, 5]);
        let card = ratings.and_then(|r| policy.score(&r));
        assert!(std::hint::black_box(card).is_ok());
    });
    assert_eq!(n, 0);
}

#[test]
fn batch_scoring_allocates_per_group_not_per_record() {
    use service_quality::batch::{BatchScorer, RatingColumns};
    use strum::IntoEnumIterator;

    let scorer = BatchScorer::new(&ProudPolicy::default()).unwrap();
    let count_for = |rows: usize| {
        let cols: Vec<Vec<u8>> = (0..5)
            .map(|j| (0..rows).map(|i| 1 + ((i + j) % 5) as u8).collect())
            .collect();
        let keys: Vec<u32> = (0..rows).map(|i| (i % 10) as u32).collect();
        let columns = RatingColumns::<Principle>::new(|p| {
            &cols[Principle::iter().position(|x| x == p).unwrap_or(0)][..]
        })
        .unwrap();
        // Scoring single rows allocates nothing at all.
        let single = allocations_during(|| {
            for i in 0..rows {
                assert!(std::hint::black_box(scorer.score_row(&columns, i)).is_ok());
            }
        });
        assert_eq!(single, 0);
        allocations_during(|| {
            let summaries = scorer.summarise_by_index(&columns, &keys, 10).unwrap();
            std::hint::black_box(summaries);
        })
    };
    let small = count_for(100);
    assert!(small > 0, "the accumulators themselves are allocated");
    assert_eq!(
        count_for(10_000),
        small,
        "allocations must not grow with the row count"
    );
}
