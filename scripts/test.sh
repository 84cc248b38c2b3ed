#!/usr/bin/env bash
# The test command: installs what is missing, then builds and runs every test (C# and Python).
# Tests that need ../shared skip with a message when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "== dotnet test"
dotnet test MLNet.Siamese.sln -c Release --nologo --logger "console;verbosity=normal"
if [ -d training/tests ]; then
  echo "== python tests"
  /usr/bin/python3 -m unittest discover -s training/tests -t training -v
fi
