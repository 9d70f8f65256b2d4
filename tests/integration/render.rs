//! Reports in Markdown and plain text: both forms carry the same words, and each report says
//! what its model found.

use service_quality::boss_leader::Contrast;
use service_quality::breakdown::{Aggregate, Breakdown, Cause, TriagePolicy};
use service_quality::leadership::{Area, Function, Position, Profile, ProfilePolicy};
use service_quality::proud::{Assessment, CopingReaction, Principle, ProudPolicy};
use service_quality::render::Render;
use service_quality::review::{Observer, RaterRole, Review, ReviewPolicy};
use service_quality::{Ratings, Scale};

/// Both forms carry the same words; only Markdown has table pipes and a heading mark.
fn both(report: &impl Render) -> (String, String) {
    let (md, text) = (report.to_markdown(), report.to_text());
    assert!(md.starts_with("## ") && md.contains("\n|---|"), "{md}");
    assert!(!text.contains('|') && !text.starts_with('#'), "{text}");
    (md, text)
}

#[test]
fn reports_render_every_principle_in_both_forms() {
    let v = Assessment::from_array(Scale::ONE_TO_FIVE, [1, 2, 3, 4, 5])
        .unwrap()
        .evaluate(&ProudPolicy::default())
        .unwrap();
    let (md, text) = (v.to_markdown(), v.to_text());
    for p in Principle::iter() {
        assert!(md.contains(&format!("| {} |", p.name())), "{md}");
        assert!(text.contains(p.name()));
    }
    assert!(md.contains("FAILED the first hurdle"));
    assert!(!text.contains('|'));
}

#[test]
fn a_verdict_report_carries_the_feeling_and_the_scenarios_seen() {
    use service_quality::proud::Scenario;
    let v = Assessment::from_array(Scale::ONE_TO_FIVE, [2, 4, 4, 4, 4])
        .unwrap()
        .try_with_feeling(2)
        .unwrap()
        .with_scenario(Scenario::TreatedIndifferently)
        .evaluate(&ProudPolicy::default())
        .unwrap();
    let (md, text) = both(&v);
    for report in [&md, &text] {
        assert!(
            report.contains("How the customer was made to feel: 25 of 100."),
            "{report}"
        );
        assert!(
            report.contains("Observed: \"I was handled as though I made no difference.\" (P)."),
            "{report}"
        );
    }
    let plain = Assessment::from_array(Scale::ONE_TO_FIVE, [4, 4, 4, 4, 4])
        .unwrap()
        .evaluate(&ProudPolicy::default())
        .unwrap();
    assert!(!plain.to_text().contains("feel") && !plain.to_text().contains("Observed"));
}

#[test]
fn the_first_hurdle_line_says_what_happened() {
    let score = |ratings: [i64; 5], policy: &ProudPolicy| {
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
        assert!(
            page.contains("what would you train people to say while it is being fixed?"),
            "{page}"
        );
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
