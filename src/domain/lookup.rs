//! The look-up context of a validated case: its ids by position.

use crate::domain::evidence::Evidence;
use crate::domain::group::Group;
use crate::domain::hypothesis::Hypothesis;
use crate::domain::id::{EvidenceId, GroupId, HypothesisId, KindId, SourceId};
use crate::domain::source::Source;
use std::collections::HashMap;

/// A case's hypotheses, sources, groups and items by id (each the
/// position in the case), and the kinds its items carry (each the number
/// of items of that kind). Validation builds it once and the case keeps
/// it, so that finding a source or checking one more item costs O(1) per
/// reference rather than a scan or a second validation of the whole case.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Lookup {
    pub(crate) hypotheses: HashMap<HypothesisId, usize>,
    pub(crate) sources: HashMap<SourceId, usize>,
    pub(crate) groups: HashMap<GroupId, usize>,
    pub(crate) evidence: HashMap<EvidenceId, usize>,
    pub(crate) kinds: HashMap<KindId, usize>,
}

impl Lookup {
    /// The context of the parts of a case (ids assumed unique, as
    /// validation ensures).
    pub(crate) fn new(
        hypotheses: &[Hypothesis],
        sources: &[Source],
        groups: &[Group],
        evidence: &[Evidence],
    ) -> Lookup {
        let mut lookup = Lookup {
            hypotheses: positions(hypotheses.iter().map(|h| &h.id)),
            sources: positions(sources.iter().map(|s| &s.id)),
            groups: positions(groups.iter().map(|g| &g.id)),
            ..Lookup::default()
        };
        for e in evidence {
            lookup.push(e);
        }
        lookup
    }

    /// Counts one more item, the last of the case.
    pub(crate) fn push(&mut self, e: &Evidence) {
        let at = self.evidence.len();
        self.evidence.insert(e.id.clone(), at);
        self.count_kind(e);
    }

    /// Counts the kinds of the items (whose positions are in `evidence`
    /// already).
    pub(crate) fn count_kinds(&mut self, evidence: &[Evidence]) {
        for e in evidence {
            self.count_kind(e);
        }
    }

    fn count_kind(&mut self, e: &Evidence) {
        if let Some(k) = &e.kind {
            *self.kinds.entry(k.clone()).or_insert(0) += 1;
        }
    }

    /// The same context without any item (the skeleton of a compiled
    /// case).
    pub(crate) fn without_evidence(&self) -> Lookup {
        Lookup {
            hypotheses: self.hypotheses.clone(),
            sources: self.sources.clone(),
            groups: self.groups.clone(),
            evidence: HashMap::new(),
            kinds: HashMap::new(),
        }
    }
}

/// Each id's position.
pub(crate) fn positions<'a, I: Clone + Eq + std::hash::Hash + 'a>(
    ids: impl Iterator<Item = &'a I>,
) -> HashMap<I, usize> {
    ids.enumerate().map(|(i, id)| (id.clone(), i)).collect()
}
