//! Benchmarks of the hot paths: evaluating one PROUD assessment (and validating its ratings, the
//! yardstick the kernel is measured against), one run-time form against the same form written
//! as a compile-time model, one batch row, and adding one breakdown to an aggregate.
//!
//! Run with `cargo bench --bench scoring`.

use divan::black_box;
use service_quality::form::{Answer, Answers, Form, Item};
use service_quality::proud::{Assessment, ProudPolicy};
use service_quality::{CriticalRule, Policy, Ratings, Scale, Score};

fn main() {
    divan::main();
}

/// Evaluating one assessment that passes the first hurdle.
#[divan::bench]
fn score_one_proud_assessment(bencher: divan::Bencher) {
    let policy = ProudPolicy::default();
    let assessment = Assessment::from_array(Scale::ONE_TO_FIVE, [4, 5, 3, 4, 2]).expect("valid");
    bencher.bench(|| black_box(&assessment).evaluate(black_box(&policy)));
}

/// Evaluating one assessment that fails the first hurdle (the critical rule's branch).
#[divan::bench]
fn score_one_gated_proud_assessment(bencher: divan::Bencher) {
    let policy = ProudPolicy::default();
    let assessment = Assessment::from_array(Scale::ONE_TO_FIVE, [2, 5, 5, 5, 5]).expect("valid");
    bencher.bench(|| black_box(&assessment).evaluate(black_box(&policy)));
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

/// Evaluating one assessment through the generic policy (the scorecard, without the PROUD
/// verdict).
#[divan::bench]
fn score_one_proud_scorecard(bencher: divan::Bencher) {
    use service_quality::proud::Principle;
    let policy = ProudPolicy::default();
    let ratings =
        Ratings::<Principle>::from_array(Scale::ONE_TO_FIVE, [4, 5, 3, 4, 2]).expect("valid");
    bencher.bench(|| black_box(&ratings).evaluate(black_box(&policy)));
}

/// Evaluating one row on the batch path (tables built once, as for a stream of assessments).
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

service_quality::dimension_enum! {
    /// An eight-item QA form written as a compile-time model, to compare with the same form
    /// defined at run time.
    enum CallItem as "call review item" {
        Greeting("Greeting", "Greeted the customer."),
        Verification("Verification", "Verified the caller."),
        Listening("Listening", "Listened before answering."),
        Accuracy("Accuracy", "Gave correct information."),
        Resolution("Resolution", "Resolved the issue."),
        Tone("Tone", "Kept a courteous tone."),
        Ownership("Ownership", "Owned the issue to the end."),
        Closing("Closing", "Closed the call well."),
    }
}

/// Eight 1-5 answers, as they would arrive from an export.
const EIGHT: [i64; 8] = [4, 5, 3, 4, 2, 5, 4, 3];

/// The same answers as a form's answers hold them.
const EIGHT_ANSWERS: [i32; 8] = [4, 5, 3, 4, 2, 5, 4, 3];

/// The compile-time policy: Verification critical, Resolution counting double.
fn compiled_policy() -> Policy<CallItem> {
    Policy::new(Scale::ONE_TO_FIVE)
        .with_weights(
            service_quality::Weights::from_array([1.0, 1.0, 1.0, 1.0, 2.0, 1.0, 1.0, 1.0])
                .expect("valid weights"),
        )
        .with_critical(CallItem::Verification, Score::new(50.0).expect("valid"))
        .with_critical_rule(CriticalRule::ScoreZero)
}

/// The same form defined at run time.
fn run_time_form() -> Form {
    let item = |key: &str| Item::scale(key, Scale::ONE_TO_FIVE).expect("valid item");
    Form::builder("call_review", 1)
        .item(item("greeting"))
        .item(item("verification").with_critical(Score::new(50.0).expect("valid")))
        .item(item("listening"))
        .item(item("accuracy"))
        .item(
            item("resolution")
                .try_with_weight(2.0)
                .expect("valid weight"),
        )
        .item(item("tone"))
        .item(item("ownership"))
        .item(item("closing"))
        .critical_rule(CriticalRule::ScoreZero)
        .build()
        .expect("valid form")
}

/// The compile-time model from raw values: validate the eight ratings, then evaluate.
#[divan::bench]
fn eight_items_compile_time_model(bencher: divan::Bencher) {
    let policy = compiled_policy();
    bencher.bench(|| {
        Ratings::<CallItem>::from_array(Scale::ONE_TO_FIVE, black_box(EIGHT))
            .and_then(|r| r.evaluate(black_box(&policy)))
            .map(|card| card.overall())
    });
}

/// The run-time form from raw values: fill a reused answer buffer, then evaluate (which checks
/// each answer against its item).
#[divan::bench]
fn eight_items_run_time_form(bencher: divan::Bencher) {
    let form = run_time_form();
    let mut answers = Answers::new();
    bencher.bench_local(|| {
        answers.clear();
        answers.extend(black_box(EIGHT_ANSWERS).map(Answer::Rating));
        answers.evaluate(black_box(&form)).map(|e| e.overall())
    });
}

/// The same eight items as a points form with a compliance section that a failure zeroes and
/// one item that applies only when another was answered 1 or 2 (as it is here): the general path of the kernel
/// (groups per section, conditions), beside the flat one above.
#[divan::bench]
fn eight_items_points_form_with_sections_and_a_condition(bencher: divan::Bencher) {
    use service_quality::form::{Condition, CriticalScope, Scoring, Section};
    let item = |key: &str| {
        Item::scale(key, Scale::ONE_TO_FIVE)
            .and_then(|i| i.try_with_points(4.0))
            .expect("valid item")
    };
    let form = Form::builder("call_review", 1)
        .scoring(Scoring::Points)
        .section(
            Section::new("compliance")
                .expect("valid section")
                .with_critical_rule(CriticalRule::ScoreZero),
        )
        .section(Section::new("handling").expect("valid section"))
        .item(item("greeting").with_section("compliance"))
        .item(
            item("verification")
                .with_section("compliance")
                .with_critical(Score::new(50.0).expect("valid"))
                .with_critical_scope(CriticalScope::Section),
        )
        .item(item("listening").with_section("handling"))
        .item(item("accuracy").with_section("handling"))
        .item(item("resolution").with_section("handling"))
        .item(
            item("tone")
                .with_section("handling")
                .with_condition(Condition::item("resolution", ["1", "2"])),
        )
        .item(item("ownership").with_section("handling"))
        .item(item("closing").with_section("handling"))
        .build()
        .expect("valid form");
    let mut answers = Answers::new();
    answers.extend(EIGHT_ANSWERS.map(Answer::Rating));
    assert!(
        answers.evaluate(&form).is_ok(),
        "the bench must time a valid evaluation"
    );
    bencher.bench_local(|| {
        answers.clear();
        answers.extend(black_box(EIGHT_ANSWERS).map(Answer::Rating));
        answers.evaluate(black_box(&form)).map(|e| e.overall())
    });
}
