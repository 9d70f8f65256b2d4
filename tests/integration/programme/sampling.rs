//! Sampling plans and draws through the public API: the properties a draw promises
//! (independent of input order, stable when the population grows, quotas kept, evaluators'
//! counts following their shares, risk picks the riskiest), bad plans, and serde.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use service_quality::Error;
use service_quality::programme::{
    Conversation, Day, Draw, Period, Plan, PlanBuilder, Quota, Reason, RiskOrder, Selection,
    Shortfall, random_key,
};

/// The plans' period in these tests: ten days of December 2026.
fn period() -> Period {
    Period::new(day(1), day(10)).unwrap()
}

fn day(d: i64) -> Day {
    Day::from_ymd(2026, 12, 1)
        .unwrap()
        .plus_days(d - 1)
        .unwrap()
}

const AGENTS: [&str; 4] = ["ana", "ben", "cai", "dev"];
const TYPES: [&str; 3] = ["call", "chat", "email"];

/// A conversation as the strategies generate it: agent, day (0 and 11, 12 fall outside the
/// period), contact type, risk.
type Spec = (usize, i64, usize, Option<u8>);

fn spec() -> impl Strategy<Value = Spec> {
    (
        0..AGENTS.len(),
        0i64..=12,
        0..TYPES.len(),
        proptest::option::of(0u8..6),
    )
}

fn build(prefix: &str, specs: &[Spec]) -> Vec<Conversation> {
    specs
        .iter()
        .enumerate()
        .map(|(i, &(agent, d, kind, risk))| {
            let c = Conversation::new(&format!("{prefix}{i}"), AGENTS[agent], day(d), TYPES[kind])
                .unwrap();
            match risk {
                Some(r) => c.with_risk(f64::from(r)).unwrap(),
                None => c,
            }
        })
        .collect()
}

/// A quota: a count, or a percentage with a minimum and a maximum.
fn quota() -> impl Strategy<Value = Quota> {
    prop_oneof![
        (0u32..6).prop_map(Quota::count),
        (0.0f64..=100.0, 0u32..4, 0u32..6).prop_map(|(p, min, extra)| Quota::percentage(
            p,
            min,
            min + extra
        )
        .unwrap()),
    ]
}

fn count_quota() -> impl Strategy<Value = Quota> {
    (0u32..6).prop_map(Quota::count)
}

/// Evaluators with integer weights, turned into shares of 100.
fn evaluators() -> impl Strategy<Value = Vec<u32>> {
    proptest::collection::vec(0u32..5, 0..4)
        .prop_filter("some weight", |w| w.is_empty() || w.iter().sum::<u32>() > 0)
}

fn plan(
    general: Option<Quota>,
    chat: Option<Quota>,
    risk: Option<(f64, bool)>,
    weights: &[u32],
) -> Plan {
    let mut builder: PlanBuilder = Plan::builder(period());
    match (general, chat) {
        (None, None) => builder = builder.quota(Quota::count(2)),
        (general, chat) => {
            if let Some(q) = general {
                builder = builder.quota(q);
            }
            if let Some(q) = chat {
                builder = builder.stratum("chat", q);
            }
        }
    }
    if let Some((share, highest)) = risk {
        let order = if highest {
            RiskOrder::HighestFirst
        } else {
            RiskOrder::LowestFirst
        };
        builder = builder.risk(share, order);
    }
    let total: u32 = weights.iter().sum();
    for (i, &w) in weights.iter().enumerate() {
        builder = builder.evaluator(&format!("e{i}"), 100.0 * f64::from(w) / f64::from(total));
    }
    builder.build().unwrap()
}

fn any_plan() -> impl Strategy<Value = Plan> {
    (
        proptest::option::of(quota()),
        proptest::option::of(quota()),
        proptest::option::of((0.0f64..=100.0, any::<bool>())),
        evaluators(),
    )
        .prop_map(|(g, c, r, w)| plan(g, c, r, &w))
}

/// The cell a conversation belongs to under `plan`: its agent and its stratum (`None` for the
/// general quota), or nothing when the plan does not sample it.
fn cell(plan: &Plan, c: &Conversation) -> Option<(String, Option<String>)> {
    if !plan.period().contains(c.day()) {
        return None;
    }
    let stratum = plan
        .strata()
        .find(|(kind, _)| *kind == c.contact_type())
        .map(|(kind, _)| kind.to_owned());
    (stratum.is_some() || plan.quota().is_some()).then(|| (c.agent().to_owned(), stratum))
}

fn picked(draw: &Draw) -> BTreeSet<&str> {
    draw.selections()
        .iter()
        .map(|s| s.conversation().id())
        .collect()
}

#[test]
fn public_types_are_send_and_sync() {
    fn assert_traits<T: Send + Sync>() {}
    assert_traits::<Conversation>();
    assert_traits::<Quota>();
    assert_traits::<Plan>();
    assert_traits::<PlanBuilder>();
    assert_traits::<Draw>();
    assert_traits::<Selection>();
    assert_traits::<Shortfall>();
    assert_traits::<Reason>();
    assert_traits::<RiskOrder>();
}

#[test]
fn an_empty_population_draws_nothing() {
    let plan = plan(Some(Quota::count(3)), None, None, &[1, 1]);
    let draw = plan.draw(&[], 1).unwrap();
    assert!(draw.is_empty() && draw.shortfalls().is_empty());
    assert!(draw.by_evaluator().is_empty());
}

#[test]
fn a_negative_quota_and_other_bad_plans_in_json_are_typed_errors() {
    #[cfg(feature = "serde")]
    {
        use crate::common::rejection;
        use serde_json::json;
        let base = |quota: serde_json::Value| json!({"period": {"first": "2026-12-01", "last": "2026-12-31"}, "quota": quota});
        assert_eq!(
            rejection::<Plan>(base(json!({"count": -3}))),
            "quota count is -3, expected a whole number in 0..=4294967295"
        );
        assert_eq!(
            rejection::<Plan>(base(json!({"percent": -5, "min": 1, "max": 3}))),
            "quota percentage is -5, expected a finite percentage in 0..=100"
        );
        assert_eq!(
            rejection::<Plan>(base(json!({"percent": 101, "min": 1, "max": 3}))),
            "quota percentage is 101, expected a finite percentage in 0..=100"
        );
        assert_eq!(
            rejection::<Plan>(base(json!({"percent": 5, "min": 4, "max": 3}))),
            "quota minimum is 4, expected at most the maximum, 3"
        );
        assert_eq!(
            rejection::<Plan>(base(json!({"percent": 5, "min": -1, "max": 3}))),
            "quota minimum is -1, expected a whole number in 0..=4294967295"
        );
        assert_eq!(
            rejection::<Plan>(base(json!({"percent": 5, "min": 1}))),
            "missing field 'max'"
        );
        assert_eq!(
            rejection::<Plan>(base(json!({"count": 3, "percent": 5}))),
            "quota is a count with a percent, min or max, expected a count alone, or a percent \
             with min and max"
        );
        assert_eq!(
            rejection::<Plan>(base(json!({}))),
            "missing count or percent for 'quota'"
        );
        let mut shares = base(json!({"count": 2}));
        shares["evaluators"] = json!([{"name": "eve", "share": 70}, {"name": "finn", "share": 40}]);
        assert_eq!(
            rejection::<Plan>(shares),
            "sum of evaluator shares is 110 (eve 70, finn 40), expected 100 (percent of the \
             selections)"
        );
        let mut risk = base(json!({"count": 2}));
        risk["risk"] = json!({"share": 30, "order": "riskiest"});
        assert_eq!(
            rejection::<Plan>(risk),
            "unknown risk order 'riskiest', expected one of: lowest_first, highest_first"
        );
        assert_eq!(
            rejection::<Plan>(json!({"period": {"first": "2026-12-01", "last": "2026-12-31"}})),
            "sampling plan is empty, expected at least one quota"
        );
    }
    // In Rust a count cannot be negative (it is a u32); the other rules are the builder's.
    assert!(matches!(
        Quota::percentage(f64::NEG_INFINITY, 0, 1),
        Err(Error::ValueOutOfRange {
            field: "quota percentage",
            ..
        })
    ));
}

#[cfg(feature = "serde")]
#[test]
fn a_draw_read_back_is_checked() {
    use crate::common::rejection;
    use serde_json::json;
    let plan = plan(Some(Quota::count(1)), Some(Quota::count(1)), None, &[1]);
    let population = build("c", &[(0, 1, 0, None), (0, 2, 1, None), (1, 3, 0, None)]);
    let draw = plan.draw(&population, 3).unwrap();
    let good = serde_json::to_value(&draw).unwrap();
    assert_eq!(serde_json::from_value::<Draw>(good.clone()).unwrap(), draw);
    // Selections in another order are put back in canonical order.
    let mut reversed = good.clone();
    reversed["selections"].as_array_mut().unwrap().reverse();
    assert_eq!(serde_json::from_value::<Draw>(reversed).unwrap(), draw);

    let mut twice = good.clone();
    let first = twice["selections"][0].clone();
    twice["selections"].as_array_mut().unwrap().push(first);
    assert_eq!(rejection::<Draw>(twice), "duplicate conversation id 'c0'");

    let mut late = good.clone();
    late["selections"][0]["conversation"]["day"] = json!("2027-01-01");
    assert_eq!(
        rejection::<Draw>(late),
        "day of a selected conversation is 2027-01-01, expected a day of the period, \
         2026-12-01..=2026-12-10"
    );
    let mut stratum = good.clone();
    stratum["selections"][0]["stratum"] = json!("chat");
    assert_eq!(
        rejection::<Draw>(stratum),
        "stratum of the selection is chat, expected its conversation's contact type, call"
    );
    let mut short = good.clone();
    short["shortfalls"] = json!([{"agent": "ana", "wanted": 2, "available": 2}]);
    assert_eq!(
        rejection::<Draw>(short),
        "available conversations of a shortfall is 2, expected fewer than wanted, 2"
    );
    let mut reason = good;
    reason["selections"][0]["reason"] = json!("whim");
    assert_eq!(
        rejection::<Draw>(reason),
        "unknown selection reason 'whim', expected one of: risk, random"
    );
}

#[test]
fn with_a_single_day_the_random_picks_are_the_smallest_keys() {
    // One day: every round of the days comes back to it, so a count of 3 takes the 3
    // smallest keys of each agent.
    let plan = Plan::builder(Period::new(day(1), day(1)).unwrap())
        .quota(Quota::count(3))
        .build()
        .unwrap();
    let population = build("c", &[(0, 1, 0, None); 12]);
    let draw = plan.draw(&population, 99).unwrap();
    let mut keys: Vec<(u64, &str)> = population
        .iter()
        .map(|c| (random_key(99, c.id()), c.id()))
        .collect();
    keys.sort_unstable();
    let smallest: BTreeSet<&str> = keys.iter().take(3).map(|(_, id)| *id).collect();
    assert_eq!(picked(&draw), smallest);
}

proptest! {
    #![proptest_config(crate::common::cases(200))]

    #[test]
    fn the_draw_does_not_depend_on_the_input_order(
        specs in proptest::collection::vec(spec(), 0..80),
        plan in any_plan(),
        seed in any::<u64>(),
        order in any::<u64>(),
    ) {
        let population = build("c", &specs);
        let draw = plan.draw(&population, seed).unwrap();
        // A shuffle by a seeded permutation (Fisher-Yates with proptest's generator).
        let mut shuffled = population.clone();
        let mut state = order;
        for i in (1..shuffled.len()).rev() {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            shuffled.swap(i, (state >> 33) as usize % (i + 1));
        }
        prop_assert_eq!(&plan.draw(&shuffled, seed).unwrap(), &draw);
        shuffled.reverse();
        prop_assert_eq!(&plan.draw(&shuffled, seed).unwrap(), &draw);
    }

    #[test]
    fn adding_conversations_never_brings_an_older_one_in(
        old in proptest::collection::vec(spec(), 0..60),
        new in proptest::collection::vec(spec(), 0..30),
        general in proptest::option::of(count_quota()),
        chat in proptest::option::of(count_quota()),
        risk in proptest::option::of((0.0f64..=100.0, any::<bool>())),
        seed in any::<u64>(),
    ) {
        let plan = plan(general, chat, risk, &[]);
        let before = build("old", &old);
        let mut after = before.clone();
        after.extend(build("new", &new));
        let (first, second) = (plan.draw(&before, seed).unwrap(), plan.draw(&after, seed).unwrap());
        // With fixed counts the targets stay the same. (A saved seed of this file is a riskier
        // newcomer turning a random pick into a risk pick, which once re-spread the rest.)
        let (was, is) = (picked(&first), picked(&second));
        let newcomers = is.iter().filter(|id| id.starts_with("new")).count();
        let kept: BTreeSet<&str> = is.iter().copied().filter(|id| id.starts_with("old")).collect();
        // The older conversations picked now were all picked before...
        prop_assert!(kept.is_subset(&was), "{:?} not within {:?}", kept, was);
        // ...and each one that dropped out made room for a newcomer.
        prop_assert!(was.len() - kept.len() <= newcomers);
        // Per cell, the same holds, and a cell never has fewer picks than before.
        let per_cell = |draw: &Draw| {
            let mut cells: BTreeMap<(String, Option<String>), usize> = BTreeMap::new();
            for s in draw.selections() {
                *cells.entry((s.conversation().agent().to_owned(), s.stratum().map(str::to_owned))).or_default() += 1;
            }
            cells
        };
        let after_cells = per_cell(&second);
        for (cell, count) in per_cell(&first) {
            prop_assert!(after_cells.get(&cell).copied().unwrap_or(0) >= count);
        }
    }

    #[test]
    fn a_growing_target_brings_in_only_what_the_older_population_gives_for_it(
        old in proptest::collection::vec(spec(), 0..60),
        new in proptest::collection::vec(spec(), 0..30),
        quota in quota(),
        risk in proptest::option::of((0.0f64..=100.0, any::<bool>())),
        seed in any::<u64>(),
    ) {
        // A percentage's target moves with the population: the older conversations picked
        // after the addition are among those the older population gives for the new target.
        let before = build("old", &old);
        let mut after = before.clone();
        after.extend(build("new", &new));
        let growing = plan(Some(quota), None, risk, &[]);
        let second = growing.draw(&after, seed).unwrap();
        for agent in AGENTS {
            let in_period = after
                .iter()
                .filter(|c| cell(&growing, c).is_some_and(|(a, _)| a == agent))
                .count();
            let target = Quota::count(u32::try_from(quota.target(in_period as u64)).unwrap());
            let older = plan(Some(target), None, risk, &[]).draw(&before, seed).unwrap();
            let allowed: BTreeSet<&str> = older
                .selections()
                .iter()
                .filter(|s| s.conversation().agent() == agent)
                .map(|s| s.conversation().id())
                .collect();
            for s in second.by_agent().get(agent).into_iter().flatten() {
                let id = s.conversation().id();
                prop_assert!(!id.starts_with("old") || allowed.contains(id), "{} of {} not within {:?}", id, agent, allowed);
            }
        }
    }

    #[test]
    fn a_larger_count_only_adds_picks(
        specs in proptest::collection::vec(spec(), 0..80),
        count in 0u32..8,
        more in 1u32..4,
        chat in proptest::option::of(count_quota()),
        risk in proptest::option::of((0.0f64..=100.0, any::<bool>())),
        seed in any::<u64>(),
    ) {
        let population = build("c", &specs);
        let smaller = plan(Some(Quota::count(count)), chat, risk, &[]).draw(&population, seed).unwrap();
        let larger = plan(Some(Quota::count(count + more)), chat, risk, &[]).draw(&population, seed).unwrap();
        let (small, large) = (picked(&smaller), picked(&larger));
        prop_assert!(small.is_subset(&large), "{:?} not within {:?}", small, large);
    }

    #[test]
    fn with_one_day_and_no_risk_only_smaller_keys_displace(
        old in proptest::collection::vec(spec(), 0..40),
        new in proptest::collection::vec(spec(), 0..20),
        count in 0u32..6,
        seed in any::<u64>(),
    ) {
        // Every conversation on the period's only day: the picks of a cell are its smallest
        // keys, so an old pick drops out only for a newcomer of its cell with a smaller key.
        let plan = Plan::builder(Period::new(day(5), day(5)).unwrap())
            .quota(Quota::count(count))
            .build()
            .unwrap();
        let on_day = |specs: &[Spec]| -> Vec<Spec> {
            specs.iter().map(|&(a, _, k, r)| (a, 5, k, r)).collect()
        };
        let before = build("old", &on_day(&old));
        let newcomers = build("new", &on_day(&new));
        let mut after = before.clone();
        after.extend(newcomers.iter().cloned());
        let (first, second) = (plan.draw(&before, seed).unwrap(), plan.draw(&after, seed).unwrap());
        let is = picked(&second);
        for s in first.selections() {
            let c = s.conversation();
            if !is.contains(c.id()) {
                let key = random_key(seed, c.id());
                prop_assert!(newcomers.iter().any(|n| n.agent() == c.agent()
                    && is.contains(n.id())
                    && random_key(seed, n.id()) < key));
            }
        }
    }

    #[test]
    fn quotas_are_kept_and_shortfalls_reported(
        specs in proptest::collection::vec(spec(), 0..80),
        plan in any_plan(),
        seed in any::<u64>(),
    ) {
        let population = build("c", &specs);
        let draw = plan.draw(&population, seed).unwrap();
        let mut available: BTreeMap<(String, Option<String>), u64> = BTreeMap::new();
        for c in &population {
            if let Some(cell) = cell(&plan, c) {
                *available.entry(cell).or_default() += 1;
            }
        }
        let mut counts: BTreeMap<(String, Option<String>), u64> = BTreeMap::new();
        for s in draw.selections() {
            let c = s.conversation();
            let cell = cell(&plan, c);
            prop_assert_eq!(cell.as_ref().map(|c| c.1.as_deref()), Some(s.stratum()));
            *counts.entry(cell.unwrap()).or_default() += 1;
        }
        let shortfalls: BTreeMap<(String, Option<String>), &Shortfall> = draw
            .shortfalls()
            .iter()
            .map(|s| ((s.agent().to_owned(), s.stratum().map(str::to_owned)), s))
            .collect();
        // Every agent with a conversation in the period has every cell of the plan.
        let agents: BTreeSet<&str> = population
            .iter()
            .filter(|c| plan.period().contains(c.day()))
            .map(Conversation::agent)
            .collect();
        let mut cells: Vec<(Option<String>, Quota)> =
            plan.strata().map(|(k, q)| (Some(k.to_owned()), q)).collect();
        cells.extend(plan.quota().map(|q| (None, q)));
        for agent in agents {
            for (stratum, quota) in &cells {
                let key = (agent.to_owned(), stratum.clone());
                let have = available.get(&key).copied().unwrap_or(0);
                let got = counts.get(&key).copied().unwrap_or(0);
                let target = quota.target(have);
                prop_assert!(got <= u64::from(quota.max()));
                if have >= u64::from(quota.min()) {
                    prop_assert!(got >= u64::from(quota.min()));
                }
                prop_assert_eq!(got, target.min(have));
                match shortfalls.get(&key) {
                    Some(s) => {
                        prop_assert!(target > have);
                        prop_assert_eq!((s.wanted(), s.available()), (target, have));
                    }
                    None => prop_assert!(target <= have),
                }
            }
        }
        prop_assert_eq!(
            draw.outside_period(),
            population.iter().filter(|c| !plan.period().contains(c.day())).count() as u64
        );
    }

    #[test]
    fn evaluators_counts_follow_their_shares_within_one(
        specs in proptest::collection::vec(spec(), 0..80),
        weights in proptest::collection::vec(0u32..5, 1..5).prop_filter("some", |w| w.iter().sum::<u32>() > 0),
        seed in any::<u64>(),
    ) {
        let plan = plan(Some(Quota::percentage(50.0, 1, 6).unwrap()), None, None, &weights);
        let draw = plan.draw(&build("c", &specs), seed).unwrap();
        let by = draw.by_evaluator();
        let n = draw.len() as f64;
        let mut assigned = 0;
        for (name, share) in plan.evaluators() {
            let count = by.get(name).map_or(0, Vec::len);
            assigned += count;
            prop_assert!((count as f64 - share * n / 100.0).abs() < 1.0 + 1e-9, "{} {} of {}", name, count, n);
        }
        prop_assert_eq!(assigned, draw.len());
    }

    #[test]
    fn risk_picks_are_the_riskiest_of_their_cell(
        specs in proptest::collection::vec(spec(), 0..80),
        plan in any_plan(),
        seed in any::<u64>(),
    ) {
        let population = build("c", &specs);
        let draw = plan.draw(&population, seed).unwrap();
        let Some((_, order)) = plan.risk() else { return Ok(()) };
        // Riskier first: the value as it sorts, lowest first.
        let riskiness = |r: f64| if order == RiskOrder::LowestFirst { r } else { -r };
        let risk_picks: BTreeSet<&str> = draw
            .selections()
            .iter()
            .filter(|s| s.reason() == Reason::Risk)
            .map(|s| s.conversation().id())
            .collect();
        for pick in population.iter().filter(|c| risk_picks.contains(c.id())) {
            let r = riskiness(pick.risk().unwrap());
            for other in population.iter().filter(|o| !risk_picks.contains(o.id())
                && o.risk().is_some() && cell(&plan, o) == cell(&plan, pick))
            {
                prop_assert!(r <= riskiness(other.risk().unwrap()), "{:?} before {:?}", pick, other);
            }
        }
    }

    #[test]
    fn random_picks_are_spread_over_the_days_when_every_day_has_conversations(
        per_day in proptest::collection::vec(2usize..4, 10),
        count in 0u32..=20,
        seed in any::<u64>(),
    ) {
        let plan = plan(Some(Quota::count(count)), None, None, &[]);
        let specs: Vec<Spec> = per_day
            .iter()
            .enumerate()
            .flat_map(|(d, &n)| std::iter::repeat_n((0, d as i64 + 1, 0, None), n))
            .collect();
        let draw = plan.draw(&build("c", &specs), seed).unwrap();
        let mut per_offset = [0u32; 10];
        for s in draw.selections() {
            per_offset[plan.period().first().days_until(s.conversation().day()) as usize] += 1;
        }
        // Every day has a pick before any has two: each has ⌊count / 10⌋ or one more.
        for n in per_offset {
            prop_assert!(n == count / 10 || n == count / 10 + 1, "{:?}", per_offset);
        }
        // For up to 10 picks, a power of two `k` takes the days ⌊j × 10 / k⌋, and any other
        // count leaves no gap (round the period's end) longer than the power of two below.
        if (1..=10).contains(&count) {
            let days: Vec<u32> = (0..10).filter(|&d| per_offset[d as usize] > 0).collect();
            let power = 1 << count.ilog2();
            if power == count {
                prop_assert_eq!(&days, &(0..count).map(|j| j * 10 / count).collect::<Vec<_>>());
            }
            let longest = days
                .iter()
                .zip(days.iter().skip(1).chain([&(days[0] + 10)]))
                .map(|(a, b)| b - a)
                .max()
                .unwrap();
            prop_assert!(longest <= 10_u32.div_ceil(power), "{:?}", days);
        }
    }

    #[test]
    fn plans_and_draws_round_trip_through_json(
        specs in proptest::collection::vec(spec(), 0..40),
        plan in any_plan(),
        seed in any::<u64>(),
    ) {
        #[cfg(feature = "serde")]
        {
            let json = serde_json::to_string(&plan).unwrap();
            prop_assert_eq!(&serde_json::from_str::<Plan>(&json).unwrap(), &plan);
            let draw = plan.draw(&build("c", &specs), seed).unwrap();
            let json = serde_json::to_string(&draw).unwrap();
            prop_assert_eq!(serde_json::from_str::<Draw>(&json).unwrap(), draw);
        }
        #[cfg(not(feature = "serde"))]
        let _ = (specs, plan, seed);
    }
}

/// What a conversation and a plan give back (survivors of the mutation run over sampling.rs).
#[test]
fn a_conversation_and_a_plan_read_back_what_they_were_given() {
    let day = Day::from_ymd(2026, 11, 3).unwrap();
    let plain = Conversation::new("c1", "ana", day, "phone").unwrap();
    assert_eq!(plain.risk(), None);
    let risky = plain.clone().with_risk(2.5).unwrap();
    assert_eq!(risky.risk().map(f64::to_bits), Some(2.5_f64.to_bits()));

    let plan = Plan::builder(Period::month(2026, 11).unwrap())
        .quota(Quota::count(4))
        .risk(25.0, RiskOrder::LowestFirst)
        .evaluator("lead", 100.0)
        .evaluator("peer", -0.0)
        .build()
        .unwrap();
    assert_eq!(
        plan.risk().map(|(share, order)| (share.to_bits(), order)),
        Some((25.0_f64.to_bits(), RiskOrder::LowestFirst))
    );
    // A share of −0 is kept as 0, the same share.
    let shares: Vec<(&str, u64)> = plan.evaluators().map(|(e, s)| (e, s.to_bits())).collect();
    assert_eq!(
        shares,
        [("lead", 100.0_f64.to_bits()), ("peer", 0.0_f64.to_bits())]
    );
}

/// Evaluators are dealt selections at their pace through the period: with 80% and 20% of five
/// selections, the lead takes the first two (its pace is 0.8 a selection, the peer's 0.2),
/// the peer the third, once it has fallen furthest behind (0.6 due, none dealt, against the
/// lead's 2.4 due and 2 dealt), and the lead the last two.
#[test]
fn evaluators_are_dealt_selections_at_their_pace() {
    let population: Vec<Conversation> = (1..=5)
        .map(|d| {
            let day = Day::from_ymd(2026, 11, d).unwrap();
            Conversation::new(&format!("c{d}"), "ana", day, "phone").unwrap()
        })
        .collect();
    let plan = Plan::builder(Period::month(2026, 11).unwrap())
        .quota(Quota::count(5))
        .evaluator("lead", 80.0)
        .evaluator("peer", 20.0)
        .build()
        .unwrap();
    let draw = plan.draw(&population, 7).unwrap();
    let dealt: Vec<(&str, Option<&str>)> = draw
        .selections()
        .iter()
        .map(|s| (s.conversation().id(), s.evaluator()))
        .collect();
    assert_eq!(
        dealt,
        [
            ("c1", Some("lead")),
            ("c2", Some("lead")),
            ("c3", Some("peer")),
            ("c4", Some("lead")),
            ("c5", Some("lead")),
        ]
    );
}
