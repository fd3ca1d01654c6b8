# The course as one container: `docker compose --profile course up` runs it with the compose file's
# Redis (REDIS_URL=redis://redis:6379). Alone, `docker run -p 3000:3000 <image>` works too: without
# REDIS_URL the course starts a private redis-server inside the container.

# --- build: every dependency (devDependencies build the app), and better-sqlite3's native addon,
# compiled here for this Node and this Debian when no prebuilt binary fits.
FROM node:20-bookworm-slim AS build
RUN apt-get update \
	&& apt-get install -y --no-install-recommends python3 make g++ \
	&& rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY svelte.config.js vite.config.ts tsconfig.json ./
COPY src ./src
COPY content ./content
COPY static ./static
COPY scripts ./scripts
RUN npm run build && npm prune --omit=dev

# --- runtime: Node, the built app, the production dependencies (better-sqlite3 already compiled
# in the stage above, on the same base image), and redis-server for the lab demos, which start
# private servers of their own (the learners' data goes to REDIS_URL).
FROM node:20-bookworm-slim AS runtime
RUN apt-get update \
	&& apt-get install -y --no-install-recommends redis-server \
	&& rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production \
	PORT=3000 \
	ORIGIN=http://localhost:3000 \
	SHUTDOWN_TIMEOUT=8
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/build ./build
COPY --from=build /app/scripts/start.js ./scripts/start.js
# The image's own unprivileged user (uid 1000); lab servers work in /tmp.
USER node
EXPOSE 3000
# 200 while the course reaches Redis, 503 while it does not (the course reconnects by itself).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
	CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM (docker stop): requests in flight finish, every connection closes, exit within seconds.
STOPSIGNAL SIGTERM
CMD ["node", "scripts/start.js"]
