/**
 * The bounds every importer enforces while streaming, so that a damaged or
 * hostile file cannot make the wallet buffer without limit. Each is far
 * above what real exports hold (noted per limit); exceeding one is an
 * ImportLimitError with the position, and nothing of the file is kept.
 */

/** MetadataEntry children of one Apple Health Record/Workout (real: < 30). */
export const MAX_META_ENTRIES = 1000;
/** Characters of keys and values in one record's meta (real: < 4 KiB). */
export const MAX_META_CHARS = 256 * 1024;
/** One XML tag with its attributes, a DOCTYPE, or a processing instruction (real: < 2 KiB; Apple's DOCTYPE ~ 10 KiB). */
export const MAX_XML_MARKUP_CHARS = 1024 * 1024;
/** One run of text between two tags (real exports: whitespace only). */
export const MAX_XML_TEXT_CHARS = 1024 * 1024;
/** One XML comment or CDATA section. */
export const MAX_XML_COMMENT_CHARS = 1024 * 1024;
/** Object fields (at any depth) in one element of a generic JSON/NDJSON file. */
export const MAX_JSON_FIELDS_GENERIC = 10_000;
/** Object fields (at any depth) in one element of a Google location file (a month's timeline object with its paths). */
export const MAX_JSON_FIELDS_LOCATION = 200_000;
/** Distinct dataset kinds one import may write to (real Apple Health: ~150). */
export const MAX_DATASETS_PER_IMPORT = 1000;
/** One FHIR document of `clinical-records/` in an Apple Health export.zip (real: < 100 KiB; with an attached PDF a few MiB). */
export const MAX_CLINICAL_DOCUMENT_BYTES = 16 * 1024 * 1024;
/** Samples in one ECG of `electrocardiograms/` (real: 30 s at 512 Hz = 15,360). */
export const MAX_ECG_SAMPLES = 200_000;
/** One header line of an ECG file (real: < 100 characters). */
export const MAX_ECG_LINE_CHARS = 64 * 1024;
/** Entries one zip archive may list (a Google Photos Takeout part: ~100,000). */
export const MAX_ZIP_ENTRIES = 1_000_000;
/** Inflated / stored size of one zip entry (pretty-printed location JSON: ~10–30; deflate's own maximum is ~1030). */
export const MAX_ZIP_ENTRY_RATIO = 250;
/** Entries inflating to at most this many bytes are not held to the ratio (tiny files compress arbitrarily well). */
export const MAX_ZIP_RATIO_FREE_BYTES = 1024 * 1024;
/** Files one archive or folder may hold that need a look inside (.json files; one per photo in a Photos Takeout). */
export const MAX_ARCHIVE_CANDIDATES = 200_000;
/** Uncompressed bytes of all location files of one archive or folder (real: a few GB at most). */
export const MAX_ARCHIVE_BYTES = 32 * 1024 * 1024 * 1024;
/** Folder levels walked below an imported folder (Takeout: 5). */
export const MAX_FOLDER_DEPTH = 16;
