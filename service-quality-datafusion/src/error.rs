//! The companion's one error type, and how it reaches DataFusion.

use datafusion::error::DataFusionError;

/// Everything that can go wrong when registering or running the functions.
///
/// Errors found while a query is planned (an argument of the wrong type, a missing argument)
/// reach DataFusion as [`DataFusionError::Plan`], so the query fails before it reads any data.
/// Errors found in the data (a rating off the scale, N/A where the policy does not allow it)
/// reach it as [`DataFusionError::External`] holding this error, so the caller can downcast to
/// it and, through [`source`](std::error::Error::source), to the
/// [`service_quality::Error`] that the core crate raised.
///
/// # Examples
///
/// ```
/// use service_quality_datafusion::Error;
///
/// let err = Error::Argument {
///     function: "proud_summary".into(),
///     position: 2,
///     found: "Utf8".into(),
///     expected: "an integer rating".into(),
/// };
/// assert_eq!(
///     err.to_string(),
///     "proud_summary: argument 2 is Utf8, expected an integer rating"
/// );
/// ```
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An argument of the wrong type, or the wrong number of arguments: a planning error.
    #[error("{function}: argument {position} is {found}, expected {expected}")]
    Argument {
        /// The SQL function.
        function: String,
        /// The argument's position, counted from 1 (one past the last for a missing one).
        position: usize,
        /// What was given: a data type, or `"missing"`.
        found: String,
        /// What the function accepts there.
        expected: String,
    },

    /// The core crate rejected a value in the data or a setting given to the function (a
    /// rating off its scale, N/A where the policy forbids it, a policy or form that does not
    /// validate).
    #[error("{function}{}: {source}", column_note(.column.as_deref()))]
    Model {
        /// The SQL function.
        function: String,
        /// The input column the value came from, when there is one.
        column: Option<String>,
        /// The core crate's error, with its own message.
        #[source]
        source: Box<service_quality::Error>,
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

/// The variant and its message: Ballista reports a failed task's error with `{:?}`, and the
/// message is what a user needs to read there (`Model("proud_summary, column 'r': rating for
/// 'respect' is 9, expected a value in 1..=5")`). The fields stay reachable by matching.
impl std::fmt::Debug for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let variant = match self {
            Error::Argument { .. } => "Argument",
            Error::Model { .. } => "Model",
            Error::Json { .. } => "Json",
            Error::State { .. } => "State",
            Error::Cluster { .. } => "Cluster",
            Error::TooManyGroups { .. } => "TooManyGroups",
        };
        f.debug_tuple(variant).field(&self.to_string()).finish()
    }
}

fn column_note(column: Option<&str>) -> String {
    column.map_or_else(String::new, |c| format!(", column '{c}'"))
}

impl Error {
    /// The core crate's error, when this error wraps one.
    ///
    /// ```
    /// use service_quality_datafusion::Error;
    ///
    /// let core = service_quality::Scale::new(5, 1).unwrap_err();
    /// let err = Error::Model { function: "proud_summary".into(), column: None, source: Box::new(core.clone()) };
    /// assert_eq!(err.model(), Some(&core));
    /// assert_eq!(err.to_string(), "proud_summary: scale 5..=1 is empty, expected a minimum below the maximum");
    /// ```
    pub fn model(&self) -> Option<&service_quality::Error> {
        match self {
            Error::Model { source, .. } => Some(source.as_ref()),
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
    ///     function: "nps".into(), position: 1, found: "Utf8".into(), expected: "an integer".into(),
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
/// wrappers DataFusion adds on the way up.
///
/// ```
/// use datafusion::error::DataFusionError;
/// use service_quality_datafusion::{Error, find_error};
///
/// let err = DataFusionError::from(Error::State { function: "nps".into(), reason: "empty".into() })
///     .context("while aggregating");
/// assert!(matches!(find_error(&err), Some(Error::State { .. })));
/// assert!(find_error(&DataFusionError::Plan("other".into())).is_none());
/// ```
pub fn find_error(err: &DataFusionError) -> Option<&Error> {
    let mut current: &(dyn std::error::Error + 'static) = err;
    loop {
        if let Some(found) = current.downcast_ref::<Error>() {
            return Some(found);
        }
        current = current.source()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_the_variant_and_the_message() {
        let err = Error::Model {
            function: "proud_summary".into(),
            column: Some("r".into()),
            source: Box::new(service_quality::Error::AllWeightsZero),
        };
        assert_eq!(
            format!("{err:?}"),
            "Model(\"proud_summary, column 'r': weights are all zero, expected at least one positive weight\")"
        );
        assert!(std::error::Error::source(&err).is_some());
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
