//! Leading by example: the habits a team sees its leader practise.
//!
//! From the source: a leader seen greeting, smiling and available sets the tone the team passes
//! on to customers. This crate's rule: the tone is set only when all three are seen.

use enum_map::EnumMap;

use crate::scoring::flags::{flags, unset};
use crate::scoring::macros::named_enum;

named_enum! {
    /// What a team sees its leader do: the visible habits the tone of a team is copied from.
    #[non_exhaustive]
    #[derive(enum_map::Enum)]
    pub enum VisibleHabit as "visible habit", expecting "one of: greets, smiles, available" {
        /// Greets the team, and customers, by name and first.
        Greets,
        /// Smiles and is pleasant to be around, on a good day and a bad one.
        Smiles,
        /// Is on the floor and can be approached, rather than shut in an office.
        Available,
    }
}

/// Leading by example: whether a leader is seen greeting, smiling and available.
///
/// The tone a leader sets is the tone the team passes on to customers (the source). This
/// record holds what an observer saw; the leader sets the tone when all three were seen (this
/// crate's rule: each one missing is a gap the team will copy).
///
/// # Examples
///
/// ```
/// use service_quality::team::{LeadingByExample, VisibleHabit};
///
/// let seen = LeadingByExample::from_seen([VisibleHabit::Greets, VisibleHabit::Smiles]);
/// assert!(!seen.sets_the_tone());
/// assert_eq!(seen.missing().collect::<Vec<_>>(), [VisibleHabit::Available]);
/// assert!(LeadingByExample::from_seen([VisibleHabit::Greets, VisibleHabit::Smiles, VisibleHabit::Available])
///     .sets_the_tone());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct LeadingByExample {
    seen: EnumMap<VisibleHabit, bool>,
}

impl LeadingByExample {
    /// A record with the given behaviours seen.
    pub fn from_seen(seen: impl IntoIterator<Item = VisibleHabit>) -> Self {
        LeadingByExample { seen: flags(seen) }
    }

    /// Whether `example` was seen.
    pub fn seen(&self, example: VisibleHabit) -> bool {
        self.seen[example]
    }

    /// The behaviours not seen, in declaration order.
    pub fn missing(&self) -> impl Iterator<Item = VisibleHabit> + '_ {
        unset(&self.seen)
    }

    /// Whether all three were seen.
    pub fn sets_the_tone(&self) -> bool {
        self.missing().next().is_none()
    }
}
