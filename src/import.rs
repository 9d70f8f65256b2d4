//! Reading ratings from survey exports: map a header row to a model's dimensions, turn each row
//! into validated [`Ratings`], and keep a report of every row rejected and why.
//!
//! The crate does not parse CSV itself (use the `csv` crate, or any reader that splits a row
//! into fields); it takes rows as fields, so it works for CSV, spreadsheets and database rows
//! alike.
//!
//! Header names are matched to dimensions through each model's `FromStr`, so they may come in
//! any order and any ASCII case, and use any name the model accepts (`P`, `Respect`,
//! `polite and professional`). Columns that name no dimension (an agent id, a date) are left
//! for the caller.
//!
//! # Examples
//!
//! ```
//! use service_quality::Scale;
//! use service_quality::import::Columns;
//! use service_quality::proud::Principle;
//!
//! let header = ["agent", "Deliver", "ownership", "R", "P", "Understanding"];
//! let columns = Columns::<Principle>::from_headers(header)?;
//!
//! let rows = [
//!     vec!["ana", "2", "3", "5", "4", "4"],
//!     vec!["ben", "4", "4", "9", "4", "4"],   // 9 is off the scale
//!     vec!["cal", "3", "", "4", "4", "4"],    // a missing answer
//! ];
//! let import = columns.import(Scale::ONE_TO_FIVE, rows.iter().enumerate().map(|(i, r)| (i + 2, r)));
//! assert_eq!(import.accepted().len(), 1);
//! assert_eq!(import.accepted()[0].1.get(Principle::Deliver).get(), 2);
//! let reasons: Vec<String> = import.rejected().iter().map(|r| r.to_string()).collect();
//! assert_eq!(reasons, [
//!     "row 3: rating for 'respect' is 9, expected a value in 1..=5",
//!     "row 4: ownership is '', expected a whole number",
//! ]);
//! # Ok::<(), service_quality::Error>(())
//! ```

use core::fmt;

use enum_map::EnumMap;

use crate::{Dimension, Error, Ratings, Result, Scale};

/// Which column holds each dimension of model `D`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Columns<D: Dimension> {
    index: EnumMap<D, usize>,
}

impl<D: Dimension> Columns<D> {
    /// Reads a header row. Each header that parses as a dimension (trimmed, any ASCII case)
    /// maps that dimension to its column; other headers are ignored.
    ///
    /// # Errors
    ///
    /// [`Error::Duplicate`] when two headers name the same dimension, and [`Error::Missing`]
    /// when a dimension has no column.
    ///
    /// ```
    /// use service_quality::import::Columns;
    /// use service_quality::proud::Principle;
    ///
    /// assert_eq!(
    ///     Columns::<Principle>::from_headers(["P", "R", "O", "U"]).unwrap_err().to_string(),
    ///     "missing column for 'deliver'"
    /// );
    /// assert_eq!(
    ///     Columns::<Principle>::from_headers(["P", "respect", "R", "O", "U", "D"])
    ///         .unwrap_err()
    ///         .to_string(),
    ///     "duplicate column for 'respect'"
    /// );
    /// ```
    pub fn from_headers<'a>(headers: impl IntoIterator<Item = &'a str>) -> Result<Self> {
        let pairs = headers
            .into_iter()
            .enumerate()
            .filter_map(|(i, h)| h.trim().parse::<D>().ok().map(|d| (d, i)));
        Ok(Columns {
            index: crate::dimension::collect_pairs("column", pairs)?,
        })
    }

    /// The column of one dimension.
    pub fn column(&self, dimension: D) -> usize {
        self.index[dimension]
    }

    /// Reads one row's ratings on `scale`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidText`] when a rating is missing or not a whole number, and
    /// [`Error::RatingOutOfRange`] when it is off the scale.
    pub fn ratings<S: AsRef<str>>(&self, scale: Scale, row: &[S]) -> Result<Ratings<D>> {
        Ratings::try_from_fields(scale, |d| {
            let text = row.get(self.index[d]).map_or("", |s| s.as_ref().trim());
            text.parse::<i64>().map_err(|_| Error::InvalidText {
                field: d.key(),
                value: text.to_owned(),
                expected: "a whole number",
            })
        })
    }

    /// Reads many rows, each with its row number (as the user would see it in the file),
    /// keeping the good ones and a [`Rejection`] for each bad one. Nothing is dropped silently.
    pub fn import<R, S>(
        &self,
        scale: Scale,
        rows: impl IntoIterator<Item = (usize, R)>,
    ) -> Import<D>
    where
        R: AsRef<[S]>,
        S: AsRef<str>,
    {
        let mut import = Import {
            accepted: Vec::new(),
            rejected: Vec::new(),
        };
        for (row, fields) in rows {
            match self.ratings(scale, fields.as_ref()) {
                Ok(ratings) => import.accepted.push((row, ratings)),
                Err(error) => import.rejected.push(Rejection { row, error }),
            }
        }
        import
    }
}

impl<D: Dimension> Ratings<D> {
    /// Ratings from a fallible source, such as text fields, checked against `scale`.
    fn try_from_fields(scale: Scale, mut value: impl FnMut(D) -> Result<i64>) -> Result<Self> {
        let values = EnumMap::<D, i64>::try_from_fn(&mut value)?;
        Ratings::from_fn(scale, |d| values[d])
    }
}

/// The outcome of importing rows: accepted ratings with their row numbers, and rejections.
#[derive(Debug, Clone, PartialEq)]
pub struct Import<D: Dimension> {
    accepted: Vec<(usize, Ratings<D>)>,
    rejected: Vec<Rejection>,
}

impl<D: Dimension> Import<D> {
    /// Rows that were read, with their row numbers.
    pub fn accepted(&self) -> &[(usize, Ratings<D>)] {
        &self.accepted
    }

    /// Rows that were rejected, with why.
    pub fn rejected(&self) -> &[Rejection] {
        &self.rejected
    }
}

/// A row that could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejection {
    /// The row number.
    pub row: usize,
    /// Why it was rejected.
    pub error: Error,
}

impl fmt::Display for Rejection {
    /// `row 3: rating for 'respect' is 9, expected a value in 1..=5`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "row {}: {}", self.row, self.error)
    }
}
