import 'reflect-metadata';
import { createInProcessPubSub } from '../src/core/pubsub';
import { buildExplorer } from '../src/explorer/explorer';
import { buildOnwardSchema, printOnwardSchema } from '../src/schema';

/**
 * Bundles the explorer page ahead of time, with the SDL of the schema built from this code
 * inside (the Docker image ships the bundle, not its sources, and never introspects).
 */
buildExplorer(undefined, printOnwardSchema(buildOnwardSchema(createInProcessPubSub()))).then(
  () => console.log('explorer bundled'),
  (err) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
