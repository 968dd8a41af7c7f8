/**
 * Profile facts (date of birth, biological sex, blood type, skin type,
 * wheelchair use, … from Apple Health's `<Me>`) are especially sensitive:
 * they identify a person far more than a step count does. They are stored
 * as their own datasets under the `profile.` prefix (`profile.dateOfBirth`,
 * `profile.biologicalSex`, …), never mixed into another kind.
 *
 * A lease covers a dataset only when it names that exact kind
 * ({@link leaseCoversKind}): there is no "all", no wildcard and no prefix
 * match, so a lease on other kinds can never include a profile fact; a
 * requester who wants one must list it, and the owner sees it listed.
 */

export const PROFILE_KIND_PREFIX = 'profile.';

/** True for the kinds of profile facts (`profile.*`). */
export function isProfileKind(kind: string): boolean {
  return kind.startsWith(PROFILE_KIND_PREFIX);
}

/**
 * Whether a lease that grants `granted` covers dataset `kind`: only when
 * `kind` is listed exactly. The one rule the lease gate and the training
 * features use.
 */
export function leaseCoversKind(granted: readonly string[], kind: string): boolean {
  return granted.includes(kind);
}
