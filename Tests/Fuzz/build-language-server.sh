#!/bin/sh
# Builds the language server's libFuzzer harness into .build/fuzz/fuzz-language-server (see Tests/Fuzz/README.md).
exec sh "$(dirname "$0")/build-harness.sh" Tests/Fuzz/FuzzLanguageServer.swift fuzz-language-server \
    EVDLSyntax EVDLSema EVDLFormat EVDLLanguageServer
