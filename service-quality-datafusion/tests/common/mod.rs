//! Test data shared by the integration tests: synthetic reviews with NULLs, the same rows as a
//! record batch split into partitions, and readers of the struct results.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod expected;

use std::sync::Arc;

use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, BooleanArray, Float64Array, Int64Array, RecordBatch, StringArray,
    StructArray, UInt8Array,
};
use datafusion::arrow::compute::concat_batches;
use datafusion::arrow::datatypes::{DataType, Field, Float64Type, Schema, UInt64Type};
use datafusion::datasource::MemTable;
use datafusion::prelude::{SessionConfig, SessionContext};
use service_quality::form::Form;
use service_quality_datafusion::{FormFunctions, Functions};

/// The PROUD policy the tests pass as JSON: D may be N/A.
pub const POLICY: &str = r#"{"not_applicable": ["deliver"]}"#;

/// The run-time form the tests register as `call_review`.
pub const FORM: &str = r#"{"key": "call_review", "version": 1, "items": [
    {"key": "greeting", "answer": {"scale": {"min": 1, "max": 5}}},
    {"key": "verification", "answer": "yes_no", "critical": true},
    {"key": "resolution", "answer": {"scale": {"min": 1, "max": 5}}, "weight": 2},
    {"key": "tone", "answer": {"scale": {"min": 1, "max": 5}}, "not_applicable": true}]}"#;

/// A form with issue 24's tallies, registered as `kept`: verification kept for reporting
/// (counted per answer), tone a bonus worth 5 points, and a baseline of 60.
pub const KEPT_FORM: &str = r#"{"key": "kept", "version": 1, "baseline": 60, "items": [
    {"key": "greeting", "answer": {"scale": {"min": 1, "max": 5}}},
    {"key": "verification", "answer": "yes_no", "role": "not_scored"},
    {"key": "resolution", "answer": {"scale": {"min": 1, "max": 5}}, "weight": 2},
    {"key": "tone", "answer": {"scale": {"min": 1, "max": 5}}, "not_applicable": true,
     "role": "bonus", "points": 5}]}"#;

pub fn form() -> Form {
    serde_json::from_str(FORM).unwrap()
}

pub fn functions() -> Functions {
    Functions::new()
        .with_form(FormFunctions::from_json("call_review", FORM).unwrap())
        .with_form(FormFunctions::from_json("kept", KEPT_FORM).unwrap())
}

/// Deterministic synthetic reviews, column by column; `None` is NULL.
#[derive(Debug, Clone)]
pub struct Reviews {
    pub team: Vec<String>,
    /// P, R, O, U, D; only D has NULLs.
    pub proud: [Vec<Option<u8>>; 5],
    pub nps: Vec<Option<i64>>,
    pub csat: Vec<Option<i64>>,
    pub ces: Vec<Option<i64>>,
    /// Process, rules, presentation, product, people; a few rows all NULL.
    pub causes: [Vec<Option<i64>>; 5],
    pub severity: Vec<Option<f64>>,
    pub greeting: Vec<i64>,
    pub verification: Vec<bool>,
    pub resolution: Vec<i64>,
    pub tone: Vec<Option<i64>>,
}

struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

impl Reviews {
    pub fn new(rows: usize, teams: usize, seed: u64) -> Reviews {
        let mut rng = Lcg(seed);
        let mut r = Reviews {
            team: Vec::new(),
            proud: Default::default(),
            nps: Vec::new(),
            csat: Vec::new(),
            ces: Vec::new(),
            causes: Default::default(),
            severity: Vec::new(),
            greeting: Vec::new(),
            verification: Vec::new(),
            resolution: Vec::new(),
            tone: Vec::new(),
        };
        for _ in 0..rows {
            let team = rng.next(teams as u64);
            r.team.push(format!("team-{team:02}"));
            for (j, column) in r.proud.iter_mut().enumerate() {
                let rating = (1 + rng.next(5) + team % 2).min(5) as u8;
                let na = j == 4 && rng.next(10) == 0;
                column.push((!na).then_some(rating));
            }
            r.nps.push((rng.next(20) != 0).then(|| rng.next(11) as i64));
            r.csat
                .push((rng.next(20) != 0).then(|| 1 + rng.next(5) as i64));
            r.ces
                .push((rng.next(20) != 0).then(|| 1 + rng.next(7) as i64));
            let blank = rng.next(25) == 0;
            for column in &mut r.causes {
                let rating = if rng.next(3) == 0 {
                    1
                } else {
                    1 + rng.next(10) as i64
                };
                column.push((!blank).then_some(rating));
            }
            r.severity
                .push((rng.next(4) != 0).then(|| 0.5 + rng.next(8) as f64 / 2.0));
            r.greeting.push(1 + rng.next(5) as i64);
            r.verification.push(rng.next(8) != 0);
            r.resolution.push(1 + rng.next(5) as i64);
            r.tone
                .push((rng.next(5) != 0).then(|| 1 + rng.next(5) as i64));
        }
        r
    }

    pub fn len(&self) -> usize {
        self.team.len()
    }

    /// Writes the rows afresh as Parquet files (one per partition of four) into
    /// `dir/reviews/`, checks there are several, and returns that folder.
    pub async fn write_parquet(&self, dir: &std::path::Path) -> std::path::PathBuf {
        use datafusion::dataframe::DataFrameWriteOptions;
        let _ = std::fs::remove_dir_all(dir);
        std::fs::create_dir_all(dir).unwrap();
        let files = dir.join("reviews/");
        self.context(4)
            .table("reviews")
            .await
            .unwrap()
            .write_parquet(files.to_str().unwrap(), DataFrameWriteOptions::new(), None)
            .await
            .unwrap();
        let written = std::fs::read_dir(&files).unwrap().count();
        assert!(written >= 2, "{written} parquet files");
        files
    }

    /// All columns as one batch: the PROUD ratings as `UInt8` (p..d) and again as `Int64`
    /// (p64..d64).
    pub fn batch(&self) -> RecordBatch {
        let names = ["p", "r", "o", "u", "d"];
        let mut fields = vec![Field::new("team", DataType::Utf8, false)];
        let mut columns: Vec<ArrayRef> = vec![Arc::new(StringArray::from(self.team.clone()))];
        for (name, values) in names.iter().zip(&self.proud) {
            fields.push(Field::new(*name, DataType::UInt8, true));
            columns.push(Arc::new(values.iter().copied().collect::<UInt8Array>()));
        }
        for (name, values) in names.iter().zip(&self.proud) {
            fields.push(Field::new(format!("{name}64"), DataType::Int64, true));
            columns.push(Arc::new(
                values
                    .iter()
                    .map(|v| v.map(i64::from))
                    .collect::<Int64Array>(),
            ));
        }
        let mut int = |name: &str, values: Vec<Option<i64>>| {
            fields.push(Field::new(name, DataType::Int64, true));
            columns.push(Arc::new(Int64Array::from(values)));
        };
        int("nps", self.nps.clone());
        int("csat", self.csat.clone());
        int("ces", self.ces.clone());
        for (name, values) in ["process", "rules", "presentation", "product", "people"]
            .iter()
            .zip(&self.causes)
        {
            int(name, values.clone());
        }
        int(
            "greeting",
            self.greeting.iter().copied().map(Some).collect(),
        );
        int(
            "resolution",
            self.resolution.iter().copied().map(Some).collect(),
        );
        int("tone", self.tone.clone());
        fields.push(Field::new("severity", DataType::Float64, true));
        columns.push(Arc::new(Float64Array::from(self.severity.clone())));
        fields.push(Field::new("verification", DataType::Boolean, false));
        columns.push(Arc::new(BooleanArray::from(self.verification.clone())));
        RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).unwrap()
    }

    /// A session with the functions registered and the reviews as table `reviews`, split into
    /// `partitions` partitions of small batches, planned for as many.
    pub fn context(&self, partitions: usize) -> SessionContext {
        let batch = self.batch();
        let rows = batch.num_rows();
        let per = rows.div_ceil(partitions);
        let parts: Vec<Vec<RecordBatch>> = (0..partitions)
            .map(|p| {
                let start = (p * per).min(rows);
                let end = ((p + 1) * per).min(rows);
                // Batches of 1,000 rows, so every accumulator sees several.
                (start..end)
                    .step_by(1000)
                    .map(|s| batch.slice(s, (end - s).min(1000)))
                    .collect()
            })
            .collect();
        let table = MemTable::try_new(batch.schema(), parts).unwrap();
        let config = SessionConfig::new().with_target_partitions(partitions);
        let ctx = SessionContext::new_with_config(config);
        functions().register(&ctx);
        ctx.register_table("reviews", Arc::new(table)).unwrap();
        ctx
    }
}

/// Runs `sql` and returns its rows as one batch.
pub async fn query(ctx: &SessionContext, sql: &str) -> RecordBatch {
    let batches = ctx.sql(sql).await.unwrap().collect().await.unwrap();
    let schema = batches
        .first()
        .map(|b| b.schema())
        .expect("at least one batch");
    concat_batches(&schema, &batches).unwrap()
}

/// Column `i` of a batch as strings.
pub fn strings(batch: &RecordBatch, i: usize) -> Vec<String> {
    let column = datafusion::arrow::compute::cast(batch.column(i), &DataType::Utf8).unwrap();
    column
        .as_string::<i32>()
        .iter()
        .map(|s| s.unwrap_or_default().to_owned())
        .collect()
}

/// Column `i` of a batch as a struct array.
pub fn structs(batch: &RecordBatch, i: usize) -> StructArray {
    batch.column(i).as_struct().clone()
}

/// A path of field names into a struct array.
pub fn field<'a>(array: &'a StructArray, path: &[&str]) -> &'a ArrayRef {
    let (first, rest) = path.split_first().unwrap();
    let column = array
        .column_by_name(first)
        .unwrap_or_else(|| panic!("no field {first}"));
    if rest.is_empty() {
        column
    } else {
        field(column.as_struct(), rest)
    }
}

/// A count field of every row.
pub fn counts(array: &StructArray, path: &[&str]) -> Vec<u64> {
    field(array, path)
        .as_primitive::<UInt64Type>()
        .values()
        .to_vec()
}

/// A number field of every row, NULL as `None`.
pub fn numbers(array: &StructArray, path: &[&str]) -> Vec<Option<f64>> {
    field(array, path)
        .as_primitive::<Float64Type>()
        .iter()
        .collect()
}

/// A text field of every row, NULL as `None`.
pub fn texts(array: &StructArray, path: &[&str]) -> Vec<Option<String>> {
    field(array, path)
        .as_string::<i32>()
        .iter()
        .map(|s| s.map(str::to_owned))
        .collect()
}

/// Asserts two optional numbers are the same: both absent, or both present with the same bits.
pub fn assert_close(found: Option<f64>, expected: Option<f64>, what: &str) {
    assert_eq!(
        found.map(f64::to_bits),
        expected.map(f64::to_bits),
        "{what}: {found:?} against {expected:?}, compared bit for bit"
    );
}

/// Asserts two results agree: same columns and rows, counts, words and numbers exactly (bit for
/// bit: every number comes from exact sums or counts), structs field by field.
pub fn assert_same(found: &RecordBatch, expected: &RecordBatch) {
    assert_eq!(found.num_rows(), expected.num_rows(), "rows");
    assert_eq!(
        found.schema().fields().len(),
        expected.schema().fields().len(),
        "columns"
    );
    for (i, field) in expected.schema().fields().iter().enumerate() {
        assert_arrays_same(found.column(i), expected.column(i), field.name());
    }
}

fn assert_arrays_same(found: &ArrayRef, expected: &ArrayRef, path: &str) {
    let text =
        |t: &DataType| matches!(t, DataType::Utf8 | DataType::Utf8View | DataType::LargeUtf8);
    if text(found.data_type()) && text(expected.data_type()) {
        // A Ballista session reads Parquet strings as Utf8, a local one as Utf8View.
        let utf8 = |a: &ArrayRef| datafusion::arrow::compute::cast(a, &DataType::Utf8).unwrap();
        assert_eq!(utf8(found).to_data(), utf8(expected).to_data(), "{path}");
        return;
    }
    assert_eq!(found.data_type(), expected.data_type(), "{path}");
    match expected.data_type() {
        DataType::Struct(fields) => {
            for (j, f) in fields.iter().enumerate() {
                assert_arrays_same(
                    found.as_struct().column(j),
                    expected.as_struct().column(j),
                    &format!("{path}.{}", f.name()),
                );
            }
        }
        DataType::Float64 => {
            let (f, e) = (
                found.as_primitive::<Float64Type>(),
                expected.as_primitive::<Float64Type>(),
            );
            for (a, b) in f.iter().zip(e.iter()) {
                assert_close(a, b, path);
            }
        }
        _ => assert_eq!(found.to_data(), expected.to_data(), "{path}"),
    }
}
