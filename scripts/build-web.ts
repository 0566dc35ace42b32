// Builds the browser files into dist/web/, or the folder given with --out.
// atariari.js is the library as one ES module (src/web/index.ts) with the
// built-in cartridge and the published scores inside. demo.js is the demo
// page's code, which imports ./atariari.js. index.html, style.css and
// atari.wasm are copied, the last from build/, so run `npm run build` first.
// Run it with `npm run build:web [-- --out DIR] [-- --minify]`; tests import
// buildWeb.
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build, type BuildOptions, type Plugin } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));

/** Folder `npm run build:web` writes and `npm run serve` serves. */
export const WEB_DIR = join(root, "dist", "web");

/** Options of {@link buildWeb}. */
export interface WebBuildOptions {
  out?: string;
  minify?: boolean;
}

// Library modules load Node built-ins for files and checkpoints on disk,
// which no page calls. Each import resolves to an object whose
// functions throw a clear error if a page does call one.
const nodeBuiltinsPlugin: Plugin = {
  name: "node-builtins",
  setup(context) {
    context.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: "node-builtin" }));
    context.onLoad({ filter: /.*/, namespace: "node-builtin" }, (args) => ({
      contents:
        `module.exports = new Proxy({}, { get: (_, name) => () => { throw new Error(` +
        `${JSON.stringify(args.path)} + "." + String(name) + " is not available in browsers"); } });`,
      loader: "js",
    }));
  },
};

// The demo imports the package entry from the library bundle at run time,
// so the page uses atariari.js exactly as a web app would.
const libraryExternalPlugin: Plugin = {
  name: "library-external",
  setup(context) {
    context.onResolve({ filter: /^\.\.\/index\.ts$/ }, (args) =>
      args.importer.includes(join("src", "web", "demo")) ? { path: "./atariari.js", external: true } : undefined,
    );
  },
};

/** Bundles the library and the demo page into `out` (default dist/web). */
export async function buildWeb(options: WebBuildOptions = {}): Promise<string> {
  const out = options.out ?? WEB_DIR;
  const wasm = join(root, "build", "atari.wasm");
  if (!existsSync(wasm)) {
    throw new Error(`${wasm} is missing; run \`npm run build\` first`);
  }
  mkdirSync(out, { recursive: true });
  const common: BuildOptions = {
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: options.minify ?? false,
    sourcemap: true,
    // Dawn's Node binding is loaded only when navigator.gpu is missing in Node.
    external: ["webgpu"],
    loader: { ".bin": "binary" },
    logLevel: "warning",
  };
  await build({
    ...common,
    entryPoints: [join(root, "src/web/index.ts")],
    outfile: join(out, "atariari.js"),
    plugins: [nodeBuiltinsPlugin],
  });
  await build({
    ...common,
    entryPoints: [join(root, "src/web/demo/main.ts")],
    outfile: join(out, "demo.js"),
    plugins: [libraryExternalPlugin, nodeBuiltinsPlugin],
  });
  for (const file of ["index.html", "style.css"]) {
    copyFileSync(join(root, "src/web/demo", file), join(out, file));
  }
  copyFileSync(wasm, join(out, "atari.wasm"));
  return out;
}

function parseArgs(argv: string[]): WebBuildOptions {
  const options: WebBuildOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--out" && argv[i + 1]) options.out = resolve(argv[++i]);
    else if (arg === "--minify") options.minify = true;
    else throw new Error(`unknown argument ${arg}; expected --out DIR or --minify`);
  }
  return options;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  try {
    const out = await buildWeb(parseArgs(process.argv.slice(2)));
    console.log(`build-web: wrote ${out}`);
  } catch (error) {
    console.error(`build-web: ${(error as Error).message}`);
    process.exit(1);
  }
}
