//! How a batch is tallied: the strategies behind `summarise_by_index`, chosen by the shape of
//! the work. All of them give the same summaries, bit for bit: counts are integers and sums are
//! exact totals (see [`Summary`]), so neither the strategy nor how the rows were split shows.
//!
//! - **Histogram** (a tabulated model, few groups): each row's ratings become one combination
//!   number; a row costs a lookup and a few increments in one table of every group's counters,
//!   and each group's summary is built from its counts at the end.
//! - **Partitioned** (a tabulated model, many groups): a table of every group would not fit in a
//!   cache and every increment would miss, so each row's combination number is written down
//!   (2 bytes), the rows are partitioned by group into buckets of a few hundred groups (4 bytes a
//!   row), and each bucket is tallied in a table small enough to stay in a core's cache and
//!   turned into its groups' summaries before the next bucket starts.
//! - **Rows** (models or scales too large to tabulate): each row evaluated through the kernel
//!   and added to its group's summary.
//!
//! In parallel, few groups split the rows (each thread tallies a chunk into its own small table
//! and the tables are added), and many groups split the groups: each thread owns a range of
//! groups, balanced by their rows, and writes only those summaries, so no thread builds, and no
//! step merges, a table of every group.

use core::ops::Range;

use super::{BatchScorer, RatingColumns, group_of};
use crate::scoring::kernel::{ItemVerdict, Outcome};
use crate::scoring::{Dimension, Result, Score, Summary};

/// Bits of a combination number: models and scales with at most `2^14` combinations (PROUD on
/// 1 to 5 with N/A anywhere has 7,776) are tabulated.
pub(super) const COMBINATION_BITS: u32 = 14;

/// The most combinations a tabulated model may have.
pub(super) const COMBINATION_LIMIT: usize = 1 << COMBINATION_BITS;

/// One table of every group's counters at most this many (1 MiB of `u32`s, a core's share of
/// the cache): beyond it, rows are partitioned by group first. PROUD needs about 65 counters a
/// group, so the one-table histogram serves up to about 4,000 groups.
pub(super) const DIRECT_COUNTERS: usize = 1 << 18;

/// A bucket's table at most this many counters (256 KiB), so it stays in a core's L2 cache.
pub(super) const BUCKET_COUNTERS: usize = 1 << 16;

/// Below this many rows a group on average, a bucket's rows are added to their summaries one by
/// one rather than counted first: scanning a group's counters (about 65 for PROUD) costs about
/// as much as adding four rows.
const SPARSE_ROWS_PER_GROUP: usize = 4;

/// Rows per block: each column is read sequentially within a block and the counters stay hot.
pub(super) const BLOCK: usize = 2048;

/// A table of every group's summary at most this many bytes is built per thread and merged on
/// the parallel row path; beyond it each thread owns a range of groups instead.
#[cfg(feature = "rayon")]
const MERGED_SUMMARY_BYTES: usize = 1 << 20;

/// Every combination of ratings, evaluated once through the kernel, and the few distinct
/// outcomes they share. A combination is a number in mixed radix: dimension `j` contributes a
/// digit below `bases[j]`, the rating's offset above the scale minimum, or `width + 1` for N/A
/// where the policy allows it.
#[derive(Debug, Clone)]
pub(super) struct Combinations {
    pub(super) bases: Vec<u32>,
    /// The largest base: the stride of the per-dimension digit counters.
    pub(super) stride: usize,
    /// `outcome_of[c]`: the index in `outcomes` of combination `c`'s outcome.
    pub(super) outcome_of: Vec<u16>,
    /// The distinct outcomes any combination can have.
    pub(super) outcomes: Vec<Outcome>,
    /// `digits[j · stride + digit]`: that digit's score and the kernel's verdict on the item.
    pub(super) digits: Vec<(Option<Score>, ItemVerdict)>,
    /// `slots[c · dims + j]`: the counter of combination `c`'s digit in dimension `j` among a
    /// group's digit counters (`j · stride + digit`), so a partitioned row needs no division.
    pub(super) slots: Vec<u32>,
}

impl Combinations {
    fn dims(&self) -> usize {
        self.bases.len()
    }

    /// Counters one group needs: one per outcome and one per digit of each dimension.
    pub(super) fn counters_per_group(&self) -> usize {
        self.outcomes.len() + self.digits.len()
    }

    /// The bucket size of the partitioned path as a power of two: as many groups as fit in
    /// [`BUCKET_COUNTERS`] (at least one), at most `2^(32 − COMBINATION_BITS)` so a group's
    /// place in its bucket and a combination number share one `u32`.
    pub(super) fn bucket_shift(&self) -> u32 {
        let per_group = self.counters_per_group().max(1);
        let mut shift = 0;
        while shift < 32 - COMBINATION_BITS && (2usize << shift) * per_group <= BUCKET_COUNTERS {
            shift += 1;
        }
        shift
    }
}

/// Per-group counters: how many rows had each outcome, and how many had each digit in each
/// dimension, laid out group by group.
#[derive(Debug, Clone)]
pub(super) struct Tallies {
    outcome_counts: Vec<u32>,
    digit_counts: Vec<u32>,
}

impl Tallies {
    fn new(combos: &Combinations, groups: usize) -> Self {
        Tallies {
            outcome_counts: vec![0; groups * combos.outcomes.len()],
            digit_counts: vec![0; groups * combos.digits.len()],
        }
    }

    /// Adds another table of the same shape. At most `u32::MAX` rows in all (the plan checks
    /// it), so no counter overflows.
    #[cfg(feature = "rayon")]
    fn add(&mut self, other: &Self) {
        for (t, p) in self.outcome_counts.iter_mut().zip(&other.outcome_counts) {
            *t += p;
        }
        for (t, p) in self.digit_counts.iter_mut().zip(&other.digit_counts) {
            *t += p;
        }
    }
}

/// Which strategy a batch takes.
#[derive(Debug, Clone, Copy)]
pub(super) enum Plan<'a> {
    Histogram(&'a Combinations),
    Partitioned(&'a Combinations),
    Rows,
}

impl<D: Dimension> BatchScorer<D> {
    /// The strategy for `rows` rows in `groups` groups. Tabulated paths count in `u32`, so they
    /// take at most `u32::MAX` rows.
    pub(super) fn plan(&self, rows: usize, groups: usize) -> Plan<'_> {
        match &self.combinations {
            Some(c) if u32::try_from(rows).is_ok() => {
                if groups.saturating_mul(c.counters_per_group()) <= DIRECT_COUNTERS {
                    Plan::Histogram(c)
                } else {
                    Plan::Partitioned(c)
                }
            }
            _ => Plan::Rows,
        }
    }

    /// One summary per group, serially; keys are known to be one per row.
    pub(super) fn tally(
        &self,
        columns: &RatingColumns<'_, D>,
        keys: &[u32],
        groups: usize,
    ) -> Result<Vec<Summary<D>>> {
        if let Plan::Rows = self.plan(columns.len(), groups) {
            // A fresh table is dropped on an error, so the rows need no checking pass before
            // they are scored (`tally_into` needs one; this path would then score twice).
            return self.summarise_rows(columns, keys, groups, 0..columns.len());
        }
        let mut out = vec![Summary::new(); groups];
        self.tally_into(columns, keys, &mut out)?;
        Ok(out)
    }

    /// Adds every row to its group's summary in `out` (one per group), serially; keys are known
    /// to be one per row. Every row is checked before anything is added, so on an error `out`
    /// is unchanged.
    #[allow(
        clippy::indexing_slicing,
        reason = "`check_keys` made `keys` as long as the columns, and the first loop checks \
                  every key below `out.len()` before the second indexes with it"
    )]
    pub(super) fn tally_into(
        &self,
        columns: &RatingColumns<'_, D>,
        keys: &[u32],
        out: &mut [Summary<D>],
    ) -> Result<()> {
        let groups = out.len();
        match self.plan(columns.len(), groups) {
            Plan::Histogram(combos) => {
                let mut tallies =
                    self.histogram(combos, columns, keys, groups, 0..columns.len())?;
                self.finish_into(combos, &mut tallies, out);
            }
            Plan::Partitioned(combos) => {
                let mut combination = vec![0; columns.len()];
                self.encode(combos, columns, keys, groups, 0, &mut combination)?;
                tally_buckets(self, combos, &combination, keys, 0..groups, out);
            }
            Plan::Rows => {
                // Check every row first, in row order, so a bad row adds nothing.
                for (i, &key) in keys.iter().enumerate() {
                    self.row_scores(columns, i)?;
                    group_of(key, groups)?;
                }
                for (i, &key) in keys.iter().enumerate() {
                    out[key as usize].add(&self.score_row(columns, i)?);
                }
            }
        }
        Ok(())
    }

    /// Writes each row's combination number for rows `start..start + out.len()` into `out`,
    /// checking every rating and key.
    ///
    /// # Errors
    ///
    /// The first bad rating, N/A or key in row order, as the row path would report it.
    fn encode(
        &self,
        combos: &Combinations,
        columns: &RatingColumns<'_, D>,
        keys: &[u32],
        groups: usize,
        start: usize,
        out: &mut [u16],
    ) -> Result<()> {
        let mut index = [0u32; BLOCK];
        // The digits are not needed here; the shared block encoder writes them anyway.
        let mut digits = vec![0u16; combos.dims() * BLOCK];
        for (b, block) in out.chunks_mut(BLOCK).enumerate() {
            let from = start + b * BLOCK;
            let rows = from..from + block.len();
            let bad = self.encode_block(combos, columns, rows.clone(), &mut index, &mut digits)
                | keys
                    .get(rows.clone())
                    .is_none_or(|k| k.iter().any(|&k| k as usize >= groups));
            if bad {
                return Err(self.first_problem(columns, keys, groups, rows));
            }
            // Combination numbers are below COMBINATION_LIMIT (2^14), so they fit in 16 bits.
            for (slot, &x) in block.iter_mut().zip(&index) {
                *slot = x as u16;
            }
        }
        Ok(())
    }

    /// Computes the combination number of each row in `rows` (at most [`BLOCK`] of them) into
    /// `index` and each row's digit per dimension into `digits` (`BLOCK` per dimension).
    /// Returns whether some rating is off the scale or N/A where not allowed, in which case the
    /// numbers are meaningless.
    #[allow(
        clippy::indexing_slicing,
        reason = "columns hold `rows` values (type invariant), `rows` lies within them, and \
                  `digits` holds BLOCK entries per dimension"
    )]
    #[inline]
    fn encode_block(
        &self,
        combos: &Combinations,
        columns: &RatingColumns<'_, D>,
        rows: Range<usize>,
        index: &mut [u32; BLOCK],
        digits: &mut [u16],
    ) -> bool {
        let (start, end) = (rows.start, rows.end);
        let len = end - start;
        let idx = &mut index[..len];
        idx.fill(0);
        let na = self.na_digit();
        let width = u32::from(self.width);
        let mut bad = false;
        // Zipped iterators, not indices: no bounds checks, so the loops vectorise.
        for ((column, &base), column_digits) in columns
            .columns
            .iter()
            .zip(&combos.bases)
            .zip(digits.chunks_exact_mut(BLOCK))
        {
            let values = &column.values[start..end];
            let column_digits = &mut column_digits[..len];
            match column.answered {
                None => {
                    for ((x, d), &v) in idx.iter_mut().zip(column_digits).zip(values) {
                        let o = u32::from(v.wrapping_sub(self.min));
                        bad |= o > width;
                        *x = *x * base + o;
                        *d = o as u16;
                    }
                }
                Some(mask) => {
                    // N/A is a digit of its own where allowed (base = na + 1); elsewhere it is
                    // an error, caught by the digit reaching the base. Branch-free, so the loop
                    // vectorises like the one above.
                    for (((x, d), &v), &answered) in idx
                        .iter_mut()
                        .zip(column_digits)
                        .zip(values)
                        .zip(&mask[start..end])
                    {
                        let a = u32::from(answered);
                        let o = u32::from(v.wrapping_sub(self.min));
                        let digit = a * o + (1 - a) * na;
                        bad |= (answered & (o > width)) | (digit >= base);
                        *x = *x * base + digit;
                        *d = digit as u16;
                    }
                }
            }
        }
        bad
    }

    /// Tallies rows `range` into one table of every group: outcome counts and digit counts per
    /// dimension.
    #[allow(
        clippy::indexing_slicing,
        reason = "`check_keys` made `keys` as long as the columns and `range` lies within them; \
                  keys are checked below `groups`, and digits below their base, before any \
                  counter is touched"
    )]
    pub(super) fn histogram(
        &self,
        combos: &Combinations,
        columns: &RatingColumns<'_, D>,
        keys: &[u32],
        groups: usize,
        range: Range<usize>,
    ) -> Result<Tallies> {
        let (outcomes, dims, stride) = (combos.outcomes.len(), combos.dims(), combos.stride);
        let mut tallies = Tallies::new(combos, groups);
        let mut index = [0u32; BLOCK];
        // Each block's digits, column by column, kept from the first pass for the second.
        let mut digits = vec![0u16; dims * BLOCK];
        let mut start = range.start;
        while start < range.end {
            let end = (start + BLOCK).min(range.end);
            let block_keys = &keys[start..end];
            let bad = self.encode_block(combos, columns, start..end, &mut index, &mut digits)
                | block_keys.iter().any(|&k| k as usize >= groups);
            if bad {
                // Report the first problem in row order, as the row path would.
                return Err(self.first_problem(columns, keys, groups, start..end));
            }
            for (&x, &key) in index.iter().zip(block_keys) {
                let outcome = usize::from(combos.outcome_of[x as usize]);
                tallies.outcome_counts[key as usize * outcomes + outcome] += 1;
            }
            for (j, column_digits) in digits.chunks_exact(BLOCK).enumerate() {
                for (&d, &key) in column_digits.iter().zip(block_keys) {
                    tallies.digit_counts[(key as usize * dims + j) * stride + usize::from(d)] += 1;
                }
            }
            start = end;
        }
        Ok(tallies)
    }

    /// Adds per-group counters to the summaries in `out` (fresh ones, or running totals from
    /// `summarise_into`), one per group in table order: each outcome added with its count, each dimension's digits
    /// with theirs, so every total is exactly what adding the rows one by one would give. The
    /// counters are zeroed as they are read, so a bucket's table is ready for the next bucket
    /// without a second pass over it.
    pub(super) fn finish_into(
        &self,
        combos: &Combinations,
        tallies: &mut Tallies,
        out: &mut [Summary<D>],
    ) {
        // Both tables are laid out group by group, and within a group dimension by dimension,
        // `stride` digits each: cutting them into chunks walks the layout with no arithmetic.
        let stride = combos.stride.max(1);
        let per_group_digits = combos.digits.len().max(1);
        let groups = tallies
            .outcome_counts
            .chunks_exact_mut(combos.outcomes.len().max(1))
            .zip(tallies.digit_counts.chunks_exact_mut(per_group_digits));
        for (summary, (outcome_counts, digit_counts)) in out.iter_mut().zip(groups) {
            // A group with no rows has no outcome and no digit counted: nothing to add or zero.
            if outcome_counts.iter().all(|&k| k == 0) {
                continue;
            }
            for (outcome, k) in combos.outcomes.iter().zip(outcome_counts) {
                let k = core::mem::take(k);
                if k > 0 {
                    summary.totals_mut().add(outcome, u64::from(k));
                }
            }
            let per_dimension = digit_counts
                .chunks_exact_mut(stride)
                .zip(combos.digits.chunks_exact(stride));
            for (d, (counts, digits)) in D::iter().zip(per_dimension) {
                for (k, &(score, verdict)) in counts.iter_mut().zip(digits) {
                    let k = core::mem::take(k);
                    if k > 0 {
                        summary.item_mut(d).add(score, verdict, u64::from(k));
                    }
                }
            }
        }
    }

    /// The row path: each row evaluated and added to its group's summary.
    #[allow(
        clippy::indexing_slicing,
        reason = "`check_keys` made `keys` as long as the columns, `range` lies within them, \
                  and `group_of` checks every group below `groups`"
    )]
    pub(super) fn summarise_rows(
        &self,
        columns: &RatingColumns<'_, D>,
        keys: &[u32],
        groups: usize,
        range: Range<usize>,
    ) -> Result<Vec<Summary<D>>> {
        let mut summaries = vec![Summary::new(); groups];
        for (i, &key) in range.clone().zip(&keys[range]) {
            let g = group_of(key, groups)?;
            let card = self.score_row(columns, i)?;
            summaries[g].add(&card);
        }
        Ok(summaries)
    }
}

/// Tallies the rows whose group lies in `range` into `out` (one summary per group of the
/// range), from each row's combination number: partitions the rows into buckets of
/// `2^shift` groups, then tallies each bucket in a small table and finishes its summaries.
/// Keys and combination numbers have been checked by [`BatchScorer::encode`].
#[allow(
    clippy::indexing_slicing,
    reason = "a bucket index is a local group (below `range.len()`) shifted right, so below \
              `buckets`; cursors stay within their bucket's counted span; a packed group is \
              below the bucket size and a combination number below the table sizes"
)]
fn tally_buckets<D: Dimension>(
    scorer: &BatchScorer<D>,
    combos: &Combinations,
    combination: &[u16],
    keys: &[u32],
    range: Range<usize>,
    out: &mut [Summary<D>],
) {
    let shift = combos.bucket_shift();
    let span = 1usize << shift;
    let (first, len) = (range.start, range.len());
    let buckets = len.div_ceil(span);
    // Where each bucket's rows start: a count per bucket, then running sums.
    let mut offsets = vec![0usize; buckets + 1];
    for &key in keys {
        let local = (key as usize).wrapping_sub(first);
        if local < len {
            offsets[(local >> shift) + 1] += 1;
        }
    }
    for b in 0..buckets {
        offsets[b + 1] += offsets[b];
    }
    // Each row of the range as its place in its bucket and its combination, in one u32.
    let mut cursor = offsets.clone();
    let mut entries = vec![0u32; offsets[buckets]];
    for (&key, &c) in keys.iter().zip(combination) {
        let local = (key as usize).wrapping_sub(first);
        if local < len {
            let slot = &mut cursor[local >> shift];
            entries[*slot] = (((local & (span - 1)) as u32) << COMBINATION_BITS) | u32::from(c);
            *slot += 1;
        }
    }
    let (outcomes, per_group_digits, dims) =
        (combos.outcomes.len(), combos.digits.len(), combos.dims());
    let mut tallies = Tallies::new(combos, span);
    // `finish_into` leaves the table zeroed for the next bucket.
    for (b, chunk) in out.chunks_mut(span).enumerate() {
        let rows = &entries[offsets[b]..offsets[b + 1]];
        if rows.len() < chunk.len() * SPARSE_ROWS_PER_GROUP {
            // Few rows a group: adding each row to its summary costs less than scanning every
            // group's counters.
            for &entry in rows {
                let group = (entry >> COMBINATION_BITS) as usize;
                let c = (entry & (COMBINATION_LIMIT as u32 - 1)) as usize;
                let summary = &mut chunk[group];
                summary
                    .totals_mut()
                    .add(&combos.outcomes[usize::from(combos.outcome_of[c])], 1);
                for (d, &slot) in D::iter().zip(&combos.slots[c * dims..(c + 1) * dims]) {
                    let (score, verdict) = combos.digits[slot as usize];
                    summary.item_mut(d).add(score, verdict, 1);
                }
            }
            continue;
        }
        for &entry in rows {
            let group = (entry >> COMBINATION_BITS) as usize;
            let c = (entry & (COMBINATION_LIMIT as u32 - 1)) as usize;
            tallies.outcome_counts[group * outcomes + usize::from(combos.outcome_of[c])] += 1;
            let digit_counts = &mut tallies.digit_counts[group * per_group_digits..];
            for &slot in &combos.slots[c * dims..(c + 1) * dims] {
                digit_counts[slot as usize] += 1;
            }
        }
        scorer.finish_into(combos, &mut tallies, chunk);
    }
}

/// Cuts `0..groups` into at most `parts` ranges with about equal numbers of rows, each
/// starting at a multiple of `2^shift` groups (so buckets of that size never straddle two).
#[cfg(feature = "rayon")]
#[allow(
    clippy::indexing_slicing,
    reason = "every key was checked below `groups`, so its granule is below `granules`"
)]
fn balanced_ranges(keys: &[u32], groups: usize, parts: usize, shift: u32) -> Vec<Range<usize>> {
    let granules = groups.div_ceil(1 << shift).max(1);
    let mut rows = vec![0usize; granules];
    for &key in keys {
        rows[(key as usize) >> shift] += 1;
    }
    let target = keys.len().div_ceil(parts.max(1)).max(1);
    let mut ranges = Vec::with_capacity(parts);
    let (mut start, mut seen) = (0, 0);
    for (g, &n) in rows.iter().enumerate() {
        seen += n;
        let end = ((g + 1) << shift).min(groups);
        if seen >= target && ranges.len() + 1 < parts {
            ranges.push(start..end);
            (start, seen) = (end, 0);
        }
    }
    if start < groups || ranges.is_empty() {
        ranges.push(start..groups);
    }
    ranges
}

/// `groups` empty summaries, written by rayon's threads together: at a million groups, making
/// the memory the summaries live in is a good share of the whole job.
#[cfg(feature = "rayon")]
fn par_empty<D: Dimension>(groups: usize) -> Vec<Summary<D>> {
    use rayon::prelude::*;
    let mut out = Vec::new();
    (0..groups)
        .into_par_iter()
        .map(|_| Summary::new())
        .collect_into_vec(&mut out);
    out
}

/// `out` cut at the ends of `ranges` (which cover it in order): one slice per range.
#[cfg(feature = "rayon")]
fn split_by<'a, T>(mut out: &'a mut [T], ranges: &[Range<usize>]) -> Vec<&'a mut [T]> {
    let mut parts = Vec::with_capacity(ranges.len());
    for r in ranges {
        let mid = r.len().min(out.len());
        let (head, tail) = core::mem::take(&mut out).split_at_mut(mid);
        parts.push(head);
        out = tail;
    }
    parts
}

#[cfg(feature = "rayon")]
impl<D: Dimension> BatchScorer<D> {
    /// One summary per group on rayon's threads; keys are known to be one per row.
    pub(super) fn par_tally(
        &self,
        columns: &RatingColumns<'_, D>,
        keys: &[u32],
        groups: usize,
    ) -> Result<Vec<Summary<D>>> {
        use rayon::prelude::*;
        let n = columns.len();
        let threads = rayon::current_num_threads().max(1);
        match self.plan(n, groups) {
            Plan::Histogram(combos) => {
                // Few groups: each thread tallies a chunk of rows into its own small table.
                let chunk = n.div_ceil(threads).max(1);
                let partials = (0..n.div_ceil(chunk))
                    .into_par_iter()
                    .map(|c| {
                        let range = c * chunk..((c + 1) * chunk).min(n);
                        self.histogram(combos, columns, keys, groups, range)
                    })
                    .collect::<Vec<_>>();
                let mut total = Tallies::new(combos, groups);
                for part in partials {
                    total.add(&part?);
                }
                let mut out = vec![Summary::new(); groups];
                self.finish_into(combos, &mut total, &mut out);
                Ok(out)
            }
            Plan::Partitioned(combos) => {
                // Many groups: rows are numbered in parallel chunks, then each thread owns a
                // range of groups and tallies only their rows.
                let mut combination = vec![0u16; n];
                let chunk = n.div_ceil(threads).next_multiple_of(BLOCK).max(BLOCK);
                let encoded = combination
                    .par_chunks_mut(chunk)
                    .enumerate()
                    .map(|(c, out)| self.encode(combos, columns, keys, groups, c * chunk, out))
                    .collect::<Vec<_>>();
                // Each chunk reports its first problem; the first chunk's is the first of all.
                encoded.into_iter().collect::<Result<()>>()?;
                let ranges = balanced_ranges(keys, groups, threads, combos.bucket_shift());
                let mut out = par_empty(groups);
                let parts = split_by(&mut out, &ranges);
                ranges.into_par_iter().zip(parts).for_each(|(range, part)| {
                    tally_buckets(self, combos, &combination, keys, range, part);
                });
                Ok(out)
            }
            Plan::Rows
                if groups.saturating_mul(size_of::<Summary<D>>()) <= MERGED_SUMMARY_BYTES =>
            {
                // Few groups: each thread summarises a chunk of rows; the small tables merge.
                let chunk = n.div_ceil(threads * 4).max(1 << 14);
                let partials = (0..n.div_ceil(chunk))
                    .into_par_iter()
                    .map(|c| {
                        self.summarise_rows(
                            columns,
                            keys,
                            groups,
                            c * chunk..((c + 1) * chunk).min(n),
                        )
                    })
                    .collect::<Vec<_>>();
                let mut total = vec![Summary::new(); groups];
                for part in partials {
                    for (t, p) in total.iter_mut().zip(&part?) {
                        t.merge(p);
                    }
                }
                Ok(total)
            }
            Plan::Rows => {
                // Many groups: each thread owns a range of groups, reads every key and
                // evaluates only its own rows.
                if let Some(row) = keys.iter().position(|&k| k as usize >= groups) {
                    return Err(self.first_problem(columns, keys, groups, 0..row + 1));
                }
                let ranges = balanced_ranges(keys, groups, threads, 10);
                let mut out = par_empty(groups);
                let parts = split_by(&mut out, &ranges);
                let failures = ranges
                    .into_par_iter()
                    .zip(parts)
                    .map(|(range, part)| self.summarise_rows_of(columns, keys, range, part))
                    .collect::<Vec<_>>();
                // Each range reports its first bad row; the earliest is the first of all.
                match failures.into_iter().flatten().min_by_key(|(row, _)| *row) {
                    Some((_, error)) => Err(error),
                    None => Ok(out),
                }
            }
        }
    }

    /// Evaluates the rows whose group lies in `range` into `out` (one summary per group of the
    /// range); keys are known to be below the number of groups. Returns the first bad row of
    /// the range, with its error.
    #[allow(
        clippy::indexing_slicing,
        reason = "a local group is below `range.len()`, which is `out.len()`"
    )]
    fn summarise_rows_of(
        &self,
        columns: &RatingColumns<'_, D>,
        keys: &[u32],
        range: Range<usize>,
        out: &mut [Summary<D>],
    ) -> Option<(usize, crate::scoring::Error)> {
        for (i, &key) in keys.iter().enumerate() {
            let local = (key as usize).wrapping_sub(range.start);
            if local < range.len() {
                match self.score_row(columns, i) {
                    Ok(card) => out[local].add(&card),
                    Err(error) => return Some((i, error)),
                }
            }
        }
        None
    }
}
