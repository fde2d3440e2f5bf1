#!/usr/bin/env python3
"""Generates the Unicode tables behind clasp's IDNA (UTS #46) and NFC code.

Inputs (offline once fetched):
  - npm tr46@5.1.1 lib/mappingTable.json: the UTS #46 mapping table
    (Unicode 16.0). Fetch with `npm pack tr46@5.1.1` and pass the tarball;
    its sha256 is pinned below so the tables cannot drift silently.
  - Debian unicode-data (Unicode 15.0) in /usr/share/unicode: UnicodeData.txt
    (decompositions, combining classes), DerivedNormalizationProps.txt
    (Full_Composition_Exclusion), extracted/DerivedBidiClass.txt,
    extracted/DerivedJoiningType.txt, extracted/DerivedGeneralCategory.txt.

Outputs (checked in, so builds never need the network):
  core/src/generated/idna_mapping.inc, nfc_tables.inc, bidi_joining.inc

Usage: scripts/gen_unicode_tables.py /tmp/tr46-5.1.1.tgz [/usr/share/unicode]
"""
import hashlib
import io
import json
import os
import re
import sys
import tarfile

TR46_SHA256 = "62dbfa0e7959c7bf972b157afcbedd7432116891c374b7de3f78224bd7e4d7e6"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, "core", "src", "generated")
MAX_CP = 0x10FFFF

# Statuses as the runtime sees them: deviation is valid (non-transitional).
VALID, MAPPED, IGNORED, DISALLOWED = 0, 1, 2, 3
TR46_STATUS = {1: MAPPED, 2: VALID, 3: DISALLOWED, 6: VALID, 7: IGNORED}

BIDI_CLASSES = ["L", "R", "AL", "EN", "ES", "ET", "AN", "CS", "NSM", "BN",
                "B", "S", "WS", "ON", "LRE", "LRO", "RLE", "RLO", "PDF",
                "LRI", "RLI", "FSI", "PDI"]
BIDI_LONG = {
    "Left_To_Right": "L", "Right_To_Left": "R", "Arabic_Letter": "AL",
    "European_Number": "EN", "European_Separator": "ES",
    "European_Terminator": "ET", "Arabic_Number": "AN",
    "Common_Separator": "CS", "Nonspacing_Mark": "NSM",
    "Boundary_Neutral": "BN", "Paragraph_Separator": "B",
    "Segment_Separator": "S", "White_Space": "WS", "Other_Neutral": "ON",
}
# CheckJoiners (RFC 5892 appendix A) as Node 24's URL parser (ada 4.0.0)
# applies it: not from the UCD but from fixed lists, an older subset of it
# (no N'Ko, Mandaic, Adlam, ...; no virama added after Unicode 13). Checked
# against the UCD below; measured from Node 24.21.0 by trying every valid
# code point before a ZWJ, before a ZWNJ and after one.
VIRAMAS = [
    0x094D, 0x09CD, 0x0A4D, 0x0ACD, 0x0B4D, 0x0BCD, 0x0C4D, 0x0CCD, 0x0D3B,
    0x0D3C, 0x0D4D, 0x0DCA, 0x0E3A, 0x0EBA, 0x0F84, 0x1039, 0x103A, 0x1714,
    0x1734, 0x17D2, 0x1A60, 0x1B44, 0x1BAA, 0x1BAB, 0x1BF2, 0x1BF3, 0x2D7F,
    0xA806, 0xA82C, 0xA8C4, 0xA953, 0xA9C0, 0xAAF6, 0xABED, 0x10A3F, 0x11046,
    0x1107F, 0x110B9, 0x11133, 0x11134, 0x111C0, 0x11235, 0x112EA, 0x1134D,
    0x11442, 0x114C2, 0x115BF, 0x1163F, 0x116B6, 0x1172B, 0x11839, 0x1193D,
    0x1193E, 0x119E0, 0x11A34, 0x11A47, 0x11A99, 0x11C3F, 0x11D44, 0x11D45,
    0x11D97]
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


def emit_runs(out, name, runs):
    out.append(f"static constexpr RangeValue {name}[] = {{")
    row = []
    for start, value in runs:
        row.append(f"{{0x{start:X},{value}}},")
        if len(row) == 8:
            out.append("".join(row))
            row = []
    if row:
        out.append("".join(row))
    out.append("};")


def gen_mapping(table):
    entries = []  # (start, status, mapping tuple)
    for item in table:
        lo, hi = (item[0], item[0]) if isinstance(item[0], int) else item[0]
        status = TR46_STATUS[item[1]]
        mapping = tuple(ord(c) for c in item[2]) if status == MAPPED else ()
        for cp in ([lo] if status != MAPPED else range(lo, hi + 1)):
            end = hi if status != MAPPED else cp
            if entries and status != MAPPED and entries[-1][1] == status and entries[-1][3] == cp - 1:
                entries[-1][3] = end
                continue
            entries.append([cp, status, mapping, end])
    pool, offsets = [], {}
    out = ["// Generated by scripts/gen_unicode_tables.py from tr46@5.1.1",
           "// lib/mappingTable.json (UTS #46, Unicode 16.0). Do not edit.",
           "// Entry: start code point; packed = status << 29 | length << 24 | pool offset.",
           "// A run ends where the next one starts; deviation counts as valid.",
           "static constexpr IdnaRun kIdnaRuns[] = {"]
    row = []
    expected = 0
    for start, status, mapping, end in entries:
        if start != expected:
            sys.exit(f"mapping table gap at {start:X}")
        expected = end + 1
        if mapping not in offsets:
            offsets[mapping] = len(pool)
            pool.extend(mapping)
        packed = status << 29 | len(mapping) << 24 | (offsets[mapping] if mapping else 0)
        assert len(mapping) < 32 and len(pool) < (1 << 24)
        row.append(f"{{0x{start:X},0x{packed:X}}},")
        if len(row) == 6:
            out.append("".join(row))
            row = []
    if row:
        out.append("".join(row))
    if expected != MAX_CP + 1:
        sys.exit("mapping table does not cover the code space")
    out.append("};")
    out.append("static constexpr char32_t kIdnaPool[] = {")
    for i in range(0, len(pool), 12):
        out.append("".join(f"0x{c:X}," for c in pool[i:i + 12]))
    out.append("};")
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
    emit_runs(out, "kCombiningClassRuns", to_runs(ccc))
    out.append("// Canonical decompositions, one level: {code point, first, second or 0}.")
    out.append("static constexpr Decomposition kDecompositions[] = {")
    items = sorted(decomp.items())
    for i in range(0, len(items), 6):
        out.append("".join(
            f"{{0x{cp:X},0x{d[0]:X},0x{d[1] if len(d) > 1 else 0:X}}}," for cp, d in items[i:i + 6]))
    out.append("};")
    comps = sorted((d[0], d[1], cp) for cp, d in decomp.items() if len(d) == 2 and cp not in excluded)
    out.append("// Primary composites sorted by {first, second}.")
    out.append("static constexpr Composition kCompositions[] = {")
    for i in range(0, len(comps), 6):
        out.append("".join(f"{{0x{a:X},0x{b:X},0x{c:X}}}," for a, b, c in comps[i:i + 6]))
    out.append("};")
    return out


def gen_bidi_joining(ucd):
    ext = os.path.join(ucd, "extracted")
    bidi = ["L"] * (MAX_CP + 1)
    for line in open(os.path.join(ext, "DerivedBidiClass.txt"), encoding="utf-8"):
        m = re.match(r"# @missing: ([0-9A-F.]+); (\w+)", line)
        if m:
            lo, hi = parse_range(m.group(1))
            bidi[lo:hi + 1] = [BIDI_LONG[m.group(2)]] * (hi - lo + 1)
    for f in data_lines(os.path.join(ext, "DerivedBidiClass.txt")):
        lo, hi = parse_range(f[0])
        bidi[lo:hi + 1] = [f[1]] * (hi - lo + 1)
    joining = {}
    for f in data_lines(os.path.join(ext, "DerivedJoiningType.txt")):
        lo, hi = parse_range(f[0])
        joining.update((cp, f[1]) for cp in range(lo, hi + 1))
    ccc9 = {int(f[0], 16) for f in data_lines(os.path.join(ucd, "UnicodeData.txt")) if f[3] == "9"}
    context_j = [0] * (MAX_CP + 1)
    for cp in VIRAMAS:
        assert cp in ccc9, f"{cp:X} is no virama"
        context_j[cp] |= 1
    for bit, ranges, types in ((2, JOINS_LEFT, "LD"), (4, JOINS_RIGHT, "RD")):
        for lo, hi in ranges:
            for cp in range(lo, hi + 1):
                assert joining.get(cp, "U") in types, f"{cp:X} is not Joining_Type {types}"
                context_j[cp] |= bit
    mark = [0] * (MAX_CP + 1)
    for f in data_lines(os.path.join(ext, "DerivedGeneralCategory.txt")):
        if f[1] in ("Mn", "Mc", "Me"):
            lo, hi = parse_range(f[0])
            mark[lo:hi + 1] = [1] * (hi - lo + 1)
    out = ["// Generated by scripts/gen_unicode_tables.py from Debian unicode-data",
           "// (Unicode 15.0) extracted/DerivedBidiClass.txt and DerivedGeneralCategory.txt,",
           "// and the CheckJoiners lists in the script. Do not edit.",
           "// Bidi_Class values in BidiClass enum order: " + " ".join(BIDI_CLASSES)]
    emit_runs(out, "kBidiClassRuns", to_runs([BIDI_CLASSES.index(b) for b in bidi]))
    out.append("// CheckJoiners classes as Node 24 (ada 4.0.0) has them, a subset of the UCD:")
    out.append("// 1 virama, 2 joins left (L/D), 4 joins right (R/D).")
    emit_runs(out, "kContextJRuns", to_runs(context_j))
    out.append("// General_Category=Mark (Mn, Mc, Me) as 1.")
    emit_runs(out, "kCombiningMarkRuns", to_runs(mark))
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
