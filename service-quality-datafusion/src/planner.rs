//! Checks made while SQL is planned, before anything runs: a setting given as a column, and a
//! field asked of a result struct that it does not have.

use datafusion::arrow::datatypes::DataType;
use datafusion::common::DFSchema;
use std::sync::{Arc, LazyLock};

use datafusion::error::{DataFusionError, Result};
use datafusion::logical_expr::expr::AggregateFunction;
use datafusion::logical_expr::planner::{
    ExprPlanner, PlannerResult, RawAggregateExpr, RawFieldAccessExpr,
};
use datafusion::logical_expr::{AggregateUDF, Expr, ExprSchemable, GetFieldAccess};
use service_quality::proud::Principle;

use crate::Error;
use crate::args::Params;
use crate::model::ModelSummary;

/// The crate's planner: registered with the functions, consulted by DataFusion's SQL planner for
/// every aggregate call and every `struct['field']`.
#[derive(Debug, Default)]
pub(crate) struct CallChecks;

/// Where an aggregate's constant arguments begin and what each argument takes, for this
/// crate's aggregates that have settings.
fn settings(func: &AggregateUDF) -> Option<(usize, &Params)> {
    let any: &dyn std::any::Any = func.inner().as_ref();
    if let Some(f) = any.downcast_ref::<ModelSummary<Principle>>() {
        return Some(f.settings());
    }
    crate::measures::settings(func)
}

/// Whether `func` is one of this crate's aggregates.
fn ours(func: &AggregateUDF) -> bool {
    settings(func).is_some() || crate::form::is_form_summary(func)
}

/// The one planner every session shares, so registering twice does not add it twice.
pub(crate) fn call_checks() -> Arc<dyn ExprPlanner> {
    static INSTANCE: LazyLock<Arc<dyn ExprPlanner>> = LazyLock::new(|| Arc::new(CallChecks));
    Arc::clone(&INSTANCE)
}

/// Whether `planner` is [`call_checks`]'s.
pub(crate) fn is_call_checks(planner: &Arc<dyn ExprPlanner>) -> bool {
    Arc::ptr_eq(planner, &call_checks())
}

impl ExprPlanner for CallChecks {
    /// A setting (a policy, a confidence level, a method) must be a constant, as the
    /// accumulator reads it once; one that refers to a column is refused here, while the query
    /// is planned, instead of when it runs.
    fn plan_aggregate(&self, expr: RawAggregateExpr) -> Result<PlannerResult<RawAggregateExpr>> {
        if let Some((first, params)) = settings(&expr.func) {
            let expected = params.required.iter().chain(&params.optional);
            for (i, (arg, param)) in expr.args.iter().zip(expected).enumerate().skip(first) {
                if !arg.column_refs().is_empty() {
                    return Err(Error::Argument {
                        function: expr.func.name().to_owned(),
                        position: i + 1,
                        input: Some(arg.to_string()),
                        found: "a column or expression".to_owned(),
                        expected: format!("a constant: {}", param.expected),
                    }
                    .into());
                }
            }
        }
        Ok(PlannerResult::Original(expr))
    }

    /// `summary['mean']` of one of this crate's results: a field it does not have is refused
    /// with the fields it has, instead of DataFusion's bare "Field mean not found in struct".
    fn plan_field_access(
        &self,
        expr: RawFieldAccessExpr,
        schema: &DFSchema,
    ) -> Result<PlannerResult<RawFieldAccessExpr>> {
        let (
            Expr::AggregateFunction(AggregateFunction { func, .. }),
            GetFieldAccess::NamedStructField { name },
        ) = (&expr.expr, &expr.field_access)
        else {
            return Ok(PlannerResult::Original(expr));
        };
        if !ours(func) {
            return Ok(PlannerResult::Original(expr));
        }
        let (Ok(DataType::Struct(fields)), Some(Some(name))) =
            (expr.expr.get_type(schema), name.try_as_str())
        else {
            return Ok(PlannerResult::Original(expr));
        };
        if fields.iter().any(|f| f.name() == name) {
            return Ok(PlannerResult::Original(expr));
        }
        let core = service_quality::Error::unknown_name(
            "result field",
            name,
            fields.iter().map(|f| f.name().as_str()),
        );
        Err(DataFusionError::Plan(
            Error::from_core(func.name(), None, core).to_string(),
        ))
    }
}
