"""The pages of the beneficiary's space. Plain words, one thing per page, made for a phone first."""

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from pacte.audit.services import client_ip, log
from pacte.core.errors import DomainError
from pacte.pathways import pdf
from pacte.pathways.enums import ContractStatus, OrientationStatus
from pacte.portal import appointments, contributions, export, nearby, ratings, signin
from pacte.portal.access import beneficiary_required
from pacte.portal.forms import CodeForm, IdentifierForm, MoveForm, ProposalForm, RatingForm, TextForm
from pacte.portal.models import ReplyKind
from pacte.portal.summary import space_summary
from pacte.referentials.enums import BarrierTheme

SESSION_IDENTIFIER = "portal_identifier"
BACKEND = "django.contrib.auth.backends.ModelBackend"


def _open_space(request, user):
    login(request, user, backend=BACKEND)
    request.session.pop(SESSION_IDENTIFIER, None)
    log(actor=user, action="portal.login", obj=user, request=request)
    return redirect("portal:home")


@require_http_methods(["GET", "POST"])
def sign_in(request):
    if request.user.is_authenticated:
        return redirect("portal:home")
    form = IdentifierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        identifier = form.cleaned_data["identifier"]
        signin.issue(
            identifier,
            link_for=lambda token: request.build_absolute_uri(reverse("portal:sign_in_link", args=[token])),
            request=request,
        )
        request.session[SESSION_IDENTIFIER] = identifier
        return redirect("portal:sign_in_code")
    return render(request, "portal/sign_in.html", {"form": form})


@require_http_methods(["GET", "POST"])
def sign_in_code(request):
    identifier = request.session.get(SESSION_IDENTIFIER)
    if not identifier:
        return redirect("portal:sign_in")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = signin.redeem_code(
                identifier, form.cleaned_data["code"], ip=client_ip(request), request=request
            )
        except signin.SignInError as error:
            form.add_error("code", error.message)
        else:
            return _open_space(request, user)
    return render(request, "portal/sign_in_code.html", {"form": form, "identifier": identifier})


@require_http_methods(["GET", "POST"])
def sign_in_link(request, token):
    # A link opened by a mail scanner must not use the code: the space opens on the button only.
    error = None
    if request.method == "POST":
        try:
            user = signin.redeem_link(token, request=request)
        except signin.SignInError as refused:
            error = refused.message
        else:
            return _open_space(request, user)
    return render(request, "portal/sign_in_link.html", {"error": error}, status=400 if error else 200)


def no_record(request):
    return render(request, "portal/no_record.html")


@beneficiary_required
def home(request):
    person = request.person
    log(actor=request.user, action="portal.read", obj=person, request=request, data={"page": "accueil"})
    context = {"person": person, **space_summary(person, now=timezone.now())}
    return render(request, "portal/home.html", context)


@beneficiary_required
def appointment_list(request):
    person = request.person
    log(actor=request.user, action="portal.read", obj=person, request=request, data={"page": "rendez-vous"})
    upcoming = appointments.upcoming(person, timezone.now()).select_related("organization")
    replies = {}
    for answer in person.appointment_replies.filter(appointment__in=upcoming).order_by("created_at"):
        replies[answer.appointment_id] = answer  # the latest answer wins
    items = [{"appointment": item, "reply": replies.get(item.pk)} for item in upcoming]
    return render(request, "portal/appointments.html", {"items": items})


@require_http_methods(["GET", "POST"])
@beneficiary_required
def appointment_reply(request, uuid):
    person = request.person
    appointment = get_object_or_404(appointments.upcoming(person, timezone.now()), uuid=uuid)
    kind = request.POST.get("kind") if request.method == "POST" else ReplyKind.MOVE
    if kind not in ReplyKind.values:
        kind = ReplyKind.MOVE
    form = MoveForm(request.POST or None) if kind == ReplyKind.MOVE else None
    if request.method == "POST" and (form is None or form.is_valid()):
        message = form.cleaned_data["message"] if form else ""
        try:
            appointments.reply(
                user=request.user,
                person=person,
                appointment=appointment,
                kind=kind,
                message=message,
                request=request,
            )
        except DomainError as error:
            if form is None:
                messages.error(request, error.message)
                return redirect("portal:appointments")
            form.add_error(error.field, error.message)
        else:
            text = "C'est noté : votre référent·e sait que vous viendrez."
            if kind == ReplyKind.MOVE:
                text = "C'est noté : votre référent·e va vous proposer une autre date."
            messages.success(request, text)
            return redirect("portal:appointments")
    return render(request, "portal/appointment_move.html", {"appointment": appointment, "form": form})


def _documents(person):
    orientations = person.orientations.filter(status=OrientationStatus.VALIDATED).exclude(decision_date=None)
    contracts = person.contracts.exclude(status=ContractStatus.DRAFT).exclude(signed_on=None)
    return orientations.order_by("-decision_date"), contracts.order_by("-signed_on")


@beneficiary_required
def documents(request):
    person = request.person
    log(actor=request.user, action="portal.read", obj=person, request=request, data={"page": "documents"})
    orientations, contracts = _documents(person)
    return render(request, "portal/documents.html", {"orientations": orientations, "contracts": contracts})


def _pdf(content, filename):
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@beneficiary_required
def orientation_letter(request, uuid):
    orientations, _ = _documents(request.person)
    orientation = get_object_or_404(orientations.select_related("person__dossier", "body"), uuid=uuid)
    log(
        actor=request.user,
        action="portal.read",
        obj=request.person,
        request=request,
        data={"page": "orientation"},
    )
    return _pdf(pdf.orientation_letter(orientation), f"decision-orientation-{orientation.decision_date}.pdf")


@beneficiary_required
def contract_pdf(request, uuid):
    _, contracts = _documents(request.person)
    contract = get_object_or_404(contracts.select_related("organization", "referent"), uuid=uuid)
    log(
        actor=request.user,
        action="portal.read",
        obj=request.person,
        request=request,
        data={"page": "contrat"},
    )
    return _pdf(pdf.contract_document(contract), f"contrat-{contract.signed_on}.pdf")


@beneficiary_required
def my_data(request):
    return render(request, "portal/my_data.html", {"person": request.person})


@beneficiary_required
def my_data_download(request, fmt):
    person = request.person
    log(actor=request.user, action="portal.export", obj=person, request=request, data={"format": fmt})
    stamp = timezone.localdate()
    if fmt == "json":
        response = HttpResponse(export.as_json(person), content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="mes-donnees-{stamp}.json"'
        return response
    return _pdf(export.as_pdf(person), f"mes-donnees-{stamp}.pdf")


COMMENT_FORM = {"label": "Mon commentaire sur le plan", "required_message": "Écrivez votre commentaire."}
BLOCKER_FORM = {
    "label": "Ce qui me bloque",
    "help_text": "Avec vos mots. Exemple : je n'ai personne pour garder mes enfants le matin.",
    "required_message": "Écrivez ce qui vous bloque, avec vos mots.",
}


def _saved(request, text, target):
    messages.success(request, text)
    return redirect(target)


def _try(form, service, **kwargs):
    """Run the service; a refusal goes to the form, next to its field."""
    try:
        return service(**kwargs)
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return None


@beneficiary_required
def plan(request):
    person = request.person
    log(actor=request.user, action="portal.read", obj=person, request=request, data={"page": "plan"})
    context = {
        "contract": contributions.current_contract(person),
        "objectives": contributions.plan(person),
        "agreement": contributions.last_agreement(person),
        "comment_form": TextForm(**COMMENT_FORM),
    }
    return render(request, "portal/plan.html", context)


@require_http_methods(["GET", "POST"])
@beneficiary_required
def propose(request):
    person = request.person
    objectives = contributions.plan(person)
    objective = None
    if request.GET.get("objectif") or request.POST.get("objectif"):
        objective = get_object_or_404(
            objectives, uuid=request.POST.get("objectif") or request.GET.get("objectif")
        )
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if (
            _try(
                form,
                contributions.propose,
                user=request.user,
                person=person,
                title=data["title"],
                details=data["details"],
                objective=objective,
                request=request,
            )
            is not None
        ):
            return _saved(
                request,
                "Merci : votre proposition est dans votre plan. Votre référent·e la verra.",
                "portal:plan",
            )
    return render(request, "portal/propose.html", {"form": form, "objective": objective})


@require_http_methods(["POST"])
@beneficiary_required
def plan_comment(request):
    person = request.person
    form = TextForm(request.POST, **COMMENT_FORM)
    if form.is_valid() and (
        _try(
            form,
            contributions.comment,
            user=request.user,
            person=person,
            text=form.cleaned_data["text"],
            request=request,
        )
        is not None
    ):
        return _saved(request, "Merci : votre référent·e va lire votre commentaire.", "portal:plan")
    context = {
        "contract": contributions.current_contract(person),
        "objectives": contributions.plan(person),
        "agreement": contributions.last_agreement(person),
        "comment_form": form,
    }
    return render(request, "portal/plan.html", context, status=400)


@require_http_methods(["POST"])
@beneficiary_required
def plan_agree(request):
    try:
        contributions.agree(user=request.user, person=request.person, request=request)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, "C'est noté : vous êtes d'accord avec votre plan. Votre référent·e le verra."
        )
    return redirect("portal:plan")


@require_http_methods(["GET", "POST"])
@beneficiary_required
def blocker(request):
    person = request.person
    form = TextForm(request.POST or None, **BLOCKER_FORM)
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            _try(
                form,
                contributions.tell_blocker,
                user=request.user,
                person=person,
                text=form.cleaned_data["text"],
                request=request,
            )
            is not None
        )
    ):
        return _saved(request, "Merci de l'avoir dit. Votre référent·e va vous contacter.", "portal:home")
    return render(request, "portal/blocker.html", {"form": form})


@beneficiary_required
def rating_list(request):
    person = request.person
    log(actor=request.user, action="portal.read", obj=person, request=request, data={"page": "avis"})
    return render(request, "portal/ratings.html", {"prescriptions": ratings.rateable(person)})


@require_http_methods(["GET", "POST"])
@beneficiary_required
def rate(request, uuid):
    person = request.person
    prescription = get_object_or_404(ratings.rateable(person), uuid=uuid)
    if hasattr(prescription, "rating"):
        messages.info(request, "Vous avez déjà donné votre avis sur cette action. Merci !")
        return redirect("portal:ratings")
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if (
            _try(
                form,
                ratings.rate,
                user=request.user,
                person=person,
                prescription=prescription,
                score=data["score"],
                comment=data["comment"],
                request=request,
            )
            is not None
        ):
            return _saved(request, "Merci pour votre avis !", "portal:ratings")
    return render(request, "portal/rate.html", {"form": form, "prescription": prescription})


@beneficiary_required
def offers(request):
    person = request.person
    log(actor=request.user, action="portal.read", obj=person, request=request, data={"page": "offres"})
    found, themes = nearby.offers_near(person)
    labels = dict(BarrierTheme.choices)
    context = {
        "offers": found,
        "themes": [labels.get(theme, theme) for theme in themes],
        "radius": nearby.RADIUS_KM,
    }
    return render(request, "portal/offers.html", context)


@beneficiary_required
def jobs(request):
    person = request.person
    log(actor=request.user, action="portal.read", obj=person, request=request, data={"page": "emplois"})
    has_project = hasattr(person, "employment_project")
    return render(
        request, "portal/jobs.html", {"matches": nearby.jobs_for(person), "has_project": has_project}
    )
