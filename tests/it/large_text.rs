//! The large-text warning (`Warning::LargeText`, kind `large-text`): a
//! text field longer than 64 KiB (65 536 bytes of UTF-8) is flagged, with
//! the part of the case, the field and its length; 64 KiB or less is not.

use attrib::domain::{CasePart, TextField};
use attrib::{Case, Evidence, Perspective, Warning};
use serde_json::{Value, json};

const KIB: usize = 1024;

/// A case with nothing else to warn about: a catch-all, an item that
/// discriminates; `change` edits the case file first.
fn case(change: impl FnOnce(&mut Value)) -> Case {
    let mut v = json!({
        "version": 1,
        "hypotheses": [{"id": "a", "label": "A"}, {"id": "other", "label": "Other"}],
        "evidence": [{"id": "e1", "description": "seen",
                      "likelihoods": {"a": 0.8, "other": 0.2}}]
    });
    change(&mut v);
    Case::from_json(&v.to_string()).unwrap()
}

fn large(item: CasePart, field: TextField, bytes: usize) -> Warning {
    Warning::LargeText { item, field, bytes }
}

#[test]
fn a_100_kib_rationale_warns_a_10_kib_one_does_not() {
    let big = case(|v| v["evidence"][0]["rationale"] = json!("r".repeat(100 * KIB)));
    let w = big.warnings();
    let e1 = CasePart::Evidence("e1".try_into().unwrap());
    assert_eq!(w, [large(e1, TextField::Rationale, 102_400)]);
    assert_eq!(
        w[0].to_string(),
        "evidence 'e1': rationale is 102400 bytes long, more than 65536 (64 KiB); \
         reports print it in full, so check that it is the text meant, not a whole document pasted in"
    );
    let small = case(|v| v["evidence"][0]["rationale"] = json!("r".repeat(10 * KIB)));
    assert!(small.warnings().is_empty(), "{:?}", small.warnings());
}

#[test]
fn the_limit_is_64_kib_of_utf8_not_characters() {
    assert_eq!(Warning::LARGE_TEXT_BYTES, 65_536);
    let at = |text: String| case(|v| v["evidence"][0]["description"] = json!(text)).warnings();
    assert!(at("d".repeat(65_536)).is_empty());
    let e1 = || CasePart::Evidence("e1".try_into().unwrap());
    assert_eq!(
        at("d".repeat(65_537)),
        [large(e1(), TextField::Description, 65_537)]
    );
    // 'ب' is 2 bytes: 32 768 of them are 65 536 bytes, one more is over
    assert!(at("ب".repeat(32_768)).is_empty());
    assert_eq!(
        at("ب".repeat(32_769)),
        [large(e1(), TextField::Description, 65_538)]
    );
}

#[test]
fn sources_count_all_their_entries() {
    // three references of 30 000 bytes: none is large, together 90 000 are
    let w = case(|v| v["evidence"][0]["sources"] = json!(vec!["s".repeat(30_000); 3])).warnings();
    let e1 = CasePart::Evidence("e1".try_into().unwrap());
    assert_eq!(w, [large(e1, TextField::References, 90_000)]);
    assert!(
        w[0].to_string()
            .starts_with("evidence 'e1': sources is 90000 bytes long")
    );
    let two = case(|v| v["evidence"][0]["sources"] = json!(vec!["s".repeat(30_000); 2]));
    assert!(two.warnings().is_empty());
}

#[test]
fn every_text_field_in_the_order_of_the_case_file() {
    let t = |n: usize| "t".repeat(n);
    let case = Case::builder()
        .title(t(70_000))
        .date(t(10))
        .place(t(70_001))
        .hypothesis("a", t(70_002))
        .hypothesis("other", "Other")
        .source("s", t(70_003), 0.9)
        .group("g", 0.5)
        .evidence(
            Evidence::builder("e1")
                .description(t(70_004))
                .rationale(t(70_005))
                .reference(t(40_000))
                .reference(t(40_000))
                .likelihood("a", 0.8)
                .likelihood("other", 0.2)
                .source("s")
                .group("g"),
        )
        .perspective(
            Perspective::builder("p")
                .label(t(70_006))
                .rationale(t(70_007))
                .reference(t(70_008))
                .discount_source("s", 0.5),
        )
        .build()
        .unwrap();
    let h = || CasePart::Hypothesis("a".try_into().unwrap());
    let s = || CasePart::Source("s".try_into().unwrap());
    let e = || CasePart::Evidence("e1".try_into().unwrap());
    let p = || CasePart::Perspective("p".try_into().unwrap());
    assert_eq!(
        case.warnings(),
        [
            large(CasePart::Case, TextField::Title, 70_000),
            large(CasePart::Case, TextField::Place, 70_001),
            large(h(), TextField::Label, 70_002),
            large(s(), TextField::Label, 70_003),
            large(e(), TextField::Description, 70_004),
            large(e(), TextField::Rationale, 70_005),
            large(e(), TextField::References, 80_000),
            large(p(), TextField::Label, 70_006),
            large(p(), TextField::Rationale, 70_007),
            large(p(), TextField::References, 70_008),
        ]
    );
    assert!(
        case.warnings()[0]
            .to_string()
            .starts_with("case: title is 70000 bytes long")
    );
}

#[test]
fn a_group_label_counts_too() {
    let case = case(|v| {
        v["groups"] = json!([{"id": "g", "label": "g".repeat(65_600), "correlation": 0.5}]);
        v["evidence"][0]["group"] = json!("g");
    });
    let g = CasePart::Group("g".try_into().unwrap());
    assert_eq!(case.warnings(), [large(g, TextField::Label, 65_600)]);
}

#[test]
fn json_names_the_part_like_the_other_warnings() {
    let case = case(|v| v["evidence"][0]["rationale"] = json!("r".repeat(100 * KIB)));
    let w = &case.warnings()[0];
    let v = serde_json::to_value(w).unwrap();
    assert_eq!(
        v,
        json!({
            "kind": "large-text",
            "evidence": "e1",
            "field": "rationale",
            "bytes": 102_400,
            "message": w.to_string(),
        })
    );
    let back: Warning = serde_json::from_value(v).unwrap();
    assert_eq!(&back, w);

    // the case's own field: no id
    let titled = Case::builder()
        .title("t".repeat(66_000))
        .hypothesis("a", "A")
        .catch_all("x", "X")
        .build()
        .unwrap();
    let w = &titled.warnings()[0];
    let v = serde_json::to_value(w).unwrap();
    assert_eq!(v["kind"], "large-text");
    assert_eq!(v["field"], "title");
    assert_eq!(v["bytes"], 66_000);
    assert_eq!(v.as_object().unwrap().len(), 4, "{v}");
    let back: Warning = serde_json::from_value(v).unwrap();
    assert_eq!(&back, w);

    // read back from what a reader may write: sources, without a message
    let back: Warning = serde_json::from_value(json!({
        "kind": "large-text", "perspective": "p", "field": "sources", "bytes": 70_000
    }))
    .unwrap();
    assert_eq!(
        back,
        large(
            CasePart::Perspective("p".try_into().unwrap()),
            TextField::References,
            70_000
        )
    );
    // two parts at once is not a warning this crate writes
    assert!(
        serde_json::from_value::<Warning>(json!({
            "kind": "large-text", "evidence": "e", "source": "s",
            "field": "label", "bytes": 70_000
        }))
        .is_err()
    );
}

#[test]
fn the_scored_report_lists_it() {
    let case = case(|v| v["evidence"][0]["rationale"] = json!("r".repeat(100 * KIB)));
    let post = case.score().unwrap();
    let v = serde_json::to_value(attrib::report::Scored::new(&case, &post)).unwrap();
    assert_eq!(v["warnings"], json!([case.warnings()[0]]));
    assert_eq!(v["warnings"][0]["kind"], "large-text");
}

/// `attrib check` prints it as a `warning:` line and `attrib score
/// --format json` lists it.
#[cfg(feature = "cli")]
mod cli {
    use super::*;
    use std::path::PathBuf;
    use std::process::Command;

    #[test]
    fn check_shows_it() {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("large_text");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("big-rationale.json");
        let mut v: Value = serde_json::from_str(&case(|_| {}).to_json().unwrap()).unwrap();
        v["evidence"][0]["rationale"] = json!("r".repeat(100 * KIB));
        std::fs::write(&path, v.to_string()).unwrap();
        let run = |args: &[&str]| {
            let out = Command::new(env!("CARGO_BIN_EXE_attrib"))
                .args(args)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            String::from_utf8(out.stdout).unwrap()
        };
        let path = path.to_str().unwrap();
        let text = run(&["check", path]);
        assert!(
            text.contains(
                "\nwarning: evidence 'e1': rationale is 102400 bytes long, more than 65536 (64 KiB); \
                 reports print it in full, so check that it is the text meant, not a whole document pasted in\n"
            ),
            "{text}"
        );
        // and that nothing in the case is uncertain, which `check` says
        // too (issue 22)
        assert_eq!(text.matches("warning:").count(), 2, "{text}");
        assert!(text.contains("warning: nothing in the case is uncertain"));
        let v: Value = serde_json::from_str(&run(&["score", path, "--format", "json"])).unwrap();
        let warnings = v["warnings"].as_array().unwrap();
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0]["message"]
                .as_str()
                .unwrap()
                .starts_with("evidence 'e1': rationale is 102400 bytes long")
        );
    }
}
