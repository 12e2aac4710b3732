/**
 * PostgreSQL for tests: a fresh database per app (created from the server at TEST_POSTGRES_URL, dropped
 * when the app closes). Without a reachable server the PostgreSQL tests are skipped with a printed reason
 * on a developer's machine, and fail in CI.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function postgresUnavailable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (e) {
    const reason = `PostgreSQL not reachable at ${TEST_POSTGRES_URL}: ${(e as Error).message} (set TEST_POSTGRES_URL, or start it: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start)`;
    if (process.env.CI) throw new Error(`PostgreSQL tests cannot run in CI: ${reason}`, { cause: e });
    console.warn(`\n  ⚠ Skipping PostgreSQL tests: ${reason}\n`);
    return reason;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database; returns its URL and a function that drops it. */
export async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `council_test_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`create database ${name}`));
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => dropDatabase(name),
  };
}

/**
 * Drops a test database once its clients have gone. Closed pools may still be finishing their goodbyes;
 * forcing the drop at once would kill those connections, and a client that is ending reports the
 * "terminating connection" error where nobody listens (an uncaught error in the test run). So: wait for
 * the connections to go (a bounded number of tries), and only then force what is left.
 */
async function dropDatabase(name: string): Promise<void> {
  await admin(async (c) => {
    for (let attempt = 0; attempt < 50; attempt++) {
      const open = await c.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
      if (open.rows[0].n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await c.query(`drop database if exists ${name} with (force)`);
  });
}
