/// <reference types="node" />
/**
 * Node glue for the Bitrix24 emulator: one request handler shared by a connect middleware (Vite's
 * dev server), a Koa middleware (web-test-runner's dev server) and a standalone node:http server.
 * Only `/rest/…` and `/__emulator/…` are answered; every other request passes through.
 *
 * The emulator answers CORS preflights and sets `Access-Control-Allow-Origin: *`, as a portal's
 * REST endpoint must for browser clients (research note §1.1, "CORS").
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Bitrix24Emulator, type EmulatorOptions } from './emulator.js';

// Re-exported so that a config file loading this module through a TS loader gets one class.
export { Bitrix24Emulator, type EmulatorOptions };

const PATHS = /^\/(?:rest|__emulator)\//;

const CORS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type, Accept, Authorization',
  'Access-Control-Max-Age': '600',
};

/** True for the paths the emulator answers (`/rest/…`, `/__emulator/…`). */
export function isEmulatorPath(pathname: string): boolean {
  return PATHS.test(pathname);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Answers one Node request when its path is the emulator's; returns false (and touches nothing)
 * otherwise, so the caller can pass the request on.
 */
export async function handleNodeRequest(emulator: Bitrix24Emulator, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (!isEmulatorPath(url.pathname)) return false;
  if (req.method === 'OPTIONS') {
    res.writeHead(204, CORS);
    res.end();
    return true;
  }
  let answer: { status: number; body: unknown };
  try {
    const body = await readBody(req);
    answer = await emulator.handle({
      path: url.pathname,
      query: url.search.slice(1),
      body: body === '' ? undefined : body,
      method: req.method ?? 'GET',
    });
  } catch (e) {
    // A bug in the emulator: answer like a portal's internal error rather than leave the request hanging.
    answer = { status: 500, body: { error: 'INTERNAL_SERVER_ERROR', error_description: e instanceof Error ? e.message : 'Internal server error' } };
  }
  const text = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    ...CORS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
  });
  res.end(text);
  return true;
}

export type ConnectMiddleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/** connect / Express style middleware (Vite: `server.middlewares.use(connectMiddleware(emulator))`). */
export function connectMiddleware(emulator: Bitrix24Emulator): ConnectMiddleware {
  return (req, res, next) => {
    handleNodeRequest(emulator, req, res).then((handled) => {
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
 * Koa middleware (web-test-runner / @web/dev-server `middleware: [koaMiddleware(emulator)]`): writes
 * the answer to the raw response and tells Koa to leave it alone (`ctx.respond = false`).
 */
export function koaMiddleware(emulator: Bitrix24Emulator): (ctx: KoaContextLike, next: () => Promise<unknown>) => Promise<unknown> {
  return async (ctx, next) => {
    if (!isEmulatorPath(ctx.path)) return next();
    ctx.respond = false;
    await handleNodeRequest(emulator, ctx.req, ctx.res);
    return undefined;
  };
}

export interface EmulatorServer {
  readonly server: Server;
  readonly emulator: Bitrix24Emulator;
  /** `http://127.0.0.1:{port}` */
  readonly origin: string;
  /** The incoming webhook URL to give a client: `http://127.0.0.1:{port}/rest/1/demo-webhook-code/`. */
  readonly webhookUrl: string;
  close(): Promise<void>;
}

/**
 * Starts a node:http server answering only the emulator's paths (404 elsewhere) on 127.0.0.1.
 * `port` 0 picks a free port. Pass an emulator to share one, or options to make a new one.
 */
export function startEmulatorServer(port = 0, emulator: Bitrix24Emulator | EmulatorOptions = {}): Promise<EmulatorServer> {
  const emu = emulator instanceof Bitrix24Emulator ? emulator : new Bitrix24Emulator(emulator);
  const server = createServer((req, res) => {
    void handleNodeRequest(emu, req, res).then((handled) => {
      if (handled) return;
      res.writeHead(404, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ error: 'NOT_FOUND', error_description: 'Not an emulator path (use /rest/… or /__emulator/…)' }));
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const { port: actual } = server.address() as AddressInfo;
      const origin = `http://127.0.0.1:${actual}`;
      resolve({
        server,
        emulator: emu,
        origin,
        webhookUrl: `${origin}${emu.webhookPath}`,
        close: () => new Promise<void>((done, fail) => server.close((e) => (e ? fail(e) : done()))),
      });
    });
  });
}
