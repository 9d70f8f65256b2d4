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
//! # Behaviour and system
//!
//! The source puts most service problems down to how people behave, and PROUD measures that
//! behaviour. The [breakdown](crate::breakdown) model's source adds that people are seldom the
//! root cause: a process, a rule, what the customer was shown or the product usually set the
//! behaviour up. Read a low PROUD score as "what happened", and a breakdown triage as "why";
//! [`Triage::behaviour_to_coach`](crate::breakdown::Triage::behaviour_to_coach) joins the two
//! once the system has been ruled out.
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
use crate::scoring::summary::ScoreSums;
use crate::scoring::{
    Band, Error, Interval, Level, Moments, Policy, Rating, Ratings, Result, Scale, Score,
    Scorecard, Summary,
};

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
        expecting "one of: not_acknowledged, treated_rudely, treated_indifferently, \
                       taken_for_granted, wishes_ignored, never_got_back_to, \
                       passed_on_and_restarted"
    {
        /// Nobody smiled, said thank you or even acknowledged the customer.
        NotAcknowledged,
        /// The customer was spoken to rudely.
        TreatedRudely,
        /// The customer was dealt with indifferently, as one more item in a queue. The source's
        /// own first-hurdle story is about this, so it breaks P, not R.
        TreatedIndifferently,
        /// The customer was taken for granted and made to feel they should be grateful to be
        /// served at all.
        TakenForGranted,
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
            Scenario::NotAcknowledged
            | Scenario::TreatedRudely
            | Scenario::TreatedIndifferently => Principle::PoliteAndProfessional,
            Scenario::TakenForGranted => Principle::Respect,
            Scenario::WishesIgnored => Principle::Understanding,
            Scenario::NeverGotBackTo => Principle::Deliver,
            Scenario::PassedOnAndRestarted => Principle::Ownership,
        }
    }

    /// Whether the scenario is a failure at the first hurdle: it breaks Polite-and-professional,
    /// the principle the source puts first (being ignored, or treated rudely or indifferently).
    ///
    /// ```
    /// use service_quality::proud::Scenario;
    ///
    /// assert!(Scenario::TreatedIndifferently.fails_first_hurdle());
    /// assert!(!Scenario::WishesIgnored.fails_first_hurdle());
    /// ```
    pub const fn fails_first_hurdle(self) -> bool {
        matches!(self.principle(), Principle::PoliteAndProfessional)
    }

    /// The scenario as a customer would tell it.
    pub const fn description(self) -> &'static str {
        match self {
            Scenario::NotAcknowledged => "Nobody smiled, said thank you or even noticed me.",
            Scenario::TreatedRudely => "They were rude to me.",
            Scenario::TreatedIndifferently => "I was handled as though I made no difference.",
            Scenario::TakenForGranted => {
                "They took me for granted, as though my business would always be there."
            }
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

/// The failure scenarios an observer recorded, each at most once, kept in declaration order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
struct Observed(u16);

// One bit per scenario: a seventeenth would need a wider set.
const _: () = assert!(Scenario::ALL.len() <= 16);

impl Observed {
    const fn with(self, scenario: Scenario) -> Self {
        Observed(self.0 | 1 << scenario as u16)
    }

    fn iter(self) -> impl Iterator<Item = Scenario> {
        Scenario::iter().filter(move |&s| self.0 & 1 << s as u16 != 0)
    }

    #[cfg_attr(
        not(feature = "serde"),
        allow(dead_code, reason = "only serde skips empty sets")
    )]
    const fn is_empty(&self) -> bool {
        self.0 == 0
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Observed {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
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
/// overall, how they reacted, and the failure [`Scenario`]s the observer saw.
///
/// The feeling is rated on the same scale as the principles and reported beside the verdict,
/// not blended into it: the source calls how customers were made to feel the key to what they
/// remember, and an application may want to compare that memory with the five behaviours that
/// produced it. Scenarios are likewise recorded, not scored: they say what the observer saw,
/// and each names the principle it breaks.
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
    scenarios: Observed,
}

impl Assessment {
    /// An assessment of the given ratings, with no feeling, reaction or scenario recorded.
    pub const fn new(ratings: Ratings<Principle>) -> Self {
        Assessment {
            ratings,
            feeling: None,
            reaction: None,
            scenarios: Observed(0),
        }
    }

    /// An assessment from the five ratings in P, R, O, U, D order.
    ///
    /// # Errors
    ///
    /// [`Error::RatingOutOfRange`] naming the first principle
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
    /// [`Error::RatingOutOfRange`] (field `feeling`) when `value`
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

    /// Records a failure scenario the observer saw; recording one twice keeps it once.
    ///
    /// Scenarios are evidence beside the ratings, not ratings: the verdict is scored from the
    /// five ratings alone, and a first-hurdle scenario recorded on an assessment whose P rating
    /// passes is reported as a conflict ([`Verdict::conflicting_scenarios`]) rather than
    /// silently overruling the rating, or being overruled by it.
    ///
    /// ```
    /// use service_quality::Scale;
    /// use service_quality::proud::{Assessment, FirstHurdle, Principle, ProudPolicy, Scenario};
    ///
    /// // The source's first-hurdle story: served with indifference, and P rated accordingly.
    /// let a = Assessment::from_array(Scale::ONE_TO_FIVE, [2, 3, 4, 4, 4])?
    ///     .with_scenario(Scenario::TreatedIndifferently);
    /// let verdict = a.evaluate(&ProudPolicy::default())?;
    /// assert!(matches!(verdict.first_hurdle(), FirstHurdle::Failed { .. }));
    /// assert_eq!(verdict.conflicting_scenarios().count(), 0);
    ///
    /// // The same scenario beside a P of 4: the rating and the note disagree.
    /// let b = Assessment::from_array(Scale::ONE_TO_FIVE, [4, 3, 4, 4, 4])?
    ///     .with_scenario(Scenario::TreatedIndifferently);
    /// let verdict = b.evaluate(&ProudPolicy::default())?;
    /// assert_eq!(verdict.first_hurdle(), FirstHurdle::Passed);
    /// assert_eq!(verdict.conflicting_scenarios().collect::<Vec<_>>(), [Scenario::TreatedIndifferently]);
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    #[must_use]
    pub const fn with_scenario(self, scenario: Scenario) -> Self {
        Assessment {
            scenarios: self.scenarios.with(scenario),
            ..self
        }
    }

    /// The failure scenarios recorded, in declaration order.
    pub fn scenarios(&self) -> impl Iterator<Item = Scenario> + use<> {
        self.scenarios.iter()
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
    /// [`Error::ScaleMismatch`] when the ratings are not on the
    /// policy's scale, and [`Error::InvalidAnswer`] when a principle
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
        let first_hurdle = first_hurdle(policy, &scorecard, self.reaction);
        Ok(Verdict {
            scorecard,
            first_hurdle,
            feeling: self.feeling.map(Rating::normalised),
            scenarios: self.scenarios,
        })
    }
}

/// The first-hurdle outcome of a scorecard under `policy`, carrying the reaction recorded: the
/// one rule behind [`Assessment::evaluate`] and the batch path.
pub(crate) fn first_hurdle(
    policy: &ProudPolicy,
    scorecard: &ProudScorecard,
    reaction: Option<CopingReaction>,
) -> FirstHurdle {
    let p = Principle::PoliteAndProfessional;
    match (policy.pass_mark(p), scorecard.score(p)) {
        (Some(_), Some(_)) if scorecard.failed(p) => FirstHurdle::Failed { reaction },
        (Some(_), Some(_)) => FirstHurdle::Passed,
        _ => FirstHurdle::NotApplied,
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
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Observed::is_empty"))]
    scenarios: Observed,
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

    /// The failure scenarios the observer recorded, in declaration order.
    pub fn scenarios(&self) -> impl Iterator<Item = Scenario> + use<> {
        self.scenarios.iter()
    }

    /// The recorded scenarios that fail the first hurdle on a verdict whose P rating passed
    /// it: the observer saw rudeness, indifference or a customer left unacknowledged that the
    /// rating does not show. Empty unless the first hurdle [`Passed`](FirstHurdle::Passed);
    /// check the rating before reading the verdict.
    pub fn conflicting_scenarios(&self) -> impl Iterator<Item = Scenario> + use<> {
        let passed = self.first_hurdle == FirstHurdle::Passed;
        self.scenarios
            .iter()
            .filter(move |s| passed && s.fails_first_hurdle())
    }
}

/// How customers were made to feel, and how those whose service failed at the first hurdle
/// coped, over many PROUD verdicts: the part of a [`ProudSummary`] kept beside the scores.
///
/// The source calls how the customer was made to feel the key to what they remember, so a
/// team's summary carries it as a measure of its own, never blended into the scores. Feelings
/// are normalised to 0–100 like every score; their sums are exact, so merging in any order gives
/// the same bits. Reactions are counted from first-hurdle failures that recorded one
/// ([`FirstHurdle::Failed`]).
///
/// # Examples
///
/// ```
/// use service_quality::Scale;
/// use service_quality::proud::{Assessment, CopingReaction, ProudPolicy, ProudSummary};
///
/// let policy = ProudPolicy::default();
/// let mut summary = ProudSummary::new();
/// for (ratings, feeling) in [([4, 4, 4, 4, 4], 4), ([5, 5, 4, 5, 5], 5)] {
///     let a = Assessment::from_array(Scale::ONE_TO_FIVE, ratings)?.try_with_feeling(feeling)?;
///     summary.add(&a.evaluate(&policy)?);
/// }
/// let rude = Assessment::from_array(Scale::ONE_TO_FIVE, [1, 3, 3, 3, 3])?
///     .with_reaction(CopingReaction::Flight);
/// summary.add(&rude.evaluate(&policy)?);
///
/// let feelings = summary.feelings();
/// assert_eq!(feelings.recorded(), 2);
/// assert_eq!(feelings.mean().map(|s| s.get()), Some(87.5)); // (75 + 100) / 2
/// assert_eq!(feelings.reactions(CopingReaction::Flight), 1);
/// assert_eq!(feelings.reactions(CopingReaction::Fight), 0);
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Feelings {
    feeling: ScoreSums,
    fight: u64,
    flight: u64,
}

impl Feelings {
    /// No feelings and no reactions.
    pub fn new() -> Self {
        Feelings::default()
    }

    /// Records what one verdict carries beside its scores: its feeling, if any, and the
    /// reaction of a failed first hurdle, if recorded.
    pub fn add(&mut self, verdict: &Verdict) {
        self.add_parts(verdict.feeling(), verdict.first_hurdle());
    }

    /// Records a feeling (normalised) and a first-hurdle outcome: [`add`](Self::add) without a
    /// verdict, for the batch path.
    pub(crate) fn add_parts(&mut self, feeling: Option<Score>, first_hurdle: FirstHurdle) {
        if let Some(feeling) = feeling {
            self.feeling.add_times(feeling.get(), 1);
        }
        if let FirstHurdle::Failed {
            reaction: Some(reaction),
        } = first_hurdle
        {
            let count = match reaction {
                CopingReaction::Fight => &mut self.fight,
                CopingReaction::Flight => &mut self.flight,
            };
            *count = count.saturating_add(1);
        }
    }

    /// Adds everything in `other`.
    pub fn merge(&mut self, other: &Self) {
        self.feeling.merge(&other.feeling);
        self.fight = self.fight.saturating_add(other.fight);
        self.flight = self.flight.saturating_add(other.flight);
    }

    /// `self − other`, or [`Error::NotInSummary`] naming the first total that would fall
    /// below zero.
    fn checked_sub(&self, other: &Self) -> Result<Self> {
        use crate::scoring::summary::less;
        let feeling = self.feeling.checked_sub(&other.feeling, "feeling")?;
        feeling.check("feeling")?;
        Ok(Feelings {
            feeling,
            fight: less("reactions", "fight", self.fight, other.fight)?,
            flight: less("reactions", "flight", self.flight, other.flight)?,
        })
    }

    /// How many verdicts recorded a feeling.
    pub const fn recorded(&self) -> u64 {
        self.feeling.count()
    }

    /// The mean feeling, 0–100; `None` when none was recorded.
    pub fn mean(&self) -> Option<Score> {
        self.feeling.mean()
    }

    /// The sum of the recorded feelings (each 0–100): the exact total rounded once.
    pub fn sum(&self) -> f64 {
        self.feeling.sum()
    }

    /// The sum of the squared feelings, kept so the spread merges exactly.
    pub fn sum_of_squares(&self) -> f64 {
        self.feeling.sum_of_squares()
    }

    /// The count, mean and spread of the feelings, for
    /// [`compare::means`](crate::metrics::compare::means) and other comparisons.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] when no feeling was recorded.
    pub fn moments(&self) -> Result<Moments> {
        self.feeling.moments()
    }

    /// The Student t interval of the mean feeling, limited to 0..=100.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] when no feeling was recorded, and the errors of
    /// [`Moments::interval`] (a single feeling has no spread to build an interval from).
    pub fn mean_interval(&self, level: Level) -> Result<Interval> {
        self.feeling.mean_interval(level)
    }

    /// How many first-hurdle failures recorded `reaction`.
    pub const fn reactions(&self, reaction: CopingReaction) -> u64 {
        match reaction {
            CopingReaction::Fight => self.fight,
            CopingReaction::Flight => self.flight,
        }
    }

    /// The totals as plain numbers, sums exact: what a database row or a query engine's partial
    /// state keeps (see [`StoredTotals`](crate::StoredTotals)).
    ///
    /// ```
    /// use service_quality::Scale;
    /// use service_quality::proud::{Assessment, Feelings, ProudPolicy};
    ///
    /// let verdict = Assessment::from_array(Scale::ONE_TO_FIVE, [4, 4, 4, 4, 4])?
    ///     .try_with_feeling(4)?
    ///     .evaluate(&ProudPolicy::default())?;
    /// let mut feelings = Feelings::new();
    /// feelings.add(&verdict);
    /// let stored = feelings.stored();
    /// assert_eq!((stored.recorded, stored.sum_units), (1, 75 << 52)); // 75 exactly
    /// assert_eq!(Feelings::from_stored(stored)?, feelings);
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn stored(&self) -> StoredFeelings {
        StoredFeelings {
            recorded: self.feeling.count(),
            sum_units: self.feeling.sum_units(),
            sum_of_squares_units: self.feeling.squares_units(),
            fight: self.fight,
            flight: self.flight,
        }
    }

    /// Feelings from stored totals, with the checks deserialising makes on its own (that the
    /// sums are ones feelings in 0..=100 could have); [`ProudSummary::from_parts`] checks them
    /// against the scores too.
    ///
    /// # Errors
    ///
    /// [`Error::Inconsistent`] naming the sum that no recorded feelings could have.
    pub fn from_stored(stored: StoredFeelings) -> Result<Self> {
        let feeling = ScoreSums::from_units(
            stored.recorded,
            stored.sum_units,
            stored.sum_of_squares_units,
        );
        feeling.check("feeling")?;
        Ok(Feelings {
            feeling,
            fight: stored.fight,
            flight: stored.flight,
        })
    }

    /// Checks totals read from storage against the scores they sit beside: no more feelings
    /// than verdicts, no more reactions than first-hurdle failures (P's critical failures), and
    /// sums that feelings in 0..=100 could have.
    fn check(&self, scores: &Summary<Principle>) -> Result<()> {
        let limit = |field: &'static str, value: u128, most: u64, what: &str| {
            if value <= u128::from(most) {
                Ok(())
            } else {
                Err(Error::Inconsistent {
                    field,
                    value: value.to_string(),
                    expected: format!("at most {most}, the {what} of the scores"),
                })
            }
        };
        limit(
            "recorded",
            u128::from(self.recorded()),
            scores.count(),
            "count",
        )?;
        limit(
            "fight and flight",
            u128::from(self.fight) + u128::from(self.flight),
            scores
                .item(Principle::PoliteAndProfessional)
                .critical_failures(),
            "first-hurdle failures",
        )?;
        self.feeling.check("feeling")
    }
}

/// A [`Feelings`] tally as plain numbers, its sums exact (in units of 2^-52, as every summary
/// keeps them): the stored form of [`Feelings::stored`] and [`Feelings::from_stored`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct StoredFeelings {
    /// How many verdicts recorded a feeling.
    pub recorded: u64,
    /// The sum of the feelings (each 0–100), in units of 2^-52.
    pub sum_units: u128,
    /// The sum of their squares, in units of 2^-52.
    pub sum_of_squares_units: u128,
    /// First-hurdle failures whose customer fought.
    pub fight: u64,
    /// First-hurdle failures whose customer took flight.
    pub flight: u64,
}

/// A running, mergeable summary of PROUD verdicts: the generic [`Summary`] of the scores over
/// the five principles ([`scores`](Self::scores)), and beside it how customers were made to
/// feel and how they coped ([`feelings`](Self::feelings)). Its critical failures are
/// first-hurdle failures under the default policy.
///
/// The methods a report reaches for first are here directly; everything else about the scores
/// (item totals, intervals, stored totals) is on [`scores`](Self::scores).
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
/// assert_eq!(monday.scores().band_count(Band::Poor), 1);
/// assert_eq!(monday.first_hurdle_failures(), 1);
/// assert_eq!(monday.weakest(), Some(Principle::PoliteAndProfessional));
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProudSummary {
    scores: Summary<Principle>,
    feelings: Feelings,
}

impl ProudSummary {
    /// An empty summary.
    pub fn new() -> Self {
        ProudSummary::default()
    }

    /// A summary from its two parts, checked as deserialising checks it: summaries of scores
    /// built elsewhere (the [`batch`](crate::batch) path, stored totals) joined with the
    /// feelings of the same verdicts.
    ///
    /// # Errors
    ///
    /// [`Error::Inconsistent`] when the feelings cannot belong to
    /// those scores: more feelings recorded than verdicts, or more reactions than critical
    /// failures.
    pub fn from_parts(scores: Summary<Principle>, feelings: Feelings) -> Result<Self> {
        feelings.check(&scores)?;
        Ok(ProudSummary { scores, feelings })
    }

    /// Adds one verdict: its scores, its feeling and its reaction.
    pub fn add(&mut self, verdict: &Verdict) {
        self.scores.add(verdict);
        self.feelings.add(verdict);
    }

    /// Adds everything in `other`.
    pub fn merge(&mut self, other: &Self) {
        self.scores.merge(&other.scores);
        self.feelings.merge(&other.feelings);
    }

    /// Takes one verdict back out (its scores, feeling and reaction), as if it had never been
    /// added; exact, as [`Summary::remove`].
    ///
    /// # Errors
    ///
    /// As [`Summary::remove`], and [`Error::NotInSummary`] for a feeling or reaction the
    /// summary does not hold; the summary is then unchanged.
    pub fn remove(&mut self, verdict: &Verdict) -> Result<()> {
        let mut one = ProudSummary::new();
        one.add(verdict);
        self.subtract(&one)
    }

    /// Corrects one verdict: takes `old` out and puts `new` in, equal to the summary built as
    /// if `new` had been there all along.
    ///
    /// # Errors
    ///
    /// As [`remove`](Self::remove) for `old`; the summary is then unchanged.
    pub fn replace(&mut self, old: &Verdict, new: &Verdict) -> Result<()> {
        let mut corrected = *self;
        corrected.remove(old)?;
        corrected.add(new);
        *self = corrected;
        Ok(())
    }

    /// Takes everything in `other` back out: the inverse of [`merge`](Self::merge).
    ///
    /// # Errors
    ///
    /// As [`remove`](Self::remove); the summary is then unchanged.
    pub fn subtract(&mut self, other: &Self) -> Result<()> {
        let mut scores = self.scores;
        scores.subtract(&other.scores)?;
        let feelings = self.feelings.checked_sub(&other.feelings)?;
        *self = ProudSummary::from_parts(scores, feelings)?;
        Ok(())
    }

    /// The summary of the scores.
    pub const fn scores(&self) -> &Summary<Principle> {
        &self.scores
    }

    /// How customers were made to feel and how they coped.
    pub const fn feelings(&self) -> &Feelings {
        &self.feelings
    }

    /// How many verdicts went in.
    pub const fn count(&self) -> u64 {
        self.scores.count()
    }

    /// The mean overall score; `None` when nothing was scored.
    pub fn mean_overall(&self) -> Option<Score> {
        self.scores.mean_overall()
    }

    /// The mean score of one principle over the verdicts that answered it.
    pub fn mean(&self, principle: Principle) -> Option<Score> {
        self.scores.mean(principle)
    }

    /// The weakest principle: the lowest mean among those answered, ties to the earlier letter.
    pub fn weakest(&self) -> Option<Principle> {
        self.scores.weakest()
    }

    /// How many verdicts failed the first hurdle: Polite and professional critical, answered
    /// and below its pass mark. (Other critical principles a policy adds fail verdicts too;
    /// [`scores`](Self::scores)`.critical_failures()` counts every one.)
    pub fn first_hurdle_failures(&self) -> u64 {
        self.scores
            .item(Principle::PoliteAndProfessional)
            .critical_failures()
    }

    /// The mean feeling, 0–100; `None` when none was recorded.
    pub fn mean_feeling(&self) -> Option<Score> {
        self.feelings.mean()
    }
}

impl crate::scoring::Merge for Feelings {
    fn merge(&mut self, other: &Self) {
        Feelings::merge(self, other);
    }
}

impl crate::scoring::Merge for ProudSummary {
    fn merge(&mut self, other: &Self) {
        ProudSummary::merge(self, other);
    }
}

impl<'a> Extend<&'a Verdict> for ProudSummary {
    fn extend<I: IntoIterator<Item = &'a Verdict>>(&mut self, iter: I) {
        for verdict in iter {
            self.add(verdict);
        }
    }
}

impl<'a> FromIterator<&'a Verdict> for ProudSummary {
    fn from_iter<I: IntoIterator<Item = &'a Verdict>>(iter: I) -> Self {
        let mut summary = ProudSummary::new();
        summary.extend(iter);
        summary
    }
}

impl crate::scoring::Scored<Principle> for Verdict {
    fn scorecard(&self) -> &ProudScorecard {
        &self.scorecard
    }
}

#[cfg(feature = "serde")]
mod serde_impls {
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::{
        Assessment, CopingReaction, Feelings, Principle, ProudSummary, Scenario, StoredFeelings,
    };
    use crate::scoring::dimension::{NamedPairs, RatingValues};
    use crate::scoring::summary::{ItemForm, Totals, Units, stored_sum, summary_from_form};
    use crate::scoring::{Ratings, Scale, Summary};

    /// `{"recorded": 2, "sum": 175.0, "sum_exact": "...", "sum_of_squares": 15625.0,
    /// "sum_of_squares_exact": "...", "fight": 0, "flight": 1}`; the exact sums are the units
    /// of 2^-52 every summary keeps (see [`Summary`]).
    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct FeelingsForm {
        recorded: u64,
        sum: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sum_exact: Option<Units>,
        sum_of_squares: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sum_of_squares_exact: Option<Units>,
        fight: u64,
        flight: u64,
    }

    impl Serialize for Feelings {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            FeelingsForm {
                recorded: self.recorded(),
                sum: self.sum(),
                sum_exact: Some(Units(self.feeling.sum_units())),
                sum_of_squares: self.sum_of_squares(),
                sum_of_squares_exact: Some(Units(self.feeling.squares_units())),
                fight: self.fight,
                flight: self.flight,
            }
            .serialize(serializer)
        }
    }

    impl<'de> Deserialize<'de> for Feelings {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let f = FeelingsForm::deserialize(deserializer)?;
            let build = || {
                let sum = stored_sum("sum", "feeling", f.sum, f.sum_exact)?;
                let squares = stored_sum(
                    "sum_of_squares",
                    "feeling",
                    f.sum_of_squares,
                    f.sum_of_squares_exact,
                )?;
                Feelings::from_stored(StoredFeelings {
                    recorded: f.recorded,
                    sum_units: sum.units(),
                    sum_of_squares_units: squares.units(),
                    fight: f.fight,
                    flight: f.flight,
                })
            };
            build().map_err(D::Error::custom)
        }
    }

    /// `{"scores": {...}, "feelings": {...}}`: the scores as every [`Summary`] writes them.
    /// `feelings` may be left out (nothing recorded); read back, the two parts are checked
    /// against each other as [`ProudSummary::from_parts`] checks them. A summary stored before
    /// the feelings existed, a bare `{"overall": ..., "items": ...}`, reads as those scores with
    /// no feelings.
    impl Serialize for ProudSummary {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            #[derive(Serialize)]
            struct Form<'a> {
                scores: &'a Summary<Principle>,
                feelings: &'a Feelings,
            }
            Form {
                scores: &self.scores,
                feelings: &self.feelings,
            }
            .serialize(serializer)
        }
    }

    impl<'de> Deserialize<'de> for ProudSummary {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct Form {
                #[serde(default)]
                scores: Option<Summary<Principle>>,
                #[serde(default)]
                feelings: Feelings,
                // The shape before feelings: a plain summary of the scores.
                #[serde(default)]
                overall: Option<Totals>,
                #[serde(default)]
                items: Option<NamedPairs<Principle, ItemForm>>,
            }
            let f = Form::deserialize(deserializer)?;
            let scores = match (f.scores, f.overall, f.items) {
                (Some(scores), None, None) => scores,
                (None, Some(overall), Some(items)) => {
                    summary_from_form(overall, items).map_err(D::Error::custom)?
                }
                (None, None, _) => return Err(D::Error::missing_field("scores")),
                (None, _, None) => return Err(D::Error::missing_field("items")),
                _ => {
                    return Err(D::Error::custom(
                        "a PROUD summary has either 'scores' or the older 'overall' and \
                         'items', not both",
                    ));
                }
            };
            ProudSummary::from_parts(scores, f.feelings).map_err(D::Error::custom)
        }
    }

    /// `{"scale": {...}, "ratings": {"polite_and_professional": 4, ...}, "feeling": 4,
    /// "reaction": "fight", "scenarios": ["treated_rudely"]}`; `feeling`, `reaction` and
    /// `scenarios` are left out when not recorded.
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
                #[serde(skip_serializing_if = "Vec::is_empty")]
                scenarios: Vec<Scenario>,
            }
            Form {
                scale: self.ratings.scale(),
                ratings: RatingValues(&self.ratings),
                feeling: self.feeling.map(|f| f.get()),
                reaction: self.reaction,
                scenarios: self.scenarios().collect(),
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
                #[serde(default)]
                scenarios: Vec<Scenario>,
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
                for scenario in form.scenarios {
                    assessment = assessment.with_scenario(scenario);
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
