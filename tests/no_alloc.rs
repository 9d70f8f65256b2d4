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
                .and_then(|a| a.try_with_feeling(3))
                .and_then(|a| a.evaluate(&policy));
            assert!(std::hint::black_box(assessment).is_ok());
        }
    });
    assert_eq!(n, 0);
}

#[test]
fn generic_scoring_allocates_nothing() {
    let policy = Policy::<Principle>::default()
        .without_critical(Principle::PoliteAndProfessional)
        .with_not_applicable_allowed(Principle::Deliver, true);
    let n = allocations_during(|| {
        let ratings = Ratings::from_array(Scale::ONE_TO_FIVE, [1, 2, 3, 4, 5]);
        let card =
            ratings.and_then(|r| r.with_not_applicable(Principle::Deliver).evaluate(&policy));
        assert!(std::hint::black_box(card).is_ok());
    });
    assert_eq!(n, 0);
}

#[test]
fn evaluating_a_run_time_form_allocates_nothing_once_built() {
    use service_quality::form::{Answer, Answers, Choice, Form, FormSummary, Item};
    use service_quality::{CriticalRule, Score};
    let five = Scale::ONE_TO_FIVE;
    let form = Form::builder("call_review", 1)
        .item(Item::scale("greeting", five).unwrap())
        .item(
            Item::yes_no("verification")
                .unwrap()
                .with_critical(Score::MAX),
        )
        .item(
            Item::scale("resolution", five)
                .unwrap()
                .try_with_weight(2.0)
                .unwrap(),
        )
        .item(Item::scale("tone", five).unwrap().with_not_applicable(true))
        .item(
            Item::choices(
                "outcome",
                vec![
                    Choice::new("fixed", 2.0).unwrap(),
                    Choice::new("not fixed", 0.0).unwrap(),
                ],
            )
            .unwrap(),
        )
        .critical_rule(CriticalRule::ScoreZero)
        .build()
        .unwrap();
    let records = [
        [
            Answer::Rating(4),
            Answer::Yes,
            Answer::Rating(3),
            Answer::NotApplicable,
            Answer::Choice(0),
        ],
        [
            Answer::Rating(2),
            Answer::No,
            Answer::Rating(5),
            Answer::Rating(4),
            Answer::Choice(1),
        ],
    ];
    let mut summary = FormSummary::new(&form);
    // One buffer, reused for every record.
    let mut answers = Answers::new();
    answers.extend(records[0]);
    let n = allocations_during(|| {
        for _ in 0..100 {
            for record in &records {
                answers.clear();
                answers.extend(*record);
                let evaluation = answers.evaluate(&form).unwrap();
                std::hint::black_box(evaluation.overall());
                std::hint::black_box(evaluation.focus());
                std::hint::black_box(evaluation.critical_failures().count());
                std::hint::black_box(evaluation.items().filter_map(|i| i.score()).count());
                summary.add(&evaluation).unwrap();
            }
        }
    });
    assert_eq!(n, 0);
    assert_eq!(summary.count(), 200);
}

#[test]
fn batch_scoring_allocates_per_group_not_per_record() {
    use service_quality::batch::{BatchScorer, Column, RatingColumns};

    let policy = ProudPolicy::default().with_not_applicable_allowed(Principle::Deliver, true);
    let scorer = BatchScorer::new(&policy).unwrap();
    let count_for = |rows: usize| {
        let cols: Vec<Vec<u8>> = (0..5)
            .map(|j| (0..rows).map(|i| 1 + ((i + j) % 5) as u8).collect())
            .collect();
        // Every third deliver cell is N/A.
        let answered: Vec<bool> = (0..rows).map(|i| i % 3 != 0).collect();
        let keys: Vec<u32> = (0..rows).map(|i| (i % 10) as u32).collect();
        let columns = RatingColumns::<Principle>::new(|p| {
            let values = &cols[Principle::iter().position(|x| x == p).unwrap_or(0)][..];
            if p == Principle::Deliver {
                Column::with_answered(values, &answered)
            } else {
                Column::new(values)
            }
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
