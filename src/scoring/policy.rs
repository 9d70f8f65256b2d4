//! Scoring policies for compile-time models: the scale, weights, critical items, N/A and bands a
//! model is scored with.

use enum_map::EnumMap;

use crate::scoring::kernel::{ItemInput, Rules};
use crate::scoring::score::MaybeScore;
use crate::scoring::{
    BandThresholds, CriticalRule, Dimension, NotApplicableRule, Scale, Score, Weights,
};

/// Everything that decides how a model's [`Ratings`](crate::Ratings) turn into a
/// [`Scorecard`](crate::Scorecard).
///
/// Each part is validated when it is built ([`Scale`], [`Weights`], [`BandThresholds`],
/// [`Score`]), so any combination of them is a valid policy and the `with_*` methods cannot fail.
/// [`Policy::default`] is the model's own default ([`Dimension::default_policy`]).
///
/// A policy says, per dimension, how much it weighs, whether it is **critical** (and its pass
/// mark: an answered dimension scoring below it fails the whole assessment), and whether it may
/// be answered **not applicable**; and for the whole model, the bands, what N/A does to the mean
/// ([`NotApplicableRule`]) and what a critical failure does to the score ([`CriticalRule`]).
/// The run-time equivalent, with per-item answer types and sections, is
/// [`form::Form`](crate::form::Form); both are scored by the same kernel.
///
/// # Examples
///
/// ```
/// use service_quality::{BandThresholds, CriticalRule, Policy, Scale, Score, Weights};
/// use service_quality::proud::Principle;
///
/// let policy = Policy::<Principle>::default()
///     .with_scale(Scale::ONE_TO_SEVEN)
///     .with_weights(Weights::from_array([2.0, 1.0, 1.0, 1.0, 1.0])?)
///     .with_bands(BandThresholds::new(55.0, 75.0, 90.0)?)
///     .with_critical(Principle::Deliver, Score::new(40.0)?)
///     .with_critical_rule(CriticalRule::ScoreZero)
///     .with_not_applicable_allowed(Principle::Deliver, true);
/// assert_eq!(policy.scale(), Scale::ONE_TO_SEVEN);
/// // The PROUD default keeps its first-hurdle critical item beside the new one.
/// assert_eq!(policy.pass_mark(Principle::PoliteAndProfessional).map(|s| s.get()), Some(50.0));
/// assert_eq!(policy.critical().count(), 2);
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Policy<D: Dimension> {
    scale: Scale,
    weights: Weights<D>,
    /// Each dimension's pass mark, NaN when it is not critical (the kernel's form; see
    /// [`MaybeScore`]).
    pass_marks: EnumMap<D, f64>,
    not_applicable: EnumMap<D, bool>,
    rules: Rules,
}

impl<D: Dimension> Policy<D> {
    /// A policy on `scale` with equal weights, the default bands (50, 70, 85), no critical item,
    /// N/A allowed nowhere, N/A left out of the mean and critical failures capping the score.
    pub fn new(scale: Scale) -> Self {
        Policy {
            scale,
            weights: Weights::equal(),
            pass_marks: EnumMap::from_fn(|_| MaybeScore::NONE.raw()),
            not_applicable: EnumMap::from_fn(|_| false),
            rules: Rules::default(),
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
        Policy {
            rules: Rules {
                bands,
                ..self.rules
            },
            ..self
        }
    }

    /// The same policy with `dimension` critical: answered and scoring below `pass_mark`, it
    /// fails the assessment.
    pub fn with_critical(mut self, dimension: D, pass_mark: Score) -> Self {
        self.pass_marks[dimension] = pass_mark.get();
        self
    }

    /// The same policy with `dimension` no longer critical.
    pub fn without_critical(mut self, dimension: D) -> Self {
        self.pass_marks[dimension] = MaybeScore::NONE.raw();
        self
    }

    /// The same policy with another rule for what a critical failure does to the score.
    pub fn with_critical_rule(self, critical: CriticalRule) -> Self {
        Policy {
            rules: Rules {
                critical,
                ..self.rules
            },
            ..self
        }
    }

    /// The same policy with N/A allowed, or not, for `dimension`.
    pub fn with_not_applicable_allowed(mut self, dimension: D, allowed: bool) -> Self {
        self.not_applicable[dimension] = allowed;
        self
    }

    /// The same policy with another rule for what N/A does to the mean.
    pub fn with_not_applicable_rule(self, not_applicable: NotApplicableRule) -> Self {
        Policy {
            rules: Rules {
                not_applicable,
                ..self.rules
            },
            ..self
        }
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
        self.rules.bands
    }

    /// The pass mark of `dimension` if it is critical.
    pub fn pass_mark(&self, dimension: D) -> Option<Score> {
        MaybeScore::from_raw(self.pass_marks[dimension]).get()
    }

    /// Every critical dimension with its pass mark, in declaration order.
    pub fn critical(&self) -> impl Iterator<Item = (D, Score)> + '_ {
        D::iter().filter_map(|d| self.pass_mark(d).map(|mark| (d, mark)))
    }

    /// What a critical failure does to the score.
    pub const fn critical_rule(&self) -> CriticalRule {
        self.rules.critical
    }

    /// Whether `dimension` may be answered N/A.
    pub fn allows_not_applicable(&self, dimension: D) -> bool {
        self.not_applicable[dimension]
    }

    /// What N/A does to the mean.
    pub const fn not_applicable_rule(&self) -> NotApplicableRule {
        self.rules.not_applicable
    }

    /// The shared rules, for the kernel.
    pub(crate) const fn rules(&self) -> &Rules {
        &self.rules
    }

    /// The model's dimensions as the kernel sees them, given each one's normalised score (or
    /// N/A): the one adapter between a compile-time policy and the kernel, used by
    /// [`Ratings::evaluate`](crate::Ratings::evaluate) and the batch path alike.
    #[inline]
    pub(crate) fn items(
        &self,
        mut score: impl FnMut(D) -> MaybeScore,
    ) -> impl Iterator<Item = (usize, ItemInput)> {
        D::iter().map(move |d| (d.into_usize(), self.raw_item(d, score(d))))
    }

    /// One dimension as the kernel sees it, given its normalised score (or N/A).
    #[inline]
    pub(crate) fn item(&self, dimension: D, score: Option<Score>) -> ItemInput {
        self.raw_item(dimension, MaybeScore::new(score))
    }

    /// The same from a score in the kernel's form.
    #[inline]
    pub(crate) fn raw_item(&self, dimension: D, score: MaybeScore) -> ItemInput {
        let pass_mark = MaybeScore::from_raw(self.pass_marks[dimension]);
        ItemInput::from_parts(score, self.weights.get(dimension), pass_mark)
    }
}

impl<D: Dimension> PartialEq for Policy<D> {
    /// Policies are equal when every part is (pass marks compared as scores or their absence).
    fn eq(&self, other: &Self) -> bool {
        self.scale == other.scale
            && self.weights == other.weights
            && self.rules == other.rules
            && self.not_applicable == other.not_applicable
            && D::iter().all(|d| self.pass_mark(d) == other.pass_mark(d))
    }
}

impl<D: Dimension> Default for Policy<D> {
    /// The model's default policy, [`Dimension::default_policy`].
    fn default() -> Self {
        D::default_policy()
    }
}

#[cfg(feature = "serde")]
mod serde_impls {
    //! `{"scale": {"min": 1, "max": 5}, "weights": {...}, "bands": {...},
    //! "critical": {"polite_and_professional": 50.0}, "not_applicable": ["deliver"],
    //! "critical_rule": "cap_at_failed_item", "not_applicable_rule": "leave_out"}`. Every field
    //! may be left out; a missing one keeps the model's default.

    use serde::de::Error as _;
    use serde::ser::SerializeSeq;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::Policy;
    use crate::scoring::dimension::{DimensionName, NamedPairs, collect_sparse, serialize_named};
    use crate::scoring::{
        BandThresholds, CriticalRule, Dimension, Error, NotApplicableRule, Scale, Score, Weights,
    };

    struct Critical<'a, D: Dimension>(&'a Policy<D>);

    impl<D: Dimension> Serialize for Critical<'_, D> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serialize_named(serializer, self.0.critical())
        }
    }

    struct NotApplicable<'a, D: Dimension>(&'a Policy<D>);

    impl<D: Dimension> Serialize for NotApplicable<'_, D> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let allowed = D::iter().filter(|&d| self.0.allows_not_applicable(d));
            let mut seq = serializer.serialize_seq(None)?;
            for d in allowed {
                seq.serialize_element(&DimensionName(d))?;
            }
            seq.end()
        }
    }

    impl<D: Dimension> Serialize for Policy<D> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            #[derive(Serialize)]
            #[serde(bound = "D: Dimension")]
            struct Form<'a, D: Dimension> {
                scale: Scale,
                weights: &'a Weights<D>,
                bands: BandThresholds,
                critical: Critical<'a, D>,
                not_applicable: NotApplicable<'a, D>,
                critical_rule: CriticalRule,
                not_applicable_rule: NotApplicableRule,
            }
            Form {
                scale: self.scale,
                weights: &self.weights,
                bands: self.bands(),
                critical: Critical(self),
                not_applicable: NotApplicable(self),
                critical_rule: self.critical_rule(),
                not_applicable_rule: self.not_applicable_rule(),
            }
            .serialize(serializer)
        }
    }

    impl<'de, D: Dimension> Deserialize<'de> for Policy<D> {
        fn deserialize<De: Deserializer<'de>>(deserializer: De) -> Result<Self, De::Error> {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields, bound = "D: Dimension")]
            struct Form<D: Dimension> {
                scale: Option<Scale>,
                weights: Option<Weights<D>>,
                bands: Option<BandThresholds>,
                critical: Option<NamedPairs<D, f64>>,
                not_applicable: Option<Vec<DimensionName<D>>>,
                critical_rule: Option<CriticalRule>,
                not_applicable_rule: Option<NotApplicableRule>,
            }
            let form = Form::<D>::deserialize(deserializer)?;
            let build = || {
                let mut policy = D::default_policy();
                if let Some(scale) = form.scale {
                    policy = policy.with_scale(scale);
                }
                if let Some(weights) = form.weights {
                    policy = policy.with_weights(weights);
                }
                if let Some(bands) = form.bands {
                    policy = policy.with_bands(bands);
                }
                if let Some(NamedPairs(pairs)) = form.critical {
                    let marks = collect_sparse("pass mark for", pairs)?;
                    for d in D::iter() {
                        policy = match marks[d] {
                            Some(mark) => {
                                policy.with_critical(d, Score::named(Some(d.key()), mark)?)
                            }
                            None => policy.without_critical(d),
                        };
                    }
                }
                if let Some(listed) = form.not_applicable {
                    let pairs = listed.into_iter().map(|DimensionName(d)| (d, ()));
                    let allowed = collect_sparse("not-applicable entry for", pairs)?;
                    for d in D::iter() {
                        policy = policy.with_not_applicable_allowed(d, allowed[d].is_some());
                    }
                }
                if let Some(rule) = form.critical_rule {
                    policy = policy.with_critical_rule(rule);
                }
                if let Some(rule) = form.not_applicable_rule {
                    policy = policy.with_not_applicable_rule(rule);
                }
                Ok::<_, Error>(policy)
            };
            build().map_err(De::Error::custom)
        }
    }
}
