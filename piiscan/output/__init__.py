"""Everything a scan's results become for a person or a tool to read, and the writing of it.

One package so that what leaves piiscan is in one place, checked in one place for raw values (none may
leave) and for the paths it writes to (never an input):

- results as data: `findings` (a chunk's findings as column arrays, DESIGN.md §3) and `aggregate` (the
  mergeable `Partial` every report is built from);
- for tools: `writers` (JSON Lines / Parquet findings files), `fingerprints` (fingerprint files, DESIGN §7),
  `files` (output paths checked against the inputs, atomic writes), `redact` (the previews);
- the verdict: `outcome` (complete or not, what was skipped and why, the documented exit status: what the
  library's `Report.outcome` and the command's exit code both come from);
- for people: `report` (the JSON report and its terminal summary, DESIGN.md §5), `coverage` (what was read
  and the verdict), `severity` (ENISA), `html` and `charts` (the page), `cnil` (the notification paragraph),
  `labels` (plain French and English names), `terminal` (colour, folding, escaping).

The modules are imported by name (`from piiscan.output.report import build_report`); this package re-exports
nothing, so importing one output does not load the others (pyarrow, the HTML templates).
"""
