//! Hiring for attitude alongside skill.

use crate::scoring::Score;
use crate::scoring::macros::named_enum;

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
