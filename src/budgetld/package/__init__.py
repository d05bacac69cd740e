"""Package stage: a disclosure → a Frictionless data package (tabular-data-package profile).

One CSV per published table, shaped like the table (so a person recognises it); a tidy
``facts.csv`` with one row per amount (what analysts load into pandas or R); ``tables.csv``
and ``codes.csv`` (the classification codes used) as resources the others refer to with
foreign keys; and ``datapackage.json`` describing them with Table Schemas (titles and
descriptions in Chinese and English, Fiscal Data Package ``columnType`` where one fits).
"""

from .build import LICENSES, PackageOptions, build_package, display_title

__all__ = ["LICENSES", "PackageOptions", "build_package", "display_title"]
