/// <reference types="node" />
/**
 * Node glue for the Bitrix24 emulator: one request handler shared by a connect middleware (Vite's
 * dev server), a Koa middleware (web-test-runner's dev server) and a standalone node:http server.
 * Only `/rest/…` and `/__emulator/…` are answered; every other request passes through.
 *
 * The emulator answers CORS preflights and sets `Access-Control-Allow-Origin: *`, as a portal's
 * REST endpoint must for browser clients (research note §1.1, "CORS").
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { listen, readBody, sendJson, toConnect, toKoa, type ConnectMiddleware, type KoaMiddleware } from '../../server/node-glue.js';
import { Bitrix24Emulator, type EmulatorOptions } from './emulator.js';

export type { ConnectMiddleware, KoaContextLike, KoaMiddleware } from '../../server/node-glue.js';

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
  sendJson(res, answer.status, { ...CORS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }, answer.body);
  return true;
}

/** connect / Express style middleware (Vite: `server.middlewares.use(connectMiddleware(emulator))`). */
export function connectMiddleware(emulator: Bitrix24Emulator): ConnectMiddleware {
  return toConnect((req, res) => handleNodeRequest(emulator, req, res));
}

/** Koa middleware (web-test-runner: `middleware: [koaMiddleware(emulator)]`). */
export function koaMiddleware(emulator: Bitrix24Emulator): KoaMiddleware {
  return toKoa(isEmulatorPath, (req, res) => handleNodeRequest(emulator, req, res));
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
export async function startEmulatorServer(port = 0, emulator: Bitrix24Emulator | EmulatorOptions = {}): Promise<EmulatorServer> {
  const emu = emulator instanceof Bitrix24Emulator ? emulator : new Bitrix24Emulator(emulator);
  const { server, origin, close } = await listen(port, (req, res) => handleNodeRequest(emu, req, res), (res) =>
    sendJson(res, 404, { 'Content-Type': 'application/json; charset=utf-8' }, { error: 'NOT_FOUND', error_description: 'Not an emulator path (use /rest/… or /__emulator/…)' }));
  return { server, emulator: emu, origin, webhookUrl: `${origin}${emu.webhookPath}`, close };
}
