import { PassThrough } from 'node:stream';
import type { FastifyReply } from 'fastify';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Streams an .xlsx written by `write` to the client as a download. */
export async function sendXlsx(
  reply: FastifyReply,
  fileName: string,
  write: (out: PassThrough) => Promise<unknown>,
) {
  const out = new PassThrough();
  // validate scope etc. before the first byte goes out: `write` throws AppError before writing anything
  const done = write(out);
  await Promise.race([done, new Promise((r) => out.once('readable', r))]);
  void done.catch((e: unknown) => out.destroy(e instanceof Error ? e : new Error('export failed')));
  reply.header('content-type', XLSX);
  reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`);
  return reply.send(out);
}
