//! Throughput of the reply checker on a megabyte of realistic replies, with the built-in rules
//! alone and with a team's own phrase rules added (compiled into the same automaton, so a
//! reply is still read once).
//!
//! Run with `cargo bench --bench reply_checker`; divan reports bytes per second.

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use service_quality::reply::{PhraseRule, ReplyChecker};

fn main() {
    divan::main();
}

const REPLIES: [&str; 6] = [
    "Thanks for waiting! No problem at all, we have sent the replacement today.",
    "In my opinion you should have kept the receipt, but let's see what we can do.",
    "I checked the account and your refund was processed on Monday; it should arrive soon.",
    "Go and update the ticket before the end of the shift, please.",
    "Let's go through it together: our records show the order left the warehouse on the 3rd.",
    "Merci beaucoup ! Nous avons réglé le problème ; 日本語のお客様にも対応できます。",
];

/// About 1 MB of replies, mixed ASCII and other scripts.
fn corpus() -> String {
    let mut text = String::new();
    while text.len() < 1 << 20 {
        for reply in REPLIES {
            text.push_str(reply);
            text.push('\n');
        }
    }
    text
}

/// The built-in rules and a team's greeting, closing and forbidden phrases.
fn with_team_rules() -> ReplyChecker {
    let rules = [
        PhraseRule::required_greeting(
            "greeting",
            ["hi", "hello", "good morning", "good afternoon", "dear"],
            "open with a greeting",
        ),
        PhraseRule::required_closing(
            "sign-off",
            ["kind regards", "best wishes", "speak soon", "thanks again"],
            "sign off",
        ),
        PhraseRule::forbidden(
            "jargon",
            [
                "as per",
                "per my last email",
                "computer says no",
                "calm down",
                "it's company policy",
                "unfortunately",
            ],
            "say it plainly",
        ),
    ]
    .map(|r| r.expect("valid rules"));
    ReplyChecker::with_rules(rules).expect("the phrases build")
}

#[divan::bench]
fn check_one_megabyte(bencher: Bencher) {
    let checker = ReplyChecker::new().expect("the built-in phrases build");
    let text = corpus();
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| checker.check(black_box(&text)));
}

#[divan::bench]
fn check_one_megabyte_with_team_rules(bencher: Bencher) {
    let checker = with_team_rules();
    let text = corpus();
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| checker.check(black_box(&text)));
}

#[divan::bench]
fn check_one_reply(bencher: Bencher) {
    let checker = ReplyChecker::new().expect("the built-in phrases build");
    let reply = REPLIES[1];
    bencher
        .counter(BytesCount::of_str(reply))
        .bench(|| checker.check_in_reply_to(black_box(reply), black_box("Thank you")));
}

#[divan::bench]
fn check_one_reply_with_team_rules(bencher: Bencher) {
    let checker = with_team_rules();
    let reply = REPLIES[1];
    bencher
        .counter(BytesCount::of_str(reply))
        .bench(|| checker.check_in_reply_to(black_box(reply), black_box("Thank you")));
}
