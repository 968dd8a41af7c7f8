/**
 * Health records (iOS 11.3+): `<ClinicalRecord>` elements in export.xml and
 * the FHIR resources they point to, `clinical-records/*.json` in export.zip.
 *
 * - `<ClinicalRecord type identifier sourceName sourceURL fhirVersion
 *   receivedDate resourceFilePath/>` → kind = its `type`
 *   (`HKClinicalTypeIdentifierLabResultRecord`, …), source = sourceName,
 *   tStart = tEnd = receivedDate, valueNum/valueText null, meta = its other
 *   attributes (identifier, sourceURL, fhirVersion, resourceFilePath).
 * - Each `clinical-records/<name>.json` (one FHIR resource, DSTU2 or R4) →
 *   kind `fhir.<resourceType>` (`fhir.Observation`, `fhir.Condition`, …),
 *   valueText = the document's JSON text as written (checked to be one
 *   well-formed JSON object, at most MAX_CLINICAL_DOCUMENT_BYTES and
 *   MAX_JSON_FIELDS_GENERIC fields), tStart = tEnd = the resource's own
 *   clinical time (effective…, issued, onset…, recorded…, authoredOn,
 *   dateWritten, occurrence…, performed…, date, meta.lastUpdated: the first
 *   present with a full date and time) or else the receivedDate of the
 *   ClinicalRecord that points to it; source = that ClinicalRecord's
 *   sourceName. meta: `resourceFilePath` (`/clinical-records/<name>.json`,
 *   the same text as the ClinicalRecord's: the link), the resource `id`, and
 *   from the ClinicalRecord `clinicalType` and `fhirVersion`.
 *   A document with neither kind of time is counted as not imported.
 *
 * Malformed JSON is refused whole with the document's file name and line
 * (`Observation-1.json line 3: invalid JSON syntax`), as every importer does.
 */
import type { NewRecord } from '../../../../shared/domain/record.js';
import { ImportFormatError, ImportLimitError } from '../errors.js';
import { JsonStream } from '../json-stream.js';
import { MAX_CLINICAL_DOCUMENT_BYTES, MAX_JSON_FIELDS_GENERIC } from '../limits.js';
import type { ChunkParser, RecordSink } from '../stream.js';
import { parseIsoTimestamp } from '../timestamps.js';
import { SkipChildren, type AppleContext, type Attributes, type ElementHandler, type Meta } from './context.js';

export const FHIR_KIND_PREFIX = 'fhir.';
/** ClinicalRecords remembered to link their documents (one per document). */
const MAX_CLINICAL_LINKS = 200_000;
const FHIR_HINT = 'A health record in the export is damaged. Export the Health data again and import the new export.zip.';
const RESOURCE_TYPE = /^[A-Z][A-Za-z]{0,63}$/;
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
/** FHIR fields holding the clinical time of a resource, in order of preference (DSTU2 and R4 names). */
const TIME_FIELDS = [
  'effectiveDateTime',
  'effectivePeriod.start',
  'issued',
  'onsetDateTime',
  'onsetPeriod.start',
  'recordedDate',
  'dateRecorded',
  'assertedDate',
  'authoredOn',
  'dateWritten',
  'occurrenceDateTime',
  'performedDateTime',
  'performedPeriod.start',
  'date',
  'meta.lastUpdated',
] as const;

/** What a ClinicalRecord says about the document it points to. */
export interface ClinicalLink {
  type: string;
  source: string | null;
  receivedAt: number;
  fhirVersion?: string;
}

/** resourceFilePath → its ClinicalRecord, filled while export.xml is read, used for the documents after it. */
export type ClinicalLinks = Map<string, ClinicalLink>;

/** A copy that does not keep saxes' input chunk alive. */
const own = (s: string): string => Buffer.from(s, 'utf8').toString('utf8');

/** `<ClinicalRecord …/>` → its record, and its link remembered. */
export function clinicalRecord(ctx: AppleContext, a: Attributes, depth: number, links: ClinicalLinks): ElementHandler {
  const type = a.type;
  if (type === undefined || type === '') ctx.fail('<ClinicalRecord> has no type attribute');
  const t = ctx.date(a.receivedDate, 'receivedDate', 'ClinicalRecord');
  const meta: Meta = {};
  for (const k in a) {
    if (k === 'type' || k === 'sourceName' || k === 'source' || k === 'receivedDate') continue;
    meta[k] = a[k]!;
  }
  const source = a.sourceName ?? a.source ?? null;
  ctx.sink.push({ kind: type, unit: null, source, tStart: t, tEnd: t, valueNum: null, valueText: null, meta: Object.keys(meta).length === 0 ? null : meta });
  const path = a.resourceFilePath;
  if (path !== undefined && links.size < MAX_CLINICAL_LINKS) {
    links.set(own(path), {
      type: own(type),
      source: source === null ? null : own(source),
      receivedAt: t,
      ...(a.fhirVersion !== undefined && { fhirVersion: own(a.fhirVersion) }),
    });
  }
  return new SkipChildren(ctx, 'ClinicalRecord', depth);
}

/** `apple_health_export/clinical-records/Observation-1.json` → `/clinical-records/Observation-1.json`, else null. */
export function clinicalEntryPath(name: string): string | null {
  const m = /(?:^|\/)clinical-records\/([^/]+\.json)$/i.exec(name);
  return m === null || name.startsWith('__MACOSX/') ? null : `/clinical-records/${m[1]!}`;
}

function field(obj: Record<string, unknown>, path: string): unknown {
  let v: unknown = obj;
  for (const k of path.split('.')) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

/** The resource's clinical time (a full date and time), or null. */
export function resourceTime(resource: Record<string, unknown>): number | null {
  for (const f of TIME_FIELDS) {
    const v = field(resource, f);
    // A date and time: FHIR also allows `2019` or `2019-05`, which are not instants.
    if (typeof v !== 'string' || v.length < 16) continue;
    const t = parseIsoTimestamp(v);
    if (!Number.isNaN(t)) return t;
  }
  return null;
}

/** One FHIR document (a side file of the export) → one record; see the module comment. */
export class FhirDocumentParser implements ChunkParser {
  private readonly json: JsonStream;
  private readonly pieces: Buffer[] = [];
  private bytes = 0;
  private root: unknown = undefined;

  constructor(
    private readonly fileName: string,
    private readonly sink: RecordSink,
    /** `/clinical-records/<name>.json`. */
    private readonly path: string,
    private readonly link: ClinicalLink | undefined,
  ) {
    this.json = new JsonStream({
      fileName,
      paths: ['$'],
      elementDepth: 0,
      hint: FHIR_HINT,
      maxFields: MAX_JSON_FIELDS_GENERIC,
      onElement: (e) => {
        this.root = e.value;
      },
    });
    sink.position = () => ({});
  }

  write(chunk: Buffer): void {
    this.bytes += chunk.length;
    if (this.bytes > MAX_CLINICAL_DOCUMENT_BYTES) {
      throw new ImportLimitError({
        fileName: this.fileName,
        byteOffset: MAX_CLINICAL_DOCUMENT_BYTES,
        limit: 'clinical-document-bytes',
        reason: `the health record is larger than ${MAX_CLINICAL_DOCUMENT_BYTES / 1024 / 1024} MiB`,
        hint: FHIR_HINT,
      });
    }
    this.json.write(chunk);
    this.pieces.push(chunk);
  }

  end(): void {
    this.json.end();
    const root = this.root;
    if (typeof root !== 'object' || root === null || Array.isArray(root)) {
      throw new ImportFormatError({ fileName: this.fileName, line: 1, reason: 'is not a FHIR resource (one JSON object)', hint: FHIR_HINT });
    }
    const resource = root as Record<string, unknown>;
    const type = resource.resourceType;
    if (typeof type !== 'string' || !RESOURCE_TYPE.test(type)) {
      throw new ImportFormatError({ fileName: this.fileName, line: 1, reason: 'has no valid "resourceType" (a FHIR resource names its type, e.g. "Observation")', hint: FHIR_HINT });
    }
    const t = resourceTime(resource) ?? this.link?.receivedAt ?? null;
    if (t === null) {
      this.sink.skipped('clinical-records/*.json (no date, no ClinicalRecord pointing to it)');
      return;
    }
    let text = Buffer.concat(this.pieces, this.bytes).toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const meta: Meta = { resourceFilePath: this.path };
    if (typeof resource.id === 'string' && FHIR_ID.test(resource.id)) meta.id = resource.id;
    if (this.link !== undefined) {
      meta.clinicalType = this.link.type;
      if (this.link.fhirVersion !== undefined) meta.fhirVersion = this.link.fhirVersion;
    }
    const r: NewRecord = { kind: `${FHIR_KIND_PREFIX}${type}`, unit: null, source: this.link?.source ?? null, tStart: t, tEnd: t, valueNum: null, valueText: text.trim(), meta };
    this.sink.push(r);
  }
}
