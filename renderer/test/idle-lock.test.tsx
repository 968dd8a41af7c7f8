/** Browser mode's auto-lock: locks after the set minutes without input in the page; input postpones it; 0 or the desktop app turns it off. */
import { renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useIdleLock } from '../src/app/use-idle-lock.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('useIdleLock', () => {
  it('locks once after the idle minutes; activity starts the wait again', () => {
    const lock = vi.fn();
    renderHook(() => useIdleLock(5, true, lock));
    vi.advanceTimersByTime(4 * 60_000);
    window.dispatchEvent(new Event('keydown'));
    vi.advanceTimersByTime(4 * 60_000);
    expect(lock).not.toHaveBeenCalled();
    vi.advanceTimersByTime(60_000 + 15_000);
    expect(lock).toHaveBeenCalledTimes(1);
  });

  it('0 minutes, or not browser mode, never locks; unmounting stops it', () => {
    const lock = vi.fn();
    renderHook(() => useIdleLock(0, true, lock));
    renderHook(() => useIdleLock(5, false, lock));
    const { unmount } = renderHook(() => useIdleLock(1, true, lock));
    unmount();
    vi.advanceTimersByTime(60 * 60_000);
    expect(lock).not.toHaveBeenCalled();
  });
});
