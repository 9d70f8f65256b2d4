//! Disputes and appeals as data: an agent disputes items of a review within the appeal window,
//! each disputed item is decided, the review is scored again with the decided answers and the
//! team's running totals are corrected as if the corrected review had been there all along.
//!
//! A [`Dispute`] concerns one evaluation (by its id) and the reviewer who scored it. It lists
//! the disputed items, each with the answer the agent proposes, a reason code, and the day it
//! was opened; [`Dispute::open`] refuses one opened after the [`AppealWindow`]. Each item is
//! then decided one of three ways ([`Decision`]): the reviewer's answer is kept, the proposed
//! one taken, or another set. Once every item is decided the dispute is
//! [`close`](Dispute::close)d on a day, and its [`state`](Dispute::state) follows from the
//! decisions: accepted (every proposal taken), rejected (every answer kept) or partly accepted.
//!
//! [`Dispute::corrected`] gives the review's answers after the decisions;
//! [`Dispute::apply`] also corrects a [`FormSummary`] with
//! [`FormSummary::replace`], exactly (counts and the exact sums alike). A [`DisputeTally`]
//! counts outcomes by item and by reviewer, and the days disputes took to resolve; it merges
//! like every other tally.
//!
//! # Examples
//!
//! ```
//! use std::collections::HashMap;
//! use service_quality::Scale;
//! use service_quality::form::{Answer, Answers, Form, FormSummary, Item};
//! use service_quality::programme::{AppealWindow, Day, Decision, Dispute, DisputeState, DisputeTally};
//!
//! let form = Form::builder("call_review", 1)
//!     .item(Item::scale("greeting", Scale::ONE_TO_FIVE)?)
//!     .item(Item::yes_no("verified")?.with_critical_below_half())
//!     .build()?;
//! let mut reviews = HashMap::from([
//!     ("call-1".to_owned(), Answers::from(vec![Answer::Rating(5), Answer::Yes])),
//!     ("call-2".to_owned(), Answers::from(vec![Answer::Rating(3), Answer::No])),
//! ]);
//! let mut team = FormSummary::new(&form);
//! for answers in reviews.values() {
//!     team.add(&answers.evaluate(&form)?)?;
//! }
//! assert_eq!(team.critical_failures(), 1);
//!
//! // The agent disputes both items of call-2 five days after the review.
//! let reviewed = Day::from_ymd(2026, 11, 2)?;
//! let mut dispute = Dispute::open("call-2", "ana", reviewed, reviewed.plus_days(5)?,
//!                                 "verification_done_by_ivr", &AppealWindow::default())?
//!     .with_item("verified", Answer::Yes)?
//!     .with_item("greeting", Answer::Rating(4))?;
//! dispute.decide("verified", Decision::TakeProposed)?; // the recording shows the IVR check
//! dispute.decide("greeting", Decision::Keep)?;
//! dispute.close(reviewed.plus_days(8)?)?;
//! assert_eq!(dispute.state(), DisputeState::PartlyAccepted);
//!
//! let correction = dispute.apply(&form, &mut reviews, &mut team)?;
//! assert_eq!(correction.before().map(|s| s.get()), Some(0.0)); // failed verification: 0
//! assert_eq!(correction.after().map(|s| s.get()), Some(75.0)); // (50 + 100) / 2
//! assert_eq!(team.critical_failures(), 0);
//!
//! let mut tally = DisputeTally::new();
//! tally.add(&dispute);
//! assert_eq!(tally.item("verified").map(|i| i.taken()), Some(1));
//! assert_eq!(tally.mean_resolution_days(), Some(3.0));
//! # Ok::<(), service_quality::Error>(())
//! ```

use std::collections::{BTreeMap, HashMap};

use super::calendar::Day;
use crate::form::{Answer, Answers, Form, FormSummary};
use crate::metrics::Share;
use crate::scoring::macros::named_enum;
use crate::scoring::names::unknown_name;
use crate::scoring::{Error, Merge, Result, Score};

/// How many days after a review an agent may dispute it: a dispute opened later is refused.
/// The default, 14 days, is this crate's choice (QA products let each team set its own; a
/// fortnight covers a review read at the next one-to-one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct AppealWindow {
    days: u32,
}

impl AppealWindow {
    /// A window of `days` days after the review (0: the same day only).
    pub const fn days(days: u32) -> Self {
        AppealWindow { days }
    }

    /// Its length in days.
    pub const fn length(&self) -> u32 {
        self.days
    }

    /// Refuses a dispute opened before the review or after the window.
    fn check(&self, reviewed: Day, opened: Day) -> Result<()> {
        let after = reviewed.days_until(opened);
        if (0..=i64::from(self.days)).contains(&after) {
            Ok(())
        } else {
            Err(Error::Inconsistent {
                field: "opened",
                value: format!("{opened} ({after} days after the review on {reviewed})"),
                expected: format!(
                    "a day from the review to {} days after it, the appeal window",
                    self.days
                ),
            })
        }
    }
}

impl Default for AppealWindow {
    fn default() -> Self {
        AppealWindow::days(14)
    }
}

/// How one disputed item is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Decision {
    /// The reviewer's answer stands: the dispute is rejected on this item.
    Keep,
    /// The agent's proposed answer is taken.
    TakeProposed,
    /// Neither: the item is set to this answer (a lead re-listened and scored it otherwise).
    Set(Answer),
}

impl core::fmt::Display for Decision {
    /// `kept`, `proposal taken` or `set to 3` (the answer as [`Answer`] writes it).
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Decision::Keep => f.write_str("kept"),
            Decision::TakeProposed => f.write_str("proposal taken"),
            Decision::Set(answer) => write!(f, "set to {answer}"),
        }
    }
}

named_enum! {
    /// Where a dispute stands, from its items' decisions.
    ///
    /// ```
    /// use service_quality::programme::DisputeState;
    ///
    /// assert_eq!("partly_accepted".parse::<DisputeState>()?, DisputeState::PartlyAccepted);
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    #[non_exhaustive]
    pub enum DisputeState as "dispute state",
        expecting "one of: open, accepted, partly_accepted, rejected"
    {
        /// Not closed yet.
        Open,
        /// Closed with every proposed answer taken.
        Accepted,
        /// Closed with some items changed (to the proposal or otherwise) and some kept, or an
        /// item set to an answer other than the one proposed.
        PartlyAccepted,
        /// Closed with every reviewer's answer kept.
        Rejected,
    }
}

/// One disputed item: its key, the answer the agent proposes, and its decision once made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DisputedItem<'a> {
    item: &'a str,
    proposed: Answer,
    decision: Option<Decision>,
}

impl<'a> DisputedItem<'a> {
    /// The item's key on the form.
    pub const fn item(&self) -> &'a str {
        self.item
    }

    /// The answer the agent proposes.
    pub const fn proposed(&self) -> Answer {
        self.proposed
    }

    /// Its decision; `None` while undecided.
    pub const fn decision(&self) -> Option<Decision> {
        self.decision
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
struct Entry {
    item: String,
    proposed: Answer,
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    decision: Option<Decision>,
}

/// A dispute of one review: the evaluation it concerns, who scored it, when it was reviewed,
/// opened and (once closed) decided, a reason code, and the disputed items with the proposed
/// answers and their decisions. See the [module docs](self).
///
/// In JSON: `{"evaluation": "call-2", "reviewer": "ana", "reviewed": "2026-11-02", "opened":
/// "2026-11-07", "reason": "…", "items": [{"item": "verified", "proposed": true, "decision":
/// "take_proposed"}], "decided": "2026-11-10"}`. Reading it checks everything the methods
/// check but the appeal window, which belongs to the team's policy: check a dispute read from
/// storage against it with [`within`](Self::within).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "RawDispute", into = "RawDispute"))]
pub struct Dispute {
    evaluation: String,
    reviewer: String,
    reviewed: Day,
    opened: Day,
    reason: String,
    items: Vec<Entry>,
    decided: Option<Day>,
}

impl Dispute {
    /// Opens a dispute of the evaluation `evaluation`, scored by `reviewer` on `reviewed`,
    /// opened on `opened` for the reason code `reason`; add the disputed items with
    /// [`with_item`](Self::with_item).
    ///
    /// # Errors
    ///
    /// [`Error::EmptyText`] for an empty evaluation id, reviewer or reason, and
    /// [`Error::Inconsistent`] (field `opened`) for a dispute opened before the review or
    /// after the appeal window.
    pub fn open(
        evaluation: impl Into<String>,
        reviewer: impl Into<String>,
        reviewed: Day,
        opened: Day,
        reason: impl Into<String>,
        window: &AppealWindow,
    ) -> Result<Dispute> {
        let dispute = Dispute {
            evaluation: not_empty("evaluation", evaluation.into())?,
            reviewer: not_empty("reviewer", reviewer.into())?,
            reviewed,
            opened,
            reason: not_empty("reason", reason.into())?,
            items: Vec::new(),
            decided: None,
        };
        dispute.within(window)?;
        Ok(dispute)
    }

    /// The same dispute with one more disputed item and the answer the agent proposes for it.
    /// Whether the key is on the form and the answer fits the item is checked when the dispute
    /// is applied to the review ([`corrected`](Self::corrected)).
    ///
    /// # Errors
    ///
    /// [`Error::EmptyText`] for an empty key, [`Error::Duplicate`] for an item already
    /// disputed, and [`Error::Inconsistent`] on a closed dispute.
    pub fn with_item(mut self, item: impl Into<String>, proposed: Answer) -> Result<Dispute> {
        let item = not_empty("item", item.into())?;
        self.still_open()?;
        if self.items.iter().any(|e| e.item == item) {
            return Err(Error::Duplicate {
                what: "disputed item",
                key: item,
            });
        }
        self.items.push(Entry {
            item,
            proposed,
            decision: None,
        });
        Ok(self)
    }

    /// Decides one disputed item (deciding it again replaces the earlier decision while the
    /// dispute is open).
    ///
    /// # Errors
    ///
    /// [`Error::UnknownName`] for an item that was not disputed, and [`Error::Inconsistent`]
    /// on a closed dispute.
    pub fn decide(&mut self, item: &str, decision: Decision) -> Result<()> {
        self.still_open()?;
        let keys = self.items.iter().map(|e| e.item.as_str());
        let not_disputed = unknown_name("disputed item", item, keys);
        let entry = self
            .items
            .iter_mut()
            .find(|e| e.item == item)
            .ok_or(not_disputed)?;
        entry.decision = Some(decision);
        Ok(())
    }

    /// Closes the dispute on `decided`, once every item is decided.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] for a dispute with no items, [`Error::Missing`] naming the first
    /// undecided item, [`Error::Inconsistent`] (field `decided`) for a day before the
    /// dispute was opened, and [`Error::Inconsistent`] when it is already closed.
    pub fn close(&mut self, decided: Day) -> Result<()> {
        self.still_open()?;
        check_closable(&self.items, self.opened, decided)?;
        self.decided = Some(decided);
        Ok(())
    }

    /// Checks the dispute against a team's appeal window (a dispute read from storage, say).
    ///
    /// # Errors
    ///
    /// [`Error::Inconsistent`] (field `opened`) when it was opened before the review or
    /// after the window.
    pub fn within(&self, window: &AppealWindow) -> Result<()> {
        window.check(self.reviewed, self.opened)
    }

    /// The id of the evaluation disputed.
    pub fn evaluation(&self) -> &str {
        &self.evaluation
    }

    /// Who scored the evaluation.
    pub fn reviewer(&self) -> &str {
        &self.reviewer
    }

    /// The reason code.
    pub fn reason(&self) -> &str {
        &self.reason
    }

    /// The day of the review.
    pub const fn reviewed(&self) -> Day {
        self.reviewed
    }

    /// The day the dispute was opened.
    pub const fn opened(&self) -> Day {
        self.opened
    }

    /// The day it was decided; `None` while open.
    pub const fn decided(&self) -> Option<Day> {
        self.decided
    }

    /// How many days it took to decide, from opening to closing; `None` while open.
    pub fn resolution_days(&self) -> Option<i64> {
        self.decided.map(|d| self.opened.days_until(d))
    }

    /// The disputed items in the order they were added.
    pub fn items(&self) -> impl Iterator<Item = DisputedItem<'_>> + '_ {
        self.items.iter().map(|e| DisputedItem {
            item: &e.item,
            proposed: e.proposed,
            decision: e.decision,
        })
    }

    /// Where the dispute stands: open until closed, then from its decisions (see
    /// [`DisputeState`]).
    pub fn state(&self) -> DisputeState {
        if self.decided.is_none() {
            return DisputeState::Open;
        }
        let outcomes = self.items.iter().map(Entry::outcome);
        let (mut taken, mut kept) = (true, true);
        for outcome in outcomes {
            taken &= outcome == Some(Outcome::Taken);
            kept &= outcome == Some(Outcome::Kept);
        }
        match (taken, kept) {
            (true, _) => DisputeState::Accepted,
            (_, true) => DisputeState::Rejected,
            _ => DisputeState::PartlyAccepted,
        }
    }

    /// The review's answers after the decisions: each disputed item's answer kept, replaced by
    /// the proposal, or set otherwise; every other answer (and the answers' fields) as
    /// reviewed. Score them with [`Answers::evaluate`].
    ///
    /// # Errors
    ///
    /// [`Error::Inconsistent`] while the dispute is open (decide and close it first),
    /// [`Error::UnknownName`] for a disputed item not on `form`, and [`Error::Mismatch`] when
    /// `original` has not one answer per item of the form. An answer that does not fit its
    /// item is reported when the corrected answers are evaluated.
    pub fn corrected(&self, form: &Form, original: &Answers) -> Result<Answers> {
        if self.decided.is_none() {
            return Err(Error::Inconsistent {
                field: "dispute",
                value: format!("open for evaluation '{}'", self.evaluation),
                expected: "a closed dispute, every item decided".to_owned(),
            });
        }
        if original.len() != form.items().len() {
            return Err(Error::Mismatch {
                field: "number of answers",
                found: original.len().to_string(),
                expected: form.items().len().to_string(),
            });
        }
        let mut answers = original.to_vec();
        for entry in &self.items {
            let Some(at) = form.items().iter().position(|i| i.key() == entry.item) else {
                let keys = form.items().iter().map(|i| i.key());
                return Err(unknown_name("item", &entry.item, keys));
            };
            let decided = match entry.decision {
                Some(Decision::TakeProposed) => Some(entry.proposed),
                Some(Decision::Set(answer)) => Some(answer),
                Some(Decision::Keep) | None => None,
            };
            if let (Some(answer), Some(slot)) = (decided, answers.get_mut(at)) {
                *slot = answer;
            }
        }
        let mut corrected = Answers::from(answers);
        for (name, value) in original.fields() {
            corrected.set_field(name, value);
        }
        Ok(corrected)
    }

    /// Applies the closed dispute to the stored reviews and a running summary: looks the
    /// evaluation up in `reviews`, scores it again with the decided answers, stores those in
    /// its place and corrects `summary` ([`FormSummary::replace`]). Nothing changes unless all
    /// of it succeeds.
    ///
    /// # Errors
    ///
    /// [`Error::Missing`] for an evaluation id not in `reviews`; the errors of
    /// [`corrected`](Self::corrected), of [`Answers::evaluate`] for the original or the
    /// corrected answers, and of [`FormSummary::replace`] (the summary does not hold the
    /// original review, or is of another form).
    pub fn apply(
        &self,
        form: &Form,
        reviews: &mut HashMap<String, Answers>,
        summary: &mut FormSummary,
    ) -> Result<Correction> {
        let Some(original) = reviews.get(&self.evaluation) else {
            return Err(Error::Missing {
                what: "review for the disputed evaluation",
                key: self.evaluation.clone(),
            });
        };
        let corrected = self.corrected(form, original)?;
        let old = original.evaluate(form)?;
        let new = corrected.evaluate(form)?;
        summary.replace(&old, &new)?;
        let correction = Correction {
            before: old.overall(),
            after: new.overall(),
        };
        reviews.insert(self.evaluation.clone(), corrected);
        Ok(correction)
    }

    fn still_open(&self) -> Result<()> {
        match self.decided {
            None => Ok(()),
            Some(day) => Err(Error::Inconsistent {
                field: "dispute",
                value: format!("closed on {day} for evaluation '{}'", self.evaluation),
                expected: "an open dispute".to_owned(),
            }),
        }
    }
}

/// What a dispute changed: the review's overall score before and after.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Correction {
    before: Option<Score>,
    after: Option<Score>,
}

impl Correction {
    /// The overall score as reviewed; `None` when it had nothing to score.
    pub const fn before(&self) -> Option<Score> {
        self.before
    }

    /// The overall score after the decisions.
    pub const fn after(&self) -> Option<Score> {
        self.after
    }

    /// The change in points (after − before); `None` unless both were scored.
    pub fn change(&self) -> Option<f64> {
        Some(self.after?.get() - self.before?.get())
    }
}

/// How one decided item came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Kept,
    Taken,
    Otherwise,
}

impl Entry {
    fn outcome(&self) -> Option<Outcome> {
        Some(match self.decision? {
            Decision::Keep => Outcome::Kept,
            Decision::TakeProposed => Outcome::Taken,
            // Setting the proposed answer by hand is taking it.
            Decision::Set(answer) if answer == self.proposed => Outcome::Taken,
            Decision::Set(_) => Outcome::Otherwise,
        })
    }
}

fn not_empty(field: &'static str, text: String) -> Result<String> {
    if text.trim().is_empty() {
        Err(Error::EmptyText { field })
    } else {
        Ok(text)
    }
}

/// The checks of closing: items, every one decided, decided on or after opening.
fn check_closable(items: &[Entry], opened: Day, decided: Day) -> Result<()> {
    if items.is_empty() {
        return Err(Error::Empty {
            what: "dispute",
            item: "disputed item",
        });
    }
    if let Some(entry) = items.iter().find(|e| e.decision.is_none()) {
        return Err(Error::Missing {
            what: "decision for disputed item",
            key: entry.item.clone(),
        });
    }
    if decided < opened {
        return Err(Error::Inconsistent {
            field: "decided",
            value: decided.to_string(),
            expected: format!("a day on or after the dispute was opened, {opened}"),
        });
    }
    Ok(())
}

/// One item's disputes: how often it was disputed, and how the decided ones came out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct ItemDisputes {
    disputed: u64,
    kept: u64,
    taken: u64,
    otherwise: u64,
}

impl ItemDisputes {
    /// How often the item was disputed (in closed and open disputes).
    pub const fn disputed(&self) -> u64 {
        self.disputed
    }

    /// How often the reviewer's answer was kept.
    pub const fn kept(&self) -> u64 {
        self.kept
    }

    /// How often the proposed answer was taken.
    pub const fn taken(&self) -> u64 {
        self.taken
    }

    /// How often another answer was set.
    pub const fn otherwise(&self) -> u64 {
        self.otherwise
    }

    /// How many were decided (in closed disputes).
    pub const fn decided(&self) -> u64 {
        self.kept + self.taken + self.otherwise
    }

    /// The share of decided disputes of the item that changed its answer (to the proposal or
    /// otherwise): how often reviewers got it wrong by the decisions. Its interval is
    /// [`Share::interval`].
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] when none was decided.
    pub fn acceptance(&self) -> Result<Share> {
        Share::new(self.taken + self.otherwise, self.decided())
    }

    fn merge(&mut self, other: &Self) {
        self.disputed = self.disputed.saturating_add(other.disputed);
        self.kept = self.kept.saturating_add(other.kept);
        self.taken = self.taken.saturating_add(other.taken);
        self.otherwise = self.otherwise.saturating_add(other.otherwise);
    }
}

/// One reviewer's disputed reviews by where they stand.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct ReviewerDisputes {
    open: u64,
    accepted: u64,
    partly_accepted: u64,
    rejected: u64,
}

impl ReviewerDisputes {
    /// How many of the reviewer's reviews stand in `state`.
    pub const fn count(&self, state: DisputeState) -> u64 {
        match state {
            DisputeState::Open => self.open,
            DisputeState::Accepted => self.accepted,
            DisputeState::PartlyAccepted => self.partly_accepted,
            DisputeState::Rejected => self.rejected,
        }
    }

    /// Every dispute of the reviewer's reviews, open or closed.
    pub const fn disputes(&self) -> u64 {
        self.open + self.decided()
    }

    /// The closed ones.
    pub const fn decided(&self) -> u64 {
        self.accepted + self.partly_accepted + self.rejected
    }

    /// The share of closed disputes accepted at least in part: how often the reviewer's
    /// disputed reviews were changed.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] when none was closed.
    pub fn acceptance(&self) -> Result<Share> {
        Share::new(self.accepted + self.partly_accepted, self.decided())
    }

    fn merge(&mut self, other: &Self) {
        self.open = self.open.saturating_add(other.open);
        self.accepted = self.accepted.saturating_add(other.accepted);
        self.partly_accepted = self.partly_accepted.saturating_add(other.partly_accepted);
        self.rejected = self.rejected.saturating_add(other.rejected);
    }

    fn slot(&mut self, state: DisputeState) -> &mut u64 {
        match state {
            DisputeState::Open => &mut self.open,
            DisputeState::Accepted => &mut self.accepted,
            DisputeState::PartlyAccepted => &mut self.partly_accepted,
            DisputeState::Rejected => &mut self.rejected,
        }
    }
}

/// Running tallies of disputes: by item (how often each is disputed and changed), by reviewer
/// (how often their reviews are disputed and changed) and the days closed disputes took.
/// Mergeable ([`Merge`]) in any order with the same result, so tallies per team or per month
/// add up. Keep one tally per form version when item keys change between versions.
///
/// ```
/// use service_quality::form::Answer;
/// use service_quality::programme::{AppealWindow, Day, Decision, Dispute, DisputeTally};
///
/// let day = Day::from_ymd(2026, 11, 2)?;
/// let mut a = Dispute::open("c1", "ana", day, day, "tone", &AppealWindow::default())?
///     .with_item("tone", Answer::Rating(4))?;
/// a.decide("tone", Decision::Keep)?;
/// a.close(day.plus_days(2)?)?;
/// let b = Dispute::open("c2", "ana", day, day, "tone", &AppealWindow::default())?
///     .with_item("tone", Answer::Rating(5))?;
/// let tally: DisputeTally = [&a, &b].into_iter().collect();
/// let ana = tally.reviewer("ana").unwrap();
/// assert_eq!((ana.disputes(), ana.decided()), (2, 1));
/// assert_eq!(ana.acceptance()?.percent(), 0.0);
/// assert_eq!(tally.item("tone").map(|t| t.disputed()), Some(2));
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "RawTally", into = "RawTally"))]
pub struct DisputeTally {
    items: BTreeMap<String, ItemDisputes>,
    reviewers: BTreeMap<String, ReviewerDisputes>,
    /// Closed disputes and the days they took, summed.
    resolved: u64,
    resolution_days: u64,
    longest: u64,
}

impl DisputeTally {
    /// An empty tally.
    pub fn new() -> Self {
        DisputeTally::default()
    }

    /// Counts one dispute, open or closed.
    pub fn add(&mut self, dispute: &Dispute) {
        let state = dispute.state();
        let reviewer = self.reviewers.entry(dispute.reviewer.clone()).or_default();
        *reviewer.slot(state) = reviewer.slot(state).saturating_add(1);
        for entry in &dispute.items {
            let item = self.items.entry(entry.item.clone()).or_default();
            item.disputed = item.disputed.saturating_add(1);
            let slot = match entry.outcome().filter(|_| state != DisputeState::Open) {
                Some(Outcome::Kept) => &mut item.kept,
                Some(Outcome::Taken) => &mut item.taken,
                Some(Outcome::Otherwise) => &mut item.otherwise,
                None => continue,
            };
            *slot = slot.saturating_add(1);
        }
        // A closed dispute's days are never negative: closing checks the order of the days.
        if let Some(days) = dispute
            .resolution_days()
            .and_then(|d| u64::try_from(d).ok())
        {
            self.resolved = self.resolved.saturating_add(1);
            self.resolution_days = self.resolution_days.saturating_add(days);
            self.longest = self.longest.max(days);
        }
    }

    /// One item's disputes; `None` when it was never disputed.
    pub fn item(&self, key: &str) -> Option<ItemDisputes> {
        self.items.get(key).copied()
    }

    /// Every disputed item with its disputes, by key.
    pub fn items(&self) -> impl Iterator<Item = (&str, ItemDisputes)> + '_ {
        self.items.iter().map(|(k, v)| (k.as_str(), *v))
    }

    /// One reviewer's disputed reviews; `None` when none was disputed.
    pub fn reviewer(&self, reviewer: &str) -> Option<ReviewerDisputes> {
        self.reviewers.get(reviewer).copied()
    }

    /// Every reviewer with disputed reviews, by name.
    pub fn reviewers(&self) -> impl Iterator<Item = (&str, ReviewerDisputes)> + '_ {
        self.reviewers.iter().map(|(k, v)| (k.as_str(), *v))
    }

    /// How many disputes were counted, open or closed.
    pub fn disputes(&self) -> u64 {
        self.reviewers
            .values()
            .fold(0, |n, r| n.saturating_add(r.disputes()))
    }

    /// How many closed disputes stand in `state` (or how many are open).
    pub fn count(&self, state: DisputeState) -> u64 {
        self.reviewers
            .values()
            .fold(0, |n, r| n.saturating_add(r.count(state)))
    }

    /// The mean days from opening to closing over the closed disputes; `None` when none is.
    pub fn mean_resolution_days(&self) -> Option<f64> {
        (self.resolved > 0).then(|| self.resolution_days as f64 / self.resolved as f64)
    }

    /// The longest any closed dispute took, in days; `None` when none is closed.
    pub fn longest_resolution_days(&self) -> Option<u64> {
        (self.resolved > 0).then_some(self.longest)
    }

    /// Adds everything in `other` (the same as [`Merge::merge`]).
    pub fn merge(&mut self, other: &Self) {
        for (key, item) in &other.items {
            self.items.entry(key.clone()).or_default().merge(item);
        }
        for (key, reviewer) in &other.reviewers {
            self.reviewers
                .entry(key.clone())
                .or_default()
                .merge(reviewer);
        }
        self.resolved = self.resolved.saturating_add(other.resolved);
        self.resolution_days = self.resolution_days.saturating_add(other.resolution_days);
        self.longest = self.longest.max(other.longest);
    }
}

impl Merge for DisputeTally {
    fn merge(&mut self, other: &Self) {
        DisputeTally::merge(self, other);
    }
}

impl<'a> Extend<&'a Dispute> for DisputeTally {
    fn extend<I: IntoIterator<Item = &'a Dispute>>(&mut self, iter: I) {
        for dispute in iter {
            self.add(dispute);
        }
    }
}

impl<'a> FromIterator<&'a Dispute> for DisputeTally {
    fn from_iter<I: IntoIterator<Item = &'a Dispute>>(iter: I) -> Self {
        let mut tally = DisputeTally::new();
        tally.extend(iter);
        tally
    }
}

#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDispute {
    evaluation: String,
    reviewer: String,
    reviewed: Day,
    opened: Day,
    reason: String,
    items: Vec<Entry>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    decided: Option<Day>,
}

#[cfg(feature = "serde")]
impl TryFrom<RawDispute> for Dispute {
    type Error = Error;

    fn try_from(raw: RawDispute) -> Result<Dispute> {
        if raw.opened < raw.reviewed {
            return Err(Error::Inconsistent {
                field: "opened",
                value: raw.opened.to_string(),
                expected: format!("a day on or after the review, {}", raw.reviewed),
            });
        }
        let window = AppealWindow::days(u32::MAX);
        let mut dispute = Dispute::open(
            raw.evaluation,
            raw.reviewer,
            raw.reviewed,
            raw.opened,
            raw.reason,
            &window,
        )?;
        for entry in raw.items {
            dispute = dispute.with_item(entry.item.clone(), entry.proposed)?;
            if let Some(decision) = entry.decision {
                dispute.decide(&entry.item, decision)?;
            }
        }
        if let Some(day) = raw.decided {
            dispute.close(day)?;
        }
        Ok(dispute)
    }
}

#[cfg(feature = "serde")]
impl From<Dispute> for RawDispute {
    fn from(d: Dispute) -> RawDispute {
        RawDispute {
            evaluation: d.evaluation,
            reviewer: d.reviewer,
            reviewed: d.reviewed,
            opened: d.opened,
            reason: d.reason,
            items: d.items,
            decided: d.decided,
        }
    }
}

#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTally {
    items: BTreeMap<String, ItemDisputes>,
    reviewers: BTreeMap<String, ReviewerDisputes>,
    resolved: u64,
    resolution_days: u64,
    longest: u64,
}

#[cfg(feature = "serde")]
impl TryFrom<RawTally> for DisputeTally {
    type Error = Error;

    /// Checks what the counting keeps true: no item decided more often than disputed, no more
    /// resolved disputes than closed ones, the longest within the total.
    fn try_from(raw: RawTally) -> Result<DisputeTally> {
        for (key, item) in &raw.items {
            let decided =
                u128::from(item.kept) + u128::from(item.taken) + u128::from(item.otherwise);
            if decided > u128::from(item.disputed) {
                return Err(Error::Inconsistent {
                    field: "decided item disputes",
                    value: format!("{decided} for item '{key}'"),
                    expected: format!("at most the {} disputes of it", item.disputed),
                });
            }
        }
        let tally = DisputeTally {
            items: raw.items,
            reviewers: raw.reviewers,
            resolved: raw.resolved,
            resolution_days: raw.resolution_days,
            longest: raw.longest,
        };
        let closed = tally
            .disputes()
            .saturating_sub(tally.count(DisputeState::Open));
        if tally.resolved != closed {
            return Err(Error::Inconsistent {
                field: "resolved",
                value: tally.resolved.to_string(),
                expected: format!("the {closed} closed disputes"),
            });
        }
        let most = if tally.resolved > 0 {
            tally.resolution_days
        } else {
            0
        };
        if tally.longest > most {
            return Err(Error::Inconsistent {
                field: "longest",
                value: tally.longest.to_string(),
                expected: format!("at most the {most} days of every resolution together"),
            });
        }
        Ok(tally)
    }
}

#[cfg(feature = "serde")]
impl From<DisputeTally> for RawTally {
    fn from(t: DisputeTally) -> RawTally {
        RawTally {
            items: t.items,
            reviewers: t.reviewers,
            resolved: t.resolved,
            resolution_days: t.resolution_days,
            longest: t.longest,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::assert_close;

    fn day(d: u8) -> Day {
        Day::from_ymd(2026, 11, d).unwrap()
    }

    fn dispute(reviewer: &str) -> Dispute {
        Dispute::open(
            "c1",
            reviewer,
            day(2),
            day(3),
            "tone",
            &AppealWindow::default(),
        )
        .unwrap()
        .with_item("tone", Answer::Rating(4))
        .unwrap()
        .with_item("verified", Answer::Yes)
        .unwrap()
    }

    #[test]
    fn the_window_counts_whole_days_after_the_review_both_ends_included() {
        let window = AppealWindow::days(14);
        assert!(window.check(day(2), day(2)).is_ok());
        assert!(window.check(day(2), day(16)).is_ok());
        let late = window.check(day(2), day(17)).unwrap_err();
        assert_eq!(
            late.to_string(),
            "opened is 2026-11-17 (15 days after the review on 2026-11-02), expected a day from \
             the review to 14 days after it, the appeal window"
        );
        assert!(window.check(day(2), day(1)).is_err());
        assert!(AppealWindow::days(0).check(day(2), day(2)).is_ok());
        assert_eq!(AppealWindow::default().length(), 14);
    }

    #[test]
    fn the_state_follows_the_decisions() {
        let closed = |decisions: [Decision; 2]| {
            let mut d = dispute("ana");
            d.decide("tone", decisions[0]).unwrap();
            d.decide("verified", decisions[1]).unwrap();
            d.close(day(5)).unwrap();
            d.state()
        };
        use Decision::*;
        assert_eq!(dispute("ana").state(), DisputeState::Open);
        assert_eq!(closed([TakeProposed, TakeProposed]), DisputeState::Accepted);
        assert_eq!(closed([Keep, Keep]), DisputeState::Rejected);
        assert_eq!(closed([TakeProposed, Keep]), DisputeState::PartlyAccepted);
        assert_eq!(
            closed([Set(Answer::Rating(3)), TakeProposed]),
            DisputeState::PartlyAccepted
        );
        // Setting the proposed answer by hand is taking the proposal.
        assert_eq!(
            closed([Set(Answer::Rating(4)), Set(Answer::Yes)]),
            DisputeState::Accepted
        );
        assert_eq!(
            closed([Set(Answer::Rating(3)), Set(Answer::No)]),
            DisputeState::PartlyAccepted
        );
    }

    #[test]
    fn decisions_read_as_what_happened_to_the_answer() {
        assert_eq!(Decision::Keep.to_string(), "kept");
        assert_eq!(Decision::TakeProposed.to_string(), "proposal taken");
        assert_eq!(Decision::Set(Answer::Rating(3)).to_string(), "set to 3");
        assert_eq!(
            Decision::Set(Answer::NotApplicable).to_string(),
            "set to n/a"
        );
    }

    #[test]
    fn closing_needs_every_item_decided_on_or_after_opening() {
        let mut d = dispute("ana");
        d.decide("tone", Decision::Keep).unwrap();
        assert_eq!(
            d.close(day(5)).unwrap_err().to_string(),
            "missing decision for disputed item 'verified'"
        );
        d.decide("verified", Decision::Keep).unwrap();
        assert_eq!(
            d.close(day(2)).unwrap_err().to_string(),
            "decided is 2026-11-02, expected a day on or after the dispute was opened, 2026-11-03"
        );
        d.close(day(3)).unwrap();
        assert_eq!(d.resolution_days(), Some(0));
        assert!(d.close(day(4)).is_err());
        assert!(d.decide("tone", Decision::TakeProposed).is_err());
        assert!(d.clone().with_item("greeting", Answer::Rating(5)).is_err());
        let empty = Dispute::open("c", "ana", day(2), day(2), "x", &AppealWindow::default());
        assert_eq!(
            empty.unwrap().close(day(2)).unwrap_err().kind(),
            crate::ErrorKind::Empty
        );
    }

    #[test]
    fn bad_records_are_refused_by_name() {
        let window = AppealWindow::default();
        let err = Dispute::open("", "ana", day(2), day(2), "x", &window).unwrap_err();
        assert_eq!(
            err,
            Error::EmptyText {
                field: "evaluation"
            }
        );
        let err = Dispute::open("c", " ", day(2), day(2), "x", &window).unwrap_err();
        assert_eq!(err, Error::EmptyText { field: "reviewer" });
        let err = Dispute::open("c", "ana", day(2), day(2), "", &window).unwrap_err();
        assert_eq!(err, Error::EmptyText { field: "reason" });
        let err = dispute("ana")
            .with_item("tone", Answer::Rating(2))
            .unwrap_err();
        assert_eq!(err.to_string(), "duplicate disputed item 'tone'");
        let err = dispute("ana").decide("tonee", Decision::Keep).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("unknown disputed item 'tonee', expected one of: tone, verified"),
            "{err}"
        );
    }

    #[test]
    fn a_tally_counts_items_reviewers_and_days() {
        let mut a = dispute("ana");
        a.decide("tone", Decision::TakeProposed).unwrap();
        a.decide("verified", Decision::Keep).unwrap();
        a.close(day(7)).unwrap();
        let mut b = dispute("ben");
        b.decide("tone", Decision::Set(Answer::Rating(2))).unwrap();
        b.decide("verified", Decision::Keep).unwrap();
        b.close(day(4)).unwrap();
        let open = dispute("ana");
        let tally: DisputeTally = [&a, &b, &open].into_iter().collect();
        let tone = tally.item("tone").unwrap();
        assert_eq!(
            (tone.disputed(), tone.kept(), tone.taken(), tone.otherwise()),
            (3, 0, 1, 1)
        );
        assert_eq!(tone.decided(), 2);
        assert_close(tone.acceptance().unwrap().percent(), 100.0);
        let verified = tally.item("verified").unwrap();
        assert_close(verified.acceptance().unwrap().percent(), 0.0);
        let ana = tally.reviewer("ana").unwrap();
        assert_eq!(ana.count(DisputeState::PartlyAccepted), 1);
        assert_eq!(ana.count(DisputeState::Open), 1);
        assert_eq!((ana.disputes(), ana.decided()), (2, 1));
        assert_eq!(tally.disputes(), 3);
        assert_eq!(tally.count(DisputeState::PartlyAccepted), 2);
        // (7 − 3) + (4 − 3) = 5 days over two closed disputes.
        assert_eq!(tally.mean_resolution_days(), Some(2.5));
        assert_eq!(tally.longest_resolution_days(), Some(4));
        assert_eq!(DisputeTally::new().mean_resolution_days(), None);
        assert_eq!(DisputeTally::new().longest_resolution_days(), None);
        assert!(ItemDisputes::default().acceptance().is_err());
    }
}
