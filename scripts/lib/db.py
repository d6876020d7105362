"""One way to read and write the service's database from the scripts: psql, so the scripts
need no driver. Errors raise RuntimeError with psql's message."""
import json
import subprocess


def _psql(database_url, sql, params=()):
    args = ["psql", database_url, "-qtAX", "-v", "ON_ERROR_STOP=1"]
    for i, p in enumerate(params):
        args += ["-v", f"p{i}={p}"]
    done = subprocess.run(args, input=sql, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"psql: {done.stderr.strip()}")
    return done.stdout


def rows(database_url, sql):
    """The rows of the query `sql` as a list of dicts (through json_agg)."""
    return json.loads(_psql(database_url, f"SELECT coalesce(json_agg(t), '[]'::json) FROM ({sql}) t"))


def value(database_url, sql, *params):
    """What `sql` prints, unaligned and stripped: one value for a one-value query. Parameters
    are psql variables p0, p1, ... (write `:'p0'` in the SQL for a quoted literal)."""
    return _psql(database_url, sql, params).strip()
