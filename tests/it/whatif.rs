//! The interactive what-if page (`Report::interactive`, issue 22): the
//! static report whole, plus a panel, its stylesheet, the case as data and
//! the one script; the data agrees with the library. The page's behaviour
//! in a browser is checked by tests/browser/whatif.py (headless Chromium).

use attrib::report::Report;
use attrib::report::whatif::WhatIf;
use attrib::{Case, Evidence, Perspective};

fn case(name: &str) -> Case {
    Case::from_path(format!(
        "{}/examples/cases/jim/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// The text between `start` and the next `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap() + start.len();
    let len = text[from..].find(end).unwrap();
    &text[from..from + len]
}

#[test]
fn the_page_is_the_static_report_with_the_panel_added() {
    let c = case("sarmin-2015-03-16");
    let fixed = Report::new(&c).draws(300).seed(4).html().unwrap();
    let page = Report::new(&c)
        .draws(300)
        .seed(4)
        .interactive(true)
        .html()
        .unwrap();
    // Taking out the three insertions gives the static report, byte for byte.
    let style = format!(
        "<style>{}</style>\n",
        between(&page, "</style>\n<style>", "</style>")
    );
    let panel = "\n<section id=\"whatif\" class=\"whatif\" hidden=\"hidden\" aria-labelledby=\"whatif-title\"></section>";
    let data_start = page.find("<script type=\"application/json\"").unwrap();
    let data_end = page.rfind("</script>\n</body>").unwrap() + "</script>\n".len();
    let mut rebuilt = page[..data_start].to_string() + &page[data_end..];
    rebuilt = rebuilt.replacen(&style, "", 1).replacen(panel, "", 1);
    assert_eq!(rebuilt, fixed);
    // The panel is hidden until the script shows it: without JavaScript the
    // page reads as the static report.
    assert!(page.contains("hidden=\"hidden\""));
    // Self-contained: no external script, stylesheet, image or font.
    for external in [
        " src=\"",
        "<link",
        "url(",
        "@import",
        "fetch(",
        "XMLHttpRequest",
    ] {
        assert!(!page.contains(external), "{external}");
    }
    // The script cannot end early inside the page.
    let script = between(&page, "<script>//<![CDATA[\n", "\n//]]></script>");
    assert!(!script.contains("</script") && !script.contains("]]>"));
    assert!(!fixed.contains("<script"));
}

#[test]
fn the_data_is_the_case_as_the_library_scores_it() {
    for name in [
        "sarmin-2015-03-16",
        "qmenas-2015-03-16",
        "khan-shaykhun-2017-04-04",
    ] {
        let c = case(name);
        let page = Report::new(&c).draws(100).interactive(true).html().unwrap();
        let json = between(&page, "id=\"whatif-data\">", "</script>");
        let data: serde_json::Value = serde_json::from_str(json).unwrap();
        let post = c.score().unwrap();
        for (k, h) in c.hypotheses().iter().enumerate() {
            assert_eq!(data["hypotheses"][k]["id"], h.id().as_str());
            let p = data["posterior"][k].as_f64().unwrap();
            assert_eq!(p, post.probability(h.id()).unwrap().get(), "{name} {h:?}");
        }
        assert_eq!(data["items"].as_array().unwrap().len(), c.evidence().len());
        for (k, e) in c.evidence().iter().enumerate() {
            let r = data["items"][k]["base_reliability"].as_f64().unwrap();
            // no discount in the case as written: the base is the reliability
            assert_eq!(r, c.reliability(e.id()).unwrap().get(), "{name} {}", e.id());
        }
        let perspectives = data["perspectives"].as_array().unwrap();
        assert_eq!(perspectives.len(), 1 + c.perspectives().len());
        assert_eq!(perspectives[0]["id"], "base");
        let be = attrib::BreakEven::every_source(&c).unwrap();
        for (k, (s, d)) in be.iter().enumerate() {
            assert_eq!(perspectives[0]["break_even"][k][0], s.as_str());
            assert_eq!(
                perspectives[0]["break_even"][k][1].as_f64(),
                d.map(|d| d.get())
            );
        }
        for (k, p) in c.perspectives().iter().enumerate() {
            let seen = c.perspective(p.id()).unwrap();
            let view = &perspectives[k + 1];
            assert_eq!(view["threshold"].as_f64(), Some(seen.threshold().get()));
            let lib = seen.score().unwrap();
            for (h, x) in lib.probabilities().iter().enumerate() {
                assert_eq!(view["posterior"][h].as_f64(), Some(x.get()));
            }
        }
        // the case's named standards, as the library reads them
        let standards: Vec<serde_json::Value> = c
            .standards()
            .iter()
            .map(|s| serde_json::json!({"id": s.id(), "label": s.label().unwrap_or(s.id()), "threshold": s.threshold().get()}))
            .collect();
        assert_eq!(data["standards"], serde_json::Value::Array(standards));
    }
}

#[test]
fn a_perspective_is_given_as_absolute_discounts() {
    let c = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .source("s", "S", 0.8)
        .evidence(
            Evidence::builder("e1")
                .kind("k")
                .likelihood("a", 0.9)
                .likelihood("b", 0.1)
                .source("s")
                .discount(0.5),
        )
        .evidence(
            Evidence::builder("e2")
                .likelihood("a", 0.6)
                .likelihood("b", 0.4),
        )
        .perspective(
            Perspective::builder("p")
                .discount_source("s", 0.25)
                .discount_kind("k", 0.5)
                .prior("a", 3.0)
                .prior("b", 1.0),
        )
        .build()
        .unwrap();
    let page = WhatIf::new(&c).unwrap().initial("p");
    assert_eq!(page.initial, "p");
    let p = &page.perspectives[1];
    assert_eq!(p.sources, [("s".to_string(), 0.25)]);
    // the item's own 0.5 times the kind's 0.5
    assert_eq!(p.items, [("e1".to_string(), 0.25)]);
    assert!(p.sets_prior);
    assert_eq!(p.prior, [0.75, 0.25]);
    assert!(!page.perspectives[0].sets_prior);
    assert_eq!(page.perspectives[0].items, [("e1".to_string(), 0.5)]);
    assert_eq!(page.items[0].base_reliability, 0.8);
    assert_eq!(page.items[1].source, None);
}

#[cfg(feature = "cli")]
#[test]
fn the_command_line_flag() {
    use std::process::Command;
    let sarmin = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/cases/jim/sarmin-2015-03-16.json"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_attrib"))
        .args([
            "report",
            sarmin,
            "--format",
            "html",
            "--interactive",
            "--draws",
            "100",
            "-q",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(html.contains("id=\"whatif-data\""));
    let out = Command::new(env!("CARGO_BIN_EXE_attrib"))
        .args(["report", sarmin, "--interactive", "--draws", "100", "-q"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "error: --interactive needs --format html"
    );
}

#[test]
fn the_page_marks_the_named_standards_of_a_jim_case() {
    let case = attrib::Case::from_path(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/cases/jim/qmenas-2015-03-16.json"
    ))
    .unwrap();
    let page = attrib::report::whatif::WhatIf::new(&case).unwrap();
    let named: Vec<(&str, f64)> = page
        .standards
        .iter()
        .map(|s| (s.id.as_str(), s.threshold))
        .collect();
    let want: Vec<(&str, f64)> = case
        .standards()
        .iter()
        .map(|s| (s.id(), s.threshold().get()))
        .collect();
    assert_eq!(named, want);
    assert_eq!(named.len(), 3);
}
