//! Service breakdowns: attribute each failure to its causes, and blame the system before the
//! person.
//!
//! When service breaks down the usual reflex is to blame whoever was serving, which tends to make
//! things worse. Most breakdowns start somewhere else. This model spreads each breakdown over five
//! causes, [`Cause::Process`], [`Cause::Rules`], [`Cause::Presentation`], [`Cause::Product`] and
//! [`Cause::People`], and tells you where to start fixing.
//!
//! # The exercise
//!
//! Take recent breakdowns and, for each, score from 1 to 10 how much each cause contributed.
//!
//! # Formulas
//!
//! For one breakdown with scores `x_c` (each in 1..=10):
//!
//! - the **share** of cause `c` is `x_c / Σ x`, so the five shares sum to 1.
//!
//! For a set of breakdowns `i`, each with a severity weight `w_i` (1 when none is given):
//!
//! - the **aggregated share** of `c` is `Σ_i w_i · share_ic / Σ_i w_i`: the mean share, weighted
//!   by severity; the aggregated shares also sum to 1;
//! - the **ranking** orders causes by aggregated share, largest first; ties keep the order
//!   process, rules, presentation, product, people (people last, so a tie never points at staff);
//! - **where to start** is the top-ranked cause;
//! - the **vital few** is the shortest prefix of the ranking whose cumulative share reaches the
//!   threshold (80% by default, the Pareto rule); a cumulative share within 1e-12 of the
//!   threshold counts as reaching it, so rounding never adds a cause;
//! - a **people-on-top warning** is raised when People ranks first: check process, rules,
//!   presentation and product before blaming the person;
//! - **product-dominance advice** is raised when Product ranks first: better service cannot make
//!   up for a poor product for long; fix or replace the product rather than blame the staff.
//!
//! An [`Aggregate`] keeps only the count, the total weight and the weighted share sums, so it can
//! be built one breakdown at a time, merged with another aggregate (the merge of two disjoint sets
//! is the aggregate of their union), serialised and stored as a running total per team or month.
//!
//! # Examples
//!
//! ```
//! use service_quality::breakdown::{Aggregate, Breakdown, Cause};
//!
//! // Scores in the order process, rules, presentation, product, people.
//! let recent = [
//!     Breakdown::new([8, 6, 2, 3, 1])?.with_description("refund needed three approvals"),
//!     Breakdown::new([2, 2, 2, 9, 5])?.with_description("new card reader kept failing"),
//!     Breakdown::new([5, 1, 1, 2, 1])?.with_description("delivery slot booked twice"),
//! ];
//! let aggregate: Aggregate = recent.iter().collect();
//! let triage = aggregate.triage()?;
//!
//! assert_eq!(triage.where_to_start(), Cause::Process);
//! assert_eq!(triage.vital_few().len(), 4);
//! assert!((aggregate.share(Cause::Process)? - 1.0 / 3.0).abs() < 1e-12);
//! # Ok::<(), service_quality::Error>(())
//! ```

use enum_map::EnumMap;

use crate::error::{non_negative, positive};
use crate::macros::named_enum;
use crate::{Dimension, Error, Policy, Ratings, Result, Scale};

named_enum! {
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
    #[derive(enum_map::Enum)]
    pub enum Cause as "breakdown cause",
        expecting "one of: process, rules, presentation, product, people"
    {
        /// The steps, hand-offs and queues by which the service is delivered.
        Process,
        /// The policies, regulations and procedures staff are bound by.
        Rules,
        /// What the customer sees and reads: signs, forms, the website, letters and their tone.
        Presentation,
        /// The thing being sold or supplied.
        Product,
        /// The conduct, skill and attitude of the individuals involved.
        People,
    }
}

impl Cause {
    /// The question to ask about a breakdown to score this cause.
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

impl Dimension for Cause {
    const KIND: &'static str = "breakdown cause";

    fn name(self) -> &'static str {
        match self {
            Cause::Process => "Process",
            Cause::Rules => "Rules",
            Cause::Presentation => "Presentation",
            Cause::Product => "Product",
            Cause::People => "People",
        }
    }

    fn description(self) -> &'static str {
        match self {
            Cause::Process => {
                "How the work is organised: the steps, hand-offs and queues between a customer's \
                 request and its fulfilment."
            }
            Cause::Rules => {
                "The policies, regulations and procedures that govern what staff may do."
            }
            Cause::Presentation => {
                "How the service presents itself: signage, forms, the website, letters, and the \
                 expectations they set."
            }
            Cause::Product => "The product or service itself, and whether it does what it should.",
            Cause::People => "The individuals who served the customer: their conduct and skill.",
        }
    }

    /// Breakdown scores run from 1 to 10.
    fn default_policy() -> Policy<Self> {
        Policy::new(Scale::ONE_TO_TEN)
    }
}

/// How much a breakdown counts in an aggregate: a finite, positive weight, 1 by default.
///
/// # Examples
///
/// ```
/// use service_quality::breakdown::Severity;
///
/// assert_eq!(Severity::new(2.5)?.get(), 2.5);
/// assert_eq!(
///     Severity::new(0.0).unwrap_err().to_string(),
///     "severity is 0, expected a finite value > 0"
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

    /// Creates a severity weight.
    ///
    /// # Errors
    ///
    /// [`Error::ValueOutOfRange`] unless `value` is finite and greater than zero.
    ///
    /// ```
    /// use service_quality::breakdown::Severity;
    ///
    /// assert!(Severity::new(0.1).is_ok());
    /// assert!(Severity::new(f64::NAN).is_err());
    /// ```
    pub fn new(value: f64) -> Result<Self> {
        positive("severity", value).map(Severity)
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

/// One service breakdown, scored 1 to 10 on each of the five causes.
///
/// # Examples
///
/// ```
/// use service_quality::breakdown::{Breakdown, Cause};
///
/// let b = Breakdown::new([8, 6, 2, 3, 1])?
///     .with_description("refund needed three approvals")
///     .with_period("2026-11")
///     .with_severity(2.0)?;
/// assert_eq!(b.score(Cause::Process), 8);
/// assert_eq!(b.attribution().share(Cause::Process), 0.4);
/// assert_eq!(b.weight(), 2.0);
///
/// assert_eq!(
///     Breakdown::new([8, 6, 11, 3, 1]).unwrap_err().to_string(),
///     "rating for 'presentation' is 11, expected a value in 1..=10"
/// );
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Breakdown {
    scores: Ratings<Cause>,
    description: Option<String>,
    period: Option<String>,
    severity: Option<Severity>,
}

impl Breakdown {
    /// A breakdown from its five scores, in the order process, rules, presentation, product,
    /// people.
    ///
    /// # Errors
    ///
    /// [`Error::RatingOutOfRange`] naming the first cause whose score is outside 1..=10.
    ///
    /// ```
    /// use service_quality::breakdown::Breakdown;
    ///
    /// assert!(Breakdown::new([1, 1, 1, 1, 10]).is_ok());
    /// assert!(Breakdown::new([0, 1, 1, 1, 10]).is_err());
    /// ```
    pub fn new(scores: [i32; 5]) -> Result<Self> {
        Ratings::from_array(Scale::ONE_TO_TEN, scores).map(Self::from_scores)
    }

    /// A breakdown from `(cause, score)` pairs in any order, each cause exactly once.
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
    /// assert_eq!(b.score(Product), 9);
    /// assert!(Breakdown::from_pairs([(People, 2)]).is_err());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn from_pairs(pairs: impl IntoIterator<Item = (Cause, i64)>) -> Result<Self> {
        Ratings::from_pairs(Scale::ONE_TO_TEN, pairs).map(Self::from_scores)
    }

    fn from_scores(scores: Ratings<Cause>) -> Self {
        Breakdown {
            scores,
            description: None,
            period: None,
            severity: None,
        }
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

    /// Adds a severity weight.
    ///
    /// # Errors
    ///
    /// [`Error::ValueOutOfRange`] unless `severity` is finite and positive.
    ///
    /// ```
    /// use service_quality::breakdown::Breakdown;
    ///
    /// let b = Breakdown::new([5, 5, 5, 5, 5])?;
    /// assert!(b.clone().with_severity(3.0).is_ok());
    /// assert!(b.with_severity(-1.0).is_err());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn with_severity(self, severity: f64) -> Result<Self> {
        Ok(Breakdown {
            severity: Some(Severity::new(severity)?),
            ..self
        })
    }

    /// The score (1 to 10) given to one cause.
    pub fn score(&self, cause: Cause) -> i32 {
        // Breakdowns are built from a score for every cause; none is N/A.
        self.scores.value(cause).unwrap_or(1)
    }

    /// The five scores.
    pub const fn scores(&self) -> &Ratings<Cause> {
        &self.scores
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

    /// Each cause's share of this breakdown: its score over the sum of the five.
    pub fn attribution(&self) -> Attribution {
        let total: i64 = <Cause as strum::IntoEnumIterator>::iter()
            .map(|c| i64::from(self.score(c)))
            .sum();
        // Every score is at least 1, so the total is at least 5.
        let total = total as f64;
        Attribution {
            shares: EnumMap::from_fn(|c| f64::from(self.score(c)) / total),
        }
    }
}

/// Each cause's share of one breakdown or of an aggregate; the shares sum to 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Attribution {
    shares: EnumMap<Cause, f64>,
}

impl Attribution {
    /// One cause's share, in 0..=1.
    pub fn share(&self, cause: Cause) -> f64 {
        self.shares[cause]
    }

    /// Every cause with its share, in declaration order.
    pub fn iter(&self) -> impl Iterator<Item = (Cause, f64)> + '_ {
        self.shares.iter().map(|(c, &s)| (c, s))
    }

    /// The causes ordered by share, largest first, ties in declaration order.
    pub fn ranking(&self) -> Ranking {
        let mut entries: [(Cause, f64); 5] = [
            (Cause::Process, 0.0),
            (Cause::Rules, 0.0),
            (Cause::Presentation, 0.0),
            (Cause::Product, 0.0),
            (Cause::People, 0.0),
        ];
        for entry in &mut entries {
            entry.1 = self.shares[entry.0];
        }
        // A stable sort keeps tied causes in declaration order.
        entries.sort_by(|a, b| b.1.total_cmp(&a.1));
        Ranking { entries }
    }
}

/// The five causes ordered by share, largest first.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ranking {
    entries: [(Cause, f64); 5],
}

impl Ranking {
    /// The top-ranked cause.
    pub const fn top(&self) -> Cause {
        self.entries[0].0
    }

    /// Every cause with its share, best first.
    pub fn iter(&self) -> impl Iterator<Item = (Cause, f64)> + '_ {
        self.entries.iter().copied()
    }

    /// Every cause with its share and the cumulative share up to and including it.
    pub fn cumulative(&self) -> impl Iterator<Item = (Cause, f64, f64)> + '_ {
        self.entries.iter().scan(0.0, |running, &(cause, share)| {
            *running += share;
            Some((cause, share, *running))
        })
    }

    /// The shortest prefix whose cumulative share reaches `threshold` (see the module docs).
    fn vital_few_len(&self, threshold: f64) -> usize {
        self.cumulative()
            .position(|(_, _, cumulative)| cumulative + 1e-12 >= threshold)
            .map_or(self.entries.len(), |i| i + 1)
    }
}

named_enum! {
    /// A warning or piece of advice that a triage raises.
    #[non_exhaustive]
    pub enum Warning as "breakdown warning",
        expecting "one of: people_on_top, product_dominates"
    {
        /// People ranked first: look at the system before blaming the person.
        PeopleOnTop,
        /// Product ranked first: service cannot make up for a poor product for long.
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
                 responsible for it."
            }
        }
    }
}

/// Where to start fixing, from an [`Aggregate`]: the ranking, the vital few and any warnings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Triage {
    ranking: Ranking,
    vital_few: usize,
    threshold: f64,
}

impl Triage {
    /// The causes by aggregated share, largest first.
    pub const fn ranking(&self) -> &Ranking {
        &self.ranking
    }

    /// The top-ranked cause: where to start.
    pub const fn where_to_start(&self) -> Cause {
        self.ranking.top()
    }

    /// The shortest run of top causes whose cumulative share reaches the threshold.
    pub fn vital_few(&self) -> &[(Cause, f64)] {
        self.ranking.entries.get(..self.vital_few).unwrap_or(&[])
    }

    /// The cumulative-share threshold used for the vital few.
    pub const fn threshold(&self) -> f64 {
        self.threshold
    }

    /// The warnings that apply, in declaration order.
    pub fn warnings(&self) -> impl Iterator<Item = Warning> + '_ {
        let top = self.where_to_start();
        [
            (top == Cause::People).then_some(Warning::PeopleOnTop),
            (top == Cause::Product).then_some(Warning::ProductDominates),
        ]
        .into_iter()
        .flatten()
    }
}

/// The default vital-few threshold: 80% of the total share, the Pareto rule.
pub const VITAL_FEW_THRESHOLD: f64 = 0.8;

/// A running, mergeable summary of many breakdowns.
///
/// It holds the number of breakdowns, the total severity weight and, per cause, the sum of
/// weight × share. Its size does not depend on how many breakdowns went in.
///
/// # Examples
///
/// ```
/// use service_quality::breakdown::{Aggregate, Breakdown, Cause};
///
/// let mut north = Aggregate::new();
/// north.add(&Breakdown::new([8, 6, 2, 3, 1])?);
/// let mut south = Aggregate::new();
/// south.add(&Breakdown::new([2, 2, 2, 9, 5])?);
///
/// let mut both = north.clone();
/// both.merge(&south);
/// assert_eq!(both.count(), 2);
/// assert_eq!(both.triage()?.where_to_start(), Cause::Product);
///
/// assert_eq!(
///     Aggregate::new().triage().unwrap_err().to_string(),
///     "breakdown aggregate is empty, expected at least one breakdown"
/// );
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Aggregate {
    count: u64,
    total_weight: f64,
    weighted_shares: EnumMap<Cause, f64>,
}

impl Aggregate {
    /// An aggregate of no breakdowns.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one breakdown.
    pub fn add(&mut self, breakdown: &Breakdown) {
        let weight = breakdown.weight();
        let attribution = breakdown.attribution();
        self.count = self.count.saturating_add(1);
        self.total_weight += weight;
        for (cause, share) in attribution.iter() {
            self.weighted_shares[cause] += weight * share;
        }
    }

    /// Adds everything in `other`, as if its breakdowns had been added here.
    pub fn merge(&mut self, other: &Aggregate) {
        self.count = self.count.saturating_add(other.count);
        self.total_weight += other.total_weight;
        for (cause, sum) in other.weighted_shares.iter() {
            self.weighted_shares[cause] += sum;
        }
    }

    /// How many breakdowns went in.
    pub const fn count(&self) -> u64 {
        self.count
    }

    /// The sum of their weights (the count, when no severities were given).
    pub const fn total_weight(&self) -> f64 {
        self.total_weight
    }

    /// Whether no breakdown went in.
    pub const fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Each cause's aggregated share: the severity-weighted mean of its per-breakdown shares.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] when no breakdown went in.
    ///
    /// ```
    /// use service_quality::breakdown::{Aggregate, Breakdown, Cause};
    ///
    /// let a: Aggregate = [Breakdown::new([1, 1, 1, 1, 1])?].iter().collect();
    /// assert_eq!(a.attribution()?.share(Cause::People), 0.2);
    /// assert!(Aggregate::new().attribution().is_err());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn attribution(&self) -> Result<Attribution> {
        if self.is_empty() {
            return Err(Error::Empty {
                what: "breakdown aggregate",
                item: "breakdown",
            });
        }
        let total = self.total_weight;
        // Each sum is at most the total weight, so each share is in 0..=1 on paper; the clamp
        // only absorbs last-bit rounding from long summations.
        Ok(Attribution {
            shares: EnumMap::from_fn(|c| (self.weighted_shares[c] / total).clamp(0.0, 1.0)),
        })
    }

    /// One cause's aggregated share.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] when no breakdown went in.
    ///
    /// ```
    /// use service_quality::breakdown::{Aggregate, Breakdown, Cause};
    ///
    /// let a: Aggregate = [Breakdown::new([2, 2, 2, 2, 2])?].iter().collect();
    /// assert_eq!(a.share(Cause::Rules)?, 0.2);
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn share(&self, cause: Cause) -> Result<f64> {
        self.attribution().map(|a| a.share(cause))
    }

    /// The causes ordered by aggregated share, largest first, ties in declaration order.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] when no breakdown went in: an empty aggregate has nothing to rank.
    ///
    /// ```
    /// use service_quality::breakdown::{Aggregate, Breakdown, Cause};
    ///
    /// let a: Aggregate = [Breakdown::new([2, 2, 2, 9, 5])?].iter().collect();
    /// assert_eq!(a.ranking()?.top(), Cause::Product);
    /// assert!(Aggregate::new().ranking().is_err());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn ranking(&self) -> Result<Ranking> {
        self.attribution().map(|a| a.ranking())
    }

    /// The ranking, vital few (at [`VITAL_FEW_THRESHOLD`]) and warnings.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] when no breakdown went in.
    ///
    /// ```
    /// use service_quality::breakdown::{Aggregate, Breakdown, Cause, Warning};
    ///
    /// let a: Aggregate = [Breakdown::new([1, 1, 1, 2, 9])?].iter().collect();
    /// let t = a.triage()?;
    /// assert_eq!(t.where_to_start(), Cause::People);
    /// assert_eq!(t.warnings().collect::<Vec<_>>(), [Warning::PeopleOnTop]);
    /// assert!(Aggregate::new().triage().is_err());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn triage(&self) -> Result<Triage> {
        self.triage_with(VITAL_FEW_THRESHOLD)
    }

    /// Like [`triage`](Self::triage) with another vital-few threshold, a fraction in (0, 1].
    ///
    /// # Errors
    ///
    /// [`Error::ValueOutOfRange`] for a threshold outside (0, 1], and [`Error::Empty`] when no
    /// breakdown went in.
    ///
    /// ```
    /// use service_quality::breakdown::{Aggregate, Breakdown};
    ///
    /// let a: Aggregate = [Breakdown::new([8, 6, 2, 3, 1])?].iter().collect();
    /// assert_eq!(a.triage_with(0.5)?.vital_few().len(), 2);
    /// assert_eq!(
    ///     a.triage_with(1.5).unwrap_err().to_string(),
    ///     "vital_few_threshold is 1.5, expected a finite value in (0, 1]"
    /// );
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn triage_with(&self, threshold: f64) -> Result<Triage> {
        if !(threshold > 0.0 && threshold <= 1.0) {
            return Err(Error::ValueOutOfRange {
                field: "vital_few_threshold",
                value: threshold,
                expected: "a finite value in (0, 1]",
            });
        }
        let ranking = self.ranking()?;
        Ok(Triage {
            vital_few: ranking.vital_few_len(threshold),
            ranking,
            threshold,
        })
    }

    /// Rebuilds an aggregate from stored totals, checking that valid breakdowns could have
    /// produced them.
    ///
    /// The rules: the total weight and every sum are finite and non-negative; no breakdowns
    /// means a zero total weight and zero sums; otherwise the total weight is positive and the
    /// five sums add up to it (within a relative 1e-9, for rounding).
    ///
    /// # Errors
    ///
    /// [`Error::ValueOutOfRange`] for a negative or non-finite number, [`Error::Inconsistent`]
    /// for totals that do not fit together.
    ///
    /// ```
    /// use service_quality::breakdown::{Aggregate, Breakdown};
    ///
    /// let a: Aggregate = [Breakdown::new([8, 6, 2, 3, 1])?].iter().collect();
    /// let sums = [0.4, 0.3, 0.1, 0.15, 0.05];
    /// assert_eq!(Aggregate::from_totals(1, 1.0, sums)?, a);
    /// assert!(Aggregate::from_totals(1, 2.0, sums).is_err());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn from_totals(count: u64, total_weight: f64, weighted_shares: [f64; 5]) -> Result<Self> {
        let total_weight = non_negative("total_weight", total_weight)?;
        let shares = EnumMap::<Cause, f64>::from_array(weighted_shares);
        let weighted_shares =
            EnumMap::try_from_fn(|c: Cause| non_negative("weighted share", shares[c]))?;
        let sum: f64 = weighted_shares.values().sum();

        if count == 0 && (total_weight != 0.0 || sum != 0.0) {
            return Err(Error::Inconsistent {
                field: "total_weight",
                value: total_weight,
                expected: "0 with no breakdowns".to_owned(),
            });
        }
        if count > 0 {
            if total_weight == 0.0 {
                return Err(Error::Inconsistent {
                    field: "total_weight",
                    value: total_weight,
                    expected: format!("a positive weight for {count} breakdowns"),
                });
            }
            if (sum - total_weight).abs() > 1e-9 * total_weight {
                return Err(Error::Inconsistent {
                    field: "sum of weighted shares",
                    value: sum,
                    expected: format!("the total weight, {total_weight}"),
                });
            }
        }
        Ok(Aggregate {
            count,
            total_weight,
            weighted_shares,
        })
    }
}

impl<'a> Extend<&'a Breakdown> for Aggregate {
    fn extend<I: IntoIterator<Item = &'a Breakdown>>(&mut self, iter: I) {
        for breakdown in iter {
            self.add(breakdown);
        }
    }
}

impl<'a> FromIterator<&'a Breakdown> for Aggregate {
    fn from_iter<I: IntoIterator<Item = &'a Breakdown>>(iter: I) -> Self {
        let mut aggregate = Aggregate::new();
        aggregate.extend(iter);
        aggregate
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
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Comparison {
    earlier: Attribution,
    later: Attribution,
}

impl Comparison {
    /// Changes smaller than this (in share, 0..=1) count as no change, so rounding noise is not
    /// reported as growth.
    pub const TOLERANCE: f64 = 1e-9;

    /// Compares two periods' aggregates.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] when either period has no breakdowns.
    ///
    /// ```
    /// use service_quality::breakdown::{Aggregate, Breakdown, Comparison};
    ///
    /// let some: Aggregate = [Breakdown::new([1, 2, 3, 4, 5])?].iter().collect();
    /// assert!(Comparison::between(&some, &Aggregate::new()).is_err());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn between(earlier: &Aggregate, later: &Aggregate) -> Result<Self> {
        Ok(Comparison {
            earlier: earlier.attribution()?,
            later: later.attribution()?,
        })
    }

    /// One cause's change in share, later minus earlier.
    pub fn change(&self, cause: Cause) -> f64 {
        self.later.share(cause) - self.earlier.share(cause)
    }

    /// Every cause with its earlier share, later share and change, in declaration order.
    pub fn iter(&self) -> impl Iterator<Item = (Cause, f64, f64, f64)> + '_ {
        self.earlier
            .iter()
            .map(|(c, before)| (c, before, self.later.share(c), self.change(c)))
    }

    /// The causes whose share grew, largest growth first (ties in declaration order).
    pub fn grew(&self) -> impl Iterator<Item = (Cause, f64)> + '_ {
        self.moved(true)
    }

    /// The causes whose share shrank, largest fall first (ties in declaration order).
    pub fn shrank(&self) -> impl Iterator<Item = (Cause, f64)> + '_ {
        self.moved(false)
    }

    /// The causes that moved up (or down) by more than the tolerance, biggest move first.
    fn moved(&self, up: bool) -> impl Iterator<Item = (Cause, f64)> + use<> {
        // Growth as a positive number when looking up, falls as a positive number when down.
        let sign = if up { 1.0 } else { -1.0 };
        let mut moves: [Option<(Cause, f64)>; 5] = [None; 5];
        for (slot, (cause, _, _, change)) in moves.iter_mut().zip(self.iter()) {
            *slot = (sign * change > Self::TOLERANCE).then_some((cause, change));
        }
        // Biggest move first, `None` last; the stable sort keeps ties in declaration order.
        moves.sort_by(|a, b| {
            let size = |m: &Option<(Cause, f64)>| m.map_or(f64::NEG_INFINITY, |(_, c)| sign * c);
            size(b).total_cmp(&size(a))
        });
        moves.into_iter().flatten()
    }
}

#[cfg(feature = "serde")]
mod serde_impls {
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::{Aggregate, Breakdown, Cause, Severity};
    use crate::Ratings;
    use crate::dimension::{NamedPairs, RatingValues, serialize_named};

    /// `{"scores": {"process": 8, ...}, "description": "...", "period": "2026-11",
    /// "severity": 2.0}`; the optional fields are left out when not given.
    impl Serialize for Breakdown {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            #[derive(Serialize)]
            struct Form<'a> {
                scores: RatingValues<'a, Cause>,
                #[serde(skip_serializing_if = "Option::is_none")]
                description: Option<&'a str>,
                #[serde(skip_serializing_if = "Option::is_none")]
                period: Option<&'a str>,
                #[serde(skip_serializing_if = "Option::is_none")]
                severity: Option<Severity>,
            }
            Form {
                scores: RatingValues(&self.scores),
                description: self.description(),
                period: self.period(),
                severity: self.severity,
            }
            .serialize(serializer)
        }
    }

    impl<'de> Deserialize<'de> for Breakdown {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct Form {
                scores: NamedPairs<Cause, i64>,
                #[serde(default)]
                description: Option<String>,
                #[serde(default)]
                period: Option<String>,
                #[serde(default)]
                severity: Option<Severity>,
            }
            let form = Form::deserialize(deserializer)?;
            let scores = Ratings::from_pairs(crate::Scale::ONE_TO_TEN, form.scores.0)
                .map_err(D::Error::custom)?;
            Ok(Breakdown {
                scores,
                description: form.description,
                period: form.period,
                severity: form.severity,
            })
        }
    }

    /// `{"count": 3, "total_weight": 3.0, "weighted_shares": {"process": 1.0, ...}}`
    impl Serialize for Aggregate {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            struct Shares<'a>(&'a Aggregate);
            impl Serialize for Shares<'_> {
                fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    serialize_named(s, self.0.weighted_shares.iter().map(|(c, &v)| (c, v)))
                }
            }
            #[derive(Serialize)]
            struct Form<'a> {
                count: u64,
                total_weight: f64,
                weighted_shares: Shares<'a>,
            }
            Form {
                count: self.count,
                total_weight: self.total_weight,
                weighted_shares: Shares(self),
            }
            .serialize(serializer)
        }
    }

    impl<'de> Deserialize<'de> for Aggregate {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct Form {
                count: u64,
                total_weight: f64,
                weighted_shares: NamedPairs<Cause, f64>,
            }
            let form = Form::deserialize(deserializer)?;
            let build = || {
                let sums =
                    crate::dimension::collect_pairs("weighted share", form.weighted_shares.0)?;
                Aggregate::from_totals(form.count, form.total_weight, sums.into_array())
            };
            build().map_err(D::Error::custom)
        }
    }
}

impl crate::Merge for Aggregate {
    fn merge(&mut self, other: &Self) {
        Aggregate::merge(self, other);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::assert_close;

    #[test]
    fn shares_of_equal_scores_are_a_fifth_each() {
        let b = Breakdown::new([3, 3, 3, 3, 3]).unwrap();
        for (_, share) in b.attribution().iter() {
            assert_close(share, 0.2);
        }
    }

    #[test]
    fn ties_rank_people_last() {
        let b = Breakdown::new([5, 5, 5, 5, 5]).unwrap();
        let order: Vec<Cause> = b.attribution().ranking().iter().map(|(c, _)| c).collect();
        assert_eq!(
            order,
            [
                Cause::Process,
                Cause::Rules,
                Cause::Presentation,
                Cause::Product,
                Cause::People
            ]
        );
    }

    #[test]
    fn product_on_top_advises_fixing_the_product() {
        let a: Aggregate = [Breakdown::new([1, 1, 1, 9, 1]).unwrap()].iter().collect();
        let warnings: Vec<Warning> = a.triage().unwrap().warnings().collect();
        assert_eq!(warnings, [Warning::ProductDominates]);
    }

    #[test]
    fn a_threshold_of_one_takes_every_cause() {
        let a: Aggregate = [Breakdown::new([8, 6, 2, 3, 1]).unwrap()].iter().collect();
        assert_eq!(a.triage_with(1.0).unwrap().vital_few().len(), 5);
    }

    #[test]
    fn vital_few_at_an_exact_boundary_does_not_take_an_extra_cause() {
        // Shares 0.5, 0.3, 0.1, 0.05, 0.05: 0.5 + 0.3 is 0.8 exactly on paper.
        let a: Aggregate = [Breakdown::new([10, 6, 2, 1, 1]).unwrap()].iter().collect();
        assert_eq!(a.triage().unwrap().vital_few().len(), 2);
    }

    #[test]
    fn thresholds_outside_zero_to_one_are_rejected() {
        let a: Aggregate = [Breakdown::new([1, 1, 1, 1, 1]).unwrap()].iter().collect();
        for bad in [0.0, -0.1, 1.01, f64::NAN, f64::INFINITY] {
            assert!(a.triage_with(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn from_totals_rejects_impossible_totals() {
        assert!(Aggregate::from_totals(0, 0.0, [0.0; 5]).is_ok());
        assert!(Aggregate::from_totals(0, 1.0, [0.2; 5]).is_err());
        assert!(Aggregate::from_totals(2, 0.0, [0.0; 5]).is_err());
        assert!(Aggregate::from_totals(1, 1.0, [0.2, 0.2, 0.2, 0.2, -0.2]).is_err());
        assert!(Aggregate::from_totals(1, f64::NAN, [0.2; 5]).is_err());
    }
}
