# One image recipe for every service: docker build --build-arg SERVICE=institution-registry .
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
ARG SERVICE=institution-registry
RUN npx nest build ${SERVICE} && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
ARG SERVICE=institution-registry
ENV SERVICE=${SERVICE}
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist/apps/${SERVICE} ./dist/apps/${SERVICE}
RUN mkdir -p /app/.local/keys && chown -R node:node /app/.local
USER node
EXPOSE 3000
CMD ["sh", "-c", "exec node --enable-source-maps dist/apps/${SERVICE}/main.js"]
