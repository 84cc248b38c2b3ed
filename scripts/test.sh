#!/usr/bin/env bash
# The test command: installs what is missing, then builds and runs every test (C# and Python), checks the NuGet
# packages (nuget/verify.sh, on the Release build of the tests) and ends with one summary line
# "N passed, N failed, N skipped" counting all three. Tests that need ../shared skip with a message when it is absent.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
# Free disk, printed at each phase: a full disk (the build, NuGet's caches and the package checks take ~10 GB on a
# fresh machine) otherwise shows only as copy retries deep in a build log.
free_disk() { echo "free disk: $(df -Pm . | awk 'NR==2 {print $4}') MB here, $(df -Pm "${TMPDIR:-/tmp}" | awk 'NR==2 {print $4}') MB in ${TMPDIR:-/tmp}"; }

echo "== dotnet test"; free_disk
dotnet test MLNet.Siamese.sln -c Release --nologo --logger "console;verbosity=normal" 2>&1 | tee "$logs/dotnet.log"
dotnet_status=${PIPESTATUS[0]}

echo "== packages: pack, tool install, consumer project, CUDA fallback on the GPU package (nuget/verify.sh)"; free_disk
bash nuget/verify.sh 2>&1 | tee "$logs/packages.log"
packages_status=${PIPESTATUS[0]}

echo "== python tests (training/, tools/reference/)"; free_disk
/usr/bin/python3 -m unittest discover -s training/tests -t training -v 2>&1 | tee "$logs/python.log"
python_status=${PIPESTATUS[0]}

count() { grep -E "^\s*$1:\s+[0-9]+" "$logs/dotnet.log" | awk '{s+=$2} END {print s+0}'; }
passed=$(count Passed); failed=$(count Failed); skipped=$(count Skipped)
py_ran=$(grep -oE "^Ran [0-9]+ test" "$logs/python.log" | awk '{print $2}' | tail -1)
py_failed=$(grep -oE "(failures|errors)=[0-9]+" "$logs/python.log" | awk -F= '{s+=$2} END {print s+0}')
py_skipped=$(grep -oE "skipped=[0-9]+" "$logs/python.log" | awk -F= '{s+=$2} END {print s+0}')
py_ran=${py_ran:-0}
pkg() { grep -oE "^packages: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped" "$logs/packages.log" | grep -oE "[0-9]+ $1" | awk '{print $1}' | tail -1; }
pkg_passed=$(pkg passed); pkg_failed=$(pkg failed); pkg_skipped=$(pkg skipped)
pkg_passed=${pkg_passed:-0}; pkg_failed=${pkg_failed:-0}; pkg_skipped=${pkg_skipped:-0}
passed=$((passed + pkg_passed)); failed=$((failed + pkg_failed)); skipped=$((skipped + pkg_skipped))
if [ "$packages_status" -ne 0 ] && [ "$pkg_failed" -eq 0 ]; then failed=$((failed + 1)); fi
passed=$((passed + py_ran - py_failed - py_skipped)); failed=$((failed + py_failed)); skipped=$((skipped + py_skipped))
if [ "$dotnet_status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi   # a build error counts as a failure
if [ "$python_status" -ne 0 ] && [ "$py_failed" -eq 0 ]; then failed=$((failed + 1)); fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$dotnet_status" -eq 0 ] && [ "$python_status" -eq 0 ] && [ "$packages_status" -eq 0 ]
