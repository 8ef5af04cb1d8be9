// `npm run demo`: builds the playground (scripts/build_playground.ts) and serves it on 127.0.0.1
// (PORT, default 5173). Offline by design: the page loads only files served here (no CDN).
import { ROOT } from './build_browser.js';
import { buildPlayground } from './build_playground.js';
import { DEMO_MOUNTS, serveStatic } from './static_server.js';

const port = Number(process.env.PORT ?? 5173);
await buildPlayground();
const server = await serveStatic(ROOT, DEMO_MOUNTS, port);
console.log(`tfjs-pinn playground: ${server.url}/playground/ (Ctrl-C to stop)`);
