"""Cold start: how long a fresh Python takes to import lambda/app.py and answer a launch.

A Lambda cold start pays this once per container; Alexa's 8 seconds include it.

    .venv/bin/python bench/cold_start.py [--runs 5] [--budget-s 2.0]

Exits non-zero if the median is over budget.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import importlib.util, json, sys, time
from datetime import UTC, datetime
started = time.perf_counter()
spec = importlib.util.spec_from_file_location("app", sys.argv[1])
app = importlib.util.module_from_spec(spec)
spec.loader.exec_module(app)
imported = time.perf_counter()
from skill.local.envelope import EnvelopeFactory
class Context:
    function_name = "bench"; memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:bench"
    aws_request_id = "bench"
app.handler(EnvelopeFactory().launch(datetime.now(UTC)), Context())
answered = time.perf_counter()
print(json.dumps({"import": imported - started, "first": answered - imported}))
"""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--budget-s", type=float, default=2.0)
    args = parser.parse_args()
    imports, firsts = [], []
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "HAMSTRING_DB": str(Path(tmp) / "cold.sqlite3")}
        env.pop("SKILL_ID", None)
        for _ in range(args.runs):
            out = subprocess.run(
                [sys.executable, "-c", PROBE, str(ROOT / "lambda" / "app.py")],
                env=env,
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            line = next(x for x in out.splitlines() if x.startswith('{"import"'))
            found = json.loads(line)
            imports.append(found["import"])
            firsts.append(found["first"])
    total = statistics.median(i + f for i, f in zip(imports, firsts, strict=True))
    print(f"import lambda/app.py: median {statistics.median(imports) * 1000:.0f} ms")
    print(f"first launch answered: median {statistics.median(firsts) * 1000:.0f} ms")
    print(f"cold start total: median {total * 1000:.0f} ms (budget {args.budget_s * 1000:.0f} ms)")
    return 0 if total <= args.budget_s else 1


if __name__ == "__main__":
    sys.exit(main())
