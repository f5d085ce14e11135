// Starts fauxqs (in-memory) on 127.0.0.1:<port>.
// fauxqs' own CLI always binds 0.0.0.0 and logs every request, so we build the app ourselves.
import { buildApp } from "fauxqs";

const port = Number(process.argv[2] ?? 4566);
const app = buildApp({ logger: false });
await app.listen({ port, host: "127.0.0.1" });
console.log(`fauxqs listening on 127.0.0.1:${port}`);
