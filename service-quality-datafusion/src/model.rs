//! A compile-time model (PROUD, or any [`Dimension`]) scored over one rating column per
//! dimension: the summary aggregate and the per-row score and band.

use std::collections::HashMap;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::sync::{Arc, Mutex};

use datafusion::arrow::array::{ArrayRef, Float64Array, StringArray};
use datafusion::arrow::datatypes::{DataType, FieldRef};
use datafusion::error::Result;
use datafusion::logical_expr::ReturnFieldArgs;
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::utils::AggregateOrderSensitivity;
use datafusion::logical_expr::{
    Accumulator, AggregateUDFImpl, ColumnarValue, Documentation, GroupsAccumulator,
    ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use service_quality::batch::{BatchScorer, Column, RatingColumns};
use service_quality::proud::Principle;
use service_quality::{Band, Dimension, Merge, Policy, StoredItem, Summary};

use crate::Error;
use crate::accumulator::{Kernel, Rows, Single, Tallies, result_type};
use crate::args::{ByteColumn, Kind, Param, Params, checked_return_field, constant, constant_text};
use crate::output::Record;
use crate::state::{self, Layout, Row, Writer};

/// The state columns of a model's summary: the totals, then each dimension's.
fn summary_layout<D: Dimension>() -> Layout {
    let mut layout = state::totals_layout();
    for d in D::iter() {
        layout.extend(state::item_layout(d.key()));
    }
    layout
}

/// Rows gathered before the batch scorer runs: enough that its work per call over every group
/// (a bucket pass, a check of each group's counters) is small beside the rows' own, few enough
/// that the buffer stays near 10 MB.
const FLUSH_ROWS: usize = 1 << 20;

/// Reads a policy given as JSON, as the function's argument says it.
fn parse_policy<D: Dimension>(function: &str, json: &str) -> Result<Policy<D>, Error> {
    serde_json::from_str(json).map_err(|e| Error::Json {
        function: function.to_owned(),
        what: "policy",
        reason: e.to_string(),
    })
}

/// The arguments: one integer rating per dimension, then an optional JSON policy.
fn params<D: Dimension>() -> Params {
    Params {
        required: D::iter()
            .map(|d| {
                Param::new(
                    d.key(),
                    Kind::Integer,
                    format!("an integer rating for '{}'", d.key()),
                )
            })
            .collect(),
        optional: vec![Param::new(
            "policy",
            Kind::Text,
            format!("a {} policy as a JSON string", D::KIND),
        )],
    }
}

/// The dimensions' keys as a call's column list, for examples: `p, r, ...` by their keys.
fn keys<D: Dimension>() -> String {
    D::iter().map(|d| d.key()).collect::<Vec<_>>().join(", ")
}

/// The model's settings shared by the aggregate and the scalar functions: the policy scorer
/// and the input column names, for errors.
#[derive(Debug, Clone)]
struct Scoring<D: Dimension> {
    function: String,
    policy: Policy<D>,
    scorer: Arc<BatchScorer<D>>,
    columns: Vec<String>,
}

impl<D: Dimension> Scoring<D> {
    fn new(function: &str, policy: Policy<D>, columns: Vec<String>) -> Result<Self, Error> {
        let scorer = BatchScorer::new(&policy)
            .map_err(|source| Error::from_core(function.to_owned(), None, source))?;
        Ok(Scoring {
            function: function.to_owned(),
            policy,
            scorer: Arc::new(scorer),
            columns,
        })
    }

    /// The error for a core error met while scoring, naming the input column when the core
    /// error names a dimension.
    fn error(&self, source: service_quality::Error) -> Error {
        let key = match &source {
            service_quality::Error::RatingOutOfRange { field, .. } => field.clone(),
            service_quality::Error::InvalidAnswer { item, .. } => Some(item.clone()),
            _ => None,
        };
        let column = key.and_then(|key| {
            D::iter()
                .position(|d| d.key() == key)
                .and_then(|j| self.columns.get(j).cloned())
        });
        Error::from_core(self.function.clone(), column, source)
    }

    /// Appends one batch's rating columns to `buffers`, one per dimension; `rows` places them
    /// in DataFusion's batch for errors.
    fn extend(&self, buffers: &mut [ByteColumn], args: &[ArrayRef], rows: &Rows) -> Result<()> {
        let scale = self.policy.scale();
        // The batch scorer accepts only scales within 0..=255, so the minimum is a byte.
        let filler = u8::try_from(scale.min()).unwrap_or_default();
        for ((d, buffer), array) in D::iter().zip(buffers.iter_mut()).zip(args) {
            buffer.extend(array, filler, |row, value| {
                self.error(service_quality::Error::rating_out_of_range(
                    Some(d.key()),
                    value,
                    scale,
                ))
                .at_row(rows.position(row))
            })?;
        }
        Ok(())
    }
}

/// The buffered columns as the batch scorer's input.
fn rating_columns<D: Dimension>(
    buffers: &[ByteColumn],
) -> Result<RatingColumns<'_, D>, service_quality::Error> {
    let mut each = buffers.iter();
    let columns: Vec<Column<'_>> = D::iter()
        .map(|_| match each.next() {
            Some(ByteColumn {
                values,
                answered: Some(mask),
            }) => Column::with_answered(values, mask),
            Some(ByteColumn { values, .. }) => Column::new(values),
            None => Column::new(&[]),
        })
        .collect();
    let mut columns = columns.into_iter();
    RatingColumns::new(|_| columns.next().unwrap_or(Column::new(&[])))
}

/// The summary kernel: gathers rows, then scores them with the batch scorer straight into their
/// groups' [`Summary`]s.
#[derive(Debug)]
pub(crate) struct SummaryKernel<D: Dimension> {
    scoring: Scoring<D>,
    critical_label: &'static str,
    buffers: Vec<ByteColumn>,
    /// Each gathered row's group index.
    keys: Vec<u32>,
    /// Each gathered batch's first row in the buffers, and where its rows sat in DataFusion's
    /// batch: an error found when the rows are scored names the row it came from.
    batches: Vec<(usize, Rows)>,
}

impl<D: Dimension> SummaryKernel<D> {
    fn new(scoring: Scoring<D>, critical_label: &'static str) -> Self {
        SummaryKernel {
            scoring,
            critical_label,
            buffers: D::iter().map(|_| ByteColumn::default()).collect(),
            keys: Vec::new(),
            batches: Vec::new(),
        }
    }

    /// Records each row's group, as the batch scorer's `u32` key.
    fn push_groups(&mut self, groups: &[usize]) -> Result<()> {
        self.keys.reserve(groups.len());
        for &g in groups {
            let key = u32::try_from(g).map_err(|_| Error::TooManyGroups {
                function: self.scoring.function.clone(),
                index: g,
                limit: u64::from(u32::MAX),
            })?;
            self.keys.push(key);
        }
        Ok(())
    }

    fn clear(&mut self) {
        for buffer in &mut self.buffers {
            buffer.clear();
        }
        self.keys.clear();
        self.batches.clear();
    }

    /// The place in DataFusion's batch of the first gathered row the scorer refuses.
    fn batch_row(&self, columns: &RatingColumns<'_, D>) -> Option<usize> {
        let i = (0..columns.len()).find(|&i| self.scoring.scorer.score_row(columns, i).is_err())?;
        let batch = self.batches.partition_point(|(start, _)| *start <= i);
        let (start, rows) = self.batches.get(batch.checked_sub(1)?)?;
        Some(rows.position(i - start))
    }
}

impl<D: Dimension> Kernel for SummaryKernel<D> {
    type State = Summary<D>;

    fn function(&self) -> &str {
        &self.scoring.function
    }

    fn empty(&self) -> Summary<D> {
        Summary::new()
    }

    fn fresh(&self) -> Self {
        SummaryKernel::new(self.scoring.clone(), self.critical_label)
    }

    fn update(
        &mut self,
        states: &mut [Summary<D>],
        args: &[ArrayRef],
        groups: &[usize],
        rows: &Rows,
    ) -> Result<()> {
        let start = self.keys.len();
        if let Err(e) = self
            .scoring
            .extend(&mut self.buffers, args, rows)
            .and_then(|()| self.push_groups(groups))
        {
            self.clear();
            return Err(e);
        }
        self.batches.push((start, rows.clone()));
        if self.keys.len() >= FLUSH_ROWS {
            self.flush(states)?;
        }
        Ok(())
    }

    fn flush(&mut self, states: &mut [Summary<D>]) -> Result<()> {
        if self.keys.is_empty() {
            return Ok(());
        }
        // Every key is a group index below `states.len()` (DataFusion grows the states first).
        let result = match rating_columns::<D>(&self.buffers) {
            Ok(columns) => self
                .scoring
                .scorer
                .summarise_into(&columns, &self.keys, states)
                .map_err(|source| {
                    let err = self.scoring.error(source);
                    match self.batch_row(&columns) {
                        Some(row) => err.at_row(row),
                        None => err,
                    }
                }),
            Err(source) => Err(self.scoring.error(source)),
        };
        self.clear();
        result.map_err(Error::into_datafusion)
    }

    fn pending_size(&self) -> usize {
        self.buffers.iter().map(ByteColumn::size).sum::<usize>()
            + self.keys.capacity() * 4
            + self.batches.capacity() * std::mem::size_of::<(usize, Rows)>()
    }

    fn merge(&self, into: &mut Summary<D>, other: &Summary<D>) -> Result<()> {
        Merge::merge(into, other);
        Ok(())
    }

    fn layout(&self) -> Layout {
        summary_layout::<D>()
    }

    fn write(&self, summary: &Summary<D>, out: &mut Writer) {
        state::write_totals(&summary.stored_totals(), out);
        for (_, item) in summary.items() {
            state::write_item(&item.stored(), out);
        }
    }

    fn read(&self, row: &mut Row<'_, '_>) -> Result<Summary<D>> {
        let totals = state::read_totals(row)?;
        // The items in layout order (the dimensions' order), on the stack for models of up to
        // `INLINE` dimensions: the final stage reads a state per group and partition, and
        // at a million groups an allocation each is a visible share of the query.
        const INLINE: usize = 16;
        let mut inline = [StoredItem::default(); INLINE];
        let mut spilled = Vec::new();
        let dimensions = D::iter().len();
        let items: &mut [StoredItem] = match inline.get_mut(..dimensions) {
            Some(items) => items,
            None => {
                spilled.resize(dimensions, StoredItem::default());
                &mut spilled
            }
        };
        for item in items.iter_mut() {
            *item = state::read_item(row)?;
        }
        Summary::from_stored(totals, |d| {
            let at = D::iter().position(|x| x == d);
            at.and_then(|at| items.get(at)).copied().unwrap_or_default()
        })
        .map_err(|e| state::refused(&self.scoring.function, &e))
    }

    fn evaluate(&self, states: &[Summary<D>]) -> Result<ArrayRef> {
        let mean = |s: &Summary<D>, d: D| s.mean(d).map(|m| m.get());
        let mut record = Record::new()
            .count("count", states.iter().map(Summary::count))
            .count("scored", states.iter().map(Summary::scored))
            .number(
                "mean_overall",
                states.iter().map(|s| s.mean_overall().map(|m| m.get())),
            );
        for d in D::iter() {
            record = record.number(d.key(), states.iter().map(|s| mean(s, d)));
        }
        for (i, band) in [
            Band::Poor,
            Band::NeedsImprovement,
            Band::Good,
            Band::Excellent,
        ]
        .into_iter()
        .enumerate()
        {
            let name = band.to_string();
            record = record.count(
                &name,
                states
                    .iter()
                    .map(|s| s.band_counts().get(i).copied().unwrap_or_default()),
            );
        }
        record
            .count(
                self.critical_label,
                states.iter().map(Summary::critical_failures),
            )
            .text(
                "weakest",
                states.iter().map(|s| s.weakest().map(|d| d.key())),
            )
            .finish(states.len())
    }
}

/// The summary aggregate of a model with one rating column per dimension: per group, the count,
/// the mean overall score, the mean of each dimension, the count in each band, the critical
/// failures and the weakest dimension.
///
/// [`ModelSummary::proud`] is `proud_summary(p, r, o, u, d [, policy])`, with the critical
/// failures named `first_hurdle_failures`. The optional last argument is the policy as a JSON
/// string constant (the core crate's serde form, for example `'{"not_applicable":
/// ["deliver"]}'`); without it the model's default policy applies. A NULL rating is "not
/// applicable".
///
/// The result is a struct with these fields, in order:
///
/// | field | type | meaning |
/// |---|---|---|
/// | `count` | `UInt64` | rows in the group |
/// | `scored` | `UInt64` | rows with an overall score (the rest were all N/A) |
/// | `mean_overall` | `Float64` | mean overall score, NULL when nothing was scored |
/// | one per dimension (`polite_and_professional`, ...) | `Float64` | the dimension's mean over the rows that answered it, NULL when none did |
/// | `poor`, `needs_improvement`, `good`, `excellent` | `UInt64` | scored rows in each band |
/// | `first_hurdle_failures` (PROUD) or `critical_failures` | `UInt64` | rows that failed a critical dimension |
/// | `weakest` | `Utf8` | the dimension with the lowest mean, NULL when none |
///
/// # Errors
///
/// A query fails when a rating lies off the policy's scale or is NULL where the policy does not
/// allow N/A (the core crate's message, with the column named), and at planning when an
/// argument is not an integer or the policy is not a string. A policy that does not validate
/// fails the query when it starts.
///
/// # Examples
///
/// ```
/// use datafusion::prelude::SessionContext;
/// use service_quality_datafusion::ModelSummary;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> datafusion::error::Result<()> {
/// let ctx = SessionContext::new();
/// ctx.register_udaf(ModelSummary::proud().into());
/// let sql = "SELECT proud_summary(p, r, o, u, d)['mean_overall'] AS mean
///            FROM (VALUES (4, 5, 3, 4, 2), (5, 5, 5, 5, 5)) AS t(p, r, o, u, d)";
/// let batches = ctx.sql(sql).await?.collect().await?;
/// let text = datafusion::arrow::util::pretty::pretty_format_batches(&batches)?.to_string();
/// assert!(text.contains("82.5")); // (65 + 100) / 2
///
/// let bad = "SELECT proud_summary(p, r, o, u, d) FROM (VALUES (4, 7, 3, 4, 2)) AS t(p, r, o, u, d)";
/// let err = ctx.sql(bad).await?.collect().await.unwrap_err();
/// assert!(err.to_string().contains("rating for 'respect' is 7, expected a value in 1..=5"));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ModelSummary<D: Dimension> {
    name: String,
    critical_label: &'static str,
    signature: Signature,
    params: Params,
    documentation: Documentation,
    model: PhantomData<D>,
}

impl<D: Dimension> ModelSummary<D> {
    /// Where the constant arguments begin (the policy, after one rating per dimension), and
    /// what each argument takes: what the SQL planner's checks need.
    pub(crate) fn settings(&self) -> (usize, &Params) {
        (D::iter().len(), &self.params)
    }
}

impl ModelSummary<Principle> {
    /// `proud_summary(p, r, o, u, d [, policy])`.
    pub fn proud() -> Self {
        ModelSummary::new("proud_summary").with_critical_label("first_hurdle_failures")
    }
}

impl<D: Dimension> ModelSummary<D> {
    /// The summary of model `D` under the SQL name `name`, its critical failures reported as
    /// `critical_failures`.
    ///
    /// ```
    /// use datafusion::logical_expr::AggregateUDF;
    /// use service_quality::leadership::Area;
    /// use service_quality_datafusion::ModelSummary;
    ///
    /// let ved: AggregateUDF = ModelSummary::<Area>::new("ved_summary").into();
    /// assert_eq!(ved.name(), "ved_summary");
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        let name = name.into();
        let params = params::<D>();
        let description = format!(
            "Summarises the group's evaluations, each rated on every {} (NULL for not \
             applicable): count, mean overall score, each one's mean, count per band, critical \
             failures and the weakest.",
            D::KIND
        );
        let example = format!(
            "SELECT team, {name}({})['mean_overall'] FROM reviews GROUP BY team",
            keys::<D>()
        );
        ModelSummary {
            documentation: params.documentation(&name, &description, &example),
            name,
            critical_label: "critical_failures",
            signature: Signature::variadic_any(Volatility::Immutable),
            params,
            model: PhantomData,
        }
    }

    /// Names the count of critical failures in the result (`first_hurdle_failures` for PROUD).
    pub fn with_critical_label(mut self, label: &'static str) -> Self {
        self.critical_label = label;
        self
    }

    fn kernel(&self, args: &AccumulatorArgs<'_>) -> Result<SummaryKernel<D>> {
        let policy_at = D::iter().len();
        let expected = format!("a {} policy as a JSON string", D::KIND);
        let policy = constant(&self.name, args.exprs, policy_at, &expected)?;
        let policy = match constant_text(&self.name, policy, policy_at, &expected)? {
            Some(json) => parse_policy::<D>(&self.name, &json)?,
            None => D::default_policy(),
        };
        let columns = args.expr_fields.iter().map(|f| f.name().clone()).collect();
        let scoring = Scoring::new(&self.name, policy, columns)?;
        Ok(SummaryKernel::new(scoring, self.critical_label))
    }
}

impl<D: Dimension> AggregateUDFImpl for ModelSummary<D> {
    fn name(&self) -> &str {
        &self.name
    }

    fn documentation(&self) -> Option<&Documentation> {
        Some(&self.documentation)
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_field(&self, arg_fields: &[FieldRef]) -> Result<FieldRef> {
        checked_return_field(&self.name, &self.params, arg_fields, |types| {
            self.return_type(types)
        })
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        self.params.check(&self.name, arg_types)?;
        let scoring = Scoring::new(&self.name, D::default_policy(), Vec::new())?;
        result_type(&SummaryKernel::new(scoring, self.critical_label))
    }

    fn accumulator(&self, acc_args: AccumulatorArgs<'_>) -> Result<Box<dyn Accumulator>> {
        Ok(Box::new(Single::new(self.kernel(&acc_args)?)))
    }

    fn state_fields(&self, args: StateFieldsArgs<'_>) -> Result<Vec<FieldRef>> {
        Ok(state::fields(args.name, &summary_layout::<D>()))
    }

    fn groups_accumulator_supported(&self, _args: AccumulatorArgs<'_>) -> bool {
        true
    }

    fn create_groups_accumulator(
        &self,
        args: AccumulatorArgs<'_>,
    ) -> Result<Box<dyn GroupsAccumulator>> {
        Ok(Box::new(Tallies::new(self.kernel(&args)?)))
    }

    fn order_sensitivity(&self) -> AggregateOrderSensitivity {
        AggregateOrderSensitivity::Insensitive
    }
}

/// What a per-row model function returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum RowOutput {
    Score,
    Band,
}

/// Scorers built for the policies a scalar function has been called with, so a policy given
/// as an argument is validated and enumerated once, not once per batch.
struct ScorerCache<D: Dimension>(Mutex<HashMap<Option<String>, Scoring<D>>>);

impl<D: Dimension> fmt::Debug for ScorerCache<D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ScorerCache")
    }
}

/// A cache holds at most this many policies; beyond it, scorers are built per call.
const CACHED_POLICIES: usize = 16;

/// The overall score or band of each row under a model's policy: `proud_score(p, r, o, u, d
/// [, policy])` (`Float64`, NULL when every rating that counts is N/A) and `proud_band(...)`
/// (`Utf8`: `poor`, `needs_improvement`, `good` or `excellent`).
///
/// Arguments, NULLs and errors are as for [`ModelSummary`].
///
/// # Examples
///
/// ```
/// use datafusion::prelude::SessionContext;
/// use service_quality_datafusion::ModelScore;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> datafusion::error::Result<()> {
/// let ctx = SessionContext::new();
/// ctx.register_udf(ModelScore::proud_score().into());
/// ctx.register_udf(ModelScore::proud_band().into());
/// let sql = "SELECT proud_score(2, 5, 5, 5, 5) AS score, proud_band(2, 5, 5, 5, 5) AS band";
/// let batches = ctx.sql(sql).await?.collect().await?;
/// let text = datafusion::arrow::util::pretty::pretty_format_batches(&batches)?.to_string();
/// assert!(text.contains("| 25.0  | poor |")); // P below the first hurdle caps the score
///
/// // The argument is named as DataFusion writes it: a literal string here, a column's name for a
/// // column.
/// let err = ctx.sql("SELECT proud_score('4', 5, 5, 5, 5)").await.unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "Error during planning: proud_score: argument 1 ('Utf8(\"4\")') is Utf8, \
///      expected an integer rating for 'polite_and_professional'"
/// );
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct ModelScore<D: Dimension> {
    name: String,
    output: RowOutput,
    signature: Signature,
    params: Params,
    documentation: Documentation,
    cache: ScorerCache<D>,
}

impl<D: Dimension> PartialEq for ModelScore<D> {
    fn eq(&self, other: &Self) -> bool {
        (&self.name, self.output, &self.params) == (&other.name, other.output, &other.params)
    }
}

impl<D: Dimension> Eq for ModelScore<D> {}

impl<D: Dimension> Hash for ModelScore<D> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (&self.name, self.output).hash(state);
    }
}

impl ModelScore<Principle> {
    /// `proud_score(p, r, o, u, d [, policy])`.
    pub fn proud_score() -> Self {
        ModelScore::score("proud_score")
    }

    /// `proud_band(p, r, o, u, d [, policy])`.
    pub fn proud_band() -> Self {
        ModelScore::band("proud_band")
    }
}

impl<D: Dimension> ModelScore<D> {
    fn with_output(name: impl Into<String>, output: RowOutput) -> Self {
        let name = name.into();
        let params = params::<D>();
        let what = match output {
            RowOutput::Score => "overall score, 0 to 100",
            RowOutput::Band => "band (poor, needs_improvement, good or excellent)",
        };
        let description = format!(
            "One evaluation's {what}, from its ratings on every {} (NULL for not applicable).",
            D::KIND
        );
        let example = format!("SELECT {name}({}) FROM reviews", keys::<D>());
        ModelScore {
            documentation: params.documentation(&name, &description, &example),
            name,
            output,
            signature: Signature::variadic_any(Volatility::Immutable),
            params,
            cache: ScorerCache(Mutex::new(HashMap::new())),
        }
    }

    /// Each row's overall score under model `D`, as the SQL function `name`.
    pub fn score(name: impl Into<String>) -> Self {
        ModelScore::with_output(name, RowOutput::Score)
    }

    /// Each row's band under model `D`, as the SQL function `name`.
    pub fn band(name: impl Into<String>) -> Self {
        ModelScore::with_output(name, RowOutput::Band)
    }

    fn scoring(&self, policy: Option<String>, columns: Vec<String>) -> Result<Scoring<D>> {
        let mut cache = match self.cache.0.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some(found) = cache.get(&policy).filter(|s| s.columns == columns) {
            return Ok(found.clone());
        }
        let parsed = match &policy {
            Some(json) => parse_policy::<D>(&self.name, json)?,
            None => D::default_policy(),
        };
        let scoring = Scoring::new(&self.name, parsed, columns)?;
        if cache.len() < CACHED_POLICIES || cache.contains_key(&policy) {
            cache.insert(policy, scoring.clone());
        }
        Ok(scoring)
    }
}

impl<D: Dimension> ScalarUDFImpl for ModelScore<D> {
    fn name(&self) -> &str {
        &self.name
    }

    fn documentation(&self) -> Option<&Documentation> {
        Some(&self.documentation)
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs<'_>) -> Result<FieldRef> {
        // A policy must be a constant: say so while the query is planned, not when it runs.
        let dims = D::iter().len();
        if args.arg_fields.len() > dims
            && args.scalar_arguments.get(dims).is_none_or(Option::is_none)
        {
            return Err(Error::Argument {
                function: self.name.clone(),
                position: dims + 1,
                input: args.arg_fields.get(dims).map(|f| f.name().clone()),
                found: "a column or expression".to_owned(),
                expected: format!("a constant: a {} policy as a JSON string", D::KIND),
            }
            .into());
        }
        checked_return_field(&self.name, &self.params, args.arg_fields, |types| {
            self.return_type(types)
        })
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        self.params.check(&self.name, arg_types)?;
        Ok(match self.output {
            RowOutput::Score => DataType::Float64,
            RowOutput::Band => DataType::Utf8,
        })
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let dims = D::iter().len();
        let expected = format!("a {} policy as a JSON string", D::KIND);
        let policy = match args.args.get(dims) {
            None => None,
            Some(ColumnarValue::Scalar(value)) => {
                constant_text(&self.name, Some(value), dims, &expected)?
            }
            Some(ColumnarValue::Array(_)) => {
                return Err(Error::Argument {
                    function: self.name.clone(),
                    position: dims + 1,
                    input: None,
                    found: "a column".to_owned(),
                    expected: format!("a constant: {expected}"),
                }
                .into());
            }
        };
        let columns = args.arg_fields.iter().map(|f| f.name().clone()).collect();
        let scoring = self.scoring(policy, columns)?;
        let arrays = args
            .args
            .iter()
            .take(dims)
            .map(|a| a.to_array(args.number_rows))
            .collect::<Result<Vec<_>>>()?;
        let mut buffers: Vec<ByteColumn> = D::iter().map(|_| ByteColumn::default()).collect();
        scoring.extend(&mut buffers, &arrays, &Rows::default())?;
        let columns = rating_columns::<D>(&buffers).map_err(|e| scoring.error(e))?;
        let cards = (0..columns.len()).map(|i| {
            (scoring.scorer.score_row(&columns, i)).map_err(|e| scoring.error(e).at_row(i))
        });
        let array: ArrayRef = match self.output {
            RowOutput::Score => Arc::new(
                cards
                    .map(|c| c.map(|c| c.overall().map(|s| s.get())))
                    .collect::<Result<Float64Array, _>>()?,
            ),
            RowOutput::Band => Arc::new(
                cards
                    .map(|c| c.map(|c| c.band().map(|b| b.to_string())))
                    .collect::<Result<StringArray, _>>()?,
            ),
        };
        Ok(ColumnarValue::Array(array))
    }
}

#[cfg(test)]
mod tests {
    //! The summary's state columns: what they hold, that they round-trip exactly, and that a
    //! corrupted or hand-made state is a typed error naming the function and the field.
    use super::*;
    use datafusion::arrow::array::{FixedSizeBinaryArray, Int64Array, UInt64Array};
    use datafusion::logical_expr::EmitTo;
    use service_quality::proud::ProudPolicy;

    fn accumulator() -> Tallies<SummaryKernel<Principle>> {
        let policy = ProudPolicy::default().with_not_applicable_allowed(Principle::Deliver, true);
        let scoring = Scoring::new("proud_summary", policy, Vec::new()).unwrap();
        Tallies::new(SummaryKernel::new(scoring, "first_hurdle_failures"))
    }

    /// Three reviews in two groups: (4,5,3,4,2) and (5,5,5,5,N/A) in group 0, (2,5,5,5,5) in 1.
    fn filled() -> Tallies<SummaryKernel<Principle>> {
        let columns: Vec<ArrayRef> = [
            vec![Some(4), Some(2), Some(5)],
            vec![Some(5), Some(5), Some(5)],
            vec![Some(3), Some(5), Some(5)],
            vec![Some(4), Some(5), Some(5)],
            vec![Some(2), Some(5), None],
        ]
        .into_iter()
        .map(|v| Arc::new(Int64Array::from(v)) as ArrayRef)
        .collect();
        let mut acc = accumulator();
        acc.update_batch(&columns, &[0, 1, 0], None, 2).unwrap();
        acc
    }

    fn kernel() -> SummaryKernel<Principle> {
        let scoring = Scoring::new("proud_summary", ProudPolicy::default(), Vec::new()).unwrap();
        SummaryKernel::new(scoring, "first_hurdle_failures")
    }

    /// Five rating columns of `rows` rows, every rating `value` except column `bad_column`'s
    /// last, which is `bad`.
    fn columns(rows: usize, value: i64, bad_column: usize, bad: i64) -> Vec<ArrayRef> {
        (0..5)
            .map(|j| {
                let mut v = vec![value; rows];
                if j == bad_column {
                    v[rows - 1] = bad;
                }
                Arc::new(Int64Array::from(v)) as ArrayRef
            })
            .collect()
    }

    #[test]
    fn a_refused_batch_leaves_nothing_behind() {
        let mut kernel = kernel();
        let mut states = vec![Summary::new()];
        // The third column is beyond a byte: refused after two columns were taken in.
        let refused = kernel.update(
            &mut states,
            &columns(3, 4, 2, 300),
            &[0; 3],
            &Rows::default(),
        );
        assert!(refused.is_err());
        kernel
            .update(&mut states, &columns(2, 4, 0, 4), &[0; 2], &Rows::default())
            .unwrap();
        kernel.flush(&mut states).unwrap();
        assert_eq!(states[0].count(), 2);
    }

    #[test]
    fn pending_size_counts_the_rows_held_back() {
        // One large batch, where the rows dominate, and many one-row batches, where the
        // batches' entries do.
        for (batches, rows) in [(1, 1000), (100, 1)] {
            let mut kernel = kernel();
            let mut states = vec![Summary::new()];
            for _ in 0..batches {
                let groups = vec![0; rows];
                kernel
                    .update(
                        &mut states,
                        &columns(rows, 4, 0, 4),
                        &groups,
                        &Rows::default(),
                    )
                    .unwrap();
            }
            // At least a byte per rating, four per group key and one entry per batch; at most
            // twice that (a vector's growth), and not a product of the parts.
            let entry = std::mem::size_of::<(usize, Rows)>();
            let least = batches * rows * (5 + 4) + batches * entry;
            let size = kernel.pending_size();
            assert!(
                (least..=2 * least + 4 * entry).contains(&size),
                "{batches} x {rows}: {size} against {least}"
            );
        }
    }

    fn merged(state: &[ArrayRef]) -> Result<ArrayRef> {
        let mut acc = accumulator();
        acc.merge_batch(state, &[0, 1], 2)?;
        GroupsAccumulator::evaluate(&mut acc, EmitTo::All)
    }

    fn message(result: Result<ArrayRef>) -> String {
        match result {
            Ok(_) => panic!("a corrupted state was accepted"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn the_state_is_columns_of_counts_and_exact_sums_that_merge_to_the_same_result() {
        let mut acc = filled();
        let state = acc.state(EmitTo::All).unwrap();
        // 9 columns of totals, then 4 per principle.
        assert_eq!(state.len(), 9 + 4 * 5);
        let count = state[0].as_any().downcast_ref::<UInt64Array>().unwrap();
        assert_eq!(count.values().to_vec(), [2, 1]);
        let sum = state[2]
            .as_any()
            .downcast_ref::<FixedSizeBinaryArray>()
            .unwrap();
        // Group 0 scored 65 and 100: 165 exactly, in units of 2^-52.
        let units = u128::from_le_bytes(sum.value(0).try_into().unwrap());
        assert_eq!(units, 165u128 << 52);
        let mut direct = filled();
        let expected = GroupsAccumulator::evaluate(&mut direct, EmitTo::All).unwrap();
        assert_eq!(merged(&state).unwrap().to_data(), expected.to_data());
        // All-null rows are groups with no state: they merge as nothing.
        let nulls: Vec<ArrayRef> = state
            .iter()
            .map(|c| datafusion::arrow::array::new_null_array(c.data_type(), 2))
            .collect();
        let empty = merged(&nulls).unwrap();
        assert_eq!(empty.len(), 2);
        // A state sliced out of a larger batch (DataFusion slices what it emits) is read from
        // its offset: group 1's state alone merges to group 1's result.
        let sliced: Vec<ArrayRef> = state.iter().map(|c| c.slice(1, 1)).collect();
        let mut one = accumulator();
        one.merge_batch(&sliced, &[0], 1).unwrap();
        let alone = GroupsAccumulator::evaluate(&mut one, EmitTo::All).unwrap();
        assert_eq!(alone.to_data(), expected.slice(1, 1).to_data());
    }

    #[test]
    fn a_corrupted_state_is_a_typed_error_naming_the_function_and_the_field() {
        let mut acc = filled();
        let state = acc.state(EmitTo::All).unwrap();

        // Counts that do not add up: fewer evaluations than scored ones.
        let mut bad = state.clone();
        bad[0] = Arc::new(UInt64Array::from(vec![1, 1]));
        assert_eq!(
            message(merged(&bad)),
            "External error: proud_summary: intermediate state is not valid: scored is 2, \
             expected at most 1 for 'overall'"
        );
        // A sum no scores could have: 101 per score.
        let mut bad = state.clone();
        let units = (202u128 << 52).to_le_bytes();
        bad[2] = Arc::new(FixedSizeBinaryArray::try_from_iter([units, units].into_iter()).unwrap());
        assert!(
            message(merged(&bad))
                .contains("sum is 202, expected a sum between 0 and 200 for 'overall'"),
        );
        // A column missing, a column of the wrong type, a column of the wrong length.
        let mut short = state.clone();
        short.pop();
        assert!(message(merged(&short)).ends_with("28 state columns, expected 29"));
        let mut typed = state.clone();
        typed[2] = Arc::new(UInt64Array::from(vec![1, 1]));
        assert!(
            message(merged(&typed))
                .ends_with("state column 'sum' is UInt64, expected FixedSizeBinary(16)"),
        );
        let mut long = state.clone();
        long[5] = Arc::new(UInt64Array::from(vec![0, 0, 0]));
        assert!(
            message(merged(&long))
                .ends_with("state column 'needs_improvement' has 3 rows, expected 2")
        );
        // A null inside a state whose other columns are set.
        let mut holed = state.clone();
        holed[1] = Arc::new(UInt64Array::from(vec![Some(2), None]));
        assert!(
            message(merged(&holed))
                .ends_with("state column 'scored' is null in row 1, where other columns are not"),
        );
        // Every error is the companion's typed state error.
        let err = {
            let mut acc = accumulator();
            acc.merge_batch(&bad, &[0, 1], 2).unwrap_err()
        };
        assert!(
            matches!(crate::find_error(&err), Some(Error::State { function, .. }) if function == "proud_summary")
        );
    }
}
