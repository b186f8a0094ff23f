/// <reference types="node" />
/**
 * Node glue for the REST contract server: one request handler shared by a connect middleware
 * (Vite's dev server), a Koa middleware (web-test-runner's dev server) and a standalone node:http
 * server. Only requests under the prefix (default `/api`) are answered; every other one passes.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import { BodyTooLarge, listen, readBody, sendJson, toConnect, toKoa, type ConnectMiddleware, type KoaMiddleware } from '../node-glue.js';
import { ContractServer, type ContractServerOptions } from './contract-server.js';

// Re-exported so that a config file loading this module through a TS loader gets one class.
export { ContractServer, type ContractServerOptions };
export type { ConnectMiddleware, KoaContextLike, KoaMiddleware } from '../node-glue.js';

/** Largest request body read (a batch of aggregates may carry long deal id lists). */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** The path below `prefix`, or undefined when the request is not ours. */
export function pathBelow(prefix: string, pathname: string): string | undefined {
  if (pathname === prefix) return '/';
  return pathname.startsWith(`${prefix}/`) ? pathname.slice(prefix.length) : undefined;
}

/**
 * Answers one Node request when its path is under `prefix`; returns false (and touches nothing)
 * otherwise, so the caller can pass the request on.
 */
export async function handleNodeRequest(server: ContractServer, prefix: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = pathBelow(prefix, url.pathname);
  if (path === undefined) return false;
  let body: string | undefined;
  try {
    body = req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS' ? undefined : await readBody(req, MAX_BODY_BYTES);
  } catch (e) {
    const tooLarge = e instanceof BodyTooLarge;
    sendJson(res, tooLarge ? 413 : 400, { 'Content-Type': 'application/json; charset=utf-8', 'Access-Control-Allow-Origin': '*', Connection: 'close' },
      { error: { code: tooLarge ? 'too-large' : 'invalid-request', message: tooLarge ? `(body): expected at most ${MAX_BODY_BYTES} bytes` : '(body): could not be read' } });
    return true;
  }
  const answer = await server.handle({
    method: req.method ?? 'GET', path, query: url.search.slice(1),
    headers: req.headers as Record<string, string | string[] | undefined>, body,
  });
  sendJson(res, answer.status, { ...answer.headers }, answer.body);
  return true;
}

/** connect / Express style middleware (Vite: `server.middlewares.use(connectMiddleware(server))`). */
export function connectMiddleware(server: ContractServer, prefix = '/api'): ConnectMiddleware {
  return toConnect((req, res) => handleNodeRequest(server, prefix, req, res));
}

/** Koa middleware (web-test-runner: `middleware: [koaMiddleware(server)]`). */
export function koaMiddleware(server: ContractServer, prefix = '/api'): KoaMiddleware {
  return toKoa((path) => pathBelow(prefix, path) !== undefined, (req, res) => handleNodeRequest(server, prefix, req, res));
}

export interface ContractHttpServer {
  readonly server: Server;
  readonly contract: ContractServer;
  /** `http://127.0.0.1:{port}{prefix}`: the `baseUrl` to give a `RestAdapter`. */
  readonly baseUrl: string;
  close(): Promise<void>;
}

/**
 * Starts a node:http server answering the contract under `prefix` on 127.0.0.1 (404 elsewhere).
 * `port` 0 picks a free port. `npx tsx server/rest/node.ts [port]` runs one over the demo data.
 */
export async function startContractServer(port = 0, contract: ContractServer | ContractServerOptions = {}, prefix = '/api'): Promise<ContractHttpServer> {
  const server0 = contract instanceof ContractServer ? contract : new ContractServer(contract);
  const { server, origin, close } = await listen(port, (req, res) => handleNodeRequest(server0, prefix, req, res), (res) =>
    sendJson(res, 404, { 'Content-Type': 'application/json; charset=utf-8' }, { error: { code: 'not-found', message: `Not under ${prefix}/.` } }));
  return { server, contract: server0, baseUrl: `${origin}${prefix}`, close };
}

// Run directly: `npx tsx server/rest/node.ts [port]` (default 8025).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = Number(process.argv[2] ?? 8025);
  void startContractServer(port).then(({ baseUrl }) => console.warn(`REST contract over the demo data (seed 1): ${baseUrl}`));
}
