//! The reply checker: the [`conversation`](crate::conversation) model's rules applied to
//! written replies (phrases the built-in rules and a team's own look for), found in one pass of
//! one automaton.
//!
//! # Examples
//!
//! ```
//! use service_quality::reply::{ReplyChecker, Rule};
//!
//! let checker = ReplyChecker::new()?;
//! let report = checker.check_in_reply_to(
//!     "No problem! You should have sent the receipt first, in my opinion.",
//!     "Thanks for sorting that out.",
//! );
//! let rules: Vec<Rule> = report.findings().iter().map(|f| f.rule()).collect();
//! assert_eq!(rules, [Rule::NoProblem, Rule::AccusatoryYou, Rule::Opinion]);
//! assert_eq!(report.findings()[0].suggestion(), "my pleasure");
//! # Ok::<(), service_quality::Error>(())
//! ```

use core::ops::Range;
use std::collections::HashMap;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use crate::conversation::OpinionResponse;
use crate::scoring::macros::named_enum;
use crate::scoring::{Error, Result};

named_enum! {
    /// A rule of the reply checker.
    #[non_exhaustive]
    pub enum Rule as "reply rule",
        expecting "one of: no_problem, opinion, accusatory_you, go_not_lets_go, belittling_role, \
                   upsell_on_problem, missing_greeting, missing_closing, forbidden_phrase"
    {
        /// "No problem" in answer to thanks.
        NoProblem,
        /// An opinion marker the other person did not ask for: the reply gives an opinion, not
        /// feedback.
        Opinion,
        /// Accusatory "you" phrasing.
        AccusatoryYou,
        /// A bare "go" that sends the team off instead of "let's go".
        GoNotLetsGo,
        /// A role belittled with "just a" or "only a" ("just a checkout operator").
        BelittlingRole,
        /// An offer, or a reflexive "anything else?", before the customer's problem is resolved
        /// or acknowledged.
        UpsellOnProblem,
        /// None of a team's greetings opens the reply (a [`PhraseRule`]).
        MissingGreeting,
        /// None of a team's closings ends the reply (a [`PhraseRule`]).
        MissingClosing,
        /// A phrase the team does not use (a [`PhraseRule`]).
        ForbiddenPhrase,
    }
}

impl Rule {
    /// What the rule finds wrong.
    pub const fn message(self) -> &'static str {
        match self {
            Rule::NoProblem => "\"no problem\" after thanks makes the help sound like a chore",
            Rule::Opinion => {
                "this states an opinion nobody asked for, which is personal; feedback is factual \
                 and aims at a change"
            }
            Rule::AccusatoryYou => "accusatory \"you\" puts the blame on the person",
            Rule::GoNotLetsGo => "a bare \"go\" sends the team off alone",
            Rule::BelittlingRole => "\"just a\" belittles a role and the person in it",
            Rule::UpsellOnProblem => {
                "offering more before the problem is solved or acknowledged reads as feigned \
                 empathy"
            }
            Rule::MissingGreeting => "the reply does not open with one of the team's greetings",
            Rule::MissingClosing => "the reply does not end with one of the team's closings",
            Rule::ForbiddenPhrase => "this phrase is on the team's list of phrases not to use",
        }
    }

    /// What to write instead. A team's own rule carries its own suggestion
    /// ([`Finding::suggestion`]); this is the general advice.
    pub const fn suggestion(self) -> &'static str {
        match self {
            Rule::NoProblem => "my pleasure",
            Rule::Opinion => "state the facts you observed, or ask a clarifying question",
            Rule::AccusatoryYou => {
                "describe the situation, or use \"we\": \"let's look at what happened\""
            }
            Rule::GoNotLetsGo => "\"let's go\": work alongside the team",
            Rule::BelittlingRole => {
                "name the role with respect: what the person does and why it matters"
            }
            Rule::UpsellOnProblem => {
                "solve the problem first, or say what you will do about it; offer extras only \
                 after that, or if asked"
            }
            Rule::MissingGreeting => "open with one of the team's greetings",
            Rule::MissingClosing => "end with one of the team's closings",
            Rule::ForbiddenPhrase => "say it another way",
        }
    }
}

named_enum! {
    /// Who a reply is written to. Some rules depend on it: a bare "go" is an order to a team
    /// but an instruction to a customer ("Go to Settings"), and up-selling concerns customers.
    #[non_exhaustive]
    pub enum Audience as "reply audience", expecting "one of: customer, team" {
        /// A customer: the default.
        Customer,
        /// The writer's own team (a leader's message to staff).
        Team,
    }
}

impl Default for Audience {
    /// [`Audience::Customer`].
    fn default() -> Self {
        Audience::Customer
    }
}

named_enum! {
    /// What a team's own phrase rule requires.
    #[non_exhaustive]
    pub enum PhraseRuleKind as "phrase rule kind",
        expecting "one of: required_greeting, required_closing, forbidden"
    {
        /// One of the phrases must appear in the reply's first sentence (up to the first `.`,
        /// `!`, `?` or line break).
        RequiredGreeting,
        /// One of the phrases must appear in the reply's last sentence (after the last `.`,
        /// `!` or `?` that has text after it; line breaks do not end it, so a sign-off over two
        /// lines counts).
        RequiredClosing,
        /// None of the phrases may appear.
        Forbidden,
    }
}

impl PhraseRuleKind {
    /// The rule a finding of this kind reports.
    const fn rule(self) -> Rule {
        match self {
            PhraseRuleKind::RequiredGreeting => Rule::MissingGreeting,
            PhraseRuleKind::RequiredClosing => Rule::MissingClosing,
            PhraseRuleKind::Forbidden => Rule::ForbiddenPhrase,
        }
    }
}

/// A team's own phrase rule, checked beside the built-in ones: a greeting every reply must open
/// with, a closing it must end with, or phrases it must not use, each with a suggestion.
///
/// Phrases are matched like the built-in ones: ignoring ASCII case, as whole words, with a
/// straight apostrophe also matching a curly one. Where a phrase starts at the same place as a
/// longer phrase the checker knows, the longer one is matched (a forbidden "problem" is not
/// found inside "no problem").
///
/// # Examples
///
/// ```
/// use service_quality::reply::{PhraseRule, ReplyChecker, Rule};
///
/// let checker = ReplyChecker::with_rules([
///     PhraseRule::required_greeting("greeting", ["hi", "hello", "good morning"], "open with \"Hi\"")?,
///     PhraseRule::forbidden("blame the system", ["computer says no"], "say what you can do")?,
/// ])?;
/// let reply = "Sorry, computer says no.";
/// let report = checker.check(reply);
/// let rules: Vec<Rule> = report.findings().iter().map(|f| f.rule()).collect();
/// assert_eq!(rules, [Rule::MissingGreeting, Rule::ForbiddenPhrase]);
/// assert_eq!(report.findings()[0].suggestion(), "open with \"Hi\"");
/// assert_eq!(report.findings()[1].text(reply), Some("computer says no"));
///
/// assert_eq!(
///     PhraseRule::forbidden("empty", Vec::<String>::new(), "x").unwrap_err().to_string(),
///     "phrase rule is empty, expected at least one phrase"
/// );
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "RawPhraseRule", into = "RawPhraseRule")
)]
pub struct PhraseRule {
    kind: PhraseRuleKind,
    name: String,
    phrases: Vec<String>,
    suggestion: String,
}

impl PhraseRule {
    /// A rule of any kind.
    ///
    /// # Errors
    ///
    /// [`Error::EmptyText`] for an empty name, phrase or suggestion, and [`Error::Empty`]
    /// with no phrases.
    pub fn new(
        kind: PhraseRuleKind,
        name: impl Into<String>,
        phrases: impl IntoIterator<Item = impl Into<String>>,
        suggestion: impl Into<String>,
    ) -> Result<Self> {
        let text = |field, value: String| {
            if value.trim().is_empty() {
                Err(Error::EmptyText { field })
            } else {
                Ok(value.trim().to_owned())
            }
        };
        let name = text("phrase rule name", name.into())?;
        let phrases = phrases
            .into_iter()
            .map(|p| text("phrase", p.into()))
            .collect::<Result<Vec<_>>>()?;
        if phrases.is_empty() {
            return Err(Error::Empty {
                what: "phrase rule",
                item: "phrase",
            });
        }
        Ok(PhraseRule {
            kind,
            name,
            phrases,
            suggestion: text("suggestion", suggestion.into())?,
        })
    }

    /// A greeting the reply must open with: one of `phrases` in its first sentence.
    ///
    /// # Errors
    ///
    /// As for [`PhraseRule::new`].
    pub fn required_greeting(
        name: impl Into<String>,
        phrases: impl IntoIterator<Item = impl Into<String>>,
        suggestion: impl Into<String>,
    ) -> Result<Self> {
        Self::new(PhraseRuleKind::RequiredGreeting, name, phrases, suggestion)
    }

    /// A closing the reply must end with: one of `phrases` in its last sentence.
    ///
    /// # Errors
    ///
    /// As for [`PhraseRule::new`].
    pub fn required_closing(
        name: impl Into<String>,
        phrases: impl IntoIterator<Item = impl Into<String>>,
        suggestion: impl Into<String>,
    ) -> Result<Self> {
        Self::new(PhraseRuleKind::RequiredClosing, name, phrases, suggestion)
    }

    /// Phrases the reply must not use.
    ///
    /// # Errors
    ///
    /// As for [`PhraseRule::new`].
    pub fn forbidden(
        name: impl Into<String>,
        phrases: impl IntoIterator<Item = impl Into<String>>,
        suggestion: impl Into<String>,
    ) -> Result<Self> {
        Self::new(PhraseRuleKind::Forbidden, name, phrases, suggestion)
    }

    /// What the rule requires.
    pub const fn kind(&self) -> PhraseRuleKind {
        self.kind
    }

    /// The rule's name, as the team calls it.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The phrases, trimmed.
    pub fn phrases(&self) -> impl Iterator<Item = &str> + '_ {
        self.phrases.iter().map(String::as_str)
    }

    /// What to write instead.
    pub fn suggestion(&self) -> &str {
        &self.suggestion
    }
}

#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPhraseRule {
    kind: PhraseRuleKind,
    name: String,
    phrases: Vec<String>,
    suggestion: String,
}

#[cfg(feature = "serde")]
impl TryFrom<RawPhraseRule> for PhraseRule {
    type Error = Error;

    fn try_from(r: RawPhraseRule) -> Result<Self> {
        PhraseRule::new(r.kind, r.name, r.phrases, r.suggestion)
    }
}

#[cfg(feature = "serde")]
impl From<PhraseRule> for RawPhraseRule {
    fn from(r: PhraseRule) -> Self {
        RawPhraseRule {
            kind: r.kind,
            name: r.name,
            phrases: r.phrases,
            suggestion: r.suggestion,
        }
    }
}

/// One thing the checker found: the rule, where (a byte range of the input, always on character
/// boundaries; empty for a greeting or closing that is missing), and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Finding {
    rule: Rule,
    span: Range<usize>,
    phrase_rule: Option<Arc<PhraseRule>>,
}

impl Finding {
    /// The rule that fired.
    pub const fn rule(&self) -> Rule {
        self.rule
    }

    /// The byte range of the offending text in the checked reply. A missing greeting is an
    /// empty range at the start, a missing closing an empty range at the end.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// The offending text, given the reply that was checked.
    pub fn text<'a>(&self, reply: &'a str) -> Option<&'a str> {
        reply.get(self.span.clone())
    }

    /// What is wrong.
    pub const fn message(&self) -> &'static str {
        self.rule.message()
    }

    /// What to write instead: the team's suggestion for its own rules, the rule's otherwise.
    pub fn suggestion(&self) -> &str {
        self.phrase_rule
            .as_deref()
            .map_or(self.rule.suggestion(), PhraseRule::suggestion)
    }

    /// The team's rule that fired, if it was one of theirs.
    pub fn phrase_rule(&self) -> Option<&PhraseRule> {
        self.phrase_rule.as_deref()
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Finding {
    /// `{"rule": "forbidden_phrase", "span": {"start": 7, "end": 23}, "name": "blame the
    /// system", "suggestion": "say what you can do"}`; `name` only for a team's own rule.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(serde::Serialize)]
        struct Form<'a> {
            rule: Rule,
            span: &'a Range<usize>,
            #[serde(skip_serializing_if = "Option::is_none")]
            name: Option<&'a str>,
            suggestion: &'a str,
        }
        Form {
            rule: self.rule,
            span: &self.span,
            name: self.phrase_rule().map(PhraseRule::name),
            suggestion: self.suggestion(),
        }
        .serialize(serializer)
    }
}

/// The findings for one reply and its pronoun balance.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ReplyReport {
    findings: Vec<Finding>,
    team_words: usize,
    self_words: usize,
    accusatory: usize,
}

impl ReplyReport {
    /// The findings, in the order they occur.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// Team words: we, us, our, ours, let's.
    pub const fn team_words(&self) -> usize {
        self.team_words
    }

    /// Self words: I, me, my, mine, myself and I'm, I've, I'll, I'd. A word inside a longer
    /// phrase the checker knows is part of that phrase: the "my" of "in my view" makes an
    /// opinion finding, not a self word; the "I" of "I'll sort it" still counts.
    pub const fn self_words(&self) -> usize {
        self.self_words
    }

    /// Accusatory "you" phrases.
    pub const fn accusatory(&self) -> usize {
        self.accusatory
    }

    /// Team words as a share of team words, self words and accusatory phrases together; `None`
    /// when there are none of these.
    pub fn team_language_ratio(&self) -> Option<f64> {
        let all = self.team_words + self.self_words + self.accusatory;
        (all > 0).then(|| self.team_words as f64 / all as f64)
    }
}

/// What a message the reply answers says: whether it thanks, reports a problem that is still
/// open, asks for the other person's view, or gives an opinion. Made by
/// [`ReplyChecker::read`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Incoming {
    thanked: bool,
    problem: bool,
    closed: bool,
    asked_for_view: bool,
    opinion: Option<Range<usize>>,
}

impl Incoming {
    /// Whether the message thanks.
    pub const fn thanks(&self) -> bool {
        self.thanked
    }

    /// Whether the message reports a problem (broken, not working, a complaint) and does not
    /// also say it is resolved ("it works now", "all sorted").
    pub const fn reports_problem(&self) -> bool {
        self.problem && !self.closed
    }

    /// Whether the message asks for the other person's view ("what would you do?", "what do
    /// you think?"): an opinion in answer to it is not flagged.
    pub const fn asks_for_view(&self) -> bool {
        self.asked_for_view
    }

    /// The opinion the message gives, if any, with how to meet it.
    pub fn opinion(&self) -> Option<OpinionResponse> {
        self.opinion.clone().map(OpinionResponse::at)
    }
}

/// What a reply is checked against: the message it answers, if any, and who it is written to.
///
/// # Examples
///
/// ```
/// use service_quality::reply::{Audience, ReplyChecker, ReplyContext, Rule};
///
/// let checker = ReplyChecker::new()?;
/// let order = "Go and clear the backlog before lunch.";
/// let to_team = ReplyContext::new().to(Audience::Team).in_reply_to("The queue is growing.");
/// let rules: Vec<Rule> = checker.check_with(order, &to_team).findings().iter().map(|f| f.rule()).collect();
/// assert_eq!(rules, [Rule::GoNotLetsGo]);
///
/// // The same word in an instruction to a customer is not an order to anyone.
/// assert!(checker.check("Go to Settings, then Privacy.").findings().is_empty());
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ReplyContext<'a> {
    previous: Option<&'a str>,
    audience: Audience,
}

impl<'a> ReplyContext<'a> {
    /// A reply to a customer, answering nothing in particular.
    pub fn new() -> Self {
        Self::default()
    }

    /// The same context, answering `previous`.
    pub const fn in_reply_to(self, previous: &'a str) -> Self {
        ReplyContext {
            previous: Some(previous),
            ..self
        }
    }

    /// The same context, written to `audience`.
    pub const fn to(self, audience: Audience) -> Self {
        ReplyContext { audience, ..self }
    }

    /// The message answered, if any.
    pub const fn previous(&self) -> Option<&'a str> {
        self.previous
    }

    /// Who the reply is written to.
    pub const fn audience(&self) -> Audience {
        self.audience
    }
}

/// What a phrase in the matcher means. A phrase can mean several things ("thanks for sorting
/// it" both thanks and closes a problem).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Thanks,
    NoProblem,
    Opinion,
    AskedView,
    Team,
    LetsGo,
    Myself,
    Accusatory,
    Go,
    Diminisher,
    Problem,
    /// The customer says the problem is over.
    Closed,
    /// The writer owns the problem: understood it, or says what they will do.
    Acknowledged,
    /// The writer says what was done to put it right.
    Resolved,
    Upsell,
    /// A team's own phrase rule, by position.
    Custom(usize),
}

/// The built-in phrases, lowercase; matched ASCII-case-insensitively as whole words, longest
/// first at each position. A straight apostrophe also matches a curly one. The same phrase may
/// be listed with several kinds.
const PHRASES: &[(&str, Kind)] = &[
    ("thanks", Kind::Thanks),
    ("thank you", Kind::Thanks),
    ("thank u", Kind::Thanks),
    ("thx", Kind::Thanks),
    ("cheers", Kind::Thanks),
    ("many thanks", Kind::Thanks),
    ("no problem", Kind::NoProblem),
    ("no problems", Kind::NoProblem),
    ("not a problem", Kind::NoProblem),
    ("no prob", Kind::NoProblem),
    ("no worries", Kind::NoProblem),
    ("in my opinion", Kind::Opinion),
    ("in my view", Kind::Opinion),
    ("my opinion", Kind::Opinion),
    ("my opinion is", Kind::Opinion),
    ("my view is", Kind::Opinion),
    ("my personal view", Kind::Opinion),
    ("if you ask me", Kind::Opinion),
    ("can i give you my opinion", Kind::Opinion),
    ("may i give you my opinion", Kind::Opinion),
    ("let me give you my opinion", Kind::Opinion),
    ("if you want my opinion", Kind::Opinion),
    ("what would you do", Kind::AskedView),
    ("what would you recommend", Kind::AskedView),
    ("what would you suggest", Kind::AskedView),
    ("what do you recommend", Kind::AskedView),
    ("what do you suggest", Kind::AskedView),
    ("what do you think", Kind::AskedView),
    ("would you recommend", Kind::AskedView),
    ("which would you choose", Kind::AskedView),
    ("what's your opinion", Kind::AskedView),
    ("what is your opinion", Kind::AskedView),
    ("what's your view", Kind::AskedView),
    ("what is your view", Kind::AskedView),
    ("in your opinion", Kind::AskedView),
    ("in your view", Kind::AskedView),
    ("your honest opinion", Kind::AskedView),
    ("we", Kind::Team),
    ("us", Kind::Team),
    ("our", Kind::Team),
    ("ours", Kind::Team),
    ("let's", Kind::Team),
    ("let's go", Kind::LetsGo),
    ("i", Kind::Myself),
    ("me", Kind::Myself),
    ("my", Kind::Myself),
    ("mine", Kind::Myself),
    ("myself", Kind::Myself),
    ("i'm", Kind::Myself),
    ("i've", Kind::Myself),
    ("i'll", Kind::Myself),
    ("i'd", Kind::Myself),
    ("you should have", Kind::Accusatory),
    ("you shouldn't have", Kind::Accusatory),
    ("you didn't", Kind::Accusatory),
    ("you did not", Kind::Accusatory),
    ("you failed to", Kind::Accusatory),
    ("you need to", Kind::Accusatory),
    ("you were supposed to", Kind::Accusatory),
    ("you never", Kind::Accusatory),
    ("you always", Kind::Accusatory),
    ("you forgot", Kind::Accusatory),
    ("your fault", Kind::Accusatory),
    ("go", Kind::Go),
    ("just a", Kind::Diminisher),
    ("just an", Kind::Diminisher),
    ("only a", Kind::Diminisher),
    ("only an", Kind::Diminisher),
    ("merely a", Kind::Diminisher),
    ("broken", Kind::Problem),
    ("faulty", Kind::Problem),
    ("not working", Kind::Problem),
    ("doesn't work", Kind::Problem),
    ("does not work", Kind::Problem),
    ("stopped working", Kind::Problem),
    ("complaint", Kind::Problem),
    ("complain", Kind::Problem),
    ("disappointed", Kind::Problem),
    ("damaged", Kind::Problem),
    ("never arrived", Kind::Problem),
    ("hasn't arrived", Kind::Problem),
    ("still waiting", Kind::Problem),
    ("wrong item", Kind::Problem),
    ("charged twice", Kind::Problem),
    ("works now", Kind::Closed),
    ("working now", Kind::Closed),
    ("it's fixed", Kind::Closed),
    ("that's fixed", Kind::Closed),
    ("all sorted", Kind::Closed),
    ("that's sorted", Kind::Closed),
    ("problem solved", Kind::Closed),
    ("that solved it", Kind::Closed),
    ("that fixed it", Kind::Closed),
    ("all good now", Kind::Closed),
    ("thanks for sorting", Kind::Closed),
    ("thanks for sorting", Kind::Thanks),
    ("thank you for sorting", Kind::Closed),
    ("thank you for sorting", Kind::Thanks),
    ("i understand", Kind::Acknowledged),
    ("i can understand", Kind::Acknowledged),
    ("i can see why", Kind::Acknowledged),
    ("i see why", Kind::Acknowledged),
    ("that shouldn't have happened", Kind::Acknowledged),
    ("that should not have happened", Kind::Acknowledged),
    ("you're right", Kind::Acknowledged),
    ("you are right", Kind::Acknowledged),
    ("i'll sort", Kind::Acknowledged),
    ("we'll sort", Kind::Acknowledged),
    ("let me sort", Kind::Acknowledged),
    ("i'll fix", Kind::Acknowledged),
    ("we'll fix", Kind::Acknowledged),
    ("let me fix", Kind::Acknowledged),
    ("i'll look into", Kind::Acknowledged),
    ("we'll look into", Kind::Acknowledged),
    ("i'll make sure", Kind::Acknowledged),
    ("we'll make sure", Kind::Acknowledged),
    ("i'll put it right", Kind::Acknowledged),
    ("we'll put it right", Kind::Acknowledged),
    ("let me put it right", Kind::Acknowledged),
    ("replacement", Kind::Resolved),
    ("refund", Kind::Resolved),
    ("refunded", Kind::Resolved),
    ("fixed", Kind::Resolved),
    ("resolved", Kind::Resolved),
    ("sorted", Kind::Resolved),
    ("credited", Kind::Resolved),
    ("on its way", Kind::Resolved),
    ("no need to send", Kind::Resolved),
    ("i've sent", Kind::Resolved),
    ("we've sent", Kind::Resolved),
    ("i have sent", Kind::Resolved),
    ("we have sent", Kind::Resolved),
    ("i've arranged", Kind::Resolved),
    ("we've arranged", Kind::Resolved),
    ("i have arranged", Kind::Resolved),
    ("we have arranged", Kind::Resolved),
    ("upgrade", Kind::Upsell),
    ("special offer", Kind::Upsell),
    ("would you like to add", Kind::Upsell),
    ("add insurance", Kind::Upsell),
    ("extended warranty", Kind::Upsell),
    ("is there anything else", Kind::Upsell),
    ("anything else i can help", Kind::Upsell),
    ("anything else i can do", Kind::Upsell),
];

/// Role words that "just a" must not precede.
const ROLES: &[&str] = &[
    "agent",
    "assistant",
    "cashier",
    "checkout",
    "cleaner",
    "clerk",
    "driver",
    "intern",
    "junior",
    "operator",
    "porter",
    "receptionist",
    "temp",
    "trainee",
    "waiter",
    "waitress",
];

/// The pronoun a phrase opens with, if it is a self word or a team word, so that "I'll sort it"
/// still counts its "I" for the team-language ratio.
fn opening_pronoun(phrase: &str) -> Option<Kind> {
    let first = phrase.split([' ', '\'']).next()?;
    match first {
        "i" | "me" | "my" => Some(Kind::Myself),
        "we" | "us" | "our" | "let" => Some(Kind::Team),
        _ => None,
    }
}

/// Checks written replies for phrasing that undermines service or leadership.
///
/// Built-in rules (the phrase lists are the crate's; each rule says where it comes from in the
/// [conversation docs](crate::conversation)):
///
/// - [`Rule::NoProblem`]: "no problem" (or "no worries", "not a problem") when the message
///   answered, or the reply before it, thanked; suggest "my pleasure";
/// - [`Rule::Opinion`]: an opinion marker: "in my opinion", "in my view", "my opinion", "can I
///   give you my opinion", "if you ask me" ...; not flagged when the message answered asked for
///   a view ("what would you do?", "what do you think?");
/// - [`Rule::AccusatoryYou`]: "you should have", "you didn't", "your fault" and similar;
/// - [`Rule::GoNotLetsGo`]: "go" opening a sentence in a message to the team
///   ([`Audience::Team`]), where "let's go" would lead; never in a reply to a customer, where
///   "Go to Settings" is an instruction;
/// - [`Rule::BelittlingRole`]: "just a", "only a" before a role word ("just a checkout
///   operator"); language should build responsibility, never belittle a role;
/// - [`Rule::UpsellOnProblem`]: in a reply to a customer whose message reports a problem that
///   is still open (broken, not working, a complaint), an offer ("upgrade", "extended
///   warranty") or a reflexive "is there anything else" that comes *before* the reply resolves
///   the problem ("I've sent a replacement", "refunded") or owns it ("I understand", "I'll sort
///   it", "that shouldn't have happened"). A bare apology ("sorry to hear that") is not enough:
///   it is what feigned empathy sounds like.
///
/// A team adds its own [`PhraseRule`]s (a required greeting, a required closing, forbidden
/// phrases) with [`ReplyChecker::with_rules`]; they are compiled into the same automaton as the
/// built-in phrases, so a reply is still read once.
///
/// It also counts team words, self words and accusatory phrases for the
/// [team-language ratio](ReplyReport::team_language_ratio), and [reads](ReplyChecker::read) a
/// customer's message for thanks, an open problem, a request for a view and an opinion.
///
/// Matching ignores ASCII case and accepts only whole words (a phrase preceded or followed by a
/// letter or digit, in any script, does not count). Any UTF-8 input is fine, and a finding's span
/// always lies on character boundaries. Building the automaton takes a few milliseconds (more in
/// a debug build), checking a short reply well under one: build the checker once and reuse it
/// (it is `Send + Sync`, so one can serve every thread).
#[derive(Debug, Clone)]
pub struct ReplyChecker {
    matcher: AhoCorasick,
    /// What each pattern of the matcher means, by pattern id.
    meanings: Vec<Vec<Kind>>,
    rules: Vec<Arc<PhraseRule>>,
}

impl ReplyChecker {
    /// Builds the checker with the built-in rules only.
    ///
    /// # Errors
    ///
    /// [`Error::Matcher`] if the matching engine cannot build its automaton; with the built-in
    /// phrases that does not happen, but the engine's limits are outside this crate's control.
    ///
    /// ```
    /// use service_quality::reply::ReplyChecker;
    ///
    /// let checker = ReplyChecker::new()?;
    /// assert!(checker.check("Happy to help.").findings().is_empty());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn new() -> Result<Self> {
        Self::with_rules([])
    }

    /// Builds the checker with the built-in rules and a team's own, in one automaton.
    ///
    /// # Errors
    ///
    /// [`Error::Matcher`] if the matching engine cannot build its automaton (a limit of the
    /// engine, such as an enormous number of phrases).
    ///
    /// ```
    /// use service_quality::reply::{PhraseRule, ReplyChecker, Rule};
    ///
    /// let closing = PhraseRule::required_closing("sign-off", ["kind regards"], "sign off")?;
    /// let checker = ReplyChecker::with_rules([closing])?;
    /// assert!(checker.check("All done. Kind regards,\nSam").findings().is_empty());
    /// let report = checker.check("All done.");
    /// assert_eq!(report.findings()[0].rule(), Rule::MissingClosing);
    /// assert_eq!(report.findings()[0].span(), 9..9);
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn with_rules(rules: impl IntoIterator<Item = PhraseRule>) -> Result<Self> {
        let rules: Vec<Arc<PhraseRule>> = rules.into_iter().map(Arc::new).collect();
        let mut patterns: Vec<String> = Vec::new();
        let mut meanings: Vec<Vec<Kind>> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut add = |phrase: &str, kind: Kind| {
            let key = phrase.to_ascii_lowercase();
            let curly = key.contains('\'').then(|| key.replace('\'', "\u{2019}"));
            for key in [Some(key), curly].into_iter().flatten() {
                let id = *index.entry(key.clone()).or_insert_with(|| {
                    patterns.push(key);
                    meanings.push(Vec::new());
                    meanings.len() - 1
                });
                if let Some(kinds) = meanings.get_mut(id)
                    && !kinds.contains(&kind)
                {
                    kinds.push(kind);
                }
            }
        };
        for &(phrase, kind) in PHRASES {
            add(phrase, kind);
            if matches!(kind, Kind::Acknowledged | Kind::Resolved)
                && let Some(pronoun) = opening_pronoun(phrase)
            {
                add(phrase, pronoun);
            }
        }
        for (i, rule) in rules.iter().enumerate() {
            for phrase in rule.phrases() {
                add(phrase, Kind::Custom(i));
            }
        }
        // A DFA: the fastest search, and a few hundred short phrases keep it small. Left to
        // choose, the engine picks a slower NFA once there are more than about a hundred.
        let matcher = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&patterns)
            .map_err(|e| Error::Matcher {
                reason: e.to_string(),
            })?;
        Ok(ReplyChecker {
            matcher,
            meanings,
            rules,
        })
    }

    /// The team's own rules, in the order given.
    pub fn rules(&self) -> impl Iterator<Item = &PhraseRule> + '_ {
        self.rules.iter().map(|r| &**r)
    }

    /// Checks a reply to a customer on its own.
    pub fn check(&self, reply: &str) -> ReplyReport {
        self.check_with(reply, &ReplyContext::new())
    }

    /// Checks a reply to a customer's message `previous` (so that "no problem" in answer to
    /// thanks, or an offer in answer to a problem, is caught).
    pub fn check_in_reply_to(&self, reply: &str, previous: &str) -> ReplyReport {
        self.check_with(reply, &ReplyContext::new().in_reply_to(previous))
    }

    /// Checks a reply in a context: the message it answers and who it is written to.
    pub fn check_with(&self, reply: &str, context: &ReplyContext<'_>) -> ReplyReport {
        let incoming = context.previous.map(|p| self.read(p)).unwrap_or_default();
        self.scan(reply, &incoming, context.audience)
    }

    /// Reads a message the reply will answer: thanks, an open problem, a request for a view,
    /// and an opinion (with the steps to meet it).
    ///
    /// ```
    /// use service_quality::reply::ReplyChecker;
    ///
    /// let checker = ReplyChecker::new()?;
    /// let message = "My kettle stopped working. What would you do?";
    /// let incoming = checker.read(message);
    /// assert!(incoming.reports_problem() && incoming.asks_for_view());
    /// assert!(incoming.opinion().is_none());
    /// assert!(!checker.read("It works now, thank you!").reports_problem());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn read(&self, message: &str) -> Incoming {
        let mut incoming = Incoming::default();
        for (kinds, span) in self.words(message) {
            for &kind in kinds {
                match kind {
                    Kind::Thanks => incoming.thanked = true,
                    Kind::Problem => incoming.problem = true,
                    Kind::Closed => incoming.closed = true,
                    Kind::AskedView => incoming.asked_for_view = true,
                    Kind::Opinion if incoming.opinion.is_none() => {
                        incoming.opinion = Some(span.clone());
                    }
                    _ => {}
                }
            }
        }
        incoming
    }

    /// Whole-word phrase matches in `text`, with what each means.
    fn words<'a>(&'a self, text: &'a str) -> impl Iterator<Item = (&'a [Kind], Range<usize>)> + 'a {
        self.matcher.find_iter(text).filter_map(move |m| {
            let kinds = self.meanings.get(m.pattern().as_usize())?;
            let before = text.get(..m.start())?.chars().next_back();
            let after = text.get(m.end()..)?.chars().next();
            let is_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
            (!is_word(before) && !is_word(after)).then(|| (kinds.as_slice(), m.range()))
        })
    }

    fn scan(&self, reply: &str, incoming: &Incoming, audience: Audience) -> ReplyReport {
        let mut thanked = incoming.thanked;
        let problem_open = incoming.reports_problem() && audience == Audience::Customer;
        let mut owned = false;
        // Only worth finding when a team has rules (which may ask for a greeting or a closing).
        let (greeting_end, closing_start) = if self.rules.is_empty() {
            (0, usize::MAX)
        } else {
            (first_sentence_end(reply), last_sentence_start(reply))
        };
        let mut met = vec![false; self.rules.len()];
        let mut report = ReplyReport::default();
        for (kinds, span) in self.words(reply) {
            for &kind in kinds {
                let mut span = span.clone();
                let mut custom = None;
                let rule = match kind {
                    Kind::Thanks => {
                        thanked = true;
                        None
                    }
                    Kind::NoProblem => thanked.then_some(Rule::NoProblem),
                    Kind::Opinion => (!incoming.asked_for_view).then_some(Rule::Opinion),
                    Kind::Diminisher => role_after(reply, span.end).map(|end| {
                        span.end = end;
                        Rule::BelittlingRole
                    }),
                    Kind::AskedView | Kind::Problem | Kind::Closed => None,
                    Kind::Acknowledged | Kind::Resolved => {
                        owned = true;
                        None
                    }
                    Kind::Upsell => (problem_open && !owned).then_some(Rule::UpsellOnProblem),
                    Kind::Team | Kind::LetsGo => {
                        report.team_words += 1;
                        None
                    }
                    Kind::Myself => {
                        report.self_words += 1;
                        None
                    }
                    Kind::Accusatory => {
                        report.accusatory += 1;
                        Some(Rule::AccusatoryYou)
                    }
                    Kind::Go => (audience == Audience::Team && opens_sentence(reply, span.start))
                        .then_some(Rule::GoNotLetsGo),
                    Kind::Custom(i) => {
                        let rule = self.rules.get(i);
                        match rule.map(|r| r.kind) {
                            Some(PhraseRuleKind::Forbidden) => {
                                custom = rule.cloned();
                                Some(Rule::ForbiddenPhrase)
                            }
                            Some(PhraseRuleKind::RequiredGreeting) => {
                                if span.start < greeting_end {
                                    mark(&mut met, i);
                                }
                                None
                            }
                            Some(PhraseRuleKind::RequiredClosing) => {
                                if span.start >= closing_start {
                                    mark(&mut met, i);
                                }
                                None
                            }
                            None => None,
                        }
                    }
                };
                if let Some(rule) = rule {
                    report.findings.push(Finding {
                        rule,
                        span,
                        phrase_rule: custom,
                    });
                }
            }
        }
        let missing = |kind: PhraseRuleKind, at: usize| {
            self.rules
                .iter()
                .zip(&met)
                .filter(move |(r, met)| r.kind == kind && !**met)
                .map(move |(r, _)| Finding {
                    rule: kind.rule(),
                    span: at..at,
                    phrase_rule: Some(Arc::clone(r)),
                })
        };
        let greetings: Vec<Finding> = missing(PhraseRuleKind::RequiredGreeting, 0).collect();
        if !greetings.is_empty() {
            report.findings.splice(0..0, greetings);
        }
        report
            .findings
            .extend(missing(PhraseRuleKind::RequiredClosing, reply.len()));
        report
    }
}

/// Records that rule `i` was met.
fn mark(met: &mut [bool], i: usize) {
    if let Some(slot) = met.get_mut(i) {
        *slot = true;
    }
}

/// Where the first sentence ends: the first `.`, `!`, `?` or line break after some text, or the
/// end of the text.
fn first_sentence_end(text: &str) -> usize {
    let start = text.len() - text.trim_start().len();
    text.get(start..)
        .and_then(|rest| rest.find(['.', '!', '?', '\n']))
        .map_or(text.len(), |at| start + at)
}

/// Where the last sentence starts: just after the last `.`, `!` or `?` that has text after it,
/// or the start of the text.
fn last_sentence_start(text: &str) -> usize {
    let body = text.trim_end().trim_end_matches(['.', '!', '?']).trim_end();
    body.rfind(['.', '!', '?']).map_or(0, |at| at + 1)
}

/// If the word after `at` (past white space) is a role word, where that word ends.
fn role_after(text: &str, at: usize) -> Option<usize> {
    let rest = text.get(at..)?;
    let word_start = at + (rest.len() - rest.trim_start().len());
    let word: String = text
        .get(word_start..)?
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect();
    let lower = word.to_lowercase();
    ROLES
        .contains(&lower.as_str())
        .then_some(word_start + word.len())
}

/// Whether the text before `start` ends a sentence (or a line, or is empty).
fn opens_sentence(text: &str, start: usize) -> bool {
    let before = text.get(..start).unwrap_or("");
    let trimmed = before.trim_end();
    trimmed.is_empty()
        || before
            .get(trimmed.len()..)
            .is_some_and(|gap| gap.contains('\n'))
        || trimmed.ends_with(['.', '!', '?', ':', ';'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(report: &ReplyReport) -> Vec<Rule> {
        report.findings().iter().map(Finding::rule).collect()
    }

    fn checker() -> ReplyChecker {
        ReplyChecker::new().unwrap()
    }

    fn to_team() -> ReplyContext<'static> {
        ReplyContext::new().to(Audience::Team)
    }

    #[test]
    fn no_problem_only_after_thanks() {
        let c = checker();
        assert!(rules(&c.check("No problem, the parcel is on its way.")).is_empty());
        assert_eq!(
            rules(&c.check("Thanks for waiting. No problem at all!")),
            [Rule::NoProblem]
        );
        assert_eq!(
            rules(&c.check_in_reply_to("no worries!", "thank you so much")),
            [Rule::NoProblem]
        );
        assert_eq!(
            rules(&c.check_in_reply_to("No problem!", "Thanks for sorting that out.")),
            [Rule::NoProblem]
        );
    }

    #[test]
    fn whole_words_only_in_any_script() {
        let c = checker();
        let r = c.check("The hour is gone; wéwe usé ourselves");
        assert_eq!((r.team_words(), r.self_words()), (0, 0));
        assert!(r.findings().is_empty());
    }

    #[test]
    fn go_at_the_start_of_a_sentence_to_the_team_only() {
        let c = checker();
        assert_eq!(
            rules(&c.check_with("Go and fix it.", &to_team())),
            [Rule::GoNotLetsGo]
        );
        assert_eq!(
            rules(&c.check_with("Done. go check", &to_team())),
            [Rule::GoNotLetsGo]
        );
        assert!(rules(&c.check_with("Let's go and fix it.", &to_team())).is_empty());
        assert!(rules(&c.check_with("We can go later.", &to_team())).is_empty());
        // Regression: an instruction to a customer is not an order.
        assert!(rules(&c.check("Go to Settings, then Privacy.")).is_empty());
        assert!(rules(&c.check("Go and fix it.")).is_empty());
    }

    #[test]
    fn pronoun_balance_counts_each_kind() {
        let c = checker();
        let r = c.check("We'll sort it: I checked and you didn't get our email. Let's go!");
        // "We'll sort" owns the problem and still counts its "we".
        assert_eq!((r.team_words(), r.self_words(), r.accusatory()), (3, 1, 1));
        assert_eq!(r.team_language_ratio(), Some(0.6));
    }

    #[test]
    fn curly_apostrophes_count_too() {
        let c = checker();
        let r = c.check("Let\u{2019}s go.");
        assert_eq!(r.team_words(), 1);
        assert!(r.findings().is_empty());
        let r = c.check_in_reply_to(
            "That shouldn\u{2019}t have happened. Is there anything else?",
            "It's broken.",
        );
        assert!(r.findings().is_empty());
    }

    #[test]
    fn belittling_a_role_is_caught_with_the_role_in_the_span() {
        let c = checker();
        let text = "She's just a checkout operator, so ask a manager.";
        let r = c.check(text);
        assert_eq!(rules(&r), [Rule::BelittlingRole]);
        assert_eq!(r.findings()[0].text(text), Some("just a checkout"));
        assert!(rules(&c.check("It's just a minute away.")).is_empty());
    }

    #[test]
    fn sentences_for_greetings_and_closings() {
        assert_eq!(first_sentence_end("  Hi Sam! Thanks."), 8);
        assert_eq!(first_sentence_end("Dear Sam,\nThanks."), 9);
        assert_eq!(first_sentence_end("no end"), 6);
        assert_eq!(last_sentence_start("Done. Kind regards,\nSam"), 5);
        assert_eq!(last_sentence_start("Done. Thanks!  "), 5);
        assert_eq!(last_sentence_start("Thanks"), 0);
        assert_eq!(last_sentence_start(""), 0);
    }

    #[test]
    fn a_phrase_in_several_rules_fires_each() {
        let forbid = PhraseRule::forbidden("no worries", ["no worries"], "my pleasure").unwrap();
        let c = ReplyChecker::with_rules([forbid]).unwrap();
        let r = c.check_in_reply_to("No worries!", "Thanks!");
        assert_eq!(rules(&r), [Rule::NoProblem, Rule::ForbiddenPhrase]);
        assert_eq!(r.findings()[0].suggestion(), "my pleasure");
        assert!(r.findings()[0].phrase_rule().is_none());
        assert_eq!(
            r.findings()[1].phrase_rule().map(PhraseRule::name),
            Some("no worries")
        );
    }
}
