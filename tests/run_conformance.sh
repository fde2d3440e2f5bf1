#!/usr/bin/env bash
# run_conformance.sh DIR RUNNER [ARGS...] — runs RUNNER over every vector file
# in DIR and in DIR/next (vectors of work that has landed since they were cut).
set -euo pipefail
dir=$1
shift
if [[ ! -d "$dir" ]]; then
  echo "conformance vectors not found at $dir (expected ../shared/conformance beside the checkout): NOT RUN" >&2
  exit 77
fi
shopt -s nullglob
files=("$dir"/*.json "$dir"/next/*.json)
if (( ${#files[@]} == 0 )); then
  echo "no vector files in $dir: NOT RUN" >&2
  exit 77
fi
exec "$@" "${files[@]}"
