import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { MODULES } from '../src/modules';

const run = promisify(execFile);
const ROOT = path.join(__dirname, '..');
const DEPCRUISE = path.join(ROOT, 'node_modules', '.bin', 'depcruise');

async function depcruise(cwd: string): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout } = await run(DEPCRUISE, ['src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], {
      cwd,
    });
    return { ok: true, output: stdout };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('the shape of the code', () => {
  it('has no import cycle and no forbidden direction', async () => {
    const { ok, output } = await depcruise(ROOT);
    expect(output).not.toMatch(/error/);
    expect(ok).toBe(true);
  });

  it('the dependency check fails on a cycle, on core importing a module, and on a forbidden module direction', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onward-arch-'));
    try {
      fs.copyFileSync(path.join(ROOT, '.dependency-cruiser.cjs'), path.join(dir, '.dependency-cruiser.cjs'));
      fs.writeFileSync(
        path.join(dir, 'tsconfig.json'),
        JSON.stringify({ compilerOptions: { module: 'node16', moduleResolution: 'node16' } }),
      );
      const files: Record<string, string> = {
        'src/core/plumbing.ts': "import { user } from '../modules/accounts/user';\nexport const plumbing = user;\n",
        'src/modules/accounts/user.ts':
          "import { plumbing } from '../../core/plumbing';\nexport const user = plumbing;\n",
        'src/modules/accounts/reach.ts': "import { seat } from '../meetings/seat';\nexport const reach = seat;\n",
        'src/modules/meetings/seat.ts': 'export const seat = 1;\n',
      };
      for (const [file, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), text);
      }
      const { ok, output } = await depcruise(dir);
      expect(ok).toBe(false);
      expect(output).toContain('no-cycles');
      expect(output).toContain('core-is-plumbing');
      expect(output).toContain('module-accounts');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('every module is a folder with one descriptor, and every module folder is in the list', () => {
    const folders = fs.readdirSync(path.join(ROOT, 'src', 'modules')).sort();
    expect(MODULES.map((m) => m.name).sort()).toEqual(folders);
    for (const name of folders) expect(fs.existsSync(path.join(ROOT, 'src', 'modules', name, 'index.ts'))).toBe(true);
  });
});
