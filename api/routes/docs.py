"""GET /docs: Swagger UI over /openapi.json, from the app's own copy of swagger-ui-dist (no CDN).

`make assets` copies the bundle, its stylesheet and icon from the pinned npm package into
api/static/vendor, beside the viewer's bundles, so the page works on a machine without internet.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)

VENDOR = "/static/vendor"


@router.get("/docs")
def read_docs(request: Request) -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url=request.app.openapi_url,
        title=f"{request.app.title} — API",
        swagger_js_url=f"{VENDOR}/swagger-ui-bundle.js",
        swagger_css_url=f"{VENDOR}/swagger-ui.css",
        swagger_favicon_url=f"{VENDOR}/favicon-32x32.png",
    )
