//! 360 reviews: how a person rates themselves beside how the people around them rate them.
//!
//! A [`Review`] holds one person's self-rating and the ratings of any number of
//! [`Observer`]s, each with a [`RaterRole`]. It works for any model: V.E.D. areas, management
//! functions, boss-versus-leader contrasts, PROUD principles. Its [`Report`] gives, per dimension
//! and overall, the observers' mean, the self–other **gap**, **blind spots** (the person rates
//! themselves clearly above how others see them) and **hidden strengths** (clearly below).
//!
//! # Anonymity
//!
//! Observers answer honestly only if they cannot be singled out, so the report keeps a promise:
//! **no score is revealed, directly or by subtraction, for fewer than
//! [`min_group_size`](ReviewPolicy::min_group_size) raters (3 by default).**
//!
//! - Individual observers' ratings never appear in a report, only group means.
//! - A role group with fewer raters than the minimum is [`Visibility::Withheld`]: its raters
//!   still count in the all-observers figures, but the group has no figures of its own.
//! - If the withheld groups hold some raters but fewer than the minimum, showing every other
//!   group and the all-observers mean would let anyone subtract their way to the withheld
//!   ratings. So the smallest shown groups are withheld too (ties: the later role in declaration
//!   order first) until the withheld raters number zero or at least the minimum.
//! - With fewer observers in total than the minimum, the all-observers figures, and so every
//!   gap, are withheld as well.
//!
//! [`Visibility::Withheld`] carries no data at all, so a withheld score cannot be read by
//! accident. A [`Review`] itself holds the raw ratings (it is what you store); show people the
//! [`Report`].
//!
//! # Formulas
//!
//! Every rating is normalised to 0–100 on its scale. A group's mean for a dimension is the mean
//! of its raters' normalised ratings; its overall score is the weighted mean of those means
//! (the policy's weights). The gap for a dimension is `self − all observers`, in points on the
//! 0–100 scale; it is a blind spot at or above the gap threshold (15 by default) and a hidden
//! strength at or below minus the threshold.
//!
//! # Examples
//!
//! ```
//! use service_quality::{Ratings, Scale};
//! use service_quality::leadership::Area;
//! use service_quality::review::{Observer, RaterRole, Review, ReviewPolicy, Visibility};
//!
//! let scale = Scale::ONE_TO_FIVE;
//! let me = Ratings::<Area>::from_array(scale, [5, 4, 4])?;
//! let observers = vec![
//!     Observer::new("r1", RaterRole::DirectReport, Ratings::from_array(scale, [3, 4, 4])?)?,
//!     Observer::new("r2", RaterRole::DirectReport, Ratings::from_array(scale, [2, 4, 5])?)?,
//!     Observer::new("r3", RaterRole::DirectReport, Ratings::from_array(scale, [3, 5, 4])?)?,
//!     Observer::new("boss", RaterRole::Manager, Ratings::from_array(scale, [3, 3, 4])?)?,
//! ];
//! let report = Review::new(me, observers)?.evaluate(&ReviewPolicy::default());
//!
//! // Vision: self 100, observers (50 + 25 + 50 + 50) / 4 = 43.75, a blind spot.
//! assert_eq!(report.gap(Area::Vision), Some(56.25));
//! assert_eq!(report.blind_spots().next().map(|(a, _)| a), Some(Area::Vision));
//!
//! // One manager cannot be shown alone, and three reports beside the all-observers mean would
//! // reveal the manager by subtraction, so both groups are withheld.
//! assert!(report.role(RaterRole::Manager).is_withheld());
//! assert!(report.role(RaterRole::DirectReport).is_withheld());
//! assert!(matches!(report.observers(), Visibility::Shown(g) if g.raters() == 4));
//! # Ok::<(), service_quality::Error>(())
//! ```

use core::fmt;
use core::str::FromStr;

use enum_map::EnumMap;

use crate::scoring::kernel;
use crate::scoring::macros::named_enum;
use crate::scoring::scorecard::weakest_first;
use crate::scoring::{Dimension, Error, Ratings, Result, Score, Weights};

named_enum! {
    /// The relationship of an observer to the person reviewed.
    #[derive(enum_map::Enum)]
    #[non_exhaustive]
    pub enum RaterRole as "rater role",
        expecting "one of: manager, peer, direct_report, customer, other"
    {
        /// The person's own manager.
        Manager,
        /// A colleague at the same level.
        Peer,
        /// Someone who reports to the person.
        DirectReport,
        /// A customer, internal or external.
        Customer,
        /// Anyone else.
        Other,
    }
}

impl RaterRole {
    /// The role in plain words, for people.
    pub const fn name(self) -> &'static str {
        match self {
            RaterRole::Manager => "manager",
            RaterRole::Peer => "peer",
            RaterRole::DirectReport => "direct report",
            RaterRole::Customer => "customer",
            RaterRole::Other => "other",
        }
    }
}

/// An identifier for a rater, unique within a review: non-empty once surrounding white space is
/// trimmed.
///
/// # Examples
///
/// ```
/// use service_quality::review::RaterId;
///
/// assert_eq!(RaterId::new(" rater-17 ")?.as_str(), "rater-17");
/// assert_eq!(RaterId::new("  ").unwrap_err().to_string(), "rater id is empty, expected some text");
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "String", into = "String")
)]
pub struct RaterId(String);

impl RaterId {
    /// Creates an id from text, trimming surrounding white space.
    ///
    /// # Errors
    ///
    /// [`Error::EmptyText`] when nothing is left after trimming.
    ///
    /// ```
    /// use service_quality::review::RaterId;
    ///
    /// assert!(RaterId::new("a").is_ok());
    /// assert!(RaterId::new("").is_err());
    /// ```
    pub fn new(id: impl Into<String>) -> Result<Self> {
        let id = id.into();
        let trimmed = id.trim();
        if trimmed.is_empty() {
            Err(Error::EmptyText { field: "rater id" })
        } else if trimmed.len() == id.len() {
            Ok(RaterId(id))
        } else {
            Ok(RaterId(trimmed.to_owned()))
        }
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RaterId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for RaterId {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        RaterId::new(s)
    }
}

impl TryFrom<String> for RaterId {
    type Error = Error;

    fn try_from(s: String) -> Result<Self> {
        RaterId::new(s)
    }
}

impl From<RaterId> for String {
    fn from(id: RaterId) -> String {
        id.0
    }
}

/// One observer in a review: who they are, how they relate to the person, and their ratings.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(deny_unknown_fields, bound = "D: Dimension")
)]
pub struct Observer<D: Dimension> {
    id: RaterId,
    role: RaterRole,
    ratings: Ratings<D>,
}

impl<D: Dimension> Observer<D> {
    /// An observer with the given id, role and ratings.
    ///
    /// # Errors
    ///
    /// [`Error::EmptyText`] when `id` is empty after trimming.
    ///
    /// ```
    /// use service_quality::{Ratings, Scale};
    /// use service_quality::leadership::Area;
    /// use service_quality::review::{Observer, RaterRole};
    ///
    /// let ratings = Ratings::<Area>::from_array(Scale::ONE_TO_FIVE, [3, 4, 4])?;
    /// assert!(Observer::new("peer-1", RaterRole::Peer, ratings).is_ok());
    /// assert!(Observer::new("", RaterRole::Peer, ratings).is_err());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn new(id: impl Into<String>, role: RaterRole, ratings: Ratings<D>) -> Result<Self> {
        Ok(Observer {
            id: RaterId::new(id)?,
            role,
            ratings,
        })
    }

    /// The observer's id.
    pub fn id(&self) -> &RaterId {
        &self.id
    }

    /// The observer's role.
    pub const fn role(&self) -> RaterRole {
        self.role
    }
}

/// One person's 360 review: a self-rating and at least one observer, all on one scale, with
/// unique rater ids.
///
/// The review holds raw ratings so that it can be stored and reported again under another
/// policy. It deliberately offers no way to read an observer's ratings back: reports go through
/// [`Review::evaluate`], which applies the anonymity rules.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Review<D: Dimension> {
    self_rating: Ratings<D>,
    observers: Vec<Observer<D>>,
    // Derived in `new`, which rejects N/A: every rating normalised to 0–100, the self-rating's
    // and then each observer's in order.
    self_scores: EnumMap<D, Score>,
    observer_scores: Vec<EnumMap<D, Score>>,
}

impl<D: Dimension> Review<D> {
    /// A review of one person.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] with no observers, [`Error::Duplicate`] when two observers share an
    /// id, [`Error::ScaleMismatch`] when an observer's ratings are not on the self-rating's
    /// scale, and [`Error::InvalidAnswer`] when any rating is N/A: a role group's mean for one
    /// dimension could then rest on fewer raters than the anonymity minimum.
    ///
    /// ```
    /// use service_quality::{Ratings, Scale};
    /// use service_quality::leadership::Area;
    /// use service_quality::review::{Observer, RaterRole, Review};
    ///
    /// let me = Ratings::<Area>::from_array(Scale::ONE_TO_FIVE, [4, 4, 4])?;
    /// assert_eq!(
    ///     Review::new(me, vec![]).unwrap_err().to_string(),
    ///     "review is empty, expected at least one observer"
    /// );
    /// let a = Observer::new("a", RaterRole::Peer, me)?;
    /// assert_eq!(
    ///     Review::new(me, vec![a.clone(), a]).unwrap_err().to_string(),
    ///     "duplicate rater id 'a'"
    /// );
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn new(self_rating: Ratings<D>, observers: Vec<Observer<D>>) -> Result<Self> {
        if observers.is_empty() {
            return Err(Error::Empty {
                what: "review",
                item: "observer",
            });
        }
        let mut ids: Vec<&RaterId> = observers.iter().map(|o| &o.id).collect();
        ids.sort_unstable();
        if let Some(id) = ids.windows(2).find_map(|pair| match pair {
            [a, b] if a == b => Some(a),
            _ => None,
        }) {
            return Err(Error::Duplicate {
                what: "rater id",
                key: id.to_string(),
            });
        }
        let self_scores = complete_scores(&self_rating)?;
        let observer_scores = observers
            .iter()
            .map(|o| complete_scores(&o.ratings))
            .collect::<Result<Vec<_>>>()?;
        if let Some(o) = observers
            .iter()
            .find(|o| o.ratings.scale() != self_rating.scale())
        {
            return Err(Error::ScaleMismatch {
                field: "observer ratings",
                found: o.ratings.scale(),
                expected: self_rating.scale(),
            });
        }
        Ok(Review {
            self_rating,
            observers,
            self_scores,
            observer_scores,
        })
    }

    /// The person's own ratings.
    pub const fn self_rating(&self) -> &Ratings<D> {
        &self.self_rating
    }

    /// How many observers rated the person.
    pub fn observer_count(&self) -> usize {
        self.observers.len()
    }

    /// Who rated the person, without their ratings.
    pub fn raters(&self) -> impl Iterator<Item = (&RaterId, RaterRole)> + '_ {
        self.observers.iter().map(|o| (&o.id, o.role))
    }

    /// The report, with the policy's weights, gap threshold and anonymity minimum.
    ///
    /// ```
    /// use service_quality::{Ratings, Scale};
    /// use service_quality::leadership::Area;
    /// use service_quality::review::{Observer, RaterRole, Review, ReviewPolicy};
    ///
    /// let r = |v| Ratings::<Area>::from_array(Scale::ONE_TO_FIVE, v);
    /// let review = Review::new(r([3, 3, 3])?, vec![
    ///     Observer::new("a", RaterRole::Peer, r([3, 3, 3])?)?,
    /// ])?;
    /// // One observer is below the minimum of three: no observer figures, so no gaps.
    /// let report = review.evaluate(&ReviewPolicy::default());
    /// assert!(report.observers().is_withheld());
    /// assert_eq!(report.gap(Area::Vision), None);
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn evaluate(&self, policy: &ReviewPolicy<D>) -> Report<D> {
        let weights = policy.weights;
        let self_scores = self.self_scores;
        let self_overall = kernel::complete_mean(&weights, |d| self_scores[d]);

        // Sums of normalised ratings per role and in total, in one pass over the observers.
        let mut counts = EnumMap::<RaterRole, usize>::default();
        let mut sums =
            EnumMap::<RaterRole, EnumMap<D, f64>>::from_fn(|_| EnumMap::from_fn(|_| 0.0));
        for (o, scores) in self.observers.iter().zip(&self.observer_scores) {
            counts[o.role] += 1;
            for (d, total) in sums[o.role].iter_mut() {
                *total += scores[d].get();
            }
        }

        let shown = visible_roles(&counts, policy.min_group_size);
        let group = |n: usize, total: &dyn Fn(D) -> f64| -> GroupSummary<D> {
            // n > 0 here: only groups that meet a minimum of at least 1 are summarised.
            let means = EnumMap::from_fn(|d| Score::within(total(d) / n as f64, 0.0, 100.0));
            GroupSummary {
                raters: n,
                means,
                overall: kernel::complete_mean(&weights, |d| means[d]),
                weights,
            }
        };

        let mut roles =
            EnumMap::<RaterRole, Visibility<GroupSummary<D>>>::from_fn(|_| Visibility::Withheld);
        for (role, view) in roles.iter_mut() {
            if shown[role] {
                *view = Visibility::Shown(group(counts[role], &|d| sums[role][d]));
            }
        }
        let total: usize = counts.values().sum();
        let observers = if total >= policy.min_group_size {
            Visibility::Shown(group(total, &|d| sums.values().map(|s| s[d]).sum()))
        } else {
            Visibility::Withheld
        };

        Report {
            self_scores,
            self_overall,
            observers,
            roles,
            gap_threshold: policy.gap_threshold,
            weights,
        }
    }
}

/// Every rating normalised to 0–100, or the error for the first N/A: a role group's mean for
/// one dimension could otherwise rest on fewer raters than the anonymity minimum.
fn complete_scores<D: Dimension>(ratings: &Ratings<D>) -> Result<EnumMap<D, Score>> {
    EnumMap::try_from_fn(|d: D| {
        ratings.normalised(d).ok_or_else(|| Error::InvalidAnswer {
            item: d.key().to_owned(),
            value: "n/a".to_owned(),
            expected: "a rating (a 360 review needs every dimension rated)".to_owned(),
        })
    })
}

/// Which role groups may be shown without exposing fewer than `min` raters (see the module
/// docs): groups under the minimum are withheld, then the smallest shown groups follow them
/// until the withheld raters number zero or at least `min`.
fn visible_roles(counts: &EnumMap<RaterRole, usize>, min: usize) -> EnumMap<RaterRole, bool> {
    let mut shown = EnumMap::from_fn(|role| counts[role] > 0 && counts[role] >= min);
    let mut withheld: usize = counts
        .iter()
        .filter(|&(role, _)| !shown[role])
        .map(|(_, &n)| n)
        .sum();
    while withheld > 0 && withheld < min {
        // The smallest shown group; among equals the one declared last.
        let smallest = shown
            .iter()
            .filter(|&(_, &s)| s)
            .map(|(role, _)| role)
            .min_by_key(|&role| (counts[role], core::cmp::Reverse(role as usize)));
        match smallest {
            Some(role) => {
                shown[role] = false;
                withheld += counts[role];
            }
            None => break,
        }
    }
    shown
}

/// Whether a group's figures may be shown. A withheld group carries no data.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(tag = "visibility", rename_all = "snake_case")
)]
pub enum Visibility<T> {
    /// The group is large enough to show.
    Shown(T),
    /// The group is too small to show without exposing individual raters.
    Withheld,
}

impl<T> Visibility<T> {
    /// The shown value, if any.
    pub const fn shown(&self) -> Option<&T> {
        match self {
            Visibility::Shown(t) => Some(t),
            Visibility::Withheld => None,
        }
    }

    /// Whether the value is withheld.
    pub const fn is_withheld(&self) -> bool {
        matches!(self, Visibility::Withheld)
    }
}

/// A group of observers' mean scores.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GroupSummary<D: Dimension> {
    raters: usize,
    means: EnumMap<D, Score>,
    overall: Score,
    weights: Weights<D>,
}

impl<D: Dimension> GroupSummary<D> {
    /// How many raters the group holds (always at least the anonymity minimum).
    pub const fn raters(&self) -> usize {
        self.raters
    }

    /// The group's mean score for one dimension.
    pub fn mean(&self, dimension: D) -> Score {
        self.means[dimension]
    }

    /// Every dimension with the group's mean, in declaration order.
    pub fn means(&self) -> impl Iterator<Item = (D, Score)> + '_ {
        D::iter().map(|d| (d, self.means[d]))
    }

    /// The weighted mean of the group's means: its overall index.
    pub const fn overall(&self) -> Score {
        self.overall
    }

    /// The counted dimensions from the group's lowest mean to its highest.
    pub fn weakest_first(&self) -> impl Iterator<Item = (D, Score)> + use<D> {
        let (weights, means) = (self.weights, self.means);
        weakest_first(EnumMap::from_fn(|d| {
            (weights.get(d) > 0.0).then_some(means[d])
        }))
    }
}

#[cfg(feature = "serde")]
impl<D: Dimension> serde::Serialize for GroupSummary<D> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        struct Means<'a, D: Dimension>(&'a GroupSummary<D>);
        impl<D: Dimension> serde::Serialize for Means<'_, D> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                crate::scoring::dimension::serialize_named(s, self.0.means())
            }
        }
        let mut state = serializer.serialize_struct("GroupSummary", 3)?;
        state.serialize_field("raters", &self.raters)?;
        state.serialize_field("means", &Means(self))?;
        state.serialize_field("overall", &self.overall)?;
        state.end()
    }
}

/// What a 360 review shows: self scores, observer groups that pass the anonymity rules, and
/// the gaps between them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Report<D: Dimension> {
    self_scores: EnumMap<D, Score>,
    self_overall: Score,
    observers: Visibility<GroupSummary<D>>,
    roles: EnumMap<RaterRole, Visibility<GroupSummary<D>>>,
    gap_threshold: Score,
    weights: Weights<D>,
}

impl<D: Dimension> Report<D> {
    /// The person's own score for one dimension.
    pub fn self_score(&self, dimension: D) -> Score {
        self.self_scores[dimension]
    }

    /// The person's own overall index.
    pub const fn self_overall(&self) -> Score {
        self.self_overall
    }

    /// The counted dimensions from the person's own lowest score to the highest.
    pub fn self_weakest_first(&self) -> impl Iterator<Item = (D, Score)> + use<D> {
        let (weights, scores) = (self.weights, self.self_scores);
        weakest_first(EnumMap::from_fn(|d| {
            (weights.get(d) > 0.0).then_some(scores[d])
        }))
    }

    /// All observers together, withheld when there are fewer than the minimum.
    pub const fn observers(&self) -> &Visibility<GroupSummary<D>> {
        &self.observers
    }

    /// One role group, withheld when showing it could expose fewer than the minimum.
    pub fn role(&self, role: RaterRole) -> &Visibility<GroupSummary<D>> {
        &self.roles[role]
    }

    /// The gap for one dimension, `self − all observers` in 0–100 points; `None` when the
    /// observers are withheld.
    pub fn gap(&self, dimension: D) -> Option<f64> {
        self.observers
            .shown()
            .map(|g| self.self_scores[dimension].get() - g.mean(dimension).get())
    }

    /// The gap between the overall indices, `self − all observers`.
    pub fn overall_gap(&self) -> Option<f64> {
        self.observers
            .shown()
            .map(|g| self.self_overall.get() - g.overall().get())
    }

    /// The gap threshold in 0–100 points.
    pub const fn gap_threshold(&self) -> Score {
        self.gap_threshold
    }

    /// Dimensions the person rates clearly higher than the observers do (gap at or above the
    /// threshold), largest gap first, ties in declaration order.
    pub fn blind_spots(&self) -> impl Iterator<Item = (D, f64)> + use<D> {
        self.gaps_where(1.0)
    }

    /// Dimensions the person rates clearly lower than the observers do (gap at or below minus
    /// the threshold), largest gap first, ties in declaration order. The gaps are negative.
    pub fn hidden_strengths(&self) -> impl Iterator<Item = (D, f64)> + use<D> {
        self.gaps_where(-1.0)
    }

    /// Gaps whose size in direction `sign` reaches the threshold, biggest first.
    fn gaps_where(&self, sign: f64) -> impl Iterator<Item = (D, f64)> + use<D> {
        let threshold = self.gap_threshold.get();
        let mut gaps = EnumMap::<D, Option<(D, f64)>>::from_fn(|d| {
            self.gap(d)
                .filter(|&g| sign * g >= threshold)
                .map(|g| (d, g))
        });
        let size =
            move |entry: &Option<(D, f64)>| entry.map_or(f64::NEG_INFINITY, |(_, g)| sign * g);
        // Stable: ties keep declaration order; `None` sorts last.
        gaps.as_mut_slice()
            .sort_by(|a, b| size(b).total_cmp(&size(a)));
        gaps.into_iter().filter_map(|(_, entry)| entry)
    }
}

#[cfg(feature = "serde")]
impl<D: Dimension> serde::Serialize for Report<D> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::Serialize;
        use serde::ser::SerializeStruct;

        struct SelfScores<'a, D: Dimension>(&'a Report<D>);
        impl<D: Dimension> Serialize for SelfScores<'_, D> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                crate::scoring::dimension::serialize_named(
                    s,
                    D::iter().map(|d| (d, self.0.self_score(d))),
                )
            }
        }
        struct Roles<'a, D: Dimension>(&'a Report<D>);
        impl<D: Dimension> Serialize for Roles<'_, D> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_map(self.0.roles.iter())
            }
        }
        struct Gaps<'a, D: Dimension>(&'a Report<D>);
        impl<D: Dimension> Serialize for Gaps<'_, D> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                crate::scoring::dimension::serialize_named(s, D::iter().map(|d| (d, self.0.gap(d))))
            }
        }

        let mut state = serializer.serialize_struct("Report", 6)?;
        state.serialize_field("self_scores", &SelfScores(self))?;
        state.serialize_field("self_overall", &self.self_overall)?;
        state.serialize_field("observers", &self.observers)?;
        state.serialize_field("roles", &Roles(self))?;
        state.serialize_field("gaps", &Gaps(self))?;
        state.serialize_field("gap_threshold", &self.gap_threshold)?;
        state.end()
    }
}

/// How a review is reported: the weights of the overall index, the gap threshold and the
/// anonymity minimum.
///
/// # Examples
///
/// ```
/// use service_quality::leadership::Area;
/// use service_quality::review::ReviewPolicy;
///
/// let policy = ReviewPolicy::<Area>::default()
///     .try_with_gap_threshold(20.0)?
///     .try_with_min_group_size(5)?;
/// assert_eq!(policy.min_group_size(), 5);
/// assert_eq!(
///     ReviewPolicy::<Area>::default().try_with_min_group_size(0).unwrap_err().to_string(),
///     "min_group_size is 0, expected at least 1"
/// );
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(
        try_from = "RawReviewPolicy<D>",
        into = "RawReviewPolicy<D>",
        bound = "D: Dimension"
    )
)]
pub struct ReviewPolicy<D: Dimension> {
    weights: Weights<D>,
    gap_threshold: Score,
    min_group_size: usize,
}

impl<D: Dimension> ReviewPolicy<D> {
    /// The default gap threshold: 15 points on the 0–100 scale.
    pub const GAP_THRESHOLD: Score = Score::from_const(15.0);
    /// The default anonymity minimum: 3 raters.
    pub const MIN_GROUP_SIZE: usize = 3;

    /// The same policy with other weights for the overall index.
    pub fn with_weights(self, weights: Weights<D>) -> Self {
        ReviewPolicy { weights, ..self }
    }

    /// The same policy with another gap threshold (0–100 points).
    ///
    /// # Errors
    ///
    /// [`Error::ScoreOutOfRange`] unless the threshold is a finite value in 0..=100.
    ///
    /// ```
    /// use service_quality::leadership::Area;
    /// use service_quality::review::ReviewPolicy;
    ///
    /// assert!(ReviewPolicy::<Area>::default().try_with_gap_threshold(10.0).is_ok());
    /// assert!(ReviewPolicy::<Area>::default().try_with_gap_threshold(-1.0).is_err());
    /// ```
    pub fn try_with_gap_threshold(self, threshold: f64) -> Result<Self> {
        Ok(ReviewPolicy {
            gap_threshold: Score::named(Some("gap_threshold"), threshold)?,
            ..self
        })
    }

    /// The same policy with another anonymity minimum. A minimum of 1 turns anonymity off
    /// (every group with a rater is shown); use it only where raters have agreed to that.
    ///
    /// # Errors
    ///
    /// [`Error::IntegerOutOfRange`] for 0.
    ///
    /// ```
    /// use service_quality::leadership::Area;
    /// use service_quality::review::ReviewPolicy;
    ///
    /// assert!(ReviewPolicy::<Area>::default().try_with_min_group_size(1).is_ok());
    /// assert!(ReviewPolicy::<Area>::default().try_with_min_group_size(0).is_err());
    /// ```
    pub fn try_with_min_group_size(self, min_group_size: usize) -> Result<Self> {
        if min_group_size == 0 {
            return Err(Error::IntegerOutOfRange {
                field: "min_group_size",
                value: "0".to_owned(),
                expected: "at least 1",
            });
        }
        Ok(ReviewPolicy {
            min_group_size,
            ..self
        })
    }

    /// The weights of the overall index.
    pub const fn weights(&self) -> &Weights<D> {
        &self.weights
    }

    /// The gap threshold.
    pub const fn gap_threshold(&self) -> Score {
        self.gap_threshold
    }

    /// The fewest raters any shown figure may rest on.
    pub const fn min_group_size(&self) -> usize {
        self.min_group_size
    }
}

impl<D: Dimension> Default for ReviewPolicy<D> {
    /// The model's default weights, a 15-point gap threshold and a minimum of 3 raters.
    fn default() -> Self {
        ReviewPolicy {
            weights: *D::default_policy().weights(),
            gap_threshold: Self::GAP_THRESHOLD,
            min_group_size: Self::MIN_GROUP_SIZE,
        }
    }
}

#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields, bound = "D: Dimension")]
struct RawReviewPolicy<D: Dimension> {
    weights: Weights<D>,
    gap_threshold: f64,
    min_group_size: usize,
}

#[cfg(feature = "serde")]
impl<D: Dimension> TryFrom<RawReviewPolicy<D>> for ReviewPolicy<D> {
    type Error = Error;

    fn try_from(raw: RawReviewPolicy<D>) -> Result<Self> {
        ReviewPolicy::default()
            .with_weights(raw.weights)
            .try_with_gap_threshold(raw.gap_threshold)?
            .try_with_min_group_size(raw.min_group_size)
    }
}

#[cfg(feature = "serde")]
impl<D: Dimension> From<ReviewPolicy<D>> for RawReviewPolicy<D> {
    fn from(p: ReviewPolicy<D>) -> Self {
        RawReviewPolicy {
            weights: p.weights,
            gap_threshold: p.gap_threshold.get(),
            min_group_size: p.min_group_size,
        }
    }
}

#[cfg(feature = "serde")]
mod serde_impls {
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::{Observer, Review};
    use crate::scoring::{Dimension, Ratings};

    /// `{"self_rating": {...}, "observers": [{"id": "...", "role": "peer", "ratings": {...}}]}`
    impl<D: Dimension> Serialize for Review<D> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            #[derive(Serialize)]
            #[serde(bound = "D: Dimension")]
            struct Form<'a, D: Dimension> {
                self_rating: &'a Ratings<D>,
                observers: &'a [Observer<D>],
            }
            Form {
                self_rating: &self.self_rating,
                observers: &self.observers,
            }
            .serialize(serializer)
        }
    }

    impl<'de, D: Dimension> Deserialize<'de> for Review<D> {
        fn deserialize<De: Deserializer<'de>>(deserializer: De) -> Result<Self, De::Error> {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields, bound = "D: Dimension")]
            struct Form<D: Dimension> {
                self_rating: Ratings<D>,
                observers: Vec<Observer<D>>,
            }
            let form = Form::<D>::deserialize(deserializer)?;
            Review::new(form.self_rating, form.observers).map_err(De::Error::custom)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(values: [usize; 5]) -> EnumMap<RaterRole, usize> {
        EnumMap::from_array(values)
    }

    fn shown(values: [usize; 5], min: usize) -> [bool; 5] {
        visible_roles(&counts(values), min).into_array()
    }

    #[test]
    fn large_groups_show_and_small_ones_do_not() {
        // Manager 0, peers 3, reports 4: nothing withheld, both shown.
        assert_eq!(shown([0, 3, 4, 0, 0], 3), [false, true, true, false, false]);
        // Manager 1 withheld; remainder 1 < 3, so the smaller shown group (peers 3) goes too,
        // making 4 withheld.
        assert_eq!(
            shown([1, 3, 4, 0, 0], 3),
            [false, false, true, false, false]
        );
        // Manager 1 + customer 2 = 3 withheld: already enough, the rest stay.
        assert_eq!(shown([1, 3, 4, 2, 0], 3), [false, true, true, false, false]);
    }

    #[test]
    fn equal_groups_fold_the_later_role_first() {
        // Manager 1 withheld; peers and reports both 3: reports (declared later) fold first.
        assert_eq!(
            shown([1, 3, 3, 0, 0], 3),
            [false, true, false, false, false]
        );
    }

    #[test]
    fn a_minimum_of_one_shows_every_non_empty_group() {
        assert_eq!(shown([1, 1, 0, 2, 0], 1), [true, true, false, true, false]);
    }
}
