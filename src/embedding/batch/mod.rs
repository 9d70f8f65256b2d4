//! Evaluating many assessments at once, from plain column slices, without a heap allocation per
//! record.
//!
//! A contact centre's year of quality reviews, or a survey platform's export, usually arrives
//! column-wise: one slice of ratings per dimension, and, where answers may be "not applicable",
//! a mask of which cells were answered. [`BatchScorer`] evaluates such columns row by row
//! through the crate's one scoring kernel, exactly as [`Ratings::evaluate`](crate::Ratings::evaluate)
//! would, and folds the results into [`Summary`]s, overall or grouped by a key.
//!
//! For small models (PROUD on 1 to 5 has 3,125 rating combinations, 7,776 with N/A on every
//! principle) the scorer evaluates every combination once, through the kernel, when it is built;
//! a row then costs a table lookup and a few counter increments, and every summary total is
//! derived exactly from the counts. Larger models and scales evaluate row by row. Either way the
//! numbers match one-at-a-time evaluation: counts exactly, sums to the last bits.
//!
//! Ratings that arrive row by row go through [`ColumnsFromRows`] first.
//!
//! With the `rayon` feature, `BatchScorer::par_summarise_by_index` splits the rows across
//! threads and merges the partial results.
//!
//! # Examples
//!
//! ```
//! use service_quality::Band;
//! use service_quality::batch::{BatchScorer, Column, RatingColumns};
//! use service_quality::proud::{Principle, ProudPolicy};
//!
//! // Three assessments, one column per principle (P, R, O, U, D). The third left D N/A.
//! let p = [4, 2, 5];
//! let r = [5, 5, 5];
//! let o = [3, 5, 5];
//! let u = [4, 5, 5];
//! let d = [2, 5, 0];
//! let d_answered = [true, true, false];
//! let columns = RatingColumns::<Principle>::new(|x| match x {
//!     Principle::PoliteAndProfessional => Column::new(&p),
//!     Principle::Respect => Column::new(&r),
//!     Principle::Ownership => Column::new(&o),
//!     Principle::Understanding => Column::new(&u),
//!     Principle::Deliver => Column::with_answered(&d, &d_answered),
//! })?;
//! let policy = ProudPolicy::default().with_not_applicable_allowed(Principle::Deliver, true);
//! let scorer = BatchScorer::new(&policy)?;
//! let row = scorer.score_row(&columns, 1)?;
//! assert_eq!(row.overall().map(|s| s.get()), Some(25.0));
//! assert_eq!(row.band(), Some(Band::Poor));
//! assert!(row.critical_failed());
//!
//! // Teams 0, 1, 0.
//! let teams = scorer.summarise_by_index(&columns, &[0, 1, 0], 2)?;
//! assert_eq!(teams[0].count(), 2);
//! assert_eq!(teams[0].mean_overall().map(|s| s.get()), Some(82.5)); // (65 + 100) / 2
//! assert_eq!(teams[0].item(Principle::Deliver).answered(), 1);
//! # Ok::<(), service_quality::Error>(())
//! ```

use core::hash::Hash;

use enum_map::EnumMap;

use crate::scoring::kernel::{self, ItemVerdict, Outcome};

mod tally;

use crate::proud::{CopingReaction, Feelings, FirstHurdle, Principle, ProudSummary, first_hurdle};
use crate::scoring::scorecard::not_allowed;
use crate::scoring::{
    Dimension, Error, GroupBy, Policy, Rating, Result, Score, Scorecard, Summary,
};
use tally::{COMBINATION_LIMIT, Combinations};

/// One dimension's column: a rating per row, and optionally which rows answered it (`false`
/// marks "not applicable", and that row's rating is then ignored).
///
/// A validity mask beside the values is the layout Arrow and most column stores use for nulls,
/// so a column read from one needs no copying.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column<'a> {
    values: &'a [u8],
    answered: Option<&'a [bool]>,
}

impl<'a> Column<'a> {
    /// A column in which every row is answered.
    pub const fn new(values: &'a [u8]) -> Self {
        Column {
            values,
            answered: None,
        }
    }

    /// A column with a mask of which rows were answered (`false`: N/A).
    pub const fn with_answered(values: &'a [u8], answered: &'a [bool]) -> Self {
        Column {
            values,
            answered: Some(answered),
        }
    }

    /// The number of rows.
    pub const fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether the column has no rows.
    pub const fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

impl<'a> From<&'a [u8]> for Column<'a> {
    fn from(values: &'a [u8]) -> Self {
        Column::new(values)
    }
}

impl<'a, const N: usize> From<&'a [u8; N]> for Column<'a> {
    fn from(values: &'a [u8; N]) -> Self {
        Column::new(values)
    }
}

/// One [`Column`] per dimension, all the same length; row `i` is one assessment.
#[derive(Debug, Clone)]
pub struct RatingColumns<'a, D: Dimension> {
    /// Indexed by the dimension's position in declaration order; one per dimension, each of
    /// `rows` values (and mask entries), which the constructor checks.
    columns: Vec<Column<'a>>,
    rows: usize,
    dimension: core::marker::PhantomData<D>,
}

impl<'a, D: Dimension> RatingColumns<'a, D> {
    /// Columns from a function giving each dimension's column (a `&[u8]`, or a [`Column`] with
    /// a mask of answered rows).
    ///
    /// # Errors
    ///
    /// [`Error::Mismatch`] naming the first dimension whose values, or mask of answered rows,
    /// differ in length from the first dimension's values.
    ///
    /// ```
    /// use service_quality::batch::{Column, RatingColumns};
    /// use service_quality::leadership::Area;
    ///
    /// let full = [3, 4];
    /// assert!(RatingColumns::<Area>::new(|_| &full).is_ok());
    /// let err = RatingColumns::<Area>::new(|a| match a {
    ///     Area::Delivery => Column::with_answered(&full, &[true]),
    ///     _ => Column::new(&full),
    /// })
    /// .unwrap_err();
    /// assert_eq!(err.to_string(), "delivery differs: 1 answered flags here, 2 rows expected");
    /// ```
    pub fn new<C: Into<Column<'a>>>(mut column: impl FnMut(D) -> C) -> Result<Self> {
        let columns: Vec<Column<'a>> = D::iter().map(|d| column(d).into()).collect();
        let rows = columns.first().map_or(0, Column::len);
        for (d, c) in D::iter().zip(&columns) {
            let mismatch = |found: String| Error::Mismatch {
                field: d.key(),
                found,
                expected: format!("{rows} rows"),
            };
            if c.len() != rows {
                return Err(mismatch(format!("{} rows", c.len())));
            }
            if let Some(mask) = c.answered.filter(|m| m.len() != rows) {
                return Err(mismatch(format!("{} answered flags", mask.len())));
            }
        }
        Ok(Self::from_checked(columns, rows))
    }

    /// Columns already known to hold one column per dimension of `rows` values each.
    fn from_checked(columns: Vec<Column<'a>>, rows: usize) -> Self {
        RatingColumns {
            columns,
            rows,
            dimension: core::marker::PhantomData,
        }
    }

    /// The number of rows.
    pub const fn len(&self) -> usize {
        self.rows
    }

    /// Whether there are no rows.
    pub const fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// Row `i` of dimension `d`: its rating, or `None` when it was answered N/A.
    ///
    /// `i` must be below [`len`](Self::len) (every caller checks it first); the constructor
    /// guarantees one column per dimension, each `len` long.
    #[allow(
        clippy::indexing_slicing,
        reason = "one column per dimension and `i < rows` are invariants of the type and callers"
    )]
    #[inline]
    fn cell(&self, d: D, i: usize) -> Option<u8> {
        let column = &self.columns[d.into_usize()];
        match column.answered {
            Some(mask) if !mask[i] => None,
            _ => Some(column.values[i]),
        }
    }
}

/// Ratings that arrived row by row (one byte per dimension per row, in declaration order, every
/// one answered), transposed once into columns so the batch path can read them. The
/// transposition allocates one vector per dimension, never one per record.
///
/// # Examples
///
/// ```
/// use service_quality::batch::{BatchScorer, ColumnsFromRows};
/// use service_quality::proud::{Principle, ProudPolicy};
///
/// // Two assessments, P R O U D each.
/// let rows = [4, 5, 3, 4, 2, 2, 5, 5, 5, 5];
/// let owned = ColumnsFromRows::<Principle>::new(&rows)?;
/// let summary = BatchScorer::new(&ProudPolicy::default())?.summarise(&owned.columns())?;
/// assert_eq!(summary.count(), 2);
/// assert_eq!(summary.mean_overall().map(|s| s.get()), Some(45.0));
///
/// assert!(ColumnsFromRows::<Principle>::new(&rows[..7]).is_err());
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnsFromRows<D: Dimension> {
    columns: Vec<Vec<u8>>,
    rows: usize,
    dimension: core::marker::PhantomData<D>,
}

impl<D: Dimension> ColumnsFromRows<D> {
    /// Transposes row-major ratings into columns.
    ///
    /// # Errors
    ///
    /// [`Error::Mismatch`] when the length is not a whole number of rows.
    pub fn new(rows: &[u8]) -> Result<Self> {
        let dims = D::iter().len();
        if dims == 0 || !rows.len().is_multiple_of(dims) {
            return Err(Error::Mismatch {
                field: "row-major ratings length",
                found: rows.len().to_string(),
                expected: format!("a multiple of {dims}, the number of {}s", D::KIND),
            });
        }
        let columns = (0..dims)
            .map(|j| rows.iter().skip(j).step_by(dims).copied().collect())
            .collect::<Vec<Vec<u8>>>();
        Ok(ColumnsFromRows {
            columns,
            rows: rows.len() / dims,
            dimension: core::marker::PhantomData,
        })
    }

    /// The columns, ready for a [`BatchScorer`].
    pub fn columns(&self) -> RatingColumns<'_, D> {
        let columns = self.columns.iter().map(|c| Column::new(c)).collect();
        RatingColumns::from_checked(columns, self.rows)
    }
}

/// Evaluates rows of [`RatingColumns`] under one policy, through the crate's one scoring kernel.
///
/// Building it normalises every rating of the scale once and, when the model and scale are
/// small, evaluates every combination of ratings (and N/A where the policy allows it) once.
#[derive(Debug, Clone)]
pub struct BatchScorer<D: Dimension> {
    policy: Policy<D>,
    min: u8,
    width: u8,
    /// `scores[o]`: the normalised score of rating `min + o`.
    scores: Vec<Score>,
    /// When every combination fits in [`COMBINATION_LIMIT`]: each combination's outcome.
    combinations: Option<Combinations>,
}

impl<D: Dimension> BatchScorer<D> {
    /// A scorer for `policy`.
    ///
    /// # Errors
    ///
    /// [`Error::IntegerOutOfRange`] naming the scale bound that does not fit in 0..=255 (ratings
    /// are read as bytes).
    ///
    /// ```
    /// use service_quality::{Policy, Scale};
    /// use service_quality::batch::BatchScorer;
    /// use service_quality::leadership::Area;
    ///
    /// assert!(BatchScorer::new(&Policy::<Area>::new(Scale::new(0, 255)?)).is_ok());
    /// assert_eq!(
    ///     BatchScorer::new(&Policy::<Area>::new(Scale::new(-1, 5)?)).unwrap_err().to_string(),
    ///     "scale minimum is -1, expected a bound within 0..=255 for batch scoring"
    /// );
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn new(policy: &Policy<D>) -> Result<Self> {
        let scale = policy.scale();
        let byte = |field, value: i32| {
            u8::try_from(value).map_err(|_| Error::IntegerOutOfRange {
                field,
                value: value.to_string(),
                expected: "a bound within 0..=255 for batch scoring",
            })
        };
        let (min, max) = (
            byte("scale minimum", scale.min())?,
            byte("scale maximum", scale.max())?,
        );
        let width = max - min;
        let scores = (0..=width)
            .map(|o| scale.normalise_checked(i32::from(min) + i32::from(o)))
            .collect();
        let mut scorer = BatchScorer {
            policy: *policy,
            min,
            width,
            scores,
            combinations: None,
        };
        scorer.combinations = scorer.enumerate_combinations();
        Ok(scorer)
    }

    /// The digit of N/A in every dimension that allows it.
    fn na_digit(&self) -> u32 {
        u32::from(self.width) + 1
    }

    /// The score of a digit: a rating's offset, or N/A.
    fn digit_score(&self, digit: u32) -> Option<Score> {
        self.scores.get(digit as usize).copied()
    }

    /// Evaluates every combination once, if there are few enough of them.
    fn enumerate_combinations(&self) -> Option<Combinations> {
        let bases: Vec<u32> = D::iter()
            .map(|d| self.na_digit() + u32::from(self.policy.allows_not_applicable(d)))
            .collect();
        let count = bases
            .iter()
            .try_fold(1usize, |n, &b| n.checked_mul(b as usize))
            .filter(|&n| n <= COMBINATION_LIMIT)?;
        let stride = bases.iter().copied().fold(1, u32::max) as usize;
        let mut outcome_of = Vec::with_capacity(count);
        let mut outcomes: Vec<Outcome> = Vec::new();
        let mut digits = EnumMap::<D, u32>::from_fn(|_| 0);
        let mut slots = Vec::with_capacity(count * bases.len());
        for c in 0..count {
            // The last dimension is the least significant digit.
            let mut rest = c;
            for (d, &base) in D::iter().rev().zip(bases.iter().rev()) {
                digits[d] = (rest % base as usize) as u32;
                rest /= base as usize;
            }
            // Below 2^14 combinations, so a slot (j · stride + digit) is below 2^28.
            slots.extend(D::iter().map(|d| (d.into_usize() * stride) as u32 + digits[d]));
            let scores = EnumMap::from_fn(|d| self.digit_score(digits[d]));
            let outcome = Scorecard::from_scores(scores, &self.policy).outcome();
            let index = outcomes
                .iter()
                .position(|o| *o == outcome)
                .unwrap_or_else(|| {
                    outcomes.push(outcome);
                    outcomes.len() - 1
                });
            // At most COMBINATION_LIMIT (2^14) combinations, so at most that many outcomes.
            outcome_of.push(u16::try_from(index).ok()?);
        }
        let mut digit_table = vec![(None, ItemVerdict::default()); bases.len() * stride];
        for (d, &base) in D::iter().zip(&bases) {
            for digit in 0..base {
                let score = self.digit_score(digit);
                let verdict =
                    kernel::item_verdict(self.policy.rules(), &self.policy.item(d, score));
                if let Some(slot) = digit_table.get_mut(d.into_usize() * stride + digit as usize) {
                    *slot = (score, verdict);
                }
            }
        }
        Some(Combinations {
            bases,
            stride,
            outcome_of,
            outcomes,
            digits: digit_table,
            slots,
        })
    }

    /// Row `i`'s normalised scores, checked against the policy: each rating on the scale, N/A
    /// only where allowed. `i` must be below `columns.len()`.
    fn row_scores(
        &self,
        columns: &RatingColumns<'_, D>,
        i: usize,
    ) -> Result<EnumMap<D, Option<Score>>> {
        EnumMap::try_from_fn(|d: D| match columns.cell(d, i) {
            None if self.policy.allows_not_applicable(d) => Ok(None),
            None => Err(not_allowed(d.key())),
            Some(value) => match value.checked_sub(self.min) {
                Some(o) if o <= self.width => Ok(self.digit_score(u32::from(o))),
                _ => Err(Error::RatingOutOfRange {
                    field: Some(d.key().to_owned()),
                    value: i64::from(value),
                    scale: self.policy.scale(),
                }),
            },
        })
    }

    /// Evaluates one row.
    ///
    /// # Errors
    ///
    /// [`Error::IndexOutOfRange`] when `row` is past the end, [`Error::RatingOutOfRange`] for a
    /// rating off the policy's scale and [`Error::InvalidAnswer`] for N/A where the policy does
    /// not allow it.
    #[inline]
    pub fn score_row(&self, columns: &RatingColumns<'_, D>, row: usize) -> Result<Scorecard<D>> {
        if row >= columns.len() {
            return Err(Error::IndexOutOfRange {
                field: "row",
                index: row as u64,
                len: columns.len() as u64,
            });
        }
        Ok(Scorecard::from_scores(
            self.row_scores(columns, row)?,
            &self.policy,
        ))
    }

    /// Folds every row's scorecard into an accumulator, in row order.
    ///
    /// # Errors
    ///
    /// The first row's error, as for [`score_row`](Self::score_row).
    pub fn fold<A>(
        &self,
        columns: &RatingColumns<'_, D>,
        init: A,
        mut f: impl FnMut(A, usize, Scorecard<D>) -> A,
    ) -> Result<A> {
        let mut acc = init;
        for i in 0..columns.len() {
            acc = f(acc, i, self.score_row(columns, i)?);
        }
        Ok(acc)
    }

    /// One summary of every row.
    ///
    /// # Errors
    ///
    /// The first row's error, as for [`score_row`](Self::score_row).
    pub fn summarise(&self, columns: &RatingColumns<'_, D>) -> Result<Summary<D>> {
        let keys = vec![0; columns.len()];
        // One group: merging the groups gives the whole, however many there are.
        let groups = self.summarise_by_index(columns, &keys, 1)?;
        Ok(groups.iter().fold(Summary::new(), |mut all, group| {
            all.merge(group);
            all
        }))
    }

    /// One summary per group, where `keys[i]` is row `i`'s group index in `0..groups` (team
    /// numbers, month numbers): the fastest group-by, with no hashing.
    ///
    /// # Errors
    ///
    /// [`Error::Mismatch`] when `keys` and the columns differ in length,
    /// [`Error::IndexOutOfRange`] for a key of `groups` or more, and rating errors as for
    /// [`score_row`](Self::score_row); the first problem in row order is reported.
    pub fn summarise_by_index(
        &self,
        columns: &RatingColumns<'_, D>,
        keys: &[u32],
        groups: usize,
    ) -> Result<Vec<Summary<D>>> {
        check_keys(columns, keys)?;
        self.tally(columns, keys, groups)
    }

    /// Adds each row to its group's summary in `summaries` (row `i` to `summaries[keys[i]]`):
    /// the same totals as merging [`summarise_by_index`](Self::summarise_by_index)'s result
    /// into them, without a summary per group being made and merged. For a running tally fed
    /// batch after batch (a query engine's accumulator, a stream of exports).
    ///
    /// # Errors
    ///
    /// As [`summarise_by_index`](Self::summarise_by_index), with `summaries.len()` as the
    /// number of groups. Every row is checked before anything is added, so on an error the
    /// summaries are unchanged.
    ///
    /// ```
    /// use service_quality::batch::{BatchScorer, RatingColumns};
    /// use service_quality::Summary;
    /// use service_quality::proud::{Principle, ProudPolicy};
    ///
    /// let scorer = BatchScorer::new(&ProudPolicy::default())?;
    /// let mut teams = vec![Summary::<Principle>::new(); 2];
    /// let (first, second) = ([5, 4], [3, 1]);
    /// scorer.summarise_into(&RatingColumns::<Principle>::new(|_| &first)?, &[0, 1], &mut teams)?;
    /// scorer.summarise_into(&RatingColumns::<Principle>::new(|_| &second)?, &[0, 1], &mut teams)?;
    /// assert_eq!(teams[0].count(), 2);
    /// assert_eq!(teams[0].mean_overall().map(|s| s.get()), Some(75.0)); // (100 + 50) / 2
    /// let bad = [9, 9];
    /// assert!(scorer.summarise_into(&RatingColumns::<Principle>::new(|_| &bad)?, &[0, 1], &mut teams).is_err());
    /// assert_eq!(teams[1].count(), 2); // unchanged by the refused batch
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn summarise_into(
        &self,
        columns: &RatingColumns<'_, D>,
        keys: &[u32],
        summaries: &mut [Summary<D>],
    ) -> Result<()> {
        check_keys(columns, keys)?;
        self.tally_into(columns, keys, summaries)
    }

    /// The first bad rating, N/A or group key in `range`, in row order.
    #[allow(
        clippy::indexing_slicing,
        reason = "`check_keys` made `keys` as long as the columns, and `range` lies within them"
    )]
    fn first_problem(
        &self,
        columns: &RatingColumns<'_, D>,
        keys: &[u32],
        groups: usize,
        range: core::ops::Range<usize>,
    ) -> Error {
        for (i, &key) in range.clone().zip(&keys[range.clone()]) {
            if let Err(error) = self.row_scores(columns, i) {
                return error;
            }
            if let Err(error) = group_of(key, groups) {
                return error;
            }
        }
        // The caller saw a problem in `range`; the row checks above find the same ones.
        Error::IndexOutOfRange {
            field: "row",
            index: range.start as u64,
            len: columns.len() as u64,
        }
    }

    /// One summary per distinct key, for keys of any `Hash + Eq` type.
    ///
    /// # Errors
    ///
    /// As [`summarise_by_index`](Self::summarise_by_index).
    pub fn summarise_by<K: Hash + Eq + Clone>(
        &self,
        columns: &RatingColumns<'_, D>,
        keys: &[K],
    ) -> Result<GroupBy<K, Summary<D>>> {
        // Number the distinct keys, then use the dense path.
        let mut numbers = std::collections::HashMap::new();
        let mut distinct = Vec::new();
        let mut dense = Vec::with_capacity(keys.len());
        for k in keys {
            let next = u32::try_from(distinct.len()).map_err(|_| Error::IndexOutOfRange {
                field: "group key",
                index: distinct.len() as u64,
                len: u64::from(u32::MAX),
            })?;
            dense.push(*numbers.entry(k.clone()).or_insert_with(|| {
                distinct.push(k.clone());
                next
            }));
        }
        let summaries = self.summarise_by_index(columns, &dense, distinct.len())?;
        Ok(distinct.into_iter().zip(summaries).collect())
    }

    /// Like [`summarise_by_index`](Self::summarise_by_index), splitting the rows across rayon's
    /// threads and merging the partial results. The counts are identical to the serial path
    /// and the sums agree within rounding (1e-9 relative).
    ///
    /// # Errors
    ///
    /// As [`summarise_by_index`](Self::summarise_by_index).
    #[cfg(feature = "rayon")]
    #[cfg_attr(docsrs, doc(cfg(feature = "rayon")))]
    pub fn par_summarise_by_index(
        &self,
        columns: &RatingColumns<'_, D>,
        keys: &[u32],
        groups: usize,
    ) -> Result<Vec<Summary<D>>> {
        check_keys(columns, keys)?;
        self.par_tally(columns, keys, groups)
    }
}

/// What PROUD rows record beside their ratings, column by column: how each customer was made to
/// feel (a rating on the policy's scale, with a mask that is `false` where none was recorded)
/// and, optionally, each customer's coping reaction.
///
/// # Examples
///
/// ```
/// use service_quality::batch::{BatchScorer, Column, FeelingColumns, RatingColumns};
/// use service_quality::proud::{CopingReaction, Principle, ProudPolicy};
///
/// // Three calls: P rated 1 (a first-hurdle failure), 4 and 5; the last has no feeling noted.
/// let (p, rest) = ([1, 4, 5], [4, 4, 4]);
/// let columns = RatingColumns::<Principle>::new(|d| {
///     if d == Principle::PoliteAndProfessional { &p } else { &rest }
/// })?;
/// let (feeling, noted) = ([1, 4, 0], [true, true, false]);
/// let reactions = [Some(CopingReaction::Flight), None, None];
/// let notes = FeelingColumns::new(Column::with_answered(&feeling, &noted)).with_reactions(&reactions);
///
/// let scorer = BatchScorer::new(&ProudPolicy::default())?;
/// let teams = scorer.summarise_proud_by_index(&columns, &notes, &[0, 0, 1], 2)?;
/// assert_eq!(teams[0].count(), 2);
/// assert_eq!(teams[0].mean_feeling().map(|s| s.get()), Some(37.5)); // (0 + 75) / 2
/// assert_eq!(teams[0].feelings().reactions(CopingReaction::Flight), 1);
/// assert_eq!(teams[1].mean_feeling(), None);
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeelingColumns<'a> {
    feeling: Column<'a>,
    reactions: Option<&'a [Option<CopingReaction>]>,
}

impl<'a> FeelingColumns<'a> {
    /// The feelings (a `&[u8]`, or a [`Column`] with a mask of the rows that recorded one).
    pub fn new(feeling: impl Into<Column<'a>>) -> Self {
        FeelingColumns {
            feeling: feeling.into(),
            reactions: None,
        }
    }

    /// The same columns with each row's coping reaction (`None` where none was recorded).
    #[must_use]
    pub const fn with_reactions(self, reactions: &'a [Option<CopingReaction>]) -> Self {
        FeelingColumns {
            reactions: Some(reactions),
            ..self
        }
    }

    /// Checks that every column has `rows` entries.
    fn check(&self, rows: usize) -> Result<()> {
        let lengths = [
            ("feeling", Some(self.feeling.values.len())),
            (
                "feeling answered flags",
                self.feeling.answered.map(<[bool]>::len),
            ),
            (
                "reactions",
                self.reactions.map(<[Option<CopingReaction>]>::len),
            ),
        ];
        for (field, length) in lengths {
            if let Some(length) = length.filter(|&n| n != rows) {
                return Err(Error::Mismatch {
                    field,
                    found: length.to_string(),
                    expected: format!("{rows} rows"),
                });
            }
        }
        Ok(())
    }
}

impl BatchScorer<Principle> {
    /// One [`ProudSummary`] per group: the scores exactly as
    /// [`summarise_by_index`](Self::summarise_by_index) gives them, and beside them each
    /// group's feelings and the reactions of its first-hurdle failures, as
    /// [`ProudSummary::add`] would record them one verdict at a time.
    ///
    /// # Errors
    ///
    /// Those of [`summarise_by_index`](Self::summarise_by_index); [`Error::Mismatch`] when a
    /// feeling or reaction column differs in length from the ratings, and
    /// [`Error::RatingOutOfRange`] (field `feeling`) for a feeling off the policy's scale.
    pub fn summarise_proud_by_index(
        &self,
        columns: &RatingColumns<'_, Principle>,
        notes: &FeelingColumns<'_>,
        keys: &[u32],
        groups: usize,
    ) -> Result<Vec<ProudSummary>> {
        notes.check(columns.len())?;
        let scores = self.summarise_by_index(columns, keys, groups)?;
        let scale = self.policy.scale();
        let mut feelings = vec![Feelings::new(); groups];
        let rows = keys.iter().zip(feelings_of(&notes.feeling)).enumerate();
        for (row, (&key, feeling)) in rows {
            let feeling = feeling
                .map(|value| {
                    let value = scale.check(Some("feeling"), i64::from(value))?;
                    Ok::<_, Error>(Rating::on_scale(scale, value).normalised())
                })
                .transpose()?;
            let reaction = notes
                .reactions
                .and_then(|reactions| reactions.get(row).copied().flatten());
            // Only a row that recorded a reaction needs its first hurdle; scoring it again is
            // cheaper than keeping every row's outcome.
            let hurdle = match reaction {
                Some(reaction) => {
                    first_hurdle(&self.policy, &self.score_row(columns, row)?, Some(reaction))
                }
                None => FirstHurdle::NotApplied,
            };
            // The keys were checked against `groups` by summarise_by_index.
            if let Some(tally) = feelings.get_mut(key as usize) {
                tally.add_parts(feeling, hurdle);
            }
        }
        scores
            .into_iter()
            .zip(feelings)
            .map(|(scores, feelings)| ProudSummary::from_parts(scores, feelings))
            .collect()
    }
}

/// A column's values, `None` where its mask says the row recorded nothing.
fn feelings_of<'a>(column: &Column<'a>) -> impl Iterator<Item = Option<u8>> + 'a {
    let answered = column.answered;
    column.values.iter().enumerate().map(move |(i, &v)| {
        match answered.and_then(|mask| mask.get(i)) {
            Some(false) => None,
            _ => Some(v),
        }
    })
}

/// Checks there is one key per row.
fn check_keys<D: Dimension>(columns: &RatingColumns<'_, D>, keys: &[u32]) -> Result<()> {
    if keys.len() == columns.len() {
        Ok(())
    } else {
        Err(Error::Mismatch {
            field: "number of keys",
            found: keys.len().to_string(),
            expected: columns.len().to_string(),
        })
    }
}

/// A row's group key as an index, checked to lie in `0..groups`.
fn group_of(key: u32, groups: usize) -> Result<usize> {
    let group = key as usize;
    if group < groups {
        Ok(group)
    } else {
        Err(Error::IndexOutOfRange {
            field: "group key",
            index: u64::from(key),
            len: groups as u64,
        })
    }
}

#[cfg(test)]
mod tests {
    //! Which path a batch takes is invisible in its results (the integration tests check that
    //! both agree with one-at-a-time evaluation), so the choice itself is pinned here.
    use super::*;
    use crate::proud::{Principle, ProudPolicy};
    use crate::scoring::{Policy, Scale};

    crate::dimension_enum! {
        /// A two-dimension model: 128 ratings per dimension make exactly COMBINATION_LIMIT
        /// combinations.
        enum Pair as "pair dimension" {
            First("First", "One of two test dimensions."),
            Second("Second", "The other test dimension."),
        }
    }

    fn tabulates(policy: Policy<Pair>) -> bool {
        BatchScorer::new(&policy).is_ok_and(|s| s.combinations.is_some())
    }

    fn on(max: i32) -> Policy<Pair> {
        Policy::<Pair>::new(Scale::new(0, max).unwrap_or(Scale::ONE_TO_FIVE))
    }

    #[test]
    fn combinations_are_tabulated_up_to_the_limit_and_not_beyond() {
        assert_eq!(128 * 128, COMBINATION_LIMIT);
        assert!(tabulates(on(1)));
        assert!(tabulates(on(127)));
        assert!(!tabulates(on(128)));
        assert!(!tabulates(on(255)));
        // N/A adds a digit: 127 + N/A on one dimension is 128 × 129 combinations.
        assert!(tabulates(
            on(126).with_not_applicable_allowed(Pair::First, true)
        ));
        assert!(!tabulates(
            on(127).with_not_applicable_allowed(Pair::First, true)
        ));
    }

    #[test]
    fn every_combination_is_evaluated_as_the_policy_evaluates_it() {
        let policy = ProudPolicy::default().with_not_applicable_allowed(Principle::Deliver, true);
        let Ok(scorer) = BatchScorer::new(&policy) else {
            unreachable!("the default scale fits in bytes")
        };
        let Some(combos) = &scorer.combinations else {
            unreachable!("5^4 × 6 combinations are tabulated")
        };
        assert_eq!(combos.outcome_of.len(), 5 * 5 * 5 * 5 * 6);
        assert_eq!(combos.bases, [5, 5, 5, 5, 6]);
        let outcome = |c: usize| {
            combos
                .outcome_of
                .get(c)
                .and_then(|&o| combos.outcomes.get(usize::from(o)))
                .copied()
        };
        // Combination 0 is all ones (first hurdle failed), the last all fives with D N/A.
        let first = outcome(0).unwrap_or_else(|| unreachable!("tabulated"));
        assert_eq!(
            (first.overall(), first.critical_failed()),
            (Some(Score::MIN), true)
        );
        let last =
            outcome(combos.outcome_of.len() - 1).unwrap_or_else(|| unreachable!("tabulated"));
        assert_eq!(
            (last.overall(), last.critical_failed()),
            (Some(Score::MAX), false)
        );
    }

    #[test]
    fn the_one_table_histogram_serves_few_groups_and_partitions_take_over_beyond() {
        let Ok(scorer) = BatchScorer::<Principle>::new(&ProudPolicy::default()) else {
            unreachable!("the default scale fits in bytes")
        };
        let Some(combos) = &scorer.combinations else {
            unreachable!("5^5 combinations are tabulated")
        };
        // Each group needs a counter per outcome and per digit of each dimension.
        let most_groups = tally::DIRECT_COUNTERS / combos.counters_per_group();
        let is = |rows: usize, groups: usize| match scorer.plan(rows, groups) {
            tally::Plan::Histogram(_) => "histogram",
            tally::Plan::Partitioned(_) => "partitioned",
            tally::Plan::Rows => "rows",
        };
        assert_eq!(is(4, 1), "histogram");
        assert_eq!(is(4, most_groups), "histogram");
        assert_eq!(is(4, most_groups + 1), "partitioned");
        assert_eq!(is(4, 1_000_000), "partitioned");
        // Counters are u32: more rows than that are evaluated one by one.
        if let Ok(rows) = usize::try_from(u64::from(u32::MAX) + 1) {
            assert_eq!(is(rows, 1), "rows");
        }
        let large = BatchScorer::<Principle>::new(
            &ProudPolicy::default().with_scale(Scale::new(0, 10).unwrap_or(Scale::ONE_TO_FIVE)),
        );
        assert!(large.is_ok_and(|s| matches!(s.plan(4, 1), tally::Plan::Rows)));
    }

    #[test]
    fn a_bucket_fits_its_counter_budget_and_packs_into_a_u32() {
        let Ok(scorer) = BatchScorer::<Principle>::new(&ProudPolicy::default()) else {
            unreachable!("the default scale fits in bytes")
        };
        let Some(combos) = &scorer.combinations else {
            unreachable!("tabulated")
        };
        let shift = combos.bucket_shift();
        let per_group = combos.counters_per_group();
        // One counter per outcome and one per rating of each of the five principles (1 to 5).
        assert_eq!(combos.digits.len(), 25);
        assert_eq!(per_group, combos.outcomes.len() + 25);
        assert!((1usize << shift) * per_group <= tally::BUCKET_COUNTERS);
        assert!((2usize << shift) * per_group > tally::BUCKET_COUNTERS);
        assert!(shift + tally::COMBINATION_BITS <= 32);
        // Every slot lies within a group's digit counters.
        assert!(
            combos
                .slots
                .iter()
                .all(|&s| (s as usize) < combos.digits.len())
        );
        assert_eq!(combos.slots.len(), combos.outcome_of.len() * 5);
    }
}
