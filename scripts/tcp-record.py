#!/usr/bin/env python3
"""A TCP relay that records every byte it forwards, both directions, to a file.

Used by the bus security test to look at what actually crosses a bus port: it listens on a
free loopback port, prints that port on stdout, and relays each connection to TARGET_PORT
until its standard input closes.

    python3 scripts/tcp-record.py TARGET_PORT OUTFILE
"""
import asyncio
import os
import sys


async def main(target_port: int, out_path: str) -> None:
    out = open(out_path, "ab", buffering=0)

    async def pipe(reader, writer):
        try:
            while True:
                data = await reader.read(65536)
                if not data:
                    break
                out.write(data)
                writer.write(data)
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    async def handle(client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.open_connection("127.0.0.1", target_port)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(pipe(client_reader, server_writer), pipe(server_reader, client_writer))

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    # Stop when standard input closes: the test that started us is gone, whatever killed it.
    stdin_closed = asyncio.get_running_loop().run_in_executor(None, sys.stdin.buffer.read)
    async with server:
        await stdin_closed
    out.close()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), sys.argv[2]))
    os._exit(0)
