#!/usr/bin/env bash
# A seventh operation, added as a contributor would, needs no Rust (README, "Adding an
# operation"; issue 27): in a scratch copy of this checkout, the sixth operation's data
# (crates/testkit/data/sixth) is copied under another vendor and service name (stratus-core,
# [stratus], /v4/…) into fixtures/ and features/; the data steps of the procedure follow (the
# README's profile example pasted from `cargo xtask profile --example`, ci/stub-baseline.json
# regenerated, the new snapshots accepted); then the whole test suite must pass there, and no
# Rust file may differ from this checkout's. It builds in this checkout's target/, so only the
# workspace's own crates are built again; at its end it touches this checkout's Rust files, so
# that the next build here builds them again too: a test binary keeps the folder it was built
# in (insta finds its snapshots from there), and cargo would otherwise keep the scratch copy's.
# .ci/run runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
here=$PWD
scratch=$(mktemp -d)
cleanup() {
  rm -rf "$scratch"
  (cd "$here" && git ls-files -z '*.rs' | xargs -0 touch)
}
trap cleanup EXIT
ws=$scratch/ws
mkdir -p "$ws"
git ls-files -z | xargs -0 -I{} cp --parents {} "$ws/"
export CARGO_TARGET_DIR="$here/target"

sixth=crates/testkit/data/sixth
mkdir -p "$ws/fixtures/stratus-core" "$ws/features/stratus-core"
rename() {
  sed -e 's/nimbus-edge/stratus-core/g; s/Nimbus Edge/Stratus Core/g; s/Nimbus/Stratus/g' \
      -e 's/nimbus/stratus/g; s/NIMBUS/STRATUS/g; s#/v3/#/v4/#g' "$1"
}
rename "$sixth/fixtures/nimbus-edge/resize-cache.json" > "$ws/fixtures/stratus-core/resize-cache.json"
rename "$sixth/features/nimbus-edge/resize-cache.feature" > "$ws/features/stratus-core/resize-cache.feature"

cd "$ws"
cargo xtask profile --example > "$scratch/profile.toml"
python3 - "$scratch/profile.toml" <<'EOF_PY'
import pathlib, sys
readme = pathlib.Path("README.md")
text = readme.read_text()
start = text.index("```toml\n", text.index("### Target profile")) + len("```toml\n")
end = text.index("```", start)
readme.write_text(text[:start] + pathlib.Path(sys.argv[1]).read_text() + text[end:])
EOF_PY
cargo xtask conformance -q --strict --baseline ci/stub-baseline.json --update-baseline
env -u CI INSTA_UPDATE=always cargo test --workspace -q
if find . -name '*.snap.new' | grep -q .; then echo "snapshots left unaccepted"; exit 1; fi

# No Rust file was added, removed or changed.
changed=$(cd "$ws" && find . -name '*.rs' -not -path './target/*' | LC_ALL=C sort)
theirs=$(cd "$here" && git ls-files '*.rs' | sed 's#^#./#' | LC_ALL=C sort)
[ "$changed" = "$theirs" ] || { echo "the Rust files differ in number or name"; exit 1; }
while read -r f; do cmp -s "$here/$f" "$ws/$f" || { echo "$f changed"; exit 1; }; done <<< "$theirs"
echo "a seventh operation: green with data only (fixture, feature, README example, baseline, snapshots)"
