//! Shares, their ranking, the vital few, the warnings and period comparison: written once over
//! any [`CauseList`].

use super::Cause;
use super::causes::{CauseList, CauseSet, FiveCauses, at};
use crate::proud::{Principle, ProudSummary};
use crate::scoring::macros::named_enum;
use crate::scoring::{Error, Result};

named_enum! {
    /// How a breakdown's ratings become shares.
    ///
    /// # Examples
    ///
    /// ```
    /// use service_quality::breakdown::{AttributionMethod, Breakdown, Cause};
    ///
    /// let b = Breakdown::new([7, 3, 1, 1, 1])?;
    /// let above = b.attribution_by(AttributionMethod::AboveFloor).unwrap();
    /// assert_eq!(above.share(Cause::Process), 0.75);
    /// let plain = b.attribution_by(AttributionMethod::PlainShare).unwrap();
    /// assert!((plain.share(Cause::Process) - 7.0 / 13.0).abs() < 1e-15);
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    #[non_exhaustive]
    pub enum AttributionMethod as "attribution method",
        expecting "one of: above_floor, plain_share"
    {
        /// The default: a rating of 1 means "did not contribute", so each cause's share is what
        /// its rating adds above that floor, `(r − 1) / Σ (r − 1)`. A breakdown rated 1 on every
        /// cause has no such share: it is unattributed and counted apart.
        AboveFloor,
        /// Each cause's rating over the sum of all ratings, `r / Σ r`. Every breakdown is
        /// attributed, but a cause rated 1 still takes a share (a tenth of it or more), so
        /// shares are flatter than the ratings say.
        PlainShare,
    }
}

impl AttributionMethod {
    /// What a rating counts for under this method.
    fn part(self, rating: i32) -> f64 {
        match self {
            AttributionMethod::AboveFloor => f64::from(rating) - 1.0,
            AttributionMethod::PlainShare => f64::from(rating),
        }
    }

    /// Each cause's share of one breakdown with these ratings, written into `out` in list
    /// order; `false` (and `out` untouched) when nothing is attributed.
    pub(crate) fn shares_into(
        self,
        ratings: impl Iterator<Item = i32> + Clone,
        out: &mut [f64],
    ) -> bool {
        let total: f64 = ratings.clone().map(|r| self.part(r)).sum();
        if total <= 0.0 {
            return false;
        }
        // One division: each share is its part times one reciprocal. (An aggregate of the
        // breakdown keeps the weight per point truncated to 2^-64 units, so its shares may
        // differ from these by a few such units.)
        let unit = 1.0 / total;
        for (slot, rating) in out.iter_mut().zip(ratings) {
            *slot = self.part(rating) * unit;
        }
        true
    }
}

impl Default for AttributionMethod {
    /// [`AttributionMethod::AboveFloor`].
    fn default() -> Self {
        AttributionMethod::AboveFloor
    }
}

/// The cumulative share the vital few must reach: a fraction in (0, 1], 0.8 by default (the
/// Pareto rule).
///
/// # Examples
///
/// ```
/// use service_quality::breakdown::VitalFewThreshold;
///
/// assert_eq!(VitalFewThreshold::default().get(), 0.8);
/// assert_eq!(
///     VitalFewThreshold::new(1.5).unwrap_err().to_string(),
///     "vital_few_threshold is 1.5, expected a finite value in (0, 1]"
/// );
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "f64", into = "f64")
)]
pub struct VitalFewThreshold(f64);

impl VitalFewThreshold {
    /// 80% of the total share.
    pub const DEFAULT: VitalFewThreshold = VitalFewThreshold(0.8);

    /// A threshold.
    ///
    /// # Errors
    ///
    /// [`Error::ValueOutOfRange`] unless `value` is in (0, 1].
    ///
    /// ```
    /// use service_quality::breakdown::VitalFewThreshold;
    ///
    /// assert!(VitalFewThreshold::new(1.0).is_ok());
    /// assert!(VitalFewThreshold::new(0.0).is_err());
    /// ```
    pub fn new(value: f64) -> Result<Self> {
        if value > 0.0 && value <= 1.0 {
            Ok(VitalFewThreshold(value))
        } else {
            Err(Error::ValueOutOfRange {
                field: "vital_few_threshold",
                value,
                expected: "a finite value in (0, 1]",
            })
        }
    }

    /// The threshold as a fraction.
    pub const fn get(self) -> f64 {
        self.0
    }
}

impl Default for VitalFewThreshold {
    /// [`VitalFewThreshold::DEFAULT`].
    fn default() -> Self {
        VitalFewThreshold::DEFAULT
    }
}

impl TryFrom<f64> for VitalFewThreshold {
    type Error = Error;

    /// Same rule as [`VitalFewThreshold::new`].
    fn try_from(value: f64) -> Result<Self> {
        VitalFewThreshold::new(value)
    }
}

impl From<VitalFewThreshold> for f64 {
    fn from(threshold: VitalFewThreshold) -> f64 {
        threshold.0
    }
}

/// How an [`Aggregate`](super::Aggregate) is triaged: the attribution method and the
/// vital-few threshold. Both parts are validated on their own, so every policy is valid.
///
/// # Examples
///
/// ```
/// use service_quality::breakdown::{Aggregate, AttributionMethod, Breakdown, TriagePolicy};
///
/// let a: Aggregate = [Breakdown::new([7, 3, 1, 1, 1])?].iter().collect();
/// assert_eq!(a.evaluate(&TriagePolicy::default())?.vital_few().len(), 2); // process 75%, rules 25%
///
/// let plain = TriagePolicy::default()
///     .with_method(AttributionMethod::PlainShare)
///     .try_with_vital_few(0.5)?;
/// assert_eq!(a.evaluate(&plain)?.vital_few().len(), 1); // 7/13 alone passes one half
/// assert!(TriagePolicy::default().try_with_vital_few(0.0).is_err());
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields, default)
)]
pub struct TriagePolicy {
    method: AttributionMethod,
    vital_few: VitalFewThreshold,
}

impl TriagePolicy {
    /// The same policy with another attribution method.
    pub const fn with_method(self, method: AttributionMethod) -> Self {
        TriagePolicy { method, ..self }
    }

    /// The same policy with another vital-few threshold.
    pub const fn with_vital_few(self, threshold: VitalFewThreshold) -> Self {
        TriagePolicy {
            vital_few: threshold,
            ..self
        }
    }

    /// The same policy with another vital-few threshold, given as a fraction.
    ///
    /// # Errors
    ///
    /// [`Error::ValueOutOfRange`] unless `threshold` is in (0, 1].
    pub fn try_with_vital_few(self, threshold: f64) -> Result<Self> {
        Ok(self.with_vital_few(VitalFewThreshold::new(threshold)?))
    }

    /// The attribution method.
    pub const fn method(&self) -> AttributionMethod {
        self.method
    }

    /// The vital-few threshold.
    pub const fn vital_few(&self) -> VitalFewThreshold {
        self.vital_few
    }
}

/// Each cause's share of one breakdown, of an aggregate, or of a set of labelled counts; the
/// shares sum to 1.
///
/// For the built-in causes it is `Copy`; [`share`](Attribution::share) takes a [`Cause`]. Over
/// a [`CauseSet`] it takes a label.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribution<L: CauseList = FiveCauses> {
    causes: L,
    shares: L::Slots<f64>,
    attributed: u64,
    unattributed: u64,
}

impl Copy for Attribution<FiveCauses> {}

impl<L: CauseList> Attribution<L> {
    /// Shares already computed, in list order.
    pub(crate) fn from_parts(
        causes: L,
        shares: L::Slots<f64>,
        attributed: u64,
        unattributed: u64,
    ) -> Self {
        Attribution {
            causes,
            shares,
            attributed,
            unattributed,
        }
    }

    /// The cause list.
    pub fn causes(&self) -> &L {
        &self.causes
    }

    /// Every cause with its share, in list order.
    pub fn iter(&self) -> impl Iterator<Item = (L::Key<'_>, f64)> + '_ {
        self.causes
            .causes()
            .zip(self.shares.as_ref().iter().copied())
    }

    /// How many breakdowns (or counted items) the shares rest on.
    pub const fn attributed(&self) -> u64 {
        self.attributed
    }

    /// How many breakdowns were left out because they were rated 1 on every cause (with
    /// [`AttributionMethod::AboveFloor`]; always 0 otherwise).
    pub const fn unattributed(&self) -> u64 {
        self.unattributed
    }

    /// The causes ordered by share, largest first, ties in list order.
    pub fn ranking(&self) -> Ranking<L> {
        let shares = self.shares.as_ref();
        let mut order = self.causes.slots(0_usize);
        for (i, slot) in order.as_mut().iter_mut().enumerate() {
            *slot = i;
        }
        // A stable sort keeps tied causes in list order.
        order
            .as_mut()
            .sort_by(|&a, &b| at(shares, b).total_cmp(&at(shares, a)));
        let mut sorted = self.causes.slots(0.0_f64);
        for (slot, &i) in sorted.as_mut().iter_mut().zip(order.as_ref()) {
            *slot = at(shares, i);
        }
        Ranking {
            causes: self.causes.clone(),
            order,
            sorted,
        }
    }

    /// Triages the attribution: the ranking, the vital few at `threshold` and any warnings.
    /// (An [`Aggregate`](super::Aggregate) is triaged under a whole [`TriagePolicy`]; an
    /// attribution already has its method, so only the threshold is left to choose.)
    pub fn evaluate(&self, threshold: &VitalFewThreshold) -> Triage<L> {
        let ranking = self.ranking();
        Triage {
            vital_few: ranking.vital_few_len(threshold.get()),
            ranking,
            threshold: *threshold,
            attributed: self.attributed,
            unattributed: self.unattributed,
        }
    }

    /// The share at `index` in list order.
    pub(crate) fn share_at(&self, index: usize) -> f64 {
        at(self.shares.as_ref(), index)
    }
}

impl Attribution<FiveCauses> {
    /// One cause's share, in 0..=1.
    pub fn share(&self, cause: Cause) -> f64 {
        self.share_at(index_of(cause))
    }
}

impl Attribution<CauseSet> {
    /// One cause's share, in 0..=1.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownName`] when the cause set has no such label.
    pub fn share(&self, label: &str) -> Result<f64> {
        Ok(self.share_at(self.causes.position(label)?))
    }

    /// Shares of plain labelled counts (complaints by category, say): each label's count over
    /// the total. The labels become the cause set, in the order given, which is the order ties
    /// are broken in.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] with no labels, [`Error::EmptyText`] or [`Error::Duplicate`] for a
    /// bad label, and [`Error::Degenerate`] when every count is zero.
    ///
    /// ```
    /// use service_quality::breakdown::{Attribution, VitalFewThreshold};
    ///
    /// let complaints = Attribution::from_counts([
    ///     ("late delivery", 46), ("wrong item", 22), ("rude staff", 4), ("billing", 28),
    /// ])?;
    /// let triage = complaints.evaluate(&VitalFewThreshold::default());
    /// let vital: Vec<&str> = triage.vital_few().map(|(label, _)| label).collect();
    /// assert_eq!(vital, ["late delivery", "billing", "wrong item"]);
    /// assert!(Attribution::from_counts([("billing", 0)]).is_err());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn from_counts<'a>(counts: impl IntoIterator<Item = (&'a str, u64)>) -> Result<Self> {
        let (labels, values): (Vec<&str>, Vec<u64>) = counts.into_iter().unzip();
        let causes = CauseSet::new(labels.iter().copied())?;
        causes.count_shares(labels.into_iter().zip(values))
    }
}

impl CauseSet {
    /// Shares of plain labelled counts over this set: each label's count over the total; a
    /// label left out counts 0. Building each period's shares over one set lets
    /// [`Comparison::of`] compare them.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownName`] or [`Error::Duplicate`] for a bad label, and
    /// [`Error::Degenerate`] when every count is zero, and [`Error::IntegerOutOfRange`] when the
    /// counts add up to more than `u64::MAX`.
    ///
    /// ```
    /// use service_quality::breakdown::{CauseSet, Comparison};
    ///
    /// let categories = CauseSet::new(["late delivery", "wrong item", "billing"])?;
    /// let october = categories.count_shares([("late delivery", 30), ("billing", 10)])?;
    /// let november = categories.count_shares([("late delivery", 12), ("wrong item", 28)])?;
    /// let change = Comparison::of(october, november)?;
    /// assert_eq!(change.grew().next().map(|(label, _)| label), Some("wrong item"));
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn count_shares<'a>(
        &self,
        counts: impl IntoIterator<Item = (&'a str, u64)>,
    ) -> Result<Attribution<CauseSet>> {
        use super::causes::sealed::Internals as _;
        let mut tallies = self.slots(0.0_f64);
        let mut named = vec![false; self.len()];
        let mut total: u128 = 0;
        for (label, count) in counts {
            let index = self.position(label)?;
            match named.get_mut(index) {
                Some(seen) if !*seen => *seen = true,
                _ => {
                    return Err(Error::Duplicate {
                        what: "cause",
                        key: label.to_owned(),
                    });
                }
            }
            total += u128::from(count);
            if let Some(slot) = tallies.get_mut(index) {
                *slot = count as f64;
            }
        }
        if total == 0 {
            return Err(Error::Degenerate {
                part: None,
                what: "count shares",
                reason: "every count is zero",
            });
        }
        let attributed = u64::try_from(total).map_err(|_| Error::IntegerOutOfRange {
            field: "total count",
            value: total.to_string(),
            expected: "at most u64::MAX items in all",
        })?;
        let sum: f64 = tallies.iter().sum();
        for slot in tallies.iter_mut() {
            *slot /= sum;
        }
        Ok(Attribution::from_parts(
            self.clone(),
            tallies,
            attributed,
            0,
        ))
    }
}

/// The position of a built-in cause in [`FiveCauses`].
fn index_of(cause: Cause) -> usize {
    enum_map::Enum::into_usize(cause)
}

/// The causes ordered by share, largest first, ties in list order.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking<L: CauseList = FiveCauses> {
    causes: L,
    /// Positions in the cause list, best first.
    order: L::Slots<usize>,
    /// The shares in that order.
    sorted: L::Slots<f64>,
}

impl Copy for Ranking<FiveCauses> {}

impl<L: CauseList> Ranking<L> {
    /// The cause list.
    pub fn causes(&self) -> &L {
        &self.causes
    }

    /// The top-ranked cause.
    pub fn top(&self) -> L::Key<'_> {
        // A cause list has at least one cause, so position 0 exists.
        self.causes.key_at(at(self.order.as_ref(), 0))
    }

    /// Every cause with its share, best first.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (L::Key<'_>, f64)> + '_ {
        self.order
            .as_ref()
            .iter()
            .zip(self.sorted.as_ref())
            .map(|(&i, &share)| (self.causes.key_at(i), share))
    }

    /// Every cause with its share and the cumulative share up to and including it.
    pub fn cumulative(&self) -> impl Iterator<Item = (L::Key<'_>, f64, f64)> + '_ {
        self.iter().scan(0.0, |running, (cause, share)| {
            *running += share;
            Some((cause, share, *running))
        })
    }

    /// How many causes are ranked (all of the list).
    pub fn len(&self) -> usize {
        self.order.as_ref().len()
    }

    /// Always `false`: every cause of the list is ranked, and a list has at least one.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The shortest prefix whose cumulative share reaches `threshold`; a cumulative share
    /// within 1e-12 of it counts as reaching it, so rounding never adds a cause.
    fn vital_few_len(&self, threshold: f64) -> usize {
        self.cumulative()
            .position(|(_, _, cumulative)| cumulative + 1e-12 >= threshold)
            .map_or(self.len(), |i| i + 1)
    }
}

named_enum! {
    /// A warning or piece of advice a triage of the built-in causes raises.
    #[non_exhaustive]
    pub enum Warning as "breakdown warning",
        expecting "one of: people_on_top, product_dominates"
    {
        /// People ranked first: look at the system before blaming the person.
        PeopleOnTop,
        /// Product ranked first: service cannot make up for a poor product for long; still ask
        /// what service can do meanwhile.
        ProductDominates,
    }
}

impl Warning {
    /// The warning in words, for people.
    pub const fn message(self) -> &'static str {
        match self {
            Warning::PeopleOnTop => {
                "People came out on top. Before blaming staff, check whether the process, a \
                 rule, the presentation or the product set them up to fail: most breakdowns \
                 start there."
            }
            Warning::ProductDominates => {
                "The product is the main cause. Better service can cover for a poor product only \
                 for a while: fix or replace the product, and do not hold the service staff \
                 responsible for it. Meanwhile, ask what service can still do: a poor product \
                 is easier to live with when it is served well."
            }
        }
    }

    /// The question to take to the team with the warning.
    ///
    /// For [`Warning::ProductDominates`] it is the counter-question: fixing the product is the
    /// cure, but what can service do for customers until then?
    pub const fn question(self) -> &'static str {
        match self {
            Warning::PeopleOnTop => {
                "With a sound process, sensible rules, clear presentation and a working \
                 product, would these breakdowns still have happened?"
            }
            Warning::ProductDominates => {
                "What could service do that makes even a broken product matter less to the \
                 customer, and what would you train people to say while it is being fixed?"
            }
        }
    }
}

/// Where to start fixing: the ranking, the vital few and any warnings.
///
/// Built from an [`Aggregate`](super::Aggregate) ([`evaluate`](super::Aggregate::evaluate)) or an
/// [`Attribution`] ([`evaluate`](Attribution::evaluate)). The people and product warnings are about
/// the built-in causes; a triage over a [`CauseSet`] raises none.
#[derive(Debug, Clone, PartialEq)]
pub struct Triage<L: CauseList = FiveCauses> {
    ranking: Ranking<L>,
    vital_few: usize,
    threshold: VitalFewThreshold,
    attributed: u64,
    unattributed: u64,
}

impl Copy for Triage<FiveCauses> {}

impl<L: CauseList> Triage<L> {
    /// The causes by share, largest first.
    pub const fn ranking(&self) -> &Ranking<L> {
        &self.ranking
    }

    /// The top-ranked cause: where to start.
    pub fn where_to_start(&self) -> L::Key<'_> {
        self.ranking.top()
    }

    /// The shortest run of top causes whose cumulative share reaches the threshold, with their
    /// shares.
    pub fn vital_few(&self) -> impl ExactSizeIterator<Item = (L::Key<'_>, f64)> + '_ {
        self.ranking.iter().take(self.vital_few)
    }

    /// The cumulative-share threshold used for the vital few.
    pub const fn threshold(&self) -> VitalFewThreshold {
        self.threshold
    }

    /// How many breakdowns (or counted items) the shares rest on.
    pub const fn attributed(&self) -> u64 {
        self.attributed
    }

    /// How many breakdowns were rated 1 on every cause and counted apart.
    pub const fn unattributed(&self) -> u64 {
        self.unattributed
    }

    /// The warnings that apply, in declaration order.
    pub fn warnings(&self) -> impl Iterator<Item = Warning> + use<L> {
        let top = self
            .ranking
            .causes
            .builtin(at(self.ranking.order.as_ref(), 0));
        [
            (top == Some(Cause::People)).then_some(Warning::PeopleOnTop),
            (top == Some(Cause::Product)).then_some(Warning::ProductDominates),
        ]
        .into_iter()
        .flatten()
    }
}

impl Triage<FiveCauses> {
    /// When People ranks first, the PROUD principle the same people most need coaching on,
    /// read from their PROUD results; `None` when People is not on top or `behaviour` has
    /// nothing answered.
    ///
    /// This is where the two models meet. The PROUD source puts most service problems down to
    /// how people behave; the breakdown source says people are seldom the real cause. Both hold:
    /// PROUD measures the behaviour, and breakdown attribution asks what set that behaviour up.
    /// So a triage that blames people first sends you to the system
    /// ([`Warning::PeopleOnTop`]), and once process, rules, presentation and product are ruled
    /// out, the PROUD results say which behaviour to coach. Pairing the two this way is this
    /// crate's reading, not a rule of either source.
    ///
    /// # Examples
    ///
    /// ```
    /// use service_quality::Scale;
    /// use service_quality::breakdown::{Aggregate, Breakdown, TriagePolicy};
    /// use service_quality::proud::{Assessment, Principle, ProudPolicy, ProudSummary};
    ///
    /// // Staff came out on top of this month's breakdowns ...
    /// let month: Aggregate = [Breakdown::new([2, 1, 1, 1, 8])?].iter().collect();
    /// let triage = month.evaluate(&TriagePolicy::default())?;
    /// // ... and their PROUD reviews are weakest on Deliver.
    /// let mut reviews = ProudSummary::new();
    /// reviews.add(&Assessment::from_array(Scale::ONE_TO_FIVE, [4, 4, 4, 4, 2])?
    ///     .evaluate(&ProudPolicy::default())?);
    /// assert_eq!(triage.behaviour_to_coach(&reviews), Some(Principle::Deliver));
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn behaviour_to_coach(&self, behaviour: &ProudSummary) -> Option<Principle> {
        if self.warnings().any(|w| w == Warning::PeopleOnTop) {
            behaviour.weakest()
        } else {
            None
        }
    }
}

/// How each cause's share moved between two periods.
///
/// # Examples
///
/// ```
/// use service_quality::breakdown::{Aggregate, Breakdown, Cause, Comparison};
///
/// let october: Aggregate = [Breakdown::new([8, 2, 2, 2, 2])?].iter().collect();
/// let november: Aggregate = [Breakdown::new([2, 2, 2, 8, 2])?].iter().collect();
/// let change = Comparison::between(&october, &november)?;
/// assert_eq!(change.grew().next().map(|(c, _)| c), Some(Cause::Product));
/// assert_eq!(change.shrank().next().map(|(c, _)| c), Some(Cause::Process));
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison<L: CauseList = FiveCauses> {
    earlier: Attribution<L>,
    later: Attribution<L>,
}

impl Copy for Comparison<FiveCauses> {}

impl<L: CauseList> Comparison<L> {
    /// Changes smaller than this (in share, 0..=1) count as no change, so rounding noise is not
    /// reported as growth.
    pub const TOLERANCE: f64 = 1e-9;

    /// Compares two periods' aggregates, attributed above the floor.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] when either period has no breakdowns, [`Error::Degenerate`] when every
    /// breakdown of a period is unattributed, and [`Error::Mismatch`] for two different cause
    /// sets.
    ///
    /// ```
    /// use service_quality::breakdown::{Aggregate, Breakdown, Comparison};
    ///
    /// let some: Aggregate = [Breakdown::new([1, 2, 3, 4, 5])?].iter().collect();
    /// assert!(Comparison::between(&some, &Aggregate::new()).is_err());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn between(earlier: &super::Aggregate<L>, later: &super::Aggregate<L>) -> Result<Self> {
        Self::between_by(earlier, later, AttributionMethod::default())
    }

    /// Like [`between`](Self::between), with another attribution method.
    ///
    /// # Errors
    ///
    /// As for [`between`](Self::between).
    pub fn between_by(
        earlier: &super::Aggregate<L>,
        later: &super::Aggregate<L>,
        method: AttributionMethod,
    ) -> Result<Self> {
        Self::of(
            earlier.attribution_by(method)?,
            later.attribution_by(method)?,
        )
    }

    /// Compares two attributions over the same causes (two periods' labelled counts, say).
    ///
    /// # Errors
    ///
    /// [`Error::Mismatch`] when the two are over different cause sets.
    pub fn of(earlier: Attribution<L>, later: Attribution<L>) -> Result<Self> {
        earlier.causes.same_as(&later.causes)?;
        Ok(Comparison { earlier, later })
    }

    /// Every cause with its earlier share, later share and change, in list order.
    pub fn iter(&self) -> impl Iterator<Item = (L::Key<'_>, f64, f64, f64)> + '_ {
        self.earlier
            .iter()
            .zip(self.later.shares.as_ref())
            .map(|((cause, before), &after)| (cause, before, after, after - before))
    }

    /// The causes whose share grew, largest growth first (ties in list order).
    pub fn grew(&self) -> impl Iterator<Item = (L::Key<'_>, f64)> + '_ {
        self.moved(1.0)
    }

    /// The causes whose share shrank, largest fall first (ties in list order).
    pub fn shrank(&self) -> impl Iterator<Item = (L::Key<'_>, f64)> + '_ {
        self.moved(-1.0)
    }

    /// The change at `index` in list order.
    fn change_at(&self, index: usize) -> f64 {
        self.later.share_at(index) - self.earlier.share_at(index)
    }

    /// The causes that moved in the direction of `sign` by more than the tolerance, biggest
    /// move first.
    fn moved(&self, sign: f64) -> impl Iterator<Item = (L::Key<'_>, f64)> + '_ {
        let mut order = self.earlier.causes.slots(0_usize);
        for (i, slot) in order.as_mut().iter_mut().enumerate() {
            *slot = i;
        }
        // Biggest move first; the stable sort keeps ties in list order.
        order
            .as_mut()
            .sort_by(|&a, &b| (sign * self.change_at(b)).total_cmp(&(sign * self.change_at(a))));
        order
            .into_iter()
            .map(|i| (i, self.change_at(i)))
            .take_while(move |&(_, change)| sign * change > Self::TOLERANCE)
            .map(|(i, change)| (self.earlier.causes.key_at(i), change))
    }
}

impl Comparison<FiveCauses> {
    /// One cause's change in share, later minus earlier.
    pub fn change(&self, cause: Cause) -> f64 {
        self.change_at(index_of(cause))
    }
}

impl Comparison<CauseSet> {
    /// One cause's change in share, later minus earlier.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownName`] when the cause set has no such label.
    pub fn change(&self, label: &str) -> Result<f64> {
        Ok(self.change_at(self.earlier.causes.position(label)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::assert_close;

    #[test]
    fn parts_above_the_floor_and_plain() {
        let mut out = [0.0; 3];
        assert!(!AttributionMethod::AboveFloor.shares_into([1, 1, 1].into_iter(), &mut out));
        assert!(out.iter().all(|&s| s.to_bits() == 0));
        assert!(AttributionMethod::PlainShare.shares_into([1, 1, 2].into_iter(), &mut out));
        assert_close(out[2], 0.5);
        assert!(AttributionMethod::AboveFloor.shares_into([1, 1, 2].into_iter(), &mut out));
        for (got, want) in out.into_iter().zip([0.0, 0.0, 1.0]) {
            assert_close(got, want);
        }
    }

    #[test]
    fn counts_must_name_each_label_once_and_not_all_be_zero() {
        let set = CauseSet::new(["a", "b"]).unwrap();
        assert_eq!(
            set.count_shares([("a", 1), ("a", 2)])
                .unwrap_err()
                .to_string(),
            "duplicate cause 'a'"
        );
        assert_eq!(
            set.count_shares([("a", 0)]).unwrap_err().to_string(),
            "count shares is undefined: every count is zero"
        );
        let shares = set.count_shares([("b", 3), ("a", 1)]).unwrap();
        assert_close(shares.share("b").unwrap(), 0.75);
        assert_eq!(shares.attributed(), 4);
    }

    #[test]
    fn the_threshold_is_a_fraction_above_zero() {
        for bad in [0.0, -0.1, 1.01, f64::NAN, f64::INFINITY] {
            assert!(VitalFewThreshold::new(bad).is_err(), "{bad}");
        }
        assert_close(f64::from(VitalFewThreshold::try_from(1.0).unwrap()), 1.0);
    }
}
