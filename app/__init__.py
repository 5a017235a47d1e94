"""Verbale: notes verbales drafted, approved, issued in parallel languages and registered."""

__version__ = "0.1.0"
APP_ID = "org.cica.Verbale"
APP_NAME = "Verbale"
