import { createServer, type AddressInfo } from "node:net";
import { postgresDatabase, type Database } from "@/lib/db/adapter";

/** A loopback port nothing listens on: a real connection refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The real PostgreSQL adapter and pool, pointed at a port that refuses every connection: an outage. */
export async function unreachableDatabase(poolSize = 1): Promise<Database> {
  return postgresDatabase(`postgresql://postgres@127.0.0.1:${await closedPort()}/none`, poolSize);
}
