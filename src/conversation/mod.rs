//! In the conversation: how to respond to a customer's conduct, the do's and don'ts of a
//! difficult conversation, opinion against feedback, and what a good resolution looks like.
//! The [`reply`](crate::reply) module checks written replies against these rules.
//!
//! # What comes from the source and what is this crate's
//!
//! The source is the collection of service articles this crate's models are written from.
//!
//! - The source: rudeness is not abuse, occasional emotional rudeness can be tolerated, and
//!   abuse is never continued: the conversation ends politely and decisively, with a better
//!   time offered; the four don'ts and four do's ([`Habit`]); "my pleasure" rather than "no
//!   problem" after thanks; an opinion is not feedback, and an opinion is met by listening,
//!   asking for detail and listening again ([`OpinionStep`]); a customer with a problem wants to
//!   be understood, and an escalation that says "I understand", refuses and ends with "is there
//!   anything else?" only feigns empathy and loses the customer; a resolution without
//!   argument, with the replacement sent before the faulty item came back and every promise
//!   kept (the return details sent within minutes, as promised), turned a first-time buyer
//!   into one who bought almost every month.
//! - This crate's defaults: de-escalating an upset or rude customer, and carrying on with a
//!   calm one ([`ConductPolicy::default`]); the wording of each [`Action::script`] and of the
//!   [clarifying question](OpinionResponse::clarifying_question); the scores of the
//!   [`Checklist`] and the [`ResolutionRecord`], which practices [win the
//!   customer](ResolutionRecord::wins_the_customer), and that acknowledging loyalty counts only
//!   for a [long-standing](Tenure::LongStanding) customer; and (in [`reply`](crate::reply))
//!   which phrases the reply checker looks for and how it reads a reply.
//!
//! # Examples
//!
//! ```
//! use service_quality::conversation::{Action, Conduct, ConductPolicy};
//!
//! // Rudeness is met by de-escalating; abuse always ends the conversation, politely.
//! let policy = ConductPolicy::default();
//! assert_eq!(policy.respond(Conduct::Rude), Action::DeEscalate);
//! assert_eq!(policy.respond(Conduct::Abusive), Action::EndPolitely);
//! ```

use core::ops::Range;

use enum_map::EnumMap;

use crate::scoring::Score;
use crate::scoring::flags::{flags, unset};
use crate::scoring::macros::named_enum;

named_enum! {
    /// How a customer is behaving in the conversation. That rudeness is not abuse is the
    /// source's; where each variant draws the line is this crate's wording.
    #[derive(PartialOrd, Ord)]
    pub enum Conduct as "customer conduct", expecting "one of: calm, upset, rude, abusive" {
        /// Calm.
        Calm,
        /// Upset or distressed.
        Upset,
        /// Rude: emotional, occasional, aimed at the situation more than at the person.
        Rude,
        /// Abusive: threats, slurs or sustained personal attacks.
        Abusive,
    }
}

named_enum! {
    /// What the agent should do.
    pub enum Action as "conversation action",
        expecting "one of: continue, de_escalate, end_politely"
    {
        /// Carry on helping.
        Continue,
        /// Slow down, acknowledge the feeling, and steer back to the problem.
        DeEscalate,
        /// End the conversation politely and decisively, and offer a better time to talk.
        EndPolitely,
    }
}

impl Action {
    /// What the agent does, in a sentence (this crate's wording of the source's advice).
    pub const fn script(self) -> &'static str {
        match self {
            Action::Continue => "Carry on helping.",
            Action::DeEscalate => {
                "Acknowledge how the customer feels, do not take it personally or argue, and \
                 bring the conversation back to what can be done."
            }
            Action::EndPolitely => {
                "End the conversation politely and decisively, and offer a better time to talk. \
                 Service is not surrender."
            }
        }
    }
}

/// How to respond to each kind of conduct.
///
/// Rudeness is not abuse: occasional emotional rudeness can be tolerated (the source), so what
/// to do about it is configurable. Abuse is not: [`Conduct::Abusive`] always gets
/// [`Action::EndPolitely`], whatever else is configured (the source), and calm conduct always
/// gets [`Action::Continue`] (this crate's rule).
///
/// # Examples
///
/// ```
/// use service_quality::conversation::{Action, Conduct, ConductPolicy};
///
/// let lenient = ConductPolicy::new(Action::Continue, Action::Continue);
/// assert_eq!(lenient.respond(Conduct::Rude), Action::Continue);
/// assert_eq!(lenient.respond(Conduct::Abusive), Action::EndPolitely);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct ConductPolicy {
    upset: Action,
    rude: Action,
}

impl ConductPolicy {
    /// A policy with the actions for upset and for rude customers. There is deliberately no
    /// parameter for abuse.
    pub const fn new(upset: Action, rude: Action) -> Self {
        ConductPolicy { upset, rude }
    }

    /// The action for `conduct`.
    pub const fn respond(&self, conduct: Conduct) -> Action {
        match conduct {
            Conduct::Calm => Action::Continue,
            Conduct::Upset => self.upset,
            Conduct::Rude => self.rude,
            Conduct::Abusive => Action::EndPolitely,
        }
    }
}

impl Default for ConductPolicy {
    /// De-escalate when upset or rude (this crate's default).
    fn default() -> Self {
        ConductPolicy::new(Action::DeEscalate, Action::DeEscalate)
    }
}

named_enum! {
    /// A habit in a difficult conversation: four to avoid, four to practise. All eight are the
    /// source's.
    #[derive(enum_map::Enum)]
    pub enum Habit as "conversation habit",
        expecting "one of: follow_failing_script, assume_customer_wrong, take_it_personally, \
                   argue, listen_to_understand, empathise, collaborate, think_creatively"
    {
        /// Don't: keep following a script that is not working. Scripts rarely sound human in
        /// the first place (the source); the [reply checker](crate::reply::PhraseRule) notes
        /// when a team's rule makes every reply recite one.
        FollowFailingScript,
        /// Don't: assume the customer is wrong.
        AssumeCustomerWrong,
        /// Don't: take it personally.
        TakeItPersonally,
        /// Don't: argue.
        Argue,
        /// Do: listen to understand.
        ListenToUnderstand,
        /// Do: empathise.
        Empathise,
        /// Do: collaborate instead of dictating.
        Collaborate,
        /// Do: think creatively, pausing if needed.
        ThinkCreatively,
    }
}

impl Habit {
    /// Whether the habit is one to practise (a "do") rather than avoid.
    pub const fn is_do(self) -> bool {
        matches!(
            self,
            Habit::ListenToUnderstand
                | Habit::Empathise
                | Habit::Collaborate
                | Habit::ThinkCreatively
        )
    }
}

/// Which habits an observer saw in one conversation.
///
/// The score is the share of the eight habits handled well, 0–100: each "do" that was seen and
/// each "don't" that was not (this crate's rule; the habits are the source's).
///
/// # Examples
///
/// ```
/// use service_quality::conversation::{Checklist, Habit};
///
/// let seen = Checklist::from_observed([Habit::ListenToUnderstand, Habit::Argue]);
/// assert_eq!(seen.score().get(), 50.0); // 1 do of 4, 3 don'ts of 4 avoided
/// assert_eq!(seen.slips().collect::<Vec<_>>(), [Habit::Argue]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Checklist {
    observed: EnumMap<Habit, bool>,
}

impl Checklist {
    /// A checklist with the given habits observed.
    pub fn from_observed(observed: impl IntoIterator<Item = Habit>) -> Self {
        Checklist {
            observed: flags(observed),
        }
    }

    /// Whether `habit` was observed.
    pub fn observed(&self, habit: Habit) -> bool {
        self.observed[habit]
    }

    /// The share of habits handled well.
    pub fn score(&self) -> Score {
        let good = self
            .observed
            .iter()
            .filter(|&(habit, &seen)| seen == habit.is_do())
            .count();
        Score::from_fraction(good as f64 / self.observed.len() as f64)
    }

    /// The don'ts that were observed.
    pub fn slips(&self) -> impl Iterator<Item = Habit> + '_ {
        self.observed
            .iter()
            .filter(|&(h, &seen)| seen && !h.is_do())
            .map(|(h, _)| h)
    }

    /// The do's that were not observed.
    pub fn missed(&self) -> impl Iterator<Item = Habit> + '_ {
        self.observed
            .iter()
            .filter(|&(h, &seen)| !seen && h.is_do())
            .map(|(h, _)| h)
    }
}

named_enum! {
    /// A step in turning an opinion into feedback.
    pub enum OpinionStep as "opinion step", expecting "one of: listen, ask_for_detail, listen_again" {
        /// Let the person finish, without defending or correcting.
        Listen,
        /// Ask them to clarify and explain: what happened, when, what they expected.
        AskForDetail,
        /// Listen again to the answer: the facts and the change they want are the feedback.
        ListenAgain,
    }
}

impl OpinionStep {
    /// What to do at this step.
    pub const fn description(self) -> &'static str {
        match self {
            OpinionStep::Listen => {
                "Let the customer say it all. Do not defend, correct or argue while they speak."
            }
            OpinionStep::AskForDetail => {
                "Ask them to clarify and explain: what happened, when, and what they expected \
                 instead."
            }
            OpinionStep::ListenAgain => {
                "Listen to the answer: the facts and the change they want are feedback you can \
                 act on."
            }
        }
    }
}

/// An opinion a customer gave, found by [`ReplyChecker::read`](crate::reply::ReplyChecker::read), with how to meet it.
///
/// An opinion is personal ("in my opinion your service is a joke"); feedback is factual and
/// aims at a change. The source's way from one to the other is to listen, ask the person to
/// clarify and explain, and listen again.
///
/// # Examples
///
/// ```
/// use service_quality::conversation::{OpinionStep};
/// use service_quality::reply::{ReplyChecker};
///
/// let message = "In my opinion your delivery service is a joke.";
/// let incoming = ReplyChecker::new()?.read(message);
/// let opinion = incoming.opinion().expect("an opinion marker");
/// assert_eq!(opinion.text(message), Some("In my opinion"));
/// assert_eq!(
///     opinion.steps(),
///     [OpinionStep::Listen, OpinionStep::AskForDetail, OpinionStep::ListenAgain]
/// );
/// assert!(opinion.clarifying_question().ends_with('?'));
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct OpinionResponse {
    span: Range<usize>,
}

impl OpinionResponse {
    pub(crate) fn at(span: Range<usize>) -> Self {
        OpinionResponse { span }
    }

    /// The byte range of the opinion marker in the customer's message.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// The opinion marker, given the message that was read.
    pub fn text<'a>(&self, message: &'a str) -> Option<&'a str> {
        message.get(self.span.clone())
    }

    /// The three steps, in order: listen, ask for detail, listen again.
    pub const fn steps(&self) -> [OpinionStep; 3] {
        [
            OpinionStep::Listen,
            OpinionStep::AskForDetail,
            OpinionStep::ListenAgain,
        ]
    }

    /// A question that asks for the detail behind the opinion (this crate's wording).
    pub const fn clarifying_question(&self) -> &'static str {
        "I'd like to understand what happened: can you tell me what went wrong, and what you \
         would have expected instead?"
    }
}

named_enum! {
    /// A practice of a resolution that wins the customer rather than argues with them. The
    /// practices are the source's good example; which of them a win needs is this crate's rule
    /// ([`ResolutionRecord::wins_the_customer`]).
    #[non_exhaustive]
    #[derive(enum_map::Enum)]
    pub enum ResolutionPractice as "resolution practice",
        expecting "one of: resolved_without_argument, replacement_before_return, \
                   promises_kept, loyalty_acknowledged"
    {
        /// The problem was put right without the customer having to argue or prove their case.
        ResolvedWithoutArgument,
        /// The fix came first: the replacement (or refund) went out before the faulty item came
        /// back, and nothing was asked of the customer before it.
        ReplacementBeforeReturn,
        /// Every promise made to the customer was kept, on time: in the source, the return
        /// details sent within minutes as promised, and the promise to make it right honoured.
        PromisesKept,
        /// The customer's loyalty was acknowledged: their time as a customer, their trouble.
        /// It applies only to a [long-standing](Tenure::LongStanding) customer.
        LoyaltyAcknowledged,
    }
}

impl ResolutionPractice {
    /// Whether a resolution for a customer of `tenure` is held to this practice: every
    /// practice applies to every customer, except acknowledging loyalty, which applies only to
    /// a long-standing one (this crate's rule).
    ///
    /// ```
    /// use service_quality::conversation::{ResolutionPractice, Tenure};
    ///
    /// let loyalty = ResolutionPractice::LoyaltyAcknowledged;
    /// assert!(loyalty.applies_to(Tenure::LongStanding));
    /// assert!(!loyalty.applies_to(Tenure::FirstTime));
    /// assert!(ResolutionPractice::PromisesKept.applies_to(Tenure::FirstTime));
    /// ```
    pub const fn applies_to(self, tenure: Tenure) -> bool {
        match self {
            ResolutionPractice::LoyaltyAcknowledged => matches!(tenure, Tenure::LongStanding),
            _ => true,
        }
    }
}

named_enum! {
    /// How long the customer has been one: whether there is loyalty for a resolution to
    /// acknowledge. The source's customer who was won was a first-time buyer; the one who was
    /// lost had been a customer for years.
    ///
    /// ```
    /// use service_quality::conversation::Tenure;
    ///
    /// assert_eq!("long_standing".parse::<Tenure>()?, Tenure::LongStanding);
    /// assert_eq!(Tenure::default(), Tenure::FirstTime);
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    #[non_exhaustive]
    pub enum Tenure as "customer tenure", expecting "one of: first_time, long_standing" {
        /// A new customer, or one whose history is unknown: there is no loyalty to acknowledge
        /// yet, and the resolution is not marked down for not acknowledging it.
        FirstTime,
        /// A customer with a history worth acknowledging.
        LongStanding,
    }
}

impl Default for Tenure {
    /// [`Tenure::FirstTime`]: a record that does not say is not held to acknowledging loyalty.
    fn default() -> Self {
        Tenure::FirstTime
    }
}

/// What a resolution did well: the good side of the up-selling rule. A customer with a problem
/// wants it understood and put right.
///
/// The source's good example: nobody argued, a replacement went out within two days before the
/// faulty pair was returned, the return details came within minutes as promised along with a
/// promise to make it right, and the first-time buyer went on to buy almost every month. Its
/// bad example lost a long-time customer.
///
/// This crate's rules, read from those examples:
///
/// - the resolution [wins the customer](ResolutionRecord::wins_the_customer) when it was
///   resolved without argument, fixed before anything was asked back, and every promise was
///   kept;
/// - acknowledging loyalty is a plus only where there is loyalty to acknowledge: it counts
///   towards the score for a [long-standing](Tenure::LongStanding) customer, and is left out
///   for a [first-time](Tenure::FirstTime) one (the default), who is not marked down for it;
/// - the score is the share of the practices that apply, 0–100.
///
/// # Examples
///
/// ```
/// use service_quality::conversation::{ResolutionPractice::*, ResolutionRecord, Tenure};
///
/// // The source's good example: a first-time buyer.
/// let boots = ResolutionRecord::from_practices([
///     ResolvedWithoutArgument,
///     ReplacementBeforeReturn,
///     PromisesKept,
/// ]);
/// assert!(boots.wins_the_customer());
/// assert_eq!(boots.score().get(), 100.0);
///
/// // The same resolution for a long-standing customer wins too, but leaves a plus unclaimed.
/// let regular = boots.with_tenure(Tenure::LongStanding);
/// assert!(regular.wins_the_customer());
/// assert_eq!(regular.score().get(), 75.0);
/// assert_eq!(regular.missing().collect::<Vec<_>>(), [LoyaltyAcknowledged]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ResolutionRecord {
    done: EnumMap<ResolutionPractice, bool>,
    tenure: Tenure,
}

impl ResolutionRecord {
    /// A record with the given practices seen, for a [first-time](Tenure::FirstTime) customer
    /// (set another with [`with_tenure`](Self::with_tenure)).
    pub fn from_practices(done: impl IntoIterator<Item = ResolutionPractice>) -> Self {
        ResolutionRecord {
            done: flags(done),
            tenure: Tenure::FirstTime,
        }
    }

    /// The same record for a customer of the given tenure.
    #[must_use]
    pub const fn with_tenure(self, tenure: Tenure) -> Self {
        ResolutionRecord { tenure, ..self }
    }

    /// The customer's tenure.
    pub const fn tenure(&self) -> Tenure {
        self.tenure
    }

    /// Whether `practice` was seen (whether or not it applies to this customer).
    pub fn done(&self, practice: ResolutionPractice) -> bool {
        self.done[practice]
    }

    /// The practices that apply to this customer and were not seen, in declaration order.
    pub fn missing(&self) -> impl Iterator<Item = ResolutionPractice> + '_ {
        unset(&self.done).filter(|p| p.applies_to(self.tenure))
    }

    /// The share of the practices that apply to this customer that were seen, 0–100.
    pub fn score(&self) -> Score {
        let applies = ResolutionPractice::iter().filter(|p| p.applies_to(self.tenure));
        let (done, all) = applies.fold((0_usize, 0_usize), |(done, all), p| {
            (done + usize::from(self.done[p]), all + 1)
        });
        Score::from_fraction(done as f64 / all as f64)
    }

    /// Whether the resolution wins the customer: resolved without argument, fixed before
    /// anything was asked back, and every promise kept (this crate's rule, from the source's
    /// good example). Acknowledging loyalty is not needed; it only adds to the
    /// [score](Self::score) of a long-standing customer.
    pub fn wins_the_customer(&self) -> bool {
        [
            ResolutionPractice::ResolvedWithoutArgument,
            ResolutionPractice::ReplacementBeforeReturn,
            ResolutionPractice::PromisesKept,
        ]
        .into_iter()
        .all(|p| self.done[p])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::assert_close;

    #[test]
    fn abuse_is_never_continued() {
        for upset in Action::iter() {
            for rude in Action::iter() {
                let p = ConductPolicy::new(upset, rude);
                assert_eq!(p.respond(Conduct::Abusive), Action::EndPolitely);
            }
        }
    }

    #[test]
    fn a_resolution_scores_the_share_of_practices_that_apply() {
        assert_close(ResolutionRecord::default().score().get(), 0.0);
        assert_eq!(ResolutionRecord::default().tenure(), Tenure::FirstTime);
        let all = ResolutionRecord::from_practices(ResolutionPractice::iter());
        assert_close(all.score().get(), 100.0);
        assert!(all.wins_the_customer());
        assert!(all.done(ResolutionPractice::LoyaltyAcknowledged));
        let regular = all.with_tenure(Tenure::LongStanding);
        assert_close(regular.score().get(), 100.0);
        // Loyalty acknowledged for a first-time buyer neither helps nor hurts: three of three.
        let only_loyalty =
            ResolutionRecord::from_practices([ResolutionPractice::LoyaltyAcknowledged]);
        assert_close(only_loyalty.score().get(), 0.0);
        assert_close(
            only_loyalty.with_tenure(Tenure::LongStanding).score().get(),
            25.0,
        );
    }

    #[test]
    fn loyalty_applies_only_to_a_long_standing_customer() {
        for practice in ResolutionPractice::iter() {
            assert!(practice.applies_to(Tenure::LongStanding), "{practice}");
            assert_eq!(
                practice.applies_to(Tenure::FirstTime),
                practice != ResolutionPractice::LoyaltyAcknowledged,
                "{practice}"
            );
        }
    }

    #[test]
    fn every_opinion_step_says_what_to_do() {
        for step in OpinionStep::iter() {
            assert!(step.description().ends_with('.'), "{step}");
        }
    }
}
