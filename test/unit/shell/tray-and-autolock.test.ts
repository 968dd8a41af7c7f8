/** The tray menu template for each state, and the auto-lock triggers. */
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));
const { trayMenuTemplate, trayTooltip } = await import('../../../electron/main/tray-menu.js');
const { startAutoLock } = await import('../../../electron/main/auto-lock.js');

const base = { unlocked: true, activeLeases: 2, pendingRequests: 0, paused: false, launchAtLogin: false };
function actions() {
  return { open: vi.fn(), lock: vi.fn(), unlock: vi.fn(), openRequests: vi.fn(), setPaused: vi.fn(), setLaunchAtLogin: vi.fn(), quit: vi.fn() };
}
const byId = (items: ReturnType<typeof trayMenuTemplate>, id: string) => items.find((i) => i.id === id);
const click = (item: { click?: unknown } | undefined) => (item!.click as () => void)();

describe('tray menu', () => {
  it('locked: lock state, open, unlock, launch at login, quit — and no lease details', () => {
    const a = actions();
    const items = trayMenuTemplate({ ...base, unlocked: false }, a);
    expect(items.filter((i) => i.id).map((i) => i.id)).toEqual(['status', 'open', 'unlock', 'launch-at-login', 'quit']);
    expect(byId(items, 'status')!.label).toBe('Locked');
    click(byId(items, 'unlock'));
    expect(a.unlock).toHaveBeenCalled();
    expect(trayTooltip({ ...base, unlocked: false })).toBe('Data Wallet — locked');
  });

  it('unlocked: counts, lock now, pause', () => {
    const a = actions();
    const items = trayMenuTemplate(base, a);
    expect(byId(items, 'status')!.label).toBe('Unlocked');
    expect(byId(items, 'leases')!.label).toBe('2 active leases');
    expect(byId(items, 'requests')).toMatchObject({ label: 'No requests waiting', enabled: false });
    expect(byId(items, 'pause')).toMatchObject({ type: 'checkbox', checked: false });
    click(byId(items, 'lock'));
    click(byId(items, 'pause'));
    expect(a.lock).toHaveBeenCalled();
    expect(a.setPaused).toHaveBeenCalledWith(true);
    expect(trayTooltip({ ...base, activeLeases: 1 })).toBe('Data Wallet — 1 active lease');
  });

  it('with pending requests: a review entry that opens them', () => {
    const a = actions();
    const items = trayMenuTemplate({ ...base, pendingRequests: 1 }, a);
    expect(byId(items, 'requests')).toMatchObject({ label: 'Review 1 request…', enabled: true });
    click(byId(items, 'requests'));
    expect(a.openRequests).toHaveBeenCalled();
    expect(trayTooltip({ ...base, pendingRequests: 3 })).toBe('Data Wallet — 2 active leases, 3 requests waiting');
  });

  it('paused: checked, and clicking resumes; launch at login toggles', () => {
    const a = actions();
    const items = trayMenuTemplate({ ...base, paused: true, launchAtLogin: true }, a);
    expect(byId(items, 'pause')!.checked).toBe(true);
    click(byId(items, 'pause'));
    expect(a.setPaused).toHaveBeenCalledWith(false);
    click(byId(items, 'launch-at-login'));
    expect(a.setLaunchAtLogin).toHaveBeenCalledWith(false);
    click(byId(items, 'quit'));
    expect(a.quit).toHaveBeenCalled();
    expect(trayTooltip({ ...base, paused: true })).toContain('all leases paused');
  });
});

describe('auto-lock', () => {
  function setup(idleMinutes: number) {
    const power = Object.assign(new EventEmitter(), { idle: 0, getSystemIdleTime: () => power.idle });
    const state = { unlocked: true };
    const lock = vi.fn(async () => {
      state.unlocked = false;
    });
    let tick: () => void = () => {};
    const auto = startAutoLock({
      power,
      lock,
      isUnlocked: () => state.unlocked,
      idleMinutes,
      setInterval: (fn) => {
        tick = fn;
        return 1;
      },
      clearInterval: () => {},
    });
    return { power, state, lock, auto, tick: () => tick() };
  }
  const settle = () => new Promise((r) => setTimeout(r, 0));

  it('locks after the idle time, not before', async () => {
    const s = setup(5);
    s.power.idle = 299;
    s.tick();
    await settle();
    expect(s.lock).not.toHaveBeenCalled();
    s.power.idle = 300;
    s.tick();
    await settle();
    expect(s.lock).toHaveBeenCalledWith('idle');
  });

  it('locks on screen lock and on suspend', async () => {
    for (const event of ['lock-screen', 'suspend'] as const) {
      const s = setup(0);
      s.power.emit(event);
      await settle();
      expect(s.lock).toHaveBeenCalledWith(event);
    }
  });

  it('does nothing while locked, with idle locking off, or once stopped', async () => {
    const s = setup(0);
    s.power.idle = 1e9;
    s.tick();
    s.state.unlocked = false;
    s.power.emit('suspend');
    await settle();
    expect(s.lock).not.toHaveBeenCalled();
    const t = setup(1);
    t.auto.stop();
    t.power.emit('lock-screen');
    await settle();
    expect(t.lock).not.toHaveBeenCalled();
    expect(t.power.listenerCount('lock-screen')).toBe(0);
  });

  it('a new idle time applies at once; nonsense values turn idle locking off', async () => {
    const s = setup(60);
    s.power.idle = 120;
    s.tick();
    await settle();
    expect(s.lock).not.toHaveBeenCalled();
    s.auto.setIdleMinutes(Number.NaN);
    s.tick();
    s.auto.setIdleMinutes(2);
    s.tick();
    await settle();
    expect(s.lock).toHaveBeenCalledTimes(1);
  });
});

describe('tray menu without "pause all leases"', () => {
  it('hides the pause entry when the core does not offer it', () => {
    const items = trayMenuTemplate({ ...base, canPause: false }, actions());
    expect(items.find((i) => i.id === 'pause')).toBeUndefined();
    expect(items.find((i) => i.id === 'leases')).toBeDefined();
  });
});
