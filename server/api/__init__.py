"""The ``/v1`` routers, in the order they are mounted."""

from fastapi import APIRouter

from server.api import meta, packs, push, sync_routes

ROUTERS: list[APIRouter] = [meta.router, push.router, sync_routes.router, packs.router]
