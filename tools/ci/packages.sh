#!/usr/bin/env bash
# Reports NuGet packages that have a newer patch on the registry, and fails on packages the registry knows to be
# vulnerable (direct or transitive). Run by test.sh after the build; the report also lands in artifacts/packages.txt.
# Outdated patches are reported, not fatal: a patch published upstream must not turn an unrelated change red, but it
# is printed on every CI run until someone brings the package up. A known vulnerability is fatal.
set -uo pipefail
cd "$(dirname "$0")/../.."
out=${1:-artifacts/packages.txt}
mkdir -p "$(dirname "$out")"
if ! outdated=$(dotnet list BinHub.slnx package --outdated --highest-patch 2>&1); then
  echo "packages: could not ask the registry for newer versions (offline?):"; echo "$outdated" | tail -3; exit 0
fi
if ! vulnerable=$(dotnet list BinHub.slnx package --vulnerable --include-transitive 2>&1); then
  echo "packages: could not ask the registry for vulnerabilities (offline?):"; echo "$vulnerable" | tail -3; exit 0
fi
{ echo "$outdated"; echo; echo "$vulnerable"; } > "$out"
newer=$(echo "$outdated" | grep -E '^\s+> ' | sed -E 's/^\s+> //' | awk '{print $1" "$3" -> "$NF}' | sort -u)
if [ -n "$newer" ]; then
  echo "packages: a newer patch is served for (bring Directory.Packages.props up):"
  echo "$newer" | sed 's/^/  /'
else
  echo "packages: every package is at the newest patch served"
fi
if echo "$vulnerable" | grep -q "has the following vulnerable packages"; then
  echo "packages: VULNERABLE packages (see $out):"
  echo "$vulnerable" | grep -E '^\s+> ' | sed 's/^/  /'
  exit 1
fi
echo "packages: no known vulnerable package"
