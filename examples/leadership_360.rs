//! One contact-centre supervisor's 360 review: her own ratings beside five observers' (three
//! direct reports, a peer and her manager) on V.E.D., the management functions and the ten
//! boss-versus-leader contrasts; then what her team sees her do on the floor, and her Monday
//! briefing judged as leading or managing.
//!
//! Run with `cargo run --example leadership_360`.

use service_quality::boss_leader::{Contrast, PoleThresholds};
use service_quality::leadership::{
    Area, Briefing, BriefingElement, BriefingVerdict, Function, Position, StyleThresholds,
};
use service_quality::review::{Observer, RaterRole, Report, Review, ReviewPolicy, Visibility};
use service_quality::team::{LeadingByExample, VisibleHabit};
use service_quality::{Dimension, Error, Ratings, Scale};

/// Who rated her, and how they relate to her.
const RATERS: [(&str, RaterRole); 5] = [
    ("agent-ana", RaterRole::DirectReport),
    ("agent-ben", RaterRole::DirectReport),
    ("agent-chloe", RaterRole::DirectReport),
    ("sup-dev", RaterRole::Peer),
    ("mgr-eve", RaterRole::Manager),
];

fn main() -> Result<(), Error> {
    let five = Scale::ONE_TO_FIVE;
    let seven = Scale::ONE_TO_SEVEN;
    println!(
        "360 review: Priya, {} (a vision that reaches {})\n",
        Position::Supervisor.name(),
        Position::Supervisor.vision_scope()
    );

    // Vision, engagement, delivery on 1-5: self first, then the five raters in RATERS order.
    let ved = review::<Area, 3>(
        five,
        [4, 5, 3],
        &[[2, 4, 4], [2, 3, 5], [2, 3, 4], [3, 4, 4], [2, 3, 5]],
    )?;
    // Planning, organising, monitoring, reviewing on 1-5.
    let functions = review::<Function, 4>(
        five,
        [4, 4, 5, 4],
        &[
            [4, 5, 5, 3],
            [4, 4, 5, 4],
            [5, 4, 4, 3],
            [4, 4, 5, 4],
            [4, 5, 5, 4],
        ],
    )?;
    // The ten contrasts on 1 (boss pole) to 7 (leader pole).
    let contrasts = review::<Contrast, 10>(
        seven,
        [6, 6, 6, 6, 6, 5, 6, 5, 6, 6],
        &[
            [5, 6, 4, 6, 6, 2, 6, 4, 5, 5],
            [6, 5, 5, 6, 7, 3, 6, 4, 6, 4],
            [5, 6, 4, 5, 6, 2, 5, 3, 5, 5],
            [6, 6, 5, 6, 6, 3, 6, 4, 6, 5],
            [5, 5, 4, 6, 6, 3, 5, 4, 5, 5],
        ],
    )?;

    let raters = contrasts.raters().map(|(_, role)| role).collect::<Vec<_>>();
    let ved = ved.evaluate(&ReviewPolicy::default());
    let functions = functions.evaluate(&ReviewPolicy::default());
    let contrasts = contrasts.evaluate(&ReviewPolicy::default());

    println!("V.E.D. (0-100; gap = self minus observers)");
    table(&ved);
    println!("\nManagement functions");
    table(&functions);

    let style = StyleThresholds::default();
    let seen_by_others = match (ved.observers(), functions.observers()) {
        (Visibility::Shown(l), Visibility::Shown(m)) => {
            Some(style.classify(l.overall(), m.overall()))
        }
        _ => None,
    };
    let self_style = style.classify(ved.self_overall(), functions.self_overall());
    println!(
        "\nStyle as she sees it: {self_style}. {}",
        self_style.description()
    );
    if let Some(s) = seen_by_others {
        println!("Style as others see it: {s}. {}", s.description());
    }

    println!("\nBoss versus leader (0 = boss pole, 100 = leader pole)");
    table(&contrasts);
    let poles = PoleThresholds::default();
    println!(
        "Leader index: self {:.0} ({}), observers {}",
        contrasts.self_overall().get(),
        poles.classify(contrasts.self_overall()),
        contrasts
            .observers()
            .shown()
            .map_or("withheld".to_owned(), |g| format!(
                "{:.0} ({})",
                g.overall().get(),
                poles.classify(g.overall())
            ))
    );

    println!(
        "\nBlind spots (she rates herself at least {:.0} points above how others see her):",
        contrasts.gap_threshold().get()
    );
    print_gaps(ved.blind_spots());
    print_gaps(contrasts.blind_spots());
    println!("Hidden strengths (others rate her at least that much higher than she does):");
    print_gaps(ved.hidden_strengths());
    print_gaps(contrasts.hidden_strengths());

    println!("\nDevelopment plan (the contrasts observers place furthest from the leader pole):");
    if let Visibility::Shown(others) = contrasts.observers() {
        for (i, (contrast, score)) in others.weakest_first().take(3).enumerate() {
            println!(
                "  {}. {} ({:.0}): move from \"{}\" towards \"{}\".",
                i + 1,
                contrast.name(),
                score.get(),
                contrast.boss_pole(),
                contrast.leader_pole()
            );
            let whose = if contrast.has_source_action() {
                "the source's action"
            } else {
                "this crate's suggestion"
            };
            println!("     Do: {} ({whose})", contrast.action());
        }
    }

    println!(
        "\nAnonymity (groups need at least {} raters):",
        ReviewPolicy::<Contrast>::MIN_GROUP_SIZE
    );
    for role in RaterRole::iter().filter(|r| raters.contains(r)) {
        match contrasts.role(role) {
            Visibility::Shown(g) => println!("  {:<14} shown, {} raters", role.name(), g.raters()),
            Visibility::Withheld => println!("  {:<14} withheld", role.name()),
        }
    }
    match contrasts.observers() {
        Visibility::Shown(all) => {
            println!("  {:<14} shown, {} raters", "all observers", all.raters())
        }
        Visibility::Withheld => println!("  {:<14} withheld", "all observers"),
    }
    println!(
        "  The manager and the peer are one rater each, so their groups are withheld. The three\n  \
         direct reports would be enough on their own, but showing them next to the all-observers\n  \
         mean would let anyone work out the other two raters' scores by subtraction, so they are\n  \
         withheld as well. All five still count in the all-observers figures."
    );

    println!("\nLeading by example (what the team saw on the floor this week):");
    let seen = LeadingByExample::from_seen([VisibleHabit::Greets, VisibleHabit::Smiles]);
    for habit in VisibleHabit::iter() {
        let mark = if seen.seen(habit) { "seen" } else { "not seen" };
        println!("  {habit:<10} {mark}");
    }
    if !seen.sets_the_tone() {
        println!(
            "  The team copies the tone it sees; missing: {}. Spending more time where the team \
             can reach her is the change to make.",
            seen.missing()
                .map(|h| h.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }

    println!(
        "\nHer Monday briefing, before and after coaching (to lead: the target, the reason beyond \
         it, the effort acknowledged, belief in the team, then the plan):"
    );
    use BriefingElement::*;
    for (when, briefing) in [
        (
            "before",
            Briefing::from_elements([Deliverable, TeamLanguage, Plan])?,
        ),
        (
            "after",
            Briefing::from_elements([
                Deliverable,
                Reason,
                TeamLanguage,
                AcknowledgeEffort,
                Belief,
                Plan,
                AskForIdeas,
            ])?,
        ),
    ] {
        let verdict = briefing.evaluate();
        print!("  {when:<7} {verdict}");
        if verdict == BriefingVerdict::Manages {
            let missing: Vec<String> = briefing.missing_to_lead().map(|e| e.to_string()).collect();
            print!(
                " (it names the target and says \"we\"; to lead, add: {})",
                missing.join(", ")
            );
        }
        if briefing.contains(AskForIdeas) {
            print!(", and it asks for the team's ideas (a plus this crate adds)");
        }
        println!();
    }
    Ok(())
}

/// Prints one line per flagged dimension.
fn print_gaps<D: Dimension>(gaps: impl Iterator<Item = (D, f64)>) {
    for (d, gap) in gaps {
        println!("  {:<20} {gap:+.0}", d.name());
    }
}

/// Builds a review of one model from the self-rating and one rating set per rater.
fn review<D: Dimension, const N: usize>(
    scale: Scale,
    me: [i64; N],
    others: &[[i64; N]],
) -> Result<Review<D>, Error> {
    let observers = RATERS
        .iter()
        .zip(others)
        .map(|(&(id, role), &values)| Observer::new(id, role, Ratings::from_array(scale, values)?))
        .collect::<Result<Vec<_>, Error>>()?;
    Review::new(Ratings::from_array(scale, me)?, observers)
}

/// Prints self, observers and gap per dimension.
fn table<D: Dimension>(report: &Report<D>) {
    println!(
        "  {:<20} {:>5} {:>10} {:>6}",
        "", "self", "observers", "gap"
    );
    for d in D::iter() {
        let others = report
            .observers()
            .shown()
            .map_or("-".to_owned(), |g| format!("{:.0}", g.mean(d).get()));
        let gap = report.gap(d).map_or("-".to_owned(), |g| format!("{g:+.0}"));
        println!(
            "  {:<20} {:>5.0} {:>10} {:>6}",
            d.name(),
            report.self_score(d).get(),
            others,
            gap
        );
    }
}
