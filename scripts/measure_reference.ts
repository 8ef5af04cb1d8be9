// Re-measures every number in docs/reference-solutions.md: the Fourier ETDRK4
// references (lib/reference) against AC.mat, an exact KdV soliton, the KdV
// invariants, their own convergence in modes and dt, and their solve times.
//   npx tsx scripts/measure_reference.ts
// The solve times in headless Chromium too (Debian's /usr/bin/chromium, or CHROMIUM_PATH):
//   npx tsx scripts/measure_reference.ts --browser   (add --times-only to skip the accuracy tables)
// Optional cross-checks against jaxpi's chebfun files (not in this repository):
//   JAXPI_KDV_MAT=path/to/kdv.mat JAXPI_AC_MAT=path/to/allen_cahn.mat npx tsx scripts/measure_reference.ts
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';

import { parseMat } from '../lib/data/mat.js';
import { allenCahnReference, kdvEquation, kdvReference, ReferenceSolution, solveSemilinear } from '../lib/reference/index.js';

const AC_MAT = 'data/raissi/AC.mat';

/** Largest |a - b| and the relative L2 distance ‖a - b‖/‖b‖ over the grid. */
function distance(a: ArrayLike<number>, b: ArrayLike<number>): { max: number; rel: number } {
  let max = 0, num = 0, den = 0;
  for (let i = 0; i < b.length; i++) {
    const d = a[i] - b[i];
    max = Math.max(max, Math.abs(d));
    num += d * d;
    den += b[i] * b[i];
  }
  return { max, rel: Math.sqrt(num / den) };
}
const e = (v: number) => v.toExponential(2);
const row = (label: string, d: { max: number; rel: number }) => console.log(`| ${label} | ${e(d.max)} | ${e(d.rel)} |`);

/**
 * The median of `runs` calls: wall-clock seconds, and CPU seconds of this
 * process (what the solve costs alone; on a shared machine the wall clock also
 * counts the time other processes held the cores).
 */
function seconds(fn: () => unknown, runs = 3): string {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    const [t0, c0] = [performance.now(), process.cpuUsage()];
    fn();
    const c = process.cpuUsage(c0);
    wall.push((performance.now() - t0) / 1000);
    cpu.push((c.user + c.system) / 1e6);
  }
  const median = (v: number[]) => v.sort((a, b) => a - b)[Math.floor(runs / 2)].toFixed(2);
  return `${median(wall)} s wall, ${median(cpu)} s CPU`;
}

/** A jaxpi file (t [1,nt], x [1,nx], usol [nt,nx]) as the grid and u in our layout [nx, nt]. */
function jaxpiFile(path: string): ReferenceSolution {
  const m = parseMat(readFileSync(path), path);
  const [x, t, usol] = [m.x.data, m.t.data, m.usol.data];
  const u = new Float64Array(x.length * t.length);
  for (let j = 0; j < t.length; j++) for (let i = 0; i < x.length; i++) u[i * t.length + j] = usol[j * x.length + i];
  return { x, t, u };
}

console.log(`# measure_reference: ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? '?'}\n`);

/** Every accuracy number of the docs. */
function accuracy(): void {
  // Allen–Cahn against AC.mat
  const ac = parseMat(readFileSync(AC_MAT), 'AC.mat').uu.data;
  console.log('## Allen–Cahn against AC.mat (512 x 201 grid)\n\n| solve | max abs | rel L2 |\n|---|---|---|');
  row('allenCahnReference() (512 modes, dt 1e-3, no dealiasing)', distance(allenCahnReference().u, ac));
  row('512 modes, dt 1e-5, no dealiasing (AC.mat\'s own dt)', distance(allenCahnReference({ dt: 1e-5 }).u, ac));
  row('512 modes, dt 1e-3, dealiased', distance(allenCahnReference({ dealias: true }).u, ac));

  console.log('\n## Allen–Cahn: convergence in modes (dt 1e-3, dealiased), against 8192 modes\n\n| solve | max abs | rel L2 |\n|---|---|---|');
  const converged = allenCahnReference({ modes: 8192, dealias: true }).u;
  for (const modes of [512, 1024, 2048, 4096]) row(`${modes} modes`, distance(allenCahnReference({ modes, dealias: true }).u, converged));
  row('AC.mat', distance(ac, converged));

  console.log('\n## Allen–Cahn: convergence in dt (512 modes, t = 0.25, 0.5, 1), against dt = 1.25e-4\n\n| dt | max abs | rel L2 | ratio of max to the next dt |\n|---|---|---|---|');
  const acTimes = [0.25, 0.5, 1];
  const acFine = allenCahnReference({ dt: 1.25e-4, t: acTimes }).u;
  const acSteps = [2e-2, 1e-2, 5e-3, 2.5e-3, 1.25e-3].map((dt) => ({ dt, d: distance(allenCahnReference({ dt, t: acTimes }).u, acFine) }));
  acSteps.forEach(({ dt, d }, i) => console.log(`| ${dt} | ${e(d.max)} | ${e(d.rel)} | ${i + 1 < acSteps.length ? (d.max / acSteps[i + 1].d.max).toFixed(1) : ''} |`));

  // KdV against exact solitons
  console.log('\n## KdV: a soliton u = A sech²(√(A/12)/δ (x - x0 - A t/3)), δ = 0.022, on [-1, 1) periodic, t in [0, 1]\n\n| solve | max abs | rel L2 |\n|---|---|---|');
  const t = Float64Array.from({ length: 11 }, (_, j) => j / 10);
  for (const [A, x0] of [[1, -0.5], [2, 0.3]]) {
    const kappa = Math.sqrt(A / 12) / 0.022;
    const exact = (x: number, s: number) => {
      // the nearest periodic image of the crest (the others are below 1e-11 at these widths)
      const xi = ((((x - x0 - (A / 3) * s + 1) % 2) + 2) % 2) - 1;
      return A / Math.cosh(kappa * xi) ** 2;
    };
    const sol = solveSemilinear(kdvEquation(0.022, (x) => exact(x, 0)), { t, dt: 1e-4, modes: 256 });
    const ref = Float64Array.from(sol.u, (_, k) => exact(sol.x[Math.floor(k / t.length)], t[k % t.length]));
    row(`A = ${A}, x0 = ${x0}, 256 modes, dt 1e-4`, distance(sol.u, ref));
  }

  // KdV invariants on the kdv-zk problem
  console.log('\n## KdV (kdv-zk): drift of the invariants over t in [0, 1] (the defaults of kdvReference, output at the 512 points -1 + 2i/512 of [-1, 1)), relative to their values at t = 0\n');
  const grid = Float64Array.from({ length: 512 }, (_, i) => -1 + (2 * i) / 512);
  const zk = kdvReference({ x: grid });
  const nt = zk.t.length;
  const column = (j: number) => Float64Array.from(grid, (_, i) => zk.u[i * nt + j]);
  const invariants = (u: Float64Array) => {
    const n = u.length;
    const h = 2 / n;
    let mass = 0, momentum = 0, cubic = 0, slope = 0;
    for (const v of u) {
      mass += v * h;
      momentum += v * v * h;
      cubic += (v * v * v * h) / 3;
    }
    // ∫u_x² by Parseval on a direct DFT (an FFT-free check of the solver's FFTs)
    for (let k = 1; k < n / 2; k++) {
      let re = 0, im = 0;
      for (let i = 0; i < n; i++) {
        re += u[i] * Math.cos((2 * Math.PI * k * i) / n);
        im -= u[i] * Math.sin((2 * Math.PI * k * i) / n);
      }
      slope += 2 * (Math.PI * k) ** 2 * ((re * re + im * im) / (n * n)) * 2;
    }
    return [mass, momentum, cubic - 0.022 ** 2 * slope];
  };
  const start = invariants(column(0));
  const drift = [0, 0, 0];
  for (let j = 1; j < nt; j++) invariants(column(j)).forEach((v, q) => (drift[q] = Math.max(drift[q], Math.abs(v - start[q]) / (q === 0 ? 1 : Math.abs(start[q])))));
  console.log(`mass ∫u: ${e(start[0])} at t = 0, largest change ${e(drift[0])} (absolute, the integral is 0)`);
  console.log(`momentum ∫u²: ${start[1].toFixed(6)} at t = 0, largest relative change ${e(drift[1])}`);
  console.log(`energy ∫(u³/3 - δ² u_x²): ${start[2].toFixed(6)} at t = 0, largest relative change ${e(drift[2])}`);

  console.log('\n## KdV (kdv-zk): convergence, against 2048 modes and dt 2.5e-5 (dealiased), on the default 512 x 201 grid\n\n| solve | max abs | rel L2 |\n|---|---|---|');
  const kdvConverged = kdvReference({ modes: 2048, dt: 2.5e-5 }).u;
  for (const modes of [128, 256, 512]) row(`${modes} modes, dt 1e-4`, distance(kdvReference({ modes }).u, kdvConverged));
  for (const dt of [1e-3, 5e-4, 2e-4]) row(`256 modes, dt ${dt}`, distance(kdvReference({ dt }).u, kdvConverged));
  row('256 modes, dt 1e-4, no dealiasing', distance(kdvReference({ dealias: false }).u, kdvConverged));
  row('512 modes, dt 1e-4, no dealiasing', distance(kdvReference({ modes: 512, dealias: false }).u, kdvConverged));

  for (const [name, env, fn] of [['kdv.mat', 'JAXPI_KDV_MAT', kdvReference], ['allen_cahn.mat', 'JAXPI_AC_MAT', allenCahnReference]] as const) {
    const path = process.env[env];
    if (!path) continue;
    const file = jaxpiFile(path);
    console.log(`\n## jaxpi's ${name} (${file.x.length} x ${file.t.length}; chebfun spin, 511 points, dt 1e-5)\n\n| solve | max abs | rel L2 |\n|---|---|---|`);
    row(`${fn.name}({ x, t }) on its grid`, distance(fn({ x: file.x, t: file.t }).u, file.u));
  }
}

if (!process.argv.includes('--times-only')) accuracy();

console.log(`\n## Solve times (median of 3; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores when they started)\n`);
console.log(`allenCahnReference() (512 modes, dt 1e-3, 1000 steps): ${seconds(() => allenCahnReference())}`);
console.log(`kdvReference() (256 modes, dt 1e-4, 10000 steps, dealiased): ${seconds(() => kdvReference())}`);
console.log(`kdvReference({ modes: 512 }): ${seconds(() => kdvReference({ modes: 512 }))}`);
console.log(`kdvReference({ modes: 512, dealias: false }): ${seconds(() => kdvReference({ modes: 512, dealias: false }))}`);

if (process.argv.includes('--browser')) {
  // lib/reference bundled alone (fft.js inside), timed in a page: the same calls, median of 3.
  const bundle = await esbuild.build({ entryPoints: ['lib/reference/index.ts'], bundle: true, format: 'iife', globalName: 'reference', platform: 'browser', write: false, logLevel: 'warning' });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    await page.addScriptTag({ content: bundle.outputFiles[0].text });
    // A string, not a function: tsx would wrap a function's inner names in a helper the page lacks.
    const times: string[] = await page.evaluate(`(() => {
      const median = (fn) => {
        const v = [];
        for (let r = 0; r < 3; r++) {
          const t0 = performance.now();
          fn();
          v.push((performance.now() - t0) / 1000);
        }
        return v.sort((a, b) => a - b)[1].toFixed(2);
      };
      return [median(() => reference.allenCahnReference()), median(() => reference.kdvReference())];
    })()`);
    console.log(`\n## In headless Chromium ${browser.version()} (wall clock, median of 3)\n`);
    console.log(`allenCahnReference(): ${times[0]} s; kdvReference(): ${times[1]} s`);
  } finally {
    await browser.close();
  }
}
