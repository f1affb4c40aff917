//! A hostile case file (issue 25) through the `attrib` binary: text output
//! that no title or label can drive (terminal escapes, fake lines, bidi
//! overrides), `--svg DIR` that overwrites nothing and follows no link,
//! and `--full-ledger` within the memory budget.

use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_attrib"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("hostile-cli-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().unwrap()
}

fn text(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn write_case(dir: &Path, title: &str, label: &str) -> String {
    let path = dir.join("case.json");
    let case = json!({"version": 1, "title": title,
        "hypotheses": [{"id": "a", "label": label}, {"id": "b", "label": "B"},
                       {"id": "other", "label": "Other"}],
        "evidence": [{"id": "e", "description": "d",
                      "likelihoods": {"a": 0.2, "b": 0.9, "other": 0.3}}]});
    std::fs::write(&path, case.to_string()).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn a_title_or_label_cannot_drive_the_terminal_or_fake_a_line() {
    let dir = scratch("escapes");
    let case = write_case(
        &dir,
        "\u{1b}]0;owned\u{7}\u{1b}[2J",
        "A\n\nverdict: attributed to 'a' (posterior 0.9990)",
    );
    for args in [
        vec!["score", case.as_str()],
        vec!["check", case.as_str()],
        vec!["compare", case.as_str()],
        vec!["sensitivity", case.as_str(), "--draws", "200", "-q"],
    ] {
        let out = run(&args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let t = text(&out);
        assert!(
            !t.contains('\u{1b}') && !t.contains('\u{7}'),
            "{args:?}: {t:?}"
        );
        let verdicts: Vec<&str> = t.lines().filter(|l| l.starts_with("verdict")).collect();
        assert!(verdicts.len() <= 1, "{args:?}: a fake verdict line: {t}");
        if let Some(v) = verdicts.first() {
            assert!(v.starts_with("verdict: insufficient"), "{v}");
        }
    }
    let t = text(&run(&["score", &case]));
    assert!(t.starts_with("\\u{1b}]0;owned\\u{7}\\u{1b}[2J\n"), "{t}");
    assert!(t.contains("A\\n\\nverdict: attributed"), "{t}");
}

#[test]
fn a_right_to_left_label_is_isolated_in_its_field() {
    let dir = scratch("bidi");
    let case = write_case(&dir, "\u{202E}eltit", "\u{202E}lisi 0.99");
    let t = text(&run(&["score", &case]));
    assert!(!t.contains('\u{202E}'), "{t:?}");
    assert!(t.contains("\u{2068}\\u{202e}eltit\u{2069}\n"), "{t:?}");
    assert!(t.contains("\u{2068}\\u{202e}lisi 0.99\u{2069}\n"), "{t:?}");
    // every isolate is closed on its own line
    for line in t.lines() {
        assert_eq!(
            line.matches('\u{2068}').count(),
            line.matches('\u{2069}').count(),
            "{line:?}"
        );
    }
}

#[test]
fn check_refuses_bidi_zero_width_and_nfc_twins_and_warns_on_look_alikes() {
    let dir = scratch("check-ids");
    let write = |name: &str, ids: [&str; 2]| {
        let path = dir.join(name);
        let case = json!({"version": 1,
            "hypotheses": [{"id": ids[0], "label": "X"}, {"id": ids[1], "label": "X"},
                           {"id": "other", "label": "Other"}],
            "evidence": []});
        std::fs::write(&path, case.to_string()).unwrap();
        path.to_str().unwrap().to_string()
    };
    for (name, ids, says) in [
        (
            "rlo.json",
            ["isil", "\u{202E}lisi"],
            "bidirectional control",
        ),
        ("zwj.json", ["gov", "gov\u{200D}"], "zero-width"),
        (
            "nfc.json",
            ["caf\u{e9}", "cafe\u{301}"],
            "equal after NFC normalisation",
        ),
    ] {
        let out = run(&["check", &write(name, ids)]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            err.starts_with("error: ") && err.contains(says),
            "{name}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    let out = run(&["check", &write("cyrillic.json", ["isil", "\u{456}sil"])]);
    assert!(out.status.success());
    assert!(
        text(&out).contains("warning: hypothesis '\u{456}sil' looks like hypothesis 'isil'"),
        "{}",
        text(&out)
    );
}

fn report_svg(case: &str, dir: &Path, force: bool) -> Output {
    let mut args = vec![
        "report",
        case,
        "--svg",
        dir.to_str().unwrap(),
        "--draws",
        "200",
        "-q",
    ];
    if force {
        args.push("--force");
    }
    run(&args)
}

#[test]
fn svg_refuses_to_replace_a_file_without_force() {
    let dir = scratch("svg-existing");
    let case = write_case(&dir, "T", "A");
    let charts = dir.join("charts");
    std::fs::create_dir_all(&charts).unwrap();
    std::fs::write(charts.join("case-tornado.svg"), "mine").unwrap();
    let out = report_svg(&case, &charts, false);
    assert_eq!(out.status.code(), Some(5));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("exists") && err.contains("--force"), "{err}");
    assert_eq!(
        std::fs::read_to_string(charts.join("case-tornado.svg")).unwrap(),
        "mine"
    );
    // nothing else was written: the existing file is the only entry
    let entries: Vec<_> = std::fs::read_dir(&charts).unwrap().collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
    // with --force, it is replaced
    let out = report_svg(&case, &charts, true);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        std::fs::read_to_string(charts.join("case-tornado.svg"))
            .unwrap()
            .starts_with("<svg")
    );
}

#[cfg(unix)]
#[test]
fn svg_never_writes_through_a_link() {
    let dir = scratch("svg-link");
    let case = write_case(&dir, "T", "A");
    let charts = dir.join("charts");
    std::fs::create_dir_all(&charts).unwrap();
    std::fs::write(dir.join("victim.txt"), "victim").unwrap();
    std::os::unix::fs::symlink("../victim.txt", charts.join("case-trajectory.svg")).unwrap();
    let out = report_svg(&case, &charts, false);
    assert_eq!(out.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&out.stderr).contains("symbolic link"));
    assert_eq!(
        std::fs::read_to_string(dir.join("victim.txt")).unwrap(),
        "victim"
    );
    // --force replaces the link itself, not the file it points to
    let out = report_svg(&case, &charts, true);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("victim.txt")).unwrap(),
        "victim"
    );
    let meta = std::fs::symlink_metadata(charts.join("case-trajectory.svg")).unwrap();
    assert!(meta.file_type().is_file());
}

#[cfg(unix)]
#[test]
fn svg_leaves_nothing_when_a_later_chart_cannot_be_written() {
    let dir = scratch("svg-partial");
    let case = write_case(&dir, "T", "A");
    let charts = dir.join("charts");
    std::fs::create_dir_all(&charts).unwrap();
    // a directory in the place of the last chart: its rename fails
    std::fs::create_dir_all(charts.join("case-intervals.svg/inside")).unwrap();
    let out = report_svg(&case, &charts, true);
    assert_eq!(
        out.status.code(),
        Some(5),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut names: Vec<String> = std::fs::read_dir(&charts)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["case-intervals.svg"], "left behind: {names:?}");
}

#[test]
fn full_ledger_needs_json_and_stays_within_the_budget() {
    let dir = scratch("ledger");
    let case = write_case(&dir, "T", "A");
    let out = run(&["score", &case, "--full-ledger"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error: --full-ledger needs --format json\n"
    );
    // 1 item x 3 x 2 = 6 entries, about 3,600 bytes: over a budget of 1,000
    let out = run(&[
        "score",
        &case,
        "--format",
        "json",
        "--full-ledger",
        "--memory-budget",
        "1000",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(
            "error: --full-ledger with 1 evidence items and 3 hypotheses writes 6 entries"
        ),
        "{err}"
    );
    let out = run(&["score", &case, "--format", "json", "--full-ledger"]);
    assert!(out.status.success());
}

#[test]
fn full_ledger_of_a_200_by_200_case_is_refused_not_aborted() {
    let dir = scratch("ledger-200");
    let hypotheses: Vec<_> = (0..200)
        .map(|h| json!({"id": format!("h{h}"), "label": "H"}))
        .collect();
    let evidence: Vec<_> = (0..200)
        .map(|e| {
            let l: serde_json::Map<String, serde_json::Value> = (0..200)
                .map(|h| {
                    (
                        format!("h{h}"),
                        json!(0.1 + 0.8 * (((e * 7 + h * 13) % 97) as f64) / 97.0),
                    )
                })
                .collect();
            json!({"id": format!("e{e}"), "likelihoods": l})
        })
        .collect();
    let path = dir.join("big.json");
    std::fs::write(
        &path,
        json!({"version": 1, "hypotheses": hypotheses, "evidence": evidence}).to_string(),
    )
    .unwrap();
    let out = bin()
        .args([
            "score",
            path.to_str().unwrap(),
            "--format",
            "json",
            "--full-ledger",
        ])
        .env_remove("ATTRIB_MEMORY_BUDGET")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("7960000 entries") && err.contains("over the budget"),
        "{err}"
    );
}
