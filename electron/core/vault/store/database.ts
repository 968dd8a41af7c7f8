/**
 * The one place that names the SQLite binding. Everything else imports the
 * connection type from here so a change of binding touches one file.
 */
import Database from 'better-sqlite3-multiple-ciphers';

export type Connection = Database.Database;
export type Statement<P extends unknown[] = unknown[], R = unknown> = Database.Statement<P, R>;
export const SqliteError = Database.SqliteError;

export function connect(file: string, opts: { create: boolean }): Connection {
  return new Database(file, { fileMustExist: !opts.create });
}
