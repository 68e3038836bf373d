"""Using the data: rates with their uncertainty, before/after tests, power (statsmodels, scipy).

Kept out of `bot.kpi`, which is stdlib only: services call this package and hand the results to
the builders.
"""
