//! The team behind the service: climate, empowerment, distributed leadership and hiring.
//!
//! A team delivers great service when its people **believe** in the organisation and what it
//! offers, **belong** (know their place and importance, and are empowered to act) and are
//! **supported** (feel valued by management and colleagues). Money motivates, but it is never
//! enough on its own. How a team treats customers mirrors how the team is treated, which is why
//! [`reflection`] sets climate beside customer scores.
//!
//! What the module models, and where each rule comes from:
//!
//! - [`Climate`] and its [`ClimatePolicy`]: the three conditions are the brief's; scoring them
//!   on a scale, and every threshold, are the crate's defaults.
//! - [`EmpowermentSignals`]: overturned decisions are split by good faith ([`Overturned`])
//!   because the brief treats overturning a good-faith decision as one of the worst things a
//!   manager can do, so one such overturn warns by default; other overturns warn above a share.
//! - [`DiscretionaryEffort`]: what a team that believes, belongs and feels supported gives.
//! - [`DistributedLeadership`] with [`SpreadPolicy`]: leadership spread through the
//!   organisation, people who lead without formal authority, and power kept at the top
//!   (elitism) as a warning.
//! - [`LeadingByExample`]: a leader seen greeting, smiling and available.
//! - [`HiringScreen`]: attitude screened alongside skill; a poor attitude always rejects.
//!
//! # Examples
//!
//! ```
//! use service_quality::{Ratings, Scale};
//! use service_quality::team::{
//!     Climate, ClimatePolicy, ClimateWarning, DiscretionaryEffort, EmpowermentSignals, Overturned,
//! };
//!
//! let ratings = Ratings::<Climate>::from_array(Scale::ONE_TO_FIVE, [4, 3, 2])?;
//! // 12 decisions for customers: 1 overturned although made in good faith, 2 for other reasons.
//! let overturned = Overturned { in_good_faith: 1, other: 2 };
//! let signals = EmpowermentSignals::new(12, overturned, 20, 14, 0.25)?;
//! let report = ClimatePolicy::default().assess(&ratings, &signals)?;
//! assert_eq!(report.scorecard().overall().get(), 50.0);
//! assert_eq!(report.scorecard().weakest(), Climate::Supported);
//! let warnings: Vec<ClimateWarning> = report.warnings().collect();
//! assert_eq!(
//!     warnings,
//!     [ClimateWarning::GoodFaithDecisionOverturned, ClimateWarning::DecisionsOverturned]
//! );
//! assert_eq!(report.discretionary_effort(), DiscretionaryEffort::HeldBack);
//! # Ok::<(), service_quality::Error>(())
//! ```

use enum_map::EnumMap;

use crate::flags::{flags, set, unset};
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

/// Staff decisions a manager overturned, split by whether the staff member made the decision
/// in good faith (for the customer, within sensible limits) or not.
///
/// The split matters because the two are different failures: overturning a good-faith decision
/// is a failure of the manager (the source counts it among the worst things a manager can do),
/// while correcting a decision made outside any sensible limit can be part of managing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Overturned {
    /// Overturned decisions the staff member made in good faith.
    pub in_good_faith: u32,
    /// Other overturned decisions (careless, or clearly outside the agreed limits).
    pub other: u32,
}

impl Overturned {
    /// All overturned decisions.
    pub fn total(self) -> u64 {
        u64::from(self.in_good_faith) + u64::from(self.other)
    }
}

/// Observable signs of whether staff are really empowered, over a period.
///
/// - decisions staff made for customers, and how many a manager overturned, split by whether
///   they were made in good faith ([`Overturned`]);
/// - suggestions staff made, and how many were acted on;
/// - the share of the manager's time available to the team.
///
/// # Examples
///
/// ```
/// use service_quality::team::{EmpowermentSignals, Overturned};
///
/// let overturned = Overturned { in_good_faith: 1, other: 2 };
/// let s = EmpowermentSignals::new(40, overturned, 10, 6, 0.4)?;
/// assert_eq!(s.overturned_share(), Some(0.075));
/// assert_eq!(s.other_overturned_share(), Some(0.05));
/// assert_eq!(
///     EmpowermentSignals::new(4, Overturned { in_good_faith: 3, other: 2 }, 0, 0, 0.5)
///         .unwrap_err()
///         .to_string(),
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
    overturned: Overturned,
    suggestions: u32,
    acted_on: u32,
    manager_availability: f64,
}

impl EmpowermentSignals {
    /// Signals over a period: decisions made and those overturned, suggestions made and acted
    /// on, and the share (0 to 1) of the manager's time available to the team.
    ///
    /// # Errors
    ///
    /// [`Error::Inconsistent`] when more decisions were overturned than made or more
    /// suggestions acted on than made, and [`Error::ValueOutOfRange`] when the availability is
    /// not a fraction in 0..=1.
    pub fn new(
        decisions: u32,
        overturned: Overturned,
        suggestions: u32,
        acted_on: u32,
        manager_availability: f64,
    ) -> Result<Self> {
        let at_most = |field, part: u64, whole: u32, of: &str| {
            if part > u64::from(whole) {
                Err(Error::Inconsistent {
                    field,
                    value: part as f64,
                    expected: format!("at most the {of}, {whole}"),
                })
            } else {
                Ok(())
            }
        };
        at_most(
            "decisions overturned",
            overturned.total(),
            decisions,
            "decisions made",
        )?;
        at_most(
            "suggestions acted on",
            u64::from(acted_on),
            suggestions,
            "suggestions made",
        )?;
        Ok(EmpowermentSignals {
            decisions,
            overturned,
            suggestions,
            acted_on,
            manager_availability: fraction("manager_availability", manager_availability)?,
        })
    }

    /// The decisions staff made for customers.
    pub const fn decisions(&self) -> u32 {
        self.decisions
    }

    /// The overturned decisions, by whether they were made in good faith.
    pub const fn overturned(&self) -> Overturned {
        self.overturned
    }

    /// The share of staff decisions a manager overturned, if any decisions were made.
    pub fn overturned_share(&self) -> Option<f64> {
        self.share_of_decisions(self.overturned.total())
    }

    /// The share of staff decisions overturned that were not made in good faith, if any
    /// decisions were made.
    pub fn other_overturned_share(&self) -> Option<f64> {
        self.share_of_decisions(u64::from(self.overturned.other))
    }

    fn share_of_decisions(&self, count: u64) -> Option<f64> {
        (self.decisions > 0).then(|| count as f64 / f64::from(self.decisions))
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

/// Accepts a fraction in 0..=1, or names the field and the value.
fn fraction(field: &'static str, value: f64) -> Result<f64> {
    if (0.0..=1.0).contains(&value) {
        Ok(value + 0.0)
    } else {
        Err(Error::ValueOutOfRange {
            field,
            value,
            expected: "a fraction in 0..=1",
        })
    }
}

#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSignals {
    decisions: u32,
    overturned_in_good_faith: u32,
    overturned_other: u32,
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
            Overturned {
                in_good_faith: r.overturned_in_good_faith,
                other: r.overturned_other,
            },
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
            overturned_in_good_faith: s.overturned.in_good_faith,
            overturned_other: s.overturned.other,
            suggestions: s.suggestions,
            acted_on: s.acted_on,
            manager_availability: s.manager_availability,
        }
    }
}

named_enum! {
    /// A warning raised by the empowerment signals.
    #[non_exhaustive]
    #[derive(enum_map::Enum)]
    pub enum ClimateWarning as "climate warning",
        expecting "one of: good_faith_decision_overturned, decisions_overturned, \
                   suggestions_ignored, manager_unavailable"
    {
        /// A manager overturned a decision a staff member made in good faith. One is enough
        /// for this warning by default.
        GoodFaithDecisionOverturned,
        /// More of staff's other decisions are overturned than the policy allows.
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
            ClimateWarning::GoodFaithDecisionOverturned => {
                "A manager overturned a decision a staff member made in good faith for a \
                 customer; the source counts this among the worst things a manager can do. \
                 Let the decision stand, and talk it through in private if the limits need to \
                 change."
            }
            ClimateWarning::DecisionsOverturned => {
                "Many staff decisions are being overturned. Staff who are often overruled stop \
                 deciding; agree the limits within which their decisions stand, and coach \
                 privately."
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

named_enum! {
    /// Whether a team is likely to give discretionary effort: the work beyond the job
    /// description that a team gives when it believes, belongs and feels supported.
    pub enum DiscretionaryEffort as "discretionary effort", expecting "one of: given, held_back" {
        /// Believe, belong and supported all reach the policy's bar.
        Given,
        /// At least one of them falls short: expect the job as described, and little beyond.
        HeldBack,
    }
}

/// How team climate is scored, and the limits beyond which the empowerment signals warn.
///
/// Every limit is validated when it is set, so every policy is valid. The defaults are the
/// crate's: a single good-faith overturn warns (the brief treats it as one of the worst things
/// a manager can do), other overturns warn above 10% of decisions, suggestions below 30% acted
/// on, the manager available below 20% of the time, and discretionary effort needs each
/// climate dimension at 70 or more (the lower edge of the "good" band).
///
/// # Examples
///
/// ```
/// use service_quality::team::ClimatePolicy;
///
/// let strict = ClimatePolicy::default().try_with_max_other_overturned(0.05)?;
/// assert_eq!(strict.max_other_overturned(), 0.05);
/// assert_eq!(
///     ClimatePolicy::default().try_with_min_acted_on(1.5).unwrap_err().to_string(),
///     "min_acted_on is 1.5, expected a fraction in 0..=1"
/// );
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "RawClimatePolicy", into = "RawClimatePolicy")
)]
pub struct ClimatePolicy {
    scoring: Policy<Climate>,
    good_faith_overturns_tolerated: u32,
    max_other_overturned: f64,
    min_acted_on: f64,
    min_manager_availability: f64,
    effort_bar: Score,
}

impl Default for ClimatePolicy {
    fn default() -> Self {
        ClimatePolicy {
            scoring: Policy::default(),
            good_faith_overturns_tolerated: 0,
            max_other_overturned: 0.10,
            min_acted_on: 0.30,
            min_manager_availability: 0.20,
            effort_bar: Score::from_const(70.0),
        }
    }
}

impl ClimatePolicy {
    /// The same policy with another scale and weights for the climate score.
    pub const fn with_scoring(self, scoring: Policy<Climate>) -> Self {
        ClimatePolicy { scoring, ..self }
    }

    /// The same policy, tolerating up to `count` good-faith overturns in a period before it
    /// warns (0 by default: any one warns).
    pub const fn with_good_faith_overturns_tolerated(self, count: u32) -> Self {
        ClimatePolicy {
            good_faith_overturns_tolerated: count,
            ..self
        }
    }

    /// The same policy, warning when more than this share of decisions is overturned other
    /// than in good faith.
    ///
    /// # Errors
    ///
    /// [`Error::ValueOutOfRange`] unless `share` is a fraction in 0..=1.
    pub fn try_with_max_other_overturned(self, share: f64) -> Result<Self> {
        Ok(ClimatePolicy {
            max_other_overturned: fraction("max_other_overturned", share)?,
            ..self
        })
    }

    /// The same policy, warning when fewer than this share of suggestions is acted on.
    ///
    /// # Errors
    ///
    /// [`Error::ValueOutOfRange`] unless `share` is a fraction in 0..=1.
    pub fn try_with_min_acted_on(self, share: f64) -> Result<Self> {
        Ok(ClimatePolicy {
            min_acted_on: fraction("min_acted_on", share)?,
            ..self
        })
    }

    /// The same policy, warning when the manager is available less than this share of the
    /// time.
    ///
    /// # Errors
    ///
    /// [`Error::ValueOutOfRange`] unless `share` is a fraction in 0..=1.
    pub fn try_with_min_manager_availability(self, share: f64) -> Result<Self> {
        Ok(ClimatePolicy {
            min_manager_availability: fraction("min_manager_availability", share)?,
            ..self
        })
    }

    /// The same policy with another bar each climate dimension must reach for
    /// [`DiscretionaryEffort::Given`].
    pub const fn with_effort_bar(self, bar: Score) -> Self {
        ClimatePolicy {
            effort_bar: bar,
            ..self
        }
    }

    /// The scale and weights of the climate score.
    pub const fn scoring(&self) -> &Policy<Climate> {
        &self.scoring
    }

    /// How many good-faith overturns a period may have before the policy warns.
    pub const fn good_faith_overturns_tolerated(&self) -> u32 {
        self.good_faith_overturns_tolerated
    }

    /// The largest share of decisions that may be overturned other than in good faith.
    pub const fn max_other_overturned(&self) -> f64 {
        self.max_other_overturned
    }

    /// The smallest share of suggestions that should be acted on.
    pub const fn min_acted_on(&self) -> f64 {
        self.min_acted_on
    }

    /// The smallest share of the manager's time that should be available to the team.
    pub const fn min_manager_availability(&self) -> f64 {
        self.min_manager_availability
    }

    /// The bar each climate dimension must reach for discretionary effort.
    pub const fn effort_bar(&self) -> Score {
        self.effort_bar
    }

    /// Scores the climate ratings and checks the signals.
    ///
    /// # Errors
    ///
    /// [`Error::ScaleMismatch`] when the ratings are not on the policy's scale.
    ///
    /// ```
    /// use service_quality::{Ratings, Scale};
    /// use service_quality::team::{
    ///     Climate, ClimatePolicy, ClimateWarning, DiscretionaryEffort, EmpowermentSignals,
    ///     Overturned,
    /// };
    ///
    /// let ratings = Ratings::<Climate>::from_array(Scale::ONE_TO_FIVE, [5, 4, 4])?;
    /// // One good-faith decision overturned out of fifty: enough for a warning.
    /// let signals = EmpowermentSignals::new(50, Overturned { in_good_faith: 1, other: 0 }, 8, 5, 0.3)?;
    /// let report = ClimatePolicy::default().assess(&ratings, &signals)?;
    /// assert_eq!(report.warnings().collect::<Vec<_>>(), [ClimateWarning::GoodFaithDecisionOverturned]);
    /// assert_eq!(report.discretionary_effort(), DiscretionaryEffort::Given);
    ///
    /// let seven = Ratings::<Climate>::from_array(Scale::ONE_TO_SEVEN, [5, 4, 4])?;
    /// assert!(ClimatePolicy::default().assess(&seven, &signals).is_err());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn assess(
        &self,
        ratings: &Ratings<Climate>,
        signals: &EmpowermentSignals,
    ) -> Result<ClimateReport> {
        let scorecard = self.scoring.score(ratings)?;
        let mut warnings = EnumMap::default();
        warnings[ClimateWarning::GoodFaithDecisionOverturned] =
            signals.overturned.in_good_faith > self.good_faith_overturns_tolerated;
        warnings[ClimateWarning::DecisionsOverturned] = signals
            .other_overturned_share()
            .is_some_and(|s| s > self.max_other_overturned);
        warnings[ClimateWarning::SuggestionsIgnored] = signals
            .acted_on_share()
            .is_some_and(|s| s < self.min_acted_on);
        warnings[ClimateWarning::ManagerUnavailable] =
            signals.manager_availability < self.min_manager_availability;
        Ok(ClimateReport {
            scorecard,
            signals: *signals,
            warnings,
            effort_bar: self.effort_bar,
        })
    }
}

#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawClimatePolicy {
    scoring: Policy<Climate>,
    good_faith_overturns_tolerated: u32,
    max_other_overturned: f64,
    min_acted_on: f64,
    min_manager_availability: f64,
    effort_bar: Score,
}

#[cfg(feature = "serde")]
impl Default for RawClimatePolicy {
    fn default() -> Self {
        ClimatePolicy::default().into()
    }
}

#[cfg(feature = "serde")]
impl TryFrom<RawClimatePolicy> for ClimatePolicy {
    type Error = Error;

    fn try_from(r: RawClimatePolicy) -> Result<Self> {
        ClimatePolicy::default()
            .with_scoring(r.scoring)
            .with_good_faith_overturns_tolerated(r.good_faith_overturns_tolerated)
            .try_with_max_other_overturned(r.max_other_overturned)?
            .try_with_min_acted_on(r.min_acted_on)?
            .try_with_min_manager_availability(r.min_manager_availability)
            .map(|p| p.with_effort_bar(r.effort_bar))
    }
}

#[cfg(feature = "serde")]
impl From<ClimatePolicy> for RawClimatePolicy {
    fn from(p: ClimatePolicy) -> Self {
        RawClimatePolicy {
            scoring: p.scoring,
            good_faith_overturns_tolerated: p.good_faith_overturns_tolerated,
            max_other_overturned: p.max_other_overturned,
            min_acted_on: p.min_acted_on,
            min_manager_availability: p.min_manager_availability,
            effort_bar: p.effort_bar,
        }
    }
}

/// A team's climate scorecard, its empowerment signals, the warnings they raise and whether
/// the climate buys discretionary effort.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClimateReport {
    scorecard: Scorecard<Climate>,
    signals: EmpowermentSignals,
    warnings: EnumMap<ClimateWarning, bool>,
    effort_bar: Score,
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
        set(&self.warnings)
    }

    /// Whether the team is likely to give discretionary effort: [`DiscretionaryEffort::Given`]
    /// when believe, belong and supported each score at least the policy's effort bar.
    pub fn discretionary_effort(&self) -> DiscretionaryEffort {
        if self.holding_back().next().is_none() {
            DiscretionaryEffort::Given
        } else {
            DiscretionaryEffort::HeldBack
        }
    }

    /// The climate dimensions below the effort bar, weakest first: what holds discretionary
    /// effort back.
    pub fn holding_back(&self) -> impl Iterator<Item = Climate> + '_ {
        let bar = self.effort_bar;
        self.scorecard
            .weakest_first()
            .filter(move |&(_, score)| score < bar)
            .map(|(c, _)| c)
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
    lead_without_authority: Option<u32>,
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
            lead_without_authority: None,
        })
    }

    /// The same survey, recording how many staff lead without formal authority: they see
    /// themselves as leaders (and act as such) but hold no decision rights. The brief asks for
    /// such people to be encouraged to lead anyway.
    ///
    /// # Errors
    ///
    /// [`Error::Inconsistent`] when `count` exceeds the self-described leaders or the staff
    /// without decision rights.
    ///
    /// ```
    /// use service_quality::team::DistributedLeadership;
    ///
    /// let d = DistributedLeadership::new(200, 64, 90)?.try_with_informal_leaders(20)?;
    /// assert_eq!(d.informal_leaders(), Some(20));
    /// assert!(DistributedLeadership::new(200, 64, 190)?.try_with_informal_leaders(20).is_err());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn try_with_informal_leaders(self, count: u32) -> Result<Self> {
        let without_rights = self.surveyed - self.hold_decision_rights;
        for (limit, of) in [
            (self.see_themselves_as_leaders, "self-described leaders"),
            (without_rights, "staff without decision rights"),
        ] {
            if count > limit {
                return Err(Error::Inconsistent {
                    field: "informal leaders",
                    value: f64::from(count),
                    expected: format!("at most the {of}, {limit}"),
                });
            }
        }
        Ok(DistributedLeadership {
            lead_without_authority: Some(count),
            ..self
        })
    }

    /// How many staff lead without formal authority, if the survey asked.
    pub const fn informal_leaders(&self) -> Option<u32> {
        self.lead_without_authority
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
    Ok(judge(k, n, fraction("target", target)?, level))
}

/// The Wilson interval of `k` of `n` (in percent) and where it stands against `target`, a
/// fraction already checked; `n` is at least 1.
fn judge(k: u32, n: u32, target: f64, level: Level) -> (Interval, TargetStatus) {
    let p = f64::from(k) / f64::from(n);
    let (lo, hi) = wilson(p, f64::from(n), level.z());
    let status = if lo > target {
        TargetStatus::Above
    } else if hi < target {
        TargetStatus::Below
    } else {
        TargetStatus::Inconclusive
    };
    (
        Interval::new(100.0 * p, 100.0 * lo, 100.0 * hi, level),
        status,
    )
}

#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDistributed {
    surveyed: u32,
    see_themselves_as_leaders: u32,
    hold_decision_rights: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lead_without_authority: Option<u32>,
}

#[cfg(feature = "serde")]
impl TryFrom<RawDistributed> for DistributedLeadership {
    type Error = Error;

    fn try_from(r: RawDistributed) -> Result<Self> {
        let survey = DistributedLeadership::new(
            r.surveyed,
            r.see_themselves_as_leaders,
            r.hold_decision_rights,
        )?;
        match r.lead_without_authority {
            Some(count) => survey.try_with_informal_leaders(count),
            None => Ok(survey),
        }
    }
}

#[cfg(feature = "serde")]
impl From<DistributedLeadership> for RawDistributed {
    fn from(d: DistributedLeadership) -> Self {
        RawDistributed {
            surveyed: d.surveyed,
            see_themselves_as_leaders: d.see_themselves_as_leaders,
            hold_decision_rights: d.hold_decision_rights,
            lead_without_authority: d.lead_without_authority,
        }
    }
}

named_enum! {
    /// What a leadership-spread survey shows beyond its two shares.
    #[non_exhaustive]
    pub enum SpreadFinding as "leadership spread finding",
        expecting "one of: power_at_the_top, informal_leaders"
    {
        /// Power kept at the top (elitism): the share of staff with decision rights is below
        /// the policy's minimum, beyond sampling doubt.
        PowerAtTheTop,
        /// Some staff lead without formal authority.
        InformalLeaders,
    }
}

impl SpreadFinding {
    /// What the finding means and what to do.
    pub const fn message(self) -> &'static str {
        match self {
            SpreadFinding::PowerAtTheTop => {
                "Decisions are kept at the top. Power held by a few stifles empowerment: staff \
                 who cannot decide for a customer have to pass the customer on. Hand decision \
                 rights down, with clear limits."
            }
            SpreadFinding::InformalLeaders => {
                "Some staff lead without formal authority. Encourage them to keep leading, \
                 recognise it, and consider giving them the authority to match."
            }
        }
    }

    /// Whether the finding is a warning (something to fix) rather than something to build on.
    pub const fn is_warning(self) -> bool {
        matches!(self, SpreadFinding::PowerAtTheTop)
    }
}

/// How a [`DistributedLeadership`] survey is judged: the target share of self-described
/// leaders, the minimum share of staff with decision rights below which power is kept at the
/// top, and the confidence level of the intervals.
///
/// The defaults are the crate's: a leader target of one half (the admired company in the brief
/// has about half its staff describing themselves as leaders), a decision-rights minimum of a
/// quarter, and 95% intervals.
///
/// # Examples
///
/// ```
/// use service_quality::team::{DistributedLeadership, SpreadFinding, SpreadPolicy, TargetStatus};
///
/// let survey = DistributedLeadership::new(200, 64, 30)?.try_with_informal_leaders(25)?;
/// let report = SpreadPolicy::default().assess(&survey);
/// assert_eq!(report.leaders().1, TargetStatus::Below);
/// let findings: Vec<SpreadFinding> = report.findings().collect();
/// assert_eq!(findings, [SpreadFinding::PowerAtTheTop, SpreadFinding::InformalLeaders]);
/// assert!(SpreadPolicy::default().try_with_min_decision_rights(1.2).is_err());
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "RawSpreadPolicy", into = "RawSpreadPolicy")
)]
pub struct SpreadPolicy {
    leader_target: f64,
    min_decision_rights: f64,
    level: Level,
}

impl Default for SpreadPolicy {
    fn default() -> Self {
        SpreadPolicy {
            leader_target: DistributedLeadership::TARGET,
            min_decision_rights: 0.25,
            level: Level::default(),
        }
    }
}

impl SpreadPolicy {
    /// The same policy with another target share of self-described leaders.
    ///
    /// # Errors
    ///
    /// [`Error::ValueOutOfRange`] unless `target` is a fraction in 0..=1.
    pub fn try_with_leader_target(self, target: f64) -> Result<Self> {
        Ok(SpreadPolicy {
            leader_target: fraction("leader_target", target)?,
            ..self
        })
    }

    /// The same policy with another minimum share of staff holding decision rights.
    ///
    /// # Errors
    ///
    /// [`Error::ValueOutOfRange`] unless `share` is a fraction in 0..=1.
    pub fn try_with_min_decision_rights(self, share: f64) -> Result<Self> {
        Ok(SpreadPolicy {
            min_decision_rights: fraction("min_decision_rights", share)?,
            ..self
        })
    }

    /// The same policy with another confidence level.
    pub const fn with_level(self, level: Level) -> Self {
        SpreadPolicy { level, ..self }
    }

    /// The target share of self-described leaders.
    pub const fn leader_target(&self) -> f64 {
        self.leader_target
    }

    /// The minimum share of staff holding decision rights.
    pub const fn min_decision_rights(&self) -> f64 {
        self.min_decision_rights
    }

    /// The confidence level of the intervals.
    pub const fn level(&self) -> Level {
        self.level
    }

    /// Judges a survey: both shares against their targets, and the findings.
    pub fn assess(&self, survey: &DistributedLeadership) -> SpreadReport {
        let leaders = judge(
            survey.see_themselves_as_leaders,
            survey.surveyed,
            self.leader_target,
            self.level,
        );
        let decision_rights = judge(
            survey.hold_decision_rights,
            survey.surveyed,
            self.min_decision_rights,
            self.level,
        );
        SpreadReport {
            findings: [
                decision_rights.1 == TargetStatus::Below,
                survey.lead_without_authority.is_some_and(|n| n > 0),
            ],
            leaders,
            decision_rights,
        }
    }
}

#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawSpreadPolicy {
    leader_target: f64,
    min_decision_rights: f64,
    level: Level,
}

#[cfg(feature = "serde")]
impl Default for RawSpreadPolicy {
    fn default() -> Self {
        SpreadPolicy::default().into()
    }
}

#[cfg(feature = "serde")]
impl TryFrom<RawSpreadPolicy> for SpreadPolicy {
    type Error = Error;

    fn try_from(r: RawSpreadPolicy) -> Result<Self> {
        SpreadPolicy::default()
            .try_with_leader_target(r.leader_target)?
            .try_with_min_decision_rights(r.min_decision_rights)
            .map(|p| p.with_level(r.level))
    }
}

#[cfg(feature = "serde")]
impl From<SpreadPolicy> for RawSpreadPolicy {
    fn from(p: SpreadPolicy) -> Self {
        RawSpreadPolicy {
            leader_target: p.leader_target,
            min_decision_rights: p.min_decision_rights,
            level: p.level,
        }
    }
}

/// A judged leadership-spread survey.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpreadReport {
    leaders: (Interval, TargetStatus),
    decision_rights: (Interval, TargetStatus),
    findings: [bool; 2],
}

impl SpreadReport {
    /// The self-described leader share's interval (in percent) against the leader target.
    pub const fn leaders(&self) -> (Interval, TargetStatus) {
        self.leaders
    }

    /// The decision-rights share's interval (in percent) against the minimum.
    pub const fn decision_rights(&self) -> (Interval, TargetStatus) {
        self.decision_rights
    }

    /// The findings, in declaration order.
    pub fn findings(&self) -> impl Iterator<Item = SpreadFinding> + '_ {
        [SpreadFinding::PowerAtTheTop, SpreadFinding::InformalLeaders]
            .into_iter()
            .zip(self.findings)
            .filter_map(|(f, on)| on.then_some(f))
    }
}

named_enum! {
    /// The outcome of a hiring screen. Ordered from the firmest rejection to a plain hire.
    #[derive(PartialOrd, Ord)]
    pub enum HiringDecision as "hiring decision",
        expecting "one of: reject_on_attitude, reject_on_skill, hire_and_train, hire"
    {
        /// The attitude score is below the screen's minimum. No skill score changes this: the
        /// screen looks at attitude first.
        RejectOnAttitude,
        /// The attitude is good enough but the skill score is below the screen's minimum: more
        /// to learn than training in the role is set up to cover.
        RejectOnSkill,
        /// Both minimums are met, and the skill score is below the level for working without
        /// training: hire, with a training plan.
        HireAndTrain,
        /// Both minimums are met and the skill score is at or above the level for working
        /// without training.
        Hire,
    }
}

impl HiringDecision {
    /// Whether the candidate is turned down (on attitude or on skill).
    pub const fn is_reject(self) -> bool {
        matches!(
            self,
            HiringDecision::RejectOnAttitude | HiringDecision::RejectOnSkill
        )
    }
}

/// A candidate screened on skill and on attitude (a pro-customer orientation), each a 0–100
/// score from whatever assessment the employer uses.
///
/// The brief asks for attitude to be screened alongside skill, because attitude is stable in
/// adults, and for a poor attitude always to reject. The rest of the rule is this crate's:
///
/// - attitude below `min_attitude`: [`HiringDecision::RejectOnAttitude`], whatever the skill;
/// - otherwise skill below `min_skill`: [`HiringDecision::RejectOnSkill`];
/// - otherwise skill below `ready_skill`: [`HiringDecision::HireAndTrain`];
/// - otherwise [`HiringDecision::Hire`].
///
/// All three bars are inclusive (a score at a bar meets it) and may be set in any order: a
/// `min_skill` at or above `ready_skill` leaves no hire-and-train band. The defaults are the
/// crate's: attitude 70, skill 30 to be trainable and 60 to start without training.
///
/// # Examples
///
/// ```
/// use service_quality::Score;
/// use service_quality::team::{HiringDecision, HiringScreen};
///
/// let screen = HiringScreen::default();
/// let s = |v| Score::new(v);
/// assert_eq!(screen.decide(s(98.0)?, s(35.0)?), HiringDecision::RejectOnAttitude);
/// assert_eq!(screen.decide(s(40.0)?, s(85.0)?), HiringDecision::HireAndTrain);
/// assert_eq!(screen.decide(s(10.0)?, s(95.0)?), HiringDecision::RejectOnSkill);
///
/// let no_training = screen.with_min_skill(s(60.0)?);
/// assert_eq!(no_training.decide(s(40.0)?, s(85.0)?), HiringDecision::RejectOnSkill);
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct HiringScreen {
    min_attitude: Score,
    min_skill: Score,
    ready_skill: Score,
}

impl HiringScreen {
    /// The same screen with another attitude minimum.
    pub const fn with_min_attitude(self, bar: Score) -> Self {
        HiringScreen {
            min_attitude: bar,
            ..self
        }
    }

    /// The same screen with another skill minimum (below it, a candidate is rejected).
    pub const fn with_min_skill(self, bar: Score) -> Self {
        HiringScreen {
            min_skill: bar,
            ..self
        }
    }

    /// The same screen with another skill level for starting without training.
    pub const fn with_ready_skill(self, bar: Score) -> Self {
        HiringScreen {
            ready_skill: bar,
            ..self
        }
    }

    /// The attitude minimum.
    pub const fn min_attitude(&self) -> Score {
        self.min_attitude
    }

    /// The skill minimum.
    pub const fn min_skill(&self) -> Score {
        self.min_skill
    }

    /// The skill level for starting without training.
    pub const fn ready_skill(&self) -> Score {
        self.ready_skill
    }

    /// The decision for a candidate with these skill and attitude scores (see the rule above).
    pub fn decide(&self, skill: Score, attitude: Score) -> HiringDecision {
        if attitude < self.min_attitude {
            HiringDecision::RejectOnAttitude
        } else if skill < self.min_skill {
            HiringDecision::RejectOnSkill
        } else if skill < self.ready_skill {
            HiringDecision::HireAndTrain
        } else {
            HiringDecision::Hire
        }
    }
}

impl Default for HiringScreen {
    /// Attitude minimum 70, skill minimum 30, ready skill 60.
    fn default() -> Self {
        HiringScreen {
            min_attitude: Score::from_const(70.0),
            min_skill: Score::from_const(30.0),
            ready_skill: Score::from_const(60.0),
        }
    }
}

named_enum! {
    /// What a team sees its leader do: the visible habits the tone of a team is copied from.
    #[derive(enum_map::Enum)]
    pub enum VisibleHabit as "visible habit", expecting "one of: greets, smiles, available" {
        /// Greets the team, and customers, by name and first.
        Greets,
        /// Smiles and is pleasant to be around, on a good day and a bad one.
        Smiles,
        /// Is on the floor and can be approached, rather than shut in an office.
        Available,
    }
}

/// Leading by example: whether a leader is seen greeting, smiling and available.
///
/// The brief's point is that the tone a leader sets is the tone the team passes on to
/// customers. This record holds what an observer saw; the leader sets the tone when all three
/// were seen (the crate's rule: each one missing is a gap the team will copy).
///
/// # Examples
///
/// ```
/// use service_quality::team::{LeadingByExample, VisibleHabit};
///
/// let seen = LeadingByExample::from_seen([VisibleHabit::Greets, VisibleHabit::Smiles]);
/// assert!(!seen.sets_the_tone());
/// assert_eq!(seen.missing().collect::<Vec<_>>(), [VisibleHabit::Available]);
/// assert!(LeadingByExample::from_seen([VisibleHabit::Greets, VisibleHabit::Smiles, VisibleHabit::Available])
///     .sets_the_tone());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct LeadingByExample {
    seen: EnumMap<VisibleHabit, bool>,
}

impl LeadingByExample {
    /// A record with the given behaviours seen.
    pub fn from_seen(seen: impl IntoIterator<Item = VisibleHabit>) -> Self {
        LeadingByExample { seen: flags(seen) }
    }

    /// Whether `example` was seen.
    pub fn seen(&self, example: VisibleHabit) -> bool {
        self.seen[example]
    }

    /// The behaviours not seen, in declaration order.
    pub fn missing(&self) -> impl Iterator<Item = VisibleHabit> + '_ {
        unset(&self.seen)
    }

    /// Whether all three were seen.
    pub fn sets_the_tone(&self) -> bool {
        self.missing().next().is_none()
    }
}
