"""Render the README's two screenshots of the HTML page with headless Chromium (`python docs/screenshots.py`).

The scans are those of `tests/test_html_page.py`: a multi-source scan of the bundled fixtures (synthetic
data) and an incomplete one (a missing path, an empty file).  The PNGs are quantised with `pngquant` when
it is installed (Debian package), to stay well under 300 KB each.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from piiscan import scan  # noqa: E402
from piiscan.output.html import render_html  # noqa: E402

REF = dt.date(2026, 11, 23)
WINDOW = "1100,2200"


def main() -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("chromium is not installed (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        (tmp / "vide.csv").write_bytes(b"")
        fixtures = ROOT / "fixtures"
        scans = {
            "report-multi": [fixtures / "sample_ofii.csv", fixtures / "visas.jsonl", fixtures / "dump.sql"],
            "report-incomplete": [fixtures / "sample_ofii.csv", tmp / "absent.csv", tmp / "vide.csv"],
        }
        for name, paths in scans.items():
            report = scan(paths, reference_date=REF, key=b"k" * 32, on_error="skip").data
            page = tmp / f"{name}.html"
            page.write_text(render_html(report), encoding="utf-8")
            raw = tmp / f"{name}.png"
            subprocess.run(
                [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--no-first-run", f"--user-data-dir={tmp / 'profile'}", "--hide-scrollbars",
                 f"--window-size={WINDOW}", f"--screenshot={raw}", page.as_uri()],
                check=True, capture_output=True, timeout=180,
            )  # fmt: skip
            out = ROOT / "docs" / f"{name}.png"
            if shutil.which("pngquant"):
                subprocess.run(
                    ["pngquant", "--quality", "70-90", "--speed", "1", "--force", "-o", str(out), str(raw)], check=True
                )
            else:
                shutil.copyfile(raw, out)
            print(f"{out.relative_to(ROOT)}: {out.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
