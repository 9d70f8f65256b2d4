//! Each item's spread in a form's summary: its exact sum of squared scores, the moments and the
//! t interval it gives, through merges, corrections, stored totals and JSON, and the summaries
//! stored before it was kept.

use crate::common::assert_close;

use service_quality::form::{Answer, Answers, Form, FormSummary, Item};
use service_quality::metrics::Level;
use service_quality::{ErrorKind, Scale};

fn form() -> Form {
    Form::builder("chat_review", 1)
        .item(
            Item::scale("tone", Scale::ONE_TO_FIVE)
                .unwrap()
                .with_not_applicable(true),
        )
        .item(Item::yes_no("verified").unwrap())
        .build()
        .unwrap()
}

fn summary_of(form: &Form, tones: &[Answer]) -> FormSummary {
    let mut summary = FormSummary::new(form);
    for &tone in tones {
        let answers = Answers::from(vec![tone, Answer::Yes]);
        summary.add(&answers.evaluate(form).unwrap()).unwrap();
    }
    summary
}

/// Tone 5, 3, N/A, 4, 2: scores 100, 50, 75, 25 over four answers. Mean 62.5; squared deviations
/// 1406.25 + 156.25 + 156.25 + 1406.25 = 3125, variance 3125 / 3 ≈ 1041.67, standard deviation
/// ≈ 32.27; the 95% t interval is 62.5 ± t(0.975, 3) × 32.27 / 2 = 62.5 ± 3.1824 × 16.137,
/// limited to 0..=100.
#[test]
fn an_items_moments_and_interval_are_those_of_its_answers() {
    let form = form();
    let tones = [
        Answer::Rating(5),
        Answer::Rating(3),
        Answer::NotApplicable,
        Answer::Rating(4),
        Answer::Rating(2),
    ];
    let summary = summary_of(&form, &tones);
    let tone = summary.item_moments("tone").unwrap();
    assert_eq!(tone.count(), 4);
    assert_close(tone.mean(), 62.5);
    assert_close(tone.variance(), 3125.0 / 3.0);
    let interval = summary.item_interval("tone", Level::default()).unwrap();
    // scipy.stats.t.ppf(0.975, 3) = 3.182446305284263.
    let half = 3.182446305284263 * (3125.0_f64 / 3.0).sqrt() / 2.0;
    assert!(
        (interval.lower() - (62.5 - half)).abs() < 1e-9,
        "{interval:?}"
    );
    // 62.5 + 51.36 passes 100, where the interval is limited.
    assert_close(interval.upper(), 100.0);

    // Every answer "yes": no spread, so no interval, and the error says why.
    let verified = summary
        .item_interval("verified", Level::default())
        .unwrap_err();
    assert_eq!(verified.kind(), ErrorKind::Degenerate);
    let unknown = summary
        .item_interval("tonee", Level::default())
        .unwrap_err();
    assert!(
        unknown.to_string().contains("(closest: 'tone')"),
        "{unknown}"
    );
    let none = FormSummary::new(&form).item_moments("tone").unwrap_err();
    assert_eq!(none.kind(), ErrorKind::Empty);
}

#[test]
fn the_spread_merges_corrects_and_is_stored_exactly() {
    let form = form();
    let a = [Answer::Rating(5), Answer::Rating(3)];
    let b = [Answer::Rating(4), Answer::NotApplicable, Answer::Rating(1)];
    let mut merged = summary_of(&form, &a);
    merged.try_merge(&summary_of(&form, &b)).unwrap();
    let whole = summary_of(&form, &[a.as_slice(), b.as_slice()].concat());
    assert_eq!(merged, whole);
    let moments = |s: &FormSummary| s.item_moments("tone").unwrap();
    assert_eq!(moments(&merged), moments(&whole));

    // Taking the second batch out leaves the first, spread included.
    merged.subtract(&summary_of(&form, &b)).unwrap();
    assert_eq!(moments(&merged), moments(&summary_of(&form, &a)));

    // Stored totals carry the squares: 100² + 50² = 12500, in 2^-52 units.
    let stored = summary_of(&form, &a).stored();
    let squares = stored.item_squares_units.clone().unwrap();
    assert_eq!(squares[0], 12_500_u128 << 52);
    let items: Vec<_> = summary_of(&form, &a)
        .items()
        .map(|(_, i)| i.stored())
        .collect();
    let back = FormSummary::from_stored(&form, stored.clone(), items.clone()).unwrap();
    assert_eq!(back, summary_of(&form, &a));

    // Squares that scores summing to the item's sum cannot have are refused by name.
    let mut bad = stored.clone();
    bad.item_squares_units = Some(vec![20_001_u128 << 52, 20_000 << 52]);
    let err = FormSummary::from_stored(&form, bad, items.clone()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Inconsistent);
    assert!(
        err.to_string().starts_with("sum_of_squares is 20001"),
        "{err}"
    );
    let mut short = stored;
    short.item_squares_units = Some(vec![0]);
    let err = FormSummary::from_stored(&form, short, items).unwrap_err();
    assert_eq!(
        err.to_string(),
        "number of items' sums of squares differs: 1 here, 2 expected"
    );
}

/// A summary stored before summaries kept each item's spread reads, keeps its means, and says
/// it has no item intervals; merging it, or adding to it, cannot give one back.
#[test]
fn a_summary_stored_without_the_spread_has_no_item_intervals() {
    let form = form();
    let a = summary_of(&form, &[Answer::Rating(5), Answer::Rating(3)]);
    let mut stored = a.stored();
    stored.item_squares_units = None;
    let items: Vec<_> = a.items().map(|(_, i)| i.stored()).collect();
    let mut old = FormSummary::from_stored(&form, stored, items).unwrap();
    assert_eq!(
        old.item("tone").and_then(|t| t.mean()),
        a.item("tone").and_then(|t| t.mean())
    );
    let err = old.item_interval("tone", Level::default()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Missing);
    assert_eq!(
        err.to_string(),
        "missing sum of squares (stored before summaries kept one) for item 'tone'"
    );
    // The overall interval does not need it.
    assert_eq!(
        old.mean_interval(Level::default()).unwrap(),
        a.mean_interval(Level::default()).unwrap()
    );
    old.add(
        &Answers::from(vec![Answer::Rating(4), Answer::Yes])
            .evaluate(&form)
            .unwrap(),
    )
    .unwrap();
    assert!(old.item_moments("tone").is_err());
    let mut fresh = a.clone();
    fresh.try_merge(&old).unwrap();
    assert_eq!(
        fresh.item_moments("tone").unwrap_err().kind(),
        ErrorKind::Missing
    );
}

#[cfg(feature = "serde")]
mod json {
    use super::*;

    #[test]
    fn json_carries_the_squares_and_reads_older_rows_without_them() {
        let form = form();
        let a = summary_of(&form, &[Answer::Rating(5), Answer::Rating(3)]);
        let json = serde_json::to_string(&a).unwrap();
        assert!(json.contains(r#""sum_of_squares":12500.0"#), "{json}");
        let back: FormSummary = serde_json::from_str(&json).unwrap();
        assert_eq!(back, a);

        // Written before the squares: it reads, without item intervals.
        let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
        for item in value["items"].as_array_mut().unwrap() {
            let item = item.as_object_mut().unwrap();
            item.remove("sum_of_squares");
            item.remove("sum_of_squares_exact");
        }
        let old: FormSummary = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(
            old.item_moments("tone").unwrap_err().kind(),
            ErrorKind::Missing
        );

        // On one item but not the other: refused.
        value["items"][0]["sum_of_squares"] = serde_json::json!(12500.0);
        let err = serde_json::from_value::<FormSummary>(value.clone()).unwrap_err();
        assert!(
            err.to_string()
                .contains("sum_of_squares is on some items, expected on every item or on none"),
            "{err}"
        );
        // A float alone is read; one its answers could not have is refused.
        value["items"][1]["sum_of_squares"] = serde_json::json!(20000.0);
        let float_only: FormSummary = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(
            float_only.item_moments("tone").unwrap(),
            a.item_moments("tone").unwrap()
        );
        value["items"][0]["sum_of_squares"] = serde_json::json!(30000.0);
        assert!(serde_json::from_value::<FormSummary>(value).is_err());
    }
}
