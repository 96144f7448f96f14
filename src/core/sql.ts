import { createHash } from 'node:crypto';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';

/**
 * A piece of SQL and its parameters. Values interpolated into the `sql` template become
 * numbered parameters; nested `Sql` pieces are spliced in with their own parameters
 * renumbered. Nothing a caller passes is ever pasted into the text.
 */
export class Sql {
  constructor(
    readonly strings: readonly string[],
    readonly values: readonly unknown[],
  ) {}

  /** The text with `$1 …` placeholders and the flat parameter list. */
  build(): { text: string; values: unknown[] } {
    const values: unknown[] = [];
    const text = this.render(values);
    return { text, values };
  }

  private render(values: unknown[]): string {
    let text = this.strings[0];
    for (let i = 0; i < this.values.length; i++) {
      const v = this.values[i];
      if (v instanceof Sql) text += v.render(values);
      else if (v instanceof Identifier) text += v.quoted;
      else {
        values.push(v);
        text += `$${values.length}`;
      }
      text += this.strings[i + 1];
    }
    return text;
  }
}

class Identifier {
  constructor(readonly quoted: string) {}
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** Builds parameterised SQL: sql`SELECT … WHERE id = ${id} AND ${fragment}`. */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  return new Sql(strings, values);
}

/** Joins fragments with a separator (itself SQL text, never a value). */
sql.join = (parts: readonly Sql[], separator: string): Sql => {
  if (!parts.length) return sql``;
  const strings = ['', ...parts.slice(1).map(() => separator), ''];
  return new Sql(strings, parts);
};

/** A table or column name from code (never from input): checked, then quoted. */
sql.ident = (name: string): Identifier => {
  if (!IDENTIFIER.test(name)) throw new Error(`not an SQL identifier: ${name}`);
  return new Identifier(`"${name}"`);
};

/** An empty fragment, for optional conditions. */
sql.empty = new Sql([''], []);

type Runner = DataSource | EntityManager;

interface PgPool {
  query(config: {
    name?: string;
    text: string;
    values: unknown[];
  }): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

// Statement texts given a name, so that each pooled connection parses and plans them once.
// Bounded: a text made with a varying number of parameters would otherwise add names forever.
const STATEMENT_NAMES = new Map<string, string>();
const MAX_NAMED_STATEMENTS = 2000;

function statementName(text: string): string | undefined {
  let name = STATEMENT_NAMES.get(text);
  if (name === undefined && STATEMENT_NAMES.size < MAX_NAMED_STATEMENTS) {
    name = `onward_${createHash('sha1').update(text).digest('base64url')}`;
    STATEMENT_NAMES.set(text, name);
  }
  return name;
}

async function structured(db: Runner, q: Sql): Promise<{ records: unknown[]; affected: number }> {
  const { text, values } = q.build();
  if (db instanceof DataSource) {
    // Outside a transaction: straight to the pool as a prepared statement.
    const pool = (db.driver as unknown as { master: PgPool }).master;
    db.logger.logQuery(text, values);
    try {
      const result = await pool.query({ name: statementName(text), text, values });
      return { records: result.rows, affected: result.rowCount ?? 0 };
    } catch (err) {
      throw new QueryFailedError(text, values, err as Error);
    }
  }
  const manager = db;
  const ownRunner = !manager.queryRunner;
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const result = await runner.query(text, values, true);
    return { records: result.records ?? [], affected: result.affected ?? 0 };
  } finally {
    if (ownRunner) await runner.release();
  }
}

/** Runs a query and returns its rows, typed by the caller's row interface. */
export async function rows<Row>(db: Runner, q: Sql): Promise<Row[]> {
  return (await structured(db, q)).records as Row[];
}

/** The first row, or null. */
export async function one<Row>(db: Runner, q: Sql): Promise<Row | null> {
  return (await rows<Row>(db, q))[0] ?? null;
}

/** Runs a statement and returns how many rows it touched. */
export async function exec(db: Runner, q: Sql): Promise<number> {
  return (await structured(db, q)).affected;
}
