//! Hiring for attitude alongside skill.
//!
//! From the source: attitude is stable in adults, so a pro-customer orientation is screened
//! alongside skill. This crate's rules: a poor attitude always rejects, the skill minimum, the
//! hire-and-train band, and every default bar.

use crate::scoring::Score;
use crate::scoring::macros::named_enum;

named_enum! {
    /// The outcome of a hiring screen. Ordered from the firmest rejection to a plain hire.
    #[derive(PartialOrd, Ord)]
    pub enum HiringDecision as "hiring decision",
        expecting "one of: reject_on_attitude, reject_on_skill, hire_and_train, hire"
    {
        /// The attitude score is below the screen's minimum. No skill score changes this: the
        /// screen looks at attitude first (this crate's rule).
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

/// A candidate's skill and attitude scores, 0–100 each, from whatever assessment the team uses.
/// Evaluate it under a [`HiringScreen`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields)
)]
pub struct Candidate {
    skill: Score,
    attitude: Score,
}

impl Candidate {
    /// A candidate with these skill and attitude scores.
    pub const fn new(skill: Score, attitude: Score) -> Self {
        Candidate { skill, attitude }
    }

    /// The skill score.
    pub const fn skill(&self) -> Score {
        self.skill
    }

    /// The attitude score.
    pub const fn attitude(&self) -> Score {
        self.attitude
    }

    /// The decision for this candidate under `screen` (see [`HiringScreen`] for the rule).
    pub fn evaluate(&self, screen: &HiringScreen) -> HiringDecision {
        if self.attitude < screen.min_attitude {
            HiringDecision::RejectOnAttitude
        } else if self.skill < screen.min_skill {
            HiringDecision::RejectOnSkill
        } else if self.skill < screen.ready_skill {
            HiringDecision::HireAndTrain
        } else {
            HiringDecision::Hire
        }
    }
}

/// A candidate screened on skill and on attitude (a pro-customer orientation), each a 0–100
/// score from whatever assessment the employer uses.
///
/// Attitude is screened alongside skill because attitude is stable in adults (the source).
/// The decision rule is this crate's, including that a poor attitude always rejects:
///
/// - attitude below `min_attitude`: [`HiringDecision::RejectOnAttitude`], whatever the skill;
/// - otherwise skill below `min_skill`: [`HiringDecision::RejectOnSkill`];
/// - otherwise skill below `ready_skill`: [`HiringDecision::HireAndTrain`];
/// - otherwise [`HiringDecision::Hire`].
///
/// All three bars are inclusive (a score at a bar meets it) and may be set in any order: a
/// `min_skill` at or above `ready_skill` leaves no hire-and-train band. The defaults are this
/// crate's defaults: attitude 70, skill 30 to be trainable and 60 to start without training.
///
/// # Examples
///
/// ```
/// use service_quality::Score;
/// use service_quality::team::{Candidate, HiringDecision, HiringScreen};
///
/// let screen = HiringScreen::default();
/// let candidate = |skill, attitude| Ok::<_, service_quality::Error>(Candidate::new(
///     Score::new(skill)?,
///     Score::new(attitude)?,
/// ));
/// assert_eq!(candidate(98.0, 35.0)?.evaluate(&screen), HiringDecision::RejectOnAttitude);
/// assert_eq!(candidate(40.0, 85.0)?.evaluate(&screen), HiringDecision::HireAndTrain);
/// assert_eq!(candidate(10.0, 95.0)?.evaluate(&screen), HiringDecision::RejectOnSkill);
///
/// let no_training = screen.with_min_skill(Score::new(60.0)?);
/// assert_eq!(candidate(40.0, 85.0)?.evaluate(&no_training), HiringDecision::RejectOnSkill);
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
}

impl Default for HiringScreen {
    /// Attitude minimum 70, skill minimum 30, ready skill 60 (this crate's defaults).
    fn default() -> Self {
        HiringScreen {
            min_attitude: Score::from_const(70.0),
            min_skill: Score::from_const(30.0),
            ready_skill: Score::from_const(60.0),
        }
    }
}
