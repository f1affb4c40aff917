//! The data behind the charts against the library's other paths, and the
//! SVG charts themselves: well-formed XML with the expected series and
//! labels (feature `plot`).

use approx::assert_relative_eq;
use attrib::{Case, Evidence, MonteCarlo, plot};

fn sarmin() -> Case {
    Case::from_path(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/cases/jim/sarmin-2015-03-16.json"
    ))
    .unwrap()
}

/// A small well-formedness check: every tag closes in order, attributes
/// are quoted, and there is one root element.
fn assert_well_formed(svg: &str) {
    let mut stack: Vec<String> = Vec::new();
    let mut roots = 0;
    let mut rest = svg;
    while let Some(start) = rest.find('<') {
        let after = &rest[start + 1..];
        let end = after.find('>').expect("an unclosed tag");
        let tag = &after[..end];
        rest = &after[end + 1..];
        if tag.starts_with('?') || tag.starts_with('!') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(
                stack.pop().as_deref(),
                Some(name.trim()),
                "mismatched </{name}>"
            );
            continue;
        }
        let name: String = tag
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '/')
            .collect();
        assert!(!name.is_empty(), "empty tag");
        // attributes: name="value" pairs only
        assert_eq!(
            tag.matches('"').count() % 2,
            0,
            "unbalanced quotes in <{tag}>"
        );
        if stack.is_empty() {
            roots += 1;
        }
        if !tag.ends_with('/') {
            stack.push(name);
        }
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    assert_eq!(roots, 1);
}

/// The texts of all `<text>` elements.
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            let body = &t[t.find('>')? + 1..];
            Some(body[..body.find("</text>")?].trim().to_string())
        })
        .collect()
}

#[test]
fn trajectory_steps_are_the_prefix_cases_with_groups_reranked() {
    // Step k is the case made of the first k items, its groups ranked
    // among themselves: a second method (building each prefix case).
    let items = [
        ("s1", 0.9, 0.1, Some("g")),
        ("free", 0.3, 0.6, None),
        ("s0", 0.6, 0.3, Some("g")),
        ("w", 0.2, 0.7, Some("g")),
    ];
    let prefix = |k: usize| {
        let mut b = Case::builder()
            .hypothesis("a", "A")
            .hypothesis("b", "B")
            .group("g", 0.5);
        for &(id, a, bb, g) in &items[..k] {
            let mut e = Evidence::builder(id).likelihood("a", a).likelihood("b", bb);
            if let Some(g) = g {
                e = e.group(g);
            }
            b = b.evidence(e);
        }
        b.build().unwrap()
    };
    let t = attrib::Trajectory::of(&prefix(items.len())).unwrap();
    assert_eq!(t.steps.len(), items.len() + 1);
    for (k, (_, probs)) in t.steps.iter().enumerate() {
        let want = prefix(k).score().unwrap().probabilities().to_vec();
        let bits =
            |x: &[attrib::Probability]| x.iter().map(|p| p.get().to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(probs), bits(&want), "step {k}");
    }
}

#[test]
fn trajectory_data_matches_the_posterior() {
    let case = sarmin();
    let t = attrib::Trajectory::of(&case).unwrap();
    assert_eq!(t.steps.len(), case.evidence().len() + 1);
    assert_eq!(t.steps[0].1, case.prior().probabilities());
    let post = case.score().unwrap().probabilities().to_vec();
    // the last step sums the same terms as `Case::score`: bit for bit
    for (a, b) in t.steps.last().unwrap().1.iter().zip(&post) {
        assert_eq!(a.get().to_bits(), b.get().to_bits());
    }
    for (k, (id, p)) in t.steps.iter().enumerate().skip(1) {
        assert_eq!(id.as_ref().unwrap(), case.evidence()[k - 1].id());
        let sum: f64 = p.iter().map(|p| p.get()).sum();
        assert!((sum - 1.0).abs() < 1e-14);
    }
}

#[test]
fn tornado_data_matches_leave_one_out_and_discounts() {
    let case = sarmin();
    let t = attrib::Tornado::of(&case).unwrap();
    let leader = t.leader.clone();
    assert_eq!(leader.as_str(), "government");
    let loo = attrib::LeaveOneOut::of(&case).unwrap();
    for row in &t.rows {
        let l = loo.iter().find(|l| l.evidence() == &row.evidence).unwrap();
        assert_eq!(row.without, l.probability(&leader).unwrap());
        // reliability 0 by the other path: a discount of 0 on the item
        let zero = case
            .discount_evidence(&row.evidence, 0.0)
            .unwrap()
            .score()
            .unwrap();
        assert_relative_eq!(
            row.at_zero.get(),
            zero.probability(&leader).unwrap().get(),
            max_relative = 1e-14
        );
    }
    for w in t.rows.windows(2) {
        assert!(w[0].swing() >= w[1].swing());
    }
}

#[test]
fn trajectory_svg_has_one_line_per_hypothesis_and_labels() {
    let case = sarmin();
    let svg =
        plot::trajectory_svg(&attrib::Trajectory::of(&case).unwrap(), "Sarmin trajectory").unwrap();
    assert_well_formed(&svg);
    // one step line per hypothesis: a polyline through 2 * steps - 1 points
    // (markers and legend samples are polylines of two points)
    let steps = case.evidence().len() + 1;
    let lines = svg
        .split("<polyline")
        .skip(1)
        .filter(|p| {
            let points = p
                .split("points=\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .unwrap_or("");
            points.split_whitespace().count() == 2 * steps - 1
        })
        .count();
    assert_eq!(lines, case.hypotheses().len());
    let texts = texts(&svg);
    // the legend names every hypothesis (an item's wrapped label may hold
    // a hypothesis's id as one of its pieces, `jim-no-` / `opposition-`)
    for h in case.hypotheses() {
        assert!(
            texts.iter().any(|t| t == h.id().as_str()),
            "legend for {}",
            h.id()
        );
    }
    assert!(texts.iter().any(|t| t == "Sarmin trajectory"));
    assert!(
        texts
            .iter()
            .any(|t| t == "posterior probability (log-odds scale)")
    );
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("evidence item just added"))
    );
    assert!(texts.iter().all(|t| !t.is_empty()), "an empty label");
}

#[test]
fn trajectory_svg_has_a_labelled_threshold_line() {
    let case = sarmin();
    let t = attrib::Trajectory::of(&case).unwrap();
    assert_eq!(t.threshold, case.threshold());
    let svg = plot::trajectory_svg(&t, "Sarmin trajectory").unwrap();
    let texts = texts(&svg);
    let threshold = case.threshold().get();
    assert!(
        texts.contains(&format!("threshold {threshold}")),
        "{texts:?}"
    );
    assert!(texts.contains(&format!("verdict threshold {threshold}")));
    // the dashes: horizontal segments at the threshold's height, across
    // the plot, on the log-odds axis (0.5 at log-odds 0)
    let logit = |p: f64| (p / (1.0 - p)).ln();
    // calibrate on 0.5 and another probability tick the axis shows
    let tick = ["0.9", "0.99", "0.8", "0.95", "0.2", "0.1", "0.01"]
        .into_iter()
        .find(|t| texts.iter().any(|x| x == t))
        .expect("a probability tick besides 0.5");
    let p_tick: f64 = tick.parse().unwrap();
    let (y_of_half, y_of_tick) = (y_at(&svg, "0.5"), y_at(&svg, tick));
    let want = y_of_half + (y_of_tick - y_of_half) * logit(threshold) / logit(p_tick);
    let dashes = segments(&svg)
        .into_iter()
        .filter(|&((_, ya), (_, yb))| ya == yb && (ya - want).abs() <= 1.5)
        .count();
    assert!(dashes >= 4 * t.steps.len(), "{dashes} dashes at y = {want}");
}

#[test]
fn trajectory_svg_labels_the_x_ticks_with_item_ids() {
    let case = sarmin();
    let svg =
        plot::trajectory_svg(&attrib::Trajectory::of(&case).unwrap(), "Sarmin trajectory").unwrap();
    // horizontal labels: nothing is rotated but the y axis's title
    let rotated: Vec<String> = svg
        .split("<text")
        .skip(1)
        .filter(|t| t.split('>').next().unwrap_or("").contains("rotate("))
        .filter_map(|t| {
            let body = &t[t.find('>')? + 1..];
            Some(body[..body.find("</text>")?].trim().to_string())
        })
        .collect();
    assert_eq!(rotated, ["posterior probability (log-odds scale)"]);
    // the prior, then every item's id, wrapped into consecutive lines, in
    // file order
    let texts = texts(&svg);
    let mut from = 0;
    let mut want = vec!["(prior)".to_string()];
    want.extend(case.evidence().iter().map(|e| e.id().to_string()));
    for id in &want {
        let found = (from..texts.len()).find_map(|i| {
            let mut joined = String::new();
            for (j, t) in texts.iter().enumerate().skip(i) {
                joined.push_str(t);
                if joined == *id {
                    return Some(j + 1);
                }
                if !id.starts_with(&joined) {
                    return None;
                }
            }
            None
        });
        from = found.unwrap_or_else(|| panic!("no label {id} after text {from}: {texts:?}"));
    }
    // no numbered ticks
    assert!(!texts.iter().any(|t| t == "1" || t == "14"));
}

/// The y pixel of the tick labelled `label` on the trajectory's y axis
/// (labels are drawn centred on their ticks).
fn y_at(svg: &str, label: &str) -> f64 {
    for t in svg.split("<text").skip(1) {
        let (attrs, rest) = t.split_once('>').unwrap();
        if rest.split("</text>").next().unwrap_or("").trim() == label {
            return attr(attrs, "y");
        }
    }
    panic!("no tick label {label}");
}

fn attr(attrs: &str, name: &str) -> f64 {
    let key = format!(" {name}=\"");
    let at = attrs
        .find(&key)
        .unwrap_or_else(|| panic!("no {name} in {attrs}"))
        + key.len();
    attrs[at..].split('"').next().unwrap().parse().unwrap()
}

/// Every two-point polyline, as ((x0, y0), (x1, y1)).
fn segments(svg: &str) -> Vec<((f64, f64), (f64, f64))> {
    svg.split("<polyline")
        .skip(1)
        .filter_map(|p| {
            let points = p.split("points=\"").nth(1)?.split('"').next()?;
            let xy: Vec<(f64, f64)> = points
                .split_whitespace()
                .filter_map(|pt| {
                    let (x, y) = pt.split_once(',')?;
                    Some((x.parse().ok()?, y.parse().ok()?))
                })
                .collect();
            match xy[..] {
                [a, b] => Some((a, b)),
                _ => None,
            }
        })
        .collect()
}

#[test]
fn tornado_svg_has_a_bar_and_a_label_per_item() {
    let case = sarmin();
    let t = attrib::Tornado::of(&case).unwrap();
    let svg = plot::tornado_svg(&t, "Sarmin tornado").unwrap();
    assert_well_formed(&svg);
    // grey bars: one per item and one in the key, each at least 3
    // pixels wide (an item that moves nothing still gets one)
    let bars: Vec<&str> = svg
        .split("<rect")
        .skip(1)
        .filter(|r| r.contains("fill=\"#AAAAAA\""))
        .collect();
    assert_eq!(bars.len(), t.rows.len() + 1);
    for b in &bars {
        assert!(attr(b, "width") >= 3.0, "a bar too thin to see: {b}");
    }
    // an item that moves nothing (observed 0.5 says nothing) still gets a bar
    let flat = Case::builder()
        .hypothesis("a", "A")
        .hypothesis("b", "B")
        .evidence(
            Evidence::builder("moves")
                .likelihood("a", 0.8)
                .likelihood("b", 0.2),
        )
        .evidence(
            Evidence::builder("silent")
                .likelihood("a", 0.9)
                .likelihood("b", 0.1)
                .observed(0.5),
        )
        .build()
        .unwrap();
    let ft = attrib::Tornado::of(&flat).unwrap();
    assert!(ft.rows.iter().any(|r| r.swing() == 0.0));
    let fsvg = plot::tornado_svg(&ft, "flat").unwrap();
    let fbars: Vec<&str> = fsvg
        .split("<rect")
        .skip(1)
        .filter(|r| r.contains("fill=\"#AAAAAA\""))
        .collect();
    assert_eq!(fbars.len(), ft.rows.len() + 1);
    for b in &fbars {
        assert!(attr(b, "width") >= 3.0, "a bar too thin to see: {b}");
    }
    // one label per row, in order, and no empty label (no empty row)
    let texts = texts(&svg);
    let ids: Vec<&str> = t.rows.iter().map(|r| r.evidence.as_str()).collect();
    let labels: Vec<&str> = texts
        .iter()
        .map(String::as_str)
        .filter(|x| ids.contains(x))
        .collect();
    assert_eq!(labels, ids);
    assert!(texts.iter().all(|t| !t.is_empty()), "an empty label");
    // every row's bar and label share its height: as many distinct bar
    // heights as rows, one tick per row
    let mut ys: Vec<i64> = bars[..t.rows.len()]
        .iter()
        .map(|b| attr(b, "y") as i64)
        .collect();
    ys.sort();
    ys.dedup();
    assert_eq!(ys.len(), t.rows.len());
    assert!(texts.iter().any(|x| x == "item left out"));
    assert!(
        texts
            .iter()
            .any(|x| x.starts_with("posterior probability of the leader"))
    );
}

#[test]
fn intervals_svg_has_a_range_and_a_median_per_hypothesis() {
    let case = sarmin();
    let sim = MonteCarlo::new().draws(500).seed(1).run(&case).unwrap();
    let svg = plot::intervals_svg(&sim, "Sarmin intervals").unwrap();
    assert_well_formed(&svg);
    let texts = texts(&svg);
    for h in case.hypotheses() {
        assert!(
            texts.iter().any(|t| t == h.id().as_str()),
            "label {}",
            h.id()
        );
    }
    assert!(texts.iter().any(|t| t == "median"));
    assert!(texts.iter().any(|t| t == "5-95 % range"));
    // median markers: a white disc and a ring per hypothesis, and the legend's
    assert_eq!(
        svg.matches("<circle").count(),
        2 * (case.hypotheses().len() + 1)
    );
}

/// The named charts (those the report draws) call each hypothesis by its
/// label, wrapped into lines whose words, joined, are the label (the last
/// line may end in an ellipsis), and keep the id where a label is absent
/// (issue 22).
#[test]
fn named_charts_use_the_hypothesis_labels() {
    let case = sarmin();
    let names = plot::Names::of(&case);
    let sim = MonteCarlo::new().draws(300).seed(1).run(&case).unwrap();
    let intervals =
        plot::intervals_named_svg(&sim, "Sarmin intervals", case.threshold(), &names).unwrap();
    let trajectory =
        plot::trajectory_named_svg(&attrib::Trajectory::of(&case).unwrap(), "t", &names).unwrap();
    let tornado = plot::tornado_named_svg(
        &attrib::Tornado::of(&case).unwrap(),
        "w",
        case.threshold(),
        &names,
    )
    .unwrap();
    for svg in [&intervals, &trajectory, &tornado] {
        assert_well_formed(svg);
    }
    // words as the SVG writes them (plotters escapes quotes)
    let words = |s: &str| {
        s.replace('\'', "&apos;")
            .replace('"', "&quot;")
            .split_whitespace()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    for (svg, per_line) in [(&intervals, 26), (&trajectory, 39)] {
        let texts = texts(svg);
        for h in case.hypotheses() {
            // (the trajectory's ticks are item ids, wrapped: a piece of
            // one may read as a hypothesis's id)
            if per_line == 26 {
                assert!(!texts.iter().any(|t| t == h.id().as_str()), "{}", h.id());
            }
            // the label's first words open a text, and no line is longer
            // than the width (plus a hanging break)
            let label = words(h.label());
            let first = texts
                .iter()
                .position(|t| words(t).first() == label.first() && label.starts_with(&words(t)))
                .unwrap_or_else(|| panic!("{} not drawn", h.label()));
            assert!(texts[first].chars().count() <= per_line, "{}", texts[first]);
        }
    }
    // the tornado names the leader by its label
    let leader = case.score().unwrap().leader().label().to_string();
    assert!(
        texts(&tornado)
            .iter()
            .any(|t| t == &format!("posterior probability of the leader, {leader}"))
    );
    // a hypothesis without a label keeps its id
    let bare = Case::builder()
        .hypothesis("a", "")
        .hypothesis("b", "Beta")
        .likelihood_concentration(20.0)
        .evidence(
            Evidence::builder("e")
                .likelihood("a", 0.9)
                .likelihood("b", 0.2),
        )
        .build()
        .unwrap();
    let sim = MonteCarlo::new().draws(100).run(&bare).unwrap();
    let svg =
        plot::intervals_named_svg(&sim, "x", bare.threshold(), &plot::Names::of(&bare)).unwrap();
    let texts = texts(&svg);
    assert!(texts.iter().any(|t| t == "a") && texts.iter().any(|t| t == "Beta"));
}

/// A bidi override in a label reaches nothing in a chart: an SVG text
/// cannot isolate it, so it is drawn as a space.
#[test]
fn charts_drop_bidi_overrides() {
    let case = Case::builder()
        .title("\u{202e}title")
        .hypothesis("a", "\u{202e}Alpha\u{2066}")
        .hypothesis("b", "Beta")
        .evidence(
            Evidence::builder("e")
                .likelihood("a", 0.9)
                .likelihood("b", 0.2),
        )
        .build()
        .unwrap();
    let t = attrib::Trajectory::of(&case).unwrap();
    let svg = plot::trajectory_named_svg(&t, "\u{202e}title", &plot::Names::of(&case)).unwrap();
    assert!(!svg.contains('\u{202e}') && !svg.contains('\u{2066}'));
    assert!(texts(&svg).iter().any(|t| t == "Alpha"));
}
