// A loopback stand-in for the AKT/USD price APIs and the tenant whitelist, for bats/bid-*.bats.
//
//   node price-server.mjs PORT_FILE [--lifetime SECONDS] [--whitelist FILE]
//
// Listens on 127.0.0.1, port 0 (the kernel picks one) and writes the port to PORT_FILE (temp file +
// rename, so a poller never reads a half-written number). It exits by itself after --lifetime
// seconds (default 60) even if the test that started it never kills it.
//
// Routes (any route takes ?delay=MS to answer late):
//   /good       200 {"Symbol":"AKT","Price":1.25}            DIA Data's shape (path .Price)
//   /gecko      200 {"akash-network":{"usd":2.5}}            CoinGecko's shape (path ."akash-network".usd)
//   /broken     200 {"Price":1.2                             truncated JSON
//   /500        500 {"Price":9.99}                           a valid body behind an error status
//   /zero       200 {"Price":0}                              a price outside (0, 1000000]
//   /tiny       200 {"Price":0.00001}                        jq prints 1e-05: not a decimal
//   /hang       never answers (the socket stays open until the server exits)
//   /whitelist  200 the --whitelist file as text/plain
//   /whitelist-crlf  the same with CRLF line ends
//   /count      200 {"good":N,…}: requests per route so far (itself not counted)
//   anything else: 404
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";

const args = process.argv.slice(2);
const portFile = args[0];
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i > 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
if (!portFile) {
  process.stderr.write("usage: price-server.mjs PORT_FILE [--lifetime SECONDS] [--whitelist FILE]\n");
  process.exit(2);
}
const lifetimeSeconds = Number(option("--lifetime", "60"));
const whitelistFile = option("--whitelist", undefined);

const json = (status, body) => ({ status, type: "application/json", body });
const whitelist = (eol) =>
  whitelistFile
    ? { status: 200, type: "text/plain", body: readFileSync(whitelistFile, "utf8").replace(/\n/g, eol) }
    : json(404, "{}");
const routes = {
  "/good": () => json(200, '{"Symbol":"AKT","Price":1.25}'),
  "/gecko": () => json(200, '{"akash-network":{"usd":2.5}}'),
  "/broken": () => json(200, '{"Price":1.2'),
  "/500": () => json(500, '{"Price":9.99}'),
  "/zero": () => json(200, '{"Price":0}'),
  "/tiny": () => json(200, '{"Price":0.00001}'),
  "/whitelist": () => whitelist("\n"),
  "/whitelist-crlf": () => whitelist("\r\n"),
};
const counts = Object.fromEntries([...Object.keys(routes), "/hang"].map((r) => [r.slice(1), 0]));

const server = createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  if (url.pathname === "/count") {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(counts));
    return;
  }
  const name = url.pathname.slice(1);
  if (name in counts) counts[name] += 1;
  if (url.pathname === "/hang") return; // no answer, ever
  const route = routes[url.pathname];
  const reply = route ? route() : json(404, "{}");
  setTimeout(
    () => {
      res.writeHead(reply.status, { "content-type": reply.type }).end(reply.body);
    },
    Math.min(Number(url.searchParams.get("delay") ?? 0) || 0, 5000),
  );
});

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  writeFileSync(`${portFile}.tmp`, `${port}\n`);
  renameSync(`${portFile}.tmp`, portFile);
});

// Bounded life: hanging sockets would keep a graceful close waiting, so just exit.
setTimeout(() => process.exit(0), lifetimeSeconds * 1000);
process.on("SIGTERM", () => process.exit(0));
