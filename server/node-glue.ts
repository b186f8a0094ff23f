/// <reference types="node" />
/**
 * Node glue shared by the loopback servers used in tests, the demo and benchmarks (the Bitrix24
 * emulator, the REST contract server): one `NodeHandler` (answers a request, or returns false to
 * pass it on) served as a connect middleware (Vite), a Koa middleware (web-test-runner) or a
 * standalone node:http server on 127.0.0.1.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Answers a request and resolves true, or resolves false without touching it (not ours). */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export class BodyTooLarge extends Error {}

/** The request body as text; rejects with `BodyTooLarge` past `maxBytes`. */
export function readBody(req: IncomingMessage, maxBytes = Infinity): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) {
        reject(new BodyTooLarge());
        req.pause();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Writes a JSON answer (or an empty one for `undefined`) with its Content-Length. */
export function sendJson(res: ServerResponse, status: number, headers: Readonly<Record<string, string>>, body: unknown): void {
  if (body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'Content-Length': String(Buffer.byteLength(text)) });
  res.end(text);
}

export type ConnectMiddleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/** connect / Express style middleware (Vite: `server.middlewares.use(…)`). */
export function toConnect(handle: NodeHandler): ConnectMiddleware {
  return (req, res, next) => {
    handle(req, res).then((handled) => {
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

export type KoaMiddleware = (ctx: KoaContextLike, next: () => Promise<unknown>) => Promise<unknown>;

/**
 * Koa middleware (web-test-runner / @web/dev-server `middleware: […]`) for the paths `ours`
 * accepts: writes the answer to the raw response and tells Koa to leave it alone.
 */
export function toKoa(ours: (path: string) => boolean, handle: NodeHandler): KoaMiddleware {
  return async (ctx, next) => {
    if (!ours(ctx.path)) return next();
    ctx.respond = false;
    await handle(ctx.req, ctx.res);
    return undefined;
  };
}

export interface Listening {
  readonly server: Server;
  /** `http://127.0.0.1:{port}` */
  readonly origin: string;
  close(): Promise<void>;
}

/** A node:http server on 127.0.0.1 (`port` 0 picks a free one); requests `handle` passes on get `notFound`. */
export function listen(port: number, handle: NodeHandler, notFound: (res: ServerResponse) => void): Promise<Listening> {
  const server = createServer((req, res) => {
    void handle(req, res).then((handled) => {
      if (!handled) notFound(res);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const { port: actual } = server.address() as AddressInfo;
      resolve({
        server,
        origin: `http://127.0.0.1:${actual}`,
        close: () => new Promise<void>((done, fail) => server.close((e) => (e ? fail(e) : done()))),
      });
    });
  });
}
