#!/bin/sh
# Builds the formatter's libFuzzer harness into .build/fuzz/fuzz-format (see Tests/Fuzz/README.md).
# EVDLSyntax, EVDLFormat and EVDLTestSupport are compiled as the modules they are in the package, each instrumented
# for libFuzzer and AddressSanitizer, then linked with the harness.
set -eu
cd "$(dirname "$0")/../.."
out=.build/fuzz
mkdir -p "$out"
flags="-parse-as-library -sanitize=fuzzer,address -O -wmo -I $out"
for module in EVDLSyntax EVDLFormat EVDLTestSupport; do
    swiftc $flags -module-name "$module" -emit-module -emit-module-path "$out/$module.swiftmodule" \
        -c $(find "Sources/$module" -name '*.swift' | sort) -o "$out/$module.o"
done
swiftc $flags -module-name FuzzFormat Tests/Fuzz/FuzzFormat.swift \
    "$out/EVDLSyntax.o" "$out/EVDLFormat.o" "$out/EVDLTestSupport.o" -o "$out/fuzz-format"
echo "built $out/fuzz-format"
