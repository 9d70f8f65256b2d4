//! The result of evaluating one set of ratings under a policy.

use enum_map::EnumMap;

use crate::scoring::kernel::{self, Outcome};
use crate::scoring::score::MaybeScore;
use crate::scoring::{Band, Dimension, Error, Policy, Ratings, Result, Score};

impl<D: Dimension> Ratings<D> {
    /// Evaluates the ratings under `policy`: a [`Policy`] gives a [`Scorecard`] (see it for what
    /// is computed and how); a model's own policy, such as the boss-versus-leader
    /// [`LeaderPolicy`](crate::boss_leader::LeaderPolicy), gives that model's report.
    ///
    /// # Errors
    ///
    /// [`Error::ScaleMismatch`] when the ratings are not on the policy's scale, and
    /// [`Error::InvalidAnswer`] when a dimension is N/A and the policy does not allow it there.
    /// Nothing else can fail: every part of the inputs was validated when it was built.
    ///
    /// ```
    /// use service_quality::{Policy, Ratings, Scale};
    /// use service_quality::proud::Principle;
    ///
    /// let policy = Policy::<Principle>::default();
    /// let ratings = Ratings::from_array(Scale::ONE_TO_FIVE, [4, 5, 3, 4, 2])?;
    /// assert_eq!(ratings.evaluate(&policy)?.overall().map(|s| s.get()), Some(65.0));
    ///
    /// let on_seven = Ratings::from_array(Scale::ONE_TO_SEVEN, [4, 5, 3, 4, 2])?;
    /// assert_eq!(
    ///     on_seven.evaluate(&policy).unwrap_err().to_string(),
    ///     "scale of ratings is 1..=7, expected 1..=5"
    /// );
    /// let no_delivery = ratings.with_not_applicable(Principle::Deliver);
    /// assert_eq!(
    ///     no_delivery.evaluate(&policy).unwrap_err().to_string(),
    ///     "answer for 'deliver' is n/a, expected a rating (n/a is not allowed here)"
    /// );
    /// let allowing = policy.with_not_applicable_allowed(Principle::Deliver, true);
    /// assert_eq!(no_delivery.evaluate(&allowing)?.overall().map(|s| s.get()), Some(75.0));
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    #[inline]
    pub fn evaluate<P: RatingsPolicy<D>>(&self, policy: &P) -> Result<P::Output> {
        policy.evaluate_ratings(self)
    }
}

/// A policy that turns one set of ratings into a result: what [`Ratings::evaluate`] accepts.
///
/// [`Policy`] gives a [`Scorecard`]; a model whose result says more than a scorecard implements
/// it with its own report (the boss-versus-leader
/// [`LeaderPolicy`](crate::boss_leader::LeaderPolicy) gives a leader index and a development
/// plan). A caller's own policy can implement it too, and is then evaluated with the same call.
pub trait RatingsPolicy<D: Dimension> {
    /// What evaluating ratings gives.
    type Output;

    /// Evaluates `ratings` under this policy; the same as `ratings.evaluate(self)`, which reads
    /// better at the call site.
    ///
    /// # Errors
    ///
    /// Whatever the policy rejects; for [`Policy`], see [`Ratings::evaluate`].
    fn evaluate_ratings(&self, ratings: &Ratings<D>) -> Result<Self::Output>;
}

impl<D: Dimension> RatingsPolicy<D> for Policy<D> {
    type Output = Scorecard<D>;

    #[inline]
    fn evaluate_ratings(&self, ratings: &Ratings<D>) -> Result<Scorecard<D>> {
        if ratings.scale() != self.scale() {
            return Err(Error::ScaleMismatch {
                field: "ratings",
                found: ratings.scale(),
                expected: self.scale(),
            });
        }
        let refused = |d: &D| ratings.value(*d).is_none() && !self.allows_not_applicable(*d);
        if let Some(d) = D::iter().find(refused) {
            return Err(not_allowed(d.key()));
        }
        Ok(Scorecard::from_raw_scores(
            EnumMap::from_fn(|d| ratings.raw_score(d).raw()),
            self,
        ))
    }
}

/// The error for an N/A answer where N/A is not allowed.
pub(crate) fn not_allowed(item: &str) -> Error {
    Error::InvalidAnswer {
        item: item.to_owned(),
        value: "n/a".to_owned(),
        expected: "a rating (n/a is not allowed here)".to_owned(),
    }
}

/// An evaluated set of ratings: a 0–100 score per dimension (or N/A), the overall score, its band,
/// the critical failures and the coaching focus.
///
/// Built by [`Ratings::evaluate`], through the crate's one scoring kernel (the same rules as a
/// run-time [`form::Form`](crate::form::Form)):
///
/// 1. each rating `r` on scale `min..=max` normalises to `100 * (r - min) / (max - min)`;
/// 2. an N/A dimension leaves the mean (or counts as 100 under
///    [`NotApplicableRule::FullMarks`](crate::NotApplicableRule::FullMarks));
/// 3. the weighted mean is `Σ wᵢ·sᵢ / Σ wᵢ` over the counted dimensions (positive weight);
/// 4. a critical dimension that was answered and scored below its pass mark fails the assessment:
///    by default ([`CriticalRule::CapAtFailedItem`](crate::CriticalRule::CapAtFailedItem)) the
///    overall score is capped at the lowest failed score and the band is [`Band::LOWEST`];
/// 5. otherwise the overall score is the weighted mean and the band comes from the thresholds;
/// 6. the focus for coaching is the first failed critical dimension; otherwise the lowest-scoring
///    answered dimension with a positive weight, ties going to the one declared first.
///
/// When every counted dimension is N/A there is nothing to score: the overall score, band and
/// focus are `None`, which is an outcome, not an error.
///
/// A scorecard is derived data, so it implements `Serialize` (for reports and APIs) but not
/// `Deserialize`: persist the [`Ratings`] and the [`Policy`], which deserialise with full
/// validation, and evaluate them again. No stored verdict can then disagree with its inputs.
///
/// # Examples
///
/// ```
/// use service_quality::{Band, Policy, Ratings, Scale};
/// use service_quality::proud::Principle;
///
/// let ratings = Ratings::from_array(Scale::ONE_TO_FIVE, [2, 5, 5, 5, 5])?;
/// let card = ratings.evaluate(&Policy::<Principle>::default())?;
/// assert_eq!(card.weighted_mean().map(|s| s.get()), Some(85.0));
/// assert_eq!(card.overall().map(|s| s.get()), Some(25.0)); // capped at P's score
/// assert_eq!(card.band(), Some(Band::Poor));
/// assert!(card.critical_failed());
/// assert_eq!(card.focus(), Some(Principle::PoliteAndProfessional));
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Scorecard<D: Dimension> {
    /// Each dimension's score, NaN for N/A (see [`MaybeScore`]): half the size of
    /// `Option<Score>`, which keeps scorecards cheap to return and copy.
    scores: EnumMap<D, f64>,
    counted: EnumMap<D, bool>,
    failed: EnumMap<D, bool>,
    outcome: Outcome,
    focus: Option<D>,
}

impl<D: Dimension> Scorecard<D> {
    /// Runs the kernel on normalised scores already checked against `policy` (on its scale, N/A
    /// only where allowed): the one way every compile-time path builds a scorecard.
    #[inline]
    pub(crate) fn from_scores(scores: EnumMap<D, Option<Score>>, policy: &Policy<D>) -> Self {
        Self::from_raw_scores(
            EnumMap::from_fn(|d| MaybeScore::new(scores[d]).raw()),
            policy,
        )
    }

    /// The same from scores in the kernel's form (NaN for N/A).
    #[inline]
    pub(crate) fn from_raw_scores(scores: EnumMap<D, f64>, policy: &Policy<D>) -> Self {
        let mut counted = EnumMap::from_fn(|_| false);
        let mut failed = EnumMap::from_fn(|_| false);
        let evaluated = kernel::evaluate_flat(
            policy.rules(),
            policy.items(|d| MaybeScore::from_raw(scores[d])),
            |i, verdict| {
                // `i` is a dimension's position (from `Policy::items`), so both slots exist.
                if let Some(c) = counted.as_mut_slice().get_mut(i) {
                    *c = verdict.counted;
                }
                if let Some(f) = failed.as_mut_slice().get_mut(i) {
                    *f = verdict.critical_failed;
                }
            },
        );
        Scorecard {
            scores,
            counted,
            failed,
            outcome: evaluated.outcome,
            focus: evaluated.focus.map(D::from_usize),
        }
    }

    /// One dimension's normalised score, or `None` when it was N/A.
    pub fn score(&self, dimension: D) -> Option<Score> {
        MaybeScore::from_raw(self.scores[dimension]).get()
    }

    /// Every dimension with its normalised score (`None` for N/A), in declaration order.
    pub fn scores(&self) -> impl Iterator<Item = (D, Option<Score>)> + '_ {
        D::iter().map(|d| (d, self.score(d)))
    }

    /// Whether `dimension` counted towards the weighted mean.
    pub fn is_counted(&self, dimension: D) -> bool {
        self.counted[dimension]
    }

    /// The compact outcome: overall score, band and whether a critical item failed.
    pub const fn outcome(&self) -> Outcome {
        self.outcome
    }

    /// The weighted mean of the counted scores, before any critical rule.
    pub const fn weighted_mean(&self) -> Option<Score> {
        self.outcome.weighted_mean()
    }

    /// The overall score after the critical rule; `None` when there was nothing to score.
    pub const fn overall(&self) -> Option<Score> {
        self.outcome.overall()
    }

    /// The band of the overall score; `None` when there was nothing to score.
    pub const fn band(&self) -> Option<Band> {
        self.outcome.band()
    }

    /// Where to focus coaching: the first failed critical dimension, otherwise the weakest
    /// answered dimension with a positive weight (ties to the earliest); `None` when nothing was
    /// answered, or when every answered dimension with a positive weight has full marks.
    pub const fn focus(&self) -> Option<D> {
        self.focus
    }

    /// Whether a critical dimension failed.
    pub const fn critical_failed(&self) -> bool {
        self.outcome.critical_failed()
    }

    /// The critical dimensions that failed, in declaration order.
    pub fn critical_failures(&self) -> impl Iterator<Item = D> + '_ {
        D::iter().filter(|&d| self.failed[d])
    }

    /// Whether `dimension` is critical and failed.
    pub fn failed(&self, dimension: D) -> bool {
        self.failed[dimension]
    }

    /// The answered dimensions with a positive weight, from lowest to highest score, ties in
    /// declaration order: the order to work through them in a development plan.
    ///
    /// ```
    /// use service_quality::{Policy, Ratings, Scale};
    /// use service_quality::proud::Principle::{self, *};
    ///
    /// let ratings = Ratings::from_array(Scale::ONE_TO_FIVE, [5, 3, 4, 3, 1])?;
    /// let card = ratings.evaluate(&Policy::<Principle>::default())?;
    /// let order: Vec<Principle> = card.weakest_first().map(|(p, _)| p).collect();
    /// assert_eq!(order, [Deliver, Respect, Understanding, Ownership, PoliteAndProfessional]);
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn weakest_first(&self) -> impl Iterator<Item = (D, Score)> + use<D> {
        weakest_first(EnumMap::from_fn(|d| {
            self.counted[d].then(|| self.score(d)).flatten()
        }))
    }
}

/// The dimensions that have a score, from lowest to highest, ties in declaration order.
pub(crate) fn weakest_first<D: Dimension>(
    scores: EnumMap<D, Option<Score>>,
) -> impl Iterator<Item = (D, Score)> + use<D> {
    let mut order = EnumMap::<D, (D, Option<Score>)>::from_fn(|d| (d, scores[d]));
    // Stable: equal scores keep declaration order. `None` sorts first and is dropped.
    order.as_mut_slice().sort_by_key(|&(_, score)| score);
    order
        .into_iter()
        .filter_map(|(_, (d, score))| score.map(|s| (d, s)))
}

impl<D: Dimension> PartialEq for Scorecard<D> {
    /// Equal when every score (or its absence), verdict, the outcome and the focus are.
    fn eq(&self, other: &Self) -> bool {
        self.outcome == other.outcome
            && self.focus == other.focus
            && self.counted == other.counted
            && self.failed == other.failed
            && D::iter().all(|d| self.score(d) == other.score(d))
    }
}

#[cfg(feature = "serde")]
impl<D: Dimension> serde::Serialize for Scorecard<D> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use crate::scoring::dimension::{DimensionName, serialize_named};
        use serde::ser::SerializeStruct;

        struct Scores<'a, D: Dimension>(&'a Scorecard<D>);
        impl<D: Dimension> serde::Serialize for Scores<'_, D> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                serialize_named(s, self.0.scores())
            }
        }
        struct Failures<'a, D: Dimension>(&'a Scorecard<D>);
        impl<D: Dimension> serde::Serialize for Failures<'_, D> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq(self.0.critical_failures().map(DimensionName))
            }
        }

        let mut state = serializer.serialize_struct("Scorecard", 7)?;
        state.serialize_field("scores", &Scores(self))?;
        state.serialize_field("weighted_mean", &self.weighted_mean())?;
        state.serialize_field("overall", &self.overall())?;
        state.serialize_field("band", &self.band())?;
        state.serialize_field("critical_failed", &self.critical_failed())?;
        state.serialize_field("critical_failures", &Failures(self))?;
        state.serialize_field("focus", &self.focus.map(DimensionName))?;
        state.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proud::Principle::{self, *};
    use crate::scoring::{CriticalRule, NotApplicableRule, Scale, Weights};
    use crate::testing::assert_close;

    fn card(values: [i64; 5], policy: &Policy<Principle>) -> Scorecard<Principle> {
        let ratings = Ratings::from_array(Scale::ONE_TO_FIVE, values).unwrap();
        ratings.evaluate(policy).unwrap()
    }

    fn overall(card: &Scorecard<Principle>) -> f64 {
        card.overall().map(Score::get).unwrap()
    }

    #[test]
    fn zero_weight_dimensions_are_not_counted() {
        let weights = Weights::from_array([1.0, 1.0, 0.0, 1.0, 1.0]).unwrap();
        let policy = Policy::<Principle>::default().with_weights(weights);
        let c = card([5, 5, 1, 5, 5], &policy);
        assert_close(overall(&c), 100.0);
        // Every counted dimension has full marks: the 1 on a zero weight is not coached.
        assert_eq!(c.focus(), None);
        assert!(!c.is_counted(Ownership));
    }

    #[test]
    fn ties_go_to_the_earlier_dimension() {
        let c = card([5, 2, 2, 2, 2], &Policy::default());
        assert_eq!(c.focus(), Some(Respect));
    }

    #[test]
    fn weighted_mean_uses_proportions() {
        let weights = Weights::from_array([3.0, 1.0, 0.0, 0.0, 0.0]).unwrap();
        let policy = Policy::<Principle>::default().with_weights(weights);
        // P = 100, R = 0: (3*100 + 1*0) / 4 = 75.
        let c = card([5, 1, 3, 3, 3], &policy);
        assert_close(c.weighted_mean().unwrap().get(), 75.0);
    }

    #[test]
    fn no_critical_item_means_no_cap() {
        let policy = Policy::<Principle>::default().without_critical(PoliteAndProfessional);
        let c = card([1, 5, 5, 5, 5], &policy);
        assert_close(overall(&c), 80.0);
        assert_eq!(c.band(), Some(Band::Good));
        assert!(!c.critical_failed());
        assert_eq!(c.critical_failures().count(), 0);
    }

    #[test]
    fn a_higher_pass_mark_forces_the_lowest_band_even_above_band_thresholds() {
        let policy = Policy::<Principle>::default()
            .with_critical(PoliteAndProfessional, Score::new(80.0).unwrap());
        // P = 75 fails an 80 pass mark; mean 95 is capped at 75, which the thresholds would call good.
        let c = card([4, 5, 5, 5, 5], &policy);
        assert_close(overall(&c), 75.0);
        assert_eq!(c.band(), Some(Band::Poor));
        assert_eq!(c.focus(), Some(PoliteAndProfessional));
    }

    #[test]
    fn every_failed_critical_item_is_listed_and_the_first_is_the_focus() {
        let policy = Policy::<Principle>::default()
            .with_critical(Deliver, Score::new(50.0).unwrap())
            .with_critical_rule(CriticalRule::ScoreZero);
        let c = card([5, 5, 5, 5, 1], &policy);
        assert_eq!(c.critical_failures().collect::<Vec<_>>(), [Deliver]);
        assert_close(overall(&c), 0.0);
        let both = card([2, 5, 5, 5, 1], &policy);
        assert_eq!(
            both.critical_failures().collect::<Vec<_>>(),
            [PoliteAndProfessional, Deliver]
        );
        assert_eq!(both.focus(), Some(PoliteAndProfessional));
        assert!(both.failed(Deliver) && !both.failed(Respect));
    }

    #[test]
    fn repeating_thirds_stay_in_range() {
        let third = 1.0 / 3.0;
        let weights = Weights::from_array([third, third, third, 0.0, 0.0]).unwrap();
        let policy = Policy::<Principle>::default().with_weights(weights);
        let c = card([5, 5, 5, 1, 1], &policy);
        assert_close(overall(&c), 100.0);
    }

    #[test]
    fn na_leaves_the_mean_or_counts_full_marks() {
        let policy = Policy::<Principle>::default().with_not_applicable_allowed(Deliver, true);
        let ratings = Ratings::from_array(Scale::ONE_TO_FIVE, [4, 5, 3, 4, 2])
            .unwrap()
            .with_not_applicable(Deliver);
        let left_out = ratings.evaluate(&policy).unwrap();
        assert_close(overall(&left_out), 75.0);
        assert_eq!(left_out.score(Deliver), None);
        assert_eq!(left_out.focus(), Some(Ownership));
        let full = policy.with_not_applicable_rule(NotApplicableRule::FullMarks);
        let full_marks = ratings.evaluate(&full).unwrap();
        assert_close(overall(&full_marks), 80.0);
        assert_eq!(
            full_marks
                .weakest_first()
                .map(|(d, _)| d)
                .collect::<Vec<_>>(),
            [Ownership, PoliteAndProfessional, Understanding, Respect]
        );
    }

    #[test]
    fn everything_na_has_nothing_to_score() {
        let mut policy = Policy::<Principle>::default();
        for p in [
            PoliteAndProfessional,
            Respect,
            Ownership,
            Understanding,
            Deliver,
        ] {
            policy = policy.with_not_applicable_allowed(p, true);
        }
        let ratings = Ratings::<Principle>::from_options(Scale::ONE_TO_FIVE, [None; 5]).unwrap();
        let c = ratings.evaluate(&policy).unwrap();
        assert_eq!((c.overall(), c.band(), c.focus()), (None, None, None));
        assert!(!c.critical_failed());
    }
}
