import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { serveProbe } from './probe';

/** The framework ceiling: Apollo Server 5 + Express 5, same integration as Onward, `{ hello }`. */
async function main(): Promise<void> {
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer({
    typeDefs: 'type Query { hello: String! }',
    resolvers: { Query: { hello: () => 'world' } },
    csrfPrevention: true,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer })],
  });
  await apollo.start();
  app.use('/graphql', express.json({ limit: 100 * 1024 }), expressMiddleware(apollo));
  await new Promise<void>((r) => httpServer.listen(0, '127.0.0.1', r));
  serveProbe((httpServer.address() as AddressInfo).port, () => apollo.stop());
}

main().catch((err) => {
  console.error('hello-server failed:', err);
  process.exit(1);
});
