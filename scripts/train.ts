// `npm start -- [options]`: the same command line as `npx tfjs-pinn train [options]`.
import { runCli } from '../lib/node/cli.js';

process.exitCode = await runCli(['train', ...process.argv.slice(2)]);
