//! In the conversation: how to respond to a customer's conduct, the do's and don'ts of a
//! difficult conversation, opinion against feedback, and what a good resolution looks like.
//! The [`reply`](crate::reply) module checks written replies against these rules.
//!
//! What comes from the brief and what is the crate's:
//!
//! - the brief: rudeness is not abuse, and abuse is never continued; the four don'ts and four
//!   do's; "my pleasure" rather than "no problem" after thanks; opinion is not feedback, and an
//!   opinion is met by listening, asking for detail and listening again; empathy before any
//!   offer; a fast resolution without argument (a replacement sent before the faulty item came
//!   back) wins a customer;
//! - the crate: the scores of the [`Checklist`] and the [`ResolutionRecord`], and (in
//!   [`reply`](crate::reply)) which phrases the reply checker looks for and where.
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
use crate::scoring::flags::{flags, set, unset};
use crate::scoring::macros::named_enum;

named_enum! {
    /// How a customer is behaving in the conversation.
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
    /// What the agent does, in a sentence.
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
/// Rudeness is not abuse: occasional emotional rudeness can be tolerated, so what to do about it
/// is configurable. Abuse is not: [`Conduct::Abusive`] always gets [`Action::EndPolitely`],
/// whatever else is configured, and calm conduct always gets [`Action::Continue`].
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
    /// De-escalate when upset or rude.
    fn default() -> Self {
        ConductPolicy::new(Action::DeEscalate, Action::DeEscalate)
    }
}

named_enum! {
    /// A habit in a difficult conversation: four to avoid, four to practise.
    #[derive(enum_map::Enum)]
    pub enum Habit as "conversation habit",
        expecting "one of: follow_failing_script, assume_customer_wrong, take_it_personally, \
                   argue, listen_to_understand, empathise, collaborate, think_creatively"
    {
        /// Don't: keep following a script that is not working.
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
/// each "don't" that was not.
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
/// aims at a change. The brief's way from one to the other is to listen, ask the person to
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

    /// A question that asks for the detail behind the opinion.
    pub const fn clarifying_question(&self) -> &'static str {
        "I'd like to understand what happened: can you tell me what went wrong, and what you \
         would have expected instead?"
    }
}

named_enum! {
    /// A practice of a resolution that wins the customer rather than argues with them.
    #[non_exhaustive]
    #[derive(enum_map::Enum)]
    pub enum ResolutionPractice as "resolution practice",
        expecting "one of: resolved_without_argument, replacement_before_return, \
                   loyalty_acknowledged"
    {
        /// The problem was put right without the customer having to argue or prove their case.
        ResolvedWithoutArgument,
        /// The replacement (or refund) went out before the faulty item came back.
        ReplacementBeforeReturn,
        /// The customer's loyalty was acknowledged: their time as a customer, their trouble.
        LoyaltyAcknowledged,
    }
}

/// What a resolution did well: the good side of the up-selling rule. A customer with a problem
/// wants it understood and put right; a fast resolution without argument, with the replacement
/// sent before the faulty item came back, keeps a customer for years.
///
/// The score is the share of the three practices seen, 0–100; a resolution with all three
/// [wins the customer](ResolutionRecord::wins_the_customer). Both are the crate's reading of
/// the brief's example.
///
/// # Examples
///
/// ```
/// use service_quality::conversation::{ResolutionPractice::*, ResolutionRecord};
///
/// let kettle = ResolutionRecord::from_practices([ResolvedWithoutArgument, ReplacementBeforeReturn]);
/// assert!((kettle.score().get() - 200.0 / 3.0).abs() < 1e-9);
/// assert_eq!(kettle.missing().collect::<Vec<_>>(), [LoyaltyAcknowledged]);
/// assert!(!kettle.wins_the_customer());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ResolutionRecord {
    done: EnumMap<ResolutionPractice, bool>,
}

impl ResolutionRecord {
    /// A record with the given practices seen.
    pub fn from_practices(done: impl IntoIterator<Item = ResolutionPractice>) -> Self {
        ResolutionRecord { done: flags(done) }
    }

    /// Whether `practice` was seen.
    pub fn done(&self, practice: ResolutionPractice) -> bool {
        self.done[practice]
    }

    /// The practices not seen, in declaration order.
    pub fn missing(&self) -> impl Iterator<Item = ResolutionPractice> + '_ {
        unset(&self.done)
    }

    /// The share of the three practices seen, 0–100.
    pub fn score(&self) -> Score {
        let done = set(&self.done).count();
        Score::from_fraction(done as f64 / self.done.len() as f64)
    }

    /// Whether all three were seen.
    pub fn wins_the_customer(&self) -> bool {
        self.missing().next().is_none()
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
    fn a_resolution_scores_the_share_of_practices_seen() {
        assert_close(ResolutionRecord::default().score().get(), 0.0);
        let all = ResolutionRecord::from_practices(ResolutionPractice::iter());
        assert_close(all.score().get(), 100.0);
        assert!(all.wins_the_customer());
        assert!(all.done(ResolutionPractice::LoyaltyAcknowledged));
    }

    #[test]
    fn every_opinion_step_says_what_to_do() {
        for step in OpinionStep::iter() {
            assert!(step.description().ends_with('.'), "{step}");
        }
    }
}
