// A loopback HTTPS server that plays a hardened kube-apiserver's /readyz (--anonymous-auth=false):
// 401 to a request without a client certificate signed by the CA, "ok" to one with. It serves the
// certificate and key given, and writes its port to PORT_FILE once it listens.
// Usage: node readyz-server.mjs SERVER_CRT SERVER_KEY CA_CRT PORT_FILE
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:https";

const [cert, key, ca, portFile] = process.argv.slice(2);
if (!portFile) {
  process.stderr.write("usage: readyz-server.mjs SERVER_CRT SERVER_KEY CA_CRT PORT_FILE\n");
  process.exit(2);
}
const server = createServer(
  {
    cert: readFileSync(cert),
    key: readFileSync(key),
    ca: readFileSync(ca),
    requestCert: true,
    rejectUnauthorized: false,
  },
  (req, res) => {
    const authenticated = req.socket.authorized === true;
    process.stdout.write(
      `${req.method} ${req.url} client=${authenticated ? req.socket.getPeerCertificate().subject.CN : "anonymous"}\n`,
    );
    if (!authenticated) {
      res.writeHead(401, { "content-type": "application/json" });
      res.end(
        '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}\n',
      );
      return;
    }
    res.writeHead(req.url === "/readyz" ? 200 : 404, { "content-type": "text/plain" });
    res.end(req.url === "/readyz" ? "ok" : "not found");
  },
);
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  writeFileSync(portFile, `${typeof address === "object" && address ? address.port : 0}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
