#!/bin/sh
# Builds the whole-pipeline libFuzzer harness into .build/fuzz/fuzz-pipeline (see Tests/Fuzz/README.md).
# EVDLSyntax, EVDLSema and EVDLGenerator are compiled as the modules they are in the package (so their
# `import`s and access levels hold), each instrumented for libFuzzer and AddressSanitizer, then linked with the harness.
set -eu
cd "$(dirname "$0")/../.."
out=.build/fuzz
mkdir -p "$out"
flags="-parse-as-library -sanitize=fuzzer,address -O -wmo -I $out"
for module in EVDLSyntax EVDLSema EVDLGenerator; do
    swiftc $flags -module-name "$module" -emit-module -emit-module-path "$out/$module.swiftmodule" \
        -c $(find "Sources/$module" -name '*.swift' | sort) -o "$out/$module.o"
done
swiftc $flags -module-name FuzzPipeline Tests/Fuzz/FuzzPipeline.swift \
    "$out/EVDLSyntax.o" "$out/EVDLSema.o" "$out/EVDLGenerator.o" -o "$out/fuzz-pipeline"
echo "built $out/fuzz-pipeline"
