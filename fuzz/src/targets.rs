// The fuzz targets' bodies, shared by the cargo-fuzz crate (each file in
// `fuzz_targets/` `include!`s this one) and by the stable regression test
// `tests/fuzz_replay.rs` (which `include!`s it too and replays the corpus).
// Every function takes the raw input bytes; none may panic, and every error
// the library returns must print as one non-empty line without control
// characters (`check`).
//
// Written to be `include!`d: no inner attributes, no `use` of crates the
// includer lacks (only `attrib`, `serde_json` and `std`).

/// Inputs larger than this are skipped, so that every run stays fast.
pub const MAX_INPUT: usize = 64 * 1024;

/// Separates the codebook from the case in the `codebook` target's input.
pub const CODEBOOK_SEPARATOR: u8 = 0;

/// Whether a character must never reach an error message as is: a control
/// character (line breaks, tabs, NUL, escape sequences), a line or
/// paragraph separator, a bidi override or isolate, or a directional mark.
pub fn unprintable(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// An error must print as one non-empty line without control characters:
/// the library escapes whatever the input puts in a name it quotes (a
/// field name such as "c\rrelation", found by this fuzzer, prints as
/// `c\rrelation`), so every library error is safe to print as is.
pub fn check(e: &attrib::Error) {
    let message = e.to_string();
    assert!(!message.trim().is_empty(), "empty error message: {e:?}");
    assert!(
        !message.chars().any(unprintable),
        "error message with a control character: {message:?}"
    );
    let _ = e.kind();
}

/// `Ok` through, `Err` checked and dropped.
pub fn ok<T>(r: Result<T, attrib::Error>) -> Option<T> {
    r.map_err(|e| check(&e)).ok()
}

/// The input as a parsed case, if it is one (small, UTF-8, valid).
pub fn parse_case(data: &[u8]) -> Option<attrib::Case> {
    if data.len() > MAX_INPUT {
        return None;
    }
    let text = std::str::from_utf8(data).ok()?;
    ok(attrib::Case::from_json(text))
}

/// Score a case, walk its ledger and render the posterior as JSON.
pub fn score_case(case: &attrib::Case) {
    let _ = case.warnings();
    let Some(post) = ok(case.score()) else {
        return;
    };
    // The text table (`attrib score`) shows labels escaped and isolated:
    // no control character but its newlines, no bidi control but the
    // isolates around a field, each closed on its line.
    let table = post.to_string();
    for line in table.lines() {
        assert!(
            !line
                .chars()
                .any(|c| unprintable(c) && !matches!(c, '\u{2068}' | '\u{2069}')),
            "the posterior table holds a character that drives a terminal: {line:?}"
        );
        assert_eq!(
            line.matches('\u{2068}').count(),
            line.matches('\u{2069}').count(),
            "an isolate left open: {line:?}"
        );
    }
    let ledger = post.ledger();
    for entry in ledger.entries() {
        let _ = format!("{entry:?}");
    }
    let _ = ledger.carriers();
    // What `attrib score --format json` prints; every map it writes has
    // string keys, so serialising cannot fail.
    let json = serde_json::to_value(attrib::report::Scored::new(case, &post))
        .unwrap_or_else(|e| panic!("a scored case does not serialise: {e}"));
    let _ = json.to_string();
}

/// `case_score`: bytes -> `Case::from_json` -> `score()`, the ledger, JSON.
pub fn case_score(data: &[u8]) {
    if let Some(case) = parse_case(data) {
        score_case(&case);
        if let Some(text) = ok(case.to_json()) {
            // what we write, we read back
            let again = attrib::Case::from_json(&text)
                .unwrap_or_else(|e| panic!("a written case does not read back: {e}"));
            score_case(&again);
        }
    }
}

/// `sensitivity`: leave-one-out, break-even for the first item and source.
pub fn sensitivity(data: &[u8]) {
    let Some(case) = parse_case(data) else {
        return;
    };
    let _ = ok(attrib::LeaveOneOut::of(&case));
    if let Some(first) = case.evidence().first() {
        let _ = ok(attrib::BreakEven::evidence(first.id()).run(&case));
    }
    if let Some(first) = case.sources().first() {
        let _ = ok(attrib::BreakEven::source(first.id()).run(&case));
    }
}

/// `monte_carlo`: a few seeded draws.
pub fn monte_carlo(data: &[u8]) {
    let Some(case) = parse_case(data) else {
        return;
    };
    let seed = data.iter().fold(0u64, |h, &b| h.rotate_left(5) ^ u64::from(b));
    let options = attrib::MonteCarlo::new().draws(8).seed(seed);
    if let Some(sim) = ok(options.run(&case)) {
        let _ = format!("{sim:?}");
    }
}

/// `ach`: bytes -> `AchMatrix::from_csv_bytes` -> `to_case` -> score.
pub fn ach(data: &[u8]) {
    if data.len() > MAX_INPUT {
        return;
    }
    let Some(matrix) = ok(attrib::ach::AchMatrix::from_csv_bytes(data)) else {
        return;
    };
    let classic = matrix.classic();
    let _ = classic.rankings();
    let _ = classic.leaders();
    let Some(case) = ok(matrix.to_case(&attrib::ach::Mapping::default())) else {
        return;
    };
    score_case(&case);
    if let Some(post) = ok(case.score()) {
        let _ = matrix.disagreements(&post);
    }
}

/// How the `codebook` target places the codebook, chosen by the first byte
/// of the case part when it is one of these (a case file never starts with
/// one): as a file (any other byte), a link inside the folder, a link out
/// of it, or a FIFO (Unix).
pub const CODEBOOK_LINK_INSIDE: u8 = 1;
/// See [`CODEBOOK_LINK_INSIDE`].
pub const CODEBOOK_LINK_OUT: u8 = 2;
/// See [`CODEBOOK_LINK_INSIDE`].
pub const CODEBOOK_FIFO: u8 = 3;

/// `codebook`: bytes -> `Codebook::from_json`; when the input holds a NUL
/// byte, the part before it is the codebook and the part after it a case
/// naming `codebook.json`: both are written to a scratch directory, the
/// case read with `Case::from_path`, scored, and every perspective applied.
/// A case part that starts with [`CODEBOOK_LINK_INSIDE`],
/// [`CODEBOOK_LINK_OUT`] or [`CODEBOOK_FIFO`] places the codebook that way
/// instead (on Unix): a link out of the folder or a FIFO must be refused,
/// at once.
pub fn codebook(data: &[u8]) {
    if data.len() > MAX_INPUT {
        return;
    }
    let (book, case) = match data.iter().position(|&b| b == CODEBOOK_SEPARATOR) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    };
    if let Some(parsed) = std::str::from_utf8(book)
        .ok()
        .and_then(|text| ok(attrib::Codebook::from_json(text)))
    {
        let _ = parsed.perspectives();
        let _ = parsed.kinds();
    }
    let Some(case) = case else {
        return;
    };
    let root = scratch_dir();
    let dir = root.join("case");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("books")).expect("create the case folder");
    let case_path = dir.join("case.json");
    let (form, case) = match case.first() {
        Some(&b @ (CODEBOOK_LINK_INSIDE | CODEBOOK_LINK_OUT | CODEBOOK_FIFO)) => (b, &case[1..]),
        _ => (0, case),
    };
    std::fs::write(&case_path, case).expect("write the case");
    let placed = place_codebook(form, &root, &dir, book);
    let read = attrib::Case::from_path(&case_path);
    match placed {
        Placed::File => {}
        Placed::Refused => {
            // A case that names this codebook must not be read: a link out
            // of the folder or a FIFO is refused (a FIFO at once: a hang is
            // the fuzzer's time-out).
            if names_codebook_json(case) {
                let e = read.as_ref().err().unwrap_or_else(|| {
                    panic!("a codebook placed as form {form} was read, not refused")
                });
                check(e);
            }
        }
    }
    let Some(case) = ok(read) else {
        return;
    };
    score_case(&case);
    for p in case.perspectives() {
        if let Some(view) = ok(case.perspective(p.id())) {
            score_case(&view);
        }
    }
}

/// Whether a case file's `codebook` field names `codebook.json` in the
/// case's folder (`codebook.json`, `./codebook.json`, ...).
fn names_codebook_json(case: &[u8]) -> bool {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(case) else {
        return false;
    };
    let Some(written) = value.get("codebook").and_then(|c| c.as_str()) else {
        return false;
    };
    let parts: Vec<_> = std::path::Path::new(written)
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect();
    parts.len() == 1 && parts[0].as_os_str() == "codebook.json"
}

/// What the library must do with a codebook placed by [`place_codebook`].
enum Placed {
    /// Read it (or refuse the case for its own faults).
    File,
    /// Refuse it: a link out of the folder, or a FIFO.
    Refused,
}

/// Writes the codebook into the case folder `dir` in the form `form`
/// (see [`CODEBOOK_LINK_INSIDE`]); the link out points at a copy of it in
/// `root`, outside the folder.
fn place_codebook(form: u8, root: &std::path::Path, dir: &std::path::Path, book: &[u8]) -> Placed {
    let path = dir.join("codebook.json");
    #[cfg(unix)]
    match form {
        CODEBOOK_LINK_INSIDE => {
            std::fs::write(dir.join("books/real.json"), book).expect("write the codebook");
            std::os::unix::fs::symlink("books/real.json", &path).expect("link the codebook");
            return Placed::File;
        }
        CODEBOOK_LINK_OUT => {
            std::fs::write(root.join("outside.json"), book).expect("write the codebook");
            std::os::unix::fs::symlink("../outside.json", &path).expect("link the codebook");
            return Placed::Refused;
        }
        CODEBOOK_FIFO => {
            let made = std::process::Command::new("mkfifo")
                .arg(&path)
                .status()
                .is_ok_and(|s| s.success());
            if made {
                return Placed::Refused;
            }
        }
        _ => {}
    }
    let _ = (form, root);
    std::fs::write(&path, book).expect("write the codebook");
    Placed::File
}

/// One scratch directory per process (and thread), reused between inputs.
fn scratch_dir() -> std::path::PathBuf {
    let thread = format!("{:?}", std::thread::current().id());
    let digits: String = thread.chars().filter(char::is_ascii_digit).collect();
    let dir = std::env::temp_dir().join(format!(
        "attrib-fuzz-{}-{digits}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).expect("create the scratch directory");
    dir
}
