//! The library's report (`attrib::report`): the HTML page is well-formed
//! XML, self-contained, and says what the Markdown says.

use attrib::Case;
use attrib::report::Report;

fn sarmin() -> Case {
    Case::from_path(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/cases/jim/sarmin-2015-03-16.json"
    ))
    .unwrap()
}

/// The name of an XML element or attribute: a letter or `_`, then letters,
/// digits, `-`, `_`, `.` and `:`.
fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
}

/// Checks character data: `<` never appears, `&` only starts one of
/// XML's five entities or a character reference, and every character is
/// one XML 1.0 allows (no control character but tab, line feed and
/// carriage return; not U+FFFE or U+FFFF).
fn check_text(text: &str) {
    assert!(!text.contains('<'), "raw < in {text:?}");
    let forbidden = |c: char| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{fffe}' | '\u{ffff}')
    };
    assert!(
        !text.contains(forbidden),
        "a character XML forbids in {text:?}"
    );
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        rest = &rest[at + 1..];
        let end = rest
            .find(';')
            .unwrap_or_else(|| panic!("bare & in {text:?}"));
        let entity = &rest[..end];
        let ok = matches!(entity, "amp" | "lt" | "gt" | "quot" | "apos")
            || entity
                .strip_prefix('#')
                .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        assert!(ok, "unknown entity &{entity}; in {text:?}");
    }
}

/// A small XML well-formedness checker: after an optional doctype, one
/// root element; every element closed, in order; attributes `name="value"`,
/// each once per element; text and attribute values escaped. Returns the
/// elements' names in document order.
fn well_formed(doc: &str) -> Vec<String> {
    let mut rest = doc
        .strip_prefix("<!DOCTYPE html>")
        .expect("a doctype first");
    let mut stack: Vec<String> = Vec::new();
    let mut names = Vec::new();
    let mut roots = 0;
    loop {
        let Some(start) = rest.find('<') else {
            check_text(rest);
            assert!(rest.trim().is_empty(), "text after the root: {rest:?}");
            break;
        };
        let text = &rest[..start];
        check_text(text);
        assert!(
            !stack.is_empty() || text.trim().is_empty(),
            "text outside the root: {text:?}"
        );
        rest = &rest[start + 1..];
        if let Some(after) = rest.strip_prefix("!--") {
            let end = after.find("-->").expect("an unclosed comment");
            rest = &after[end + 3..];
            continue;
        }
        // a tag: up to the first `>` outside quotes
        let mut quoted = false;
        let end = rest
            .char_indices()
            .find(|&(_, c)| {
                if c == '"' {
                    quoted = !quoted;
                }
                c == '>' && !quoted
            })
            .map(|(i, _)| i)
            .expect("an unclosed tag");
        let tag = &rest[..end];
        rest = &rest[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name), "mismatched </{name}>");
            continue;
        }
        let (tag, empty) = match tag.strip_suffix('/') {
            Some(t) => (t, true),
            None => (tag, false),
        };
        let name_end = tag.find(char::is_whitespace).unwrap_or(tag.len());
        let name = &tag[..name_end];
        assert!(is_name(name), "bad element name {name:?}");
        // attributes
        let mut attrs = tag[name_end..].trim_start();
        let mut seen = Vec::new();
        while !attrs.is_empty() {
            let eq = attrs
                .find('=')
                .unwrap_or_else(|| panic!("attribute without value in <{tag}>"));
            let attr = &attrs[..eq];
            assert!(is_name(attr), "bad attribute name {attr:?} in <{name}>");
            assert!(!seen.contains(&attr), "attribute {attr} twice in <{name}>");
            seen.push(attr);
            let value = attrs[eq + 1..]
                .strip_prefix('"')
                .unwrap_or_else(|| panic!("unquoted attribute {attr} in <{name}>"));
            let close = value.find('"').expect("an unclosed attribute value");
            check_text(&value[..close]);
            let after = &value[close + 1..];
            assert!(
                after.is_empty() || after.starts_with(char::is_whitespace),
                "no space after attribute {attr} in <{name}>"
            );
            attrs = after.trim_start();
        }
        if stack.is_empty() {
            roots += 1;
        }
        names.push(name.to_string());
        if !empty {
            stack.push(name.to_string());
        }
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    assert_eq!(roots, 1, "one root element");
    names
}

#[test]
fn the_checker_rejects_what_is_not_well_formed() {
    for bad in [
        "<!DOCTYPE html><p>a & b</p>",
        "<!DOCTYPE html><p><b>x</p></b>",
        "<!DOCTYPE html><p class=x>y</p>",
        "<!DOCTYPE html><p>1 < 2</p>",
        "<!DOCTYPE html><br>",
        "<!DOCTYPE html><p></p><p></p>",
        "<!DOCTYPE html><p a=\"1\" a=\"2\"></p>",
        "<!DOCTYPE html><p>\u{1}</p>",
        "<!DOCTYPE html><p a=\"\u{ffff}\"></p>",
    ] {
        assert!(
            std::panic::catch_unwind(|| well_formed(bad)).is_err(),
            "accepted {bad}"
        );
    }
    assert_eq!(
        well_formed("<!DOCTYPE html>\n<html a=\"&amp;\"><br /><p>x &lt; y</p></html>\n"),
        ["html", "br", "p"]
    );
}

#[test]
fn html_is_well_formed_and_self_contained() {
    let case = sarmin();
    let html = Report::new(&case).draws(500).html().unwrap();
    let names = well_formed(&html);
    assert_eq!(names.first().map(String::as_str), Some("html"));
    // three inline charts, no script, no external asset
    assert_eq!(names.iter().filter(|n| *n == "svg").count(), 3);
    for forbidden in ["script", "link", "img", "iframe", "object", "embed"] {
        assert!(!names.iter().any(|n| n == forbidden), "<{forbidden}>");
    }
    assert!(!html.contains(" src=\""), "an external source");
    assert!(
        !html.contains("url("),
        "an external asset in the stylesheet"
    );
    assert!(html.contains("@media print"), "a print stylesheet");
    // links only within the page or to the public sources
    for href in html.split(" href=\"").skip(1) {
        let href = href.split('"').next().unwrap();
        assert!(
            href.starts_with('#') || href.starts_with("https://") || href.starts_with("http://"),
            "{href}"
        );
    }
}

#[test]
fn html_has_every_part_of_the_report() {
    let case = sarmin();
    let report = Report::new(&case).draws(300);
    let html = report.html().unwrap();
    for part in [
        "<h1>Sarmin, 16 March 2015</h1>",
        "<span class=\"status\">insufficient</span>",
        "id=\"posterior\"",
        "id=\"charts\"",
        "id=\"hypotheses\"",
        "id=\"evidence\"",
        "id=\"ledger\"",
        "id=\"robustness\"",
        "id=\"warnings\"",
        "Monte Carlo (300 draws, seed 0)",
    ] {
        assert!(html.contains(part), "missing {part}");
    }
    let post = case.score().unwrap();
    let leader_p = post.probability(post.leader().id()).unwrap();
    let word = attrib::scoring::Icd203::from_probability(leader_p).words();
    assert!(html.contains(word), "missing {word}");
    let item = case
        .evidence()
        .iter()
        .find(|e| e.source().is_some())
        .unwrap();
    let source = format!("<code>{}</code>", item.source().unwrap());
    assert!(html.contains(&source), "missing {source}");
    for e in case.evidence() {
        assert!(
            html.contains(&format!("<h3><code>{}</code>", e.id())),
            "{}",
            e.id()
        );
    }
    // the same analysis as the Markdown: the leave-one-out numbers agree
    let a = report.analysis().unwrap();
    let leader = a.point.leader().id();
    for l in &a.leave_one_out {
        let p = format!("{:.4}", l.probability(leader).unwrap().get());
        assert!(html.contains(&p) && report.markdown().unwrap().contains(&p));
    }
}

#[test]
fn html_escapes_what_the_case_says() {
    let case = Case::from_json(
        r#"{"version": 1, "title": "A <b>bold</b> & \"quoted\" case",
            "hypotheses": [{"id": "a<", "label": "A & co"}, {"id": "b", "label": "B"}],
            "evidence": [{"id": "e&1", "description": "x < y > z",
                          "likelihoods": {"a<": 0.9, "b": 0.2},
                          "rationale": "it's \"so\"",
                          "sources": ["javascript:alert(1)", "https://example.org/?a=1&b=2"]}]}"#,
    )
    .unwrap();
    let html = Report::new(&case).draws(100).html().unwrap();
    well_formed(&html);
    assert!(html.contains("<h1>A &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot; case</h1>"));
    assert!(html.contains("<a href=\"https://example.org/?a=1&amp;b=2\">"));
    assert!(
        !html.contains("href=\"javascript"),
        "only web links become links"
    );
}

/// Control characters and U+FFFE / U+FFFF, which a JSON string may hold
/// and XML 1.0 forbids, become spaces in the page and in its charts (a
/// title holding U+0001 reached the charts' SVG as is; found by
/// `tests/cli_mutation.rs`).
#[test]
fn html_drops_what_xml_forbids() {
    let case = Case::from_json(
        r#"{"version": 1, "title": "t\u0001i\uffffe\ufffe",
            "hypotheses": [{"id": "a\uffffb", "label": "A\u0007"}, {"id": "other", "label": "O"}],
            "evidence": [{"id": "e\ufffe1", "description": "d\u0000x\u001b[2J",
                          "rationale": "r\u000bq", "likelihoods": {"a\uffffb": 0.9, "other": 0.2}}]}"#,
    )
    .unwrap();
    let report = Report::new(&case).draws(100);
    let html = report.html().unwrap();
    well_formed(&html);
    assert!(html.contains("<h1>t i e </h1>"));
    for chart in report.charts().unwrap() {
        assert!(chart.svg.contains("t i e : "), "{}", chart.svg);
        well_formed(&format!("<!DOCTYPE html>{}", chart.svg));
    }
}

#[test]
fn json_and_markdown_agree() {
    let case = sarmin();
    let report = Report::new(&case).draws(200).seed(5);
    let v = report.json().unwrap();
    let md = report.markdown().unwrap();
    assert_eq!(v["sensitivity"]["seed"], 5);
    assert_eq!(v["leader"], "government");
    assert!(md.contains("## Monte Carlo (200 draws, seed 5)"));
    let q50 = v["sensitivity"]["posterior"]["government"]["q50"]
        .as_f64()
        .unwrap();
    assert!(md.contains(&format!("{q50:.4}")));
}

#[test]
fn markdown_charts_say_what_they_leave_out_as_the_html_does() {
    // 30 items: the tornado draws 25 and says the other 5 swing less, in
    // the Markdown under the linked file as in the HTML's caption.
    let mut b = Case::builder().hypothesis("a", "A").hypothesis("b", "B");
    for i in 0..30 {
        b = b.evidence(
            attrib::Evidence::builder(format!("e{i}"))
                .likelihood("a", 0.6)
                .likelihood("b", 0.5),
        );
    }
    let case = b.build().unwrap();
    let report = Report::new(&case).draws(100).chart_files("charts", "c");
    let md = report.markdown().unwrap();
    let said = "The 25 items of 30 with the widest swing are drawn; the other 5 swing less.";
    let image = md.find("](charts/c-tornado.svg)").unwrap();
    let caption = md[image..].find(said).unwrap();
    // the caption follows its own image, before the next chart's
    assert!(md[image..image + caption].find("![").is_none());
    let html = Report::new(&case).draws(100).html().unwrap();
    assert!(html.contains(said));
    // a chart that leaves nothing out says nothing of it
    assert_eq!(md.matches("swing less").count(), 1);
}

#[test]
fn html_ledger_names_its_rivals_by_label_once() {
    let case = sarmin();
    let html = Report::new(&case).draws(100).html().unwrap();
    let ledger = &html[html.find("<section id=\"ledger\">").unwrap()..];
    let ledger = &ledger[..ledger.find("</section>").unwrap()];
    let key = &ledger[ledger.find("<p class=\"note\">Rivals: ").unwrap()..];
    let key = &key[..key.find("</p>").unwrap()];
    // every rival of the leader, by id and label, in the posterior's order
    let post = case.score().unwrap();
    let mut at = 0;
    for (h, _) in post.ranking().into_iter().skip(1) {
        let named = format!(
            "<code>{}</code> <bdi>{}</bdi>",
            h.id(),
            h.label().replace('\'', "&#39;")
        );
        let here = key[at..]
            .find(&named)
            .unwrap_or_else(|| panic!("{named} in {key}"));
        at += here + named.len();
        // its column, by id
        assert!(ledger.contains(&format!(
            "<th class=\"num\">against <code>{}</code></th>",
            h.id()
        )));
    }
}
