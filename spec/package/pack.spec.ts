import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ROOT } from '../../scripts/build_browser.js';
import { skipReason } from '../helpers/console_guard.js';

// What a user gets from the registry: `npm pack` of this checkout (prepack
// builds dist/), installed into a fresh project beside the peer
// @tensorflow/tfjs, first browser-only, then with the Node extras (pngjs,
// cli-progress). Packages come from the npm cache when it has them
// (--prefer-offline; `npm install` here fills it), else from the registry;
// with neither, the specs are skipped with the reason printed.

/** npm's own variables from an enclosing `npm test` would leak into the nested npm commands. */
const ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')));
const INSTALL = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];
const TFJS_VERSION = JSON.parse(readFileSync(join(ROOT, 'node_modules', '@tensorflow', 'tfjs', 'package.json'), 'utf8')).version as string;

function run(cmd: string, args: string[], cwd: string): string {
  try {
    return execFileSync(cmd, args, { cwd, env: ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

// The same checks written once, then as ES module and CommonJS: partials of
// u = sin(x) e^t against the closed forms, and three training steps.
const CHECKS = `
  await pinn.initBackend('cpu', { log: false });
  const x = tf.tensor2d([[0.1], [0.7]]);
  const t = tf.tensor2d([[0.2], [0.3]]);
  const d = pinn.partials(({ x, t }) => tf.mul(tf.sin(x), tf.exp(t)), { x, t }, ['u_xx', 'u_xt']);
  const trainer = new pinn.Trainer(pinn.heat.problem(), { network: { hidden: [8, 8], seed: 2 }, sampling: { method: 'lhs', domain: 64, boundary: 16, seed: 3 }, adam: { steps: 3, lr: 1e-2 }, lbfgs: { steps: 0 } });
  const losses = [trainer.step().loss, trainer.step().loss, trainer.step().loss];
  trainer.dispose();
  console.log(JSON.stringify({ u_xx: Array.from(d.u_xx.dataSync()), u_xt: Array.from(d.u_xt.dataSync()), losses, runJob: typeof node.runJob, renderPlot: typeof node.renderPlot }));
`;
const ESM = `import * as tf from '@tensorflow/tfjs';\nimport * as pinn from 'tfjs-pinn';\nimport * as node from 'tfjs-pinn/node';\n${CHECKS}`;
const CJS = `const tf = require('@tensorflow/tfjs');\nconst pinn = require('tfjs-pinn');\nconst node = require('tfjs-pinn/node');\n(async () => {${CHECKS}})();`;

function checkOutput(stdout: string): void {
  const out = JSON.parse(stdout.trim().split('\n').at(-1)!);
  [0.1, 0.7].forEach((x, i) => {
    const t = [0.2, 0.3][i];
    expect(Math.abs(out.u_xx[i] + Math.sin(x) * Math.exp(t))).toBeLessThan(1e-5);
    expect(Math.abs(out.u_xt[i] - Math.cos(x) * Math.exp(t))).toBeLessThan(1e-5);
  });
  expect(out.losses.every(Number.isFinite)).toBe(true);
  expect(out.losses[2]).toBeLessThan(out.losses[0]);
  expect([out.runJob, out.renderPlot]).toEqual(['function', 'function']);
}

let tmp: string;
let app: string;
let tarball: string;
let files: string[] = [];
let unreachable: string | undefined;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'tfjs-pinn-pack-'));
  const packed = JSON.parse(run('npm', ['pack', '--json', '--silent', '--pack-destination', tmp], ROOT).replace(/^[^[]*/s, ''));
  tarball = join(tmp, packed[0].filename);
  files = packed[0].files.map((f: { path: string }) => f.path);
  app = join(tmp, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), `${JSON.stringify({ name: 'app', private: true }, null, 2)}\n`);
  try {
    run('npm', [...INSTALL, tarball, `@tensorflow/tfjs@${TFJS_VERSION}`], app);
  } catch (error) {
    const message = (error as Error).message;
    if (!/ENOTCACHED|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|network/i.test(message)) throw error;
    unreachable = `neither the npm cache nor the registry has the packages to install (${message.split('\n').find((l) => /ENOTCACHED|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|network/i.test(l))})`;
    skipReason(`spec/package/pack.spec.ts, the installs: ${unreachable}`);
    return;
  }
}, 600_000);

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('builds dist/ on prepack and ships the ESM, CommonJS, Node, bin and browser files, and no sources or specs but the addon\'s C file', () => {
    for (const f of ['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts', 'dist/cjs/index.js', 'dist/cjs/index.d.ts', 'dist/cjs/package.json', 'dist/node/index.js', 'dist/node/index.d.ts', 'dist/cjs/node/index.js', 'dist/node/bin.js', 'dist/browser/tfjs-pinn.js', 'dist/browser/tfjs-pinn.bundle.js', 'dist/browser/tfjs-backend-wasm.wasm']) {
      expect(files, f).toContain(f);
    }
    // Besides dist/: the OpenBLAS addon's C source, which `tfjs-pinn build-openblas` compiles where the package is installed.
    expect(files).toContain('native/openblas_gemm.c');
    expect(files.filter((f) => !f.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE', 'native/openblas_gemm.c'].includes(f))).toEqual([]);
    expect(readFileSync(join(ROOT, 'dist', 'node', 'bin.js'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('ships a standalone bundle of tfjs-core with the cpu and webgl backends, webgpu and wasm beside it, without tfjs-layers, -converter or -data', () => {
    const bundle = readFileSync(join(ROOT, 'dist', 'browser', 'tfjs-pinn.bundle.js'), 'utf8');
    // Measured 1.24 MB (webgl 328 kB, webgpu 281 kB, core 256 kB, wasm glue 136 kB, cpu 117 kB, library 64 kB),
    // then 1.38 MB once the data readers (papaparse, npyjs, fflate), geometry, the fused Taylor kernel and the
    // worker API joined the library; with all of @tensorflow/tfjs it was 1.61 MB. Since webgpu and wasm load
    // on demand from the files beside it: 0.99 MB. The ceiling (issue 22) leaves no room for tfjs-layers (about 600 kB).
    expect(bundle.length).toBeLessThanOrEqual(1_100_000);
    for (const f of ['dist/browser/tfjs-pinn.webgpu.js', 'dist/browser/tfjs-pinn.wasm-backend.js']) expect(files, f).toContain(f);
    expect(bundle).not.toMatch(/LayersModel|GraphModel|"Sequential"/);
  });
});

describe('the installed tarball', () => {
  it('installs no Node-only extra for a browser-only user (pngjs, cli-progress, vega are optional peers or gone)', (ctx) => {
    if (unreachable) return ctx.skip(unreachable);
    for (const name of ['pngjs', 'cli-progress', 'vega', 'vega-lite', '@tensorflow/tfjs-node']) expect(existsSync(join(app, 'node_modules', name)), name).toBe(false);
  });

  it('imports from an ES module: partials match the closed forms, training steps lower the loss', (ctx) => {
    if (unreachable) return ctx.skip(unreachable);
    writeFileSync(join(app, 'esm.mjs'), ESM);
    checkOutput(run(process.execPath, ['esm.mjs'], app));
  });

  it('requires from CommonJS (dist/cjs through the require condition)', (ctx) => {
    if (unreachable) return ctx.skip(unreachable);
    writeFileSync(join(app, 'cjs.cjs'), CJS);
    checkOutput(run(process.execPath, ['cjs.cjs'], app));
    expect(run(process.execPath, ['-p', "require.resolve('tfjs-pinn') + ' ' + require.resolve('tfjs-pinn/node')"], app).trim()).toBe(
      `${join(app, 'node_modules/tfjs-pinn/dist/cjs/index.js')} ${join(app, 'node_modules/tfjs-pinn/dist/cjs/node/index.js')}`,
    );
  });

  it('gives TypeScript the types of both entries, from an ES module and from CommonJS', (ctx) => {
    if (unreachable) return ctx.skip(unreachable);
    writeFileSync(join(app, 'types.mts'), `import { partials, type Inputs } from 'tfjs-pinn';\nimport { runJob, type JobSummary } from 'tfjs-pinn/node';\nexport const s: Promise<JobSummary> = runJob({ problem: 'heat', steps: 2 });\nexport { partials };\nexport type I = Inputs;\n`);
    writeFileSync(join(app, 'types.cts'), `import pinn = require('tfjs-pinn');\nimport node = require('tfjs-pinn/node');\nconst s: Promise<node.JobSummary> = node.runJob({ problem: 'heat', steps: 2 });\nexport = { partials: pinn.partials, s };\n`);
    // A wrong type must fail, or the check proves nothing.
    writeFileSync(join(app, 'wrong.mts'), `import { runJob } from 'tfjs-pinn/node';\nexport const n: number = runJob({ problem: 'heat' });\n`);
    const tsc = [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--strict', '--skipLibCheck', '--types', ''];
    run(process.execPath, [...tsc, 'types.mts', 'types.cts'], app);
    expect(() => run(process.execPath, [...tsc, 'wrong.mts'], app)).toThrow(/TS2322/);
  });

  it('bundles for the browser with esbuild against the browser condition, with no Node built-in reachable', async (ctx) => {
    if (unreachable) return ctx.skip(unreachable);
    writeFileSync(join(app, 'main.js'), `import { initBackend, partials } from 'tfjs-pinn';\nimport * as tf from '@tensorflow/tfjs';\nconsole.log(initBackend, partials, tf.sin);\n`);
    const nodeOnly = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    const result = await esbuild.build({ absWorkingDir: app, entryPoints: ['main.js'], bundle: true, write: false, platform: 'browser', format: 'esm', metafile: true, logLevel: 'silent' });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs, 'resolved to the browser library').toContain('node_modules/tfjs-pinn/dist/browser/tfjs-pinn.js');
    for (const [file, input] of Object.entries(result.metafile.inputs)) {
      if (file.startsWith('node_modules/tfjs-pinn/')) for (const imp of input.imports) expect(nodeOnly.has(imp.path), `${file} imports ${imp.path}`).toBe(false);
    }
    expect(inputs.filter((f) => /tfjs-pinn\/dist\/(node|cjs)\//.test(f) || /node_modules\/(pngjs|cli-progress)\//.test(f))).toEqual([]);
  });

  it("runs 'npx tfjs-pinn train' without the extras (no picture, saying how to get one), then with them", (ctx) => {
    if (unreachable) return ctx.skip(unreachable);
    const bare = run('npx', ['--no-install', 'tfjs-pinn', 'train', '--problem', 'heat', '--steps', '20'], app);
    expect(bare).toContain("npm install pngjs");
    const first = JSON.parse(readFileSync(join(app, 'results', 'heat', 'summary.json'), 'utf8'));
    expect(first).toMatchObject({ problem: 'heat', steps: 20, picture: null });

    run('npm', [...INSTALL, 'pngjs', 'cli-progress'], app);
    const out = run('npx', ['--no-install', 'tfjs-pinn', 'train', '--problem', 'heat', '--steps', '20'], app);
    expect(out).toContain('heat: relative L2 error');
    const summary = JSON.parse(readFileSync(join(app, 'results', 'heat', 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ problem: 'heat', steps: 20, picture: join('results', 'heat', 'heat.svg') });
    expect(Number.isFinite(summary.rel_l2)).toBe(true);
    const svg = readFileSync(join(app, 'results', 'heat', 'heat.svg'), 'utf8');
    expect(svg.length).toBeLessThanOrEqual(500_000);
    expect(svg.match(/data:image\/png;base64,/g)?.length).toBe(3);
    expect(readdirSync(join(app, 'results', 'heat')).sort()).toEqual(['checkpoint.json', 'heat.svg', 'loss.csv', 'model.json', 'summary.json']);
  });
});
