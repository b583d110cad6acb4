"""The ``/v1`` routers, in the order they are mounted."""

from fastapi import APIRouter

from server.api import meta

ROUTERS: list[APIRouter] = [meta.router]
