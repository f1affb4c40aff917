//! The first hour of a new user (issue 24): the hints a first case file
//! gets (an item's `"admiralty": "B2"`, percentages, credibility digits
//! given as numbers, unknown fields, `"$comment"`), and, with `cli`, the
//! template of `attrib new`, `check` failing exactly where `score` does
//! over the fuzz corpus, and the README's "Your first case" run as written.

use attrib::{Case, ErrorKind};
use serde_json::{Value, json};

/// A case of two hypotheses with one item, `item` merged into the item and
/// `source` into its source (graded `B` unless `source` says otherwise).
fn case(item: Value, source: Value) -> Result<Case, attrib::Error> {
    let mut s = json!({"id": "s", "admiralty": "B"});
    for (k, x) in source.as_object().unwrap() {
        s[k] = x.clone();
    }
    let mut e = json!({"id": "e", "likelihoods": {"a": 0.9, "other": 0.1}, "source": "s"});
    for (k, x) in item.as_object().unwrap() {
        if x.is_null() {
            e.as_object_mut().unwrap().remove(k);
        } else {
            e[k] = x.clone();
        }
    }
    if s["admiralty"].is_null() {
        s.as_object_mut().unwrap().remove("admiralty");
    }
    let v = json!({
        "version": 1,
        "hypotheses": [{"id": "a", "label": "A"}, {"id": "other", "label": "Other", "catch_all": true}],
        "sources": [s],
        "evidence": [e]
    });
    Case::from_json(&v.to_string())
}

fn message(r: Result<Case, attrib::Error>) -> String {
    r.unwrap_err().to_string()
}

#[test]
fn an_items_letter_and_digit_are_its_source_grade_and_credibility() {
    let pair = case(json!({"admiralty": "B2"}), json!({})).unwrap();
    let apart = case(json!({"credibility": "2"}), json!({})).unwrap();
    assert_eq!(pair.reliability("e"), apart.reliability("e"));
    assert_eq!(pair.score().unwrap(), apart.score().unwrap());
    // An ungraded source, or none: the letter grades the item itself.
    let ungraded = case(json!({"admiralty": "B2"}), json!({"admiralty": null})).unwrap();
    assert_eq!(ungraded.reliability("e"), apart.reliability("e"));
    let alone = case(json!({"admiralty": "B2", "source": null}), json!({})).unwrap();
    assert_eq!(alone.score().unwrap(), apart.score().unwrap());
}

#[test]
fn an_items_grade_is_refused_where_it_is_ambiguous() {
    assert_eq!(
        message(case(json!({"admiralty": "C2"}), json!({}))),
        "evidence 'e': admiralty is \"C2\", but its source 's' is graded \"B\": write \"credibility\": \"2\" and keep the source's grade, or correct the letter"
    );
    assert_eq!(
        message(case(
            json!({"admiralty": "B2"}),
            json!({"admiralty": null, "reliability": 0.8})
        )),
        "evidence 'e': admiralty is \"B2\", but its source 's' is graded by reliability 0.8: write \"credibility\": \"2\" and keep the source's grade, or correct the letter"
    );
    assert_eq!(
        message(case(
            json!({"admiralty": "B2", "credibility": "3"}),
            json!({})
        )),
        "evidence 'e': give admiralty or credibility, not both"
    );
    let err = case(json!({"admiralty": "B"}), json!({})).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidGrade);
    assert_eq!(
        err.to_string(),
        "evidence 'e': admiralty is \"B\", must be one of a source letter A-F and a credibility digit 1-6 together, such as \"B2\" (or \"credibility\": \"2\" alone)"
    );
}

#[test]
fn a_sources_letter_and_digit_are_refused_with_the_fix() {
    let err = case(json!({}), json!({"admiralty": "B2"})).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidGrade);
    assert_eq!(err.field(), Some("admiralty"));
    assert_eq!(
        err.to_string(),
        "source 's': admiralty is \"B2\", but a source takes the letter alone: write \"admiralty\": \"B\" here and \"credibility\": \"2\" on its items"
    );
}

#[test]
fn percentages_and_digits_given_as_numbers_get_a_did_you_mean() {
    let err = case(json!({"credibility": 3}), json!({})).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OutOfRange);
    assert_eq!(
        err.to_string(),
        "evidence 'e': credibility is 3, must be in 0..=1; did you mean the Admiralty digit \"3\" (a string)?"
    );
    assert_eq!(
        message(case(json!({"credibility": 60}), json!({}))),
        "evidence 'e': credibility is 60, must be in 0..=1; did you mean 0.6 (60 %)?"
    );
    assert_eq!(
        message(case(
            json!({"likelihoods": {"a": 85, "other": 10}}),
            json!({})
        )),
        "evidence 'e': likelihood for 'a' is 85, must be in 0..=1; did you mean 0.85 (85 %)?"
    );
    assert_eq!(
        message(case(json!({"observed": 90}), json!({}))),
        "evidence 'e': observed is 90, must be in 0..=1; did you mean 0.9 (90 %)?"
    );
    assert_eq!(
        message(case(
            json!({}),
            json!({"admiralty": null, "reliability": 75})
        )),
        "source 's': reliability is 75, must be in 0..=1; did you mean 0.75 (75 %)?"
    );
    // Nothing to suggest: not a percentage.
    assert_eq!(
        message(case(json!({"observed": 250}), json!({}))),
        "evidence 'e': observed is 250, must be in 0..=1"
    );
}

#[test]
fn unknown_fields_get_the_nearest_field_or_the_list() {
    let err = case(json!({"reliablity": 0.5}), json!({})).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownField);
    assert_eq!(err.field(), Some("reliablity"));
    assert_eq!(
        err.to_string(),
        "evidence 'e': unknown field 'reliablity'; did you mean 'reliability'?"
    );
    assert_eq!(
        message(case(json!({"notes": "x"}), json!({}))),
        "evidence 'e': unknown field 'notes' (fields here: 'id', 'kind', 'description', 'likelihoods', 'reliability', 'admiralty', 'credibility', 'chance', 'observed', 'group', 'source', 'concentration', 'discount', 'rationale', 'sources', 'quote', 'step')"
    );
    assert_eq!(
        message(case(json!({}), json!({"lable": "x"}))),
        "source 's': unknown field 'lable'; did you mean 'label'?"
    );
    let top = r#"{"version": 1, "hypotheses": [{"id": "a"}, {"id": "b"}], "evidence": [], "treshold": 0.9}"#;
    assert_eq!(
        Case::from_json(top).unwrap_err().to_string(),
        "case: unknown field 'treshold'; did you mean 'threshold'?"
    );
}

#[test]
fn comments_are_read_and_ignored_everywhere() {
    let with = case(
        json!({"$comment": "why this item"}),
        json!({"$comment": ["a", "list", {"of": 1}]}),
    )
    .unwrap();
    let without = case(json!({}), json!({})).unwrap();
    assert_eq!(with.score().unwrap(), without.score().unwrap());
    // Written back without them.
    assert!(!with.to_json().unwrap().contains("$comment"));
}

#[cfg(feature = "cli")]
mod cli {
    use super::*;
    use std::path::{Path, PathBuf};
    use std::process::{Command, Output};

    fn run(args: &[&str], dir: &Path) -> Output {
        Command::new(env!("CARGO_BIN_EXE_attrib"))
            .args(args)
            .current_dir(dir)
            .output()
            .unwrap()
    }

    fn scratch(name: &str) -> PathBuf {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join("first_hour")
            .join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn the_template_is_valid_as_it_stands() {
        let dir = scratch("new");
        for args in [
            vec!["new"],
            vec!["new", "--hypotheses", "government,isil,other"],
            vec!["new", "--hypotheses", "x,y"],
        ] {
            let out = run(&args, &dir);
            assert!(out.status.success(), "{args:?}");
            let text = String::from_utf8(out.stdout).unwrap();
            assert!(text.contains("\"$comment\""), "{text}");
            let case = Case::from_json(&text).unwrap();
            assert_eq!(case.evidence().len(), 1);
            assert_eq!(case.sources().len(), 1);
            assert_eq!(case.groups().len(), 1);
            case.score().unwrap();
        }
        let out = run(&["new", "--hypotheses", "alone"], &dir);
        assert_eq!(out.status.code(), Some(2));
        assert!(
            String::from_utf8_lossy(&out.stderr)
                .starts_with("error: --hypotheses needs at least 2")
        );
    }

    #[test]
    fn the_template_with_a_codebook_takes_its_hypotheses_and_a_kind() {
        let dir = scratch("new-codebook");
        let jim = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/cases/jim/codebook.json");
        std::fs::copy(jim, dir.join("codebook.json")).unwrap();
        let out = run(&["new", "--codebook", "codebook.json"], &dir);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::write(dir.join("case.json"), &out.stdout).unwrap();
        let check = run(&["check", "case.json"], &dir);
        assert!(
            check.status.success(),
            "{}",
            String::from_utf8_lossy(&check.stderr)
        );
        let case = Case::from_path(dir.join("case.json")).unwrap();
        assert!(case.evidence()[0].kind().is_some());
    }

    /// `check` exits as `score` does on every case of the fuzz corpus, and
    /// lists the same warning objects.
    #[test]
    fn check_fails_exactly_where_score_does_over_the_fuzz_corpus() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
        let dir = scratch("corpus");
        let mut seen = 0;
        let mut failing = 0;
        for target in ["case_score", "sensitivity", "monte_carlo", "codebook"] {
            let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(target))
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            files.sort();
            for f in files {
                let data = std::fs::read(&f).unwrap();
                let case = if target == "codebook" {
                    let Some(i) = data.iter().position(|&b| b == 0) else {
                        continue;
                    };
                    std::fs::write(dir.join("codebook.json"), &data[..i]).unwrap();
                    data[i + 1..].to_vec()
                } else {
                    data
                };
                std::fs::write(dir.join("case.json"), case).unwrap();
                let check = run(&["check", "case.json", "--format", "json"], &dir);
                let score = run(&["score", "case.json", "--format", "json"], &dir);
                assert_eq!(check.status.code(), score.status.code(), "{}", f.display());
                assert_eq!(check.stderr, score.stderr, "{}", f.display());
                if score.status.success() {
                    let c: Value = serde_json::from_slice(&check.stdout).unwrap();
                    let s: Value = serde_json::from_slice(&score.stdout).unwrap();
                    // the same objects, and check adds one about the
                    // analyses (issue 22): nothing in the case is uncertain
                    let scoring: Vec<&Value> = c["warnings"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .filter(|w| w["kind"] != "nothing-uncertain")
                        .collect();
                    let scored: Vec<&Value> = s["warnings"].as_array().unwrap().iter().collect();
                    assert_eq!(scoring, scored, "{}", f.display());
                    assert_eq!(c["valid"], true);
                } else {
                    failing += 1;
                }
                seen += 1;
            }
        }
        assert!(seen > 100, "{seen}");
        assert!(failing > 0);
    }

    /// Contradictory evidence: `check` used to say `ok:`.
    #[test]
    fn check_rejects_contradictory_evidence_as_score_does() {
        let dir = scratch("contradictory");
        let v = json!({
            "version": 1,
            "hypotheses": [{"id": "a"}, {"id": "b"}],
            "evidence": [
                {"id": "x", "likelihoods": {"a": 0, "b": 1}},
                {"id": "y", "likelihoods": {"a": 1, "b": 0}}
            ]
        });
        std::fs::write(dir.join("case.json"), v.to_string()).unwrap();
        let check = run(&["check", "case.json"], &dir);
        let score = run(&["score", "case.json"], &dir);
        assert_eq!(check.status.code(), Some(4));
        assert_eq!(score.status.code(), Some(4));
        assert_eq!(check.stderr, score.stderr);
    }
}
