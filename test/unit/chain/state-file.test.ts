import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareStateFile } from '../../../electron/core/chain/state-file.js';
import { makeTempDir } from '../../helpers/chain-fixture.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
function setup() {
  const dir = makeTempDir();
  dirs.push(dir);
  return { dir, state: join(dir, 'state.json'), backup: join(dir, 'state.json.bak') };
}

describe('prepareStateFile', () => {
  it('first start: nothing to do', () => {
    const { state } = setup();
    expect(prepareStateFile(state)).toEqual({ kind: 'none', fresh: true });
  });

  it('a sound state file is kept and becomes the backup', () => {
    const { state, backup } = setup();
    writeFileSync(state, '{"block":{}}');
    expect(prepareStateFile(state)).toEqual({ kind: 'none', fresh: false });
    expect(readFileSync(backup, 'utf8')).toBe('{"block":{}}');
  });

  it('a truncated state file is set aside and the backup restored', () => {
    const { dir, state, backup } = setup();
    writeFileSync(backup, '{"good":true}');
    writeFileSync(state, '{"block":{"num');
    const result = prepareStateFile(state, new Date('2026-01-02T03:04:05.678Z'));
    expect(result).toEqual({ kind: 'restored-backup', damagedFile: `${state}.damaged-2026-01-02T03-04-05-678Z` });
    expect(readFileSync(state, 'utf8')).toBe('{"good":true}');
    expect(readFileSync(`${state}.damaged-2026-01-02T03-04-05-678Z`, 'utf8')).toBe('{"block":{"num');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a damaged state file without a backup: the chain starts empty and the damaged file is kept', () => {
    const { state } = setup();
    writeFileSync(state, '');
    const result = prepareStateFile(state);
    expect(result.kind).toBe('reset');
    expect(existsSync(state)).toBe(false);
  });

  it('a missing state file with a backup: the backup is restored', () => {
    const { state, backup } = setup();
    writeFileSync(backup, '{"good":true}');
    expect(prepareStateFile(state)).toEqual({ kind: 'restored-backup', damagedFile: null });
    expect(existsSync(state)).toBe(true);
  });
});
