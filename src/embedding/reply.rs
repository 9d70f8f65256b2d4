//! The reply checker: the [`conversation`](crate::conversation) model's rules applied to
//! written replies (phrases the built-in rules and a team's own look for), found in one pass of
//! one automaton.
//!
//! # Where the rules come from
//!
//! - The source: "my pleasure" rather than "no problem" after thanks; an opinion nobody asked
//!   for is not feedback; a boss's accusatory "you" and bare "go" against a leader's "we" and
//!   "let's go"; a role is never belittled ("just a checkout operator"); a customer with a
//!   problem wants it understood and put right, not an offer; saying "I understand", refusing
//!   and closing with "is there anything else?" is feigned empathy; scripts rarely sound human,
//!   and a script that is not working should not be followed.
//! - This crate's defaults: every phrase list, and how the rules read a reply: an offer or a
//!   closing counts only *before* the reply puts the problem right, commits to a step or asks
//!   about it; a refusal cancels a fix named in the same clause; a question counts only in a
//!   sentence that ends with `?`; a required phrase of four words or more is a script.
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
    /// A rule of the reply checker. Each variant says where the rule comes from; the phrases it
    /// looks for are this crate's.
    #[non_exhaustive]
    pub enum Rule as "reply rule",
        expecting "one of: no_problem, opinion, accusatory_you, go_not_lets_go, belittling_role, \
                   upsell_on_problem, feigned_empathy, premature_closing, missing_greeting, \
                   missing_closing, forbidden_phrase"
    {
        /// "No problem" in answer to thanks (the source: it makes the help sound like a chore).
        NoProblem,
        /// An opinion marker the other person did not ask for: the reply gives an opinion, not
        /// feedback (the source).
        Opinion,
        /// Accusatory "you" phrasing (the source: the boss's "you" against the leader's "we").
        AccusatoryYou,
        /// A bare "go" that sends the team off instead of "let's go" (the source).
        GoNotLetsGo,
        /// A role belittled with "just a" or "only a" ("just a checkout operator"; the source).
        BelittlingRole,
        /// An offer (an upgrade, an extended warranty) to a customer whose problem is still
        /// open, before the reply puts it right, commits to a step or asks about it (the
        /// source: a customer with a problem wants it understood, not sold to).
        UpsellOnProblem,
        /// The reply says it understands the customer, or that they are right, and then
        /// refuses, offers something else or closes, without putting the problem right,
        /// committing to a step or asking about it (the source's feigned empathy: "I
        /// understand", a refusal, "is there anything else?").
        FeignedEmpathy,
        /// "Is there anything else?" to a customer whose problem is still open, before the
        /// reply puts it right, commits to a step or asks about it (the source: the closing of
        /// the call that lost the customer).
        PrematureClosing,
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
                "offering more before the problem is put right or taken on puts the sale before \
                 the customer"
            }
            Rule::FeignedEmpathy => {
                "saying you understand and then refusing or moving on, with nothing done about \
                 the problem, is feigned empathy"
            }
            Rule::PrematureClosing => {
                "asking \"is there anything else?\" while the problem is still open closes the \
                 conversation on the customer"
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
            Rule::FeignedEmpathy => {
                "show the understanding: say what you will do and by when, offer what you can \
                 instead, or ask about the problem"
            }
            Rule::PrematureClosing => {
                "put the problem right or say what happens next before closing; ask about this \
                 problem rather than for another one"
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
        /// `!`, `?` or line break). Scripts rarely sound human (the source): offer several
        /// natural greetings rather than one fixed sentence (see [`PhraseRule::is_scripted`]).
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
/// # Scripts
///
/// The source warns that scripted lines rarely sound human, and counts carrying on with a script
/// that is not working among the don'ts of a difficult conversation
/// ([`Habit::FollowFailingScript`](crate::conversation::Habit::FollowFailingScript)). A required
/// greeting or closing is therefore best a choice of short, natural openings ("hi", "hello",
/// "good morning") rather than one sentence every reply must recite. This crate calls a required
/// rule *scripted* when every phrase it accepts is at least [`PhraseRule::SCRIPT_WORDS`] words
/// long ([`PhraseRule::is_scripted`]; the threshold is this crate's), and a finding from such a
/// rule carries that caution as its [note](Finding::note).
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

    /// How many words a required phrase has before this crate calls it a script: four ("thank
    /// you for calling" is a script, "good morning" is a greeting). This crate's threshold.
    pub const SCRIPT_WORDS: usize = 4;

    /// Whether the rule makes every reply recite a script: it requires a greeting or a closing,
    /// and every phrase it accepts is at least [`SCRIPT_WORDS`](Self::SCRIPT_WORDS) words long.
    /// A forbidden-phrase rule is never scripted. Scripts rarely sound human (the source), so a
    /// finding from a scripted rule carries a [note](Finding::note) saying so.
    ///
    /// ```
    /// use service_quality::reply::PhraseRule;
    ///
    /// let script = PhraseRule::required_greeting(
    ///     "script",
    ///     ["thank you for calling Acme support"],
    ///     "read the script",
    /// )?;
    /// assert!(script.is_scripted());
    /// let choice = PhraseRule::required_greeting(
    ///     "greeting",
    ///     ["thank you for calling Acme support", "hi", "good morning"],
    ///     "greet the customer",
    /// )?;
    /// assert!(!choice.is_scripted()); // "hi" will do
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn is_scripted(&self) -> bool {
        self.kind != PhraseRuleKind::Forbidden
            && self
                .phrases
                .iter()
                .all(|p| p.split_whitespace().count() >= Self::SCRIPT_WORDS)
    }
}

/// The note a finding from a scripted rule carries.
const SCRIPT_CAUTION: &str = "this rule asks every reply to recite a script, and scripts rarely \
                              sound human; accept a few natural phrasings, and drop a script \
                              that is not working";

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

    /// A caution for whoever reads the finding, if there is one: for a finding from a
    /// [scripted](PhraseRule::is_scripted) rule, that scripts rarely sound human and that a
    /// script which is not working should be dropped (the source), so the missing phrase may be
    /// the rule's fault rather than the writer's.
    ///
    /// ```
    /// use service_quality::reply::{PhraseRule, ReplyChecker, Rule};
    ///
    /// let script = PhraseRule::required_greeting(
    ///     "script",
    ///     ["thank you for contacting Acme support"],
    ///     "open with the script",
    /// )?;
    /// let checker = ReplyChecker::with_rules([script])?;
    /// let report = checker.check("Hi Sam, your parcel left the depot this morning.");
    /// assert_eq!(report.findings()[0].rule(), Rule::MissingGreeting);
    /// assert!(report.findings()[0].note().is_some_and(|n| n.contains("rarely sound human")));
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn note(&self) -> Option<&'static str> {
        self.phrase_rule
            .as_deref()
            .filter(|r| r.is_scripted())
            .map(|_| SCRIPT_CAUTION)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Finding {
    /// `{"rule": "forbidden_phrase", "span": {"start": 7, "end": 23}, "name": "blame the
    /// system", "suggestion": "say what you can do"}`; `name` only for a team's own rule, and
    /// `note` only when the finding has [one](Finding::note).
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(serde::Serialize)]
        struct Form<'a> {
            rule: Rule,
            span: &'a Range<usize>,
            #[serde(skip_serializing_if = "Option::is_none")]
            name: Option<&'a str>,
            suggestion: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            note: Option<&'static str>,
        }
        Form {
            rule: self.rule,
            span: &self.span,
            name: self.phrase_rule().map(PhraseRule::name),
            suggestion: self.suggestion(),
            note: self.note(),
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

    /// Whether the message reports a problem (broken, not working, a complaint, a refund asked
    /// for) and does not also say it is resolved ("it works now", "all sorted").
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
    /// The writer says they understand, or that the customer is right: a claim that takes on
    /// nothing by itself.
    Understood,
    /// The writer commits to a concrete step ("I'll send", "we'll fix").
    Committed,
    /// The writer says what was done to put it right.
    Resolved,
    /// A question about the problem; it counts only in a sentence that ends with `?`.
    Asked,
    /// The writer turns the customer down; a fix named in the same clause does not count.
    Refusal,
    /// A word that ends a clause for [`Kind::Refusal`] ("but", "however").
    Contrast,
    /// An offer of something more.
    Offer,
    /// "Is there anything else?"
    AnythingElse,
    /// A phrase listed only so that a shorter phrase inside it is not matched ("can't wait" is
    /// no refusal).
    Other,
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
    ("fell apart", Kind::Problem),
    ("my money back", Kind::Problem),
    // A customer asks for a refund; in a reply, the same words count only in a question.
    ("want a refund", Kind::Problem),
    ("want a refund", Kind::Asked),
    ("like a refund", Kind::Problem),
    ("like a refund", Kind::Asked),
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
    ("i understand", Kind::Understood),
    ("i can understand", Kind::Understood),
    ("i completely understand", Kind::Understood),
    ("i totally understand", Kind::Understood),
    ("i fully understand", Kind::Understood),
    ("i understand how you feel", Kind::Understood),
    ("i know how you feel", Kind::Understood),
    ("i can see why", Kind::Understood),
    ("i see why", Kind::Understood),
    ("i hear you", Kind::Understood),
    ("can't imagine", Kind::Understood),
    ("cannot imagine", Kind::Understood),
    ("that shouldn't have happened", Kind::Understood),
    ("that should not have happened", Kind::Understood),
    ("you're right", Kind::Understood),
    ("you are right", Kind::Understood),
    ("i'll sort", Kind::Committed),
    ("we'll sort", Kind::Committed),
    ("let me sort", Kind::Committed),
    ("i'll fix", Kind::Committed),
    ("we'll fix", Kind::Committed),
    ("let me fix", Kind::Committed),
    ("i'll look into", Kind::Committed),
    ("we'll look into", Kind::Committed),
    ("i'll make sure", Kind::Committed),
    ("we'll make sure", Kind::Committed),
    ("i'll put it right", Kind::Committed),
    ("we'll put it right", Kind::Committed),
    ("let me put it right", Kind::Committed),
    ("i'll make it right", Kind::Committed),
    ("we'll make it right", Kind::Committed),
    ("i'll send", Kind::Committed),
    ("we'll send", Kind::Committed),
    ("i will send", Kind::Committed),
    ("we will send", Kind::Committed),
    ("i'll arrange", Kind::Committed),
    ("we'll arrange", Kind::Committed),
    ("let me arrange", Kind::Committed),
    ("i'll refund", Kind::Committed),
    ("we'll refund", Kind::Committed),
    ("i'll replace", Kind::Committed),
    ("we'll replace", Kind::Committed),
    ("i'll check", Kind::Committed),
    ("we'll check", Kind::Committed),
    ("let me check", Kind::Committed),
    ("i'll chase", Kind::Committed),
    ("we'll chase", Kind::Committed),
    ("i'll follow up", Kind::Committed),
    ("we'll follow up", Kind::Committed),
    ("i'll get back to you", Kind::Committed),
    ("we'll get back to you", Kind::Committed),
    ("i'll call you", Kind::Committed),
    ("we'll call you", Kind::Committed),
    // Done, not named: a bare "refund" or "replacement" is as likely to be refused ("the refund
    // window has closed") as given, so only the words of a thing done count.
    ("refunded", Kind::Resolved),
    ("issued a refund", Kind::Resolved),
    ("issued your refund", Kind::Resolved),
    ("processed a refund", Kind::Resolved),
    ("processed your refund", Kind::Resolved),
    ("replacement has been sent", Kind::Resolved),
    ("replacement is on", Kind::Resolved),
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
    ("what happened", Kind::Asked),
    ("what went wrong", Kind::Asked),
    ("can you tell me", Kind::Asked),
    ("could you tell me", Kind::Asked),
    ("can you describe", Kind::Asked),
    ("could you describe", Kind::Asked),
    ("can you share", Kind::Asked),
    ("could you share", Kind::Asked),
    ("when did", Kind::Asked),
    ("which order", Kind::Asked),
    ("what would you like", Kind::Asked),
    ("how would you like", Kind::Asked),
    ("what would put it right", Kind::Asked),
    ("what would help", Kind::Asked),
    ("what can we do", Kind::Asked),
    ("what can i do", Kind::Asked),
    ("unfortunately", Kind::Refusal),
    ("out of stock", Kind::Refusal),
    ("no longer", Kind::Refusal),
    ("has closed", Kind::Refusal),
    ("has expired", Kind::Refusal),
    ("can't", Kind::Refusal),
    ("cannot", Kind::Refusal),
    ("can not", Kind::Refusal),
    ("unable to", Kind::Refusal),
    ("not able to", Kind::Refusal),
    ("won't be able to", Kind::Refusal),
    ("not possible", Kind::Refusal),
    ("isn't possible", Kind::Refusal),
    ("no refund", Kind::Refusal),
    ("no refunds", Kind::Refusal),
    ("not eligible", Kind::Refusal),
    ("isn't eligible", Kind::Refusal),
    ("won't refund", Kind::Refusal),
    ("will not refund", Kind::Refusal),
    ("won't replace", Kind::Refusal),
    ("will not replace", Kind::Refusal),
    ("against our policy", Kind::Refusal),
    ("against company policy", Kind::Refusal),
    ("nothing we can do", Kind::Refusal),
    ("nothing i can do", Kind::Refusal),
    ("can't wait", Kind::Other),
    ("can't believe", Kind::Other),
    ("can't thank", Kind::Other),
    ("can't apologise", Kind::Other),
    ("can't apologize", Kind::Other),
    ("but", Kind::Contrast),
    ("however", Kind::Contrast),
    ("upgrade", Kind::Offer),
    ("special offer", Kind::Offer),
    ("would you like to add", Kind::Offer),
    ("add insurance", Kind::Offer),
    ("extended warranty", Kind::Offer),
    ("is there anything else", Kind::AnythingElse),
    ("anything else i can help", Kind::AnythingElse),
    ("anything else i can do", Kind::AnythingElse),
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

/// The self words and team words inside a phrase, so that "I'll sort it" still counts its "I"
/// and "can you tell me" its "me" for the team-language ratio ("let me" is a self word, "let's"
/// a team word).
fn pronouns_in(phrase: &str) -> impl Iterator<Item = Kind> + '_ {
    phrase.split(' ').filter_map(|word| {
        if word == "let's" {
            return Some(Kind::Team);
        }
        match word.split('\'').next() {
            Some("i" | "me" | "my" | "mine" | "myself") => Some(Kind::Myself),
            Some("we" | "us" | "our" | "ours") => Some(Kind::Team),
            _ => None,
        }
    })
}

/// Checks written replies for phrasing that undermines service or leadership.
///
/// Built-in rules. Each rule comes from the source (see the [module docs](self)); the phrase
/// lists, and the way a reply is read, are this crate's defaults:
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
/// - three rules for a reply to a customer whose message reports a problem that is still open
///   (broken, not working, a complaint, a refund asked for). The reply *takes the problem on*
///   when it says what was done ("I've sent a replacement", "refunded"), commits to a concrete
///   step ("I'll send", "we'll fix", "let me check") or asks about the problem in a question
///   ("can you tell me what happened?"). Saying it understands ("I understand how you feel",
///   "you're right") takes nothing on, nor does a bare apology ("sorry to hear that"), and a
///   fix named in a clause that refuses ("we can't refund that order") does not count:
///   - [`Rule::UpsellOnProblem`]: an offer ("upgrade", "extended warranty") before the reply
///     takes the problem on;
///   - [`Rule::PrematureClosing`]: "is there anything else?" before the reply takes the
///     problem on;
///   - [`Rule::FeignedEmpathy`]: a claim of understanding in a reply that refuses, offers
///     something or closes, and never takes the problem on; the finding marks the claim.
///
/// ```
/// use service_quality::reply::{ReplyChecker, Rule};
///
/// let checker = ReplyChecker::new()?;
/// let complaint = "The boots I ordered fell apart in a week. I'd like a refund.";
/// // The source's bad call, in our words: understanding claimed, the refund refused, and the
/// // conversation closed.
/// let feigned = "I understand how you feel, but we can't refund that order. Is there anything \
///                else I can help with?";
/// let rules: Vec<Rule> =
///     checker.check_in_reply_to(feigned, complaint).findings().iter().map(|f| f.rule()).collect();
/// assert_eq!(rules, [Rule::FeignedEmpathy, Rule::PrematureClosing]);
///
/// // The same understanding with a real commitment behind it.
/// let meant = "I understand how you feel. We can't refund that order, but I'll send a new pair \
///              today. Is there anything else I can help with?";
/// assert!(checker.check_in_reply_to(meant, complaint).findings().is_empty());
/// # Ok::<(), service_quality::Error>(())
/// ```
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
            if matches!(
                kind,
                Kind::Understood | Kind::Committed | Kind::Resolved | Kind::Asked | Kind::Refusal
            ) {
                for pronoun in pronouns_in(phrase) {
                    add(phrase, pronoun);
                }
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
        // Whether the reply has so far put the problem right, committed to a step or asked
        // about it; a claim of understanding alone does not count.
        let mut owned = false;
        // The first claim of understanding, and whether the reply then turned the customer
        // away (a refusal, an offer or a closing): together, feigned empathy unless owned.
        let mut claim: Option<Range<usize>> = None;
        let mut turned_away = false;
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
                    Kind::AskedView | Kind::Problem | Kind::Closed | Kind::Contrast => None,
                    Kind::Other => None,
                    Kind::Understood => {
                        claim.get_or_insert(span.clone());
                        None
                    }
                    Kind::Committed | Kind::Resolved => {
                        if !owned && !self.refused(reply, span.start) {
                            owned = true;
                        }
                        None
                    }
                    Kind::Asked => {
                        if ends_in_question(reply, span.end) {
                            owned = true;
                        }
                        None
                    }
                    Kind::Refusal => {
                        turned_away = true;
                        None
                    }
                    Kind::Offer => {
                        turned_away = true;
                        (problem_open && !owned).then_some(Rule::UpsellOnProblem)
                    }
                    Kind::AnythingElse => {
                        turned_away = true;
                        (problem_open && !owned).then_some(Rule::PrematureClosing)
                    }
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
        if let Some(claim) = claim
            && problem_open
            && turned_away
            && !owned
        {
            let at = report
                .findings
                .partition_point(|f| f.span.start <= claim.start);
            report.findings.insert(
                at,
                Finding {
                    rule: Rule::FeignedEmpathy,
                    span: claim,
                    phrase_rule: None,
                },
            );
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

impl ReplyChecker {
    /// Whether the clause of `text` around `at` also refuses: a refusal anywhere between the
    /// clause's punctuation (`,` `;` `:` `.` `!` `?` or a line break) and its contrast words
    /// ("but", "however"). "We can't refund that order" names no refund; "we can't refund it,
    /// but a replacement is on its way" does.
    fn refused(&self, text: &str, at: usize) -> bool {
        const BREAKS: [char; 7] = [',', ';', ':', '.', '!', '?', '\n'];
        let start = text
            .get(..at)
            .and_then(|before| before.rfind(BREAKS))
            .map_or(0, |i| i + 1);
        let end = text
            .get(at..)
            .and_then(|after| after.find(BREAKS))
            .map_or(text.len(), |i| at + i);
        let Some(clause) = text.get(start..end) else {
            return false;
        };
        let at = at - start;
        let mut refusal = false;
        for (kinds, span) in self.words(clause) {
            if kinds.contains(&Kind::Contrast) {
                if span.start > at {
                    break;
                }
                refusal = false;
            } else if kinds.contains(&Kind::Refusal) {
                refusal = true;
            }
        }
        refusal
    }
}

/// Whether the sentence running on from `at` ends with a question mark (the first `.`, `!`, `?`
/// or line break after `at` is a `?`).
fn ends_in_question(text: &str, at: usize) -> bool {
    text.get(at..)
        .and_then(|rest| rest.find(['.', '!', '?', '\n']).and_then(|i| rest.get(i..)))
        .is_some_and(|end| end.starts_with('?'))
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
            "That shouldn\u{2019}t have happened; we\u{2019}ll fix it today. Is there anything \
             else?",
            "It's broken.",
        );
        assert!(r.findings().is_empty());
        // The same acknowledgement with nothing behind it, and a curly "can't" that refuses.
        let r = c.check_in_reply_to(
            "That shouldn\u{2019}t have happened, but we can\u{2019}t refund it. Is there \
             anything else?",
            "It's broken.",
        );
        assert_eq!(rules(&r), [Rule::FeignedEmpathy, Rule::PrematureClosing]);
    }

    /// "Let me" is the writer alone; "let's" is the team.
    #[test]
    fn let_me_counts_as_a_self_word() {
        let c = checker();
        let r = c.check("Let me check that for you.");
        assert_eq!((r.self_words(), r.team_words()), (1, 0));
        let r = c.check("Let's fix it together.");
        assert_eq!((r.self_words(), r.team_words()), (0, 1));
        // A pronoun inside a longer phrase still counts.
        let r = c.check("Can you tell me what happened? It's against our policy, I'm afraid.");
        assert_eq!((r.self_words(), r.team_words()), (2, 1));
    }

    #[test]
    fn a_refusal_cancels_a_fix_in_its_own_clause_only() {
        let c = checker();
        let text = "We can't refund it, but a refund later is possible";
        // The first "refund" shares its clause with "can't"; the second follows the comma.
        assert!(c.refused(text, 9));
        assert!(!c.refused(text, 26));
        let text = "A refund isn't possible";
        assert!(c.refused(text, 2));
        let text = "We can't refund it but a replacement is on its way";
        assert!(c.refused(text, 9));
        assert!(!c.refused(text, 25));
        // "can't wait" and "can't imagine" are not refusals.
        assert!(!c.refused("We can't wait to send the replacement", 26));
        assert!(!c.refused("I can't imagine; the refund is done", 21));
        assert!(!c.refused("", 0));
    }

    #[test]
    fn a_question_is_a_sentence_that_ends_with_a_question_mark() {
        assert!(ends_in_question("Can you tell me what happened?", 15));
        assert!(!ends_in_question("I know what happened. Why?", 12));
        assert!(!ends_in_question("what happened\nok?", 4));
        assert!(!ends_in_question("what happened", 4));
        assert!(ends_in_question("what happened?", 13));
    }

    #[test]
    fn a_required_phrase_of_four_words_is_a_script() {
        let greeting = |phrases: &[&str]| {
            PhraseRule::required_greeting("g", phrases.iter().copied(), "s").unwrap()
        };
        assert!(greeting(&["thank you for calling"]).is_scripted());
        assert!(!greeting(&["thank you for"]).is_scripted());
        assert!(!greeting(&["thank you for calling", "hi"]).is_scripted());
        let closing =
            PhraseRule::required_closing("c", ["is there anything else today"], "s").unwrap();
        assert!(closing.is_scripted());
        let forbidden = PhraseRule::forbidden("f", ["per my last email again"], "s").unwrap();
        assert!(!forbidden.is_scripted());
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
