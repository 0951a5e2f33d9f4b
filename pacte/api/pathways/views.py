"""Pathway endpoints: reads scoped by `Person.objects.visible_to(user)` (out of scope: 404), and
actions that call the services (a refused precondition answers 400 with the French message)."""

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from pacte.api.audit import AuditedListMixin
from pacte.api.pathways import serializers as s
from pacte.api.permissions import SecondFactorVerified
from pacte.audit.services import log_read
from pacte.beneficiaries.models import Person
from pacte.core.errors import DomainError
from pacte.organizations import perms as org_perms
from pacte.organizations.models import Organization
from pacte.pathways import perms, queries, services, timeline
from pacte.pathways.models import Appointment, Contract, Orientation, ReorientationRequest


class CanReadPathways(BasePermission):
    message = "Votre rôle ne donne pas accès aux parcours."

    def has_permission(self, request, view):
        return perms.can_read_pathways(request.user)


class CanOrient(BasePermission):
    message = "Réservé aux chargé·es d'orientation et à la direction."

    def has_permission(self, request, view):
        return perms.can_orient(request.user)


BASE_PERMISSIONS = [IsAuthenticated, SecondFactorVerified, CanReadPathways]


def visible_person(user, uuid):
    """The person with that UUID if `user` may see them, else 404 (no read logged: writes are audited)."""
    person = Person.objects.visible_to(user).filter(uuid=uuid).first()
    if person is None:
        raise Http404
    return person


def scoped(model, user, uuid, *related):
    """The row of `model` with that UUID whose person `user` may see, else 404."""
    row = model.objects.visible_to(user).filter(uuid=uuid).select_related("person", *related).first()
    if row is None:
        raise Http404
    return row


def run(service, **kwargs):
    """Call a service; a refusal answers 400 with its message, also under the field it names."""
    try:
        return service(**kwargs)
    except DomainError as error:
        detail = {"detail": error.message}
        if error.field:
            detail[error.field] = [error.message]
        raise ValidationError(detail) from error


def check(allowed):
    if not allowed:
        raise PermissionDenied("Vous n'avez pas le droit de faire cette action pour cette personne.")


def organization_in(uuid, departement_code):
    if uuid is None:
        return None
    body = Organization.objects.filter(uuid=uuid, departement_id=departement_code, is_active=True).first()
    if body is None:
        raise ValidationError({"detail": "Organisme inconnu dans ce département."})
    return body


class OrientationQueueView(AuditedListMixin, generics.ListAPIView):
    """Persons subject to rights and duties not yet oriented, most urgent first (`?territory=<code>`)."""

    permission_classes = [IsAuthenticated, SecondFactorVerified, CanOrient]
    serializer_class = s.QueueEntrySerializer
    audit_action = "orientation.queue.list"
    audit_filters = ("territory",)

    def get_queryset(self):
        territory = None
        code = self.request.query_params.get("territory")
        if code:
            territory = org_perms.orienting_territories(self.request.user).filter(code=code).first()
            if territory is None:
                raise ValidationError({"territory": "Territoire inconnu."})
        return queries.orientation_queue(self.request.user, today=timezone.localdate(), territory=territory)


class PersonScopedList(generics.ListAPIView):
    permission_classes = BASE_PERMISSIONS

    def person(self):
        if not hasattr(self, "_person"):
            person = Person.objects.visible_to(self.request.user).filter(uuid=self.kwargs["id"]).first()
            if person is None:
                raise Http404
            log_read(self.request, person, action=f"person.read.{self.audit_name}")
            self._person = person
        return self._person


class PersonOrientationsView(PersonScopedList):
    serializer_class = s.OrientationSerializer
    audit_name = "orientations"

    def get_queryset(self):
        return (
            Orientation.objects.filter(person=self.person())
            .select_related("body", "rule")
            .order_by("-decision_date", "-id")
        )


class PersonContractsView(PersonScopedList):
    serializer_class = s.ContractSerializer
    audit_name = "contracts"

    def get_queryset(self):
        return (
            Contract.objects.filter(person=self.person())
            .select_related("organization", "renewal_of")
            .order_by("-signed_on", "-id")
        )


class PersonAppointmentsView(PersonScopedList):
    serializer_class = s.AppointmentSerializer
    audit_name = "appointments"

    def get_queryset(self):
        return (
            Appointment.objects.filter(person=self.person())
            .select_related("organization")
            .order_by("-starts_at", "-id")
        )


class PersonTimelineView(PersonScopedList):
    serializer_class = s.TimelineEventSerializer
    audit_name = "timeline"

    def get_queryset(self):
        return timeline.events(self.person())


class PersonActionView(APIView):
    permission_classes = BASE_PERMISSIONS

    def person(self):
        return visible_person(self.request.user, self.kwargs["id"])


class DecideOrientationView(PersonActionView):
    @extend_schema(request=s.DecideOrientationSerializer, responses={201: s.OrientationSerializer})
    def post(self, request, id):
        person = self.person()
        check(perms.can_orient(request.user, person))
        data = s.DecideOrientationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        orientation = run(
            services.decide_orientation,
            actor=request.user,
            person=person,
            track=data.validated_data["track"],
            body=organization_in(data.validated_data["body"], person.departement_code),
            decision_date=data.validated_data.get("decision_date"),
        )
        return Response(s.OrientationSerializer(orientation).data, status=status.HTTP_201_CREATED)


class ValidateOrientationView(APIView):
    permission_classes = BASE_PERMISSIONS

    @extend_schema(request=s.ValidateOrientationSerializer, responses={200: s.OrientationSerializer})
    def post(self, request, id):
        orientation = scoped(Orientation, request.user, id, "body")
        check(perms.can_orient(request.user, orientation.person))
        data = s.ValidateOrientationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        run(
            services.validate_orientation,
            actor=request.user,
            orientation=orientation,
            decision_date=data.validated_data.get("decision_date"),
            body=organization_in(data.validated_data.get("body"), orientation.departement_code),
        )
        return Response(s.OrientationSerializer(orientation).data)


class SignContractView(APIView):
    permission_classes = BASE_PERMISSIONS

    @extend_schema(request=s.SignContractSerializer, responses={200: s.ContractSerializer})
    def post(self, request, id):
        contract = scoped(Contract, request.user, id, "orientation", "organization")
        check(perms.can_sign_contract(request.user, contract.person))
        data = s.SignContractSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        run(
            services.sign_contract,
            actor=request.user,
            contract=contract,
            signed_on=data.validated_data.get("signed_on"),
        )
        return Response(s.ContractSerializer(contract).data)


class AttendanceView(APIView):
    permission_classes = BASE_PERMISSIONS

    @extend_schema(request=s.AttendanceSerializer, responses={200: s.AppointmentSerializer})
    def post(self, request, id):
        appointment = scoped(Appointment, request.user, id, "organization")
        check(perms.can_manage_appointments(request.user, appointment.person))
        data = s.AttendanceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        run(services.record_attendance, actor=request.user, appointment=appointment, **data.validated_data)
        return Response(s.AppointmentSerializer(appointment).data)


class RequestReorientationView(PersonActionView):
    @extend_schema(
        request=s.RequestReorientationSerializer, responses={201: s.ReorientationRequestSerializer}
    )
    def post(self, request, id):
        person = self.person()
        check(perms.can_request_reorientation(request.user, person))
        data = s.RequestReorientationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        reorientation = run(
            services.request_reorientation,
            actor=request.user,
            person=person,
            reason=values["reason"],
            proposed_track=values["proposed_track"],
            proposed_body_kind=values["proposed_body_kind"],
            proposed_body=organization_in(values.get("proposed_body"), person.departement_code),
        )
        return Response(s.ReorientationRequestSerializer(reorientation).data, status=status.HTTP_201_CREATED)


class DecideReorientationView(APIView):
    permission_classes = BASE_PERMISSIONS

    @extend_schema(request=s.DecideReorientationSerializer, responses={200: s.ReorientationRequestSerializer})
    def post(self, request, id):
        reorientation = scoped(ReorientationRequest, request.user, id, "proposed_body")
        check(perms.can_decide_reorientation(request.user, reorientation.person))
        data = s.DecideReorientationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        run(
            services.decide_reorientation,
            actor=request.user,
            request=reorientation,
            accept=values["accept"],
            reason=values["reason"],
            body=organization_in(values.get("body"), reorientation.departement_code),
        )
        return Response(s.ReorientationRequestSerializer(reorientation).data)


class ValidateCohortView(APIView):
    """Validate several proposals at once: all of them, or none (400 with every problem)."""

    permission_classes = [IsAuthenticated, SecondFactorVerified, CanOrient]

    @extend_schema(request=s.ValidateCohortSerializer, responses={200: s.OrientationSerializer(many=True)})
    def post(self, request):
        data = s.ValidateCohortSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        wanted = set(data.validated_data["orientations"])
        orientations = list(
            Orientation.objects.visible_to(request.user)
            .filter(uuid__in=wanted)
            .select_related("person", "body", "rule")
            .order_by("id")
        )
        # Unknown and out-of-scope identifiers get the same answer: nothing is revealed.
        missing = sorted(str(uuid) for uuid in wanted - {o.uuid for o in orientations})
        if missing:
            raise ValidationError({"detail": f"Propositions introuvables : {', '.join(missing)}."})
        check(all(perms.can_orient(request.user, o.person) for o in orientations))
        run(
            services.validate_cohort,
            actor=request.user,
            orientations=orientations,
            decision_date=data.validated_data.get("decision_date"),
        )
        return Response(s.OrientationSerializer(orientations, many=True).data)
