import { useEffect } from 'react';

const ACTIVITY = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * Browser mode's auto-lock: locks after `minutes` without keyboard or pointer
 * input in this page (the desktop app uses the system's idle time instead).
 * 0 or null turns it off. Checks every 15 s; activity only records a time.
 */
export function useIdleLock(minutes: number | null, enabled: boolean, lock: () => void, win: Window = window): void {
  useEffect(() => {
    if (!enabled || !minutes || minutes <= 0) return;
    let last = Date.now();
    const touch = () => {
      last = Date.now();
    };
    for (const e of ACTIVITY) win.addEventListener(e, touch, { passive: true });
    const timer = win.setInterval(() => {
      if (Date.now() - last >= minutes * 60_000) {
        last = Date.now();
        lock();
      }
    }, 15_000);
    return () => {
      win.clearInterval(timer);
      for (const e of ACTIVITY) win.removeEventListener(e, touch);
    };
  }, [minutes, enabled, lock, win]);
}
