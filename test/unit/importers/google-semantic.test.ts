/**
 * Issue 13 (Google): old Semantic Location History months (before ~2022:
 * startTimestampMs/endTimestampMs, latitudeE7) import, and the path
 * geometry of visits and segments is kept as `path` points linked to their
 * segment or visit (meta.parent + meta.parentStart). Written from the
 * documented Takeout shape; checked element by element.
 */
import { describe, expect, it } from 'vitest';
import { parseGoogleLocation } from '../../../electron/core/importers/google-location.js';
import { UnsupportedTimestampError } from '../../../electron/core/importers/errors.js';
import { collect, collectError, memoryInput } from '../../helpers/importer-collect.js';

const T0 = 1_546_329_600_000; // 2019-01-01T08:00:00Z
const month = {
  timelineObjects: [
    {
      activitySegment: {
        startLocation: { latitudeE7: 515_007_000, longitudeE7: -1_246_000 },
        endLocation: { latitudeE7: 515_100_000, longitudeE7: -1_300_000 },
        duration: { startTimestampMs: String(T0), endTimestampMs: String(T0 + 600_000) },
        distance: 1200,
        activityType: 'IN_PASSENGER_VEHICLE',
        confidence: 'HIGH',
        waypointPath: { waypoints: [{ latE7: 515_010_000, lngE7: -1_250_000 }, { latE7: 515_050_000, lngE7: -1_280_000 }] },
        simplifiedRawPath: { points: [{ latE7: 515_020_000, lngE7: -1_260_000, timestampMs: String(T0 + 60_000), accuracyMeters: 10 }] },
        transitPath: { transitStops: [{ latitudeE7: 515_030_000, longitudeE7: -1_270_000, placeId: 'P1', name: 'Stop' }] },
        parkingEvent: { location: { latitudeE7: 515_100_000, longitudeE7: -1_300_000, accuracyMetres: 5 }, timestampMs: String(T0 + 600_000) },
      },
    },
    {
      placeVisit: {
        location: { latitudeE7: 515_100_000, longitudeE7: -1_300_000, placeId: 'P2', name: 'Office' },
        duration: { startTimestampMs: String(T0 + 600_000), endTimestampMs: String(T0 + 3_600_000) },
        placeConfidence: 'HIGH_CONFIDENCE',
        childVisits: [
          {
            location: { latitudeE7: 515_101_000, longitudeE7: -1_301_000, placeId: 'P3' },
            duration: { startTimestampMs: String(T0 + 700_000), endTimestampMs: String(T0 + 800_000) },
          },
        ],
      },
    },
  ],
};

describe('old Semantic Location History month', () => {
  it('imports every visit, segment and path point, linked to its parent', async () => {
    const rs = await collect(parseGoogleLocation(memoryInput('2019_JANUARY.json', JSON.stringify(month)), {}));
    const rows = rs.map((r) => [r.tStart, r.tEnd, r.meta!.type, r.meta!.part ?? null, r.meta!.parent ?? null, r.meta!.parentStart ?? null, r.meta!.lat, r.meta!.lon]);
    expect(rows).toEqual([
      [T0, T0 + 600_000, 'activity', null, null, null, 51.5007, -0.1246],
      [T0, T0 + 600_000, 'path', 'waypoint', 'activity', T0, 51.501, -0.125],
      [T0, T0 + 600_000, 'path', 'waypoint', 'activity', T0, 51.505, -0.128],
      [T0 + 60_000, T0 + 60_000, 'path', 'raw', 'activity', T0, 51.502, -0.126],
      [T0, T0 + 600_000, 'path', 'transitStop', 'activity', T0, 51.503, -0.127],
      [T0 + 600_000, T0 + 600_000, 'path', 'parking', 'activity', T0, 51.51, -0.13],
      [T0 + 600_000, T0 + 3_600_000, 'visit', null, null, null, 51.51, -0.13],
      [T0 + 700_000, T0 + 800_000, 'visit', null, 'visit', T0 + 600_000, 51.5101, -0.1301],
    ]);
    expect(rs[0]!.meta).toMatchObject({ activityType: 'IN_PASSENGER_VEHICLE', distanceMeters: 1200, endLat: 51.51, endLon: -0.13 });
    expect(rs[3]!.meta).toMatchObject({ accuracy: 10, index: 0 });
    expect(rs[4]!.meta).toMatchObject({ placeId: 'P1', name: 'Stop' });
    expect(rs[5]!.meta).toMatchObject({ accuracy: 5 });
    expect(rs[6]!.meta).toMatchObject({ placeId: 'P2', name: 'Office', placeConfidence: 'HIGH_CONFIDENCE' });
    expect(rs.every((r) => r.valueText === `geo:${r.meta!.lat},${r.meta!.lon}`)).toBe(true);
  });

  it('an unreadable startTimestampMs names the field, not the value', async () => {
    const bad = { timelineObjects: [{ placeVisit: { location: { latitudeE7: 1, longitudeE7: 1 }, duration: { startTimestampMs: 'SECRET', endTimestampMs: '1' } } }] };
    const e = await collectError(parseGoogleLocation(memoryInput('2019_JANUARY.json', JSON.stringify(bad)), {}));
    expect(e).toBeInstanceOf(UnsupportedTimestampError);
    expect(e.message).toContain('timelineObjects[0].placeVisit.duration.startTimestampMs');
    expect(e.message).not.toContain('SECRET');
  });
});
