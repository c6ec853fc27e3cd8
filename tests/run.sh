#!/usr/bin/env bash
# Runs every test of the solution and ends with one line: "N passed, N failed, N skipped".
# Provides every program the tests start (tests/programs.txt lists them with their Debian packages): a program that is
# missing is installed with apt-get, or the run stops naming the package to install. Also installs Redocly's CLI (npm)
# for the OpenAPI lint.
set -uo pipefail
cd "$(dirname "$0")/.."

# A program counts as present when it is on PATH or in one of the folders listed beside it (globs allowed).
program_present() {
  local program="$1" folders="${2:-}" folder
  [ "$program" = chromium ] && [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ] && return 0
  command -v "$program" >/dev/null && return 0
  IFS=':' read -ra patterns <<<"$folders"
  for folder in "${patterns[@]}"; do
    for match in $folder; do [ -x "$match/$program" ] && return 0; done
  done
  return 1
}

missing_programs=(); missing_packages=()
while read -r program packages folders; do
  case "$program" in ''|'#'*) continue ;; esac
  if ! program_present "$program" "${folders:-}"; then
    missing_programs+=("$program"); missing_packages+=(${packages//,/ })
  fi
done < tests/programs.txt
if [ ${#missing_programs[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "Installing what the tests start (${missing_programs[*]}): Debian packages ${missing_packages[*]}..."
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing_packages[@]}" >/dev/null; } \
      || { echo "Could not install ${missing_packages[*]} with apt-get."; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
  else
    echo "The tests start ${missing_programs[*]}, which this machine lacks. Install the Debian package(s): sudo apt-get install ${missing_packages[*]}"
    echo "0 passed, 1 failed, 0 skipped"
    exit 1
  fi
fi
export CHROMIUM_PATH="${CHROMIUM_PATH:-$(command -v chromium)}"

results="$(mktemp -d)"
pg_root=""
cleanup() {
  if [ -n "$pg_root" ] && [ -f "$pg_root/data/postmaster.pid" ]; then
    as_cluster_user "$pg_bin/pg_ctl" -D "$pg_root/data" -m fast -w stop >/dev/null 2>&1
  fi
  rm -rf "$results" ${pg_root:+"$pg_root"}
}
trap cleanup EXIT

# One throwaway PostgreSQL cluster for the whole run: the PostgreSQL store's tests give every test a database of its own
# in it (copied from a migrated template), and tests/Shared/ThrowawayPostgres.cs starts one the same way when this
# variable is unset. It is stopped and deleted at the end, even when tests fail. PostgreSQL refuses to run as root, so
# as root it runs as the postgres user (from Debian's postgresql package) in a folder that user owns.
as_cluster_user() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -x "$pg_bin/initdb" ] || pg_bin="$(dirname "$(command -v initdb)")"
pg_root="$(mktemp -d /tmp/cd-pg-XXXXXX)"
chmod 777 "$pg_root"
pg_port=""
for _ in $(seq 1 50); do
  candidate=$((20000 + RANDOM % 40000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then pg_port=$candidate; break; fi
done
pg_settings="-p $pg_port -k $pg_root/data -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
if [ -n "$pg_port" ] \
  && as_cluster_user "$pg_bin/initdb" -D "$pg_root/data" --auth=trust -U postgres --encoding=UTF8 --locale=C.UTF-8 --no-sync >/dev/null \
  && as_cluster_user "$pg_bin/pg_ctl" -D "$pg_root/data" -l "$pg_root/data/server.log" -o "$pg_settings" -w -t 60 start >/dev/null; then
  export COMPLIANCE_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
  echo "PostgreSQL for the tests: $("$pg_bin/postgres" --version) on port $pg_port (stopped at the end)."
else
  echo "Could not start a throwaway PostgreSQL cluster in $pg_root:"; cat "$pg_root/data/server.log" 2>/dev/null
  echo "0 passed, 1 failed, 0 skipped"; exit 1
fi

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
