"""A Content-Security-Policy and a Permissions-Policy on every response.

The policy is strict: scripts, styles, fonts and requests from the site itself only, no inline script or
style, no plugins, no framing, forms posting to the site only. The API docs page (Swagger UI, served from
django-ninja's own static files) is the one exception: its bundle styles elements inline, so that page
alone may use inline styles; its scripts are still the site's own files.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse

_STRICT = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
CONTENT_SECURITY_POLICY = "; ".join(f"{name} {value}" for name, value in _STRICT.items())
DOCS_CONTENT_SECURITY_POLICY = "; ".join(
    f"{name} {value}" for name, value in {**_STRICT, "style-src": "'self' 'unsafe-inline'"}.items()
)
# Browser features the platform never uses, denied to the site and anything it could embed.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "bluetooth",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


class SecurityHeadersMiddleware:
    """Add the Content-Security-Policy and Permissions-Policy headers unless a view set its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            docs = request.path == reverse("api:openapi-view")
            response["Content-Security-Policy"] = (
                DOCS_CONTENT_SECURITY_POLICY if docs else CONTENT_SECURITY_POLICY
            )
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = PERMISSIONS_POLICY
        return response
