//! The result of evaluating one set of answers against a form.

use core::cell::Cell;

use crate::form::{Answer, Answers, Form, Item, Section};
use crate::scoring::kernel::{self, ItemInput, ItemVerdict, Outcome};
use crate::scoring::{Band, Error, Result, Score};

impl Answers {
    /// Evaluates the answers against `form`; see the [module docs](crate::form) for the rules.
    ///
    /// Nothing is allocated: the evaluation borrows the form and the answers, and works out
    /// per-item details when asked.
    ///
    /// # Errors
    ///
    /// [`Error::Mismatch`] when there is not one answer per item, and [`Error::InvalidAnswer`]
    /// for the first answer (in form order) that does not fit its item.
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
        Evaluation::new(form, self.as_slice())
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
    answers: &'a [Answer],
    outcome: Outcome,
    focus: Option<usize>,
}

impl<'a> Evaluation<'a> {
    /// Checks every answer against its item and runs the kernel, in one pass.
    fn new(form: &'a Form, answers: &'a [Answer]) -> Result<Self> {
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
        // The first bad answer in form order (the kernel may visit sections out of form order).
        let first_error: Cell<Option<(usize, Error)>> = Cell::new(None);
        let input = |i: usize| {
            let (item, answer) = item_and_answer(form, answers, i);
            let score = match item.score(answer) {
                Ok(score) => score,
                Err(error) => {
                    let earlier = first_error.take().filter(|&(j, _)| j < i);
                    first_error.set(Some(earlier.unwrap_or((i, error))));
                    None
                }
            };
            (i, item_input(item, score))
        };
        let groups = form
            .groups
            .iter()
            .map(|g| (g.weight, g.items.iter().map(|&i| input(i))));
        let evaluated = kernel::evaluate(form.rules(), groups, |_, _| {});
        if let Some((_, error)) = first_error.take() {
            return Err(error);
        }
        Ok(Evaluation {
            form,
            answers,
            outcome: evaluated.outcome,
            focus: evaluated.focus,
        })
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
    pub const fn answers(&self) -> &'a [Answer] {
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

    /// Every section with its score (the weighted mean of its counted items; `None` when none
    /// counted), in the order declared.
    pub fn sections(&self) -> impl Iterator<Item = (&'a Section, Option<Score>)> + 'a {
        let (form, answers) = (self.form, self.answers);
        form.sections()
            .iter()
            .zip(&form.section_items)
            .map(move |(section, items)| {
                let inputs = items.iter().map(|&i| {
                    let (item, answer) = item_and_answer(form, answers, i);
                    (i, item_input(item, item.normalise(answer)))
                });
                let section_only = kernel::evaluate(form.rules(), [(1.0, inputs)], |_, _| {});
                (section, section_only.outcome.weighted_mean())
            })
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

/// An item as the kernel sees it.
fn item_input(item: &Item, score: Option<Score>) -> ItemInput {
    ItemInput::new(score, item.weight(), item.pass_mark())
}

/// One item of an [`Evaluation`]: the item, its answer, its score and the kernel's verdict.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItemResult<'a> {
    item: &'a Item,
    answer: Answer,
    score: Option<Score>,
    verdict: ItemVerdict,
}

impl<'a> ItemResult<'a> {
    fn new(form: &'a Form, answers: &[Answer], i: usize) -> Self {
        let (item, answer) = item_and_answer(form, answers, i);
        let score = item.normalise(answer);
        ItemResult {
            item,
            answer,
            score,
            verdict: kernel::item_verdict(form.rules(), &item_input(item, score)),
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

    /// The answer's normalised score; `None` for N/A.
    pub const fn score(&self) -> Option<Score> {
        self.score
    }

    /// Whether the item counted towards the weighted mean.
    pub const fn counted(&self) -> bool {
        self.verdict.counted
    }

    /// Whether the item is critical and failed.
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
    /// "passed": true, "focus": "resolution", "critical_failures": [],
    /// "items": [{"key": "greeting", "score": 75.0, "counted": true}, ...],
    /// "sections": [{"key": "opening", "score": 80.0}]}`
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> core::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;

        #[derive(serde::Serialize)]
        struct ItemForm<'a> {
            key: &'a str,
            score: Option<Score>,
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
                score: r.score,
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
        let mut state = serializer.serialize_struct("Evaluation", 10)?;
        state.serialize_field("form", self.form.key())?;
        state.serialize_field("version", &self.form.version())?;
        state.serialize_field("weighted_mean", &self.weighted_mean())?;
        state.serialize_field("overall", &self.overall())?;
        state.serialize_field("band", &self.band())?;
        state.serialize_field("passed", &self.passed())?;
        state.serialize_field("focus", &self.focus().map(Item::key))?;
        state.serialize_field("critical_failures", &failures)?;
        state.serialize_field("items", &items)?;
        state.serialize_field("sections", &sections)?;
        state.end()
    }
}
