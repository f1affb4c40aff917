"""The interactive report in a real browser: headless Chromium, driven by
Selenium through Debian's chromedriver (issue 22, item 4).

    python3 tests/browser/whatif.py ATTRIB_BIN OUTDIR [--seed N] [--trials N]
    python3 tests/browser/whatif.py ATTRIB_BIN OUTDIR --perf CASE.json

ATTRIB_BIN is the `attrib` binary (feature `cli`); OUTDIR receives the
pages, the case copies, and the screenshots whatif-1200.png and
whatif-400.png (Sarmin). The check, for every JIM case
(examples/cases/jim/*-20*.json) and for generated cases with dependence
groups (benches/cases/generate.py, then random correlations, some items with
`observed` or `chance`, one case tempered):

- the page is well-formed XML, loads with no console error, and shows the library's posterior
  before any control moves (to 1e-9);
- every perspective chosen in the selector gives `attrib score
  --perspective` (to 1e-9, and the same verdict);
- for random settings (seeded) of the perspective, every source's trust,
  every item (on, off or a discount) and the threshold, the page's
  posterior matches `attrib score --format json` of a copy of the case with
  the same settings written as a perspective, to 1e-9, with the same
  verdict; the view's URL, opened anew, gives the same numbers;
- moving a control by keyboard changes the verdict where the library says
  it should: a source's slider, arrow by arrow, flips it at the first step
  at or below the library's break-even discount, and the library agrees at
  that step; the threshold flips it where it passes the leader's posterior;
- the first Tab from the top of the page reaches the perspective selector,
  and at 400 px the panel fits the window.

With --perf, it times a control move on one case's page (the Performance
API, around the `input` event and the layout it causes) and prints the
figures. Exit status 0 when every check passes.
"""
import argparse
import glob
import json
import os
import random
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

TOLERANCE = 1e-9
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FAILURES = []


def fail(msg):
    FAILURES.append(msg)
    print("FAIL: " + msg, flush=True)


def browser(width=1200, height=1600):
    opts = Options()
    opts.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
              "--disable-dev-shm-usage", f"--window-size={width},{height}"):
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    return webdriver.Chrome(service=service, options=opts)


def run(args):
    out = subprocess.run(args, capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: {out.stderr.strip()}")
    return out.stdout


def page_of(attrib, case, out_dir, name):
    path = os.path.join(out_dir, name + ".html")
    html = run([attrib, "report", case, "--format", "html", "--interactive", "--draws", "200", "-q"])
    with open(path, "w", encoding="utf-8") as f:
        f.write(html)
    return path


def console_errors(driver):
    return [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def shown(driver):
    """The page's posterior ({id: value}) and verdict."""
    return driver.execute_script(
        "var p = {}; document.querySelectorAll('[data-posterior]').forEach(function (e) {"
        " p[e.getAttribute('data-posterior')] = parseFloat(e.getAttribute('data-value')); });"
        "return [p, document.querySelector('[data-verdict]').getAttribute('data-value')];")


def library_outcome(score):
    v = score["verdict"]
    return "attributed:" + v["hypothesis"] if v["status"] == "attributed" else v["status"]


def compare(what, page, lib_post, lib_verdict):
    post, verdict = page
    worst = 0.0
    for h, p in lib_post.items():
        if h not in post:
            fail(f"{what}: no posterior shown for {h}")
            continue
        worst = max(worst, abs(post[h] - p))
    if worst > TOLERANCE:
        fail(f"{what}: posterior differs from the library by {worst:.3e} ({post} against {lib_post})")
    if verdict != lib_verdict:
        fail(f"{what}: verdict {verdict} against the library's {lib_verdict}")
    return worst


def set_control(driver, selector, value):
    driver.execute_script(
        "var e = document.querySelector(arguments[0]);"
        "if (e.type === 'checkbox') e.checked = arguments[1]; else e.value = arguments[1];"
        "e.dispatchEvent(new Event('input', {bubbles: true}));", selector, value)


def css_id(ident):
    return '"' + ident.replace("\\", "\\\\").replace('"', '\\"') + '"'


def score_with(attrib, case_path, data, settings, out_dir, tag):
    """`attrib score` of a copy of the case with `settings` as a perspective."""
    with open(case_path, encoding="utf-8") as f:
        case = json.load(f)
    folder = os.path.join(out_dir, "copies", tag)
    os.makedirs(folder, exist_ok=True)
    if "codebook" in case:
        shutil.copy(os.path.join(os.path.dirname(case_path), case["codebook"]),
                    os.path.join(folder, case["codebook"]))
    p = {"id": "whatif-check",
         "discount": {"sources": settings["sources"], "evidence": settings["items"]},
         "threshold": settings["threshold"]}
    if settings.get("prior") is not None:
        p["prior"] = settings["prior"]
    case.setdefault("perspectives", []).append(p)
    copy = os.path.join(folder, os.path.basename(case_path))
    with open(copy, "w", encoding="utf-8") as f:
        json.dump(case, f)
    out = subprocess.run([attrib, "score", copy, "--perspective", "whatif-check", "--format", "json"],
                         capture_output=True, text=True, timeout=120)
    if out.returncode != 0:
        if "contradict" in out.stderr:
            return None
        raise RuntimeError(out.stderr)
    return json.loads(out.stdout)


def check_case(driver, attrib, case_path, out_dir, rng, trials, name):
    page = page_of(attrib, case_path, out_dir, name)
    with open(page, encoding="utf-8") as f:
        text = f.read()
    try:
        # well-formed XML, as the static page is (the script in a CDATA section)
        ET.fromstring(text.removeprefix("<!DOCTYPE html>"))
    except ET.ParseError as e:
        fail(f"{name}: the page is not well-formed XML: {e}")
    driver.get("file://" + page)
    errors = console_errors(driver)
    if errors:
        fail(f"{name}: console errors {errors}")
    data = driver.execute_script("return window.whatif.data")
    hyps = [h["id"] for h in data["hypotheses"]]
    lib = dict(zip(hyps, data["posterior"]))
    base = json.loads(run([attrib, "score", case_path, "--format", "json"]))
    worst = compare(f"{name} as written", shown(driver), base["posterior"], library_outcome(base))
    worst = max(worst, max(abs(lib[h] - base["posterior"][h]) for h in hyps))
    # Each perspective as the selector sets it.
    for p in data["perspectives"][1:]:
        set_control(driver, "[data-perspective]", p["id"])
        lib_p = json.loads(run([attrib, "score", case_path, "--perspective", p["id"], "--format", "json"]))
        worst = max(worst, compare(f"{name} perspective {p['id']}", shown(driver),
                                   lib_p["posterior"], library_outcome(lib_p)))
    written = data["perspectives"][0]
    if written["sources"] or written["items"]:
        print(f"  {name}: the case carries discounts of its own; random settings skipped")
        return worst
    for t in range(trials):
        k = rng.randrange(len(data["perspectives"]))
        persp = data["perspectives"][k]
        set_control(driver, "[data-perspective]", persp["id"])
        sources = {}
        for s in data["sources"]:
            v = rng.choice([1.0, 0.0, round(rng.random(), 2), round(rng.random(), 2)])
            sources[s["id"]] = v
            set_control(driver, f"[data-source={css_id(s['id'])}]", str(v))
        items = {}
        for it in data["items"]:
            u = rng.random()
            sel = f"[data-item={css_id(it['id'])}]"
            if u < 0.15:
                set_control(driver, f"[data-item-on={css_id(it['id'])}]", False)
                items[it["id"]] = 0.0
            else:
                v = 1.0 if u < 0.7 else round(rng.random(), 2)
                set_control(driver, f"[data-item-on={css_id(it['id'])}]", True)
                set_control(driver, sel, str(v))
                items[it["id"]] = v
        threshold = round(0.5 + 0.499 * rng.random(), 3)
        set_control(driver, "[data-threshold]", str(threshold))
        prior = dict(zip(hyps, persp["prior"])) if persp["sets_prior"] else None
        settings = {"sources": sources, "items": items, "threshold": threshold, "prior": prior}
        lib_t = score_with(attrib, case_path, data, settings, out_dir, f"{name}-{t}")
        got = shown(driver)
        if lib_t is None:
            if got[1] != "contradictory":
                fail(f"{name} trial {t}: the library finds the case contradictory, the page says {got[1]}")
            continue
        worst = max(worst, compare(f"{name} trial {t} ({persp['id']})", got,
                                   lib_t["posterior"], library_outcome(lib_t)))
        if t == 0:
            # The view's address, opened anew, gives the same view.
            time.sleep(0.5)  # the page writes its address 250 ms after the last move
            url = driver.current_url
            if "#" not in url:
                fail(f"{name}: no state in the URL fragment after a change")
            driver.get("about:blank")
            driver.get(url)
            again = shown(driver)
            if again != got:
                fail(f"{name}: the bookmarked view differs: {again} against {got}")
    errors = console_errors(driver)
    if errors:
        fail(f"{name}: console errors {errors}")
    return worst


def generated_cases(out_dir, rng):
    paths = []
    specs = [(3, 30, 3), (4, 60, 5), (6, 45, 8), (2, 25, 11), (5, 80, 13)]
    for n, (h, e, seed) in enumerate(specs):
        text = run([sys.executable, os.path.join(ROOT, "benches", "cases", "generate.py"), str(h), str(e), str(seed)])
        case = json.loads(text)
        for g in case["groups"]:
            g["correlation"] = rng.choice([0.0, 0.25, 0.5, 0.9, 1.0])
        for it in case["evidence"]:
            # more items in groups than the generator puts, so groups rank
            if "group" not in it and rng.random() < 0.3:
                it["group"] = f"g{rng.randrange(5)}"
            if rng.random() < 0.15:
                it["observed"] = round(rng.uniform(0.55, 1.0), 3)
            if rng.random() < 0.1:
                it["chance"] = round(rng.uniform(0.05, 0.9), 3)
        if n == 3:
            case["weighting"] = "tempered"
        ids = [x["id"] for x in case["hypotheses"]]
        case["perspectives"] = [{
            "id": "doubt-s0", "label": "Source s0 at half trust, a prior of its own",
            "discount": {"sources": {"s0": 0.5}},
            "prior": {x: (2 if k == 0 else 1) for k, x in enumerate(ids)},
            "threshold": 0.9,
        }]
        path = os.path.join(out_dir, f"generated-{h}x{e}.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(case, f)
        paths.append(path)
    return paths


def keyboard(driver, attrib, out_dir):
    """Arrow keys on a source's slider and on the threshold flip the verdict
    where the library says they should."""
    checked = 0
    for case_path in sorted(glob.glob(os.path.join(ROOT, "examples", "cases", "jim", "*-20*.json"))):
        name = os.path.splitext(os.path.basename(case_path))[0]
        page = os.path.join(out_dir, name + ".html")
        driver.get("file://" + page)
        data = driver.execute_script("return window.whatif.data")
        for k, (sid, be) in enumerate(data["perspectives"][0]["break_even"]):
            if be is None or checked >= 3:
                continue
            driver.get("file://" + page)
            slider = driver.find_element(By.CSS_SELECTOR, f"[data-source={css_id(sid)}]")
            driver.execute_script("arguments[0].focus()", slider)
            before = shown(driver)[1]
            value, after = 1.0, before
            for _ in range(101):
                slider.send_keys(Keys.ARROW_LEFT)
                value = float(slider.get_attribute("value"))
                after = shown(driver)[1]
                if after != before:
                    break
            if after == before:
                fail(f"{name}: {sid} moved to {value} by keyboard, the verdict never changed (break-even {be})")
                continue
            if not (value <= be + 1e-6 and value > be - 0.01 - 1e-6):
                fail(f"{name}: {sid}: the verdict changed at {value}, the library's break-even is {be}")
            lib = score_with(attrib, case_path, data,
                             {"sources": {sid: value}, "items": {}, "threshold": data["perspectives"][0]["threshold"]},
                             out_dir, f"{name}-key-{sid}")
            if lib is not None and library_outcome(lib) != after:
                fail(f"{name}: {sid} at {value}: page says {after}, library {library_outcome(lib)}")
            print(f"  keyboard: {name}, source {sid}: {before} -> {after} at {value:.2f} (break-even {be:.6f})")
            checked += 1
    if checked == 0:
        fail("keyboard: no JIM source has a break-even discount to try")
    # The threshold, by keyboard, on Sarmin: it flips where it passes the
    # leader's posterior.
    page = os.path.join(out_dir, "sarmin-2015-03-16.html")
    driver.get("file://" + page)
    t = driver.find_element(By.CSS_SELECTOR, "[data-threshold]")
    driver.execute_script("arguments[0].focus()", t)
    post, before = shown(driver)
    top = max(post.values())
    value, after = None, before
    for _ in range(1000):
        t.send_keys(Keys.ARROW_LEFT)
        value = float(t.get_attribute("value"))
        after = shown(driver)[1]
        if after != before:
            break
    if after == before or not (value <= top < value + 0.001 + 1e-12):
        fail(f"keyboard: threshold at {value}: verdict {before} -> {after}, leader's posterior {top}")
    else:
        print(f"  keyboard: threshold {value:.3f}: {before} -> {after} (leader's posterior {top:.6f})")
    # Focus order: the first Tab reaches the perspective selector.
    driver.get("file://" + page)
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    if not driver.execute_script("return document.activeElement.hasAttribute('data-perspective')"):
        fail("keyboard: the first Tab does not reach the perspective selector")


def screenshots(driver, out_dir):
    page = os.path.join(out_dir, "sarmin-2015-03-16.html")
    for width, height in ((1200, 1500), (400, 1600)):
        driver.set_window_size(width, height)
        driver.get("file://" + page)
        # the sceptic's view: something moved
        set_control(driver, "[data-perspective]", "sceptic")
        time.sleep(0.2)
        driver.execute_script("document.getElementById('whatif').scrollIntoView()")
        shot = os.path.join(out_dir, f"whatif-{width}.png")
        driver.save_screenshot(shot)
        inner, right = driver.execute_script(
            "return [document.documentElement.clientWidth, document.getElementById('whatif').getBoundingClientRect().right]")
        if right > inner + 1:
            fail(f"at {width} px the panel overflows the window ({right} > {inner})")
        print(f"  screenshot {shot}")
    driver.set_window_size(1200, 1600)


def perf(attrib, case_path, out_dir):
    page = page_of(attrib, case_path, out_dir, "perf")
    size = os.path.getsize(page)
    driver = browser()
    try:
        t0 = time.time()
        driver.get("file://" + page)
        load = time.time() - t0
        data = driver.execute_script("return window.whatif.data")
        times = driver.execute_script(
            "var out = []; var s = document.querySelector('[data-source]');"
            "var t = document.querySelector('[data-threshold]');"
            "for (var k = 0; k < 40; k++) {"
            "  var e = k % 2 ? t : s; e.value = String(k % 2 ? 0.9 + k / 1000 : 1 - k / 100);"
            "  var t0 = performance.now(); e.dispatchEvent(new Event('input', {bubbles: true}));"
            "  document.body.getBoundingClientRect(); out.push(performance.now() - t0); }"
            "return out;")
        times.sort()
        print(json.dumps({"case": case_path, "hypotheses": len(data["hypotheses"]), "items": len(data["items"]),
                          "page_bytes": size, "load_seconds": round(load, 2),
                          "recompute_ms_median": round(times[len(times) // 2], 1),
                          "recompute_ms_max": round(times[-1], 1)}))
        if console_errors(driver):
            fail("perf: console errors")
    finally:
        driver.quit()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("attrib")
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=22)
    ap.add_argument("--trials", type=int, default=4)
    ap.add_argument("--perf")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    attrib = os.path.abspath(a.attrib)
    out_dir = os.path.abspath(a.out)
    if a.perf:
        perf(attrib, a.perf, out_dir)
        return 1 if FAILURES else 0
    rng = random.Random(a.seed)
    driver = browser()
    try:
        worst = 0.0
        cases = sorted(glob.glob(os.path.join(ROOT, "examples", "cases", "jim", "*-20*.json")))
        cases += generated_cases(out_dir, rng)
        for case_path in cases:
            name = os.path.splitext(os.path.basename(case_path))[0]
            w = check_case(driver, attrib, case_path, out_dir, rng, a.trials, name)
            print(f"  {name}: largest difference from the library {w:.2e}", flush=True)
            worst = max(worst, w)
        keyboard(driver, attrib, out_dir)
        screenshots(driver, out_dir)
        print(f"{len(cases)} cases, {a.trials} random settings each: largest difference {worst:.2e}")
    finally:
        driver.quit()
    if FAILURES:
        print(f"{len(FAILURES)} failure(s)")
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
