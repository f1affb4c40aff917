//! The nearest valid word to a typo, for "did you mean" in messages.

/// The candidate nearest to `given` by edit distance (Levenshtein, on
/// characters, case folded), when it is near enough to be a likely typo: at
/// most 1 edit for words up to 4 characters, 2 up to 8, then a quarter of
/// the length. Ties go to the first candidate.
pub(crate) fn nearest<'a>(
    given: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let given: Vec<char> = given.to_lowercase().chars().collect();
    let allowed = match given.len() {
        0 => return None,
        1..=4 => 1,
        5..=8 => 2,
        n => n / 4,
    };
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let c: Vec<char> = candidate.to_lowercase().chars().collect();
        let d = distance(&given, &c);
        if d <= allowed && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// Levenshtein distance: insertions, deletions and substitutions, each 1.
fn distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_worked_by_hand() {
        let d = |a: &str, b: &str| {
            distance(
                &a.chars().collect::<Vec<_>>(),
                &b.chars().collect::<Vec<_>>(),
            )
        };
        assert_eq!(d("kitten", "sitting"), 3);
        assert_eq!(d("", "abc"), 3);
        assert_eq!(d("flaw", "lawn"), 2);
        assert_eq!(d("same", "same"), 0);
        assert_eq!(d("café", "cafe"), 1);
    }

    #[test]
    fn suggests_only_likely_typos() {
        let words = ["likely", "very likely", "unlikely", "reliability"];
        assert_eq!(nearest("very likly", words), Some("very likely"));
        assert_eq!(nearest("Likely", words), Some("likely"));
        assert_eq!(nearest("reliablity", words), Some("reliability"));
        assert_eq!(nearest("perhaps", words), None);
        assert_eq!(nearest("", words), None);
    }
}
