// Files the browser build embeds with esbuild's binary loader.
declare module "*.bin" {
  const bytes: Uint8Array;
  export default bytes;
}
