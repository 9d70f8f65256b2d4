//! Service breakdowns: attribute each failure to its causes, and blame the system before the
//! person.
//!
//! When service breaks down the usual reflex is to blame whoever was serving, which tends to make
//! things worse. Most breakdowns start somewhere else. This model spreads each breakdown over five
//! causes, [`Cause::Process`], [`Cause::Rules`], [`Cause::Presentation`], [`Cause::Product`] and
//! [`Cause::People`], and tells you where to start fixing. Teams that track causes of their own
//! (billing, a bug, a courier) use the same model over a [`CauseSet`] defined at run time, and a
//! complaints log with plain counts per category gets the same ranking and vital few through
//! [`Attribution::from_counts`].
//!
//! # The exercise
//!
//! Take recent breakdowns and, for each, rate from 1 to 10 how much each cause contributed. A
//! rating of 1 means the cause did not contribute.
//!
//! # Formulas
//!
//! For one breakdown with ratings `r_c` (each in 1..=10), by the default
//! [`AttributionMethod::AboveFloor`]:
//!
//! - the **share** of cause `c` is what its rating adds above the floor of 1,
//!   `(r_c − 1) / Σ (r − 1)`, so the shares sum to 1 and a cause rated 1 gets nothing;
//! - a breakdown rated 1 on every cause has no such share: it is **unattributed**. It is still
//!   counted ([`Aggregate::unattributed`]), never dropped silently and never a NaN.
//!
//! [`AttributionMethod::PlainShare`] keeps the older reading, `r_c / Σ r`, for anyone who wants
//! it: every breakdown is attributed, and a cause rated 1 still takes a tenth or more.
//!
//! For a set of breakdowns `i`, each with a severity weight `w_i` (1 when none is given):
//!
//! - the **aggregated share** of `c` is `Σ_i w_i · share_ic / Σ_i w_i`, over the attributed
//!   breakdowns: the mean share, weighted by severity; the aggregated shares also sum to 1;
//! - the **ranking** orders causes by aggregated share, largest first; ties keep the order of
//!   the list (for the built-in causes: process, rules, presentation, product, people; people
//!   last, so a tie never points at staff);
//! - **where to start** is the top-ranked cause;
//! - the **vital few** is the shortest prefix of the ranking whose cumulative share reaches the
//!   threshold (80% by default, the Pareto rule); a cumulative share within 1e-12 of the
//!   threshold counts as reaching it, so rounding never adds a cause;
//! - a **people-on-top warning** is raised when People ranks first: check process, rules,
//!   presentation and product before blaming the person;
//! - **product-dominance advice** is raised when Product ranks first: better service cannot make
//!   up for a poor product for long; fix or replace the product rather than blame the staff,
//!   and still ask what service could do for customers while it is being fixed
//!   ([`Warning::question`]).
//!
//! The five causes, the 1-to-10 rating of each and the advice to blame the system before the
//! person come from the source (its exercise rates the three most recent breakdowns). Reading 1
//! as "did not contribute" (the floor), the share formulas, the severity weights, the tie order
//! and the 80% threshold are this crate's defaults.
//!
//! # Behaviour and system
//!
//! The PROUD source says most service problems come from how people behave; this model's source
//! says people are seldom the real cause. The two fit: [PROUD](crate::proud) measures the
//! behaviour, and attribution asks what set it up. When People ranks first, the triage sends
//! you to the system first, then [`Triage::behaviour_to_coach`] reads the team's PROUD results
//! for the behaviour to coach.
//!
//! An [`Aggregate`] keeps only counts, weights and weighted share sums, so it can be built one
//! breakdown at a time, merged with another aggregate (the merge of two disjoint sets is the
//! aggregate of their union), serialised and stored as a running total per team or month. It
//! keeps the sums for both methods, so the method is chosen when it is read
//! ([`TriagePolicy`]).
//!
//! # Examples
//!
//! Breakdown A is rated process 7, rules 3 and 1 elsewhere: 6 and 2 above the floor, so process
//! takes 0.75 and rules 0.25. Breakdown B is rated 1 everywhere: unattributed.
//!
//! ```
//! use service_quality::breakdown::{Aggregate, Breakdown, Cause, TriagePolicy};
//!
//! // Ratings in the order process, rules, presentation, product, people.
//! let recent = [
//!     Breakdown::new([7, 3, 1, 1, 1])?.with_description("refund needed three approvals"),
//!     Breakdown::new([1, 1, 1, 1, 1])?.with_description("customer left before being served"),
//! ];
//! let aggregate: Aggregate = recent.iter().collect();
//! assert_eq!((aggregate.attributed(), aggregate.unattributed()), (1, 1));
//! assert_eq!(aggregate.share(Cause::Process)?, 0.75);
//! assert_eq!(aggregate.share(Cause::Rules)?, 0.25);
//!
//! let triage = aggregate.evaluate(&TriagePolicy::default())?;
//! assert_eq!(triage.where_to_start(), Cause::Process);
//! let vital: Vec<Cause> = triage.vital_few().map(|(c, _)| c).collect();
//! assert_eq!(vital, [Cause::Process, Cause::Rules]);
//! # Ok::<(), service_quality::Error>(())
//! ```

mod aggregate;
mod attribution;
mod causes;

pub use aggregate::{Aggregate, Totals};
pub use attribution::{
    Attribution, AttributionMethod, Comparison, Ranking, Triage, TriagePolicy, VitalFewThreshold,
    Warning,
};
pub use causes::{CauseList, CauseSet, FiveCauses};

use enum_map::EnumMap;

use crate::scoring::dimension::collect_pairs;
use crate::scoring::macros::dimension_enum;
use crate::scoring::{Error, Policy, Ratings, Result, Scale};

dimension_enum! {
    /// One of the five causes a service breakdown is attributed to.
    ///
    /// Causes have no `Ord`; their declaration order (process first, people last) is the order
    /// ties are broken in.
    ///
    /// # Examples
    ///
    /// ```
    /// use service_quality::breakdown::Cause;
    ///
    /// assert_eq!("Product".parse::<Cause>()?, Cause::Product);
    /// assert!(Cause::People.question().ends_with('?'));
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub enum Cause as "breakdown cause",
        expecting "one of: process, rules, presentation, product, people"
    {
        /// The steps, hand-offs and queues by which the service is delivered.
        Process(
            "Process",
            "How the work is organised: the steps, hand-offs and queues between a customer's \
             request and its fulfilment.",
        ),
        /// The policies, regulations and procedures staff are bound by.
        Rules(
            "Rules",
            "The policies, regulations and procedures that govern what staff may do.",
        ),
        /// What the customer sees and reads: signs, forms, the website, letters and their tone.
        Presentation(
            "Presentation",
            "How the service presents itself: signage, forms, the website, letters, and the \
             expectations they set.",
        ),
        /// The thing being sold or supplied.
        Product(
            "Product",
            "The product or service itself, and whether it does what it should.",
        ),
        /// The conduct, skill and attitude of the individuals involved.
        People(
            "People",
            "The individuals who served the customer: their conduct and skill.",
        ),
    }

    /// Breakdown ratings run from 1 to 10.
    fn default_policy() -> Policy<Self> {
        Policy::new(Scale::ONE_TO_TEN)
    }
}

impl Cause {
    /// The question to ask about a breakdown to rate this cause.
    pub const fn question(self) -> &'static str {
        match self {
            Cause::Process => "Did the way the work is organised make this failure likely?",
            Cause::Rules => "Did a rule stop staff from doing the sensible thing for the customer?",
            Cause::Presentation => {
                "Did what the customer saw or read set a wrong expectation or confuse them?"
            }
            Cause::Product => {
                "Would this have happened if the product had worked as it was promised to?"
            }
            Cause::People => {
                "With a sound process, sensible rules, clear presentation and a working product, \
                 would this person still have got it wrong?"
            }
        }
    }

    /// The kind of fix the cause calls for.
    pub const fn fix(self) -> &'static str {
        match self {
            Cause::Process => "Redesign the process: fewer steps, fewer hand-offs, shorter waits.",
            Cause::Rules => "Change the rule, or give staff discretion to step outside it.",
            Cause::Presentation => "Rewrite, redesign or clarify what the customer sees.",
            Cause::Product => {
                "Fix, redesign or replace the product; service can only cover for it briefly."
            }
            Cause::People => {
                "Coach, train and support the person, once the other four causes are ruled out."
            }
        }
    }
}

/// How much a breakdown counts in an aggregate: a weight from [`Severity::MIN`] (10^-6) to
/// [`Severity::MAX`] (10^9), 1 by default.
///
/// The bounds keep an [`Aggregate`]'s weighted sums exact: they are whole numbers of 2^-64
/// units, so they give the same bits in any order of adding and merging, and within these
/// bounds every weight keeps at least 44 significant bits on that grid while 1.8e10 breakdowns
/// of the largest weight still fit. Money (in cents, up to ten million a breakdown), minutes
/// and 1-to-5 ratings all fit; scale weights into the range if yours do not.
///
/// # Examples
///
/// ```
/// use service_quality::breakdown::Severity;
///
/// assert_eq!(Severity::new(2.5)?.get(), 2.5);
/// assert_eq!(
///     Severity::new(0.0).unwrap_err().to_string(),
///     "severity is 0, expected a value in 1e-6..=1e9"
/// );
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "f64", into = "f64")
)]
pub struct Severity(f64);

impl Severity {
    /// The weight of a breakdown with no severity given.
    pub const ONE: Severity = Severity(1.0);

    /// The smallest weight: 10^-6.
    pub const MIN: f64 = 1e-6;

    /// The largest weight: 10^9.
    pub const MAX: f64 = 1e9;

    /// Creates a severity weight.
    ///
    /// # Errors
    ///
    /// [`Error::ValueOutOfRange`] unless `value` is in [`MIN`](Self::MIN)`..=`[`MAX`](Self::MAX)
    /// (a NaN never is).
    ///
    /// ```
    /// use service_quality::breakdown::Severity;
    ///
    /// assert!(Severity::new(0.1).is_ok());
    /// assert!(Severity::new(Severity::MAX).is_ok());
    /// assert!(Severity::new(f64::NAN).is_err());
    /// assert!(Severity::new(1e-9).is_err());
    /// ```
    pub fn new(value: f64) -> Result<Self> {
        if (Self::MIN..=Self::MAX).contains(&value) {
            Ok(Severity(value))
        } else {
            Err(Error::ValueOutOfRange {
                field: "severity",
                value,
                expected: "a value in 1e-6..=1e9",
            })
        }
    }

    /// The weight.
    pub const fn get(self) -> f64 {
        self.0
    }
}

impl Default for Severity {
    /// A weight of 1.
    fn default() -> Self {
        Severity::ONE
    }
}

impl TryFrom<f64> for Severity {
    type Error = Error;

    /// Same rule as [`Severity::new`].
    fn try_from(value: f64) -> Result<Self> {
        Severity::new(value)
    }
}

impl From<Severity> for f64 {
    fn from(severity: Severity) -> f64 {
        severity.0
    }
}

/// One service breakdown, rated 1 to 10 on each cause of a [`CauseList`]: the five built-in
/// causes unless another list is named.
///
/// # Examples
///
/// ```
/// use service_quality::breakdown::{Breakdown, Cause};
///
/// let b = Breakdown::new([8, 6, 2, 3, 1])?
///     .with_description("refund needed three approvals")
///     .with_period("2026-11")
///     .try_with_severity(2.0)?;
/// assert_eq!(b.rating(Cause::Process), 8);
/// // Above the floor: 7, 5, 1, 2 and 0, so process takes 7 of 15.
/// assert_eq!(b.attribution()?.share(Cause::Process), 7.0 / 15.0);
/// assert_eq!(b.weight(), 2.0);
///
/// assert_eq!(
///     Breakdown::new([8, 6, 11, 3, 1]).unwrap_err().to_string(),
///     "rating for 'presentation' is 11, expected a value in 1..=10"
/// );
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Breakdown<L: CauseList = FiveCauses> {
    causes: L,
    ratings: L::Ratings,
    description: Option<String>,
    period: Option<String>,
    severity: Option<Severity>,
}

impl Breakdown {
    /// A breakdown from its five ratings, in the order process, rules, presentation, product,
    /// people.
    ///
    /// # Errors
    ///
    /// [`Error::RatingOutOfRange`] naming the first cause whose rating is outside 1..=10.
    ///
    /// ```
    /// use service_quality::breakdown::Breakdown;
    ///
    /// assert!(Breakdown::new([1, 1, 1, 1, 10]).is_ok());
    /// assert!(Breakdown::new([0, 1, 1, 1, 10]).is_err());
    /// ```
    pub fn new(ratings: [i64; 5]) -> Result<Self> {
        // Every cause is given once and in order, so there is nothing to collect (the query
        // engine builds a breakdown per row): check each rating where `from_pairs` would, in
        // cause order, with the same errors.
        let ratings = EnumMap::try_from_fn(|cause: Cause| {
            let rating = ratings.get(cause.index()).copied().unwrap_or_default();
            Scale::ONE_TO_TEN.check(Some(cause.key()), rating)
        })?;
        Ok(Breakdown::from_parts(FiveCauses, ratings))
    }

    /// A breakdown from `(cause, rating)` pairs in any order, each cause exactly once.
    ///
    /// # Errors
    ///
    /// [`Error::Duplicate`], [`Error::Missing`] or [`Error::RatingOutOfRange`].
    ///
    /// ```
    /// use service_quality::breakdown::{Breakdown, Cause::*};
    ///
    /// let b = Breakdown::from_pairs([(People, 2), (Product, 9), (Process, 1), (Rules, 1),
    ///                                (Presentation, 1)])?;
    /// assert_eq!(b.rating(Product), 9);
    /// assert!(Breakdown::from_pairs([(People, 2)]).is_err());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn from_pairs(pairs: impl IntoIterator<Item = (Cause, i64)>) -> Result<Self> {
        let given = collect_pairs("rating for", pairs)?;
        let ratings = EnumMap::try_from_fn(|cause: Cause| {
            Scale::ONE_TO_TEN.check(Some(cause.key()), given[cause])
        })?;
        Ok(Breakdown::from_parts(FiveCauses, ratings))
    }

    /// The rating (1 to 10) given to one cause.
    pub fn rating(&self, cause: Cause) -> i32 {
        self.ratings[cause]
    }

    /// The five ratings, on the 1–10 scale, every cause answered.
    pub fn ratings(&self) -> Ratings<Cause> {
        Ratings::from_checked(Scale::ONE_TO_TEN, self.ratings)
    }
}

impl Breakdown<CauseSet> {
    /// The rating (1 to 10) given to the cause labelled `label`.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownName`] when the cause set has no such label.
    pub fn rating(&self, label: &str) -> Result<i32> {
        let index = self.causes.position(label)?;
        Ok(causes::at(&self.ratings, index))
    }

    /// Every cause with its rating, in the cause set's order.
    pub fn ratings(&self) -> impl Iterator<Item = (&str, i32)> + '_ {
        self.causes.labels().zip(self.ratings.iter().copied())
    }
}

impl<L: CauseList> Breakdown<L> {
    /// A breakdown over `causes` with ratings already checked against them.
    pub(crate) fn from_parts(causes: L, ratings: L::Ratings) -> Self {
        Breakdown {
            causes,
            ratings,
            description: None,
            period: None,
            severity: None,
        }
    }

    /// The cause list the breakdown is rated on.
    pub fn causes(&self) -> &L {
        &self.causes
    }

    /// The ratings, in list order, for the aggregate.
    pub(crate) fn ratings_in_order(&self) -> &L::Ratings {
        &self.ratings
    }

    /// Adds a description of what happened.
    pub fn with_description(self, description: impl Into<String>) -> Self {
        Breakdown {
            description: Some(description.into()),
            ..self
        }
    }

    /// Adds when it happened: a time stamp or a period label (`"2026-11-24T10:05Z"`, `"2026-W47"`),
    /// kept as given.
    pub fn with_period(self, period: impl Into<String>) -> Self {
        Breakdown {
            period: Some(period.into()),
            ..self
        }
    }

    /// Adds a severity weight, given as a number.
    ///
    /// # Errors
    ///
    /// [`Error::ValueOutOfRange`] unless `severity` is in `Severity::MIN..=Severity::MAX`
    /// (see [`Severity`]).
    ///
    /// ```
    /// use service_quality::breakdown::Breakdown;
    ///
    /// let b = Breakdown::new([5, 5, 5, 5, 5])?;
    /// assert!(b.clone().try_with_severity(3.0).is_ok());
    /// assert!(b.try_with_severity(-1.0).is_err());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn try_with_severity(self, severity: f64) -> Result<Self> {
        Ok(self.with_severity(Severity::new(severity)?))
    }

    /// Adds a severity weight already validated.
    pub fn with_severity(self, severity: Severity) -> Self {
        Breakdown {
            severity: Some(severity),
            ..self
        }
    }

    /// The description, if given.
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }

    /// The time stamp or period label, if given.
    pub fn period(&self) -> Option<&str> {
        self.period.as_deref()
    }

    /// The severity, if given.
    pub const fn severity(&self) -> Option<Severity> {
        self.severity
    }

    /// The weight the breakdown carries in an aggregate: its severity, or 1.
    pub fn weight(&self) -> f64 {
        self.severity.unwrap_or_default().get()
    }

    /// Whether anything is rated above the floor, so that the breakdown has shares above it.
    pub fn is_attributed(&self) -> bool {
        L::values(&self.ratings).any(|r| r > 1)
    }

    /// Each cause's share above the floor, `(r − 1) / Σ (r − 1)`.
    ///
    /// # Errors
    ///
    /// [`Error::Degenerate`] when the breakdown is rated 1 on every cause: nothing is above
    /// the floor to share out (as for an [`Aggregate`] of such
    /// breakdowns).
    ///
    /// ```
    /// use service_quality::breakdown::{Breakdown, Cause};
    ///
    /// let b = Breakdown::new([10, 1, 1, 1, 1])?;
    /// assert_eq!(b.attribution()?.share(Cause::Rules), 0.0);
    /// assert_eq!(
    ///     Breakdown::new([1; 5])?.attribution().unwrap_err().to_string(),
    ///     "attribution above the floor is undefined: the breakdown is rated 1 on every cause"
    /// );
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn attribution(&self) -> Result<Attribution<L>> {
        self.attribution_by(AttributionMethod::default())
    }

    /// Each cause's share under `method`.
    ///
    /// # Errors
    ///
    /// [`Error::Degenerate`] only for a breakdown rated 1 on every cause under
    /// [`AttributionMethod::AboveFloor`].
    pub fn attribution_by(&self, method: AttributionMethod) -> Result<Attribution<L>> {
        let mut shares = self.causes.slots(0.0);
        if method.shares_into(L::values(&self.ratings), shares.as_mut()) {
            Ok(Attribution::from_parts(self.causes.clone(), shares, 1, 0))
        } else {
            Err(Error::Degenerate {
                part: None,
                what: "attribution above the floor",
                reason: "the breakdown is rated 1 on every cause",
            })
        }
    }

    /// Triages this one breakdown under `policy`, as an aggregate of it alone would be: its
    /// shares under the policy's method, ranked, with the vital few at the policy's threshold.
    ///
    /// # Errors
    ///
    /// As for [`attribution_by`](Self::attribution_by) with the policy's method.
    ///
    /// ```
    /// use service_quality::breakdown::{Breakdown, Cause, TriagePolicy};
    ///
    /// let triage = Breakdown::new([8, 6, 2, 3, 1])?.evaluate(&TriagePolicy::default())?;
    /// assert_eq!(triage.where_to_start(), Cause::Process);
    /// assert_eq!(triage.vital_few().len(), 2); // 7/15, then rules' 5/15 pass 80%
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn evaluate(&self, policy: &TriagePolicy) -> Result<Triage<L>> {
        self.attribution_by(policy.method())
            .map(|a| a.evaluate(&policy.vital_few()))
    }
}

#[cfg(feature = "serde")]
mod serde_impls;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::assert_close;

    #[test]
    fn new_checks_ratings_as_from_pairs_does() {
        // Each position in turn off the scale, below and above, and a valid row: the same
        // breakdown or the same error (the first cause out of range, in cause order).
        let mut rows = vec![[1, 2, 3, 4, 10]];
        for at in 0..5 {
            for bad in [0, 11, i64::MIN, i64::MAX] {
                let mut row = [5, 5, 5, 5, 5];
                row[at] = bad;
                rows.push(row);
                let mut two = row;
                two[(at + 2) % 5] = -1;
                rows.push(two);
            }
        }
        for row in rows {
            let pairs = Cause::iter().zip(row);
            assert_eq!(Breakdown::new(row), Breakdown::from_pairs(pairs), "{row:?}");
        }
    }

    #[test]
    fn shares_of_equal_ratings_are_a_fifth_each() {
        let b = Breakdown::new([3, 3, 3, 3, 3]).unwrap();
        for method in AttributionMethod::iter() {
            for (_, share) in b.attribution_by(method).unwrap().iter() {
                assert_close(share, 0.2);
            }
        }
    }

    /// The misfire of the plain share: a pure process failure gave every other cause 7%, and
    /// all-1 and all-10 breakdowns gave identical shares.
    #[test]
    fn a_cause_rated_one_takes_no_share() {
        let pure = Breakdown::new([10, 1, 1, 1, 1])
            .unwrap()
            .attribution()
            .unwrap();
        assert_close(pure.share(Cause::Process), 1.0);
        for c in Cause::iter().skip(1) {
            assert_close(pure.share(c), 0.0);
        }
        let plain = Breakdown::new([10, 1, 1, 1, 1])
            .unwrap()
            .attribution_by(AttributionMethod::PlainShare)
            .unwrap();
        assert_close(plain.share(Cause::Rules), 1.0 / 14.0);
        assert!(Breakdown::new([1; 5]).unwrap().attribution().is_err());
        assert!(!Breakdown::new([1; 5]).unwrap().is_attributed());
        assert!(Breakdown::new([10; 5]).unwrap().attribution().is_ok());
    }

    #[test]
    fn ties_rank_people_last() {
        let b = Breakdown::new([5, 5, 5, 5, 5]).unwrap();
        let order: Vec<Cause> = b
            .attribution()
            .unwrap()
            .ranking()
            .iter()
            .map(|(c, _)| c)
            .collect();
        assert_eq!(order, Cause::iter().collect::<Vec<_>>());
    }

    #[test]
    fn product_on_top_advises_fixing_the_product_and_asks_what_service_can_do() {
        let a: Aggregate = [Breakdown::new([1, 1, 1, 9, 1]).unwrap()].iter().collect();
        let warnings: Vec<Warning> = a
            .evaluate(&TriagePolicy::default())
            .unwrap()
            .warnings()
            .collect();
        assert_eq!(warnings, [Warning::ProductDominates]);
        assert!(
            Warning::ProductDominates
                .message()
                .contains("service can still do")
        );
        assert!(
            Warning::ProductDominates
                .question()
                .contains("what would you train people to say")
        );
    }

    #[test]
    fn a_threshold_of_one_takes_every_cause_with_a_share() {
        let a: Aggregate = [Breakdown::new([8, 6, 2, 3, 1]).unwrap()].iter().collect();
        let all = TriagePolicy::default().try_with_vital_few(1.0).unwrap();
        // People is rated 1 and so has no share: the other four already reach 100%.
        assert_eq!(a.evaluate(&all).unwrap().vital_few().len(), 4);
        let plain = all.with_method(AttributionMethod::PlainShare);
        assert_eq!(a.evaluate(&plain).unwrap().vital_few().len(), 5);
    }

    #[test]
    fn vital_few_at_an_exact_boundary_does_not_take_an_extra_cause() {
        // Above the floor 5, 3, 1, 1, 0 over 10: 0.5 + 0.3 is 0.8 exactly on paper.
        let a: Aggregate = [Breakdown::new([6, 4, 2, 2, 1]).unwrap()].iter().collect();
        assert_eq!(
            a.evaluate(&TriagePolicy::default())
                .unwrap()
                .vital_few()
                .len(),
            2
        );
    }
}
