"""Charts for the monitoring report, drawn with matplotlib as inline SVG: the report stays one
self-contained file that reads offline (no CDN, no JavaScript)."""

from __future__ import annotations

import io
import re

import matplotlib

matplotlib.use("Agg")  # no display: the report is written by an Airflow worker
import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter, MaxNLocator

plt.rcParams.update(
    {
        "svg.fonttype": "none",
        "font.size": 9,
        "font.family": "sans-serif",
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
)

COLOURS = {"path": "#1f5f99", "band": "#9cc3e6", "actual": "#c2410c", "baseline": "#374151", "province": "#6b7280"}


#: tick labels in Indonesian notation: decimal comma, dot between thousands ("2,75", "5.000")
INDONESIAN = FuncFormatter(lambda value, _: f"{value:,.10g}".replace(",", " ").replace(".", ",").replace(" ", "."))


def _svg(fig) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(fig)
    text = buffer.getvalue()
    text = text[text.index("<svg") :]  # drop the XML prolog: the SVG is inlined in HTML
    # matplotlib names every element (id="line2d_1", "xtick_1", ...) the same in each chart: in a
    # page of many charts the ids would repeat. Only the ids a chart refers to stay (clip paths,
    # url(#...); markers, href="#..."): matplotlib makes those from a hash of their content.
    referenced = set(re.findall(r'(?:url\(#|href="#)([^)"]+)', text))
    return re.sub(r'\sid="([^"]+)"', lambda m: m.group(0) if m.group(1) in referenced else "", text)


def indicator_chart(
    title: str,
    unit: str,
    baseline: tuple[int, float] | None,
    path: list[tuple[int, float | None, float | None]],
    actuals: list[tuple[int, float]],
) -> str:
    """Baseline point, target path (a line, or a band for ranges) and published actuals."""
    fig, ax = plt.subplots(figsize=(5.6, 2.6))
    points = [(y, lo, hi) for y, lo, hi in path if lo is not None]
    if points:
        years = [y for y, _, _ in points]
        lows = [lo for _, lo, _ in points]
        highs = [hi if hi is not None else lo for _, lo, hi in points]
        if any(hi != lo for lo, hi in zip(lows, highs, strict=True)):
            ax.fill_between(years, lows, highs, color=COLOURS["band"], alpha=0.6, label="rentang target")
        ax.plot(
            years,
            [(lo + hi) / 2 for lo, hi in zip(lows, highs, strict=True)],
            color=COLOURS["path"],
            marker="o",
            markersize=3,
            linewidth=1.5,
            label="jalur target",
        )
    if baseline:
        ax.scatter([baseline[0]], [baseline[1]], color=COLOURS["baseline"], marker="s", zorder=3, label="baseline")
    if actuals:
        ax.scatter(
            [y for y, _ in actuals],
            [v for _, v in actuals],
            color=COLOURS["actual"],
            marker="D",
            zorder=4,
            label="realisasi",
        )
    ax.set_title(title, fontsize=9, loc="left")
    ax.yaxis.set_major_formatter(INDONESIAN)
    ax.set_ylabel(unit)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # years, never 2024.5
    # beside the plot, never over a point
    ax.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.grid(axis="y", color="#e5e7eb", linewidth=0.6)
    return _svg(fig)


def regency_chart(title: str, unit: str, bars: list[tuple[str, float]], province: float | None) -> str:
    """Horizontal bars per kabupaten/kota, best first, with the province value as a line."""
    height = max(1.6, 0.22 * len(bars) + 0.8)
    fig, ax = plt.subplots(figsize=(5.6, height))
    names = [name for name, _ in bars][::-1]
    values = [value for _, value in bars][::-1]
    ax.barh(names, values, color=COLOURS["path"])
    if province is not None:
        ax.axvline(
            province,
            color=COLOURS["actual"],
            linestyle="--",
            linewidth=1,
            label=f"Provinsi NTT: {INDONESIAN(province, None)}",
        )
        ax.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.set_title(title, fontsize=9, loc="left")
    ax.xaxis.set_major_formatter(INDONESIAN)
    ax.set_xlabel(unit)
    ax.grid(axis="x", color="#e5e7eb", linewidth=0.6)
    return _svg(fig)
