/// <reference types="node" />
/**
 * Node glue for the REST contract server: one request handler shared by a connect middleware
 * (Vite's dev server), a Koa middleware (web-test-runner's dev server) and a standalone node:http
 * server. Only requests under the prefix (default `/api`) are answered; every other one passes.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { ContractServer, type ContractServerOptions } from './contract-server.js';

// Re-exported so that a config file loading this module through a TS loader gets one class.
export { ContractServer, type ContractServerOptions };

/** Largest request body read (a batch of aggregates may carry long deal id lists). */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** The path below `prefix`, or undefined when the request is not ours. */
export function pathBelow(prefix: string, pathname: string): string | undefined {
  if (pathname === prefix) return '/';
  return pathname.startsWith(`${prefix}/`) ? pathname.slice(prefix.length) : undefined;
}

class TooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new TooLarge());
        req.pause();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: unknown): void {
  if (body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'Content-Length': String(Buffer.byteLength(text)) });
  res.end(text);
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
    body = req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS' ? undefined : await readBody(req);
  } catch (e) {
    const tooLarge = e instanceof TooLarge;
    send(res, tooLarge ? 413 : 400, { 'Content-Type': 'application/json; charset=utf-8', 'Access-Control-Allow-Origin': '*', Connection: 'close' },
      { error: { code: tooLarge ? 'too-large' : 'invalid-request', message: tooLarge ? `(body): expected at most ${MAX_BODY_BYTES} bytes` : '(body): could not be read' } });
    return true;
  }
  const answer = await server.handle({
    method: req.method ?? 'GET', path, query: url.search.slice(1),
    headers: req.headers as Record<string, string | string[] | undefined>, body,
  });
  send(res, answer.status, { ...answer.headers }, answer.body);
  return true;
}

export type ConnectMiddleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/** connect / Express style middleware (Vite: `server.middlewares.use(connectMiddleware(server))`). */
export function connectMiddleware(server: ContractServer, prefix = '/api'): ConnectMiddleware {
  return (req, res, next) => {
    handleNodeRequest(server, prefix, req, res).then((handled) => {
      if (!handled) next();
    }, next);
  };
}

/** The part of a Koa context the middleware uses (kept structural: no dependency on Koa's types). */
export interface KoaContextLike {
  readonly path: string;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  respond?: boolean;
}

/**
 * Koa middleware (web-test-runner / @web/dev-server `middleware: [koaMiddleware(server)]`): writes
 * the answer to the raw response and tells Koa to leave it alone (`ctx.respond = false`).
 */
export function koaMiddleware(server: ContractServer, prefix = '/api'): (ctx: KoaContextLike, next: () => Promise<unknown>) => Promise<unknown> {
  return async (ctx, next) => {
    if (pathBelow(prefix, ctx.path) === undefined) return next();
    ctx.respond = false;
    await handleNodeRequest(server, prefix, ctx.req, ctx.res);
    return undefined;
  };
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
export function startContractServer(port = 0, contract: ContractServer | ContractServerOptions = {}, prefix = '/api'): Promise<ContractHttpServer> {
  const server0 = contract instanceof ContractServer ? contract : new ContractServer(contract);
  const server = createServer((req, res) => {
    void handleNodeRequest(server0, prefix, req, res).then((handled) => {
      if (!handled) send(res, 404, { 'Content-Type': 'application/json; charset=utf-8' }, { error: { code: 'not-found', message: `Not under ${prefix}/.` } });
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const { port: actual } = server.address() as AddressInfo;
      resolve({
        server, contract: server0, baseUrl: `http://127.0.0.1:${actual}${prefix}`,
        close: () => new Promise<void>((done, fail) => server.close((e) => (e ? fail(e) : done()))),
      });
    });
  });
}

// Run directly: `npx tsx server/rest/node.ts [port]` (default 8025).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = Number(process.argv[2] ?? 8025);
  void startContractServer(port).then(({ baseUrl }) => console.warn(`REST contract over the demo data (seed 1): ${baseUrl}`));
}
