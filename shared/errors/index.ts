/** Errors shared by the core and every front end: the base class, the documented codes, the serialised form. */
export * from './wallet-error.js';
export * from './codes.js';
export * from './api-errors.js';
export * from './serialize.js';
export * from './import-hints.js';
