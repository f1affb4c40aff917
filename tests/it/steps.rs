//! Steps of reasoning (an extension of docs/model.md section 9): declared
//! in a codebook or a case, named by kinds and items, inherited, checked
//! like every field, written back; and the break-even search over a set
//! of items (`BreakEven::items`, `BreakEven::step`), checked against a
//! value solved by hand.

use attrib::{BreakEven, Case, Codebook, ErrorKind, Evidence};
use std::path::PathBuf;

/// A fresh folder under the system's temporary one, for this test only.
fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("attrib-steps-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const BOOK: &str = r#"{"version": 1, "hypotheses": ["a", "b"],
  "steps": [{"id": "how", "label": "How was it delivered?", "rationale": "the drop"},
            {"id": "who", "label": "Who could deliver it?"}],
  "kinds": [{"id": "drop", "likelihoods": {"a": 0.8, "b": 0.2}, "step": "how"},
            {"id": "radar", "likelihoods": {"a": 0.9, "b": 0.3}, "step": "who"}]}"#;

fn case_with(dir: &str, book: &str, case: &str) -> Result<Case, attrib::Error> {
    let dir = folder(dir);
    std::fs::write(dir.join("codebook.json"), book).unwrap();
    std::fs::write(dir.join("case.json"), case).unwrap();
    Case::from_path(dir.join("case.json"))
}

#[test]
fn items_take_their_kinds_step_unless_they_name_their_own() {
    let case = case_with(
        "inherit",
        BOOK,
        r#"{"version": 1, "codebook": "codebook.json",
            "steps": [{"id": "agent", "label": "What was used?"}],
            "hypotheses": [{"id": "a"}, {"id": "b"}],
            "evidence": [{"id": "d1", "kind": "drop"},
                         {"id": "d2", "kind": "drop", "step": "agent"},
                         {"id": "r", "kind": "radar"}]}"#,
    )
    .unwrap();
    let ids: Vec<&str> = case.steps().iter().map(|s| s.id()).collect();
    assert_eq!(ids, ["how", "who", "agent"], "the codebook's first");
    let steps: Vec<Option<&str>> = case.evidence().iter().map(|e| e.step()).collect();
    assert_eq!(steps, [Some("how"), Some("agent"), Some("who")]);
    assert_eq!(case.steps()[0].rationale(), Some("the drop"));
    // written back self-contained, steps and all, and read back equal
    let json = case.to_json().unwrap();
    let back = Case::from_json(&json).unwrap();
    assert_eq!(back, case);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["steps"][1]["label"], "Who could deliver it?");
    assert_eq!(v["evidence"][1]["step"], "agent");
}

#[test]
fn steps_change_no_score() {
    let with = Case::from_json(
        r#"{"version": 1, "steps": [{"id": "how"}], "hypotheses": [{"id": "a"}, {"id": "b"}],
            "evidence": [{"id": "e", "step": "how", "likelihoods": {"a": 0.8, "b": 0.2}}]}"#,
    )
    .unwrap();
    let without = Case::from_json(
        r#"{"version": 1, "hypotheses": [{"id": "a"}, {"id": "b"}],
            "evidence": [{"id": "e", "likelihoods": {"a": 0.8, "b": 0.2}}]}"#,
    )
    .unwrap();
    assert_eq!(
        with.score().unwrap().probabilities(),
        without.score().unwrap().probabilities()
    );
}

#[test]
fn an_unknown_step_is_one_error_naming_the_file_the_item_and_the_field() {
    let e = case_with(
        "unknown-item",
        BOOK,
        r#"{"version": 1, "codebook": "codebook.json", "hypotheses": [{"id": "a"}, {"id": "b"}],
            "evidence": [{"id": "d1", "kind": "drop", "step": "wh0"}]}"#,
    )
    .unwrap_err();
    let text = e.to_string();
    assert!(text.contains("case.json"), "{text}");
    assert!(
        text.contains("evidence 'd1': step names 'wh0', which is not a declared step"),
        "{text}"
    );
    assert_eq!(e.kind(), ErrorKind::UnknownReference);

    let book = BOOK.replace(r#""step": "who""#, r#""step": "whom""#);
    let e = Codebook::from_json(&book).unwrap_err().to_string();
    assert_eq!(
        e,
        "kind 'radar': step names 'whom', which is not a declared step"
    );
    let e = case_with(
        "unknown-kind-step",
        &book,
        r#"{"version": 1, "codebook": "codebook.json", "hypotheses": [{"id": "a"}, {"id": "b"}],
            "evidence": []}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("codebook.json") && e.contains("kind 'radar'"),
        "{e}"
    );
}

#[test]
fn steps_are_checked_like_every_field() {
    let rejected = |json: &str| Case::from_json(json).unwrap_err().to_string();
    assert_eq!(
        rejected(
            r#"{"version": 1, "steps": [{"id": "how"}, {"id": "how"}],
                "hypotheses": [{"id": "a"}, {"id": "b"}], "evidence": []}"#
        ),
        "case: step id 'how' appears more than once"
    );
    assert!(
        rejected(
            r#"{"version": 1, "steps": [{"id": "how", "lable": "x"}],
                "hypotheses": [{"id": "a"}, {"id": "b"}], "evidence": []}"#
        )
        .starts_with("step 'how': unknown field 'lable'"),
    );
    // a step defined in the codebook and again in the case
    let e = case_with(
        "twice",
        BOOK,
        r#"{"version": 1, "codebook": "codebook.json", "steps": [{"id": "how"}],
            "hypotheses": [{"id": "a"}, {"id": "b"}], "evidence": []}"#,
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::DefinedTwice);
    // an item added to a compiled case is checked against the steps too
    let case = Case::from_json(
        r#"{"version": 1, "steps": [{"id": "how"}], "hypotheses": [{"id": "a"}, {"id": "b"}],
            "evidence": []}"#,
    )
    .unwrap();
    let mut compiled = case.compile().unwrap();
    assert!(
        compiled
            .add(
                Evidence::builder("x")
                    .likelihood("a", 0.5)
                    .likelihood("b", 0.5)
                    .step("how")
            )
            .is_ok()
    );
    assert!(
        compiled
            .add(
                Evidence::builder("y")
                    .likelihood("a", 0.5)
                    .likelihood("b", 0.5)
                    .step("who")
            )
            .is_err()
    );
}

/// Three items under mixture weighting (chance 0.5); `e1` and `e2` are the
/// step `who`, `e2` with credibility 0.8, `e3` outside it. At discount `d`
/// on the step, each item's ratio a:b is
/// `(0.5 + (l(a) - 0.5) r) / (0.5 + (l(b) - 0.5) r)`:
/// `e1` (2 + d) / (2 - d), `e2` (2 + 0.8 d) / (2 - 0.8 d), `e3` 1.5 (not
/// discounted). Threshold 0.8 needs odds 4, so the break-even solves
/// `(2 + d)(2 + 0.8 d) / ((2 - d)(2 - 0.8 d)) = 8 / 3`, that is
/// `4 d^2 - 39.6 d + 20 = 0`, `d = (39.6 - sqrt(39.6^2 - 320)) / 8`.
fn solved_by_hand() -> Case {
    Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .threshold(0.8)
        .step("who", "Who could deliver it?")
        .evidence(
            Evidence::builder("e1")
                .likelihood("a", 0.75)
                .likelihood("b", 0.25)
                .step("who"),
        )
        .evidence(
            Evidence::builder("e2")
                .likelihood("a", 0.75)
                .likelihood("b", 0.25)
                .credibility(0.8)
                .step("who"),
        )
        .evidence(
            Evidence::builder("e3")
                .likelihood("a", 0.6)
                .likelihood("b", 0.4),
        )
        .build()
        .unwrap()
}

#[test]
fn the_break_even_of_a_step_is_the_value_solved_by_hand() {
    let case = solved_by_hand();
    // at full trust: odds 3 x (2.8 / 1.2) x 1.5 = 10.5, attributed
    let p = case.score().unwrap().probability("a").unwrap().get();
    assert!((p - 10.5 / 11.5).abs() < 1e-12);
    let want = (39.6 - (39.6f64 * 39.6 - 320.0).sqrt()) / 8.0;
    let by_step = BreakEven::step("who").run(&case).unwrap().unwrap().get();
    assert!((by_step - want).abs() < 1e-6, "{by_step} vs {want}");
    let by_items = BreakEven::items(["e1", "e2"]).run(&case).unwrap();
    assert_eq!(by_items.map(|d| d.get()), Some(by_step));
    // one item alone moves less: no discount of e3 (1.5:1) changes it
    assert_eq!(BreakEven::items(["e3"]).run(&case).unwrap(), None);
    // unknown names are errors, not silent
    assert_eq!(
        BreakEven::step("how").run(&case).unwrap_err().kind(),
        ErrorKind::NotFound
    );
    assert_eq!(
        BreakEven::items(["e1", "nope"])
            .run(&case)
            .unwrap_err()
            .kind(),
        ErrorKind::NotFound
    );
}

/// The report of a case with steps shows the chain: each step with its
/// findings and weights, the carrying step and its break-even, the
/// rivals; a case without steps shows none.
#[cfg(feature = "monte-carlo")]
#[test]
fn the_report_shows_the_chain() {
    use attrib::report::Report;
    let with = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .threshold(0.8)
        .step("how", "How was it delivered?")
        .step("who", "Who could deliver it?")
        .evidence(
            Evidence::builder("drop")
                .likelihood("a", 0.95)
                .likelihood("b", 0.05)
                .quote("a helicopter dropped it")
                .step("how"),
        )
        .evidence(
            Evidence::builder("radar")
                .likelihood("a", 0.6)
                .likelihood("b", 0.4)
                .step("who"),
        )
        .build()
        .unwrap();
    let md = Report::new(&with).draws(200).seed(1).markdown().unwrap();
    assert!(md.contains("## The chain of reasoning"), "{md}");
    assert!(
        md.contains("### 1\\. How was it delivered? (`how`)"),
        "{md}"
    );
    // drop: 0.95 / 0.05 = 19:1, +12.8 dB; radar 1.5:1, +1.8 dB
    assert!(
        md.contains(
            "| `drop` | quote: \u{201c}a helicopter dropped it\u{201d} | +12.8 dB | 19.00 | 1.000 |"
        ),
        "{md}"
    );
    assert!(md.contains("`how`, +12.8 dB."), "{md}");
    // the verdict falls when the drop keeps less than d of its trust: with
    // the radar's 1.5, (0.5 + 0.45 d) / (0.5 - 0.45 d) = 4 / 1.5 at
    // d = 0.5 * (8/3 - 1) / (0.45 * (8/3 + 1)) = 0.5051
    let d = 0.5 * (8.0 / 3.0 - 1.0) / (0.45 * (8.0 / 3.0 + 1.0));
    let shown: f64 = md
        .split("keep less than ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|x| x.parse().ok())
        .unwrap();
    assert!((shown - d).abs() < 1e-4, "{shown} vs {d}");
    assert!(md.contains("- `b` 0.0"), "{md}");
    #[cfg(feature = "plot")]
    {
        let html = Report::new(&with).draws(200).seed(1).html().unwrap();
        assert!(html.contains("<section id=\"chain\">"));
        assert!(html.contains("<h3>1. <bdi>How was it delivered?</bdi> (<code>how</code>)</h3>"));
        assert!(html.contains("<td class=\"num\">+12.8 dB</td>"));
    }
    let without = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .evidence(
            Evidence::builder("e")
                .likelihood("a", 0.9)
                .likelihood("b", 0.1),
        )
        .build()
        .unwrap();
    let md = Report::new(&without).draws(200).seed(1).markdown().unwrap();
    assert!(!md.contains("The chain of reasoning"));
}

/// The JSON report and `Chain`'s JSON carry the chain of the case solved
/// by hand above: the step `who` (e1 3:1, e2 2.8:1.2 after its
/// credibility) carries the verdict, its break-even is the root of
/// `4 d^2 - 39.6 d + 20 = 0`, and the item without a step is a last link
/// of its own (1.5:1). A case without steps has no `chain` key.
#[cfg(all(feature = "json", feature = "monte-carlo"))]
#[test]
fn the_json_report_has_the_chain_of_a_case_with_steps() {
    use attrib::report::Report;
    let case = solved_by_hand();
    let v = Report::new(&case).draws(100).json().unwrap();
    let chain = &v["chain"];
    assert_eq!(
        chain,
        &serde_json::to_value(attrib::Chain::of(&case).unwrap()).unwrap()
    );
    assert_eq!(chain["leader"], "a");
    assert_eq!(chain["runner_up"], "b");
    assert_eq!(chain["carrier"], "who");
    let db = |x: f64| 10.0 * x.log10();
    let num = |v: &serde_json::Value| v.as_f64().unwrap();
    let who = &chain["links"][0];
    assert_eq!(who["step"], "who");
    assert_eq!(who["label"], "Who could deliver it?");
    assert!((num(&who["weight"]) - db(3.0 * 2.8 / 1.2)).abs() < 1e-9);
    let want = (39.6 - (39.6f64 * 39.6 - 320.0).sqrt()) / 8.0;
    assert!((num(&who["break_even"]) - want).abs() < 1e-6);
    assert_eq!(who["findings"][1]["evidence"], "e2");
    assert!((num(&who["findings"][1]["weight"]) - db(2.8 / 1.2)).abs() < 1e-9);
    let loose = &chain["links"][1];
    assert!(loose["step"].is_null() && loose["label"].is_null());
    assert!((num(&loose["weight"]) - db(1.5)).abs() < 1e-9);
    let b = &chain["rivals"][0];
    assert_eq!(b["hypothesis"], "b");
    assert!((num(&b["probability"]) - 1.0 / 11.5).abs() < 1e-12);
    assert_eq!(num(&b["prior_weight"]), 0.0);
    // without steps, no chain
    let plain = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .evidence(
            Evidence::builder("e")
                .likelihood("a", 0.6)
                .likelihood("b", 0.4),
        )
        .build()
        .unwrap();
    assert!(
        Report::new(&plain)
            .draws(100)
            .json()
            .unwrap()
            .get("chain")
            .is_none()
    );
}
