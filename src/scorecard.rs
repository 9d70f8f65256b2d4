//! The result of scoring one set of ratings under a policy.

use enum_map::EnumMap;

use crate::{Band, Dimension, Gate, Policy, Ratings, Result, Score, Weights};

/// How an assessment fared at its policy's gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(bound = "D: Dimension")
)]
pub struct GateOutcome<D: Dimension> {
    gate: Gate<D>,
    score: Score,
    passed: bool,
}

impl<D: Dimension> GateOutcome<D> {
    /// The gate that was applied.
    pub const fn gate(&self) -> Gate<D> {
        self.gate
    }

    /// The gated dimension's normalised score.
    pub const fn score(&self) -> Score {
        self.score
    }

    /// Whether the score cleared the gate.
    pub const fn passed(&self) -> bool {
        self.passed
    }
}

/// A scored assessment: a 0–100 score per dimension, the overall score, its band, the weakest
/// dimension and the gate outcome.
///
/// Built by [`Policy::score`]. The rules, in order:
///
/// 1. each rating `r` on scale `min..=max` normalises to `100 * (r - min) / (max - min)`;
/// 2. the weighted mean is `Σ wᵢ·sᵢ / Σ wᵢ` over the normalised scores `sᵢ`;
/// 3. if the policy has a [`Gate`] and the gated dimension scores below its threshold, the gate
///    fails: the overall score is the smaller of the weighted mean and the gated score, and the
///    band is [`Band::LOWEST`];
/// 4. otherwise the overall score is the weighted mean and the band comes from the thresholds;
/// 5. the weakest dimension is the lowest-scoring one among those with a positive weight, ties
///    going to the one declared first.
///
/// A scorecard is derived data, so it implements `Serialize` (for reports and APIs) but not
/// `Deserialize`: persist the [`Ratings`] and the [`Policy`], which deserialise with full
/// validation, and score them again. No stored verdict can then disagree with its inputs.
///
/// # Examples
///
/// ```
/// use service_quality::{Band, Policy, Ratings, Scale};
/// use service_quality::proud::Principle;
///
/// let ratings = Ratings::from_array(Scale::ONE_TO_FIVE, [2, 5, 5, 5, 5])?;
/// let card = Policy::<Principle>::default().score(&ratings)?;
/// assert_eq!(card.weighted_mean().get(), 85.0);
/// assert_eq!(card.overall().get(), 25.0); // capped at P's score by the gate
/// assert_eq!(card.band(), Band::Poor);
/// assert!(card.gate_failed());
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scorecard<D: Dimension> {
    scores: EnumMap<D, Score>,
    weights: Weights<D>,
    weighted_mean: Score,
    overall: Score,
    band: Band,
    weakest: D,
    gate: Option<GateOutcome<D>>,
}

impl<D: Dimension> Scorecard<D> {
    /// Applies the rules above; the caller has checked the scales match.
    pub(crate) fn compute(ratings: &Ratings<D>, policy: &Policy<D>) -> Result<Self> {
        let scores = EnumMap::from_fn(|d| ratings.normalised(d));
        let weights = *policy.weights();
        let (weighted_mean, weakest) = weights.summarise(&scores)?;

        let gate_score = policy.gate().map(|gate| scores[gate.dimension()]);
        let (overall, band, failed) = policy.gate_and_band(weighted_mean, gate_score);
        let gate = policy
            .gate()
            .zip(gate_score)
            .map(|(gate, score)| GateOutcome {
                gate,
                score,
                passed: !failed,
            });

        Ok(Scorecard {
            scores,
            weights,
            weighted_mean,
            overall,
            band,
            weakest,
            gate,
        })
    }

    /// One dimension's normalised score.
    pub fn score(&self, dimension: D) -> Score {
        self.scores[dimension]
    }

    /// Every dimension with its normalised score, in declaration order.
    pub fn scores(&self) -> impl Iterator<Item = (D, Score)> + '_ {
        D::iter().map(|d| (d, self.scores[d]))
    }

    /// The weighted mean of the normalised scores, before any gate.
    pub const fn weighted_mean(&self) -> Score {
        self.weighted_mean
    }

    /// The overall score: the weighted mean, capped at the gated score if the gate failed.
    pub const fn overall(&self) -> Score {
        self.overall
    }

    /// The band of the overall score, or the lowest band if the gate failed.
    pub const fn band(&self) -> Band {
        self.band
    }

    /// The lowest-scoring counted dimension, ties to the earliest: where to focus coaching.
    pub const fn weakest(&self) -> D {
        self.weakest
    }

    /// The counted dimensions (positive weight) from lowest to highest score, ties in
    /// declaration order: the order to work through them in a development plan.
    ///
    /// ```
    /// use service_quality::{Policy, Ratings, Scale};
    /// use service_quality::proud::Principle::{self, *};
    ///
    /// let ratings = Ratings::from_array(Scale::ONE_TO_FIVE, [5, 3, 4, 3, 1])?;
    /// let card = Policy::<Principle>::default().score(&ratings)?;
    /// let order: Vec<Principle> = card.weakest_first().map(|(p, _)| p).collect();
    /// assert_eq!(order, [Deliver, Respect, Understanding, Ownership, PoliteAndProfessional]);
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn weakest_first(&self) -> impl Iterator<Item = (D, Score)> + use<D> {
        self.weights.weakest_first(&self.scores)
    }

    /// The gate outcome, if the policy has a gate.
    pub const fn gate(&self) -> Option<GateOutcome<D>> {
        self.gate
    }

    /// Whether a gate was applied and failed.
    pub fn gate_failed(&self) -> bool {
        self.gate.is_some_and(|g| !g.passed)
    }
}

#[cfg(feature = "serde")]
impl<D: Dimension> serde::Serialize for Scorecard<D> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;

        struct Scores<'a, D: Dimension>(&'a Scorecard<D>);
        impl<D: Dimension> serde::Serialize for Scores<'_, D> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                crate::dimension::serialize_named(s, self.0.scores())
            }
        }

        let mut state = serializer.serialize_struct("Scorecard", 6)?;
        state.serialize_field("scores", &Scores(self))?;
        state.serialize_field("weighted_mean", &self.weighted_mean)?;
        state.serialize_field("overall", &self.overall)?;
        state.serialize_field("band", &self.band)?;
        state.serialize_field("weakest", &crate::dimension::DimensionName(self.weakest))?;
        state.serialize_field("gate", &self.gate)?;
        state.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proud::Principle::{self, *};
    use crate::testing::assert_close;
    use crate::{Scale, Weights};

    fn card(values: [i32; 5], policy: &Policy<Principle>) -> Scorecard<Principle> {
        let ratings = Ratings::from_array(Scale::ONE_TO_FIVE, values).unwrap();
        policy.score(&ratings).unwrap()
    }

    #[test]
    fn zero_weight_dimensions_are_not_counted() {
        let weights = Weights::from_array([1.0, 1.0, 0.0, 1.0, 1.0]).unwrap();
        let policy = Policy::<Principle>::default().with_weights(weights);
        let c = card([5, 5, 1, 5, 5], &policy);
        assert_close(c.overall().get(), 100.0);
        assert_eq!(c.weakest(), PoliteAndProfessional);
    }

    #[test]
    fn ties_go_to_the_earlier_dimension() {
        let c = card([5, 2, 2, 2, 2], &Policy::default());
        assert_eq!(c.weakest(), Respect);
    }

    #[test]
    fn weighted_mean_uses_proportions() {
        let weights = Weights::from_array([3.0, 1.0, 0.0, 0.0, 0.0]).unwrap();
        let policy = Policy::<Principle>::default().with_weights(weights);
        // P = 100, R = 0: (3*100 + 1*0) / 4 = 75.
        let c = card([5, 1, 3, 3, 3], &policy);
        assert_close(c.weighted_mean().get(), 75.0);
    }

    #[test]
    fn no_gate_means_no_cap() {
        let policy = Policy::<Principle>::default().with_gate(None);
        let c = card([1, 5, 5, 5, 5], &policy);
        assert_close(c.overall().get(), 80.0);
        assert_eq!(c.band(), Band::Good);
        assert!(!c.gate_failed());
        assert!(c.gate().is_none());
    }

    #[test]
    fn a_higher_gate_forces_the_lowest_band_even_above_band_thresholds() {
        let gate = Gate::new(PoliteAndProfessional, 80.0).unwrap();
        let policy = Policy::<Principle>::default().with_gate(Some(gate));
        // P = 75 fails an 80 gate; mean 95 is capped at 75, which the thresholds would call good.
        let c = card([4, 5, 5, 5, 5], &policy);
        assert_close(c.overall().get(), 75.0);
        assert_eq!(c.band(), Band::Poor);
    }

    #[test]
    fn repeating_thirds_stay_in_range() {
        let third = 1.0 / 3.0;
        let weights = Weights::from_array([third, third, third, 0.0, 0.0]).unwrap();
        let policy = Policy::<Principle>::default().with_weights(weights);
        let c = card([5, 5, 5, 1, 1], &policy);
        assert_close(c.overall().get(), 100.0);
    }
}
