"""``python -m benchmarks``: run every benchmark in turn (each also runs alone as
``python -m benchmarks.<name>``).  Figures are printed, never asserted."""

import pkgutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
SKIP = {"generate", "__main__"}

names = sorted(
    m.name for m in pkgutil.iter_modules([str(HERE)]) if m.name not in SKIP and not m.name.startswith("_")
)
if len(sys.argv) > 1:
    names = [n for n in names if n in sys.argv[1:]]
status = 0
for name in names:
    print(f"\n=== benchmarks.{name} ===", flush=True)
    status |= subprocess.call([sys.executable, "-m", f"benchmarks.{name}"], cwd=HERE.parent)
sys.exit(status)
