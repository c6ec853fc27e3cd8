#!/usr/bin/env bash
# Runs every test of the solution and ends with one line: "N passed, N failed, N skipped".
# Installs what the tests need when it is missing (Debian's chromium for the browser tests, with chromium-l10n so
# that its date fields follow the en-GB locale in the user guide's screenshots).
set -uo pipefail
cd "$(dirname "$0")/.."

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's chromium for the browser tests..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-l10n >/dev/null \
      || { echo "Could not install chromium with apt-get."; exit 1; }
  else
    echo "The browser tests need Chromium. Install it (Debian: sudo apt-get install chromium) or set CHROMIUM_PATH."
    exit 1
  fi
fi
export CHROMIUM_PATH="$chromium"

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

dotnet build ComplianceDashboard.sln -nologo -v quiet || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }

# Known-vulnerable packages, direct and transitive, when a package source serves vulnerability data (its service index
# lists VulnerabilityInfo; without it "dotnet list package --vulnerable" finds nothing whatever is installed): a finding
# counts as a failure.
vulnerable=0
feeds="$(dotnet nuget list source --format short 2>/dev/null | awk '$1 == "E" { print $2 }')"
serves_data=no
for feed in $feeds; do
  index="$(curl -fsS -m 20 "$feed" 2>/dev/null)"
  grep -q '"VulnerabilityInfo' <<<"$index" && serves_data=yes
done
if [ "$serves_data" = yes ]; then
  audit="$(timeout 300 dotnet list ComplianceDashboard.sln package --vulnerable --include-transitive 2>&1)"
  if grep -q "has the following vulnerable packages" <<<"$audit"; then
    echo "$audit"; echo "Vulnerable packages: see above."; vulnerable=1
  else
    echo "Vulnerable packages: none (dotnet list package --vulnerable --include-transitive)."
  fi
else
  echo "Vulnerable packages: not checked, no package source serves vulnerability data ($feeds)."
fi

# The OpenAPI document, linted with Redocly's CLI (pinned, installed with npm when missing; ruleset in
# tests/openapi/redocly.yaml): an error counts as a failure.
openapi=0
if tests/openapi/lint.sh; then
  echo "OpenAPI lint: no errors (tests/openapi/lint.sh)."
else
  echo "OpenAPI lint: failed, see above."; openapi=1
fi

dotnet test ComplianceDashboard.sln --no-build -nologo --logger "trx" --results-directory "$results" "$@"
status=$?

passed=0; failed=0; skipped=0; files=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  value() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  skipped=$((skipped + $(value notExecuted)))
done

if [ "$files" -eq 0 ] || { [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; }; then
  # The runner failed without reporting a failed test (a crash or a build problem): count it as a failure.
  failed=$((failed + 1))
fi
failed=$((failed + vulnerable + openapi))
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
