//! Run-time forms: a [`Form`] given once, at registration, scored over one column per item.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, BooleanArray, Float64Array, Int64Array, StringArray,
};
use datafusion::arrow::datatypes::{DataType, FieldRef};
use datafusion::error::Result;
use datafusion::logical_expr::ReturnFieldArgs;
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::utils::AggregateOrderSensitivity;
use datafusion::logical_expr::{
    Accumulator, AggregateUDF, AggregateUDFImpl, ColumnarValue, Documentation, GroupsAccumulator,
    ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};
use service_quality::Band;
use service_quality::form::{
    Answer, AnswerType, Answers, Evaluation, Form, FormSummary, Item, Tokens,
};

use crate::Error;
use crate::accumulator::{Kernel, Rows, Single, Tallies, result_type};
use crate::args::{Kind, Param, Params, cast_to, checked_return_field, integers};
use crate::output::Record;
use crate::state::{self, Layout, Row, Writer};

/// The state columns of a form's summary: the totals, the bonuses' sum and the count at the
/// baseline, then each item's totals, named by its key.
fn form_layout(form: &Form) -> Layout {
    let mut layout = state::totals_layout();
    layout.push(("bonus".to_owned(), state::Slot::Exact));
    layout.push(("at_baseline".to_owned(), state::Slot::Count));
    // One count per answer of each yes/no or choice item kept for reporting.
    let empty = FormSummary::new(form);
    for item in form.items() {
        for (label, _) in empty.answer_counts(item.key()).into_iter().flatten() {
            layout.push((format!("{}={label}", item.key()), state::Slot::Count));
        }
    }
    for item in form.items() {
        layout.extend(state::item_layout(item.key()));
    }
    // Each item's sum of squared scores, for its interval.
    for item in form.items() {
        layout.push((format!("{}.squares", item.key()), state::Slot::Exact));
    }
    layout
}

/// One item's column, read in the type its item takes.
enum ItemColumn {
    Integers(Int64Array),
    Booleans(BooleanArray),
    Texts(StringArray),
    Nulls,
}

impl ItemColumn {
    fn read(array: &ArrayRef) -> Result<Self> {
        let data_type = array.data_type();
        Ok(if data_type.is_null() {
            ItemColumn::Nulls
        } else if data_type.is_integer() {
            ItemColumn::Integers(integers(array)?)
        } else if let DataType::Boolean = data_type {
            ItemColumn::Booleans(array.as_boolean().clone())
        } else {
            ItemColumn::Texts(cast_to(array, &DataType::Utf8)?.as_string::<i32>().clone())
        })
    }

    /// Row `i`'s answer to `item` (NULL is N/A); checked against the item when evaluated.
    fn answer(
        &self,
        item: &Item,
        tokens: &Tokens,
        i: usize,
    ) -> Result<Answer, service_quality::Error> {
        let invalid = |value: String| {
            let expected = match item.answer_type() {
                AnswerType::Scale(scale) => format!("a rating in {scale}"),
                AnswerType::YesNo => "yes or no".to_owned(),
                _ => "a choice's position or label".to_owned(),
            };
            service_quality::Error::invalid_answer(item.key(), value, expected)
        };
        match self {
            ItemColumn::Nulls => Ok(Answer::NotApplicable),
            ItemColumn::Integers(a) if a.is_null(i) => Ok(Answer::NotApplicable),
            ItemColumn::Booleans(a) if a.is_null(i) => Ok(Answer::NotApplicable),
            ItemColumn::Texts(a) if a.is_null(i) => Ok(Answer::NotApplicable),
            ItemColumn::Integers(a) => {
                let v = a.value(i);
                match item.answer_type() {
                    AnswerType::Choices(_) => u16::try_from(v)
                        .map(Answer::Choice)
                        .map_err(|_| invalid(v.to_string())),
                    _ => i32::try_from(v)
                        .map(Answer::Rating)
                        .map_err(|_| invalid(v.to_string())),
                }
            }
            ItemColumn::Booleans(a) => Ok(if a.value(i) { Answer::Yes } else { Answer::No }),
            ItemColumn::Texts(a) => tokens.read(item, a.value(i)),
        }
    }
}

/// What one item's column may hold: integers for a scale, booleans for yes/no, strings for a
/// choice's label; strings are read for any item as a CSV cell would be.
fn params(form: &Form) -> Params {
    const SCALE: &[Kind] = &[Kind::Integer, Kind::Text];
    const YES_NO: &[Kind] = &[Kind::Boolean, Kind::Text];
    const CHOICE: &[Kind] = &[Kind::Text, Kind::Integer];
    Params {
        required: form
            .items()
            .iter()
            .map(|item| {
                let (kinds, what): (&'static [Kind], String) = match item.answer_type() {
                    AnswerType::Scale(scale) => (SCALE, format!("an integer rating in {scale}")),
                    AnswerType::YesNo => (YES_NO, "a boolean (yes or no)".to_owned()),
                    _ => (CHOICE, "a choice's label or position".to_owned()),
                };
                Param::new(
                    item.key(),
                    Kind::OneOf(kinds),
                    format!("{what} for '{}'", item.key()),
                )
            })
            .collect(),
        optional: Vec::new(),
    }
}

/// A form and the names it is called by, shared by its functions.
#[derive(Debug, Clone)]
struct FormScoring {
    function: String,
    form: Arc<Form>,
    /// An empty summary of the form: new groups clone it, and so share its form's identity
    /// instead of each allocating a copy of the form's key and item keys.
    empty: FormSummary,
    /// How many answer counts a state holds (see `form_layout`).
    answer_counts: usize,
    json: Arc<str>,
    tokens: Tokens,
    columns: Vec<String>,
}

impl FormScoring {
    fn error(&self, source: service_quality::Error) -> Error {
        let key = match &source {
            service_quality::Error::InvalidAnswer { item, .. } => Some(item.as_str()),
            service_quality::Error::RatingOutOfRange { field, .. } => field.as_deref(),
            _ => None,
        };
        let column = key.and_then(|k| {
            self.form
                .items()
                .iter()
                .position(|i| i.key() == k)
                .and_then(|j| self.columns.get(j).cloned())
        });
        Error::from_core(self.function.clone(), column, source)
    }

    /// Evaluates every row of `args`, handing each evaluation to `each`; `rows` places them in
    /// DataFusion's batch for errors.
    fn evaluate_rows(
        &self,
        args: &[ArrayRef],
        rows: &Rows,
        mut each: impl FnMut(usize, &Evaluation<'_>) -> Result<(), service_quality::Error>,
    ) -> Result<()> {
        let columns = args
            .iter()
            .take(self.form.items().len())
            .map(ItemColumn::read)
            .collect::<Result<Vec<_>>>()?;
        let len = args.first().map_or(0, |a| a.len());
        let mut answers = Answers::new();
        for i in 0..len {
            let at_row = |e: service_quality::Error| self.error(e).at_row(rows.position(i));
            answers.clear();
            for (item, column) in self.form.items().iter().zip(&columns) {
                answers.push(column.answer(item, &self.tokens, i).map_err(at_row)?);
            }
            let evaluation = answers.evaluate(&self.form).map_err(at_row)?;
            each(i, &evaluation).map_err(at_row)?;
        }
        Ok(())
    }
}

/// The form summary kernel: per group a [`FormSummary`].
#[derive(Debug, Clone)]
pub(crate) struct FormKernel {
    scoring: FormScoring,
}

impl Kernel for FormKernel {
    type State = FormSummary;

    fn function(&self) -> &str {
        &self.scoring.function
    }

    fn empty(&self) -> FormSummary {
        self.scoring.empty.clone()
    }

    fn fresh(&self) -> Self {
        self.clone()
    }

    fn update(
        &mut self,
        states: &mut [FormSummary],
        args: &[ArrayRef],
        groups: &[usize],
        rows: &Rows,
    ) -> Result<()> {
        self.scoring.evaluate_rows(args, rows, |i, evaluation| {
            match groups.get(i).and_then(|&g| states.get_mut(g)) {
                Some(state) => state.add(evaluation),
                None => Ok(()),
            }
        })
    }

    fn merge(&self, into: &mut FormSummary, other: &FormSummary) -> Result<()> {
        into.try_merge(other)
            .map_err(|e| self.scoring.error(e).into())
    }

    fn layout(&self) -> Layout {
        form_layout(&self.scoring.form)
    }

    fn write(&self, summary: &FormSummary, out: &mut Writer) {
        let stored = summary.stored();
        state::write_totals(&stored.totals, out);
        out.exact(stored.bonus_units);
        out.count(stored.at_baseline);
        for n in stored.counts {
            out.count(n);
        }
        // A summary of no form yet (never the case here: every state starts from the form)
        // would have no items; write the form's count of empty ones so the layout holds.
        let mut written = 0;
        for (_, item) in summary.items() {
            state::write_item(&item.stored(), out);
            written += 1;
        }
        for _ in written..self.scoring.form.items().len() {
            state::write_item(&service_quality::StoredItem::default(), out);
        }
        // Every state here starts from `FormSummary::new` and merges only with its kind, so it
        // keeps its items' squares; the zeros stand in only for the layout's sake.
        let squares = stored.item_squares_units.unwrap_or_default();
        for i in 0..self.scoring.form.items().len() {
            out.exact(squares.get(i).copied().unwrap_or_default());
        }
    }

    fn read(&self, row: &mut Row<'_, '_>) -> Result<FormSummary> {
        let totals = state::read_totals(row)?;
        let bonus_units = row.exact()?;
        let at_baseline = row.count()?;
        let counts = (0..self.scoring.answer_counts)
            .map(|_| row.count())
            .collect::<Result<Vec<u64>>>()?;
        let form = &self.scoring.form;
        let items = form
            .items()
            .iter()
            .map(|_| state::read_item(row))
            .collect::<Result<Vec<_>>>()?;
        let squares = form
            .items()
            .iter()
            .map(|_| row.exact())
            .collect::<Result<Vec<u128>>>()?;
        let stored = service_quality::form::StoredForm {
            totals,
            bonus_units,
            at_baseline,
            counts,
            item_squares_units: Some(squares),
        };
        FormSummary::from_stored(form, stored, items)
            .map_err(|e| state::refused(&self.scoring.function, &e))
    }

    fn evaluate(&self, states: &[FormSummary]) -> Result<ArrayRef> {
        let rows = states.len();
        let mut record = Record::new()
            .count("count", states.iter().map(FormSummary::count))
            .count("scored", states.iter().map(FormSummary::scored))
            .number(
                "mean_overall",
                states.iter().map(|s| s.mean_overall().map(|m| m.get())),
            );
        for (i, band) in [
            Band::Poor,
            Band::NeedsImprovement,
            Band::Good,
            Band::Excellent,
        ]
        .into_iter()
        .enumerate()
        {
            record = record.count(
                &band.to_string(),
                states
                    .iter()
                    .map(|s| s.band_counts().get(i).copied().unwrap_or_default()),
            );
        }
        record = record
            .count(
                "critical_failures",
                states.iter().map(FormSummary::critical_failures),
            )
            .number(
                "mean_of_item_means",
                states
                    .iter()
                    .map(|s| s.mean_of_item_means().map(|m| m.get())),
            );
        if self.scoring.form.baseline().is_some() {
            record = record.count(
                "at_baseline",
                states.iter().map(|s| s.at_baseline().unwrap_or_default()),
            );
        }
        if self.scoring.form.has_bonus() {
            record = record.number("mean_bonus", states.iter().map(FormSummary::mean_bonus));
        }
        let mut items = Record::new();
        for item in self.scoring.form.items() {
            let key = item.key();
            let tally = |s: &FormSummary| s.item(key).unwrap_or_default();
            let mut one = Record::new()
                .count("answered", states.iter().map(|s| tally(s).answered()))
                .number(
                    "mean",
                    states.iter().map(|s| tally(s).mean().map(|m| m.get())),
                )
                .count(
                    "critical_failures",
                    states.iter().map(|s| tally(s).critical_failures()),
                );
            // An item kept for reporting: how often each answer was given.
            if let Some(labels) = self.scoring.empty.answer_counts(key) {
                let mut answers = Record::new();
                for (at, (label, _)) in labels.enumerate() {
                    let count = |s: &FormSummary| {
                        s.answer_counts(key)
                            .and_then(|mut c| c.nth(at))
                            .map_or(0, |(_, n)| n)
                    };
                    answers = answers.count(label, states.iter().map(count));
                }
                one = one.nested("answers", answers, rows)?;
            }
            items = items.nested(key, one, rows)?;
        }
        record
            .nested("items", items, rows)?
            .text("weakest", states.iter().map(FormSummary::weakest))
            .finish(rows)
    }

    fn state_heap_size(&self, _state: &FormSummary) -> usize {
        self.scoring.form.items().len() * 64
    }
}

/// The summary, score and band functions of one run-time [`Form`], registered under a prefix:
/// `{prefix}_summary(item, ...)`, `{prefix}_score(item, ...)` and `{prefix}_band(item, ...)`,
/// with one argument per item of the form, in the form's order.
///
/// A scale item's column holds integer ratings, a yes/no item's booleans, a choice item's the
/// choice's label (or its position, as an integer); a string column is read for any item as a
/// CSV cell is, with the core crate's default [`Tokens`] (`"n/a"` is N/A, `"yes"` is yes). NULL
/// is "not applicable".
///
/// The summary is a struct: `count`, `scored`, `mean_overall` (the quality score, NULL when
/// nothing was scored), the count per band (`poor`, `needs_improvement`, `good`, `excellent`),
/// `critical_failures`, `items` (per item key a struct of `answered`, `mean` and
/// `critical_failures`) and `weakest` (the weakest item's key). The score is `Float64` (NULL
/// when nothing counted was answered) and the band `Utf8`.
///
/// # Errors
///
/// [`FormFunctions::from_json`] fails with [`Error::Json`] when the form does not parse or
/// validate. A query fails when an answer does not fit its item (the core crate's message, with
/// the column named) and at planning when a column's type cannot hold its item's answers.
///
/// # Examples
///
/// ```
/// use datafusion::prelude::SessionContext;
/// use service_quality_datafusion::FormFunctions;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let form = r#"{"key": "call_review", "version": 1, "items": [
///     {"key": "greeting", "answer": {"scale": {"min": 1, "max": 5}}},
///     {"key": "verification", "answer": "yes_no", "critical": true},
///     {"key": "tone", "answer": {"scale": {"min": 1, "max": 5}}, "not_applicable": true}]}"#;
/// let functions = FormFunctions::from_json("call_review", form)?;
/// let ctx = SessionContext::new();
/// functions.register(&ctx);
///
/// let sql = "SELECT call_review_summary(g, v, t)['items']['tone']['answered'] AS tone_answers,
///                   call_review_summary(g, v, t)['critical_failures'] AS failures
///            FROM (VALUES (5, true, CAST(NULL AS INT)), (4, false, 3)) AS calls(g, v, t)";
/// let batches = ctx.sql(sql).await?.collect().await?;
/// let text = datafusion::arrow::util::pretty::pretty_format_batches(&batches)?.to_string();
/// assert!(text.contains("| 1            | 1        |"));
///
/// assert!(FormFunctions::from_json("bad", r#"{"key": "x", "version": 1, "items": []}"#).is_err());
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct FormFunctions {
    prefix: String,
    form: Arc<Form>,
    json: Arc<str>,
}

/// Checks that `prefix` makes function names SQL can call without quotes: lowercase ASCII
/// letters, digits and `_`, starting with a letter or `_`. SQL folds unquoted names to
/// lowercase, so `Chat_summary` could only be called as `"Chat_summary"`, and `call review` not
/// at all.
fn check_prefix(prefix: &str) -> Result<(), Error> {
    let mut chars = prefix.chars();
    let starts_well = chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_');
    if starts_well && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
        return Ok(());
    }
    Err(Error::from_core(
        prefix,
        None,
        service_quality::Error::invalid_text(
            "function prefix",
            prefix,
            "lowercase ASCII letters, digits and '_', starting with a letter or '_'",
        ),
    ))
}

impl FormFunctions {
    /// The functions of `form` under `prefix`.
    ///
    /// # Errors
    ///
    /// [`Error::Model`] (kind [`InvalidText`](service_quality::ErrorKind::InvalidText)) when
    /// `prefix` is not a lowercase SQL identifier (ASCII letters, digits and `_`, not starting
    /// with a digit), which SQL could not call without quotes; [`Error::Json`] if the form cannot
    /// be written as JSON (it travels to the cluster's executors as registration, so it must);
    /// forms built by the core crate always can.
    ///
    /// ```
    /// use service_quality::Scale;
    /// use service_quality::form::{Form, Item};
    /// use service_quality_datafusion::FormFunctions;
    ///
    /// let form = Form::builder("chat", 2)
    ///     .item(Item::scale("greeting", Scale::ONE_TO_FIVE)?)
    ///     .item(Item::yes_no("solved")?)
    ///     .build()?;
    /// let functions = FormFunctions::new("chat", form)?;
    /// assert_eq!(functions.summary().name(), "chat_summary");
    /// assert!(functions.json().contains("\"solved\""));
    /// // The core crate refuses a bad form before it gets here.
    /// assert!(Form::builder("chat", 2).build().is_err());
    /// // A prefix SQL could not call without quotes.
    /// let form = Form::builder("chat", 2).item(Item::yes_no("solved")?).build()?;
    /// assert_eq!(
    ///     FormFunctions::new("call review", form).unwrap_err().to_string(),
    ///     "call review: function prefix is 'call review', expected lowercase ASCII letters, \
    ///      digits and '_', starting with a letter or '_'"
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(prefix: impl Into<String>, form: Form) -> Result<Self, Error> {
        let prefix = prefix.into();
        check_prefix(&prefix)?;
        // A row holds the items' answers only: a condition on the evaluation's context has no
        // column to read.
        let on_context = form.items().iter().find_map(|i| {
            i.condition()
                .and_then(|c| c.context_field())
                .map(|f| (i, f))
        });
        if let Some((item, field)) = on_context {
            return Err(Error::from_core(
                &prefix,
                None,
                service_quality::Error::invalid_text(
                    "condition",
                    &format!("on context field '{field}' (item '{}')", item.key()),
                    "conditions on other items only: the SQL functions take one column per item \
                     and no context",
                ),
            ));
        }
        let json = serde_json::to_string(&form).map_err(|e| Error::Json {
            function: prefix.clone(),
            what: "form",
            reason: e.to_string(),
        })?;
        Ok(FormFunctions {
            prefix,
            form: Arc::new(form),
            json: json.into(),
        })
    }

    /// The functions of the form in `json` (the core crate's serde form) under `prefix`.
    ///
    /// # Errors
    ///
    /// [`Error::Json`] with the core crate's message when the JSON does not parse or the form
    /// does not validate; [`Error::Model`] for a prefix SQL cannot call, as for
    /// [`new`](Self::new).
    ///
    /// ```
    /// use service_quality_datafusion::FormFunctions;
    ///
    /// let json = r#"{"key": "chat", "version": 1,
    ///                "items": [{"key": "greeting", "answer": {"scale": {"min": 1, "max": 5}}}]}"#;
    /// assert_eq!(FormFunctions::from_json("chat", json)?.form().items().len(), 1);
    ///
    /// let bad = json.replace("\"max\": 5", "\"max\": 1");
    /// let err = FormFunctions::from_json("chat", &bad).unwrap_err();
    /// assert!(err.to_string().starts_with("chat: form is not valid: scale 1..=1 is empty"));
    /// # Ok::<(), service_quality_datafusion::Error>(())
    /// ```
    pub fn from_json(prefix: impl Into<String>, json: &str) -> Result<Self, Error> {
        let prefix = prefix.into();
        check_prefix(&prefix)?;
        let form: Form = serde_json::from_str(json).map_err(|e| Error::Json {
            function: prefix.clone(),
            what: "form",
            reason: e.to_string(),
        })?;
        FormFunctions::new(prefix, form)
    }

    /// The form.
    pub fn form(&self) -> &Form {
        &self.form
    }

    /// The form as JSON, as it was registered (what a cluster's nodes read back).
    pub fn json(&self) -> &str {
        &self.json
    }

    /// The prefix of the functions' names.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    fn scoring(&self, function: String, columns: Vec<String>) -> FormScoring {
        FormScoring {
            function,
            empty: FormSummary::new(&self.form),
            answer_counts: FormSummary::new(&self.form).stored().counts.len(),
            form: Arc::clone(&self.form),
            json: Arc::clone(&self.json),
            tokens: Tokens::default(),
            columns,
        }
    }

    /// The documentation of the function `{prefix}_{what}`.
    fn documentation(&self, what: &str, description: &str, field: &str) -> Documentation {
        let name = format!("{}_{what}", self.prefix);
        let items: Vec<&str> = self.form.items().iter().map(|i| i.key()).collect();
        let call = format!("{name}({})", items.join(", "));
        let example = if what == "summary" {
            format!("SELECT team, {call}['{field}'] FROM reviews GROUP BY team")
        } else {
            format!("SELECT {call} FROM reviews")
        };
        let description = format!(
            "{description} on the form '{}', version {}.",
            self.form.key(),
            self.form.version()
        );
        params(&self.form).documentation(&name, &description, &example)
    }

    /// `{prefix}_summary(item, ...)`.
    pub fn summary(&self) -> AggregateUDF {
        AggregateUDF::from(FormSummaryFunction {
            signature: Signature::variadic_any(Volatility::Immutable),
            params: params(&self.form),
            scoring: self.scoring(format!("{}_summary", self.prefix), Vec::new()),
            documentation: self.documentation(
                "summary",
                "Summarises the group's evaluations (one per row, NULL for not applicable): \
                 count, mean score, the mean of item means, each item's mean, count per band, \
                 critical failures and, where the form has them, the count at its baseline, the \
                 mean bonus and each reporting item's count per answer",
                "mean",
            ),
        })
    }

    /// `{prefix}_score(item, ...)`.
    pub fn score(&self) -> ScalarUDF {
        ScalarUDF::from(FormScore {
            signature: Signature::variadic_any(Volatility::Immutable),
            params: params(&self.form),
            scoring: self.scoring(format!("{}_score", self.prefix), Vec::new()),
            band: false,
            documentation: self.documentation(
                "score",
                "Scores one evaluation per row, 0 to 100",
                "",
            ),
        })
    }

    /// `{prefix}_band(item, ...)`.
    pub fn band(&self) -> ScalarUDF {
        ScalarUDF::from(FormScore {
            signature: Signature::variadic_any(Volatility::Immutable),
            params: params(&self.form),
            scoring: self.scoring(format!("{}_band", self.prefix), Vec::new()),
            band: true,
            documentation: self.documentation(
                "band",
                "Bands one evaluation per row (poor, needs_improvement, good or excellent)",
                "",
            ),
        })
    }

    /// Registers the three functions on a session.
    pub fn register(&self, ctx: &datafusion::prelude::SessionContext) {
        ctx.register_udaf(self.summary());
        ctx.register_udf(self.score());
        ctx.register_udf(self.band());
    }
}

impl PartialEq for FormScoring {
    fn eq(&self, other: &Self) -> bool {
        (&self.function, &self.json) == (&other.function, &other.json)
    }
}

impl Eq for FormScoring {}

impl Hash for FormScoring {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (&self.function, &self.json).hash(state);
    }
}

/// Whether `func` is a form's summary aggregate.
pub(crate) fn is_form_summary(func: &AggregateUDF) -> bool {
    let any: &dyn std::any::Any = func.inner().as_ref();
    any.downcast_ref::<FormSummaryFunction>().is_some()
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct FormSummaryFunction {
    signature: Signature,
    params: Params,
    scoring: FormScoring,
    documentation: Documentation,
}

impl FormSummaryFunction {
    fn kernel(&self, args: &AccumulatorArgs<'_>) -> FormKernel {
        let columns = args.expr_fields.iter().map(|f| f.name().clone()).collect();
        FormKernel {
            scoring: FormScoring {
                columns,
                ..self.scoring.clone()
            },
        }
    }
}

impl AggregateUDFImpl for FormSummaryFunction {
    fn name(&self) -> &str {
        &self.scoring.function
    }

    fn documentation(&self) -> Option<&Documentation> {
        Some(&self.documentation)
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_field(&self, arg_fields: &[FieldRef]) -> Result<FieldRef> {
        checked_return_field(&self.scoring.function, &self.params, arg_fields, |types| {
            self.return_type(types)
        })
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        self.params.check(&self.scoring.function, arg_types)?;
        result_type(&FormKernel {
            scoring: self.scoring.clone(),
        })
    }

    fn accumulator(&self, acc_args: AccumulatorArgs<'_>) -> Result<Box<dyn Accumulator>> {
        Ok(Box::new(Single::new(self.kernel(&acc_args))))
    }

    fn state_fields(&self, args: StateFieldsArgs<'_>) -> Result<Vec<FieldRef>> {
        Ok(state::fields(args.name, &form_layout(&self.scoring.form)))
    }

    fn groups_accumulator_supported(&self, _args: AccumulatorArgs<'_>) -> bool {
        true
    }

    fn create_groups_accumulator(
        &self,
        args: AccumulatorArgs<'_>,
    ) -> Result<Box<dyn GroupsAccumulator>> {
        Ok(Box::new(Tallies::new(self.kernel(&args))))
    }

    fn order_sensitivity(&self) -> AggregateOrderSensitivity {
        AggregateOrderSensitivity::Insensitive
    }
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct FormScore {
    signature: Signature,
    params: Params,
    scoring: FormScoring,
    band: bool,
    documentation: Documentation,
}

impl ScalarUDFImpl for FormScore {
    fn name(&self) -> &str {
        &self.scoring.function
    }

    fn documentation(&self) -> Option<&Documentation> {
        Some(&self.documentation)
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs<'_>) -> Result<FieldRef> {
        checked_return_field(
            &self.scoring.function,
            &self.params,
            args.arg_fields,
            |types| self.return_type(types),
        )
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        self.params.check(&self.scoring.function, arg_types)?;
        Ok(if self.band {
            DataType::Utf8
        } else {
            DataType::Float64
        })
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let arrays = args
            .args
            .iter()
            .map(|a| a.to_array(args.number_rows))
            .collect::<Result<Vec<_>>>()?;
        let scoring = FormScoring {
            columns: args.arg_fields.iter().map(|f| f.name().clone()).collect(),
            ..self.scoring.clone()
        };
        let mut scores: Vec<Option<f64>> = Vec::with_capacity(args.number_rows);
        let mut bands: Vec<Option<String>> = Vec::with_capacity(args.number_rows);
        scoring.evaluate_rows(&arrays, &Rows::default(), |_, evaluation| {
            if self.band {
                bands.push(evaluation.band().map(|b| b.to_string()));
            } else {
                scores.push(evaluation.overall().map(|s| s.get()));
            }
            Ok(())
        })?;
        let array: ArrayRef = if self.band {
            Arc::new(StringArray::from(bands))
        } else {
            Arc::new(Float64Array::from(scores))
        };
        Ok(ColumnarValue::Array(array))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_names_sql_calls_without_quotes() {
        for good in ["chat", "call_review", "_draft", "qa2", "a"] {
            assert!(check_prefix(good).is_ok(), "{good}");
        }
        for bad in ["", "Chat", "call review", "2qa", "qa-2", "qä", "chat;drop"] {
            let err = check_prefix(bad).unwrap_err();
            assert_eq!(
                err.model_kind(),
                Some(service_quality::ErrorKind::InvalidText),
                "{bad}"
            );
        }
    }
}
