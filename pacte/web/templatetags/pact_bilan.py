"""`{% computation_lines value.details as lines %}`: what a computed indicator value read, in French."""

from django import template

from pacte.evaluation.pact_indicators import describe

register = template.Library()


@register.simple_tag
def computation_lines(details):
    return describe(details or {})
