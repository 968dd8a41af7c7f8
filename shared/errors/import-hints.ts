/**
 * What front ends need to word the importers' errors their own way. Core
 * hints describe the action in words, never a front end's syntax; a front
 * end maps codes (and, for IMPORT_MAPPING, the mapping field) to its own
 * controls: the CLI to its flags (electron/cli/wording.ts), the GUI to its
 * pickers.
 */

/** Sentences of the importers' hints that a front end may reword. */
export const CHOOSE_FORMAT_SENTENCE = "If the file is one of them, choose it as the file's format.";
export const CHOOSE_OTHER_FORMAT_SENTENCE = "if it is a different format, choose that as the file's format.";
export const CHOOSE_TIME_COLUMN_SENTENCE = 'If the wrong column was taken as the time, choose the right one (and its time format).';
export const CHOOSE_VALUE_FIELDS_SENTENCE = 'Choose the value fields to import, or give every object the same fields.';

/** Which part of a CSV/JSON mapping a person has to choose or fix. */
export const MAPPING_FIELDS = ['kind', 'timestamp', 'timestampEnd', 'value', 'format', 'timeFormat'] as const;
export type MappingField = (typeof MAPPING_FIELDS)[number];

const FIELD_DETAIL = /(?:^|; )field=([A-Za-z]+)(?:;|$)/;

/** The `details` part that names a mapping field (`field=<name>`). */
export const mappingFieldDetail = (field: MappingField): string => `field=${field}`;

/**
 * The mapping field an IMPORT_MAPPING error is about, read from its
 * `details` (`field=<name>`), so it survives serialisation
 * (`{ code, message, hint, details }`).
 */
export function mappingFieldOf(e: { details?: string | undefined }): MappingField | undefined {
  const m = e.details === undefined ? null : FIELD_DETAIL.exec(e.details);
  return m && (MAPPING_FIELDS as readonly string[]).includes(m[1]!) ? (m[1] as MappingField) : undefined;
}
