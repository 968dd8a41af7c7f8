/**
 * `<Me>` → profile facts, kept apart as especially sensitive
 * (shared/domain/profile-kinds.ts): every `HKCharacteristicTypeIdentifier*`
 * attribute with a value becomes one record of kind `profile.<name>`
 * (`HKCharacteristicTypeIdentifierDateOfBirth` → `profile.dateOfBirth`,
 * `…BiologicalSex` → `profile.biologicalSex`, `…BloodType`,
 * `…FitzpatrickSkinType`, `…WheelchairUse`,
 * `…CardioFitnessMedicationsUse`), valueText = the value as written
 * (`1988-07-14`, `HKBiologicalSexFemale`), unit, source, valueNum and meta
 * null. A fact is "as of" the export: tStart = tEnd = the export's
 * `<ExportDate value>` (Apple writes it just before `<Me>`; without one,
 * 0). Values Apple writes for "not set" (empty, `…NotSet`) are not facts
 * and are not stored. Other attributes are counted as not imported.
 */
import { PROFILE_KIND_PREFIX } from '../../../../shared/domain/profile-kinds.js';
import type { NewRecord } from '../../../../shared/domain/record.js';
import { SkipChildren, type AppleContext, type Attributes, type ElementHandler } from './context.js';

const CHARACTERISTIC = 'HKCharacteristicTypeIdentifier';
/** Facts kept from one `<Me>` (Apple writes six). */
const MAX_FACTS = 64;
const NAME = /^[A-Za-z][A-Za-z0-9]{0,63}$/;

/** `HKCharacteristicTypeIdentifierDateOfBirth` → `profile.dateOfBirth`, else null. */
export function profileKind(attribute: string): string | null {
  if (!attribute.startsWith(CHARACTERISTIC)) return null;
  const rest = attribute.slice(CHARACTERISTIC.length);
  if (!NAME.test(rest)) return null;
  return `${PROFILE_KIND_PREFIX}${rest[0]!.toLowerCase()}${rest.slice(1)}`;
}

function notSet(v: string): boolean {
  const t = v.trim();
  return t === '' || t.endsWith('NotSet');
}

export class ProfileFacts {
  private exportTime: number | null = null;
  /** Facts read before the export date was known. */
  private waiting: NewRecord[] = [];

  constructor(private readonly ctx: AppleContext) {}

  /** `<ExportDate value>`: the time the facts are true at. */
  exportDate(a: Attributes): void {
    if (this.exportTime !== null || a.value === undefined) return;
    this.exportTime = this.ctx.date(a.value, 'value', 'ExportDate');
    for (const r of this.waiting) {
      r.tStart = r.tEnd = this.exportTime;
      this.ctx.sink.push(r);
    }
    this.waiting = [];
  }

  me(a: Attributes, depth: number): ElementHandler {
    let facts = 0;
    for (const k in a) {
      const kind = profileKind(k);
      if (kind === null) {
        this.ctx.sink.skipped('Me (attributes other than HKCharacteristicTypeIdentifier…)');
        continue;
      }
      const v = a[k]!;
      if (notSet(v)) continue;
      if (++facts > MAX_FACTS) this.ctx.fail(`<Me> has more than ${MAX_FACTS} characteristics`);
      const t = this.exportTime ?? 0;
      // A copy: saxes' attribute strings are slices of whole input chunks.
      const r: NewRecord = { kind, unit: null, source: null, tStart: t, tEnd: t, valueNum: null, valueText: Buffer.from(v, 'utf8').toString('utf8'), meta: null };
      if (this.exportTime === null) this.waiting.push(r);
      else this.ctx.sink.push(r);
    }
    return new SkipChildren(this.ctx, 'Me', depth);
  }

  /** End of export.xml: facts of an export without ExportDate are stored at time 0. */
  end(): void {
    for (const r of this.waiting) this.ctx.sink.push(r);
    this.waiting = [];
  }
}
