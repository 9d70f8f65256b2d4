//! Calibration sessions: do reviewers score the same interactions the way a calibrator (or
//! their consensus) does?

use std::collections::BTreeMap;

use super::agreement::coefficient_of_positions;
use super::kappa::{Cell, KappaOptions, kappa_of_cells};
use super::{AgreementOutcome, Coefficient, Distance, Kappa, Weighting};
use crate::form::AnswerType;
use crate::metrics::Level;
use crate::scoring::{Error, Result};

/// The largest magnitude an answer may have, 10¹⁵: far beyond any form's answers, and small
/// enough that sums of differences stay finite and, for whole-number answers, exact (so
/// differences that cancel give a mean of exactly 0).
const LARGEST_ANSWER: f64 = 1e15;

/// What the reviewers' answers are compared with.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum Reference {
    /// The reviewers' consensus, the default: for each subject and item, N/A when more than
    /// half of the reviewers who answered said N/A, and otherwise the median of their numeric
    /// answers (the lower of the two middle answers when their number is even, so the consensus
    /// is always an answer someone gave and kappa's categories stay the form's own). Every
    /// reviewer is part of the consensus they are compared with, which makes agreement a little
    /// more flattering than against an independent calibrator; it needs at least two reviewers.
    /// With exactly two, the consensus is always the lower of their answers: the reviewer who
    /// scores lower agrees with it by construction and the other drifts upward, so pair two
    /// reviewers with a [`Calibrator`](Self::Calibrator) or use [`Kappa`](super::Kappa) between
    /// them directly; the consensus speaks from three reviewers up.
    #[default]
    Consensus,
    /// The answers of the calibrator with this id (a QA lead, the form's owner), who is then not
    /// counted as a reviewer.
    Calibrator(String),
}

/// How agreement on one item is weighed: a [`Weighting`] and the [`Distance`] between answers.
///
/// [`Calibration::add_evaluation`] records each item's answer type and
/// [`Calibration::evaluate`] weighs it accordingly ([`for_answer`](Self::for_answer)), so a form
/// mixing yes/no items and 1–5 ratings is calibrated in one call;
/// [`CalibrationOptions::with_item_weighting`] overrides the choice for an item.
///
/// ```
/// use service_quality::Scale;
/// use service_quality::form::AnswerType;
/// use service_quality::reliability::{ItemWeighting, Weighting};
///
/// assert_eq!(ItemWeighting::for_answer(&AnswerType::YesNo), ItemWeighting::NOMINAL);
/// let rating = ItemWeighting::for_answer(&AnswerType::Scale(Scale::ONE_TO_FIVE));
/// assert_eq!(rating.weighting(), Weighting::Ordinal);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ItemWeighting {
    weighting: Weighting,
    distance: Distance,
}

impl ItemWeighting {
    /// Answers agree or not, with no order: yes/no items.
    pub const NOMINAL: ItemWeighting =
        ItemWeighting::new(Weighting::Unweighted, Distance::Position);
    /// Ordered answers, a near miss counting less than a far one by the steps between them
    /// ([`Weighting::Ordinal`]): ratings on a scale.
    pub const ORDINAL: ItemWeighting = ItemWeighting::new(Weighting::Ordinal, Distance::Position);
    /// Answers worth points, apart by the difference of their points ([`Weighting::Linear`] on
    /// [`Distance::Value`]): choices.
    pub const BY_POINTS: ItemWeighting = ItemWeighting::new(Weighting::Linear, Distance::Value);

    /// A weighting and a distance.
    pub const fn new(weighting: Weighting, distance: Distance) -> ItemWeighting {
        ItemWeighting {
            weighting,
            distance,
        }
    }

    /// The weighting an answer type calls for: yes/no [`NOMINAL`](Self::NOMINAL), a scale
    /// [`ORDINAL`](Self::ORDINAL), choices [`BY_POINTS`](Self::BY_POINTS).
    pub fn for_answer(answer: &AnswerType) -> ItemWeighting {
        match answer {
            AnswerType::Scale(_) => ItemWeighting::ORDINAL,
            AnswerType::Choices(_) => ItemWeighting::BY_POINTS,
            _ => ItemWeighting::NOMINAL,
        }
    }

    /// The weighting.
    pub const fn weighting(&self) -> Weighting {
        self.weighting
    }

    /// The distance between answers.
    pub const fn distance(&self) -> Distance {
        self.distance
    }
}

/// The options of [`Calibration::evaluate`]: the reference, each item's weighting and the
/// confidence level.
///
/// An item's weighting is, in order: its own ([`with_item_weighting`](Self::with_item_weighting)),
/// the one its answer type calls for when the session recorded it from a form
/// ([`ItemWeighting::for_answer`]), and otherwise the options' weighting and distance (by
/// default unweighted: answers agree or not). The default compares with the consensus at 95%.
///
/// # Examples
///
/// ```
/// use service_quality::reliability::{CalibrationOptions, Reference, Weighting};
///
/// let options = CalibrationOptions::default()
///     .with_reference(Reference::Calibrator("qa-lead".to_owned()))
///     .with_weighting(Weighting::Linear);
/// assert_eq!(options.weighting(), Weighting::Linear);
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CalibrationOptions {
    reference: Reference,
    weighting: Weighting,
    distance: Distance,
    level: Level,
    items: Vec<(String, ItemWeighting)>,
}

impl CalibrationOptions {
    /// The same options with another reference.
    #[must_use]
    pub fn with_reference(self, reference: Reference) -> Self {
        CalibrationOptions { reference, ..self }
    }

    /// The same options with another weighting for items whose answer type the session does
    /// not know (answers recorded with [`Calibration::add`]) and that have no weighting of
    /// their own ([`with_item_weighting`](Self::with_item_weighting)).
    #[must_use]
    pub fn with_weighting(self, weighting: Weighting) -> Self {
        CalibrationOptions { weighting, ..self }
    }

    /// The same options with another distance between answers, for the same items as
    /// [`with_weighting`](Self::with_weighting): positions among the answers given to the item
    /// (the default), or the difference of the values.
    #[must_use]
    pub fn with_distance(self, distance: Distance) -> Self {
        CalibrationOptions { distance, ..self }
    }

    /// The same options with `item` weighed by `weighting`, whatever its answer type.
    #[must_use]
    pub fn with_item_weighting(mut self, item: &str, weighting: ItemWeighting) -> Self {
        let item = item.trim();
        self.items.retain(|(key, _)| key != item);
        self.items.push((item.to_owned(), weighting));
        self
    }

    /// The weighting set for `item` with [`with_item_weighting`](Self::with_item_weighting),
    /// if any.
    pub fn item_weighting(&self, item: &str) -> Option<ItemWeighting> {
        let item = item.trim();
        self.items
            .iter()
            .find(|(key, _)| key == item)
            .map(|&(_, weighting)| weighting)
    }

    /// The same options with another confidence level for kappa's interval.
    #[must_use]
    pub fn with_level(self, level: Level) -> Self {
        CalibrationOptions { level, ..self }
    }

    /// The reference.
    pub const fn reference(&self) -> &Reference {
        &self.reference
    }

    /// The kappa weighting.
    pub const fn weighting(&self) -> Weighting {
        self.weighting
    }

    /// The distance between answers for a weighted kappa.
    pub const fn distance(&self) -> Distance {
        self.distance
    }

    /// The confidence level of kappa's interval.
    pub const fn level(&self) -> Level {
        self.level
    }
}

/// The answers of a calibration session: for each subject (a recorded call, a ticket), form
/// item and reviewer, a numeric answer or N/A (`None`).
///
/// Subjects, items and reviewers are identified by text (trimmed); items and reviewers are
/// reported in the order they first appear.
///
/// A QA team calibrates by having every reviewer score the same recorded interactions
/// (subjects) on the same form, then comparing each reviewer's answers with a reference: a
/// calibrator's, or the reviewers' consensus. [`Calibration`] collects the answers as plain data
/// (subject, item, reviewer, answer or N/A), so it works for any form; [`Calibration::evaluate`]
/// compares them item by item and reviewer by reviewer.
///
/// For each item the report gives the percent agreement, Cohen's kappa of the reviewers against
/// the reference (with its asymptotic standard error and interval), Gwet's AC1 and
/// Krippendorff's alpha of the same pairs, the share of the most common answer and which
/// coefficient to read ([`ItemCalibration::coefficient_to_read`]), and each reviewer's mean
/// signed and absolute deviation from the reference; for each reviewer, the same over the whole
/// form. Each item is weighed by its answer type when the session knows it
/// ([`ItemWeighting::for_answer`]), by the options otherwise. A pair where either side answered N/A leaves the comparison and is counted, with the
/// pairs where only one side found the item not applicable counted apart (they disagree on
/// whether the item applies, a calibration finding in itself). When every compared pair gives
/// one and the same answer, agreement is 100% and kappa is undefined (chance agreement is
/// perfect too): the report says so ([`KappaOutcome::OneCategory`]) instead of failing.
///
/// ```
/// use service_quality::reliability::{Calibration, CalibrationOptions, KappaOutcome, Reference};
///
/// let mut session = Calibration::new();
/// // Two calls, a yes (1) / no (0) item and a 1-5 item; "lead" is the calibrator.
/// for (call, reviewer, greeting, tone) in [
///     ("call-1", "lead", Some(1.0), Some(4.0)),
///     ("call-1", "ana", Some(1.0), Some(4.0)),
///     ("call-1", "ben", Some(1.0), Some(3.0)),
///     ("call-2", "lead", Some(1.0), Some(2.0)),
///     ("call-2", "ana", Some(1.0), Some(2.0)),
///     ("call-2", "ben", None, Some(3.0)),
/// ] {
///     session.add(call, "greeting", reviewer, greeting)?;
///     session.add(call, "tone", reviewer, tone)?;
/// }
/// let options = CalibrationOptions::default().with_reference(Reference::Calibrator("lead".into()));
/// let report = session.evaluate(&options)?;
///
/// let greeting = &report.items()[0];
/// assert_eq!((greeting.agreement().pairs(), greeting.agreement().not_applicable()), (3, 1));
/// assert_eq!(greeting.agreement().percent(), Some(100.0));
/// assert_eq!(greeting.kappa(), &KappaOutcome::OneCategory);
///
/// let ben = &report.reviewers()[1];
/// assert_eq!(ben.reviewer(), "ben");
/// let drift = ben.agreement();
/// assert_eq!(drift.mean_signed_deviation(), Some(0.0)); // one low, one high on tone
/// assert!((drift.mean_absolute_deviation().unwrap() - 2.0 / 3.0).abs() < 1e-12);
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Calibration {
    subjects: Vec<String>,
    items: Vec<String>,
    reviewers: Vec<String>,
    /// (item, subject, reviewer) positions → the answer.
    answers: BTreeMap<(usize, usize, usize), Option<f64>>,
    /// Item positions → the weighting of their answer type, for items recorded from a form.
    weightings: BTreeMap<usize, ItemWeighting>,
    /// Item positions → every score the item's answers can have, for items recorded from a
    /// form: the categories, used or not.
    declared: BTreeMap<usize, Vec<f64>>,
}

impl Calibration {
    /// An empty session.
    pub fn new() -> Self {
        Calibration::default()
    }

    /// Records `reviewer`'s answer to `item` on `subject`: a number, or `None` for N/A.
    ///
    /// # Errors
    ///
    /// [`Error::EmptyText`] for an empty subject, item or reviewer id,
    /// [`Error::ValueOutOfRange`] for an answer that is not finite (or beyond ±10¹⁵),
    /// and [`Error::Duplicate`] when the reviewer already answered the item on that subject.
    /// The session is unchanged on error.
    ///
    /// ```
    /// use service_quality::reliability::Calibration;
    ///
    /// let mut session = Calibration::new();
    /// session.add("call-7", "greeting", "ana", Some(1.0))?;
    /// session.add("call-7", "hold etiquette", "ana", None)?;
    /// assert_eq!(
    ///     session.add("call-7", "greeting", "ana", Some(0.0)).unwrap_err().to_string(),
    ///     "duplicate answer 'ana on greeting for call-7'"
    /// );
    /// assert!(session.add("call-7", "greeting", " ", Some(1.0)).is_err());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn add(
        &mut self,
        subject: &str,
        item: &str,
        reviewer: &str,
        answer: Option<f64>,
    ) -> Result<()> {
        let (subject, item, reviewer) = (
            non_empty("subject", subject)?,
            non_empty("item", item)?,
            non_empty("reviewer id", reviewer)?,
        );
        if let Some(value) = answer
            && !(value.is_finite() && value.abs() <= LARGEST_ANSWER)
        {
            return Err(Error::ValueOutOfRange {
                field: "answer",
                value,
                expected: "a finite number of magnitude at most 1e15",
            });
        }
        let key = (
            position(&self.items, item),
            position(&self.subjects, subject),
            position(&self.reviewers, reviewer),
        );
        if key.0.is_some_and(|i| {
            key.1
                .zip(key.2)
                .is_some_and(|(s, r)| self.answers.contains_key(&(i, s, r)))
        }) {
            return Err(Error::Duplicate {
                what: "answer",
                key: format!("{reviewer} on {item} for {subject}"),
            });
        }
        let key = (
            key.0.unwrap_or_else(|| push(&mut self.items, item)),
            key.1.unwrap_or_else(|| push(&mut self.subjects, subject)),
            key.2.unwrap_or_else(|| push(&mut self.reviewers, reviewer)),
        );
        // Adding zero turns −0 into +0, so the two zeros are one answer.
        self.answers.insert(key, answer.map(|v| v + 0.0));
        Ok(())
    }

    /// Records one reviewer's evaluation of `subject` with a run-time form: every item's
    /// normalised score (0–100), or N/A, as that reviewer's answer to the item (by key).
    /// Scores make every answer type comparable: a 4 on 1–5 is 75, yes is 100, a choice its
    /// share of the best points.
    ///
    /// # Errors
    ///
    /// As [`add`](Self::add); the session is unchanged on error.
    ///
    /// ```
    /// use service_quality::Scale;
    /// use service_quality::form::{Answer, Answers, Form, Item};
    /// use service_quality::reliability::{Calibration, CalibrationOptions, Reference};
    ///
    /// let form = Form::builder("call_review", 1)
    ///     .item(Item::scale("greeting", Scale::ONE_TO_FIVE)?)
    ///     .item(Item::yes_no("verification")?)
    ///     .build()?;
    /// let mut session = Calibration::new();
    /// for (reviewer, greeting) in [("lead", 4), ("ana", 4), ("ben", 2)] {
    ///     let answers = Answers::from(vec![Answer::Rating(greeting), Answer::Yes]);
    ///     session.add_evaluation("call-7", reviewer, &answers.evaluate(&form)?)?;
    /// }
    /// assert_eq!(session.items(), ["greeting", "verification"]);
    /// assert_eq!(session.answers(), 6);
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn add_evaluation(
        &mut self,
        subject: &str,
        reviewer: &str,
        evaluation: &crate::form::Evaluation<'_>,
    ) -> Result<()> {
        let mut session = self.clone();
        for result in evaluation.items() {
            let score = result.score().map(crate::scoring::Score::get);
            let item = result.item();
            session.add(subject, item.key(), reviewer, score)?;
            if let Some(position) = position(&session.items, item.key()) {
                session
                    .weightings
                    .entry(position)
                    .or_insert_with(|| ItemWeighting::for_answer(item.answer_type()));
                session
                    .declared
                    .entry(position)
                    .or_insert_with(|| possible_scores(item));
            }
        }
        *self = session;
        Ok(())
    }

    /// The items, in the order they first appeared.
    pub fn items(&self) -> &[String] {
        &self.items
    }

    /// Everyone who answered (reviewers and any calibrator), in the order they first appeared.
    pub fn reviewers(&self) -> &[String] {
        &self.reviewers
    }

    /// The subjects, in the order they first appeared.
    pub fn subjects(&self) -> &[String] {
        &self.subjects
    }

    /// The number of answers recorded, N/A included.
    pub fn answers(&self) -> usize {
        self.answers.len()
    }

    /// Compares every reviewer with the reference, item by item (see [`Calibration`]).
    ///
    /// Only pairs where both the reviewer and the reference answered the item on the subject are
    /// compared; a missing answer (as opposed to N/A) is simply not a pair.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] for a session with no answers; with a calibrator,
    /// [`Error::UnknownName`] when the id is a likely typo of someone who answered ("Lead" for
    /// "lead", naming them), [`Error::Degenerate`] when the calibrator gave no answer and
    /// [`Error::Degenerate`] when nobody else did; with the consensus, [`Error::Degenerate`]
    /// with fewer than two reviewers.
    ///
    /// ```
    /// use service_quality::reliability::{Calibration, CalibrationOptions, Reference};
    ///
    /// let mut session = Calibration::new();
    /// session.add("call-1", "greeting", "ana", Some(1.0))?;
    /// let with_lead = CalibrationOptions::default().with_reference(Reference::Calibrator("lead".into()));
    /// assert_eq!(
    ///     session.evaluate(&with_lead).unwrap_err().to_string(),
    ///     "calibration is undefined for 'lead': the calibrator gave no answers"
    /// );
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn evaluate(&self, options: &CalibrationOptions) -> Result<CalibrationReport> {
        if self.answers.is_empty() {
            return Err(Error::Empty {
                what: "calibration session",
                item: "answer",
            });
        }
        let calibrator = match options.reference() {
            Reference::Calibrator(id) => {
                let id = id.trim();
                let names = || self.reviewers.iter().map(String::as_str);
                let index = position(&self.reviewers, id).ok_or_else(|| {
                    // A likely typo ("Lead" for "lead") is named; otherwise the calibrator
                    // simply answered nothing in this session.
                    match crate::scoring::names::closest(id, names()) {
                        Some(_) => crate::scoring::names::unknown_name("calibrator", id, names()),
                        None => Error::Degenerate {
                            what: "calibration",
                            part: Some(id.to_owned()),
                            reason: "the calibrator gave no answers",
                        },
                    }
                })?;
                if self.reviewers.len() < 2 {
                    return Err(Error::Degenerate {
                        part: None,
                        what: "calibration",
                        reason: "it needs at least one reviewer besides the calibrator",
                    });
                }
                Some(index)
            }
            Reference::Consensus => {
                if self.reviewers.len() < 2 {
                    return Err(Error::Degenerate {
                        part: None,
                        what: "consensus calibration",
                        reason: "it needs at least two reviewers",
                    });
                }
                None
            }
        };
        let reviewers: Vec<(usize, &str)> = self
            .reviewers
            .iter()
            .enumerate()
            .filter(|&(r, _)| Some(r) != calibrator)
            .map(|(r, name)| (r, name.as_str()))
            .collect();

        let mut overall: Vec<Agreement> = vec![Agreement::default(); reviewers.len()];
        let mut items = Vec::with_capacity(self.items.len());
        for (item, item_name) in self.items.iter().enumerate() {
            let mut per_reviewer: Vec<Agreement> = vec![Agreement::default(); reviewers.len()];
            let mut pairs: Vec<(f64, f64)> = Vec::new();
            for subject in 0..self.subjects.len() {
                let Some(reference) = self.reference(item, subject, calibrator) else {
                    continue;
                };
                for ((&(reviewer, _), tally), total) in reviewers
                    .iter()
                    .zip(per_reviewer.iter_mut())
                    .zip(overall.iter_mut())
                {
                    let Some(&answer) = self.answers.get(&(item, subject, reviewer)) else {
                        continue;
                    };
                    tally.add(answer, reference);
                    total.add(answer, reference);
                    if let (Some(a), Some(b)) = (answer, reference) {
                        pairs.push((a, b));
                    }
                }
            }
            let weighting = options
                .item_weighting(item_name)
                .or_else(|| self.weightings.get(&item).copied())
                .unwrap_or(ItemWeighting::new(options.weighting(), options.distance()));
            let declared = self.declared.get(&item).map_or(&[][..], Vec::as_slice);
            let (values, positions) = categorise(&pairs, declared);
            let coefficient = |which| {
                coefficient_of_positions(
                    &positions,
                    &values,
                    which,
                    weighting.weighting(),
                    weighting.distance(),
                    options.level(),
                )
            };
            let kappa = kappa_outcome(&values, &positions, weighting, options.level())?;
            let prevalence = prevalence(&positions, values.len());
            let skewed = prevalence.is_some_and(|p| p >= SKEWED_PREVALENCE);
            items.push(ItemCalibration {
                item: item_name.clone(),
                agreement: per_reviewer
                    .iter()
                    .fold(Agreement::default(), Agreement::merged),
                coefficient_to_read: if skewed || kappa.kappa().is_none() {
                    Coefficient::Gwet
                } else {
                    Coefficient::Conger
                },
                kappa,
                ac1: coefficient(Coefficient::Gwet),
                alpha: coefficient(Coefficient::Krippendorff),
                prevalence,
                skewed,
                weighting,
                reviewers: reviewer_results(&reviewers, &per_reviewer),
            });
        }
        Ok(CalibrationReport {
            reference: options.reference().clone(),
            items,
            reviewers: reviewer_results(&reviewers, &overall),
        })
    }

    /// The reference answer for `item` on `subject`: `None` when there is none to compare with,
    /// `Some(None)` for N/A.
    fn reference(
        &self,
        item: usize,
        subject: usize,
        calibrator: Option<usize>,
    ) -> Option<Option<f64>> {
        if let Some(calibrator) = calibrator {
            return self.answers.get(&(item, subject, calibrator)).copied();
        }
        let answers: Vec<Option<f64>> = self
            .answers
            .range((item, subject, 0)..=(item, subject, usize::MAX))
            .map(|(_, &answer)| answer)
            .collect();
        if answers.is_empty() {
            return None;
        }
        let mut numeric: Vec<f64> = answers.iter().flatten().copied().collect();
        if 2 * (answers.len() - numeric.len()) > answers.len() {
            return Some(None);
        }
        numeric.sort_by(f64::total_cmp);
        // The lower middle answer; `numeric` holds at least half of the answers, so one.
        numeric.get((numeric.len() - 1) / 2).copied().map(Some)
    }
}

/// One result per reviewer from their agreement tallies, in the same order.
fn reviewer_results(
    reviewers: &[(usize, &str)],
    agreements: &[Agreement],
) -> Vec<ReviewerCalibration> {
    reviewers
        .iter()
        .zip(agreements)
        .map(|(&(_, name), &agreement)| ReviewerCalibration {
            reviewer: name.to_owned(),
            agreement,
        })
        .collect()
}

/// Trims `text` and rejects it when nothing is left.
fn non_empty<'a>(field: &'static str, text: &'a str) -> Result<&'a str> {
    match text.trim() {
        "" => Err(Error::EmptyText { field }),
        trimmed => Ok(trimmed),
    }
}

fn position(names: &[String], name: &str) -> Option<usize> {
    names.iter().position(|n| n == name)
}

fn push(names: &mut Vec<String>, name: &str) -> usize {
    names.push(name.to_owned());
    names.len() - 1
}

/// How a set of answers compares with the reference's: the pairs compared, the pairs left out
/// for N/A, the percentage that agree, and the mean signed and absolute differences.
///
/// Differences are in the items' own units. Over a whole form they mix the items' scales, so
/// read them there for forms whose items share one.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Agreement {
    pairs: u64,
    agreeing: u64,
    not_applicable: u64,
    applicability_disagreements: u64,
    mean_signed_deviation: Option<f64>,
    mean_absolute_deviation: Option<f64>,
    /// The sums behind the means: exact for whole-number answers.
    #[cfg_attr(feature = "serde", serde(skip))]
    signed_sum: f64,
    #[cfg_attr(feature = "serde", serde(skip))]
    absolute_sum: f64,
}

impl Agreement {
    /// The answer pairs compared with the reference (both numeric).
    pub const fn pairs(&self) -> u64 {
        self.pairs
    }

    /// The pairs where the answer equals the reference's.
    pub const fn agreeing(&self) -> u64 {
        self.agreeing
    }

    /// The pairs left out because the answer, the reference or both were N/A.
    pub const fn not_applicable(&self) -> u64 {
        self.not_applicable
    }

    /// Of the pairs left out, those where only one side answered N/A: the two disagree on
    /// whether the item applies.
    pub const fn applicability_disagreements(&self) -> u64 {
        self.applicability_disagreements
    }

    /// The percentage of compared pairs that agree exactly; `None` without pairs.
    pub fn percent(&self) -> Option<f64> {
        (self.pairs > 0).then(|| 100.0 * self.agreeing as f64 / self.pairs as f64)
    }

    /// The mean of the answer minus the reference's: above zero more generous than the
    /// reference, below stricter. `None` without pairs.
    pub const fn mean_signed_deviation(&self) -> Option<f64> {
        self.mean_signed_deviation
    }

    /// The mean absolute difference from the reference's answers: how far off, whichever the
    /// direction. `None` without pairs.
    pub const fn mean_absolute_deviation(&self) -> Option<f64> {
        self.mean_absolute_deviation
    }

    fn add(&mut self, answer: Option<f64>, reference: Option<f64>) {
        match (answer, reference) {
            (Some(a), Some(b)) => {
                self.pairs += 1;
                self.agreeing += u64::from(a.total_cmp(&b).is_eq());
                // Answers of at most 10^15 keep these sums finite.
                self.signed_sum += a - b;
                self.absolute_sum += (a - b).abs();
                self.update_means();
            }
            (None, None) => self.not_applicable += 1,
            _ => {
                self.not_applicable += 1;
                self.applicability_disagreements += 1;
            }
        }
    }

    /// The means from the sums (`None` without pairs). The sums start at +0 and differences of
    /// equal answers are +0, so a mean is never −0.
    fn update_means(&mut self) {
        let count = self.pairs as f64;
        let mean = |sum: f64| (self.pairs > 0).then(|| sum / count);
        self.mean_signed_deviation = mean(self.signed_sum);
        self.mean_absolute_deviation = mean(self.absolute_sum);
    }

    /// The two tallies' counts and sums combined.
    fn merged(self, other: &Agreement) -> Agreement {
        let mut merged = Agreement {
            pairs: self.pairs + other.pairs,
            agreeing: self.agreeing + other.agreeing,
            not_applicable: self.not_applicable + other.not_applicable,
            applicability_disagreements: self.applicability_disagreements
                + other.applicability_disagreements,
            signed_sum: self.signed_sum + other.signed_sum,
            absolute_sum: self.absolute_sum + other.absolute_sum,
            ..Agreement::default()
        };
        merged.update_means();
        merged
    }
}

/// Every score an item's answers can have (a scale's every step, yes and no, each choice), so
/// that a category nobody used still counts: chance agreement by Gwet's and Brennan–Prediger's
/// account depends on how many categories there are. Scales of more than 101 steps are left to
/// the answers given.
fn possible_scores(item: &crate::form::Item) -> Vec<f64> {
    use crate::form::Answer;
    let answers: Vec<Answer> = match item.answer_type() {
        AnswerType::Scale(scale) if scale.max() - scale.min() <= 100 => {
            (scale.min()..=scale.max()).map(Answer::Rating).collect()
        }
        AnswerType::YesNo => vec![Answer::Yes, Answer::No],
        AnswerType::Choices(choices) => (0..choices.len())
            .filter_map(|i| u16::try_from(i).ok().map(Answer::Choice))
            .collect(),
        _ => Vec::new(),
    };
    answers
        .into_iter()
        .filter_map(|answer| item.score(answer).ok().flatten())
        .map(crate::scoring::Score::get)
        .collect()
}

/// The categories of one item, ascending (the distinct answers of its (reviewer, reference)
/// pairs and any `declared` answers the form allows), and each pair as the positions of its two
/// answers among them.
fn categorise(pairs: &[(f64, f64)], declared: &[f64]) -> (Vec<f64>, Vec<[usize; 2]>) {
    // Every answer of every pair and every declared answer, sorted: each run of equal answers
    // is one category, and each pair's answer takes its run's position.
    let mut answers: Vec<(f64, Option<(usize, usize)>)> = pairs
        .iter()
        .enumerate()
        .flat_map(|(pair, &(a, b))| [(a, Some((pair, 0))), (b, Some((pair, 1)))])
        .chain(declared.iter().map(|&v| (v, None)))
        .collect();
    answers.sort_by(|x, y| x.0.total_cmp(&y.0));
    let mut categories: Vec<f64> = Vec::new();
    let mut positions = vec![[0usize; 2]; pairs.len()];
    for run in answers.chunk_by(|x, y| x.0.total_cmp(&y.0).is_eq()) {
        let category = categories.len();
        for &(value, place) in run {
            if let Some(slot) =
                place.and_then(|(pair, side)| positions.get_mut(pair).and_then(|p| p.get_mut(side)))
            {
                *slot = category;
            }
            if categories.len() == category {
                categories.push(value);
            }
        }
    }
    (categories, positions)
}

/// The share of the most common answer among all the answers of the pairs (`None` without
/// pairs).
fn prevalence(positions: &[[usize; 2]], categories: usize) -> Option<f64> {
    let mut counts = vec![0u64; categories];
    for &k in positions.iter().flatten() {
        if let Some(c) = counts.get_mut(k) {
            *c += 1;
        }
    }
    let most = counts.iter().copied().max()?;
    (!positions.is_empty()).then(|| most as f64 / (2 * positions.len()) as f64)
}

/// Kappa of the (reviewer, reference) pairs of one item, or why there is none.
#[allow(
    clippy::indexing_slicing,
    reason = "category positions come from enumerating the sorted categories, so they index them"
)]
fn kappa_outcome(
    categories: &[f64],
    positions: &[[usize; 2]],
    weighting: ItemWeighting,
    level: Level,
) -> Result<KappaOutcome> {
    if positions.is_empty() {
        return Ok(KappaOutcome::NoPairs);
    }
    let mut cells: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    for &[row, column] in positions {
        *cells.entry((row, column)).or_insert(0.0) += 1.0;
    }
    let cells: Vec<Cell> = cells
        .into_iter()
        .map(|((row, column), count)| Cell { row, column, count })
        .collect();
    let distance = |i: usize, j: usize| match weighting.distance() {
        Distance::Value => (categories[i] - categories[j]).abs(),
        _ => i.abs_diff(j) as f64,
    };
    let kappa_options = KappaOptions::default()
        .with_weighting(weighting.weighting())
        .with_level(level);
    match kappa_of_cells(categories.len(), &cells, distance, &kappa_options) {
        Ok(kappa) => Ok(KappaOutcome::Estimated(kappa)),
        Err(Error::Degenerate { .. }) => Ok(KappaOutcome::OneCategory),
        Err(other) => Err(other),
    }
}

/// Kappa for one item, or why it does not exist. Not an error: a calibration session where
/// everyone agrees on everything is a good outcome and is reported as one.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum KappaOutcome {
    /// Kappa of the reviewers against the reference, with its standard error and interval.
    Estimated(Kappa),
    /// Every compared pair gave one and the same answer: agreement is 100%, but agreement by
    /// chance is perfect too, so kappa (0/0) is undefined. Report the percent agreement.
    OneCategory,
    /// No pair could be compared: every pair had an N/A, or nobody answered with the reference.
    NoPairs,
}

impl KappaOutcome {
    /// Kappa, when it exists.
    pub const fn kappa(&self) -> Option<&Kappa> {
        match self {
            KappaOutcome::Estimated(kappa) => Some(kappa),
            _ => None,
        }
    }
}

/// How one reviewer compares with the reference, on one item or over the whole form.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ReviewerCalibration {
    reviewer: String,
    agreement: Agreement,
}

impl ReviewerCalibration {
    /// The reviewer's id.
    pub fn reviewer(&self) -> &str {
        &self.reviewer
    }

    /// The reviewer's answers against the reference's.
    pub const fn agreement(&self) -> &Agreement {
        &self.agreement
    }
}

/// The calibration of one form item: agreement and kappa of all reviewers against the
/// reference, and each reviewer's drift.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ItemCalibration {
    item: String,
    weighting: ItemWeighting,
    agreement: Agreement,
    kappa: KappaOutcome,
    ac1: AgreementOutcome,
    alpha: AgreementOutcome,
    prevalence: Option<f64>,
    skewed: bool,
    coefficient_to_read: Coefficient,
    reviewers: Vec<ReviewerCalibration>,
}

/// The share of one answer among an item's compared answers from which
/// [`ItemCalibration::skewed`] calls the item skewed: the crate's rule of thumb, where the kappa
/// family's chance agreement is already 0.68 or more and kappa starts to understate agreement.
pub const SKEWED_PREVALENCE: f64 = 0.8;

impl ItemCalibration {
    /// The item.
    pub fn item(&self) -> &str {
        &self.item
    }

    /// All reviewers' answers to the item against the reference's, pooled.
    pub const fn agreement(&self) -> &Agreement {
        &self.agreement
    }

    /// Cohen's kappa of the reviewers (pooled) against the reference, or why it does not
    /// exist.
    pub const fn kappa(&self) -> &KappaOutcome {
        &self.kappa
    }

    /// The weighting used for this item's kappa, AC1/AC2 and alpha.
    pub const fn weighting(&self) -> ItemWeighting {
        self.weighting
    }

    /// Gwet's AC1 (AC2 when the item is weighted) of the reviewers against the reference, as
    /// for [`kappa`](Self::kappa): every (reviewer, reference) pair on a subject is one subject
    /// rated by two raters, the reviewer and the reference. The coefficient to read when one
    /// answer dominates.
    ///
    /// This is agreement *with the reference*, not among all raters: for the latter, put the
    /// subjects' answers in [`Ratings::by_subject`](super::Ratings::by_subject), one column per
    /// rater. Pairs from the same subject are not independent, so with several reviewers the
    /// standard error and interval here are narrower than a subject-level analysis (such as a
    /// [`Bootstrap`](super::Bootstrap) over subjects) would give.
    pub const fn ac1(&self) -> &AgreementOutcome {
        &self.ac1
    }

    /// Krippendorff's alpha of the same pairs, in Gwet's formulation with the item's agreement
    /// weights (for ordinal items, Gwet's ordinal weights; Krippendorff's own ordinal metric,
    /// which weighs by how often the values between occur, is
    /// [`krippendorff_alpha`](super::krippendorff_alpha) with [`Measurement::Ordinal`](super::Measurement::Ordinal)).
    pub const fn alpha(&self) -> &AgreementOutcome {
        &self.alpha
    }

    /// The share of the most common answer among the compared answers (both sides of every
    /// pair); `None` without pairs.
    pub const fn prevalence(&self) -> Option<f64> {
        self.prevalence
    }

    /// Whether one answer makes up [`SKEWED_PREVALENCE`] or more of the compared answers:
    /// kappa and alpha then understate agreement (the kappa paradox), and AC1 is the one to
    /// read.
    pub const fn skewed(&self) -> bool {
        self.skewed
    }

    /// The coefficient to read for this item: [`Coefficient::Gwet`] (its value is
    /// [`ac1`](Self::ac1)) when the item is [`skewed`](Self::skewed) or kappa does not exist,
    /// otherwise [`Coefficient::Conger`], which for a reviewer against a reference is Cohen's
    /// kappa, the figure QA teams know (its value is [`kappa`](Self::kappa)). Report the others
    /// beside it.
    pub const fn coefficient_to_read(&self) -> Coefficient {
        self.coefficient_to_read
    }

    /// The value of [`coefficient_to_read`](Self::coefficient_to_read), when it exists.
    pub fn value_to_read(&self) -> Option<f64> {
        match self.coefficient_to_read {
            Coefficient::Gwet => self.ac1.value(),
            _ => self.kappa.kappa().map(Kappa::value),
        }
    }

    /// Each reviewer on this item, in the order they first appeared.
    pub fn reviewers(&self) -> &[ReviewerCalibration] {
        &self.reviewers
    }
}

/// The result of [`Calibration::evaluate`]: one [`ItemCalibration`] per item and one
/// [`ReviewerCalibration`] per reviewer over the whole form, in the order they first appeared.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CalibrationReport {
    reference: Reference,
    items: Vec<ItemCalibration>,
    reviewers: Vec<ReviewerCalibration>,
}

impl CalibrationReport {
    /// What the reviewers were compared with.
    pub const fn reference(&self) -> &Reference {
        &self.reference
    }

    /// The items.
    pub fn items(&self) -> &[ItemCalibration] {
        &self.items
    }

    /// The reviewers over the whole form (the calibrator, if any, is not one).
    pub fn reviewers(&self) -> &[ReviewerCalibration] {
        &self.reviewers
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::assert_close;

    #[test]
    fn the_consensus_is_the_lower_median_or_na_for_a_majority() {
        let mut s = Calibration::new();
        for (reviewer, answer) in [
            ("a", Some(3.0)),
            ("b", Some(5.0)),
            ("c", Some(4.0)),
            ("d", Some(1.0)),
        ] {
            s.add("x", "item", reviewer, answer).unwrap();
        }
        // 1, 3, 4, 5: the lower middle is 3.
        assert_eq!(s.reference(0, 0, None), Some(Some(3.0)));
        for (reviewer, answer) in [("a", None), ("b", None), ("c", Some(2.0))] {
            s.add("y", "item", reviewer, answer).unwrap();
        }
        assert_eq!(s.reference(0, 1, None), Some(None));
    }

    #[test]
    fn merged_tallies_weigh_their_means_by_pairs() {
        let mut a = Agreement::default();
        a.add(Some(3.0), Some(1.0));
        let mut b = Agreement::default();
        b.add(Some(1.0), Some(1.0));
        b.add(Some(1.0), Some(2.0));
        let m = a.merged(&b);
        assert_eq!(m.pairs(), 3);
        assert_close(m.mean_signed_deviation().unwrap(), (2.0 + 0.0 - 1.0) / 3.0);
        assert_close(
            m.mean_absolute_deviation().unwrap(),
            (2.0 + 0.0 + 1.0) / 3.0,
        );
        let none = Agreement::default().merged(&Agreement::default());
        assert_eq!((none.percent(), none.mean_signed_deviation()), (None, None));
    }
}
