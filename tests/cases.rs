//! The case files shipped under `examples/cases/`: each reads, round-trips,
//! is documented item by item, and scores to the values an independent
//! implementation of MODEL.md gives (`tests/reference/model.py`).

use approx::assert_relative_eq;
use attrib::Case;
use std::path::{Path, PathBuf};

fn case_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            case_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

fn all() -> Vec<(PathBuf, Case)> {
    let mut files = Vec::new();
    case_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/cases"),
        &mut files,
    );
    files.sort();
    assert!(!files.is_empty());
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let case = Case::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p, case)
        })
        .collect()
}

#[test]
fn every_case_file_reads_scores_and_round_trips() {
    for (path, case) in all() {
        let post = case
            .score()
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let sum: f64 = post.probabilities().iter().map(|p| p.get()).sum();
        assert!((sum - 1.0).abs() < 1e-14, "{}", path.display());
        assert_eq!(Case::from_json(&case.to_json().unwrap()).unwrap(), case);
    }
}

#[test]
fn every_item_has_a_rationale_and_public_sources() {
    for (path, case) in all() {
        assert!(case.title().is_some() && case.date().is_some() && case.place().is_some());
        for e in case.evidence() {
            let at = format!("{}: {}", path.display(), e.id());
            assert!(
                e.rationale().is_some_and(|r| r.len() > 20),
                "{at}: rationale"
            );
            assert!(!e.references().is_empty(), "{at}: sources");
            assert!(!e.description().is_empty(), "{at}: description");
        }
        assert!(
            case.hypotheses().iter().any(|h| h.is_catch_all()),
            "{}: catch-all",
            path.display()
        );
    }
}

#[test]
fn jim_cases_use_the_agreed_hypothesis_ids() {
    for (path, case) in all() {
        if !path.to_string_lossy().contains("/jim/") {
            continue;
        }
        for h in case.hypotheses() {
            assert!(
                ["government", "isil", "opposition", "other", "staged"].contains(&h.id().as_str()),
                "{}: {}",
                path.display(),
                h.id()
            );
        }
    }
}

#[test]
fn sarmin_matches_the_reference_implementation() {
    // `python3 tests/reference/model.py examples/cases/jim/sarmin.json`
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/cases/jim/sarmin.json"
    ))
    .unwrap();
    let post = Case::from_json(&text).unwrap().score().unwrap();
    let expected = [
        ("government", 0.8755922642669068),
        ("isil", 0.008308568446374018),
        ("opposition", 0.02042949487019331),
        ("other", 0.0956696724165257),
    ];
    for (h, p) in expected {
        assert_relative_eq!(post.probability(h).unwrap().get(), p, max_relative = 1e-12);
    }
    assert_eq!(post.leader().id().as_str(), "government");
}
