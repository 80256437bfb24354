#!/usr/bin/env bash
# Schemathesis against the bundled stub, with the OpenAPI export (README "OpenAPI export").
# Starts `cargo xtask stub --deterministic` in the background, waits for it, runs Schemathesis
# (pinned; its config: the run settings of ci/schemathesis.toml (fixed seed, bounded examples,
# its default checks) followed by the per-operation settings and credentials
# `cargo xtask openapi --schemathesis` derives from the fixtures and the deterministic stub's
# profile; at most 2 minutes), and always stops the stub. Which settings and why: README, "OpenAPI export and Schemathesis". It leaves
# nothing in the working tree: the stub's log and the JUnit report go under target/ci/, and
# Schemathesis's cache (`.schemathesis/` in the current folder) is off in ci/schemathesis.toml.
# The document is the one the stub holds (`openapi --strict`: the fixtures' judgements joined in).
# Usage: ci/schemathesis.sh SCHEMATHESIS_BIN [OPENAPI_JSON]   (exit code: Schemathesis's)
set -euo pipefail
cd "$(dirname "$0")/.."

st=${1:?usage: ci/schemathesis.sh SCHEMATHESIS_BIN [OPENAPI_JSON]}
doc=${2:-target/ci/schemathesis/openapi.json}
port=${SCHEMATHESIS_STUB_PORT:-18088}
out=target/ci/schemathesis
mkdir -p "$out"

# The xtask binary wherever cargo puts it (CARGO_TARGET_DIR, --target, profiles): the path of
# the executable cargo reports having built, never an assumed target/debug/.
xtask=$(cargo build --quiet --package xtask --bin xtask --message-format=json-render-diagnostics | python3 -c '
import json, sys
built = [m["executable"] for m in map(json.loads, sys.stdin) if m.get("reason") == "compiler-artifact" and m.get("executable")]
print(built[-1] if built else "")')
[ -x "$xtask" ] || { echo "cargo built no xtask executable"; exit 3; }

# The run's config: the run settings, then what each operation needs (generated: it holds the
# stub's credentials, so it stays under target/).
"$xtask" openapi --strict --out "$out/openapi.json" --schemathesis "$out/operations.toml" >/dev/null
cat ci/schemathesis.toml "$out/operations.toml" >"$out/schemathesis.toml"
"$xtask" stub --port "$port" --deterministic >"$out/stub.log" 2>&1 &
stub_pid=$!
trap 'kill "$stub_pid" 2>/dev/null || true; wait "$stub_pid" 2>/dev/null || true' EXIT

base="http://127.0.0.1:$port"
for _ in $(seq 1 600); do
  if grep -q "^Stub listening on $base" "$out/stub.log" 2>/dev/null; then break; fi
  kill -0 "$stub_pid" 2>/dev/null || { echo "the stub exited:"; cat "$out/stub.log"; exit 3; }
  sleep 0.1
done
grep -q "^Stub listening on $base" "$out/stub.log" || { echo "the stub did not start within 60 s"; exit 3; }

# Hypothesis (under Schemathesis) keeps its own folder, `.hypothesis/` of the current folder
# by default: under target/ci/ instead.
export HYPOTHESIS_STORAGE_DIRECTORY="$out/hypothesis"

# The seed, the examples, the workers and the database are in ci/schemathesis.toml (so that the
# peer column of `cargo xtask strength --peer schemathesis` runs alike); these try others.
overrides=()
if [ -n "${SCHEMATHESIS_SEED:-}" ]; then overrides+=(--seed "$SCHEMATHESIS_SEED"); fi
if [ -n "${SCHEMATHESIS_MAX_EXAMPLES:-}" ]; then overrides+=(--max-examples "$SCHEMATHESIS_MAX_EXAMPLES"); fi

start=$(date +%s)
status=0
timeout --signal=INT --kill-after=10 120 "$st" --config-file "$out/schemathesis.toml" run "$doc" --url "$base" \
  ${overrides[@]+"${overrides[@]}"} --report junit --report-junit-path "$out/junit.xml" --no-color || status=$?
echo "Schemathesis took $(( $(date +%s) - start )) s (exit $status)"
if [ "$status" -eq 124 ]; then echo "Schemathesis ran over its 2 minutes"; fi
exit "$status"
