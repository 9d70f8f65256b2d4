//! In the conversation: how to respond to a customer's conduct, the do's and don'ts of a
//! difficult conversation, and a checker for agents' and leaders' written replies.
//!
//! # Examples
//!
//! ```
//! use service_quality::conversation::{ReplyChecker, Rule};
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

use aho_corasick::{AhoCorasick, MatchKind};
use enum_map::EnumMap;

use crate::macros::named_enum;
use crate::{Error, Result, Score};

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
        let mut list = Checklist::default();
        for habit in observed {
            list.observed[habit] = true;
        }
        list
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
    /// A rule of the reply checker.
    #[non_exhaustive]
    pub enum Rule as "reply rule",
        expecting "one of: no_problem, opinion, accusatory_you, go_not_lets_go, belittling_role, \
                   upsell_on_problem"
    {
        /// "No problem" in answer to thanks.
        NoProblem,
        /// An opinion marker: the reply gives an opinion, not feedback.
        Opinion,
        /// Accusatory "you" phrasing.
        AccusatoryYou,
        /// A bare "go" that sends people off instead of "let's go".
        GoNotLetsGo,
        /// A role belittled with "just a" or "only a" ("just a checkout operator").
        BelittlingRole,
        /// An up-sell, or a reflexive "anything else?", in answer to a customer's problem.
        UpsellOnProblem,
    }
}

impl Rule {
    /// What the rule finds wrong.
    pub const fn message(self) -> &'static str {
        match self {
            Rule::NoProblem => "\"no problem\" after thanks makes the help sound like a chore",
            Rule::Opinion => {
                "this states an opinion, which is personal; feedback is factual and aims at a change"
            }
            Rule::AccusatoryYou => "accusatory \"you\" puts the blame on the person",
            Rule::GoNotLetsGo => "a bare \"go\" sends people off alone",
            Rule::BelittlingRole => "\"just a\" belittles a role and the person in it",
            Rule::UpsellOnProblem => {
                "offering more before the problem is solved reads as feigned empathy"
            }
        }
    }

    /// What to write instead.
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
                "solve the problem first and show you understood it; offer extras only if asked"
            }
        }
    }
}

/// One thing the checker found: the rule, where (a byte range of the input, always on character
/// boundaries), and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Finding {
    rule: Rule,
    span: Range<usize>,
}

impl Finding {
    /// The rule that fired.
    pub const fn rule(&self) -> Rule {
        self.rule
    }

    /// The byte range of the offending text in the checked reply.
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

    /// What to write instead.
    pub const fn suggestion(&self) -> &'static str {
        self.rule.suggestion()
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
    /// phrase the checker knows is part of that phrase, not counted here: the "my" of "in my
    /// view" makes an opinion finding.
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

/// What a phrase in the matcher means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Thanks,
    NoProblem,
    Opinion,
    Team,
    LetsGo,
    Myself,
    Accusatory,
    Go,
    Diminisher,
    Problem,
    Upsell,
}

/// The phrases the checker looks for, lowercase; matched ASCII-case-insensitively as whole
/// words, longest first at each position.
const PHRASES: &[(&str, Kind)] = &[
    ("thanks", Kind::Thanks),
    ("thank you", Kind::Thanks),
    ("thank u", Kind::Thanks),
    ("thx", Kind::Thanks),
    ("cheers", Kind::Thanks),
    ("no problem", Kind::NoProblem),
    ("no problems", Kind::NoProblem),
    ("not a problem", Kind::NoProblem),
    ("no prob", Kind::NoProblem),
    ("no worries", Kind::NoProblem),
    ("in my opinion", Kind::Opinion),
    ("in my view", Kind::Opinion),
    ("my opinion is", Kind::Opinion),
    ("we", Kind::Team),
    ("us", Kind::Team),
    ("our", Kind::Team),
    ("ours", Kind::Team),
    ("let's", Kind::Team),
    ("let\u{2019}s", Kind::Team),
    ("let's go", Kind::LetsGo),
    ("let\u{2019}s go", Kind::LetsGo),
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
    ("stopped working", Kind::Problem),
    ("complaint", Kind::Problem),
    ("complain", Kind::Problem),
    ("disappointed", Kind::Problem),
    ("damaged", Kind::Problem),
    ("upgrade", Kind::Upsell),
    ("special offer", Kind::Upsell),
    ("would you like to add", Kind::Upsell),
    ("add insurance", Kind::Upsell),
    ("extended warranty", Kind::Upsell),
    ("is there anything else", Kind::Upsell),
    ("anything else i can help", Kind::Upsell),
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

/// Checks written replies for phrasing that undermines service or leadership.
///
/// Rules:
///
/// - [`Rule::NoProblem`]: "no problem" (or "no worries", "not a problem") when the customer's
///   message, or the reply before it, thanked; suggest "my pleasure";
/// - [`Rule::Opinion`]: "in my opinion", "in my view", "my opinion is";
/// - [`Rule::AccusatoryYou`]: "you should have", "you didn't", "your fault" and similar;
/// - [`Rule::GoNotLetsGo`]: "go" opening a sentence, as an order, where "let's go" would lead;
/// - [`Rule::BelittlingRole`]: "just a", "only a" before a role word ("just a checkout
///   operator"); language should build responsibility, never belittle a role;
/// - [`Rule::UpsellOnProblem`]: an up-sell ("upgrade", "extended warranty", "special offer") or
///   a reflexive "is there anything else" when the message answered reports a problem (broken,
///   faulty, not working, a complaint): a customer with a problem wants to be understood first.
///
/// It also counts team words, self words and accusatory phrases for the
/// [team-language ratio](ReplyReport::team_language_ratio).
///
/// Matching ignores ASCII case and accepts only whole words (a phrase preceded or followed by a
/// letter or digit, in any script, does not count). Any UTF-8 input is fine, and a finding's span
/// always lies on character boundaries. Build the checker once and reuse it.
#[derive(Debug, Clone)]
pub struct ReplyChecker {
    matcher: AhoCorasick,
}

impl ReplyChecker {
    /// Builds the checker.
    ///
    /// # Errors
    ///
    /// [`Error::Matcher`] if the matching engine cannot build its automaton; with the built-in
    /// phrases that does not happen, but the engine's limits are outside this crate's control.
    ///
    /// ```
    /// use service_quality::conversation::ReplyChecker;
    ///
    /// let checker = ReplyChecker::new()?;
    /// assert!(checker.check("Happy to help.").findings().is_empty());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn new() -> Result<Self> {
        let matcher = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(PHRASES.iter().map(|(p, _)| p))
            .map_err(|e| Error::Matcher {
                reason: e.to_string(),
            })?;
        Ok(ReplyChecker { matcher })
    }

    /// Checks a reply on its own.
    pub fn check(&self, reply: &str) -> ReplyReport {
        self.scan(reply, Context::default())
    }

    /// Checks a reply to `previous`, the message it answers (so that "no problem" in answer to
    /// a customer's thanks is caught).
    pub fn check_in_reply_to(&self, reply: &str, previous: &str) -> ReplyReport {
        let (mut thanked, mut problem) = (false, false);
        for (kind, _) in self.words(previous) {
            thanked |= kind == Kind::Thanks;
            problem |= kind == Kind::Problem;
        }
        self.scan(reply, Context { thanked, problem })
    }

    /// Whole-word phrase matches in `text`.
    fn words<'a>(&'a self, text: &'a str) -> impl Iterator<Item = (Kind, Range<usize>)> + 'a {
        self.matcher.find_iter(text).filter_map(move |m| {
            let kind = PHRASES.get(m.pattern().as_usize()).map(|&(_, k)| k)?;
            let before = text.get(..m.start())?.chars().next_back();
            let after = text.get(m.end()..)?.chars().next();
            let is_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
            (!is_word(before) && !is_word(after)).then(|| (kind, m.range()))
        })
    }

    fn scan(&self, reply: &str, context: Context) -> ReplyReport {
        let Context {
            mut thanked,
            problem,
        } = context;
        let mut report = ReplyReport::default();
        for (kind, mut span) in self.words(reply) {
            let rule = match kind {
                Kind::Thanks => {
                    thanked = true;
                    None
                }
                Kind::NoProblem => thanked.then_some(Rule::NoProblem),
                Kind::Diminisher => role_after(reply, span.end).map(|end| {
                    span.end = end;
                    Rule::BelittlingRole
                }),
                Kind::Problem => None,
                Kind::Upsell => problem.then_some(Rule::UpsellOnProblem),
                Kind::Opinion => Some(Rule::Opinion),
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
                Kind::Go => opens_sentence(reply, span.start).then_some(Rule::GoNotLetsGo),
            };
            if let Some(rule) = rule {
                report.findings.push(Finding { rule, span });
            }
        }
        report
    }
}

/// What the message being answered said.
#[derive(Debug, Clone, Copy, Default)]
struct Context {
    thanked: bool,
    problem: bool,
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
        || before[trimmed.len()..].contains('\n')
        || trimmed.ends_with(['.', '!', '?', ':', ';'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(report: &ReplyReport) -> Vec<Rule> {
        report.findings().iter().map(Finding::rule).collect()
    }

    #[test]
    fn no_problem_only_after_thanks() {
        let c = ReplyChecker::new().unwrap();
        assert!(rules(&c.check("No problem, the parcel is on its way.")).is_empty());
        assert_eq!(
            rules(&c.check("Thanks for waiting. No problem at all!")),
            [Rule::NoProblem]
        );
        assert_eq!(
            rules(&c.check_in_reply_to("no worries!", "thank you so much")),
            [Rule::NoProblem]
        );
    }

    #[test]
    fn whole_words_only_in_any_script() {
        let c = ReplyChecker::new().unwrap();
        let r = c.check("The hour is gone; wéwe usé ourselves");
        assert_eq!((r.team_words(), r.self_words()), (0, 0));
        assert!(r.findings().is_empty());
    }

    #[test]
    fn go_at_the_start_of_a_sentence_only() {
        let c = ReplyChecker::new().unwrap();
        assert_eq!(rules(&c.check("Go and fix it.")), [Rule::GoNotLetsGo]);
        assert_eq!(rules(&c.check("Done. go check")), [Rule::GoNotLetsGo]);
        assert!(rules(&c.check("Let's go and fix it.")).is_empty());
        assert!(rules(&c.check("We can go later.")).is_empty());
    }

    #[test]
    fn pronoun_balance_counts_each_kind() {
        let c = ReplyChecker::new().unwrap();
        let r = c.check("We'll sort it: I checked and you didn't get our email. Let's go!");
        assert_eq!((r.team_words(), r.self_words(), r.accusatory()), (3, 1, 1));
        assert_eq!(r.team_language_ratio(), Some(0.6));
    }

    #[test]
    fn curly_apostrophes_count_too() {
        let c = ReplyChecker::new().unwrap();
        let r = c.check("Let\u{2019}s go.");
        assert_eq!(r.team_words(), 1);
        assert!(r.findings().is_empty());
    }

    #[test]
    fn belittling_a_role_is_caught_with_the_role_in_the_span() {
        let c = ReplyChecker::new().unwrap();
        let text = "She's just a checkout operator, so ask a manager.";
        let r = c.check(text);
        assert_eq!(rules(&r), [Rule::BelittlingRole]);
        assert_eq!(r.findings()[0].text(text), Some("just a checkout"));
        assert!(rules(&c.check("It's just a minute away.")).is_empty());
    }

    #[test]
    fn upselling_only_counts_against_a_problem() {
        let c = ReplyChecker::new().unwrap();
        let reply = "Sorry about that. Would you like to add an extended warranty?";
        assert_eq!(
            rules(&c.check_in_reply_to(reply, "My kettle is broken again.")),
            [Rule::UpsellOnProblem, Rule::UpsellOnProblem]
        );
        assert!(rules(&c.check_in_reply_to(reply, "I'd like a kettle.")).is_empty());
    }

    #[test]
    fn abuse_is_never_continued() {
        for upset in [Action::Continue, Action::DeEscalate, Action::EndPolitely] {
            for rude in [Action::Continue, Action::DeEscalate, Action::EndPolitely] {
                let p = ConductPolicy::new(upset, rude);
                assert_eq!(p.respond(Conduct::Abusive), Action::EndPolitely);
            }
        }
    }
}
