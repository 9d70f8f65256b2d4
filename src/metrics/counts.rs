//! The tally shared by the measures whose answers are a few integers: one count per answer.

use crate::scoring::{Result, Scale};

/// How many times each answer on a scale of `N` points was given. `N` is the scale's width, so
/// the array index of answer `a` is `a - scale.min()`.
///
/// Counts and their sums saturate at `u64::MAX` (1.8 × 10¹⁹ answers, past any real survey) rather
/// than overflow: a tally read from JSON may hold any `u64` counts, and merging or totalling them
/// must not panic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Counts<const N: usize>([u64; N]);

impl<const N: usize> Counts<N> {
    pub(crate) const fn new(counts: [u64; N]) -> Self {
        Counts(counts)
    }

    /// Adds one answer after checking it against `scale`, naming `field` in the error.
    pub(crate) fn add(&mut self, scale: Scale, field: &'static str, answer: i64) -> Result<()> {
        let value = scale.check(Some(field), answer)?;
        let index = i64::from(value) - i64::from(scale.min());
        if let Some(count) = usize::try_from(index).ok().and_then(|i| self.0.get_mut(i)) {
            *count = count.saturating_add(1);
        }
        Ok(())
    }

    pub(crate) fn merge(&mut self, other: &Self) {
        for (mine, theirs) in self.0.iter_mut().zip(other.0) {
            *mine = mine.saturating_add(theirs);
        }
    }

    pub(crate) const fn get(&self) -> [u64; N] {
        self.0
    }

    pub(crate) fn total(&self) -> u64 {
        self.0.iter().fold(0, |sum, &c| sum.saturating_add(c))
    }

    /// The count of the answers whose index lies in `range`.
    pub(crate) fn sum(&self, range: core::ops::Range<usize>) -> u64 {
        self.0
            .get(range)
            .map_or(0, |c| c.iter().fold(0, |sum, &c| sum.saturating_add(c)))
    }
}

impl<const N: usize> Default for Counts<N> {
    fn default() -> Self {
        Counts([0; N])
    }
}
