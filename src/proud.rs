//! PROUD: five principles every service interaction should show.
//!
//! PROUD stands for **P**olite and professional, **R**espect, **O**wnership, **U**nderstanding
//! and **D**eliver. An observer watches a real interaction (at a counter, on the phone, in a
//! chat) and rates each principle; the crate turns those ratings into a verdict. The same gauge
//! fits any sector, role or seniority, and works for rating one's own conduct too.
//!
//! The acronym comes from customer-service training practice. The source spells out only the P
//! ("polite and professional") and describes the other behaviours through the failures they
//! prevent; the words behind R, O, U and D, which failure belongs to which letter, and every
//! description here are this crate's own reading, and the scoring rules below are the crate's
//! defaults, not the source's.
//!
//! # Scoring
//!
//! By default ([`ProudPolicy::default`]):
//!
//! - each principle is rated on 1 to 5 and normalised to `100 * (r - 1) / 4`;
//! - the overall score is the equally weighted mean;
//! - **the first hurdle**: Polite-and-professional is a critical item with a pass mark of 50.
//!   Below it the assessment fails at the first hurdle: its band is
//!   [`Band::Poor`], its overall score is capped at P's score however good the
//!   rest is, and the coaching focus is P. The source describes the first hurdle as having a
//!   large effect on the customer, who switches to a coping mode, [`CopingReaction::Fight`] or
//!   [`CopingReaction::Flight`]; the cap is how the crate makes that dominate the verdict;
//! - bands: 85 and above excellent, 70 good, 50 needs improvement, below that poor;
//! - otherwise the coaching focus is the weakest principle, ties going to the earlier letter
//!   (none when all five have full marks);
//! - no principle may be answered N/A; a policy may allow it (say, D when nothing needed
//!   delivering), and the principle then leaves the mean.
//!
//! Scale, weights, pass marks, N/A and bands can all be changed through [`ProudPolicy`], the
//! generic [`Policy`] over the five principles.
//!
//! # Examples
//!
//! ```
//! use service_quality::{Band, Scale};
//! use service_quality::proud::{Assessment, FirstHurdle, Principle, ProudPolicy};
//!
//! let assessment = Assessment::from_array(Scale::ONE_TO_FIVE, [4, 5, 3, 4, 2])?;
//! let verdict = assessment.evaluate(&ProudPolicy::default())?;
//!
//! assert_eq!(verdict.overall().map(|s| s.get()), Some(65.0));
//! assert_eq!(verdict.band(), Some(Band::NeedsImprovement));
//! assert_eq!(verdict.focus(), Some(Principle::Deliver));
//! assert_eq!(verdict.first_hurdle(), FirstHurdle::Passed);
//! # Ok::<(), service_quality::Error>(())
//! ```

use crate::scoring::macros::{dimension_enum, named_enum};
use crate::scoring::{Band, Policy, Rating, Ratings, Result, Scale, Score, Scorecard};

dimension_enum! {
    /// One of the five PROUD principles.
    ///
    /// The canonical text is the snake-case name (`polite_and_professional`, `respect`, ...).
    /// Parsing ignores ASCII case and also accepts the single letter (`P`, `r`) and the plain-words
    /// name (`polite and professional`).
    ///
    /// Principles have no `Ord`: P is the first hurdle, but R is not "more" than O. The declaration
    /// order, used for iteration and to break ties, is the order of the acronym.
    ///
    /// # Examples
    ///
    /// ```
    /// use service_quality::proud::Principle;
    ///
    /// assert_eq!("P".parse::<Principle>()?, Principle::PoliteAndProfessional);
    /// assert_eq!("Understanding".parse::<Principle>()?, Principle::Understanding);
    /// assert_eq!(Principle::Ownership.to_string(), "ownership");
    /// assert_eq!(Principle::Ownership.letter(), 'O');
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub enum Principle as "PROUD principle",
        expecting "one of: polite_and_professional, respect, ownership, understanding, deliver \
                       (or P, R, O, U, D)"
    {
        /// **P**: courteous and businesslike from the first moment. The first hurdle.
        #[strum(
            to_string = "polite_and_professional",
            serialize = "polite and professional",
            serialize = "p"
        )]
        PoliteAndProfessional(
            "Polite and professional",
            "Courtesy and professionalism from the first moment of contact. It is the first \
             hurdle: failing it has a large effect, and the customer switches to fight or \
             flight however good the rest is.",
        ),
        /// **R**: the customer matters and is never taken for granted.
        #[strum(to_string = "respect", serialize = "r")]
        Respect(
            "Respect",
            "Treating every customer as someone who matters and never taking their custom \
             for granted.",
        ),
        /// **O**: the issue is owned until it is resolved.
        #[strum(to_string = "ownership", serialize = "o")]
        Ownership(
            "Ownership",
            "Taking the customer's issue as one's own and seeing it through to a resolution, \
             without hand-offs that make the customer start again.",
        ),
        /// **U**: seek first to understand what the customer perceives, expects and faces.
        #[strum(to_string = "understanding", serialize = "u")]
        Understanding(
            "Understanding",
            "Seeking first to understand: the customer's perception, their expectation and \
             the reality they face, found out by listening.",
        ),
        /// **D**: deliver on the expectation, or manage it honestly, and follow up.
        #[strum(to_string = "deliver", serialize = "d")]
        Deliver(
            "Deliver",
            "Meeting the expectation that was set, or managing it honestly, and following up \
             afterwards.",
        ),
    }

    /// The PROUD default: 1–5 scale, equal weights, default bands and
    /// Polite-and-professional critical at [`FIRST_HURDLE`], capping the score when it fails.
    fn default_policy() -> Policy<Self> {
        Policy::new(Scale::ONE_TO_FIVE)
            .with_critical(Principle::PoliteAndProfessional, FIRST_HURDLE)
    }
}

impl Principle {
    /// The principle's letter in the acronym.
    pub const fn letter(self) -> char {
        match self {
            Principle::PoliteAndProfessional => 'P',
            Principle::Respect => 'R',
            Principle::Ownership => 'O',
            Principle::Understanding => 'U',
            Principle::Deliver => 'D',
        }
    }

    /// What the principle looks like when an observer sees it practised.
    pub const fn looks_like(self) -> &'static str {
        match self {
            Principle::PoliteAndProfessional => {
                "The customer is noticed straight away, greeted, smiled at and thanked; the tone \
                 stays courteous and businesslike throughout."
            }
            Principle::Respect => {
                "Care and attention that do not depend on who the customer is, and visible \
                 gratitude for their business."
            }
            Principle::Ownership => {
                "One person stays with the problem, brings in whoever else is needed and keeps \
                 the customer informed until it is solved."
            }
            Principle::Understanding => {
                "Questions and attentive listening come before answers, and the solution fits \
                 what this customer actually wants."
            }
            Principle::Deliver => {
                "Promises are kept, calls are returned, and when something cannot be done the \
                 customer hears why and what happens instead."
            }
        }
    }

    /// What its failure looks like to the customer.
    pub const fn failure_looks_like(self) -> &'static str {
        match self {
            Principle::PoliteAndProfessional => {
                "Rudeness or indifference, the customer left unacknowledged, or service handed \
                 out as though it were a favour."
            }
            Principle::Respect => {
                "Complacency: the customer is processed as routine, or made to feel they should \
                 be grateful to be served at all."
            }
            Principle::Ownership => {
                "\"Not my department\": the problem is passed along, the customer must explain \
                 it all again, or is left to sort it out alone."
            }
            Principle::Understanding => {
                "The customer gets what the agent thinks they ought to have, or whatever happens \
                 to be to hand, instead of what they asked for."
            }
            Principle::Deliver => {
                "Nothing happens: nothing delivered, no call back, and no word on why."
            }
        }
    }

    /// The common reason for service failing that this principle answers.
    pub const fn why_service_fails(self) -> &'static str {
        match self {
            Principle::PoliteAndProfessional => "bad manners and unprofessional conduct",
            Principle::Respect => "complacency and disrespect",
            Principle::Ownership => "nobody taking ownership of the problem",
            Principle::Understanding => "not understanding, or not caring, how people feel",
            Principle::Deliver => "not delivering and not following up",
        }
    }
}

/// The default first-hurdle pass mark: Polite-and-professional must score at least 50.
pub const FIRST_HURDLE: Score = Score::from_const(50.0);

/// A scoring policy for PROUD. Its default makes P critical (the first hurdle); see the
/// [module docs](self) for the rules and [`Policy`] for how to change them.
pub type ProudPolicy = Policy<Principle>;

/// A PROUD scorecard: the generic [`Scorecard`] over the five principles.
pub type ProudScorecard = Scorecard<Principle>;

named_enum! {
    /// A typical failure an observer or mystery shopper reports, and the principle it breaks.
    ///
    /// # Examples
    ///
    /// ```
    /// use service_quality::proud::{Principle, Scenario};
    ///
    /// assert_eq!(Scenario::NeverGotBackTo.principle(), Principle::Deliver);
    /// assert_eq!("passed_on_and_restarted".parse::<Scenario>()?.principle(), Principle::Ownership);
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    #[non_exhaustive]
    pub enum Scenario as "PROUD failure scenario",
        expecting "one of: not_acknowledged, treated_indifferently, wishes_ignored, \
                       never_got_back_to, passed_on_and_restarted"
    {
        /// Nobody smiled, said thank you or even acknowledged the customer.
        NotAcknowledged,
        /// The customer was dealt with indifferently, as one more item in a queue.
        TreatedIndifferently,
        /// The customer's wishes were ignored and they got what was available, not what they wanted.
        WishesIgnored,
        /// Someone promised to get back to the customer and never did.
        NeverGotBackTo,
        /// The customer was passed to someone else and had to start from the beginning.
        PassedOnAndRestarted,
    }
}

impl Scenario {
    /// The principle this failure breaks.
    pub const fn principle(self) -> Principle {
        match self {
            Scenario::NotAcknowledged => Principle::PoliteAndProfessional,
            Scenario::TreatedIndifferently => Principle::Respect,
            Scenario::WishesIgnored => Principle::Understanding,
            Scenario::NeverGotBackTo => Principle::Deliver,
            Scenario::PassedOnAndRestarted => Principle::Ownership,
        }
    }

    /// The scenario as a customer would tell it.
    pub const fn description(self) -> &'static str {
        match self {
            Scenario::NotAcknowledged => "Nobody smiled, said thank you or even noticed me.",
            Scenario::TreatedIndifferently => "I was handled as though I made no difference.",
            Scenario::WishesIgnored => {
                "They ignored what I asked for and gave me whatever they had."
            }
            Scenario::NeverGotBackTo => "They said they would get back to me, and never did.",
            Scenario::PassedOnAndRestarted => {
                "I was passed to someone else and had to explain it all again."
            }
        }
    }
}

named_enum! {
    /// How a customer copes once service has failed at the first hurdle.
    ///
    /// # Examples
    ///
    /// ```
    /// use service_quality::proud::CopingReaction;
    ///
    /// assert_eq!("flight".parse::<CopingReaction>()?, CopingReaction::Flight);
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub enum CopingReaction as "coping reaction",
        expecting "one of: fight, flight"
    {
        /// The customer turns assertive and has to justify themselves to get served.
        Fight,
        /// The customer gives up and walks away without what they came for.
        Flight,
    }
}

impl CopingReaction {
    /// What the reaction looks like, and what it costs.
    pub const fn description(self) -> &'static str {
        match self {
            CopingReaction::Fight => {
                "The customer becomes assertive and argues their case; the interaction turns \
                 into a contest they should never have had to enter."
            }
            CopingReaction::Flight => {
                "The customer leaves without what they came for, often without complaining, \
                 and rarely comes back."
            }
        }
    }
}

/// Whether an assessment cleared the first hurdle (Polite-and-professional).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(tag = "result", rename_all = "snake_case")
)]
pub enum FirstHurdle {
    /// P scored at or above its pass mark.
    Passed,
    /// P scored below its pass mark: the evaluation fails and P is the coaching focus; under the
    /// default rule the band is the lowest and the overall score is capped at P's.
    Failed {
        /// How the customer reacted, if the observer recorded it.
        reaction: Option<CopingReaction>,
    },
    /// No hurdle was tested: the policy does not make Polite-and-professional critical, or P was
    /// answered N/A where the policy allows it.
    NotApplied,
}

/// One observed interaction: the five ratings, and optionally how the customer was made to feel
/// overall and how they reacted.
///
/// The feeling is rated on the same scale as the principles and reported beside the verdict,
/// not blended into it: customers remember how they were made to feel, and an application may
/// want to compare that memory with the five behaviours that produced it.
///
/// # Examples
///
/// ```
/// use service_quality::Scale;
/// use service_quality::proud::{Assessment, CopingReaction, FirstHurdle, ProudPolicy};
///
/// let rude = Assessment::from_array(Scale::ONE_TO_FIVE, [1, 3, 4, 4, 4])?
///     .try_with_feeling(1)?
///     .with_reaction(CopingReaction::Flight);
/// let verdict = rude.evaluate(&ProudPolicy::default())?;
/// assert_eq!(
///     verdict.first_hurdle(),
///     FirstHurdle::Failed { reaction: Some(CopingReaction::Flight) }
/// );
/// assert_eq!(verdict.feeling().map(|f| f.get()), Some(0.0));
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Assessment {
    ratings: Ratings<Principle>,
    feeling: Option<Rating>,
    reaction: Option<CopingReaction>,
}

impl Assessment {
    /// An assessment of the given ratings, with no feeling or reaction recorded.
    pub const fn new(ratings: Ratings<Principle>) -> Self {
        Assessment {
            ratings,
            feeling: None,
            reaction: None,
        }
    }

    /// An assessment from the five ratings in P, R, O, U, D order.
    ///
    /// # Errors
    ///
    /// [`Error::RatingOutOfRange`](crate::Error::RatingOutOfRange) naming the first principle
    /// whose rating is off `scale`.
    ///
    /// ```
    /// use service_quality::Scale;
    /// use service_quality::proud::Assessment;
    ///
    /// assert!(Assessment::from_array(Scale::ONE_TO_FIVE, [5, 5, 5, 5, 5]).is_ok());
    /// assert_eq!(
    ///     Assessment::from_array(Scale::ONE_TO_FIVE, [5, 5, 5, 5, 9]).unwrap_err().to_string(),
    ///     "rating for 'deliver' is 9, expected a value in 1..=5"
    /// );
    /// ```
    #[inline]
    pub fn from_array(scale: Scale, ratings: [i64; 5]) -> Result<Self> {
        Ratings::from_array(scale, ratings).map(Assessment::new)
    }

    /// An assessment from five ratings or N/A (`None`) in P, R, O, U, D order. Whether N/A is
    /// acceptable for a principle is the policy's decision, checked when it is evaluated.
    ///
    /// # Errors
    ///
    /// As [`from_array`](Self::from_array).
    ///
    /// ```
    /// use service_quality::Scale;
    /// use service_quality::proud::{Assessment, Principle, ProudPolicy};
    ///
    /// // Nothing needed delivering.
    /// let a = Assessment::from_options(Scale::ONE_TO_FIVE, [Some(4), Some(5), Some(3), Some(4), None])?;
    /// let policy = ProudPolicy::default().with_not_applicable_allowed(Principle::Deliver, true);
    /// assert_eq!(a.evaluate(&policy)?.overall().map(|s| s.get()), Some(75.0));
    /// assert!(Assessment::from_options(Scale::ONE_TO_FIVE, [Some(9), None, None, None, None]).is_err());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    #[inline]
    pub fn from_options(scale: Scale, ratings: [Option<i64>; 5]) -> Result<Self> {
        Ratings::from_options(scale, ratings).map(Assessment::new)
    }

    /// Records how the customer was made to feel overall, on the ratings' scale.
    ///
    /// # Errors
    ///
    /// [`Error::RatingOutOfRange`](crate::Error::RatingOutOfRange) (field `feeling`) when `value`
    /// is off the scale.
    ///
    /// ```
    /// use service_quality::Scale;
    /// use service_quality::proud::Assessment;
    ///
    /// let a = Assessment::from_array(Scale::ONE_TO_FIVE, [4, 4, 4, 4, 4])?;
    /// assert!(a.try_with_feeling(5).is_ok());
    /// assert_eq!(
    ///     a.try_with_feeling(0).unwrap_err().to_string(),
    ///     "rating for 'feeling' is 0, expected a value in 1..=5"
    /// );
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn try_with_feeling(self, value: i64) -> Result<Self> {
        let scale = self.ratings.scale();
        let value = scale.check(Some("feeling"), value)?;
        Ok(Assessment {
            feeling: Some(Rating::on_scale(scale, value)),
            ..self
        })
    }

    /// Records the customer's coping reaction.
    pub const fn with_reaction(self, reaction: CopingReaction) -> Self {
        Assessment {
            reaction: Some(reaction),
            ..self
        }
    }

    /// The five ratings.
    pub const fn ratings(&self) -> &Ratings<Principle> {
        &self.ratings
    }

    /// The overall feeling, if recorded.
    pub const fn feeling(&self) -> Option<Rating> {
        self.feeling
    }

    /// The customer's coping reaction, if recorded.
    pub const fn reaction(&self) -> Option<CopingReaction> {
        self.reaction
    }

    /// Evaluates the assessment under `policy`.
    ///
    /// # Errors
    ///
    /// [`Error::ScaleMismatch`](crate::Error::ScaleMismatch) when the ratings are not on the
    /// policy's scale, and [`Error::InvalidAnswer`](crate::Error::InvalidAnswer) when a principle
    /// is N/A and the policy does not allow it there.
    ///
    /// ```
    /// use service_quality::Scale;
    /// use service_quality::proud::{Assessment, ProudPolicy};
    ///
    /// let a = Assessment::from_array(Scale::ONE_TO_FIVE, [4, 5, 3, 4, 2])?;
    /// assert!(a.evaluate(&ProudPolicy::default()).is_ok());
    /// let seven_point = ProudPolicy::default().with_scale(Scale::ONE_TO_SEVEN);
    /// assert!(a.evaluate(&seven_point).is_err());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    #[inline]
    pub fn evaluate(&self, policy: &ProudPolicy) -> Result<Verdict> {
        let scorecard = self.ratings.evaluate(policy)?;
        let p = Principle::PoliteAndProfessional;
        let first_hurdle = match (policy.pass_mark(p), scorecard.score(p)) {
            (Some(_), Some(_)) if scorecard.failed(p) => FirstHurdle::Failed {
                reaction: self.reaction,
            },
            (Some(_), Some(_)) => FirstHurdle::Passed,
            _ => FirstHurdle::NotApplied,
        };
        Ok(Verdict {
            scorecard,
            first_hurdle,
            feeling: self.feeling.map(Rating::normalised),
        })
    }
}

/// The verdict on one [`Assessment`]: its scorecard, the first-hurdle outcome and the feeling.
///
/// Like [`Scorecard`], a verdict is derived data: it serialises but does not deserialise.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Verdict {
    scorecard: ProudScorecard,
    first_hurdle: FirstHurdle,
    feeling: Option<Score>,
}

impl Verdict {
    /// The full scorecard.
    pub const fn scorecard(&self) -> &ProudScorecard {
        &self.scorecard
    }

    /// The overall score (capped at P's score when the first hurdle failed under the default
    /// rule); `None` when every counted principle was N/A.
    pub const fn overall(&self) -> Option<Score> {
        self.scorecard.overall()
    }

    /// The band; `None` when there was nothing to score.
    pub const fn band(&self) -> Option<Band> {
        self.scorecard.band()
    }

    /// The principle to focus coaching on: P when the first hurdle failed (the coaching says
    /// what the verdict says), otherwise the weakest answered principle, ties to the earlier
    /// letter; `None` when nothing was answered or every counted principle has full marks.
    pub const fn focus(&self) -> Option<Principle> {
        self.scorecard.focus()
    }

    /// Whether the first hurdle was cleared.
    pub const fn first_hurdle(&self) -> FirstHurdle {
        self.first_hurdle
    }

    /// The overall feeling normalised to 0–100, if recorded.
    pub const fn feeling(&self) -> Option<Score> {
        self.feeling
    }
}

/// A running, mergeable summary of PROUD verdicts: the generic [`Summary`](crate::Summary) over the five
/// principles. Its critical failures are first-hurdle failures under the default policy.
///
/// # Examples
///
/// ```
/// use service_quality::{Band, Scale};
/// use service_quality::proud::{Assessment, Principle, ProudPolicy, ProudSummary};
///
/// let policy = ProudPolicy::default();
/// let mut monday = ProudSummary::new();
/// monday.add(&Assessment::from_array(Scale::ONE_TO_FIVE, [4, 5, 3, 4, 2])?.evaluate(&policy)?);
/// let mut tuesday = ProudSummary::new();
/// tuesday.add(&Assessment::from_array(Scale::ONE_TO_FIVE, [2, 5, 5, 5, 5])?.evaluate(&policy)?);
///
/// monday.merge(&tuesday);
/// assert_eq!(monday.count(), 2);
/// assert_eq!(monday.mean_overall().map(|s| s.get()), Some(45.0)); // (65 + 25) / 2
/// assert_eq!(monday.mean(Principle::Deliver).map(|s| s.get()), Some(62.5)); // (25 + 100) / 2
/// assert_eq!(monday.band_count(Band::Poor), 1);
/// assert_eq!(monday.critical_failures(), 1);
/// assert_eq!(monday.weakest(), Some(Principle::PoliteAndProfessional));
/// # Ok::<(), service_quality::Error>(())
/// ```
pub type ProudSummary = crate::scoring::Summary<Principle>;

impl crate::scoring::Scored<Principle> for Verdict {
    fn scorecard(&self) -> &ProudScorecard {
        &self.scorecard
    }
}

#[cfg(feature = "serde")]
mod serde_impls {
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::{Assessment, CopingReaction, Principle};
    use crate::scoring::dimension::{NamedPairs, RatingValues};
    use crate::scoring::{Ratings, Scale};

    /// `{"scale": {...}, "ratings": {"polite_and_professional": 4, ...}, "feeling": 4,
    /// "reaction": "fight"}`; `feeling` and `reaction` are left out when not recorded.
    impl Serialize for Assessment {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            #[derive(Serialize)]
            struct Form<'a> {
                scale: Scale,
                ratings: RatingValues<'a, Principle>,
                #[serde(skip_serializing_if = "Option::is_none")]
                feeling: Option<i32>,
                #[serde(skip_serializing_if = "Option::is_none")]
                reaction: Option<CopingReaction>,
            }
            Form {
                scale: self.ratings.scale(),
                ratings: RatingValues(&self.ratings),
                feeling: self.feeling.map(|f| f.get()),
                reaction: self.reaction,
            }
            .serialize(serializer)
        }
    }

    impl<'de> Deserialize<'de> for Assessment {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct Form {
                #[serde(default)]
                scale: Scale,
                ratings: NamedPairs<Principle, Option<i64>>,
                #[serde(default)]
                feeling: Option<i64>,
                #[serde(default)]
                reaction: Option<CopingReaction>,
            }
            let form = Form::deserialize(deserializer)?;
            let build = || {
                let mut assessment =
                    Assessment::new(Ratings::from_optional_pairs(form.scale, form.ratings.0)?);
                if let Some(feeling) = form.feeling {
                    assessment = assessment.try_with_feeling(feeling)?;
                }
                if let Some(reaction) = form.reaction {
                    assessment = assessment.with_reaction(reaction);
                }
                Ok::<_, crate::scoring::Error>(assessment)
            };
            build().map_err(D::Error::custom)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_spell_proud() {
        let word: String = Principle::iter().map(Principle::letter).collect();
        assert_eq!(word, "PROUD");
    }

    #[test]
    fn every_principle_parses_from_its_letter_in_either_case() {
        for p in Principle::iter() {
            let upper = p.letter().to_string();
            assert_eq!(upper.parse::<Principle>().unwrap(), p);
            assert_eq!(upper.to_lowercase().parse::<Principle>().unwrap(), p);
        }
    }

    #[test]
    fn every_principle_has_a_scenario() {
        for p in Principle::iter() {
            assert!(
                Scenario::iter().any(|s| s.principle() == p),
                "{p} has no scenario"
            );
        }
    }

    #[test]
    fn texts_are_present_and_distinct() {
        let mut seen = std::collections::HashSet::new();
        for p in Principle::iter() {
            for text in [
                p.name(),
                p.description(),
                p.looks_like(),
                p.failure_looks_like(),
                p.why_service_fails(),
            ] {
                assert!(!text.is_empty());
                assert!(seen.insert(text), "repeated text: {text}");
            }
        }
    }

    #[test]
    fn unknown_principle_message_lists_what_is_accepted() {
        let err = "x".parse::<Principle>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown PROUD principle 'x', expected one of: polite_and_professional, respect, \
             ownership, understanding, deliver (or P, R, O, U, D)"
        );
    }

    #[test]
    fn without_p_critical_the_hurdle_is_not_applied() {
        let policy = ProudPolicy::default()
            .without_critical(Principle::PoliteAndProfessional)
            .with_critical(Principle::Deliver, Score::from_const(50.0));
        let v = Assessment::from_array(Scale::ONE_TO_FIVE, [1, 5, 5, 5, 1])
            .unwrap()
            .evaluate(&policy)
            .unwrap();
        assert_eq!(v.first_hurdle(), FirstHurdle::NotApplied);
        assert!(v.scorecard().critical_failed());
        assert_eq!(v.focus(), Some(Principle::Deliver));
    }

    #[test]
    fn a_failed_first_hurdle_coaches_p_even_when_another_principle_is_weaker() {
        // P = 25 fails; D = 0 is weaker, but the verdict and the coaching must agree.
        let v = Assessment::from_array(Scale::ONE_TO_FIVE, [2, 5, 5, 5, 1])
            .unwrap()
            .evaluate(&ProudPolicy::default())
            .unwrap();
        assert!(matches!(v.first_hurdle(), FirstHurdle::Failed { .. }));
        assert_eq!(v.focus(), Some(Principle::PoliteAndProfessional));
    }

    #[test]
    fn an_na_p_tests_no_hurdle() {
        let policy = ProudPolicy::default()
            .with_not_applicable_allowed(Principle::PoliteAndProfessional, true);
        let a = Assessment::from_options(
            Scale::ONE_TO_FIVE,
            [None, Some(5), Some(5), Some(5), Some(5)],
        )
        .unwrap();
        let v = a.evaluate(&policy).unwrap();
        assert_eq!(v.first_hurdle(), FirstHurdle::NotApplied);
        assert_eq!(v.overall(), Some(Score::MAX));
    }
}
