//! The items of a form: what each one asks, how it is answered, and how it counts.

use crate::form::Answer;
use crate::scoring::macros::named_enum;
use crate::scoring::{CriticalRule, Error, Result, Scale, Score};

/// The pass mark a critical item gets unless another is given: it fails below 50.
pub const DEFAULT_PASS_MARK: Score = Score::from_const(50.0);

/// One labelled answer of a choice item and the points it earns.
///
/// An answer scores `100 × points / (the item's highest points)`, so the best choice scores 100
/// and a choice worth 0 points scores 0. In a [points form](crate::form::Scoring::Points) a
/// choice may *deduct* points (a negative value): an item's choices then all deduct or are worth
/// 0, and an answer scores `100 × (1 − points / the worst choice's points)`, so deducting nothing
/// scores 100 and the worst deduction 0.
///
/// # Examples
///
/// ```
/// use service_quality::form::Choice;
///
/// let full = Choice::new("Resolved first time", 10.0)?;
/// assert_eq!(full.points(), 10.0);
/// assert_eq!(Choice::new("Rude", -5.0)?.points(), -5.0);
/// assert_eq!(
///     Choice::new("Escalated", f64::NAN).unwrap_err().to_string(),
///     "points is NaN for choice 'Escalated', expected a finite value"
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
    /// [`Error::InvalidForm`] when the label is empty or the points are not finite. Whether
    /// negative points are allowed depends on the item and form (see [`Choice`]).
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
        if !points.is_finite() {
            return Err(form_error(
                None,
                "points",
                &format!("{points} for choice '{label}'"),
                "a finite value",
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

named_enum! {
    /// What an item's answer does: count towards the score, add a bonus beside it, or only be
    /// recorded.
    ///
    /// # Examples
    ///
    /// ```
    /// use service_quality::form::ItemRole;
    ///
    /// assert_eq!(ItemRole::default(), ItemRole::Scored);
    /// assert_eq!("not_scored".parse::<ItemRole>()?, ItemRole::NotScored);
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    #[derive(Default)]
    #[non_exhaustive]
    pub enum ItemRole as "item role" {
        /// The answer counts towards the score (by weight, or by points in a points form).
        #[default]
        Scored,
        /// The answer earns a bonus, reported beside the score and never inside it: the item's
        /// points are the most it adds, in score points (a weighted form) or in points over the
        /// points possible (a points form). A bonus item cannot be critical.
        Bonus,
        /// The answer is only recorded (a contact reason, a checkbox kept for reporting): it is
        /// checked, tallied in summaries, and never scored. It cannot be critical.
        NotScored,
    }
}

named_enum! {
    /// What a failed critical item fails: the whole evaluation (the form's
    /// [`CriticalRule`] applies) or only its section (the section's rule applies, and the
    /// evaluation still passes).
    ///
    /// # Examples
    ///
    /// ```
    /// use service_quality::form::CriticalScope;
    ///
    /// assert_eq!(CriticalScope::default(), CriticalScope::Form);
    /// assert_eq!("section".parse::<CriticalScope>()?, CriticalScope::Section);
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    #[derive(Default)]
    #[non_exhaustive]
    pub enum CriticalScope as "critical scope" {
        /// A failure fails the evaluation: "fail all".
        #[default]
        Form,
        /// A failure zeroes or caps the item's section, as the section's rule says: "fail
        /// section". The item must be in a section.
        Section,
    }
}

/// When an item applies: another item has one of some answers, or a field of the evaluation's
/// context (its channel, contact type, or any field the form declares) has one of some values.
/// An item whose condition does not hold is "not applicable" by rule: it must be answered N/A
/// (or left blank) and scores exactly as an N/A answer.
///
/// Values are text, read as answers are read from a CSV cell: `"yes"`, `"no"`, a rating such as
/// `"4"`, a choice's label, or `"n/a"`. Context values match ignoring ASCII case and surrounding
/// space. The form checks, when built, that the item or field exists, that each value is a valid
/// answer to the item, and that no item depends on itself through a chain of conditions.
///
/// In JSON: `{"item": "outcome", "is": ["Escalated"]}` or `{"context": "channel", "is":
/// ["phone", "chat"]}`.
///
/// # Examples
///
/// ```
/// use service_quality::form::Condition;
///
/// let escalated = Condition::item("outcome", ["Escalated"]);
/// assert_eq!(escalated.item_key(), Some("outcome"));
/// let on_the_phone = Condition::context("channel", ["phone"]);
/// assert_eq!(on_the_phone.context_field(), Some("channel"));
/// assert_eq!(on_the_phone.values(), ["phone"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Condition {
    on: Subject,
    values: Vec<String>,
}

/// What a condition looks at.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Subject {
    Item(String),
    Context(String),
}

impl Condition {
    /// Applies when the item with key `key` was answered with one of `values`.
    pub fn item<S: Into<String>>(
        key: impl Into<String>,
        values: impl IntoIterator<Item = S>,
    ) -> Self {
        Condition {
            on: Subject::Item(key.into()),
            values: values.into_iter().map(Into::into).collect(),
        }
    }

    /// Applies when the context field `field` has one of `values`.
    pub fn context<S: Into<String>>(
        field: impl Into<String>,
        values: impl IntoIterator<Item = S>,
    ) -> Self {
        Condition {
            on: Subject::Context(field.into()),
            values: values.into_iter().map(Into::into).collect(),
        }
    }

    /// The key of the item it looks at, if it looks at an item.
    pub fn item_key(&self) -> Option<&str> {
        match &self.on {
            Subject::Item(key) => Some(key),
            Subject::Context(_) => None,
        }
    }

    /// The context field it looks at, if it looks at one.
    pub fn context_field(&self) -> Option<&str> {
        match &self.on {
            Subject::Context(field) => Some(field),
            Subject::Item(_) => None,
        }
    }

    /// The values that make it hold.
    pub fn values(&self) -> &[String] {
        &self.values
    }

    pub(crate) const fn subject(&self) -> &Subject {
        &self.on
    }
}

impl core::fmt::Display for Condition {
    /// `'outcome' is Escalated` or `context 'channel' is phone or chat`.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match &self.on {
            Subject::Item(key) => write!(f, "'{key}' is ")?,
            Subject::Context(field) => write!(f, "context '{field}' is ")?,
        }
        f.write_str(&self.values.join(" or "))
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
    critical_scope: CriticalScope,
    answer: AnswerType,
    points: Option<f64>,
    role: ItemRole,
    condition: Option<Condition>,
}

impl Item {
    /// An item with its own answer type, weight 1, no section, not critical, N/A not allowed;
    /// its name is its key until [`with_name`](Self::with_name).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidForm`] when the key is empty, or a choice list is empty, repeats a label
    /// (ignoring ASCII case) or mixes choices that earn points with choices that deduct them.
    /// Whether an item needs a choice worth points depends on its role, and is checked by the
    /// form.
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
            critical_scope: CriticalScope::Form,
            answer,
            points: None,
            role: ItemRole::Scored,
            condition: None,
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

    /// The same item made critical with the common preset: it fails below half of the scale
    /// ([`DEFAULT_PASS_MARK`], 50), so on a 1–5 scale a 1 or 2 fails and a 3 passes, and "no"
    /// fails a yes/no item.
    pub fn with_critical_below_half(self) -> Self {
        self.with_critical(DEFAULT_PASS_MARK)
    }

    /// The same item with its failure failing the whole evaluation ([`CriticalScope::Form`], the
    /// default) or only its section. Only matters for a critical item.
    pub fn with_critical_scope(self, critical_scope: CriticalScope) -> Self {
        Item {
            critical_scope,
            ..self
        }
    }

    /// The same item earning `points` for its best answer: a rating earns its share of them
    /// (`points × (r − min) / (max − min)`), yes earns them and no earns nothing. Points are
    /// what an item counts for in a [points form](crate::form::Scoring::Points), and what a
    /// [bonus](ItemRole::Bonus) item adds; a yes/no item with negative points deducts them on
    /// "yes" (in a points form). A choice item's points are on its choices.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidForm`] naming the item: points that are not finite, negative points on a
    /// rating item, or points on a choice item.
    ///
    /// ```
    /// use service_quality::Scale;
    /// use service_quality::form::Item;
    ///
    /// let rude = Item::yes_no("rude_language")?.try_with_points(-10.0)?;
    /// assert_eq!(rude.points(), Some(-10.0));
    /// assert_eq!(
    ///     Item::scale("tone", Scale::ONE_TO_FIVE)?.try_with_points(-1.0).unwrap_err().to_string(),
    ///     "points of item 'tone' is -1, expected a finite value >= 0 on a rating item (a yes/no \
    ///      item or choices can deduct)"
    /// );
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn try_with_points(self, points: f64) -> Result<Self> {
        let allowed = match self.answer {
            AnswerType::Scale(_) => (points.is_finite() && points >= 0.0).then_some(()).ok_or(
                "a finite value >= 0 on a rating item (a yes/no item or choices can deduct)",
            ),
            AnswerType::YesNo => points.is_finite().then_some(()).ok_or("a finite value"),
            AnswerType::Choices(_) => Err("no points on a choice item (each choice has its own)"),
        };
        match allowed {
            Ok(()) => Ok(Item {
                points: Some(points + 0.0),
                ..self
            }),
            Err(expected) => Err(form_error(
                Some(&self.key),
                "points",
                &points.to_string(),
                expected,
            )),
        }
    }

    /// The same item with another role: scored (the default), a bonus, or recorded only.
    pub fn with_role(self, role: ItemRole) -> Self {
        Item { role, ..self }
    }

    /// The same item applying only when `condition` holds; otherwise it is N/A by rule. The
    /// form checks the condition when built.
    ///
    /// ```
    /// use service_quality::Scale;
    /// use service_quality::form::{Answer, Answers, Condition, Form, Item, ItemRole};
    ///
    /// let form = Form::builder("chat", 1)
    ///     .context_field("channel")
    ///     .item(Item::scale("greeting", Scale::ONE_TO_FIVE)?)
    ///     .item(Item::yes_no("escalated")?.with_role(ItemRole::NotScored))
    ///     .item(Item::yes_no("explained")?.with_condition(Condition::item("escalated", ["yes"])))
    ///     .item(Item::yes_no("verified")?.with_condition(Condition::context("channel", ["phone"])))
    ///     .build()?;
    /// use Answer::{NotApplicable, Rating, Yes, No};
    /// // On chat and not escalated, the last two do not apply: greeting's 75 alone.
    /// let calm = Answers::from(vec![Rating(4), No, NotApplicable, NotApplicable])
    ///     .with_field("channel", "chat");
    /// assert_eq!(calm.evaluate(&form)?.overall().map(|s| s.get()), Some(75.0));
    /// // Escalated and explained: (75 + 100) / 2.
    /// let escalated = Answers::from(vec![Rating(4), Yes, Yes, NotApplicable])
    ///     .with_field("channel", "chat");
    /// assert_eq!(escalated.evaluate(&form)?.overall().map(|s| s.get()), Some(87.5));
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn with_condition(self, condition: Condition) -> Self {
        Item {
            condition: Some(condition),
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
            critical_scope: CriticalScope::Form,
            answer: AnswerType::Scale(policy.scale()),
            points: None,
            role: ItemRole::Scored,
            condition: None,
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

    /// What the item's failure fails, if it is critical.
    pub const fn critical_scope(&self) -> CriticalScope {
        self.critical_scope
    }

    /// The points its best answer earns, for a rating or yes/no item that has them (a choice
    /// item's points are on its choices).
    pub const fn points(&self) -> Option<f64> {
        self.points
    }

    /// What its answer does: scored, bonus or recorded only.
    pub const fn role(&self) -> ItemRole {
        self.role
    }

    /// When it applies, if only sometimes.
    pub const fn condition(&self) -> Option<&Condition> {
        self.condition.as_ref()
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
        // A rating on its scale, the commonest answer, is scored here; the rest out of line, so
        // that this stays small enough to inline into the evaluation loop.
        if let (AnswerType::Scale(scale), Answer::Rating(r)) = (&self.answer, answer)
            && scale.contains(i64::from(r))
        {
            return Ok(Some(scale.normalise_checked(r)));
        }
        self.score_other(answer)
    }

    /// [`score`](Self::score) for every answer but a rating on the item's scale.
    #[inline(never)]
    fn score_other(&self, answer: Answer) -> Result<Option<Score>> {
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
    ///
    /// An answer's score is its place between the worst and best an answer can do: a choice
    /// `points / best` when choices earn points, `1 − points / worst` when they deduct, and 100
    /// when every choice is worth 0 (no answer loses anything); "yes" 0 and "no" 100 on a
    /// yes/no item that deducts.
    #[inline]
    pub(crate) fn normalise(&self, answer: Answer) -> Option<Score> {
        match (&self.answer, answer) {
            (AnswerType::Scale(scale), Answer::Rating(r)) => Some(scale.normalise_checked(r)),
            // Kept out of line so that the rating's case, the commonest, stays small enough to
            // inline into the evaluation loop.
            _ => self.normalise_other(answer),
        }
    }

    /// [`normalise`](Self::normalise) for every answer but a rating.
    #[inline(never)]
    fn normalise_other(&self, answer: Answer) -> Option<Score> {
        match (&self.answer, answer) {
            (AnswerType::YesNo, Answer::Yes) if !self.deducts() => Some(Score::MAX),
            (AnswerType::YesNo, Answer::No) if !self.deducts() => Some(Score::MIN),
            (AnswerType::YesNo, Answer::Yes) => Some(Score::MIN),
            (AnswerType::YesNo, Answer::No) => Some(Score::MAX),
            (AnswerType::Choices(choices), Answer::Choice(i)) => {
                let points = choices.get(usize::from(i))?.points;
                let (worst, best) = range(choices);
                // Choices never mix signs (checked when the item was built), so each share is
                // within 0..=1.
                Some(if best > 0.0 {
                    Score::from_fraction(points / best)
                } else if worst < 0.0 {
                    Score::from_fraction(1.0 - points / worst)
                } else {
                    Score::MAX
                })
            }
            _ => None,
        }
    }

    /// Whether the item's answers deduct points (a yes/no item with negative points, or choices
    /// worth 0 or less with one below 0).
    pub(crate) fn deducts(&self) -> bool {
        match &self.answer {
            AnswerType::Scale(_) => false,
            AnswerType::YesNo => self.points.is_some_and(|p| p < 0.0),
            AnswerType::Choices(choices) => range(choices).0 < 0.0,
        }
    }

    /// The points `answer` earns (negative: deducts); `None` for N/A, for an answer the item
    /// does not accept, and for a rating or yes/no item without points.
    pub(crate) fn earned(&self, answer: Answer) -> Option<f64> {
        match (&self.answer, answer) {
            (AnswerType::Scale(_), Answer::Rating(_)) => {
                Some(self.points? * self.normalise(answer)?.get() / 100.0)
            }
            (AnswerType::YesNo, Answer::Yes) => self.points,
            (AnswerType::YesNo, Answer::No) => self.points.map(|_| 0.0),
            (AnswerType::Choices(choices), Answer::Choice(i)) => {
                choices.get(usize::from(i)).map(Choice::points)
            }
            _ => None,
        }
    }

    /// The most points an answer can earn (0 for an item that only deducts).
    pub(crate) fn possible(&self) -> f64 {
        match &self.answer {
            AnswerType::Scale(_) | AnswerType::YesNo => self.points.unwrap_or(0.0).max(0.0),
            AnswerType::Choices(choices) => range(choices).1.max(0.0),
        }
    }

    /// Whether some answer is worth points, or deducts them: false for a choice list worth 0
    /// throughout, and for a rating or yes/no item without points or with 0.
    pub(crate) fn has_points(&self) -> bool {
        match &self.answer {
            AnswerType::Scale(_) | AnswerType::YesNo => self.points.is_some_and(|p| p != 0.0),
            AnswerType::Choices(choices) => choices.iter().any(|c| c.points != 0.0),
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

/// A choice list is not empty, has fewer than 2^16 entries, no label twice, and does not mix
/// choices that earn points with choices that deduct them.
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
    let (worst, best) = range(choices);
    if worst < 0.0 && best > 0.0 {
        return Err(form_error(
            Some(key),
            "choices",
            &format!("worth {worst} to {best} points"),
            "choices that all earn points (>= 0) or all deduct them (<= 0); split earning and \
             deducting into two items",
        ));
    }
    Ok(())
}

/// The lowest and highest points of a choice list.
fn range(choices: &[Choice]) -> (f64, f64) {
    choices
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), c| {
            (lo.min(c.points), hi.max(c.points))
        })
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
    bonus: bool,
    pass_mark: Option<Score>,
    critical_scope: CriticalScope,
    critical_rule: CriticalRule,
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
            bonus: false,
            pass_mark: None,
            critical_scope: CriticalScope::Form,
            critical_rule: CriticalRule::CapAtFailedItem,
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

    /// The same section as a bonus section: every item in it that is scored becomes a
    /// [bonus](ItemRole::Bonus) item.
    pub fn with_bonus(self, bonus: bool) -> Self {
        Section { bonus, ..self }
    }

    /// The same section made critical: every scored item in it that is not critical itself
    /// becomes critical with `pass_mark`, failing what [`with_critical_scope`](Self::with_critical_scope)
    /// says (the whole evaluation unless told otherwise).
    pub fn with_critical(self, pass_mark: Score) -> Self {
        Section {
            pass_mark: Some(pass_mark),
            ..self
        }
    }

    /// The same section with its items' failures (those it makes critical) failing the whole
    /// evaluation or only the section.
    ///
    /// ```
    /// use service_quality::{CriticalRule, Scale};
    /// use service_quality::form::{
    ///     Answer, Answers, CriticalScope, DEFAULT_PASS_MARK, Form, Item, Section,
    /// };
    ///
    /// let compliance = Section::new("compliance")?
    ///     .with_critical(DEFAULT_PASS_MARK)
    ///     .with_critical_scope(CriticalScope::Section)
    ///     .with_critical_rule(CriticalRule::ScoreZero);
    /// let form = Form::builder("call", 1)
    ///     .section(compliance)
    ///     .item(Item::yes_no("disclosure")?.with_section("compliance"))
    ///     .item(Item::yes_no("verification")?.with_section("compliance"))
    ///     .item(Item::scale("tone", Scale::ONE_TO_FIVE)?)
    ///     .build()?;
    /// // Disclosure "no" zeroes compliance (two items' worth); tone 5 keeps its 100:
    /// // (2 × 0 + 1 × 100) / 3, and the call still passes.
    /// let answers = Answers::from(vec![Answer::No, Answer::Yes, Answer::Rating(5)]);
    /// let evaluation = answers.evaluate(&form)?;
    /// assert_eq!(evaluation.overall().map(|s| s.get()), Some(100.0 / 3.0));
    /// assert!(evaluation.passed());
    /// assert_eq!(evaluation.failed_sections().count(), 1);
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn with_critical_scope(self, critical_scope: CriticalScope) -> Self {
        Section {
            critical_scope,
            ..self
        }
    }

    /// The same section with another rule for what a failure scoped to it does to its score
    /// (default: cap it at the failed item's score; [`CriticalRule::ScoreZero`] zeroes it;
    /// [`CriticalRule::FlagOnly`] only reports it).
    pub fn with_critical_rule(self, critical_rule: CriticalRule) -> Self {
        Section {
            critical_rule,
            ..self
        }
    }

    /// Whether it is a bonus section.
    pub const fn is_bonus(&self) -> bool {
        self.bonus
    }

    /// The pass mark it gives its items, if it is critical.
    pub const fn pass_mark(&self) -> Option<Score> {
        self.pass_mark
    }

    /// What the failures of the items it makes critical fail.
    pub const fn critical_scope(&self) -> CriticalScope {
        self.critical_scope
    }

    /// What a failure scoped to the section does to its score.
    pub const fn critical_rule(&self) -> CriticalRule {
        self.critical_rule
    }
}

#[cfg(feature = "serde")]
pub(crate) mod serde_impls {
    //! Items and sections read as plain JSON objects; every field but the key (and the answer
    //! type, for items) may be left out.

    use serde::{Deserialize, Serialize};

    use super::{AnswerType, Condition, CriticalScope, Item, ItemRole, Section, Subject};
    use crate::scoring::{CriticalRule, Error, Result, Score};

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
        #[serde(default, skip_serializing_if = "Option::is_none")]
        points: Option<f64>,
        #[serde(default, skip_serializing_if = "is_default")]
        role: ItemRole,
        #[serde(default)]
        not_applicable: bool,
        #[serde(default)]
        critical: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pass_mark: Option<f64>,
        #[serde(default, skip_serializing_if = "is_default")]
        critical_scope: CriticalScope,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        applies_when: Option<RawCondition>,
    }

    fn one() -> f64 {
        1.0
    }

    fn is_default<T: Default + PartialEq>(value: &T) -> bool {
        *value == T::default()
    }

    /// The pass mark of something marked `critical` (the default when none is given); a pass
    /// mark without `critical` is refused.
    fn pass_mark(
        item: Option<&str>,
        critical: bool,
        pass_mark: Option<f64>,
        what: &str,
    ) -> Result<Option<Score>> {
        match (critical, pass_mark) {
            (true, Some(m)) => Score::new(m).map(Some).map_err(|_| {
                super::form_error(
                    item,
                    "pass_mark",
                    &format!("{m}{what}"),
                    "a score in 0..=100",
                )
            }),
            (true, None) => Ok(Some(super::DEFAULT_PASS_MARK)),
            (false, Some(m)) => Err(super::form_error(
                item,
                "pass_mark",
                &format!("{m}{what}"),
                if item.is_some() {
                    "no pass mark on an item that is not critical"
                } else {
                    "no pass mark on a section that is not critical"
                },
            )),
            (false, None) => Ok(None),
        }
    }

    impl TryFrom<RawItem> for Item {
        type Error = Error;
        fn try_from(raw: RawItem) -> Result<Self> {
            let mut item = Item::new(raw.key, raw.answer)?
                .try_with_weight(raw.weight)?
                .with_description(raw.description)
                .with_not_applicable(raw.not_applicable)
                .with_role(raw.role)
                .with_critical_scope(raw.critical_scope);
            if let Some(name) = raw.name {
                item = item.with_name(name);
            }
            if let Some(section) = raw.section {
                item = item.with_section(section);
            }
            if let Some(points) = raw.points {
                item = item.try_with_points(points)?;
            }
            if let Some(condition) = raw.applies_when {
                item = item.with_condition(Condition::try_from(condition)?);
            }
            if let Some(mark) = pass_mark(Some(item.key()), raw.critical, raw.pass_mark, "")? {
                item = item.with_critical(mark);
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
                points: item.points,
                role: item.role,
                not_applicable: item.not_applicable,
                critical: item.pass_mark.is_some(),
                pass_mark: item.pass_mark.map(Score::get),
                critical_scope: item.critical_scope,
                applies_when: item.condition.as_ref().map(RawCondition::from),
            }
        }
    }

    /// `{"item": "outcome", "is": ["Escalated"]}` or `{"context": "channel", "is": ["phone"]}`.
    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(crate) struct RawCondition {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        item: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        context: Option<String>,
        is: Vec<String>,
    }

    impl TryFrom<RawCondition> for Condition {
        type Error = Error;
        fn try_from(raw: RawCondition) -> Result<Self> {
            match (raw.item, raw.context) {
                (Some(item), None) => Ok(Condition::item(item, raw.is)),
                (None, Some(field)) => Ok(Condition::context(field, raw.is)),
                (item, context) => Err(super::form_error(
                    None,
                    "applies_when",
                    &format!(
                        "{} of 'item' and 'context'",
                        if item.is_some() && context.is_some() {
                            "both"
                        } else {
                            "neither"
                        }
                    ),
                    "exactly one of 'item' and 'context'",
                )),
            }
        }
    }

    impl From<&Condition> for RawCondition {
        fn from(condition: &Condition) -> Self {
            let (item, context) = match &condition.on {
                Subject::Item(key) => (Some(key.clone()), None),
                Subject::Context(field) => (None, Some(field.clone())),
            };
            RawCondition {
                item,
                context,
                is: condition.values.clone(),
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
        #[serde(default, skip_serializing_if = "is_default")]
        bonus: bool,
        #[serde(default, skip_serializing_if = "is_default")]
        critical: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pass_mark: Option<f64>,
        #[serde(default, skip_serializing_if = "is_default")]
        critical_scope: CriticalScope,
        #[serde(default, skip_serializing_if = "is_default")]
        critical_rule: CriticalRule,
    }

    impl TryFrom<RawSection> for Section {
        type Error = Error;
        fn try_from(raw: RawSection) -> Result<Self> {
            let mut section = Section::new(raw.key)?
                .with_bonus(raw.bonus)
                .with_critical_scope(raw.critical_scope)
                .with_critical_rule(raw.critical_rule);
            if let Some(name) = raw.name {
                section = section.with_name(name);
            }
            if let Some(weight) = raw.weight {
                section = section.try_with_weight(weight)?;
            }
            let what = format!(" for section '{}'", section.key);
            if let Some(mark) = pass_mark(None, raw.critical, raw.pass_mark, &what)? {
                section = section.with_critical(mark);
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
                bonus: section.bonus,
                critical: section.pass_mark.is_some(),
                pass_mark: section.pass_mark.map(Score::get),
                critical_scope: section.critical_scope,
                critical_rule: section.critical_rule,
            }
        }
    }
}
