/** Files the owner takes out of the wallet (records exports, consent receipts), written atomically. */
export { writeStreamToFile, writeTextFile } from './export-to-file.js';
