import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
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

/**
 * Bundles GraphiQL and the page's code with esbuild, so that nothing is loaded from a CDN.
 * Skipped when the bundle is newer than its sources (or when the sources are not shipped).
 */
export async function buildExplorer(logger?: Logger): Promise<void> {
  const bundle = path.join(explorerAssets, 'explorer.js');
  const hasSources = fs.existsSync(clientDir);
  if (fs.existsSync(bundle) && (!hasSources || fs.statSync(bundle).mtimeMs >= newestMtime(clientDir))) return;
  if (!hasSources) throw new Error('the explorer bundle is missing and its sources are not here');
  const started = Date.now();
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
  });
  logger?.info({ ms: Date.now() - started }, 'explorer bundled');
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Onward explorer</title>
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
  app.use('/explorer', express.static(explorerAssets, { index: false, fallthrough: false, maxAge: '1h' }));
  app.get('/graphql', (req, res, next) => {
    if (req.accepts(['application/json', 'text/html']) !== 'text/html') return next();
    res.setHeader('content-security-policy', contentSecurityPolicy(req.headers.host));
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    res.type('html').send(PAGE);
  });
}
