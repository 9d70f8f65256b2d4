//! Survey imports: headers in any order and case, bad headers and rows rejected with every
//! reason, and run-time forms' answers read from exports.

use crate::common::worked_form;

use proptest::prelude::*;
use service_quality::CriticalRule;
use service_quality::form::{Answer, Tokens};
use service_quality::import::{Columns, FormColumns};
use service_quality::proud::{Principle, ProudPolicy};

#[test]
fn import_rejects_bad_headers_and_rows_with_reasons() {
    assert_eq!(
        Columns::<Principle>::from_headers(["p", "r", "o", "u"], &[])
            .unwrap_err()
            .to_string(),
        "missing column for 'deliver'"
    );
    let columns = Columns::<Principle>::from_headers(["P", "R", "O", "U", "D"], &[]).unwrap();
    let rows: [&[&str]; 6] = [
        &["5", "5", "5", "5", "5"],
        &["5", "5", "x", "5", "5"],
        &["0", "5", "5", "5", "6"],
        &["5", "5", "5", "5"],
        &["5", "5", "5", "5", "-"],
        &["5", "5", "5", "5", "5", "5"],
    ];
    let import = columns.import(
        &ProudPolicy::default(),
        rows.iter().enumerate().map(|(i, r)| (i + 1, r)),
    );
    assert_eq!(import.accepted().len(), 1);
    let rows: Vec<usize> = import.rejected().iter().map(|r| r.row).collect();
    assert_eq!(rows, [2, 3, 4, 5, 6]);
    let reasons: Vec<String> = import.rejected().iter().map(ToString::to_string).collect();
    assert_eq!(
        reasons,
        [
            "row 2: answer for 'ownership' is 'x', expected a rating in 1..=5",
            // Every problem in the row, not just the first.
            "row 3: answer for 'polite_and_professional' is 0, expected a rating in 1..=5; \
             answer for 'deliver' is 6, expected a rating in 1..=5",
            // A short row is reported as such, not as a blank cell.
            "row 4: row has 4 fields, expected 5",
            "row 5: answer for 'deliver' is n/a, expected a rating in 1..=5 (n/a is not allowed here)",
            // So is a long one: its cells have probably shifted, even if each would read.
            "row 6: row has 6 fields, expected 5",
        ]
    );
    assert_eq!(import.rejected()[1].errors.len(), 2);
}

/// A CSV export with a form: headers by key or name, declared extra columns, misspelt headers
/// named, N/A and yes/no tokens, short rows and every problem in a row.
#[test]
fn form_columns_read_exports() {
    let form = worked_form(CriticalRule::CapAtFailedItem);
    let headers = ["agent", "Greeting", "VERIFICATION", "resolution", "tone"];
    let columns = FormColumns::new(&form, headers, &["agent"]).unwrap();
    assert_eq!(columns.column("verification"), Some(2));
    let rows: [&[&str]; 4] = [
        &["ana", "4", "Y", "3", "-"],
        &["ben", "", "maybe", "6", "4"],
        &["cal", "5", "no"],
        &["dee", "5", "ja", "5", "na"],
    ];
    let import = columns.import(rows.iter().enumerate().map(|(i, r)| (i + 2, r)));
    assert_eq!(import.accepted().len(), 1);
    assert_eq!(import.accepted()[0].1.as_slice()[3], Answer::NotApplicable);
    let reasons: Vec<String> = import.rejected().iter().map(ToString::to_string).collect();
    assert_eq!(
        reasons,
        [
            "row 3: answer for 'greeting' is n/a, expected a rating in 1..=5 (n/a is not \
             allowed here); answer for 'verification' is 'maybe', expected yes or no; answer \
             for 'resolution' is 6, expected a rating in 1..=5",
            "row 4: row has 3 fields, expected 5",
            "row 5: answer for 'verification' is 'ja', expected yes or no",
        ]
    );
    // With the team's own words for yes, the last row reads.
    let dutch = FormColumns::new(&form, headers, &["agent"])
        .unwrap()
        .with_tokens(Tokens::default().with_yes(["ja"]).with_no(["nee"]));
    assert!(dutch.read(rows[3]).is_ok());

    assert_eq!(
        FormColumns::new(
            &form,
            ["agnt", "greeting", "verification", "resolution", "tone"],
            &["agent"]
        )
        .unwrap_err()
        .to_string(),
        "unknown column 'agnt', expected an item or a declared extra column (closest: 'agent')"
    );
    assert_eq!(
        FormColumns::new(&form, ["greeting", "verification", "resolution"], &[])
            .unwrap_err()
            .to_string(),
        "missing column for 'tone'"
    );
    assert!(
        FormColumns::new(
            &form,
            ["greeting", "Greeting", "verification", "resolution", "tone"],
            &[]
        )
        .is_err()
    );
}

proptest! {
    #![proptest_config(crate::common::cases(300))]

    #[test]
    fn headers_map_in_any_order_and_case(order in Just((0..5).collect::<Vec<usize>>()).prop_shuffle(), upper in proptest::collection::vec(any::<bool>(), 5), values in proptest::array::uniform5(1i32..=5)) {
        let names: Vec<String> = order
            .iter()
            .zip(&upper)
            .map(|(&i, &up)| {
                let key = Principle::iter().nth(i).unwrap().to_string();
                if up { key.to_uppercase() } else { key }
            })
            .collect();
        let mut headers: Vec<&str> = vec!["agent"];
        headers.extend(names.iter().map(String::as_str));
        let columns = Columns::<Principle>::from_headers(headers, &["agent"]).unwrap();
        // Row: agent, then each principle's value in the header's order.
        let mut row = vec!["x".to_owned()];
        row.extend(order.iter().map(|&i| values[i].to_string()));
        let ratings = columns.read(&ProudPolicy::default(), &row).unwrap();
        for (i, p) in Principle::iter().enumerate() {
            prop_assert_eq!(ratings.get(p).unwrap().get(), values[i]);
            // Header position: after the agent column, where this principle was listed.
            let listed = order.iter().position(|&o| o == i).unwrap();
            prop_assert_eq!(columns.column(p), 1 + listed);
        }
    }
}

/// Each accepted row's answers carry the declared extra columns and the form's context fields,
/// so callers stop indexing the export by row number; a context field without a column is
/// refused with the headers.
#[test]
fn accepted_rows_carry_their_extra_columns_and_context_fields() {
    use service_quality::Scale;
    use service_quality::form::{Condition, Form, Item};
    let form = Form::builder("calls", 1)
        .context_field("channel")
        .item(Item::scale("greeting", Scale::ONE_TO_FIVE).unwrap())
        .item(
            Item::yes_no("verified")
                .unwrap()
                .with_condition(Condition::context("channel", ["phone"])),
        )
        .build()
        .unwrap();
    let headers = ["Agent", "CHANNEL", "greeting", "verified", "ticket"];
    let columns = FormColumns::new(&form, headers, &["agent", "Ticket"]).unwrap();
    let import = columns.import([
        (2, ["ada", " phone ", "4", "yes", "T-1"]),
        (3, ["bo", "chat", "5", "", "T-2"]),
    ]);
    assert!(import.rejected().is_empty(), "{:?}", import.rejected());
    let (row, first) = &import.accepted()[0];
    assert_eq!(*row, 2);
    // Named as `extra` and the form spell them, values trimmed.
    let fields: Vec<(&str, &str)> = first.fields().collect();
    assert_eq!(
        fields,
        [("agent", "ada"), ("channel", "phone"), ("Ticket", "T-1")]
    );
    let scores: Vec<f64> = import
        .accepted()
        .iter()
        .map(|(_, a)| a.evaluate(&form).unwrap().overall().unwrap().get())
        .collect();
    // Ada on the phone: (75 + 100) / 2; Bo on chat, verification N/A by rule: 100.
    assert_eq!(scores, [87.5, 100.0]);

    let err = FormColumns::new(&form, ["greeting", "verified"], &[]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "missing column for context field 'channel'"
    );
    let err = FormColumns::new(&form, ["greeting", "verified", "chanel"], &[]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown column 'chanel', expected an item, a context field or a declared extra column \
         (closest: 'channel')"
    );
}

/// PROUD exports with the observer's notes beside the ratings: feeling, reaction, scenarios.
mod proud_columns {
    use service_quality::form::Tokens;
    use service_quality::import::ProudColumns;
    use service_quality::proud::{CopingReaction, ProudPolicy, ProudSummary, Scenario};

    const HEADER: [&str; 9] = [
        "team",
        "P",
        "R",
        "O",
        "U",
        "D",
        "FEELING",
        " Reaction ",
        "scenarios",
    ];

    #[test]
    fn the_notes_are_read_into_the_assessment_and_the_summary() {
        let columns = ProudColumns::from_headers(HEADER, &["team"]).unwrap();
        let rows = [
            (
                2,
                [
                    "north",
                    "1",
                    "3",
                    "4",
                    "4",
                    "4",
                    "1",
                    "Fight",
                    "treated_rudely; never_got_back_to",
                ],
            ),
            (3, ["north", "4", "4", "4", "4", "4", "4", "-", "n/a"]),
            (
                4,
                [
                    "north",
                    "2",
                    "4",
                    "4",
                    "4",
                    "4",
                    "",
                    "flight",
                    "treated_indifferently,",
                ],
            ),
        ];
        let import = columns.import(&ProudPolicy::default(), rows);
        assert!(import.rejected().is_empty(), "{:?}", import.rejected());
        let first = &import.accepted()[0].1;
        assert_eq!(first.feeling().map(|f| f.get()), Some(1));
        assert_eq!(first.reaction(), Some(CopingReaction::Fight));
        assert_eq!(
            first.scenarios().collect::<Vec<_>>(),
            [Scenario::TreatedRudely, Scenario::NeverGotBackTo]
        );
        let second = &import.accepted()[1].1;
        assert_eq!(
            (second.feeling().map(|f| f.get()), second.reaction()),
            (Some(4), None)
        );
        assert_eq!(second.scenarios().count(), 0);

        let summary: ProudSummary = import
            .accepted()
            .iter()
            .map(|(_, a)| a.evaluate(&ProudPolicy::default()).unwrap())
            .collect::<Vec<_>>()
            .iter()
            .collect();
        assert_eq!(summary.feelings().recorded(), 2);
        assert_eq!(summary.mean_feeling().map(|s| s.get()), Some(37.5)); // (0 + 75) / 2
        assert_eq!(summary.feelings().reactions(CopingReaction::Fight), 1);
        assert_eq!(summary.feelings().reactions(CopingReaction::Flight), 1);
    }

    #[test]
    fn every_bad_note_is_reported_with_the_bad_ratings() {
        let columns = ProudColumns::from_headers(HEADER, &["team"]).unwrap();
        let rows = [(
            7,
            [
                "north",
                "9",
                "4",
                "4",
                "4",
                "4",
                "2.5",
                "ran",
                "rude; treated_rudely; late",
            ],
        )];
        let import = columns.import(&ProudPolicy::default(), rows);
        let rejected = import.rejected()[0].to_string();
        for part in [
            "row 7: ",
            "answer for 'polite_and_professional' is 9",
            "answer for 'feeling' is '2.5', expected a rating in 1..=5 or n/a",
            "answer for 'reaction' is 'ran', expected fight, flight or n/a",
            "answer for 'scenarios' is 'rude'",
            "answer for 'scenarios' is 'late'",
        ] {
            assert!(rejected.contains(part), "{part} not in {rejected}");
        }
        assert_eq!(import.rejected()[0].errors.len(), 5);
        // A feeling off the scale is refused like a rating.
        let off = columns.read(
            &ProudPolicy::default(),
            &["north", "4", "4", "4", "4", "4", "0", "", ""],
        );
        assert_eq!(
            off.unwrap_err()[0].to_string(),
            "answer for 'feeling' is '0', expected a rating in 1..=5 or n/a"
        );
        // A short row is reported once, as for the ratings alone, even when the cells it has
        // reach a bad feeling: its cells may have moved, so none is read.
        let short = columns.read(&ProudPolicy::default(), &["north", "4"]);
        assert_eq!(short.unwrap_err().len(), 1);
        let one_short = columns.read(
            &ProudPolicy::default(),
            &["north", "4", "4", "4", "4", "4", "9", "ran"],
        );
        let errors = one_short.unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0]
                .to_string()
                .contains("row has 8 fields, expected 9")
        );
    }

    #[test]
    fn the_optional_columns_are_optional_and_misspellings_are_named() {
        let plain = ProudColumns::from_headers(["P", "R", "O", "U", "D"], &[]).unwrap();
        let assessment = plain
            .read(&ProudPolicy::default(), &["4", "4", "4", "4", "4"])
            .unwrap();
        assert_eq!((assessment.feeling(), assessment.reaction()), (None, None));
        let err = ProudColumns::from_headers(["P", "R", "O", "U", "D", "feelings"], &[])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("'feelings'") && err.contains("closest: 'feeling'"),
            "{err}"
        );
        // Other N/A tokens apply to the notes too.
        let columns = ProudColumns::from_headers(HEADER, &["team"])
            .unwrap()
            .with_tokens(Tokens::default().with_not_applicable(["none"]));
        let read = columns
            .read(
                &ProudPolicy::default(),
                &["north", "4", "4", "4", "4", "4", "none", "none", "none"],
            )
            .unwrap();
        assert_eq!((read.feeling(), read.reaction()), (None, None));
        assert_eq!(
            columns
                .ratings()
                .column(service_quality::proud::Principle::Deliver),
            5
        );
    }
}
