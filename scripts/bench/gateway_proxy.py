#!/usr/bin/env python3
"""A timing pass-through between the service and the WooshPay sandbox (make bench).

Used only for the payment-start overhead run: the service's WOOSHPAY_API_BASE points here,
every request is forwarded unchanged to the sandbox over one upstream keep-alive connection
per downstream connection, and one line per request is appended to the log:

    <Idempotency-Key>\t<method>\t<path>\t<status>\t<gateway ms>

"gateway ms" runs from the moment the whole request has been read from the service to the
moment the whole response has been written back. The time the service spends before that
(connecting, libcurl, the proxy's accept and parse) is therefore NOT subtracted later, so
"total minus gateway" over-states our own overhead rather than hiding any of it.

usage: gateway_proxy.py LISTEN_PORT UPSTREAM_PORT LOG_FILE
"""
import asyncio
import signal
import sys
import time


async def read_message(reader, is_response):
    """Reads one HTTP/1.1 message; returns (head bytes, body bytes, headers dict) or None at EOF."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, ConnectionError):
        return None
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
    body = b""
    if headers.get("transfer-encoding", "").lower() == "chunked":
        chunks = []
        while True:
            size_line = await reader.readuntil(b"\r\n")
            size = int(size_line.split(b";")[0].strip(), 16)
            data = await reader.readexactly(size + 2)
            chunks.append(size_line + data)
            if size == 0:
                break
        body = b"".join(chunks)
    elif "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    return head, body, headers, lines[0]


class Proxy:
    def __init__(self, upstream_port, log_path):
        self.upstream_port = upstream_port
        self.log = open(log_path, "a", buffering=1)

    async def handle(self, reader, writer):
        up_reader = up_writer = None
        try:
            while True:
                msg = await read_message(reader, False)
                if msg is None:
                    break
                head, body, headers, request_line = msg
                t_in = time.perf_counter()
                if up_writer is None:
                    up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
                up_writer.write(head + body)
                await up_writer.drain()
                resp = await read_message(up_reader, True)
                if resp is None:
                    break
                rhead, rbody, rheaders, status_line = resp
                writer.write(rhead + rbody)
                await writer.drain()
                ms = (time.perf_counter() - t_in) * 1000.0
                parts = request_line.split(" ")
                status = status_line.split(" ")[1] if " " in status_line else "?"
                self.log.write("%s\t%s\t%s\t%s\t%.3f\n" % (headers.get("idempotency-key", "-"), parts[0],
                                                          parts[1] if len(parts) > 1 else "?", status, ms))
                if rheaders.get("connection", "").lower() == "close":
                    break
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()
            if up_writer is not None:
                up_writer.close()


async def main():
    listen_port, upstream_port, log_path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    proxy = Proxy(upstream_port, log_path)
    server = await asyncio.start_server(proxy.handle, "127.0.0.1", listen_port, backlog=256)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with server:
        await stop.wait()
    proxy.log.close()


if __name__ == "__main__":
    asyncio.run(main())
