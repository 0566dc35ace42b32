// `npm run serve`: serves the demo page and the browser bundle from
// dist/web on http://127.0.0.1:8080, after building them. Flags: --port N
// (0 picks a free port), --host ADDRESS (127.0.0.1 unless given; any other
// address exposes the page to that network), --no-build. Tests import
// startServer.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import { buildWeb, WEB_DIR } from "./build-web.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".map": "application/json",
  ".json": "application/json",
  ".png": "image/png",
  ".bin": "application/octet-stream",
};

/** A running static server and its address. */
export interface StaticServer {
  server: Server;
  origin: string;
  close(): Promise<void>;
}

/** Serves the files under `dir` (GET and HEAD only) on `host`:`port`. */
export async function startServer(dir: string, port = 8080, host = "127.0.0.1"): Promise<StaticServer> {
  const base = resolve(dir);
  const server = createServer((request, response) => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    const file = normalize(join(base, decodeURIComponent(path === "/" ? "/index.html" : path)));
    if (!file.startsWith(base + sep) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404, { "content-type": "text/plain" }).end(`not found: ${path}\n`);
      return;
    }
    response.writeHead(200, {
      "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream",
      "cache-control": "no-store",
    });
    response.end(request.method === "HEAD" ? undefined : readFileSync(file));
  });
  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen(port, host, done);
  });
  const address = server.address();
  const boundPort = typeof address === "object" && address ? address.port : port;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return {
    server,
    origin: `http://${shownHost}:${boundPort}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

interface ServeOptions {
  port: number;
  host: string;
  build: boolean;
}

function parseArgs(argv: string[]): ServeOptions {
  const options: ServeOptions = { port: 8080, host: "127.0.0.1", build: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--port") {
      const port = Number(argv[++i]);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new Error(`--port ${argv[i]} is invalid; give a port number from 0 to 65535`);
      }
      options.port = port;
    } else if (arg === "--host" && argv[i + 1]) {
      options.host = argv[++i];
    } else if (arg === "--no-build") {
      options.build = false;
    } else {
      throw new Error(`unknown argument ${arg}; expected --port N, --host ADDRESS or --no-build`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (options.build) {
    if (!existsSync(join(root, "build", "atari.wasm")) || !existsSync(join(root, "src", "gpu", "shaders.generated.ts"))) {
      execFileSync("npm", ["run", "--silent", "build"], { cwd: root, stdio: "inherit" });
    }
    await buildWeb();
  }
  let origin: string;
  try {
    ({ origin } = await startServer(WEB_DIR, options.port, options.host));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EADDRINUSE" && code !== "EADDRNOTAVAIL") throw error;
    throw new Error(`cannot listen on ${options.host}:${options.port} (${code}); pass --port with a free port, or 0 for any`);
  }
  if (!["127.0.0.1", "localhost", "::1"].includes(options.host)) {
    console.warn(`serve: listening on ${options.host}, so other machines on that network can open the page`);
  }
  console.log(`serve: ${WEB_DIR} at ${origin}/ (Ctrl-C stops)`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error: Error) => {
    console.error(`serve: ${error.message}`);
    process.exit(1);
  });
}
