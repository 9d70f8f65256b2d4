//! Scoring many assessments at once, from plain column slices, without a heap allocation per
//! record.
//!
//! A contact centre's year of quality reviews, or a survey platform's export, usually arrives
//! column-wise: one slice of ratings per dimension. [`BatchScorer`] scores such columns row by
//! row with exactly the rules of [`Policy::score`] (the same products, summed in the same order,
//! bounded the same way, so every number matches the one-at-a-time path to the last bit), and
//! folds the results into [`Summary`]s, overall or grouped by a key.
//!
//! Ratings that arrive row by row go through [`ColumnsFromRows`] first.
//!
//! With the `rayon` feature, `BatchScorer::par_summarise_by_index` splits the rows across
//! threads and merges the partial summaries.
//!
//! # Examples
//!
//! ```
//! use service_quality::Band;
//! use service_quality::batch::{BatchScorer, RatingColumns};
//! use service_quality::proud::{Principle, ProudPolicy};
//!
//! // Three assessments, one column per principle (P, R, O, U, D).
//! let p = [4, 2, 5];
//! let r = [5, 5, 5];
//! let o = [3, 5, 5];
//! let u = [4, 5, 5];
//! let d = [2, 5, 4];
//! let columns = RatingColumns::<Principle>::new(|x| match x {
//!     Principle::PoliteAndProfessional => &p[..],
//!     Principle::Respect => &r[..],
//!     Principle::Ownership => &o[..],
//!     Principle::Understanding => &u[..],
//!     Principle::Deliver => &d[..],
//! })?;
//! let scorer = BatchScorer::new(&ProudPolicy::default())?;
//! let row = scorer.score_row(&columns, 1)?;
//! assert_eq!((row.overall().get(), row.band(), row.gate_failed()), (25.0, Band::Poor, true));
//!
//! // Teams 0, 1, 0.
//! let teams = scorer.summarise_by_index(&columns, &[0, 1, 0], 2)?;
//! assert_eq!(teams[0].count(), 2);
//! assert_eq!(teams[0].mean_overall()?.get(), 80.0); // (65 + 95) / 2
//! # Ok::<(), service_quality::Error>(())
//! ```

use core::hash::Hash;

use crate::{Band, Dimension, Error, GroupBy, Policy, Result, Score, Summary};

/// One slice of ratings per dimension, all the same length; row `i` is one assessment.
#[derive(Debug, Clone)]
pub struct RatingColumns<'a, D: Dimension> {
    /// Indexed by the dimension's position in declaration order.
    columns: Vec<&'a [u8]>,
    rows: usize,
    dimension: core::marker::PhantomData<D>,
}

impl<'a, D: Dimension> RatingColumns<'a, D> {
    /// Columns from a function giving each dimension's slice.
    ///
    /// # Errors
    ///
    /// [`Error::Mismatch`] when the slices differ in length.
    pub fn new(mut column: impl FnMut(D) -> &'a [u8]) -> Result<Self> {
        let columns: Vec<&[u8]> = D::iter().map(&mut column).collect();
        let rows = columns.first().map_or(0, |c| c.len());
        if let Some((d, c)) = D::iter().zip(&columns).find(|(_, c)| c.len() != rows) {
            return Err(Error::Mismatch {
                field: d.key(),
                found: c.len().to_string(),
                expected: rows.to_string(),
            });
        }
        Ok(RatingColumns {
            columns,
            rows,
            dimension: core::marker::PhantomData,
        })
    }

    fn column(&self, d: D) -> &'a [u8] {
        self.columns.get(d.into_usize()).copied().unwrap_or(&[])
    }

    /// The number of rows.
    pub const fn len(&self) -> usize {
        self.rows
    }

    /// Whether there are no rows.
    pub const fn is_empty(&self) -> bool {
        self.rows == 0
    }
}

/// Ratings that arrived row by row (one byte per dimension per row, in declaration order),
/// transposed once into columns so the batch path can read them. The transposition allocates one
/// vector per dimension, never one per record.
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
/// let summary = BatchScorer::new(&ProudPolicy::default())?.summarise(&owned.columns()?)?;
/// assert_eq!(summary.count(), 2);
/// assert_eq!(summary.mean_overall()?.get(), 45.0);
///
/// assert!(ColumnsFromRows::<Principle>::new(&rows[..7]).is_err());
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnsFromRows<D: Dimension> {
    columns: Vec<Vec<u8>>,
    dimension: core::marker::PhantomData<D>,
}

impl<D: Dimension> ColumnsFromRows<D> {
    /// Transposes row-major ratings into columns.
    ///
    /// # Errors
    ///
    /// [`Error::Mismatch`] when the length is not a whole number of rows.
    pub fn new(rows: &[u8]) -> Result<Self> {
        let dims = D::iter().count();
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
            dimension: core::marker::PhantomData,
        })
    }

    /// The columns, ready for a [`BatchScorer`].
    ///
    /// # Errors
    ///
    /// None in practice: the columns were built with equal lengths.
    pub fn columns(&self) -> Result<RatingColumns<'_, D>> {
        RatingColumns::new(|d: D| {
            self.columns
                .get(d.into_usize())
                .map_or(&[][..], Vec::as_slice)
        })
    }
}

/// The result of scoring one row: what a summary needs, without the per-dimension detail.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RowScore {
    overall: Score,
    band: Band,
    gate_failed: bool,
}

impl RowScore {
    /// The overall score, exactly as [`Scorecard::overall`](crate::Scorecard::overall).
    pub const fn overall(&self) -> Score {
        self.overall
    }

    /// The band.
    pub const fn band(&self) -> Band {
        self.band
    }

    /// Whether the gate failed.
    pub const fn gate_failed(&self) -> bool {
        self.gate_failed
    }
}

/// Scores rows of [`RatingColumns`] under one policy. Building it precomputes, per dimension and
/// rating, the normalised score and its weighted product; scoring a row then does table lookups
/// and additions only.
#[derive(Debug, Clone)]
pub struct BatchScorer<D: Dimension> {
    policy: Policy<D>,
    min: u8,
    width: u8,
    /// `scores[o]`: the normalised score of rating `min + o`.
    scores: Vec<Score>,
    /// `weighted[d · (width + 1) + o]`: weight(d) × scores[o], the exact product
    /// `Policy::score` adds.
    weighted: Vec<f64>,
    /// When every combination of ratings fits in [`COMBINATION_LIMIT`]: each combination's
    /// score and its digits (rating offsets by dimension position), for the histogram path.
    combinations: Option<Combinations>,
}

/// Scales and models small enough for the histogram path: at most this many combinations.
const COMBINATION_LIMIT: usize = 1 << 14;

/// Histograms (groups × combinations counters) at most this large; beyond it the row path runs.
const HISTOGRAM_LIMIT: usize = 1 << 24;

/// Every combination of ratings, scored once, and the few distinct outcomes they share.
#[derive(Debug, Clone)]
struct Combinations {
    /// `outcome_of[c]`: the index in `outcomes` of combination `c`'s score.
    outcome_of: Vec<u16>,
    /// The distinct scores (overall, band, gate result) any combination can have.
    outcomes: Vec<RowScore>,
    dims: usize,
}

/// Per-group tallies in the combinations path: how many rows had each outcome, and the exact
/// integer sum of each dimension's rating offsets.
struct Tallies {
    outcome_counts: Vec<u32>,
    offset_sums: Vec<u64>,
}

impl<D: Dimension> BatchScorer<D> {
    /// A scorer for `policy`.
    ///
    /// # Errors
    ///
    /// [`Error::ValueOutOfRange`] when the policy's scale does not fit in 0..=255 (ratings are
    /// read as bytes).
    pub fn new(policy: &Policy<D>) -> Result<Self> {
        let scale = policy.scale();
        let (min, max) = match (u8::try_from(scale.min()), u8::try_from(scale.max())) {
            (Ok(min), Ok(max)) => (min, max),
            _ => {
                return Err(Error::ValueOutOfRange {
                    field: "scale maximum",
                    value: f64::from(scale.max()),
                    expected: "a scale within 0..=255 for batch scoring",
                });
            }
        };
        let width = max - min;
        let scores: Vec<Score> = (0..=width)
            .map(|o| scale.normalise_checked(i32::from(min) + i32::from(o)))
            .collect();
        let weighted = D::iter()
            .flat_map(|d| {
                let w = policy.weights().get(d);
                scores.iter().map(move |s| w * s.get())
            })
            .collect();
        let mut scorer = BatchScorer {
            policy: *policy,
            min,
            width,
            scores,
            weighted,
            combinations: None,
        };
        scorer.combinations = scorer.enumerate_combinations()?;
        Ok(scorer)
    }

    /// Scores every combination of ratings once, if there are few enough of them. Combination
    /// `c` has its first dimension as the most significant digit in base `width + 1`.
    fn enumerate_combinations(&self) -> Result<Option<Combinations>> {
        let base = usize::from(self.width) + 1;
        let dims = D::iter().count();
        let Some(count) = u32::try_from(dims).ok().and_then(|d| base.checked_pow(d)) else {
            return Ok(None);
        };
        if count > COMBINATION_LIMIT {
            return Ok(None);
        }
        let mut digits = vec![0usize; dims];
        let mut outcome_of = Vec::with_capacity(count);
        let mut outcomes: Vec<RowScore> = Vec::new();
        for c in 0..count {
            let mut rest = c;
            for slot in digits.iter_mut().rev() {
                *slot = rest % base;
                rest /= base;
            }
            let score =
                self.score_offsets(|d| Ok(digits.get(d.into_usize()).copied().unwrap_or(0)))?;
            let index = match outcomes.iter().position(|o| *o == score) {
                Some(i) => i,
                None => {
                    outcomes.push(score);
                    outcomes.len() - 1
                }
            };
            // At most COMBINATION_LIMIT (2^14) outcomes, so the index fits in a u16.
            outcome_of.push(u16::try_from(index).unwrap_or(u16::MAX));
        }
        Ok(Some(Combinations {
            outcome_of,
            outcomes,
            dims,
        }))
    }

    /// The offset of row `i`'s rating for `d` above the scale minimum.
    fn offset(&self, columns: &RatingColumns<'_, D>, d: D, i: usize) -> Result<usize> {
        let value = columns.column(d).get(i).copied().ok_or(Error::Empty {
            what: "rating columns",
            item: "row at that index",
        })?;
        match value.checked_sub(self.min) {
            Some(o) if o <= self.width => Ok(usize::from(o)),
            _ => Err(Error::RatingOutOfRange {
                field: Some(d.key()),
                value: i64::from(value),
                scale: self.policy.scale(),
            }),
        }
    }

    /// Scores row `i` and reports each dimension's rating offset to `each`.
    fn score_with(
        &self,
        columns: &RatingColumns<'_, D>,
        i: usize,
        mut each: impl FnMut(D, usize),
    ) -> Result<RowScore> {
        self.score_offsets(|d| {
            let o = self.offset(columns, d, i)?;
            each(d, o);
            Ok(o)
        })
    }

    /// Scores one assessment given each dimension's rating offset above the scale minimum:
    /// `Policy::score`'s arithmetic on precomputed tables.
    fn score_offsets(&self, mut offset: impl FnMut(D) -> Result<usize>) -> Result<RowScore> {
        let weights = self.policy.weights();
        let mut sum = 0.0;
        let mut lowest = Score::MAX;
        let mut highest = Score::MIN;
        let mut gate_score = None;
        let gate = self.policy.gate();
        for d in D::iter() {
            let o = offset(d)?;
            let score = self.scores.get(o).copied().unwrap_or(Score::MIN);
            if gate.is_some_and(|g| g.dimension() == d) {
                gate_score = Some(score);
            }
            if weights.get(d) > 0.0 {
                let at = d.into_usize() * (usize::from(self.width) + 1) + o;
                sum += self.weighted.get(at).copied().unwrap_or(0.0);
                lowest = lowest.min(score);
                highest = highest.max(score);
            }
        }
        // As in `Weights::summarise`: the mean kept within the range of the counted scores.
        let mean = Score::within(sum / weights.total(), lowest, highest);
        let (overall, band, failed) = self.policy.gate_and_band(mean, gate_score);
        Ok(RowScore {
            overall,
            band,
            gate_failed: failed,
        })
    }

    /// Scores one row.
    ///
    /// # Errors
    ///
    /// [`Error::RatingOutOfRange`] for a rating off the policy's scale, and [`Error::Empty`]
    /// when `row` is past the end.
    pub fn score_row(&self, columns: &RatingColumns<'_, D>, row: usize) -> Result<RowScore> {
        self.score_with(columns, row, |_, _| {})
    }

    /// Folds every row's score into an accumulator, in row order.
    ///
    /// # Errors
    ///
    /// The first row's error, as for [`score_row`](Self::score_row).
    pub fn fold<A>(
        &self,
        columns: &RatingColumns<'_, D>,
        init: A,
        mut f: impl FnMut(A, usize, RowScore) -> A,
    ) -> Result<A> {
        let mut acc = init;
        for i in 0..columns.len() {
            acc = f(acc, i, self.score_row(columns, i)?);
        }
        Ok(acc)
    }

    /// Adds rows `range` to the accumulators chosen by `group`.
    fn accumulate(
        &self,
        columns: &RatingColumns<'_, D>,
        range: core::ops::Range<usize>,
        accs: &mut [Acc],
        group: impl Fn(usize) -> Result<usize>,
    ) -> Result<()> {
        for i in range {
            let g = group(i)?;
            let acc = accs
                .get_mut(g)
                .ok_or_else(|| bad_group(u32::try_from(g).ok()))?;
            let offsets = &mut acc.offsets;
            let row = self.score_with(columns, i, |d, o| {
                if let Some(sum) = offsets.get_mut(d.into_usize()) {
                    *sum += o as u64;
                }
            })?;
            acc.record(row);
        }
        Ok(())
    }

    fn finish(&self, acc: &Acc) -> Summary<D> {
        let width = f64::from(self.width);
        Summary::from_parts(
            acc.count,
            |d: D| 100.0 * acc.offsets.get(d.into_usize()).copied().unwrap_or(0) as f64 / width,
            acc.overall,
            acc.bands,
            acc.gate_failures,
        )
    }

    /// One summary of every row.
    ///
    /// # Errors
    ///
    /// The first row's error, as for [`score_row`](Self::score_row).
    pub fn summarise(&self, columns: &RatingColumns<'_, D>) -> Result<Summary<D>> {
        let mut acc = [Acc::new(D::iter().count())];
        self.accumulate(columns, 0..columns.len(), &mut acc, |_| Ok(0))?;
        Ok(acc.first().map(|a| self.finish(a)).unwrap_or_default())
    }

    /// One summary per group, where `keys[i]` is row `i`'s group index in `0..groups` (team
    /// numbers, month numbers): the fastest group-by, with no hashing.
    ///
    /// # Errors
    ///
    /// [`Error::Mismatch`] when `keys` and the columns differ in length,
    /// [`Error::ValueOutOfRange`] for a key of `groups` or more, and rating errors as for
    /// [`score_row`](Self::score_row).
    pub fn summarise_by_index(
        &self,
        columns: &RatingColumns<'_, D>,
        keys: &[u32],
        groups: usize,
    ) -> Result<Vec<Summary<D>>> {
        check_keys(columns, keys)?;
        if let Some(combos) = self.histogram_applies(columns, groups) {
            let tallies = self.histogram(combos, columns, keys, groups, 0..columns.len())?;
            return Ok(self.finish_histogram(combos, &tallies, groups));
        }
        let accs = self.accumulate_by_index(columns, keys, groups, 0..columns.len())?;
        Ok(accs.iter().map(|a| self.finish(a)).collect())
    }

    /// The combinations table, when the histogram path applies: few enough combinations and
    /// groups, and few enough rows that no `u32` counter can overflow. Keys are checked first by
    /// [`check_keys`].
    fn histogram_applies(
        &self,
        columns: &RatingColumns<'_, D>,
        groups: usize,
    ) -> Option<&Combinations> {
        self.combinations.as_ref().filter(|c| {
            groups.saturating_mul(c.outcomes.len() + c.dims) <= HISTOGRAM_LIMIT
                && u32::try_from(columns.len()).is_ok()
        })
    }

    /// Tallies rows `range` per group: outcome counts and rating-offset sums.
    fn histogram(
        &self,
        combos: &Combinations,
        columns: &RatingColumns<'_, D>,
        keys: &[u32],
        groups: usize,
        range: core::ops::Range<usize>,
    ) -> Result<Tallies> {
        let (outcomes, dims) = (combos.outcomes.len(), combos.dims);
        let mut tallies = Tallies {
            outcome_counts: vec![0; groups * outcomes],
            offset_sums: vec![0; groups * dims],
        };
        // Rows are processed in blocks, column by column: each column is read sequentially
        // (the index arithmetic vectorises), and the per-group tallies stay small and hot.
        const BLOCK: usize = 2048;
        let mut index = [0u32; BLOCK];
        let base32 = u32::from(self.width) + 1;
        let mut start = range.start;
        while start < range.end {
            let end = (start + BLOCK).min(range.end);
            let idx = index.get_mut(..end - start).unwrap_or(&mut []);
            idx.fill(0);
            let mut bad = false;
            for column in &columns.columns {
                let block = column.get(start..end).unwrap_or(&[]);
                bad |= block.len() != idx.len();
                for (x, &v) in idx.iter_mut().zip(block) {
                    let o = v.wrapping_sub(self.min);
                    bad |= o > self.width;
                    *x = *x * base32 + u32::from(o);
                }
            }
            let block_keys = keys.get(start..end).unwrap_or(&[]);
            bad |=
                block_keys.len() != idx.len() || block_keys.iter().any(|&k| k as usize >= groups);
            if bad {
                // Report the first problem in row order, as the row path would.
                return Err(self.first_problem(columns, keys, groups, start..end));
            }
            for (&x, &key) in idx.iter().zip(block_keys) {
                let outcome = usize::from(combos.outcome_of.get(x as usize).copied().unwrap_or(0));
                if let Some(cell) = tallies
                    .outcome_counts
                    .get_mut(key as usize * outcomes + outcome)
                {
                    *cell += 1;
                }
            }
            for (j, column) in columns.columns.iter().enumerate() {
                let block = column.get(start..end).unwrap_or(&[]);
                for (&v, &key) in block.iter().zip(block_keys) {
                    if let Some(sum) = tallies.offset_sums.get_mut(key as usize * dims + j) {
                        *sum += u64::from(v - self.min);
                    }
                }
            }
            start = end;
        }
        Ok(tallies)
    }

    /// The first bad rating or group key in `range`, in row order.
    fn first_problem(
        &self,
        columns: &RatingColumns<'_, D>,
        keys: &[u32],
        groups: usize,
        range: core::ops::Range<usize>,
    ) -> Error {
        for i in range {
            for (j, column) in columns.columns.iter().enumerate() {
                let value = column.get(i).copied().unwrap_or(u8::MAX);
                if value.wrapping_sub(self.min) > self.width {
                    return self.bad_rating(j, value);
                }
            }
            if let Err(error) = group_of(keys, i, groups) {
                return error;
            }
        }
        bad_group(None)
    }

    /// The error for a rating off the scale in the column at position `j`.
    fn bad_rating(&self, j: usize, value: u8) -> Error {
        Error::RatingOutOfRange {
            field: D::iter().nth(j).map(Dimension::key),
            value: i64::from(value),
            scale: self.policy.scale(),
        }
    }

    /// Turns per-group tallies into summaries: each overall sum is a count times an outcome's
    /// exact value, each dimension sum comes from an exact integer.
    fn finish_histogram(
        &self,
        combos: &Combinations,
        tallies: &Tallies,
        groups: usize,
    ) -> Vec<Summary<D>> {
        let (outcomes, dims) = (combos.outcomes.len(), combos.dims);
        (0..groups)
            .map(|g| {
                let mut acc = Acc::new(dims);
                let counts = tallies.outcome_counts.get(g * outcomes..(g + 1) * outcomes);
                for (row, &k) in combos.outcomes.iter().zip(counts.unwrap_or(&[])) {
                    if k > 0 {
                        acc.record_many(*row, u64::from(k));
                    }
                }
                if let Some(sums) = tallies.offset_sums.get(g * dims..(g + 1) * dims) {
                    acc.offsets.copy_from_slice(sums);
                }
                self.finish(&acc)
            })
            .collect()
    }

    fn accumulate_by_index(
        &self,
        columns: &RatingColumns<'_, D>,
        keys: &[u32],
        groups: usize,
        range: core::ops::Range<usize>,
    ) -> Result<Vec<Acc>> {
        let mut accs = vec![Acc::new(D::iter().count()); groups];
        self.accumulate(columns, range, &mut accs, |i| group_of(keys, i, groups))?;
        Ok(accs)
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
        let dense: Vec<u32> = keys
            .iter()
            .map(|k| {
                *numbers.entry(k.clone()).or_insert_with(|| {
                    distinct.push(k.clone());
                    (distinct.len() - 1) as u32
                })
            })
            .collect();
        let summaries = self.summarise_by_index(columns, &dense, distinct.len())?;
        let mut out = GroupBy::new();
        for (key, summary) in distinct.into_iter().zip(summaries) {
            *out.entry(key) = summary;
        }
        Ok(out)
    }

    /// Like [`summarise_by_index`](Self::summarise_by_index), splitting the rows across rayon's
    /// threads and merging the partial summaries. The counts are identical to the serial path
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
        use rayon::prelude::*;
        let n = columns.len();
        check_keys(columns, keys)?;
        if let Some(combos) = self.histogram_applies(columns, groups) {
            let parts = rayon::current_num_threads().max(1);
            let chunk = n.div_ceil(parts).max(1);
            let partials: Vec<Tallies> = (0..n.div_ceil(chunk))
                .into_par_iter()
                .map(|c| {
                    self.histogram(
                        combos,
                        columns,
                        keys,
                        groups,
                        c * chunk..((c + 1) * chunk).min(n),
                    )
                })
                .collect::<Result<_>>()?;
            let mut total = Tallies {
                outcome_counts: vec![0; groups * combos.outcomes.len()],
                offset_sums: vec![0; groups * combos.dims],
            };
            for part in &partials {
                // At most u32::MAX rows in all (checked above), so no counter overflows.
                for (t, p) in total.outcome_counts.iter_mut().zip(&part.outcome_counts) {
                    *t += p;
                }
                for (t, p) in total.offset_sums.iter_mut().zip(&part.offset_sums) {
                    *t += p;
                }
            }
            return Ok(self.finish_histogram(combos, &total, groups));
        }
        let chunk = n
            .div_ceil(rayon::current_num_threads().max(1) * 4)
            .max(1 << 14);
        let partials: Vec<Vec<Acc>> = (0..n.div_ceil(chunk))
            .into_par_iter()
            .map(|c| {
                self.accumulate_by_index(columns, keys, groups, c * chunk..((c + 1) * chunk).min(n))
            })
            .collect::<Result<_>>()?;
        let mut total = vec![Acc::new(D::iter().count()); groups];
        for part in &partials {
            for (t, p) in total.iter_mut().zip(part) {
                t.merge(p);
            }
        }
        Ok(total.iter().map(|a| self.finish(a)).collect())
    }
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

/// Row `i`'s group, checked to lie in `0..groups`.
fn group_of(keys: &[u32], i: usize, groups: usize) -> Result<usize> {
    keys.get(i)
        .and_then(|&k| usize::try_from(k).ok())
        .filter(|&g| g < groups)
        .ok_or_else(|| bad_group(keys.get(i).copied()))
}

/// The error for a group key outside `0..groups`.
fn bad_group(key: Option<u32>) -> Error {
    Error::ValueOutOfRange {
        field: "group index",
        value: key.map_or(f64::NAN, f64::from),
        expected: "a group index below the number of groups",
    }
}

/// A group's accumulator in the batch path: exact integer sums of rating offsets per
/// dimension (by position), a compensated sum of overall scores, and counts.
#[derive(Debug, Clone)]
struct Acc {
    count: u64,
    offsets: Vec<u64>,
    overall: (f64, f64),
    bands: [u64; 4],
    gate_failures: u64,
}

impl Acc {
    fn new(dimensions: usize) -> Self {
        Acc {
            count: 0,
            offsets: vec![0; dimensions],
            overall: (0.0, 0.0),
            bands: [0; 4],
            gate_failures: 0,
        }
    }

    fn record(&mut self, row: RowScore) {
        self.record_many(row, 1);
    }

    /// Records `k` rows with the same score.
    fn record_many(&mut self, row: RowScore, k: u64) {
        self.count += k;
        let total = k as f64 * row.overall.get();
        crate::summary::add_compensated(&mut self.overall.0, &mut self.overall.1, total);
        if let Some(n) = self.bands.get_mut(crate::summary::band_index(row.band)) {
            *n += k;
        }
        if row.gate_failed {
            self.gate_failures += k;
        }
    }

    #[cfg(feature = "rayon")]
    fn merge(&mut self, other: &Self) {
        self.count += other.count;
        for (mine, theirs) in self.offsets.iter_mut().zip(&other.offsets) {
            *mine += theirs;
        }
        crate::summary::add_compensated(&mut self.overall.0, &mut self.overall.1, other.overall.0);
        self.overall.1 += other.overall.1;
        for (mine, theirs) in self.bands.iter_mut().zip(other.bands) {
            *mine += theirs;
        }
        self.gate_failures += other.gate_failures;
    }
}

#[cfg(test)]
mod tests {
    //! Which path a batch takes is invisible in its results (the integration tests check that
    //! both agree with one-at-a-time scoring), so the choice itself is pinned here.
    use super::*;
    use crate::macros::named_enum;
    use crate::proud::{Principle, ProudPolicy};
    use crate::{Policy, Scale};

    named_enum! {
        /// A two-dimension model: 128 ratings per dimension make exactly COMBINATION_LIMIT
        /// combinations.
        #[derive(enum_map::Enum)]
        enum Pair as "pair dimension", expecting "one of: first, second" {
            First,
            Second,
        }
    }

    impl Dimension for Pair {
        const KIND: &'static str = "pair dimension";
        fn name(self) -> &'static str {
            self.key()
        }
        fn description(self) -> &'static str {
            "One of two test dimensions."
        }
    }

    fn tabulates(max: i32) -> bool {
        let policy = Policy::<Pair>::new(Scale::new(0, max).unwrap_or(Scale::ONE_TO_FIVE));
        BatchScorer::new(&policy).is_ok_and(|s| s.combinations.is_some())
    }

    #[test]
    fn combinations_are_tabulated_up_to_the_limit_and_not_beyond() {
        assert_eq!(128 * 128, COMBINATION_LIMIT);
        assert!(tabulates(1));
        assert!(tabulates(127));
        assert!(!tabulates(128));
        assert!(!tabulates(255));
    }

    #[test]
    fn every_combination_is_scored_as_the_policy_scores_it() {
        let policy = ProudPolicy::default();
        let Ok(scorer) = BatchScorer::new(&policy) else {
            unreachable!("the default scale fits in bytes")
        };
        let Some(combos) = &scorer.combinations else {
            unreachable!("5^5 combinations are tabulated")
        };
        assert_eq!((combos.outcome_of.len(), combos.dims), (3125, 5));
        // Combination 0 is all ones (gate failed), the last all fives.
        let first = combos
            .outcome_of
            .first()
            .and_then(|&o| combos.outcomes.get(usize::from(o)));
        let last = combos
            .outcome_of
            .last()
            .and_then(|&o| combos.outcomes.get(usize::from(o)));
        assert_eq!(
            first.map(|o| (o.overall.get(), o.gate_failed)),
            Some((0.0, true))
        );
        assert_eq!(
            last.map(|o| (o.overall.get(), o.gate_failed)),
            Some((100.0, false))
        );
    }

    #[test]
    fn histograms_are_used_up_to_their_size_limit() {
        let Ok(scorer) = BatchScorer::<Principle>::new(&ProudPolicy::default()) else {
            unreachable!("the default scale fits in bytes")
        };
        let column = [3u8; 4];
        let Ok(columns) = RatingColumns::<Principle>::new(|_| &column[..]) else {
            unreachable!("equal columns")
        };
        let Some(combos) = &scorer.combinations else {
            unreachable!("5^5 combinations are tabulated")
        };
        // Each group needs a counter per outcome and a sum per dimension.
        let most_groups = HISTOGRAM_LIMIT / (combos.outcomes.len() + combos.dims);
        assert!(scorer.histogram_applies(&columns, 1).is_some());
        assert!(scorer.histogram_applies(&columns, most_groups).is_some());
        assert!(
            scorer
                .histogram_applies(&columns, most_groups + 1)
                .is_none()
        );
    }
}
