"""The practice catalog: reading, validating, indexing and publishing the practices
of local governments' international action. Knows nothing of the site generator."""

from .model import Catalog, Partner, Practice, Source, load_catalog
from .problems import InvalidPractices, Problem

__all__ = ["Catalog", "InvalidPractices", "Partner", "Practice", "Problem", "Source", "load_catalog"]
