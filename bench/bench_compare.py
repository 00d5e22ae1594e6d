"""The ministry's comparison at the size of the country: 40 offices x 12 months of packs.

Each office has a root key of its own (Ed25519) and signs its twelve packs with it as an
office's admin PC does (``core.pack.seal``); the figures vary by office and month. The
folder is compared against the registry as ``ult-desktop compare`` does (every pack read,
checked against its office's registered root, medians per province and nation).

* ``compare_40x12_s``: reading and checking the 480 packs (target <= 5 s).
* ``compare_medians_s``: every figure's province and national medians of every month.
* ``compare_pdf_s`` / ``compare_xlsx_s``: the directorate's PDF and XLSX of them.
* ``pack_bytes``: the size of one pack (small enough to e-mail).
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PROVINCES = ("Aceh", "Bali", "Banten", "Jawa Barat", "Jawa Tengah", "Jawa Timur",
             "Kalimantan Barat", "Maluku", "Papua", "Sulawesi Selatan")


class _Key:
    def __init__(self, rng: random.Random) -> None:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        from ult_desktop.core.chain import key_id_of

        self._key = Ed25519PrivateKey.from_private_bytes(rng.randbytes(32))
        self.public_key = self._key.public_key().public_bytes_raw()
        self.key_id = key_id_of(self.public_key)

    def sign(self, data: bytes) -> bytes:
        return self._key.sign(data)


def _figures(rng: random.Random, size: float, month: int) -> dict:
    from ult_desktop.core.pack import FIGURES

    visitors = int(size * (1 + 0.15 * ((month % 12) in (1, 7, 8))) * rng.uniform(0.85, 1.15))
    ikm = rng.uniform(72, 92)
    out = {k: None for k in FIGURES} | {
        "visitors": visitors, "served": int(visitors * rng.uniform(0.75, 0.95)),
        "wait_median": round(rng.uniform(3, 18), 1), "respondents": int(visitors * 0.4),
        "promise_share": round(rng.uniform(0.7, 1), 4), "band_rate": round(rng.uniform(0.6, 0.95), 4),
        "ikm": round(ikm, 2), "followups_came": rng.randint(0, 12),
        "followups_missed": rng.randint(0, 4), "outages": rng.choice((0, 0, 0, 1, 2))}
    out["wait_p90"] = round(out["wait_median"] * rng.uniform(1.6, 2.6), 1)
    out |= {f"element_{n}": round(ikm + rng.uniform(-6, 6), 2) for n in range(1, 10)}
    for category in ("informasi", "pengaduan"):
        received = rng.randint(0, 9)
        out[f"lapor.{category}.received"] = received
        out[f"lapor.{category}.on_time"] = rng.randint(0, received)
    got = sum(out[f"lapor.{c}.received"] for c in ("informasi", "pengaduan"))
    out["lapor_on_time"] = round(sum(out[f"lapor.{c}.on_time"] for c in
                                     ("informasi", "pengaduan")) / got, 4) if got else None
    return out


def make_packs(folder: Path, offices: int = 40, months: int = 12, seed: int = 1) -> Path:
    """*offices* offices' packs of *months* months of 2026 in *folder*, and the registry
    beside it (returned)."""
    import json

    from ult_desktop.core.pack import seal

    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    rows = ["kode;nama;provinsi;sidik_jari"]
    for n in range(offices):
        key, province = _Key(rng), PROVINCES[n % len(PROVINCES)]
        code, name = f"K{n + 1:02d}", f"BPMP {province}" + (f" {n // 10 + 1}" if n >= 10 else "")
        rows.append(f"{code};{name};{province};{key.key_id}")
        size = rng.uniform(60, 400)
        for month in range(1, months + 1):
            pack = seal({"program": "bench", "office": {"name": name, "root": key.key_id},
                         "month": f"2026-{month:02d}", "made_at": f"2026-{month:02d}-28",
                         "figures": _figures(rng, size, month),
                         "proof": {"head": 1000 * month, "head_hash": "0" * 64,
                                   "verified": True, "differences": 0, "stamp": ""}},
                        key, key.public_key, [])
            (folder / f"{code}-2026-{month:02d}.ultpack").write_text(
                json.dumps(pack, ensure_ascii=False, indent=1), encoding="utf-8")
    registry = folder.parent / "kantor.csv"
    registry.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return registry


def run(quick: bool) -> dict[str, float]:
    from ult_desktop.reports import ministry

    with tempfile.TemporaryDirectory(prefix="ult-bench-compare-") as tmp:
        folder = Path(tmp) / "paket"
        registry = make_packs(folder, 40, 12)  # (small enough for --quick too)
        started = time.perf_counter()
        c = ministry.compare_folder(folder, registry)
        took = time.perf_counter() - started
        assert not c.refused and len(c.figures) == 40 * 12
        started = time.perf_counter()
        for key in c.keys():
            for p in [*c.provinces(), None]:
                for m in c.months:
                    c.median(key, m, p)
        medians = time.perf_counter() - started
        started = time.perf_counter()
        ministry.build_pdf(c, Path(tmp) / "perbandingan.pdf")
        pdf = time.perf_counter() - started
        started = time.perf_counter()
        ministry.build_xlsx(c, Path(tmp) / "perbandingan.xlsx")
        xlsx = time.perf_counter() - started
        size = (folder / "K01-2026-01.ultpack").stat().st_size
    return {"compare_40x12_s": round(took, 3), "compare_medians_s": round(medians, 3),
            "compare_pdf_s": round(pdf, 2), "compare_xlsx_s": round(xlsx, 2),
            "pack_bytes": size}


if __name__ == "__main__":
    for name, value in run("--quick" in sys.argv).items():
        print(f"{name}: {value}")
