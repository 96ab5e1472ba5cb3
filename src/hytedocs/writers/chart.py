"""The report's chart: §s per theme per quarter, as PNG bytes.

Drawn on an Agg canvas without pyplot, so that no GUI backend is touched and the global
matplotlib state of the caller is left alone.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

# Size on the page (inches) and resolution: sharp in print, small in the file.
DEFAULT_CHART_SIZE = (6.3, 3.4)
DEFAULT_CHART_DPI = 200
# Themes drawn one by one; the rest share one grey bar segment.
DEFAULT_CHART_THEMES = 10


def quarter_chart(
    quarters: Sequence[str],
    counts: dict[str, list[int]],
    *,
    x_label: str,
    y_label: str,
    other_label: str,
) -> bytes:
    """A stacked bar per quarter, one colour per theme; PNG bytes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    series = list(counts.items())
    if len(series) > DEFAULT_CHART_THEMES:
        rest = series[DEFAULT_CHART_THEMES - 1:]
        series = series[:DEFAULT_CHART_THEMES - 1]
        series.append((other_label, [sum(col) for col in zip(*(c for _, c in rest),
                                                                strict=True)]))
    fig = Figure(figsize=DEFAULT_CHART_SIZE, dpi=DEFAULT_CHART_DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    colours = [fig_colour(i) for i in range(len(series))]
    bottom = [0] * len(quarters)
    x = list(range(len(quarters)))
    for (label, values), colour in zip(series, colours, strict=True):
        ax.bar(x, values, bottom=bottom, label=label, color=colour, width=0.6,
               edgecolor="white", linewidth=0.5)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_xticks(x, list(quarters))
    ax.set_xlabel(x_label, fontsize=8)
    ax.set_ylabel(y_label, fontsize=8)
    ax.tick_params(labelsize=7)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(fontsize=6.5, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def fig_colour(i: int) -> str:
    """Colour of the i-th theme (tab10, then grey for "other")."""
    palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
               "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"]
    return palette[i % len(palette)]
