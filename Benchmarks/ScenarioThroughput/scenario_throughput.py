#!/usr/bin/env python3
"""Scenario-throughput benchmark for `evdlc test` (issue 11). Not a timed test: it prints figures.

It builds the release `evdlc`, writes a synthetic module (one account aggregate with decimal arithmetic, collections,
`switch`, `if let` and rejections; plus N aggregate scenarios, each replaying a few events before its command),
runs `evdlc test` on it (best of --runs), and prints, per size: scenarios, wall time end to end (read, parse,
check, run every scenario, print), scenarios per second, and the time of `evdlc check` alone on the same module
(so the part spent running scenarios is visible). Targets: >= 10,000 scenarios/s; 1,000 scenarios < 1 s end to end.

    Benchmarks/ScenarioThroughput/scenario_throughput.py [--sizes 1000,10000,50000] [--runs 3] [--no-build] [--keep DIR]

(EVDLC=path runs another build of evdlc.)
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

AGGREGATE = """
enum Tier { basic, gold }
type Entry { memo: String, amount: Decimal }

aggregate Account {
  id accountId: UUID
  state { balance: Decimal = 0, limit: Decimal = 0, tier: Tier = basic, entries: [Entry] = [], tags: [String: Int] = [:] }
  command Open creates { limit: Decimal, tier: Tier }
  command Deposit { amount: Decimal, memo: String }
  command Withdraw { amount: Decimal, memo: String }
  event Opened { limit: Decimal, tier: Tier }
  event Deposited { amount: Decimal, memo: String, bonus: Decimal }
  event Withdrawn { amount: Decimal, memo: String }
  decide Open { emit Opened { limit, tier } }
  decide Deposit {
    require amount > 0 else "a deposit must be positive, not \\(amount)"
    let bonus: Decimal = tier == gold ? (amount * 0.01).rounded(scale: 2) : 0
    emit Deposited { amount, memo, bonus }
  }
  decide Withdraw {
    let available = balance + limit
    require amount <= available else "insufficient funds: available \\(available), requested \\(amount)"
    if entries.count(where: { $0.amount < 0 }) >= 3 {
      require amount <= 100 else "a fourth withdrawal is limited to 100"
    }
    emit Withdrawn { amount, memo }
  }
  apply Opened { limit = event.limit; tier = event.tier }
  apply Deposited {
    balance += event.amount + event.bonus
    entries.append(Entry(memo: event.memo, amount: event.amount))
    tags[event.memo, default: 0] += 1
  }
  apply Withdrawn {
    balance -= event.amount
    entries.append(Entry(memo: event.memo, amount: -event.amount))
    switch tier {
    case gold: tags["gold", default: 0] += 1
    case basic: tags["basic", default: 0] += 1
    }
  }
}
"""


def scenario(i):
    kind = i % 4
    a = f"id({i + 1})"
    amount = 10 + i % 90
    opened = f"Account.Opened {{ accountId: {a}, limit: 50, tier: {'gold' if i % 2 else 'basic'} }}"
    deposit = f"Account.Deposited {{ accountId: {a}, amount: {amount}, memo: \"pay\", bonus: 0 }}"
    if kind == 0:
        bonus = f"{amount * 0.01:.2f}".rstrip("0").rstrip(".") if i % 2 else "0"
        return (f'scenario "deposit {i}" {{\n  given {opened}\n  when Account.Deposit {{ accountId: {a}, amount: {amount}, memo: "m" }}\n'
                f'  then Account.Deposited {{ accountId: {a}, amount: {amount}, memo: "m", bonus: {bonus} }}\n}}\n')
    if kind == 1:
        return (f'scenario "overdraft {i}" {{\n  given {opened}\n        {deposit}\n'
                f'  when Account.Withdraw {{ accountId: {a}, amount: 1000, memo: "rent" }}\n'
                f'  then rejected "insufficient funds: available {amount + 50}, requested 1000"\n}}\n')
    if kind == 2:
        return (f'scenario "withdrawal {i}" {{\n  given {opened}\n        {deposit}\n        {deposit}\n'
                f'  when Account.Withdraw {{ accountId: {a}, amount: 5, memo: "cash" }}\n'
                f'  then Account.Withdrawn {{ accountId: {a}, amount: 5, memo: "cash" }}\n}}\n')
    return (f'scenario "negative {i}" {{\n  given {opened}\n  when Account.Deposit {{ accountId: {a}, amount: -1, memo: "x" }}\n'
            f'  then rejected "a deposit must be positive, not -1"\n}}\n')


def best(command, runs):
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
    return min(times), result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--keep")
    args = parser.parse_args()
    if not args.no_build:
        subprocess.run(["swift", "build", "-c", "release", "--product", "evdlc"], cwd=ROOT, check=True)
    evdlc = os.environ.get("EVDLC") or os.path.join(ROOT, ".build", "release", "evdlc")
    work = args.keep or tempfile.mkdtemp(prefix="evdl-scenarios-")
    os.makedirs(work, exist_ok=True)
    print(f"{'scenarios':>10} {'test (s)':>9} {'scenarios/s':>12} {'check only (s)':>15} {'running (s)':>12} {'run-only rate':>14}")
    ok = True
    for size in [int(s) for s in args.sizes.split(",")]:
        directory = os.path.join(work, f"n{size}")
        os.makedirs(directory, exist_ok=True)
        with open(os.path.join(directory, "accounts.evdl"), "w", encoding="utf-8") as f:
            f.write(AGGREGATE + "\n" + "".join(scenario(i) for i in range(size)))
        elapsed, result = best([evdlc, "test", directory, "--format", "plain"], args.runs)
        last = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
        if result.returncode != 0 or f"{size} passed" not in last:
            print(f"evdlc test failed on {size} scenarios (exit {result.returncode}):\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
            return 1
        check_time, _ = best([evdlc, "check", directory, "--format", "plain"], args.runs)
        running = max(elapsed - check_time, 1e-9)
        rate = size / elapsed
        print(f"{size:>10} {elapsed:>9.3f} {rate:>12,.0f} {check_time:>15.3f} {running:>12.3f} {size / running:>14,.0f}")
        if size >= 10000 and rate < 10000:
            ok = False
        if size == 1000 and elapsed >= 1.0:
            ok = False
    print("targets (>= 10,000 scenarios/s end to end; 1,000 scenarios < 1 s):", "met" if ok else "NOT met")
    if not args.keep:
        shutil.rmtree(work)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
