//! The chain of reasoning of a case: its items read step by step (the
//! steps of reasoning it declares, an extension of docs/model.md section
//! 9), what each item and each step weighs for the leader against the
//! runner-up, where the rest of the probability sits, and which step
//! carries the verdict and how far it must be distrusted to change it.
//! It computes nothing new: every weight is the ledger's (docs/model.md
//! section 4), every break-even [`BreakEven::step`]'s.

use crate::analysis::sensitivity::BreakEven;
use crate::domain::case::Case;
use crate::domain::id::{EvidenceId, HypothesisId};
use crate::domain::probability::{Probability, Reliability};
use crate::domain::step::ChainStep;
use crate::error::Error;
use crate::numeric::sum::ExactSum;
use crate::scoring::decibans::Decibans;
use crate::scoring::posterior::Posterior;

/// A case's chain of reasoning: its steps in order, each with its items
/// and its combined weight for the leader against the runner-up, the step
/// that carries the verdict, and where the rest of the probability sits.
///
/// The step that **carries** the verdict is the step whose items together
/// weigh most for the leader against the runner-up (the sum of their
/// ledger weights, after grade and group). Its break-even
/// ([`BreakEven::step`]) says how far its findings must be distrusted,
/// together, before the verdict changes. Items that name no step form a
/// last link without a step.
///
/// # Example
///
/// ```
/// use attrib::{Case, Chain, Evidence};
///
/// let case = Case::builder()
///     .hypothesis("a", "A").hypothesis("b", "B").threshold(0.8)
///     .step("how", "How was it delivered?").step("who", "Who could deliver it?")
///     .evidence(Evidence::builder("drop").likelihood("a", 0.75).likelihood("b", 0.25).step("how"))
///     .evidence(Evidence::builder("radar").likelihood("a", 0.6).likelihood("b", 0.4).step("who"))
///     .build()?;
/// let chain = Chain::of(&case)?;
/// assert_eq!(chain.leader().as_str(), "a");
/// assert_eq!(chain.links().len(), 2);
/// // the drop (3:1) outweighs the radar (1.5:1): it carries the verdict
/// let carrier = chain.carrier().unwrap();
/// assert_eq!(carrier.step().map(|s| s.id()), Some("how"));
/// assert!((carrier.weight().unwrap().ratio() - 3.0).abs() < 1e-12);
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Chain {
    leader: HypothesisId,
    runner_up: HypothesisId,
    links: Vec<Link>,
    carrier: Option<usize>,
    rivals: Vec<Rival>,
}

/// One step of a [`Chain`]: the step (or none, for items that name no
/// step), its findings in the case's order, their combined weight and the
/// step's break-even.
///
/// # Example
///
/// ```
/// # use attrib::{Case, Chain, Evidence};
/// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B").threshold(0.8)
/// #     .step("how", "How was it delivered?")
/// #     .evidence(Evidence::builder("drop").likelihood("a", 0.75).likelihood("b", 0.25).step("how"))
/// #     .evidence(Evidence::builder("loose").likelihood("a", 0.6).likelihood("b", 0.4))
/// #     .build()?;
/// let chain = Chain::of(&case)?;
/// let last = &chain.links()[1];
/// assert!(last.step().is_none()); // the item without a step
/// assert_eq!(last.findings()[0].evidence().as_str(), "loose");
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    step: Option<ChainStep>,
    findings: Vec<Finding>,
    weight: Option<Decibans>,
    break_even: Option<Reliability>,
}

/// One finding of a [`Link`]: the item, its weight for the leader against
/// the runner-up after its grade and group (the ledger's), and the
/// reliability scoring used for it.
///
/// # Example
///
/// ```
/// # use attrib::{Case, Chain, Evidence};
/// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
/// #     .step("how", "How?")
/// #     .evidence(Evidence::builder("drop").likelihood("a", 0.5).likelihood("b", 0.05).step("how"))
/// #     .build()?;
/// let chain = Chain::of(&case)?;
/// let f = &chain.links()[0].findings()[0];
/// assert_eq!(f.evidence().as_str(), "drop");
/// assert!((f.weight().unwrap().get() - 10.0).abs() < 1e-12); // 10:1
/// assert_eq!(f.reliability().map(|r| r.get()), Some(1.0));
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    evidence: EvidenceId,
    weight: Option<Decibans>,
    reliability: Option<Reliability>,
}

/// A hypothesis other than the leader, in the posterior's order: its
/// probability, the prior's weight for the leader against it, and each
/// link's weight for the leader against it: why the probability it keeps
/// is where it is.
///
/// # Example
///
/// ```
/// # use attrib::{Case, Chain, Evidence};
/// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
/// #     .step("how", "How?")
/// #     .evidence(Evidence::builder("drop").likelihood("a", 0.8).likelihood("b", 0.2).step("how"))
/// #     .build()?;
/// let chain = Chain::of(&case)?;
/// let b = &chain.rivals()[0];
/// assert_eq!(b.hypothesis().as_str(), "b");
/// assert!((b.probability().get() - 0.2).abs() < 1e-12);
/// assert_eq!(b.prior_weight().map(|w| w.get()), Some(0.0));
/// assert!((b.step_weights()[0].unwrap().ratio() - 4.0).abs() < 1e-12);
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Rival {
    hypothesis: HypothesisId,
    probability: Probability,
    prior_weight: Option<Decibans>,
    step_weights: Vec<Option<Decibans>>,
}

/// The sum of weights in decibans; `None` when one is undefined or the
/// sum is (an infinite weight against another of opposite sign).
fn total(weights: impl IntoIterator<Item = Option<Decibans>>) -> Option<Decibans> {
    let mut sum = ExactSum::default();
    let mut infinite = 0.0;
    for w in weights {
        let w = w?.get();
        if w.is_infinite() {
            if infinite != 0.0 && infinite != w {
                return None;
            }
            infinite = w;
        } else {
            sum.add(w);
        }
    }
    Decibans::new(if infinite != 0.0 {
        infinite
    } else {
        sum.value()
    })
    .ok()
}

impl Chain {
    /// The chain of `case`: scores it once, groups its items by step (the
    /// declared steps in order, then the items that name none), sums each
    /// step's ledger weights for the leader against the runner-up (the
    /// hypothesis second in the posterior's order), finds the step that
    /// carries the verdict and runs its break-even search.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Contradictory`](crate::ErrorKind::Contradictory) when
    /// the case is.
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Chain, Evidence};
    /// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.8).likelihood("b", 0.2))
    ///     .build()?;
    /// let chain = Chain::of(&case)?; // no steps: one link, without a step
    /// assert_eq!(chain.links().len(), 1);
    /// assert_eq!(chain.runner_up().as_str(), "b");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn of(case: &Case) -> Result<Chain, Error> {
        let post = case.score()?;
        let ranking = post.ranking();
        let leader = post.leader().id().clone();
        let runner_up = ranking
            .get(1)
            .map_or_else(|| leader.clone(), |(h, _)| h.id().clone());
        let mut groups: Vec<(Option<&ChainStep>, Vec<usize>)> =
            case.steps().iter().map(|s| (Some(s), Vec::new())).collect();
        let mut loose = Vec::new();
        for (i, e) in case.evidence().iter().enumerate() {
            match e
                .step()
                .and_then(|id| case.steps().iter().position(|s| s.id() == id))
                .and_then(|p| groups.get_mut(p))
            {
                Some((_, items)) => items.push(i),
                None => loose.push(i),
            }
        }
        if !loose.is_empty() {
            groups.push((None, loose));
        }
        let ledger = post.ledger();
        let weight_of = |items: &[usize], k: &HypothesisId| {
            total(
                items
                    .iter()
                    .filter_map(|&i| case.evidence().get(i))
                    .map(|e| ledger.weight(e.id(), &leader, k)),
            )
        };
        let mut links = Vec::with_capacity(groups.len());
        for (step, items) in &groups {
            let findings = items
                .iter()
                .filter_map(|&i| case.evidence().get(i))
                .map(|e| Finding {
                    evidence: e.id().clone(),
                    weight: ledger.weight(e.id(), &leader, &runner_up),
                    reliability: case.reliability(e.id()),
                })
                .collect();
            let ids: Vec<&str> = items
                .iter()
                .filter_map(|&i| case.evidence().get(i))
                .map(|e| e.id().as_str())
                .collect();
            links.push(Link {
                step: step.cloned(),
                findings,
                weight: weight_of(items, &runner_up),
                break_even: BreakEven::items(ids).run(case)?,
            });
        }
        let carrier = links
            .iter()
            .enumerate()
            .filter(|(_, l)| l.step.is_some())
            .filter_map(|(i, l)| l.weight.map(|w| (i, w.get())))
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| i);
        let rivals = rivals(&post, &leader, &groups, &weight_of);
        Ok(Chain {
            leader,
            runner_up,
            links,
            carrier,
            rivals,
        })
    }

    /// The leader of the posterior.
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Chain, Evidence};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .evidence(Evidence::builder("e").likelihood("a", 0.2).likelihood("b", 0.8)).build()?;
    /// assert_eq!(Chain::of(&case)?.leader().as_str(), "b");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn leader(&self) -> &HypothesisId {
        &self.leader
    }

    /// The runner-up: the hypothesis second in the posterior's order (the
    /// leader itself in a case of one hypothesis), against which every
    /// finding's and link's weight is given.
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Chain, Evidence};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B").hypothesis("c", "C")
    /// #     .evidence(Evidence::builder("e").likelihood("a", 0.2).likelihood("b", 0.8).likelihood("c", 0.5)).build()?;
    /// assert_eq!(Chain::of(&case)?.runner_up().as_str(), "c");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn runner_up(&self) -> &HypothesisId {
        &self.runner_up
    }

    /// The links: one per declared step, in the case's order (a step no
    /// item names has no findings), then one without a step for the items
    /// that name none, if any.
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Chain, Evidence};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .step("agent", "What happened?").step("who", "Who?")
    /// #     .evidence(Evidence::builder("e").likelihood("a", 0.8).likelihood("b", 0.2).step("who")).build()?;
    /// let links = Chain::of(&case)?.links().to_vec();
    /// assert!(links[0].findings().is_empty());
    /// assert_eq!(links[1].findings().len(), 1);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn links(&self) -> &[Link] {
        &self.links
    }

    /// The link of the step that carries the verdict: of the links with a
    /// step, the one whose findings together weigh most for the leader
    /// against the runner-up. `None` when no step has a defined weight.
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Chain, Evidence};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .step("how", "How?").step("who", "Who?")
    /// #     .evidence(Evidence::builder("e1").likelihood("a", 0.6).likelihood("b", 0.4).step("how"))
    /// #     .evidence(Evidence::builder("e2").likelihood("a", 0.9).likelihood("b", 0.1).step("who")).build()?;
    /// let chain = Chain::of(&case)?;
    /// assert_eq!(chain.carrier().and_then(|l| l.step()).map(|s| s.id()), Some("who"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn carrier(&self) -> Option<&Link> {
        self.carrier.and_then(|i| self.links.get(i))
    }

    /// The hypotheses other than the leader, in the posterior's order,
    /// each with what keeps its probability where it is.
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Chain, Evidence};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B").hypothesis("c", "C")
    /// #     .evidence(Evidence::builder("e").likelihood("a", 0.2).likelihood("b", 0.8).likelihood("c", 0.5)).build()?;
    /// let chain = Chain::of(&case)?;
    /// let ids: Vec<&str> = chain.rivals().iter().map(|r| r.hypothesis().as_str()).collect();
    /// assert_eq!(ids, ["c", "a"]);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn rivals(&self) -> &[Rival] {
        &self.rivals
    }
}

/// The rivals of `leader`, each with the prior's weight and every link's.
fn rivals(
    post: &Posterior,
    leader: &HypothesisId,
    groups: &[(Option<&ChainStep>, Vec<usize>)],
    weight_of: &dyn Fn(&[usize], &HypothesisId) -> Option<Decibans>,
) -> Vec<Rival> {
    post.ranking()
        .into_iter()
        .filter(|(h, _)| h.id() != leader)
        .map(|(h, p)| Rival {
            hypothesis: h.id().clone(),
            probability: p,
            prior_weight: post.ledger().prior_weight(leader, h.id()),
            step_weights: groups
                .iter()
                .map(|(_, items)| weight_of(items, h.id()))
                .collect(),
        })
        .collect()
}

impl Link {
    /// The step, or `None` for the items that name no step.
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Chain, Evidence};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B").step("how", "How was it delivered?")
    /// #     .evidence(Evidence::builder("e").likelihood("a", 0.8).likelihood("b", 0.2).step("how")).build()?;
    /// let chain = Chain::of(&case)?;
    /// let link = &chain.links()[0];
    /// assert_eq!(link.step().and_then(|s| s.label()), Some("How was it delivered?"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn step(&self) -> Option<&ChainStep> {
        self.step.as_ref()
    }

    /// Its findings, in the case's order.
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Chain, Evidence};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B").step("how", "How?")
    /// #     .evidence(Evidence::builder("e1").likelihood("a", 0.8).likelihood("b", 0.2).step("how"))
    /// #     .evidence(Evidence::builder("e2").likelihood("a", 0.7).likelihood("b", 0.2).step("how")).build()?;
    /// let chain = Chain::of(&case)?;
    /// let ids: Vec<&str> = chain.links()[0].findings().iter().map(|f| f.evidence().as_str()).collect();
    /// assert_eq!(ids, ["e1", "e2"]);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// The findings' combined weight for the leader against the
    /// runner-up: the sum of their ledger weights (0 for a step without
    /// findings). `None` when a finding's weight is undefined, or when
    /// infinite weights of opposite sign meet.
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Chain, Evidence};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B").step("how", "How?")
    /// #     .evidence(Evidence::builder("e1").likelihood("a", 0.8).likelihood("b", 0.2).step("how"))
    /// #     .evidence(Evidence::builder("e2").likelihood("a", 0.5).likelihood("b", 0.2).step("how")).build()?;
    /// // 4:1 and 2.5:1 together: 10:1
    /// let w = Chain::of(&case)?.links()[0].weight().unwrap();
    /// assert!((w.get() - 10.0).abs() < 1e-12);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn weight(&self) -> Option<Decibans> {
        self.weight
    }

    /// The break-even of the link's findings together ([`BreakEven::items`],
    /// which for a step is [`BreakEven::step`]): the largest discount below
    /// 1 on all their reliabilities at which the verdict changes, or
    /// `None` when no discount does.
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Chain, Evidence};
    /// // one fully reliable 10:1 item, threshold 0.8: at discount d its
    /// // ratio is (0.5 + 0.45 d) / (0.5 - 0.45 d), 4:1 (0.8) at d = 2/3
    /// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B").threshold(0.8)
    ///     .step("how", "How?")
    ///     .evidence(Evidence::builder("e").likelihood("a", 0.95).likelihood("b", 0.05).step("how")).build()?;
    /// let d = Chain::of(&case)?.links()[0].break_even().unwrap().get();
    /// assert!((d - 2.0 / 3.0).abs() < 1e-6);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn break_even(&self) -> Option<Reliability> {
        self.break_even
    }
}

impl Finding {
    /// The item.
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Chain, Evidence};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .evidence(Evidence::builder("e").likelihood("a", 0.8).likelihood("b", 0.2)).build()?;
    /// assert_eq!(Chain::of(&case)?.links()[0].findings()[0].evidence().as_str(), "e");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn evidence(&self) -> &EvidenceId {
        &self.evidence
    }

    /// Its weight for the leader against the runner-up, after its grade
    /// and its group (the ledger's); `None` when it eliminates both.
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Chain, Evidence};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .evidence(Evidence::builder("e").likelihood("a", 0.8).likelihood("b", 0.2).reliability(0.5)).build()?;
    /// // reliability 0.5 (mixture, chance 0.5): 0.65 / 0.35
    /// let w = Chain::of(&case)?.links()[0].findings()[0].weight().unwrap();
    /// assert!((w.ratio() - 0.65 / 0.35).abs() < 1e-12);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn weight(&self) -> Option<Decibans> {
        self.weight
    }

    /// The reliability scoring used for it (docs/model.md section 2).
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Chain, Evidence};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .evidence(Evidence::builder("e").likelihood("a", 0.8).likelihood("b", 0.2).reliability(0.5)).build()?;
    /// let r = Chain::of(&case)?.links()[0].findings()[0].reliability();
    /// assert_eq!(r.map(|r| r.get()), Some(0.5));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn reliability(&self) -> Option<Reliability> {
        self.reliability
    }
}

impl Rival {
    /// The hypothesis.
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Chain, Evidence};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .evidence(Evidence::builder("e").likelihood("a", 0.8).likelihood("b", 0.2)).build()?;
    /// assert_eq!(Chain::of(&case)?.rivals()[0].hypothesis().as_str(), "b");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn hypothesis(&self) -> &HypothesisId {
        &self.hypothesis
    }

    /// Its posterior probability.
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Chain, Evidence};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .evidence(Evidence::builder("e").likelihood("a", 0.9).likelihood("b", 0.1)).build()?;
    /// assert!((Chain::of(&case)?.rivals()[0].probability().get() - 0.1).abs() < 1e-12);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn probability(&self) -> Probability {
        self.probability
    }

    /// The prior's weight for the leader against it (`+inf dB` when its
    /// prior is 0); `None` when both priors are 0.
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Chain, Evidence};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .prior("a", 3.0).prior("b", 1.0)
    /// #     .evidence(Evidence::builder("e").likelihood("a", 0.5).likelihood("b", 0.5)).build()?;
    /// let w = Chain::of(&case)?.rivals()[0].prior_weight().unwrap();
    /// assert!((w.ratio() - 3.0).abs() < 1e-12);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn prior_weight(&self) -> Option<Decibans> {
        self.prior_weight
    }

    /// Each link's weight for the leader against it, in the order of
    /// [`Chain::links`] (as [`Link::weight`], against this hypothesis).
    ///
    /// # Example
    ///
    /// ```
    /// # use attrib::{Case, Chain, Evidence};
    /// # let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B").hypothesis("c", "C")
    /// #     .step("how", "How?")
    /// #     .evidence(Evidence::builder("e").likelihood("a", 0.8).likelihood("b", 0.4).likelihood("c", 0.1).step("how")).build()?;
    /// let chain = Chain::of(&case)?;
    /// let c = chain.rivals().iter().find(|r| r.hypothesis().as_str() == "c").unwrap();
    /// assert!((c.step_weights()[0].unwrap().ratio() - 8.0).abs() < 1e-12);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn step_weights(&self) -> &[Option<Decibans>] {
        &self.step_weights
    }
}

/// # JSON
///
/// `{"leader", "runner_up", "carrier": step id | null, "links": [link],
/// "rivals": [rival]}`: per link its `step` (id, or `null` for the items
/// that name none), `label`, `weight` (decibans for the leader against
/// the runner-up, `null` when infinite or undefined), `break_even` (a
/// reliability, or `null` when no discount changes the verdict) and
/// `findings` (`evidence`, `weight`, `reliability`); per rival its
/// `hypothesis`, `probability`, `prior_weight` and `step_weights` (one per
/// link, in order). What `attrib report --format json` writes under
/// `"chain"` for a case with steps, and Python's `Case.chain()`.
///
/// # Example
///
/// ```
/// # use attrib::{Case, Chain, Evidence};
/// let case = Case::builder().hypothesis("a", "A").hypothesis("b", "B")
///     .step("how", "How was it delivered?")
///     .evidence(Evidence::builder("drop").likelihood("a", 0.5).likelihood("b", 0.05).step("how"))
///     .build()?;
/// let v = serde_json::to_value(Chain::of(&case)?).unwrap();
/// assert_eq!(v["carrier"], "how");
/// assert_eq!(v["links"][0]["label"], "How was it delivered?");
/// let weight = v["links"][0]["findings"][0]["weight"].as_f64().unwrap();
/// assert!((weight - 10.0).abs() < 1e-12); // 10:1 is 10 dB
/// assert_eq!(v["rivals"][0]["hypothesis"], "b");
/// # Ok::<(), attrib::Error>(())
/// ```
impl serde::Serialize for Chain {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(serde::Serialize)]
        struct FindingOut<'a> {
            evidence: &'a EvidenceId,
            weight: Option<Decibans>,
            reliability: Option<Reliability>,
        }
        #[derive(serde::Serialize)]
        struct LinkOut<'a> {
            step: Option<&'a str>,
            label: Option<&'a str>,
            weight: Option<Decibans>,
            break_even: Option<Reliability>,
            findings: Vec<FindingOut<'a>>,
        }
        #[derive(serde::Serialize)]
        struct RivalOut<'a> {
            hypothesis: &'a HypothesisId,
            probability: Probability,
            prior_weight: Option<Decibans>,
            step_weights: &'a [Option<Decibans>],
        }
        #[derive(serde::Serialize)]
        struct Out<'a> {
            leader: &'a HypothesisId,
            runner_up: &'a HypothesisId,
            carrier: Option<&'a str>,
            links: Vec<LinkOut<'a>>,
            rivals: Vec<RivalOut<'a>>,
        }
        Out {
            leader: &self.leader,
            runner_up: &self.runner_up,
            carrier: self.carrier().and_then(|l| l.step()).map(ChainStep::id),
            links: self
                .links
                .iter()
                .map(|l| LinkOut {
                    step: l.step().map(ChainStep::id),
                    label: l.step().and_then(ChainStep::label),
                    weight: l.weight,
                    break_even: l.break_even,
                    findings: l
                        .findings
                        .iter()
                        .map(|f| FindingOut {
                            evidence: &f.evidence,
                            weight: f.weight,
                            reliability: f.reliability,
                        })
                        .collect(),
                })
                .collect(),
            rivals: self
                .rivals
                .iter()
                .map(|r| RivalOut {
                    hypothesis: &r.hypothesis,
                    probability: r.probability,
                    prior_weight: r.prior_weight,
                    step_weights: &r.step_weights,
                })
                .collect(),
        }
        .serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Evidence;

    #[test]
    fn weights_add_up_to_the_posterior_log_odds() {
        // prior weight plus every link's weight is the posterior log-odds
        // of the leader against each rival (docs/model.md section 4)
        let case = Case::builder()
            .hypothesis("a", "A")
            .hypothesis("b", "B")
            .hypothesis("c", "C")
            .prior("a", 2.0)
            .prior("b", 1.0)
            .prior("c", 1.0)
            .step("how", "How?")
            .step("who", "Who?")
            .evidence(
                Evidence::builder("e1")
                    .likelihood("a", 0.8)
                    .likelihood("b", 0.3)
                    .likelihood("c", 0.1)
                    .step("how"),
            )
            .evidence(
                Evidence::builder("e2")
                    .likelihood("a", 0.6)
                    .likelihood("b", 0.5)
                    .likelihood("c", 0.4)
                    .reliability(0.7)
                    .step("who"),
            )
            .evidence(
                Evidence::builder("e3")
                    .likelihood("a", 0.5)
                    .likelihood("b", 0.6)
                    .likelihood("c", 0.5),
            )
            .build()
            .unwrap();
        let chain = Chain::of(&case).unwrap();
        let post = case.score().unwrap();
        assert_eq!(chain.links().len(), 3);
        for r in chain.rivals() {
            let sum: f64 = r.prior_weight().unwrap().get()
                + r.step_weights()
                    .iter()
                    .map(|w| w.unwrap().get())
                    .sum::<f64>();
            let odds = post.ln_odds("a", r.hypothesis()).unwrap() * 10.0 / std::f64::consts::LN_10;
            assert!((sum - odds).abs() < 1e-12, "{sum} vs {odds}");
        }
        // the runner-up's weights are the links' own
        let b = &chain.rivals()[0];
        assert_eq!(b.hypothesis().as_str(), "b");
        for (l, w) in chain.links().iter().zip(b.step_weights()) {
            assert_eq!(l.weight(), *w);
        }
    }

    #[test]
    fn infinite_weights_of_opposite_sign_have_no_total() {
        let inf = Decibans::new(f64::INFINITY).ok();
        let neg = Decibans::new(f64::NEG_INFINITY).ok();
        let three = Decibans::new(3.0).ok();
        assert_eq!(total([inf, neg]), None);
        assert_eq!(total([inf, three]).map(|w| w.get()), Some(f64::INFINITY));
        assert_eq!(total([three, three]).map(|w| w.get()), Some(6.0));
        assert_eq!(total([three, None]), None);
        assert_eq!(total([]).map(|w| w.get()), Some(0.0));
    }
}
