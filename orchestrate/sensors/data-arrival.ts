/**
 * The data_arrival sensor: from the day's publication time on TSE business days (and never before), it asks J-Quants
 * whether day d's bars are there with one cheap request through the shared budget (`/equities/bars/daily?date=d`, the
 * first page only), and requests the dataset run of partition d once they are. Its cursor (the last partition it
 * requested) is kept in the state, and the partition's run key makes the request unique: a restart never asks twice.
 */
import { businessDays, nextBusinessDay } from '../../engine/calendar/tse-calendar.ts';
import { formatDay, parseDay } from '../../engine/dates.ts';
import { ENDPOINTS } from '../../io/jquants/endpoints.ts';
import { latestAvailablePartition } from '../freshness.ts';
import { jstInstant } from '../jst.ts';
import { freshPartitionKey } from '../run-keys.ts';
import type { State } from '../state/state.ts';
import type { Sensor, SensorTick } from './sensor.ts';

export const DATA_ARRIVAL = 'data_arrival';

export type DataArrivalCursor = { partition: string | null; lastPoll: number; lastRequest: number | null };

export type DataArrivalOptions = {
  state: State;
  /** One paced GET through the shared budget: the first page's records. */
  poll(path: string, params: Record<string, string>): Promise<{ status: number; data: unknown[] }>;
  intervalMs: number;
  /** Business days back it looks on its first start. */
  lookbackDays: number;
  log(line: string): void;
};

/** The sensor. */
export function dataArrivalSensor(o: DataArrivalOptions): Sensor {
  const key = `sensor/${DATA_ARRIVAL}`;
  const finalAfter = ENDPOINTS.bars.finalAfter;
  return {
    name: DATA_ARRIVAL,
    async tick(now): Promise<SensorTick> {
      const cur = o.state.kv.get<DataArrivalCursor>(key) ?? { partition: null, lastPoll: 0, lastRequest: null };
      const newest = latestAvailablePartition(finalAfter, now);
      const first = cur.partition === null ? businessDays(newest - 14, newest).at(-Math.min(o.lookbackDays, 10)) ?? newest : parseDay(cur.partition) + 1;
      const requested: number[] = [];
      let note = 'up to date';
      for (const d of first > newest ? [] : businessDays(first, newest)) {
        const iso = formatDay(d);
        const r = await o.poll(ENDPOINTS.bars.path, { date: iso });
        if (r.status !== 200 || r.data.length === 0) {
          note = r.status === 200 ? `bars of ${iso} not there yet` : `poll of ${iso} answered ${r.status}`;
          break;
        }
        const run = o.state.runs.request({ job: 'dataset', partitions: [iso], trigger: 'sensor', triggerName: DATA_ARRIVAL, runKey: freshPartitionKey(iso) }, now);
        if (run !== null) {
          requested.push(run.id);
          cur.lastRequest = run.id;
          o.log(`sensor ${DATA_ARRIVAL}: bars of ${iso} are there and final: run ${run.id} requested`);
        }
        cur.partition = iso;
        note = `bars of ${iso} arrived`;
      }
      cur.lastPoll = now;
      o.state.kv.set(key, cur, now);
      return { at: now, cursor: cur, requested, note };
    },
    nextWake(now) {
      const cur = o.state.kv.get<DataArrivalCursor>(key);
      // Nothing can arrive before the next publication time: sleep until then, else poll at the interval.
      const newest = latestAvailablePartition(finalAfter, now);
      if (cur?.partition !== undefined && cur.partition !== null && parseDay(cur.partition) >= newest) {
        return Math.max(jstInstant(nextBusinessDay(newest), finalAfter), cur.lastPoll + o.intervalMs);
      }
      return (cur?.lastPoll ?? 0) + o.intervalMs;
    },
  };
}
