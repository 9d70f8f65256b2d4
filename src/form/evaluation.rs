//! The result of evaluating one set of answers against a form.

use core::cell::Cell;

use crate::form::{Answer, Answers, CriticalScope, Form, Item, ItemRole, Scoring, Section};
use crate::scoring::kernel::{self, FormInput, GroupRule, ItemInput, ItemVerdict, Outcome};
use crate::scoring::{Band, Error, Result, Score};

impl Answers {
    /// Evaluates the answers against `form`; see the [module docs](crate::form) for the rules.
    ///
    /// Nothing is allocated: the evaluation borrows the form and the answers, and works out
    /// per-item details when asked.
    ///
    /// # Errors
    ///
    /// [`Error::Mismatch`] when there is not one answer per item; [`Error::InvalidAnswer`] for
    /// the first answer (in form order) that does not fit its item, or that answers an item
    /// whose condition does not hold (it must be N/A); [`Error::Missing`] for a context field a
    /// condition looks at that the answers lack.
    ///
    /// ```
    /// use service_quality::Scale;
    /// use service_quality::form::{Answer, Answers, Form, Item};
    ///
    /// let form = Form::builder("chat_review", 1)
    ///     .item(Item::scale("greeting", Scale::ONE_TO_FIVE)?)
    ///     .item(Item::yes_no("verification")?)
    ///     .build()?;
    /// let good = Answers::from(vec![Answer::Rating(5), Answer::Yes]);
    /// assert_eq!(good.evaluate(&form)?.overall().map(|s| s.get()), Some(100.0));
    ///
    /// let bad = Answers::from(vec![Answer::Rating(9), Answer::Yes]);
    /// assert_eq!(
    ///     bad.evaluate(&form).unwrap_err().to_string(),
    ///     "answer for 'greeting' is 9, expected a rating in 1..=5"
    /// );
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    #[inline]
    pub fn evaluate<'a>(&'a self, form: &'a Form) -> Result<Evaluation<'a>> {
        Evaluation::new(form, self)
    }
}

/// One form's answers, evaluated: the outcome (overall score, band, pass or fail), the coaching
/// focus, and on request each item's score and each section's.
///
/// It borrows the form and the answers, so building it allocates nothing; everything per item is
/// worked out from them when asked, by the same kernel rules.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evaluation<'a> {
    form: &'a Form,
    answers: &'a Answers,
    outcome: Outcome,
    focus: Option<usize>,
}

impl<'a> Evaluation<'a> {
    /// Checks every answer against its item and runs the kernel, in one pass.
    fn new(form: &'a Form, answers: &'a Answers) -> Result<Self> {
        if answers.len() != form.items().len() {
            return Err(Error::Mismatch {
                field: "number of answers",
                found: answers.len().to_string(),
                expected: format!(
                    "{} (one per item of form '{}')",
                    form.items().len(),
                    form.key()
                ),
            });
        }
        if form.is_flat() {
            return Evaluation::flat(form, answers);
        }
        // The first bad answer in form order (the kernel may visit sections out of form order).
        let first_error: Cell<Option<(usize, Error)>> = Cell::new(None);
        let input = |i: usize| match checked_input(form, answers, i) {
            Ok(input) => (i, input),
            Err(error) => {
                let earlier = first_error.take().filter(|&(j, _)| j < i);
                first_error.set(Some(earlier.unwrap_or((i, error))));
                (i, FormInput::from(ItemInput::new(None, 0.0, None)))
            }
        };
        let groups = form
            .groups
            .iter()
            .map(|g| (g.rule, g.items.iter().map(|&i| input(i))));
        let evaluated = kernel::evaluate(form.rules(), groups, |_, _| {});
        let error = first_error.take().map(|(_, error)| error);
        Evaluation::finish(form, answers, evaluated, error)
    }

    /// The evaluation the kernel worked out, or the first bad answer it was given.
    fn finish(
        form: &'a Form,
        answers: &'a Answers,
        evaluated: kernel::Evaluated,
        first_error: Option<Error>,
    ) -> Result<Self> {
        match first_error {
            Some(error) => Err(error),
            None => Ok(Evaluation {
                form,
                answers,
                outcome: evaluated.outcome,
                focus: evaluated.focus,
            }),
        }
    }

    /// A flat form's evaluation (see `Form::is_flat`): the kernel's one-pass path over the
    /// items in form order, stopping at the first bad answer.
    fn flat(form: &'a Form, answers: &'a Answers) -> Result<Self> {
        let mut first_error = None;
        let items = form.planned().zip(answers.iter()).enumerate().map_while(
            |(i, ((item, plan), &answer))| match item.score(answer) {
                Ok(score) => {
                    let pass_mark = plan.critical.map(|(mark, _)| mark);
                    Some((i, ItemInput::new(score, plan.weight, pass_mark)))
                }
                Err(error) => {
                    first_error = Some(error);
                    None
                }
            },
        );
        let evaluated = kernel::evaluate_flat(form.rules(), items, |_, _| {});
        Evaluation::finish(form, answers, evaluated, first_error)
    }

    /// The form evaluated against.
    pub const fn form(&self) -> &'a Form {
        self.form
    }

    /// The [`Fingerprint`](crate::form::Fingerprint) of the form evaluated against.
    pub fn fingerprint(&self) -> crate::form::Fingerprint {
        self.form.fingerprint()
    }

    /// The answers evaluated, in item order.
    pub fn answers(&self) -> &'a [Answer] {
        self.answers.as_slice()
    }

    /// The answers with their fields (context and kept columns).
    pub const fn record(&self) -> &'a Answers {
        self.answers
    }

    /// The compact outcome: overall score, band and whether a critical item failed.
    pub const fn outcome(&self) -> Outcome {
        self.outcome
    }

    /// The weighted mean before any critical rule.
    pub const fn weighted_mean(&self) -> Option<Score> {
        self.outcome.weighted_mean()
    }

    /// The overall score after the critical rule; `None` when there was nothing to score.
    pub const fn overall(&self) -> Option<Score> {
        self.outcome.overall()
    }

    /// The band of the overall score; `None` when there was nothing to score.
    pub const fn band(&self) -> Option<Band> {
        self.outcome.band()
    }

    /// Whether no critical item failed.
    pub const fn passed(&self) -> bool {
        self.outcome.passed()
    }

    /// Whether a critical item failed.
    pub const fn critical_failed(&self) -> bool {
        self.outcome.critical_failed()
    }

    /// What to coach on: the first failed critical item in form order, otherwise the weakest
    /// answered item with a positive weight; `None` when nothing was answered, or when every
    /// answered item with a positive weight has full marks.
    pub fn focus(&self) -> Option<&'a Item> {
        self.focus.and_then(|i| self.form.items().get(i))
    }

    /// Every item with its answer, score and verdict, in form order.
    pub fn items(&self) -> impl Iterator<Item = ItemResult<'a>> + 'a {
        let (form, answers) = (self.form, self.answers);
        (0..form.items().len()).map(move |i| ItemResult::new(form, answers, i))
    }

    /// One item's result, by key.
    pub fn item(&self, key: &str) -> Option<ItemResult<'a>> {
        let (index, _) = self.form.find(key).ok()?;
        Some(ItemResult::new(self.form, self.answers, index))
    }

    /// The critical items that failed, in form order.
    pub fn critical_failures(&self) -> impl Iterator<Item = &'a Item> + 'a {
        self.items()
            .filter(ItemResult::critical_failed)
            .map(|result| result.item)
    }

    /// Every section with its score, in the order declared: the weighted mean of its counted
    /// items (by points in a points form, deductions taken off), after a failure scoped to the
    /// section; `None` when none counted.
    pub fn sections(&self) -> impl Iterator<Item = (&'a Section, Option<Score>)> + 'a {
        let (form, answers) = (self.form, self.answers);
        form.sections()
            .iter()
            .zip(&form.section_items)
            .map(move |(section, items)| {
                let inputs = items.iter().map(|&i| (i, applied_input(form, answers, i)));
                let rule = GroupRule {
                    weight: Some(1.0),
                    on_failure: section.critical_rule(),
                };
                let section_only = kernel::evaluate(form.rules(), [(rule, inputs)], |_, _| {});
                (section, section_only.outcome.weighted_mean())
            })
    }

    /// The sections failed by a critical item scoped to its section, in the order declared. A
    /// section failure zeroes or caps the section (as its rule says) and does not fail the
    /// evaluation.
    pub fn failed_sections(&self) -> impl Iterator<Item = &'a Section> + 'a {
        let (form, answers) = (self.form, self.answers);
        form.sections()
            .iter()
            .zip(&form.section_items)
            .filter(move |(_, items)| {
                items.iter().any(|&i| {
                    let scoped = form.plan(i).is_some_and(super::Plan::fails_section);
                    scoped && ItemResult::new(form, answers, i).critical_failed()
                })
            })
            .map(|(section, _)| section)
    }

    /// The bonus earned, in score points beside the score (never inside it): the points of the
    /// bonus items that apply, as they are in a weighted form, and in a points form as
    /// `100 × bonus points / points possible`. 0 without bonus items; `None` when there was
    /// nothing to score. Score plus bonus may pass 100; summaries keep the two apart.
    pub fn bonus(&self) -> Option<f64> {
        if !self.outcome.is_scored() {
            return None;
        }
        let earned: f64 = self
            .items()
            .filter(|r| r.role == ItemRole::Bonus)
            .filter_map(|r| r.points())
            .sum();
        match self.form.scoring() {
            Scoring::Points => {
                let possible = self.points().map_or(0.0, |p| p.possible);
                (possible > 0.0).then(|| 100.0 * earned / possible)
            }
            _ => Some(earned),
        }
    }

    /// The raw points of a points form (`None` for a weighted form): earned less deducted,
    /// which may fall below 0, and possible, over the scored items that apply (N/A leaves an
    /// item's points out of both, or counts them as earned under
    /// [`NotApplicableRule::FullMarks`](crate::NotApplicableRule::FullMarks)). Before any
    /// critical rule.
    pub fn points(&self) -> Option<Points> {
        if self.form.scoring() != Scoring::Points {
            return None;
        }
        let mut points = Points {
            earned: 0.0,
            possible: 0.0,
        };
        for result in self.items().filter(|r| r.role == ItemRole::Scored) {
            let possible = result.item.possible();
            if result.counted() {
                points.possible += possible;
            }
            match result.points() {
                Some(earned) => points.earned += earned,
                None if result.counted() => points.earned += possible,
                None => {}
            }
        }
        Some(points)
    }
}

/// Item `i` and its answer. `i` is below the number of items, which equals the number of
/// answers (checked when the evaluation is built).
#[allow(
    clippy::indexing_slicing,
    reason = "callers pass item positions of the form, and the evaluation holds one answer per item"
)]
fn item_and_answer<'a>(form: &'a Form, answers: &[Answer], i: usize) -> (&'a Item, Answer) {
    (&form.items()[i], answers[i])
}

/// Item `i`'s input to the kernel, its answer checked against the item and its condition.
fn checked_input(form: &Form, answers: &Answers, i: usize) -> Result<FormInput> {
    let (item, answer) = item_and_answer(form, answers.as_slice(), i);
    if form.applies(i, answers)? {
        return Ok(form_input(form, i, item, item.score(answer)?, answer));
    }
    if answer != Answer::NotApplicable {
        let condition = item
            .condition()
            .map(ToString::to_string)
            .unwrap_or_default();
        return Err(Error::InvalidAnswer {
            item: item.key().to_owned(),
            value: answer.to_string(),
            expected: format!("n/a, as the item applies only when {condition}"),
        });
    }
    Ok(form_input(form, i, item, None, Answer::NotApplicable))
}

/// Item `i`'s input to the kernel for answers already checked (so an item that does not
/// apply was answered N/A).
fn applied_input(form: &Form, answers: &Answers, i: usize) -> FormInput {
    let (item, answer) = item_and_answer(form, answers.as_slice(), i);
    form_input(form, i, item, item.normalise(answer), answer)
}

/// An item as the kernel sees it: its weight for the kernel, its pass mark where its failure
/// fails the form or its section, and what its answer deducts in a points form.
fn form_input(
    form: &Form,
    i: usize,
    item: &Item,
    score: Option<Score>,
    answer: Answer,
) -> FormInput {
    let plan = form.plan(i);
    let weight = plan.map_or(0.0, |p| p.weight);
    let (form_mark, group_mark) = match plan.and_then(|p| p.critical) {
        Some((mark, CriticalScope::Section)) => (None, mark.get()),
        Some((mark, _)) => (Some(mark), f64::NAN),
        None => (None, f64::NAN),
    };
    let scored = plan.is_some_and(|p| p.role == ItemRole::Scored);
    let deduction = match form.scoring() {
        Scoring::Points if scored => item.earned(answer).map_or(0.0, |e| (-e).max(0.0)),
        _ => 0.0,
    };
    FormInput {
        item: ItemInput::new(score, weight, form_mark),
        deduction,
        group_pass_mark: group_mark,
    }
}

/// A points form's raw points for one evaluation; see [`Evaluation::points`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Points {
    earned: f64,
    possible: f64,
}

impl Points {
    /// Points earned less points deducted (may be below 0).
    pub const fn earned(&self) -> f64 {
        self.earned
    }

    /// Points possible on the items that applied.
    pub const fn possible(&self) -> f64 {
        self.possible
    }
}

/// One item of an [`Evaluation`]: the item, its answer, its score and the kernel's verdict.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItemResult<'a> {
    item: &'a Item,
    answer: Answer,
    applies: bool,
    role: ItemRole,
    score: Option<Score>,
    verdict: ItemVerdict,
}

impl<'a> ItemResult<'a> {
    fn new(form: &'a Form, answers: &Answers, i: usize) -> Self {
        let (item, answer) = item_and_answer(form, answers.as_slice(), i);
        let input = applied_input(form, answers, i);
        ItemResult {
            item,
            answer,
            applies: !matches!(form.applies(i, answers), Ok(false)),
            role: form.plan(i).map_or(ItemRole::Scored, |p| p.role),
            score: item.normalise(answer),
            verdict: input.verdict(form.rules()),
        }
    }

    /// The item.
    pub const fn item(&self) -> &'a Item {
        self.item
    }

    /// The answer given.
    pub const fn answer(&self) -> Answer {
        self.answer
    }

    /// Whether the item applied (its condition held, or it has none); an item that did not
    /// apply scores as N/A.
    pub const fn applies(&self) -> bool {
        self.applies
    }

    /// What the item's answer did: scored, bonus, or only recorded (its section's bonus
    /// applied).
    pub const fn role(&self) -> ItemRole {
        self.role
    }

    /// The answer's normalised score; `None` for N/A, and where the item did not apply.
    pub const fn score(&self) -> Option<Score> {
        self.score
    }

    /// The points the answer earned (negative: deducted), for an item with points (a choice's,
    /// or the item's own); `None` for N/A, where the item did not apply, and for a rating or
    /// yes/no item without points.
    pub fn points(&self) -> Option<f64> {
        self.score?;
        self.item.earned(self.answer)
    }

    /// Whether the item counted towards the weighted mean.
    pub const fn counted(&self) -> bool {
        self.verdict.counted
    }

    /// Whether the item is critical and failed (the form or its section).
    pub const fn critical_failed(&self) -> bool {
        self.verdict.critical_failed
    }

    pub(crate) const fn verdict(&self) -> ItemVerdict {
        self.verdict
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Evaluation<'_> {
    /// `{"form": "call_review", "version": 1, "overall": 68.75, "band": "needs_improvement",
    /// "passed": true, "focus": "resolution", "critical_failures": [], "failed_sections": [],
    /// "bonus": 0.0, "points": {"earned": 7.0, "possible": 9.0}, "fingerprint": "…",
    /// "items": [{"key": "greeting", "applies": true, "score": 75.0, "counted": true}, ...],
    /// "sections": [{"key": "opening", "score": 80.0}]}`; `points` only for a points form.
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> core::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;

        #[derive(serde::Serialize)]
        struct ItemForm<'a> {
            key: &'a str,
            applies: bool,
            score: Option<Score>,
            #[serde(skip_serializing_if = "Option::is_none")]
            points: Option<f64>,
            counted: bool,
            critical_failed: bool,
        }
        #[derive(serde::Serialize)]
        struct SectionForm<'a> {
            key: &'a str,
            score: Option<Score>,
        }
        let items: Vec<ItemForm<'_>> = self
            .items()
            .map(|r| ItemForm {
                key: r.item.key(),
                applies: r.applies,
                score: r.score,
                points: r.points(),
                counted: r.counted(),
                critical_failed: r.critical_failed(),
            })
            .collect();
        let sections: Vec<SectionForm<'_>> = self
            .sections()
            .map(|(s, score)| SectionForm {
                key: s.key(),
                score,
            })
            .collect();
        let failures: Vec<&str> = self.critical_failures().map(Item::key).collect();
        let failed_sections: Vec<&str> = self.failed_sections().map(Section::key).collect();
        let mut state = serializer.serialize_struct("Evaluation", 14)?;
        state.serialize_field("form", self.form.key())?;
        state.serialize_field("version", &self.form.version())?;
        state.serialize_field("weighted_mean", &self.weighted_mean())?;
        state.serialize_field("overall", &self.overall())?;
        state.serialize_field("band", &self.band())?;
        state.serialize_field("passed", &self.passed())?;
        state.serialize_field("focus", &self.focus().map(Item::key))?;
        state.serialize_field("critical_failures", &failures)?;
        state.serialize_field("failed_sections", &failed_sections)?;
        state.serialize_field("bonus", &self.bonus())?;
        if let Some(points) = self.points() {
            state.serialize_field("points", &points)?;
        } else {
            state.skip_field("points")?;
        }
        state.serialize_field("fingerprint", &self.fingerprint())?;
        state.serialize_field("items", &items)?;
        state.serialize_field("sections", &sections)?;
        state.end()
    }
}
