/**
 * Response compression (brotli or gzip, as the client's Accept-Encoding allows) for every text answer: the API's
 * JSON, the OpenAPI page, the web app's page when it answers a client-side route. The web app's built files come
 * precompressed from the build (`.br` and `.gz` next to each file, see vite.config.ts) and are sent as they are by
 * @fastify/static (`preCompressed`); an answer that already has a content-encoding is left alone, and so are
 * binary downloads (.xlsx is a zip already) and bodies too small to gain anything.
 */
import { pipeline, type Readable } from 'node:stream';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export type Encoding = 'br' | 'gzip';

/** Bodies under this many bytes go out as they are (headers and framing would eat the gain). */
export const MIN_COMPRESS_BYTES = 1024;

/** Content types worth compressing: text, JSON, JavaScript, XML, SVG. */
const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml|[\w.+-]+\+(json|xml))|image\/svg\+xml)/i;

// on the fly: brotli at quality 4 is about as fast as gzip's default level and smaller; the build's files use 11
const BROTLI_OPTS: zlib.BrotliOptions = {
  params: {
    [zlib.constants.BROTLI_PARAM_QUALITY]: 4,
    [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
  },
};
const GZIP_OPTS: zlib.ZlibOptions = { level: 6 };
const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * The encoding to answer with: brotli before gzip, each when the client accepts it (q > 0, directly or through
 * `*`), else none.
 */
export function negotiateEncoding(header: string | string[] | undefined): Encoding | null {
  if (!header) return null;
  const q = new Map<string, number>();
  for (const part of [header].flat().join(',').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    let weight = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p);
      if (m) weight = Number(m[1]);
    }
    q.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const accepts = (enc: string) => (q.get(enc) ?? q.get('*') ?? 0) > 0;
  if (accepts('br')) return 'br';
  if (accepts('gzip')) return 'gzip';
  return null;
}

function addVary(reply: FastifyReply) {
  const vary = reply.getHeader('vary');
  const list =
    vary === undefined
      ? []
      : String(vary)
          .split(',')
          .map((s) => s.trim());
  if (list.includes('*') || list.some((v) => v.toLowerCase() === 'accept-encoding')) return;
  reply.header('vary', [...list, 'Accept-Encoding'].filter(Boolean).join(', '));
}

function isStream(x: unknown): x is Readable {
  return !!x && typeof (x as Readable).pipe === 'function' && typeof (x as Readable).on === 'function';
}

async function compressPayload(req: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  if (req.method === 'HEAD' || payload === null || payload === undefined) return payload;
  const status = reply.statusCode;
  if (status === 204 || status === 206 || status === 304 || (status >= 100 && status < 200)) return payload;
  if (reply.getHeader('content-encoding')) return payload;
  const type = String(reply.getHeader('content-type') ?? '');
  if (!COMPRESSIBLE.test(type)) return payload;
  // whatever the client accepts, a shared cache must key this answer on Accept-Encoding
  addVary(reply);
  const encoding = negotiateEncoding(req.headers['accept-encoding']);
  if (!encoding) return payload;

  if (typeof payload === 'string' || Buffer.isBuffer(payload)) {
    const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
    if (body.length < MIN_COMPRESS_BYTES) return payload;
    const out = encoding === 'br' ? await brotli(body, BROTLI_OPTS) : await gzip(body, GZIP_OPTS);
    reply.header('content-encoding', encoding);
    reply.header('content-length', out.length);
    return out;
  }
  if (isStream(payload)) {
    const length = Number(reply.getHeader('content-length'));
    if (Number.isFinite(length) && length < MIN_COMPRESS_BYTES) return payload;
    const z = encoding === 'br' ? zlib.createBrotliCompress(BROTLI_OPTS) : zlib.createGzip(GZIP_OPTS);
    reply.header('content-encoding', encoding);
    reply.removeHeader('content-length');
    // an error in the source ends the compressed stream too (the connection is then cut, as without compression)
    pipeline(payload, z, () => {});
    return z;
  }
  return payload;
}

/** Adds the compression step to every answer (an onSend hook, after the security headers). */
export function registerCompression(app: FastifyInstance) {
  app.addHook('onSend', async (req, reply, payload) => compressPayload(req, reply, payload));
}
