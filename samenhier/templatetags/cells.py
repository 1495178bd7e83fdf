"""Rows of a table of figures (cells.py), written in one pass: the dashboard's tables
hold hundreds of cells, and each would cost more through the template engine (or
format_html) than the numbers behind them."""

from html import escape

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from samenhier.cells import Cell, separators

register = template.Library()


@register.simple_tag
def cell_rows(rows, head, *columns, flag="", flag_text=""):
    """<tr>s with `row[head]` as the row's header and a right-aligned cell per column;
    a row whose `row[flag]` is true gets `flag_text` as a badge in its header."""
    formats = separators()
    badge = f' <span class="badge text-bg-light border">{conditional_escape(flag_text)}</span>'
    html = []
    for row in rows:
        html.append(f'<tr><th scope="row">{conditional_escape(row[head])}')
        if flag and row[flag]:
            html.append(badge)
        html.append("</th>")
        for column in columns:
            value = row[column]
            text = value.text(formats) if isinstance(value, Cell) else str(value)
            html.append(f'<td class="text-end">{escape(text)}</td>')
        html.append("</tr>")
    # Every value above is escaped (tests/impact/test_cell_rows.py).
    return mark_safe("".join(html))  # noqa: S308  # nosec B308 B703
