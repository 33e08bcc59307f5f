"""The benchmark script runs and prints its whole table (the figures are not judged here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "benchmark.py"


def test_quick_benchmark_prints_every_stage_and_target(tmp_path):
    out = subprocess.run([sys.executable, str(SCRIPT), "--quick", "--repeat", "1",
                          "--no-baseline", "--keep", str(tmp_path)],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    text = out.stdout
    assert "synthetic corpus" in text
    for stage in ("read", "normalise", "boilerplate", "split", "sections", "segment", "count"):
        assert f"\n{stage} " in text, stage
    assert "counts identical" in text and "DIFFER" not in text
    assert text.count("[met]") + text.count("[NOT MET]") == 5
    assert len(list((tmp_path / "pages").glob("*.txt"))) > 0
