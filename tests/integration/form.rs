//! Run-time forms: the worked example, agreement with the compile-time models bit for bit,
//! N/A, critical items, sections, validation with named items and fields, summaries that refuse
//! to mix forms, and reading forms' answers from exports.

use crate::common::strategies::{critical_rule, not_applicable_rule};
use crate::common::{assert_close, value, worked_form};

use proptest::prelude::*;
use service_quality::form::{
    Answer, AnswerType, Answers, Choice, Form, FormSummary, Item, Section, Tokens,
};
use service_quality::proud::{Principle, ProudPolicy};
use service_quality::{
    Band, BandThresholds, CriticalRule, Error, NotApplicableRule, Ratings, Scale, Score,
};

const FIVE: Scale = Scale::ONE_TO_FIVE;

fn answers(list: &[Answer]) -> Answers {
    list.iter().copied().collect()
}

/// Greeting 4, verification yes, resolution 3, tone N/A → 75, 100, 50, —:
/// (75 + 100 + 2 × 50) / 4 = 68.75, needs improvement, focus resolution. With verification "no":
/// set to zero → 0, failed, focus verification; flag only → (75 + 0 + 2 × 50) / 4 = 43.75,
/// failed, focus verification.
#[test]
fn the_worked_example_scores_as_the_issue_says() {
    use Answer::*;
    let yes = answers(&[Rating(4), Yes, Rating(3), NotApplicable]);
    let no = answers(&[Rating(4), No, Rating(3), NotApplicable]);

    let form = worked_form(CriticalRule::CapAtFailedItem);
    let e = yes.evaluate(&form).unwrap();
    assert_close(value(e.overall()), 68.75);
    assert_eq!(e.band(), Some(Band::NeedsImprovement));
    assert_eq!(e.focus().map(Item::key), Some("resolution"));
    assert!(e.passed());
    let scores: Vec<Option<f64>> = e.items().map(|r| r.score().map(Score::get)).collect();
    assert_eq!(scores, [Some(75.0), Some(100.0), Some(50.0), None]);

    let zero_form = worked_form(CriticalRule::ScoreZero);
    let zero = no.evaluate(&zero_form).unwrap();
    assert_close(value(zero.overall()), 0.0);
    assert!(!zero.passed());
    // Tone was N/A and left the mean; the others counted.
    let counted: Vec<bool> = zero.items().map(|r| r.counted()).collect();
    assert_eq!(counted, [true, true, true, false]);
    assert_eq!(zero.band(), Some(Band::Poor));
    assert!(zero.critical_failed());
    assert_eq!(zero.focus().map(Item::key), Some("verification"));
    assert_eq!(
        zero.critical_failures().map(Item::key).collect::<Vec<_>>(),
        ["verification"]
    );

    let flag_form = worked_form(CriticalRule::FlagOnly);
    let flag = no.evaluate(&flag_form).unwrap();
    assert_close(value(flag.overall()), 43.75);
    assert!(flag.critical_failed());
    assert_eq!(flag.focus().map(Item::key), Some("verification"));
    assert_eq!(flag.band(), Some(Band::Poor));

    // The default rule caps at the failed item's score, 0 for a "no".
    let cap = no.evaluate(&form).unwrap();
    assert_close(value(cap.weighted_mean()), 43.75);
    assert_close(value(cap.overall()), 0.0);

    // A perfect call has nothing to coach; one point short on tone makes tone the focus.
    let perfect = answers(&[Rating(5), Yes, Rating(5), Rating(5)]);
    let e = perfect.evaluate(&form).unwrap();
    assert_close(value(e.overall()), 100.0);
    assert_eq!(e.focus(), None);
    let nearly = answers(&[Rating(5), Yes, Rating(5), Rating(4)]);
    assert_eq!(
        nearly.evaluate(&form).unwrap().focus().map(Item::key),
        Some("tone")
    );
}

/// PROUD written by hand as a run-time form.
fn proud_form() -> Form {
    let keys = ["p", "r", "o", "u", "d"];
    let mut builder = Form::builder("proud", 1);
    for (i, key) in keys.into_iter().enumerate() {
        let mut item = Item::scale(key, FIVE).unwrap();
        if i == 0 {
            item = item.with_critical(Score::new(50.0).unwrap());
        }
        builder = builder.item(item);
    }
    builder.build().unwrap()
}

/// Every one of the 3,125 PROUD rating combinations scores bit for bit the same as a run-time
/// form written by hand, and as the form made from the policy.
#[test]
fn a_form_built_to_match_proud_scores_bit_identically_for_every_combination() {
    let policy = ProudPolicy::default();
    let by_hand = proud_form();
    let converted = Form::from_policy("proud", 1, &policy);
    let bits = |s: Option<Score>| s.map(|s| s.get().to_bits());
    let mut combos = 0;
    for c in 0..5usize.pow(5) {
        let values: [i64; 5] =
            std::array::from_fn(|j| 1 + ((c / 5usize.pow(4 - j as u32)) % 5) as i64);
        let card = Ratings::<Principle>::from_array(FIVE, values)
            .unwrap()
            .evaluate(&policy)
            .unwrap();
        let form_answers: Answers = values
            .into_iter()
            .map(|v| Answer::Rating(i32::try_from(v).unwrap()))
            .collect();
        for form in [&by_hand, &converted] {
            let e = form_answers.evaluate(form).unwrap();
            assert_eq!(bits(e.overall()), bits(card.overall()), "{values:?}");
            assert_eq!(
                bits(e.weighted_mean()),
                bits(card.weighted_mean()),
                "{values:?}"
            );
            assert_eq!(e.band(), card.band(), "{values:?}");
            assert_eq!(e.critical_failed(), card.critical_failed(), "{values:?}");
            let focus = e.focus().map(|i| form.items().iter().position(|x| x == i));
            let expected = card.focus().map(|p| Principle::iter().position(|x| x == p));
            assert_eq!(focus, expected, "{values:?}");
        }
        combos += 1;
    }
    assert_eq!(combos, 3125);
}

/// A random form: up to seven items of every answer type, weights (some zero), N/A allowed on
/// some, some critical, and any rules.
fn any_form() -> impl Strategy<Value = Form> {
    let item = (
        0usize..3,
        prop_oneof![Just(0.0), 0.1f64..5.0],
        any::<bool>(),
        proptest::option::of(0.0f64..=100.0),
    );
    (
        proptest::collection::vec(item, 2..8),
        critical_rule(),
        not_applicable_rule(),
    )
        .prop_filter_map("something to score", |(items, critical, na)| {
            let mut builder = Form::builder("random", 1)
                .critical_rule(critical)
                .not_applicable_rule(na);
            for (i, (kind, weight, na_allowed, mark)) in items.into_iter().enumerate() {
                let key = format!("item_{i}");
                let answer = match kind {
                    0 => AnswerType::Scale(Scale::new(1, 7).unwrap()),
                    1 => AnswerType::YesNo,
                    _ => AnswerType::Choices(vec![
                        Choice::new("full", 4.0).unwrap(),
                        Choice::new("part", 1.5).unwrap(),
                        Choice::new("none", 0.0).unwrap(),
                    ]),
                };
                let mut item = Item::new(key, answer)
                    .unwrap()
                    .try_with_weight(weight)
                    .unwrap()
                    .with_not_applicable(na_allowed);
                if let Some(m) = mark {
                    item = item.with_critical(Score::new(m).unwrap());
                }
                builder = builder.item(item);
            }
            builder.build().ok()
        })
}

/// A valid answer to `item`, from three random numbers; N/A where allowed and `na` is set.
fn answer_for(item: &Item, pick: u8, na: bool) -> Answer {
    if na && item.allows_not_applicable() {
        return Answer::NotApplicable;
    }
    match item.answer_type() {
        AnswerType::Scale(scale) => Answer::Rating(scale.min() + i32::from(pick) % 7),
        AnswerType::YesNo if pick.is_multiple_of(2) => Answer::Yes,
        AnswerType::YesNo => Answer::No,
        _ => Answer::Choice(u16::from(pick % 3)),
    }
}

fn any_form_and_answers() -> impl Strategy<Value = (Form, Answers)> {
    any_form().prop_flat_map(|form| {
        let n = form.items().len();
        (
            Just(form),
            proptest::collection::vec((any::<u8>(), proptest::bool::weighted(0.3)), n),
        )
            .prop_map(|(form, picks)| {
                let answers = form
                    .items()
                    .iter()
                    .zip(picks)
                    .map(|(item, (pick, na))| answer_for(item, pick, na))
                    .collect();
                (form, answers)
            })
    })
}

/// The same form without item `skip`.
fn without(form: &Form, skip: usize) -> Option<Form> {
    Form::builder(form.key(), form.version())
        .items(
            form.items()
                .iter()
                .enumerate()
                .filter(|&(i, _)| i != skip)
                .map(|(_, item)| item.clone()),
        )
        .critical_rule(form.critical_rule())
        .not_applicable_rule(form.not_applicable_rule())
        .build()
        .ok()
}

proptest! {
    #![proptest_config(crate::common::cases(500))]

    /// Leaving N/A out of the mean is the same as the item not being on the form.
    #[test]
    fn an_na_item_scores_as_the_same_form_without_it((form, answers) in any_form_and_answers()) {
        prop_assume!(form.not_applicable_rule() == NotApplicableRule::LeaveOut);
        let Some(skip) = answers.iter().position(|a| *a == Answer::NotApplicable) else {
            return Ok(());
        };
        let Some(smaller) = without(&form, skip) else {
            // Removing the item left nothing to score; nothing to compare.
            return Ok(());
        };
        let rest: Answers = answers
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != skip)
            .map(|(_, a)| *a)
            .collect();
        let with = answers.evaluate(&form).unwrap();
        let without = rest.evaluate(&smaller).unwrap();
        prop_assert_eq!(with.overall(), without.overall());
        prop_assert_eq!(with.band(), without.band());
        prop_assert_eq!(with.critical_failed(), without.critical_failed());
        prop_assert_eq!(with.focus().map(Item::key), without.focus().map(Item::key));
    }

    /// Whatever the form and answers: scores in bounds, every failed critical item listed, the
    /// focus the first of them, and a summary that counts answered items exactly.
    #[test]
    fn evaluations_respect_the_rules((form, answers) in any_form_and_answers()) {
        let e = answers.evaluate(&form).unwrap();
        for s in [e.overall(), e.weighted_mean()].into_iter().flatten() {
            prop_assert!((0.0..=100.0).contains(&s.get()));
        }
        let failed: Vec<&str> = form
            .items()
            .iter()
            .zip(answers.iter())
            .filter(|(item, a)| {
                let score = item.score(**a).unwrap();
                matches!((score, item.pass_mark()), (Some(s), Some(m)) if s < m)
            })
            .map(|(item, _)| item.key())
            .collect();
        prop_assert_eq!(e.critical_failures().map(Item::key).collect::<Vec<_>>(), failed.clone());
        if let Some(first) = failed.first() {
            prop_assert_eq!(e.focus().map(Item::key), Some(*first));
        }
        let mut summary = FormSummary::new(&form);
        summary.add(&e).unwrap();
        for ((key, totals), answer) in summary.items().zip(answers.iter()) {
            let answered = u64::from(*answer != Answer::NotApplicable);
            prop_assert_eq!(totals.answered(), answered, "{}", key);
        }
    }

    /// A form's summary is the same, bit for bit, however its evaluations are ordered, split
    /// and merged, with JSON round trips of some partials on the way.
    #[test]
    fn form_summaries_do_not_depend_on_order_split_or_merge_tree(
        (form, sheets) in any_form().prop_flat_map(|form| {
            let n = form.items().len();
            let sheet = proptest::collection::vec((any::<u8>(), proptest::bool::weighted(0.3)), n);
            (Just(form), proptest::collection::vec(sheet, 0..40))
        }),
        cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..6),
        steps in proptest::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>(), any::<bool>()), 0..6),
    ) {
        let answers: Vec<Answers> = sheets
            .iter()
            .map(|picks| {
                form.items().iter().zip(picks).map(|(item, &(pick, na))| answer_for(item, pick, na)).collect()
            })
            .collect();
        let summarise = |sheets: &[Answers]| {
            let mut s = FormSummary::new(&form);
            for a in sheets {
                s.add(&a.evaluate(&form).unwrap()).unwrap();
            }
            s
        };
        let sequential = summarise(&answers);
        let mut reversed: Vec<Answers> = answers.clone();
        reversed.reverse();
        let parts: Vec<FormSummary> = crate::common::cut_into(&reversed, &cuts)
            .iter()
            .map(|part| summarise(part))
            .collect();
        let store = |s: &FormSummary| -> FormSummary {
            #[cfg(feature = "serde")]
            return serde_json::from_str(&serde_json::to_string(s).unwrap()).unwrap();
            #[cfg(not(feature = "serde"))]
            s.clone()
        };
        let merged = crate::common::merge_tree(parts, &steps, |a, b| a.try_merge(b).unwrap(), store).unwrap();
        prop_assert_eq!(&merged, &sequential);
        prop_assert_eq!(
            merged.mean_overall().map(|m| m.get().to_bits()),
            sequential.mean_overall().map(|m| m.get().to_bits())
        );
        prop_assert_eq!(merged.overall_sum_of_squares().to_bits(), sequential.overall_sum_of_squares().to_bits());
        for ((_, m), (_, s)) in merged.items().zip(sequential.items()) {
            prop_assert_eq!(m.sum().to_bits(), s.sum().to_bits());
        }
    }

    /// JSON round trips: a form, its answers and its summary read back equal.
    #[cfg(feature = "serde")]
    #[test]
    fn forms_answers_and_summaries_round_trip((form, answers) in any_form_and_answers()) {
        let text = serde_json::to_string(&form).unwrap();
        prop_assert_eq!(&serde_json::from_str::<Form>(&text).unwrap(), &form);
        let text = serde_json::to_string(&answers).unwrap();
        prop_assert_eq!(&serde_json::from_str::<Answers>(&text).unwrap(), &answers);
        let mut summary = FormSummary::new(&form);
        summary.add(&answers.evaluate(&form).unwrap()).unwrap();
        let text = serde_json::to_string(&summary).unwrap();
        prop_assert_eq!(serde_json::from_str::<FormSummary>(&text).unwrap(), summary);
    }
}

#[test]
fn full_marks_counts_na_as_100() {
    use Answer::*;
    let form = worked_form(CriticalRule::CapAtFailedItem)
        .with_not_applicable_rule(NotApplicableRule::FullMarks);
    let given = answers(&[Rating(4), Yes, Rating(3), NotApplicable]);
    let e = given.evaluate(&form).unwrap();
    // (75 + 100 + 2 × 50 + 100) / 5
    assert_close(value(e.overall()), 75.0);
    // Counted, but never the focus.
    assert_eq!(e.focus().map(Item::key), Some("resolution"));
    assert!(e.item("tone").unwrap().counted());
}

#[test]
fn everything_na_is_nothing_to_score_and_is_still_summarised() {
    let form = Form::builder("chat", 1)
        .item(Item::scale("tone", FIVE).unwrap().with_not_applicable(true))
        .item(Item::yes_no("follow_up").unwrap().with_not_applicable(true))
        .build()
        .unwrap();
    let given = answers(&[Answer::NotApplicable, Answer::NotApplicable]);
    // Under either N/A rule: full marks for what did not arise never make a score alone.
    for rule in [NotApplicableRule::LeaveOut, NotApplicableRule::FullMarks] {
        let form = form.clone().with_not_applicable_rule(rule);
        let e = given.evaluate(&form).unwrap();
        assert_eq!(
            (e.overall(), e.band(), e.focus()),
            (None, None, None),
            "{rule}"
        );
        let mut summary = FormSummary::new(&form);
        summary.add(&e).unwrap();
        assert_eq!((summary.count(), summary.scored()), (1, 0));
        assert_eq!(summary.mean_overall(), None);
        // So it does not lift a team's mean: the mean is the scored review's alone (50, or
        // 75 with the N/A counted as 100).
        let half = answers(&[Answer::Rating(3), Answer::NotApplicable]);
        summary.add(&half.evaluate(&form).unwrap()).unwrap();
        let expected = if rule == NotApplicableRule::FullMarks {
            75.0
        } else {
            50.0
        };
        assert_close(value(summary.mean_overall()), expected);
    }
}

/// Sections with weights: opening (weight 1) 100; resolution (weight 3) (0 + 50) / 2 = 25;
/// overall (100 + 75) / 4 = 43.75. Section scores are reported either way.
#[test]
fn weighted_sections_average_section_scores() {
    use Answer::*;
    let form = Form::builder("sections", 1)
        .section(
            Section::new("opening")
                .unwrap()
                .try_with_weight(1.0)
                .unwrap(),
        )
        .section(
            Section::new("resolution")
                .unwrap()
                .try_with_weight(3.0)
                .unwrap(),
        )
        .item(
            Item::scale("greeting", FIVE)
                .unwrap()
                .with_section("opening"),
        )
        .item(Item::yes_no("fixed").unwrap().with_section("resolution"))
        .item(
            Item::scale("explained", FIVE)
                .unwrap()
                .with_section("resolution"),
        )
        .build()
        .unwrap();
    let given = answers(&[Rating(5), No, Rating(3)]);
    let e = given.evaluate(&form).unwrap();
    assert_close(value(e.overall()), 43.75);

    // Weighted items in sections that all weigh 0: the error blames the sections.
    let silent = Form::builder("sections", 1)
        .section(
            Section::new("opening")
                .unwrap()
                .try_with_weight(0.0)
                .unwrap(),
        )
        .item(
            Item::scale("greeting", FIVE)
                .unwrap()
                .with_section("opening"),
        )
        .build()
        .unwrap_err();
    assert_eq!(
        silent.to_string(),
        "weight is 0 for every section that holds a weighted item, expected at least one item \
         that counts towards the score"
    );
    let sections: Vec<(&str, f64)> = e.sections().map(|(s, v)| (s.key(), value(v))).collect();
    assert_eq!(sections, [("opening", 100.0), ("resolution", 25.0)]);

    // Unweighted sections only group items: the flat mean of 100, 0, 50 is 50.
    let flat = Form::builder("sections", 1)
        .section(Section::new("opening").unwrap())
        .section(Section::new("resolution").unwrap())
        .items(form.items().iter().cloned())
        .build()
        .unwrap();
    let e = given.evaluate(&flat).unwrap();
    assert_close(value(e.overall()), 50.0);
    assert_eq!(e.sections().count(), 2);

    // With unweighted sections an item may stand outside them; with weighted ones it may not.
    let with_closing = |like: &Form| {
        like.sections()
            .iter()
            .fold(Form::builder("sections", 1), |b, s| b.section(s.clone()))
            .items(like.items().iter().cloned())
            .item(Item::scale("closing", FIVE).unwrap())
            .build()
    };
    let loose = with_closing(&flat).unwrap();
    let closed = answers(&[Rating(5), No, Rating(3), Rating(1)]);
    // (100 + 0 + 50 + 0) / 4 = 37.5: the closing counts in the flat mean.
    assert_close(value(closed.evaluate(&loose).unwrap().overall()), 37.5);
    let strict = with_closing(&form).unwrap_err();
    assert_eq!(
        strict.to_string(),
        "section of item 'closing' is missing, expected a section, since the form's sections \
         are weighted"
    );
}

/// An item's name (the key unless given) and description; answers' length.
#[test]
fn items_carry_their_texts_and_answers_their_length() {
    let item = Item::scale("tone", FIVE).unwrap();
    assert_eq!((item.name(), item.description()), ("tone", ""));
    let item = item
        .with_name("Tone of voice")
        .with_description("Warm, calm and clear throughout the call.");
    assert_eq!(item.name(), "Tone of voice");
    assert_eq!(
        item.description(),
        "Warm, calm and clear throughout the call."
    );

    // A weight of -0 is stored as 0; a critical item can be made ordinary again.
    let weightless = item.clone().try_with_weight(-0.0).unwrap();
    assert!(weightless.weight().is_sign_positive());
    assert!(!item.allows_not_applicable());
    assert!(
        item.clone()
            .with_not_applicable(true)
            .allows_not_applicable()
    );
    let critical = item.with_critical(Score::new(60.0).unwrap());
    assert!(critical.is_critical());
    assert_eq!(critical.pass_mark(), Some(Score::new(60.0).unwrap()));
    let ordinary = critical.without_critical();
    assert!(!ordinary.is_critical());
    assert_eq!(ordinary.pass_mark(), None);

    let mut given = Answers::default();
    assert!(given.is_empty());
    assert_eq!(given.len(), 0);
    given.push(Answer::Yes);
    given.push(Answer::NotApplicable);
    assert!(!given.is_empty());
    assert_eq!(given.len(), 2);
}

/// Sections: name (the key unless given) and a weight that must be finite and not negative.
#[test]
fn sections_carry_their_names_and_checked_weights() {
    let section = Section::new("opening").unwrap();
    assert_eq!((section.name(), section.weight()), ("opening", None));
    let named = section.clone().with_name("Opening the call");
    assert_eq!(named.name(), "Opening the call");
    assert_eq!(
        section
            .clone()
            .try_with_weight(-1.0)
            .unwrap_err()
            .to_string(),
        "weight is -1 for section 'opening', expected a finite value >= 0"
    );
    assert!(section.clone().try_with_weight(f64::INFINITY).is_err());
    let zero = section.try_with_weight(-0.0).unwrap().weight().unwrap();
    assert!(zero.is_sign_positive());
}

/// JSON leaves out a name equal to the key and reads a missing weight as 1.
#[cfg(feature = "serde")]
#[test]
fn form_json_omits_default_names_and_reads_default_weights() {
    use serde_json::json;
    let form: Form = serde_json::from_value(json!({
        "key": "call_review", "version": 1,
        "sections": [{"key": "opening", "name": "Opening"}, {"key": "close"}],
        "items": [
            {"key": "greeting", "name": "Greeting", "section": "opening",
             "answer": {"scale": {"min": 1, "max": 5}}},
            {"key": "wrap_up", "section": "close", "answer": "yes_no"}
        ]
    }))
    .unwrap();
    let weights: Vec<f64> = form.items().iter().map(Item::weight).collect();
    assert_eq!(weights, [1.0, 1.0]);
    let back = serde_json::to_value(&form).unwrap();
    assert_eq!(back["items"][0]["name"], "Greeting");
    assert!(back["items"][1].get("name").is_none());
    assert_eq!(back["sections"][0]["name"], "Opening");
    assert!(back["sections"][1].get("name").is_none());
    assert_eq!(serde_json::from_value::<Form>(back).unwrap(), form);
}

/// A form summary's totals by hand: the worked form answered three times, scoring 68.75 (the
/// worked example), 0 (verification "no", capped) and 100 (everything at full marks). Sum
/// 168.75, sum of squares 4,726.5625 + 0 + 10,000 = 14,726.5625, mean 56.25, sample variance
/// (12.5² + 56.25² + 43.75²) / 2 = 2,617.1875.
#[test]
fn a_form_summary_keeps_its_totals() {
    use Answer::*;
    let form = worked_form(CriticalRule::CapAtFailedItem);
    let mut summary = FormSummary::new(&form);
    for given in [
        [Rating(4), Yes, Rating(3), NotApplicable],
        [Rating(4), No, Rating(3), NotApplicable],
        [Rating(5), Yes, Rating(5), Rating(5)],
    ] {
        summary
            .add(&answers(&given).evaluate(&form).unwrap())
            .unwrap();
    }
    assert_eq!((summary.count(), summary.scored()), (3, 3));
    assert_close(summary.overall_sum(), 168.75);
    assert_close(summary.overall_sum_of_squares(), 14_726.562_5);
    assert_close(value(summary.mean_overall()), 56.25);
    assert_close(summary.overall_variance().unwrap(), 2_617.187_5);
    assert_eq!(summary.critical_failures(), 1);
    assert_eq!(FormSummary::new(&form).critical_failures(), 0);
    assert_eq!(summary.band_count(Band::Poor), 1);
    assert_eq!(summary.band_count(Band::NeedsImprovement), 1);
    assert_eq!(summary.band_count(Band::Excellent), 1);
    assert_eq!(summary.band_count(Band::Good), 0);
    assert_eq!(summary.band_counts(), [1, 1, 0, 1]);
    assert_eq!(summary.form_key(), Some("call_review"));
    // Per item: tone answered once (100), verification failed once.
    let tone = summary.item("tone").unwrap();
    assert_eq!((tone.answered(), tone.counted()), (1, 1));
    assert_close(value(tone.mean()), 100.0);
    assert_eq!(summary.item("verification").unwrap().critical_failures(), 1);
    assert_close(summary.item("greeting").unwrap().sum(), 75.0 + 75.0 + 100.0);
    assert!(summary.item("closing").is_none());
    // Verification and resolution both average 200 / 3; the tie goes to the earlier item.
    assert_eq!(summary.weakest(), Some("verification"));
    let later = Form::builder("call_review", 7)
        .items(form.items().iter().cloned())
        .build()
        .unwrap();
    assert_eq!(FormSummary::new(&later).form_version(), Some(7));
}

/// A stored form summary with results must say which form they came from.
#[cfg(feature = "serde")]
#[test]
fn a_stored_form_summary_without_its_form_is_refused() {
    let form = worked_form(CriticalRule::CapAtFailedItem);
    let mut summary = FormSummary::new(&form);
    let given = answers(&[
        Answer::Rating(4),
        Answer::Yes,
        Answer::Rating(3),
        Answer::NotApplicable,
    ]);
    summary.add(&given.evaluate(&form).unwrap()).unwrap();
    let stored = serde_json::to_value(&summary).unwrap();

    // Results counted, no item totals, no form.
    let mut formless = stored.clone();
    formless["form"] = serde_json::Value::Null;
    formless["items"] = serde_json::json!([]);
    let error = serde_json::from_value::<FormSummary>(formless).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("form is 1, expected a form for a summary with results"),
        "{error}"
    );
    // Item totals without a form are refused too, even with no evaluation counted.
    let mut empty = serde_json::to_value(FormSummary::default()).unwrap();
    assert_eq!(
        serde_json::from_value::<FormSummary>(empty.clone()).unwrap(),
        FormSummary::default()
    );
    empty["items"] = stored["items"].clone();
    assert!(serde_json::from_value::<FormSummary>(empty).is_err());
}

/// The form's own accessors: its name (the key unless given) and items by key.
#[test]
fn a_form_names_itself_and_finds_items_by_key() {
    let named = Form::builder("call_review", 2)
        .name("Call review")
        .item(Item::scale("greeting", FIVE).unwrap())
        .item(Item::yes_no("verification").unwrap())
        .build()
        .unwrap();
    assert_eq!(named.name(), "Call review");
    assert_eq!(named.version(), 2);
    assert_eq!(
        named.item("verification").map(Item::key),
        Some("verification")
    );
    assert!(named.item("tone").is_none());
    let unnamed = worked_form(CriticalRule::CapAtFailedItem);
    assert_eq!(unnamed.name(), unnamed.key());
}

/// Tokens start from the defaults or from nothing, and take a team's own words.
#[test]
fn tokens_from_nothing_read_only_the_words_given() {
    let tone = Item::scale("tone", FIVE).unwrap().with_not_applicable(true);
    let verification = Item::yes_no("verification").unwrap();
    let none = Tokens::none();
    assert!(none.read(&tone, "").is_err());
    assert!(none.read(&verification, "yes").is_err());
    let ours = Tokens::none()
        .with_not_applicable(["skip"])
        .with_yes(["ok"])
        .with_no(["fail"]);
    assert_eq!(ours.read(&tone, " SKIP ").unwrap(), Answer::NotApplicable);
    assert!(ours.read(&tone, "n/a").is_err());
    assert_eq!(ours.read(&verification, "ok").unwrap(), Answer::Yes);
    assert_eq!(ours.read(&verification, "fail").unwrap(), Answer::No);
    // The defaults read the usual words.
    assert_eq!(
        Tokens::default().read(&tone, "n/a").unwrap(),
        Answer::NotApplicable
    );
}

#[test]
fn choices_score_by_their_share_of_the_best_points() {
    let form = Form::builder("outcome", 1)
        .item(
            Item::choices(
                "resolution",
                vec![
                    Choice::new("Resolved first time", 10.0).unwrap(),
                    Choice::new("Resolved after follow-up", 6.0).unwrap(),
                    Choice::new("Not resolved", 0.0).unwrap(),
                ],
            )
            .unwrap(),
        )
        .build()
        .unwrap();
    let tokens = Tokens::default();
    for (label, score) in [
        ("resolved first time", 100.0),
        ("Resolved after follow-up", 60.0),
        (" NOT RESOLVED ", 0.0),
    ] {
        let a = Answers::from_text(&form, [("resolution", label)], &tokens).unwrap();
        assert_close(value(a.evaluate(&form).unwrap().overall()), score);
    }
    assert_eq!(
        Answers::from_text(&form, [("resolution", "escalated")], &tokens)
            .unwrap_err()
            .to_string(),
        "answer for 'resolution' is 'escalated', expected one of: Resolved first time, \
         Resolved after follow-up, Not resolved"
    );
    // By index: the last choice scores, one past it is refused.
    let resolution = &form.items()[0];
    assert_eq!(
        resolution.score(Answer::Choice(2)).unwrap(),
        Some(Score::MIN)
    );
    assert!(resolution.score(Answer::Choice(3)).is_err());
}

/// A choice list holds each label once (ignoring case), the first repeat in list order named,
/// and at most 65,535 choices.
#[test]
fn choice_lists_are_checked_however_long() {
    let choice = |label: &str| Choice::new(label, 1.0).unwrap();
    let repeated = Item::choices(
        "outcome",
        ["fixed", "Escalated", "refunded", "escalated", "FIXED"]
            .map(choice)
            .to_vec(),
    )
    .unwrap_err();
    assert_eq!(
        repeated.to_string(),
        "choice label of item 'outcome' is 'escalated' twice, expected each label once"
    );
    let many = |n: usize| {
        (0..n)
            .map(|i| choice(&format!("sku {i}")))
            .collect::<Vec<_>>()
    };
    let most = Item::choices("product", many(65_535)).unwrap();
    assert!(matches!(most.answer_type(), AnswerType::Choices(c) if c.len() == 65_535));
    assert_eq!(
        Item::choices("product", many(65_536))
            .unwrap_err()
            .to_string(),
        "choices of item 'product' is 65536 choices, expected between 1 and 65535 choices"
    );
}

/// An answer of the wrong JSON type says what an answer may be.
#[cfg(feature = "serde")]
#[test]
fn an_answer_of_the_wrong_json_type_says_what_answers_are() {
    let error = serde_json::from_str::<Answers>(r#"[4, "yes"]"#).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("expected a rating, true or false, {\"choice\": n} or null"),
        "{error}"
    );
}

/// What JSON rejects, with the item and field named.
#[cfg(feature = "serde")]
#[test]
fn forms_from_json_are_validated_naming_the_item_and_field() {
    use serde_json::json;
    let reject = |value: serde_json::Value| {
        serde_json::from_value::<Form>(value)
            .unwrap_err()
            .to_string()
    };
    let scale = json!({"scale": {"min": 1, "max": 5}});
    let cases = [
        (
            json!({"key": "f", "version": 1, "items": [
                {"key": "a", "answer": scale}, {"key": "a", "answer": "yes_no"}
            ]}),
            "key of item 'a' is used twice, expected each item key once",
        ),
        (
            json!({"key": "f", "version": 1,
                   "sections": [{"key": "open"}, {"key": "close"}, {"key": "open"}],
                   "items": [{"key": "a", "answer": scale}]}),
            "section key is 'open' used twice, expected each section key once",
        ),
        (
            json!({"key": "f", "version": 1, "items": [{"key": "a", "answer": scale, "weight": -2}]}),
            "weight of item 'a' is -2, expected a finite value >= 0",
        ),
        (
            json!({"key": "f", "version": 1, "items": [
                {"key": "c", "answer": {"choices": [{"label": "x", "points": 0}, {"label": "y", "points": 0}]}}
            ]}),
            "choices of item 'c' is all worth 0 points, expected at least one choice worth points",
        ),
        (
            json!({"key": "f", "version": 1, "items": [{"key": "c", "answer": {"choices": []}}]}),
            "choices of item 'c' is 0 choices, expected between 1 and 65535 choices",
        ),
        (
            json!({"key": "f", "version": 1, "items": [{"key": "a", "answer": scale}],
                   "bands": {"needs_improvement": 70, "good": 60, "excellent": 90}}),
            "thresholds are needs_improvement 70, good 60, expected needs_improvement < good",
        ),
        (
            json!({"key": "f", "version": 1, "items": [{"key": "a", "answer": scale, "weight": 0}]}),
            "weight is 0 for the form's one item, expected at least one item that counts \
             towards the score",
        ),
        (
            json!({"key": "f", "version": 1, "items": [
                {"key": "a", "answer": scale, "weight": 0},
                {"key": "b", "answer": scale, "weight": 0}]}),
            "weight is 0 for all 2 items, expected at least one item that counts towards the score",
        ),
        (
            json!({"key": "f", "version": 1, "items": []}),
            "items is empty, expected at least one item",
        ),
        (
            json!({"key": "f", "version": 1, "items": [{"key": "a", "answer": scale, "section": "end"}]}),
            "section of item 'a' is 'end', expected a declared section, and the form declares none",
        ),
        (
            json!({"key": "f", "version": 1, "items": [{"key": "a", "answer": scale, "pass_mark": 60}]}),
            "pass_mark of item 'a' is 60, expected no pass mark on an item that is not critical",
        ),
        (
            json!({"key": "f", "version": 1, "items": [{"key": "a", "answer": scale, "critical": true, "pass_mark": 120}]}),
            "pass_mark of item 'a' is 120, expected a score in 0..=100",
        ),
        (
            json!({"key": " ", "version": 1, "items": [{"key": "a", "answer": scale}]}),
            "form key is '', expected a key with some text",
        ),
        (
            json!({"key": "f", "version": 1, "items": [{"key": "a", "answer": {"scale": {"min": 5, "max": 5}}}]}),
            "scale 5..=5 is empty, expected a minimum below the maximum",
        ),
    ];
    for (document, message) in cases {
        let err = reject(document);
        assert!(err.starts_with(message), "{err}\nexpected: {message}");
    }
}

/// What code rejects that JSON cannot express: weights that are not finite.
#[test]
fn weights_that_are_not_finite_are_rejected_in_code() {
    for bad in [f64::NAN, f64::INFINITY, -0.5] {
        let err = Item::scale("tone", FIVE)
            .unwrap()
            .try_with_weight(bad)
            .unwrap_err();
        assert!(
            matches!(&err, Error::InvalidForm { item: Some(k), field: "weight", .. } if k == "tone"),
            "{err}"
        );
    }
}

/// What answers reject: an unknown item, the wrong type, N/A where not allowed, a missing item
/// and the wrong number of positional answers.
#[test]
fn bad_answers_are_named() {
    let form = worked_form(CriticalRule::CapAtFailedItem);
    let tokens = Tokens::default();
    let text = |pairs: &[(&str, &str)]| {
        Answers::from_text(&form, pairs.iter().copied(), &tokens)
            .unwrap_err()
            .to_string()
    };
    let all = [
        ("greeting", "4"),
        ("verification", "yes"),
        ("resolution", "3"),
        ("tone", "n/a"),
    ];
    assert!(Answers::from_text(&form, all, &tokens).is_ok());
    let mut unknown = all.to_vec();
    unknown.push(("tonne", "4"));
    assert_eq!(
        text(&unknown),
        "unknown item 'tonne', expected an item of the form (closest: 'tone')"
    );
    assert_eq!(
        text(&[("greeting", "4"), ("verification", "3")]),
        "answer for 'verification' is '3', expected yes or no"
    );
    assert_eq!(
        text(&[("greeting", "n/a")]),
        "answer for 'greeting' is n/a, expected a rating in 1..=5 (n/a is not allowed here)"
    );
    assert_eq!(
        text(&all[..3]),
        "answer for 'tone' is missing, expected a rating in 1..=5"
    );
    let mut twice = all.to_vec();
    twice.push(("greeting", "5"));
    assert_eq!(
        text(&twice),
        "answer for 'greeting' is given twice, expected one answer per item"
    );
    assert_eq!(
        answers(&[Answer::Rating(4)])
            .evaluate(&form)
            .unwrap_err()
            .to_string(),
        "number of answers differs: 1 here, 4 (one per item of form 'call_review') expected"
    );
    // The first bad answer in form order is reported.
    assert_eq!(
        answers(&[
            Answer::Yes,
            Answer::Rating(2),
            Answer::Rating(9),
            Answer::NotApplicable
        ])
        .evaluate(&form)
        .unwrap_err()
        .to_string(),
        "answer for 'greeting' is yes, expected a rating in 1..=5"
    );
}

#[test]
fn summaries_refuse_other_forms_and_versions() {
    use Answer::*;
    let v1 = worked_form(CriticalRule::CapAtFailedItem);
    let v2 = Form::builder("call_review", 2)
        .items(v1.items().iter().cloned())
        .build()
        .unwrap();
    let other = Form::builder("chat_review", 1)
        .items(v1.items().iter().cloned())
        .build()
        .unwrap();
    let a = answers(&[Rating(4), Yes, Rating(3), NotApplicable]);
    let summary_of = |form: &Form| {
        let mut s = FormSummary::new(form);
        s.add(&a.evaluate(form).unwrap()).unwrap();
        s
    };
    let mut s1 = summary_of(&v1);
    let before = s1.clone();
    for (theirs, message) in [
        (
            summary_of(&v2),
            "form differs: call_review v2 here, call_review v1 expected",
        ),
        (
            summary_of(&other),
            "form differs: chat_review v1 here, call_review v1 expected",
        ),
    ] {
        assert_eq!(s1.try_merge(&theirs).unwrap_err().to_string(), message);
        assert_eq!(s1, before, "a refused merge changes nothing");
    }
    assert!(s1.add(&a.evaluate(&v2).unwrap()).is_err());
    assert_eq!(s1, before);
    // The same form merges; an empty summary of no form adopts the other's.
    s1.try_merge(&summary_of(&v1)).unwrap();
    assert_eq!(s1.count(), 2);
    let mut empty = FormSummary::default();
    empty.try_merge(&s1).unwrap();
    assert_eq!(empty, s1);
    assert_eq!(
        (empty.form_key(), empty.form_version()),
        (Some("call_review"), Some(1))
    );
}

/// A group-by of form summaries keyed by (team, month) survives JSON and refuses a mixed merge
/// without touching any group.
#[cfg(feature = "serde")]
#[test]
fn grouped_form_summaries_by_team_and_month() {
    use service_quality::{GroupBy, TryMerge};
    let form = worked_form(CriticalRule::CapAtFailedItem);
    let a = answers(&[
        Answer::Rating(5),
        Answer::Yes,
        Answer::Rating(5),
        Answer::Rating(5),
    ]);
    let mut groups: GroupBy<(String, String), FormSummary> = GroupBy::new();
    groups
        .entry(("north".into(), "2026-11".into()))
        .add(&a.evaluate(&form).unwrap())
        .unwrap();
    let text = serde_json::to_string(&groups).unwrap();
    let back: GroupBy<(String, String), FormSummary> = serde_json::from_str(&text).unwrap();
    assert_eq!(back, groups);

    let v2 = Form::builder("call_review", 2)
        .items(form.items().iter().cloned())
        .build()
        .unwrap();
    let mut later: GroupBy<(String, String), FormSummary> = GroupBy::new();
    later
        .entry(("south".into(), "2026-12".into()))
        .add(&a.evaluate(&form).unwrap())
        .unwrap();
    later
        .entry(("north".into(), "2026-11".into()))
        .add(&a.evaluate(&v2).unwrap())
        .unwrap();
    let untouched = groups.clone();
    assert!(groups.try_merge(&later).is_err());
    assert_eq!(groups, untouched);
}

#[cfg(feature = "serde")]
#[test]
fn tampered_form_summaries_are_refused() {
    let form = worked_form(CriticalRule::CapAtFailedItem);
    let mut s = FormSummary::new(&form);
    let a = answers(&[
        Answer::Rating(4),
        Answer::No,
        Answer::Rating(3),
        Answer::NotApplicable,
    ]);
    s.add(&a.evaluate(&form).unwrap()).unwrap();
    let good = serde_json::to_value(&s).unwrap();
    let mut bad = good.clone();
    bad["items"][1]["critical_failures"] = serde_json::json!(2);
    let err = serde_json::from_value::<FormSummary>(bad)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("critical_failures is 2, expected at most 1 for 'verification'"),
        "{err}"
    );
    let mut bad = good;
    bad["form"] = serde_json::Value::Null;
    assert!(serde_json::from_value::<FormSummary>(bad).is_err());
}

/// Band thresholds of a form apply to its evaluations.
#[test]
fn a_forms_bands_classify_its_scores() {
    let strict = worked_form(CriticalRule::CapAtFailedItem)
        .with_bands(BandThresholds::new(60.0, 80.0, 95.0).unwrap());
    let given = answers(&[
        Answer::Rating(5),
        Answer::Yes,
        Answer::Rating(4),
        Answer::Rating(4),
    ]);
    let e = given.evaluate(&strict).unwrap();
    // (100 + 100 + 2 × 75 + 75) / 5 = 85: good under these bands, excellent under the default.
    assert_close(value(e.overall()), 85.0);
    assert_eq!(e.band(), Some(Band::Good));
}

/// A critical item that no answer can fail is refused when the form is built, from code and
/// from JSON alike: a pass mark of 0, or one no higher than the worst choice's score.
#[test]
fn a_pass_mark_that_can_never_fail_is_refused() {
    let zero = Form::builder("chat", 1)
        .item(Item::yes_no("verified").unwrap().with_critical(Score::MIN))
        .build()
        .unwrap_err();
    assert_eq!(
        zero.to_string(),
        "pass_mark of item 'verified' is 0, expected a pass mark above 0, the lowest score an \
         answer can get, or the critical item can never fail"
    );
    #[cfg(feature = "serde")]
    {
        let json = r#"{"key": "chat", "version": 1, "items": [
            {"key": "verified", "answer": "yes_no", "critical": true, "pass_mark": 0}]}"#;
        let from_json = serde_json::from_str::<Form>(json).unwrap_err().to_string();
        assert!(from_json.contains("can never fail"), "{from_json}");
    }
    // Choices worth 2 and 4 score 50 and 100: a pass mark of 50 cannot fail, just above can.
    let choices = || {
        Item::choices(
            "resolution",
            vec![
                Choice::new("partly", 2.0).unwrap(),
                Choice::new("fully", 4.0).unwrap(),
            ],
        )
        .unwrap()
    };
    let at_worst = Form::builder("chat", 1)
        .item(choices().with_critical(Score::new(50.0).unwrap()))
        .build()
        .unwrap_err();
    assert!(
        at_worst
            .to_string()
            .contains("is 50, expected a pass mark above 50"),
        "{at_worst}"
    );
    assert!(
        Form::builder("chat", 1)
            .item(choices().with_critical(Score::new(50.5).unwrap()))
            .build()
            .is_ok()
    );
}

/// The worked form's fingerprint, pinned: it must not change across platforms or patch
/// releases, since stored summaries carry it.
#[test]
fn the_fingerprint_is_stable() {
    let form = worked_form(CriticalRule::CapAtFailedItem);
    assert_eq!(form.fingerprint().to_string(), "4486ffd116032a38");
    // Evaluations carry their form's.
    let given = answers(&[
        Answer::Rating(4),
        Answer::Yes,
        Answer::Rating(3),
        Answer::NotApplicable,
    ]);
    assert_eq!(
        given.evaluate(&form).unwrap().fingerprint(),
        form.fingerprint()
    );
    // Points of 0 and -0 score alike, so they fingerprint alike.
    let with_none = |points: f64| {
        Form::builder("chat", 1)
            .item(
                Item::choices(
                    "resolution",
                    vec![
                        Choice::new("none", points).unwrap(),
                        Choice::new("full", 2.0).unwrap(),
                    ],
                )
                .unwrap(),
            )
            .build()
            .unwrap()
            .fingerprint()
    };
    assert_eq!(with_none(-0.0), with_none(0.0));
    assert_ne!(with_none(1.0), with_none(0.0));
    // Its JSON form gives the same form and so the same fingerprint.
    #[cfg(feature = "serde")]
    {
        let json = serde_json::to_string(&form).unwrap();
        let back: Form = serde_json::from_str(&json).unwrap();
        assert_eq!(back.fingerprint(), form.fingerprint());
    }
}

/// A summary made after a weight changed, under the same key and version, no longer merges
/// (issue 24's first hole): the error names the form, the fingerprints and the item that differs.
#[cfg(feature = "serde")]
#[test]
fn a_summary_of_a_form_that_scores_differently_does_not_merge() {
    let before = worked_form(CriticalRule::CapAtFailedItem);
    let after = {
        let json = serde_json::to_string(&before)
            .unwrap()
            .replace(r#""weight":2.0"#, r#""weight":3.0"#);
        serde_json::from_str::<Form>(&json).unwrap()
    };
    assert_eq!(
        (after.key(), after.version()),
        (before.key(), before.version())
    );
    assert_ne!(after.fingerprint(), before.fingerprint());
    let given = answers(&[
        Answer::Rating(4),
        Answer::Yes,
        Answer::Rating(3),
        Answer::Rating(5),
    ]);
    let mut old = FormSummary::new(&before);
    old.add(&given.evaluate(&before).unwrap()).unwrap();
    let mut new = FormSummary::new(&after);
    new.add(&given.evaluate(&after).unwrap()).unwrap();
    let err = old.try_merge(&new).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "form differs: call_review v1 scored as {} here, call_review v1 scored as {} \
             (they differ in item 'resolution') expected",
            after.fingerprint(),
            before.fingerprint()
        )
    );
    // Nor does an evaluation of the other form go into the summary; it is left as it was.
    assert!(old.add(&given.evaluate(&after).unwrap()).is_err());
    assert_eq!(old.count(), 1);
    // A change of rule is named as such.
    let flagged = before.clone().with_critical_rule(CriticalRule::FlagOnly);
    let err = old.try_merge(&FormSummary::new(&flagged)).unwrap_err();
    assert!(
        err.to_string()
            .contains("they differ in the sections or rules"),
        "{err}"
    );
    // The fingerprint travels with a stored summary, and a tampered one is refused.
    let json = serde_json::to_string(&old).unwrap();
    let back: FormSummary = serde_json::from_str(&json).unwrap();
    assert_eq!(back.fingerprint(), Some(before.fingerprint()));
    assert!(back.clone().try_merge(&new).is_err());
    let tampered = json.replace(&before.fingerprint().to_string(), "0000000000000000");
    let err = serde_json::from_str::<FormSummary>(&tampered).unwrap_err();
    assert!(
        err.to_string().contains("the fingerprint of its parts"),
        "{err}"
    );
}

proptest! {
    #![proptest_config(crate::common::cases(200))]

    /// Whatever changes how a form scores changes its fingerprint; names and descriptions
    /// do not.
    #[test]
    fn the_fingerprint_follows_what_scores(weight in 0.5f64..10.0, mark in 1.0f64..100.0) {
        let base = worked_form(CriticalRule::CapAtFailedItem);
        let with = |item: Item| {
            Form::builder("call_review", 1)
                .item(Item::scale("greeting", FIVE).unwrap())
                .item(item)
                .build()
                .unwrap()
        };
        let plain = with(Item::yes_no("verification").unwrap());
        let renamed = with(Item::yes_no("verification").unwrap().with_name("Checked who called"));
        prop_assert_eq!(plain.fingerprint(), renamed.fingerprint());
        let weighted = with(Item::yes_no("verification").unwrap().try_with_weight(weight).unwrap());
        prop_assert_eq!(weighted.fingerprint() == plain.fingerprint(), weight.to_bits() == 1.0f64.to_bits());
        let critical = with(Item::yes_no("verification").unwrap().with_critical(Score::new(mark).unwrap()));
        prop_assert_ne!(critical.fingerprint(), plain.fingerprint());
        let na = with(Item::yes_no("verification").unwrap().with_not_applicable(true));
        prop_assert_ne!(na.fingerprint(), plain.fingerprint());
        let full_marks = base.clone().with_not_applicable_rule(NotApplicableRule::FullMarks);
        prop_assert_ne!(full_marks.fingerprint(), base.fingerprint());
    }
}

mod corrections;
mod rules;
#[cfg(feature = "serde")]
mod schema;
mod spread;
