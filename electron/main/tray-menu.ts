/**
 * The tray menu as a pure function of the wallet's state: what the agent
 * shows with no window open. main.ts turns it into a Menu and rebuilds it
 * whenever the state changes.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface TrayState {
  unlocked: boolean;
  activeLeases: number;
  pendingRequests: number;
  /** "Pause all leases": every data access blocked until resumed; nothing is revoked. */
  paused: boolean;
  launchAtLogin: boolean;
  /** Whether the core offers "pause all leases" (the menu hides it otherwise). */
  canPause?: boolean;
}

export interface TrayActions {
  open(): void;
  lock(): void;
  /** Opens the window on its unlock screen. */
  unlock(): void;
  openRequests(): void;
  setPaused(paused: boolean): void;
  setLaunchAtLogin(enabled: boolean): void;
  quit(): void;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function trayTooltip(state: TrayState): string {
  if (!state.unlocked) return 'Data Wallet — locked';
  const parts = [plural(state.activeLeases, 'active lease', 'active leases')];
  if (state.pendingRequests) parts.push(plural(state.pendingRequests, 'request waiting', 'requests waiting'));
  if (state.paused) parts.push('all leases paused');
  return `Data Wallet — ${parts.join(', ')}`;
}

export function trayMenuTemplate(state: TrayState, actions: TrayActions): MenuItemConstructorOptions[] {
  const items: MenuItemConstructorOptions[] = [
    { id: 'status', label: state.unlocked ? 'Unlocked' : 'Locked', enabled: false },
    { id: 'open', label: 'Open Data Wallet', click: () => actions.open() },
    state.unlocked
      ? { id: 'lock', label: 'Lock now', click: () => actions.lock() }
      : { id: 'unlock', label: 'Unlock…', click: () => actions.unlock() },
    { type: 'separator' },
  ];
  if (state.unlocked) {
    items.push(
      { id: 'leases', label: plural(state.activeLeases, 'active lease', 'active leases'), enabled: false },
      {
        id: 'requests',
        label: state.pendingRequests ? `Review ${plural(state.pendingRequests, 'request', 'requests')}…` : 'No requests waiting',
        enabled: state.pendingRequests > 0,
        click: () => actions.openRequests(),
      },
    );
    if (state.canPause !== false) {
      items.push({
        id: 'pause',
        label: 'Pause all leases',
        type: 'checkbox',
        checked: state.paused,
        click: () => actions.setPaused(!state.paused),
      });
    }
    items.push({ type: 'separator' });
  }
  items.push(
    {
      id: 'launch-at-login',
      label: 'Start at login',
      type: 'checkbox',
      checked: state.launchAtLogin,
      click: () => actions.setLaunchAtLogin(!state.launchAtLogin),
    },
    { id: 'quit', label: 'Quit Data Wallet', click: () => actions.quit() },
  );
  return items;
}
