"""The CRM variables, typed: bot.config.Settings inherits them, so the bot has one settings
object; readers take any CrmSettings (tests build one alone)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class CrmSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", frozen=True,
                                      env_ignore_empty=True)

    hubspot_access_token: SecretStr | None = None
    hubspot_api_url: str | None = None  # sandboxes and tests; default https://api.hubapi.com
    salesforce_instance_url: str | None = None  # e.g. https://acme.my.salesforce.com
    salesforce_login_url: str | None = None  # e.g. https://test.salesforce.com for a sandbox
    salesforce_client_id: str | None = None
    salesforce_client_secret: SecretStr | None = None
    salesforce_username: str | None = None
    salesforce_password: SecretStr | None = None
    salesforce_security_token: SecretStr | None = None
    crm_mapping_file: Path | None = None
    crm_sync_minutes: int = Field(default=15, ge=1, le=60)  # the scheduled sync's interval

    @property
    def hubspot_configured(self) -> bool:
        return self.hubspot_access_token is not None

    @property
    def salesforce_configured(self) -> bool:
        has_login = bool(self.salesforce_client_id and self.salesforce_client_secret) or bool(
            self.salesforce_username and self.salesforce_password)
        return has_login and bool(self.salesforce_instance_url or self.salesforce_login_url)
