"""The workbook as files: reading an upload (XLSX, CSV files, or a ZIP of CSV files) into
rows, and writing the template or an export (XLSX with drop-down lists and an explanation
sheet, or a ZIP with one CSV file per sheet). Everything happens in memory: no upload is
written to disk (docs/architecture.md, "Bringing a programme in")."""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from impact.exports import safe_cell
from samenhier.errors import ApplicationError

from .sheets import SHEETS, Sheet
from .values import fold, is_blank, words

# Rows of the template that get the drop-down lists.
VALIDATED_ROWS = 2000
LISTS_TITLE = "Lijsten"
EXPLANATION_TITLE = "Uitleg"
# More than this is not a programme's spreadsheet (and would only fill the memory).
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


@dataclass
class RawSheet:
    sheet: Sheet
    source: str  # the file (and sheet) it came from, for messages
    columns: dict[int, str] = field(default_factory=dict)  # position -> column key
    rows: list[tuple[int, dict]] = field(default_factory=list)  # (row number, key -> cell)


@dataclass
class RawBook:
    sheets: dict[str, RawSheet] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # whole-sheet problems, in Dutch


def _names(sheet: Sheet) -> set[str]:
    with translation.override("nl"):
        dutch = str(sheet.title)
    with translation.override("en"):
        english = str(sheet.title)
    return {fold(dutch), fold(english), fold(sheet.key)}


def _header_names(sheet: Sheet) -> dict[str, str]:
    names = {}
    for column in sheet.columns:
        for language in ("nl", "en"):
            with translation.override(language):
                names[fold(str(column.header))] = column.key
        names[fold(column.key)] = column.key
    return names


def sheet_for(name: str) -> Sheet | None:
    """The sheet a worksheet or CSV file is for, by its title ("Huishoudens", any case;
    a file may be called "huishoudens.csv" or "programma - huishoudens.csv")."""
    folded = fold(name)
    for sheet in SHEETS:
        for known in _names(sheet):
            if folded == known or folded.endswith((f" {known}", f"-{known}", f"_{known}")):
                return sheet
    return None


def _take(book: RawBook, sheet: Sheet, source: str, rows) -> None:
    """The header row (the first row with anything in it) and the rows below it."""
    if sheet.key in book.sheets:
        book.problems.append(
            _("Het blad ‘%(sheet)s’ staat twee keer in de upload.") % {"sheet": sheet.title}
        )
        return
    raw = RawSheet(sheet=sheet, source=source)
    names = _header_names(sheet)
    header_seen = False
    for number, cells in enumerate(rows, start=1):
        cells = list(cells)
        if all(is_blank(cell) for cell in cells):
            continue
        if not header_seen:
            header_seen = True
            for position, cell in enumerate(cells):
                if is_blank(cell):
                    continue
                key = names.get(fold(cell))
                if key is None:
                    book.problems.append(
                        _("Blad ‘%(sheet)s’: de kolom ‘%(column)s’ ken ik niet.")
                        % {"sheet": sheet.title, "column": words(cell)[:60]}
                    )
                elif key in raw.columns.values():
                    book.problems.append(
                        _("Blad ‘%(sheet)s’: de kolom ‘%(column)s’ staat er twee keer in.")
                        % {"sheet": sheet.title, "column": words(cell)[:60]}
                    )
                else:
                    raw.columns[position] = key
            continue
        values = {
            key: cells[position] if position < len(cells) else None
            for position, key in raw.columns.items()
        }
        raw.rows.append((number, values))
    present = set(raw.columns.values())
    for column in sheet.columns:
        if column.required and column.key not in present:
            book.problems.append(
                _("Blad ‘%(sheet)s’: de kolom ‘%(column)s’ ontbreekt.")
                % {"sheet": sheet.title, "column": column.header}
            )
    book.sheets[sheet.key] = raw


def _read_xlsx(book: RawBook, name: str, content: bytes) -> None:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not XLSX
        raise ApplicationError(
            _("‘%(name)s’ kan ik niet lezen als Excel-bestand (.xlsx).") % {"name": name},
            code="not_a_workbook",
        ) from error
    try:
        for worksheet in workbook.worksheets:
            sheet = sheet_for(worksheet.title)
            if sheet is not None:
                _take(book, sheet, worksheet.title, worksheet.iter_rows(values_only=True))
    finally:
        workbook.close()


def _read_csv(book: RawBook, name: str, content: bytes) -> None:
    sheet = sheet_for(PurePath(name).stem)
    if sheet is None:
        book.problems.append(
            _(
                "Bij het bestand ‘%(name)s’ weet ik niet welk blad het is; noem het naar het "
                "blad, bijvoorbeeld huishoudens.csv."
            )
            % {"name": name}
        )
        return
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    # Spreadsheets quote with double quotes; an apostrophe at the start of a cell marks it as
    # text (_unescaped), so the sniffer's guess of it as a quote is not taken.
    rows = csv.reader(io.StringIO(text), dialect, quotechar='"', doublequote=True)
    _take(book, sheet, name, ([_unescaped(cell) for cell in cells] for cells in rows))


def _unescaped(cell: str) -> str:
    """A CSV cell without the apostrophe `safe_cell` puts before text a spreadsheet would
    run as a formula (the export's, or a spreadsheet's own mark for text)."""
    if cell.startswith("'") and safe_cell(cell[1:]) == cell:
        return cell[1:]
    return cell


def read_upload(files: list[tuple[str, bytes]]) -> RawBook:
    """The rows of an upload: one .xlsx, or one or more .csv files, or a .zip of them."""
    book = RawBook()
    for name, content in files:
        if len(content) > MAX_UPLOAD_BYTES:
            raise ApplicationError(
                _("‘%(name)s’ is groter dan 20 MB.") % {"name": name}, code="too_large"
            )
        suffix = PurePath(name).suffix.lower()
        if suffix == ".xlsx":
            _read_xlsx(book, name, content)
        elif suffix == ".csv":
            _read_csv(book, name, content)
        elif suffix == ".zip":
            try:
                archive = zipfile.ZipFile(io.BytesIO(content))
                members = [m for m in archive.infolist() if m.filename.lower().endswith(".csv")]
                if sum(m.file_size for m in members) > MAX_UPLOAD_BYTES:
                    raise ApplicationError(
                        _("‘%(name)s’ is uitgepakt groter dan 20 MB.") % {"name": name},
                        code="too_large",
                    )
                for member in members:
                    _read_csv(book, PurePath(member.filename).name, archive.read(member))
            except zipfile.BadZipFile as error:
                raise ApplicationError(
                    _("‘%(name)s’ kan ik niet uitpakken.") % {"name": name}, code="not_a_zip"
                ) from error
        else:
            raise ApplicationError(
                _("‘%(name)s’: kies een .xlsx-bestand, .csv-bestanden of een .zip daarvan.")
                % {"name": name},
                code="unknown_file_type",
            )
    if not book.sheets and not book.problems:
        book.problems.append(
            _("In de upload staat geen blad dat ik ken (Huishoudens, Groepen, …).")
        )
    return book


# -- writing ----------------------------------------------------------------------------


def _headers(sheet: Sheet) -> list[str]:
    return [str(column.header) for column in sheet.columns]


def write_xlsx(rows: dict[str, list[list]], lists: dict[str, list[str]]) -> bytes:
    """The workbook: a sheet per kind with Dutch headers and `rows` (cells as text, dates,
    numbers), drop-down lists where a value comes from a list, the lists themselves, and
    a sheet that explains every column."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    lists_sheet = workbook.create_sheet(LISTS_TITLE)
    ranges = {}
    for position, (source, values) in enumerate(sorted(lists.items()), start=1):
        letter = get_column_letter(position)
        lists_sheet.cell(row=1, column=position, value=source).font = bold
        for row, value in enumerate(values, start=2):
            lists_sheet.cell(row=row, column=position, value=value)
        last = max(len(values) + 1, 2)
        ranges[source] = f"{quote_sheetname(LISTS_TITLE)}!${letter}$2:${letter}${last}"
    for sheet in SHEETS:
        worksheet = workbook.create_sheet(str(sheet.title))
        worksheet.append(_headers(sheet))
        for cell in worksheet[1]:
            cell.font = bold
        worksheet.freeze_panes = "A2"
        for row in rows.get(sheet.key, []):
            worksheet.append(row)
            # A name that starts with "=" is text, never a formula Excel would run.
            for cell in worksheet[worksheet.max_row]:
                if cell.data_type == "f":
                    cell.data_type = "s"
        for position, column in enumerate(sheet.columns, start=1):
            letter = get_column_letter(position)
            worksheet.column_dimensions[letter].width = max(14, len(str(column.header)) + 2)
            formula = None
            if column.kind == "one" and column.source in ranges:
                formula = ranges[column.source]
            elif column.kind == "bool":
                formula = '"ja,nee"'
            if formula:
                validation = DataValidation(type="list", formula1=formula, allow_blank=True)
                validation.error = _("Kies een waarde uit de lijst.")
                validation.prompt = str(column.explanation or column.header)[:255]
                validation.add(f"{letter}2:{letter}{VALIDATED_ROWS}")
                worksheet.add_data_validation(validation)
    explanation = workbook.create_sheet(EXPLANATION_TITLE, 0)
    explanation.append([_("blad"), _("kolom"), _("verplicht"), _("wat erin hoort"), _("voorbeeld")])
    for cell in explanation[1]:
        cell.font = bold
    for sheet in SHEETS:
        explanation.append([str(sheet.title), "", "", str(sheet.explanation), ""])
        explanation.cell(row=explanation.max_row, column=1).font = bold
        for column in sheet.columns:
            explanation.append(
                [
                    str(sheet.title),
                    str(column.header),
                    _("ja") if column.required else _("nee"),
                    _describe(column, lists),
                    "" if column.example in ("", None) else str(column.example),
                ]
            )
    explanation.append([])
    explanation.append(
        [
            "",
            "",
            "",
            _(
                "Datums als 15-01-2025, 15/1/2025, 2025-01-15 of een Excel-datum; ja/nee als "
                "ja, nee, x of leeg; getallen met een komma of een punt (1,5). Namen uit een "
                "lijst in het Nederlands of Engels, in hoofd- of kleine letters. Lege rijen en "
                "de volgorde van de kolommen maken niet uit."
            ),
        ]
    )
    for letter, width in zip("ABCDE", (16, 30, 10, 90, 30), strict=True):
        explanation.column_dimensions[letter].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _describe(column, lists) -> str:
    text = str(column.explanation)
    if column.kind in ("one", "many") and column.source in lists:
        shown = ", ".join(lists[column.source][:40])
        text = f"{text} " + _("Uit de lijst: %(values)s.") % {"values": shown}
    elif column.kind == "date":
        text = f"{text} " + _("Een datum.")
    elif column.kind == "bool":
        text = f"{text} " + _("ja of nee.")
    return text.strip()


def write_csv_zip(rows: dict[str, list[list]]) -> bytes:
    """One CSV file per sheet (UTF-8, semicolons, as Dutch Excel opens them), in a ZIP."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for sheet in SHEETS:
            text = io.StringIO()
            writer = csv.writer(text, delimiter=";")
            writer.writerow(_headers(sheet))
            for row in rows.get(sheet.key, []):
                writer.writerow(["" if cell is None else _csv_cell(cell) for cell in row])
            archive.writestr(f"{fold(sheet.title)}.csv", "\ufeff" + text.getvalue())
    return out.getvalue()


def _csv_cell(cell) -> str:
    if hasattr(cell, "strftime"):
        return cell.strftime("%d-%m-%Y")
    # Text that starts with = + - or @ gets an apostrophe, as in impact's reports, so a
    # spreadsheet never runs it as a formula; the reader takes it off again (_unescaped).
    return safe_cell(str(cell))
