//! Sets of an enum's variants (what an observer saw, which warnings apply), kept as a fixed map
//! of flags so that records stay `Copy` and allocation-free.

use enum_map::{Enum, EnumMap};

/// The map with exactly the variants in `on` set.
pub(crate) fn flags<E: Enum>(on: impl IntoIterator<Item = E>) -> EnumMap<E, bool> {
    let mut map = EnumMap::from_fn(|_| false);
    for variant in on {
        map[variant] = true;
    }
    map
}

/// The variants set, in declaration order.
pub(crate) fn set<E: Enum>(map: &EnumMap<E, bool>) -> impl Iterator<Item = E> + '_ {
    map.iter()
        .filter(|&(_, &on)| on)
        .map(|(variant, _)| variant)
}

/// The variants not set, in declaration order.
pub(crate) fn unset<E: Enum>(map: &EnumMap<E, bool>) -> impl Iterator<Item = E> + '_ {
    map.iter()
        .filter(|&(_, &on)| !on)
        .map(|(variant, _)| variant)
}
