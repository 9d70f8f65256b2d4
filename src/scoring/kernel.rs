//! The scoring kernel: the one implementation of *normalise → leave out N/A → weighted mean →
//! critical items → band → focus* that every model scores through.
//!
//! The compile-time models ([`Policy`](crate::Policy) over a [`Dimension`](crate::Dimension)
//! enum), the run-time [`Form`](crate::form::Form)s and the batch path all describe an
//! assessment to [`evaluate`] as a list of items (each with its normalised score or N/A, its
//! weight and, if it is critical, its pass mark), grouped into weighted sections. Nothing about
//! weighting, N/A, critical items, bands or the coaching focus is written anywhere else.

use crate::scoring::macros::named_enum;
use crate::scoring::score::MaybeScore;
use crate::scoring::{Band, BandThresholds, Score};

named_enum! {
    /// What a "not applicable" answer does to the weighted mean.
    ///
    /// # Examples
    ///
    /// ```
    /// use service_quality::NotApplicableRule;
    ///
    /// assert_eq!(NotApplicableRule::default(), NotApplicableRule::LeaveOut);
    /// assert_eq!("full_marks".parse::<NotApplicableRule>()?, NotApplicableRule::FullMarks);
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    #[derive(Default)]
    #[non_exhaustive]
    pub enum NotApplicableRule as "not-applicable rule" {
        /// The item leaves both the numerator and the denominator of the weighted mean, as though
        /// it were not on the form. The usual convention, and the default.
        #[default]
        LeaveOut,
        /// The item counts as a full-marks answer (100). Some QA teams prefer this so that an
        /// agent is never worse off for an item that did not arise. An evaluation in which no
        /// item with a positive weight was answered still has nothing to score: full marks for
        /// what did not arise never make a score on their own.
        FullMarks,
    }
}

named_enum! {
    /// What a failed critical item does to the overall score.
    ///
    /// Whatever the rule, a failed critical item fails the evaluation
    /// ([`Outcome::critical_failed`]) and becomes the coaching focus.
    ///
    /// # Examples
    ///
    /// ```
    /// use service_quality::CriticalRule;
    ///
    /// assert_eq!(CriticalRule::default(), CriticalRule::CapAtFailedItem);
    /// assert_eq!("flag_only".parse::<CriticalRule>()?, CriticalRule::FlagOnly);
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    #[derive(Default)]
    #[non_exhaustive]
    pub enum CriticalRule as "critical rule" {
        /// The overall score is capped at the lowest failed item's score and the band is the
        /// lowest. PROUD's first hurdle is this rule; it keeps how badly the item was missed and
        /// keeps the score monotone in every rating.
        #[default]
        CapAtFailedItem,
        /// The overall score is zero and the band is the lowest: the usual "auto-fail".
        ScoreZero,
        /// The overall score and band are calculated as though nothing had failed; the failure
        /// is only flagged.
        FlagOnly,
    }
}

/// The rules every model shares: how bands are cut, what N/A does and what a failed critical item
/// does. Held by [`Policy`](crate::Policy) and [`Form`](crate::form::Form).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(crate) struct Rules {
    pub(crate) bands: BandThresholds,
    pub(crate) not_applicable: NotApplicableRule,
    pub(crate) critical: CriticalRule,
}

/// One item as the kernel sees it.
///
/// The optional scores are kept as `f64` with NaN for "none" (see
/// [`MaybeScore`](crate::scoring::score::MaybeScore)): every comparison with NaN is false, so "N/A never
/// fails a critical item" and "an item that is not critical never fails" fall out of one
/// comparison, `score < pass_mark`, on the hottest loop of the crate.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ItemInput {
    /// The normalised score of the answer, NaN for N/A.
    score: f64,
    /// The item's weight: finite and non-negative (validated by the caller's types).
    weight: f64,
    /// For a critical item, the lowest passing score; NaN when the item is not critical.
    pass_mark: f64,
}

impl ItemInput {
    /// An item with its score (`None`: N/A), weight and pass mark (`None`: not critical).
    #[inline]
    pub(crate) const fn new(score: Option<Score>, weight: f64, pass_mark: Option<Score>) -> Self {
        Self::from_parts(MaybeScore::new(score), weight, MaybeScore::new(pass_mark))
    }

    /// The same from scores already in the kernel's form.
    #[inline]
    pub(crate) const fn from_parts(score: MaybeScore, weight: f64, pass_mark: MaybeScore) -> Self {
        ItemInput {
            score: score.raw(),
            weight,
            pass_mark: pass_mark.raw(),
        }
    }

    /// Whether the item was answered (not N/A).
    #[inline]
    const fn answered(&self) -> bool {
        !self.score.is_nan()
    }
}

/// What the kernel decided about one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(crate) struct ItemVerdict {
    /// Whether the item counted towards the weighted mean (positive weight, and answered or
    /// counted as full marks).
    pub(crate) counted: bool,
    /// Whether the item is critical, was answered and scored below its pass mark.
    pub(crate) critical_failed: bool,
}

/// The compact result of scoring one assessment: what a [`Summary`](crate::Summary) needs.
///
/// Every model's result carries one ([`Scorecard::outcome`](crate::Scorecard::outcome),
/// [`Evaluation::outcome`](crate::form::Evaluation::outcome)), and the batch path returns it per
/// row.
///
/// *Nothing to score* (no item with a positive weight answered, or counted as full marks) is an
/// outcome, not an error: [`overall`](Self::overall) and [`band`](Self::band) are then `None`,
/// and a critical failure is still reported by [`critical_failed`](Self::critical_failed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Outcome {
    #[cfg_attr(
        feature = "serde",
        serde(serialize_with = "crate::scoring::score::serialize_maybe")
    )]
    weighted_mean: MaybeScore,
    #[cfg_attr(
        feature = "serde",
        serde(serialize_with = "crate::scoring::score::serialize_maybe")
    )]
    overall: MaybeScore,
    band: Option<Band>,
    critical_failed: bool,
}

impl Outcome {
    /// The weighted mean of the counted items' scores, before any critical rule; `None` when no
    /// item counted.
    pub const fn weighted_mean(&self) -> Option<Score> {
        self.weighted_mean.get()
    }

    /// The overall score after the critical rule; `None` when there was nothing to score.
    pub const fn overall(&self) -> Option<Score> {
        self.overall.get()
    }

    /// The band of the overall score (the lowest band after a capping or zeroing critical
    /// failure); `None` when there was nothing to score.
    pub const fn band(&self) -> Option<Band> {
        self.band
    }

    /// Whether a critical item failed, which fails the evaluation whatever its score.
    pub const fn critical_failed(&self) -> bool {
        self.critical_failed
    }

    /// Whether the evaluation passed: no critical item failed.
    pub const fn passed(&self) -> bool {
        !self.critical_failed
    }

    /// Whether there was anything to score (an overall score exists).
    pub const fn is_scored(&self) -> bool {
        self.overall.get().is_some()
    }
}

/// The outcome and the index of the coaching focus.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Evaluated {
    pub(crate) outcome: Outcome,
    /// The first failed critical item; otherwise the weakest counted answered item, ties to the
    /// earlier index; `None` when nothing was answered and nothing failed.
    pub(crate) focus: Option<usize>,
}

/// The kernel's verdict on one item on its own: whether it counts towards the mean (a positive
/// weight, and answered or N/A counted as full marks) and whether it failed as a critical item
/// (answered, and below its pass mark, whatever its weight). Summaries of many evaluations use
/// it to tally items without re-deriving the rules.
#[inline]
pub(crate) fn item_verdict(rules: &Rules, item: &ItemInput) -> ItemVerdict {
    let answered_or_full_marks =
        item.answered() || rules.not_applicable == NotApplicableRule::FullMarks;
    ItemVerdict {
        counted: item.weight > 0.0 && answered_or_full_marks,
        // False when either is NaN: N/A, or not critical.
        critical_failed: item.score < item.pass_mark,
    }
}

/// The weighted mean of scores given for every item (none N/A), by `weights`: the kernel's mean,
/// for models that average complete sets of scores (a 360 review's self and observer means).
pub(crate) fn complete_mean<D: crate::scoring::Dimension>(
    weights: &crate::scoring::Weights<D>,
    score: impl Fn(D) -> Score,
) -> Score {
    let items = D::iter().map(|d| {
        (
            d.into_usize(),
            ItemInput::new(Some(score(d)), weights.get(d), None),
        )
    });
    match evaluate_flat(&Rules::default(), items, |_, _| {})
        .outcome
        .weighted_mean()
    {
        Some(mean) => mean,
        // `Weights` holds at least one positive weight and every item has a score, so at least
        // one item counts and the mean exists.
        None => unreachable!("a complete set of scores under valid weights has a mean"),
    }
}

/// How a group of a form's items (a section, or the whole form) counts towards the overall
/// score, and what a critical failure scoped to it does to it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct GroupRule {
    /// The group's weight; `None` to count it by the weight of its counted items, so that
    /// groups of unweighted sections average as their items would.
    pub(crate) weight: Option<f64>,
    /// What a failure scoped to the group does to its mean.
    pub(crate) on_failure: CriticalRule,
}

impl GroupRule {
    /// A group of the given weight.
    pub(crate) const fn weighted(weight: f64) -> Self {
        GroupRule {
            weight: Some(weight),
            on_failure: CriticalRule::CapAtFailedItem,
        }
    }
}

/// An item of a run-time form as the kernel sees it: the item (its pass mark only when its
/// failure fails the whole form), the points its answer deducts, and its pass mark when its
/// failure fails only its group.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FormInput {
    pub(crate) item: ItemInput,
    /// Points deducted by the answer: 0, or positive for an item that deducts.
    pub(crate) deduction: f64,
    /// For an item critical to its group, the lowest passing score; NaN otherwise.
    pub(crate) group_pass_mark: f64,
}

impl From<ItemInput> for FormInput {
    /// An item without deductions or a failure scoped to its group.
    fn from(item: ItemInput) -> Self {
        FormInput {
            item,
            deduction: 0.0,
            group_pass_mark: f64::NAN,
        }
    }
}

impl FormInput {
    /// Whether it failed the critical mark of its group.
    #[inline]
    const fn fails_group(&self) -> bool {
        // False when either is NaN: N/A, or not critical to its group.
        self.item.score < self.group_pass_mark
    }

    /// The kernel's verdict on the item on its own, a failure scoped to its group included.
    #[inline]
    pub(crate) fn verdict(&self, rules: &Rules) -> ItemVerdict {
        let mut verdict = item_verdict(rules, &self.item);
        verdict.critical_failed |= self.fails_group();
        verdict
    }
}

/// Scores one evaluation of a run-time form.
///
/// `groups` yields each group's rule and its items as `(index, item)`; indices are the items'
/// positions in the form, which breaks ties. A form without weighted sections, failures scoped
/// to sections or deductions passes one group of weight 1, which leaves the items' weighted
/// mean bit-for-bit as [`evaluate_flat`] computes it. `each` is told the verdict on every
/// item, in the order given.
///
/// The rules, in order:
///
/// 1. an N/A item leaves the mean, or counts as 100 under [`NotApplicableRule::FullMarks`]
///    (but with no item of positive weight answered there is nothing to score, whatever the rule);
/// 2. a group's mean is `Σ wᵢ·sᵢ / Σ wᵢ` over its counted items (positive weight), kept within
///    the range of the scores it averages so rounding never leaves it; points deducted take
///    `100 × points` off the numerator, and the mean then never falls below 0; a group with no
///    counted item is left out, its deductions with it;
/// 3. an item critical to its group fails it when answered and scored below its pass mark, and
///    the group's rule caps or zeroes its mean (or only flags it);
/// 4. the weighted mean is the same over the group means, by the group's weight, or by the
///    weight of its counted items when it has none;
/// 5. an item critical to the form fails when it was answered and scored below its pass mark
///    (whatever its weight); a failure applies the [`CriticalRule`] to the weighted mean;
/// 6. the band comes from the thresholds, or is the lowest after a capping or zeroing failure
///    of the form; with no weighted mean there is nothing to score (no overall, no band),
///    failure or not;
/// 7. the focus is the first item failed critical to the form, then the first failed critical
///    to its group, otherwise the weakest answered item with a positive weight, ties to the
///    earlier; none when every such item has full marks.
#[inline]
pub(crate) fn evaluate<S, I>(
    rules: &Rules,
    groups: S,
    mut each: impl FnMut(usize, ItemVerdict),
) -> Evaluated
where
    S: IntoIterator<Item = (GroupRule, I)>,
    I: IntoIterator<Item = (usize, FormInput)>,
{
    let mut marks = Marks::new();
    let mut means = Mean::new();
    let mut first_group_failure: Option<usize> = None;
    for (rule, items) in groups {
        let mut group = Group::new();
        for (index, input) in items {
            let mut verdict = marks.add(rules, &mut group.mean, index, &input.item);
            group.deducted += input.deduction;
            if input.fails_group() {
                verdict.critical_failed = true;
                group.lowest_failed = group.lowest_failed.min(input.item.score);
                if first_group_failure.is_none_or(|first| index < first) {
                    first_group_failure = Some(index);
                }
            }
            each(index, verdict);
        }
        if let Some((weight, mean)) = group.result(rule) {
            means.add(weight, mean.get());
        }
    }
    marks.finish_with(rules, means.get(), first_group_failure)
}

/// One group's running mean, its deductions and its lowest failure scoped to it.
struct Group {
    mean: Mean,
    deducted: f64,
    /// The lowest score of an item failed critical to the group; infinite while none has.
    lowest_failed: f64,
}

impl Group {
    #[inline]
    fn new() -> Self {
        Group {
            mean: Mean::new(),
            deducted: 0.0,
            lowest_failed: f64::INFINITY,
        }
    }

    /// The group's weight and mean under `rule`; `None` when nothing in it counted, or its
    /// weight is 0.
    #[inline]
    fn result(&self, rule: GroupRule) -> Option<(f64, Score)> {
        let mean = if self.deducted > 0.0 {
            self.mean.less(self.deducted)?
        } else {
            self.mean.get()?
        };
        let mean = match rule.on_failure {
            _ if self.lowest_failed.is_infinite() => mean,
            CriticalRule::CapAtFailedItem => mean.min(Score::within(
                self.lowest_failed,
                Score::MIN.get(),
                Score::MAX.get(),
            )),
            CriticalRule::ScoreZero => Score::MIN,
            CriticalRule::FlagOnly => mean,
        };
        let weight = rule.weight.unwrap_or(self.mean.weight);
        (weight > 0.0).then_some((weight, mean))
    }
}

/// [`evaluate`] for a model without sections (every compile-time model): the same result,
/// bit for bit, in one pass. The sections' layer is left out because over one section of
/// weight 1 it changes nothing: the total is `1 × mean`, its weight 1, and the mean kept
/// within `mean..=mean` is the mean.
#[inline]
pub(crate) fn evaluate_flat(
    rules: &Rules,
    items: impl IntoIterator<Item = (usize, ItemInput)>,
    mut each: impl FnMut(usize, ItemVerdict),
) -> Evaluated {
    let mut marks = Marks::new();
    let mut mean = Mean::new();
    for (index, item) in items {
        each(index, marks.add(rules, &mut mean, index, &item));
    }
    marks.finish(rules, mean.get())
}

/// A weighted mean kept within the range of the values it averages, so rounding never leaves
/// it. Values are plain `f64`s (all taken from valid scores) until [`get`](Self::get).
struct Mean {
    sum: f64,
    weight: f64,
    lowest: f64,
    highest: f64,
}

impl Mean {
    #[inline]
    fn new() -> Self {
        Mean {
            sum: 0.0,
            weight: 0.0,
            lowest: Score::MAX.get(),
            highest: Score::MIN.get(),
        }
    }

    #[inline]
    fn add(&mut self, weight: f64, value: f64) {
        self.sum += weight * value;
        self.weight += weight;
        self.lowest = if value < self.lowest {
            value
        } else {
            self.lowest
        };
        self.highest = if value > self.highest {
            value
        } else {
            self.highest
        };
    }

    /// The mean, `None` when nothing with a positive weight was added.
    #[inline]
    fn get(&self) -> Option<Score> {
        (self.weight > 0.0)
            .then(|| Score::within(self.sum / self.weight, self.lowest, self.highest))
    }

    /// The mean after `points` are deducted (`100 × points` off the weighted sum, the weights
    /// being points possible), never below 0; `None` when nothing with a positive weight was
    /// added.
    #[inline]
    fn less(&self, points: f64) -> Option<Score> {
        (self.weight > 0.0).then(|| {
            let mean = (self.sum - 100.0 * points) / self.weight;
            Score::within(mean, Score::MIN.get(), self.highest)
        })
    }
}

/// What the items say besides their mean: the critical failures and the coaching focus.
struct Marks {
    first_failed: Option<usize>,
    lowest_failed: f64,
    /// The weakest answered item with a positive weight: its score and index.
    weakest_score: f64,
    weakest: Option<usize>,
}

impl Marks {
    #[inline]
    fn new() -> Self {
        Marks {
            first_failed: None,
            lowest_failed: Score::MAX.get(),
            weakest_score: f64::INFINITY,
            weakest: None,
        }
    }

    /// Takes in one item: its verdict, its share of its section's `mean`, and whether it fails
    /// or is the weakest so far.
    #[inline]
    fn add(
        &mut self,
        rules: &Rules,
        mean: &mut Mean,
        index: usize,
        item: &ItemInput,
    ) -> ItemVerdict {
        let verdict = item_verdict(rules, item);
        if verdict.counted {
            // A counted item without an answer is N/A counted as full marks.
            let score = if item.answered() {
                item.score
            } else {
                Score::MAX.get()
            };
            mean.add(item.weight, score);
        }
        if verdict.critical_failed {
            self.lowest_failed = if item.score < self.lowest_failed {
                item.score
            } else {
                self.lowest_failed
            };
            if self.first_failed.is_none_or(|first| index < first) {
                self.first_failed = Some(index);
            }
        }
        // NaN (N/A) compares false, so an unanswered item is never the weakest; a tie (not
        // below, but at most) goes to the earlier index.
        if item.weight > 0.0
            && (item.score < self.weakest_score
                || (item.score <= self.weakest_score && self.weakest.is_some_and(|w| index < w)))
        {
            (self.weakest_score, self.weakest) = (item.score, Some(index));
        }
        verdict
    }

    /// The outcome of a `weighted_mean` (`None`: nothing counted) under these marks.
    #[inline]
    fn finish(self, rules: &Rules, weighted_mean: Option<Score>) -> Evaluated {
        self.finish_with(rules, weighted_mean, None)
    }

    /// The same, with the first item that failed critical to its group, which is the focus
    /// when nothing failed the form.
    #[inline]
    fn finish_with(
        self,
        rules: &Rules,
        weighted_mean: Option<Score>,
        first_group_failure: Option<usize>,
    ) -> Evaluated {
        // The weakest item exists exactly when an item with a positive weight was answered
        // (any answered score is below the starting infinity; N/A never compares): without one
        // there is nothing to score, even when N/A counts as full marks.
        let weighted_mean = weighted_mean.filter(|_| self.weakest.is_some());
        let lowest_failed = Score::within(self.lowest_failed, Score::MIN.get(), Score::MAX.get());
        // With nothing counted there is nothing to score, whatever failed (the failure is still
        // reported): a score from a failure alone would make passing the item lose the score.
        let (overall, band) = match (weighted_mean, self.first_failed, rules.critical) {
            (None, _, _) => (None, None),
            (Some(mean), None, _) | (Some(mean), Some(_), CriticalRule::FlagOnly) => {
                (Some(mean), Some(rules.bands.classify(mean)))
            }
            (Some(mean), Some(_), CriticalRule::CapAtFailedItem) => {
                (Some(mean.min(lowest_failed)), Some(Band::LOWEST))
            }
            (Some(_), Some(_), CriticalRule::ScoreZero) => (Some(Score::MIN), Some(Band::LOWEST)),
        };
        Evaluated {
            outcome: Outcome {
                weighted_mean: MaybeScore::new(weighted_mean),
                overall: MaybeScore::new(overall),
                band,
                critical_failed: self.first_failed.is_some(),
            },
            // Full marks everywhere leave nothing to coach: the earliest is no weaker than the
            // rest.
            focus: self.first_failed.or(first_group_failure).or(self
                .weakest
                .filter(|_| self.weakest_score < Score::MAX.get())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::assert_close;

    fn item(score: Option<f64>, weight: f64, pass_mark: Option<f64>) -> ItemInput {
        ItemInput::new(
            score.map(|s| Score::new(s).unwrap()),
            weight,
            pass_mark.map(|p| Score::new(p).unwrap()),
        )
    }

    /// A group of weight `weight` of plain items.
    fn group(
        weight: f64,
        items: impl IntoIterator<Item = (usize, ItemInput)>,
    ) -> (GroupRule, Vec<(usize, FormInput)>) {
        let items = items
            .into_iter()
            .map(|(i, item)| (i, FormInput::from(item)));
        (GroupRule::weighted(weight), items.collect())
    }

    fn run(rules: Rules, items: &[ItemInput]) -> (Evaluated, Vec<ItemVerdict>) {
        let mut verdicts = Vec::new();
        let evaluated = evaluate(
            &rules,
            [group(1.0, items.iter().copied().enumerate())],
            |_, v| verdicts.push(v),
        );
        (evaluated, verdicts)
    }

    /// The issue's worked example: greeting 75, verification yes (100, critical), resolution 50
    /// weighted 2, tone N/A.
    fn worked(verification: f64) -> [ItemInput; 4] {
        [
            item(Some(75.0), 1.0, None),
            item(Some(verification), 1.0, Some(50.0)),
            item(Some(50.0), 2.0, None),
            item(None, 1.0, None),
        ]
    }

    #[test]
    fn the_worked_example_scores_68_75_and_coaches_resolution() {
        let (e, verdicts) = run(Rules::default(), &worked(100.0));
        assert_close(e.outcome.overall().unwrap().get(), 68.75);
        assert_eq!(e.outcome.band(), Some(Band::NeedsImprovement));
        assert_eq!(e.focus, Some(2));
        assert!(!verdicts[3].counted);
        assert!(e.outcome.passed());
        assert!(e.outcome.is_scored());
    }

    #[test]
    fn each_critical_rule_applies_as_documented() {
        let rules = |critical| Rules {
            critical,
            ..Rules::default()
        };
        let (zero, _) = run(rules(CriticalRule::ScoreZero), &worked(0.0));
        assert_close(zero.outcome.overall().unwrap().get(), 0.0);
        assert_eq!(zero.outcome.band(), Some(Band::Poor));
        assert_eq!(zero.focus, Some(1));
        assert!(zero.outcome.critical_failed());

        let (flag, _) = run(rules(CriticalRule::FlagOnly), &worked(0.0));
        assert_close(flag.outcome.overall().unwrap().get(), 43.75);
        assert_eq!(flag.focus, Some(1));
        assert!(flag.outcome.critical_failed());
        // A failure fails the evaluation, and a flagged score is still a score.
        assert!(!flag.outcome.passed());
        assert!(flag.outcome.is_scored());

        let (cap, _) = run(rules(CriticalRule::CapAtFailedItem), &worked(25.0));
        // Mean (75 + 25 + 100) / 4 = 50, capped at the failed item's 25.
        assert_close(cap.outcome.weighted_mean().unwrap().get(), 50.0);
        assert_close(cap.outcome.overall().unwrap().get(), 25.0);
        assert_eq!(cap.outcome.band(), Some(Band::Poor));
    }

    #[test]
    fn full_marks_counts_na_as_100_but_never_as_the_focus() {
        let rules = Rules {
            not_applicable: NotApplicableRule::FullMarks,
            ..Rules::default()
        };
        let (e, verdicts) = run(rules, &worked(100.0));
        assert_close(e.outcome.overall().unwrap().get(), 75.0); // (75 + 100 + 100 + 100) / 5
        assert!(verdicts[3].counted);
        assert_eq!(e.focus, Some(2));
    }

    #[test]
    fn full_marks_make_no_score_when_nothing_was_answered() {
        let rules = Rules {
            not_applicable: NotApplicableRule::FullMarks,
            ..Rules::default()
        };
        // Every item N/A, and one answered item that does not count (weight 0).
        let unanswered = [
            item(None, 1.0, None),
            item(None, 2.0, Some(50.0)),
            item(Some(0.0), 0.0, Some(50.0)),
        ];
        let (e, verdicts) = run(rules, &unanswered);
        assert_eq!(e.outcome.weighted_mean(), None);
        assert_eq!(e.outcome.overall(), None);
        assert_eq!(e.outcome.band(), None);
        // The failure of the weightless critical item is still reported.
        assert!(e.outcome.critical_failed());
        assert!(verdicts[0].counted);
        // One counted answer is enough: the N/A items then count as 100.
        let mut one = unanswered;
        one[0] = item(Some(50.0), 1.0, None);
        let (e, _) = run(rules, &one);
        assert_close(e.outcome.weighted_mean().unwrap().get(), 250.0 / 3.0); // (50 + 2 × 100) / 3
    }

    #[test]
    fn full_marks_everywhere_leave_nothing_to_coach() {
        let perfect = [
            item(Some(100.0), 1.0, None),
            item(None, 1.0, None),
            item(Some(100.0), 2.0, Some(50.0)),
        ];
        let (e, _) = run(Rules::default(), &perfect);
        assert_close(e.outcome.overall().unwrap().get(), 100.0);
        assert_eq!(e.focus, None);
        // One item a little short of full marks is the focus, wherever it stands.
        let mut nearly = perfect;
        nearly[2] = item(Some(99.5), 2.0, Some(50.0));
        assert_eq!(run(Rules::default(), &nearly).0.focus, Some(2));
        // A zero-weighted item below full marks is still not coached.
        let mut unweighted = perfect;
        unweighted[1] = item(Some(10.0), 0.0, None);
        assert_eq!(run(Rules::default(), &unweighted).0.focus, None);
    }

    #[test]
    fn everything_na_is_nothing_to_score() {
        let items = [item(None, 1.0, None), item(None, 2.0, Some(50.0))];
        let (e, _) = run(Rules::default(), &items);
        assert_eq!(e.outcome.overall(), None);
        assert_eq!(e.outcome.band(), None);
        assert_eq!(e.focus, None);
        assert!(!e.outcome.is_scored());
        assert!(e.outcome.passed());
    }

    #[test]
    fn a_zero_weighted_critical_item_still_fails_and_is_the_focus() {
        let items = [
            item(Some(50.0), 1.0, None),
            item(Some(0.0), 0.0, Some(100.0)),
            item(Some(25.0), 1.0, None),
        ];
        let (e, verdicts) = run(Rules::default(), &items);
        assert_eq!(e.focus, Some(1));
        assert!(!verdicts[1].counted);
        assert!(verdicts[1].critical_failed);
        assert_close(e.outcome.overall().unwrap().get(), 0.0);
    }

    #[test]
    fn the_first_failed_critical_item_in_order_is_the_focus() {
        let items = [
            item(Some(100.0), 1.0, None),
            item(Some(40.0), 1.0, Some(50.0)),
            item(Some(10.0), 1.0, Some(50.0)),
        ];
        let (e, _) = run(Rules::default(), &items);
        assert_eq!(e.focus, Some(1));
        // Capped at the lowest failed score, not the first.
        assert_close(e.outcome.overall().unwrap().get(), 10.0);
    }

    #[test]
    fn weakest_ties_go_to_the_earlier_index_whatever_the_order_given() {
        let mut seen = Vec::new();
        let items = [
            (3, item(Some(20.0), 1.0, None)),
            (1, item(Some(20.0), 1.0, None)),
        ];
        let e = evaluate(&Rules::default(), [group(1.0, items)], |i, _| seen.push(i));
        assert_eq!(e.focus, Some(1));
        assert_eq!(seen, [3, 1]);
    }

    #[test]
    fn the_first_failure_in_form_order_wins_whatever_the_order_visited() {
        // Weighted sections visit item 3 before item 1; both fail, item 1 is the focus.
        let failing = item(Some(10.0), 1.0, Some(50.0));
        let sections = [
            group(1.0, [(0, item(Some(100.0), 1.0, None)), (3, failing)]),
            group(1.0, [(1, failing), (2, item(Some(100.0), 1.0, None))]),
        ];
        let e = evaluate(&Rules::default(), sections, |_, _| {});
        assert_eq!(e.focus, Some(1));
        assert!(e.outcome.critical_failed());
    }

    #[test]
    fn section_means_are_weighted_by_section() {
        // Section A (weight 3): 100. Section B (weight 1): 0 and 50 → 25. (300 + 25) / 4.
        let a = [(0, item(Some(100.0), 1.0, None))];
        let b = [
            (1, item(Some(0.0), 1.0, None)),
            (2, item(Some(50.0), 1.0, None)),
        ];
        let e = evaluate(&Rules::default(), [group(3.0, a), group(1.0, b)], |_, _| {});
        assert_close(e.outcome.overall().unwrap().get(), 81.25);
        // A section with nothing counted leaves the mean.
        let empty = [(3, item(None, 1.0, None))];
        let e = evaluate(
            &Rules::default(),
            [group(3.0, a), group(5.0, empty)],
            |_, _| {},
        );
        assert_close(e.outcome.overall().unwrap().get(), 100.0);
    }

    #[test]
    fn a_failure_with_nothing_counted_is_nothing_to_score_and_still_failed() {
        let items = [item(None, 1.0, None), item(Some(0.0), 0.0, Some(100.0))];
        for critical in [
            CriticalRule::CapAtFailedItem,
            CriticalRule::ScoreZero,
            CriticalRule::FlagOnly,
        ] {
            let rules = Rules {
                critical,
                ..Rules::default()
            };
            let (e, _) = run(rules, &items);
            assert_eq!((e.outcome.overall(), e.outcome.band()), (None, None));
            assert!(e.outcome.critical_failed());
            assert_eq!(e.focus, Some(1));
        }
    }
}
