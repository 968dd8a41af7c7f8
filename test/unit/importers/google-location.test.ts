import { describe, expect, it } from 'vitest';
import { type ImportFormatError, UnsupportedTimestampError } from '../../../electron/core/importers/errors.js';
import {
  KIND_DETECTED_ACTIVITY,
  KIND_WIFI_SCAN,
  SOURCE_TAKEOUT,
  SOURCE_TIMELINE,
  importGoogleLocation,
  parseGoogleLocation,
  parseLatLng,
} from '../../../electron/core/importers/google-location.js';
import type { NewRecord } from '../../../shared/domain/record.js';
import { collect, collectError, fixture, memoryInput, readFixture, utc } from '../../helpers/importer-collect.js';

type Meta = NonNullable<NewRecord['meta']> & { lat: number; lon: number };
const loc = (source: string, tStart: number, tEnd: number, meta: Meta): NewRecord => ({
  kind: 'location',
  unit: null,
  source,
  tStart,
  tEnd,
  valueNum: null,
  valueText: `geo:${meta.lat},${meta.lon}`,
  meta,
});

const parse = (text: string, chunk?: number) => collect(parseGoogleLocation(memoryInput('Records.json', text, chunk), {}));
const parseError = async (text: string) => (await collectError(parseGoogleLocation(memoryInput('Records.json', text), {}))) as ImportFormatError;

describe('Google Takeout Records.json', () => {
  const expected = [
    loc(SOURCE_TAKEOUT, utc(2023, 5, 1, 10, 0, 0, 123), utc(2023, 5, 1, 10, 0, 0, 123), {
      type: 'point',
      lat: 51.5012345,
      lon: -0.1412345,
      accuracy: 20,
      altitude: 31,
      verticalAccuracy: 3,
      source: 'WIFI',
      deviceTag: -1738235113,
      platformType: 'ANDROID',
      activity: 'STILL',
    }),
    // Its activity reading, every type with its confidence, linked to the point.
    {
      kind: KIND_DETECTED_ACTIVITY,
      unit: null,
      source: SOURCE_TAKEOUT,
      tStart: utc(2023, 5, 1, 10, 0, 1, 407),
      tEnd: utc(2023, 5, 1, 10, 0, 1, 407),
      valueNum: 92,
      valueText: 'STILL',
      meta: {
        type: 'detectedActivity',
        parent: 'point',
        parentStart: utc(2023, 5, 1, 10, 0, 0, 123),
        lat: 51.5012345,
        lon: -0.1412345,
        'confidence.STILL': 92,
        'confidence.ON_FOOT': 8,
        activityType: 'STILL',
      },
    },
    loc(SOURCE_TAKEOUT, utc(2023, 5, 1, 10, 30, 45), utc(2023, 5, 1, 10, 30, 45), {
      type: 'point',
      lat: 51.5023456,
      lon: -0.1398765,
      accuracy: 5,
      velocity: 1,
      heading: 270,
      source: 'GPS',
      deviceTag: -1738235113,
    }),
    loc(SOURCE_TAKEOUT, 1_368_015_540_000, 1_368_015_540_000, { type: 'point', lat: 48.4812345, lon: 2.3456789, accuracy: 1414 }),
  ];

  it('reads both timestamp forms exactly', async () => {
    expect(await collect(importGoogleLocation(fixture('google/Records.json'), {}))).toEqual(expected);
  });

  it('is the same for every chunk size', async () => {
    const text = readFixture('google/Records.json').toString('utf8');
    for (const size of [1, 5, 333]) expect(await parse(text, size)).toEqual(expected);
  });

  it('corrects E7 values that overflowed as unsigned 32-bit integers', async () => {
    const [r] = await parse('{"locations":[{"latitudeE7":3956967296,"longitudeE7":2782967296,"timestampMs":1700000000000}]}');
    expect(r!.meta).toMatchObject({ lat: -33.8, lon: -151.2 });
  });

  it('errors name the element and never the value', async () => {
    const noTime = await parseError('{"locations":[{"latitudeE7":1,"longitudeE7":2},\n{"latitudeE7":1,"longitudeE7":2}]}');
    expect(noTime.message).toBe('Records.json line 1: locations[0] has neither timestamp nor timestampMs');
    const noLat = await parseError('{"locations":[\n{"longitudeE7":2,"timestamp":"2023-05-01T10:00:00Z"}]}');
    expect(noLat.message).toBe('Records.json line 2: locations[0] has no integer latitudeE7/longitudeE7');
    const range = await parseError('{"locations":[{"latitudeE7":912345678,"longitudeE7":2,"timestamp":"2023-05-01T10:00:00Z"}]}');
    expect(range.message).toBe('Records.json line 1: locations[0] has a latitudeE7/longitudeE7 outside the valid range');
    const time = await collectError(parseGoogleLocation(memoryInput('Records.json', '{"locations":[{"latitudeE7":1,"longitudeE7":2,"timestamp":"sometime"}]}'), {}));
    expect(time).toBeInstanceOf(UnsupportedTimestampError);
    expect(time.message).toBe('Records.json line 1: "locations[0].timestamp" does not hold a supported timestamp');
  });

  it('broken or truncated JSON → ImportFormatError with line and byte', async () => {
    const text = readFixture('google/Records.json').toString('utf8');
    const lineOf = (i: number): number => text.slice(0, i).split('\n').length;
    const end = text.indexOf('"GPS"');
    const cut = await parseError(text.slice(0, end));
    expect(cut.message).toBe(`Records.json line ${lineOf(end)}: unexpected end of file: the JSON is incomplete`);
    expect(cut.byteOffset).toBe(end);
    const at = text.indexOf('"accuracy": 5,');
    const broken = await parseError(text.replace('"accuracy": 5,', '"accuracy": 5,,'));
    expect(broken.message).toBe(`Records.json line ${lineOf(at)}: invalid JSON structure (a value, comma, colon or bracket is misplaced)`);
    expect(broken.byteOffset).toBe(text.indexOf('"accuracy": 5,') + '"accuracy": 5,'.length);
  });

  it('an object without any known field is not location history', async () => {
    expect((await parseError('{"timelineEdit":[]}')).message).toBe(
      'Records.json line 1: has none of the fields locations, semanticSegments, rawSignals, timelineObjects or timelineEdits: not a Google location history file',
    );
    expect((await parseError('"hello"')).message).toBe('Records.json line 1: does not start with a JSON object or array');
    expect(await parse('{"locations":[]}')).toEqual([]);
  });
});

describe('Takeout Semantic Location History', () => {
  it('reads placeVisit and activitySegment', async () => {
    const text = JSON.stringify({
      timelineObjects: [
        {
          activitySegment: {
            startLocation: { latitudeE7: 414083590, longitudeE7: 21704229 },
            endLocation: { latitudeE7: 413961889, longitudeE7: 21536695 },
            duration: { startTimestamp: '2022-03-03T12:22:24Z', endTimestamp: '2022-03-03T12:43:34Z' },
            distance: 2640,
            activityType: 'IN_BUS',
            confidence: 'HIGH',
          },
        },
        {
          placeVisit: {
            location: { latitudeE7: 413961889, longitudeE7: 21536695, placeId: 'ChIJ1', address: 'Carrer 1', name: 'Café', semanticType: 'TYPE_WORK' },
            duration: { startTimestamp: '2022-03-03T12:43:34.500Z', endTimestamp: '2022-03-03T17:00:00Z' },
            placeConfidence: 'HIGH_CONFIDENCE',
            visitConfidence: 95,
          },
        },
      ],
    });
    expect(await parse(text)).toEqual([
      loc(SOURCE_TAKEOUT, utc(2022, 3, 3, 12, 22, 24), utc(2022, 3, 3, 12, 43, 34), {
        type: 'activity',
        lat: 41.408359,
        lon: 2.1704229,
        endLat: 41.3961889,
        endLon: 2.1536695,
        activityType: 'IN_BUS',
        distanceMeters: 2640,
        confidence: 'HIGH',
      }),
      loc(SOURCE_TAKEOUT, utc(2022, 3, 3, 12, 43, 34, 500), utc(2022, 3, 3, 17), {
        type: 'visit',
        lat: 41.3961889,
        lon: 2.1536695,
        placeId: 'ChIJ1',
        semanticType: 'WORK',
        semanticTypeOriginal: 'TYPE_WORK',
        name: 'Café',
        address: 'Carrer 1',
        visitConfidence: 95,
        placeConfidence: 'HIGH_CONFIDENCE',
      }),
    ]);
  });
});

const ANDROID: NewRecord[] = [
  loc(SOURCE_TIMELINE, utc(2024, 1, 1, 7, 4), utc(2024, 1, 1, 7, 4), { type: 'path', lat: 51.5007, lon: -0.1246 }),
  loc(SOURCE_TIMELINE, utc(2024, 1, 1, 7, 17), utc(2024, 1, 1, 7, 17), { type: 'path', lat: 51.5010342, lon: -0.1263911 }),
  loc(SOURCE_TIMELINE, utc(2024, 1, 1, 7), utc(2024, 1, 1, 7, 45, 12), {
    type: 'visit',
    lat: 51.5007292,
    lon: -0.1246254,
    placeId: 'ChIJ3TgfM0kDdkgRZ2TV4d1Jv6g',
    semanticType: 'HOME',
    probability: 0.8116521835327148,
    visitProbability: 0.9171233773231506,
    hierarchyLevel: 0,
    utcOffsetMinutes: 60,
    endUtcOffsetMinutes: 60,
  }),
  loc(SOURCE_TIMELINE, utc(2024, 1, 1, 7, 45, 12), utc(2024, 1, 1, 8, 5), {
    type: 'activity',
    lat: 51.5007292,
    lon: -0.1246254,
    endLat: 51.5033635,
    endLon: -0.1276248,
    activityType: 'WALKING',
    probability: 0.9122,
    distanceMeters: 1234.5677490234375,
    utcOffsetMinutes: 60,
    endUtcOffsetMinutes: 60,
  }),
  loc(SOURCE_TIMELINE, utc(2024, 1, 1, 7, 59, 30), utc(2024, 1, 1, 7, 59, 30), {
    type: 'point',
    lat: 51.5006891,
    lon: -0.1245872,
    accuracy: 13,
    altitude: 48.70000076293945,
    speed: 0,
    source: 'WIFI',
  }),
  {
    kind: KIND_WIFI_SCAN,
    unit: null,
    source: SOURCE_TIMELINE,
    tStart: utc(2024, 1, 1, 7, 59, 31),
    tEnd: utc(2024, 1, 1, 7, 59, 31),
    valueNum: 1,
    valueText: null,
    meta: { type: 'wifiScan', devices: 1, 'device.0.mac': 183042134719824, 'device.0.rssi': -61 },
  },
  {
    kind: KIND_DETECTED_ACTIVITY,
    unit: null,
    source: SOURCE_TIMELINE,
    tStart: utc(2024, 1, 1, 7, 59, 32),
    tEnd: utc(2024, 1, 1, 7, 59, 32),
    valueNum: 0.98,
    valueText: 'STILL',
    meta: { type: 'detectedActivity', 'confidence.STILL': 0.98, activityType: 'STILL' },
  },
];

const IOS: NewRecord[] = [
  loc(SOURCE_TIMELINE, utc(2024, 2, 10, 12, 12), utc(2024, 2, 10, 14, 30), {
    type: 'visit',
    lat: 40.712776,
    lon: -74.005974,
    placeId: 'ChIJOwg_06VPwokRYv534QaPC8g',
    semanticType: 'HOME',
    semanticTypeOriginal: 'Home',
    probability: 0.914276,
    visitProbability: 0.973,
    hierarchyLevel: 0,
  }),
  loc(SOURCE_TIMELINE, utc(2024, 2, 10, 14, 30), utc(2024, 2, 10, 15, 2, 30), {
    type: 'activity',
    lat: 40.712776,
    lon: -74.005974,
    endLat: 40.73061,
    endLon: -73.935242,
    activityType: 'IN_PASSENGER_VEHICLE',
    activityTypeOriginal: 'in passenger vehicle',
    probability: 0.88,
    distanceMeters: 9350,
  }),
  loc(SOURCE_TIMELINE, utc(2024, 2, 10, 14, 42), utc(2024, 2, 10, 14, 42), { type: 'path', lat: 40.715, lon: -73.99 }),
  loc(SOURCE_TIMELINE, utc(2024, 2, 10, 14, 57), utc(2024, 2, 10, 14, 57), { type: 'path', lat: 40.7255, lon: -73.9501 }),
];

describe('Google Maps Timeline exports', () => {
  it('Android Timeline.json: path, visit, activity (with the end offset), raw position, Wi-Fi scan and activity record; memories and the profile skipped', async () => {
    expect(await collect(importGoogleLocation(fixture('google/Timeline.json'), {}))).toEqual(ANDROID);
  });

  it('iOS location-history.json: geo: points, numbers as text, path offsets in minutes', async () => {
    expect(await collect(importGoogleLocation(fixture('google/timeline-ios.json'), {}))).toEqual(IOS);
  });

  it('chunk size does not matter', async () => {
    const a = readFixture('google/Timeline.json').toString('utf8');
    const i = readFixture('google/timeline-ios.json').toString('utf8');
    for (const size of [1, 64]) {
      expect(await parse(a, size)).toEqual(ANDROID);
      expect(await parse(i, size)).toEqual(IOS);
    }
  });

  it('errors', async () => {
    const badPoint = await parseError('{"semanticSegments":[{"startTime":"2024-01-01T08:00:00Z","endTime":"2024-01-01T09:00:00Z",\n"timelinePath":[{"point":"north","time":"2024-01-01T08:00:00Z"}]}]}');
    expect(badPoint.message).toBe('Records.json line 1: semanticSegments[0].timelinePath[0].point is missing or not a latitude/longitude');
    const noOffset = await parseError('[{"startTime":"2024-01-01T08:00:00Z","endTime":"2024-01-01T09:00:00Z","timelinePath":[{"point":"geo:1,2"}]}]');
    expect(noOffset.message).toBe('Records.json line 1: element 1.timelinePath[0] has neither time nor durationMinutesOffsetFromStartTime');
    const notObj = await parseError('[\n1]');
    expect(notObj.message).toBe('Records.json line 2: element 1 is not an object');
    const noStart = await collectError(parseGoogleLocation(memoryInput('Timeline.json', '{"semanticSegments":[{"visit":{"topCandidate":{"placeLocation":{"latLng":"1°, 2°"}}}}]}'), {}));
    expect(noStart).toBeInstanceOf(UnsupportedTimestampError);
    expect(noStart.message).toBe('Timeline.json line 1: "semanticSegments[0].startTime" has no timestamp');
  });

  it('parseLatLng', () => {
    expect(parseLatLng('51.5007°, -0.1246°')).toEqual({ lat: 51.5007, lon: -0.1246 });
    expect(parseLatLng('geo:40.712776,-74.005974')).toEqual({ lat: 40.712776, lon: -74.005974 });
    expect(parseLatLng('geo:40.7,-74.0;u=35')).toEqual({ lat: 40.7, lon: -74 });
    for (const bad of ['', 'geo:', '91°, 0°', '0°, 181°', '1,2,3', 'a,b', 42, null]) expect(parseLatLng(bad)).toBeNull();
  });
});
