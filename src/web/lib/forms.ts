/** Putting validation problems (from the shared zod schemas or from the server) onto antd form fields. */
import type { FormInstance } from 'antd';
import { z } from 'zod';
import zodZhCN from 'zod/v4/locales/zh-CN.js';
import { ERROR_CODES } from '../../shared/errors.js';
import { ApiError, errorMessage, type FieldIssue } from '../api/client.js';

// validation messages the shared schemas do not spell out themselves come in Chinese too
z.config(zodZhCN());

export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({
    path: i.path.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number'),
    message: i.message,
  }));
}

/**
 * Shows issues under the fields they concern. Returns the messages that fit no field on the form (shown by the
 * caller in a message), so nothing a validator said is lost.
 */
export function applyIssues(
  form: FormInstance,
  issues: FieldIssue[],
  fieldNames?: readonly string[],
): string[] {
  const byField = new Map<string, string[]>();
  const unplaced: string[] = [];
  const known = fieldNames ? new Set(fieldNames) : null;
  for (const issue of issues) {
    const name = issue.path[0];
    if (name === undefined || (known && !known.has(String(name)))) {
      unplaced.push(issue.message);
      continue;
    }
    const key = String(name);
    byField.set(key, [...(byField.get(key) ?? []), issue.message]);
  }
  if (byField.size > 0) {
    form.setFields([...byField.entries()].map(([name, errors]) => ({ name, errors })));
    const first = byField.keys().next().value;
    if (first) form.scrollToField(first, { block: 'center' });
  }
  return unplaced;
}

/**
 * Handles a failed save: VALIDATION_FAILED details go onto the fields; anything else becomes one message.
 * Returns the text to show in a message (or null when everything went onto fields).
 */
export function submitErrorText(
  form: FormInstance,
  e: unknown,
  fieldNames?: readonly string[],
): string | null {
  if (e instanceof ApiError && e.code === 'VALIDATION_FAILED') {
    const rest = applyIssues(form, e.fieldIssues, fieldNames);
    if (e.fieldIssues.length > 0 && rest.length === 0)
      return `${ERROR_CODES.VALIDATION_FAILED.zh}，请按提示修改`;
    return rest.length ? rest.join('；') : e.message;
  }
  return errorMessage(e);
}

/** Form text → API value: trims, and sends null for an empty box. */
export function text(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t === '' ? null : t;
}
