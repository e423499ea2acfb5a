/**
 * An uploaded spreadsheet (multipart field `file`) written to a private temporary file of the import jobs' folder;
 * too large, aborted or broken midway, nothing of it stays on disk.
 */
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../shared/errors.js';
import { MAX_UPLOAD_MESSAGE } from '../shared/limits.js';
import type { ImportJobs } from '../services/import-jobs.js';

export async function receiveUpload(
  req: FastifyRequest,
  jobs: ImportJobs,
): Promise<{ dir: string; path: string; fileName: string }> {
  const file = await req.file();
  if (!file) throw new AppError('IMPORT_UNREADABLE', '没有收到文件，请选择要导入的 .xlsx 或 .csv 文件');
  const tmp = jobs.tempFile(file.filename);
  try {
    await pipeline(file.file, createWriteStream(tmp.path, { flags: 'wx', mode: 0o600 }));
    if (file.file.truncated) throw new AppError('IMPORT_UNREADABLE', MAX_UPLOAD_MESSAGE);
  } catch (e) {
    jobs.discard(tmp);
    throw e;
  }
  return { ...tmp, fileName: file.filename };
}
