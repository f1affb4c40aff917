//! Dependence groups: items that share an origin and are not independent.

use crate::domain::id::GroupId;
use crate::domain::probability::Correlation;

/// A group of evidence items that share an origin (docs/model.md section 2,
/// step 3). For each hypothesis `h` separately, the items' penalties
/// `p_e(h) = ln max_k l''_e(k) - ln l''_e(h)` are ranked largest first
/// (equal ones by item id) and the `j`-th is weighted `(1 - rho)^j`: with
/// `rho = 0` the items are independent; with `rho = 1` only the most
/// damning item counts against each hypothesis; `k` copies of one report
/// weigh `sum_{j<k} (1 - rho)^j` reports, never more than `1 / rho`.
///
/// # Example
///
/// ```
/// use attrib::Case;
///
/// let case = Case::builder()
///     .hypothesis("a", "A").hypothesis("b", "B")
///     .group("witnesses", 0.5)
///     .build()?;
/// assert_eq!(case.groups()[0].correlation().get(), 0.5);
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub(crate) id: GroupId,
    pub(crate) label: Option<String>,
    pub(crate) correlation: Correlation,
}

impl Group {
    /// The id.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .group("g", 0.5).build()?;
    /// assert_eq!(case.groups()[0].id().as_str(), "g");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn id(&self) -> &GroupId {
        &self.id
    }

    /// The label, if given.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .group("g", 0.5).build()?;
    /// assert_eq!(case.groups()[0].label(), None);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn label(&self) -> Option<&str> {
        self.label.as_deref()
    }

    /// The correlation `rho`.
    ///
    /// # Example
    ///
    /// ```
    /// # let case = attrib::Case::builder().hypothesis("a", "A").hypothesis("b", "B")
    /// #     .group("g", 1.0).build()?;
    /// assert_eq!(case.groups()[0].correlation().get(), 1.0);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn correlation(&self) -> Correlation {
        self.correlation
    }
}
