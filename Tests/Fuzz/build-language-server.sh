#!/bin/sh
# Builds the language-server libFuzzer harness into .build/fuzz/fuzz-language-server (see Tests/Fuzz/README.md).
# EVDLSyntax, EVDLSema, EVDLFormat and EVDLLanguageServer are compiled as the modules they are in the package, each instrumented
# for libFuzzer and AddressSanitizer, then linked with the harness.
set -eu
cd "$(dirname "$0")/../.."
out=.build/fuzz
mkdir -p "$out"
flags="-parse-as-library -sanitize=fuzzer,address -O -wmo -I $out"
for module in EVDLSyntax EVDLSema EVDLFormat EVDLLanguageServer; do
    swiftc $flags -module-name "$module" -emit-module -emit-module-path "$out/$module.swiftmodule" \
        -c $(find "Sources/$module" -name '*.swift' | sort) -o "$out/$module.o"
done
swiftc $flags -module-name FuzzLanguageServer Tests/Fuzz/FuzzLanguageServer.swift \
    "$out/EVDLSyntax.o" "$out/EVDLSema.o" "$out/EVDLFormat.o" "$out/EVDLLanguageServer.o" -o "$out/fuzz-language-server"
echo "built $out/fuzz-language-server"
