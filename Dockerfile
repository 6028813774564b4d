# Gantry's image: the API/webhook server (node dist/src/server/main.js) and the workers (the default command).
#   buildah bud --layers -t registry.example.com/gantry:0.1.0 .      (or docker build)
# The workflow code is bundled at build time (scripts/bundle-workflows.mjs): workers start without webpack, and every
# replica runs byte-identical workflow code. GANTRY_WORKFLOW_BUNDLE points the worker at it.
ARG NODE_IMAGE=docker.io/library/node:20.18.1-bookworm-slim
ARG GO_IMAGE=docker.io/library/golang:1.26-bookworm

# --- build: compile TypeScript, bundle the workflows ---------------------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: the postinstall fetches Temporal's dev-server binaries for `npm start` and tests, not needed here;
# no dependency needs its own install script (native parts ship prebuilt in their packages). `npm install` keeps the
# locked versions; `npm ci` would be stricter but refuses this lock file (it lacks other platforms' optional entries).
RUN npm install --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/bundle-workflows.mjs scripts/
COPY src/ src/
# tsconfig.build.json also includes bench/, which is not copied: tsc compiles what is there.
RUN npx tsc -p tsconfig.build.json
RUN node scripts/bundle-workflows.mjs dist/src/workflows/index.js dist/workflow-bundle.js

# --- tools: trivy (image scan gate) and oras (package artifacts), pinned as in scripts/build-{trivy,oras}.sh ----
FROM ${GO_IMAGE} AS tools
RUN CGO_ENABLED=0 GOEXPERIMENT=jsonv2 GOBIN=/out go install -trimpath -buildvcs=false \
      github.com/aquasecurity/trivy/cmd/trivy@v0.74.0 \
  && CGO_ENABLED=0 GOBIN=/out go install -trimpath -buildvcs=false oras.land/oras/cmd/oras@v1.3.6

# --- deps: production node_modules only -----------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm install --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# --- runtime --------------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE}
# git: checkouts and the GitOps repo; openssh-client: ssh remotes; tini: reaps the git/ssh children as PID 1.
RUN apt-get update \
  && apt-get install -y --no-install-recommends git openssh-client ca-certificates tini \
  && rm -rf /var/lib/apt/lists/* \
  && mkdir -p /var/lib/gantry /etc/gantry && chown node:node /var/lib/gantry
WORKDIR /app
COPY --from=deps /src/node_modules node_modules
# Found on PATH by the worker (GANTRY_TRIVY overrides trivy's path); trivy's database comes from GANTRY_TRIVY_CACHE_DIR.
COPY --from=tools /out/trivy /out/oras /usr/local/bin/
COPY --from=build /src/dist/src dist/src
COPY --from=build /src/dist/workflow-bundle.js dist/workflow-bundle.js
COPY package.json ./
ENV NODE_ENV=production \
    GANTRY_WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js \
    GANTRY_DATA_DIR=/var/lib/gantry \
    GANTRY_CATALOG=/etc/gantry/catalog/catalog.yaml \
    GANTRY_HTTP_HOST=0.0.0.0 \
    GANTRY_METRICS_HOST=0.0.0.0
# 8088 API/webhooks (server), 9464 /metrics /healthz /readyz (all), 9465 Temporal SDK metrics (workers).
EXPOSE 8088 9464 9465
USER node
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/src/workers/main.js"]
