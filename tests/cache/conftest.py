"""The managers' organisation (two teams, managers, SDRs, an admin) for the cache tests."""

from tests.managers.conftest import org

__all__ = ["org"]
