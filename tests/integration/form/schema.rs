//! The shipped JSON Schema of the form format (`schema/form.schema.json`): it is a valid draft
//! 2020-12 schema, every form the crate writes or ships validates against it, and on a corpus of
//! good and bad forms it agrees with the deserialiser. Where they may part is written down: the
//! schema checks a form's shape, the crate also checks relations between fields (the corpus's
//! last group), which the schema's description says.

use serde_json::{Value, json};
use service_quality::form::{Form, Item, Scoring};
use service_quality::{CriticalRule, Scale};

fn validator() -> jsonschema::Validator {
    let text = service_quality::form::SCHEMA;
    let schema: Value = serde_json::from_str(text).expect("the schema is JSON");
    jsonschema::draft202012::new(&schema).expect("the schema is a valid draft 2020-12 schema")
}

fn schema_accepts(validator: &jsonschema::Validator, form: &Value) -> bool {
    validator.is_valid(form)
}

fn crate_accepts(form: &Value) -> Result<Form, String> {
    serde_json::from_value::<Form>(form.clone()).map_err(|e| e.to_string())
}

#[test]
fn the_schema_is_a_draft_2020_12_schema_that_checks_something() {
    let validator = validator();
    assert!(!schema_accepts(&validator, &json!({})));
    assert!(!schema_accepts(
        &validator,
        &json!({"key": "f", "version": 1, "items": [], "extra": 1})
    ));
    let text = service_quality::form::SCHEMA;
    let schema: Value = serde_json::from_str(text).unwrap();
    assert_eq!(
        schema["$schema"],
        json!("https://json-schema.org/draft/2020-12/schema")
    );
    assert!(jsonschema::meta::is_valid(&schema));
}

/// Every property the schema declares has a description, so the schema documents the format.
#[test]
fn every_field_is_described() {
    let text = service_quality::form::SCHEMA;
    let schema: Value = serde_json::from_str(text).unwrap();
    let mut missing = Vec::new();
    let mut check = |path: String, properties: &serde_json::Map<String, Value>| {
        for (name, property) in properties {
            // A field described where it is defined ($ref to a described definition) counts.
            let described = property.get("description").is_some()
                || property
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix("#/$defs/"))
                    .is_some_and(|def| schema["$defs"][def].get("description").is_some());
            if !described {
                missing.push(format!("{path}.{name}"));
            }
        }
    };
    check("form".to_owned(), schema["properties"].as_object().unwrap());
    for (name, def) in schema["$defs"].as_object().unwrap() {
        if let Some(properties) = def.get("properties").and_then(Value::as_object) {
            check(name.clone(), properties);
        }
    }
    assert!(
        missing.is_empty(),
        "fields without a description: {missing:?}"
    );
}

/// The shipped example form, and forms the crate writes (every kind of item and rule).
#[test]
fn every_form_shipped_or_written_validates() {
    let validator = validator();
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data");
    let mut shipped = 0;
    for entry in std::fs::read_dir(data).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let form: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert!(crate_accepts(&form).is_ok(), "{}", path.display());
        let errors: Vec<String> = validator
            .iter_errors(&form)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        shipped += 1;
    }
    assert_eq!(shipped, 2, "the example forms were not found in {data}");

    let written = [
        crate::common::worked_form(CriticalRule::ScoreZero),
        Form::from_policy("proud", 1, &service_quality::proud::ProudPolicy::default()),
        Form::builder("points", 2)
            .scoring(Scoring::Points)
            .item(Item::yes_no("rude").unwrap().try_with_points(-3.0).unwrap())
            .item(
                Item::scale("tone", Scale::ONE_TO_FIVE)
                    .unwrap()
                    .try_with_points(2.0)
                    .unwrap(),
            )
            .build()
            .unwrap(),
    ];
    for form in written {
        let value = serde_json::to_value(&form).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", form.key());
    }
}

/// Good forms both accept; forms of the wrong shape both refuse; forms of the right shape with
/// a relation between fields broken pass the schema and are refused by the crate, which names
/// the field.
#[test]
fn the_schema_and_the_deserialiser_agree_on_a_corpus() {
    let validator = validator();
    let scale = json!({"scale": {"min": 1, "max": 5}});
    let base = |items: Value| json!({"key": "f", "version": 1, "items": items});
    let good = [
        base(json!([{"key": "a", "answer": "yes_no"}])),
        base(json!([{"key": "a", "answer": scale, "weight": 2.5, "not_applicable": true}])),
        base(json!([{"key": "a", "answer": "yes_no", "critical": true}])),
        base(json!([{"key": "a", "answer": "yes_no", "critical": true, "pass_mark": 100}])),
        base(json!([
            {"key": "a", "answer": {"choices": [{"label": "x", "points": 2}, {"label": "y", "points": 0}]}},
            {"key": "b", "answer": "yes_no", "role": "not_scored"},
            {"key": "c", "answer": "yes_no", "points": 5, "role": "bonus"},
            {"key": "d", "answer": "yes_no", "applies_when": {"item": "b", "is": ["yes", "n/a"]}}
        ])),
        json!({"key": "f", "version": 4294967295_u64, "name": "F", "scoring": "points",
               "baseline": 80, "context": ["channel"],
               "sections": [{"key": "s", "critical": true, "pass_mark": 40,
                             "critical_scope": "section", "critical_rule": "flag_only"},
                            {"key": "t", "bonus": true}],
               "items": [
                   {"key": "a", "answer": scale, "points": 3, "section": "s"},
                   {"key": "b", "answer": "yes_no", "points": -2},
                   {"key": "c", "answer": "yes_no", "points": 1, "section": "t"},
                   {"key": "d", "answer": "yes_no", "points": 1,
                    "applies_when": {"context": "channel", "is": ["phone"]}}
               ],
               "bands": {"needs_improvement": 40, "good": 60, "excellent": 90},
               "critical_rule": "score_zero", "not_applicable_rule": "full_marks"}),
        json!({"key": "f", "version": 1,
               "sections": [{"key": "s", "weight": 1}, {"key": "t", "weight": 3}],
               "items": [{"key": "a", "answer": "yes_no", "section": "s"},
                         {"key": "b", "answer": "yes_no", "section": "t"}]}),
    ];
    for form in &good {
        assert!(
            crate_accepts(form).is_ok(),
            "{form}: {:?}",
            crate_accepts(form).err()
        );
        assert!(schema_accepts(&validator, form), "{form}");
    }
    let wrong_shape = [
        json!({"version": 1, "items": [{"key": "a", "answer": "yes_no"}]}),
        json!({"key": "f", "items": [{"key": "a", "answer": "yes_no"}]}),
        json!({"key": " ", "version": 1, "items": [{"key": "a", "answer": "yes_no"}]}),
        json!({"key": "f", "version": -1, "items": [{"key": "a", "answer": "yes_no"}]}),
        base(json!([])),
        base(json!([{"key": "a"}])),
        base(json!([{"key": "", "answer": "yes_no"}])),
        base(json!([{"key": "a", "answer": "yes-no"}])),
        base(json!([{"key": "a", "answer": {"scale": {"min": 1}}}])),
        base(json!([{"key": "a", "answer": {"choices": []}}])),
        base(json!([{"key": "a", "answer": {"choices": [{"label": "x"}]}}])),
        base(json!([{"key": "a", "answer": "yes_no", "weight": -1}])),
        base(json!([{"key": "a", "answer": "yes_no", "pass_mark": 50}])),
        base(json!([{"key": "a", "answer": "yes_no", "critical": true, "pass_mark": 101}])),
        base(json!([{"key": "a", "answer": "yes_no", "role": "extra"}])),
        base(json!([{"key": "a", "answer": "yes_no", "colour": "red"}])),
        base(json!([{"key": "a", "answer": "yes_no", "critical_scope": "team"}])),
        base(json!([{"key": "a", "answer": "yes_no"},
                    {"key": "b", "answer": "yes_no", "applies_when": {"item": "a"}}])),
        base(json!([{"key": "a", "answer": "yes_no"},
                    {"key": "b", "answer": "yes_no", "applies_when": {"is": ["yes"]}}])),
        base(json!([{"key": "a", "answer": "yes_no"},
                    {"key": "b", "answer": "yes_no",
                     "applies_when": {"item": "a", "context": "c", "is": ["yes"]}}])),
        json!({"key": "f", "version": 1, "scoring": "ranked", "items": [{"key": "a", "answer": "yes_no"}]}),
        json!({"key": "f", "version": 1, "baseline": 120, "items": [{"key": "a", "answer": "yes_no"}]}),
        json!({"key": "f", "version": 1, "bands": {"good": 70}, "items": [{"key": "a", "answer": "yes_no"}]}),
        json!({"key": "f", "version": 1, "sections": [{"key": "s", "pass_mark": 20}],
               "items": [{"key": "a", "answer": "yes_no"}]}),
        json!({"key": "f", "version": 1, "critical_rule": "explode", "items": [{"key": "a", "answer": "yes_no"}]}),
    ];
    for form in &wrong_shape {
        assert!(crate_accepts(form).is_err(), "the crate accepted {form}");
        assert!(
            !schema_accepts(&validator, form),
            "the schema accepted {form}"
        );
    }
    // Right shape, broken relation: the schema cannot see these; the crate names the field.
    let broken_relation = [
        (
            base(json!([{"key": "a", "answer": "yes_no"}, {"key": "a", "answer": "yes_no"}])),
            "key of item 'a' is used twice",
        ),
        (
            base(json!([{"key": "a", "answer": {"scale": {"min": 5, "max": 1}}}])),
            "scale 5..=1 is empty",
        ),
        (
            base(json!([{"key": "a", "answer": "yes_no", "section": "s"}])),
            "section of item 'a' is 's'",
        ),
        (
            base(json!([{"key": "a", "answer": "yes_no", "points": 2}])),
            "points of item 'a' is 2",
        ),
        (
            base(json!([{"key": "a", "answer": "yes_no", "critical": true, "pass_mark": 0}])),
            "pass_mark of item 'a' is 0",
        ),
        (
            base(json!([{"key": "a", "answer": "yes_no"},
                        {"key": "b", "answer": "yes_no", "applies_when": {"item": "z", "is": ["yes"]}}])),
            "applies_when of item 'b' is a condition on 'z'",
        ),
        (
            json!({"key": "f", "version": 1,
                   "bands": {"needs_improvement": 80, "good": 70, "excellent": 90},
                   "items": [{"key": "a", "answer": "yes_no"}]}),
            "thresholds are needs_improvement 80, good 70",
        ),
    ];
    for (form, message) in &broken_relation {
        assert!(schema_accepts(&validator, form), "{form}");
        let err = crate_accepts(form).unwrap_err();
        assert!(
            err.contains(message),
            "{err}\nexpected to contain: {message}"
        );
    }
}
