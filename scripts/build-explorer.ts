import { buildExplorer } from '../src/explorer/explorer';

/** Bundles the explorer page ahead of time (the Docker image ships the bundle, not its sources). */
buildExplorer().then(
  () => console.log('explorer bundled'),
  (err) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
