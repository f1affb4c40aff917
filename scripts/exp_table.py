#!/usr/bin/env python3
"""Writes src/numeric/exp/table.rs: the constants of the certified
exponential (src/numeric/exp.rs), computed in exact rational arithmetic
(`fractions`) from ln 2 and 2^(j/128) worked out with `decimal` at 80
significant digits, then rounded to the nearest double once.

    python3 scripts/exp_table.py           # writes the file
    python3 scripts/exp_table.py --check   # fails if the file differs

Each double is written as Python's `repr` (the shortest decimal that reads
back as the same double; Rust's float literals round correctly, so the
bits are the same) and checked here against the bits it must have.

The error budget of the module doc (the constant `TAIL`, the part of the
bound D that does not depend on the lane) is computed here too, each term
bounded above in exact arithmetic, so that the constant is at least their
sum. The terms follow the module doc's numbering (E1..E7).
"""
import decimal
import math
import pathlib
import struct
import sys
from fractions import Fraction as F

OUT = pathlib.Path(__file__).resolve().parents[1] / "src" / "numeric" / "exp" / "table.rs"
N = 128
PREC = 80

decimal.getcontext().prec = PREC
LN2_DEC = decimal.Decimal(2).ln()
LN2 = F(LN2_DEC)
# |ln 2 (decimal) - ln 2| <= one unit in its 80th digit
LN2_ERR = F(1, 10 ** (PREC - 1))

U = F(1, 2 ** 53)


def rn(q):
    """The double nearest to the rational q (ties to even): int / int
    true division in Python is correctly rounded."""
    return q.numerator / q.denominator


def exact(d):
    return F(d)


def up(q):
    """The smallest double not below the rational q."""
    d = rn(q)
    return d if exact(d) >= q else math.nextafter(d, math.inf)


def round_bits(q, bits):
    """q rounded to `bits` significant bits (nearest), as a rational."""
    e = math.floor(math.log2(abs(q)))
    while F(2) ** e > abs(q):
        e -= 1
    while F(2) ** (e + 1) <= abs(q):
        e += 1
    step = F(2) ** (e - bits + 1)
    return round(q / step) * step


def two_to(j):
    """2^(j/N) to PREC digits, and a bound on its error."""
    v = (decimal.Decimal(j) * LN2_DEC / N).exp()
    # the argument carries ln 2's error times j/N < 1, and exp at PREC
    # digits is correctly rounded: relative error below 3 units of the
    # 79th digit
    return F(v), F(v) * F(3, 10 ** (PREC - 2))


def main():
    L = LN2 / N
    inv_l = rn(N / LN2)
    c1 = round_bits(L, 36)
    c1d = rn(c1)
    assert exact(c1d) == c1, "C1 holds 36 bits"
    c2d = rn(L - c1)
    # |L - C1 - C2|: the rounding of C2 plus ln 2's own error
    dl = abs(L - c1 - exact(c2d)) + LN2_ERR / N
    shift = 1.5 * 2.0 ** 52

    # the domain of the fast path, and the largest |k|
    lo_x, hi_x = -708.39, 709.7
    kmax = max(abs(round(F(lo_x) * N / LN2)), abs(round(F(hi_x) * N / LN2))) + 1
    assert kmax < 2 ** 17, "kd * C1 exact: 17 + 36 bits"
    # |z - x N / ln 2| for z = RN(x * INV_L): INV_L's error times |x| plus
    # the product's rounding; |kd - z| <= 1/2
    dz = F(710) * abs(exact(inv_l) - N / LN2) + U * (kmax + 1)
    # |r| <= R: |rho| <= L (1/2 + dz), and |r - rho| <= u |r| + kmax dl
    rho_max = (L + LN2_ERR / N) * (F(1, 2) + dz)
    r_max = (rho_max + kmax * dl) / (1 - U)
    assert r_max < F(1, 2 ** 8), "|r_hi| < 2^-8: x - kd C1 exact"

    hi, lo, dt = [], [], F(0)
    for j in range(N):
        v, err = two_to(j)
        h = rn(v)
        l = rn(v - exact(h))
        hi.append(h)
        lo.append(l)
        # |2^(j/N) - hi - lo| <= rounding of lo + the decimal's error
        dt = max(dt, abs(v - exact(h) - exact(l)) + err)
        assert abs(exact(l)) <= F(1, 2 ** 53), (j, l)
    assert dt < F(1, 2 ** 105)
    lo_max = max(abs(exact(l)) for l in lo)
    hi_max = max(exact(h) for h in hi)
    assert hi_max < 2

    # exp(R) < E_R, rational upper bound
    e_r = 1 + r_max + r_max ** 2  # e^x < 1 + x + x^2 for 0 < x < 1
    # two^(127/128) e^R < 2: the factor of E1
    assert exact(hi[-1]) * e_r < 2
    # the Taylor polynomial's coefficients: RN(1/k!)
    c = {k: rn(F(1, math.factorial(k))) for k in range(3, 7)}
    p_abs = F(1, 2) + sum(exact(c[k]) * r_max ** (k - 2) for k in range(3, 7))

    e1_const = 2 * kmax * dl                       # E1 without its u|r| part
    e2 = dt * e_r                                  # E2: the table
    e3 = 2 * (r_max ** 7 / 5040 * F(1001, 1000)     # E3: Taylor remainder
              + sum(U * r_max ** k / math.factorial(k) for k in range(3, 7))
              + r_max ** 2 * p_abs * ((1 + U) ** 6 - 1))  # and m's roundings
    e4 = lo_max * r_max ** 2 * p_abs               # E4: T_lo (e^r - 1 - r)
    lo_abs = lo_max * (1 + r_max) * (1 + U)
    e5 = U * lo_abs                                # E5: lo's rounding
    h2_abs = (2 * r_max ** 2 * p_abs * (1 + U) ** 7 + lo_abs) * (1 + U)
    e6 = U * h2_abs                                # E6: h2's rounding
    tail = e1_const + e2 + e3 + e4 + e5 + e6
    # written rounded up, with room for the rounding of the bound's own
    # evaluation (module doc)
    tail_d = up(tail * (1 + F(1, 2 ** 20)))

    def lit(d):
        s = repr(d)
        assert float(s) == d and struct.pack("<d", float(s)) == struct.pack("<d", d)
        if "e" not in s and "." not in s:
            s += ".0"
        return s

    def bits(d):
        return struct.unpack("<Q", struct.pack("<d", d))[0]

    lines = [
        "// Generated by scripts/exp_table.py: do not edit. The constants of the",
        "// certified exponential (src/numeric/exp.rs), each the double nearest to",
        "// the value it names, from ln 2 and 2^(j/128) worked out at "
        f"{PREC} digits.",
        "",
        f"/// `{N} / ln 2`, rounded.",
        f"pub(super) const INV_L: f64 = {lit(inv_l)};",
        f"/// `ln 2 / {N}` rounded to 36 bits, so that `kd * C1` is exact for",
        "/// `|kd| < 2^17`.",
        f"pub(super) const C1: f64 = {lit(c1d)};",
        "/// `ln 2 / 128 - C1`, rounded; `|ln 2 / 128 - C1 - C2| < "
        f"{float(dl):.3e}`.",
        f"pub(super) const C2: f64 = {lit(c2d)};",
        f"/// `1.5 * 2^52`: `z + SHIFT` rounds `z` to an integer (`|z| < 2^51`).",
        f"pub(super) const SHIFT: f64 = {lit(shift)};",
        f"/// The bound on `|r|` the error budget uses: {float(r_max):.10e}",
        "/// (the tests check the reduction against it).",
        "#[cfg(test)]",
        f"pub(super) const R_MAX: f64 = {lit(up(r_max))};",
        "/// The constant part of the bound D (E1's `kd` part, E2..E6 of the",
        f"/// module doc), rounded up: {float(tail):.4e} before rounding.",
        f"pub(super) const TAIL: f64 = {lit(tail_d)};",
        "/// `2^(j/128)` rounded (`HI`), and what it leaves (`LO`), rounded:",
        f"/// `|2^(j/128) - HI[j] - LO[j]| < {float(dt):.3e}`.",
        "/// (`HI[64]` is the square root of 2.)",
        "#[rustfmt::skip]",
        "#[allow(clippy::approx_constant)]",
        f"pub(super) const HI: [f64; {N}] = [",
    ]
    lines += [f"    {lit(h)}," for h in hi]
    lines += ["];", "", "/// See [`HI`].", "#[rustfmt::skip]", f"pub(super) const LO: [f64; {N}] = ["]
    lines += [f"    {lit(l)}," for l in lo]
    lines += ["];", ""]
    text = "\n".join(lines)

    # the figures of the module doc's error budget
    print(f"R = {float(r_max):.10e}  dl = {float(dl):.3e}  dt = {float(dt):.3e}", file=sys.stderr)
    for name, v in [("E1 (kd part)", e1_const), ("E2", e2), ("E3", e3), ("E4", e4),
                    ("E5", e5), ("E6", e6), ("TAIL", tail)]:
        print(f"{name:>12} = {float(v):.4e} = {float(v / (2 * U)):.3e} ulp(1)", file=sys.stderr)
    print(f"C1 bits {bits(c1d):#x}, INV_L {inv_l!r}", file=sys.stderr)

    if sys.argv[1:] == ["--check"]:
        if OUT.read_text() != text:
            sys.exit(f"{OUT} differs from what scripts/exp_table.py writes")
        print(f"{OUT}: as generated", file=sys.stderr)
    else:
        OUT.write_text(text)
        print(f"wrote {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
