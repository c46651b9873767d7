# One image for every process of the platform; docker-compose.yml picks the process with `command`.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
COPY apps/web/package.json apps/web/
COPY apps/inventory/package.json apps/inventory/
COPY apps/orders/package.json apps/orders/
COPY packages/db/package.json packages/db/
COPY packages/env/package.json packages/env/
COPY packages/events/package.json packages/events/
COPY packages/jobs/package.json packages/jobs/
COPY packages/log/package.json packages/log/
COPY packages/trpc/package.json packages/trpc/
COPY e2e/package.json e2e/
COPY load/package.json load/
COPY tooling/eslint/package.json tooling/eslint/
COPY tooling/prettier/package.json tooling/prettier/
COPY tooling/typescript/package.json tooling/typescript/
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
RUN npm run build -w @ticketing/web

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1
COPY --from=build /app /app
# The services run their TypeScript with tsx; the web serves the Next build made above.
CMD ["npm", "run", "start", "-w", "@ticketing/web"]
