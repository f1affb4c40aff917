//! A hostile case file (issue 25) through the library: ids a reader can
//! trust (no bidi controls or zero-width characters, one id per NFC form,
//! a warning for look-alikes), messages that quote at most 200 characters,
//! `score_ln_likelihoods` near `-1e308`, and the verdict at threshold 1.

use attrib::{Case, ErrorKind, Status, Warning};
use serde_json::json;

fn case_with(hypotheses: &[&str]) -> Result<Case, attrib::Error> {
    let hs: Vec<_> = hypotheses
        .iter()
        .map(|h| json!({"id": h, "label": "same label"}))
        .collect();
    Case::from_json(&json!({"version": 1, "hypotheses": hs, "evidence": []}).to_string())
}

#[test]
fn a_right_to_left_override_in_an_id_is_refused() {
    // `isil` and `U+202E lisi`, which shows as a second `isil`
    let e = case_with(&["isil", "\u{202E}lisi", "other"]).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidId);
    assert_eq!(
        e.to_string(),
        "hypothesis #2: id \"\\u{202e}lisi\" is not valid: it contains a bidirectional control character, which can make it read as another id"
    );
}

#[test]
fn a_zero_width_joiner_in_an_id_is_refused() {
    let e = case_with(&["gov", "gov\u{200D}", "other"]).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidId);
    assert!(e.to_string().contains("zero-width"), "{e}");
}

#[test]
fn ids_equal_in_nfc_are_an_error_naming_both() {
    let composed = "caf\u{e9}";
    let decomposed = "cafe\u{301}";
    let e = case_with(&[composed, decomposed, "other"]).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Equivalent);
    assert!(e.is_structure());
    assert_eq!(
        e.to_string(),
        format!(
            "case: hypothesis id '{composed}' and '{decomposed}' are the same id in different Unicode forms (equal after NFC normalisation)"
        )
    );
    assert_eq!(e.value(), Some(composed));
    // evidence ids too
    let e = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .evidence(
            attrib::Evidence::builder(composed)
                .likelihood("a", 0.5)
                .likelihood("b", 0.4),
        )
        .evidence(
            attrib::Evidence::builder(decomposed)
                .likelihood("a", 0.5)
                .likelihood("b", 0.4),
        )
        .build()
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Equivalent);
}

#[test]
fn look_alike_ids_get_a_warning() {
    // Latin `isil` and `іsil` with a Cyrillic `і` (U+0456)
    let case = case_with(&["isil", "\u{456}sil", "other"]).unwrap();
    let warnings = case.warnings();
    let w: Vec<&Warning> = warnings
        .iter()
        .filter(|w| matches!(w, Warning::LookAlike { .. }))
        .collect();
    assert_eq!(w.len(), 1, "{w:?}");
    let v = serde_json::to_value(w[0]).unwrap();
    assert_eq!(v["kind"], "look-alike");
    assert_eq!(v["hypothesis"], "\u{456}sil");
    assert_eq!(v["like"], json!({"hypothesis": "isil"}));
    let back: Warning = serde_json::from_value(v).unwrap();
    assert_eq!(&back, w[0]);
    // ids that merely share letters do not
    assert!(
        !case_with(&["gov", "rebels", "other"])
            .unwrap()
            .warnings()
            .iter()
            .any(|w| matches!(w, Warning::LookAlike { .. }))
    );
}

#[test]
fn a_message_quotes_at_most_200_characters_then_the_count() {
    let long = "x".repeat(1_000_000);
    let text = json!({"version": 1,
        "hypotheses": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
        "evidence": [{"id": "e", "likelihoods": {"a": 0.5, "b": 0.5, long.clone(): 0.5}}]})
    .to_string();
    let e = Case::from_json(&text).unwrap_err();
    let m = e.to_string();
    assert!(m.len() < 500, "{} bytes: {}", m.len(), &m[..300]);
    assert!(
        m.contains(&format!("{}... (1000000 characters)", "x".repeat(200))),
        "{m}"
    );
    // the error keeps the text whole
    assert_eq!(e.value().map(str::len), Some(1_000_000));
}

#[test]
fn score_ln_likelihoods_near_minus_1e308_is_no_silent_zero_row() {
    // two items, both hypotheses near -1e308: only the differences count
    let ln_l = [-1e308, -1e308 - 1e292, -1e308, -1e308];
    let mut post = [0.0; 2];
    let contradictory = attrib::score_ln_likelihoods(&ln_l, 2, 2, None, &mut post).unwrap();
    assert_eq!(contradictory, 0);
    assert!((post.iter().sum::<f64>() - 1.0).abs() < 1e-15, "{post:?}");
    // the same case shifted by its maximum gives the same posterior
    let shifted = [0.0, -1e292, 0.0, 0.0];
    let mut expect = [0.0; 2];
    attrib::score_ln_likelihoods(&shifted, 2, 2, None, &mut expect).unwrap();
    assert_eq!(post, expect);
    // and a genuine elimination stays one
    let ln_l = [-1e308, f64::NEG_INFINITY, -1e308, -1e308];
    attrib::score_ln_likelihoods(&ln_l, 2, 2, None, &mut post).unwrap();
    assert_eq!(post, [1.0, 0.0]);
}

#[test]
fn threshold_one_with_a_surviving_rival_is_insufficient() {
    // prior 1 : 1e-20; the f64 posterior rounds to 1.0, the exact one is
    // below it; the reference (tests/reference/model.py) says insufficient
    let case = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .prior("a", 1.0)
        .prior("b", 1e-20)
        .threshold(1.0)
        .build()
        .unwrap();
    let post = case.score().unwrap();
    assert_eq!(post.probability("a").unwrap().get(), 1.0);
    assert_eq!(post.verdict().status(), Status::Insufficient);
    // with the rival eliminated, the posterior is exactly 1: attributed
    let case = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .prior("a", 1.0)
        .prior("b", 0.0)
        .threshold(1.0)
        .build()
        .unwrap();
    assert_eq!(case.score().unwrap().verdict().status(), Status::Attributed);
}
