//! Disputes and appeals: decided items rescore the review, and the team's summary after the
//! appeal equals the summary built as if the corrected review had been there all along.

use std::collections::HashMap;

use proptest::prelude::*;
use service_quality::form::{Answer, Answers, Choice, Form, FormSummary, Item};
use service_quality::programme::{
    AppealWindow, Day, Decision, Dispute, DisputeState, DisputeTally,
};
use service_quality::{ErrorKind, Scale};

fn form() -> Form {
    Form::builder("call_review", 3)
        .item(Item::scale("greeting", Scale::ONE_TO_FIVE).unwrap())
        .item(Item::yes_no("verified").unwrap().with_critical_below_half())
        .item(
            Item::choices(
                "resolution",
                vec![
                    Choice::new("resolved", 10.0).unwrap(),
                    Choice::new("partly", 5.0).unwrap(),
                    Choice::new("not", 0.0).unwrap(),
                ],
            )
            .unwrap(),
        )
        .item(
            Item::scale("tone", Scale::ONE_TO_FIVE)
                .unwrap()
                .with_not_applicable(true),
        )
        .build()
        .unwrap()
}

const KEYS: [&str; 4] = ["greeting", "verified", "resolution", "tone"];

/// A valid answer for item `i` from a random number.
fn answer(i: usize, pick: u8) -> Answer {
    match i {
        0 => Answer::Rating(1 + i32::from(pick % 5)),
        1 if pick.is_multiple_of(2) => Answer::Yes,
        1 => Answer::No,
        2 => Answer::Choice(u16::from(pick % 3)),
        _ if pick.is_multiple_of(4) => Answer::NotApplicable,
        _ => Answer::Rating(1 + i32::from(pick % 5)),
    }
}

fn day(d: u8) -> Day {
    Day::from_ymd(2026, 11, d).unwrap()
}

proptest! {
    #![proptest_config(crate::common::cases(200))]

    /// Whatever is disputed and however it is decided, the corrected summary equals the
    /// summary of the reviews as corrected, and the stored review is the corrected one.
    #[test]
    fn an_applied_dispute_leaves_the_summary_of_the_corrected_reviews(
        reviews in proptest::collection::vec(proptest::array::uniform4(any::<u8>()), 1..10),
        pick in any::<prop::sample::Index>(),
        disputed in proptest::array::uniform4(proptest::option::of((any::<u8>(), 0u8..3, any::<u8>()))),
    ) {
        let form = form();
        let mut store: HashMap<String, Answers> = reviews
            .iter()
            .enumerate()
            .map(|(n, picks)| (format!("c{n}"), (0..4).map(|i| answer(i, picks[i])).collect()))
            .collect();
        let mut team = FormSummary::new(&form);
        for answers in store.values() {
            team.add(&answers.evaluate(&form).unwrap()).unwrap();
        }
        let id = format!("c{}", pick.index(reviews.len()));
        let mut dispute = Dispute::open(&id, "ana", day(2), day(9), "policy", &AppealWindow::default()).unwrap();
        let mut decisions = Vec::new();
        for (i, d) in disputed.iter().enumerate() {
            let Some((proposed, how, other)) = *d else { continue };
            dispute = dispute.with_item(KEYS[i], answer(i, proposed)).unwrap();
            let decision = match how {
                0 => Decision::Keep,
                1 => Decision::TakeProposed,
                _ => Decision::Set(answer(i, other)),
            };
            decisions.push((i, decision, answer(i, proposed)));
        }
        prop_assume!(!decisions.is_empty());
        for &(i, decision, _) in &decisions {
            dispute.decide(KEYS[i], decision).unwrap();
        }
        dispute.close(day(12)).unwrap();

        // The corrected answers, worked out here without the crate.
        let mut expected: Vec<Answer> = store[&id].to_vec();
        for &(i, decision, proposed) in &decisions {
            match decision {
                Decision::TakeProposed => expected[i] = proposed,
                Decision::Set(a) => expected[i] = a,
                _ => {}
            }
        }
        let correction = dispute.apply(&form, &mut store, &mut team).unwrap();
        prop_assert_eq!(store[&id].to_vec(), expected.clone());
        let mut rebuilt = FormSummary::new(&form);
        for answers in store.values() {
            rebuilt.add(&answers.evaluate(&form).unwrap()).unwrap();
        }
        prop_assert_eq!(&team, &rebuilt);
        let after = Answers::from(expected).evaluate(&form).unwrap().overall();
        prop_assert_eq!(correction.after(), after);

        let state = dispute.state();
        let kept = decisions.iter().all(|(_, d, _)| *d == Decision::Keep);
        prop_assert_eq!(state == DisputeState::Rejected, kept);
        if kept {
            prop_assert_eq!(correction.change(), correction.before().map(|_| 0.0));
        }
    }
}

/// A dispute accepted on a failed critical item: the review goes from 0 (the failed critical
/// item sets it to zero) to its calculated score, and the team's failures and mean follow.
#[test]
fn an_accepted_appeal_on_a_critical_item_lifts_the_teams_mean() {
    let form = form();
    let mut store = HashMap::from([
        (
            "c1".to_owned(),
            Answers::from(vec![
                Answer::Rating(5),
                Answer::Yes,
                Answer::Choice(0),
                Answer::Rating(5),
            ]),
        ),
        (
            "c2".to_owned(),
            Answers::from(vec![
                Answer::Rating(4),
                Answer::No,
                Answer::Choice(1),
                Answer::NotApplicable,
            ]),
        ),
    ]);
    let mut team = FormSummary::new(&form);
    for answers in store.values() {
        team.add(&answers.evaluate(&form).unwrap()).unwrap();
    }
    assert_eq!(team.critical_failures(), 1);
    let mut dispute = Dispute::open(
        "c2",
        "ben",
        day(2),
        day(16),
        "ivr_checked",
        &AppealWindow::days(14),
    )
    .unwrap()
    .with_item("verified", Answer::Yes)
    .unwrap();
    dispute.decide("verified", Decision::TakeProposed).unwrap();
    dispute.close(day(18)).unwrap();
    assert_eq!(dispute.state(), DisputeState::Accepted);
    let correction = dispute.apply(&form, &mut store, &mut team).unwrap();
    // Greeting 4 → 75, verified → 100, resolution "partly" 5 of 10 → 50, tone N/A:
    // (75 + 100 + 50) / 3 = 75.
    assert_eq!(correction.before().map(|s| s.get()), Some(0.0));
    assert_eq!(correction.after().map(|s| s.get()), Some(75.0));
    assert_eq!(correction.change(), Some(75.0));
    assert_eq!(team.critical_failures(), 0);
    // c1: (100 + 100 + 100 + 100) / 4 = 100; the team's mean (100 + 75) / 2.
    assert_eq!(team.mean_overall().map(|s| s.get()), Some(87.5));
}

#[test]
fn a_late_dispute_is_refused_with_the_days() {
    let err = Dispute::open(
        "c1",
        "ana",
        day(2),
        day(20),
        "tone",
        &AppealWindow::days(14),
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Inconsistent);
    assert_eq!(
        err.to_string(),
        "opened is 2026-11-20 (18 days after the review on 2026-11-02), expected a day from the \
         review to 14 days after it, the appeal window"
    );
    let early = Dispute::open("c1", "ana", day(2), day(1), "tone", &AppealWindow::days(14));
    assert!(early.is_err());
}

/// What cannot be applied changes nothing: an unknown evaluation, an item not on the form, an
/// open dispute, a proposed answer that does not fit its item, a review the summary never held.
#[test]
fn a_dispute_that_cannot_be_applied_changes_nothing() {
    let form = form();
    let review = Answers::from(vec![
        Answer::Rating(4),
        Answer::Yes,
        Answer::Choice(0),
        Answer::Rating(3),
    ]);
    let mut store = HashMap::from([("c1".to_owned(), review.clone())]);
    let mut team = FormSummary::new(&form);
    team.add(&review.evaluate(&form).unwrap()).unwrap();
    let (store_before, team_before) = (store.clone(), team.clone());
    let closed = |evaluation: &str, item: &str, proposed: Answer| {
        let mut d = Dispute::open(
            evaluation,
            "ana",
            day(2),
            day(3),
            "x",
            &AppealWindow::default(),
        )
        .unwrap()
        .with_item(item, proposed)
        .unwrap();
        d.decide(item, Decision::TakeProposed).unwrap();
        d.close(day(4)).unwrap();
        d
    };

    let err = closed("c9", "tone", Answer::Rating(5))
        .apply(&form, &mut store, &mut team)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "missing review for the disputed evaluation 'c9'"
    );

    let err = closed("c1", "toen", Answer::Rating(5))
        .apply(&form, &mut store, &mut team)
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownName);
    assert!(err.to_string().contains("(closest: 'tone')"), "{err}");

    let err = closed("c1", "tone", Answer::Rating(9))
        .apply(&form, &mut store, &mut team)
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidAnswer);

    let open = Dispute::open("c1", "ana", day(2), day(3), "x", &AppealWindow::default())
        .unwrap()
        .with_item("tone", Answer::Rating(5))
        .unwrap();
    let err = open.apply(&form, &mut store, &mut team).unwrap_err();
    assert_eq!(
        err.to_string(),
        "dispute is open for evaluation 'c1', expected a closed dispute, every item decided"
    );

    let mut elsewhere = FormSummary::new(&form);
    let err = closed("c1", "tone", Answer::Rating(5))
        .apply(&form, &mut store, &mut elsewhere)
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotInSummary);
    assert_eq!(elsewhere, FormSummary::new(&form));

    assert_eq!(store, store_before);
    assert_eq!(team, team_before);
}

proptest! {
    #![proptest_config(crate::common::cases(100))]

    /// Tallies of disputes merge to the tally of them all, however they are split.
    #[test]
    fn tallies_merge_to_the_whole(
        records in proptest::collection::vec((0u8..3, proptest::array::uniform2(proptest::option::of(0u8..3)), 0u8..6, any::<bool>()), 0..30),
        cut in any::<prop::sample::Index>(),
    ) {
        let disputes: Vec<Dispute> = records
            .iter()
            .enumerate()
            .filter_map(|(n, (reviewer, items, days, close))| {
                let mut d = Dispute::open(format!("c{n}"), format!("r{reviewer}"), day(1), day(2), "x", &AppealWindow::default()).unwrap();
                for (i, how) in items.iter().enumerate() {
                    if how.is_some() {
                        d = d.with_item(KEYS[i], Answer::Rating(3)).unwrap();
                    }
                }
                for (i, how) in items.iter().enumerate() {
                    let decision = match how {
                        Some(0) => Decision::Keep,
                        Some(1) => Decision::TakeProposed,
                        Some(_) => Decision::Set(Answer::Rating(1)),
                        None => continue,
                    };
                    d.decide(KEYS[i], decision).unwrap();
                }
                if *close && d.close(day(2 + days)).is_err() {
                    return None;
                }
                Some(d)
            })
            .collect();
        let whole: DisputeTally = disputes.iter().collect();
        let at = cut.index(disputes.len() + 1);
        let mut left: DisputeTally = disputes[..at].iter().collect();
        let right: DisputeTally = disputes[at..].iter().collect();
        let mut other_way = right.clone();
        other_way.merge(&left);
        left.merge(&right);
        prop_assert_eq!(&left, &whole);
        prop_assert_eq!(&other_way, &whole);
        prop_assert_eq!(whole.disputes(), disputes.len() as u64);
        for (_, item) in whole.items() {
            prop_assert!(item.decided() <= item.disputed());
        }
        #[cfg(feature = "serde")]
        {
            let json = serde_json::to_string(&whole).unwrap();
            prop_assert_eq!(serde_json::from_str::<DisputeTally>(&json).unwrap(), whole);
        }
    }
}

#[cfg(feature = "serde")]
mod json {
    use super::*;

    #[test]
    fn a_dispute_round_trips_and_reading_checks_what_opening_and_closing_check() {
        let mut d = Dispute::open(
            "c1",
            "ana",
            day(2),
            day(3),
            "tone",
            &AppealWindow::default(),
        )
        .unwrap()
        .with_item("tone", Answer::Rating(4))
        .unwrap()
        .with_item("verified", Answer::Yes)
        .unwrap();
        d.decide("tone", Decision::Set(Answer::Rating(3))).unwrap();
        d.decide("verified", Decision::Keep).unwrap();
        d.close(day(5)).unwrap();
        let json = serde_json::to_string(&d).unwrap();
        assert_eq!(
            json,
            r#"{"evaluation":"c1","reviewer":"ana","reviewed":"2026-11-02","opened":"2026-11-03","reason":"tone","items":[{"item":"tone","proposed":4,"decision":{"set":3}},{"item":"verified","proposed":true,"decision":"keep"}],"decided":"2026-11-05"}"#
        );
        assert_eq!(serde_json::from_str::<Dispute>(&json).unwrap(), d);

        let bad = [
            (
                json.replace(r#""decision":"keep""#, r#""decision":null"#),
                "missing decision for disputed item 'verified'",
            ),
            (
                json.replace(r#""item":"verified""#, r#""item":"tone""#),
                "duplicate disputed item 'tone'",
            ),
            (
                json.replace(r#""reviewer":"ana""#, r#""reviewer":"""#),
                "reviewer is empty",
            ),
            (
                json.replace(r#""opened":"2026-11-03""#, r#""opened":"2026-11-01""#),
                "opened is 2026-11-01",
            ),
            (
                json.replace(r#""decided":"2026-11-05""#, r#""decided":"2026-11-02""#),
                "decided is 2026-11-02",
            ),
            (
                json.replace(r#""items":[{"#, r#""items":[],"x":[{"#),
                "unknown field",
            ),
        ];
        for (text, says) in bad {
            let err = serde_json::from_str::<Dispute>(&text)
                .unwrap_err()
                .to_string();
            assert!(err.contains(says), "{text}: {err}");
        }
        // Opened on the day of the review: in time. Before it: refused, saying why.
        let same_day = json.replace(r#""opened":"2026-11-03""#, r#""opened":"2026-11-02""#);
        assert_eq!(
            serde_json::from_str::<Dispute>(&same_day).unwrap().opened(),
            day(2)
        );
        let before = json.replace(r#""opened":"2026-11-03""#, r#""opened":"2026-11-01""#);
        let err = serde_json::from_str::<Dispute>(&before)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("opened is 2026-11-01, expected a day on or after the review, 2026-11-02"),
            "{err}"
        );
        // A dispute with no items reads while open, and cannot be closed.
        let open = r#"{"evaluation":"c1","reviewer":"ana","reviewed":"2026-11-02","opened":"2026-11-03","reason":"tone","items":[]}"#;
        assert_eq!(
            serde_json::from_str::<Dispute>(open).unwrap().state(),
            DisputeState::Open
        );
        let closed_empty = open.replace("[]", r#"[],"decided":"2026-11-04""#);
        assert!(serde_json::from_str::<Dispute>(&closed_empty).is_err());
    }

    #[test]
    fn a_tally_that_no_disputes_could_give_is_refused() {
        let good = r#"{"items":{"tone":{"disputed":2,"kept":1,"taken":1,"otherwise":0}},"reviewers":{"ana":{"open":0,"accepted":1,"partly_accepted":0,"rejected":1}},"resolved":2,"resolution_days":5,"longest":4}"#;
        let tally: DisputeTally = serde_json::from_str(good).unwrap();
        assert_eq!(tally.mean_resolution_days(), Some(2.5));
        for (bad, says) in [
            (
                good.replace(r#""disputed":2"#, r#""disputed":1"#),
                "decided item disputes is 2 for item 'tone'",
            ),
            (
                good.replace(r#""resolved":2"#, r#""resolved":3"#),
                "resolved is 3, expected the 2 closed disputes",
            ),
            (
                good.replace(r#""longest":4"#, r#""longest":6"#),
                "longest is 6",
            ),
        ] {
            let err = serde_json::from_str::<DisputeTally>(&bad)
                .unwrap_err()
                .to_string();
            assert!(err.contains(says), "{bad}: {err}");
        }
    }
}

/// What a dispute and a tally give back, read through every accessor (the mutation run found
/// them checked only by the doc examples).
#[test]
fn a_dispute_and_a_tally_read_back_what_was_recorded() {
    let mut d = Dispute::open(
        "c7",
        "ana",
        day(2),
        day(4),
        "ivr_check",
        &AppealWindow::default(),
    )
    .unwrap()
    .with_item("verified", Answer::Yes)
    .unwrap()
    .with_item("greeting", Answer::Rating(5))
    .unwrap();
    assert_eq!(
        (d.evaluation(), d.reviewer(), d.reason()),
        ("c7", "ana", "ivr_check")
    );
    assert_eq!(
        (d.reviewed(), d.opened(), d.decided()),
        (day(2), day(4), None)
    );
    d.decide("verified", Decision::TakeProposed).unwrap();
    d.decide("greeting", Decision::Keep).unwrap();
    d.close(day(9)).unwrap();
    let items: Vec<(&str, Answer, Option<Decision>)> = d
        .items()
        .map(|i| (i.item(), i.proposed(), i.decision()))
        .collect();
    assert_eq!(
        items,
        [
            ("verified", Answer::Yes, Some(Decision::TakeProposed)),
            ("greeting", Answer::Rating(5), Some(Decision::Keep)),
        ]
    );
    assert_eq!((d.decided(), d.resolution_days()), (Some(day(9)), Some(5)));

    // Another of ana's, fully accepted, and one of ben's, rejected.
    let closed = |id: &str, reviewer: &str, decision: Decision| {
        let mut c = Dispute::open(id, reviewer, day(2), day(3), "x", &AppealWindow::default())
            .unwrap()
            .with_item("greeting", Answer::Rating(4))
            .unwrap();
        c.decide("greeting", decision).unwrap();
        c.close(day(4)).unwrap();
        c
    };
    let accepted = closed("c8", "ana", Decision::TakeProposed);
    let rejected = closed("c9", "ben", Decision::Keep);
    let tally: DisputeTally = [&d, &accepted, &rejected].into_iter().collect();
    let items: Vec<(&str, u64, u64, u64, u64)> = tally
        .items()
        .map(|(k, i)| (k, i.disputed(), i.kept(), i.taken(), i.otherwise()))
        .collect();
    assert_eq!(items, [("greeting", 3, 2, 1, 0), ("verified", 1, 0, 1, 0)]);
    let reviewers: Vec<(&str, u64)> = tally.reviewers().map(|(k, r)| (k, r.disputes())).collect();
    assert_eq!(reviewers, [("ana", 2), ("ben", 1)]);
    // Ana: one partly accepted and one accepted, so both changed the review.
    let ana = tally.reviewer("ana").unwrap();
    assert_eq!(ana.count(DisputeState::PartlyAccepted), 1);
    assert_eq!(ana.count(DisputeState::Accepted), 1);
    let share = ana.acceptance().unwrap();
    assert_eq!((share.count(), share.of()), (2, 2));
}
