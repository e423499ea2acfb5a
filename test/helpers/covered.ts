/**
 * The folders `npm run check`'s coverage report covers (the use cases and the domain rules; issue 8): every `.ts`
 * file under them. `vitest.config.ts` makes its `coverage.include` of them and the coverage provider
 * (`coverage.ts`) keeps only their scripts' counts.
 */
export const COVERED_DIRS = ['src/services', 'src/domain'] as const;
