"""Writes a synthetic ACH matrix (CSV) for timing `attrib ach`.

    python3 benches/cases/ach_matrix.py [--source-per-item] ROWS HYPOTHESES [SEED] > matrix.csv

One row per item with `id`, a description of about 450 characters,
`credibility` and `relevance` (High / Medium / Low), a `source` (one of
twenty, or with `--source-per-item` the item's own, `s<row>`) and, for every tenth item, a `group` (one of five); then one
column per hypothesis (`h0`, `h1`, ..., the last `other`) rated CC, C, N,
I, II or NA, drawn from a fixed linear congruential sequence, so every run
writes the same file. 4 000 rows of 205 hypotheses make about 4 MB.
Python 3 standard library only.
"""
import csv
import sys


def main():
    args = sys.argv[1:]
    own = "--source-per-item" in args
    args = [a for a in args if a != "--source-per-item"]
    rows, h = int(args[0]), int(args[1])
    state = int(args[2]) if len(args) > 2 else 1

    def nxt(n):
        nonlocal state
        state = (state * 6364136223846793005 + 1442695040888963407) % 2**64
        return (state >> 33) % n

    grades = ["High", "Medium", "Low"]
    ratings = ["CC", "C", "N", "I", "II", "NA"]
    hypotheses = [f"h{k}" for k in range(h - 1)] + ["other"]
    filler = (
        "A report of the incident from a witness or a document, with what it says, "
        "who said it and when, and what it would mean under each hypothesis; "
    )
    def source(i):
        # a shared source is drawn from the sequence (the files written
        # without the flag are unchanged); an item's own source is not
        return f"s{i}" if own else f"s{nxt(20)}"

    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["id", "description", "credibility", "relevance", "source", "group"] + hypotheses)
    for i in range(rows):
        description = f"item {i}: " + (filler * 4)[: 430 + nxt(40)]
        group = f"g{(i // 10) % 5}" if i % 10 == 0 else ""
        out.writerow(
            [f"e{i}", description, grades[nxt(3)], grades[nxt(3)], source(i), group]
            + [ratings[nxt(6)] for _ in hypotheses]
        )


if __name__ == "__main__":
    main()
