//! Names and the errors for names that match nothing: the accepted list and the likely typo.

use crate::scoring::Error;

/// The "one of: a, b, c" text of an unknown-name error.
pub(crate) fn one_of<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let names: Vec<&str> = names.collect();
    format!("one of: {}", names.join(", "))
}

/// The [`Error::UnknownName`] for `value`, which is none of `candidates`: lists them all and
/// names the closest when it is a likely typo.
pub(crate) fn unknown_name<'a>(
    kind: &'static str,
    value: &str,
    candidates: impl Iterator<Item = &'a str> + Clone,
) -> Error {
    Error::UnknownName {
        kind,
        value: value.to_owned(),
        expected: one_of(candidates.clone()),
        closest: closest(value, candidates).map(Box::from),
    }
}

/// The candidate closest to `name` by edit distance (ignoring ASCII case, a swap of two
/// neighbouring letters counting as one edit), if close enough to be a likely typo: at most a
/// third of the longer name's length, and at least one edit.
pub(crate) fn closest<'a>(
    name: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    let name = name.trim().to_ascii_lowercase();
    candidates
        .map(|c| (edit_distance(&name, &c.to_ascii_lowercase()), c))
        .filter(|&(d, c)| d <= (name.chars().count().max(c.chars().count()) / 3).max(1))
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// The optimal-string-alignment distance between two strings, by characters: insertions,
/// deletions, substitutions and swaps of neighbours each cost one edit.
#[allow(
    clippy::indexing_slicing,
    reason = "rows hold `b.len() + 1` cells and every index is below that"
)]
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut current = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            current[j] = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                current[j] = current[j].min(before[j - 2] + 1);
            }
        }
        before = core::mem::replace(&mut previous, current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_names_a_likely_typo_and_nothing_far_off() {
        let keys = ["greeting", "verification", "resolution", "tone"];
        assert_eq!(closest("greting", keys.into_iter()), Some("greeting"));
        assert_eq!(closest("Resolutoin", keys.into_iter()), Some("resolution"));
        assert_eq!(closest("ton", keys.into_iter()), Some("tone"));
        assert_eq!(closest("agent", keys.into_iter()), None);
        assert_eq!(
            closest("agnet", ["agent", "team"].into_iter()),
            Some("agent")
        );
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("agnet", "agent"), 1);
        assert_eq!(edit_distance("ca", "abc"), 3);
    }

    #[test]
    fn unknown_name_lists_every_candidate_and_the_likely_typo() {
        let err = unknown_name("band", "godo", ["poor", "good"].into_iter());
        assert_eq!(
            err.to_string(),
            "unknown band 'godo', expected one of: poor, good (closest: 'good')"
        );
    }
}
