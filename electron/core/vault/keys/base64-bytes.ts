import { z } from 'zod';

/**
 * A zod string schema for standard base64 that decodes to between `min` and
 * `max` bytes. Non-canonical encodings are rejected so that one byte string
 * has exactly one spelling in the key file.
 */
export function base64Bytes(min: number, max: number = min): z.ZodString {
  return z.string().refine(
    (s) => {
      if (s.length > Math.ceil(max / 3) * 4) return false;
      const bytes = Buffer.from(s, 'base64');
      return bytes.toString('base64') === s && bytes.length >= min && bytes.length <= max;
    },
    { message: min === max ? `must be base64 of ${min} bytes` : `must be base64 of ${min}..${max} bytes` },
  );
}

export function fromBase64(s: string): Buffer {
  return Buffer.from(s, 'base64');
}
