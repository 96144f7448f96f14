import 'reflect-metadata';
import { Session } from 'node:inspector/promises';
import { startKeptApp } from './kept-app';
import { ONWARD } from './queries';
import { gql } from './util';

/**
 * Where one read's allocations come from, by package (short-lived ones included), on a kept
 * bench database: a sampling heap profile over sequential requests in this process.
 *   node -r ts-node/register/transpile-only bench/lib/alloc-read.ts moderation [requests]
 * SURVIVORS=1 counts only what outlived a young-generation collection: what the scavenger copied.
 */
async function main(): Promise<void> {
  const app = await startKeptApp();

  try {
    const which = process.argv[2] ?? 'moderation';
    const n = Number(process.argv[3] ?? 300);
    const [member] = await app.ds.query(`SELECT email FROM users WHERE role = $1 ORDER BY email LIMIT 1`, [
      which === 'moderation' ? 'COORDINATOR' : 'MEMBER',
    ]);
    const auth = await app.services.accounts.logIn(
      { email: member.email, password: 'bench-password-2026' },
      '127.0.0.1',
    );
    const [{ id: threadId }] = await app.ds.query(
      `SELECT thread_id AS id FROM posts GROUP BY thread_id ORDER BY count(*) DESC LIMIT 1`,
    );
    const query = (ONWARD as Record<string, string>)[which];
    const endpoint = `http://127.0.0.1:${app.port}/graphql`;
    const one = () => gql(endpoint, query, { id: threadId }, { authorization: `Bearer ${auth.token}` });
    for (let i = 0; i < 200; i++) await one();
    const session = new Session();
    session.connect();
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 4096,
      includeObjectsCollectedByMajorGC: true,
      // SURVIVORS=1: only what outlived a young-generation collection (promoted, then old garbage).
      includeObjectsCollectedByMinorGC: process.env.SURVIVORS !== '1',
    } as never);
    for (let i = 0; i < n; i++) await one();
    const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: { head: Node } };
    session.disconnect();
    interface Node {
      callFrame: { functionName: string; url: string; lineNumber: number };
      selfSize: number;
      children: Node[];
    }
    // Client-side frames (fetch) are this process's own: leave them out.
    const byPkg = new Map<string, number>();
    const byFn = new Map<string, number>();
    let total = 0;
    const walk = (node: Node, client: boolean) => {
      const u = node.callFrame.url;
      const isClient = client || /undici|bench\/lib\/util/.test(u) || node.callFrame.functionName === 'fetch';
      if (!isClient && node.selfSize) {
        const pkg = u.includes('node_modules/')
          ? u
              .split('node_modules/')
              .pop()!
              .split('/')
              .slice(0, u.includes('node_modules/@') ? 2 : 1)
              .join('/')
          : u.includes('/src/')
            ? 'onward src'
            : u || node.callFrame.functionName || '(vm)';
        byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + node.selfSize);
        const fn = `${node.callFrame.functionName || '(anon)'} ${u.split('/').slice(-2).join('/')}:${node.callFrame.lineNumber}`;
        byFn.set(fn, (byFn.get(fn) ?? 0) + node.selfSize);
        total += node.selfSize;
      }
      for (const c of node.children) walk(c, isClient);
    };
    walk(profile.head, false);
    console.log(`${which}: ${(total / n / 1024).toFixed(0)} KiB allocated per request (server side, sampled)`);
    const top = (m: Map<string, number>, k: number) =>
      [...m]
        .sort((a, b) => b[1] - a[1])
        .slice(0, k)
        .forEach(([name, bytes]) =>
          console.log(
            `${((100 * bytes) / total).toFixed(1).padStart(5)}%  ${(bytes / n / 1024).toFixed(1).padStart(7)} KiB  ${name}`,
          ),
        );
    console.log('by package:');
    top(byPkg, 15);
    console.log('by function:');
    top(byFn, 30);
  } finally {
    await app.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
