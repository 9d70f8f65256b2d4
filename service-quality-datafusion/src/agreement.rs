//! `agreement(first, second [, weighting [, min, max [, level]]])`: how two raters' labels of
//! the same subjects agree, kept per group as the core crate's mergeable
//! [`PairCounts`](service_quality::reliability::PairCounts) (a contingency table), so the same
//! SQL gives the same coefficients on one partition, many, or a Ballista cluster.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::{Array, ArrayRef};
use datafusion::error::Result;
use datafusion::logical_expr::AggregateUDF;
use datafusion::scalar::ScalarValue;
use service_quality::reliability::{
    AgreementOptions, AgreementOutcome, Coefficient, PairCounts, Weighting,
};
use service_quality::{Merge, Scale};

use crate::Error;
use crate::args::{Kind, Param, Params, constant_number, integers};
use crate::measures::{
    LevelKey, Measure, MeasureSummary, Refused, arrow_message, level_at, method_at,
};
use crate::output::Record;
use crate::state::{Layout, Row, Slot, Writer};

/// The labels the state has a cell for: 0 to 10 covers yes/no (0, 1), 1–5, 1–7, 1–10 and 0–10
/// scales. A fixed range keeps the state a fixed set of columns, as DataFusion needs.
const LOWEST: i64 = 0;
const HIGHEST: i64 = 10;
const LABELS: usize = (HIGHEST - LOWEST + 1) as usize;

/// The settings of one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct AgreementMeasure {
    weighting: Weighting,
    /// The declared categories `min..=max`, or the labels observed.
    categories: Option<(i64, i64)>,
    level: LevelKey,
}

impl AgreementMeasure {
    fn options(&self) -> AgreementOptions {
        let options = AgreementOptions::default()
            .with_weighting(self.weighting)
            .with_level(self.level.level());
        match self.categories {
            // Checked when the settings were read: min < max, both within the labels.
            Some((min, max)) => options
                .clone()
                .try_with_categories(min..=max)
                .unwrap_or(options),
            None => options,
        }
    }

    /// The scale a label must lie on: the declared one, or all the labels the state holds.
    fn scale(&self) -> Scale {
        let (min, max) = self.categories.unwrap_or((LOWEST, HIGHEST));
        // Both lie within 0..=10 and min < max, so the scale exists.
        Scale::new(min as i32, max as i32).unwrap_or(Scale::ZERO_TO_TEN)
    }
}

const WEIGHTING: &str = "a weighting: unweighted, linear, quadratic or ordinal";

impl Measure for AgreementMeasure {
    const DATA_COLUMNS: usize = 2;

    type Tally = PairCounts;

    const DESCRIPTION: &'static str = "How two raters' labels (0 to 10) of the same subjects agree: percent agreement, Cohen's \
         kappa, Scott's pi, Gwet's AC1 (AC2 when weighted) with its interval, Brennan-Prediger \
         and Krippendorff's alpha. A row where either label is NULL is not a pair.";

    const EXAMPLE: &'static str =
        "SELECT item, {name}(reviewer_answer, lead_answer)['ac1'] FROM calibration GROUP BY item";

    fn params() -> Params {
        Params {
            required: vec![
                Param::new("first", Kind::Integer, "an integer label in 0..=10"),
                Param::new("second", Kind::Integer, "an integer label in 0..=10"),
            ],
            optional: vec![
                Param::new("weighting", Kind::Text, WEIGHTING),
                Param::new(
                    "min",
                    Kind::Integer,
                    "the lowest category as an integer constant",
                ),
                Param::new(
                    "max",
                    Kind::Integer,
                    "the highest category as an integer constant",
                ),
                Param::new("level", Kind::Number, "a confidence level in (0, 1)"),
            ],
        }
    }

    fn from_constants(function: &str, constants: &[Option<&ScalarValue>]) -> Result<Self, Error> {
        let integer = |i: usize, expected: &str| -> Result<Option<f64>, Error> {
            constant_number(function, constants.get(i).copied().flatten(), i, expected)
        };
        let min = integer(3, "the lowest category as an integer constant")?;
        let max = integer(4, "the highest category as an integer constant")?;
        let core = |source| Error::from_core(function.to_owned(), None, source);
        let label = |field: &'static str, v: f64| -> Result<i64, Error> {
            if v.fract() != 0.0 || !v.is_finite() {
                return Err(core(service_quality::Error::invalid_text(
                    field,
                    &v.to_string(),
                    "a whole number in 0..=10",
                )));
            }
            let v = v as i64;
            if Scale::ZERO_TO_TEN.contains(v) {
                Ok(v)
            } else {
                Err(core(service_quality::Error::rating_out_of_range(
                    Some(field),
                    v,
                    Scale::ZERO_TO_TEN,
                )))
            }
        };
        let categories = match (min, max) {
            (None, None) => None,
            (Some(min), Some(max)) => {
                let (min, max) = (label("min", min)?, label("max", max)?);
                // The categories must form a scale: min below max.
                Scale::new(min as i32, max as i32).map_err(core)?;
                Some((min, max))
            }
            (Some(_), None) | (None, Some(_)) => {
                return Err(core(service_quality::Error::invalid_text(
                    "categories",
                    "only one of min and max",
                    "both min and max, or neither",
                )));
            }
        };
        Ok(AgreementMeasure {
            weighting: method_at(function, constants, 2, WEIGHTING)?,
            categories,
            level: level_at(function, constants, 5)?.into(),
        })
    }

    fn empty(&self) -> PairCounts {
        PairCounts::new()
    }

    fn add_rows(
        &self,
        tallies: &mut [PairCounts],
        args: &[ArrayRef],
        groups: &[usize],
    ) -> Result<(), Refused> {
        let (Some(first), Some(second)) = (args.first(), args.get(1)) else {
            return Ok(());
        };
        if first.data_type().is_null() || second.data_type().is_null() {
            return Ok(());
        }
        let read = |j: usize, a: &ArrayRef| {
            integers(a).map_err(|e| Refused::column(j, arrow_message(&e.to_string())))
        };
        let (a, b) = (read(0, first)?, read(1, second)?);
        let scale = self.scale();
        let check = |j: usize, i: usize, field: &str, v: i64| {
            if scale.contains(v) {
                Ok(v)
            } else {
                Err(Refused::at(
                    j,
                    i,
                    service_quality::Error::rating_out_of_range(Some(field), v, scale),
                ))
            }
        };
        for (i, &g) in groups.iter().enumerate() {
            if a.is_null(i) || b.is_null(i) {
                continue;
            }
            let pair = (
                check(0, i, "first", a.value(i))?,
                check(1, i, "second", b.value(i))?,
            );
            if let Some(tally) = tallies.get_mut(g) {
                tally.add(pair.0, pair.1);
            }
        }
        Ok(())
    }

    fn merge(into: &mut PairCounts, other: &PairCounts) -> Result<(), service_quality::Error> {
        Merge::merge(into, other);
        Ok(())
    }

    fn layout() -> Layout {
        let mut layout = Vec::with_capacity(LABELS * LABELS);
        for a in LOWEST..=HIGHEST {
            for b in LOWEST..=HIGHEST {
                layout.push((format!("pairs_{a}_{b}"), Slot::Count));
            }
        }
        layout
    }

    fn write(tally: &PairCounts, out: &mut Writer) {
        let mut table = [[0u64; LABELS]; LABELS];
        for ((a, b), count) in tally.cells() {
            let cell = usize::try_from(a - LOWEST)
                .ok()
                .zip(usize::try_from(b - LOWEST).ok())
                .and_then(|(k, l)| table.get_mut(k).and_then(|row| row.get_mut(l)));
            if let Some(cell) = cell {
                *cell = count;
            }
        }
        for count in table.iter().flatten() {
            out.count(*count);
        }
    }

    fn read(&self, row: &mut Row<'_, '_>) -> Result<Result<PairCounts, service_quality::Error>> {
        let mut tally = PairCounts::new();
        for a in LOWEST..=HIGHEST {
            for b in LOWEST..=HIGHEST {
                tally.add_times(a, b, row.count()?);
            }
        }
        Ok(Ok(tally))
    }

    fn record(&self, tallies: &[PairCounts]) -> Record {
        let options = self.options();
        let outcome = |t: &PairCounts, which: Coefficient| {
            t.coefficient(which, &options)
                .unwrap_or(AgreementOutcome::NoPairs)
        };
        let value = |which: Coefficient| move |t: &PairCounts| outcome(t, which).value();
        let ac1: Vec<AgreementOutcome> = tallies
            .iter()
            .map(|t| outcome(t, Coefficient::Gwet))
            .collect();
        let bound = |pick: fn(&service_quality::metrics::Interval) -> f64| {
            ac1.iter()
                .map(move |o| o.estimate().and_then(|e| e.interval()).map(|i| pick(&i)))
        };
        Record::new()
            .count("pairs", tallies.iter().map(PairCounts::pairs))
            .number(
                "percent_agreement",
                tallies.iter().map(value(Coefficient::PercentAgreement)),
            )
            .number("kappa", tallies.iter().map(value(Coefficient::Conger)))
            .number("scott_pi", tallies.iter().map(value(Coefficient::Fleiss)))
            .number("ac1", ac1.iter().map(AgreementOutcome::value))
            .number(
                "ac1_lower",
                bound(service_quality::metrics::Interval::lower),
            )
            .number(
                "ac1_upper",
                bound(service_quality::metrics::Interval::upper),
            )
            .number(
                "brennan_prediger",
                tallies.iter().map(value(Coefficient::BrennanPrediger)),
            )
            .number(
                "alpha",
                tallies.iter().map(value(Coefficient::Krippendorff)),
            )
    }
}

/// `agreement(first, second [, weighting [, min, max [, level]]])`: how two raters' labels of
/// the same subjects agree, per group.
///
/// Each row is one subject (a call both a reviewer and the lead scored); a row where either
/// label is NULL is not a pair. Labels are integers in 0..=10 (yes/no as 1/0, a 1–5 rating as
/// it is). The optional constants are the weighting (`'unweighted'`, the default, `'linear'`,
/// `'quadratic'` or `'ordinal'`), the categories `min` and `max` (both or neither; without them
/// the categories are the labels observed in the group, which matters for Brennan–Prediger's
/// coefficient and AC1) and the level of AC1's interval (0.95).
///
/// The state is the group's contingency table (121 counts), merged by adding; the coefficients
/// are the core crate's [`Ratings::coefficient`](service_quality::reliability::Ratings) of that
/// table, so they equal the crate's however the rows were partitioned.
///
/// The result is a struct: `pairs` (`UInt64`), then `percent_agreement`, `kappa` (Cohen's),
/// `scott_pi`, `ac1` with `ac1_lower` and `ac1_upper`, `brennan_prediger` and `alpha`
/// (Krippendorff's), each `Float64` and NULL where the coefficient does not exist for the group
/// (no pairs; one category for the kappa family, where AC1 is still 1).
///
/// # Errors
///
/// A label outside 0..=10 (or the declared categories) fails the query with the core crate's
/// message naming the argument; an unknown weighting, a level outside (0, 1), categories that
/// are not whole numbers with 0 <= min < max <= 10, or only one of min and max fail when the
/// query starts; wrong argument types fail at planning.
///
/// ```
/// use datafusion::prelude::SessionContext;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> datafusion::error::Result<()> {
/// let ctx = SessionContext::new();
/// ctx.register_udaf(service_quality_datafusion::agreement_udaf().as_ref().clone());
/// // 20 calls: reviewer and lead both say "compliant" (1) on 18, split on 2.
/// let sql = "SELECT agreement(a, b)['percent_agreement'] AS pa,
///                   agreement(a, b)['kappa'] < 0 AS kappa_collapses,
///                   agreement(a, b)['ac1'] > 0.85 AS ac1_holds
///            FROM (SELECT 1 AS a, 1 AS b FROM generate_series(1, 18)
///                  UNION ALL VALUES (1, 0), (0, 1)) AS t";
/// let batches = ctx.sql(sql).await?.collect().await?;
/// let text = datafusion::arrow::util::pretty::pretty_format_batches(&batches)?.to_string();
/// assert!(text.contains("| 0.9 | true            | true      |"), "{text}");
///
/// let err = ctx.sql("SELECT agreement(a, b) FROM (VALUES (1, 11)) AS t(a, b)").await?.collect().await.unwrap_err();
/// assert!(err.to_string().contains("rating for 'second' is 11, expected a value in 0..=10"));
/// # Ok(())
/// # }
/// ```
pub fn agreement_udaf() -> Arc<AggregateUDF> {
    static INSTANCE: LazyLock<Arc<AggregateUDF>> =
        LazyLock::new(|| Arc::new(MeasureSummary::<AgreementMeasure>::new("agreement").into()));
    Arc::clone(&INSTANCE)
}
