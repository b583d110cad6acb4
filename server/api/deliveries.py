"""``POST /v1/projects/{project_id}/deliveries``: a delivery built for a lead's app.

The same code as ``prefdesk-server export`` writes the files into a temporary folder; the
answer is that folder as a zip (``manifest.json`` included, so the receipt travels with
the data). Like the CLI, a delivery of accepted work marks the accepted batches it holds
whole as delivered. Lead or admin only.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import Response

from protocol import DeliveryRequest
from server.admin.errors import AdminError
from server.auth import DatabaseDep, PrincipalDep
from server.errors import ApiError

router = APIRouter(prefix="/v1/projects", tags=["delivery"])


def _zip(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return buffer.getvalue()


@router.post(
    "/{project_id}/deliveries",
    response_class=Response,
    responses={200: {"content": {"application/zip": {}}}},
)
def post_delivery(
    project_id: str, body: DeliveryRequest, principal: PrincipalDep, db: DatabaseDep
) -> Response:
    principal.require(project_id, "lead", "admin")
    # Imported here: pandas, pyarrow, scipy and statsmodels cost seconds at start-up, and
    # a worker that starts slowly is killed by uvicorn's supervisor.
    from server.admin.exporting import export
    from server.delivery import FORMATS, Filters

    unknown = [f for f in body.formats if f not in FORMATS]
    if unknown:
        raise ApiError(
            422,
            "unknown_format",
            f"unknown format {unknown[0]!r} (one of {', '.join(FORMATS)})",
            "formats",
        )
    filters = Filters(
        accepted_only=body.accepted_only,
        pack_versions=tuple(body.pack_versions),
        exclude_stale=body.exclude_stale,
        min_agreement=body.min_agreement,
    )
    with tempfile.TemporaryDirectory(prefix="prefdesk-delivery-") as tmp:
        out = Path(tmp) / "delivery"
        try:
            with db.session() as session:
                export(
                    session, project_id, out, tuple(dict.fromkeys(body.formats)), filters,
                    body.keep_ties,
                )  # fmt: skip
        except AdminError as exc:
            raise ApiError(409, "delivery_failed", str(exc)) from None
        content = _zip(out)
    name = f"{project_id}-delivery.zip".replace('"', "")
    return Response(
        content,
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
