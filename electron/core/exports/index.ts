/** Files the owner takes out of the wallet (consent receipts), written atomically. */
export { writeTextFile } from './export-to-file.js';
