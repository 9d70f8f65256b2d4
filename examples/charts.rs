//! Draws every SVG chart of the `charts` feature from the data the other examples use, writes
//! each to a folder, and renders each to PNG beside it (with the pure-Rust `resvg`), failing
//! if any chart does not render:
//!
//! | file | chart | data |
//! |---|---|---|
//! | `proud.svg` | PROUD profile of one interaction | the README's quick start |
//! | `ved.svg` | V.E.D. profile | a supervisor's own ratings (`leadership_360`) |
//! | `review_360.svg`, `contrasts_360.svg` | self against observers | the 360 of `leadership_360` |
//! | `pareto.svg` | breakdown Pareto | the breakdown exercise of `breakdown_triage` |
//! | `root_causes.svg` | root-cause Pareto of counted complaints | `breakdown_triage`, step 4 |
//! | `form_summary.svg` | a form's items with intervals, N/A and critical items | `contact_centre_form.json` and `call_reviews.csv` (`custom_scorecard`) |
//! | `trend.svg` | PROUD mean per team and month, significant changes marked | `proud_reviews.csv` (`survey_import`, `qa_store`) |
//! | `nps_by_team.svg`, `csat_by_channel.svg` | NPS and CSAT per group | `survey.csv` (`cx_dashboard`) |
//! | `calibration.svg` | kappa and AC1 per item against a 0.6 threshold | `calibration.csv` (`calibration`) |
//!
//! Run with `cargo run --example charts --features charts [FOLDER]`; without a folder the files
//! go to `service-quality-charts` in the system's temporary directory. The README's two images,
//! `docs/images/form_summary.svg` and `docs/images/nps_by_team.svg`, are copies of this
//! example's.

use std::collections::BTreeMap;
use std::error::Error as StdError;
use std::path::PathBuf;

use service_quality::boss_leader::Contrast;
use service_quality::breakdown::{
    Aggregate, Attribution, Breakdown, TriagePolicy, VitalFewThreshold,
};
use service_quality::charts::{
    CalibrationChartOptions, FormSummaryOptions, GroupOptions, RootCauseOptions, TrendOptions,
    TrendSeries, agreement_by_item, form_summary, nps_by_group, pareto, profile_bars,
    root_cause_pareto, self_vs_observers, shares_by_group, trend,
};
use service_quality::form::{Form, FormSummary};
use service_quality::import::{Columns, FormColumns};
use service_quality::leadership::Area;
use service_quality::metrics::{Csat, Nps};
use service_quality::proud::{Assessment, Principle, ProudPolicy};
use service_quality::reliability::{CalibrationOptions, ItemWeighting, Reference};
use service_quality::review::{Observer, RaterRole, Review, ReviewPolicy};
use service_quality::{Dimension, Policy, Ratings, Scale, Summary};

#[path = "shared/calibration_data.rs"]
mod calibration_data;

/// The data folder of the examples.
const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data");

fn main() -> Result<(), Box<dyn StdError>> {
    let folder = std::env::args().nth(1).map_or_else(
        || std::env::temp_dir().join("service-quality-charts"),
        PathBuf::from,
    );
    std::fs::create_dir_all(&folder)?;
    for (name, svg) in all_charts()? {
        let path = folder.join(format!("{name}.svg"));
        std::fs::write(&path, &svg)?;
        let png = render_png(&svg).map_err(|e| format!("{name}: {e}"))?;
        std::fs::write(path.with_extension("png"), png)?;
        println!("wrote {} and its PNG", path.display());
    }
    Ok(())
}

/// Every chart, by file name.
pub fn all_charts() -> Result<Vec<(&'static str, String)>, Box<dyn StdError>> {
    let five = Scale::ONE_TO_FIVE;
    let verdict =
        Assessment::from_array(five, [4, 5, 3, 4, 2])?.evaluate(&ProudPolicy::default())?;
    let ved = Ratings::from_array(five, [4, 5, 3])?.evaluate(&Policy::<Area>::default())?;
    let (review, contrasts) = reviews()?;
    Ok(vec![
        ("proud", profile_bars("PROUD profile", verdict.scorecard())),
        ("ved", profile_bars("V.E.D. profile (self)", &ved)),
        ("review_360", self_vs_observers(&review)),
        ("contrasts_360", self_vs_observers(&contrasts)),
        ("pareto", breakdown_pareto()?),
        ("root_causes", root_causes()?),
        ("form_summary", call_reviews()?),
        ("trend", proud_trend()?),
        ("nps_by_team", survey_groups()?.0),
        ("csat_by_channel", survey_groups()?.1),
        ("calibration", calibration()?),
    ])
}

/// Renders an SVG document to PNG with `resvg`, with the system's fonts; fails on anything the
/// renderer rejects or cannot draw.
pub fn render_png(svg: &str) -> Result<Vec<u8>, Box<dyn StdError>> {
    use resvg::{tiny_skia, usvg};
    let mut options = usvg::Options::default();
    let fonts = options.fontdb_mut();
    fonts.load_system_fonts();
    // The charts ask for the generic "sans-serif"; point it at a face this system has.
    let have = |name: &str| {
        fonts
            .faces()
            .any(|f| f.families.iter().any(|(n, _)| n == name))
    };
    let sans = [
        "Helvetica",
        "Arial",
        "Liberation Sans",
        "DejaVu Sans",
        "Noto Sans",
    ];
    if let Some(name) = sans.into_iter().find(|name| have(name)) {
        fonts.set_sans_serif_family(name);
    }
    let tree = usvg::Tree::from_str(svg, &options)?;
    let size = tree.size().to_int_size();
    let mut pixmap =
        tiny_skia::Pixmap::new(size.width(), size.height()).ok_or("the chart has no area")?;
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    if pixmap.pixels().iter().all(|p| p.alpha() == 0) {
        return Err("nothing was drawn".into());
    }
    Ok(pixmap.encode_png()?)
}

/// A supervisor's 360 on V.E.D. and on the ten boss-versus-leader contrasts, as in
/// `leadership_360`.
fn reviews() -> Result<
    (
        service_quality::review::Report<Area>,
        service_quality::review::Report<Contrast>,
    ),
    Box<dyn StdError>,
> {
    const RATERS: [(&str, RaterRole); 5] = [
        ("agent-ana", RaterRole::DirectReport),
        ("agent-ben", RaterRole::DirectReport),
        ("agent-chloe", RaterRole::DirectReport),
        ("sup-dev", RaterRole::Peer),
        ("mgr-eve", RaterRole::Manager),
    ];
    fn review<D: Dimension, const N: usize>(
        scale: Scale,
        me: [i64; N],
        others: &[[i64; N]],
    ) -> Result<Review<D>, service_quality::Error> {
        let observers = RATERS
            .iter()
            .zip(others)
            .map(|(&(id, role), &v)| Observer::new(id, role, Ratings::from_array(scale, v)?))
            .collect::<Result<Vec<_>, _>>()?;
        Review::new(Ratings::from_array(scale, me)?, observers)
    }
    let ved = review::<Area, 3>(
        Scale::ONE_TO_FIVE,
        [4, 5, 3],
        &[[2, 4, 4], [2, 3, 5], [2, 3, 4], [3, 4, 4], [2, 3, 5]],
    )?;
    let contrasts = review::<Contrast, 10>(
        Scale::ONE_TO_SEVEN,
        [6, 6, 6, 6, 6, 5, 6, 5, 6, 6],
        &[
            [5, 6, 4, 6, 6, 2, 6, 4, 5, 5],
            [6, 5, 5, 6, 7, 3, 6, 4, 6, 4],
            [5, 6, 4, 5, 6, 2, 5, 3, 5, 5],
            [6, 6, 5, 6, 6, 3, 6, 4, 6, 5],
            [5, 5, 4, 6, 6, 3, 5, 4, 5, 5],
        ],
    )?;
    let policy = ReviewPolicy::default();
    Ok((
        ved.evaluate(&policy),
        contrasts.evaluate(&ReviewPolicy::default()),
    ))
}

/// The breakdown exercise of `breakdown_triage`: four recent breakdowns, one rated 1
/// everywhere.
fn breakdown_pareto() -> Result<String, Box<dyn StdError>> {
    let recent = [
        Breakdown::new([8, 6, 1, 3, 1])?,
        Breakdown::new([1, 1, 1, 9, 3])?,
        Breakdown::new([6, 1, 2, 1, 1])?,
        Breakdown::new([1, 1, 1, 1, 1])?,
    ];
    let aggregate: Aggregate = recent.iter().collect();
    Ok(pareto(&aggregate.evaluate(&TriagePolicy::default())?))
}

/// Last month's complaints counted by category (`breakdown_triage`, step 4).
fn root_causes() -> Result<String, Box<dyn StdError>> {
    let complaints = Attribution::from_counts([
        ("late delivery", 46),
        ("wrong item sent", 22),
        ("rude staff", 4),
        ("charged twice", 28),
        ("website down", 9),
    ])?;
    let options = RootCauseOptions::default()
        .with_title("Complaints last month, by category")
        .with_counts("complaints");
    Ok(root_cause_pareto(
        &complaints.evaluate(&VitalFewThreshold::default()),
        &options,
    ))
}

/// The contact centre's call reviews on its own form (`custom_scorecard`), all teams together;
/// rejected rows are left out, as the import reports them there.
fn call_reviews() -> Result<String, Box<dyn StdError>> {
    let form: Form = serde_json::from_str(&std::fs::read_to_string(format!(
        "{DATA}/contact_centre_form.json"
    ))?)?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(format!("{DATA}/call_reviews.csv"))?;
    let headers: Vec<String> = reader.headers()?.iter().map(str::to_owned).collect();
    let columns = FormColumns::new(
        &form,
        headers.iter().map(String::as_str),
        &["review", "agent", "team"],
    )?;
    let records: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>()?;
    let import = columns.import(
        records
            .iter()
            .enumerate()
            .map(|(i, r)| (i + 2, r.iter().collect::<Vec<_>>())),
    );
    let mut summary = FormSummary::new(&form);
    for (_, answers) in import.accepted() {
        summary.add(&answers.evaluate(&form)?)?;
    }
    let options = FormSummaryOptions::default().with_title(format!(
        "{}: {} reviews",
        form.name(),
        summary.count()
    ));
    Ok(form_summary(&form, &summary, &options))
}

/// PROUD reviews per team and month (`proud_reviews.csv`), the overall mean per team month by
/// month.
fn proud_trend() -> Result<String, Box<dyn StdError>> {
    let mut reader = csv::Reader::from_path(format!("{DATA}/proud_reviews.csv"))?;
    let headers: Vec<String> = reader.headers()?.iter().map(str::to_owned).collect();
    let columns = Columns::<Principle>::from_headers(
        headers.iter().map(String::as_str),
        &["agent", "team", "month"],
    )?;
    let column = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    let (team, month) = (column("team"), column("month"));
    let records: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>()?;
    let policy = ProudPolicy::default();
    let import = columns.import(
        &policy,
        records
            .iter()
            .enumerate()
            .map(|(i, r)| (i + 2, r.iter().collect::<Vec<_>>())),
    );
    let mut cells: BTreeMap<(String, String), Summary<Principle>> = BTreeMap::new();
    for (row, ratings) in import.accepted() {
        let record = records.get(row - 2).ok_or("row out of range")?;
        let field = |c: Option<usize>| c.and_then(|c| record.get(c)).unwrap_or("?").to_owned();
        let verdict = Assessment::new(*ratings).evaluate(&policy)?;
        cells
            .entry((field(team), field(month)))
            .or_default()
            .add(&verdict);
    }
    let months: Vec<String> = cells
        .keys()
        .map(|(_, m)| m.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let teams: Vec<String> = cells
        .keys()
        .map(|(t, _)| t.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let series: Vec<TrendSeries> = teams
        .iter()
        .map(|t| {
            let points = months.iter().map(|m| {
                cells
                    .get(&(t.clone(), m.clone()))
                    .and_then(|s| s.moments().ok())
            });
            TrendSeries::new(t.clone(), points)
        })
        .collect();
    let options = TrendOptions::default()
        .with_title("PROUD score by team and month")
        .with_axis_title("mean PROUD score (0\u{2013}100)");
    Ok(trend(&months, &series, &options))
}

/// NPS per team and CSAT per channel from the survey (`cx_dashboard`); rows that do not parse
/// are left out, as the dashboard reports them.
fn survey_groups() -> Result<(String, String), Box<dyn StdError>> {
    let mut reader = csv::Reader::from_path(format!("{DATA}/survey.csv"))?;
    let headers: Vec<String> = reader
        .headers()?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let column = |name: &str| headers.iter().position(|h| h == name);
    let (team, channel, nps, csat) = (
        column("team"),
        column("channel"),
        column("nps"),
        column("csat"),
    );
    let mut by_team: BTreeMap<String, Nps> = BTreeMap::new();
    let mut by_channel: BTreeMap<String, Csat> = BTreeMap::new();
    for record in reader.records() {
        let record = record?;
        let text = |c: Option<usize>| c.and_then(|c| record.get(c)).unwrap_or("").trim();
        let (Ok(n), Ok(c)) = (text(nps).parse::<i64>(), text(csat).parse::<i64>()) else {
            continue;
        };
        let (mut one_nps, mut one_csat) = (Nps::new(), Csat::default());
        if one_nps.add(n).is_err() || one_csat.add(c).is_err() {
            continue;
        }
        by_team
            .entry(text(team).to_owned())
            .or_default()
            .merge(&one_nps);
        by_channel
            .entry(text(channel).to_owned())
            .or_default()
            .merge(&one_csat)?;
    }
    let teams: Vec<(String, Nps)> = by_team.into_iter().collect();
    let channels: Vec<(String, Option<service_quality::metrics::Share>)> = by_channel
        .into_iter()
        .map(|(name, csat)| (name, csat.share().ok()))
        .collect();
    Ok((
        nps_by_group(&teams, &GroupOptions::default().with_title("NPS by team")),
        shares_by_group(
            &channels,
            &GroupOptions::default()
                .with_title("CSAT by channel")
                .with_axis_title("satisfied (4 or 5 of 5), %"),
        ),
    ))
}

/// The QA calibration session of `calibration`: three reviewers against their lead.
fn calibration() -> Result<String, Box<dyn StdError>> {
    let session = calibration_data::session(&calibration_data::answers()?)?;
    let mut options =
        CalibrationOptions::default().with_reference(Reference::Calibrator("lead".into()));
    for item in ["greeting", "verification", "compliance"] {
        options = options.with_item_weighting(item, ItemWeighting::NOMINAL);
    }
    for item in ["resolution", "tone"] {
        options = options.with_item_weighting(item, ItemWeighting::ORDINAL);
    }
    let report = session.evaluate(&options)?;
    Ok(agreement_by_item(
        &report,
        &CalibrationChartOptions::default()
            .with_title("QA calibration against the lead: agreement per item"),
    ))
}
