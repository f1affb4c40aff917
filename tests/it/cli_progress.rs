//! The progress bar of `attrib sensitivity` and `attrib report`: on
//! stderr only when it is a terminal and `--quiet` is not given, and never
//! a byte of difference on stdout.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const SARMIN: &str = "examples/cases/jim/sarmin-2015-03-16.json";

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_attrib")
}

/// The command run with stderr a pipe (not a terminal).
fn run(args: &[&str]) -> Output {
    Command::new(bin())
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn ok(out: &Output) -> &[u8] {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    &out.stdout
}

fn dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("cli_progress")
        .join(name);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every command with a progress bar, in each of its formats.
fn commands() -> Vec<Vec<&'static str>> {
    let mut out = Vec::new();
    for format in ["text", "json"] {
        out.push(vec![
            "sensitivity",
            SARMIN,
            "--draws",
            "3000",
            "--format",
            format,
        ]);
    }
    for format in ["markdown", "json", "html"] {
        out.push(vec![
            "report", SARMIN, "--draws", "3000", "--format", format,
        ]);
    }
    out
}

#[test]
fn stderr_not_a_terminal_gets_nothing() {
    for args in commands() {
        let out = run(&args);
        assert!(!ok(&out).is_empty(), "{args:?}");
        assert!(
            out.stderr.is_empty(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn quiet_is_accepted_and_changes_nothing_on_stdout() {
    for args in commands() {
        let plain = run(&args);
        for quiet in ["--quiet", "-q"] {
            let mut with = args.clone();
            with.push(quiet);
            let out = run(&with);
            assert_eq!(ok(&out), ok(&plain), "{with:?}");
            assert!(out.stderr.is_empty(), "{with:?}");
        }
    }
}

#[test]
fn quiet_is_in_the_help() {
    for command in ["sensitivity", "report"] {
        let out = run(&[command, "--help"]);
        let help = String::from_utf8_lossy(ok(&out)).into_owned();
        assert!(help.contains("-q, --quiet"), "{help}");
        assert!(help.contains("progress bar"), "{help}");
    }
    // and only there: `score` has no bar to silence
    let out = run(&["score", SARMIN, "--quiet"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn errors_are_still_one_line() {
    let out = run(&["report", SARMIN, "--perspective", "nobody", "--quiet"]);
    // an unknown perspective is a usage error
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("error: "), "{err}");
}

/// Quotes a path for `sh -c`.
fn quoted(path: &Path) -> String {
    format!("'{}'", path.display().to_string().replace('\'', r"'\''"))
}

/// Runs `args` under `script` (util-linux), its stderr a terminal and its
/// stdout sent to `into`; returns whether it succeeded and what the
/// terminal showed, or `None` when `script` is not there.
fn on_a_terminal(args: &[&str], into: &Path) -> Option<(bool, String)> {
    let mut line = quoted(Path::new(bin()));
    for a in args {
        line.push(' ');
        line.push_str(&quoted(Path::new(a)));
    }
    line.push_str(" > ");
    line.push_str(&quoted(into));
    let out = Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .env("TERM", "xterm")
        .stdin(Stdio::null())
        .output()
        .ok()?;
    Some((
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    ))
}

#[test]
fn a_terminal_gets_a_bar_that_is_cleared_and_stdout_is_the_same() {
    let dir = dir("terminal");
    let args = [
        "sensitivity",
        SARMIN,
        "--draws",
        "20000",
        "--format",
        "json",
    ];
    let piped = run(&args);
    let into = dir.join("sensitivity.json");
    let Some((done, screen)) = on_a_terminal(&args, &into) else {
        println!("skipped: no `script` (util-linux) to give the command a terminal");
        return;
    };
    assert!(done, "{screen:?}");
    assert!(screen.contains("Monte Carlo draws"), "{screen:?}");
    assert!(screen.contains("/20000"), "{screen:?}");
    // the last thing drawn is the bar cleared: a return and an erased line
    assert!(screen.trim_end().ends_with("\r\u{1b}[2K"), "{screen:?}");
    assert_eq!(std::fs::read(&into).unwrap(), ok(&piped));

    // --quiet: not a byte on the terminal, the same output
    let mut quiet = args.to_vec();
    quiet.push("--quiet");
    let into = dir.join("quiet.json");
    let (done, screen) = on_a_terminal(&quiet, &into).unwrap_or((true, String::new()));
    assert!(done);
    assert_eq!(screen, "");
    assert_eq!(std::fs::read(&into).unwrap(), ok(&piped));
}

#[test]
fn a_report_on_a_terminal_is_the_same_report() {
    let dir = dir("report");
    let args = ["report", SARMIN, "--draws", "10000", "--format", "html"];
    let piped = run(&args);
    let into = dir.join("report.html");
    let Some((done, screen)) = on_a_terminal(&args, &into) else {
        println!("skipped: no `script` (util-linux) to give the command a terminal");
        return;
    };
    assert!(done, "{screen:?}");
    assert!(screen.contains("Monte Carlo draws"), "{screen:?}");
    assert_eq!(std::fs::read(&into).unwrap(), ok(&piped));
}

#[test]
fn on_a_terminal_an_error_comes_after_the_bar_is_cleared() {
    let dir = dir("error");
    let args = ["report", SARMIN, "--perspective", "nobody"];
    let into = dir.join("report.md");
    let Some((done, screen)) = on_a_terminal(&args, &into) else {
        println!("skipped: no `script` (util-linux) to give the command a terminal");
        return;
    };
    assert!(!done);
    // whatever bar was drawn is erased, then comes the one error line
    let after = screen
        .rsplit_once("\r\u{1b}[2K")
        .map_or(screen.as_str(), |(_, after)| after);
    assert!(after.starts_with("error: "), "{screen:?}");
    assert_eq!(after.trim_end().lines().count(), 1, "{screen:?}");
    assert_eq!(std::fs::read(&into).unwrap(), b"");
}
