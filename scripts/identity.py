"""Write the generated identity files (config/identity.py) under static/.

    .venv/bin/python scripts/identity.py

Run after changing the mark, the wordmark, the plate pattern or a colour in
static/css/tokens.css, and commit the files; tests/test_identity.py fails while the
committed files differ from what config/identity.py makes.
"""

import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from config.identity import static_files  # noqa: E402


def main():
    for name, content in static_files().items():
        path = BASE_DIR / "static" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        print(f"{path.relative_to(BASE_DIR)} ({len(content)} bytes)")


if __name__ == "__main__":
    main()
