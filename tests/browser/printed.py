"""The static report, printed: headless Chromium prints it to PDF, poppler's
pdftoppm renders each page in grey, and each page but the last must be
filled: the blank run at the foot of its printable area (A4 less the
report's 14 mm margins) is at most MAX_BLANK of it (issue 22: page 1 was
45 % blank, the first chart pushed to page 2).

    python3 tests/browser/printed.py ATTRIB_BIN OUTDIR

Prints, for the Sarmin and Khan Shaykhun reports and a generated case of 16
hypotheses and 1,000 items (benches/cases/generate.py 16 1000 7), the page
count and each page's blank foot in per cent, and keeps the PDFs in OUTDIR.
Exit status 0 when every page passes.
"""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# The most of a page's printable height that may be left blank at its foot
# (a page but the last). Before the print stylesheet drew charts at most
# 80 mm high, Sarmin's page 1 was 36 % blank (its first chart pushed to
# page 2); since, no page of these three is more than 15 % blank.
MAX_BLANK = 0.30
DPI = 36
# A4 at DPI: 297 mm high; the report's @page margins are 14 mm top and bottom.
MARGIN_MM = 14.0


def run(args, **kw):
    return subprocess.run(args, check=True, capture_output=True, **kw)


def pgm_rows(path):
    """The rows of a binary PGM (P5, 8-bit) as bytes objects."""
    with open(path, "rb") as f:
        data = f.read()
    fields = []
    pos = 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos)
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    pos += 1
    if fields[0] != b"P5" or int(fields[3]) != 255:
        raise ValueError(f"{path}: not an 8-bit binary PGM")
    width, height = int(fields[1]), int(fields[2])
    return [data[pos + r * width: pos + (r + 1) * width] for r in range(height)]


def blank_foot(rows):
    """The blank run at the foot of the printable area, as a fraction of it:
    rows with no pixel darker than near-white."""
    height = len(rows)
    margin = round(height * MARGIN_MM / 297.0)
    area = rows[margin:height - margin]
    blank = 0
    for row in reversed(area):
        if min(row) < 245:
            break
        blank += 1
    return blank / max(1, len(area))


def pages(pdf, out_dir, stem):
    prefix = os.path.join(out_dir, stem)
    run(["pdftoppm", "-gray", "-r", str(DPI), pdf, prefix])
    shots = sorted(p for p in os.listdir(out_dir) if p.startswith(stem + "-") and p.endswith(".pgm"))
    return [os.path.join(out_dir, p) for p in shots]


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    attrib, out_dir = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    os.makedirs(out_dir, exist_ok=True)
    generated = os.path.join(out_dir, "generated-16x1000.json")
    with open(generated, "wb") as f:
        f.write(run([sys.executable, os.path.join(ROOT, "benches", "cases", "generate.py"), "16", "1000", "7"]).stdout)
    cases = [
        os.path.join(ROOT, "examples", "cases", "jim", "sarmin-2015-03-16.json"),
        os.path.join(ROOT, "examples", "cases", "jim", "khan-shaykhun-2017-04-04.json"),
        generated,
    ]
    failures = []
    for case in cases:
        stem = os.path.splitext(os.path.basename(case))[0]
        html = os.path.join(out_dir, stem + ".html")
        pdf = os.path.join(out_dir, stem + ".pdf")
        with open(html, "wb") as f:
            f.write(run([attrib, "report", case, "--format", "html", "--draws", "2000", "-q"]).stdout)
        for old in os.listdir(out_dir):
            if old.startswith(stem + "-") and old.endswith(".pgm"):
                os.remove(os.path.join(out_dir, old))
        run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
             f"--print-to-pdf={pdf}", "file://" + html], timeout=300)
        shots = pages(pdf, out_dir, stem)
        blanks = [blank_foot(pgm_rows(p)) for p in shots]
        print(f"  {stem}: {len(shots)} pages, blank foot " +
              " ".join(f"{100 * b:.0f}%" for b in blanks))
        for k, b in enumerate(blanks[:-1]):
            if b > MAX_BLANK:
                failures.append(f"{stem}: page {k + 1} is {100 * b:.0f} % blank at its foot (at most {100 * MAX_BLANK:.0f} %)")
    for f in failures:
        print("FAIL: " + f)
    if failures:
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
