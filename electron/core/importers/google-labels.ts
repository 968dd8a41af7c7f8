/**
 * One vocabulary for the labels Google's location exports write in three
 * spellings. The normalised form is Android's: upper case, words joined by
 * `_`. The importer keeps the label as written beside it (`…Original`) when
 * the two differ, so nothing is lost.
 *
 * | written by                         | activity               | place type                      |
 * | ---------------------------------- | ---------------------- | ------------------------------- |
 * | Android Timeline.json, Takeout     | `IN_PASSENGER_VEHICLE` | `HOME`, `INFERRED_HOME`         |
 * | iOS location-history.json          | `in passenger vehicle` | `Home`, `Inferred Home`         |
 * | Takeout Semantic Location History  | `IN_PASSENGER_VEHICLE` | `TYPE_HOME`, `TYPE_WORK`        |
 *
 * `Home` (a place the user labelled) stays `HOME` and `Inferred Home` (one
 * Google guessed) becomes `INFERRED_HOME`: the two mean different things,
 * so they are not merged.
 */

const SEPARATORS = /[\s\-_]+/gu;

/** `in passenger vehicle` → `IN_PASSENGER_VEHICLE`; `WALKING` stays; empty stays empty. */
export function normaliseActivityType(label: string): string {
  return label.trim().split(SEPARATORS).filter(Boolean).join('_').toUpperCase();
}

/** `Inferred Home` → `INFERRED_HOME`, `TYPE_WORK` → `WORK`, `Searched Address` → `SEARCHED_ADDRESS`. */
export function normalisePlaceType(label: string): string {
  let s = normaliseActivityType(label);
  while (s.startsWith('TYPE_') && s.length > 5) s = s.slice(5);
  return s;
}
