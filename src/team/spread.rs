//! How widely leadership is spread through an organisation, people who lead without formal
//! authority, and elitism: power kept at the top, leadership taken for a job title, and not
//! everyone seen as a potential leader.
//!
//! From the source: an organisation grows as more people lead and make decisions (in one
//! admired company about half the staff describe themselves as leaders); people without formal
//! authority should be encouraged to lead anyway; and elitism stifles empowerment, whether as
//! power kept by a few, as leadership taken to come with a title, or as only some people being
//! seen as potential leaders. This crate's own: measuring each of these as a survey share with
//! a Wilson interval, raising a finding only when the interval is clear of the policy's limit,
//! and every default limit in [`SpreadPolicy`].

use enum_map::EnumMap;

use super::fraction;
use crate::metrics::{Interval, Level, wilson};
use crate::scoring::flags::set;
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
/// a target (one admired company in the source has about half its staff describe themselves as
/// leaders, so this crate's default target is 0.5).
///
/// A survey can also record, each optionally: staff who lead without formal authority
/// ([`try_with_informal_leaders`](DistributedLeadership::try_with_informal_leaders)), staff
/// who take leadership to come with a job title
/// ([`try_with_leadership_as_title`](DistributedLeadership::try_with_leadership_as_title)),
/// and staff who are treated as potential leaders
/// ([`try_with_seen_as_potential_leaders`](DistributedLeadership::try_with_seen_as_potential_leaders)).
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
    leadership_as_title: Option<u32>,
    seen_as_potential_leaders: Option<u32>,
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
            leadership_as_title: None,
            seen_as_potential_leaders: None,
        })
    }

    /// The same survey, recording how many staff lead without formal authority: they see
    /// themselves as leaders (and act as such) but hold no decision rights. The source asks for
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

    /// The same survey, recording how many staff take leadership to come with a job title
    /// ("leading is for managers"): one face of elitism in the source.
    ///
    /// # Errors
    ///
    /// [`Error::Inconsistent`] when `count` exceeds the staff surveyed.
    ///
    /// ```
    /// use service_quality::team::DistributedLeadership;
    ///
    /// let d = DistributedLeadership::new(200, 64, 90)?.try_with_leadership_as_title(120)?;
    /// assert_eq!(d.leadership_as_title(), Some(120));
    /// assert_eq!(
    ///     DistributedLeadership::new(200, 64, 90)?
    ///         .try_with_leadership_as_title(201)
    ///         .unwrap_err()
    ///         .to_string(),
    ///     "staff who take leadership for a title is 201, expected at most the staff surveyed, 200"
    /// );
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn try_with_leadership_as_title(self, count: u32) -> Result<Self> {
        Ok(DistributedLeadership {
            leadership_as_title: Some(
                self.at_most_surveyed("staff who take leadership for a title", count)?,
            ),
            ..self
        })
    }

    /// How many staff take leadership to come with a title, if the survey asked.
    pub const fn leadership_as_title(&self) -> Option<u32> {
        self.leadership_as_title
    }

    /// The same survey, recording how many staff are treated as potential leaders (encouraged
    /// to lead, given the chance and the development). Not treating everyone so is one face of
    /// elitism in the source.
    ///
    /// # Errors
    ///
    /// [`Error::Inconsistent`] when `count` exceeds the staff surveyed.
    ///
    /// ```
    /// use service_quality::team::DistributedLeadership;
    ///
    /// let d = DistributedLeadership::new(200, 64, 90)?.try_with_seen_as_potential_leaders(70)?;
    /// assert_eq!(d.seen_as_potential_leaders(), Some(70));
    /// assert!(DistributedLeadership::new(20, 6, 9)?.try_with_seen_as_potential_leaders(21).is_err());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn try_with_seen_as_potential_leaders(self, count: u32) -> Result<Self> {
        Ok(DistributedLeadership {
            seen_as_potential_leaders: Some(
                self.at_most_surveyed("staff seen as potential leaders", count)?,
            ),
            ..self
        })
    }

    /// How many staff are treated as potential leaders, if the survey asked.
    pub const fn seen_as_potential_leaders(&self) -> Option<u32> {
        self.seen_as_potential_leaders
    }

    /// `count`, if it is at most the staff surveyed.
    fn at_most_surveyed(&self, field: &'static str, count: u32) -> Result<u32> {
        if count > self.surveyed {
            Err(Error::Inconsistent {
                field,
                value: count.to_string(),
                expected: format!("at most the staff surveyed, {}", self.surveyed),
            })
        } else {
            Ok(count)
        }
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

    /// Judges the survey under `policy`: each share against its target or limit, and the
    /// findings.
    pub fn evaluate(&self, policy: &SpreadPolicy) -> SpreadReport {
        let survey = self;
        let share = |k: u32, target: f64| judge(k, survey.surveyed, target, policy.level);
        let leaders = share(survey.see_themselves_as_leaders, policy.leader_target);
        let decision_rights = share(survey.hold_decision_rights, policy.min_decision_rights);
        let leadership_as_title = survey
            .leadership_as_title
            .map(|k| share(k, policy.max_leadership_as_title));
        let seen_as_potential_leaders = survey
            .seen_as_potential_leaders
            .map(|k| share(k, policy.min_seen_as_potential_leaders));
        let status = |judged: Option<(Interval, TargetStatus)>| judged.map(|(_, status)| status);
        let mut findings = EnumMap::default();
        findings[SpreadFinding::PowerAtTheTop] = decision_rights.1 == TargetStatus::Below;
        findings[SpreadFinding::LeadershipTakenForATitle] =
            status(leadership_as_title) == Some(TargetStatus::Above);
        findings[SpreadFinding::NotEveryoneAPotentialLeader] =
            status(seen_as_potential_leaders) == Some(TargetStatus::Below);
        findings[SpreadFinding::InformalLeaders] =
            survey.lead_without_authority.is_some_and(|n| n > 0);
        SpreadReport {
            leaders,
            decision_rights,
            leadership_as_title,
            seen_as_potential_leaders,
            findings,
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    leadership_as_title: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    seen_as_potential_leaders: Option<u32>,
}

#[cfg(feature = "serde")]
impl TryFrom<RawDistributed> for DistributedLeadership {
    type Error = Error;

    fn try_from(r: RawDistributed) -> Result<Self> {
        let mut survey = DistributedLeadership::new(
            r.surveyed,
            r.see_themselves_as_leaders,
            r.hold_decision_rights,
        )?;
        if let Some(count) = r.lead_without_authority {
            survey = survey.try_with_informal_leaders(count)?;
        }
        if let Some(count) = r.leadership_as_title {
            survey = survey.try_with_leadership_as_title(count)?;
        }
        match r.seen_as_potential_leaders {
            Some(count) => survey.try_with_seen_as_potential_leaders(count),
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
            leadership_as_title: d.leadership_as_title,
            seen_as_potential_leaders: d.seen_as_potential_leaders,
        }
    }
}

named_enum! {
    /// What a leadership-spread survey shows beyond its two shares. The first three are the
    /// faces of elitism the source warns about.
    #[non_exhaustive]
    #[derive(enum_map::Enum)]
    pub enum SpreadFinding as "leadership spread finding",
        expecting "one of: power_at_the_top, leadership_taken_for_a_title, \
                   not_everyone_a_potential_leader, informal_leaders"
    {
        /// Power kept at the top (elitism): the share of staff with decision rights is below
        /// the policy's minimum, beyond sampling doubt.
        PowerAtTheTop,
        /// Leadership taken for a job title (elitism): more staff than the policy allows say
        /// leading comes with a title, beyond sampling doubt.
        LeadershipTakenForATitle,
        /// Not everyone seen as a potential leader (elitism): fewer staff than the policy's
        /// minimum are encouraged and developed to lead, beyond sampling doubt.
        NotEveryoneAPotentialLeader,
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
            SpreadFinding::LeadershipTakenForATitle => {
                "Many staff think leading comes with a job title. Say plainly that anyone can \
                 lead where they stand, and point to people without a title who already do."
            }
            SpreadFinding::NotEveryoneAPotentialLeader => {
                "Few staff are treated as potential leaders. Offer the chances to lead, and the \
                 development that goes with them, to everyone rather than a chosen few."
            }
            SpreadFinding::InformalLeaders => {
                "Some staff lead without formal authority. Encourage them to keep leading, \
                 recognise it, and consider giving them the authority to match."
            }
        }
    }

    /// Whether the finding is a warning (something to fix) rather than something to build on.
    pub const fn is_warning(self) -> bool {
        !matches!(self, SpreadFinding::InformalLeaders)
    }
}

/// How a [`DistributedLeadership`] survey is judged: the target share of self-described
/// leaders, the minimum share of staff with decision rights below which power is kept at the
/// top, the largest share who may take leadership for a title, the minimum share treated as
/// potential leaders, and the confidence level of the intervals.
///
/// The defaults are this crate's: a leader target of one half (the admired company in the
/// source has about half its staff describing themselves as leaders), a decision-rights minimum
/// of a quarter, at most a quarter taking leadership for a title, at least half treated as
/// potential leaders, and 95% intervals.
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
///
/// // Decision rights are spread, but leading is still taken for a title (120 of 200 say so)
/// // and few are treated as potential leaders (40 of 200).
/// let titled = DistributedLeadership::new(200, 64, 90)?
///     .try_with_leadership_as_title(120)?
///     .try_with_seen_as_potential_leaders(40)?;
/// let findings: Vec<SpreadFinding> = titled.evaluate(&SpreadPolicy::default()).findings().collect();
/// assert_eq!(
///     findings,
///     [SpreadFinding::LeadershipTakenForATitle, SpreadFinding::NotEveryoneAPotentialLeader]
/// );
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
    max_leadership_as_title: f64,
    min_seen_as_potential_leaders: f64,
    level: Level,
}

impl Default for SpreadPolicy {
    fn default() -> Self {
        SpreadPolicy {
            leader_target: DistributedLeadership::TARGET,
            min_decision_rights: 0.25,
            max_leadership_as_title: 0.25,
            min_seen_as_potential_leaders: 0.5,
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

    /// The same policy with another largest share of staff who may take leadership for a
    /// title before [`SpreadFinding::LeadershipTakenForATitle`] is raised.
    ///
    /// # Errors
    ///
    /// [`Error::ValueOutOfRange`] unless `share` is a fraction in 0..=1.
    ///
    /// ```
    /// use service_quality::team::SpreadPolicy;
    ///
    /// assert_eq!(SpreadPolicy::default().try_with_max_leadership_as_title(0.1)?.max_leadership_as_title(), 0.1);
    /// assert_eq!(
    ///     SpreadPolicy::default().try_with_max_leadership_as_title(-0.1).unwrap_err().to_string(),
    ///     "max_leadership_as_title is -0.1, expected a fraction in 0..=1"
    /// );
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn try_with_max_leadership_as_title(self, share: f64) -> Result<Self> {
        Ok(SpreadPolicy {
            max_leadership_as_title: fraction("max_leadership_as_title", share)?,
            ..self
        })
    }

    /// The same policy with another minimum share of staff treated as potential leaders,
    /// below which [`SpreadFinding::NotEveryoneAPotentialLeader`] is raised.
    ///
    /// # Errors
    ///
    /// [`Error::ValueOutOfRange`] unless `share` is a fraction in 0..=1.
    pub fn try_with_min_seen_as_potential_leaders(self, share: f64) -> Result<Self> {
        Ok(SpreadPolicy {
            min_seen_as_potential_leaders: fraction("min_seen_as_potential_leaders", share)?,
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

    /// The largest share of staff who may take leadership for a title.
    pub const fn max_leadership_as_title(&self) -> f64 {
        self.max_leadership_as_title
    }

    /// The minimum share of staff treated as potential leaders.
    pub const fn min_seen_as_potential_leaders(&self) -> f64 {
        self.min_seen_as_potential_leaders
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
    max_leadership_as_title: f64,
    min_seen_as_potential_leaders: f64,
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
            .try_with_min_decision_rights(r.min_decision_rights)?
            .try_with_max_leadership_as_title(r.max_leadership_as_title)?
            .try_with_min_seen_as_potential_leaders(r.min_seen_as_potential_leaders)
            .map(|p| p.with_level(r.level))
    }
}

#[cfg(feature = "serde")]
impl From<SpreadPolicy> for RawSpreadPolicy {
    fn from(p: SpreadPolicy) -> Self {
        RawSpreadPolicy {
            leader_target: p.leader_target,
            min_decision_rights: p.min_decision_rights,
            max_leadership_as_title: p.max_leadership_as_title,
            min_seen_as_potential_leaders: p.min_seen_as_potential_leaders,
            level: p.level,
        }
    }
}

/// A judged leadership-spread survey.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpreadReport {
    leaders: (Interval, TargetStatus),
    decision_rights: (Interval, TargetStatus),
    leadership_as_title: Option<(Interval, TargetStatus)>,
    seen_as_potential_leaders: Option<(Interval, TargetStatus)>,
    findings: EnumMap<SpreadFinding, bool>,
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

    /// The interval (in percent) of the share who take leadership for a title, against the
    /// policy's largest share; `None` when the survey did not ask.
    pub const fn leadership_as_title(&self) -> Option<(Interval, TargetStatus)> {
        self.leadership_as_title
    }

    /// The interval (in percent) of the share treated as potential leaders, against the
    /// policy's minimum; `None` when the survey did not ask.
    pub const fn seen_as_potential_leaders(&self) -> Option<(Interval, TargetStatus)> {
        self.seen_as_potential_leaders
    }

    /// The findings, in declaration order.
    pub fn findings(&self) -> impl Iterator<Item = SpreadFinding> + '_ {
        set(&self.findings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_face_of_elitism_is_a_warning_and_informal_leaders_are_not() {
        let warnings: Vec<SpreadFinding> =
            SpreadFinding::iter().filter(|f| f.is_warning()).collect();
        assert_eq!(
            warnings,
            [
                SpreadFinding::PowerAtTheTop,
                SpreadFinding::LeadershipTakenForATitle,
                SpreadFinding::NotEveryoneAPotentialLeader
            ]
        );
    }

    #[test]
    fn a_finding_needs_the_whole_interval_past_the_limit() {
        // 26 of 100 take leadership for a title: above a quarter, but not beyond doubt.
        let d = DistributedLeadership::new(100, 50, 50)
            .unwrap()
            .try_with_leadership_as_title(26)
            .unwrap();
        assert_eq!(d.evaluate(&SpreadPolicy::default()).findings().count(), 0);
        let d = d.try_with_leadership_as_title(45).unwrap();
        assert_eq!(
            d.evaluate(&SpreadPolicy::default())
                .findings()
                .collect::<Vec<_>>(),
            [SpreadFinding::LeadershipTakenForATitle]
        );
    }
}
