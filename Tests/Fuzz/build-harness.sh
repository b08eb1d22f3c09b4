#!/bin/sh
# Builds a libFuzzer harness: build-harness.sh HARNESS.swift OUTPUT MODULE... (run from anywhere; see README.md).
# Each module of Sources/ is compiled as the module it is in the package (so its `import`s and access levels hold),
# instrumented for libFuzzer and AddressSanitizer, then linked with the harness into .build/fuzz/OUTPUT.
set -eu
cd "$(dirname "$0")/../.."
harness="$1"
output="$2"
shift 2
out=.build/fuzz
mkdir -p "$out"
flags="-parse-as-library -sanitize=fuzzer,address -O -wmo -I $out"
objects=""
for module in "$@"; do
    swiftc $flags -module-name "$module" -emit-module -emit-module-path "$out/$module.swiftmodule" \
        -c $(find "Sources/$module" -name '*.swift' | sort) -o "$out/$module.o"
    objects="$objects $out/$module.o"
done
swiftc $flags -module-name "$(basename "$harness" .swift)" "$harness" $objects -o "$out/$output"
echo "built $out/$output"
