#!/usr/bin/env bash
# A bounded fuzzing campaign over every libFuzzer harness in Tests/Fuzz (see Tests/Fuzz/README.md).
#
# Every `Tests/Fuzz/Fuzz<Name>.swift` is a harness named <name> (lowercased). Its `import`s of package modules
# (`Sources/<Module>`) and their own imports, transitively, are compiled as the separate modules they are in the
# package, instrumented for libFuzzer (and AddressSanitizer, unless --sanitizer none), and linked with it into
# .build/fuzz/<sanitizer>/fuzz-<name>. Each
# harness then runs one bounded session (a run count or a time) on its corpus .build/fuzz/corpus/<name>, seeded from
# Tests/Fuzz/seeds-<name> when that exists and Tests/Fuzz/seeds otherwise, with Tests/Fuzz/<name>.dict or
# Tests/Fuzz/evdl.dict. The summary gives per harness the executions, executions per second, coverage (libFuzzer's
# `cov` = edges and `ft` = features at the end of the session), the corpus (libFuzzer's: inputs/size; and the files
# in the corpus directory, which keeps every input it ever added) and the result, then the total.
#
# A crash, a failed invariant (a precondition in the harness), a hang (-timeout) or running out of memory makes the
# script exit 1; the input stays in .build/fuzz/artifacts/<name>/ and `.build/fuzz/<sanitizer>/fuzz-<name> <file>`
# reproduces it.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: Tests/Fuzz/campaign.sh [options] [harness...]
  harness            names to run (default: every Tests/Fuzz/Fuzz*.swift), e.g. parser pipeline
  --runs N           each session runs N inputs (default: --time 60)
  --time S           each session runs S seconds
  --runs-for H=N     this harness runs N inputs (repeatable; overrides --runs/--time for H)
  --time-for H=S     this harness runs S seconds (repeatable)
  --timeout S        one input running longer than S seconds is a hang (default 10)
  --max-len B        inputs are at most B bytes (default 4096)
  --sanitizer S      address (default): AddressSanitizer on every module; none: libFuzzer only, about 3 times
                     as many executions per second, with Swift's debug preconditions kept (-assert-config Debug,
                     so unsafe-buffer subscripts are still bounds-checked)
  --build-only       build the harnesses, run nothing
  --no-build         run the binaries already built
  --list             print the harness names and the modules each links
EOF
}

cd "$(dirname "$0")/../.."
out=.build/fuzz
default_bound=(-max_total_time=60)
timeout=10
max_len=4096
sanitizer=address
build=1
run=1
list=0
declare -A bound_for=()
selected=()
while (($#)); do
    case "$1" in
        --runs) default_bound=(-runs="$2"); shift 2 ;;
        --time) default_bound=(-max_total_time="$2"); shift 2 ;;
        --runs-for) bound_for[${2%%=*}]="-runs=${2#*=}"; shift 2 ;;
        --time-for) bound_for[${2%%=*}]="-max_total_time=${2#*=}"; shift 2 ;;
        --timeout) timeout="$2"; shift 2 ;;
        --max-len) max_len="$2"; shift 2 ;;
        --sanitizer) sanitizer="$2"; shift 2 ;;
        --build-only) run=0; shift ;;
        --no-build) build=0; shift ;;
        --list) list=1; shift ;;
        -h|--help) usage; exit 0 ;;
        -*) echo "campaign.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
        *) selected+=("$1"); shift ;;
    esac
done

# Harnesses: Tests/Fuzz/FuzzParser.swift → parser.
declare -A harness_file=()
harnesses=()
for file in Tests/Fuzz/Fuzz*.swift; do
    [[ -e "$file" ]] || continue
    base=${file##*/Fuzz}
    name=$(printf '%s' "${base%.swift}" | tr '[:upper:]' '[:lower:]')
    harness_file[$name]=$file
    harnesses+=("$name")
done
if ((${#selected[@]})); then
    for name in "${selected[@]}"; do
        [[ -n "${harness_file[$name]:-}" ]] || { echo "campaign.sh: no harness '$name' (have: ${harnesses[*]})" >&2; exit 2; }
    done
    harnesses=("${selected[@]}")
fi
for name in "${!bound_for[@]}"; do
    [[ -n "${harness_file[$name]:-}" ]] || { echo "campaign.sh: no harness '$name' for a bound" >&2; exit 2; }
done
((${#harnesses[@]})) || { echo "campaign.sh: no Tests/Fuzz/Fuzz*.swift harness" >&2; exit 2; }

# The package modules a Swift file (or every Swift file under a directory) imports.
package_imports() {
    find "$@" -name '*.swift' -print0 \
        | xargs -0 sed -n -E 's/^[[:space:]]*(@testable[[:space:]]+)?(@_implementationOnly[[:space:]]+)?import[[:space:]]+([A-Za-z_][A-Za-z0-9_]*).*/\3/p' \
        | sort -u | while read -r module; do [[ -d "Sources/$module" ]] && echo "$module"; done || true
}

# Modules in dependency order: every module after the modules it imports.
declare -A visited=()
ordered=()
visit() {
    local module=$1 dependency
    case "${visited[$module]:-}" in
        done) return ;;
        active) echo "campaign.sh: import cycle through $module" >&2; exit 2 ;;
    esac
    visited[$module]=active
    for dependency in $(package_imports "Sources/$module"); do
        [[ "$dependency" == "$module" ]] || visit "$dependency"
    done
    visited[$module]=done
    ordered+=("$module")
}

modules_of() {
    local name=$1 module
    visited=()
    ordered=()
    for module in $(package_imports "${harness_file[$name]}"); do visit "$module"; done
    echo "${ordered[*]}"
}

if ((list)); then
    for name in "${harnesses[@]}"; do echo "$name: ${harness_file[$name]} → modules: $(modules_of "$name")"; done
    exit 0
fi

case "$sanitizer" in
    address) flags=(-sanitize=fuzzer,address) ;;
    none) flags=(-sanitize=fuzzer -assert-config Debug) ;;
    *) echo "campaign.sh: --sanitizer is address or none, not $sanitizer" >&2; exit 2 ;;
esac
bin=$out/$sanitizer
flags+=(-parse-as-library -O -wmo -I "$bin")
mkdir -p "$bin"
declare -A built=()

# Compiles one module into $bin/<Module>.o and .swiftmodule unless both are newer than its sources.
build_module() {
    local module=$1
    [[ -n "${built[$module]:-}" ]] && return
    built[$module]=1
    if [[ -e "$bin/$module.o" && -e "$bin/$module.swiftmodule" ]] \
        && [[ -z "$(find "Sources/$module" "$0" -newer "$bin/$module.o" -print -quit)" ]] \
        && [[ -z "$(for m in $(package_imports "Sources/$module"); do find "$bin/$m.o" -newer "$bin/$module.o"; done)" ]]; then
        return
    fi
    echo "campaign: compiling $module" >&2
    local sources
    mapfile -t sources < <(find "Sources/$module" -name '*.swift' | sort)
    swiftc "${flags[@]}" -module-name "$module" -emit-module -emit-module-path "$bin/$module.swiftmodule" \
        -c "${sources[@]}" -o "$bin/$module.o"
}

build_harness() {
    local name=$1 module objects=()
    for module in $(modules_of "$name"); do
        build_module "$module"
        objects+=("$bin/$module.o")
    done
    echo "campaign: linking fuzz-$name" >&2
    local module_name
    module_name=$(basename "${harness_file[$name]}" .swift)
    # The gold linker warns "Cannot export local symbol '__asan_…'" for every instrumented global: harmless.
    swiftc "${flags[@]}" -module-name "$module_name" "${harness_file[$name]}" "${objects[@]}" -o "$bin/fuzz-$name" \
        2> >(grep -v "Cannot export local symbol" >&2)
}

if ((build)); then
    for name in "${harnesses[@]}"; do build_harness "$name"; done
fi
((run)) || exit 0

# libFuzzer's last status line, e.g. "#1048576 DONE cov: 2331 ft: 11102 corp: 1460/241Kb lim: 4096 exec/s: 8738 …".
field() { sed -n -E "s/.*[[:space:]]$1:[[:space:]]*([0-9]+).*/\\1/p" "$2" | tail -n 1; }
final_stat() { sed -n -E "s/^stat::$1:[[:space:]]*([0-9]+).*/\\1/p" "$2" | tail -n 1; }

commit=$(git rev-parse --short HEAD 2>/dev/null || echo '?')
failed=0
total_runs=0
total_seconds=0
rows=()
for name in "${harnesses[@]}"; do
    binary=$bin/fuzz-$name
    [[ -x "$binary" ]] || { echo "campaign.sh: $binary is not built (run without --no-build)" >&2; exit 2; }
    corpus=$out/corpus/$name
    artifacts=$out/artifacts/$name
    log=$out/logs/$name-$(date -u +%Y%m%dT%H%M%S).log
    mkdir -p "$corpus" "$artifacts" "$out/logs"
    seeds=Tests/Fuzz/seeds-$name
    [[ -d "$seeds" ]] || seeds=Tests/Fuzz/seeds
    dict=Tests/Fuzz/$name.dict
    [[ -f "$dict" ]] || dict=Tests/Fuzz/evdl.dict
    bound=${bound_for[$name]:-${default_bound[0]}}
    echo "campaign: fuzzing $name ($bound) → $log" >&2
    started=$(date +%s)
    status=0
    # Swift's runtime backtracer would take the crash signals (a failed precondition is SIGILL/SIGTRAP) before
    # libFuzzer, which then writes no crash input: leave them to libFuzzer.
    SWIFT_BACKTRACE=enable=no \
    "$binary" "$corpus" "$seeds" "-dict=$dict" "$bound" "-timeout=$timeout" -detect_leaks=0 "-max_len=$max_len" \
        -rss_limit_mb=4096 -print_final_stats=1 "-artifact_prefix=$artifacts/" >"$log" 2>&1 || status=$?
    seconds=$(( $(date +%s) - started ))
    runs=$(final_stat number_of_executed_units "$log")
    [[ -n "$runs" ]] || runs=$(sed -n -E 's/^#([0-9]+)[[:space:]].*/\1/p' "$log" | tail -n 1)  # no final stats after a crash
    runs=${runs:-0}
    rate=$(( runs / (seconds > 0 ? seconds : 1) ))
    cov=$(field cov "$log")
    ft=$(field ft "$log")
    units=$(sed -n -E 's/.*[[:space:]]corp:[[:space:]]*([0-9]+\/[0-9]+[A-Za-z]*).*/\1/p' "$log" | tail -n 1)
    inputs=$(find "$corpus" -type f | wc -l)
    if ((status == 0)); then
        result=clean
    else
        failed=1
        artifact=$(ls -t "$artifacts" 2>/dev/null | head -n 1)
        reason=$(grep -m1 -E "ERROR: libFuzzer|ERROR: AddressSanitizer|Fatal error|Precondition failed|SUMMARY" "$log" || true)
        result="FAILED (exit $status): ${reason:-see $log}; input: $artifacts/${artifact:-?}"
    fi
    total_runs=$((total_runs + runs))
    total_seconds=$((total_seconds + seconds))
    rows+=("$(printf '%-10s %12s %8s %8s %8s %14s %8s %s' "$name" "$runs" "$rate" "${cov:-?}" "${ft:-?}" "${units:-?}" "$inputs" "$result")")
done

printf '%-10s %12s %8s %8s %8s %14s %8s %s\n' harness executions exec/s cov ft corpus files result
printf '%s\n' "${rows[@]}"
printf '%-10s %12s %8s   (%s s, sanitizer %s, -max_len=%s, %s)\n' total "$total_runs" \
    "$((total_runs / (total_seconds > 0 ? total_seconds : 1)))" "$total_seconds" "$sanitizer" "$max_len" "$commit"
exit "$failed"
