//! SVG charts (feature `plot`): the posterior's path through the evidence,
//! the tornado of what moves it, and the Monte Carlo intervals (feature
//! `monte-carlo`).
//!
//! Drawn with `plotters`' SVG backend only, so no system font library is
//! needed. Every chart has a title, labelled axes with units and a legend.
//! Series differ by colour (the Okabe-Ito palette, which colour-blind
//! readers tell apart), and also by marker shape and line width, so that
//! they read in black and white. A chart of posteriors marks the verdict
//! threshold and draws them on a log-odds axis, labelled in
//! probabilities, that fits the data and the threshold: 0.9, 0.99 and
//! 0.999 are as far apart as 0.1, 0.01 and 0.001, so a leader near 1 and
//! rivals near 0 stay apart. Labels are horizontal. The `*_named_svg`
//! functions name each hypothesis by its label where the case gives one
//! ([`Names`]), wrapped; the others by its id.

use crate::analysis::chart::{Tornado, Trajectory};
#[cfg(feature = "monte-carlo")]
use crate::analysis::montecarlo::Simulation;
use crate::domain::case::Case;
use crate::domain::id::HypothesisId;
use crate::domain::probability::Probability;
use crate::error::Detail;
use crate::error::Error;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

const SIZE: (u32, u32) = (900, 520);
const FONT: &str = "sans-serif";

fn plot_error(e: impl std::fmt::Display) -> Error {
    Error::from(Detail::Plot {
        message: e.to_string(),
    })
}

/// How a chart names the hypotheses: by the label the case gives each,
/// else (an empty label, or a hypothesis the case does not have) by its
/// id. [`Names::default`] names every hypothesis by its id.
///
/// # Example
///
/// ```
/// use attrib::{Case, plot::Names};
///
/// let case = Case::builder()
///     .hypothesis("gov", "Government forces").hypothesis("opp", "")
///     .build()?;
/// let names = Names::of(&case);
/// assert_eq!(names.name(case.hypotheses()[0].id()), "Government forces");
/// assert_eq!(names.name(case.hypotheses()[1].id()), "opp");
/// assert_eq!(Names::default().name(case.hypotheses()[0].id()), "gov");
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Names {
    labels: std::collections::HashMap<HypothesisId, String>,
}

impl Names {
    /// The labels of `case`'s hypotheses (those it gives: an empty label
    /// leaves the id).
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, plot::Names};
    /// let case = Case::builder().hypothesis("a", "Alpha").hypothesis("b", "Beta").build()?;
    /// assert_eq!(Names::of(&case).name(case.hypotheses()[1].id()), "Beta");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn of(case: &Case) -> Names {
        Names {
            labels: case
                .hypotheses()
                .iter()
                .filter(|h| !h.label().trim().is_empty())
                .map(|h| (h.id().clone(), h.label().to_string()))
                .collect(),
        }
    }

    /// What a chart calls hypothesis `id`: its label, or its id.
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, plot::Names};
    /// let case = Case::builder().hypothesis("a", "Alpha").hypothesis("b", "B").build()?;
    /// let names = Names::of(&case);
    /// assert_eq!(names.name(case.hypotheses()[0].id()), "Alpha");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn name<'a>(&'a self, id: &'a HypothesisId) -> &'a str {
        self.labels.get(id).map_or(id.as_str(), String::as_str)
    }
}

/// Colours (Okabe-Ito, the first near black) and widths for up to eight
/// series; beyond that they repeat, and the marker shape still tells them
/// apart within five.
fn series_style(i: usize) -> ShapeStyle {
    let colours = [
        RGBColor(0, 0, 0),
        RGBColor(213, 94, 0),
        RGBColor(0, 114, 178),
        RGBColor(0, 158, 115),
        RGBColor(204, 121, 167),
        RGBColor(230, 159, 0),
        RGBColor(86, 180, 233),
        RGBColor(120, 120, 120),
    ];
    let width = [3u32, 2, 2, 2, 2, 2, 2, 1][i % 8];
    colours[i % 8].stroke_width(width)
}

/// The log-odds of `p`, `ln(p / (1 - p))`, with `p` kept within
/// `[1e-6, 1 - 1e-6]` so that 0 and 1 stay on the chart (at its edges).
fn logit(p: f64) -> f64 {
    let p = p.clamp(1e-6, 1.0 - 1e-6);
    (p / (1.0 - p)).ln()
}

/// The probabilities a log-odds axis may label, the round ones first.
const ODDS_TICKS: [&[f64]; 3] = [
    &[
        1e-6, 1e-5, 1e-4, 0.001, 0.01, 0.1, 0.5, 0.9, 0.99, 0.999, 0.9999, 0.99999, 0.999999,
    ],
    &[0.003, 0.03, 0.3, 0.7, 0.97, 0.997],
    &[0.2, 0.4, 0.6, 0.8, 0.95, 0.98, 0.995, 0.998],
];

/// A log-odds axis that holds `values` and `threshold`, padded: its ends,
/// in log-odds.
fn odds_range(values: impl Iterator<Item = f64>, threshold: Option<f64>) -> (f64, f64) {
    let (lo, hi) = values
        .chain(threshold)
        .map(logit)
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if !lo.is_finite() || !hi.is_finite() {
        return (logit(0.01), logit(0.99));
    }
    let pad = ((hi - lo) * 0.06).max(0.4);
    (lo - pad, hi + pad)
}

/// The probabilities to label on a log-odds axis from `lo` to `hi` that is
/// `pixels` long: the round ones first, then finer ones where they are at
/// least 26 pixels from every other, in order.
fn odds_ticks(lo: f64, hi: f64, pixels: f64) -> Vec<f64> {
    let per = pixels / (hi - lo).max(1e-9);
    let mut out: Vec<f64> = Vec::new();
    for level in ODDS_TICKS {
        for &p in level {
            let x = logit(p);
            if x < lo || x > hi {
                continue;
            }
            if out.iter().all(|&q| ((logit(q) - x) * per).abs() >= 26.0) {
                out.push(p);
            }
        }
    }
    out.sort_by(f64::total_cmp);
    out
}

/// A probability as a tick label: as few digits as it needs.
fn prob_label(p: f64) -> String {
    if p < 1e-3 {
        format!("{p:.0e}")
    } else {
        let s = format!("{p:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// `text` cut into lines of at most `width` characters, at a `-`, `_`,
/// `.`, `/` or space when there is one (kept at the end of its line, where
/// it may hang one character past the width), else anywhere; at most `lines` lines, the last ending in an ellipsis
/// when the text is longer.
fn wrap(text: &str, width: usize, lines: usize) -> Vec<String> {
    let chars: Vec<char> = printable(text).chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    while start < chars.len() && out.len() < lines {
        let end = (start + width).min(chars.len());
        let cut = if end == chars.len() {
            end
        } else {
            // a break may hang one character past the width
            chars[start..end + 1]
                .iter()
                .rposition(|c| matches!(c, '-' | '_' | '.' | '/' | ' '))
                .map_or(end, |k| start + k + 1)
        };
        let mut line: String = chars[start..cut].iter().collect();
        start = cut;
        if out.len() + 1 == lines && start < chars.len() {
            line = line.chars().take(width.saturating_sub(1)).collect();
            line.push('\u{2026}');
        }
        out.push(line.trim().to_string());
    }
    out
}

/// Characters per line of a hypothesis's name in a key entry, and lines.
const KEY_NAME: (usize, usize) = (38, 2);

/// A marker of shape `i % 5`, in pixels around `(0, 0)`: filled circle,
/// open circle, filled triangle, cross, filled square.
fn shape<DB: DrawingBackend>(i: usize, style: ShapeStyle) -> DynElement<'static, DB, (i32, i32)> {
    let filled = ShapeStyle {
        filled: true,
        ..style
    };
    match i % 5 {
        0 => Circle::new((0, 0), 4, filled).into_dyn(),
        1 => Circle::new((0, 0), 4, style).into_dyn(),
        2 => TriangleMarker::new((0, 0), 5, filled).into_dyn(),
        3 => Cross::new((0, 0), 4, style).into_dyn(),
        _ => Rectangle::new([(-3, -3), (3, 3)], filled).into_dyn(),
    }
}

/// `text` as an SVG text node may hold it: plotters escapes `<`, `&` and
/// quotes but passes control characters and U+FFFE / U+FFFF, which XML 1.0
/// forbids, so a case title holding one made the charts, and the HTML
/// report that inlines them, ill-formed (found by `tests/cli_mutation.rs`).
/// Each becomes a space. So do the bidi embeddings, overrides and
/// isolates (U+202A-U+202E, U+2066-U+2069): an SVG text cannot isolate a
/// label as the HTML report's `<bdi>` does, so a label is drawn in the
/// order it is written, and an override in it reaches nothing.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control()
                || matches!(c, '\u{fffe}' | '\u{ffff}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
            {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// The width in pixels that a label of `text` takes at `size` (a generous
/// estimate: plotters' SVG backend cannot measure text, and writes a font
/// of size `s` as `s / 1.24` pixels).
fn text_width(text: &str, size: u32) -> u32 {
    text.chars().count() as u32 * size / 2
}

/// The longest tick label before it is abbreviated.
const MAX_LABEL: usize = 40;

/// `text`, cut to `MAX_LABEL` characters with an ellipsis when longer,
/// and `printable`.
fn abbreviate(text: &str) -> String {
    let text = printable(text);
    if text.chars().count() <= MAX_LABEL {
        text
    } else {
        let mut s: String = text.chars().take(MAX_LABEL - 1).collect();
        s.push('\u{2026}');
        s
    }
}

/// What a key entry shows before its label.
#[derive(Clone, Copy)]
enum Swatch {
    /// The line and marker of series `i`.
    Series(usize),
    /// A grey bar.
    Bar(RGBColor),
    /// A cross.
    Cross,
    /// A dashed line.
    Dashed,
    /// Nothing: a note.
    None,
    /// A solid line in the threshold's colour.
    Solid,
    /// A thick line with end caps: an interval.
    #[cfg(feature = "monte-carlo")]
    Range,
    /// A ring: a median.
    #[cfg(feature = "monte-carlo")]
    Median,
}

/// The key's font size, row height and swatch width, in pixels.
const KEY_FONT: u32 = 14;
const KEY_ROW: u32 = 24;
const KEY_SWATCH: i32 = 26;

/// The height of each line after the first of a key entry, in pixels.
const KEY_LINE: u32 = 17;

/// The width in pixels of a key entry's label (its longest line).
fn key_label_width(label: &str) -> i32 {
    label
        .lines()
        .map(|l| text_width(l, KEY_FONT))
        .max()
        .unwrap_or(0) as i32
}

/// The key's entries laid out in rows no wider than `width`: per row, the
/// entries' indices, the row's width and its height in pixels (a label
/// may hold several lines, `\n` apart).
fn key_rows(labels: &[String], width: u32) -> Vec<(Vec<usize>, i32, u32)> {
    let mut rows: Vec<(Vec<usize>, i32, u32)> = Vec::new();
    for (i, label) in labels.iter().enumerate() {
        let w = KEY_SWATCH + 8 + key_label_width(label) + 28;
        let h = KEY_ROW + KEY_LINE * (label.lines().count().max(1) as u32 - 1);
        match rows.last_mut() {
            Some((items, total, height)) if *total + w <= width as i32 - 32 => {
                items.push(i);
                *total += w;
                *height = (*height).max(h);
            }
            _ => rows.push((vec![i], w, h)),
        }
    }
    rows
}

/// The height of the key of `labels` in a chart `width` pixels wide.
fn key_height(labels: &[String], width: u32) -> u32 {
    key_rows(labels, width).iter().map(|r| r.2).sum::<u32>() + 12
}

/// Draws a key (a legend outside the plot, so that it never hides data):
/// the entries side by side, centred, in as many rows as they need.
fn key(
    area: &DrawingArea<SVGBackend<'_>, plotters::coord::Shift>,
    entries: &[(Swatch, String)],
) -> Result<(), Error> {
    let labels: Vec<String> = entries.iter().map(|(_, l)| l.clone()).collect();
    let (width, _) = area.dim_in_pixel();
    let style =
        TextStyle::from((FONT, KEY_FONT).into_font()).pos(Pos::new(HPos::Left, VPos::Center));
    let mut top = 6;
    for (items, total, height) in key_rows(&labels, width) {
        // the swatch beside the first line
        let y = top + KEY_ROW as i32 / 2;
        top += height as i32;
        let mut x = ((width as i32 - total) / 2).max(0);
        for i in items {
            let Some((swatch, label)) = entries.get(i) else {
                continue;
            };
            let mid = x + KEY_SWATCH / 2;
            match *swatch {
                Swatch::Series(h) => {
                    let style = series_style(h);
                    area.draw(&PathElement::new(vec![(x, y), (x + KEY_SWATCH, y)], style))
                        .map_err(plot_error)?;
                    area.draw(&(EmptyElement::at((mid, y)) + shape(h, style)))
                        .map_err(plot_error)?;
                }
                Swatch::Bar(colour) => {
                    area.draw(&Rectangle::new(
                        [(x, y - 6), (x + KEY_SWATCH, y + 6)],
                        colour.filled(),
                    ))
                    .map_err(plot_error)?;
                }
                Swatch::Cross => {
                    area.draw(&Cross::new((mid, y), 5, BLACK.stroke_width(2)))
                        .map_err(plot_error)?;
                }
                Swatch::None => {}
                Swatch::Solid => {
                    area.draw(&PathElement::new(
                        vec![(x, y), (x + KEY_SWATCH, y)],
                        RGBColor(213, 94, 0).stroke_width(2),
                    ))
                    .map_err(plot_error)?;
                }
                #[cfg(feature = "monte-carlo")]
                Swatch::Range => {
                    area.draw(&PathElement::new(
                        vec![(x, y), (x + KEY_SWATCH, y)],
                        BLACK.stroke_width(3),
                    ))
                    .map_err(plot_error)?;
                    for cap in [x, x + KEY_SWATCH] {
                        area.draw(&PathElement::new(
                            vec![(cap, y - 5), (cap, y + 5)],
                            BLACK.stroke_width(2),
                        ))
                        .map_err(plot_error)?;
                    }
                }
                #[cfg(feature = "monte-carlo")]
                Swatch::Median => {
                    area.draw(&Circle::new((mid, y), 5, WHITE.filled()))
                        .map_err(plot_error)?;
                    area.draw(&Circle::new((mid, y), 5, BLACK.stroke_width(2)))
                        .map_err(plot_error)?;
                }
                Swatch::Dashed => {
                    for k in 0..3 {
                        let x0 = x + k * 10;
                        area.draw(&PathElement::new(
                            vec![(x0, y), (x0 + 6, y)],
                            BLACK.stroke_width(1),
                        ))
                        .map_err(plot_error)?;
                    }
                }
            }
            for (n, line) in label.lines().enumerate() {
                area.draw(&Text::new(
                    printable(line),
                    (x + KEY_SWATCH + 8, y + (KEY_LINE as i32) * n as i32),
                    style.clone(),
                ))
                .map_err(plot_error)?;
            }
            x += KEY_SWATCH + 8 + key_label_width(label) + 28;
        }
    }
    Ok(())
}

/// A dashed horizontal or vertical line from `a` to `b`, in `n` dashes.
fn dashes(a: (f64, f64), b: (f64, f64), n: usize) -> Vec<Vec<(f64, f64)>> {
    let n = n.max(1);
    (0..n)
        .map(|k| {
            let t0 = k as f64 / n as f64;
            let t1 = t0 + 0.6 / n as f64;
            let at = |t: f64| (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
            vec![at(t0), at(t1)]
        })
        .collect()
}

/// The most hypotheses the trajectory draws: those highest after the last
/// item (the leader first), then at their peak; the key says how many
/// others it leaves out.
///
/// # Example
///
/// ```
/// use attrib::{Case, Evidence};
///
/// let mut b = Case::builder();
/// let mut e = Evidence::builder("e");
/// for k in 0..8 {
///     b = b.hypothesis(format!("h{k}"), format!("H{k}"));
///     e = e.likelihood(format!("h{k}"), 0.1 + 0.1 * k as f64);
/// }
/// let case = b.evidence(e).build()?;
/// assert_eq!(attrib::plot::TRAJECTORY_SERIES, 6);
/// let svg = attrib::plot::trajectory_svg(&attrib::Trajectory::of(&case)?, "Eight")?;
/// assert!(svg.contains("2 other hypotheses not drawn"));
/// # Ok::<(), attrib::Error>(())
/// ```
pub const TRAJECTORY_SERIES: usize = 6;

/// The most points a trajectory line has: past this many steps, each of
/// `TRAJECTORY_POINTS / 2` runs of steps is drawn by its lowest and
/// highest value, in their order (a line one pixel wide looks the same).
const TRAJECTORY_POINTS: usize = 1_200;

/// The posterior of each hypothesis as the items are added, as a step
/// chart: one line per hypothesis (the [`TRAJECTORY_SERIES`] that came
/// highest; the key says how many others are not drawn), x the items in
/// the order added, y the posterior probability on a log-odds axis that
/// fits the lines and the threshold, with a dashed line at the case's
/// verdict threshold, labelled at its right end above the line. With up
/// to 16 items each tick is labelled with the item's id, horizontal and
/// wrapped; with more, with its number in the file (1 is the first item),
/// as many as fit. The key is below the chart.
///
/// # Errors
///
/// [`ErrorKind::Plot`](crate::ErrorKind::Plot) when drawing fails (which `plotters`' SVG backend does
/// not do in practice).
///
/// # Example
///
/// ```
/// use attrib::{Case, Evidence};
///
/// let case = Case::builder()
///     .hypothesis("a", "A").hypothesis("b", "B")
///     .evidence(Evidence::builder("e1").likelihood("a", 0.9).likelihood("b", 0.3))
///     .build()?;
/// let svg = attrib::plot::trajectory_svg(&attrib::Trajectory::of(&case)?, "Posterior through the evidence")?;
/// assert!(svg.starts_with("<svg") && svg.contains("Posterior through the evidence"));
/// assert!(svg.contains("e1") && svg.contains("threshold 0.95"));
/// # Ok::<(), attrib::Error>(())
/// ```
pub fn trajectory_svg(t: &Trajectory, title: &str) -> Result<String, Error> {
    trajectory(t, title, &Names::default())
}

/// [`trajectory_svg`] with the hypotheses named by `names` (their labels,
/// [`Names::of`]) in the key, each wrapped to two lines of at most 38
/// characters.
///
/// # Errors
///
/// [`ErrorKind::Plot`](crate::ErrorKind::Plot) when drawing fails.
///
/// # Example
///
/// ```
/// use attrib::{Case, Evidence, plot::Names};
///
/// let case = Case::builder()
///     .hypothesis("gov", "Government forces").hypothesis("opp", "Opposition groups")
///     .evidence(Evidence::builder("e1").likelihood("gov", 0.9).likelihood("opp", 0.3))
///     .build()?;
/// let t = attrib::Trajectory::of(&case)?;
/// let svg = attrib::plot::trajectory_named_svg(&t, "Posterior", &Names::of(&case))?;
/// // each text on its own line of the SVG
/// assert!(svg.contains("\nGovernment forces\n") && svg.contains("\nOpposition groups\n"));
/// # Ok::<(), attrib::Error>(())
/// ```
pub fn trajectory_named_svg(t: &Trajectory, title: &str, names: &Names) -> Result<String, Error> {
    trajectory(t, title, names)
}

fn trajectory(t: &Trajectory, title: &str, names: &Names) -> Result<String, Error> {
    let mut out = String::new();
    let by_name = t.steps.len() <= 17;
    // Characters per line of a label: as many as the room between two
    // ticks holds (the plot is about SIZE.0 - 96 pixels wide).
    let room = f64::from(SIZE.0 - 96) / (t.steps.len().saturating_sub(1) as f64 + 0.6);
    let per_line = (((room - 8.0) / 6.0) as usize).clamp(6, 20);
    // Labels: the prior, then each item's id wrapped, or its number.
    let ticks: Vec<Vec<String>> = t
        .steps
        .iter()
        .enumerate()
        .map(|(k, (id, _))| match id {
            None => vec!["(prior)".to_string()],
            Some(id) if by_name => wrap(id.as_str(), per_line, 4),
            Some(_) => vec![k.to_string()],
        })
        .collect();
    let lines = ticks.iter().map(Vec::len).max().unwrap_or(1) as u32;
    let label_height = 16 * lines + 6;
    // The series drawn: the hypotheses that came highest, in the case's order.
    let value = |h: usize, k: usize| {
        t.steps
            .get(k)
            .and_then(|(_, p)| p.get(h))
            .map_or(0.0, |p| p.get())
    };
    let peak = |h: usize| (0..t.steps.len()).map(|k| value(h, k)).fold(0.0, f64::max);
    let mut order: Vec<usize> = (0..t.hypotheses.len()).collect();
    let last = t.steps.len().saturating_sub(1);
    order.sort_by(|&a, &b| {
        value(b, last)
            .total_cmp(&value(a, last))
            .then(peak(b).total_cmp(&peak(a)))
    });
    let mut drawn: Vec<usize> = order.iter().copied().take(TRAJECTORY_SERIES).collect();
    drawn.sort_unstable();
    let hidden: Vec<usize> = order.iter().copied().skip(TRAJECTORY_SERIES).collect();
    let threshold = t.threshold.get();
    let mut entries: Vec<(Swatch, String)> = drawn
        .iter()
        .map(|&h| {
            (
                Swatch::Series(h),
                t.hypotheses.get(h).map_or(String::new(), |id| {
                    wrap(names.name(id), KEY_NAME.0, KEY_NAME.1).join("\n")
                }),
            )
        })
        .collect();
    entries.push((Swatch::Dashed, format!("verdict threshold {}", t.threshold)));
    if !hidden.is_empty() {
        let most = hidden.iter().map(|&h| peak(h)).fold(0.0, f64::max);
        entries.push((
            Swatch::None,
            format!(
                "{} other hypotheses not drawn (none above {})",
                hidden.len(),
                prob_label(most.max(1e-6))
            ),
        ));
    }
    let labels: Vec<String> = entries.iter().map(|(_, l)| l.clone()).collect();
    let strip = key_height(&labels, SIZE.0);
    let height = SIZE.1 + label_height + strip;
    let (y0, y1) = odds_range(
        drawn
            .iter()
            .flat_map(|&h| (0..t.steps.len()).map(move |k| (h, k)))
            .map(|(h, k)| value(h, k)),
        Some(threshold),
    );
    {
        let root = SVGBackend::with_string(&mut out, (SIZE.0, height)).into_drawing_area();
        root.fill(&WHITE).map_err(plot_error)?;
        let (upper, lower) = root.split_vertically(height - strip);
        let lastx = last.max(1) as f64;
        let mut chart = ChartBuilder::on(&upper)
            .caption(printable(title), (FONT, 22))
            .margin(16)
            .x_label_area_size(label_height + 30)
            .y_label_area_size(64)
            .build_cartesian_2d(-0.3f64..lastx + 0.3, y0..y1)
            .map_err(plot_error)?;
        chart
            .configure_mesh()
            .x_desc(if by_name {
                "evidence item just added, in file order"
            } else {
                "evidence items added, in file order (n: the n-th item)"
            })
            .y_desc("posterior probability (log-odds scale)")
            .x_labels(0)
            .y_labels(0)
            .disable_mesh()
            .draw()
            .map_err(plot_error)?;
        let grid = RGBColor(225, 225, 225).stroke_width(1);
        let tick = BLACK.stroke_width(1);
        // The y axis: probabilities at their log-odds.
        let plot_height = f64::from(chart.plotting_area().dim_in_pixel().1.max(1));
        let ylabel =
            TextStyle::from((FONT, 12).into_font()).pos(Pos::new(HPos::Right, VPos::Center));
        for p in odds_ticks(y0, y1, plot_height) {
            let y = logit(p);
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(-0.3, y), (lastx + 0.3, y)],
                    grid,
                )))
                .map_err(plot_error)?;
            let (px, py) = chart.backend_coord(&(-0.3, y));
            upper
                .draw(&PathElement::new(vec![(px - 5, py), (px, py)], tick))
                .map_err(plot_error)?;
            upper
                .draw(&Text::new(prob_label(p), (px - 8, py), ylabel.clone()))
                .map_err(plot_error)?;
        }
        // The x axis: horizontal labels, as many as fit.
        let plot_width = f64::from(chart.plotting_area().dim_in_pixel().0.max(1));
        let widest = ticks
            .iter()
            .flatten()
            .map(|l| text_width(l, 12))
            .max()
            .unwrap_or(12);
        let room = plot_width / (lastx + 0.6);
        // (text_width is generous: a label a few pixels wider than its
        // room still clears its neighbours)
        let every = ((f64::from(widest) - 8.0) / room).ceil().max(1.0) as usize;
        let every = if by_name {
            every
        } else {
            // a round step: 1, 2, 5, 10, 20, 50...
            [1usize, 2, 5]
                .iter()
                .flat_map(|m| (0..7).map(move |e| m * 10usize.pow(e)))
                .filter(|&s| s >= every)
                .min()
                .unwrap_or(every)
        };
        let xlabel = TextStyle::from((FONT, 12).into_font()).pos(Pos::new(HPos::Center, VPos::Top));
        for (k, text) in ticks.iter().enumerate() {
            if k % every != 0 {
                continue;
            }
            let x = k as f64;
            let (px, py) = chart.backend_coord(&(x, y0));
            upper
                .draw(&PathElement::new(vec![(px, py), (px, py + 5)], tick))
                .map_err(plot_error)?;
            for (n, line) in text.iter().enumerate() {
                upper
                    .draw(&Text::new(
                        line.clone(),
                        (px, py + 8 + 16 * n as i32),
                        xlabel.clone(),
                    ))
                    .map_err(plot_error)?;
            }
        }
        // The verdict threshold: dashed, labelled above its right end.
        let line = BLACK.stroke_width(1);
        let ty = logit(threshold);
        chart
            .draw_series(
                dashes(
                    (-0.3, ty),
                    (lastx + 0.3, ty),
                    4 * t.steps.len().clamp(4, 100),
                )
                .into_iter()
                .map(|d| PathElement::new(d, line)),
            )
            .map_err(plot_error)?;
        let label = format!("threshold {}", t.threshold);
        let (px, py) = chart.backend_coord(&(lastx + 0.3, ty));
        let w = text_width(&label, 13) as i32;
        upper
            .draw(&Rectangle::new(
                [(px - w - 6, py - 17), (px - 2, py - 2)],
                WHITE.mix(0.85).filled(),
            ))
            .map_err(plot_error)?;
        upper
            .draw(&Text::new(
                label,
                (px - 4, py - 4),
                TextStyle::from((FONT, 13).into_font()).pos(Pos::new(HPos::Right, VPos::Bottom)),
            ))
            .map_err(plot_error)?;
        for &h in &drawn {
            let style = series_style(h);
            let values: Vec<f64> = (0..t.steps.len()).map(|k| logit(value(h, k))).collect();
            // A step line: flat after each step, then up or down at the
            // next; past TRAJECTORY_POINTS, each run of steps by its
            // lowest and highest value.
            let mut points = Vec::with_capacity(2 * values.len());
            if 2 * values.len() <= TRAJECTORY_POINTS {
                for (k, &v) in values.iter().enumerate() {
                    if let Some(&before) = k.checked_sub(1).and_then(|j| values.get(j)) {
                        points.push((k as f64, before));
                    }
                    points.push((k as f64, v));
                }
            } else {
                let run = values.len().div_ceil(TRAJECTORY_POINTS / 2);
                for (c, chunk) in values.chunks(run).enumerate() {
                    let at = |j: usize| (c * run + j) as f64;
                    let (mut lo, mut hi) = (0, 0);
                    for (j, v) in chunk.iter().enumerate() {
                        if *v < chunk[lo] {
                            lo = j;
                        }
                        if *v > chunk[hi] {
                            hi = j;
                        }
                    }
                    let (a, b) = (lo.min(hi), lo.max(hi));
                    points.push((at(a), chunk[a]));
                    if b != a {
                        points.push((at(b), chunk[b]));
                    }
                }
            }
            chart
                .draw_series(LineSeries::new(points, style))
                .map_err(plot_error)?;
            if by_name {
                chart
                    .draw_series(
                        values
                            .iter()
                            .enumerate()
                            .map(|(k, &v)| EmptyElement::at((k as f64, v)) + shape(h, style)),
                    )
                    .map_err(plot_error)?;
            }
        }
        key(&lower, &entries)?;
        root.present().map_err(plot_error)?;
    }
    Ok(out)
}

/// The tornado: per item (the widest swing on top), a bar for the leader's
/// posterior as the item's reliability goes from 0 to 1, a cross where the
/// item is left out, and a dashed line at the full case's posterior. An
/// item that moves nothing still gets a thin bar. The key is below the
/// chart.
///
/// # Errors
///
/// [`ErrorKind::Plot`](crate::ErrorKind::Plot) when drawing fails.
///
/// # Example
///
/// ```
/// use attrib::{Case, Evidence};
///
/// let case = Case::builder()
///     .hypothesis("a", "A").hypothesis("b", "B")
///     .evidence(Evidence::builder("e1").likelihood("a", 0.9).likelihood("b", 0.3))
///     .build()?;
/// let svg = attrib::plot::tornado_svg(&attrib::Tornado::of(&case)?, "What moves the posterior")?;
/// assert!(svg.contains("e1"));
/// # Ok::<(), attrib::Error>(())
/// ```
pub fn tornado_svg(t: &Tornado, title: &str) -> Result<String, Error> {
    tornado(t, title, None, &Names::default())
}

/// [`tornado_svg`] with the verdict threshold marked: a solid line at
/// `threshold`, in the key as "verdict threshold", and within the axis,
/// so that a bar that crosses it shows the items whose reliability can
/// flip the verdict.
///
/// # Errors
///
/// [`ErrorKind::Plot`](crate::ErrorKind::Plot) when drawing fails.
///
/// # Example
///
/// ```
/// use attrib::{Case, Evidence};
///
/// let case = Case::builder()
///     .hypothesis("a", "A").hypothesis("b", "B")
///     .evidence(Evidence::builder("e1").likelihood("a", 0.9).likelihood("b", 0.3))
///     .build()?;
/// let t = attrib::Tornado::of(&case)?;
/// let svg = attrib::plot::tornado_with_threshold_svg(&t, "What moves it", case.threshold())?;
/// assert!(svg.contains("verdict threshold 0.95"));
/// # Ok::<(), attrib::Error>(())
/// ```
pub fn tornado_with_threshold_svg(
    t: &Tornado,
    title: &str,
    threshold: Probability,
) -> Result<String, Error> {
    tornado(t, title, Some(threshold), &Names::default())
}

/// [`tornado_with_threshold_svg`] with the leader named by `names` (its
/// label, [`Names::of`]) in the axis title.
///
/// # Errors
///
/// [`ErrorKind::Plot`](crate::ErrorKind::Plot) when drawing fails.
///
/// # Example
///
/// ```
/// use attrib::{Case, Evidence, plot::Names};
///
/// let case = Case::builder()
///     .hypothesis("gov", "Government forces").hypothesis("opp", "Opposition groups")
///     .evidence(Evidence::builder("e1").likelihood("gov", 0.9).likelihood("opp", 0.3))
///     .build()?;
/// let t = attrib::Tornado::of(&case)?;
/// let svg = attrib::plot::tornado_named_svg(&t, "What moves it", case.threshold(), &Names::of(&case))?;
/// assert!(svg.contains("posterior probability of the leader, Government forces"));
/// assert!(svg.contains("verdict threshold 0.95"));
/// # Ok::<(), attrib::Error>(())
/// ```
pub fn tornado_named_svg(
    t: &Tornado,
    title: &str,
    threshold: Probability,
    names: &Names,
) -> Result<String, Error> {
    tornado(t, title, Some(threshold), names)
}

fn tornado(
    t: &Tornado,
    title: &str,
    threshold: Option<Probability>,
    named: &Names,
) -> Result<String, Error> {
    let mut out = String::new();
    let rows = t.rows.len().max(1);
    let p = t.posterior.get();
    let bar = RGBColor(170, 170, 170);
    let mut entries = vec![
        (Swatch::Bar(bar), "reliability from 0 to 1".to_string()),
        (Swatch::Cross, "item left out".to_string()),
        (Swatch::Dashed, format!("full case: {p:.3}")),
    ];
    if let Some(th) = threshold {
        entries.push((Swatch::Solid, format!("verdict threshold {th}")));
    }
    let labels: Vec<String> = entries.iter().map(|(_, l)| l.clone()).collect();
    let strip = key_height(&labels, SIZE.0);
    let height = (120 + 28 * rows as u32).max(SIZE.1 - 80) + strip;
    {
        let root = SVGBackend::with_string(&mut out, (SIZE.0, height)).into_drawing_area();
        root.fill(&WHITE).map_err(plot_error)?;
        let (upper, lower) = root.split_vertically(height - strip);
        let names: Vec<String> = t
            .rows
            .iter()
            .map(|r| abbreviate(r.evidence.as_str()))
            .collect();
        let label_width = names.iter().map(|n| text_width(n, 12)).max().unwrap_or(60) + 16;
        // The x axis spans the data and the threshold, padded by a tenth
        // of their span, so that small swings stay visible; the axis
        // label says what it is.
        let values = t
            .rows
            .iter()
            .flat_map(|r| [r.without.get(), r.at_zero.get(), r.at_one.get()])
            .chain(std::iter::once(p))
            .chain(threshold.map(|th| th.get()));
        let (lo, hi) = values.fold((1.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
        let pad = ((hi - lo) * 0.1).max(0.005);
        let x0 = (lo - pad).max(0.0);
        let x1 = (hi + pad).min(1.0).max(x0 + 0.01);
        let digits = if x1 - x0 < 0.05 { 3 } else { 2 };
        let mut chart = ChartBuilder::on(&upper)
            .caption(printable(title), (FONT, 22))
            .margin(16)
            .x_label_area_size(46)
            .y_label_area_size(label_width.min(420))
            .build_cartesian_2d(x0..x1, -0.5f64..(rows as f64 - 0.5))
            .map_err(plot_error)?;
        let leader = if named.name(&t.leader) == t.leader.as_str() {
            format!("'{}'", t.leader)
        } else {
            wrap(named.name(&t.leader), 70, 1).concat()
        };
        chart
            .configure_mesh()
            .x_desc(printable(&format!(
                "posterior probability of the leader, {leader}"
            )))
            .y_desc("evidence item (widest swing on top)")
            .y_labels(0)
            .x_label_formatter(&|x| format!("{x:.digits$}"))
            .disable_y_mesh()
            .light_line_style(WHITE)
            .draw()
            .map_err(plot_error)?;
        // The y axis: a tick and the item's id at every row, and nowhere else.
        let tick = BLACK.stroke_width(1);
        let label =
            TextStyle::from((FONT, 12).into_font()).pos(Pos::new(HPos::Right, VPos::Center));
        for (i, name) in names.iter().enumerate() {
            let (px, py) = chart.backend_coord(&(x0, (rows - 1 - i) as f64));
            upper
                .draw(&PathElement::new(vec![(px - 5, py), (px, py)], tick))
                .map_err(plot_error)?;
            upper
                .draw(&Text::new(name.clone(), (px - 8, py), label.clone()))
                .map_err(plot_error)?;
        }
        let y = |i: usize| (rows - 1 - i) as f64;
        // A bar at least 3 pixels wide, so that an item that moves nothing
        // still shows where it stands.
        let plot_width = f64::from(chart.plotting_area().dim_in_pixel().0.max(1));
        let min_width = 3.0 * (x1 - x0) / plot_width;
        chart
            .draw_series(t.rows.iter().enumerate().map(|(i, r)| {
                let (a, b) = (r.at_zero.get(), r.at_one.get());
                let (mut a, mut b) = (a.min(b), a.max(b));
                if b - a < min_width {
                    let mid = (a + b) / 2.0;
                    (a, b) = (mid - min_width / 2.0, mid + min_width / 2.0);
                }
                Rectangle::new([(a, y(i) - 0.3), (b, y(i) + 0.3)], bar.filled())
            }))
            .map_err(plot_error)?;
        let cross = BLACK.stroke_width(2);
        chart
            .draw_series(
                t.rows
                    .iter()
                    .enumerate()
                    .map(|(i, r)| Cross::new((r.without.get(), y(i)), 6, cross)),
            )
            .map_err(plot_error)?;
        let line = BLACK.stroke_width(1);
        chart
            .draw_series(
                dashes((p, -0.5), (p, rows as f64 - 0.5), rows.min(60) * 4)
                    .into_iter()
                    .map(|d| PathElement::new(d, line)),
            )
            .map_err(plot_error)?;
        if let Some(th) = threshold {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(th.get(), -0.5), (th.get(), rows as f64 - 0.5)],
                    RGBColor(213, 94, 0).stroke_width(2),
                )))
                .map_err(plot_error)?;
        }
        key(&lower, &entries)?;
        root.present().map_err(plot_error)?;
    }
    Ok(out)
}

/// The Monte Carlo intervals: per hypothesis, a bar over the 5-95 % range
/// of its posterior across the draws and a marker at the median, on a
/// log-odds axis that fits them (labelled in probabilities), so that an
/// interval near 0 or 1 keeps its width. When every draw is the same, the
/// key says so.
///
/// # Errors
///
/// [`ErrorKind::Plot`](crate::ErrorKind::Plot) when drawing fails.
///
/// # Example
///
/// ```
/// use attrib::{Case, Evidence, MonteCarlo};
///
/// let case = Case::builder()
///     .hypothesis("a", "A").hypothesis("b", "B")
///     .likelihood_concentration(20.0)
///     .evidence(Evidence::builder("e1").likelihood("a", 0.9).likelihood("b", 0.3))
///     .build()?;
/// let sim = MonteCarlo::new().draws(500).run(&case)?;
/// let svg = attrib::plot::intervals_svg(&sim, "Monte Carlo intervals")?;
/// assert!(svg.contains("median"));
/// # Ok::<(), attrib::Error>(())
/// ```
#[cfg(feature = "monte-carlo")]
pub fn intervals_svg(s: &Simulation, title: &str) -> Result<String, Error> {
    intervals(s, title, None, &Names::default())
}

/// [`intervals_svg`] with the verdict threshold marked: a solid line at
/// `threshold`, within the axis and in the key, so that one sees whether
/// the leader's interval reaches it.
///
/// # Errors
///
/// [`ErrorKind::Plot`](crate::ErrorKind::Plot) when drawing fails.
///
/// # Example
///
/// ```
/// use attrib::{Case, Evidence, MonteCarlo};
///
/// let case = Case::builder()
///     .hypothesis("a", "A").hypothesis("b", "B")
///     .likelihood_concentration(20.0)
///     .evidence(Evidence::builder("e1").likelihood("a", 0.9).likelihood("b", 0.3))
///     .build()?;
/// let sim = MonteCarlo::new().draws(500).run(&case)?;
/// let svg = attrib::plot::intervals_with_threshold_svg(&sim, "Intervals", case.threshold())?;
/// assert!(svg.contains("verdict threshold 0.95"));
/// # Ok::<(), attrib::Error>(())
/// ```
#[cfg(feature = "monte-carlo")]
pub fn intervals_with_threshold_svg(
    s: &Simulation,
    title: &str,
    threshold: Probability,
) -> Result<String, Error> {
    intervals(s, title, Some(threshold), &Names::default())
}

/// [`intervals_with_threshold_svg`] with the hypotheses named by `names`
/// (their labels, [`Names::of`]) on the axis, horizontal, each wrapped to
/// three lines of at most 26 characters.
///
/// # Errors
///
/// [`ErrorKind::Plot`](crate::ErrorKind::Plot) when drawing fails.
///
/// # Example
///
/// ```
/// use attrib::{Case, Evidence, MonteCarlo, plot::Names};
///
/// let case = Case::builder()
///     .hypothesis("gov", "Syrian Arab Armed Forces (the government)").hypothesis("opp", "")
///     .likelihood_concentration(20.0)
///     .evidence(Evidence::builder("e1").likelihood("gov", 0.9).likelihood("opp", 0.3))
///     .build()?;
/// let sim = MonteCarlo::new().draws(200).run(&case)?;
/// let svg = attrib::plot::intervals_named_svg(&sim, "Intervals", case.threshold(), &Names::of(&case))?;
/// // wrapped at a space, one line per text element; no label, the id
/// assert!(svg.contains("\nSyrian Arab Armed Forces\n") && svg.contains("\n(the government)\n"));
/// assert!(svg.contains("\nopp\n"));
/// # Ok::<(), attrib::Error>(())
/// ```
#[cfg(feature = "monte-carlo")]
pub fn intervals_named_svg(
    s: &Simulation,
    title: &str,
    threshold: Probability,
    names: &Names,
) -> Result<String, Error> {
    intervals(s, title, Some(threshold), names)
}

/// Characters per line of a hypothesis's name on the intervals' axis, and
/// lines.
#[cfg(feature = "monte-carlo")]
const AXIS_NAME: (usize, usize) = (26, 3);

#[cfg(feature = "monte-carlo")]
fn intervals(
    s: &Simulation,
    title: &str,
    threshold: Option<Probability>,
    named: &Names,
) -> Result<String, Error> {
    let mut out = String::new();
    let names: Vec<Vec<String>> = s
        .hypotheses()
        .iter()
        .map(|h| wrap(named.name(h), AXIS_NAME.0, AXIS_NAME.1))
        .collect();
    let rows = names.len().max(1);
    let same = s.intervals().iter().all(|iv| iv.q05 == iv.q95);
    let (x0, x1) = odds_range(
        s.intervals()
            .iter()
            .flat_map(|iv| [iv.q05.get(), iv.q50.get(), iv.q95.get()]),
        threshold.map(|t| t.get()),
    );
    let label_width = names
        .iter()
        .flatten()
        .map(|n| text_width(n, 13))
        .max()
        .unwrap_or(60)
        + 24;
    // The key below the chart, so that it never hides an interval.
    let mut entries = Vec::new();
    if let Some(th) = threshold {
        entries.push((Swatch::Solid, format!("verdict threshold {th}")));
    }
    entries.push((Swatch::Range, "5-95 % range".to_string()));
    entries.push((Swatch::Median, "median".to_string()));
    let labels: Vec<String> = entries.iter().map(|(_, l)| l.clone()).collect();
    let strip = key_height(&labels, SIZE.0);
    let height = (140 + 50 * rows as u32).max(360) + strip;
    {
        let full = SVGBackend::with_string(&mut out, (SIZE.0, height)).into_drawing_area();
        full.fill(&WHITE).map_err(plot_error)?;
        let (root, lower) = full.split_vertically(height - strip);
        let mut chart = ChartBuilder::on(&root)
            .caption(printable(title), (FONT, 22))
            .margin(16)
            .x_label_area_size(46)
            .y_label_area_size(label_width.clamp(80, 300))
            .build_cartesian_2d(x0..x1, -0.5f64..(rows as f64 - 0.5))
            .map_err(plot_error)?;
        chart
            .configure_mesh()
            .x_desc(format!(
                "posterior probability, log-odds scale ({} draws, seed {}{})",
                s.draw_count(),
                s.seed(),
                if same { "; every draw the same" } else { "" }
            ))
            .y_desc("hypothesis")
            .y_labels(0)
            .x_labels(0)
            .disable_mesh()
            .draw()
            .map_err(plot_error)?;
        // The y axis: a tick and the hypothesis's name, its lines centred
        // on the row, at every row.
        let tick = BLACK.stroke_width(1);
        let label =
            TextStyle::from((FONT, 13).into_font()).pos(Pos::new(HPos::Right, VPos::Center));
        for (i, lines) in names.iter().enumerate() {
            let (px, py) = chart.backend_coord(&(x0, (rows - 1 - i) as f64));
            root.draw(&PathElement::new(vec![(px - 5, py), (px, py)], tick))
                .map_err(plot_error)?;
            let first = py - 8 * (lines.len() as i32 - 1);
            for (n, line) in lines.iter().enumerate() {
                root.draw(&Text::new(
                    line.clone(),
                    (px - 8, first + 16 * n as i32),
                    label.clone(),
                ))
                .map_err(plot_error)?;
            }
        }
        // The x axis: probabilities at their log-odds.
        let plot_width = f64::from(chart.plotting_area().dim_in_pixel().0.max(1));
        let grid = RGBColor(225, 225, 225).stroke_width(1);
        let xlabel = TextStyle::from((FONT, 12).into_font()).pos(Pos::new(HPos::Center, VPos::Top));
        for p in odds_ticks(x0, x1, plot_width) {
            let x = logit(p);
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(x, -0.5), (x, rows as f64 - 0.5)],
                    grid,
                )))
                .map_err(plot_error)?;
            let (px, py) = chart.backend_coord(&(x, -0.5));
            root.draw(&PathElement::new(vec![(px, py), (px, py + 5)], tick))
                .map_err(plot_error)?;
            root.draw(&Text::new(prob_label(p), (px, py + 8), xlabel.clone()))
                .map_err(plot_error)?;
        }
        if let Some(th) = threshold {
            let x = logit(th.get());
            let line = RGBColor(213, 94, 0).stroke_width(2);
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(x, -0.5), (x, rows as f64 - 0.5)],
                    line,
                )))
                .map_err(plot_error)?;
        }
        let y = |i: usize| (rows - 1 - i) as f64;
        let range = BLACK.stroke_width(3);
        chart
            .draw_series(s.intervals().iter().enumerate().map(|(i, iv)| {
                PathElement::new(
                    vec![(logit(iv.q05.get()), y(i)), (logit(iv.q95.get()), y(i))],
                    range,
                )
            }))
            .map_err(plot_error)?;
        let cap = BLACK.stroke_width(2);
        for (i, iv) in s.intervals().iter().enumerate() {
            for x in [iv.q05.get(), iv.q95.get()] {
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![(logit(x), y(i) - 0.15), (logit(x), y(i) + 0.15)],
                        cap,
                    )))
                    .map_err(plot_error)?;
            }
        }
        let dot = WHITE.filled();
        let ring = BLACK.stroke_width(2);
        chart
            .draw_series(s.intervals().iter().enumerate().map(|(i, iv)| {
                EmptyElement::at((logit(iv.q50.get()), y(i)))
                    + Circle::new((0, 0), 6, dot)
                    + Circle::new((0, 0), 6, ring)
            }))
            .map_err(plot_error)?;
        key(&lower, &entries)?;
        full.present().map_err(plot_error)?;
    }
    Ok(out)
}
