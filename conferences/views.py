from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.utils.text import slugify

from conferences import queries
from conferences.forms import ArchiveSearchForm
from conferences.models import Conference, Document, Photo
from portal.cache import cache_public_page


@cache_public_page
def archive(request):
    form = ArchiveSearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        results = queries.search(form.cleaned_data["q"], request.user, request.GET.get("seite"))
    context = {
        "form": form,
        "results": results,
        "years": queries.archive(request.user) if results is None else [],
        "next_conference": queries.next_conference(),
    }
    return render(request, "conferences/archive.html", context)


@cache_public_page
def detail(request, year, slug):
    try:
        conference = queries.conference_for_page(year, slug, request.user)
    except Conference.DoesNotExist:
        raise Http404 from None
    return render(request, "conferences/detail.html", {"conference": conference})


def _file_response(request, conference, field_file, content_type, filename, as_attachment):
    response = FileResponse(
        field_file.open("rb"), content_type=content_type, as_attachment=as_attachment, filename=filename
    )
    if conference.is_public:
        patch_cache_control(response, public=True, max_age=3600)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response


def document(request, year, slug, pk):
    conferences = Conference.objects.visible_to(request.user)
    item = get_object_or_404(
        Document.objects.select_related("conference")
        .defer("text", "search_vector")
        .filter(conference__in=conferences),
        pk=pk,
        conference__year=year,
        conference__slug=slug,
    )
    if not item.file:
        raise Http404
    extension = item.file.name.rsplit(".", 1)[-1].lower() if "." in item.file.name else ""
    filename = f"{slugify(item.title)[:80] or 'dokument'}{'.' + extension if extension else ''}"
    return _file_response(
        request, item.conference, item.file, item.mime_type or None, filename, not item.is_inline
    )


def photo(request, year, slug, pk):
    conferences = Conference.objects.visible_to(request.user)
    item = get_object_or_404(
        Photo.objects.select_related("conference").filter(conference__in=conferences),
        pk=pk,
        conference__year=year,
        conference__slug=slug,
    )
    filename = item.image.name.rsplit("/", 1)[-1]
    return _file_response(request, item.conference, item.image, None, filename, False)
