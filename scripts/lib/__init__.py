"""What the scripts share: one psql helper (db), one HTTP client (http), one webhook signer
(signing) and one stack launcher (stack). Importable as `lib.*` with scripts/ on PYTHONPATH
(scripts/stack.sh sets it for every shell entry point); see scripts/README.md."""
