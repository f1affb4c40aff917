//! What a break-even search discounts ([`BreakEven`]: a source, an item,
//! a set of items, or a step of reasoning) and the entry points on a
//! [`Case`] that run it: each builds the joints of its items at a
//! discount on a rescorer of the case's scoring, which the searches of
//! every source or item share, and hands them to the search of `search`.

use super::search::{Shape, break_even, shape_of};
use crate::analysis::rescore::{Parts, Rescorer};
use crate::domain::case::Case;
use crate::domain::id::SourceId;
use crate::domain::probability::Reliability;
use crate::domain::weighting::ReliabilityFactors;
use crate::error::{Detail, Error, Item};

/// A break-even search (docs/model.md section 6): how far a source or an
/// item must be distrusted before the verdict changes, as the largest
/// discount on its reliability below 1 at which the verdict differs from the
/// verdict at full trust (to within 1e-6), or `None` when no discount in
/// `0..1` changes it.
///
/// Build one with [`source`](BreakEven::source) or
/// [`evidence`](BreakEven::evidence), and [`run`](BreakEven::run) it on a
/// case; [`every_source`](BreakEven::every_source) runs the search of every
/// source of a case on one shared scoring.
///
/// # Example
///
/// ```
/// use attrib::{BreakEven, Case, Evidence};
///
/// let case = Case::builder()
///     .hypothesis("a", "A").hypothesis("b", "B").threshold(0.9)
///     .source("intel", "Intelligence", 1.0)
///     .evidence(Evidence::builder("e").likelihood("a", 1.0).likelihood("b", 0.0).source("intel"))
///     .build()?;
/// let by_source = BreakEven::source("intel").run(&case)?;
/// let by_item = BreakEven::evidence("e").run(&case)?;
/// // the item is the source's only one: the same search
/// assert_eq!(by_source, by_item);
/// assert!((by_item.unwrap().get() - 0.8).abs() < 1e-6);
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct BreakEven {
    target: Target,
}

/// What a [`BreakEven`] search discounts.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    Source(String),
    Evidence(String),
    Items(Vec<String>),
    Step(String),
}

impl BreakEven {
    /// The break-even search of the source `id`: how far it must be
    /// distrusted before the verdict changes. [`run`](BreakEven::run) gives the
    /// largest discount `d` below 1 on the reliability of all its items at
    /// which the verdict differs from the verdict at `d = 1` (to within
    /// 1e-6), or `None` when no `d` in `0..1` changes it.
    ///
    /// How it searches:
    ///
    /// - One item outside any dependence group, under the mixture, with a
    ///   threshold strictly between 1/2 and 1: the verdict is proven to
    ///   differ on an interval `0..d*` only (each posterior is a ratio of
    ///   two affine functions of the reliability), so the search bisects
    ///   `0..1`, about 20 steps, and finds `d*` to within 1e-6.
    /// - Otherwise it scans 1 000 steps down from 1 and narrows the first
    ///   change by bisection; a change confined to less than one step
    ///   (0.001) could be missed. Under the mixture (and tempered without
    ///   an observation step) every joint log-probability is proven
    ///   nonincreasing in the discount, and the part of it that the
    ///   source's items outside any group give (up to a part common to
    ///   every hypothesis) concave in it, so the scan skips a run of steps
    ///   where the steps scored at and around its ends bound every
    ///   posterior between them away from the threshold, and finds the
    ///   same first change as scoring every step. The concave part keeps
    ///   the number of steps it scores about flat in the size of the case
    ///   (on the growth table's cases, 3 to 5 steps per source at 10 000
    ///   items, 3 to 6 at 100 000 and 3 to 9 at 300 000, where the ends
    ///   alone took 3 to 40, 9 to 33 and 17 to 129).
    ///
    /// A discount already set on the source is replaced. Each step rescores
    /// only the source's items on the case's exact totals, and in their
    /// dependence groups only the members whose rank changes, so a step
    /// costs O(items of the source x hypotheses) plus the ranks they cross,
    /// not a rescoring of the case, and gives the verdict that rescoring
    /// would give, bit for bit.
    ///
    /// [`run`](BreakEven::run) fails with [`ErrorKind::NotFound`](crate::ErrorKind::NotFound) for an
    /// unknown source, and [`ErrorKind::Contradictory`](crate::ErrorKind::Contradictory) when the case is.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{BreakEven, Case, Evidence};
    ///
    /// // One fully reliable report: posterior (1 + d) / 2 at discount d,
    /// // attributed (>= 0.9) down to d = 0.8.
    /// let case = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B").threshold(0.9)
    ///     .source("intel", "Intelligence", 1.0)
    ///     .evidence(Evidence::builder("e").likelihood("a", 1.0).likelihood("b", 0.0).source("intel"))
    ///     .build()?;
    /// let d = BreakEven::source("intel").run(&case)?.unwrap().get();
    /// assert!((d - 0.8).abs() < 1e-6);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn source(id: impl AsRef<str>) -> Self {
        BreakEven {
            target: Target::Source(id.as_ref().to_string()),
        }
    }

    /// The break-even search of the item `id`, as [`BreakEven::source`] for
    /// a source: [`run`](BreakEven::run) gives the largest discount on its
    /// reliability below 1 at which the verdict changes, or `None`.
    ///
    /// [`run`](BreakEven::run) fails with [`ErrorKind::NotFound`](crate::ErrorKind::NotFound) for an
    /// unknown item, and [`ErrorKind::Contradictory`](crate::ErrorKind::Contradictory) when the case is.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{BreakEven, Case, Evidence};
    ///
    /// let case = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("weak").likelihood("a", 0.6).likelihood("b", 0.4))
    ///     .build()?;
    /// // insufficient at full trust, and less trust cannot attribute it
    /// assert_eq!(BreakEven::evidence("weak").run(&case)?, None);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn evidence(id: impl AsRef<str>) -> Self {
        BreakEven {
            target: Target::Evidence(id.as_ref().to_string()),
        }
    }

    /// The break-even search of a set of items, discounted together: the
    /// largest discount `d` below 1, set on the reliability of every one of
    /// them at once, at which the verdict changes, or `None` (each item's
    /// own discount is replaced by `d`; its grade and source stay).
    ///
    /// [`run`](BreakEven::run) fails with
    /// [`ErrorKind::NotFound`](crate::ErrorKind::NotFound) for an unknown
    /// item, and [`ErrorKind::Contradictory`](crate::ErrorKind::Contradictory)
    /// when the case is.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{BreakEven, Case, Evidence};
    ///
    /// // Two fully reliable items, each 3:1 for a. At discount d (mixture,
    /// // chance 0.5) each weighs (0.5 + 0.25 d) / (0.5 - 0.25 d) =
    /// // (2 + d) / (2 - d), so a's posterior is R / (1 + R) with
    /// // R = ((2 + d) / (2 - d))^2: 0.9 at d = 1, and 0.8 (R = 4) at
    /// // (2 + d) / (2 - d) = 2, d = 2/3.
    /// let case = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B").threshold(0.8)
    ///     .evidence(Evidence::builder("e1").likelihood("a", 0.75).likelihood("b", 0.25))
    ///     .evidence(Evidence::builder("e2").likelihood("a", 0.75).likelihood("b", 0.25))
    ///     .build()?;
    /// let d = BreakEven::items(["e1", "e2"]).run(&case)?.unwrap().get();
    /// assert!((d - 2.0 / 3.0).abs() < 1e-6);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn items<I: IntoIterator<Item = S>, S: AsRef<str>>(ids: I) -> Self {
        BreakEven {
            target: Target::Items(ids.into_iter().map(|s| s.as_ref().to_string()).collect()),
        }
    }

    /// The break-even search of the items of a step of reasoning (see
    /// [`ChainStep`](crate::ChainStep)), discounted together as
    /// [`BreakEven::items`]: how far the step must be distrusted before the
    /// verdict changes.
    ///
    /// [`run`](BreakEven::run) fails with
    /// [`ErrorKind::NotFound`](crate::ErrorKind::NotFound) for a step the
    /// case does not declare.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{BreakEven, Case, Evidence};
    ///
    /// let case = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B").threshold(0.8)
    ///     .step("who", "Who could deliver it?")
    ///     .evidence(Evidence::builder("e1").likelihood("a", 0.75).likelihood("b", 0.25).step("who"))
    ///     .evidence(Evidence::builder("e2").likelihood("a", 0.75).likelihood("b", 0.25).step("who"))
    ///     .build()?;
    /// assert_eq!(BreakEven::step("who").run(&case)?, BreakEven::items(["e1", "e2"]).run(&case)?);
    /// assert!(BreakEven::step("how").run(&case).is_err());
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn step(id: impl AsRef<str>) -> Self {
        BreakEven {
            target: Target::Step(id.as_ref().to_string()),
        }
    }

    /// Runs the search on `case`: the largest discount below 1 at which the
    /// verdict changes, or `None`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::NotFound`](crate::ErrorKind::NotFound) when the case has no such source or item;
    /// [`ErrorKind::Contradictory`](crate::ErrorKind::Contradictory) when the case is.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{BreakEven, Case, Evidence};
    ///
    /// let case = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1))
    ///     .build()?;
    /// assert!(BreakEven::source("nobody").run(&case).is_err());
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn run(&self, case: &Case) -> Result<Option<Reliability>, Error> {
        match &self.target {
            Target::Source(id) => case.break_even_source(id),
            Target::Evidence(id) => case.break_even_evidence(id),
            Target::Items(ids) => case.break_even_set(ids),
            Target::Step(id) => {
                if !case.steps().iter().any(|s| s.id() == id) {
                    return Err(Error::from(Detail::NotFound {
                        item: Item::Step(id.clone()),
                    }));
                }
                let ids: Vec<String> = case
                    .evidence()
                    .iter()
                    .filter(|e| e.step() == Some(id.as_str()))
                    .map(|e| e.id().to_string())
                    .collect();
                case.break_even_set(&ids)
            }
        }
    }

    /// [`BreakEven::source`] for every source of `case`, in the case's
    /// order: the same values, in time linear in the case (one scoring
    /// shared by all the searches, each step O(items of the source x
    /// hypotheses)), where running `BreakEven::source` once per source
    /// rescores the whole case for each.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Contradictory`](crate::ErrorKind::Contradictory) when the case is.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::{BreakEven, Case, Evidence};
    ///
    /// let case = Case::builder()
    ///     .hypothesis("a", "A").hypothesis("b", "B").threshold(0.9)
    ///     .source("intel", "Intelligence", 1.0)
    ///     .source("press", "Press", 0.5)
    ///     .evidence(Evidence::builder("e").likelihood("a", 1.0).likelihood("b", 0.0).source("intel"))
    ///     .evidence(Evidence::builder("f").likelihood("a", 0.6).likelihood("b", 0.4).source("press"))
    ///     .build()?;
    /// let all = BreakEven::every_source(&case)?;
    /// assert_eq!(all.len(), 2);
    /// assert_eq!(all[0].0.as_str(), "intel");
    /// assert_eq!(all[0].1, BreakEven::source("intel").run(&case)?);
    /// assert_eq!(all[1].1, BreakEven::source("press").run(&case)?);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn every_source(case: &Case) -> Result<Vec<(SourceId, Option<Reliability>)>, Error> {
        case.break_even_sources()
    }
}

/// Which discount a break-even search moves.
#[derive(Debug, Clone, Copy)]
pub(super) enum Discounted {
    /// The items' source's discount (`BreakEven::source`).
    Source,
    /// The items' own discounts (`BreakEven::evidence`, `BreakEven::items`).
    Items,
}

impl Case {
    /// [`BreakEven::source`], run.
    pub(crate) fn break_even_source(
        &self,
        source: impl AsRef<str>,
    ) -> Result<Option<Reliability>, Error> {
        let id = source.as_ref();
        self.discount_source(id, 1.0)?;
        let point = self.score()?;
        let at = self.sources.iter().position(|s| s.id.as_str() == id);
        let items: Vec<usize> = (0..self.evidence.len())
            .filter(|&i| at.is_some() && self.source_index(i) == at)
            .collect();
        Ok(self.discount_search(
            &mut Rescorer::of_point(self, &point),
            &items,
            Discounted::Source,
        ))
    }

    /// [`BreakEven::every_source`].
    pub(crate) fn break_even_sources(&self) -> Result<Vec<(SourceId, Option<Reliability>)>, Error> {
        self.break_even_sources_counted(|| {})
    }

    /// [`BreakEven::every_source`], calling `each`
    /// after each source's search (for progress).
    pub(crate) fn break_even_sources_counted(
        &self,
        each: impl FnMut(),
    ) -> Result<Vec<(SourceId, Option<Reliability>)>, Error> {
        let point = self.score()?;
        self.break_even_sources_with(&mut Rescorer::of_point(self, &point), each)
    }

    /// [`Case::break_even_sources_counted`] on a rescorer of the case,
    /// scored already (so known not to be contradictory).
    pub(crate) fn break_even_sources_with(
        &self,
        rescorer: &mut Rescorer,
        mut each: impl FnMut(),
    ) -> Result<Vec<(SourceId, Option<Reliability>)>, Error> {
        let items_of = self.items_by_source(|_| true);
        let mut out = Vec::with_capacity(self.sources.len());
        for (s, items) in self.sources.iter().zip(items_of.iter()) {
            out.push((
                s.id.clone(),
                self.discount_search(rescorer, items, Discounted::Source),
            ));
            each();
        }
        Ok(out)
    }

    /// The break-even search that sets one discount of every item of
    /// `items` to `d`: their source's ([`Discounted::Source`], a source's
    /// search) or their own ([`Discounted::Items`], an item's or a set's).
    fn discount_search(
        &self,
        rescorer: &mut Rescorer,
        items: &[usize],
        discounted: Discounted,
    ) -> Option<Reliability> {
        self.discount_search_counted(rescorer, items, discounted).0
    }

    /// [`Case::discount_search`], and how many discounts it scored before
    /// its bisection (see [`break_even`]).
    pub(super) fn discount_search_counted(
        &self,
        rescorer: &mut Rescorer,
        items: &[usize],
        discounted: Discounted,
    ) -> (Option<Reliability>, usize) {
        let shape = shape_of(rescorer, items);
        self.discount_search_shaped(rescorer, items, discounted, shape)
    }

    /// [`Case::discount_search_counted`] searching as `shape` says (which
    /// must hold of the items, or be [`Shape::Unknown`]).
    pub(super) fn discount_search_shaped(
        &self,
        rescorer: &mut Rescorer,
        items: &[usize],
        discounted: Discounted,
        shape: Shape,
    ) -> (Option<Reliability>, usize) {
        let (threshold, slack, n) = (rescorer.threshold, rescorer.slack(), rescorer.n);
        let joint = self.discounted_joint(rescorer, items, discounted);
        break_even(shape, threshold, slack, joint, n)
    }

    /// The joints `joint(d, out, parts)` of a break-even search: the
    /// items `items` with one discount set to `d` (and their [`Parts`]
    /// when asked).
    pub(super) fn discounted_joint<'r>(
        &self,
        rescorer: &'r mut Rescorer,
        items: &[usize],
        discounted: Discounted,
    ) -> impl FnMut(f64, &mut [f64], Option<&mut Parts>) + 'r {
        let parts: Vec<(usize, ReliabilityFactors)> = items
            .iter()
            .map(|&i| {
                let f = self.reliability_factors(i);
                (i, f.unwrap_or(ReliabilityFactors::ONE))
            })
            .collect();
        let mut changes = Vec::with_capacity(items.len());
        move |d, out, split| {
            changes.clear();
            changes.extend(parts.iter().map(|&(i, f)| {
                let f = match discounted {
                    Discounted::Source => ReliabilityFactors {
                        source_discount: d,
                        ..f
                    },
                    Discounted::Items => ReliabilityFactors {
                        item_discount: d,
                        ..f
                    },
                };
                (i, f.reliability())
            }));
            match split {
                Some(split) => rescorer.joint_parts(&changes, out, split),
                None => rescorer.joint_with(&changes, out),
            }
        }
    }

    /// [`BreakEven::items`], run: the items' discounts all set to `d`.
    pub(crate) fn break_even_set(&self, ids: &[String]) -> Result<Option<Reliability>, Error> {
        let items = ids
            .iter()
            .map(|id| self.evidence_position(id))
            .collect::<Result<Vec<usize>, Error>>()?;
        let point = self.score()?;
        if items.is_empty() {
            return Ok(None);
        }
        let mut rescorer = Rescorer::of_point(self, &point);
        Ok(self.discount_search(&mut rescorer, &items, Discounted::Items))
    }

    /// [`BreakEven::evidence`], run.
    pub(crate) fn break_even_evidence(
        &self,
        evidence: impl AsRef<str>,
    ) -> Result<Option<Reliability>, Error> {
        Ok(self
            .break_even_items(&[evidence.as_ref()], || {})?
            .pop()
            .flatten())
    }

    /// [`BreakEven::evidence`] for each of the items `ids`, on one shared
    /// scoring (as [`BreakEven::every_source`] does for sources), calling
    /// `each` after each search (for progress).
    pub(crate) fn break_even_items(
        &self,
        ids: &[&str],
        each: impl FnMut(),
    ) -> Result<Vec<Option<Reliability>>, Error> {
        self.evidence_positions(ids)?;
        let point = self.score()?;
        self.break_even_items_with(&mut Rescorer::of_point(self, &point), ids, each)
    }

    /// [`Case::break_even_items`] on a rescorer of the case, scored
    /// already (so known not to be contradictory).
    pub(crate) fn break_even_items_with(
        &self,
        rescorer: &mut Rescorer,
        ids: &[&str],
        mut each: impl FnMut(),
    ) -> Result<Vec<Option<Reliability>>, Error> {
        let positions = self.evidence_positions(ids)?;
        Ok(positions
            .into_iter()
            .map(|i| {
                let found = self.discount_search(rescorer, &[i], Discounted::Items);
                each();
                found
            })
            .collect())
    }

    /// The positions of the items `ids`, or the error of the first
    /// unknown one.
    fn evidence_positions(&self, ids: &[&str]) -> Result<Vec<usize>, Error> {
        ids.iter().map(|&id| self.evidence_position(id)).collect()
    }
}
