//! Throughput of the reply checker on a megabyte of realistic replies.
//!
//! Run with `cargo bench --bench reply_checker`; divan reports bytes per second.

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use service_quality::conversation::ReplyChecker;

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

#[divan::bench]
fn check_one_megabyte(bencher: Bencher) {
    let checker = ReplyChecker::new().expect("the built-in phrases build");
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
