//! Sampling plans: which conversations to review, for whom, and why.
//!
//! A QA team cannot review everything, so it reviews a sample: so many conversations per agent
//! per period, some chosen because they look risky and the rest at random, spread over the
//! period, shared out among the evaluators. A [`Plan`] says how; [`Plan::draw`] applies it to a
//! population of [`Conversation`]s with a seed and gives a [`Draw`]: the [`Selection`]s, each
//! with its evaluator and its [`Reason`], and a [`Shortfall`] for every agent whose quota could
//! not be met.
//!
//! ```
//! use service_quality::programme::{Conversation, Day, Period, Plan, Quota, Reason, RiskOrder};
//!
//! let december = Period::month(2026, 12)?;
//! // Four reviews per agent, a quarter of them the lowest predicted CSAT, shared by two
//! // evaluators; chats get a quota of their own, 10% of them, between 1 and 3.
//! let plan = Plan::builder(december)
//!     .quota(Quota::count(4))
//!     .stratum("chat", Quota::percentage(10.0, 1, 3)?)
//!     .risk(25.0, RiskOrder::LowestFirst)
//!     .evaluator("eve", 50.0)
//!     .evaluator("finn", 50.0)
//!     .build()?;
//!
//! let mut population = Vec::new();
//! for (n, agent) in (0..60).zip(["ana", "ben"].into_iter().cycle()) {
//!     let day = Day::from_ymd(2026, 12, 1 + n % 31)?;
//!     let channel = if n % 3 == 0 { "chat" } else { "call" };
//!     let predicted_csat = f64::from(n % 5) + 1.0;
//!     population.push(Conversation::new(&format!("c{n}"), agent, day, channel)?.with_risk(predicted_csat)?);
//! }
//! let draw = plan.draw(&population, 2026)?;
//!
//! // Each agent: 4 of their 20 calls (one of them, a quarter of 4, by risk) and 1 of their
//! // 10 chats (10% of 10); nobody falls short.
//! assert_eq!(draw.selections().len(), 10);
//! assert!(draw.shortfalls().is_empty());
//! let by_evaluator = draw.by_evaluator();
//! assert_eq!((by_evaluator["eve"].len(), by_evaluator["finn"].len()), (5, 5));
//! // Every risk pick of a quota has the lowest predicted CSAT on offer.
//! assert!(draw.selections().iter().filter(|s| s.reason() == Reason::Risk)
//!     .all(|s| s.conversation().risk() == Some(1.0)));
//! // The same population and seed give the same draw, in any order.
//! population.reverse();
//! assert_eq!(plan.draw(&population, 2026)?, draw);
//! # Ok::<(), service_quality::Error>(())
//! ```
//!
//! # How a plan draws
//!
//! **Cells.** Only conversations whose day lies in the plan's period take part; the others are
//! ignored and counted ([`Draw::outside_period`]). The agents are those with at least one
//! conversation in the period. Each agent has one cell per stratum (the conversations of that
//! contact type) and, when the plan has a general quota, one more cell that holds all its
//! other conversations together, whatever their contact types (calls and chats in one cell
//! when email is the only stratum). Each cell is sampled on its own, under its own [`Quota`]: a stratum's quota is per agent,
//! not a share of the agent's general quota. Contact types without a stratum in a plan
//! without a general quota are not reviewed.
//!
//! **How many.** A cell with `m` conversations wants its quota's
//! [target](Quota::target): a fixed count, or `⌈p × m / 100⌉` clamped to the quota's minimum
//! and maximum. It gets `min(target, m)` picks; when the target is more than `m`, the draw
//! reports a [`Shortfall`] for that agent and cell, and every conversation of the cell is
//! picked. An agent with no conversation of a stratum has a shortfall for that stratum
//! whenever its target for zero conversations is above zero.
//!
//! **Risk first.** With a [risk share](PlanBuilder::risk) of `s` percent, `round(s × picks /
//! 100)` of a cell's picks (halves rounded up) go to its riskiest conversations: those with
//! the lowest [risk](Conversation::risk) value first, or the highest, as the plan's
//! [`RiskOrder`] says (a predicted CSAT is riskiest lowest, a duration highest). Ties go to the
//! smaller random key. Conversations without a risk value are never risk picks; when too few
//! have one, the remaining picks are random.
//!
//! **The rest at random, spread over the period.** Every conversation has a random key,
//! [`random_key`]`(seed, id)`: a fixed hash of the seed and the conversation's id, so it
//! depends on nothing else (not the input order, not the other conversations, not the
//! platform or the crate's version). The random picks go round the days of the period in a
//! fixed spreading order, taking at each day its smallest key not yet taken and skipping days
//! with nothing left, until they have enough. The spreading order of a period of `D` days is
//! that of the bit-reversed counter: with `2^m` the smallest power of two at least `D`, count
//! `i = 0, 1, …, 2^m − 1`, reverse the `m` low bits of `i` to get `t`, and name the day at
//! offset `⌊t × D / 2^m⌋`, skipping days already named. A 28-day period goes 0, 14, 7, 21, 3,
//! 17, 10, 24, 1, …, so the first `k` days named, for `k` a power of two, are exactly the even
//! spacing `⌊j × D / k⌋` (`j` from 0 to `k − 1`), and for any other `k` they hold those of the
//! power of two below `k` and leave no gap longer. An agent who worked every day gets one pick
//! a day at most until every day has one, spread over the period; an agent on leave for a week
//! has that week's turns passed on to the days they worked.
//!
//! **Stable when conversations arrive.** A cell's picks are the first of its conversations in
//! two orders that depend on nothing but the conversations themselves (riskiest first for the
//! risk share, then the spreading order with each day's keys), and a newcomer can only push an
//! older conversation later in either order, never earlier. So adding conversations to the
//! population never brings an older conversation into the sample beyond what a larger target
//! forces: the older conversations picked after the addition are among those the older
//! population alone would give for the new target, and a larger target only adds picks to a
//! smaller one's. When a cell's target stays the same (a fixed count, or a percentage whose
//! rounding does not move), the older conversations picked after the addition are a subset of
//! those picked before, and each one that dropped out made room for a newcomer (a riskier one,
//! or one coming earlier in the spreading order).
//!
//! **Evaluators.** The selections, in their canonical order (agent, day, id), are shared among
//! the plan's evaluators in proportion to their shares: each evaluator's count is their share
//! of the selections rounded by the largest-remainder method (Hamilton's apportionment), so it
//! is within one of the exact share and the counts add up to the selections; the selections
//! are dealt in order to the evaluator furthest behind their count so far, so consecutive
//! selections of one agent go to different evaluators. Without evaluators, selections are left
//! unassigned.
//!
//! Everything in a draw is computed from sets and fixed hashes, so the same population (in any
//! order) and seed give the same draw everywhere. A draw costs one sort per agent's cell:
//! `O(n log n)` for `n` conversations.

use std::collections::BTreeMap;

use super::calendar::{Day, Period};
use crate::scoring::macros::named_enum;
use crate::scoring::random::{SplitMix64, fnv1a_64, mix};
use crate::scoring::{Error, Result};

/// A product that is within this of a whole number counts as that number when a percentage is
/// rounded up, so `7% of 300` is 21 even if the floating-point product is 21.000000000000004.
const ROUNDING_SLACK: f64 = 1e-9;

/// The random key of conversation `id` under `seed`: where the conversation falls in the random
/// part of a draw (smaller keys are picked first).
///
/// The key is `mix(fnv1a(id) ⊕ mix(seed + γ))`, where `fnv1a` is the 64-bit FNV-1a hash of the
/// id's UTF-8 bytes, `γ` = 0x9E3779B97F4A7C15 and `mix` is SplitMix64's output function
/// (Steele, Lea and Flood, 2014), all in wrapping 64-bit arithmetic: `mix(seed + γ)` is the
/// first output of SplitMix64 seeded with `seed`. It is fixed by this definition (pinned in the
/// tests), so a draw can be repeated, and checked, anywhere.
///
/// ```
/// use service_quality::programme::random_key;
///
/// assert_eq!(random_key(0, "call-1"), random_key(0, "call-1"));
/// assert_ne!(random_key(0, "call-1"), random_key(1, "call-1"));
/// ```
pub fn random_key(seed: u64, id: &str) -> u64 {
    mix(fnv1a_64(id.as_bytes()) ^ SplitMix64::new(seed).next())
}

named_enum! {
    /// Which end of the risk values is riskiest, for a plan's risk picks.
    #[non_exhaustive]
    pub enum RiskOrder as "risk order", expecting "one of: lowest_first, highest_first" {
        /// The lowest values are riskiest: a predicted CSAT, a sentiment score, a QA
        /// prediction.
        LowestFirst,
        /// The highest values are riskiest: a duration in seconds, a number of transfers, a
        /// predicted probability of a complaint.
        HighestFirst,
    }
}

named_enum! {
    /// Why a conversation was selected.
    #[non_exhaustive]
    pub enum Reason as "selection reason", expecting "one of: risk, random" {
        /// Among the riskiest of its cell, for the plan's risk share.
        Risk,
        /// At random: the smallest random key of its day not yet taken, in the period's
        /// spreading order (see [the module docs](self)).
        Random,
    }
}

/// One conversation that may be reviewed: its id (unique in the population), the agent who
/// handled it, its day, its contact type (a channel or queue: `"call"`, `"chat"`, `"billing"`),
/// and optionally a risk value (a predicted CSAT, a duration) for the plan's risk picks.
///
/// Text is trimmed. The risk value's meaning is the plan's: its [`RiskOrder`] says whether low
/// or high values are riskiest.
///
/// ```
/// use service_quality::programme::{Conversation, Day};
///
/// let call = Conversation::new("c-1041", "ana", Day::from_ymd(2026, 12, 3)?, "call")?
///     .with_risk(2.4)?;
/// assert_eq!((call.id(), call.agent(), call.risk()), ("c-1041", "ana", Some(2.4)));
/// assert_eq!(
///     Conversation::new(" ", "ana", Day::from_ymd(2026, 12, 3)?, "call").unwrap_err().to_string(),
///     "conversation id is empty, expected some text"
/// );
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "RawConversation", into = "RawConversation")
)]
pub struct Conversation {
    id: String,
    agent: String,
    day: Day,
    contact_type: String,
    risk: Option<f64>,
}

impl Conversation {
    /// A conversation without a risk value.
    ///
    /// # Errors
    ///
    /// [`Error::EmptyText`] for an empty (or blank) `"conversation id"`, `"agent"` or
    /// `"contact type"`.
    pub fn new(id: &str, agent: &str, day: Day, contact_type: &str) -> Result<Conversation> {
        Ok(Conversation {
            id: non_empty("conversation id", id)?.to_owned(),
            agent: non_empty("agent", agent)?.to_owned(),
            day,
            contact_type: non_empty("contact type", contact_type)?.to_owned(),
            risk: None,
        })
    }

    /// The same conversation with a risk value.
    ///
    /// # Errors
    ///
    /// [`Error::ValueOutOfRange`] when `risk` is NaN or infinite.
    pub fn with_risk(self, risk: f64) -> Result<Conversation> {
        if !risk.is_finite() {
            return Err(Error::ValueOutOfRange {
                field: "risk",
                value: risk,
                expected: "a finite number",
            });
        }
        // Adding zero turns −0 into +0, so the two zeros are one value.
        Ok(Conversation {
            risk: Some(risk + 0.0),
            ..self
        })
    }

    /// The id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The agent who handled it.
    pub fn agent(&self) -> &str {
        &self.agent
    }

    /// Its day.
    pub const fn day(&self) -> Day {
        self.day
    }

    /// Its contact type.
    pub fn contact_type(&self) -> &str {
        &self.contact_type
    }

    /// Its risk value, if it has one.
    pub const fn risk(&self) -> Option<f64> {
        self.risk
    }
}

/// How many conversations of a cell (one agent's conversations of a contact type, over the
/// plan's period) to review: a fixed count, or a percentage with a minimum and a maximum.
///
/// ```
/// use service_quality::programme::Quota;
///
/// let five_percent = Quota::percentage(5.0, 2, 8)?;
/// assert_eq!(five_percent.target(100), 5);
/// assert_eq!(five_percent.target(21), 2);  // ⌈1.05⌉ = 2
/// assert_eq!(five_percent.target(10), 2);  // ⌈0.5⌉ = 1, raised to the minimum
/// assert_eq!(five_percent.target(400), 8); // 20, lowered to the maximum
/// assert_eq!(Quota::count(4).target(1), 4); // more than there is: a shortfall
/// assert_eq!(
///     Quota::percentage(5.0, 9, 8).unwrap_err().to_string(),
///     "quota minimum is 9, expected at most the maximum, 8"
/// );
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "RawQuota", into = "RawQuota")
)]
pub struct Quota(QuotaKind);

#[derive(Debug, Clone, Copy, PartialEq)]
enum QuotaKind {
    Count(u32),
    Percentage { percent: f64, min: u32, max: u32 },
}

impl Quota {
    /// Exactly `count` conversations per cell (fewer only when there are fewer, with a
    /// [`Shortfall`]).
    pub const fn count(count: u32) -> Quota {
        Quota(QuotaKind::Count(count))
    }

    /// `percent` of a cell's conversations, rounded up, and at least `min` and at most `max`
    /// (`u32::MAX` for no maximum).
    ///
    /// # Errors
    ///
    /// [`Error::ValueOutOfRange`] for a percentage that is not finite or is outside 0..=100,
    /// and [`Error::Inconsistent`] when `min` is above `max`.
    pub fn percentage(percent: f64, min: u32, max: u32) -> Result<Quota> {
        let percent = percentage("quota percentage", percent)?;
        if min > max {
            return Err(Error::Inconsistent {
                field: "quota minimum",
                value: min.to_string(),
                expected: format!("at most the maximum, {max}"),
            });
        }
        Ok(Quota(QuotaKind::Percentage { percent, min, max }))
    }

    /// The fixed count, for a quota of [`count`](Self::count).
    pub const fn fixed_count(&self) -> Option<u32> {
        match self.0 {
            QuotaKind::Count(count) => Some(count),
            QuotaKind::Percentage { .. } => None,
        }
    }

    /// The percentage, for a quota of [`percentage`](Self::percentage).
    pub const fn percent(&self) -> Option<f64> {
        match self.0 {
            QuotaKind::Count(_) => None,
            QuotaKind::Percentage { percent, .. } => Some(percent),
        }
    }

    /// The fewest conversations the quota asks for (the count, for a fixed count).
    pub const fn min(&self) -> u32 {
        match self.0 {
            QuotaKind::Count(count) | QuotaKind::Percentage { min: count, .. } => count,
        }
    }

    /// The most conversations the quota asks for (the count, for a fixed count).
    pub const fn max(&self) -> u32 {
        match self.0 {
            QuotaKind::Count(count) | QuotaKind::Percentage { max: count, .. } => count,
        }
    }

    /// How many of `available` conversations the quota asks for: the count, or
    /// `⌈percent × available / 100⌉` clamped to `min..=max`. A target above `available` cannot
    /// be met: the draw picks them all and reports a [`Shortfall`].
    pub fn target(&self, available: u64) -> u64 {
        match self.0 {
            QuotaKind::Count(count) => u64::from(count),
            QuotaKind::Percentage { percent, min, max } => {
                // Multiplying first keeps whole percentages of whole counts exact.
                let wanted = (percent * available as f64 / 100.0 - ROUNDING_SLACK)
                    .ceil()
                    .max(0.0) as u64;
                wanted.clamp(u64::from(min), u64::from(max))
            }
        }
    }
}

/// A validated sampling plan: the period, the quotas, the risk share and the evaluators.
/// Build one with [`Plan::builder`]; draw with [`Plan::draw`]. The module documentation
/// ([`programme::sampling`](self)) says exactly how a plan draws.
///
/// ```
/// use service_quality::programme::{Period, Plan, Quota};
///
/// let plan = Plan::builder(Period::month(2026, 12)?)
///     .quota(Quota::count(4))
///     .evaluator("eve", 60.0)
///     .evaluator("finn", 30.0)
///     .build();
/// assert_eq!(
///     plan.unwrap_err().to_string(),
///     "sum of evaluator shares is 90 (eve 60, finn 30), expected 100 (percent of the selections)"
/// );
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "RawPlan", into = "RawPlan")
)]
pub struct Plan {
    period: Period,
    quota: Option<Quota>,
    strata: Vec<(String, Quota)>,
    risk: Option<(f64, RiskOrder)>,
    evaluators: Vec<(String, f64)>,
}

impl Plan {
    /// Starts a plan over `period`.
    pub fn builder(period: Period) -> PlanBuilder {
        PlanBuilder {
            period,
            quota: None,
            strata: Vec::new(),
            risk: None,
            evaluators: Vec::new(),
        }
    }

    /// The period.
    pub const fn period(&self) -> Period {
        self.period
    }

    /// The general quota, for contact types without a stratum of their own.
    pub const fn quota(&self) -> Option<Quota> {
        self.quota
    }

    /// The strata: each contact type with its quota, in the order they were added.
    pub fn strata(&self) -> impl ExactSizeIterator<Item = (&str, Quota)> {
        self.strata
            .iter()
            .map(|(kind, quota)| (kind.as_str(), *quota))
    }

    /// The risk share (percent of each cell's picks) and which values are riskiest, if the
    /// plan picks by risk.
    pub const fn risk(&self) -> Option<(f64, RiskOrder)> {
        self.risk
    }

    /// The evaluators with their shares (percent of the selections), in the order they were
    /// added.
    pub fn evaluators(&self) -> impl ExactSizeIterator<Item = (&str, f64)> {
        self.evaluators
            .iter()
            .map(|(name, share)| (name.as_str(), *share))
    }

    /// Draws the sample from `population` with `seed`, as the [module
    /// documentation](self) describes. The population may hold conversations outside the
    /// period (they are ignored and counted) and may come in any order.
    ///
    /// # Errors
    ///
    /// [`Error::Duplicate`] naming a conversation id that appears twice (the smallest such id,
    /// whatever the order).
    ///
    /// ```
    /// use service_quality::programme::{Conversation, Day, Period, Plan, Quota};
    ///
    /// let plan = Plan::builder(Period::month(2026, 12)?).quota(Quota::count(3)).build()?;
    /// let day = Day::from_ymd(2026, 12, 14)?;
    /// let population = [
    ///     Conversation::new("c1", "ana", day, "call")?,
    ///     Conversation::new("c2", "ana", day, "chat")?,
    ///     Conversation::new("c3", "ben", day, "call")?,
    /// ];
    /// let draw = plan.draw(&population, 1)?;
    /// assert_eq!(draw.len(), 3); // everything there is
    /// let short: Vec<_> = draw.shortfalls().iter().map(|s| (s.agent(), s.missing())).collect();
    /// assert_eq!(short, [("ana", 1), ("ben", 2)]);
    ///
    /// let twice = [population[0].clone(), population[0].clone()];
    /// assert_eq!(plan.draw(&twice, 1).unwrap_err().to_string(), "duplicate conversation id 'c1'");
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn draw(&self, population: &[Conversation], seed: u64) -> Result<Draw> {
        check_unique_ids(population.iter().map(Conversation::id))?;
        let general = self.strata.len();
        let mut outside_period = 0u64;
        // Agent → one cell per stratum, then the general cell.
        let mut agents: BTreeMap<&str, Vec<Vec<Candidate<'_>>>> = BTreeMap::new();
        for conversation in population {
            let Some(offset) = self.period.offset(conversation.day) else {
                outside_period += 1;
                continue;
            };
            let cells = agents
                .entry(conversation.agent.as_str())
                .or_insert_with(|| vec![Vec::new(); general + 1]);
            let cell = self
                .strata
                .iter()
                .position(|(kind, _)| *kind == conversation.contact_type)
                .unwrap_or(general);
            if cell == general && self.quota.is_none() {
                continue;
            }
            if let Some(cell) = cells.get_mut(cell) {
                cell.push(Candidate {
                    conversation,
                    key: random_key(seed, &conversation.id),
                    offset,
                });
            }
        }

        let mut selections = Vec::new();
        let mut shortfalls = Vec::new();
        for (agent, cells) in &mut agents {
            for (index, cell) in cells.iter_mut().enumerate() {
                let (stratum, quota) = match self.strata.get(index) {
                    Some((kind, quota)) => (Some(kind.as_str()), *quota),
                    None => match self.quota {
                        Some(quota) => (None, quota),
                        None => continue,
                    },
                };
                let available = cell.len() as u64;
                let wanted = quota.target(available);
                if wanted > available {
                    shortfalls.push(Shortfall {
                        agent: (*agent).to_owned(),
                        stratum: stratum.map(str::to_owned),
                        wanted,
                        available,
                    });
                }
                let picks = wanted.min(available) as usize;
                for (candidate, reason) in self.pick(cell, picks) {
                    selections.push(Selection {
                        conversation: candidate.conversation.clone(),
                        reason,
                        stratum: stratum.map(str::to_owned),
                        evaluator: None,
                    });
                }
            }
        }
        selections.sort_by(canonical);
        assign_evaluators(&mut selections, &self.evaluators);
        Ok(Draw {
            period: self.period,
            seed,
            selections,
            shortfalls,
            outside_period,
        })
    }

    /// Chooses `picks` of `cell`'s conversations (at most all of them): the riskiest for the
    /// risk share, then the rest round the days of the period in its spreading order, each day's
    /// smallest key not yet taken.
    fn pick<'c, 'p>(
        &self,
        cell: &'c mut [Candidate<'p>],
        picks: usize,
    ) -> Vec<(&'c Candidate<'p>, Reason)> {
        let mut chosen = Vec::with_capacity(picks);
        if picks == 0 {
            return chosen;
        }
        cell.sort_unstable_by(|a, b| {
            a.key
                .cmp(&b.key)
                .then_with(|| a.conversation.id.cmp(&b.conversation.id))
        });
        let mut taken = vec![false; cell.len()];

        if let Some((share, order)) = self.risk {
            let risky = rounded_share(share, picks);
            let mut by_risk: Vec<(usize, f64)> = cell
                .iter()
                .enumerate()
                .filter_map(|(i, c)| c.conversation.risk.map(|risk| (i, risk)))
                .collect();
            // Key order already breaks ties (the sort is stable).
            by_risk.sort_by(|a, b| match order {
                RiskOrder::HighestFirst => b.1.total_cmp(&a.1),
                RiskOrder::LowestFirst => a.1.total_cmp(&b.1),
            });
            for &(i, _) in by_risk.iter().take(risky) {
                if let (Some(flag), Some(candidate)) = (taken.get_mut(i), cell.get(i)) {
                    *flag = true;
                    chosen.push((candidate, Reason::Risk));
                }
            }
        }

        let random = picks - chosen.len();
        if random == 0 {
            return chosen;
        }
        // The conversations left, by day, each day's in key order (the sort is stable); the
        // n-th of a day is taken in the n-th round of the days.
        let mut left: Vec<&Candidate<'p>> = cell
            .iter()
            .zip(&taken)
            .filter_map(|(candidate, taken)| (!*taken).then_some(candidate))
            .collect();
        left.sort_by_key(|candidate| candidate.offset);
        let days = self.period.days();
        let mut turns = Vec::with_capacity(left.len());
        for day in left.chunk_by(|a, b| a.offset == b.offset) {
            let place = day
                .first()
                .map_or(u64::MAX, |c| spreading_place(c.offset, days));
            turns.extend(
                day.iter()
                    .enumerate()
                    .map(|(round, &c)| ((round, place), c)),
            );
        }
        turns.sort_unstable_by_key(|&(turn, _)| turn);
        chosen.extend(
            turns
                .into_iter()
                .take(random)
                .map(|(_, candidate)| (candidate, Reason::Random)),
        );
        chosen
    }
}

/// The builder of a [`Plan`]; [`build`](Self::build) validates.
#[derive(Debug, Clone, PartialEq)]
#[must_use = "a plan builder does nothing until `build` is called"]
pub struct PlanBuilder {
    period: Period,
    quota: Option<Quota>,
    strata: Vec<(String, Quota)>,
    risk: Option<(f64, RiskOrder)>,
    evaluators: Vec<(String, f64)>,
}

impl PlanBuilder {
    /// The general quota: per agent, over the conversations of every contact type that has no
    /// stratum of its own. Without one, only the strata are sampled.
    pub fn quota(self, quota: Quota) -> Self {
        PlanBuilder {
            quota: Some(quota),
            ..self
        }
    }

    /// A stratum: per agent, the conversations of `contact_type` (matched exactly, after
    /// trimming), sampled under their own `quota` rather than the general one.
    pub fn stratum(mut self, contact_type: &str, quota: Quota) -> Self {
        self.strata.push((contact_type.trim().to_owned(), quota));
        self
    }

    /// Chooses `share` percent of each cell's picks by risk, riskiest first by `order` (the
    /// rest stay random).
    pub fn risk(self, share: f64, order: RiskOrder) -> Self {
        PlanBuilder {
            risk: Some((share, order)),
            ..self
        }
    }

    /// An evaluator with `share` percent of the selections. The shares must add up to 100.
    pub fn evaluator(mut self, name: &str, share: f64) -> Self {
        self.evaluators.push((name.trim().to_owned(), share));
        self
    }

    /// The plan.
    ///
    /// # Errors
    ///
    /// - [`Error::Empty`] when the plan has neither a general quota nor a stratum;
    /// - [`Error::EmptyText`] for an empty contact type or evaluator name, and
    ///   [`Error::Duplicate`] for a contact type or evaluator given twice;
    /// - [`Error::ValueOutOfRange`] for a risk share or an evaluator's share that is not a
    ///   finite percentage in 0..=100;
    /// - [`Error::Inconsistent`] when the evaluators' shares do not add up to 100 (within
    ///   10⁻⁹), naming each share.
    pub fn build(self) -> Result<Plan> {
        let PlanBuilder {
            period,
            quota,
            strata,
            risk,
            evaluators,
        } = self;
        if quota.is_none() && strata.is_empty() {
            return Err(Error::Empty {
                what: "sampling plan",
                item: "quota",
            });
        }
        for (kind, _) in &strata {
            non_empty("contact type", kind)?;
        }
        check_unique(
            "stratum for contact type",
            strata.iter().map(|(k, _)| k.as_str()),
        )?;
        let risk = match risk {
            Some((share, order)) => Some((percentage("risk share", share)?, order)),
            None => None,
        };
        for (name, share) in &evaluators {
            non_empty("evaluator", name)?;
            percentage("evaluator share", *share)?;
        }
        check_unique("evaluator", evaluators.iter().map(|(e, _)| e.as_str()))?;
        if !evaluators.is_empty() {
            let total: f64 = evaluators.iter().map(|(_, share)| share).sum();
            if (total - 100.0).abs() > 1e-9 {
                let parts: Vec<String> = evaluators
                    .iter()
                    .map(|(name, share)| format!("{name} {share}"))
                    .collect();
                return Err(Error::Inconsistent {
                    field: "sum of evaluator shares",
                    value: format!("{total} ({})", parts.join(", ")),
                    expected: "100 (percent of the selections)".to_owned(),
                });
            }
        }
        Ok(Plan {
            period,
            quota,
            strata,
            risk,
            evaluators: evaluators
                .into_iter()
                .map(|(name, share)| (name, share + 0.0))
                .collect(),
        })
    }
}

/// One selected conversation: the conversation, why it was chosen, under which stratum, and
/// the evaluator it is assigned to.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "RawSelection", into = "RawSelection")
)]
pub struct Selection {
    conversation: Conversation,
    reason: Reason,
    stratum: Option<String>,
    evaluator: Option<String>,
}

impl Selection {
    /// The conversation.
    pub const fn conversation(&self) -> &Conversation {
        &self.conversation
    }

    /// Why it was chosen: among the riskiest, or at random.
    pub const fn reason(&self) -> Reason {
        self.reason
    }

    /// The stratum (its contact type) whose quota chose it, or `None` for the general quota.
    pub fn stratum(&self) -> Option<&str> {
        self.stratum.as_deref()
    }

    /// The evaluator it is assigned to, or `None` when the plan has no evaluators.
    pub fn evaluator(&self) -> Option<&str> {
        self.evaluator.as_deref()
    }
}

/// A quota that could not be met: an agent had fewer conversations in a cell (a stratum, or
/// the general quota when `stratum` is `None`) than the quota's target, so every one of them
/// was selected and `wanted - available` are missing.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "RawShortfall", into = "RawShortfall")
)]
pub struct Shortfall {
    agent: String,
    stratum: Option<String>,
    wanted: u64,
    available: u64,
}

impl Shortfall {
    /// The agent.
    pub fn agent(&self) -> &str {
        &self.agent
    }

    /// The stratum (its contact type), or `None` for the general quota.
    pub fn stratum(&self) -> Option<&str> {
        self.stratum.as_deref()
    }

    /// The quota's target.
    pub const fn wanted(&self) -> u64 {
        self.wanted
    }

    /// The conversations there were, all selected.
    pub const fn available(&self) -> u64 {
        self.available
    }

    /// How many reviews are missing: `wanted - available`, at least 1.
    pub const fn missing(&self) -> u64 {
        self.wanted - self.available
    }
}

/// The result of [`Plan::draw`]: the selections in a canonical order (by agent, day and
/// conversation id), each with its reason and evaluator, and the shortfalls (by agent, then
/// the strata in the plan's order, then the general quota).
///
/// A draw serialises and deserialises: it is the programme's work queue, and cannot be
/// recomputed without the population as it stood. Deserialising checks what every draw
/// satisfies: unique conversation ids, days inside the period, a stratum equal to its
/// conversation's contact type, and shortfalls that fall short; it puts the selections back in
/// their canonical order.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "RawDraw", into = "RawDraw")
)]
pub struct Draw {
    period: Period,
    seed: u64,
    selections: Vec<Selection>,
    shortfalls: Vec<Shortfall>,
    outside_period: u64,
}

impl Draw {
    /// The selections, by agent, day and conversation id.
    pub fn selections(&self) -> &[Selection] {
        &self.selections
    }

    /// The quotas that could not be met, per agent and cell.
    pub fn shortfalls(&self) -> &[Shortfall] {
        &self.shortfalls
    }

    /// The selections of each evaluator (by name), in the canonical order. Evaluators with no
    /// selection, and unassigned selections, are not listed.
    pub fn by_evaluator(&self) -> BTreeMap<&str, Vec<&Selection>> {
        let mut groups: BTreeMap<&str, Vec<&Selection>> = BTreeMap::new();
        for selection in &self.selections {
            if let Some(evaluator) = selection.evaluator() {
                groups.entry(evaluator).or_default().push(selection);
            }
        }
        groups
    }

    /// The selections of each agent (by name), in the canonical order.
    pub fn by_agent(&self) -> BTreeMap<&str, Vec<&Selection>> {
        let mut groups: BTreeMap<&str, Vec<&Selection>> = BTreeMap::new();
        for selection in &self.selections {
            groups
                .entry(selection.conversation.agent())
                .or_default()
                .push(selection);
        }
        groups
    }

    /// The number of selections.
    pub fn len(&self) -> usize {
        self.selections.len()
    }

    /// Whether nothing was selected.
    pub fn is_empty(&self) -> bool {
        self.selections.is_empty()
    }

    /// The plan's period.
    pub const fn period(&self) -> Period {
        self.period
    }

    /// The seed it was drawn with.
    pub const fn seed(&self) -> u64 {
        self.seed
    }

    /// How many conversations of the population were ignored because their day is outside
    /// the period.
    pub const fn outside_period(&self) -> u64 {
        self.outside_period
    }
}

/// A conversation of a cell, with what the draw needs of it.
#[derive(Debug, Clone)]
struct Candidate<'p> {
    conversation: &'p Conversation,
    key: u64,
    /// Days from the period's first day.
    offset: u32,
}

/// Selections in the canonical order: agent, day, id.
fn canonical(a: &Selection, b: &Selection) -> core::cmp::Ordering {
    let (a, b) = (&a.conversation, &b.conversation);
    (a.agent.as_str(), a.day, a.id.as_str()).cmp(&(b.agent.as_str(), b.day, b.id.as_str()))
}

/// `share` percent of `of`, rounded to the nearest whole number, halves up.
fn rounded_share(share: f64, of: usize) -> usize {
    // At most `of`, since share <= 100.
    ((share * of as f64 / 100.0).round() as usize).min(of)
}

/// Where the day at `offset` comes in the spreading order of a period of `days` days (smaller
/// first; see the module docs): the first count `i` whose bit-reversed value `t` names it.
///
/// The counts that name day `d` are those whose `t` satisfies `⌊t × D / 2^m⌋ = d`, that is
/// `⌈d × 2^m / D⌉ ≤ t < ⌈(d + 1) × 2^m / D⌉`: one or two values, as `2^m < 2D`. Reversing
/// `m` bits is its own inverse, so each one's count is `t` reversed.
fn spreading_place(offset: u32, days: u32) -> u64 {
    let bits = days.next_power_of_two().trailing_zeros();
    let (scale, days) = (1u64 << bits, u64::from(days.max(1)));
    let first = (u64::from(offset) * scale).div_ceil(days);
    let end = ((u64::from(offset) + 1) * scale).div_ceil(days);
    let reverse = |t: u64| t.reverse_bits().checked_shr(64 - bits).unwrap_or(0);
    (first..end).map(reverse).min().unwrap_or(u64::MAX)
}

/// Deals `selections`, in order, to `evaluators` by their shares (see the module docs).
fn assign_evaluators(selections: &mut [Selection], evaluators: &[(String, f64)]) {
    if evaluators.is_empty() {
        return;
    }
    let n = selections.len();
    let total: f64 = evaluators.iter().map(|(_, share)| share).sum();
    // Largest remainder: every evaluator's whole part, then one more for the largest
    // fractions (ties to the one added first) until the counts add up to n.
    let exact: Vec<f64> = evaluators
        .iter()
        .map(|(_, share)| share / total * n as f64)
        .collect();
    let mut counts: Vec<u64> = exact.iter().map(|x| x.floor() as u64).collect();
    let mut order: Vec<usize> = (0..evaluators.len()).collect();
    order.sort_by(|&a, &b| {
        let fraction = |i: usize| exact.get(i).map_or(0.0, |x| x - x.floor());
        fraction(b).total_cmp(&fraction(a)).then(a.cmp(&b))
    });
    let rest = (n as u64).saturating_sub(counts.iter().sum());
    for &i in order.iter().cycle().take(rest as usize) {
        if let Some(count) = counts.get_mut(i) {
            *count += 1;
        }
    }
    // Deal in order: each selection to the evaluator with a count left who is furthest behind
    // a steady pace, count × (k + 1) / n after k + 1 selections (in whole numbers: the largest
    // count × (k + 1) − n × dealt); ties to the one added first.
    let mut dealt = vec![0u64; evaluators.len()];
    let n = n as i128;
    for (k, selection) in selections.iter_mut().enumerate() {
        let next = counts
            .iter()
            .zip(&dealt)
            .enumerate()
            .filter(|(_, (count, dealt))| dealt < count)
            .max_by(|(a, (ca, da)), (b, (cb, db))| {
                let lag = |count: u64, dealt: u64| {
                    i128::from(count) * (k as i128 + 1) - n * i128::from(dealt)
                };
                lag(**ca, **da).cmp(&lag(**cb, **db)).then(b.cmp(a))
            })
            .map(|(i, _)| i);
        if let Some(i) = next
            && let (Some((name, _)), Some(d)) = (evaluators.get(i), dealt.get_mut(i))
        {
            selection.evaluator = Some(name.clone());
            *d += 1;
        }
    }
}

/// A percentage field: finite and in 0..=100 (−0 read as 0).
fn percentage(field: &'static str, value: f64) -> Result<f64> {
    if value.is_finite() && (0.0..=100.0).contains(&value) {
        Ok(value + 0.0)
    } else {
        Err(Error::ValueOutOfRange {
            field,
            value,
            expected: "a finite percentage in 0..=100",
        })
    }
}

fn non_empty<'a>(field: &'static str, text: &'a str) -> Result<&'a str> {
    match text.trim() {
        "" => Err(Error::EmptyText { field }),
        trimmed => Ok(trimmed),
    }
}

/// [`Error::Duplicate`] for the first name (in the order given) that appears twice.
fn check_unique<'a>(what: &'static str, names: impl Iterator<Item = &'a str>) -> Result<()> {
    let mut seen = std::collections::BTreeSet::new();
    for name in names {
        if !seen.insert(name) {
            return Err(Error::Duplicate {
                what,
                key: name.to_owned(),
            });
        }
    }
    Ok(())
}

/// [`Error::Duplicate`] for the smallest conversation id that appears twice, so the error does
/// not depend on the order of the population.
fn check_unique_ids<'a>(ids: impl Iterator<Item = &'a str>) -> Result<()> {
    let mut ids: Vec<&str> = ids.collect();
    ids.sort_unstable();
    match ids.windows(2).find_map(|pair| match pair {
        [a, b] if a == b => Some(*a),
        _ => None,
    }) {
        Some(id) => Err(Error::Duplicate {
            what: "conversation id",
            key: id.to_owned(),
        }),
        None => Ok(()),
    }
}

#[cfg(feature = "serde")]
mod serde_impls {
    use super::*;

    #[derive(serde::Serialize, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct RawConversation {
        id: String,
        agent: String,
        day: Day,
        contact_type: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        risk: Option<f64>,
    }

    impl TryFrom<RawConversation> for Conversation {
        type Error = Error;

        fn try_from(raw: RawConversation) -> Result<Conversation> {
            let conversation = Conversation::new(&raw.id, &raw.agent, raw.day, &raw.contact_type)?;
            match raw.risk {
                Some(risk) => conversation.with_risk(risk),
                None => Ok(conversation),
            }
        }
    }

    impl From<Conversation> for RawConversation {
        fn from(c: Conversation) -> RawConversation {
            RawConversation {
                id: c.id,
                agent: c.agent,
                day: c.day,
                contact_type: c.contact_type,
                risk: c.risk,
            }
        }
    }

    /// `{"count": 4}` or `{"percent": 5, "min": 2, "max": 8}`. Whole numbers are read wide, so
    /// a negative count is this crate's error rather than serde's.
    #[derive(serde::Serialize, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct RawQuota {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        count: Option<i64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        percent: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<i64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<i64>,
    }

    fn whole(field: &'static str, value: i64) -> Result<u32> {
        u32::try_from(value).map_err(|_| Error::IntegerOutOfRange {
            field,
            value: value.to_string(),
            expected: "a whole number in 0..=4294967295",
        })
    }

    impl TryFrom<RawQuota> for Quota {
        type Error = Error;

        fn try_from(raw: RawQuota) -> Result<Quota> {
            match raw {
                RawQuota {
                    count: Some(count),
                    percent: None,
                    min: None,
                    max: None,
                } => Ok(Quota::count(whole("quota count", count)?)),
                RawQuota {
                    count: None,
                    percent: Some(percent),
                    min,
                    max,
                } => {
                    let missing = |key: &str| Error::Missing {
                        what: "field",
                        key: key.to_owned(),
                    };
                    let min = whole("quota minimum", min.ok_or_else(|| missing("min"))?)?;
                    let max = whole("quota maximum", max.ok_or_else(|| missing("max"))?)?;
                    Quota::percentage(percent, min, max)
                }
                RawQuota {
                    count: None,
                    percent: None,
                    ..
                } => Err(Error::Missing {
                    what: "count or percent for",
                    key: "quota".to_owned(),
                }),
                RawQuota { .. } => Err(Error::Inconsistent {
                    field: "quota",
                    value: "a count with a percent, min or max".to_owned(),
                    expected: "a count alone, or a percent with min and max".to_owned(),
                }),
            }
        }
    }

    impl From<Quota> for RawQuota {
        fn from(quota: Quota) -> RawQuota {
            match quota.0 {
                QuotaKind::Count(count) => RawQuota {
                    count: Some(count.into()),
                    percent: None,
                    min: None,
                    max: None,
                },
                QuotaKind::Percentage { percent, min, max } => RawQuota {
                    count: None,
                    percent: Some(percent),
                    min: Some(min.into()),
                    max: Some(max.into()),
                },
            }
        }
    }

    #[derive(serde::Serialize, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct RawStratum {
        contact_type: String,
        quota: Quota,
    }

    #[derive(serde::Serialize, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct RawRisk {
        share: f64,
        order: RiskOrder,
    }

    #[derive(serde::Serialize, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct RawEvaluator {
        name: String,
        share: f64,
    }

    #[derive(serde::Serialize, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct RawPlan {
        period: Period,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        quota: Option<Quota>,
        #[serde(default)]
        strata: Vec<RawStratum>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        risk: Option<RawRisk>,
        #[serde(default)]
        evaluators: Vec<RawEvaluator>,
    }

    impl TryFrom<RawPlan> for Plan {
        type Error = Error;

        fn try_from(raw: RawPlan) -> Result<Plan> {
            let mut builder = Plan::builder(raw.period);
            if let Some(quota) = raw.quota {
                builder = builder.quota(quota);
            }
            for stratum in raw.strata {
                builder = builder.stratum(&stratum.contact_type, stratum.quota);
            }
            if let Some(risk) = raw.risk {
                builder = builder.risk(risk.share, risk.order);
            }
            for evaluator in raw.evaluators {
                builder = builder.evaluator(&evaluator.name, evaluator.share);
            }
            builder.build()
        }
    }

    impl From<Plan> for RawPlan {
        fn from(plan: Plan) -> RawPlan {
            RawPlan {
                period: plan.period,
                quota: plan.quota,
                strata: plan
                    .strata
                    .into_iter()
                    .map(|(contact_type, quota)| RawStratum {
                        contact_type,
                        quota,
                    })
                    .collect(),
                risk: plan.risk.map(|(share, order)| RawRisk { share, order }),
                evaluators: plan
                    .evaluators
                    .into_iter()
                    .map(|(name, share)| RawEvaluator { name, share })
                    .collect(),
            }
        }
    }

    #[derive(serde::Serialize, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct RawSelection {
        conversation: Conversation,
        reason: Reason,
        #[serde(default)]
        stratum: Option<String>,
        #[serde(default)]
        evaluator: Option<String>,
    }

    impl TryFrom<RawSelection> for Selection {
        type Error = Error;

        fn try_from(raw: RawSelection) -> Result<Selection> {
            if let Some(stratum) = &raw.stratum
                && stratum.trim() != raw.conversation.contact_type
            {
                return Err(Error::Inconsistent {
                    field: "stratum of the selection",
                    value: stratum.clone(),
                    expected: format!(
                        "its conversation's contact type, {}",
                        raw.conversation.contact_type
                    ),
                });
            }
            let evaluator = match &raw.evaluator {
                Some(name) => Some(non_empty("evaluator", name)?.to_owned()),
                None => None,
            };
            Ok(Selection {
                stratum: raw.stratum.map(|s| s.trim().to_owned()),
                conversation: raw.conversation,
                reason: raw.reason,
                evaluator,
            })
        }
    }

    impl From<Selection> for RawSelection {
        fn from(s: Selection) -> RawSelection {
            RawSelection {
                conversation: s.conversation,
                reason: s.reason,
                stratum: s.stratum,
                evaluator: s.evaluator,
            }
        }
    }

    #[derive(serde::Serialize, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct RawShortfall {
        agent: String,
        #[serde(default)]
        stratum: Option<String>,
        wanted: u64,
        available: u64,
    }

    impl TryFrom<RawShortfall> for Shortfall {
        type Error = Error;

        fn try_from(raw: RawShortfall) -> Result<Shortfall> {
            let agent = non_empty("agent", &raw.agent)?.to_owned();
            let stratum = match &raw.stratum {
                Some(kind) => Some(non_empty("contact type", kind)?.to_owned()),
                None => None,
            };
            if raw.available >= raw.wanted {
                return Err(Error::Inconsistent {
                    field: "available conversations of a shortfall",
                    value: raw.available.to_string(),
                    expected: format!("fewer than wanted, {}", raw.wanted),
                });
            }
            Ok(Shortfall {
                agent,
                stratum,
                wanted: raw.wanted,
                available: raw.available,
            })
        }
    }

    impl From<Shortfall> for RawShortfall {
        fn from(s: Shortfall) -> RawShortfall {
            RawShortfall {
                agent: s.agent,
                stratum: s.stratum,
                wanted: s.wanted,
                available: s.available,
            }
        }
    }

    #[derive(serde::Serialize, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct RawDraw {
        period: Period,
        seed: u64,
        selections: Vec<Selection>,
        #[serde(default)]
        shortfalls: Vec<Shortfall>,
        #[serde(default)]
        outside_period: u64,
    }

    impl TryFrom<RawDraw> for Draw {
        type Error = Error;

        fn try_from(raw: RawDraw) -> Result<Draw> {
            check_unique_ids(raw.selections.iter().map(|s| s.conversation.id()))?;
            if let Some(outside) = raw
                .selections
                .iter()
                .find(|s| !raw.period.contains(s.conversation.day))
            {
                return Err(Error::Inconsistent {
                    field: "day of a selected conversation",
                    value: outside.conversation.day.to_string(),
                    expected: format!("a day of the period, {}", raw.period),
                });
            }
            let mut selections = raw.selections;
            selections.sort_by(canonical);
            Ok(Draw {
                period: raw.period,
                seed: raw.seed,
                selections,
                shortfalls: raw.shortfalls,
                outside_period: raw.outside_period,
            })
        }
    }

    impl From<Draw> for RawDraw {
        fn from(d: Draw) -> RawDraw {
            RawDraw {
                period: d.period,
                seed: d.seed,
                selections: d.selections,
                shortfalls: d.shortfalls,
                outside_period: d.outside_period,
            }
        }
    }
}

#[cfg(feature = "serde")]
use serde_impls::{RawConversation, RawDraw, RawPlan, RawQuota, RawSelection, RawShortfall};

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn day(d: u8) -> Day {
        Day::from_ymd(2026, 12, d).unwrap()
    }

    fn conversation(id: &str, agent: &str, d: u8, kind: &str, risk: Option<f64>) -> Conversation {
        let c = Conversation::new(id, agent, day(d), kind).unwrap();
        match risk {
            Some(r) => c.with_risk(r).unwrap(),
            None => c,
        }
    }

    #[test]
    fn random_keys_are_pinned() {
        // Computed independently in Python from the definition:
        //   fnv = FNV-1a 64 of the UTF-8 bytes; mix = SplitMix64's finaliser;
        //   key = mix(fnv(id) ^ mix(seed + 0x9E3779B97F4A7C15)), all mod 2^64.
        assert_eq!(random_key(0, ""), 12_591_593_934_349_417_548);
        assert_eq!(random_key(0, "call-1"), 10_664_541_654_011_521_892);
        assert_eq!(random_key(1, "call-1"), 17_025_854_966_499_374_829);
        assert_eq!(random_key(42, "c1"), 5_961_301_865_657_281_426);
        assert_eq!(random_key(u64::MAX, "ü-é"), 16_213_265_782_747_261_282);
        assert_eq!(random_key(2026, "c-1041"), 7_577_118_369_262_915_885);
    }

    /// The population of the known-answer tests, with each id's key under seed 7 (from
    /// `random_key`, pinned above by the same definition):
    ///
    /// | id | day | type | risk | key / 10¹⁸ |
    /// |---|---|---|---|---|
    /// | a1 | 12-01 | call | 4.0 | 1.69 |
    /// | a2 | 12-01 | call | 1.5 | 16.97 |
    /// | a3 | 12-02 | call | 3.0 | 10.63 |
    /// | a4 | 12-03 | call | – | 9.69 |
    /// | a5 | 12-03 | call | 2.0 | 8.05 |
    /// | a6 | 12-04 | call | 4.5 | 5.64 |
    /// | a7 | 12-04 | call | – | 12.74 |
    /// | a8 | 11-30 | call | – | 2.37 (outside the period) |
    /// | c1 | 12-02 | chat | – | 11.49 |
    /// | c2 | 12-04 | chat | – | 15.37 |
    /// | b1 | 12-02 | call | – | 16.10 (agent ben) |
    fn known_population() -> Vec<Conversation> {
        vec![
            conversation("a1", "ana", 1, "call", Some(4.0)),
            conversation("a2", "ana", 1, "call", Some(1.5)),
            conversation("a3", "ana", 2, "call", Some(3.0)),
            conversation("a4", "ana", 3, "call", None),
            conversation("a5", "ana", 3, "call", Some(2.0)),
            conversation("a6", "ana", 4, "call", Some(4.5)),
            conversation("a7", "ana", 4, "call", None),
            Conversation::new("a8", "ana", Day::from_ymd(2026, 11, 30).unwrap(), "call").unwrap(),
            conversation("c1", "ana", 2, "chat", None),
            conversation("c2", "ana", 4, "chat", None),
            conversation("b1", "ben", 2, "call", None),
        ]
    }

    fn known_plan(order: RiskOrder) -> Plan {
        Plan::builder(Period::new(day(1), day(4)).unwrap())
            .quota(Quota::count(3))
            .stratum("chat", Quota::count(1))
            .risk(34.0, order)
            .evaluator("eve", 50.0)
            .evaluator("finn", 50.0)
            .build()
            .unwrap()
    }

    fn ids(draw: &Draw) -> Vec<(&str, Reason, Option<&str>)> {
        draw.selections()
            .iter()
            .map(|s| (s.conversation().id(), s.reason(), s.evaluator()))
            .collect()
    }

    #[test]
    fn a_small_draw_worked_by_hand() {
        let draw = known_plan(RiskOrder::LowestFirst)
            .draw(&known_population(), 7)
            .unwrap();
        // ana's calls (a1..a7; a8 is outside the period): 3 picks, round(34% × 3) = 1 by risk,
        // the lowest: a2 (1.5). Two random picks; a 4-day period's spreading order is offsets
        // 0, 2, 1, 3 (2 bits: 00, 10, 01, 11 reversed). The first day's smallest key is a1
        // (1.69, before a2), the third day's a5 (8.05, before a4 at 9.69): a1 and a5.
        // ana's chats: 1 pick, round(0.34) = 0 by risk; offset 1 (c1) comes before offset 3.
        // ben: 1 call of the 3 wanted, picked at random (round(0.34) = 0 by risk); no chat of
        // the 1 wanted.
        // Evaluators: 5 selections, 2.5 each; the tie for the extra one goes to eve (added
        // first): eve 3, finn 2. Dealt in order (agent, day, id) to the one furthest behind
        // count × (k + 1) − 5 × dealt: a1 eve (3 > 2), a2 finn (1 < 4), c1 eve (4 > 1),
        // a5 finn (2 < 3), b1 eve (finn has had her 2).
        use Reason::{Random, Risk};
        assert_eq!(
            ids(&draw),
            [
                ("a1", Random, Some("eve")),
                ("a2", Risk, Some("finn")),
                ("c1", Random, Some("eve")),
                ("a5", Random, Some("finn")),
                ("b1", Random, Some("eve")),
            ]
        );
        assert_eq!(draw.selections()[2].stratum(), Some("chat"));
        assert_eq!(draw.selections()[0].stratum(), None);
        assert_eq!(draw.outside_period(), 1);
        let shortfalls: Vec<_> = draw
            .shortfalls()
            .iter()
            .map(|s| {
                (
                    s.agent(),
                    s.stratum(),
                    s.wanted(),
                    s.available(),
                    s.missing(),
                )
            })
            .collect();
        assert_eq!(
            shortfalls,
            [("ben", Some("chat"), 1, 0, 1), ("ben", None, 3, 1, 2)]
        );
        let by_evaluator = draw.by_evaluator();
        assert_eq!(by_evaluator["eve"].len(), 3);
        assert_eq!(by_evaluator["finn"].len(), 2);
        assert_eq!(draw.by_agent()["ana"].len(), 4);
        assert_eq!((draw.len(), draw.is_empty(), draw.seed()), (5, false, 7));
    }

    #[test]
    fn the_highest_values_first_when_the_plan_says_so() {
        let draw = known_plan(RiskOrder::HighestFirst)
            .draw(&known_population(), 7)
            .unwrap();
        // Risk: a6 (4.5). Then offset 0 (a1) and offset 2 (a5, 8.05, before a4 at 9.69).
        let ana: Vec<_> = draw.by_agent()["ana"]
            .iter()
            .map(|s| (s.conversation().id(), s.reason()))
            .collect();
        assert_eq!(
            ana,
            [
                ("a1", Reason::Random),
                ("c1", Reason::Random),
                ("a5", Reason::Random),
                ("a6", Reason::Risk)
            ]
        );
    }

    #[test]
    fn days_without_conversations_pass_their_turn() {
        // Only days 1 and 2 of 4 have calls; 2 random picks: offset 0 takes a1, offset 2 has
        // nothing, and offset 1 takes a3 (10.63) before a second turn of offset 0 could take a2.
        let population: Vec<_> = known_population().into_iter().take(3).collect();
        let plan = Plan::builder(Period::new(day(1), day(4)).unwrap())
            .quota(Quota::count(2))
            .build()
            .unwrap();
        let draw = plan.draw(&population, 7).unwrap();
        assert_eq!(
            ids(&draw),
            [("a1", Reason::Random, None), ("a3", Reason::Random, None)]
        );
    }

    #[test]
    fn a_day_comes_round_again_only_after_every_day_with_conversations() {
        // Three calls on the first day and one on the third; 3 picks: a round of the days
        // takes k1 (offset 0, smallest key there) and k4 (offset 2), and the second round goes
        // back to offset 0 for its next smallest key.
        let population: Vec<_> = ["k1", "k2", "k3"]
            .iter()
            .map(|id| conversation(id, "ana", 1, "call", None))
            .chain([conversation("k4", "ana", 3, "call", None)])
            .collect();
        let mut first_day: Vec<_> = ["k1", "k2", "k3"]
            .iter()
            .map(|id| (random_key(7, id), *id))
            .collect();
        first_day.sort_unstable();
        let plan = Plan::builder(Period::new(day(1), day(4)).unwrap())
            .quota(Quota::count(3))
            .build()
            .unwrap();
        let draw = plan.draw(&population, 7).unwrap();
        let picked: BTreeSet<_> = draw
            .selections()
            .iter()
            .map(|s| s.conversation().id())
            .collect();
        let expected: BTreeSet<_> = [first_day[0].1, first_day[1].1, "k4"].into();
        assert_eq!(picked, expected);
    }

    /// The days of a `days`-day period in spreading order.
    fn spreading_order(days: u32) -> Vec<u32> {
        let mut order: Vec<u32> = (0..days).collect();
        order.sort_by_key(|&d| spreading_place(d, days));
        order
    }

    #[test]
    fn the_spreading_order_worked_by_hand() {
        // 28 days, 5 bits: i = 1 is 00001, reversed 10000 = 16, day ⌊16 × 28 / 32⌋ = 14;
        // i = 2 → 8 → day 7; i = 3 → 24 → 21; i = 4 → 4 → ⌊3.5⌋ = 3; i = 5 → 20 → 17;
        // i = 6 → 12 → 10; i = 7 → 28 → 24; i = 8 → 2 → 1.
        assert_eq!(spreading_order(28)[..9], [0, 14, 7, 21, 3, 17, 10, 24, 1]);
        // 7 days, 3 bits: t = 0..8 name days 0, 0, 1, 2, 3, 4, 5, 6 (⌊t × 7 / 8⌋); counts
        // reversed: day 0 by t 0 or 1 (counts 0, 4), day 3 by t 4 (count 1), day 1 by t 2
        // (count 2), day 5 by t 6 (count 3), day 4 by t 5 (count 5), …
        assert_eq!(spreading_order(7), [0, 3, 1, 5, 4, 2, 6]);
        assert_eq!(spreading_order(1), [0]);
        assert_eq!(spreading_order(2), [0, 1]);
        assert_eq!(spreading_order(3), [0, 1, 2]);
        // The longest period there is (every day from year 0 to 9999) is still in range.
        let last = Period::new(Day::MIN, Day::MAX).unwrap().days();
        assert!(spreading_place(last - 1, last) < 1 << 22);
    }

    #[test]
    fn the_spreading_order_names_every_day_once_and_spreads_powers_of_two_evenly() {
        for days in 1..=400u32 {
            let order = spreading_order(days);
            let places: BTreeSet<u64> = (0..days).map(|d| spreading_place(d, days)).collect();
            assert_eq!(places.len(), days as usize, "{days} days");
            let mut k = 1;
            while k <= days {
                let mut first: Vec<u32> = order[..k as usize].to_vec();
                first.sort_unstable();
                let even: Vec<u32> = (0..k).map(|j| j * days / k).collect();
                assert_eq!(first, even, "{days} days, {k} picks");
                k *= 2;
            }
        }
    }

    #[test]
    fn without_a_general_quota_only_the_strata_are_sampled() {
        let plan = Plan::builder(Period::new(day(1), day(4)).unwrap())
            .stratum("chat", Quota::count(5))
            .build()
            .unwrap();
        let draw = plan.draw(&known_population(), 7).unwrap();
        let picked: Vec<_> = ids(&draw).into_iter().map(|(id, ..)| id).collect();
        assert_eq!(picked, ["c1", "c2"]);
        // ana has 2 chats of the 5 wanted; ben none.
        let shortfalls: Vec<_> = draw
            .shortfalls()
            .iter()
            .map(|s| (s.agent(), s.wanted(), s.available()))
            .collect();
        assert_eq!(shortfalls, [("ana", 5, 2), ("ben", 5, 0)]);
    }

    #[test]
    fn too_few_risk_values_leave_the_rest_random() {
        // 100% by risk, but only a1 has a risk value among the three.
        let population = [
            conversation("a1", "ana", 1, "call", Some(4.0)),
            conversation("a4", "ana", 3, "call", None),
            conversation("a7", "ana", 4, "call", None),
        ];
        let plan = Plan::builder(Period::new(day(1), day(4)).unwrap())
            .quota(Quota::count(2))
            .risk(100.0, RiskOrder::LowestFirst)
            .build()
            .unwrap();
        let draw = plan.draw(&population, 7).unwrap();
        // One random pick: offset 2 (a4) comes before offset 3 (a7) in the spreading order.
        assert_eq!(
            ids(&draw),
            [("a1", Reason::Risk, None), ("a4", Reason::Random, None)]
        );
    }

    #[test]
    fn quota_targets() {
        let q = Quota::percentage(7.0, 0, u32::MAX).unwrap();
        // 7 × 300 / 100 = 21 exactly; 7 × 301 / 100 = 21.07, rounded up.
        assert_eq!(q.target(300), 21);
        assert_eq!(q.target(301), 22);
        assert_eq!(q.target(0), 0);
        let all = Quota::percentage(100.0, 0, 10).unwrap();
        assert_eq!((all.target(7), all.target(70)), (7, 10));
        let q = Quota::percentage(12.5, 3, 5).unwrap();
        assert_eq!(
            (q.target(0), q.target(8), q.target(40), q.target(41)),
            (3, 3, 5, 5)
        );
        assert_eq!(
            (q.percent(), q.fixed_count(), q.min(), q.max()),
            (Some(12.5), None, 3, 5)
        );
        let c = Quota::count(4);
        assert_eq!(
            (c.percent(), c.fixed_count(), c.min(), c.max()),
            (None, Some(4), 4, 4)
        );
        assert_eq!(
            (
                rounded_share(50.0, 3),
                rounded_share(50.0, 1),
                rounded_share(49.0, 1)
            ),
            (2, 1, 0)
        );
        assert_eq!(rounded_share(100.0, 7), 7);
    }

    #[test]
    fn bad_plans_are_typed_errors_naming_what_is_wrong() {
        let period = Period::new(day(1), day(4)).unwrap();
        let message = |builder: PlanBuilder| builder.build().unwrap_err().to_string();
        assert_eq!(
            message(Plan::builder(period)),
            "sampling plan is empty, expected at least one quota"
        );
        let plan = || Plan::builder(period).quota(Quota::count(2));
        for (share, shown) in [(-5.0, "-5"), (f64::NAN, "NaN"), (100.5, "100.5")] {
            assert_eq!(
                message(plan().risk(share, RiskOrder::LowestFirst)),
                format!("risk share is {shown}, expected a finite percentage in 0..=100")
            );
            assert_eq!(
                message(
                    plan()
                        .evaluator("eve", share)
                        .evaluator("finn", 100.0 - share)
                ),
                format!("evaluator share is {shown}, expected a finite percentage in 0..=100")
            );
            assert_eq!(
                Quota::percentage(share, 0, 1).unwrap_err().to_string(),
                format!("quota percentage is {shown}, expected a finite percentage in 0..=100")
            );
        }
        assert_eq!(
            message(plan().evaluator("eve", 60.0).evaluator("finn", 30.0)),
            "sum of evaluator shares is 90 (eve 60, finn 30), expected 100 (percent of the selections)"
        );
        assert_eq!(
            message(plan().evaluator("eve", 60.0).evaluator(" eve", 40.0)),
            "duplicate evaluator 'eve'"
        );
        assert_eq!(
            message(plan().evaluator(" ", 100.0)),
            "evaluator is empty, expected some text"
        );
        assert_eq!(
            message(
                plan()
                    .stratum("chat", Quota::count(1))
                    .stratum("chat ", Quota::count(2))
            ),
            "duplicate stratum for contact type 'chat'"
        );
        assert_eq!(
            message(plan().stratum("", Quota::count(1))),
            "contact type is empty, expected some text"
        );
        assert_eq!(
            Quota::percentage(5.0, 4, 3).unwrap_err(),
            Error::Inconsistent {
                field: "quota minimum",
                value: "4".to_owned(),
                expected: "at most the maximum, 3".to_owned(),
            }
        );
        // Shares that add up to 100 within rounding are fine, and so is a zero share.
        let thirds = 100.0 / 3.0;
        assert!(
            plan()
                .evaluator("a", thirds)
                .evaluator("b", thirds)
                .evaluator("c", thirds)
                .build()
                .is_ok()
        );
        assert!(
            plan()
                .evaluator("a", 100.0)
                .evaluator("b", 0.0)
                .build()
                .is_ok()
        );
    }

    #[test]
    fn bad_conversations_and_duplicate_ids() {
        assert_eq!(
            Conversation::new("c1", "", day(1), "call").unwrap_err(),
            Error::EmptyText { field: "agent" }
        );
        assert_eq!(
            Conversation::new("c1", "ana", day(1), "\t").unwrap_err(),
            Error::EmptyText {
                field: "contact type"
            }
        );
        for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert!(matches!(
                conversation("c1", "ana", 1, "call", None).with_risk(bad),
                Err(Error::ValueOutOfRange { field: "risk", .. })
            ));
        }
        assert_eq!(
            conversation(" c1 ", " ana ", 1, " call ", Some(-0.0))
                .risk()
                .map(f64::to_bits),
            Some(0)
        );
        let mut population = known_population();
        population.push(conversation("a7", "ben", 9, "chat", None));
        population.push(conversation("a3", "ben", 9, "chat", None));
        // The smallest repeated id is named, whatever the order.
        for _ in 0..2 {
            assert_eq!(
                known_plan(RiskOrder::LowestFirst)
                    .draw(&population, 1)
                    .unwrap_err()
                    .to_string(),
                "duplicate conversation id 'a3'"
            );
            population.reverse();
        }
    }

    #[test]
    fn evaluators_counts_follow_their_shares() {
        let names: Vec<(String, f64)> = [("a", 50.0), ("b", 30.0), ("c", 20.0), ("d", 0.0)]
            .into_iter()
            .map(|(n, s)| (n.to_owned(), s))
            .collect();
        for n in 0..40u8 {
            let mut selections: Vec<Selection> = (0..n)
                .map(|i| Selection {
                    conversation: conversation(&format!("s{i}"), "ana", 1, "call", None),
                    reason: Reason::Random,
                    stratum: None,
                    evaluator: None,
                })
                .collect();
            assign_evaluators(&mut selections, &names);
            for (name, share) in &names {
                let count = selections
                    .iter()
                    .filter(|s| s.evaluator() == Some(name))
                    .count();
                let exact = share * f64::from(n) / 100.0;
                assert!((count as f64 - exact).abs() < 1.0, "{name}: {count} of {n}");
            }
            assert!(selections.iter().all(|s| s.evaluator().is_some()));
        }
    }

    #[cfg(feature = "serde")]
    #[test]
    fn serde_round_trips_and_validates() {
        let plan = known_plan(RiskOrder::LowestFirst);
        let json = serde_json::to_value(&plan).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "period": {"first": "2026-12-01", "last": "2026-12-04"},
                "quota": {"count": 3},
                "strata": [{"contact_type": "chat", "quota": {"count": 1}}],
                "risk": {"share": 34.0, "order": "lowest_first"},
                "evaluators": [{"name": "eve", "share": 50.0}, {"name": "finn", "share": 50.0}],
            })
        );
        assert_eq!(serde_json::from_value::<Plan>(json).unwrap(), plan);
        let draw = plan.draw(&known_population(), 7).unwrap();
        let text = serde_json::to_string(&draw).unwrap();
        assert_eq!(serde_json::from_str::<Draw>(&text).unwrap(), draw);
        let quota = Quota::percentage(5.0, 1, 3).unwrap();
        let json = serde_json::to_value(quota).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"percent": 5.0, "min": 1, "max": 3})
        );
        assert_eq!(serde_json::from_value::<Quota>(json).unwrap(), quota);
    }
}
