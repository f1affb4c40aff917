//! What `attrib check` prints: the case's counts and its warnings, in text
//! or as JSON whose warnings are the library's objects (`{"kind": ...}`),
//! the same objects `score --format json` lists.

use attrib::{Case, Warning};
use serde::Serialize;

/// `ok:` with the counts, then one `warning:` line per warning.
pub(crate) fn check_text(c: &Case) -> String {
    let mut out = format!(
        "ok: {} hypotheses, {} evidence items, {} sources, {} groups, {} perspectives; `attrib score` accepts it\n",
        c.hypotheses().len(),
        c.evidence().len(),
        c.sources().len(),
        c.groups().len(),
        c.perspectives().len()
    );
    for w in check_warnings(c) {
        out.push_str(&format!("warning: {w}\n"));
    }
    out
}

/// The warnings `check` gives: the case's, and whether anything in it is
/// uncertain (a Monte Carlo share of 100 % would otherwise pass for
/// robustness).
fn check_warnings(c: &Case) -> Vec<Warning> {
    let mut warnings = c.warnings();
    if !c.is_uncertain() {
        warnings.push(Warning::NothingUncertain);
    }
    warnings
}

/// What `attrib check --format json` prints.
#[derive(Serialize)]
pub(crate) struct Checked {
    valid: bool,
    hypotheses: usize,
    evidence: usize,
    sources: usize,
    groups: usize,
    perspectives: usize,
    warnings: Vec<Warning>,
}

/// The counts and warnings of a case that `score` accepts.
pub(crate) fn check_json(c: &Case) -> Checked {
    Checked {
        valid: true,
        hypotheses: c.hypotheses().len(),
        evidence: c.evidence().len(),
        sources: c.sources().len(),
        groups: c.groups().len(),
        perspectives: c.perspectives().len(),
        warnings: check_warnings(c),
    }
}
