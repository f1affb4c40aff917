//! `attrib ach`: an ACH matrix scored the Bayesian way, beside the classic
//! ACH scores.

use crate::failure::Failure;
use attrib::ach::{AchMatrix, Mapping};
use attrib::{Case, Posterior};
use std::fmt::Write as _;
use std::path::Path;

/// Reads the matrix, builds and scores the case.
pub(crate) fn load(path: &Path) -> Result<(AchMatrix, Case, Posterior), Failure> {
    // The library's reader: at most 1 GiB; its errors name the file.
    let matrix = AchMatrix::from_path(path)?;
    let at = Failure::at(path);
    let case = matrix.to_case(&Mapping::default()).map_err(at)?;
    let post = case.score().map_err(at)?;
    Ok((matrix, case, post))
}

/// The JSON of `attrib ach`: [`AchMatrix::json`]'s object, written
/// straight from the values.
pub(crate) fn json<'a>(
    matrix: &AchMatrix,
    case: &'a Case,
    post: &'a Posterior,
) -> attrib::ach::AchScored<'a> {
    matrix.scored(case, post)
}

pub(crate) fn text(matrix: &AchMatrix, post: &Posterior) -> String {
    // Computed once for the table and the notes, and kept to the end as
    // the matrix is ([`crate::kept`]): a string per row, not freed one by
    // one before the process ends.
    let c = crate::kept(matrix.classic());
    let mut out = String::new();
    let _ = writeln!(
        out,
        "ACH matrix: {} hypotheses, {} evidence rows\n",
        matrix.hypotheses().len(),
        matrix.rows().len()
    );
    let _ = writeln!(
        out,
        "Bayesian view (ratings as likelihoods, credibility and relevance as reliability):"
    );
    let _ = writeln!(out, "{post}\n");
    let width = c
        .hypotheses
        .iter()
        .map(|h| h.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(10, crate::MAX_COLUMN);
    let _ = writeln!(out, "Classic ACH scores:");
    let _ = writeln!(
        out,
        "{:<width$}  {:>9}  {:>9}  {:>9}  {:>9}  {:>9}",
        "hypothesis", "posterior", "PARC", "PARC wtd", "C-ACH", "OpenSynth"
    );
    for (h, id) in c.hypotheses.iter().enumerate() {
        let _ = writeln!(
            out,
            "{:<width$}  {:>9.4}  {:>9.1}  {:>9.3}  {:>9.1}  {:>9.1}",
            id,
            post.probability(id).map_or(0.0, |p| p.get()),
            c.parc[h],
            c.parc_weighted[h],
            c.cach[h],
            c.open_synthesis[h]
        );
    }
    let _ = writeln!(
        out,
        "(PARC: higher is more likely; C-ACH and Open Synthesis: lower is more likely)\n"
    );
    let bayes: Vec<String> = post
        .ranking()
        .iter()
        .map(|(h, _)| h.id().to_string())
        .collect();
    let _ = writeln!(out, "Rankings, most likely first:");
    let _ = writeln!(out, "  {:<18} {}", "posterior", bayes.join(" > "));
    for (tool, r) in c.rankings() {
        let mark = if r == bayes { "" } else { "   (differs)" };
        let _ = writeln!(out, "  {:<18} {}{mark}", tool, r.join(" > "));
    }
    let _ = writeln!(
        out,
        "\nDiagnosticity of each item (C-ACH: minus inconsistency points; Open Synthesis: std. dev.):"
    );
    for ((id, cd), (_, od)) in c
        .cach_diagnosticity
        .iter()
        .zip(&c.open_synthesis_diagnosticity)
    {
        let _ = writeln!(out, "  {id:<40} {cd:>5.1}  {od:>6.3}");
    }
    let notes = matrix.disagreements_with(c, post);
    let _ = writeln!(out, "\nWhere the views disagree, and why:");
    if notes.is_empty() {
        let _ = writeln!(out, "  The classic rankings and the posterior agree.");
    }
    for n in notes {
        let _ = writeln!(out, "  {n}");
    }
    out
}
