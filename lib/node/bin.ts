#!/usr/bin/env node
// The `tfjs-pinn` command of the installed package (package.json "bin").
import { runCli } from './cli.js';

process.exitCode = await runCli(process.argv.slice(2));
