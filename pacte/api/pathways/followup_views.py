"""Follow-up endpoints: référent designation, diagnostics, action plan and exits. Same rules as
`views.py`: persons through `visible_to` (out of scope: 404), role checks from `perms.py`, writes
through the services (a refused precondition answers 400 with the French message)."""

from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from pacte.api.pathways import followup_serializers as s
from pacte.api.pathways.views import (
    BASE_PERMISSIONS,
    PersonActionView,
    PersonScopedList,
    check,
    organization_in,
    run,
    scoped,
    visible_person,
)
from pacte.organizations.models import User
from pacte.pathways import perms, services
from pacte.pathways.models import (
    Diagnostic,
    DiagnosticBarrier,
    PathwayExit,
    PlanAction,
    PlanObjective,
    ReferentAssignment,
)
from pacte.referentials.models import Barrier, ExitReason, RomeCode


class AssignReferentView(PersonActionView):
    @extend_schema(request=s.AssignReferentSerializer, responses={201: s.ReferentAssignmentSerializer})
    def post(self, request, id):
        person = self.person()
        check(perms.can_assign_referent(request.user, person))
        data = s.AssignReferentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        referent = User.objects.filter(uuid=values["referent"], is_active=True).first()
        if referent is None:
            raise ValidationError({"detail": "Référent·e inconnu·e."})
        assignment = run(
            services.assign_referent,
            actor=request.user,
            person=person,
            referent=referent,
            organization=organization_in(values["organization"], person.departement_code),
            start_date=values.get("start_date"),
            reason=values["reason"],
        )
        return Response(s.ReferentAssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)


class EndReferentView(APIView):
    permission_classes = BASE_PERMISSIONS

    @extend_schema(request=s.EndReferentSerializer, responses={200: s.ReferentAssignmentSerializer})
    def post(self, request, id):
        assignment = scoped(ReferentAssignment, request.user, id, "referent", "organization")
        check(perms.can_assign_referent(request.user, assignment.person))
        data = s.EndReferentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        run(
            services.end_referent_assignment, actor=request.user, assignment=assignment, **data.validated_data
        )
        return Response(s.ReferentAssignmentSerializer(assignment).data)


class ProfessionalNotes:
    """A list whose rows carry the professionals' free-text notes: the person themself reads the rows
    through `person_serializer_class`, without them."""

    def get_serializer_class(self):
        if getattr(self, "swagger_fake_view", False):
            return self.serializer_class
        if perms.can_read_professional_notes(self.request.user, self.person()):
            return self.serializer_class
        return self.person_serializer_class


class PersonDiagnosticsView(ProfessionalNotes, PersonScopedList):
    """GET: the versions of the person's diagnostic, latest first (health barriers only for the roles
    that may read health data; the notes only for the professionals). POST: record a new version."""

    serializer_class = s.DiagnosticSerializer
    person_serializer_class = s.PersonDiagnosticSerializer
    audit_name = "diagnostics"

    def get_queryset(self):
        links = DiagnosticBarrier.objects.readable_by(self.request.user).select_related("barrier")
        return (
            Diagnostic.objects.filter(person=self.person())
            .prefetch_related(
                Prefetch("projects", queryset=RomeCode.objects.order_by("code")),
                Prefetch(
                    "barrier_links",
                    queryset=links.order_by("barrier__theme", "barrier__position", "barrier_id"),
                ),
            )
            .order_by("-version")
        )

    @extend_schema(request=s.RecordDiagnosticSerializer, responses={201: s.DiagnosticSerializer})
    def post(self, request, id):
        person = visible_person(request.user, id)
        check(perms.can_record_diagnostic(request.user, person))
        data = s.RecordDiagnosticSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        diagnostic = run(
            services.record_diagnostic,
            actor=request.user,
            person=person,
            made_on=values["made_on"],
            professional_situation=values["professional_situation"],
            education_level=values["education_level"],
            last_employment_end=values["last_employment_end"],
            notes=values["notes"],
            projects=_projects(values["projects"]),
            barriers=_barriers(values["barriers"]),
        )
        self._person = person
        return Response(
            s.DiagnosticSerializer(self.get_queryset().get(pk=diagnostic.pk)).data,
            status=status.HTTP_201_CREATED,
        )


def _projects(codes):
    projects = list(RomeCode.objects.filter(code__in=set(codes)).order_by("code"))
    unknown = sorted(set(codes) - {project.code for project in projects})
    if unknown:
        raise ValidationError({"detail": f"Codes ROME inconnus : {', '.join(unknown)}."})
    return projects


def _barriers(wanted):
    """{Barrier: note} from the request; `record_diagnostic` decides who may set health barriers."""
    known = Barrier.objects.in_bulk({row["code"] for row in wanted})
    unknown = sorted(row["code"] for row in wanted if row["code"] not in known)
    if unknown:
        raise ValidationError({"detail": f"Freins inconnus : {', '.join(unknown)}."})
    return {known[row["code"]]: row["note"] for row in wanted}


class PersonPlanView(PersonScopedList):
    """The action plan: objectives in their order, each with its actions."""

    serializer_class = s.PlanObjectiveSerializer
    audit_name = "plan"

    def get_queryset(self):
        return (
            PlanObjective.objects.filter(person=self.person())
            .prefetch_related(Prefetch("actions", queryset=PlanAction.objects.order_by("position", "id")))
            .order_by("position", "id")
        )


class AddObjectiveView(PersonActionView):
    @extend_schema(request=s.PlanItemInputSerializer, responses={201: s.PlanObjectiveSerializer})
    def post(self, request, id):
        person = self.person()
        check(perms.can_edit_plan(request.user, person))
        data = s.PlanItemInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        objective = run(
            services.add_objective,
            actor=request.user,
            person=person,
            created_by_person=person.user_id == request.user.pk,
            **data.validated_data,
        )
        return Response(s.PlanObjectiveSerializer(objective).data, status=status.HTTP_201_CREATED)


class AddActionView(APIView):
    permission_classes = BASE_PERMISSIONS

    @extend_schema(request=s.PlanItemInputSerializer, responses={201: s.PlanActionSerializer})
    def post(self, request, id):
        objective = scoped(PlanObjective, request.user, id)
        check(perms.can_edit_plan(request.user, objective.person))
        data = s.PlanItemInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        action = run(
            services.add_action,
            actor=request.user,
            objective=objective,
            created_by_person=objective.person.user_id == request.user.pk,
            **data.validated_data,
        )
        return Response(s.PlanActionSerializer(action).data, status=status.HTTP_201_CREATED)


class PlanItemStatusView(APIView):
    """Change the status of an objective or an action (`planned → in_progress → done / abandoned`)."""

    permission_classes = BASE_PERMISSIONS

    @extend_schema(request=s.PlanItemStatusSerializer, responses={200: s.PlanItemSerializer})
    def post(self, request, id):
        try:
            item = scoped(PlanObjective, request.user, id)
        except Http404:
            item = scoped(PlanAction, request.user, id)
        check(perms.can_edit_plan(request.user, item.person))
        data = s.PlanItemStatusSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        run(
            services.set_plan_item_status, actor=request.user, item=item, status=data.validated_data["status"]
        )
        return Response(s.PlanItemSerializer(item).data)


class PersonExitsView(ProfessionalNotes, PersonScopedList):
    """GET: the person's exits, latest first (the note only for the professionals). POST: record an
    exit (ends the designation and the signed contracts that day)."""

    serializer_class = s.PathwayExitSerializer
    person_serializer_class = s.PersonPathwayExitSerializer
    audit_name = "exits"

    def get_queryset(self):
        return (
            PathwayExit.objects.filter(person=self.person())
            .select_related("reason")
            .order_by("-exit_date", "-id")
        )

    @extend_schema(request=s.RecordExitSerializer, responses={201: s.PathwayExitSerializer})
    def post(self, request, id):
        person = visible_person(request.user, id)
        check(perms.can_record_exit(request.user, person))
        data = s.RecordExitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        reason = None
        if values.get("reason"):
            reason = ExitReason.objects.filter(code=values["reason"]).first()
            if reason is None:
                raise ValidationError({"detail": "Motif de sortie inconnu."})
        exit_ = run(
            services.record_exit,
            actor=request.user,
            person=person,
            kind=values["kind"],
            exit_date=values["exit_date"],
            employment_contract_type=values["employment_contract_type"],
            reason=reason,
            note=values["note"],
        )
        return Response(s.PathwayExitSerializer(exit_).data, status=status.HTTP_201_CREATED)
