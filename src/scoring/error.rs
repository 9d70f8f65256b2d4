//! The crate's one error type.
//!
//! Every fallible function in the crate returns [`Result<T>`](crate::Result). The variants carry the
//! offending field, the value and what was allowed, so a caller can match on them, and their
//! `Display` text is a lowercase phrase that says all three. That text is part of the API: it is
//! pinned in tests and is the same whether a value came from a constructor or from JSON.
//!
//! The enum and every variant are `#[non_exhaustive]`: new variants and new fields can be added
//! without breaking a caller, who matches with `..` (see [the design notes](crate::design) for
//! why an enum rather than an opaque error with a kind).

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
/// assert!(matches!(err, Error::InvalidScale { min: 5, max: 1, .. }));
/// assert_eq!(err.to_string(), "scale 5..=1 is empty, expected a minimum below the maximum");
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A rating scale whose minimum is not below its maximum.
    #[error("scale {min}..={max} is empty, expected a minimum below the maximum")]
    #[non_exhaustive]
    InvalidScale {
        /// The requested minimum.
        min: i64,
        /// The requested maximum.
        max: i64,
    },

    /// A rating outside its scale.
    #[error("rating{} is {value}, expected a value in {scale}", for_field(.field.as_deref()))]
    #[non_exhaustive]
    RatingOutOfRange {
        /// What was rated, when it has a name (`"respect"`, `"feeling"`, a cause's label).
        field: Option<String>,
        /// The rejected value.
        value: i64,
        /// The scale the rating had to lie on.
        scale: Scale,
    },

    /// A score, threshold or other 0–100 quantity that is NaN, infinite or out of range.
    #[error("score{} is {value}, expected a finite value in 0..=100", for_field(*.field))]
    #[non_exhaustive]
    ScoreOutOfRange {
        /// What the score was for, when known (`"pass_mark"`, `"excellent"`).
        field: Option<&'static str>,
        /// The rejected value.
        value: f64,
    },

    /// A number outside the range its field allows (a severity, a fraction, a bound).
    #[error("{field} is {value}, expected {expected}")]
    #[non_exhaustive]
    ValueOutOfRange {
        /// The field (`"severity"`, `"scale minimum"`).
        field: &'static str,
        /// The rejected value.
        value: f64,
        /// What was allowed (`"a finite value > 0"`).
        expected: &'static str,
    },

    /// A whole number outside what its field allows: a count, a size, an item number, a bound
    /// of a scale.
    #[error("{field} is {value}, expected {expected}")]
    #[non_exhaustive]
    IntegerOutOfRange {
        /// The field (`"number of driver items"`, `"min_group_size"`).
        field: &'static str,
        /// The rejected value, in decimal digits: exact whatever its integer type (a count of
        /// `u64`s can add up past any fixed width).
        value: String,
        /// What was allowed (`"at most 15"`).
        expected: &'static str,
    },

    /// A summary of nothing asked for something only data can give (a ranking, a mean).
    #[error("{what} is empty, expected at least one {item}")]
    #[non_exhaustive]
    Empty {
        /// What was empty (`"breakdown aggregate"`).
        what: &'static str,
        /// What it needed (`"breakdown"`).
        item: &'static str,
    },

    /// Values that cannot stand together: stored totals that no sequence of valid inputs could
    /// have produced (a deserialised summary whose parts do not add up), or days out of order
    /// (a period that ends before it starts, a dispute opened after its appeal window).
    #[error("{field} is {value}, expected {expected}")]
    #[non_exhaustive]
    Inconsistent {
        /// The total that does not fit (`"band counts"`).
        field: &'static str,
        /// Its value, as stored (a count prints exactly, a sum as the float it is).
        value: String,
        /// What the other totals imply (`"the scored count, 3"`).
        expected: String,
    },

    /// A weight that is negative, NaN or infinite.
    #[error("weight for '{field}' is {value}, expected a finite value >= 0")]
    #[non_exhaustive]
    InvalidWeight {
        /// The dimension the weight was for.
        field: &'static str,
        /// The rejected value.
        value: f64,
    },

    /// Every weight is zero, so no weighted mean exists.
    #[error("weights are all zero, expected at least one positive weight")]
    AllWeightsZero,

    /// Cut points that must rise strictly from one to the next do not (band thresholds, the
    /// boss and leader poles).
    #[error(
        "thresholds are {low_field} {low}, {high_field} {high}, expected {low_field} < {high_field}"
    )]
    #[non_exhaustive]
    ThresholdsNotIncreasing {
        /// The cut point that must be lower (`"needs_improvement"`).
        low_field: &'static str,
        /// Its value.
        low: f64,
        /// The cut point that must be higher (`"good"`).
        high_field: &'static str,
        /// Its value.
        high: f64,
    },

    /// A statistic that does not exist for the data given (it would divide by zero), for the
    /// data as a whole or for one named part of it.
    #[error("{what} is undefined{}: {reason}", for_field(.part.as_deref()))]
    #[non_exhaustive]
    Degenerate {
        /// The statistic (`"Cohen's kappa"`, `"key driver analysis"`).
        what: &'static str,
        /// The part of the data it is undefined for (an item's name), if not all of it.
        part: Option<String>,
        /// Why (`"every answer is in one category"`).
        reason: &'static str,
    },

    /// Two summaries or inputs that must share a setting (scale, form, item count) do not.
    #[error("{field} differs: {found} here, {expected} expected")]
    #[non_exhaustive]
    Mismatch {
        /// What differs (`"CSAT scale"`, `"form"`).
        field: &'static str,
        /// The value found.
        found: String,
        /// The value required.
        expected: String,
    },

    /// The reply checker's phrase matcher could not be built (a limit of the matching engine;
    /// not expected with the built-in phrases).
    #[error("could not build the phrase matcher: {reason}")]
    #[non_exhaustive]
    Matcher {
        /// What the matching engine reported.
        reason: String,
    },

    /// Text that does not parse as what its field needs.
    #[error("{field} is '{value}', expected {expected}")]
    #[non_exhaustive]
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
    #[non_exhaustive]
    EmptyText {
        /// The field (`"rater id"`).
        field: &'static str,
    },

    /// A name that matches nothing it could name: a variant of an enum, an item of a form, a
    /// cause of a cause set, a column of an export.
    #[error("unknown {kind} '{value}', expected {expected}{}", closest_note(.closest.as_deref()))]
    #[non_exhaustive]
    UnknownName {
        /// What was being looked up (`"PROUD principle"`, `"item"`, `"column"`).
        kind: &'static str,
        /// The text that was given.
        value: String,
        /// What would have been accepted (`"one of: poor, needs_improvement, good, excellent"`).
        expected: String,
        /// The accepted name closest to the one given, when one is close enough to be a likely
        /// typo (boxed, which keeps every `Result` of the crate small).
        closest: Option<Box<str>>,
    },

    /// Something each record must have once is left out (a dimension's rating, an item's
    /// column).
    #[error("missing {what} '{key}'")]
    #[non_exhaustive]
    Missing {
        /// What was missing, with its preposition (`"rating for"`, `"column for"`).
        what: &'static str,
        /// What it was missing for (`"deliver"`, `"tone"`).
        key: String,
    },

    /// Something that must be unique was given twice (a dimension's rating, a rater id, a
    /// cause's label, a reviewer's answer).
    #[error("duplicate {what} '{key}'")]
    #[non_exhaustive]
    Duplicate {
        /// What was repeated, with any preposition (`"rating for"`, `"rater id"`, `"cause"`).
        what: &'static str,
        /// The repeated key.
        key: String,
    },

    /// Two values that must share a rating scale do not.
    #[error("scale of {field} is {found}, expected {expected}")]
    #[non_exhaustive]
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
    #[non_exhaustive]
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
    #[non_exhaustive]
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

    /// An index past the end of what it indexes: a row of a batch, a group key.
    #[error("{field} {index} is out of range, expected an index below {len}")]
    #[non_exhaustive]
    IndexOutOfRange {
        /// What was indexed (`"row"`, `"group key"`).
        field: &'static str,
        /// The index given.
        index: u64,
        /// How many there are.
        len: u64,
    },

    /// Taking out of a summary what it does not hold: an evaluation removed (or replaced)
    /// that was never added, found where a count or a sum would fall below zero. The summary is
    /// left as it was.
    #[error(
        "cannot take out of the summary: {field} of '{item}' is {held}, less than the {removing} taken out"
    )]
    #[non_exhaustive]
    NotInSummary {
        /// The total that would fall below zero (`"answered"`, `"sum"`, `"band count"`).
        field: &'static str,
        /// Whose total it is: an item's key, `"overall"`, a band or an answer's label.
        item: String,
        /// What the summary holds.
        held: String,
        /// What was to be taken out.
        removing: String,
    },

    /// A row with more or fewer fields than the header: a short row, or a long one whose
    /// columns have probably shifted (an unquoted comma in a free-text cell).
    #[error("row has {found} fields, expected {expected}")]
    #[non_exhaustive]
    RowLength {
        /// How many fields the row has.
        found: usize,
        /// How many the header has.
        expected: usize,
    },
}

/// Declares [`ErrorKind`] with one variant per [`Error`] variant, its names and
/// [`Error::kind`], from one list, so a new error variant cannot be left without its kind.
macro_rules! error_kinds {
    ($($kind:ident),+ $(,)?) => {
        /// Which variant an [`Error`] is, without its fields: what code that cannot hold the
        /// error itself matches on, such as an error that crossed a process boundary as text
        /// (the DataFusion companion's Ballista executors send theirs that way). Its name is
        /// the variant's name.
        ///
        /// ```
        /// use service_quality::{ErrorKind, Scale};
        ///
        /// let err = Scale::new(5, 1).unwrap_err();
        /// assert_eq!(err.kind(), ErrorKind::InvalidScale);
        /// assert_eq!(err.kind().name(), "InvalidScale");
        /// assert_eq!("InvalidScale".parse::<ErrorKind>()?, ErrorKind::InvalidScale);
        /// let typo = "InvalidScal".parse::<ErrorKind>().unwrap_err().to_string();
        /// assert!(typo.starts_with("unknown error kind 'InvalidScal', expected one of: InvalidScale, "));
        /// assert!(typo.ends_with(", RowLength (closest: 'InvalidScale')"));
        /// # Ok::<(), service_quality::Error>(())
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorKind {
            $(
                #[doc = concat!("[`Error::", stringify!($kind), "`].")]
                $kind,
            )+
        }

        impl ErrorKind {
            /// Every kind, in the order [`Error`] declares its variants.
            pub const ALL: &'static [ErrorKind] = &[$(ErrorKind::$kind),+];

            /// The variant's name, as [`Display`](core::fmt::Display) writes it and
            /// [`FromStr`](core::str::FromStr) reads it.
            pub const fn name(self) -> &'static str {
                match self {
                    $(ErrorKind::$kind => stringify!($kind),)+
                }
            }
        }

        impl Error {
            /// Which variant this error is.
            pub const fn kind(&self) -> ErrorKind {
                match self {
                    $(Error::$kind { .. } => ErrorKind::$kind,)+
                }
            }
        }
    };
}

error_kinds!(
    InvalidScale,
    RatingOutOfRange,
    ScoreOutOfRange,
    ValueOutOfRange,
    IntegerOutOfRange,
    Empty,
    Inconsistent,
    InvalidWeight,
    AllWeightsZero,
    ThresholdsNotIncreasing,
    Degenerate,
    Mismatch,
    Matcher,
    InvalidText,
    EmptyText,
    UnknownName,
    Missing,
    Duplicate,
    ScaleMismatch,
    InvalidAnswer,
    InvalidForm,
    IndexOutOfRange,
    NotInSummary,
    RowLength,
);

impl core::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

impl core::str::FromStr for ErrorKind {
    type Err = Error;

    /// Reads a kind's name exactly (case matters, as in the variant's name).
    ///
    /// # Errors
    ///
    /// [`Error::UnknownName`] listing every kind, with the closest when it is a likely typo.
    fn from_str(name: &str) -> Result<Self> {
        ErrorKind::ALL
            .iter()
            .copied()
            .find(|kind| kind.name() == name)
            .ok_or_else(|| {
                crate::scoring::names::unknown_name(
                    "error kind",
                    name,
                    ErrorKind::ALL.iter().map(|kind| kind.name()),
                )
            })
    }
}

/// Constructors for the errors that code embedding the crate must raise in the crate's own
/// words, before a value reaches it: an engine binding that reads ratings as bytes, say, meets
/// a 300 that no `Scale` could check. The variants are `#[non_exhaustive]`, so these are the
/// only way to build them outside the crate.
impl Error {
    /// A rating outside `scale`, for `field` when the rating has a name.
    ///
    /// ```
    /// use service_quality::{Error, Scale};
    ///
    /// let err = Error::rating_out_of_range(Some("respect"), 300, Scale::ONE_TO_FIVE);
    /// assert_eq!(err.to_string(), "rating for 'respect' is 300, expected a value in 1..=5");
    /// ```
    pub fn rating_out_of_range(field: Option<&str>, value: i64, scale: Scale) -> Error {
        Error::RatingOutOfRange {
            field: field.map(str::to_owned),
            value,
            scale,
        }
    }

    /// An answer that does not fit its item.
    ///
    /// ```
    /// use service_quality::Error;
    ///
    /// let err = Error::invalid_answer("tone", "70000", "a choice's position");
    /// assert_eq!(err.to_string(), "answer for 'tone' is 70000, expected a choice's position");
    /// ```
    pub fn invalid_answer(
        item: &str,
        value: impl Into<String>,
        expected: impl Into<String>,
    ) -> Error {
        Error::InvalidAnswer {
            item: item.to_owned(),
            value: value.into(),
            expected: expected.into(),
        }
    }

    /// Text that does not parse as what `field` needs.
    ///
    /// ```
    /// use service_quality::Error;
    ///
    /// let err = Error::invalid_text("answer", "1e30", "an integer within i64");
    /// assert_eq!(err.to_string(), "answer is '1e30', expected an integer within i64");
    /// ```
    pub fn invalid_text(field: &'static str, value: &str, expected: &'static str) -> Error {
        Error::InvalidText {
            field,
            value: value.to_owned(),
            expected,
        }
    }

    /// A `kind` of name (`"result field"`, say) that is none of `names`: the error lists them
    /// all and names the closest when it looks like a typo, as the crate's own names do.
    ///
    /// ```
    /// use service_quality::Error;
    ///
    /// let err = Error::unknown_name("result field", "mean_overal", ["count", "mean_overall"]);
    /// assert_eq!(
    ///     err.to_string(),
    ///     "unknown result field 'mean_overal', expected one of: count, mean_overall \
    ///      (closest: 'mean_overall')"
    /// );
    /// ```
    pub fn unknown_name<'a>(
        kind: &'static str,
        value: &str,
        names: impl IntoIterator<Item = &'a str, IntoIter: Clone>,
    ) -> Error {
        crate::scoring::names::unknown_name(kind, value, names.into_iter())
    }
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

/// Renders `Some("respect")` as ` for 'respect'` and `None` as nothing, so one message template
/// serves both a named and an anonymous value.
fn for_field(field: Option<&str>) -> String {
    field.map(|f| format!(" for '{f}'")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_field_value_and_range() {
        let scale = Scale::new(1, 5).unwrap();
        let named = Error::RatingOutOfRange {
            field: Some("respect".to_owned()),
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
        let degenerate = Error::Degenerate {
            what: "key driver analysis",
            part: Some("tone".to_owned()),
            reason: "its scores do not vary",
        };
        assert_eq!(
            degenerate.to_string(),
            "key driver analysis is undefined for 'tone': its scores do not vary"
        );
        let unknown = Error::UnknownName {
            kind: "item",
            value: "tonne".to_owned(),
            expected: "an item of the form".to_owned(),
            closest: Some("tone".into()),
        };
        assert_eq!(
            unknown.to_string(),
            "unknown item 'tonne', expected an item of the form (closest: 'tone')"
        );
    }

    #[test]
    fn error_is_send_sync_and_std_error() {
        fn assert_traits<T: Send + Sync + std::error::Error + 'static>() {}
        assert_traits::<Error>();
    }

    #[test]
    fn every_kind_is_named_after_its_variant_and_reads_back() {
        let errors = [
            Scale::new(5, 1).unwrap_err(),
            Error::rating_out_of_range(None, 9, Scale::ONE_TO_FIVE),
            Error::AllWeightsZero,
            Error::invalid_answer("tone", "9", "a choice"),
            Error::NotInSummary {
                field: "count",
                item: "overall".to_owned(),
                held: "0".to_owned(),
                removing: "1".to_owned(),
            },
            Error::RowLength {
                found: 2,
                expected: 3,
            },
        ];
        for err in errors {
            // Debug, derived, starts with the variant's name.
            assert!(
                format!("{err:?}").starts_with(err.kind().name()),
                "{err:?} is not {}",
                err.kind()
            );
        }
        assert_eq!(ErrorKind::ALL.len(), 24);
        for &kind in ErrorKind::ALL {
            assert_eq!(kind.name().parse::<ErrorKind>(), Ok(kind));
            assert_eq!(kind.to_string(), kind.name());
        }
        assert!(matches!(
            "ratingoutofrange".parse::<ErrorKind>(),
            Err(Error::UnknownName {
                kind: "error kind",
                ..
            })
        ));
    }
}
