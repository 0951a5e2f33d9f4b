"""The navigation of each role: what a person sees in the menu once logged in."""

from django.urls import reverse

from pacte.organizations import perms
from pacte.organizations.enums import Role

# (label, url name, roles that see it); None means every staff member.
MENU = [
    ("Accueil", "web:home", None),
    ("Personnes", "web:person_list", {Role.DIRECTION, Role.ORIENTATION_AGENT, Role.REFERENT, Role.PARTNER}),
    (
        "Offres",
        "web:offer_list",
        {
            Role.DIRECTION,
            Role.ORIENTATION_AGENT,
            Role.REFERENT,
            Role.PARTNER,
            Role.EMPLOYER_RELATIONS,
            Role.PACT_CONTRIBUTOR,
        },
    ),
    ("Gérer les offres", "web:partner_offers", {Role.PARTNER, Role.DIRECTION}),
    ("Prescriptions reçues", "web:prescriptions_received", {Role.PARTNER}),
    ("Présences", "web:prescriptions_attendance", {Role.PARTNER}),
    ("Orientation", "web:orientation_queue", {Role.DIRECTION, Role.ORIENTATION_AGENT}),
    ("Mon portefeuille", "web:followup_caseload", {Role.REFERENT}),
    ("Mon agenda", "web:followup_agenda", {Role.REFERENT}),
    ("Sans référent·e", "web:followup_inboxes", {Role.DIRECTION, Role.ORIENTATION_AGENT, Role.REFERENT}),
    ("Contrats à échéance", "web:followup_contracts_ending", {Role.DIRECTION, Role.REFERENT}),
    ("Portefeuilles", "web:followup_caseloads", {Role.DIRECTION}),
    ("Retards du suivi", "web:followup_late", {Role.DIRECTION, Role.REFERENT}),
    ("Invitations", "web:invitation_outcomes", {Role.DIRECTION, Role.ORIENTATION_AGENT}),
    ("Couverture du territoire", "web:offer_coverage", {Role.DIRECTION, Role.ANALYST}),
    ("Évaluation", "web:evaluation_dashboard", {Role.DIRECTION, Role.ANALYST}),
    ("Remplissage des offres", "web:offer_fill_rates", {Role.DIRECTION, Role.PARTNER}),
    ("Territoires", "web:territory_list", {Role.DIRECTION}),
    ("Structures", "web:organization_list", {Role.DIRECTION, Role.EMPLOYER_RELATIONS}),
    ("Pacte", "web:pact_list", None),
    ("Mes bilans", "web:pact_my_reports", {Role.PACT_CONTRIBUTOR}),
    ("Bilans à relire", "web:pact_report_queue", {Role.DIRECTION}),
    ("Employeurs", "web:employment_employer_list", {Role.DIRECTION, Role.EMPLOYER_RELATIONS}),
    ("Relances", "web:employment_follow_ups", {Role.DIRECTION, Role.EMPLOYER_RELATIONS}),
    (
        "Offres d'emploi",
        "web:employment_job_offer_list",
        {Role.DIRECTION, Role.EMPLOYER_RELATIONS, Role.REFERENT, Role.ORIENTATION_AGENT},
    ),
    (
        "Positionnements",
        "web:employment_positioning_list",
        {Role.DIRECTION, Role.EMPLOYER_RELATIONS, Role.REFERENT, Role.ORIENTATION_AGENT},
    ),
    ("Immersions", "web:employment_immersion_list", {Role.DIRECTION, Role.EMPLOYER_RELATIONS, Role.REFERENT}),
    ("Tutorats", "web:employment_tutoring_list", {Role.DIRECTION, Role.EMPLOYER_RELATIONS, Role.REFERENT}),
    ("Clauses sociales", "web:employment_clause_list", {Role.DIRECTION, Role.EMPLOYER_RELATIONS}),
    ("Métiers en tension", "web:employment_tension_list", {Role.EMPLOYER_RELATIONS}),
    ("Tableau de bord emploi", "web:employment_dashboard", {Role.DIRECTION, Role.EMPLOYER_RELATIONS}),
    ("Imports", "web:caf_journal", {Role.DIRECTION}),
    ("Équipe", "web:staff_list", {Role.DIRECTION}),
    ("Jetons d'API", "web:api_token_list", {Role.DIRECTION}),
    ("API", "api:docs", None),
]


def _item(label, url, path):
    # The home page is current only on itself; a section is current on all its pages.
    current = path == url if url == "/" else path.startswith(url)
    return {"label": label, "url": url, "current": current}


def menu_for(user, path=""):
    if not user.is_authenticated:
        return []
    user_roles = perms.roles(user)
    if user_roles == {Role.BENEFICIARY}:
        return [_item("Mon espace", reverse("portal:home"), path)]
    items = []
    for label, url_name, allowed in MENU:
        if allowed is None or perms.holds(user, *allowed):
            items.append(_item(label, reverse(url_name), path))
    return items
