from pacte.pathways.models.contracts import Contract, PlanAction, PlanObjective
from pacte.pathways.models.diagnostic import Diagnostic, DiagnosticBarrier
from pacte.pathways.models.employment_project import EmploymentProject
from pacte.pathways.models.facts import PathwayFacts
from pacte.pathways.models.followup import Appointment, PathwayExit, ReorientationRequest
from pacte.pathways.models.orientation import Orientation, PreOrientationRule, ReferentAssignment
from pacte.pathways.models.teams import TeamCase, TeamSession

__all__ = [
    "Appointment",
    "Contract",
    "Diagnostic",
    "DiagnosticBarrier",
    "EmploymentProject",
    "Orientation",
    "PathwayExit",
    "PathwayFacts",
    "PlanAction",
    "PlanObjective",
    "PreOrientationRule",
    "ReferentAssignment",
    "ReorientationRequest",
    "TeamCase",
    "TeamSession",
]
