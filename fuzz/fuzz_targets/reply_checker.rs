//! The reply checker on arbitrary text, alone and in reply to arbitrary text, with the built-in
//! rules and with a team's own, to a customer and to a team: it must not panic, and every
//! finding's span must lie inside the reply on character boundaries (empty only where a
//! required greeting or closing is missing: at the start or at the end).
#![no_main]

use libfuzzer_sys::fuzz_target;
use service_quality::reply::{Audience, PhraseRule, ReplyChecker, ReplyContext, ReplyReport, Rule};
use std::sync::LazyLock;

static CHECKER: LazyLock<ReplyChecker> =
    LazyLock::new(|| ReplyChecker::new().expect("the built-in phrase list compiles"));

static WITH_RULES: LazyLock<ReplyChecker> = LazyLock::new(|| {
    let rules = [
        PhraseRule::required_greeting("greeting", ["hi", "hello"], "greet"),
        PhraseRule::required_closing("closing", ["kind regards", "thanks"], "close"),
        PhraseRule::forbidden("forbidden", ["no problem", "as per", "it's"], "rephrase"),
    ]
    .map(|r| r.expect("valid rules"));
    ReplyChecker::with_rules(rules).expect("the phrases compile")
});

fn check_spans(report: &ReplyReport, reply: &str) {
    for finding in report.findings() {
        let span = finding.span();
        let missing = match finding.rule() {
            Rule::MissingGreeting => Some(0),
            Rule::MissingClosing => Some(reply.len()),
            _ => None,
        };
        match missing {
            Some(at) => assert_eq!(span, at..at, "a missing phrase is marked where it belongs"),
            None => assert!(span.start < span.end, "empty span {span:?}"),
        }
        assert!(span.end <= reply.len(), "span {span:?} past the end");
        assert!(
            finding.text(reply).is_some(),
            "span {span:?} off a char boundary"
        );
    }
    let starts: Vec<usize> = report.findings().iter().map(|f| f.span().start).collect();
    assert!(starts.is_sorted(), "findings out of order: {starts:?}");
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for checker in [&*CHECKER, &*WITH_RULES] {
        check_spans(&checker.check(text), text);
        // The first line break splits the input into the message answered and the reply.
        if let Some((previous, reply)) = text.split_once('\n') {
            check_spans(&checker.check_in_reply_to(reply, previous), reply);
            let to_team = ReplyContext::new().in_reply_to(previous).to(Audience::Team);
            check_spans(&checker.check_with(reply, &to_team), reply);
            let _ = checker.read(previous).opinion();
        }
    }
});
