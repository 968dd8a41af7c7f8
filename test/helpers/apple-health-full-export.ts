/** The full-export fixture (issue 13 §5) as an Apple Health export.zip. */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fixture, importerTmpDir } from './importer-collect.js';
import { buildZip, type ZipEntryInput } from './importer-zip.js';

export const FULL_EXPORT_DIR = fixture('apple-health/full-export');

function files(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));
}

/** The fixture folder as Apple zips it (export.xml first), plus files that are not imported and archive droppings. */
export function fullExportEntries(): ZipEntryInput[] {
  const rest = files(FULL_EXPORT_DIR).filter((f) => !f.endsWith('export.xml'));
  return [
    { name: 'apple_health_export/', data: '', store: true },
    { name: 'apple_health_export/export.xml', data: readFileSync(join(FULL_EXPORT_DIR, 'export.xml')) },
    { name: 'apple_health_export/export_cda.xml', data: '<?xml version="1.0"?><ClinicalDocument/>' },
    ...rest.map((f) => ({ name: `apple_health_export/${relative(FULL_EXPORT_DIR, f).split('\\').join('/')}`, data: readFileSync(f) })),
    { name: 'apple_health_export/vision-prescriptions/prescription-1.jpg', data: Buffer.from([0xff, 0xd8, 0xff, 0xe0]) },
    { name: 'apple_health_export/vision-prescriptions/prescription-2.JPG', data: Buffer.from([0xff, 0xd8, 0xff, 0xe1]) },
    { name: 'apple_health_export/.DS_Store', data: 'x' },
    { name: '__MACOSX/apple_health_export/._export.xml', data: 'x' },
  ];
}

/** Writes the zip to a new temp folder (removed by removeImporterTmpDirs) and returns its path. */
export function writeFullExportZip(): string {
  const path = join(importerTmpDir(), 'export.zip');
  writeFileSync(path, buildZip(fullExportEntries()));
  return path;
}
