"""`prefetch(array, i)`: ask the CPU to bring `array[i]`'s cache line in ahead of its use.

Why: a chunk (8 MB) does not fit in a core's cache, and the detection kernel's record-date pre-pass reads
one cell per record (~480 bytes apart, across pages), a pattern the hardware prefetcher does not follow.  A plain early
load would stall the core when the reorder buffer fills; `llvm.prefetch` is a hint that never faults and
never waits, so it may point anywhere (the index is still clamped into the array here).
"""

from __future__ import annotations

from llvmlite import ir
from numba import types
from numba.extending import intrinsic

__all__ = ["prefetch"]


@intrinsic
def prefetch(typingctx, array, index):
    """Hint a read of `array[index]` (a 1-D array, an integer index clamped to `0..len-1`); returns nothing."""
    if not isinstance(array, types.Array) or array.ndim != 1 or not isinstance(index, types.Integer):
        return None
    sig = types.void(array, index)

    def codegen(context, builder, signature, args):
        aryty, idxty = signature.args
        ary = context.make_array(aryty)(context, builder, args[0])
        idx = context.cast(builder, args[1], idxty, types.intp)
        n = builder.extract_value(ary.shape, 0)
        zero = ir.Constant(idx.type, 0)
        last = builder.sub(n, ir.Constant(n.type, 1))
        idx = builder.select(builder.icmp_signed("<", idx, zero), zero, idx)
        idx = builder.select(builder.icmp_signed(">", idx, last), last, idx)
        idx = builder.select(builder.icmp_signed("<", idx, zero), zero, idx)  # an empty array: index 0
        ptr = builder.gep(ary.data, [idx])
        voidptr = ir.IntType(8).as_pointer()
        i32 = ir.IntType(32)
        fnty = ir.FunctionType(ir.VoidType(), [voidptr, i32, i32, i32])
        fn = builder.module.declare_intrinsic("llvm.prefetch", [voidptr], fnty)
        # read (0), high temporal locality (3), data cache (1)
        builder.call(fn, [builder.bitcast(ptr, voidptr), ir.Constant(i32, 0), ir.Constant(i32, 3), ir.Constant(i32, 1)])
        return context.get_dummy_value()

    return sig, codegen
