#!/usr/bin/env python3
"""Format-throughput benchmark for `evdlc format` (issue 13: at least 20 MB/s). Not a timed test: it prints figures.

It builds the release `evdlc`, writes the synthetic specs of check_throughput.py (renamed copies of the checkout
example, or with `--base language` of the language reference spec and the domain corpus), and a "messy" copy of
each: every line's indentation removed, runs of spaces doubled, blank lines tripled, so that formatting has
everything to redo. It then times, best of N runs in CPU time (user + system of the process):

- `evdlc format --check SPEC` on the formatted spec (read, parse, format, compare; nothing written), and
- `evdlc format - < MESSY > /dev/null` (the editor path: standard input to standard output, everything changed).

    Benchmarks/CheckThroughput/format_throughput.py [--sizes 3M,10M] [--runs 3] [--no-build] [--base checkout|language]
"""
import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from check_throughput import DECLARING, ROOT, example_text, parse_size, write_spec  # noqa: E402


def messy(text):
    """The same spec laid out badly: no indentation, doubled spaces, tripled blank lines (no line break added or
    removed inside a statement, so it means the same)."""
    lines = []
    for line in text.split("\n"):
        stripped = line.lstrip()
        if stripped.startswith("//") or '"' in stripped:
            lines.append(stripped)
        else:
            lines.append(re.sub(r" ", "  ", stripped))
        if not stripped:
            lines += ["", ""]
    return "\n".join(lines)


def cpu_of(cmd, stdin_path=None):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(stdin_path or os.devnull, "rb") as stdin:
        proc = subprocess.run(cmd, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), proc.returncode, proc.stderr


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="3M,10M")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-build", action="store_true", help="use the existing release build")
    parser.add_argument("--base", choices=["checkout", "language"], default="checkout")
    args = parser.parse_args()

    if not args.no_build:
        subprocess.run(["swift", "build", "-c", "release", "--product", "evdlc"], cwd=ROOT, check=True, stdin=subprocess.DEVNULL)
    bin_path = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                              stdout=subprocess.PIPE, text=True).stdout.strip()
    evdlc = os.path.join(bin_path, "evdlc")
    base = example_text(args.base)
    names = sorted(set(DECLARING.findall(base)), key=len, reverse=True)
    workdir = tempfile.mkdtemp(prefix="evdl-format-bench-")
    print("evdlc: %s (base: %s)" % (evdlc, args.base))
    print("| input | command | CPU time | MB/s (CPU) |")
    print("| --- | --- | --- | --- |")
    for size in (parse_size(s) for s in args.sizes.split(",")):
        spec = os.path.join(workdir, "spec-%d.evdl" % size)
        write_spec(spec, size, base, names)
        # The synthetic spec is made of formatted copies; format it once so that --check has nothing to report.
        subprocess.run([evdlc, "format", spec], check=True)
        untidy = os.path.join(workdir, "messy-%d.evdl" % size)
        with open(spec, encoding="utf-8") as f, open(untidy, "w", encoding="utf-8") as out:
            out.write(messy(f.read()))
        for label, cmd, stdin, path in [
            ("format --check (formatted)", [evdlc, "format", "--check", spec], None, spec),
            ("format - (messy, stdin)", [evdlc, "format", "-"], untidy, untidy),
        ]:
            runs = [cpu_of(cmd, stdin) for _ in range(args.runs)]
            best = min(cpu for cpu, _, _ in runs)
            status = runs[0][1]
            if status != 0:
                print("  %s exited %d: %s" % (label, status, runs[0][2][:300]))
            megabytes = os.path.getsize(path) / 1e6
            print("| %.2f MB | `%s` | %.3f s | %.1f |" % (megabytes, label, best, megabytes / best if best else 0))
    subprocess.run(["rm", "-rf", workdir])


if __name__ == "__main__":
    main()
