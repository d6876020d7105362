"""The chaos run's report: what was driven, what was injected, how long convergence took,
and each invariant with its count of violations and a few examples."""
import time
from collections import Counter, defaultdict


def clock(epoch):
    return time.strftime("%H:%M:%S", time.gmtime(epoch)) + f".{int(epoch * 1000) % 1000:03d}"


def row(*cells, widths):
    return "  ".join(str(c).ljust(w) for c, w in zip(cells, widths)).rstrip()


def print_report(*, records, truth, world, checks, killer, restart, load_seconds, converged, waited, faults,
                 sandbox_requests, requests, gateway_503, during_503, stuck_keys, unanswered_keys, bad_cases, broken, seconds):
    status_of = {o["id"]: o["status"] for o in world.ours.orders}
    print()
    print(f"== chaos run {time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}"
          f"{'  (BREAK ' + broken + ')' if broken else ''}")

    print("\n-- orders per flow and outcome (final status in our database)")
    groups = defaultdict(list)
    for r in records:
        groups[(r["flow"], r["outcome"])].append(r)
    widths = (22, 6, 8, 60)
    print(row("flow/outcome", "orders", "gave up", "final statuses", widths=widths))
    for (flow, outcome), rs in sorted(groups.items()):
        finals = Counter(status_of.get(r["order_id"], "(no order)") for r in rs)
        gave_up = sum(1 for r in rs if r["result"] != "ok")
        print(row(f"{flow}/{outcome}", len(rs), gave_up, ", ".join(f"{s} {n}" for s, n in finals.most_common()), widths=widths))
    refunds = Counter(r["refund"] for r in records if r["refund"] != "none")
    captures = Counter(r["capture"] for r in records if r["capture"])
    driven = {r["order_id"] for r in records if r["order_id"]}
    print(row("total", len(records), sum(1 for r in records if r["result"] != "ok"), "", widths=widths))
    print(f"admin refunds planned: {dict(refunds)}; manual captures: {dict(captures)}; "
          f"orders only a retry left behind (not driven further): {len(set(status_of) - driven)}")
    for r in [r for r in records if r["result"] != "ok"][:5]:
        print(f"  #{r['n']} {r['flow']}/{r['outcome']} {r['order_id']}: {r['result']}"
              + (f" (after: {'; '.join(r['notes'])})" if r["notes"] else ""))

    print("\n-- faults injected")
    events = truth.events
    total, errors, timeouts = sandbox_requests
    answered = Counter("none" if r["status"] is None else f"{r['status'] // 100}xx" for r in requests)
    lines = [
        ("webhooks", f"{len(events)} events: {sum(e['dropped'] for e in events)} dropped, "
                     f"{sum(1 for e in events if e['delivery_attempts'] > 1)} delivered more than once (duplicates and retries); "
                     f"configured drop {faults['webhook_drop_rate']}, duplicate {faults['webhook_duplicate_rate']}, "
                     f"reorder, delay up to {faults['webhook_delay_ms_max']} ms"),
        ("WooshPay API", f"{total} requests seen: {errors} answered 500 (injected api_error), {timeouts} held "
                         f">= {faults['api_timeout_ms']} ms (injected timeouts); configured {faults['api_error_rate']} / "
                         f"{faults['api_timeout_rate']}"),
        ("replica kills", f"{len(killer.kills)} SIGKILLs (one replica at a time; per replica "
                          f"{dict(sorted(Counter(i for _, i in killer.kills).items()))}), {killer.failed_restarts} failed restarts"),
        ("PostgreSQL " + ("fail-overs" if hasattr(restart, "writes_again") else "restarts"), f"{1 if restart.window else 0}" + (
            f", {clock(restart.window[0])} to {clock(restart.window[1])} ({restart.window[1] - restart.window[0]:.1f} s)"
            if restart.window else "")
            + (f"; the service wrote again {restart.writes_again:.1f} s after the promotion"
               if getattr(restart, "writes_again", None) is not None else "")
            + (f" ERROR {restart.error}" if restart.error else "")),
        ("sold out", f"{sum(1 for r in records if 'scarce item sold out' in r['notes'])} checkouts dropped the scarce item "
                     f"(409 out_of_stock) and ordered without it"),
        ("our answers", f"{len(requests)} requests: {dict(sorted(answered.items()))}; 503 inside the PostgreSQL window: {during_503}; "
                        f"503 gateway_unavailable (WooshPay did not answer, documented, retried with the same key): {len(gateway_503)}"),
    ]
    for name, text in lines:
        print(f"{name:24}{text}")

    print("\n-- both sides at the end")
    intents = Counter(i["status"] for i in truth.intents)
    inbox = Counter(e["status"] for e in world.ours.webhooks)
    print(f"WooshPay: {len(truth.intents)} intents {dict(intents.most_common())}, {len(truth.sessions)} checkout sessions, "
          f"{len(truth.refunds)} refunds")
    print(f"ours: {len(world.ours.orders)} orders, {len(world.ours.attempts)} payment attempts, {len(world.ours.refunds)} refunds "
          f"({sum(1 for r in world.ours.refunds if r['reason'] == 'duplicate')} duplicate), {len(world.ours.webhooks)} inbox rows "
          f"{dict(inbox.most_common())}, {len(world.ours.events)} audit rows")

    print("\n-- findings (reported, not invariants)")
    print(f"Idempotency-Key rows never answered (their request died with a replica or the database): {len(unanswered_keys)}"
          # Scope and key are keyed hashes (nothing readable is stored): their prefixes only.
          + "".join(f"\n        scope {k['scope'][:12]}... key {k['key'][:12]}... since {k['created']}"
                    for k in unanswered_keys[:4]))
    print(f"keys the storefront found still 'in use' after 60 s (four 15 s leases) and replaced with a new one: {len(stuck_keys)}")

    print("\n-- time")
    print(f"load {load_seconds:.0f} s; convergence "
          f"{f'{converged:.0f} s' if converged is not None else f'NOT reached in {waited:.0f} s'}; whole run {seconds:.0f} s")

    print("\n-- invariants")
    failed = converged is None or bool(restart.error)
    for name, found in checks:
        failed = failed or bool(found)
        print(f"{'ok  ' if not found else 'FAIL'}  {name:44} {len(found)} violations")
        for subject, detail in found[:4]:
            print(f"        {subject}: {detail}")
    print(f"bad-input cases: {sum(1 for c in bad_cases if c[4])} of {len(bad_cases)} answered as expected")
    print(f"\nchaos: {'FAILED' if failed else 'passed'}")
    return not failed
