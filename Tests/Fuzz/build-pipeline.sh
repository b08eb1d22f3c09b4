#!/bin/sh
# Builds the whole-pipeline libFuzzer harness into .build/fuzz/fuzz-pipeline (see Tests/Fuzz/README.md).
exec sh "$(dirname "$0")/build-harness.sh" Tests/Fuzz/FuzzPipeline.swift fuzz-pipeline EVDLSyntax EVDLSema EVDLGenerator EVDLInterpreter
