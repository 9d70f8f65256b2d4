//! Results as Arrow struct arrays, built field by field so the result type is whatever the
//! evaluation builds (a kernel's result type is its result over no tallies).

use std::sync::Arc;

use datafusion::arrow::array::{
    ArrayRef, Float64Array, ListBuilder, StringArray, StringBuilder, StructArray, UInt64Array,
};
use datafusion::arrow::datatypes::{Field, FieldRef, Fields};
use datafusion::error::Result;

/// The fields and columns of a struct result, in order.
#[derive(Debug, Default)]
pub(crate) struct Record {
    fields: Vec<FieldRef>,
    columns: Vec<ArrayRef>,
}

impl Record {
    pub(crate) fn new() -> Self {
        Record::default()
    }

    fn push(mut self, name: &str, nullable: bool, column: ArrayRef) -> Self {
        self.fields.push(Arc::new(Field::new(
            name,
            column.data_type().clone(),
            nullable,
        )));
        self.columns.push(column);
        self
    }

    /// A count, never NULL.
    pub(crate) fn count(self, name: &str, values: impl Iterator<Item = u64>) -> Self {
        self.push(name, false, Arc::new(UInt64Array::from_iter_values(values)))
    }

    /// A number, NULL where there is none (nothing scored, an interval that does not exist).
    pub(crate) fn number(self, name: &str, values: impl Iterator<Item = Option<f64>>) -> Self {
        self.push(name, true, Arc::new(values.collect::<Float64Array>()))
    }

    /// A word, NULL where there is none.
    pub(crate) fn text<S: AsRef<str>>(
        self,
        name: &str,
        values: impl Iterator<Item = Option<S>>,
    ) -> Self {
        self.push(name, true, Arc::new(values.collect::<StringArray>()))
    }

    /// A list of words per row, NULL where there is none.
    pub(crate) fn texts<S: AsRef<str>, L: IntoIterator<Item = S>>(
        self,
        name: &str,
        values: impl Iterator<Item = Option<L>>,
    ) -> Self {
        let mut builder = ListBuilder::new(StringBuilder::new());
        for row in values {
            match row {
                Some(words) => {
                    for w in words {
                        builder.values().append_value(w);
                    }
                    builder.append(true);
                }
                None => builder.append(false),
            }
        }
        self.push(name, true, Arc::new(builder.finish()))
    }

    /// A nested struct, never NULL itself.
    pub(crate) fn nested(self, name: &str, record: Record, rows: usize) -> Result<Self> {
        let nested = record.finish(rows)?;
        Ok(self.push(name, false, nested))
    }

    /// The struct array of `rows` rows.
    pub(crate) fn finish(self, rows: usize) -> Result<ArrayRef> {
        if self.fields.is_empty() {
            return Ok(Arc::new(StructArray::new_empty_fields(rows, None)));
        }
        Ok(Arc::new(StructArray::try_new(
            Fields::from(self.fields),
            self.columns,
            None,
        )?))
    }
}
