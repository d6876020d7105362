"""See scripts/README.md."""
