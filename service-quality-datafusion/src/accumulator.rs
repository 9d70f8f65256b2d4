//! One accumulator for every aggregate: per group, one of the core crate's mergeable tallies.
//!
//! A [`Kernel`] says how rows update a tally and how tallies become the result; the
//! [`Tallies`] accumulator does the rest the same way for every function: it keeps one tally
//! per group index, serialises each as its intermediate state (JSON, read back through the core
//! crate's validating deserialisers), merges states with the core crate's own merge, and serves
//! both DataFusion's grouped accumulator API and the one-group [`Accumulator`] API.

use std::fmt::Debug;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, BinaryArray, BooleanArray};
use datafusion::arrow::datatypes::DataType;
use datafusion::error::Result;
use datafusion::logical_expr::{Accumulator, EmitTo, GroupsAccumulator};
use datafusion::scalar::ScalarValue;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::Error;
use crate::args::filter_rows;

/// How one function's rows update a tally and how tallies become its result.
pub(crate) trait Kernel: Debug + Send + Sync + 'static {
    /// The core crate's mergeable tally for one group.
    type State: Debug + Send + Sync + Serialize + DeserializeOwned;

    /// The SQL function's name, for errors.
    fn function(&self) -> &str;

    /// A tally of nothing.
    fn empty(&self) -> Self::State;

    /// A kernel with the same settings and nothing pending.
    fn fresh(&self) -> Self;

    /// Adds the rows of `args` to the tallies of their groups: row `i` to `states[groups[i]]`
    /// (every index is below `states.len()`).
    fn update(
        &mut self,
        states: &mut [Self::State],
        args: &[ArrayRef],
        groups: &[usize],
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

    /// The result of each tally, one row per tally, as a struct array.
    fn evaluate(&self, states: &[Self::State]) -> Result<ArrayRef>;

    /// Bytes held by one tally besides its inline size (a form summary's per-item totals).
    fn state_heap_size(&self, _state: &Self::State) -> usize {
        0
    }
}

/// The result type of a kernel: the type of its result over no tallies.
pub(crate) fn result_type<K: Kernel>(kernel: &K) -> Result<DataType> {
    Ok(kernel.evaluate(&[])?.data_type().clone())
}

/// The data type of every intermediate state column.
pub(crate) const STATE_TYPE: DataType = DataType::Binary;

/// One tally per group index.
#[derive(Debug)]
pub(crate) struct Tallies<K: Kernel> {
    kernel: K,
    states: Vec<K::State>,
}

impl<K: Kernel> Tallies<K> {
    pub(crate) fn new(kernel: K) -> Self {
        Tallies {
            kernel,
            states: Vec::new(),
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
                self.kernel.update(&mut self.states, &values, &groups)
            }
            None => self.kernel.update(&mut self.states, values, groups),
        }
    }

    fn take(&mut self, emit_to: EmitTo) -> Result<Vec<K::State>> {
        self.kernel.flush(&mut self.states)?;
        Ok(emit_to.take_needed(&mut self.states))
    }

    fn encode(&self, states: &[K::State]) -> Result<ArrayRef> {
        let bytes = states
            .iter()
            .map(|s| {
                serde_json::to_vec(s).map_err(|e| {
                    Error::State {
                        function: self.kernel.function().to_owned(),
                        reason: e.to_string(),
                    }
                    .into_datafusion()
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(std::sync::Arc::new(BinaryArray::from_iter_values(bytes)))
    }

    fn decode(&self, bytes: &[u8]) -> Result<K::State> {
        serde_json::from_slice(bytes).map_err(|e| {
            Error::State {
                function: self.kernel.function().to_owned(),
                reason: e.to_string(),
            }
            .into_datafusion()
        })
    }

    fn merge(&mut self, values: &[ArrayRef], groups: &[usize], total: usize) -> Result<()> {
        self.grow(total);
        let Some(column) = values.first() else {
            return Err(self.bad_state("no state column"));
        };
        let Some(binary) = column.as_binary_opt::<i32>() else {
            return Err(self.bad_state(&format!("a {} state column", column.data_type())));
        };
        for (i, &g) in groups.iter().enumerate() {
            if binary.is_null(i) {
                continue;
            }
            let other = self.decode(binary.value(i))?;
            let Some(state) = self.states.get_mut(g) else {
                return Err(self.bad_state(&format!("group {g} of {total}")));
            };
            self.kernel.merge(state, &other)?;
        }
        Ok(())
    }

    fn bad_state(&self, reason: &str) -> datafusion::error::DataFusionError {
        Error::State {
            function: self.kernel.function().to_owned(),
            reason: reason.to_owned(),
        }
        .into_datafusion()
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
        std::mem::size_of::<Self>() + inline + heap + self.kernel.pending_size()
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
        Ok(vec![self.encode(&states)?])
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
        Ok(vec![each.encode(&states)?])
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
        let array = self.tallies.encode(&self.tallies.states)?;
        Ok(vec![ScalarValue::try_from_array(&array, 0)?])
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        let rows = states.first().map_or(0, |v| v.len());
        let zeros = self.zeros(rows);
        let result = self.tallies.merge(states, &zeros, 1);
        self.zeros = zeros;
        result
    }
}
