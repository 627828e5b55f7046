"""The Airbyte entry points: spec, check and write (streaming, raw state messages echoed intact)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import sys
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

import orjson
from airbyte_cdk.destinations import Destination
from airbyte_cdk.exception_handler import init_uncaught_exception_handler
from airbyte_cdk.models import (
    AirbyteConnectionStatus,
    AirbyteMessage,
    AirbyteMessageSerializer,
    ConfiguredAirbyteCatalog,
    ConfiguredAirbyteCatalogSerializer,
    ConnectorSpecification,
    DestinationSyncMode,
    FailureType,
    Status,
    Type,
)
from airbyte_cdk.utils.airbyte_secrets_utils import filter_secrets, update_secrets
from airbyte_cdk.utils.traced_exception import AirbyteTracedException
from pydantic import ValidationError

from destination_unified_ats.check import CheckFailed, ServiceUnavailable, run_check
from destination_unified_ats.checkpoint import StreamKey
from destination_unified_ats.collector import tuned_for_sync
from destination_unified_ats.config import UnifiedAtsConfig
from destination_unified_ats.errors import SyncFailure
from destination_unified_ats.intake import StreamSettings
from destination_unified_ats.operations import destination_catalog, stream_operation
from destination_unified_ats.spec import DOCUMENTATION_URL as DOCUMENTATION_URL  # re-exported
from destination_unified_ats.spec import connector_specification

logger = logging.getLogger("airbyte")


class ConfigError(Exception):
    pass


_QUOTED_NUMBER_HINT = " (a quoted value is not converted: write 8 or true, without quotes)"


def parse_config(config: Any) -> UnifiedAtsConfig:
    """Validate the config; the message names fields and problems but never echoes values (secrets)."""
    if not isinstance(config, Mapping):
        raise ConfigError(f"The configuration must be a JSON object of settings, not a JSON {_json_type(config)}.")
    token = config.get("api_token")
    if isinstance(token, str) and token:
        update_secrets([t for t in {token, token.strip()} if t])
    base_url = config.get("base_url")
    if isinstance(base_url, str) and "@" in base_url:
        with contextlib.suppress(ValueError):
            # Credentials in the URL are refused below; they are secrets all the same, never to be logged.
            userinfo = urlsplit(base_url).netloc.rpartition("@")[0]
            update_secrets([part for part in userinfo.split(":") if part])
    try:
        parsed = UnifiedAtsConfig.model_validate(dict(config))
    except ValidationError as exc:
        problems = "; ".join(_problem(e) for e in exc.errors())
        raise ConfigError(f"The configuration is invalid: {problems}") from None
    for key in config:
        if key not in UnifiedAtsConfig.model_fields:
            logger.warning(f"Config key {str(key)[:60]!r} is not a setting of this connector; it is ignored.")
    return parsed


def _problem(error: Any) -> str:
    where = ".".join(str(p) for p in error["loc"]) or "config"
    hint = _QUOTED_NUMBER_HINT if error["type"] in _STRICT_TYPES and isinstance(error.get("input"), str) else ""
    return f"{where}: {error['msg']}{hint}"


_STRICT_TYPES = frozenset({"int_type", "float_type", "bool_type"})


def _json_type(value: Any) -> str:
    return {list: "array", str: "string", bool: "boolean", int: "number", float: "number", type(None): "null"}.get(
        type(value), type(value).__name__
    )


def read_json_file(path: str, what: str) -> Any:
    """A config or catalog file as JSON; ConfigError naming the file and the problem, never its contents."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ConfigError(f"The {what} file {path!r} cannot be read: {exc.strerror or type(exc).__name__}.") from None
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise ConfigError(
            f"The {what} file {path!r} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}). "
            "Fix the file's syntax."
        ) from None
    if not isinstance(value, dict):
        raise ConfigError(f"The {what} file {path!r} must hold a JSON object, not a JSON {_json_type(value)}.")
    return value


_SYNC_MODES = frozenset(m.value for m in DestinationSyncMode)


def parse_catalog(raw: Mapping[str, Any]) -> ConfiguredAirbyteCatalog:
    """The configured catalog; ConfigError naming the stream and the problem."""
    streams = raw.get("streams")
    if not isinstance(streams, list):
        raise ConfigError("The catalog has no `streams` array; it is not a configured Airbyte catalog.")
    for index, configured in enumerate(streams):
        if not isinstance(configured, dict):
            raise ConfigError(f"Catalog stream #{index + 1} is not a JSON object.")
        stream = configured.get("stream")
        name = stream.get("name") if isinstance(stream, dict) else None
        label = repr(name) if isinstance(name, str) else f"#{index + 1}"
        mode = configured.get("destination_sync_mode")
        if mode is not None and mode not in _SYNC_MODES:
            raise ConfigError(
                f"Stream {label}: destination_sync_mode {str(mode)[:40]!r} is not an Airbyte sync mode "
                f"({', '.join(sorted(_SYNC_MODES))})."
            )
    try:
        return ConfiguredAirbyteCatalogSerializer.load(dict(raw))
    except Exception as exc:  # the serializer's errors name the field and the value's type
        raise ConfigError(f"The catalog is not a valid configured Airbyte catalog: {str(exc)[:300]}") from None


def catalog_streams(catalog: ConfiguredAirbyteCatalog) -> dict[StreamKey, StreamSettings]:
    """Each configured stream: its primary key (audit trail, matching keys) and its activation operation."""
    streams: dict[StreamKey, StreamSettings] = {}
    for configured in catalog.streams:
        primary_key = configured.primary_key or configured.stream.source_defined_primary_key
        mode = configured.destination_sync_mode.value if configured.destination_sync_mode else None
        try:
            operation = stream_operation(getattr(configured, "destination_object_name", None), mode, primary_key)
        except ValueError as exc:
            raise ConfigError(f"Stream {configured.stream.name!r}: {exc}") from None
        streams[(configured.stream.namespace, configured.stream.name)] = StreamSettings(primary_key, operation)
    return streams


class DestinationUnifiedAts(Destination):  # type: ignore[misc]
    def spec(self, logger: logging.Logger) -> ConnectorSpecification:
        return connector_specification()

    def check(self, logger: logging.Logger, config: Mapping[str, Any]) -> AirbyteConnectionStatus:
        try:
            parsed = parse_config(config)
            result = asyncio.run(run_check(parsed))
        except (ConfigError, CheckFailed) as exc:
            return AirbyteConnectionStatus(status=Status.FAILED, message=filter_secrets(str(exc)))
        except ServiceUnavailable as exc:
            # Not a config problem: like the CDK's sources, an error trace and a non-zero exit, no FAILED status.
            message = filter_secrets(exc.message)
            raise AirbyteTracedException(
                message=message, internal_message=message, failure_type=exc.failure_type
            ) from None
        except Exception as exc:  # never a traceback for a check
            message = f"Unexpected error while checking: {type(exc).__name__}: {exc}"
            return AirbyteConnectionStatus(status=Status.FAILED, message=filter_secrets(message))
        integration = result.connection.integration_type or "unknown integration"
        logger.info(f"Connection OK: {integration}, {result.open_jobs_sampled} job(s) readable.")
        return AirbyteConnectionStatus(status=Status.SUCCEEDED)

    def write(
        self,
        config: Mapping[str, Any],
        configured_catalog: ConfiguredAirbyteCatalog,
        input_messages: Iterable[AirbyteMessage],
    ) -> Iterable[AirbyteMessage]:
        """Programmatic form of `write` (parsed messages in, parsed messages out)."""
        lines = (orjson.dumps(AirbyteMessageSerializer.dump(m)) for m in input_messages)
        out: list[dict[str, Any]] = []
        self._write_lines(config, _streams_or_fail(configured_catalog), lines, out.append)
        for message in out:
            yield AirbyteMessageSerializer.load(message)

    def _write_lines(
        self,
        config: Mapping[str, Any],
        streams: Mapping[StreamKey, StreamSettings] | None,
        lines: Iterable[bytes],
        emit: Any,
    ) -> None:
        try:
            parsed = parse_config(config)
        except ConfigError as exc:
            raise AirbyteTracedException(
                message=str(exc), internal_message=str(exc), failure_type=FailureType.config_error
            ) from None

        from destination_unified_ats.input_reader import read_lines
        from destination_unified_ats.sync import run_sync

        async def main() -> None:
            await run_sync(parsed, streams, read_lines(lines), emit)

        try:
            with tuned_for_sync():
                asyncio.run(main())
        except SyncFailure as failure:
            raise AirbyteTracedException(
                message=filter_secrets(failure.message),
                internal_message=filter_secrets(failure.internal or failure.message),
                failure_type=failure.failure_type,
            ) from None

    def parse_args(self, args: list[str]) -> argparse.Namespace:
        """The CDK's spec/check/write, plus `discover --config` (data activation's DestinationCatalog)."""
        if args and args[0] == "discover":
            parser = argparse.ArgumentParser(prog="destination-unified-ats discover")
            parser.add_argument("--config", type=str, required=True, help="path to the JSON configuration file")
            parsed = parser.parse_args(args[1:])
            parsed.command = "discover"
            return parsed
        return super().parse_args(args)  # type: ignore[no-any-return]

    def discover(self) -> dict[str, Any]:
        return {"type": "DESTINATION_CATALOG", "destination_catalog": destination_catalog()}

    def run(self, args: list[str]) -> None:
        init_uncaught_exception_handler(logger)
        parsed_args = self.parse_args(args)
        if parsed_args.command == "spec":
            for message in self.run_cmd(parsed_args):
                _print(AirbyteMessageSerializer.dump(message))
            return
        try:
            config = read_json_file(parsed_args.config, "config")
        except ConfigError as exc:
            if parsed_args.command == "check":
                _print(_status_failed(str(exc)))
                return
            _exit_config_error(str(exc))
        if parsed_args.command == "discover":
            _print(self.discover())
            return
        if parsed_args.command == "check":
            # Our own validation: its messages name each field and never echo a value.
            try:
                status = self._run_check(config)
            except AirbyteTracedException as exc:
                _exit_with(exc)
            _print(AirbyteMessageSerializer.dump(status))
            return
        try:
            catalog = parse_catalog(read_json_file(parsed_args.catalog, "catalog"))
        except ConfigError as exc:
            _exit_config_error(str(exc))
        try:
            self._write_lines(config, _streams_or_fail(catalog), sys.stdin.buffer, _print)
        except AirbyteTracedException as exc:
            _exit_with(exc)


def _exit_with(exc: AirbyteTracedException) -> NoReturn:
    _print(AirbyteMessageSerializer.dump(exc.as_airbyte_message()))
    sys.stdout.flush()
    sys.stderr.flush()
    if sys.stdin is sys.__stdin__ and any(t.name == "stdin-reader" and t.is_alive() for t in threading.enumerate()):
        # A sync that ends early (a failure, a SIGTERM) while the platform keeps the pipe open leaves the
        # reader thread blocked in a read of stdin; interpreter shutdown would then abort on stdin's lock.
        os._exit(1)
    sys.exit(1)


def _streams_or_fail(catalog: ConfiguredAirbyteCatalog) -> dict[StreamKey, StreamSettings]:
    try:
        return catalog_streams(catalog)
    except ConfigError as exc:
        raise AirbyteTracedException(
            message=str(exc), internal_message=str(exc), failure_type=FailureType.config_error
        ) from None


def _status_failed(message: str) -> dict[str, Any]:
    status = AirbyteConnectionStatus(status=Status.FAILED, message=filter_secrets(message))
    dumped: dict[str, Any] = AirbyteMessageSerializer.dump(
        AirbyteMessage(type=Type.CONNECTION_STATUS, connectionStatus=status)
    )
    return dumped


def _exit_config_error(message: str) -> NoReturn:
    message = filter_secrets(message)
    _exit_with(AirbyteTracedException(message=message, internal_message=message, failure_type=FailureType.config_error))


def _print(message: Mapping[str, Any]) -> None:
    sys.stdout.write(orjson.dumps(message).decode() + "\n")
    sys.stdout.flush()


__all__ = ["DestinationUnifiedAts"]
