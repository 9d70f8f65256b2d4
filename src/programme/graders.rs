//! Grading the graders: how closely each reviewer's evaluations match a benchmark review of the
//! same conversation (a QA lead's, or a calibration session's consensus), item by item, and
//! whether they score too generously or too harshly.
//!
//! # Alignment
//!
//! Both evaluations are of the same [`Form`] and version. For each item:
//!
//! - the item's **alignment** is `1 − |reviewer − benchmark| / points possible`: with scores
//!   normalised to 0–100 (as every answer of a form is), `1 − |difference| / 100`, which for an
//!   item worth points is exactly the difference in points over the item's points (an item
//!   worth 15 points scored 10 against a benchmark of 7 aligns `1 − 3/15 = 80%`);
//! - when one side answered N/A (or the item did not apply to it) and the other scored it, the
//!   two disagree on whether the item applies, and the item's alignment is 0: a
//!   failed-versus-not-applicable call is one of the things calibration exists to align (QA
//!   products' calibration guides name it), so it counts in full rather than being dropped,
//!   which would reward a reviewer for marking a hard item N/A. This holds under either N/A
//!   rule of the form, even when "N/A counts as full marks" makes the two scores equal. When
//!   both answered N/A the item is left out;
//! - an item kept for reporting ([`ItemRole::NotScored`]) is compared like any other, except a
//!   choice item (a contact reason, say), whose labels have no order: the same choice aligns 1
//!   and another 0. Such items, and bonus items, are reported item by item but carry no weight
//!   in a review's alignment, because they carry none in its score.
//!
//! A **review's alignment** is the items' alignments weighted by each item's share of the form's
//! points: its weight over the form's total weight, the section's share times the item's share
//! within it when sections are weighted, and in a [points form](crate::form::Scoring::Points)
//! its points possible (for an item that deducts, the most it can deduct) over the sum of all
//! items' points. Items left out leave their share to the others. This is not the difference of the
//! two overall scores, which can agree while the items do not (a reviewer who is 20 points too
//! generous on one item and 20 too harsh on another of the same weight matches the benchmark's
//! score and is 80% aligned on the pair).
//!
//! With [`AlignmentOptions::with_missed_critical_zero`], a reviewer who passed a critical item
//! the benchmark failed scores 0 for that review, as some programmes rule: missing an auto-fail
//! is the costliest mistake a reviewer can make.
//!
//! # Bias
//!
//! A reviewer's **bias** is the mean of their overall score minus the benchmark's, in score
//! points, over the reviews both scored: above 0 the reviewer is lenient, below 0 severe. Its
//! interval is Student's t interval over the reviews ([`Moments::interval`]), so a bias whose
//! interval holds 0 is not yet shown. Per item, the same difference of the item's scores.
//!
//! # Tallies
//!
//! A [`GraderTally`] keeps, per reviewer and per item, counts and exact sums, never the reviews
//! themselves: it merges with another tally of the same form and version in any order
//! ([`TryMerge`]), refuses another form's reviews, and is stored and read back with serde. Its
//! [`report`](GraderTally::report) gives each reviewer's alignment and bias with their
//! intervals, and flags the items whose reviewers diverge from the benchmark by more than a
//! threshold (by default 10 points on the 0–100 scale) for the next calibration session. One
//! tally belongs to one form version; keep one per version in a [`GroupBy`](crate::GroupBy)
//! keyed by the form's key and version to follow several.
//!
//! # Examples
//!
//! ```
//! use service_quality::Scale;
//! use service_quality::form::{Answer, Answers, Form, Item};
//! use service_quality::programme::graders::{Alignment, AlignmentOptions, GraderTally};
//!
//! let form = Form::builder("call_review", 1)
//!     .item(Item::scale("greeting", Scale::ONE_TO_FIVE)?)
//!     .item(Item::yes_no("verification")?)
//!     .item(Item::scale("resolution", Scale::ONE_TO_FIVE)?.try_with_weight(2.0)?)
//!     .build()?;
//! let lead = Answers::from(vec![Answer::Rating(4), Answer::Yes, Answer::Rating(3)]);
//! let ana = Answers::from(vec![Answer::Rating(5), Answer::Yes, Answer::Rating(3)]);
//! let (lead, ana) = (lead.evaluate(&form)?, ana.evaluate(&form)?);
//!
//! // Greeting one step apart (75 against 100): 75% aligned, a quarter of the form's weight.
//! let alignment = Alignment::of(&ana, &lead, &AlignmentOptions::default())?;
//! assert_eq!(alignment.value(), Some(0.9375)); // (0.75 + 1 + 2 × 1) / 4
//! assert_eq!(alignment.bias(), Some(6.25)); // 75 against 68.75
//! let flagged: Vec<&str> = alignment.flagged().map(|item| item.key()).collect();
//! assert_eq!(flagged, ["greeting"]);
//!
//! let mut tally = GraderTally::for_form(&form);
//! tally.add("ana", &ana, &lead)?;
//! let report = tally.report(&AlignmentOptions::default());
//! assert_eq!(report.reviewers()[0].figures().alignment(), Some(0.9375));
//! # Ok::<(), service_quality::Error>(())
//! ```

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::form::{Answer, AnswerType, Evaluation, Fingerprint, Form, ItemRole, Scoring};
use crate::metrics::{Interval, Level, Moments};
use crate::scoring::numeric::ExactSum;
use crate::scoring::summary::ScoreSums;
use crate::scoring::{Error, Merge, Result, Score, TryMerge};

/// The divergence from the benchmark, in score points, above which an item is flagged for
/// discussion unless another threshold is set: 10 points.
pub const DEFAULT_FLAG_THRESHOLD: f64 = 10.0;

/// How reviews are graded against their benchmarks: the divergence above which an item is
/// flagged, whether missing a failed critical item scores the review 0, and the confidence
/// level of the intervals in reports.
///
/// # Examples
///
/// ```
/// use service_quality::metrics::Level;
/// use service_quality::programme::graders::AlignmentOptions;
///
/// let options = AlignmentOptions::default()
///     .try_with_flag_threshold(15.0)?
///     .with_missed_critical_zero(true)
///     .with_level(Level::new(0.9)?);
/// assert_eq!(options.flag_threshold(), 15.0);
/// assert_eq!(
///     AlignmentOptions::default().try_with_flag_threshold(120.0).unwrap_err().to_string(),
///     "flag threshold is 120, expected a finite value in 0..=100, in score points"
/// );
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "RawOptions", into = "RawOptions")
)]
pub struct AlignmentOptions {
    flag_threshold: f64,
    missed_critical_zero: bool,
    level: Level,
}

impl Default for AlignmentOptions {
    /// Flag above 10 points, no rule for missed critical items, 95% intervals.
    fn default() -> Self {
        AlignmentOptions {
            flag_threshold: DEFAULT_FLAG_THRESHOLD,
            missed_critical_zero: false,
            level: Level::default(),
        }
    }
}

impl AlignmentOptions {
    /// The same options flagging items that diverge from the benchmark by more than
    /// `points` score points.
    ///
    /// # Errors
    ///
    /// [`Error::ValueOutOfRange`] unless `points` is a finite value in 0..=100.
    pub fn try_with_flag_threshold(self, points: f64) -> Result<Self> {
        if (0.0..=100.0).contains(&points) {
            Ok(AlignmentOptions {
                flag_threshold: points + 0.0,
                ..self
            })
        } else {
            Err(Error::ValueOutOfRange {
                field: "flag threshold",
                value: points,
                expected: "a finite value in 0..=100, in score points",
            })
        }
    }

    /// The same options with the rule that a review passing a critical item its benchmark
    /// failed scores 0 (`true`), or without it (`false`, the default).
    #[must_use]
    pub fn with_missed_critical_zero(self, missed_critical_zero: bool) -> Self {
        AlignmentOptions {
            missed_critical_zero,
            ..self
        }
    }

    /// The same options with another confidence level for the intervals of reports.
    #[must_use]
    pub fn with_level(self, level: Level) -> Self {
        AlignmentOptions { level, ..self }
    }

    /// The divergence, in score points, above which an item is flagged.
    pub const fn flag_threshold(&self) -> f64 {
        self.flag_threshold
    }

    /// Whether a review that missed a failed critical item scores 0.
    pub const fn missed_critical_zero(&self) -> bool {
        self.missed_critical_zero
    }

    /// The confidence level of the intervals in reports.
    pub const fn level(&self) -> Level {
        self.level
    }

    /// Whether a divergence of `points` is flagged.
    fn flags(&self, points: f64) -> bool {
        points > self.flag_threshold
    }
}

/// [`AlignmentOptions`] as serde reads and writes them, checked on the way in.
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOptions {
    flag_threshold: f64,
    missed_critical_zero: bool,
    level: Level,
}

#[cfg(feature = "serde")]
impl TryFrom<RawOptions> for AlignmentOptions {
    type Error = Error;

    fn try_from(raw: RawOptions) -> Result<Self> {
        Ok(AlignmentOptions::default()
            .try_with_flag_threshold(raw.flag_threshold)?
            .with_missed_critical_zero(raw.missed_critical_zero)
            .with_level(raw.level))
    }
}

#[cfg(feature = "serde")]
impl From<AlignmentOptions> for RawOptions {
    fn from(options: AlignmentOptions) -> Self {
        RawOptions {
            flag_threshold: options.flag_threshold,
            missed_critical_zero: options.missed_critical_zero,
            level: options.level,
        }
    }
}

/// One review graded against the benchmark review of the same conversation: its alignment,
/// each item's, its bias and the items flagged. See the [module docs](self) for the rules.
///
/// # Examples
///
/// The known answer: an item worth 15 points, scored 10 by the reviewer and 7 by the benchmark.
///
/// ```
/// use service_quality::Scale;
/// use service_quality::form::{Answer, Answers, Form, Item, Scoring};
/// use service_quality::programme::graders::{Alignment, AlignmentOptions};
///
/// let form = Form::builder("ticket_review", 1)
///     .scoring(Scoring::Points)
///     .item(Item::scale("resolution", Scale::new(0, 15)?)?.try_with_points(15.0)?)
///     .item(Item::yes_no("tagged")?.try_with_points(5.0)?)
///     .build()?;
/// let review = Answers::from(vec![Answer::Rating(10), Answer::Yes]);
/// let benchmark = Answers::from(vec![Answer::Rating(7), Answer::Yes]);
/// let alignment = Alignment::of(
///     &review.evaluate(&form)?,
///     &benchmark.evaluate(&form)?,
///     &AlignmentOptions::default(),
/// )?;
/// let resolution = alignment.item("resolution").unwrap();
/// assert!((resolution.alignment().unwrap() - 0.8).abs() < 1e-12); // 1 − 3/15
/// // 15 of the form's 20 points at 80%, 5 at 100%: 85%.
/// assert!((alignment.value().unwrap() - 0.85).abs() < 1e-12);
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Alignment {
    form: String,
    version: u32,
    value: Option<f64>,
    weighted: Option<f64>,
    missed_critical: bool,
    bias: Option<f64>,
    items: Vec<ItemAlignment>,
}

impl Alignment {
    /// Grades `review` against `benchmark`, an evaluation of the same conversation on the same
    /// form and version.
    ///
    /// # Errors
    ///
    /// [`Error::Mismatch`] (field `benchmark form`) when the benchmark is of another form, or
    /// of the same form scored differently (another version, or other items, weights or
    /// rules).
    ///
    /// ```
    /// use service_quality::Scale;
    /// use service_quality::form::{Answer, Answers, Form, Item};
    /// use service_quality::programme::graders::{Alignment, AlignmentOptions};
    ///
    /// let v1 = Form::builder("chat", 1).item(Item::yes_no("greeted")?).build()?;
    /// let v2 = Form::builder("chat", 2).item(Item::yes_no("greeted")?).build()?;
    /// let answers = Answers::from(vec![Answer::Yes]);
    /// let err = Alignment::of(
    ///     &answers.evaluate(&v2)?,
    ///     &answers.evaluate(&v1)?,
    ///     &AlignmentOptions::default(),
    /// )
    /// .unwrap_err();
    /// assert_eq!(err.to_string(), "benchmark form differs: chat v1 here, chat v2 expected");
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn of(
        review: &Evaluation<'_>,
        benchmark: &Evaluation<'_>,
        options: &AlignmentOptions,
    ) -> Result<Alignment> {
        let compared = Compared::of(review, benchmark)?;
        let form = review.form();
        let items = form
            .items()
            .iter()
            .zip(&compared.items)
            .map(|(item, pair)| ItemAlignment {
                key: item.key().to_owned(),
                reviewer: pair.reviewer,
                benchmark: pair.benchmark,
                reviewer_score: pair.reviewer_score,
                benchmark_score: pair.benchmark_score,
                divergence: pair.divergence,
                difference: pair.difference,
                share: pair.share,
                flagged: pair.divergence.is_some_and(|d| options.flags(d)),
                missed_critical: pair.missed_critical,
            })
            .collect();
        let zeroed = options.missed_critical_zero && compared.missed_critical;
        Ok(Alignment {
            form: form.key().to_owned(),
            version: form.version(),
            value: if zeroed {
                Some(0.0)
            } else {
                compared.alignment
            },
            weighted: compared.alignment,
            missed_critical: compared.missed_critical,
            bias: compared.bias,
            items,
        })
    }

    /// The form's key.
    pub fn form(&self) -> &str {
        &self.form
    }

    /// The form's version.
    pub const fn version(&self) -> u32 {
        self.version
    }

    /// The review's alignment, 0..=1: the items' alignments weighted by their shares of the
    /// form's points, or 0 when the rule for missed critical items applies; `None` when no
    /// item with a share of the points was compared (both sides N/A throughout).
    pub const fn value(&self) -> Option<f64> {
        self.value
    }

    /// The weighted alignment before the rule for missed critical items: what
    /// [`value`](Self::value) would be without it.
    pub const fn weighted(&self) -> Option<f64> {
        self.weighted
    }

    /// Whether the reviewer passed a critical item the benchmark failed.
    pub const fn missed_critical(&self) -> bool {
        self.missed_critical
    }

    /// The reviewer's overall score minus the benchmark's, in score points (above 0: more
    /// generous); `None` unless both have an overall score.
    pub const fn bias(&self) -> Option<f64> {
        self.bias
    }

    /// Every item, in form order.
    pub fn items(&self) -> &[ItemAlignment] {
        &self.items
    }

    /// The item with key `key`, if any.
    pub fn item(&self, key: &str) -> Option<&ItemAlignment> {
        self.items.iter().find(|item| item.key == key)
    }

    /// The items flagged for discussion (diverging by more than the threshold), in form
    /// order.
    pub fn flagged(&self) -> impl Iterator<Item = &ItemAlignment> {
        self.items.iter().filter(|item| item.flagged)
    }
}

/// One item of an [`Alignment`]: both answers, their scores, how far apart they are and the
/// item's share of the form's points.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ItemAlignment {
    key: String,
    reviewer: Answer,
    benchmark: Answer,
    reviewer_score: Option<Score>,
    benchmark_score: Option<Score>,
    divergence: Option<f64>,
    difference: Option<f64>,
    share: f64,
    flagged: bool,
    missed_critical: bool,
}

impl ItemAlignment {
    /// The item's key.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The reviewer's answer.
    pub const fn reviewer_answer(&self) -> Answer {
        self.reviewer
    }

    /// The benchmark's answer.
    pub const fn benchmark_answer(&self) -> Answer {
        self.benchmark
    }

    /// The reviewer's score of the item, 0–100; `None` for N/A (or where it did not apply).
    pub const fn reviewer_score(&self) -> Option<Score> {
        self.reviewer_score
    }

    /// The benchmark's score of the item, 0–100; `None` for N/A (or where it did not apply).
    pub const fn benchmark_score(&self) -> Option<Score> {
        self.benchmark_score
    }

    /// How far the reviewer is from the benchmark, in score points (0..=100): the scores'
    /// absolute difference, 100 when only one side answered N/A or when a choice kept for
    /// reporting differs; `None` when both answered N/A.
    pub const fn divergence(&self) -> Option<f64> {
        self.divergence
    }

    /// The item's alignment, `1 − divergence / 100`, in 0..=1; `None` when both answered N/A.
    pub fn alignment(&self) -> Option<f64> {
        self.divergence.map(|d| 1.0 - d / 100.0)
    }

    /// The reviewer's score minus the benchmark's, in score points; `None` unless both scored
    /// the item (and for a choice kept for reporting, whose labels have no order).
    pub const fn difference(&self) -> Option<f64> {
        self.difference
    }

    /// The item's share of the form's points, 0..=1 (0 for bonus items and items kept for
    /// reporting).
    pub const fn share(&self) -> f64 {
        self.share
    }

    /// Whether only one side answered N/A: the two disagree on whether the item applies.
    pub const fn applicability_differs(&self) -> bool {
        self.reviewer_score.is_some() != self.benchmark_score.is_some()
    }

    /// Whether the divergence is above the threshold: an item to discuss.
    pub const fn is_flagged(&self) -> bool {
        self.flagged
    }

    /// Whether the item is critical and the benchmark failed it while the reviewer did not.
    pub const fn missed_critical(&self) -> bool {
        self.missed_critical
    }
}

/// One item of a pair of evaluations, compared: what both [`Alignment`] and [`GraderTally`]
/// are built from.
#[derive(Debug, Clone, Copy)]
struct ItemPair {
    reviewer: Answer,
    benchmark: Answer,
    reviewer_score: Option<Score>,
    benchmark_score: Option<Score>,
    divergence: Option<f64>,
    difference: Option<f64>,
    share: f64,
    missed_critical: bool,
}

/// A review compared with its benchmark, before any option applies.
#[derive(Debug, Clone)]
struct Compared {
    items: Vec<ItemPair>,
    /// The weighted alignment, 0..=1.
    alignment: Option<f64>,
    missed_critical: bool,
    bias: Option<f64>,
}

impl Compared {
    /// The one comparison of a review and its benchmark, item by item.
    fn of(review: &Evaluation<'_>, benchmark: &Evaluation<'_>) -> Result<Compared> {
        let form = review.form();
        same_form("benchmark form", benchmark.form(), form)?;
        let shares = shares(form);
        let mut weighted = 0.0;
        let mut total = 0.0;
        let mut missed_critical = false;
        let items: Vec<ItemPair> = review
            .items()
            .zip(benchmark.items())
            .zip(shares)
            .map(|((mine, theirs), share)| {
                let by_answer = mine.role() == ItemRole::NotScored
                    && matches!(mine.item().answer_type(), AnswerType::Choices(_));
                let (divergence, difference) = match (mine.score(), theirs.score()) {
                    (None, None) => (None, None),
                    (Some(_), None) | (None, Some(_)) => (Some(100.0), None),
                    (Some(_), Some(_)) if by_answer => {
                        let same = mine.answer() == theirs.answer();
                        (Some(if same { 0.0 } else { 100.0 }), None)
                    }
                    (Some(a), Some(b)) => {
                        let difference = a.get() - b.get();
                        (Some(difference.abs()), Some(difference))
                    }
                };
                if let Some(divergence) = divergence.filter(|_| share > 0.0) {
                    weighted += share * (1.0 - divergence / 100.0);
                    total += share;
                }
                let missed = theirs.critical_failed() && !mine.critical_failed();
                missed_critical |= missed;
                ItemPair {
                    reviewer: mine.answer(),
                    benchmark: theirs.answer(),
                    reviewer_score: mine.score(),
                    benchmark_score: theirs.score(),
                    divergence,
                    difference,
                    share,
                    missed_critical: missed,
                }
            })
            .collect();
        // Each term is at most its share, so the ratio is at most 1 on paper; `clamp` removes
        // last-bit rounding.
        let alignment = (total > 0.0).then(|| (weighted / total).clamp(0.0, 1.0));
        let bias = review
            .overall()
            .zip(benchmark.overall())
            .map(|(mine, theirs)| mine.get() - theirs.get());
        Ok(Compared {
            items,
            alignment,
            missed_critical,
            bias,
        })
    }
}

/// Each item's share of `form`'s points, in form order; they add up to 1 over the items that
/// carry points (see the [module docs](self)).
fn shares(form: &Form) -> Vec<f64> {
    let stakes: Vec<f64> = (0..form.items().len()).map(|i| stake(form, i)).collect();
    let sections = form.sections();
    if sections.iter().any(|s| s.weight().is_some()) {
        // Weighted sections hold every item (the form checks it when built); a section without
        // points (empty, or of unscored items only) leaves its weight to the others.
        let within = |key: &str| -> f64 {
            form.items()
                .iter()
                .zip(&stakes)
                .filter(|(item, _)| item.section() == Some(key))
                .map(|(_, &stake)| stake)
                .sum()
        };
        let section_total: f64 = sections
            .iter()
            .filter(|s| within(s.key()) > 0.0)
            .filter_map(|s| s.weight())
            .sum();
        return form
            .items()
            .iter()
            .zip(&stakes)
            .map(|(item, &stake)| {
                let section = item
                    .section()
                    .and_then(|key| sections.iter().find(|s| s.key() == key));
                match section.and_then(|s| s.weight().map(|w| (w, within(s.key())))) {
                    Some((weight, sum)) if sum > 0.0 && section_total > 0.0 => {
                        weight / section_total * stake / sum
                    }
                    _ => 0.0,
                }
            })
            .collect();
    }
    let total: f64 = stakes.iter().sum();
    stakes
        .iter()
        .map(|&stake| if total > 0.0 { stake / total } else { 0.0 })
        .collect()
}

/// What item `i` of `form` counts for in its score: its weight (a weighted form), its points
/// possible or, for an item that deducts, the most it deducts (a points form); 0 for bonus
/// items and items kept for reporting.
fn stake(form: &Form, i: usize) -> f64 {
    let Some((item, plan)) = form.items().get(i).zip(form.plan(i)) else {
        return 0.0;
    };
    if plan.role != ItemRole::Scored {
        return 0.0;
    }
    match form.scoring() {
        Scoring::Points if item.deducts() => match item.answer_type() {
            AnswerType::Choices(choices) => choices.iter().map(|c| -c.points()).fold(0.0, f64::max),
            _ => item.points().map_or(0.0, f64::abs),
        },
        _ => plan.weight,
    }
}

/// Refuses `found` unless it is `expected`: the same key, version and fingerprint.
fn same_form(field: &'static str, found: &Form, expected: &Form) -> Result<()> {
    let same = found.fingerprint() == expected.fingerprint()
        && found.version() == expected.version()
        && found.key() == expected.key();
    if same {
        return Ok(());
    }
    FormTag::of(found).check(field, &FormTag::of(expected))
}

/// Which form a tally belongs to: its key, version, fingerprint and item keys.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FormTag {
    key: String,
    version: u32,
    fingerprint: Fingerprint,
    items: Vec<String>,
}

impl FormTag {
    fn of(form: &Form) -> FormTag {
        FormTag {
            key: form.key().to_owned(),
            version: form.version(),
            fingerprint: form.fingerprint(),
            items: form.items().iter().map(|i| i.key().to_owned()).collect(),
        }
    }

    /// Whether `form` is this form, without allocating.
    fn is(&self, form: &Form) -> bool {
        self.fingerprint == form.fingerprint()
            && self.version == form.version()
            && self.key == form.key()
    }

    /// Refuses `self` (found) unless it is `expected`, naming the form and version, and the
    /// fingerprints when only they differ; as [`FormSummary`](crate::form::FormSummary) does.
    fn check(&self, field: &'static str, expected: &FormTag) -> Result<()> {
        if self == expected {
            return Ok(());
        }
        let name = |tag: &FormTag| format!("{} v{}", tag.key, tag.version);
        let (found, expected) = if (&self.key, self.version) == (&expected.key, expected.version) {
            let scored = |tag: &FormTag| format!("{} scored as {}", name(tag), tag.fingerprint);
            (scored(self), scored(expected))
        } else {
            (name(self), name(expected))
        };
        Err(Error::Mismatch {
            field,
            found,
            expected,
        })
    }
}

/// The count, exact sums and exact sum of squares of signed values in −100..=100 (differences
/// of scores): the part above 0 and the part below kept apart, so that every sum is exact and
/// merges give the same bits in any order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct SignedSums {
    n: u64,
    above: ExactSum,
    below: ExactSum,
    squares: ExactSum,
}

impl SignedSums {
    fn add(&mut self, x: f64) {
        self.n = self.n.saturating_add(1);
        if x >= 0.0 {
            self.above.add_times(x, 1);
        } else {
            self.below.add_times(-x, 1);
        }
        self.squares.add_times(x * x, 1);
    }

    fn merge(&mut self, other: &Self) {
        self.n = self.n.saturating_add(other.n);
        self.above.merge(&other.above);
        self.below.merge(&other.below);
        self.squares.merge(&other.squares);
    }

    /// The exact sum, rounded once.
    fn sum(&self) -> f64 {
        let (above, below) = (self.above.units(), self.below.units());
        let one = ExactSum::ONE as f64;
        if above >= below {
            (above - below) as f64 / one
        } else {
            -((below - above) as f64 / one)
        }
    }

    fn mean(&self) -> Option<f64> {
        (self.n > 0).then(|| (self.sum() / self.n as f64).clamp(-100.0, 100.0))
    }

    /// The t interval of the mean, limited to −100..=100.
    fn interval(&self, level: Level) -> Result<Interval> {
        let Some(mean) = self.mean() else {
            return Err(Error::Empty {
                what: "bias",
                item: "review scored by both sides",
            });
        };
        let sum = self.sum();
        let deviations = (self.squares.value() - sum * sum / self.n as f64).max(0.0);
        let moments = Moments::from_squared_deviations(self.n, mean, deviations)?;
        Ok(moments.interval(level)?.limited_to(-100.0, 100.0))
    }
}

/// One item's running totals for one reviewer (or, merged, for all of them): how often the
/// item was compared, how far from the benchmark, with what signed difference, and how often a
/// failed critical item was missed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ItemTally {
    both: u64,
    one_sided: u64,
    neither: u64,
    /// The divergences, in score points, over the compared pairs.
    divergence: ExactSum,
    difference: SignedSums,
    missed_critical: u64,
}

impl ItemTally {
    fn add(&mut self, pair: &ItemPair) {
        match (pair.reviewer_score, pair.benchmark_score) {
            (None, None) => self.neither = self.neither.saturating_add(1),
            (Some(_), Some(_)) => self.both = self.both.saturating_add(1),
            _ => self.one_sided = self.one_sided.saturating_add(1),
        }
        if let Some(divergence) = pair.divergence {
            self.divergence.add_times(divergence, 1);
        }
        if let Some(difference) = pair.difference {
            self.difference.add(difference);
        }
        if pair.missed_critical {
            self.missed_critical = self.missed_critical.saturating_add(1);
        }
    }

    /// The reviews in which the item was compared: both scored it, or one side answered N/A.
    pub const fn compared(&self) -> u64 {
        self.both.saturating_add(self.one_sided)
    }

    /// The reviews in which both sides scored the item.
    pub const fn both_answered(&self) -> u64 {
        self.both
    }

    /// The reviews in which only one side answered N/A: they disagree on whether the item
    /// applies (each counts as a divergence of 100).
    pub const fn applicability_disagreements(&self) -> u64 {
        self.one_sided
    }

    /// The reviews in which both sides answered N/A (left out).
    pub const fn both_not_applicable(&self) -> u64 {
        self.neither
    }

    /// The mean divergence from the benchmark over the compared reviews, in score points
    /// (0..=100); `None` when the item was never compared.
    pub fn divergence(&self) -> Option<f64> {
        let n = self.compared();
        (n > 0).then(|| (self.divergence.value() / n as f64).clamp(0.0, 100.0))
    }

    /// The mean alignment over the compared reviews, `1 − divergence / 100`, in 0..=1.
    pub fn alignment(&self) -> Option<f64> {
        self.divergence().map(|d| 1.0 - d / 100.0)
    }

    /// The mean of the reviewer's score minus the benchmark's over the reviews both scored, in
    /// score points (above 0: lenient on this item); `None` without any.
    pub fn bias(&self) -> Option<f64> {
        self.difference.mean()
    }

    /// The reviews in which the item is critical, the benchmark failed it and the reviewer
    /// did not.
    pub const fn missed_critical(&self) -> u64 {
        self.missed_critical
    }

    /// Whether the mean divergence is above the options' threshold: an item to discuss.
    pub fn is_flagged(&self, options: &AlignmentOptions) -> bool {
        self.divergence().is_some_and(|d| options.flags(d))
    }
}

impl Merge for ItemTally {
    fn merge(&mut self, other: &Self) {
        self.both = self.both.saturating_add(other.both);
        self.one_sided = self.one_sided.saturating_add(other.one_sided);
        self.neither = self.neither.saturating_add(other.neither);
        self.divergence.merge(&other.divergence);
        self.difference.merge(&other.difference);
        self.missed_critical = self.missed_critical.saturating_add(other.missed_critical);
    }
}

/// One reviewer's running totals (or, merged, everyone's): their reviews' alignments, with the
/// reviews that missed a failed critical item kept apart so that the rule for them applies when
/// read, their bias, and each item's [`ItemTally`] in form order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReviewerTally {
    reviews: u64,
    /// The alignments, in percent, of the reviews that missed no failed critical item.
    aligned: ScoreSums,
    /// The alignments, in percent, of the reviews that did.
    missed: ScoreSums,
    missed_critical: u64,
    bias: SignedSums,
    items: Vec<ItemTally>,
}

impl ReviewerTally {
    fn with_items(items: usize) -> Self {
        ReviewerTally {
            items: vec![ItemTally::default(); items],
            ..ReviewerTally::default()
        }
    }

    fn add(&mut self, compared: &Compared) {
        self.reviews = self.reviews.saturating_add(1);
        if compared.missed_critical {
            self.missed_critical = self.missed_critical.saturating_add(1);
        }
        if let Some(alignment) = compared.alignment {
            let sums = if compared.missed_critical {
                &mut self.missed
            } else {
                &mut self.aligned
            };
            sums.add_times(100.0 * alignment, 1);
        }
        if let Some(bias) = compared.bias {
            self.bias.add(bias);
        }
        for (tally, pair) in self.items.iter_mut().zip(&compared.items) {
            tally.add(pair);
        }
    }

    fn merge(&mut self, other: &Self) {
        self.reviews = self.reviews.saturating_add(other.reviews);
        self.aligned.merge(&other.aligned);
        self.missed.merge(&other.missed);
        self.missed_critical = self.missed_critical.saturating_add(other.missed_critical);
        self.bias.merge(&other.bias);
        for (mine, theirs) in self.items.iter_mut().zip(&other.items) {
            mine.merge(theirs);
        }
    }

    /// The reviews graded.
    pub const fn reviews(&self) -> u64 {
        self.reviews
    }

    /// The reviews in which a critical item the benchmark failed was passed.
    pub const fn missed_critical(&self) -> u64 {
        self.missed_critical
    }

    /// The reviews' alignments in percent as `options` read them: under the rule for missed
    /// critical items, each review that missed one counts as 0.
    fn alignments(&self, options: &AlignmentOptions) -> ScoreSums {
        let mut sums = self.aligned;
        if options.missed_critical_zero {
            sums.add_times(0.0, self.missed_critical);
        } else {
            sums.merge(&self.missed);
        }
        sums
    }

    /// The mean alignment of the reviews, 0..=1 (with the rule for missed critical items when
    /// `options` set it); `None` when no review had an alignment.
    pub fn alignment(&self, options: &AlignmentOptions) -> Option<f64> {
        self.alignments(options)
            .mean()
            .map(|mean| (mean.get() / 100.0).clamp(0.0, 1.0))
    }

    /// The Student t interval of the mean alignment at the options' level, in 0..=1.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] when no review had an alignment, [`Error::Degenerate`] with fewer than
    /// two, or when all were the same.
    pub fn alignment_interval(&self, options: &AlignmentOptions) -> Result<Interval> {
        let percent = self.alignments(options).mean_interval(options.level)?;
        Ok(Interval::new(
            percent.estimate() / 100.0,
            percent.lower() / 100.0,
            percent.upper() / 100.0,
            percent.level(),
        ))
    }

    /// The reviews with a bias: both the reviewer and the benchmark had an overall score.
    pub const fn bias_reviews(&self) -> u64 {
        self.bias.n
    }

    /// The mean of the reviewer's overall score minus the benchmark's, in score points: above
    /// 0 lenient, below 0 severe; `None` without any review both scored.
    pub fn bias(&self) -> Option<f64> {
        self.bias.mean()
    }

    /// The Student t interval of the bias over the reviews, within −100..=100.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] without any review both scored, [`Error::Degenerate`] with fewer than
    /// two, or when every difference was the same.
    ///
    /// ```
    /// use service_quality::Scale;
    /// use service_quality::form::{Answer, Answers, Form, Item};
    /// use service_quality::metrics::Level;
    /// use service_quality::programme::graders::GraderTally;
    ///
    /// let form = Form::builder("chat", 1).item(Item::scale("tone", Scale::ONE_TO_FIVE)?).build()?;
    /// let mut tally = GraderTally::for_form(&form);
    /// // Ana scores one step above the lead twice and level once: +25, +25, 0.
    /// for (ana, lead) in [(5, 4), (4, 3), (3, 3)] {
    ///     let ana = Answers::from(vec![Answer::Rating(ana)]);
    ///     let lead = Answers::from(vec![Answer::Rating(lead)]);
    ///     tally.add("ana", &ana.evaluate(&form)?, &lead.evaluate(&form)?)?;
    /// }
    /// let ana = tally.reviewer("ana").unwrap();
    /// assert_eq!(ana.bias(), Some(50.0 / 3.0));
    /// let interval = ana.bias_interval(Level::default())?;
    /// assert!(interval.lower() < 0.0); // three reviews do not show leniency yet
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn bias_interval(&self, level: Level) -> Result<Interval> {
        self.bias.interval(level)
    }

    /// Each item's totals, in form order (the keys are [`GraderTally::item_keys`]).
    pub fn items(&self) -> &[ItemTally] {
        &self.items
    }
}

/// A running, mergeable tally of reviews graded against their benchmarks: per reviewer, their
/// alignment and bias; per reviewer and item, and per item over all reviewers, the
/// divergences. See the [module docs](self) for the rules.
///
/// A tally belongs to one form and version, recorded from the first review (or from
/// [`for_form`](Self::for_form)); reviews or tallies of another form or version are refused
/// with a typed error, as a [`FormSummary`](crate::form::FormSummary) refuses them. An empty
/// tally from `Default` belongs to no form yet. Reviewers are named by id (trimmed) and listed
/// in the order of their ids.
///
/// # Examples
///
/// ```
/// use service_quality::{Scale, TryMerge};
/// use service_quality::form::{Answer, Answers, Form, Item};
/// use service_quality::programme::graders::{AlignmentOptions, GraderTally};
///
/// let form = Form::builder("chat", 1)
///     .item(Item::scale("tone", Scale::ONE_TO_FIVE)?)
///     .item(Item::yes_no("solved")?.with_not_applicable(true))
///     .build()?;
/// let review = |tone, solved| Answers::from(vec![Answer::Rating(tone), solved]);
/// let (lead, ben) = (review(4, Answer::Yes), review(2, Answer::NotApplicable));
/// let (lead, ben) = (lead.evaluate(&form)?, ben.evaluate(&form)?);
///
/// let mut monday = GraderTally::new();
/// monday.add("ben", &ben, &lead)?;
/// let mut tuesday = GraderTally::new();
/// tuesday.add("ben", &ben, &lead)?;
/// monday.try_merge(&tuesday)?;
///
/// let report = monday.report(&AlignmentOptions::default());
/// let ben = &report.reviewers()[0];
/// assert_eq!(ben.figures().reviews(), 2);
/// // Tone 50 points off (50%), solved N/A against yes (0%): a quarter aligned.
/// assert_eq!(ben.figures().alignment(), Some(0.25));
/// let flagged: Vec<&str> = report.flagged().map(|item| item.item()).collect();
/// assert_eq!(flagged, ["tone", "solved"]);
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GraderTally {
    form: Option<Arc<FormTag>>,
    reviewers: BTreeMap<String, ReviewerTally>,
}

impl GraderTally {
    /// An empty tally of no form yet; the first review sets it.
    pub fn new() -> Self {
        GraderTally::default()
    }

    /// An empty tally of `form`.
    pub fn for_form(form: &Form) -> Self {
        GraderTally {
            form: Some(Arc::new(FormTag::of(form))),
            reviewers: BTreeMap::new(),
        }
    }

    /// Adds `review`, by `reviewer`, graded against `benchmark`, the benchmark review of the
    /// same conversation.
    ///
    /// # Errors
    ///
    /// [`Error::EmptyText`] for an empty reviewer id; [`Error::Mismatch`] (field `form`) when
    /// the review is of another form or version than the tally's, and (field `benchmark form`)
    /// when the benchmark is of another than the review's. The tally is then unchanged.
    ///
    /// ```
    /// use service_quality::form::{Answer, Answers, Form, Item};
    /// use service_quality::programme::graders::GraderTally;
    ///
    /// let v1 = Form::builder("chat", 1).item(Item::yes_no("greeted")?).build()?;
    /// let v2 = Form::builder("chat", 2).item(Item::yes_no("greeted")?).build()?;
    /// let yes = Answers::from(vec![Answer::Yes]);
    /// let mut tally = GraderTally::for_form(&v1);
    /// let (review, benchmark) = (yes.evaluate(&v2)?, yes.evaluate(&v2)?);
    /// assert_eq!(
    ///     tally.add("ana", &review, &benchmark).unwrap_err().to_string(),
    ///     "form differs: chat v2 here, chat v1 expected"
    /// );
    /// assert_eq!(tally.reviews(), 0);
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn add(
        &mut self,
        reviewer: &str,
        review: &Evaluation<'_>,
        benchmark: &Evaluation<'_>,
    ) -> Result<()> {
        let reviewer = match reviewer.trim() {
            "" => {
                return Err(Error::EmptyText {
                    field: "reviewer id",
                });
            }
            id => id,
        };
        let form = review.form();
        match &self.form {
            Some(tag) if tag.is(form) => {}
            Some(tag) => FormTag::of(form).check("form", tag)?,
            None => {}
        }
        let compared = Compared::of(review, benchmark)?;
        let tag = self.form.get_or_insert_with(|| Arc::new(FormTag::of(form)));
        let items = tag.items.len();
        self.reviewers
            .entry(reviewer.to_owned())
            .or_insert_with(|| ReviewerTally::with_items(items))
            .add(&compared);
        Ok(())
    }

    /// The form's key, once the tally has one.
    pub fn form_key(&self) -> Option<&str> {
        self.form.as_deref().map(|tag| tag.key.as_str())
    }

    /// The form's version, once the tally has one.
    pub fn version(&self) -> Option<u32> {
        self.form.as_deref().map(|tag| tag.version)
    }

    /// The form's fingerprint, once the tally has one.
    pub fn fingerprint(&self) -> Option<Fingerprint> {
        self.form.as_deref().map(|tag| tag.fingerprint)
    }

    /// The form's item keys, in form order (none before the tally has a form).
    pub fn item_keys(&self) -> &[String] {
        self.form.as_deref().map_or(&[], |tag| tag.items.as_slice())
    }

    /// The reviews graded, by every reviewer.
    pub fn reviews(&self) -> u64 {
        self.reviewers
            .values()
            .fold(0, |n, tally| n.saturating_add(tally.reviews))
    }

    /// Every reviewer with their totals, in the order of their ids.
    pub fn reviewers(&self) -> impl Iterator<Item = (&str, &ReviewerTally)> {
        self.reviewers
            .iter()
            .map(|(id, tally)| (id.as_str(), tally))
    }

    /// The totals of `reviewer` (trimmed), if they graded any review.
    pub fn reviewer(&self, reviewer: &str) -> Option<&ReviewerTally> {
        self.reviewers.get(reviewer.trim())
    }

    /// The totals of every reviewer together: the form version's.
    pub fn overall(&self) -> ReviewerTally {
        let mut all = ReviewerTally::with_items(self.item_keys().len());
        for tally in self.reviewers.values() {
            all.merge(tally);
        }
        all
    }

    /// Every item with its totals over all reviewers, in form order.
    pub fn items(&self) -> impl Iterator<Item = (&str, ItemTally)> + '_ {
        let overall = self.overall();
        self.item_keys()
            .iter()
            .zip(overall.items)
            .map(|(key, tally)| (key.as_str(), tally))
    }

    /// Everything a QA lead reads, worked out under `options`: each reviewer's alignment and
    /// bias with their intervals, and per item (over everyone, and per reviewer) the
    /// divergence, bias and whether it is flagged.
    pub fn report(&self, options: &AlignmentOptions) -> GraderReport {
        let keys = self.item_keys();
        let items = |tally: &ReviewerTally| -> Vec<ItemReport> {
            keys.iter()
                .zip(&tally.items)
                .map(|(key, item)| ItemReport::of(key, item, options))
                .collect()
        };
        let overall = self.overall();
        GraderReport {
            form: self.form_key().map(str::to_owned),
            version: self.version(),
            options: *options,
            overall: AlignmentFigures::of(&overall, options),
            items: items(&overall),
            reviewers: self
                .reviewers
                .iter()
                .map(|(id, tally)| ReviewerReport {
                    reviewer: id.clone(),
                    figures: AlignmentFigures::of(tally, options),
                    items: items(tally),
                })
                .collect(),
        }
    }
}

impl TryMerge for GraderTally {
    /// Adds another tally's reviews, reviewer by reviewer.
    ///
    /// # Errors
    ///
    /// [`Error::Mismatch`] (field `form`) when the two belong to different forms or versions;
    /// `self` is then unchanged.
    fn try_merge(&mut self, other: &Self) -> Result<()> {
        let Some(theirs) = &other.form else {
            return Ok(());
        };
        match &self.form {
            None => {
                *self = other.clone();
                return Ok(());
            }
            Some(mine) => theirs.check("form", mine)?,
        }
        let items = theirs.items.len();
        for (id, tally) in &other.reviewers {
            self.reviewers
                .entry(id.clone())
                .or_insert_with(|| ReviewerTally::with_items(items))
                .merge(tally);
        }
        Ok(())
    }
}

/// The figures of one reviewer (or of everyone together) in a [`GraderReport`].
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct AlignmentFigures {
    reviews: u64,
    alignment: Option<f64>,
    alignment_interval: Option<Interval>,
    bias: Option<f64>,
    bias_interval: Option<Interval>,
    missed_critical: u64,
}

impl AlignmentFigures {
    fn of(tally: &ReviewerTally, options: &AlignmentOptions) -> Self {
        AlignmentFigures {
            reviews: tally.reviews,
            alignment: tally.alignment(options),
            alignment_interval: tally.alignment_interval(options).ok(),
            bias: tally.bias(),
            bias_interval: tally.bias_interval(options.level).ok(),
            missed_critical: tally.missed_critical,
        }
    }

    /// The reviews graded.
    pub const fn reviews(&self) -> u64 {
        self.reviews
    }

    /// The mean alignment, 0..=1 ([`ReviewerTally::alignment`]).
    pub const fn alignment(&self) -> Option<f64> {
        self.alignment
    }

    /// Its t interval; `None` where [`ReviewerTally::alignment_interval`] has none (fewer than
    /// two reviews, or all alike).
    pub const fn alignment_interval(&self) -> Option<Interval> {
        self.alignment_interval
    }

    /// The bias, in score points ([`ReviewerTally::bias`]).
    pub const fn bias(&self) -> Option<f64> {
        self.bias
    }

    /// Its t interval; `None` where [`ReviewerTally::bias_interval`] has none.
    pub const fn bias_interval(&self) -> Option<Interval> {
        self.bias_interval
    }

    /// Whether the bias is shown: its interval excludes 0.
    pub fn bias_is_shown(&self) -> bool {
        self.bias_interval.is_some_and(|i| !i.contains(0.0))
    }

    /// The reviews that missed a failed critical item.
    pub const fn missed_critical(&self) -> u64 {
        self.missed_critical
    }
}

/// One item's figures in a [`GraderReport`], over everyone or for one reviewer.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ItemReport {
    item: String,
    compared: u64,
    applicability_disagreements: u64,
    alignment: Option<f64>,
    divergence: Option<f64>,
    bias: Option<f64>,
    missed_critical: u64,
    flagged: bool,
}

impl ItemReport {
    fn of(key: &str, tally: &ItemTally, options: &AlignmentOptions) -> Self {
        ItemReport {
            item: key.to_owned(),
            compared: tally.compared(),
            applicability_disagreements: tally.applicability_disagreements(),
            alignment: tally.alignment(),
            divergence: tally.divergence(),
            bias: tally.bias(),
            missed_critical: tally.missed_critical(),
            flagged: tally.is_flagged(options),
        }
    }

    /// The item's key.
    pub fn item(&self) -> &str {
        &self.item
    }

    /// The reviews in which it was compared ([`ItemTally::compared`]).
    pub const fn compared(&self) -> u64 {
        self.compared
    }

    /// Of those, the ones where only one side answered N/A.
    pub const fn applicability_disagreements(&self) -> u64 {
        self.applicability_disagreements
    }

    /// The mean alignment, 0..=1.
    pub const fn alignment(&self) -> Option<f64> {
        self.alignment
    }

    /// The mean divergence, in score points.
    pub const fn divergence(&self) -> Option<f64> {
        self.divergence
    }

    /// The mean signed difference from the benchmark, in score points.
    pub const fn bias(&self) -> Option<f64> {
        self.bias
    }

    /// The reviews that passed it where the benchmark failed it (a critical item).
    pub const fn missed_critical(&self) -> u64 {
        self.missed_critical
    }

    /// Whether the mean divergence is above the threshold: an item to discuss.
    pub const fn is_flagged(&self) -> bool {
        self.flagged
    }
}

/// One reviewer in a [`GraderReport`]: their figures and their items.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ReviewerReport {
    reviewer: String,
    figures: AlignmentFigures,
    items: Vec<ItemReport>,
}

impl ReviewerReport {
    /// The reviewer's id.
    pub fn reviewer(&self) -> &str {
        &self.reviewer
    }

    /// Their alignment, bias and missed critical items.
    pub const fn figures(&self) -> &AlignmentFigures {
        &self.figures
    }

    /// Their items, in form order.
    pub fn items(&self) -> &[ItemReport] {
        &self.items
    }

    /// Their items flagged for discussion, in form order.
    pub fn flagged(&self) -> impl Iterator<Item = &ItemReport> {
        self.items.iter().filter(|item| item.flagged)
    }
}

/// What a [`GraderTally`] shows a QA lead, under some [`AlignmentOptions`]: everyone's figures,
/// each item's over everyone, and each reviewer's.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct GraderReport {
    form: Option<String>,
    version: Option<u32>,
    options: AlignmentOptions,
    overall: AlignmentFigures,
    items: Vec<ItemReport>,
    reviewers: Vec<ReviewerReport>,
}

impl GraderReport {
    /// The form's key (`None` for a tally of no form yet).
    pub fn form(&self) -> Option<&str> {
        self.form.as_deref()
    }

    /// The form's version.
    pub const fn version(&self) -> Option<u32> {
        self.version
    }

    /// The options the report was worked out under.
    pub const fn options(&self) -> &AlignmentOptions {
        &self.options
    }

    /// Everyone's figures together.
    pub const fn overall(&self) -> &AlignmentFigures {
        &self.overall
    }

    /// Each item over everyone, in form order.
    pub fn items(&self) -> &[ItemReport] {
        &self.items
    }

    /// The items over everyone flagged for discussion, in form order.
    pub fn flagged(&self) -> impl Iterator<Item = &ItemReport> {
        self.items.iter().filter(|item| item.flagged)
    }

    /// Each reviewer, in the order of their ids.
    pub fn reviewers(&self) -> &[ReviewerReport] {
        &self.reviewers
    }
}

#[cfg(feature = "serde")]
mod serde_impls {
    use std::collections::BTreeMap;
    use std::sync::Arc;

    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::{FormTag, GraderTally, ItemTally, ReviewerTally, SignedSums};
    use crate::form::Fingerprint;
    use crate::scoring::numeric::ExactSum;
    use crate::scoring::summary::{ScoreSums, Units};
    use crate::scoring::{Error, Result};

    /// `{"key": "call_review", "version": 1, "fingerprint": "…", "items": ["greeting", ...]}`
    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct RawForm {
        key: String,
        version: u32,
        fingerprint: Fingerprint,
        items: Vec<String>,
    }

    /// Scores' count, exact sum and exact sum of squares (units of 2^-52, as strings).
    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct RawSums {
        count: u64,
        sum_units: Units,
        sum_of_squares_units: Units,
    }

    impl From<&ScoreSums> for RawSums {
        fn from(sums: &ScoreSums) -> Self {
            RawSums {
                count: sums.count(),
                sum_units: Units(sums.sum_units()),
                sum_of_squares_units: Units(sums.squares_units()),
            }
        }
    }

    impl RawSums {
        fn checked(&self, field: &str) -> Result<ScoreSums> {
            let sums =
                ScoreSums::from_units(self.count, self.sum_units.0, self.sum_of_squares_units.0);
            sums.check(field)?;
            Ok(sums)
        }
    }

    /// Signed values' count, exact sums above and below 0 and exact sum of squares.
    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct RawSigned {
        count: u64,
        above_units: Units,
        below_units: Units,
        sum_of_squares_units: Units,
    }

    impl From<&SignedSums> for RawSigned {
        fn from(sums: &SignedSums) -> Self {
            RawSigned {
                count: sums.n,
                above_units: Units(sums.above.units()),
                below_units: Units(sums.below.units()),
                sum_of_squares_units: Units(sums.squares.units()),
            }
        }
    }

    impl RawSigned {
        fn checked(&self, field: &str) -> Result<SignedSums> {
            let sums = SignedSums {
                n: self.count,
                above: ExactSum::from_units(self.above_units.0),
                below: ExactSum::from_units(self.below_units.0),
                squares: ExactSum::from_units(self.sum_of_squares_units.0),
            };
            // The magnitudes |x| must be scores in 0..=100 with these squares, checked as a
            // summary's scores are.
            ScoreSums::from_units(
                sums.n,
                sums.above.units().saturating_add(sums.below.units()),
                sums.squares.units(),
            )
            .check(field)?;
            Ok(sums)
        }
    }

    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct RawItem {
        both_answered: u64,
        applicability_disagreements: u64,
        both_not_applicable: u64,
        divergence_units: Units,
        difference: RawSigned,
        missed_critical: u64,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct RawReviewer {
        reviewer: String,
        reviews: u64,
        missed_critical: u64,
        aligned: RawSums,
        missed: RawSums,
        bias: RawSigned,
        items: Vec<RawItem>,
    }

    /// `{"form": {...} or null, "reviewers": [{"reviewer": "ana", "reviews": 3, ...}, ...]}`
    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct RawTally {
        form: Option<RawForm>,
        reviewers: Vec<RawReviewer>,
    }

    impl Serialize for GraderTally {
        fn serialize<S: Serializer>(&self, serializer: S) -> core::result::Result<S::Ok, S::Error> {
            RawTally {
                form: self.form.as_deref().map(|tag| RawForm {
                    key: tag.key.clone(),
                    version: tag.version,
                    fingerprint: tag.fingerprint,
                    items: tag.items.clone(),
                }),
                reviewers: self
                    .reviewers
                    .iter()
                    .map(|(id, tally)| RawReviewer {
                        reviewer: id.clone(),
                        reviews: tally.reviews,
                        missed_critical: tally.missed_critical,
                        aligned: RawSums::from(&tally.aligned),
                        missed: RawSums::from(&tally.missed),
                        bias: RawSigned::from(&tally.bias),
                        items: tally
                            .items
                            .iter()
                            .map(|item| RawItem {
                                both_answered: item.both,
                                applicability_disagreements: item.one_sided,
                                both_not_applicable: item.neither,
                                divergence_units: Units(item.divergence.units()),
                                difference: RawSigned::from(&item.difference),
                                missed_critical: item.missed_critical,
                            })
                            .collect(),
                    })
                    .collect(),
            }
            .serialize(serializer)
        }
    }

    impl<'de> Deserialize<'de> for GraderTally {
        fn deserialize<D: Deserializer<'de>>(
            deserializer: D,
        ) -> core::result::Result<Self, D::Error> {
            let raw = RawTally::deserialize(deserializer)?;
            checked(raw).map_err(D::Error::custom)
        }
    }

    /// A count of at most `limit`, or the error naming it.
    fn at_most(field: &'static str, value: u64, limit: u64, of: &str) -> Result<()> {
        if value <= limit {
            Ok(())
        } else {
            Err(Error::Inconsistent {
                field,
                value: value.to_string(),
                expected: format!("at most {limit} for '{of}'"),
            })
        }
    }

    /// A stored tally, checked: totals that no sequence of reviews could have produced are
    /// refused, naming the field and the reviewer or item.
    fn checked(raw: RawTally) -> Result<GraderTally> {
        let Some(form) = raw.form else {
            if let Some(first) = raw.reviewers.first() {
                return Err(Error::Inconsistent {
                    field: "form",
                    value: "null".to_owned(),
                    expected: format!("a form for a tally with reviewer '{}'", first.reviewer),
                });
            }
            return Ok(GraderTally::default());
        };
        if let Some(repeat) = form
            .items
            .iter()
            .enumerate()
            .find(|(i, key)| form.items.iter().take(*i).any(|k| k == *key))
        {
            return Err(Error::Duplicate {
                what: "item",
                key: repeat.1.clone(),
            });
        }
        let mut reviewers = BTreeMap::new();
        for reviewer in raw.reviewers {
            let id = reviewer.reviewer.trim().to_owned();
            if id.is_empty() {
                return Err(Error::EmptyText {
                    field: "reviewer id",
                });
            }
            if reviewers.contains_key(&id) {
                return Err(Error::Duplicate {
                    what: "reviewer",
                    key: id,
                });
            }
            if reviewer.items.len() != form.items.len() {
                return Err(Error::Mismatch {
                    field: "number of items",
                    found: reviewer.items.len().to_string(),
                    expected: format!("{} (one per item of form '{}')", form.items.len(), form.key),
                });
            }
            let reviews = reviewer.reviews;
            let aligned = reviewer.aligned.checked(&id)?;
            let missed = reviewer.missed.checked(&id)?;
            let bias = reviewer.bias.checked(&id)?;
            at_most("missed_critical", reviewer.missed_critical, reviews, &id)?;
            at_most("missed", missed.count(), reviewer.missed_critical, &id)?;
            at_most(
                "aligned",
                aligned.count(),
                reviews - reviewer.missed_critical,
                &id,
            )?;
            at_most("bias", bias.n, reviews, &id)?;
            let mut items = Vec::with_capacity(form.items.len());
            for (item, key) in reviewer.items.into_iter().zip(&form.items) {
                let of = format!("{id} on {key}");
                let compared = item
                    .both_answered
                    .saturating_add(item.applicability_disagreements);
                at_most(
                    "both_not_applicable",
                    item.both_not_applicable,
                    reviews.saturating_sub(compared),
                    &of,
                )?;
                at_most("compared", compared, reviews, &of)?;
                at_most(
                    "missed_critical",
                    item.missed_critical,
                    reviewer.missed_critical,
                    &of,
                )?;
                let difference = item.difference.checked(&of)?;
                at_most("difference", difference.n, item.both_answered, &of)?;
                // Each one-sided pair diverges by exactly 100, each other by at most 100.
                let divergence = ExactSum::from_units(item.divergence_units.0);
                let hundred = 100 * ExactSum::ONE;
                let lowest = u128::from(item.applicability_disagreements) * hundred;
                let highest = u128::from(compared) * hundred;
                if !(lowest..=highest).contains(&divergence.units()) {
                    return Err(Error::Inconsistent {
                        field: "divergence",
                        value: divergence.value().to_string(),
                        expected: format!(
                            "between {} and {} for '{of}'",
                            100 * u128::from(item.applicability_disagreements),
                            100 * u128::from(compared)
                        ),
                    });
                }
                items.push(ItemTally {
                    both: item.both_answered,
                    one_sided: item.applicability_disagreements,
                    neither: item.both_not_applicable,
                    divergence,
                    difference,
                    missed_critical: item.missed_critical,
                });
            }
            reviewers.insert(
                id,
                ReviewerTally {
                    reviews,
                    aligned,
                    missed,
                    missed_critical: reviewer.missed_critical,
                    bias,
                    items,
                },
            );
        }
        Ok(GraderTally {
            form: Some(Arc::new(FormTag {
                key: form.key,
                version: form.version,
                fingerprint: form.fingerprint,
                items: form.items,
            })),
            reviewers,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::{Answers, Choice, Item, Section};
    use crate::scoring::Scale;
    use crate::testing::assert_close;

    fn five() -> Scale {
        Scale::ONE_TO_FIVE
    }

    fn graded(form: &Form, review: Vec<Answer>, benchmark: Vec<Answer>) -> Alignment {
        let (r, b) = (Answers::from(review), Answers::from(benchmark));
        Alignment::of(
            &r.evaluate(form).unwrap(),
            &b.evaluate(form).unwrap(),
            &AlignmentOptions::default(),
        )
        .unwrap()
    }

    #[test]
    fn fifteen_points_scored_ten_against_seven_align_eighty_percent() {
        // In a points form, on a weighted form's 0-15 scale, and as choices worth 0 to 15.
        let points = Form::builder("p", 1)
            .scoring(Scoring::Points)
            .item(
                Item::scale("resolution", Scale::new(0, 15).unwrap())
                    .unwrap()
                    .try_with_points(15.0)
                    .unwrap(),
            )
            .build()
            .unwrap();
        let weighted = Form::builder("w", 1)
            .item(Item::scale("resolution", Scale::new(0, 15).unwrap()).unwrap())
            .build()
            .unwrap();
        let choices: Vec<Choice> = (0..=15)
            .map(|p| Choice::new(format!("{p} points"), f64::from(p)).unwrap())
            .collect();
        let chosen = Form::builder("c", 1)
            .item(Item::choices("resolution", choices).unwrap())
            .build()
            .unwrap();
        for (form, ten, seven) in [
            (&points, Answer::Rating(10), Answer::Rating(7)),
            (&weighted, Answer::Rating(10), Answer::Rating(7)),
            (&chosen, Answer::Choice(10), Answer::Choice(7)),
        ] {
            let a = graded(form, vec![ten], vec![seven]);
            let item = &a.items()[0];
            // 1 − |66.67 − 46.67| / 100 = 1 − 3/15.
            assert_close(item.alignment().unwrap(), 0.8);
            assert_close(item.divergence().unwrap(), 20.0);
            assert_close(item.difference().unwrap(), 20.0);
            assert_close(a.value().unwrap(), 0.8);
            assert!(item.is_flagged());
        }
    }

    #[test]
    fn not_applicable_on_one_side_is_a_disagreement_and_on_both_is_left_out() {
        let form = Form::builder("f", 1)
            .item(Item::yes_no("a").unwrap().with_not_applicable(true))
            .item(Item::yes_no("b").unwrap().with_not_applicable(true))
            .build()
            .unwrap();
        let a = graded(
            &form,
            vec![Answer::NotApplicable, Answer::Yes],
            vec![Answer::Yes, Answer::Yes],
        );
        assert_close(a.items()[0].alignment().unwrap(), 0.0);
        assert!(a.items()[0].applicability_differs());
        assert_eq!(a.items()[0].difference(), None);
        assert_close(a.value().unwrap(), 0.5);
        let both = graded(
            &form,
            vec![Answer::NotApplicable, Answer::No],
            vec![Answer::NotApplicable, Answer::No],
        );
        assert_eq!(both.items()[0].alignment(), None);
        assert!(!both.items()[0].is_flagged());
        assert_close(both.value().unwrap(), 1.0);
        let nothing = graded(
            &form,
            vec![Answer::NotApplicable, Answer::NotApplicable],
            vec![Answer::NotApplicable, Answer::NotApplicable],
        );
        assert_eq!(nothing.value(), None);
        assert_eq!(nothing.bias(), None);
    }

    #[test]
    fn weights_sections_and_unscored_items_set_the_shares() {
        // Sections weighted 1 and 3; in the second, items of weight 1 and 2. A reason kept for
        // reporting has no share.
        let form = Form::builder("s", 1)
            .section(Section::new("open").unwrap().try_with_weight(1.0).unwrap())
            .section(Section::new("close").unwrap().try_with_weight(3.0).unwrap())
            .item(Item::yes_no("greet").unwrap().with_section("open"))
            .item(Item::yes_no("solve").unwrap().with_section("close"))
            .item(
                Item::yes_no("confirm")
                    .unwrap()
                    .try_with_weight(2.0)
                    .unwrap()
                    .with_section("close"),
            )
            .item(
                Item::choices(
                    "reason",
                    vec![
                        Choice::new("billing", 0.0).unwrap(),
                        Choice::new("fault", 0.0).unwrap(),
                    ],
                )
                .unwrap()
                .with_role(ItemRole::NotScored)
                .with_section("open"),
            )
            .build()
            .unwrap();
        let shares = shares(&form);
        // 1/4; 3/4 × 1/3; 3/4 × 2/3; 0.
        for (got, want) in shares.iter().zip([0.25, 0.25, 0.5, 0.0]) {
            assert_close(*got, want);
        }
        use Answer::{Choice as C, No, Yes};
        let a = graded(&form, vec![Yes, No, Yes, C(0)], vec![Yes, Yes, Yes, C(1)]);
        assert_close(a.value().unwrap(), 0.75);
        // The reason differs: compared by label, flagged, but without weight.
        let reason = a.item("reason").unwrap();
        assert_close(reason.divergence().unwrap(), 100.0);
        assert_eq!(reason.difference(), None);
        assert!(reason.is_flagged());
    }

    #[test]
    fn a_deducting_item_weighs_by_what_it_deducts() {
        let form = Form::builder("d", 1)
            .scoring(Scoring::Points)
            .item(
                Item::yes_no("solved")
                    .unwrap()
                    .try_with_points(10.0)
                    .unwrap(),
            )
            .item(Item::yes_no("rude").unwrap().try_with_points(-5.0).unwrap())
            .build()
            .unwrap();
        let shares = shares(&form);
        assert_close(shares[0], 10.0 / 15.0);
        assert_close(shares[1], 5.0 / 15.0);
        use Answer::{No, Yes};
        // The reviewer missed the rudeness: 10 points at 100%, 5 at 0%.
        let a = graded(&form, vec![Yes, No], vec![Yes, Yes]);
        assert_close(a.value().unwrap(), 10.0 / 15.0);
        // 100 against 50 (10 − 5 of 10 points possible).
        assert_close(a.bias().unwrap(), 50.0);
    }

    #[test]
    fn missing_a_failed_critical_item_can_zero_the_review() {
        let form = Form::builder("c", 1)
            .item(Item::scale("tone", five()).unwrap())
            .item(
                Item::yes_no("verified")
                    .unwrap()
                    .with_critical(crate::form::DEFAULT_PASS_MARK),
            )
            .build()
            .unwrap();
        use Answer::{No, Rating, Yes};
        let (r, b) = (
            Answers::from(vec![Rating(4), Yes]),
            Answers::from(vec![Rating(4), No]),
        );
        let (r, b) = (r.evaluate(&form).unwrap(), b.evaluate(&form).unwrap());
        let plain = Alignment::of(&r, &b, &AlignmentOptions::default()).unwrap();
        assert!(plain.missed_critical());
        assert_close(plain.value().unwrap(), 0.5);
        let strict = AlignmentOptions::default().with_missed_critical_zero(true);
        let zeroed = Alignment::of(&r, &b, &strict).unwrap();
        assert_close(zeroed.value().unwrap(), 0.0);
        assert_close(zeroed.weighted().unwrap(), 0.5);
        assert!(zeroed.item("verified").unwrap().missed_critical());
        // The other way round (the reviewer failed it, the benchmark did not) is no miss.
        let other = Alignment::of(&b, &r, &strict).unwrap();
        assert!(!other.missed_critical());
        assert_close(other.value().unwrap(), 0.5);

        // In a tally, the rule applies when read.
        let mut tally = GraderTally::new();
        tally.add("ana", &r, &b).unwrap();
        tally.add("ana", &r, &r).unwrap();
        let ana = tally.reviewer("ana").unwrap();
        assert_eq!(ana.missed_critical(), 1);
        assert_close(ana.alignment(&AlignmentOptions::default()).unwrap(), 0.75);
        assert_close(ana.alignment(&strict).unwrap(), 0.5);
        assert_eq!(tally.items().nth(1).unwrap().1.missed_critical(), 1);
    }

    #[test]
    fn bias_and_its_interval_over_reviews() {
        let form = Form::builder("b", 1)
            .item(Item::scale("tone", five()).unwrap())
            .build()
            .unwrap();
        let mut tally = GraderTally::for_form(&form);
        // Differences +25, +50, 0, +25: mean 25, sample variance (0 + 625 + 625 + 0) / 3.
        for (mine, theirs) in [(5, 4), (5, 3), (2, 2), (3, 2)] {
            let r = Answers::from(vec![Answer::Rating(mine)]);
            let b = Answers::from(vec![Answer::Rating(theirs)]);
            tally
                .add(
                    " ben ",
                    &r.evaluate(&form).unwrap(),
                    &b.evaluate(&form).unwrap(),
                )
                .unwrap();
        }
        let ben = tally.reviewer("ben").unwrap();
        assert_close(ben.bias().unwrap(), 25.0);
        let interval = ben.bias_interval(Level::default()).unwrap();
        // t(3) = 3.1824463052837078 (scipy 1.17.1 `scipy.stats.t.ppf(0.975, 3)`), s/√n = √(1250/3)/2.
        let half = 3.182_446_305_283_708 * (1250.0f64 / 3.0).sqrt() / 2.0;
        assert!((interval.upper() - (25.0 + half)).abs() < 1e-9);
        assert!((interval.lower() - (25.0 - half)).abs() < 1e-9);
        assert_eq!(ben.bias_reviews(), 4);
        // Item-level divergence: 25, 50, 0, 25 → 25; flagged above 10 but not above 30.
        let (_, tone) = tally.items().next().unwrap();
        assert_close(tone.divergence().unwrap(), 25.0);
        assert_close(tone.bias().unwrap(), 25.0);
        assert!(tone.is_flagged(&AlignmentOptions::default()));
        let lax = AlignmentOptions::default()
            .try_with_flag_threshold(30.0)
            .unwrap();
        assert!(!tone.is_flagged(&lax));
        // Exactly at the threshold is not above it.
        let at = AlignmentOptions::default()
            .try_with_flag_threshold(25.0)
            .unwrap();
        assert!(!tone.is_flagged(&at));
    }

    #[test]
    fn another_form_is_refused_and_the_tally_is_unchanged() {
        let form = Form::builder("f", 1)
            .item(Item::scale("tone", five()).unwrap())
            .build()
            .unwrap();
        let reweighted = Form::builder("f", 1)
            .item(
                Item::scale("tone", five())
                    .unwrap()
                    .try_with_weight(2.0)
                    .unwrap(),
            )
            .build()
            .unwrap();
        let answers = Answers::from(vec![Answer::Rating(3)]);
        let e = answers.evaluate(&form).unwrap();
        let other = answers.evaluate(&reweighted).unwrap();
        let mut tally = GraderTally::new();
        tally.add("ana", &e, &e).unwrap();
        let before = tally.clone();
        let err = tally.add("ana", &other, &other).unwrap_err();
        assert!(
            err.to_string().starts_with("form differs: f v1 scored as "),
            "{err}"
        );
        assert_eq!(tally, before);
        let err = tally.add("ana", &e, &other).unwrap_err();
        assert!(matches!(
            err,
            Error::Mismatch {
                field: "benchmark form",
                ..
            }
        ));
        assert_eq!(tally, before);
        assert!(matches!(
            tally.add("  ", &e, &e),
            Err(Error::EmptyText {
                field: "reviewer id"
            })
        ));
        let mut elsewhere = GraderTally::for_form(&reweighted);
        assert!(elsewhere.try_merge(&tally).is_err());
        assert_eq!(elsewhere, GraderTally::for_form(&reweighted));
        // An empty tally takes the other's form; merging an empty one changes nothing.
        let mut empty = GraderTally::new();
        empty.try_merge(&tally).unwrap();
        assert_eq!(empty, tally);
        tally.try_merge(&GraderTally::new()).unwrap();
        assert_eq!(tally, before);
    }

    #[test]
    fn signed_sums_are_exact_either_side_of_zero() {
        let mut s = SignedSums::default();
        for x in [12.5, -37.5, 25.0, -0.0] {
            s.add(x);
        }
        assert_close(s.sum(), 0.0);
        assert_close(s.mean().unwrap(), 0.0);
        let mut t = SignedSums::default();
        t.add(-10.0);
        assert_close(t.sum(), -10.0);
        assert!(t.interval(Level::default()).is_err());
        assert!(SignedSums::default().interval(Level::default()).is_err());
    }
}
