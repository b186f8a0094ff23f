/// <reference types="node" />
/**
 * Standalone Bitrix24 emulator: `npx tsx emulator/bitrix24/server.ts [port]` (default 8024; 0 = any
 * free port). Prints the webhook URL; stops on Ctrl+C.
 */
import { startEmulatorServer } from './node.js';

const arg = process.argv[2];
const port = arg === undefined ? 8024 : Number(arg);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`Usage: npx tsx emulator/bitrix24/server.ts [port]  (got "${arg}")\n`);
  process.exit(2);
}

const running = await startEmulatorServer(port, { data: { seed: 1 } });
process.stdout.write(
  [
    `Bitrix24 emulator (demo data, seed 1) on ${running.origin}`,
    `Webhook URL:   ${running.webhookUrl}`,
    `OAuth:         ${running.origin}/rest/{method}.json with auth=demo-access-token`,
    `Control:       POST ${running.origin}/__emulator/faults | /__emulator/reset | /__emulator/oauth/refresh, GET /__emulator/stats`,
    '',
  ].join('\n'),
);

const stop = () => {
  running.close().then(() => process.exit(0), () => process.exit(1));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
