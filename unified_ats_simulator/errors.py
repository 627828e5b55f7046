"""The one error type handlers raise; rendered as Unified's JSON error body `{"message", "status"}`."""

from __future__ import annotations

from aiohttp import web

from unified_ats_simulator.jsonutil import json_response


class ApiError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}

    def to_response(self) -> web.Response:
        return error_response(self.status, self.message, self.headers)


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> web.Response:
    return json_response({"message": message, "status": status}, status=status, headers=headers)


def bad_request(message: str) -> ApiError:
    return ApiError(400, message)


def not_found(kind: str, object_id: str) -> ApiError:
    return ApiError(404, f"{kind} {object_id} not found")
