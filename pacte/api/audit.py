"""Audited API lists: a list of personal data writes one audit entry with the persons of the page it
answers (their UUIDs) and its filters, whatever the view."""

from rest_framework.response import Response

from pacte.audit.services import log_list


class AuditedListMixin:
    """For a `ListAPIView` or a viewset: set `audit_action` (a registered action), list in
    `audit_filters` the query parameters worth recording (never a NIR nor a searched name), and
    override `audit_persons(rows)` when the rows are not persons."""

    audit_action = ""
    audit_filters = ()

    def audit_persons(self, rows):
        return [row.uuid for row in rows]

    def audit_query(self, request):
        params = request.query_params
        query = {name: params[name] for name in self.audit_filters if params.get(name)}
        if params.get("page"):
            query["page"] = params["page"]
        return query

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(queryset if page is None else page)
        data = self.get_serializer(rows, many=True).data
        response = Response(data) if page is None else self.get_paginated_response(data)
        log_list(
            request,
            action=self.audit_action,
            persons=self.audit_persons(rows),
            query=self.audit_query(request),
        )
        return response
