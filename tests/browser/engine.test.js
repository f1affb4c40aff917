// The what-if page's scoring engine under node, against hand-computed
// references (docs/model.md sections 2-5):  node --test tests/browser/
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const E = require("../../src/presentation/report/whatif.js");

function item(id, likelihoods, extra) {
  return Object.assign({ id: id, likelihoods: likelihoods, chance: null, observed: null, source: null, group: null, base_reliability: 1 }, extra || {});
}

function run(data, over) {
  const n = data.hypotheses.length;
  const st = Object.assign({
    sources: (data.sources || []).map(() => 1),
    items: data.items.map(() => 1),
    lnPrior: new Array(n).fill(Math.log(1 / n)),
    threshold: 0.95,
  }, over || {});
  const p = E.prepare(Object.assign({ groups: [], sources: [] }, data));
  return E.score(p, st);
}

const two = [{ id: "a" }, { id: "b" }];
const close = (x, y) => assert.ok(Math.abs(x - y) < 1e-14, `${x} against ${y}`);

test("Monty Hall: 1/3, 2/3, and door 3 eliminated", () => {
  const r = run({ weighting: "mixture", hypotheses: [{ id: "d1" }, { id: "d2" }, { id: "d3" }], items: [item("host", [0.5, 1, 0])] });
  close(r.posterior[1], 2 / 3);
  assert.strictEqual(r.posterior[2], 0);
  assert.strictEqual(r.status, "insufficient");
});

test("mixture: r = 0.8 with chance the mean gives 0.82; a source discount of 0.5 gives 0.66", () => {
  const data = { weighting: "mixture", hypotheses: two, sources: [{ id: "s" }], items: [item("e", [0.9, 0.1], { source: 0, base_reliability: 0.8 })] };
  close(run(data).posterior[0], 0.82);
  close(run(data, { sources: [0.5] }).posterior[0], 0.66);
  // discount 0 says nothing
  close(run(data, { items: [0] }).posterior[0], 0.5);
});

test("tempered: l ^ r", () => {
  const r = run({ weighting: "tempered", hypotheses: two, items: [item("e", [0.9, 0.1], { base_reliability: 0.5 })] });
  close(r.posterior[0], Math.sqrt(0.9) / (Math.sqrt(0.9) + Math.sqrt(0.1)));
});

test("observed: q l + (1 - q)(1 - l)", () => {
  const r = run({ weighting: "mixture", hypotheses: two, items: [item("e", [0.8, 0.2], { observed: 0.9 })] });
  close(r.posterior[0], 0.74 / (0.74 + 0.26));
});

test("groups: rho = 1 counts the most damning item once; rho = 0.5 weighs the second by 1/2", () => {
  const items = [item("x", [0.9, 0.1], { group: 0 }), item("y", [0.9, 0.1], { group: 0 })];
  const one = run({ weighting: "mixture", hypotheses: two, groups: [{ correlation: 1, members: [0, 1] }], items });
  close(one.posterior[0], 0.9);
  const half = run({ weighting: "mixture", hypotheses: two, groups: [{ correlation: 0.5, members: [0, 1] }], items });
  const odds = 9 * Math.pow(9, 0.5);
  close(half.posterior[0], odds / (1 + odds));
});

test("verdict, threshold and ledger", () => {
  const data = { weighting: "mixture", hypotheses: two, items: [item("e", [0.99, 0.01]), item("f", [0.4, 0.6])] };
  const r = run(data, { threshold: 0.9 });
  assert.strictEqual(r.status, "attributed");
  assert.strictEqual(r.leader, 0);
  const p = E.prepare(Object.assign({ groups: [], sources: [] }, data));
  const ledger = E.ledger(p, r);
  assert.deepStrictEqual(ledger.map((x) => x.item), [0, 1]);
  close(ledger[0].decibans, 10 * Math.log10(99));
  close(ledger[1].decibans, 10 * Math.log10(0.4 / 0.6));
  assert.strictEqual(run(data, { threshold: 0.999 }).status, "insufficient");
});
