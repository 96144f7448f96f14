import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { createInProcessPubSub } from '../src/core/pubsub';
import { buildOnwardSchema, printOnwardSchema } from '../src/schema';

/** Writes schema/schema.graphql from the code; CI fails when the committed file differs. */
const file = path.join(__dirname, '..', 'schema', 'schema.graphql');
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, printOnwardSchema(buildOnwardSchema(createInProcessPubSub())));
console.log(`wrote ${path.relative(process.cwd(), file)}`);
