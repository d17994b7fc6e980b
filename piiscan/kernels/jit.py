"""The one decorator every kernel uses.

Why without NRT: numba's runtime reference-counts every array passed between compiled functions with
atomic instructions; in the detection kernel, which calls small helpers for every cell and word, those
atomics took 85 % of the time (measured with `perf`: `lock incq`/`lock decq` in NRT_incref/decref), and
they contend between worker threads sharing the pack's tables.  Kernels therefore never allocate: callers
pass every buffer in, and the functions compile with NRT disabled, so arrays are plain pointers.

Why no `inline="always"`: numba's IR-level inlining re-runs type inference on every inlined body at every
call site.  With it, the cold compile of the detection kernel took 77 s; without it 36 s, and the scan got
faster (LLVM still inlines small helpers where it pays: 21.5 → 18.8 ns/byte on the benchmark's cells).
Callees must also see one signature each: pass int64 positions (`np.int64(cs[c])`), or numba compiles
the callee again for `int32`.

Why kernels never specialise on a literal argument: numba types a constant argument as a literal
(`Literal[int](13)`, `Literal[bool](True)`) and compiles a callee once per distinct constant: `_rotl`
five times (its shift counts), `credentials._run` six (its class bits), `_emit` for `n_norm` 0 and 8.  That
was 34 of the detection kernel's 179 compiles (~4 s of its cold compile, and the memory each holds).  A
kernel's dispatcher therefore types a call from compiled code with the arguments' non-literal types
(`_Kernel.get_call_template`): one compile per signature, whatever constants the callers pass.  The
machine code does not lose the constant: a small callee is inlined by LLVM, which propagates it.

Why `forceinline` on some helpers: numba passes every array argument of a call between compiled functions
as seven machine words, so `_scan_text(...)` with 25 arguments pushed about 100 words per cell and
`_scan_number` as many per number.  Marking the helpers that have one or two call sites `forceinline`
(LLVM's `alwaysinline`, not numba's IR-level inlining) removes those calls: detection on the benchmark's
8 MB chunk went from 69 to 55 ms, with the same cold compile time.  Inlining helpers with many call sites
(`_has_context`, the lexicon lookups) made the scan slower and the compile up to 12 s longer.

Why private kernels have no Python entry: numba compiles, for every function, a CPython wrapper (unboxing
each argument from a Python object, seven words per array) and a C-callable wrapper, and optimises and
emits machine code for both, though a helper only ever called by other kernels never uses them.  For the
detection kernel's ~140 helpers, many of 10 to 25 array arguments, that was 7 s of its 43 s cold compile
(CPU) and 95 MB of the compiling process's 452 MB.  So a kernel whose name is private (`_scan_text`) is
compiled for calls from compiled code only (numba's `no_cpython_wrapper`), and no kernel gets the
C-callable wrapper (`no_cfunc_wrapper`: nothing takes a kernel's address).  A private kernel that Python
calls says `entry=True`; calling one that does not raises `TypeError` (numba would jump to a missing
entry point and crash the process).

Why a cache stamp of our own: numba reuses a cached kernel as long as the source file of the *decorated*
function is unchanged, but the detection kernel has helpers from six modules inlined or linked into it,
and global tables (`chars.LOWER_LATIN1`, built from `piiscan.text`) frozen into its code.  Edit `memo.py`
alone and numba would load the old detection kernel, whose inlined memo no longer matches the arrays the
new Python code passes in: wrong findings, or a crash.  Every kernel module therefore gets one stamp, a
digest of all the modules compiled code can depend on (`_STAMPED_SOURCES`): any edit recompiles every kernel.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from numba import njit, types
from numba.core.registry import CPUDispatcher

__all__ = ["kernel", "sources_digest"]

_PACKAGE_DIR = Path(__file__).resolve().parent.parent
_KERNEL_DIRS = (_PACKAGE_DIR / "kernels", _PACKAGE_DIR / "entities", _PACKAGE_DIR / "formats")
"""Folders holding compiled kernels (`@kernel` functions; the formats' structure kernels live with their
format): their caches are stamped with the digest.  `tests/test_compile.py` fails if compiled code that
calls other kernels appears anywhere else."""
_STAMPED_SOURCES = (
    *_KERNEL_DIRS,
    _PACKAGE_DIR / "text.py",
    _PACKAGE_DIR / "validators" / "iban.py",
    _PACKAGE_DIR / "validators" / "docnumber.py",
    _PACKAGE_DIR / "validators" / "phone.py",
)
"""What compiled kernels can depend on: every module of `piiscan.kernels`, every entity module and the
contract computed from them (`piiscan.entities`: ids, hint bits and slots are frozen into kernels as
constants), every format module (`piiscan.formats`: the structure kernels call `kernels` helpers),
`piiscan.text` (the folding tables in `chars` are built from it at import), and the validators whose data
`detect` freezes (`iban.BBAN_STRUCTURES`, `docnumber`'s lengths, `phone.OVERSEAS`).  One digest for all:
editing a format's Python half (or `formats/sniff.py`) recompiles the detection kernel too, which costs a
cold compile in development and never a wrong cache."""


def sources_digest(sources: tuple[Path, ...] = _STAMPED_SOURCES) -> str:
    """A digest of the Python sources in `sources` (folders and files): changes whenever any of them does."""
    h = hashlib.sha256()
    for root in sources:
        for path in sorted(root.glob("*.py")) if root.is_dir() else [root]:
            name = path.relative_to(_PACKAGE_DIR) if path.is_relative_to(_PACKAGE_DIR) else path.name
            h.update(str(name).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _install_cache_stamp() -> None:
    """Make numba stamp the cache of every function defined in `_KERNEL_DIRS` with `sources_digest()`.

    Registers, ahead of numba's own, a subclass of each of numba's file-backed cache locators (the
    `NUMBA_CACHE_DIR` one, the in-tree `__pycache__` one, the per-user one) that claims only our kernel
    modules and returns the digest as the source stamp; numba discards a cache index whose stamp differs.
    `CacheImpl._locator_classes` is numba's internal list: if it is ever missing, kernels keep numba's
    per-file stamp, as before.
    """
    try:
        from numba.core import caching
    except ImportError:  # pragma: no cover - numba without its caching module
        return
    impl = getattr(caching, "CacheImpl", None) or getattr(caching, "_CacheImpl", None)
    names = ("UserProvidedCacheLocator", "InTreeCacheLocator", "UserWideCacheLocator")
    bases = [getattr(caching, n, None) for n in names]
    if impl is None or not isinstance(getattr(impl, "_locator_classes", None), list) or None in bases:
        return
    if any(getattr(c, "_piiscan_stamp", False) for c in impl._locator_classes):
        return
    digest = sources_digest()

    def stamped(base):
        class Stamped(base):
            _piiscan_stamp = True

            @classmethod
            def from_function(cls, py_func, py_file):
                try:
                    ours = Path(py_file).resolve().parent in _KERNEL_DIRS
                except OSError:
                    return None
                return super().from_function(py_func, py_file) if ours else None

            def get_source_stamp(self):
                return digest

        Stamped.__name__ = Stamped.__qualname__ = f"PiiscanStamped{base.__name__}"
        return Stamped

    impl._locator_classes[:0] = [stamped(b) for b in bases]
    _tolerate_foreign_indexes(caching, digest)


def _tolerate_foreign_indexes(caching, digest: str) -> None:
    """Make an index of one of our kernels that cannot be unpickled a cache miss, not a crash.

    Why: numba pickles each cached signature into the kernel's index file, and a kernel taking an
    argument bundle (`piiscan.kernels.bundles`) has our named-tuple classes in its signature; an index
    written by another version of piiscan can name a class this one no longer has, and numba's
    `_load_index` would raise (`AttributeError`) on every scan until the cache was deleted.  numba
    unpickles the stamp and the signatures in one piece, so the stamp cannot reject the file first.
    Indexes of other libraries' functions (another source stamp) keep numba's behaviour.
    """
    index_file = getattr(caching, "IndexDataCacheFile", None)
    load = getattr(index_file, "_load_index", None)
    if load is None or getattr(load, "_piiscan_tolerant", False):
        return

    def _load_index(self):
        if getattr(self, "_source_stamp", None) != digest:
            return load(self)
        try:
            return load(self)
        except Exception:  # written by other code: a miss; the next save rewrites the index
            return {}

    _load_index._piiscan_tolerant = True
    index_file._load_index = _load_index


_install_cache_stamp()


class _Kernel(CPUDispatcher):
    """numba's CPU dispatcher, typing calls from compiled code without literal arguments (see the module
    docstring): `Literal[int](13)` is compiled as `int64`, `Literal[bool](True)` as `bool`."""

    def get_call_template(self, args, kws):
        args = tuple(types.unliteral(a) for a in args)
        kws = {k: types.unliteral(v) for k, v in kws.items()}
        return super().get_call_template(args, kws)


class _InnerKernel(_Kernel):
    """A kernel compiled without a Python entry point: only other kernels call it (see the module docstring)."""

    def __call__(self, *args, **kws):
        raise TypeError(
            f"{self.py_func.__module__}.{self.py_func.__name__} is compiled for calls from other kernels only "
            "(a private kernel); give it @kernel(entry=True) to call it from Python"
        )


def kernel(fn=None, *, forceinline=False, entry=None):
    """`@kernel`: `njit(cache=True, nogil=True)` without the reference-counting runtime.

    `forceinline=True` for a helper with one or two call sites on a hot path (see the module docstring).
    `entry`: whether Python calls it; by default a public name does and a private (`_name`) one does not.
    """

    def wrap(f):
        python_entry = not f.__name__.startswith("_") if entry is None else entry
        dispatcher = njit(
            cache=True,
            nogil=True,
            _nrt=False,
            forceinline=forceinline,
            no_cpython_wrapper=not python_entry,
            no_cfunc_wrapper=True,
        )(f)
        if type(dispatcher) is CPUDispatcher:  # (under NUMBA_DISABLE_JIT it is the plain function)
            # subclasses adding no state: only how calls are typed, and a clear error for a Python call
            dispatcher.__class__ = _Kernel if python_entry else _InnerKernel
        return dispatcher

    return wrap(fn) if fn is not None else wrap
