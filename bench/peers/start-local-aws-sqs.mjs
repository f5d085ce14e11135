// Starts local-aws-sqs (in-memory) on 127.0.0.1:<port>. The package is a library with no CLI.
import { createSqsServer } from "local-aws-sqs";

const port = Number(process.argv[2] ?? 4566);
await createSqsServer({ port, hostname: "127.0.0.1" });
console.log(`local-aws-sqs listening on 127.0.0.1:${port}`);
