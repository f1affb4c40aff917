//! Ids that look alike (issue 25): two ids of one kind whose UTS #39
//! confusable skeletons are equal (Latin `a` and Cyrillic `а`, `0` and
//! `O`, `rn` and `m`) read as one id to a reader, though the case keeps
//! them apart. Each such pair gets a
//! [`Warning::LookAlike`](crate::Warning::LookAlike).

use crate::domain::case::Case;
use crate::domain::part::CasePart;
use std::collections::HashMap;

/// The id's skeleton (Unicode Technical Standard #39, section 4): what it
/// looks like, whatever script each letter is from.
fn skeleton(id: &str) -> String {
    unicode_security::skeleton(id).collect()
}

/// Each id whose skeleton equals that of an earlier id of the same kind
/// (hypotheses, items, sources, groups, perspectives), with the earlier
/// one, in the order of the case file: `(later, earlier)`.
pub(crate) fn look_alikes(case: &Case) -> Vec<(CasePart, CasePart)> {
    let mut out = Vec::new();
    let mut kind = |parts: Vec<(CasePart, &str)>| {
        let mut first: HashMap<String, CasePart> = HashMap::new();
        for (part, id) in parts {
            match first.get(&skeleton(id)) {
                Some(earlier) => out.push((part, earlier.clone())),
                None => {
                    first.insert(skeleton(id), part);
                }
            }
        }
    };
    kind(
        case.hypotheses
            .iter()
            .map(|h| (CasePart::Hypothesis(h.id.clone()), h.id.as_str()))
            .collect(),
    );
    kind(
        case.evidence
            .iter()
            .map(|e| (CasePart::Evidence(e.id.clone()), e.id.as_str()))
            .collect(),
    );
    kind(
        case.sources
            .iter()
            .map(|s| (CasePart::Source(s.id.clone()), s.id.as_str()))
            .collect(),
    );
    kind(
        case.groups
            .iter()
            .map(|g| (CasePart::Group(g.id.clone()), g.id.as_str()))
            .collect(),
    );
    kind(
        case.perspectives
            .iter()
            .map(|p| (CasePart::Perspective(p.id.clone()), p.id.as_str()))
            .collect(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skeletons_of_look_alikes_are_equal() {
        assert_eq!(skeleton("isil"), skeleton("\u{0456}sil")); // Cyrillic і
        assert_eq!(skeleton("gov"), skeleton("g\u{043E}v")); // Cyrillic о
        assert_ne!(skeleton("isil"), skeleton("other"));
    }
}
