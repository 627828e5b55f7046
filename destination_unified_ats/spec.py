"""The connector's specification, built from the Airbyte protocol models without importing airbyte-cdk.

`spec` is answered from here directly (airbyte-cdk's package import alone costs seconds); the CDK's own
`spec` command returns the same `ConnectorSpecification`, and a test holds both outputs byte-identical.
"""

from __future__ import annotations

from typing import Any

from airbyte_protocol_dataclasses.models import ConnectorSpecification, DestinationSyncMode

from destination_unified_ats.config import connection_specification

DOCUMENTATION_URL = "https://docs.airbyte.com/integrations/destinations/unified-ats"


def connector_specification() -> ConnectorSpecification:
    return ConnectorSpecification(
        documentationUrl=DOCUMENTATION_URL,
        connectionSpecification=connection_specification(),
        supportsIncremental=True,
        supported_destination_sync_modes=[DestinationSyncMode.append, DestinationSyncMode.append_dedup],
    )


def spec_message() -> dict[str, Any]:
    """The SPEC message as airbyte-cdk's serializer renders it (same library, same options)."""
    from serpyco_rs import Serializer

    spec = Serializer(ConnectorSpecification, omit_none=True).dump(connector_specification())
    return {"type": "SPEC", "spec": spec}
