"""attrib's exceptions (see :mod:`attrib._errors`): the category classes and
one class per kind of the Rust ``attrib::ErrorKind``, by the same name
(``attrib.errors.OutOfRange``, ``attrib.errors.Io``, ...)."""

from ._errors import *  # noqa: F401,F403
from ._errors import KINDS, FileNotFound, NotFound  # noqa: F401

globals().update(KINDS)
