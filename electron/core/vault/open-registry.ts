/**
 * Vault folders unlocked in this process, so that destroying one that is in
 * use is refused instead of deleting files under an open connection.
 */
const open = new Map<string, number>();

export function markVaultOpen(dir: string): void {
  open.set(dir, (open.get(dir) ?? 0) + 1);
}

export function markVaultClosed(dir: string): void {
  const n = (open.get(dir) ?? 0) - 1;
  if (n > 0) open.set(dir, n);
  else open.delete(dir);
}

export function isVaultOpen(dir: string): boolean {
  return open.has(dir);
}
