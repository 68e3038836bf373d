"""CRM sync: read HubSpot and Salesforce activity and map it to the bot's metrics.

Readers talk to the CRMs through their official clients; `mapping` turns a CRM record into
source-neutral `CrmActivity` items; nothing here touches the database or Slack.
"""
