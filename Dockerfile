# Build: compile TypeScript to dist/, and bundle the explorer with the schema's SDL inside.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# `npm install` from the lockfile (its versions): `npm ci` refuses this lockfile, which lacks
# the embedded PostgreSQL binaries of other platforms (optional, never needed here).
RUN npm install --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ormconfig.ts ./
COPY src ./src
COPY scripts ./scripts
COPY migrations ./migrations
RUN npm run build && npm run build:explorer

# Production dependencies only: no TypeScript, ts-node, esbuild, React or GraphiQL (devDependencies;
# --omit=optional too, or typeorm's optional peer ts-node keeps TypeScript in), and no embedded
# PostgreSQL (an optionalDependency: the image runs with DATABASE_URL).
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --omit=dev --omit=optional --no-audit --no-fund && npm cache clean --force

# Run: the compiled server as a non-root user.
FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=4000
WORKDIR /app
COPY --from=deps /app/package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# DATA_DIR (.data) must be the node user's to write, should anything be kept there.
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 4000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# node itself is PID 1's command: SIGTERM from `docker stop` reaches the server, which drains and exits 0.
# A larger young generation: a list page's short-lived objects die there instead of being
# promoted and collected again by full collections (see the README's performance section).
CMD ["node", "--max-semi-space-size=64", "dist/src/main.js"]
