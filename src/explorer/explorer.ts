import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import type { Config } from '../core/config';
import type { Logger } from '../core/logger';

/** The project root: where package.json is, from src/ or from dist/src/. */
function projectRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

const root = projectRoot();
const clientDir = path.join(root, 'src', 'explorer', 'client');
export const explorerAssets = path.join(root, 'dist', 'explorer');

function newestMtime(dir: string): number {
  return Math.max(...fs.readdirSync(dir).map((f) => fs.statSync(path.join(dir, f)).mtimeMs));
}

/** What the bundle was built from: the schema's SDL, by hash. */
const stampFile = path.join(explorerAssets, 'schema.sha256');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Bundles GraphiQL and the page's code with esbuild, so that nothing is loaded from a CDN,
 * with the schema's SDL inside: the page never needs introspection, which production turns
 * off. Skipped when the bundle is newer than its sources and was built from this SDL; where
 * the sources are not shipped (the Docker image), the bundle made at build time is used.
 */
export async function buildExplorer(logger: Logger | undefined, sdl: string): Promise<void> {
  const bundle = path.join(explorerAssets, 'explorer.js');
  const hasSources = fs.existsSync(clientDir);
  if (fs.existsSync(bundle)) {
    const stamp = fs.existsSync(stampFile) ? fs.readFileSync(stampFile, 'utf8').trim() : '';
    if (!hasSources) {
      if (stamp !== sha256(sdl)) logger?.warn('the explorer bundle was built from another schema: rebuild the image');
      return;
    }
    if (stamp === sha256(sdl) && fs.statSync(bundle).mtimeMs >= newestMtime(clientDir)) return;
  }
  if (!hasSources)
    throw new Error('the explorer bundle is missing and its sources are not here (npm run build:explorer)');
  const started = Date.now();
  // A build-time tool (a devDependency, absent from the image): loaded only to build.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  await esbuild.build({
    entryPoints: [path.join(clientDir, 'explorer.tsx')],
    outdir: explorerAssets,
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    jsx: 'automatic',
    loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.svg': 'file', '.png': 'file' },
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
    plugins: [
      {
        // `import sdl from 'onward:schema'` in the page: the SDL of the server's schema.
        name: 'onward-schema',
        setup(build) {
          build.onResolve({ filter: /^onward:schema$/ }, () => ({ path: 'schema.graphql', namespace: 'onward' }));
          build.onLoad({ filter: /.*/, namespace: 'onward' }, () => ({ contents: sdl, loader: 'text' }));
        },
      },
    ],
  });
  fs.writeFileSync(stampFile, `${sha256(sdl)}\n`);
  logger?.info({ ms: Date.now() - started }, 'explorer bundled');
}

/** A 16×16 icon for the browser tab (the Onward green, a white arrow), made once as an ICO. */
function makeFavicon(): Buffer {
  const size = 16;
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const row = size - 1 - y; // ICO bitmaps run bottom-up
      const i = (row * size + x) * 4;
      const dx = Math.abs(x - 7.5);
      const inside = dx + Math.abs(y - 7.5) <= 8.5;
      const arrow = (y >= 3 && y <= 8 && dx <= y - 2.5) || (y > 8 && y <= 12 && dx <= 1.5);
      const [r, g, b] = arrow ? [255, 255, 255] : [46, 125, 90];
      pixels.set([b, g, r, inside ? 255 : 0], i); // BGRA
    }
  }
  const header = Buffer.alloc(6 + 16 + 40);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(1, 4); // one image
  header.writeUInt8(size, 6);
  header.writeUInt8(size, 7);
  header.writeUInt16LE(1, 10); // planes
  header.writeUInt16LE(32, 12); // bits per pixel
  const mask = Buffer.alloc(Math.ceil(size / 32) * 4 * size); // rows padded to 32 bits; alpha decides
  header.writeUInt32LE(40 + pixels.length + mask.length, 14);
  header.writeUInt32LE(22, 18);
  header.writeUInt32LE(40, 22); // BITMAPINFOHEADER
  header.writeInt32LE(size, 26);
  header.writeInt32LE(size * 2, 30); // colour and mask
  header.writeUInt16LE(1, 34);
  header.writeUInt16LE(32, 36);
  return Buffer.concat([header, pixels, mask]);
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Onward explorer</title>
<link rel="icon" href="/favicon.ico">
<link rel="stylesheet" href="/explorer/explorer.css">
</head>
<body>
<div id="root"></div>
<script src="/explorer/explorer.js"></script>
</body>
</html>
`;

/** Only the page's own assets; sockets back to this host; no framing. */
function contentSecurityPolicy(host: string | undefined): string {
  const safeHost = host && /^[\w.-]+(:\d+)?$/.test(host) ? host : null;
  const connect = ["'self'", ...(safeHost ? [`ws://${safeHost}`, `wss://${safeHost}`] : [])].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    // GraphiQL's editor and animations set inline style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src ${connect}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** GET /graphql from a browser serves GraphiQL; every other request goes on to the API. */
export function registerExplorer(app: Express, config: Config): void {
  if (!config.explorer) return;
  const favicon = makeFavicon();
  app.get('/favicon.ico', (_req, res) => {
    res.setHeader('cache-control', 'public, max-age=86400');
    res.type('image/x-icon').send(favicon);
  });
  app.use('/explorer', express.static(explorerAssets, { index: false, fallthrough: false, maxAge: '1h' }));
  app.get('/graphql', (req, res, next) => {
    if (req.accepts(['application/json', 'text/html']) !== 'text/html') return next();
    res.setHeader('content-security-policy', contentSecurityPolicy(req.headers.host));
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    res.type('html').send(PAGE);
  });
}
