"""Prints Google Benchmark JSON output as a table, with the machine noted."""
import json
import sys


def human_time(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("us", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.2f} {unit}"
    return f"{ns:.0f} ns"


def openssl_section(speeds, decrypt_speeds, benchmarks):
    """Per-secret seal/open throughput against `openssl speed` at each size:
    seal against encryption, open against `-decrypt` (when measured)."""
    rate = {b["name"]: b.get("bytes_per_second") for b in benchmarks}
    decrypt_speeds = decrypt_speeds or speeds
    print("\nAES-256-GCM per secret vs `openssl speed -evp aes-256-gcm [-decrypt]` (target >= 80%)")
    print("| size | openssl enc | clasp seal | seal/openssl | openssl dec | clasp open | open/openssl |")
    print("|------|-------------|------------|--------------|-------------|------------|--------------|")
    mb = lambda v: f"{v / 1e6:.0f} MB/s" if v else "?"
    pct = lambda v, ref: f"{100 * v / ref:.0f}%" if v and ref else "?"
    for size, ref in speeds.items():
        dec = decrypt_speeds.get(size)
        seal, opened = rate.get(f"crypto_seal/{size}"), rate.get(f"crypto_open/{size}")
        print(f"| {size} B | {mb(ref)} | {mb(seal)} | {pct(seal, ref)} | {mb(dec)} | {mb(opened)} | {pct(opened, dec)} |")


def mask_section(benchmarks):
    """Masking (bench/mask_bench.cpp) against `grep -F -f` with the same
    literals, on the same 100 MB transcript (target >= 1x grep)."""
    rate = {b["name"].split("/manual_time")[0]: b.get("bytes_per_second") for b in benchmarks}
    sizes = [n for n in (10, 100, 1000) if f"mask/{n}" in rate]
    if not sizes:
        return
    print("\nMasking a 100 MB transcript vs `LC_ALL=C grep -F -c -f` with the same literals (target >= 1x grep)")
    print("| values | clasp mask | grep -F | mask/grep |")
    print("|--------|------------|---------|-----------|")
    mb = lambda v: f"{v / 1e6:.0f} MB/s" if v else "?"
    for n in sizes:
        m, g = rate.get(f"mask/{n}"), rate.get(f"grep_F/{n}")
        ratio = f"{m / g:.2f}x" if m and g else "?"
        print(f"| {n} | {mb(m)} | {mb(g)} | {ratio} |")


def main(paths):
    loaded = [json.load(open(p)) for p in paths]
    speeds = next((r["openssl_speed"] for r in loaded if "openssl_speed" in r), None)
    decrypt_speeds = next((r["openssl_speed_decrypt"] for r in loaded if "openssl_speed_decrypt" in r), None)
    runs = [r for r in loaded if "benchmarks" in r]
    data = {"context": runs[0]["context"], "benchmarks": [b for r in runs for b in r["benchmarks"]]}
    ctx = data["context"]
    print(f"machine: {ctx.get('host_name', '?')}, {ctx['num_cpus']} cpus @ {ctx['mhz_per_cpu']} MHz, "
          f"{ctx['date']} (clasp built Release; load average {ctx.get('load_avg', '?')})")
    counters = sorted({k for b in data["benchmarks"] for k in b
                       if k not in {"name", "run_name", "run_type", "repetitions", "repetition_index",
                                    "threads", "iterations", "real_time", "cpu_time", "time_unit",
                                    "family_index", "per_family_instance_index", "aggregate_name",
                                    "aggregate_unit", "label"}})
    header = ["benchmark", "time/op"] + counters
    rows = []
    for b in data["benchmarks"]:
        scale = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[b["time_unit"]]
        row = [b["name"], human_time(b["real_time"] * scale)]
        for c in counters:
            v = b.get(c)
            row.append("" if v is None else (f"{v:.3g}" if isinstance(v, float) else str(v)))
        rows.append(row)
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header))]
    line = lambda r: "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |"
    print(line(header))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print(line(r))
    if speeds:
        openssl_section(speeds, decrypt_speeds, data["benchmarks"])
    mask_section(data["benchmarks"])


if __name__ == "__main__":
    main(sys.argv[1:])
