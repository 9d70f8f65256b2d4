//! Automatic scoring beside people: an automatic scorer's evaluations of the conversations
//! people reviewed, on the same form, kept apart from the people's, compared with them item by
//! item, and trusted item by item only once the comparison shows it can be.
//!
//! An automatic scorer (rules over a transcript, a speech-analytics engine, a language model)
//! fills in the team's own [`Form`] for a conversation a person also reviewed. The two
//! evaluations go into a [`PairedSummary`] as a pair, the automatic one wrapped in an
//! [`AutomaticEvaluation`] so that the two cannot be swapped or mixed by accident: the tally keeps
//! one [`FormSummary`] per [`Scorer`], each exactly the summary that adding that side's
//! evaluations to a `FormSummary` alone would give, and beside them, per item, the table of
//! paired answers.
//!
//! # What is computed per item
//!
//! Over the conversations where *both* answered the item (a pair; an N/A on either side leaves
//! it out, and the reviews where only one side said N/A are counted apart, per side, because a
//! scorer that does not see when an item applies is information too):
//!
//! - **exact agreement**: the share of pairs whose answers are the same, with its score
//!   interval ([`Share`], Wilson's by default: Wilson, 1927);
//! - **kappa** (Cohen, 1960) and **Gwet's AC1** (Gwet, 2008, "Computing inter-rater
//!   reliability and its variance in the presence of high agreement", *British Journal of
//!   Mathematical and Statistical Psychology* 61), each with Gwet's two-rater standard error and
//!   interval: [`PairCounts::coefficient`] with [`Coefficient::Conger`] (Cohen's kappa for two
//!   raters) and [`Coefficient::Gwet`]. `κ = (pₐ − pₑ) / (1 − pₑ)`, where `pₐ` is the (weighted)
//!   share of pairs that agree; kappa takes chance agreement from each side's own shares,
//!   `pₑ = Σ wₖₗ rₖ cₗ`, AC1 from their pooled shares `πₖ`,
//!   `pₑ = T_w / (q(q − 1)) × Σ πₖ(1 − πₖ)`, which stays small when one answer dominates (most
//!   QA items are passed nearly always, and kappa then collapses: the kappa paradox). Items are
//!   weighted as a calibration weighs them ([`ItemWeighting::for_answer`]): a yes/no item
//!   nominally, a rating on a scale with Gwet's ordinal weights (so AC1 is then AC2 and kappa
//!   the weighted kappa), choices by the difference of their points. Every answer the item
//!   allows is a category, used or not (Gwet's `q`);
//! - **bias**: the mean of the paired differences, automatic minus human, of the item's score
//!   (its 0–100 score: a 4 on 1–5 is 75, yes 100), in score points, with the Student t
//!   interval of that mean `d̄ ± t(n − 1) × s_d / √n` (none when every difference is the same).
//!   Above 0 the scorer is more generous than people, below 0 stricter.
//!
//! # The trust rule
//!
//! A [`TrustRule`] says when an item may be scored automatically: when the lower bound of its
//! agreement is at least `t` over at least `n` paired reviews. Which lower bound is the
//! [`TrustMeasure`]: by default Gwet's coefficient (AC1, or AC2 for a weighted item), because it
//! corrects for chance and is robust when one answer dominates; or the Wilson lower bound of
//! exact agreement, for a team that wants the scorer to give the very answer people give. The
//! defaults, `t = 0.8` and `n = 50`, and the reasons for them, are on [`TrustRule`]. Each item's
//! [`TrustVerdict`] names every condition that failed, with its numbers.
//!
//! # Drift
//!
//! A scorer that agreed in March may not in May (a new product, a changed script, a model
//! update). A [`PairedByPeriod`] keeps one paired tally per period (a month's label, a week
//! number: any ordered key) and compares each period's exact agreement with the period before
//! it ([`compare::shares`]), flagging a significant drop.
//!
//! # Examples
//!
//! ```
//! use service_quality::Scale;
//! use service_quality::form::{Answer, Answers, Form, Item};
//! use service_quality::programme::{AutomaticEvaluation, PairedSummary, Scorer, TrustRule};
//!
//! let form = Form::builder("call_review", 1)
//!     .item(Item::yes_no("verification")?)
//!     .item(Item::scale("empathy", Scale::ONE_TO_FIVE)?)
//!     .build()?;
//! let mut paired = PairedSummary::new(&form);
//! for call in 0..60 {
//!     // People pass verification on all but every tenth call, and the scorer sees the same;
//!     // on empathy the scorer gives a 4 where people vary between 2 and 5.
//!     let verified = if call % 10 == 0 { Answer::No } else { Answer::Yes };
//!     let human = Answers::from(vec![verified, Answer::Rating(2 + call % 4)]);
//!     let automatic = Answers::from(vec![verified, Answer::Rating(4)]);
//!     paired.add(
//!         &format!("call-{call}"),
//!         &human.evaluate(&form)?,
//!         &AutomaticEvaluation::new(automatic.evaluate(&form)?),
//!     )?;
//! }
//! let report = paired.report(&TrustRule::default());
//! assert_eq!(report.trusted().collect::<Vec<_>>(), ["verification"]);
//!
//! let empathy = report.item("empathy").unwrap();
//! assert_eq!(empathy.agreement().map(|s| s.count()), Some(15)); // the calls people gave a 4
//! assert!(!empathy.verdict().is_trusted());
//! let why = empathy.verdict().to_string();
//! assert!(why.starts_with("not trusted (Gwet's AC2): lower bound 0."), "{why}");
//! // People gave 2, 3, 4, 5 in turn (25 to 100, mean 62.5); the scorer always 75.
//! assert_eq!(empathy.bias().map(|b| b.mean()), Some(12.5));
//!
//! // The two sides stay apart: each has its own summary of the same form.
//! assert_eq!(paired.summary(Scorer::Human).count(), 60);
//! let scorer = paired.summary(Scorer::Automatic).item("empathy");
//! assert_eq!(scorer.and_then(|i| i.mean()).map(|s| s.get()), Some(75.0));
//! # Ok::<(), service_quality::Error>(())
//! ```

use core::fmt;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::Merge;
use crate::form::{Answer, AnswerType, Evaluation, Form, FormSummary, Item};
use crate::metrics::compare::{self, Difference};
use crate::metrics::{Interval, Level, Moments, Share, ShareMethod};
use crate::reliability::{
    AgreementOptions, AgreementOutcome, Coefficient, ItemWeighting, PairCounts,
};
use crate::scoring::macros::named_enum;
use crate::scoring::{Error, Result, TryMerge};

named_enum! {
    /// Who scored an evaluation: a person or an automatic scorer. It picks one side of a
    /// [`PairedSummary`] ([`PairedSummary::summary`]) and of an item's one-sided N/A counts.
    ///
    /// The enum is closed on purpose: a pair has exactly these two sides.
    ///
    /// ```
    /// use service_quality::programme::Scorer;
    ///
    /// assert_eq!(Scorer::Automatic.to_string(), "automatic");
    /// assert_eq!("Human".parse::<Scorer>()?, Scorer::Human);
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub enum Scorer as "scorer", expecting "one of: human, automatic" {
        /// A person: a QA reviewer, a team lead, a calibration consensus.
        Human,
        /// A scorer outside the crate that fills in the form on its own: rules over a
        /// transcript, a speech-analytics engine, a language model.
        Automatic,
    }
}

named_enum! {
    /// Whose lower bound the [`TrustRule`] holds against its threshold.
    ///
    /// ```
    /// use service_quality::programme::TrustMeasure;
    ///
    /// assert_eq!(TrustMeasure::default(), TrustMeasure::Gwet);
    /// assert_eq!("exact_agreement".parse::<TrustMeasure>()?, TrustMeasure::ExactAgreement);
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    #[derive(Default)]
    #[non_exhaustive]
    pub enum TrustMeasure as "trust measure", expecting "one of: gwet, exact_agreement" {
        /// The lower bound of Gwet's coefficient (AC1 for a yes/no item, AC2 with the item's
        /// weights for a rating or choices), from its t interval with Gwet's standard error.
        /// The default: it corrects for agreement by chance (a coin agrees with people half the
        /// time on a balanced yes/no item) and, unlike kappa, does not collapse when nearly
        /// every answer is the same. Like exact agreement, it cannot tell a scorer that always
        /// gives the common answer from one that finds the rare failures: read kappa beside it
        /// (high AC1 with kappa near 0 is that case).
        #[default]
        Gwet,
        /// The Wilson lower bound of exact agreement (the share of paired answers that are the
        /// same), as a fraction: the plainest reading ("at least 80% of its answers are the
        /// people's, at 95% confidence"), with no credit for near misses on a scale and no
        /// correction for chance.
        ExactAgreement,
    }
}

/// An evaluation made by an automatic scorer: the same [`Evaluation`], marked as the
/// automatic side of a pair so that [`PairedSummary::add`] cannot take it for the human one.
///
/// ```
/// use service_quality::form::{Answer, Answers, Form, Item};
/// use service_quality::programme::AutomaticEvaluation;
///
/// let form = Form::builder("chat_review", 1).item(Item::yes_no("greeting")?).build()?;
/// let answers = Answers::from(vec![Answer::Yes]);
/// let automatic = AutomaticEvaluation::new(answers.evaluate(&form)?);
/// assert_eq!(automatic.evaluation().overall().map(|s| s.get()), Some(100.0));
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AutomaticEvaluation<'a>(Evaluation<'a>);

impl<'a> AutomaticEvaluation<'a> {
    /// Marks `evaluation` as an automatic scorer's.
    pub const fn new(evaluation: Evaluation<'a>) -> Self {
        AutomaticEvaluation(evaluation)
    }

    /// The evaluation.
    pub const fn evaluation(&self) -> &Evaluation<'a> {
        &self.0
    }

    /// The evaluation, unwrapped.
    pub const fn into_inner(self) -> Evaluation<'a> {
        self.0
    }
}

/// One item's paired answers: the table of (human answer, automatic answer) over the reviews
/// where both answered, and the reviews where one side or both said N/A.
///
/// The table is a [`PairCounts`] with the human's answer first and the automatic scorer's
/// second, each as a whole number: a rating as itself, yes 1 and no 0, a choice by its position
/// in the item's list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ItemPairs {
    counts: PairCounts,
    human_only_not_applicable: u64,
    automatic_only_not_applicable: u64,
    both_not_applicable: u64,
}

impl ItemPairs {
    /// The table of paired answers: human first, automatic second.
    pub const fn counts(&self) -> &PairCounts {
        &self.counts
    }

    /// The reviews where both sides answered the item (not N/A).
    pub fn pairs(&self) -> u64 {
        self.counts.pairs()
    }

    /// The pairs whose two answers are the same.
    pub fn agreeing(&self) -> u64 {
        self.counts
            .cells()
            .filter(|&((human, automatic), _)| human == automatic)
            .fold(0, |sum, (_, count)| sum.saturating_add(count))
    }

    /// The reviews where only `scorer` said N/A and the other side answered: the two disagree
    /// on whether the item applies, which no pair counts.
    pub const fn only_not_applicable(&self, scorer: Scorer) -> u64 {
        match scorer {
            Scorer::Human => self.human_only_not_applicable,
            Scorer::Automatic => self.automatic_only_not_applicable,
        }
    }

    /// The reviews where both sides said N/A.
    pub const fn both_not_applicable(&self) -> u64 {
        self.both_not_applicable
    }

    /// Every review counted for the item: pairs, one-sided and two-sided N/A (saturating).
    pub fn reviews(&self) -> u64 {
        self.pairs()
            .saturating_add(self.human_only_not_applicable)
            .saturating_add(self.automatic_only_not_applicable)
            .saturating_add(self.both_not_applicable)
    }

    fn add(&mut self, human: Option<i64>, automatic: Option<i64>) {
        match (human, automatic) {
            (Some(h), Some(a)) => self.counts.add(h, a),
            (None, Some(_)) => self.human_only_not_applicable += 1,
            (Some(_), None) => self.automatic_only_not_applicable += 1,
            (None, None) => self.both_not_applicable += 1,
        }
    }

    fn merge(&mut self, other: &ItemPairs) {
        self.counts.merge(&other.counts);
        self.human_only_not_applicable = self
            .human_only_not_applicable
            .saturating_add(other.human_only_not_applicable);
        self.automatic_only_not_applicable = self
            .automatic_only_not_applicable
            .saturating_add(other.automatic_only_not_applicable);
        self.both_not_applicable = self
            .both_not_applicable
            .saturating_add(other.both_not_applicable);
    }
}

/// A running, mergeable tally of paired reviews of one form: for each conversation, a person's
/// evaluation and an automatic scorer's. It keeps the two sides in two [`FormSummary`]s (each
/// equal to the summary of that side's evaluations alone), per item the table of paired answers
/// ([`ItemPairs`]), and the conversations' ids, each of which may be paired once.
///
/// [`report`](Self::report) compares the sides item by item and applies a [`TrustRule`]; see
/// the [module docs](self) for the statistics.
///
/// Serialised (feature `serde`) with the form itself, so a stored tally carries what it needs
/// to be read back and checked: `{"form": {...}, "human": {...}, "automatic": {...}, "items":
/// [{"key": "verification", "pairs": [[1, 1, 52], [0, 1, 3]], "human_only_not_applicable": 0,
/// "automatic_only_not_applicable": 1, "both_not_applicable": 0}], "conversations": [...]}`.
/// Reading it back checks that both summaries are of the form, that every answer in the tables
/// fits its item, and that the counts agree with each other and with the summaries.
#[derive(Debug, Clone, PartialEq)]
pub struct PairedSummary {
    form: Arc<Form>,
    human: FormSummary,
    automatic: FormSummary,
    items: Vec<ItemPairs>,
    conversations: BTreeSet<String>,
}

impl PairedSummary {
    /// An empty tally of paired reviews of `form`.
    pub fn new(form: &Form) -> Self {
        PairedSummary::of(Arc::new(form.clone()))
    }

    fn of(form: Arc<Form>) -> Self {
        PairedSummary {
            human: FormSummary::new(&form),
            automatic: FormSummary::new(&form),
            items: vec![ItemPairs::default(); form.items().len()],
            conversations: BTreeSet::new(),
            form,
        }
    }

    /// Adds the paired review of `conversation`: a person's evaluation and the automatic
    /// scorer's, both of this tally's form. The conversation's id is trimmed and compared
    /// exactly (case matters).
    ///
    /// # Errors
    ///
    /// [`Error::EmptyText`] for an empty id; [`Error::Mismatch`] (field `form of the human
    /// evaluation` or `form of the automatic evaluation`) for an evaluation of another form,
    /// version, or scoring of the same version; [`Error::Duplicate`] for a conversation
    /// already paired. The tally is then unchanged.
    ///
    /// ```
    /// use service_quality::form::{Answer, Answers, Form, Item};
    /// use service_quality::programme::{AutomaticEvaluation, PairedSummary};
    ///
    /// let form = Form::builder("chat_review", 1).item(Item::yes_no("greeting")?).build()?;
    /// let answers = Answers::from(vec![Answer::Yes]);
    /// let (human, automatic) = (answers.evaluate(&form)?, AutomaticEvaluation::new(answers.evaluate(&form)?));
    /// let mut paired = PairedSummary::new(&form);
    /// paired.add("chat-1", &human, &automatic)?;
    /// assert_eq!(
    ///     paired.add(" chat-1 ", &human, &automatic).unwrap_err().to_string(),
    ///     "duplicate conversation 'chat-1'"
    /// );
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn add(
        &mut self,
        conversation: &str,
        human: &Evaluation<'_>,
        automatic: &AutomaticEvaluation<'_>,
    ) -> Result<()> {
        let id = check_pair(&self.form, conversation, human, automatic)?;
        if self.conversations.contains(id) {
            return Err(duplicate_conversation(id));
        }
        self.record(id, human, automatic)
    }

    /// Records a checked pair. Both evaluations are of this tally's form (checked), which is
    /// what the summaries could refuse; so the first `add` leaves everything unchanged when it
    /// fails, and the second cannot fail.
    fn record(
        &mut self,
        id: &str,
        human: &Evaluation<'_>,
        automatic: &AutomaticEvaluation<'_>,
    ) -> Result<()> {
        self.human.add(human)?;
        self.automatic.add(automatic.evaluation())?;
        let answers = human.answers().iter().zip(automatic.evaluation().answers());
        for (pairs, (&h, &a)) in self.items.iter_mut().zip(answers) {
            pairs.add(label(h), label(a));
        }
        self.conversations.insert(id.to_owned());
        Ok(())
    }

    /// The form.
    pub fn form(&self) -> &Form {
        &self.form
    }

    /// One side's summary: exactly what adding that side's evaluations to a [`FormSummary`]
    /// of the form would give.
    pub const fn summary(&self, scorer: Scorer) -> &FormSummary {
        match scorer {
            Scorer::Human => &self.human,
            Scorer::Automatic => &self.automatic,
        }
    }

    /// The number of paired reviews (conversations).
    pub fn count(&self) -> u64 {
        self.conversations.len() as u64
    }

    /// The conversations paired, in ascending order of their ids.
    pub fn conversations(&self) -> impl Iterator<Item = &str> + '_ {
        self.conversations.iter().map(String::as_str)
    }

    /// Whether `conversation` (trimmed) has been paired.
    pub fn contains(&self, conversation: &str) -> bool {
        self.conversations.contains(conversation.trim())
    }

    /// One item's paired answers, by key.
    pub fn item(&self, key: &str) -> Option<&ItemPairs> {
        let index = self.form.items().iter().position(|i| i.key() == key)?;
        self.items.get(index)
    }

    /// Every item's key and paired answers, in form order.
    pub fn items(&self) -> impl Iterator<Item = (&str, &ItemPairs)> + '_ {
        self.form.items().iter().map(Item::key).zip(&self.items)
    }

    /// Compares the two sides item by item and applies `rule`: see the [module docs](self).
    pub fn report(&self, rule: &TrustRule) -> AutomaticReport {
        AutomaticReport {
            rule: *rule,
            reviews: self.count(),
            items: self
                .form
                .items()
                .iter()
                .zip(&self.items)
                .map(|(item, pairs)| ItemAgreement::of(item, pairs, rule))
                .collect(),
        }
    }
}

impl TryMerge for PairedSummary {
    /// Merges a tally of the same form whose conversations are all new to this one.
    ///
    /// # Errors
    ///
    /// [`Error::Mismatch`] (field `form`) for a tally of another form, version or scoring, and
    /// [`Error::Duplicate`] for a conversation both tallies paired (the first, by id). The
    /// tally is then unchanged.
    fn try_merge(&mut self, other: &Self) -> Result<()> {
        same_form(&self.form, &other.form, "form")?;
        if let Some(id) = first_shared(&self.conversations, &other.conversations) {
            return Err(duplicate_conversation(id));
        }
        // The summaries are of one form (checked), which is all a summary's merge checks; so
        // the first merge leaves everything unchanged when it fails, and the second cannot.
        self.human.try_merge(&other.human)?;
        self.automatic.try_merge(&other.automatic)?;
        for (mine, theirs) in self.items.iter_mut().zip(&other.items) {
            mine.merge(theirs);
        }
        self.conversations
            .extend(other.conversations.iter().cloned());
        Ok(())
    }
}

impl PairedSummary {
    /// Merges `other` (the same as [`TryMerge::try_merge`], callable without the trait).
    ///
    /// # Errors
    ///
    /// As [`TryMerge::try_merge`].
    pub fn try_merge(&mut self, other: &Self) -> Result<()> {
        TryMerge::try_merge(self, other)
    }
}

/// The conversation's trimmed id, once both evaluations are known to be of `form`.
fn check_pair<'c>(
    form: &Form,
    conversation: &'c str,
    human: &Evaluation<'_>,
    automatic: &AutomaticEvaluation<'_>,
) -> Result<&'c str> {
    let id = conversation_id(conversation)?;
    same_form(form, human.form(), "form of the human evaluation")?;
    same_form(
        form,
        automatic.evaluation().form(),
        "form of the automatic evaluation",
    )?;
    Ok(id)
}

/// The smallest id in both sets, if any.
fn first_shared<'a>(mine: &BTreeSet<String>, theirs: &'a BTreeSet<String>) -> Option<&'a str> {
    theirs
        .iter()
        .find(|id| mine.contains(*id))
        .map(String::as_str)
}

fn duplicate_conversation(id: &str) -> Error {
    Error::Duplicate {
        what: "conversation",
        key: id.to_owned(),
    }
}

/// The trimmed id, or an error for one that is empty.
fn conversation_id(conversation: &str) -> Result<&str> {
    match conversation.trim() {
        "" => Err(Error::EmptyText {
            field: "conversation id",
        }),
        id => Ok(id),
    }
}

/// `{key} v{version}`.
fn form_name(form: &Form) -> String {
    format!("{} v{}", form.key(), form.version())
}

/// Refuses `theirs` unless it is `mine`: the same key, version and fingerprint (so the same
/// items, scored the same way).
fn same_form(mine: &Form, theirs: &Form, field: &'static str) -> Result<()> {
    if mine.fingerprint() == theirs.fingerprint()
        && mine.version() == theirs.version()
        && mine.key() == theirs.key()
    {
        return Ok(());
    }
    let (found, expected) = if (mine.key(), mine.version()) == (theirs.key(), theirs.version()) {
        (
            format!("{} scored as {}", form_name(theirs), theirs.fingerprint()),
            format!("{} scored as {}", form_name(mine), mine.fingerprint()),
        )
    } else {
        (form_name(theirs), form_name(mine))
    };
    Err(Error::Mismatch {
        field,
        found,
        expected,
    })
}

/// An answer as a label of a [`PairCounts`]: a rating as itself, yes 1, no 0, a choice by its
/// position; `None` for N/A.
const fn label(answer: Answer) -> Option<i64> {
    match answer {
        Answer::Rating(r) => Some(r as i64),
        Answer::Yes => Some(1),
        Answer::No => Some(0),
        Answer::Choice(i) => Some(i as i64),
        Answer::NotApplicable => None,
    }
}

/// The answer to `item` a label stands for, when it stands for one of the item's type.
fn answer_of(item: &Item, label: i64) -> Option<Answer> {
    match item.answer_type() {
        AnswerType::Scale(_) => i32::try_from(label).ok().map(Answer::Rating),
        AnswerType::YesNo => match label {
            1 => Some(Answer::Yes),
            0 => Some(Answer::No),
            _ => None,
        },
        AnswerType::Choices(_) => u16::try_from(label).ok().map(Answer::Choice),
    }
}

/// The 0–100 score of the answer a label stands for; `None` for a label that is no answer the
/// item accepts.
fn score_of(item: &Item, label: i64) -> Option<f64> {
    let answer = answer_of(item, label)?;
    item.score(answer).ok().flatten().map(crate::Score::get)
}

/// Checks that `label` is an answer `item` accepts (labels read from storage).
#[cfg_attr(
    not(feature = "serde"),
    allow(dead_code, reason = "stored labels are read only through serde")
)]
fn check_label(item: &Item, label: i64) -> Result<()> {
    if score_of(item, label).is_some() {
        return Ok(());
    }
    let expected = match item.answer_type() {
        AnswerType::Scale(scale) => format!("a rating in {scale}"),
        AnswerType::YesNo => "1 (yes) or 0 (no)".to_owned(),
        AnswerType::Choices(choices) => {
            format!("a choice's position, below {}", choices.len())
        }
    };
    Err(Error::invalid_answer(
        item.key(),
        label.to_string(),
        expected,
    ))
}

/// When an automatic scorer may stand in for people on an item: the lower bound of the item's
/// agreement ([`TrustMeasure`]) is at least `threshold` over at least `min_pairs` paired
/// reviews. It also sets the confidence level of every interval in the report and the method
/// of exact agreement's interval.
///
/// The defaults, and why:
///
/// - **threshold 0.8** ([`DEFAULT_THRESHOLD`](Self::DEFAULT_THRESHOLD)): the mark from which
///   agreement is commonly read as reliable (Krippendorff's 0.8 for drawing conclusions; the
///   top band of Landis and Koch's 1977 scale starts at 0.81). Held against a *lower bound*, it
///   asks more than an observed 0.8: the scorer must show it is at least that good.
/// - **50 paired reviews** ([`DEFAULT_MIN_PAIRS`](Self::DEFAULT_MIN_PAIRS)): the fewest at which a
///   scorer that really agrees with people about 95% of the time usually clears the threshold
///   on the plainest measure (47 of 50 has a Wilson lower bound of 0.838; 19 of 20 only 0.764),
///   and enough for the t interval of Gwet's coefficient, a large-sample approximation, to mean
///   what it says. With fewer pairs a perfect record (Gwet's standard error 0) would pass on
///   two reviews; the count guards against that. A month of a modest review programme reaches
///   it.
/// - **Gwet's coefficient** as the measure, 95%, Wilson intervals.
///
/// # Examples
///
/// ```
/// use service_quality::metrics::Level;
/// use service_quality::programme::{TrustMeasure, TrustRule};
///
/// let strict = TrustRule::new(0.9, 100)?
///     .with_measure(TrustMeasure::ExactAgreement)
///     .with_level(Level::new(0.99)?);
/// assert_eq!((strict.threshold(), strict.min_pairs()), (0.9, 100));
///
/// assert_eq!(
///     TrustRule::new(80.0, 50).unwrap_err().to_string(),
///     "trust threshold is 80, expected a value in 0..=1"
/// );
/// assert_eq!(
///     TrustRule::new(0.8, 0).unwrap_err().to_string(),
///     "minimum paired reviews is 0, expected at least 1"
/// );
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "RawTrustRule", into = "RawTrustRule")
)]
pub struct TrustRule {
    threshold: f64,
    min_pairs: u64,
    measure: TrustMeasure,
    level: Level,
    share_method: ShareMethod,
    max_bias: Option<f64>,
}

impl Default for TrustRule {
    fn default() -> Self {
        TrustRule {
            threshold: TrustRule::DEFAULT_THRESHOLD,
            min_pairs: TrustRule::DEFAULT_MIN_PAIRS,
            measure: TrustMeasure::default(),
            level: Level::default(),
            share_method: ShareMethod::default(),
            max_bias: None,
        }
    }
}

impl TrustRule {
    /// The default threshold, 0.8.
    pub const DEFAULT_THRESHOLD: f64 = 0.8;

    /// The default number of paired reviews, 50.
    pub const DEFAULT_MIN_PAIRS: u64 = 50;

    /// A rule trusting an item whose agreement's lower bound is at least `threshold` over at
    /// least `min_pairs` paired reviews, with the default measure, level and interval method.
    ///
    /// # Errors
    ///
    /// [`Error::ValueOutOfRange`] (field `trust threshold`) unless `threshold` is in 0..=1, and
    /// [`Error::IntegerOutOfRange`] (field `minimum paired reviews`) for `min_pairs` of 0.
    pub fn new(threshold: f64, min_pairs: u64) -> Result<Self> {
        if !(0.0..=1.0).contains(&threshold) {
            return Err(Error::ValueOutOfRange {
                field: "trust threshold",
                value: threshold,
                expected: "a value in 0..=1",
            });
        }
        if min_pairs == 0 {
            return Err(Error::IntegerOutOfRange {
                field: "minimum paired reviews",
                value: min_pairs.to_string(),
                expected: "at least 1",
            });
        }
        Ok(TrustRule {
            threshold,
            min_pairs,
            ..TrustRule::default()
        })
    }

    /// The same rule with another measure.
    #[must_use]
    pub const fn with_measure(self, measure: TrustMeasure) -> Self {
        TrustRule { measure, ..self }
    }

    /// The same rule at another confidence level (for every interval of the report).
    #[must_use]
    pub const fn with_level(self, level: Level) -> Self {
        TrustRule { level, ..self }
    }

    /// The same rule with another method for exact agreement's interval.
    #[must_use]
    pub const fn with_share_method(self, share_method: ShareMethod) -> Self {
        TrustRule {
            share_method,
            ..self
        }
    }

    /// The same rule refusing an item whose scorer is shown to be off people's level by more
    /// than `points` (on the item's 0–100 score): its bias interval lies wholly beyond
    /// `±points` (or, when every paired difference is the same and there is no interval, the
    /// bias itself does). Agreement alone does not see a steady offset: on a rating item the
    /// weighted coefficient credits near misses, so a scorer a step harsher on every call can
    /// still clear the threshold while every score it gives drops. Off by default.
    ///
    /// # Errors
    ///
    /// [`Error::ValueOutOfRange`] (field `maximum bias`) unless `points` is in 0..=100.
    ///
    /// ```
    /// use service_quality::programme::TrustRule;
    ///
    /// let rule = TrustRule::default().try_with_max_bias(5.0)?;
    /// assert_eq!(rule.max_bias(), Some(5.0));
    /// assert!(TrustRule::default().try_with_max_bias(-1.0).is_err());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn try_with_max_bias(self, points: f64) -> Result<Self> {
        if !(0.0..=100.0).contains(&points) {
            return Err(Error::ValueOutOfRange {
                field: "maximum bias",
                value: points,
                expected: "points in 0..=100",
            });
        }
        Ok(TrustRule {
            max_bias: Some(points),
            ..self
        })
    }

    /// The largest bias the rule accepts, in points; `None` when bias is not checked.
    pub const fn max_bias(&self) -> Option<f64> {
        self.max_bias
    }

    /// The threshold the lower bound must reach, 0..=1.
    pub const fn threshold(&self) -> f64 {
        self.threshold
    }

    /// The paired reviews an item needs.
    pub const fn min_pairs(&self) -> u64 {
        self.min_pairs
    }

    /// Whose lower bound is held against the threshold.
    pub const fn measure(&self) -> TrustMeasure {
        self.measure
    }

    /// The confidence level of the intervals.
    pub const fn level(&self) -> Level {
        self.level
    }

    /// The method of exact agreement's interval.
    pub const fn share_method(&self) -> ShareMethod {
        self.share_method
    }
}

/// `{"threshold": 0.8, "min_pairs": 50, "measure": "gwet", "level": 0.95, "share_method":
/// "wilson"}`; all but the threshold and the count may be left out.
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTrustRule {
    threshold: f64,
    min_pairs: u64,
    #[serde(default)]
    measure: TrustMeasure,
    #[serde(default)]
    level: Level,
    #[serde(default)]
    share_method: ShareMethod,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_bias: Option<f64>,
}

#[cfg(feature = "serde")]
impl TryFrom<RawTrustRule> for TrustRule {
    type Error = Error;

    fn try_from(raw: RawTrustRule) -> Result<Self> {
        let rule = TrustRule::new(raw.threshold, raw.min_pairs)?
            .with_measure(raw.measure)
            .with_level(raw.level)
            .with_share_method(raw.share_method);
        match raw.max_bias {
            Some(points) => rule.try_with_max_bias(points),
            None => Ok(rule),
        }
    }
}

#[cfg(feature = "serde")]
impl From<TrustRule> for RawTrustRule {
    fn from(rule: TrustRule) -> Self {
        RawTrustRule {
            threshold: rule.threshold,
            min_pairs: rule.min_pairs,
            measure: rule.measure,
            level: rule.level,
            share_method: rule.share_method,
            max_bias: rule.max_bias,
        }
    }
}

/// A condition of the [`TrustRule`] that an item does not meet.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum TrustFailure {
    /// Fewer paired reviews than the rule needs.
    #[non_exhaustive]
    TooFewPairs {
        /// The paired reviews of the item.
        pairs: u64,
        /// The paired reviews the rule needs.
        needed: u64,
    },
    /// The lower bound of the agreement is below the threshold.
    #[non_exhaustive]
    LowerBoundTooLow {
        /// The lower bound.
        lower_bound: f64,
        /// The threshold.
        threshold: f64,
    },
    /// The agreement has no interval, so no lower bound: no pairs, or (for Gwet's coefficient,
    /// which estimates chance from the answers) a single pair.
    NoLowerBound,
    /// The scorer is shown to be off people's level by more than the rule's maximum bias: its
    /// bias interval (or, without one, its bias) lies wholly beyond `±max_bias`.
    #[non_exhaustive]
    Biased {
        /// The bias nearest to zero that the interval allows, in points (signed).
        nearest: f64,
        /// The rule's maximum, in points.
        max_bias: f64,
    },
}

impl fmt::Display for TrustFailure {
    /// `32 paired reviews, 50 needed`, `lower bound 0.712, 0.800 needed` or `no lower bound`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrustFailure::TooFewPairs { pairs, needed } => {
                write!(f, "{pairs} paired {}, {needed} needed", reviews(*pairs))
            }
            TrustFailure::LowerBoundTooLow {
                lower_bound,
                threshold,
            } => write!(f, "lower bound {lower_bound:.3}, {threshold:.3} needed"),
            TrustFailure::NoLowerBound => f.write_str("no lower bound"),
            TrustFailure::Biased { nearest, max_bias } => {
                write!(
                    f,
                    "biased by at least {nearest:+.1} points, ±{max_bias} allowed"
                )
            }
        }
    }
}

/// `review` or `reviews`.
const fn reviews(count: u64) -> &'static str {
    if count == 1 { "review" } else { "reviews" }
}

/// Whether one item may be scored automatically under a [`TrustRule`], with the numbers: its
/// paired reviews, the lower bound of its agreement, and every condition it fails.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct TrustVerdict {
    measure: TrustMeasure,
    weighted: bool,
    pairs: u64,
    min_pairs: u64,
    lower_bound: Option<f64>,
    threshold: f64,
    failures: Vec<TrustFailure>,
}

impl TrustVerdict {
    fn new(
        rule: &TrustRule,
        weighted: bool,
        pairs: u64,
        lower_bound: Option<f64>,
        bias: Option<&ScorerBias>,
    ) -> Self {
        let mut failures = Vec::new();
        if pairs < rule.min_pairs {
            failures.push(TrustFailure::TooFewPairs {
                pairs,
                needed: rule.min_pairs,
            });
        }
        match lower_bound {
            None => failures.push(TrustFailure::NoLowerBound),
            Some(lower) if lower < rule.threshold => {
                failures.push(TrustFailure::LowerBoundTooLow {
                    lower_bound: lower,
                    threshold: rule.threshold,
                });
            }
            Some(_) => {}
        }
        if let (Some(max_bias), Some(bias)) = (rule.max_bias, bias) {
            // The bias nearest to zero that the data allow: the interval's end on zero's side,
            // or the bias itself when every difference was the same.
            let (low, high) = bias
                .interval()
                .map_or((bias.mean(), bias.mean()), |i| (i.lower(), i.upper()));
            let nearest = if low > 0.0 {
                low
            } else if high < 0.0 {
                high
            } else {
                0.0
            };
            if nearest.abs() > max_bias {
                failures.push(TrustFailure::Biased { nearest, max_bias });
            }
        }
        TrustVerdict {
            measure: rule.measure,
            weighted,
            pairs,
            min_pairs: rule.min_pairs,
            lower_bound,
            threshold: rule.threshold,
            failures,
        }
    }

    /// Whether the item may be scored automatically: no condition failed.
    pub fn is_trusted(&self) -> bool {
        self.failures.is_empty()
    }

    /// Every condition that failed, the count of pairs first.
    pub fn failures(&self) -> &[TrustFailure] {
        &self.failures
    }

    /// The measure whose lower bound was held against the threshold.
    pub const fn measure(&self) -> TrustMeasure {
        self.measure
    }

    /// The paired reviews of the item.
    pub const fn pairs(&self) -> u64 {
        self.pairs
    }

    /// The paired reviews the rule needs.
    pub const fn min_pairs(&self) -> u64 {
        self.min_pairs
    }

    /// The lower bound of the measure (a fraction for exact agreement); `None` when it has no
    /// interval.
    pub const fn lower_bound(&self) -> Option<f64> {
        self.lower_bound
    }

    /// The threshold.
    pub const fn threshold(&self) -> f64 {
        self.threshold
    }

    /// The measure's name: `Gwet's AC1`, `Gwet's AC2` (a weighted item) or `exact agreement`.
    pub const fn measure_name(&self) -> &'static str {
        match (self.measure, self.weighted) {
            (TrustMeasure::Gwet, false) => "Gwet's AC1",
            (TrustMeasure::Gwet, true) => "Gwet's AC2",
            (TrustMeasure::ExactAgreement, _) => "exact agreement",
        }
    }
}

impl fmt::Display for TrustVerdict {
    /// `trusted: Gwet's AC1 lower bound 0.912 >= 0.800 on 64 paired reviews (50 needed)`, or
    /// `not trusted (Gwet's AC1): 32 paired reviews, 50 needed; lower bound 0.712, 0.800
    /// needed`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.is_trusted(), self.lower_bound) {
            (true, Some(lower)) => write!(
                f,
                "trusted: {} lower bound {lower:.3} >= {:.3} on {} paired {} ({} needed)",
                self.measure_name(),
                self.threshold,
                self.pairs,
                reviews(self.pairs),
                self.min_pairs
            ),
            _ => {
                write!(f, "not trusted ({}): ", self.measure_name())?;
                for (i, failure) in self.failures.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "{failure}")?;
                }
                Ok(())
            }
        }
    }
}

/// How much more generous (above 0) or stricter (below 0) the automatic scorer is than people
/// on one item: the mean of the paired differences of the item's 0–100 score, automatic minus
/// human, and its t interval.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ScorerBias {
    moments: Moments,
    interval: Option<Interval>,
}

impl ScorerBias {
    /// The mean difference, automatic minus human, in score points (−100..=100).
    pub const fn mean(&self) -> f64 {
        self.moments.mean()
    }

    /// The t interval of the mean difference, `d̄ ± t(n − 1) × s_d / √n`, limited to
    /// −100..=100; `None` with a single pair or when every difference is the same.
    pub const fn interval(&self) -> Option<Interval> {
        self.interval
    }

    /// The number of pairs.
    pub const fn pairs(&self) -> u64 {
        self.moments.count()
    }

    /// The count, mean and sample variance of the differences, for comparisons
    /// ([`compare::means`]).
    pub const fn moments(&self) -> Moments {
        self.moments
    }
}

/// The bias of the pairs in `counts` on `item`. The differences are summed over the table's
/// cells in order, so the result depends only on the table, not on the order pairs came in.
fn bias(item: &Item, counts: &PairCounts, level: Level) -> Option<ScorerBias> {
    let differences: Vec<(f64, u64)> = counts
        .cells()
        .filter_map(|((human, automatic), count)| {
            Some((score_of(item, automatic)? - score_of(item, human)?, count))
        })
        .collect();
    let n = differences
        .iter()
        .fold(0_u64, |sum, &(_, count)| sum.saturating_add(count));
    if n == 0 {
        return None;
    }
    let total: f64 = differences.iter().map(|&(d, c)| d * c as f64).sum();
    let mean = total / n as f64;
    let squares: f64 = differences
        .iter()
        .map(|&(d, c)| c as f64 * (d - mean) * (d - mean))
        .sum();
    // Differences of two scores in 0..=100 keep the mean finite and the squares at least 0.
    let moments = Moments::from_squared_deviations(n, mean, squares).ok()?;
    let interval = moments
        .interval(level)
        .ok()
        .map(|i| i.limited_to(-100.0, 100.0));
    Some(ScorerBias { moments, interval })
}

/// The table and options the coefficients of `item` are computed from: the item's weighting,
/// every answer it allows as a category (a scale's steps up to 101 of them, yes and no, the
/// choices), and for choices, weighed by their points, the table relabelled with each choice's
/// score in millionths of a point (so that the distance between two choices is the difference
/// of their scores; choices of equal points are then one category).
fn coefficient_input(
    item: &Item,
    counts: &PairCounts,
    weighting: ItemWeighting,
    level: Level,
) -> (PairCounts, AgreementOptions) {
    let options = AgreementOptions::default()
        .with_weighting(weighting.weighting())
        .with_distance(weighting.distance())
        .with_level(level);
    // A non-empty list without repeats, which is what each list below is, is always accepted.
    let listed = |categories: Vec<i64>| {
        options
            .clone()
            .try_with_categories(categories)
            .unwrap_or_else(|_| options.clone())
    };
    match item.answer_type() {
        AnswerType::Scale(scale) if scale.max() - scale.min() <= 100 => (
            counts.clone(),
            listed((scale.min()..=scale.max()).map(i64::from).collect()),
        ),
        AnswerType::Scale(_) => (counts.clone(), options),
        AnswerType::YesNo => (counts.clone(), listed(vec![0, 1])),
        AnswerType::Choices(choices) => {
            let micro = |label: i64| score_of(item, label).map(|s| (s * 1e6).round() as i64);
            let mut relabelled = PairCounts::new();
            for ((human, automatic), count) in counts.cells() {
                if let (Some(h), Some(a)) = (micro(human), micro(automatic)) {
                    relabelled.add_times(h, a, count);
                }
            }
            let mut values: Vec<i64> = (0..choices.len())
                .filter_map(|i| i64::try_from(i).ok())
                .filter_map(micro)
                .collect();
            values.sort_unstable();
            values.dedup();
            (relabelled, listed(values))
        }
    }
}

/// A coefficient of a table whose labels all lie in the options' category list (or with no
/// list). Such a table has no error to report (the only ones are a label outside the list and
/// a population smaller than the pairs, and no population is set); `NoPairs` stands in for one
/// as a calibration's does.
fn coefficient(
    counts: &PairCounts,
    which: Coefficient,
    options: &AgreementOptions,
) -> AgreementOutcome {
    counts
        .coefficient(which, options)
        .unwrap_or(AgreementOutcome::NoPairs)
}

/// The comparison of the two sides on one item: exact agreement with its interval, kappa and
/// Gwet's AC1 (AC2 when weighted) with theirs, the bias, the one-sided N/A counts and the
/// [`TrustVerdict`]. See the [module docs](self) for the formulas.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ItemAgreement {
    item: String,
    weighting: ItemWeighting,
    pairs: u64,
    human_only_not_applicable: u64,
    automatic_only_not_applicable: u64,
    both_not_applicable: u64,
    agreement: Option<Share>,
    agreement_interval: Option<Interval>,
    kappa: AgreementOutcome,
    ac1: AgreementOutcome,
    bias: Option<ScorerBias>,
    verdict: TrustVerdict,
}

impl ItemAgreement {
    fn of(item: &Item, pairs: &ItemPairs, rule: &TrustRule) -> ItemAgreement {
        let weighting = ItemWeighting::for_answer(item.answer_type());
        // None without pairs (agreeing pairs never outnumber the pairs).
        let agreement = Share::new(pairs.agreeing(), pairs.pairs()).ok();
        let agreement_interval = agreement.map(|s| s.interval(rule.share_method, rule.level));
        let (counts, options) = coefficient_input(item, pairs.counts(), weighting, rule.level);
        let kappa = coefficient(&counts, Coefficient::Conger, &options);
        let ac1 = coefficient(&counts, Coefficient::Gwet, &options);
        let lower_bound = match rule.measure {
            TrustMeasure::ExactAgreement => agreement_interval.map(|i| i.lower() / 100.0),
            TrustMeasure::Gwet => ac1.estimate().and_then(|e| e.interval()).map(|i| i.lower()),
        };
        let weighted = weighting != ItemWeighting::NOMINAL;
        let item_bias = bias(item, pairs.counts(), rule.level);
        let verdict = TrustVerdict::new(
            rule,
            weighted,
            pairs.pairs(),
            lower_bound,
            item_bias.as_ref(),
        );
        ItemAgreement {
            item: item.key().to_owned(),
            weighting,
            pairs: pairs.pairs(),
            human_only_not_applicable: pairs.human_only_not_applicable,
            automatic_only_not_applicable: pairs.automatic_only_not_applicable,
            both_not_applicable: pairs.both_not_applicable,
            agreement,
            agreement_interval,
            kappa,
            ac1,
            bias: item_bias,
            verdict,
        }
    }

    /// The item's key.
    pub fn item(&self) -> &str {
        &self.item
    }

    /// How the item's coefficients weigh disagreements ([`ItemWeighting::for_answer`]).
    pub const fn weighting(&self) -> ItemWeighting {
        self.weighting
    }

    /// The reviews where both sides answered the item.
    pub const fn pairs(&self) -> u64 {
        self.pairs
    }

    /// The reviews where only `scorer` said N/A.
    pub const fn only_not_applicable(&self, scorer: Scorer) -> u64 {
        match scorer {
            Scorer::Human => self.human_only_not_applicable,
            Scorer::Automatic => self.automatic_only_not_applicable,
        }
    }

    /// The reviews where both sides said N/A.
    pub const fn both_not_applicable(&self) -> u64 {
        self.both_not_applicable
    }

    /// Exact agreement: the pairs whose answers are the same, of all pairs; `None` without
    /// pairs.
    pub const fn agreement(&self) -> Option<Share> {
        self.agreement
    }

    /// The interval of exact agreement, in percent, by the rule's method and level.
    pub const fn agreement_interval(&self) -> Option<Interval> {
        self.agreement_interval
    }

    /// Cohen's kappa (weighted for a weighted item), with Gwet's two-rater standard error and
    /// interval, or why it does not exist (every answer in one category: kappa is 0/0).
    pub const fn kappa(&self) -> &AgreementOutcome {
        &self.kappa
    }

    /// Gwet's AC1 (AC2 for a weighted item), with its standard error and interval, or why it
    /// does not exist (no pairs, or a single one).
    pub const fn ac1(&self) -> &AgreementOutcome {
        &self.ac1
    }

    /// The bias, automatic minus human; `None` without pairs.
    pub const fn bias(&self) -> Option<ScorerBias> {
        self.bias
    }

    /// The verdict of the trust rule.
    pub const fn verdict(&self) -> &TrustVerdict {
        &self.verdict
    }
}

/// The comparison of an automatic scorer with people over a [`PairedSummary`], item by item,
/// under a [`TrustRule`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct AutomaticReport {
    rule: TrustRule,
    reviews: u64,
    items: Vec<ItemAgreement>,
}

impl AutomaticReport {
    /// The rule applied.
    pub const fn rule(&self) -> &TrustRule {
        &self.rule
    }

    /// The paired reviews compared.
    pub const fn reviews(&self) -> u64 {
        self.reviews
    }

    /// Every item, in form order.
    pub fn items(&self) -> &[ItemAgreement] {
        &self.items
    }

    /// One item, by key.
    pub fn item(&self, key: &str) -> Option<&ItemAgreement> {
        self.items.iter().find(|i| i.item == key)
    }

    /// The items the automatic scorer may score, in form order.
    pub fn trusted(&self) -> impl Iterator<Item = &str> + '_ {
        self.items
            .iter()
            .filter(|i| i.verdict.is_trusted())
            .map(|i| i.item.as_str())
    }
}

/// Paired reviews of one form kept per period (a month's label, a week number, a date type:
/// any ordered key), to follow the scorer's agreement over time. A conversation is paired once
/// across all periods.
///
/// Serialised (feature `serde`) as the form and the periods in ascending order, each as a
/// [`PairedSummary`] is, with its key: `{"form": {...}, "periods": [{"period": "2025-03",
/// "human": {...}, "automatic": {...}, "items": [...], "conversations": [...]}]}`. Reading it
/// back checks each period as a tally is checked, and refuses a period or a conversation listed
/// twice (naming the period by its `Display` text, which reading requires of the key).
///
/// ```
/// use service_quality::form::{Answer, Answers, Form, Item};
/// use service_quality::metrics::{Level, ShareMethod};
/// use service_quality::programme::{AutomaticEvaluation, PairedByPeriod};
///
/// let form = Form::builder("chat_review", 1).item(Item::yes_no("greeting")?).build()?;
/// let mut series = PairedByPeriod::new(&form);
/// // March: the scorer matches people on 58 chats of 60; May: on 40 of 60.
/// for (month, matching) in [("2025-03", 58), ("2025-05", 40)] {
///     for chat in 0..60 {
///         let human = Answers::from(vec![Answer::Yes]);
///         let automatic = Answers::from(vec![if chat < matching { Answer::Yes } else { Answer::No }]);
///         series.add(
///             month.to_owned(),
///             &format!("{month}/chat-{chat}"),
///             &human.evaluate(&form)?,
///             &AutomaticEvaluation::new(automatic.evaluate(&form)?),
///         )?;
///     }
/// }
/// let drift = series.drift(ShareMethod::Wilson, Level::default());
/// assert_eq!((drift[0].earlier().as_str(), drift[0].later().as_str()), ("2025-03", "2025-05"));
/// assert_eq!(drift[0].dropped().collect::<Vec<_>>(), ["greeting"]);
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PairedByPeriod<K> {
    form: Arc<Form>,
    periods: BTreeMap<K, PairedSummary>,
}

impl<K: Ord + Clone> PairedByPeriod<K> {
    /// An empty series of `form`.
    pub fn new(form: &Form) -> Self {
        PairedByPeriod {
            form: Arc::new(form.clone()),
            periods: BTreeMap::new(),
        }
    }

    /// Adds the paired review of `conversation` to `period`.
    ///
    /// # Errors
    ///
    /// As [`PairedSummary::add`], a conversation paired in any period being a duplicate. The
    /// series is then unchanged.
    pub fn add(
        &mut self,
        period: K,
        conversation: &str,
        human: &Evaluation<'_>,
        automatic: &AutomaticEvaluation<'_>,
    ) -> Result<()> {
        let id = check_pair(&self.form, conversation, human, automatic)?;
        if self.periods.values().any(|p| p.conversations.contains(id)) {
            return Err(duplicate_conversation(id));
        }
        self.periods
            .entry(period)
            .or_insert_with(|| PairedSummary::of(Arc::clone(&self.form)))
            .record(id, human, automatic)
    }

    /// The form.
    pub fn form(&self) -> &Form {
        &self.form
    }

    /// One period's paired reviews.
    pub fn period(&self, period: &K) -> Option<&PairedSummary> {
        self.periods.get(period)
    }

    /// Every period with its paired reviews, in ascending order of the periods.
    pub fn periods(&self) -> impl Iterator<Item = (&K, &PairedSummary)> + '_ {
        self.periods.iter()
    }

    /// Each period's exact agreement against the period before it (the one with the next
    /// smaller key; periods without reviews are not there, so a gap is skipped), item by item:
    /// the later period minus the earlier, in percentage points, by [`compare::shares`] with
    /// `method` and `level`. An item is flagged as [dropped](ItemDrift::dropped) when the
    /// difference is below 0 and significant at `level`. One test per item and pair of periods:
    /// with many items, adjust the p-values as a family ([`compare::holm`]).
    pub fn drift(&self, method: ShareMethod, level: Level) -> Vec<PeriodChange<K>> {
        let earlier = self.periods.iter();
        let later = self.periods.iter().skip(1);
        earlier
            .zip(later)
            .map(|((from, before), (to, after))| PeriodChange {
                earlier: from.clone(),
                later: to.clone(),
                items: self
                    .form
                    .items()
                    .iter()
                    .zip(before.items.iter().zip(&after.items))
                    .map(|(item, (b, a))| ItemDrift::of(item.key(), b, a, method, level))
                    .collect(),
            })
            .collect()
    }
}

impl<K: Ord + Clone> TryMerge for PairedByPeriod<K> {
    /// Merges a series of the same form, period by period, whose conversations are all new to
    /// this one.
    ///
    /// # Errors
    ///
    /// [`Error::Mismatch`] (field `form`) for a series of another form, version or scoring,
    /// and [`Error::Duplicate`] for a conversation both series paired, in any periods. The
    /// series is then unchanged.
    fn try_merge(&mut self, other: &Self) -> Result<()> {
        same_form(&self.form, &other.form, "form")?;
        for theirs in other.periods.values() {
            for mine in self.periods.values() {
                if let Some(id) = first_shared(&mine.conversations, &theirs.conversations) {
                    return Err(duplicate_conversation(id));
                }
            }
        }
        for (period, theirs) in &other.periods {
            match self.periods.get_mut(period) {
                // Same form and no shared conversation (both checked): the merge succeeds.
                Some(mine) => mine.try_merge(theirs)?,
                None => {
                    let mut copy = theirs.clone();
                    copy.form = Arc::clone(&self.form);
                    self.periods.insert(period.clone(), copy);
                }
            }
        }
        Ok(())
    }
}

impl<K: Ord + Clone> PairedByPeriod<K> {
    /// Merges `other` (the same as [`TryMerge::try_merge`], callable without the trait).
    ///
    /// # Errors
    ///
    /// As [`TryMerge::try_merge`].
    pub fn try_merge(&mut self, other: &Self) -> Result<()> {
        TryMerge::try_merge(self, other)
    }
}

/// The change of exact agreement from one period to the next, item by item.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct PeriodChange<K> {
    earlier: K,
    later: K,
    items: Vec<ItemDrift>,
}

impl<K> PeriodChange<K> {
    /// The earlier period.
    pub const fn earlier(&self) -> &K {
        &self.earlier
    }

    /// The later period.
    pub const fn later(&self) -> &K {
        &self.later
    }

    /// Every item, in form order.
    pub fn items(&self) -> &[ItemDrift] {
        &self.items
    }

    /// One item, by key.
    pub fn item(&self, key: &str) -> Option<&ItemDrift> {
        self.items.iter().find(|i| i.item == key)
    }

    /// The items whose agreement dropped significantly, in form order.
    pub fn dropped(&self) -> impl Iterator<Item = &str> + '_ {
        self.items
            .iter()
            .filter(|i| i.dropped)
            .map(|i| i.item.as_str())
    }
}

/// One item's exact agreement in two consecutive periods and the change between them.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ItemDrift {
    item: String,
    earlier: Option<Share>,
    later: Option<Share>,
    change: Option<Difference>,
    dropped: bool,
}

impl ItemDrift {
    fn of(
        key: &str,
        before: &ItemPairs,
        after: &ItemPairs,
        method: ShareMethod,
        level: Level,
    ) -> ItemDrift {
        // None without pairs (agreeing pairs never outnumber the pairs).
        let earlier = Share::new(before.agreeing(), before.pairs()).ok();
        let later = Share::new(after.agreeing(), after.pairs()).ok();
        let change = match (later, earlier) {
            (Some(l), Some(e)) => Some(compare::shares(l, e, method, level)),
            _ => None,
        };
        ItemDrift {
            item: key.to_owned(),
            earlier,
            later,
            dropped: change.is_some_and(|d| d.difference() < 0.0 && d.is_significant(level)),
            change,
        }
    }

    /// The item's key.
    pub fn item(&self) -> &str {
        &self.item
    }

    /// Exact agreement in the earlier period; `None` without pairs.
    pub const fn earlier(&self) -> Option<Share> {
        self.earlier
    }

    /// Exact agreement in the later period; `None` without pairs.
    pub const fn later(&self) -> Option<Share> {
        self.later
    }

    /// The later agreement minus the earlier, in percentage points, with its interval and
    /// p-value; `None` unless both periods have pairs.
    pub const fn change(&self) -> Option<Difference> {
        self.change
    }

    /// Whether the agreement fell and the fall is significant.
    pub const fn dropped(&self) -> bool {
        self.dropped
    }
}

#[cfg(feature = "serde")]
mod serde_impls {
    use core::fmt;
    use std::collections::{BTreeMap, BTreeSet};
    use std::sync::Arc;

    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::{
        ItemPairs, PairedByPeriod, PairedSummary, Scorer, check_label, conversation_id,
        duplicate_conversation, form_name,
    };
    use crate::form::{Form, FormSummary};
    use crate::reliability::PairCounts;
    use crate::scoring::{Error, Result};

    /// One item's paired answers: `{"key": "verification", "pairs": [[1, 1, 52], [0, 1, 3]],
    /// "human_only_not_applicable": 0, "automatic_only_not_applicable": 1,
    /// "both_not_applicable": 0}`.
    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct RawItem {
        key: String,
        pairs: PairCounts,
        human_only_not_applicable: u64,
        automatic_only_not_applicable: u64,
        both_not_applicable: u64,
    }

    impl RawItem {
        fn of(key: &str, pairs: &ItemPairs) -> RawItem {
            RawItem {
                key: key.to_owned(),
                pairs: pairs.counts.clone(),
                human_only_not_applicable: pairs.human_only_not_applicable,
                automatic_only_not_applicable: pairs.automatic_only_not_applicable,
                both_not_applicable: pairs.both_not_applicable,
            }
        }
    }

    /// A tally as written, by reference: its period (in a series) or its form (alone), then
    /// its parts.
    #[derive(Serialize)]
    struct Written<'a, K> {
        #[serde(skip_serializing_if = "Option::is_none")]
        period: Option<&'a K>,
        #[serde(skip_serializing_if = "Option::is_none")]
        form: Option<&'a Form>,
        human: &'a FormSummary,
        automatic: &'a FormSummary,
        items: Vec<RawItem>,
        conversations: &'a BTreeSet<String>,
    }

    impl<'a, K> Written<'a, K> {
        fn of(period: Option<&'a K>, form: Option<&'a Form>, paired: &'a PairedSummary) -> Self {
            Written {
                period,
                form,
                human: &paired.human,
                automatic: &paired.automatic,
                items: paired
                    .items()
                    .map(|(key, pairs)| RawItem::of(key, pairs))
                    .collect(),
                conversations: &paired.conversations,
            }
        }
    }

    /// A tally's parts besides its form, as read.
    struct Parts {
        human: FormSummary,
        automatic: FormSummary,
        items: Vec<RawItem>,
        conversations: Vec<String>,
    }

    impl Parts {
        /// The tally these parts describe, checked against the form and each other.
        fn checked(self, form: Arc<Form>) -> Result<PairedSummary> {
            for (summary, field) in [
                (&self.human, "form of the human summary"),
                (&self.automatic, "form of the automatic summary"),
            ] {
                check_summary_form(&form, summary, field)?;
            }
            let mut conversations = BTreeSet::new();
            for id in &self.conversations {
                let id = conversation_id(id)?;
                if !conversations.insert(id.to_owned()) {
                    return Err(duplicate_conversation(id));
                }
            }
            let count = conversations.len() as u64;
            for (summary, scorer) in [
                (&self.human, Scorer::Human),
                (&self.automatic, Scorer::Automatic),
            ] {
                if summary.count() != count {
                    return Err(Error::Inconsistent {
                        field: "evaluations",
                        value: format!("{} {scorer}", summary.count()),
                        expected: format!("one per conversation, {count}"),
                    });
                }
            }
            if self.items.len() != form.items().len() {
                return Err(Error::Mismatch {
                    field: "number of items",
                    found: self.items.len().to_string(),
                    expected: form.items().len().to_string(),
                });
            }
            let mut items = Vec::with_capacity(self.items.len());
            for (raw, item) in self.items.into_iter().zip(form.items()) {
                if raw.key != item.key() {
                    return Err(Error::Mismatch {
                        field: "item",
                        found: format!("'{}'", raw.key),
                        expected: format!("'{}'", item.key()),
                    });
                }
                for ((human, automatic), _) in raw.pairs.cells() {
                    check_label(item, human)?;
                    check_label(item, automatic)?;
                }
                let pairs = ItemPairs {
                    counts: raw.pairs,
                    human_only_not_applicable: raw.human_only_not_applicable,
                    automatic_only_not_applicable: raw.automatic_only_not_applicable,
                    both_not_applicable: raw.both_not_applicable,
                };
                check_counts(item.key(), &pairs, count, &self.human, &self.automatic)?;
                items.push(pairs);
            }
            Ok(PairedSummary {
                form,
                human: self.human,
                automatic: self.automatic,
                items,
                conversations,
            })
        }
    }

    /// Refuses a summary of anything but `form`.
    fn check_summary_form(form: &Form, summary: &FormSummary, field: &'static str) -> Result<()> {
        let same = summary.fingerprint() == Some(form.fingerprint())
            && summary.form_key() == Some(form.key())
            && summary.form_version() == Some(form.version());
        if same {
            return Ok(());
        }
        let found = match (
            summary.form_key(),
            summary.form_version(),
            summary.fingerprint(),
        ) {
            (Some(key), Some(version), Some(print)) => {
                format!("{key} v{version} scored as {print}")
            }
            _ => "no form".to_owned(),
        };
        Err(Error::Mismatch {
            field,
            found,
            expected: format!("{} scored as {}", form_name(form), form.fingerprint()),
        })
    }

    /// An item's pairs and N/A counts add up to the reviews, and each side's answers to what
    /// its summary counted.
    fn check_counts(
        key: &str,
        pairs: &ItemPairs,
        reviews: u64,
        human: &FormSummary,
        automatic: &FormSummary,
    ) -> Result<()> {
        let total = u128::from(pairs.pairs())
            + u128::from(pairs.human_only_not_applicable)
            + u128::from(pairs.automatic_only_not_applicable)
            + u128::from(pairs.both_not_applicable);
        if total != u128::from(reviews) {
            return Err(Error::Inconsistent {
                field: "paired answers",
                value: format!("{total} for item '{key}'"),
                expected: format!("one per conversation, {reviews}"),
            });
        }
        for (summary, answered_alone, scorer) in [
            (human, pairs.automatic_only_not_applicable, Scorer::Human),
            (
                automatic,
                pairs.human_only_not_applicable,
                Scorer::Automatic,
            ),
        ] {
            let answered = summary.item(key).map_or(0, |i| i.answered());
            let paired = pairs.pairs().saturating_add(answered_alone);
            if answered != paired {
                return Err(Error::Inconsistent {
                    field: "paired answers",
                    value: format!("{paired} {scorer} answers to item '{key}'"),
                    expected: format!("the {answered} its summary counted"),
                });
            }
        }
        Ok(())
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct ReadPaired {
        form: Form,
        human: FormSummary,
        automatic: FormSummary,
        items: Vec<RawItem>,
        conversations: Vec<String>,
    }

    impl Serialize for PairedSummary {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            Written::<()>::of(None, Some(&self.form), self).serialize(serializer)
        }
    }

    impl<'de> Deserialize<'de> for PairedSummary {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let raw = ReadPaired::deserialize(deserializer)?;
            let parts = Parts {
                human: raw.human,
                automatic: raw.automatic,
                items: raw.items,
                conversations: raw.conversations,
            };
            parts.checked(Arc::new(raw.form)).map_err(D::Error::custom)
        }
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct ReadPeriod<K> {
        period: K,
        human: FormSummary,
        automatic: FormSummary,
        items: Vec<RawItem>,
        conversations: Vec<String>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct ReadSeries<K> {
        form: Form,
        periods: Vec<ReadPeriod<K>>,
    }

    #[derive(Serialize)]
    struct WrittenSeries<'a, K: Serialize> {
        form: &'a Form,
        periods: Vec<Written<'a, K>>,
    }

    impl<K: Serialize> Serialize for PairedByPeriod<K> {
        /// `{"form": {...}, "periods": [{"period": "2025-03", "human": {...}, "automatic":
        /// {...}, "items": [...], "conversations": [...]}, ...]}`, periods in ascending order.
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            WrittenSeries {
                form: &self.form,
                periods: self
                    .periods
                    .iter()
                    .map(|(period, paired)| Written::of(Some(period), None, paired))
                    .collect(),
            }
            .serialize(serializer)
        }
    }

    impl<'de, K> Deserialize<'de> for PairedByPeriod<K>
    where
        K: Deserialize<'de> + Ord + fmt::Display,
    {
        /// Checks every period as a [`PairedSummary`] is checked, each period once, and each
        /// conversation once across periods.
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let raw = ReadSeries::<K>::deserialize(deserializer)?;
            let form = Arc::new(raw.form);
            let mut periods: BTreeMap<K, PairedSummary> = BTreeMap::new();
            let mut seen: BTreeSet<String> = BTreeSet::new();
            let build = || -> Result<()> {
                for period in raw.periods {
                    if periods.contains_key(&period.period) {
                        return Err(Error::Duplicate {
                            what: "period",
                            key: period.period.to_string(),
                        });
                    }
                    let parts = Parts {
                        human: period.human,
                        automatic: period.automatic,
                        items: period.items,
                        conversations: period.conversations,
                    };
                    let paired = parts.checked(Arc::clone(&form))?;
                    if let Some(id) = paired.conversations.iter().find(|id| seen.contains(*id)) {
                        return Err(duplicate_conversation(id));
                    }
                    seen.extend(paired.conversations.iter().cloned());
                    periods.insert(period.period, paired);
                }
                Ok(())
            };
            build().map_err(D::Error::custom)?;
            Ok(PairedByPeriod { form, periods })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Scale;
    use crate::form::{Answers, Choice};
    use crate::testing::assert_close;

    fn form() -> Form {
        Form::builder("call_review", 1)
            .item(Item::yes_no("verification").unwrap())
            .item(
                Item::scale("empathy", Scale::ONE_TO_FIVE)
                    .unwrap()
                    .with_not_applicable(true),
            )
            .item(
                Item::choices(
                    "outcome",
                    vec![
                        Choice::new("Resolved", 6.0).unwrap(),
                        Choice::new("Follow-up", 3.0).unwrap(),
                        Choice::new("Unresolved", 0.0).unwrap(),
                    ],
                )
                .unwrap(),
            )
            .build()
            .unwrap()
    }

    #[test]
    fn labels_stand_for_the_answers_they_came_from() {
        let form = form();
        for (item, answer) in [
            (0, Answer::Yes),
            (0, Answer::No),
            (1, Answer::Rating(4)),
            (2, Answer::Choice(2)),
        ] {
            let item = &form.items()[item];
            assert_eq!(label(answer).and_then(|l| answer_of(item, l)), Some(answer));
        }
        assert_eq!(label(Answer::NotApplicable), None);
        let yes_no = &form.items()[0];
        assert_eq!(answer_of(yes_no, 2), None);
        assert!(check_label(yes_no, 2).is_err());
        assert!(check_label(&form.items()[1], 6).is_err());
        assert!(check_label(&form.items()[2], 3).is_err());
        assert!(check_label(&form.items()[2], -1).is_err());
        assert!(check_label(&form.items()[2], 2).is_ok());
        assert_eq!(
            score_of(&form.items()[1], 4).map(f64::to_bits),
            Some(75.0_f64.to_bits())
        );
    }

    #[test]
    fn choices_are_relabelled_by_their_scores_and_scales_list_every_step() {
        let form = form();
        let mut counts = PairCounts::new();
        counts.add_times(0, 1, 3); // resolved by people, follow-up by the scorer
        let weighting = ItemWeighting::for_answer(form.items()[2].answer_type());
        let (relabelled, options) =
            coefficient_input(&form.items()[2], &counts, weighting, Level::default());
        let cells: Vec<_> = relabelled.cells().collect();
        assert_eq!(cells, [((100_000_000, 50_000_000), 3)]);
        assert_eq!(
            options.categories(),
            Some(&[0, 50_000_000, 100_000_000][..])
        );
        let (_, options) = coefficient_input(
            &form.items()[1],
            &counts,
            ItemWeighting::ORDINAL,
            Level::default(),
        );
        assert_eq!(options.categories(), Some(&[1, 2, 3, 4, 5][..]));
    }

    #[test]
    fn bias_is_the_mean_paired_difference_with_its_t_interval() {
        let item = Item::scale("empathy", Scale::ONE_TO_FIVE).unwrap();
        let mut counts = PairCounts::new();
        // Differences (automatic − human) of 25, 25, 0 and −25 points: mean 6.25.
        counts.add_times(3, 4, 2);
        counts.add(3, 3);
        counts.add(4, 3);
        let b = bias(&item, &counts, Level::default()).unwrap();
        assert_close(b.mean(), 6.25);
        assert_eq!(b.pairs(), 4);
        // Squared deviations 18.75² × 2 + 6.25² + 31.25² = 1718.75; variance 572.916…
        assert_close(b.moments().variance(), 1718.75 / 3.0);
        let i = b.interval().unwrap();
        assert!(i.contains(6.25) && i.lower() >= -100.0 && i.upper() <= 100.0);
        // The same difference throughout: no interval.
        let mut same = PairCounts::new();
        same.add_times(2, 3, 5);
        let b = bias(&item, &same, Level::default()).unwrap();
        assert_close(b.mean(), 25.0);
        assert!(b.interval().is_none());
        assert!(bias(&item, &PairCounts::new(), Level::default()).is_none());
    }

    #[test]
    fn a_verdict_lists_every_failure_with_its_numbers() {
        let rule = TrustRule::default();
        let both = TrustVerdict::new(&rule, false, 32, Some(0.712), None);
        assert_eq!(
            both.to_string(),
            "not trusted (Gwet's AC1): 32 paired reviews, 50 needed; lower bound 0.712, 0.800 needed"
        );
        let none = TrustVerdict::new(&rule, true, 1, None, None);
        assert_eq!(
            none.to_string(),
            "not trusted (Gwet's AC2): 1 paired review, 50 needed; no lower bound"
        );
        let ok = TrustVerdict::new(&rule, false, 64, Some(0.912), None);
        assert!(ok.is_trusted());
        assert_eq!(
            ok.to_string(),
            "trusted: Gwet's AC1 lower bound 0.912 >= 0.800 on 64 paired reviews (50 needed)"
        );
        // At the threshold and at the count exactly: trusted.
        assert!(TrustVerdict::new(&rule, false, 50, Some(0.8), None).is_trusted());
        assert!(!TrustVerdict::new(&rule, false, 49, Some(0.8), None).is_trusted());
    }

    #[test]
    fn adding_checks_everything_before_changing_anything() {
        let form = form();
        let answers = Answers::from(vec![Answer::Yes, Answer::Rating(4), Answer::Choice(0)]);
        let e = answers.evaluate(&form).unwrap();
        let mut paired = PairedSummary::new(&form);
        paired.add("c1", &e, &AutomaticEvaluation::new(e)).unwrap();
        let before = paired.clone();
        assert!(matches!(
            paired.add("  ", &e, &AutomaticEvaluation::new(e)),
            Err(Error::EmptyText { .. })
        ));
        let other = form
            .clone()
            .with_critical_rule(crate::CriticalRule::ScoreZero);
        let o = answers.evaluate(&other).unwrap();
        let err = paired
            .add("c2", &e, &AutomaticEvaluation::new(o))
            .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("form of the automatic evaluation differs: call_review v1 scored as ")
        );
        assert_eq!(paired, before);
    }
}
