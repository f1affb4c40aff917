// attrib what-if page: the scoring engine (docs/model.md sections 2-5) and
// the controls. Written once in the crate (src/presentation/report/whatif.js)
// and included as it is in every interactive report; the case comes from the
// JSON block #whatif-data (attrib::report::whatif::WhatIf). No framework, no
// network. Under node, `module.exports` gives the engine alone for unit tests.
"use strict";

var WhatIfEngine = (function () {
  // ln(e^a + e^b), -inf for two -inf (weighting.rs, ln::add).
  function lnAdd(a, b) {
    var hi = a >= b ? a : b;
    var lo = a >= b ? b : a;
    if (lo === -Infinity) return hi;
    return hi + Math.log1p(Math.exp(lo - hi));
  }

  // ln(1 - e^x) for x <= 0 (Maechler 2012).
  function lnOneMinusExp(x) {
    if (x > -Math.LN2) return Math.log(-Math.expm1(x));
    return Math.log1p(-Math.exp(x));
  }

  // ln of the mean of e^x over a row, without underflow.
  function lnMean(row) {
    var top = -Infinity;
    for (var i = 0; i < row.length; i++) if (row[i] > top) top = row[i];
    if (top === -Infinity) return -Infinity;
    var sum = 0;
    for (var j = 0; j < row.length; j++) sum += Math.exp(row[j] - top);
    return top + Math.log(sum) - Math.log(row.length);
  }

  // Step 2: ln l'' from ln l' and the confidence q.
  function lnObserve(x, q) {
    if (q === 1) return x;
    var seen = q === 0 ? -Infinity : Math.log(q) + x;
    var unseen = Math.log1p(-q) + lnOneMinusExp(Math.min(x, 0));
    return lnAdd(seen, unseen);
  }

  // The case, prepared once: ln likelihoods and ln chance per item.
  function prepare(data) {
    var n = data.hypotheses.length;
    var items = data.items.map(function (it) {
      var ln = new Float64Array(n);
      for (var h = 0; h < n; h++) ln[h] = Math.log(it.likelihoods[h]);
      var lnChance = it.chance === null || it.chance === undefined ? lnMean(ln) : Math.log(it.chance);
      return { ln: ln, lnChance: lnChance };
    });
    var cells = data.items.length * n;
    // Scratch reused by every scoring (no garbage while a slider moves).
    return {
      data: data, n: n, items: items, tempered: data.weighting === "tempered",
      pen: new Float64Array(cells), terms: new Float64Array(cells),
      row: new Float64Array(n), prow: new Float64Array(n)
    };
  }

  // The reliability of item i under the source discounts `src` and the item
  // discounts `itm` (arrays by position), as Case::reliability_with.
  function reliability(p, i, src, itm) {
    var it = p.data.items[i];
    var sd = it.source === null || it.source === undefined ? 1 : src[it.source];
    var r = it.base_reliability * sd * itm[i];
    return r < 0 ? 0 : r > 1 ? 1 : r;
  }

  // Writes item i's ln l'' into out (steps 1 and 2).
  function effective(p, i, r, out) {
    var pre = p.items[i];
    var q = p.data.items[i].observed;
    var n = p.n;
    var h;
    for (h = 0; h < n; h++) {
      var x = pre.ln[h];
      if (p.tempered) {
        if (r !== 1) x = r === 0 ? 0 : r * x;
      } else if (r === 0) {
        x = pre.lnChance;
      } else if (r !== 1) {
        x = lnAdd(Math.log(r) + x, Math.log1p(-r) + pre.lnChance);
      }
      if (q !== null && q !== undefined && q !== 1) x = lnObserve(x, q);
      out[h] = x;
    }
  }

  // Penalties p(h) = max ln l'' - ln l''(h); +inf where h is eliminated.
  function penalties(row, out, n) {
    var m = -Infinity;
    for (var h = 0; h < n; h++) if (row[h] > m) m = row[h];
    for (var k = 0; k < n; k++) {
      out[k] = row[k] === -Infinity || m === -Infinity ? Infinity : m - row[k];
    }
  }

  function term(w, pen) {
    return w === 0 || pen === 0 ? 0 : -(w * pen);
  }

  // Scores the case: `state` = {sources: [discount], items: [discount, 0 for
  // off], lnPrior: [ln prior or null], threshold}. Returns the joint and
  // posterior per hypothesis, the leader, the status, and the terms
  // -w_e(h) p_e(h), item-major, for the ledger (valid until the next
  // scoring with the same `p`).
  function score(p, state) {
    var n = p.n;
    var e = p.data.items.length;
    var pen = p.pen;
    var terms = p.terms;
    var row = p.row;
    var prow = p.prow;
    var i, h;
    for (i = 0; i < e; i++) {
      var r = reliability(p, i, state.sources, state.items);
      effective(p, i, r, row);
      penalties(row, prow, n);
      for (h = 0; h < n; h++) {
        pen[i * n + h] = prow[h];
        terms[i * n + h] = term(1, prow[h]);
      }
    }
    // Dependence groups: per hypothesis, penalties in decreasing order,
    // ties by item id (members come sorted by id), weights (1 - rho)^j.
    var groups = p.data.groups;
    for (var g = 0; g < groups.length; g++) {
      var members = groups[g].members;
      var keep = 1 - groups[g].correlation;
      var order = members.map(function (_, k) { return k; });
      for (h = 0; h < n; h++) {
        order.sort(function (a, b) {
          var pa = pen[members[a] * n + h];
          var pb = pen[members[b] * n + h];
          return pb > pa ? 1 : pb < pa ? -1 : a - b;
        });
        var w = 1;
        for (var j = 0; j < order.length; j++) {
          var at = members[order[j]] * n + h;
          terms[at] = term(w, pen[at]);
          w *= keep;
        }
      }
    }
    var joint = new Float64Array(n);
    for (h = 0; h < n; h++) {
      var lp = state.lnPrior[h];
      var s = lp === null || lp === undefined ? -Infinity : lp;
      for (i = 0; i < e && s !== -Infinity; i++) {
        var t = terms[i * n + h];
        if (t === -Infinity) s = -Infinity;
        else if (t !== 0) s += t;
      }
      joint[h] = s;
    }
    var leader = 0;
    for (h = 0; h < n; h++) if (joint[h] > joint[leader]) leader = h;
    var top = joint[leader];
    var post = new Float64Array(n);
    if (top === -Infinity) {
      return { joint: joint, posterior: post, leader: -1, runnerUp: -1, status: "contradictory", terms: terms };
    }
    var norm = 1;
    for (h = 0; h < n; h++) if (h !== leader) norm += Math.exp(joint[h] - top);
    var tied = false;
    for (h = 0; h < n; h++) {
      if (h !== leader && joint[h] === top) tied = true;
      var v = joint[h] === -Infinity ? 0 : h === leader ? 1 / norm : Math.exp(joint[h] - top) / norm;
      post[h] = v < 0 ? 0 : v > 1 ? 1 : v;
    }
    var runnerUp = -1;
    for (h = 0; h < n; h++) {
      if (h !== leader && (runnerUp < 0 || post[h] > post[runnerUp])) runnerUp = h;
    }
    var status = post[leader] >= state.threshold && !tied ? "attributed" : "insufficient";
    return { joint: joint, posterior: post, leader: leader, runnerUp: runnerUp, status: status, terms: terms };
  }

  // Each item's weight of evidence in decibans, leader against runner-up:
  // (10 / ln 10) (t_e(leader) - t_e(runner-up)), largest magnitude first.
  function ledger(p, result) {
    var n = p.n;
    var out = [];
    if (result.leader < 0 || result.runnerUp < 0) return out;
    var k = 10 / Math.LN10;
    for (var i = 0; i < p.data.items.length; i++) {
      var a = result.terms[i * n + result.leader];
      var b = result.terms[i * n + result.runnerUp];
      var db = a === b ? 0 : k * (a - b);
      if (db !== 0) out.push({ item: i, decibans: db });
    }
    out.sort(function (x, y) {
      var ax = Math.abs(x.decibans), ay = Math.abs(y.decibans);
      return ay > ax ? 1 : ay < ax ? -1 : x.item - y.item;
    });
    return out;
  }

  return { prepare: prepare, score: score, ledger: ledger, reliability: reliability };
})();

if (typeof module !== "undefined" && module.exports) {
  module.exports = WhatIfEngine;
}

(function () {
  if (typeof document === "undefined") return;
  var node = document.getElementById("whatif-data");
  var root = document.getElementById("whatif");
  if (!node || !root) return;
  var data = JSON.parse(node.textContent);
  var engine = WhatIfEngine;
  var prep = engine.prepare(data);
  var H = data.hypotheses;
  var S = data.sources;
  var I = data.items;
  var P = data.perspectives;
  var perspectiveAt = {};
  P.forEach(function (p, k) { perspectiveAt[p.id] = k; });
  var sourceAt = {};
  S.forEach(function (s, k) { sourceAt[s.id] = k; });
  var itemAt = {};
  I.forEach(function (it, k) { itemAt[it.id] = k; });

  // --- small DOM helpers -------------------------------------------------
  function el(tag, attrs) {
    var e = document.createElement(tag);
    if (attrs) {
      for (var k in attrs) {
        if (!Object.prototype.hasOwnProperty.call(attrs, k)) continue;
        var v = attrs[k];
        if (v === null || v === undefined || v === false) continue;
        if (k === "text") e.textContent = v;
        else if (k === "className") e.className = v;
        else e.setAttribute(k, v === true ? "" : String(v));
      }
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined) continue;
      e.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    }
    return e;
  }
  function fixed(x, d) { return x.toFixed(d); }
  function label(h) { return H[h].label || H[h].id; }
  function pct(x) { return (100 * x).toFixed(1) + " %"; }
  function clamp01(x) { return x < 0 ? 0 : x > 1 ? 1 : x; }

  // --- state ---------------------------------------------------------------
  var state = null;

  function fromPerspective(k) {
    var p = P[k];
    var src = S.map(function () { return 1; });
    p.sources.forEach(function (pair) { if (pair[0] in sourceAt) src[sourceAt[pair[0]]] = pair[1]; });
    var itm = I.map(function () { return 1; });
    p.items.forEach(function (pair) { if (pair[0] in itemAt) itm[itemAt[pair[0]]] = pair[1]; });
    return {
      perspective: k,
      sources: src,
      items: itm,
      on: I.map(function () { return true; }),
      lnPrior: p.ln_prior.slice(),
      threshold: p.threshold
    };
  }

  // What the engine scores: an item switched off counts as discount 0
  // (uninformative, which is what leaving it out gives).
  function scored(st) {
    return {
      sources: st.sources,
      items: st.items.map(function (d, i) { return st.on[i] ? d : 0; }),
      lnPrior: st.lnPrior,
      threshold: st.threshold
    };
  }

  var base = fromPerspective(0);
  var baseResult = engine.score(prep, scored(base));

  // --- the panel -----------------------------------------------------------
  var ids = 0;
  function uid(prefix) { ids += 1; return "wi-" + prefix + "-" + ids; }

  var verdictBox = el("div", { className: "wi-verdict", "data-verdict": "", role: "status", "aria-live": "polite", "aria-atomic": "true" });
  var changeLine = el("p", { className: "wi-change", "aria-live": "polite" });
  var bars = el("div", { className: "wi-bars", role: "list", "aria-label": "Posterior" });
  var ledgerList = el("ol", { className: "wi-ledger" });
  var ledgerNote = el("p", { className: "note wi-ledger-note" });
  var ledgerAll = false;
  var ledgerToggle = el("button", { type: "button", className: "wi-button" }, "Show every item");
  ledgerToggle.addEventListener("click", function () {
    ledgerAll = !ledgerAll;
    ledgerToggle.textContent = ledgerAll ? "Show the weightiest items" : "Show every item";
    render();
  });

  var barRows = H.map(function (h, k) {
    var value = el("span", { className: "wi-value" });
    var fill = el("span", { className: "wi-fill" });
    var mark = el("span", { className: "wi-mark", title: "the case as written", "aria-hidden": "true" });
    var bar = el("span", { className: "wi-threshold", title: "the threshold", "aria-hidden": "true" });
    var track = el("span", { className: "wi-track", "aria-hidden": "true" }, fill, mark, bar);
    var row = el("div", { className: "wi-bar", role: "listitem", "data-posterior": h.id, "data-value": "" },
      el("span", { className: "wi-name" }, label(k)), track, value);
    bars.appendChild(row);
    return { row: row, fill: fill, mark: mark, threshold: bar, value: value };
  });

  // Controls.
  var form = el("form", { className: "wi-controls", "aria-label": "What-if controls" });
  form.addEventListener("submit", function (ev) { ev.preventDefault(); });

  var perspectiveId = uid("perspective");
  var perspectiveSelect = el("select", { id: perspectiveId, "data-perspective": "" });
  P.forEach(function (p, k) {
    perspectiveSelect.appendChild(el("option", { value: p.id }, p.id === "base" ? "as written (base)" : p.id + (p.label ? ": " + p.label : "")));
  });
  var perspectiveNote = el("p", { className: "note", id: uid("pnote") });
  perspectiveSelect.setAttribute("aria-describedby", perspectiveNote.id);

  var thresholdId = uid("threshold");
  var listId = uid("standards");
  var standards = el("datalist", { id: listId });
  var marks = [{ label: "the case's threshold", threshold: P[0].threshold }].concat(
    data.standards.map(function (s) { return { label: s.label, threshold: s.threshold }; }));
  marks.forEach(function (m) { standards.appendChild(el("option", { value: m.threshold, label: m.label })); });
  var thresholdInput = el("input", { id: thresholdId, type: "range", min: 0, max: 1, step: 0.001, list: listId, "data-threshold": "" });
  var thresholdOut = el("output", { "for": thresholdId, className: "wi-num" });
  var standardButtons = el("div", { className: "wi-standards" });
  marks.forEach(function (m) {
    var b = el("button", { type: "button", className: "wi-button" }, m.label + " (" + m.threshold + ")");
    b.addEventListener("click", function () { setThreshold(m.threshold); update(); });
    standardButtons.appendChild(b);
  });

  var resetButton = el("button", { type: "button", className: "wi-button wi-reset" }, "Reset to the case as written");
  resetButton.addEventListener("click", function () { state = fromPerspective(0); syncControls(); update(); });
  var linkNote = el("p", { className: "note" }, "The settings are kept in the page address after #, so a bookmark or a copied link opens this view.");

  var sourceControls = S.map(function (s, k) {
    var id = uid("source");
    var out = el("output", { "for": id, className: "wi-num" });
    var grade = s.grade ? "Admiralty " + s.grade + " (" + s.grade_words + "), " : "";
    var count = I.filter(function (it) { return it.source === k; }).length;
    var desc = el("span", { className: "wi-desc", id: uid("sdesc") }, grade + "reliability " + s.reliability + "; " +
      (count === 1 ? "1 item" : count + " items") + ". ");
    var be = el("span", { className: "wi-breakeven" });
    desc.appendChild(be);
    var list = el("datalist", { id: uid("sticks") });
    var input = el("input", { id: id, type: "range", min: 0, max: 1, step: 0.01, list: list.id, "data-source": s.id, "aria-describedby": desc.id });
    var fs = el("div", { className: "wi-row" },
      el("label", { "for": id }, el("strong", null, s.label || s.id), " ", el("code", null, s.id)),
      el("div", { className: "wi-slider" }, input, out), list, desc);
    input.addEventListener("input", function () {
      state.sources[k] = parseFloat(input.value);
      update();
    });
    return { input: input, out: out, be: be, list: list, row: fs };
  });

  var itemControls = I.map(function (it, k) {
    var id = uid("item");
    var onId = uid("on");
    var out = el("output", { "for": id, className: "wi-num" });
    var on = el("input", { id: onId, type: "checkbox", "data-item-on": it.id });
    var input = el("input", { id: id, type: "range", min: 0, max: 1, step: 0.01, "data-item": it.id, "aria-label": "discount on " + it.id });
    var facts = [];
    if (it.source !== null && it.source !== undefined) facts.push("source " + S[it.source].id);
    if (it.group !== null && it.group !== undefined) facts.push("group " + data.groups[it.group].id + " (correlation " + data.groups[it.group].correlation + ")");
    if (it.own_reliability !== null && it.own_reliability !== undefined) facts.push("reliability " + it.own_reliability);
    else if (it.credibility_grade) facts.push("credibility " + it.credibility_grade);
    else if (it.credibility !== null && it.credibility !== undefined) facts.push("credibility " + it.credibility);
    var row = el("div", { className: "wi-row wi-item" },
      el("div", { className: "wi-item-head" }, on, el("label", { "for": onId }, el("code", null, it.id)),
        el("span", { className: "wi-desc" }, facts.join(", "))),
      el("div", { className: "wi-slider" }, input, out));
    on.addEventListener("input", function () { state.on[k] = on.checked; update(); });
    on.addEventListener("change", function () { if (state.on[k] !== on.checked) { state.on[k] = on.checked; update(); } });
    input.addEventListener("input", function () { state.items[k] = parseFloat(input.value); update(); });
    return { input: input, out: out, on: on, row: row, shown: null };
  });

  perspectiveSelect.addEventListener("input", function () {
    var k = perspectiveAt[perspectiveSelect.value];
    if (k === undefined) return;
    state = fromPerspective(k);
    syncControls();
    update();
  });
  perspectiveSelect.addEventListener("change", function () {
    var k = perspectiveAt[perspectiveSelect.value];
    if (k !== undefined && k !== state.perspective) {
      state = fromPerspective(k);
      syncControls();
      update();
    }
  });
  thresholdInput.addEventListener("input", function () {
    state.threshold = parseFloat(thresholdInput.value);
    update();
  });

  function setThreshold(t) {
    state.threshold = t;
    thresholdInput.value = String(t);
  }

  var sourcesBox = el("fieldset", { className: "wi-group" }, el("legend", null, "Trust in each source (discount on its reliability, 0 to 1)"));
  if (S.length === 0) sourcesBox.appendChild(el("p", { className: "note" }, "The case names no sources."));
  sourceControls.forEach(function (c) { sourcesBox.appendChild(c.row); });
  var itemsBox = el("fieldset", { className: "wi-group" }, el("legend", null, "Each item: on or off, and a discount on its reliability"));
  itemControls.forEach(function (c) { itemsBox.appendChild(c.row); });
  var itemsDetails = el("details", { className: "wi-items", open: I.length <= 40 },
    el("summary", null, "Items (" + I.length + ")"), itemsBox);

  form.appendChild(el("div", { className: "wi-row" },
    el("label", { "for": perspectiveId }, el("strong", null, "Perspective")), perspectiveSelect, perspectiveNote));
  form.appendChild(el("div", { className: "wi-row" },
    el("label", { "for": thresholdId }, el("strong", null, "Standard of proof"), " (threshold on the leader's posterior)"),
    el("div", { className: "wi-slider" }, thresholdInput, thresholdOut), standards, standardButtons));
  form.appendChild(sourcesBox);
  form.appendChild(itemsDetails);
  form.appendChild(el("div", { className: "wi-row" }, resetButton, linkNote));

  var outputs = el("div", { className: "wi-outputs" },
    verdictBox, changeLine,
    el("h3", null, "Posterior"), bars,
    el("p", { className: "note" }, "The thin dark mark on each bar is the case as written; the orange one on the leader's, the threshold it must reach."),
    el("h3", { id: uid("ledger") }, "Weight of each item, leader against runner-up"),
    ledgerNote, ledgerList, ledgerToggle);

  root.appendChild(el("h2", { id: "whatif-title" }, "What if"));
  root.appendChild(el("p", { className: "note" },
    "Move a control and the case is scored again in this page, with the model's arithmetic; nothing is sent anywhere. " +
    "The sections below this panel report the case as written."));
  root.appendChild(el("div", { className: "wi-grid" }, outputs, form));
  root.hidden = false;
  root.removeAttribute("hidden");

  // --- rendering -----------------------------------------------------------
  function syncControls() {
    perspectiveSelect.value = P[state.perspective].id;
    var p = P[state.perspective];
    perspectiveNote.textContent = state.perspective === 0 ? "The case as written." :
      (p.label || p.id) + (p.sets_prior ? " (sets its own prior)" : "");
    thresholdInput.value = String(state.threshold);
    sourceControls.forEach(function (c, k) {
      c.input.value = String(state.sources[k]);
      var be = p.break_even[k] ? p.break_even[k][1] : null;
      while (c.list.firstChild) c.list.removeChild(c.list.firstChild);
      if (be !== null && be !== undefined) {
        c.list.appendChild(el("option", { value: be }));
        c.be.textContent = "The verdict changes below " + fixed(be, 3) + " (break-even, computed by the library for this perspective).";
        c.input.style.setProperty("--be", (100 * be) + "%");
        c.input.classList.add("wi-has-be");
      } else {
        c.be.textContent = "No discount changes the verdict.";
        c.input.classList.remove("wi-has-be");
      }
    });
    itemControls.forEach(function (c, k) {
      c.input.value = String(state.items[k]);
      c.on.checked = state.on[k];
    });
  }

  function verdictText(res, st) {
    if (res.status === "contradictory") return "the evidence left on eliminates every hypothesis";
    var p = res.posterior[res.leader];
    if (res.status === "attributed") {
      return "to " + label(res.leader) + ": posterior " + fixed(p, 4) + ", at least the threshold " + st.threshold;
    }
    return "the leader, " + label(res.leader) + ", has posterior " + fixed(p, 4) + ", below the threshold " + st.threshold;
  }

  function list(parts) {
    if (parts.length <= 4) return parts.join("; ");
    return parts.slice(0, 4).join("; ") + "; and " + (parts.length - 4) + " more";
  }

  function changes(st) {
    var out = [];
    if (st.perspective !== 0) out.push("perspective " + P[st.perspective].id);
    S.forEach(function (s, k) {
      if (st.sources[k] !== base.sources[k]) out.push("source " + s.id + " at " + fixed(st.sources[k], 2) + " (was " + base.sources[k] + ")");
    });
    var off = [];
    var disc = [];
    I.forEach(function (it, k) {
      if (!st.on[k]) off.push(it.id);
      else if (st.items[k] !== base.items[k]) disc.push(it.id + " at " + fixed(st.items[k], 2));
    });
    if (off.length) out.push((off.length === 1 ? "item off: " : off.length + " items off: ") + list(off));
    if (disc.length) out.push((disc.length === 1 ? "item discounted: " : disc.length + " items discounted: ") + list(disc));
    if (P[st.perspective].sets_prior) out.push("prior from " + P[st.perspective].id);
    if (st.threshold !== base.threshold) out.push("threshold " + st.threshold + " (was " + base.threshold + ")");
    return out;
  }

  function outcome(res) {
    return res.status === "attributed" ? "attributed:" + H[res.leader].id : res.status;
  }

  function render() {
    var st = scored(state);
    var res = engine.score(prep, st);
    var o = outcome(res);
    verdictBox.setAttribute("data-value", o);
    verdictBox.className = "wi-verdict" + (res.status === "attributed" ? " attributed" : "");
    verdictBox.textContent = "";
    verdictBox.appendChild(el("span", { className: "status" }, res.status));
    verdictBox.appendChild(document.createTextNode(" " + verdictText(res, state) + "."));

    var what = changes(state);
    var was = outcome(baseResult);
    if (!what.length) {
      changeLine.textContent = "The case as written: nothing changed.";
    } else {
      var verdictMoved = was === o ? "the verdict is the same (" + was.replace(":", " to ") + ")" :
        "the verdict changes from " + was.replace(":", " to ") + " to " + o.replace(":", " to ");
      var lead = res.leader >= 0 && baseResult.leader >= 0 ?
        "; the leader's posterior " + fixed(baseResult.posterior[baseResult.leader], 4) + " as written, " + H[res.leader].id + " at " + fixed(res.posterior[res.leader], 4) + " now" : "";
      changeLine.textContent = "Against the case as written: " + what.join("; ") + ". So " + verdictMoved + lead + ".";
    }

    H.forEach(function (h, k) {
      var b = barRows[k];
      var p = res.posterior[k];
      b.row.setAttribute("data-value", String(p));
      b.row.setAttribute("aria-label", label(k) + ": " + fixed(p, 4));
      b.row.className = "wi-bar" + (k === res.leader ? " wi-leader" : "");
      b.fill.style.width = (100 * clamp01(p)) + "%";
      b.mark.style.left = (100 * clamp01(baseResult.posterior[k])) + "%";
      // the leader's bar marks the threshold it must reach
      b.threshold.style.display = k === res.leader ? "block" : "none";
      b.threshold.style.left = (100 * clamp01(st.threshold)) + "%";
      b.value.textContent = fixed(p, 4);
    });

    var rows = engine.ledger(prep, res);
    while (ledgerList.firstChild) ledgerList.removeChild(ledgerList.firstChild);
    if (res.leader < 0 || res.runnerUp < 0) {
      ledgerNote.textContent = "No ledger: no leader and runner-up.";
    } else {
      var shown = ledgerAll ? rows : rows.slice(0, 15);
      ledgerNote.textContent = label(res.leader) + " against " + label(res.runnerUp) +
        ", in decibans (10 log10 of the likelihood ratio; positive favours the leader). " +
        (rows.length > shown.length ? "The " + shown.length + " weightiest of " + rows.length + " items that weigh." : rows.length + " items weigh.");
      var maxAbs = 0;
      shown.forEach(function (r) { if (isFinite(r.decibans)) maxAbs = Math.max(maxAbs, Math.abs(r.decibans)); });
      shown.forEach(function (r) {
        var w = r.decibans;
        var text = isFinite(w) ? (w > 0 ? "+" : "") + fixed(w, 1) + " dB" : (w > 0 ? "eliminates " + H[res.runnerUp].id : "eliminates the leader");
        var width = isFinite(w) && maxAbs > 0 ? 50 * Math.abs(w) / maxAbs : 50;
        var bar = el("span", { className: "wi-db " + (w > 0 ? "wi-for" : "wi-against"), "aria-hidden": "true" });
        bar.style.width = width + "%";
        ledgerList.appendChild(el("li", { className: "wi-lrow" },
          el("code", null, I[r.item].id), el("span", { className: "wi-dbtrack" }, bar), el("span", { className: "wi-num" }, text)));
      });
    }
    ledgerToggle.hidden = rows.length <= 15;

    thresholdOut.textContent = fixed(state.threshold, 3);
    sourceControls.forEach(function (c, k) {
      c.out.textContent = fixed(state.sources[k], 2);
      c.input.setAttribute("aria-valuetext", fixed(state.sources[k], 2));
    });
    // Only the items whose setting changed: a case may have thousands.
    itemControls.forEach(function (c, k) {
      var text = state.on[k] ? fixed(state.items[k], 2) : "off";
      if (c.shown !== text) {
        c.shown = text;
        c.out.textContent = text;
        c.input.disabled = !state.on[k];
      }
    });
    return res;
  }

  // --- the URL fragment ----------------------------------------------------
  function encode(st) {
    var q = new URLSearchParams();
    var ref = fromPerspective(st.perspective);
    if (st.perspective !== 0) q.set("p", P[st.perspective].id);
    if (st.threshold !== ref.threshold) q.set("t", String(st.threshold));
    S.forEach(function (s, k) { if (st.sources[k] !== ref.sources[k]) q.set("s." + s.id, String(st.sources[k])); });
    I.forEach(function (it, k) {
      if (!st.on[k]) q.set("e." + it.id, "off");
      else if (st.items[k] !== ref.items[k]) q.set("e." + it.id, String(st.items[k]));
    });
    return q.toString();
  }

  function decode(text) {
    var q = new URLSearchParams(text);
    var k = perspectiveAt[q.get("p") || "base"];
    var st = fromPerspective(k === undefined ? 0 : k);
    q.forEach(function (v, key) {
      var x = parseFloat(v);
      if (key === "t" && isFinite(x)) st.threshold = clamp01(x);
      else if (key.slice(0, 2) === "s." && key.slice(2) in sourceAt && isFinite(x)) st.sources[sourceAt[key.slice(2)]] = clamp01(x);
      else if (key.slice(0, 2) === "e." && key.slice(2) in itemAt) {
        var i = itemAt[key.slice(2)];
        if (v === "off") st.on[i] = false;
        else if (isFinite(x)) st.items[i] = clamp01(x);
      }
    });
    return st;
  }

  var written = "";
  function remember() {
    var f = encode(state);
    written = f;
    var url = location.href.split("#")[0] + (f ? "#" + f : "");
    try {
      history.replaceState(null, "", f ? "#" + f : url);
    } catch (err) {
      if (location.hash.slice(1) !== f) location.hash = f;
    }
  }

  // The address follows the controls a moment after they stop moving: a
  // drag fires many input events, and browsers throttle history changes.
  var pending = null;
  function rememberSoon() {
    if (pending !== null) clearTimeout(pending);
    pending = setTimeout(function () { pending = null; remember(); }, 250);
  }

  function update() {
    var t0 = performance.now();
    var res = render();
    rememberSoon();
    var ms = performance.now() - t0;
    root.setAttribute("data-ms", String(ms));
    window.whatifLast = { ms: ms, result: res };
    return res;
  }

  window.addEventListener("hashchange", function () {
    var f = location.hash.slice(1);
    if (f === written) return;
    state = decode(f);
    syncControls();
    update();
  });

  var initial = location.hash.length > 1 ? location.hash.slice(1) : (data.initial !== "base" ? "p=" + encodeURIComponent(data.initial) : "");
  state = decode(initial);
  syncControls();
  update();
  window.whatif = { data: data, engine: engine, prepared: prep, state: function () { return state; }, update: update };
})();
