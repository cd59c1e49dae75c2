# One image recipe for the three services; docker-compose.yml picks a target per service.
#   gateway:   node --import tsx gateway/src/main.ts
#   pump:      node --import tsx pump/src/main.ts
#   dashboard: next start -H 0.0.0.0 -p 3000   (in dashboard/, after next build)
FROM node:20-bookworm-slim AS source
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
# Manifests first, so the dependency layer is rebuilt only when they change.
COPY package.json package-lock.json ./
COPY common/package.json common/
COPY gateway/package.json gateway/
COPY pump/package.json pump/
COPY dashboard/package.json dashboard/
RUN npm ci --no-audit --no-fund
COPY . .
RUN mkdir -p /data && chown node:node /data
ENV NODE_ENV=production TURNPIKE_DATA_DIR=/data

FROM source AS gateway
USER node
EXPOSE 8080
CMD ["node", "--import", "tsx", "gateway/src/main.ts"]

FROM source AS pump
USER node
CMD ["node", "--import", "tsx", "pump/src/main.ts"]

FROM source AS dashboard
RUN cd dashboard && ../node_modules/.bin/next build
USER node
WORKDIR /app/dashboard
EXPOSE 3000
CMD ["../node_modules/.bin/next", "start", "-H", "0.0.0.0", "-p", "3000"]
