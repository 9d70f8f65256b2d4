//! SERVQUAL: service quality as the gap between what customers expected and what they perceived.
//!
//! The instrument (Parasuraman, Zeithaml and Berry, 1988) asks 22 questions twice, once about
//! what an excellent company in the sector would do (the **expectation**) and once about the
//! company being rated (the **perception**), each on a 1–7 agreement scale. The items belong to
//! five [`QualityDimension`]s:
//!
//! | dimension | items |
//! |---|---|
//! | tangibles | 1–4 |
//! | reliability | 5–9 |
//! | responsiveness | 10–13 |
//! | assurance | 14–17 |
//! | empathy | 18–22 |
//!
//! # Formulas
//!
//! - **item gap** = mean perception − mean expectation for the item (negative: the service fell
//!   short);
//! - **dimension gap** = the mean of its items' gaps;
//! - **unweighted SERVQUAL score** = the mean of the five dimension gaps;
//! - **weighted SERVQUAL score** = `Σ (points_d / 100) × gap_d`, where customers divided 100
//!   importance points among the five dimensions ([`Importance`]);
//! - **SERVPERF** (Cronin and Taylor, 1992) uses perceptions only: the mean perception per
//!   dimension and over all 22 items.
//!
//! Gaps use only responses that answered the expectations; SERVPERF uses every response's
//! perceptions, including [`Response::perceptions_only`].
//!
//! The question wording belongs to the instrument's authors and is not reproduced here.
//!
//! # Examples
//!
//! ```
//! use service_quality::metrics::servqual::{Importance, QualityDimension, Response, Servqual};
//!
//! // Expected 6 everywhere; perceived 5 on tangibles and reliability, 6 elsewhere.
//! let perceived: [i64; 22] = core::array::from_fn(|i| if i < 9 { 5 } else { 6 });
//! let mut survey = Servqual::new();
//! survey.add(&Response::new([6; 22], perceived)?);
//!
//! assert_eq!(survey.dimension_gap(QualityDimension::Reliability)?, -1.0);
//! assert_eq!(survey.dimension_gap(QualityDimension::Empathy)?, 0.0);
//! assert_eq!(survey.unweighted_score()?, -0.4);
//!
//! let importance = Importance::new([10.0, 40.0, 20.0, 20.0, 10.0])?;
//! assert_eq!(survey.weighted_score(&importance)?, -0.5);
//! # Ok::<(), service_quality::Error>(())
//! ```

use core::fmt;

use enum_map::EnumMap;

use crate::scoring::macros::dimension_enum;
use crate::scoring::{Error, Policy, Result, Scale};

/// The number of items in the instrument.
pub const ITEMS: usize = 22;

dimension_enum! {
    /// One of the five SERVQUAL dimensions.
    pub enum QualityDimension as "SERVQUAL dimension",
        expecting "one of: tangibles, reliability, responsiveness, assurance, empathy"
    {
        /// Physical facilities, equipment and the appearance of staff (items 1–4).
        Tangibles(
            "Tangibles",
            "What the customer can see and touch: premises, equipment, materials and staff.",
        ),
        /// Performing the promised service dependably and accurately (items 5–9).
        Reliability(
            "Reliability",
            "Doing what was promised, dependably and accurately, the first time.",
        ),
        /// Willingness to help customers and provide prompt service (items 10–13).
        Responsiveness(
            "Responsiveness",
            "Being willing to help and doing it promptly.",
        ),
        /// Knowledge and courtesy of staff and their ability to inspire trust (items 14–17).
        Assurance(
            "Assurance",
            "Staff who know their job, are courteous and make customers feel safe.",
        ),
        /// Caring, individual attention to customers (items 18–22).
        Empathy(
            "Empathy",
            "Individual attention: understanding and caring about each customer.",
        ),
    }

    /// Answers are on 1–7.
    fn default_policy() -> Policy<Self> {
        Policy::new(Scale::ONE_TO_SEVEN)
    }
}

impl QualityDimension {
    /// The items of the dimension, numbered 1 to 22.
    pub fn items(self) -> impl Iterator<Item = Item> {
        let (first, last) = match self {
            QualityDimension::Tangibles => (1, 4),
            QualityDimension::Reliability => (5, 9),
            QualityDimension::Responsiveness => (10, 13),
            QualityDimension::Assurance => (14, 17),
            QualityDimension::Empathy => (18, 22),
        };
        (first..=last).map(Item)
    }
}

/// One of the 22 SERVQUAL items, numbered 1 to 22.
///
/// # Examples
///
/// ```
/// use service_quality::metrics::servqual::{Item, QualityDimension};
///
/// assert_eq!(Item::new(7)?.dimension(), QualityDimension::Reliability);
/// assert_eq!(
///     Item::new(23).unwrap_err().to_string(),
///     "SERVQUAL item is 23, expected an item number in 1..=22"
/// );
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Item(u8);

impl Item {
    /// The item with number `number`.
    ///
    /// # Errors
    ///
    /// [`Error::IntegerOutOfRange`] unless `number` is in 1..=22.
    ///
    /// ```
    /// use service_quality::metrics::servqual::Item;
    ///
    /// assert!(Item::new(1).is_ok());
    /// assert!(Item::new(0).is_err());
    /// ```
    pub fn new(number: i64) -> Result<Self> {
        match u8::try_from(number) {
            Ok(n @ 1..=22) => Ok(Item(n)),
            _ => Err(Error::IntegerOutOfRange {
                field: "SERVQUAL item",
                value: number.to_string(),
                expected: "an item number in 1..=22",
            }),
        }
    }

    /// All 22 items in order.
    pub fn all() -> impl Iterator<Item = Item> {
        (1..=ITEMS as u8).map(Item)
    }

    /// The item's number, 1 to 22.
    pub const fn number(self) -> u8 {
        self.0
    }

    /// The dimension the item belongs to.
    pub const fn dimension(self) -> QualityDimension {
        match self.0 {
            0..=4 => QualityDimension::Tangibles,
            5..=9 => QualityDimension::Reliability,
            10..=13 => QualityDimension::Responsiveness,
            14..=17 => QualityDimension::Assurance,
            _ => QualityDimension::Empathy,
        }
    }

    /// The item's position, 0 to 21: below [`ITEMS`] because [`Item::new`] admits 1..=22 only.
    fn index(self) -> usize {
        usize::from(self.0) - 1
    }
}

impl fmt::Display for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "item {}", self.0)
    }
}

/// Field names for error messages, one per item and side.
const EXPECTATION_FIELDS: [&str; ITEMS] = [
    "expectation 1",
    "expectation 2",
    "expectation 3",
    "expectation 4",
    "expectation 5",
    "expectation 6",
    "expectation 7",
    "expectation 8",
    "expectation 9",
    "expectation 10",
    "expectation 11",
    "expectation 12",
    "expectation 13",
    "expectation 14",
    "expectation 15",
    "expectation 16",
    "expectation 17",
    "expectation 18",
    "expectation 19",
    "expectation 20",
    "expectation 21",
    "expectation 22",
];
const PERCEPTION_FIELDS: [&str; ITEMS] = [
    "perception 1",
    "perception 2",
    "perception 3",
    "perception 4",
    "perception 5",
    "perception 6",
    "perception 7",
    "perception 8",
    "perception 9",
    "perception 10",
    "perception 11",
    "perception 12",
    "perception 13",
    "perception 14",
    "perception 15",
    "perception 16",
    "perception 17",
    "perception 18",
    "perception 19",
    "perception 20",
    "perception 21",
    "perception 22",
];

/// One answer on the 1–7 scale, as the byte it is stored in.
fn seven_point(field: &'static str, answer: i64) -> Result<u8> {
    match u8::try_from(answer) {
        Ok(value @ 1..=7) => Ok(value),
        _ => Err(Error::RatingOutOfRange {
            field: Some(field.to_owned()),
            value: answer,
            scale: Scale::ONE_TO_SEVEN,
        }),
    }
}

/// Checks 22 answers on 1–7, naming the first bad one.
fn check(answers: [i64; ITEMS], fields: &[&'static str; ITEMS]) -> Result<[u8; ITEMS]> {
    let mut out = [0u8; ITEMS];
    for ((slot, answer), field) in out.iter_mut().zip(answers).zip(fields) {
        *slot = seven_point(field, answer)?;
    }
    Ok(out)
}

/// One respondent's answers: 22 perceptions, and usually 22 expectations, each 1–7.
///
/// # Examples
///
/// ```
/// use service_quality::metrics::servqual::Response;
///
/// assert!(Response::new([7; 22], [5; 22]).is_ok());
/// let mut bad = [5; 22];
/// bad[9] = 8;
/// assert_eq!(
///     Response::new([7; 22], bad).unwrap_err().to_string(),
///     "rating for 'perception 10' is 8, expected a value in 1..=7"
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "RawResponse", into = "RawResponse")
)]
pub struct Response {
    expectations: Option<[u8; ITEMS]>,
    perceptions: [u8; ITEMS],
}

impl Response {
    /// A full SERVQUAL response: expectations and perceptions, item 1 first.
    ///
    /// # Errors
    ///
    /// [`Error::RatingOutOfRange`] naming the first answer outside 1..=7.
    pub fn new(expectations: [i64; ITEMS], perceptions: [i64; ITEMS]) -> Result<Self> {
        Ok(Response {
            expectations: Some(check(expectations, &EXPECTATION_FIELDS)?),
            perceptions: check(perceptions, &PERCEPTION_FIELDS)?,
        })
    }

    /// A SERVPERF response: perceptions only.
    ///
    /// # Errors
    ///
    /// [`Error::RatingOutOfRange`] naming the first answer outside 1..=7.
    ///
    /// ```
    /// use service_quality::metrics::servqual::Response;
    ///
    /// assert!(Response::perceptions_only([4; 22])?.expectation(1).is_none());
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn perceptions_only(perceptions: [i64; ITEMS]) -> Result<Self> {
        Ok(Response {
            expectations: None,
            perceptions: check(perceptions, &PERCEPTION_FIELDS)?,
        })
    }

    /// The expectation for item `number` (1 to 22), if expectations were asked.
    pub fn expectation(&self, number: usize) -> Option<u8> {
        self.expectations
            .and_then(|e| number.checked_sub(1).and_then(|i| e.get(i).copied()))
    }

    /// The perception for item `number` (1 to 22).
    pub fn perception(&self, number: usize) -> Option<u8> {
        number
            .checked_sub(1)
            .and_then(|i| self.perceptions.get(i).copied())
    }
}

#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expectations: Option<[i64; ITEMS]>,
    perceptions: [i64; ITEMS],
}

#[cfg(feature = "serde")]
impl TryFrom<RawResponse> for Response {
    type Error = Error;

    fn try_from(raw: RawResponse) -> Result<Self> {
        match raw.expectations {
            Some(e) => Response::new(e, raw.perceptions),
            None => Response::perceptions_only(raw.perceptions),
        }
    }
}

#[cfg(feature = "serde")]
impl From<Response> for RawResponse {
    fn from(r: Response) -> Self {
        RawResponse {
            expectations: r.expectations.map(|e| e.map(i64::from)),
            perceptions: r.perceptions.map(i64::from),
        }
    }
}

/// How customers divided 100 importance points among the five dimensions.
///
/// # Examples
///
/// ```
/// use service_quality::metrics::servqual::{Importance, QualityDimension};
///
/// let i = Importance::new([10.0, 30.0, 25.0, 20.0, 15.0])?;
/// assert_eq!(i.points(QualityDimension::Reliability), 30.0);
/// assert_eq!(
///     Importance::new([10.0, 30.0, 25.0, 20.0, 10.0]).unwrap_err().to_string(),
///     "importance points total is 95, expected 100"
/// );
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "RawImportance", into = "RawImportance")
)]
pub struct Importance {
    points: EnumMap<QualityDimension, f64>,
}

impl Importance {
    /// Points for tangibles, reliability, responsiveness, assurance and empathy, in that order.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidWeight`] for a negative or non-finite allocation, and
    /// [`Error::Inconsistent`] unless the points total 100 (within 1e-9).
    pub fn new(points: [f64; 5]) -> Result<Self> {
        let points = EnumMap::<QualityDimension, f64>::from_array(points);
        let points = EnumMap::try_from_fn(|d: QualityDimension| {
            let p = points[d];
            if p.is_finite() && p >= 0.0 {
                Ok(p)
            } else {
                Err(Error::InvalidWeight {
                    field: d.key(),
                    value: p,
                })
            }
        })?;
        let total: f64 = points.values().sum();
        if (total - 100.0).abs() > 1e-9 {
            return Err(Error::Inconsistent {
                field: "importance points total",
                value: total.to_string(),
                expected: "100".to_owned(),
            });
        }
        Ok(Importance { points })
    }

    /// One dimension's points.
    pub fn points(&self, dimension: QualityDimension) -> f64 {
        self.points[dimension]
    }
}

#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawImportance {
    tangibles: f64,
    reliability: f64,
    responsiveness: f64,
    assurance: f64,
    empathy: f64,
}

#[cfg(feature = "serde")]
impl TryFrom<RawImportance> for Importance {
    type Error = Error;

    fn try_from(r: RawImportance) -> Result<Self> {
        Importance::new([
            r.tangibles,
            r.reliability,
            r.responsiveness,
            r.assurance,
            r.empathy,
        ])
    }
}

#[cfg(feature = "serde")]
impl From<Importance> for RawImportance {
    fn from(i: Importance) -> Self {
        use QualityDimension::*;
        RawImportance {
            tangibles: i.points[Tangibles],
            reliability: i.points[Reliability],
            responsiveness: i.points[Responsiveness],
            assurance: i.points[Assurance],
            empathy: i.points[Empathy],
        }
    }
}

/// A running SERVQUAL tally: integer sums per item, never the responses.
///
/// Sums of 1–7 answers are exact integers, so adding, merging and the order of responses never
/// change a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "RawServqual", into = "RawServqual")
)]
pub struct Servqual {
    /// Responses with expectations, and their expectation and perception sums per item.
    paired: u64,
    expectation_sums: [u64; ITEMS],
    paired_perception_sums: [u64; ITEMS],
    /// Every response, and its perception sums per item (for SERVPERF).
    all: u64,
    perception_sums: [u64; ITEMS],
}

impl Servqual {
    /// An empty tally.
    pub const fn new() -> Self {
        Servqual {
            paired: 0,
            expectation_sums: [0; ITEMS],
            paired_perception_sums: [0; ITEMS],
            all: 0,
            perception_sums: [0; ITEMS],
        }
    }

    /// Adds one response.
    pub fn add(&mut self, response: &Response) {
        self.all = self.all.saturating_add(1);
        for (sum, &p) in self.perception_sums.iter_mut().zip(&response.perceptions) {
            *sum = sum.saturating_add(u64::from(p));
        }
        if let Some(expectations) = response.expectations {
            self.paired = self.paired.saturating_add(1);
            for (sum, e) in self.expectation_sums.iter_mut().zip(expectations) {
                *sum = sum.saturating_add(u64::from(e));
            }
            for (sum, &p) in self
                .paired_perception_sums
                .iter_mut()
                .zip(&response.perceptions)
            {
                *sum = sum.saturating_add(u64::from(p));
            }
        }
    }

    /// Adds everything in `other`.
    pub fn merge(&mut self, other: &Servqual) {
        let add = |a: &mut [u64; ITEMS], b: &[u64; ITEMS]| {
            for (x, y) in a.iter_mut().zip(b) {
                *x = x.saturating_add(*y);
            }
        };
        self.paired = self.paired.saturating_add(other.paired);
        self.all = self.all.saturating_add(other.all);
        add(&mut self.expectation_sums, &other.expectation_sums);
        add(
            &mut self.paired_perception_sums,
            &other.paired_perception_sums,
        );
        add(&mut self.perception_sums, &other.perception_sums);
    }

    /// Responses that answered the expectations (the ones gaps are computed from).
    pub const fn gap_responses(&self) -> u64 {
        self.paired
    }

    /// All responses (the ones SERVPERF is computed from).
    pub const fn responses(&self) -> u64 {
        self.all
    }

    fn paired_count(&self) -> Result<f64> {
        match self.paired {
            0 => Err(Error::Empty {
                what: "SERVQUAL gap tally",
                item: "response with expectations",
            }),
            n => Ok(n as f64),
        }
    }

    fn all_count(&self) -> Result<f64> {
        match self.all {
            0 => Err(Error::Empty {
                what: "SERVQUAL tally",
                item: "response",
            }),
            n => Ok(n as f64),
        }
    }

    /// Mean perception minus mean expectation for one item.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] when no response answered the expectations.
    #[allow(
        clippy::indexing_slicing,
        reason = "an Item's index is below ITEMS, the length of every sum array"
    )]
    pub fn item_gap(&self, item: Item) -> Result<f64> {
        let n = self.paired_count()?;
        let i = item.index();
        let p = self.paired_perception_sums[i] as f64;
        let e = self.expectation_sums[i] as f64;
        Ok((p - e) / n)
    }

    /// The mean of a dimension's item gaps.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] when no response answered the expectations.
    pub fn dimension_gap(&self, dimension: QualityDimension) -> Result<f64> {
        mean(dimension.items().map(|item| self.item_gap(item)))
    }

    /// The mean of the five dimension gaps.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] when no response answered the expectations.
    pub fn unweighted_score(&self) -> Result<f64> {
        mean(QualityDimension::iter_all().map(|d| self.dimension_gap(d)))
    }

    /// The importance-weighted score, `Σ (points / 100) × dimension gap`.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] when no response answered the expectations.
    pub fn weighted_score(&self, importance: &Importance) -> Result<f64> {
        QualityDimension::iter_all().try_fold(0.0, |acc, d| {
            Ok(acc + importance.points(d) / 100.0 * self.dimension_gap(d)?)
        })
    }

    /// SERVPERF: the mean perception of one item over every response.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] with no responses.
    #[allow(
        clippy::indexing_slicing,
        reason = "an Item's index is below ITEMS, the length of every sum array"
    )]
    pub fn item_perception(&self, item: Item) -> Result<f64> {
        let n = self.all_count()?;
        Ok(self.perception_sums[item.index()] as f64 / n)
    }

    /// SERVPERF: the mean perception over a dimension's items.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] with no responses.
    pub fn dimension_perception(&self, dimension: QualityDimension) -> Result<f64> {
        mean(dimension.items().map(|item| self.item_perception(item)))
    }

    /// SERVPERF: the mean perception over all 22 items.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] with no responses.
    pub fn servperf(&self) -> Result<f64> {
        mean(Item::all().map(|item| self.item_perception(item)))
    }
}

impl QualityDimension {
    /// All five dimensions in order (a shorthand for strum's iterator).
    fn iter_all() -> impl Iterator<Item = QualityDimension> {
        QualityDimension::iter()
    }
}

/// The mean of fallible values, failing on the first error.
fn mean(values: impl Iterator<Item = Result<f64>>) -> Result<f64> {
    let mut sum = 0.0;
    let mut n = 0u32;
    for v in values {
        sum += v?;
        n += 1;
    }
    Ok(sum / f64::from(n.max(1)))
}

#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawServqual {
    gap_responses: u64,
    expectation_sums: [u64; ITEMS],
    paired_perception_sums: [u64; ITEMS],
    responses: u64,
    perception_sums: [u64; ITEMS],
}

#[cfg(feature = "serde")]
impl TryFrom<RawServqual> for Servqual {
    type Error = Error;

    /// Checks that 1–7 answers could have produced the sums.
    fn try_from(r: RawServqual) -> Result<Self> {
        let within = |field: &'static str, sums: &[u64; ITEMS], n: u64| -> Result<()> {
            match sums.iter().find(|&&s| s < n || s > n.saturating_mul(7)) {
                Some(&bad) => Err(Error::Inconsistent {
                    field,
                    value: bad.to_string(),
                    expected: format!("between {n} and {} for {n} responses", n.saturating_mul(7)),
                }),
                None => Ok(()),
            }
        };
        if r.gap_responses > r.responses {
            return Err(Error::Inconsistent {
                field: "gap_responses",
                value: r.gap_responses.to_string(),
                expected: format!("at most the responses, {}", r.responses),
            });
        }
        within("expectation sum", &r.expectation_sums, r.gap_responses)?;
        within(
            "paired perception sum",
            &r.paired_perception_sums,
            r.gap_responses,
        )?;
        within("perception sum", &r.perception_sums, r.responses)?;
        Ok(Servqual {
            paired: r.gap_responses,
            expectation_sums: r.expectation_sums,
            paired_perception_sums: r.paired_perception_sums,
            all: r.responses,
            perception_sums: r.perception_sums,
        })
    }
}

#[cfg(feature = "serde")]
impl From<Servqual> for RawServqual {
    fn from(s: Servqual) -> Self {
        RawServqual {
            gap_responses: s.paired,
            expectation_sums: s.expectation_sums,
            paired_perception_sums: s.paired_perception_sums,
            responses: s.all,
            perception_sums: s.perception_sums,
        }
    }
}

impl crate::scoring::Merge for Servqual {
    fn merge(&mut self, other: &Self) {
        Servqual::merge(self, other);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::assert_close;

    #[test]
    fn the_allocation_covers_every_item_once() {
        let mut seen = [0; ITEMS];
        for d in QualityDimension::iter_all() {
            for item in d.items() {
                assert_eq!(item.dimension(), d);
                seen[item.index()] += 1;
            }
        }
        assert_eq!(seen, [1; ITEMS]);
        let sizes: Vec<usize> = QualityDimension::iter_all()
            .map(|d| d.items().count())
            .collect();
        assert_eq!(sizes, [4, 5, 4, 4, 5]);
    }

    #[test]
    fn empty_tallies_are_errors_not_nan() {
        let s = Servqual::new();
        assert!(s.unweighted_score().is_err());
        assert!(s.servperf().is_err());
    }

    #[test]
    fn servperf_counts_perception_only_responses_but_gaps_do_not() {
        let mut s = Servqual::new();
        s.add(&Response::new([5; ITEMS], [5; ITEMS]).unwrap());
        s.add(&Response::perceptions_only([7; ITEMS]).unwrap());
        assert_close(s.unweighted_score().unwrap(), 0.0);
        assert_close(s.servperf().unwrap(), 6.0);
        assert_eq!((s.gap_responses(), s.responses()), (1, 2));
    }
}
