# Accord: the API, both sockets and the built client in one process.
# Built in one stage (every dependency, the compilers), run in another: Node's current LTS,
# production dependencies only, the compiled server (server/dist) and client (client/dist), as
# the unprivileged `node` user. No TypeScript compiler or tsx in the image that runs.

# What both installs start from: the manifests, and a compiler for better-sqlite3 in case no
# prebuilt binary fits.
FROM node:24-bookworm-slim AS manifests
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY packages/domain/package.json packages/domain/
COPY packages/editor/package.json packages/editor/
COPY packages/evidence/package.json packages/evidence/
COPY packages/export/package.json packages/export/
COPY packages/protocol/package.json packages/protocol/
COPY server/package.json server/
COPY client/package.json client/
COPY test/package.json test/

# Every dependency, then `npm run build`: client/dist (Vite) and server/dist (esbuild, server/build.mjs).
FROM manifests AS build
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# What the compiled server imports at run time: the production dependencies (the workspace
# packages' code is bundled into server/dist, their npm packages are not). Installed afresh
# rather than pruned, so nothing built for development stays. npm ci installs every workspace's
# production dependencies, the client's too (~25 MB the server never loads). The links to the
# workspace packages go: their sources are not in the image.
FROM manifests AS production-dependencies
RUN npm ci --omit=dev --no-audit --no-fund && rm -rf node_modules/@accord

FROM node:24-bookworm-slim
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0 DATA_DIR=/data
WORKDIR /app
# Owned by root and read-only to the server: only /data is its to write.
COPY --from=production-dependencies /app/node_modules ./node_modules
# The package.json files say "type": "module", which makes server/dist's .js files ES modules.
COPY --from=build /app/package.json ./
COPY --from=build /app/server/package.json ./server/
COPY --from=build /app/server/dist ./server/dist
COPY --from=build /app/client/dist ./client/dist
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
VOLUME /data
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The first account of an invite-only server:
#   docker compose exec app1 node server/dist/createAccount.js --email you@example.org --name "Your Name"
CMD ["node", "server/dist/main.js"]
