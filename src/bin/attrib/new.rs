//! `attrib new`: a case file to start from, commented with the `"$comment"`
//! key (docs/model.md section 7) and valid as it stands: one graded source,
//! one dependence group and one item, each saying what to change.

use crate::failure::Failure;
use serde_json::{Value, json};
use std::path::Path;

/// The hypotheses of a template without `--hypotheses`.
const DEFAULT_HYPOTHESES: [&str; 3] = ["first-suspect", "second-suspect", "other"];

/// The first line of every template's comment.
const HEAD: &str = "A case file for attrib (docs/model.md section 7). Every \"$comment\" is a note for people: attrib reads and ignores it.";

/// The last line: what to run.
const NEXT: &str = "Check it with `attrib check case.json`, then `attrib score case.json` and `attrib report case.json`.";

/// A JSON value whose objects keep the order they are written in.
enum Json {
    Object(Vec<(&'static str, Json)>),
    Array(Vec<Json>),
    /// Written on one line: a scalar or a list of scalars.
    Inline(Value),
    /// A map from hypothesis to number, on one line in the hypotheses' order.
    Pairs(Vec<(String, f64)>),
}

fn obj(pairs: Vec<(&'static str, Json)>) -> Json {
    Json::Object(pairs)
}

fn v(x: Value) -> Json {
    Json::Inline(x)
}

impl Json {
    fn write(&self, out: &mut String, indent: usize) {
        let pad = "  ".repeat(indent + 1);
        let close = "  ".repeat(indent);
        match self {
            Json::Inline(x) => out.push_str(&inline(x)),
            Json::Pairs(pairs) => {
                let parts: Vec<String> = pairs
                    .iter()
                    .map(|(k, x)| format!("{}: {}", inline(&json!(k)), inline(&json!(x))))
                    .collect();
                out.push_str(&format!("{{{}}}", parts.join(", ")));
            }
            Json::Array(items) => {
                out.push_str("[\n");
                for (i, item) in items.iter().enumerate() {
                    out.push_str(&pad);
                    item.write(out, indent + 1);
                    out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
                }
                out.push_str(&close);
                out.push(']');
            }
            Json::Object(pairs) => {
                out.push_str("{\n");
                for (i, (k, x)) in pairs.iter().enumerate() {
                    out.push_str(&format!("{pad}{}: ", inline(&json!(k))));
                    x.write(out, indent + 1);
                    out.push_str(if i + 1 < pairs.len() { ",\n" } else { "\n" });
                }
                out.push_str(&close);
                out.push('}');
            }
        }
    }
}

/// One line of JSON, with a space after each `,` of a list.
fn inline(x: &Value) -> String {
    match x {
        Value::Array(a) => {
            let parts: Vec<String> = a.iter().map(inline).collect();
            format!("[{}]", parts.join(", "))
        }
        other => other.to_string(),
    }
}

/// The template, with a final newline. `hypotheses` are the ids given (or,
/// with a codebook, its own); the last is marked the catch-all when it is
/// `other`. With `codebook`, the case names it and its item takes the
/// codebook's first kind.
pub(crate) fn template(hypotheses: &[String], codebook: Option<&Path>) -> Result<String, Failure> {
    let book = codebook.map(read_codebook).transpose()?;
    let ids: Vec<String> = match &book {
        Some(b) => b.hypotheses.clone(),
        None if hypotheses.is_empty() => DEFAULT_HYPOTHESES.iter().map(|h| h.to_string()).collect(),
        None => hypotheses.to_vec(),
    };
    if book.is_some() && !hypotheses.is_empty() && hypotheses != ids.as_slice() {
        return Err(Failure::Usage(format!(
            "--hypotheses {} differs from the codebook's hypotheses ({}); a case takes its codebook's, so leave --hypotheses out",
            hypotheses.join(","),
            ids.join(",")
        )));
    }
    if ids.len() < 2 {
        return Err(Failure::Usage(
            "--hypotheses needs at least 2 ids, separated by commas (such as a,b,other)"
                .to_string(),
        ));
    }
    let last = ids.len() - 1;
    let hyps: Vec<Json> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let mut h = vec![
                ("id", v(json!(id))),
                ("label", v(json!(format!("who or what '{id}' stands for")))),
            ];
            if i == last && id == "other" {
                h.push(("catch_all", v(json!(true))));
                h.push((
                    "$comment",
                    v(json!("the catch-all: anyone else, or nothing happened")),
                ));
            }
            obj(h)
        })
        .collect();
    let evenly: Vec<(String, f64)> = ids.iter().map(|h| (h.clone(), 1.0)).collect();

    let mut item = vec![
        ("id", v(json!("first-finding"))),
        (
            "description",
            v(json!("what was observed, in one sentence")),
        ),
    ];
    match book.as_ref().and_then(|b| b.kind.clone()) {
        Some(kind) => {
            item.insert(
                0,
                (
                    "$comment",
                    v(json!("one finding; copy this object for each item. `kind` gives the codebook's likelihoods, source and grade")),
                ),
            );
            item.push(("kind", v(json!(kind))));
        }
        None => {
            item.insert(
                0,
                (
                    "$comment",
                    v(json!("one finding; copy this object for each item. `likelihoods`: how probable this finding is if each hypothesis is true, in 0..=1; `credibility`: the Admiralty digit 1-6 of this information")),
                ),
            );
            let l: Vec<(String, f64)> = ids
                .iter()
                .enumerate()
                .map(|(i, h)| (h.clone(), if i == 0 { 0.8 } else { 0.2 }))
                .collect();
            item.push(("likelihoods", Json::Pairs(l)));
            item.push(("source", v(json!("first-source"))));
            item.push(("credibility", v(json!("2"))));
            item.push(("group", v(json!("same-origin"))));
        }
    }
    item.push(("rationale", v(json!("why these numbers"))));
    item.push(("sources", v(json!(["a public reference"]))));

    let mut case: Vec<(&'static str, Json)> = Vec::new();
    match (&book, codebook) {
        (Some(b), Some(path)) => {
            case.push((
                "$comment",
                Json::Array(vec![
                    v(json!(HEAD)),
                    v(json!(format!("It names codebook '{}' (a path relative to this file's folder) and takes its hypotheses, sources, kinds and standard of proof.", b.path))),
                    v(json!(NEXT)),
                ]),
            ));
            case.push(("version", v(json!(1))));
            case.push(("codebook", v(json!(path.to_string_lossy()))));
            case.push(("title", v(json!("What happened, where, when"))));
            case.push(("hypotheses", Json::Array(hyps)));
        }
        _ => {
            case.push((
                "$comment",
                Json::Array(vec![v(json!(HEAD)), v(json!(NEXT))]),
            ));
            case.push(("version", v(json!(1))));
            case.push(("title", v(json!("What happened, where, when"))));
            case.push(("threshold", v(json!(0.95))));
            case.push(("hypotheses", Json::Array(hyps)));
            case.push(("prior", Json::Pairs(evenly)));
            case.push((
                "sources",
                Json::Array(vec![obj(vec![
                    ("$comment", v(json!("who reported: `admiralty` grades the source A-F (A completely reliable, B usually, C fairly, D not usually, E unreliable, F cannot be judged)"))),
                    ("id", v(json!("first-source"))),
                    ("label", v(json!("who this source is"))),
                    ("admiralty", v(json!("B"))),
                ])]),
            ));
            case.push((
                "groups",
                Json::Array(vec![obj(vec![
                    ("$comment", v(json!("items that share an origin count for less than independent ones; `correlation` in 0..=1"))),
                    ("id", v(json!("same-origin"))),
                    ("correlation", v(json!(0.5))),
                ])]),
            ));
        }
    }
    case.push(("evidence", Json::Array(vec![obj(item)])));
    let mut text = String::new();
    obj(case).write(&mut text, 0);
    text.push('\n');
    Ok(text)
}

/// What a template takes from a codebook.
struct Book {
    path: String,
    hypotheses: Vec<String>,
    kind: Option<String>,
}

/// The codebook's hypotheses and first kind, read as JSON; reading the
/// case checks the rest.
fn read_codebook(path: &Path) -> Result<Book, Failure> {
    let cannot = |why: String| Failure::Usage(format!("--codebook '{}': {why}", path.display()));
    let text = std::fs::read_to_string(path).map_err(|e| cannot(e.to_string()))?;
    let v: Value = serde_json::from_str(&text).map_err(|e| cannot(e.to_string()))?;
    let hypotheses: Vec<String> = v["hypotheses"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|h| h.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    if hypotheses.len() < 2 {
        return Err(cannot("it lists fewer than 2 hypotheses".to_string()));
    }
    let kind = v["kinds"][0]["id"].as_str().map(str::to_string);
    Ok(Book {
        path: path.display().to_string(),
        hypotheses,
        kind,
    })
}
