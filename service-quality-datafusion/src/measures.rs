//! The standard measures (NPS, CSAT, CES) and breakdown attribution: tallies built row by row
//! with the core crate's `add`, merged with its `merge`.

use std::fmt::Debug;
use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::{Array, ArrayRef, AsArray};
use datafusion::arrow::datatypes::{DataType, FieldRef, Float64Type};
use datafusion::error::Result;
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::utils::AggregateOrderSensitivity;
use datafusion::logical_expr::{
    Accumulator, AggregateUDF, AggregateUDFImpl, Documentation, GroupsAccumulator, Signature,
    Volatility,
};
use datafusion::scalar::ScalarValue;
use service_quality::breakdown::{Aggregate, Breakdown, Cause, TriagePolicy};
use service_quality::metrics::{Ces, Csat, Level, Nps, NpsMethod, ShareMethod};
use service_quality::{Merge, Scale};

use crate::Error;
use crate::accumulator::{Kernel, Rows, Single, Tallies, result_type};
use crate::args::{
    Kind, Param, Params, cast_to, checked_return_field, constant, constant_number, constant_text,
    integers,
};
use crate::output::Record;
use crate::state::{self, Layout, Row, Slot, Writer};

/// One measure: its tally, how a row adds to it, and its result.
pub(crate) trait Measure:
    Debug + Clone + Eq + std::hash::Hash + Send + Sync + 'static
{
    /// How many leading arguments are data columns; the rest are constant settings.
    const DATA_COLUMNS: usize;

    /// The core crate's tally.
    type Tally: Debug + Send + Sync;

    /// The tally's state columns.
    fn layout() -> Layout;

    /// Writes a tally's values in layout order.
    fn write(tally: &Self::Tally, out: &mut Writer);

    /// Reads a tally back (under these settings) through the core crate's checks.
    fn read(&self, row: &mut Row<'_, '_>) -> Result<Result<Self::Tally, service_quality::Error>>;

    /// The arguments the function takes.
    fn params() -> Params;

    /// What the function gives, for its documentation.
    const DESCRIPTION: &'static str;

    /// A query using it, for its documentation (`{name}` stands for the function's name).
    const EXAMPLE: &'static str;

    /// The settings read from the constant arguments (`constants[i]` is argument `i`).
    fn from_constants(function: &str, constants: &[Option<&ScalarValue>]) -> Result<Self, Error>;

    /// An empty tally.
    fn empty(&self) -> Self::Tally;

    /// Adds the rows of `args` to the tallies of their groups.
    fn add_rows(
        &self,
        tallies: &mut [Self::Tally],
        args: &[ArrayRef],
        groups: &[usize],
    ) -> Result<(), Refused>;

    /// Merges with the core crate's merge.
    fn merge(into: &mut Self::Tally, other: &Self::Tally) -> Result<(), service_quality::Error>;

    /// The results, one row per tally.
    fn record(&self, tallies: &[Self::Tally]) -> Record;
}

/// A value a [`Measure`] refused: the argument it is in (by position), its row among the rows
/// handed to the measure when the error is in one row, and the core crate's error.
#[derive(Debug)]
pub(crate) struct Refused {
    column: usize,
    row: Option<usize>,
    source: service_quality::Error,
}

impl Refused {
    /// An error about a whole argument (its type), not one row.
    pub(crate) fn column(column: usize, source: service_quality::Error) -> Refused {
        Refused {
            column,
            row: None,
            source,
        }
    }

    /// An error in one row's value of one argument.
    pub(crate) fn at(column: usize, row: usize, source: service_quality::Error) -> Refused {
        Refused {
            column,
            row: Some(row),
            source,
        }
    }
}

/// The row-by-row kernel of a [`Measure`].
#[derive(Debug, Clone)]
pub(crate) struct MeasureKernel<M: Measure> {
    function: String,
    columns: Vec<String>,
    measure: M,
}

impl<M: Measure> MeasureKernel<M> {
    fn error(&self, column: Option<usize>, source: service_quality::Error) -> Error {
        Error::from_core(
            self.function.clone(),
            column.and_then(|c| self.columns.get(c).cloned()),
            source,
        )
    }
}

impl<M: Measure> Kernel for MeasureKernel<M> {
    type State = M::Tally;

    fn function(&self) -> &str {
        &self.function
    }

    fn empty(&self) -> M::Tally {
        self.measure.empty()
    }

    fn fresh(&self) -> Self {
        self.clone()
    }

    fn update(
        &mut self,
        states: &mut [M::Tally],
        args: &[ArrayRef],
        groups: &[usize],
        rows: &Rows,
    ) -> Result<()> {
        self.measure.add_rows(states, args, groups).map_err(|bad| {
            let err = self.error(Some(bad.column), bad.source);
            match bad.row {
                Some(row) => err.at_row(rows.position(row)),
                None => err,
            }
            .into()
        })
    }

    fn merge(&self, into: &mut M::Tally, other: &M::Tally) -> Result<()> {
        M::merge(into, other).map_err(|source| self.error(None, source).into())
    }

    fn evaluate(&self, states: &[M::Tally]) -> Result<ArrayRef> {
        self.measure.record(states).finish(states.len())
    }

    fn layout(&self) -> Layout {
        M::layout()
    }

    fn write(&self, tally: &M::Tally, out: &mut Writer) {
        M::write(tally, out);
    }

    fn read(&self, row: &mut Row<'_, '_>) -> Result<M::Tally> {
        self.measure
            .read(row)?
            .map_err(|e| state::refused(&self.function, &e))
    }
}

/// Columns named `{prefix}_{i}` for counts `1..=n` (`n1`, `n2`, ...), the layout of a tally of
/// answer counts.
fn counts_layout(prefix: &str, values: impl IntoIterator<Item = u8>) -> Layout {
    values
        .into_iter()
        .map(|v| (format!("{prefix}{v}"), Slot::Count))
        .collect()
}

/// `N` counts, in layout order.
fn read_counts<const N: usize>(row: &mut Row<'_, '_>) -> Result<[u64; N]> {
    let mut counts = [0; N];
    for c in &mut counts {
        *c = row.count()?;
    }
    Ok(counts)
}

/// Where the constant arguments of one of the measures' aggregates begin (its settings, after
/// the data columns), and what each argument takes; `None` for any other function.
pub(crate) fn settings(func: &AggregateUDF) -> Option<(usize, &Params)> {
    fn of<M: Measure>(func: &AggregateUDF) -> Option<(usize, &Params)> {
        let any: &dyn std::any::Any = func.inner().as_ref();
        let f = any.downcast_ref::<MeasureSummary<M>>()?;
        Some((M::DATA_COLUMNS, &f.params))
    }
    of::<NpsMeasure>(func)
        .or_else(|| of::<crate::agreement::AgreementMeasure>(func))
        .or_else(|| of::<CsatMeasure>(func))
        .or_else(|| of::<CesMeasure>(func))
        .or_else(|| of::<BreakdownMeasure>(func))
        .or_else(|| of::<crate::feelings::FeelingsMeasure>(func))
}

/// The aggregate function of a [`Measure`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct MeasureSummary<M: Measure> {
    name: String,
    signature: Signature,
    params: Params,
    documentation: Documentation,
    measure: std::marker::PhantomData<M>,
}

impl<M: Measure> MeasureSummary<M> {
    pub(crate) fn new(name: &str) -> Self {
        let params = M::params();
        let example = M::EXAMPLE.replace("{name}", name);
        MeasureSummary {
            name: name.to_owned(),
            signature: Signature::variadic_any(Volatility::Immutable),
            documentation: params.documentation(name, M::DESCRIPTION, &example),
            params,
            measure: std::marker::PhantomData,
        }
    }

    fn kernel(&self, args: &AccumulatorArgs<'_>) -> Result<MeasureKernel<M>> {
        let params = self.params.required.iter().chain(&self.params.optional);
        let constants = params
            .enumerate()
            .map(|(i, p)| match p.kind {
                // Answers are columns; settings are constants.
                _ if i < M::DATA_COLUMNS => Ok(None),
                _ => constant(&self.name, args.exprs, i, &p.expected),
            })
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(MeasureKernel {
            function: self.name.clone(),
            columns: args.expr_fields.iter().map(|f| f.name().clone()).collect(),
            measure: M::from_constants(&self.name, &constants)?,
        })
    }
}

impl<M: Measure> AggregateUDFImpl for MeasureSummary<M> {
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
        let measure = M::from_constants(&self.name, &[])?;
        result_type(&MeasureKernel {
            function: self.name.clone(),
            columns: Vec::new(),
            measure,
        })
    }

    fn accumulator(&self, acc_args: AccumulatorArgs<'_>) -> Result<Box<dyn Accumulator>> {
        Ok(Box::new(Single::new(self.kernel(&acc_args)?)))
    }

    fn state_fields(&self, args: StateFieldsArgs<'_>) -> Result<Vec<FieldRef>> {
        Ok(state::fields(args.name, &M::layout()))
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

/// Adds each answered value of one integer column to its group's tally with `add`.
fn add_answers<T>(
    tallies: &mut [T],
    column: Option<&ArrayRef>,
    groups: &[usize],
    add: impl Fn(&mut T, i64) -> Result<(), service_quality::Error>,
) -> Result<(), Refused> {
    let Some(column) = column else { return Ok(()) };
    if column.data_type().is_null() {
        return Ok(());
    }
    let values = integers(column).map_err(|e| Refused::column(0, arrow_message(&e.to_string())))?;
    for (i, &g) in groups.iter().enumerate() {
        if values.is_null(i) {
            continue;
        }
        if let Some(tally) = tallies.get_mut(g) {
            add(tally, values.value(i)).map_err(|e| Refused::at(0, i, e))?;
        }
    }
    Ok(())
}

/// An integer that does not fit `i64` reported in the core crate's words.
pub(crate) fn arrow_message(message: &str) -> service_quality::Error {
    service_quality::Error::invalid_text("answer", message, "an integer within i64")
}

/// The level argument at `position`, or the default (95%).
pub(crate) fn level_at(
    function: &str,
    constants: &[Option<&ScalarValue>],
    position: usize,
) -> Result<Level, Error> {
    let expected = "a confidence level in (0, 1)";
    match constant_number(
        function,
        constants.get(position).copied().flatten(),
        position,
        expected,
    )? {
        Some(v) => {
            Level::new(v).map_err(|source| Error::from_core(function.to_owned(), None, source))
        }
        None => Ok(Level::default()),
    }
}

/// A method name argument at `position`, or the default.
pub(crate) fn method_at<T: std::str::FromStr<Err = service_quality::Error> + Default>(
    function: &str,
    constants: &[Option<&ScalarValue>],
    position: usize,
    expected: &str,
) -> Result<T, Error> {
    match constant_text(
        function,
        constants.get(position).copied().flatten(),
        position,
        expected,
    )? {
        Some(name) => name
            .parse()
            .map_err(|source| Error::from_core(function.to_owned(), None, source)),
        None => Ok(T::default()),
    }
}

/// Lower and upper bounds of an interval, both NULL when it does not exist.
fn bounds<E>(
    interval: Result<service_quality::metrics::Interval, E>,
) -> (Option<f64>, Option<f64>) {
    match interval {
        Ok(i) => (Some(i.lower()), Some(i.upper())),
        Err(_) => (None, None),
    }
}

/// `nps(answer [, method [, level]])`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct NpsMeasure {
    method: NpsMethod,
    level: LevelKey,
}

/// A level that can be compared and hashed (by its bits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct LevelKey(u64);

impl From<Level> for LevelKey {
    fn from(level: Level) -> Self {
        LevelKey(level.get().to_bits())
    }
}

impl LevelKey {
    pub(crate) fn level(self) -> Level {
        Level::new(f64::from_bits(self.0)).unwrap_or_default()
    }
}

impl Measure for NpsMeasure {
    const DATA_COLUMNS: usize = 1;

    type Tally = Nps;

    const DESCRIPTION: &'static str = "Net Promoter Score of the group's 0-10 answers (NULL is no answer): promoters, passives, \
         detractors, the score (-100 to 100) and its interval.";

    const EXAMPLE: &'static str =
        "SELECT team, {name}(recommend)['score'] FROM survey GROUP BY team";

    fn params() -> Params {
        Params {
            required: vec![Param::new(
                "answer",
                Kind::Integer,
                "an integer answer in 0..=10",
            )],
            optional: vec![
                Param::new(
                    "method",
                    Kind::Text,
                    "an NPS interval method: adjusted_wald or wald",
                ),
                Param::new("level", Kind::Number, "a confidence level in (0, 1)"),
            ],
        }
    }

    fn from_constants(function: &str, constants: &[Option<&ScalarValue>]) -> Result<Self, Error> {
        Ok(NpsMeasure {
            method: method_at(
                function,
                constants,
                1,
                "an NPS interval method: adjusted_wald or wald",
            )?,
            level: level_at(function, constants, 2)?.into(),
        })
    }

    fn empty(&self) -> Nps {
        Nps::new()
    }

    fn add_rows(
        &self,
        tallies: &mut [Nps],
        args: &[ArrayRef],
        groups: &[usize],
    ) -> Result<(), Refused> {
        add_answers(tallies, args.first(), groups, Nps::add)
    }

    fn merge(into: &mut Nps, other: &Nps) -> Result<(), service_quality::Error> {
        Merge::merge(into, other);
        Ok(())
    }

    fn layout() -> Layout {
        counts_layout("answered_", 0..=10)
    }

    fn write(tally: &Nps, out: &mut Writer) {
        for n in tally.counts() {
            out.count(n);
        }
    }

    fn read(&self, row: &mut Row<'_, '_>) -> Result<Result<Nps, service_quality::Error>> {
        Ok(Ok(Nps::from_counts(read_counts::<11>(row)?)))
    }

    fn record(&self, tallies: &[Nps]) -> Record {
        let intervals: Vec<_> = tallies
            .iter()
            .map(|t| bounds(t.interval_with(self.method, self.level.level())))
            .collect();
        Record::new()
            .count("count", tallies.iter().map(Nps::count))
            .count("promoters", tallies.iter().map(Nps::promoters))
            .count("passives", tallies.iter().map(Nps::passives))
            .count("detractors", tallies.iter().map(Nps::detractors))
            .number("score", tallies.iter().map(|t| t.score().ok()))
            .number("lower", intervals.iter().map(|b| b.0))
            .number("upper", intervals.iter().map(|b| b.1))
    }
}

/// `csat(answer [, scale_min, scale_max, satisfied_from [, method [, level]]])`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct CsatMeasure {
    scale: Scale,
    satisfied_from: i64,
    method: ShareMethod,
    level: LevelKey,
}

impl Measure for CsatMeasure {
    const DATA_COLUMNS: usize = 1;

    type Tally = Csat;

    const DESCRIPTION: &'static str = "Customer satisfaction of the group's answers (NULL is no answer): the satisfied count, \
         the share satisfied as a score (0 to 100) and its interval.";

    const EXAMPLE: &'static str =
        "SELECT team, {name}(satisfaction, 1, 5, 4)['score'] FROM survey GROUP BY team";

    fn params() -> Params {
        Params {
            required: vec![Param::new(
                "answer",
                Kind::Integer,
                "an integer answer on the CSAT scale",
            )],
            optional: vec![
                Param::new(
                    "min",
                    Kind::Integer,
                    "the scale minimum as an integer constant",
                ),
                Param::new(
                    "max",
                    Kind::Integer,
                    "the scale maximum as an integer constant",
                ),
                Param::new(
                    "satisfied_from",
                    Kind::Integer,
                    "the lowest satisfied answer as an integer constant",
                ),
                Param::new(
                    "method",
                    Kind::Text,
                    "a share interval method: wilson or wilson_corrected",
                ),
                Param::new("level", Kind::Number, "a confidence level in (0, 1)"),
            ],
        }
    }

    fn from_constants(function: &str, constants: &[Option<&ScalarValue>]) -> Result<Self, Error> {
        let default = Csat::default();
        let integer = |i: usize, expected: &str| -> Result<Option<i64>, Error> {
            let value =
                constant_number(function, constants.get(i).copied().flatten(), i, expected)?;
            Ok(value.map(|v| v as i64))
        };
        let model = |source| Error::from_core(function.to_owned(), None, source);
        let min = integer(1, "the scale minimum as an integer constant")?;
        let max = integer(2, "the scale maximum as an integer constant")?;
        let from = integer(3, "the lowest satisfied answer as an integer constant")?;
        let scale = match (min, max) {
            (Some(min), Some(max)) => {
                let bound =
                    |v: i64| i32::try_from(v).unwrap_or(if v < 0 { i32::MIN } else { i32::MAX });
                Scale::new(bound(min), bound(max)).map_err(model)?
            }
            _ => default.scale(),
        };
        let satisfied_from = from.unwrap_or(i64::from(default.satisfied_from()));
        // Checks the threshold against the scale now, so a bad one fails before any row.
        Csat::new(scale, satisfied_from).map_err(model)?;
        Ok(CsatMeasure {
            scale,
            satisfied_from,
            method: method_at(
                function,
                constants,
                4,
                "a share interval method: wilson or wilson_corrected",
            )?,
            level: level_at(function, constants, 5)?.into(),
        })
    }

    fn empty(&self) -> Csat {
        Csat::new(self.scale, self.satisfied_from).unwrap_or_default()
    }

    fn add_rows(
        &self,
        tallies: &mut [Csat],
        args: &[ArrayRef],
        groups: &[usize],
    ) -> Result<(), Refused> {
        add_answers(tallies, args.first(), groups, Csat::add)
    }

    fn merge(into: &mut Csat, other: &Csat) -> Result<(), service_quality::Error> {
        into.merge(other)
    }

    fn layout() -> Layout {
        vec![
            ("satisfied".to_owned(), Slot::Count),
            ("total".to_owned(), Slot::Count),
        ]
    }

    fn write(tally: &Csat, out: &mut Writer) {
        out.count(tally.satisfied());
        out.count(tally.count());
    }

    fn read(&self, row: &mut Row<'_, '_>) -> Result<Result<Csat, service_quality::Error>> {
        let (satisfied, total) = (row.count()?, row.count()?);
        Ok(Csat::from_counts(
            self.scale,
            self.satisfied_from,
            satisfied,
            total,
        ))
    }

    fn record(&self, tallies: &[Csat]) -> Record {
        let intervals: Vec<_> = tallies
            .iter()
            .map(|t| bounds(t.interval_with(self.method, self.level.level())))
            .collect();
        Record::new()
            .count("count", tallies.iter().map(Csat::count))
            .count("satisfied", tallies.iter().map(Csat::satisfied))
            .number("score", tallies.iter().map(|t| t.score().ok()))
            .number("lower", intervals.iter().map(|b| b.0))
            .number("upper", intervals.iter().map(|b| b.1))
    }
}

/// `ces(answer [, level])`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct CesMeasure {
    level: LevelKey,
}

impl Measure for CesMeasure {
    const DATA_COLUMNS: usize = 1;

    type Tally = Ces;

    const DESCRIPTION: &'static str = "Customer effort of the group's 1-7 answers (NULL is no answer): the mean, its spread \
         and interval, and the share of easy answers (5 or more).";

    const EXAMPLE: &'static str = "SELECT team, {name}(effort)['score'] FROM survey GROUP BY team";

    fn params() -> Params {
        Params {
            required: vec![Param::new(
                "answer",
                Kind::Integer,
                "an integer answer in 1..=7",
            )],
            optional: vec![Param::new(
                "level",
                Kind::Number,
                "a confidence level in (0, 1)",
            )],
        }
    }

    fn from_constants(function: &str, constants: &[Option<&ScalarValue>]) -> Result<Self, Error> {
        Ok(CesMeasure {
            level: level_at(function, constants, 1)?.into(),
        })
    }

    fn empty(&self) -> Ces {
        Ces::new()
    }

    fn add_rows(
        &self,
        tallies: &mut [Ces],
        args: &[ArrayRef],
        groups: &[usize],
    ) -> Result<(), Refused> {
        add_answers(tallies, args.first(), groups, Ces::add)
    }

    fn merge(into: &mut Ces, other: &Ces) -> Result<(), service_quality::Error> {
        Merge::merge(into, other);
        Ok(())
    }

    fn layout() -> Layout {
        counts_layout("answered_", 1..=7)
    }

    fn write(tally: &Ces, out: &mut Writer) {
        for n in tally.counts() {
            out.count(n);
        }
    }

    fn read(&self, row: &mut Row<'_, '_>) -> Result<Result<Ces, service_quality::Error>> {
        Ok(Ok(Ces::from_counts(read_counts::<7>(row)?)))
    }

    fn record(&self, tallies: &[Ces]) -> Record {
        let intervals: Vec<_> = tallies
            .iter()
            .map(|t| bounds(t.interval(self.level.level())))
            .collect();
        Record::new()
            .count("count", tallies.iter().map(Ces::count))
            .number("score", tallies.iter().map(|t| t.score().ok()))
            .number(
                "standard_deviation",
                tallies.iter().map(|t| t.standard_deviation().ok()),
            )
            .number("lower", intervals.iter().map(|b| b.0))
            .number("upper", intervals.iter().map(|b| b.1))
            .number("easy_share", tallies.iter().map(|t| t.easy_share().ok()))
    }
}

/// `breakdown_summary(process, rules, presentation, product, people [, severity])`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct BreakdownMeasure;

impl Measure for BreakdownMeasure {
    const DATA_COLUMNS: usize = 6;

    type Tally = Aggregate;

    const DESCRIPTION: &'static str = "Where the group's service breakdowns came from: each cause's severity-weighted share \
         above the floor of 1, where to start, the vital few and how many were unattributed.";

    const EXAMPLE: &'static str = "SELECT store, {name}(process, rules, presentation, product, people, severity)['where_to_start'] \
         FROM breakdowns GROUP BY store";

    fn params() -> Params {
        Params {
            required: Cause::iter()
                .map(|c| {
                    Param::new(
                        c.key(),
                        Kind::Integer,
                        format!("an integer rating for '{c}' in 1..=10"),
                    )
                })
                .collect(),
            optional: vec![Param::new(
                "severity",
                Kind::Number,
                "a severity in 1e-6..=1e9",
            )],
        }
    }

    fn from_constants(_function: &str, _constants: &[Option<&ScalarValue>]) -> Result<Self, Error> {
        Ok(BreakdownMeasure)
    }

    fn empty(&self) -> Aggregate {
        Aggregate::new()
    }

    fn add_rows(
        &self,
        tallies: &mut [Aggregate],
        args: &[ArrayRef],
        groups: &[usize],
    ) -> Result<(), Refused> {
        let causes = Cause::iter().count();
        let ratings = args
            .iter()
            .take(causes)
            .enumerate()
            .map(|(j, a)| {
                integers(a).map_err(|e| Refused::column(j, arrow_message(&e.to_string())))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let severity = match args.get(causes) {
            Some(a) if !a.data_type().is_null() => Some(
                cast_to(a, &DataType::Float64)
                    .map_err(|e| Refused::column(causes, arrow_message(&e.to_string())))?,
            ),
            _ => None,
        };
        let severity = severity.as_ref().map(|a| a.as_primitive::<Float64Type>());
        let column_of = |err: &service_quality::Error| {
            let key = match err {
                service_quality::Error::Missing { key, .. } => Some(key.as_str()),
                service_quality::Error::RatingOutOfRange { field, .. } => field.as_deref(),
                service_quality::Error::ValueOutOfRange { .. } => return causes,
                _ => None,
            };
            key.and_then(|k| Cause::iter().position(|c| c.key() == k))
                .unwrap_or(0)
        };
        for (i, &g) in groups.iter().enumerate() {
            // The usual row: every cause rated, taken without allocating.
            let (mut five, mut nulls) = ([0_i64; 5], 0);
            for (slot, r) in five.iter_mut().zip(&ratings) {
                if r.is_null(i) {
                    nulls += 1;
                } else {
                    *slot = r.value(i);
                }
            }
            if nulls == five.len() {
                // Every cause NULL: no breakdown on this row.
                continue;
            }
            let built = if nulls == 0 {
                Breakdown::new(five)
            } else {
                // A NULL among ratings: the pairs name the missing cause.
                Breakdown::from_pairs(
                    Cause::iter()
                        .zip(&ratings)
                        .filter(|(_, r)| r.is_valid(i))
                        .map(|(c, r)| (c, r.value(i))),
                )
            };
            let mut breakdown = built.map_err(|e| Refused::at(column_of(&e), i, e))?;
            if let Some(weights) = severity.filter(|w| w.is_valid(i)) {
                breakdown = breakdown
                    .try_with_severity(weights.value(i))
                    .map_err(|e| Refused::at(causes, i, e))?;
            }
            if let Some(tally) = tallies.get_mut(g) {
                tally.add(&breakdown);
            }
        }
        Ok(())
    }

    fn merge(into: &mut Aggregate, other: &Aggregate) -> Result<(), service_quality::Error> {
        Merge::merge(into, other);
        Ok(())
    }

    fn layout() -> Layout {
        let mut layout = vec![
            ("count".to_owned(), Slot::Count),
            ("unattributed".to_owned(), Slot::Count),
            ("total_weight".to_owned(), Slot::Exact),
            ("attributed_weight".to_owned(), Slot::Exact),
        ];
        for method in ["above_floor", "plain"] {
            for cause in Cause::iter() {
                layout.push((format!("{}_{method}", cause.key()), Slot::Exact));
            }
        }
        layout
    }

    fn write(tally: &Aggregate, out: &mut Writer) {
        let totals = tally.totals();
        out.count(totals.count);
        out.count(totals.unattributed);
        out.exact(totals.total_weight_units);
        out.exact(totals.attributed_weight_units);
        for sums in [totals.above_floor, totals.plain] {
            for sum in sums {
                out.exact(sum);
            }
        }
    }

    fn read(&self, row: &mut Row<'_, '_>) -> Result<Result<Aggregate, service_quality::Error>> {
        let (count, unattributed) = (row.count()?, row.count()?);
        let (total_weight_units, attributed_weight_units) = (row.exact()?, row.exact()?);
        let mut five = || -> Result<[u128; 5]> {
            Ok([
                row.exact()?,
                row.exact()?,
                row.exact()?,
                row.exact()?,
                row.exact()?,
            ])
        };
        let (above_floor, plain) = (five()?, five()?);
        Ok(Aggregate::from_totals(service_quality::breakdown::Totals {
            count,
            unattributed,
            total_weight_units,
            attributed_weight_units,
            above_floor,
            plain,
        }))
    }

    fn record(&self, tallies: &[Aggregate]) -> Record {
        let mut record = Record::new()
            .count("count", tallies.iter().map(Aggregate::count))
            .count("attributed", tallies.iter().map(Aggregate::attributed))
            .count("unattributed", tallies.iter().map(Aggregate::unattributed));
        for cause in Cause::iter() {
            record = record.number(cause.key(), tallies.iter().map(|t| t.share(cause).ok()));
        }
        let triages: Vec<_> = tallies
            .iter()
            .map(|t| t.evaluate(&TriagePolicy::default()).ok())
            .collect();
        record
            .text(
                "where_to_start",
                triages
                    .iter()
                    .map(|t| t.as_ref().map(|t| t.where_to_start().key())),
            )
            .texts(
                "vital_few",
                triages.iter().map(|t| {
                    t.as_ref()
                        .map(|t| t.vital_few().map(|(c, _)| c.key()).collect::<Vec<_>>())
                }),
            )
    }
}

/// `nps(answer [, method [, level]])`: the Net Promoter Score of 0–10 answers.
///
/// The optional arguments are constants: the interval method (`'adjusted_wald'`, the default,
/// or `'wald'`) and the confidence level (0.95 by default). NULL answers are no answers.
///
/// The result is a struct: `count`, `promoters`, `passives`, `detractors` (`UInt64`), `score`
/// (−100..=100), `lower` and `upper` (`Float64`, NULL when the group has no answers or the
/// interval does not exist).
///
/// # Errors
///
/// An answer outside 0..=10 fails the query with the core crate's message and the column; a
/// non-integer answer column, a method that is not a string or a level that is not a number
/// fails at planning; an unknown method or a level outside (0, 1) fails when the query starts.
///
/// ```
/// use datafusion::prelude::SessionContext;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> datafusion::error::Result<()> {
/// let ctx = SessionContext::new();
/// ctx.register_udaf(service_quality_datafusion::nps_udaf().as_ref().clone());
/// let sql = "SELECT nps(x)['score'] AS nps, nps(x, 'wald', 0.9)['upper'] < 100 AS bounded
///            FROM (VALUES (10), (9), (7), (3), (NULL)) AS t(x)";
/// let batches = ctx.sql(sql).await?.collect().await?;
/// let text = datafusion::arrow::util::pretty::pretty_format_batches(&batches)?.to_string();
/// assert!(text.contains("| 25.0 | true    |")); // (2 − 1) / 4 answers
///
/// let err = ctx.sql("SELECT nps(x) FROM (VALUES (12)) AS t(x)").await?.collect().await.unwrap_err();
/// assert!(err.to_string().contains("is 12, expected a value in 0..=10"));
/// # Ok(())
/// # }
/// ```
pub fn nps_udaf() -> Arc<AggregateUDF> {
    static INSTANCE: LazyLock<Arc<AggregateUDF>> =
        LazyLock::new(|| Arc::new(MeasureSummary::<NpsMeasure>::new("nps").into()));
    Arc::clone(&INSTANCE)
}

/// `csat(answer [, scale_min, scale_max, satisfied_from [, method [, level]]])`: the share of
/// satisfied answers.
///
/// Without the optional constants the scale is 1–5 with 4 and 5 satisfied; otherwise the
/// scale's bounds and the lowest satisfied answer come first, then the interval method
/// (`'wilson'`, the default, or `'wilson_corrected'`) and the level (0.95 by default). NULL
/// answers are no answers.
///
/// The result is a struct: `count`, `satisfied` (`UInt64`), `score` (percent), `lower` and
/// `upper` (`Float64`, NULL for a group with no answers).
///
/// # Errors
///
/// An answer off the scale fails the query with the core crate's message; a scale or threshold
/// the core crate rejects fails when the query starts; wrong argument types fail at planning.
///
/// ```
/// use datafusion::prelude::SessionContext;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> datafusion::error::Result<()> {
/// let ctx = SessionContext::new();
/// ctx.register_udaf(service_quality_datafusion::csat_udaf().as_ref().clone());
/// let sql = "SELECT csat(x)['score'] AS five, csat(x, 1, 7, 6)['score'] AS seven
///            FROM (VALUES (5), (4), (6), (2)) AS t(x)";
/// let err = ctx.sql(sql).await?.collect().await.unwrap_err(); // 6 is off the 1–5 scale
/// assert!(err.to_string().contains("is 6, expected a value in 1..=5"));
///
/// let sql = "SELECT csat(x, 1, 7, 6)['score'] AS seven FROM (VALUES (5), (4), (6), (7)) AS t(x)";
/// let batches = ctx.sql(sql).await?.collect().await?;
/// let text = datafusion::arrow::util::pretty::pretty_format_batches(&batches)?.to_string();
/// assert!(text.contains("| 50.0  |")); // 6 and 7 of four answers
/// # Ok(())
/// # }
/// ```
pub fn csat_udaf() -> Arc<AggregateUDF> {
    static INSTANCE: LazyLock<Arc<AggregateUDF>> =
        LazyLock::new(|| Arc::new(MeasureSummary::<CsatMeasure>::new("csat").into()));
    Arc::clone(&INSTANCE)
}

/// `ces(answer [, level])`: the Customer Effort Score of 1–7 answers.
///
/// The result is a struct: `count` (`UInt64`), `score` (the mean answer), `standard_deviation`,
/// `lower` and `upper` (the Student t interval at the level, 0.95 by default) and `easy_share`
/// (the share of answers of 5 or more), each `Float64` and NULL where it does not exist (no
/// answers; one answer or identical answers for the spread and interval).
///
/// # Errors
///
/// An answer outside 1..=7 fails the query with the core crate's message; wrong argument types
/// fail at planning.
///
/// ```
/// use datafusion::prelude::SessionContext;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> datafusion::error::Result<()> {
/// let ctx = SessionContext::new();
/// ctx.register_udaf(service_quality_datafusion::ces_udaf().as_ref().clone());
/// let sql = "SELECT ces(x)['score'] AS mean, ces(x)['lower'] IS NULL AS no_interval
///            FROM (VALUES (6), (6)) AS t(x)";
/// let batches = ctx.sql(sql).await?.collect().await?;
/// let text = datafusion::arrow::util::pretty::pretty_format_batches(&batches)?.to_string();
/// assert!(text.contains("| 6.0  | true        |")); // identical answers: no spread
///
/// let err = ctx.sql("SELECT ces(x) FROM (VALUES (0)) AS t(x)").await?.collect().await.unwrap_err();
/// assert!(err.to_string().contains("expected a value in 1..=7"));
/// # Ok(())
/// # }
/// ```
pub fn ces_udaf() -> Arc<AggregateUDF> {
    static INSTANCE: LazyLock<Arc<AggregateUDF>> =
        LazyLock::new(|| Arc::new(MeasureSummary::<CesMeasure>::new("ces").into()));
    Arc::clone(&INSTANCE)
}

/// `breakdown_summary(process, rules, presentation, product, people [, severity])`: service
/// breakdowns attributed to their causes.
///
/// Each row is one breakdown rated 1–10 per cause, with an optional severity weight (in
/// 1e-6..=1e9, the core crate's `Severity`; NULL or absent is 1). A row whose five ratings are all NULL is no
/// breakdown; a row with some NULL fails (every cause needs a rating).
///
/// The result is a struct: `count`, `attributed`, `unattributed` (`UInt64`; unattributed
/// breakdowns were rated 1 on every cause), one share per cause (`process`, `rules`,
/// `presentation`, `product`, `people`: the severity-weighted share above the floor of 1,
/// `Float64`, NULL when nothing was attributed), `where_to_start` (`Utf8`) and `vital_few` (a
/// list of causes reaching 80% together).
///
/// # Errors
///
/// A rating outside 1..=10, a partly NULL row or a severity outside 1e-6..=1e9 fails the
/// query with the core crate's message and the column; wrong argument types fail at planning.
///
/// ```
/// use datafusion::prelude::SessionContext;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> datafusion::error::Result<()> {
/// let ctx = SessionContext::new();
/// ctx.register_udaf(service_quality_datafusion::breakdown_summary_udaf().as_ref().clone());
/// let sql = "SELECT b['process'] AS process, b['where_to_start'] AS start, b['unattributed'] AS apart
///            FROM (SELECT breakdown_summary(pr, ru, pe, pd, pp) AS b
///                  FROM (VALUES (7, 3, 1, 1, 1), (1, 1, 1, 1, 1)) AS t(pr, ru, pe, pd, pp))";
/// let batches = ctx.sql(sql).await?.collect().await?;
/// let text = datafusion::arrow::util::pretty::pretty_format_batches(&batches)?.to_string();
/// assert!(text.contains("| 0.75    | process | 1     |"));
///
/// let bad = "SELECT breakdown_summary(1, 1, 11, 1, 1)";
/// assert!(ctx.sql(bad).await?.collect().await.unwrap_err().to_string()
///     .contains("rating for 'presentation' is 11, expected a value in 1..=10"));
/// # Ok(())
/// # }
/// ```
pub fn breakdown_summary_udaf() -> Arc<AggregateUDF> {
    static INSTANCE: LazyLock<Arc<AggregateUDF>> = LazyLock::new(|| {
        Arc::new(MeasureSummary::<BreakdownMeasure>::new("breakdown_summary").into())
    });
    Arc::clone(&INSTANCE)
}

#[cfg(test)]
mod tests {
    //! The measures' state columns round-trip, and a corrupted one is a typed error.
    use super::*;
    use datafusion::arrow::array::{FixedSizeBinaryArray, Float64Array, Int64Array, UInt64Array};
    use datafusion::logical_expr::EmitTo;
    use std::sync::Arc;

    fn kernel<M: Measure>(function: &str, measure: M) -> Tallies<MeasureKernel<M>> {
        Tallies::new(MeasureKernel {
            function: function.to_owned(),
            columns: Vec::new(),
            measure,
        })
    }

    fn ints(values: &[i64]) -> ArrayRef {
        Arc::new(Int64Array::from(values.to_vec()))
    }

    fn merge_error<M: Measure>(
        fresh: &mut Tallies<MeasureKernel<M>>,
        state: &[ArrayRef],
    ) -> String {
        match fresh.merge_batch(state, &[0], 1) {
            Ok(()) => panic!("a corrupted state was accepted"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn nps_state_is_the_eleven_counts_and_round_trips() {
        let nps = NpsMeasure::from_constants("nps", &[]).unwrap();
        let mut acc = kernel("nps", nps);
        acc.update_batch(&[ints(&[10, 9, 3, 10])], &[0, 0, 0, 0], None, 1)
            .unwrap();
        let state = acc.state(EmitTo::All).unwrap();
        assert_eq!(state.len(), 11);
        let tens = state[10].as_any().downcast_ref::<UInt64Array>().unwrap();
        assert_eq!(tens.value(0), 2);
        let mut back = kernel("nps", nps);
        back.merge_batch(&state, &[0], 1).unwrap();
        let mut direct = kernel("nps", nps);
        direct
            .update_batch(&[ints(&[10, 9, 3, 10])], &[0, 0, 0, 0], None, 1)
            .unwrap();
        assert_eq!(
            GroupsAccumulator::evaluate(&mut back, EmitTo::All)
                .unwrap()
                .to_data(),
            GroupsAccumulator::evaluate(&mut direct, EmitTo::All)
                .unwrap()
                .to_data()
        );
    }

    #[test]
    fn a_csat_state_with_more_satisfied_than_answers_is_refused() {
        let csat = CsatMeasure::from_constants("csat", &[]).unwrap();
        let bad: Vec<ArrayRef> = vec![
            Arc::new(UInt64Array::from(vec![5])),
            Arc::new(UInt64Array::from(vec![4])),
        ];
        assert!(merge_error(&mut kernel("csat", csat), &bad).ends_with(
            "csat: intermediate state is not valid: satisfied is 5, expected at most the total, 4"
        ));
    }

    #[test]
    fn a_breakdown_state_with_a_wrong_or_missing_sum_is_refused() {
        let mut acc = kernel("breakdown_summary", BreakdownMeasure);
        let ratings: Vec<ArrayRef> = [8, 6, 2, 3, 1].iter().map(|&r| ints(&[r])).collect();
        acc.update_batch(&ratings, &[0], None, 1).unwrap();
        let state = acc.state(EmitTo::All).unwrap();
        assert_eq!(state.len(), 4 + 2 * 5);
        // A total weight of 5 where the shares add up to 1.
        let mut bad = state.clone();
        let five = (5_u128 << 64).to_le_bytes();
        bad[2] = Arc::new(FixedSizeBinaryArray::try_from_iter([five].into_iter()).unwrap());
        let message = merge_error(&mut kernel("breakdown_summary", BreakdownMeasure), &bad);
        assert!(
            message.contains(
                "breakdown_summary: intermediate state is not valid: sum of plain shares is 1, \
                 expected the total weight, 5"
            ),
            "{message}"
        );
        // A float column where the exact sum belongs.
        let mut bad = state.clone();
        bad[2] = Arc::new(Float64Array::from(vec![1.0]));
        let message = merge_error(&mut kernel("breakdown_summary", BreakdownMeasure), &bad);
        assert!(message.contains("breakdown_summary"), "{message}");
        let mut short = state;
        short.truncate(13);
        let message = merge_error(&mut kernel("breakdown_summary", BreakdownMeasure), &short);
        assert!(
            message.ends_with("13 state columns, expected 14"),
            "{message}"
        );
    }
}
