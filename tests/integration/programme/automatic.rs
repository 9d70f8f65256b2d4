//! Automatic scoring beside people: paired tallies, agreement per item, the trust rule and
//! drift, through the public API.
//!
//! Known answers are worked by hand in the comments and matched to the peers run by
//! `tests/reference/programme_automatic.py` (irrCAC 0.4.4, the Python port of Gwet's own R
//! package, for kappa and AC1/AC2 from a two-rater table with their standard errors and
//! intervals; statsmodels' `proportion_confint(method="wilson")` for exact agreement's interval;
//! scipy's `stats.t.interval` over the paired differences for the bias), to 1e-12 unless a
//! comment says otherwise.

use crate::common::{assert_close, close, cut_into, merge_tree, shuffled};

use proptest::prelude::*;
use service_quality::form::{Answer, Answers, Choice, Form, FormSummary, Item};
use service_quality::metrics::{Level, ShareMethod};
use service_quality::programme::{
    AutomaticEvaluation, AutomaticReport, ItemAgreement, PairedByPeriod, PairedSummary, Scorer,
    TrustFailure, TrustMeasure, TrustRule,
};
use service_quality::reliability::{AgreementOptions, Coefficient, Ratings, Weighting};
use service_quality::{Error, Scale};

/// Verification (yes/no) and resolution (1 to 3, N/A allowed).
fn worked_form() -> Form {
    Form::builder("call_review", 1)
        .item(Item::yes_no("verification").unwrap())
        .item(
            Item::scale("resolution", Scale::new(1, 3).unwrap())
                .unwrap()
                .with_not_applicable(true),
        )
        .build()
        .unwrap()
}

/// Verification (yes/no), empathy (1 to 5, N/A allowed) and an outcome of three choices.
fn three_item_form() -> Form {
    Form::builder("chat_review", 2)
        .item(Item::yes_no("verification").unwrap())
        .item(
            Item::scale("empathy", Scale::ONE_TO_FIVE)
                .unwrap()
                .with_not_applicable(true),
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
        .build()
        .unwrap()
}

fn yes_no(yes: bool) -> Answer {
    if yes { Answer::Yes } else { Answer::No }
}

fn rating(r: Option<i32>) -> Answer {
    r.map_or(Answer::NotApplicable, Answer::Rating)
}

/// The worked example's 20 calls: (verification human, automatic; resolution human, automatic).
///
/// - Verification: both yes 14, human yes and automatic no 2, human no and automatic yes 1,
///   both no 3.
/// - Resolution on calls 1 to 10: (1, 1) twice, (1, 2) once, (2, 2) three times, (2, 3) twice,
///   (3, 3) twice; calls 11 to 15 N/A on both sides, 16 to 18 N/A for the human only, 19 and
///   20 N/A for the scorer only.
fn worked_calls() -> Vec<(bool, bool, Option<i32>, Option<i32>)> {
    let verification = [(true, true); 14]
        .into_iter()
        .chain([(true, false); 2])
        .chain([(false, true)])
        .chain([(false, false); 3]);
    let resolution = [
        (Some(1), Some(1)),
        (Some(1), Some(1)),
        (Some(1), Some(2)),
        (Some(2), Some(2)),
        (Some(2), Some(2)),
        (Some(2), Some(2)),
        (Some(2), Some(3)),
        (Some(2), Some(3)),
        (Some(3), Some(3)),
        (Some(3), Some(3)),
    ]
    .into_iter()
    .chain([(None, None); 5])
    .chain([(None, Some(2)); 3])
    .chain([(Some(3), None); 2]);
    verification
        .zip(resolution)
        .map(|((vh, va), (rh, ra))| (vh, va, rh, ra))
        .collect()
}

fn worked_tally() -> PairedSummary {
    let form = worked_form();
    let mut paired = PairedSummary::new(&form);
    for (i, (vh, va, rh, ra)) in worked_calls().into_iter().enumerate() {
        let human = Answers::from(vec![yes_no(vh), rating(rh)]);
        let automatic = Answers::from(vec![yes_no(va), rating(ra)]);
        paired
            .add(
                &format!("call-{i:02}"),
                &human.evaluate(&form).unwrap(),
                &AutomaticEvaluation::new(automatic.evaluate(&form).unwrap()),
            )
            .unwrap();
    }
    paired
}

/// A paired summary of a form of one rating item: conversation `c{i}` rated `pairs[i]` by the
/// human and the scorer.
fn rating_pairs(form: &Form, pairs: &[(i32, i32)]) -> PairedSummary {
    let sheet = |r: i32| Answers::from(vec![Answer::Rating(r)]);
    let mut paired = PairedSummary::new(form);
    for (i, &(human, automatic)) in pairs.iter().enumerate() {
        paired
            .add(
                &format!("c{i}"),
                &sheet(human).evaluate(form).unwrap(),
                &AutomaticEvaluation::new(sheet(automatic).evaluate(form).unwrap()),
            )
            .unwrap();
    }
    paired
}

fn estimate(outcome: &service_quality::reliability::AgreementOutcome) -> (f64, f64, f64, f64) {
    let e = outcome.estimate().expect("the coefficient exists");
    let i = e.interval().expect("it has an interval");
    (e.value(), e.standard_error().unwrap(), i.lower(), i.upper())
}

mod known_answers {
    use super::*;

    #[test]
    fn the_worked_yes_no_item_by_hand_and_by_the_peers() {
        let report = worked_tally().report(&TrustRule::default());
        let v = report.item("verification").unwrap();
        assert_eq!(v.pairs(), 20);
        assert_eq!(v.only_not_applicable(Scorer::Human), 0);
        assert_eq!(v.both_not_applicable(), 0);

        // Exact agreement: (14 + 3) / 20 = 0.85; Wilson's interval as statsmodels gives it.
        let agreement = v.agreement().unwrap();
        assert_eq!((agreement.count(), agreement.of()), (17, 20));
        let i = v.agreement_interval().unwrap();
        close(i.lower(), 100.0 * 0.639581135259243, 1e-10);
        close(i.upper(), 100.0 * 0.9476312541037833, 1e-10);

        // Kappa: the human says yes on 16 of 20 (0.8), the scorer on 15 (0.75), so chance
        // agreement is 0.8 × 0.75 + 0.2 × 0.25 = 0.65 and κ = (0.85 − 0.65) / 0.35 = 4/7.
        let (value, se, lower, upper) = estimate(v.kappa());
        assert_close(value, 4.0 / 7.0);
        // irrCAC table.CAC(...).cohen(): 0.571428571428571, se 0.219043393714265, interval
        // 0.112965479425394 to 1.
        close(value, 0.571428571428571, 1e-12);
        close(se, 0.219043393714265, 1e-12);
        close(lower, 0.112965479425394, 1e-12);
        assert_close(upper, 1.0);

        // AC1: pooled shares π(yes) = (0.8 + 0.75) / 2 = 0.775 and π(no) = 0.225; chance
        // agreement Σ π(1 − π) / (q − 1) = 2 × 0.775 × 0.225 = 0.34875; AC1 =
        // (0.85 − 0.34875) / (1 − 0.34875) = 0.50125 / 0.65125 = 401/521.
        let (value, se, lower, upper) = estimate(v.ac1());
        assert_close(value, 401.0 / 521.0);
        // irrCAC table.CAC(...).gwet(): 0.769673704414587, se 0.136127937106978, interval
        // 0.484754657572707 to 1.
        close(value, 0.769673704414587, 1e-12);
        close(se, 0.136127937106978, 1e-12);
        close(lower, 0.484754657572707, 1e-12);
        assert_close(upper, 1.0);

        // Bias: yes is 100 and no 0, so the differences are −100 twice, +100 once and 0
        // seventeen times: (−200 + 100) / 20 = −5 points; scipy's t interval over them.
        let bias = v.bias().unwrap();
        assert_close(bias.mean(), -5.0);
        assert_eq!(bias.pairs(), 20);
        let i = bias.interval().unwrap();
        close(i.lower(), -23.441380522859472, 1e-10);
        close(i.upper(), 13.441380522859472, 1e-10);

        // 20 pairs of 50, and AC1's lower bound 0.48 below 0.8: both conditions named.
        let verdict = v.verdict();
        assert!(!verdict.is_trusted());
        assert_eq!(verdict.failures().len(), 2);
        assert!(matches!(
            verdict.failures()[0],
            TrustFailure::TooFewPairs {
                pairs: 20,
                needed: 50,
                ..
            }
        ));
        assert_eq!(
            verdict.to_string(),
            "not trusted (Gwet's AC1): 20 paired reviews, 50 needed; lower bound 0.485, 0.800 \
             needed"
        );
    }

    #[test]
    fn the_worked_scale_item_by_hand_and_by_the_peers() {
        let report = worked_tally().report(&TrustRule::default());
        let r = report.item("resolution").unwrap();
        // 10 pairs; 5 both N/A, 3 where only the human said N/A, 2 where only the scorer did.
        assert_eq!(r.pairs(), 10);
        assert_eq!(r.both_not_applicable(), 5);
        assert_eq!(r.only_not_applicable(Scorer::Human), 3);
        assert_eq!(r.only_not_applicable(Scorer::Automatic), 2);
        // The same counts in the tally the report is read from: 20 reviews in all.
        let tally = worked_tally();
        let raw = tally.item("resolution").unwrap();
        let ids: Vec<&str> = tally.conversations().collect();
        assert_eq!(ids.len(), 20);
        assert_eq!((ids[0], ids[19]), ("call-00", "call-19"));
        assert!(ids.windows(2).all(|w| w[0] < w[1]));
        assert!(tally.contains(" call-07 ") && !tally.contains("call-20"));
        assert_eq!(
            (
                raw.pairs(),
                raw.agreeing(),
                raw.only_not_applicable(Scorer::Human),
                raw.only_not_applicable(Scorer::Automatic),
                raw.both_not_applicable(),
                raw.reviews()
            ),
            (10, 7, 3, 2, 5, 20)
        );

        // Exact agreement 7 of 10.
        let agreement = r.agreement().unwrap();
        assert_eq!((agreement.count(), agreement.of()), (7, 10));
        let i = r.agreement_interval().unwrap();
        close(i.lower(), 100.0 * 0.39677814746114537, 1e-10);
        close(i.upper(), 100.0 * 0.8922087325936989, 1e-10);

        // Gwet's ordinal weights on 1..3: a step apart 2/3, two steps 0. Weighted agreement
        // (7 × 1 + 3 × 2/3) / 10 = 0.9. Marginals: human (0.3, 0.5, 0.2), scorer (0.2, 0.4, 0.4).
        // Weighted kappa's chance agreement Σ w r c = 0.3 × (0.2 + 2/3 × 0.4)
        // + 0.5 × (2/3 × 0.2 + 0.4 + 2/3 × 0.4) + 0.2 × (2/3 × 0.4 + 0.4) = 101/150, so
        // κ = (135 − 101) / (150 − 101) = 34/49.
        let (value, se, lower, _) = estimate(r.kappa());
        assert_close(value, 34.0 / 49.0);
        // irrCAC table.CAC(..., weights="ordinal").cohen(). The bounds to 1e-10: at 9 degrees
        // of freedom the t quantiles of statrs and scipy part in the eleventh digit.
        close(value, 0.693877551020409, 1e-12);
        close(se, 0.155232414133809, 1e-12);
        close(lower, 0.342717433498037, 1e-10);

        // AC2: the weights sum to T_w = 3 + 4 × 2/3 = 17/3, so the factor T_w / (q(q − 1)) is
        // 17/18; pooled shares (0.25, 0.45, 0.3) give Σ π(1 − π) = 0.645 and chance agreement
        // 17/18 × 0.645; AC2 = (0.9 × 18 − 10.965) / (18 − 10.965) = 5.235 / 7.035 = 349/469.
        let (value, se, lower, _) = estimate(r.ac1());
        assert_close(value, 349.0 / 469.0);
        assert_eq!(r.ac1().estimate().unwrap().name(), "Gwet's AC2");
        // irrCAC table.CAC(..., weights="ordinal").gwet().
        close(value, 0.744136460554371, 1e-12);
        close(se, 0.124070518549179, 1e-12);
        close(lower, 0.463469448333358, 1e-10);

        // Bias: 1 is 0, 2 is 50, 3 is 100; three pairs one step up: 150 / 10 = 15 points.
        let bias = r.bias().unwrap();
        assert_close(bias.mean(), 15.0);
        let i = bias.interval().unwrap();
        // To 1e-8 points: the t quantiles' eleventh digit again, times a half-width of 17.
        close(i.lower(), -2.2775107202452176, 1e-8);
        close(i.upper(), 32.27751072024522, 1e-8);
        assert_eq!(r.verdict().measure_name(), "Gwet's AC2");
    }

    #[test]
    fn the_coefficients_are_the_crates_own_on_the_same_table() {
        let report = worked_tally().report(&TrustRule::default());
        // Verification: rows human (no, yes), columns automatic (no, yes), unweighted, with
        // both categories declared.
        let table = Ratings::from_table(&[[3, 1], [2, 14]]).unwrap();
        let options = AgreementOptions::default()
            .try_with_categories([0, 1])
            .unwrap();
        let v = report.item("verification").unwrap();
        assert_eq!(
            v.kappa(),
            &table.coefficient(Coefficient::Conger, &options).unwrap()
        );
        assert_eq!(
            v.ac1(),
            &table.coefficient(Coefficient::Gwet, &options).unwrap()
        );
        // Resolution: every step of 1..3, Gwet's ordinal weights.
        let table = Ratings::from_table(&[[2, 1, 0], [0, 3, 2], [0, 0, 2]]).unwrap();
        let options = AgreementOptions::default()
            .with_weighting(Weighting::Ordinal)
            .try_with_categories([1, 2, 3])
            .unwrap();
        let r = report.item("resolution").unwrap();
        assert_eq!(
            r.kappa(),
            &table.coefficient(Coefficient::Conger, &options).unwrap()
        );
        assert_eq!(
            r.ac1(),
            &table.coefficient(Coefficient::Gwet, &options).unwrap()
        );
        // And the paired table itself is the one given here.
        let paired = worked_tally();
        let cells: Vec<_> = paired
            .item("resolution")
            .unwrap()
            .counts()
            .cells()
            .collect();
        assert_eq!(
            cells,
            [
                ((1, 1), 2),
                ((1, 2), 1),
                ((2, 2), 3),
                ((2, 3), 2),
                ((3, 3), 2)
            ]
        );
    }

    /// A scale of more than 101 steps (0 to 200 here) is not listed step by step: its
    /// categories are the answers given, as the crate's own coefficient on the table has them.
    #[test]
    fn a_scale_wider_than_a_hundred_steps_uses_the_answers_given() {
        let form = Form::builder("long_scale", 1)
            .item(Item::scale("handling", Scale::new(0, 200).unwrap()).unwrap())
            .build()
            .unwrap();
        let pairs = [
            (10, 10),
            (10, 20),
            (20, 20),
            (150, 150),
            (150, 140),
            (190, 190),
        ];
        let paired = rating_pairs(&form, &pairs);
        let report = paired.report(&TrustRule::default());
        let item = report.item("handling").unwrap();
        let counts = paired.item("handling").unwrap().counts();
        let options = AgreementOptions::default().with_weighting(Weighting::Ordinal);
        assert_eq!(
            item.ac1(),
            &counts.coefficient(Coefficient::Gwet, &options).unwrap()
        );
        assert_eq!(
            item.kappa(),
            &counts.coefficient(Coefficient::Conger, &options).unwrap()
        );
        // Listing all 201 steps would give other values.
        let listed = options.clone().try_with_categories(0..=200).unwrap();
        assert_ne!(
            item.ac1(),
            &counts.coefficient(Coefficient::Gwet, &listed).unwrap()
        );

        // 60 to 100 is 41 steps, all listed (the bounds' difference decides, not their sum).
        let form = Form::builder("narrow_scale", 1)
            .item(Item::scale("accuracy", Scale::new(60, 100).unwrap()).unwrap())
            .build()
            .unwrap();
        let paired = rating_pairs(&form, &[(70, 70), (70, 80), (90, 90), (95, 90)]);
        let report = paired.report(&TrustRule::default());
        let counts = paired.item("accuracy").unwrap().counts();
        let listed = options.clone().try_with_categories(60..=100).unwrap();
        let ac1 = report.item("accuracy").unwrap().ac1();
        assert_eq!(
            ac1,
            &counts.coefficient(Coefficient::Gwet, &listed).unwrap()
        );
        assert_ne!(
            ac1,
            &counts.coefficient(Coefficient::Gwet, &options).unwrap()
        );
    }

    #[test]
    fn a_rule_and_its_verdicts_read_back_what_they_were_given() {
        let rule = TrustRule::new(0.7, 15)
            .unwrap()
            .with_level(Level::new(0.9).unwrap())
            .with_share_method(ShareMethod::WilsonCorrected)
            .try_with_max_bias(7.5)
            .unwrap();
        assert_eq!(
            (rule.threshold(), rule.min_pairs(), rule.max_bias()),
            (0.7, 15, Some(7.5))
        );
        assert_eq!(rule.level(), Level::new(0.9).unwrap());
        assert_eq!(rule.share_method(), ShareMethod::WilsonCorrected);
        assert_eq!(TrustRule::default().max_bias(), None);
        let report = worked_tally().report(&rule);
        let verdict = report.item("resolution").unwrap().verdict();
        assert_eq!(
            (verdict.pairs(), verdict.min_pairs(), verdict.threshold()),
            (10, 15, 0.7)
        );
    }

    #[test]
    fn exact_agreement_as_the_measure_uses_wilsons_lower_bound() {
        let rule = TrustRule::new(0.6, 20)
            .unwrap()
            .with_measure(TrustMeasure::ExactAgreement);
        let report = worked_tally().report(&rule);
        let v = report.item("verification").unwrap().verdict();
        // 17 of 20: Wilson's lower bound 0.6396 clears 0.6 on 20 pairs.
        close(v.lower_bound().unwrap(), 0.639581135259243, 1e-12);
        assert!(v.is_trusted());
        assert_eq!(
            v.to_string(),
            "trusted: exact agreement lower bound 0.640 >= 0.600 on 20 paired reviews (20 needed)"
        );
        // Resolution: 10 pairs, 7 agreeing, lower bound 0.397.
        let r = report.item("resolution").unwrap().verdict();
        assert_eq!(
            r.to_string(),
            "not trusted (exact agreement): 10 paired reviews, 20 needed; lower bound 0.397, \
             0.600 needed"
        );
        assert_eq!(report.trusted().collect::<Vec<_>>(), ["verification"]);
        assert_eq!(report.reviews(), 20);
        let items: Vec<&str> = report.items().iter().map(|i| i.item()).collect();
        assert_eq!(items, ["verification", "resolution"]);
    }

    #[test]
    fn the_default_counts_are_the_ones_the_docs_give_reasons_for() {
        let rule = TrustRule::default();
        assert_close(rule.threshold(), 0.8);
        assert_eq!(rule.min_pairs(), 50);
        assert_eq!(rule.measure(), TrustMeasure::Gwet);
        assert_eq!(rule.share_method(), ShareMethod::Wilson);
        // The reasons on TrustRule: 47 of 50 has a Wilson lower bound of 0.838; 19 of 20 only
        // 0.764.
        let lower = |count, of| {
            service_quality::metrics::Share::new(count, of)
                .unwrap()
                .interval(ShareMethod::Wilson, Level::default())
                .lower()
        };
        assert_eq!(format!("{:.1}", lower(47, 50)), "83.8");
        assert_eq!(format!("{:.1}", lower(19, 20)), "76.4");
    }
}

/// Paired answers as small codes: verification 0 no, 1 yes; empathy 0 N/A, 1..=5 the rating;
/// outcome 0..3 the choice.
type Codes = (u8, u8, u8);

fn answers(codes: Codes) -> Answers {
    let (v, e, o) = codes;
    Answers::from(vec![
        yes_no(v == 1),
        rating((e > 0).then_some(i32::from(e))),
        Answer::Choice(u16::from(o)),
    ])
}

fn codes() -> impl Strategy<Value = Codes> {
    (0u8..2, 0u8..6, 0u8..3)
}

/// A tally of `pairs`, the i-th for conversation `c{offset + i}`.
fn tally(form: &Form, pairs: &[(usize, Codes, Codes)]) -> PairedSummary {
    let mut paired = PairedSummary::new(form);
    for &(id, human, automatic) in pairs {
        let (h, a) = (answers(human), answers(automatic));
        paired
            .add(
                &format!("c{id}"),
                &h.evaluate(form).unwrap(),
                &AutomaticEvaluation::new(a.evaluate(form).unwrap()),
            )
            .unwrap();
    }
    paired
}

#[cfg(feature = "serde")]
fn stored<T: serde::Serialize + serde::de::DeserializeOwned>(value: &T) -> T {
    serde_json::from_str(&serde_json::to_string(value).unwrap()).unwrap()
}

#[cfg(not(feature = "serde"))]
fn stored<T: Clone>(value: &T) -> T {
    value.clone()
}

mod properties {
    use super::*;

    proptest! {
        #![proptest_config(crate::common::cases(64))]

        #[test]
        fn a_scorer_identical_to_people_agrees_fully_and_is_trusted_from_n_pairs(
            human in proptest::collection::vec(codes(), 1..90),
            min_pairs in 2u64..70,
        ) {
            let form = three_item_form();
            let pairs: Vec<_> = human.iter().enumerate().map(|(i, &c)| (i, c, c)).collect();
            let paired = tally(&form, &pairs);
            let gwet = TrustRule::new(0.8, min_pairs).unwrap();
            let exact = gwet.with_measure(TrustMeasure::ExactAgreement);
            let z2 = Level::default().z().powi(2);
            for (g, e) in paired.report(&gwet).items().iter().zip(paired.report(&exact).items()) {
                let n = g.pairs();
                prop_assert_eq!(g.only_not_applicable(Scorer::Human), 0);
                prop_assert_eq!(g.only_not_applicable(Scorer::Automatic), 0);
                if n == 0 {
                    prop_assert!(g.agreement().is_none() && g.bias().is_none());
                    prop_assert!(!g.verdict().is_trusted());
                    continue;
                }
                let share = g.agreement().unwrap();
                prop_assert_eq!(share.count(), share.of());
                let bias = g.bias().unwrap();
                prop_assert_eq!(bias.mean().to_bits(), 0.0_f64.to_bits());
                prop_assert!(bias.interval().is_none());
                // Gwet: a lower bound of 1 from two pairs on, so trusted exactly from n pairs.
                prop_assert_eq!(g.verdict().is_trusted(), n >= min_pairs.max(2), "{}", g.verdict());
                // Exact agreement: Wilson's lower bound of n of n is n / (n + z²), so trusted
                // from n pairs once that reaches 0.8 (16 pairs at 95%).
                let wilson = n as f64 / (n as f64 + z2);
                prop_assert!((e.verdict().lower_bound().unwrap() - wilson).abs() < 1e-12);
                prop_assert_eq!(
                    e.verdict().is_trusted(),
                    n >= min_pairs && wilson >= 0.8,
                    "{}", e.verdict()
                );
            }
            // With the default rule every item is trusted once it has 50 pairs.
            for item in paired.report(&TrustRule::default()).items() {
                prop_assert_eq!(item.verdict().is_trusted(), item.pairs() >= 50);
            }
        }

        #[test]
        fn agreement_lies_in_zero_to_one_and_every_number_is_finite(
            pairs in proptest::collection::vec((codes(), codes()), 1..80),
            level in crate::common::strategies::level(),
        ) {
            let form = three_item_form();
            let pairs: Vec<_> = pairs.iter().enumerate().map(|(i, &(h, a))| (i, h, a)).collect();
            let paired = tally(&form, &pairs);
            let report = paired.report(&TrustRule::default().with_level(level));
            for item in report.items() {
                let all = item.pairs()
                    + item.only_not_applicable(Scorer::Human)
                    + item.only_not_applicable(Scorer::Automatic)
                    + item.both_not_applicable();
                prop_assert_eq!(all, pairs.len() as u64);
                if let Some(share) = item.agreement() {
                    prop_assert!((0.0..=1.0).contains(&share.fraction()));
                    let i = item.agreement_interval().unwrap();
                    prop_assert!(0.0 <= i.lower() && i.contains(share.percent()) && i.upper() <= 100.0);
                }
                for outcome in [item.kappa(), item.ac1()] {
                    if let Some(e) = outcome.estimate() {
                        // At most 1; a weighted kappa on a few opposed pairs can fall below −1
                        // (two pairs, 1 against 5 and 4 against 2, do). Its interval is
                        // limited to −1..=1 and always contains the value, as the agreement
                        // module documents.
                        prop_assert!(e.value().is_finite() && e.value() <= 1.0);
                        if let Some(i) = e.interval() {
                            prop_assert!(e.value().min(-1.0) <= i.lower() && i.upper() <= 1.0);
                            prop_assert!(i.contains(e.value()));
                        }
                    }
                }
                if let Some(b) = item.bias() {
                    prop_assert!((-100.0..=100.0).contains(&b.mean()));
                    if let Some(i) = b.interval() {
                        prop_assert!(-100.0 <= i.lower() && i.contains(b.mean()) && i.upper() <= 100.0);
                    }
                }
                if let Some(lower) = item.verdict().lower_bound() {
                    prop_assert!(lower.is_finite() && lower <= 1.0);
                }
            }
        }

        #[test]
        fn each_side_is_the_summary_of_its_own_evaluations_alone(
            pairs in proptest::collection::vec((codes(), codes()), 0..40),
        ) {
            let form = three_item_form();
            let indexed: Vec<_> = pairs.iter().enumerate().map(|(i, &(h, a))| (i, h, a)).collect();
            let paired = tally(&form, &indexed);
            let (mut human, mut automatic) = (FormSummary::new(&form), FormSummary::new(&form));
            for &(h, a) in &pairs {
                human.add(&answers(h).evaluate(&form).unwrap()).unwrap();
                automatic.add(&answers(a).evaluate(&form).unwrap()).unwrap();
            }
            prop_assert_eq!(paired.summary(Scorer::Human), &human);
            prop_assert_eq!(paired.summary(Scorer::Automatic), &automatic);
            prop_assert_eq!(paired.count(), pairs.len() as u64);
        }

        #[test]
        fn merging_in_any_order_and_grouping_gives_the_tally_of_all_pairs(
            pairs in proptest::collection::vec((codes(), codes()), 1..60),
            seed in any::<u64>(),
            cuts in proptest::collection::vec(any::<proptest::sample::Index>(), 0..6),
            steps in proptest::collection::vec(
                (any::<proptest::sample::Index>(), any::<proptest::sample::Index>(), any::<bool>()),
                0..8,
            ),
        ) {
            let form = three_item_form();
            let indexed: Vec<_> = pairs.iter().enumerate().map(|(i, &(h, a))| (i, h, a)).collect();
            let whole = tally(&form, &indexed);
            let parts: Vec<PairedSummary> = cut_into(&shuffled(&indexed, seed), &cuts)
                .iter()
                .map(|part| tally(&form, part))
                .collect();
            let merged = merge_tree(parts, &steps, |a, b| a.try_merge(b).unwrap(), stored).unwrap();
            prop_assert_eq!(&merged, &whole);
            prop_assert_eq!(merged.report(&TrustRule::default()), whole.report(&TrustRule::default()));
        }

        #[test]
        fn a_series_merges_in_any_order_and_keeps_each_period_apart(
            pairs in proptest::collection::vec((0u8..3, codes(), codes()), 1..50),
            seed in any::<u64>(),
            cuts in proptest::collection::vec(any::<proptest::sample::Index>(), 0..5),
            steps in proptest::collection::vec(
                (any::<proptest::sample::Index>(), any::<proptest::sample::Index>(), any::<bool>()),
                0..6,
            ),
        ) {
            let form = three_item_form();
            let series_of = |part: &[(usize, (u8, Codes, Codes))]| {
                let mut series = PairedByPeriod::new(&form);
                for &(id, (month, h, a)) in part {
                    series
                        .add(
                            format!("2025-0{}", month + 1),
                            &format!("c{id}"),
                            &answers(h).evaluate(&form).unwrap(),
                            &AutomaticEvaluation::new(answers(a).evaluate(&form).unwrap()),
                        )
                        .unwrap();
                }
                series
            };
            let indexed: Vec<_> = pairs.iter().copied().enumerate().collect();
            let whole = series_of(&indexed);
            let parts: Vec<_> = cut_into(&shuffled(&indexed, seed), &cuts)
                .iter()
                .map(|part| series_of(part))
                .collect();
            let merged = merge_tree(parts, &steps, |a, b| a.try_merge(b).unwrap(), stored).unwrap();
            prop_assert_eq!(&merged, &whole);
            // Each period is the tally of its own pairs.
            for (month, paired) in whole.periods() {
                let own: Vec<_> = indexed
                    .iter()
                    .filter(|(_, (m, _, _))| format!("2025-0{}", m + 1) == *month)
                    .map(|&(id, (_, h, a))| (id, h, a))
                    .collect();
                prop_assert_eq!(paired, &tally(&form, &own));
            }
            let drift = whole.drift(ShareMethod::Wilson, Level::default());
            prop_assert_eq!(drift.len(), whole.periods().count().saturating_sub(1));
        }
    }
}

#[test]
fn a_significant_drop_is_flagged_and_a_steady_scorer_is_not() {
    let form = worked_form();
    let mut series = PairedByPeriod::new(&form);
    // Verification: March 57 of 60 agree, April 56 of 60, May 40 of 60.
    for (month, agreeing) in [("2025-03", 57), ("2025-04", 56), ("2025-05", 40)] {
        for call in 0..60 {
            let human = Answers::from(vec![Answer::Yes, Answer::Rating(2)]);
            let automatic = Answers::from(vec![yes_no(call < agreeing), Answer::Rating(2)]);
            series
                .add(
                    month.to_owned(),
                    &format!("{month}/{call}"),
                    &human.evaluate(&form).unwrap(),
                    &AutomaticEvaluation::new(automatic.evaluate(&form).unwrap()),
                )
                .unwrap();
        }
    }
    let drift = series.drift(ShareMethod::Wilson, Level::default());
    assert_eq!(drift.len(), 2);
    let (april, may) = (&drift[0], &drift[1]);
    assert_eq!(
        (april.earlier().as_str(), april.later().as_str()),
        ("2025-03", "2025-04")
    );
    assert_eq!(april.dropped().count(), 0);
    let steady = april.item("verification").unwrap();
    // (56 − 57) / 60 = −1.67 points, far from significant.
    close(steady.change().unwrap().difference(), -100.0 / 60.0, 1e-12);
    assert!(!steady.dropped());
    // May: (40 − 56) / 60 = −26.7 points, significant; resolution agrees fully throughout.
    assert_eq!(may.dropped().collect::<Vec<_>>(), ["verification"]);
    let keys: Vec<(&str, bool)> = may
        .items()
        .iter()
        .map(|i| (i.item(), i.dropped()))
        .collect();
    assert_eq!(keys, [("verification", true), ("resolution", false)]);
    let fell = may.item("verification").unwrap();
    close(fell.change().unwrap().difference(), -1600.0 / 60.0, 1e-12);
    assert!(fell.change().unwrap().p_value() < 0.05);
    assert_close(
        may.item("resolution").unwrap().change().unwrap().p_value(),
        1.0,
    );
    assert_eq!(
        (
            fell.earlier().unwrap().count(),
            fell.later().unwrap().count()
        ),
        (56, 40)
    );
}

#[test]
fn a_period_without_pairs_for_an_item_has_no_change() {
    let form = worked_form();
    let mut series = PairedByPeriod::new(&form);
    for (month, resolution) in [(1u8, Some(2)), (2, None)] {
        let answers = Answers::from(vec![Answer::Yes, rating(resolution)]);
        let e = answers.evaluate(&form).unwrap();
        series
            .add(
                month,
                &format!("m{month}"),
                &e,
                &AutomaticEvaluation::new(e),
            )
            .unwrap();
    }
    let drift = series.drift(ShareMethod::Wilson, Level::default());
    let r = drift[0].item("resolution").unwrap();
    assert_eq!((r.earlier().map(|s| s.count()), r.later()), (Some(1), None));
    assert!(r.change().is_none() && !r.dropped());
    assert_eq!(series.period(&2).unwrap().count(), 1);
    assert!(series.period(&3).is_none());
}

mod bad_input {
    use super::*;

    fn yes_and_two() -> Answers {
        Answers::from(vec![Answer::Yes, Answer::Rating(2)])
    }

    #[test]
    fn pairs_of_another_form_or_version_are_refused_and_change_nothing() {
        let form = worked_form();
        let answers = yes_and_two();
        let e = answers.evaluate(&form).unwrap();
        let mut paired = PairedSummary::new(&form);
        paired.add("c1", &e, &AutomaticEvaluation::new(e)).unwrap();
        let before = paired.clone();

        let v2 = Form::builder("call_review", 2)
            .item(Item::yes_no("verification").unwrap())
            .item(
                Item::scale("resolution", Scale::new(1, 3).unwrap())
                    .unwrap()
                    .with_not_applicable(true),
            )
            .build()
            .unwrap();
        let other = answers.evaluate(&v2).unwrap();
        assert_eq!(
            paired
                .add("c2", &other, &AutomaticEvaluation::new(e))
                .unwrap_err()
                .to_string(),
            "form of the human evaluation differs: call_review v2 here, call_review v1 expected"
        );
        assert_eq!(
            paired
                .add("c2", &e, &AutomaticEvaluation::new(other))
                .unwrap_err()
                .to_string(),
            "form of the automatic evaluation differs: call_review v2 here, call_review v1 \
             expected"
        );
        // The same key and version, scored otherwise: named by fingerprint.
        let rescored = form
            .clone()
            .with_critical_rule(service_quality::CriticalRule::ScoreZero);
        let r = answers.evaluate(&rescored).unwrap();
        let err = paired
            .add("c2", &r, &AutomaticEvaluation::new(e))
            .unwrap_err();
        assert!(matches!(
            err,
            Error::Mismatch {
                field: "form of the human evaluation",
                ..
            }
        ));
        assert!(
            err.to_string().contains("call_review v1 scored as "),
            "{err}"
        );
        assert_eq!(paired, before);

        // Merging tallies of two forms.
        let mut merged = paired.clone();
        let err = merged.try_merge(&PairedSummary::new(&v2)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "form differs: call_review v2 here, call_review v1 expected"
        );
        assert_eq!(merged, before);
        let mut series = PairedByPeriod::<u32>::new(&form);
        assert!(matches!(
            series.try_merge(&PairedByPeriod::new(&v2)),
            Err(Error::Mismatch { field: "form", .. })
        ));
        assert!(matches!(
            series.add(1, "c1", &other, &AutomaticEvaluation::new(e)),
            Err(Error::Mismatch { .. })
        ));
        assert_eq!(series.periods().count(), 0);
    }

    #[test]
    fn a_conversation_is_paired_once_per_tally_and_per_series() {
        let form = worked_form();
        let answers = yes_and_two();
        let e = answers.evaluate(&form).unwrap();
        let a = AutomaticEvaluation::new(e);
        let mut paired = PairedSummary::new(&form);
        paired.add("c1", &e, &a).unwrap();
        let before = paired.clone();
        let err = paired.add("c1", &e, &a).unwrap_err();
        assert!(matches!(
            err,
            Error::Duplicate {
                what: "conversation",
                ..
            }
        ));
        assert_eq!(err.to_string(), "duplicate conversation 'c1'");
        assert_eq!(paired, before);
        assert!(paired.contains(" c1"));

        // Two tallies that paired the same conversation do not merge, either way round.
        let mut other = PairedSummary::new(&form);
        other.add("c0", &e, &a).unwrap();
        other.add("c1", &e, &a).unwrap();
        assert_eq!(
            paired.try_merge(&other).unwrap_err().to_string(),
            "duplicate conversation 'c1'"
        );
        assert_eq!(paired, before);
        assert!(other.clone().try_merge(&before).is_err());

        // A series: the same conversation in another month is a duplicate too.
        let mut series = PairedByPeriod::new(&form);
        series.add("2025-03".to_owned(), "c1", &e, &a).unwrap();
        assert_eq!(
            series
                .add("2025-04".to_owned(), "c1", &e, &a)
                .unwrap_err()
                .to_string(),
            "duplicate conversation 'c1'"
        );
        assert!(series.period(&"2025-04".to_owned()).is_none());
        let mut april = PairedByPeriod::new(&form);
        april.add("2025-04".to_owned(), "c1", &e, &a).unwrap();
        assert!(matches!(
            series.try_merge(&april),
            Err(Error::Duplicate {
                what: "conversation",
                ..
            })
        ));
        assert_eq!(series.periods().count(), 1);

        assert_eq!(
            paired.add("  ", &e, &a).unwrap_err().to_string(),
            "conversation id is empty, expected some text"
        );
    }

    #[test]
    fn a_trust_rule_needs_a_threshold_in_zero_to_one_and_at_least_one_pair() {
        for bad in [-0.1, 1.000_001, 80.0, f64::NAN, f64::INFINITY] {
            let err = TrustRule::new(bad, 50).unwrap_err();
            assert!(
                matches!(
                    err,
                    Error::ValueOutOfRange {
                        field: "trust threshold",
                        ..
                    }
                ),
                "{bad}: {err:?}"
            );
        }
        assert_eq!(
            TrustRule::new(-0.1, 50).unwrap_err().to_string(),
            "trust threshold is -0.1, expected a value in 0..=1"
        );
        assert_eq!(
            TrustRule::new(0.8, 0).unwrap_err().to_string(),
            "minimum paired reviews is 0, expected at least 1"
        );
        assert!(matches!(
            TrustRule::new(0.8, 0),
            Err(Error::IntegerOutOfRange {
                field: "minimum paired reviews",
                ..
            })
        ));
        // The ends of the range are allowed.
        assert!(TrustRule::new(0.0, 1).is_ok() && TrustRule::new(1.0, u64::MAX).is_ok());
    }

    #[test]
    fn a_single_pair_has_no_lower_bound_for_gwet_and_says_so() {
        let form = worked_form();
        let answers = yes_and_two();
        let e = answers.evaluate(&form).unwrap();
        let mut paired = PairedSummary::new(&form);
        paired.add("c1", &e, &AutomaticEvaluation::new(e)).unwrap();
        let report = paired.report(&TrustRule::new(0.5, 1).unwrap());
        let v = report.item("verification").unwrap().verdict();
        assert_eq!(v.failures(), [TrustFailure::NoLowerBound]);
        assert_eq!(v.to_string(), "not trusted (Gwet's AC1): no lower bound");
    }
}

#[test]
fn reports_and_tallies_are_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<PairedSummary>();
    assert_send_sync::<PairedByPeriod<String>>();
    assert_send_sync::<AutomaticReport>();
    assert_send_sync::<ItemAgreement>();
    assert_send_sync::<TrustRule>();
    assert_send_sync::<AutomaticEvaluation<'static>>();
}

#[cfg(feature = "serde")]
mod json {
    use super::*;
    use crate::common::rejection;
    use serde_json::json;

    #[test]
    fn tallies_series_and_rules_read_back_equal() {
        let paired = worked_tally();
        assert_eq!(stored(&paired), paired);
        let value = serde_json::to_value(&paired).unwrap();
        assert_eq!(
            value["items"][1],
            json!({
                "key": "resolution",
                "pairs": [[1, 1, 2], [1, 2, 1], [2, 2, 3], [2, 3, 2], [3, 3, 2]],
                "human_only_not_applicable": 3,
                "automatic_only_not_applicable": 2,
                "both_not_applicable": 5,
            })
        );
        assert_eq!(value["conversations"].as_array().unwrap().len(), 20);

        let rule = TrustRule::new(0.7, 30)
            .unwrap()
            .with_measure(TrustMeasure::ExactAgreement);
        assert_eq!(stored(&rule), rule);
        assert_eq!(
            serde_json::to_value(rule).unwrap(),
            json!({"threshold": 0.7, "min_pairs": 30, "measure": "exact_agreement",
                   "level": 0.95, "share_method": "wilson"})
        );
        let short: TrustRule =
            serde_json::from_value(json!({"threshold": 0.8, "min_pairs": 50})).unwrap();
        assert_eq!(short, TrustRule::default());

        let form = worked_form();
        let mut series = PairedByPeriod::new(&form);
        for (i, (vh, va, rh, ra)) in worked_calls().into_iter().enumerate() {
            let human = Answers::from(vec![yes_no(vh), rating(rh)]);
            let automatic = Answers::from(vec![yes_no(va), rating(ra)]);
            series
                .add(
                    format!("2025-0{}", 1 + i % 3),
                    &format!("c{i}"),
                    &human.evaluate(&form).unwrap(),
                    &AutomaticEvaluation::new(automatic.evaluate(&form).unwrap()),
                )
                .unwrap();
        }
        assert_eq!(stored(&series), series);
        // A report serialises with its verdicts (read only).
        let report = serde_json::to_value(paired.report(&TrustRule::default())).unwrap();
        assert_eq!(
            report["items"][0]["verdict"]["failures"][0]["too_few_pairs"]["needed"],
            50
        );
    }

    #[test]
    fn a_stored_tally_that_does_not_add_up_is_refused() {
        let good = serde_json::to_value(worked_tally()).unwrap();
        let broken = |change: &dyn Fn(&mut serde_json::Value)| {
            let mut value = good.clone();
            change(&mut value);
            rejection::<PairedSummary>(value)
        };
        // An answer the item does not accept.
        assert_eq!(
            broken(&|v| v["items"][1]["pairs"][0] = json!([1, 4, 2])),
            "answer for 'resolution' is 4, expected a rating in 1..=3"
        );
        assert_eq!(
            broken(&|v| v["items"][0]["pairs"][0] = json!([2, 1, 3])),
            "answer for 'verification' is 2, expected 1 (yes) or 0 (no)"
        );
        // Counts that do not add up to one per conversation.
        assert_eq!(
            broken(&|v| v["items"][1]["both_not_applicable"] = json!(7)),
            "paired answers is 22 for item 'resolution', expected one per conversation, 20"
        );
        // Counts that add up, but not to what the summaries counted: the scorer would have
        // answered on the 10 pairs and the 4 calls only the human called N/A, 14, where its
        // summary counted 13 answers; or the human on the pairs and 3 calls, where it counted
        // 12.
        assert_eq!(
            broken(&|v| {
                v["items"][1]["both_not_applicable"] = json!(4);
                v["items"][1]["human_only_not_applicable"] = json!(4);
            }),
            "paired answers is 14 automatic answers to item 'resolution', expected the 13 its \
             summary counted"
        );
        assert_eq!(
            broken(&|v| {
                v["items"][1]["both_not_applicable"] = json!(4);
                v["items"][1]["automatic_only_not_applicable"] = json!(3);
            }),
            "paired answers is 13 human answers to item 'resolution', expected the 12 its \
             summary counted"
        );
        // A conversation listed twice, or one missing.
        assert_eq!(
            broken(&|v| v["conversations"][1] = v["conversations"][0].clone()),
            "duplicate conversation 'call-00'"
        );
        assert_eq!(
            broken(&|v| {
                v["conversations"].as_array_mut().unwrap().pop();
            }),
            "evaluations is 20 human, expected one per conversation, 19"
        );
        // Items renamed, or a summary of another form.
        assert_eq!(
            broken(&|v| v["items"][0]["key"] = json!("verify")),
            "item differs: 'verify' here, 'verification' expected"
        );
        let other = serde_json::to_value(FormSummary::new(&three_item_form())).unwrap();
        assert!(
            broken(&|v| v["automatic"] = other.clone())
                .starts_with("form of the automatic summary differs: chat_review v2 scored as ")
        );
        // The same scoring under another key, or another version of the form.
        assert!(
            broken(&|v| v["automatic"]["form"]["key"] = json!("other_review"))
                .starts_with("form of the automatic summary differs: other_review v1 scored as ")
        );
        assert!(
            broken(&|v| v["human"]["form"]["version"] = json!(2))
                .starts_with("form of the human summary differs: call_review v2 scored as ")
        );
        assert!(broken(&|v| v["extra"] = json!(1)).contains("unknown field"));
        // A rule outside its range.
        assert_eq!(
            rejection::<TrustRule>(json!({"threshold": 1.5, "min_pairs": 50})),
            "trust threshold is 1.5, expected a value in 0..=1"
        );
        assert_eq!(
            rejection::<TrustRule>(json!({"threshold": 0.8, "min_pairs": 0})),
            "minimum paired reviews is 0, expected at least 1"
        );
    }

    #[test]
    fn a_stored_series_pairs_each_conversation_and_period_once() {
        let form = worked_form();
        let e = Answers::from(vec![Answer::Yes, Answer::Rating(2)]);
        let e = e.evaluate(&form).unwrap();
        let mut series = PairedByPeriod::new(&form);
        series
            .add("2025-03".to_owned(), "c1", &e, &AutomaticEvaluation::new(e))
            .unwrap();
        series
            .add("2025-04".to_owned(), "c2", &e, &AutomaticEvaluation::new(e))
            .unwrap();
        let good = serde_json::to_value(&series).unwrap();
        let mut twice = good.clone();
        twice["periods"][1]["period"] = json!("2025-03");
        assert_eq!(
            rejection::<PairedByPeriod<String>>(twice),
            "duplicate period '2025-03'"
        );
        let mut shared = good;
        shared["periods"][1]["conversations"] = json!(["c1"]);
        assert_eq!(
            rejection::<PairedByPeriod<String>>(shared),
            "duplicate conversation 'c1'"
        );
    }
}

/// A scorer a step harsher than people on every empathy rating: agreement on the ordinal item
/// can look good, but with a maximum bias the rule refuses it, and names the bias.
#[test]
fn a_rule_with_a_maximum_bias_refuses_a_steadily_harsher_scorer() {
    let form = three_item_form();
    // People rate empathy 2 to 5; the scorer gives one less every time (25 points lower).
    let pairs: Vec<_> = (0..60)
        .map(|i| {
            let human = 2 + (i % 4) as u8;
            (i, (1, human, 0), (1, human - 1, 0))
        })
        .collect();
    let paired = tally(&form, &pairs);
    let plain = paired.report(&TrustRule::default());
    let empathy = plain.item("empathy").unwrap();
    assert_eq!(empathy.bias().map(|b| b.mean()), Some(-25.0));
    assert!(empathy.bias().unwrap().interval().is_none()); // every difference the same
    let strict = TrustRule::default().try_with_max_bias(5.0).unwrap();
    let report = paired.report(&strict);
    let verdict = report.item("empathy").unwrap().verdict();
    assert!(!verdict.is_trusted());
    assert!(
        verdict
            .failures()
            .iter()
            .any(|f| f.to_string() == "biased by at least -25.0 points, ±5 allowed"),
        "{verdict}"
    );
    // The items where the scorer matches people keep their verdict.
    assert_eq!(
        report.item("verification").unwrap().verdict().is_trusted(),
        plain.item("verification").unwrap().verdict().is_trusted()
    );
    // A tolerance as wide as the offset accepts it on bias.
    let loose = TrustRule::default().try_with_max_bias(25.0).unwrap();
    let loose = paired.report(&loose);
    assert!(
        !loose
            .item("empathy")
            .unwrap()
            .verdict()
            .to_string()
            .contains("biased")
    );
    assert!(TrustRule::default().try_with_max_bias(100.5).is_err());
    assert!(TrustRule::default().try_with_max_bias(f64::NAN).is_err());
}

#[cfg(feature = "serde")]
#[test]
fn a_rules_maximum_bias_is_stored_and_checked_when_read() {
    let rule = TrustRule::default().try_with_max_bias(5.0).unwrap();
    let json = serde_json::to_string(&rule).unwrap();
    assert!(json.contains(r#""max_bias":5.0"#), "{json}");
    assert_eq!(serde_json::from_str::<TrustRule>(&json).unwrap(), rule);
    let bad = json.replace(r#""max_bias":5.0"#, r#""max_bias":-5.0"#);
    let err = serde_json::from_str::<TrustRule>(&bad)
        .unwrap_err()
        .to_string();
    assert!(err.contains("maximum bias is -5"), "{err}");
    // Written without one, it reads without one.
    let plain = serde_json::to_string(&TrustRule::default()).unwrap();
    assert!(!plain.contains("max_bias"));
}
