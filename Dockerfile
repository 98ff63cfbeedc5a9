# Accord: the API, both sockets and the built client in one process.
FROM node:20-bookworm-slim
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY packages ./packages
COPY server/package.json ./server/
COPY client/package.json ./client/
COPY test/package.json ./test/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0 DATA_DIR=/data
EXPOSE 3000
VOLUME /data
CMD ["node", "--import", "tsx", "server/src/main.ts"]
