#!/bin/sh
# Builds the formatter's libFuzzer harness into .build/fuzz/fuzz-format (see Tests/Fuzz/README.md).
exec sh "$(dirname "$0")/build-harness.sh" Tests/Fuzz/FuzzFormat.swift fuzz-format EVDLSyntax EVDLFormat EVDLTestSupport
