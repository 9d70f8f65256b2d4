//! Grading the graders: alignment with a benchmark review item by item, leniency and severity
//! with their intervals, flagged items, the rule for missed critical items, tallies that merge
//! in any order and refuse other forms. Known answers are worked by hand in the comments; the
//! t quantiles and intervals are scipy 1.17.1's (`scipy.stats.t.ppf`, and the interval
//! `mean ± t.ppf(0.975, n - 1) * std(ddof=1) / sqrt(n)`), recorded by
//! `tests/reference/programme_peers.py` in `tests/reference/programme_peers.out`.

use crate::common::{assert_close, close};

use proptest::prelude::*;
use service_quality::form::{
    Answer, AnswerType, Answers, Choice, Evaluation, Form, Item, ItemRole, Scoring, Section,
};
use service_quality::metrics::Level;
use service_quality::programme::graders::{
    Alignment, AlignmentOptions, DEFAULT_FLAG_THRESHOLD, GraderTally,
};
use service_quality::{CriticalRule, Error, GroupBy, NotApplicableRule, Scale, Score, TryMerge};

use Answer::{No, NotApplicable as NA, Rating as R, Yes};

fn evaluate<'a>(form: &'a Form, answers: &'a Answers) -> Evaluation<'a> {
    answers.evaluate(form).unwrap()
}

/// The alignment, with the default options, of `review` scored on `form` with `benchmark`
/// scored on `benchmark_form`.
fn try_align(
    form: &Form,
    review: &Answers,
    benchmark_form: &Form,
    benchmark: &Answers,
) -> Result<Alignment, Error> {
    Alignment::of(
        &evaluate(form, review),
        &evaluate(benchmark_form, benchmark),
        &AlignmentOptions::default(),
    )
}

/// The alignment of `review` with `benchmark` on `form`, with the default options.
fn align(form: &Form, review: &Answers, benchmark: &Answers) -> Alignment {
    try_align(form, review, form, benchmark).unwrap()
}

/// The issue's known answer: an item worth 15 points, scored 10 against a benchmark of 7,
/// aligns 1 − 3/15 = 80%.
#[test]
fn fifteen_points_scored_ten_against_seven_align_eighty_percent() {
    let form = Form::builder("ticket_review", 3)
        .scoring(Scoring::Points)
        .item(
            Item::scale("resolution", Scale::new(0, 15).unwrap())
                .unwrap()
                .try_with_points(15.0)
                .unwrap(),
        )
        .build()
        .unwrap();
    let (review, benchmark) = (Answers::from(vec![R(10)]), Answers::from(vec![R(7)]));
    let a = align(&form, &review, &benchmark);
    assert_close(a.items()[0].alignment().unwrap(), 0.8);
    assert_close(a.value().unwrap(), 0.8);
    // 10 of 15 points against 7 of 15: +20 score points, lenient.
    assert_close(a.bias().unwrap(), 20.0);
    assert_eq!(a.form(), "ticket_review");
    assert_eq!(a.version(), 3);
}

/// The form of the worked example: greeting 1–5, verification yes/no and critical, resolution
/// 1–5 counting double, tone 1–5 where N/A is allowed (weights 1, 1, 2, 1).
fn call_review() -> Form {
    crate::common::worked_form(CriticalRule::CapAtFailedItem)
}

/// Three calls, reviewed by the lead (the benchmark), ana and ben.
///
/// | call | lead | ana | ben |
/// |---|---|---|---|
/// | 1 | 4 yes 3 4 → 70 | 4 yes 4 4 → 80 | 2 yes 3 n/a → 56.25 |
/// | 2 | 5 no 2 n/a → 0 (failed) | the same → 0 | 4 yes 2 n/a → 56.25 |
/// | 3 | 3 yes 5 2 → 75 | 4 yes 5 3 → 85 | 3 yes 4 2 → 65 |
///
/// Alignments (items weighted 1, 1, 2, 1 over the items compared):
/// - ana: call 1 resolution 25 points off, (1 + 1 + 2 × 0.75 + 1) / 5 = 0.9; call 2 the same
///   answers, 1; call 3 greeting and tone 25 off, (0.75 + 1 + 2 + 0.75) / 5 = 0.9.
/// - ben: call 1 greeting 50 off and tone N/A against 4, (0.5 + 1 + 2 + 0) / 5 = 0.7; call 2
///   greeting 25 off and verification passed where the lead failed it, tone N/A on both sides
///   (left out), (0.75 + 0 + 2) / 4 = 0.6875; call 3 resolution 25 off, 0.9.
///
/// Biases: ana +10, 0, +10; ben −13.75, +56.25, −10.
fn three_calls() -> Vec<(&'static str, Answers, Answers)> {
    let sheet = |a: [Answer; 4]| Answers::from(a.to_vec());
    let lead = [
        sheet([R(4), Yes, R(3), R(4)]),
        sheet([R(5), No, R(2), NA]),
        sheet([R(3), Yes, R(5), R(2)]),
    ];
    let ana = [
        sheet([R(4), Yes, R(4), R(4)]),
        sheet([R(5), No, R(2), NA]),
        sheet([R(4), Yes, R(5), R(3)]),
    ];
    let ben = [
        sheet([R(2), Yes, R(3), NA]),
        sheet([R(4), Yes, R(2), NA]),
        sheet([R(3), Yes, R(4), R(2)]),
    ];
    let mut reviews = Vec::new();
    for (reviewer, sheets) in [("ana", ana), ("ben", ben)] {
        for (sheet, benchmark) in sheets.into_iter().zip(lead.clone()) {
            reviews.push((reviewer, sheet, benchmark));
        }
    }
    reviews
}

fn tally_of(form: &Form, reviews: &[(&str, Answers, Answers)]) -> GraderTally {
    let mut tally = GraderTally::for_form(form);
    for (reviewer, review, benchmark) in reviews {
        tally
            .add(
                reviewer,
                &evaluate(form, review),
                &evaluate(form, benchmark),
            )
            .unwrap();
    }
    tally
}

#[test]
fn three_calls_by_hand() {
    let form = call_review();
    let reviews = three_calls();
    let options = AlignmentOptions::default();
    let expected = [0.9, 1.0, 0.9, 0.7, 0.6875, 0.9];
    let biases = [10.0, 0.0, 10.0, -13.75, 56.25, -10.0];
    for ((_, review, benchmark), (alignment, bias)) in
        reviews.iter().zip(expected.into_iter().zip(biases))
    {
        let a = Alignment::of(
            &evaluate(&form, review),
            &evaluate(&form, benchmark),
            &options,
        )
        .unwrap();
        assert_close(a.value().unwrap(), alignment);
        assert_close(a.bias().unwrap(), bias);
    }

    let tally = tally_of(&form, &reviews);
    assert_eq!(tally.reviews(), 6);
    assert_eq!(tally.form_key(), Some("call_review"));
    assert_eq!(tally.version(), Some(1));
    assert_eq!(
        tally.item_keys(),
        ["greeting", "verification", "resolution", "tone"]
    );
    let report = tally.report(&options);
    let [ana, ben] = report.reviewers() else {
        panic!("two reviewers")
    };
    assert_eq!((ana.reviewer(), ben.reviewer()), ("ana", "ben"));

    // Ana: alignment (0.9 + 1 + 0.9) / 3; bias (10 + 0 + 10) / 3.
    let a = ana.figures();
    assert_close(a.alignment().unwrap(), 2.8 / 3.0);
    assert_close(a.bias().unwrap(), 20.0 / 3.0);
    // scipy: mean ± t.ppf(0.975, 2) × std([10, 0, 10], ddof=1) / √3.
    let bias = a.bias_interval().unwrap();
    close(bias.lower(), -7.6755090991648744, 1e-9);
    close(bias.upper(), 21.00884243249821, 1e-9);
    assert!(!a.bias_is_shown());
    // Alignment in percent: [78.99, 107.68], limited to 100.
    let alignment = a.alignment_interval().unwrap();
    close(alignment.lower(), 0.7899115756750179, 1e-11);
    assert_close(alignment.upper(), 1.0);
    assert_eq!(a.missed_critical(), 0);
    // Ana's greeting and resolution are 25 points off once in three (8.3 on average), tone
    // once in two compared (12.5): only tone is flagged.
    let flagged: Vec<&str> = ana.flagged().map(|i| i.item()).collect();
    assert_eq!(flagged, ["tone"]);

    // Ben: (0.7 + 0.6875 + 0.9) / 3 = 0.7625; bias (−13.75 + 56.25 − 10) / 3 = 10.83, its
    // interval [−86.98, 108.65] limited to 100.
    let b = ben.figures();
    assert_close(b.alignment().unwrap(), 0.7625);
    assert_close(b.bias().unwrap(), 32.5 / 3.0);
    let bias = b.bias_interval().unwrap();
    close(bias.lower(), -86.98369635115613, 1e-9);
    assert_close(bias.upper(), 100.0);
    assert_eq!(b.missed_critical(), 1);

    // Per item over everyone (6 reviews):
    // greeting 0, 0, 25, 50, 25, 0 → 100 / 6 = 16.7 points, flagged; bias (25 − 50 − 25) / 6;
    // verification 100 once (ben, call 2) → 16.7, flagged, one missed critical;
    // resolution 25 twice → 8.3, not flagged, bias (25 − 25) / 6 = 0;
    // tone: compared 4 times (0, 100 for N/A against 4, 25, 0), both N/A twice → 31.25.
    let items = report.items();
    assert_close(items[0].divergence().unwrap(), 100.0 / 6.0);
    assert_close(items[0].bias().unwrap(), -50.0 / 6.0);
    assert!(items[0].is_flagged());
    assert_close(items[1].divergence().unwrap(), 100.0 / 6.0);
    assert_eq!(items[1].missed_critical(), 1);
    assert_close(items[2].divergence().unwrap(), 50.0 / 6.0);
    assert_close(items[2].bias().unwrap(), 0.0);
    assert!(!items[2].is_flagged());
    assert_eq!(items[3].compared(), 4);
    assert_eq!(items[3].applicability_disagreements(), 1);
    assert_close(items[3].divergence().unwrap(), 31.25);
    assert_close(items[3].alignment().unwrap(), 0.6875);
    // Tone's bias is over the three pairs both scored: 0, +25, 0.
    assert_close(items[3].bias().unwrap(), 25.0 / 3.0);
    let flagged: Vec<&str> = report.flagged().map(|i| i.item()).collect();
    assert_eq!(flagged, ["greeting", "verification", "tone"]);
    let (_, tone) = tally.items().nth(3).unwrap();
    assert_eq!(tone.both_not_applicable(), 2);
    assert_eq!(tone.both_answered(), 3);
    // The raw tallies: per item over everyone (one-sided N/A, missed criticals), per reviewer.
    let raw: Vec<(u64, u64)> = tally
        .items()
        .map(|(_, t)| (t.applicability_disagreements(), t.missed_critical()))
        .collect();
    assert_eq!(raw, [(0, 0), (0, 1), (0, 0), (1, 0)]);
    let (ana_tally, ben_tally) = (
        tally.reviewer("ana").unwrap(),
        tally.reviewer("ben").unwrap(),
    );
    assert_eq!((ana_tally.reviews(), ana_tally.missed_critical()), (3, 0));
    assert_eq!((ben_tally.reviews(), ben_tally.missed_critical()), (3, 1));
    assert_eq!(tally.overall().reviews(), 6);
    let names: Vec<(&str, u64)> = tally.reviewers().map(|(n, t)| (n, t.reviews())).collect();
    assert_eq!(names, [("ana", 3), ("ben", 3)]);
    assert_eq!(tally.fingerprint(), Some(form.fingerprint()));
    // Ana's own tone: compared twice (4 against 4, 3 against 2), N/A on both sides once.
    let ana_tone = &ana_tally.items()[3];
    assert_eq!(
        (ana_tone.both_answered(), ana_tone.both_not_applicable()),
        (2, 1)
    );
    let ana_items: Vec<(&str, u64)> = ana
        .items()
        .iter()
        .map(|i| (i.item(), i.compared()))
        .collect();
    assert_eq!(
        ana_items,
        [
            ("greeting", 3),
            ("verification", 3),
            ("resolution", 3),
            ("tone", 2)
        ]
    );
    let report_raw: Vec<(u64, u64)> = report
        .items()
        .iter()
        .map(|i| (i.applicability_disagreements(), i.missed_critical()))
        .collect();
    assert_eq!(report_raw, [(0, 0), (0, 1), (0, 0), (1, 0)]);

    // Everyone: bias (20 + 32.5) / 6 = 8.75, scipy interval [−17.77, 35.27].
    let all = report.overall();
    assert_eq!(all.reviews(), 6);
    assert_close(all.bias().unwrap(), 8.75);
    let bias = all.bias_interval().unwrap();
    close(bias.lower(), -17.77291575051351, 1e-9);
    close(bias.upper(), 35.272915750513505, 1e-9);

    // With the rule, ben's call 2 scores 0: (0.7 + 0 + 0.9) / 3.
    let strict = AlignmentOptions::default().with_missed_critical_zero(true);
    let report = tally.report(&strict);
    assert_close(
        report.reviewers()[1].figures().alignment().unwrap(),
        1.6 / 3.0,
    );
    assert_close(
        report.reviewers()[0].figures().alignment().unwrap(),
        2.8 / 3.0,
    );
    assert_eq!(report.options(), &strict);
    assert_eq!(
        (report.form(), report.version()),
        (Some("call_review"), Some(1))
    );
    // A threshold of 20 points keeps only tone.
    let lax = AlignmentOptions::default()
        .try_with_flag_threshold(20.0)
        .unwrap();
    let flagged: Vec<String> = tally
        .report(&lax)
        .flagged()
        .map(|i| i.item().to_owned())
        .collect();
    assert_eq!(flagged, ["tone"]);
    assert_close(DEFAULT_FLAG_THRESHOLD, 10.0);
}

/// Ben's second call item by item (1–5 scales score `(r − 1) × 25`): greeting 4 against 5 is
/// 75 against 100; verification passed where the lead failed it, a missed critical; resolution
/// the same; tone N/A on both sides. His first call's tone, N/A against 4, is where the two
/// disagree on whether the item applies.
#[test]
fn one_review_item_by_item() {
    let form = call_review();
    let reviews = three_calls();
    let alignment = |index: usize| {
        let (_, review, benchmark) = &reviews[index];
        align(&form, review, benchmark)
    };
    let call_2 = alignment(4);
    let items = call_2.items();
    let keys: Vec<&str> = items.iter().map(|i| i.key()).collect();
    assert_eq!(keys, ["greeting", "verification", "resolution", "tone"]);
    let scores: Vec<_> = items
        .iter()
        .map(|i| {
            (
                i.reviewer_score().map(Score::get),
                i.benchmark_score().map(Score::get),
            )
        })
        .collect();
    assert_eq!(
        scores,
        [
            (Some(75.0), Some(100.0)),
            (Some(100.0), Some(0.0)),
            (Some(25.0), Some(25.0)),
            (None, None)
        ]
    );
    assert_eq!(
        items
            .iter()
            .map(|i| i.missed_critical())
            .collect::<Vec<_>>(),
        [false, true, false, false]
    );
    assert_eq!(
        items
            .iter()
            .map(|i| i.applicability_differs())
            .collect::<Vec<_>>(),
        [false; 4]
    );
    assert_eq!(items[0].difference(), Some(-25.0));
    assert_eq!(items[1].divergence(), Some(100.0));
    assert_eq!(items[3].divergence(), None);
    assert_close(items[2].share(), 0.4);
    assert!(call_2.missed_critical());
    let call_1 = alignment(3);
    let tone = &call_1.items()[3];
    assert!(tone.applicability_differs());
    assert_eq!(
        (tone.reviewer_answer(), tone.benchmark_answer()),
        (NA, R(4))
    );
    assert_eq!(tone.divergence(), Some(100.0));
    assert!(!call_1.missed_critical());
}

/// A reviewer lenient on greeting in four calls (4 or 5 against the lead's 3, worth +5 and +10
/// on the score): biases 5, 10, 5, 10, mean 7.5, t interval 7.5 ± 3.182 × 2.887 / 2 =
/// [2.91, 12.09], which excludes 0, so the bias is shown.
#[test]
fn a_bias_whose_interval_excludes_zero_is_shown() {
    let form = call_review();
    let lead = Answers::from(vec![R(3), Yes, R(3), R(3)]);
    let mut tally = GraderTally::for_form(&form);
    for greeting in [4, 5, 4, 5] {
        let review = Answers::from(vec![R(greeting), Yes, R(3), R(3)]);
        tally
            .add("cai", &evaluate(&form, &review), &evaluate(&form, &lead))
            .unwrap();
    }
    let report = tally.report(&AlignmentOptions::default());
    let cai = report.reviewers()[0].figures();
    assert_close(cai.bias().unwrap(), 7.5);
    let interval = cai.bias_interval().unwrap();
    // scipy: 7.5 − t.ppf(0.975, 3) × std([5, 10, 5, 10], ddof=1) / 2.
    close(interval.lower(), 2.9065344224073026, 1e-9);
    assert!(cai.bias_is_shown());
}

#[test]
fn the_difference_of_totals_is_not_alignment() {
    // Greeting 20 points generous and resolution (same weight) 20 points harsh: the totals
    // agree, the items do not.
    let form = Form::builder("f", 1)
        .item(Item::scale("greeting", Scale::new(0, 10).unwrap()).unwrap())
        .item(Item::scale("resolution", Scale::new(0, 10).unwrap()).unwrap())
        .build()
        .unwrap();
    let (review, benchmark) = (
        Answers::from(vec![R(8), R(4)]),
        Answers::from(vec![R(6), R(6)]),
    );
    let a = align(&form, &review, &benchmark);
    assert_close(a.bias().unwrap(), 0.0);
    assert_close(a.value().unwrap(), 0.8);
    assert_eq!(a.flagged().count(), 2);
    assert_close(a.item("greeting").unwrap().difference().unwrap(), 20.0);
    assert_close(a.item("resolution").unwrap().difference().unwrap(), -20.0);
}

#[test]
fn conditional_items_that_apply_to_one_side_only_disagree() {
    use service_quality::form::Condition;
    let form = Form::builder("chat", 1)
        .item(Item::yes_no("escalated").unwrap())
        .item(
            Item::yes_no("explained")
                .unwrap()
                .with_condition(Condition::item("escalated", ["yes"])),
        )
        .build()
        .unwrap();
    // The lead saw an escalation and an explanation; the reviewer saw neither.
    let (review, benchmark) = (Answers::from(vec![No, NA]), Answers::from(vec![Yes, Yes]));
    let a = align(&form, &review, &benchmark);
    assert!(a.item("explained").unwrap().applicability_differs());
    assert_close(a.value().unwrap(), 0.0);
}

#[test]
fn full_marks_for_na_still_counts_a_one_sided_na_as_a_disagreement() {
    let form = Form::builder("f", 1)
        .item(Item::yes_no("hold").unwrap().with_not_applicable(true))
        .item(Item::yes_no("greet").unwrap())
        .not_applicable_rule(NotApplicableRule::FullMarks)
        .build()
        .unwrap();
    let (review, benchmark) = (Answers::from(vec![NA, Yes]), Answers::from(vec![Yes, Yes]));
    let a = align(&form, &review, &benchmark);
    // Both score 100 overall, but the reviewer found the hold not applicable.
    assert_close(a.bias().unwrap(), 0.0);
    assert_close(a.value().unwrap(), 0.5);
}

#[test]
fn bonus_items_are_compared_but_carry_no_share() {
    let form = Form::builder("f", 1)
        .item(Item::yes_no("greet").unwrap())
        .item(
            Item::yes_no("delight")
                .unwrap()
                .try_with_points(5.0)
                .unwrap()
                .with_role(ItemRole::Bonus),
        )
        .build()
        .unwrap();
    let (review, benchmark) = (Answers::from(vec![Yes, Yes]), Answers::from(vec![Yes, No]));
    let a = align(&form, &review, &benchmark);
    assert_close(a.value().unwrap(), 1.0);
    let delight = a.item("delight").unwrap();
    assert_close(delight.share(), 0.0);
    assert_close(delight.divergence().unwrap(), 100.0);
    assert!(delight.is_flagged());
    assert_eq!(delight.reviewer_answer(), Yes);
    assert_eq!(delight.benchmark_answer(), No);
    assert_eq!(delight.reviewer_score(), Some(Score::MAX));
}

/// In a points form an item's share is what it can move the score by: the points an item
/// earns at most, or the most an item that deducts can take away. Greeting 5, resolution up to
/// 10, rudeness −15 and a script check deducting up to 10: 40 points, shares 5, 10, 15 and 10
/// fortieths.
#[test]
fn shares_in_a_points_form_count_what_an_item_can_take_away() {
    let choices = |points: [f64; 3]| {
        ["none", "some", "all"]
            .iter()
            .zip(points)
            .map(|(label, p)| Choice::new(*label, p).unwrap())
            .collect::<Vec<_>>()
    };
    let form = Form::builder("deductions", 1)
        .scoring(Scoring::Points)
        .item(
            Item::yes_no("greeting")
                .unwrap()
                .try_with_points(5.0)
                .unwrap(),
        )
        .item(Item::new("resolution", AnswerType::Choices(choices([0.0, 5.0, 10.0]))).unwrap())
        .item(
            Item::yes_no("rudeness")
                .unwrap()
                .try_with_points(-15.0)
                .unwrap(),
        )
        .item(Item::new("script", AnswerType::Choices(choices([0.0, -5.0, -10.0]))).unwrap())
        .build()
        .unwrap();
    let sheet = Answers::from(vec![Yes, Answer::Choice(2), No, Answer::Choice(0)]);
    let a = align(&form, &sheet, &sheet);
    let shares: Vec<f64> = a.items().iter().map(|i| i.share()).collect();
    for (share, expected) in shares.iter().zip([5.0, 10.0, 15.0, 10.0]) {
        assert_close(*share, expected / 40.0);
    }
}

/// A weighted section with nothing that counts towards the score (only an item kept for
/// reporting) takes no share, and the scored section takes it all.
#[test]
fn a_section_with_nothing_scored_takes_no_share() {
    let form = Form::builder("sections", 1)
        .section(Section::new("asked").unwrap().try_with_weight(1.0).unwrap())
        .section(Section::new("noted").unwrap().try_with_weight(1.0).unwrap())
        .item(Item::yes_no("verified").unwrap().with_section("asked"))
        .item(
            Item::yes_no("escalated")
                .unwrap()
                .with_role(ItemRole::NotScored)
                .with_section("noted"),
        )
        .build()
        .unwrap();
    let (review, benchmark) = (Answers::from(vec![Yes, Yes]), Answers::from(vec![Yes, No]));
    let a = align(&form, &review, &benchmark);
    let shares: Vec<u64> = a.items().iter().map(|i| i.share().to_bits()).collect();
    assert_eq!(shares, [1.0f64.to_bits(), 0.0f64.to_bits()]);
    assert_close(a.value().unwrap(), 1.0);
}

#[test]
fn tallies_refuse_other_forms_and_versions() {
    let form = call_review();
    let reviews = three_calls();
    let mut tally = tally_of(&form, &reviews);
    let before = tally.clone();
    let next = Form::builder("call_review", 2)
        .items(form.items().iter().cloned())
        .build()
        .unwrap();
    let (one, two) = (&reviews[0].1, &reviews[0].2);
    let err = tally
        .add("ana", &evaluate(&next, one), &evaluate(&next, two))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "form differs: call_review v2 here, call_review v1 expected"
    );
    assert_eq!(tally, before);
    // The benchmark on another version than the review.
    let err = tally
        .add("ana", &evaluate(&form, one), &evaluate(&next, two))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "benchmark form differs: call_review v2 here, call_review v1 expected"
    );
    assert_eq!(tally, before);
    // The same key and version scored another way (a failed critical item zeroes the review
    // instead of capping it): the fingerprints differ, and the tally says so.
    let rescored = crate::common::worked_form(CriticalRule::ScoreZero);
    let err = tally
        .add("ana", &evaluate(&rescored, one), &evaluate(&rescored, two))
        .unwrap_err();
    assert!(matches!(err, Error::Mismatch { field: "form", .. }));
    assert!(
        err.to_string()
            .starts_with("form differs: call_review v1 scored as "),
        "{err}"
    );
    assert_eq!(tally, before);
    // A benchmark on the same key and version scored the other way is refused too.
    let err = try_align(&form, one, &rescored, two).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("benchmark form differs: call_review v1 scored as "),
        "{err}"
    );
    // The same items scored the same way under another key: refused by key, on both paths.
    let renamed = Form::builder("ticket_review", 1)
        .items(form.items().iter().cloned())
        .critical_rule(CriticalRule::CapAtFailedItem)
        .build()
        .unwrap();
    let err = tally
        .add("ana", &evaluate(&renamed, one), &evaluate(&renamed, two))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "form differs: ticket_review v1 here, call_review v1 expected"
    );
    let err = try_align(&form, one, &renamed, two).unwrap_err();
    assert_eq!(
        err.to_string(),
        "benchmark form differs: ticket_review v1 here, call_review v1 expected"
    );
    assert_eq!(tally, before);
    let mut other = GraderTally::for_form(&next);
    let err = other.try_merge(&tally).unwrap_err();
    assert!(matches!(err, Error::Mismatch { field: "form", .. }));
    assert_eq!(other, GraderTally::for_form(&next));
}

#[test]
fn a_tally_per_form_version_in_a_group_by() {
    let form = call_review();
    let next = Form::builder("call_review", 2)
        .items(form.items().iter().cloned())
        .build()
        .unwrap();
    let reviews = three_calls();
    let mut by_version: GroupBy<(String, u32), GraderTally> = GroupBy::new();
    for f in [&form, &next] {
        for (reviewer, review, benchmark) in &reviews[..2] {
            by_version
                .entry((f.key().to_owned(), f.version()))
                .add(reviewer, &evaluate(f, review), &evaluate(f, benchmark))
                .unwrap();
        }
    }
    assert_eq!(by_version.len(), 2);
    let v2 = by_version.get(&("call_review".to_owned(), 2)).unwrap();
    assert_eq!(v2.reviews(), 2);
    assert_eq!(v2.version(), Some(2));
}

#[test]
fn an_empty_tally_reports_nothing() {
    let report = GraderTally::new().report(&AlignmentOptions::default());
    assert_eq!(report.form(), None);
    assert_eq!(report.version(), None);
    assert!(report.reviewers().is_empty() && report.items().is_empty());
    assert_eq!(report.overall().alignment(), None);
    assert_eq!(report.overall().bias(), None);
    assert_eq!(report.overall().bias_interval(), None);
    assert!(GraderTally::new().reviewer("ana").is_none());
}

#[test]
fn grader_types_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<GraderTally>();
    check::<Alignment>();
    check::<AlignmentOptions>();
    check::<service_quality::programme::graders::GraderReport>();
    check::<service_quality::programme::graders::ItemTally>();
    check::<service_quality::programme::graders::ReviewerTally>();
}

#[test]
fn options_check_their_threshold() {
    for bad in [-0.1, 100.1, f64::NAN, f64::INFINITY] {
        assert!(matches!(
            AlignmentOptions::default().try_with_flag_threshold(bad),
            Err(Error::ValueOutOfRange {
                field: "flag threshold",
                ..
            })
        ));
    }
    let options = AlignmentOptions::default()
        .try_with_flag_threshold(0.0)
        .unwrap()
        .with_level(Level::new(0.8).unwrap());
    assert_close(options.flag_threshold(), 0.0);
    assert!(!options.missed_critical_zero());
    assert_close(options.level().get(), 0.8);
    // The defaults, as documented; a threshold is read back as set, and -0 as 0.
    let default = AlignmentOptions::default();
    assert_close(default.flag_threshold(), DEFAULT_FLAG_THRESHOLD);
    assert_close(DEFAULT_FLAG_THRESHOLD, 10.0);
    assert!(!default.missed_critical_zero());
    assert_close(default.level().get(), 0.95);
    assert!(
        default
            .with_missed_critical_zero(true)
            .missed_critical_zero()
    );
    assert_close(
        default
            .try_with_flag_threshold(12.5)
            .unwrap()
            .flag_threshold(),
        12.5,
    );
    assert_eq!(
        default
            .try_with_flag_threshold(-0.0)
            .unwrap()
            .flag_threshold()
            .to_bits(),
        0.0f64.to_bits()
    );
}

#[cfg(feature = "serde")]
mod json {
    use super::*;
    use crate::common::rejection;
    use serde_json::json;

    #[test]
    fn tallies_round_trip_and_merge_the_same_after() {
        let form = call_review();
        let reviews = three_calls();
        let tally = tally_of(&form, &reviews);
        let text = serde_json::to_string(&tally).unwrap();
        let back: GraderTally = serde_json::from_str(&text).unwrap();
        assert_eq!(back, tally);
        let mut doubled = back.clone();
        doubled.try_merge(&tally).unwrap();
        assert_eq!(doubled.reviews(), 12);
        let empty: GraderTally =
            serde_json::from_str(r#"{"form": null, "reviewers": []}"#).unwrap();
        assert_eq!(empty, GraderTally::new());
        // Reports and single alignments serialise.
        let report = serde_json::to_value(tally.report(&AlignmentOptions::default())).unwrap();
        assert_eq!(report["reviewers"][0]["reviewer"], "ana");
        assert_eq!(report["items"][3]["flagged"], true);
        let (_, review, benchmark) = &reviews[3];
        let one = align(&form, review, benchmark);
        let value = serde_json::to_value(&one).unwrap();
        assert_eq!(value["items"][3]["reviewer"], serde_json::Value::Null);
        assert_eq!(value["items"][3]["divergence"], 100.0);
    }

    #[test]
    fn options_round_trip_and_are_checked() {
        let options = AlignmentOptions::default()
            .try_with_flag_threshold(12.5)
            .unwrap()
            .with_missed_critical_zero(true);
        let text = serde_json::to_string(&options).unwrap();
        assert_eq!(
            text,
            r#"{"flag_threshold":12.5,"missed_critical_zero":true,"level":0.95}"#
        );
        assert_eq!(
            serde_json::from_str::<AlignmentOptions>(&text).unwrap(),
            options
        );
        assert_eq!(
            rejection::<AlignmentOptions>(
                json!({"flag_threshold": 150, "missed_critical_zero": false, "level": 0.95})
            ),
            "flag threshold is 150, expected a finite value in 0..=100, in score points"
        );
    }

    #[test]
    fn stored_tallies_that_no_reviews_could_give_are_refused() {
        let form = call_review();
        let tally = tally_of(&form, &three_calls());
        let good = serde_json::to_value(&tally).unwrap();
        let refused = |edit: &dyn Fn(&mut serde_json::Value)| {
            let mut value = good.clone();
            edit(&mut value);
            rejection::<GraderTally>(value)
        };
        assert_eq!(
            refused(&|v| v["form"] = serde_json::Value::Null),
            "form is null, expected a form for a tally with reviewer 'ana'"
        );
        assert_eq!(
            refused(&|v| v["reviewers"][1]["reviewer"] = json!("ana")),
            "duplicate reviewer 'ana'"
        );
        assert_eq!(
            refused(&|v| v["reviewers"][0]["reviewer"] = json!(" ")),
            "reviewer id is empty, expected some text"
        );
        assert_eq!(
            refused(&|v| v["reviewers"][0]["missed_critical"] = json!(4)),
            "missed_critical is 4, expected at most 3 for 'ana'"
        );
        assert_eq!(
            refused(&|v| v["reviewers"][0]["items"][0]["both_answered"] = json!(7)),
            "compared is 7, expected at most 3 for 'ana on greeting'"
        );
        assert_eq!(
            refused(&|v| {
                v["reviewers"][0]["items"].as_array_mut().unwrap().pop();
            }),
            "number of items differs: 3 here, 4 (one per item of form 'call_review') expected"
        );
        // A divergence beyond 100 points per compared review.
        let units = (500u128 << 52).to_string();
        assert_eq!(
            refused(&|v| v["reviewers"][0]["items"][0]["divergence_units"] = json!(units)),
            "divergence is 500, expected between 0 and 300 for 'ana on greeting'"
        );
        // An alignment sum beyond 100% per review.
        let units = (400u128 << 52).to_string();
        assert!(
            refused(&|v| v["reviewers"][0]["aligned"]["sum_units"] = json!(units))
                .starts_with("sum is 400, expected a sum between 0 and 300 for 'ana'")
        );
        // Less than 100 points for each review where only one side answered N/A: ben's tone
        // (N/A against 4 once, 2 against 2 once).
        let units = (50u128 << 52).to_string();
        assert_eq!(
            refused(&|v| v["reviewers"][1]["items"][3]["divergence_units"] = json!(units)),
            "divergence is 50, expected between 100 and 200 for 'ben on tone'"
        );
        // Ben missed a critical item in one of his three reviews, so at most two alignments
        // are kept apart from it.
        assert_eq!(
            refused(&|v| v["reviewers"][1]["aligned"]["count"] = json!(3)),
            "aligned is 3, expected at most 2 for 'ben'"
        );
        assert!(
            refused(&|v| v["reviewers"][0]["extra"] = json!(1))
                .starts_with("unknown field `extra`")
        );
    }
}

/// A random form for the properties: up to six items of every answer type (scales of any
/// bounds, yes/no, choices worth points), weighted or a points form (with items that deduct),
/// items kept for reporting and bonus items, sections (weighted or not), N/A allowed on some,
/// critical items, and any rules.
fn any_form() -> impl Strategy<Value = Form> {
    let item = (
        0usize..3,
        (-3i32..3, 1i32..7),
        prop_oneof![Just(1.0), 0.0f64..5.0],
        any::<bool>(),
        proptest::option::weighted(0.3, 1.0f64..=99.0),
        0u8..10,
        proptest::collection::vec(0.0f64..10.0, 1..4),
        -5.0f64..10.0,
    );
    (
        proptest::collection::vec(item, 1..7),
        any::<bool>(),
        0u8..3,
        proptest::array::uniform3(0.5f64..4.0),
        crate::common::strategies::critical_rule(),
        crate::common::strategies::not_applicable_rule(),
    )
        .prop_filter_map(
            "a form that builds",
            |(items, points, sections, section_weights, critical, na)| {
                let mut builder = Form::builder("random", 1)
                    .critical_rule(critical)
                    .not_applicable_rule(na);
                if points {
                    builder = builder.scoring(Scoring::Points);
                }
                let section_count = usize::from(sections) + 1;
                if sections > 0 {
                    for (s, weight) in section_weights.iter().enumerate().take(section_count) {
                        let mut section = Section::new(format!("s{s}")).unwrap();
                        if sections == 2 && !points {
                            section = section.try_with_weight(*weight).unwrap();
                        }
                        builder = builder.section(section);
                    }
                }
                for (
                    i,
                    (
                        kind,
                        (min, width),
                        weight,
                        na_allowed,
                        mark,
                        role,
                        choice_points,
                        item_points,
                    ),
                ) in items.into_iter().enumerate()
                {
                    let answer = match kind {
                        0 => AnswerType::Scale(Scale::new(min, min + width).unwrap()),
                        1 => AnswerType::YesNo,
                        _ => AnswerType::Choices(
                            choice_points
                                .iter()
                                .enumerate()
                                .map(|(c, &p)| Choice::new(format!("c{c}"), p).unwrap())
                                .collect(),
                        ),
                    };
                    let role = match role {
                        0 => ItemRole::NotScored,
                        1 => ItemRole::Bonus,
                        _ => ItemRole::Scored,
                    };
                    let mut item = Item::new(format!("item_{i}"), answer)
                        .unwrap()
                        .with_not_applicable(na_allowed)
                        .with_role(role);
                    if sections > 0 {
                        item = item.with_section(format!("s{}", i % section_count));
                    }
                    let priced = kind != 2 && (points || role == ItemRole::Bonus);
                    if priced {
                        let p = if kind == 0 || role == ItemRole::Bonus {
                            item_points.abs() + 1.0
                        } else {
                            item_points
                        };
                        item = item.try_with_points(p).ok()?;
                    }
                    if role == ItemRole::Scored && !points {
                        item = item.try_with_weight(weight).unwrap();
                    }
                    if let (Some(m), ItemRole::Scored) = (mark, role) {
                        item = item.with_critical(Score::new(m).unwrap());
                    }
                    builder = builder.item(item);
                }
                builder.build().ok()
            },
        )
}

/// A valid answer to `item`: N/A where allowed and `na` is set.
fn answer_for(item: &Item, pick: u8, na: bool) -> Answer {
    if na && item.allows_not_applicable() {
        return NA;
    }
    match item.answer_type() {
        AnswerType::Scale(scale) => {
            let width = scale.max() - scale.min() + 1;
            R(scale.min() + i32::from(pick) % width)
        }
        AnswerType::YesNo if pick.is_multiple_of(2) => Yes,
        AnswerType::YesNo => No,
        AnswerType::Choices(choices) => {
            Answer::Choice(u16::from(pick) % u16::try_from(choices.len()).unwrap())
        }
        _ => NA,
    }
}

fn sheets(items: Vec<Item>, count: std::ops::Range<usize>) -> impl Strategy<Value = Vec<Answers>> {
    let sheet =
        proptest::collection::vec((any::<u8>(), proptest::bool::weighted(0.25)), items.len());
    proptest::collection::vec(sheet, count).prop_map(move |picks| {
        picks
            .into_iter()
            .map(|sheet| {
                items
                    .iter()
                    .zip(sheet)
                    .map(|(item, (pick, na))| answer_for(item, pick, na))
                    .collect()
            })
            .collect()
    })
}

fn form_and_sheets(count: std::ops::Range<usize>) -> impl Strategy<Value = (Form, Vec<Answers>)> {
    any_form().prop_flat_map(move |form| {
        let sheets = sheets(form.items().to_vec(), count.clone());
        (Just(form), sheets)
    })
}

mod properties {
    use super::*;
    use crate::common::{MergeStep, cut_into, merge_tree, shuffled};

    proptest! {
        #![proptest_config(crate::common::cases(300))]

        /// A review graded against itself aligns 1 exactly, flags nothing, misses nothing and
        /// has no bias; only a review with nothing compared has no alignment.
        #[test]
        fn a_review_aligns_perfectly_with_itself((form, sheets) in form_and_sheets(1..2)) {
            let sheet = &sheets[0];
            let e = evaluate(&form, sheet);
            for options in [
                AlignmentOptions::default(),
                AlignmentOptions::default().with_missed_critical_zero(true)
                    .try_with_flag_threshold(0.0).unwrap(),
            ] {
                let a = Alignment::of(&e, &e, &options).unwrap();
                let anything = a.items().iter().any(|i| i.share() > 0.0 && i.alignment().is_some());
                prop_assert_eq!(a.value().map(f64::to_bits), anything.then_some(1.0f64.to_bits()));
                prop_assert_eq!(a.flagged().count(), 0);
                prop_assert!(!a.missed_critical());
                prop_assert!(a.bias().is_none_or(|b| b == 0.0));
                for item in a.items() {
                    prop_assert!(item.alignment().is_none_or(|x| x.to_bits() == 1.0f64.to_bits()));
                }
            }
            let mut tally = GraderTally::new();
            tally.add("self", &e, &e).unwrap();
            let report = tally.report(&AlignmentOptions::default());
            prop_assert!(report.overall().alignment().is_none_or(|x| x.to_bits() == 1.0f64.to_bits()));
        }

        /// Alignment, per item and per review, lies in 0..=1; it is symmetric between the two
        /// sides, and the bias changes sign.
        #[test]
        fn alignment_lies_between_zero_and_one((form, sheets) in form_and_sheets(2..3), strict in any::<bool>()) {
            let (first, second) = (evaluate(&form, &sheets[0]), evaluate(&form, &sheets[1]));
            let options = AlignmentOptions::default().with_missed_critical_zero(strict);
            let a = Alignment::of(&first, &second, &options).unwrap();
            let b = Alignment::of(&second, &first, &options).unwrap();
            for value in [a.value(), a.weighted(), b.value(), b.weighted()].into_iter().flatten() {
                prop_assert!((0.0..=1.0).contains(&value), "{}", value);
            }
            prop_assert_eq!(a.weighted().map(f64::to_bits), b.weighted().map(f64::to_bits));
            prop_assert_eq!(a.bias().map(|x| -x), b.bias());
            let shares: f64 = a.items().iter().map(|i| i.share()).sum();
            prop_assert!(shares == 0.0 || (shares - 1.0).abs() < 1e-9, "{}", shares);
            for item in a.items() {
                if let Some(x) = item.alignment() {
                    prop_assert!((0.0..=1.0).contains(&x));
                }
                prop_assert!((0.0..=1.0).contains(&item.share()));
            }
            let mut tally = GraderTally::new();
            tally.add("a", &first, &second).unwrap();
            tally.add("a", &second, &first).unwrap();
            let report = tally.report(&options);
            for figures in [report.overall(), report.reviewers()[0].figures()] {
                if let Some(x) = figures.alignment() {
                    prop_assert!((0.0..=1.0).contains(&x));
                }
                if let Some(i) = figures.alignment_interval() {
                    prop_assert!(0.0 <= i.lower() && i.upper() <= 1.0 && i.contains(i.estimate()));
                }
                // Each pair graded both ways: the biases cancel exactly.
                prop_assert!(figures.bias().is_none_or(|b| b == 0.0));
            }
            for item in report.items() {
                if let Some(x) = item.alignment() {
                    prop_assert!((0.0..=1.0).contains(&x));
                }
            }
        }

        /// A tally is the same, bit for bit, however its reviews are ordered, split among
        /// partial tallies and merged, with JSON round trips of some partials on the way.
        #[test]
        fn tallies_do_not_depend_on_order_split_or_merge_tree(
            (form, sheets) in form_and_sheets(2..30),
            seed in any::<u64>(),
            cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..5),
            steps in proptest::collection::vec(any::<MergeStep>(), 0..5),
        ) {
            // Reviews by three reviewers, each graded against the next sheet as benchmark.
            let reviews: Vec<(usize, usize, &str)> = (0..sheets.len())
                .map(|i| (i, (i + 1) % sheets.len(), ["ana", "ben", "cy"][i % 3]))
                .collect();
            let tally = |part: &[(usize, usize, &str)]| {
                let mut t = GraderTally::new();
                for &(r, b, who) in part {
                    t.add(who, &evaluate(&form, &sheets[r]), &evaluate(&form, &sheets[b])).unwrap();
                }
                t
            };
            let sequential = tally(&reviews);
            let shuffled = shuffled(&reviews, seed);
            let parts: Vec<GraderTally> = cut_into(&shuffled, &cuts).iter().map(|p| tally(p)).collect();
            let store = |t: &GraderTally| -> GraderTally {
                #[cfg(feature = "serde")]
                return serde_json::from_str(&serde_json::to_string(t).unwrap()).unwrap();
                #[cfg(not(feature = "serde"))]
                t.clone()
            };
            let merged = merge_tree(parts, &steps, |a, b| a.try_merge(b).unwrap(), store).unwrap();
            prop_assert_eq!(&merged, &sequential);
            let options = AlignmentOptions::default();
            prop_assert_eq!(merged.report(&options), sequential.report(&options));
        }
    }
}
