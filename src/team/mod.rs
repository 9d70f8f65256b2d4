//! The team behind the service: climate, empowerment, discretionary effort, distributed
//! leadership and hiring.
//!
//! A team delivers great service when its people **believe** in the organisation and what it
//! offers, **belong** (know their place and importance, and are empowered to act) and are
//! **supported** (feel valued by management and colleagues). Money motivates, but it is never
//! enough on its own. How a team treats customers mirrors how the team is treated, which is why
//! [`reflection`] sets climate beside customer scores.
//!
//! Discretionary effort, the extra that people may give or hold back, is drawn out by a
//! pro-customer purpose stressed from a person's first day and by real empowerment
//! ([`EffortDriver`]). A [`ClimateSurvey`] takes both, and [`ClimateReport::holding_back`] names
//! whichever falls short.
//!
//! # Where each rule comes from
//!
//! From the source (the articles this crate's models were written from):
//!
//! - the three conditions, believe, belong and supported ([`Climate`]), and that money alone is
//!   never enough;
//! - that overturning a decision a staff member made in good faith for a customer is among the
//!   worst things a manager can do ([`Overturned`]);
//! - that discretionary effort is drawn out by a purpose stressed from the first day and by real
//!   empowerment ([`EffortDriver`]);
//! - that power kept at the top (elitism) stifles empowerment, and that elitism also shows as
//!   leadership taken for a job title and as not seeing everyone as a potential leader; that an
//!   organisation grows as more people lead (in one admired company about half the staff call
//!   themselves leaders), and that people without formal authority should lead anyway
//!   ([`DistributedLeadership`]);
//! - that a leader seen greeting, smiling and available sets the tone the team passes on
//!   ([`LeadingByExample`]);
//! - that attitude is stable in adults, so it is screened alongside skill ([`HiringScreen`]);
//! - that how a team is treated is how it treats customers.
//!
//! This crate's own:
//!
//! - scoring the conditions and drivers on a rating scale, and every threshold in
//!   [`ClimatePolicy`], [`SpreadPolicy`] and [`HiringScreen`] (this crate's defaults);
//! - that a single good-faith overturn warns by default, and other overturns above a share;
//! - that discretionary effort also needs believe, belong and supported (this crate's
//!   synthesis: the source ties effort to purpose and empowerment), with one bar for all five;
//! - measuring the spread of leadership and elitism by survey shares judged beyond sampling
//!   doubt;
//! - that a leader sets the tone only when all three habits are seen;
//! - that a poor attitude always rejects whatever the skill, the skill minimum and the
//!   hire-and-train band;
//! - measuring the mirror between team and customers as a correlation ([`reflection`]).
//!
//! # Examples
//!
//! ```
//! use service_quality::{Ratings, Scale};
//! use service_quality::team::{
//!     Climate, ClimatePolicy, ClimateSurvey, ClimateWarning, DiscretionaryEffort,
//!     EffortDriver, EffortFactor, EmpowermentSignals, Overturned,
//! };
//!
//! let ratings = Ratings::<Climate>::from_array(Scale::ONE_TO_FIVE, [4, 3, 2])?;
//! // Purpose stressed from day one (5), but decisions rarely left to staff (2).
//! let drivers = Ratings::<EffortDriver>::from_array(Scale::ONE_TO_FIVE, [5, 2])?;
//! // 12 decisions for customers: 1 overturned although made in good faith, 2 for other reasons.
//! let overturned = Overturned { in_good_faith: 1, other: 2 };
//! let signals = EmpowermentSignals::new(12, overturned, 20, 14, 0.25)?;
//! let survey = ClimateSurvey::new(ratings, drivers, signals);
//! let report = survey.evaluate(&ClimatePolicy::default())?;
//! assert_eq!(report.scorecard().overall().map(|s| s.get()), Some(50.0));
//! assert_eq!(report.scorecard().focus(), Some(Climate::Supported));
//! let warnings: Vec<ClimateWarning> = report.warnings().collect();
//! assert_eq!(
//!     warnings,
//!     [ClimateWarning::GoodFaithDecisionOverturned, ClimateWarning::DecisionsOverturned]
//! );
//! assert_eq!(report.discretionary_effort(), DiscretionaryEffort::HeldBack);
//! // The source's driver first, then the climate conditions below the bar, weakest first.
//! assert_eq!(
//!     report.holding_back().collect::<Vec<_>>(),
//!     [EffortFactor::Empowerment, EffortFactor::Supported, EffortFactor::Belong]
//! );
//! # Ok::<(), service_quality::Error>(())
//! ```

mod example;
mod hiring;
mod spread;

pub use example::{LeadingByExample, VisibleHabit};
pub use hiring::{Candidate, HiringDecision, HiringScreen};
pub use spread::{DistributedLeadership, SpreadFinding, SpreadPolicy, SpreadReport, TargetStatus};

use enum_map::EnumMap;

use crate::scoring::flags::set;
use crate::scoring::macros::{dimension_enum, named_enum};
use crate::scoring::{Error, Policy, Ratings, Result, Score, Scorecard};

dimension_enum! {
    /// One of the three conditions for a team that serves well (the source's three).
    pub enum Climate as "team climate dimension",
        expecting "one of: believe, belong, supported"
    {
        /// Staff believe in the organisation and in what it offers customers.
        Believe(
            "Believe",
            "Staff are convinced the organisation and its products deserve customers' trust, \
             so they can recommend them honestly.",
        ),
        /// Staff know their place and importance, and are empowered to act.
        Belong(
            "Belong",
            "Staff know where they fit, why their role matters, and that they may act for a \
             customer without asking first.",
        ),
        /// Staff feel valued by management and by colleagues.
        Supported(
            "Supported",
            "Staff feel valued, backed by their managers and helped by their colleagues.",
        ),
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
                    value: part.to_string(),
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
pub(super) fn fraction(field: &'static str, value: f64) -> Result<f64> {
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

dimension_enum! {
    /// What draws discretionary effort out, in the source: a pro-customer purpose stressed from
    /// a person's first day, and real empowerment. Staff rate each on the same scale as the
    /// [`Climate`] dimensions.
    ///
    /// Empowerment is rated here as staff experience it; the [`EmpowermentSignals`] record what
    /// managers do (decisions overturned, suggestions acted on), and warn on their own.
    ///
    /// # Examples
    ///
    /// ```
    /// use service_quality::team::EffortDriver;
    ///
    /// assert_eq!(EffortDriver::PurposeFromDayOne.key(), "purpose_from_day_one");
    /// assert_eq!("empowerment".parse::<EffortDriver>()?, EffortDriver::Empowerment);
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub enum EffortDriver as "discretionary effort driver",
        expecting "one of: purpose_from_day_one, empowerment"
    {
        /// A pro-customer purpose, stressed from the first day (the source).
        PurposeFromDayOne(
            "Purpose from day one",
            "From their first day, staff were told, and keep being shown, that the job is to do \
             right by customers.",
        ),
        /// Real empowerment (the source).
        Empowerment(
            "Real empowerment",
            "Staff may act for a customer on their own judgement, within known limits, and \
             their decisions stand.",
        ),
    }
}

named_enum! {
    /// Something discretionary effort depends on, as reported by
    /// [`ClimateReport::holding_back`]: the source's two drivers ([`EffortDriver`]), then the
    /// three climate conditions ([`Climate`]) that this crate's synthesis adds.
    ///
    /// # Examples
    ///
    /// ```
    /// use service_quality::team::{Climate, EffortDriver, EffortFactor};
    ///
    /// assert_eq!(EffortFactor::from(EffortDriver::Empowerment), EffortFactor::Empowerment);
    /// assert_eq!(EffortFactor::from(Climate::Belong).climate(), Some(Climate::Belong));
    /// assert!(EffortFactor::PurposeFromDayOne.is_from_source());
    /// assert!(!EffortFactor::Supported.is_from_source());
    /// ```
    #[non_exhaustive]
    pub enum EffortFactor as "discretionary effort factor",
        expecting "one of: purpose_from_day_one, empowerment, believe, belong, supported"
    {
        /// A pro-customer purpose stressed from the first day (the source's driver).
        PurposeFromDayOne,
        /// Real empowerment (the source's driver).
        Empowerment,
        /// Belief in the organisation and its offer (this crate's synthesis).
        Believe,
        /// Knowing one's place and importance (this crate's synthesis).
        Belong,
        /// Feeling valued (this crate's synthesis).
        Supported,
    }
}

impl EffortFactor {
    /// Whether the source ties discretionary effort to this factor (the two drivers), rather
    /// than this crate's synthesis (the three climate conditions).
    pub const fn is_from_source(self) -> bool {
        self.driver().is_some()
    }

    /// The driver this factor is, if it is one of the source's two.
    pub const fn driver(self) -> Option<EffortDriver> {
        match self {
            EffortFactor::PurposeFromDayOne => Some(EffortDriver::PurposeFromDayOne),
            EffortFactor::Empowerment => Some(EffortDriver::Empowerment),
            EffortFactor::Believe | EffortFactor::Belong | EffortFactor::Supported => None,
        }
    }

    /// The climate condition this factor is, if it is one of the three.
    pub const fn climate(self) -> Option<Climate> {
        match self {
            EffortFactor::Believe => Some(Climate::Believe),
            EffortFactor::Belong => Some(Climate::Belong),
            EffortFactor::Supported => Some(Climate::Supported),
            EffortFactor::PurposeFromDayOne | EffortFactor::Empowerment => None,
        }
    }

    /// What the shortfall means and what to do, for a team lead.
    pub const fn message(self) -> &'static str {
        match self {
            EffortFactor::PurposeFromDayOne => {
                "Staff do not hear from their first day that the job is about customers. Make \
                 the pro-customer purpose part of induction, and keep repeating it in how work \
                 is planned and praised."
            }
            EffortFactor::Empowerment => {
                "Staff do not feel free to act for customers. Agree what they may decide on \
                 their own, and let those decisions stand."
            }
            EffortFactor::Believe => {
                "Staff are not convinced by what they offer customers. Hear their doubts, fix \
                 what is fair, and explain the rest."
            }
            EffortFactor::Belong => {
                "Staff are unsure where they fit or why their role matters. Say what each role \
                 contributes, in words that build it up."
            }
            EffortFactor::Supported => {
                "Staff do not feel valued. Make time for them, notice good work, and back them \
                 when a customer is difficult."
            }
        }
    }
}

impl From<EffortDriver> for EffortFactor {
    fn from(driver: EffortDriver) -> Self {
        match driver {
            EffortDriver::PurposeFromDayOne => EffortFactor::PurposeFromDayOne,
            EffortDriver::Empowerment => EffortFactor::Empowerment,
        }
    }
}

impl From<Climate> for EffortFactor {
    fn from(climate: Climate) -> Self {
        match climate {
            Climate::Believe => EffortFactor::Believe,
            Climate::Belong => EffortFactor::Belong,
            Climate::Supported => EffortFactor::Supported,
        }
    }
}

named_enum! {
    /// Whether a team is likely to give discretionary effort: the work beyond the job
    /// description that people may give or hold back.
    ///
    /// In the source, a pro-customer purpose stressed from the first day and real empowerment
    /// draw it out ([`EffortDriver`]). Requiring believe, belong and supported as well is this
    /// crate's synthesis.
    pub enum DiscretionaryEffort as "discretionary effort", expecting "one of: given, held_back" {
        /// Both of the source's drivers and all three climate conditions reach the policy's
        /// effort bar.
        Given,
        /// At least one of them falls short: expect the job as described, and little beyond.
        /// [`ClimateReport::holding_back`] says which.
        HeldBack,
    }
}

/// One team's climate survey: its ratings of the three climate dimensions, its ratings of the
/// two [effort drivers](EffortDriver) on the same scale, and the empowerment signals over the
/// same period. Evaluate it under a [`ClimatePolicy`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct ClimateSurvey {
    ratings: Ratings<Climate>,
    drivers: Ratings<EffortDriver>,
    signals: EmpowermentSignals,
}

impl ClimateSurvey {
    /// A survey of climate `ratings`, effort `drivers` and `signals`, each already validated;
    /// [`evaluate`](ClimateSurvey::evaluate) checks that both sets of ratings are on the
    /// policy's scale.
    pub const fn new(
        ratings: Ratings<Climate>,
        drivers: Ratings<EffortDriver>,
        signals: EmpowermentSignals,
    ) -> Self {
        ClimateSurvey {
            ratings,
            drivers,
            signals,
        }
    }

    /// The climate ratings.
    pub const fn ratings(&self) -> &Ratings<Climate> {
        &self.ratings
    }

    /// The ratings of the two effort drivers.
    pub const fn drivers(&self) -> &Ratings<EffortDriver> {
        &self.drivers
    }

    /// The empowerment signals.
    pub const fn signals(&self) -> &EmpowermentSignals {
        &self.signals
    }

    /// Scores the climate ratings and the effort drivers, and checks the signals against
    /// `policy`.
    ///
    /// # Errors
    ///
    /// [`Error::ScaleMismatch`] when the climate ratings are not on the policy's scale (field
    /// `ratings`) or the drivers are not (field `effort drivers`), and
    /// [`Error::InvalidAnswer`] for a driver rated N/A: both drivers must be rated.
    ///
    /// ```
    /// use service_quality::{Ratings, Scale};
    /// use service_quality::team::{
    ///     Climate, ClimatePolicy, ClimateSurvey, ClimateWarning, DiscretionaryEffort,
    ///     EffortDriver, EmpowermentSignals, Overturned,
    /// };
    ///
    /// let ratings = Ratings::<Climate>::from_array(Scale::ONE_TO_FIVE, [5, 4, 4])?;
    /// let drivers = Ratings::<EffortDriver>::from_array(Scale::ONE_TO_FIVE, [5, 4])?;
    /// // One good-faith decision overturned out of fifty: enough for a warning.
    /// let signals = EmpowermentSignals::new(50, Overturned { in_good_faith: 1, other: 0 }, 8, 5, 0.3)?;
    /// let report = ClimateSurvey::new(ratings, drivers, signals).evaluate(&ClimatePolicy::default())?;
    /// assert_eq!(report.warnings().collect::<Vec<_>>(), [ClimateWarning::GoodFaithDecisionOverturned]);
    /// assert_eq!(report.discretionary_effort(), DiscretionaryEffort::Given);
    ///
    /// let on_seven = Ratings::<EffortDriver>::from_array(Scale::ONE_TO_SEVEN, [5, 4])?;
    /// let survey = ClimateSurvey::new(ratings, on_seven, signals);
    /// assert_eq!(
    ///     survey.evaluate(&ClimatePolicy::default()).unwrap_err().to_string(),
    ///     "scale of effort drivers is 1..=7, expected 1..=5"
    /// );
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn evaluate(&self, policy: &ClimatePolicy) -> Result<ClimateReport> {
        let (signals, scorecard) = (&self.signals, self.ratings.evaluate(&policy.scoring)?);
        let scale = policy.scoring.scale();
        if self.drivers.scale() != scale {
            return Err(Error::ScaleMismatch {
                field: "effort drivers",
                found: self.drivers.scale(),
                expected: scale,
            });
        }
        let drivers = self.drivers.evaluate(&Policy::new(scale))?;
        let mut warnings = EnumMap::default();
        warnings[ClimateWarning::GoodFaithDecisionOverturned] =
            signals.overturned.in_good_faith > policy.good_faith_overturns_tolerated;
        warnings[ClimateWarning::DecisionsOverturned] = signals
            .other_overturned_share()
            .is_some_and(|s| s > policy.max_other_overturned);
        warnings[ClimateWarning::SuggestionsIgnored] = signals
            .acted_on_share()
            .is_some_and(|s| s < policy.min_acted_on);
        warnings[ClimateWarning::ManagerUnavailable] =
            signals.manager_availability < policy.min_manager_availability;
        Ok(ClimateReport {
            scorecard,
            drivers,
            signals: *signals,
            warnings,
            effort_bar: policy.effort_bar,
        })
    }
}

/// How team climate is scored, and the limits beyond which the empowerment signals warn.
///
/// Every limit is validated when it is set, so every policy is valid. The defaults are this
/// crate's: a single good-faith overturn warns (the source counts overturning one among the
/// worst things a manager can do; warning on the first is this crate's default), other
/// overturns warn above 10% of decisions, suggestions below 30% acted on, the manager available
/// below 20% of the time, and discretionary effort needs each effort driver and each climate
/// dimension at 70 or more (the lower edge of the "good" band).
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
    /// The same policy with another scale and weights for the climate score. The effort
    /// drivers are rated on the same scale.
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

    /// The same policy with another bar each effort driver and each climate dimension must
    /// reach for [`DiscretionaryEffort::Given`].
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

    /// The bar each effort driver and each climate dimension must reach for discretionary
    /// effort.
    pub const fn effort_bar(&self) -> Score {
        self.effort_bar
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

/// A team's climate scorecard, its effort drivers, its empowerment signals, the warnings they
/// raise and whether discretionary effort is likely.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClimateReport {
    scorecard: Scorecard<Climate>,
    drivers: Scorecard<EffortDriver>,
    signals: EmpowermentSignals,
    warnings: EnumMap<ClimateWarning, bool>,
    effort_bar: Score,
}

impl ClimateReport {
    /// The climate scorecard (believe, belong, supported).
    pub const fn scorecard(&self) -> &Scorecard<Climate> {
        &self.scorecard
    }

    /// The effort drivers' scorecard (purpose from day one, empowerment), scored on the
    /// climate scale with equal weights.
    pub const fn drivers(&self) -> &Scorecard<EffortDriver> {
        &self.drivers
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
    /// when nothing is [holding it back](ClimateReport::holding_back).
    pub fn discretionary_effort(&self) -> DiscretionaryEffort {
        if self.holding_back().next().is_none() {
            DiscretionaryEffort::Given
        } else {
            DiscretionaryEffort::HeldBack
        }
    }

    /// What holds discretionary effort back: the source's drivers below the effort bar, then
    /// the climate dimensions below it (this crate's synthesis), weakest first within each.
    ///
    /// A good climate is not enough: a team that believes, belongs and feels supported but was
    /// never given a purpose from its first day is told so.
    ///
    /// ```
    /// use service_quality::{Ratings, Scale};
    /// use service_quality::team::{
    ///     Climate, ClimatePolicy, ClimateSurvey, DiscretionaryEffort, EffortDriver, EffortFactor,
    ///     EmpowermentSignals, Overturned,
    /// };
    ///
    /// let climate = Ratings::<Climate>::from_array(Scale::ONE_TO_FIVE, [5, 5, 5])?;
    /// let drivers = Ratings::<EffortDriver>::from_array(Scale::ONE_TO_FIVE, [1, 5])?;
    /// let signals = EmpowermentSignals::new(0, Overturned::default(), 0, 0, 0.5)?;
    /// let report = ClimateSurvey::new(climate, drivers, signals).evaluate(&ClimatePolicy::default())?;
    /// assert_eq!(report.discretionary_effort(), DiscretionaryEffort::HeldBack);
    /// assert_eq!(report.holding_back().collect::<Vec<_>>(), [EffortFactor::PurposeFromDayOne]);
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn holding_back(&self) -> impl Iterator<Item = EffortFactor> + use<> {
        let bar = self.effort_bar;
        let drivers = self
            .drivers
            .weakest_first()
            .filter(move |&(_, score)| score < bar)
            .map(|(d, _)| EffortFactor::from(d));
        let climate = self
            .scorecard
            .weakest_first()
            .filter(move |&(_, score)| score < bar)
            .map(|(c, _)| EffortFactor::from(c));
        drivers.chain(climate)
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
        crate::scoring::numeric::finite("customer score", customer)?;
    }
    let degenerate = |reason| Error::Degenerate {
        part: None,
        what: "climate-customer correlation",
        reason,
    };
    if teams.len() < 3 {
        return Err(degenerate("it needs at least three teams"));
    }
    let climate: Vec<f64> = teams.iter().map(|(c, _)| c.get()).collect();
    let customer: Vec<f64> = teams.iter().map(|&(_, y)| y).collect();
    crate::metrics::drivers::pearson_r(&climate, &customer)
        .ok_or_else(|| degenerate("one of the scores is the same for every team"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractions_are_checked_and_negative_zero_is_zero() {
        assert!(fraction("f", -0.0).unwrap().is_sign_positive());
        for bad in [-0.01, 1.01, f64::NAN, f64::NEG_INFINITY] {
            assert!(
                matches!(
                    fraction("f", bad),
                    Err(Error::ValueOutOfRange { field: "f", .. })
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn effort_factors_cover_the_drivers_then_the_climate_exactly_once() {
        let from_drivers = EffortDriver::iter().map(EffortFactor::from);
        let from_climate = Climate::iter().map(EffortFactor::from);
        let all: Vec<EffortFactor> = from_drivers.chain(from_climate).collect();
        assert_eq!(all, EffortFactor::ALL);
        for f in EffortFactor::iter() {
            assert_eq!(f.driver().is_some(), f.climate().is_none(), "{f}");
            assert_eq!(f.is_from_source(), f.driver().is_some(), "{f}");
            assert_eq!(
                f.driver().map(EffortFactor::from),
                f.is_from_source().then_some(f)
            );
        }
    }

    #[test]
    fn overturned_totals_do_not_overflow() {
        let all = Overturned {
            in_good_faith: u32::MAX,
            other: u32::MAX,
        };
        assert_eq!(all.total(), 2 * u64::from(u32::MAX));
        assert!(EmpowermentSignals::new(u32::MAX, all, 0, 0, 0.5).is_err());
    }
}
