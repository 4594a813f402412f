import type { Services } from '../../../shared/services.js';
import type { EventRecord } from '../../../store/types.js';
import type { EventData } from '../model/event-data.js';

// What a calendar write needs: the services, the tenant, and the emulated time of the write.

export interface Writer {
  s: Services;
  tenantId: string;
  /** ISO 8601, the emulated clock. */
  now: string;
}

export function writerFor(s: Services, tenantId: string): Writer {
  return { s, tenantId, now: s.clock.nowDate().toISOString() };
}

/** A changed copy of a record: new data, modification time and change key. */
export function revised(w: Writer, e: EventRecord, data: EventData, times?: { startMs: number; endMs: number }): EventRecord {
  const { schedule: _facts, ...rest } = e;
  return { ...rest, data, startMs: times?.startMs ?? e.startMs, endMs: times?.endMs ?? e.endMs, lastModifiedDateTime: w.now, changeKey: w.s.ids.token(12) };
}
