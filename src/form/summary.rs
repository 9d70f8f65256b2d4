//! Running summaries of one form's evaluations.

use crate::form::fingerprint::Prints;
use crate::form::{Answer, AnswerType, Evaluation, Fingerprint, Form, ItemRole};
use crate::metrics::Share;
use crate::metrics::{Interval, Level, Moments};
use crate::scoring::numeric::ExactSum;
use crate::scoring::summary::{ScoreSums, Totals, less, less_sum, weakest_item};
use crate::scoring::{Band, Error, ItemSummary, Result, Score, StoredItem, StoredTotals, TryMerge};

/// A running, mergeable summary of evaluations of one form and version: the count, the overall
/// score's sum and spread, the count per band, the critical failures, and per item an
/// [`ItemSummary`] (answered count, mean over the answers, critical failures).
///
/// A summary belongs to one form and version, recorded from the first evaluation (or from
/// [`new`](Self::new)); adding or merging another form's results is refused with a typed error,
/// because mixing forms silently corrupts trends. An empty summary from `Default` belongs to no
/// form yet, which is what a [`GroupBy`](crate::GroupBy) creates for a new key.
///
/// # Examples
///
/// ```
/// use service_quality::Scale;
/// use service_quality::form::{Answer, Answers, Form, FormSummary, Item};
///
/// let form = Form::builder("chat_review", 1)
///     .item(Item::scale("greeting", Scale::ONE_TO_FIVE)?)
///     .item(Item::scale("tone", Scale::ONE_TO_FIVE)?.with_not_applicable(true))
///     .build()?;
/// let mut summary = FormSummary::new(&form);
/// for tone in [Answer::Rating(3), Answer::NotApplicable] {
///     let answers = Answers::from(vec![Answer::Rating(5), tone]);
///     summary.add(&answers.evaluate(&form)?)?;
/// }
/// // Tone was answered once, so its mean is over that one answer: 50, not 25.
/// assert_eq!(summary.item("tone").map(|t| t.answered()), Some(1));
/// assert_eq!(summary.item("tone").and_then(|t| t.mean()).map(|s| s.get()), Some(50.0));
/// assert_eq!(summary.mean_overall().map(|s| s.get()), Some(87.5)); // (75 + 100) / 2
/// assert_eq!(summary.weakest(), Some("tone"));
///
/// let other = Form::builder("chat_review", 2)
///     .item(Item::scale("greeting", Scale::ONE_TO_FIVE)?)
///     .build()?;
/// let answers = Answers::from(vec![Answer::Rating(4)]);
/// assert_eq!(
///     summary.add(&answers.evaluate(&other)?).unwrap_err().to_string(),
///     "form differs: chat_review v2 here, chat_review v1 expected"
/// );
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FormSummary {
    /// Shared, not copied: a group-by of a million groups of one form holds one copy of its
    /// key and item keys, not a million.
    form: Option<std::sync::Arc<FormId>>,
    totals: Totals,
    items: Vec<ItemSummary>,
    /// The bonuses of the scored evaluations, summed exactly.
    bonus: ExactSum,
    /// How many scored evaluations reached the form's baseline without a critical failure.
    at_baseline: u64,
    /// The answers of the items kept for reporting, counted per label, item after item (a
    /// boxed slice: its length never changes, and it costs 16 bytes a group, not 24).
    counts: Box<[u64]>,
    /// Per item, the sum of its squared scores over the answers, exactly: what its interval
    /// needs. `None` for a summary stored before the crate kept them, whose items then have no
    /// spread; adding to it or merging it keeps `None` rather than a spread of part of the
    /// answers.
    squares: Option<Box<[ExactSum]>>,
}

/// A [`FormSummary`]'s totals as plain numbers, for storage outside the crate (a database row,
/// a query engine's state): the totals over whole evaluations, the bonuses' exact sum and the
/// count at or above the baseline. Each item's are [`ItemSummary::stored`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct StoredForm {
    /// The totals over whole evaluations.
    pub totals: StoredTotals,
    /// The sum of the bonuses, in units of 2^-52.
    pub bonus_units: u128,
    /// How many scored evaluations reached the baseline without a critical failure.
    pub at_baseline: u64,
    /// The answers of the yes/no and choice items kept for reporting, counted per label: item
    /// after item in form order, each item's labels in order (yes then no, or the choices').
    pub counts: Vec<u64>,
    /// Per item in form order, the sum of its squared scores over the answers, in units of
    /// 2^-52 (what [`FormSummary::item_interval`] needs); `None` when the summary has no
    /// spread per item (stored before the crate kept it).
    pub item_squares_units: Option<Vec<u128>>,
}

/// Which form a summary belongs to: its key, version, item keys in order, and the fingerprint
/// of how it scores, with its parts (so a mismatch can say what differs); and what its tallies
/// beside the items depend on (bonus items, a baseline).
#[derive(Debug, Clone, PartialEq, Eq)]
struct FormId {
    key: String,
    version: u32,
    items: Vec<String>,
    prints: Prints,
    /// Per item, its role, and whether it is scored (not a bonus or recorded only).
    roles: Vec<ItemRole>,
    scored: Vec<bool>,
    has_bonus: bool,
    baseline: Option<Score>,
    /// The items kept for reporting whose answers are counted one by one (yes/no and
    /// choices), with their answers' labels, in form order.
    tallied: Vec<Tallied>,
}

/// An item kept for reporting whose answers are counted: its position and its answers' labels
/// (`yes` and `no`, or the choices').
#[derive(Debug, Clone, PartialEq, Eq)]
struct Tallied {
    item: usize,
    labels: Vec<String>,
}

impl Tallied {
    /// The items of `form` kept for reporting with countable answers.
    fn of(form: &Form) -> Vec<Tallied> {
        (0..form.items().len())
            .filter(|&i| form.plan(i).is_some_and(|p| p.role == ItemRole::NotScored))
            .filter_map(|i| {
                let labels = match form.items().get(i)?.answer_type() {
                    AnswerType::YesNo => vec!["yes".to_owned(), "no".to_owned()],
                    AnswerType::Choices(choices) => {
                        choices.iter().map(|c| c.label().to_owned()).collect()
                    }
                    _ => return None,
                };
                Some(Tallied { item: i, labels })
            })
            .collect()
    }

    /// The place of `answer` among the labels.
    fn slot(answer: Answer) -> Option<usize> {
        match answer {
            Answer::Yes => Some(0),
            Answer::No => Some(1),
            Answer::Choice(i) => Some(usize::from(i)),
            _ => None,
        }
    }
}

impl FormId {
    fn of(form: &Form) -> Self {
        FormId {
            key: form.key().to_owned(),
            version: form.version(),
            items: form.items().iter().map(|i| i.key().to_owned()).collect(),
            prints: form.prints().clone(),
            roles: (0..form.items().len())
                .map(|i| form.plan(i).map_or(ItemRole::Scored, |p| p.role))
                .collect(),
            scored: (0..form.items().len())
                .map(|i| form.plan(i).is_some_and(|p| p.role == ItemRole::Scored))
                .collect(),
            has_bonus: form.has_bonus(),
            baseline: form.baseline(),
            tallied: Tallied::of(form),
        }
    }

    /// Whether `form` is this form, compared without allocating: the fingerprint covers the
    /// item keys and everything else that scores.
    fn is(&self, form: &Form) -> bool {
        self.prints.whole == form.fingerprint()
            && self.version == form.version()
            && self.key == form.key()
    }

    /// Refuses another form or version, or, under the same key and version, a form that scores
    /// differently (other items, weights, answer types, pass marks, sections or rules).
    fn check(&self, other: &FormId) -> Result<()> {
        if self == other {
            return Ok(());
        }
        let name = |id: &FormId| format!("{} v{}", id.key, id.version);
        let (found, expected) = if (&self.key, self.version) != (&other.key, other.version) {
            (name(other), name(self))
        } else if self.items != other.items {
            let items = |id: &FormId| format!("{} with items {}", name(id), id.items.join(", "));
            (items(other), items(self))
        } else {
            let scored = |id: &FormId| format!("{} scored as {}", name(id), id.prints.whole);
            (
                scored(other),
                format!(
                    "{} (they differ in {})",
                    scored(self),
                    self.differences(other)
                ),
            )
        };
        Err(Error::Mismatch {
            field: "form",
            found,
            expected,
        })
    }

    /// What differs between two forms of the same items: the items whose scoring differs, and
    /// the sections or rules.
    fn differences(&self, other: &FormId) -> String {
        let mut parts: Vec<String> = self
            .items
            .iter()
            .zip(self.prints.items.iter().zip(&other.prints.items))
            .filter(|(_, (mine, theirs))| mine != theirs)
            .map(|(key, _)| format!("item '{key}'"))
            .collect();
        if self.prints.rules != other.prints.rules {
            parts.push("the sections or rules".to_owned());
        }
        parts.join(", ")
    }
}

impl FormSummary {
    /// An empty summary of `form`.
    pub fn new(form: &Form) -> Self {
        FormSummary {
            form: Some(std::sync::Arc::new(FormId::of(form))),
            totals: Totals::default(),
            items: vec![ItemSummary::default(); form.items().len()],
            bonus: ExactSum::default(),
            at_baseline: 0,
            counts: vec![0; Tallied::of(form).iter().map(|t| t.labels.len()).sum()].into(),
            squares: Some(vec![ExactSum::default(); form.items().len()].into()),
        }
    }

    /// Adds one evaluation.
    ///
    /// # Errors
    ///
    /// [`Error::Mismatch`] (field `form`) when the evaluation is of another form or version
    /// than the summary's; the summary is then unchanged.
    pub fn add(&mut self, evaluation: &Evaluation<'_>) -> Result<()> {
        match &self.form {
            Some(mine) if mine.is(evaluation.form()) => {}
            Some(mine) => mine.check(&FormId::of(evaluation.form()))?,
            None => *self = FormSummary::new(evaluation.form()),
        }
        let outcome = evaluation.outcome();
        self.totals.add(&outcome, 1);
        for (tally, result) in self.items.iter_mut().zip(evaluation.items()) {
            tally.add(result.score(), result.verdict(), 1);
        }
        if let Some(squares) = &mut self.squares {
            for (square, result) in squares.iter_mut().zip(evaluation.items()) {
                if let Some(score) = result.score() {
                    square.add_times(score.get() * score.get(), 1);
                }
            }
        }
        if let Some(form) = &self.form {
            let mut start = 0;
            for tallied in &form.tallied {
                let answer = evaluation.answers().get(tallied.item).copied();
                let slot = answer.and_then(Tallied::slot).map(|i| start + i);
                if let Some(count) = slot.and_then(|at| self.counts.get_mut(at)) {
                    *count += 1;
                }
                start += tallied.labels.len();
            }
        }
        // Working out the bonus walks every item again; a form without bonus items has none.
        let has_bonus = self.form.as_ref().is_some_and(|f| f.has_bonus);
        if let Some(bonus) = has_bonus.then(|| evaluation.bonus()).flatten()
            && bonus > 0.0
        {
            self.bonus.add_times(bonus, 1);
        }
        let baseline = evaluation.form().baseline();
        if let (Some(baseline), Some(score)) = (baseline, outcome.overall())
            && score >= baseline
            && outcome.passed()
        {
            self.at_baseline += 1;
        }
        Ok(())
    }

    /// The sum of the bonuses of the scored evaluations, in score points.
    pub fn bonus_sum(&self) -> f64 {
        self.bonus.value()
    }

    /// The mean bonus per scored evaluation, in score points; `None` when nothing was scored.
    /// The bonus stays beside the score: [`mean_overall`](Self::mean_overall) never includes
    /// it, and a dashboard showing "score with bonus" adds the two means, which may pass 100.
    pub fn mean_bonus(&self) -> Option<f64> {
        let scored = self.totals.scored();
        (scored > 0).then(|| self.bonus.value() / scored as f64)
    }

    /// How many scored evaluations reached the form's baseline (scored at least the baseline
    /// and failed no critical item); `None` when the form sets no baseline.
    pub fn at_baseline(&self) -> Option<u64> {
        self.form.as_ref()?.baseline.map(|_| self.at_baseline)
    }

    /// How often each answer was given to `key`, a yes/no or choice item kept for reporting
    /// ([`ItemRole::NotScored`]): each label (`yes` and `no`, or the choices') with its count,
    /// in order; `None` for another item.
    ///
    /// ```
    /// use service_quality::Scale;
    /// use service_quality::form::{Answer, Answers, Choice, Form, FormSummary, Item, ItemRole};
    ///
    /// let reason = Item::choices("reason", vec![Choice::new("Billing", 0.0)?, Choice::new("Fault", 0.0)?])?
    ///     .with_role(ItemRole::NotScored);
    /// let form = Form::builder("calls", 1)
    ///     .item(Item::scale("tone", Scale::ONE_TO_FIVE)?)
    ///     .item(reason)
    ///     .build()?;
    /// let mut summary = FormSummary::new(&form);
    /// for choice in [1, 0, 1] {
    ///     summary.add(&Answers::from(vec![Answer::Rating(4), Answer::Choice(choice)]).evaluate(&form)?)?;
    /// }
    /// let counts: Vec<(&str, u64)> = summary.answer_counts("reason").unwrap().collect();
    /// assert_eq!(counts, [("Billing", 1), ("Fault", 2)]);
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn answer_counts(&self, key: &str) -> Option<impl Iterator<Item = (&str, u64)> + '_> {
        let form = self.form.as_ref()?;
        let index = form.items.iter().position(|k| k == key)?;
        let mut start = 0;
        for tallied in &form.tallied {
            let end = start + tallied.labels.len();
            if tallied.item == index {
                let counts = self.counts.get(start..end)?;
                let labels = tallied.labels.iter().map(String::as_str);
                return Some(labels.zip(counts.iter().copied()));
            }
            start = end;
        }
        None
    }

    /// The pass rate against the form's baseline: the share of scored evaluations that reached
    /// it. Its interval, Wilson's by default, is [`Share::interval`].
    ///
    /// # Errors
    ///
    /// [`Error::Missing`] when the form sets no baseline, and [`Error::Empty`] when nothing was
    /// scored.
    ///
    /// ```
    /// use service_quality::{Scale, Score};
    /// use service_quality::form::{Answer, Answers, Form, FormSummary, Item};
    /// use service_quality::metrics::{Level, ShareMethod};
    ///
    /// let form = Form::builder("chat_review", 1)
    ///     .baseline(Score::new(80.0)?)
    ///     .item(Item::scale("resolution", Scale::ONE_TO_FIVE)?)
    ///     .build()?;
    /// let mut summary = FormSummary::new(&form);
    /// for rating in [5, 5, 4, 3, 5] {
    ///     summary.add(&Answers::from(vec![Answer::Rating(rating)]).evaluate(&form)?)?;
    /// }
    /// // 100, 100, 75, 50, 100: three of five at or above 80.
    /// let rate = summary.pass_rate()?;
    /// assert_eq!(rate.percent(), 60.0);
    /// let interval = rate.interval(ShareMethod::Wilson, Level::default());
    /// assert!(interval.lower() < 60.0 && interval.upper() > 60.0);
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn pass_rate(&self) -> Result<Share> {
        let Some(at) = self.at_baseline() else {
            return Err(Error::Missing {
                what: "baseline for form",
                key: self.form_key().unwrap_or_default().to_owned(),
            });
        };
        Share::new(at, self.totals.scored())
    }

    /// The mean of the items' means: each item's mean over the evaluations that answered it,
    /// averaged over the scored items answered at least once, each counting once (unweighted).
    /// Beside [`mean_overall`](Self::mean_overall), the mean of the evaluations' scores (the
    /// products' "internal quality score"), it answers another question: how the items do on
    /// average, whatever each review answered. The two differ when reviews answer different
    /// items, or when items carry different weights; see the module's worked example.
    /// `None` when no scored item was answered.
    pub fn mean_of_item_means(&self) -> Option<Score> {
        let form = self.form.as_ref()?;
        let means: Vec<f64> = self
            .items
            .iter()
            .zip(&form.scored)
            .filter(|&(_, &scored)| scored)
            .filter_map(|(item, _)| item.mean())
            .map(Score::get)
            .collect();
        if means.is_empty() {
            return None;
        }
        let (low, high) = means
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &m| {
                (l.min(m), h.max(m))
            });
        Some(Score::within(
            means.iter().sum::<f64>() / means.len() as f64,
            low,
            high,
        ))
    }

    /// The totals over whole evaluations as plain numbers, sums exact (see
    /// [`StoredTotals`]); each item's are [`ItemSummary::stored`] of [`items`](Self::items).
    pub fn stored_totals(&self) -> StoredTotals {
        self.totals.stored()
    }

    /// Everything but the items' totals as plain numbers: [`stored_totals`](Self::stored_totals),
    /// the bonuses' exact sum and the count at the baseline.
    pub fn stored(&self) -> StoredForm {
        StoredForm {
            totals: self.totals.stored(),
            bonus_units: self.bonus.units(),
            at_baseline: self.at_baseline,
            counts: self.counts.to_vec(),
            item_squares_units: self
                .squares
                .as_ref()
                .map(|squares| squares.iter().map(|s| s.units()).collect()),
        }
    }

    /// A summary of `form` from stored totals, one [`StoredItem`] per item in form order,
    /// checked exactly as deserialising checks a summary.
    ///
    /// # Errors
    ///
    /// [`Error::Mismatch`] when the number of items differs from the form's, and
    /// [`Error::Inconsistent`] naming the field (and item) of totals no valid evaluations could
    /// produce, as [`Summary::from_stored`](crate::Summary::from_stored): also a bonus on a form
    /// without bonus items, a count at the baseline on a form without one, or more at the
    /// baseline than were scored.
    ///
    /// ```
    /// use service_quality::Scale;
    /// use service_quality::form::{Answer, Answers, Form, FormSummary, Item};
    ///
    /// let form = Form::builder("chat_review", 1)
    ///     .item(Item::scale("greeting", Scale::ONE_TO_FIVE)?)
    ///     .build()?;
    /// let mut summary = FormSummary::new(&form);
    /// summary.add(&Answers::from(vec![Answer::Rating(4)]).evaluate(&form)?)?;
    /// let items: Vec<_> = summary.items().map(|(_, item)| item.stored()).collect();
    /// let back = FormSummary::from_stored(&form, summary.stored(), items)?;
    /// assert_eq!(back, summary);
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn from_stored(
        form: &Form,
        stored: StoredForm,
        items: impl IntoIterator<Item = StoredItem>,
    ) -> Result<Self> {
        let totals = Totals::from_stored(stored.totals)?;
        let mut checked = Vec::with_capacity(form.items().len());
        let mut rest = items.into_iter();
        for item in form.items() {
            let Some(next) = rest.next() else {
                return Err(Error::Mismatch {
                    field: "number of stored items",
                    found: checked.len().to_string(),
                    expected: form.items().len().to_string(),
                });
            };
            checked.push(ItemSummary::from_stored(item.key(), next, totals.count())?);
        }
        let extra = rest.count();
        if extra > 0 {
            return Err(Error::Mismatch {
                field: "number of stored items",
                found: (form.items().len() + extra).to_string(),
                expected: form.items().len().to_string(),
            });
        }
        let id = FormId::of(form);
        let (bonus, at_baseline, counts, squares) = checked_extras(&id, &totals, &checked, stored)?;
        Ok(FormSummary {
            form: Some(std::sync::Arc::new(id)),
            totals,
            items: checked,
            bonus,
            at_baseline,
            counts,
            squares,
        })
    }

    /// The form's key, or `None` for an empty summary that belongs to no form yet.
    pub fn form_key(&self) -> Option<&str> {
        self.form.as_ref().map(|f| f.key.as_str())
    }

    /// The form's version, or `None` for a summary that belongs to no form yet.
    pub fn form_version(&self) -> Option<u32> {
        self.form.as_ref().map(|f| f.version)
    }

    /// The [`Fingerprint`] of the form summarised, `None` for a summary of no form yet:
    /// summaries merge only when it is the same.
    pub fn fingerprint(&self) -> Option<Fingerprint> {
        self.form.as_ref().map(|f| f.prints.whole)
    }

    /// How many evaluations went in.
    pub const fn count(&self) -> u64 {
        self.totals.count()
    }

    /// How many had an overall score (the others had nothing to score).
    pub const fn scored(&self) -> u64 {
        self.totals.scored()
    }

    /// The sum of the overall scores.
    pub fn overall_sum(&self) -> f64 {
        self.totals.overall_sum()
    }

    /// The sum of the squared overall scores.
    pub fn overall_sum_of_squares(&self) -> f64 {
        self.totals.overall_sum_of_squares()
    }

    /// The mean overall score; `None` when nothing was scored.
    pub fn mean_overall(&self) -> Option<Score> {
        self.totals.mean()
    }

    /// The sample variance of the overall scores; `None` below two scored evaluations.
    pub fn overall_variance(&self) -> Option<f64> {
        self.totals.variance()
    }

    /// The count, mean and spread of the overall scores, for intervals and comparisons
    /// ([`metrics::compare::means`](crate::metrics::compare::means)).
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] when nothing was scored.
    pub fn moments(&self) -> Result<crate::metrics::Moments> {
        self.totals.moments()
    }

    /// The Student t interval of the mean overall score, limited to 0..=100.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] when nothing was scored and [`Error::Degenerate`] with fewer than two
    /// scores or when every score is the same.
    pub fn mean_interval(&self, level: crate::metrics::Level) -> Result<crate::metrics::Interval> {
        self.totals.mean_interval(level)
    }

    /// How many scored evaluations fell in `band`.
    pub fn band_count(&self, band: Band) -> u64 {
        self.totals.band_count(band)
    }

    /// The count per band, from poor to excellent.
    pub fn band_counts(&self) -> [u64; 4] {
        self.totals.band_counts()
    }

    /// How many evaluations failed at least one critical item.
    pub const fn critical_failures(&self) -> u64 {
        self.totals.critical_failures()
    }

    /// One item's totals, by key.
    pub fn item(&self, key: &str) -> Option<ItemSummary> {
        let form = self.form.as_ref()?;
        let index = form.items.iter().position(|k| k == key)?;
        self.items.get(index).copied()
    }

    /// One item's count, mean and spread over the evaluations that answered it, for its
    /// interval or a comparison ([`compare::means`](crate::metrics::compare::means)).
    ///
    /// # Errors
    ///
    /// [`Error::UnknownName`] for a key not on the form, [`Error::Missing`] when the summary
    /// keeps no spread per item (it was stored before the crate kept one), and
    /// [`Error::Empty`] when the item was never answered.
    pub fn item_moments(&self, key: &str) -> Result<Moments> {
        self.item_sums(key)?.moments()
    }

    /// The Student t interval of one item's mean score over its answers, limited to 0..=100:
    /// how far the item's true level could be from its mean, given how many answered it and
    /// how far their scores spread.
    ///
    /// # Errors
    ///
    /// As [`item_moments`](Self::item_moments), and [`Error::Degenerate`] with fewer than two
    /// answers or when every answer scored the same.
    ///
    /// ```
    /// use service_quality::Scale;
    /// use service_quality::form::{Answer, Answers, Form, FormSummary, Item};
    /// use service_quality::metrics::Level;
    ///
    /// let form = Form::builder("chat_review", 1)
    ///     .item(Item::scale("tone", Scale::ONE_TO_FIVE)?.with_not_applicable(true))
    ///     .build()?;
    /// let mut summary = FormSummary::new(&form);
    /// for tone in [Answer::Rating(5), Answer::Rating(3), Answer::NotApplicable, Answer::Rating(4)] {
    ///     summary.add(&Answers::from(vec![tone]).evaluate(&form)?)?;
    /// }
    /// // 100, 50 and 75 over the three answers: mean 75, standard deviation 25.
    /// let tone = summary.item_moments("tone")?;
    /// assert_eq!((tone.count(), tone.mean(), tone.standard_deviation()), (3, 75.0, 25.0));
    /// let interval = summary.item_interval("tone", Level::default())?;
    /// assert!(interval.lower() < 75.0 && interval.upper() > 75.0);
    /// assert!(summary.item_interval("pace", Level::default()).is_err());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn item_interval(&self, key: &str, level: Level) -> Result<Interval> {
        self.item_sums(key)?.mean_interval(level)
    }

    /// One item's answers, sum and sum of squares.
    fn item_sums(&self, key: &str) -> Result<ScoreSums> {
        let keys = self.form.iter().flat_map(|f| f.items.iter());
        let Some(index) = keys.clone().position(|k| k == key) else {
            let names = keys.map(String::as_str);
            return Err(crate::scoring::names::unknown_name("item", key, names));
        };
        let item = self.items.get(index).copied().unwrap_or_default().stored();
        let Some(squares) = self.squares.as_ref().and_then(|s| s.get(index)) else {
            return Err(Error::Missing {
                what: "sum of squares (stored before summaries kept one) for item",
                key: key.to_owned(),
            });
        };
        Ok(ScoreSums::from_units(
            item.answered,
            item.sum_units,
            squares.units(),
        ))
    }

    /// Every item's key and totals, in form order.
    pub fn items(&self) -> impl Iterator<Item = (&str, ItemSummary)> + '_ {
        let keys = self.form.iter().flat_map(|f| f.items.iter());
        keys.map(String::as_str).zip(self.items.iter().copied())
    }

    /// The group's weakest item: the lowest mean among answered items that counted towards the
    /// score (ties to the earlier item). Critical failures per item are in
    /// [`item`](Self::item).
    pub fn weakest(&self) -> Option<&str> {
        let index = weakest_item(self.items.iter().enumerate())?;
        self.form.as_ref()?.items.get(index).map(String::as_str)
    }
}

/// The bonus sum, baseline count and answer counts of a stored summary of the form `id`,
/// checked against the form, its totals and its `items`' (each counted item's counts add up to
/// its answered count).
fn checked_extras(
    id: &FormId,
    totals: &Totals,
    items: &[ItemSummary],
    stored: StoredForm,
) -> Result<Extras> {
    let labels: usize = id.tallied.iter().map(|t| t.labels.len()).sum();
    if stored.counts.len() != labels {
        return Err(Error::Mismatch {
            field: "number of answer counts",
            found: stored.counts.len().to_string(),
            expected: labels.to_string(),
        });
    }
    let mut start = 0;
    for tallied in &id.tallied {
        let end = start + tallied.labels.len();
        let sum = stored
            .counts
            .get(start..end)
            .map_or(0, |c| c.iter().fold(0_u64, |a, &b| a.saturating_add(b)));
        let answered = items.get(tallied.item).map_or(0, ItemSummary::answered);
        if sum != answered {
            let key = id.items.get(tallied.item).map_or("", String::as_str);
            return Err(Error::Inconsistent {
                field: "answer counts",
                value: format!("{sum} for item '{key}'"),
                expected: format!("the {answered} answers it was given"),
            });
        }
        start = end;
    }
    if stored.bonus_units > 0 && !id.has_bonus {
        return Err(Error::Inconsistent {
            field: "bonus",
            value: stored.bonus_units.to_string(),
            expected: "no bonus on a form without bonus items".to_owned(),
        });
    }
    let most = if id.baseline.is_some() {
        totals.scored()
    } else {
        0
    };
    if stored.at_baseline > most {
        return Err(Error::Inconsistent {
            field: "at_baseline",
            value: stored.at_baseline.to_string(),
            expected: if id.baseline.is_some() {
                format!("at most the {most} scored evaluations")
            } else {
                "0 on a form without a baseline".to_owned()
            },
        });
    }
    let squares = match stored.item_squares_units {
        None => None,
        Some(units) => Some(checked_squares(id, items, &units)?),
    };
    Ok((
        ExactSum::from_units(stored.bonus_units),
        stored.at_baseline,
        stored.counts.into(),
        squares,
    ))
}

/// The bonus sum, baseline count, answer counts and items' sums of squares of a stored summary.
type Extras = (ExactSum, u64, Box<[u64]>, Option<Box<[ExactSum]>>);

/// Each item's sum of squares, checked against its answers and sum: the squares of scores in
/// 0..=100 that sum to the item's sum.
fn checked_squares(id: &FormId, items: &[ItemSummary], units: &[u128]) -> Result<Box<[ExactSum]>> {
    if units.len() != items.len() {
        return Err(Error::Mismatch {
            field: "number of items' sums of squares",
            found: units.len().to_string(),
            expected: items.len().to_string(),
        });
    }
    for ((item, &squares), key) in items.iter().zip(units).zip(&id.items) {
        let stored = item.stored();
        ScoreSums::from_units(stored.answered, stored.sum_units, squares).check(key)?;
    }
    Ok(units.iter().map(|&u| ExactSum::from_units(u)).collect())
}

impl TryMerge for FormSummary {
    /// Merges a summary of the same form and version; an empty summary of no form merges with
    /// anything.
    ///
    /// # Errors
    ///
    /// [`Error::Mismatch`] (field `form`) for summaries of different forms or versions.
    fn try_merge(&mut self, other: &Self) -> Result<()> {
        let Some(theirs) = &other.form else {
            return Ok(());
        };
        match &self.form {
            Some(mine) => mine.check(theirs)?,
            None => {
                *self = other.clone();
                return Ok(());
            }
        }
        self.totals.merge(&other.totals);
        for (mine, theirs) in self.items.iter_mut().zip(&other.items) {
            mine.merge(theirs);
        }
        self.bonus.merge(&other.bonus);
        self.at_baseline = self.at_baseline.saturating_add(other.at_baseline);
        for (mine, theirs) in self.counts.iter_mut().zip(&other.counts) {
            *mine = mine.saturating_add(*theirs);
        }
        match (&mut self.squares, &other.squares) {
            (Some(mine), Some(theirs)) => {
                for (mine, theirs) in mine.iter_mut().zip(theirs.iter()) {
                    mine.merge(theirs);
                }
            }
            (mine, _) => *mine = None,
        }
        Ok(())
    }
}

impl FormSummary {
    /// Takes one evaluation back out, as if it had never been added: a review withdrawn, or
    /// the first half of a correction after a dispute (see [`replace`](Self::replace)). Exact:
    /// the counts, the exact sums, the bands, the baseline count and the answer counts come
    /// back to what a summary built without it holds.
    ///
    /// # Errors
    ///
    /// [`Error::Mismatch`] (field `form`) for an evaluation of another form or version;
    /// [`Error::NotInSummary`] when the summary does not hold it, found where a count or a sum
    /// would fall below zero (an empty summary, a band or an answer with no members, a
    /// critical failure never recorded); [`Error::Inconsistent`] when what would be left is
    /// totals no evaluations could have. The summary is then unchanged. An evaluation never
    /// added whose every total the summary could still hold comes out without complaint: take
    /// out only what went in.
    ///
    /// ```
    /// use service_quality::Scale;
    /// use service_quality::form::{Answer, Answers, Form, FormSummary, Item};
    ///
    /// let form = Form::builder("chat_review", 1)
    ///     .item(Item::scale("greeting", Scale::ONE_TO_FIVE)?)
    ///     .item(Item::yes_no("verified")?.with_critical_below_half())
    ///     .build()?;
    /// let first = Answers::from(vec![Answer::Rating(4), Answer::Yes]);
    /// let appealed = Answers::from(vec![Answer::Rating(2), Answer::No]); // as scored
    /// let decided = Answers::from(vec![Answer::Rating(2), Answer::Yes]); // after the appeal
    ///
    /// let mut team = FormSummary::new(&form);
    /// team.add(&first.evaluate(&form)?)?;
    /// team.add(&appealed.evaluate(&form)?)?;
    /// team.replace(&appealed.evaluate(&form)?, &decided.evaluate(&form)?)?;
    ///
    /// let mut as_if = FormSummary::new(&form);
    /// as_if.add(&first.evaluate(&form)?)?;
    /// as_if.add(&decided.evaluate(&form)?)?;
    /// assert_eq!(team, as_if);
    /// assert_eq!(team.critical_failures(), 0);
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn remove(&mut self, evaluation: &Evaluation<'_>) -> Result<()> {
        let mut one = FormSummary::new(evaluation.form());
        one.add(evaluation)?;
        self.subtract(&one)
    }

    /// Corrects one evaluation: takes `old` out and puts `new` in, so that the totals equal
    /// those built as if `new` had been there all along. `new` must be of the summary's form
    /// and version too (a review scored again with the decided answers is).
    ///
    /// # Errors
    ///
    /// As [`remove`](Self::remove) for `old` and [`add`](Self::add) for `new`; the summary is
    /// then unchanged.
    pub fn replace(&mut self, old: &Evaluation<'_>, new: &Evaluation<'_>) -> Result<()> {
        let mut corrected = self.clone();
        corrected.remove(old)?;
        corrected.add(new)?;
        *self = corrected;
        Ok(())
    }

    /// Takes everything in `other` back out: the inverse of [`try_merge`](Self::try_merge),
    /// for many evaluations withdrawn at once. An empty summary of no form takes out nothing.
    ///
    /// # Errors
    ///
    /// As [`remove`](Self::remove); the summary is then unchanged.
    pub fn subtract(&mut self, other: &Self) -> Result<()> {
        let Some(theirs) = &other.form else {
            return Ok(());
        };
        let Some(mine) = &self.form else {
            less("count", "overall", 0, other.totals.count())?;
            return Ok(());
        };
        mine.check(theirs)?;
        let totals = self.totals.checked_sub(&other.totals)?;
        let mut items = Vec::with_capacity(self.items.len());
        for ((held, removing), key) in self.items.iter().zip(&other.items).zip(&mine.items) {
            items.push(held.checked_sub(removing, key, totals.count())?);
        }
        let labels = mine.tallied.iter().flat_map(|t| {
            let key = mine.items.get(t.item).map_or("", String::as_str);
            t.labels.iter().map(move |label| (key, label))
        });
        let mut counts = Vec::with_capacity(self.counts.len());
        for ((held, removing), (key, label)) in self.counts.iter().zip(&*other.counts).zip(labels) {
            counts.push(less(
                "answer count",
                &format!("{key}: {label}"),
                *held,
                *removing,
            )?);
        }
        let squares = match (&self.squares, &other.squares) {
            (Some(held), Some(removing)) => {
                let mut left = Vec::with_capacity(held.len());
                for ((&h, &r), key) in held.iter().zip(removing.iter()).zip(&mine.items) {
                    left.push(less_sum("sum_of_squares", key, h, r)?.units());
                }
                Some(left)
            }
            _ => None,
        };
        let stored = StoredForm {
            totals: totals.stored(),
            bonus_units: less_sum("bonus", "overall", self.bonus, other.bonus)?.units(),
            at_baseline: less(
                "at_baseline",
                "overall",
                self.at_baseline,
                other.at_baseline,
            )?,
            counts,
            item_squares_units: squares,
        };
        let (bonus, at_baseline, counts, squares) = checked_extras(mine, &totals, &items, stored)?;
        *self = FormSummary {
            form: self.form.clone(),
            totals,
            items,
            bonus,
            at_baseline,
            counts,
            squares,
        };
        Ok(())
    }

    /// Merges `other` (the same as [`TryMerge::try_merge`], callable without the trait).
    ///
    /// # Errors
    ///
    /// As [`TryMerge::try_merge`].
    pub fn try_merge(&mut self, other: &Self) -> Result<()> {
        TryMerge::try_merge(self, other)
    }
}

#[cfg(feature = "serde")]
mod serde_impls {
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::{FormId, FormSummary, StoredForm, Tallied, checked_extras};
    use crate::form::fingerprint::{Prints, whole};
    use crate::form::{Fingerprint, ItemRole};
    use crate::scoring::summary::{ItemForm, Totals, Units, stored_sum};
    use crate::scoring::{Error, ItemSummary, Score};

    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct RawId {
        key: String,
        version: u32,
        /// The form's fingerprint, and that of its sections and rules; each item carries its
        /// own. The whole is checked against its parts when read.
        fingerprint: Fingerprint,
        rules_fingerprint: Fingerprint,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        baseline: Option<Score>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct RawItem {
        key: String,
        fingerprint: Fingerprint,
        #[serde(default, skip_serializing_if = "is_scored")]
        role: ItemRole,
        answered: u64,
        counted: u64,
        sum: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sum_exact: Option<Units>,
        critical_failures: u64,
        /// For a yes/no or choice item kept for reporting: each label with its count.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        answers: Option<Vec<(String, u64)>>,
        /// The sum of the item's squared scores, and its exact units; absent in summaries
        /// stored before the crate kept them.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sum_of_squares: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sum_of_squares_exact: Option<Units>,
    }

    /// `{"form": {"key": "chat_review", "version": 1, "fingerprint": "…",
    /// "rules_fingerprint": "…"}, "overall": {...}, "items": [{"key": "greeting",
    /// "fingerprint": "…", "answered": 2, ...}, ...]}`; `form` is `null` for a summary of no form
    /// yet.
    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct RawSummary {
        form: Option<RawId>,
        overall: Totals,
        items: Vec<RawItem>,
        /// The bonuses' exact sum.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        bonus_exact: Option<Units>,
        #[serde(default, skip_serializing_if = "is_zero")]
        at_baseline: u64,
    }

    fn is_scored(role: &ItemRole) -> bool {
        *role == ItemRole::Scored
    }

    fn is_zero(count: &u64) -> bool {
        *count == 0
    }

    impl Serialize for FormSummary {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            RawSummary {
                form: self.form.as_ref().map(|f| RawId {
                    key: f.key.clone(),
                    version: f.version,
                    fingerprint: f.prints.whole,
                    rules_fingerprint: Fingerprint::from_part(f.prints.rules),
                    baseline: f.baseline,
                }),
                overall: self.totals,
                bonus_exact: (self.bonus.units() > 0).then_some(Units(self.bonus.units())),
                at_baseline: self.at_baseline,
                items: self
                    .items()
                    .zip(
                        self.form
                            .iter()
                            .flat_map(|f| f.prints.items.iter().zip(&f.roles)),
                    )
                    .enumerate()
                    .map(|(i, ((key, totals), (&print, &role)))| {
                        let form = ItemForm::from(&totals);
                        let square = self.squares.as_ref().and_then(|s| s.get(i));
                        let answers = self
                            .answer_counts(key)
                            .map(|c| c.map(|(l, n)| (l.to_owned(), n)).collect());
                        RawItem {
                            answers,
                            key: key.to_owned(),
                            fingerprint: Fingerprint::from_part(print),
                            role,
                            answered: form.answered,
                            counted: form.counted,
                            sum: form.sum,
                            sum_exact: form.sum_exact,
                            critical_failures: form.critical_failures,
                            sum_of_squares: square.map(|s| s.value()),
                            sum_of_squares_exact: square.map(|s| Units(s.units())),
                        }
                    })
                    .collect(),
            }
            .serialize(serializer)
        }
    }

    impl<'de> Deserialize<'de> for FormSummary {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let raw = RawSummary::deserialize(deserializer)?;
            let build = || {
                let count = raw.overall.count();
                let Some(id) = raw.form else {
                    if count > 0 || !raw.items.is_empty() {
                        return Err(Error::Inconsistent {
                            field: "form",
                            value: count.to_string(),
                            expected: "a form for a summary with results".to_owned(),
                        });
                    }
                    return Ok(FormSummary::default());
                };
                let mut keys: Vec<String> = Vec::with_capacity(raw.items.len());
                let prints: Vec<u64> = raw.items.iter().map(|i| i.fingerprint.get()).collect();
                let rules = id.rules_fingerprint.get();
                let computed = whole(rules, &prints);
                if computed != id.fingerprint {
                    return Err(Error::Inconsistent {
                        field: "fingerprint",
                        value: id.fingerprint.to_string(),
                        expected: format!("{computed}, the fingerprint of its parts"),
                    });
                }
                let squares = raw
                    .items
                    .iter()
                    .map(
                        |item| match (item.sum_of_squares, item.sum_of_squares_exact) {
                            (None, None) => Ok(None),
                            // The readable float alone (an older writer, a hand-made row), or
                            // the exact units alone, or both, which must agree.
                            (value, exact) => {
                                let exact_value =
                                    exact.map(|Units(u)| super::ExactSum::from_units(u).value());
                                let value = value.or(exact_value).unwrap_or_default();
                                stored_sum("sum_of_squares", &item.key, value, exact)
                                    .map(|sum| Some(sum.units()))
                            }
                        },
                    )
                    .collect::<Result<Vec<Option<u128>>, Error>>()?;
                let item_squares_units = if squares.iter().all(Option::is_none) {
                    None
                } else {
                    let known: Option<Vec<u128>> = squares.iter().copied().collect();
                    let Some(known) = known else {
                        return Err(Error::Inconsistent {
                            field: "sum_of_squares",
                            value: "on some items".to_owned(),
                            expected: "on every item or on none".to_owned(),
                        });
                    };
                    Some(known)
                };
                let mut items: Vec<ItemSummary> = Vec::with_capacity(raw.items.len());
                let roles: Vec<ItemRole> = raw.items.iter().map(|i| i.role).collect();
                let mut tallied = Vec::new();
                let mut counts = Vec::new();
                for (i, item) in raw.items.iter().enumerate() {
                    let Some(answers) = &item.answers else {
                        continue;
                    };
                    if item.role != ItemRole::NotScored {
                        return Err(Error::Inconsistent {
                            field: "answers",
                            value: format!("counted for item '{}'", item.key),
                            expected: "answer counts only on an item kept for reporting".to_owned(),
                        });
                    }
                    tallied.push(Tallied {
                        item: i,
                        labels: answers.iter().map(|(l, _)| l.clone()).collect(),
                    });
                    counts.extend(answers.iter().map(|&(_, n)| n));
                }
                for item in raw.items {
                    if keys.contains(&item.key) {
                        return Err(Error::InvalidForm {
                            item: Some(item.key),
                            field: "key",
                            value: "used twice".to_owned(),
                            expected: "each item key once".to_owned(),
                        });
                    }
                    let totals = ItemForm {
                        answered: item.answered,
                        counted: item.counted,
                        sum: item.sum,
                        sum_exact: item.sum_exact,
                        critical_failures: item.critical_failures,
                    };
                    items.push(totals.checked(&item.key, count)?);
                    keys.push(item.key);
                }
                let id = FormId {
                    key: id.key,
                    version: id.version,
                    items: keys,
                    prints: Prints {
                        items: prints,
                        rules,
                        whole: computed,
                    },
                    scored: roles.iter().map(|&r| r == ItemRole::Scored).collect(),
                    has_bonus: roles.contains(&ItemRole::Bonus),
                    roles,
                    baseline: id.baseline,
                    tallied,
                };
                let stored = StoredForm {
                    totals: raw.overall.stored(),
                    bonus_units: raw.bonus_exact.map_or(0, |u| u.0),
                    at_baseline: raw.at_baseline,
                    counts,
                    item_squares_units,
                };
                let (bonus, at_baseline, counts, squares) =
                    checked_extras(&id, &raw.overall, &items, stored)?;
                Ok(FormSummary {
                    form: Some(std::sync::Arc::new(id)),
                    totals: raw.overall,
                    items,
                    bonus,
                    at_baseline,
                    counts,
                    squares,
                })
            };
            build().map_err(D::Error::custom)
        }
    }
}
