/** The one place where errors become HTTP responses. */
import { MAX_UPLOAD_MESSAGE } from '../shared/limits.js';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { AppError } from '../shared/errors.js';
import { ERROR_CODES, isAppError, type ErrorBody } from '../shared/errors.js';

export function registerErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError | AppError | Error, req, reply) => {
    if (isAppError(err)) {
      const body: ErrorBody = {
        error: { code: err.code, message: err.message, details: err.details ?? undefined },
      };
      return reply.status(ERROR_CODES[err.code].status).send(body);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details = err.validation.map((v) => ({
        path: v.instancePath.split('/').filter(Boolean),
        message: v.message ?? '格式不正确',
      }));
      const message = `${ERROR_CODES.VALIDATION_FAILED.zh}：${[...new Set(details.map((d) => d.message))].join('；')}`;
      return reply.status(400).send({ error: { code: 'VALIDATION_FAILED', message, details } });
    }
    const status = (err as FastifyError).statusCode;
    if (status && status >= 400 && status < 500) {
      const code = status === 404 ? 'NOT_FOUND' : status === 413 ? 'IMPORT_UNREADABLE' : 'VALIDATION_FAILED';
      const message =
        status === 413 ? MAX_UPLOAD_MESSAGE : status === 415 ? '不支持的请求格式' : ERROR_CODES[code].zh;
      return reply.status(status).send({ error: { code, message } });
    }
    const db = databaseError(err);
    if (db)
      return reply.status(ERROR_CODES[db].status).send({ error: { code: db, message: ERROR_CODES[db].zh } });
    // log the error itself, never the request body (it may hold personal data); a database error's message and
    // detail can quote the offending value, so only its SQLSTATE is logged
    const sqlState = (err as { code?: unknown }).code;
    req.log.error(
      typeof sqlState === 'string' && /^[0-9A-Z]{5}$/.test(sqlState)
        ? { err: { sqlState } }
        : { err: { message: err.message, stack: err.stack } },
      'unhandled error',
    );
    return reply.status(500).send({ error: { code: 'INTERNAL', message: ERROR_CODES.INTERNAL.zh } });
  });
}

export function notFoundBody(method: string, url: string) {
  return { error: { code: 'NOT_FOUND', message: `没有这个接口：${method} ${url.split('?')[0]}` } };
}

/**
 * Database errors that bad input can cause, as the client's fault rather than a 500. The database's own message is
 * never passed on: it can quote the value (an ID number in a unique violation's detail).
 */
function databaseError(err: unknown): 'VALIDATION_FAILED' | 'CONFLICT' | null {
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string') return null;
  if (code === '23505' || code === '23P01') return 'CONFLICT'; // unique_violation, exclusion_violation
  // character_not_in_repertoire, untranslatable_character, numeric_value_out_of_range,
  // invalid_text_representation, datetime_field_overflow, invalid_datetime_format, string_data_right_truncation
  if (['22021', '22P05', '22003', '22P02', '22008', '22007', '22001'].includes(code))
    return 'VALIDATION_FAILED';
  return null;
}
