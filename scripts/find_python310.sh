#!/usr/bin/env bash
# Print the path of a Python 3.10 (Rasa 3.6 needs 3.8-3.10), preferring pyenv's; fail clearly.
set -euo pipefail
candidates=()
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root)
  for p in "$root"/versions/3.10*/bin/python3.10; do [ -x "$p" ] && candidates+=("$p"); done
fi
for p in "$HOME"/.pyenv/versions/3.10*/bin/python3.10 python3.10; do candidates+=("$p"); done
for p in "${candidates[@]}"; do
  if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then
    command -v "$p"; exit 0
  fi
done
echo "error: no Python 3.10 found. Rasa 3.6 needs Python 3.8-3.10: install one with 'pyenv install 3.10' and run make again." >&2
exit 1
