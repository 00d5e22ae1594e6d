"""Pictures of the printed things that are files in the product: the tactile sign."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def tactile_sign(out: Path) -> None:
    """The kiosk's tactile sign (resources/signs/kiosk_tactile_sign_a5.pdf) as a picture."""
    pdf = ROOT / "resources" / "signs" / "kiosk_tactile_sign_a5.pdf"
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", str(pdf),
                    str(out / "kiosk_tactile_sign_a5")], check=True)
    print(out / "kiosk_tactile_sign_a5.png")
