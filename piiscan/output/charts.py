"""Small inline-SVG charts for the HTML page: horizontal bars, a monthly histogram, a grid of counts.

Hand-written templates rather than a plotting library: the page must stay one self-contained file with no
script, and these three shapes take ~150 lines; matplotlib or Altair would add tens of megabytes (or a
JavaScript runtime) to draw them.  Every label is escaped here; numbers are formatted by the caller's
locale function.  Each chart carries `role="img"`, an `aria-label` and a `<title>`, and says its unit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

__all__ = ["bar_chart", "grid_chart", "month_histogram"]

Fmt = Callable[[int], str]
_FONT = 'font-family="system-ui,-apple-system,Segoe UI,Roboto,sans-serif"'


def bar_chart(rows: Sequence[tuple[str, int]], *, unit: str, fmt: Fmt, chart_id: str, color: str = "#3b6ea8") -> str:
    """One horizontal bar per (label, value), the value written at the bar's end and the unit under it."""
    if not rows:
        return ""
    bar_h, gap, label_w, width = 22, 8, 300, 760
    top = max(v for _, v in rows) or 1
    height = len(rows) * (bar_h + gap) + 24
    out = [
        f'<svg id="{chart_id}" class="chart" role="img" aria-label="{escape(unit)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg" {_FONT} font-size="13">'
        f"<title>{escape(unit)}</title>"
    ]
    for i, (label, value) in enumerate(rows):
        y = i * (bar_h + gap)
        w = max(1, int((width - label_w - 110) * value / top))
        out.append(f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end" fill="#1d232b">{escape(label)}</text>')
        out.append(f'<rect class="bar" x="{label_w}" y="{y}" width="{w}" height="{bar_h}" rx="3" fill="{color}"/>')
        out.append(f'<text x="{label_w + w + 6}" y="{y + 16}" fill="#1d232b">{escape(fmt(value))}</text>')
    out.append(f'<text x="{label_w}" y="{height - 6}" fill="#5b6673" font-size="12">{escape(unit)}</text>')
    out.append("</svg>")
    return "".join(out)


def _months_between(first: str, last: str) -> list[str]:
    y0, m0 = int(first[:4]), int(first[5:7])
    y1, m1 = int(last[:4]), int(last[5:7])
    out = []
    while (y0, m0) <= (y1, m1):
        out.append(f"{y0:04d}-{m0:02d}")
        y0, m0 = (y0 + 1, 1) if m0 == 12 else (y0, m0 + 1)
    return out


def month_histogram(by_month: dict[str, int], *, unit: str, fmt: Fmt, chart_id: str) -> str:
    """Records per month, every month of the span shown (empty months too: a gap in a dump is a clue).

    Spans past 20 years are drawn per year instead, so bars stay wider than a pixel.
    """
    if not by_month:
        return ""
    months = _months_between(min(by_month), max(by_month))
    per_year = len(months) > 240
    if per_year:
        years: dict[str, int] = {}
        for m, n in by_month.items():
            years[m[:4]] = years.get(m[:4], 0) + n
        keys = [str(y) for y in range(int(min(years)), int(max(years)) + 1)]
        values = [years.get(k, 0) for k in keys]
    else:
        keys, values = months, [by_month.get(m, 0) for m in months]
    width, height, left, bottom, top_pad = 760, 220, 56, 40, 12
    plot_w, plot_h = width - left - 10, height - bottom - top_pad
    top = max(values) or 1
    bw = plot_w / len(keys)
    out = [
        f'<svg id="{chart_id}" class="chart" role="img" aria-label="{escape(unit)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg" {_FONT} font-size="12">'
        f"<title>{escape(unit)}</title>",
        f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{width - 10}" y2="{top_pad + plot_h}" stroke="#9aa5b1"/>',
        f'<text x="{left - 6}" y="{top_pad + 10}" text-anchor="end" fill="#5b6673">{escape(fmt(top))}</text>',
        f'<text x="{left - 6}" y="{top_pad + plot_h}" text-anchor="end" fill="#5b6673">0</text>',
    ]
    for i, (key, value) in enumerate(zip(keys, values, strict=True)):
        h = plot_h * value / top
        x = left + i * bw
        out.append(
            f'<rect class="bar" data-month="{key}" data-count="{value}" x="{x:.1f}" y="{top_pad + plot_h - h:.1f}" '
            f'width="{max(bw - 1, 0.6):.1f}" height="{h:.1f}" fill="#3b6ea8"><title>{key}: {escape(fmt(value))}'
            "</title></rect>"
        )
    # a label at each January (or each 5th year when drawn per year), and at the first bar
    step = 5 if per_year else 12
    for i, key in enumerate(keys):
        first_of_span = i == 0
        if first_of_span or (per_year and int(key) % step == 0) or (not per_year and key.endswith("-01")):
            x = left + i * bw
            label = key if per_year or first_of_span else key[:4]  # January: the year alone
            out.append(f'<line x1="{x:.1f}" y1="{top_pad + plot_h}" x2="{x:.1f}" y2="{top_pad + plot_h + 4}" ')
            out.append('stroke="#9aa5b1"/>')
            out.append(f'<text x="{x:.1f}" y="{top_pad + plot_h + 17}" fill="#5b6673">{escape(label)}</text>')
    out.append(f'<text x="{left}" y="{height - 4}" fill="#5b6673">{escape(unit)}</text>')
    out.append("</svg>")
    return "".join(out)


def grid_chart(
    rows: Sequence[str], cols: Sequence[str], values: dict[tuple[str, str], int], *, unit: str, fmt: Fmt, chart_id: str
) -> str:
    """A heat grid: one row per source, one column per entity, the count written in a shaded cell."""
    if not rows or not cols:
        return ""
    cell_w, cell_h, label_w, head_h = 66, 24, 260, 84
    width = label_w + cell_w * len(cols) + 60  # the last head leans right
    height = head_h + cell_h * len(rows) + 24
    top = max(values.values(), default=0) or 1
    out = [
        f'<svg id="{chart_id}" class="chart" role="img" aria-label="{escape(unit)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg" {_FONT} font-size="12">'
        f"<title>{escape(unit)}</title>"
    ]
    for j, col in enumerate(cols):
        x = label_w + j * cell_w + cell_w / 2 - 6
        out.append(
            f'<text x="{x:.0f}" y="{head_h - 8}" text-anchor="start" fill="#1d232b" '
            f'transform="rotate(-40 {x:.0f} {head_h - 8})">{escape(col)}</text>'
        )
    for i, row in enumerate(rows):
        y = head_h + i * cell_h
        shown = row if len(row) <= 38 else "…" + row[-37:]
        out.append(
            f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end" fill="#1d232b"><title>{escape(row)}</title>'
            f"{escape(shown)}</text>"
        )
        for j, col in enumerate(cols):
            v = values.get((row, col), 0)
            x = label_w + j * cell_w
            shade = 0.08 + 0.8 * (v / top) ** 0.5 if v else 0.0
            out.append(
                f'<rect x="{x + 1}" y="{y + 1}" width="{cell_w - 2}" height="{cell_h - 2}" rx="2" '
                f'fill="#3b6ea8" fill-opacity="{shade:.2f}" stroke="#e8ebef"/>'
            )
            if v:
                ink = "#ffffff" if shade > 0.5 else "#1d232b"
                out.append(
                    f'<text x="{x + cell_w / 2:.0f}" y="{y + 16}" text-anchor="middle" fill="{ink}">'
                    f"{escape(fmt(v))}</text>"
                )
    out.append(f'<text x="{label_w}" y="{height - 6}" fill="#5b6673">{escape(unit)}</text>')
    out.append("</svg>")
    return "".join(out)
