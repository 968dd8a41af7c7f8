/**
 * Beat-to-beat heart rate: the `<HeartRateVariabilityMetadataList>` inside a
 * HeartRateVariabilitySDNN `<Record>` holds one
 * `<InstantaneousBeatsPerMinute bpm="62" time="8:00:56.21 AM"/>` per beat.
 * Each beat becomes one record, pushed as it is read (nothing buffered):
 *
 * - kind `HKHeartbeat`, unit `count/min`, valueNum = bpm, source = the HRV
 *   record's, tStart = tEnd = the beat's instant;
 * - meta `{ hrvStart }` = the HRV record's tStart: the link to its record
 *   (the HRV record itself is stored unchanged).
 *
 * `time` is a local clock time without date or offset, written in the
 * phone's locale: `20:14:07.68`, `08:34:05,10`, `6:14:48.94 PM`,
 * `3:10:02,11 AM` (also with U+202F or U+00A0 before AM/PM). It is placed
 * on the day of the record's startDate, in its offset, and moved by a day
 * when that puts it more than 12 hours from the start (a list that crosses
 * midnight). A time in any other form (another locale's AM/PM words) is not
 * guessed: the beat is counted as not imported.
 */
import { fastNumber } from '../apple-health.js';
import type { AppleContext, Attributes, ElementHandler } from './context.js';

export const KIND_HEARTBEAT = 'HKHeartbeat';
const DAY_MS = 86_400_000;
const HALF_DAY_MS = DAY_MS / 2;
const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6}))?)?(?: ?([AaPp])\.?[Mm]\.?)?$/;
const UNREADABLE = 'Record/HeartRateVariabilityMetadataList/InstantaneousBeatsPerMinute (time not understood)';

/** `8:00:56.21 AM` → milliseconds since local midnight, or null when it is not a clock time we read. */
export function clockTimeMs(text: string): number | null {
  const s = text.replace(/[\u00a0\u202f]/g, ' ').trim();
  if (s.length > 40) return null;
  const m = TIME.exec(s);
  if (m === null) return null;
  let h = Number(m[1]);
  const min = Number(m[2]);
  const sec = m[3] === undefined ? 0 : Number(m[3]);
  const frac = m[4] === undefined ? 0 : Math.round(Number(`0.${m[4]}`) * 1000);
  if (min > 59 || sec > 59) return null;
  const ampm = m[5]?.toUpperCase();
  if (ampm !== undefined) {
    if (h < 1 || h > 12) return null;
    h = (h % 12) + (ampm === 'P' ? 12 : 0);
  } else if (h > 23) return null;
  return ((h * 60 + min) * 60 + sec) * 1000 + frac;
}

/** Minutes east of UTC of an Apple date (`… +0100`, `…+01:00`, `…Z`), or null. */
export function offsetMinutes(date: string): number | null {
  const t = date.trim();
  if (t.endsWith('Z')) return 0;
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(t);
  if (m === null) return null;
  const v = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -v : v;
}

/** The instant of a clock time `tod` (ms since local midnight) nearest to `start` (unix ms) in offset `offsetMin`. */
export function beatInstant(start: number, offsetMin: number, tod: number): number {
  const off = offsetMin * 60_000;
  const local = start + off;
  let t = local - (((local % DAY_MS) + DAY_MS) % DAY_MS) + tod - off;
  if (t < start - HALF_DAY_MS) t += DAY_MS;
  else if (t > start + HALF_DAY_MS) t -= DAY_MS;
  return t;
}

export class HeartbeatList implements ElementHandler {
  private readonly offset: number | null;

  constructor(
    private readonly ctx: AppleContext,
    private readonly depth: number,
    /** The HRV record: its tStart, startDate as written, and source. */
    private readonly hrv: { tStart: number; startDate: string | undefined; source: string | null },
  ) {
    this.offset = hrv.startDate === undefined ? null : offsetMinutes(hrv.startDate);
  }

  open(name: string, a: Attributes, depth: number): void {
    if (depth !== this.depth + 1) return;
    if (name !== 'InstantaneousBeatsPerMinute') {
      this.ctx.sink.skipped(`Record/HeartRateVariabilityMetadataList/${name}`);
      return;
    }
    const bpm = a.bpm === undefined ? null : fastNumber(a.bpm);
    if (bpm === null || bpm < 0) this.ctx.fail('an <InstantaneousBeatsPerMinute> has no numeric bpm');
    const tod = a.time === undefined ? null : clockTimeMs(a.time);
    if (tod === null || this.offset === null) {
      this.ctx.sink.skipped(UNREADABLE);
      return;
    }
    const t = beatInstant(this.hrv.tStart, this.offset, tod);
    this.ctx.sink.push({ kind: KIND_HEARTBEAT, unit: 'count/min', source: this.hrv.source, tStart: t, tEnd: t, valueNum: bpm, valueText: null, meta: { hrvStart: this.hrv.tStart } });
  }

  close(depth: number): boolean {
    return depth === this.depth;
  }
}
