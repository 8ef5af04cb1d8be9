// `npm run demo`: builds the browser bundle and serves the demo page on 127.0.0.1 (PORT, default 5173).
// Offline by design: the page loads only files served here (no CDN).
import { buildBrowser, ROOT } from './build_browser.js';
import { DEMO_MOUNTS, serveStatic } from './static_server.js';

const port = Number(process.env.PORT ?? 5173);
await buildBrowser();
const server = await serveStatic(ROOT, DEMO_MOUNTS, port);
console.log(`tfjs-pinn demo: ${server.url}/examples/browser/ (Ctrl-C to stop)`);
