//! SVG charts (feature `plot`): the posterior's path through the evidence,
//! the tornado of what moves it, and the Monte Carlo intervals.
//!
//! Drawn with `plotters`' SVG backend only, so no system font library is
//! needed. Every chart has a title, labelled axes with units and a legend,
//! and reads in black and white: series differ by marker shape, grey level
//! and line width, not by colour.

use crate::chart::{Tornado, Trajectory};
use crate::error::Error;
use crate::montecarlo::Simulation;
use plotters::coord::CoordTranslate;
use plotters::prelude::*;

const SIZE: (u32, u32) = (900, 520);
const FONT: &str = "sans-serif";

fn plot_error(e: impl std::fmt::Display) -> Error {
    Error::Plot {
        message: e.to_string(),
    }
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

/// The label of a categorical axis at `y`: row 0 is drawn at the top, so
/// the name at `y` is `names[len - 1 - y]`; between rows, and beyond them,
/// nothing.
fn row_label(names: &[String], y: f64) -> String {
    let i = y.round();
    if (y - i).abs() > 0.01 || i < 0.0 || i >= names.len() as f64 {
        return String::new();
    }
    names
        .get(names.len() - 1 - i as usize)
        .cloned()
        .unwrap_or_default()
}

/// Draws the legend of a chart: white, framed, at `position`.
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

/// The posterior of each hypothesis as the items are added, as a step
/// chart: one line per hypothesis, x the number of items added (0 is the
/// prior), y the posterior probability.
///
/// # Errors
///
/// [`Error::Plot`] when drawing fails (which `plotters`' SVG backend does
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
/// let svg = attrib::plot::trajectory_svg(&case.trajectory()?, "Posterior through the evidence")?;
/// assert!(svg.starts_with("<svg") && svg.contains("Posterior through the evidence"));
/// # Ok::<(), attrib::Error>(())
/// ```
pub fn trajectory_svg(t: &Trajectory, title: &str) -> Result<String, Error> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(plot_error)?;
        let last = t.steps.len().saturating_sub(1).max(1) as f64;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, (FONT, 22))
            .margin(16)
            .x_label_area_size(46)
            .y_label_area_size(64)
            .build_cartesian_2d(0f64..last, 0f64..1f64)
            .map_err(plot_error)?;
        chart
            .configure_mesh()
            .x_desc("evidence items added, in file order (0 = prior)")
            .y_desc("posterior probability")
            .x_labels(t.steps.len().min(20))
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_label_formatter(&|y| format!("{y:.1}"))
            .light_line_style(WHITE)
            .draw()
            .map_err(plot_error)?;
        for (h, id) in t.hypotheses.iter().enumerate() {
            let style = series_style(h);
            let values: Vec<f64> = t
                .steps
                .iter()
                .map(|(_, p)| p.get(h).map_or(0.0, |p| p.get()))
                .collect();
            // A step line: flat after each step, then up or down at the next.
            let mut points = Vec::with_capacity(2 * values.len());
            for (k, &v) in values.iter().enumerate() {
                if k > 0 {
                    points.push((k as f64, values[k - 1]));
                }
                points.push((k as f64, v));
            }
            let label = id.to_string();
            chart
                .draw_series(LineSeries::new(points, style))
                .map_err(plot_error)?
                .label(label)
                .legend(move |(x, y)| {
                    EmptyElement::at((x, y))
                        + PathElement::new(vec![(0, 0), (24, 0)], style)
                        + EmptyElement::at((12, 0))
                        + shape(h, style)
                });
            chart
                .draw_series(
                    values
                        .iter()
                        .enumerate()
                        .map(|(k, &v)| EmptyElement::at((k as f64, v)) + shape(h, style)),
                )
                .map_err(plot_error)?;
        }
        legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
        root.present().map_err(plot_error)?;
    }
    Ok(out)
}

/// The tornado: per item (the widest swing on top), a bar for the leader's
/// posterior as the item's reliability goes from 0 to 1, a cross where the
/// item is left out, and a dashed line at the full case's posterior.
///
/// # Errors
///
/// [`Error::Plot`] when drawing fails.
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
/// let svg = attrib::plot::tornado_svg(&case.tornado()?, "What moves the posterior")?;
/// assert!(svg.contains("e1"));
/// # Ok::<(), attrib::Error>(())
/// ```
pub fn tornado_svg(t: &Tornado, title: &str) -> Result<String, Error> {
    let mut out = String::new();
    let rows = t.rows.len().max(1);
    let height = (200 + 28 * rows as u32).max(SIZE.1);
    {
        let root = SVGBackend::with_string(&mut out, (SIZE.0, height)).into_drawing_area();
        root.fill(&WHITE).map_err(plot_error)?;
        let names: Vec<String> = t.rows.iter().map(|r| r.evidence.to_string()).collect();
        let label_width =
            names.iter().map(|n| n.chars().count()).max().unwrap_or(8) as u32 * 8 + 16;
        // The x axis spans the data, padded and rounded to 0.05, so that
        // small swings stay visible; the axis label says what it is.
        let values = t
            .rows
            .iter()
            .flat_map(|r| [r.without.get(), r.at_zero.get(), r.at_one.get()])
            .chain(std::iter::once(t.posterior.get()));
        let (lo, hi) = values.fold((1.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
        let x0 = ((lo - 0.05) / 0.05).floor().max(0.0) * 0.05;
        let x1 = (((hi + 0.05) / 0.05).ceil() * 0.05).min(1.0).max(x0 + 0.1);
        let mut chart = ChartBuilder::on(&root)
            .caption(title, (FONT, 22))
            .margin(16)
            .x_label_area_size(46)
            .y_label_area_size(label_width.min(420))
            // three empty rows on top hold the legend
            .build_cartesian_2d(x0..x1, -0.5f64..(rows as f64 + 2.5))
            .map_err(plot_error)?;
        let leader = t.leader.to_string();
        chart
            .configure_mesh()
            .x_desc(format!("posterior probability of the leader, '{leader}'"))
            .y_desc("evidence item (widest swing on top)")
            .y_labels(rows + 3)
            .y_label_formatter(&|y| row_label(&names, *y))
            .x_label_formatter(&|x| format!("{x:.2}"))
            .disable_y_mesh()
            .light_line_style(WHITE)
            .draw()
            .map_err(plot_error)?;
        let y = |i: usize| (rows - 1 - i) as f64;
        let bar = RGBColor(170, 170, 170).filled();
        chart
            .draw_series(t.rows.iter().enumerate().map(|(i, r)| {
                let (a, b) = (r.at_zero.get(), r.at_one.get());
                Rectangle::new([(a.min(b), y(i) - 0.3), (a.max(b), y(i) + 0.3)], bar)
            }))
            .map_err(plot_error)?
            .label("reliability from 0 to 1")
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 20, y + 5)], bar));
        let cross = BLACK.stroke_width(2);
        chart
            .draw_series(
                t.rows
                    .iter()
                    .enumerate()
                    .map(|(i, r)| Cross::new((r.without.get(), y(i)), 6, cross)),
            )
            .map_err(plot_error)?
            .label("item left out")
            .legend(move |(x, y)| Cross::new((x + 10, y), 5, cross));
        let p = t.posterior.get();
        let dashes: Vec<Vec<(f64, f64)>> = (0..rows * 4)
            .map(|k| {
                let y0 = -0.5 + k as f64 * 0.25;
                vec![(p, y0), (p, y0 + 0.15)]
            })
            .collect();
        let line = BLACK.stroke_width(1);
        chart
            .draw_series(dashes.into_iter().map(|d| PathElement::new(d, line)))
            .map_err(plot_error)?
            .label(format!("full case: {p:.3}"))
            .legend(move |(x, y)| {
                EmptyElement::at((x, y))
                    + PathElement::new(vec![(0, 0), (6, 0)], line)
                    + PathElement::new(vec![(10, 0), (16, 0)], line)
            });
        // The legend goes to the side the bars leave empty.
        let position = if p - x0 > x1 - p {
            SeriesLabelPosition::UpperLeft
        } else {
            SeriesLabelPosition::UpperRight
        };
        legend(&mut chart, position)?;
        root.present().map_err(plot_error)?;
    }
    Ok(out)
}

/// The Monte Carlo intervals: per hypothesis, a bar over the 5-95 % range
/// of its posterior across the draws and a marker at the median.
///
/// # Errors
///
/// [`Error::Plot`] when drawing fails.
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
/// let sim = case.monte_carlo(MonteCarlo::new().draws(500))?;
/// let svg = attrib::plot::intervals_svg(&sim, "Monte Carlo intervals")?;
/// assert!(svg.contains("median"));
/// # Ok::<(), attrib::Error>(())
/// ```
pub fn intervals_svg(s: &Simulation, title: &str) -> Result<String, Error> {
    let mut out = String::new();
    let names: Vec<String> = s.hypotheses().iter().map(|h| h.to_string()).collect();
    let rows = names.len().max(1);
    {
        let root = SVGBackend::with_string(&mut out, (SIZE.0, (140 + 50 * rows as u32).max(360)))
            .into_drawing_area();
        root.fill(&WHITE).map_err(plot_error)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, (FONT, 22))
            .margin(16)
            .x_label_area_size(46)
            .y_label_area_size(140)
            .build_cartesian_2d(0f64..1f64, -0.5f64..(rows as f64 - 0.5))
            .map_err(plot_error)?;
        chart
            .configure_mesh()
            .x_desc(format!(
                "posterior probability ({} draws, seed {})",
                s.draws(),
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
