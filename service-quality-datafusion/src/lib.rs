//! The [`service-quality`](service_quality) crate's scoring and mergeable tallies as
//! [Apache DataFusion](https://datafusion.apache.org) functions, so a query engine that already
//! holds a year of reviews and survey answers (in Parquet files, a warehouse, a cluster) scores
//! and summarises them where they are, and [Ballista](https://datafusion.apache.org/ballista/)
//! runs the same SQL across machines.
//!
//! ```sql
//! SELECT team, proud_summary(p, r, o, u, d) AS proud, nps(recommend) AS nps
//! FROM reviews
//! GROUP BY team
//! ```
//!
//! # The functions
//!
//! | function | kind | what it gives |
//! |---|---|---|
//! | `proud_summary(p, r, o, u, d [, policy])` | aggregate | per group: count, mean overall score, mean of each principle, count per band, first-hurdle failures, weakest principle ([`ModelSummary`]) |
//! | `proud_score(p, r, o, u, d [, policy])`, `proud_band(...)` | scalar | one row's overall score and band ([`ModelScore`]) |
//! | `{prefix}_summary(item, ...)`, `{prefix}_score`, `{prefix}_band` | aggregate, scalar | a run-time form given at registration ([`FormFunctions`]) |
//! | `nps(answer [, method [, level]])` | aggregate | promoters, passives, detractors, score and interval ([`nps_udaf`]) |
//! | `csat(answer [, min, max, satisfied_from [, method [, level]]])` | aggregate | satisfied count, score and interval ([`csat_udaf`]) |
//! | `ces(answer [, level])` | aggregate | mean effort, spread, interval, share of easy answers ([`ces_udaf`]) |
//! | `breakdown_summary(process, rules, presentation, product, people [, severity])` | aggregate | share per cause, where to start, the vital few, unattributed count ([`breakdown_summary_udaf`]) |
//! | `agreement(first, second [, weighting [, min, max [, level]]])` | aggregate | two raters' agreement: percent, Cohen's kappa, Scott's pi, Gwet's AC1 with its interval, Brennan–Prediger, Krippendorff's alpha ([`agreement_udaf`]) |
//! | `proud_feelings(p, r, o, u, d, feeling, reaction [, policy])` | aggregate | how customers were made to feel (mean and interval) and the fight and flight counts of first-hurdle failures, beside `proud_summary`'s scores ([`proud_feelings_udaf`]) |
//!
//! [`Functions`] is the set a session registers, the built-in functions and any forms; the
//! same set must be registered on every node of a Ballista cluster (see the `ballista`
//! feature's [`cluster`] module).
//!
//! The built-in functions are shared instances, one per process, as DataFusion's own are
//! ([`proud_summary_udaf`], [`nps_udaf`] and the rest); [`expr_fn`] has them as expressions for
//! the DataFrame API. Each function carries its documentation (syntax, arguments, an example),
//! so a session with the information schema lists it in `information_schema.routines` beside
//! the built-in ones.
//!
//! Arguments are checked when a query is planned, by the functions themselves rather than by a
//! DataFusion type signature: the error then names the function, the argument's position,
//! the input as the query wrote it, and what that position takes (`proud_summary: argument 2
//! ('team') is Utf8, expected an integer rating for 'respect'`), where a signature's message
//! would list the accepted type sets.
//!
//! # Partial state and merge
//!
//! Every aggregate keeps, per group, one of the core crate's mergeable tallies
//! ([`Summary`](service_quality::Summary), [`FormSummary`](service_quality::form::FormSummary),
//! [`Nps`](service_quality::metrics::Nps), [`Csat`](service_quality::metrics::Csat),
//! [`Ces`](service_quality::metrics::Ces),
//! [`Aggregate`](service_quality::breakdown::Aggregate)). DataFusion's grouped accumulator API
//! holds the tallies of all groups in one vector. The intermediate state of a group is its
//! tally as Arrow columns of primitives, one per total (counts as `UInt64`, the core crate's
//! exact sums as `FixedSizeBinary(16)` integers of units: 2^-52 for scores, 2^-64 for the
//! breakdown's weights), as DataFusion's own `avg` keeps a count and a sum; a final aggregation
//! reads each
//! state back through the core crate's checked constructors
//! ([`Summary::from_stored`](service_quality::Summary::from_stored) and its kin), so a corrupted
//! state fails the query naming the function and the field, and merges it with the core crate's
//! own merge. There is no second copy of the arithmetic: a partition's rows, a merged state and
//! the crate's batch path give the same numbers, bit for bit, however the rows were split into
//! partitions and in whatever order the states arrived.
//!
//! PROUD rows are scored with the core crate's
//! [`BatchScorer`](service_quality::batch::BatchScorer): an Arrow `UInt8` column's values go to
//! it as they are, any other integer column is narrowed once, and Arrow's nulls become its mask
//! of answered cells. Rows are gathered across batches and scored about a million at a time,
//! so the scorer's per-group work is paid rarely.
//!
//! # NULL and bad input
//!
//! NULL means "not applicable": a rating that did not arise. Where the policy or form allows
//! N/A for that item it leaves the mean; where it does not, the query fails with the core
//! crate's message. An answer column's NULL is no answer (NPS, CSAT, CES), and a breakdown row
//! whose five ratings are all NULL is no breakdown.
//!
//! A rating off its scale fails the query with the core crate's message, the column named and
//! the row's place in the batch DataFusion handed the function, for example `proud_summary,
//! column 'r', row 2 of its batch: rating for 'respect' is 7, expected a value in 1..=5`. The error reaches DataFusion as [`DataFusionError::External`] holding an [`Error`];
//! [`find_error`] digs it out, also from the text a Ballista client receives for an executor's
//! failed task. An argument of the wrong type is a planning error
//! ([`DataFusionError::Plan`]) naming the function and the argument:
//! `proud_summary: argument 2 ('team') is Utf8, expected an integer rating for 'respect'`.
//!
//! [`DataFusionError::External`]: datafusion::error::DataFusionError::External
//! [`DataFusionError::Plan`]: datafusion::error::DataFusionError::Plan
//!
//! # Examples
//!
//! ```
//! use datafusion::prelude::SessionContext;
//! use service_quality_datafusion::Functions;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> datafusion::error::Result<()> {
//! let ctx = SessionContext::new();
//! Functions::new().register(&ctx);
//! ctx.sql("CREATE TABLE reviews (team TEXT, p INT, r INT, o INT, u INT, d INT, nps INT)
//!          AS VALUES ('north', 4, 5, 3, 4, 2, 9), ('north', 5, 5, 5, 5, 5, 10),
//!                    ('south', 2, 5, 5, 5, 5, 3)").await?;
//! let sql = "SELECT team,
//!                   proud_summary(p, r, o, u, d)['mean_overall'] AS proud,
//!                   proud_summary(p, r, o, u, d)['first_hurdle_failures'] AS hurdle,
//!                   nps(nps)['score'] AS nps
//!            FROM reviews GROUP BY team ORDER BY team";
//! let batches = ctx.sql(sql).await?.collect().await?;
//! let text = datafusion::arrow::util::pretty::pretty_format_batches(&batches)?.to_string();
//! assert_eq!(
//!     text,
//!     "\
//! +-------+-------+--------+--------+
//! | team  | proud | hurdle | nps    |
//! +-------+-------+--------+--------+
//! | north | 82.5  | 0      | 100.0  |
//! | south | 25.0  | 1      | -100.0 |
//! +-------+-------+--------+--------+"
//! );
//! # Ok(())
//! # }
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(missing_debug_implementations)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

mod accumulator;
mod agreement;
mod args;
#[cfg(feature = "ballista")]
#[cfg_attr(docsrs, doc(cfg(feature = "ballista")))]
pub mod cluster;
mod error;
pub mod expr_fn;
mod feelings;
mod form;
mod measures;
mod model;
mod output;
mod planner;
mod state;

use std::sync::{Arc, LazyLock};

use datafusion::error::{DataFusionError, Result};
use datafusion::execution::FunctionRegistry;
use datafusion::execution::session_state::SessionStateBuilder;
use datafusion::logical_expr::{AggregateUDF, ScalarUDF};
use datafusion::prelude::SessionContext;

pub use agreement::agreement_udaf;
pub use error::{Error, find_error};
pub use feelings::proud_feelings_udaf;
pub use form::FormFunctions;
pub use measures::{breakdown_summary_udaf, ces_udaf, csat_udaf, nps_udaf};
pub use model::{ModelScore, ModelSummary};

/// `proud_summary(p, r, o, u, d [, policy])`: see [`ModelSummary`]. One shared instance per
/// process, as DataFusion's own functions are.
pub fn proud_summary_udaf() -> Arc<AggregateUDF> {
    static INSTANCE: LazyLock<Arc<AggregateUDF>> =
        LazyLock::new(|| Arc::new(ModelSummary::proud().into()));
    Arc::clone(&INSTANCE)
}

/// `proud_score(p, r, o, u, d [, policy])`: see [`ModelScore`]. One shared instance per
/// process.
pub fn proud_score_udf() -> Arc<ScalarUDF> {
    static INSTANCE: LazyLock<Arc<ScalarUDF>> =
        LazyLock::new(|| Arc::new(ModelScore::proud_score().into()));
    Arc::clone(&INSTANCE)
}

/// `proud_band(p, r, o, u, d [, policy])`: see [`ModelScore`]. One shared instance per
/// process.
pub fn proud_band_udf() -> Arc<ScalarUDF> {
    static INSTANCE: LazyLock<Arc<ScalarUDF>> =
        LazyLock::new(|| Arc::new(ModelScore::proud_band().into()));
    Arc::clone(&INSTANCE)
}

/// The functions a session registers: the built-in ones and the functions of any forms added.
///
/// Register the same set everywhere a query is planned or run: on a local
/// [`SessionContext`] with [`register`](Self::register); on a Ballista cluster's scheduler,
/// executors and client with the [`cluster`] module (feature `ballista`), which takes a
/// `Functions`.
///
/// # Examples
///
/// ```
/// use datafusion::execution::FunctionRegistry;
/// use datafusion::prelude::SessionContext;
/// use service_quality_datafusion::{FormFunctions, Functions};
///
/// # fn main() -> Result<(), service_quality_datafusion::Error> {
/// let form = r#"{"key": "chat", "version": 1,
///                "items": [{"key": "greeting", "answer": {"scale": {"min": 1, "max": 5}}}]}"#;
/// let functions = Functions::new().with_form(FormFunctions::from_json("chat", form)?);
/// let ctx = SessionContext::new();
/// functions.register(&ctx);
/// assert!(ctx.udaf("proud_summary").is_ok());
/// assert!(ctx.udaf("chat_summary").is_ok());
/// assert!(ctx.udf("chat_band").is_ok());
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Default)]
pub struct Functions {
    forms: Vec<FormFunctions>,
}

impl Functions {
    /// The built-in functions, with no forms.
    pub fn new() -> Self {
        Functions::default()
    }

    /// Adds a form's three functions.
    pub fn with_form(mut self, form: FormFunctions) -> Self {
        self.forms.push(form);
        self
    }

    /// The forms added.
    pub fn forms(&self) -> &[FormFunctions] {
        &self.forms
    }

    /// Every aggregate function: the built-in ones (their shared instances), then each form's
    /// summary.
    pub fn aggregates(&self) -> Vec<Arc<AggregateUDF>> {
        let mut all = vec![
            proud_summary_udaf(),
            nps_udaf(),
            csat_udaf(),
            ces_udaf(),
            breakdown_summary_udaf(),
            agreement_udaf(),
            proud_feelings_udaf(),
        ];
        all.extend(self.forms.iter().map(|f| Arc::new(f.summary())));
        all
    }

    /// Every scalar function: the built-in ones (their shared instances), then each form's
    /// score and band.
    pub fn scalars(&self) -> Vec<Arc<ScalarUDF>> {
        let mut all = vec![proud_score_udf(), proud_band_udf()];
        for form in &self.forms {
            all.push(Arc::new(form.score()));
            all.push(Arc::new(form.band()));
        }
        all
    }

    /// Registers every function on a session, and the crate's planning checks (a setting
    /// given as a column, a field a result does not have) first among the session's
    /// expression planners. Putting it first rebuilds the session's state (keeping its id,
    /// tables and settings), which drops prepared statements: register before any `PREPARE`.
    pub fn register(&self, ctx: &SessionContext) {
        for f in self.aggregates() {
            ctx.register_udaf(f.as_ref().clone());
        }
        for f in self.scalars() {
            ctx.register_udf(f.as_ref().clone());
        }
        // The crate's planner goes first: DataFusion asks its planners in order, and its own
        // field-access planner would otherwise answer `summary['field']` before this crate can
        // say which fields a result has. A session has no way to insert a planner, so its
        // state is rebuilt with the list reordered.
        let state = ctx.state_ref();
        let mut state = state.write();
        if state
            .expr_planners()
            .first()
            .is_some_and(planner::is_call_checks)
        {
            return;
        }
        let mut planners = vec![planner::call_checks()];
        planners.extend(
            state
                .expr_planners()
                .iter()
                .filter(|p| !planner::is_call_checks(p))
                .cloned(),
        );
        // The rebuilt state keeps the session's id and its catalog setting, which the builder
        // would otherwise renew and turn off; prepared statements do not carry over.
        let session_id = state.session_id().to_owned();
        let create_catalog = state
            .config()
            .options()
            .catalog
            .create_default_catalog_and_schema;
        let mut rebuilt = SessionStateBuilder::new_from_existing(state.clone())
            .with_session_id(session_id)
            .with_expr_planners(planners)
            .build();
        rebuilt
            .config_mut()
            .options_mut()
            .catalog
            .create_default_catalog_and_schema = create_catalog;
        *state = rebuilt;
    }

    /// Registers every function with any registry, a `SessionState` being built, say, and the
    /// crate's planning checks after the registry's own planners (a registry without planners
    /// skips them). After DataFusion's field-access planner, an unknown result field gets
    /// DataFusion's message; [`register`](Self::register) puts the checks first.
    ///
    /// # Errors
    ///
    /// The registry's own error, if it refuses a function.
    ///
    /// ```
    /// use datafusion::execution::FunctionRegistry;
    /// use datafusion::execution::session_state::SessionStateBuilder;
    /// use service_quality_datafusion::Functions;
    ///
    /// let mut state = SessionStateBuilder::new().with_default_features().build();
    /// Functions::new().register_with(&mut state)?;
    /// assert!(state.udaf("breakdown_summary").is_ok());
    /// # Ok::<(), datafusion::error::DataFusionError>(())
    /// ```
    pub fn register_with(&self, registry: &mut dyn FunctionRegistry) -> Result<()> {
        for f in self.aggregates() {
            registry.register_udaf(f)?;
        }
        for f in self.scalars() {
            registry.register_udf(f)?;
        }
        if !registry.expr_planners().iter().any(planner::is_call_checks) {
            // A registry that only runs plans (a task's context) has no planners to add to.
            match registry.register_expr_planner(planner::call_checks()) {
                Ok(()) | Err(DataFusionError::NotImplemented(_)) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}
