/** Sampling against falsification (抽查核实, decision 0038). */
import type { DrawCreate, DrawList, DrawView, VerificationCreate } from '../../shared/sampling.js';
import { request } from './client.js';

export const samplingApi = {
  list: (signal?: AbortSignal) => request<DrawList>('GET', '/samples', { signal }),
  draw: (body: DrawCreate) => request<DrawView>('POST', '/samples', { body }),
  get: (id: number, signal?: AbortSignal) => request<DrawView>('GET', `/samples/${id}`, { signal }),
  verify: (itemId: number, body: VerificationCreate) =>
    request<DrawView>('POST', `/samples/items/${itemId}/verifications`, { body }),
};
