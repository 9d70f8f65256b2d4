//! Checks realistic written replies from agents and team leaders, printing each finding with
//! the offending text highlighted, then shows the conduct policy and a conversation checklist.
//!
//! Run with `cargo run --example reply_checker`.

use service_quality::Error;
use service_quality::conversation::{Checklist, Conduct, ConductPolicy, Habit, ReplyChecker};
use strum::IntoEnumIterator;

/// (what the customer or colleague wrote, the reply being checked)
const EXCHANGES: [(&str, &str); 7] = [
    (
        "Thanks so much for sorting out my refund!",
        "No problem, glad I could help.",
    ),
    (
        "Why was my parcel left outside in the rain?",
        "You should have chosen a safe place when you booked. In my opinion the driver did \
         nothing wrong.",
    ),
    (
        "The queue is building up again.",
        "Go and clear the backlog before lunch, I need the numbers by two.",
    ),
    (
        "The queue is building up again.",
        "Let's go: we'll split the backlog between us and I'll take the oldest tickets.",
    ),
    (
        "Thank you, that's exactly what I needed.",
        "My pleasure! Our team will follow up on Friday.",
    ),
    (
        "My new kettle stopped working after two days.",
        "Sorry to hear that. Would you like to add an extended warranty to your next order? Is \
         there anything else I can help with?",
    ),
    (
        "Can the person on till 3 process my return?",
        "She's just a checkout operator, you need to speak to a manager.",
    ),
];

fn main() -> Result<(), Error> {
    let checker = ReplyChecker::new()?;
    for (previous, reply) in EXCHANGES {
        let report = checker.check_in_reply_to(reply, previous);
        println!(
            "> {previous}\n< {}",
            highlight(reply, report.findings().iter().map(|f| f.span()))
        );
        if report.findings().is_empty() {
            println!("  no findings");
        }
        for f in report.findings() {
            println!(
                "  [{}] \"{}\": {}; try {}",
                f.rule(),
                f.text(reply).unwrap_or(""),
                f.message(),
                f.suggestion()
            );
        }
        let ratio = report
            .team_language_ratio()
            .map_or("-".to_owned(), |r| format!("{:.0}%", 100.0 * r));
        println!(
            "  team words {}, self words {}, accusatory {}, team-language ratio {ratio}\n",
            report.team_words(),
            report.self_words(),
            report.accusatory()
        );
    }

    println!("What to do with each kind of conduct (default policy):");
    let policy = ConductPolicy::default();
    for conduct in Conduct::iter() {
        let action = policy.respond(conduct);
        println!("  {conduct:<8} -> {action}: {}", action.script());
    }

    println!("\nChecklist for the rain-soaked parcel call:");
    let call = Checklist::from_observed([
        Habit::AssumeCustomerWrong,
        Habit::Argue,
        Habit::ListenToUnderstand,
    ]);
    println!("  score {:.0}", call.score().get());
    let names = |it: &mut dyn Iterator<Item = Habit>| {
        it.map(|h| h.to_string()).collect::<Vec<_>>().join(", ")
    };
    println!("  slips:  {}", names(&mut call.slips()));
    println!("  missed: {}", names(&mut call.missed()));
    Ok(())
}

/// Wraps each span in `[[` and `]]` (spans are sorted and do not overlap).
fn highlight(text: &str, spans: impl Iterator<Item = std::ops::Range<usize>>) -> String {
    let mut out = String::new();
    let mut at = 0;
    for span in spans {
        out.push_str(text.get(at..span.start).unwrap_or(""));
        out.push_str("[[");
        out.push_str(text.get(span.clone()).unwrap_or(""));
        out.push_str("]]");
        at = span.end;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    out
}
