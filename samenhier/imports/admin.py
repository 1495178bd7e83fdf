"""Bringing a programme in, in the admin: download the template, upload, preview, confirm;
and the export of everything the coordinator may see in the same format.

Nothing of the upload is kept between the preview and the confirmation: the session
holds only the file's fingerprint, and confirming asks for the same file again, which is
imported only when its fingerprint is the one previewed (docs/architecture.md,
"Bringing a programme in").
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from samenhier.access import access_log
from samenhier.errors import ApplicationError
from samenhier.models import AccessLog
from samenhier.roles import COORDINATING

from .export import programme_values, template_rows, workbook_rows
from .forms import ConfirmForm, UploadForm
from .models import ProgrammeImport
from .reading import Lists
from .services.programme import file_fingerprint, programme_import
from .services.run import ERROR
from .sheets import SHEETS
from .workbook import MAX_UPLOAD_BYTES, write_csv_zip, write_xlsx

SESSION_KEY = "imports:preview"
# The rows a preview lists one by one (the counts are always complete).
PREVIEW_ROWS = 500
FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}


def _coordinating(request) -> None:
    if not request.user.has_role(*COORDINATING):
        raise PermissionDenied


def _read(files) -> list[tuple[str, bytes]]:
    """The uploaded files' bytes, in memory (the upload handlers keep small files in
    memory and remove a temporary file when the request ends)."""
    read = []
    for upload in files:
        if upload.size > MAX_UPLOAD_BYTES:
            upload.close()
            raise ApplicationError(
                _("‘%(name)s’ is groter dan 20 MB.") % {"name": upload.name}, code="too_large"
            )
        read.append((upload.name, upload.read()))
        upload.close()
    return read


@admin.register(ProgrammeImport)
class ProgrammeImportAdmin(admin.ModelAdmin):
    """The imports made (who, when, which file, the counts), and the way to make one."""

    list_display = ["at", "file_name", "by", "summary", "invitations_sent"]
    fields = ["at", "file_name", "by", "summary", "invitations_sent", "file_hash"]
    readonly_fields = fields
    change_list_template = "admin/imports/programmeimport/change_list.html"

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("by")
        # A coordinator sees the imports they made; an administrator all of them.
        return qs if request.user.is_administrator else qs.filter(by=request.user)

    def has_module_permission(self, request):
        return request.user.has_role(*COORDINATING)

    def has_view_permission(self, request, obj=None):
        return request.user.has_role(*COORDINATING)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("aantallen"))
    def summary(self, obj) -> str:
        parts = []
        for sheet in SHEETS:
            n = obj.counts.get(sheet.key)
            if n:
                parts.append(
                    _("%(sheet)s: %(new)d nieuw, %(changed)d gewijzigd")
                    % {"sheet": sheet.title, "new": n["new"], "changed": n["changed"]}
                )
        return "; ".join(parts)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("inlezen/", wrap(self.upload_view), name="imports_upload"),
            path("inlezen/bevestigen/", wrap(self.confirm_view), name="imports_confirm"),
            path("sjabloon.<str:fmt>", wrap(self.template_view), name="imports_template"),
            path("export.<str:fmt>", wrap(self.export_view), name="imports_export"),
            *super().get_urls(),
        ]

    def _context(self, request, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Een programma inlezen"),
            **extra,
        }

    def upload_view(self, request):
        _coordinating(request)
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                files = _read(form.cleaned_data["files"])
                outcome = programme_import(
                    files=files,
                    by=request.user,
                    dry_run=True,
                    invite=form.cleaned_data["invite"],
                )
            except ApplicationError as error:
                form.add_error("files", str(error))
            else:
                request.session[SESSION_KEY] = {
                    "hash": outcome.file_hash,
                    "invite": form.cleaned_data["invite"],
                }
                shown = [row for row in outcome.rows if row.outcome != "unchanged"]
                return TemplateResponse(
                    request,
                    "admin/imports/preview.html",
                    self._context(
                        request,
                        title=_("Voorbeeld: wat er verandert"),
                        outcome=outcome,
                        summary=_summary(outcome),
                        rows=shown[:PREVIEW_ROWS],
                        rows_left=max(len(shown) - PREVIEW_ROWS, 0),
                        error_outcome=ERROR,
                        confirm_form=ConfirmForm(),
                        invite=form.cleaned_data["invite"],
                    ),
                )
        return TemplateResponse(
            request, "admin/imports/upload.html", self._context(request, form=form)
        )

    def confirm_view(self, request):
        _coordinating(request)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        previewed = request.session.get(SESSION_KEY)
        form = ConfirmForm(request.POST, request.FILES)
        if previewed is None:
            messages.error(request, _("Bekijk eerst het voorbeeld van je bestand."))
            return redirect("admin:imports_upload")
        if not form.is_valid():
            messages.error(request, _("Kies het bestand opnieuw om het in te lezen."))
            return redirect("admin:imports_upload")
        try:
            files = _read(form.cleaned_data["files"])
        except ApplicationError as error:
            messages.error(request, str(error))
            return redirect("admin:imports_upload")
        if file_fingerprint(files) != previewed["hash"]:
            messages.error(
                request,
                _(
                    "Dit is niet het bestand waarvan je het voorbeeld zag. Er is niets "
                    "ingelezen; bekijk eerst het voorbeeld van dit bestand."
                ),
            )
            return redirect("admin:imports_upload")
        try:
            outcome = programme_import(
                files=files, by=request.user, dry_run=False, invite=previewed["invite"]
            )
        except ApplicationError as error:
            messages.error(request, str(error))
            return redirect("admin:imports_upload")
        request.session.pop(SESSION_KEY, None)
        if not outcome.written:
            # The records changed since the preview, and a rule now refuses a row.
            messages.error(
                request,
                ngettext(
                    "Er is niets ingelezen: %(n)d fout. %(first)s",
                    "Er is niets ingelezen: %(n)d fouten. De eerste: %(first)s",
                    len(outcome.errors),
                )
                % {"n": len(outcome.errors), "first": outcome.errors[0]},
            )
            return redirect("admin:imports_upload")
        messages.success(
            request, _("Ingelezen. %(summary)s.") % {"summary": "; ".join(_summary(outcome))}
        )
        return redirect("admin:imports_programmeimport_changelist")

    def template_view(self, request, fmt):
        _coordinating(request)
        if fmt not in FORMATS:
            raise PermissionDenied
        lists = Lists.load()
        rows = template_rows()
        content = write_xlsx(rows, lists.shown()) if fmt == "xlsx" else write_csv_zip(rows)
        return _download(content, fmt, "samenhier-sjabloon")

    def export_view(self, request, fmt):
        _coordinating(request)
        if fmt not in FORMATS:
            raise PermissionDenied
        lists = Lists.load()
        rows = workbook_rows(programme_values(request.user), lists)
        content = write_xlsx(rows, lists.shown()) if fmt == "xlsx" else write_csv_zip(rows)
        access_log(user=request.user, action=AccessLog.Action.EXPORT, object_type="programme")
        return _download(content, fmt, f"samenhier-export-{timezone.localdate():%Y-%m-%d}")


def _summary(outcome) -> list[str]:
    return outcome.summary_lines()


def _download(content: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
