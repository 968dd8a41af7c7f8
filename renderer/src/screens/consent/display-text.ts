/**
 * Requester-written text is shown as plain text, never as markup, and
 * cleaned of what could make it lie about itself on screen: bidirectional
 * overrides (which can reverse "moc.knab" into "bank.com"), zero-width and
 * other invisible characters, and line breaks in one-line fields.
 */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0]|\u17b4|\u17b5|\ufe00|\ufe01|\ufe02|\ufe03|\ufe04|\ufe05|\ufe06|\ufe07|\ufe08|\ufe09|\ufe0a|\ufe0b|\ufe0c|\ufe0d|\ufe0e|\ufe0f/gu;

export interface CleanText {
  text: string;
  /** True when something was removed: worth a warning. */
  altered: boolean;
}

export function cleanOneLine(raw: string, max = 120): CleanText {
  const stripped = raw.replace(INVISIBLE, '').replace(/[\r\n\t\u2028\u2029]+/g, ' ');
  const text = stripped.length > max ? `${stripped.slice(0, max - 1)}…` : stripped;
  return { text, altered: stripped !== raw };
}

export function cleanParagraphs(raw: string): CleanText {
  const stripped = raw.replace(INVISIBLE, '').replace(/\r\n?/g, '\n');
  return { text: stripped, altered: stripped !== raw.replace(/\r\n?/g, '\n') };
}
