//! Partial states as Arrow columns of primitives, the way DataFusion's own `avg` and `variance`
//! keep theirs: one column per total (counts as `UInt64`, the core crate's exact sums as
//! 16-byte little-endian integers), merged column by column without a document per group.
//!
//! A state read back from another partition or executor is untrusted: the columns are checked
//! against the layout (number, types, lengths), a null inside a non-null state is refused, and
//! every row is rebuilt through the core crate's checked constructors (`Summary::from_stored`
//! and its kin), so a corrupted or hand-made state fails the query with the crate's typed error
//! naming the function and the field, never a panic and never a wrong total.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, FixedSizeBinaryArray, UInt64Array};
use datafusion::arrow::buffer::NullBuffer;
use datafusion::arrow::datatypes::{DataType, Field, FieldRef, UInt64Type};
use datafusion::error::Result;
use datafusion::logical_expr::utils::format_state_name;

use service_quality::{StoredItem, StoredTotals};

use crate::Error;

/// Bytes of an exact sum: a `u128`, little-endian.
const EXACT_BYTES: i32 = 16;

/// What one state column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    /// A count, as `UInt64`.
    Count,
    /// An exact sum in units (2^-52 for scores, 2^-64 for breakdown weights), as a 16-byte
    /// little-endian `FixedSizeBinary`.
    Exact,
}

impl Slot {
    fn data_type(self) -> DataType {
        match self {
            Slot::Count => DataType::UInt64,
            Slot::Exact => DataType::FixedSizeBinary(EXACT_BYTES),
        }
    }
}

/// A state's columns in order: each one's name and what it holds.
pub(crate) type Layout = Vec<(String, Slot)>;

/// The state fields DataFusion asks for: one nullable field per layout column, named after the
/// function's output (`proud_summary(...)[count]`, say).
pub(crate) fn fields(name: &str, layout: &Layout) -> Vec<FieldRef> {
    layout
        .iter()
        .map(|(column, slot)| {
            Arc::new(Field::new(
                format_state_name(name, column),
                slot.data_type(),
                true,
            ))
        })
        .collect()
}

/// One column being written.
#[derive(Debug)]
enum Builder {
    Count(Vec<u64>),
    Exact(Vec<u8>),
}

/// Writes states row by row into their columns: each state calls [`count`](Self::count) and
/// [`exact`](Self::exact) in layout order.
#[derive(Debug)]
pub(crate) struct Writer {
    columns: Vec<Builder>,
    next: usize,
    /// A value of the wrong kind for its column was written: a kernel bug, reported at finish.
    misplaced: bool,
}

impl Writer {
    pub(crate) fn new(layout: &Layout, rows: usize) -> Self {
        let columns = layout
            .iter()
            .map(|(_, slot)| match slot {
                Slot::Count => Builder::Count(Vec::with_capacity(rows)),
                Slot::Exact => Builder::Exact(Vec::with_capacity(rows * 16)),
            })
            .collect();
        Writer {
            columns,
            next: 0,
            misplaced: false,
        }
    }

    fn slot(&mut self) -> Option<&mut Builder> {
        let len = self.columns.len();
        let column = self.columns.get_mut(self.next);
        self.next = if self.next + 1 >= len {
            0
        } else {
            self.next + 1
        };
        column
    }

    /// The next column's value: a count.
    pub(crate) fn count(&mut self, value: u64) {
        match self.slot() {
            Some(Builder::Count(v)) => v.push(value),
            _ => self.misplaced = true,
        }
    }

    /// The next column's value: an exact sum's units.
    pub(crate) fn exact(&mut self, units: u128) {
        match self.slot() {
            Some(Builder::Exact(v)) => v.extend_from_slice(&units.to_le_bytes()),
            _ => self.misplaced = true,
        }
    }

    /// The columns.
    pub(crate) fn finish(self, function: &str) -> Result<Vec<ArrayRef>> {
        if self.misplaced || self.next != 0 {
            return Err(bad(
                function,
                "the state was written out of its layout".to_owned(),
            ));
        }
        self.columns
            .into_iter()
            .map(|column| -> Result<ArrayRef> {
                Ok(match column {
                    Builder::Count(v) => Arc::new(UInt64Array::from(v)),
                    Builder::Exact(bytes) => Arc::new(FixedSizeBinaryArray::try_new(
                        EXACT_BYTES,
                        bytes.into(),
                        None,
                    )?),
                })
            })
            .collect()
    }
}

/// One column being read: its values as a plain slice, so reading a state is an index, not a
/// call through Arrow's accessors (the final stage reads millions of states).
#[derive(Debug)]
enum Reading<'a> {
    /// A count column's values.
    Count(&'a [u64]),
    /// An exact-sum column's bytes, [`EXACT_BYTES`] a row.
    Exact(&'a [u8]),
}

/// State columns checked against a layout, read row by row.
#[derive(Debug)]
pub(crate) struct Reader<'a> {
    function: &'a str,
    names: Vec<&'a str>,
    columns: Vec<Reading<'a>>,
    /// Each column's nulls, kept only when some column has any (a state without nulls, the
    /// usual case, is read without looking at them).
    nulls: Option<Vec<Option<&'a NullBuffer>>>,
    rows: usize,
}

impl<'a> Reader<'a> {
    /// Checks `arrays` against `layout`: as many columns, of the layout's types, all as long.
    pub(crate) fn new(
        function: &'a str,
        layout: &'a Layout,
        arrays: &'a [ArrayRef],
    ) -> Result<Self> {
        if arrays.len() != layout.len() {
            return Err(bad(
                function,
                format!("{} state columns, expected {}", arrays.len(), layout.len()),
            ));
        }
        let rows = arrays.first().map_or(0, |a| a.len());
        let mut columns = Vec::with_capacity(arrays.len());
        for ((name, slot), array) in layout.iter().zip(arrays) {
            let wrong = || {
                bad(
                    function,
                    format!(
                        "state column '{name}' is {}, expected {}",
                        array.data_type(),
                        slot.data_type()
                    ),
                )
            };
            if array.len() != rows {
                return Err(bad(
                    function,
                    format!(
                        "state column '{name}' has {} rows, expected {rows}",
                        array.len()
                    ),
                ));
            }
            columns.push(match slot {
                Slot::Count => Reading::Count(
                    array
                        .as_primitive_opt::<UInt64Type>()
                        .ok_or_else(wrong)?
                        .values(),
                ),
                Slot::Exact => {
                    let binary = array.as_fixed_size_binary_opt().ok_or_else(wrong)?;
                    if binary.value_length() != EXACT_BYTES {
                        return Err(wrong());
                    }
                    Reading::Exact(binary.value_data())
                }
            });
        }
        let nulls = arrays
            .iter()
            .any(|a| a.null_count() > 0)
            .then(|| arrays.iter().map(|a| a.nulls()).collect());
        Ok(Reader {
            function,
            names: layout.iter().map(|(n, _)| n.as_str()).collect(),
            columns,
            nulls,
            rows,
        })
    }

    /// How many states there are.
    pub(crate) fn len(&self) -> usize {
        self.rows
    }

    /// State `row`, or `None` when every column is null there (a partition with no state for
    /// the group).
    ///
    /// # Errors
    ///
    /// A state with some columns null and others not.
    pub(crate) fn row(&self, row: usize) -> Result<Option<Row<'_, 'a>>> {
        if let Some(nulls) = &self.nulls {
            let is_null = |n: &Option<&NullBuffer>| n.is_some_and(|n| n.is_null(row));
            let count = nulls.iter().filter(|n| is_null(n)).count();
            if count == nulls.len() {
                return Ok(None);
            }
            if let Some(j) = (count > 0)
                .then(|| nulls.iter().position(is_null))
                .flatten()
            {
                let name = self.names.get(j).copied().unwrap_or_default();
                return Err(bad(
                    self.function,
                    format!(
                        "state column '{name}' is null in row {row}, where other columns are not"
                    ),
                ));
            }
        }
        Ok(Some(Row {
            reader: self,
            row,
            next: 0,
        }))
    }
}

/// One state's values, read in layout order.
#[derive(Debug)]
pub(crate) struct Row<'r, 'a> {
    reader: &'r Reader<'a>,
    row: usize,
    next: usize,
}

impl Row<'_, '_> {
    fn column(&mut self) -> Option<&Reading<'_>> {
        let column = self.reader.columns.get(self.next);
        self.next += 1;
        column
    }

    fn misread(&self) -> datafusion::error::DataFusionError {
        bad(
            self.reader.function,
            format!("state read out of its layout at column {}", self.next),
        )
    }

    /// The next column's count.
    pub(crate) fn count(&mut self) -> Result<u64> {
        let row = self.row;
        match self.column() {
            Some(Reading::Count(values)) => values.get(row).copied(),
            _ => None,
        }
        .ok_or_else(|| self.misread())
    }

    /// The next column's exact sum, in units.
    pub(crate) fn exact(&mut self) -> Result<u128> {
        const N: usize = EXACT_BYTES as usize;
        let at = self.row * N;
        match self.column() {
            Some(Reading::Exact(bytes)) => bytes
                .get(at..at + N)
                .and_then(|b| <[u8; N]>::try_from(b).ok())
                .map(u128::from_le_bytes),
            _ => None,
        }
        .ok_or_else(|| self.misread())
    }
}

/// A state error of `function`.
pub(crate) fn bad(function: &str, reason: String) -> datafusion::error::DataFusionError {
    Error::State {
        function: function.to_owned(),
        reason,
    }
    .into_datafusion()
}

/// A state the core crate's checks refused, as a state error of `function` with the core
/// crate's message (which names the field).
pub(crate) fn refused(
    function: &str,
    source: &service_quality::Error,
) -> datafusion::error::DataFusionError {
    bad(function, source.to_string())
}

/// The columns of a summary's totals over whole evaluations ([`StoredTotals`]).
pub(crate) fn totals_layout() -> Layout {
    let mut layout = vec![
        ("count".to_owned(), Slot::Count),
        ("scored".to_owned(), Slot::Count),
        ("sum".to_owned(), Slot::Exact),
        ("sum_of_squares".to_owned(), Slot::Exact),
    ];
    for band in ["poor", "needs_improvement", "good", "excellent"] {
        layout.push((band.to_owned(), Slot::Count));
    }
    layout.push(("critical_failures".to_owned(), Slot::Count));
    layout
}

/// The columns of one item's totals ([`StoredItem`]), named after the item.
pub(crate) fn item_layout(key: &str) -> Layout {
    vec![
        (format!("{key}_answered"), Slot::Count),
        (format!("{key}_counted"), Slot::Count),
        (format!("{key}_sum"), Slot::Exact),
        (format!("{key}_critical_failures"), Slot::Count),
    ]
}

pub(crate) fn write_totals(totals: &StoredTotals, out: &mut Writer) {
    out.count(totals.count);
    out.count(totals.scored);
    out.exact(totals.sum_units);
    out.exact(totals.sum_of_squares_units);
    for n in totals.bands {
        out.count(n);
    }
    out.count(totals.critical_failures);
}

pub(crate) fn read_totals(row: &mut Row<'_, '_>) -> Result<StoredTotals> {
    Ok(StoredTotals {
        count: row.count()?,
        scored: row.count()?,
        sum_units: row.exact()?,
        sum_of_squares_units: row.exact()?,
        bands: [row.count()?, row.count()?, row.count()?, row.count()?],
        critical_failures: row.count()?,
    })
}

pub(crate) fn write_item(item: &StoredItem, out: &mut Writer) {
    out.count(item.answered);
    out.count(item.counted);
    out.exact(item.sum_units);
    out.count(item.critical_failures);
}

pub(crate) fn read_item(row: &mut Row<'_, '_>) -> Result<StoredItem> {
    Ok(StoredItem {
        answered: row.count()?,
        counted: row.count()?,
        sum_units: row.exact()?,
        critical_failures: row.count()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout() -> Layout {
        vec![("count".into(), Slot::Count), ("sum".into(), Slot::Exact)]
    }

    #[test]
    fn a_state_written_in_layout_order_finishes() {
        let mut w = Writer::new(&layout(), 1);
        w.count(3);
        w.exact(7);
        let columns = w.finish("f").unwrap();
        assert_eq!(columns.len(), 2);
        assert_eq!(columns[0].len(), 1);
    }

    #[test]
    fn a_state_written_out_of_its_layout_is_a_state_error() {
        let message = "External error: f: intermediate state is not valid: the state was written out of its layout";
        // A value of the wrong kind, though every column got one (the row is complete).
        let mut swapped = Writer::new(&layout(), 1);
        swapped.exact(7);
        swapped.count(3);
        assert_eq!(swapped.finish("f").unwrap_err().to_string(), message);
        // The right kinds, but a row left unfinished.
        let mut short = Writer::new(&layout(), 1);
        short.count(3);
        assert_eq!(short.finish("f").unwrap_err().to_string(), message);
    }
}
