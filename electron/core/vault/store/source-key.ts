/** The unique key of a (source, device) pair in `sources` (either may be null, which UNIQUE alone would not compare). */
export const sourceKey = (source: string | null, device: string | null): string => JSON.stringify([source, device]);
