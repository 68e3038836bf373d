"""One entry point per CRM: build the reader the settings describe.

Both client libraries are synchronous: call `reader.read(...)` in a worker thread
(`asyncio.to_thread`) from the bot's event loop.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import Literal, Protocol

import requests

from bot.crm.activity import CrmCursor, CrmReadResult
from bot.crm.errors import CrmError
from bot.crm.hubspot_reader import HUBSPOT_OBJECT_TYPES, HubSpotReader
from bot.crm.mapping import CrmMapping, load_mapping
from bot.crm.reading import ReadOptions
from bot.crm.salesforce_reader import (
    SALESFORCE_OBJECT_TYPES,
    SalesforceReader,
    connect_salesforce,
)
from bot.crm.settings import CrmSettings

SourceName = Literal["hubspot", "salesforce"]
OBJECT_TYPES: dict[SourceName, tuple[str, ...]] = {
    "hubspot": HUBSPOT_OBJECT_TYPES, "salesforce": SALESFORCE_OBJECT_TYPES}


class CrmReader(Protocol):
    def read(self, cursor: CrmCursor | None = None) -> CrmReadResult: ...


def open_reader(source: SourceName, settings: CrmSettings, *, tz: tzinfo,
                mapping: CrmMapping | None = None, options: ReadOptions | None = None,
                session: requests.Session | None = None) -> CrmReader:
    """The reader for `source`; raises CrmError (one line naming the variable) when it is not
    configured, CrmAuthError when the CRM refuses the login, CrmMappingError for a bad file."""
    mapping = mapping or load_mapping(settings.crm_mapping_file)
    if source == "hubspot":
        if settings.hubspot_access_token is None:
            raise CrmError("set HUBSPOT_ACCESS_TOKEN (a private app token) to sync HubSpot")
        return HubSpotReader(access_token=settings.hubspot_access_token.get_secret_value(),
                             api_url=settings.hubspot_api_url, mapping=mapping, tz=tz,
                             options=options)
    client, variable = connect_salesforce(settings, session=session)
    return SalesforceReader(client=client, credential_variable=variable, mapping=mapping,
                            tz=tz, options=options)
