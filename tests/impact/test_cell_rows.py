"""The dashboard's tables are written by one tag (samenhier/templatetags/cells.py): what
a reader sees in each cell, and that nothing in a row can inject markup."""

from django.template import Context, Template
from django.utils import translation
from django.utils.formats import number_format

from samenhier.cells import Cell, number


def rendered(rows, *columns, **flags):
    template = Template(
        '{% load cells %}{% cell_rows rows "name" '
        + " ".join(f'"{c}"' for c in columns)
        + (' flag="partial" flag_text="loopt nog"' if flags else "")
        + " %}"
    )
    return template.render(Context({"rows": rows}))


def test_it_writes_a_row_per_item_with_its_header_and_dutch_numbers():
    rows = [
        {"name": "Utrecht", "days": Cell.of(12345, 10), "hours": Cell.of(1234.5, 10, 10)},
        {"name": "Zeist", "days": Cell.of(30, 3), "hours": Cell.of(None, 0)},
    ]
    with translation.override("nl"):
        html = rendered(rows, "days", "hours")
    assert html == (
        '<tr><th scope="row">Utrecht</th><td class="text-end">12.345</td>'
        '<td class="text-end">1.234,5</td></tr>'
        '<tr><th scope="row">Zeist</th><td class="text-end">&lt;5</td>'
        '<td class="text-end">–</td></tr>'
    )


def test_it_escapes_what_a_row_holds():
    rows = [{"name": '<script>alert("x")</script>', "days": "<b>1</b>"}]
    html = rendered(rows, "days")
    assert "<script>" not in html
    assert "<b>" not in html
    assert "&lt;script&gt;" in html
    assert "&lt;b&gt;1&lt;/b&gt;" in html


def test_a_flagged_row_gets_its_badge():
    rows = [{"name": "mei 2026", "days": Cell.of(7, 7), "partial": True}]
    assert '<span class="badge text-bg-light border">loopt nog</span>' in rendered(
        rows, "days", flag=True
    )


def test_numbers_read_as_djangos_own_format_in_each_language():
    values = [0, 7, 1234, 1234567, 0.25, 12.35, 1234.56, 99999.99, 3.0, -1234.5]
    for language in ("nl", "en", "ar", "tr"):
        with translation.override(language):
            for value in values:
                places = None
                if isinstance(value, float):
                    places = 0 if value.is_integer() else 1
                expected = number_format(
                    value, decimal_pos=places, use_l10n=True, force_grouping=True
                )
                assert number(value) == expected, (language, value)
