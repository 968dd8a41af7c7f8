/** SQLite INTEGER bounds, bound as BigInt to stand for "no limit". */
export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;
