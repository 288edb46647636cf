"""`python -m rasa_runner run ...`: exactly Rasa's command line (`rasa run ...`), with the action
server responses' schema checked once instead of on every action (schema_cache.py)."""

from __future__ import annotations

import sys

from rasa_runner import schema_cache


def main() -> None:
    schema_cache.install()
    from rasa.__main__ import main as rasa_main  # why here: nothing of Rasa's loads before

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
