//! The JSON outputs written straight from their values
//! (`report::sorted_json`, `Report::json_text`) against the text the tree
//! of values gave (`serde_json::to_value`, then `to_string_pretty`), on
//! every JIM case and on generated ones: the library's values compared
//! with both paths, and the command line's every `--format json` output
//! compared with its own text read back and written from the tree, so that
//! no key can come out of order and no value change.

use attrib::report::{self, Perspectives, Report, Scored, Sensitivity, sorted_json};
use attrib::{Case, LeaveOneOut};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The text through the tree of values, as the command line wrote it
/// before.
fn through_tree<T: Serialize>(v: &T) -> String {
    serde_json::to_string_pretty(&serde_json::to_value(v).unwrap()).unwrap()
}

/// Every JIM case file (not the codebook).
fn jim() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/cases/jim");
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "json")
                && p.file_name().is_none_or(|n| n != "codebook.json")
        })
        .collect();
    out.sort();
    out
}

/// A generated case in the shape of `benches/cases/generate.py`: `h`
/// hypotheses (the last a catch-all), `e` items with seeded likelihoods,
/// every third from one of four graded sources (or, with `own`, each from
/// its own), every tenth in one of five groups, a perspective that
/// distrusts one source, a range and a word here and there.
fn generated(h: usize, e: usize, own: bool) -> String {
    let mut state: u64 = 1;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        0.01 + 0.98 * ((state >> 11) as f64 / (1u64 << 53) as f64)
    };
    let mut hyps: Vec<String> = (0..h - 1)
        .map(|k| format!(r#"{{"id": "h{k}", "label": "Hypothesis {k}"}}"#))
        .collect();
    hyps.push(r#"{"id": "other", "label": "Anyone else", "catch_all": true}"#.to_string());
    let ids: Vec<String> = (0..h - 1)
        .map(|k| format!("h{k}"))
        .chain(["other".to_string()])
        .collect();
    let sources: Vec<String> = if own {
        (0..e)
            .map(|k| format!(r#"{{"id": "s{k}", "label": "Source {k}", "admiralty": "B"}}"#))
            .collect()
    } else {
        ["B", "C", "D", "E"]
            .iter()
            .enumerate()
            .map(|(k, g)| format!(r#"{{"id": "s{k}", "label": "Source {k}", "admiralty": "{g}"}}"#))
            .collect()
    };
    let mut items = Vec::new();
    for i in 0..e {
        let ls: Vec<String> = ids
            .iter()
            .enumerate()
            .map(|(k, id)| match (i % 7, k) {
                (3, 0) => format!(r#""{id}": [0.2, {:.6}]"#, 0.2 + 0.5 * next()),
                (5, 0) => format!(r#""{id}": "likely""#),
                _ => format!(r#""{id}": {:.6}"#, next()),
            })
            .collect();
        let mut item = format!(
            r#"{{"id": "e{i}", "description": "item {i}", "likelihoods": {{{}}}"#,
            ls.join(", ")
        );
        if own {
            item.push_str(&format!(r#", "source": "s{i}""#));
        } else if i % 3 == 0 {
            item.push_str(&format!(r#", "source": "s{}""#, (i / 3) % 4));
        }
        if i % 10 == 0 {
            item.push_str(&format!(r#", "group": "g{}""#, (i / 10) % 5));
        }
        item.push('}');
        items.push(item);
    }
    let groups: Vec<String> = (0..5)
        .map(|k| format!(r#"{{"id": "g{k}", "correlation": 0.5}}"#))
        .collect();
    format!(
        r#"{{"version": 1, "title": "Generated, {h} x {e}",
  "hypotheses": [{}], "sources": [{}], "groups": [{}],
  "uncertainty": {{"likelihood_concentration": 20}},
  "perspectives": [{{"id": "sceptic", "label": "Distrusts s0", "discount": {{"sources": {{"s0": 0.5}}}}}}],
  "evidence": [{}]}}"#,
        hyps.join(", "),
        sources.join(", "),
        groups.join(", "),
        items.join(",\n")
    )
}

/// The generated cases, written to files for the command line, once per
/// test run: the tests of this file run at once, and one rewriting a file
/// while another reads it made the reader see a half-written case.
fn generated_files() -> Vec<PathBuf> {
    static FILES: OnceLock<Vec<PathBuf>> = OnceLock::new();
    FILES
        .get_or_init(|| {
            let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("sorted-json");
            std::fs::create_dir_all(&dir).unwrap();
            [(3, 40, false), (5, 120, true)]
                .iter()
                .map(|&(h, e, own)| {
                    let path = dir.join(format!("generated-{h}x{e}-{own}.json"));
                    std::fs::write(&path, generated(h, e, own)).unwrap();
                    path
                })
                .collect()
        })
        .clone()
}

/// Every case of the comparison: the JIM cases, then the generated ones.
fn cases() -> Vec<(PathBuf, Case)> {
    jim()
        .into_iter()
        .chain(generated_files())
        .map(|p| {
            let case = Case::from_path(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p, case)
        })
        .collect()
}

#[test]
fn the_library_values_write_as_the_tree_wrote_them() {
    let cases = cases();
    assert!(cases.len() >= 12, "{} cases", cases.len());
    for (path, case) in &cases {
        let at = path.display();
        let post = case.score().unwrap();
        for scored in [
            Scored::new(case, &post),
            Scored::new(case, &post)
                .perspective("base")
                .full_ledger(true),
        ] {
            assert_eq!(sorted_json(&scored).unwrap(), through_tree(&scored), "{at}");
        }
        let views = report::views(case).unwrap();
        let p = Perspectives::new(&views);
        assert_eq!(sorted_json(&p).unwrap(), through_tree(&p), "{at}");
        let loo = LeaveOneOut::of(case).unwrap();
        let left = report::LeftOut::new(&loo);
        assert_eq!(sorted_json(&left).unwrap(), through_tree(&left), "{at}");
        let report = Report::new(case).draws(200).seed(3);
        let s = Sensitivity::new(report.analysis().unwrap());
        assert_eq!(sorted_json(&s).unwrap(), through_tree(&s), "{at}");
        let text = report.json_text().unwrap();
        assert_eq!(
            text,
            serde_json::to_string_pretty(&report.json().unwrap()).unwrap(),
            "{at}"
        );
        // The generated cases carry a perspective: reported from it too.
        if case
            .perspectives()
            .iter()
            .any(|p| p.id().as_str() == "sceptic")
        {
            let seen = Report::new(case).draws(100).perspective("sceptic");
            assert_eq!(
                seen.json_text().unwrap(),
                serde_json::to_string_pretty(&seen.json().unwrap()).unwrap(),
                "{at}"
            );
        }
    }
}

/// Every `--format json` output of the command line, read back into the
/// tree and written from it, is the same text: keys sorted, nothing
/// repeated, every number as the tree writes it.
#[test]
fn the_command_line_writes_what_the_tree_would() {
    let bin = env!("CARGO_BIN_EXE_attrib");
    let mut checked = 0;
    for (path, _) in cases() {
        let p = path.to_str().unwrap();
        let commands: [&[&str]; 6] = [
            &["score", p, "--format", "json"],
            &["score", p, "--format", "json", "--full-ledger"],
            &["check", p, "--format", "json"],
            &["compare", p, "--format", "json"],
            &["sensitivity", p, "--draws", "200", "--format", "json", "-q"],
            &["report", p, "--draws", "200", "--format", "json", "-q"],
        ];
        for args in commands {
            let out = Command::new(bin).args(args).output().unwrap();
            assert!(
                out.status.success(),
                "{args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let text = String::from_utf8(out.stdout).unwrap();
            let tree: serde_json::Value = serde_json::from_str(&text).unwrap();
            let want = serde_json::to_string_pretty(&tree).unwrap() + "\n";
            assert!(text == want, "{args:?}: the text differs from the tree's");
            checked += 1;
        }
    }
    // The outputs of no case file: the built-in scales, an ACH matrix.
    let ach = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/cases/ach/sarmin.csv");
    let commands: [&[&str]; 2] = [
        &["scales", "--format", "json"],
        &["ach", ach.to_str().unwrap(), "--format", "json"],
    ];
    for args in commands {
        let out = Command::new(bin).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        let tree: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert!(
            text == serde_json::to_string_pretty(&tree).unwrap() + "\n",
            "{args:?}: the text differs from the tree's"
        );
        checked += 1;
    }
    assert!(checked >= 74, "{checked}");
}
