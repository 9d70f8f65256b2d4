//! Checks realistic written replies from agents (to customers) and team leaders (to their
//! teams), printing each finding with the offending text highlighted; then meets a customer's
//! opinion, adds a team's own phrase rules (one of them a script, which the source warns rarely
//! sounds human), and shows the conduct policy, a conversation checklist and two resolution
//! records. Two of the replies are the source's feigned empathy ("I understand", a refusal, "is
//! there anything else?") and the same understanding with a commitment behind it.
//!
//! Run with `cargo run --example reply_checker`.

use service_quality::Error;
use service_quality::conversation::{
    Checklist, Conduct, ConductPolicy, Habit, ResolutionPractice, ResolutionRecord, Tenure,
};
use service_quality::reply::{Audience, PhraseRule, ReplyChecker, ReplyContext, ReplyReport};

/// (who the reply is written to, what they wrote, the reply being checked)
const EXCHANGES: [(Audience, &str, &str); 13] = [
    (
        Audience::Customer,
        "Thanks so much for sorting out my refund!",
        "No problem, glad I could help.",
    ),
    (
        Audience::Customer,
        "Thank you, that's exactly what I needed.",
        "My pleasure! Our team will follow up on Friday.",
    ),
    (
        Audience::Customer,
        "Why was my parcel left outside in the rain?",
        "You should have chosen a safe place when you booked. Can I give you my opinion? The \
         driver did nothing wrong.",
    ),
    (
        Audience::Customer,
        "Monthly or annual plan: what would you do in my place?",
        "In my opinion the annual plan is better value, as you renew every year anyway.",
    ),
    (
        Audience::Customer,
        "My new kettle stopped working after two days.",
        "Sorry to hear that. Would you like to add an extended warranty to your next order? Is \
         there anything else I can help with?",
    ),
    (
        Audience::Customer,
        "My new kettle stopped working after two days.",
        "I'm sorry, that shouldn't have happened. I've sent a replacement today, and there's no \
         need to send the old one back first. Is there anything else I can help with?",
    ),
    (
        Audience::Customer,
        "The boots I ordered fell apart within a week. I'd like a refund.",
        "I understand how you feel, but we can't refund that order. Is there anything else I can \
         help with?",
    ),
    (
        Audience::Customer,
        "The boots I ordered fell apart within a week. I'd like a refund.",
        "I understand how you feel. We can't refund sale items, but I'll send a new pair today, \
         and you can return the old ones whenever suits you.",
    ),
    (
        Audience::Customer,
        "How do I turn off the marketing e-mails?",
        "Go to Settings, then Privacy, and untick the box. Go back and tap Save.",
    ),
    (
        Audience::Customer,
        "Can the person on till 3 process my return?",
        "She's just a checkout operator, you need to speak to a manager.",
    ),
    (
        Audience::Team,
        "The queue is building up again.",
        "Go and clear the backlog before lunch, I need the numbers by two.",
    ),
    (
        Audience::Team,
        "The queue is building up again.",
        "Let's go: we'll split the backlog between us and I'll take the oldest tickets.",
    ),
    (
        Audience::Team,
        "Thanks for covering my shift!",
        "No worries, you'd do the same for me.",
    ),
];

fn main() -> Result<(), Error> {
    let checker = ReplyChecker::new()?;
    for (audience, previous, reply) in EXCHANGES {
        let context = ReplyContext::new().in_reply_to(previous).to(audience);
        println!("To the {audience}:");
        print_report(previous, reply, &checker.check_with(reply, &context));
    }

    println!("Meeting a customer's opinion:");
    let message = "Honestly, in my opinion your whole returns process is a joke.";
    println!("> {message}");
    if let Some(opinion) = checker.read(message).opinion() {
        println!(
            "  \"{}\" marks an opinion: turn it into feedback.",
            opinion.text(message).unwrap_or("")
        );
        for (i, step) in opinion.steps().into_iter().enumerate() {
            println!("  {}. {}", i + 1, step.description());
        }
        println!("  Try: \"{}\"\n", opinion.clarifying_question());
    }

    println!("The same checker with the team's own rules, in one pass:");
    let team_rules = ReplyChecker::with_rules([
        PhraseRule::required_greeting(
            "greeting",
            ["hi", "hello", "good morning", "good afternoon", "dear"],
            "open with \"Hi\" and the customer's name",
        )?,
        PhraseRule::required_closing(
            "sign-off",
            ["kind regards", "best wishes", "speak soon"],
            "end with \"Kind regards\" and your name",
        )?,
        // A script every reply must recite: findings from it carry the source's caution.
        PhraseRule::required_closing(
            "script",
            ["thank you for choosing Acme today"],
            "end with the script",
        )?,
        PhraseRule::forbidden(
            "no jargon",
            ["as per", "per my last email", "computer says no"],
            "say it in plain words",
        )?,
    ])?;
    for rule in team_rules.rules().filter(|r| r.is_scripted()) {
        println!(
            "  (rule \"{}\" is a script: every reply must recite it)",
            rule.name()
        );
    }
    for reply in [
        "Hi Ana! Your refund was processed this morning.\nKind regards,\nPriya",
        "As per my last email, your refund was processed this morning.",
    ] {
        print_report("", reply, &team_rules.check(reply));
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

    println!("\nResolution records:");
    for (what, record) in [
        (
            "the boots, a first-time buyer: no argument, a new pair before the old came back, \
             the return label sent within minutes as promised",
            ResolutionRecord::from_practices([
                ResolutionPractice::ResolvedWithoutArgument,
                ResolutionPractice::ReplacementBeforeReturn,
                ResolutionPractice::PromisesKept,
            ]),
        ),
        (
            "the kettle, a customer of ten years: replaced at once, but the promised call-back \
             never came",
            ResolutionRecord::from_practices([
                ResolutionPractice::ResolvedWithoutArgument,
                ResolutionPractice::ReplacementBeforeReturn,
            ])
            .with_tenure(Tenure::LongStanding),
        ),
    ] {
        println!("  {what}");
        println!(
            "    score {:.0}; {}",
            record.score().get(),
            if record.wins_the_customer() {
                "wins the customer"
            } else {
                "does not win the customer yet"
            }
        );
        for missing in record.missing() {
            println!("    still to do: {missing}");
        }
    }
    Ok(())
}

/// Prints the exchange with findings highlighted, each finding, and the pronoun balance.
fn print_report(previous: &str, reply: &str, report: &ReplyReport) {
    if !previous.is_empty() {
        println!("> {previous}");
    }
    println!(
        "< {}",
        highlight(reply, report.findings().iter().map(|f| f.span()))
    );
    if report.findings().is_empty() {
        println!("  no findings");
    }
    for f in report.findings() {
        let text = f.text(reply).unwrap_or("");
        let what = if text.is_empty() {
            String::new()
        } else {
            format!(" \"{text}\"")
        };
        println!(
            "  [{}]{what}: {}; try {}",
            f.rule(),
            f.message(),
            f.suggestion()
        );
        if let Some(note) = f.note() {
            println!("    note: {note}");
        }
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

/// Wraps each span in `[[` and `]]` (spans are sorted and do not overlap; an empty span marks
/// where something is missing).
fn highlight(text: &str, spans: impl Iterator<Item = std::ops::Range<usize>>) -> String {
    let mut out = String::new();
    let mut at = 0;
    for span in spans {
        if span.start < at {
            continue;
        }
        out.push_str(text.get(at..span.start).unwrap_or(""));
        out.push_str("[[");
        out.push_str(text.get(span.clone()).unwrap_or(""));
        out.push_str("]]");
        at = span.end;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    out
}
