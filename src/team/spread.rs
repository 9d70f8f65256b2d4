//! How widely leadership is spread through an organisation, people who lead without formal
//! authority, and power kept at the top.

use super::fraction;
use crate::metrics::{Interval, Level, wilson};
use crate::scoring::macros::named_enum;
use crate::scoring::{Error, Result};

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
                    value: count.to_string(),
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
                    value: count.to_string(),
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

    /// Judges the survey under `policy`: both shares against their targets, and the findings.
    pub fn evaluate(&self, policy: &SpreadPolicy) -> SpreadReport {
        let survey = self;
        let leaders = judge(
            survey.see_themselves_as_leaders,
            survey.surveyed,
            policy.leader_target,
            policy.level,
        );
        let decision_rights = judge(
            survey.hold_decision_rights,
            survey.surveyed,
            policy.min_decision_rights,
            policy.level,
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
/// let report = survey.evaluate(&SpreadPolicy::default());
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
