//! Correcting a form's running summary: an evaluation taken back out, or replaced by the version
//! a dispute decided, leaves the totals a summary built with the corrected reviews holds.

use super::{answer_for, any_form};

use proptest::prelude::*;
use service_quality::form::{Answer, Answers, Form, FormSummary, Item};
use service_quality::{ErrorKind, Scale, Score};

/// A random form, some reviews of it, and one more set of answers to correct a review with.
fn form_reviews_and_correction() -> impl Strategy<Value = (Form, Vec<Answers>, Answers)> {
    any_form().prop_flat_map(|form| {
        let n = form.items().len();
        let answers = proptest::collection::vec((any::<u8>(), proptest::bool::weighted(0.3)), n);
        (
            Just(form),
            proptest::collection::vec(answers.clone(), 1..12),
            answers,
        )
            .prop_map(|(form, reviews, correction)| {
                let to_answers = |picks: Vec<(u8, bool)>| -> Answers {
                    form.items()
                        .iter()
                        .zip(picks)
                        .map(|(item, (pick, na))| answer_for(item, pick, na))
                        .collect()
                };
                let reviews = reviews.into_iter().map(to_answers).collect();
                let correction = to_answers(correction);
                (form, reviews, correction)
            })
    })
}

/// The summary of the reviews in `answers`.
fn summary_of<'a>(form: &Form, answers: impl IntoIterator<Item = &'a Answers>) -> FormSummary {
    let mut summary = FormSummary::new(form);
    for a in answers {
        summary.add(&a.evaluate(form).unwrap()).unwrap();
    }
    summary
}

proptest! {
    #![proptest_config(crate::common::cases(300))]

    /// Taking a review out gives the summary of the others, bit for bit; putting a corrected
    /// version in its place gives the summary as if the correction had always been there, and
    /// is the same as taking the old one out and adding the new.
    #[test]
    fn corrections_equal_the_summary_built_with_the_corrected_reviews(
        (form, reviews, correction) in form_reviews_and_correction(),
        pick in any::<prop::sample::Index>(),
    ) {
        let at = pick.index(reviews.len());
        let old = reviews[at].evaluate(&form).unwrap();
        let new = correction.evaluate(&form).unwrap();
        let others = || reviews.iter().enumerate().filter(|&(i, _)| i != at).map(|(_, a)| a);

        let mut removed = summary_of(&form, &reviews);
        removed.remove(&old).unwrap();
        prop_assert_eq!(&removed, &summary_of(&form, others()));
        prop_assert_eq!(removed.count(), reviews.len() as u64 - 1);

        let mut replaced = summary_of(&form, &reviews);
        replaced.replace(&old, &new).unwrap();
        prop_assert_eq!(&replaced, &summary_of(&form, others().chain([&correction])));

        let mut by_hand = summary_of(&form, &reviews);
        by_hand.remove(&old).unwrap();
        by_hand.add(&new).unwrap();
        prop_assert_eq!(&replaced, &by_hand);

        // Subtracting a whole summary undoes merging it.
        let mut whole = summary_of(&form, &reviews);
        whole.subtract(&summary_of(&form, others())).unwrap();
        prop_assert_eq!(whole, summary_of(&form, [&reviews[at]]));
    }

    /// Taking out what was never added fails with a typed error when a count or sum would fall
    /// below zero, and a failed correction changes nothing.
    #[test]
    fn a_failed_correction_leaves_the_summary_unchanged(
        (form, reviews, correction) in form_reviews_and_correction(),
    ) {
        let stranger = correction.evaluate(&form).unwrap();
        let mut empty = FormSummary::new(&form);
        let err = empty.remove(&stranger).unwrap_err();
        prop_assert_eq!(err.kind(), ErrorKind::NotInSummary);
        prop_assert_eq!(&empty, &FormSummary::new(&form));

        let mut summary = summary_of(&form, &reviews);
        let before = summary.clone();
        match summary.remove(&stranger) {
            Ok(()) => prop_assert_eq!(summary.count(), before.count() - 1),
            Err(_) => prop_assert_eq!(&summary, &before),
        }
        let mut replaced = before.clone();
        if replaced.replace(&stranger, &stranger).is_err() {
            prop_assert_eq!(&replaced, &before);
        }
    }
}

fn chat_form() -> Form {
    Form::builder("chat_review", 1)
        .baseline(Score::new(80.0).unwrap())
        .item(Item::scale("greeting", Scale::ONE_TO_FIVE).unwrap())
        .item(Item::yes_no("verified").unwrap().with_critical_below_half())
        .build()
        .unwrap()
}

fn review(greeting: i32, verified: Answer) -> Answers {
    Answers::from(vec![Answer::Rating(greeting), verified])
}

/// An appeal accepted on the critical item: the failure leaves the team's count, the review
/// moves from the poor band to its new one and now reaches the baseline.
#[test]
fn an_accepted_appeal_moves_the_review_out_of_the_failures() {
    let form = chat_form();
    let first = review(5, Answer::Yes);
    let appealed = review(4, Answer::No);
    let decided = review(4, Answer::Yes);
    let mut team = summary_of(&form, [&first, &appealed]);
    assert_eq!(team.critical_failures(), 1);
    assert_eq!(team.at_baseline(), Some(1));

    team.replace(
        &appealed.evaluate(&form).unwrap(),
        &decided.evaluate(&form).unwrap(),
    )
    .unwrap();
    assert_eq!(team.critical_failures(), 0);
    // 5 → 100 and yes → 100: 100; 4 → 75 and yes: 87.5. Both at or above 80.
    assert_eq!(team.at_baseline(), Some(2));
    assert_eq!(team.mean_overall().map(Score::get), Some(93.75));
    assert_eq!(team, summary_of(&form, [&first, &decided]));
}

/// What cannot be taken out is named: the field, whose it is, what is held and what was to go.
#[test]
fn removing_a_review_never_added_names_the_total_that_would_go_below_zero() {
    let form = chat_form();
    let passed = review(5, Answer::Yes);
    let failed = review(5, Answer::No);
    let mut team = summary_of(&form, [&passed]);
    // The failed review was scored 0 (capped at its failed item), so the poor band it would
    // leave is the first total found empty.
    let err = team.remove(&failed.evaluate(&form).unwrap()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotInSummary);
    assert_eq!(
        err.to_string(),
        "cannot take out of the summary: band count of 'poor' is 0, less than the 1 taken out"
    );
    assert_eq!(team, summary_of(&form, [&passed]));

    let mut empty = FormSummary::default();
    let err = empty.remove(&passed.evaluate(&form).unwrap()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot take out of the summary: count of 'overall' is 0, less than the 1 taken out"
    );
    assert_eq!(empty, FormSummary::default());
    // Nothing comes out of an empty summary of no form, and taking out nothing changes nothing.
    empty.subtract(&FormSummary::default()).unwrap();
    team.subtract(&FormSummary::new(&form)).unwrap();
    assert_eq!(team, summary_of(&form, [&passed]));
}

/// Another form's review is refused before anything is taken out.
#[test]
fn a_review_of_another_form_is_refused() {
    let form = chat_form();
    let other = Form::builder("chat_review", 2)
        .item(Item::scale("greeting", Scale::ONE_TO_FIVE).unwrap())
        .build()
        .unwrap();
    let mut team = summary_of(&form, [&review(5, Answer::Yes)]);
    let before = team.clone();
    let stranger = Answers::from(vec![Answer::Rating(5)]);
    let err = team
        .remove(&stranger.evaluate(&other).unwrap())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Mismatch);
    assert_eq!(team, before);
}

/// A review that leaves every count above zero but takes out more than a total holds is found
/// by the sums: here the same band and no critical item, but a higher score than the one held.
#[test]
fn a_score_the_summary_cannot_hold_is_found_by_its_sum() {
    let form = Form::builder("calls", 1)
        .item(Item::scale("tone", Scale::ONE_TO_FIVE).unwrap())
        .item(Item::scale("pace", Scale::ONE_TO_FIVE).unwrap())
        .build()
        .unwrap();
    let held = Answers::from(vec![Answer::Rating(1), Answer::Rating(5)]);
    let never = Answers::from(vec![Answer::Rating(3), Answer::Rating(3)]);
    let mut team = summary_of(&form, [&held]);
    let err = team.remove(&never.evaluate(&form).unwrap()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotInSummary);
    assert_eq!(
        err.to_string(),
        "cannot take out of the summary: sum of 'tone' is 0, less than the 50 taken out"
    );
    assert_eq!(team, summary_of(&form, [&held]));
}
