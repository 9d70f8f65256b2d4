//! The reply checker: each built-in rule with its text, opinions asked for and given, up-selling
//! and "go" in context, a team's own phrase rules, and spans on arbitrary Unicode.

use proptest::prelude::*;
use service_quality::conversation::OpinionStep;
use service_quality::reply::{
    Audience, PhraseRule, PhraseRuleKind, ReplyChecker, ReplyContext, Rule,
};

#[test]
fn reply_checker_finds_each_rule_with_its_text() {
    let c = crate::common::reply_checker();
    let reply = "No problem! In my view, you should have called. Go and read the manual.";
    // Written to a colleague who thanked: the bare "go" is an order to the team.
    let context = ReplyContext::new()
        .in_reply_to("Thanks!")
        .to(Audience::Team);
    let report = c.check_with(reply, &context);
    let found: Vec<(Rule, &str)> = report
        .findings()
        .iter()
        .map(|f| (f.rule(), f.text(reply).unwrap()))
        .collect();
    assert_eq!(
        found,
        [
            (Rule::NoProblem, "No problem"),
            (Rule::Opinion, "In my view"),
            (Rule::AccusatoryYou, "you should have"),
            (Rule::GoNotLetsGo, "Go"),
        ]
    );
    assert_eq!(report.team_language_ratio(), Some(0.0));
    // "you should have" is the one accusatory phrase; the "my" of "In my view" belongs to the
    // opinion finding, so no self word is counted.
    let words = (
        report.accusatory(),
        report.self_words(),
        report.team_words(),
    );
    assert_eq!(words, (1, 0, 0));
    let twice = c.check("You should have called. You should have written.");
    assert_eq!((twice.accusatory(), twice.findings().len()), (2, 2));
    assert_eq!(c.check("We have fixed it for you.").accusatory(), 0);
    // A belittled role is found past any white space, and the finding spans up to the role.
    let reply = "Sorry, I am just a  \t cashier here.";
    let report = c.check(reply);
    let belittling: Vec<&str> = report
        .findings()
        .iter()
        .filter(|f| f.rule() == Rule::BelittlingRole)
        .filter_map(|f| f.text(reply))
        .collect();
    assert_eq!(belittling, ["just a  \t cashier"]);
    for f in report.findings() {
        assert_eq!(
            (f.message(), f.suggestion()),
            (f.rule().message(), f.rule().suggestion())
        );
        assert!(!f.message().is_empty() && !f.suggestion().is_empty());
    }
}

/// The rules a report found, in order.
fn rules_of(report: &service_quality::reply::ReplyReport) -> Vec<Rule> {
    report.findings().iter().map(|f| f.rule()).collect()
}

fn found<'a>(reply: &'a str, report: &service_quality::reply::ReplyReport) -> Vec<(Rule, &'a str)> {
    report
        .findings()
        .iter()
        .map(|f| (f.rule(), f.text(reply).unwrap()))
        .collect()
}

/// Regression: "can I give you my opinion" and a bare "my opinion" were missed.
#[test]
fn every_opinion_marker_is_caught_in_a_reply() {
    let c = crate::common::reply_checker();
    for (reply, marker) in [
        (
            "Can I give you my opinion? The courier did nothing wrong.",
            "Can I give you my opinion",
        ),
        ("My opinion: the courier did nothing wrong.", "My opinion"),
        (
            "The courier did nothing wrong, if you ask me.",
            "if you ask me",
        ),
        ("In my view the courier did nothing wrong.", "In my view"),
    ] {
        assert_eq!(
            found(reply, &c.check(reply)),
            [(Rule::Opinion, marker)],
            "{reply}"
        );
    }
}

/// Regression: a view the customer asked for was flagged as an unwanted opinion.
#[test]
fn an_opinion_the_customer_asked_for_is_not_flagged() {
    let c = crate::common::reply_checker();
    let reply = "In my opinion the annual plan is better value for you.";
    for asked in [
        "Which plan would you choose? What would you do?",
        "What do you think, monthly or annual?",
        "In your opinion, is the annual plan worth it?",
    ] {
        assert!(
            c.check_in_reply_to(reply, asked).findings().is_empty(),
            "{asked}"
        );
        assert!(c.read(asked).asks_for_view());
    }
    assert_eq!(
        found(reply, &c.check_in_reply_to(reply, "Which plan is cheaper?")),
        [(Rule::Opinion, "In my opinion")]
    );
}

/// A customer's opinion is met by listening, asking for detail and listening again.
#[test]
fn a_customer_opinion_gets_the_three_steps_and_a_question() {
    let c = crate::common::reply_checker();
    let message = "Frankly, my opinion is that your returns policy is a joke.";
    let incoming = c.read(message);
    let opinion = incoming.opinion().unwrap();
    assert_eq!(opinion.text(message), Some("my opinion is"));
    assert_eq!(
        opinion.steps(),
        [
            OpinionStep::Listen,
            OpinionStep::AskForDetail,
            OpinionStep::ListenAgain
        ]
    );
    assert!(opinion.clarifying_question().contains("what went wrong"));
    assert!(!incoming.thanks() && !incoming.reports_problem());
    assert!(c.read("The parcel came on Tuesday.").opinion().is_none());
}

/// Regression: a polite "anything else?" after the problem was resolved was flagged. Offers and
/// closings are flagged only before the reply puts the problem right, commits to a step or asks
/// about it; a bare apology does not count.
#[test]
fn upselling_is_flagged_only_before_the_problem_is_taken_on() {
    let c = crate::common::reply_checker();
    let broken = "My new kettle stopped working after two days.";
    let feigned = "Sorry to hear that. Would you like to add an extended warranty? Is there \
                   anything else I can help with?";
    assert_eq!(
        found(feigned, &c.check_in_reply_to(feigned, broken)),
        [
            (Rule::UpsellOnProblem, "Would you like to add"),
            (Rule::UpsellOnProblem, "extended warranty"),
            (Rule::PrematureClosing, "Is there anything else"),
        ]
    );
    let resolved = "I'm sorry, that shouldn't have happened. I've sent a replacement today, \
                    and there's no need to send the old one back first. Is there anything else \
                    I can help with?";
    assert!(c.check_in_reply_to(resolved, broken).findings().is_empty());
    let committed = "I understand, that's frustrating; I'll sort it today. Anything else I can do?";
    assert!(c.check_in_reply_to(committed, broken).findings().is_empty());
    // The customer says it is resolved: nothing is open, so a closing offer is fine.
    let done = "My pleasure. Is there anything else I can help with?";
    assert!(
        c.check_in_reply_to(done, "It works now, thank you!")
            .findings()
            .is_empty()
    );
    // An offer first, then the fix, is still an offer before the fix.
    let late = "Have you seen our upgrade? I've sent a replacement.";
    assert_eq!(
        found(late, &c.check_in_reply_to(late, broken)),
        [(Rule::UpsellOnProblem, "upgrade")]
    );
    // Offers to the team are not up-selling.
    let context = ReplyContext::new().in_reply_to(broken).to(Audience::Team);
    assert!(c.check_with(feigned, &context).findings().is_empty());
}

/// Regression: the source's bad call (the escalation manager said she understood, refused the
/// refund and asked "is there anything else?") passed, because "I understand" counted as owning
/// the problem and "refund" counted as a fix even where it was refused. In our own words:
#[test]
fn the_sources_feigned_empathy_is_flagged() {
    let c = crate::common::reply_checker();
    let complaint = "The boots I ordered fell apart within a week. I'd like a refund.";
    assert!(c.read(complaint).reports_problem());
    let reply = "I understand how you feel, but we can't refund that order. Is there anything else \
                 I can help with?";
    assert_eq!(
        found(reply, &c.check_in_reply_to(reply, complaint)),
        [
            (Rule::FeignedEmpathy, "I understand how you feel"),
            (Rule::PrematureClosing, "Is there anything else"),
        ]
    );
    // Understanding claimed, then a closing: feigned even without a refusal.
    let reply = "I completely understand. Is there anything else?";
    assert_eq!(
        found(reply, &c.check_in_reply_to(reply, complaint)),
        [
            (Rule::FeignedEmpathy, "I completely understand"),
            (Rule::PrematureClosing, "Is there anything else"),
        ]
    );
    // Understanding claimed, then a refusal and nothing else.
    let reply = "You're right, but a refund isn't possible for sale items.";
    assert_eq!(
        found(reply, &c.check_in_reply_to(reply, complaint)),
        [(Rule::FeignedEmpathy, "You're right")]
    );
    // Reworded refusals with no word from the refusal list: naming a refund or a replacement
    // is not giving one.
    for (reply, closing) in [
        (
            "I understand how you feel, but the refund window has closed. Is there anything else \
             I can help with?",
            true,
        ),
        (
            "I understand. Unfortunately a replacement is out of stock.",
            false,
        ),
    ] {
        let rules = rules_of(&c.check_in_reply_to(reply, complaint));
        assert!(rules.contains(&Rule::FeignedEmpathy), "{reply}: {rules:?}");
        assert_eq!(
            rules.contains(&Rule::PrematureClosing),
            closing,
            "{reply}: {rules:?}"
        );
    }
    // A fix named in the clause that refuses it is no fix.
    let reply = "I understand, but it can't be refunded. Is there anything else?";
    let rules = rules_of(&c.check_in_reply_to(reply, complaint));
    assert_eq!(rules, [Rule::FeignedEmpathy, Rule::PrematureClosing]);
    // The same in a later sentence: the clause is found wherever it starts, and a contrast
    // after the refused fix does not lift the refusal.
    let reply = "I am so very sorry about all of this. We can't have it refunded but I \
                 understand. Is there anything else?";
    let rules = rules_of(&c.check_in_reply_to(reply, complaint));
    assert!(rules.contains(&Rule::PrematureClosing), "{rules:?}");
    // A refund actually given still takes the problem on.
    let reply = "I understand, and I've issued a refund today. Is there anything else?";
    assert!(c.check_in_reply_to(reply, complaint).findings().is_empty());
    // "What happened" in a statement is not a question about the problem.
    let reply = "I understand what happened. Is there anything else?";
    assert_eq!(
        found(reply, &c.check_in_reply_to(reply, complaint)),
        [
            (Rule::FeignedEmpathy, "I understand"),
            (Rule::PrematureClosing, "Is there anything else"),
        ]
    );
}

/// The same understanding, with something behind it, passes: a concrete commitment, a fix in
/// another clause than the refusal, or a question about the problem.
#[test]
fn understanding_with_a_commitment_or_a_question_passes() {
    let c = crate::common::reply_checker();
    let complaint = "The boots I ordered fell apart within a week. I'd like a refund.";
    for reply in [
        "I understand how you feel. We can't refund that order, but I'll send a new pair today. \
         Is there anything else I can help with?",
        "I understand how you feel. We can't refund sale items, but we've sent a replacement pair \
         this morning. Is there anything else I can help with?",
        "I understand how you feel. Can you tell me what went wrong with the soles, so we can put \
         it right?",
        "I understand. Would you like a refund or a new pair?",
    ] {
        assert!(
            c.check_in_reply_to(reply, complaint).findings().is_empty(),
            "{reply}: {:?}",
            c.check_in_reply_to(reply, complaint).findings()
        );
    }
    // Empathy alone, with no refusal, offer or closing, is not flagged either.
    let reply = "I can't imagine how annoying that must be.";
    assert!(c.check_in_reply_to(reply, complaint).findings().is_empty());
    // A customer whose message reports no problem gets no such finding.
    let reply = "I understand, but we can't deliver on Sundays. Is there anything else?";
    assert!(
        c.check_in_reply_to(reply, "Do you deliver on Sundays?")
            .findings()
            .is_empty()
    );
}

/// Regression: any sentence-initial "Go" was flagged, including instructions to a customer.
#[test]
fn go_is_flagged_only_when_a_leader_addresses_the_team() {
    let c = crate::common::reply_checker();
    let instructions = "Go to Settings, then Privacy. Go back and tap Save.";
    assert!(c.check(instructions).findings().is_empty());
    let team = ReplyContext::new().to(Audience::Team);
    let order = "Go and clear the backlog. I need the numbers by two.";
    assert_eq!(
        found(order, &c.check_with(order, &team)),
        [(Rule::GoNotLetsGo, "Go")]
    );
    assert!(
        c.check_with("Let's go: we'll split the backlog.", &team)
            .findings()
            .is_empty()
    );
    assert_eq!(ReplyContext::new().audience(), Audience::Customer);
    assert_eq!(team.previous(), None);
}

/// A team's own rules, in the same pass as the built-in ones.
#[test]
fn a_team_adds_its_own_phrase_rules() {
    let rules = [
        PhraseRule::required_greeting(
            "greeting",
            ["hi", "hello", "good morning"],
            "open with \"Hi\"",
        )
        .unwrap(),
        PhraseRule::required_closing(
            "sign-off",
            ["kind regards", "best wishes"],
            "sign off warmly",
        )
        .unwrap(),
        PhraseRule::forbidden(
            "no jargon",
            ["as per", "per my last email"],
            "say it plainly",
        )
        .unwrap(),
    ];
    let c = ReplyChecker::with_rules(rules.clone()).unwrap();
    assert_eq!(c.rules().cloned().collect::<Vec<_>>(), rules);
    let good = "Hi Sam! Your refund is on its way.\nKind regards,\nPriya";
    assert!(c.check(good).findings().is_empty());
    let bad = "As per my last email, the refund is on its way. Thanks, Priya";
    let report = c.check(bad);
    let got: Vec<(Rule, std::ops::Range<usize>, &str)> = report
        .findings()
        .iter()
        .map(|f| (f.rule(), f.span(), f.suggestion()))
        .collect();
    assert_eq!(
        got,
        [
            (Rule::MissingGreeting, 0..0, "open with \"Hi\""),
            (Rule::ForbiddenPhrase, 0..6, "say it plainly"),
            (
                Rule::MissingClosing,
                bad.len()..bad.len(),
                "sign off warmly"
            ),
        ]
    );
    assert_eq!(
        report.findings()[1].phrase_rule().unwrap().name(),
        "no jargon"
    );
    // A greeting later than the first sentence does not count; case and curly quotes do not
    // matter.
    let late = "Your refund is on its way. Hello again! Best wishes";
    assert_eq!(
        c.check(late)
            .findings()
            .iter()
            .map(|f| f.rule())
            .collect::<Vec<_>>(),
        [Rule::MissingGreeting]
    );
    let forbid = PhraseRule::forbidden("can't", ["we can't"], "say what we can do").unwrap();
    let c = ReplyChecker::with_rules([forbid]).unwrap();
    assert_eq!(c.check("Sorry, WE CAN\u{2019}T.").findings().len(), 1);
    // The built-in rules still run beside the team's.
    assert_eq!(
        c.check_in_reply_to("No problem, we can't.", "Thanks")
            .findings()[0]
            .rule(),
        Rule::NoProblem
    );
}

#[test]
fn phrase_rules_are_validated() {
    assert_eq!(
        PhraseRule::forbidden(" ", ["x"], "y")
            .unwrap_err()
            .to_string(),
        "phrase rule name is empty, expected some text"
    );
    assert_eq!(
        PhraseRule::forbidden("n", ["x", "  "], "y")
            .unwrap_err()
            .to_string(),
        "phrase is empty, expected some text"
    );
    assert_eq!(
        PhraseRule::forbidden("n", ["x"], "")
            .unwrap_err()
            .to_string(),
        "suggestion is empty, expected some text"
    );
    let rule = PhraseRule::new(
        PhraseRuleKind::RequiredClosing,
        " sign-off ",
        [" thanks "],
        "s",
    )
    .unwrap();
    assert_eq!(
        (rule.kind(), rule.name(), rule.phrases().collect::<Vec<_>>()),
        (PhraseRuleKind::RequiredClosing, "sign-off", vec!["thanks"])
    );
}

/// Scripts rarely sound human (the source): a finding from a rule that makes every reply
/// recite a sentence carries that caution; a rule with a short, natural choice does not.
#[test]
fn a_scripted_rule_carries_the_sources_caution() {
    let script = PhraseRule::required_greeting(
        "script",
        ["thank you for contacting Acme support"],
        "open with the script",
    )
    .unwrap();
    let natural =
        PhraseRule::required_greeting("greeting", ["hi", "hello"], "open with a greeting").unwrap();
    let forbidden =
        PhraseRule::forbidden("jargon", ["as per my last email"], "say it plainly").unwrap();
    assert!(script.is_scripted());
    assert!(!natural.is_scripted() && !forbidden.is_scripted());
    let c = ReplyChecker::with_rules([script, natural, forbidden]).unwrap();
    let reply = "Good afternoon, as per my last email the parcel is on its way.";
    let report = c.check(reply);
    let notes: Vec<(Rule, &str, bool)> = report
        .findings()
        .iter()
        .map(|f| {
            (
                f.rule(),
                f.phrase_rule().unwrap().name(),
                f.note().is_some(),
            )
        })
        .collect();
    assert_eq!(
        notes,
        [
            (Rule::MissingGreeting, "script", true),
            (Rule::MissingGreeting, "greeting", false),
            (Rule::ForbiddenPhrase, "jargon", false),
        ]
    );
    let note = report.findings()[0].note().unwrap();
    assert!(note.contains("rarely sound human") && note.contains("not working"));
    // Built-in rules carry no note.
    let report = crate::common::reply_checker().check_in_reply_to("Hi, no problem!", "Thanks!");
    assert_eq!(report.findings()[0].rule(), Rule::NoProblem);
    assert!(report.findings().iter().all(|f| f.note().is_none()));
    assert_eq!(PhraseRule::SCRIPT_WORDS, 4);
}

#[cfg(feature = "serde")]
#[test]
fn phrase_rules_and_findings_serialise() {
    use serde_json::json;
    let rule = PhraseRule::forbidden("no jargon", ["as per"], "say it plainly").unwrap();
    let text = serde_json::to_string(&rule).unwrap();
    assert_eq!(serde_json::from_str::<PhraseRule>(&text).unwrap(), rule);
    let err = serde_json::from_value::<PhraseRule>(
        json!({"kind": "forbidden", "name": "x", "phrases": [], "suggestion": "y"}),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.starts_with("phrase rule is empty, expected at least one phrase"),
        "{err}"
    );
    let c = ReplyChecker::with_rules([rule]).unwrap();
    let report = c.check("As per the policy.");
    assert_eq!(
        serde_json::to_value(&report.findings()[0]).unwrap(),
        json!({"rule": "forbidden_phrase", "span": {"start": 0, "end": 6},
               "name": "no jargon", "suggestion": "say it plainly"})
    );
    // A finding from a scripted rule carries its note.
    let script =
        PhraseRule::required_closing("script", ["have a lovely day now"], "close").unwrap();
    let c = ReplyChecker::with_rules([script]).unwrap();
    let value = serde_json::to_value(&c.check("Done.").findings()[0]).unwrap();
    assert_eq!(value["rule"], "missing_closing");
    assert!(
        value["note"]
            .as_str()
            .is_some_and(|n| n.contains("scripts rarely sound human")),
        "{value}"
    );
}

/// A checker with a team's greeting, closing and forbidden phrases, built once.
fn with_team_rules() -> &'static ReplyChecker {
    static CHECKER: std::sync::LazyLock<ReplyChecker> = std::sync::LazyLock::new(|| {
        let rules = [
            PhraseRule::required_greeting("greeting", ["hi", "hello"], "greet"),
            PhraseRule::required_closing("closing", ["kind regards", "thanks"], "close"),
            PhraseRule::forbidden("forbidden", ["no problem", "as per", "it's"], "rephrase"),
        ];
        ReplyChecker::with_rules(rules.map(Result::unwrap)).unwrap()
    });
    &CHECKER
}

proptest! {
    #![proptest_config(crate::common::cases(1_000))]

    #[test]
    fn the_checker_never_panics_and_spans_lie_on_char_boundaries(text in any::<String>(), prev in any::<String>()) {
        let to_team = ReplyContext::new().in_reply_to(&prev).to(Audience::Team);
        let reports = [crate::common::reply_checker(), with_team_rules()]
            .into_iter()
            .flat_map(|c| [c.check(&text), c.check_in_reply_to(&text, &prev), c.check_with(&text, &to_team)]);
        for report in reports {
            let mut last = 0;
            for f in report.findings() {
                let span = f.span();
                prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
                prop_assert!(f.text(&text).is_some());
                prop_assert!(span.start >= last, "findings out of order");
                last = span.start;
                let missing = matches!(f.rule(), Rule::MissingGreeting | Rule::MissingClosing);
                prop_assert_eq!(span.is_empty(), missing);
            }
            if let Some(r) = report.team_language_ratio() {
                prop_assert!((0.0..=1.0).contains(&r));
            }
        }
    }

    #[test]
    fn phrases_are_found_in_any_case_inside_arbitrary_text(
        prefix in "[^a-zA-Z0-9]{0,3}\\PC{0,20}[ .]",
        upper in any::<bool>(),
    ) {
        let c = crate::common::reply_checker();
        let phrase = if upper { "IN MY OPINION" } else { "in my opinion" };
        let text = format!("{prefix}{phrase} it works");
        let report = c.check(&text);
        prop_assert!(report.findings().iter().any(|f| f.rule() == Rule::Opinion
            && f.text(&text).map(str::to_lowercase).as_deref() == Some("in my opinion")));
    }
}

/// Every rule says what it finds wrong in words of its own.
#[test]
fn every_rule_has_a_message_of_its_own() {
    let messages: std::collections::HashSet<&str> = Rule::iter().map(Rule::message).collect();
    assert_eq!(messages.len(), Rule::iter().count());
    assert!(
        messages.iter().all(|m| m.split_whitespace().count() >= 6),
        "{messages:?}"
    );
}
