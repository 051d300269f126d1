# One image for every process of the system; docker-compose.yml picks the entry point per service:
#   gateway  node dist/apps/gateway/main.js   (the default CMD)
#   worker   node dist/apps/worker/main.js
#   migrate  node dist/tools/migrate.js       (one-shot: migrations + Temporal search attributes)
#
# Node 20.19 or newer is required: NestJS 12 is ESM-only and is loaded through require(esm).
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# Dependencies first, so a source change does not reinstall them.
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY apps ./apps
COPY workflows ./workflows
COPY activities ./activities
COPY libs ./libs
COPY tools ./tools
RUN npm run build && npm prune --omit=dev

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Chinese glyphs for certificate PDFs (CERTIFICATE_FONT_PATH defaults to this package's Noto Sans CJK).
RUN apt-get update \
  && apt-get install -y --no-install-recommends fonts-noto-cjk \
  && rm -rf /var/lib/apt/lists/*
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
# The worker bundles dist/workflows with webpack at start; it only needs read access.
COPY --from=build /app/dist ./dist
# Uploaded material files (FILE_STORE_DIR); owned by node so a volume mounted here is writable.
RUN mkdir -p /var/lib/onestop/files && chown -R node:node /var/lib/onestop
USER node
EXPOSE 3000
# Node flags of the gateway: libs/config/node-flags.ts.
CMD ["node", "--max-semi-space-size=64", "--no-allocation-site-pretenuring", "dist/apps/gateway/main.js"]
