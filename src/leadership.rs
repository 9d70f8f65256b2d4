//! V.E.D. leadership, the management functions, and how a person combines them.
//!
//! Leadership is judged on three areas, [`Area::Vision`], [`Area::Engagement`] and
//! [`Area::Delivery`]. Management is the process-driven counterpart: [`Function::Planning`],
//! [`Function::Organising`], [`Function::Monitoring`] and [`Function::Reviewing`].
//!
//! **Leadership is the *what*, management the *how*.** Leadership sets where the team is going
//! and brings people with it; management makes the journey orderly and checks it is on course.
//!
//! **Leading comes first (the source).** Both leadership sources behind this crate put leading
//! above managing: "don't manage, lead", and people who lead get far more done than people who
//! only manage. They give the reason too: systems and processes can be copied or bought, while
//! the way a team is led cannot. The [`Style`] order carries that priority: every style with
//! strong leadership ranks above every style without it.
//!
//! **Both count (this crate's view).** Neither replaces the other here: a [`Profile`] measures
//! both, and [`Style::Balanced`], strong on both, is the style this crate aims people at and
//! ranks highest. The sources never say the *how* can be dropped (their leader still turns to the
//! plan), but balance as the goal is the crate's, not theirs.
//!
//! Leadership is not reserved for the top: it should run like a golden thread through every
//! level. A [`Profile`] is for anyone with a [`Position`], from a front-line agent to the chief
//! executive; only the scale and context of the vision change with the role
//! ([`Position::vision_scope`]), not the scoring.
//!
//! A [`Briefing`] records which elements a team briefing contained and judges whether it
//! [leads or manages](BriefingVerdict).
//!
//! # Where each rule comes from
//!
//! From the source (the articles this crate's models were written from): the three V.E.D.
//! areas, the four management functions, the what against the how, the golden thread through
//! every level, leading ranked above managing and why, and the two briefings with the elements
//! each contains.
//!
//! This crate's own: the rating scale and the two indices, the style thresholds and the four
//! styles, [`Style::Balanced`] as the goal, the observable behaviours of each area
//! ([`Area::behaviours`]), the reach of each role's vision, the rule that a briefing leads only
//! with every element of the source's leader briefing, and
//! [`AskForIdeas`](BriefingElement::AskForIdeas) (this crate's addition).
//!
//! # Scoring
//!
//! - Each area and each function is rated on a scale (1 to 5 by default) and scored with the
//!   shared core ([`Ratings::evaluate`](crate::Ratings::evaluate)): the **leadership index** is the weighted mean of the three
//!   areas, the **management index** the weighted mean of the four functions, both 0–100.
//! - The [`Style`] compares each index with its threshold (60 by default, this crate's default,
//!   see [`StyleThresholds`]): leading when only leadership is strong, managing when only
//!   management is, balanced when both are, neither when neither is.
//!
//! # Examples
//!
//! ```
//! use service_quality::{Ratings, Scale};
//! use service_quality::leadership::{Profile, ProfilePolicy, Position, Style};
//!
//! // A supervisor strong on process, less so on vision and engagement.
//! let profile = Profile::new(
//!     Position::Supervisor,
//!     Ratings::from_array(Scale::ONE_TO_FIVE, [2, 3, 4])?,    // vision, engagement, delivery
//!     Ratings::from_array(Scale::ONE_TO_FIVE, [5, 4, 5, 4])?, // planning .. reviewing
//! );
//! let report = profile.evaluate(&ProfilePolicy::default())?;
//! assert_eq!(report.leadership_index().map(|s| s.get()), Some(50.0));
//! assert_eq!(report.management_index().map(|s| s.get()), Some(87.5));
//! assert_eq!(report.style(), Some(Style::Managing));
//! # Ok::<(), service_quality::Error>(())
//! ```

use enum_map::EnumMap;

use crate::scoring::macros::{dimension_enum, named_enum};
use crate::scoring::{Error, Policy, Ratings, Result, Score, Scorecard};

dimension_enum! {
    /// One of the three V.E.D. areas a leader is judged on.
    ///
    /// Areas have no `Ord`; vision is not "less" than delivery.
    ///
    /// # Examples
    ///
    /// ```
    /// use service_quality::leadership::Area;
    ///
    /// assert_eq!("V".parse::<Area>()?, Area::Vision);
    /// assert_eq!(Area::Engagement.to_string(), "engagement");
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub enum Area as "V.E.D. area",
        expecting "one of: vision, engagement, delivery (or V, E, D)"
    {
        /// **V**: looking ahead, planning for the future and seeing the positive in obstacles.
        #[strum(to_string = "vision", serialize = "v")]
        Vision(
            "Vision",
            "Looking ahead and planning for the future, and seeing the positive side of \
             obstacles: the picture of where the team is going and why.",
        ),
        /// **E**: engaging, communicating with and influencing people, and bringing them on board.
        #[strum(to_string = "engagement", serialize = "e")]
        Engagement(
            "Engagement",
            "The interpersonal skill to engage, communicate with and influence people so \
             that they come on board willingly.",
        ),
        /// **D**: the motivation, will and influence to achieve what was set out.
        #[strum(to_string = "delivery", serialize = "d")]
        Delivery(
            "Delivery",
            "The motivation, will and influence to achieve what was set out, and to see it \
             through.",
        ),
    }
}

impl Area {
    /// Behaviours an observer can see when the area is strong. The lists are this crate's:
    /// the source defines the areas, not what to look for.
    pub const fn behaviours(self) -> &'static [&'static str] {
        match self {
            Area::Vision => &[
                "talks about where the team is heading, not only about this week",
                "explains why a target matters to customers and to the team",
                "treats a setback as a problem to solve and finds what it makes possible",
                "prepares for what could change before it does",
            ],
            Area::Engagement => &[
                "says \"we\" and includes the team in decisions",
                "listens first and adapts the message to the person",
                "brings doubters on board by persuasion rather than instruction",
                "is visible and available to the team",
            ],
            Area::Delivery => &[
                "turns intentions into dated commitments and meets them",
                "keeps momentum when the work gets hard",
                "uses influence across teams to remove obstacles",
                "follows up until the result is in",
            ],
        }
    }
}

dimension_enum! {
    /// One of the four management functions: the process-driven *how*.
    ///
    /// `organizing` is accepted as an alias of `organising`.
    pub enum Function as "management function",
        expecting "one of: planning, organising, monitoring, reviewing"
    {
        /// Setting objectives and the steps and resources to reach them.
        Planning(
            "Planning",
            "Turning a goal into objectives, steps, timings and the resources they need.",
        ),
        /// Arranging people, time and tools so the plan can run.
        #[strum(to_string = "organising", serialize = "organizing")]
        Organising(
            "Organising",
            "Putting people, schedules and tools in place so that the plan can run.",
        ),
        /// Tracking progress against the plan while the work happens.
        Monitoring(
            "Monitoring",
            "Watching the measures while work is under way and acting early on drift.",
        ),
        /// Looking back at results and adjusting the next plan.
        Reviewing(
            "Reviewing",
            "Comparing results with the plan afterwards and feeding the lessons forward.",
        ),
    }
}

named_enum! {
    /// Where a person works. Leadership is expected at every level; the role changes the reach
    /// of the vision, not how leadership is scored.
    #[non_exhaustive]
    pub enum Position as "position",
        expecting "one of: agent, supervisor, manager, senior_leader, chief_executive"
    {
        /// A front-line agent or staff member serving customers.
        Agent,
        /// A team leader or supervisor of front-line staff.
        Supervisor,
        /// A manager of several teams or a function.
        Manager,
        /// A director or other senior leader.
        SeniorLeader,
        /// The chief executive.
        ChiefExecutive,
    }
}

impl Position {
    /// The role in plain words, for people.
    pub const fn name(self) -> &'static str {
        match self {
            Position::Agent => "agent",
            Position::Supervisor => "supervisor",
            Position::Manager => "manager",
            Position::SeniorLeader => "senior leader",
            Position::ChiefExecutive => "chief executive",
        }
    }

    /// What the vision of someone in this role typically reaches. The source says only that
    /// the scale and context of the vision change with the role; these texts are this crate's.
    pub const fn vision_scope(self) -> &'static str {
        match self {
            Position::Agent => "the customer in front of them and the next few interactions",
            Position::Supervisor => "the team's shift, its targets and the next quarter",
            Position::Manager => "several teams and how they fit together over the year",
            Position::SeniorLeader => "a whole function and its direction over a few years",
            Position::ChiefExecutive => "the organisation, its customers and its market",
        }
    }
}

named_enum! {
    /// How a person's leadership and management compare.
    ///
    /// Styles are ordered leadership first, then management:
    /// `Neither < Managing < Leading < Balanced`. Leadership deciding first is the source's
    /// priority (leading ranks above managing, so [`Leading`](Style::Leading) is above
    /// [`Managing`](Style::Managing)); [`Balanced`](Style::Balanced) at the top is this crate's
    /// view that both count. Ranking a balanced person below a leading one would make learning
    /// to plan a step down, which the source does not say.
    ///
    /// # Examples
    ///
    /// ```
    /// use service_quality::leadership::Style;
    ///
    /// assert!(Style::Leading > Style::Managing);
    /// assert!(Style::Managing > Style::Neither);
    /// assert!(Style::Balanced > Style::Leading);
    /// assert!(Style::Leading.leads() && !Style::Managing.leads());
    /// assert_eq!(Style::iter().max(), Some(Style::Balanced));
    /// ```
    #[derive(PartialOrd, Ord)]
    pub enum Style as "leadership style",
        expecting "one of: neither, managing, leading, balanced"
    {
        /// Neither index reaches its threshold yet.
        Neither,
        /// Strong management, leadership below its threshold.
        Managing,
        /// Strong leadership, management below its threshold.
        Leading,
        /// Both strong.
        Balanced,
    }
}

impl Style {
    /// Whether leadership is strong ([`Leading`](Style::Leading) or
    /// [`Balanced`](Style::Balanced)): the side the source puts first.
    pub const fn leads(self) -> bool {
        matches!(self, Style::Leading | Style::Balanced)
    }

    /// What the style means for the person's development. Each text says what to work on
    /// next, leadership before management as the source advises.
    pub const fn description(self) -> &'static str {
        match self {
            Style::Leading => {
                "Sets direction and brings people along, the side the source puts first; now \
                 add the planning and follow-up that turn it into results."
            }
            Style::Managing => {
                "Runs an orderly operation, but the source ranks leading above managing: \
                 processes can be copied or bought, the way people are led cannot. Work on \
                 vision and engagement first."
            }
            Style::Balanced => {
                "Leads and manages: the source's priority is met and so is this crate's goal \
                 of both; keep developing both."
            }
            Style::Neither => {
                "Neither leadership nor management is established yet. Start with leading, as \
                 the source advises: one clear goal, the reason for it and belief in the team, \
                 then the plan."
            }
        }
    }
}

/// The index each side must reach to count as strong when classifying a [`Style`].
///
/// # Examples
///
/// ```
/// use service_quality::Score;
/// use service_quality::leadership::{Style, StyleThresholds};
///
/// let t = StyleThresholds::default();
/// assert_eq!(t.classify(Score::new(75.0)?, Score::new(40.0)?), Style::Leading);
/// assert_eq!(t.classify(Score::new(60.0)?, Score::new(60.0)?), Style::Balanced);
///
/// let strict = StyleThresholds::new(80.0, 70.0)?;
/// assert_eq!(strict.classify(Score::new(75.0)?, Score::new(40.0)?), Style::Neither);
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "RawStyleThresholds", into = "RawStyleThresholds")
)]
pub struct StyleThresholds {
    leadership: Score,
    management: Score,
}

impl StyleThresholds {
    /// 60 for both indices (this crate's default).
    pub const DEFAULT: StyleThresholds = StyleThresholds {
        leadership: Score::from_const(60.0),
        management: Score::from_const(60.0),
    };

    /// Thresholds for the leadership and the management index, each a 0–100 score.
    ///
    /// # Errors
    ///
    /// [`Error::ScoreOutOfRange`] naming the threshold that is not a finite value in 0..=100.
    ///
    /// ```
    /// use service_quality::leadership::StyleThresholds;
    ///
    /// assert!(StyleThresholds::new(50.0, 70.0).is_ok());
    /// assert_eq!(
    ///     StyleThresholds::new(50.0, 170.0).unwrap_err().to_string(),
    ///     "score for 'management' is 170, expected a finite value in 0..=100"
    /// );
    /// ```
    pub fn new(leadership: f64, management: f64) -> Result<Self> {
        Ok(StyleThresholds {
            leadership: Score::named(Some("leadership"), leadership)?,
            management: Score::named(Some("management"), management)?,
        })
    }

    /// The lowest leadership index that counts as strong.
    pub const fn leadership(self) -> Score {
        self.leadership
    }

    /// The lowest management index that counts as strong.
    pub const fn management(self) -> Score {
        self.management
    }

    /// The style of a person with these two indices.
    pub fn classify(self, leadership: Score, management: Score) -> Style {
        match (leadership >= self.leadership, management >= self.management) {
            (true, true) => Style::Balanced,
            (true, false) => Style::Leading,
            (false, true) => Style::Managing,
            (false, false) => Style::Neither,
        }
    }
}

impl Default for StyleThresholds {
    /// See [`StyleThresholds::DEFAULT`].
    fn default() -> Self {
        StyleThresholds::DEFAULT
    }
}

#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStyleThresholds {
    leadership: f64,
    management: f64,
}

#[cfg(feature = "serde")]
impl TryFrom<RawStyleThresholds> for StyleThresholds {
    type Error = Error;

    fn try_from(raw: RawStyleThresholds) -> Result<Self> {
        StyleThresholds::new(raw.leadership, raw.management)
    }
}

#[cfg(feature = "serde")]
impl From<StyleThresholds> for RawStyleThresholds {
    fn from(t: StyleThresholds) -> Self {
        RawStyleThresholds {
            leadership: t.leadership.get(),
            management: t.management.get(),
        }
    }
}

/// How a [`Profile`] is scored: a policy per model and the style thresholds.
///
/// # Examples
///
/// ```
/// use service_quality::{Policy, Scale};
/// use service_quality::leadership::{ProfilePolicy, StyleThresholds};
///
/// let policy = ProfilePolicy::default()
///     .with_leadership(Policy::new(Scale::ONE_TO_SEVEN))
///     .with_style(StyleThresholds::new(55.0, 65.0)?);
/// assert_eq!(policy.leadership().scale(), Scale::ONE_TO_SEVEN);
/// assert_eq!(policy.style().management().get(), 65.0);
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields, default)
)]
pub struct ProfilePolicy {
    leadership: Policy<Area>,
    management: Policy<Function>,
    style: StyleThresholds,
}

impl ProfilePolicy {
    /// The policy scoring the three V.E.D. areas into the leadership index with `leadership`.
    pub fn with_leadership(mut self, leadership: Policy<Area>) -> Self {
        self.leadership = leadership;
        self
    }

    /// The policy scoring the four management functions into the management index with
    /// `management`.
    pub fn with_management(mut self, management: Policy<Function>) -> Self {
        self.management = management;
        self
    }

    /// The policy deciding the style from the two indices with `style`.
    pub fn with_style(mut self, style: StyleThresholds) -> Self {
        self.style = style;
        self
    }

    /// How the three V.E.D. areas are scored.
    pub const fn leadership(&self) -> &Policy<Area> {
        &self.leadership
    }

    /// How the four management functions are scored.
    pub const fn management(&self) -> &Policy<Function> {
        &self.management
    }

    /// The thresholds that decide the style.
    pub const fn style(&self) -> StyleThresholds {
        self.style
    }
}

/// One person's leadership (V.E.D.) and management ratings, from one rater.
///
/// For ratings from several people, see [`review`](crate::review).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Profile {
    position: Position,
    leadership: Ratings<Area>,
    management: Ratings<Function>,
}

impl Profile {
    /// A profile of someone in `role`.
    pub const fn new(
        position: Position,
        leadership: Ratings<Area>,
        management: Ratings<Function>,
    ) -> Self {
        Profile {
            position,
            leadership,
            management,
        }
    }

    /// The person's role.
    pub const fn position(&self) -> Position {
        self.position
    }

    /// The V.E.D. ratings.
    pub const fn leadership(&self) -> &Ratings<Area> {
        &self.leadership
    }

    /// The management-function ratings.
    pub const fn management(&self) -> &Ratings<Function> {
        &self.management
    }

    /// Scores both sides and classifies the style.
    ///
    /// # Errors
    ///
    /// [`Error::ScaleMismatch`] when either set of ratings is not on its policy's scale.
    ///
    /// ```
    /// use service_quality::{Ratings, Scale};
    /// use service_quality::leadership::{Profile, ProfilePolicy, Position, Style};
    ///
    /// let p = Profile::new(
    ///     Position::Agent,
    ///     Ratings::from_array(Scale::ONE_TO_FIVE, [5, 5, 4])?,
    ///     Ratings::from_array(Scale::ONE_TO_FIVE, [3, 2, 3, 3])?,
    /// );
    /// assert_eq!(p.evaluate(&ProfilePolicy::default())?.style(), Some(Style::Leading));
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn evaluate(&self, policy: &ProfilePolicy) -> Result<ProfileReport> {
        let leadership = self.leadership.evaluate(&policy.leadership)?;
        let management = self.management.evaluate(&policy.management)?;
        let style = leadership
            .overall()
            .zip(management.overall())
            .map(|(lead, manage)| policy.style.classify(lead, manage));
        Ok(ProfileReport {
            position: self.position,
            style,
            leadership,
            management,
        })
    }
}

/// The scored [`Profile`]: both scorecards, their indices and the style.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ProfileReport {
    position: Position,
    leadership: Scorecard<Area>,
    management: Scorecard<Function>,
    style: Option<Style>,
}

impl ProfileReport {
    /// The person's role.
    pub const fn position(&self) -> Position {
        self.position
    }

    /// The V.E.D. scorecard.
    pub const fn leadership(&self) -> &Scorecard<Area> {
        &self.leadership
    }

    /// The management scorecard.
    pub const fn management(&self) -> &Scorecard<Function> {
        &self.management
    }

    /// The leadership index, 0–100; `None` when every counted area was N/A (only possible
    /// when the policy allows N/A).
    pub const fn leadership_index(&self) -> Option<Score> {
        self.leadership.overall()
    }

    /// The management index, 0–100; `None` when every counted function was N/A.
    pub const fn management_index(&self) -> Option<Score> {
        self.management.overall()
    }

    /// The style; `None` when either index is missing.
    pub const fn style(&self) -> Option<Style> {
        self.style
    }
}

named_enum! {
    /// An element a team briefing can contain.
    ///
    /// The declaration order follows the source's leader briefing: the target, the reason
    /// beyond it, "we", the effort acknowledged, belief in the team, then the plan. Asking for
    /// the team's ideas, this crate's addition, comes last.
    #[non_exhaustive]
    #[derive(enum_map::Enum)]
    pub enum BriefingElement as "briefing element",
        expecting "one of: deliverable, reason, team_language, acknowledge_effort, belief, plan, \
                   ask_for_ideas"
    {
        /// The target or deliverable is named ("100% satisfaction this quarter"). Both of the
        /// source's briefings name it.
        Deliverable,
        /// The reason beyond the target, the why (the source): the source's leader gives one
        /// (a national service award next month, the chance to show the team is the best).
        Reason,
        /// Team-first language: "we", "us", "our", "let's". Both of the source's briefings use
        /// it, so it does not tell them apart.
        TeamLanguage,
        /// The effort being asked for is acknowledged (the source): "this will take real
        /// effort on top of everything else".
        AcknowledgeEffort,
        /// Belief that the team can do it is expressed (the source): "I believe we can".
        Belief,
        /// The plan or next steps are set out ("shorter response times, top priorities
        /// first"). Both of the source's briefings turn to it; the leader's does so last,
        /// after the reason, the effort and the belief.
        Plan,
        /// The team is asked for its ideas ("what would help you get there?"). This crate's
        /// addition: the source's leader does not ask, so it is recorded as a plus and never
        /// decides the verdict.
        AskForIdeas,
    }
}

impl BriefingElement {
    /// The V.E.D. area the element shows, if it is a leadership element.
    pub const fn area(self) -> Option<Area> {
        match self {
            BriefingElement::Reason => Some(Area::Vision),
            BriefingElement::TeamLanguage
            | BriefingElement::Belief
            | BriefingElement::AcknowledgeEffort
            | BriefingElement::AskForIdeas => Some(Area::Engagement),
            BriefingElement::Deliverable => Some(Area::Delivery),
            BriefingElement::Plan => None,
        }
    }

    /// The management function the element shows, if it is a management element.
    pub const fn function(self) -> Option<Function> {
        match self {
            BriefingElement::Plan => Some(Function::Planning),
            _ => None,
        }
    }

    /// Whether a briefing needs the element to lead: the elements of the source's leader
    /// briefing apart from "we" (the deliverable, the reason, the effort acknowledged, belief
    /// in the team and the plan). Team language is not needed because the source's manager
    /// says "we" too; asking for ideas is not needed because it is this crate's addition.
    ///
    /// ```
    /// use service_quality::leadership::BriefingElement;
    ///
    /// let needed: Vec<BriefingElement> =
    ///     BriefingElement::iter().filter(|e| e.required_to_lead()).collect();
    /// assert_eq!(needed, [
    ///     BriefingElement::Deliverable,
    ///     BriefingElement::Reason,
    ///     BriefingElement::AcknowledgeEffort,
    ///     BriefingElement::Belief,
    ///     BriefingElement::Plan,
    /// ]);
    /// ```
    pub const fn required_to_lead(self) -> bool {
        matches!(
            self,
            BriefingElement::Deliverable
                | BriefingElement::Reason
                | BriefingElement::AcknowledgeEffort
                | BriefingElement::Belief
                | BriefingElement::Plan
        )
    }

    /// Whether the element appears in the source's briefings; `false` only for
    /// [`AskForIdeas`](BriefingElement::AskForIdeas), this crate's addition.
    ///
    /// ```
    /// use service_quality::leadership::BriefingElement;
    ///
    /// assert!(BriefingElement::Belief.is_from_source());
    /// assert!(!BriefingElement::AskForIdeas.is_from_source());
    /// ```
    pub const fn is_from_source(self) -> bool {
        !matches!(self, BriefingElement::AskForIdeas)
    }
}

named_enum! {
    /// Whether a briefing leads or only manages.
    pub enum BriefingVerdict as "briefing verdict",
        expecting "one of: leads, manages, unfocused"
    {
        /// Names the deliverable and gives everything else the source's leader gives: the
        /// reason beyond it, the effort acknowledged, belief in the team, and the plan.
        Leads,
        /// Names the deliverable but lacks at least one of the leader's elements;
        /// [`Briefing::missing_to_lead`] lists them.
        Manages,
        /// Does not name a deliverable, so the team does not know what is wanted.
        Unfocused,
    }
}

/// Which elements a team briefing contained.
///
/// # The rule
///
/// The source gives two briefings of the same target, 100% customer satisfaction this quarter
/// (the source). The manager's names the target, says "we" and lists the measures. The
/// leader's names the target, gives the reason beyond it (a national award next month, the
/// chance to prove the team is the best), acknowledges that it will take effort, says "I
/// believe we can", and only then turns to the plan. This crate judges a briefing on those
/// elements (this crate's rule: all of them are required, since the source shows them
/// together):
///
/// - no [`Deliverable`](BriefingElement::Deliverable): [`BriefingVerdict::Unfocused`];
/// - the deliverable, the [`Reason`](BriefingElement::Reason),
///   [`AcknowledgeEffort`](BriefingElement::AcknowledgeEffort),
///   [`Belief`](BriefingElement::Belief) and the [`Plan`](BriefingElement::Plan):
///   [`BriefingVerdict::Leads`];
/// - otherwise [`BriefingVerdict::Manages`].
///
/// [`TeamLanguage`](BriefingElement::TeamLanguage) is recorded but does not decide: both of
/// the source's briefings say "we". [`AskForIdeas`](BriefingElement::AskForIdeas) (this
/// crate's addition) is an optional plus: it neither makes a briefing lead nor stops it.
///
/// # Examples
///
/// The source's two briefings, in this crate's words. The manager: "We need 100% customer
/// satisfaction this quarter. We'll get there by cutting response times and dealing with top
/// priorities first." The leader: "We're going for 100% customer satisfaction this quarter.
/// The national service award is decided next month, and this is our chance to show we're the
/// best team there is. It will take real effort on top of a busy quarter, and I believe we
/// can do it. Here's how: we cut our response times and deal with top priorities first."
///
/// ```
/// use service_quality::leadership::{Briefing, BriefingElement::*, BriefingVerdict};
///
/// let manager = Briefing::from_elements([Deliverable, TeamLanguage, Plan])?;
/// assert_eq!(manager.evaluate(), BriefingVerdict::Manages);
/// assert_eq!(
///     manager.missing_to_lead().collect::<Vec<_>>(),
///     [Reason, AcknowledgeEffort, Belief]
/// );
///
/// let leader = Briefing::from_elements([
///     Deliverable, Reason, TeamLanguage, AcknowledgeEffort, Belief, Plan,
/// ])?;
/// assert_eq!(leader.evaluate(), BriefingVerdict::Leads);
///
/// // Asking for ideas is a plus, not a requirement, and not a way around one.
/// assert_eq!(leader.with(AskForIdeas).evaluate(), BriefingVerdict::Leads);
/// let ideas_only = Briefing::from_elements([Deliverable, Reason, AskForIdeas, Plan])?;
/// assert_eq!(ideas_only.evaluate(), BriefingVerdict::Manages);
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Briefing {
    contains: EnumMap<BriefingElement, bool>,
}

impl Briefing {
    /// A briefing with no elements.
    pub fn new() -> Self {
        Self::default()
    }

    /// A briefing containing the given elements.
    ///
    /// # Errors
    ///
    /// [`Error::Duplicate`] when an element is listed twice (a sign of a data-entry mistake).
    ///
    /// ```
    /// use service_quality::leadership::{Briefing, BriefingElement::*};
    ///
    /// assert!(Briefing::from_elements([Deliverable, Reason]).is_ok());
    /// assert_eq!(
    ///     Briefing::from_elements([Plan, Plan]).unwrap_err().to_string(),
    ///     "duplicate briefing element 'plan'"
    /// );
    /// ```
    pub fn from_elements(elements: impl IntoIterator<Item = BriefingElement>) -> Result<Self> {
        let mut briefing = Briefing::new();
        for element in elements {
            if briefing.contains[element] {
                return Err(Error::Duplicate {
                    what: "briefing element",
                    key: element.key().to_owned(),
                });
            }
            briefing.contains[element] = true;
        }
        Ok(briefing)
    }

    /// The same briefing with one more element.
    pub fn with(mut self, element: BriefingElement) -> Self {
        self.contains[element] = true;
        self
    }

    /// Whether the briefing contains `element`.
    pub fn contains(&self, element: BriefingElement) -> bool {
        self.contains[element]
    }

    /// The elements it contains, in declaration order.
    pub fn elements(&self) -> impl Iterator<Item = BriefingElement> + '_ {
        crate::scoring::flags::set(&self.contains)
    }

    /// Whether the briefing leads, manages or is unfocused (see the rule above).
    pub fn evaluate(&self) -> BriefingVerdict {
        if !self.contains[BriefingElement::Deliverable] {
            BriefingVerdict::Unfocused
        } else if self.missing_to_lead().next().is_none() {
            BriefingVerdict::Leads
        } else {
            BriefingVerdict::Manages
        }
    }

    /// The elements [required to lead](BriefingElement::required_to_lead) that the briefing
    /// lacks, in declaration order (the order in which the source's leader gives them).
    pub fn missing_to_lead(&self) -> impl Iterator<Item = BriefingElement> + '_ {
        BriefingElement::iter()
            .filter(|&e| e.required_to_lead())
            .filter(|&e| !self.contains[e])
    }
}

#[cfg(feature = "serde")]
mod serde_impls {
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::{Briefing, BriefingElement};

    /// A briefing serialises as the list of elements it contains: `["deliverable", "plan"]`.
    impl Serialize for Briefing {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_seq(self.elements())
        }
    }

    impl<'de> Deserialize<'de> for Briefing {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let elements = Vec::<BriefingElement>::deserialize(deserializer)?;
            Briefing::from_elements(elements).map_err(D::Error::custom)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::Scale;
    use crate::testing::assert_close;

    #[test]
    fn style_covers_all_four_quadrants() {
        let t = StyleThresholds::default();
        let s = |v| Score::new(v).unwrap();
        assert_eq!(t.classify(s(60.0), s(59.9)), Style::Leading);
        assert_eq!(t.classify(s(59.9), s(60.0)), Style::Managing);
        assert_eq!(t.classify(s(100.0), s(100.0)), Style::Balanced);
        assert_eq!(t.classify(s(0.0), s(59.9)), Style::Neither);
    }

    #[test]
    fn unfocused_without_a_deliverable() {
        let b = Briefing::from_elements([BriefingElement::Reason, BriefingElement::Belief]);
        assert_eq!(b.unwrap().evaluate(), BriefingVerdict::Unfocused);
        assert_eq!(Briefing::new().evaluate(), BriefingVerdict::Unfocused);
    }

    #[test]
    fn leading_needs_every_element_of_the_source_s_leader_briefing() {
        use BriefingElement::*;
        let source_leader = [Deliverable, Reason, AcknowledgeEffort, Belief, Plan];
        let b = Briefing::from_elements(source_leader).unwrap();
        assert_eq!(b.evaluate(), BriefingVerdict::Leads);
        // Any one of them missing (apart from the deliverable, which makes it unfocused)
        // leaves a briefing that only manages, whatever else it has.
        for dropped in [Reason, AcknowledgeEffort, Belief, Plan] {
            let without = Briefing::from_elements(
                source_leader
                    .into_iter()
                    .filter(|&e| e != dropped)
                    .chain([TeamLanguage, AskForIdeas]),
            )
            .unwrap();
            assert_eq!(without.evaluate(), BriefingVerdict::Manages, "{dropped}");
            assert_eq!(
                without.missing_to_lead().collect::<Vec<_>>(),
                [dropped],
                "{dropped}"
            );
        }
        // "We" is in both of the source's briefings, so it does not make a leader.
        let b = Briefing::from_elements([Deliverable, Reason, Plan, TeamLanguage]).unwrap();
        assert_eq!(b.evaluate(), BriefingVerdict::Manages);
        // Asking for ideas is this crate's addition: neither needed nor enough.
        assert_eq!(b.with(AskForIdeas).evaluate(), BriefingVerdict::Manages);
        assert!(!AskForIdeas.required_to_lead() && !AskForIdeas.is_from_source());
        assert!(BriefingElement::iter().all(|e| e == AskForIdeas || e.is_from_source()));
    }

    #[test]
    fn styles_rank_leadership_first_then_management() {
        let t = StyleThresholds::default();
        let s = |v| Score::new(v).unwrap();
        let mut ranked: Vec<Style> = Style::iter().collect();
        ranked.sort();
        assert_eq!(
            ranked,
            [
                Style::Neither,
                Style::Managing,
                Style::Leading,
                Style::Balanced
            ]
        );
        // Any strong leadership outranks any style without it, however strong the management.
        assert!(t.classify(s(60.0), s(0.0)) > t.classify(s(59.9), s(100.0)));
        for style in Style::iter() {
            assert_eq!(style.leads(), style >= Style::Leading, "{style}");
        }
    }

    #[test]
    fn every_area_has_behaviours_and_every_role_a_scope() {
        for a in Area::iter() {
            assert!(a.behaviours().len() >= 3);
        }
        for r in Position::iter() {
            assert!(!r.vision_scope().is_empty());
        }
    }

    #[test]
    fn organizing_is_an_alias() {
        assert_eq!(
            "Organizing".parse::<Function>().unwrap(),
            Function::Organising
        );
        assert_eq!(Function::Organising.to_string(), "organising");
    }

    #[test]
    fn profiles_work_on_any_scale_given_a_matching_policy() {
        let seven = Scale::ONE_TO_SEVEN;
        let p = Profile::new(
            Position::ChiefExecutive,
            Ratings::from_array(seven, [7, 7, 7]).unwrap(),
            Ratings::from_array(seven, [1, 1, 1, 1]).unwrap(),
        );
        let policy = ProfilePolicy {
            leadership: Policy::default().with_scale(seven),
            management: Policy::default().with_scale(seven),
            style: StyleThresholds::default(),
        };
        let r = p.evaluate(&policy).unwrap();
        assert_close(r.leadership_index().map_or(f64::NAN, Score::get), 100.0);
        assert_close(r.management_index().map_or(f64::NAN, Score::get), 0.0);
        assert_eq!(r.style(), Some(Style::Leading));
        assert!(p.evaluate(&ProfilePolicy::default()).is_err());
    }
}
