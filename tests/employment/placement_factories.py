import datetime

import factory

from pacte.employment.models import ClauseHours, Immersion, SocialClause, Tutoring, TutoringMeeting
from pacte.organizations.enums import OrganizationKind
from tests.employment.factories import EmployerProfileFactory, RomeAppellationFactory
from tests.factories import DepartementFactory, OrganizationFactory, PersonFactory

TODAY = datetime.date.today()


def employer_in(code, name=None):
    organization = OrganizationFactory(
        kind=OrganizationKind.EMPLOYER,
        departement=DepartementFactory(code=code),
        **({"name": name} if name else {}),
    )
    return EmployerProfileFactory(organization=organization)


class ImmersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Immersion

    person = factory.SubFactory(PersonFactory)
    departement_code = factory.LazyAttribute(lambda o: o.person.departement_code)
    employer = factory.LazyAttribute(lambda o: employer_in(o.departement_code))
    tutor_name = "Jean Tuteur"
    prescriber_organization = factory.LazyAttribute(
        lambda o: OrganizationFactory(departement=DepartementFactory(code=o.departement_code))
    )
    appellation = factory.SubFactory(RomeAppellationFactory)
    rome = factory.LazyAttribute(lambda o: o.appellation.rome)
    starts_on = factory.LazyFunction(lambda: TODAY - datetime.timedelta(days=3))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=13))
    weekly_hours = 35
    objective = "discover"


class TutoringFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tutoring

    person = factory.SubFactory(PersonFactory)
    departement_code = factory.LazyAttribute(lambda o: o.person.departement_code)
    employer = factory.LazyAttribute(lambda o: employer_in(o.departement_code))
    job_title = "Agent d'entretien"
    tutor_name = "Sophie Tutrice"
    started_on = factory.LazyFunction(lambda: TODAY - datetime.timedelta(days=30))
    planned_end_on = factory.LazyAttribute(lambda o: o.started_on + datetime.timedelta(days=180))


class TutoringMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TutoringMeeting

    tutoring = factory.SubFactory(TutoringFactory)
    departement_code = factory.LazyAttribute(lambda o: o.tutoring.departement_code)
    held_on = factory.LazyAttribute(lambda o: o.tutoring.started_on + datetime.timedelta(days=7))
    notes = "Bonne intégration dans l'équipe."


class SocialClauseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SocialClause

    departement_code = "87"
    buyer_name = "Limoges Métropole"
    title = factory.Sequence(lambda n: f"Réhabilitation du groupe scolaire {n}")
    reference = factory.Sequence(lambda n: f"2026-TRX-{n:03d}")
    starts_on = factory.LazyFunction(lambda: (TODAY - datetime.timedelta(days=100)).replace(day=1))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=364))
    required_hours = 1200


class ClauseHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClauseHours

    clause = factory.SubFactory(SocialClauseFactory)
    departement_code = factory.LazyAttribute(lambda o: o.clause.departement_code)
    person = factory.SubFactory(PersonFactory)
    month = factory.LazyAttribute(lambda o: o.clause.starts_on.replace(day=1))
    hours = 70
