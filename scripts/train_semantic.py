"""Train the semantic readers (bot/semantic/training.py) when their inputs changed."""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.semantic.encoder import shared_encoder  # noqa: E402
from bot.semantic.training import fingerprint, inputs, train  # noqa: E402

OUT = ROOT / "models" / "semantic"


def main() -> int:
    stamp = fingerprint(inputs())
    marker = OUT / ".fingerprint"
    if marker.is_file() and marker.read_text() == stamp:
        print("semantic readers are up to date (models/semantic/)")
        return 0
    start = time.monotonic()
    counts = train(encoder=shared_encoder(), out_dir=OUT)
    marker.write_text(stamp)
    print(f"semantic readers trained in {time.monotonic() - start:.0f}s: "
          + ", ".join(f"{k} {v} examples" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
