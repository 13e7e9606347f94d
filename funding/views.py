from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from funding import queries, services
from funding.forms import (
    ApplicantForm,
    AttachmentForm,
    BankForm,
    DeclarationsForm,
    NewApplicationForm,
    PlanForm,
    ProjectForm,
    ProofForm,
    ReceiptForm,
    WithdrawForm,
)
from funding.models import Attachment, FundingArea, Programme, Receipt
from funding.queries import SECTION_SLUGS, SECTION_TITLES
from funding.workflow import Action, State
from organisations.queries import represented_organisations

MODEL_SECTIONS = {
    "applicant": ApplicantForm,
    "project": ProjectForm,
    "bank": BankForm,
    "declarations": DeclarationsForm,
}
SECTION_BY_SLUG = {slug: name for name, slug in SECTION_SLUGS.items()}
RETURN_TO_CHECK = "pruefen"


def index(request):
    programmes = Programme.objects.all()[:5]
    open_ids = {p.pk for p in queries.open_programmes()}
    return render(
        request,
        "funding/index.html",
        {"programmes": programmes, "open_ids": open_ids, "areas": FundingArea.choices},
    )


def blank_form(request, year):
    programme = get_object_or_404(Programme, year=year)
    pdf = services.application_pdf(programme=programme)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="Antragsformular-MSO-{programme.year}.pdf"'
    return response


@login_required
def application_list(request):
    organisations = represented_organisations(request.user)
    form = NewApplicationForm(programmes=queries.open_programmes(), organisations=organisations)
    if request.method == "POST":
        form = NewApplicationForm(
            request.POST, programmes=queries.open_programmes(), organisations=organisations
        )
        if form.is_valid():
            try:
                application = services.create_application(
                    request.user, form.cleaned_data["programme"], form.cleaned_data["organisation"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your draft application has been created."))
                return redirect(application)
    applications = queries.visible_applications(request.user)
    return render(
        request,
        "funding/application_list.html",
        {"applications": applications, "form": form, "has_organisations": organisations.exists()},
    )


def _section_context(application):
    return {"application": application, "sections": queries.sections(application)}


@login_required
def application_detail(request, key):
    application = queries.get_application_for(request.user, key)
    context = _section_context(application)
    context["actions"] = services.available_actions(request.user, application)
    context["events"] = application.events.select_related("actor")
    context["can_submit"] = application.is_editable and not services.submission_problems(application)
    context["show_proof"] = application.state in services.PROOF_STATES
    return render(request, "funding/application_detail.html", context)


def _after_save(request, application, stay=False):
    if stay:
        return redirect(request.path + (f"?zurueck={RETURN_TO_CHECK}" if request.GET.get("zurueck") else ""))
    if request.GET.get("zurueck") == RETURN_TO_CHECK:
        return redirect("funding:check", key=application.key)
    return redirect(application)


def _refuse_if_locked(request, application):
    if not application.is_editable:
        messages.error(request, _("This application has been submitted and can no longer be changed."))
        return redirect(application)
    return None


@login_required
def section(request, key, section):
    name = SECTION_BY_SLUG.get(section)
    if name is None:
        raise Http404
    application = queries.get_application_for(request.user, key, staff_allowed=False)
    refused = _refuse_if_locked(request, application)
    if refused:
        return refused
    if name == "plan":
        return plan_section(request, application)
    if name == "attachments":
        return attachments_section(request, application)
    form_class = MODEL_SECTIONS[name]
    form = form_class(request.POST or None, instance=application)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_section(application, form)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(application)
        return _after_save(request, application)
    return render(
        request,
        "funding/section_form.html",
        {"application": application, "form": form, "section": name, "title": SECTION_TITLES[name]},
    )


def plan_section(request, application):
    plan = PlanForm(application, request.POST or None)
    if request.method == "POST" and plan.is_valid():
        try:
            services.save_plan(application, plan.cost_lines(), plan.financing_amounts())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(application)
        stay = "more_lines" in request.POST
        if plan.problems and not stay:
            messages.warning(
                request,
                _("The plan has been saved. Before you submit the application: %(problems)s")
                % {"problems": " ".join(plan.problems)},
            )
        return _after_save(request, application, stay=stay)
    return render(
        request,
        "funding/section_plan.html",
        {"application": application, "plan": plan, "title": SECTION_TITLES["plan"]},
    )


def attachments_section(request, application):
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if "done" in request.POST:
            return _after_save(request, application)
        if form.is_valid():
            services.add_attachment(
                application, request.user, form.cleaned_data["kind"], form.cleaned_data["file"]
            )
            messages.success(request, _("The file has been uploaded."))
            return _after_save(request, application, stay=True)
    required = queries.required_attachment_kinds(application)
    present = {a.kind for a in application.attachments.all()}
    checklist = [(label, kind in present) for kind, label in Attachment.Kind.choices if kind in required]
    return render(
        request,
        "funding/section_attachments.html",
        {
            "application": application,
            "form": form,
            "checklist": checklist,
            "first_application": queries.is_first_application(application),
            "title": SECTION_TITLES["attachments"],
        },
    )


@login_required
@require_POST
def attachment_delete(request, key, pk):
    application = queries.get_application_for(request.user, key, staff_allowed=False)
    attachment = get_object_or_404(Attachment, pk=pk, application=application)
    refused = _refuse_if_locked(request, application)
    if refused:
        return refused
    services.delete_attachment(attachment)
    messages.success(request, _("The file has been removed."))
    return redirect("funding:section", key=application.key, section=SECTION_SLUGS["attachments"])


@login_required
def attachment_download(request, key, pk):
    application = queries.get_application_for(request.user, key)
    attachment = get_object_or_404(Attachment, pk=pk, application=application)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(
        handle, content_type=attachment.content_type, as_attachment=True, filename=attachment.original_name
    )


@login_required
def check(request, key):
    application = queries.get_application_for(request.user, key)
    if request.method == "POST":
        action = Action.RESUBMIT if application.state == State.CHANGES_REQUESTED else Action.SUBMIT
        try:
            application = services.transition(application, action, request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except services.TransitionNotAllowed as error:
            messages.error(request, str(error))
            return redirect(application)
        else:
            return redirect("funding:confirmation", key=application.key)
    problems = services.submission_problems(application) if application.is_editable else []
    return render(
        request,
        "funding/check.html",
        {"application": application, "problems": problems, "summary": queries.summary(application)},
    )


@login_required
def confirmation(request, key):
    application = queries.get_application_for(request.user, key, staff_allowed=False)
    if not application.reference:
        return redirect(application)
    return render(request, "funding/confirmation.html", {"application": application})


@login_required
def application_pdf(request, key):
    application = queries.get_application_for(request.user, key)
    response = HttpResponse(services.application_pdf(application), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{services.pdf_filename(application)}"'
    return response


@login_required
def decision_pdf(request, key):
    application = queries.get_application_for(request.user, key)
    if application.decided_at is None:
        raise Http404
    response = HttpResponse(services.decision_pdf(application), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{services.decision_filename(application)}"'
    return response


def _proof_page(request, application, proof_form=None, receipt_form=None, status=200):
    proof = getattr(application, "proof", None)
    initial = {}
    if proof:
        initial = {"report": proof.report, "actual_participants": proof.actual_participants}
        initial.update({f"actual_{line.category}": line.amount for line in proof.lines.all()})
    editable = application.state in services.PROOF_EDITABLE
    context = {
        "application": application,
        "proof": proof,
        "figures": services.proof_figures(application),
        "editable": editable,
        "proof_form": proof_form or ProofForm(initial=initial, application=application),
        "receipt_form": receipt_form or ReceiptForm(),
        "receipts": proof.receipts.all() if proof else [],
    }
    return render(request, "funding/proof.html", context, status=status)


def _proof_application(request, key):
    application = queries.get_application_for(request.user, key, staff_allowed=False)
    if application.state not in services.PROOF_STATES:
        raise Http404
    return application


@login_required
def proof(request, key):
    application = _proof_application(request, key)
    if request.method == "POST":
        form = ProofForm(request.POST, application=application)
        if form.is_valid():
            try:
                services.save_proof(
                    application,
                    form.cleaned_data["report"],
                    form.cleaned_data["actual_participants"],
                    form.actuals(),
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The proof of use has been saved."))
            return redirect("funding:proof", key=application.key)
        return _proof_page(request, application, proof_form=form)
    return _proof_page(request, application)


@login_required
@require_POST
def receipt_add(request, key):
    application = _proof_application(request, key)
    form = ReceiptForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_receipt(
                application,
                date=data["date"],
                payee=data["payee"],
                purpose=data["purpose"],
                amount=data["amount"],
                uploaded_file=data["file"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The receipt has been added."))
        return redirect(reverse("funding:proof", kwargs={"key": application.key}) + "#receipts-heading")
    return _proof_page(request, application, receipt_form=form)


@login_required
@require_POST
def receipt_delete(request, key, pk):
    application = _proof_application(request, key)
    receipt = get_object_or_404(Receipt, pk=pk, proof__application=application)
    try:
        services.delete_receipt(receipt)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("funding:proof", key=application.key)


@login_required
def receipt_download(request, key, pk):
    application = queries.get_application_for(request.user, key)
    receipt = get_object_or_404(Receipt, pk=pk, proof__application=application)
    if not receipt.file:
        raise Http404
    return FileResponse(
        receipt.file.open("rb"),
        content_type=receipt.content_type,
        as_attachment=True,
        filename=receipt.original_name,
    )


@login_required
@require_POST
def proof_submit(request, key):
    application = _proof_application(request, key)
    try:
        services.transition(application, Action.SUBMIT_PROOF, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except services.TransitionNotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The proof of use has been submitted."))
        return redirect(application)
    return redirect("funding:proof", key=application.key)


@login_required
def proof_pdf(request, key):
    application = queries.get_application_for(request.user, key)
    if application.state not in services.PROOF_STATES:
        raise Http404
    response = HttpResponse(services.proof_pdf(application), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="Verwendungsnachweis-{application.key}.pdf"'
    return response


@login_required
def withdraw(request, key):
    application = queries.get_application_for(request.user, key, staff_allowed=False)
    if Action.WITHDRAW not in services.available_actions(request.user, application):
        messages.error(request, _("This application can no longer be withdrawn."))
        return redirect(application)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.transition(application, Action.WITHDRAW, request.user, message=form.cleaned_data["message"])
        messages.success(request, _("The application has been withdrawn."))
        return redirect("funding:applications")
    return render(request, "funding/withdraw.html", {"application": application, "form": form})
