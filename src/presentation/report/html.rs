//! The report as one self-contained HTML page (feature `plot`): inline
//! SVG charts, tables, a print stylesheet; no script, no external asset.
//! Written in XHTML syntax, so that it is well-formed XML as well as HTML.

use super::{
    Analysis, Chart, Chunk, LEDGER_RIVALS, Reasons, Shown, View, WARNING_CHARS, WARNINGS_SHOWN,
    changes, credibility, discount, factor,
};
use crate::domain::id::HypothesisId;
use crate::scoring::decibans::Decibans;
use crate::scoring::scale::Icd203;
use crate::scoring::verdict::Status;
use std::fmt::Write as _;

/// The stylesheet: screen first, then print.
const STYLE: &str = r#"
:root { --ink: #1d232b; --muted: #5b6570; --rule: #d6dbe0; --soft: #f3f5f7; --accent: #1f4e79; --ok: #1e6b3a; --warn: #8a4b08; }
* { box-sizing: border-box; }
html { font-size: 15px; }
body { margin: 0; color: var(--ink); background: #fff; font-family: "Source Sans 3", "Segoe UI", "Helvetica Neue", Arial, sans-serif; line-height: 1.5; }
main { max-width: 1060px; margin: 0 auto; padding: 2.2rem 2rem 3rem; }
header { border-bottom: 3px solid var(--accent); padding-bottom: 1.2rem; margin-bottom: 1.4rem; }
.kicker { margin: 0; color: var(--accent); font-size: .8rem; font-weight: 700; letter-spacing: .12em; text-transform: uppercase; }
h1 { margin: .2rem 0 .1rem; font-size: 2.1rem; line-height: 1.2; font-weight: 700; }
h2 { margin: 2.2rem 0 .7rem; padding-bottom: .25rem; font-size: 1.35rem; border-bottom: 1px solid var(--rule); color: var(--accent); }
h3 { margin: 1.4rem 0 .4rem; font-size: 1.05rem; }
p { margin: .5rem 0; }
.meta { margin: 0; color: var(--muted); font-size: 1.05rem; }
.note { color: var(--muted); font-size: .93rem; }
code { font-family: "SFMono-Regular", Consolas, "Liberation Mono", Menlo, monospace; font-size: .86em; background: var(--soft); padding: .05em .3em; border-radius: 3px; }
.verdict { margin: 1.1rem 0 .9rem; padding: .8rem 1rem; border-left: 6px solid var(--warn); background: #fbf5ee; font-size: 1.08rem; }
.verdict.attributed { border-left-color: var(--ok); background: #eef6f0; }
.verdict .status { display: inline-block; margin-right: .6rem; padding: .05rem .55rem; border-radius: 3px; background: var(--warn); color: #fff; font-size: .8rem; font-weight: 700; letter-spacing: .06em; text-transform: uppercase; vertical-align: .1em; }
.verdict.attributed .status { background: var(--ok); }
.reasons { margin: .6rem 0 .2rem; font-size: 1.02rem; max-width: 70em; }
.scroll { overflow-x: auto; max-width: 100%; }
.scroll table { min-width: 28rem; }
table.views td:first-child { min-width: 14rem; }
.left-out { color: var(--muted); font-size: .9rem; font-style: italic; }
.perspective-note { padding: .5rem .8rem; background: var(--soft); border: 1px solid var(--rule); }
dl.facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: .6rem 1.2rem; margin: .8rem 0 0; }
dl.facts div { border-top: 1px solid var(--rule); padding-top: .3rem; }
dl.facts dt { color: var(--muted); font-size: .75rem; text-transform: uppercase; letter-spacing: .06em; }
dl.facts dd { margin: 0; font-size: 1.1rem; font-weight: 600; }
nav { margin: 0 0 1rem; font-size: .9rem; }
nav ol { display: flex; flex-wrap: wrap; gap: .2rem 1.2rem; margin: 0; padding: 0; list-style: none; }
nav a { color: var(--accent); text-decoration: none; }
table { width: 100%; border-collapse: collapse; margin: .6rem 0 1rem; font-size: .92rem; }
caption { caption-side: top; text-align: left; color: var(--muted); font-size: .88rem; padding-bottom: .3rem; }
th, td { padding: .35rem .55rem; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { border-top: 2px solid var(--ink); font-weight: 700; }
tr.leader td { font-weight: 600; }
.words { display: block; color: var(--muted); font-size: .8rem; font-weight: 400; }
.bar { display: inline-block; width: 9rem; height: .7rem; background: var(--soft); border: 1px solid var(--rule); vertical-align: middle; }
.bar { position: relative; }
.bar span { display: block; height: 100%; background: var(--accent); }
.bar i.threshold { position: absolute; top: -4px; bottom: -4px; width: 2px; margin-left: -1px; background: var(--warn); }
.yes { color: var(--warn); font-weight: 700; }
figure { margin: 1.2rem 0 1.6rem; padding: .8rem; border: 1px solid var(--rule); break-inside: avoid; page-break-inside: avoid; }
figure svg { display: block; width: 100%; height: auto; }
figcaption { margin-top: .4rem; color: var(--muted); font-size: .88rem; }
article.item { margin: 0 0 1rem; padding: .7rem 1rem .6rem; border: 1px solid var(--rule); border-left: 4px solid var(--accent); break-inside: avoid; page-break-inside: avoid; }
article.item h3 { margin: 0 0 .35rem; font-size: 1rem; }
article.item table { margin: .4rem 0; font-size: .85rem; }
article.item .facts-line { margin: .3rem 0; color: var(--muted); font-size: .85rem; }
article.item ul { margin: .2rem 0 .3rem; padding-left: 1.2rem; font-size: .82rem; overflow-wrap: anywhere; }
.rationale { font-size: .92rem; }
a { color: var(--accent); }
ul.warnings li { margin: .2rem 0; }
footer { margin-top: 2.5rem; padding-top: .6rem; border-top: 1px solid var(--rule); color: var(--muted); font-size: .8rem; }
/* narrow screens: after the rules they change */
@media (max-width: 640px) {
  html { font-size: 14px; }
  .scroll table { min-width: 0; }
  td.num, th.num { white-space: normal; }
  thead th { letter-spacing: 0; }
  figure { overflow-x: auto; }
  figure svg { min-width: 600px; }
}
@media (max-width: 480px) {
  table { table-layout: fixed; }
  th, td { overflow-wrap: anywhere; }
  .barcell { display: none; }
  main { padding: 1rem .7rem 2rem; }
  h1 { font-size: 1.6rem; }
  .bar { width: 3rem; }
  th, td { padding: .3rem .35rem; }
  figure { padding: .3rem; margin: .8rem 0; }
}
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  html { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; page-break-after: avoid; }
  tr, figure, article.item, .verdict { break-inside: avoid; page-break-inside: avoid; }
  figure { margin: .6rem 0; padding: .3rem; }
  h2 { margin-top: 1.2rem; }
  /* 80 mm: the first chart fits below the posterior on page 1, and a
     chart pushed to the next page leaves at most a third of one blank */
  figure svg { max-height: 80mm; width: auto; max-width: 100%; margin: 0 auto; }
  .scroll { overflow: visible; }
  a { color: inherit; text-decoration: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

/// Escapes text for an element's content or a quoted attribute.
pub(super) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // XML 1.0 allows no other control character, nor U+FFFE and
            // U+FFFF (which a JSON string may hold)
            c if (c.is_control() && !matches!(c, '\n' | '\t'))
                || matches!(c, '\u{fffe}' | '\u{ffff}') =>
            {
                out.push(' ')
            }
            c => out.push(c),
        }
    }
    out
}

/// A label or other free text of the case, escaped and isolated in a
/// `<bdi>`, so that a bidi override in it cannot reach past it.
fn bdi(text: &str) -> String {
    format!("<bdi>{}</bdi>", esc(text))
}

/// A phrase: text escaped, ids as code, labels isolated.
pub(super) fn phrase(chunks: &[Chunk]) -> String {
    let mut out = String::new();
    for c in chunks {
        match c {
            Chunk::Text(t) => out.push_str(&esc(t)),
            Chunk::Id(id) => {
                let _ = write!(out, "<code>{}</code>", esc(id));
            }
            Chunk::Label(l) => out.push_str(&bdi(l)),
        }
    }
    out
}

/// The long texts of a page, printed whole in its appendix: per text,
/// what it belongs to (as HTML) and the text.
type Appendix = Vec<(String, String)>;

/// A text, or when longer than [`FOLD`] characters its start and a link to
/// the whole of it in the appendix, so that one long rationale does not
/// push the rest of the report pages down.
fn folded(text: &str, of: String, appendix: &mut Appendix) -> String {
    if text.chars().count() <= FOLD {
        return bdi(text);
    }
    let start: String = text.chars().take(FOLD / 2).collect();
    appendix.push((of, text.to_string()));
    format!(
        "{}\u{2026} <a href=\"#appendix-{}\">(the whole text, {} characters, in the appendix)</a>",
        bdi(&start),
        appendix.len(),
        text.chars().count()
    )
}

/// Texts longer than this many characters are folded ([`folded`]).
const FOLD: usize = 600;

/// A reference: a link when it is a web address, plain text otherwise.
fn reference(text: &str) -> String {
    let t = text.trim();
    if (t.starts_with("https://") || t.starts_with("http://")) && !t.contains(char::is_whitespace) {
        format!("<a href=\"{0}\">{0}</a>", esc(t))
    } else {
        esc(text)
    }
}

/// A weight of evidence in a table cell: the number, and the ENFSI words
/// below it.
fn db_cell(w: Option<Decibans>, rival: &HypothesisId) -> String {
    match w {
        Some(w) => format!(
            "{}<span class=\"words\">{}</span>",
            esc(&w.to_string()),
            esc(&super::enfsi_words(w, rival))
        ),
        None => "undefined".to_string(),
    }
}

/// A probability as a bar, 0 to 1; the leader's marks the threshold it
/// must reach.
fn bar(p: f64, threshold: Option<f64>) -> String {
    let mark = threshold.map_or(String::new(), |t| {
        format!(
            "<i class=\"threshold\" style=\"left:{:.2}%\" title=\"threshold {t}\"></i>",
            (100.0 * t).clamp(0.0, 100.0)
        )
    });
    format!(
        "<span class=\"bar\"><span style=\"width:{:.2}%\"></span>{mark}</span>",
        (100.0 * p).clamp(0.0, 100.0)
    )
}

/// A chart's SVG made to fit the page: the root element gets a class and
/// an accessible name; the stylesheet scales it by its `viewBox`.
fn inline_svg(chart: &Chart) -> String {
    match chart.svg.strip_prefix("<svg") {
        Some(rest) => format!(
            "<svg class=\"chart\" role=\"img\" aria-label=\"{}\"{rest}",
            esc(&chart.caption)
        ),
        None => String::new(),
    }
}

fn perspectives(h: &mut String, views: &[View], appendix: &mut Appendix) {
    let _ = writeln!(h, "<section id=\"perspectives\">\n<h2>Perspectives</h2>");
    let _ = writeln!(
        h,
        "<p class=\"note\">A perspective is a named, reasoned change of trust: it discounts sources, items or kinds of items, or replaces the prior or the threshold; it never changes a likelihood. <code>base</code> is the case as written.</p>"
    );
    let _ = writeln!(
        h,
        "<div class=\"scroll\"><table class=\"views\">\n<thead><tr><th>perspective</th><th>leader</th><th class=\"num\">posterior of the leader</th><th>verdict</th><th class=\"num\">threshold</th><th class=\"num\">Bayes factor against the runner-up</th></tr></thead>\n<tbody>"
    );
    for v in views {
        let verdict = v.posterior.verdict();
        let _ = writeln!(
            h,
            "<tr><td><code>{}</code>{}</td><td><code>{}</code></td><td class=\"num\">{:.4}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}{}</td></tr>",
            esc(&v.id),
            if v.label.is_empty() {
                String::new()
            } else {
                format!("<span class=\"words\">{}</span>", bdi(&v.label))
            },
            esc(v.posterior.leader().id().as_str()),
            v.leader_probability(),
            verdict.status(),
            verdict.threshold(),
            factor(v.bayes_factor()),
            v.runner_up().map_or(String::new(), |r| format!(
                "<span class=\"words\">against {}</span>",
                esc(&r)
            ))
        );
    }
    let _ = writeln!(h, "</tbody>\n</table></div>");
    for v in views {
        let Some(p) = &v.perspective else { continue };
        let _ = writeln!(
            h,
            "<h3><code>{}</code>{}</h3>\n<ul>",
            esc(&v.id),
            if v.label.is_empty() {
                String::new()
            } else {
                format!(": {}", bdi(&v.label))
            }
        );
        for change in changes(p) {
            let _ = writeln!(h, "<li>{}</li>", phrase(&change));
        }
        let posterior: Vec<String> = v
            .posterior
            .hypotheses()
            .iter()
            .zip(v.posterior.probabilities())
            .map(|(h, p)| format!("{} {:.4}", h.id(), p.get()))
            .collect();
        let _ = writeln!(h, "<li>posterior: {}</li>", esc(&posterior.join(", ")));
        let _ = writeln!(
            h,
            "<li>verdict: {}</li>",
            esc(&v.posterior.verdict().to_string())
        );
        if let Some(r) = p.rationale() {
            let of = format!("the perspective <code>{}</code>", esc(&v.id));
            let _ = writeln!(h, "<li>rationale: {}</li>", folded(r, of, appendix));
        }
        if !p.references().is_empty() {
            let _ = writeln!(h, "<li>sources:<ul>");
            for r in p.references() {
                let _ = writeln!(h, "<li>{}</li>", reference(r));
            }
            let _ = writeln!(h, "</ul></li>");
        }
        let _ = writeln!(h, "</ul>");
    }
    let _ = writeln!(h, "</section>");
}

/// One evidence item as an article: id and description, likelihoods,
/// facts, rationale (folded when long) and references.
fn item(h: &mut String, a: &Analysis, i: usize, appendix: &mut Appendix) {
    let case = &a.case;
    let Some(e) = case.evidence().get(i) else {
        return;
    };
    let _ = writeln!(
        h,
        "<article class=\"item\" id=\"item-{}\">\n<h3><code>{}</code> {}</h3>",
        i + 1,
        esc(e.id().as_str()),
        bdi(e.description())
    );
    let _ = write!(
        h,
        "<div class=\"scroll\"><table>\n<thead><tr><th>likelihood</th>"
    );
    for hyp in case.hypotheses() {
        let _ = write!(h, "<th class=\"num\">{}</th>", esc(hyp.id().as_str()));
    }
    let _ = write!(h, "</tr></thead>\n<tbody><tr><td>P(E | h)</td>");
    for l in e.likelihoods() {
        let _ = write!(h, "<td class=\"num\">{}</td>", esc(&l.to_string()));
    }
    let _ = writeln!(h, "</tr></tbody>\n</table></div>");
    let mut facts = vec![
        format!(
            "source {}",
            e.source().map_or("none".to_string(), |s| format!(
                "<code>{}</code>",
                esc(s.as_str())
            ))
        ),
        format!("credibility {}", esc(&credibility(e.credibility()))),
        format!(
            "reliability used {:.3}",
            case.reliability_at(i).map_or(1.0, |r| r.get())
        ),
        format!(
            "group {}",
            e.group().map_or("none".to_string(), |g| format!(
                "<code>{}</code>",
                esc(g.as_str())
            ))
        ),
    ];
    if let Some(k) = e.kind() {
        facts.insert(0, format!("kind <code>{}</code>", esc(k.as_str())));
    }
    if let Some(q) = e.observed() {
        facts.push(format!("observed with confidence {q}"));
    }
    let _ = writeln!(h, "<p class=\"facts-line\">{}</p>", facts.join(" · "));
    for line in super::words::describe_item(case, i) {
        let _ = writeln!(h, "<p class=\"words\">{}</p>", bdi(&line));
    }
    if let Some(r) = e.rationale() {
        let of = format!("the item <code>{}</code>", esc(e.id().as_str()));
        let _ = writeln!(h, "<p class=\"rationale\">{}</p>", folded(r, of, appendix));
    }
    if !e.references().is_empty() {
        let _ = writeln!(h, "<ul>");
        for r in e.references() {
            let _ = writeln!(h, "<li>{}</li>", reference(r));
        }
        let _ = writeln!(h, "</ul>");
    }
    let _ = writeln!(h, "</article>");
}

/// The note under a section that shows only some items.
fn left_out(h: &mut String, shown: &Shown) {
    if let Some(note) = shown.note() {
        let _ = writeln!(h, "<p class=\"left-out\">{}</p>", phrase(&note));
    }
}

/// The whole page. `writeln!` into a `String` cannot fail.
pub(super) fn render(title: &str, a: &Analysis, charts: &[Chart]) -> String {
    let case = &a.case;
    let post = &a.point;
    let sim = &a.simulation;
    let verdict = post.verdict();
    let leader = post.leader().id().clone();
    let shown = Shown::of(a);
    let mut appendix = Appendix::new();
    let mut h = String::new();
    let _ = writeln!(
        h,
        "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\" xml:lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n<meta name=\"generator\" content=\"attrib {}\" />\n<title>{}: attribution report</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>",
        env!("CARGO_PKG_VERSION"),
        esc(title)
    );

    // Header: title, date and place, verdict, reasons, key facts.
    let _ = writeln!(
        h,
        "<header>\n<p class=\"kicker\">Attribution report</p>\n<h1>{}</h1>",
        esc(title)
    );
    let meta: Vec<&str> = [case.date(), case.place()].into_iter().flatten().collect();
    if !meta.is_empty() {
        let _ = writeln!(h, "<p class=\"meta\">{}</p>", bdi(&meta.join(", ")));
    }
    if let Some(v) = a
        .perspective
        .as_deref()
        .and_then(|id| a.views.iter().find(|v| v.id == id))
    {
        let _ = writeln!(
            h,
            "<p class=\"perspective-note\">Seen from the perspective <code>{}</code>{}: every number below is the case with it applied (see <a href=\"#perspectives\">Perspectives</a>).</p>",
            esc(&v.id),
            if v.label.is_empty() {
                String::new()
            } else {
                format!(" ({})", bdi(&v.label))
            }
        );
    }
    let attributed = verdict.status() == Status::Attributed;
    // The verdict in words, the leader by its label: the badge shows the
    // status.
    let leader_label = post.leader().label();
    let named = if leader_label.is_empty() {
        format!("<code>{}</code>", esc(leader.as_str()))
    } else {
        format!(
            "{} (<code>{}</code>)",
            bdi(leader_label),
            esc(leader.as_str())
        )
    };
    let said = if attributed {
        format!(
            "to {named}: posterior {:.4}, at or above the threshold {}",
            verdict.probability().get(),
            verdict.threshold()
        )
    } else if verdict.probability() >= verdict.threshold() {
        format!(
            "{named} shares the lead at posterior {:.4} (threshold {})",
            verdict.probability().get(),
            verdict.threshold()
        )
    } else {
        format!(
            "the leader, {named}, has posterior {:.4}, below the threshold {}",
            verdict.probability().get(),
            verdict.threshold()
        )
    };
    let _ = writeln!(
        h,
        "<div class=\"verdict{}\"><span class=\"status\">{}</span>{}.</div>",
        if attributed { " attributed" } else { "" },
        esc(verdict.status().as_str()),
        said
    );
    let _ = writeln!(
        h,
        "<p class=\"reasons\">{}</p>",
        phrase(&Reasons::of(a).sentences())
    );
    let _ = writeln!(
        h,
        "<dl class=\"facts\">\n<div><dt>leader</dt><dd>{}</dd></div>\n<div><dt>its posterior</dt><dd>{:.3} <span class=\"words\">{}</span></dd></div>\n<div><dt>threshold</dt><dd>{}</dd></div>\n<div><dt>verdict holds in</dt><dd>{:.1} % <span class=\"words\">of {} Monte Carlo draws{}</span></dd></div>\n<div><dt>evidence</dt><dd>{} items <span class=\"words\">from {} sources; weighting {}</span></dd></div>\n</dl>\n</header>",
        if leader_label.is_empty() {
            esc(leader.as_str())
        } else {
            bdi(leader_label)
        },
        verdict.probability().get(),
        esc(Icd203::from_probability(verdict.probability()).words()),
        case.threshold(),
        100.0 * sim.verdict_holds(),
        sim.draw_count(),
        if case.is_uncertain() {
            ""
        } else {
            "; nothing is uncertain, so every draw is the same"
        },
        case.evidence().len(),
        case.sources().len(),
        case.weighting()
    );

    let mut sections = vec![("posterior", "Posterior")];
    if !charts.is_empty() {
        sections.push(("charts", "Charts"));
    }
    sections.push(("hypotheses", "Hypotheses and prior"));
    if a.views.len() > 1 {
        sections.push(("perspectives", "Perspectives"));
    }
    sections.extend([
        ("evidence", "Evidence"),
        ("ledger", "Weight of evidence"),
        ("robustness", "Robustness"),
        ("warnings", "Warnings"),
    ]);
    let _ = writeln!(h, "<nav><ol>");
    for (id, name) in &sections {
        let _ = writeln!(h, "<li><a href=\"#{id}\">{name}</a></li>");
    }
    let _ = writeln!(h, "</ol></nav>");

    // Posterior.
    let _ = writeln!(
        h,
        "<section id=\"posterior\">\n<h2>Posterior</h2>\n<div class=\"scroll\"><table>\n<thead><tr><th>hypothesis</th><th class=\"num\">posterior</th><th class=\"barcell\"></th><th>ICD 203</th><th class=\"num\">all evidence, leader against it</th></tr></thead>\n<tbody>"
    );
    for (hyp, p) in post.ranking() {
        let is_leader = hyp.id() == &leader;
        let bf = if is_leader {
            "(leader)".to_string()
        } else {
            db_cell(
                post.ln_bayes_factor(hyp.id()).map(Decibans::from_ln),
                hyp.id(),
            )
        };
        let _ = writeln!(
            h,
            "<tr{}><td><code>{}</code><span class=\"words\">{}</span></td><td class=\"num\">{:.4}</td><td class=\"barcell\">{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
            if is_leader { " class=\"leader\"" } else { "" },
            esc(hyp.id().as_str()),
            bdi(hyp.label()),
            p.get(),
            bar(p.get(), is_leader.then_some(verdict.threshold().get())),
            esc(Icd203::from_probability(p).words()),
            bf
        );
    }
    let _ = writeln!(
        h,
        "</tbody>\n</table></div>\n<p class=\"note\">The orange mark on the leader's bar is the threshold, {}.</p>\n</section>",
        verdict.threshold()
    );

    // The chain of reasoning, for a case with steps (chain.rs).
    chain_section(&mut h, case);

    // Charts.
    if !charts.is_empty() {
        let _ = writeln!(h, "<section id=\"charts\">\n<h2>Charts</h2>");
        for chart in charts {
            let _ = writeln!(
                h,
                "<figure id=\"chart-{}\">\n{}\n<figcaption>{}</figcaption>\n</figure>",
                chart.name,
                inline_svg(chart),
                esc(&chart.caption)
            );
        }
        let _ = writeln!(h, "</section>");
    }

    // Hypotheses and prior.
    let _ = writeln!(
        h,
        "<section id=\"hypotheses\">\n<h2>Hypotheses and prior</h2>\n<div class=\"scroll\"><table>\n<thead><tr><th>id</th><th>hypothesis</th><th class=\"num\">prior</th></tr></thead>\n<tbody>"
    );
    for (hyp, p) in case.hypotheses().iter().zip(case.prior().probabilities()) {
        let _ = writeln!(
            h,
            "<tr><td><code>{}</code></td><td>{}</td><td class=\"num\">{:.4}</td></tr>",
            esc(hyp.id().as_str()),
            bdi(hyp.label()),
            p.get()
        );
    }
    let _ = writeln!(h, "</tbody>\n</table></div>\n</section>");

    if a.views.len() > 1 {
        perspectives(&mut h, &a.views, &mut appendix);
    }

    // Evidence.
    let _ = writeln!(h, "<section id=\"evidence\">\n<h2>Evidence</h2>");
    left_out(&mut h, &shown);
    for i in shown.indices() {
        item(&mut h, a, i, &mut appendix);
    }
    let _ = writeln!(h, "</section>");

    // Ledger: every rival against the leader, the runner-up first, ENFSI
    // words against the runner-up and in the total.
    let rivals: Vec<_> = post
        .ranking()
        .into_iter()
        .skip(1)
        .map(|(hyp, _)| hyp)
        .collect();
    let more = rivals.len().saturating_sub(LEDGER_RIVALS);
    let rivals = &rivals[..rivals.len().min(LEDGER_RIVALS)];
    let ledger = post.ledger();
    let _ = writeln!(
        h,
        "<section id=\"ledger\">\n<h2>Weight of evidence</h2>\n<p class=\"note\">Decibans for the leader <code>{}</code> against each rival, the runner-up first (10 dB = a factor of 10), with the ENFSI verbal scale against the runner-up and for the whole case.{}</p>",
        esc(leader.as_str()),
        if more > 0 {
            format!(
                " The {more} least probable rivals are left out; the JSON report (<code>attrib report --format json</code>) has them."
            )
        } else {
            String::new()
        }
    );
    // The rivals by label, once, above the columns that name them by id.
    let named: Vec<String> = rivals
        .iter()
        .filter(|r| !r.label().is_empty())
        .map(|r| format!("<code>{}</code> {}", esc(r.id().as_str()), bdi(r.label())))
        .collect();
    if !named.is_empty() {
        let _ = writeln!(h, "<p class=\"note\">Rivals: {}.</p>", named.join("; "));
    }
    left_out(&mut h, &shown);
    let _ = write!(h, "<div class=\"scroll\"><table>\n<thead><tr><th>item</th>");
    for r in rivals {
        let _ = write!(
            h,
            "<th class=\"num\">against <code>{}</code></th>",
            esc(r.id().as_str())
        );
    }
    let cell = |w: Option<Decibans>, k: usize, r: &HypothesisId| {
        if k == 0 {
            db_cell(w, r)
        } else {
            w.map_or("undefined".to_string(), |w| esc(&w.to_string()))
        }
    };
    let _ = write!(h, "</tr></thead>\n<tbody>\n<tr><td>(prior)</td>");
    for (k, r) in rivals.iter().enumerate() {
        let _ = write!(
            h,
            "<td class=\"num\">{}</td>",
            cell(ledger.prior_weight(&leader, r.id()), k, r.id())
        );
    }
    let _ = writeln!(h, "</tr>");
    for i in shown.indices() {
        let Some(e) = case.evidence().get(i) else {
            continue;
        };
        let _ = write!(h, "<tr><td><code>{}</code></td>", esc(e.id().as_str()));
        for (k, r) in rivals.iter().enumerate() {
            let _ = write!(
                h,
                "<td class=\"num\">{}</td>",
                cell(ledger.weight(e.id(), &leader, r.id()), k, r.id())
            );
        }
        let _ = writeln!(h, "</tr>");
    }
    let _ = write!(h, "<tr class=\"total\"><td>total</td>");
    for r in rivals {
        let _ = write!(
            h,
            "<td class=\"num\">{}</td>",
            db_cell(ledger.total(&leader, r.id()), r.id())
        );
    }
    let _ = writeln!(h, "</tr>\n</tbody>\n</table></div>\n</section>");

    // Robustness: leave one out, break-even, Monte Carlo, conflict.
    let _ = writeln!(
        h,
        "<section id=\"robustness\">\n<h2>Robustness</h2>\n<h3>Leave one out</h3>"
    );
    if a.leave_one_out.is_empty() {
        let _ = writeln!(h, "<p>No evidence to leave out.</p>");
    } else {
        left_out(&mut h, &shown);
        let _ = writeln!(
            h,
            "<div class=\"scroll\"><table>\n<thead><tr><th>item left out</th><th class=\"num\">posterior of <code>{}</code></th><th>leader</th><th>verdict</th><th>linchpin</th></tr></thead>\n<tbody>",
            esc(leader.as_str())
        );
        for (i, l) in a.leave_one_out.iter().enumerate() {
            if !shown.has(i) && !l.is_linchpin() {
                continue;
            }
            let _ = writeln!(
                h,
                "<tr><td><code>{}</code></td><td class=\"num\">{:.4}</td><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
                esc(l.evidence().as_str()),
                l.probability(&leader).map_or(0.0, |p| p.get()),
                esc(l.leader().as_str()),
                l.verdict().status(),
                if l.is_linchpin() {
                    "<span class=\"yes\">yes</span>"
                } else {
                    "no"
                }
            );
        }
        let _ = writeln!(h, "</tbody>\n</table></div>");
    }
    let _ = writeln!(h, "<h3>Break-even discounts</h3>");
    let any = a
        .break_even_sources
        .iter()
        .map(|(_, d)| d)
        .chain(a.break_even_evidence.iter().map(|(_, d)| d))
        .any(Option::is_some);
    if !any {
        let _ = writeln!(
            h,
            "<p>No discount of any one source{} changes the verdict.</p>",
            if a.break_even_evidence.is_empty() {
                ""
            } else {
                ", or of any of the weightiest items,"
            }
        );
    } else {
        let _ = writeln!(
            h,
            "<p class=\"note\">The largest factor on a source's or an item's reliability at which the verdict changes (none: it holds at any discount).</p>"
        );
        if !a.break_even_sources.is_empty() {
            let _ = writeln!(
                h,
                "<div class=\"scroll\"><table>\n<thead><tr><th>source</th><th class=\"num\">break-even discount</th></tr></thead>\n<tbody>"
            );
            for (s, d) in &a.break_even_sources {
                let _ = writeln!(
                    h,
                    "<tr><td><code>{}</code></td><td class=\"num\">{}</td></tr>",
                    esc(s.as_str()),
                    discount(*d)
                );
            }
            let _ = writeln!(h, "</tbody>\n</table></div>");
        }
        let _ = writeln!(
            h,
            "<div class=\"scroll\"><table>\n<thead><tr><th>item (the weightiest)</th><th class=\"num\">break-even discount</th></tr></thead>\n<tbody>"
        );
        for (e, d) in &a.break_even_evidence {
            let _ = writeln!(
                h,
                "<tr><td><code>{}</code></td><td class=\"num\">{}</td></tr>",
                esc(e.as_str()),
                discount(*d)
            );
        }
        let _ = writeln!(h, "</tbody>\n</table></div>");
    }
    let _ = writeln!(
        h,
        "<h3>Monte Carlo ({} draws, seed {})</h3>\n<div class=\"scroll\"><table>\n<thead><tr><th>hypothesis</th><th class=\"num\">mean</th><th class=\"num\">5 %</th><th class=\"num\">median</th><th class=\"num\">95 %</th></tr></thead>\n<tbody>",
        sim.draw_count(),
        sim.seed()
    );
    for (hyp, i) in sim.hypotheses().iter().zip(sim.intervals()) {
        let _ = writeln!(
            h,
            "<tr><td><code>{}</code></td><td class=\"num\">{:.4}</td><td class=\"num\">{:.4}</td><td class=\"num\">{:.4}</td><td class=\"num\">{:.4}</td></tr>",
            esc(hyp.as_str()),
            i.mean.get(),
            i.q05.get(),
            i.q50.get(),
            i.q95.get()
        );
    }
    let _ = writeln!(
        h,
        "</tbody>\n</table></div>\n<p>The leader holds in {:.1} % of draws, the verdict in {:.1} %.</p>\n<p>Conflict of the evidence: {:.3} ({}). It is ln(prod P(e) / P(all e)), how much less probable the items are together than each alone would make them.</p>\n</section>",
        100.0 * sim.leader_holds(),
        100.0 * sim.verdict_holds(),
        post.conflict(),
        if post.conflict() > 0.0 {
            "positive: some evidence does not fit together"
        } else {
            "not positive: the evidence hangs together"
        }
    );

    // Warnings: at most WARNINGS_SHOWN, each cut to WARNING_CHARS.
    let warnings = super::warnings(a);
    let _ = writeln!(h, "<section id=\"warnings\">\n<h2>Warnings</h2>");
    if warnings.is_empty() {
        let _ = writeln!(h, "<p>None.</p>");
    } else {
        let _ = writeln!(h, "<ul class=\"warnings\">");
        for w in warnings.iter().take(WARNINGS_SHOWN) {
            let text = w.to_string();
            let n = text.chars().count();
            if n > WARNING_CHARS {
                let start: String = text.chars().take(WARNING_CHARS).collect();
                let _ = writeln!(
                    h,
                    "<li>{}\u{2026} ({} characters more; <code>attrib check</code> prints it whole)</li>",
                    esc(&start),
                    n - WARNING_CHARS
                );
            } else {
                let _ = writeln!(h, "<li>{}</li>", esc(&text));
            }
        }
        let _ = writeln!(h, "</ul>");
        if warnings.len() > WARNINGS_SHOWN {
            let _ = writeln!(
                h,
                "<p class=\"left-out\">{} more warnings; <code>attrib check</code> lists every one.</p>",
                warnings.len() - WARNINGS_SHOWN
            );
        }
    }
    let _ = writeln!(h, "</section>");
    if !appendix.is_empty() {
        let _ = writeln!(
            h,
            "<section id=\"appendix\">\n<h2>Appendix: long texts</h2>"
        );
        for (k, (of, text)) in appendix.iter().enumerate() {
            let _ = writeln!(
                h,
                "<h3 id=\"appendix-{}\">The rationale of {of}</h3>\n<p class=\"rationale\">{}</p>",
                k + 1,
                bdi(text)
            );
        }
        let _ = writeln!(h, "</section>");
    }
    let _ = writeln!(
        h,
        "<footer>Made by attrib {} from the case file; Monte Carlo with {} draws, seed {}. Posteriors by Bayes' rule over the hypotheses, each item weighted by its reliability; the model is documented with the attrib crate (docs/model.md in its source).</footer>\n</main>\n</body>\n</html>",
        env!("CARGO_PKG_VERSION"),
        sim.draw_count(),
        sim.seed()
    );
    h
}

/// The chain as an HTML section (nothing for a case without steps).
#[cfg(all(feature = "plot", feature = "monte-carlo"))]
fn chain_section(h: &mut String, case: &crate::domain::case::Case) {
    use std::fmt::Write as _;
    let Some(v) = super::chain::view(case) else {
        return;
    };
    let _ = writeln!(
        h,
        "<section id=\"chain\">\n<h2>The chain of reasoning</h2>\n<p class=\"note\">{}</p>",
        phrase(&v.intro)
    );
    for s in &v.steps {
        let _ = writeln!(h, "<h3>{}</h3>", phrase(&s.heading));
        if let Some(r) = &s.rationale {
            let _ = writeln!(h, "<p class=\"note\">{}</p>", esc(r));
        }
        if !s.rows.is_empty() {
            let _ = writeln!(
                h,
                "<div class=\"scroll\"><table>\n<thead><tr><th>finding</th><th>its words</th><th class=\"num\">weight</th><th class=\"num\">factor</th><th class=\"num\">reliability</th></tr></thead>\n<tbody>"
            );
            for row in &s.rows {
                let words: Vec<String> = row
                    .lines
                    .iter()
                    .map(|l| format!("<div>{}</div>", esc(l)))
                    .collect();
                let _ = writeln!(
                    h,
                    "<tr><td><code>{}</code></td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                    esc(&row.id),
                    words.concat(),
                    esc(&row.weight),
                    esc(&row.factor),
                    esc(&row.reliability)
                );
            }
            let _ = writeln!(h, "</tbody>\n</table></div>");
        }
        let _ = writeln!(h, "<p>{}</p>", phrase(&s.total));
    }
    let _ = writeln!(
        h,
        "<p><strong>{}</strong></p>\n<p>Where the rest of the probability sits, and why (the prior's weight and each step's for the leader against each rival; they add up to the posterior log-odds):</p>\n<ul>",
        phrase(&v.carries)
    );
    for r in &v.rivals {
        let _ = writeln!(h, "<li>{}</li>", phrase(r));
    }
    let _ = writeln!(h, "</ul>\n</section>");
}
