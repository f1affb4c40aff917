//! Ids that look alike (issue 25): two ids of one kind whose UTS #39
//! confusable skeletons are equal (Latin `a` and Cyrillic `а`, `0` and
//! `O`, `rn` and `m`) read as one id to a reader, though the case keeps
//! them apart. Each such pair gets a
//! [`Warning::LookAlike`](crate::Warning::LookAlike).

use crate::domain::case::Case;
use crate::domain::part::CasePart;
use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};

/// The id's skeleton (Unicode Technical Standard #39, section 4): what it
/// looks like, whatever script each letter is from.
#[cfg(test)]
fn skeleton(id: &str) -> String {
    let mut out = String::new();
    skeleton_into(id, &mut out);
    out
}

/// [`skeleton`], into a buffer that is cleared first.
///
/// An ASCII id (nearly every id) is read a byte at a time from a table of
/// each ASCII character's skeleton. The skeleton maps each character on
/// its own (after a decomposition that leaves ASCII as it is) and
/// decomposes the result; so the skeleton of an ASCII id is the
/// characters' skeletons end to end, as long as none starts with a
/// combining mark that the final decomposition could move across the
/// boundary; the table is used only if none does.
fn skeleton_into(id: &str, out: &mut String) {
    out.clear();
    match ascii_skeletons() {
        Some(table) if id.is_ascii() => {
            for b in id.bytes() {
                out.push_str(table.get(usize::from(b)).map_or("", String::as_str));
            }
        }
        _ => out.extend(unicode_security::skeleton(id)),
    }
}

/// The skeleton of each ASCII character, or `None` if one of them starts
/// with a combining mark (it does not in Unicode's tables).
fn ascii_skeletons() -> Option<&'static [String]> {
    use unicode_normalization::char::canonical_combining_class;
    static TABLE: std::sync::OnceLock<Option<Vec<String>>> = std::sync::OnceLock::new();
    TABLE
        .get_or_init(|| {
            let table: Vec<String> = (0u8..128)
                .map(|b| {
                    unicode_security::skeleton(char::from(b).encode_utf8(&mut [0; 4])).collect()
                })
                .collect();
            let starters = table.iter().all(|s| {
                s.chars()
                    .next()
                    .is_none_or(|c| canonical_combining_class(c) == 0)
            });
            starters.then_some(table)
        })
        .as_deref()
}

/// Of a list of ids of one kind, each whose skeleton equals that of an
/// earlier one, with the first of that skeleton: `(later, earlier)`
/// positions, in order.
///
/// A skeleton is kept as its hash only (keyed, as a `HashMap`'s, so a
/// file cannot choose ids that collide): one skeleton is made per id and
/// none kept, and two ids whose hashes meet have their skeletons compared,
/// so a collision costs a comparison, never a wrong warning.
fn alike(ids: &[&str]) -> Vec<(usize, usize)> {
    alike_by(ids, &RandomState::new())
}

/// [`alike`] with the skeletons hashed by `state`.
fn alike_by(ids: &[&str], state: &impl BuildHasher) -> Vec<(usize, usize)> {
    // The first id of each skeleton, by the skeleton's hash; other first
    // ids whose different skeletons share a hash (rare) in `more`.
    let mut first: HashMap<u64, usize> = HashMap::new();
    let mut more: Vec<(u64, usize)> = Vec::new();
    let mut out = Vec::new();
    let (mut this, mut that) = (String::new(), String::new());
    for (n, id) in ids.iter().enumerate() {
        skeleton_into(id, &mut this);
        let hash = state.hash_one(&this);
        let Some(&at) = first.get(&hash) else {
            first.insert(hash, n);
            continue;
        };
        let earlier = std::iter::once(at)
            .chain(more.iter().filter(|(h, _)| *h == hash).map(|&(_, m)| m))
            .find(|&m| {
                skeleton_into(ids.get(m).copied().unwrap_or_default(), &mut that);
                that == this
            });
        match earlier {
            Some(m) => out.push((n, m)),
            None => more.push((hash, n)),
        }
    }
    out
}

/// Each id whose skeleton equals that of an earlier id of the same kind
/// (hypotheses, items, sources, groups, perspectives), with the earlier
/// one, in the order of the case file: `(later, earlier)`.
pub(crate) fn look_alikes(case: &Case) -> Vec<(CasePart, CasePart)> {
    let mut out = Vec::new();
    for (n, m) in alike(
        &case
            .hypotheses
            .iter()
            .map(|h| h.id.as_str())
            .collect::<Vec<_>>(),
    ) {
        if let (Some(a), Some(b)) = (case.hypotheses.get(n), case.hypotheses.get(m)) {
            out.push((
                CasePart::Hypothesis(a.id.clone()),
                CasePart::Hypothesis(b.id.clone()),
            ));
        }
    }
    for (n, m) in alike(
        &case
            .evidence
            .iter()
            .map(|e| e.id.as_str())
            .collect::<Vec<_>>(),
    ) {
        if let (Some(a), Some(b)) = (case.evidence.get(n), case.evidence.get(m)) {
            out.push((
                CasePart::Evidence(a.id.clone()),
                CasePart::Evidence(b.id.clone()),
            ));
        }
    }
    for (n, m) in alike(
        &case
            .sources
            .iter()
            .map(|s| s.id.as_str())
            .collect::<Vec<_>>(),
    ) {
        if let (Some(a), Some(b)) = (case.sources.get(n), case.sources.get(m)) {
            out.push((
                CasePart::Source(a.id.clone()),
                CasePart::Source(b.id.clone()),
            ));
        }
    }
    for (n, m) in alike(
        &case
            .groups
            .iter()
            .map(|g| g.id.as_str())
            .collect::<Vec<_>>(),
    ) {
        if let (Some(a), Some(b)) = (case.groups.get(n), case.groups.get(m)) {
            out.push((CasePart::Group(a.id.clone()), CasePart::Group(b.id.clone())));
        }
    }
    for (n, m) in alike(
        &case
            .perspectives
            .iter()
            .map(|p| p.id.as_str())
            .collect::<Vec<_>>(),
    ) {
        if let (Some(a), Some(b)) = (case.perspectives.get(n), case.perspectives.get(m)) {
            out.push((
                CasePart::Perspective(a.id.clone()),
                CasePart::Perspective(b.id.clone()),
            ));
        }
    }
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

    /// The table of ASCII skeletons is used (no ASCII character's skeleton
    /// starts with a combining mark) and gives the skeleton itself: every
    /// ASCII string of one or two characters, and longer ones.
    #[test]
    fn ascii_ids_by_table_have_their_skeletons() {
        assert!(ascii_skeletons().is_some());
        let slow = |s: &str| unicode_security::skeleton(s).collect::<String>();
        let mut fast = String::new();
        let mut strings: Vec<String> = Vec::new();
        for a in 0u8..128 {
            strings.push(char::from(a).to_string());
            for b in 0u8..128 {
                strings.push([char::from(a), char::from(b)].iter().collect());
            }
        }
        strings
            .extend(["rn-vs-m", "l0I1|O", "e12345", "isil", "`~^'\"", "s99999"].map(String::from));
        for s in &strings {
            skeleton_into(s, &mut fast);
            assert_eq!(fast, slow(s), "{s:?}");
        }
        // and ids that look alike by it
        assert_eq!(skeleton("rn"), skeleton("m"));
        assert_eq!(skeleton("l0"), skeleton("IO"));
    }

    /// Every hash equal: each id is compared with the first of every
    /// skeleton before it, and the pairs are those of skeletons compared
    /// one by one.
    #[test]
    fn colliding_hashes_give_the_pairs_of_equal_skeletons() {
        #[derive(Default)]
        struct Zero;
        impl std::hash::Hasher for Zero {
            fn finish(&self) -> u64 {
                0
            }
            fn write(&mut self, _: &[u8]) {}
        }
        let zero = std::hash::BuildHasherDefault::<Zero>::default();
        let ids = [
            "isil",
            "gov",
            "\u{0456}sil",
            "other",
            "g\u{043E}v",
            "rn",
            "m",
            "isil2",
            "\u{0456}sil",
        ];
        let mut slow = Vec::new();
        for (n, id) in ids.iter().enumerate() {
            if let Some(m) = (0..n).find(|&m| skeleton(ids[m]) == skeleton(id)) {
                slow.push((n, m));
            }
        }
        // The later look-alike points at the first of its skeleton.
        assert_eq!(slow, vec![(2, 0), (4, 1), (6, 5), (8, 0)]);
        assert_eq!(alike_by(&ids, &zero), slow);
        assert_eq!(alike(&ids), slow);
    }
}
