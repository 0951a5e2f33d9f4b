from django.apps import AppConfig


class InvitationsConfig(AppConfig):
    name = "pacte.invitations"
    verbose_name = "Invitations"
