import { PrimedLoader } from '../src/core/loaders';

/** A loader over a fixed table that records each batch it was asked for. */
function loader(table: Record<string, string>) {
  const batches: string[][] = [];
  const l = new PrimedLoader<string, string | null>(async (keys) => {
    batches.push([...keys]);
    return keys.map((k) => table[k] ?? null);
  });
  return { l, batches };
}

describe('PrimedLoader', () => {
  it('answers a primed key synchronously, and through load, without a batch', async () => {
    const { l, batches } = loader({ a: 'from the table' });
    l.prime('a', 'primed');
    expect(l.get('a')).toBe('primed');
    await expect(l.load('a')).resolves.toBe('primed');
    expect(batches).toEqual([]);
  });

  it('loads what was not primed, batched', async () => {
    const { l, batches } = loader({ a: 'A', b: 'B' });
    const [a, b] = [l.get('a'), l.get('b')];
    expect(a).toBeInstanceOf(Promise);
    await expect(Promise.all([a, b])).resolves.toEqual(['A', 'B']);
    expect(batches).toEqual([['a', 'b']]);
  });

  it('keeps the first value of a key, as DataLoader does', async () => {
    const { l } = loader({ a: 'loaded' });
    await l.load('a');
    l.prime('a', 'primed later');
    await expect(l.get('a')).resolves.toBe('loaded');
    l.prime('b', 'first');
    l.prime('b', 'second');
    expect(l.get('b')).toBe('first');
  });

  it('forgets a primed key on clear, and everything on clearAll', async () => {
    const { l } = loader({ a: 'A', b: 'B' });
    l.prime('a', 'primed');
    l.prime('b', 'primed');
    l.clear('a');
    await expect(l.get('a')).resolves.toBe('A');
    l.clearAll();
    await expect(l.get('b')).resolves.toBe('B');
  });
});
