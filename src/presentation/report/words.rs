//! Words and quotes beside the numbers (docs/model.md section 11): one
//! description of an item for every report, kept apart from the report
//! layouts so that each shows it with one call.

use crate::domain::case::Case;
use crate::domain::words::Word;
use serde::Serialize;

/// The lines that show item `index` beyond its numbers: its quote, then
/// each word with its band and the number the plain scoring took (the
/// band's midpoint). Empty for an item stated in numbers without a quote.
// The Markdown and HTML reports, which show it, need `monte-carlo`.
#[cfg_attr(not(feature = "monte-carlo"), allow(dead_code))]
pub(super) fn describe_item(case: &Case, index: usize) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(q) = case.evidence().get(index).and_then(|e| e.quote()) {
        out.push(format!("quote: \u{201c}{q}\u{201d}"));
    }
    for (field, word) in case.item_words(index) {
        out.push(format!(
            "{field}: {word}, scored as {}",
            word.band().midpoint()
        ));
    }
    out
}

/// An item's quote and words as the JSON of `score` gives them.
#[derive(Debug, Clone, Serialize)]
pub(super) struct ItemWordsJson<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    quote: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    words: Vec<FieldWord<'a>>,
}

#[derive(Debug, Clone, Serialize)]
struct FieldWord<'a> {
    field: String,
    #[serde(flatten)]
    word: &'a Word,
    scored: f64,
}

/// Every item that has a quote or a word: `[{"id", "quote", "words":
/// [{"field", "written", "word", "scale", "band", "scored"}]}]`, empty for
/// a case in numbers without quotes.
pub(super) fn items_json(case: &Case) -> Vec<ItemWordsJson<'_>> {
    case.evidence()
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let words: Vec<FieldWord<'_>> = case
                .item_words(i)
                .into_iter()
                .map(|(field, word)| FieldWord {
                    field,
                    word,
                    scored: word.band().midpoint().get(),
                })
                .collect();
            (e.quote().is_some() || !words.is_empty()).then(|| ItemWordsJson {
                id: e.id().as_str(),
                quote: e.quote(),
                words,
            })
        })
        .collect()
}
