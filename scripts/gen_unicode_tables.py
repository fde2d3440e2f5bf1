#!/usr/bin/env python3
"""Generates the Unicode tables behind clasp's IDNA (UTS #46) and NFC code.

Inputs (offline once fetched):
  - npm tr46@6.0.0 lib/mappingTable.json: the UTS #46 mapping table
    (Unicode 17.0). Fetch with `npm pack tr46@6.0.0` and pass the tarball;
    its sha256 is pinned below so the tables cannot drift silently.
  - Debian unicode-data (Unicode 15.0) in /usr/share/unicode: UnicodeData.txt
    (decompositions, combining classes), DerivedNormalizationProps.txt
    (Full_Composition_Exclusion), DerivedAge.txt, extracted/DerivedBidiClass.txt,
    extracted/DerivedJoiningType.txt, extracted/DerivedGeneralCategory.txt.

Outputs (checked in, so builds never need the network):
  core/src/generated/idna_mapping.inc, nfc_tables.inc, bidi_joining.inc

Usage: scripts/gen_unicode_tables.py /tmp/tr46-6.0.0.tgz [/usr/share/unicode]
"""
import hashlib
import io
import json
import os
import re
import sys
import tarfile

TR46_SHA256 = "8737146639e92140a7bf77090b8a09539ec7610b60fcf9a412567cb7280e2881"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, "core", "src", "generated")
MAX_CP = 0x10FFFF

# Statuses as the runtime sees them: deviation is valid (non-transitional).
VALID, MAPPED, IGNORED, DISALLOWED = 0, 1, 2, 3
TR46_STATUS = {1: MAPPED, 2: VALID, 3: DISALLOWED, 6: VALID, 7: IGNORED}

BIDI_CLASSES = ["L", "R", "AL", "EN", "ES", "ET", "AN", "CS", "NSM", "BN",
                "B", "S", "WS", "ON", "LRE", "LRO", "RLE", "RLO", "PDF",
                "LRI", "RLI", "FSI", "PDI"]
# Node 24's URL parser (ada 4.0.0) takes only its mapping table from a recent
# Unicode (UTS #46 17.0). Its Bidi_Class, General_Category=Mark and virama
# (Canonical_Combining_Class=9) data are Unicode 13.0's: a code point assigned
# later has no Bidi_Class (it acts as L, never as R, AL or AN) and is no mark.
# Debian's Unicode 15.0 files filtered by DerivedAge give that, except for the
# one Unicode 13 code point whose Bidi_Class changed since:
ADA_PROPERTY_AGE = (13, 0)
UNICODE_13_BIDI = {0x1734: "NSM"}  # HANUNOO SIGN PAMUDPOD, L since Unicode 14

# CheckJoiners' left- and right-joining letters (RFC 5892 appendix A) are not
# even Unicode 13's: ada hard-codes an older subset of Joining_Type (no N'Ko,
# Mandaic, Adlam, ...). Measured from Node 24.21.0 by trying every valid code
# point before and after a ZWNJ; checked against the UCD below.
# Joining_Type L or D (a letter that joins to the following one).
JOINS_LEFT = [
    (0x620, 0x620), (0x626, 0x626), (0x628, 0x628), (0x62A, 0x62E),
    (0x633, 0x63F), (0x641, 0x647), (0x649, 0x64A), (0x66E, 0x66F),
    (0x678, 0x687), (0x69A, 0x6BF), (0x6C1, 0x6C2), (0x6CC, 0x6CC),
    (0x6CE, 0x6CE), (0x6D0, 0x6D1), (0x6FA, 0x6FC), (0x6FF, 0x6FF),
    (0x712, 0x714), (0x71A, 0x71D), (0x71F, 0x727), (0x729, 0x729),
    (0x72B, 0x72B), (0x72D, 0x72E), (0x74E, 0x758), (0x75C, 0x766),
    (0x850, 0x853), (0x855, 0x855), (0x8A0, 0x8A0), (0x8A2, 0x8A9),
    (0x1807, 0x1807), (0x1820, 0x1877), (0x1887, 0x18A8), (0x18AA, 0x18AA),
    (0xA840, 0xA872)]
# Joining_Type R or D (a letter that joins to the preceding one).
JOINS_RIGHT = [
    (0x620, 0x620), (0x622, 0x63F), (0x641, 0x64A), (0x66E, 0x66F),
    (0x671, 0x673), (0x675, 0x6D3), (0x6D5, 0x6D5), (0x6EE, 0x6EF),
    (0x6FA, 0x6FC), (0x6FF, 0x6FF), (0x710, 0x710), (0x712, 0x72F),
    (0x74D, 0x766), (0x850, 0x855), (0x8A0, 0x8A0), (0x8A2, 0x8AC),
    (0x1807, 0x1807), (0x1820, 0x1877), (0x1887, 0x18A8), (0x18AA, 0x18AA),
    (0xA840, 0xA871)]


def load_tr46(tarball):
    data = open(tarball, "rb").read()
    digest = hashlib.sha256(data).hexdigest()
    if digest != TR46_SHA256:
        sys.exit(f"tr46 tarball sha256 {digest} != pinned {TR46_SHA256}")
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        member = tar.extractfile("package/lib/mappingTable.json")
        return json.load(member)


def data_lines(path):
    for line in open(path, encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        if line:
            yield [f.strip() for f in line.split(";")]


def parse_range(text):
    lo, _, hi = text.partition("..")
    return int(lo, 16), int(hi or lo, 16)


def to_runs(values):
    """Compresses a dense per-code-point list into (start, value) runs."""
    runs = []
    for cp, v in enumerate(values):
        if not runs or runs[-1][1] != v:
            runs.append((cp, v))
    return runs


SORTED_STRIDE = 64  # kSortedStride in core/src/idna_unicode_data.cpp


def emit_sorted(out, name, values):
    """An ascending sequence as {name}Deltas (each value minus the previous
    one; they gzip to a third of the values) and {name}Checkpoints (every
    SORTED_STRIDE-th value whole)."""
    assert values == sorted(values) and len(set(values)) == len(values)
    emit_array(out, "uint32_t", name + "Deltas", [v - (values[k - 1] if k else 0) for k, v in enumerate(values)])
    emit_array(out, "uint32_t", name + "Checkpoints", values[::SORTED_STRIDE])


def emit_runs(out, name, runs):
    """Run k covers start k up to the next start ({name}Starts, see
    emit_sorted) and has {name}Values[k]."""
    emit_sorted(out, name + "Starts", [start for start, _ in runs])
    emit_array(out, "uint8_t", name + "Values", [value for _, value in runs], per_row=24, fmt="{}")


def emit_array(out, ctype, name, values, per_row=12, fmt="0x{:X}"):
    out.append(f"static constexpr {ctype} {name}[] = {{")
    for i in range(0, len(values), per_row):
        out.append("".join(fmt.format(v) + "," for v in values[i:i + per_row]))
    out.append("};")


# kIdnaValues layout (see LookupIdna in core/src/idna_unicode_data.cpp).
STATUS_SHIFT = 30
DELTA_BIT = 1 << 29        # mapped to the single code point cp + delta
ALTERNATE_BIT = 1 << 28    # ... but only at even offsets from the run start; odd ones are valid
LENGTH_SHIFT = 24          # otherwise: mapped to `length` (5 bits) code points from the pool
DELTA_MASK = (1 << 22) - 1  # two's complement, 22 bits


def idna_ranges(table):
    """[start, end, status, mapping] covering the code space, equal neighbours merged."""
    ranges = []
    for item in table:
        lo, hi = (item[0], item[0]) if isinstance(item[0], int) else item[0]
        status = TR46_STATUS[item[1]]
        mapping = tuple(ord(c) for c in item[2]) if status == MAPPED else ()
        if ranges and ranges[-1][2:] == [status, mapping] and ranges[-1][1] == lo - 1:
            ranges[-1][1] = hi
        else:
            ranges.append([lo, hi, status, mapping])
    expected = 0
    for lo, hi, _, _ in ranges:
        if lo != expected:
            sys.exit(f"mapping table gap at {lo:X}")
        expected = hi + 1
    if expected != MAX_CP + 1:
        sys.exit("mapping table does not cover the code space")
    return ranges


def single_delta(r):
    """cp + delta when r maps one code point to one code point, else None."""
    return r[3][0] - r[0] if r[2] == MAPPED and r[0] == r[1] and len(r[3]) == 1 else None


def idna_runs(ranges):
    """(start, value, mapping or None): a run of code points that map to
    themselves plus a constant (A-Z -> a-z) or that alternate mapped/valid
    (U+0100 -> U+0101, U+0101 valid, ...) is one run instead of one per code point."""
    runs, i = [], 0
    while i < len(ranges):
        r = ranges[i]
        delta = single_delta(r)
        if delta is None:
            runs.append((r[0], r[2] << STATUS_SHIFT, r[3] if r[2] == MAPPED else None))
            i += 1
            continue
        same = i + 1
        while same < len(ranges) and single_delta(ranges[same]) == delta:
            same += 1
        alt = i
        while (alt + 1 < len(ranges) and single_delta(ranges[alt]) == delta and ranges[alt + 1][2] == VALID
               and ranges[alt + 1][0] == ranges[alt + 1][1]):
            alt += 2
        value = MAPPED << STATUS_SHIFT | DELTA_BIT | (delta & DELTA_MASK)
        if alt - i > same - i:
            runs.append((r[0], value | ALTERNATE_BIT, None))
            i = alt
        else:
            runs.append((r[0], value, None))
            i = same
    return runs


def gen_mapping(table):
    runs = idna_runs(idna_ranges(table))
    pool, offsets, values = [], {}, []
    for _, value, mapping in runs:
        if mapping is not None:
            if mapping not in offsets:
                offsets[mapping] = len(pool)
                pool.extend(mapping)
            assert len(mapping) < 32 and offsets[mapping] < (1 << LENGTH_SHIFT)
            value |= len(mapping) << LENGTH_SHIFT | offsets[mapping]
        values.append(value)
    out = ["// Generated by scripts/gen_unicode_tables.py from tr46@6.0.0",
           "// lib/mappingTable.json (UTS #46, Unicode 17.0). Do not edit.",
           "// Run k covers start k (kIdnaStarts) up to the next start; kIdnaValues[k] is",
           "// status << 30, then either 1 << 29 | (alternating << 28) | 22-bit delta",
           "// or mapping length << 24 | pool offset. Deviation counts as valid."]
    emit_sorted(out, "kIdnaStarts", [r[0] for r in runs])
    emit_array(out, "uint32_t", "kIdnaValues", values, per_row=8)
    emit_array(out, "char32_t", "kIdnaPool", pool)
    return out


def gen_nfc(ucd):
    ccc = [0] * (MAX_CP + 1)
    decomp = {}
    first = None
    for f in data_lines(os.path.join(ucd, "UnicodeData.txt")):
        cp = int(f[0], 16)
        if f[1].endswith(", First>"):
            first = cp
            continue
        lo = first if f[1].endswith(", Last>") else cp
        first = None
        for c in range(lo, cp + 1):
            ccc[c] = int(f[3])
        if f[5] and not f[5].startswith("<"):
            decomp[cp] = [int(x, 16) for x in f[5].split()]
    excluded = set()
    for f in data_lines(os.path.join(ucd, "DerivedNormalizationProps.txt")):
        if len(f) >= 2 and f[1] == "Full_Composition_Exclusion":
            lo, hi = parse_range(f[0])
            excluded.update(range(lo, hi + 1))
    out = ["// Generated by scripts/gen_unicode_tables.py from Debian unicode-data",
           "// (Unicode 15.0) UnicodeData.txt and DerivedNormalizationProps.txt. Do not edit."]
    emit_runs(out, "kCombiningClass", to_runs(ccc))
    items = sorted(decomp.items())
    out.append("// Canonical decompositions, one level, by code point: first, second or 0.")
    emit_sorted(out, "kDecomposed", [cp for cp, _ in items])
    emit_array(out, "uint32_t", "kDecompositionFirst", [d[0] for _, d in items])
    emit_array(out, "uint32_t", "kDecompositionSecond", [d[1] if len(d) > 1 else 0 for _, d in items])
    comps = sorted((d[0], d[1], k) for k, (cp, d) in enumerate(items) if len(d) == 2 and cp not in excluded)
    assert len(items) < (1 << 16)
    out.append("// Primary composites: indices of their decompositions, sorted by {first, second}.")
    emit_array(out, "uint16_t", "kCompositionIndex", [k for _, _, k in comps], fmt="{}")
    return out


def assigned_by(ucd, version):
    """The code points assigned in Unicode `version` or earlier."""
    assigned = set()
    for f in data_lines(os.path.join(ucd, "DerivedAge.txt")):
        if tuple(int(x) for x in f[1].split(".")) <= version:
            lo, hi = parse_range(f[0])
            assigned.update(range(lo, hi + 1))
    return assigned


def gen_bidi_joining(ucd):
    ext = os.path.join(ucd, "extracted")
    old = assigned_by(ucd, ADA_PROPERTY_AGE)
    bidi = ["L"] * (MAX_CP + 1)
    for f in data_lines(os.path.join(ext, "DerivedBidiClass.txt")):
        lo, hi = parse_range(f[0])
        for cp in range(lo, hi + 1):
            if cp in old:
                bidi[cp] = UNICODE_13_BIDI.get(cp, f[1])
    joining = {}
    for f in data_lines(os.path.join(ext, "DerivedJoiningType.txt")):
        lo, hi = parse_range(f[0])
        joining.update((cp, f[1]) for cp in range(lo, hi + 1))
    context_j = [0] * (MAX_CP + 1)
    for f in data_lines(os.path.join(ucd, "UnicodeData.txt")):
        if f[3] == "9" and int(f[0], 16) in old:
            context_j[int(f[0], 16)] |= 1
    for bit, ranges, types in ((2, JOINS_LEFT, "LD"), (4, JOINS_RIGHT, "RD")):
        for lo, hi in ranges:
            for cp in range(lo, hi + 1):
                assert joining.get(cp, "U") in types, f"{cp:X} is not Joining_Type {types}"
                context_j[cp] |= bit
    mark = [0] * (MAX_CP + 1)
    for f in data_lines(os.path.join(ext, "DerivedGeneralCategory.txt")):
        if f[1] in ("Mn", "Mc", "Me"):
            lo, hi = parse_range(f[0])
            for cp in range(lo, hi + 1):
                mark[cp] = 1 if cp in old else 0
    out = ["// Generated by scripts/gen_unicode_tables.py from Debian unicode-data",
           "// (Unicode 15.0) extracted/DerivedBidiClass.txt, DerivedGeneralCategory.txt and",
           "// UnicodeData.txt, cut down to Unicode 13.0 by DerivedAge.txt as Node 24 has them,",
           "// and the CheckJoiners letter lists in the script. Do not edit.",
           "// Bidi_Class values in BidiClass enum order: " + " ".join(BIDI_CLASSES)]
    emit_runs(out, "kBidiClass", to_runs([BIDI_CLASSES.index(b) for b in bidi]))
    out.append("// CheckJoiners classes: 1 virama, 2 joins left (L/D), 4 joins right (R/D).")
    emit_runs(out, "kContextJ", to_runs(context_j))
    out.append("// General_Category=Mark (Mn, Mc, Me) as 1.")
    emit_runs(out, "kCombiningMark", to_runs(mark))
    return out


def write(name, lines):
    with open(os.path.join(OUT_DIR, name), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    ucd = sys.argv[2] if len(sys.argv) == 3 else "/usr/share/unicode"
    os.makedirs(OUT_DIR, exist_ok=True)
    write("idna_mapping.inc", gen_mapping(load_tr46(sys.argv[1])))
    write("nfc_tables.inc", gen_nfc(ucd))
    write("bidi_joining.inc", gen_bidi_joining(ucd))


if __name__ == "__main__":
    main()
