//! Thresholds: rising cut points that turn a 0–100 score into a grade.
//!
//! Every "score to verdict word" use of the crate is one [`Thresholds`] over an ordered grade
//! enum: [`Band`](crate::Band) for scorecards ([`BandThresholds`](crate::BandThresholds)), the
//! boss-versus-leader [`Classification`](crate::boss_leader::Classification)
//! ([`PoleThresholds`](crate::boss_leader::PoleThresholds)). They share one check, one error
//! ([`Error::ThresholdsNotIncreasing`]) and one serde shape.

use core::fmt::Debug;
use core::hash::Hash;

use enum_map::{Enum, EnumMap};

use crate::scoring::{Error, Result, Score};

/// An ordered verdict word whose grades above the lowest each open at a cut point.
///
/// Implemented by [`Band`](crate::Band) and
/// [`Classification`](crate::boss_leader::Classification). The grades are the enum's variants in
/// order, worst first; the lowest opens at 0.
pub trait Grade:
    Copy + Ord + Hash + Debug + Enum<Array<Score>: Copy + Send + Sync> + Send + Sync + 'static
{
    /// The name of the cut point that opens this grade, as errors and serde show it
    /// (`"needs_improvement"`, `"leader_from"`), or `None` for the lowest grade.
    fn threshold_name(self) -> Option<&'static str>;
}

/// The lowest score of each grade of `G` above its lowest, rising strictly.
///
/// A score at a cut point belongs to the grade that cut point opens. Build one with the named
/// constructor of its alias ([`BandThresholds::new`](crate::BandThresholds::new),
/// [`PoleThresholds::new`](crate::boss_leader::PoleThresholds::new)) or generically with
/// [`try_from_fn`](Thresholds::try_from_fn). With serde it is a map from cut-point name to value,
/// checked exactly as the constructors check it.
///
/// # Examples
///
/// ```
/// use service_quality::{Band, BandThresholds, Score, Thresholds};
///
/// let bands: BandThresholds = Thresholds::try_from_fn(|band| match band {
///     Band::NeedsImprovement => 60.0,
///     Band::Good => 80.0,
///     _ => 95.0,
/// })?;
/// assert_eq!(bands, BandThresholds::new(60.0, 80.0, 95.0)?);
/// assert_eq!(bands.opens(Band::Good).get(), 80.0);
/// assert_eq!(bands.classify(Score::new(90.0)?), Band::Good);
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Thresholds<G: Grade> {
    opens: EnumMap<G, Score>,
}

impl<G: Grade> Thresholds<G> {
    /// Thresholds whose cut point for each grade above the lowest is `cut(grade)`, asked in
    /// order from the second-lowest grade up.
    ///
    /// # Errors
    ///
    /// [`Error::ScoreOutOfRange`] naming a cut point that is not a finite value in 0..=100, and
    /// [`Error::ThresholdsNotIncreasing`] naming the first pair that does not rise.
    pub fn try_from_fn(mut cut: impl FnMut(G) -> f64) -> Result<Self> {
        Self::try_build(|grade, _| Ok(cut(grade)))
    }

    /// The one check behind every constructor: `cut` gives each cut point (or the error for a
    /// missing one), which must be a score and rise strictly from the one before.
    pub(crate) fn try_build(mut cut: impl FnMut(G, &'static str) -> Result<f64>) -> Result<Self> {
        // The value as given is kept for the error, so `-0.0` is reported as written.
        let mut previous: Option<(&'static str, f64, Score)> = None;
        let opens = EnumMap::try_from_fn(|grade: G| {
            let Some(name) = grade.threshold_name() else {
                return Ok(Score::MIN);
            };
            let given = cut(grade, name)?;
            let score = Score::named(Some(name), given)?;
            if let Some((low_field, low, low_score)) = previous
                && low_score >= score
            {
                return Err(Error::ThresholdsNotIncreasing {
                    low_field,
                    low,
                    high_field: name,
                    high: given,
                });
            }
            previous = Some((name, given, score));
            Ok(score)
        })?;
        Ok(Thresholds { opens })
    }

    /// Thresholds from their cut points, lowest grade first; `const` for the built-in defaults.
    /// The caller guarantees the cut points rise strictly after a leading 0.
    pub(crate) const fn from_opens(opens: G::Array<Score>) -> Self {
        Thresholds {
            opens: EnumMap::from_array(opens),
        }
    }

    /// The lowest score of `grade` (0 for the lowest grade).
    pub fn opens(&self, grade: G) -> Score {
        self.opens[grade]
    }

    /// The grade `score` falls in: the highest whose cut point it reaches.
    #[inline]
    pub fn classify(&self, score: Score) -> G {
        // The cut points rise, so the grades reached are a prefix: counting them is the answer,
        // with no branch per grade.
        let reached = self
            .opens
            .as_slice()
            .iter()
            .skip(1)
            .filter(|&&cut| score >= cut)
            .count();
        G::from_usize(reached)
    }
}

#[cfg(feature = "serde")]
mod serde_impls {
    use core::fmt;
    use core::marker::PhantomData;

    use serde::de::{Error as _, MapAccess, Visitor};
    use serde::ser::SerializeMap;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::{Grade, Thresholds};
    use crate::scoring::Error;
    use crate::scoring::Score;
    use crate::scoring::names::unknown_name;

    impl<G: Grade> Serialize for Thresholds<G> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut map = serializer.serialize_map(None)?;
            for (name, score) in cuts(self) {
                map.serialize_entry(name, &score.get())?;
            }
            map.end()
        }
    }

    impl<'de, G: Grade> Deserialize<'de> for Thresholds<G> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_map(CutsVisitor(PhantomData))
        }
    }

    /// Every grade of `G`, lowest first.
    fn grades<G: Grade>() -> impl Iterator<Item = G> + Clone {
        (0..<G::Array<Score> as enum_map::Array>::LENGTH).map(G::from_usize)
    }

    /// Each cut point's name and value, lowest first.
    fn cuts<G: Grade>(t: &Thresholds<G>) -> impl Iterator<Item = (&'static str, Score)> + '_ {
        grades::<G>().filter_map(|grade| grade.threshold_name().map(|name| (name, t.opens(grade))))
    }

    struct CutsVisitor<G>(PhantomData<G>);

    impl<'de, G: Grade> Visitor<'de> for CutsVisitor<G> {
        type Value = Thresholds<G>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a map from threshold name to a score in 0..=100")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let names = || grades::<G>().filter_map(G::threshold_name);
            let mut given: Vec<(G, f64)> = Vec::new();
            while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                let grade = grades::<G>()
                    .find(|g| g.threshold_name() == Some(key.as_ref()))
                    .ok_or_else(|| A::Error::custom(unknown_name("threshold", &key, names())))?;
                if given.iter().any(|&(g, _)| g == grade) {
                    return Err(A::Error::custom(Error::Duplicate {
                        what: "threshold",
                        key: key.into_owned(),
                    }));
                }
                given.push((grade, map.next_value()?));
            }
            Thresholds::try_build(|grade, name| {
                given
                    .iter()
                    .find(|&&(g, _)| g == grade)
                    .map(|&(_, value)| value)
                    .ok_or_else(|| Error::Missing {
                        what: "threshold",
                        key: name.to_owned(),
                    })
            })
            .map_err(A::Error::custom)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::Band;

    #[test]
    fn classify_counts_the_cut_points_reached() {
        let t = Thresholds::<Band>::try_from_fn(|b| match b {
            Band::NeedsImprovement => 10.0,
            Band::Good => 20.0,
            _ => 30.0,
        })
        .unwrap();
        let grade = |v: f64| t.classify(Score::new(v).unwrap());
        assert_eq!(grade(0.0), Band::Poor);
        assert_eq!(grade(9.99), Band::Poor);
        assert_eq!(grade(10.0), Band::NeedsImprovement);
        assert_eq!(grade(29.9), Band::Good);
        assert_eq!(grade(30.0), Band::Excellent);
        assert_eq!(grade(100.0), Band::Excellent);
        assert_eq!(t.opens(Band::Poor), Score::MIN);
    }

    #[test]
    fn names_the_first_pair_that_does_not_rise() {
        let err = Thresholds::<Band>::try_from_fn(|b| match b {
            Band::NeedsImprovement => 40.0,
            Band::Good => 80.0,
            _ => 80.0,
        })
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "thresholds are good 80, excellent 80, expected good < excellent"
        );
    }
}
