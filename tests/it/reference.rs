//! Random and textbook cases against an independent, high-precision
//! implementation of the model (`tests/reference/model.py`, 60-digit
//! decimal arithmetic, sharing no code with the crate).
//!
//! `tests/reference/gen_fixtures.py` wrote the cases and, from the
//! reference, what each must score: `fixtures/NAME.json` and
//! `fixtures/NAME.expected.json`. This test reads them with the library;
//! `tests/reference/check.py` does the same through the command line.

use attrib::Case;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Posteriors agree with the reference to this (absolute).
const TOLERANCE: f64 = 1e-9;

fn fixtures() -> Vec<(String, PathBuf, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference/fixtures");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let Some(stem) = name.strip_suffix(".expected.json") else {
            continue;
        };
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        out.push((stem.to_string(), dir.join(format!("{stem}.json")), expected));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(out.len() >= 40, "fixtures missing: {}", out.len());
    out
}

/// Reads a fixture: through `Case::from_path` when it names a codebook.
fn read(path: &Path) -> Case {
    Case::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Checks one scored case (posterior, leader, verdict) against the
/// reference's JSON.
fn check_score(name: &str, case: &Case, want: &Value) {
    let post = case
        .score()
        .unwrap_or_else(|e| panic!("{name}: scoring failed: {e}"));
    let posterior = want["posterior"].as_object().unwrap();
    for (h, p) in posterior {
        let got = post.probability(h).unwrap().get();
        let p = p.as_f64().unwrap();
        assert!(
            (got - p).abs() <= TOLERANCE,
            "{name}: posterior of {h} is {got}, reference {p}"
        );
    }
    // The leader: the reference's, unless the two tie to within the tolerance.
    let leader = post.leader().id().as_str();
    let want_leader = want["leader"].as_str().unwrap();
    let top = posterior[want_leader].as_f64().unwrap();
    let mine = posterior[leader].as_f64().unwrap();
    assert!(
        leader == want_leader || (top - mine).abs() <= TOLERANCE,
        "{name}: leader {leader}, reference {want_leader}"
    );
    let verdict = post.verdict();
    let threshold = want["verdict"]["threshold"].as_f64().unwrap();
    assert_eq!(verdict.threshold().get(), threshold, "{name}: threshold");
    // The verdict, unless the leader sits within the tolerance of the threshold.
    if (top - threshold).abs() > TOLERANCE {
        assert_eq!(
            verdict.status().as_str(),
            want["verdict"]["status"].as_str().unwrap(),
            "{name}: verdict"
        );
    }
}

#[test]
fn random_and_textbook_cases_match_the_reference() {
    let mut checked = 0;
    for (name, path, expected) in fixtures() {
        if expected.get("compare").is_some() {
            continue;
        }
        let case = read(&path);
        if let Some(items) = expected.get("items") {
            // The reference finds the case contradictory: the same items.
            let want: Vec<String> = items
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap().to_string())
                .collect();
            match case.score() {
                Err(e) if e.is_contradiction() => assert_eq!(e.responsible(), want, "{name}"),
                other => panic!("{name}: expected a contradiction, got {other:?}"),
            }
        } else {
            check_score(&name, &case, &expected["score"]);
        }
        checked += 1;
    }
    assert!(checked >= 40, "{checked}");
}

#[test]
fn codebook_cases_and_perspectives_match_the_reference() {
    let mut checked = 0;
    for (name, path, expected) in fixtures() {
        let Some(compare) = expected.get("compare") else {
            continue;
        };
        let case = read(&path);
        check_score(&name, &case, &expected["score"]);
        let perspectives = compare["perspectives"].as_array().unwrap();
        assert_eq!(perspectives[0]["id"], "base", "{name}");
        let mine: Vec<&str> = std::iter::once("base")
            .chain(case.perspectives().iter().map(|p| p.id().as_str()))
            .collect();
        let theirs: Vec<&str> = perspectives
            .iter()
            .map(|p| p["id"].as_str().unwrap())
            .collect();
        assert_eq!(mine, theirs, "{name}: perspectives and their order");
        for p in perspectives {
            let id = p["id"].as_str().unwrap();
            let seen = case.perspective(id).unwrap();
            check_score(&format!("{name} / {id}"), &seen, p);
            // The Bayes factor of the leader against the runner-up.
            let post = seen.score().unwrap();
            let ranking = post.ranking();
            let runner_up = ranking[1].0.id();
            let got = post.bayes_factor(runner_up).unwrap();
            match p["bayes_factor"].as_f64() {
                Some(want) => assert!(
                    (got - want).abs() <= TOLERANCE * want.abs(),
                    "{name} / {id}: Bayes factor {got}, reference {want}"
                ),
                None => assert_eq!(got, f64::INFINITY, "{name} / {id}"),
            }
            checked += 1;
        }
    }
    assert!(checked >= 6, "{checked}");
}
