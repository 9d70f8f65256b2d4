//! The drawing kit every chart shares: an SVG document under construction, linear scales with
//! round ticks, axes, labels that wrap or shorten with the full text in a tooltip, and the
//! palette.
//!
//! Coordinates are checked as they are written: an element with a coordinate that is not finite
//! is left out, so no chart ever contains `NaN`. The charts validate their numbers before they
//! lay anything out and say in words what they cannot draw, so this is a last guard, not the
//! way bad input is reported.

use core::fmt::Write as _;

use crate::metrics::{Level, ShareMethod};

/// Okabe and Ito's palette ("Color Universal Design", 2008), chosen to stay distinguishable
/// for readers with any of the common colour-vision deficiencies. Series also differ by marker
/// shape and line dash, so no chart relies on colour alone.
pub(super) const BLUE: &str = "#0072B2";
pub(super) const ORANGE: &str = "#E69F00";
pub(super) const SKY: &str = "#56B4E9";
pub(super) const GREEN: &str = "#009E73";
pub(super) const VERMILLION: &str = "#D55E00";
pub(super) const PURPLE: &str = "#CC79A7";
/// Text, axes and the overall lines.
pub(super) const INK: &str = "#222222";
/// Secondary text: counts, notes, tick labels.
pub(super) const MUTED: &str = "#555555";
/// The track behind a bar.
pub(super) const TRACK: &str = "#EEEEEE";
/// Grid lines.
pub(super) const GRID: &str = "#DDDDDD";

/// Series colours, markers and dashes, in the order series are given.
pub(super) const SERIES: [(&str, Marker, &str); 6] = [
    (BLUE, Marker::Circle, ""),
    (ORANGE, Marker::Square, "6 3"),
    (GREEN, Marker::Triangle, "2 3"),
    (PURPLE, Marker::Diamond, "8 3 2 3"),
    (VERMILLION, Marker::Circle, "4 4"),
    (SKY, Marker::Square, "1 2"),
];

/// The normal text size, in pixels.
pub(super) const TEXT: f64 = 12.0;
/// The size of tick labels, counts and notes.
pub(super) const SMALL: f64 = 11.0;
/// The distance between two lines of a wrapped label.
pub(super) const LINE: f64 = 13.0;

/// The width a text is laid out for: a generous average advance for sans-serif faces (0.6 em),
/// so that labels fit in the common fonts, the wide ones (DejaVu Sans) included.
pub(super) fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * 0.6
}

/// Escapes text for XML.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// `value` with `decimals` decimals; a value that rounds to zero is printed without a sign, and
/// one of a billion or more in scientific notation (`1.50e12`).
pub(super) fn fixed(value: f64, decimals: usize) -> String {
    if value.abs() >= 1e9 {
        return format!("{value:.2e}");
    }
    let text = format!("{value:.decimals$}");
    match text.strip_prefix('-') {
        Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => rest.to_owned(),
        _ => text,
    }
}

/// `value` with an explicit sign (`+8.2`, `−3.0`), zero unsigned.
pub(super) fn signed(value: f64, decimals: usize) -> String {
    let text = fixed(value, decimals);
    if text.starts_with('-') {
        text.replacen('-', "\u{2212}", 1)
    } else if text.chars().all(|c| c == '0' || c == '.') {
        text
    } else {
        format!("+{text}")
    }
}

/// Where a text is anchored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    const fn as_str(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// How a text looks and what it is.
#[derive(Debug, Clone, Copy)]
pub(super) struct Style {
    pub(super) size: f64,
    pub(super) bold: bool,
    pub(super) fill: &'static str,
    /// The element's class, which tests and style sheets select on; empty for none.
    pub(super) class: &'static str,
}

impl Style {
    /// Names and other normal text.
    pub(super) const NORMAL: Style = Style {
        size: TEXT,
        bold: false,
        fill: INK,
        class: "",
    };
    /// A number drawn at its bar, dot or line.
    pub(super) const VALUE: Style = Style {
        class: "value",
        ..Style::NORMAL
    };
    /// A note, a count or a header.
    pub(super) const NOTE: Style = Style {
        size: SMALL,
        fill: MUTED,
        class: "note",
        ..Style::NORMAL
    };
    /// A warning in words: a failed threshold, a critical failure, a significant change.
    pub(super) const WARNING: Style = Style {
        fill: VERMILLION,
        class: "warning",
        ..Style::NOTE
    };

    /// The same style in bold.
    pub(super) const fn bold(self) -> Style {
        Style { bold: true, ..self }
    }

    /// The same style with another class.
    pub(super) const fn class(self, class: &'static str) -> Style {
        Style { class, ..self }
    }
}

/// The marker drawn at a point of a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
}

/// Whether every number is finite.
fn finite(values: &[f64]) -> bool {
    values.iter().all(|v| v.is_finite())
}

/// Splits `text` into at most `max_lines` lines of at most `width` pixels at `size`; the last
/// line is shortened with an ellipsis when the text does not fit. Returns the lines and
/// whether the text was changed (wrapped or shortened).
pub(super) fn wrap(text: &str, width: f64, size: f64, max_lines: usize) -> (Vec<String>, bool) {
    let max_chars = ((width / (size * 0.6)).floor() as usize).max(2);
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        loop {
            let used = current.chars().count();
            let gap = usize::from(used > 0);
            if used + gap + word.len() <= max_chars {
                if gap == 1 {
                    current.push(' ');
                }
                current.extend(word.iter());
                break;
            }
            if used > 0 {
                lines.push(core::mem::take(&mut current));
                continue;
            }
            // A word longer than a line is cut.
            let rest = word.split_off(max_chars.min(word.len()));
            lines.push(word.iter().collect());
            word = rest;
            if word.is_empty() {
                break;
            }
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    let wrapped = lines.len() > 1;
    if lines.len() > max_lines.max(1) {
        lines.truncate(max_lines.max(1));
        if let Some(last) = lines.last_mut() {
            let mut kept: String = last.chars().take(max_chars.saturating_sub(1)).collect();
            kept.truncate(kept.trim_end().len());
            kept.push('\u{2026}');
            *last = kept;
        }
        return (lines, true);
    }
    (lines, wrapped)
}

/// An SVG document under construction: a fixed width, and a height given when it is finished.
/// Writing into a `String` cannot fail, so `write!`'s results are ignored.
#[derive(Debug)]
pub(super) struct Svg {
    body: String,
    width: f64,
}

impl Svg {
    pub(super) fn new(width: f64) -> Self {
        Svg {
            body: String::new(),
            width,
        }
    }

    pub(super) const fn width(&self) -> f64 {
        self.width
    }

    /// Opens a group of elements with a class, and a tooltip when one is given.
    pub(super) fn group(&mut self, class: &str, tooltip: Option<&str>) {
        let _ = write!(self.body, "<g class=\"{class}\">");
        if let Some(tooltip) = tooltip {
            let _ = write!(self.body, "<title>{}</title>", escape(tooltip));
        }
    }

    pub(super) fn end_group(&mut self) {
        self.body.push_str("</g>");
    }

    /// A rectangle; a negative width or height is drawn as zero.
    pub(super) fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str, class: &str) {
        self.rect_painted(x, y, w, h, class, &format!("fill=\"{fill}\""));
    }

    /// A translucent grey rectangle, shading what lies under it.
    pub(super) fn shade(&mut self, x: f64, y: f64, w: f64, h: f64, class: &str) {
        self.rect_painted(
            x,
            y,
            w,
            h,
            class,
            &format!("fill=\"{INK}\" fill-opacity=\"0.12\""),
        );
    }

    /// A rectangle with its paint attributes; nothing when a coordinate is not finite.
    fn rect_painted(&mut self, x: f64, y: f64, w: f64, h: f64, class: &str, paint: &str) {
        if !finite(&[x, y, w, h]) {
            return;
        }
        let _ = write!(
            self.body,
            "<rect class=\"{class}\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" \
             {paint}/>",
            w.max(0.0),
            h.max(0.0)
        );
    }

    /// One line of text.
    pub(super) fn text(&mut self, x: f64, y: f64, anchor: Anchor, style: Style, text: &str) {
        if !finite(&[x, y]) {
            return;
        }
        let weight = if style.bold {
            " font-weight=\"bold\""
        } else {
            ""
        };
        let _ = write!(
            self.body,
            "<text class=\"{}\" x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"{}\" \
             font-family=\"sans-serif\" font-size=\"{}\" fill=\"{}\"{weight}>{}</text>",
            style.class,
            anchor.as_str(),
            style.size,
            style.fill,
            escape(text)
        );
    }

    /// A label of at most `max_lines` lines of `width` pixels, its first baseline at `y`. A label
    /// that had to wrap or shorten is a group whose tooltip is the full text. Returns the number
    /// of lines drawn.
    #[allow(
        clippy::too_many_arguments,
        reason = "a label's position, box and look are each needed"
    )]
    pub(super) fn label(
        &mut self,
        x: f64,
        y: f64,
        anchor: Anchor,
        style: Style,
        text: &str,
        width: f64,
        max_lines: usize,
    ) -> usize {
        let (lines, changed) = wrap(text, width, style.size, max_lines);
        if changed {
            self.group("label", Some(text));
        }
        for (i, line) in lines.iter().enumerate() {
            self.text(x, y + LINE * i as f64, anchor, style, line);
        }
        if changed {
            self.end_group();
        }
        lines.len()
    }

    /// A label centred vertically on `centre` (see [`label`](Self::label)).
    #[allow(
        clippy::too_many_arguments,
        reason = "a label's position, box and look are each needed"
    )]
    pub(super) fn label_centred(
        &mut self,
        x: f64,
        centre: f64,
        anchor: Anchor,
        style: Style,
        text: &str,
        width: f64,
        max_lines: usize,
    ) {
        let lines = wrap(text, width, style.size, max_lines).0.len().max(1);
        let first = centre + style.size * 0.35 - LINE * (lines - 1) as f64 / 2.0;
        self.label(x, first, anchor, style, text, width, max_lines);
    }

    /// A straight line; `dash` is an SVG dash array, empty for a solid line.
    #[allow(
        clippy::too_many_arguments,
        reason = "a line's two ends and its look are each needed"
    )]
    pub(super) fn line(
        &mut self,
        from: (f64, f64),
        to: (f64, f64),
        stroke: &str,
        width: f64,
        dash: &str,
        class: &str,
    ) {
        if !finite(&[from.0, from.1, to.0, to.1]) {
            return;
        }
        let dash = if dash.is_empty() {
            String::new()
        } else {
            format!(" stroke-dasharray=\"{dash}\"")
        };
        let _ = write!(
            self.body,
            "<line class=\"{class}\" x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" \
             stroke=\"{stroke}\" stroke-width=\"{width}\"{dash}/>",
            from.0, from.1, to.0, to.1
        );
    }

    /// A horizontal interval from `x1` to `x2` at `y`, with end caps.
    pub(super) fn whisker(&mut self, x1: f64, x2: f64, y: f64, stroke: &str) {
        self.line((x1, y), (x2, y), stroke, 1.5, "", "whisker");
        for x in [x1, x2] {
            self.line((x, y - 4.0), (x, y + 4.0), stroke, 1.5, "", "cap");
        }
    }

    /// A vertical interval from `y1` to `y2` at `x`, with end caps.
    pub(super) fn vertical_whisker(&mut self, x: f64, y1: f64, y2: f64, stroke: &str) {
        self.line((x, y1), (x, y2), stroke, 1.5, "", "whisker");
        for y in [y1, y2] {
            self.line((x - 4.0, y), (x + 4.0, y), stroke, 1.5, "", "cap");
        }
    }

    /// An open line through `points`.
    pub(super) fn polyline(&mut self, points: &[(f64, f64)], stroke: &str, dash: &str) {
        let flat: Vec<f64> = points.iter().flat_map(|&(x, y)| [x, y]).collect();
        if points.is_empty() || !finite(&flat) {
            return;
        }
        let dash = if dash.is_empty() {
            String::new()
        } else {
            format!(" stroke-dasharray=\"{dash}\"")
        };
        let _ = write!(
            self.body,
            "<polyline class=\"series\" points=\"{}\" fill=\"none\" stroke=\"{stroke}\" \
             stroke-width=\"2\"{dash}/>",
            points_text(points)
        );
    }

    /// A filled shape through `points`, for interval bands.
    pub(super) fn band(&mut self, points: &[(f64, f64)], fill: &str) {
        let flat: Vec<f64> = points.iter().flat_map(|&(x, y)| [x, y]).collect();
        if points.len() < 3 || !finite(&flat) {
            return;
        }
        let _ = write!(
            self.body,
            "<polygon class=\"band\" points=\"{}\" fill=\"{fill}\" fill-opacity=\"0.2\" \
             stroke=\"none\"/>",
            points_text(points)
        );
    }

    /// A marker of `size` pixels centred on `(x, y)`.
    pub(super) fn marker(&mut self, marker: Marker, x: f64, y: f64, size: f64, fill: &str) {
        if !finite(&[x, y, size]) {
            return;
        }
        let r = size / 2.0;
        match marker {
            Marker::Circle => {
                let _ = write!(
                    self.body,
                    "<circle class=\"point\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.1}\" \
                     fill=\"{fill}\" stroke=\"white\" stroke-width=\"1\"/>"
                );
            }
            Marker::Square => {
                let _ = write!(
                    self.body,
                    "<rect class=\"point\" x=\"{:.1}\" y=\"{:.1}\" width=\"{size:.1}\" \
                     height=\"{size:.1}\" fill=\"{fill}\" stroke=\"white\" stroke-width=\"1\"/>",
                    x - r,
                    y - r
                );
            }
            Marker::Triangle => self.shape(&[(x, y - r), (x + r, y + r), (x - r, y + r)], fill),
            Marker::Diamond => {
                self.shape(&[(x, y - r), (x + r, y), (x, y + r), (x - r, y)], fill);
            }
        }
    }

    /// A filled marker shape.
    fn shape(&mut self, points: &[(f64, f64)], fill: &str) {
        let _ = write!(
            self.body,
            "<polygon class=\"point\" points=\"{}\" fill=\"{fill}\" stroke=\"white\" \
             stroke-width=\"1\"/>",
            points_text(points)
        );
    }

    /// An open ring around a point, marking it.
    pub(super) fn ring(&mut self, x: f64, y: f64, r: f64, stroke: &str, class: &str) {
        if !finite(&[x, y, r]) {
            return;
        }
        let _ = write!(
            self.body,
            "<circle class=\"{class}\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.1}\" fill=\"none\" \
             stroke=\"{stroke}\" stroke-width=\"2\"/>"
        );
    }

    /// The document: its title (as the accessible name and drawn at the top), `height` pixels
    /// tall.
    pub(super) fn finish(self, title: &str, height: f64) -> String {
        let (width, height) = (self.width.ceil(), height.ceil());
        let mut out = String::with_capacity(self.body.len() + 400);
        let _ = write!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
             viewBox=\"0 0 {width} {height}\" role=\"img\"><title>{}</title>\
             <rect x=\"0\" y=\"0\" width=\"{width}\" height=\"{height}\" fill=\"white\"/>",
            escape(title)
        );
        let mut heading = Svg::new(width);
        heading.label(
            10.0,
            22.0,
            Anchor::Start,
            Style {
                size: 15.0,
                bold: true,
                fill: INK,
                class: "title",
            },
            title,
            width - 20.0,
            1,
        );
        out.push_str(&heading.body);
        out.push_str(&self.body);
        out.push_str("</svg>");
        out
    }
}

/// `x,y x,y …` with one decimal.
fn points_text(points: &[(f64, f64)]) -> String {
    let parts: Vec<String> = points
        .iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect();
    parts.join(" ")
}

/// A linear map from a domain of values to a range of pixels; values outside the domain land
/// on its nearer end.
#[derive(Debug, Clone, Copy)]
pub(super) struct Linear {
    lo: f64,
    hi: f64,
    from: f64,
    to: f64,
}

impl Linear {
    /// Maps `lo..=hi` onto `from..=to` (either way round); a domain that is empty or not finite
    /// becomes 0..=1.
    pub(super) fn new((lo, hi): (f64, f64), (from, to): (f64, f64)) -> Self {
        let (lo, hi) = if finite(&[lo, hi]) && lo < hi {
            (lo, hi)
        } else {
            (0.0, 1.0)
        };
        Linear { lo, hi, from, to }
    }

    /// The pixel of `value`, limited to the range.
    pub(super) fn at(&self, value: f64) -> f64 {
        let t = ((value - self.lo) / (self.hi - self.lo)).clamp(0.0, 1.0);
        let t = if t.is_nan() { 0.0 } else { t };
        self.from + t * (self.to - self.from)
    }

    /// Whether `value` lies outside the domain (and is drawn at its end).
    pub(super) fn outside(&self, value: f64) -> bool {
        value < self.lo || value > self.hi
    }

    pub(super) const fn domain(&self) -> (f64, f64) {
        (self.lo, self.hi)
    }

    pub(super) const fn range(&self) -> (f64, f64) {
        (self.from, self.to)
    }
}

/// A round step that cuts `span` into about `target` parts: 1, 2, 2.5 or 5 times a power of 10.
pub(super) fn nice_step(span: f64, target: usize) -> f64 {
    let raw = span / target.max(1) as f64;
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let magnitude = 10f64.powf(raw.log10().floor());
    let normal = raw / magnitude;
    let nice = if normal <= 1.0 {
        1.0
    } else if normal <= 2.0 {
        2.0
    } else if normal <= 2.5 {
        2.5
    } else if normal <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * magnitude
}

/// `lo..=hi` widened to whole steps of a round step; an empty domain is widened around it.
pub(super) fn nice_domain(lo: f64, hi: f64, target: usize) -> (f64, f64) {
    let (lo, hi) = match (finite(&[lo, hi]), lo < hi) {
        (true, true) => (lo, hi),
        (true, false) => (lo - 1.0, lo + 1.0),
        (false, _) => (0.0, 1.0),
    };
    let step = nice_step(hi - lo, target);
    ((lo / step).floor() * step, (hi / step).ceil() * step)
}

/// The ticks of a scale: every multiple of `step` in the domain, and the decimals to print
/// them with.
pub(super) fn ticks(scale: &Linear, step: f64) -> (Vec<f64>, usize) {
    let (lo, hi) = scale.domain();
    let step = if step.is_finite() && step > 0.0 && (hi - lo) / step <= 100.0 {
        step
    } else {
        nice_step(hi - lo, 5)
    };
    let decimals = (0..=6)
        .find(|&d| {
            let scaled = step * 10f64.powi(d);
            (scaled - scaled.round()).abs() < 1e-9
        })
        .map_or(6, |d| d as usize);
    let first = (lo / step - 1e-9).ceil();
    let values = (0..=100)
        .map(|i| (first + f64::from(i)) * step)
        .take_while(|&v| v <= hi + step * 1e-9)
        .collect();
    (values, decimals)
}

/// An axis: a scale, its step, a suffix for the tick labels (`%`), and a title naming the
/// quantity.
#[derive(Debug, Clone, Copy)]
pub(super) struct Axis<'a> {
    pub(super) scale: Linear,
    pub(super) step: f64,
    pub(super) suffix: &'a str,
    pub(super) title: &'a str,
}

impl Axis<'_> {
    /// Draws the axis below a horizontal plot: a line at `y`, ticks and labels under it, grid
    /// lines up to `grid_top` when given, and the title centred under the labels. Returns the
    /// lowest `y` it used.
    pub(super) fn bottom(&self, svg: &mut Svg, y: f64, grid_top: Option<f64>) -> f64 {
        let (from, to) = self.scale.range();
        let (values, decimals) = ticks(&self.scale, self.step);
        if let Some(top) = grid_top {
            for &v in &values {
                let x = self.scale.at(v);
                svg.line((x, top), (x, y), GRID, 1.0, "", "grid");
            }
        }
        svg.group("axis", None);
        svg.line((from, y), (to, y), INK, 1.0, "", "axis-line");
        for &v in &values {
            let x = self.scale.at(v);
            svg.line((x, y), (x, y + 4.0), INK, 1.0, "", "tick");
            let text = format!("{}{}", fixed(v, decimals), self.suffix);
            svg.text(x, y + 16.0, Anchor::Middle, tick_style(), &text);
        }
        let bottom = y + 32.0;
        // The title may reach past the axis' ends, as far as the chart's edges allow.
        let centre = (from + to) / 2.0;
        let room = 2.0 * (centre - 10.0).min(svg.width() - 10.0 - centre);
        svg.label(
            centre,
            bottom,
            Anchor::Middle,
            Style::NOTE.class("axis-title"),
            self.title,
            room.max(60.0),
            1,
        );
        svg.end_group();
        bottom + 4.0
    }

    /// Draws the axis left of a vertical plot: a line at `x`, ticks and labels left of it, grid
    /// lines across to `grid_right` when given, and the title above the axis, starting at its
    /// line.
    pub(super) fn left(&self, svg: &mut Svg, x: f64, grid_right: Option<f64>) {
        self.vertical(svg, x, grid_right, -1.0);
    }

    /// Draws the axis right of a vertical plot, its title above it, ending at its line.
    pub(super) fn right(&self, svg: &mut Svg, x: f64) {
        self.vertical(svg, x, None, 1.0);
    }

    fn vertical(&self, svg: &mut Svg, x: f64, grid_right: Option<f64>, side: f64) {
        let (bottom, top) = self.scale.range();
        let (values, decimals) = ticks(&self.scale, self.step);
        if let Some(right) = grid_right {
            for &v in &values {
                let y = self.scale.at(v);
                svg.line((x, y), (right, y), GRID, 1.0, "", "grid");
            }
        }
        svg.group("axis", None);
        svg.line((x, bottom), (x, top), INK, 1.0, "", "axis-line");
        let anchor = if side < 0.0 {
            Anchor::End
        } else {
            Anchor::Start
        };
        for &v in &values {
            let y = self.scale.at(v);
            svg.line((x, y), (x + 4.0 * side, y), INK, 1.0, "", "tick");
            let text = format!("{}{}", fixed(v, decimals), self.suffix);
            svg.text(x + 7.0 * side, y + 4.0, anchor, tick_style(), &text);
        }
        let title_anchor = if side < 0.0 {
            Anchor::Start
        } else {
            Anchor::End
        };
        let title_x = if side < 0.0 { x - 40.0 } else { x + 40.0 };
        svg.label(
            title_x.max(10.0).min(svg.width() - 10.0),
            top.min(bottom) - 12.0,
            title_anchor,
            Style::NOTE.class("axis-title"),
            self.title,
            200.0,
            1,
        );
        svg.end_group();
    }
}

/// Tick labels: small and muted.
const fn tick_style() -> Style {
    Style::NOTE.class("tick-label")
}

/// Lines of notes under a chart, each wrapped to the chart's width; returns the `y` below them.
pub(super) fn notes(svg: &mut Svg, mut y: f64, lines: &[String]) -> f64 {
    let width = svg.width() - 20.0;
    for line in lines {
        let drawn = svg.label(10.0, y, Anchor::Start, Style::NOTE, line, width, 3);
        y += LINE * drawn as f64 + 3.0;
    }
    y
}

/// The notes under what a chart drew down to `below`: 12 pixels lower, as [`notes`] draws them;
/// with no notes, nothing, and `below` itself is where the chart ends.
pub(super) fn notes_under(svg: &mut Svg, below: f64, lines: &[String]) -> f64 {
    if lines.is_empty() {
        below
    } else {
        notes(svg, below + 12.0, lines)
    }
}

/// A line of legend entries at `y` from `x`: each a swatch of its colour (a bar, a marker or a
/// line) and its name. Returns the `x` after the last.
pub(super) fn legend(svg: &mut Svg, mut x: f64, y: f64, entries: &[(Swatch, &str, &str)]) -> f64 {
    svg.group("legend", None);
    for &(swatch, colour, name) in entries {
        match swatch {
            Swatch::Bar => svg.rect(x, y - 9.0, 12.0, 10.0, colour, "swatch"),
            Swatch::Marker(marker) => svg.marker(marker, x + 6.0, y - 4.0, 9.0, colour),
            Swatch::Line(dash) => svg.line(
                (x, y - 4.0),
                (x + 18.0, y - 4.0),
                colour,
                2.0,
                dash,
                "swatch",
            ),
            Swatch::Ring => svg.ring(x + 6.0, y - 4.0, 5.0, colour, "swatch"),
        }
        let start = x + 22.0;
        svg.text(start, y, Anchor::Start, Style::NOTE, name);
        x = start + text_width(name, SMALL) + 16.0;
    }
    svg.end_group();
    x
}

/// What a legend entry shows.
#[derive(Debug, Clone, Copy)]
pub(super) enum Swatch {
    Bar,
    Marker(Marker),
    Line(&'static str),
    Ring,
}

/// The name of a share interval method, for a chart's notes.
pub(super) const fn share_method_name(method: ShareMethod) -> &'static str {
    match method {
        ShareMethod::Wilson => "Wilson",
        ShareMethod::WilsonCorrected => "Wilson with continuity correction",
    }
}

/// A confidence level as a percentage without a needless decimal: 95, 99.9.
pub(super) fn level_text(level: Level) -> String {
    let text = format!("{:.1}", 100.0 * level.get());
    text.strip_suffix(".0").map_or(text.clone(), str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_without_a_negative_zero() {
        assert_eq!(fixed(-0.04, 1), "0.0");
        assert_eq!(fixed(-0.4, 0), "0");
        assert_eq!(fixed(-1.5, 1), "-1.5");
        assert_eq!(signed(8.24, 1), "+8.2");
        assert_eq!(signed(-3.0, 1), "\u{2212}3.0");
        assert_eq!(signed(-0.01, 1), "0.0");
        assert_eq!(fixed(1e300, 0), "1.00e300");
    }

    #[test]
    fn long_labels_wrap_then_shorten() {
        let (lines, changed) = wrap("Recording disclosure", 200.0, 12.0, 2);
        assert_eq!(
            (lines, changed),
            (vec!["Recording disclosure".to_owned()], false)
        );
        let (lines, changed) = wrap(
            "Told the caller the call is recorded, as required",
            90.0,
            12.0,
            2,
        );
        assert!(changed);
        assert_eq!(lines.len(), 2);
        assert!(
            lines.iter().all(|l| text_width(l, 12.0) <= 90.0),
            "{lines:?}"
        );
        assert!(lines.last().is_some_and(|l| l.ends_with('\u{2026}')));
        let (lines, _) = wrap("Supercalifragilistic", 50.0, 12.0, 3);
        assert!(
            lines.iter().all(|l| text_width(l, 12.0) <= 50.0),
            "{lines:?}"
        );
    }

    #[test]
    fn wrapping_fills_each_line_before_the_next_and_keeps_to_max_lines() {
        // At 10 px a character (size 50/3), 7 characters fit a 70-pixel line.
        let size = 50.0 / 3.0;
        let wrap7 = |text: &str, max_lines| wrap(text, 70.0, size, max_lines);
        assert_eq!(
            wrap7("one two three", 3),
            (vec!["one two".to_owned(), "three".to_owned()], true)
        );
        assert_eq!(wrap7("one two", 1), (vec!["one two".to_owned()], false));
        // The space counts: "one two" does not fit 6 characters.
        assert_eq!(
            wrap("one two", 60.0, size, 2),
            (vec!["one".to_owned(), "two".to_owned()], true)
        );
        assert_eq!(
            wrap7("one two three four", 1),
            (vec!["one tw\u{2026}".to_owned()], true)
        );
        assert_eq!(
            wrap7("abcdefghij", 2),
            (vec!["abcdefg".to_owned(), "hij".to_owned()], true)
        );
    }

    #[test]
    fn nothing_is_drawn_at_a_coordinate_that_is_not_finite() {
        let mut svg = Svg::new(100.0);
        svg.text(f64::NAN, 10.0, Anchor::Start, Style::NORMAL, "lost");
        svg.text(10.0, f64::INFINITY, Anchor::Start, Style::NORMAL, "lost");
        svg.line((0.0, f64::NAN), (10.0, 10.0), INK, 1.0, "", "lost");
        svg.marker(Marker::Square, f64::NAN, 10.0, 8.0, INK);
        svg.text(10.0, 30.0, Anchor::Start, Style::NORMAL, "kept");
        let out = svg.finish("t", 40.0);
        assert!(!out.contains("lost") && !out.contains("NaN") && !out.contains("inf"));
        assert!(out.contains(">kept</text>"));
    }

    /// What a few drawing calls write, without the document around it.
    fn drawn(draw: impl FnOnce(&mut Svg)) -> String {
        let mut svg = Svg::new(200.0);
        draw(&mut svg);
        svg.body
    }

    #[test]
    fn whiskers_have_caps_four_pixels_either_side_of_each_end() {
        let across = drawn(|svg| svg.whisker(10.0, 50.0, 20.0, INK));
        assert!(
            across.contains("class=\"whisker\" x1=\"10.0\" y1=\"20.0\" x2=\"50.0\" y2=\"20.0\"")
        );
        for x in ["10.0", "50.0"] {
            let cap = format!("class=\"cap\" x1=\"{x}\" y1=\"16.0\" x2=\"{x}\" y2=\"24.0\"");
            assert!(across.contains(&cap), "{across}");
        }
        let up = drawn(|svg| svg.vertical_whisker(30.0, 80.0, 40.0, INK));
        assert!(up.contains("class=\"whisker\" x1=\"30.0\" y1=\"80.0\" x2=\"30.0\" y2=\"40.0\""));
        for y in ["80.0", "40.0"] {
            let cap = format!("class=\"cap\" x1=\"26.0\" y1=\"{y}\" x2=\"34.0\" y2=\"{y}\"");
            assert!(up.contains(&cap), "{up}");
        }
    }

    #[test]
    fn markers_are_centred_on_their_point() {
        let triangle = drawn(|svg| svg.marker(Marker::Triangle, 50.0, 40.0, 8.0, INK));
        assert!(
            triangle.contains("points=\"50.0,36.0 54.0,44.0 46.0,44.0\""),
            "{triangle}"
        );
        let diamond = drawn(|svg| svg.marker(Marker::Diamond, 50.0, 40.0, 8.0, INK));
        assert!(
            diamond.contains("points=\"50.0,36.0 54.0,40.0 50.0,44.0 46.0,40.0\""),
            "{diamond}"
        );
        let square = drawn(|svg| svg.marker(Marker::Square, 50.0, 40.0, 8.0, INK));
        assert!(
            square.contains("x=\"46.0\" y=\"36.0\" width=\"8.0\""),
            "{square}"
        );
    }

    #[test]
    fn lines_and_bands_need_enough_finite_points() {
        assert!(drawn(|svg| svg.polyline(&[], INK, "")).is_empty());
        assert!(drawn(|svg| svg.polyline(&[(1.0, f64::NAN), (2.0, 3.0)], INK, "")).is_empty());
        assert!(
            drawn(|svg| svg.polyline(&[(1.0, 2.0), (2.0, 3.0)], INK, ""))
                .contains("1.0,2.0 2.0,3.0")
        );
        let two = [(1.0, 2.0), (2.0, 3.0)];
        assert!(drawn(|svg| svg.band(&two, INK)).is_empty());
        let three = [(1.0, 2.0), (2.0, 3.0), (3.0, 1.0)];
        assert!(drawn(|svg| svg.band(&three, INK)).contains("<polygon class=\"band\""));
        let bad = [(1.0, 2.0), (f64::INFINITY, 3.0), (3.0, 1.0)];
        assert!(drawn(|svg| svg.band(&bad, INK)).is_empty());
    }

    #[test]
    fn a_long_title_is_cut_to_the_width_less_the_margins() {
        let title = "A title far too long for a chart only two hundred pixels wide";
        let out = Svg::new(200.0).finish(title, 50.0);
        let start = out.find("class=\"title\"").unwrap();
        let text = &out[start..];
        let shown = &text[text.find('>').unwrap() + 1..text.find("</text>").unwrap()];
        assert!(shown.ends_with('\u{2026}'));
        assert!(text_width(shown, 15.0) <= 180.0, "{shown}");
        assert!(text_width(shown, 15.0) > 160.0, "{shown}");
    }

    #[test]
    fn notes_are_muted_and_warnings_vermillion_in_the_small_size() {
        let look = |style: Style| (style.fill, style.size.to_bits());
        assert_eq!(look(Style::NOTE), (MUTED, SMALL.to_bits()));
        assert_eq!(look(Style::WARNING), (VERMILLION, SMALL.to_bits()));
        assert_eq!(look(Style::VALUE), (INK, TEXT.to_bits()));
    }

    #[test]
    fn steps_are_one_two_two_and_a_half_or_five_times_a_power_of_ten() {
        let steps: Vec<f64> = [100.0, 10.0, 12.5, 25.0, 50.0, 7.0, 5.0, 3.0, 0.3]
            .iter()
            .map(|&span| nice_step(span, 5))
            .collect();
        let expected = [20.0, 2.0, 2.5, 5.0, 10.0, 2.0, 1.0, 1.0, 0.1];
        for (step, want) in steps.iter().zip(expected) {
            assert!((step - want).abs() < 1e-12, "{steps:?}");
        }
        // No span, or no sense: a step of 1.
        for span in [0.0, -10.0, f64::NAN, f64::INFINITY] {
            assert!((nice_step(span, 5) - 1.0).abs() < 1e-12, "{span}");
        }
    }

    #[test]
    fn an_empty_or_broken_domain_is_widened_around_its_value() {
        assert_eq!(nice_domain(5.0, 5.0, 5), (4.0, 6.0));
        assert_eq!(nice_domain(7.0, 3.0, 5), (6.0, 8.0));
        assert_eq!(nice_domain(f64::NAN, 3.0, 5), (0.0, 1.0));
        assert_eq!(nice_domain(-13.0, 42.0, 5), (-20.0, 60.0));
    }

    #[test]
    fn outside_means_strictly_beyond_either_end() {
        let scale = Linear::new((10.0, 20.0), (0.0, 100.0));
        assert!(!scale.outside(10.0) && !scale.outside(20.0) && !scale.outside(15.0));
        assert!(scale.outside(9.99) && scale.outside(20.01));
    }

    #[test]
    fn ticks_fall_back_to_a_round_step_when_the_given_one_will_not_do() {
        let scale = Linear::new((90.0, 100.0), (0.0, 100.0));
        let two = (vec![90.0, 92.0, 94.0, 96.0, 98.0, 100.0], 0);
        for step in [0.0, -1.0, f64::NAN, 0.01] {
            assert_eq!(ticks(&scale, step), two, "{step}");
        }
        assert_eq!(ticks(&scale, 0.1).0.len(), 101, "100 parts are allowed");
        // A domain starting on a multiple of the step starts with it.
        let scale = Linear::new((0.6, 1.0), (0.0, 100.0));
        let (values, decimals) = ticks(&scale, 0.2);
        assert_eq!(values.len(), 3, "{values:?}");
        assert!((values[0] - 0.6).abs() < 1e-12 && decimals == 1);
    }

    #[test]
    fn a_bottom_axis_writes_its_ticks_below_it_and_its_title_in_the_room_either_side() {
        let title = "a title long enough to be cut to the room the axis has around its centre";
        for (from, to) in [(20.0, 100.0), (100.0, 180.0)] {
            let axis = Axis {
                scale: Linear::new((0.0, 1.0), (from, to)),
                step: 0.5,
                suffix: "",
                title,
            };
            let mut svg = Svg::new(200.0);
            let below = axis.bottom(&mut svg, 50.0, None);
            assert!(below > 66.0, "{below}");
            let body = svg.body;
            let first = format!("x=\"{from:.1}\" y=\"66.0\"");
            assert!(
                body.contains(&format!("class=\"tick-label\" {first}")),
                "{body}"
            );
            let tick =
                format!("class=\"tick\" x1=\"{from:.1}\" y1=\"50.0\" x2=\"{from:.1}\" y2=\"54.0\"");
            assert!(body.contains(&tick), "{body}");
            let start = body.find("class=\"axis-title\"").unwrap();
            let text = &body[start..];
            let shown = &text[text.find('>').unwrap() + 1..text.find("</text>").unwrap()];
            // The room is twice the distance from the axis' centre to the nearer edge less 10.
            let centre = f64::midpoint(from, to);
            let room = 2.0 * (centre - 10.0).min(190.0 - centre);
            let width = text_width(shown, SMALL);
            assert!(width <= room && width > room - 20.0, "{shown:?} in {room}");
        }
    }

    #[test]
    fn vertical_axes_tick_and_label_on_their_outer_side_with_the_title_above() {
        let axis = |x: f64, right: bool| {
            let axis = Axis {
                scale: Linear::new((0.0, 100.0), (200.0, 40.0)),
                step: 50.0,
                suffix: "",
                title: "share",
            };
            let mut svg = Svg::new(200.0);
            if right {
                axis.right(&mut svg, x);
            } else {
                axis.left(&mut svg, x, None);
            }
            svg.body
        };
        let left = axis(60.0, false);
        for part in [
            "class=\"tick\" x1=\"60.0\" y1=\"200.0\" x2=\"56.0\" y2=\"200.0\"",
            "class=\"tick-label\" x=\"53.0\" y=\"204.0\" text-anchor=\"end\"",
            "class=\"axis-title\" x=\"20.0\" y=\"28.0\" text-anchor=\"start\"",
        ] {
            assert!(left.contains(part), "{part} not in {left}");
        }
        let right = axis(140.0, true);
        for part in [
            "class=\"tick\" x1=\"140.0\" y1=\"40.0\" x2=\"144.0\" y2=\"40.0\"",
            "class=\"tick-label\" x=\"147.0\" y=\"44.0\" text-anchor=\"start\"",
            "class=\"axis-title\" x=\"180.0\" y=\"28.0\" text-anchor=\"end\"",
        ] {
            assert!(right.contains(part), "{part} not in {right}");
        }
        // A title that would start or end past the chart's margin is held at it.
        assert!(axis(30.0, false).contains("class=\"axis-title\" x=\"10.0\""));
        assert!(axis(170.0, true).contains("class=\"axis-title\" x=\"190.0\""));
    }

    #[test]
    fn notes_follow_each_other_and_legend_swatches_sit_on_their_line() {
        let mut svg = Svg::new(200.0);
        let below = notes(&mut svg, 100.0, &["one".to_owned(), "two".to_owned()]);
        assert!((below - 132.0).abs() < 1e-9, "{below}");
        assert!(svg.body.contains("x=\"10.0\" y=\"116.0\""), "{}", svg.body);
        // Under a plot: 12 pixels lower, or nothing at all.
        let mut svg = Svg::new(200.0);
        assert!((notes_under(&mut svg, 88.0, &[]) - 88.0).abs() < 1e-9);
        assert!(svg.body.is_empty());
        let below = notes_under(&mut svg, 88.0, &["one".to_owned()]);
        assert!((below - 116.0).abs() < 1e-9, "{below}");
        assert!(svg.body.contains("x=\"10.0\" y=\"100.0\""), "{}", svg.body);
        let mut svg = Svg::new(200.0);
        let end = legend(&mut svg, 10.0, 40.0, &[(Swatch::Bar, INK, "ab")]);
        assert!(
            svg.body
                .contains("class=\"swatch\" x=\"10.0\" y=\"31.0\" width=\"12.0\" height=\"10.0\""),
            "{}",
            svg.body
        );
        assert!((end - (32.0 + text_width("ab", SMALL) + 16.0)).abs() < 1e-9);
        // Every kind of swatch is centred 4 pixels above the baseline, left of its name.
        for (swatch, part) in [
            (
                Swatch::Marker(Marker::Circle),
                "cx=\"16.0\" cy=\"36.0\" r=\"4.5\"",
            ),
            (
                Swatch::Line("4 2"),
                "x1=\"10.0\" y1=\"36.0\" x2=\"28.0\" y2=\"36.0\"",
            ),
            (Swatch::Ring, "cx=\"16.0\" cy=\"36.0\" r=\"5.0\""),
        ] {
            let mut svg = Svg::new(200.0);
            legend(&mut svg, 10.0, 40.0, &[(swatch, INK, "ab")]);
            assert!(svg.body.contains(part), "{part} not in {}", svg.body);
            assert!(svg.body.contains("x=\"32.0\" y=\"40.0\""), "{}", svg.body);
        }
    }

    #[test]
    fn ticks_are_round_and_cover_the_domain() {
        assert_eq!(nice_domain(61.3, 78.9, 5), (60.0, 80.0));
        let scale = Linear::new((0.0, 100.0), (0.0, 300.0));
        assert_eq!(ticks(&scale, 25.0), (vec![0.0, 25.0, 50.0, 75.0, 100.0], 0));
        let scale = Linear::new((-0.2, 1.0), (0.0, 300.0));
        let (values, decimals) = ticks(&scale, 0.2);
        assert_eq!(values.len(), 7);
        assert_eq!(decimals, 1);
        assert!(Linear::new((f64::NAN, 1.0), (0.0, 10.0)).at(f64::NAN).abs() < 1e-12);
    }
}
