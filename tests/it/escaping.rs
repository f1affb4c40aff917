//! Error messages quote the input they name with every character that
//! does not print escaped (as `str::escape_debug` writes it), so that a
//! message is one line without control characters whatever the input
//! holds, while the error itself keeps the input as given. Ordinary text,
//! Arabic and accented letters included, is quoted as is.

use attrib::ach::AchMatrix;
use attrib::{Case, Codebook, Error};
use serde_json::{Value, json};
use std::path::PathBuf;

/// Characters that must never reach a message as is.
fn unprintable(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// The error's message, checked to be one line of printable text.
fn message(e: &Error) -> String {
    let m = e.to_string();
    assert!(!m.chars().any(unprintable), "unescaped: {m:?}");
    m
}

fn base() -> Value {
    json!({
        "version": 1,
        "hypotheses": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
        "sources": [{"id": "s", "label": "S", "reliability": 0.5}],
        "evidence": [{"id": "e1", "description": "d", "likelihoods": {"a": 0.8, "b": 0.2}}]
    })
}

/// The error for the base case after `change`.
fn rejected(change: impl FnOnce(&mut Value)) -> Error {
    let mut v = base();
    change(&mut v);
    match Case::from_json(&v.to_string()) {
        Ok(_) => panic!("accepted: {v}"),
        Err(e) => e,
    }
}

fn dir(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("escaping")
        .join(name);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn the_field_name_the_fuzzer_found() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fuzz/corpus/monte_carlo/seed-field-name-with-cr.json"
    ))
    .unwrap();
    let e = Case::from_json(&text).unwrap_err();
    assert_eq!(
        message(&e),
        r"group 'copies': unknown field 'c\rrelation'; did you mean 'correlation'?"
    );
    assert_eq!(e.field(), Some("c\rrelation"));
}

#[test]
fn unknown_field_names() {
    let e = rejected(|v| v["hypotheses"][0]["x\u{1b}[31my"] = json!(1));
    assert_eq!(
        message(&e),
        r"hypothesis 'a': unknown field 'x\u{1b}[31my' (fields here: 'id', 'label', 'catch_all')"
    );
    let e = rejected(|v| v["evidence"][0]["note\t\u{202e}"] = json!("x"));
    assert_eq!(
        message(&e),
        r"evidence 'e1': unknown field 'note\t\u{202e}' (fields here: 'id', 'kind', 'description', 'likelihoods', 'reliability', 'admiralty', 'credibility', 'chance', 'observed', 'group', 'source', 'concentration', 'discount', 'rationale', 'sources', 'quote', 'step')"
    );
    let e = rejected(|v| v["\0top"] = json!(1));
    assert_eq!(
        message(&e),
        r"case: unknown field '\0top' (fields here: 'version', 'codebook', 'title', 'date', 'place', 'weighting', 'threshold', 'hypotheses', 'prior', 'sources', 'groups', 'uncertainty', 'evidence', 'perspectives', 'scale', 'scales', 'standard', 'standards', 'steps')"
    );
    assert_eq!(e.field(), Some("\0top"));
}

#[test]
fn invalid_ids() {
    let e = rejected(|v| v["hypotheses"][0]["id"] = json!("a\u{1b}[2J"));
    assert_eq!(
        message(&e),
        r#"hypothesis #1: id "a\u{1b}[2J" is not valid: it contains a control character"#
    );
    assert_eq!(e.value(), Some("a\u{1b}[2J"));
    let e = rejected(|v| v["evidence"][0]["id"] = json!("e\r\n1"));
    assert_eq!(
        message(&e),
        r#"evidence #1: id "e\r\n1" is not valid: it contains a control character"#
    );
}

#[test]
fn unknown_references() {
    let e = rejected(|v| v["evidence"][0]["source"] = json!("wit\nness"));
    assert_eq!(
        message(&e),
        r"evidence 'e1': source names 'wit\nness', which is not a declared source"
    );
    assert_eq!(e.value(), Some("wit\nness"));
    let e = rejected(|v| v["evidence"][0]["likelihoods"]["c\t"] = json!(0.5));
    assert_eq!(
        message(&e),
        r"evidence 'e1': likelihood names 'c\t', which is not a declared hypothesis"
    );
    let e = rejected(|v| v["prior"] = json!({"a\u{0}": 1}));
    assert_eq!(
        message(&e),
        r"prior: weight names 'a\0', which is not a declared hypothesis"
    );
}

#[test]
fn duplicate_ids_that_are_valid_but_do_not_print() {
    // a line separator is not a control character: a valid id, escaped
    let e = rejected(|v| {
        v["hypotheses"][0]["id"] = json!("x\u{2028}y");
        v["hypotheses"][1]["id"] = json!("x\u{2028}y");
    });
    assert_eq!(
        message(&e),
        r"case: hypothesis id 'x\u{2028}y' appears more than once"
    );
    assert_eq!(e.value(), Some("x\u{2028}y"));
    let e = rejected(|v| {
        let again = v["evidence"][0].clone();
        v["evidence"].as_array_mut().unwrap().push(again);
        v["evidence"][0]["id"] = json!("e\u{2029}\u{2028}");
        v["evidence"][1]["id"] = json!("e\u{2029}\u{2028}");
    });
    assert_eq!(
        message(&e),
        r"case: evidence id 'e\u{2029}\u{2028}' appears more than once"
    );
    // a bidi control is no longer valid in an id (issue 25): the id is
    // refused, escaped, before any duplicate is looked for
    let e = rejected(|v| {
        v["hypotheses"][0]["id"] = json!("x\u{202e}y");
        v["hypotheses"][1]["id"] = json!("x\u{202e}y");
    });
    assert_eq!(
        message(&e),
        r#"hypothesis #1: id "x\u{202e}y" is not valid: it contains a bidirectional control character, which can make it read as another id"#
    );
}

#[test]
fn grades() {
    let e = rejected(|v| {
        v["sources"][0] = json!({"id": "s", "label": "S", "admiralty": "B\t"});
    });
    assert_eq!(
        message(&e),
        r#"source 's': admiralty is "B\t", must be one of "A", "B", "C", "D", "E", "F""#
    );
    assert_eq!(e.value(), Some("B\t"));
    let e = rejected(|v| v["weighting"] = json!("x\ry"));
    assert_eq!(
        message(&e),
        r#"case: weighting is "x\ry", must be one of "mixture", "tempered""#
    );
    let e = rejected(|v| v["evidence"][0]["credibility"] = json!("7\u{2028}"));
    assert_eq!(
        message(&e),
        r#"evidence 'e1': credibility is "7\u{2028}", must be one of a number in 0..=1 or "1", "2", "3", "4", "5", "6""#
    );
}

#[test]
fn serde_messages_and_paths() {
    // the path (a likelihood key) and serde's own quoting of the value
    // (a string is a word now, docs/model.md section 11: a range of one)
    let e = rejected(|v| v["evidence"][0]["likelihoods"]["c\t"] = json!(["x\r"]));
    assert_eq!(
        message(&e),
        r#"evidence 'e1': likelihood for 'c\t': [0]: invalid type: string "x\r", expected f64 at line 1 column 85"#
    );
    // an item named by its id in the path
    let e = rejected(|v| {
        v["evidence"][0]["id"] = json!("\u{1b}]0;title\u{7}");
        v["evidence"][0]["reliability"] = json!(true);
    });
    let m = message(&e);
    assert!(
        m.starts_with(r"evidence '\u{1b}]0;title\u{7}': reliability: invalid type: boolean"),
        "{m}"
    );
}

#[test]
fn arabic_and_accented_text_is_quoted_as_given() {
    let e = rejected(|v| v["evidence"][0]["source"] = json!("مصدر"));
    assert_eq!(
        message(&e),
        "evidence 'e1': source names 'مصدر', which is not a declared source"
    );
    let e = rejected(|v| {
        v["hypotheses"][0]["id"] = json!("الأسد");
        v["hypotheses"][1]["id"] = json!("الأسد");
    });
    assert_eq!(
        message(&e),
        "case: hypothesis id 'الأسد' appears more than once"
    );
    let e = rejected(|v| v["evidence"][0]["témoin"] = json!(1));
    assert_eq!(
        message(&e),
        "evidence 'e1': unknown field 'témoin' (fields here: 'id', 'kind', 'description', 'likelihoods', 'reliability', 'admiralty', 'credibility', 'chance', 'observed', 'group', 'source', 'concentration', 'discount', 'rationale', 'sources', 'quote', 'step')"
    );
}

#[test]
fn lookups() {
    let case = Case::from_json(&base().to_string()).unwrap();
    let e = case.perspective("p\r\u{202e}").unwrap_err();
    assert_eq!(
        message(&e),
        r"perspective 'p\r\u{202e}': not found in the case"
    );
    let e = attrib::BreakEven::evidence("e\n").run(&case).unwrap_err();
    assert_eq!(message(&e), r"evidence 'e\n': not found in the case");
}

#[test]
fn codebooks() {
    let e = Codebook::from_json(
        r#"{"version": 1, "hypotheses": ["a", "b"],
            "kinds": [{"id": "k", "likelihoods": {"a": 1, "c\r": 1}}]}"#,
    )
    .unwrap_err();
    assert_eq!(
        message(&e),
        r"kind 'k': likelihood names 'c\r', which is not a declared hypothesis"
    );
    let e = Codebook::from_json(
        r#"{"version": 1, "hypotheses": ["a", "b"],
            "kinds": [{"id": "k", "likelihoods": {"a": 1, "b": 1}, "source": "s\u001b"}]}"#,
    )
    .unwrap_err();
    assert_eq!(
        message(&e),
        r"kind 'k': source names 's\u{1b}', which is not a declared source"
    );
}

#[test]
#[cfg(unix)] // a file name with a line break; the OS message
fn file_paths() {
    let e = Case::from_path("/nonexistent/c\u{1b}ase\n.json").unwrap_err();
    assert_eq!(
        message(&e),
        r"cannot read '/nonexistent/c\u{1b}ase\n.json': No such file or directory (os error 2)"
    );
    assert_eq!(e.file(), Some("/nonexistent/c\u{1b}ase\n.json"));

    // a case file whose name holds a line break, naming a codebook whose
    // path holds a carriage return
    let d = dir("paths");
    let mut v = base();
    v["codebook"] = json!("bo\rok.json");
    let case = d.join("ca\nse.json");
    std::fs::write(&case, v.to_string()).unwrap();
    let e = Case::from_path(&case).unwrap_err();
    let d = d.display();
    assert_eq!(
        message(&e),
        format!(
            r"{d}/ca\nse.json: codebook 'bo\rok.json': cannot read '{d}/bo\rok.json': No such file or directory (os error 2)"
        )
    );
    assert!(e.file().is_some_and(|f| f.ends_with("ca\nse.json")));
}

#[test]
fn ach_cells() {
    let header = "id,description,credibility,relevance,a,b\n";
    let read = |rows: &str| AchMatrix::from_csv(&format!("{header}{rows}")).unwrap_err();
    let e = read("e,d,High,Low,C,\"X\r\n\u{1b}\"\n");
    assert_eq!(
        message(&e),
        r#"row 2, column 'b': rating is "X\r\n\u{1b}", must be one of CC, C, N, I, II, NA"#
    );
    let e = read("e,d,Hi\u{0}gh,Low,C,I\n");
    assert_eq!(
        message(&e),
        r#"row 2, column 'credibility': level is "Hi\0gh", must be one of High, Medium, Low"#
    );
    let e = read("\"e\rf\",d,High,Low,C,I\n\"e\rf\",d,High,Low,C,I\n");
    assert_eq!(
        message(&e),
        r"row 3, column 'id': the id 'e\rf' appears more than once"
    );
    let e = AchMatrix::from_csv("id,description,credibility,relevance,a\u{202e},a\u{202e}\n")
        .unwrap_err();
    assert_eq!(
        message(&e),
        r"row 1, column 'a\u{202e}': the column appears more than once"
    );
    // the rating's own error, as `str::parse` gives it
    let m = "\u{1b}[1m".parse::<attrib::ach::Rating>().unwrap_err();
    assert_eq!(
        m,
        r#"rating is "\u{1b}[1m", must be one of CC, C, N, I, II, NA"#
    );
    let e = read("e,d,High,Low,C,الف\n");
    assert_eq!(
        message(&e),
        r#"row 2, column 'b': rating is "الف", must be one of CC, C, N, I, II, NA"#
    );
}

/// The command line prints the library's message on one `error:` line.
#[cfg(feature = "cli")]
mod cli {
    use super::*;
    use std::process::Command;

    #[test]
    fn check_prints_one_escaped_line() {
        let path = dir("cli").join("bad.json");
        let mut v = base();
        v["sources"][0]["re\u{1b}[31mliability\r"] = json!(0.5);
        std::fs::write(&path, v.to_string()).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_attrib"))
            .args(["check", path.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(!out.status.success());
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(
            stderr,
            format!(
                "error: {}: source 's': unknown field 're\\u{{1b}}[31mliability\\r' (fields here: 'id', 'label', 'reliability', 'admiralty', 'discount')\n",
                path.display()
            )
        );
    }

    #[test]
    fn a_path_from_the_command_line_is_escaped_too() {
        // The binary's own message ("cannot read ...") quotes the path as
        // given: an escape sequence in it must not reach the terminal.
        let out = Command::new(env!("CARGO_BIN_EXE_attrib"))
            .args(["ach", "no-such-\u{1b}[2J-\u{202e}file.json"])
            .output()
            .unwrap();
        // a file that cannot be read
        assert_eq!(out.status.code(), Some(3));
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.starts_with("error: "), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            !stderr.contains('\u{1b}') && !stderr.contains('\u{202e}'),
            "{stderr:?}"
        );
        assert!(
            stderr.contains("no-such-\\u{1b}[2J-\\u{202e}file.json"),
            "{stderr}"
        );
    }
}
