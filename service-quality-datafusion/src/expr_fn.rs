//! The functions as [`Expr`]s for DataFusion's DataFrame API, as `datafusion::functions_aggregate::expr_fn`
//! offers the built-in ones: each calls the function's shared instance, so a DataFrame query
//! and the same SQL plan alike.
//!
//! ```
//! use datafusion::functions::core::expr_ext::FieldAccessor;
//! use datafusion::prelude::{SessionContext, col};
//! use service_quality_datafusion::{Functions, expr_fn};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> datafusion::error::Result<()> {
//! let ctx = SessionContext::new();
//! Functions::new().register(&ctx);
//! let df = ctx
//!     .sql("SELECT * FROM (VALUES ('north', 4, 5, 3, 4, 2, 9), ('north', 5, 5, 5, 5, 5, 10))
//!           AS t(team, p, r, o, u, d, nps)")
//!     .await?;
//! let ratings = ["p", "r", "o", "u", "d"].map(col);
//! let summary = df.aggregate(
//!     vec![col("team")],
//!     vec![
//!         expr_fn::proud_summary(ratings, None).alias("proud"),
//!         expr_fn::nps(col("nps")).alias("nps"),
//!     ],
//! )?;
//! let batches = summary
//!     .select(vec![col("proud").field("mean_overall"), col("nps").field("score")])?
//!     .collect()
//!     .await?;
//! let text = datafusion::arrow::util::pretty::pretty_format_batches(&batches)?.to_string();
//! assert!(text.contains("| 82.5 ") && text.contains("| 100.0 "), "{text}");
//! # Ok(())
//! # }
//! ```
//!
//! A run-time form's functions are made per form: call them with
//! [`AggregateUDF::call`](datafusion::logical_expr::AggregateUDF::call) on
//! [`FormFunctions::summary`](crate::FormFunctions::summary) (and `score`, `band`).

use datafusion::logical_expr::Expr;

use crate::{
    agreement_udaf, breakdown_summary_udaf, ces_udaf, csat_udaf, nps_udaf, proud_band_udf,
    proud_feelings_udaf, proud_score_udf, proud_summary_udaf,
};

/// The arguments of a call: the columns, then the optional trailing ones that are given.
fn args<const N: usize>(columns: [Expr; N], optional: impl IntoIterator<Item = Expr>) -> Vec<Expr> {
    columns.into_iter().chain(optional).collect()
}

/// `proud_summary(p, r, o, u, d [, policy])`, the ratings in PROUD order and the policy, if any,
/// as a JSON string literal (`lit(json)`).
pub fn proud_summary(ratings: [Expr; 5], policy: Option<Expr>) -> Expr {
    proud_summary_udaf().call(args(ratings, policy))
}

/// `proud_score(p, r, o, u, d [, policy])`.
pub fn proud_score(ratings: [Expr; 5], policy: Option<Expr>) -> Expr {
    proud_score_udf().call(args(ratings, policy))
}

/// `proud_band(p, r, o, u, d [, policy])`.
pub fn proud_band(ratings: [Expr; 5], policy: Option<Expr>) -> Expr {
    proud_band_udf().call(args(ratings, policy))
}

/// `nps(answer)`, with the default interval; call [`nps_udaf`] with more arguments for others.
pub fn nps(answer: Expr) -> Expr {
    nps_udaf().call(vec![answer])
}

/// `csat(answer)`, on the default 1-5 scale, satisfied from 4; call [`csat_udaf`] with the
/// scale's arguments for another.
pub fn csat(answer: Expr) -> Expr {
    csat_udaf().call(vec![answer])
}

/// `ces(answer)`, with the default interval.
pub fn ces(answer: Expr) -> Expr {
    ces_udaf().call(vec![answer])
}

/// `breakdown_summary(process, rules, presentation, product, people [, severity])`, the
/// ratings in the causes' order.
pub fn breakdown_summary(ratings: [Expr; 5], severity: Option<Expr>) -> Expr {
    breakdown_summary_udaf().call(args(ratings, severity))
}

/// `agreement(first, second)`, unweighted over the labels observed; call [`agreement_udaf`]
/// with a weighting and categories for others.
pub fn agreement(first: Expr, second: Expr) -> Expr {
    agreement_udaf().call(vec![first, second])
}

/// `proud_feelings(p, r, o, u, d, feeling, reaction)` under the default policy: the five
/// ratings in P, R, O, U, D order, then the feeling and reaction columns.
pub fn proud_feelings(ratings: [Expr; 5], feeling: Expr, reaction: Expr) -> Expr {
    proud_feelings_udaf().call(args(ratings, [feeling, reaction]))
}
