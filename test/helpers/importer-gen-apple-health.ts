/**
 * Generates a realistic Apple Health `export.xml` of any size, streamed to a
 * file in ~1 MB writes so even multi-GB files need no memory. Used by
 * `npm run bench:vault` (bench/vault.ts) and the importer memory test
 * (test/unit/importers/stream.test.ts). It lives with the test helpers
 * because tests never import bench/ (a lint rule); the bench build compiles
 * it along with bench/vault.ts.
 *
 * The content mimics Health → Export All Health Data: the XML declaration,
 * the DOCTYPE with its internal DTD subset, ExportDate and Me, then Records
 * (quantity and category types, device strings full of `&lt;`/`&gt;`,
 * MetadataEntry children, changing time-zone offsets), a Workout every few
 * hundred records (with WorkoutEvent, WorkoutStatistics, WorkoutRoute) and an
 * ActivitySummary per day. Deterministic for a given seed.
 */
import { open } from 'node:fs/promises';

export interface AppleHealthGenOptions {
  /** Number of top-level data elements (Records, Workouts, ActivitySummaries) to write. */
  elements: number;
  seed?: number;
}

export interface AppleHealthGenResult {
  bytes: number;
  /** How many records the importer must yield for this file. */
  records: number;
}

export const APPLE_HEALTH_PROLOGUE = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 13 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord|Audiogram|VisionPrescription)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ELEMENT ExportDate EMPTY>
<!ATTLIST ExportDate
  value CDATA #REQUIRED
>
<!ELEMENT Me EMPTY>
<!ATTLIST Me
  HKCharacteristicTypeIdentifierDateOfBirth                 CDATA #REQUIRED
  HKCharacteristicTypeIdentifierBiologicalSex               CDATA #REQUIRED
  HKCharacteristicTypeIdentifierBloodType                   CDATA #REQUIRED
  HKCharacteristicTypeIdentifierFitzpatrickSkinType         CDATA #REQUIRED
  HKCharacteristicTypeIdentifierCardioFitnessMedicationsUse CDATA #REQUIRED
>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record
  type          CDATA #REQUIRED
  unit          CDATA #IMPLIED
  value         CDATA #IMPLIED
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!-- Note: Any Records that appear as children of a correlation also appear as top-level records in this document. -->
<!ELEMENT Correlation ((MetadataEntry|Record)*)>
<!ATTLIST Correlation
  type          CDATA #REQUIRED
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!ELEMENT Workout ((MetadataEntry|WorkoutEvent|WorkoutRoute|WorkoutStatistics)*)>
<!ATTLIST Workout
  workoutActivityType   CDATA #REQUIRED
  duration              CDATA #IMPLIED
  durationUnit          CDATA #IMPLIED
  totalDistance         CDATA #IMPLIED
  totalDistanceUnit     CDATA #IMPLIED
  totalEnergyBurned     CDATA #IMPLIED
  totalEnergyBurnedUnit CDATA #IMPLIED
  sourceName            CDATA #REQUIRED
  sourceVersion         CDATA #IMPLIED
  device                CDATA #IMPLIED
  creationDate          CDATA #IMPLIED
  startDate             CDATA #REQUIRED
  endDate               CDATA #REQUIRED
>
<!ELEMENT WorkoutEvent (MetadataEntry?)>
<!ATTLIST WorkoutEvent
  type         CDATA #REQUIRED
  date         CDATA #REQUIRED
  duration     CDATA #IMPLIED
  durationUnit CDATA #IMPLIED
>
<!ELEMENT WorkoutStatistics EMPTY>
<!ATTLIST WorkoutStatistics
  type      CDATA #REQUIRED
  startDate CDATA #REQUIRED
  endDate   CDATA #REQUIRED
  average   CDATA #IMPLIED
  minimum   CDATA #IMPLIED
  maximum   CDATA #IMPLIED
  sum       CDATA #IMPLIED
  unit      CDATA #IMPLIED
>
<!ELEMENT WorkoutRoute ((MetadataEntry|FileReference)*)>
<!ATTLIST WorkoutRoute
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!ELEMENT FileReference EMPTY>
<!ATTLIST FileReference
  path CDATA #REQUIRED
>
<!ELEMENT ActivitySummary EMPTY>
<!ATTLIST ActivitySummary
  dateComponents           CDATA #IMPLIED
  activeEnergyBurned       CDATA #IMPLIED
  activeEnergyBurnedGoal   CDATA #IMPLIED
  activeEnergyBurnedUnit   CDATA #IMPLIED
  appleMoveTime            CDATA #IMPLIED
  appleMoveTimeGoal        CDATA #IMPLIED
  appleExerciseTime        CDATA #IMPLIED
  appleExerciseTimeGoal    CDATA #IMPLIED
  appleStandHours          CDATA #IMPLIED
  appleStandHoursGoal      CDATA #IMPLIED
>
<!ELEMENT MetadataEntry EMPTY>
<!ATTLIST MetadataEntry
  key   CDATA #REQUIRED
  value CDATA #REQUIRED
>
]>
<HealthData locale="en_US">
 <ExportDate value="2024-12-31 09:00:00 +0100"/>
 <Me HKCharacteristicTypeIdentifierDateOfBirth="" HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexNotSet" HKCharacteristicTypeIdentifierBloodType="HKBloodTypeNotSet" HKCharacteristicTypeIdentifierFitzpatrickSkinType="HKFitzpatrickSkinTypeNotSet" HKCharacteristicTypeIdentifierCardioFitnessMedicationsUse="None"/>
`;

export const APPLE_HEALTH_EPILOGUE = '</HealthData>\n';

const PHONE = 'device="&lt;&lt;HKDevice: 0x2829a4b40&gt;, name:iPhone, manufacturer:Apple Inc., model:iPhone, hardware:iPhone14,5, software:17.2&gt;"';
const WATCH = 'device="&lt;&lt;HKDevice: 0x2829b1f90&gt;, name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch6,2, software:10.2&gt;"';
const SLEEP = ['HKCategoryValueSleepAnalysisInBed', 'HKCategoryValueSleepAnalysisAsleepCore', 'HKCategoryValueSleepAnalysisAsleepDeep', 'HKCategoryValueSleepAnalysisAsleepREM', 'HKCategoryValueSleepAnalysisAwake'];

/** Small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** Formats unix ms as Apple's `YYYY-MM-DD HH:MM:SS ±HHMM` in the given offset (minutes). */
export function appleDate(ms: number, offsetMin: number): string {
  const d = new Date(ms + offsetMin * 60_000);
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
}

/** Yields the export in pieces of roughly `chunkChars` characters. */
export function* appleHealthExportPieces(opts: AppleHealthGenOptions, chunkChars = 1 << 20): Generator<string, number> {
  const rnd = prng(opts.seed ?? 42);
  let buf = APPLE_HEALTH_PROLOGUE;
  // The prologue's <Me> has one fact set (CardioFitnessMedicationsUse="None"): one profile record.
  let records = 1;
  let t = Date.UTC(2023, 0, 1, 6, 0, 0);
  let day = -1;
  for (let i = 0; i < opts.elements; i++) {
    t += Math.floor(rnd() * 240_000) + 1000;
    // Mostly Central European time, a stretch of New York time, summer time in between.
    const offset = i % 10_000 < 1500 ? -300 : i % 10_000 < 6000 ? 60 : 120;
    const start = appleDate(t, offset);
    const end = appleDate(t + 60_000, offset);
    const created = appleDate(t + 120_000, offset);
    const today = Math.floor((t + offset * 60_000) / 86_400_000);
    if (today !== day) {
      day = today;
      const d = new Date(today * 86_400_000);
      buf += ` <ActivitySummary dateComponents="${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}" activeEnergyBurned="${(300 + rnd() * 400).toFixed(3)}" activeEnergyBurnedGoal="500" activeEnergyBurnedUnit="kcal" appleMoveTime="0" appleMoveTimeGoal="0" appleExerciseTime="${Math.floor(rnd() * 90)}" appleExerciseTimeGoal="30" appleStandHours="${Math.floor(rnd() * 14)}" appleStandHoursGoal="12"/>\n`;
      records++;
      continue;
    }
    const r = rnd();
    if (i % 500 === 250) {
      buf +=
        ` <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="32.5" durationUnit="min" totalDistance="5.2" totalDistanceUnit="km" totalEnergyBurned="310" totalEnergyBurnedUnit="kcal" sourceName="Alice’s Apple Watch" sourceVersion="10.2" ${WATCH} creationDate="${created}" startDate="${start}" endDate="${end}">\n` +
        `  <MetadataEntry key="HKIndoorWorkout" value="0"/>\n` +
        `  <MetadataEntry key="HKTimeZone" value="Europe/Berlin"/>\n` +
        `  <WorkoutEvent type="HKWorkoutEventTypeSegment" date="${start}" duration="8.1" durationUnit="min"/>\n` +
        `  <WorkoutEvent type="HKWorkoutEventTypePause" date="${start}"/>\n` +
        `  <WorkoutStatistics type="HKQuantityTypeIdentifierHeartRate" startDate="${start}" endDate="${end}" average="151.2" minimum="98" maximum="178" unit="count/min"/>\n` +
        `  <WorkoutStatistics type="HKQuantityTypeIdentifierActiveEnergyBurned" startDate="${start}" endDate="${end}" sum="310" unit="kcal"/>\n` +
        `  <WorkoutRoute sourceName="Alice’s Apple Watch" sourceVersion="10.2" creationDate="${created}" startDate="${start}" endDate="${end}">\n` +
        `   <FileReference path="/workout-routes/route_${i}.gpx"/>\n` +
        `  </WorkoutRoute>\n` +
        ` </Workout>\n`;
    } else if (r < 0.4) {
      buf += ` <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Alice’s iPhone" sourceVersion="17.2" ${PHONE} unit="count" creationDate="${created}" startDate="${start}" endDate="${end}" value="${Math.floor(rnd() * 900) + 1}"/>\n`;
    } else if (r < 0.7) {
      buf += ` <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Alice’s Apple Watch" sourceVersion="10.2" ${WATCH} unit="count/min" creationDate="${created}" startDate="${start}" endDate="${start}" value="${Math.floor(55 + rnd() * 90)}">\n  <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" value="${Math.floor(rnd() * 3)}"/>\n </Record>\n`;
    } else if (r < 0.85) {
      buf += ` <Record type="HKQuantityTypeIdentifierActiveEnergyBurned" sourceName="Alice’s Apple Watch" sourceVersion="10.2" ${WATCH} unit="kcal" creationDate="${created}" startDate="${start}" endDate="${end}" value="${(rnd() * 5).toFixed(3)}"/>\n`;
    } else if (r < 0.95) {
      buf += ` <Record type="HKQuantityTypeIdentifierDistanceWalkingRunning" sourceName="Alice’s iPhone" sourceVersion="17.2" ${PHONE} unit="km" creationDate="${created}" startDate="${start}" endDate="${end}" value="${(rnd() * 0.8).toFixed(5)}"/>\n`;
    } else {
      buf += ` <Record type="HKCategoryTypeIdentifierSleepAnalysis" sourceName="Alice’s Apple Watch" sourceVersion="10.2" ${WATCH} creationDate="${created}" startDate="${start}" endDate="${end}" value="${SLEEP[Math.floor(rnd() * SLEEP.length)]}">\n  <MetadataEntry key="HKTimeZone" value="Europe/Berlin"/>\n </Record>\n`;
    }
    records++;
    if (buf.length >= chunkChars) {
      yield buf;
      buf = '';
    }
  }
  yield buf + APPLE_HEALTH_EPILOGUE;
  return records;
}

/** Writes a generated export.xml to `path`. */
export async function writeAppleHealthExport(path: string, opts: AppleHealthGenOptions): Promise<AppleHealthGenResult> {
  const fh = await open(path, 'w');
  let bytes = 0;
  try {
    const it = appleHealthExportPieces(opts);
    for (;;) {
      const next = it.next();
      if (next.done) return { bytes, records: next.value };
      const data = Buffer.from(next.value, 'utf8');
      bytes += data.length;
      await fh.write(data);
    }
  } finally {
    await fh.close();
  }
}

/** Elements needed for roughly `bytes` of export (measured average ≈ 416 bytes per element). */
export const elementsForBytes = (bytes: number): number => Math.max(1, Math.round(bytes / 416));
