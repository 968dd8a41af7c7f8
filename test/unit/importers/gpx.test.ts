/**
 * Issue 13.3: workout routes. GPX files in export.zip (workout-routes/*.gpx)
 * and inline <Location>s of old exports become HKWorkoutRoute records linked
 * to their workout; GPX is streamed with the same bounds as export.xml.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { importAppleHealth, parseAppleHealthXml, parseGpx } from '../../../electron/core/importers/apple-health.js';
import { ImportFormatError, ImportLimitError } from '../../../electron/core/importers/errors.js';
import { collect, collectError, importerTmpDir, memoryInput, removeImporterTmpDirs, utc } from '../../helpers/importer-collect.js';
import { buildZip } from '../../helpers/importer-zip.js';

afterAll(removeImporterTmpDirs);

interface Pt {
  lat: number;
  lon: number;
  t: number;
  ele?: number;
  speed?: number;
  course?: number;
  hAcc?: number;
  vAcc?: number;
}

function gpx(points: Pt[]): string {
  const pts = points
    .map((p) => {
      const ext = (['speed', 'course', 'hAcc', 'vAcc'] as const)
        .filter((k) => p[k] !== undefined)
        .map((k) => `<${k}>${p[k]}</${k}>`)
        .join('');
      return `   <trkpt lon="${p.lon}" lat="${p.lat}">${p.ele === undefined ? '' : `<ele>${p.ele}</ele>`}<time>${new Date(p.t).toISOString()}</time>${ext ? `<extensions>${ext}</extensions>` : ''}</trkpt>\n`;
    })
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="Apple Health Export" xmlns="http://www.topografix.com/GPX/1/1">\n <metadata><time>2024-03-03T17:45:00Z</time></metadata>\n <trk><name>Route</name><trkseg>\n${pts}</trkseg></trk>\n</gpx>\n`;
}

const expectedRecord = (p: Pt, link: Record<string, string | number>) => ({
  kind: 'HKWorkoutRoute',
  unit: null,
  source: null,
  tStart: p.t,
  tEnd: p.t,
  valueNum: null,
  valueText: `geo:${p.lat},${p.lon}`,
  meta: {
    type: 'route',
    lat: p.lat,
    lon: p.lon,
    ...(p.ele !== undefined && { altitude: p.ele }),
    ...(p.speed !== undefined && { speed: p.speed }),
    ...(p.course !== undefined && { course: p.course }),
    ...(p.hAcc !== undefined && { horizontalAccuracy: p.hAcc }),
    ...(p.vAcc !== undefined && { verticalAccuracy: p.vAcc }),
    ...link,
  },
});

describe('GPX route files', () => {
  const num = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((x) => Math.round(x * 1e6) / 1e6).map((x) => (Object.is(x, -0) ? 0 : x));
  const pt: fc.Arbitrary<Pt> = fc.record(
    {
      lat: num(-90, 90),
      lon: num(-180, 180),
      t: fc.integer({ min: utc(2000, 1, 1), max: utc(2040, 1, 1) }).map((t) => t - (t % 1000)),
      ele: num(-400, 9000),
      speed: num(0, 100),
      course: num(0, 360),
      hAcc: num(0, 100),
      vAcc: num(0, 100),
    },
    { requiredKeys: ['lat', 'lon', 't'] },
  );

  it('every point, every field, whatever the chunking (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(pt, { maxLength: 30 }), fc.integer({ min: 1, max: 300 }), async (points, chunk) => {
        const rs = await collect(parseGpx(memoryInput('route_1.gpx', gpx(points), chunk), {}, { routeFile: '/workout-routes/route_1.gpx' }));
        expect(rs).toEqual(points.map((p) => expectedRecord(p, { routeFile: '/workout-routes/route_1.gpx' })));
      }),
      { numRuns: 150 },
    );
  });

  it('refuses a point without a time or with an impossible latitude, at its line', async () => {
    const noTime = gpx([{ lat: 1, lon: 2, t: 0 }]).replace(/<time>1970[^<]*<\/time>/, '');
    expect((await collectError(parseGpx(memoryInput('r.gpx', noTime), {}))).message).toBe('r.gpx line 5: a <trkpt> has no <time>');
    const badLat = gpx([{ lat: 1, lon: 2, t: 0 }]).replace('lat="1"', 'lat="91"');
    const e = await collectError(parseGpx(memoryInput('r.gpx', badLat), {}));
    expect(e).toBeInstanceOf(ImportFormatError);
    expect(e.message).toContain('a <trkpt> has no valid lat/lon');
  });

  it('is bounded like export.xml: an endless attribute stops early', async () => {
    let read = 0;
    const input = {
      fileName: 'r.gpx',
      totalBytes: null,
      chunks: (async function* () {
        yield Buffer.from('<gpx><trk><trkseg><trkpt lat="');
        const piece = Buffer.alloc(64 * 1024, 0x31);
        for (;;) {
          read += piece.length;
          yield piece;
        }
      })(),
    };
    const e = await collectError(parseGpx(input, {}));
    expect(e).toBeInstanceOf(ImportLimitError);
    expect(read).toBeLessThan(2 * 1024 * 1024);
  });
});

describe('routes in export.zip and inline', () => {
  const WORKOUT = (route: string) =>
    `<Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="30" durationUnit="min" sourceName="Watch" startDate="2024-03-03 18:10:00 +0100" endDate="2024-03-03 18:40:00 +0100">${route}</Workout>`;
  const xml = (body: string) => `<?xml version="1.0"?>\n<HealthData locale="en">\n${body}\n</HealthData>\n`;

  it('reads workout-routes/*.gpx after export.xml, linked to their workout by routeFile and workoutStart', async () => {
    const points: Pt[] = [
      { lat: 52.52, lon: 13.405, t: utc(2024, 3, 3, 17, 10), ele: 34.5, speed: 2.8 },
      { lat: 52.5201, lon: 13.4051, t: utc(2024, 3, 3, 17, 10, 1) },
    ];
    const path = join(importerTmpDir(), 'export.zip');
    writeFileSync(
      path,
      buildZip([
        { name: 'apple_health_export/export.xml', data: xml(WORKOUT('<WorkoutRoute><FileReference path="/workout-routes/route_2024-03-03_6.40pm.gpx"/></WorkoutRoute>')) },
        { name: 'apple_health_export/workout-routes/route_2024-03-03_6.40pm.gpx', data: gpx(points) },
        { name: 'apple_health_export/workout-routes/route_orphan.gpx', data: gpx([points[0]!]), store: true },
        { name: '__MACOSX/apple_health_export/workout-routes/._route.gpx', data: 'junk' },
      ]),
    );
    const rs = await collect(importAppleHealth(path, {}));
    const start = utc(2024, 3, 3, 17, 10);
    expect(rs.map((r) => r.kind)).toEqual(['HKWorkout', 'HKWorkoutRoute', 'HKWorkoutRoute', 'HKWorkoutRoute']);
    expect(rs[0]!.meta).toMatchObject({ routeFile: '/workout-routes/route_2024-03-03_6.40pm.gpx' });
    expect(rs.slice(1, 3)).toEqual(points.map((p) => expectedRecord(p, { routeFile: '/workout-routes/route_2024-03-03_6.40pm.gpx', workoutStart: start })));
    expect(rs[3]!.meta).toEqual(expect.objectContaining({ routeFile: '/workout-routes/route_orphan.gpx' }));
    expect(rs[3]!.meta).not.toHaveProperty('workoutStart');
  });

  it('old exports: inline <Location> points inside WorkoutRoute', async () => {
    const loc = '<Location date="2016-05-01 08:00:01 +0200" latitude="52.52" longitude="13.405" altitude="34.5" horizontalAccuracy="5" verticalAccuracy="3" course="90" speed="2.5"/>';
    const rs = await collect(parseAppleHealthXml(memoryInput('export.xml', xml(WORKOUT(`<WorkoutRoute sourceName="Watch">${loc}${loc.replace(':01 ', ':02 ')}</WorkoutRoute>`))), {}));
    expect(rs.map((r) => [r.kind, r.tStart])).toEqual([
      ['HKWorkoutRoute', utc(2016, 5, 1, 6, 0, 1)],
      ['HKWorkoutRoute', utc(2016, 5, 1, 6, 0, 2)],
      ['HKWorkout', utc(2024, 3, 3, 17, 10)],
    ]);
    expect(rs[0]!.meta).toEqual({
      type: 'route', lat: 52.52, lon: 13.405, altitude: 34.5, speed: 2.5, course: 90, horizontalAccuracy: 5, verticalAccuracy: 3, workoutStart: utc(2024, 3, 3, 17, 10),
    });
  });
});
