from pacte.audit.services import request_origin


class AuditContextMiddleware:
    """Makes the request's IP and path available to the audit entries its services write."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_origin(request):
            return self.get_response(request)
