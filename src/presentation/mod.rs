//! Presentation: reports (Markdown, JSON, HTML) and SVG charts.

#[cfg(feature = "plot")]
pub mod plot;
pub mod report;
