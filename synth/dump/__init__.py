"""The dump layer: a dense OFII-like CSV at dump scale (hundreds of MB/s), and the same persons as columns of
cells for the other dump shapes (:mod:`synth.shapes`).

Names and places are pre-encoded pools indexed with numpy random integers (:mod:`synth.dump.pools`),
identifiers are numpy digit matrices with their check digits computed vectorised (:mod:`synth.dump.arrays`),
a block's persons become columns of cells (:mod:`synth.dump.cells`) and rows are joined a block at a time
(:mod:`synth.dump.writer`).
"""

from synth.dump.cells import DumpCells, dump_cells
from synth.dump.pools import DUMP_PROFILES, DumpPools
from synth.dump.writer import DUMP_VERSION, ROWS_PER_GB, DumpStats, dump_file_name, write_ofii_dump

__all__ = [
    "DUMP_PROFILES",
    "DUMP_VERSION",
    "ROWS_PER_GB",
    "DumpCells",
    "DumpPools",
    "DumpStats",
    "dump_cells",
    "dump_file_name",
    "write_ofii_dump",
]
