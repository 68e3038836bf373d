"""The KPI domain: metrics, periods, targets, pace and attainment. Standard library only."""
