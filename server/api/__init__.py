"""The ``/v1`` routers, in the order they are mounted."""

from fastapi import APIRouter

from server.api import batches, deliveries, devices, feed, meta, packs, push, qc, report, review

ROUTERS: list[APIRouter] = [
    meta.router,
    push.router,
    feed.router,
    batches.router,
    devices.router,
    packs.router,
    qc.router,
    review.router,
    deliveries.router,
    report.router,
]
