//! The `attrib` binary on files: JSON output and exit status (docs/model.md
//! section 8), and one clear `error:` line for every kind of bad input.

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_attrib"))
}

fn file(name: &str, contents: &[u8]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().unwrap()
}

fn json_of(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

const CAB: &str = r#"{
  "version": 1,
  "title": "Cab problem",
  "hypotheses": [{"id": "blue", "label": "Blue"}, {"id": "green", "label": "Green"}],
  "prior": {"blue": 15, "green": 85},
  "evidence": [{"id": "witness", "description": "says Blue",
                "likelihoods": {"blue": 0.8, "green": 0.2}}]
}"#;

#[test]
fn score_json_follows_model_section_8() {
    let path = file("cab.json", CAB.as_bytes());
    let v = json_of(&run(&["score", path.to_str().unwrap(), "--format", "json"]));
    // 0.15 * 0.8 / (0.15 * 0.8 + 0.85 * 0.2) = 12 / 29
    let blue = v["posterior"]["blue"].as_f64().unwrap();
    assert!((blue - 12.0 / 29.0).abs() < 1e-15);
    assert!((v["posterior"]["green"].as_f64().unwrap() - 17.0 / 29.0).abs() < 1e-15);
    assert_eq!(v["leader"], "green");
    assert_eq!(v["verdict"]["status"], "insufficient");
    assert_eq!(v["verdict"]["hypothesis"], Value::Null);
    assert_eq!(v["verdict"]["threshold"], 0.95);
    // the ledger, against the leader: the witness for green against blue,
    // -10 log10(4) dB
    let w = v["ledger"][0]["decibans"]["blue"].as_f64().unwrap();
    assert_eq!(v["ledger"][0]["evidence"], "witness");
    assert!((w + 10.0 * 4f64.log10()).abs() < 1e-12);
    assert!(v.get("ledger_pairs").is_none());
    // every pair on request: blue against green, 10 log10(4) dB
    let full = json_of(&run(&[
        "score",
        path.to_str().unwrap(),
        "--format",
        "json",
        "--full-ledger",
    ]));
    let entry = full["ledger_pairs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["for"] == "blue" && e["against"] == "green")
        .unwrap();
    assert!((entry["decibans"].as_f64().unwrap() - 10.0 * 4f64.log10()).abs() < 1e-12);
    // Bayes factor of the leader (green) against blue: 1/4
    let bf = v["bayes_factors"]["blue"]["decibans"].as_f64().unwrap();
    assert!((bf + 10.0 * 4f64.log10()).abs() < 1e-12);
    // ... which supports blue, the alternative, not the leader
    assert_eq!(
        v["bayes_factors"]["blue"]["enfsi"],
        "weak support for the alternative"
    );
    assert_eq!(v["verdict"]["leader"], "green");
    assert_eq!(v["words"]["green"], "likely");
}

#[test]
fn attributed_verdict_names_the_hypothesis() {
    let text = CAB.replace(
        "\"blue\": 0.8, \"green\": 0.2",
        "\"blue\": 0.999, \"green\": 0.001",
    );
    let path = file("attributed.json", text.as_bytes());
    let v = json_of(&run(&["score", path.to_str().unwrap(), "--format", "json"]));
    // 0.15 * 0.999 / (0.15 * 0.999 + 0.85 * 0.001) = 0.14985 / 0.1507 = 0.99436...
    assert_eq!(v["leader"], "blue");
    assert_eq!(v["verdict"]["status"], "attributed");
    assert_eq!(v["verdict"]["hypothesis"], "blue");
    let p = v["posterior"]["blue"].as_f64().unwrap();
    assert!((p - 0.14985 / 0.1507).abs() < 1e-14);
}

#[test]
fn eliminated_hypotheses_give_json_null_not_infinity() {
    let text = CAB.replace(
        "\"blue\": 0.8, \"green\": 0.2",
        "\"blue\": 0.8, \"green\": 0",
    );
    let path = file("eliminated.json", text.as_bytes());
    let v = json_of(&run(&["score", path.to_str().unwrap(), "--format", "json"]));
    assert_eq!(v["posterior"]["green"], 0.0);
    assert_eq!(v["ln_posterior"]["green"], Value::Null);
    assert_eq!(v["bayes_factors"]["green"]["decibans"], Value::Null);
}

#[test]
fn sarmin_scores_and_text_is_readable() {
    let sarmin = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/cases/jim/sarmin-2015-03-16.json"
    );
    let v = json_of(&run(&["score", sarmin, "--format", "json"]));
    let posterior = v["posterior"].as_object().unwrap();
    // the hypotheses the case file declares, read from it
    let raw: Value = serde_json::from_str(&std::fs::read_to_string(sarmin).unwrap()).unwrap();
    let declared: Vec<&str> = raw["hypotheses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert_eq!(posterior.len(), declared.len());
    for id in &declared {
        assert!(posterior.contains_key(*id), "{id}");
    }
    let sum: f64 = posterior.values().map(|p| p.as_f64().unwrap()).sum();
    assert!((sum - 1.0).abs() < 1e-14);
    let leader = v["leader"].as_str().unwrap();
    let top = posterior
        .iter()
        .max_by(|a, b| a.1.as_f64().unwrap().total_cmp(&b.1.as_f64().unwrap()))
        .unwrap();
    assert_eq!(leader, top.0);

    let out = run(&["score", sarmin]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("Sarmin, 16 March 2015\n"));
    assert!(text.contains("verdict: "));
    assert!(text.contains("(total)"));
}

#[test]
fn check_prints_warnings() {
    let path = file("warn.json", CAB.as_bytes());
    let out = run(&["check", path.to_str().unwrap()]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("ok: 2 hypotheses, 1 evidence items"));
    assert!(text.contains("warning: no catch-all hypothesis"));
}

/// `check` warns when nothing in the case is uncertain: the Monte Carlo
/// share of a report is then 100 % by construction (issue 22, item 1).
#[test]
fn check_warns_when_nothing_is_uncertain() {
    let path = file("certain.json", CAB.as_bytes());
    let out = run(&["check", path.to_str().unwrap()]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("warning: nothing in the case is uncertain"),
        "{text}"
    );
    let sarmin = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/cases/jim/sarmin-2015-03-16.json"
    );
    let out = run(&["check", sarmin]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("nothing in the case is uncertain"), "{text}");
}

/// `sensitivity` says, beside the share of draws it prints, what the report
/// and `check` warn of: too few draws (`--draws 1`), and a case where
/// nothing is uncertain (every draw the same).
#[test]
fn sensitivity_warns_of_degenerate_draws() {
    let sarmin = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/cases/jim/sarmin-2015-03-16.json"
    );
    let few = |draws: &str, path: &str| {
        let out = run(&["sensitivity", path, "--draws", draws, "-q"]);
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let one = few("1", sarmin);
    assert!(
        one.contains("warning: 1 Monte Carlo draws are too few for the 5 % and 95 % quantiles shown; use at least"),
        "{one}"
    );
    // the warning follows the Monte Carlo lines, before leave-one-out
    let at = one.find("warning: 1 Monte Carlo draws").unwrap();
    assert!(at < one.find("Each item left out in turn").unwrap());
    let enough = few("2000", sarmin);
    assert!(!enough.contains("warning:"), "{enough}");
    let certain = file("certain-sens.json", CAB.as_bytes());
    let text = few("2000", certain.to_str().unwrap());
    assert!(
        text.contains("warning: nothing in the case is uncertain"),
        "{text}"
    );
}

/// The exit status the README gives for a message: 3 when a file cannot be
/// read or its path is refused, 4 for contradictory evidence, 2 for what
/// the command line asked (an unknown perspective, the memory budget), 1
/// for every other fault of the input.
fn status_for(stderr: &str) -> i32 {
    if stderr.contains("cannot read '") || stderr.contains("which is not allowed") {
        3
    } else if stderr.contains("the evidence is contradictory") {
        4
    } else if stderr.contains("not found in the case") || stderr.contains("over the budget") {
        2
    } else {
        1
    }
}

/// Bad input: the exit status that says what went wrong, nothing on
/// stdout, one line on stderr that starts with `error:` and contains
/// `names`, never a panic.
fn assert_clean_failure(args: &[&str], names: &str) {
    let out = run(args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(status_for(&stderr)), "{stderr}");
    assert!(out.stdout.is_empty());
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains(names), "{stderr} lacks {names}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn bad_input_is_one_error_line() {
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "empty.json",
            b"".to_vec(),
            "not valid JSON: EOF while parsing a value at line 1 column 0",
        ),
        (
            "truncated.json",
            CAB.as_bytes()[..60].to_vec(),
            "EOF while parsing",
        ),
        (
            "prose.json",
            b"not json at all".to_vec(),
            "not valid JSON: expected ident at line 1 column 2",
        ),
        (
            "array.json",
            b"[1, 2]".to_vec(),
            "expected a case file object",
        ),
        (
            "deep.json",
            format!(
                "{{\"version\": 1, \"x\": {}{}}}",
                "[".repeat(50_000),
                "]".repeat(50_000)
            )
            .into_bytes(),
            "recursion limit",
        ),
        (
            "huge.json",
            CAB.replace("0.8", "1e999").into_bytes(),
            "number out of range",
        ),
        (
            "range.json",
            CAB.replace("0.8", "1.2").into_bytes(),
            "evidence 'witness': likelihood for 'blue' is 1.2, must be in 0..=1",
        ),
        (
            "typo.json",
            CAB.replace("\"description\"", "\"descripton\"")
                .into_bytes(),
            "evidence 'witness': unknown field 'descripton'",
        ),
        (
            "contradiction.json",
            CAB.replace("\"blue\": 15, \"green\": 85", "\"blue\": 0, \"green\": 1")
                .replace("\"green\": 0.2", "\"green\": 0")
                .into_bytes(),
            "items responsible: 'witness'",
        ),
        ("binary.json", vec![0xff, 0xfe, 0x00, 0x7b], "not UTF-8"),
    ];
    for (name, contents, names) in cases {
        let path = file(name, &contents);
        let p = path.to_str().unwrap();
        assert_clean_failure(&["score", p, "--format", "json"], names);
        if name != "contradiction.json" {
            assert_clean_failure(&["check", p], names);
        }
        assert!(
            String::from_utf8_lossy(&run(&["score", p]).stderr).contains(name),
            "the message names the file {name}"
        );
    }
    assert_clean_failure(
        &["score", "/nonexistent/case.json"],
        "cannot read '/nonexistent/case.json'",
    );
}

#[test]
fn usage_errors_exit_with_status_2() {
    let out = run(&["score", "x.json", "--format", "yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error:"));
    let out = run(&[]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn sensitivity_json_follows_issue_3() {
    let sarmin = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/cases/jim/sarmin-2015-03-16.json"
    );
    let args = [
        "sensitivity",
        sarmin,
        "--draws",
        "500",
        "--seed",
        "7",
        "--format",
        "json",
    ];
    let v = json_of(&run(&args));
    assert_eq!(v["draws"], 500);
    assert_eq!(v["seed"], 7);
    let raw: Value = serde_json::from_str(&std::fs::read_to_string(sarmin).unwrap()).unwrap();
    let items = raw["evidence"].as_array().unwrap();
    for h in raw["hypotheses"].as_array().unwrap() {
        let id = h["id"].as_str().unwrap();
        let i = &v["posterior"][id];
        let q = |k: &str| i[k].as_f64().unwrap();
        assert!(q("q05") <= q("q50") && q("q50") <= q("q95"), "{id}: {i}");
    }
    let share = v["leader_holds"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&share));
    assert_eq!(v["leave_one_out"].as_array().unwrap().len(), items.len());
    let first = &v["leave_one_out"][0];
    assert_eq!(first["evidence"], items[0]["id"]);
    assert!(["attributed", "insufficient"].contains(&first["verdict"].as_str().unwrap()));
    // one row per source of the codebook, read from it
    let book: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/cases/jim/codebook.json"
        ))
        .unwrap(),
    )
    .unwrap();
    assert_eq!(
        v["break_even"].as_array().unwrap().len(),
        book["sources"].as_array().unwrap().len()
    );
    assert!(v["break_even"][0]["source"].is_string());
    assert!(v["conflict"].is_number());
    // the same seed gives the same output, bit for bit
    assert_eq!(run(&args).stdout, run(&args).stdout);
}

#[test]
fn sensitivity_errors() {
    let path = file("sens-range.json", CAB.replace("0.8", "1.2").as_bytes());
    assert_clean_failure(
        &["sensitivity", path.to_str().unwrap()],
        "likelihood for 'blue' is 1.2",
    );
    let out = run(&["sensitivity", path.to_str().unwrap(), "--draws", "0"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn report_markdown_has_every_part_and_links_the_charts() {
    let sarmin = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/cases/jim/sarmin-2015-03-16.json"
    );
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("report-svg");
    let _ = std::fs::remove_dir_all(&dir);
    let out = run(&[
        "report",
        sarmin,
        "--svg",
        dir.to_str().unwrap(),
        "--draws",
        "300",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = String::from_utf8(out.stdout).unwrap();
    for part in [
        "# Sarmin, 16 March 2015",
        "**Verdict: insufficient",
        "## Hypotheses and prior",
        "## Posterior",
        "## Evidence",
        "## Weight of evidence",
        "## Leave one out",
        "## Break-even discount per source",
        "## Monte Carlo (300 draws, seed 0)",
        "## Warnings",
    ] {
        assert!(md.contains(part), "missing {part}");
    }
    let case = attrib::Case::from_path(sarmin).unwrap();
    // the ICD 203 words of the leader's posterior, an item's rationale and
    // public source, and a source id, as the case gives them
    let post = case.score().unwrap();
    let leader_p = post.probability(post.leader().id()).unwrap();
    let word = attrib::scoring::Icd203::from_probability(leader_p).words();
    assert!(md.contains(word), "missing {word}");
    let item = case
        .evidence()
        .iter()
        .find(|e| e.source().is_some())
        .unwrap();
    let rationale: String = item.rationale().unwrap().chars().take(30).collect();
    assert!(md.contains(&rationale), "missing {rationale}");
    let reference = item.references().iter().find(|r| r.starts_with("https://"));
    if let Some(r) = reference {
        assert!(
            md.contains(r.split_whitespace().next().unwrap()),
            "missing {r}"
        );
    }
    let source = format!("`{}`", item.source().unwrap());
    assert!(md.contains(&source), "missing {source}");
    for e in case.evidence() {
        assert!(md.contains(&format!("### `{}`", e.id())), "{}", e.id());
    }
    for chart in ["trajectory", "tornado", "intervals"] {
        let path = dir.join(format!("sarmin-2015-03-16-{chart}.svg"));
        assert!(path.exists(), "{}", path.display());
        assert!(
            md.contains(&format!("]({})", path.display())),
            "link to {chart}"
        );
    }
}

#[test]
fn report_json_has_score_and_sensitivity() {
    let sarmin = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/cases/jim/sarmin-2015-03-16.json"
    );
    let v = json_of(&run(&[
        "report", sarmin, "--format", "json", "--draws", "200",
    ]));
    assert_eq!(v["leader"], "government");
    assert_eq!(v["verdict"]["status"], "insufficient");
    assert_eq!(v["date"], "2015-03-16");
    let raw: Value = serde_json::from_str(&std::fs::read_to_string(sarmin).unwrap()).unwrap();
    assert_eq!(
        v["ledger"].as_array().unwrap().len(),
        raw["evidence"].as_array().unwrap().len()
    );
    assert_eq!(v["sensitivity"]["draws"], 200);
    assert!(v["sensitivity"]["posterior"]["government"]["q50"].is_number());
    assert_eq!(v["charts"].as_array().unwrap().len(), 0);
}

#[test]
fn report_html_is_the_library_page() {
    let sarmin = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/cases/jim/sarmin-2015-03-16.json"
    );
    let out = run(&[
        "report", sarmin, "--format", "html", "--draws", "200", "--seed", "3",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = String::from_utf8(out.stdout).unwrap();
    let case = attrib::Case::from_path(sarmin).unwrap();
    let want = attrib::report::Report::new(&case)
        .draws(200)
        .seed(3)
        .html()
        .unwrap();
    assert_eq!(html, want);
    assert!(html.starts_with("<!DOCTYPE html>") && html.ends_with("</html>\n"));
}

#[test]
fn ach_both_views() {
    let matrix = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/cases/ach/sarmin.csv");
    let out = run(&["ach", matrix]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    for part in [
        "Classic ACH scores:",
        "PARC ACH",
        "C-ACH",
        "Open Synthesis",
        "verdict:",
        "Where the views disagree",
    ] {
        assert!(text.contains(part), "missing {part}");
    }
    let v = json_of(&run(&["ach", matrix, "--format", "json"]));
    assert!(v["posterior"]["government"].is_number());
    assert!(v["classic"]["parc"]["isil"].is_number());
    assert_eq!(
        v["classic"]["rankings"]["Open Synthesis"]
            .as_array()
            .unwrap()
            .len(),
        4
    );
    assert!(v["disagreements"].is_array());
}

#[test]
fn ach_errors_name_row_and_column() {
    let bad = file(
        "bad.csv",
        b"id,description,credibility,relevance,a,b\ne1,d,High,High,C,I\ne2,d,High,High,C,Q\n",
    );
    assert_clean_failure(
        &["ach", bad.to_str().unwrap()],
        "row 3, column 'b': rating is \"Q\"",
    );
    let ragged = file(
        "ragged.csv",
        b"id,description,credibility,relevance,a,b\ne1,d,High,High,C\n",
    );
    assert_clean_failure(
        &["ach", ragged.to_str().unwrap()],
        "row 2, column 'b': the row has 5 fields",
    );
    let missing = file("missing.csv", b"id,description,a,b\ne1,d,C,I\n");
    assert_clean_failure(&["ach", missing.to_str().unwrap()], "column 'credibility'");
    let latin1 = file(
        "latin1.csv",
        b"id,description,credibility,relevance,a,b\ne1,caf\xe9,High,High,C,I\n",
    );
    assert_clean_failure(
        &["ach", latin1.to_str().unwrap()],
        "latin1.csv: row 2, column 'description': the field is not UTF-8 text (invalid byte at offset 3 of the field)",
    );
}

/// A case file of `tests/data/codebook/` (docs/model.md sections 9 and 10).
fn codebook_case(name: &str) -> String {
    format!("{}/tests/data/codebook/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn close(v: &Value, x: f64) {
    let y = v.as_f64().unwrap_or(f64::NAN);
    assert!((x - y).abs() < 1e-12, "{y} != {x}");
}

#[test]
fn every_command_reads_a_codebook() {
    let inherit = codebook_case("inherit.json");
    let out = run(&["check", &inherit]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("ok: 3 hypotheses, 5 evidence items, 3 sources, 2 groups, 3 perspectives"),
        "{text}"
    );
    let score = codebook_case("score.json");
    // One item of kind `seen`: l = (0.9, 0.1, 0.2), source `jim` at 0.8,
    // chance = mean l = 0.4: l' = 0.8 l + 0.08 = (0.80, 0.16, 0.24), sum 1.2.
    let v = json_of(&run(&["score", &score, "--format", "json"]));
    close(&v["posterior"]["a"], 0.8 / 1.2);
    close(&v["posterior"]["other"], 0.24 / 1.2);
    assert_eq!(v["perspective"], "base");
    // the codebook's threshold
    assert_eq!(v["verdict"]["threshold"], 0.9);
    for args in [
        vec!["sensitivity", score.as_str(), "--draws", "50"],
        vec!["report", score.as_str(), "--draws", "50"],
        vec!["compare", score.as_str()],
    ] {
        let out = run(&args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn score_from_a_perspective() {
    let score = codebook_case("score.json");
    // sceptic: jim at half trust, r = 0.4: l' = 0.4 l + 0.6 * 0.4
    // = (0.60, 0.28, 0.32), sum 1.2: (1/2, 7/30, 4/15)
    let v = json_of(&run(&[
        "score",
        &score,
        "--perspective",
        "sceptic",
        "--format",
        "json",
    ]));
    assert_eq!(v["perspective"], "sceptic");
    close(&v["posterior"]["a"], 0.5);
    close(&v["posterior"]["b"], 7.0 / 30.0);
    close(&v["posterior"]["other"], 4.0 / 15.0);
    assert_eq!(v["verdict"]["status"], "insufficient");
    // base is the case as written
    let base = json_of(&run(&[
        "score",
        &score,
        "--perspective",
        "base",
        "--format",
        "json",
    ]));
    close(&base["posterior"]["a"], 2.0 / 3.0);
    let out = run(&["score", &score, "--perspective", "lenient"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("perspective: lenient\nOne sighting\n"),
        "{text}"
    );
    assert!(text.contains("verdict: attributed to 'a'"), "{text}");
}

#[test]
fn compare_json_has_base_first_and_hand_worked_values() {
    let score = codebook_case("score.json");
    let v = json_of(&run(&["compare", &score, "--format", "json"]));
    let list = v["perspectives"].as_array().unwrap();
    let ids: Vec<&str> = list.iter().map(|p| p["id"].as_str().unwrap()).collect();
    // base, the codebook's perspectives, then the case's own
    assert_eq!(ids, ["base", "sceptic", "no-witnesses", "lenient"]);

    // base: (0.80, 0.16, 0.24) / 1.2; the runner-up is `other`, and the
    // Bayes factor of the evidence, a against other, is 0.80 / 0.24 = 10/3
    let base = &list[0];
    assert_eq!(base["label"], "the case as written");
    close(&base["posterior"]["a"], 2.0 / 3.0);
    close(&base["posterior"]["b"], 0.16 / 1.2);
    assert_eq!(base["leader"], "a");
    assert_eq!(base["verdict"]["status"], "insufficient");
    assert_eq!(base["verdict"]["hypothesis"], Value::Null);
    assert_eq!(base["verdict"]["threshold"], 0.9);
    assert_eq!(base["runner_up"], "other");
    close(&base["bayes_factor"], 10.0 / 3.0);

    // sceptic: (0.60, 0.28, 0.32) / 1.2; a against other: 0.60 / 0.32
    let sceptic = &list[1];
    assert_eq!(sceptic["label"], "The joint mechanism at half trust");
    close(&sceptic["posterior"]["a"], 0.5);
    assert_eq!(sceptic["runner_up"], "other");
    close(&sceptic["bayes_factor"], 0.60 / 0.32);

    // no-witnesses discounts a kind this case does not use: as base
    close(&list[2]["posterior"]["a"], 2.0 / 3.0);

    // lenient: prior (1, 2, 1): a 0.8, b 0.32, other 0.24, sum 1.36
    // = (10/17, 4/17, 3/17); threshold 0.5: attributed to a; a against b,
    // the evidence alone: 0.80 / 0.16 = 5
    let lenient = &list[3];
    close(&lenient["posterior"]["a"], 10.0 / 17.0);
    close(&lenient["posterior"]["b"], 4.0 / 17.0);
    close(&lenient["posterior"]["other"], 3.0 / 17.0);
    assert_eq!(lenient["verdict"]["status"], "attributed");
    assert_eq!(lenient["verdict"]["hypothesis"], "a");
    assert_eq!(lenient["verdict"]["threshold"], 0.5);
    assert_eq!(lenient["runner_up"], "b");
    close(&lenient["bayes_factor"], 5.0);

    // a case without perspectives compares base alone
    let cab = file("compare-cab.json", CAB.as_bytes());
    let v = json_of(&run(&[
        "compare",
        cab.to_str().unwrap(),
        "--format",
        "json",
    ]));
    assert_eq!(v["perspectives"].as_array().unwrap().len(), 1);
    // green against blue: 0.2 / 0.8
    close(&v["perspectives"][0]["bayes_factor"], 0.25);
}

#[test]
fn compare_text_is_a_table() {
    let out = run(&["compare", &codebook_case("score.json")]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "One sighting");
    assert!(lines[2].starts_with("perspective"), "{text}");
    assert!(lines[3].starts_with("base "), "{text}");
    assert!(lines[3].contains("0.6667"), "{text}");
    assert!(lines[4].starts_with("sceptic "), "{text}");
    assert!(lines[4].contains("0.5000"), "{text}");
    assert!(
        lines[6].contains("a, attributed (0.5), 5.0000 against b"),
        "{text}"
    );
    assert!(text.contains("sceptic: The joint mechanism at half trust"));
}

#[test]
fn report_has_a_perspectives_section() {
    let score = codebook_case("score.json");
    let out = run(&[
        "report",
        &score,
        "--draws",
        "50",
        "--perspective",
        "sceptic",
    ]);
    assert!(out.status.success());
    let md = String::from_utf8(out.stdout).unwrap();
    for part in [
        "Seen from the perspective `sceptic`",
        "**Verdict: insufficient: the leader 'a' has posterior 0.5000",
        "## Perspectives",
        "| `base` | `a` | 0.6667 | insufficient | 0.9 | 3.3333 (against `other`) |",
        "| `lenient` | `a` | 0.5882 | attributed | 0.5 | 5.0000 (against `b`) |",
        "### `sceptic`: The joint mechanism at half trust",
        "- reliability: source `jim` x 0.5",
        "- rationale: its findings rest on one member state's intelligence",
        "- prior weights: a 1, b 2, other 1",
        "- kind: `seen`",
    ] {
        assert!(md.contains(part), "missing {part}\n{md}");
    }
    let v = json_of(&run(&[
        "report", &score, "--draws", "50", "--format", "json",
    ]));
    assert_eq!(v["perspective"], "base");
    assert_eq!(v["perspectives"][3]["id"], "lenient");
}

#[test]
fn bad_codebooks_and_perspectives_are_one_error_line() {
    let c = codebook_case;
    assert_clean_failure(
        &["score", &c("bad-source-twice.json")],
        "source 'jim' is defined both in codebook 'codebook.json' and in case file",
    );
    assert_clean_failure(
        &["check", &c("bad-unknown-kind.json")],
        "evidence 'e1': kind 'smelt' is not defined in codebook 'codebook.json'",
    );
    assert_clean_failure(
        &["compare", &c("bad-missing-hypothesis.json")],
        "kind 'seen' of codebook 'codebook.json' has no likelihood for the case's hypothesis 'c'",
    );
    assert_clean_failure(
        &["report", &c("bad-in-codebook.json")],
        "codebook 'bad-codebook.json': kind 'seen': likelihood for 'b' is 1.5",
    );
    assert_clean_failure(
        &["sensitivity", &c("bad-absolute.json")],
        "codebook is '/etc/passwd', which is not allowed",
    );
    assert_clean_failure(
        &["score", &c("bad-parent.json")],
        "codebook is '../codebook/codebook.json', which is not allowed",
    );
    assert_clean_failure(
        &["compare", &c("bad-perspective.json"), "--format", "json"],
        "perspective 'doubter': discount for source names 'nobody'",
    );
    for command in ["score", "sensitivity", "report"] {
        assert_clean_failure(
            &[command, &c("score.json"), "--perspective", "nobody"],
            "score.json: perspective 'nobody': not found in the case",
        );
    }
    // the case file is named in every message
    assert_clean_failure(&["score", &c("bad-both.json")], "bad-both.json: ");
}

#[test]
fn check_warns_of_a_zero_prior_favoured_and_a_low_threshold() {
    let case = r#"{
  "version": 1,
  "threshold": 0.2,
  "hypotheses": [{"id": "a", "label": "A"}, {"id": "other", "label": "Other"}],
  "prior": {"a": 0, "other": 1},
  "evidence": [{"id": "seen", "description": "",
                "likelihoods": {"a": 0.9, "other": 0.1}}]
}"#;
    let path = file("warn-zero-prior.json", case.as_bytes());
    let out = run(&["check", path.to_str().unwrap()]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(
            "warning: hypothesis 'a': prior 0, yet evidence 'seen' favours it; a prior of 0 stays 0 whatever the evidence says\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("warning: threshold 0.2 is below 0.5"),
        "{text}"
    );
    let v = json_of(&run(&["score", path.to_str().unwrap(), "--format", "json"]));
    let warnings = v["warnings"].as_array().unwrap();
    assert!(warnings.iter().any(|w| {
        w["kind"] == "zero-prior-favoured"
            && w["message"]
                .as_str()
                .unwrap()
                .starts_with("hypothesis 'a': prior 0")
    }));
    assert!(warnings.iter().any(|w| w["kind"] == "low-threshold"
        && w["message"].as_str().unwrap().starts_with("threshold 0.2")));
}

#[test]
fn too_many_draws_are_refused_before_allocating() {
    let path = file("budget.json", CAB.as_bytes());
    let p = path.to_str().unwrap();
    for command in ["sensitivity", "report"] {
        let out = bin()
            .args([command, p, "--draws", "100000000"])
            .env_remove("ATTRIB_MEMORY_BUDGET")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(out.stdout.is_empty());
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        // 1e8 draws x (2 hypotheses + 2) x 8 bytes = 3.2e9 bytes = 2.98 GiB
        assert!(
            stderr.starts_with(
                "error: --draws 100000000 with 2 hypotheses needs about 2.98 GiB of memory, over the budget of 2.00 GiB (2147483648 bytes)"
            ),
            "{stderr}"
        );
    }
    // a lower budget, by flag or environment, refuses fewer draws
    assert_clean_failure(
        &[
            "sensitivity",
            p,
            "--draws",
            "1000",
            "--memory-budget",
            "1000",
        ],
        "--draws 1000",
    );
    let out = bin()
        .args(["report", p, "--draws", "1000"])
        .env("ATTRIB_MEMORY_BUDGET", "1000")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("budget of 0.00 GiB (1000 bytes)"));
    let out = bin()
        .args(["report", p, "--draws", "10"])
        .env("ATTRIB_MEMORY_BUDGET", "lots")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ATTRIB_MEMORY_BUDGET"));
    // within the budget, as before
    let out = run(&[
        "sensitivity",
        p,
        "--draws",
        "100",
        "--memory-budget",
        "100000",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The exit statuses of the README's table, one command each.
#[test]
fn exit_status_says_what_went_wrong() {
    let status = |args: &[&str]| run(args).status.code();
    let bad = file("status-bad.json", CAB.replace("0.8", "1.2").as_bytes());
    let contradictory = file(
        "status-contradictory.json",
        CAB.replace("\"blue\": 15, \"green\": 85", "\"blue\": 0, \"green\": 1")
            .replace("\"green\": 0.2", "\"green\": 0")
            .as_bytes(),
    );
    let good = file("status-good.json", CAB.as_bytes());
    assert_eq!(status(&["score", bad.to_str().unwrap()]), Some(1));
    assert_eq!(status(&["score", "--no-such-flag"]), Some(2));
    assert_eq!(
        status(&["score", good.to_str().unwrap(), "--perspective", "nobody"]),
        Some(2)
    );
    assert_eq!(status(&["score", "/nonexistent/case.json"]), Some(3));
    assert_eq!(status(&["score", contradictory.to_str().unwrap()]), Some(4));
    assert_eq!(status(&["score", good.to_str().unwrap()]), Some(0));
    #[cfg(target_os = "linux")]
    {
        // a full disk: the output cannot be written
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = bin()
            .args(["score", good.to_str().unwrap()])
            .stdout(full)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(5));
        assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: cannot write the output"));
    }
}

/// `attrib scales` lists the built-in scales, and a case's declared ones;
/// `score` shows each word with its band, each quote, and a line per
/// standard; a bad word is one `error:` line naming the file, item, field
/// and scale (issue 20).
#[test]
fn words_scales_and_standards_on_the_command_line() {
    let out = run(&["scales"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(
        text.starts_with("icd-203: ") && text.contains("(default)"),
        "{text}"
    );
    assert!(
        text.contains("  very unlikely            [0.05, 0.2] (also: highly improbable)"),
        "{text}"
    );
    assert!(text.contains("kent: "), "{text}");

    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/reference/fixtures/words-codebook-a.json"
    );
    let v = json_of(&run(&["scales", fixture, "--format", "json"]));
    assert_eq!(v["default"], "icd-203");
    let ids: Vec<&str> = v["scales"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["icd-203", "kent", "jim-wording"]);
    assert_eq!(v["scales"][2]["declared"], true);

    let out = run(&["score", fixture]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("standard 'criminal' (Beyond reasonable doubt, the headline): threshold 0.99, insufficient"), "{text}");
    assert!(
        text.contains("crater: \u{201c}the damage was consistent with a barrel bomb\u{201d}"),
        "{text}"
    );
    assert!(
        text.contains(
            "  likelihood for 'government': most likely (jim-wording: 0.80-0.95) = 0.875"
        ),
        "{text}"
    );
    let v = json_of(&run(&["score", fixture, "--format", "json"]));
    assert_eq!(
        v["standards"][1],
        serde_json::json!({"id": "criminal", "threshold": 0.99, "status": "insufficient"})
    );
    assert_eq!(v["items"][0]["words"][0]["word"], "most likely");
    assert_eq!(v["items"][0]["words"][0]["scale"], "jim-wording");
    assert_eq!(
        v["items"][0]["words"][0]["band"],
        serde_json::json!([0.8, 0.95])
    );

    let bad = file(
        "bad-word.json",
        br#"{"version": 1, "hypotheses": [{"id": "a"}, {"id": "isil"}],
             "evidence": [{"id": "e1", "likelihoods": {"a": 0.5, "isil": "very unlikly"}}]}"#,
    );
    let out = run(&["score", bad.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("error: ") && err.contains("bad-word.json: evidence 'e1': likelihood for 'isil' is \"very unlikly\", not a word of scale 'icd-203'"), "{err}");
    assert!(
        err.trim_end().ends_with("did you mean \"very unlikely\"?"),
        "{err}"
    );
}
