/**
 * Work that follows a write's commit (the coverage warnings, decision 0045): the write stands whatever happens here,
 * so a failure must not turn the answer into an error — a client would retry a write that was saved. It is logged
 * (the step and the error's kind only: never personal data) and left to the daily job, which evaluates every org.
 */
export async function afterCommit(step: string, fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    console.error(`${step} failed after the commit (the daily job does it again):`, errorKind(err));
  }
}

/** An error's class and, when it has a short upper-case code (a PostgreSQL SQLSTATE, an AppError's), the code. */
export function errorKind(err: unknown): string {
  if (!(err instanceof Error)) return 'unknown error';
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z_]{1,40}$/.test(code) ? `${err.name} ${code}` : err.name;
}
