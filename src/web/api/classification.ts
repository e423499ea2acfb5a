/** The classification endpoints (/api/v1/classification): what is unclassified, and mapping a text. */
import type {
  ClassificationMap,
  ClassificationMapResult,
  ClassificationOverview,
} from '../../shared/schemas.js';
import { request } from './client.js';

export const classificationApi = {
  overview: (signal?: AbortSignal) => request<ClassificationOverview>('GET', '/classification', { signal }),
  map: (body: ClassificationMap) =>
    request<ClassificationMapResult>('POST', '/classification/mappings', { body }),
};
