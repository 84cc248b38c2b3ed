"""Locations used by the tests: repo root, tools/reference, and the read-only shared folder."""

import os
import sys

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
TRAINING_DIR = os.path.dirname(TESTS_DIR)
REPO_ROOT = os.path.dirname(TRAINING_DIR)
TOOLS_REFERENCE = os.path.join(REPO_ROOT, "tools", "reference")

for _p in (TRAINING_DIR, TOOLS_REFERENCE):
    if _p not in sys.path:
        sys.path.insert(0, _p)


def _find_shared():
    """$MLNET_SIAMESE_SHARED if set (even if it does not exist: lets you test the skips), else ../shared."""
    env = os.environ.get("MLNET_SIAMESE_SHARED")
    candidate = env if env else os.path.join(REPO_ROOT, "..", "shared")
    if os.path.isdir(os.path.join(candidate, "models", "third_party")):
        return os.path.abspath(candidate)
    return None


SHARED = _find_shared()
HAVE_SHARED = SHARED is not None
SKIP_REASON = "shared folder not found (../shared from the repo root or $MLNET_SIAMESE_SHARED)"


def shared(*parts):
    return os.path.join(SHARED, *parts)


def model_dir(version):
    return shared("models", "third_party", "nanotrack-" + version)
