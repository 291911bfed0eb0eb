// electron-builder `beforeBuild` hook: the app folder (dist/app) is self-contained — main and
// preload are bundled by esbuild, the renderer by vite — so there are no node_modules to
// install, rebuild or collect. Returning false tells electron-builder exactly that (without
// it, electron-builder 26 would pack the project's own node_modules into the app).
module.exports = async function beforeBuild() {
  return false;
};
