//! Arguments: the types each position accepts (checked when a query is planned), constant
//! arguments read when the accumulator is made, and integer columns read as ratings.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, Int64Array};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, FieldRef, Int64Type, UInt8Type};
use datafusion::error::Result;
use datafusion::logical_expr::{DocSection, Documentation};
use datafusion::physical_expr::PhysicalExpr;
use datafusion::physical_expr::expressions::Literal;
use datafusion::scalar::ScalarValue;

use crate::Error;

/// What one argument position accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    /// Any integer type (a rating, an answer).
    Integer,
    /// Any integer or floating-point type (a severity, a level).
    Number,
    /// A boolean (a yes/no answer).
    Boolean,
    /// A string (a choice label, a JSON setting, a method name).
    Text,
    /// Any of these.
    OneOf(&'static [Kind]),
}

impl Kind {
    fn accepts(self, data_type: &DataType) -> bool {
        if data_type.is_null() {
            return true;
        }
        match self {
            Kind::Integer => data_type.is_integer(),
            Kind::Number => data_type.is_integer() || data_type.is_floating(),
            Kind::Boolean => matches!(data_type, DataType::Boolean),
            Kind::Text => matches!(
                data_type,
                DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
            ),
            Kind::OneOf(kinds) => kinds.iter().any(|k| k.accepts(data_type)),
        }
    }
}

/// One argument position: its name in the documentation, what it accepts and how the error
/// describes it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Param {
    pub(crate) name: String,
    pub(crate) kind: Kind,
    pub(crate) expected: String,
}

impl Param {
    pub(crate) fn new(name: impl Into<String>, kind: Kind, expected: impl Into<String>) -> Self {
        Param {
            name: name.into(),
            kind,
            expected: expected.into(),
        }
    }
}

/// The arguments a function takes: `required` first, then up to all of `optional`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Params {
    pub(crate) required: Vec<Param>,
    pub(crate) optional: Vec<Param>,
}

impl Params {
    /// The function's documentation, as DataFusion lists its own functions: the syntax built from
    /// the argument names (optional ones in brackets), each argument with what it accepts, and
    /// an example.
    pub(crate) fn documentation(
        &self,
        function: &str,
        description: &str,
        example: &str,
    ) -> Documentation {
        let mut syntax = format!(
            "{function}({}",
            self.required
                .iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
        for p in &self.optional {
            syntax.push_str(&format!(" [, {}", p.name));
        }
        syntax.push_str(&"]".repeat(self.optional.len()));
        syntax.push(')');
        let section = DocSection {
            include: true,
            label: "Service quality",
            description: Some("The service-quality crate's models and measures"),
        };
        let mut doc = Documentation::builder(section, description, syntax);
        for p in &self.required {
            doc = doc.with_argument(&p.name, &p.expected);
        }
        for p in &self.optional {
            doc = doc.with_argument(&p.name, format!("optional: {}", p.expected));
        }
        doc.with_sql_example(example).build()
    }

    /// Checks the argument types of a call, naming the first argument at fault.
    pub(crate) fn check(&self, function: &str, types: &[DataType]) -> Result<(), Error> {
        self.check_named(function, types, &[])
    }

    /// [`check`](Self::check), with the inputs' names where known.
    pub(crate) fn check_named(
        &self,
        function: &str,
        types: &[DataType],
        names: &[&str],
    ) -> Result<(), Error> {
        let most = self.required.len() + self.optional.len();
        let params = self.required.iter().chain(&self.optional);
        for (i, (param, data_type)) in params.zip(types).enumerate() {
            if !param.kind.accepts(data_type) {
                return Err(Error::Argument {
                    function: function.to_owned(),
                    position: i + 1,
                    input: names.get(i).map(|n| (*n).to_owned()),
                    found: data_type.to_string(),
                    expected: param.expected.clone(),
                });
            }
        }
        if types.len() < self.required.len() {
            let missing = self.required.get(types.len());
            return Err(Error::Argument {
                function: function.to_owned(),
                position: types.len() + 1,
                input: None,
                found: "missing".to_owned(),
                expected: missing.map_or_else(String::new, |p| p.expected.clone()),
            });
        }
        if types.len() > most {
            return Err(Error::Argument {
                function: function.to_owned(),
                position: most + 1,
                input: None,
                found: "an extra argument".to_owned(),
                expected: format!("at most {most} arguments"),
            });
        }
        Ok(())
    }
}

/// A function's result field, after checking its arguments' fields with `params`: named after
/// the function and nullable, as DataFusion's default makes it, with the type `return_type`
/// gives for the arguments' types.
pub(crate) fn checked_return_field(
    function: &str,
    params: &Params,
    fields: &[FieldRef],
    return_type: impl FnOnce(&[DataType]) -> Result<DataType>,
) -> Result<FieldRef> {
    // The planner's fields name each input: the column, or the expression as written.
    let types: Vec<DataType> = fields.iter().map(|f| f.data_type().clone()).collect();
    let names: Vec<&str> = fields.iter().map(|f| f.name().as_str()).collect();
    params.check_named(function, &types, &names)?;
    Ok(Arc::new(Field::new(function, return_type(&types)?, true)))
}

/// The constant at `position` (counted from 0) of an aggregate's arguments, `None` when the
/// call has fewer arguments.
///
/// # Errors
///
/// [`Error::Argument`] when the argument is a column or an expression rather than a constant.
pub(crate) fn constant<'a>(
    function: &str,
    exprs: &'a [Arc<dyn PhysicalExpr>],
    position: usize,
    expected: &str,
) -> Result<Option<&'a ScalarValue>, Error> {
    let Some(expr) = exprs.get(position) else {
        return Ok(None);
    };
    match expr.downcast_ref::<Literal>() {
        Some(literal) => Ok(Some(literal.value())),
        None => Err(Error::Argument {
            function: function.to_owned(),
            position: position + 1,
            input: None,
            found: format!("the expression {expr}"),
            expected: format!("a constant: {expected}"),
        }),
    }
}

/// A constant string argument (`None` when absent or NULL).
pub(crate) fn constant_text(
    function: &str,
    value: Option<&ScalarValue>,
    position: usize,
    expected: &str,
) -> Result<Option<String>, Error> {
    let Some(value) = value else { return Ok(None) };
    if value.is_null() {
        return Ok(None);
    }
    match value.try_as_str() {
        Some(text) => Ok(text.map(str::to_owned)),
        None => Err(Error::Argument {
            function: function.to_owned(),
            position: position + 1,
            input: None,
            found: value.data_type().to_string(),
            expected: expected.to_owned(),
        }),
    }
}

/// A constant numeric argument (`None` when absent or NULL).
pub(crate) fn constant_number(
    function: &str,
    value: Option<&ScalarValue>,
    position: usize,
    expected: &str,
) -> Result<Option<f64>, Error> {
    let Some(value) = value else { return Ok(None) };
    if value.is_null() {
        return Ok(None);
    }
    let wrong = || Error::Argument {
        function: function.to_owned(),
        position: position + 1,
        input: None,
        found: value.data_type().to_string(),
        expected: expected.to_owned(),
    };
    match value.cast_to(&DataType::Float64) {
        Ok(ScalarValue::Float64(Some(v))) => Ok(Some(v)),
        _ => Err(wrong()),
    }
}

/// An integer column as `i64`s with its nulls (N/A), whatever its integer type.
///
/// # Errors
///
/// Arrow's cast error for a `UInt64` value beyond `i64::MAX`, which no scale holds.
pub(crate) fn integers(array: &ArrayRef) -> Result<Int64Array> {
    if let Some(values) = array.as_primitive_opt::<Int64Type>() {
        return Ok(values.clone());
    }
    let options = datafusion::arrow::compute::CastOptions {
        safe: false,
        ..Default::default()
    };
    let cast = datafusion::arrow::compute::cast_with_options(array, &DataType::Int64, &options)?;
    Ok(cast.as_primitive::<Int64Type>().clone())
}

/// A column of ratings as bytes, the batch scorer's input, with which rows are answered.
#[derive(Debug, Default)]
pub(crate) struct ByteColumn {
    /// One byte per row; a NULL row holds the scale minimum, never read.
    pub(crate) values: Vec<u8>,
    /// `Some` when any row is NULL: `false` marks N/A.
    pub(crate) answered: Option<Vec<bool>>,
}

impl ByteColumn {
    /// Appends an integer column, checking each answered value fits a byte; `off_scale` makes
    /// the error for one that does not, given its row in `array` and its value (every scale of
    /// the batch path lies within 0..=255, so such a value is off the scale).
    pub(crate) fn extend(
        &mut self,
        array: &ArrayRef,
        filler: u8,
        off_scale: impl Fn(usize, i64) -> Error,
    ) -> Result<()> {
        let before = self.values.len();
        if let Some(bytes) = array.as_primitive_opt::<UInt8Type>() {
            self.values.extend_from_slice(bytes.values());
        } else if array.data_type().is_null() {
            self.values.resize(before + array.len(), filler);
        } else {
            let wide = integers(array)?;
            self.values.reserve(wide.len());
            for (i, &v) in wide.values().iter().enumerate() {
                if wide.is_null(i) {
                    self.values.push(filler);
                } else {
                    self.values
                        .push(u8::try_from(v).map_err(|_| off_scale(i, v).into_datafusion())?);
                }
            }
        }
        // Logical nulls, so a column of the Null type (a literal NULL) reads as all N/A.
        match array.logical_nulls().filter(|n| n.null_count() > 0) {
            Some(nulls) => {
                let answered = self.answered.get_or_insert_with(|| vec![true; before]);
                answered.extend(nulls.iter());
            }
            None => {
                if let Some(answered) = &mut self.answered {
                    answered.resize(before + array.len(), true);
                }
            }
        }
        Ok(())
    }

    /// Empties the column, keeping its allocation.
    pub(crate) fn clear(&mut self) {
        self.values.clear();
        self.answered = None;
    }

    /// Bytes held.
    pub(crate) fn size(&self) -> usize {
        self.values.capacity() + self.answered.as_ref().map_or(0, Vec::capacity)
    }
}

/// Keeps only the rows `filter` marks true (a `FILTER (WHERE ...)` clause), in every argument
/// and the group indices alike.
pub(crate) fn filter_rows(
    values: &[ArrayRef],
    groups: &[usize],
    filter: &datafusion::arrow::array::BooleanArray,
) -> Result<(Vec<ArrayRef>, Vec<usize>)> {
    let kept = values
        .iter()
        .map(|v| datafusion::arrow::compute::filter(v, filter))
        .collect::<Result<Vec<_>, _>>()?;
    let groups = groups
        .iter()
        .enumerate()
        .filter(|&(i, _)| filter.is_valid(i) && filter.value(i))
        .map(|(_, &g)| g)
        .collect();
    Ok((kept, groups))
}

/// Casts an array to `data_type`, for arguments read row by row.
pub(crate) fn cast_to(array: &ArrayRef, data_type: &DataType) -> Result<ArrayRef> {
    Ok(cast(array, data_type)?)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use datafusion::arrow::array::{Int32Array, NullArray, UInt8Array};

    use super::*;

    fn params() -> Params {
        Params {
            required: vec![Param::new("rating", Kind::Integer, "an integer rating")],
            optional: vec![Param::new("policy", Kind::Text, "a policy")],
        }
    }

    #[test]
    fn checks_types_counts_and_names_the_first_argument_at_fault() {
        let p = params();
        assert!(p.check("f", &[DataType::Int8]).is_ok());
        assert!(p.check("f", &[DataType::Null, DataType::Utf8View]).is_ok());
        let message = |types: &[DataType]| p.check("f", types).unwrap_err().to_string();
        assert_eq!(
            message(&[DataType::Float64]),
            "f: argument 1 is Float64, expected an integer rating"
        );
        assert_eq!(
            message(&[]),
            "f: argument 1 is missing, expected an integer rating"
        );
        assert_eq!(
            message(&[DataType::Int64, DataType::Utf8, DataType::Int64]),
            "f: argument 3 is an extra argument, expected at most 2 arguments"
        );
        assert_eq!(
            message(&[DataType::Int64, DataType::Int64]),
            "f: argument 2 is Int64, expected a policy"
        );
    }

    #[test]
    fn documentation_lists_the_syntax_and_every_argument() {
        let mut p = params();
        p.optional
            .push(Param::new("level", Kind::Number, "a confidence level"));
        let doc = p.documentation("f", "Does f.", "SELECT f(3)");
        assert_eq!(doc.syntax_example, "f(rating [, policy [, level]])");
        assert_eq!(doc.description, "Does f.");
        assert_eq!(doc.sql_example.as_deref(), Some("SELECT f(3)"));
        let arguments = doc.arguments.unwrap_or_default();
        assert_eq!(
            arguments,
            [
                ("rating".to_owned(), "an integer rating".to_owned()),
                ("policy".to_owned(), "optional: a policy".to_owned()),
                (
                    "level".to_owned(),
                    "optional: a confidence level".to_owned()
                ),
            ]
        );
        assert_eq!(doc.doc_section.label, "Service quality");
    }

    fn off_scale(row: usize, value: i64) -> Error {
        Error::State {
            function: "f".into(),
            reason: format!("{value} at {row}"),
        }
    }

    #[test]
    fn byte_columns_keep_bytes_and_mark_nulls_as_not_answered() {
        let mut column = ByteColumn::default();
        let bytes: ArrayRef = Arc::new(UInt8Array::from(vec![1, 2, 3]));
        column.extend(&bytes, 1, off_scale).unwrap();
        assert_eq!(column.values, [1, 2, 3]);
        assert!(column.answered.is_none());
        let wide: ArrayRef = Arc::new(Int32Array::from(vec![Some(5), None]));
        column.extend(&wide, 1, off_scale).unwrap();
        assert_eq!(column.values, [1, 2, 3, 5, 1]);
        assert_eq!(
            column.answered.as_deref(),
            Some(&[true, true, true, true, false][..])
        );
        let nulls: ArrayRef = Arc::new(NullArray::new(2));
        column.extend(&nulls, 1, off_scale).unwrap();
        assert_eq!(
            column.answered.as_deref(),
            Some(&[true, true, true, true, false, false, false][..])
        );
        column.clear();
        assert!(column.values.is_empty() && column.answered.is_none());
    }

    #[test]
    fn a_value_beyond_a_byte_is_reported_by_the_caller_s_error() {
        let mut column = ByteColumn::default();
        let wide: ArrayRef = Arc::new(Int32Array::from(vec![Some(3), None, Some(-1)]));
        let err = column.extend(&wide, 1, off_scale).unwrap_err();
        assert!(
            err.to_string()
                .contains("f: intermediate state is not valid: -1 at 2"),
            "{err}"
        );
    }
}
