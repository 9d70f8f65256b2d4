//! Practices of exceptional service: an organisational self-audit, a review of response-time
//! targets, the service triangle of customer, human agent and technology, the value of an
//! in-person visit against buying online, what customers pass on to others, and productivity
//! measured beside quality.
//!
//! From the source: the seven practices and their examples, that targets go stale, that a
//! customer moving from an assistant to a person keeps the context, that wow moments are what
//! in-person service offers, the one visit that gave no reason to come back, that customers pass
//! on poor and wow experiences, and that productivity past capacity costs quality. The crate's
//! own: the next actions, the percentile method, the rule for whether a visit brings a customer
//! back ([`ChannelVisit`]), which experience a visit leaves, and the workload verdicts.
//!
//! # Examples
//!
//! ```
//! use service_quality::{Ratings, Scale};
//! use service_quality::practices::{audit, Practice};
//!
//! // Self-ratings 1-5 for the seven practices, in declaration order.
//! let ratings = Ratings::<Practice>::from_array(Scale::ONE_TO_FIVE, [4, 2, 5, 3, 1, 3, 4])?;
//! let report = audit(&ratings)?;
//! assert_eq!(report.weakest_first().next().map(|(p, _)| p), Some(Practice::ResponseTargets));
//! assert!(!Practice::ResponseTargets.next_actions().is_empty());
//! # Ok::<(), service_quality::Error>(())
//! ```

use core::time::Duration;

use crate::error::{non_negative, positive};
use crate::macros::named_enum;
use crate::proud::Scenario;
use crate::{Dimension, Error, Policy, Ratings, Result, Score, Scorecard};

named_enum! {
    /// One of the seven practices organisations known for exceptional service share.
    #[derive(enum_map::Enum)]
    pub enum Practice as "service practice",
        expecting "one of: purpose_over_checklist, empowerment, hire_for_attitude, wow_stories, \
                   response_targets, innovation_from_everyone, service_triangle"
    {
        /// Staff may step away from a routine task when a customer's need calls for it.
        PurposeOverChecklist,
        /// Staff have real power to interpret and decide what great service is.
        Empowerment,
        /// People are hired for attitude as well as skill.
        HireForAttitude,
        /// "Wow" stories are shared regularly.
        WowStories,
        /// Response-time targets are reviewed as expectations rise.
        ResponseTargets,
        /// Innovation comes from everyone, not only from product teams.
        InnovationFromEveryone,
        /// Customer, human agent and AI or other technology work together.
        ServiceTriangle,
    }
}

impl Practice {
    /// Concrete next steps for an organisation weak on this practice.
    pub const fn next_actions(self) -> &'static [&'static str] {
        match self {
            Practice::PurposeOverChecklist => &[
                "tell staff in writing that a customer's need outranks the task list",
                "review one recent case where a routine blocked a customer, and change it",
            ],
            Practice::Empowerment => &[
                "set a spending or goodwill limit staff can use without asking",
                "agree that managers do not overturn good-faith decisions within it",
            ],
            Practice::HireForAttitude => &[
                "add a structured question on customer orientation to every interview",
                "score attitude and skill separately and never let skill alone carry a hire",
            ],
            Practice::WowStories => &[
                "collect one story of exceptional service a week",
                "share the best twice a week across every site",
            ],
            Practice::ResponseTargets => &[
                "compare each response-time target with what customers get elsewhere today",
                "re-set targets at least once a year",
            ],
            Practice::InnovationFromEveryone => &[
                "give every employee a simple way to submit an idea and see what happened to it",
                "recognise ideas about service and process, not only about products",
            ],
            Practice::ServiceTriangle => &[
                "let a customer move from an automated channel to a person without starting again",
                "pass the conversation so far to the agent, and keep the assistant helping them",
            ],
        }
    }
}

impl Dimension for Practice {
    const KIND: &'static str = "service practice";

    fn name(self) -> &'static str {
        match self {
            Practice::PurposeOverChecklist => "Purpose over checklist",
            Practice::Empowerment => "Empowerment",
            Practice::HireForAttitude => "Hire for attitude",
            Practice::WowStories => "Wow stories",
            Practice::ResponseTargets => "Response-time targets",
            Practice::InnovationFromEveryone => "Innovation from everyone",
            Practice::ServiceTriangle => "Service triangle",
        }
    }

    fn description(self) -> &'static str {
        match self {
            Practice::PurposeOverChecklist => {
                "The purpose of serving the customer outranks the routine: staff may leave a \
                 task when a customer needs them."
            }
            Practice::Empowerment => {
                "Staff can interpret what great service means in the moment and act on it."
            }
            Practice::HireForAttitude => {
                "Attitude is stable in adults, so recruiting screens for a liking for people as \
                 well as for skills."
            }
            Practice::WowStories => {
                "Stories of exceptional service are collected and shared often, so everyone \
                 sees what it looks like; one hotel group shares one twice a week."
            }
            Practice::ResponseTargets => {
                "What was fast enough two years ago is not fast enough now, so targets are \
                 revisited."
            }
            Practice::InnovationFromEveryone => {
                "Anyone can improve the service; one insurer's staff hold over 1,000 patents, 28 \
                 of them from one security guard."
            }
            Practice::ServiceTriangle => {
                "People and technology serve together: a customer can move from an assistant to \
                 a person, with the context, and the assistant keeps helping the person."
            }
        }
    }
}

/// Scores a self-audit of the seven practices with the default policy (1–5, equal weights).
///
/// # Errors
///
/// [`Error::ScaleMismatch`] unless the ratings are on 1–5; use [`Ratings::evaluate`] for another
/// scale.
pub fn audit(ratings: &Ratings<Practice>) -> Result<Scorecard<Practice>> {
    ratings.evaluate(&Policy::<Practice>::default())
}

/// Response times measured against a target, and how long ago the target was last reviewed.
///
/// Percentiles use the nearest-rank method: the p-th percentile is the smallest time with at
/// least p% of the times at or below it.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use service_quality::practices::ResponseTimes;
///
/// let minutes = |m: u64| Duration::from_secs(m * 60);
/// let times: Vec<Duration> = (1..=10).map(minutes).collect();
/// let review = ResponseTimes::new(times, minutes(5))?;
/// assert_eq!(review.percentile(50.0)?, minutes(5));
/// assert_eq!(review.percentile(90.0)?, minutes(9));
/// assert_eq!(review.within_target(), 0.5);
///
/// let day = Duration::from_secs(86_400);
/// assert!(review.target_is_stale(day * 800, day * 365));
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ResponseTimes {
    sorted: Vec<Duration>,
    target: Duration,
}

impl ResponseTimes {
    /// Response times (any number, at least one) and the target they are held to.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] with no times.
    pub fn new(times: impl IntoIterator<Item = Duration>, target: Duration) -> Result<Self> {
        let mut sorted: Vec<Duration> = times.into_iter().collect();
        if sorted.is_empty() {
            return Err(Error::Empty {
                what: "response times",
                item: "measurement",
            });
        }
        sorted.sort_unstable();
        Ok(ResponseTimes { sorted, target })
    }

    /// The target.
    pub const fn target(&self) -> Duration {
        self.target
    }

    /// How many times were measured.
    pub fn count(&self) -> usize {
        self.sorted.len()
    }

    /// The nearest-rank percentile `p` (0 < p ≤ 100).
    ///
    /// # Errors
    ///
    /// [`Error::ValueOutOfRange`] unless `0 < p <= 100`.
    pub fn percentile(&self, p: f64) -> Result<Duration> {
        if !(p > 0.0 && p <= 100.0) {
            return Err(Error::ValueOutOfRange {
                field: "percentile",
                value: p,
                expected: "a value in (0, 100]",
            });
        }
        let n = self.sorted.len();
        // rank = ceil(p/100 · n), between 1 and n.
        let rank = ((p / 100.0 * n as f64).ceil() as usize).clamp(1, n);
        self.sorted.get(rank - 1).copied().ok_or(Error::Empty {
            what: "response times",
            item: "measurement",
        })
    }

    /// p50, p90 and p99.
    ///
    /// # Errors
    ///
    /// None in practice; see [`percentile`](Self::percentile).
    pub fn summary(&self) -> Result<[Duration; 3]> {
        Ok([
            self.percentile(50.0)?,
            self.percentile(90.0)?,
            self.percentile(99.0)?,
        ])
    }

    /// The share of times at or within the target.
    pub fn within_target(&self) -> f64 {
        let within = self.sorted.partition_point(|&t| t <= self.target);
        within as f64 / self.sorted.len() as f64
    }

    /// Whether the target itself is overdue for review: it was last reviewed longer ago than
    /// `max_age`. Expectations rise, so a target that is never revisited quietly gets slow.
    pub fn target_is_stale(&self, reviewed_ago: Duration, max_age: Duration) -> bool {
        reviewed_ago > max_age
    }
}

named_enum! {
    /// Who acts at a step of a service journey: the three corners of the service triangle.
    pub enum Actor as "journey actor", expecting "one of: customer, agent, technology" {
        /// The customer.
        Customer,
        /// A human agent.
        Agent,
        /// An AI assistant or other technology (a bot, an IVR, a self-service page).
        Technology,
    }
}

/// A hand-off between two actors in a journey, and whether the context travelled with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Handoff {
    /// Who handed the customer over.
    pub from: Actor,
    /// Who took the customer on.
    pub to: Actor,
    /// Whether what the customer had already said went along, so they need not repeat it.
    pub context_kept: bool,
}

/// A customer's journey through the service triangle, as its hand-offs in order.
///
/// A hand-off that drops the context makes the customer start again: an ownership failure,
/// reported in PROUD terms as [`Scenario::PassedOnAndRestarted`] against
/// [`Principle::Ownership`](crate::proud::Principle::Ownership).
///
/// # Examples
///
/// ```
/// use service_quality::practices::{Actor, Handoff, Journey};
/// use service_quality::proud::{Principle, Scenario};
///
/// let journey = Journey::new(vec![
///     Handoff { from: Actor::Technology, to: Actor::Agent, context_kept: false },
///     Handoff { from: Actor::Agent, to: Actor::Agent, context_kept: true },
/// ]);
/// let failures: Vec<_> = journey.ownership_failures().collect();
/// assert_eq!(failures, [(0, Scenario::PassedOnAndRestarted)]);
/// assert_eq!(failures[0].1.principle(), Principle::Ownership);
/// assert!(!journey.is_seamless());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct Journey {
    handoffs: Vec<Handoff>,
}

impl Journey {
    /// A journey with the given hand-offs, in order.
    pub const fn new(handoffs: Vec<Handoff>) -> Self {
        Journey { handoffs }
    }

    /// The hand-offs.
    pub fn handoffs(&self) -> &[Handoff] {
        &self.handoffs
    }

    /// Each hand-off that dropped the context, by position, as the PROUD failure it causes.
    pub fn ownership_failures(&self) -> impl Iterator<Item = (usize, Scenario)> + '_ {
        self.handoffs
            .iter()
            .enumerate()
            .filter(|(_, h)| !h.context_kept)
            .map(|(i, _)| (i, Scenario::PassedOnAndRestarted))
    }

    /// Whether every hand-off kept the context.
    pub fn is_seamless(&self) -> bool {
        self.handoffs.iter().all(|h| h.context_kept)
    }

    /// Whether a customer who started with technology reached a human agent.
    pub fn reached_a_person(&self) -> bool {
        self.handoffs.iter().any(|h| h.to == Actor::Agent)
    }
}

named_enum! {
    /// How an in-person or assisted purchase compared with buying online, on one factor.
    #[derive(PartialOrd, Ord)]
    pub enum Comparison as "comparison with online", expecting "one of: worse, same, better" {
        /// Worse than online.
        Worse,
        /// No different.
        Same,
        /// Better than online.
        Better,
    }
}

named_enum! {
    /// A factor on which a visit is judged against the online alternative.
    pub enum Factor as "channel factor", expecting "one of: price, convenience, wait, wow" {
        /// What it cost.
        Price,
        /// How easy and pleasant it was (pressure to buy extras makes it worse).
        Convenience,
        /// How long until the customer had what they came for, working.
        Wait,
        /// A memorable moment: what a person can give that a website cannot.
        Wow,
    }
}

/// One visit judged against buying online.
///
/// # The rule
///
/// The brief describes one visit (dearer than online, annoying, and the customer still waiting
/// for a working product) that gave the customer no reason to come back, and says that "wow"
/// moments are what in-person service can offer and online cannot. It gives no rule for other
/// visits; this one is the crate's:
///
/// - each factor on which the visit beat online is a reason to come back, and so is a wow
///   moment;
/// - each factor on which it lost is a reason against;
/// - the customer comes back when the reasons to come back outnumber the reasons against.
///
/// So a wow moment counts, but it does not outweigh everything else on its own. The verdict
/// lists the reasons either way, and the [`Experience`] it leaves the customer with.
///
/// # Examples
///
/// The visit from the brief: dearer than online, annoying (pressure to buy insurance) and still
/// waiting for a working product, with nothing memorable.
///
/// ```
/// use service_quality::practices::{ChannelVisit, Comparison::*, Experience, Factor};
///
/// let visit = ChannelVisit { price: Worse, convenience: Worse, wait: Worse, wow: false };
/// let verdict = visit.verdict();
/// assert!(!verdict.comes_back());
/// assert_eq!(verdict.against(), [Factor::Price, Factor::Convenience, Factor::Wait]);
/// assert!(verdict.explanation().contains("no reason to come back"));
/// assert_eq!(verdict.experience(), Experience::Poor); // and the customer will say so
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct ChannelVisit {
    /// Price against online.
    pub price: Comparison,
    /// Convenience against online.
    pub convenience: Comparison,
    /// Wait against online.
    pub wait: Comparison,
    /// Whether there was a "wow" moment.
    pub wow: bool,
}

impl ChannelVisit {
    /// The verdict on the visit.
    pub fn verdict(&self) -> ChannelVerdict {
        let factors = [
            (Factor::Price, self.price),
            (Factor::Convenience, self.convenience),
            (Factor::Wait, self.wait),
        ];
        let pick = |c: Comparison| -> Vec<Factor> {
            factors
                .iter()
                .filter(|(_, v)| *v == c)
                .map(|(f, _)| *f)
                .collect()
        };
        let mut reasons_for = pick(Comparison::Better);
        if self.wow {
            reasons_for.push(Factor::Wow);
        }
        let against = pick(Comparison::Worse);
        let comes_back = reasons_for.len() > against.len();
        ChannelVerdict {
            comes_back,
            reasons_for,
            against,
        }
    }
}

/// Whether a customer would come back to the in-person channel, and why.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ChannelVerdict {
    comes_back: bool,
    reasons_for: Vec<Factor>,
    against: Vec<Factor>,
}

impl ChannelVerdict {
    /// Whether the customer would come back.
    pub const fn comes_back(&self) -> bool {
        self.comes_back
    }

    /// Factors in favour of the visit (including a wow moment).
    pub fn reasons_for(&self) -> &[Factor] {
        &self.reasons_for
    }

    /// Factors on which the visit lost to online.
    pub fn against(&self) -> &[Factor] {
        &self.against
    }

    /// The experience the visit leaves the customer with: [`Experience::Wow`] when there was
    /// a wow moment, [`Experience::Poor`] when the visit lost to online on more factors than it
    /// beat it on, [`Experience::Ordinary`] otherwise (the crate's rule).
    pub fn experience(&self) -> Experience {
        let better = self
            .reasons_for
            .iter()
            .filter(|&&f| f != Factor::Wow)
            .count();
        if self.reasons_for.contains(&Factor::Wow) {
            Experience::Wow
        } else if self.against.len() > better {
            Experience::Poor
        } else {
            Experience::Ordinary
        }
    }

    /// The verdict in a sentence.
    pub fn explanation(&self) -> String {
        let list = |fs: &mut dyn Iterator<Item = &Factor>| {
            fs.map(|f| f.to_string()).collect::<Vec<_>>().join(", ")
        };
        let better = list(&mut self.reasons_for.iter().filter(|&&f| f != Factor::Wow));
        let wow = self.reasons_for.contains(&Factor::Wow);
        let in_favour = match (better.is_empty(), wow) {
            (false, false) => format!("better than online on {better}"),
            (false, true) => format!("better than online on {better}, and a wow moment"),
            (true, true) => "a wow moment".to_owned(),
            (true, false) => String::new(),
        };
        let against = list(&mut self.against.iter());
        match (self.comes_back, in_favour.is_empty()) {
            (true, _) => format!("Likely to come back: {in_favour}."),
            (false, true) => format!(
                "Unlikely to come back: no reason to come back, and worse than online on {}.",
                if against.is_empty() {
                    "nothing either"
                } else {
                    &against
                }
            ),
            (false, false) => {
                format!("Unlikely to come back: {in_favour}, but worse than online on {against}.")
            }
        }
    }
}

named_enum! {
    /// The experience a customer takes away, for word of mouth: customers pass on a poor
    /// experience, and a wow moment, to other people; an ordinary one they rarely mention.
    ///
    /// # Examples
    ///
    /// ```
    /// use service_quality::practices::Experience;
    ///
    /// assert!(Experience::Poor.is_passed_on() && Experience::Wow.is_passed_on());
    /// assert!(!Experience::Ordinary.is_passed_on());
    /// ```
    #[derive(PartialOrd, Ord)]
    pub enum Experience as "customer experience", expecting "one of: poor, ordinary, wow" {
        /// Worse than the customer expected, or than the alternative.
        Poor,
        /// As expected: nothing to tell anyone.
        Ordinary,
        /// A memorable moment beyond what was expected.
        Wow,
    }
}

impl Experience {
    /// Whether customers tend to tell other people about it (the brief: a poor experience and
    /// a wow moment are both passed on).
    pub const fn is_passed_on(self) -> bool {
        !matches!(self, Experience::Ordinary)
    }

    /// What the customer is likely to tell others.
    pub const fn word_of_mouth(self) -> &'static str {
        match self {
            Experience::Poor => {
                "tells friends and colleagues about it: each poor experience reaches more \
                 people than the one customer"
            }
            Experience::Ordinary => "has nothing much to tell anyone",
            Experience::Wow => {
                "tells other people about it: a wow moment is passed on, and brings the \
                 service to people who were not there"
            }
        }
    }
}

named_enum! {
    /// What measuring productivity and quality together shows.
    pub enum Workload as "workload verdict",
        expecting "one of: sustainable, over_capacity, quality_slipping, costing_quality"
    {
        /// Within capacity and at or above the quality floor.
        Sustainable,
        /// Above capacity, quality still holding: a warning before it slips.
        OverCapacity,
        /// Within capacity but below the quality floor: the cause is elsewhere.
        QualitySlipping,
        /// Above capacity and below the quality floor: productivity is costing quality.
        CostingQuality,
    }
}

/// Productivity pushed past capacity costs quality, so measure both: the volume a team handles
/// against its capacity, and a quality score (a mean PROUD overall, say) against a floor.
///
/// # Examples
///
/// ```
/// use service_quality::Score;
/// use service_quality::practices::{Workload, WorkloadCheck};
///
/// let check = WorkloadCheck::new(12.0, 70.0)?; // 12 contacts an hour per agent, quality 70
/// assert_eq!(check.assess(15.0, Score::new(62.0)?)?, Workload::CostingQuality);
/// assert_eq!(check.assess(10.0, Score::new(81.0)?)?, Workload::Sustainable);
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct WorkloadCheck {
    capacity: f64,
    quality_floor: Score,
}

impl WorkloadCheck {
    /// A check with the capacity (contacts per period, positive) and the quality floor (0–100).
    ///
    /// # Errors
    ///
    /// [`Error::ValueOutOfRange`] for a capacity that is not finite and positive, and
    /// [`Error::ScoreOutOfRange`] for a floor outside 0..=100.
    pub fn new(capacity: f64, quality_floor: f64) -> Result<Self> {
        Ok(WorkloadCheck {
            capacity: positive("capacity", capacity)?,
            quality_floor: Score::named(Some("quality_floor"), quality_floor)?,
        })
    }

    /// The verdict for a period with `handled` contacts and the given quality.
    ///
    /// # Errors
    ///
    /// [`Error::ValueOutOfRange`] when `handled` is negative or not finite.
    pub fn assess(&self, handled: f64, quality: Score) -> Result<Workload> {
        non_negative("handled", handled)?;
        Ok(
            match (handled > self.capacity, quality < self.quality_floor) {
                (false, false) => Workload::Sustainable,
                (true, false) => Workload::OverCapacity,
                (false, true) => Workload::QualitySlipping,
                (true, true) => Workload::CostingQuality,
            },
        )
    }
}
