"""Use cases: they combine storage, the KPI domain and Block Kit builders."""
