"""The data pages' small planning world, for the upload page's tests."""

from tests.inputs.conftest import plans, world  # noqa: F401  (fixtures)
