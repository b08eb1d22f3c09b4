#!/usr/bin/env python3
"""Check-throughput benchmark for `evdlc check` (issue 2). Not a timed test: it prints figures.

It builds the release `evdlc`, writes synthetic specs of growing size made of renamed copies of the checkout
example (aggregates, services, projections, sagas, policies, publishes, scenarios), runs `evdlc check` on each,
and prints size, time (best of N runs), MB/s, peak memory (max RSS from /usr/bin/time -v), the time ratio between
successive sizes and peak memory over input size. Targets: >= 10 MB/s, 10x the input <= 11x the time,
peak memory <= 20x the input.

    Benchmarks/CheckThroughput/check_throughput.py [--sizes 30K,300K,3M,10M] [--runs 3] [--keep DIR] [--no-build]
        [--base checkout|language]

`--base language` copies the language reference spec and the domain corpus instead (closures and collection
methods, durations, `switch`, `if let`, optional chaining, projections over collections, policies with results).
"""
import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
EXAMPLE = os.path.join(ROOT, "Examples", "Checkout", "Sources", "Checkout")
DECLARING = re.compile(r"\b(?:type|enum|aggregate|service|projection|saga|policy|command|event)\s+([A-Z]\w*)")


LANGUAGE = [os.path.join(ROOT, "Tests", "EVDLGeneratorTests", "References", "language", "language.evdl")]
CORPUS = os.path.join(ROOT, "Tests", "DomainCorpus")


def example_text(base="checkout"):
    if base == "language":
        paths = LANGUAGE + sorted(os.path.join(CORPUS, f) for f in os.listdir(CORPUS) if f.endswith(".evdl"))
    else:
        paths = sorted(os.path.join(EXAMPLE, f) for f in os.listdir(EXAMPLE) if f.endswith(".evdl"))
    return "\n".join(open(p, encoding="utf-8").read() for p in paths)


def renamed_copy(text, names, k):
    """One copy of the example with every declared name, scenario title and topic made unique by `k`."""
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b")
    out = pattern.sub(lambda m: m.group(1) + "X" + str(k), text)
    out = re.sub(r'scenario "([^"]*)"', lambda m: 'scenario "%s #%d"' % (m.group(1), k), out)
    out = re.sub(r'to "([^"]*)"', lambda m: 'to "%s.%d"' % (m.group(1), k), out)
    return out


def write_spec(path, target_bytes, base, names):
    size = 0
    k = 0
    with open(path, "w", encoding="utf-8") as f:
        while size < target_bytes:
            chunk = renamed_copy(base, names, k) + "\n"
            f.write(chunk)
            size += len(chunk.encode("utf-8"))
            k += 1
    return os.path.getsize(path), k


def parse_size(s):
    s = s.strip().upper()
    factor = {"K": 1000, "M": 1000 * 1000}.get(s[-1], 1)
    return int(float(s.rstrip("KM")) * factor)


def measure(evdlc, spec):
    """Wall time of one run, its peak RSS in bytes, its exit status and the number of diagnostic lines."""
    cmd = ["/usr/bin/time", "-v", evdlc, "check", "--format", "plain", spec]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU time of the run (evdlc and the `time` wrapper), in microseconds rather than `time`'s hundredths.
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    rss = re.search(rb"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    findings = sum(1 for line in proc.stdout.splitlines() if b": error: " in line or b": warning: " in line)
    return elapsed, int(rss.group(1)) * 1024 if rss else 0, proc.returncode, findings, cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="30K,300K,3M,10M")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", help="write the specs into this directory and keep them")
    parser.add_argument("--no-build", action="store_true", help="use the existing release build")
    parser.add_argument("--base", choices=["checkout", "language"], default="checkout",
                        help="what the synthetic spec copies: the checkout example, or the language forms and corpus")
    args = parser.parse_args()

    if not args.no_build:
        subprocess.run(["swift", "build", "-c", "release", "--product", "evdlc"], cwd=ROOT, check=True,
                       stdin=subprocess.DEVNULL)
    bin_path = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                              stdout=subprocess.PIPE, text=True).stdout.strip()
    evdlc = os.path.join(bin_path, "evdlc")

    base = example_text(args.base)
    names = sorted(set(DECLARING.findall(base)), key=len, reverse=True)
    workdir = args.keep or tempfile.mkdtemp(prefix="evdl-bench-")
    os.makedirs(workdir, exist_ok=True)
    try:
        empty = os.path.join(workdir, "empty.evdl")
        open(empty, "w").close()
        _, baseline_rss, _, _, _ = measure(evdlc, empty)
        print("evdlc: %s" % evdlc)
        print("baseline peak RSS (empty spec): %.1f MB" % (baseline_rss / 1e6))
        print("(time: best wall-clock time of the runs; cpu: user+system seconds of that run — the machine is shared)")
        print("%10s %8s %10s %8s %9s %9s %10s %9s %10s %11s %9s" % (
            "input", "copies", "time", "cpu", "MB/s", "MB/s cpu", "peak RSS", "RSS/in", "(RSS-b)/in", "cpu ratio", "findings"))
        previous = None
        rows = []
        for label in args.sizes.split(","):
            spec = os.path.join(workdir, "spec-%s.evdl" % label.strip())
            size, copies = write_spec(spec, parse_size(label), base, names)
            runs = [measure(evdlc, spec) for _ in range(args.runs)]
            best_run = min(runs, key=lambda r: r[0])
            best, cpu = best_run[0], best_run[4]
            rss = max(r[1] for r in runs)
            status, findings = runs[0][2], runs[0][3]
            ratio = ""
            if previous:
                ratio = "%.2fx/%.1fx" % (cpu / previous[1], size / previous[0])
            print("%10s %8d %9.3fs %7.3fs %9.1f %9.1f %9.1fMB %8.1fx %9.1fx %11s %9s" % (
                "%.2f MB" % (size / 1e6), copies, best, cpu, size / 1e6 / best, size / 1e6 / cpu, rss / 1e6, rss / size,
                max(0, rss - baseline_rss) / size, ratio, "%d (exit %d)" % (findings, status)))
            previous = (size, cpu)
            rows.append((size, cpu, rss, best))
        print("targets: >= 10 MB/s; time ratio <= 1.1x the size ratio; peak RSS <= 20x the input")
        print("verdicts use CPU time (user+system), which contention on the shared machine does not inflate:")
        largest = rows[-1]
        speed = largest[0] / 1e6 / largest[1]
        print("  throughput on the largest input: %.1f MB/s of CPU (%.1f MB/s wall) -> %s" % (
            speed, largest[0] / 1e6 / largest[3], "met" if speed >= 10 else "MISSED"))
        for (s0, t0, _, _), (s1, t1, _, _) in zip(rows, rows[1:]):
            allowed = 1.1 * s1 / s0
            print("  %.2f MB -> %.2f MB: cpu time x%.2f for input x%.2f (allowed x%.2f) -> %s" % (
                s0 / 1e6, s1 / 1e6, t1 / t0, s1 / s0, allowed, "met" if t1 / t0 <= allowed else "MISSED"))
        memory = largest[2] / largest[0]
        print("  peak RSS on the largest input: %.1fx the input -> %s" % (memory, "met" if memory <= 20 else "MISSED"))
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
