import type { Connection, Statement } from './database.js';

/** Prepared statements of one connection, prepared once and reused. */
export class StatementCache {
  readonly #db: Connection;
  readonly #cache = new Map<string, Statement>();

  constructor(db: Connection) {
    this.#db = db;
  }

  get<P extends unknown[] = unknown[], R = unknown>(sql: string): Statement<P, R> {
    let stmt = this.#cache.get(sql);
    if (!stmt) {
      stmt = this.#db.prepare(sql);
      this.#cache.set(sql, stmt);
    }
    return stmt as unknown as Statement<P, R>;
  }
}
