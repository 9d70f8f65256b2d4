//! The rules forms gained to match the products' own: points forms with deductions, bonus
//! items and sections, failures scoped to a section, criticality set on a section, conditional
//! items, items kept for reporting only, a baseline's pass rate and the two averages. Every
//! number below is worked by hand in the comment beside it.

use crate::common::assert_close;

use proptest::prelude::*;
use service_quality::form::{
    Answer, Answers, Choice, Condition, CriticalScope, Form, FormSummary, Item, ItemRole, Scoring,
    Section,
};
use service_quality::metrics::{Level, ShareMethod};
use service_quality::{CriticalRule, Error, NotApplicableRule, Scale, Score, TryMerge};

const FIVE: Scale = Scale::ONE_TO_FIVE;

fn overall(form: &Form, answers: &Answers) -> Option<f64> {
    answers.evaluate(form).unwrap().overall().map(Score::get)
}

fn build_error(builder: service_quality::form::FormBuilder) -> String {
    builder.build().unwrap_err().to_string()
}

/// Greeting 1–5 worth 4 points, verification yes/no worth 2, outcome a choice of 6, 3 or 0
/// points, rude language deducting 5 on "yes", tone 1–5 worth 2 where N/A is allowed.
fn points_form() -> Form {
    Form::builder("points_review", 1)
        .scoring(Scoring::Points)
        .item(
            Item::scale("greeting", FIVE)
                .unwrap()
                .try_with_points(4.0)
                .unwrap(),
        )
        .item(
            Item::yes_no("verification")
                .unwrap()
                .try_with_points(2.0)
                .unwrap(),
        )
        .item(
            Item::choices(
                "outcome",
                vec![
                    Choice::new("Resolved", 6.0).unwrap(),
                    Choice::new("Follow-up", 3.0).unwrap(),
                    Choice::new("Unresolved", 0.0).unwrap(),
                ],
            )
            .unwrap(),
        )
        .item(Item::yes_no("rude").unwrap().try_with_points(-5.0).unwrap())
        .item(
            Item::scale("tone", FIVE)
                .unwrap()
                .try_with_points(2.0)
                .unwrap()
                .with_not_applicable(true),
        )
        .build()
        .unwrap()
}

mod known_answers {
    use super::*;
    use Answer::*;

    /// Greeting 4 earns 4 × 3/4 = 3, verification yes 2, follow-up 3, not rude, tone N/A
    /// (its 2 points leave the possible): 8 of 12 = 66.67. Rude: 8 − 5 = 3 of 12 = 25.
    #[test]
    fn a_points_form_scores_points_earned_over_points_possible() {
        let form = points_form();
        let polite = Answers::from(vec![Rating(4), Yes, Choice(1), No, NotApplicable]);
        let e = polite.evaluate(&form).unwrap();
        assert_close(e.overall().unwrap().get(), 800.0 / 12.0);
        let points = e.points().unwrap();
        assert_close(points.earned(), 8.0);
        assert_close(points.possible(), 12.0);

        let rude = Answers::from(vec![Rating(4), Yes, Choice(1), Yes, NotApplicable]);
        let e = rude.evaluate(&form).unwrap();
        assert_close(e.overall().unwrap().get(), 25.0);
        assert_close(e.points().unwrap().earned(), 3.0);
        // The deduction item's own score: "yes" is the worst it can do.
        assert_eq!(e.item("rude").unwrap().score(), Some(Score::MIN));
        assert_eq!(e.item("rude").unwrap().points(), Some(-5.0));
        // Not rude: the deduction item's best, 100, and nothing deducted.
        let polite = polite.evaluate(&form).unwrap();
        assert_eq!(polite.item("rude").unwrap().score(), Some(Score::MAX));
        assert_eq!(polite.item("rude").unwrap().points(), Some(0.0));
        // Never below 0: 1 − 1 of 4 + ... all at the bottom, rude: 0 − 5 → 0, raw −5.
        let worst = Answers::from(vec![Rating(1), No, Choice(2), Yes, NotApplicable]);
        let e = worst.evaluate(&form).unwrap();
        assert_eq!(e.overall(), Some(Score::MIN));
        assert_close(e.points().unwrap().earned(), -5.0);
    }

    /// A weighted form has no raw points; a points form reports them before any critical rule.
    #[test]
    fn weighted_forms_report_no_points() {
        let form = Form::builder("w", 1)
            .item(Item::scale("a", FIVE).unwrap())
            .build()
            .unwrap();
        let e = Answers::from(vec![Rating(5)]);
        assert_eq!(e.evaluate(&form).unwrap().points(), None);
    }

    /// Greeting 5 (100) and resolution 3 (50) average 75; going the extra mile adds its 5 points
    /// beside the score, never inside it. Two reviews with bonus 5 and 0: mean bonus 2.5.
    #[test]
    fn a_bonus_is_reported_beside_the_score() {
        let form = Form::builder("bonus", 1)
            .item(Item::scale("greeting", FIVE).unwrap())
            .item(Item::scale("resolution", FIVE).unwrap())
            .item(
                Item::yes_no("extra_mile")
                    .unwrap()
                    .try_with_points(5.0)
                    .unwrap()
                    .with_role(ItemRole::Bonus),
            )
            .build()
            .unwrap();
        let with = Answers::from(vec![Rating(5), Rating(3), Yes]);
        let without = Answers::from(vec![Rating(5), Rating(3), No]);
        let e = with.evaluate(&form).unwrap();
        assert_close(e.overall().unwrap().get(), 75.0);
        assert_eq!(e.bonus(), Some(5.0));
        assert!(!e.item("extra_mile").unwrap().counted());
        let mut summary = FormSummary::new(&form);
        summary.add(&e).unwrap();
        summary.add(&without.evaluate(&form).unwrap()).unwrap();
        assert_close(summary.mean_overall().unwrap().get(), 75.0);
        assert_eq!(summary.mean_bonus(), Some(2.5));
        assert_close(summary.bonus_sum(), 5.0);
    }

    /// In a points form a bonus is its points over the points possible: 3 bonus points over the
    /// 12 possible of the polite review above is 25 score points.
    #[test]
    fn a_points_form_bonus_is_a_share_of_the_points_possible() {
        let form = Form::builder("points_bonus", 1)
            .scoring(Scoring::Points)
            .section(Section::new("extras").unwrap().with_bonus(true))
            .items(points_form().items().iter().cloned())
            .item(
                Item::yes_no("remembered_name")
                    .unwrap()
                    .try_with_points(3.0)
                    .unwrap()
                    .with_section("extras"),
            )
            .build()
            .unwrap();
        let answers = Answers::from(vec![Rating(4), Yes, Choice(1), No, NotApplicable, Yes]);
        let e = answers.evaluate(&form).unwrap();
        assert_close(e.overall().unwrap().get(), 800.0 / 12.0);
        assert_close(e.bonus().unwrap(), 25.0);
        assert_eq!(e.item("remembered_name").unwrap().role(), ItemRole::Bonus);
    }

    /// Compliance: accuracy 1–5 critical to its section (pass mark 50) rated 2 (25), and
    /// disclosure yes (100), mean 62.5. Soft skills: tone 5 and empathy 4, mean 87.5. The
    /// sections count by their items (two each). Capped at 25: (2 × 25 + 2 × 87.5) / 4 = 56.25;
    /// zeroed: (0 + 175) / 4 = 43.75; flagged: (125 + 175) / 4 = 75. The evaluation passes.
    #[test]
    fn a_failure_scoped_to_a_section_caps_or_zeroes_that_section_only() {
        let form = |rule| {
            Form::builder("sections", 1)
                .section(Section::new("compliance").unwrap().with_critical_rule(rule))
                .section(Section::new("soft_skills").unwrap())
                .item(
                    Item::scale("accuracy", FIVE)
                        .unwrap()
                        .with_section("compliance")
                        .with_critical(Score::new(50.0).unwrap())
                        .with_critical_scope(CriticalScope::Section),
                )
                .item(
                    Item::yes_no("disclosure")
                        .unwrap()
                        .with_section("compliance"),
                )
                .item(
                    Item::scale("tone", FIVE)
                        .unwrap()
                        .with_section("soft_skills"),
                )
                .item(
                    Item::scale("empathy", FIVE)
                        .unwrap()
                        .with_section("soft_skills"),
                )
                .build()
                .unwrap()
        };
        let answers = Answers::from(vec![Rating(2), Yes, Rating(5), Rating(4)]);
        for (rule, expected, section) in [
            (CriticalRule::CapAtFailedItem, 56.25, 25.0),
            (CriticalRule::ScoreZero, 43.75, 0.0),
            (CriticalRule::FlagOnly, 75.0, 62.5),
        ] {
            let form = form(rule);
            let e = answers.evaluate(&form).unwrap();
            assert_close(e.overall().unwrap().get(), expected);
            assert!(e.passed(), "{rule}");
            assert!(!e.critical_failed());
            let failed: Vec<&str> = e.failed_sections().map(Section::key).collect();
            assert_eq!(failed, ["compliance"]);
            let scores: Vec<f64> = e.sections().map(|(_, s)| s.unwrap().get()).collect();
            assert_close(scores[0], section);
            assert_close(scores[1], 87.5);
            assert!(e.item("accuracy").unwrap().critical_failed());
            assert_eq!(e.focus().map(Item::key), Some("accuracy"));
        }
        // Passing the mark: the plain mean (25 + 100 + 100 + 75)... with accuracy 3 (50):
        // (50 + 100 + 100 + 75) / 4 = 81.25, nothing failed.
        let passing = Answers::from(vec![Rating(3), Yes, Rating(5), Rating(4)]);
        let form = form(CriticalRule::ScoreZero);
        let e = passing.evaluate(&form).unwrap();
        assert_close(e.overall().unwrap().get(), 81.25);
        assert_eq!(e.failed_sections().count(), 0);
    }

    /// Two sections declared in the other order than their items, each failed by an item
    /// critical to it: the focus is the first failed item in form order (item b, in the
    /// section declared second), not the first section visited.
    #[test]
    fn the_first_section_failure_in_form_order_is_the_focus() {
        let critical = |key: &str, section: &str| {
            Item::scale(key, FIVE)
                .unwrap()
                .with_section(section)
                .with_critical_below_half()
                .with_critical_scope(CriticalScope::Section)
        };
        let form = Form::builder("order", 1)
            .section(Section::new("late").unwrap())
            .section(Section::new("early").unwrap())
            .item(Item::scale("a", FIVE).unwrap().with_section("late"))
            .item(critical("b", "early"))
            .item(Item::scale("c", FIVE).unwrap().with_section("early"))
            .item(critical("d", "late"))
            .build()
            .unwrap();
        let answers = Answers::from(vec![Rating(5), Rating(1), Rating(5), Rating(1)]);
        let e = answers.evaluate(&form).unwrap();
        assert_eq!(e.focus().map(Item::key), Some("b"));
        assert_eq!(e.failed_sections().count(), 2);
        // Capped at their failed items' 0: both sections 0, overall 0, still passed.
        assert_eq!(e.overall(), Some(Score::MIN));
        assert!(e.passed());
    }

    /// In a points form only scored items deduct: choices worth less than 0 on an item kept
    /// for reporting take nothing off.
    #[test]
    fn only_scored_items_deduct() {
        let form = Form::builder("report_only", 1)
            .scoring(Scoring::Points)
            .item(
                Item::yes_no("resolved")
                    .unwrap()
                    .try_with_points(4.0)
                    .unwrap(),
            )
            .item(
                Item::choices(
                    "severity",
                    vec![
                        service_quality::form::Choice::new("minor", 0.0).unwrap(),
                        service_quality::form::Choice::new("major", -10.0).unwrap(),
                    ],
                )
                .unwrap()
                .with_role(ItemRole::NotScored),
            )
            .build()
            .unwrap();
        let answers = Answers::from(vec![Yes, Choice(1)]);
        let e = answers.evaluate(&form).unwrap();
        assert_eq!(e.overall(), Some(Score::MAX));
        assert_close(e.points().unwrap().earned(), 4.0);
    }

    /// A section marked critical makes each scored item in it critical: disclosure "no" fails
    /// the whole evaluation and, under the default rule, caps it at 0.
    #[test]
    fn criticality_set_on_a_section_applies_to_its_items() {
        let form = Form::builder("critical_section", 1)
            .section(
                Section::new("compliance")
                    .unwrap()
                    .with_critical(service_quality::form::DEFAULT_PASS_MARK),
            )
            .item(
                Item::yes_no("disclosure")
                    .unwrap()
                    .with_section("compliance"),
            )
            .item(Item::scale("tone", FIVE).unwrap())
            .build()
            .unwrap();
        let e = Answers::from(vec![No, Rating(5)]);
        let e = e.evaluate(&form).unwrap();
        assert!(e.critical_failed());
        assert_eq!(e.overall(), Some(Score::MIN));
        assert_eq!(e.focus().map(Item::key), Some("disclosure"));
        // Scoped to the section instead: the section is capped at 0, the form passes:
        // (0 + 100) / 2 = 50.
        let scoped = Form::builder("critical_section", 1)
            .section(
                Section::new("compliance")
                    .unwrap()
                    .with_critical(service_quality::form::DEFAULT_PASS_MARK)
                    .with_critical_scope(CriticalScope::Section),
            )
            .item(
                Item::yes_no("disclosure")
                    .unwrap()
                    .with_section("compliance"),
            )
            .item(Item::scale("tone", FIVE).unwrap())
            .build()
            .unwrap();
        let answers = Answers::from(vec![No, Rating(5)]);
        let e = answers.evaluate(&scoped).unwrap();
        assert!(e.passed());
        assert_close(e.overall().unwrap().get(), 50.0);
    }

    /// Escalated is kept for reporting; "explained the escalation" applies only when escalated
    /// is yes; "verified identity" only on the phone. Greeting 4 (75): not escalated, on chat →
    /// 75; escalated and not explained → (75 + 0) / 2 = 37.5; on the phone, verified →
    /// (75 + 100) / 2 = 87.5.
    #[test]
    fn conditional_items_apply_only_when_their_condition_holds() {
        let form = Form::builder("conditional", 1)
            .context_field("channel")
            .item(Item::scale("greeting", FIVE).unwrap())
            .item(
                Item::yes_no("escalated")
                    .unwrap()
                    .with_role(ItemRole::NotScored),
            )
            .item(
                Item::yes_no("explained")
                    .unwrap()
                    .with_condition(Condition::item("escalated", ["yes"])),
            )
            .item(
                Item::yes_no("verified")
                    .unwrap()
                    .with_condition(Condition::context("channel", ["phone"])),
            )
            .build()
            .unwrap();
        let chat = |list: Vec<Answer>| Answers::from(list).with_field("channel", "chat");
        let calm = chat(vec![Rating(4), No, NotApplicable, NotApplicable]);
        assert_eq!(overall(&form, &calm), Some(75.0));
        let e = calm.evaluate(&form).unwrap();
        assert!(!e.item("explained").unwrap().applies());
        assert!(e.item("greeting").unwrap().applies());
        assert!(e.item("escalated").unwrap().applies());
        assert!(!e.item("escalated").unwrap().counted());
        let escalated = chat(vec![Rating(4), Yes, No, NotApplicable]);
        assert_eq!(overall(&form, &escalated), Some(37.5));
        let phone =
            Answers::from(vec![Rating(4), No, NotApplicable, Yes]).with_field("Channel", " Phone ");
        assert_eq!(overall(&form, &phone), Some(87.5));

        // Answering an item that does not apply is refused, naming the condition.
        let answered = chat(vec![Rating(4), No, Yes, NotApplicable]);
        assert_eq!(
            answered.evaluate(&form).unwrap_err().to_string(),
            "answer for 'explained' is yes, expected n/a, as the item applies only when \
             'escalated' is yes"
        );
        // A condition whose item applies but is left N/A where N/A is not allowed is refused.
        let blank = chat(vec![Rating(4), Yes, NotApplicable, NotApplicable]);
        assert!(matches!(
            blank.evaluate(&form),
            Err(Error::InvalidAnswer { .. })
        ));
        // The context field must be given.
        let bare = Answers::from(vec![Rating(4), No, NotApplicable, NotApplicable]);
        assert_eq!(
            bare.evaluate(&form).unwrap_err().to_string(),
            "missing context field 'channel'"
        );
    }

    /// A chain: c applies when b is yes, b when a is yes. With a "no", b is N/A by rule, so c
    /// is too, though c's answer to b would otherwise be read.
    #[test]
    fn conditions_follow_their_chain() {
        let form = Form::builder("chain", 1)
            .item(Item::yes_no("a").unwrap())
            .item(
                Item::yes_no("b")
                    .unwrap()
                    .with_condition(Condition::item("a", ["yes"])),
            )
            .item(
                Item::yes_no("c")
                    .unwrap()
                    .with_condition(Condition::item("b", ["yes", "n/a"])),
            )
            .build()
            .unwrap();
        // a no → b does not apply (N/A), and c applies because it asks for b N/A.
        let e = Answers::from(vec![No, NotApplicable, Yes]);
        assert_eq!(overall(&form, &e), Some(50.0));
        let e = Answers::from(vec![Yes, Yes, No]);
        assert_close(overall(&form, &e).unwrap(), 200.0 / 3.0);
        let e = Answers::from(vec![Yes, No, NotApplicable]);
        assert_eq!(overall(&form, &e), Some(50.0));
    }

    /// Baseline 80, resolution weighted 4, compliance critical and only flagged. Reviews:
    /// (5, yes) → 100; (4, yes) → (4 × 75 + 100) / 5 = 80, at the baseline; (3, yes) → 60;
    /// (5, no) → 80 but failed, which never passes. 2 of 4 reached it; the Wilson 95% interval
    /// of 2/4 is 15.0..85.0 (to one decimal).
    #[test]
    fn the_pass_rate_counts_reviews_at_the_baseline_without_critical_failures() {
        let form = Form::builder("baseline", 1)
            .baseline(Score::new(80.0).unwrap())
            .critical_rule(CriticalRule::FlagOnly)
            .item(
                Item::scale("resolution", FIVE)
                    .unwrap()
                    .try_with_weight(4.0)
                    .unwrap(),
            )
            .item(
                Item::yes_no("compliance")
                    .unwrap()
                    .with_critical_below_half(),
            )
            .build()
            .unwrap();
        let mut summary = FormSummary::new(&form);
        for (rating, compliance) in [(5, Yes), (4, Yes), (3, Yes), (5, No)] {
            let answers = Answers::from(vec![Rating(rating), compliance]);
            summary.add(&answers.evaluate(&form).unwrap()).unwrap();
        }
        assert_eq!(summary.at_baseline(), Some(2));
        let rate = summary.pass_rate().unwrap();
        assert_close(rate.percent(), 50.0);
        let interval = rate.interval(ShareMethod::Wilson, Level::default());
        assert!((interval.lower() - 15.0).abs() < 0.1, "{interval:?}");
        assert!((interval.upper() - 85.0).abs() < 0.1, "{interval:?}");
        let none = Form::builder("none", 1)
            .item(Item::yes_no("a").unwrap())
            .build()
            .unwrap();
        assert_eq!(
            FormSummary::new(&none).pass_rate().unwrap_err().to_string(),
            "missing baseline for form 'none'"
        );
    }

    /// Review 1 answers greeting (100) and resolution (0): 50. Review 2 answers greeting (100)
    /// and resolution N/A: 100. Mean of the reviews' scores 75; item means 100 and 0, whose
    /// mean is 50. The recorded-only item is left out of both.
    #[test]
    fn both_averages_are_given_and_differ_when_reviews_answer_different_items() {
        let form = Form::builder("averages", 1)
            .item(Item::yes_no("greeting").unwrap())
            .item(
                Item::yes_no("resolution")
                    .unwrap()
                    .with_not_applicable(true),
            )
            .item(
                Item::yes_no("callback")
                    .unwrap()
                    .with_role(ItemRole::NotScored),
            )
            .build()
            .unwrap();
        let mut summary = FormSummary::new(&form);
        for answers in [vec![Yes, No, No], vec![Yes, NotApplicable, No]] {
            summary
                .add(&Answers::from(answers).evaluate(&form).unwrap())
                .unwrap();
        }
        assert_eq!(summary.mean_overall().map(Score::get), Some(75.0));
        assert_eq!(summary.mean_of_item_means().map(Score::get), Some(50.0));
        assert_eq!(summary.item("callback").map(|i| i.answered()), Some(2));
        assert_eq!(summary.item("callback").map(|i| i.counted()), Some(0));
    }

    /// A contact reason kept for reporting is tallied per answer (Billing once, Fault twice,
    /// once N/A), never scored; its counts merge like every other tally.
    #[test]
    fn items_kept_for_reporting_are_counted_per_answer() {
        let form = Form::builder("reasons", 1)
            .item(Item::scale("tone", FIVE).unwrap())
            .item(
                Item::choices(
                    "reason",
                    vec![
                        service_quality::form::Choice::new("Billing", 0.0).unwrap(),
                        service_quality::form::Choice::new("Fault", 0.0).unwrap(),
                    ],
                )
                .unwrap()
                .with_role(ItemRole::NotScored)
                .with_not_applicable(true),
            )
            .item(
                Item::yes_no("callback")
                    .unwrap()
                    .with_role(ItemRole::NotScored),
            )
            .build()
            .unwrap();
        let mut left = FormSummary::new(&form);
        let mut right = FormSummary::new(&form);
        for (i, (reason, callback)) in [
            (Choice(0), Yes),
            (Choice(1), No),
            (NotApplicable, No),
            (Choice(1), No),
        ]
        .into_iter()
        .enumerate()
        {
            let answers = Answers::from(vec![Rating(5), reason, callback]);
            let summary = if i % 2 == 0 { &mut left } else { &mut right };
            summary.add(&answers.evaluate(&form).unwrap()).unwrap();
        }
        left.try_merge(&right).unwrap();
        let reasons: Vec<(&str, u64)> = left.answer_counts("reason").unwrap().collect();
        assert_eq!(reasons, [("Billing", 1), ("Fault", 2)]);
        let callbacks: Vec<(&str, u64)> = left.answer_counts("callback").unwrap().collect();
        assert_eq!(callbacks, [("yes", 1), ("no", 3)]);
        assert!(left.answer_counts("tone").is_none());
        assert_eq!(left.mean_overall().map(Score::get), Some(100.0));
        assert_eq!(left.stored().counts, [1, 2, 1, 3]);
    }

    /// A points form's sections each count by their points, and a deduction stays in its
    /// section: greeting earns 2 of 2 in "opening" (100); in "handling" resolution earns 0 of 2
    /// and interrupting deducts 5, so handling is 0, not below. (2 × 100 + 2 × 0) / 4 = 50,
    /// where one pot would have given max(0, 2 − 5) / 4 = 0.
    #[test]
    fn a_points_form_keeps_deductions_within_their_section() {
        let form = Form::builder("sections", 1)
            .scoring(Scoring::Points)
            .section(Section::new("opening").unwrap())
            .section(Section::new("handling").unwrap())
            .item(
                Item::yes_no("greeting")
                    .unwrap()
                    .try_with_points(2.0)
                    .unwrap()
                    .with_section("opening"),
            )
            .item(
                Item::yes_no("resolution")
                    .unwrap()
                    .try_with_points(2.0)
                    .unwrap()
                    .with_section("handling"),
            )
            .item(
                Item::yes_no("interrupted")
                    .unwrap()
                    .try_with_points(-5.0)
                    .unwrap()
                    .with_section("handling"),
            )
            .build()
            .unwrap();
        let answers = Answers::from(vec![Yes, No, Yes]);
        let e = answers.evaluate(&form).unwrap();
        assert_close(e.overall().unwrap().get(), 50.0);
        let sections: Vec<Option<f64>> = e.sections().map(|(_, s)| s.map(Score::get)).collect();
        assert_eq!(sections, [Some(100.0), Some(0.0)]);
        assert_close(e.points().unwrap().earned(), -3.0);
    }

    /// N/A as full marks with a deduction: tone N/A counts its 2 points as earned.
    #[test]
    fn full_marks_count_points_as_earned() {
        let form = points_form().with_not_applicable_rule(NotApplicableRule::FullMarks);
        let answers = Answers::from(vec![Rating(4), Yes, Choice(1), No, NotApplicable]);
        let e = answers.evaluate(&form).unwrap();
        // (3 + 2 + 3 + 2) / (4 + 2 + 6 + 2) = 10 / 14.
        assert_close(e.overall().unwrap().get(), 1000.0 / 14.0);
        assert_close(e.points().unwrap().earned(), 10.0);
        assert_close(e.points().unwrap().possible(), 14.0);
    }
}

/// What a single item scores and earns, outside any form.
mod items {
    use super::*;
    use service_quality::form::Choice as Pick;

    /// Choices that deduct score their place between the worst and nothing: 0 → 100, −2 → 50,
    /// −4 → 0; choices all worth 0 score 100 (no answer loses anything).
    #[test]
    fn deducting_and_pointless_choices_score_their_place() {
        let deducting = Item::choices(
            "slip",
            vec![
                Pick::new("none", 0.0).unwrap(),
                Pick::new("minor", -2.0).unwrap(),
                Pick::new("major", -4.0).unwrap(),
            ],
        )
        .unwrap();
        let scores: Vec<Option<f64>> = (0..3)
            .map(|i| deducting.score(Answer::Choice(i)).unwrap().map(Score::get))
            .collect();
        assert_eq!(scores, [Some(100.0), Some(50.0), Some(0.0)]);
        let pointless = Item::choices(
            "reason",
            vec![
                Pick::new("billing", 0.0).unwrap(),
                Pick::new("fault", 0.0).unwrap(),
            ],
        )
        .unwrap();
        assert_eq!(
            pointless.score(Answer::Choice(1)).unwrap(),
            Some(Score::MAX)
        );
    }

    /// A yes/no item with negative points scores "yes" 0 and "no" 100; with 0 or positive points
    /// (or none) it scores as ever.
    #[test]
    fn yes_no_items_score_by_the_sign_of_their_points() {
        let rude = Item::yes_no("rude").unwrap().try_with_points(-5.0).unwrap();
        assert_eq!(rude.score(Answer::Yes).unwrap(), Some(Score::MIN));
        assert_eq!(rude.score(Answer::No).unwrap(), Some(Score::MAX));
        for points in [0.0, 3.0] {
            let item = Item::yes_no("kind")
                .unwrap()
                .try_with_points(points)
                .unwrap();
            assert_eq!(item.score(Answer::Yes).unwrap(), Some(Score::MAX));
            assert_eq!(item.score(Answer::No).unwrap(), Some(Score::MIN));
        }
        let zero = Item::yes_no("z").unwrap().try_with_points(-0.0).unwrap();
        assert_eq!(zero.points().map(f64::to_bits), Some(0.0_f64.to_bits()));
    }

    #[test]
    fn points_are_checked_by_answer_type() {
        let tone = Item::scale("tone", FIVE).unwrap();
        assert!(tone.clone().try_with_points(-1.0).is_err());
        assert!(tone.clone().try_with_points(f64::INFINITY).is_err());
        assert_eq!(tone.try_with_points(3.0).unwrap().points(), Some(3.0));
        assert!(
            Item::yes_no("y")
                .unwrap()
                .try_with_points(f64::NAN)
                .is_err()
        );
        let choices = Item::choices("c", vec![Pick::new("a", 1.0).unwrap()]).unwrap();
        assert_eq!(
            choices.try_with_points(2.0).unwrap_err().to_string(),
            "points of item 'c' is 2, expected no points on a choice item (each choice has its own)"
        );
    }

    #[test]
    fn a_condition_says_what_it_looks_at() {
        let on_item = Condition::item("escalated", ["yes"]);
        assert_eq!(
            (on_item.item_key(), on_item.context_field()),
            (Some("escalated"), None)
        );
        let on_context = Condition::context("channel", ["phone", "chat"]);
        assert_eq!(
            (on_context.item_key(), on_context.context_field()),
            (None, Some("channel"))
        );
        assert_eq!(on_context.to_string(), "context 'channel' is phone or chat");
        assert_eq!(on_item.to_string(), "'escalated' is yes");
    }

    /// Every new part of a form changes its fingerprint; a section's defaults do not.
    #[test]
    fn new_parts_change_the_fingerprint_and_defaults_do_not() {
        let form = |section: Section| {
            Form::builder("f", 1)
                .section(section)
                // Choices carry their points, so the item suits a plain and a bonus section.
                .item(
                    Item::choices(
                        "a",
                        vec![
                            Pick::new("done", 1.0).unwrap(),
                            Pick::new("not", 0.0).unwrap(),
                        ],
                    )
                    .unwrap()
                    .with_section("s"),
                )
                .item(Item::yes_no("b").unwrap())
                .build()
                .unwrap()
                .fingerprint()
        };
        let plain = form(Section::new("s").unwrap());
        assert_eq!(
            plain,
            form(
                Section::new("s")
                    .unwrap()
                    .with_critical_rule(CriticalRule::CapAtFailedItem)
            )
        );
        for changed in [
            Section::new("s").unwrap().with_bonus(true),
            Section::new("s")
                .unwrap()
                .with_critical(service_quality::form::DEFAULT_PASS_MARK),
            Section::new("s")
                .unwrap()
                .with_critical_rule(CriticalRule::ScoreZero),
            Section::new("s")
                .unwrap()
                .with_critical_scope(CriticalScope::Section),
        ] {
            assert_ne!(plain, form(changed.clone()), "{changed:?}");
        }
    }
}

mod errors {
    use super::*;

    fn scale(key: &str) -> Item {
        Item::scale(key, FIVE).unwrap()
    }

    #[test]
    fn bad_points_forms_name_the_item_and_what_was_allowed() {
        let points = || Form::builder("p", 1).scoring(Scoring::Points);
        assert_eq!(
            build_error(points().item(scale("tone"))),
            "points of item 'tone' is missing, expected the points its best answer earns, in a \
             points form"
        );
        assert_eq!(
            build_error(
                points().item(
                    scale("tone")
                        .try_with_points(2.0)
                        .unwrap()
                        .try_with_weight(3.0)
                        .unwrap()
                )
            ),
            "weight of item 'tone' is 3, expected no weight where points count or nothing \
             counts (a points form, a bonus or an unscored item)"
        );
        assert_eq!(
            build_error(points().item(scale("tone").try_with_points(0.0).unwrap())),
            "points of item 'tone' is 0 for every answer, expected an item whose answers earn or \
             deduct points"
        );
        assert_eq!(
            build_error(
                points()
                    .section(Section::new("s").unwrap().try_with_weight(1.0).unwrap())
                    .item(
                        scale("tone")
                            .try_with_points(1.0)
                            .unwrap()
                            .with_section("s")
                    )
            ),
            "weight is given for section 's' of a points form, expected no section weights in a \
             points form (its sections count by their points)"
        );
        // A weighted form keeps points for bonuses.
        assert_eq!(
            build_error(Form::builder("w", 1).item(scale("tone").try_with_points(2.0).unwrap())),
            "points of item 'tone' is 2, expected no points on a scored item of a weighted form \
             (its weight says how much it counts; points are for bonus items and points forms)"
        );
        let deducting = Item::choices(
            "outcome",
            vec![
                Choice::new("ok", 0.0).unwrap(),
                Choice::new("bad", -3.0).unwrap(),
            ],
        )
        .unwrap();
        assert_eq!(
            build_error(Form::builder("w", 1).item(scale("a")).item(deducting)),
            "points of item 'outcome' is -3 for a choice, expected points >= 0 in a weighted \
             form (a points form can deduct)"
        );
        assert_eq!(
            Item::choices(
                "mixed",
                vec![
                    Choice::new("good", 5.0).unwrap(),
                    Choice::new("bad", -3.0).unwrap()
                ],
            )
            .unwrap_err()
            .to_string(),
            "choices of item 'mixed' is worth -3 to 5 points, expected choices that all earn \
             points (>= 0) or all deduct them (<= 0); split earning and deducting into two items"
        );
    }

    #[test]
    fn bad_bonuses_and_criticals_name_the_item() {
        let bonus = || Item::yes_no("extra").unwrap().with_role(ItemRole::Bonus);
        let form = |item: Item| Form::builder("b", 1).item(scale("a")).item(item);
        assert_eq!(
            build_error(form(
                bonus()
                    .try_with_points(5.0)
                    .unwrap()
                    .with_critical_below_half()
            )),
            "critical of item 'extra' is true on a bonus item, expected a scored item (a bonus \
             or unscored item cannot fail)"
        );
        assert_eq!(
            build_error(form(bonus())),
            "points of item 'extra' is none, expected points above 0 for a bonus item's best \
             answer (a bonus never takes away)"
        );
        assert_eq!(
            build_error(form(bonus().try_with_points(-1.0).unwrap())),
            "points of item 'extra' is -1, expected points above 0 for a bonus item's best \
             answer (a bonus never takes away)"
        );
        assert_eq!(
            build_error(form(
                scale("b")
                    .with_critical_below_half()
                    .with_critical_scope(CriticalScope::Section)
            )),
            "critical_scope of item 'b' is section, expected an item in a section (this one has \
             none)"
        );
    }

    #[test]
    fn bad_conditions_are_refused_when_the_form_is_built() {
        let form = |item: Item| {
            Form::builder("c", 1)
                .item(Item::yes_no("escalated").unwrap())
                .item(item)
        };
        let when = |condition| scale("explained").with_condition(condition);
        assert_eq!(
            build_error(form(when(Condition::item("escalate", ["yes"])))),
            "applies_when of item 'explained' is a condition on 'escalate', expected a condition \
             on an item of the form (closest: 'escalated')"
        );
        assert_eq!(
            build_error(form(when(Condition::item("escalated", ["maybe"])))),
            "applies_when of item 'explained' is 'maybe' for item 'escalated', expected yes or \
             no or n/a"
        );
        assert_eq!(
            build_error(form(when(Condition::item(
                "escalated",
                Vec::<String>::new()
            )))),
            "applies_when of item 'explained' is 'escalated' is (no values), expected at least \
             one value"
        );
        assert_eq!(
            build_error(form(when(Condition::context("channel", ["phone"])))),
            "applies_when of item 'explained' is a condition on context field 'channel', \
             expected a declared context field, and the form declares none"
        );
        assert_eq!(
            build_error(
                form(when(Condition::context("chanel", ["phone"])))
                    .context_field("channel")
                    .context_field("team")
            ),
            "applies_when of item 'explained' is a condition on context field 'chanel', \
             expected one of the form's context fields: channel, team"
        );
        // A cycle of three: a applies when c does, c when b, b when a.
        let cycle = Form::builder("cycle", 1)
            .item(
                Item::yes_no("a")
                    .unwrap()
                    .with_condition(Condition::item("c", ["yes"])),
            )
            .item(
                Item::yes_no("b")
                    .unwrap()
                    .with_condition(Condition::item("a", ["yes"])),
            )
            .item(
                Item::yes_no("c")
                    .unwrap()
                    .with_condition(Condition::item("b", ["yes"])),
            )
            .item(scale("d"));
        assert_eq!(
            build_error(cycle),
            "applies_when of item 'a' is a cycle: a -> c -> b -> a, expected conditions that do \
             not lead back to the item"
        );
        // A chain that runs into a cycle above it: the cycle is named, not the item that
        // leads into it.
        let above = Form::builder("above", 1)
            .item(
                Item::yes_no("a")
                    .unwrap()
                    .with_condition(Condition::item("b", ["yes"])),
            )
            .item(
                Item::yes_no("b")
                    .unwrap()
                    .with_condition(Condition::item("c", ["yes"])),
            )
            .item(
                Item::yes_no("c")
                    .unwrap()
                    .with_condition(Condition::item("b", ["no"])),
            )
            .item(scale("d"));
        assert_eq!(
            build_error(above),
            "applies_when of item 'b' is a cycle: b -> c -> b, expected conditions that do not \
             lead back to the item"
        );
        let itself = Form::builder("self", 1).item(
            Item::yes_no("a")
                .unwrap()
                .with_condition(Condition::item("a", ["yes"])),
        );
        assert!(build_error(itself).contains("a cycle: a -> a"));
    }
}

#[cfg(feature = "serde")]
mod json {
    use super::*;

    /// The `custom_scorecard` example's features, from JSON, read back equal.
    #[test]
    fn every_new_field_reads_and_writes_back() {
        let json = serde_json::json!({
            "key": "rich", "version": 3, "scoring": "points", "baseline": 80,
            "context": ["channel"],
            "sections": [
                {"key": "compliance", "critical": true, "pass_mark": 50,
                 "critical_scope": "section", "critical_rule": "score_zero"},
                {"key": "extras", "bonus": true}
            ],
            "items": [
                {"key": "greeting", "answer": {"scale": {"min": 1, "max": 5}}, "points": 4},
                {"key": "disclosure", "answer": "yes_no", "points": 2, "section": "compliance"},
                {"key": "rude", "answer": "yes_no", "points": -5},
                {"key": "reason", "answer": {"choices": [{"label": "Billing", "points": 0},
                                                          {"label": "Tech", "points": 0}]},
                 "role": "not_scored"},
                {"key": "refund_explained", "answer": "yes_no", "points": 2,
                 "applies_when": {"item": "reason", "is": ["Billing"]}},
                {"key": "verified", "answer": "yes_no", "points": 1,
                 "applies_when": {"context": "channel", "is": ["phone"]}},
                {"key": "name_used", "answer": "yes_no", "points": 1, "section": "extras"}
            ]
        });
        let form: Form = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(form.scoring(), Scoring::Points);
        assert_eq!(serde_json::to_value(&form).unwrap()["scoring"], "points");
        // A weighted form, the default, is written without it.
        let plain = Form::builder("plain", 1)
            .item(Item::yes_no("a").unwrap())
            .build()
            .unwrap();
        let written = serde_json::to_value(&plain).unwrap();
        assert!(written.get("scoring").is_none());
        // Defaults stay out of the written item too.
        let item = written["items"][0].as_object().unwrap();
        for absent in ["role", "critical_scope", "points", "applies_when"] {
            assert!(!item.contains_key(absent), "{absent}: {item:?}");
        }
        assert_eq!(form.baseline().map(Score::get), Some(80.0));
        let back: Form = serde_json::from_value(serde_json::to_value(&form).unwrap()).unwrap();
        assert_eq!(back, form);
        assert_eq!(back.fingerprint(), form.fingerprint());
        // Pinned: the encoding of the new parts must not change within a release line.
        assert_eq!(form.fingerprint().to_string(), "de21dfccf4e98276");
        // Greeting 5 (4), disclosure no → compliance zeroed (section of 2 possible), not rude,
        // billing, refund explained (2), on chat; name used: bonus 1.
        // Groups: compliance 0 of 2 → 0; loose items: 4 + 2 of 4 + 2 = 100 (verified N/A).
        // Overall by counted points: (2 × 0 + 6 × 100) / 8 = 75.
        let answers = Answers::from(vec![
            Answer::Rating(5),
            Answer::No,
            Answer::No,
            Answer::Choice(0),
            Answer::Yes,
            Answer::NotApplicable,
            Answer::Yes,
        ])
        .with_field("channel", "chat");
        let e = answers.evaluate(&form).unwrap();
        assert_close(e.overall().unwrap().get(), 75.0);
        assert!(e.passed());
        // Bonus: 1 point over the 8 possible.
        assert_close(e.bonus().unwrap(), 12.5);
        let written = serde_json::to_value(e).unwrap();
        assert_eq!(
            written["failed_sections"],
            serde_json::json!(["compliance"])
        );
        assert_eq!(written["points"]["possible"], serde_json::json!(8.0));
    }

    #[test]
    fn answers_with_fields_read_and_write_back() {
        let answers = Answers::from(vec![Answer::Yes, Answer::NotApplicable])
            .with_field("channel", "phone")
            .with_field("agent", "Ada");
        let text = serde_json::to_string(&answers).unwrap();
        assert_eq!(
            text,
            r#"{"answers":[true,null],"fields":[["channel","phone"],["agent","Ada"]]}"#
        );
        assert_eq!(serde_json::from_str::<Answers>(&text).unwrap(), answers);
        let plain = Answers::from(vec![Answer::Yes]);
        assert_eq!(serde_json::to_string(&plain).unwrap(), "[true]");
        let neither = serde_json::from_str::<Answers>(r#""yes""#)
            .unwrap_err()
            .to_string();
        assert!(
            neither
                .contains(r#"expected a list of answers, or {"answers": [...], "fields": [...]}"#),
            "{neither}"
        );
        let twice = r#"{"answers":[true],"fields":[["a","1"],["A","2"]]}"#;
        assert!(
            serde_json::from_str::<Answers>(twice)
                .unwrap_err()
                .to_string()
                .contains("field 'A' is given twice")
        );
    }

    #[test]
    fn stored_summaries_keep_bonus_and_baseline_tallies() {
        let form = Form::builder("kept", 1)
            .baseline(Score::new(50.0).unwrap())
            .item(Item::yes_no("a").unwrap())
            .item(
                Item::yes_no("extra")
                    .unwrap()
                    .try_with_points(5.0)
                    .unwrap()
                    .with_role(ItemRole::Bonus),
            )
            .item(
                Item::yes_no("reason")
                    .unwrap()
                    .with_role(ItemRole::NotScored),
            )
            .build()
            .unwrap();
        let mut summary = FormSummary::new(&form);
        for answers in [
            vec![Answer::Yes, Answer::Yes, Answer::Yes],
            vec![Answer::No, Answer::No, Answer::No],
        ] {
            summary
                .add(&Answers::from(answers).evaluate(&form).unwrap())
                .unwrap();
        }
        let text = serde_json::to_string(&summary).unwrap();
        let back: FormSummary = serde_json::from_str(&text).unwrap();
        assert_eq!(back, summary);
        assert_eq!(back.at_baseline(), Some(1));
        let counts: Vec<(&str, u64)> = back.answer_counts("reason").unwrap().collect();
        assert_eq!(counts, [("yes", 1), ("no", 1)]);
        // Counts that do not add up to the answers are refused when read.
        let bad = text.replace(r#"["no",1]"#, r#"["no",5]"#);
        assert!(
            serde_json::from_str::<FormSummary>(&bad)
                .unwrap_err()
                .to_string()
                .starts_with(
                    "answer counts is 6 for item 'reason', expected the 2 answers it was given"
                )
        );
        assert_eq!(back.mean_bonus(), Some(2.5));
        let items: Vec<_> = summary.items().map(|(_, i)| i.stored()).collect();
        // Scored items are written without a role; the others with theirs.
        let written: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert!(written["items"][0].get("role").is_none());
        assert_eq!(written["items"][1]["role"], "bonus");
        // Nothing scored yet: no mean bonus (not 0 / 0).
        assert_eq!(FormSummary::new(&form).mean_bonus(), None);
        // A bonus on a form without bonus items is refused.
        let plain = Form::builder("kept", 1)
            .item(Item::yes_no("a").unwrap())
            .build()
            .unwrap();
        let mut one = FormSummary::new(&plain);
        one.add(&Answers::from(vec![Answer::Yes]).evaluate(&plain).unwrap())
            .unwrap();
        let written = serde_json::to_value(&one).unwrap();
        assert!(written.get("bonus_exact").is_none() && written.get("at_baseline").is_none());
        let mut stored = one.stored();
        stored.bonus_units = 1;
        let items_plain: Vec<_> = one.items().map(|(_, i)| i.stored()).collect();
        assert_eq!(
            FormSummary::from_stored(&plain, stored, items_plain)
                .unwrap_err()
                .to_string(),
            "bonus is 1, expected no bonus on a form without bonus items"
        );
        let mut stored = summary.stored();
        stored.at_baseline = 3;
        let mut short = summary.stored();
        short.counts.pop();
        assert_eq!(
            FormSummary::from_stored(&form, short, items.clone())
                .unwrap_err()
                .to_string(),
            "number of answer counts differs: 1 here, 2 expected"
        );
        assert_eq!(
            FormSummary::from_stored(&form, stored, items)
                .unwrap_err()
                .to_string(),
            "at_baseline is 3, expected at most the 2 scored evaluations"
        );
    }
}

mod properties {
    use super::*;

    proptest! {
        /// A weighted form whose weights are its items' points scores bit for bit as the points
        /// form.
        #[test]
        fn a_weighted_form_as_a_points_form_scores_identically(
            items in prop::collection::vec((1u8..=9, prop::option::of(1i32..=5)), 1..8),
        ) {
            let weighted = Form::builder("w", 1).items(items.iter().enumerate().map(|(i, &(w, _))| {
                Item::scale(format!("i{i}"), FIVE).unwrap()
                    .try_with_weight(f64::from(w)).unwrap().with_not_applicable(true)
            })).build().unwrap();
            let points = Form::builder("p", 1).scoring(Scoring::Points)
                .items(items.iter().enumerate().map(|(i, &(w, _))| {
                    Item::scale(format!("i{i}"), FIVE).unwrap()
                        .try_with_points(f64::from(w)).unwrap().with_not_applicable(true)
                })).build().unwrap();
            let answers: Answers = items.iter()
                .map(|&(_, r)| r.map_or(Answer::NotApplicable, Answer::Rating))
                .collect();
            let a = answers.evaluate(&weighted).unwrap().overall().map(|s| s.get().to_bits());
            let b = answers.evaluate(&points).unwrap().overall().map(|s| s.get().to_bits());
            prop_assert_eq!(a, b);
        }

        /// A conditional item scores as the same item without its condition when the condition
        /// holds, and as N/A (its answer left out) when it does not.
        #[test]
        fn a_conditional_item_is_ordinary_or_na(
            trigger in any::<bool>(),
            rating in 1i32..=5,
            other in 1i32..=5,
            rule in prop::sample::select(vec![NotApplicableRule::LeaveOut, NotApplicableRule::FullMarks]),
        ) {
            let build = |conditional: bool| {
                let item = Item::scale("follow_up", FIVE).unwrap().with_not_applicable(true);
                let item = if conditional {
                    item.with_condition(Condition::item("trigger", ["yes"]))
                } else {
                    item
                };
                Form::builder("c", 1)
                    .not_applicable_rule(rule)
                    .item(Item::yes_no("trigger").unwrap().with_role(ItemRole::NotScored))
                    .item(Item::scale("other", FIVE).unwrap())
                    .item(item)
                    .build()
                    .unwrap()
            };
            let (with, without) = (build(true), build(false));
            let t = if trigger { Answer::Yes } else { Answer::No };
            let given = if trigger { Answer::Rating(rating) } else { Answer::NotApplicable };
            let answers = Answers::from(vec![t, Answer::Rating(other), given]);
            let plain = Answers::from(vec![t, Answer::Rating(other), given]);
            prop_assert_eq!(
                answers.evaluate(&with).unwrap().outcome(),
                plain.evaluate(&without).unwrap().outcome()
            );
        }

        /// Summaries of forms that differ in any weight never merge, whatever they hold.
        #[test]
        fn summaries_of_different_fingerprints_never_merge(
            weights in prop::collection::vec(1u8..=5, 2..5),
            bump in 0usize..5,
            ratings in prop::collection::vec(1i32..=5, 5),
        ) {
            let form = |weights: &[u8]| Form::builder("f", 1).items(weights.iter().enumerate().map(|(i, &w)| {
                Item::scale(format!("i{i}"), FIVE).unwrap().try_with_weight(f64::from(w)).unwrap()
            })).build().unwrap();
            let mut changed = weights.clone();
            let at = bump % changed.len();
            changed[at] += 1;
            let (a, b) = (form(&weights), form(&changed));
            prop_assert_ne!(a.fingerprint(), b.fingerprint());
            let answers: Answers = ratings.iter().take(weights.len()).map(|&r| Answer::Rating(r)).collect();
            let mut left = FormSummary::new(&a);
            left.add(&answers.evaluate(&a).unwrap()).unwrap();
            let mut right = FormSummary::new(&b);
            right.add(&answers.evaluate(&b).unwrap()).unwrap();
            prop_assert!(left.try_merge(&right).is_err());
            prop_assert!(TryMerge::try_merge(&mut right, &left).is_err());
            prop_assert!(left.add(&answers.evaluate(&b).unwrap()).is_err());
        }

        /// A form that needs none of the new rules is scored by the kernel's one-pass path; the
        /// same form with a condition on an unscored item (which changes no score but takes the
        /// sectioned path) gives the same outcome and focus, bit for bit.
        #[test]
        fn the_one_pass_path_and_the_sectioned_path_agree(
            items in prop::collection::vec(
                (0u8..=4, prop::option::of(1u8..=99), prop::option::of(1i32..=5)),
                1..7,
            ),
            critical in prop::sample::select(vec![
                CriticalRule::CapAtFailedItem, CriticalRule::ScoreZero, CriticalRule::FlagOnly,
            ]),
            rule in prop::sample::select(vec![NotApplicableRule::LeaveOut, NotApplicableRule::FullMarks]),
            noted in any::<bool>(),
        ) {
            let scored = items.iter().enumerate().map(|(i, &(w, mark, _))| {
                let item = Item::scale(format!("i{i}"), FIVE).unwrap()
                    .try_with_weight(f64::from(w)).unwrap().with_not_applicable(true);
                match mark {
                    Some(m) => item.with_critical(Score::new(f64::from(m)).unwrap()),
                    None => item,
                }
            });
            let builder = || Form::builder("f", 1).critical_rule(critical).not_applicable_rule(rule);
            let Ok(flat) = builder().items(scored.clone()).build() else {
                // Every weight 0: nothing could be scored, refused alike below.
                return Ok(());
            };
            let note = Item::yes_no("note").unwrap().with_role(ItemRole::NotScored)
                .with_not_applicable(true)
                .with_condition(Condition::item("i0", ["1", "2", "3", "4", "5", "n/a"]));
            let general = builder().items(scored).item(note).build().unwrap();
            let mut list: Vec<Answer> = items.iter()
                .map(|&(_, _, r)| r.map_or(Answer::NotApplicable, Answer::Rating))
                .collect();
            let plain = Answers::from(list.clone());
            let a = plain.evaluate(&flat).unwrap();
            list.push(if noted { Answer::Yes } else { Answer::No });
            let answers = Answers::from(list);
            let b = answers.evaluate(&general).unwrap();
            prop_assert_eq!(a.outcome(), b.outcome());
            prop_assert_eq!(a.focus().map(Item::key), b.focus().map(Item::key));
        }

        /// A bonus item changes nothing in the score: the form scores as it would without it,
        /// within 0..=100, and the bonus is at most its points.
        #[test]
        fn a_bonus_never_moves_the_score(
            ratings in prop::collection::vec(1i32..=5, 3),
            bonus in any::<bool>(),
            points in 1u8..=20,
            scoring in prop::sample::select(vec![Scoring::Weighted, Scoring::Points]),
        ) {
            let base = |with_bonus: bool| {
                let mut builder = Form::builder("b", 1).scoring(scoring);
                for i in 0..3 {
                    let item = Item::scale(format!("i{i}"), FIVE).unwrap();
                    let item = if scoring == Scoring::Points { item.try_with_points(2.0).unwrap() } else { item };
                    builder = builder.item(item);
                }
                if with_bonus {
                    builder = builder.item(Item::yes_no("extra").unwrap()
                        .try_with_points(f64::from(points)).unwrap().with_role(ItemRole::Bonus));
                }
                builder.build().unwrap()
            };
            let mut list: Vec<Answer> = ratings.iter().map(|&r| Answer::Rating(r)).collect();
            let without = Answers::from(list.clone()).evaluate(&base(false)).unwrap().outcome();
            list.push(if bonus { Answer::Yes } else { Answer::No });
            let answers = Answers::from(list);
            let form = base(true);
            let e = answers.evaluate(&form).unwrap();
            prop_assert_eq!(e.outcome(), without);
            let score = e.overall().unwrap().get();
            prop_assert!((0.0..=100.0).contains(&score));
            let b = e.bonus().unwrap();
            prop_assert!(b >= 0.0);
            if scoring == Scoring::Weighted {
                prop_assert!(b <= f64::from(points));
            }
            prop_assert_eq!(b > 0.0, bonus);
        }
    }
}

/// The `custom_scorecard` example's points form on its four reviews, worked by hand:
///
/// 1. phone, all compliance yes (4 of 4), resolved first time (6), tone 5 (4), not interrupting:
///    (4 + 10) / 14 = 100; name used: bonus 100 × 1 / 14;
/// 2. chat (verification N/A by rule), disclosure (2 of 2), escalated (1 of 6) and explained
///    (2), tone 4 (3 of 4), interrupted (−3): compliance 100 on 2, handling (6 − 3) / 12 = 25,
///    overall (200 + 300) / 14 = 35.71; raw points 5 of 14;
/// 3. phone, disclosure "no": compliance fails and is zeroed (0 on 4); follow-up 3 of 6, tone
///    N/A: handling 50 on 6; overall 300 / 10 = 30, and the review still passes;
/// 4. chat, disclosure, resolved, tone 4, name used: (2 + 9) / 12 = 91.67, bonus 100 / 12.
///
/// Mean score 64.35; at the baseline of 80: reviews 1 and 4.
#[cfg(feature = "serde")]
#[test]
fn the_example_points_form_scores_its_reviews_as_worked_by_hand() {
    use service_quality::import::FormColumns;
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/contact_centre_points_form.json"
    );
    let form: Form = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let headers = [
        "channel",
        "verification",
        "disclosure",
        "resolution",
        "escalation_explained",
        "tone",
        "interrupted",
        "contact_reason",
        "used_name",
    ];
    let rows = [
        [
            "phone",
            "yes",
            "yes",
            "Resolved first time",
            "",
            "5",
            "no",
            "Billing",
            "yes",
        ],
        [
            "chat",
            "",
            "yes",
            "Escalated",
            "yes",
            "4",
            "yes",
            "Fault",
            "no",
        ],
        [
            "phone",
            "yes",
            "no",
            "Resolved after follow-up",
            "",
            "n/a",
            "no",
            "Other",
            "no",
        ],
        [
            "chat",
            "",
            "yes",
            "Resolved first time",
            "",
            "4",
            "no",
            "Billing",
            "yes",
        ],
    ];
    let columns = FormColumns::new(&form, headers, &[]).unwrap();
    let import = columns.import(rows.iter().enumerate());
    assert!(import.rejected().is_empty(), "{:?}", import.rejected());
    let expected = [
        (100.0, 100.0 / 14.0, 14.0, 14.0, false),
        (500.0 / 14.0, 0.0, 5.0, 14.0, false),
        (30.0, 0.0, 5.0, 10.0, true),
        (1100.0 / 12.0, 100.0 / 12.0, 11.0, 12.0, false),
    ];
    let mut summary = FormSummary::new(&form);
    for ((_, answers), (score, bonus, earned, possible, section_failed)) in
        import.accepted().iter().zip(expected)
    {
        let e = answers.evaluate(&form).unwrap();
        assert_close(e.overall().unwrap().get(), score);
        assert_close(e.bonus().unwrap(), bonus);
        assert_close(e.points().unwrap().earned(), earned);
        assert_close(e.points().unwrap().possible(), possible);
        assert_eq!(e.failed_sections().count() == 1, section_failed);
        assert!(e.passed());
        summary.add(&e).unwrap();
    }
    assert_close(
        summary.mean_overall().unwrap().get(),
        (100.0 + 500.0 / 14.0 + 30.0 + 1100.0 / 12.0) / 4.0,
    );
    assert_eq!(summary.at_baseline(), Some(2));
}
