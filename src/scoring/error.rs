//! The crate's one error type.
//!
//! Every fallible function in the crate returns [`Result<T>`](crate::Result). The variants carry the
//! offending field, the value and what was allowed, so a caller can match on them, and their
//! `Display` text is a lowercase phrase that says all three. That text is part of the API: it is
//! pinned in tests and is the same whether a value came from a constructor or from JSON.

use crate::scoring::Scale;

/// A shorthand for `Result<T, service_quality::Error>`.
pub type Result<T, E = Error> = core::result::Result<T, E>;

/// Everything that can go wrong when building or scoring a model.
///
/// # Examples
///
/// ```
/// use service_quality::{Error, Scale};
///
/// let err = Scale::new(5, 1).unwrap_err();
/// assert_eq!(err, Error::InvalidScale { min: 5, max: 1 });
/// assert_eq!(err.to_string(), "scale 5..=1 is empty, expected a minimum below the maximum");
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A rating scale whose minimum is not below its maximum.
    #[error("scale {min}..={max} is empty, expected a minimum below the maximum")]
    InvalidScale {
        /// The requested minimum.
        min: i64,
        /// The requested maximum.
        max: i64,
    },

    /// A rating outside its scale.
    #[error("rating{} is {value}, expected a value in {scale}", for_field(*.field))]
    RatingOutOfRange {
        /// The dimension or field rated, when there is one (`"respect"`, `"feeling"`).
        field: Option<&'static str>,
        /// The rejected value.
        value: i64,
        /// The scale the rating had to lie on.
        scale: Scale,
    },

    /// A score, threshold or other 0–100 quantity that is NaN, infinite or out of range.
    #[error("score{} is {value}, expected a finite value in 0..=100", for_field(*.field))]
    ScoreOutOfRange {
        /// What the score was for, when known (`"gate"`, `"excellent"`).
        field: Option<&'static str>,
        /// The rejected value.
        value: f64,
    },

    /// A number outside the range its field allows (a severity, a fraction, a level).
    #[error("{field} is {value}, expected {expected}")]
    ValueOutOfRange {
        /// The field (`"severity"`, `"vital_few_threshold"`).
        field: &'static str,
        /// The rejected value.
        value: f64,
        /// What was allowed (`"a finite value > 0"`).
        expected: &'static str,
    },

    /// A summary of nothing asked for something only data can give (a ranking, a mean).
    #[error("{what} is empty, expected at least one {item}")]
    Empty {
        /// What was empty (`"breakdown aggregate"`).
        what: &'static str,
        /// What it needed (`"breakdown"`).
        item: &'static str,
    },

    /// Stored totals that no sequence of valid inputs could have produced, such as a
    /// deserialised aggregate whose parts do not add up.
    #[error("{field} is {value}, expected {expected}")]
    Inconsistent {
        /// The total that does not fit (`"sum of weighted shares"`).
        field: &'static str,
        /// Its value.
        value: f64,
        /// What the other totals imply (`"the total weight, 3"`).
        expected: String,
    },

    /// A weight that is negative, NaN or infinite.
    #[error("weight for '{field}' is {value}, expected a finite value >= 0")]
    InvalidWeight {
        /// The dimension the weight was for.
        field: &'static str,
        /// The rejected value.
        value: f64,
    },

    /// Every weight is zero, so no weighted mean exists.
    #[error("weights are all zero, expected at least one positive weight")]
    AllWeightsZero,

    /// Band thresholds that do not rise strictly from "needs improvement" to "excellent".
    #[error(
        "band thresholds are needs_improvement {needs_improvement}, good {good}, excellent {excellent}, \
         expected needs_improvement < good < excellent"
    )]
    BandThresholdsNotIncreasing {
        /// The lowest score that is not poor.
        needs_improvement: f64,
        /// The lowest score that is good.
        good: f64,
        /// The lowest score that is excellent.
        excellent: f64,
    },

    /// A statistic that does not exist for the data given (it would divide by zero).
    #[error("{what} is undefined: {reason}")]
    Degenerate {
        /// The statistic (`"Cohen's kappa"`, `"NPS interval"`).
        what: &'static str,
        /// Why (`"every answer is in one category"`).
        reason: &'static str,
    },

    /// Two summaries or inputs that must share a setting (scale, threshold, item count) do not.
    #[error("{field} differs: {found} here, {expected} expected")]
    Mismatch {
        /// What differs (`"CSAT scale"`, `"number of items"`).
        field: &'static str,
        /// The value found.
        found: String,
        /// The value required.
        expected: String,
    },

    /// The reply checker's phrase matcher could not be built (a limit of the matching engine;
    /// not expected with the built-in phrases).
    #[error("could not build the phrase matcher: {reason}")]
    Matcher {
        /// What the matching engine reported.
        reason: String,
    },

    /// Two thresholds that must rise from one to the other do not.
    #[error(
        "thresholds are {low_field} {low}, {high_field} {high}, expected {low_field} < {high_field}"
    )]
    ThresholdsNotIncreasing {
        /// The threshold that must be lower (`"boss_below"`).
        low_field: &'static str,
        /// Its value.
        low: f64,
        /// The threshold that must be higher (`"leader_from"`).
        high_field: &'static str,
        /// Its value.
        high: f64,
    },

    /// Text that does not parse as what its field needs.
    #[error("{field} is '{value}', expected {expected}")]
    InvalidText {
        /// The field (`"respect"`, `"row"`).
        field: &'static str,
        /// The text given.
        value: String,
        /// What was expected (`"a whole number"`).
        expected: &'static str,
    },

    /// Text that must not be empty (or only white space) was.
    #[error("{field} is empty, expected some text")]
    EmptyText {
        /// The field (`"rater id"`).
        field: &'static str,
    },

    /// Two raters in one review share an id.
    #[error("duplicate rater id '{id}'")]
    DuplicateRater {
        /// The repeated id.
        id: String,
    },

    /// A name that matches no variant of the enum it was parsed as.
    #[error("unknown {kind} '{value}', expected {expected}")]
    UnknownName {
        /// What was being parsed (`"PROUD principle"`, `"band"`).
        kind: &'static str,
        /// The text that was given.
        value: String,
        /// What would have been accepted (`"one of: poor, needs_improvement, good, excellent"`).
        expected: String,
    },

    /// A per-dimension collection (ratings, weights) with a dimension left out.
    #[error("missing {what} for '{field}'")]
    Missing {
        /// What was missing (`"rating"`, `"weight"`).
        what: &'static str,
        /// The dimension it was missing for.
        field: &'static str,
    },

    /// A per-dimension collection that names the same dimension twice.
    #[error("duplicate {what} for '{field}'")]
    Duplicate {
        /// What was repeated (`"rating"`, `"weight"`).
        what: &'static str,
        /// The dimension named twice.
        field: &'static str,
    },

    /// Two values that must share a rating scale do not.
    #[error("scale of {field} is {found}, expected {expected}")]
    ScaleMismatch {
        /// What was on the wrong scale (`"ratings"`, `"feeling"`).
        field: &'static str,
        /// The scale it was on.
        found: Scale,
        /// The scale it had to be on.
        expected: Scale,
    },

    /// An answer that does not fit its item: off the item's scale, of the wrong type, N/A where
    /// the item does not allow it, or missing.
    #[error("answer for '{item}' is {value}, expected {expected}")]
    InvalidAnswer {
        /// The item's key (`"tone"`) or dimension name (`"deliver"`).
        item: String,
        /// The answer given, as text (`"7"`, `"n/a"`, `"'maybe'"`, `"missing"`).
        value: String,
        /// What the item accepts (`"a rating in 1..=5"`, `"yes or no"`).
        expected: String,
    },

    /// A run-time form whose definition cannot be scored, naming the item (when the problem is
    /// one item's) and the field at fault.
    #[error("{field}{} is {value}, expected {expected}", of_item(.item.as_deref()))]
    InvalidForm {
        /// The item's key, or `None` for a problem of the form as a whole, a section or a choice.
        item: Option<String>,
        /// The field (`"weight"`, `"key"`, `"choices"`, `"items"`).
        field: &'static str,
        /// The value given, as text.
        value: String,
        /// What was allowed.
        expected: String,
    },

    /// An answer, column or total for an item the form does not have.
    #[error("unknown item '{item}', expected an item of the form{}", closest_note(.closest.as_deref()))]
    UnknownItem {
        /// The key given.
        item: String,
        /// The form's item key closest to it, if any is close.
        closest: Option<String>,
    },

    /// A header row with no column for an item.
    #[error("missing column for '{item}'")]
    MissingColumn {
        /// The item (or dimension) without a column.
        item: String,
    },

    /// A header that names neither an item nor a column the caller declared.
    #[error(
        "unknown column '{header}', expected an item or a declared extra column{}",
        closest_note(.closest.as_deref())
    )]
    UnknownColumn {
        /// The header as given.
        header: String,
        /// The expected name closest to it, if any is close.
        closest: Option<String>,
    },

    /// An index past the end of what it indexes: a row of a batch, a group key.
    #[error("{field} {index} is out of range, expected an index below {len}")]
    IndexOutOfRange {
        /// What was indexed (`"row"`, `"group key"`).
        field: &'static str,
        /// The index given.
        index: u64,
        /// How many there are.
        len: u64,
    },

    /// A row with fewer fields than the header.
    #[error("row has {found} fields, expected {expected}")]
    ShortRow {
        /// How many fields the row has.
        found: usize,
        /// How many the header has.
        expected: usize,
    },

    /// A statistic that does not exist for one named part of the data, such as an item whose
    /// scores do not vary.
    #[error("{what} is undefined for '{name}': {reason}")]
    DegenerateFor {
        /// The statistic (`"key driver analysis"`).
        what: &'static str,
        /// The part it is undefined for (an item's name).
        name: String,
        /// Why (`"its scores do not vary"`).
        reason: &'static str,
    },

    /// A key given twice where each must be unique, such as an item name or a reviewer's
    /// answer to one item on one subject.
    #[error("duplicate {what} '{key}'")]
    DuplicateKey {
        /// What was repeated (`"item name"`, `"answer"`).
        what: &'static str,
        /// The repeated key.
        key: String,
    },

    /// A label that names nothing in a list defined at run time (a cause of a
    /// [`CauseSet`](crate::breakdown::CauseSet)).
    #[error("unknown {kind} '{value}', expected one of: {expected}")]
    UnknownLabel {
        /// What was being looked up (`"cause"`).
        kind: &'static str,
        /// The label that was given.
        value: String,
        /// The labels the list has, comma-separated.
        expected: String,
    },

    /// A label given twice where each must appear once (a cause set, a breakdown's ratings).
    #[error("duplicate {kind} '{value}'")]
    DuplicateLabel {
        /// What was repeated (`"cause"`).
        kind: &'static str,
        /// The repeated label.
        value: String,
    },

    /// A rating outside its scale, for a dimension named at run time (a cause of a
    /// [`CauseSet`](crate::breakdown::CauseSet)). The message reads like
    /// [`Error::RatingOutOfRange`]'s.
    #[error("rating for '{label}' is {value}, expected a value in {scale}")]
    LabelRatingOutOfRange {
        /// The label of what was rated.
        label: String,
        /// The rejected value.
        value: i64,
        /// The scale the rating had to lie on.
        scale: Scale,
    },
}

/// ` of item 'tone'` or nothing, for [`Error::InvalidForm`].
fn of_item(item: Option<&str>) -> String {
    item.map(|i| format!(" of item '{i}'")).unwrap_or_default()
}

/// ` (closest: 'tone')` or nothing.
fn closest_note(name: Option<&str>) -> String {
    name.map(|n| format!(" (closest: '{n}')"))
        .unwrap_or_default()
}

/// Accepts a finite number, or names the field and the value.
pub(crate) fn finite(field: &'static str, value: f64) -> Result<f64> {
    check(field, value, value.is_finite(), "a finite number")
}

/// Accepts a finite number above zero, or names the field and the value.
pub(crate) fn positive(field: &'static str, value: f64) -> Result<f64> {
    check(
        field,
        value,
        value.is_finite() && value > 0.0,
        "a finite value > 0",
    )
}

/// Accepts a finite number of at least zero, or names the field and the value.
pub(crate) fn non_negative(field: &'static str, value: f64) -> Result<f64> {
    check(
        field,
        value,
        value.is_finite() && value >= 0.0,
        "a finite value >= 0",
    )
}

fn check(field: &'static str, value: f64, ok: bool, expected: &'static str) -> Result<f64> {
    if ok {
        Ok(value)
    } else {
        Err(Error::ValueOutOfRange {
            field,
            value,
            expected,
        })
    }
}

/// Renders `Some("respect")` as ` for 'respect'` and `None` as nothing, so one message template
/// serves both a named and an anonymous value.
fn for_field(field: Option<&'static str>) -> String {
    field.map(|f| format!(" for '{f}'")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_field_value_and_range() {
        let scale = Scale::new(1, 5).unwrap();
        let named = Error::RatingOutOfRange {
            field: Some("respect"),
            value: 7,
            scale,
        };
        assert_eq!(
            named.to_string(),
            "rating for 'respect' is 7, expected a value in 1..=5"
        );
        let anonymous = Error::RatingOutOfRange {
            field: None,
            value: 0,
            scale,
        };
        assert_eq!(
            anonymous.to_string(),
            "rating is 0, expected a value in 1..=5"
        );
        let score = Error::ScoreOutOfRange {
            field: Some("gate"),
            value: f64::NAN,
        };
        assert_eq!(
            score.to_string(),
            "score for 'gate' is NaN, expected a finite value in 0..=100"
        );
    }

    #[test]
    fn error_is_send_sync_and_std_error() {
        fn assert_traits<T: Send + Sync + std::error::Error + 'static>() {}
        assert_traits::<Error>();
    }
}
