/**
 * Auto-lock: the wallet locks itself after a configurable idle time, when
 * the screen locks and when the computer suspends. Written against a small
 * power-monitor interface (Electron's `powerMonitor` fits) so the triggers
 * are testable without Electron.
 */
export interface PowerSource {
  on(event: 'lock-screen' | 'suspend', listener: () => void): unknown;
  removeListener(event: 'lock-screen' | 'suspend', listener: () => void): unknown;
  /** Seconds since the last keyboard or mouse input. */
  getSystemIdleTime(): number;
}

export type AutoLockReason = 'idle' | 'lock-screen' | 'suspend';

export interface AutoLockOptions {
  power: PowerSource;
  /** Locks the wallet (closes the vault and the chain client). */
  lock(reason: AutoLockReason): void | Promise<void>;
  isUnlocked(): boolean;
  /** Idle minutes before locking; 0 turns idle locking off (screen lock and suspend still lock). */
  idleMinutes: number;
  /** How often idle time is checked (default 15 s). */
  checkEverySeconds?: number;
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
}

export interface AutoLock {
  setIdleMinutes(minutes: number): void;
  /** Runs one idle check now (the timer calls this). */
  check(): void;
  stop(): void;
}

export const MAX_IDLE_MINUTES = 24 * 60;

export function startAutoLock(options: AutoLockOptions): AutoLock {
  const every = (options.checkEverySeconds ?? 15) * 1000;
  const setI = options.setInterval ?? ((fn, ms) => setInterval(fn, ms));
  const clearI = options.clearInterval ?? ((h) => clearInterval(h as ReturnType<typeof setInterval>));
  let idleMinutes = clamp(options.idleMinutes);
  let locking = false;

  function trigger(reason: AutoLockReason): void {
    if (locking || !options.isUnlocked()) return;
    locking = true;
    Promise.resolve()
      .then(() => options.lock(reason))
      .catch(() => {})
      .finally(() => {
        locking = false;
      });
  }
  const onLockScreen = () => trigger('lock-screen');
  const onSuspend = () => trigger('suspend');
  options.power.on('lock-screen', onLockScreen);
  options.power.on('suspend', onSuspend);

  function check(): void {
    if (idleMinutes === 0) return;
    if (options.power.getSystemIdleTime() >= idleMinutes * 60) trigger('idle');
  }
  const timer = setI(check, every);

  return {
    setIdleMinutes(minutes) {
      idleMinutes = clamp(minutes);
    },
    check,
    stop() {
      clearI(timer);
      options.power.removeListener('lock-screen', onLockScreen);
      options.power.removeListener('suspend', onSuspend);
    },
  };
}

function clamp(minutes: number): number {
  if (!Number.isFinite(minutes) || minutes <= 0) return 0;
  return Math.min(Math.round(minutes), MAX_IDLE_MINUTES);
}
