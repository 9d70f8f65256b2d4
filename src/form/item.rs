//! The items of a form: what each one asks, how it is answered, and how it counts.

use crate::form::Answer;
use crate::scoring::{Error, Result, Scale, Score};

/// The pass mark a critical item gets unless another is given: it fails below 50.
pub const DEFAULT_PASS_MARK: Score = Score::from_const(50.0);

/// One labelled answer of a choice item and the points it earns.
///
/// An answer scores `100 × points / (the item's highest points)`, so the best choice scores 100
/// and a choice worth 0 points scores 0.
///
/// # Examples
///
/// ```
/// use service_quality::form::Choice;
///
/// let full = Choice::new("Resolved first time", 10.0)?;
/// assert_eq!(full.points(), 10.0);
/// assert_eq!(
///     Choice::new("Escalated", -1.0).unwrap_err().to_string(),
///     "points is -1 for choice 'Escalated', expected a finite value >= 0"
/// );
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "RawChoice", into = "RawChoice")
)]
pub struct Choice {
    label: String,
    points: f64,
}

impl Choice {
    /// A choice labelled `label` worth `points`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidForm`] when the label is empty or the points are negative or not finite.
    pub fn new(label: impl Into<String>, points: f64) -> Result<Self> {
        let label = label.into();
        if label.trim().is_empty() {
            return Err(form_error(
                None,
                "choice label",
                "''",
                "a label with some text",
            ));
        }
        if !(points.is_finite() && points >= 0.0) {
            return Err(form_error(
                None,
                "points",
                &format!("{points} for choice '{label}'"),
                "a finite value >= 0",
            ));
        }
        Ok(Choice {
            label,
            points: points + 0.0,
        })
    }

    /// The label people see and answers name.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The points it earns.
    pub const fn points(&self) -> f64 {
        self.points
    }
}

#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChoice {
    label: String,
    points: f64,
}

#[cfg(feature = "serde")]
impl TryFrom<RawChoice> for Choice {
    type Error = Error;
    fn try_from(raw: RawChoice) -> Result<Self> {
        Choice::new(raw.label, raw.points)
    }
}

#[cfg(feature = "serde")]
impl From<Choice> for RawChoice {
    fn from(choice: Choice) -> Self {
        RawChoice {
            label: choice.label,
            points: choice.points,
        }
    }
}

/// How an item is answered.
///
/// In JSON: `{"scale": {"min": 1, "max": 5}}`, `"yes_no"` or
/// `{"choices": [{"label": "Resolved", "points": 10}, ...]}`.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum AnswerType {
    /// A rating on a bounded scale, normalised to `100 × (r − min) / (max − min)`.
    Scale(Scale),
    /// Yes (100) or no (0).
    YesNo,
    /// One of several labelled choices, each worth points; see [`Choice`].
    Choices(Vec<Choice>),
}

impl AnswerType {
    /// What an answer must be, for error messages (`"a rating in 1..=5"`).
    pub(crate) fn expected(&self) -> String {
        match self {
            AnswerType::Scale(scale) => format!("a rating in {scale}"),
            AnswerType::YesNo => "yes or no".to_owned(),
            AnswerType::Choices(choices) => {
                let labels: Vec<&str> = choices.iter().map(Choice::label).collect();
                format!("one of: {}", labels.join(", "))
            }
        }
    }
}

/// One item of a [`Form`](crate::form::Form): its key, the words people see, how it is
/// answered, and how it counts.
///
/// An item is valid on its own (its constructors and fallible builders check it); the form
/// checks what involves several items (unique keys, known sections, something to score).
///
/// # Examples
///
/// ```
/// use service_quality::{Scale, Score};
/// use service_quality::form::{Choice, Item};
///
/// let greeting = Item::scale("greeting", Scale::ONE_TO_FIVE)?
///     .with_name("Greeting")
///     .with_description("Greeted the customer by name and offered help.");
/// let resolution = Item::scale("resolution", Scale::ONE_TO_FIVE)?.try_with_weight(2.0)?;
/// let verification = Item::yes_no("verification")?.with_critical(Score::new(100.0)?);
/// let tone = Item::scale("tone", Scale::ONE_TO_FIVE)?.with_not_applicable(true);
/// let outcome = Item::choices("outcome", vec![
///     Choice::new("Resolved first time", 10.0)?,
///     Choice::new("Resolved after follow-up", 6.0)?,
///     Choice::new("Not resolved", 0.0)?,
/// ])?;
/// assert_eq!(resolution.weight(), 2.0);
/// assert!(verification.is_critical() && tone.allows_not_applicable());
/// assert_eq!(
///     Item::scale("", Scale::ONE_TO_FIVE).unwrap_err().to_string(),
///     "item key is '', expected a key with some text"
/// );
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    key: String,
    name: String,
    description: String,
    section: Option<String>,
    weight: f64,
    not_applicable: bool,
    pass_mark: Option<Score>,
    answer: AnswerType,
}

impl Item {
    /// An item with its own answer type, weight 1, no section, not critical, N/A not allowed;
    /// its name is its key until [`with_name`](Self::with_name).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidForm`] when the key is empty, or a choice list is empty, repeats a label
    /// (ignoring ASCII case) or has no choice worth any points.
    pub fn new(key: impl Into<String>, answer: AnswerType) -> Result<Self> {
        let key = key.into();
        if key.trim().is_empty() {
            return Err(form_error(
                None,
                "item key",
                &format!("'{key}'"),
                "a key with some text",
            ));
        }
        if let AnswerType::Choices(choices) = &answer {
            check_choices(&key, choices)?;
        }
        Ok(Item {
            name: key.clone(),
            key,
            description: String::new(),
            section: None,
            weight: 1.0,
            not_applicable: false,
            pass_mark: None,
            answer,
        })
    }

    /// An item rated on `scale`.
    ///
    /// # Errors
    ///
    /// As [`new`](Self::new).
    pub fn scale(key: impl Into<String>, scale: Scale) -> Result<Self> {
        Item::new(key, AnswerType::Scale(scale))
    }

    /// A yes/no item: yes scores 100, no scores 0.
    ///
    /// # Errors
    ///
    /// As [`new`](Self::new).
    pub fn yes_no(key: impl Into<String>) -> Result<Self> {
        Item::new(key, AnswerType::YesNo)
    }

    /// An item answered by one of `choices`.
    ///
    /// # Errors
    ///
    /// As [`new`](Self::new).
    pub fn choices(key: impl Into<String>, choices: Vec<Choice>) -> Result<Self> {
        Item::new(key, AnswerType::Choices(choices))
    }

    /// The same item with a name to show people.
    pub fn with_name(self, name: impl Into<String>) -> Self {
        Item {
            name: name.into(),
            ..self
        }
    }

    /// The same item with a description.
    pub fn with_description(self, description: impl Into<String>) -> Self {
        Item {
            description: description.into(),
            ..self
        }
    }

    /// The same item in the section with key `section`.
    pub fn with_section(self, section: impl Into<String>) -> Self {
        Item {
            section: Some(section.into()),
            ..self
        }
    }

    /// The same item with another weight. Only proportions matter; a weight of zero leaves the
    /// item out of the mean (it is still reported, and can still fail as a critical item).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidForm`] when `weight` is negative or not finite.
    ///
    /// ```
    /// use service_quality::Scale;
    /// use service_quality::form::Item;
    ///
    /// let item = Item::scale("tone", Scale::ONE_TO_FIVE)?;
    /// assert_eq!(
    ///     item.try_with_weight(f64::NAN).unwrap_err().to_string(),
    ///     "weight of item 'tone' is NaN, expected a finite value >= 0"
    /// );
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn try_with_weight(self, weight: f64) -> Result<Self> {
        if weight.is_finite() && weight >= 0.0 {
            Ok(Item {
                weight: weight + 0.0,
                ..self
            })
        } else {
            Err(form_error(
                Some(&self.key),
                "weight",
                &weight.to_string(),
                "a finite value >= 0",
            ))
        }
    }

    /// The same item with N/A allowed, or not.
    pub fn with_not_applicable(self, allowed: bool) -> Self {
        Item {
            not_applicable: allowed,
            ..self
        }
    }

    /// The same item made critical: answered and scoring below `pass_mark`, it fails the
    /// evaluation. A yes/no item fails on "no" with any pass mark above 0.
    pub fn with_critical(self, pass_mark: Score) -> Self {
        Item {
            pass_mark: Some(pass_mark),
            ..self
        }
    }

    /// The same item no longer critical.
    pub fn without_critical(self) -> Self {
        Item {
            pass_mark: None,
            ..self
        }
    }

    /// The item that stands for one dimension of a compile-time model under `policy`.
    pub(crate) fn for_dimension<D: crate::scoring::Dimension>(
        d: D,
        policy: &crate::scoring::Policy<D>,
    ) -> Item {
        Item {
            key: d.key().to_owned(),
            name: d.name().to_owned(),
            description: d.description().to_owned(),
            section: None,
            weight: policy.weights().get(d),
            not_applicable: policy.allows_not_applicable(d),
            pass_mark: policy.pass_mark(d),
            answer: AnswerType::Scale(policy.scale()),
        }
    }

    /// The key answers, columns and totals name the item by.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The name to show people.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// What the item asks, in a sentence or two (empty if none was given).
    pub fn description(&self) -> &str {
        &self.description
    }

    /// The key of the item's section, if any.
    pub fn section(&self) -> Option<&str> {
        self.section.as_deref()
    }

    /// The item's weight.
    pub const fn weight(&self) -> f64 {
        self.weight
    }

    /// Whether the item may be answered N/A.
    pub const fn allows_not_applicable(&self) -> bool {
        self.not_applicable
    }

    /// Whether the item is critical.
    pub const fn is_critical(&self) -> bool {
        self.pass_mark.is_some()
    }

    /// The pass mark of a critical item.
    pub const fn pass_mark(&self) -> Option<Score> {
        self.pass_mark
    }

    /// How the item is answered.
    pub const fn answer_type(&self) -> &AnswerType {
        &self.answer
    }

    /// The normalised score of `answer` (`None` for N/A), checked against the item.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidAnswer`] when the answer is of the wrong type, off the scale, names no
    /// choice, or is N/A where the item does not allow it.
    ///
    /// ```
    /// use service_quality::Scale;
    /// use service_quality::form::{Answer, Item};
    ///
    /// let greeting = Item::scale("greeting", Scale::ONE_TO_FIVE)?;
    /// assert_eq!(greeting.score(Answer::Rating(4))?.map(|s| s.get()), Some(75.0));
    /// assert_eq!(
    ///     greeting.score(Answer::Yes).unwrap_err().to_string(),
    ///     "answer for 'greeting' is yes, expected a rating in 1..=5"
    /// );
    /// assert_eq!(
    ///     greeting.score(Answer::NotApplicable).unwrap_err().to_string(),
    ///     "answer for 'greeting' is n/a, expected a rating in 1..=5 (n/a is not allowed here)"
    /// );
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    #[inline]
    pub fn score(&self, answer: Answer) -> Result<Option<Score>> {
        let accepted = match (&self.answer, answer) {
            (_, Answer::NotApplicable) => self.not_applicable,
            (AnswerType::Scale(scale), Answer::Rating(r)) => scale.contains(i64::from(r)),
            (AnswerType::YesNo, Answer::Yes | Answer::No) => true,
            (AnswerType::Choices(choices), Answer::Choice(i)) => usize::from(i) < choices.len(),
            _ => false,
        };
        if accepted {
            Ok(self.normalise(answer))
        } else {
            Err(self.invalid(&answer.to_string()))
        }
    }

    /// The lowest score an answer can get: 0, or for choices the worst choice's share of the
    /// best's points. A critical item's pass mark must lie above it, or the item could never
    /// fail.
    pub(crate) fn lowest_score(&self) -> Score {
        match &self.answer {
            AnswerType::Scale(_) | AnswerType::YesNo => Score::MIN,
            AnswerType::Choices(choices) => (0..choices.len())
                .filter_map(|i| u16::try_from(i).ok())
                .filter_map(|i| self.normalise(Answer::Choice(i)))
                .fold(Score::MAX, Score::min),
        }
    }

    /// The normalised score of an answer the item accepts (`None` for N/A). Only for answers
    /// [`score`](Self::score) accepts; any other answer also gives `None`.
    #[inline]
    pub(crate) fn normalise(&self, answer: Answer) -> Option<Score> {
        match (&self.answer, answer) {
            (AnswerType::Scale(scale), Answer::Rating(r)) => Some(scale.normalise_checked(r)),
            (AnswerType::YesNo, Answer::Yes) => Some(Score::MAX),
            (AnswerType::YesNo, Answer::No) => Some(Score::MIN),
            (AnswerType::Choices(choices), Answer::Choice(i)) => {
                let best = choices.iter().map(Choice::points).fold(0.0, f64::max);
                // The best is positive: checked when the item was built.
                choices
                    .get(usize::from(i))
                    .map(|c| Score::from_fraction(c.points / best))
            }
            _ => None,
        }
    }

    /// The error for an answer the item does not accept.
    pub(crate) fn invalid(&self, value: &str) -> Error {
        let mut expected = self.answer.expected();
        if value == "n/a" {
            expected.push_str(" (n/a is not allowed here)");
        }
        Error::InvalidAnswer {
            item: self.key.clone(),
            value: value.to_owned(),
            expected,
        }
    }

    /// The index of the choice labelled `label` (ignoring ASCII case and surrounding spaces).
    pub fn choice_index(&self, label: &str) -> Option<u16> {
        let AnswerType::Choices(choices) = &self.answer else {
            return None;
        };
        let label = label.trim();
        let index = choices
            .iter()
            .position(|c| c.label.eq_ignore_ascii_case(label))?;
        // Choice lists are limited to u16::MAX entries when built.
        u16::try_from(index).ok()
    }
}

/// A choice list is not empty, has fewer than 2^16 entries, no label twice and a positive best.
fn check_choices(key: &str, choices: &[Choice]) -> Result<()> {
    if choices.is_empty() || choices.len() > usize::from(u16::MAX) {
        return Err(form_error(
            Some(key),
            "choices",
            &format!("{} choices", choices.len()),
            "between 1 and 65535 choices",
        ));
    }
    let labels = choices.iter().map(|c| c.label.to_ascii_lowercase());
    if let Some(choice) = first_repeat(labels).and_then(|i| choices.get(i)) {
        return Err(form_error(
            Some(key),
            "choice label",
            &format!("'{}' twice", choice.label),
            "each label once",
        ));
    }
    if choices.iter().all(|c| c.points == 0.0) {
        return Err(form_error(
            Some(key),
            "choices",
            "all worth 0 points",
            "at least one choice worth points",
        ));
    }
    Ok(())
}

/// The index of the first key, in list order, equal to an earlier one. Sorting finds repeats in
/// n log n, so a long list (a product catalogue as choices) is checked at once.
pub(crate) fn first_repeat<K: Ord>(keys: impl IntoIterator<Item = K>) -> Option<usize> {
    let mut order: Vec<(K, usize)> = keys.into_iter().zip(0..).collect();
    order.sort_unstable();
    order
        .windows(2)
        .filter_map(|pair| match pair {
            [(a, _), (b, later)] if a == b => Some(*later),
            _ => None,
        })
        .min()
}

/// An [`Error::InvalidForm`] for `item` (or the form itself).
pub(crate) fn form_error(
    item: Option<&str>,
    field: &'static str,
    value: &str,
    expected: &str,
) -> Error {
    Error::InvalidForm {
        item: item.map(str::to_owned),
        field,
        value: value.to_owned(),
        expected: expected.to_owned(),
    }
}

/// A section of a form: a heading that groups items, and optionally a weight.
///
/// When the form's sections carry weights, the overall score is the weighted mean of the section
/// scores (each the weighted mean of its items); otherwise sections only group items in reports
/// and the overall score is the weighted mean of all items.
///
/// # Examples
///
/// ```
/// use service_quality::form::Section;
///
/// let opening = Section::new("opening")?.with_name("Opening").try_with_weight(1.0)?;
/// assert_eq!(opening.weight(), Some(1.0));
/// assert!(Section::new(" ").is_err());
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    key: String,
    name: String,
    weight: Option<f64>,
}

impl Section {
    /// A section with key `key`, named by its key until [`with_name`](Self::with_name), and no
    /// weight.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidForm`] when the key is empty.
    pub fn new(key: impl Into<String>) -> Result<Self> {
        let key = key.into();
        if key.trim().is_empty() {
            return Err(form_error(
                None,
                "section key",
                &format!("'{key}'"),
                "a key with some text",
            ));
        }
        Ok(Section {
            name: key.clone(),
            key,
            weight: None,
        })
    }

    /// The same section with a name to show people.
    pub fn with_name(self, name: impl Into<String>) -> Self {
        Section {
            name: name.into(),
            ..self
        }
    }

    /// The same section with a weight.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidForm`] when `weight` is negative or not finite.
    pub fn try_with_weight(self, weight: f64) -> Result<Self> {
        if weight.is_finite() && weight >= 0.0 {
            Ok(Section {
                weight: Some(weight + 0.0),
                ..self
            })
        } else {
            Err(form_error(
                None,
                "weight",
                &format!("{weight} for section '{}'", self.key),
                "a finite value >= 0",
            ))
        }
    }

    /// The key items name the section by.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The name to show people.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The section's weight, if the form weights its sections.
    pub const fn weight(&self) -> Option<f64> {
        self.weight
    }
}

#[cfg(feature = "serde")]
pub(crate) mod serde_impls {
    //! Items and sections read as plain JSON objects; every field but the key (and the answer
    //! type, for items) may be left out.

    use serde::{Deserialize, Serialize};

    use super::{AnswerType, Item, Section};
    use crate::scoring::{Error, Result, Score};

    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(crate) struct RawItem {
        key: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        description: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        section: Option<String>,
        answer: AnswerType,
        #[serde(default = "one")]
        weight: f64,
        #[serde(default)]
        not_applicable: bool,
        #[serde(default)]
        critical: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pass_mark: Option<f64>,
    }

    fn one() -> f64 {
        1.0
    }

    impl TryFrom<RawItem> for Item {
        type Error = Error;
        fn try_from(raw: RawItem) -> Result<Self> {
            let mut item = Item::new(raw.key, raw.answer)?
                .try_with_weight(raw.weight)?
                .with_description(raw.description)
                .with_not_applicable(raw.not_applicable);
            if let Some(name) = raw.name {
                item = item.with_name(name);
            }
            if let Some(section) = raw.section {
                item = item.with_section(section);
            }
            match (raw.critical, raw.pass_mark) {
                (true, mark) => {
                    let mark = match mark {
                        Some(m) => Score::new(m).map_err(|_| {
                            super::form_error(
                                Some(item.key()),
                                "pass_mark",
                                &m.to_string(),
                                "a score in 0..=100",
                            )
                        })?,
                        None => super::DEFAULT_PASS_MARK,
                    };
                    item = item.with_critical(mark);
                }
                (false, Some(mark)) => {
                    return Err(super::form_error(
                        Some(item.key()),
                        "pass_mark",
                        &mark.to_string(),
                        "no pass mark on an item that is not critical",
                    ));
                }
                (false, None) => {}
            }
            Ok(item)
        }
    }

    impl From<&Item> for RawItem {
        fn from(item: &Item) -> Self {
            RawItem {
                key: item.key.clone(),
                name: (item.name != item.key).then(|| item.name.clone()),
                description: item.description.clone(),
                section: item.section.clone(),
                answer: item.answer.clone(),
                weight: item.weight,
                not_applicable: item.not_applicable,
                critical: item.pass_mark.is_some(),
                pass_mark: item.pass_mark.map(Score::get),
            }
        }
    }

    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(crate) struct RawSection {
        key: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        weight: Option<f64>,
    }

    impl TryFrom<RawSection> for Section {
        type Error = Error;
        fn try_from(raw: RawSection) -> Result<Self> {
            let mut section = Section::new(raw.key)?;
            if let Some(name) = raw.name {
                section = section.with_name(name);
            }
            if let Some(weight) = raw.weight {
                section = section.try_with_weight(weight)?;
            }
            Ok(section)
        }
    }

    impl From<&Section> for RawSection {
        fn from(section: &Section) -> Self {
            RawSection {
                key: section.key.clone(),
                name: (section.name != section.key).then(|| section.name.clone()),
                weight: section.weight,
            }
        }
    }
}
