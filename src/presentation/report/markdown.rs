//! The report as Markdown.
//!
//! Every string of the case (title, labels, descriptions, rationales,
//! references, ids) is quoted so that it reads as itself and as nothing
//! else: [`text`] escapes what Markdown or HTML would take as markup, and
//! puts it on one line, so that no field can open a heading, a list, a
//! link or an HTML element; ids are code spans ([`code`]); a link is
//! written only to a web or mail address ([`reference`], [`destination`]).

use super::{
    Analysis, Chunk, LEDGER_RIVALS, Reasons, Shown, View, WARNING_CHARS, WARNINGS_SHOWN, changes,
    credibility, db, discount, factor,
};
use crate::domain::case::Case;
use crate::domain::evidence::Evidence;
use crate::scoring::decibans::Decibans;
use crate::scoring::scale::Icd203;
use std::fmt::Write as _;
use std::path::PathBuf;

/// `s` as Markdown text that renders as `s`: the characters that open
/// markup anywhere in a line (`\`, backquote, `*`, `_`, `[`, `]`, `<`,
/// `>`, `#`, `|`, `~`, `&`) backslash-escaped, and those that open a
/// block at the start of a line (`-`, `+`, `=`, a number and `.` or `)`)
/// escaped there; line breaks and other control characters become
/// spaces, so the text stays in its line and cannot start a heading, a
/// list or a code block (where a text may start a line, as a reference
/// does in its list item, it is trimmed first: [`reference`]).
pub(crate) fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    // a leading number followed by `.` or `)` would start an ordered list
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    for (i, c) in s.chars().enumerate() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '-' | '+' | '=' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if i == digits && digits > 0 => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// An id as a code span: fenced by one backquote more than the longest
/// run of backquotes in it, so that no id can close its span early, on
/// one line.
pub(crate) fn code(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut longest = 0;
    let mut run = 0;
    for c in s.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    if longest > 0 {
        format!("{fence} {s} {fence}")
    } else {
        format!("{fence}{s}{fence}")
    }
}

/// An id as a code span in a table cell, where `|` would end the cell even
/// inside a code span (GitHub Flavored Markdown tables), so it is escaped.
fn cell_code(s: &str) -> String {
    code(&s.replace('|', "\\|"))
}

/// A phrase of [`changes`] as Markdown.
pub(super) fn phrase(chunks: &[Chunk]) -> String {
    chunks
        .iter()
        .map(|c| match c {
            Chunk::Text(t) | Chunk::Label(t) => text(t),
            Chunk::Id(id) => code(id),
        })
        .collect()
}

/// Whether `s` begins with a URL scheme (`name:`), which a link would
/// follow.
fn scheme(s: &str) -> Option<&str> {
    let (name, _) = s.split_once(':')?;
    let mut chars = name.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(name)
}

/// Whether a link to `s` is one the report may write: an `http`, `https`
/// or `mailto` address.
fn safe_scheme(s: &str) -> bool {
    scheme(s).is_some_and(|n| {
        ["http", "https", "mailto"]
            .iter()
            .any(|ok| n.eq_ignore_ascii_case(ok))
    })
}

/// A reference: an autolink when it is one web or mail address (`http`,
/// `https`, `mailto`), quoted text otherwise.
pub(crate) fn reference(s: &str) -> String {
    let t = s.trim();
    if safe_scheme(t)
        && !t.is_empty()
        && !t
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>'))
    {
        format!("<{t}>")
    } else {
        text(t)
    }
}

/// A link destination for a chart file: never a scheme other than `http`,
/// `https` or `mailto` (a path that reads as one, such as
/// `javascript:x/c.svg`, is made relative, `./javascript:x/c.svg`), in
/// angle brackets when it holds a space, a parenthesis or an angle
/// bracket.
pub(crate) fn destination(path: &str) -> String {
    let mut p: String = path
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if scheme(&p).is_some() && !safe_scheme(&p) {
        p.insert_str(0, "./");
    }
    if p.chars()
        .any(|c| c.is_whitespace() || matches!(c, '(' | ')' | '<' | '>' | '\\'))
    {
        let mut out = String::from("<");
        for c in p.chars() {
            if matches!(c, '<' | '>' | '\\') {
                out.push('\\');
            }
            out.push(c);
        }
        out.push('>');
        out
    } else {
        p
    }
}

/// The perspectives next to `base`, and what each of them doubts and why.
fn perspectives(md: &mut String, views: &[View]) {
    let _ = writeln!(md, "\n## Perspectives\n");
    let _ = writeln!(
        md,
        "A perspective is a named, reasoned change of trust: it discounts sources, items or kinds of items, or replaces the prior or the threshold; it never changes a likelihood. `base` is the case as written.\n"
    );
    let _ = writeln!(
        md,
        "| perspective | leader | posterior of the leader | verdict | threshold | Bayes factor, leader against the runner-up |\n|---|---|---|---|---|---|"
    );
    for v in views {
        let verdict = v.posterior.verdict();
        let _ = writeln!(
            md,
            "| {} | {} | {:.4} | {} | {} | {}{} |",
            cell_code(&v.id),
            cell_code(v.posterior.leader().id().as_str()),
            v.leader_probability(),
            verdict.status(),
            verdict.threshold(),
            factor(v.bayes_factor()),
            v.runner_up()
                .map_or(String::new(), |r| format!(" (against {})", cell_code(&r)))
        );
    }
    for v in views {
        let Some(p) = &v.perspective else { continue };
        let _ = writeln!(md);
        if v.label.is_empty() {
            let _ = writeln!(md, "### {}\n", code(&v.id));
        } else {
            let _ = writeln!(md, "### {}: {}\n", code(&v.id), text(&v.label));
        }
        for change in changes(p) {
            let _ = writeln!(md, "- {}", phrase(&change));
        }
        let posterior: Vec<String> = v
            .posterior
            .hypotheses()
            .iter()
            .zip(v.posterior.probabilities())
            .map(|(h, p)| format!("{} {:.4}", code(h.id().as_str()), p.get()))
            .collect();
        let _ = writeln!(md, "- posterior: {}", posterior.join(", "));
        let _ = writeln!(
            md,
            "- verdict: {}",
            text(&v.posterior.verdict().to_string())
        );
        if let Some(r) = p.rationale() {
            let _ = writeln!(md, "- rationale: {}", text(r));
        }
        if !p.references().is_empty() {
            let _ = writeln!(md, "- sources:");
            for r in p.references() {
                let _ = writeln!(md, "  - {}", reference(r));
            }
        }
    }
}

/// One evidence item: its heading (id and description), kind,
/// likelihoods, source and credibility, rationale and references.
fn item(md: &mut String, case: &Case, i: usize, e: &Evidence) {
    let _ = writeln!(
        md,
        "### {}: {}\n",
        code(e.id().as_str()),
        text(e.description())
    );
    let likelihoods: Vec<String> = case
        .hypotheses()
        .iter()
        .zip(e.likelihoods())
        .map(|(h, l)| format!("{} {l}", code(h.id().as_str())))
        .collect();
    if let Some(k) = e.kind() {
        let _ = writeln!(md, "- kind: {}", code(k.as_str()));
    }
    let _ = writeln!(md, "- likelihoods: {}", likelihoods.join(", "));
    for line in super::words::describe_item(case, i) {
        let _ = writeln!(md, "- {}", text(&line));
    }
    let _ = writeln!(
        md,
        "- source: {}; credibility: {}; reliability used: {:.3}; group: {}",
        e.source().map_or("none".to_string(), |s| code(s.as_str())),
        text(&credibility(e.credibility())),
        case.reliability_at(i).map_or(1.0, |r| r.get()),
        e.group().map_or("none".to_string(), |g| code(g.as_str()))
    );
    if let Some(q) = e.observed() {
        let _ = writeln!(md, "- observed with confidence {q}");
    }
    if let Some(r) = e.rationale() {
        let _ = writeln!(md, "- rationale: {}", text(r));
    }
    if !e.references().is_empty() {
        let _ = writeln!(md, "- sources:");
        for r in e.references() {
            let _ = writeln!(md, "  - {}", reference(r));
        }
    }
    let _ = writeln!(md);
}

/// The whole report. `writeln!` into a `String` cannot fail.
pub(super) fn render(title: &str, a: &Analysis, charts: &[(&str, String, PathBuf)]) -> String {
    let case = &a.case;
    let post = &a.point;
    let mut md = String::new();
    let _ = writeln!(md, "# {}\n", text(title));
    let meta: Vec<&str> = [case.date(), case.place()].into_iter().flatten().collect();
    if !meta.is_empty() {
        let _ = writeln!(md, "{}\n", text(&meta.join(", ")));
    }
    if let Some(v) = a
        .perspective
        .as_deref()
        .and_then(|id| a.views.iter().find(|v| v.id == id))
    {
        let _ = writeln!(
            md,
            "Seen from the perspective {}{}: every number below is the case with it applied (see [Perspectives](#perspectives)).\n",
            code(&v.id),
            if v.label.is_empty() {
                String::new()
            } else {
                format!(" ({})", text(&v.label))
            }
        );
    }
    let verdict = post.verdict();
    let _ = writeln!(md, "**Verdict: {}.**\n", text(&verdict.to_string()));
    let reasons = Reasons::of(a);
    let _ = writeln!(md, "{}\n", phrase(&reasons.sentences()));
    let _ = writeln!(
        md,
        "{} hypotheses, {} evidence items from {} sources; weighting `{}`; threshold {}.\n",
        case.hypotheses().len(),
        case.evidence().len(),
        case.sources().len(),
        case.weighting(),
        case.threshold()
    );

    let _ = writeln!(md, "## Hypotheses and prior\n");
    let _ = writeln!(md, "| id | hypothesis | prior |\n|---|---|---|");
    for (h, p) in case.hypotheses().iter().zip(case.prior().probabilities()) {
        let _ = writeln!(
            md,
            "| {} | {} | {:.4} |",
            cell_code(h.id().as_str()),
            text(h.label()),
            p.get()
        );
    }

    let _ = writeln!(md, "\n## Posterior\n");
    let _ = writeln!(
        md,
        "| hypothesis | posterior | ICD 203 | all evidence, leader against it |\n|---|---|---|---|"
    );
    let leader = post.leader().id().clone();
    for (h, p) in post.ranking() {
        let bf = if h.id() == &leader {
            "(leader)".to_string()
        } else {
            text(&db(
                post.ln_bayes_factor(h.id()).map(Decibans::from_ln),
                h.id(),
            ))
        };
        let _ = writeln!(
            md,
            "| {} | {:.4} | {} | {} |",
            cell_code(h.id().as_str()),
            p.get(),
            Icd203::from_probability(p).words(),
            bf
        );
    }

    for (alt, caption, path) in charts {
        let _ = writeln!(
            md,
            "\n![{}]({})\n\n*{}*",
            text(alt),
            destination(&path.display().to_string()),
            text(caption)
        );
    }

    // the chain of reasoning, for a case with steps (chain.rs)
    chain_section(&mut md, case);

    if a.views.len() > 1 {
        perspectives(&mut md, &a.views);
    }

    // At most SHOWN_ITEMS items one by one, the weightiest; each section
    // that leaves some out says so.
    let shown = Shown::of(a);
    let left_out = |md: &mut String| {
        if let Some(note) = shown.note() {
            let _ = writeln!(md, "*{}*\n", phrase(&note));
        }
    };
    let _ = writeln!(md, "\n## Evidence\n");
    left_out(&mut md);
    for i in shown.indices() {
        if let Some(e) = case.evidence().get(i) {
            item(&mut md, case, i, e);
        }
    }

    let _ = writeln!(md, "## Weight of evidence\n");
    let _ = writeln!(
        md,
        "Decibans for the leader {} against each rival, the runner-up first (10 dB = a factor of 10), with the ENFSI verbal scale against the runner-up and for the whole case.\n",
        code(leader.as_str())
    );
    let rivals: Vec<_> = post.ranking().into_iter().skip(1).map(|(h, _)| h).collect();
    let more = rivals.len().saturating_sub(LEDGER_RIVALS);
    let rivals = &rivals[..rivals.len().min(LEDGER_RIVALS)];
    if more > 0 {
        let _ = writeln!(
            md,
            "The {more} least probable rivals are left out; the JSON report (`attrib report --format json`) has them.\n"
        );
    }
    left_out(&mut md);
    let _ = write!(md, "| item |");
    for r in rivals {
        let _ = write!(md, " against {} |", cell_code(r.id().as_str()));
    }
    let _ = writeln!(md, "\n|---|{}", "---|".repeat(rivals.len()));
    let ledger = post.ledger();
    // ENFSI words against the runner-up (the first rival) and in the
    // total; the other cells are numbers.
    let weight = |w: Option<Decibans>, k: usize, r: &crate::domain::id::HypothesisId| {
        if k == 0 {
            text(&db(w, r))
        } else {
            w.map_or("undefined".to_string(), |w| text(&w.to_string()))
        }
    };
    let _ = write!(md, "| (prior) |");
    for (k, r) in rivals.iter().enumerate() {
        let _ = write!(
            md,
            " {} |",
            weight(ledger.prior_weight(&leader, r.id()), k, r.id())
        );
    }
    let _ = writeln!(md);
    for e in shown.indices().filter_map(|i| case.evidence().get(i)) {
        let _ = write!(md, "| {} |", cell_code(e.id().as_str()));
        for (k, r) in rivals.iter().enumerate() {
            let _ = write!(
                md,
                " {} |",
                weight(ledger.weight(e.id(), &leader, r.id()), k, r.id())
            );
        }
        let _ = writeln!(md);
    }
    let _ = write!(md, "| **total** |");
    for r in rivals {
        let _ = write!(
            md,
            " **{}** |",
            text(&db(ledger.total(&leader, r.id()), r.id()))
        );
    }
    let _ = writeln!(md);

    let _ = writeln!(md, "\n## Leave one out\n");
    if a.leave_one_out.is_empty() {
        let _ = writeln!(md, "No evidence to leave out.");
    } else {
        left_out(&mut md);
        let _ = writeln!(
            md,
            "| item left out | posterior of {} | leader | verdict | linchpin |\n|---|---|---|---|---|",
            cell_code(leader.as_str())
        );
        for (i, l) in a.leave_one_out.iter().enumerate() {
            // every linchpin, shown or not
            if !shown.has(i) && !l.is_linchpin() {
                continue;
            }
            let _ = writeln!(
                md,
                "| {} | {:.4} | {} | {} | {} |",
                cell_code(l.evidence().as_str()),
                l.probability(&leader).map_or(0.0, |p| p.get()),
                cell_code(l.leader().as_str()),
                l.verdict().status(),
                if l.is_linchpin() { "yes" } else { "no" }
            );
        }
    }

    let _ = writeln!(md, "\n## Break-even discount per source\n");
    if a.break_even_sources.is_empty() {
        let _ = writeln!(md, "The case names no source.");
    } else if a.break_even_sources.iter().all(|(_, d)| d.is_none()) {
        let _ = writeln!(
            md,
            "The verdict holds at any discount of any one source: no source's break-even discount."
        );
    } else {
        let _ = writeln!(
            md,
            "The largest factor on a source's reliability at which the verdict changes (none: it holds at any discount).\n"
        );
        let _ = writeln!(md, "| source | break-even discount |\n|---|---|");
        for (src, d) in &a.break_even_sources {
            let _ = writeln!(md, "| {} | {} |", cell_code(src.as_str()), discount(*d));
        }
    }

    let sim = &a.simulation;
    let _ = writeln!(
        md,
        "\n## Monte Carlo ({} draws, seed {})\n",
        sim.draw_count(),
        sim.seed()
    );
    let _ = writeln!(
        md,
        "| hypothesis | mean | 5 % | median | 95 % |\n|---|---|---|---|---|"
    );
    for (h, i) in sim.hypotheses().iter().zip(sim.intervals()) {
        let _ = writeln!(
            md,
            "| {} | {:.4} | {:.4} | {:.4} | {:.4} |",
            cell_code(h.as_str()),
            i.mean.get(),
            i.q05.get(),
            i.q50.get(),
            i.q95.get()
        );
    }
    let _ = writeln!(
        md,
        "\nThe leader holds in {:.1} % of draws, the verdict in {:.1} %{}.",
        100.0 * sim.leader_holds(),
        100.0 * sim.verdict_holds(),
        if case.is_uncertain() {
            ""
        } else {
            " (by construction: nothing is uncertain, so every draw is the same)"
        }
    );
    let _ = writeln!(
        md,
        "\nConflict of the evidence, ln(prod P(e) / P(all e)): {:.3}.",
        post.conflict()
    );

    let warnings = super::warnings(a);
    let _ = writeln!(md, "\n## Warnings\n");
    if warnings.is_empty() {
        let _ = writeln!(md, "None.");
    }
    for w in warnings.iter().take(WARNINGS_SHOWN) {
        let said = w.to_string();
        let n = said.chars().count();
        if n > WARNING_CHARS {
            let start: String = said.chars().take(WARNING_CHARS).collect();
            let _ = writeln!(
                md,
                "- {}\u{2026} ({} characters more; `attrib check` prints it whole)",
                text(&start),
                n - WARNING_CHARS
            );
        } else {
            let _ = writeln!(md, "- {}", text(&said));
        }
    }
    if warnings.len() > WARNINGS_SHOWN {
        let _ = writeln!(
            md,
            "\n{} more warnings; `attrib check` lists every one.",
            warnings.len() - WARNINGS_SHOWN
        );
    }
    md
}

/// The chain as a Markdown section (nothing for a case without steps).
#[cfg(feature = "monte-carlo")]
fn chain_section(md: &mut String, case: &Case) {
    use std::fmt::Write as _;
    let Some(v) = super::chain::view(case) else {
        return;
    };
    let _ = writeln!(md, "\n## The chain of reasoning\n\n{}", phrase(&v.intro));
    for s in &v.steps {
        let _ = writeln!(md, "\n### {}\n", phrase(&s.heading));
        if let Some(r) = &s.rationale {
            let _ = writeln!(md, "{}\n", text(r));
        }
        if !s.rows.is_empty() {
            let _ = writeln!(
                md,
                "| finding | its words | weight | factor | reliability |\n|---|---|---|---|---|"
            );
            for row in &s.rows {
                let words: Vec<String> = row.lines.iter().map(|l| text(l)).collect();
                let _ = writeln!(
                    md,
                    "| {} | {} | {} | {} | {} |",
                    code(&row.id.replace('|', "\\|")),
                    words.join("; "),
                    row.weight,
                    row.factor,
                    row.reliability
                );
            }
        }
        let _ = writeln!(md, "\n{}", phrase(&s.total));
    }
    let _ = writeln!(
        md,
        "\n{}\n\nWhere the rest of the probability sits, and why (the prior's weight and each step's for the leader against each rival; they add up to the posterior log-odds):\n",
        phrase(&v.carries)
    );
    for r in &v.rivals {
        let _ = writeln!(md, "- {}", phrase(r));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escapes_markup_and_keeps_to_one_line() {
        assert_eq!(text("a <b> & [c](d)"), "a \\<b\\> \\& \\[c\\](d)");
        assert_eq!(text("\n\n## Verdict"), "  \\#\\# Verdict");
        assert_eq!(text("x\n\n# y"), "x  \\# y");
        assert_eq!(text("- item"), "\\- item");
        assert_eq!(text("12. item"), "12\\. item");
        assert_eq!(text("2015-03-16"), "2015-03-16");
        assert_eq!(text("a|b"), "a\\|b");
    }

    #[test]
    fn code_spans_cannot_be_closed_early() {
        assert_eq!(code("abc"), "`abc`");
        assert_eq!(code("a`b"), "`` a`b ``");
        assert_eq!(code("a``b`"), "``` a``b` ```");
        assert_eq!(code("a\nb"), "`a b`");
    }

    #[test]
    fn only_web_and_mail_links() {
        assert_eq!(reference("https://x.org/a"), "<https://x.org/a>");
        assert_eq!(reference("mailto:a@b.org"), "<mailto:a@b.org>");
        assert_eq!(reference("javascript:alert(1)"), "javascript:alert(1)");
        assert_eq!(reference("S/2016/738"), "S/2016/738");
        assert_eq!(destination("charts/c-tornado.svg"), "charts/c-tornado.svg");
        assert_eq!(destination("javascript:x/c.svg"), "./javascript:x/c.svg");
        assert_eq!(destination("a b/c.svg"), "<a b/c.svg>");
        assert_eq!(destination("https://x.org/c.svg"), "https://x.org/c.svg");
    }
}
