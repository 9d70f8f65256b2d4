//! Answers to a form's items, and reading them from text.

use core::fmt;

use crate::form::{AnswerType, Form, Item};
use crate::scoring::{Error, Result};

/// One answer to one item: a rating, yes or no, a choice, or "not applicable".
///
/// Answers are plain values; whether an answer fits its item (the right type, on the scale, N/A
/// allowed) is checked when the answers are evaluated against the form.
///
/// In JSON a rating is a number, yes and no are `true` and `false`, a choice is
/// `{"choice": 2}` (its position in the item's list) and N/A is `null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Answer {
    /// A rating on the item's scale.
    Rating(i32),
    /// Yes.
    Yes,
    /// No.
    No,
    /// The choice at this position in the item's list.
    Choice(u16),
    /// Not applicable: the item did not arise.
    NotApplicable,
}

impl fmt::Display for Answer {
    /// `4`, `yes`, `no`, `choice 2` or `n/a`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Answer::Rating(r) => write!(f, "{r}"),
            Answer::Yes => f.write_str("yes"),
            Answer::No => f.write_str("no"),
            Answer::Choice(i) => write!(f, "choice {i}"),
            Answer::NotApplicable => f.write_str("n/a"),
        }
    }
}

/// The words that mean "not applicable", "yes" and "no" when answers are read from text (a CSV
/// cell, a form post). Matching ignores ASCII case and surrounding white space.
///
/// The defaults: N/A is an empty cell, `n/a`, `na` or `-`; yes is `yes`, `y` or `true`; no is
/// `no`, `n` or `false`. An empty cell is N/A because exports write nothing for a question that
/// did not arise; on an item that does not allow N/A it is then reported as such.
///
/// # Examples
///
/// ```
/// use service_quality::form::Tokens;
///
/// let tokens = Tokens::default().with_yes(["ja", "oui"]).with_not_applicable(["n.v.t."]);
/// assert!(tokens.is_yes(" Oui "));
/// assert!(tokens.is_not_applicable("N.V.T."));
/// assert!(tokens.is_not_applicable("")); // the defaults stay
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tokens {
    not_applicable: Vec<String>,
    yes: Vec<String>,
    no: Vec<String>,
}

impl Default for Tokens {
    fn default() -> Self {
        let owned = |words: &[&str]| words.iter().map(|&w| w.to_owned()).collect();
        Tokens {
            not_applicable: owned(&["", "n/a", "na", "-"]),
            yes: owned(&["yes", "y", "true"]),
            no: owned(&["no", "n", "false"]),
        }
    }
}

impl Tokens {
    /// No tokens at all: nothing reads as N/A, yes or no until added.
    pub fn none() -> Self {
        Tokens {
            not_applicable: Vec::new(),
            yes: Vec::new(),
            no: Vec::new(),
        }
    }

    /// The same tokens with more words for N/A.
    pub fn with_not_applicable<S: Into<String>>(
        mut self,
        words: impl IntoIterator<Item = S>,
    ) -> Self {
        self.not_applicable
            .extend(words.into_iter().map(normalised));
        self
    }

    /// The same tokens with more words for yes.
    pub fn with_yes<S: Into<String>>(mut self, words: impl IntoIterator<Item = S>) -> Self {
        self.yes.extend(words.into_iter().map(normalised));
        self
    }

    /// The same tokens with more words for no.
    pub fn with_no<S: Into<String>>(mut self, words: impl IntoIterator<Item = S>) -> Self {
        self.no.extend(words.into_iter().map(normalised));
        self
    }

    /// Whether `text` means N/A.
    pub fn is_not_applicable(&self, text: &str) -> bool {
        matches(&self.not_applicable, text)
    }

    /// Whether `text` means yes.
    pub fn is_yes(&self, text: &str) -> bool {
        matches(&self.yes, text)
    }

    /// Whether `text` means no.
    pub fn is_no(&self, text: &str) -> bool {
        matches(&self.no, text)
    }

    /// Reads `text` as an answer to `item`, then checks it against the item. N/A is read for a
    /// [conditional](crate::form::Condition) item even where the item does not allow N/A: its
    /// condition decides, when the answers are evaluated, whether N/A is right.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidAnswer`] naming the item, the text and what the item accepts.
    ///
    /// ```
    /// use service_quality::Scale;
    /// use service_quality::form::{Answer, Item, Tokens};
    ///
    /// let tokens = Tokens::default();
    /// let verification = Item::yes_no("verification")?;
    /// assert_eq!(tokens.read(&verification, "Yes")?, Answer::Yes);
    /// assert_eq!(
    ///     tokens.read(&verification, "maybe").unwrap_err().to_string(),
    ///     "answer for 'verification' is 'maybe', expected yes or no"
    /// );
    /// let greeting = Item::scale("greeting", Scale::ONE_TO_FIVE)?;
    /// assert_eq!(
    ///     tokens.read(&greeting, "").unwrap_err().to_string(),
    ///     "answer for 'greeting' is n/a, expected a rating in 1..=5 (n/a is not allowed here)"
    /// );
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn read(&self, item: &Item, text: &str) -> Result<Answer> {
        let trimmed = text.trim();
        let answer = if self.is_not_applicable(trimmed) {
            Some(Answer::NotApplicable)
        } else {
            match item.answer_type() {
                AnswerType::Scale(_) => trimmed.parse::<i32>().ok().map(Answer::Rating),
                AnswerType::YesNo if self.is_yes(trimmed) => Some(Answer::Yes),
                AnswerType::YesNo if self.is_no(trimmed) => Some(Answer::No),
                AnswerType::YesNo => None,
                AnswerType::Choices(_) => item.choice_index(trimmed).map(Answer::Choice),
            }
        };
        let answer = answer.ok_or_else(|| item.invalid(&format!("'{trimmed}'")))?;
        // A conditional item is N/A by rule where its condition does not hold; whether N/A is
        // allowed where it does is checked when the answers are evaluated.
        if answer == Answer::NotApplicable && item.condition().is_some() {
            return Ok(answer);
        }
        item.score(answer)?;
        Ok(answer)
    }
}

fn normalised(word: impl Into<String>) -> String {
    word.into().trim().to_ascii_lowercase()
}

fn matches(words: &[String], text: &str) -> bool {
    let text = text.trim();
    words.iter().any(|w| w.eq_ignore_ascii_case(text))
}

/// One answer per item of a form, in the form's item order: the input a form evaluates.
///
/// Build it from [`Answer`]s in order, read it from keyed text with
/// [`from_text`](Self::from_text), or fill and reuse one buffer per record (`clear` and
/// `extend`), which is how a stream of records is evaluated without allocating.
///
/// # Examples
///
/// ```
/// use service_quality::form::{Answer, Answers};
///
/// let answers: Answers = [Answer::Rating(4), Answer::Yes, Answer::Rating(3), Answer::NotApplicable]
///     .into_iter()
///     .collect();
/// assert_eq!(answers.len(), 4);
/// # Ok::<(), service_quality::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Answers {
    answers: Vec<Answer>,
    /// Named fields of the record besides the answers: the context conditions look at, and the
    /// other columns an import keeps (agent, team, ticket).
    fields: Vec<(String, String)>,
}

impl Answers {
    /// No answers yet.
    pub const fn new() -> Self {
        Answers {
            answers: Vec::new(),
            fields: Vec::new(),
        }
    }

    /// The same answers with field `name` set to `value`: a context field a condition looks
    /// at (`"channel"`), or any other field kept with the record (`"agent"`). Setting a field
    /// again replaces its value; names match ignoring ASCII case.
    ///
    /// ```
    /// use service_quality::form::{Answer, Answers};
    ///
    /// let answers = Answers::from(vec![Answer::Yes])
    ///     .with_field("channel", "phone")
    ///     .with_field("Channel", "chat");
    /// assert_eq!(answers.field("CHANNEL"), Some("chat"));
    /// assert_eq!(answers.fields().count(), 1);
    /// ```
    pub fn with_field(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.set_field(name, value);
        self
    }

    /// Sets field `name` to `value` (see [`with_field`](Self::with_field)).
    pub fn set_field(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let (name, value) = (name.into(), value.into());
        match self
            .fields
            .iter_mut()
            .find(|(n, _)| n.eq_ignore_ascii_case(&name))
        {
            Some((_, slot)) => *slot = value,
            None => self.fields.push((name, value)),
        }
    }

    /// The value of field `name` (ignoring ASCII case), if set.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every field as `(name, value)`, in the order first set.
    pub fn fields(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.fields.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// Answers read from `(item key, text)` pairs, one per item of `form` in any order, each
    /// read with `tokens`.
    ///
    /// # Errors
    ///
    /// The first problem: [`Error::UnknownName`] for a key the form does not have (with the
    /// closest key), and [`Error::InvalidAnswer`] for an item answered twice, an answer that
    /// does not fit its item, or an item left out.
    ///
    /// ```
    /// use service_quality::Scale;
    /// use service_quality::form::{Answers, Form, Item, Tokens};
    ///
    /// let form = Form::builder("call_review", 1)
    ///     .item(Item::scale("greeting", Scale::ONE_TO_FIVE)?)
    ///     .item(Item::yes_no("verification")?)
    ///     .build()?;
    /// let tokens = Tokens::default();
    /// let answers = Answers::from_text(&form, [("verification", "yes"), ("greeting", "4")], &tokens)?;
    /// assert_eq!(answers.len(), 2);
    /// assert_eq!(
    ///     Answers::from_text(&form, [("greting", "4")], &tokens).unwrap_err().to_string(),
    ///     "unknown item 'greting', expected an item of the form (closest: 'greeting')"
    /// );
    /// assert_eq!(
    ///     Answers::from_text(&form, [("greeting", "4")], &tokens).unwrap_err().to_string(),
    ///     "answer for 'verification' is missing, expected yes or no"
    /// );
    /// # Ok::<(), service_quality::Error>(())
    /// ```
    pub fn from_text<'t>(
        form: &Form,
        pairs: impl IntoIterator<Item = (&'t str, &'t str)>,
        tokens: &Tokens,
    ) -> Result<Self> {
        let mut slots: Vec<Option<Answer>> = vec![None; form.items().len()];
        for (key, text) in pairs {
            let (index, item) = form.find(key)?;
            let answer = tokens.read(item, text)?;
            match slots.get_mut(index) {
                Some(Some(_)) => return Err(item.invalid_twice()),
                Some(slot) => *slot = Some(answer),
                None => {}
            }
        }
        form.items()
            .iter()
            .zip(slots)
            .map(|(item, slot)| slot.ok_or_else(|| item.missing()))
            .collect()
    }

    /// The answers as a slice, in item order.
    pub fn as_slice(&self) -> &[Answer] {
        &self.answers
    }

    /// How many answers there are.
    pub fn len(&self) -> usize {
        self.answers.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.answers.is_empty()
    }

    /// Appends one answer (the next item's).
    pub fn push(&mut self, answer: Answer) {
        self.answers.push(answer);
    }

    /// Removes every answer and field, keeping the buffers for the next record.
    pub fn clear(&mut self) {
        self.answers.clear();
        self.fields.clear();
    }
}

impl Item {
    /// The error for an item left out.
    pub(crate) fn missing(&self) -> Error {
        Error::InvalidAnswer {
            item: self.key().to_owned(),
            value: "missing".to_owned(),
            expected: self.answer_type().expected(),
        }
    }

    /// The error for an item answered twice.
    pub(crate) fn invalid_twice(&self) -> Error {
        Error::InvalidAnswer {
            item: self.key().to_owned(),
            value: "given twice".to_owned(),
            expected: "one answer per item".to_owned(),
        }
    }
}

impl From<Vec<Answer>> for Answers {
    fn from(answers: Vec<Answer>) -> Self {
        Answers {
            answers,
            fields: Vec::new(),
        }
    }
}

impl FromIterator<Answer> for Answers {
    fn from_iter<I: IntoIterator<Item = Answer>>(iter: I) -> Self {
        Answers::from(iter.into_iter().collect::<Vec<_>>())
    }
}

impl Extend<Answer> for Answers {
    fn extend<I: IntoIterator<Item = Answer>>(&mut self, iter: I) {
        self.answers.extend(iter);
    }
}

impl core::ops::Deref for Answers {
    type Target = [Answer];
    fn deref(&self) -> &[Answer] {
        &self.answers
    }
}

#[cfg(feature = "serde")]
mod serde_impls {
    use serde::de::{self, Deserializer, MapAccess, Visitor};
    use serde::ser::{SerializeMap, Serializer};
    use serde::{Deserialize, Serialize};

    use super::{Answer, Answers};

    impl Serialize for Answer {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            match *self {
                Answer::Rating(r) => serializer.serialize_i32(r),
                Answer::Yes => serializer.serialize_bool(true),
                Answer::No => serializer.serialize_bool(false),
                Answer::Choice(i) => {
                    let mut map = serializer.serialize_map(Some(1))?;
                    map.serialize_entry("choice", &i)?;
                    map.end()
                }
                Answer::NotApplicable => serializer.serialize_none(),
            }
        }
    }

    impl<'de> Deserialize<'de> for Answer {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct AnswerVisitor;
            impl<'de> Visitor<'de> for AnswerVisitor {
                type Value = Answer;
                fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                    f.write_str("a rating, true or false, {\"choice\": n} or null")
                }
                fn visit_i64<E: de::Error>(self, v: i64) -> Result<Answer, E> {
                    i32::try_from(v)
                        .map(Answer::Rating)
                        .map_err(|_| E::custom(format!("rating {v} is out of range for a rating")))
                }
                fn visit_u64<E: de::Error>(self, v: u64) -> Result<Answer, E> {
                    i32::try_from(v)
                        .map(Answer::Rating)
                        .map_err(|_| E::custom(format!("rating {v} is out of range for a rating")))
                }
                fn visit_bool<E: de::Error>(self, v: bool) -> Result<Answer, E> {
                    Ok(if v { Answer::Yes } else { Answer::No })
                }
                fn visit_unit<E: de::Error>(self) -> Result<Answer, E> {
                    Ok(Answer::NotApplicable)
                }
                fn visit_none<E: de::Error>(self) -> Result<Answer, E> {
                    Ok(Answer::NotApplicable)
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Answer, A::Error> {
                    let key: Option<String> = map.next_key()?;
                    match key.as_deref() {
                        Some("choice") => {
                            let index: u16 = map.next_value()?;
                            if map.next_key::<String>()?.is_some() {
                                return Err(de::Error::custom("a choice has one field, 'choice'"));
                            }
                            Ok(Answer::Choice(index))
                        }
                        _ => Err(de::Error::custom("expected {\"choice\": n}")),
                    }
                }
            }
            deserializer.deserialize_any(AnswerVisitor)
        }
    }

    /// Answers with fields: `{"answers": [...], "fields": {"channel": "phone"}}`.
    #[derive(Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct WithFields {
        answers: Vec<Answer>,
        #[serde(default)]
        fields: Vec<(String, String)>,
    }

    impl Serialize for Answers {
        /// A list of answers, or with fields `{"answers": [...], "fields": [["channel",
        /// "phone"]]}` (fields keep their order).
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            if self.fields.is_empty() {
                self.answers.serialize(serializer)
            } else {
                WithFields {
                    answers: self.answers.clone(),
                    fields: self.fields.clone(),
                }
                .serialize(serializer)
            }
        }
    }

    impl<'de> Deserialize<'de> for Answers {
        /// Either form `Serialize` writes.
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct AnswersVisitor;
            impl<'de> Visitor<'de> for AnswersVisitor {
                type Value = Answers;
                fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                    f.write_str("a list of answers, or {\"answers\": [...], \"fields\": [...]}")
                }
                fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Answers, A::Error> {
                    Vec::<Answer>::deserialize(de::value::SeqAccessDeserializer::new(seq))
                        .map(Answers::from)
                }
                fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Answers, A::Error> {
                    let raw = WithFields::deserialize(de::value::MapAccessDeserializer::new(map))?;
                    let mut answers = Answers::from(raw.answers);
                    for (name, value) in raw.fields {
                        if answers.field(&name).is_some() {
                            return Err(de::Error::custom(format!(
                                "field '{name}' is given twice, expected each field once"
                            )));
                        }
                        answers.set_field(name, value);
                    }
                    Ok(answers)
                }
            }
            deserializer.deserialize_any(AnswersVisitor)
        }
    }
}
