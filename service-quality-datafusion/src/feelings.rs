//! `proud_feelings(p, r, o, u, d, feeling, reaction [, policy])`: how customers were made to
//! feel, and how those whose service failed at the first hurdle coped, kept per group as the
//! core crate's mergeable [`Feelings`] (a count, exact sums and two reaction counts), so the
//! same SQL gives the same bits on one partition, many, or a Ballista cluster.

use std::hash::{Hash, Hasher};
use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::{Array, ArrayRef, AsArray};
use datafusion::arrow::datatypes::DataType;
use datafusion::error::Result;
use datafusion::logical_expr::AggregateUDF;
use datafusion::scalar::ScalarValue;
use service_quality::metrics::Level;
use service_quality::proud::{
    Assessment, CopingReaction, Feelings, Principle, ProudPolicy, StoredFeelings,
};
use service_quality::{Merge, Ratings};

use crate::Error;
use crate::args::{Kind, Param, Params, cast_to, constant_text, integers};
use crate::measures::{Measure, MeasureSummary, Refused, arrow_message};
use crate::output::Record;
use crate::state::{Layout, Row, Slot, Writer};

/// The five ratings, the feeling and the reaction.
const DATA_COLUMNS: usize = 7;
/// The argument of the feeling, and of the reaction after it.
const FEELING: usize = 5;
const REACTION: usize = 6;

/// The settings of one call: the policy (its scale and first-hurdle rule), and the JSON it was
/// given as, which is what two calls are compared and hashed by.
#[derive(Debug, Clone)]
pub(crate) struct FeelingsMeasure {
    policy: ProudPolicy,
    json: Option<String>,
}

impl PartialEq for FeelingsMeasure {
    fn eq(&self, other: &Self) -> bool {
        self.json == other.json
    }
}

impl Eq for FeelingsMeasure {}

impl Hash for FeelingsMeasure {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.json.hash(state);
    }
}

impl Measure for FeelingsMeasure {
    const DATA_COLUMNS: usize = DATA_COLUMNS;

    type Tally = Feelings;

    const DESCRIPTION: &'static str = "How the group's customers were made to feel (the mean of the recorded feelings, \
         normalised to 0-100, with its t interval) and how those whose service failed at the \
         first hurdle coped (fight and flight counts), beside proud_summary's scores.";

    const EXAMPLE: &'static str = "SELECT team, {name}(p, r, o, u, d, feeling, reaction)['mean_feeling'] FROM reviews \
         GROUP BY team";

    fn params() -> Params {
        let mut required: Vec<Param> = Principle::iter()
            .map(|p| {
                Param::new(
                    p.key(),
                    Kind::Integer,
                    format!("an integer rating for '{}'", p.key()),
                )
            })
            .collect();
        required.push(Param::new(
            "feeling",
            Kind::Integer,
            "an integer rating of the customer's feeling on the policy's scale (NULL: none recorded)",
        ));
        required.push(Param::new(
            "reaction",
            Kind::Text,
            "'fight' or 'flight' (NULL: none recorded)",
        ));
        Params {
            required,
            optional: vec![Param::new(
                "policy",
                Kind::Text,
                "a PROUD policy as a JSON string",
            )],
        }
    }

    fn from_constants(function: &str, constants: &[Option<&ScalarValue>]) -> Result<Self, Error> {
        let expected = "a PROUD policy as a JSON string";
        let json = constant_text(
            function,
            constants.get(DATA_COLUMNS).copied().flatten(),
            DATA_COLUMNS,
            expected,
        )?;
        let policy = match &json {
            Some(text) => serde_json::from_str(text).map_err(|e| Error::Json {
                function: function.to_owned(),
                what: "policy",
                reason: e.to_string(),
            })?,
            None => ProudPolicy::default(),
        };
        Ok(FeelingsMeasure { policy, json })
    }

    fn empty(&self) -> Feelings {
        Feelings::new()
    }

    fn add_rows(
        &self,
        tallies: &mut [Feelings],
        args: &[ArrayRef],
        groups: &[usize],
    ) -> Result<(), Refused> {
        let column = |j: usize| {
            let array = args
                .get(j)
                .ok_or_else(|| Refused::column(j, arrow_message("the argument is missing")))?;
            integers(array).map_err(|e| Refused::column(j, arrow_message(&e.to_string())))
        };
        let ratings = (0..FEELING).map(column).collect::<Result<Vec<_>, _>>()?;
        let feeling = column(FEELING)?;
        let reaction = args
            .get(REACTION)
            .ok_or_else(|| Refused::column(REACTION, arrow_message("the argument is missing")))
            .and_then(|a| {
                cast_to(a, &DataType::Utf8)
                    .map_err(|e| Refused::column(REACTION, arrow_message(&e.to_string())))
            })?;
        let reaction = reaction.as_string::<i32>();
        let scale = self.policy.scale();
        for (i, &g) in groups.iter().enumerate() {
            let ratings = Ratings::from_optional_fn(scale, |p: Principle| {
                ratings
                    .get(p.index())
                    .and_then(|r| r.is_valid(i).then(|| r.value(i)))
            })
            .map_err(|e| Refused::at(rating_column(&e), i, e))?;
            let mut assessment = Assessment::new(ratings);
            if feeling.is_valid(i) {
                assessment = assessment
                    .try_with_feeling(feeling.value(i))
                    .map_err(|e| Refused::at(FEELING, i, e))?;
            }
            if reaction.is_valid(i) {
                let coped = reaction
                    .value(i)
                    .trim()
                    .parse::<CopingReaction>()
                    .map_err(|e| Refused::at(REACTION, i, e))?;
                assessment = assessment.with_reaction(coped);
            }
            let verdict = assessment
                .evaluate(&self.policy)
                .map_err(|e| Refused::at(rating_column(&e), i, e))?;
            if let Some(tally) = tallies.get_mut(g) {
                tally.add(&verdict);
            }
        }
        Ok(())
    }

    fn merge(into: &mut Feelings, other: &Feelings) -> Result<(), service_quality::Error> {
        Merge::merge(into, other);
        Ok(())
    }

    fn layout() -> Layout {
        vec![
            ("recorded".to_owned(), Slot::Count),
            ("feeling_sum".to_owned(), Slot::Exact),
            ("feeling_sum_of_squares".to_owned(), Slot::Exact),
            ("fight".to_owned(), Slot::Count),
            ("flight".to_owned(), Slot::Count),
        ]
    }

    fn write(tally: &Feelings, out: &mut Writer) {
        let stored = tally.stored();
        out.count(stored.recorded);
        out.exact(stored.sum_units);
        out.exact(stored.sum_of_squares_units);
        out.count(stored.fight);
        out.count(stored.flight);
    }

    fn read(&self, row: &mut Row<'_, '_>) -> Result<Result<Feelings, service_quality::Error>> {
        let stored = StoredFeelings {
            recorded: row.count()?,
            sum_units: row.exact()?,
            sum_of_squares_units: row.exact()?,
            fight: row.count()?,
            flight: row.count()?,
        };
        Ok(Feelings::from_stored(stored))
    }

    fn record(&self, tallies: &[Feelings]) -> Record {
        let intervals: Vec<(Option<f64>, Option<f64>)> = tallies
            .iter()
            .map(|t| match t.mean_interval(Level::default()) {
                Ok(i) => (Some(i.lower()), Some(i.upper())),
                Err(_) => (None, None),
            })
            .collect();
        Record::new()
            .count("recorded", tallies.iter().map(Feelings::recorded))
            .number(
                "mean_feeling",
                tallies.iter().map(|t| t.mean().map(|m| m.get())),
            )
            .number("lower", intervals.iter().map(|b| b.0))
            .number("upper", intervals.iter().map(|b| b.1))
            .count(
                "fight",
                tallies.iter().map(|t| t.reactions(CopingReaction::Fight)),
            )
            .count(
                "flight",
                tallies.iter().map(|t| t.reactions(CopingReaction::Flight)),
            )
    }
}

/// The argument a rating error is about: the principle it names, or the first.
fn rating_column(error: &service_quality::Error) -> usize {
    let named = match error {
        service_quality::Error::RatingOutOfRange {
            field: Some(field), ..
        } => Some(field.as_str()),
        service_quality::Error::InvalidAnswer { item, .. } => Some(item.as_str()),
        _ => None,
    };
    named
        .and_then(|name| Principle::iter().position(|p| p.key() == name))
        .unwrap_or(0)
}

/// `proud_feelings(p, r, o, u, d, feeling, reaction [, policy])`: the customer's feeling and the
/// fight and flight counts of a group's PROUD reviews, the part of the core crate's
/// `ProudSummary` that `proud_summary` leaves out.
///
/// Each row is one review: the five ratings (NULL is "not applicable", where the policy allows
/// it), how the customer was made to feel on the policy's scale, and their coping reaction
/// (`'fight'` or `'flight'`), each NULL where the observer recorded none. A reaction counts only
/// where the review failed the first hurdle, as in the core crate. The optional policy is a
/// PROUD policy as JSON, as for `proud_summary`.
///
/// The result is a struct: `recorded` (`UInt64`, the reviews with a feeling), `mean_feeling`
/// (0-100), `lower` and `upper` (its Student t interval at 95%), each `Float64` and NULL where
/// it does not exist, and `fight` and `flight` (`UInt64`).
///
/// # Errors
///
/// A rating or feeling off the policy's scale, or a reaction other than fight or flight, fails
/// the query with the core crate's message; wrong argument types fail at planning.
///
/// ```
/// use datafusion::prelude::SessionContext;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> datafusion::error::Result<()> {
/// let ctx = SessionContext::new();
/// ctx.register_udaf(service_quality_datafusion::proud_feelings_udaf().as_ref().clone());
/// let sql = "SELECT proud_feelings(p, 4, 4, 4, 4, f, c)['mean_feeling'] AS feeling,
///                   proud_feelings(p, 4, 4, 4, 4, f, c)['flight'] AS flight
///            FROM (VALUES (1, 1, 'flight'), (4, 4, NULL), (5, NULL, NULL)) AS t(p, f, c)";
/// let batches = ctx.sql(sql).await?.collect().await?;
/// let text = datafusion::arrow::util::pretty::pretty_format_batches(&batches)?.to_string();
/// assert!(text.contains("| 37.5    | 1      |")); // (0 + 75) / 2; one rude review walked out
///
/// let sql = "SELECT proud_feelings(4, 4, 4, 4, 4, 4, 'ran') FROM (VALUES (1)) AS t(x)";
/// let err = ctx.sql(sql).await?.collect().await.unwrap_err();
/// assert!(err.to_string().contains("unknown coping reaction 'ran'"));
/// # Ok(())
/// # }
/// ```
pub fn proud_feelings_udaf() -> Arc<AggregateUDF> {
    static INSTANCE: LazyLock<Arc<AggregateUDF>> =
        LazyLock::new(|| Arc::new(MeasureSummary::<FeelingsMeasure>::new("proud_feelings").into()));
    Arc::clone(&INSTANCE)
}
