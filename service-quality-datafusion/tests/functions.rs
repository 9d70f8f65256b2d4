//! The functions against the core crate on the same data: with one partition and with several
//! (so partial aggregation, repartitioning and final aggregation all run), with NULLs as N/A.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::collections::BTreeMap;

use common::expected::{
    Found, assert_breakdowns_equal, assert_proud_equal, expected_breakdowns, expected_proud, policy,
};
use common::{Reviews, assert_close, counts, numbers, query, strings, structs};
use datafusion::error::DataFusionError;
use service_quality::batch::{BatchScorer, Column, RatingColumns};

use service_quality::form::{Answer, Answers, FormSummary};
use service_quality::metrics::{Ces, Csat, Level, Nps, NpsMethod};
use service_quality::proud::{Principle, ProudPolicy};
use service_quality::{Band, Dimension};
use service_quality_datafusion::find_error;

const ROWS: usize = 12_000;
const TEAMS: usize = 7;

async fn grouped(ctx: &datafusion::prelude::SessionContext, select: &str) -> Found {
    let sql = format!("SELECT team, {select} FROM reviews GROUP BY team ORDER BY team");
    let batch = query(ctx, &sql).await;
    Found {
        teams: strings(&batch, 0),
        array: structs(&batch, 1),
    }
}

#[tokio::test]
async fn proud_summary_equals_the_batch_path_with_one_and_several_partitions() {
    let data = Reviews::new(ROWS, TEAMS, 7);
    let expected = expected_proud(&data, &policy());
    let call = format!("proud_summary(p, r, o, u, d, '{}')", common::POLICY);
    for partitions in [1, 4] {
        let ctx = data.context(partitions);
        assert_proud_equal(&grouped(&ctx, &call).await, &expected);
        // Int64 columns take the narrowing path; same answer.
        let wide = format!(
            "proud_summary(p64, r64, o64, u64, d64, '{}')",
            common::POLICY
        );
        assert_proud_equal(&grouped(&ctx, &wide).await, &expected);
    }
}

#[tokio::test]
async fn several_partitions_run_partial_and_final_aggregation() {
    let data = Reviews::new(2_000, TEAMS, 3);
    let ctx = data.context(4);
    let sql = format!(
        "EXPLAIN SELECT team, proud_summary(p, r, o, u, d, '{}') FROM reviews GROUP BY team",
        common::POLICY
    );
    let plan = strings(&query(&ctx, &sql).await, 1).join("\n");
    assert!(plan.contains("mode=Partial"), "{plan}");
    assert!(plan.contains("mode=FinalPartitioned"), "{plan}");
    assert!(plan.contains("RepartitionExec"), "{plan}");
}

#[tokio::test]
async fn without_group_by_the_one_group_accumulator_gives_the_same_totals() {
    let data = Reviews::new(5_000, 1, 11);
    let expected = expected_proud(&data, &policy());
    for partitions in [1, 3] {
        let ctx = data.context(partitions);
        let sql = format!(
            "SELECT proud_summary(p, r, o, u, d, '{}') FROM reviews",
            common::POLICY
        );
        let batch = query(&ctx, &sql).await;
        let found = Found {
            teams: vec!["team-00".to_owned()],
            array: structs(&batch, 0),
        };
        assert_proud_equal(&found, &expected);
    }
}

#[tokio::test]
async fn skipping_partial_aggregation_converts_rows_to_states_with_the_same_result() {
    // Many groups and a probe that gives up on partial aggregation at once: rows go straight
    // to intermediate states (convert_to_state).
    let data = Reviews::new(6_000, 1_500, 5);
    let expected = expected_proud(&data, &policy());
    let ctx = data.context(2);
    for (key, value) in [
        (
            "datafusion.execution.skip_partial_aggregation_probe_rows_threshold",
            "10",
        ),
        (
            "datafusion.execution.skip_partial_aggregation_probe_ratio_threshold",
            "0.01",
        ),
    ] {
        ctx.sql(&format!("SET {key} = {value}")).await.unwrap();
    }
    let call = format!("proud_summary(p, r, o, u, d, '{}')", common::POLICY);
    assert_proud_equal(&grouped(&ctx, &call).await, &expected);
}

#[tokio::test]
async fn a_filter_clause_leaves_other_rows_out() {
    let data = Reviews::new(3_000, TEAMS, 13);
    let ctx = data.context(2);
    let sql = format!(
        "SELECT proud_summary(p, r, o, u, d, '{}') FILTER (WHERE team = 'team-03') FROM reviews",
        common::POLICY
    );
    let batch = query(&ctx, &sql).await;
    let expected = expected_proud(&data, &policy());
    let found = Found {
        teams: vec!["team-03".to_owned()],
        array: structs(&batch, 0),
    };
    let only: BTreeMap<_, _> = expected
        .into_iter()
        .filter(|(k, _)| k == "team-03")
        .collect();
    assert_proud_equal(&found, &only);
}

#[tokio::test]
async fn the_default_policy_applies_without_the_argument() {
    // Without the policy, D may not be N/A: use complete rows only.
    let mut data = Reviews::new(3_000, TEAMS, 17);
    for v in &mut data.proud[4] {
        v.get_or_insert(3);
    }
    let expected = expected_proud(&data, &ProudPolicy::default());
    let ctx = data.context(3);
    assert_proud_equal(
        &grouped(&ctx, "proud_summary(p, r, o, u, d)").await,
        &expected,
    );
}

#[tokio::test]
async fn a_literal_null_column_is_not_applicable_throughout() {
    let mut data = Reviews::new(2_000, TEAMS, 37);
    data.proud[4] = vec![None; data.len()];
    let expected = expected_proud(&data, &policy());
    let ctx = data.context(2);
    let call = format!("proud_summary(p, r, o, u, NULL, '{}')", common::POLICY);
    let found = grouped(&ctx, &call).await;
    assert_proud_equal(&found, &expected);
    assert!(
        numbers(&found.array, &["deliver"])
            .iter()
            .all(Option::is_none)
    );
}

#[tokio::test]
async fn proud_score_and_band_match_one_at_a_time_scoring() {
    let data = Reviews::new(2_000, TEAMS, 19);
    let ctx = data.context(2);
    let policy = policy();
    let sql = format!(
        "SELECT p, r, o, u, d, proud_score(p, r, o, u, d, '{0}'), proud_band(p, r, o, u, d, '{0}') FROM reviews",
        common::POLICY
    );
    let batch = query(&ctx, &sql).await;
    assert_eq!(batch.num_rows(), data.len());
    let scores = batch
        .column(5)
        .as_primitive::<datafusion::arrow::datatypes::Float64Type>();
    let bands = strings(&batch, 6);
    use datafusion::arrow::array::{Array, AsArray};
    for (row, band) in bands.iter().enumerate() {
        let rating = |j: usize| {
            let c = batch
                .column(j)
                .as_primitive::<datafusion::arrow::datatypes::UInt8Type>();
            (!c.is_null(row)).then(|| c.value(row))
        };
        let values: Vec<u8> = (0..5).map(|j| rating(j).unwrap_or(1)).collect();
        let mask: Vec<bool> = (0..5).map(|j| rating(j).is_some()).collect();
        let columns = RatingColumns::<Principle>::new(|p| {
            let j = Principle::iter().position(|x| x == p).unwrap();
            Column::with_answered(&values[j..=j], &mask[j..=j])
        })
        .unwrap();
        let card = BatchScorer::new(&policy)
            .unwrap()
            .score_row(&columns, 0)
            .unwrap();
        let score = (!scores.is_null(row)).then(|| scores.value(row));
        assert_close(score, card.overall().map(|s| s.get()), "score");
        assert_eq!(
            *band,
            card.band().map(|b| b.to_string()).unwrap_or_default()
        );
    }
}

/// The reviews' four item columns evaluated against `form` row by row and summarised per team,
/// by the crate alone.
fn summarised_by_team(
    data: &Reviews,
    form: &service_quality::form::Form,
) -> BTreeMap<String, FormSummary> {
    let mut expected: BTreeMap<String, FormSummary> = BTreeMap::new();
    for i in 0..data.len() {
        let answers = Answers::from(vec![
            Answer::Rating(data.greeting[i] as i32),
            if data.verification[i] {
                Answer::Yes
            } else {
                Answer::No
            },
            Answer::Rating(data.resolution[i] as i32),
            data.tone[i].map_or(Answer::NotApplicable, |t| Answer::Rating(t as i32)),
        ]);
        expected
            .entry(data.team[i].clone())
            .or_insert_with(|| FormSummary::new(form))
            .add(&answers.evaluate(form).unwrap())
            .unwrap();
    }
    expected
}

#[tokio::test]
async fn form_summary_equals_the_form_summarised_row_by_row() {
    let data = Reviews::new(ROWS, TEAMS, 23);
    let form = common::form();
    let expected = summarised_by_team(&data, &form);
    for partitions in [1, 4] {
        let ctx = data.context(partitions);
        let found = grouped(
            &ctx,
            "call_review_summary(greeting, verification, resolution, tone)",
        )
        .await;
        assert_eq!(found.teams, expected.keys().cloned().collect::<Vec<_>>());
        let s = &found.array;
        let each = |f: &dyn Fn(&FormSummary) -> u64| expected.values().map(f).collect::<Vec<_>>();
        assert_eq!(counts(s, &["count"]), each(&|e| e.count()));
        assert_eq!(
            counts(s, &["critical_failures"]),
            each(&|e| e.critical_failures())
        );
        assert_eq!(counts(s, &["poor"]), each(&|e| e.band_count(Band::Poor)));
        for item in ["greeting", "verification", "resolution", "tone"] {
            assert_eq!(
                counts(s, &["items", item, "answered"]),
                each(&|e| e.item(item).unwrap().answered()),
                "{item}"
            );
            for (row, e) in expected.values().enumerate() {
                assert_close(
                    numbers(s, &["items", item, "mean"])[row],
                    e.item(item).unwrap().mean().map(|m| m.get()),
                    item,
                );
            }
        }
        for (row, e) in expected.values().enumerate() {
            assert_close(
                numbers(s, &["mean_overall"])[row],
                e.mean_overall().map(|m| m.get()),
                "mean_overall",
            );
        }
        // A form without a baseline, bonus items or reporting items has none of their fields.
        for absent in ["at_baseline", "mean_bonus"] {
            assert!(s.column_by_name(absent).is_none(), "{absent}");
        }
        // Tone is N/A in about a fifth of the rows: answered less often than greeting.
        let tone = counts(s, &["items", "tone", "answered"]);
        let greeting = counts(s, &["items", "greeting", "answered"]);
        assert!(tone.iter().zip(&greeting).all(|(t, g)| t < g));
    }
}

/// A form's pass rate, bonus, mean of item means and per-answer counts of an item kept for
/// reporting travel through the engine's partial states and equal the crate's own.
#[tokio::test]
async fn form_tallies_beside_the_score_survive_partial_states() {
    let data = Reviews::new(ROWS, TEAMS, 29);
    let form: service_quality::form::Form = serde_json::from_str(common::KEPT_FORM).unwrap();
    let expected = summarised_by_team(&data, &form);
    for partitions in [1, 4] {
        let ctx = data.context(partitions);
        let found = grouped(
            &ctx,
            "kept_summary(greeting, verification, resolution, tone)",
        )
        .await;
        assert_eq!(found.teams, expected.keys().cloned().collect::<Vec<_>>());
        let s = &found.array;
        let each = |f: &dyn Fn(&FormSummary) -> u64| expected.values().map(f).collect::<Vec<_>>();
        assert_eq!(
            counts(s, &["at_baseline"]),
            each(&|e| e.at_baseline().unwrap())
        );
        for (label, at) in [("yes", 0), ("no", 1)] {
            assert_eq!(
                counts(s, &["items", "verification", "answers", label]),
                each(&|e| e.stored().counts[at]),
                "{label}"
            );
        }
        for (row, e) in expected.values().enumerate() {
            assert_close(
                numbers(s, &["mean_bonus"])[row],
                e.mean_bonus(),
                "mean_bonus",
            );
            assert_close(
                numbers(s, &["mean_of_item_means"])[row],
                e.mean_of_item_means().map(|m| m.get()),
                "mean_of_item_means",
            );
        }
        // The counts are real: both answers were given in every team.
        assert!(
            counts(s, &["items", "verification", "answers", "no"])
                .iter()
                .all(|&n| n > 0)
        );
    }
}

#[tokio::test]
async fn form_score_and_band_per_row() {
    let ctx = Reviews::new(10, 1, 1).context(1);
    let sql =
        "SELECT call_review_score(4, true, 3, NULL) AS s, call_review_band(4, 'no', 3, 'n/a') AS b";
    let batch = query(&ctx, sql).await;
    // (75 + 100 + 2 × 50) / 4; "no" on the critical item caps at its score, 0.
    assert_eq!(strings(&batch, 0), ["68.75"]);
    assert_eq!(strings(&batch, 1), ["poor"]);
}

#[tokio::test]
async fn nps_csat_and_ces_equal_the_core_tallies() {
    let data = Reviews::new(ROWS, TEAMS, 29);
    let mut nps: BTreeMap<String, Nps> = BTreeMap::new();
    let mut csat: BTreeMap<String, Csat> = BTreeMap::new();
    let mut ces: BTreeMap<String, Ces> = BTreeMap::new();
    for i in 0..data.len() {
        let team = data.team[i].clone();
        if let Some(v) = data.nps[i] {
            nps.entry(team.clone()).or_default().add(v).unwrap();
        }
        if let Some(v) = data.csat[i] {
            csat.entry(team.clone()).or_default().add(v).unwrap();
        }
        if let Some(v) = data.ces[i] {
            ces.entry(team).or_default().add(v).unwrap();
        }
    }
    let level = Level::new(0.9).unwrap();
    for partitions in [1, 4] {
        let ctx = data.context(partitions);
        let found = grouped(&ctx, "nps(nps, 'wald', 0.9)").await;
        let s = &found.array;
        assert_eq!(
            counts(s, &["count"]),
            nps.values().map(Nps::count).collect::<Vec<_>>()
        );
        assert_eq!(
            counts(s, &["promoters"]),
            nps.values().map(Nps::promoters).collect::<Vec<_>>()
        );
        for (row, e) in nps.values().enumerate() {
            assert_close(numbers(s, &["score"])[row], e.score().ok(), "nps");
            let ci = e.interval_with(NpsMethod::Wald, level).unwrap();
            assert_close(numbers(s, &["lower"])[row], Some(ci.lower()), "nps lower");
            assert_close(numbers(s, &["upper"])[row], Some(ci.upper()), "nps upper");
        }

        let found = grouped(&ctx, "csat(csat)").await;
        let s = &found.array;
        assert_eq!(
            counts(s, &["satisfied"]),
            csat.values().map(Csat::satisfied).collect::<Vec<_>>()
        );
        for (row, e) in csat.values().enumerate() {
            assert_close(numbers(s, &["score"])[row], e.score().ok(), "csat");
            let ci = e.interval(Level::default()).unwrap();
            assert_close(numbers(s, &["lower"])[row], Some(ci.lower()), "csat lower");
        }

        let found = grouped(&ctx, "ces(ces)").await;
        let s = &found.array;
        assert_eq!(
            counts(s, &["count"]),
            ces.values().map(Ces::count).collect::<Vec<_>>()
        );
        for (row, e) in ces.values().enumerate() {
            assert_close(numbers(s, &["score"])[row], e.score().ok(), "ces");
            assert_close(
                numbers(s, &["upper"])[row],
                e.interval(Level::default()).ok().map(|i| i.upper()),
                "ces upper",
            );
            assert_close(
                numbers(s, &["easy_share"])[row],
                e.easy_share().ok(),
                "easy",
            );
        }
    }
}

/// `agreement` keeps the core crate's `PairCounts` per group: the coefficients are the crate's,
/// bit for bit, on one partition or four, with declared or observed categories.
#[tokio::test]
async fn agreement_equals_the_core_pair_counts() {
    use service_quality::reliability::{AgreementOptions, Coefficient, PairCounts, Weighting};
    let data = Reviews::new(ROWS, TEAMS, 31);
    // CSAT against tone (1-5, both with NULLs), and resolution against greeting (no NULLs).
    let mut with_nulls: BTreeMap<String, PairCounts> = BTreeMap::new();
    let mut complete: BTreeMap<String, PairCounts> = BTreeMap::new();
    for i in 0..data.len() {
        let team = data.team[i].clone();
        if let (Some(a), Some(b)) = (data.csat[i], data.tone[i]) {
            with_nulls.entry(team.clone()).or_default().add(a, b);
        }
        complete
            .entry(team)
            .or_default()
            .add(data.resolution[i], data.greeting[i]);
    }
    let declared = AgreementOptions::default()
        .with_weighting(Weighting::Quadratic)
        .try_with_categories(1..=5)
        .unwrap();
    let fields = [
        ("percent_agreement", Coefficient::PercentAgreement),
        ("kappa", Coefficient::Conger),
        ("scott_pi", Coefficient::Fleiss),
        ("ac1", Coefficient::Gwet),
        ("brennan_prediger", Coefficient::BrennanPrediger),
        ("alpha", Coefficient::Krippendorff),
    ];
    for partitions in [1, 4] {
        let ctx = data.context(partitions);
        for (select, tallies, options) in [
            (
                "agreement(csat, tone, 'quadratic', 1, 5)",
                &with_nulls,
                &declared,
            ),
            (
                "agreement(resolution, greeting)",
                &complete,
                &AgreementOptions::default(),
            ),
        ] {
            let found = grouped(&ctx, select).await;
            let s = &found.array;
            assert_eq!(
                counts(s, &["pairs"]),
                tallies.values().map(PairCounts::pairs).collect::<Vec<_>>()
            );
            for (field, which) in fields {
                let want: Vec<Option<u64>> = tallies
                    .values()
                    .map(|t| {
                        t.coefficient(which, options)
                            .unwrap()
                            .value()
                            .map(f64::to_bits)
                    })
                    .collect();
                let got: Vec<Option<u64>> = numbers(s, &[field])
                    .iter()
                    .map(|v| v.map(f64::to_bits))
                    .collect();
                assert_eq!(got, want, "{select}: {field} on {partitions} partitions");
            }
            let lower: Vec<Option<u64>> = tallies
                .values()
                .map(|t| {
                    let outcome = t.coefficient(Coefficient::Gwet, options).unwrap();
                    outcome
                        .estimate()
                        .and_then(|e| e.interval())
                        .map(|i| i.lower().to_bits())
                })
                .collect();
            let got: Vec<Option<u64>> = numbers(s, &["ac1_lower"])
                .iter()
                .map(|v| v.map(f64::to_bits))
                .collect();
            assert_eq!(got, lower, "{select}: ac1_lower");
        }
    }
}

/// `proud_feelings` keeps the core crate's `Feelings` per group: the same bits as adding each
/// row's verdict to a `ProudSummary`, on one partition or four. CSAT stands in for the feeling
/// and the reaction is derived from the NPS answer, so both have NULLs.
#[tokio::test]
async fn proud_feelings_equal_the_core_feelings() {
    use service_quality::Ratings;
    use service_quality::proud::{Assessment, CopingReaction, Feelings};
    let data = Reviews::new(ROWS, TEAMS, 37);
    let policy = policy();
    let reaction_of = |nps: Option<i64>| match nps {
        Some(n) if n < 3 => Some(CopingReaction::Fight),
        Some(n) if n > 8 => Some(CopingReaction::Flight),
        _ => None,
    };
    let mut expected: BTreeMap<String, Feelings> = BTreeMap::new();
    for i in 0..data.len() {
        let ratings = Ratings::from_optional_fn(policy.scale(), |p: Principle| {
            data.proud[p.index()][i].map(i64::from)
        })
        .unwrap();
        let mut assessment = Assessment::new(ratings);
        if let Some(f) = data.csat[i] {
            assessment = assessment.try_with_feeling(f).unwrap();
        }
        if let Some(r) = reaction_of(data.nps[i]) {
            assessment = assessment.with_reaction(r);
        }
        expected
            .entry(data.team[i].clone())
            .or_default()
            .add(&assessment.evaluate(&policy).unwrap());
    }
    assert!(
        expected
            .values()
            .any(|f| f.reactions(CopingReaction::Fight) > 0)
    );
    let select = format!(
        "proud_feelings(p, r, o, u, d, csat, \
         CASE WHEN nps < 3 THEN 'fight' WHEN nps > 8 THEN 'flight' END, '{}')",
        common::POLICY
    );
    let bits = |values: Vec<Option<f64>>| -> Vec<Option<u64>> {
        values.iter().map(|v| v.map(f64::to_bits)).collect()
    };
    for partitions in [1, 4] {
        let ctx = data.context(partitions);
        let found = grouped(&ctx, &select).await;
        assert_eq!(found.teams, expected.keys().cloned().collect::<Vec<_>>());
        let s = &found.array;
        let each = |f: &dyn Fn(&Feelings) -> u64| expected.values().map(f).collect::<Vec<_>>();
        assert_eq!(counts(s, &["recorded"]), each(&|f| f.recorded()));
        assert_eq!(
            counts(s, &["fight"]),
            each(&|f| f.reactions(CopingReaction::Fight))
        );
        assert_eq!(
            counts(s, &["flight"]),
            each(&|f| f.reactions(CopingReaction::Flight))
        );
        let want = |f: &dyn Fn(&Feelings) -> Option<f64>| bits(expected.values().map(f).collect());
        assert_eq!(
            bits(numbers(s, &["mean_feeling"])),
            want(&|f| f.mean().map(|m| m.get())),
            "{partitions} partitions"
        );
        assert_eq!(
            bits(numbers(s, &["lower"])),
            want(&|f| f.mean_interval(Level::default()).ok().map(|i| i.lower())),
        );
        assert_eq!(
            bits(numbers(s, &["upper"])),
            want(&|f| f.mean_interval(Level::default()).ok().map(|i| i.upper())),
        );
    }
    // A bad reaction or feeling fails with the core crate's message.
    let ctx = data.context(1);
    let err = failure(
        &ctx,
        "SELECT proud_feelings(4, 4, 4, 4, 4, 4, 'ran') FROM (VALUES (1)) AS t(x)",
    )
    .await;
    assert!(
        err.to_string().contains("unknown coping reaction 'ran'"),
        "{err}"
    );
    let err = failure(
        &ctx,
        "SELECT proud_feelings(4, 4, 4, 4, 4, 9, NULL) FROM (VALUES (1)) AS t(x)",
    )
    .await;
    assert!(
        err.to_string()
            .contains("rating for 'feeling' is 9, expected a value in 1..=5"),
        "{err}"
    );
}

#[tokio::test]
async fn agreement_refuses_labels_off_its_categories_and_bad_settings() {
    let ctx = Reviews::new(10, 1, 1).context(1);
    let err = failure(
        &ctx,
        "SELECT agreement(a, b, 'linear', 1, 5) FROM (VALUES (1, 6)) AS t(a, b)",
    )
    .await;
    assert!(
        err.to_string()
            .contains("rating for 'second' is 6, expected a value in 1..=5"),
        "{err}"
    );
    for (sql, message) in [
        (
            "SELECT agreement(a, b, 'cubic') FROM (VALUES (1, 1)) AS t(a, b)",
            "unknown kappa weighting 'cubic'",
        ),
        (
            "SELECT agreement(a, b, 'linear', 1) FROM (VALUES (1, 1)) AS t(a, b)",
            "both min and max, or neither",
        ),
        (
            "SELECT agreement(a, b, 'linear', 5, 1) FROM (VALUES (1, 1)) AS t(a, b)",
            "5",
        ),
        (
            "SELECT agreement(a, b, 'linear', 0, 11) FROM (VALUES (1, 1)) AS t(a, b)",
            "rating for 'max' is 11",
        ),
    ] {
        let err = failure(&ctx, sql).await;
        assert!(err.to_string().contains(message), "{sql}: {err}");
    }
    // Every pair in one category: no kappa, AC1 1; no pairs at all: NULLs.
    let batch = query(
        &ctx,
        "SELECT agreement(a, b)['kappa'] AS k, agreement(a, b)['ac1'] AS ac1,
                agreement(a, c)['pairs'] AS none, agreement(a, c)['ac1'] AS no_ac1
         FROM (VALUES (1, 1, CAST(NULL AS BIGINT)), (1, 1, CAST(NULL AS BIGINT))) AS t(a, b, c)",
    )
    .await;
    let text = datafusion::arrow::util::pretty::pretty_format_batches(&[batch])
        .unwrap()
        .to_string();
    assert!(text.contains("|   | 1.0 | 0    |        |"), "{text}");
}

#[tokio::test]
async fn breakdown_summary_equals_the_core_aggregate() {
    let data = Reviews::new(ROWS, TEAMS, 31);
    let expected = expected_breakdowns(&data);
    assert!(expected.values().all(|e| e.unattributed() > 0));
    for partitions in [1, 4] {
        let ctx = data.context(partitions);
        let found = grouped(
            &ctx,
            "breakdown_summary(process, rules, presentation, product, people, severity)",
        )
        .await;
        assert_breakdowns_equal(&found.array, &expected);
    }
}

/// The same SQL over the same Parquet files, six times each at 1, 2 and 8 partitions and at 2
/// with partial aggregation skipped, gives the same bits every time (the sums are exact, so
/// neither the split nor the order partial states arrive in can show), and the PROUD means
/// equal the core crate's batch path.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_query_gives_the_same_bits_at_any_partitioning() {
    use datafusion::prelude::{ParquetReadOptions, SessionConfig, SessionContext};

    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("determinism");
    let data = Reviews::new(30_000, 24, 97);
    let files = data.write_parquet(&dir).await;
    let sql = format!(
        "SELECT team,
                proud_summary(p, r, o, u, d, '{}') AS proud,
                call_review_summary(greeting, verification, resolution, tone) AS form,
                nps(nps) AS nps, csat(csat) AS csat, ces(ces) AS ces,
                breakdown_summary(process, rules, presentation, product, people, severity) AS causes
         FROM reviews GROUP BY team ORDER BY team",
        common::POLICY
    );
    let mut first: Option<datafusion::arrow::array::RecordBatch> = None;
    // The last run skips partial aggregation after ten rows, as DataFusion does at many
    // groups: every row then reaches the final stage as a state of its own.
    for (partitions, skip) in [(1, false), (2, false), (8, false), (2, true)] {
        let mut config = SessionConfig::new().with_target_partitions(partitions);
        if skip {
            let execution = &mut config.options_mut().execution;
            execution.skip_partial_aggregation_probe_rows_threshold = 10;
            execution.skip_partial_aggregation_probe_ratio_threshold = 0.0;
        }
        let ctx = SessionContext::new_with_config(config);
        common::functions().register(&ctx);
        ctx.register_parquet(
            "reviews",
            files.to_str().unwrap(),
            ParquetReadOptions::default(),
        )
        .await
        .unwrap();
        for _ in 0..6 {
            let batch = query(&ctx, &sql).await;
            match &first {
                None => first = Some(batch),
                Some(f) => {
                    for (j, field) in f.schema().fields().iter().enumerate() {
                        assert_eq!(
                            batch.column(j).to_data(),
                            f.column(j).to_data(),
                            "{} at {partitions} partitions, skipping partial aggregation: {skip}",
                            field.name()
                        );
                    }
                }
            }
        }
    }
    let first = first.unwrap();
    let found = Found {
        teams: strings(&first, 0),
        array: structs(&first, 1),
    };
    assert_proud_equal(&found, &expected_proud(&data, &policy()));
    assert_breakdowns_equal(&structs(&first, 6), &expected_breakdowns(&data));
}

/// The error of a query that fails, while planning or running.
async fn failure(ctx: &datafusion::prelude::SessionContext, sql: &str) -> DataFusionError {
    match ctx.sql(sql).await {
        Err(e) => e,
        Ok(df) => df.collect().await.expect_err("the query should fail"),
    }
}

#[tokio::test]
async fn a_rating_off_the_scale_fails_with_the_core_message_and_the_column() {
    let ctx = Reviews::new(10, 1, 1).context(1);
    let err = failure(
        &ctx,
        "SELECT proud_summary(p, r, o, u, d) FROM (VALUES (4, 7, 3, 4, 2)) AS t(p, r, o, u, d)",
    )
    .await;
    assert!(
        err.to_string().contains(
            "proud_summary, column 'r', row 0 of its batch: rating for 'respect' is 7, expected a value in 1..=5"
        ),
        "{err}"
    );
    let ours = find_error(&err).expect("the crate's error");
    assert!(matches!(
        ours.model(),
        Some(service_quality::Error::RatingOutOfRange { value: 7, .. })
    ));

    // Beyond a byte, and in the per-row function: the same message.
    let err = failure(&ctx, "SELECT proud_score(4, 5, 300, 4, 2)").await;
    assert!(
        err.to_string()
            .contains("rating for 'ownership' is 300, expected a value in 1..=5"),
        "{err}"
    );
    let err = failure(&ctx, "SELECT nps(x) FROM (VALUES (3), (11)) AS t(x)").await;
    assert!(
        err.to_string()
            .contains("nps, column 'x', row 1 of its batch: "),
        "{err}"
    );
    assert!(
        err.to_string()
            .contains("is 11, expected a value in 0..=10"),
        "{err}"
    );
}

/// Breakdown rows are read without allocating when all five causes are rated; a row with a
/// NULL cause takes the general path, and every row, a rating beyond 32 bits included, gives the
/// core crate's message with its column.
#[tokio::test]
async fn breakdown_rows_fail_with_the_core_message_and_the_column() {
    let ctx = Reviews::new(10, 1, 1).context(1);
    let from = |rows: &str| {
        format!("SELECT breakdown_summary(a, b, c, d, e) FROM (VALUES {rows}) AS t(a, b, c, d, e)")
    };
    for (rows, message) in [
        (
            "(1, 1, 11, 1, 1)",
            "breakdown_summary, column 'c', row 0 of its batch: rating for 'presentation' is 11, expected a value in 1..=10",
        ),
        (
            "(2, 2, 2, 2, 5000000000)",
            "breakdown_summary, column 'e', row 0 of its batch: rating for 'people' is 5000000000, expected a value in 1..=10",
        ),
        (
            "(3, NULL, 3, 3, 3)",
            "breakdown_summary, column 'b', row 0 of its batch: missing rating for 'rules'",
        ),
    ] {
        let err = failure(&ctx, &from(rows)).await;
        assert!(err.to_string().contains(message), "{rows}: {err}");
        assert!(find_error(&err).is_some(), "{rows}: {err}");
    }
    // Every cause NULL: no breakdown, so nothing counted and nothing refused.
    let batch = query(
        &ctx,
        &from("(CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT)), (7, 3, 1, 1, 1)"),
    )
    .await;
    assert_eq!(counts(&structs(&batch, 0), &["count"]), vec![1]);
}

#[tokio::test]
async fn null_where_the_policy_forbids_n_a_fails_with_the_core_message() {
    let ctx = Reviews::new(10, 1, 1).context(1);
    let err = failure(
        &ctx,
        "SELECT proud_summary(p, r, o, u, d) FROM (VALUES (CAST(NULL AS INT), 5, 3, 4, 2)) AS t(p, r, o, u, d)",
    )
    .await;
    assert!(
        err.to_string().contains(
            "column 'p', row 0 of its batch: answer for 'polite_and_professional' is n/a"
        ),
        "{err}"
    );
}

/// One partition of two batches of four rows (columns `x` and `keep`, both the second
/// batch's rows `bad_at` holding `bad`), planned for one partition so every function sees the
/// batches as they are.
fn two_batches(bad: Option<i64>, bad_at: usize) -> datafusion::prelude::SessionContext {
    use datafusion::arrow::array::{ArrayRef, BooleanArray, Int64Array};
    use datafusion::arrow::datatypes::{DataType, Field, Schema};
    use datafusion::arrow::record_batch::RecordBatch;
    use std::sync::Arc;
    let schema = Arc::new(Schema::new(vec![
        Field::new("x", DataType::Int64, true),
        Field::new("keep", DataType::Boolean, false),
    ]));
    let batch = |x: Vec<Option<i64>>| {
        let columns: Vec<ArrayRef> = vec![
            Arc::new(Int64Array::from(x)),
            // The first row of each batch is filtered out by `FILTER (WHERE keep)`.
            Arc::new(BooleanArray::from(vec![false, true, true, true])),
        ];
        RecordBatch::try_new(schema.clone(), columns).unwrap()
    };
    let mut second = vec![Some(3); 4];
    second[bad_at] = bad;
    let table = datafusion::datasource::MemTable::try_new(
        schema.clone(),
        vec![vec![batch(vec![Some(3); 4]), batch(second)]],
    )
    .unwrap();
    let config = datafusion::prelude::SessionConfig::new().with_target_partitions(1);
    let ctx = datafusion::prelude::SessionContext::new_with_config(config);
    common::functions().register(&ctx);
    ctx.register_table("t", Arc::new(table)).unwrap();
    ctx
}

/// A data error names the row's place in the batch DataFusion handed the function: in the
/// second batch, after rows held back from the first, through a `FILTER` clause, in every kind
/// of function.
#[tokio::test]
async fn a_data_error_names_its_row_in_the_batch() {
    let proud = "proud_summary(3, 3, 3, 3, x)";
    let review = "call_review_summary(x, true, 3, NULL)";
    for (bad, sql, message) in [
        // Within a byte: found when the held-back rows are scored, after both batches.
        (
            Some(9),
            format!("SELECT {proud} FROM t"),
            "proud_summary, column 'x', row 2 of its batch: rating for 'deliver' is 9",
        ),
        (
            Some(9),
            format!("SELECT {proud} FILTER (WHERE keep) FROM t GROUP BY keep"),
            "proud_summary, column 'x', row 2 of its batch: rating for 'deliver' is 9",
        ),
        (
            None,
            format!("SELECT {proud} FROM t GROUP BY keep"),
            "proud_summary, column 'x', row 2 of its batch: answer for 'deliver' is n/a",
        ),
        // Beyond a byte: found as the batch is read.
        (
            Some(300),
            format!("SELECT {proud} FILTER (WHERE keep) FROM t GROUP BY keep"),
            "proud_summary, column 'x', row 2 of its batch: rating for 'deliver' is 300",
        ),
        (
            Some(9),
            "SELECT proud_score(3, 3, 3, 3, x) FROM t".to_owned(),
            "proud_score, column 'x', row 2 of its batch: rating for 'deliver' is 9",
        ),
        (
            Some(11),
            "SELECT nps(x) FILTER (WHERE keep) FROM t GROUP BY keep".to_owned(),
            "nps, column 'x', row 2 of its batch: ",
        ),
        (
            Some(11),
            "SELECT breakdown_summary(1, 1, x, 1, 1) FROM t".to_owned(),
            "breakdown_summary, column 'x', row 2 of its batch: rating for 'presentation' is 11",
        ),
        (
            Some(8),
            format!("SELECT {review} FILTER (WHERE keep) FROM t GROUP BY keep"),
            "call_review_summary, column 'x', row 2 of its batch: ",
        ),
    ] {
        let err = failure(&two_batches(bad, 2), &sql).await;
        assert!(err.to_string().contains(message), "{sql}: {err}");
        let found = find_error(&err).expect("the crate's error");
        assert!(
            matches!(
                found,
                service_quality_datafusion::Error::Model { row: Some(2), .. }
            ),
            "{sql}: {found:?}"
        );
    }
    // Without GROUP BY, DataFusion drops the rows a FILTER refuses before the function sees
    // them, so the row is counted among the kept ones.
    let err = failure(
        &two_batches(Some(9), 2),
        &format!("SELECT {proud} FILTER (WHERE keep) FROM t"),
    )
    .await;
    assert!(err.to_string().contains("row 1 of its batch"), "{err}");
    // The same bad value in another row is reported there.
    let err = failure(&two_batches(Some(9), 3), &format!("SELECT {proud} FROM t")).await;
    assert!(err.to_string().contains("row 3 of its batch"), "{err}");
}

#[tokio::test]
async fn wrong_argument_types_are_planning_errors_naming_function_and_argument() {
    let ctx = Reviews::new(10, 1, 1).context(1);
    for (sql, message) in [
        (
            "SELECT proud_summary(p, team, o, u, d) FROM reviews",
            "proud_summary: argument 2 ('team') is Utf8, expected an integer rating for 'respect'",
        ),
        (
            "SELECT proud_summary(p, r, o, u) FROM reviews",
            "proud_summary: argument 5 is missing, expected an integer rating for 'deliver'",
        ),
        (
            "SELECT nps(nps, 'wald', 0.9, 1) FROM reviews",
            "nps: argument 4 is an extra argument, expected at most 3 arguments",
        ),
        (
            "SELECT call_review_summary(greeting, 1, resolution, tone) FROM reviews",
            "call_review_summary: argument 2 ('Int64(1)') is Int64, expected a boolean (yes or no) for 'verification'",
        ),
        (
            "SELECT breakdown_summary(process, rules, presentation, product, people, team) FROM reviews",
            "breakdown_summary: argument 6 ('team') is Utf8, expected a severity in 1e-6..=1e9",
        ),
    ] {
        let err = ctx.sql(sql).await.expect_err(sql);
        assert_eq!(
            err.to_string(),
            format!("Error during planning: {message}"),
            "{sql}"
        );
        assert!(
            matches!(err.find_root(), DataFusionError::Plan(_)),
            "{sql}: not a planning error: {err:?}"
        );
    }
}

#[tokio::test]
async fn a_policy_that_does_not_validate_or_is_not_constant_fails_the_query() {
    let ctx = Reviews::new(10, 1, 1).context(1);
    let err = failure(
        &ctx,
        r#"SELECT proud_summary(p, r, o, u, d, '{"bands": {"needs_improvement": 80, "good": 70, "excellent": 90}}') FROM reviews"#,
    )
    .await;
    assert!(
        err.to_string().contains(
            "proud_summary: policy is not valid: thresholds are needs_improvement 80, good 70"
        ),
        "{err}"
    );
    // A setting from a column is refused while the query is planned, naming the column.
    for (sql, message) in [
        (
            "SELECT proud_summary(p, r, o, u, d, team) FROM reviews",
            "proud_summary: argument 6 ('reviews.team') is a column or expression, expected a \
             constant: a PROUD principle policy as a JSON string",
        ),
        (
            "SELECT nps(nps, 'wald', csat / 10.0) FROM reviews",
            "nps: argument 3 ('reviews.csat / Float64(10)') is a column or expression, expected \
             a constant: a confidence level in (0, 1)",
        ),
    ] {
        let err = ctx.sql(sql).await.expect_err(sql);
        assert_eq!(
            err.to_string(),
            format!("Error during planning: {message}"),
            "{sql}"
        );
    }

    // The per-row function says so while the query is planned, before anything runs.
    let err = ctx
        .sql("SELECT proud_score(p, r, o, u, d, team) FROM reviews")
        .await
        .expect_err("a policy from a column is refused at planning");
    assert_eq!(
        err.to_string(),
        "Error during planning: proud_score: argument 6 ('team') is a column or expression, \
         expected a constant: a PROUD principle policy as a JSON string"
    );
}

#[tokio::test]
async fn empty_groups_and_all_n_a_give_nulls_not_errors() {
    let ctx = Reviews::new(10, 1, 1).context(1);
    let batch = query(
        &ctx,
        "SELECT nps(x), ces(x) FROM (VALUES (CAST(NULL AS INT))) AS t(x)",
    )
    .await;
    let nps = structs(&batch, 0);
    assert_eq!(counts(&nps, &["count"]), [0]);
    assert_eq!(numbers(&nps, &["score"]), [None]);
    assert_eq!(numbers(&nps, &["lower"]), [None]);
    let ces = structs(&batch, 1);
    assert_eq!(numbers(&ces, &["standard_deviation"]), [None]);
}

#[test]
fn the_summary_struct_has_the_documented_fields_in_order() {
    use datafusion::arrow::datatypes::DataType;
    use datafusion::logical_expr::AggregateUDFImpl;
    let udaf = service_quality_datafusion::ModelSummary::proud();
    let DataType::Struct(fields) = udaf.return_type(&[const { DataType::UInt8 }; 5]).unwrap()
    else {
        panic!("not a struct");
    };
    let names: Vec<&str> = fields.iter().map(|f| f.name().as_str()).collect();
    let mut expected = vec!["count", "scored", "mean_overall"];
    expected.extend(Principle::iter().map(Dimension::key));
    expected.extend(["poor", "needs_improvement", "good", "excellent"]);
    expected.extend(["first_hurdle_failures", "weakest"]);
    assert_eq!(names, expected);
}

mod properties {
    use proptest::prelude::*;

    use super::*;

    /// Small random data: ratings 1..=5 with D sometimes NULL, a few teams.
    fn reviews() -> impl Strategy<Value = Reviews> {
        (1usize..300, 1usize..6, any::<u64>(), 0u32..4).prop_map(|(rows, teams, seed, na)| {
            let mut data = Reviews::new(rows, teams, seed);
            // Vary how often D is N/A: never, the generator's tenth, or always.
            match na {
                0 => data.proud[4].iter_mut().for_each(|v| {
                    v.get_or_insert(2);
                }),
                1 => data.proud[4].iter_mut().for_each(|v| *v = None),
                _ => {}
            }
            data
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// However the rows are split, the UDAF gives the batch path's totals.
        #[test]
        fn any_split_gives_the_batch_path_result(data in reviews(), partitions in 1usize..5) {
            let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
            let expected = expected_proud(&data, &policy());
            let ctx = data.context(partitions);
            let call = format!("proud_summary(p, r, o, u, d, '{}')", common::POLICY);
            let found = runtime.block_on(grouped(&ctx, &call));
            assert_proud_equal(&found, &expected);
        }
    }
}

/// The DataFrame API's expressions plan and run as the same SQL does.
#[tokio::test]
async fn the_dataframe_expressions_give_the_sql_answer() {
    use datafusion::arrow::compute::concat_batches;
    use datafusion::prelude::{col, lit};
    use service_quality_datafusion::expr_fn;

    let data = Reviews::new(3_000, TEAMS, 5);
    let ctx = data.context(2);
    let sql = format!(
        "SELECT team, proud_summary(p, r, o, u, d, '{}') AS proud, proud_score(4, 5, 3, 4, 2) AS one,
                nps(nps) AS nps, csat(csat) AS csat, ces(ces) AS ces,
                breakdown_summary(process, rules, presentation, product, people, severity) AS causes,
                agreement(resolution, greeting) AS agreement
         FROM reviews GROUP BY team ORDER BY team",
        common::POLICY
    );
    let expected = query(&ctx, &sql).await;
    let one = ["4", "5", "3", "4", "2"].map(|r| lit(r.parse::<i64>().unwrap()));
    let causes = ["process", "rules", "presentation", "product", "people"].map(col);
    let frame = ctx
        .table("reviews")
        .await
        .unwrap()
        .aggregate(
            vec![col("team")],
            vec![
                expr_fn::proud_summary(
                    ["p", "r", "o", "u", "d"].map(col),
                    Some(lit(common::POLICY)),
                )
                .alias("proud"),
                expr_fn::nps(col("nps")).alias("nps"),
                expr_fn::csat(col("csat")).alias("csat"),
                expr_fn::ces(col("ces")).alias("ces"),
                expr_fn::breakdown_summary(causes, Some(col("severity"))).alias("causes"),
                expr_fn::agreement(col("resolution"), col("greeting")).alias("agreement"),
            ],
        )
        .unwrap()
        .select(vec![
            col("team"),
            col("proud"),
            expr_fn::proud_score(one, None).alias("one"),
            col("nps"),
            col("csat"),
            col("ces"),
            col("causes"),
            col("agreement"),
        ])
        .unwrap()
        .sort(vec![col("team").sort(true, false)])
        .unwrap();
    let batches = frame.collect().await.unwrap();
    let found = concat_batches(&batches[0].schema(), &batches).unwrap();
    common::assert_same(&found, &expected);
}

/// Every function carries its documentation, as DataFusion's own do, and the session lists
/// it in `information_schema.routines`.
#[tokio::test]
async fn every_function_is_documented_and_listed() {
    use datafusion::execution::FunctionRegistry;
    use datafusion::prelude::{SessionConfig, SessionContext};

    let ctx = SessionContext::new_with_config(SessionConfig::new().with_information_schema(true));
    let functions = common::functions();
    functions.register(&ctx);
    let documented = |name: &str, doc: Option<&datafusion::logical_expr::Documentation>| {
        let doc = doc.unwrap_or_else(|| panic!("{name} has no documentation"));
        assert!(
            doc.syntax_example.starts_with(&format!("{name}(")),
            "{name}"
        );
        assert!(
            doc.sql_example.as_deref().is_some_and(|e| e.contains(name)),
            "{name}"
        );
        assert!(
            !doc.arguments.clone().unwrap_or_default().is_empty(),
            "{name}"
        );
    };
    for f in functions.aggregates() {
        documented(f.name(), ctx.udaf(f.name()).unwrap().documentation());
    }
    for f in functions.scalars() {
        documented(f.name(), ctx.udf(f.name()).unwrap().documentation());
    }
    // The built-in functions and three for each of the two registered forms.
    assert_eq!(functions.aggregates().len() + functions.scalars().len(), 15);
    assert_eq!(
        ctx.udaf("nps")
            .unwrap()
            .documentation()
            .unwrap()
            .syntax_example,
        "nps(answer [, method [, level]])"
    );
    assert_eq!(
        ctx.udf("call_review_band")
            .unwrap()
            .documentation()
            .unwrap()
            .syntax_example,
        "call_review_band(greeting, verification, resolution, tone)"
    );
    let listed = query(
        &ctx,
        "SELECT DISTINCT routine_name, description FROM information_schema.routines
         WHERE routine_name IN ('proud_summary', 'nps') ORDER BY routine_name",
    )
    .await;
    assert_eq!(strings(&listed, 0), ["nps", "proud_summary"]);
    assert!(strings(&listed, 1)[0].starts_with("Net Promoter Score"));
}

/// A field a result does not have is refused while planning, with the fields it has; the
/// fields it has still work, and registering twice changes nothing.
#[tokio::test]
async fn an_unknown_result_field_lists_the_fields() {
    let data = Reviews::new(50, 2, 3);
    let ctx = data.context(2);
    let planners = ctx.state().expr_planners().len();
    common::functions().register(&ctx);
    assert_eq!(ctx.state().expr_planners().len(), planners);
    // Registering on a fresh session keeps what it was: its id, and its tables.
    let fresh = datafusion::prelude::SessionContext::new();
    let id = fresh.session_id();
    fresh.register_batch("t", data.batch()).unwrap();
    common::functions().register(&fresh);
    assert_eq!(fresh.session_id(), id);
    assert_eq!(fresh.state().session_id(), id);
    assert!(fresh.table_exist("t").unwrap());
    assert!(
        fresh
            .state()
            .config()
            .options()
            .catalog
            .create_default_catalog_and_schema
    );

    let err = ctx
        .sql("SELECT proud_summary(p, r, o, u, d)['mean'] FROM reviews")
        .await
        .expect_err("no field 'mean'");
    let text = err.to_string();
    assert!(
        text.starts_with(
            "Error during planning: proud_summary: unknown result field 'mean', expected one of: \
             count, "
        ),
        "{text}"
    );
    assert!(text.contains(", mean_overall, "), "{text}");
    let err = ctx
        .sql("SELECT nps(nps)['scor'] FROM reviews")
        .await
        .expect_err("no field 'scor'");
    assert!(err.to_string().ends_with("(closest: 'score')"), "{err}");
    // A form's summary too.
    let err = ctx
        .sql("SELECT call_review_summary(greeting, verification, resolution, tone)['avg'] FROM reviews")
        .await
        .expect_err("no field 'avg'");
    assert!(
        err.to_string()
            .starts_with("Error during planning: call_review_summary: unknown result field 'avg'"),
        "{err}"
    );

    let sql = format!(
        "SELECT proud_summary(p, r, o, u, d, '{}')['count'] AS n, nps(nps)['score'] AS s FROM reviews",
        common::POLICY
    );
    let found = query(&ctx, &sql).await;
    assert_eq!(found.num_rows(), 1);
    // Other structs are DataFusion's business, message and all.
    let err = ctx
        .sql("SELECT named_struct('a', 1)['b']")
        .await
        .map(|_| ())
        .unwrap_err();
    assert!(!err.to_string().contains("unknown result field"), "{err}");
}

/// A form whose condition looks at a context field cannot be served: a row holds only the
/// items' columns. Registration says so, naming the field and the item.
#[test]
fn forms_with_context_conditions_are_refused_at_registration() {
    let json = r#"{"key": "c", "version": 1, "context": ["channel"], "items": [
        {"key": "greeting", "answer": "yes_no"},
        {"key": "verified", "answer": "yes_no",
         "applies_when": {"context": "channel", "is": ["phone"]}}]}"#;
    let err = service_quality_datafusion::FormFunctions::from_json("c", json).unwrap_err();
    assert_eq!(
        err.to_string(),
        "c: condition is 'on context field 'channel' (item 'verified')', expected conditions on \
         other items only: the SQL functions take one column per item and no context"
    );
}
