from django.urls import path

from pacte.web.invitations import public, views

urlpatterns = [
    path("invitations/", views.outcomes, name="invitation_outcomes"),
    path("invitations/modeles/", views.template_list, name="invitation_templates"),
    path(
        "invitations/modeles/<str:code>/<str:kind>/<str:channel>/",
        views.template_edit,
        name="invitation_template_edit",
    ),
    path("invitations/delai/<str:code>/", views.policy_edit, name="invitation_policy"),
    path("suivi/personnes/<uuid:uuid>/inviter/", views.invitation_create, name="invitation_create"),
    path("suivi/invitations/<uuid:uuid>/courrier/", views.invitation_letter_pdf, name="invitation_letter"),
    # The person's page, without login (pacte.invitations.services.PUBLIC_PATH).
    path("invitation/<str:token>/", public.invitation_public, name="invitation_public"),
]
