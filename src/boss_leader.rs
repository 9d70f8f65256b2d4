//! Boss versus leader: ten contrasts, each a scale between a boss pole and a leader pole.
//!
//! A person sits somewhere between the two poles of each [`Contrast`]. Rating all ten gives a
//! **leader index**, a [`Classification`] (boss, mixed or leader) and a **development plan**: the
//! contrasts furthest from the leader pole, each with a concrete [action](Contrast::action).
//!
//! # Scoring
//!
//! - Each contrast is rated on a bipolar scale, 1 = boss pole to 7 = leader pole by default, and
//!   normalised to 0–100 with the shared core: 0 is the boss pole, 100 the leader pole, 50 the
//!   middle.
//! - The **leader index** is the weighted mean (equal weights by default).
//! - The [`Classification`] uses [`PoleThresholds`]: below 35 boss, 65 and above leader, mixed
//!   in between. 35 and 65 sit 15 points either side of the midpoint, which on the 1–7 scale is
//!   close to averaging one point (16.7) towards a pole.
//! - The **development plan** lists the contrasts not yet at the leader pole, lowest first (ties
//!   in declaration order), up to [`LeaderPolicy::plan_length`] of them (3 by default), each as
//!   a [`DevelopmentStep`] carrying the contrast's action.
//!
//! Delegation leans on the self-fulfilling prophecy: people who are expected to succeed are more
//! likely to. That is why [`Contrast::Delegation`] describes delegation as trust.
//!
//! # Where each rule comes from
//!
//! From the source (the articles this crate's models were written from): the ten contrasts and
//! their two poles, the self-fulfilling prophecy, the concrete actions for seven of the
//! contrasts (see [`Contrast::action`]), and, as in the V.E.D. source behind
//! [`leadership`](crate::leadership), leading ranked above managing ("don't manage, lead").
//!
//! This crate's own: the bipolar scale, the index, the thresholds 35 and 65, the development
//! plan's order and its default length of three, the wording of the poles, the reasons in
//! [`Contrast::why_it_matters`], and the actions for the three contrasts the source gives none
//! for (language, respect and priorities).
//!
//! For ratings from several people (self, manager, peers, reports), see [`review`](crate::review).
//!
//! # Examples
//!
//! ```
//! use service_quality::{Ratings, Scale};
//! use service_quality::boss_leader::{Classification, Contrast, LeaderPolicy};
//!
//! let ratings = Ratings::<Contrast>::from_array(
//!     Scale::ONE_TO_SEVEN,
//!     [6, 7, 5, 6, 7, 2, 6, 5, 6, 3],
//! )?;
//! let report = ratings.evaluate(&LeaderPolicy::default())?;
//! assert_eq!(report.classification(), Some(Classification::Leader));
//! let plan: Vec<Contrast> = report.development_plan().map(|step| step.contrast()).collect();
//! assert_eq!(plan, [Contrast::Delegation, Contrast::Priorities, Contrast::Development]);
//! assert_eq!(
//!     report.development_plan().next().map(|step| step.action()),
//!     Some(Contrast::Delegation.action())
//! );
//! # Ok::<(), service_quality::Error>(())
//! ```

use crate::scoring::macros::{dimension_enum, named_enum};
use crate::scoring::{
    Grade, Policy, Ratings, RatingsPolicy, Result, Scale, Score, Scorecard, Thresholds,
};

dimension_enum! {
    /// One of the ten contrasts between a boss and a leader (the source's ten; the wording of
    /// each pole is this crate's).
    ///
    /// Contrasts have no `Ord`; the declaration order is used for iteration and ties only.
    pub enum Contrast as "boss-versus-leader contrast",
        expecting "one of: approachability, language, development, respect, credit, delegation, \
                   effort, horizon, collaboration, priorities"
    {
        /// Compassionate and approachable, or cold and shut away.
        Approachability(
            "Approachability",
            "Whether people can bring anything to this person.",
        ),
        /// "We", or "I" and an accusing "you".
        Language(
            "Language",
            "Whose success and whose failure the person's words describe.",
        ),
        /// Develops and invests in people, or uses them.
        Development(
            "Developing people",
            "Whether people grow by working for this person.",
        ),
        /// Earns respect by being fair, or rules through fear.
        Respect(
            "Respect",
            "What makes people follow: fairness or fear.",
        ),
        /// Gives credit where it is due, or takes it.
        Credit(
            "Credit",
            "Where the credit for good work ends up.",
        ),
        /// Delegates as a sign of trust, or micromanages out of distrust.
        Delegation(
            "Delegation",
            "Whether work is handed over with trust or held tight.",
        ),
        /// Works alongside ("let's go"), or sends others ("go").
        Effort(
            "Working alongside",
            "Whether the person shares the hard work.",
        ),
        /// Plans for the long term and its scenarios, or thinks only of the short term.
        Horizon(
            "Time horizon",
            "How far ahead the person thinks and plans.",
        ),
        /// A colleague and collaborator, or just the boss, isolated.
        Collaboration(
            "Collaboration",
            "Whether the person is part of the team or above it.",
        ),
        /// Puts people first, or results and process first.
        Priorities(
            "People first",
            "What comes first when people and targets pull apart.",
        ),
    }

    /// The bipolar 1–7 scale, equal weights, no gate.
    fn default_policy() -> Policy<Self> {
        Policy::new(Scale::ONE_TO_SEVEN)
    }
}

impl Contrast {
    /// What the leader pole looks like.
    pub const fn leader_pole(self) -> &'static str {
        match self {
            Contrast::Approachability => "warm, open and easy to approach",
            Contrast::Language => "speaks of \"we\" and \"us\"",
            Contrast::Development => "develops people and invests in their growth",
            Contrast::Respect => "is respected for being fair and kind",
            Contrast::Credit => "hands credit to the people who earned it",
            Contrast::Delegation => "delegates, and shows trust by doing so",
            Contrast::Effort => "rolls up their sleeves and says \"let's go\"",
            Contrast::Horizon => "looks ahead and prepares for several futures",
            Contrast::Collaboration => "works as a colleague among colleagues",
            Contrast::Priorities => "puts people first",
        }
    }

    /// What the boss pole looks like.
    pub const fn boss_pole(self) -> &'static str {
        match self {
            Contrast::Approachability => "cold, impersonal and hard to reach",
            Contrast::Language => "speaks of \"I\", and of \"you\" when blaming",
            Contrast::Development => "uses people to get the job done",
            Contrast::Respect => "is obeyed out of fear",
            Contrast::Credit => "takes the credit for the team's work",
            Contrast::Delegation => "micromanages, which signals distrust",
            Contrast::Effort => "points at the work and says \"go\"",
            Contrast::Horizon => "lives for this week's numbers",
            Contrast::Collaboration => "stands apart as the boss",
            Contrast::Priorities => "puts results and process before people",
        }
    }

    /// Why the contrast matters for a service team, in a sentence for coaching.
    ///
    /// These reasons are the crate's, not the source's: the source names the ten contrasts,
    /// and of these reasons only delegation's (expecting people to succeed makes success more
    /// likely, the self-fulfilling prophecy) comes from it.
    pub const fn why_it_matters(self) -> &'static str {
        match self {
            Contrast::Approachability => {
                "Problems reach an approachable leader early, while they are still small."
            }
            Contrast::Language => {
                "Shared language builds shared ownership; blame teaches people to hide mistakes."
            }
            Contrast::Development => {
                "People who are developed stay, grow and serve customers better."
            }
            Contrast::Respect => "Fear gets compliance at best; respect gets effort and honesty.",
            Contrast::Credit => "Credit given freely is repaid in commitment.",
            Contrast::Delegation => {
                "Expecting people to succeed makes success more likely: trust is a \
                 self-fulfilling prophecy, and so is distrust."
            }
            Contrast::Effort => "A team copies what its leader does, not what it says.",
            Contrast::Horizon => {
                "Short-term thinking trades next year's service for this week's figures."
            }
            Contrast::Collaboration => {
                "An isolated boss hears about problems last, usually from a customer."
            }
            Contrast::Priorities => {
                "How a team is treated is how it treats customers; results follow people."
            }
        }
    }
}

impl Contrast {
    /// One concrete thing to do to move towards the leader pole, in a sentence, for a
    /// development plan.
    ///
    /// For seven contrasts the action is the source's, in this crate's words (see
    /// [`has_source_action`](Contrast::has_source_action)): make time and be open
    /// (approachability), invest in people (developing people), notice and praise contributions,
    /// in private or in front of the group (credit), hand over real work (delegation), pitch in
    /// (working alongside), share the long-term plans (time horizon), and listen to new ideas
    /// instead of going by the playbook (collaboration). For language, respect and people first
    /// the source gives no action, and the one here is this crate's.
    ///
    /// ```
    /// use service_quality::boss_leader::Contrast;
    ///
    /// assert!(Contrast::Delegation.action().contains("real work"));
    /// assert!(Contrast::Delegation.has_source_action());
    /// assert!(!Contrast::Respect.has_source_action());
    /// ```
    pub const fn action(self) -> &'static str {
        match self {
            Contrast::Approachability => {
                "Make time for people: set aside hours in the week when anyone can come to you \
                 with anything, and be open about what you know and what you do not."
            }
            Contrast::Language => {
                "Say \"we\" about the team's results, own your part when things go wrong, and \
                 talk about what happened rather than who did it."
            }
            Contrast::Development => {
                "Invest in each person: agree one thing they want to get better at, and give \
                 them the time, training or stretch task to do it."
            }
            Contrast::Respect => {
                "Hold everyone to the same standards, explain decisions, and correct in private \
                 and without threats."
            }
            Contrast::Credit => {
                "Notice what each person contributes and praise it by name, one to one or in \
                 front of the team."
            }
            Contrast::Delegation => {
                "Hand over real work, with the decisions that belong to it, not only the chores; \
                 agree the result and leave the steps to the person."
            }
            Contrast::Effort => {
                "Pitch in when the team is stretched: take the calls, clear the queue, work the \
                 busy shift beside them."
            }
            Contrast::Horizon => {
                "Share the long-term plans with the team, and what they will mean for each \
                 person's work."
            }
            Contrast::Collaboration => {
                "Listen to the team's new ideas and try the promising ones, instead of going by \
                 the playbook."
            }
            Contrast::Priorities => {
                "When a target and a person pull apart, talk to the person first and ask what \
                 the target is costing the team."
            }
        }
    }

    /// Whether [`action`](Contrast::action) is the source's (in this crate's words) rather
    /// than this crate's: `false` for language, respect and people first.
    pub const fn has_source_action(self) -> bool {
        !matches!(
            self,
            Contrast::Language | Contrast::Respect | Contrast::Priorities
        )
    }
}

named_enum! {
    /// Where a leader index falls between the poles. Ordered from boss to leader.
    #[derive(PartialOrd, Ord, enum_map::Enum)]
    pub enum Classification as "boss-versus-leader classification",
        expecting "one of: boss, mixed, leader"
    {
        /// Mostly at the boss pole.
        Boss,
        /// Between the poles: some leader habits, some boss habits.
        Mixed,
        /// Mostly at the leader pole.
        Leader,
    }
}

impl Grade for Classification {
    fn threshold_name(self) -> Option<&'static str> {
        match self {
            Classification::Boss => None,
            Classification::Mixed => Some("boss_below"),
            Classification::Leader => Some("leader_from"),
        }
    }
}

/// The leader-index thresholds that separate boss, mixed and leader: a [`Thresholds`] over
/// [`Classification`].
///
/// An index below `boss_below` is [`Classification::Boss`]; at or above `leader_from` it is
/// [`Classification::Leader`]; in between, [`Classification::Mixed`]. With serde:
/// `{"boss_below": 35.0, "leader_from": 65.0}`.
///
/// # Examples
///
/// ```
/// use service_quality::Score;
/// use service_quality::boss_leader::{Classification, PoleThresholds};
///
/// let t = PoleThresholds::default();
/// assert_eq!(t.classify(Score::new(34.9)?), Classification::Boss);
/// assert_eq!(t.classify(Score::new(35.0)?), Classification::Mixed);
/// assert_eq!(t.classify(Score::new(65.0)?), Classification::Leader);
/// assert!(PoleThresholds::new(70.0, 60.0).is_err());
/// # Ok::<(), service_quality::Error>(())
/// ```
pub type PoleThresholds = Thresholds<Classification>;

impl Thresholds<Classification> {
    /// Boss below 35, leader from 65 (this crate's defaults).
    pub const DEFAULT: PoleThresholds =
        Thresholds::from_opens([Score::MIN, Score::from_const(35.0), Score::from_const(65.0)]);

    /// Thresholds with `boss_below < leader_from`, both 0–100 scores.
    ///
    /// # Errors
    ///
    /// [`Error::ScoreOutOfRange`](crate::Error::ScoreOutOfRange) for a threshold outside 0..=100, and
    /// [`Error::ThresholdsNotIncreasing`](crate::Error::ThresholdsNotIncreasing) unless `boss_below < leader_from`.
    ///
    /// ```
    /// use service_quality::boss_leader::PoleThresholds;
    ///
    /// assert!(PoleThresholds::new(30.0, 70.0).is_ok());
    /// assert_eq!(
    ///     PoleThresholds::new(65.0, 65.0).unwrap_err().to_string(),
    ///     "thresholds are boss_below 65, leader_from 65, expected boss_below < leader_from"
    /// );
    /// ```
    pub fn new(boss_below: f64, leader_from: f64) -> Result<Self> {
        Thresholds::try_from_fn(|grade| match grade {
            Classification::Boss => 0.0,
            Classification::Mixed => boss_below,
            Classification::Leader => leader_from,
        })
    }

    /// The index below which a person is classed as a boss.
    pub fn boss_below(self) -> Score {
        self.opens(Classification::Mixed)
    }

    /// The index from which a person is classed as a leader.
    pub fn leader_from(self) -> Score {
        self.opens(Classification::Leader)
    }
}

impl Default for Thresholds<Classification> {
    /// See [`PoleThresholds::DEFAULT`].
    fn default() -> Self {
        PoleThresholds::DEFAULT
    }
}

/// How boss-versus-leader ratings are scored: the scoring policy of the leader index, the pole
/// thresholds and the length of a development plan.
///
/// Evaluate one rater's ratings of the ten contrasts with
/// [`Ratings::evaluate`](crate::Ratings::evaluate), which gives a [`LeaderReport`].
///
/// # Examples
///
/// ```
/// use service_quality::{Ratings, Scale};
/// use service_quality::boss_leader::{Classification, Contrast, LeaderPolicy, PoleThresholds};
///
/// let middling = Ratings::<Contrast>::from_fn(Scale::ONE_TO_SEVEN, |_| 4)?;
/// let report = middling.evaluate(&LeaderPolicy::default())?;
/// assert_eq!(report.leader_index().map(|s| s.get()), Some(50.0));
/// assert_eq!(report.classification(), Some(Classification::Mixed));
///
/// let strict = LeaderPolicy::default().with_poles(PoleThresholds::new(45.0, 80.0)?);
/// assert_eq!(middling.evaluate(&strict)?.classification(), Some(Classification::Mixed));
///
/// let on_five = Ratings::<Contrast>::from_fn(Scale::ONE_TO_FIVE, |_| 4)?;
/// assert_eq!(
///     on_five.evaluate(&LeaderPolicy::default()).unwrap_err().to_string(),
///     "scale of ratings is 1..=5, expected 1..=7"
/// );
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields, default)
)]
pub struct LeaderPolicy {
    scoring: Policy<Contrast>,
    poles: PoleThresholds,
    plan_length: usize,
}

impl Default for LeaderPolicy {
    /// The 1–7 scale, equal weights, thresholds 35 and 65, plans of three (this crate's
    /// defaults).
    fn default() -> Self {
        LeaderPolicy {
            scoring: Policy::default(),
            poles: PoleThresholds::DEFAULT,
            plan_length: 3,
        }
    }
}

impl LeaderPolicy {
    /// The policy with `scoring` (scale, weights, N/A and critical contrasts) for the leader
    /// index.
    pub fn with_scoring(mut self, scoring: Policy<Contrast>) -> Self {
        self.scoring = scoring;
        self
    }

    /// The policy with `poles` deciding boss, mixed and leader.
    pub fn with_poles(mut self, poles: PoleThresholds) -> Self {
        self.poles = poles;
        self
    }

    /// The policy listing at most `plan_length` contrasts in a development plan (0 lists none).
    pub fn with_plan_length(mut self, plan_length: usize) -> Self {
        self.plan_length = plan_length;
        self
    }

    /// How the leader index is scored.
    pub const fn scoring(&self) -> &Policy<Contrast> {
        &self.scoring
    }

    /// Where boss, mixed and leader begin.
    pub const fn poles(&self) -> PoleThresholds {
        self.poles
    }

    /// How many contrasts a development plan lists at most.
    pub const fn plan_length(&self) -> usize {
        self.plan_length
    }
}

impl RatingsPolicy<Contrast> for LeaderPolicy {
    type Output = LeaderReport;

    /// Scores one rater's ratings of the ten contrasts.
    ///
    /// # Errors
    ///
    /// As for [`Ratings::evaluate`](crate::Ratings::evaluate) under the scoring policy: the
    /// ratings are on another scale, or N/A where it is not allowed.
    fn evaluate_ratings(&self, ratings: &Ratings<Contrast>) -> Result<LeaderReport> {
        let scorecard = ratings.evaluate(&self.scoring)?;
        Ok(LeaderReport {
            classification: scorecard.overall().map(|index| self.poles.classify(index)),
            scorecard,
            plan_length: self.plan_length,
        })
    }
}

/// The scored ratings: leader index, classification and development plan.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct LeaderReport {
    scorecard: Scorecard<Contrast>,
    classification: Option<Classification>,
    plan_length: usize,
}

impl LeaderReport {
    /// The scorecard: 0 (boss pole) to 100 (leader pole) per contrast.
    pub const fn scorecard(&self) -> &Scorecard<Contrast> {
        &self.scorecard
    }

    /// The leader index, 0–100; `None` when every counted contrast was N/A (only possible
    /// when the scoring policy allows N/A).
    pub const fn leader_index(&self) -> Option<Score> {
        self.scorecard.overall()
    }

    /// Boss, mixed or leader; `None` when there is no leader index.
    pub const fn classification(&self) -> Option<Classification> {
        self.classification
    }

    /// The contrasts furthest from the leader pole, lowest first, leaving out any already at the
    /// pole; at most the policy's plan length. Each step carries the contrast's
    /// [action](Contrast::action).
    ///
    /// ```
    /// use service_quality::{Ratings, Scale};
    /// use service_quality::boss_leader::{Contrast, LeaderPolicy};
    ///
    /// // At the leader pole on everything but credit (3 of 7) and working alongside (5 of 7).
    /// let ratings = Ratings::<Contrast>::from_fn(Scale::ONE_TO_SEVEN, |c| match c {
    ///     Contrast::Credit => 3,
    ///     Contrast::Effort => 5,
    ///     _ => 7,
    /// })?;
    /// let report = ratings.evaluate(&LeaderPolicy::default())?;
    /// let plan: Vec<(Contrast, &str)> =
    ///     report.development_plan().map(|s| (s.contrast(), s.action())).collect();
    /// assert_eq!(plan, [
    ///     (Contrast::Credit, Contrast::Credit.action()),
    ///     (Contrast::Effort, Contrast::Effort.action()),
    /// ]);
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn development_plan(&self) -> impl Iterator<Item = DevelopmentStep> + use<> {
        self.scorecard
            .weakest_first()
            .filter(|&(_, score)| score < Score::MAX)
            .take(self.plan_length)
            .map(|(contrast, score)| DevelopmentStep { contrast, score })
    }
}

/// One step of a [development plan](LeaderReport::development_plan): a contrast not yet at
/// the leader pole, its score, and what to do about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DevelopmentStep {
    contrast: Contrast,
    score: Score,
}

impl DevelopmentStep {
    /// The contrast to work on.
    pub const fn contrast(&self) -> Contrast {
        self.contrast
    }

    /// Its score: 0 at the boss pole, 100 at the leader pole.
    pub const fn score(&self) -> Score {
        self.score
    }

    /// What to do: the contrast's [action](Contrast::action).
    pub const fn action(&self) -> &'static str {
        self.contrast.action()
    }
}

impl crate::scoring::Scored<Contrast> for LeaderReport {
    fn scorecard(&self) -> &Scorecard<Contrast> {
        &self.scorecard
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poles_and_reasons_are_distinct_for_every_contrast() {
        for c in Contrast::iter() {
            assert_ne!(c.leader_pole(), c.boss_pole());
            assert!(!c.why_it_matters().is_empty());
            assert!(!c.action().is_empty());
        }
    }

    #[test]
    fn seven_actions_are_the_source_s_and_every_action_differs() {
        assert_eq!(
            Contrast::iter().filter(|c| c.has_source_action()).count(),
            7
        );
        for a in Contrast::iter() {
            for b in Contrast::iter().filter(|&b| b != a) {
                assert_ne!(a.action(), b.action(), "{a} and {b}");
            }
        }
    }

    #[test]
    fn a_perfect_leader_has_no_plan() {
        let r = Ratings::<Contrast>::from_fn(Scale::ONE_TO_SEVEN, |_| 7).unwrap();
        let report = r.evaluate(&LeaderPolicy::default()).unwrap();
        assert_eq!(report.leader_index(), Some(Score::MAX));
        assert_eq!(report.development_plan().count(), 0);
    }

    #[test]
    fn all_boss_pole_is_a_boss_with_a_plan_in_declaration_order() {
        let r = Ratings::<Contrast>::from_fn(Scale::ONE_TO_SEVEN, |_| 1).unwrap();
        let report = r.evaluate(&LeaderPolicy::default()).unwrap();
        assert_eq!(report.classification(), Some(Classification::Boss));
        let plan: Vec<Contrast> = report.development_plan().map(|s| s.contrast()).collect();
        assert_eq!(
            plan,
            [
                Contrast::Approachability,
                Contrast::Language,
                Contrast::Development
            ]
        );
    }
}
