//! Support for embedding the crate: running summaries that merge and persist, survey imports
//! that map headers in any order and case, and reports.

use proptest::prelude::*;
use service_quality::Scale;
use service_quality::import::Columns;
use service_quality::proud::{Assessment, Principle, ProudPolicy, ProudSummary, Verdict};
use service_quality::render::Render;
use strum::IntoEnumIterator;

fn verdict() -> impl Strategy<Value = Verdict> {
    proptest::array::uniform5(1i32..=5).prop_map(|r| {
        Assessment::from_array(Scale::ONE_TO_FIVE, r)
            .unwrap()
            .evaluate(&ProudPolicy::default())
            .unwrap()
    })
}

fn close(a: &ProudSummary, b: &ProudSummary) -> bool {
    a.count() == b.count()
        && a.band_counts() == b.band_counts()
        && a.critical_failures() == b.critical_failures()
        && (a.overall_sum() - b.overall_sum()).abs() < 1e-9
        && Principle::iter().all(|p| (a.item(p).sum() - b.item(p).sum()).abs() < 1e-9)
}

proptest! {
    #![proptest_config(crate::common::cases(300))]

    #[test]
    fn summaries_merge_to_the_whole(vs in proptest::collection::vec(verdict(), 0..60), cut in any::<prop::sample::Index>()) {
        let mut whole = ProudSummary::new();
        whole.extend(&vs);
        let at = cut.index(vs.len() + 1);
        let mut left = ProudSummary::new();
        left.extend(&vs[..at]);
        let mut right = ProudSummary::new();
        right.extend(&vs[at..]);
        left.merge(&right);
        prop_assert!(close(&left, &whole));
        prop_assert_eq!(whole.band_counts().iter().sum::<u64>(), whole.count());
        // The spread merges exactly too: same variance, same interval for the mean.
        match (left.overall_variance(), whole.overall_variance()) {
            (Some(a), Some(b)) => prop_assert!((a - b).abs() <= 1e-9 * b.max(1.0), "{} {}", a, b),
            (a, b) => prop_assert_eq!(a, b),
        }
        let level = service_quality::metrics::Level::default();
        match (left.mean_interval(level), whole.mean_interval(level)) {
            (Ok(a), Ok(b)) => {
                prop_assert!((a.lower() - b.lower()).abs() < 1e-9 && (a.upper() - b.upper()).abs() < 1e-9);
                let mean = whole.mean_overall().unwrap().get();
                prop_assert!(a.lower() <= mean + 1e-12 && mean <= a.upper() + 1e-12);
            }
            (a, b) => prop_assert_eq!(a.is_err(), b.is_err()),
        }
        if let Some(mean) = whole.mean_overall() {
            prop_assert!((0.0..=100.0).contains(&mean.get()));
        }
    }

    #[test]
    fn headers_map_in_any_order_and_case(order in Just((0..5).collect::<Vec<usize>>()).prop_shuffle(), upper in proptest::collection::vec(any::<bool>(), 5), values in proptest::array::uniform5(1i32..=5)) {
        let names: Vec<String> = order
            .iter()
            .zip(&upper)
            .map(|(&i, &up)| {
                let key = Principle::iter().nth(i).unwrap().to_string();
                if up { key.to_uppercase() } else { key }
            })
            .collect();
        let mut headers: Vec<&str> = vec!["agent"];
        headers.extend(names.iter().map(String::as_str));
        let columns = Columns::<Principle>::from_headers(headers, &["agent"]).unwrap();
        // Row: agent, then each principle's value in the header's order.
        let mut row = vec!["x".to_owned()];
        row.extend(order.iter().map(|&i| values[i].to_string()));
        let ratings = columns.read(&ProudPolicy::default(), &row).unwrap();
        for (i, p) in Principle::iter().enumerate() {
            prop_assert_eq!(ratings.get(p).unwrap().get(), values[i]);
            // Header position: after the agent column, where this principle was listed.
            let listed = order.iter().position(|&o| o == i).unwrap();
            prop_assert_eq!(columns.column(p), 1 + listed);
        }
    }
}

#[cfg(feature = "serde")]
#[test]
fn summaries_round_trip_and_tampering_is_caught() {
    use serde_json::json;
    use service_quality::Band;
    let policy = ProudPolicy::default();
    let mut s = ProudSummary::new();
    for r in [[4, 5, 3, 4, 2], [2, 5, 5, 5, 5], [5, 5, 5, 5, 5]] {
        s.add(
            &Assessment::from_array(Scale::ONE_TO_FIVE, r)
                .unwrap()
                .evaluate(&policy)
                .unwrap(),
        );
    }
    let text = serde_json::to_string(&s).unwrap();
    assert_eq!(serde_json::from_str::<ProudSummary>(&text).unwrap(), s);
    assert_eq!(s.band_count(Band::Excellent), 1);

    let mut bad = serde_json::to_value(s).unwrap();
    bad["overall"]["bands"]["poor"] = json!(5);
    let err = serde_json::from_value::<ProudSummary>(bad)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("band counts is 7, expected the scored count, 3"),
        "{err}"
    );
    let mut bad = serde_json::to_value(s).unwrap();
    bad["items"]["respect"]["sum"] = json!(301.0);
    let err = serde_json::from_value::<ProudSummary>(bad)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("sum is 301, expected a sum between 0 and 300 for 'respect' (3 scores)"),
        "{err}"
    );
    let mut bad = serde_json::to_value(s).unwrap();
    bad["items"]["deliver"]["answered"] = json!(4);
    let err = serde_json::from_value::<ProudSummary>(bad)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("answered is 4, expected at most 3 for 'deliver'"),
        "{err}"
    );
}

#[test]
fn import_rejects_bad_headers_and_rows_with_reasons() {
    assert_eq!(
        Columns::<Principle>::from_headers(["p", "r", "o", "u"], &[])
            .unwrap_err()
            .to_string(),
        "missing column for 'deliver'"
    );
    let columns = Columns::<Principle>::from_headers(["P", "R", "O", "U", "D"], &[]).unwrap();
    let rows: [&[&str]; 5] = [
        &["5", "5", "5", "5", "5"],
        &["5", "5", "x", "5", "5"],
        &["0", "5", "5", "5", "6"],
        &["5", "5", "5", "5"],
        &["5", "5", "5", "5", "-"],
    ];
    let import = columns.import(
        &ProudPolicy::default(),
        rows.iter().enumerate().map(|(i, r)| (i + 1, r)),
    );
    assert_eq!(import.accepted().len(), 1);
    let rows: Vec<usize> = import.rejected().iter().map(|r| r.row).collect();
    assert_eq!(rows, [2, 3, 4, 5]);
    let reasons: Vec<String> = import.rejected().iter().map(ToString::to_string).collect();
    assert_eq!(
        reasons,
        [
            "row 2: answer for 'ownership' is 'x', expected a rating in 1..=5",
            // Every problem in the row, not just the first.
            "row 3: answer for 'polite_and_professional' is 0, expected a rating in 1..=5; \
             answer for 'deliver' is 6, expected a rating in 1..=5",
            // A short row is reported as such, not as a blank cell.
            "row 4: row has 4 fields, expected 5",
            "row 5: answer for 'deliver' is n/a, expected a rating in 1..=5 (n/a is not allowed here)",
        ]
    );
    assert_eq!(import.rejected()[1].errors.len(), 2);
}

#[test]
fn reports_render_every_principle_in_both_forms() {
    let v = Assessment::from_array(Scale::ONE_TO_FIVE, [1, 2, 3, 4, 5])
        .unwrap()
        .evaluate(&ProudPolicy::default())
        .unwrap();
    let (md, text) = (v.to_markdown(), v.to_text());
    use service_quality::Dimension;
    for p in Principle::iter() {
        assert!(md.contains(&format!("| {} |", p.name())), "{md}");
        assert!(text.contains(p.name()));
    }
    assert!(md.contains("FAILED the first hurdle"));
    assert!(!text.contains('|'));
}

mod generic_summaries {
    use proptest::prelude::*;
    use service_quality::boss_leader::{Contrast, LeaderPolicy};
    use service_quality::{GroupBy, Merge, Ratings, Scale, Summary};
    use strum::IntoEnumIterator;

    fn report() -> impl Strategy<Value = service_quality::boss_leader::LeaderReport> {
        proptest::collection::vec(1i64..=7, 10).prop_map(|v| {
            let r = Ratings::<Contrast>::from_fn(Scale::ONE_TO_SEVEN, |c| {
                v[Contrast::iter().position(|x| x == c).unwrap_or(0)]
            })
            .unwrap();
            r.evaluate(&LeaderPolicy::default()).unwrap()
        })
    }

    proptest! {
        #![proptest_config(crate::common::cases(200))]

        /// Any model's reports summarise, and the group-by of two halves merges to the whole.
        #[test]
        fn grouped_summaries_merge_to_the_whole(
            rows in proptest::collection::vec((0u8..4, report()), 0..80),
            cut in any::<prop::sample::Index>(),
        ) {
            let group = |rows: &[(u8, service_quality::boss_leader::LeaderReport)]| {
                let mut g: GroupBy<u8, Summary<Contrast>> = GroupBy::new();
                for (team, r) in rows {
                    g.entry(*team).add(r);
                }
                g
            };
            let whole = group(&rows);
            let at = cut.index(rows.len() + 1);
            let mut left = group(&rows[..at]);
            Merge::merge(&mut left, &group(&rows[at..]));
            prop_assert_eq!(left.len(), whole.len());
            for (team, s) in whole.iter() {
                let other = left.get(team).unwrap();
                prop_assert_eq!(other.count(), s.count());
                prop_assert_eq!(other.band_counts(), s.band_counts());
                for c in Contrast::iter() {
                    prop_assert!((other.item(c).sum() - s.item(c).sum()).abs() < 1e-9);
                }
                prop_assert!((other.overall_sum() - s.overall_sum()).abs() < 1e-9);
            }
        }
    }

    #[test]
    fn a_group_by_counts_lists_and_merges_its_groups() {
        use service_quality::metrics::Nps;
        let mut g: GroupBy<&str, Nps> = GroupBy::new();
        assert!(g.is_empty());
        g.entry("north").add(9).unwrap();
        g.entry("north").add(10).unwrap();
        g.entry("south").add(2).unwrap();
        assert_eq!((g.len(), g.is_empty()), (2, false));
        let mut listed: Vec<(&str, u64)> = g.iter().map(|(k, s)| (*k, s.count())).collect();
        listed.sort_unstable();
        assert_eq!(listed, [("north", 2), ("south", 1)]);

        let mut other: GroupBy<&str, Nps> = GroupBy::new();
        other.entry("south").add(0).unwrap();
        other.entry("west").add(7).unwrap();
        g.merge(&other);
        let map = g.into_map();
        let mut counts: Vec<(&str, u64)> = map.iter().map(|(k, s)| (*k, s.count())).collect();
        counts.sort_unstable();
        assert_eq!(counts, [("north", 2), ("south", 2), ("west", 1)]);
    }

    #[cfg(feature = "serde")]
    #[test]
    fn group_bys_round_trip_through_json() {
        use service_quality::metrics::Nps;
        let mut g: GroupBy<String, Nps> = GroupBy::new();
        g.entry("north".to_owned()).add(9).unwrap();
        g.entry("south".to_owned()).add(2).unwrap();
        let text = serde_json::to_string(&g).unwrap();
        assert_eq!(
            serde_json::from_str::<GroupBy<String, Nps>>(&text).unwrap(),
            g
        );
    }
}

/// Three PROUD assessments scored by hand: all 5s (every score 100, excellent), all 4s (every
/// score 75, good) and all 1s (every score 0, first hurdle failed, poor).
#[test]
fn summary_totals_and_means_match_a_hand_count() {
    use crate::common::assert_close;
    use service_quality::Band;
    let policy = ProudPolicy::default();
    let verdicts: Vec<Verdict> = [5, 4, 1]
        .into_iter()
        .map(|r| {
            Assessment::from_array(Scale::ONE_TO_FIVE, [r; 5])
                .unwrap()
                .evaluate(&policy)
                .unwrap()
        })
        .collect();
    let mut s = ProudSummary::new();
    s.extend(&verdicts);
    let mut one_by_one = ProudSummary::new();
    for v in &verdicts {
        one_by_one.add(v);
    }
    assert_eq!(s, one_by_one);
    assert_eq!(s.count(), 3);
    for p in Principle::iter() {
        assert_close(s.item(p).sum(), 175.0);
        assert_close(s.mean(p).unwrap().get(), 175.0 / 3.0);
        assert_eq!((s.item(p).answered(), s.item(p).counted()), (3, 3));
    }
    assert_close(s.overall_sum(), 175.0);
    assert_close(s.overall_sum_of_squares(), 100.0 * 100.0 + 75.0 * 75.0);
    assert_close(s.mean_overall().unwrap().get(), 175.0 / 3.0);
    assert_eq!(s.band_counts(), [1, 0, 1, 1]);
    assert_eq!(s.band_count(Band::Good), 1);
    assert_eq!(s.band_count(Band::NeedsImprovement), 0);
    assert_eq!(s.critical_failures(), 1);
    s.extend(&verdicts[2..]);
    assert_eq!((s.critical_failures(), s.band_count(Band::Poor)), (2, 2));
}

#[cfg(feature = "serde")]
#[test]
fn stored_totals_near_the_integer_limit_are_rejected_not_overflowed() {
    use serde_json::json;
    let item = json!({"answered": 0, "counted": 0, "sum": 0.0, "critical_failures": 0});
    let stored = |bands: [u64; 4], sum: f64| {
        json!({
            "overall": {
                "count": u64::MAX, "scored": u64::MAX, "sum": sum, "sum_of_squares": 0.0,
                "bands": {
                    "poor": bands[0], "needs_improvement": bands[1],
                    "good": bands[2], "excellent": bands[3]
                },
                "critical_failures": 0
            },
            "items": {
                "polite_and_professional": item, "respect": item, "ownership": item,
                "understanding": item, "deliver": item
            }
        })
    };
    let err = serde_json::from_value::<ProudSummary>(stored([u64::MAX, 1, 0, 0], 0.0)).unwrap_err();
    assert!(
        err.to_string().starts_with(
            "band counts is 18446744073709551616, expected the scored count, 18446744073709551615"
        ),
        "{err}"
    );
    let err =
        serde_json::from_value::<ProudSummary>(stored([u64::MAX, 0, 0, 0], f64::MAX)).unwrap_err();
    assert!(
        err.to_string().contains(
            "a sum between 0 and 1844674407370955161500 for 'overall' (18446744073709551615 scores)"
        ),
        "{err}"
    );
}

mod reports {
    use service_quality::Dimension;
    use service_quality::boss_leader::Contrast;
    use service_quality::breakdown::{Aggregate, Breakdown, Cause, TriagePolicy};
    use service_quality::leadership::{Area, Function, Position, Profile, ProfilePolicy};
    use service_quality::proud::{Assessment, CopingReaction, ProudPolicy};
    use service_quality::render::Render;
    use service_quality::review::{Observer, RaterRole, Review, ReviewPolicy};
    use service_quality::{Ratings, Scale};
    use strum::IntoEnumIterator;

    /// Both forms carry the same words; only Markdown has table pipes and a heading mark.
    fn both(report: &impl Render) -> (String, String) {
        let (md, text) = (report.to_markdown(), report.to_text());
        assert!(md.starts_with("## ") && md.contains("\n|---|"), "{md}");
        assert!(!text.contains('|') && !text.starts_with('#'), "{text}");
        (md, text)
    }

    #[test]
    fn the_first_hurdle_line_says_what_happened() {
        let score = |ratings: [i32; 5], policy: &ProudPolicy| {
            Assessment::from_array(Scale::ONE_TO_FIVE, ratings)
                .unwrap()
                .evaluate(policy)
                .unwrap()
        };
        let policy = ProudPolicy::default();
        let passed = score([5, 4, 4, 4, 4], &policy).to_text();
        assert!(passed.contains("first hurdle passed"), "{passed}");
        let failed = Assessment::from_array(Scale::ONE_TO_FIVE, [1, 4, 4, 4, 4])
            .unwrap()
            .with_reaction(CopingReaction::Fight)
            .evaluate(&policy)
            .unwrap()
            .to_markdown();
        assert!(
            failed.contains("FAILED the first hurdle (customer reaction: fight)"),
            "{failed}"
        );
        let ungated = score(
            [1, 4, 4, 4, 4],
            &policy.without_critical(service_quality::proud::Principle::PoliteAndProfessional),
        )
        .to_text();
        assert!(ungated.contains("no first hurdle tested"), "{ungated}");
    }

    #[test]
    fn a_leadership_profile_lists_every_area_and_function_and_the_style() {
        let five = Scale::ONE_TO_FIVE;
        let report = Profile::new(
            Position::Supervisor,
            Ratings::from_array(five, [5, 5, 4]).unwrap(),
            Ratings::from_array(five, [2, 2, 3, 2]).unwrap(),
        )
        .evaluate(&ProfilePolicy::default())
        .unwrap();
        let (md, text) = both(&report);
        for page in [&md, &text] {
            assert!(page.contains(Position::Supervisor.name()), "{page}");
            for a in Area::iter() {
                assert!(page.contains(a.name()), "{page}");
            }
            for f in Function::iter() {
                assert!(page.contains(f.name()), "{page}");
            }
            let style = report.style().unwrap();
            assert!(page.contains(&style.to_string()), "{page}");
            assert!(page.contains(style.description()), "{page}");
            // 5, 5, 4 on 1–5 normalise to 100, 100, 75: a leadership index of 92 (91.67).
            assert!(page.contains("Leadership index 92"), "{page}");
        }
    }

    #[test]
    fn a_360_report_shows_gaps_and_withholds_small_groups() {
        let seven = Scale::ONE_TO_SEVEN;
        let me = Ratings::<Contrast>::from_array(seven, [7; 10]).unwrap();
        let them = Ratings::<Contrast>::from_array(seven, [4; 10]).unwrap();
        let observers = (0..4)
            .map(|i| Observer::new(format!("peer-{i}"), RaterRole::Peer, them).unwrap())
            .chain([Observer::new("boss", RaterRole::Manager, them).unwrap()])
            .collect();
        let report = Review::new(me, observers)
            .unwrap()
            .evaluate(&ReviewPolicy::default());
        let (md, text) = both(&report);
        for page in [&md, &text] {
            assert!(page.contains("360 review"), "{page}");
            for c in Contrast::iter() {
                assert!(page.contains(c.name()), "{page}");
            }
            // Self 100 against observers 50 on every contrast: a gap of +50, a blind spot.
            assert!(
                page.contains("+50") && page.contains("blind spot"),
                "{page}"
            );
            // One manager is too few to be shown on their own.
            assert!(page.contains("not shown"), "{page}");
            assert!(page.contains("withheld"), "{page}");
        }
    }

    #[test]
    fn a_triage_ranks_causes_and_warns_when_people_top_the_list() {
        let mut aggregate = Aggregate::new();
        aggregate.add(&Breakdown::new([1, 1, 1, 1, 10]).unwrap());
        aggregate.add(&Breakdown::new([2, 1, 1, 1, 9]).unwrap());
        let triage = aggregate.evaluate(&TriagePolicy::default()).unwrap();
        let (md, text) = both(&triage);
        for page in [&md, &text] {
            assert!(page.contains("where to start"), "{page}");
            for c in Cause::iter() {
                assert!(page.contains(c.name()), "{page}");
            }
            assert!(
                page.contains(&format!("Start with {}", Cause::People.name())),
                "{page}"
            );
            assert!(page.contains("Before blaming staff"), "{page}");
            assert!(page.contains("yes"), "{page}");
            assert!(!page.contains("counted apart"), "{page}");
        }
    }

    /// A product-led triage carries the counter-question and notes the breakdowns counted
    /// apart; a triage over a team's own causes names them by label.
    #[test]
    fn a_triage_notes_unattributed_breakdowns_and_works_over_any_causes() {
        use service_quality::breakdown::CauseSet;
        let aggregate: Aggregate = [
            Breakdown::new([1, 1, 1, 9, 2]).unwrap(),
            Breakdown::new([1; 5]).unwrap(),
        ]
        .iter()
        .collect();
        let (md, text) = both(&aggregate.evaluate(&TriagePolicy::default()).unwrap());
        for page in [&md, &text] {
            assert!(page.contains("Start with Product"), "{page}");
            assert!(
                page.contains("Shares rest on 1 breakdown; 1 more rated 1 on every cause"),
                "{page}"
            );
            assert!(page.contains("while the product is being fixed?"), "{page}");
        }
        let causes = CauseSet::new(["billing", "courier"]).unwrap();
        let mut week = Aggregate::with_causes(&causes);
        week.add(&causes.breakdown([("courier", 6)]).unwrap())
            .unwrap();
        let (md, text) = both(&week.evaluate(&TriagePolicy::default()).unwrap());
        for page in [&md, &text] {
            assert!(page.contains("Start with courier."), "{page}");
            assert!(page.contains("billing"), "{page}");
            assert!(!page.contains("Ask:"), "{page}");
        }
    }
}
