# syntax=docker/dockerfile:1
# One image for every service. The process is chosen at run time by the command / k8s `args`, e.g.
#   node --import tsx services/auth/src/server.ts        (any HTTP service)
#   node --max-old-space-size=160 --import tsx services/stats/src/worker.ts   (BullMQ export worker)
#   sh -c "npm run db:migrate && npm run db:seed"        (one-shot migration + seed)
# The default CMD runs the gateway (8080), which also serves the web console from web/dist.
# The image also holds every process compiled to JavaScript (npm run build:services, dist/<service>/<entry>.mjs),
# which plain node runs without the tsx loader, e.g.
#   node --enable-source-maps dist/auth/server.mjs     node --enable-source-maps dist/stats/worker.mjs
#   node dist/db/migrate.mjs && node dist/db/seed.mjs
# (the bundles read files beside the sources, prisma/migrations and the like: the whole /app stays in the image).

# ---- manifests: only the files `npm ci` reads, so the dependency layer is reused across source edits
FROM node:20.20.2-bookworm-slim AS manifests
WORKDIR /src
COPY . .
RUN mkdir -p /out \
 && find . -name node_modules -prune -o -name package.json -print | xargs -I{} cp --parents {} /out \
 && cp package-lock.json /out/ \
 && cp -r scripts /out/scripts \
 && for f in prisma .npmrc prisma.config.ts prisma.config.mjs; do if [ -e "$f" ]; then cp -r "$f" /out/; fi; done

# ---- build: full install (dev deps included for the web build), then prune to production deps
FROM node:20.20.2-bookworm-slim AS build
# Toolchain for native addons that have no prebuilt binary for this platform.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=manifests /out/ ./
# postinstall generates the Prisma client (scripts/prisma-generate.mjs needs prisma/ and scripts/).
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY . .
RUN npm run build:web \
 && npm run build:services \
 && npm prune --omit=dev --no-audit --no-fund

# ---- runtime
FROM node:20.20.2-bookworm-slim AS runtime
# tini as PID 1: forwards SIGTERM for graceful shutdown and reaps children (ComfyUI processes).
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Code stays root-owned and read-only to the `node` user; only /data is writable (mount volumes there).
COPY --from=build /app ./
RUN install -d -o node -g node /data /data/exports /data/comfy /data/vectors
ENV HOST=0.0.0.0 \
    PORT=8080 \
    WEB_DIST=/app/web/dist \
    EXPORT_DIR=/data/exports \
    COMFY_DATA_DIR=/data/comfy \
    VECTOR_DATA_DIR=/data/vectors \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false
USER node
EXPOSE 8080 8081
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--import", "tsx", "services/gateway/src/server.ts"]
