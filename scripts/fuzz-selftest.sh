#!/usr/bin/env bash
# Proves the fuzz run can fail: breaks the document's contract in two known ways and
# requires scripts/fuzz.sh to fail on each, naming the right check.
#   GET /health/live      its 200 body is documented as {"status": integer}: the real
#                         {"status":"ok"} must fail response_schema_conformance;
#   GET /v1/products      its 200 response is removed from the document: the real 200
#                         must fail status_code_conformance.
set -euo pipefail
cd "$(dirname "$0")/.."
work=".run/fuzz-selftest-$$"
mkdir -p "$work"
.venv-tools/bin/python - "$work/broken.yaml" <<'PY'
import sys, yaml
doc = yaml.safe_load(open("openapi/openapi.yaml"))
live = doc["paths"]["/health/live"]["get"]["responses"]["200"]
live["content"] = {"application/json": {"schema": {
    "type": "object", "required": ["status"], "properties": {"status": {"type": "integer"}}}}}
products = doc["paths"]["/v1/products"]["get"]["responses"]
products.pop("200")
products.setdefault("400", {"description": "placeholder so the operation keeps a response"})
yaml.safe_dump(doc, open(sys.argv[1], "w"), sort_keys=False)
PY
set +e
FUZZ_EXAMPLES=5 bash scripts/fuzz.sh "$work/broken.yaml" \
  --include-operation-id "$(.venv-tools/bin/python -c 'import yaml; d=yaml.safe_load(open("openapi/openapi.yaml")); print(d["paths"]["/health/live"]["get"]["operationId"])')" \
  --include-operation-id "$(.venv-tools/bin/python -c 'import yaml; d=yaml.safe_load(open("openapi/openapi.yaml")); print(d["paths"]["/v1/products"]["get"]["operationId"])')" \
  > "$work/out.txt" 2>&1
rc=$?
set -e
fail() { echo "fuzz-selftest: $1 (output in $work/out.txt)" >&2; tail -40 "$work/out.txt" >&2; exit 1; }
[ "$rc" -ne 0 ] || fail "the fuzz run passed against a broken document"
grep -q "Response violates schema" "$work/out.txt" || fail "no response_schema_conformance failure for GET /health/live"
grep -q "Undocumented status code" "$work/out.txt" || fail "no status_code_conformance failure for GET /v1/products"
echo "fuzz-selftest: the fuzz run failed as it must against the broken document (exit $rc; schema and status-code failures reported)"
