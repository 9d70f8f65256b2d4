//! Leadership profiles and briefings: hand-computed profiles, the brief's two briefings, what
//! each briefing element stands for, and the indices' bounds.

use crate::common::strategies::contrast_ratings;
use crate::common::{assert_close, mgmt, ved};

use proptest::prelude::*;
use service_quality::boss_leader::LeaderPolicy;
use service_quality::leadership::{
    Area, Briefing, BriefingElement, BriefingVerdict, Position, Profile, ProfilePolicy, Style,
};
use service_quality::{Scale, Score};

/// Hand-computed: V.E.D. 5, 4, 3 → 100, 75, 50 → leadership 75; functions 2, 3, 3, 2 →
/// 25, 50, 50, 25 → management 37.5; leading.
#[test]
fn hand_computed_profile_leads() {
    let report = Profile::new(Position::Agent, ved([5, 4, 3]), mgmt([2, 3, 3, 2]))
        .evaluate(&ProfilePolicy::default())
        .unwrap();
    assert_close(crate::common::value(report.leadership_index()), 75.0);
    assert_close(crate::common::value(report.management_index()), 37.5);
    assert_eq!(report.style(), Some(Style::Leading));
    assert_eq!(report.leadership().focus(), Some(Area::Delivery));
    assert_eq!(report.position(), Position::Agent);
}

/// Leadership at every level: the same ratings give the same verdict for any role.
#[test]
fn the_role_does_not_change_the_scoring() {
    let verdicts: Vec<(f64, f64, Option<Style>)> = Position::iter()
        .map(|role| {
            let r = Profile::new(role, ved([4, 4, 2]), mgmt([4, 5, 4, 5]))
                .evaluate(&ProfilePolicy::default())
                .unwrap();
            (
                crate::common::value(r.leadership_index()),
                crate::common::value(r.management_index()),
                r.style(),
            )
        })
        .collect();
    assert!(verdicts.windows(2).all(|w| w[0] == w[1]));
    // V.E.D. 4, 4, 2 → 75, 75, 25 → 58.33 (below 60); functions 4, 5, 4, 5 → 87.5: managing.
    let (leadership, management, style) = verdicts[0];
    assert!((leadership - 175.0 / 3.0).abs() < 1e-12);
    assert_eq!((management, style), (87.5, Some(Style::Managing)));
}

/// The brief's manager briefing, in this crate's words: the target and the measures, with "we".
const MANAGER_BRIEFING: &str = "We need 100% customer satisfaction this quarter. We'll get \
    there by cutting our response times and dealing with top priorities first.";

/// The brief's leader briefing, in this crate's words: the same target, the why, the effort
/// acknowledged, belief in the team, and a question for the team's ideas.
const LEADER_BRIEFING: &str = "We're going for 100% customer satisfaction this quarter. The \
    national service award is decided next month, and this is our chance to show we're the \
    best team in the country. I know it's a lot to ask on top of a busy quarter, and I know we \
    can do it. What would help you get there?";

/// DOMAIN.md section 2 and issue 16: both briefings name the deliverable and say "we", so team
/// language cannot tell them apart; the why, the acknowledged effort and the request for ideas
/// (with the leader's belief in the team) do.
#[test]
fn the_brief_s_two_briefings() {
    use BriefingElement::*;
    use service_quality::reply::{Audience, ReplyContext};
    let checker = crate::common::reply_checker();
    let to_team = ReplyContext::new().to(Audience::Team);
    for text in [MANAGER_BRIEFING, LEADER_BRIEFING] {
        let report = checker.check_with(text, &to_team);
        assert!(report.team_words() >= 3, "{text}");
        assert!(report.team_language_ratio().unwrap() > 0.6, "{text}");
        assert!(report.findings().is_empty(), "{text}");
    }

    let manager = Briefing::from_elements([Deliverable, TeamLanguage, Plan]).unwrap();
    let leader = Briefing::from_elements([
        Deliverable,
        Reason,
        TeamLanguage,
        Belief,
        AcknowledgeEffort,
        AskForIdeas,
    ])
    .unwrap();
    assert_eq!(manager.evaluate(), BriefingVerdict::Manages);
    assert_eq!(leader.evaluate(), BriefingVerdict::Leads);
    assert_eq!(leader.missing_to_lead().count(), 0);
    assert_eq!(
        manager.missing_to_lead().collect::<Vec<_>>(),
        [Reason, Belief, AcknowledgeEffort, AskForIdeas]
    );
    // Regression: the manager's briefing used to be encoded without its "we"; with it, the
    // verdict does not change.
    assert!(manager.contains(TeamLanguage));
}

#[test]
fn briefing_elements_map_to_areas_and_functions() {
    use service_quality::leadership::{Area, Briefing, BriefingElement, Function};
    let areas: Vec<Option<Area>> = BriefingElement::iter().map(BriefingElement::area).collect();
    let functions: Vec<Option<Function>> = BriefingElement::iter()
        .map(BriefingElement::function)
        .collect();
    // Declaration order: deliverable, reason, team language, belief, acknowledge effort, ask
    // for ideas, plan.
    assert_eq!(
        areas,
        [
            Some(Area::Delivery),
            Some(Area::Vision),
            Some(Area::Engagement),
            Some(Area::Engagement),
            Some(Area::Engagement),
            Some(Area::Engagement),
            None
        ]
    );
    assert_eq!(
        functions,
        [None, None, None, None, None, None, Some(Function::Planning)]
    );
    let engaging: Vec<BriefingElement> = BriefingElement::iter().filter(|e| e.engages()).collect();
    assert_eq!(
        engaging,
        [
            BriefingElement::Belief,
            BriefingElement::AcknowledgeEffort,
            BriefingElement::AskForIdeas
        ]
    );
    let briefing =
        Briefing::from_elements([BriefingElement::Reason, BriefingElement::Plan]).unwrap();
    let contained: Vec<BriefingElement> = BriefingElement::iter()
        .filter(|&e| briefing.contains(e))
        .collect();
    assert_eq!(contained, [BriefingElement::Reason, BriefingElement::Plan]);
}

#[test]
fn a_briefing_lists_the_leadership_elements_it_lacks_in_order() {
    use service_quality::leadership::{Briefing, BriefingElement};
    let briefing =
        Briefing::from_elements([BriefingElement::Reason, BriefingElement::Plan]).unwrap();
    let missing: Vec<BriefingElement> = briefing.missing_to_lead().collect();
    assert_eq!(
        missing,
        [
            BriefingElement::Deliverable,
            BriefingElement::Belief,
            BriefingElement::AcknowledgeEffort,
            BriefingElement::AskForIdeas
        ]
    );
    let full = Briefing::from_elements(BriefingElement::iter()).unwrap();
    assert_eq!(full.missing_to_lead().count(), 0);
}

fn in_bounds(s: Score) -> bool {
    (0.0..=100.0).contains(&s.get())
}

proptest! {
    #![proptest_config(crate::common::cases(500))]

    #[test]
    fn indices_stay_in_bounds(r in contrast_ratings(Scale::ONE_TO_SEVEN),
                              v in proptest::array::uniform3(1i64..=5),
                              m in proptest::array::uniform4(1i64..=5)) {
        let report = r.evaluate(&LeaderPolicy::default()).unwrap();
        prop_assert!(report.leader_index().is_some_and(in_bounds));
        let p = Profile::new(Position::Manager, ved(v), mgmt(m)).evaluate(&ProfilePolicy::default()).unwrap();
        prop_assert!(p.leadership_index().is_some_and(in_bounds) && p.management_index().is_some_and(in_bounds));
    }
}
