import type { Connection } from '../store/database.js';

/** One schema step. `up` runs inside the migration transaction. */
export interface Migration {
  /** 1, 2, 3… — equals the user_version the database has after it. */
  version: number;
  name: string;
  up(db: Connection): void;
}
