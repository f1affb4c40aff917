//! Every rejection rule of docs/model.md sections 1, 2 and 7: bad input gets an
//! error that names the item and field (and the value and range), from a
//! case file and from the builder alike.

use attrib::{Case, ErrorKind, Evidence, Item};
use serde_json::{Value, json};

fn base() -> Value {
    json!({
        "version": 1,
        "hypotheses": [
            {"id": "government", "label": "Syrian Arab Armed Forces"},
            {"id": "isil", "label": "ISIL"},
            {"id": "other", "label": "Another actor"}
        ],
        "sources": [{"id": "residents", "label": "Residents", "admiralty": "C"}],
        "groups": [{"id": "witnesses", "correlation": 0.5}],
        "evidence": [
            {"id": "e1", "description": "helicopter heard",
             "likelihoods": {"government": 0.9, "isil": 0.01, "other": 0.1},
             "source": "residents", "group": "witnesses"},
            {"id": "e3", "description": "crater",
             "likelihoods": {"government": 0.5, "isil": 0.2, "other": 0.3}}
        ]
    })
}

/// The error message after `change` is applied to the base case file.
fn rejected(change: impl FnOnce(&mut Value)) -> String {
    let mut v = base();
    change(&mut v);
    let text = serde_json::to_string(&v).unwrap();
    match Case::from_json(&text) {
        Ok(_) => panic!("accepted: {text}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn base_is_valid() {
    let case = Case::from_json(&base().to_string()).unwrap();
    assert_eq!(case.evidence().len(), 2);
}

#[test]
fn version() {
    assert_eq!(
        rejected(|v| v["version"] = json!(2)),
        "case: version is 2, this crate reads version 1"
    );
    let msg = rejected(|v| {
        v.as_object_mut().unwrap().remove("version");
    });
    assert!(msg.starts_with("missing field `version`"), "{msg}");
}

#[test]
fn required_fields() {
    let msg = rejected(|v| {
        v.as_object_mut().unwrap().remove("hypotheses");
    });
    assert!(msg.starts_with("missing field `hypotheses`"), "{msg}");
    let msg = rejected(|v| {
        v.as_object_mut().unwrap().remove("evidence");
    });
    assert!(msg.starts_with("missing field `evidence`"), "{msg}");
    let msg = rejected(|v| {
        v["evidence"][0].as_object_mut().unwrap().remove("id");
    });
    assert!(msg.contains("missing field `id`"), "{msg}");
}

#[test]
fn unknown_fields_name_their_item() {
    assert_eq!(
        rejected(|v| v["titel"] = json!("x")),
        "case: unknown field 'titel'; did you mean 'title'?"
    );
    assert_eq!(
        rejected(|v| v["hypotheses"][1]["lable"] = json!("x")),
        "hypothesis 'isil': unknown field 'lable'; did you mean 'label'?"
    );
    assert_eq!(
        rejected(|v| v["evidence"][1]["realiability"] = json!(0.5)),
        "evidence 'e3': unknown field 'realiability'; did you mean 'reliability'?"
    );
    assert_eq!(
        rejected(|v| v["sources"][0]["grade"] = json!("B")),
        "source 'residents': unknown field 'grade' (fields here: 'id', 'label', 'reliability', 'admiralty', 'discount')"
    );
    assert_eq!(
        rejected(|v| v["groups"][0]["rho"] = json!(0.5)),
        "group 'witnesses': unknown field 'rho' (fields here: 'id', 'label', 'correlation')"
    );
    assert_eq!(
        rejected(|v| v["uncertainty"] = json!({"concentration": 3})),
        "case: unknown field 'concentration' (fields here: 'likelihood_concentration', 'prior_concentration')"
    );
}

#[test]
fn hypotheses() {
    assert_eq!(
        rejected(|v| v["hypotheses"] = json!([{"id": "a", "label": "A"}])),
        "case: a case needs at least 2 hypotheses, found 1"
    );
    assert_eq!(
        rejected(|v| v["hypotheses"][1]["id"] = json!("")),
        "hypothesis #2: id \"\" is not valid: it is empty"
    );
    assert_eq!(
        rejected(|v| v["hypotheses"][2]["id"] = json!("isil")),
        "case: hypothesis id 'isil' appears more than once"
    );
    assert_eq!(
        rejected(|v| v["hypotheses"][0]["id"] = json!("gov\tx")),
        "hypothesis #1: id \"gov\\tx\" is not valid: it contains a control character"
    );
}

#[test]
fn prior() {
    assert_eq!(
        rejected(|v| v["prior"] = json!({"government": 1, "isil": 1})),
        "prior: weight for 'other' is missing"
    );
    assert_eq!(
        rejected(|v| v["prior"] = json!({"government": 1, "isil": 1, "other": 1, "russia": 1})),
        "prior: weight names 'russia', which is not a declared hypothesis"
    );
    assert_eq!(
        rejected(|v| v["prior"] = json!({"government": 1, "isil": -1, "other": 1})),
        "prior: weight for 'isil' is -1, must be in 0..infinity (finite)"
    );
    assert_eq!(
        rejected(|v| v["prior"] = json!({"government": 0, "isil": 0, "other": 0})),
        "prior: every weight is 0, at least one must be positive"
    );
    // A duplicated key in a JSON object is reported, not silently dropped.
    let text = base().to_string().replacen(
        "\"version\":1",
        "\"version\":1,\"prior\":{\"isil\":1,\"isil\":2,\"government\":1,\"other\":1}",
        1,
    );
    assert_eq!(
        Case::from_json(&text).unwrap_err().to_string(),
        "prior: weight for 'isil' appears more than once"
    );
}

#[test]
fn prior_non_finite_from_rust() {
    for w in [f64::NAN, f64::INFINITY] {
        let err = Case::builder()
            .hypothesis("a", "A")
            .hypothesis("b", "B")
            .prior("a", w)
            .prior("b", 1.0)
            .build()
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("prior: weight for 'a' is {w}, must be in 0..infinity (finite)")
        );
    }
}

#[test]
fn likelihoods() {
    assert_eq!(
        rejected(|v| v["evidence"][1]["likelihoods"]["isil"] = json!(1.2)),
        "evidence 'e3': likelihood for 'isil' is 1.2, must be in 0..=1"
    );
    assert_eq!(
        rejected(|v| v["evidence"][1]["likelihoods"]["isil"] = json!(-0.1)),
        "evidence 'e3': likelihood for 'isil' is -0.1, must be in 0..=1"
    );
    assert_eq!(
        rejected(|v| {
            v["evidence"][1]["likelihoods"]
                .as_object_mut()
                .unwrap()
                .remove("other");
        }),
        "evidence 'e3': likelihood for 'other' is missing"
    );
    assert_eq!(
        rejected(|v| v["evidence"][1]["likelihoods"]["isl"] = json!(0.2)),
        "evidence 'e3': likelihood names 'isl', which is not a declared hypothesis"
    );
    assert_eq!(
        rejected(
            |v| v["evidence"][1]["likelihoods"] = json!({"government": 0, "isil": 0, "other": 0})
        ),
        "evidence 'e3': every likelihood is 0, at least one must be positive"
    );
    assert_eq!(
        rejected(|v| v["evidence"][1]["likelihoods"]["isil"] = json!([0.9, 0.6])),
        "evidence 'e3': likelihood for 'isil' is the range [0.9, 0.6], whose low end is above its high end"
    );
    assert_eq!(
        rejected(|v| v["evidence"][1]["likelihoods"]["isil"] = json!([0.6, 1.5])),
        "evidence 'e3': likelihood for 'isil' is 1.5, must be in 0..=1"
    );
    let msg = rejected(|v| v["evidence"][1]["likelihoods"]["isil"] = json!([0.1, 0.2, 0.3]));
    assert!(msg.contains("a range [low, high]"), "{msg}");
    // a string is a word (docs/model.md section 11), here not one of the scale's
    let msg = rejected(|v| v["evidence"][1]["likelihoods"]["isil"] = json!("high"));
    assert!(
        msg.starts_with(
            "evidence 'e3': likelihood for 'isil' is \"high\", not a word of scale 'icd-203'"
        ),
        "{msg}"
    );
    let msg = rejected(|v| v["evidence"][1]["likelihoods"]["isil"] = json!(true));
    assert!(
        msg.contains("a number, a range [low, high] or a word of a scale"),
        "{msg}"
    );
    let text = base()
        .to_string()
        .replacen("\"isil\":0.2", "\"isil\":0.2,\"isil\":0.3", 1);
    assert_eq!(
        Case::from_json(&text).unwrap_err().to_string(),
        "evidence 'e3': likelihood for 'isil' appears more than once"
    );
}

#[test]
fn evidence_ids() {
    assert_eq!(
        rejected(|v| v["evidence"][1]["id"] = json!("e1")),
        "case: evidence id 'e1' appears more than once"
    );
    assert_eq!(
        rejected(|v| v["evidence"][1]["id"] = json!("")),
        "evidence #2: id \"\" is not valid: it is empty"
    );
}

#[test]
fn optional_numbers() {
    for (field, value) in [
        ("reliability", json!(1.2)),
        ("chance", json!(-0.5)),
        ("observed", json!(2)),
        ("credibility", json!(1.5)),
    ] {
        let shown = value.to_string();
        assert_eq!(
            rejected(|v| v["evidence"][1][field] = value),
            format!("evidence 'e3': {field} is {shown}, must be in 0..=1")
        );
    }
    assert_eq!(
        rejected(|v| v["evidence"][1]["reliability"] = json!([0.8, 0.5])),
        "evidence 'e3': reliability is the range [0.8, 0.5], whose low end is above its high end"
    );
    assert_eq!(
        rejected(|v| v["evidence"][1]["concentration"] = json!(0)),
        "evidence 'e3': concentration is 0, must be in 0<..infinity (finite)"
    );
    assert_eq!(
        rejected(|v| v["evidence"][1]["credibility"] = json!("7")),
        "evidence 'e3': credibility is \"7\", must be one of a number in 0..=1 or \"1\", \"2\", \"3\", \"4\", \"5\", \"6\""
    );
}

#[test]
fn references_to_sources_and_groups() {
    assert_eq!(
        rejected(|v| v["evidence"][1]["source"] = json!("satellite")),
        "evidence 'e3': source names 'satellite', which is not a declared source"
    );
    assert_eq!(
        rejected(|v| v["evidence"][1]["group"] = json!("echo")),
        "evidence 'e3': group names 'echo', which is not a declared group"
    );
}

#[test]
fn sources() {
    assert_eq!(
        rejected(|v| v["sources"][0]["reliability"] = json!(0.8)),
        "source 'residents': give reliability or admiralty, not both"
    );
    assert_eq!(
        rejected(|v| v["sources"][0]["admiralty"] = json!("G")),
        "source 'residents': admiralty is \"G\", must be one of \"A\", \"B\", \"C\", \"D\", \"E\", \"F\""
    );
    assert_eq!(
        rejected(|v| v["sources"] = json!([{"id": "s", "reliability": 1.1}])),
        "source 's': reliability is 1.1, must be in 0..=1"
    );
    assert_eq!(
        rejected(|v| v["sources"][0]["discount"] = json!(-0.5)),
        "source 'residents': discount is -0.5, must be in 0..=1"
    );
    assert_eq!(
        rejected(|v| v["sources"] = json!([{"id": "s"}, {"id": "s"}])),
        "case: source id 's' appears more than once"
    );
}

#[test]
fn groups() {
    assert_eq!(
        rejected(|v| v["groups"][0]["correlation"] = json!(1.5)),
        "group 'witnesses': correlation is 1.5, must be in 0..=1"
    );
    assert_eq!(
        rejected(|v| {
            v["groups"][0]
                .as_object_mut()
                .unwrap()
                .remove("correlation");
        }),
        "group 'witnesses': correlation is missing"
    );
    assert_eq!(
        rejected(|v| v["groups"][0]["id"] = json!("")),
        "group #1: id \"\" is not valid: it is empty"
    );
}

#[test]
fn case_settings() {
    assert_eq!(
        rejected(|v| v["threshold"] = json!(1.5)),
        "case: threshold is 1.5, must be in 0..=1"
    );
    assert_eq!(
        rejected(|v| v["weighting"] = json!("bayes")),
        "case: weighting is \"bayes\", must be one of \"mixture\", \"tempered\""
    );
    assert_eq!(
        rejected(|v| v["uncertainty"] = json!({"likelihood_concentration": -1})),
        "case: uncertainty.likelihood_concentration is -1, must be in 0<..infinity (finite)"
    );
}

#[test]
fn syntax_errors_give_line_and_column() {
    let err = Case::from_json("{\"version\": 1,\n \"hypotheses\": [}").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Syntax);
    assert_eq!(json_place(&err), (2, 17));
    let err = Case::from_json("").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Syntax);
    assert_eq!(json_place(&err), (1, 0));
    assert_eq!(Case::from_json("[]").unwrap_err().kind(), ErrorKind::Syntax);
    let msg = Case::from_json("[]").unwrap_err().to_string();
    assert!(
        msg.starts_with("invalid type: sequence, expected a case file object"),
        "{msg}"
    );
    // Deep nesting, at the top or inside an unknown field, stops at the
    // parser's recursion limit: an error, not a stack overflow.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(Case::from_json(&deep).is_err());
    let nested = format!(
        "{{\"version\": 1, \"x\": {}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let msg = Case::from_json(&nested).unwrap_err().to_string();
    assert!(msg.contains("recursion limit"), "{msg}");
    let big = base().to_string().replacen("0.5", "1e400", 1);
    let msg = Case::from_json(&big).unwrap_err().to_string();
    assert!(msg.contains("number out of range"), "{msg}");
}

#[test]
fn builder_rejects_like_the_file() {
    let err = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .evidence(
            Evidence::builder("e3")
                .likelihood("a", 0.5)
                .likelihood("b", f64::NAN),
        )
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OutOfRange);
    assert_eq!(err.item(), Some(&Item::Evidence("e3".into())));
    assert_eq!(err.field(), Some("likelihood for 'b'"));
    assert_eq!(
        err.to_string(),
        "evidence 'e3': likelihood for 'b' is NaN, must be in 0..=1"
    );
    let err = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .evidence(
            Evidence::builder("e")
                .likelihood("a", 0.5)
                .likelihood("b", 0.5)
                .reliability(f64::INFINITY),
        )
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "evidence 'e': reliability is inf, must be in 0..=1"
    );
    let err = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .threshold(f64::NEG_INFINITY)
        .build()
        .unwrap_err();
    assert_eq!(err.to_string(), "case: threshold is -inf, must be in 0..=1");
}

#[test]
fn discount_and_lookups() {
    let case = Case::from_json(&base().to_string()).unwrap();
    assert_eq!(
        case.discount_source("residents", 1.5)
            .unwrap_err()
            .to_string(),
        "source 'residents': discount is 1.5, must be in 0..=1"
    );
    assert_eq!(
        case.discount_source("nobody", 0.5).unwrap_err().to_string(),
        "source 'nobody': not found in the case"
    );
}

#[test]
fn errors_group_by_kind_for_matching() {
    use attrib::ErrorKind;
    // a bad value read from a file keeps the kind of the value's error
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("kinds");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.json");
    std::fs::write(
        &path,
        r#"{"version": 1, "hypotheses": [{"id": "a"}, {"id": "b"}],
            "evidence": [{"id": "e", "likelihoods": {"a": 1.5, "b": 0.5}}]}"#,
    )
    .unwrap();
    let err = Case::from_path(&path).unwrap_err();
    assert!(err.to_string().contains("bad.json"), "{err}");
    assert_eq!(err.kind(), ErrorKind::OutOfRange);
    assert!(err.is_value());
    assert!(err.file().is_some_and(|f| f.ends_with("bad.json")));
    let missing = Case::from_path(dir.join("missing.json")).unwrap_err();
    assert_eq!(missing.kind(), ErrorKind::Io);
    assert!(missing.is_file());
    // the system's error stays reachable
    let io = std::error::Error::source(&missing)
        .and_then(|s| s.downcast_ref::<std::io::Error>())
        .expect("an io::Error behind a file that cannot be read");
    assert_eq!(io.kind(), std::io::ErrorKind::NotFound);
    let syntax = Case::from_json("{").unwrap_err();
    assert_eq!(syntax.kind(), ErrorKind::Syntax);
    assert!(syntax.is_file());
    let twice = Case::from_json(
        r#"{"version": 1, "hypotheses": [{"id": "a"}, {"id": "a"}], "evidence": []}"#,
    )
    .unwrap_err();
    assert_eq!(twice.kind(), ErrorKind::Duplicate);
    assert!(twice.is_structure());
}

/// A wrong type deep in a file names the item (by its id) and the field,
/// and keeps the line and column.
#[test]
fn type_errors_name_the_item_and_field() {
    let msg = rejected(|v| v["evidence"][1]["likelihoods"]["isil"] = json!([0.2]));
    assert!(
        msg.starts_with(
            "evidence 'e3': likelihood for 'isil': invalid length 1, expected a range [low, high] at line 1 column "
        ),
        "{msg}"
    );
    let msg = rejected(|v| v["sources"][0]["reliability"] = json!(true));
    assert!(
        msg.starts_with("source 'residents': reliability: invalid type: boolean `true`"),
        "{msg}"
    );
    assert!(msg.contains(" at line 1 column "), "{msg}");
    // an item without a usable id is named by its position
    let msg = rejected(|v| {
        v["evidence"][0]["id"] = json!(7);
    });
    assert!(
        msg.starts_with("evidence #1: id: invalid type: integer `7`"),
        "{msg}"
    );
    // a top-level field is named alone
    let msg = rejected(|v| v["threshold"] = json!("high"));
    assert!(msg.starts_with("threshold: invalid type: string"), "{msg}");
    // pure syntax errors are as before
    let msg = Case::from_json("{\"version\": 1,\n \"hypotheses\": [}")
        .unwrap_err()
        .to_string();
    assert!(msg.starts_with("not valid JSON: "), "{msg}");
    assert!(msg.ends_with(" at line 2 column 17"), "{msg}");
}

#[test]
fn a_codebook_type_error_names_the_kind() {
    let err = attrib::Codebook::from_json(
        r#"{"version": 1, "hypotheses": ["a", "b"],
            "kinds": [{"id": "seen", "likelihoods": {"a": 0.9, "b": 0.1}},
                      {"id": "heard", "likelihoods": {"a": 0.9, "b": 0.1}, "source": 5}]}"#,
    )
    .unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.starts_with("kind 'heard': source: invalid type: integer `5`, expected "),
        "{msg}"
    );
    assert!(msg.contains(" at line 3 column "), "{msg}");
    assert_eq!(err.kind(), ErrorKind::Syntax);
    assert_eq!(json_place(&err).0, 3);
}

/// The line and column of the JSON parser's error behind a syntax error.
fn json_place(err: &attrib::Error) -> (usize, usize) {
    let json = std::error::Error::source(err)
        .and_then(|s| s.downcast_ref::<serde_json::Error>())
        .expect("a serde_json::Error behind a syntax error");
    (json.line(), json.column())
}
