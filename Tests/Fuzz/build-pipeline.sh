#!/bin/sh
# Builds the whole-pipeline libFuzzer harness into .build/fuzz/address/fuzz-pipeline (see Tests/Fuzz/README.md);
# `campaign.sh --build-only` builds every harness.
exec "$(dirname "$0")/campaign.sh" --build-only pipeline
