//! Analysis of Competing Hypotheses (ACH) interop: read an ACH matrix,
//! score it the Bayesian way, and compute the classic ACH scores beside it.
//!
//! Heuer's ACH rates each evidence item against each hypothesis as very
//! consistent (CC), consistent (C), neutral (N), inconsistent (I), very
//! inconsistent (II) or not applicable (NA), with a credibility and a
//! relevance (High / Medium / Low) per item. ACH tools rank hypotheses by
//! counting inconsistencies; they do not give probabilities, and count
//! repeated reports of one source as independent.
//!
//! # The matrix (CSV)
//!
//! One header row, then one row per evidence item. Columns, in any order:
//! `id`, `description`, `credibility`, `relevance` (required), `source` and
//! `group` (optional), and one column per hypothesis, named by its id,
//! holding that item's rating. The file is UTF-8 text (a byte order mark is
//! skipped), read with the [`csv`](https://docs.rs/csv) crate: fields follow
//! RFC 4180, quoted with `"` (a quoted field may hold commas and line
//! breaks, and `""` for a quote), lines end in LF, CRLF or CR, blank lines
//! are skipped, and a quote inside an unquoted field is kept as it stands.
//! Names and cells are trimmed of white space. Ratings and levels are read
//! without regard to case; levels also accept `H`, `M`, `Med` and `L`.
//!
//! ```text
//! id,description,credibility,relevance,source,government,isil,other
//! helicopter,"A helicopter was heard",Medium,High,residents,CC,II,I
//! ```
//!
//! # From ratings to likelihoods ([`Mapping`])
//!
//! A rating is read as the likelihood `P(item | hypothesis)`: by default
//! CC 0.95, C 0.80, N 0.50, I 0.20, II 0.05, the table of T. Schiller, "ACH
//! as Bayesian reasoning in disguise" (2026), which reads ACH as naive Bayes
//! with these likelihoods. It is a starting point, not a measurement: only
//! ratios between a row's likelihoods matter, so CC against II is a factor
//! of 19, C against I a factor of 4, and N is neutral. Override any entry
//! with [`Mapping::likelihood`].
//!
//! **NA** means the item does not bear on that hypothesis. Such a cell gets
//! the mean likelihood of the item over the hypotheses it does bear on: the
//! item then moves that hypothesis only as much as the field on average,
//! neither for nor against it. A row that is NA everywhere is left out of
//! the case.
//!
//! **Credibility** becomes the item's reliability, by the Admiralty table of
//! this crate: High as "usually reliable" (0.875), Medium as "fairly
//! reliable" (0.675), Low as "not usually reliable" (0.325). **Relevance**
//! is a second factor on that reliability: High 1, Medium 0.75, Low 0.5; a
//! less relevant item moves the posterior less (under the mixture weighting
//! it is pulled towards "no information"). Items that name a `group` are put
//! in a dependence group of correlation 0.5 ([`Mapping::group_correlation`]);
//! items that name a `source` get that source, so it can be discounted.
//!
//! # The classic scores ([`ClassicScores`])
//!
//! Computed as the tools compute them (one analyst), so they can be shown
//! side by side:
//!
//! - **PARC ACH 2.0**: inconsistency = sum of II = -2, I = -1, others 0
//!   (higher is more likely); weighted inconsistency multiplies each by a
//!   credibility and a relevance weight, Low 1/sqrt 2, Medium 1, High
//!   sqrt 2.
//! - **C-ACH**: score = sum of II = 2, I = 1 times a credibility weight (High
//!   2, Medium 1, Low 0.5), no relevance weight (lower is more likely); an
//!   item's diagnosticity is minus its unweighted inconsistency points over
//!   all hypotheses (`getDiag` in C-ACH's `class_evidence.php`).
//! - **Open Synthesis**: ratings NA 0, II 1, I 2, N 3, C 4, CC 5, with NA
//!   counted as neutral (3) in the metrics; inconsistency = sum of (3 - m)^2
//!   over cells with m < 3 (lower is more likely); an item's diagnosticity
//!   is the population standard deviation of its ratings across hypotheses
//!   (`metrics.py` in Open Synthesis).
//!
//! # Example
//!
//! ```
//! use attrib::ach::{AchMatrix, Mapping};
//!
//! let matrix = AchMatrix::from_csv("\
//! id,description,credibility,relevance,a,b,other
//! e1,seen,High,High,CC,I,N
//! e2,heard,Medium,Medium,C,C,I
//! ")?;
//! let case = matrix.to_case(&Mapping::default())?;
//! let post = case.score()?;
//! assert_eq!(post.leader().id().as_str(), "a");
//! let classic = matrix.classic();
//! assert_eq!(classic.parc, [0.0, -1.0, -1.0]);
//! # Ok::<(), attrib::Error>(())
//! ```

use crate::domain::case::Case;
use crate::domain::evidence::Evidence;
use crate::domain::probability::{Correlation, Probability};
use crate::error::Detail;
use crate::error::{Error, Quoted};
use crate::scoring::posterior::Posterior;
use std::collections::{BTreeSet, HashSet};
use std::fmt;
use std::str::FromStr;

use crate::format::file::{MAX_FILE_BYTES, read_bytes};

/// An ACH consistency rating.
///
/// # Example
///
/// ```
/// use attrib::ach::Rating;
///
/// assert_eq!("ii".parse::<Rating>()?, Rating::VeryInconsistent);
/// assert_eq!(Rating::Consistent.to_string(), "C");
/// assert!("X".parse::<Rating>().is_err());
/// # Ok::<(), String>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rating {
    /// CC.
    VeryConsistent,
    /// C.
    Consistent,
    /// N.
    Neutral,
    /// I.
    Inconsistent,
    /// II.
    VeryInconsistent,
    /// NA: the item does not bear on the hypothesis.
    NotApplicable,
}

impl Rating {
    /// PARC ACH points: II -2, I -1, others 0.
    fn parc(self) -> f64 {
        match self {
            Rating::VeryInconsistent => -2.0,
            Rating::Inconsistent => -1.0,
            _ => 0.0,
        }
    }

    /// Open Synthesis value, with NA counted as neutral as its metrics do.
    fn open_synthesis(self) -> f64 {
        match self {
            Rating::VeryInconsistent => 1.0,
            Rating::Inconsistent => 2.0,
            Rating::Neutral | Rating::NotApplicable => 3.0,
            Rating::Consistent => 4.0,
            Rating::VeryConsistent => 5.0,
        }
    }
}

impl FromStr for Rating {
    type Err = String;

    fn from_str(s: &str) -> Result<Rating, String> {
        // Compared without regard to ASCII case, in place: a cell read
        // makes no string of its own (four or more per row of a matrix).
        let t = s.trim();
        let is = |name: &str| t.eq_ignore_ascii_case(name);
        match () {
            () if is("CC") => Ok(Rating::VeryConsistent),
            () if is("C") => Ok(Rating::Consistent),
            () if is("N") => Ok(Rating::Neutral),
            () if is("I") => Ok(Rating::Inconsistent),
            () if is("II") => Ok(Rating::VeryInconsistent),
            () if is("NA") => Ok(Rating::NotApplicable),
            () => Err(format!(
                "rating is \"{}\", must be one of CC, C, N, I, II, NA",
                Quoted(s.trim())
            )),
        }
    }
}

impl fmt::Display for Rating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Rating::VeryConsistent => "CC",
            Rating::Consistent => "C",
            Rating::Neutral => "N",
            Rating::Inconsistent => "I",
            Rating::VeryInconsistent => "II",
            Rating::NotApplicable => "NA",
        })
    }
}

/// A credibility or relevance level.
///
/// # Example
///
/// ```
/// use attrib::ach::Level;
///
/// assert_eq!("med".parse::<Level>()?, Level::Medium);
/// # Ok::<(), String>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    /// High.
    High,
    /// Medium.
    Medium,
    /// Low.
    Low,
}

impl Level {
    fn index(self) -> usize {
        match self {
            Level::High => 0,
            Level::Medium => 1,
            Level::Low => 2,
        }
    }

    /// PARC ACH weight: Low 1/sqrt 2, Medium 1, High sqrt 2.
    fn parc(self) -> f64 {
        match self {
            Level::High => std::f64::consts::SQRT_2,
            Level::Medium => 1.0,
            Level::Low => std::f64::consts::FRAC_1_SQRT_2,
        }
    }

    /// C-ACH credibility weight: High 2, Medium 1, Low 0.5.
    fn cach(self) -> f64 {
        match self {
            Level::High => 2.0,
            Level::Medium => 1.0,
            Level::Low => 0.5,
        }
    }
}

impl FromStr for Level {
    type Err = String;

    fn from_str(s: &str) -> Result<Level, String> {
        // As a rating: compared in place, without a string of its own.
        let t = s.trim();
        let is = |names: &[&str]| names.iter().any(|n| t.eq_ignore_ascii_case(n));
        match () {
            () if is(&["high", "h"]) => Ok(Level::High),
            () if is(&["medium", "med", "m"]) => Ok(Level::Medium),
            () if is(&["low", "l"]) => Ok(Level::Low),
            () => Err(format!(
                "level is \"{}\", must be one of High, Medium, Low",
                Quoted(s.trim())
            )),
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::High => "High",
            Level::Medium => "Medium",
            Level::Low => "Low",
        })
    }
}

/// How a matrix becomes a case: likelihoods per rating, reliability per
/// credibility, a factor per relevance, and the correlation of groups.
/// See the module docs for the defaults and where they come from.
///
/// # Example
///
/// ```
/// use attrib::ach::{AchMatrix, Level, Mapping, Rating};
///
/// let m = Mapping::default()
///     .likelihood(Rating::VeryConsistent, 0.99)
///     .credibility(Level::Low, 0.2)
///     .relevance(Level::Low, 0.3)
///     .group_correlation(1.0);
/// let matrix = AchMatrix::from_csv("id,description,credibility,relevance,a,b\ne,d,Low,Low,CC,II\n")?;
/// let case = matrix.to_case(&m)?;
/// // the item's reliability is credibility x relevance
/// assert!((case.reliability("e").unwrap().get() - 0.2 * 0.3).abs() < 1e-15);
/// assert_ne!(m, Mapping::default());
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[must_use]
pub struct Mapping {
    /// CC, C, N, I, II.
    likelihoods: [f64; 5],
    /// High, Medium, Low.
    credibility: [f64; 3],
    /// High, Medium, Low.
    relevance: [f64; 3],
    group_correlation: f64,
}

impl Default for Mapping {
    fn default() -> Self {
        Mapping {
            likelihoods: [0.95, 0.80, 0.50, 0.20, 0.05],
            credibility: [0.875, 0.675, 0.325],
            relevance: [1.0, 0.75, 0.5],
            group_correlation: 0.5,
        }
    }
}

impl Mapping {
    /// Sets the likelihood a rating stands for (checked, in `0..=1`, when
    /// the mapping is used). NA has no likelihood of its own: setting it
    /// has no effect.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::ach::{AchMatrix, Mapping, Rating};
    ///
    /// let matrix = AchMatrix::from_csv("id,description,credibility,relevance,a,b\ne,d,High,High,N,C\n")?;
    /// let neutral = Mapping::default().likelihood(Rating::Neutral, 0.4);
    /// let case = matrix.to_case(&neutral)?;
    /// let l = case.evidence()[0].likelihoods()[0]; // the rating of `a`: N
    /// assert_eq!(l.midpoint().get(), 0.4);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn likelihood(mut self, rating: Rating, p: f64) -> Self {
        let i = match rating {
            Rating::VeryConsistent => 0,
            Rating::Consistent => 1,
            Rating::Neutral => 2,
            Rating::Inconsistent => 3,
            Rating::VeryInconsistent => 4,
            Rating::NotApplicable => return self,
        };
        self.likelihoods[i] = p;
        self
    }

    /// Sets the reliability a credibility level stands for.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::ach::{AchMatrix, Level, Mapping};
    ///
    /// let matrix = AchMatrix::from_csv("id,description,credibility,relevance,a,b\ne,d,High,High,CC,II\n")?;
    /// let case = matrix.to_case(&Mapping::default().credibility(Level::High, 0.95))?;
    /// // High relevance keeps the factor 1
    /// assert_eq!(case.reliability("e").unwrap().get(), 0.95);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn credibility(mut self, level: Level, r: f64) -> Self {
        self.credibility[level.index()] = r;
        self
    }

    /// Sets the factor a relevance level puts on reliability.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::ach::{AchMatrix, Level, Mapping};
    ///
    /// let matrix = AchMatrix::from_csv("id,description,credibility,relevance,a,b\ne,d,High,Medium,CC,II\n")?;
    /// let case = matrix.to_case(&Mapping::default().relevance(Level::Medium, 0.8))?;
    /// // High credibility (0.875) x Medium relevance, now 0.8
    /// assert!((case.reliability("e").unwrap().get() - 0.875 * 0.8).abs() < 1e-15);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn relevance(mut self, level: Level, factor: f64) -> Self {
        self.relevance[level.index()] = factor;
        self
    }

    /// Sets the correlation of the groups named in the `group` column.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::ach::{AchMatrix, Mapping};
    ///
    /// let matrix = AchMatrix::from_csv(
    ///     "id,description,credibility,relevance,group,a,b\ne,d,High,High,echo,CC,II\n",
    /// )?;
    /// let case = matrix.to_case(&Mapping::default().group_correlation(0.8))?;
    /// assert_eq!(case.groups()[0].correlation().get(), 0.8);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn group_correlation(mut self, rho: f64) -> Self {
        self.group_correlation = rho;
        self
    }

    fn rating(&self, r: Rating) -> Option<f64> {
        match r {
            Rating::VeryConsistent => Some(self.likelihoods[0]),
            Rating::Consistent => Some(self.likelihoods[1]),
            Rating::Neutral => Some(self.likelihoods[2]),
            Rating::Inconsistent => Some(self.likelihoods[3]),
            Rating::VeryInconsistent => Some(self.likelihoods[4]),
            Rating::NotApplicable => None,
        }
    }

    fn check(&self) -> Result<(), Error> {
        let unit = |x: f64, what: String| -> Result<(), Error> {
            Probability::new(x).map(|_| ()).map_err(|_| {
                Error::from(Detail::OutOfRange {
                    item: crate::error::Item::Value,
                    field: what,
                    value: x,
                    expected: "0..=1",
                })
            })
        };
        for (x, r) in self.likelihoods.iter().zip(["CC", "C", "N", "I", "II"]) {
            unit(*x, format!("likelihood of rating {r}"))?;
        }
        for (x, l) in self.credibility.iter().zip(["High", "Medium", "Low"]) {
            unit(*x, format!("reliability of credibility {l}"))?;
        }
        for (x, l) in self.relevance.iter().zip(["High", "Medium", "Low"]) {
            unit(*x, format!("factor of relevance {l}"))?;
        }
        Correlation::new(self.group_correlation)
            .map(|_| ())
            .map_err(|_| {
                Error::from(Detail::OutOfRange {
                    item: crate::error::Item::Value,
                    field: "group correlation".into(),
                    value: self.group_correlation,
                    expected: "0..=1",
                })
            })
    }
}

/// One evidence row of an ACH matrix.
///
/// # Example
///
/// ```
/// # let m = attrib::ach::AchMatrix::from_csv("id,description,credibility,relevance,a,b\ne,d,High,Low,C,I\n")?;
/// let row = &m.rows()[0];
/// assert_eq!(row.id, "e");
/// assert_eq!(row.ratings, [attrib::ach::Rating::Consistent, attrib::ach::Rating::Inconsistent]);
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct AchRow {
    /// The item's id.
    pub id: String,
    /// Its description.
    pub description: String,
    /// Its credibility.
    pub credibility: Level,
    /// Its relevance.
    pub relevance: Level,
    /// Its source, if given.
    pub source: Option<String>,
    /// Its dependence group, if given.
    pub group: Option<String>,
    /// One rating per hypothesis, in the matrix's order.
    pub ratings: Vec<Rating>,
}

/// An ACH matrix: hypotheses and rated evidence rows.
///
/// # Example
///
/// ```
/// use attrib::ach::AchMatrix;
///
/// let m = AchMatrix::from_csv("id,description,credibility,relevance,a,b\ne,d,High,Low,C,I\n")?;
/// assert_eq!(m.hypotheses(), ["a", "b"]);
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct AchMatrix {
    hypotheses: Vec<String>,
    rows: Vec<AchRow>,
}

const REQUIRED: [&str; 4] = ["id", "description", "credibility", "relevance"];
const OPTIONAL: [&str; 2] = ["source", "group"];

/// The line break and quote [`records`] appends to the input, to tell a
/// quoted field that is never closed.
const SENTINEL: &[u8] = b"\n\"";

/// The records of a matrix, read with the `csv` crate (RFC 4180); blank
/// lines are left out, so that record `k` is row `k + 1`.
///
/// A quoted field that is never closed runs to the end of the input, and
/// the `csv` crate, which reads any input, returns it as it stands. To tell,
/// the input is read with [`SENTINEL`] appended: when every quote is
/// closed, its line break ends the last record and its quote opens one
/// more, a single empty field, which is dropped; when a quote is left open,
/// both go into that field and close it, so the last record is the file's
/// own, its last field ending in a line break. The whole file is read
/// before any row is checked, so that a quote never closed is reported
/// first, whichever row it is in.
fn records(bytes: &[u8]) -> Result<Vec<csv::ByteRecord>, Error> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(std::io::Read::chain(bytes, SENTINEL));
    let blank = |r: &csv::ByteRecord| {
        r.len() == 1
            && r.get(0)
                .and_then(|f| std::str::from_utf8(f).ok())
                .is_some_and(|f| f.trim().is_empty())
    };
    let mut out = Vec::new();
    let mut last: Option<csv::ByteRecord> = None;
    for record in reader.byte_records() {
        // Reading bytes from memory, with records of any length, the `csv`
        // crate has no error to report; should it have one, it names the row.
        let record = record.map_err(|e| {
            Error::from(Detail::Matrix {
                row: out.len() + 1,
                column: "(row)".into(),
                message: format!("the CSV reader failed: {e}"),
            })
        })?;
        if let Some(previous) = last.replace(record)
            && !blank(&previous)
        {
            out.push(previous);
        }
    }
    match last {
        Some(r) if r.len() != 1 || r.get(0) != Some(b"") => Err(Error::from(Detail::Matrix {
            row: out.len() + 1,
            column: format!("#{}", r.len()),
            message: "a quoted field is never closed".into(),
        })),
        _ => Ok(out),
    }
}

/// The distinct strings of `values`, in the order of `str` (the order a
/// `BTreeSet` of them iterates in): sorted with each string's first eight
/// bytes as a number beside it, so that most comparisons read no string
/// (a source per row of a large matrix: one sort of the rows' sources
/// instead of a tree of them).
fn sorted_distinct<'a>(values: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    // The first eight bytes, zero-padded, big-endian: a < b as strings
    // gives prefix(a) <= prefix(b), so (prefix, string) sorts as the
    // strings do.
    let prefix = |s: &str| {
        let mut b = [0u8; 8];
        for (d, &c) in b.iter_mut().zip(s.as_bytes()) {
            *d = c;
        }
        u64::from_be_bytes(b)
    };
    let mut keyed: Vec<(u64, &str)> = values.map(|s| (prefix(s), s)).collect();
    keyed.sort_unstable();
    keyed.dedup_by(|a, b| a.1 == b.1);
    keyed.into_iter().map(|(_, s)| s).collect()
}

/// A field as text, or what is wrong with it.
fn utf8(field: &[u8]) -> Result<&str, String> {
    std::str::from_utf8(field).map_err(|e| {
        format!(
            "the field is not UTF-8 text (invalid byte at offset {} of the field); save the file as UTF-8",
            e.valid_up_to()
        )
    })
}

impl AchMatrix {
    /// The matrix scored both ways, as one JSON object (feature `json`):
    /// the scored case as `attrib score --format json` prints it
    /// ([`report::Scored`](crate::report::Scored)), `classic` (the
    /// [`ClassicScores`]) and `disagreements`. What `attrib ach --format
    /// json` prints.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::ach::{AchMatrix, Mapping};
    ///
    /// let m = AchMatrix::from_csv("id,description,credibility,relevance,a,b\n\
    ///                              e1,seen,High,High,C,I\n")?;
    /// let case = m.to_case(&Mapping::default())?;
    /// let v = m.json(&case, &case.score()?);
    /// assert_eq!(v["leader"], "a");
    /// assert_eq!(v["classic"]["rankings"]["PARC ACH"][0], "a");
    /// # Ok::<(), attrib::Error>(())
    /// ```
    #[cfg(feature = "json")]
    pub fn json(&self, case: &Case, post: &Posterior) -> serde_json::Value {
        serde_json::to_value(self.scored(case, post)).unwrap_or(serde_json::Value::Null)
    }

    /// The matrix scored both ways, to serialize (feature `json`): the
    /// object [`AchMatrix::json`] builds, written by any serializer
    /// without a tree of values between (`attrib ach --format json`
    /// writes it with [`report::sorted_json`](crate::report::sorted_json)).
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::ach::{AchMatrix, Mapping};
    ///
    /// let m = AchMatrix::from_csv("id,description,credibility,relevance,a,b\n\
    ///                              e1,seen,High,High,C,I\n")?;
    /// let case = m.to_case(&Mapping::default())?;
    /// let post = case.score()?;
    /// let text = attrib::report::sorted_json(&m.scored(&case, &post))?;
    /// assert!(text.contains("\"disagreements\": []"));
    /// assert_eq!(serde_json::from_str::<serde_json::Value>(&text)?, m.json(&case, &post));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(feature = "json")]
    pub fn scored<'a>(&self, case: &'a Case, post: &'a Posterior) -> AchScored<'a> {
        let classic = self.classic();
        AchScored {
            disagreements: self.disagreements_with(&classic, post),
            classic,
            scored: crate::report::Scored::new(case, post),
        }
    }

    /// Reads a matrix from a CSV file, as [`AchMatrix::from_csv_bytes`]
    /// reads its bytes. Like a case file, the file is read up to 1 GiB: a
    /// larger one, or an endless one (`/dev/zero`), is refused rather than
    /// read until memory runs out. `attrib ach` reads matrices with it.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`](crate::ErrorKind::Io) when the file cannot be read or is larger than 1 GiB;
    /// otherwise those of [`AchMatrix::from_csv_bytes`], after the file's
    /// path ([`Error::file`]).
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::ach::AchMatrix;
    ///
    /// let path = std::env::temp_dir().join("attrib-doc-matrix.csv");
    /// std::fs::write(&path, "id,description,credibility,relevance,a,b\ne,d,High,Low,C,I\n").unwrap();
    /// assert_eq!(AchMatrix::from_path(&path)?.rows()[0].id, "e");
    /// let err = AchMatrix::from_path("/nonexistent/matrix.csv").unwrap_err();
    /// assert!(err.to_string().starts_with("cannot read '/nonexistent/matrix.csv'"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn from_path(path: impl AsRef<std::path::Path>) -> Result<AchMatrix, Error> {
        let path = path.as_ref();
        let bytes = read_bytes(path, MAX_FILE_BYTES)?;
        AchMatrix::from_csv_bytes(&bytes).map_err(|e| e.in_file(&path.display().to_string()))
    }

    /// Reads a matrix from CSV text (see the module docs for the format).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Matrix`](crate::ErrorKind::Matrix), naming the row and column, for a missing required
    /// column, a duplicate column, no hypothesis column, a row with the
    /// wrong number of fields, an empty or duplicate id, an unknown rating
    /// or level, or a quoted field that is never closed.
    ///
    /// # Example
    ///
    /// ```
    /// let err = attrib::ach::AchMatrix::from_csv("id,description,credibility,relevance,a,b\ne,d,High,Low,C,X\n")
    ///     .unwrap_err();
    /// assert_eq!(err.to_string(), "row 2, column 'b': rating is \"X\", must be one of CC, C, N, I, II, NA");
    /// ```
    pub fn from_csv(text: &str) -> Result<AchMatrix, Error> {
        AchMatrix::from_csv_bytes(text.as_bytes())
    }

    /// Reads a matrix from the bytes of a CSV file, which must be UTF-8
    /// text (a byte order mark is skipped); as [`AchMatrix::from_csv`]
    /// otherwise.
    ///
    /// # Errors
    ///
    /// Those of [`AchMatrix::from_csv`], and [`ErrorKind::Matrix`](crate::ErrorKind::Matrix), naming the
    /// row and column, for a field that is not UTF-8.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::ach::AchMatrix;
    ///
    /// let m = AchMatrix::from_csv_bytes(b"id,description,credibility,relevance,a,b\ne,d,High,Low,C,I\n")?;
    /// assert_eq!(m.rows()[0].id, "e");
    /// // "caf\xe9" is Latin-1, not UTF-8
    /// let err = AchMatrix::from_csv_bytes(b"id,description,credibility,relevance,a,b\ne,caf\xe9,High,Low,C,I\n")
    ///     .unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "row 2, column 'description': the field is not UTF-8 text (invalid byte at offset 3 of the field); save the file as UTF-8"
    /// );
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn from_csv_bytes(bytes: &[u8]) -> Result<AchMatrix, Error> {
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        let all = records(bytes)?;
        let mut records = all.iter().zip(1..);
        let Some((header, _)) = records.next() else {
            return Err(Error::from(Detail::Matrix {
                row: 1,
                column: "(header)".into(),
                message: "the file is empty; it needs a header row".into(),
            }));
        };
        let header = header
            .iter()
            .enumerate()
            .map(|(i, h)| {
                utf8(h).map(|h| h.trim().to_string()).map_err(|message| {
                    Error::from(Detail::Matrix {
                        row: 1,
                        column: format!("#{}", i + 1),
                        message,
                    })
                })
            })
            .collect::<Result<Vec<String>, Error>>()?;
        let find = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
        for name in REQUIRED {
            if find(name).is_none() {
                return Err(Error::from(Detail::Matrix {
                    row: 1,
                    column: name.into(),
                    message: format!(
                        "the required column '{name}' is missing (required: {})",
                        REQUIRED.join(", ")
                    ),
                }));
            }
        }
        let mut seen = BTreeSet::new();
        for (i, h) in header.iter().enumerate() {
            if h.is_empty() {
                return Err(Error::from(Detail::Matrix {
                    row: 1,
                    column: format!("#{}", i + 1),
                    message: "a column has no name".into(),
                }));
            }
            if !seen.insert(h.to_ascii_lowercase()) {
                return Err(Error::from(Detail::Matrix {
                    row: 1,
                    column: h.clone(),
                    message: "the column appears more than once".into(),
                }));
            }
        }
        let is_known = |h: &str| {
            REQUIRED
                .iter()
                .chain(&OPTIONAL)
                .any(|k| k.eq_ignore_ascii_case(h))
        };
        let hyp_cols: Vec<usize> = (0..header.len())
            .filter(|&i| !is_known(&header[i]))
            .collect();
        if hyp_cols.len() < 2 {
            return Err(Error::from(Detail::Matrix {
                row: 1,
                column: "(header)".into(),
                message: format!(
                    "an ACH matrix needs at least 2 hypothesis columns besides {}, found {}",
                    REQUIRED
                        .iter()
                        .chain(&OPTIONAL)
                        .copied()
                        .collect::<Vec<_>>()
                        .join(", "),
                    hyp_cols.len()
                ),
            }));
        }
        let col = |name: &str| find(name).unwrap_or(usize::MAX);
        let (c_id, c_desc, c_cred, c_rel) = (
            col("id"),
            col("description"),
            col("credibility"),
            col("relevance"),
        );
        let (c_src, c_grp) = (find("source"), find("group"));
        let mut rows = Vec::with_capacity(all.len());
        // The ids seen, borrowed from the records (a set of the rows' own
        // strings, not of copies).
        let mut ids: HashSet<&str> = HashSet::with_capacity(all.len());
        // A row's cells, borrowed from its record: one list for every row.
        let mut cells: Vec<&str> = Vec::with_capacity(header.len());
        for (rec, row) in records {
            if rec.len() != header.len() {
                return Err(Error::from(Detail::Matrix {
                    row,
                    column: header
                        .get(rec.len().min(header.len().saturating_sub(1)))
                        .cloned()
                        .unwrap_or_default(),
                    message: format!(
                        "the row has {} fields, the header {}",
                        rec.len(),
                        header.len()
                    ),
                }));
            }
            let at = |c: usize, message: String| {
                Error::from(Detail::Matrix {
                    row,
                    column: header.get(c).cloned().unwrap_or_default(),
                    message,
                })
            };
            cells.clear();
            for (c, f) in rec.iter().enumerate() {
                cells.push(utf8(f).map(str::trim).map_err(|m| at(c, m))?);
            }
            let get = |c: usize| cells.get(c).copied().unwrap_or_default();
            let id = get(c_id);
            if id.is_empty() {
                return Err(at(c_id, "the id is empty".into()));
            }
            if !ids.insert(id) {
                return Err(at(c_id, format!("the id '{id}' appears more than once")));
            }
            let id = id.to_string();
            let credibility = get(c_cred).parse::<Level>().map_err(|m| at(c_cred, m))?;
            let relevance = get(c_rel).parse::<Level>().map_err(|m| at(c_rel, m))?;
            let optional =
                |c: Option<usize>| c.map(get).filter(|s| !s.is_empty()).map(str::to_string);
            let mut ratings = Vec::with_capacity(hyp_cols.len());
            for &c in &hyp_cols {
                ratings.push(get(c).parse::<Rating>().map_err(|m| at(c, m))?);
            }
            rows.push(AchRow {
                id,
                description: get(c_desc).to_string(),
                credibility,
                relevance,
                source: optional(c_src),
                group: optional(c_grp),
                ratings,
            });
        }
        Ok(AchMatrix {
            hypotheses: hyp_cols.iter().map(|&c| header[c].clone()).collect(),
            rows,
        })
    }

    /// The hypotheses (the rating columns), in the file's order.
    ///
    /// # Example
    ///
    /// ```
    /// # let m = attrib::ach::AchMatrix::from_csv("id,description,credibility,relevance,a,b\ne,d,High,Low,C,I\n")?;
    /// assert_eq!(m.hypotheses().len(), 2);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn hypotheses(&self) -> &[String] {
        &self.hypotheses
    }

    /// The evidence rows, in the file's order.
    ///
    /// # Example
    ///
    /// ```
    /// # let m = attrib::ach::AchMatrix::from_csv("id,description,credibility,relevance,a,b\ne,d,High,Low,C,I\n")?;
    /// assert_eq!(m.rows().len(), 1);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn rows(&self) -> &[AchRow] {
        &self.rows
    }

    /// The likelihoods of one row, by the mapping and the NA rule; `None`
    /// when every cell is NA.
    fn likelihoods(&self, row: &AchRow, mapping: &Mapping) -> Option<Vec<f64>> {
        // The mean of the applicable cells, summed in order as before,
        // without a list of them.
        let applicable = || row.ratings.iter().filter_map(|&r| mapping.rating(r));
        let count = applicable().count();
        if count == 0 {
            return None;
        }
        let mean = applicable().sum::<f64>() / count as f64;
        Some(
            row.ratings
                .iter()
                .map(|&r| mapping.rating(r).unwrap_or(mean))
                .collect(),
        )
    }

    /// An item's rationale: its row's ratings, credibility and relevance,
    /// written into one string.
    fn rationale(&self, row: &AchRow) -> String {
        use std::fmt::Write;
        // Sized for the whole text at once rather than grown: besides the
        // names, at most 5 bytes per rating (", ", " " and "II") and 50
        // around them ("ACH ratings ", "; credibility Medium, relevance
        // Medium").
        let names: usize = self.hypotheses.iter().map(String::len).sum();
        let mut text = String::with_capacity(names + 5 * row.ratings.len() + 50);
        text.push_str("ACH ratings ");
        for (k, (h, r)) in self.hypotheses.iter().zip(&row.ratings).enumerate() {
            let comma = if k == 0 { "" } else { ", " };
            let _ = write!(text, "{comma}{h} {r}");
        }
        let _ = write!(
            text,
            "; credibility {}, relevance {}",
            row.credibility, row.relevance
        );
        text
    }

    /// Builds the case: one hypothesis per rating column (uniform prior),
    /// one item per row with the likelihoods, reliability and group of the
    /// mapping (see the module docs); rows that are NA everywhere are left
    /// out.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) when the mapping holds a number outside
    /// `0..=1`; any error the case raises (a hypothesis column that is not
    /// a valid id, a row whose likelihoods are all 0 under a mapping with
    /// zeros), naming the item.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::ach::{AchMatrix, Mapping};
    ///
    /// let m = AchMatrix::from_csv("id,description,credibility,relevance,a,b\ne,d,High,High,CC,II\n")?;
    /// let case = m.to_case(&Mapping::default())?;
    /// // High credibility (0.875) x High relevance (1): l' = 0.875 l + 0.125 * 0.5
    /// let p = case.score()?.probability("a").unwrap().get();
    /// let (a, b) = (0.875 * 0.95 + 0.0625, 0.875 * 0.05 + 0.0625);
    /// assert!((p - a / (a + b)).abs() < 1e-15);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn to_case(&self, mapping: &Mapping) -> Result<Case, Error> {
        mapping.check()?;
        let mut b = Case::builder().title("ACH matrix");
        for h in &self.hypotheses {
            b = b.hypothesis(h.clone(), h.clone());
        }
        let sources = sorted_distinct(self.rows.iter().filter_map(|r| r.source.as_deref()));
        b.0.sources.reserve(sources.len());
        for s in sources {
            // The reliability is on each item; the source is there to be discounted.
            b = b.source(s, s, 1.0);
        }
        let groups = sorted_distinct(self.rows.iter().filter_map(|r| r.group.as_deref()));
        for g in groups {
            b = b.group(g, mapping.group_correlation);
        }
        // The items' list is left to grow as it fills, not reserved: grown
        // by doubling, a large one is a mapping of its own, given back to
        // the system once the items are checked; reserved at once, it came
        // from the heap and stayed (peak memory of `attrib ach` on the
        // 100 000 rows of growth.sh's ach-own-4x100000.csv: 327 MB
        // reserved, 312 MB not; `/usr/bin/time -f %M`).
        for row in &self.rows {
            let Some(ls) = self.likelihoods(row, mapping) else {
                continue;
            };
            let mut e = Evidence::builder(row.id.clone())
                .description(row.description.clone())
                .reliability(
                    mapping.credibility[row.credibility.index()]
                        * mapping.relevance[row.relevance.index()],
                )
                .rationale(self.rationale(row));
            for (h, l) in self.hypotheses.iter().zip(ls) {
                e = e.likelihood(h.clone(), l);
            }
            if let Some(s) = &row.source {
                e = e.source(s.clone());
            }
            if let Some(g) = &row.group {
                e = e.group(g.clone());
            }
            b = b.evidence(e);
        }
        b.build()
    }

    /// The classic ACH scores (see the module docs).
    ///
    /// # Example
    ///
    /// ```
    /// # let m = attrib::ach::AchMatrix::from_csv("id,description,credibility,relevance,a,b\ne,d,High,Low,C,II\n")?;
    /// let c = m.classic();
    /// assert_eq!(c.parc, [0.0, -2.0]);
    /// assert_eq!(c.cach, [0.0, 4.0]); // II = 2 times High = 2
    /// assert_eq!(c.open_synthesis, [0.0, 4.0]); // (3 - 1)^2
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn classic(&self) -> ClassicScores {
        let n = self.hypotheses.len();
        let mut s = ClassicScores {
            hypotheses: self.hypotheses.clone(),
            parc: vec![0.0; n],
            parc_weighted: vec![0.0; n],
            cach: vec![0.0; n],
            open_synthesis: vec![0.0; n],
            cach_diagnosticity: Vec::with_capacity(self.rows.len()),
            open_synthesis_diagnosticity: Vec::with_capacity(self.rows.len()),
        };
        for row in &self.rows {
            let w = row.credibility.parc() * row.relevance.parc();
            let mut points = 0.0;
            for (h, &r) in row.ratings.iter().enumerate() {
                s.parc[h] += r.parc();
                s.parc_weighted[h] += r.parc() * w;
                s.cach[h] += -r.parc() * row.credibility.cach();
                let m = r.open_synthesis();
                if m < 3.0 {
                    s.open_synthesis[h] += (3.0 - m) * (3.0 - m);
                }
                points += -r.parc();
            }
            s.cach_diagnosticity.push((row.id.clone(), 0.0 - points));
            let values: Vec<f64> = row.ratings.iter().map(|r| r.open_synthesis()).collect();
            let mean = values.iter().sum::<f64>() / values.len() as f64;
            let var =
                values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / values.len() as f64;
            s.open_synthesis_diagnosticity
                .push((row.id.clone(), var.sqrt()));
        }
        s
    }

    /// Where the Bayesian ranking and each classic ranking disagree, and
    /// why, item by item: for each tool whose most likely hypothesis
    /// differs from the posterior's leader, the items whose weight of
    /// evidence between the two most separates the views (an item the tool
    /// scores the same for both but the posterior does not, or the other way
    /// round); and, always, reports of one source outside any group, which
    /// both views count as independent.
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::ach::{AchMatrix, Mapping};
    ///
    /// // b has no inconsistency, but a is very consistent with strong evidence.
    /// let m = AchMatrix::from_csv("\
    /// id,description,credibility,relevance,a,b
    /// strong,d,High,High,CC,N
    /// weak,d,Low,Low,I,C
    /// ")?;
    /// let post = m.to_case(&Mapping::default())?.score()?;
    /// let notes = m.disagreements(&post);
    /// assert!(notes.iter().any(|n| n.contains("strong")));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn disagreements(&self, posterior: &Posterior) -> Vec<String> {
        self.disagreements_with(&self.classic(), posterior)
    }

    /// Each row's place among `posterior`'s items: the rows in order, the
    /// items of [`AchMatrix::to_case`] in the same order without the rows
    /// left out, so one pass matches them. When every item is matched so,
    /// a row left unmatched has no item (ids are unique); otherwise (a
    /// posterior of another case) each id is looked up.
    fn item_places(&self, posterior: &Posterior) -> Vec<Option<usize>> {
        let items = &posterior.evidence;
        let mut next = 0;
        let places: Vec<Option<usize>> = self
            .rows
            .iter()
            .map(|row| match items.get(next) {
                Some(id) if id.as_str() == row.id => {
                    next += 1;
                    Some(next - 1)
                }
                _ => None,
            })
            .collect();
        if next == items.len() {
            return places;
        }
        self.rows
            .iter()
            .map(|row| posterior.evidence_index(&row.id))
            .collect()
    }

    /// [`AchMatrix::disagreements`] with the classic scores computed
    /// already ([`AchMatrix::classic`]), so that a caller that shows both
    /// computes them once (`attrib ach` does).
    ///
    /// # Example
    ///
    /// ```
    /// use attrib::ach::{AchMatrix, Mapping};
    ///
    /// let m = AchMatrix::from_csv("\
    /// id,description,credibility,relevance,source,a,b
    /// strong,d,High,High,,CC,N
    /// weak,d,Low,Low,,I,C
    /// r1,d,Medium,Medium,radio,C,C
    /// r2,d,Medium,Medium,radio,C,C
    /// ")?;
    /// let post = m.to_case(&Mapping::default())?.score()?;
    /// let classic = m.classic();
    /// let notes = m.disagreements_with(&classic, &post);
    /// assert_eq!(notes, m.disagreements(&post));
    /// assert!(notes.iter().any(|n| n.starts_with("2 reports of source 'radio' (r1, r2)")));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn disagreements_with(
        &self,
        classic: &ClassicScores,
        posterior: &Posterior,
    ) -> Vec<String> {
        let leader = posterior.leader().id().as_str().to_string();
        let mut notes = Vec::new();
        let ledger = posterior.ledger();
        let mut places = None;
        for (tool, top) in classic.leaders() {
            if top == leader {
                continue;
            }
            let (hl, ht) = (
                self.hypotheses.iter().position(|h| *h == leader),
                self.hypotheses.iter().position(|h| *h == top),
            );
            let (Some(hl), Some(ht)) = (hl, ht) else {
                continue;
            };
            let (Some(pl), Some(pt)) = (posterior.index(&leader), posterior.index(&top)) else {
                continue;
            };
            // Each disagreeing row's weight and whether the classic count
            // ignores it (else the posterior discounts it): only the five
            // heaviest are written out.
            let places = places.get_or_insert_with(|| self.item_places(posterior));
            let mut items = Vec::new();
            for (row, &place) in self.rows.iter().zip(places.iter()) {
                let Some(w) = place.and_then(|e| ledger.weight_at(e, pl, pt)) else {
                    continue;
                };
                let (rl, rt) = (row.ratings[hl], row.ratings[ht]);
                let classic_gap = rl.parc() - rt.parc();
                let ignored = classic_gap == 0.0 && w.get().abs() >= 1.0;
                if ignored || (classic_gap != 0.0 && w.get().abs() < 1.0) {
                    items.push((w, row, classic_gap, ignored));
                }
            }
            // (stable: equal weights keep the rows' order)
            items.sort_by(|a, b| b.0.get().abs().total_cmp(&a.0.get().abs()));
            notes.push(format!(
                "{tool} ranks '{top}' first, the posterior ranks '{leader}' first: {tool} counts only inconsistencies, while the posterior also weighs consistent evidence, credibility and relevance."
            ));
            for &(w, row, classic_gap, ignored) in items.iter().take(5) {
                let (rl, rt) = (row.ratings[hl], row.ratings[ht]);
                notes.push(if ignored {
                    format!(
                        "  - '{}' is rated {rl} for {leader} and {rt} for {top}: {tool} counts no inconsistency either way, the posterior weighs it {w} for {leader}",
                        row.id
                    )
                } else {
                    format!(
                        "  - '{}' ({rl} for {leader}, {rt} for {top}) changes {tool}'s count by {}, but with credibility {} and relevance {} the posterior weighs it only {w}",
                        row.id,
                        classic_gap.abs(),
                        row.credibility,
                        row.relevance
                    )
                });
            }
        }
        // The sources in the order they first appear, each with its rows
        // (found through a map: a source per row is as cheap as one). Each
        // source holds its first row, its last and its count, and each row
        // the next row of its source: no list per source, so a source per
        // row costs one map entry and no allocation of its own.
        let mut by_source: Vec<(&str, usize, usize, usize)> = Vec::new();
        let mut next = vec![usize::MAX; self.rows.len()];
        let mut place: std::collections::HashMap<&str, usize> =
            std::collections::HashMap::with_capacity(self.rows.len());
        for (r, row) in self.rows.iter().enumerate() {
            let (None, Some(s)) = (&row.group, &row.source) else {
                continue;
            };
            match place.entry(s.as_str()) {
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(by_source.len());
                    by_source.push((s.as_str(), r, r, 1));
                }
                std::collections::hash_map::Entry::Occupied(o) => {
                    if let Some((_, _, last, count)) = by_source.get_mut(*o.get()) {
                        if let Some(n) = next.get_mut(*last) {
                            *n = r;
                        }
                        *last = r;
                        *count += 1;
                    }
                }
            }
        }
        for &(s, first, _, count) in by_source.iter().filter(|b| b.3 > 1) {
            let mut ids = Vec::with_capacity(count);
            let mut r = first;
            while let Some(row) = self.rows.get(r) {
                ids.push(row.id.as_str());
                r = next.get(r).copied().unwrap_or(usize::MAX);
            }
            notes.push(format!(
                "{} reports of source '{s}' ({}) are in no group: the classic scores and the posterior both count them as independent; give them a group if they share an origin.",
                ids.len(),
                ids.join(", ")
            ));
        }
        notes
    }
}

/// A matrix scored both ways ([`AchMatrix::scored`]): the scored case, the
/// classic scores and the notes on where they disagree, serialized as one
/// object (the scored case's keys, `classic` and `disagreements`).
///
/// # Example
///
/// ```
/// use attrib::ach::{AchMatrix, Mapping};
///
/// let m = AchMatrix::from_csv("id,description,credibility,relevance,a,b\ne,d,High,Low,C,II\n")?;
/// let case = m.to_case(&Mapping::default())?;
/// let post = case.score()?;
/// let v = serde_json::to_value(m.scored(&case, &post))?;
/// assert_eq!(v["classic"]["parc"]["b"], -2.0); // II: two inconsistencies
/// assert_eq!(v["leader"], "a");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[cfg(feature = "json")]
#[derive(Debug, Clone)]
pub struct AchScored<'a> {
    scored: crate::report::Scored<'a>,
    classic: ClassicScores,
    disagreements: Vec<String>,
}

#[cfg(feature = "json")]
impl serde::Serialize for AchScored<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(serde::Serialize)]
        struct Out<'b, 'a> {
            #[serde(flatten)]
            scored: &'b crate::report::Scored<'a>,
            classic: &'b ClassicScores,
            disagreements: &'b [String],
        }
        Out {
            scored: &self.scored,
            classic: &self.classic,
            disagreements: &self.disagreements,
        }
        .serialize(s)
    }
}

/// The classic ACH scores of a matrix, one per hypothesis in the matrix's
/// order, and the two diagnosticities per item (see the module docs).
///
/// # Example
///
/// ```
/// # let m = attrib::ach::AchMatrix::from_csv("id,description,credibility,relevance,a,b\ne,d,High,Low,C,II\n")?;
/// let c = m.classic();
/// assert_eq!(c.leaders()[0], ("PARC ACH", "a".to_string()));
/// # Ok::<(), attrib::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ClassicScores {
    /// The hypotheses, in the matrix's order.
    pub hypotheses: Vec<String>,
    /// PARC ACH inconsistency (II -2, I -1): higher is more likely.
    pub parc: Vec<f64>,
    /// PARC ACH weighted inconsistency: higher is more likely.
    pub parc_weighted: Vec<f64>,
    /// C-ACH score (II 2, I 1, times credibility weight): lower is more likely.
    pub cach: Vec<f64>,
    /// Open Synthesis inconsistency: lower is more likely.
    pub open_synthesis: Vec<f64>,
    /// C-ACH diagnosticity per item (minus its inconsistency points).
    pub cach_diagnosticity: Vec<(String, f64)>,
    /// Open Synthesis diagnosticity per item (population standard deviation).
    pub open_synthesis_diagnosticity: Vec<(String, f64)>,
}

/// # JSON
///
/// `{"parc": {h: score}, "parc_weighted": {..}, "cach": {..},
/// "open_synthesis": {..}, "rankings": {tool: [h, ...]}, "diagnosticity":
/// {"cach": {item: d}, "open_synthesis": {item: d}}}`; what `attrib ach
/// --format json` prints as `classic`.
impl serde::Serialize for ClassicScores {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        struct ById<'a>(&'a [String], &'a [f64]);
        impl serde::Serialize for ById<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(self.0.len()))?;
                for (k, v) in self.0.iter().zip(self.1) {
                    m.serialize_entry(k, &crate::scoring::decibans::finite(*v))?;
                }
                m.end()
            }
        }
        struct Pairs<'a>(&'a [(String, f64)]);
        impl serde::Serialize for Pairs<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(self.0.len()))?;
                for (k, v) in self.0 {
                    m.serialize_entry(k, &crate::scoring::decibans::finite(*v))?;
                }
                m.end()
            }
        }
        struct Rankings(Vec<(&'static str, Vec<String>)>);
        impl serde::Serialize for Rankings {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(self.0.len()))?;
                for (k, v) in &self.0 {
                    m.serialize_entry(k, v)?;
                }
                m.end()
            }
        }
        struct Diagnosticity<'a>(&'a ClassicScores);
        impl serde::Serialize for Diagnosticity<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(2))?;
                m.serialize_entry("cach", &Pairs(&self.0.cach_diagnosticity))?;
                m.serialize_entry(
                    "open_synthesis",
                    &Pairs(&self.0.open_synthesis_diagnosticity),
                )?;
                m.end()
            }
        }
        let h = &self.hypotheses;
        let mut m = s.serialize_map(Some(6))?;
        m.serialize_entry("parc", &ById(h, &self.parc))?;
        m.serialize_entry("parc_weighted", &ById(h, &self.parc_weighted))?;
        m.serialize_entry("cach", &ById(h, &self.cach))?;
        m.serialize_entry("open_synthesis", &ById(h, &self.open_synthesis))?;
        m.serialize_entry("rankings", &Rankings(self.rankings()))?;
        m.serialize_entry("diagnosticity", &Diagnosticity(self))?;
        m.end()
    }
}

impl ClassicScores {
    /// The hypotheses ranked by a score, most likely first (ties in the
    /// matrix's order); `higher_first` says which way the score runs.
    fn ranking(&self, scores: &[f64], higher_first: bool) -> Vec<String> {
        let mut order: Vec<usize> = (0..scores.len()).collect();
        order.sort_by(|&a, &b| {
            let c = scores[a].total_cmp(&scores[b]);
            if higher_first { c.reverse() } else { c }
        });
        order
            .into_iter()
            .map(|i| self.hypotheses[i].clone())
            .collect()
    }

    /// The four rankings, most likely first: (tool, ranking).
    ///
    /// # Example
    ///
    /// ```
    /// # let m = attrib::ach::AchMatrix::from_csv("id,description,credibility,relevance,a,b\ne,d,High,Low,I,C\n")?;
    /// let r = m.classic().rankings();
    /// assert_eq!(r[0].1, ["b", "a"]);
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn rankings(&self) -> Vec<(&'static str, Vec<String>)> {
        vec![
            ("PARC ACH", self.ranking(&self.parc, true)),
            ("PARC ACH weighted", self.ranking(&self.parc_weighted, true)),
            ("C-ACH", self.ranking(&self.cach, false)),
            ("Open Synthesis", self.ranking(&self.open_synthesis, false)),
        ]
    }

    /// Each tool's most likely hypothesis.
    ///
    /// # Example
    ///
    /// ```
    /// # let m = attrib::ach::AchMatrix::from_csv("id,description,credibility,relevance,a,b\ne,d,High,Low,I,C\n")?;
    /// assert!(m.classic().leaders().iter().all(|(_, h)| h == "b"));
    /// # Ok::<(), attrib::Error>(())
    /// ```
    pub fn leaders(&self) -> Vec<(&'static str, String)> {
        self.rankings()
            .into_iter()
            .map(|(t, r)| (t, r.into_iter().next().unwrap_or_default()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::{AchMatrix, Mapping, sorted_distinct};
    use std::collections::BTreeSet;

    /// Every list of up to three strings built from pieces that meet at
    /// the eighth byte (a string that is a prefix of another, one that
    /// ends in a zero byte, equal first eight bytes, bytes above 127): the
    /// sort gives what a `BTreeSet` of them iterates.
    #[test]
    fn sorted_distinct_is_the_order_of_a_tree() {
        let pieces = [
            "",
            "s1",
            "s1\0",
            "s10",
            "s2",
            "abcdefgh",
            "abcdefghi",
            "abcdefgh\0",
            "abcdefg",
            "\u{e9}",
            "e",
            "zzzzzzzzzz",
            "zzzzzzzzz\u{ff}",
        ];
        for list in &crate::testing::sequences(&pieces, 3) {
            let tree: Vec<&str> = list
                .iter()
                .copied()
                .collect::<BTreeSet<&str>>()
                .into_iter()
                .collect();
            assert_eq!(sorted_distinct(list.iter().copied()), tree, "{list:?}");
        }
    }

    /// Ratings and levels are read trimmed and without regard to ASCII
    /// case, and nothing else: a letter outside ASCII that looks like one
    /// is refused.
    #[test]
    fn ratings_and_levels_ignore_ascii_case_only() {
        use super::{Level, Rating};
        let ratings = [
            (" cC ", Some(Rating::VeryConsistent)),
            ("c", Some(Rating::Consistent)),
            ("\tn", Some(Rating::Neutral)),
            ("i", Some(Rating::Inconsistent)),
            ("iI", Some(Rating::VeryInconsistent)),
            ("nA", Some(Rating::NotApplicable)),
            ("\u{130}", None),
            ("\u{131}\u{131}", None),
            ("CCC", None),
            ("", None),
        ];
        for (text, want) in ratings {
            assert_eq!(text.parse::<Rating>().ok(), want, "{text:?}");
        }
        let levels = [
            ("HIGH", Some(Level::High)),
            (" h", Some(Level::High)),
            ("MeD ", Some(Level::Medium)),
            ("medium", Some(Level::Medium)),
            ("M", Some(Level::Medium)),
            ("lOw", Some(Level::Low)),
            ("L", Some(Level::Low)),
            ("Hi", None),
            ("lo\u{301}w", None),
            ("\u{212a}", None),
        ];
        for (text, want) in levels {
            assert_eq!(text.parse::<Level>().ok(), want, "{text:?}");
        }
        assert_eq!(
            " X ".parse::<Rating>().unwrap_err(),
            "rating is \"X\", must be one of CC, C, N, I, II, NA"
        );
        assert_eq!(
            "Hi".parse::<Level>().unwrap_err(),
            "level is \"Hi\", must be one of High, Medium, Low"
        );
    }

    /// The note on the reports of one source outside any group: the
    /// sources in the order their first ungrouped row comes, each with its
    /// ungrouped rows in order; a grouped row, a row without a source and a
    /// source of one row give none.
    #[test]
    fn reports_of_one_source_are_listed_in_row_order() {
        let m = AchMatrix::from_csv(
            "\
id,description,credibility,relevance,source,group,a,b
r1,d,High,High,radio,,C,C
r2,d,High,High,tv,,C,C
r3,d,High,High,radio,echo,C,C
r4,d,High,High,radio,,C,C
r5,d,High,High,paper,,C,C
r6,d,High,High,tv,,C,C
r7,d,High,High,,,C,C
r8,d,High,High,tv,,C,C
",
        )
        .unwrap();
        let post = m.to_case(&Mapping::default()).unwrap().score().unwrap();
        let tail = " are in no group: the classic scores and the posterior both count them as independent; give them a group if they share an origin.";
        assert_eq!(
            m.disagreements(&post),
            [
                format!("2 reports of source 'radio' (r1, r4){tail}"),
                format!("3 reports of source 'tv' (r2, r6, r8){tail}"),
            ]
        );
    }

    /// The sources and groups of the case are the distinct ones of the
    /// rows, in the order of their ids.
    #[test]
    fn the_case_has_the_rows_sources_and_groups_sorted() {
        let m = AchMatrix::from_csv(
            "\
id,description,credibility,relevance,source,group,a,b
e1,d,High,High,s10,g2,C,I
e2,d,High,High,s2,,C,I
e3,d,High,High,s1,g10,C,I
e4,d,High,High,s10,g2,C,I
e5,d,High,High,,g1,C,I
",
        )
        .unwrap();
        let case = m.to_case(&Mapping::default()).unwrap();
        let sources: Vec<&str> = case.sources().iter().map(|s| s.id().as_str()).collect();
        assert_eq!(sources, ["s1", "s10", "s2"]);
        let groups: Vec<&str> = case.groups().iter().map(|g| g.id().as_str()).collect();
        assert_eq!(groups, ["g1", "g10", "g2"]);
    }
}
