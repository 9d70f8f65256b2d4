//! The reply checker on arbitrary text, alone and in reply to arbitrary text: it must not
//! panic, and every finding's span must lie inside the reply on character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;
use service_quality::conversation::{ReplyChecker, ReplyReport};
use std::sync::LazyLock;

static CHECKER: LazyLock<ReplyChecker> =
    LazyLock::new(|| ReplyChecker::new().expect("the built-in phrase list compiles"));

fn check_spans(report: &ReplyReport, reply: &str) {
    for finding in report.findings() {
        let span = finding.span();
        assert!(span.start < span.end, "empty span {span:?}");
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
    check_spans(&CHECKER.check(text), text);
    // The first line break splits the input into the customer's message and the reply.
    if let Some((previous, reply)) = text.split_once('\n') {
        check_spans(&CHECKER.check_in_reply_to(reply, previous), reply);
    }
});
