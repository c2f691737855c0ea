#!/usr/bin/env bash
# Builds infra/main.bicep and lints every .bicep file under infra/ with the bicep binary of the
# Azure.Bicep.CommandLine.linux-x64 NuGet package (version pinned in Directory.Packages.props).
# Fails on any error or warning. Usage: bash infra/lint.sh   (from anywhere; offline once restored)
set -euo pipefail

infra_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
version=$(sed -n 's/.*Include="Azure.Bicep.CommandLine.linux-x64" Version="\([^"]*\)".*/\1/p' \
  "$infra_dir/../Directory.Packages.props")
if [ -z "$version" ]; then
  echo "lint.sh: no Azure.Bicep.CommandLine.linux-x64 version in Directory.Packages.props" >&2
  exit 1
fi
packages=${NUGET_PACKAGES:-$HOME/.nuget/packages}
bicep="$packages/azure.bicep.commandline.linux-x64/$version/tools/bicep"

if [ ! -f "$bicep" ]; then
  echo "lint.sh: restoring Azure.Bicep.CommandLine.linux-x64 $version..."
  dotnet restore "$infra_dir/Infra.Lint.proj" --verbosity quiet
fi
if [ ! -f "$bicep" ]; then
  echo "lint.sh: bicep binary not found at $bicep after restore" >&2
  exit 1
fi
[ -x "$bicep" ] || chmod +x "$bicep"
echo "lint.sh: $("$bicep" --version)"

out_dir=$(mktemp -d)
trap 'rm -rf "$out_dir"' EXIT
log="$out_dir/diagnostics.txt"
status=0

# Build: compiles main.bicep and every module it references (ARM JSON to a temp dir, never committed).
"$bicep" build "$infra_dir/main.bicep" --outdir "$out_dir" >"$log" 2>&1 || status=1
cat "$log"
grep -Eq ': (Warning|Error) ' "$log" && status=1

# Lint: every .bicep file, including any not referenced from main.bicep.
while IFS= read -r -d '' file; do
  "$bicep" lint "$file" >"$log" 2>&1 || status=1
  cat "$log"
  grep -Eq ': (Warning|Error) ' "$log" && status=1
done < <(find "$infra_dir" -name '*.bicep' -print0 | sort -z)

if [ "$status" -ne 0 ]; then
  echo "lint.sh: FAILED (errors or warnings above)" >&2
  exit 1
fi
echo "lint.sh: bicep build and lint passed with no warning"
