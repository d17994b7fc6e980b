"""Where detection time goes: ns per cell and per byte, column by column, on one chunk of a CSV dump.

    python -m benchmarks.columns benchmarks/.data/ofii_v1_r200000_s1_cp1252.csv
    perf record -F 2000 -o /tmp/p.data python -m benchmarks.columns DUMP --only Observations --repeat 8 \\
        --perf-map && perf report -i /tmp/p.data --no-children --sort symbol

Single-threaded, warm kernel, best of `--repeat`.  `--perf-map` writes `/tmp/perf-<pid>.map` naming every
compiled helper of the detection kernel, so `perf report` attributes time to `_word_key`, `_scan_text`...
instead of bare addresses: the symbols come from the kernel's object code in numba's cache (`nm` on the
ELF inside the `.nbc` file), placed at the address the process loaded it at.  This is how the free-text scan
was found spending 13 % in an out-of-line `read_cp` call per character.
"""

from __future__ import annotations

import argparse
import glob
import os
import re
import subprocess
import time
from pathlib import Path

import numpy as np

from piiscan.formats import Fields, open_format
from piiscan.formats.sniff import sniff
from piiscan.kernels import detect
from piiscan.kernels.chars import IDENTITY_BYTES, byte_cp_table
from piiscan.kernels.detect import N_STATS, OUT_COLUMNS, detect_cells
from piiscan.kernels.memo import MEMO_SLOTS, new_memo
from piiscan.scanner import Scanner, ScanOptions

__all__ = ["main"]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dump", type=Path, help="a CSV dump (e.g. from benchmarks.gen_ofii)")
    ap.add_argument("--mb", type=int, default=32, help="chunk size read from the start of the dump")
    ap.add_argument("--encoding", default="cp1252", help="the dump's encoding (cp1252 or utf-8)")
    ap.add_argument("--only", help="time this column only (* : all cells, in order)")
    ap.add_argument("--skip", help="time all cells but this column's, in order")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-memo", action="store_true", help="without the value memo (piiscan.kernels.memo)")
    ap.add_argument("--perf-map", action="store_true", help="write /tmp/perf-<pid>.map for perf report")
    args = ap.parse_args(argv)

    with args.dump.open("rb") as fh:
        raw = fh.read(args.mb << 20)
    raw = raw[: raw.rfind(b"\n") + 1]
    data = np.frombuffer(raw, np.uint8).copy()
    scanner = Scanner(ScanOptions(workers=1))
    fmt = sniff(raw[:65536], encoding=args.encoding, forced=None)
    fields = Fields(scanner.tables)
    structure = open_format(fmt, fields=fields, codec=args.encoding)  # a CSV's header names the columns
    n_cells, n_records, _consumed, arrays, _bad, _blobs = structure.cells(data, len(data), True)
    cs, ce, cf, cr = (a[:n_cells] for a in arrays)
    hints = fields.hint_array()
    single = args.encoding.lower() not in ("utf-8", "utf8")
    enc, byte_cp = (1, byte_cp_table(args.encoding)) if single else (0, IDENTITY_BYTES)
    print(f"{args.dump.name}: {len(data) / 1e6:.1f} MB, {n_records:,} records, {n_cells:,} cells")

    def run(select: np.ndarray, label: str) -> None:
        idx = np.flatnonzero(select)
        s, e, f, r = cs[idx].copy(), ce[idx].copy(), cf[idx].copy(), cr[idx].copy()
        nbytes = max(1, int((e - s).sum()))
        best, found = float("inf"), 0
        for _ in range(args.repeat):
            out = np.empty((len(idx) + 4096, OUT_COLUMNS), np.int64)
            rec_date = np.empty(max(1, n_records), np.int32)
            stats = np.zeros(N_STATS, np.int64)
            memo = new_memo(0 if args.no_memo else MEMO_SLOTS)  # fresh: as at a scan's first chunk
            t0 = time.perf_counter()
            found, _next = detect_cells(
                data, enc, byte_cp, False, len(idx), s, e, f, r, n_records, hints, scanner.tables,
                scanner.ref_days, scanner.k0, scanner.k1, 0, out, rec_date, stats, memo=memo,
            )  # fmt: skip
            best = min(best, time.perf_counter() - t0)
        print(
            f"{label[:24]:24s} {len(idx):9,d} cells {nbytes / 1e6:7.2f} MB {best * 1e3:8.1f} ms "
            f"{best / max(1, len(idx)) * 1e9:7.0f} ns/cell {best / nbytes * 1e9:6.2f} ns/B {found:9,d} found"
        )

    names = [str(n) for n in fields.names]
    if args.skip:
        run(cf != names.index(args.skip), f"all but {args.skip}")
    elif args.only == "*":
        run(np.ones(n_cells, bool), "all cells")
    elif args.only:
        run(cf == names.index(args.only), args.only)
    else:
        run(np.ones(n_cells, bool), "all cells")
        for fid, name in enumerate(names):
            run(cf == fid, name)
    if args.perf_map:
        print("perf map:", write_perf_map())


def write_perf_map() -> str:
    """Name the detection kernel's compiled helpers for `perf report` (see the module docstring)."""
    kernel = detect._detect_cells_kernel
    cres = next(iter(kernel.overloads.values()))
    base_addr = cres.library.get_pointer_to_function(cres.fndesc.llvm_func_name)
    cache_dir = os.environ.get("NUMBA_CACHE_DIR") or str(Path(detect.__file__).parent / "__pycache__")
    nbc = max(glob.glob(f"{cache_dir}/**/detect._detect_cells_kernel-*.nbc", recursive=True), key=os.path.getmtime)
    blob = Path(nbc).read_bytes()
    obj = Path(f"/tmp/piiscan-kernel-{os.getpid()}.o")
    obj.write_bytes(blob[blob.find(b"\x7fELF") :])
    listing = subprocess.run(["nm", "-S", str(obj)], capture_output=True, text=True, check=True).stdout
    symbols = []
    for line in listing.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[2] in "TtWw":
            symbols.append((int(parts[0], 16), int(parts[1], 16), parts[3]))
    kernel_off = next(o for o, _sz, n in symbols if "6detect20_detect_cells_kernel" in n and "cpython" not in n)
    path = f"/tmp/perf-{os.getpid()}.map"
    with open(path, "w", encoding="ascii") as fh:
        for off, size, name in symbols:
            readable = re.sub(r"\d+", ".", re.sub(r"B\d.*", "", name).removeprefix("_ZN")).strip(".")
            fh.write(f"{base_addr - kernel_off + off:x} {size:x} {readable}\n")
    if not os.environ.get("PIISCAN_KEEP_OBJ"):
        obj.unlink()
    return path


if __name__ == "__main__":
    main()
