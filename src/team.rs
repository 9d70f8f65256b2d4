//! The team behind the service: climate, empowerment, distributed leadership and hiring.
//!
//! A team delivers great service when its people **believe** in the organisation and what it
//! offers, **belong** (know their place and importance, and are empowered to act) and are
//! **supported** (feel valued by management and colleagues). Money motivates, but it is never
//! enough on its own. How a team treats customers mirrors how the team is treated, which is why
//! [`reflection`] sets climate beside customer scores.
//!
//! # Examples
//!
//! ```
//! use service_quality::{Ratings, Scale};
//! use service_quality::team::{Climate, ClimatePolicy, EmpowermentSignals};
//!
//! let ratings = Ratings::<Climate>::from_array(Scale::ONE_TO_FIVE, [4, 3, 2])?;
//! let signals = EmpowermentSignals::new(12, 3, 20, 14, 0.25)?;
//! let report = ClimatePolicy::default().assess(&ratings, &signals)?;
//! assert_eq!(report.scorecard().overall().map(|s| s.get()), Some(50.0));
//! assert_eq!(report.scorecard().focus(), Some(Climate::Supported));
//! assert!(report.warnings().count() >= 1); // a quarter of decisions overturned
//! # Ok::<(), service_quality::Error>(())
//! ```

use crate::macros::named_enum;
use crate::metrics::{Interval, Level, wilson};
use crate::{Dimension, Error, Policy, Ratings, Result, Score, Scorecard};

named_enum! {
    /// One of the three conditions for a team that serves well.
    #[derive(enum_map::Enum)]
    pub enum Climate as "team climate dimension",
        expecting "one of: believe, belong, supported"
    {
        /// Staff believe in the organisation and in what it offers customers.
        Believe,
        /// Staff know their place and importance, and are empowered to act.
        Belong,
        /// Staff feel valued by management and by colleagues.
        Supported,
    }
}

impl Dimension for Climate {
    const KIND: &'static str = "team climate dimension";

    fn name(self) -> &'static str {
        match self {
            Climate::Believe => "Believe",
            Climate::Belong => "Belong",
            Climate::Supported => "Supported",
        }
    }

    fn description(self) -> &'static str {
        match self {
            Climate::Believe => {
                "Staff are convinced the organisation and its products deserve customers' trust, \
                 so they can recommend them honestly."
            }
            Climate::Belong => {
                "Staff know where they fit, why their role matters, and that they may act for a \
                 customer without asking first."
            }
            Climate::Supported => {
                "Staff feel valued, backed by their managers and helped by their colleagues."
            }
        }
    }
}

/// Observable signs of whether staff are really empowered, over a period.
///
/// - decisions staff made for customers, and how many a manager overturned (a manager should not
///   overturn a good-faith decision within sensible limits);
/// - suggestions staff made, and how many were acted on;
/// - the share of the manager's time available to the team.
///
/// # Examples
///
/// ```
/// use service_quality::team::EmpowermentSignals;
///
/// let s = EmpowermentSignals::new(40, 2, 10, 6, 0.4)?;
/// assert_eq!(s.overturned_share(), Some(0.05));
/// assert_eq!(
///     EmpowermentSignals::new(4, 5, 0, 0, 0.5).unwrap_err().to_string(),
///     "decisions overturned is 5, expected at most the decisions made, 4"
/// );
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "RawSignals", into = "RawSignals")
)]
pub struct EmpowermentSignals {
    decisions: u32,
    overturned: u32,
    suggestions: u32,
    acted_on: u32,
    manager_availability: f64,
}

impl EmpowermentSignals {
    /// Signals over a period: decisions made and overturned, suggestions made and acted on, and
    /// the share (0 to 1) of the manager's time available to the team.
    ///
    /// # Errors
    ///
    /// [`Error::Inconsistent`] when more decisions were overturned than made or more
    /// suggestions acted on than made, and [`Error::ValueOutOfRange`] when the availability is
    /// not a fraction in 0..=1.
    pub fn new(
        decisions: u32,
        overturned: u32,
        suggestions: u32,
        acted_on: u32,
        manager_availability: f64,
    ) -> Result<Self> {
        let at_most = |field, part: u32, whole: u32, of: &str| {
            if part > whole {
                Err(Error::Inconsistent {
                    field,
                    value: f64::from(part),
                    expected: format!("at most the {of}, {whole}"),
                })
            } else {
                Ok(())
            }
        };
        at_most(
            "decisions overturned",
            overturned,
            decisions,
            "decisions made",
        )?;
        at_most(
            "suggestions acted on",
            acted_on,
            suggestions,
            "suggestions made",
        )?;
        if !(0.0..=1.0).contains(&manager_availability) {
            return Err(Error::ValueOutOfRange {
                field: "manager_availability",
                value: manager_availability,
                expected: "a fraction in 0..=1",
            });
        }
        Ok(EmpowermentSignals {
            decisions,
            overturned,
            suggestions,
            acted_on,
            manager_availability,
        })
    }

    /// The share of staff decisions a manager overturned, if any decisions were made.
    pub fn overturned_share(&self) -> Option<f64> {
        (self.decisions > 0).then(|| f64::from(self.overturned) / f64::from(self.decisions))
    }

    /// The share of suggestions acted on, if any were made.
    pub fn acted_on_share(&self) -> Option<f64> {
        (self.suggestions > 0).then(|| f64::from(self.acted_on) / f64::from(self.suggestions))
    }

    /// The share of the manager's time available to the team.
    pub const fn manager_availability(&self) -> f64 {
        self.manager_availability
    }
}

#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSignals {
    decisions: u32,
    overturned: u32,
    suggestions: u32,
    acted_on: u32,
    manager_availability: f64,
}

#[cfg(feature = "serde")]
impl TryFrom<RawSignals> for EmpowermentSignals {
    type Error = Error;

    fn try_from(r: RawSignals) -> Result<Self> {
        EmpowermentSignals::new(
            r.decisions,
            r.overturned,
            r.suggestions,
            r.acted_on,
            r.manager_availability,
        )
    }
}

#[cfg(feature = "serde")]
impl From<EmpowermentSignals> for RawSignals {
    fn from(s: EmpowermentSignals) -> Self {
        RawSignals {
            decisions: s.decisions,
            overturned: s.overturned,
            suggestions: s.suggestions,
            acted_on: s.acted_on,
            manager_availability: s.manager_availability,
        }
    }
}

named_enum! {
    /// A warning raised by the empowerment signals.
    #[non_exhaustive]
    pub enum ClimateWarning as "climate warning",
        expecting "one of: decisions_overturned, suggestions_ignored, manager_unavailable"
    {
        /// More of staff's decisions are overturned than the policy allows.
        DecisionsOverturned,
        /// Fewer suggestions are acted on than the policy expects.
        SuggestionsIgnored,
        /// The manager spends less time with the team than the policy expects.
        ManagerUnavailable,
    }
}

impl ClimateWarning {
    /// What the warning means and what to do.
    pub const fn message(self) -> &'static str {
        match self {
            ClimateWarning::DecisionsOverturned => {
                "Staff decisions are being overturned. Staff who are overruled stop deciding; \
                 back good-faith decisions and coach the rest privately."
            }
            ClimateWarning::SuggestionsIgnored => {
                "Most suggestions go nowhere. Act on some, and explain the rest, or people stop \
                 offering them."
            }
            ClimateWarning::ManagerUnavailable => {
                "The manager is rarely available. Greeting, listening and being around are how \
                 trust is built; a good share of a manager's time belongs to the team."
            }
        }
    }
}

/// How team climate is scored, and the limits beyond which the empowerment signals warn.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields, default)
)]
pub struct ClimatePolicy {
    /// Scale and weights of the climate score (1–5, equal weights by default).
    pub scoring: Policy<Climate>,
    /// Warn when more than this share of decisions is overturned (default 0.10).
    pub max_overturned: f64,
    /// Warn when fewer than this share of suggestions is acted on (default 0.30).
    pub min_acted_on: f64,
    /// Warn when the manager is available less than this share of the time (default 0.20).
    pub min_manager_availability: f64,
}

impl Default for ClimatePolicy {
    fn default() -> Self {
        ClimatePolicy {
            scoring: Policy::default(),
            max_overturned: 0.10,
            min_acted_on: 0.30,
            min_manager_availability: 0.20,
        }
    }
}

impl ClimatePolicy {
    /// Scores the climate ratings and checks the signals.
    ///
    /// # Errors
    ///
    /// [`Error::ScaleMismatch`] when the ratings are not on the policy's scale.
    pub fn assess(
        &self,
        ratings: &Ratings<Climate>,
        signals: &EmpowermentSignals,
    ) -> Result<ClimateReport> {
        let scorecard = ratings.evaluate(&self.scoring)?;
        let warnings = [
            signals
                .overturned_share()
                .is_some_and(|s| s > self.max_overturned),
            signals
                .acted_on_share()
                .is_some_and(|s| s < self.min_acted_on),
            signals.manager_availability < self.min_manager_availability,
        ];
        Ok(ClimateReport {
            scorecard,
            signals: *signals,
            warnings,
        })
    }
}

/// A team's climate scorecard, its empowerment signals and the warnings they raise.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClimateReport {
    scorecard: Scorecard<Climate>,
    signals: EmpowermentSignals,
    warnings: [bool; 3],
}

impl ClimateReport {
    /// The climate scorecard (believe, belong, supported).
    pub const fn scorecard(&self) -> &Scorecard<Climate> {
        &self.scorecard
    }

    /// The signals that were checked.
    pub const fn signals(&self) -> &EmpowermentSignals {
        &self.signals
    }

    /// The warnings that apply, in declaration order.
    pub fn warnings(&self) -> impl Iterator<Item = ClimateWarning> + '_ {
        [
            ClimateWarning::DecisionsOverturned,
            ClimateWarning::SuggestionsIgnored,
            ClimateWarning::ManagerUnavailable,
        ]
        .into_iter()
        .zip(self.warnings)
        .filter_map(|(w, on)| on.then_some(w))
    }
}

/// How closely teams' climate scores track their customer scores: the Pearson correlation over
/// teams of `(climate score, customer score)` pairs. The customer score can be any per-team
/// measure (mean PROUD overall, NPS, CSAT); a value near 1 says the teams treated best also
/// treat customers best.
///
/// # Errors
///
/// [`Error::Degenerate`] with fewer than three teams or when either score does not vary across
/// teams, and [`Error::ValueOutOfRange`] for a non-finite customer score.
///
/// ```
/// use service_quality::Score;
/// use service_quality::team::reflection;
///
/// let s = |v| Score::new(v);
/// let teams = [(s(80.0)?, 45.0), (s(60.0)?, 20.0), (s(40.0)?, -5.0), (s(70.0)?, 30.0)];
/// assert!(reflection(&teams)? > 0.95);
/// assert!(reflection(&teams[..2]).is_err());
/// # Ok::<(), service_quality::Error>(())
/// ```
pub fn reflection(teams: &[(Score, f64)]) -> Result<f64> {
    for &(_, customer) in teams {
        crate::error::finite("customer score", customer)?;
    }
    let degenerate = |reason| Error::Degenerate {
        what: "climate-customer correlation",
        reason,
    };
    if teams.len() < 3 {
        return Err(degenerate("it needs at least three teams"));
    }
    let n = teams.len() as f64;
    // A correlation does not change when one variable is scaled; scaling the customer scores
    // keeps their squares finite however large they are.
    let scale = crate::numeric::unit_scale(teams.iter().map(|&(_, y)| y));
    let mx = teams.iter().map(|(c, _)| c.get()).sum::<f64>() / n;
    let my = teams.iter().map(|(_, y)| y * scale).sum::<f64>() / n;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (c, y) in teams {
        let (dx, dy) = (c.get() - mx, y * scale - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if sxx == 0.0 || syy == 0.0 {
        return Err(degenerate("one of the scores is the same for every team"));
    }
    Ok((sxy / (sxx.sqrt() * syy.sqrt())).clamp(-1.0, 1.0))
}

named_enum! {
    /// Where a measured share stands against its target, given the sampling uncertainty.
    pub enum TargetStatus as "target status", expecting "one of: above, below, inconclusive" {
        /// The whole interval lies above the target.
        Above,
        /// The whole interval lies below the target.
        Below,
        /// The interval contains the target: the sample cannot tell.
        Inconclusive,
    }
}

/// How widely leadership is spread: from a staff survey, how many describe themselves as
/// leaders and how many hold real decision rights.
///
/// Both are proportions from a sample, so each comes with a Wilson interval and is compared with
/// a target (one admired company has about half its staff describe themselves as leaders, so
/// the default target is 0.5).
///
/// # Examples
///
/// ```
/// use service_quality::metrics::Level;
/// use service_quality::team::{DistributedLeadership, TargetStatus};
///
/// let d = DistributedLeadership::new(200, 64, 90)?;
/// assert_eq!(d.leader_share(), 0.32);
/// let (interval, status) = d.leaders_against(0.5, Level::default())?;
/// assert!(interval.upper() < 50.0);
/// assert_eq!(status, TargetStatus::Below);
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "RawDistributed", into = "RawDistributed")
)]
pub struct DistributedLeadership {
    surveyed: u32,
    see_themselves_as_leaders: u32,
    hold_decision_rights: u32,
}

impl DistributedLeadership {
    /// The default target share of self-described leaders.
    pub const TARGET: f64 = 0.5;

    /// Survey counts: staff surveyed, those who see themselves as leaders, and those who hold
    /// decision rights.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] when nobody was surveyed, [`Error::Inconsistent`] when a count exceeds
    /// the number surveyed.
    pub fn new(surveyed: u32, leaders: u32, decision_rights: u32) -> Result<Self> {
        if surveyed == 0 {
            return Err(Error::Empty {
                what: "leadership survey",
                item: "respondent",
            });
        }
        for (field, count) in [
            ("self-described leaders", leaders),
            ("staff with decision rights", decision_rights),
        ] {
            if count > surveyed {
                return Err(Error::Inconsistent {
                    field,
                    value: f64::from(count),
                    expected: format!("at most the staff surveyed, {surveyed}"),
                });
            }
        }
        Ok(DistributedLeadership {
            surveyed,
            see_themselves_as_leaders: leaders,
            hold_decision_rights: decision_rights,
        })
    }

    /// The share of staff who see themselves as leaders.
    pub fn leader_share(&self) -> f64 {
        f64::from(self.see_themselves_as_leaders) / f64::from(self.surveyed)
    }

    /// The share of staff who hold decision rights.
    pub fn decision_rights_share(&self) -> f64 {
        f64::from(self.hold_decision_rights) / f64::from(self.surveyed)
    }

    /// The leader share's Wilson interval (in percent) and where it stands against `target`.
    ///
    /// # Errors
    ///
    /// [`Error::ValueOutOfRange`] when `target` is not a fraction in 0..=1.
    pub fn leaders_against(&self, target: f64, level: Level) -> Result<(Interval, TargetStatus)> {
        compare(self.see_themselves_as_leaders, self.surveyed, target, level)
    }

    /// The decision-rights share's Wilson interval (in percent) and where it stands against
    /// `target`.
    ///
    /// # Errors
    ///
    /// [`Error::ValueOutOfRange`] when `target` is not a fraction in 0..=1.
    pub fn decision_rights_against(
        &self,
        target: f64,
        level: Level,
    ) -> Result<(Interval, TargetStatus)> {
        compare(self.hold_decision_rights, self.surveyed, target, level)
    }
}

fn compare(k: u32, n: u32, target: f64, level: Level) -> Result<(Interval, TargetStatus)> {
    if !(0.0..=1.0).contains(&target) {
        return Err(Error::ValueOutOfRange {
            field: "target",
            value: target,
            expected: "a fraction in 0..=1",
        });
    }
    let p = f64::from(k) / f64::from(n);
    let (lo, hi) = wilson(p, f64::from(n), level.z());
    let status = if lo > target {
        TargetStatus::Above
    } else if hi < target {
        TargetStatus::Below
    } else {
        TargetStatus::Inconclusive
    };
    Ok((
        Interval::new(100.0 * p, 100.0 * lo, 100.0 * hi, level),
        status,
    ))
}

#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDistributed {
    surveyed: u32,
    see_themselves_as_leaders: u32,
    hold_decision_rights: u32,
}

#[cfg(feature = "serde")]
impl TryFrom<RawDistributed> for DistributedLeadership {
    type Error = Error;

    fn try_from(r: RawDistributed) -> Result<Self> {
        DistributedLeadership::new(
            r.surveyed,
            r.see_themselves_as_leaders,
            r.hold_decision_rights,
        )
    }
}

#[cfg(feature = "serde")]
impl From<DistributedLeadership> for RawDistributed {
    fn from(d: DistributedLeadership) -> Self {
        RawDistributed {
            surveyed: d.surveyed,
            see_themselves_as_leaders: d.see_themselves_as_leaders,
            hold_decision_rights: d.hold_decision_rights,
        }
    }
}

named_enum! {
    /// The outcome of a hiring screen.
    #[derive(PartialOrd, Ord)]
    pub enum HiringDecision as "hiring decision", expecting "one of: reject, hire_and_train, hire" {
        /// The attitude falls short: no amount of skill makes up for it.
        Reject,
        /// A good attitude with skills still to learn: skills can be taught, attitude rarely.
        HireAndTrain,
        /// A good attitude and the skills.
        Hire,
    }
}

/// A candidate screened on skill and on attitude (a pro-customer orientation), each a 0–100
/// score from whatever assessment the employer uses.
///
/// The rule never lets skill alone carry a poor attitude: attitude in adults is stable, so it is
/// screened first.
///
/// - attitude below the attitude bar: [`HiringDecision::Reject`], whatever the skill;
/// - attitude at or above the bar and skill at or above the skill bar: [`HiringDecision::Hire`];
/// - otherwise: [`HiringDecision::HireAndTrain`].
///
/// # Examples
///
/// ```
/// use service_quality::Score;
/// use service_quality::team::{HiringDecision, HiringScreen};
///
/// let screen = HiringScreen::default();
/// let brilliant_but_cold = screen.decide(Score::new(98.0)?, Score::new(35.0)?);
/// assert_eq!(brilliant_but_cold, HiringDecision::Reject);
/// let warm_beginner = screen.decide(Score::new(40.0)?, Score::new(85.0)?);
/// assert_eq!(warm_beginner, HiringDecision::HireAndTrain);
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct HiringScreen {
    attitude_bar: Score,
    skill_bar: Score,
}

impl HiringScreen {
    /// A screen with the given bars (0–100).
    ///
    /// # Errors
    ///
    /// [`Error::ScoreOutOfRange`] for a bar outside 0..=100.
    pub fn new(attitude_bar: f64, skill_bar: f64) -> Result<Self> {
        Ok(HiringScreen {
            attitude_bar: Score::named(Some("attitude_bar"), attitude_bar)?,
            skill_bar: Score::named(Some("skill_bar"), skill_bar)?,
        })
    }

    /// The decision for a candidate with these skill and attitude scores.
    pub fn decide(&self, skill: Score, attitude: Score) -> HiringDecision {
        if attitude < self.attitude_bar {
            HiringDecision::Reject
        } else if skill >= self.skill_bar {
            HiringDecision::Hire
        } else {
            HiringDecision::HireAndTrain
        }
    }
}

impl Default for HiringScreen {
    /// Attitude bar 70, skill bar 60.
    fn default() -> Self {
        HiringScreen {
            attitude_bar: Score::from_const(70.0),
            skill_bar: Score::from_const(60.0),
        }
    }
}
