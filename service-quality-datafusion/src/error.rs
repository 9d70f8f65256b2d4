//! The companion's one error type, and how it reaches DataFusion.

use datafusion::error::DataFusionError;
use service_quality::ErrorKind;

/// Everything that can go wrong when registering or running the functions.
///
/// Errors found while a query is planned (an argument of the wrong type, a missing argument)
/// reach DataFusion as [`DataFusionError::Plan`], so the query fails before it reads any data.
/// Errors found in the data (a rating off the scale, N/A where the policy does not allow it)
/// reach it as [`DataFusionError::External`] holding this error, so the caller can downcast to
/// it and, through [`source`](std::error::Error::source), to the
/// [`service_quality::Error`] that the core crate raised.
///
/// An error raised on a Ballista executor reaches the client as text (its `Debug`, which writes
/// every field as JSON); [`find_error`] reads it back into the same variant and fields. Match a
/// core crate's error by its [`ErrorKind`] ([`Error::model_kind`]) to treat local and remote
/// errors alike: only a local one carries the core error itself ([`Error::model`]).
///
/// # Examples
///
/// ```
/// use service_quality_datafusion::Error;
///
/// let err = Error::Argument {
///     function: "proud_summary".into(),
///     position: 2,
///     input: Some("team".into()),
///     found: "Utf8".into(),
///     expected: "an integer rating".into(),
/// };
/// assert_eq!(
///     err.to_string(),
///     "proud_summary: argument 2 ('team') is Utf8, expected an integer rating"
/// );
/// ```
#[derive(Clone, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An argument of the wrong type, or the wrong number of arguments: a planning error.
    #[error(
        "{function}: argument {position}{} is {found}, expected {expected}",
        input_note(.input.as_deref())
    )]
    Argument {
        /// The SQL function.
        function: String,
        /// The argument's position, counted from 1 (one past the last for a missing one).
        position: usize,
        /// The argument as the query wrote it (a column's name, an expression), when the
        /// planner gave it.
        input: Option<String>,
        /// What was given: a data type, or `"missing"`.
        found: String,
        /// What the function accepts there.
        expected: String,
    },

    /// The core crate rejected a value in the data or a setting given to the function (a
    /// rating off its scale, N/A where the policy forbids it, a policy or form that does not
    /// validate). [`Error::from_core`] builds it.
    #[error(
        "{function}{}{}: {message}",
        column_note(.column.as_deref()),
        row_note(*.row)
    )]
    Model {
        /// The SQL function.
        function: String,
        /// The input column the value came from, when there is one.
        column: Option<String>,
        /// The row's position in the batch of input rows DataFusion handed the function,
        /// counted from 0 as Arrow counts, when the error is in one row's values. With the
        /// value and the column in the message it narrows the search; an aggregate is not told
        /// which file or group a row came from. An aggregate's `FILTER` clause keeps batch
        /// positions with `GROUP BY`; without it DataFusion drops the refused rows before the
        /// function sees them, so the position counts the kept rows.
        row: Option<usize>,
        /// Which of the core crate's errors it is.
        kind: ErrorKind,
        /// The core crate's message, as its error's `Display` writes it.
        message: String,
        /// The core crate's error itself, with its fields. `None` when the error was raised in
        /// another process (a Ballista executor) and reached this one as text: the kind and
        /// the message are all that travel.
        #[source]
        source: Option<Box<service_quality::Error>>,
    },

    /// JSON given to the function (a policy, a form) that does not parse or validate.
    #[error("{function}: {what} is not valid: {reason}")]
    Json {
        /// The SQL function, or the function being registered.
        function: String,
        /// What the JSON was (`"policy"`, `"form"`).
        what: &'static str,
        /// The parser's or the core crate's message.
        reason: String,
    },

    /// An intermediate state that does not decode to the tally it should hold: a state from
    /// another version of this crate, or corrupted in transit.
    #[error("{function}: intermediate state is not valid: {reason}")]
    State {
        /// The SQL function.
        function: String,
        /// What was wrong.
        reason: String,
    },

    /// A Ballista scheduler, executor or client that could not start, connect or be described
    /// (feature `ballista`).
    #[error("{role}: {reason}")]
    Cluster {
        /// Which part: `"scheduler"`, `"executor"`, `"client"`, `"cluster"`.
        role: &'static str,
        /// What went wrong.
        reason: String,
    },

    /// More groups than the batch scorer's `u32` group keys can number.
    #[error(
        "{function}: group index {index} is beyond {limit}, the most groups one accumulator holds"
    )]
    TooManyGroups {
        /// The SQL function.
        function: String,
        /// The group index DataFusion asked for.
        index: usize,
        /// The largest index the accumulator supports.
        limit: u64,
    },
}

/// What [`Debug`](std::fmt::Debug) writes before an error's fields, so that
/// [`find_error`] can find them in any text that quotes it.
const WIRE_MARK: &str = "service_quality_datafusion::Error";

/// An error's fields as they travel in text. Ballista reports an executor's failed task to the
/// client as the `{:?}` text of its error, so `Debug` writes this (as JSON, after
/// [`WIRE_MARK`]) and [`find_error`] reads it back into the same [`Error`].
#[derive(serde::Serialize, serde::Deserialize)]
enum Wire {
    Argument {
        function: String,
        position: usize,
        input: Option<String>,
        found: String,
        expected: String,
    },
    Model {
        function: String,
        column: Option<String>,
        // Absent in the text of a version without it.
        #[serde(default)]
        row: Option<usize>,
        kind: String,
        message: String,
    },
    Json {
        function: String,
        what: String,
        reason: String,
    },
    State {
        function: String,
        reason: String,
    },
    Cluster {
        role: String,
        reason: String,
    },
    TooManyGroups {
        function: String,
        index: usize,
        limit: u64,
    },
}

/// The words `Error::Json::what` and `Error::Cluster::role` take: `&'static str`s, so text
/// read back is matched against them.
const WORDS: &[&str] = &[
    "policy",
    "form",
    "scheduler",
    "executor",
    "client",
    "cluster",
];

impl Wire {
    fn of(err: &Error) -> Wire {
        match err.clone() {
            Error::Argument {
                function,
                position,
                input,
                found,
                expected,
            } => Wire::Argument {
                function,
                position,
                input,
                found,
                expected,
            },
            Error::Model {
                function,
                column,
                row,
                kind,
                message,
                ..
            } => Wire::Model {
                function,
                column,
                row,
                kind: kind.name().to_owned(),
                message,
            },
            Error::Json {
                function,
                what,
                reason,
            } => Wire::Json {
                function,
                what: what.to_owned(),
                reason,
            },
            Error::State { function, reason } => Wire::State { function, reason },
            Error::Cluster { role, reason } => Wire::Cluster {
                role: role.to_owned(),
                reason,
            },
            Error::TooManyGroups {
                function,
                index,
                limit,
            } => Wire::TooManyGroups {
                function,
                index,
                limit,
            },
        }
    }

    /// The error these fields describe, or `None` for fields no error of this version has.
    fn error(self) -> Option<Error> {
        let word = |text: String| WORDS.iter().copied().find(|w| *w == text);
        Some(match self {
            Wire::Argument {
                function,
                position,
                input,
                found,
                expected,
            } => Error::Argument {
                function,
                position,
                input,
                found,
                expected,
            },
            Wire::Model {
                function,
                column,
                row,
                kind,
                message,
            } => Error::Model {
                function,
                column,
                row,
                kind: kind.parse().ok()?,
                message,
                source: None,
            },
            Wire::Json {
                function,
                what,
                reason,
            } => Error::Json {
                function,
                what: word(what)?,
                reason,
            },
            Wire::State { function, reason } => Error::State { function, reason },
            Wire::Cluster { role, reason } => Error::Cluster {
                role: word(role)?,
                reason,
            },
            Wire::TooManyGroups {
                function,
                index,
                limit,
            } => Error::TooManyGroups {
                function,
                index,
                limit,
            },
        })
    }

    /// The first error written into `text` by `Debug`, if any: as written, or quoted once more
    /// by another `{:?}` on the way (some of Ballista's paths format an error's text again),
    /// which escapes its quotes and backslashes.
    fn find(text: &str) -> Option<Error> {
        Wire::find_written(text).or_else(|| Wire::find_written(&unquote(text)))
    }

    fn find_written(text: &str) -> Option<Error> {
        text.match_indices(WIRE_MARK).find_map(|(at, _)| {
            let fields = text.get(at + WIRE_MARK.len()..)?.strip_prefix('(')?;
            let mut values = serde_json::Deserializer::from_str(fields).into_iter::<Wire>();
            values.next()?.ok()?.error()
        })
    }
}

/// `text` with one level of `{:?}` string escaping undone: `\\` to `\`, `\"` to `"`, `\'` to
/// `'`, and `\n`, `\r`, `\t`, `\0`, `\u{..}` to their characters. Anything else is kept.
fn unquote(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('0') => out.push('\0'),
            Some('u') => {
                let rest = chars.as_str();
                let escaped = rest
                    .strip_prefix('{')
                    .and_then(|r| r.split_once('}'))
                    .and_then(|(hex, _)| u32::from_str_radix(hex, 16).ok().map(|n| (hex.len(), n)))
                    .and_then(|(len, n)| char::from_u32(n).map(|c| (len, c)));
                match escaped {
                    Some((len, decoded)) => {
                        out.push(decoded);
                        chars = rest.get(len + 2..).unwrap_or_default().chars();
                    }
                    None => out.push_str("\\u"),
                }
            }
            Some(quoted @ ('\\' | '"' | '\'')) => out.push(quoted),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// The error's fields as JSON after `service_quality_datafusion::Error`:
/// `service_quality_datafusion::Error({"Model":{"function":"proud_summary","column":"r",...}})`.
/// Ballista reports a failed task with `{:?}`, so this is the text that reaches the client,
/// which [`find_error`] reads back into the same error; it also names every field for a log.
impl std::fmt::Debug for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Serialising strings and numbers into a String cannot fail; fall back to the message.
        match serde_json::to_string(&Wire::of(self)) {
            Ok(json) => write!(f, "{WIRE_MARK}({json})"),
            Err(_) => write!(f, "{WIRE_MARK}({:?})", self.to_string()),
        }
    }
}

fn input_note(input: Option<&str>) -> String {
    input.map_or_else(String::new, |i| format!(" ('{i}')"))
}

fn column_note(column: Option<&str>) -> String {
    column.map_or_else(String::new, |c| format!(", column '{c}'"))
}

fn row_note(row: Option<usize>) -> String {
    row.map_or_else(String::new, |r| format!(", row {r} of its batch"))
}

impl Error {
    /// The error for a core crate's error met by `function`, in `column` when there is one.
    ///
    /// ```
    /// use service_quality::{ErrorKind, Scale};
    /// use service_quality_datafusion::Error;
    ///
    /// let core = Scale::new(5, 1).unwrap_err();
    /// let err = Error::from_core("proud_summary", None, core.clone());
    /// assert_eq!(err.model(), Some(&core));
    /// assert_eq!(err.model_kind(), Some(ErrorKind::InvalidScale));
    /// assert_eq!(err.to_string(), "proud_summary: scale 5..=1 is empty, expected a minimum below the maximum");
    /// ```
    pub fn from_core(
        function: impl Into<String>,
        column: Option<String>,
        source: service_quality::Error,
    ) -> Error {
        Error::Model {
            function: function.into(),
            column,
            row: None,
            kind: source.kind(),
            message: source.to_string(),
            source: Some(Box::new(source)),
        }
    }

    /// The same error placed at `row` of its batch (an [`Error::Model`]; any other variant
    /// is returned as it is).
    pub(crate) fn at_row(mut self, at: usize) -> Error {
        if let Error::Model { row, .. } = &mut self {
            *row = Some(at);
        }
        self
    }

    /// The core crate's error, when this error wraps one raised in this process (an error
    /// read back from another process has its [kind](Self::model_kind) and message only).
    pub fn model(&self) -> Option<&service_quality::Error> {
        match self {
            Error::Model { source, .. } => source.as_deref(),
            _ => None,
        }
    }

    /// Which of the core crate's errors this is, when it wraps one, wherever it was raised.
    pub fn model_kind(&self) -> Option<ErrorKind> {
        match self {
            Error::Model { kind, .. } => Some(*kind),
            _ => None,
        }
    }

    /// The error as DataFusion reports it: a planning error for arguments, an external error
    /// (holding `self`) for everything found while running.
    ///
    /// ```
    /// use datafusion::error::DataFusionError;
    /// use service_quality_datafusion::Error;
    ///
    /// let err = Error::Argument {
    ///     function: "nps".into(), position: 1, input: None, found: "Utf8".into(),
    ///     expected: "an integer".into(),
    /// };
    /// assert!(matches!(err.into_datafusion(), DataFusionError::Plan(_)));
    /// ```
    pub fn into_datafusion(self) -> DataFusionError {
        match self {
            Error::Argument { .. } => DataFusionError::Plan(self.to_string()),
            other => DataFusionError::External(Box::new(other)),
        }
    }
}

impl From<Error> for DataFusionError {
    fn from(err: Error) -> Self {
        err.into_datafusion()
    }
}

/// Finds this crate's [`Error`] inside a DataFusion error, looking through the contexts and
/// wrappers DataFusion adds on the way up, and through the text a Ballista cluster sends back
/// for an executor's failed task: an error raised on an executor comes back as the same
/// variant with the same fields and message, except that a [`Error::Model`] carries the core
/// error's kind and message but not the core error itself (`source` is `None`).
///
/// It finds errors met while a query runs. Errors found while it is planned (an argument of the
/// wrong type, a setting given as a column, an unknown result field) are DataFusion's
/// [`DataFusionError::Plan`] with this crate's message as their text, as DataFusion's own
/// planning errors are, and are not turned back into an [`Error`].
///
/// ```
/// use datafusion::error::DataFusionError;
/// use service_quality_datafusion::{Error, find_error};
///
/// let err = DataFusionError::from(Error::State { function: "nps".into(), reason: "empty".into() })
///     .context("while aggregating");
/// assert!(matches!(find_error(&err), Some(Error::State { .. })));
/// assert!(find_error(&DataFusionError::Plan("other".into())).is_none());
///
/// // As a cluster reports it: the executor's error in the text of the client's.
/// let remote = DataFusionError::Execution(format!("Job 7 failed: Task failed: {:?}", Error::State {
///     function: "nps".into(), reason: "empty".into(),
/// }));
/// let found = find_error(&remote).unwrap();
/// assert_eq!(found.to_string(), "nps: intermediate state is not valid: empty");
/// ```
pub fn find_error(err: &DataFusionError) -> Option<Error> {
    // An error of this process first, through the whole chain: its text may quote data that
    // only looks like an error written out (a text cell of a bad answer).
    let chain = || {
        std::iter::successors(Some(err as &(dyn std::error::Error + 'static)), |e| {
            e.source()
        })
    };
    if let Some(found) = chain().find_map(|e| e.downcast_ref::<Error>()) {
        return Some(found.clone());
    }
    chain().find_map(|e| Wire::find(&e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_variant() -> Vec<Error> {
        vec![
            Error::Argument {
                function: "nps".into(),
                position: 2,
                input: Some("team".into()),
                found: "Utf8".into(),
                expected: "an integer".into(),
            },
            Error::from_core(
                "proud_summary",
                Some("r".into()),
                service_quality::Error::rating_out_of_range(
                    Some("respect"),
                    9,
                    service_quality::Scale::ONE_TO_FIVE,
                ),
            )
            .at_row(8191),
            Error::from_core("nps", None, service_quality::Error::AllWeightsZero),
            Error::Json {
                function: "proud_summary".into(),
                what: "policy",
                reason: "expected value at line 1 column 1, \"quoted\" and \\ escaped".into(),
            },
            Error::State {
                function: "nps".into(),
                reason: "counts has 3 values, expected 11".into(),
            },
            Error::Cluster {
                role: "executor",
                reason: "no scheduler at ✓ 127.0.0.1:1".into(),
            },
            Error::TooManyGroups {
                function: "csat".into(),
                index: 5_000_000_000,
                limit: u64::from(u32::MAX),
            },
        ]
    }

    #[test]
    fn debug_names_every_field() {
        let err = Error::from_core(
            "proud_summary",
            Some("r".into()),
            service_quality::Error::AllWeightsZero,
        )
        .at_row(4);
        assert_eq!(
            format!("{err:?}"),
            "service_quality_datafusion::Error({\"Model\":{\"function\":\"proud_summary\",\
             \"column\":\"r\",\"row\":4,\"kind\":\"AllWeightsZero\",\"message\":\"weights are \
             all zero, expected at least one positive weight\"}})"
        );
        assert_eq!(
            err.to_string(),
            "proud_summary, column 'r', row 4 of its batch: weights are all zero, expected at \
             least one positive weight"
        );
        assert!(std::error::Error::source(&err).is_some());
    }

    #[test]
    fn every_variant_reads_back_from_the_text_of_a_failed_task() {
        for err in every_variant() {
            // As Ballista's client reports an executor's error: inside other text.
            let text = format!(
                "Job 3 failed: Task failed due to runtime execution error: \
                                DataFusionError(Shared(External({err:?})))"
            );
            let remote = DataFusionError::Execution(text);
            let found = find_error(&remote).expect("found in the text");
            assert_eq!(found.to_string(), err.to_string());
            assert_eq!(format!("{found:?}"), format!("{err:?}"));
            assert_eq!(found.model_kind(), err.model_kind());
            // Only the core error itself stays behind.
            assert!(found.model().is_none());
        }
        let core = every_variant().swap_remove(1);
        assert_eq!(
            core.model_kind(),
            Some(service_quality::ErrorKind::RatingOutOfRange)
        );
        assert!(core.model().is_some());
    }

    #[test]
    fn an_error_quoted_once_more_still_reads_back() {
        for err in every_variant() {
            // As a path that formats the error's text with `{:?}` again sends it.
            let twice = format!("Task failed: {:?}", format!("External({err:?})"));
            let found = find_error(&DataFusionError::Execution(twice)).expect("found");
            assert_eq!(format!("{found:?}"), format!("{err:?}"));
        }
        assert_eq!(unquote(r#"a\"b\\c\u{2713}\n\x"#), "a\"b\\c✓\n\\x");
        assert_eq!(unquote(r#"\u{zz}\"#), "\\u{zz}\\");
    }

    #[test]
    fn an_error_of_this_process_wins_over_text_that_quotes_one() {
        // A core message that repeats a cell holding what looks like a written-out error.
        let cell = format!(
            "{:?}",
            Error::State {
                function: "nps".into(),
                reason: "forged".into(),
            }
        );
        let real = Error::from_core(
            "call_review_summary",
            Some("tone".into()),
            service_quality::Error::invalid_answer("tone", cell, "a choice"),
        );
        let found = find_error(&DataFusionError::from(real.clone())).expect("found");
        assert!(matches!(found, Error::Model { .. }), "{found:?}");
        assert_eq!(found.to_string(), real.to_string());
    }

    #[test]
    fn text_that_only_looks_like_an_error_is_not_one() {
        for text in [
            "service_quality_datafusion::Error",
            "service_quality_datafusion::Error({\"Model\":{\"function\":\"f\"}})",
            "service_quality_datafusion::Error({\"Model\":{\"function\":\"f\",\"column\":null,\
             \"kind\":\"NoSuchKind\",\"message\":\"m\"}})",
            "service_quality_datafusion::Error({\"Cluster\":{\"role\":\"gardener\",\"reason\":\"r\"}})",
            "service_quality_datafusion::Error({\"State\":{\"function\":\"f\",\"reason\":\"r\"",
        ] {
            assert!(
                find_error(&DataFusionError::Execution(text.into())).is_none(),
                "{text}"
            );
        }
        // A broken mention does not hide a good one after it.
        let good = Error::State {
            function: "nps".into(),
            reason: "r".into(),
        };
        let text = format!("service_quality_datafusion::Error(oops) then {good:?}");
        assert_eq!(
            find_error(&DataFusionError::Execution(text)).map(|e| e.to_string()),
            Some(good.to_string())
        );
    }

    #[test]
    fn a_model_error_without_a_row_reads_back_as_having_none() {
        // The text of a version that did not write the row.
        let text = "service_quality_datafusion::Error({\"Model\":{\"function\":\"f\",\
                    \"column\":null,\"kind\":\"AllWeightsZero\",\"message\":\"m\"}})";
        let found = find_error(&DataFusionError::Execution(text.into())).expect("found");
        assert!(matches!(found, Error::Model { row: None, .. }), "{found:?}");
        assert_eq!(found.to_string(), "f: m");
        // Placing is for data errors: any other error stays as it is.
        let state = Error::State {
            function: "nps".into(),
            reason: "r".into(),
        };
        assert_eq!(state.clone().at_row(3).to_string(), state.to_string());
    }

    #[test]
    fn only_argument_errors_are_planning_errors() {
        let state = Error::State {
            function: "nps".into(),
            reason: "truncated".into(),
        };
        let err = state.into_datafusion();
        assert!(matches!(err, DataFusionError::External(_)));
        assert!(matches!(find_error(&err), Some(Error::State { .. })));
    }
}
