//! Reading answers from survey and QA exports: map a header row to a model's dimensions or a
//! form's items, read each row, and keep a report of every row rejected and all of its reasons.
//!
//! The crate does not parse CSV itself (use the `csv` crate, or any reader that splits a row
//! into fields); it takes rows as fields, so it works for CSV, spreadsheets and database rows
//! alike. Cells are read with [`Tokens`]: by default an empty cell, `n/a`, `na` or `-` is "not
//! applicable", and `yes`/`y`/`true` and `no`/`n`/`false` answer yes/no items.
//!
//! Headers name dimensions through each model's `FromStr` (so `P`, `Respect` and
//! `polite and professional` all work), and form items by key or name, in any order and ASCII
//! case. Every other header must be declared as an extra column the caller reads itself (an
//! agent id, a date); an undeclared one is reported with the closest expected name, which
//! catches a misspelt header before a whole file is read.
//!
//! # Examples
//!
//! ```
//! use service_quality::import::Columns;
//! use service_quality::proud::{Principle, ProudPolicy};
//!
//! let header = ["agent", "Deliver", "ownership", "R", "P", "Understanding"];
//! let columns = Columns::<Principle>::from_headers(header, &["agent"])?;
//! let policy = ProudPolicy::default().with_not_applicable_allowed(Principle::Deliver, true);
//!
//! let rows = [
//!     vec!["ana", "2", "3", "5", "4", "4"],
//!     vec!["ben", "n/a", "4", "9", "4", "x"], // 9 is off the scale, x is not a rating
//!     vec!["cal", "3", "", "4", "4", "4"],    // a blank where N/A is not allowed
//!     vec!["dee", "3", "4"],                  // a short row
//! ];
//! let import = columns.import(&policy, rows.iter().enumerate().map(|(i, r)| (i + 2, r)));
//! assert_eq!(import.accepted().len(), 1);
//! let reasons: Vec<String> = import.rejected().iter().map(|r| r.to_string()).collect();
//! assert_eq!(reasons, [
//!     "row 3: answer for 'respect' is 9, expected a rating in 1..=5; \
//!      answer for 'understanding' is 'x', expected a rating in 1..=5",
//!     "row 4: answer for 'ownership' is n/a, expected a rating in 1..=5 (n/a is not allowed here)",
//!     "row 5: row has 3 fields, expected 6",
//! ]);
//! # Ok::<(), service_quality::Error>(())
//! ```

use core::fmt;

use enum_map::EnumMap;

use crate::form::{Answer, Answers, Form, Item, Tokens};
use crate::proud::{Assessment, CopingReaction, Principle, ProudPolicy, Scenario};
use crate::scoring::names::closest;
use crate::scoring::{Dimension, Error, Policy, Ratings, Result};

/// Which column holds each dimension of model `D`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns<D: Dimension> {
    index: EnumMap<D, usize>,
    width: usize,
    tokens: Tokens,
}

impl<D: Dimension> Columns<D> {
    /// Reads a header row. Each header that parses as a dimension (trimmed, any ASCII case)
    /// maps that dimension to its column; `extra` lists the other headers the caller expects.
    ///
    /// # Errors
    ///
    /// [`Error::Duplicate`] when two headers name the same dimension, [`Error::Missing`]
    /// when a dimension has no column, and [`Error::UnknownName`] for a header that is
    /// neither a dimension nor in `extra`, with the closest expected name.
    ///
    /// ```
    /// use service_quality::import::Columns;
    /// use service_quality::proud::Principle;
    ///
    /// assert_eq!(
    ///     Columns::<Principle>::from_headers(["P", "R", "O", "U"], &[]).unwrap_err().to_string(),
    ///     "missing column for 'deliver'"
    /// );
    /// assert_eq!(
    ///     Columns::<Principle>::from_headers(["P", "respect", "R", "O", "U", "D"], &[])
    ///         .unwrap_err()
    ///         .to_string(),
    ///     "duplicate column for 'respect'"
    /// );
    /// assert_eq!(
    ///     Columns::<Principle>::from_headers(["P", "R", "O", "U", "D", "agnet"], &["agent"])
    ///         .unwrap_err()
    ///         .to_string(),
    ///     "unknown column 'agnet', expected an item or a declared extra column (closest: 'agent')"
    /// );
    /// ```
    pub fn from_headers<'a>(
        headers: impl IntoIterator<Item = &'a str>,
        extra: &[&str],
    ) -> Result<Self> {
        let headers: Vec<&str> = headers.into_iter().collect();
        let mut pairs = Vec::new();
        for (i, header) in headers.iter().enumerate() {
            match header.trim().parse::<D>() {
                Ok(d) => pairs.push((d, i)),
                Err(_) => {
                    let expected = D::iter().map(Dimension::key);
                    let accepted = "an item or a declared extra column";
                    check_extra(header, extra.iter().copied(), expected, accepted)?;
                }
            }
        }
        let sparse = crate::scoring::dimension::collect_sparse("column for", pairs)?;
        let index = EnumMap::try_from_fn(|d: D| {
            sparse[d].ok_or_else(|| Error::Missing {
                what: "column for",
                key: d.key().to_owned(),
            })
        })?;
        Ok(Columns {
            index,
            width: headers.len(),
            tokens: Tokens::default(),
        })
    }

    /// The same columns, reading cells with other tokens for N/A.
    pub fn with_tokens(self, tokens: Tokens) -> Self {
        Columns { tokens, ..self }
    }

    /// The column of one dimension.
    pub fn column(&self, dimension: D) -> usize {
        self.index[dimension]
    }

    /// Reads one row's ratings on the policy's scale, N/A where a cell is an N/A token and the
    /// policy allows it.
    ///
    /// # Errors
    ///
    /// Every problem in the row: [`Error::RowLength`] alone for a row with more or fewer fields
    /// than the header, otherwise one [`Error::InvalidAnswer`] per cell that is not a rating on the
    /// scale (or is N/A where the policy does not allow it).
    pub fn read<S: AsRef<str>>(
        &self,
        policy: &Policy<D>,
        row: &[S],
    ) -> Result<Ratings<D>, Vec<Error>> {
        let form = Form::from_policy(D::KIND, 0, policy);
        self.read_with(&form, policy, row)
    }

    fn read_with<S: AsRef<str>>(
        &self,
        form: &Form,
        policy: &Policy<D>,
        row: &[S],
    ) -> Result<Ratings<D>, Vec<Error>> {
        let index: Vec<usize> = D::iter().map(|d| self.index[d]).collect();
        let answers = read_row(form.items(), &index, self.width, row, &self.tokens)?;
        let rating = |d: D| match answers.get(d.into_usize()) {
            Some(Answer::Rating(r)) => Some(i64::from(*r)),
            _ => None,
        };
        // Every answer was checked against an item on the policy's scale.
        Ratings::from_optional_fn(policy.scale(), rating).map_err(|e| vec![e])
    }

    /// Reads many rows, each with its row number (as the user would see it in the file),
    /// keeping the good ones and a [`Rejection`] with every reason for each bad one. Nothing is
    /// dropped silently.
    pub fn import<R, S>(
        &self,
        policy: &Policy<D>,
        rows: impl IntoIterator<Item = (usize, R)>,
    ) -> Import<Ratings<D>>
    where
        R: AsRef<[S]>,
        S: AsRef<str>,
    {
        let form = Form::from_policy(D::KIND, 0, policy);
        Import::collect(rows, |fields| {
            self.read_with(&form, policy, fields.as_ref())
        })
    }
}

/// Which columns of an export hold a PROUD [`Assessment`]: the five principles, read as
/// [`Columns`] reads them, and, where the export has them, how the customer was made to feel
/// (a `feeling` column, rated on the policy's scale), how they coped (`reaction`: `fight` or
/// `flight`) and the failure scenarios the observer saw (`scenarios`: names such as
/// `treated_rudely`, separated by `;` or `,`). Those three headers are found in any ASCII case;
/// an empty or N/A cell in them records nothing.
///
/// # Examples
///
/// ```
/// use service_quality::import::ProudColumns;
/// use service_quality::proud::{CopingReaction, ProudPolicy, Scenario};
///
/// let header = ["agent", "P", "R", "O", "U", "D", "Feeling", "reaction", "scenarios"];
/// let columns = ProudColumns::from_headers(header, &["agent"])?;
/// let rows = [
///     (2, ["ana", "2", "4", "4", "4", "3", "2", "flight", "treated_indifferently"]),
///     (3, ["ben", "5", "5", "4", "5", "5", "n/a", "", ""]),
///     (4, ["cal", "4", "4", "4", "4", "4", "6", "walked out", "rude"]),
/// ];
/// let import = columns.import(&ProudPolicy::default(), rows);
///
/// let (_, ana) = &import.accepted()[0];
/// assert_eq!(ana.feeling().map(|f| f.get()), Some(2));
/// assert_eq!(ana.reaction(), Some(CopingReaction::Flight));
/// assert_eq!(ana.scenarios().collect::<Vec<_>>(), [Scenario::TreatedIndifferently]);
/// assert_eq!(import.accepted()[1].1.feeling(), None);
/// assert_eq!(import.rejected()[0].errors.len(), 3);
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProudColumns {
    ratings: Columns<Principle>,
    feeling: Option<usize>,
    reaction: Option<usize>,
    scenarios: Option<usize>,
}

impl ProudColumns {
    /// The headers of the optional columns, matched in any ASCII case.
    pub const OPTIONAL: [&'static str; 3] = ["feeling", "reaction", "scenarios"];

    /// Reads a header row: the principles as [`Columns::from_headers`] finds them, the
    /// optional columns by name, and every other header declared in `extra`.
    ///
    /// # Errors
    ///
    /// As [`Columns::from_headers`]; an undeclared header is reported with the closest of the
    /// principles, the optional columns and `extra`.
    pub fn from_headers<'a>(
        headers: impl IntoIterator<Item = &'a str>,
        extra: &[&str],
    ) -> Result<Self> {
        let headers: Vec<&str> = headers.into_iter().collect();
        let position = |name: &str| {
            headers
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(name))
        };
        let [feeling, reaction, scenarios] = Self::OPTIONAL.map(position);
        let declared: Vec<&str> = extra.iter().copied().chain(Self::OPTIONAL).collect();
        Ok(ProudColumns {
            ratings: Columns::from_headers(headers.iter().copied(), &declared)?,
            feeling,
            reaction,
            scenarios,
        })
    }

    /// The same columns, reading cells with other tokens for N/A.
    pub fn with_tokens(self, tokens: Tokens) -> Self {
        ProudColumns {
            ratings: self.ratings.with_tokens(tokens),
            ..self
        }
    }

    /// Where the principles are.
    pub const fn ratings(&self) -> &Columns<Principle> {
        &self.ratings
    }

    /// Reads one row's assessment.
    ///
    /// # Errors
    ///
    /// Every problem in the row: those of [`Columns::read`], and one
    /// [`Error::InvalidAnswer`] for a feeling off the scale or not a whole number, a reaction
    /// other than `fight` or `flight`, and each unknown scenario.
    pub fn read<S: AsRef<str>>(
        &self,
        policy: &ProudPolicy,
        row: &[S],
    ) -> Result<Assessment, Vec<Error>> {
        let (ratings, mut errors) = match self.ratings.read(policy, row) {
            Ok(ratings) => (Some(ratings), Vec::new()),
            // A row of the wrong length has no cells to trust.
            Err(errors) if matches!(errors.first(), Some(Error::RowLength { .. })) => {
                return Err(errors);
            }
            Err(errors) => (None, errors),
        };
        let tokens = &self.ratings.tokens;
        let cell = |column: Option<usize>| {
            column
                .and_then(|c| row.get(c))
                .map(|text| text.as_ref().trim())
                .filter(|text| !text.is_empty() && !tokens.is_not_applicable(text))
        };
        let invalid = |item: &str, value: &str, expected: String| Error::InvalidAnswer {
            item: item.to_owned(),
            value: format!("'{value}'"),
            expected,
        };
        let scale = policy.scale();
        let feeling = cell(self.feeling).and_then(|text| {
            match text
                .parse::<i64>()
                .ok()
                .filter(|v| scale.check(None, *v).is_ok())
            {
                Some(value) => Some(value),
                None => {
                    errors.push(invalid(
                        "feeling",
                        text,
                        format!("a rating in {scale} or n/a"),
                    ));
                    None
                }
            }
        });
        let reaction = cell(self.reaction).and_then(|text| match text.parse::<CopingReaction>() {
            Ok(reaction) => Some(reaction),
            Err(_) => {
                errors.push(invalid("reaction", text, "fight, flight or n/a".to_owned()));
                None
            }
        });
        let mut scenarios = Vec::new();
        for name in cell(self.scenarios)
            .into_iter()
            .flat_map(|text| text.split([';', ',']))
            .map(str::trim)
            .filter(|name| !name.is_empty())
        {
            match name.parse::<Scenario>() {
                Ok(scenario) => scenarios.push(scenario),
                Err(error) => errors.push(invalid("scenarios", name, error.to_string())),
            }
        }
        let Some(ratings) = ratings.filter(|_| errors.is_empty()) else {
            return Err(errors);
        };
        let mut assessment = Assessment::new(ratings);
        if let Some(value) = feeling {
            // Checked against the scale above.
            assessment = assessment.try_with_feeling(value).map_err(|e| vec![e])?;
        }
        if let Some(reaction) = reaction {
            assessment = assessment.with_reaction(reaction);
        }
        Ok(scenarios
            .into_iter()
            .fold(assessment, Assessment::with_scenario))
    }

    /// Reads many rows, each with its row number, keeping the good ones and a [`Rejection`]
    /// with every reason for each bad one.
    pub fn import<R, S>(
        &self,
        policy: &ProudPolicy,
        rows: impl IntoIterator<Item = (usize, R)>,
    ) -> Import<Assessment>
    where
        R: AsRef<[S]>,
        S: AsRef<str>,
    {
        Import::collect(rows, |fields| self.read(policy, fields.as_ref()))
    }
}

/// Which column holds each item of a form.
///
/// # Examples
///
/// ```
/// use service_quality::Scale;
/// use service_quality::form::{Form, Item};
/// use service_quality::import::FormColumns;
///
/// let form = Form::builder("call_review", 1)
///     .item(Item::scale("greeting", Scale::ONE_TO_FIVE)?)
///     .item(Item::yes_no("verification")?)
///     .build()?;
/// let columns = FormColumns::new(&form, ["team", "Verification", "greeting"], &["team"])?;
/// let import = columns.import([(2, ["north", "Y", "4"]), (3, ["north", "maybe", ""])]);
/// assert_eq!(import.accepted().len(), 1);
/// assert_eq!(
///     import.rejected()[0].to_string(),
///     "row 3: answer for 'greeting' is n/a, expected a rating in 1..=5 (n/a is not allowed here); \
///      answer for 'verification' is 'maybe', expected yes or no"
/// );
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct FormColumns<'f> {
    form: &'f Form,
    index: Vec<usize>,
    /// The other columns kept with each row's answers (declared extras and the form's context
    /// fields): each field's name and column.
    fields: Vec<(String, usize)>,
    width: usize,
    tokens: Tokens,
}

impl<'f> FormColumns<'f> {
    /// Reads a header row: each header naming an item (by key or name, any ASCII case) maps it
    /// to its column; a header naming one of the form's context fields, or one of `extra` (the
    /// other headers the caller expects: agent, team, ticket), is kept with each row's answers
    /// as a field ([`Answers::field`](crate::form::Answers::field)), named as the form or
    /// `extra` spells it.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidForm`] when two headers name the same item, [`Error::Missing`]
    /// when an item or a context field has no column, and [`Error::UnknownName`] for a header
    /// that is neither an item, a context field nor in `extra`, with the closest expected
    /// name.
    pub fn new<'a>(
        form: &'f Form,
        headers: impl IntoIterator<Item = &'a str>,
        extra: &[&str],
    ) -> Result<Self> {
        let headers: Vec<&str> = headers.into_iter().collect();
        let mut index: Vec<Option<usize>> = vec![None; form.items().len()];
        let mut fields: Vec<(String, usize)> = Vec::new();
        for (column, header) in headers.iter().enumerate() {
            let name = header.trim();
            let item = form.items().iter().position(|i| {
                i.key().eq_ignore_ascii_case(name) || i.name().eq_ignore_ascii_case(name)
            });
            match item.and_then(|i| index.get_mut(i).map(|slot| (i, slot))) {
                Some((i, Some(_))) => {
                    let key = form.items().get(i).map_or(name, Item::key);
                    return Err(Error::InvalidForm {
                        item: Some(key.to_owned()),
                        field: "column",
                        value: format!("'{name}', a second column for the item"),
                        expected: "one column per item".to_owned(),
                    });
                }
                Some((_, slot)) => *slot = Some(column),
                None => {
                    let context = form.context_fields().iter().map(String::as_str);
                    let declared = context.chain(extra.iter().copied());
                    let items = form.items().iter().map(Item::key);
                    let accepted = if form.context_fields().is_empty() {
                        "an item or a declared extra column"
                    } else {
                        "an item, a context field or a declared extra column"
                    };
                    let name = check_extra(header, declared, items, accepted)?;
                    fields.push((name.trim().to_owned(), column));
                }
            }
        }
        if let Some(field) = form.context_fields().iter().find(|f| {
            !fields
                .iter()
                .any(|(name, _)| name.eq_ignore_ascii_case(f.trim()))
        }) {
            return Err(Error::Missing {
                what: "column for context field",
                key: field.clone(),
            });
        }
        let index = form
            .items()
            .iter()
            .zip(index)
            .map(|(item, column)| {
                column.ok_or_else(|| Error::Missing {
                    what: "column for",
                    key: item.key().to_owned(),
                })
            })
            .collect::<Result<Vec<usize>>>()?;
        Ok(FormColumns {
            form,
            index,
            fields,
            width: headers.len(),
            tokens: Tokens::default(),
        })
    }

    /// The same columns, reading cells with other tokens for N/A, yes and no.
    pub fn with_tokens(self, tokens: Tokens) -> Self {
        FormColumns { tokens, ..self }
    }

    /// The column of the item with key `key`.
    pub fn column(&self, key: &str) -> Option<usize> {
        let position = self.form.items().iter().position(|i| i.key() == key)?;
        self.index.get(position).copied()
    }

    /// Reads one row's answers.
    ///
    /// # Errors
    ///
    /// Every problem in the row: [`Error::RowLength`] alone for a row with more or fewer fields
    /// than the header, otherwise one [`Error::InvalidAnswer`] per cell that does not fit its item.
    pub fn read<S: AsRef<str>>(&self, row: &[S]) -> Result<Answers, Vec<Error>> {
        let mut answers = read_row(
            self.form.items(),
            &self.index,
            self.width,
            row,
            &self.tokens,
        )?;
        for (name, column) in &self.fields {
            let cell = row.get(*column).map_or("", AsRef::as_ref);
            answers.set_field(name.as_str(), cell.trim());
        }
        Ok(answers)
    }

    /// Reads many rows, each with its row number, keeping the good ones and a [`Rejection`]
    /// with every reason for each bad one.
    pub fn import<R, S>(&self, rows: impl IntoIterator<Item = (usize, R)>) -> Import<Answers>
    where
        R: AsRef<[S]>,
        S: AsRef<str>,
    {
        Import::collect(rows, |fields| self.read(fields.as_ref()))
    }
}

/// The declared name `header` matches (ignoring ASCII case); otherwise an error naming the
/// closest expected name.
fn check_extra<'a, 'b: 'a>(
    header: &str,
    declared: impl Iterator<Item = &'a str> + Clone,
    expected: impl Iterator<Item = &'b str>,
    accepted: &str,
) -> Result<&'a str> {
    let name = header.trim();
    if let Some(found) = declared
        .clone()
        .find(|e| e.trim().eq_ignore_ascii_case(name))
    {
        return Ok(found);
    }
    Err(Error::UnknownName {
        kind: "column",
        value: header.to_owned(),
        expected: accepted.to_owned(),
        closest: closest(name, expected.map(|e| -> &'a str { e }).chain(declared)).map(Box::from),
    })
}

/// Reads one row: item `i` from column `index[i]`, each cell with `tokens`, collecting every
/// problem. The one row reader behind both [`Columns`] and [`FormColumns`].
fn read_row<S: AsRef<str>>(
    items: &[Item],
    index: &[usize],
    width: usize,
    row: &[S],
    tokens: &Tokens,
) -> Result<Answers, Vec<Error>> {
    // A long row is refused like a short one: its cells have most likely moved one column.
    if row.len() != width {
        return Err(vec![Error::RowLength {
            found: row.len(),
            expected: width,
        }]);
    }
    let mut answers = Answers::new();
    let mut errors = Vec::new();
    for (item, &column) in items.iter().zip(index) {
        let cell = row.get(column).map_or("", AsRef::as_ref);
        match tokens.read(item, cell) {
            Ok(answer) => answers.push(answer),
            Err(error) => errors.push(error),
        }
    }
    if errors.is_empty() {
        Ok(answers)
    } else {
        Err(errors)
    }
}

/// The outcome of importing rows: accepted records with their row numbers, and rejections.
#[derive(Debug, Clone, PartialEq)]
pub struct Import<T> {
    accepted: Vec<(usize, T)>,
    rejected: Vec<Rejection>,
}

impl<T> Import<T> {
    fn collect<R>(
        rows: impl IntoIterator<Item = (usize, R)>,
        mut read: impl FnMut(&R) -> Result<T, Vec<Error>>,
    ) -> Self {
        let mut import = Import {
            accepted: Vec::new(),
            rejected: Vec::new(),
        };
        for (row, fields) in rows {
            match read(&fields) {
                Ok(record) => import.accepted.push((row, record)),
                Err(errors) => import.rejected.push(Rejection { row, errors }),
            }
        }
        import
    }

    /// Rows that were read, with their row numbers.
    pub fn accepted(&self) -> &[(usize, T)] {
        &self.accepted
    }

    /// Rows that were rejected, with why.
    pub fn rejected(&self) -> &[Rejection] {
        &self.rejected
    }
}

/// A row that could not be read, and every reason.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Rejection {
    /// The row number.
    pub row: usize,
    /// Every problem found in the row, in column order of the items.
    pub errors: Vec<Error>,
}

impl fmt::Display for Rejection {
    /// `row 3: answer for 'respect' is 9, expected a rating in 1..=5; ...`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "row {}: ", self.row)?;
        for (i, error) in self.errors.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}
