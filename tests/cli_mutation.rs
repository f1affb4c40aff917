//! A mutation fuzz of the `attrib` binary through every subcommand (issue
//! 15). Seed files (the JIM cases and their codebook, the codebook test
//! cases, the ACH matrices, the fuzz corpus) are mutated by a seeded
//! generator, byte by byte and field by field, written to a scratch folder
//! (a mutated codebook next to the case that names it), and run through
//! `check`, `score`, `compare`, `sensitivity`, `report` and `ach` in every
//! format, each run under a time limit and a 4 GiB address-space limit
//! (`ulimit -v`), its peak memory measured by GNU time (`/usr/bin/time`;
//! by polling `/proc` without it). No run may end in a signal (an abort), a
//! panic (status 101), a usage error, a time-out or a peak resident memory
//! over 1 GiB; a failure prints exactly one `error:` line and nothing on
//! stdout; JSON output parses; HTML output is a whole page. Absurd flags
//! (`--draws`, `--seed`, `--memory-budget`, `--perspective`, `--format`,
//! `--quiet` where it does not belong)
//! and absurd paths get the same checks, with the exit status each must
//! give.
//!
//! `ATTRIB_MUTANTS=N` runs N mutants of each kind (case, codebook, ACH
//! matrix) instead of the default; `ATTRIB_MUTATION_SEED=S` changes the
//! seed, `ATTRIB_MUTATION_JOBS=J` runs J mutants at a time and
//! `ATTRIB_MUTATION_TIMEOUT=SECONDS` the time limit of one run (60),
//! `ATTRIB_MUTATION_LARGE=N` the most items an array grows by (1 000). A
//! failing mutant is saved under `target/tmp/cli_mutation/failures/` with
//! the command that fails it; `ATTRIB_MUTATION_ONLY=I` makes mutant I alone
//! again (its files stay in `target/tmp/cli_mutation/<kind>-only/`), and
//! `ATTRIB_MUTATION_VERBOSE=1` prints what `check` says of each mutant.
//! With `--nocapture` the test prints the runs per command, their exit
//! statuses, and the largest peak memory and the longest time, each with
//! the mutant that reached it.
//!
//! Not part of `cargo test`: Cargo.toml gives this target `test = false`,
//! so run it by name (`.ci/run` does), and with more mutants for longer:
//!
//! ```sh
//! cargo test --all-features --test cli_mutation
//! ATTRIB_MUTANTS=5000 ATTRIB_MUTATION_LARGE=3000 ATTRIB_MUTATION_JOBS=2 \
//!   cargo test --release --all-features --test cli_mutation -- --nocapture --test-threads 1
//! ```
//!
//! Unix only (`ulimit`, `sh`, signals, `std::os::unix`): elsewhere the
//! crate is empty.

#![cfg(unix)]

use serde_json::Value;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};

/// Mutants of each kind in a default run (about 30 s in a debug build on
/// two shared cores); `ATTRIB_MUTANTS` overrides it.
const DEFAULT_MUTANTS: usize = 100;

/// The address space every run gets (`ulimit -v`, KiB): an allocation
/// past it aborts the run, which the checks report.
const ADDRESS_SPACE_KIB: u64 = 4 << 20;

/// The largest peak resident memory (VmHWM, KiB) a run may reach.
const PEAK_KIB: u64 = 1 << 20;

/// Mutants larger than this are not made.
const MAX_MUTANT: usize = 4 << 20;

// ---------------------------------------------------------------------------
// A seeded generator (SplitMix64): the same seed gives the same mutants.

#[derive(Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// The most items the huge-array mutation adds: 1 000 by default, so that
/// a debug run stays short (in a debug build, `sensitivity` on a case of
/// 3 000 sources takes seconds); `ATTRIB_MUTATION_LARGE` sets it.
fn large_array() -> usize {
    env_number("ATTRIB_MUTATION_LARGE", 1_000) as usize
}

fn mutant_count() -> usize {
    env_number("ATTRIB_MUTANTS", DEFAULT_MUTANTS as u64) as usize
}

fn base_seed() -> u64 {
    env_number("ATTRIB_MUTATION_SEED", 15)
}

/// The generator of mutant `index` of one kind: each mutant can be made
/// again alone.
fn rng_for(kind: &str, index: usize) -> Rng {
    let salt = kind.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let mut rng = Rng::new(base_seed() ^ salt ^ (index as u64).wrapping_mul(0xA24B_AED4_963E_E407));
    rng.next();
    rng
}

// ---------------------------------------------------------------------------
// Seeds.

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn files_in(dir: &Path, ext: Option<&str>) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .filter(|p| ext.is_none_or(|x| p.extension().is_some_and(|e| e == x)))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// A seed case: its bytes, and the codebook next to it (if any).
#[derive(Clone)]
struct CaseSeed {
    case: Vec<u8>,
    codebook: Option<Vec<u8>>,
}

fn case_seeds() -> Vec<CaseSeed> {
    let mut seeds = Vec::new();
    let jim = root().join("examples/cases/jim");
    let jim_book = read(&jim.join("codebook.json"));
    for path in files_in(&jim, Some("json")) {
        if path.file_name().is_some_and(|n| n == "codebook.json") {
            continue;
        }
        seeds.push(CaseSeed {
            case: read(&path),
            codebook: Some(jim_book.clone()),
        });
    }
    let data = root().join("tests/data/codebook");
    let data_book = read(&data.join("codebook.json"));
    for path in files_in(&data, Some("json")) {
        if path.file_name().is_some_and(|n| n == "codebook.json") {
            continue;
        }
        seeds.push(CaseSeed {
            case: read(&path),
            codebook: Some(data_book.clone()),
        });
    }
    for target in ["case_score", "sensitivity", "monte_carlo"] {
        for path in files_in(&root().join("fuzz/corpus").join(target), None) {
            seeds.push(CaseSeed {
                case: read(&path),
                codebook: None,
            });
        }
    }
    for (book, case) in codebook_seeds() {
        seeds.push(CaseSeed {
            case,
            codebook: Some(book),
        });
    }
    seeds
}

/// Codebooks with a case that names `codebook.json`.
fn codebook_seeds() -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut seeds = Vec::new();
    let jim = root().join("examples/cases/jim");
    let jim_book = read(&jim.join("codebook.json"));
    for path in files_in(&jim, Some("json")) {
        if path.file_name().is_some_and(|n| n != "codebook.json") {
            seeds.push((jim_book.clone(), read(&path)));
        }
    }
    let data = root().join("tests/data/codebook");
    let data_book = read(&data.join("codebook.json"));
    for name in ["score.json", "inherit.json"] {
        seeds.push((data_book.clone(), read(&data.join(name))));
    }
    // the fuzz target's inputs: codebook, NUL, case
    for path in files_in(&root().join("fuzz/corpus/codebook"), None) {
        let bytes = read(&path);
        if let Some(i) = bytes.iter().position(|&b| b == 0) {
            seeds.push((bytes[..i].to_vec(), bytes[i + 1..].to_vec()));
        }
    }
    seeds
}

fn ach_seeds() -> Vec<Vec<u8>> {
    let mut seeds: Vec<Vec<u8>> = files_in(&root().join("examples/cases/ach"), Some("csv"))
        .iter()
        .map(|p| read(p))
        .collect();
    seeds.extend(
        files_in(&root().join("fuzz/corpus/ach"), None)
            .iter()
            .map(|p| read(p)),
    );
    seeds
}

// ---------------------------------------------------------------------------
// Mutations of bytes, of JSON and of CSV.

/// Text dropped into a file at random.
const TOKENS: &[&str] = &[
    "\"",
    "\\",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "null",
    "true",
    "-1",
    "0",
    "1e308",
    "-1e308",
    "NaN",
    "Infinity",
    "1e309",
    "5e-324",
    "\"id\"",
    "\"evidence\"",
    "\"likelihoods\"",
    "\\u0000",
    "\\ud800",
    "\\n",
    "\u{0}",
    "\u{1b}[31m",
    "\u{7f}",
    "\r\n",
    "\n",
    "\u{feff}",
    "\u{202e}",
    "\u{2028}",
    "\u{85}",
    "🙂",
    "é",
    "e\u{301}",
    ",,,",
    "CC",
    "NA",
    "II",
    "\"\"",
    "High",
    "Low",
    "\t",
    "\u{ffff}",
    "<script>",
    "]]>",
    "|",
    "`",
];

/// Bytes that often break a parser.
const BYTES: &[u8] = &[
    0x00, 0x01, 0x1f, 0x7f, 0x80, 0xbf, 0xc3, 0xe2, 0xf0, 0xff, b'"', b'\\', b'{', b'}', b'[',
    b']', b',', b':', b'\n', b'\r', b'0', b'9', b'-', b'.', b'e',
];

/// Strings for ids, labels, keys and cells.
static WEIRD: LazyLock<Vec<String>> = LazyLock::new(weird_strings);

fn weird_strings() -> Vec<String> {
    let mut v: Vec<String> = [
        "",
        " ",
        "\u{0}",
        "\n",
        "\r\n",
        "\t",
        "a\nb",
        "a\rb",
        "\u{1b}[2J",
        "\u{7}",
        "\u{7f}",
        "\u{85}",
        "\u{2028}",
        "\u{202e}evil",
        "\u{202e}lisi",
        "\u{2066}x",
        "gov\u{200d}",
        "caf\u{e9}",
        "cafe\u{301}",
        "\u{456}sil",
        "\u{1b}]0;owned\u{7}\u{1b}[2J",
        "x\n\nverdict: attributed to 'a' (posterior 0.9990)",
        "\u{200b}",
        "\u{feff}",
        "e\u{301}",
        "🙂",
        "\u{10ffff}",
        "\u{ffff}",
        "\u{fffe}",
        "\\",
        "\"",
        "'",
        "<script>alert(1)</script>",
        "&amp;",
        "]]>",
        "<!--",
        "-->",
        "a|b",
        "`x`",
        "*x*",
        "# x",
        "[x](javascript:0)",
        "%s%n",
        "{}",
        "base",
        "codebook.json",
        "../x",
        "/etc/passwd",
        "NaN",
        "-1",
        "0",
        "1e308",
        "CC",
        "NA",
        "High",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.push("a".repeat(100_000));
    v.push("é".repeat(20_000));
    v.push("\u{301}".repeat(1_000));
    v
}

/// Number texts, valid JSON and not, for any number.
const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "-1",
    "1",
    "2",
    "0.5",
    "1e308",
    "-1e308",
    "1.7976931348623157e308",
    "5e-324",
    "1e-320",
    "2.2250738585072014e-308",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775808",
    "9007199254740993",
    "1e309",
    "-1e309",
    "NaN",
    "Infinity",
    "-Infinity",
    "1.0000000000000002",
    "0.9999999999999999",
    "1e-16",
    "0.999999999999",
    "00",
    "1.",
    "-",
    "1e",
    "0x10",
    "+1",
    ".5",
    "1e-400",
    "100000000000000000000000000000",
];

/// Values of the wrong shape or at an edge.
const ODD_VALUES: &[&str] = &[
    "null",
    "true",
    "false",
    "\"\"",
    "\"NaN\"",
    "\"inf\"",
    "\"-Infinity\"",
    "\"1e308\"",
    "[]",
    "{}",
    "[0.1, 0.9]",
    "[0.9, 0.1]",
    "[0, 0]",
    "[1, 1]",
    "[0, 1]",
    "[0.5]",
    "[0.1, 0.2, 0.3]",
    "[null, 0.5]",
    "[1e308, 1e308]",
    "[-1, 2]",
    "{\"low\": 0.1}",
    "\"A1\"",
    "\"F6\"",
    "\"6\"",
    "\"0\"",
    "\"mixture\"",
    "\"tempered\"",
    "\"independent\"",
    "\"codebook.json\"",
    "{\"a\": 1}",
    "[[[]]]",
    "[{}]",
    "1",
    "0",
    "-1",
    "0.5",
    "1e-300",
    "1e308",
];

/// The case file's and the codebook's field names.
const FIELDS: &[&str] = &[
    "version",
    "codebook",
    "title",
    "date",
    "place",
    "weighting",
    "threshold",
    "hypotheses",
    "prior",
    "sources",
    "groups",
    "uncertainty",
    "evidence",
    "perspectives",
    "catch_all",
    "label",
    "reliability",
    "admiralty",
    "discount",
    "correlation",
    "kind",
    "kinds",
    "description",
    "likelihoods",
    "chance",
    "observed",
    "group",
    "source",
    "credibility",
    "concentration",
    "rationale",
    "likelihood_concentration",
    "prior_concentration",
    "references",
    "id",
    "evidence",
];

/// What a case may give as its codebook.
const CODEBOOK_REFS: &[&str] = &[
    "codebook.json",
    "",
    ".",
    "./codebook.json",
    "codebook.json/",
    "case.json",
    "/etc/passwd",
    "../codebook.json",
    "sub/../codebook.json",
    "missing.json",
    "codebook.json\u{0}",
    "\n",
    "/dev/zero",
    "//codebook.json",
    "C:\\codebook.json",
];

/// A byte-level mutation; `others` are the other seeds, for splicing.
fn mutate_bytes(rng: &mut Rng, data: &mut Vec<u8>, others: &[Vec<u8>]) {
    let len = data.len();
    let at = |rng: &mut Rng| rng.below(len + 1);
    match rng.below(9) {
        0 if len > 0 => {
            let i = rng.below(len);
            data[i] ^= 1 << rng.below(8);
        }
        1 if len > 0 => {
            let i = rng.below(len);
            data[i] = *rng.pick(BYTES);
        }
        2 if len > 0 => {
            let start = rng.below(len);
            let max = if rng.chance(20) { len } else { 64 };
            let end = (start + 1 + rng.below(max)).min(len);
            data.drain(start..end);
        }
        3 if len > 0 => {
            let start = rng.below(len);
            let end = (start + 1 + rng.below(256)).min(len);
            let piece = data[start..end].to_vec();
            let times = if rng.chance(10) {
                1 + rng.below(200)
            } else {
                1
            };
            let to = at(rng);
            for _ in 0..times {
                data.splice(to..to, piece.iter().copied());
            }
        }
        4 => {
            let to = at(rng);
            let token = rng.pick(TOKENS).as_bytes().to_vec();
            data.splice(to..to, token);
        }
        5 if !others.is_empty() => {
            let other = rng.pick(others);
            let cut = at(rng);
            let from = rng.below(other.len() + 1);
            data.truncate(cut);
            data.extend_from_slice(&other[from..]);
        }
        6 => {
            let cut = at(rng);
            data.truncate(cut);
        }
        7 => {
            // two documents, or a document and trailing rubbish
            let copy = data.clone();
            data.extend_from_slice(&copy[..rng.below(copy.len() + 1)]);
        }
        _ => {
            let to = at(rng);
            let n = 1 + rng.below(16);
            let noise: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
            data.splice(to..to, noise);
        }
    }
}

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

fn walk(v: &Value, want: fn(&Value) -> bool, path: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    if want(v) {
        out.push(path.clone());
    }
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                path.push(Step::Key(k.clone()));
                walk(child, want, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                path.push(Step::Index(i));
                walk(child, want, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

/// The paths of the nodes `want` takes.
fn paths_where(doc: &Value, want: fn(&Value) -> bool) -> Vec<Vec<Step>> {
    let mut out = Vec::new();
    walk(doc, want, &mut Vec::new(), &mut out);
    out
}

fn get_path<'a>(v: &'a Value, path: &[Step]) -> Option<&'a Value> {
    let mut v = v;
    for step in path {
        v = match (step, v) {
            (Step::Key(k), Value::Object(map)) => map.get(k)?,
            (Step::Index(i), Value::Array(items)) => items.get(*i)?,
            _ => return None,
        };
    }
    Some(v)
}

fn at_path<'a>(v: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    let mut v = v;
    for step in path {
        v = match (step, v) {
            (Step::Key(k), Value::Object(map)) => map.get_mut(k)?,
            (Step::Index(i), Value::Array(items)) => items.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(v)
}

/// Marks a node to be replaced by raw text after serialising.
const MARK: &str = "@@attrib-mutation-mark@@";

fn strings_of(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Object(map) => {
            for (k, child) in map {
                out.push(k.clone());
                strings_of(child, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|c| strings_of(c, out)),
        _ => {}
    }
}

/// Numbers inside the ranges a case file allows, or at their edges.
const GENTLE_NUMBERS: &[&str] = &[
    "0",
    "1",
    "0.5",
    "1e-300",
    "5e-324",
    "0.9999999999999999",
    "1e-16",
    "2",
    "100",
    "0.001",
    "0.999",
    "1000000",
];

/// The weight of each field-aware mutation, in the order of
/// `mutate_json`'s arms.
const JSON_OPS: &[u64] = &[
    1, // 0: a number's text: extreme, or not JSON
    1, // 1: a value of the wrong shape
    2, // 2: a node removed
    1, // 3: an element duplicated
    1, // 4: a huge array
    1, // 5: deep nesting
    1, // 6: a duplicated key
    4, // 7: an odd string
    1, // 8: a key renamed
    1, // 9: a field added
    1, // 10: a subtree copied over another
    2, // 11: a string replaced by another of the file's
    2, // 12: a number moved
    1, // 13: the codebook named
    1, // 14: an array as an object, an object as an array
    4, // 15: a number inside or at the edge of its range
    1, // 16: an array shuffled
];

fn weighted(rng: &mut Rng, weights: &[u64]) -> usize {
    let mut x = rng.next() % weights.iter().sum::<u64>();
    for (i, w) in weights.iter().enumerate() {
        if x < *w {
            return i;
        }
        x -= w;
    }
    weights.len() - 1
}

/// A field-aware mutation of a JSON document; `None` when the mutation
/// drawn does not apply to it.
fn mutate_json(rng: &mut Rng, doc: &Value) -> Option<Vec<u8>> {
    let mut doc = doc.clone();
    let op = weighted(rng, JSON_OPS);
    let candidates = match op {
        0 | 12 | 15 => paths_where(&doc, Value::is_number),
        7 | 11 => paths_where(&doc, Value::is_string),
        3 | 4 | 16 => paths_where(&doc, |v| v.as_array().is_some_and(|a| !a.is_empty())),
        6 | 8 => paths_where(&doc, |v| v.as_object().is_some_and(|m| !m.is_empty())),
        9 => paths_where(&doc, Value::is_object),
        2 => paths_where(&doc, |_| true).split_off(1),
        _ => paths_where(&doc, |_| true),
    };
    if candidates.is_empty() {
        return None;
    }
    let path = rng.pick(&candidates).clone();
    // raw text to put in place of the node
    let mut raw: Option<String> = None;
    let weird = &*WEIRD;
    let node = at_path(&mut doc, &path)?;
    match op {
        0 => raw = Some(rng.pick(NUMBERS).to_string()),
        1 => raw = Some(rng.pick(ODD_VALUES).to_string()),
        2 => {
            let (last, parent) = path.split_last()?;
            match (last, at_path(&mut doc, parent)?) {
                (Step::Key(k), Value::Object(map)) => {
                    map.remove(k);
                }
                (Step::Index(i), Value::Array(items)) => {
                    items.remove(*i);
                }
                _ => return None,
            }
        }
        3 => {
            let items = node.as_array_mut()?;
            let i = rng.below(items.len());
            let copy = items[i].clone();
            items.insert(i, copy);
        }
        4 => {
            // ids made distinct (or not)
            let items = node.as_array_mut()?;
            let n = *rng.pick(&[20, 200, large_array()]);
            let distinct = rng.chance(80);
            let proto = items[rng.below(items.len())].clone();
            for k in 0..n {
                let mut copy = proto.clone();
                if distinct {
                    match &mut copy {
                        Value::Object(map) => {
                            if let Some(Value::String(id)) = map.get_mut("id") {
                                id.push_str(&format!("-m{k}"));
                            }
                        }
                        Value::String(s) => s.push_str(&format!("-m{k}")),
                        _ => {}
                    }
                }
                items.push(copy);
            }
        }
        5 => {
            let depth = *rng.pick(&[2, 64, 127, 128, 129, 500, 50_000]);
            let inner = serde_json::to_string(node).ok()?;
            raw = Some(if rng.chance(50) {
                format!("{}{inner}{}", "[".repeat(depth), "]".repeat(depth))
            } else {
                format!("{}{inner}{}", "{\"a\":".repeat(depth), "}".repeat(depth))
            });
        }
        6 => {
            // the same value or another
            let map = node.as_object_mut()?;
            let keys: Vec<String> = map.keys().cloned().collect();
            let key = rng.pick(&keys).clone();
            let value = if rng.chance(50) {
                serde_json::to_string(&map[&key]).ok()?
            } else {
                rng.pick(ODD_VALUES).to_string()
            };
            map.insert(MARK.to_string(), Value::Null);
            let text = serde_json::to_string(&doc).ok()?;
            let key = serde_json::to_string(&key).ok()?;
            return Some(
                text.replacen(&format!("\"{MARK}\":null"), &format!("{key}:{value}"), 1)
                    .into_bytes(),
            );
        }
        7 => {
            // replaced, or something added to it
            let s = node.as_str()?.to_string();
            let w = rng.pick(weird).clone();
            *node = Value::String(match rng.below(3) {
                0 => w,
                1 => format!("{s}{w}"),
                _ => format!("{w}{s}"),
            });
        }
        8 => {
            let map = node.as_object_mut()?;
            let keys: Vec<String> = map.keys().cloned().collect();
            let key = rng.pick(&keys).clone();
            let value = map.remove(&key)?;
            let new = if rng.chance(50) {
                rng.pick(FIELDS).to_string()
            } else {
                format!("{key}{}", rng.pick(weird))
            };
            map.insert(new, value);
        }
        9 => {
            let map = node.as_object_mut()?;
            map.insert(rng.pick(FIELDS).to_string(), Value::String(MARK.into()));
            let text = serde_json::to_string(&doc).ok()?;
            let value = rng.pick::<&str>(ODD_VALUES);
            return Some(text.replacen(&format!("\"{MARK}\""), value, 1).into_bytes());
        }
        10 => {
            let from = rng.pick(&candidates).clone();
            let copy = get_path(&doc, &from)?.clone();
            *at_path(&mut doc, &path)? = copy;
        }
        11 => {
            // an id where another is expected
            let mut all = Vec::new();
            strings_of(&doc, &mut all);
            let other = rng.pick(&all).clone();
            *at_path(&mut doc, &path)? = Value::String(other);
        }
        12 => {
            let x = node.as_f64()?;
            let y = match rng.below(7) {
                0 => -x,
                1 => 1.0 - x,
                2 => x * 1e-300,
                3 => x * 1e300,
                4 => x + 1e-12,
                5 => x * (1.0 + f64::EPSILON),
                _ => x / 3.0,
            };
            *node = serde_json::Number::from_f64(y).map_or(Value::Null, Value::Number);
        }
        13 => {
            let top = doc.as_object_mut()?;
            let to = rng.pick(CODEBOOK_REFS).to_string();
            top.insert("codebook".into(), Value::String(to));
        }
        14 => {
            *node = match node.take() {
                Value::Array(items) => Value::Object(
                    items
                        .into_iter()
                        .enumerate()
                        .map(|(i, v)| (i.to_string(), v))
                        .collect(),
                ),
                Value::Object(map) => Value::Array(map.into_iter().map(|(_, v)| v).collect()),
                other => Value::Array(vec![other]),
            };
        }
        15 => {
            raw = Some(if rng.chance(30) {
                format!("{}", (rng.next() >> 11) as f64 / (1u64 << 53) as f64)
            } else {
                rng.pick(GENTLE_NUMBERS).to_string()
            });
        }
        _ => {
            let items = node.as_array_mut()?;
            for i in (1..items.len()).rev() {
                let j = rng.below(i + 1);
                items.swap(i, j);
            }
        }
    }
    match raw {
        Some(text) => {
            *at_path(&mut doc, &path)? = Value::String(MARK.into());
            let out = serde_json::to_string(&doc).ok()?;
            Some(out.replacen(&format!("\"{MARK}\""), &text, 1).into_bytes())
        }
        None => serde_json::to_vec(&doc).ok(),
    }
}

/// Seeded mutations of a JSON file: one (most often) to four, each
/// field-aware while the file still parses (a few tries), byte-level
/// otherwise and now and then.
fn mutate_json_file(rng: &mut Rng, seed: &[u8], others: &[Vec<u8>]) -> Vec<u8> {
    let mut data = seed.to_vec();
    let rounds = *rng.pick(&[1, 1, 1, 2, 2, 3, 4]);
    for _ in 0..rounds {
        let before = data.clone();
        let doc = if rng.chance(85) {
            serde_json::from_slice::<Value>(&data).ok()
        } else {
            None
        };
        match doc.and_then(|d| (0..8).find_map(|_| mutate_json(rng, &d))) {
            Some(out) => data = out,
            None => mutate_bytes(rng, &mut data, others),
        }
        if data.len() > MAX_MUTANT {
            data = before;
        }
    }
    data
}

const RATINGS: &[&str] = &[
    "CC", "C", "N", "I", "II", "NA", "", "cc", " C ", "X", "0", "-1", "1e308", "NaN", "\u{0}", "c",
    "n/a", "CCC", "I I",
];
const GRADES: &[&str] = &[
    "High", "Medium", "Low", "", "high", "HIGH", "A1", "F6", "0.5", "NaN", "-1", " Low ",
    "Medium\n", "\u{0}",
];

fn mutate_csv(rng: &mut Rng, rows: &mut Vec<Vec<String>>) -> bool {
    if rows.is_empty() {
        return false;
    }
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    if width == 0 {
        return false;
    }
    let header: Vec<String> = rows[0].clone();
    let fixed = [
        "id",
        "description",
        "credibility",
        "relevance",
        "source",
        "group",
    ];
    let rating_cols: Vec<usize> = (0..header.len())
        .filter(|&i| !fixed.contains(&header[i].trim().to_lowercase().as_str()))
        .collect();
    let grade_cols: Vec<usize> = (0..header.len())
        .filter(|&i| {
            ["credibility", "relevance"].contains(&header[i].trim().to_lowercase().as_str())
        })
        .collect();
    let weird = &*WEIRD;
    let row = rng.below(rows.len());
    let col = rng.below(width);
    let set = |rows: &mut Vec<Vec<String>>, r: usize, c: usize, v: String| {
        if let Some(cell) = rows[r].get_mut(c) {
            *cell = v;
        }
    };
    match rng.below(13) {
        0 if !rating_cols.is_empty() && rows.len() > 1 => {
            let r = 1 + rng.below(rows.len() - 1);
            let c = *rng.pick(&rating_cols);
            set(rows, r, c, rng.pick(RATINGS).to_string());
        }
        1 if !grade_cols.is_empty() && rows.len() > 1 => {
            let r = 1 + rng.below(rows.len() - 1);
            let c = *rng.pick(&grade_cols);
            set(rows, r, c, rng.pick(GRADES).to_string());
        }
        2 => {
            let v = if rng.chance(50) {
                rng.pick(weird).clone()
            } else {
                rng.pick(NUMBERS).to_string()
            };
            set(rows, row, col, v);
        }
        3 => {
            for r in rows.iter_mut() {
                if col < r.len() {
                    r.remove(col);
                }
            }
        }
        4 => {
            // a column twice: the same hypothesis named twice
            for r in rows.iter_mut() {
                if let Some(v) = r.get(col).cloned() {
                    r.push(v);
                }
            }
        }
        5 => {
            let other = rng.below(width);
            for r in rows.iter_mut() {
                if col < r.len() && other < r.len() {
                    r.swap(col, other);
                }
            }
        }
        6 if rows.len() > 1 => {
            rows.remove(row);
        }
        7 => {
            let copy = rows[row].clone();
            rows.insert(row, copy);
        }
        8 if rows.len() > 1 => {
            // many rows
            let n = *rng.pick(&[50, 500, 4_000]);
            let proto = rows[1 + rng.below(rows.len() - 1)].clone();
            for k in 0..n {
                let mut copy = proto.clone();
                if let Some(id) = copy.first_mut() {
                    id.push_str(&format!("-m{k}"));
                }
                rows.push(copy);
            }
        }
        9 => {
            // many hypotheses
            let n = *rng.pick(&[10, 100, 205, 1_000]);
            for (r, cells) in rows.iter_mut().enumerate() {
                for k in 0..n {
                    cells.push(if r == 0 {
                        format!("h{k}")
                    } else {
                        RATINGS[(k * 7 + r) % 6].to_string()
                    });
                }
            }
        }
        10 => {
            // a ragged row
            if rng.chance(50) {
                rows[row].pop();
            } else {
                rows[row].push(rng.pick(RATINGS).to_string());
            }
        }
        11 => {
            let v = match rng.below(3) {
                0 => String::new(),
                1 => header[rng.below(header.len())].clone(),
                _ => rng.pick(weird).clone(),
            };
            set(rows, 0, col, v);
        }
        _ => {
            if rng.chance(50) {
                rows.truncate(1);
            } else {
                rows.remove(0);
            }
        }
    }
    true
}

fn parse_csv(data: &[u8]) -> Option<Vec<Vec<String>>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(data);
    reader
        .records()
        .map(|r| r.ok().map(|r| r.iter().map(str::to_string).collect()))
        .collect()
}

fn write_csv(rows: &[Vec<String>], crlf: bool) -> Option<Vec<u8>> {
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .terminator(if crlf {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        })
        .from_writer(Vec::new());
    for row in rows {
        writer.write_record(row).ok()?;
    }
    writer.into_inner().ok()
}

fn mutate_csv_file(rng: &mut Rng, seed: &[u8], others: &[Vec<u8>]) -> Vec<u8> {
    let mut data = seed.to_vec();
    for _ in 0..1 + rng.below(4) {
        let before = data.clone();
        let mut done = false;
        if rng.chance(75)
            && let Some(mut rows) = parse_csv(&data)
            && mutate_csv(rng, &mut rows)
            && let Some(out) = write_csv(&rows, rng.chance(20))
        {
            data = out;
            done = true;
        }
        if !done {
            mutate_bytes(rng, &mut data, others);
        }
        if rng.chance(5) {
            data.splice(0..0, "\u{feff}".bytes());
        }
        if data.len() > MAX_MUTANT {
            data = before;
        }
    }
    data
}

// ---------------------------------------------------------------------------
// Running the binary.

/// What a run's stdout must be when it succeeds.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Output {
    Text,
    Json,
    Html,
    /// Markdown, and SVG charts written into `charts/`.
    Charts,
}

/// One run of the binary and what it may do.
#[derive(Clone, Debug)]
struct Run {
    /// The command as counted in the summary: `score --format json`.
    label: String,
    args: Vec<OsString>,
    env: Vec<(String, String)>,
    output: Output,
    /// The exit statuses it may end with.
    allowed: &'static [i32],
}

impl Run {
    fn new(label: &str, args: Vec<OsString>, output: Output) -> Run {
        Run {
            label: label.to_string(),
            args,
            env: Vec::new(),
            output,
            // README, Exit status: 1 invalid input, 2 usage (an unknown
            // perspective, over the memory budget), 3 a file that cannot
            // be read (a codebook missing, refused, not a regular file),
            // 4 contradictory evidence
            allowed: &[0, 1, 2, 3, 4],
        }
    }

    fn allowing(mut self, allowed: &'static [i32]) -> Run {
        self.allowed = allowed;
        self
    }

    fn env(mut self, key: &str, value: &str) -> Run {
        self.env.push((key.to_string(), value.to_string()));
        self
    }

    fn shown(&self) -> String {
        let env: Vec<String> = self
            .env
            .iter()
            .map(|(k, v)| format!("{k}={v:?} "))
            .collect();
        let args: Vec<String> = self
            .args
            .iter()
            .map(|a| format!("{:?}", a.to_string_lossy()))
            .collect();
        format!("{}attrib {}", env.concat(), args.join(" "))
    }
}

/// How a run ended.
#[derive(Debug, Default)]
struct Outcome {
    code: Option<i32>,
    signal: Option<i32>,
    timed_out: bool,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    /// The largest VmHWM seen while it ran, KiB.
    peak_kib: u64,
    elapsed: Duration,
    /// The SVG files it wrote into `charts/` (for `Output::Charts`).
    charts: Vec<String>,
}

fn timeout() -> Duration {
    Duration::from_secs(env_number("ATTRIB_MUTATION_TIMEOUT", 60))
}

/// The peak resident memory of a running process, KiB, once it is the
/// binary: before `sh` has exec'd it, the process may still share the test's
/// own memory (`posix_spawn` clones it), and its VmHWM is the test's.
fn vm_hwm(pid: u32) -> u64 {
    let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) else {
        return 0;
    };
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .map(str::trim)
    };
    if field("Name:") != Some("attrib") {
        return 0;
    }
    field("VmHWM:")
        .and_then(|v| v.trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// GNU time, when it is there and takes `-f %M -o FILE`: it gives a run's
/// peak resident memory exactly (polling VmHWM misses short runs).
static GNU_TIME: LazyLock<Option<PathBuf>> = LazyLock::new(|| {
    let time = PathBuf::from("/usr/bin/time");
    let probe = std::env::temp_dir().join(format!("attrib-time-probe-{}", std::process::id()));
    let works = Command::new(&time)
        .args(["-f", "%M", "-o"])
        .arg(&probe)
        .arg("true")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
        && std::fs::read_to_string(&probe).is_ok_and(|s| s.trim().parse::<u64>().is_ok());
    let _ = std::fs::remove_file(&probe);
    works.then_some(time)
});

/// Runs the binary under `ulimit -v` (and GNU time, if there), its output
/// in files of `scratch` (so that no pipe fills), until it ends or the time
/// limit kills its process group.
fn execute(run: &Run, scratch: &Path) -> Outcome {
    let out_path = scratch.join("stdout");
    let err_path = scratch.join("stderr");
    let peak_path = scratch.join("peak");
    let stdout = std::fs::File::create(&out_path).expect("create the stdout file");
    let stderr = std::fs::File::create(&err_path).expect("create the stderr file");
    let _ = std::fs::remove_file(&peak_path);
    let mut command = Command::new("sh");
    command.arg("-c").arg(format!(
        "ulimit -v {ADDRESS_SPACE_KIB} || exit 125; exec \"$0\" \"$@\""
    ));
    if let Some(time) = &*GNU_TIME {
        command.arg(time).args(["-f", "%M", "-o"]).arg(&peak_path);
    }
    command
        .arg(env!("CARGO_BIN_EXE_attrib"))
        .args(&run.args)
        .current_dir(scratch)
        .process_group(0)
        .env_remove("ATTRIB_MEMORY_BUDGET")
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr);
    for (k, v) in &run.env {
        command.env(k, v);
    }
    let start = Instant::now();
    let mut child = command.spawn().expect("start sh");
    let pid = child.id();
    let limit = timeout();
    let mut polled = 0;
    let mut nap = Duration::from_micros(500);
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the run") {
            break status;
        }
        if GNU_TIME.is_none() {
            polled = polled.max(vm_hwm(pid));
        }
        if start.elapsed() > limit {
            // the whole group: sh has become time, and time's child
            let _ = Command::new("kill")
                .args(["-KILL", &format!("-{pid}")])
                .status();
            let _ = child.kill();
            timed_out = true;
            break child.wait().expect("wait for the killed run");
        }
        std::thread::sleep(nap);
        nap = (nap * 2).min(Duration::from_millis(20));
    };
    assert_ne!(
        status.code(),
        Some(125),
        "sh could not set `ulimit -v {ADDRESS_SPACE_KIB}`"
    );
    let mut code = status.code();
    let mut signal = status.signal();
    let mut peak_kib = polled;
    if GNU_TIME.is_some() {
        // "Command terminated by signal N", "Command exited with non-zero
        // status N", then the peak
        let report = std::fs::read_to_string(&peak_path).unwrap_or_default();
        if let Some(n) = report
            .lines()
            .find_map(|l| l.strip_prefix("Command terminated by signal "))
            .and_then(|n| n.trim().parse().ok())
        {
            signal = Some(n);
            code = None;
        }
        peak_kib = report
            .lines()
            .last()
            .and_then(|l| l.trim().parse().ok())
            .unwrap_or(0);
    }
    Outcome {
        code,
        signal,
        timed_out,
        stdout: std::fs::read(&out_path).unwrap_or_default(),
        stderr: std::fs::read(&err_path).unwrap_or_default(),
        peak_kib,
        elapsed: start.elapsed(),
        charts: if run.output == Output::Charts {
            let mut files = files_in(&scratch.join("charts"), Some("svg"));
            files.sort();
            files
                .iter()
                .map(|f| String::from_utf8_lossy(&read(f)).into_owned())
                .collect()
        } else {
            Vec::new()
        },
    }
}

/// A character XML 1.0 allows (its `Char` production): the HTML report is
/// well-formed XHTML, its charts inline SVG.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// What is wrong with a run's outcome; empty when nothing is.
fn problems(run: &Run, out: &Outcome) -> Vec<String> {
    let mut found = Vec::new();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.timed_out {
        found.push(format!("did not end within {:?}", timeout()));
    } else if let Some(signal) = out.signal {
        found.push(format!("killed by signal {signal} (6 is an abort)"));
    } else if out.code == Some(101) {
        found.push("panicked (exit status 101)".to_string());
    } else if !out.code.is_some_and(|c| run.allowed.contains(&c)) {
        found.push(format!(
            "exit status {:?}, expected one of {:?}",
            out.code, run.allowed
        ));
    }
    for bad in [
        "panicked",
        "RUST_BACKTRACE",
        "memory allocation of",
        "stack overflow",
    ] {
        if stderr.contains(bad) {
            found.push(format!("stderr says {bad:?}"));
        }
    }
    let error_lines = stderr.lines().filter(|l| l.starts_with("error:")).count();
    match out.code {
        Some(0) => {
            if error_lines > 0 {
                found.push("succeeded with an error: line".to_string());
            }
            match std::str::from_utf8(&out.stdout) {
                Err(e) => found.push(format!("stdout is not UTF-8: {e}")),
                Ok(text) => match run.output {
                    Output::Json => {
                        if let Err(e) = serde_json::from_str::<Value>(text) {
                            found.push(format!("stdout is not JSON: {e}"));
                        }
                    }
                    Output::Html => {
                        if !text.trim_end().ends_with("</html>") {
                            found.push("stdout is not a whole HTML page".to_string());
                        }
                        if let Some(c) = text.chars().find(|&c| !xml_char(c)) {
                            found.push(format!("the page holds {c:?}, which XML 1.0 forbids"));
                        }
                    }
                    Output::Text | Output::Charts => {
                        if text.trim().is_empty() {
                            found.push("stdout is empty".to_string());
                        }
                        // The text reports (not the Markdown of `report`)
                        // escape what could drive a terminal, and close
                        // every isolate they open on its line.
                        if run.output == Output::Text && !run.label.starts_with("report") {
                            found.extend(terminal_problems(text));
                        }
                    }
                },
            }
        }
        Some(1 | 3 | 4 | 5) => {
            if !out.stdout.is_empty() {
                found.push("failed after printing on stdout".to_string());
            }
            if stderr.lines().count() != 1 || !stderr.starts_with("error: ") {
                found.push("stderr is not one line starting with 'error: '".to_string());
            }
        }
        // clap: one error: line and the usage, or the help alone
        Some(2) if error_lines > 1 => {
            found.push(format!("usage error with {error_lines} error: lines"));
        }
        _ => {}
    }
    if out.code == Some(0) && run.output == Output::Charts {
        if out.charts.is_empty() {
            found.push("no chart written".to_string());
        }
        for svg in &out.charts {
            if let Some(c) = svg.chars().find(|&c| !xml_char(c)) {
                found.push(format!("a chart holds {c:?}, which XML 1.0 forbids"));
            }
        }
    }
    if out.peak_kib > PEAK_KIB {
        found.push(format!(
            "peak resident memory {} MiB, over {} MiB",
            out.peak_kib >> 10,
            PEAK_KIB >> 10
        ));
    }
    found
}

/// What a text report must not hold (issue 25): a control character other
/// than a newline, a bidirectional control other than the isolates the
/// report puts around a field itself, or an isolate left open at the end
/// of a line.
fn terminal_problems(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    if let Some(c) = text.chars().find(|&c| c.is_control() && c != '\n') {
        found.push(format!("text output holds the control character {c:?}"));
    }
    let bidi = |c: char| {
        matches!(
            c,
            '\u{202a}'
                ..='\u{202e}' | '\u{2066}' | '\u{2067}' | '\u{200e}' | '\u{200f}' | '\u{061c}'
        )
    };
    if let Some(c) = text.chars().find(|&c| bidi(c)) {
        found.push(format!("text output holds the bidirectional control {c:?}"));
    }
    if let Some(line) = text
        .lines()
        .find(|l| l.matches('\u{2068}').count() != l.matches('\u{2069}').count())
    {
        found.push(format!("an isolate is left open on the line {line:?}"));
    }
    found
}

/// Runs, exit statuses, peak memory and time of one command.
#[derive(Default)]
struct Tally {
    runs: usize,
    codes: BTreeMap<String, usize>,
    peak_kib: u64,
    /// The run that reached `peak_kib`, and the slowest.
    peak_at: String,
    slowest: Duration,
    slowest_at: String,
    total: Duration,
}

/// Everything one test ran, and what failed.
#[derive(Default)]
struct Summary {
    mutants: AtomicUsize,
    tallies: Mutex<BTreeMap<String, Tally>>,
    failures: Mutex<Vec<String>>,
}

impl Summary {
    fn record(&self, run: &Run, out: &Outcome, files: &[(&str, &[u8])], name: &str) -> bool {
        let status = match (out.timed_out, out.signal, out.code) {
            (true, _, _) => "timeout".to_string(),
            (_, Some(s), _) => format!("signal {s}"),
            (_, _, Some(c)) => c.to_string(),
            _ => "?".to_string(),
        };
        {
            let mut tallies = self.tallies.lock().unwrap();
            let t = tallies.entry(run.label.clone()).or_default();
            t.runs += 1;
            *t.codes.entry(status).or_default() += 1;
            if out.peak_kib > t.peak_kib {
                t.peak_kib = out.peak_kib;
                t.peak_at = name.to_string();
            }
            if out.elapsed > t.slowest {
                t.slowest = out.elapsed;
                t.slowest_at = name.to_string();
            }
            t.total += out.elapsed;
        }
        let found = problems(run, out);
        if found.is_empty() {
            return true;
        }
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join("cli_mutation/failures")
            .join(name);
        let _ = std::fs::create_dir_all(&dir);
        for (file, bytes) in files {
            let _ = std::fs::write(dir.join(file), bytes);
        }
        let stderr = String::from_utf8_lossy(&out.stderr);
        let report = format!(
            "{name}: {}\n  run in {}: {}\n  stderr: {}",
            found.join("; "),
            dir.display(),
            run.shown(),
            stderr.chars().take(600).collect::<String>()
        );
        let _ = std::fs::write(dir.join("failure.txt"), &report);
        self.failures.lock().unwrap().push(report);
        false
    }

    fn finish(&self, what: &str, started: Instant) {
        let tallies = self.tallies.lock().unwrap();
        let runs: usize = tallies.values().map(|t| t.runs).sum();
        let busy: Duration = tallies.values().map(|t| t.total).sum();
        eprintln!(
            "\n{what}: {} mutants, {runs} runs in {:.1} s ({:.1} s in the binary; seed {})",
            self.mutants.load(Ordering::Relaxed),
            started.elapsed().as_secs_f64(),
            busy.as_secs_f64(),
            base_seed()
        );
        for (label, t) in tallies.iter() {
            let codes: Vec<String> = t.codes.iter().map(|(c, n)| format!("{c}: {n}")).collect();
            eprintln!(
                "  {label:<40} {:>6} runs  exit {}  peak {} MiB ({})  slowest {:.2} s ({})",
                t.runs,
                codes.join(", "),
                t.peak_kib >> 10,
                t.peak_at,
                t.slowest.as_secs_f64(),
                t.slowest_at
            );
        }
        let failures = self.failures.lock().unwrap();
        assert!(
            failures.is_empty(),
            "{} of the runs failed:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("cli_mutation")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the scratch folder");
    dir
}

/// Runs `work(index, scratch)` for every mutant, `ATTRIB_MUTATION_JOBS` at
/// a time (1 by default: the test harness already runs the tests side by
/// side).
fn for_each_mutant(kind: &str, count: usize, work: impl Fn(usize, &Path) + Sync) {
    if let Some(only) = std::env::var("ATTRIB_MUTATION_ONLY")
        .ok()
        .and_then(|v| v.trim().parse().ok())
    {
        // one mutant again, its files left in the scratch folder
        work(only, &scratch(&format!("{kind}-only")));
        return;
    }
    let jobs = env_number("ATTRIB_MUTATION_JOBS", 1).max(1) as usize;
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for job in 0..jobs {
            let next = &next;
            let work = &work;
            s.spawn(move || {
                let dir = scratch(&format!("{kind}-{job}"));
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= count {
                        break;
                    }
                    work(i, &dir);
                }
            });
        }
    });
}

fn os(items: &[&str]) -> Vec<OsString> {
    items.iter().map(OsString::from).collect()
}

/// A perspective to ask for: one the file names, or one it does not.
fn perspective_for(rng: &mut Rng, files: &[&[u8]]) -> String {
    let mut ids = Vec::new();
    for bytes in files {
        if let Ok(Value::Object(doc)) = serde_json::from_slice::<Value>(bytes)
            && let Some(Value::Array(ps)) = doc.get("perspectives")
        {
            ids.extend(
                ps.iter()
                    .filter_map(|p| p.get("id").and_then(Value::as_str).map(str::to_string)),
            );
        }
    }
    if !ids.is_empty() && rng.chance(70) {
        return rng.pick(&ids).clone();
    }
    rng.pick(&[
        "base".to_string(),
        "nope".to_string(),
        String::new(),
        "\u{1b}[2J".to_string(),
        "x".repeat(5_000),
        "a\nb".to_string(),
    ])
    .clone()
}

/// Every command that reads a case, on `case` (a path relative to the
/// scratch folder).
fn case_runs(rng: &mut Rng, case: &str, perspective: &str) -> Vec<Run> {
    let draws = rng.pick(&["1", "2", "17", "64"]).to_string();
    let seed = rng
        .pick(&["0", "1", "18446744073709551615", "42"])
        .to_string();
    let with = |sub: &str, rest: &[&str]| {
        let mut args = os(&[sub, case]);
        args.extend(os(rest));
        args
    };
    let d = draws.as_str();
    let s = seed.as_str();
    let p = perspective;
    vec![
        Run::new("check", with("check", &[]), Output::Text),
        Run::new("score", with("score", &[]), Output::Text),
        Run::new(
            "score --format json",
            with("score", &["--format", "json"]),
            Output::Json,
        ),
        // within a budget that keeps it under the peak allowed (status 2
        // over it)
        Run::new(
            "score --format json --full-ledger",
            with(
                "score",
                &[
                    "--format",
                    "json",
                    "--full-ledger",
                    "--memory-budget",
                    "300000000",
                ],
            ),
            Output::Json,
        ),
        Run::new(
            "score --perspective",
            with("score", &["--perspective", p]),
            Output::Text,
        ),
        Run::new("compare", with("compare", &[]), Output::Text),
        Run::new(
            "compare --format json",
            with("compare", &["--format", "json"]),
            Output::Json,
        ),
        Run::new(
            "sensitivity",
            with("sensitivity", &["--draws", d, "--seed", s]),
            Output::Text,
        ),
        Run::new(
            "sensitivity --format json --perspective --quiet",
            with(
                "sensitivity",
                &[
                    "--format",
                    "json",
                    "--draws",
                    d,
                    "--perspective",
                    p,
                    "--quiet",
                ],
            ),
            Output::Json,
        ),
        Run::new(
            "report",
            with("report", &["--draws", d, "--seed", s]),
            Output::Text,
        ),
        Run::new(
            "report --format json",
            with("report", &["--format", "json", "--draws", d]),
            Output::Json,
        ),
        Run::new(
            "report --format html --perspective --quiet",
            with(
                "report",
                &[
                    "--format",
                    "html",
                    "--draws",
                    d,
                    "--perspective",
                    p,
                    "--quiet",
                ],
            ),
            Output::Html,
        ),
        Run::new(
            "report --svg",
            with(
                "report",
                &[
                    "--svg",
                    "charts",
                    "--draws",
                    d,
                    "--memory-budget",
                    "100000000",
                ],
            ),
            Output::Charts,
        ),
    ]
}

fn ach_runs(matrix: &str) -> Vec<Run> {
    vec![
        Run::new("ach", os(&["ach", matrix]), Output::Text),
        Run::new(
            "ach --format json",
            os(&["ach", matrix, "--format", "json"]),
            Output::Json,
        ),
    ]
}

/// Runs `check` first; a file it accepts then goes through every other
/// command, a file it refuses through two more picked at random (their
/// error paths share the loading code).
fn run_case_commands(
    rng: &mut Rng,
    summary: &Summary,
    dir: &Path,
    files: &[(&str, &[u8])],
    name: &str,
) {
    let contents: Vec<&[u8]> = files.iter().map(|(_, b)| *b).collect();
    let perspective = perspective_for(rng, &contents);
    let mut runs = case_runs(rng, "case.json", &perspective);
    if rng.chance(5) {
        // a case handed to `ach`
        runs.extend(ach_runs("case.json"));
    }
    let check = runs.remove(0);
    let out = execute(&check, dir);
    if std::env::var_os("ATTRIB_MUTATION_VERBOSE").is_some() {
        eprintln!(
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
                .chars()
                .take(200)
                .collect::<String>()
                .trim_end()
        );
    }
    summary.record(&check, &out, files, name);
    let chosen: Vec<Run> = if out.code == Some(0) {
        runs
    } else {
        (0..2)
            .map(|_| runs[rng.below(runs.len())].clone())
            .collect()
    };
    for run in chosen {
        let _ = std::fs::remove_dir_all(dir.join("charts"));
        let out = execute(&run, dir);
        summary.record(&run, &out, files, name);
    }
}

fn write_files(dir: &Path, files: &[(&str, &[u8])]) {
    for entry in std::fs::read_dir(dir)
        .expect("read the scratch folder")
        .flatten()
    {
        let path = entry.path();
        if path.is_dir() {
            let _ = std::fs::remove_dir_all(&path);
        } else {
            let _ = std::fs::remove_file(&path);
        }
    }
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).expect("write a mutant");
    }
}

// ---------------------------------------------------------------------------
// The tests.

#[test]
fn case_mutants_through_every_command() {
    let started = Instant::now();
    let seeds = case_seeds();
    let others: Vec<Vec<u8>> = seeds.iter().map(|s| s.case.clone()).collect();
    let summary = Summary::default();
    for_each_mutant("case", mutant_count(), |i, dir| {
        let mut rng = rng_for("case", i);
        let seed = rng.pick(&seeds).clone();
        let case = mutate_json_file(&mut rng, &seed.case, &others);
        let mut files: Vec<(&str, &[u8])> = vec![("case.json", &case)];
        if let Some(book) = &seed.codebook {
            files.push(("codebook.json", book));
        }
        write_files(dir, &files);
        summary.mutants.fetch_add(1, Ordering::Relaxed);
        run_case_commands(
            &mut rng,
            &summary,
            dir,
            &files,
            &format!("case-{}-{i}", base_seed()),
        );
    });
    summary.finish("case mutants", started);
}

#[test]
fn codebook_mutants_through_every_command() {
    let started = Instant::now();
    let seeds = codebook_seeds();
    let others: Vec<Vec<u8>> = seeds.iter().map(|(b, _)| b.clone()).collect();
    let summary = Summary::default();
    for_each_mutant("codebook", mutant_count(), |i, dir| {
        let mut rng = rng_for("codebook", i);
        let (book, case) = rng.pick(&seeds).clone();
        let book = mutate_json_file(&mut rng, &book, &others);
        // now and then the case too
        let case = if rng.chance(20) {
            mutate_json_file(&mut rng, &case, &[])
        } else {
            case
        };
        let files: Vec<(&str, &[u8])> = vec![("case.json", &case), ("codebook.json", &book)];
        write_files(dir, &files);
        summary.mutants.fetch_add(1, Ordering::Relaxed);
        run_case_commands(
            &mut rng,
            &summary,
            dir,
            &files,
            &format!("codebook-{}-{i}", base_seed()),
        );
    });
    summary.finish("codebook mutants", started);
}

#[test]
fn ach_mutants_through_both_formats() {
    let started = Instant::now();
    let seeds = ach_seeds();
    assert!(!seeds.is_empty(), "no ACH matrix to mutate");
    let summary = Summary::default();
    for_each_mutant("ach", mutant_count(), |i, dir| {
        let mut rng = rng_for("ach", i);
        let seed = rng.pick(&seeds).clone();
        let matrix = mutate_csv_file(&mut rng, &seed, &seeds);
        let files: Vec<(&str, &[u8])> = vec![("matrix.csv", &matrix)];
        write_files(dir, &files);
        summary.mutants.fetch_add(1, Ordering::Relaxed);
        let name = format!("ach-{}-{i}", base_seed());
        let mut runs = ach_runs("matrix.csv");
        if rng.chance(5) {
            // a matrix handed to `score`
            runs.push(Run::new(
                "score",
                os(&["score", "matrix.csv"]),
                Output::Text,
            ));
        }
        for run in runs {
            let out = execute(&run, dir);
            summary.record(&run, &out, &files, &name);
        }
    });
    summary.finish("ACH mutants", started);
}

const CAB: &str = r#"{
  "version": 1,
  "title": "Cab problem",
  "hypotheses": [{"id": "blue", "label": "Blue"}, {"id": "green", "label": "Green"}],
  "prior": {"blue": 15, "green": 85},
  "evidence": [{"id": "witness", "description": "says Blue",
                "likelihoods": {"blue": 0.8, "green": 0.2}}],
  "perspectives": [{"id": "sceptic", "prior": {"blue": 1, "green": 1}}]
}"#;

/// Absurd flags, values and paths: each ends with the status it must, and
/// passes every other check.
#[test]
fn absurd_flags_and_paths_fail_cleanly() {
    let started = Instant::now();
    let dir = scratch("absurd");
    let jim = root().join("examples/cases/jim");
    std::fs::write(dir.join("cab.json"), CAB).unwrap();
    std::fs::write(
        dir.join("sarmin.json"),
        read(&jim.join("sarmin-2015-03-16.json")),
    )
    .unwrap();
    std::fs::write(dir.join("codebook.json"), read(&jim.join("codebook.json"))).unwrap();
    std::fs::write(dir.join("a file"), "not a folder").unwrap();
    std::fs::write(dir.join("ca\nse\u{1b}.json"), CAB).unwrap();
    std::fs::create_dir_all(dir.join("folder.json")).unwrap();
    let matrix = root().join("examples/cases/ach/sarmin.csv");
    let matrix = matrix.to_str().unwrap();
    let long = "x".repeat(100_000);
    let usage: &[i32] = &[2];
    let unreadable: &[i32] = &[3];
    let output: &[i32] = &[5];
    let ok: &[i32] = &[0];
    let mut runs = Vec::new();
    let mut add = |label: &str, args: &[&str], output: Output, allowed: &'static [i32]| {
        runs.push(Run::new(label, os(args), output).allowing(allowed));
    };
    for sub in ["sensitivity", "report"] {
        for case in ["cab.json", "sarmin.json"] {
            // over the default budget of 2 GiB: refused before allocating
            add(
                "--draws 1e8",
                &[sub, case, "--draws", "100000000"],
                Output::Text,
                usage,
            );
            add(
                "--draws 1e8 --memory-budget 0",
                &[sub, case, "--draws", "100000000", "--memory-budget", "0"],
                Output::Text,
                usage,
            );
        }
        for draws in [
            "18446744073709551615",
            "18446744073709551616",
            "100000001",
            "0",
            "-1",
            "1e3",
            "",
            "ten",
        ] {
            add(
                "--draws out of range",
                &[sub, "cab.json", "--draws", draws],
                Output::Text,
                usage,
            );
        }
        for seed in ["0", "18446744073709551615"] {
            add(
                "--seed extreme",
                &[sub, "cab.json", "--draws", "3", "--seed", seed],
                Output::Text,
                ok,
            );
        }
        for seed in ["-1", "18446744073709551616", "1.5", ""] {
            add(
                "--seed out of range",
                &[sub, "cab.json", "--seed", seed],
                Output::Text,
                usage,
            );
        }
        add(
            "--memory-budget 0",
            &[sub, "cab.json", "--draws", "1", "--memory-budget", "0"],
            Output::Text,
            usage,
        );
        add(
            "--memory-budget huge",
            &[
                sub,
                "sarmin.json",
                "--draws",
                "20",
                "--memory-budget",
                "18446744073709551615",
            ],
            Output::Text,
            ok,
        );
        for budget in ["-1", "18446744073709551616", "1e9", "lots"] {
            add(
                "--memory-budget out of range",
                &[sub, "cab.json", "--memory-budget", budget],
                Output::Text,
                usage,
            );
        }
        for perspective in ["nope", "", "a\nb", "\u{1b}[2J", long.as_str()] {
            add(
                "--perspective unknown",
                &[
                    sub,
                    "sarmin.json",
                    "--draws",
                    "5",
                    "--perspective",
                    perspective,
                ],
                Output::Text,
                usage,
            );
        }
        add(
            "--perspective base",
            &[sub, "cab.json", "--draws", "5", "--perspective", "base"],
            Output::Text,
            ok,
        );
        add(
            "--format bogus",
            &[sub, "cab.json", "--format", "JSON"],
            Output::Text,
            usage,
        );
    }
    for perspective in ["nope", "", "a\nb", long.as_str()] {
        add(
            "--perspective unknown",
            &["score", "cab.json", "--perspective", perspective],
            Output::Text,
            usage,
        );
    }
    add(
        "--perspective on compare",
        &["compare", "cab.json", "--perspective", "sceptic"],
        Output::Text,
        usage,
    );
    add(
        "--full-ledger on compare",
        &["compare", "cab.json", "--full-ledger"],
        Output::Text,
        usage,
    );
    add(
        "--draws on score",
        &["score", "cab.json", "--draws", "5"],
        Output::Text,
        usage,
    );
    add(
        "--quiet on score",
        &["score", "cab.json", "--quiet"],
        Output::Text,
        usage,
    );
    add(
        "--quiet",
        &[
            "report", "cab.json", "--draws", "5", "-q", "--format", "json",
        ],
        Output::Json,
        ok,
    );
    add(
        "--format bogus",
        &["ach", matrix, "--format", "html"],
        Output::Text,
        usage,
    );
    add(
        "--svg over a file",
        &["report", "cab.json", "--draws", "5", "--svg", "a file"],
        Output::Text,
        output,
    );
    add(
        "--svg to /dev/null",
        &["report", "cab.json", "--draws", "5", "--svg", "/dev/null/x"],
        Output::Text,
        output,
    );
    add("no command", &[], Output::Text, usage);
    add(
        "unknown command",
        &["explode", "cab.json"],
        Output::Text,
        usage,
    );
    add("no file", &["score"], Output::Text, usage);
    for sub in ["check", "score", "compare", "sensitivity", "report", "ach"] {
        for path in [
            "missing.json",
            "folder.json",
            "/dev/null",
            "ca\nse\u{1b}.json/x",
            long.as_str(),
        ] {
            add("absurd path", &[sub, path], Output::Text, unreadable);
        }
        add("empty path", &[sub, ""], Output::Text, usage);
    }
    add(
        "control characters in the path",
        &["score", "ca\nse\u{1b}.json", "--format", "json"],
        Output::Json,
        ok,
    );
    let mut budget_runs: Vec<Run> = ["", "-1", "lots", "18446744073709551616", "0"]
        .iter()
        .map(|v| {
            Run::new(
                "ATTRIB_MEMORY_BUDGET bad",
                os(&["sensitivity", "cab.json", "--draws", "10"]),
                Output::Text,
            )
            .allowing(usage)
            .env("ATTRIB_MEMORY_BUDGET", v)
        })
        .collect();
    budget_runs.push(
        Run::new(
            "ATTRIB_MEMORY_BUDGET huge",
            os(&["report", "cab.json", "--draws", "10"]),
            Output::Text,
        )
        .allowing(ok)
        .env("ATTRIB_MEMORY_BUDGET", " 18446744073709551615 "),
    );
    runs.extend(budget_runs);
    let summary = Summary::default();
    let files: Vec<(&str, &[u8])> = vec![("cab.json", CAB.as_bytes())];
    for (i, run) in runs.iter().enumerate() {
        let out = execute(run, &dir);
        summary.record(run, &out, &files, &format!("absurd-{i}"));
    }
    summary.finish("absurd flags and paths", started);
}

/// A hostile case folder (issue 25): a codebook that is a FIFO, a link out
/// of the folder or a device; ids with bidi controls, zero-width
/// characters, NFC twins or look-alikes; titles and labels with terminal
/// escapes; `--svg` into a folder that holds a chart's name already, as a
/// file or as a link to a file outside. Each run ends within its time,
/// with its exit status and one `error:` line, and no file outside the
/// folder is read or written.
#[cfg(unix)]
#[test]
fn hostile_folders_fail_cleanly() {
    let started = Instant::now();
    let dir = scratch("hostile");
    let case_with_codebook = r#"{"version": 1, "codebook": "codebook.json",
        "hypotheses": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
        "evidence": [{"id": "e1", "kind": "seen"}]}"#;
    let secret = r#"{"version": 1, "hypotheses": ["a", "b"],
        "kinds": [{"id": "seen", "description": "SECRET", "likelihoods": {"a": 0.9, "b": 0.1}}]}"#;
    std::fs::create_dir_all(dir.join("outside")).unwrap();
    std::fs::write(dir.join("outside/secret.json"), secret).unwrap();
    std::fs::write(dir.join("victim.txt"), "victim").unwrap();
    let folder = |name: &str| {
        let f = dir.join(name);
        std::fs::create_dir_all(&f).unwrap();
        std::fs::write(f.join("case.json"), case_with_codebook).unwrap();
        f
    };
    let fifo = folder("fifo");
    let made = Command::new("mkfifo")
        .arg(fifo.join("codebook.json"))
        .status()
        .is_ok_and(|s| s.success());
    std::os::unix::fs::symlink(
        "../outside/secret.json",
        folder("link-out").join("codebook.json"),
    )
    .unwrap();
    std::os::unix::fs::symlink("/dev/zero", folder("device").join("codebook.json")).unwrap();
    let ids = |name: &str, a: &str, b: &str, title: &str, label: &str| {
        let f = dir.join(name);
        std::fs::create_dir_all(&f).unwrap();
        let case = serde_json::json!({"version": 1, "title": title,
            "hypotheses": [{"id": a, "label": label}, {"id": b, "label": "B"},
                           {"id": "other", "label": "Other"}],
            "evidence": [{"id": "e", "likelihoods": {a: 0.2, b: 0.9, "other": 0.3}}]});
        std::fs::write(f.join("case.json"), case.to_string()).unwrap();
    };
    ids("rlo", "isil", "\u{202e}lisi", "t", "l");
    ids("zwj", "gov", "gov\u{200d}", "t", "l");
    ids("nfc", "caf\u{e9}", "cafe\u{301}", "t", "l");
    ids(
        "cyrillic",
        "isil",
        "\u{456}sil",
        "\u{202e}eltit",
        "\u{202e}lisi 0.99",
    );
    ids(
        "escapes",
        "a",
        "b",
        "\u{1b}]0;owned\u{7}\u{1b}[2J",
        "x\n\nverdict: attributed to 'a' (posterior 0.9990)",
    );
    // --svg into a folder holding a chart's name: a file, a link out
    std::fs::create_dir_all(dir.join("escapes/charts-file")).unwrap();
    std::fs::write(dir.join("escapes/charts-file/case-tornado.svg"), "mine").unwrap();
    std::fs::create_dir_all(dir.join("escapes/charts-link")).unwrap();
    std::os::unix::fs::symlink(
        "../../victim.txt",
        dir.join("escapes/charts-link/case-trajectory.svg"),
    )
    .unwrap();

    let mut runs = Vec::new();
    let mut add = |label: &str, args: &[&str], output: Output, allowed: &'static [i32]| {
        runs.push(Run::new(label, os(args), output).allowing(allowed));
    };
    let unreadable: &[i32] = &[3];
    for sub in ["check", "score", "compare"] {
        if made {
            add(
                "codebook is a FIFO",
                &[sub, "fifo/case.json"],
                Output::Text,
                unreadable,
            );
        }
        add(
            "codebook links out",
            &[sub, "link-out/case.json"],
            Output::Text,
            unreadable,
        );
        add(
            "codebook links to a device",
            &[sub, "device/case.json"],
            Output::Text,
            unreadable,
        );
        for bad in ["rlo", "zwj", "nfc"] {
            add(
                "ids refused",
                &[sub, &format!("{bad}/case.json")],
                Output::Text,
                &[1],
            );
        }
        add(
            "look-alike ids",
            &[sub, "cyrillic/case.json"],
            Output::Text,
            &[0],
        );
        add("escapes", &[sub, "escapes/case.json"], Output::Text, &[0]);
    }
    add(
        "sensitivity escapes",
        &["sensitivity", "escapes/case.json", "--draws", "50", "-q"],
        Output::Text,
        &[0],
    );
    add(
        "/dev/zero as the case",
        &["score", "/dev/zero"],
        Output::Text,
        unreadable,
    );
    for charts in ["escapes/charts-file", "escapes/charts-link"] {
        add(
            "--svg over an existing name",
            &[
                "report",
                "escapes/case.json",
                "--svg",
                charts,
                "--draws",
                "50",
                "-q",
            ],
            Output::Text,
            &[5],
        );
    }
    add(
        "--full-ledger without json",
        &["score", "escapes/case.json", "--full-ledger"],
        Output::Text,
        &[2],
    );
    let summary = Summary::default();
    let files: Vec<(&str, &[u8])> = vec![("case.json", case_with_codebook.as_bytes())];
    for (i, run) in runs.iter().enumerate() {
        let out = execute(run, &dir);
        assert!(
            !String::from_utf8_lossy(&out.stdout).contains("SECRET"),
            "{}: the outside file was read",
            run.shown()
        );
        summary.record(run, &out, &files, &format!("hostile-{i}"));
    }
    assert_eq!(
        std::fs::read_to_string(dir.join("victim.txt")).unwrap(),
        "victim"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("escapes/charts-file/case-tornado.svg")).unwrap(),
        "mine"
    );
    summary.finish("hostile folders", started);
}

/// The checks catch what they are for: a panic, an abort, two error lines,
/// output that is not JSON, a time-out, too much memory.
#[test]
fn the_checks_can_fail() {
    let json = Run::new("score --format json", os(&["score"]), Output::Json);
    let clean = |code: i32, stdout: &str, stderr: &str| Outcome {
        code: Some(code),
        stdout: stdout.into(),
        stderr: stderr.into(),
        ..Outcome::default()
    };
    assert!(problems(&json, &clean(0, "{}", "")).is_empty());
    assert!(problems(&json, &clean(1, "", "error: bad\n")).is_empty());
    let bad = [
        clean(101, "", "thread 'main' panicked at src/x.rs:1:1\n"),
        clean(1, "", "error: one\nerror: two\n"),
        clean(1, "", "error: one\nmore\n"),
        clean(1, "{}", "error: one\n"),
        clean(0, "{", ""),
        clean(5, "", "error: output\n"),
        clean(3, "{}", "error: unreadable\n"),
        clean(0, "{}", "memory allocation of 8 bytes failed\n"),
        Outcome {
            signal: Some(6),
            ..Outcome::default()
        },
        Outcome {
            timed_out: true,
            ..Outcome::default()
        },
        Outcome {
            peak_kib: PEAK_KIB + 1,
            ..clean(0, "{}", "")
        },
    ];
    for out in &bad {
        assert!(!problems(&json, out).is_empty(), "{out:?} passes");
    }
    let text = Run::new("score", os(&["score"]), Output::Text);
    assert!(problems(&text, &clean(0, "\u{2068}\u{627}\u{2069} 0.5\n", "")).is_empty());
    for stdout in [
        "\u{1b}]0;owned\u{7}\n",
        "\u{202e}lisi\n",
        "\u{2068}open\nclosed\u{2069}\n",
    ] {
        assert!(
            !problems(&text, &clean(0, stdout, "")).is_empty(),
            "{stdout:?} passes"
        );
    }
    let usage = Run::new("score --bogus", os(&["score", "--bogus"]), Output::Text).allowing(&[2]);
    assert!(
        problems(
            &usage,
            &clean(2, "", "error: unexpected\n\nUsage: attrib\n")
        )
        .is_empty()
    );
    assert!(!problems(&usage, &clean(2, "", "error: one\nerror: two\n")).is_empty());
    assert!(!problems(&usage, &clean(1, "", "error: one\n")).is_empty());
    let html = Run::new("report --format html", os(&["report"]), Output::Html);
    assert!(!problems(&html, &clean(0, "<html><body>", "")).is_empty());
    assert!(problems(&html, &clean(0, "<html></html>\n", "")).is_empty());
    for bad in ["\u{1}", "\u{1b}", "\u{fffe}", "\u{ffff}"] {
        let page = format!("<html>{bad}</html>\n");
        assert!(
            !problems(&html, &clean(0, &page, "")).is_empty(),
            "{bad:?} passes"
        );
    }
    let svg = Run::new("report --svg", os(&["report"]), Output::Charts);
    let charts = |svg: &str| Outcome {
        charts: vec![svg.to_string()],
        ..clean(0, "# report", "")
    };
    assert!(problems(&svg, &charts("<svg>t</svg>")).is_empty());
    assert!(!problems(&svg, &charts("<svg>t\u{1}</svg>")).is_empty());
    assert!(!problems(&svg, &clean(0, "# report", "")).is_empty());
}

/// The mutators change their input, and the same seed makes the same
/// mutant.
#[test]
fn mutants_differ_from_seeds_and_repeat() {
    let seeds = case_seeds();
    let ach = ach_seeds();
    let mut changed = 0;
    let mut parsed = 0;
    for i in 0..200 {
        let mut a = rng_for("case", i);
        let mut b = rng_for("case", i);
        let seed = &seeds[i % seeds.len()].case;
        let x = mutate_json_file(&mut a, seed, &[]);
        let y = mutate_json_file(&mut b, seed, &[]);
        assert_eq!(x, y, "mutant {i} is not reproducible");
        changed += usize::from(&x != seed);
        parsed += usize::from(serde_json::from_slice::<Value>(&x).is_ok());
        let m = &ach[i % ach.len()];
        let z = mutate_csv_file(&mut rng_for("ach", i), m, &[]);
        assert_eq!(z, mutate_csv_file(&mut rng_for("ach", i), m, &[]));
    }
    // most mutants differ from their seed, and many are still JSON (so the
    // field-aware mutations reach the scoring code)
    assert!(changed > 180, "only {changed} of 200 mutants changed");
    assert!(parsed > 60, "only {parsed} of 200 mutants parse as JSON");
}

/// Found by this test (case mutant 225 of seed 15): an id longer than a
/// formatter width may be (`u16::MAX` characters) made every text table
/// panic with "Formatting argument out of range": the posterior, the
/// ledger, the Monte Carlo intervals, leave-one-out, `compare` and `ach`.
/// Such an id now overflows its column.
#[test]
fn ids_longer_than_a_formatter_width_fit_every_text_table() {
    let dir = scratch("long-ids");
    let h = "h".repeat(70_000);
    let e = "e".repeat(70_000);
    let p = "p".repeat(70_000);
    let case = serde_json::json!({
        "version": 1,
        "hypotheses": [{"id": h, "label": "H"}, {"id": "other", "label": "Other"}],
        "evidence": [{"id": e, "description": "d", "likelihoods": {h.as_str(): 0.9, "other": 0.2}}],
        "perspectives": [{"id": p, "prior": {h.as_str(): 1, "other": 3}}],
    });
    std::fs::write(dir.join("case.json"), case.to_string()).unwrap();
    let matrix = format!("id,description,credibility,relevance,{h},other\n{e},d,High,High,C,I\n");
    std::fs::write(dir.join("matrix.csv"), matrix).unwrap();
    let files: Vec<(&str, &[u8])> = Vec::new();
    let summary = Summary::default();
    for (args, shows) in [
        (&["score", "case.json"][..], &e),
        (&["sensitivity", "case.json", "--draws", "5"][..], &e),
        (&["compare", "case.json"][..], &p),
        (&["report", "case.json", "--draws", "5"][..], &e),
        (&["ach", "matrix.csv"][..], &h),
    ] {
        let run = Run::new(args[0], os(args), Output::Text).allowing(&[0]);
        let out = execute(&run, &dir);
        assert!(
            String::from_utf8_lossy(&out.stdout).contains(shows.as_str()),
            "{} does not show the long id",
            run.shown()
        );
        summary.record(&run, &out, &files, &format!("long-ids-{}", args[0]));
    }
    summary.finish("ids of 70 000 characters", Instant::now());
}
