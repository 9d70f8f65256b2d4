//! Scoring policies: the scale, weights, bands and gate a model is scored with.

use crate::{
    Band, BandThresholds, Dimension, Error, Ratings, Result, Scale, Score, Scorecard, Weights,
};

/// A hurdle on one dimension: when that dimension scores below the threshold, the whole
/// assessment fails, whatever the others say.
///
/// A failed gate puts the assessment in the lowest band and caps its overall score at the gated
/// dimension's score (see [`Scorecard`] and the design notes in [`crate::design`]).
///
/// # Examples
///
/// ```
/// use service_quality::{Gate, Score};
/// use service_quality::proud::Principle;
///
/// let gate = Gate::new(Principle::PoliteAndProfessional, 60.0)?;
/// assert!(gate.passes(Score::new(60.0)?));
/// assert!(!gate.passes(Score::new(59.9)?));
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "RawGate<D>", into = "RawGate<D>", bound = "D: Dimension")
)]
pub struct Gate<D: Dimension> {
    dimension: D,
    threshold: Score,
}

impl<D: Dimension> Gate<D> {
    /// A gate on `dimension` that passes at or above `threshold` (a 0–100 score).
    ///
    /// # Errors
    ///
    /// [`Error::ScoreOutOfRange`] when `threshold` is not a finite value in 0..=100.
    ///
    /// ```
    /// use service_quality::Gate;
    /// use service_quality::proud::Principle;
    ///
    /// assert!(Gate::new(Principle::Respect, 0.0).is_ok());
    /// assert_eq!(
    ///     Gate::new(Principle::Respect, -5.0).unwrap_err().to_string(),
    ///     "score for 'gate' is -5, expected a finite value in 0..=100"
    /// );
    /// ```
    pub fn new(dimension: D, threshold: f64) -> Result<Self> {
        Ok(Gate {
            dimension,
            threshold: Score::named(Some("gate"), threshold)?,
        })
    }

    /// A gate from an already valid threshold; for constants.
    pub const fn at(dimension: D, threshold: Score) -> Self {
        Gate {
            dimension,
            threshold,
        }
    }

    /// The gated dimension.
    pub const fn dimension(&self) -> D {
        self.dimension
    }

    /// The lowest passing score.
    pub const fn threshold(&self) -> Score {
        self.threshold
    }

    /// Whether a score for the gated dimension clears the gate.
    pub fn passes(&self, score: Score) -> bool {
        score >= self.threshold
    }
}

/// The serde form of a gate: `{"dimension": "polite_and_professional", "threshold": 50.0}`.
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields, bound = "D: Dimension")]
struct RawGate<D: Dimension> {
    dimension: crate::dimension::DimensionName<D>,
    threshold: f64,
}

#[cfg(feature = "serde")]
impl<D: Dimension> TryFrom<RawGate<D>> for Gate<D> {
    type Error = Error;

    fn try_from(raw: RawGate<D>) -> Result<Self> {
        Gate::new(raw.dimension.0, raw.threshold)
    }
}

#[cfg(feature = "serde")]
impl<D: Dimension> From<Gate<D>> for RawGate<D> {
    fn from(gate: Gate<D>) -> Self {
        RawGate {
            dimension: crate::dimension::DimensionName(gate.dimension),
            threshold: gate.threshold.get(),
        }
    }
}

/// Everything that decides how ratings turn into a [`Scorecard`].
///
/// Each part is validated when it is built ([`Scale`], [`Weights`], [`BandThresholds`],
/// [`Gate`]), so any combination of them is a valid policy and the `with_*` methods cannot fail.
/// [`Policy::default`] is the model's own default ([`Dimension::default_policy`]).
///
/// # Examples
///
/// ```
/// use service_quality::{BandThresholds, Policy, Scale, Weights};
/// use service_quality::proud::Principle;
///
/// let policy = Policy::<Principle>::default()
///     .with_scale(Scale::ONE_TO_SEVEN)
///     .with_weights(Weights::from_array([2.0, 1.0, 1.0, 1.0, 1.0])?)
///     .with_bands(BandThresholds::new(55.0, 75.0, 90.0)?);
/// assert_eq!(policy.scale(), Scale::ONE_TO_SEVEN);
/// // The PROUD default keeps its first-hurdle gate.
/// assert_eq!(policy.gate().map(|g| g.threshold().get()), Some(50.0));
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields, default, bound = "D: Dimension")
)]
pub struct Policy<D: Dimension> {
    scale: Scale,
    weights: Weights<D>,
    bands: BandThresholds,
    gate: Option<Gate<D>>,
}

impl<D: Dimension> Policy<D> {
    /// A policy on `scale` with equal weights, the default bands (50, 70, 85) and no gate.
    pub fn new(scale: Scale) -> Self {
        Policy {
            scale,
            weights: Weights::equal(),
            bands: BandThresholds::DEFAULT,
            gate: None,
        }
    }

    /// The same policy on another scale.
    pub fn with_scale(self, scale: Scale) -> Self {
        Policy { scale, ..self }
    }

    /// The same policy with other weights.
    pub fn with_weights(self, weights: Weights<D>) -> Self {
        Policy { weights, ..self }
    }

    /// The same policy with other band thresholds.
    pub fn with_bands(self, bands: BandThresholds) -> Self {
        Policy { bands, ..self }
    }

    /// The same policy with another gate, or none.
    pub fn with_gate(self, gate: Option<Gate<D>>) -> Self {
        Policy { gate, ..self }
    }

    /// The scale ratings must be on.
    pub const fn scale(&self) -> Scale {
        self.scale
    }

    /// The weights of the overall score.
    pub const fn weights(&self) -> &Weights<D> {
        &self.weights
    }

    /// The band thresholds.
    pub const fn bands(&self) -> BandThresholds {
        self.bands
    }

    /// The gate, if any.
    pub const fn gate(&self) -> Option<Gate<D>> {
        self.gate
    }

    /// The gate and band step shared by every scoring path: given the weighted mean and the
    /// gated dimension's score, the overall score, its band and whether the gate failed. A
    /// failed gate caps the overall score at the gated score and forces the lowest band.
    #[inline]
    pub(crate) fn gate_and_band(
        &self,
        mean: Score,
        gate_score: Option<Score>,
    ) -> (Score, Band, bool) {
        match (self.gate, gate_score) {
            (Some(gate), Some(score)) if !gate.passes(score) => {
                (mean.min(score), Band::LOWEST, true)
            }
            _ => (mean, self.bands.classify(mean), false),
        }
    }

    /// Scores `ratings` under this policy; see [`Scorecard`] for what is computed and how.
    ///
    /// # Errors
    ///
    /// [`Error::ScaleMismatch`] when the ratings are not on the policy's scale. Nothing else can
    /// fail: every part of the inputs was validated when it was built.
    ///
    /// ```
    /// use service_quality::{Policy, Ratings, Scale};
    /// use service_quality::proud::Principle;
    ///
    /// let policy = Policy::<Principle>::default();
    /// let ratings = Ratings::from_array(Scale::ONE_TO_FIVE, [4, 5, 3, 4, 2])?;
    /// assert_eq!(policy.score(&ratings)?.overall().get(), 65.0);
    ///
    /// let on_seven = Ratings::from_array(Scale::ONE_TO_SEVEN, [4, 5, 3, 4, 2])?;
    /// assert_eq!(
    ///     policy.score(&on_seven).unwrap_err().to_string(),
    ///     "scale of ratings is 1..=7, expected 1..=5"
    /// );
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn score(&self, ratings: &Ratings<D>) -> Result<Scorecard<D>> {
        if ratings.scale() != self.scale {
            return Err(Error::ScaleMismatch {
                field: "ratings",
                found: ratings.scale(),
                expected: self.scale,
            });
        }
        Scorecard::compute(ratings, self)
    }
}

impl<D: Dimension> Default for Policy<D> {
    /// The model's default policy, [`Dimension::default_policy`].
    fn default() -> Self {
        D::default_policy()
    }
}
