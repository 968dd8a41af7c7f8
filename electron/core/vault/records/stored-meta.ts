/**
 * How a record's source and meta.device are stored since migration 007.
 *
 * Apple Health repeats the same `sourceName` and the same long device
 * description (`<<HKDevice: 0x…>, name:Apple Watch, manufacturer:…>`) in
 * every record: about 40% of a stored row. They live once in the `sources`
 * table; a record points at its (source, device) pair with `source_id`, and
 * its meta is stored without the `"device"` member, with `device_at` = the
 * UTF-16 offset in the stored meta where that member goes back:
 *
 *   full   {"HKMetadataKey…":"1","creationDate":"…","device":"<<HKDevice…>","sourceVersion":"10.2"}
 *   stored {"HKMetadataKey…":"1","creationDate":"…","sourceVersion":"10.2"}   device_at = offset of the `,` after "…"
 *
 * The member is removed with the comma before it (or, when it is the first
 * member, the comma after it), so `joinDevice` rebuilds exactly the
 * canonical JSON the content hash was computed over: reads and exports
 * return the same bytes as before. Only a string `device` is moved; any
 * other meta is stored whole (device_at null).
 */

export const DEVICE_KEY = 'device';
/** `"device":` as canonical JSON writes it. */
const DEVICE_MEMBER_PREFIX = `${JSON.stringify(DEVICE_KEY)}:`;

/** Canonical meta JSON without its device member, and where the member goes back. */
export interface SplitMeta {
  stored: string;
  deviceAt: number;
}

/** The canonical meta JSON `stored` with the device member (value `device`) put back at `deviceAt`. */
export function joinDevice(stored: string, deviceAt: number, device: string): string {
  const member = DEVICE_MEMBER_PREFIX + JSON.stringify(device);
  if (deviceAt > 1) return `${stored.slice(0, deviceAt)},${member}${stored.slice(deviceAt)}`;
  // First member: followed by a comma unless it is the only one (`{}` stored).
  return stored.length > 2 ? `{${member},${stored.slice(1)}` : `{${member}}`;
}

/**
 * Splits full canonical meta JSON whose device member (JSON text
 * `deviceMember` = `"device":"…"`) starts at `memberAt`: the inverse of
 * joinDevice.
 */
export function splitAt(full: string, memberAt: number, memberLength: number): SplitMeta {
  const end = memberAt + memberLength;
  if (memberAt > 1) return { stored: full.slice(0, memberAt - 1) + full.slice(end), deviceAt: memberAt - 1 };
  // First member: drop the comma after it, if any.
  return { stored: full[end] === ',' ? `{${full.slice(end + 1)}` : `{${full.slice(end)}`, deviceAt: 1 };
}

/** Length of the device member `"device":<json>` for a device string. */
export function deviceMemberLength(device: string): number {
  return DEVICE_MEMBER_PREFIX.length + JSON.stringify(device).length;
}
