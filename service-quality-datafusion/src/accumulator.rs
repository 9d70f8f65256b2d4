//! One accumulator for every aggregate: per group, one of the core crate's mergeable tallies.
//!
//! A [`Kernel`] says how rows update a tally, how a tally is laid out as state columns and how
//! tallies become the result; the [`Tallies`] accumulator does the rest the same way for every
//! function: it keeps one tally per group index, writes the tallies as Arrow columns of
//! primitives (see [`crate::state`]), reads states back through the core crate's checked
//! constructors, merges them with the core crate's own merge, and serves both DataFusion's
//! grouped accumulator API and the one-group [`Accumulator`] API.

use std::fmt::Debug;

use datafusion::arrow::array::{ArrayRef, BooleanArray};
use datafusion::arrow::datatypes::DataType;
use datafusion::error::Result;
use datafusion::logical_expr::{Accumulator, EmitTo, GroupsAccumulator};
use datafusion::scalar::ScalarValue;

use crate::args::filter_rows;
use crate::state::{Layout, Reader, Row, Writer, bad};

/// How one function's rows update a tally and how tallies become its result.
pub(crate) trait Kernel: Debug + Send + Sync + 'static {
    /// The core crate's mergeable tally for one group.
    type State: Debug + Send + Sync;

    /// The SQL function's name, for errors.
    fn function(&self) -> &str;

    /// A tally of nothing.
    fn empty(&self) -> Self::State;

    /// A kernel with the same settings and nothing pending.
    fn fresh(&self) -> Self;

    /// Adds the rows of `args` to the tallies of their groups: row `i` to `states[groups[i]]`
    /// (every index is below `states.len()`). An error in one row's values names its place in
    /// DataFusion's batch, `rows.position(i)`.
    fn update(
        &mut self,
        states: &mut [Self::State],
        args: &[ArrayRef],
        groups: &[usize],
        rows: &Rows,
    ) -> Result<()>;

    /// Adds any rows still held back (a kernel may gather rows to score them in larger
    /// batches) to their tallies.
    fn flush(&mut self, _states: &mut [Self::State]) -> Result<()> {
        Ok(())
    }

    /// Bytes held by rows still held back.
    fn pending_size(&self) -> usize {
        0
    }

    /// Adds `other` to `into`, with the core crate's merge.
    fn merge(&self, into: &mut Self::State, other: &Self::State) -> Result<()>;

    /// The state's columns: the same for every tally of this kernel.
    fn layout(&self) -> Layout;

    /// Writes one tally's values, in layout order.
    fn write(&self, state: &Self::State, out: &mut Writer);

    /// Reads one tally back from its values, through the core crate's checked constructors.
    fn read(&self, row: &mut Row<'_, '_>) -> Result<Self::State>;

    /// The result of each tally, one row per tally, as a struct array.
    fn evaluate(&self, states: &[Self::State]) -> Result<ArrayRef>;

    /// Bytes held by one tally besides its inline size (a form summary's per-item totals).
    fn state_heap_size(&self, _state: &Self::State) -> usize {
        0
    }
}

/// Where the rows handed to a kernel sit in the batch DataFusion passed to the function: at
/// the same positions, or, when a `FILTER` clause dropped rows, at the positions of the rows it
/// kept. Cheap to clone (a filter is reference-counted), so a kernel that holds rows back can
/// keep it for their errors. The default is every row of the batch, in order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Rows {
    kept: Option<BooleanArray>,
}

impl Rows {
    /// The rows `filter` keeps (true, not NULL).
    pub(crate) fn kept(filter: &BooleanArray) -> Rows {
        Rows {
            kept: Some(filter.clone()),
        }
    }

    /// The batch position of the `i`-th row handed on. Called on the error path only, so a
    /// walk over the filter is fine.
    pub(crate) fn position(&self, i: usize) -> usize {
        match &self.kept {
            None => i,
            Some(filter) => filter
                .iter()
                .enumerate()
                .filter(|(_, keep)| *keep == Some(true))
                .nth(i)
                .map_or(i, |(at, _)| at),
        }
    }
}

/// The result type of a kernel: the type of its result over no tallies.
pub(crate) fn result_type<K: Kernel>(kernel: &K) -> Result<DataType> {
    Ok(kernel.evaluate(&[])?.data_type().clone())
}

/// One tally per group index.
#[derive(Debug)]
pub(crate) struct Tallies<K: Kernel> {
    kernel: K,
    layout: Layout,
    states: Vec<K::State>,
    /// States read back by the last merge, kept for the next (see [`Tallies::merge`]).
    scratch: Vec<(usize, K::State)>,
}

impl<K: Kernel> Tallies<K> {
    pub(crate) fn new(kernel: K) -> Self {
        Tallies {
            layout: kernel.layout(),
            kernel,
            states: Vec::new(),
            scratch: Vec::new(),
        }
    }

    fn grow(&mut self, groups: usize) {
        while self.states.len() < groups {
            self.states.push(self.kernel.empty());
        }
    }

    fn update(
        &mut self,
        values: &[ArrayRef],
        groups: &[usize],
        filter: Option<&BooleanArray>,
        total: usize,
    ) -> Result<()> {
        self.grow(total);
        match filter {
            Some(filter) => {
                let (values, groups) = filter_rows(values, groups, filter)?;
                let rows = Rows::kept(filter);
                self.kernel
                    .update(&mut self.states, &values, &groups, &rows)
            }
            None => self
                .kernel
                .update(&mut self.states, values, groups, &Rows::default()),
        }
    }

    fn take(&mut self, emit_to: EmitTo) -> Result<Vec<K::State>> {
        self.kernel.flush(&mut self.states)?;
        Ok(emit_to.take_needed(&mut self.states))
    }

    fn encode(&self, states: &[K::State]) -> Result<Vec<ArrayRef>> {
        let mut out = Writer::new(&self.layout, states.len());
        for state in states {
            self.kernel.write(state, &mut out);
        }
        out.finish(self.kernel.function())
    }

    fn merge(&mut self, values: &[ArrayRef], groups: &[usize], total: usize) -> Result<()> {
        self.grow(total);
        let function = self.kernel.function();
        let reader = Reader::new(function, &self.layout, values)?;
        if reader.len() != groups.len() {
            return Err(bad(
                function,
                format!("{} states for {} group indices", reader.len(), groups.len()),
            ));
        }
        // Two passes: every state is read and checked first (a sequential walk of the
        // columns), then merged into its group in a tight loop. At many groups each merge
        // misses the cache on its group's tally, and a short loop lets the processor overlap
        // those misses (one measured run at a million groups: the final stage's compute went
        // from 8.7 to 7.7 s; BENCHMARKS.md, 2026-12-05). The buffer is kept between batches: a
        // batch of summaries is megabytes, and a fresh allocation of that size is fresh pages
        // to fault in every time.
        let mut read = std::mem::take(&mut self.scratch);
        let mut result = self.read_states(&reader, groups, total, &mut read);
        for (g, other) in &read {
            if result.is_err() {
                break;
            }
            if let Some(state) = self.states.get_mut(*g) {
                result = self.kernel.merge(state, other);
            }
        }
        read.clear();
        self.scratch = read;
        result
    }

    /// Reads and checks every state of `reader`, with its group, into `read`.
    fn read_states(
        &self,
        reader: &Reader<'_>,
        groups: &[usize],
        total: usize,
        read: &mut Vec<(usize, K::State)>,
    ) -> Result<()> {
        let function = self.kernel.function();
        for (i, &g) in groups.iter().enumerate() {
            let Some(mut row) = reader.row(i)? else {
                continue;
            };
            if g >= self.states.len() {
                return Err(bad(function, format!("group {g} of {total}")));
            }
            read.push((g, self.kernel.read(&mut row)?));
        }
        Ok(())
    }

    fn size(&self) -> usize {
        let inline = self.states.capacity() * std::mem::size_of::<K::State>();
        // Per-tally heap is the same for every tally of one kernel: measure one, not all
        // (size is called once per batch and must not cost O(groups)).
        let heap = self
            .states
            .first()
            .map_or(0, |s| self.kernel.state_heap_size(s))
            * self.states.len();
        let scratch = self.scratch.capacity() * std::mem::size_of::<(usize, K::State)>();
        std::mem::size_of::<Self>() + inline + heap + scratch + self.kernel.pending_size()
    }
}

impl<K: Kernel> GroupsAccumulator for Tallies<K> {
    fn update_batch(
        &mut self,
        values: &[ArrayRef],
        group_indices: &[usize],
        opt_filter: Option<&BooleanArray>,
        total_num_groups: usize,
    ) -> Result<()> {
        self.update(values, group_indices, opt_filter, total_num_groups)
    }

    fn evaluate(&mut self, emit_to: EmitTo) -> Result<ArrayRef> {
        let states = self.take(emit_to)?;
        self.kernel.evaluate(&states)
    }

    fn state(&mut self, emit_to: EmitTo) -> Result<Vec<ArrayRef>> {
        let states = self.take(emit_to)?;
        self.encode(&states)
    }

    fn merge_batch(
        &mut self,
        values: &[ArrayRef],
        group_indices: &[usize],
        total_num_groups: usize,
    ) -> Result<()> {
        self.merge(values, group_indices, total_num_groups)
    }

    fn convert_to_state(
        &self,
        values: &[ArrayRef],
        opt_filter: Option<&BooleanArray>,
    ) -> Result<Vec<ArrayRef>> {
        // Every row its own group: rows filtered out keep an empty tally.
        let rows = values.first().map_or(0, |v| v.len());
        let groups: Vec<usize> = (0..rows).collect();
        let mut each = Tallies::new(self.kernel.fresh());
        each.update(values, &groups, opt_filter, rows)?;
        let states = each.take(EmitTo::All)?;
        each.encode(&states)
    }

    fn size(&self) -> usize {
        Tallies::size(self)
    }
}

/// The one-group accumulator DataFusion uses without `GROUP BY`: the same tallies with every
/// row in group 0.
#[derive(Debug)]
pub(crate) struct Single<K: Kernel> {
    tallies: Tallies<K>,
    zeros: Vec<usize>,
}

impl<K: Kernel> Single<K> {
    pub(crate) fn new(kernel: K) -> Self {
        let mut tallies = Tallies::new(kernel);
        tallies.grow(1);
        Single {
            tallies,
            zeros: Vec::new(),
        }
    }

    fn zeros(&mut self, rows: usize) -> Vec<usize> {
        let mut zeros = std::mem::take(&mut self.zeros);
        zeros.resize(rows, 0);
        zeros.truncate(rows);
        zeros
    }
}

impl<K: Kernel> Accumulator for Single<K> {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        let rows = values.first().map_or(0, |v| v.len());
        let zeros = self.zeros(rows);
        let result = self.tallies.update(values, &zeros, None, 1);
        self.zeros = zeros;
        result
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        self.tallies.kernel.flush(&mut self.tallies.states)?;
        let array = self.tallies.kernel.evaluate(&self.tallies.states)?;
        ScalarValue::try_from_array(&array, 0)
    }

    fn size(&self) -> usize {
        self.tallies.size() + self.zeros.capacity() * std::mem::size_of::<usize>()
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        self.tallies.kernel.flush(&mut self.tallies.states)?;
        let arrays = self.tallies.encode(&self.tallies.states)?;
        arrays
            .iter()
            .map(|array| ScalarValue::try_from_array(array, 0))
            .collect()
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        let rows = states.first().map_or(0, |v| v.len());
        let zeros = self.zeros(rows);
        let result = self.tallies.merge(states, &zeros, 1);
        self.zeros = zeros;
        result
    }
}
