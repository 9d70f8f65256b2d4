//! The answers of `examples/data/calibration.csv` (one row per call, item and reviewer; `NA` for
//! not applicable), shared by the `calibration` and `cx_dashboard` examples.

use std::error::Error as StdError;

use service_quality::reliability::Calibration;

/// One answer.
pub struct Answer {
    /// The recorded call everyone scored.
    pub call: String,
    /// The form item.
    pub item: String,
    /// Who answered.
    pub reviewer: String,
    /// `None` for N/A.
    pub value: Option<f64>,
}

/// Every answer in the file.
pub fn answers() -> Result<Vec<Answer>, Box<dyn StdError>> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/calibration.csv");
    let mut answers = Vec::new();
    for record in csv::Reader::from_path(path)?.records() {
        let record = record?;
        let field = |i: usize| record.get(i).unwrap_or("").trim().to_owned();
        let value = match field(3).as_str() {
            "NA" => None,
            text => Some(text.parse::<f64>()?),
        };
        answers.push(Answer {
            call: field(0),
            item: field(1),
            reviewer: field(2),
            value,
        });
    }
    Ok(answers)
}

/// A calibration session holding the answers.
pub fn session(answers: &[Answer]) -> Result<Calibration, service_quality::Error> {
    let mut session = Calibration::new();
    for a in answers {
        session.add(&a.call, &a.item, &a.reviewer, a.value)?;
    }
    Ok(session)
}
