//! SVG charts (feature `plot`): the posterior's path through the evidence,
//! the tornado of what moves it, and the Monte Carlo intervals (feature
//! `monte-carlo`).
//!
//! Drawn with `plotters`' SVG backend only, so no system font library is
//! needed. Every chart has a title, labelled axes with units and a legend,
//! and reads in black and white: series differ by marker shape, grey level
//! and line width, not by colour.

use crate::analysis::chart::{Tornado, Trajectory};
#[cfg(feature = "monte-carlo")]
use crate::analysis::montecarlo::Simulation;
use crate::error::Detail;
use crate::error::Error;
#[cfg(feature = "monte-carlo")]
use plotters::coord::CoordTranslate;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

const SIZE: (u32, u32) = (900, 520);
const FONT: &str = "sans-serif";

fn plot_error(e: impl std::fmt::Display) -> Error {
    Error::from(Detail::Plot {
        message: e.to_string(),
    })
}

/// Grey levels and widths for up to eight series; beyond that they repeat,
/// and the marker shape still tells them apart within five.
fn series_style(i: usize) -> ShapeStyle {
    let grey = [0u8, 90, 150, 40, 120, 180, 60, 110][i % 8];
    let width = [3u32, 2, 2, 1, 3, 1, 2, 1][i % 8];
    RGBColor(grey, grey, grey).stroke_width(width)
}

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
/// Each becomes a space.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{fffe}' | '\u{ffff}') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// The label of a categorical axis at `y`: row 0 is drawn at the top, so
/// the name at `y` is `names[len - 1 - y]`; between rows, and beyond them,
/// nothing.
#[cfg(feature = "monte-carlo")]
fn row_label(names: &[String], y: f64) -> String {
    let i = y.round();
    if (y - i).abs() > 0.01 || i < 0.0 || i >= names.len() as f64 {
        return String::new();
    }
    names
        .get(names.len() - 1 - i as usize)
        .map_or(String::new(), |n| printable(n))
}

/// Draws the legend of a chart: white, framed, at `position`.
#[cfg(feature = "monte-carlo")]
fn legend<'a, DB, CT>(
    chart: &mut ChartContext<'a, DB, CT>,
    position: SeriesLabelPosition,
) -> Result<(), Error>
where
    DB: DrawingBackend + 'a,
    CT: CoordTranslate,
{
    chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .label_font((FONT, 14))
        .draw()
        .map_err(plot_error)
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
}

/// The key's font size, row height and swatch width, in pixels.
const KEY_FONT: u32 = 14;
const KEY_ROW: u32 = 24;
const KEY_SWATCH: i32 = 26;

/// The key's entries laid out in rows no wider than `width`: per row, the
/// entries' indices and the row's width.
fn key_rows(labels: &[String], width: u32) -> Vec<(Vec<usize>, i32)> {
    let mut rows: Vec<(Vec<usize>, i32)> = Vec::new();
    for (i, label) in labels.iter().enumerate() {
        let w = KEY_SWATCH + 8 + text_width(label, KEY_FONT) as i32 + 28;
        match rows.last_mut() {
            Some((items, total)) if *total + w <= width as i32 - 32 => {
                items.push(i);
                *total += w;
            }
            _ => rows.push((vec![i], w)),
        }
    }
    rows
}

/// The height of the key of `labels` in a chart `width` pixels wide.
fn key_height(labels: &[String], width: u32) -> u32 {
    key_rows(labels, width).len() as u32 * KEY_ROW + 12
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
    for (row, (items, total)) in key_rows(&labels, width).into_iter().enumerate() {
        let y = 6 + row as i32 * KEY_ROW as i32 + KEY_ROW as i32 / 2;
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
            area.draw(&Text::new(
                printable(label),
                (x + KEY_SWATCH + 8, y),
                style.clone(),
            ))
            .map_err(plot_error)?;
            x += KEY_SWATCH + 8 + text_width(label, KEY_FONT) as i32 + 28;
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

/// The posterior of each hypothesis as the items are added, as a step
/// chart: one line per hypothesis, x the items in the order added (each
/// tick labelled with the id of the item just added; the first is the
/// prior), y the posterior probability, and a dashed line at the case's
/// verdict threshold. The key is below the chart.
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
    let mut out = String::new();
    let ticks: Vec<String> = t
        .steps
        .iter()
        .map(|(id, _)| {
            id.as_ref()
                .map_or("(prior)".to_string(), |id| abbreviate(id.as_str()))
        })
        .collect();
    // Every label when they fit side by side, otherwise every k-th.
    let every = ticks.len().div_ceil(60).max(1);
    let label_height = ticks.iter().map(|l| text_width(l, 11)).max().unwrap_or(0) + 12;
    let entries: Vec<(Swatch, String)> = t
        .hypotheses
        .iter()
        .enumerate()
        .map(|(h, id)| (Swatch::Series(h), id.to_string()))
        .chain(std::iter::once((
            Swatch::Dashed,
            format!("verdict threshold {}", t.threshold),
        )))
        .collect();
    let labels: Vec<String> = entries.iter().map(|(_, l)| l.clone()).collect();
    let strip = key_height(&labels, SIZE.0);
    let height = SIZE.1 + label_height + strip;
    {
        let root = SVGBackend::with_string(&mut out, (SIZE.0, height)).into_drawing_area();
        root.fill(&WHITE).map_err(plot_error)?;
        let (upper, lower) = root.split_vertically(height - strip);
        let last = t.steps.len().saturating_sub(1).max(1) as f64;
        let mut chart = ChartBuilder::on(&upper)
            .caption(printable(title), (FONT, 22))
            .margin(16)
            .x_label_area_size(label_height + 30)
            .y_label_area_size(64)
            .build_cartesian_2d(-0.3f64..last + 0.3, 0f64..1f64)
            .map_err(plot_error)?;
        chart
            .configure_mesh()
            .x_desc("evidence item just added, in file order")
            .y_desc("posterior probability")
            .x_labels(0)
            .disable_x_mesh()
            .y_label_formatter(&|y| format!("{y:.1}"))
            .light_line_style(WHITE)
            .draw()
            .map_err(plot_error)?;
        // The x axis: a tick and the item's id, rotated, at every step.
        let grid = RGBColor(225, 225, 225).stroke_width(1);
        let tick = BLACK.stroke_width(1);
        let label = TextStyle::from((FONT, 12).into_font())
            .transform(FontTransform::Rotate270)
            .pos(Pos::new(HPos::Right, VPos::Center));
        for (k, text) in ticks.iter().enumerate() {
            let x = k as f64;
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(x, 0.0), (x, 1.0)],
                    grid,
                )))
                .map_err(plot_error)?;
            if k % every != 0 {
                continue;
            }
            let (px, py) = chart.backend_coord(&(x, 0.0));
            upper
                .draw(&PathElement::new(vec![(px, py), (px, py + 5)], tick))
                .map_err(plot_error)?;
            upper
                .draw(&Text::new(text.clone(), (px, py + 8), label.clone()))
                .map_err(plot_error)?;
        }
        // The verdict threshold: dashed, labelled above its left end.
        let threshold = t.threshold.get();
        let line = BLACK.stroke_width(1);
        chart
            .draw_series(
                dashes(
                    (-0.3, threshold),
                    (last + 0.3, threshold),
                    4 * t.steps.len().max(4),
                )
                .into_iter()
                .map(|d| PathElement::new(d, line)),
            )
            .map_err(plot_error)?;
        chart
            .draw_series(std::iter::once(Text::new(
                format!("threshold {}", t.threshold),
                (-0.2, threshold),
                TextStyle::from((FONT, 13).into_font()).pos(Pos::new(HPos::Left, VPos::Bottom)),
            )))
            .map_err(plot_error)?;
        for (h, _) in t.hypotheses.iter().enumerate() {
            let style = series_style(h);
            let values: Vec<f64> = t
                .steps
                .iter()
                .map(|(_, p)| p.get(h).map_or(0.0, |p| p.get()))
                .collect();
            // A step line: flat after each step, then up or down at the next.
            let mut points = Vec::with_capacity(2 * values.len());
            for (k, &v) in values.iter().enumerate() {
                if let Some(&before) = k.checked_sub(1).and_then(|j| values.get(j)) {
                    points.push((k as f64, before));
                }
                points.push((k as f64, v));
            }
            chart
                .draw_series(LineSeries::new(points, style))
                .map_err(plot_error)?;
            chart
                .draw_series(
                    values
                        .iter()
                        .enumerate()
                        .map(|(k, &v)| EmptyElement::at((k as f64, v)) + shape(h, style)),
                )
                .map_err(plot_error)?;
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
    let mut out = String::new();
    let rows = t.rows.len().max(1);
    let p = t.posterior.get();
    let bar = RGBColor(170, 170, 170);
    let entries = [
        (Swatch::Bar(bar), "reliability from 0 to 1".to_string()),
        (Swatch::Cross, "item left out".to_string()),
        (Swatch::Dashed, format!("full case: {p:.3}")),
    ];
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
        // The x axis spans the data, padded and rounded to 0.05, so that
        // small swings stay visible; the axis label says what it is.
        let values = t
            .rows
            .iter()
            .flat_map(|r| [r.without.get(), r.at_zero.get(), r.at_one.get()])
            .chain(std::iter::once(p));
        let (lo, hi) = values.fold((1.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
        let x0 = ((lo - 0.05) / 0.05).floor().max(0.0) * 0.05;
        let x1 = (((hi + 0.05) / 0.05).ceil() * 0.05).min(1.0).max(x0 + 0.1);
        let mut chart = ChartBuilder::on(&upper)
            .caption(printable(title), (FONT, 22))
            .margin(16)
            .x_label_area_size(46)
            .y_label_area_size(label_width.min(420))
            .build_cartesian_2d(x0..x1, -0.5f64..(rows as f64 - 0.5))
            .map_err(plot_error)?;
        let leader = t.leader.to_string();
        chart
            .configure_mesh()
            .x_desc(printable(&format!(
                "posterior probability of the leader, '{leader}'"
            )))
            .y_desc("evidence item (widest swing on top)")
            .y_labels(0)
            .x_label_formatter(&|x| format!("{x:.2}"))
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
                dashes((p, -0.5), (p, rows as f64 - 0.5), rows * 4)
                    .into_iter()
                    .map(|d| PathElement::new(d, line)),
            )
            .map_err(plot_error)?;
        key(&lower, &entries)?;
        root.present().map_err(plot_error)?;
    }
    Ok(out)
}

/// The Monte Carlo intervals: per hypothesis, a bar over the 5-95 % range
/// of its posterior across the draws and a marker at the median.
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
    let mut out = String::new();
    let names: Vec<String> = s.hypotheses().iter().map(|h| h.to_string()).collect();
    let rows = names.len().max(1);
    {
        let root = SVGBackend::with_string(&mut out, (SIZE.0, (140 + 50 * rows as u32).max(360)))
            .into_drawing_area();
        root.fill(&WHITE).map_err(plot_error)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(printable(title), (FONT, 22))
            .margin(16)
            .x_label_area_size(46)
            .y_label_area_size(140)
            .build_cartesian_2d(0f64..1f64, -0.5f64..(rows as f64 - 0.5))
            .map_err(plot_error)?;
        chart
            .configure_mesh()
            .x_desc(format!(
                "posterior probability ({} draws, seed {})",
                s.draw_count(),
                s.seed()
            ))
            .y_desc("hypothesis")
            .y_labels(rows)
            .y_label_formatter(&|y| row_label(&names, *y))
            .x_label_formatter(&|x| format!("{x:.1}"))
            .disable_y_mesh()
            .light_line_style(WHITE)
            .draw()
            .map_err(plot_error)?;
        let y = |i: usize| (rows - 1 - i) as f64;
        let range = BLACK.stroke_width(3);
        chart
            .draw_series(s.intervals().iter().enumerate().map(|(i, iv)| {
                PathElement::new(vec![(iv.q05.get(), y(i)), (iv.q95.get(), y(i))], range)
            }))
            .map_err(plot_error)?
            .label("5-95 % range")
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], range));
        let cap = BLACK.stroke_width(2);
        for (i, iv) in s.intervals().iter().enumerate() {
            for x in [iv.q05.get(), iv.q95.get()] {
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![(x, y(i) - 0.15), (x, y(i) + 0.15)],
                        cap,
                    )))
                    .map_err(plot_error)?;
            }
        }
        let dot = WHITE.filled();
        let ring = BLACK.stroke_width(2);
        chart
            .draw_series(s.intervals().iter().enumerate().map(|(i, iv)| {
                EmptyElement::at((iv.q50.get(), y(i)))
                    + Circle::new((0, 0), 6, dot)
                    + Circle::new((0, 0), 6, ring)
            }))
            .map_err(plot_error)?
            .label("median")
            .legend(move |(x, y)| {
                EmptyElement::at((x + 10, y))
                    + Circle::new((0, 0), 5, dot)
                    + Circle::new((0, 0), 5, ring)
            });
        legend(&mut chart, SeriesLabelPosition::LowerRight)?;
        root.present().map_err(plot_error)?;
    }
    Ok(out)
}
