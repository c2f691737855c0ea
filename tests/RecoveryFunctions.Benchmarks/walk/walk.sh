#!/usr/bin/env bash
# The files under src/ that one identify request and one whole forgotten-password journey execute (the emails they
# queue included), measured by coverage: see README "Architecture" (one request's walk). Usage: walk.sh [--list]
set -euo pipefail
cd "$(dirname "$0")/../../.."
out=$(mktemp -d)
dotnet build tests/RecoveryFunctions.Tests -c Debug -v q -nologo >/dev/null
for step in Setup Identify Journey; do
  dotnet test tests/RecoveryFunctions.Tests -c Debug --no-build --filter "FullyQualifiedName~RequestWalkTests.Walk_${step}_" \
    --collect:"XPlat Code Coverage" --settings tests/RecoveryFunctions.Benchmarks/walk/walk.runsettings --results-directory "$out/$step" >/dev/null
done
echo "identify: $(python3 tests/RecoveryFunctions.Benchmarks/walk/walk-diff.py "$out/Setup" "$out/Identify" "$@")"
echo "journey:  $(python3 tests/RecoveryFunctions.Benchmarks/walk/walk-diff.py "$out/Setup" "$out/Journey" "$@")"
rm -rf "$out"
